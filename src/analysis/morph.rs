//! Morphological analysis: lindera over normalised text, as tantivy tokens and as
//! [`MorphToken`]s with readings.
//!
//! [`morph_tokens`] normalises the text (the character-level steps of [`normalize`](super::normalize())),
//! segments it with the shared IPADIC + user-dictionary segmenter
//! (`dictionary::segmenter`), drops tokens with no letter or digit
//! (punctuation, symbols), folds final prolonged sound marks per token (センサー →
//! センサ, as [`normalize`](super::normalize()) does per word), numbers the rest 0, 1, 2, … and maps their
//! offsets back into the original text. Segmenting before folding lets dictionary words
//! written with the mark (センサー, ユーザー) match. [`MorphTokenizer`] hands the same tokens
//! to tantivy; [`reading`] joins their katakana readings for reading-based query
//! expansion.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use lindera::dictionary::Lattice;
use tantivy::tokenizer::{Token, Tokenizer};

use super::dictionary::{segmenter, READING_DETAIL};
use super::normalize::{fold_prolonged, is_katakana, normalize_chars};
use super::stream::VecTokenStream;

/// One morphological token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MorphToken {
    /// The token's normalised text (a slice of the normalised input).
    pub text: String,
    /// Katakana reading: the kana itself for kana tokens, the dictionary's reading for
    /// known words, `None` for unknown non-kana words (ASCII words, rare kanji).
    pub reading: Option<String>,
    /// Start byte offset in the original text.
    pub offset_from: usize,
    /// End byte offset in the original text.
    pub offset_to: usize,
    /// Token position, counting only kept tokens.
    pub position: usize,
}

thread_local! {
    /// A lattice per thread, reused across calls to save allocations.
    static LATTICE: RefCell<Lattice> = RefCell::new(Lattice::default());
    /// Readings of dictionary words by (word id, system, unknown).
    static READINGS: RefCell<HashMap<(u32, bool, bool), Option<String>>> =
        RefCell::new(HashMap::new());
}

/// Segments `text` into morphological tokens; see the module documentation.
///
/// If the embedded dictionary cannot be loaded (a broken build, which
/// [`super::init`] reports), this returns no tokens.
pub fn morph_tokens(text: &str) -> Vec<MorphToken> {
    analyze(text, true)
}

/// [`morph_tokens`] without readings (every `reading` is `None`): the whole-word
/// field needs only the tokens, and reading lookups are the slower part.
pub fn morph_tokens_without_readings(text: &str) -> Vec<MorphToken> {
    analyze(text, false)
}

/// [`morph_tokens`], with or without readings: looking up a token's dictionary details
/// slows analysis down by about 40% (13.9 → 8.3 MB/s in our notes), and indexing
/// does not need them.
fn analyze(text: &str, with_readings: bool) -> Vec<MorphToken> {
    let Ok(segmenter) = segmenter() else {
        return Vec::new();
    };
    let normalized = normalize_chars(text);
    let segmented = LATTICE.with(|lattice| {
        let mut lattice = lattice.borrow_mut();
        segmenter.segment_with_lattice(Cow::Borrowed(normalized.text.as_str()), &mut lattice)
    });
    let Ok(mut segmented) = segmented else {
        return Vec::new();
    };
    let mut tokens = Vec::with_capacity(segmented.len());
    for token in &mut segmented {
        if !token.surface.chars().any(crate::unicode::is_alphanumeric) {
            continue;
        }
        let reading = if !with_readings {
            None
        } else if token.surface.chars().all(is_kana) {
            Some(to_katakana(&token.surface))
        } else {
            dictionary_reading(token)
        };
        tokens.push(MorphToken {
            text: fold_prolonged(&token.surface).to_string(),
            reading,
            offset_from: normalized.original_offset(token.byte_start),
            offset_to: normalized.original_end(token.byte_end),
            position: tokens.len(),
        });
    }
    tokens
}

/// The dictionary reading of a segmented word, when it is kana. Looking it
/// up parses every detail field of the word; the readings are kept per word
/// id (per thread), since the same words recur through a document.
fn dictionary_reading(token: &mut lindera::token::Token<'_>) -> Option<String> {
    let id = &token.word_id;
    let key = (id.id(), id.is_system(), id.is_unknown());
    if let Some(hit) = READINGS.with(|r| r.borrow().get(&key).cloned()) {
        return hit;
    }
    let reading = token
        .get_detail(READING_DETAIL)
        .filter(|r| !r.is_empty() && *r != "*" && r.chars().all(is_kana))
        .map(str::to_string);
    READINGS.with(|r| {
        let mut r = r.borrow_mut();
        if r.len() >= MAX_CACHED_READINGS {
            r.clear();
        }
        r.insert(key, reading.clone());
    });
    reading
}

/// Bound on [`dictionary_reading`]'s cache per thread.
const MAX_CACHED_READINGS: usize = 1 << 16;

/// The katakana reading of `text`: hiragana becomes katakana, kanji words take their
/// dictionary reading, words without one (ASCII, unknown kanji) stay as normalised.
/// The result is normalised again, so final prolonged sound marks fold the same way
/// in readings as in text: `reading("ちいき") == reading("地域") == "チイキ"`.
pub fn reading(text: &str) -> String {
    let joined: String = morph_tokens(text)
        .into_iter()
        .map(|t| t.reading.unwrap_or(t.text))
        .collect();
    super::normalize_text(&joined)
}

/// Hiragana, katakana and the marks that go with them.
fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}') || is_katakana(c)
}

/// Converts hiragana to katakana, leaving everything else alone.
pub(crate) fn to_katakana(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            // ぁ..ゖ and the iteration marks ゝゞ sit 0x60 below their katakana.
            '\u{3041}'..='\u{3096}' | '\u{309D}'..='\u{309E}' => {
                char::from_u32(c as u32 + 0x60).unwrap_or(c)
            }
            other => other,
        })
        .collect()
}

/// tantivy tokenizer producing the tokens of [`morph_tokens`] (without readings),
/// registered as [`super::MORPH`].
///
/// It holds no state: the segmenter is built once per process and shared, so cloning
/// (tantivy clones tokenizers per indexing thread) is free.
#[derive(Debug, Clone, Copy, Default)]
pub struct MorphTokenizer;

impl Tokenizer for MorphTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let tokens = analyze(text, false)
            .into_iter()
            .map(|t| Token {
                offset_from: t.offset_from,
                offset_to: t.offset_to,
                position: t.position,
                text: t.text,
                position_length: 1,
            })
            .collect();
        VecTokenStream::new(tokens)
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::TokenStream;

    use super::*;
    use crate::analysis::normalize;

    fn texts(text: &str) -> Vec<String> {
        morph_tokens(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn user_dictionary_keeps_loanwords_whole() {
        assert_eq!(texts("クラウド"), ["クラウド"]);
        assert_eq!(texts("共同クラウド化"), ["共同", "クラウド", "化"]);
        assert_eq!(texts("データセンター"), ["データセンタ"]);
    }

    #[test]
    fn punctuation_is_dropped_and_positions_are_consecutive() {
        let tokens = morph_tokens("地域の情報化を、推進する。");
        let positions: Vec<usize> = tokens.iter().map(|t| t.position).collect();
        assert_eq!(positions, (0..tokens.len()).collect::<Vec<_>>());
        assert!(tokens.iter().all(|t| t.text != "、" && t.text != "。"));
    }

    #[test]
    fn offsets_slice_the_original() {
        let original = "ＩＣＴを活用したｺﾝﾋﾟｭｰﾀｰ室の整備";
        for token in morph_tokens(original) {
            let slice = &original[token.offset_from..token.offset_to];
            assert_eq!(normalize(slice).text, token.text, "{slice}");
        }
    }

    #[test]
    fn long_vowel_variants_agree() {
        assert_eq!(texts("コンピューター"), texts("コンピュータ"));
        assert_eq!(texts("サーバーの更新"), texts("サーバの更新"));
        assert_eq!(texts("センサー"), ["センサ"]);
        assert_eq!(texts("経済センサス"), ["経済", "センサス"]);
    }

    #[test]
    fn readings() {
        assert_eq!(reading("地域"), "チイキ");
        assert_eq!(reading("ちいき"), reading("地域"));
        assert_eq!(reading("情報政策課"), "ジョウホウセイサクカ");
        // Acronyms in the user dictionary carry a reading.
        assert_eq!(reading("ＩＣＴ"), "アイシーティ");
        assert_eq!(reading("あいしーてぃー"), reading("ICT"));
        assert_eq!(reading("xyzzy"), "xyzzy");
        let tokens = morph_tokens("地域");
        assert_eq!(tokens[0].reading.as_deref(), Some("チイキ"));
    }

    #[test]
    fn hiragana_to_katakana() {
        assert_eq!(to_katakana("ちいき・ゝab"), "チイキ・ヽab");
    }

    #[test]
    fn tokenizer_matches_morph_tokens() {
        let text = "電子自治体の推進";
        let mut tokenizer = MorphTokenizer;
        let mut stream = tokenizer.token_stream(text);
        let mut seen = Vec::new();
        while stream.advance() {
            seen.push(stream.token().text.clone());
        }
        assert_eq!(seen, texts(text));
    }
}
