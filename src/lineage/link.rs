//! Linking the candidates of two editions: every pair scored (fast pass
//! first), the pairs above the threshold assigned one-to-one.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

use rayon::prelude::*;

use super::assign::{self, Candidate};
use super::prefilter::{self, Interner, Prepared};
use super::similarity::{compare, Analysis, Corpus, Profile};
use super::{is_candidate, LineageParams, Link};
use crate::analysis::WordTable;
use crate::plan::values::natural_key;
use crate::plan::Record;

/// Links pairs of editions of one record set, analysing each edition's texts
/// once (when first needed) however many pairs it takes part in.
pub(super) struct Linker<'a> {
    /// Texts analysed already.
    words: &'a WordTable,
    /// Records by edition.
    by_edition: FxHashMap<&'a str, Vec<&'a Record>>,
    /// Terms of the texts of the editions analysed so far.
    analysis: Analysis,
    /// Editions analysed so far.
    analysed: FxHashSet<String>,
    /// Profiles of each edition's candidates, made once.
    profiles: FxHashMap<String, Vec<Profile>>,
    /// Term counts of each edition's records, made once (a pair's rarities
    /// are the sum of its two editions').
    counts: FxHashMap<String, Corpus>,
}

impl<'a> Linker<'a> {
    /// A linker over `records`, taking the words of a text from `words`
    /// when it has them.
    pub(super) fn new(records: &'a [Record], words: &'a WordTable) -> Linker<'a> {
        let mut by_edition: FxHashMap<&str, Vec<&Record>> = FxHashMap::default();
        for r in records {
            by_edition.entry(r.edition.as_str()).or_default().push(r);
        }
        Linker {
            words,
            by_edition,
            analysis: Analysis::default(),
            analysed: FxHashSet::default(),
            profiles: FxHashMap::default(),
            counts: FxHashMap::default(),
        }
    }

    /// Analyses the texts of `editions` not analysed yet, in one parallel pass.
    fn analyse(&mut self, editions: &[&str]) {
        let mut records = Vec::new();
        for e in editions {
            if self.analysed.insert(e.to_string()) {
                records.extend(self.by_edition.get(e).into_iter().flatten().copied());
            }
        }
        if !records.is_empty() {
            self.analysis.extend(Analysis::of(records, self.words));
        }
    }

    /// Analyses and profiles the candidates of `editions` not profiled yet,
    /// so that pairs of them can then be linked in parallel ([`Self::link`]).
    pub(super) fn prepare(&mut self, editions: &[&str]) {
        self.analyse(editions);
        let mut todo: Vec<&str> = editions
            .iter()
            .copied()
            .filter(|e| !self.profiles.contains_key(*e))
            .collect();
        todo.sort_unstable();
        todo.dedup();
        let made: Vec<(String, Vec<Profile>, Corpus)> = todo
            .par_iter()
            .map(|edition| {
                let records = self.by_edition.get(edition).map_or(&[][..], Vec::as_slice);
                let mut profiles = Vec::new();
                let mut counts = Corpus::default();
                for r in records {
                    let profile = is_candidate(r).then(|| Profile::analysed(r, &self.analysis));
                    counts.count(r, profile.as_ref(), &self.analysis);
                    profiles.extend(profile.filter(|p| !p.is_empty()));
                }
                (edition.to_string(), profiles, counts)
            })
            .collect();
        for (edition, profiles, counts) in made {
            self.profiles.insert(edition.clone(), profiles);
            self.counts.insert(edition, counts);
        }
    }

    /// The candidates of `edition` (profiled already), prepared against `corpus`.
    fn side(&self, edition: &str, corpus: &Corpus, interner: &mut Interner) -> Vec<Prepared> {
        self.profiles
            .get(edition)
            .into_iter()
            .flatten()
            .map(|p| Prepared::of(p, corpus, interner))
            .collect()
    }

    /// Links `from` → `to` (one-to-one), with term rarity counted over the
    /// records of both editions. Sorted by `from` id. Both editions must have
    /// been [prepared](Self::prepare) (an unprepared one has no candidates).
    pub(super) fn link(&self, from: &str, to: &str, params: &LineageParams) -> Vec<Link> {
        let none = Corpus::default();
        let count = |e: &str| self.counts.get(e).unwrap_or(&none);
        let corpus = count(from).merged(count(to));
        let mut interner = Interner::default();
        let (qa, qb) = (
            self.side(from, &corpus, &mut interner),
            self.side(to, &corpus, &mut interner),
        );
        let empty = Vec::new();
        let a = self.profiles.get(from).unwrap_or(&empty);
        let b = self.profiles.get(to).unwrap_or(&empty);
        let mut scored = BTreeMap::new();
        let mut candidates = Vec::new();
        let postings = prefilter::Postings::of(&qb);
        let mut shared = Vec::new();
        for (i, (pa, fa)) in a.iter().zip(&qa).enumerate() {
            postings.shared_with(fa, &mut shared);
            for (j, ((pb, fb), s)) in b.iter().zip(&qb).zip(&shared).enumerate() {
                if !prefilter::may_link_given(fa, fb, pa, pb, params, *s) {
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
                    from: a.get(c.from)?.id.clone(),
                    to: b.get(c.to)?.id.clone(),
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
