//! NFKC for every stage, with a fast path for the characters Japanese plan
//! text is made of.
//!
//! Plan parsing compares labels, years and headings in NFKC, and the
//! analyzers normalise every text they index: `unicode-normalization`
//! decomposes, reorders and recomposes each character, which was about 6% of
//! ingest CPU across the plan parser's call sites alone. Most characters of
//! a plan are left alone by NFKC (ASCII, kana, common kanji, Japanese
//! punctuation) or map to one character without composing with anything
//! (full-width ASCII, the ideographic space); a text of only those takes
//! the fast path, any other text is normalised in full. [`nfkc`] serves
//! whole strings (plan parsing, query parsing, filters, transliteration);
//! the analyzers' offset-keeping normaliser and the snippet marker work a
//! character at a time and take its fast path (`fast`) per character.

use unicode_normalization::UnicodeNormalization;

/// Characters NFKC leaves alone, none of which composes with a neighbour:
/// ASCII, common kanji, hiragana, katakana (with ・ and ー), 々〆〇, Japanese
/// punctuation (、。 and the brackets 〈〉《》「」『』【】), ‐―‘’“”※ and the
/// geometric shapes (○●■◆▲…).
pub(crate) fn is_stable(c: char) -> bool {
    c.is_ascii()
        || matches!(c, '\u{2010}' | '\u{2015}' | '\u{2018}'..='\u{201D}' | '\u{203B}' | '\u{25A0}'..='\u{25FF}' | '\u{3001}'..='\u{3002}' | '\u{3005}'..='\u{3011}' | '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FC}' | '\u{4E00}'..='\u{9FFF}')
}

/// The ASCII character NFKC makes of a full-width one (Ｈ２６（）→ H26()), on
/// a fast path: the block U+FF01–U+FF5E is ASCII moved by U+FEE0.
fn fullwidth_ascii(c: char) -> Option<char> {
    matches!(c, '\u{FF01}'..='\u{FF5E}')
        .then(|| char::from_u32(c as u32 - 0xFEE0))
        .flatten()
}

/// The one character NFKC makes of `c` on the fast path, if it has one
/// (then `c` composes with no neighbour).
pub(crate) fn fast(c: char) -> Option<char> {
    if is_stable(c) {
        Some(c)
    } else if c == '\u{3000}' {
        Some(' ')
    } else {
        fullwidth_ascii(c)
    }
}

/// `text` in NFKC (exactly what `unicode-normalization`'s `nfkc()` gives).
pub fn nfkc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match fast(c) {
            Some(f) => out.push(f),
            None => return text.nfkc().collect(),
        }
    }
    out
}

/// Kana and common kanji: letters of Unicode (`char::is_alphanumeric`),
/// numbers never (`char::is_numeric`); the character classes below answer
/// for them without the standard library's table search.
fn is_kana_or_kanji(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{309D}'..='\u{309F}' | '\u{30A1}'..='\u{30FA}' | '\u{30FC}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}')
}

/// `c.is_alphanumeric()`, without a table search for ASCII, kana and common
/// kanji (which plan text is made of).
pub(crate) fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        is_kana_or_kanji(c) || c.is_alphanumeric()
    }
}

/// `c.is_numeric()`, without a table search for ASCII, kana and common kanji.
pub(crate) fn is_numeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        !is_kana_or_kanji(c) && c.is_numeric()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_classes_agree_with_the_standard_library() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_numeric(c), c.is_numeric(), "{c:?}");
        }
    }

    #[test]
    fn fast_path_agrees_with_nfkc_for_each_character() {
        let fast_ranges = ('\u{0}'..='\u{7F}')
            .chain('\u{2000}'..='\u{206F}')
            .chain('\u{25A0}'..='\u{25FF}')
            .chain('\u{3000}'..='\u{30FF}')
            .chain('\u{4E00}'..='\u{9FFF}')
            .chain('\u{FF00}'..='\u{FF65}');
        for c in fast_ranges {
            let slow: String = c.to_string().nfkc().collect();
            if let Some(f) = fast(c) {
                assert_eq!(f.to_string(), slow, "{c:?}");
                assert_eq!(
                    unicode_normalization::char::canonical_combining_class(c),
                    0,
                    "{c:?}"
                );
            }
        }
    }

    #[test]
    fn texts_agree_with_nfkc_on_and_off_the_fast_path() {
        let texts = [
            "平成２６年度　ＩＣＴ利活用の推進（Ｈ２７～）",
            "クラウド・コンピューティング【ＨＰ】※",
            "か\u{3099}き\u{309A}", // combining voicing marks: composed
            "ｶﾞｲﾄﾞﾗｲﾝ",               // half-width katakana
            "㈱　①②　㍻２６",
            "Ｈ\u{0301}", // full-width letter with a combining accent
            "",
        ];
        for t in texts {
            let slow: String = t.nfkc().collect();
            assert_eq!(nfkc(t), slow, "{t:?}");
        }
    }
}
