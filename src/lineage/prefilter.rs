//! A fast upper pass over all pairs: the score of [`super::similarity::compare`]
//! without its evidence, on interned, pre-weighted features.
//!
//! Comparing two editions scores every pair of their candidates; with string
//! sets and a rarity lookup per n-gram that costs tens of microseconds a pair.
//! [`Prepared`] holds each profile's n-grams and terms as sorted integer ids
//! with their weights and sums computed once; [`Postings`] inverts one side's
//! n-grams, so each profile meets only the profiles it shares n-grams with,
//! and a pair then costs at most a merge of its term sets. [`score`] follows
//! `compare` term by term; only pairs it
//! puts within [`TOLERANCE`] of the threshold are compared in full (which
//! gives the score that is kept and the evidence), so the links are those the
//! full comparison alone would give.

use rustc_hash::FxHashMap;

use super::similarity::{Corpus, Gram, Profile, MIN_CONTAINED_BIGRAMS};
use super::LineageParams;

/// Slack below the threshold within which a pair is still compared in full,
/// against floating-point differences in summation order.
pub const TOLERANCE: f64 = 1e-9;

/// Strings to dense integer ids.
#[derive(Debug, Default)]
pub struct Interner {
    ids: FxHashMap<String, u32>,
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(id) = self.ids.get(s) {
            return *id;
        }
        let id = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        self.ids.insert(s.to_string(), id);
        id
    }
}

/// A weighted set as sorted ids with their weights.
#[derive(Debug, Default, Clone)]
struct Weighted {
    /// (id, weight), sorted by id.
    items: Vec<(u64, f64)>,
    /// Sum of the weights.
    total: f64,
}

impl Weighted {
    /// Strings, interned.
    fn of<'a>(
        keys: impl Iterator<Item = &'a String>,
        interner: &mut Interner,
        weight: impl Fn(&str) -> f64,
    ) -> Weighted {
        Weighted::sorted(
            keys.map(|k| (u64::from(interner.id(k)), weight(k)))
                .collect(),
        )
    }

    /// Packed n-grams, their own ids.
    fn of_grams<'a>(
        grams: impl Iterator<Item = &'a Gram>,
        weight: impl Fn(Gram) -> f64,
    ) -> Weighted {
        Weighted::sorted(grams.map(|&g| (g, weight(g))).collect())
    }

    fn sorted(mut items: Vec<(u64, f64)>) -> Weighted {
        items.sort_unstable_by_key(|(id, _)| *id);
        let total = items.iter().map(|(_, w)| w).sum();
        Weighted { items, total }
    }

    fn len(&self) -> usize {
        self.items.len()
    }

    /// Sum of the weights of the ids in both sets.
    fn shared(&self, other: &Weighted) -> f64 {
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        while let (Some(a), Some(b)) = (self.items.get(i), other.items.get(j)) {
            match a.0.cmp(&b.0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += a.1;
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }

    /// Weighted Dice coefficient, given the weight the two sets share.
    fn dice(&self, other: &Weighted, shared: f64) -> f64 {
        let total = self.total + other.total;
        if total <= 0.0 {
            return 0.0;
        }
        2.0 * shared / total
    }

    /// Weighted share of the smaller set found in the larger one, given the
    /// weight the two sets share.
    fn containment(&self, other: &Weighted, shared: f64) -> f64 {
        if self.len().min(other.len()) < MIN_CONTAINED_BIGRAMS {
            return 0.0;
        }
        let small = self.total.min(other.total);
        if small <= 0.0 {
            return 0.0;
        }
        (shared / small).min(1.0)
    }
}

/// A profile's features, interned and weighted once.
#[derive(Debug, Clone)]
pub struct Prepared {
    title: Weighted,
    summary: Weighted,
    /// Terms weighted by squared IDF.
    terms: Weighted,
    /// √(Σ idf²) of the terms.
    terms_norm: f64,
}

impl Prepared {
    /// Prepares `p` with the rarities of `corpus`.
    pub fn of(p: &Profile, corpus: &Corpus, interner: &mut Interner) -> Prepared {
        let terms = Weighted::of(p.terms.iter(), interner, |t| corpus.idf(t).powi(2));
        Prepared {
            title: Weighted::of_grams(p.title_grams.iter(), |g| corpus.title_idf(g)),
            summary: Weighted::of_grams(p.summary_grams.iter(), |g| corpus.summary_idf(g)),
            terms_norm: terms.total.sqrt(),
            terms,
        }
    }
}

/// The score `compare` gives `a` → `b` (profiles `pa`, `pb`), without evidence.
pub fn score(
    a: &Prepared,
    b: &Prepared,
    pa: &Profile,
    pb: &Profile,
    params: &LineageParams,
) -> f64 {
    let (title, summary) = title_and_summary(a, b, params, Shared::merged(a, b));
    score_from(a, b, pa, pb, params, (title, summary))
}

/// [`score`] once the title and summary similarities are known.
fn score_from(
    a: &Prepared,
    b: &Prepared,
    pa: &Profile,
    pb: &Profile,
    params: &LineageParams,
    (title, summary): (f64, f64),
) -> f64 {
    let terms = if a.terms_norm == 0.0 || b.terms_norm == 0.0 {
        0.0
    } else {
        a.terms.shared(&b.terms) / (a.terms_norm * b.terms_norm)
    };
    let mut score =
        params.title_weight * title + params.summary_weight * summary + params.terms_weight * terms;
    if title < params.title_alone && summary < params.summary_support {
        score *= params.unsupported_factor;
    }
    add_bonuses(score, pa, pb, params).clamp(0.0, 1.0)
}

/// The weights of the title and summary n-grams two profiles share.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Shared {
    /// Shared title bigrams' weight.
    pub title: f64,
    /// Shared summary trigrams' weight.
    pub summary: f64,
}

impl Shared {
    /// The shared weights of `a` and `b`, merging their sorted n-gram sets
    /// ([`Postings`] gives the same sums for many pairs at once).
    fn merged(a: &Prepared, b: &Prepared) -> Shared {
        Shared {
            title: a.title.shared(&b.title),
            summary: a.summary.shared(&b.summary),
        }
    }
}

/// The title and summary similarities of [`score`], given the weights the
/// two profiles share.
fn title_and_summary(
    a: &Prepared,
    b: &Prepared,
    params: &LineageParams,
    shared: Shared,
) -> (f64, f64) {
    let dice = a.title.dice(&b.title, shared.title);
    let title = dice.max(params.containment_factor * a.title.containment(&b.title, shared.title));
    (title, a.summary.containment(&b.summary, shared.summary))
}

/// The n-grams of one side of a pair of editions, inverted: for each n-gram,
/// the profiles that have it (the weights come from the other side's profile,
/// equal on both sides). [`Self::shared_with`] gives one
/// profile of the other side its shared weights with every profile of this
/// side at once, touching only the profiles that share an n-gram with it
/// (merging the two sorted sets of every pair cost most of the linking).
#[derive(Debug, Default)]
pub struct Postings {
    title: FxHashMap<u64, Vec<u32>>,
    summary: FxHashMap<u64, Vec<u32>>,
    len: usize,
}

impl Postings {
    /// The postings of `side`.
    pub fn of(side: &[Prepared]) -> Postings {
        let mut p = Postings {
            len: side.len(),
            ..Postings::default()
        };
        for (j, prepared) in side.iter().enumerate() {
            let j = u32::try_from(j).unwrap_or(u32::MAX);
            for (g, _) in &prepared.title.items {
                p.title.entry(*g).or_default().push(j);
            }
            for (g, _) in &prepared.summary.items {
                p.summary.entry(*g).or_default().push(j);
            }
        }
        p
    }

    /// The weights `a` shares with each profile of this side, by index into
    /// `out` (cleared first). The n-grams are added in `a`'s sorted order, the
    /// order the pairwise merge adds them in, so the sums are the same.
    pub fn shared_with(&self, a: &Prepared, out: &mut Vec<Shared>) {
        out.clear();
        out.resize(self.len, Shared::default());
        for (g, w) in &a.title.items {
            for &j in self.title.get(g).into_iter().flatten() {
                if let Some(s) = out.get_mut(j as usize) {
                    s.title += w;
                }
            }
        }
        for (g, w) in &a.summary.items {
            for &j in self.summary.get(g).into_iter().flatten() {
                if let Some(s) = out.get_mut(j as usize) {
                    s.summary += w;
                }
            }
        }
    }
}

/// Whether the pair may score at least `threshold` - [`TOLERANCE`] in
/// [`score`]: first against an upper bound that takes the terms'
/// similarity (a cosine, at most 1) as perfect, which skips merging the term
/// sets (the largest) of pairs whose titles and summaries alone keep them
/// below; then exactly. The pairs it passes are those `score` passes.
pub fn may_link(
    a: &Prepared,
    b: &Prepared,
    pa: &Profile,
    pb: &Profile,
    params: &LineageParams,
) -> bool {
    may_link_given(a, b, pa, pb, params, Shared::merged(a, b))
}

/// [`may_link`] once the shared n-gram weights are known ([`Postings`]).
pub fn may_link_given(
    a: &Prepared,
    b: &Prepared,
    pa: &Profile,
    pb: &Profile,
    params: &LineageParams,
    shared: Shared,
) -> bool {
    let cut = params.threshold - TOLERANCE;
    let (title, summary) = title_and_summary(a, b, params, shared);
    let mut bound = params.title_weight * title
        + params.summary_weight * summary
        + params.terms_weight.max(0.0);
    if title < params.title_alone && summary < params.summary_support {
        bound *= params.unsupported_factor.max(0.0);
    }
    add_bonuses(bound, pa, pb, params) >= cut
        && score_from(a, b, pa, pb, params, (title, summary)) >= cut
}

/// `score` with the URL and department bonuses of a pair added.
fn add_bonuses(mut score: f64, pa: &Profile, pb: &Profile, params: &LineageParams) -> f64 {
    if pa.urls.intersection(&pb.urls).next().is_some() {
        score += params.same_url_bonus;
    } else if pa.url_dirs.intersection(&pb.url_dirs).next().is_some() {
        score += params.same_url_dir_bonus;
    }
    if pa
        .departments
        .intersection(&pb.departments)
        .next()
        .is_some()
    {
        score += params.same_department_bonus;
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lineage::similarity::compare;
    use crate::plan::{Department, Record, RecordKind};

    fn rec(id: &str, title: &str, summary: &str, division: Option<&str>) -> Record {
        let mut r = Record::empty(id.into(), "e".into(), RecordKind::Initiative, 1);
        r.title = title.into();
        r.summary = Some(summary.into());
        r.departments = division.map(|d| {
            vec![Department {
                bureau: "企画部".into(),
                division: Some(d.into()),
            }]
        });
        r
    }

    #[test]
    fn the_fast_score_equals_the_full_comparison() {
        let records = vec![
            rec(
                "a/1",
                "民間賃貸住宅借上げシステムの運用",
                "応急仮設住宅（民間賃貸住宅借上げ）の契約・支払・問合せ対応等を適切に行う。",
                Some("住宅課"),
            ),
            rec(
                "b/1",
                "民間賃貸住宅借上げシステムの運用管理",
                "応急仮設住宅の契約・支払を適切に行うため，システムを活用する。",
                Some("住宅課"),
            ),
            rec("a/2", "サーバの統合・仮想化", "経費削減", None),
            rec(
                "b/2",
                "商店街の情報化支援",
                "商店街の集客力向上",
                Some("商工課"),
            ),
            rec("b/3", "情報化", "", None),
        ];
        let corpus = Corpus::of(&records);
        let profiles: Vec<Profile> = records.iter().map(Profile::of).collect();
        let mut interner = Interner::default();
        let prepared: Vec<Prepared> = profiles
            .iter()
            .map(|p| Prepared::of(p, &corpus, &mut interner))
            .collect();
        let params = LineageParams::default();
        let mut linked = 0;
        for (i, pa) in profiles.iter().enumerate() {
            for (j, pb) in profiles.iter().enumerate() {
                let full = compare(pa, pb, &corpus, &params).score;
                let fast = score(&prepared[i], &prepared[j], pa, pb, &params);
                assert!((full - fast).abs() < 1e-12, "{i}→{j}: {full} vs {fast}");
                // The bound never drops a pair the score keeps.
                let may = may_link(&prepared[i], &prepared[j], pa, pb, &params);
                assert_eq!(may, fast >= params.threshold - TOLERANCE, "{i}→{j}");
                linked += usize::from(may);
            }
        }
        // The pairs of each record with itself and the two 住宅 cards.
        assert!(linked >= records.len() + 2, "{linked}");
        assert!(linked < records.len() * records.len(), "{linked}");
        // The postings give each pair the sums the merges give, to the bit,
        // and so the same decisions.
        let postings = Postings::of(&prepared);
        let mut shared = Vec::new();
        for (i, fa) in prepared.iter().enumerate() {
            postings.shared_with(fa, &mut shared);
            assert_eq!(shared.len(), prepared.len());
            for (j, fb) in prepared.iter().enumerate() {
                let merged = (fa.title.shared(&fb.title), fa.summary.shared(&fb.summary));
                assert_eq!(merged.0.to_bits(), shared[j].title.to_bits(), "{i}→{j}");
                assert_eq!(merged.1.to_bits(), shared[j].summary.to_bits(), "{i}→{j}");
                let given = may_link_given(fa, fb, &profiles[i], &profiles[j], &params, shared[j]);
                assert_eq!(given, may_link(fa, fb, &profiles[i], &profiles[j], &params));
            }
            assert!(shared[i].title > 0.0, "a record shares its own title");
        }
    }
}
