//! One result per initiative: hits that are the same initiative in several
//! editions, connected by the stored lineage links, collapse into one group.
//!
//! With [`Collapse::Lineage`] the collector groups every hit (not only the
//! best ones) by its lineage group: records joined by links, directly or
//! through linked records that do not match (an edition in between),
//! computed at ingest ([`crate::lineage::RecordLineage::group`]) and kept in
//! a fast column, so grouping reads no stored document. Each segment groups
//! its hits (`segment_groups`), the segments' groups merge by key
//! (`merge_groups`), groups rank by their best hit and the page is cut from
//! them, so the number of groups and the page are exact however many records
//! match; only the records of the page's groups are read. The group's best
//! hit is the result; it carries the group's editions, oldest first, each
//! with what changed since the previous one ([`crate::lineage::diff::changes`]).
//! Facet counts stay per record.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use tantivy::{DocAddress, Searcher, TantivyDocument};

use super::collect::Rank;
use super::{Hit, QueryError};
use crate::index::SearchIndex;
use crate::lineage::diff::{changes, Changes};
use crate::lineage::edition_year;
use crate::plan::values::natural_key;
use crate::plan::Record;

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

/// One lineage group of a collapsed search's hits.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    /// The group key (the lineage-group column's value).
    pub key: u64,
    /// Its best hit.
    pub best: (Rank, DocAddress),
    /// Its other hits, in no particular order.
    pub others: Vec<DocAddress>,
}

/// One segment's hits grouped by lineage.
#[derive(Debug, Default)]
pub(crate) struct SegmentGroups {
    /// The segment's best groups (as many as the page needs), each with its
    /// best hit in the segment (its others are found by [`merge_groups`]).
    pub ranked: Vec<Group>,
    /// The segment's distinct group keys.
    pub distinct: Vec<u64>,
    /// Every hit's group key and address.
    pub hits: Vec<(u64, DocAddress)>,
}

/// The groups of one segment's hits: `keys[i]` is the group key of hit `i`,
/// `better(i, j)` whether hit `i` ranks before hit `j`. Each group is its key
/// and the index of its best hit; groups come in the order of their first
/// hit.
pub(crate) fn segment_groups(
    keys: &[u64],
    better: impl Fn(usize, usize) -> bool,
) -> Vec<(u64, usize)> {
    let mut groups: Vec<(u64, usize)> = Vec::new();
    let mut slot: FxHashMap<u64, usize> = FxHashMap::default();
    for (i, key) in keys.iter().enumerate() {
        match slot.get(key) {
            Some(&g) => {
                let best = &mut groups[g].1;
                if better(i, *best) {
                    *best = i;
                }
            }
            None => {
                slot.insert(*key, groups.len());
                groups.push((*key, i));
            }
        }
    }
    groups
}

/// The segments' groups merged by key (a group may have hits in several
/// segments): the number of distinct groups, and the best `want` of them in
/// rank order (`order` compares two hits), each with all its hits.
///
/// Only the segments' ranked groups compete: a group whose hits in some
/// segment are not among that segment's best `want` groups has `want` groups
/// ranking above it there, and so above it overall.
pub(crate) fn merge_groups(
    segments: Vec<SegmentGroups>,
    want: usize,
    order: impl Fn(&(Rank, DocAddress), &(Rank, DocAddress)) -> Ordering,
) -> (usize, Vec<Group>) {
    let total = match segments.as_slice() {
        [one] => one.distinct.len(),
        _ => {
            let all: FxHashSet<u64> = segments
                .iter()
                .flat_map(|s| s.distinct.iter().copied())
                .collect();
            all.len()
        }
    };
    let mut best: FxHashMap<u64, (Rank, DocAddress)> = FxHashMap::default();
    for group in segments.iter().flat_map(|s| &s.ranked) {
        match best.get_mut(&group.key) {
            Some(known) if order(&group.best, known) != Ordering::Less => {}
            Some(known) => *known = group.best.clone(),
            None => {
                best.insert(group.key, group.best.clone());
            }
        }
    }
    let mut top: Vec<Group> = best
        .into_iter()
        .map(|(key, best)| Group {
            key,
            best,
            others: Vec::new(),
        })
        .collect();
    let by_best = |a: &Group, b: &Group| order(&a.best, &b.best);
    if top.len() > want && want > 0 {
        top.select_nth_unstable_by(want - 1, by_best);
    }
    top.truncate(want);
    top.sort_by(by_best);
    let slot: FxHashMap<u64, usize> = top.iter().enumerate().map(|(i, g)| (g.key, i)).collect();
    for (key, address) in segments.iter().flat_map(|s| &s.hits) {
        if let Some(group) = slot.get(key).and_then(|&i| top.get_mut(i)) {
            if group.best.1 != *address {
                group.others.push(*address);
            }
        }
    }
    (total, top)
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
    /// The results of the page `offset..` of `groups` (the best groups, in
    /// rank order, [`merge_groups`]): each group's best hit, carrying the
    /// editions of all its hits. Only the records of these groups are read.
    pub(crate) fn collapsed_hits(
        &self,
        searcher: &Searcher,
        groups: &[Group],
        offset: usize,
        needles: &super::Needles,
        warnings: &mut Vec<String>,
    ) -> Result<Vec<Hit>, QueryError> {
        let mut hits = Vec::with_capacity(groups.len().saturating_sub(offset));
        let mut read = |address: &DocAddress| -> Result<Option<Record>, QueryError> {
            let doc: TantivyDocument = searcher.doc(*address)?;
            let record = self.stored_record(&doc);
            if record.is_none() {
                warnings.push(format!(
                    "a stored record at {address:?} is unreadable; skipped"
                ));
            }
            Ok(record)
        };
        for group in groups.iter().skip(offset) {
            let (rank, address) = &group.best;
            let Some(best) = read(address)? else {
                continue;
            };
            let mut records = vec![best];
            for address in &group.others {
                records.extend(read(address)?);
            }
            let editions = editions(&records.iter().collect::<Vec<_>>());
            let mut hit = self.make_hit(records.swap_remove(0), rank, needles);
            hit.editions = editions;
            hits.push(hit);
        }
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_group_by_key_under_the_best() {
        // Hits 0..4 with keys 7, 9, 7, 3, 7; a lower index ranks better, but
        // hit 4 is made the best of group 7.
        let better = |i: usize, j: usize| (i == 4) || (j != 4 && i < j);
        let groups = segment_groups(&[7, 9, 7, 3, 7], better);
        assert_eq!(groups, vec![(7, 4), (9, 1), (3, 3)]);
        assert!(segment_groups(&[], better).is_empty());
        assert_eq!("lineage".parse::<Collapse>(), Ok(Collapse::Lineage));
        assert_eq!("off".parse::<Collapse>(), Ok(Collapse::None));
        assert!("x".parse::<Collapse>().is_err());
    }

    #[test]
    fn groups_of_segments_merge_by_key_and_rank_by_their_best() {
        let at = |seg: u32, doc: u32| DocAddress::new(seg, doc);
        let ranked = |key, score, best| Group {
            key,
            best: (Rank::Score(score), best),
            others: Vec::new(),
        };
        let order = |a: &(Rank, DocAddress), b: &(Rank, DocAddress)| match (&a.0, &b.0) {
            (Rank::Score(x), Rank::Score(y)) => y.total_cmp(x).then_with(|| a.1.cmp(&b.1)),
            _ => Ordering::Equal,
        };
        let segment = |ranked: Vec<Group>, hits: Vec<(u64, DocAddress)>| {
            let mut distinct: Vec<u64> = hits.iter().map(|h| h.0).collect();
            distinct.sort_unstable();
            distinct.dedup();
            SegmentGroups {
                ranked,
                distinct,
                hits,
            }
        };
        // Group 4 is not among either segment's ranked groups: counted, never
        // on the page.
        let segments = || {
            vec![
                segment(
                    vec![ranked(1, 2.0, at(0, 1)), ranked(2, 5.0, at(0, 2))],
                    vec![(1, at(0, 1)), (2, at(0, 2)), (1, at(0, 5)), (4, at(0, 7))],
                ),
                segment(
                    vec![ranked(1, 9.0, at(1, 3)), ranked(3, 1.0, at(1, 4))],
                    vec![(1, at(1, 3)), (3, at(1, 4)), (4, at(1, 8))],
                ),
            ]
        };
        let (total, best) = merge_groups(segments(), 2, order);
        assert_eq!(total, 4, "four distinct groups");
        let keys: Vec<u64> = best.iter().map(|g| g.key).collect();
        assert_eq!(keys, vec![1, 2], "group 1 ranks by its best hit (9.0)");
        assert_eq!(best[0].best.1, at(1, 3));
        let mut others = best[0].others.clone();
        others.sort();
        assert_eq!(others, vec![at(0, 1), at(0, 5)]);
        assert!(best[1].others.is_empty());
        let (_, all) = merge_groups(segments(), 10, order);
        let keys: Vec<u64> = all.iter().map(|g| g.key).collect();
        assert_eq!(keys, vec![1, 2, 3]);
        let one = merge_groups(segments().into_iter().take(1).collect(), 10, order);
        assert_eq!(one.0, 3, "one segment: its distinct keys");
    }
}
