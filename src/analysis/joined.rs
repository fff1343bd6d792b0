//! Tokens made where documents are built, handed to the index as one string.
//!
//! A record's text is analysed morphologically once at ingest: the same
//! tokens fill the whole-word field and give the reading field its readings.
//! The words travel to tantivy joined by [`SEPARATOR`] ([`join_words`]) and
//! the index's text fields are tokenised by [`JoinedTokenizer`], which only
//! splits them again; the bigram and reading fields get their bigrams the
//! same way ([`join_bigrams`]), so all tokenising runs on the pool that
//! builds the documents and tantivy's indexing thread only records postings.
//! (tantivy's pre-tokenized values would do the same but are serialised to
//! JSON and parsed back inside the indexer: a tenth of the ingest CPU.)
//!
//! Positions survive the round trip: a position without a kept word (a word
//! longer than [`super::MAX_TOKEN_BYTES`]) is an empty segment. Offsets point
//! into the joined string; text fields store no offsets, and queries analyse
//! their text with [`super::MORPH`] and [`super::BIGRAM`], not with this
//! tokenizer.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::bigram::BigramStream;
use super::morph::MorphToken;
use super::MAX_TOKEN_BYTES;

/// Name of the joined-words tokenizer ([`JoinedTokenizer`]).
pub const JOINED: &str = "ja_joined";

/// Between two words of a joined string (U+001F UNIT SEPARATOR, which
/// normalised text never holds).
pub const SEPARATOR: char = '\u{1F}';

/// The words of `tokens` as [`JoinedTokenizer`] reads them back: one segment
/// per position from 0 to the last token's, empty where no word is kept (a
/// word of [`MAX_TOKEN_BYTES`] bytes or more, or one holding the separator).
pub fn join_words(tokens: &[MorphToken]) -> String {
    let mut joined = Joiner::default();
    for t in tokens {
        joined.push(t.position, &t.text);
    }
    joined.out
}

/// The tokens [`super::BIGRAM`] makes of `text`, joined as [`join_words`]
/// joins words: a bigram field indexes them with [`JoinedTokenizer`], so the
/// tokenising runs where the documents are built, in parallel, and not on
/// tantivy's indexing thread.
pub fn join_bigrams(text: &str) -> String {
    let mut joined = Joiner::default();
    BigramStream::for_each_token(text, |position, token| joined.push(position, token));
    joined.out
}

/// A joined string being written.
#[derive(Default)]
struct Joiner {
    /// The string so far.
    out: String,
    /// Segments written so far; segment `p` holds the word at position `p`.
    written: usize,
}

impl Joiner {
    /// Writes `word` at `position` (after the positions written so far; a
    /// second word at one position is dropped, the first stays).
    fn push(&mut self, position: usize, word: &str) {
        let kept = word.len() < MAX_TOKEN_BYTES && !word.contains(SEPARATOR);
        if !kept || position < self.written {
            return;
        }
        while self.written <= position {
            if self.written > 0 {
                self.out.push(SEPARATOR);
            }
            self.written += 1;
        }
        self.out.push_str(word);
    }
}

/// Splits a string written by [`join_words`] back into its words, each at
/// its position.
#[derive(Debug, Clone, Copy, Default)]
pub struct JoinedTokenizer;

impl Tokenizer for JoinedTokenizer {
    type TokenStream<'a> = JoinedStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> JoinedStream<'a> {
        JoinedStream {
            segments: text.split(SEPARATOR),
            position: 0,
            start: 0,
            token: Token::default(),
        }
    }
}

/// The words of a joined string, one at a time into one reused token.
pub struct JoinedStream<'a> {
    /// The segments not read yet.
    segments: std::str::Split<'a, char>,
    /// Position of the next segment.
    position: usize,
    /// Byte offset of the next segment.
    start: usize,
    /// The current token.
    token: Token,
}

impl TokenStream for JoinedStream<'_> {
    fn advance(&mut self) -> bool {
        for word in self.segments.by_ref() {
            let (position, start) = (self.position, self.start);
            self.position += 1;
            self.start += word.len() + SEPARATOR.len_utf8();
            if word.is_empty() {
                continue;
            }
            self.token.position = position;
            self.token.position_length = 1;
            self.token.offset_from = start;
            self.token.offset_to = start + word.len();
            self.token.text.clear();
            self.token.text.push_str(word);
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::TokenizerManager;

    use super::*;
    use crate::analysis::{morph_tokens, register, BIGRAM, MORPH};

    /// (text, position) of every token `name` gives for `text`.
    fn tokens(name: &str, text: &str) -> Vec<(String, usize)> {
        let manager = TokenizerManager::default();
        register(&manager);
        let mut analyzer = manager.get(name).expect("registered");
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push((stream.token().text.clone(), stream.token().position));
        }
        out
    }

    #[test]
    fn joined_words_index_as_the_whole_word_analyzer_tokenises() {
        let long = format!("{}を推進", "あ".repeat(40));
        for text in [
            "ＬＧＷＡＮ系の共同クラウド化（コンピューター）、住民サービスの向上",
            "　地域の情報化。",
            long.as_str(),
            "",
            "、。",
        ] {
            let joined = join_words(&morph_tokens(text));
            assert_eq!(tokens(JOINED, &joined), tokens(MORPH, text), "{text}");
        }
    }

    #[test]
    fn joined_bigrams_index_as_the_bigram_analyzer_tokenises() {
        let long = format!("{} を推進", "a".repeat(120));
        for text in [
            "ＬＧＷＡＮ系の共同クラウド化（コンピューター）、住民サービスの向上",
            "県 Ａ ICT化、ｗｅｂサイト",
            long.as_str(),
            "",
            "、。",
            "字",
        ] {
            let joined = join_bigrams(text);
            assert_eq!(tokens(JOINED, &joined), tokens(BIGRAM, text), "{text}");
        }
    }

    #[test]
    fn a_dropped_word_leaves_its_position_empty() {
        let word = |text: &str, position: usize| MorphToken {
            text: text.to_string(),
            offset_from: 0,
            offset_to: 0,
            position,
            reading: None,
        };
        let long = "x".repeat(MAX_TOKEN_BYTES);
        let joined = join_words(&[word(&long, 0), word("県", 1), word("市", 3)]);
        assert_eq!(joined, "\u{1F}県\u{1F}\u{1F}市");
        assert_eq!(
            tokens(JOINED, &joined),
            [("県".to_string(), 1), ("市".to_string(), 3)]
        );
    }
}
