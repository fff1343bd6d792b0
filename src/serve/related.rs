//! Related initiatives: the records of other editions (and other issuers)
//! most similar to one record, scored with the lineage similarity
//! ([`crate::lineage::similarity::compare`]).
//!
//! The candidates are the record's best word matches in other editions
//! ([`SearchIndex::candidates_like`], at most [`RELATED_POOL`]), and the
//! rarity of words and n-grams is counted over them and the record: reading
//! and analysing a bounded pool keeps a record page fast and small on an
//! index of any size, where profiling every record would not.

use serde::Serialize;

use crate::index::{IndexError, SearchIndex};
use crate::lineage::similarity::{compare, Analysis, Corpus, Profile};
use crate::lineage::{edition_year, is_candidate, LineageParams};
use crate::plan::Record;

/// Related initiatives shown per record.
pub const RELATED_SHOWN: usize = 5;

/// One related initiative.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Related {
    /// Its id.
    pub id: String,
    /// Its edition.
    pub edition: String,
    /// Its title.
    pub title: String,
    /// Lineage similarity with the record, 0..=1.
    pub score: f64,
    /// Why, one string per contributing feature.
    pub evidence: Vec<String>,
}

/// Candidates read and scored per record: its best word matches among the
/// initiatives and site entries of other editions.
pub const RELATED_POOL: usize = 200;

/// The `n` candidates of other editions most similar to `record`, best
/// first, leaving out the ids in `exclude` (its own predecessors and
/// successors) and pairs that share nothing. At most [`RELATED_POOL`]
/// records are read, whatever the size of the index.
pub fn related(
    index: &SearchIndex,
    record: &Record,
    exclude: &[&str],
    n: usize,
) -> Result<Vec<Related>, IndexError> {
    let pool = index.candidates_like(record, RELATED_POOL, |r| {
        is_candidate(r) && !exclude.contains(&r.id.as_str())
    })?;
    let analysis = Analysis::of(
        pool.iter().chain(std::iter::once(record)),
        &crate::analysis::WordTable::default(),
    );
    let corpus = Corpus::counted(pool.iter().chain(std::iter::once(record)), &analysis);
    let params = LineageParams::default();
    let mine = Profile::analysed(record, &analysis);
    let year = |e: &str| edition_year(e).unwrap_or(u32::MAX);
    let mut scored: Vec<Related> = pool
        .iter()
        .map(|r| {
            let p = Profile::analysed(r, &analysis);
            // The lineage score reads its pair earlier → later.
            let s = if year(&r.edition) < year(&record.edition) {
                compare(&p, &mine, &corpus, &params)
            } else {
                compare(&mine, &p, &corpus, &params)
            };
            Related {
                id: r.id.clone(),
                edition: r.edition.clone(),
                title: r.title.clone(),
                score: s.score,
                evidence: s.evidence,
            }
        })
        .filter(|r| r.score > 0.0)
        .collect();
    scored.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
    scored.truncate(n);
    Ok(scored)
}
