//! Synthetic corpus and query sets for the search benchmark.
//!
//! Owns three things: a small deterministic PRNG ([`Rng`]), the synthesis of
//! ≥ 100k records from the gold records ([`synthesize`]: new ids and editions,
//! shuffled and mixed sentences, swapped titles and departments), and the query
//! sets drawn from the corpus vocabulary ([`queries`]). Hands on plain
//! [`Record`]s and [`BenchQuery`]s, which both engines under test consume.

use std::collections::BTreeSet;
use std::path::Path;

use shisaku::analysis::morph_tokens;
use shisaku::index::document::body;
use shisaku::plan::{FiscalYear, Record};
use shisaku::query::{Filter, FilterKey};

/// Editions per original edition prefix in the synthetic corpus.
const EDITIONS: u64 = 40;
/// Chance (per mille) that a synthetic record takes another record's title.
const SWAP_TITLE: u64 = 300;
/// Chance (per mille) that it takes another record's departments.
const SWAP_DEPT: u64 = 300;
/// Chance (per mille) that one of its sentences comes from another record.
const MIX_SENTENCE: u64 = 500;

/// SplitMix64: small, fast, deterministic, good enough for test data.
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next() % n as u64) as usize
    }

    /// True with probability `per_mille` / 1000.
    pub fn chance(&mut self, per_mille: u64) -> bool {
        self.next() % 1000 < per_mille
    }

    /// A random element of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// Reads every `records` array of the gold files in `dir`.
pub fn load_gold(dir: &Path) -> Vec<Record> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("gold directory")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("gold file");
        let value: serde_json::Value = serde_json::from_str(&text).expect("gold JSON");
        let records = value.get("records").cloned().unwrap_or_default();
        let records: Vec<Record> = serde_json::from_value(records).expect("gold records");
        out.extend(records);
    }
    out
}

/// Splits prose into sentences, each keeping its 「。」.
fn sentences(text: &str) -> Vec<String> {
    text.split_inclusive(['。', '\n'])
        .map(str::to_string)
        .filter(|s| !s.trim().is_empty())
        .collect()
}

/// `n` records varied from `gold` (see the module doc), deterministic in `seed`.
pub fn synthesize(gold: &[Record], n: usize, seed: u64) -> Vec<Record> {
    let mut rng = Rng::new(seed);
    let pool: Vec<String> = gold
        .iter()
        .filter_map(|r| body(r))
        .flat_map(sentences)
        .collect();
    let mut out = Vec::with_capacity(n);
    let mut variant = 0u64;
    while out.len() < n {
        for (gi, g) in gold.iter().enumerate() {
            if out.len() >= n {
                break;
            }
            let mut r = g.clone();
            let prefix: String = g
                .edition
                .chars()
                .take_while(char::is_ascii_alphabetic)
                .collect();
            let edition = format!("{prefix}{}", 2000 + (variant + gi as u64) % EDITIONS);
            let rest = g.id.split_once('/').map_or(g.id.as_str(), |(_, r)| r);
            r.id = format!("{edition}-v{variant}/{rest}");
            r.edition = edition.clone();
            r.source.file = format!("{edition}.pdf");
            if rng.chance(SWAP_TITLE) {
                let same_kind: Vec<&Record> = gold.iter().filter(|o| o.kind == g.kind).collect();
                if let Some(o) = rng.pick(&same_kind) {
                    r.title = o.title.clone();
                }
            }
            if r.departments.is_some() && rng.chance(SWAP_DEPT) {
                let with: Vec<&Record> = gold
                    .iter()
                    .filter(|o| o.departments.as_ref().is_some_and(|d| !d.is_empty()))
                    .collect();
                if let Some(o) = rng.pick(&with) {
                    r.departments = o.departments.clone();
                }
            }
            let vary = |text: &Option<String>, rng: &mut Rng| {
                text.as_ref().map(|t| {
                    let mut s = sentences(t);
                    rng.shuffle(&mut s);
                    if rng.chance(MIX_SENTENCE) {
                        let at = rng.below(s.len().max(1));
                        if let (Some(slot), Some(other)) = (s.get_mut(at), rng.pick(&pool)) {
                            *slot = other.clone();
                        }
                    }
                    s.concat()
                })
            };
            r.summary = vary(&g.summary, &mut rng);
            r.text = vary(&g.text, &mut rng);
            if let Some(spans) = r.schedule.as_mut() {
                let shift = rng.below(5) as i32 - 2;
                for s in spans {
                    s.to = FiscalYear::from_western(s.to.western() + shift);
                    s.from = s
                        .from
                        .map(|f| FiscalYear::from_western(f.western() + shift));
                }
            }
            out.push(r);
        }
        variant += 1;
    }
    out
}

/// Query class of the benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// One or two words.
    Keyword,
    /// A quoted run of consecutive words from the corpus.
    Phrase,
    /// One word plus a facet filter.
    Facet,
    /// One word, indicator target at least a value, sorted by target.
    Numeric,
}

impl Class {
    /// Every class, in report order.
    pub const ALL: [Class; 4] = [Class::Keyword, Class::Phrase, Class::Facet, Class::Numeric];

    /// Report label.
    pub fn name(self) -> &'static str {
        match self {
            Class::Keyword => "keyword",
            Class::Phrase => "phrase",
            Class::Facet => "facet-filtered",
            Class::Numeric => "numeric+sort",
        }
    }
}

/// One benchmark query.
#[derive(Debug, Clone)]
pub struct BenchQuery {
    /// Its class.
    pub class: Class,
    /// Words, space separated (AND), or one phrase.
    pub words: Vec<String>,
    /// Whether `words` is one quoted phrase.
    pub phrase: bool,
    /// A facet filter, for [`Class::Facet`].
    pub filter: Option<Filter>,
    /// Lowest indicator target, for [`Class::Numeric`] (hits sorted by target).
    pub min_target: Option<f64>,
}

impl BenchQuery {
    /// The query in shisaku's query language.
    pub fn shisaku_text(&self) -> String {
        if self.phrase {
            format!("\"{}\"", self.words.concat())
        } else {
            self.words.join(" ")
        }
    }
}

/// Content words of the gold titles and prose: two or more characters, with a
/// kanji or katakana, no digits or symbols.
pub fn vocabulary(gold: &[Record]) -> Vec<String> {
    let mut words = BTreeSet::new();
    for r in gold {
        for text in std::iter::once(r.title.as_str()).chain(body(r)) {
            for t in morph_tokens(text) {
                let ok = t.text.chars().count() >= 2
                    && t.text.chars().all(|c| c.is_alphabetic())
                    && t.text.chars().any(|c| c >= '\u{30A0}');
                if ok {
                    words.insert(t.text);
                }
            }
        }
    }
    words.into_iter().collect()
}

/// Runs of 2–3 adjacent words of the gold prose (normalised), as phrase material.
fn phrases(gold: &[Record]) -> Vec<String> {
    let mut out = BTreeSet::new();
    for r in gold {
        let Some(text) = body(r) else { continue };
        let tokens = morph_tokens(text);
        for w in tokens.windows(3) {
            let [a, b, c] = w else { continue };
            let content =
                |t: &shisaku::analysis::MorphToken| t.text.chars().any(|c| c >= '\u{4E00}');
            if a.offset_to == b.offset_from && content(a) && content(b) {
                out.insert(format!("{}{}", a.text, b.text));
                if b.offset_to == c.offset_from && content(c) {
                    out.insert(format!("{}{}{}", a.text, b.text, c.text));
                }
            }
        }
    }
    out.into_iter().collect()
}

/// `per_class` queries of every [`Class`], deterministic in `seed`.
pub fn queries(
    gold: &[Record],
    synthetic: &[Record],
    per_class: usize,
    seed: u64,
) -> Vec<BenchQuery> {
    let mut rng = Rng::new(seed);
    let vocab = vocabulary(gold);
    let runs = phrases(gold);
    let divisions: Vec<String> = gold
        .iter()
        .flat_map(|r| r.departments.iter().flatten())
        .filter_map(|d| d.division.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let editions: Vec<String> = synthetic
        .iter()
        .map(|r| r.edition.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let word = |rng: &mut Rng| rng.pick(&vocab).cloned().unwrap_or_default();
    let mut out = Vec::new();
    for _ in 0..per_class {
        let mut words = vec![word(&mut rng)];
        if rng.chance(300) {
            words.push(word(&mut rng));
        }
        out.push(BenchQuery {
            class: Class::Keyword,
            words,
            phrase: false,
            filter: None,
            min_target: None,
        });
    }
    for _ in 0..per_class {
        out.push(BenchQuery {
            class: Class::Phrase,
            words: vec![rng.pick(&runs).cloned().unwrap_or_default()],
            phrase: true,
            filter: None,
            min_target: None,
        });
    }
    for _ in 0..per_class {
        let filter = match rng.below(5) {
            0 => Filter::new(FilterKey::Kind, "initiative"),
            1 => Filter::new(FilterKey::Kind, "site"),
            2 => Filter::new(
                FilterKey::Edition,
                rng.pick(&editions).cloned().unwrap_or_default(),
            ),
            3 => Filter::new(FilterKey::Year, (2011 + rng.below(6)).to_string()),
            _ => Filter::new(
                FilterKey::Dept,
                rng.pick(&divisions).cloned().unwrap_or_default(),
            ),
        };
        out.push(BenchQuery {
            class: Class::Facet,
            words: vec![word(&mut rng)],
            phrase: false,
            filter: Some(filter),
            min_target: None,
        });
    }
    let targets: Vec<f64> = gold
        .iter()
        .filter_map(|r| r.primary_indicator()?.target.as_ref()?.quantity())
        .map(|q| q.number)
        .collect();
    for _ in 0..per_class {
        out.push(BenchQuery {
            class: Class::Numeric,
            words: vec![word(&mut rng)],
            phrase: false,
            filter: None,
            min_target: rng.pick(&targets).copied(),
        });
    }
    out
}
