//! The effect of the user dictionary on morphological matching, on the gold
//! records.
//!
//! Segments every record's title and prose twice: with shisaku's analyzer
//! (IPADIC + `dict/user_dictionary.csv`) and with IPADIC alone (loaded here
//! from the same compiled files). For each query word a record matches in a
//! segmentation when the word's token sequence occurs at consecutive
//! positions (a MORPH-only phrase query); it is relevant when its normalised
//! text contains the word. Matches are ranked by occurrences, and precision
//! of the top 10, overall precision and recall are printed for both.

use std::borrow::Cow;

use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use shisaku::analysis::{morph_tokens, normalize};
use shisaku::index::document::body;
use shisaku::plan::Record;

/// The loader over the IPADIC files `build.rs` compiled.
mod embedded {
    lindera_dictionary::embedded_dictionary!("/lindera-ipadic", IpadicOnly);
}

/// Compound words of the user dictionary, and parts of them.
const WORDS: [&str; 12] = [
    "クラウド",
    "データセンター",
    "ポータルサイト",
    "ソーシャルメディア",
    "ブロードバンド",
    "メールマガジン",
    "セキュリティ",
    "オープンデータ",
    "メディア",
    "サイト",
    "ポータル",
    "データ",
];

/// Tokens of `text` with IPADIC alone, normalised like the analyzer's.
fn plain_tokens(segmenter: &Segmenter, text: &str) -> Vec<String> {
    let normalized = normalize(text).text;
    let Ok(tokens) = segmenter.segment(Cow::Borrowed(normalized.as_str())) else {
        return Vec::new();
    };
    tokens
        .iter()
        .filter(|t| t.surface.chars().any(char::is_alphanumeric))
        .map(|t| normalize(&t.surface).text)
        .collect()
}

fn user_tokens(text: &str) -> Vec<String> {
    morph_tokens(text).into_iter().map(|t| t.text).collect()
}

/// Occurrences of `needle` as consecutive tokens in `hay`.
fn occurrences(hay: &[String], needle: &[String]) -> usize {
    if needle.is_empty() || hay.len() < needle.len() {
        return 0;
    }
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

/// (top-10 precision, precision, recall, matched) of one segmentation.
fn score(docs: &[Vec<String>], relevant: &[bool], query: &[String]) -> (f64, f64, f64, usize) {
    let mut matched: Vec<(usize, usize)> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (occurrences(d, query), i))
        .filter(|(n, _)| *n > 0)
        .collect();
    matched.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let rel = |i: &usize| relevant.get(*i).copied().unwrap_or(false);
    let top: Vec<usize> = matched.iter().take(10).map(|m| m.1).collect();
    let p10 = top.iter().filter(|i| rel(i)).count() as f64 / top.len().max(1) as f64;
    let hits = matched.iter().filter(|m| rel(&m.1)).count();
    let precision = hits as f64 / matched.len().max(1) as f64;
    let total_rel = relevant.iter().filter(|r| **r).count();
    let recall = hits as f64 / total_rel.max(1) as f64;
    (p10, precision, recall, matched.len())
}

/// Prints the with/without table for [`WORDS`] over `gold`.
pub fn report(gold: &[Record]) {
    let Ok(dictionary) = embedded::load() else {
        println!("user dictionary: IPADIC could not be loaded; skipped");
        return;
    };
    let plain = Segmenter::new(Mode::Normal, dictionary, None);
    let texts: Vec<String> = gold
        .iter()
        .map(|r| format!("{}\n{}", r.title, body(r).unwrap_or_default()))
        .collect();
    let with: Vec<Vec<String>> = texts.iter().map(|t| user_tokens(t)).collect();
    let without: Vec<Vec<String>> = texts.iter().map(|t| plain_tokens(&plain, t)).collect();
    println!(
        "user dictionary effect, MORPH-only phrase match over {} gold records (title + prose)",
        gold.len()
    );
    println!(
        "{:<18} {:>4} | {:<24} {:>5} {:>6} {:>6} {:>6} | {:<24} {:>5} {:>6} {:>6} {:>6}",
        "word",
        "rel",
        "tokens (user dict)",
        "hits",
        "P@10",
        "prec",
        "recall",
        "tokens (IPADIC only)",
        "hits",
        "P@10",
        "prec",
        "recall"
    );
    for word in WORDS {
        let key = normalize(word).text;
        let relevant: Vec<bool> = texts
            .iter()
            .map(|t| normalize(t).text.contains(&key))
            .collect();
        let q_with = user_tokens(word);
        let q_without = plain_tokens(&plain, word);
        let a = score(&with, &relevant, &q_with);
        let b = score(&without, &relevant, &q_without);
        println!(
            "{:<18} {:>4} | {:<24} {:>5} {:>6.2} {:>6.2} {:>6.2} | {:<24} {:>5} {:>6.2} {:>6.2} {:>6.2}",
            word,
            relevant.iter().filter(|r| **r).count(),
            q_with.join("/"),
            a.3,
            a.0,
            a.1,
            a.2,
            q_without.join("/"),
            b.3,
            b.0,
            b.1,
            b.2
        );
    }
}
