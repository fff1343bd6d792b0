//! Lineage at ingest time: computed over exactly the records the commit will
//! hold, before it is made, so links travel in the same commit as the
//! records they join (a crash leaves old records with old links, or new with
//! new, never a mix).
//!
//! Records of this batch get their lineage; records already indexed are
//! rewritten only when their lineage changed (a new neighbouring edition
//! arrived, a linked record was replaced or removed). Each pair of editions
//! is scored on its own two editions (see [`crate::lineage`]), so the links
//! of a pair whose editions did not change are taken from the index as they
//! are, and only pairs next to what the ingest changed are analysed.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::analysis::WordTable;
use crate::index::open_index;
use crate::lineage::{
    chain_order, compute_reusing, is_candidate, order_editions, LineageParams, Link, RecordLineage,
};
use crate::plan::Record;

use super::IngestError;

/// What the commit must carry for lineage.
#[derive(Debug, Default)]
pub struct Relinked {
    /// Lineage of every record the batch writes (added and rewritten), by id.
    pub lineage: BTreeMap<String, RecordLineage>,
    /// Records already indexed whose lineage changed: to be written again.
    pub rewrite: Vec<Record>,
    /// Links in the index after the commit.
    pub links: usize,
    /// Pairs of editions scored afresh.
    pub pairs_scored: usize,
    /// Pairs of editions whose stored links were kept (both editions unchanged).
    pub pairs_reused: usize,
}

/// Computes lineage over the index in `index_dir` (ignored when `full`)
/// without the records in `removed`, plus `added`; `issuers` maps edition →
/// issuer now, `old_issuers` as the index's manifest had it; `words` holds
/// texts analysed already.
pub fn relink(
    index_dir: &Path,
    full: bool,
    removed: &BTreeSet<String>,
    added: &[&Record],
    issuers: &BTreeMap<String, String>,
    old_issuers: &BTreeMap<String, String>,
    words: &WordTable,
) -> Result<Relinked, IngestError> {
    let old = if full || !index_dir.join("meta.json").exists() {
        Vec::new()
    } else {
        open_index(index_dir)?.all_entries()?
    };
    let replaced: BTreeSet<&str> = added.iter().map(|r| r.id.as_str()).collect();
    let known = KnownPairs::of(&old, removed, &replaced, added, issuers, old_issuers);
    // The records the commit will hold: those kept (first), then the added.
    let (mut records, stored): (Vec<Record>, Vec<Option<RecordLineage>>) = old
        .into_iter()
        .filter(|(r, _)| !removed.contains(&r.id) && !replaced.contains(r.id.as_str()))
        .unzip();
    records.extend(added.iter().map(|r| (*r).clone()));
    let reused = Cell::new(0);
    let known = |from: &str, to: &str| {
        let links = known.links(from, to);
        if links.is_some() {
            reused.set(reused.get() + 1);
        }
        links
    };
    let params = LineageParams::default();
    let lineage = compute_reusing(&records, issuers, &params, &known, words);
    let pairs: usize = chain_order(&lineage.editions, issuers)
        .values()
        .map(|chain| chain.len().saturating_sub(1))
        .sum();
    let mut per = lineage.per_record(&records);
    let rewrite: Vec<Record> = records
        .iter()
        .zip(&stored)
        .filter(|(r, stored)| per.get(&r.id) != stored.as_ref())
        .map(|(r, _)| r.clone())
        .collect();
    let writes: BTreeSet<&str> = replaced
        .iter()
        .copied()
        .chain(rewrite.iter().map(|r| r.id.as_str()))
        .collect();
    per.retain(|id, _| writes.contains(id.as_str()));
    Ok(Relinked {
        lineage: per,
        rewrite,
        links: lineage
            .links
            .iter()
            .map(|l| (&l.from, &l.to))
            .collect::<BTreeSet<_>>()
            .len(),
        pairs_scored: pairs - reused.get().min(pairs),
        pairs_reused: reused.get(),
    })
}

/// The links of the index's pairs of editions that this ingest leaves as
/// they were: both editions unchanged (no record added, replaced or removed,
/// same issuer, lineage stored) and next to each other before as now.
struct KnownPairs {
    /// Editions this ingest changes.
    changed: BTreeSet<String>,
    /// Pairs of editions that were linked (adjacent) in the index.
    adjacent: BTreeSet<(String, String)>,
    /// Stored links by (from edition, to edition).
    links: BTreeMap<(String, String), Vec<Link>>,
}

impl KnownPairs {
    fn of(
        old: &[(Record, Option<RecordLineage>)],
        removed: &BTreeSet<String>,
        replaced: &BTreeSet<&str>,
        added: &[&Record],
        issuers: &BTreeMap<String, String>,
        old_issuers: &BTreeMap<String, String>,
    ) -> KnownPairs {
        let mut changed: BTreeSet<String> = added.iter().map(|r| r.edition.clone()).collect();
        let mut edition_of: BTreeMap<&str, &str> = BTreeMap::new();
        for (r, lineage) in old {
            edition_of.insert(&r.id, &r.edition);
            let gone = removed.contains(&r.id) || replaced.contains(r.id.as_str());
            let unlinked = is_candidate(r) && lineage.is_none();
            if gone || unlinked || issuers.get(&r.edition) != old_issuers.get(&r.edition) {
                changed.insert(r.edition.clone());
            }
        }
        let editions = order_editions(old.iter().map(|(r, _)| r.edition.as_str()));
        let adjacent = chain_order(&editions, old_issuers)
            .values()
            .flat_map(|chain| {
                chain
                    .windows(2)
                    .filter_map(|w| Some((w.first()?.clone(), w.get(1)?.clone())))
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut links: BTreeMap<(String, String), Vec<Link>> = BTreeMap::new();
        for (r, lineage) in old {
            for n in lineage.iter().flat_map(|l| &l.successors) {
                let Some(to_edition) = edition_of.get(n.id.as_str()) else {
                    continue;
                };
                links
                    .entry((r.edition.clone(), to_edition.to_string()))
                    .or_default()
                    .push(Link {
                        from: r.id.clone(),
                        to: n.id.clone(),
                        score: n.score,
                        evidence: n.evidence.clone(),
                    });
            }
        }
        KnownPairs {
            changed,
            adjacent,
            links,
        }
    }

    /// The stored links `from` → `to`, when the pair is known and unchanged.
    fn links(&self, from: &str, to: &str) -> Option<Vec<Link>> {
        let pair = (from.to_string(), to.to_string());
        let unchanged = !self.changed.contains(from) && !self.changed.contains(to);
        (unchanged && self.adjacent.contains(&pair))
            .then(|| self.links.get(&pair).cloned().unwrap_or_default())
    }
}
