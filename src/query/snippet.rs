//! Highlighted snippets: the best passage of a record's text, matched terms
//! marked.
//!
//! The text is analysed with both analyzers; wherever a query token sequence
//! ([`Needles`]) occurs at consecutive positions, the bytes it covers are
//! marked. Marks from the two analyses are merged, so a hit found only through
//! bigrams is highlighted too; so are the words whose reading holds a kana
//! query's reading (ちいき marks 地域) and every occurrence of a one-character
//! query. The passage is the window of
//! [`SNIPPET_CHARS`] characters holding the most marks. A [`Snippet`] carries
//! plain text plus byte ranges; [`Snippet::brackets`] and [`Snippet::ansi`]
//! render it.

use std::collections::HashMap;

use serde::Serialize;
use tantivy::Index;
use unicode_normalization::UnicodeNormalization;

use super::build::{analyze, Needles, Sequence};
use crate::analysis;

/// Length of a snippet passage, in characters.
pub const SNIPPET_CHARS: usize = 120;
/// Characters of context kept before the first mark of a passage.
pub const CONTEXT_CHARS: usize = 20;
/// Marks an elided start or end of a passage.
const ELLIPSIS: &str = "…";

/// A passage with marked matches.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The passage (newlines turned into spaces; "…" where cut).
    pub text: String,
    /// Byte ranges `[start, end)` of matches in `text`, sorted, disjoint.
    pub marks: Vec<[usize; 2]>,
}

impl Snippet {
    /// The text with every mark wrapped in `open` … `close`.
    pub fn render(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + self.marks.len() * 8);
        let mut at = 0;
        for &[s, e] in &self.marks {
            let (Some(before), Some(inner)) = (self.text.get(at..s), self.text.get(s..e)) else {
                continue;
            };
            out.push_str(before);
            out.push_str(open);
            out.push_str(inner);
            out.push_str(close);
            at = e;
        }
        out.push_str(self.text.get(at..).unwrap_or_default());
        out
    }

    /// Marks as 【match】.
    pub fn brackets(&self) -> String {
        self.render("【", "】")
    }

    /// Marks in bold red for a terminal.
    pub fn ansi(&self) -> String {
        self.render("\x1b[1;31m", "\x1b[0m")
    }
}

/// Byte ranges of `text` matched by one analysis' sequences.
fn match_ranges(
    index: &Index,
    analyzer: &str,
    seqs: &[Sequence],
    text: &str,
    out: &mut Vec<(usize, usize)>,
) {
    if seqs.iter().all(Vec::is_empty) {
        return;
    }
    let tokens = analyze(index, analyzer, text);
    let mut at: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, t) in tokens.iter().enumerate() {
        at.entry(t.0).or_default().push(i);
    }
    let token_at = |pos: usize, term: &str| {
        at.get(&pos)?
            .iter()
            .filter_map(|&i| tokens.get(i))
            .find(|t| t.1 == term)
    };
    for seq in seqs {
        let Some((p0, t0)) = seq.first() else {
            continue;
        };
        for start in tokens.iter().filter(|t| &t.1 == t0 && t.0 >= *p0) {
            let base = start.0 - p0;
            let mut range = (start.2, start.3);
            let whole = seq.iter().all(|(p, t)| match token_at(base + p, t) {
                Some(tok) => {
                    range = (range.0.min(tok.2), range.1.max(tok.3));
                    true
                }
                None => false,
            });
            let valid = range.0 < range.1
                && text.is_char_boundary(range.0)
                && text.is_char_boundary(range.1);
            if whole && valid {
                out.push(range);
            }
        }
    }
}

/// Byte ranges of the words of `text` whose joined readings contain one of
/// `readings` (katakana, normalised): the whole words are marked.
fn reading_ranges(readings: &[String], text: &str, out: &mut Vec<(usize, usize)>) {
    if readings.is_empty() {
        return;
    }
    let tokens = analysis::morph_tokens(text);
    // The joined reading, and where each token's reading starts in it.
    let mut joined = String::new();
    let mut starts = Vec::with_capacity(tokens.len());
    for t in &tokens {
        starts.push(joined.len());
        joined.push_str(&analysis::normalize(t.reading.as_deref().unwrap_or(&t.text)).text);
    }
    let token_at = |byte: usize| starts.partition_point(|&s| s <= byte).checked_sub(1);
    for needle in readings.iter().filter(|n| !n.is_empty()) {
        for (at, m) in joined.match_indices(needle.as_str()) {
            let first = token_at(at).and_then(|i| tokens.get(i));
            let last = token_at(at + m.len() - 1).and_then(|i| tokens.get(i));
            if let (Some(a), Some(b)) = (first, last) {
                if a.offset_from < b.offset_to {
                    out.push((a.offset_from, b.offset_to));
                }
            }
        }
    }
}

/// Byte ranges of every occurrence of the characters `chars` in `text`
/// (compared after NFKC).
fn char_ranges(chars: &[char], text: &str, out: &mut Vec<(usize, usize)>) {
    if chars.is_empty() {
        return;
    }
    for (at, c) in text.char_indices() {
        let hit = chars.contains(&c)
            || match crate::unicode::fast(c) {
                Some(f) => chars.contains(&f),
                None => {
                    let mut folded = std::iter::once(c).nfkc();
                    folded.next().is_some_and(|f| chars.contains(&f)) && folded.next().is_none()
                }
            };
        if hit {
            out.push((at, at + c.len_utf8()));
        }
    }
}

/// Texts longer than this (bytes) are analysed only in the sentences that
/// contain a query word: morphological analysis of a whole long overview for
/// every hit of a page dominated search latency.
const WHOLE_TEXT_BYTES: usize = 1200;

/// Merged byte ranges of `text` matched by the needles in either analysis.
///
/// A long text is cut into sentences (at 。 and line breaks) and only the
/// sentences whose normalised form contains one of [`Needles::words`] are
/// analysed; when readings are searched (a kana query matches kanji), or when
/// no sentence qualifies, the whole text is.
pub(crate) fn mark_ranges(index: &Index, needles: &Needles, text: &str) -> Vec<(usize, usize)> {
    if text.len() <= WHOLE_TEXT_BYTES || !needles.reading.is_empty() || needles.words.is_empty() {
        return mark_whole(index, needles, text);
    }
    let mut out = Vec::new();
    let mut at = 0;
    let mut any = false;
    for piece in text.split_inclusive(['。', '\n']) {
        let norm = analysis::normalize(piece).text.to_lowercase();
        if needles.words.iter().any(|w| norm.contains(w.as_str())) {
            any = true;
            out.extend(
                mark_whole(index, needles, piece)
                    .into_iter()
                    .map(|(s, e)| (s + at, e + at)),
            );
        }
        at += piece.len();
    }
    if any {
        out
    } else {
        mark_whole(index, needles, text)
    }
}

/// [`mark_ranges`] over the whole of `text`.
fn mark_whole(index: &Index, needles: &Needles, text: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    match_ranges(index, analysis::MORPH, &needles.morph, text, &mut ranges);
    match_ranges(index, analysis::BIGRAM, &needles.bigram, text, &mut ranges);
    reading_ranges(&needles.reading, text, &mut ranges);
    char_ranges(&needles.chars, text, &mut ranges);
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// The best passage of `text` given its marks (from [`mark_ranges`]).
pub(crate) fn passage(text: &str, marks: &[(usize, usize)]) -> Snippet {
    // Byte offset of every character, plus the end.
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let chars = bounds.len() - 1;
    let char_of = |byte: usize| bounds.partition_point(|&b| b < byte);
    let (from, to) = if chars <= SNIPPET_CHARS {
        (0, chars)
    } else {
        let mut best = (0usize, 0usize);
        for &(s, _) in marks {
            let c = char_of(s);
            let floor = c.saturating_sub(CONTEXT_CHARS);
            // Start after a sentence or paragraph break when one is close.
            let start = (floor..c)
                .rev()
                .find(|&i| {
                    let b = bounds.get(i).copied().unwrap_or(0);
                    matches!(
                        text.get(b..).and_then(|r| r.chars().next()),
                        Some('。' | '\n')
                    )
                })
                .map_or(floor, |i| i + 1)
                .min(chars - SNIPPET_CHARS);
            let (ws, we) = (
                bounds.get(start).copied().unwrap_or(0),
                bounds
                    .get(start + SNIPPET_CHARS)
                    .copied()
                    .unwrap_or(text.len()),
            );
            let inside = marks
                .iter()
                .filter(|&&(ms, me)| ms >= ws && me <= we)
                .count();
            if inside > best.1 {
                best = (start, inside);
            }
        }
        (best.0, best.0 + SNIPPET_CHARS)
    };
    let ws = bounds.get(from).copied().unwrap_or(0);
    let we = bounds.get(to).copied().unwrap_or(text.len());
    let mut out = String::new();
    if from > 0 {
        out.push_str(ELLIPSIS);
    }
    let shift = out.len();
    out.push_str(
        &text
            .get(ws..we)
            .unwrap_or_default()
            .replace(['\n', '\r'], " "),
    );
    let out_marks = marks
        .iter()
        .filter(|&&(s, e)| e > ws && s < we)
        .map(|&(s, e)| [s.max(ws) - ws + shift, e.min(we) - ws + shift])
        .collect();
    if to < chars {
        out.push_str(ELLIPSIS);
    }
    Snippet {
        text: out,
        marks: out_marks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needles(index: &Index, words: &[&str]) -> Needles {
        let seq = |name: &str, w: &str| -> Sequence {
            let toks = analyze(index, name, w);
            let first = toks.first().map_or(0, |t| t.0);
            toks.into_iter().map(|t| (t.0 - first, t.1)).collect()
        };
        Needles {
            morph: words.iter().map(|w| seq(analysis::MORPH, w)).collect(),
            bigram: words.iter().map(|w| seq(analysis::BIGRAM, w)).collect(),
            ..Needles::default()
        }
    }

    #[test]
    fn bigram_only_substrings_are_marked_and_merged() {
        let index = crate::index::writer::create_in_ram().0;
        let text = "市町村業務システムの共同クラウド化の推進";
        let n = needles(&index, &["業務シ", "ＩＣＴ"]);
        let marks = mark_ranges(&index, &n, text);
        let s = passage(text, &marks);
        assert_eq!(s.brackets(), "市町村【業務シ】ステムの共同クラウド化の推進");
        assert_eq!(
            s.ansi(),
            "市町村\x1b[1;31m業務シ\x1b[0mステムの共同クラウド化の推進"
        );
    }

    #[test]
    fn width_variants_are_marked_in_the_original_text() {
        let index = crate::index::writer::create_in_ram().0;
        let text = "ＩＣＴを活用したICT教育";
        let marks = mark_ranges(&index, &needles(&index, &["ict"]), text);
        let s = passage(text, &marks);
        assert_eq!(s.brackets(), "【ＩＣＴ】を活用した【ICT】教育");
    }

    #[test]
    fn long_text_is_cut_around_the_densest_marks() {
        let index = crate::index::writer::create_in_ram().0;
        let text = format!(
            "{}。防災情報の配信と防災訓練{}",
            "あ".repeat(300),
            "い".repeat(300)
        );
        let marks = mark_ranges(&index, &needles(&index, &["防災"]), &text);
        assert_eq!(marks.len(), 2);
        let s = passage(&text, &marks);
        assert!(s.text.starts_with("…防災情報"), "{}", s.text);
        assert!(s.text.ends_with(ELLIPSIS));
        assert_eq!(s.text.chars().count(), SNIPPET_CHARS + 2);
        assert_eq!(s.marks.len(), 2);
        assert_eq!(s.brackets().matches('【').count(), 2);
    }

    #[test]
    fn readings_and_single_characters_are_marked() {
        let index = crate::index::writer::create_in_ram().0;
        let text = "地域の情報政策課と課題";
        let n = Needles {
            reading: vec![
                analysis::reading("ちいき"),
                analysis::reading("じょうほうせいさく"),
            ],
            chars: vec!['課'],
            ..Needles::default()
        };
        let s = passage(text, &mark_ranges(&index, &n, text));
        assert_eq!(s.brackets(), "【地域】の【情報政策課】と【課】題");
    }

    #[test]
    fn long_texts_are_marked_sentence_by_sentence() {
        let index = crate::index::writer::create_in_ram().0;
        let text = format!(
            "{}。防災情報の配信。{}。ＩＣＴの防災",
            "あ".repeat(500),
            "い".repeat(500)
        );
        let mut n = needles(&index, &["防災"]);
        n.words = vec!["防災".into()];
        let fast = mark_ranges(&index, &n, &text);
        n.words.clear();
        assert_eq!(fast, mark_ranges(&index, &n, &text));
        assert_eq!(fast.len(), 2);
    }

    #[test]
    fn no_marks_gives_the_start() {
        let s = passage(&"あ".repeat(500), &[]);
        assert!(s.text.starts_with('あ') && s.marks.is_empty());
        let bad = Snippet {
            text: "abc".into(),
            marks: vec![[2, 9], [1, 0]],
        };
        assert_eq!(bad.brackets(), "abc", "invalid marks are skipped");
    }
}
