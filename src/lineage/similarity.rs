//! How alike two records are, as a score with the reasons for it.
//!
//! A [`Profile`] is what one record contributes to a comparison: character
//! n-gram sets of its normalised title and summary, its terms (morphological
//! tokens of two or more characters that are not all kana particles or
//! digits), URL directories and department names. [`Corpus`] holds the
//! document frequency of every term over all records (title + prose), so a
//! term shared by two records counts by its rarity. [`compare`] turns two
//! profiles into a [`Similarity`]: the weighted score of
//! [`super::LineageParams`] and one human-readable evidence string per feature
//! that contributed.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use rayon::prelude::*;

use crate::analysis::{morph_tokens_without_readings, normalize_text, WordTable};
use crate::plan::values::body;
use crate::plan::{Record, RecordKind};

use super::LineageParams;

/// Shortest token (in characters) that counts as a term.
const MIN_TERM_CHARS: usize = 2;
/// Most shared terms named in the evidence.
const MAX_TERM_EVIDENCE: usize = 5;
/// A term found in more than this fraction of the records is not "rare" and
/// is not named in the evidence (it still counts, by its low weight).
const RARE_DF_FRACTION: f64 = 0.05;
/// Fewest title bigrams on the shorter side for containment to count: a title
/// of two or three characters is contained in many others by chance.
pub(super) const MIN_CONTAINED_BIGRAMS: usize = 6;

/// What one record brings to a comparison.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Record id.
    pub id: String,
    /// Record kind.
    pub kind: RecordKind,
    /// Title as printed.
    pub title: String,
    /// Character bigrams of the normalised title.
    pub(super) title_grams: FxHashSet<Gram>,
    /// Character trigrams of the normalised summary.
    pub(super) summary_grams: FxHashSet<Gram>,
    /// Distinct terms of title and summary.
    pub(super) terms: BTreeSet<String>,
    /// URL directories: host + path up to the last `/`.
    pub(super) url_dirs: BTreeSet<String>,
    /// Whole URLs, normalised (no scheme, no `www.`).
    pub(super) urls: BTreeSet<String>,
    /// Division (or bureau when there is none) names, normalised.
    pub(super) departments: BTreeSet<String>,
}

impl Profile {
    /// The profile of `record`.
    pub fn of(record: &Record) -> Profile {
        Profile::build(record, &terms_of)
    }

    /// The profile of `record`, with the terms of its texts from `analysis`.
    pub fn analysed(record: &Record, analysis: &Analysis) -> Profile {
        Profile::build(record, &|text| analysis.terms(text))
    }

    fn build(record: &Record, terms_of: &dyn Fn(&str) -> BTreeSet<String>) -> Profile {
        let title = strip_media_tag(&record.title);
        let summary = body(record).unwrap_or_default();
        let mut terms = terms_of(title);
        terms.extend(terms_of(summary));
        let urls: BTreeSet<String> = record
            .urls
            .iter()
            .flatten()
            .filter_map(|u| normalize_url(u))
            .collect();
        let url_dirs = urls
            .iter()
            .filter_map(|u| url_dir(u).map(str::to_string))
            .collect();
        let departments = record
            .departments
            .iter()
            .flatten()
            .map(|d| compact(d.division.as_deref().unwrap_or(&d.bureau)))
            .filter(|d| !d.is_empty())
            .collect();
        Profile {
            id: record.id.clone(),
            kind: record.kind,
            title: record.title.clone(),
            title_grams: ngrams(&compact(title), 2),
            summary_grams: ngrams(&compact(summary), 3),
            terms,
            url_dirs,
            urls,
            departments,
        }
    }

    /// Whether the title has anything to compare.
    pub fn is_empty(&self) -> bool {
        self.title_grams.is_empty()
    }
}

/// The terms of many texts, analysed once (in parallel) and shared by every
/// comparison that needs them: morphological analysis is the costly part of
/// lineage.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Terms by text.
    terms: FxHashMap<String, BTreeSet<String>>,
}

impl Analysis {
    /// Analyses the titles (with and without a media tag) and prose of
    /// `records`, taking the words of a text from `words` when it has them.
    pub fn of<'a>(records: impl IntoIterator<Item = &'a Record>, words: &WordTable) -> Analysis {
        let mut texts: Vec<&str> = records.into_iter().flat_map(analysed_texts).collect();
        texts.sort_unstable();
        texts.dedup();
        Analysis {
            terms: texts
                .par_iter()
                .map(|t| {
                    let terms = match words.get(t) {
                        Some(w) => w
                            .words()
                            .filter(|w| is_term(w))
                            .map(str::to_string)
                            .collect(),
                        None => terms_of(t),
                    };
                    (t.to_string(), terms)
                })
                .collect(),
        }
    }

    /// Adds the texts of `other`.
    pub fn extend(&mut self, other: Analysis) {
        self.terms.extend(other.terms);
    }

    /// The terms of `text`: analysed already, else now.
    pub fn terms(&self, text: &str) -> BTreeSet<String> {
        self.terms_ref(text).into_owned()
    }

    /// [`Self::terms`], borrowed when `text` was analysed already.
    pub fn terms_ref(&self, text: &str) -> Cow<'_, BTreeSet<String>> {
        match self.terms.get(text) {
            Some(terms) => Cow::Borrowed(terms),
            None => Cow::Owned(terms_of(text)),
        }
    }
}

/// Document frequencies of terms over a set of records.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// Records counted.
    docs: usize,
    /// Records containing each term.
    df: FxHashMap<String, usize>,
    /// Records whose title contains each character bigram.
    title_df: FxHashMap<Gram, usize>,
    /// Records whose prose contains each character trigram.
    summary_df: FxHashMap<Gram, usize>,
    /// [`Self::idf`] by document frequency up to [`IDF_TABLE`], made on first
    /// use once counting is done (a pair's comparison looks up thousands of
    /// rarities, nearly all of small document frequencies).
    idf_by_df: OnceLock<Vec<f64>>,
}

/// The largest document frequency whose rarity [`Corpus`] keeps in a table.
const IDF_TABLE: usize = 4096;

impl Corpus {
    /// Counts the terms of every record (title and prose, all kinds).
    pub fn of(records: &[Record]) -> Corpus {
        Corpus::counted(records, &Analysis::of(records, &WordTable::default()))
    }

    /// Counts the terms of every record of `records`, with their terms taken
    /// from `analysis`.
    pub fn counted<'a>(
        records: impl IntoIterator<Item = &'a Record>,
        analysis: &Analysis,
    ) -> Corpus {
        let mut corpus = Corpus::default();
        for r in records {
            corpus.count(r, None, analysis);
        }
        corpus
    }

    /// Counts the terms of `record`, taking its n-grams and terms from its
    /// `profile` when there is one (the profile's are the same, bar a title
    /// with a media tag, whose terms are counted with the tag).
    pub fn count(&mut self, record: &Record, profile: Option<&Profile>, analysis: &Analysis) {
        self.docs += 1;
        self.idf_by_df.take();
        let mut add_term = |t: &str| match self.df.get_mut(t) {
            Some(n) => *n += 1,
            None => {
                self.df.insert(t.to_string(), 1);
            }
        };
        let body_text = body(record).unwrap_or_default();
        let tagged = strip_media_tag(&record.title) != record.title;
        match profile {
            Some(p) if !tagged => p.terms.iter().for_each(|t| add_term(t)),
            _ => {
                // Each term of title and prose once, without copying them.
                let title = analysis.terms_ref(&record.title);
                let prose = analysis.terms_ref(body_text);
                title.iter().for_each(|t| add_term(t));
                prose
                    .iter()
                    .filter(|t| !title.contains(*t))
                    .for_each(|t| add_term(t));
            }
        }
        let count = |table: &mut FxHashMap<Gram, usize>, grams: &FxHashSet<Gram>| {
            for g in grams {
                *table.entry(*g).or_default() += 1;
            }
        };
        match profile {
            Some(p) => {
                count(&mut self.title_df, &p.title_grams);
                count(&mut self.summary_df, &p.summary_grams);
            }
            None => {
                let title = ngrams(&compact(strip_media_tag(&record.title)), 2);
                count(&mut self.title_df, &title);
                count(&mut self.summary_df, &ngrams(&compact(body_text), 3));
            }
        }
    }

    /// The counts of `self` and `other` together: the corpus of both record
    /// sets (which must not overlap), without counting any record again.
    pub fn merged(&self, other: &Corpus) -> Corpus {
        fn add<K: Clone + std::hash::Hash + Eq>(
            into: &mut FxHashMap<K, usize>,
            from: &FxHashMap<K, usize>,
        ) {
            for (k, n) in from {
                *into.entry(k.clone()).or_default() += n;
            }
        }
        let (big, small) = if self.df.len() >= other.df.len() {
            (self, other)
        } else {
            (other, self)
        };
        let mut out = big.clone();
        out.docs += small.docs;
        out.idf_by_df.take();
        add(&mut out.df, &small.df);
        add(&mut out.title_df, &small.title_df);
        add(&mut out.summary_df, &small.summary_df);
        out
    }

    /// Inverse document frequency of `term`: ln(1 + N / df), so a term in
    /// every record still weighs a little and an unseen one weighs most.
    pub fn idf(&self, term: &str) -> f64 {
        self.idf_in(&self.df, term)
    }

    /// Inverse document frequency of a title bigram (as [`Self::idf`]).
    pub fn title_idf(&self, gram: Gram) -> f64 {
        self.idf_in(&self.title_df, &gram)
    }

    /// Inverse document frequency of a summary trigram (as [`Self::idf`]).
    pub fn summary_idf(&self, gram: Gram) -> f64 {
        self.idf_in(&self.summary_df, &gram)
    }

    fn idf_in<K, Q>(&self, table: &FxHashMap<K, usize>, key: &Q) -> f64
    where
        K: std::borrow::Borrow<Q> + std::hash::Hash + Eq,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        let df = table.get(key).copied().unwrap_or(0).max(1);
        let rarities = self.idf_by_df.get_or_init(|| {
            (0..=self.docs.min(IDF_TABLE))
                .map(|df| self.idf_of_df(df))
                .collect()
        });
        rarities
            .get(df)
            .copied()
            .unwrap_or_else(|| self.idf_of_df(df))
    }

    /// ln(1 + N / df), with N and df at least 1.
    fn idf_of_df(&self, df: usize) -> f64 {
        (1.0 + self.docs.max(1) as f64 / df.max(1) as f64).ln()
    }

    /// Records containing `term`.
    pub fn df(&self, term: &str) -> usize {
        self.df.get(term).copied().unwrap_or(0)
    }
}

/// The result of comparing two profiles.
#[derive(Debug, Clone, PartialEq)]
pub struct Similarity {
    /// Combined score in 0..=1.
    pub score: f64,
    /// Why, one string per contributing feature.
    pub evidence: Vec<String>,
}

/// Compares `a` (earlier edition) with `b` (later edition).
pub fn compare(a: &Profile, b: &Profile, corpus: &Corpus, params: &LineageParams) -> Similarity {
    let mut evidence = Vec::new();

    let title_w = |g: &Gram| corpus.title_idf(*g);
    let dice_t = dice(&a.title_grams, &b.title_grams, title_w);
    let contained = containment(&a.title_grams, &b.title_grams, title_w);
    let title = dice_t.max(params.containment_factor * contained);
    if dice_t > 0.0 {
        evidence.push(format!("題名の一致度 {dice_t:.2}"));
    }
    if contained >= params.containment_evidence && dice_t < 1.0 {
        evidence.push(format!(
            "短い方の題名が他方に含まれる（2文字単位で {contained:.2}）"
        ));
    }

    let summary_w = |g: &Gram| corpus.summary_idf(*g);
    let summary = containment(&a.summary_grams, &b.summary_grams, summary_w);
    if summary > 0.0 {
        evidence.push(format!("概要の一致度 {summary:.2}"));
    }

    let (terms, shared) = term_cosine(a, b, corpus);
    if terms > 0.0 {
        evidence.push(format!("特徴語の類似度 {terms:.2}"));
    }
    let rare_df = ((corpus.docs as f64) * RARE_DF_FRACTION).ceil().max(2.0) as usize;
    for (term, _) in shared
        .iter()
        .filter(|(t, _)| corpus.df(t) <= rare_df)
        .take(MAX_TERM_EVIDENCE)
    {
        evidence.push(format!(
            "共通の語: {term}（{} 件中 {} 件に出現）",
            corpus.docs,
            corpus.df(term)
        ));
    }

    let mut score =
        params.title_weight * title + params.summary_weight * summary + params.terms_weight * terms;

    if title < params.title_alone && summary < params.summary_support {
        score *= params.unsupported_factor;
        evidence.push(format!(
            "題名が異なり概要の共通部分も少ない: 類似度 × {}",
            params.unsupported_factor
        ));
    }

    if let Some(url) = a.urls.intersection(&b.urls).next() {
        score += params.same_url_bonus;
        evidence.push(format!("同じURL {url}"));
    } else if let Some(dir) = a.url_dirs.intersection(&b.url_dirs).next() {
        score += params.same_url_dir_bonus;
        let path = dir.find('/').and_then(|i| dir.get(i..)).unwrap_or(dir);
        evidence.push(format!("同じURLパス {path}"));
    }
    if let Some(dept) = a.departments.intersection(&b.departments).next() {
        score += params.same_department_bonus;
        evidence.push(format!("同じ担当 {dept}"));
    }
    if a.kind != b.kind {
        evidence.push(format!(
            "種別の変更: {} → {}",
            a.kind.as_str(),
            b.kind.as_str()
        ));
    }
    Similarity {
        score: score.clamp(0.0, 1.0),
        evidence,
    }
}

/// Cosine of the two term sets weighted by squared IDF, and the shared terms,
/// rarest first.
fn term_cosine(a: &Profile, b: &Profile, corpus: &Corpus) -> (f64, Vec<(String, f64)>) {
    let norm = |p: &Profile| -> f64 {
        p.terms
            .iter()
            .map(|t| corpus.idf(t).powi(2))
            .sum::<f64>()
            .sqrt()
    };
    let (na, nb) = (norm(a), norm(b));
    if na == 0.0 || nb == 0.0 {
        return (0.0, Vec::new());
    }
    let mut shared: Vec<(String, f64)> = a
        .terms
        .intersection(&b.terms)
        .map(|t| (t.clone(), corpus.idf(t)))
        .collect();
    let dot: f64 = shared.iter().map(|(_, w)| w * w).sum();
    shared.sort_by(|x, y| y.1.total_cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
    (dot / (na * nb), shared)
}

/// Dice coefficient of two sets, each element weighted by `w` (its IDF, so
/// n-grams of stock phrases such as システムの運用 count little); 0 when both
/// are empty.
fn dice(a: &FxHashSet<Gram>, b: &FxHashSet<Gram>, w: impl Fn(&Gram) -> f64) -> f64 {
    let total: f64 = a.iter().chain(b).map(&w).sum();
    if total <= 0.0 {
        return 0.0;
    }
    2.0 * a.intersection(b).map(&w).sum::<f64>() / total
}

/// Weighted share of the smaller set found in the larger one (0 when the
/// smaller set has fewer than [`MIN_CONTAINED_BIGRAMS`] elements).
fn containment(a: &FxHashSet<Gram>, b: &FxHashSet<Gram>, w: impl Fn(&Gram) -> f64) -> f64 {
    if a.len().min(b.len()) < MIN_CONTAINED_BIGRAMS {
        return 0.0;
    }
    let (sa, sb): (f64, f64) = (a.iter().map(&w).sum(), b.iter().map(&w).sum());
    let small = sa.min(sb);
    if small <= 0.0 {
        return 0.0;
    }
    (a.intersection(b).map(&w).sum::<f64>() / small).min(1.0)
}

/// Normalised text with only letters and digits kept (NFKC, lower case,
/// look-alike dashes folded by [`crate::analysis::normalize()`]).
pub fn compact(text: &str) -> String {
    normalize_text(text)
        .chars()
        .filter(|&c| crate::unicode::is_alphanumeric(c))
        .collect()
}

/// A character n-gram of up to three characters, packed 21 bits a character
/// (every scalar value fits): comparing and counting them allocates nothing.
/// The texts they come from ([`compact`]) hold letters and digits only, so a
/// shorter gram never equals a longer one padded with U+0000.
pub type Gram = u64;

/// Packs up to three characters into a [`Gram`].
fn gram(chars: &[char]) -> Gram {
    chars.iter().fold(0, |g, &c| (g << 21) | u64::from(c))
}

/// The set of character `n`-grams (`n` ≤ 3) of `text` (the whole text when
/// shorter).
fn ngrams(text: &str, n: usize) -> FxHashSet<Gram> {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return FxHashSet::default();
    }
    if chars.len() <= n {
        return std::iter::once(gram(&chars)).collect();
    }
    chars.windows(n).map(gram).collect()
}

/// Terms of `text`: morphological tokens of at least [`MIN_TERM_CHARS`]
/// characters, not all hiragana and not all digits.
fn terms_of(text: &str) -> BTreeSet<String> {
    if text.trim().is_empty() {
        return BTreeSet::new();
    }
    morph_tokens_without_readings(text)
        .into_iter()
        .map(|t| t.text)
        .filter(|t| is_term(t))
        .collect()
}

/// Whether a word counts as a term: long enough, not all hiragana (particles,
/// endings), not a number.
fn is_term(word: &str) -> bool {
    word.chars().count() >= MIN_TERM_CHARS
        && !word.chars().all(|c| ('\u{3041}'..='\u{309f}').contains(&c))
        && !word
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// The texts of a record that lineage analyses: its title with and without
/// a media tag, and its prose. An ingest analyses them once for lineage and
/// the index together ([`WordTable`]).
pub fn analysed_texts(record: &Record) -> [&str; 3] {
    [
        record.title.as_str(),
        strip_media_tag(&record.title),
        body(record).unwrap_or_default(),
    ]
}

/// The title without a trailing media tag such as 【ＨＰ】 or 【ブログ】 (it2013
/// marks the medium of an information-dissemination row that way).
pub fn strip_media_tag(title: &str) -> &str {
    let trimmed = title.trim_end();
    if trimmed.ends_with('】') {
        if let Some(open) = trimmed.rfind('【') {
            let head = trimmed.get(..open).unwrap_or(trimmed).trim_end();
            if !head.is_empty() {
                return head;
            }
        }
    }
    trimmed
}

/// A URL without scheme and `www.`, lower-cased host, NFKC (the corpus prints
/// some URLs with full-width or look-alike characters).
fn normalize_url(url: &str) -> Option<String> {
    let n = normalize_text(url.trim());
    let rest = n
        .strip_prefix("https://")
        .or_else(|| n.strip_prefix("http://"))
        .unwrap_or(&n);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    (!rest.is_empty()).then(|| rest.to_string())
}

/// Host and directory of a normalised URL (`host/a/b/` of `host/a/b/c.html`),
/// or `None` when the directory is the site root.
fn url_dir(url: &str) -> Option<&str> {
    let slash = url.find('/')?;
    let last = url.rfind('/')?;
    (last > slash).then(|| url.get(..=last)).flatten()
}

#[cfg(test)]
#[path = "similarity_tests.rs"]
mod tests;
