//! Relaxations: what a query word means when the plans never print it as typed.
//!
//! A positive, unquoted word that matches no record is relaxed, each way at
//! a lower weight than a literal match ([`RELAX_BOOST`]), and `--explain`
//! names every relaxation (a katakana word is also read as Latin when it
//! matches only inside other words):
//! - **compound → parts**: a compound the plans print apart or with words in
//!   between (人材育成 against 人材の育成 or ＩＣＴ産業人材の育成) becomes its
//!   content words, all required (人材 AND 育成);
//! - **katakana → Latin**: a katakana spelling of an acronym (ラン, エルジーワン)
//!   becomes the Latin spellings the index holds (LAN, LGWAN), through
//!   [`crate::analysis::translit`];
//! - **kana reading → parts**: a word typed in hiragana whose reading matches
//!   no text as a whole (じんざいいくせい against 人材の育成) is split in two,
//!   middle first, and each part searched by reading (じんざい + いくせい).
//!
//! Relaxation never applies to a word that matches as typed, so exact
//! queries keep exactly their results.

use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query};
use tantivy::Searcher;

use super::build::{analyse, atom_query, Analysed};
use super::parse::Scope;
use crate::analysis;
use crate::index::schema::Fields;

/// Weight of a relaxed match, relative to a literal one.
pub const RELAX_BOOST: f32 = 0.3;
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
/// Parts are tried only for a word that matched nothing as typed; Latin
/// spellings also for a katakana word found only inside other words (ラン in
/// グランプリ).
pub(crate) fn relax(
    searcher: &Searcher,
    fields: &Fields,
    scope: Scope,
    text: &str,
    literal: Literal,
) -> Vec<Relaxed> {
    let index = searcher.index();
    let mut out = Vec::new();
    let mut latin = analysis::translit::latin_readings(text);
    if !latin.is_empty()
        && literal
            .word
            .as_ref()
            .is_some_and(|w| matches_any(searcher, w.as_ref()))
    {
        latin.clear();
    }
    let mut spellings: Vec<(String, Analysed)> = Vec::new();
    for spelling in latin {
        let analysed = analyse(index, &spelling);
        let hit = atom_query(fields, scope, &analysed).is_some_and(|q| matches_any(searcher, &q));
        if hit {
            spellings.push((spelling, analysed));
        }
    }
    if !spellings.is_empty() {
        let names: Vec<String> = spellings.iter().map(|(s, _)| s.clone()).collect();
        let queries: Vec<(Occur, Box<dyn Query>)> = spellings
            .iter()
            .filter_map(|(_, a)| atom_query(fields, scope, a).map(|q| (Occur::Should, q)))
            .collect();
        out.push(Relaxed {
            query: boosted(Box::new(BooleanQuery::new(queries))),
            parts: spellings.into_iter().map(|(_, a)| a).collect(),
            explain: format!(
                "  relaxed {text}: katakana read as {} ×{RELAX_BOOST}",
                names.join(" / ")
            ),
        });
    }
    let parts = compound_parts(text);
    let splits = reading_splits(text);
    if (parts.len() < 2 && splits.is_empty()) || matches_any(searcher, literal.any) {
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
/// [`MIN_PART_CHARS`] characters (or Latin / digit runs), in order.
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
/// middle first, each part at least [`MIN_PART_CHARS`] characters; the
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
