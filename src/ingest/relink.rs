//! Lineage at ingest time: computed over exactly the records the commit will
//! hold, before it is made, so links travel in the same commit as the
//! records they join (a crash leaves old records with old links, or new with
//! new, never a mix).
//!
//! Records of this batch get their lineage; records already indexed are
//! rewritten only when their lineage changed (a new neighbouring edition
//! arrived, a linked record was replaced or removed). Each pair of editions
//! is scored on its own two editions (see [`crate::lineage`]), so an ingest
//! disturbs only the editions next to what it changed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::index::open_index;
use crate::lineage::{compute_by_issuer, LineageParams, RecordLineage};
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
}

/// Computes lineage over the index in `index_dir` (ignored when `full`)
/// without the records in `removed`, plus `added`; `issuers` maps edition →
/// issuer.
pub fn relink(
    index_dir: &Path,
    full: bool,
    removed: &BTreeSet<String>,
    added: &[&Record],
    issuers: &BTreeMap<String, String>,
) -> Result<Relinked, IngestError> {
    let old = if full || !index_dir.join("meta.json").exists() {
        Vec::new()
    } else {
        open_index(index_dir)?.all_entries()?
    };
    let replaced: BTreeSet<&str> = added.iter().map(|r| r.id.as_str()).collect();
    let kept: Vec<(Record, Option<RecordLineage>)> = old
        .into_iter()
        .filter(|(r, _)| !removed.contains(&r.id) && !replaced.contains(r.id.as_str()))
        .collect();
    let records: Vec<Record> = kept
        .iter()
        .map(|(r, _)| r.clone())
        .chain(added.iter().map(|r| (*r).clone()))
        .collect();
    let lineage = compute_by_issuer(&records, issuers, &LineageParams::default());
    let mut per = lineage.per_record(&records);
    let rewrite: Vec<Record> = kept
        .into_iter()
        .filter(|(r, stored)| per.get(&r.id) != stored.as_ref())
        .map(|(r, _)| r)
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
        links: lineage.links.len(),
    })
}
