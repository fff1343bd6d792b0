//! Lineage of initiatives across editions of each issuer's plan.
//!
//! An initiative of one edition often continues in the next, under the same
//! or a changed title, sometimes as another kind of record (a 2013 table row
//! about a website becomes a 2014 site entry). This module finds those links
//! with pure functions over `&[Record]`, so it needs no index:
//!
//! 1. [`similarity::Profile`] takes what a record contributes (title and
//!    summary n-grams after NFKC, terms, URL directories, departments) and
//!    [`similarity::Corpus`] the rarity of every term over all records;
//! 2. [`similarity::compare`] scores a pair of candidates (initiatives and
//!    sites) of two editions, with one evidence string per feature; every
//!    pair is first scored by [`prefilter::score`] (the same score on
//!    interned features, without evidence), and only pairs near the threshold
//!    are compared in full;
//! 3. [`assign::greedy`] keeps the pairs above [`LineageParams::threshold`],
//!    one-to-one, best first.
//!
//! [`compute_by_issuer`] links each edition to the next one in time
//! ([`edition_order`]) of the same issuer (prefecture or municipality, from
//! the ingest manifest); [`compute`] treats all records as one issuer's;
//! [`diff::diff`] compares any two editions and reports what changed;
//! [`record`] gives each record its side of the links and its status (the
//! index stores it with the record, in the same commit); [`store`] reads it
//! back.
//!
//! ```no_run
//! # fn demo(records: &[shisaku::plan::Record]) {
//! use shisaku::lineage::{compute, LineageParams};
//! let lineage = compute(records, &LineageParams::default());
//! for link in lineage.successors("it2013/2-2-3") {
//!     println!("→ {} ({:.2}): {}", link.to, link.score, link.evidence.join("; "));
//! }
//! # }
//! ```

pub mod assign;
pub mod diff;
mod link;
pub mod prefilter;
pub mod record;
pub mod similarity;
pub mod store;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::analysis::WordTable;
use crate::plan::{Record, RecordKind};

pub use diff::{diff, Continued, EditionDiff};
pub use record::{Neighbour, RecordLineage, Status};
pub use store::lineage_of;

/// Errors of computing, storing and loading lineage.
#[derive(Debug, thiserror::Error)]
pub enum LineageError {
    /// An edition named in a request has no records.
    #[error("edition {0:?} has no records (known: {1})")]
    UnknownEdition(String, String),
    /// Both sides of a diff are the same edition.
    #[error("cannot compare edition {0:?} with itself; name two different editions")]
    SameEdition(String),
}

/// Weights and threshold of the lineage score. The three weights apply to
/// similarities in 0..=1 and sum to 1; n-grams and terms are weighted by
/// their IDF over all records, so stock phrases (システムの運用, 事業の推進)
/// count little. A pair whose titles differ and whose summaries do not
/// support it is scaled down; the bonuses are added on top (the score is
/// then capped at 1).
///
/// The defaults were set on the two shipped editions (it2013 → ict2014):
/// true links score 0.26–0.98, the best unrelated pair left after the
/// one-to-one assignment about 0.17.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineageParams {
    /// Weight of the title similarity: the larger of the bigram Dice
    /// coefficient and [`Self::containment_factor`] × the share of the shorter
    /// title's bigrams found in the longer one.
    pub title_weight: f64,
    /// Weight of the summary similarity: the share of the shorter summary's
    /// character trigrams found in the longer one.
    pub summary_weight: f64,
    /// Weight of the term similarity: cosine of the two records' term sets,
    /// each term weighted by its IDF over all records.
    pub terms_weight: f64,
    /// How much a title wholly contained in the other counts, relative to an
    /// identical title.
    pub containment_factor: f64,
    /// Title containment from which it is named in the evidence.
    pub containment_evidence: f64,
    /// Title similarity from which the title alone supports a link.
    pub title_alone: f64,
    /// Summary similarity that supports a link whose titles differ.
    pub summary_support: f64,
    /// Factor applied to the score of a pair whose titles differ (below
    /// [`Self::title_alone`]) and whose summaries share little (below
    /// [`Self::summary_support`]): two different things with similar names,
    /// such as two mail magazines.
    pub unsupported_factor: f64,
    /// Added when both records print the same URL.
    pub same_url_bonus: f64,
    /// Added when both records have a URL in the same directory of the same
    /// host (and no identical URL).
    pub same_url_dir_bonus: f64,
    /// Added when both records name the same division (or bureau).
    pub same_department_bonus: f64,
    /// Lowest score of a link.
    pub threshold: f64,
}

impl Default for LineageParams {
    fn default() -> LineageParams {
        LineageParams {
            title_weight: 0.5,
            summary_weight: 0.25,
            terms_weight: 0.25,
            containment_factor: 0.85,
            containment_evidence: 0.8,
            title_alone: 0.9,
            summary_support: 0.1,
            unsupported_factor: 0.5,
            same_url_bonus: 0.2,
            same_url_dir_bonus: 0.05,
            same_department_bonus: 0.05,
            threshold: 0.22,
        }
    }
}

/// A link from a record of an earlier edition to its continuation in a later
/// one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// Id in the earlier edition.
    pub from: String,
    /// Id in the later edition.
    pub to: String,
    /// Score in 0..=1 (see [`LineageParams`]).
    pub score: f64,
    /// Why, in words for the reader, e.g. "題名の一致度 0.71".
    pub evidence: Vec<String>,
}

/// Links between consecutive editions of each issuer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Lineage {
    /// Editions, by issuer, oldest first.
    pub editions: Vec<String>,
    /// Issuer of each edition whose issuer is known.
    #[serde(default)]
    pub issuers: BTreeMap<String, String>,
    /// Every link, earlier → later.
    pub links: Vec<Link>,
}

impl Lineage {
    /// Links from `id` to later editions.
    pub fn successors<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Link> + 'a {
        self.links.iter().filter(move |l| l.from == id)
    }

    /// Links to `id` from earlier editions.
    pub fn predecessors<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Link> + 'a {
        self.links.iter().filter(move |l| l.to == id)
    }
}

/// Whether `record` takes part in lineage: initiatives and site entries (the
/// things that continue); overviews and topics are prose about an item.
pub fn is_candidate(record: &Record) -> bool {
    matches!(record.kind, RecordKind::Initiative | RecordKind::Site)
}

/// The year an edition starts: the first four-digit number in its id
/// ("ict2014" → 2014), if any.
pub fn edition_year(edition: &str) -> Option<u32> {
    let digits: String = edition
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    (digits.len() == 4).then(|| digits.parse().ok()).flatten()
}

/// The editions of `records`, oldest first (see [`order_editions`]).
pub fn edition_order(records: &[Record]) -> Vec<String> {
    order_editions(records.iter().map(|r| r.edition.as_str()))
}

/// Distinct edition ids, oldest first (by [`edition_year`], then id;
/// editions without a year go last).
pub fn order_editions<'a>(editions: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let distinct: std::collections::BTreeSet<&str> = editions.into_iter().collect();
    let mut eds: Vec<String> = distinct.into_iter().map(str::to_string).collect();
    eds.sort_by_key(|e| edition_year(e).unwrap_or(u32::MAX));
    eds
}

/// `order` split by issuer (edition id → issuer; editions of no known issuer
/// under ""), each chain in `order`'s order.
pub fn chain_order(
    order: &[String],
    issuers: &BTreeMap<String, String>,
) -> BTreeMap<String, Vec<String>> {
    let mut chains: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in order {
        let issuer = issuers.get(e).cloned().unwrap_or_default();
        chains.entry(issuer).or_default().push(e.clone());
    }
    chains
}

/// Links each edition of `records` to the next one in [`edition_order`],
/// all records taken as one issuer's.
pub fn compute(records: &[Record], params: &LineageParams) -> Lineage {
    compute_by_issuer(records, &BTreeMap::new(), params)
}

/// Links each edition of `records` to the next one in [`edition_order`] of
/// the same issuer (`issuers`: edition id → issuer). Editions of no known
/// issuer form one group of their own. Each pair of editions is scored with
/// term rarity counted over the records of those two editions only, so its
/// links depend on nothing else in the index.
pub fn compute_by_issuer(
    records: &[Record],
    issuers: &BTreeMap<String, String>,
    params: &LineageParams,
) -> Lineage {
    compute_reusing(
        records,
        issuers,
        params,
        &|_, _| None,
        &WordTable::default(),
    )
}

/// [`compute_by_issuer`], taking the links of a pair of editions from
/// `known(from, to)` when it has them (a pair whose two editions did not
/// change since it was last linked), so only new pairs are analysed and
/// scored. The words of a text are taken from `words` when it has them.
pub fn compute_reusing(
    records: &[Record],
    issuers: &BTreeMap<String, String>,
    params: &LineageParams,
    known: &dyn Fn(&str, &str) -> Option<Vec<Link>>,
    words: &WordTable,
) -> Lineage {
    let order = edition_order(records);
    let mut editions = Vec::with_capacity(order.len());
    // Each consecutive pair of each issuer's chain, with its stored links
    // when they can be kept.
    let mut pairs: Vec<(&String, &String, Option<Vec<Link>>)> = Vec::new();
    let chains = chain_order(&order, issuers);
    for chain in chains.values() {
        editions.extend(chain.iter().cloned());
        for pair in chain.windows(2) {
            if let [from, to] = pair {
                pairs.push((from, to, known(from, to)));
            }
        }
    }
    // Analyse every edition that takes part in a pair to score, in one
    // parallel pass, then score the pairs.
    let mut linker = link::Linker::new(records, words);
    let to_score: Vec<&str> = pairs
        .iter()
        .filter(|(_, _, k)| k.is_none())
        .flat_map(|(a, b, _)| [a.as_str(), b.as_str()])
        .collect();
    linker.prepare(&to_score);
    // Pairs are independent once every edition is profiled: score them in
    // parallel, keeping the chain order of their links.
    let links: Vec<Link> = pairs
        .into_par_iter()
        .map(|(from, to, stored)| stored.unwrap_or_else(|| linker.link(from, to, params)))
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect();
    let issuers = issuers
        .iter()
        .filter(|(e, _)| order.contains(e))
        .map(|(e, i)| (e.clone(), i.clone()))
        .collect();
    Lineage {
        editions,
        issuers,
        links,
    }
}

/// Links records of edition `from` to records of edition `to` (one-to-one),
/// with term rarity counted over the records of the two editions. Sorted by
/// `from` id.
pub fn link_editions(
    records: &[Record],
    from: &str,
    to: &str,
    params: &LineageParams,
) -> Vec<Link> {
    let none = WordTable::default();
    let mut linker = link::Linker::new(records, &none);
    linker.prepare(&[from, to]);
    linker.link(from, to, params)
}

/// A record for tests: `id` is `<edition>/<number>`.
#[cfg(test)]
pub(crate) fn test_record(id: &str, kind: RecordKind, title: &str, summary: &str) -> Record {
    let edition = id.split('/').next().unwrap_or_default().to_string();
    let mut r = Record::empty(id.into(), edition, kind, 1);
    r.title = title.into();
    r.summary = Some(summary.into());
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: &str, kind: RecordKind, title: &str, summary: &str) -> Record {
        test_record(id, kind, title, summary)
    }

    fn sample() -> Vec<Record> {
        vec![
            rec(
                "it2013/1",
                RecordKind::Initiative,
                "民間賃貸住宅借上げシステムの運用",
                "応急仮設住宅（民間賃貸住宅借上げ）の契約・支払・問合せ対応等を適切に行う。",
            ),
            rec(
                "it2013/2",
                RecordKind::Initiative,
                "みやぎ復興人材ネットワーク事業【ＨＰ】",
                "求人企業・就職者登録，就職・生活関連情報を提供",
            ),
            rec("it2013/3", RecordKind::Initiative, "サーバの統合・仮想化", "経費削減"),
            rec(
                "ict2014/1",
                RecordKind::Initiative,
                "民間賃貸住宅借上げシステムの運用",
                "応急仮設住宅（民間賃貸住宅借上げ）の契約・支払・問合せ対応等を適切に行うため，システムを活用",
            ),
            rec(
                "ict2014/site/1",
                RecordKind::Site,
                "みやぎ復興人材ネットワーク事業",
                "求人登録，就職・生活関連情報を提供し，ＵＩターンを支援",
            ),
            rec("ict2014/2", RecordKind::Initiative, "商店街の情報化支援", "集客力向上"),
        ]
    }

    #[test]
    fn editions_are_ordered_by_year() {
        assert_eq!(edition_year("ict2014"), Some(2014));
        assert_eq!(edition_year("x"), None);
        assert_eq!(edition_order(&sample()), ["it2013", "ict2014"]);
    }

    #[test]
    fn editions_of_different_issuers_are_not_linked() {
        let mut records = sample();
        // A third edition, of another issuer, repeating it2013's first row.
        let mut other = records[0].clone();
        other.id = "plan2015/1".into();
        other.edition = "plan2015".into();
        records.push(other);
        let one_issuer = compute(&records, &LineageParams::default());
        assert!(one_issuer.links.iter().any(|l| l.to == "plan2015/1"));
        let issuers: BTreeMap<String, String> = [
            ("it2013", "宮城県"),
            ("ict2014", "宮城県"),
            ("plan2015", "仙台市"),
        ]
        .into_iter()
        .map(|(e, i)| (e.to_string(), i.to_string()))
        .collect();
        let by_issuer = compute_by_issuer(&records, &issuers, &LineageParams::default());
        assert!(by_issuer.links.iter().all(|l| l.to != "plan2015/1"));
        assert_eq!(by_issuer.links.len(), 2, "宮城県's links stay");
        assert_eq!(by_issuer.editions, ["plan2015", "it2013", "ict2014"]);
        assert_eq!(by_issuer.issuers.len(), 3);
    }

    #[test]
    fn links_same_and_renamed_and_cross_kind_one_to_one() {
        let lineage = compute(&sample(), &LineageParams::default());
        let pairs: Vec<(&str, &str)> = lineage
            .links
            .iter()
            .map(|l| (l.from.as_str(), l.to.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [("it2013/1", "ict2014/1"), ("it2013/2", "ict2014/site/1")]
        );
        assert_eq!(lineage.successors("it2013/1").count(), 1);
        assert_eq!(lineage.predecessors("ict2014/site/1").count(), 1);
        let cross = &lineage.links[1];
        assert!(cross.evidence.iter().any(|e| e.starts_with("種別の変更")));
    }
}
