//! One result per initiative: hits that are the same initiative in several
//! editions, connected by the stored lineage links, collapse into one group.
//!
//! With [`Collapse::Lineage`] a search collects up to [`COLLAPSE_CAP`] ranked
//! hits, joins every two of them that are linked (predecessor or successor,
//! as stored with each record, also through linked records that do not
//! match, such as an edition in between), ranks each group by its best hit and pages
//! over groups. The group's best hit is the result; it carries the group's
//! editions, oldest first, each with what changed since the previous one
//! ([`crate::lineage::diff::changes`]). Facet counts stay per record.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use tantivy::{DocAddress, Searcher, TantivyDocument};

use super::collect::Rank;
use super::{Hit, QueryError};
use crate::index::SearchIndex;
use crate::lineage::diff::{changes, Changes};
use crate::lineage::{edition_year, RecordLineage};
use crate::plan::values::natural_key;
use crate::plan::Record;

/// Most ranked hits a collapsed search groups; matches beyond it are not
/// grouped (the response warns).
pub const COLLAPSE_CAP: usize = 2000;

/// Most records outside the hits looked up to join hits through them (an
/// edition in between that does not match the query).
pub const BRIDGE_LOOKUPS: usize = 500;

/// Whether hits of one initiative in several editions are shown as one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Collapse {
    /// Every matching record is a result (the default of the CLI and API).
    #[default]
    None,
    /// Records linked by lineage are one result (the default of the page).
    Lineage,
}

impl FromStr for Collapse {
    type Err = String;

    /// `lineage`, or `none` (also `off`, `0`, empty).
    fn from_str(s: &str) -> Result<Collapse, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "lineage" => Ok(Collapse::Lineage),
            "none" | "off" | "0" | "false" | "" => Ok(Collapse::None),
            _ => Err(format!("unknown collapse {s:?} (lineage, none)")),
        }
    }
}

impl fmt::Display for Collapse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Collapse::None => "none",
            Collapse::Lineage => "lineage",
        })
    }
}

impl From<Collapse> for String {
    fn from(c: Collapse) -> String {
        c.to_string()
    }
}

impl TryFrom<String> for Collapse {
    type Error = String;

    fn try_from(s: String) -> Result<Collapse, String> {
        s.parse()
    }
}

/// One edition of a collapsed result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EditionRef {
    /// Edition id.
    pub edition: String,
    /// Record id in that edition.
    pub id: String,
    /// Its title there.
    pub title: String,
    /// Physical page where it starts.
    pub page: u32,
    /// What changed since the previous edition listed (absent for the first,
    /// and when nothing the diff compares changed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<Changes>,
}

/// Groups of `neighbours.len()` ranked entries: entry `i` is linked to the
/// entries whose ids are in `neighbours[i]` (ids not among `ids` are
/// ignored). Each group lists entry indices in rank order; groups are ordered
/// by their best entry.
pub(crate) fn group(ids: &[String], neighbours: &[Vec<String>]) -> Vec<Vec<usize>> {
    let at: HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let mut parent: Vec<usize> = (0..ids.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (i, ns) in neighbours.iter().enumerate() {
        for n in ns {
            if let Some(&j) = at.get(n.as_str()) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                // The better-ranked entry stays the root.
                if a != b {
                    parent[a.max(b)] = a.min(b);
                }
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut slot: HashMap<usize, usize> = HashMap::new();
    for i in 0..ids.len() {
        let r = root(&mut parent, i);
        match slot.get(&r) {
            Some(&g) => groups[g].push(i),
            None => {
                slot.insert(r, groups.len());
                groups.push(vec![i]);
            }
        }
    }
    groups
}

/// The ids of a record's predecessors and successors.
fn linked_ids(lineage: Option<RecordLineage>) -> Vec<String> {
    lineage
        .map(|l| {
            l.predecessors
                .into_iter()
                .chain(l.successors)
                .map(|n| n.id)
                .collect()
        })
        .unwrap_or_default()
}

/// The editions of `members`, oldest first (by edition year, then id), each
/// with what changed since the one before.
pub(crate) fn editions(members: &[&Record]) -> Vec<EditionRef> {
    let mut sorted: Vec<&Record> = members.to_vec();
    sorted.sort_by_cached_key(|r| {
        (
            edition_year(&r.edition).unwrap_or(u32::MAX),
            r.edition.clone(),
            natural_key(&r.id),
        )
    });
    let mut out = Vec::with_capacity(sorted.len());
    for (i, r) in sorted.iter().enumerate() {
        let changes = i
            .checked_sub(1)
            .map(|p| changes(sorted[p], r))
            .filter(|c| *c != Changes::default());
        out.push(EditionRef {
            edition: r.edition.clone(),
            id: r.id.clone(),
            title: r.title.clone(),
            page: r.page,
            changes,
        });
    }
    out
}

impl SearchIndex {
    /// The page `offset..offset + limit` of groups of the ranked hits `top`,
    /// and the number of groups.
    pub(crate) fn collapsed_hits(
        &self,
        searcher: &Searcher,
        top: &[(Rank, DocAddress)],
        offset: usize,
        limit: usize,
        needles: &super::Needles,
        warnings: &mut Vec<String>,
    ) -> Result<(Vec<Hit>, usize), QueryError> {
        let mut ranked: Vec<(&Rank, Record)> = Vec::with_capacity(top.len());
        let mut neighbours = Vec::with_capacity(top.len());
        for (rank, address) in top {
            let doc: TantivyDocument = searcher.doc(*address)?;
            let Some(record) = self.stored_record(&doc) else {
                warnings.push(format!(
                    "a stored record at {address:?} is unreadable; skipped"
                ));
                continue;
            };
            let linked = linked_ids(self.stored_lineage(&doc));
            neighbours.push(linked);
            ranked.push((rank, record));
        }
        let mut ids: Vec<String> = ranked.iter().map(|(_, r)| r.id.clone()).collect();
        let hits_n = ids.len();
        self.add_bridges(&mut ids, &mut neighbours);
        // Bridges only join hits: they are left out of every group.
        let groups: Vec<Vec<usize>> = group(&ids, &neighbours)
            .into_iter()
            .map(|g| g.into_iter().filter(|&i| i < hits_n).collect::<Vec<_>>())
            .filter(|g| !g.is_empty())
            .collect();
        let mut hits = Vec::with_capacity(limit);
        for members in groups.iter().skip(offset).take(limit) {
            let records: Vec<&Record> = members.iter().map(|&i| &ranked[i].1).collect();
            let editions = editions(&records);
            let (rank, best) = &ranked[members[0]];
            let mut hit = self.make_hit(best.clone(), rank, needles);
            hit.editions = editions;
            hits.push(hit);
        }
        Ok((hits, groups.len()))
    }
}

impl SearchIndex {
    /// Appends to `ids` (with their links to `neighbours`) the linked records
    /// that are not hits, following links from them in turn, so two hits
    /// whose editions are joined through a non-matching record of an edition
    /// in between still group; at most [`BRIDGE_LOOKUPS`] lookups.
    fn add_bridges(&self, ids: &mut Vec<String>, neighbours: &mut Vec<Vec<String>>) {
        let mut known: HashSet<String> = ids.iter().cloned().collect();
        let mut queue: Vec<String> = neighbours
            .iter()
            .flatten()
            .filter(|id| !known.contains(*id))
            .cloned()
            .collect();
        let mut lookups = 0;
        while let Some(id) = queue.pop() {
            if lookups >= BRIDGE_LOOKUPS {
                break;
            }
            if !known.insert(id.clone()) {
                continue;
            }
            lookups += 1;
            let linked = linked_ids(self.record_lineage(&id));
            queue.extend(linked.iter().filter(|x| !known.contains(*x)).cloned());
            ids.push(id);
            neighbours.push(linked);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linked_entries_group_under_the_best() {
        let ids: Vec<String> = ["b/1", "c/9", "a/1", "a/2"].map(String::from).to_vec();
        let neighbours = vec![
            vec!["a/1".to_string(), "zz/1".to_string()],
            vec![],
            vec!["b/1".to_string()],
            vec![],
        ];
        assert_eq!(group(&ids, &neighbours), vec![vec![0, 2], vec![1], vec![3]]);
        // a/1 and c/1 joined through b/1, which is not a hit (index 2).
        let ids: Vec<String> = ["c/1", "a/1", "b/1"].map(String::from).to_vec();
        let neighbours = vec![vec!["b/1".to_string()], vec!["b/1".to_string()], vec![]];
        assert_eq!(group(&ids, &neighbours), vec![vec![0, 1, 2]]);
        assert_eq!("lineage".parse::<Collapse>(), Ok(Collapse::Lineage));
        assert_eq!("off".parse::<Collapse>(), Ok(Collapse::None));
        assert!("x".parse::<Collapse>().is_err());
    }
}
