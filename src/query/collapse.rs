//! One result per initiative: hits that are the same initiative in several
//! editions, connected by the stored lineage links, collapse into one group.
//!
//! With [`Collapse::Lineage`] a search collects up to [`COLLAPSE_CAP`] ranked
//! hits and groups those of one lineage group: records joined by links,
//! directly or through linked records that do not match (an edition in
//! between), computed at ingest ([`crate::lineage::RecordLineage::group`])
//! and kept in a fast column, so grouping reads no stored document. Groups
//! rank by their best hit and the page is cut from them; only the records of
//! the page's groups are read. The group's best hit is the result; it carries
//! the group's editions, oldest first, each with what changed since the
//! previous one ([`crate::lineage::diff::changes`]). Facet counts stay per
//! record.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use tantivy::columnar::Column;
use tantivy::{DocAddress, Searcher, TantivyDocument};

use super::collect::Rank;
use super::{Hit, QueryError};
use crate::index::schema::LINEAGE_GROUP;
use crate::index::SearchIndex;
use crate::lineage::diff::{changes, Changes};
use crate::lineage::edition_year;
use crate::plan::values::natural_key;
use crate::plan::Record;

/// Most ranked hits a collapsed search groups; matches beyond it are not
/// grouped (the response warns). Grouping reads one fast-column value per
/// hit: at a million records, 20,000 costs a broad query ~6–10 ms more than
/// 2,000 did.
pub const COLLAPSE_CAP: usize = 20_000;

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

/// Groups of ranked entries by their group keys (`keys[i]` is entry `i`'s):
/// each group lists entry indices in rank order; groups are ordered by
/// their best entry.
pub(crate) fn group(keys: &[u64]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut slot: HashMap<u64, usize> = HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        match slot.get(key) {
            Some(&g) => groups[g].push(i),
            None => {
                slot.insert(*key, groups.len());
                groups.push(vec![i]);
            }
        }
    }
    groups
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
    /// and the number of groups. Hits are grouped by the fast lineage-group
    /// column; only the records of the page's groups are read.
    pub(crate) fn collapsed_hits(
        &self,
        searcher: &Searcher,
        top: &[(Rank, DocAddress)],
        offset: usize,
        limit: usize,
        needles: &super::Needles,
        warnings: &mut Vec<String>,
    ) -> Result<(Vec<Hit>, usize), QueryError> {
        let keys = self.group_keys(searcher, top)?;
        let groups = group(&keys);
        let mut hits = Vec::with_capacity(limit);
        for members in groups.iter().skip(offset).take(limit) {
            let mut ranked: Vec<(&Rank, Record)> = Vec::with_capacity(members.len());
            for &i in members {
                let (rank, address) = &top[i];
                let doc: TantivyDocument = searcher.doc(*address)?;
                match self.stored_record(&doc) {
                    Some(record) => ranked.push((rank, record)),
                    None => warnings.push(format!(
                        "a stored record at {address:?} is unreadable; skipped"
                    )),
                }
            }
            let records: Vec<&Record> = ranked.iter().map(|(_, r)| r).collect();
            let editions = editions(&records);
            let Some((rank, best)) = ranked.first() else {
                continue;
            };
            let mut hit = self.make_hit(best.clone(), rank, needles);
            hit.editions = editions;
            hits.push(hit);
        }
        Ok((hits, groups.len()))
    }

    /// The lineage-group key of each hit of `top`, read from the fast column.
    fn group_keys(
        &self,
        searcher: &Searcher,
        top: &[(Rank, DocAddress)],
    ) -> Result<Vec<u64>, QueryError> {
        let mut columns: HashMap<u32, Column<u64>> = HashMap::new();
        let mut keys = Vec::with_capacity(top.len());
        for (_, address) in top {
            let column = match columns.entry(address.segment_ord) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(e) => {
                    let reader = searcher.segment_reader(address.segment_ord);
                    e.insert(reader.fast_fields().u64(LINEAGE_GROUP)?)
                }
            };
            // A document without a key (none is written so) is a group of its own.
            let own = u64::MAX - keys.len() as u64;
            keys.push(column.first(address.doc_id).unwrap_or(own));
        }
        Ok(keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_group_by_key_under_the_best() {
        assert_eq!(group(&[7, 9, 7, 3]), vec![vec![0, 2], vec![1], vec![3]]);
        assert_eq!(group(&[]), Vec::<Vec<usize>>::new());
        assert_eq!("lineage".parse::<Collapse>(), Ok(Collapse::Lineage));
        assert_eq!("off".parse::<Collapse>(), Ok(Collapse::None));
        assert!("x".parse::<Collapse>().is_err());
    }
}
