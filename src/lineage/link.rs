//! Linking the candidates of two editions: every pair scored (fast pass
//! first), the pairs above the threshold assigned one-to-one.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::assign::{self, Candidate};
use super::prefilter::{self, Interner, Prepared};
use super::similarity::{compare, Analysis, Corpus, Profile};
use super::{is_candidate, LineageParams, Link};
use crate::index::document::natural_key;
use crate::plan::Record;

/// Links pairs of editions of one record set, analysing each edition's texts
/// once (when first needed) however many pairs it takes part in.
pub(super) struct Linker<'a> {
    /// Records by edition.
    by_edition: HashMap<&'a str, Vec<&'a Record>>,
    /// Terms of the texts of the editions analysed so far.
    analysis: Analysis,
    /// Editions analysed so far.
    analysed: HashSet<String>,
}

impl<'a> Linker<'a> {
    /// A linker over `records`.
    pub(super) fn new(records: &'a [Record]) -> Linker<'a> {
        let mut by_edition: HashMap<&str, Vec<&Record>> = HashMap::new();
        for r in records {
            by_edition.entry(r.edition.as_str()).or_default().push(r);
        }
        Linker {
            by_edition,
            analysis: Analysis::default(),
            analysed: HashSet::new(),
        }
    }

    /// Analyses the texts of `edition` unless done already.
    fn analyse(&mut self, edition: &str) {
        if !self.analysed.insert(edition.to_string()) {
            return;
        }
        let records = self.by_edition.get(edition).into_iter().flatten().copied();
        self.analysis.extend(Analysis::of(records));
    }

    /// The candidates of `edition`, profiled and prepared against `corpus`.
    fn side(
        &self,
        edition: &str,
        corpus: &Corpus,
        interner: &mut Interner,
    ) -> Vec<(Profile, Prepared)> {
        self.by_edition
            .get(edition)
            .into_iter()
            .flatten()
            .filter(|r| is_candidate(r))
            .map(|r| Profile::analysed(r, &self.analysis))
            .filter(|p| !p.is_empty())
            .map(|p| {
                let prepared = Prepared::of(&p, corpus, interner);
                (p, prepared)
            })
            .collect()
    }

    /// Links `from` → `to` (one-to-one), with term rarity counted over the
    /// records of both editions. Sorted by `from` id.
    pub(super) fn link(&mut self, from: &str, to: &str, params: &LineageParams) -> Vec<Link> {
        self.analyse(from);
        self.analyse(to);
        let pair = [from, to]
            .into_iter()
            .flat_map(|e| self.by_edition.get(e).into_iter().flatten().copied());
        let corpus = Corpus::counted(pair, &self.analysis);
        let mut interner = Interner::default();
        let a = self.side(from, &corpus, &mut interner);
        let b = self.side(to, &corpus, &mut interner);
        let mut scored = BTreeMap::new();
        let mut candidates = Vec::new();
        for (i, (pa, qa)) in a.iter().enumerate() {
            for (j, (pb, qb)) in b.iter().enumerate() {
                let fast = prefilter::score(qa, qb, pa, pb, params);
                if fast < params.threshold - prefilter::TOLERANCE {
                    continue;
                }
                let s = compare(pa, pb, &corpus, params);
                if s.score >= params.threshold {
                    candidates.push(Candidate {
                        from: i,
                        to: j,
                        score: s.score,
                    });
                    scored.insert((i, j), s);
                }
            }
        }
        let mut links: Vec<Link> = assign::greedy(candidates, params.threshold)
            .into_iter()
            .filter_map(|c| {
                let s = scored.remove(&(c.from, c.to))?;
                Some(Link {
                    from: a.get(c.from)?.0.id.clone(),
                    to: b.get(c.to)?.0.id.clone(),
                    score: round(s.score),
                    evidence: s.evidence,
                })
            })
            .collect();
        links.sort_by_cached_key(|l| natural_key(&l.from));
        links
    }
}

/// Rounds a score to three decimals, so stored and printed values agree.
fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
