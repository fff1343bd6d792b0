//! Whole-value analysis, registered as [`super::KEYWORD`]: exact matching of
//! department and actor names.
//!
//! The value is normalised ([`normalize`]), trimmed, and runs of whitespace are
//! collapsed to one space (so a middle dot, which normalises to a space, matches a
//! space); the result is a single token at position 0 spanning the value in the
//! original text. An empty or all-space value gives no token.

use tantivy::tokenizer::{Token, Tokenizer};

use super::normalize::normalize;
use super::stream::VecTokenStream;

/// The keyword token of `text`, if it has any non-space content.
pub fn keyword_token(text: &str) -> Option<Token> {
    let normalized = normalize(text);
    let trimmed = normalized.text.trim();
    if trimmed.is_empty() {
        return None;
    }
    let from = normalized.text.len() - normalized.text.trim_start().len();
    let to = from + trimmed.len();
    Some(Token {
        offset_from: normalized.original_offset(from),
        offset_to: normalized.original_end(to),
        position: 0,
        text: trimmed.split_whitespace().collect::<Vec<_>>().join(" "),
        position_length: 1,
    })
}

/// tantivy tokenizer producing [`keyword_token`], registered as [`super::KEYWORD`].
#[derive(Debug, Clone, Copy, Default)]
pub struct KeywordTokenizer;

impl Tokenizer for KeywordTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream::new(keyword_token(text).into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_value_normalised() {
        let original = "　震災復興・企画部　ＩＣＴ推進課 ";
        let token = keyword_token(original).unwrap();
        assert_eq!(token.text, "震災復興 企画部 ict推進課");
        assert_eq!(token.position, 0);
        assert_eq!(
            &original[token.offset_from..token.offset_to],
            "震災復興・企画部　ＩＣＴ推進課"
        );
    }

    #[test]
    fn spelling_variants_meet() {
        let a = keyword_token("情報政策課（ｺﾝﾋﾟｭｰﾀｰ担当）").unwrap();
        let b = keyword_token("情報政策課(コンピュータ担当)").unwrap();
        assert_eq!(a.text, b.text);
    }

    #[test]
    fn empty_value_gives_no_token() {
        assert!(keyword_token("").is_none());
        assert!(keyword_token(" 　・ ").is_none());
    }
}
