//! Text normalisation applied before every analyzer, with an offset map back to the
//! original text.
//!
//! [`normalize`] turns a string into a [`Normalized`]: the normalised text plus enough
//! bookkeeping to map any byte offset in it back to the original, so tokens built on
//! the normalised text can still point into the original text (for snippets).
//!
//! The steps, in order, per *unit* (a character with the combining marks that follow
//! it, so NFKC compositions such as ｶﾞ → ガ stay inside one unit):
//!
//! 1. NFKC (full-width ASCII → ASCII, half-width katakana → katakana, ㈱ → (株), …);
//! 2. lowercase;
//! 3. look-alike dashes (‐ ‒ – — ― − ⁃) → `-`, wave dashes (〜 ∼ ⁓ 〰) → `~`;
//! 4. middle dots (・ · and half-width ･) → a space, so they separate words;
//! 5. variation selectors and zero-width characters are dropped.
//!
//! Then, over the result, a katakana word (a maximal run of katakana and ー) of four or
//! more characters loses its final prolonged sound marks: コンピューター → コンピュータ,
//! サーバー → サーバ; a short word such as カー keeps its mark.

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

use crate::unicode::{fast, is_stable};

/// The prolonged sound mark (chōonpu).
const PROLONGED: char = 'ー';
/// A katakana word must be at least this many characters (prolonged marks included)
/// to lose its final prolonged sound marks.
const MIN_PROLONGED_WORD: usize = 4;

/// Normalised text and the map from its byte offsets back to the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The normalised text.
    pub text: String,
    /// One entry per unit of the original text, `(normalised start, original start)`,
    /// both non-decreasing, followed by `(text.len(), original length)`.
    units: Vec<(usize, usize)>,
}

impl Normalized {
    /// Maps a byte offset in [`Normalized::text`] to a byte offset in the original
    /// text, for the *start* of a span.
    ///
    /// An offset inside the output of one unit (say, inside the "(株)" made from ㈱)
    /// maps to the start of that unit; where removed characters leave several original
    /// offsets at one normalised offset, the last one is used, so a span starting
    /// there does not include them. Offsets past the end map to the original's end.
    pub fn original_offset(&self, normalized_byte: usize) -> usize {
        let after = self.units.partition_point(|&(n, _)| n <= normalized_byte);
        after
            .checked_sub(1)
            .and_then(|i| self.units.get(i))
            .map_or(0, |&(_, original)| original)
    }

    /// Maps a byte offset in [`Normalized::text`] to a byte offset in the original
    /// text, for the *end* of a span: an offset inside one unit's output maps to the
    /// end of that unit, so the original span covers the whole unit. Removed
    /// characters at the end of a span (the ー of コンピューター) are included.
    pub fn original_end(&self, normalized_byte: usize) -> usize {
        let after = self.units.partition_point(|&(n, _)| n <= normalized_byte);
        let Some(&(start, original)) = after.checked_sub(1).and_then(|i| self.units.get(i)) else {
            return 0;
        };
        if start == normalized_byte {
            original
        } else {
            self.units
                .get(after)
                .or(self.units.last())
                .map_or(original, |&(_, end)| end)
        }
    }

    /// The length in bytes of the original text.
    pub fn original_len(&self) -> usize {
        self.units.last().map_or(0, |&(_, original)| original)
    }
}

/// Normalises `text` for indexing and querying; see the module documentation for the
/// steps. The same function serves index time and query time.
///
/// ```
/// # use shisaku::analysis::normalize;
/// let n = normalize("ＩＣＴ・コンピューター");
/// assert_eq!(n.text, "ict コンピュータ");
/// assert_eq!(&"ＩＣＴ・コンピューター"[n.original_offset(4)..n.original_end(22)], "コンピューター");
/// ```
pub fn normalize(text: &str) -> Normalized {
    normalize_with(text, true, true)
}

/// The text of [`normalize`] alone, without the offset map (for callers
/// that never map back: comparisons, keys).
pub fn normalize_text(text: &str) -> String {
    normalize_with(text, true, false).text
}

/// Steps 1 to 5 of [`normalize`] only: katakana words keep their final prolonged sound
/// marks. Morphological analysis segments this form, so that dictionary words such as
/// センサー still match, and folds the marks per token afterwards
/// ([`fold_prolonged`]).
pub(crate) fn normalize_chars(text: &str) -> Normalized {
    normalize_with(text, false, true)
}

/// The text of [`normalize_chars`] alone, without the offset map (for
/// callers that never map back, such as joined bigrams).
pub(crate) fn normalize_chars_text(text: &str) -> String {
    normalize_with(text, false, false).text
}

/// [`normalize`], with the prolonged-sound-mark step on or off, and with
/// or without the offset map (`units`).
fn normalize_with(text: &str, fold_runs: bool, units: bool) -> Normalized {
    let mut out = Writer {
        text: String::with_capacity(text.len()),
        units: Vec::with_capacity(if units { text.len() / 2 + 1 } else { 0 }),
        keep_units: units,
        fold_runs,
        run_chars: 0,
        run_trailing_marks: 0,
    };
    let mut chars = text.char_indices().peekable();
    while let Some((start, first)) = chars.next() {
        let mut end = start + first.len_utf8();
        while let Some(&(next_start, next)) = chars.peek() {
            if !joins_previous(next) {
                break;
            }
            end = next_start + next.len_utf8();
            chars.next();
        }
        if out.keep_units {
            out.units.push((out.text.len(), start));
        }
        let unit = text.get(start..end).unwrap_or_default();
        if let Some(fast) = fast(first).filter(|_| unit.len() == first.len_utf8()) {
            out.push(fast.to_ascii_lowercase());
        } else {
            for c in unit.nfkc() {
                for lower in c.to_lowercase() {
                    out.push(lower);
                }
            }
        }
    }
    out.close_run();
    if out.keep_units {
        out.units.push((out.text.len(), text.len()));
    }
    Normalized {
        text: out.text,
        units: out.units,
    }
}

/// The normalised text being written, with the state of the current katakana run.
struct Writer {
    /// Normalised text so far.
    text: String,
    /// Unit map so far (see [`Normalized`]).
    units: Vec<(usize, usize)>,
    /// Whether the unit map is kept.
    keep_units: bool,
    /// Whether katakana words lose their final prolonged sound marks.
    fold_runs: bool,
    /// Characters in the katakana run that ends the text so far.
    run_chars: usize,
    /// Prolonged sound marks at the end of that run.
    run_trailing_marks: usize,
}

impl Writer {
    /// Appends one NFKC-normalised, lowercased character after folding.
    fn push(&mut self, c: char) {
        let Some(c) = fold(c) else {
            return;
        };
        if is_katakana(c) {
            self.run_chars += 1;
            if c == PROLONGED {
                self.run_trailing_marks += 1;
            } else {
                self.run_trailing_marks = 0;
            }
        } else {
            self.close_run();
        }
        self.text.push(c);
    }

    /// Ends the current katakana run, dropping its final prolonged sound marks if the
    /// word is long enough, and pulls back unit starts that pointed past them.
    fn close_run(&mut self) {
        let (chars, marks) = (self.run_chars, self.run_trailing_marks);
        self.run_chars = 0;
        self.run_trailing_marks = 0;
        if !self.fold_runs || !folds(chars, marks) {
            return;
        }
        let new_len = self.text.len() - marks * PROLONGED.len_utf8();
        self.text.truncate(new_len);
        for unit in self.units.iter_mut().rev() {
            if unit.0 <= new_len {
                break;
            }
            unit.0 = new_len;
        }
    }
}

/// Whether a katakana word of `chars` characters ending in `marks` prolonged sound
/// marks loses them: it must be long enough and not consist of marks alone.
fn folds(chars: usize, marks: usize) -> bool {
    marks > 0 && chars >= MIN_PROLONGED_WORD && marks < chars
}

/// Drops the final prolonged sound marks of a word (a morphological token) whose
/// trailing katakana run is long enough, as [`normalize`] does for words in running
/// text: データセンター → データセンタ, 超コンピューター → 超コンピュータ.
pub(crate) fn fold_prolonged(word: &str) -> &str {
    let marks = word.chars().rev().take_while(|&c| c == PROLONGED).count();
    if marks == 0 {
        return word;
    }
    let chars = word.chars().rev().take_while(|&c| is_katakana(c)).count();
    if folds(chars, marks) {
        word.get(..word.len() - marks * PROLONGED.len_utf8())
            .unwrap_or(word)
    } else {
        word
    }
}

/// Maps look-alike characters onto one form; `None` drops the character.
fn fold(c: char) -> Option<char> {
    Some(match c {
        '\u{2010}'..='\u{2015}' | '\u{2043}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => '-',
        '\u{301C}' | '\u{FF5E}' | '\u{223C}' | '\u{2053}' | '\u{3030}' => '~',
        '\u{30FB}' | '\u{FF65}' | '\u{00B7}' => ' ',
        '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' => return None,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => return None,
        other => other,
    })
}

/// Whether `c` belongs to the unit of the character before it: combining marks,
/// (half-width) voicing marks, Hangul medial/final jamo, variation selectors and
/// zero-width joiners.
fn joins_previous(c: char) -> bool {
    // A stable character joins nothing (its combining class is 0, tested in
    // `crate::unicode`): the class lookup is for the others only.
    !is_stable(c)
        && (matches!(
            c,
            '\u{3099}'..='\u{309A}'
                | '\u{FF9E}'..='\u{FF9F}'
                | '\u{1160}'..='\u{11FF}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{E0100}'..='\u{E01EF}'
                | '\u{200C}'..='\u{200D}'
        ) || canonical_combining_class(c) != 0)
}

/// Katakana letters, the prolonged sound mark and katakana iteration marks (after
/// NFKC, so half-width forms are already folded). The middle dot is not included.
pub(crate) fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | '\u{30FC}'..='\u{30FE}' | '\u{31F0}'..='\u{31FF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_path_characters_lowercase_as_ascii_does() {
        // What NFKC makes of them is tested in `crate::unicode`; normalising
        // also lowercases them, with `to_ascii_lowercase` on the fast path.
        for c in ('\u{0}'..='\u{FFFF}').filter_map(fast) {
            let full: String = c.to_lowercase().collect();
            assert_eq!(c.to_ascii_lowercase().to_string(), full, "{c:?}");
        }
    }

    /// Every unit boundary maps into the original on a char boundary.
    fn assert_char_boundaries(original: &str, n: &Normalized) {
        for i in 0..=n.text.len() {
            assert!(original.is_char_boundary(n.original_offset(i)), "{i}");
            assert!(original.is_char_boundary(n.original_end(i)), "{i}");
        }
    }

    #[test]
    fn nfkc_and_lowercase() {
        assert_eq!(normalize("ＩＣＴ").text, "ict");
        assert_eq!(normalize("Ｗｉ－Ｆｉ").text, "wi-fi");
        assert_eq!(normalize("ﾃﾞｼﾞﾀﾙ化").text, "デジタル化");
        assert_eq!(normalize("ｶﾞｲﾄﾞﾗｲﾝ").text, "ガイドライン");
        assert_eq!(normalize("㈱").text, "(株)");
        assert_eq!(normalize("　平成２７年度").text, " 平成27年度");
    }

    #[test]
    fn dashes_and_waves_fold() {
        assert_eq!(normalize("A‐B–C—D―E−F").text, "a-b-c-d-e-f");
        assert_eq!(normalize("4月〜6月").text, "4月~6月");
        assert_eq!(normalize("4月～6月").text, "4月~6月");
    }

    #[test]
    fn middle_dots_separate() {
        assert_eq!(normalize("震災復興・企画部").text, "震災復興 企画部");
        assert_eq!(normalize("ｿｰｼｬﾙ･ﾒﾃﾞｨｱ").text, "ソーシャル メディア");
    }

    #[test]
    fn prolonged_mark_dropped_from_long_katakana_words() {
        assert_eq!(normalize("コンピューター").text, "コンピュータ");
        assert_eq!(normalize("コンピュータ").text, "コンピュータ");
        assert_eq!(normalize("サーバー室").text, "サーバ室");
        assert_eq!(normalize("ﾌﾟﾘﾝﾀｰ").text, "プリンタ");
        assert_eq!(normalize("カー").text, "カー");
        assert_eq!(normalize("ーーーー").text, "ーーーー");
        assert_eq!(normalize("すごーい").text, "すごーい");
    }

    #[test]
    fn char_level_normalisation_keeps_prolonged_marks() {
        assert_eq!(normalize_chars("ｾﾝｻｰ・ＩＣＴ").text, "センサー ict");
    }

    #[test]
    fn word_level_prolonged_fold() {
        assert_eq!(fold_prolonged("データセンター"), "データセンタ");
        assert_eq!(fold_prolonged("超コンピューター"), "超コンピュータ");
        assert_eq!(fold_prolonged("カー"), "カー");
        assert_eq!(fold_prolonged("ーーーー"), "ーーーー");
        assert_eq!(fold_prolonged("情報"), "情報");
    }

    #[test]
    fn variation_selectors_dropped() {
        assert_eq!(normalize("葛\u{E0100}飾区").text, "葛飾区");
    }

    #[test]
    fn offsets_map_back_to_original() {
        let original = "ＩＣＴ利活用・ｺﾝﾋﾟｭｰﾀｰ室";
        let n = normalize(original);
        assert_eq!(n.text, "ict利活用 コンピュータ室");
        assert_char_boundaries(original, &n);
        let span = |from: &str| {
            let start = n.text.find(from).unwrap();
            let end = start + from.len();
            &original[n.original_offset(start)..n.original_end(end)]
        };
        assert_eq!(span("ict"), "ＩＣＴ");
        assert_eq!(span("利活用"), "利活用");
        assert_eq!(span("ピュ"), "ﾋﾟｭ");
        assert_eq!(span("コンピュータ"), "ｺﾝﾋﾟｭｰﾀｰ");
        assert_eq!(span("室"), "室");
        assert_eq!(n.original_len(), original.len());
    }

    #[test]
    fn offsets_inside_an_expansion_cover_the_unit() {
        let original = "㈱情報";
        let n = normalize(original);
        assert_eq!(n.text, "(株)情報");
        assert_char_boundaries(original, &n);
        // "株" lies inside the unit made from ㈱.
        assert_eq!(&original[n.original_offset(1)..n.original_end(4)], "㈱");
    }

    #[test]
    fn empty_text() {
        let n = normalize("");
        assert_eq!(n.text, "");
        assert_eq!(n.original_offset(0), 0);
        assert_eq!(n.original_end(0), 0);
    }
}
