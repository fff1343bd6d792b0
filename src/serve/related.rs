//! Related initiatives: the records of other editions (and other issuers)
//! most similar to one record, scored with the lineage similarity
//! ([`crate::lineage::similarity::compare`]) over a corpus of every record.
//!
//! The corpus and the profiles of every candidate (initiatives and site
//! entries) are built on first use and cached in the server state until the
//! index changes.

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

/// Every candidate record of an index, profiled against one corpus.
pub struct RelatedIndex {
    analysis: Analysis,
    corpus: Corpus,
    candidates: Vec<(Record, Profile)>,
    params: LineageParams,
}

impl RelatedIndex {
    /// Reads every record of `index` and profiles the candidates.
    pub fn build(index: &SearchIndex) -> Result<RelatedIndex, IndexError> {
        let all = index.all_records()?;
        let analysis = Analysis::of(&all);
        let corpus = Corpus::counted(&all, &analysis);
        let candidates = all
            .into_iter()
            .filter(is_candidate)
            .map(|r| {
                let p = Profile::analysed(&r, &analysis);
                (r, p)
            })
            .collect();
        Ok(RelatedIndex {
            analysis,
            corpus,
            candidates,
            params: LineageParams::default(),
        })
    }

    /// The `n` candidates of other editions most similar to `record`, best
    /// first, leaving out the ids in `exclude` (its own predecessors and
    /// successors) and pairs that share nothing.
    pub fn related(&self, record: &Record, exclude: &[&str], n: usize) -> Vec<Related> {
        let mine = Profile::analysed(record, &self.analysis);
        let year = |e: &str| edition_year(e).unwrap_or(u32::MAX);
        let mut scored: Vec<Related> = self
            .candidates
            .iter()
            .filter(|(r, _)| r.edition != record.edition && !exclude.contains(&r.id.as_str()))
            .map(|(r, p)| {
                // The lineage score reads its pair earlier → later.
                let s = if year(&r.edition) < year(&record.edition) {
                    compare(p, &mine, &self.corpus, &self.params)
                } else {
                    compare(&mine, p, &self.corpus, &self.params)
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
        scored
    }
}
