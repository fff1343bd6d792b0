//! Query-time synonyms.
//!
//! A synonym file has one group per line, members separated by `,`, `#`
//! starting a comment line. A query word that equals a member (compared after
//! [`crate::analysis::normalize()`], case folding and removal of whitespace) is
//! searched as "any member of the group". The index is not touched, so editing
//! the file needs no rebuild. The default set is `dict/synonyms.txt`, compiled
//! in.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::index::facet_key::normalize_value;

/// The compiled-in default synonym file.
const BUILTIN: &str = include_str!("../../dict/synonyms.txt");

/// Errors of loading a synonym file.
#[derive(Debug, thiserror::Error)]
pub enum SynonymError {
    /// The file could not be read.
    #[error("synonym file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// Groups of interchangeable query words.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    /// Each group's members as written.
    groups: Vec<Vec<String>>,
    /// Normalised member → group index.
    by_key: HashMap<String, usize>,
}

/// The comparison key of a word.
fn key(word: &str) -> String {
    normalize_value(word)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

impl Synonyms {
    /// No synonyms.
    pub fn empty() -> Synonyms {
        Synonyms::default()
    }

    /// The default set from `dict/synonyms.txt`.
    pub fn builtin() -> Synonyms {
        Synonyms::parse(BUILTIN)
    }

    /// Reads a synonym file.
    pub fn load(path: &Path) -> Result<Synonyms, SynonymError> {
        let text = std::fs::read_to_string(path).map_err(|source| SynonymError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Synonyms::parse(&text))
    }

    /// Parses synonym text. Lines with fewer than two members are ignored; a
    /// word listed in two groups joins them into one.
    pub fn parse(text: &str) -> Synonyms {
        let mut syn = Synonyms::default();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let members: Vec<String> = line
                .split(',')
                .map(str::trim)
                .filter(|m| !key(m).is_empty())
                .map(str::to_string)
                .collect();
            if members.len() < 2 {
                continue;
            }
            syn.add_group(members);
        }
        syn
    }

    fn add_group(&mut self, members: Vec<String>) {
        let existing = members
            .iter()
            .find_map(|m| self.by_key.get(&key(m)).copied());
        let gi = match existing {
            Some(gi) => gi,
            None => {
                self.groups.push(Vec::new());
                self.groups.len() - 1
            }
        };
        for m in members {
            let k = key(&m);
            if let Some(&other) = self.by_key.get(&k) {
                if other != gi {
                    // Already in another group: leave it there rather than
                    // re-numbering, the overlap is rare and harmless.
                    continue;
                }
            }
            if let Some(group) = self.groups.get_mut(gi) {
                if !group.iter().any(|g| key(g) == k) {
                    group.push(m);
                }
            }
            self.by_key.insert(k, gi);
        }
    }

    /// Number of groups.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// True when there are no groups.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The group of `word` (including a member equal to `word`), if any.
    pub fn group(&self, word: &str) -> Option<&[String]> {
        let gi = *self.by_key.get(&key(word))?;
        self.groups.get(gi).map(Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_groups_parse() {
        let s = Synonyms::builtin();
        assert!(s.len() >= 25, "{}", s.len());
        let g = s.group("sns").unwrap();
        assert!(g.iter().any(|m| m == "ソーシャルメディア"));
        assert!(s.group("ＩＣＴ").is_some(), "width-insensitive");
        assert!(s.group("宮城").is_none());
    }

    #[test]
    fn comments_blank_lines_and_singletons_are_skipped() {
        let s = Synonyms::parse("# c\n\nA,B\nlonely\n , \nB,C\n");
        assert_eq!(s.len(), 1);
        assert_eq!(s.group("c").unwrap().len(), 3);
    }
}
