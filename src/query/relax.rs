//! Relaxations: what a query word means when the plans print it otherwise.
//!
//! Each relaxation is searched beside the word as typed, at a lower weight
//! than a literal match, and only in the spellings the index holds;
//! `--explain` names every one:
//! - **spelling variants** (×[`VARIANT_BOOST`]): a Latin loanword in katakana
//!   (cloud → クラウド), swapped katakana spellings (ウエブ → ウェブ, サーバー →
//!   サーバ), the okurigana-free form the dictionary reads the same (取り組み →
//!   取組), through [`crate::analysis::translit`];
//! - **compound → parts near each other** (×[`RELAX_BOOST`]): a compound that
//!   matches as typed also finds its content words in order with a few words
//!   between (人材育成 → 人材の育成, ＩＣＴ産業人材の育成);
//! - **compound → parts** (×[`RELAX_BOOST`]): a compound that matches nothing
//!   becomes its content words, all required (人材 AND 育成);
//! - **katakana → Latin** (×[`RELAX_BOOST`]): a katakana spelling of an acronym
//!   (ラン, エルジーワン) becomes the Latin spellings the index holds (LAN,
//!   LGWAN), unless the katakana matches as a whole word;
//! - **kana reading → parts**: a word typed in hiragana whose reading matches
//!   no text as a whole (じんざいいくせい against 人材の育成) is split in two,
//!   middle first, and each part searched by reading (じんざい + いくせい).
//!
//! Literal matches therefore rank first, and a query in quotes is never
//! relaxed.

use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query};
use tantivy::Searcher;

use super::build::{analyse, atom_query, near_query, Analysed};
use super::parse::Scope;
use crate::analysis;
use crate::index::schema::Fields;

/// Weight of a relaxed match, relative to a literal one.
pub const RELAX_BOOST: f32 = 0.3;
/// Weight of another spelling of the same word (ウエブ for ウェブ).
pub const VARIANT_BOOST: f32 = 0.8;
/// Most words between the parts of a compound searched near each other.
const NEAR_SLOP: u32 = 3;
/// Shortest part of a compound kept (characters), unless it is Latin or a digit run.
const MIN_PART_CHARS: usize = 2;

/// One relaxation of a word: its query, the analyses to highlight, and a line
/// for `--explain`.
pub(crate) struct Relaxed {
    /// The query (already boosted by [`RELAX_BOOST`]).
    pub query: Box<dyn Query>,
    /// Analyses of the parts or spellings, for highlighting.
    pub parts: Vec<Analysed>,
    /// What was done, e.g. "relaxed 人材育成 → 人材 + 育成 ×0.3".
    pub explain: String,
}

/// The word as typed: its query in every analysis (a substring counts) and
/// as a whole word (morphological analysis). They are run only when the
/// word has a relaxation to offer, so most words cost no extra search.
pub(crate) struct Literal<'a> {
    /// The word's query in every analysis.
    pub any: &'a dyn Query,
    /// The word's whole-word query.
    pub word: Option<Box<dyn Query>>,
}

/// Whether `query` matches any record.
pub(crate) fn matches_any(searcher: &Searcher, query: &dyn Query) -> bool {
    searcher.search(query, &Count).map_or(true, |n| n > 0)
}

/// The relaxations of the word `text` (scope `scope`) that match something.
/// Spelling variants are always tried; a compound's parts are searched near
/// each other when the word matches as typed and all required when it does
/// not; Latin spellings of katakana also for a katakana word found only
/// inside other words (ラン in グランプリ).
pub(crate) fn relax(
    searcher: &Searcher,
    fields: &Fields,
    scope: Scope,
    text: &str,
    literal: Literal,
) -> Vec<Relaxed> {
    let mut out = Vec::new();
    out.extend(latin_of_katakana(searcher, fields, scope, text, &literal));
    out.extend(spelling_variants(searcher, fields, scope, text));
    let parts = compound_parts(text);
    let splits = reading_splits(text);
    if parts.len() < 2 && splits.is_empty() {
        return out;
    }
    if matches_any(searcher, literal.any) {
        out.extend(near_parts(searcher, fields, scope, text, &parts));
        return out;
    }
    if let Some(r) = all_parts(searcher, fields, scope, text, &parts, "parts") {
        out.push(r);
        return out;
    }
    for split in splits {
        if let Some(r) = all_parts(searcher, fields, scope, text, &split, "reading parts") {
            out.push(r);
            break;
        }
    }
    out
}

/// The analyses of those `spellings` the index holds, with the spellings.
fn held(
    searcher: &Searcher,
    fields: &Fields,
    scope: Scope,
    spellings: Vec<String>,
) -> Vec<(String, Analysed)> {
    let index = searcher.index();
    spellings
        .into_iter()
        .map(|s| {
            let analysed = analyse(index, &s);
            (s, analysed)
        })
        .filter(|(_, a)| atom_query(fields, scope, a).is_some_and(|q| matches_any(searcher, &q)))
        .collect()
}

/// One relaxation searching those of `candidates` the index holds at
/// `boost`, explained as "relaxed TEXT: HOW A / B ×boost".
fn spelled(
    searcher: &Searcher,
    fields: &Fields,
    scope: Scope,
    text: &str,
    candidates: Vec<String>,
    boost: f32,
    how: &str,
) -> Option<Relaxed> {
    let spellings = held(searcher, fields, scope, candidates);
    let names: Vec<&str> = spellings.iter().map(|(s, _)| s.as_str()).collect();
    let explain = format!("  relaxed {text}: {how} {} ×{boost}", names.join(" / "));
    let queries: Vec<(Occur, Box<dyn Query>)> = spellings
        .iter()
        .filter_map(|(_, a)| atom_query(fields, scope, a).map(|q| (Occur::Should, q)))
        .collect();
    (!queries.is_empty()).then(|| Relaxed {
        query: Box::new(BoostQuery::new(Box::new(BooleanQuery::new(queries)), boost)),
        parts: spellings.into_iter().map(|(_, a)| a).collect(),
        explain,
    })
}

/// A katakana spelling of an acronym read as the Latin spellings the index
/// holds, unless the word matches as a whole word.
fn latin_of_katakana(
    searcher: &Searcher,
    fields: &Fields,
    scope: Scope,
    text: &str,
    literal: &Literal,
) -> Option<Relaxed> {
    let latin = analysis::translit::latin_readings(text);
    if latin.is_empty()
        || literal
            .word
            .as_ref()
            .is_some_and(|w| matches_any(searcher, w.as_ref()))
    {
        return None;
    }
    spelled(
        searcher,
        fields,
        scope,
        text,
        latin,
        RELAX_BOOST,
        "katakana read as",
    )
}

/// Other spellings of the same word that the index holds: a Latin loanword
/// in katakana (cloud → クラウド), swapped katakana variants (ウエブ → ウェブ,
/// サーバー → サーバ), the okurigana-free form of a word with the same
/// reading (取り組み → 取組).
fn spelling_variants(
    searcher: &Searcher,
    fields: &Fields,
    scope: Scope,
    text: &str,
) -> Option<Relaxed> {
    let mut variants = analysis::translit::katakana_spellings(text);
    variants.extend(analysis::translit::kana_variants(text));
    variants.extend(without_okurigana(text));
    if variants.is_empty() {
        return None;
    }
    spelled(
        searcher,
        fields,
        scope,
        text,
        variants,
        VARIANT_BOOST,
        "also spelled",
    )
}

/// The kanji of a word written in kanji with okurigana (取り組み → 取組),
/// when the dictionary reads both the same; `None` for other words.
pub fn without_okurigana(text: &str) -> Option<String> {
    let kanji = |c: char| matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '々');
    let hiragana = |c: char| matches!(c, '\u{3041}'..='\u{3096}');
    if !text.chars().all(|c| kanji(c) || hiragana(c)) || !text.chars().any(hiragana) {
        return None;
    }
    let stem: String = text.chars().filter(|c| kanji(*c)).collect();
    if stem.chars().count() < MIN_PART_CHARS {
        return None;
    }
    (analysis::reading(&stem) == analysis::reading(text)).then_some(stem)
}

/// A compound's parts in order with at most [`NEAR_SLOP`] words between
/// them, for a word that also matches as typed: 人材育成 finds 人材の育成.
fn near_parts(
    searcher: &Searcher,
    fields: &Fields,
    scope: Scope,
    text: &str,
    parts: &[String],
) -> Option<Relaxed> {
    if parts.len() < 2 {
        return None;
    }
    let index = searcher.index();
    let analysed: Vec<Analysed> = parts.iter().map(|p| analyse(index, p)).collect();
    let query = near_query(fields, scope, &analysed, NEAR_SLOP)?;
    if !matches_any(searcher, query.as_ref()) {
        return None;
    }
    Some(Relaxed {
        query: boosted(query),
        parts: analysed,
        explain: format!(
            "  relaxed {text}: parts near each other {} ×{RELAX_BOOST}",
            parts.join(" … ")
        ),
    })
}

/// All of `parts` required, when there are two or more and together they
/// match something.
fn all_parts(
    searcher: &Searcher,
    fields: &Fields,
    scope: Scope,
    text: &str,
    parts: &[String],
    how: &str,
) -> Option<Relaxed> {
    if parts.len() < 2 {
        return None;
    }
    let index = searcher.index();
    let analysed: Vec<Analysed> = parts.iter().map(|p| analyse(index, p)).collect();
    let required: Vec<(Occur, Box<dyn Query>)> = analysed
        .iter()
        .map(|a| atom_query(fields, scope, a).map(|q| (Occur::Must, q)))
        .collect::<Option<_>>()?;
    let query: Box<dyn Query> = Box::new(BooleanQuery::new(required));
    if !matches_any(searcher, query.as_ref()) {
        return None;
    }
    Some(Relaxed {
        query: boosted(query),
        parts: analysed,
        explain: format!(
            "  relaxed {text}: {how} {} ×{RELAX_BOOST}",
            parts.join(" + ")
        ),
    })
}

fn boosted(q: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, RELAX_BOOST))
}

/// The content words of a compound: its morphological tokens of at least
/// `MIN_PART_CHARS` characters (or Latin / digit runs), in order.
pub fn compound_parts(text: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for t in analysis::morph_tokens(text) {
        let keep = t.text.chars().count() >= MIN_PART_CHARS
            || t.text.chars().all(|c| c.is_ascii_alphanumeric());
        if keep && !parts.contains(&t.text) {
            parts.push(t.text);
        }
    }
    parts
}

/// Two-part splits of a hiragana word (じんざいいくせい → じんざい + いくせい),
/// middle first, each part at least `MIN_PART_CHARS` characters; the
/// caller keeps the first split whose parts match by reading.
pub fn reading_splits(text: &str) -> Vec<[String; 2]> {
    let chars: Vec<char> = text.chars().collect();
    let hiragana = |c: &char| matches!(c, '\u{3041}'..='\u{309F}' | 'ー');
    if chars.len() < 2 * MIN_PART_CHARS || !chars.iter().all(hiragana) {
        return Vec::new();
    }
    let mid = chars.len() / 2;
    let mut cuts: Vec<usize> = (MIN_PART_CHARS..=chars.len() - MIN_PART_CHARS).collect();
    cuts.sort_by_key(|c| c.abs_diff(mid));
    cuts.into_iter()
        .map(|c| [chars[..c].iter().collect(), chars[c..].iter().collect()])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compounds_split_into_content_words() {
        assert_eq!(compound_parts("人材育成"), ["人材", "育成"]);
        assert_eq!(compound_parts("人材の育成"), ["人材", "育成"]);
        assert_eq!(compound_parts("クラウド"), ["クラウド"]);
        let splits = reading_splits("じんざいいくせい");
        assert_eq!(splits[0], ["じんざい".to_string(), "いくせい".to_string()]);
        assert!(reading_splits("人材育成").is_empty());
        assert!(reading_splits("ちいき").is_empty());
    }
}
