//! Japanese text analysis for the index and for queries.
//!
//! This module owns everything between a string and the terms tantivy stores: the
//! normalisation ([`normalize()`]), the embedded IPADIC and user dictionaries
//! (compiled by `build.rs`, see `dict/README.md`), and four tantivy tokenizers,
//! registered by name with [`register`]:
//!
//! | name        | tokenizer                  | tokens                                              |
//! |-------------|----------------------------|-----------------------------------------------------|
//! | [`MORPH`]   | [`morph::MorphTokenizer`]  | lindera words, punctuation dropped                  |
//! | [`BIGRAM`]  | [`bigram::BigramTokenizer`]| CJK character bigrams, whole ASCII/Latin words      |
//! | [`KEYWORD`] | [`keyword::KeywordTokenizer`] | the whole value, for exact name matching         |
//! | [`JOINED`]  | [`joined::JoinedTokenizer`] | tokens of [`MORPH`] or [`BIGRAM`] made by the document builder ([`join_words`], [`join_bigrams`]); every text field is indexed with it |
//!
//! Every analyzer normalises first and maps token offsets back into the *original*
//! text, so snippets can be cut from what the user saw. Index time and query time go
//! through the same code: the index gets MORPH's and BIGRAM's tokens through
//! [`JOINED`], queries and snippets run MORPH and BIGRAM by name. It hands on tantivy tokens, plus [`MorphToken`]s with
//! katakana readings ([`morph_tokens`], [`reading`]) for reading-based query
//! expansion.
//!
//! ```
//! use shisaku::analysis;
//! use tantivy::schema::{Schema, TextFieldIndexing, TextOptions, IndexRecordOption};
//! use tantivy::Index;
//!
//! let mut schema = Schema::builder();
//! let indexing = TextFieldIndexing::default()
//!     .set_tokenizer(analysis::MORPH)
//!     .set_index_option(IndexRecordOption::WithFreqsAndPositions);
//! schema.add_text_field("body", TextOptions::default().set_indexing_options(indexing));
//! let index = Index::create_in_ram(schema.build());
//! analysis::register(index.tokenizers());
//!
//! let mut analyzer = index.tokenizers().get(analysis::MORPH).unwrap();
//! let mut stream = analyzer.token_stream("共同クラウド化を推進");
//! let mut words = Vec::new();
//! while let Some(token) = stream.next() {
//!     words.push(token.text.clone());
//! }
//! assert_eq!(words, ["共同", "クラウド", "化", "を", "推進"]);
//! ```

pub mod bigram;
mod dictionary;
pub mod joined;
pub mod keyword;
pub mod morph;
pub mod normalize;
pub mod stream;
pub mod table;
pub mod translit;

use tantivy::tokenizer::{RemoveLongFilter, TextAnalyzer, TokenizerManager};

pub use self::joined::{join_bigrams, join_words, JOINED};
pub use self::morph::{morph_tokens, morph_tokens_without_readings, reading, MorphToken};
pub use self::normalize::{normalize, normalize_text, Normalized};
pub use self::table::{WordTable, Words};

/// Name of the morphological analyzer: lindera tokens of normalised text.
pub const MORPH: &str = "ja_morph";
/// Name of the bigram analyzer: CJK character bigrams with real positions, ASCII and
/// Latin words as whole lowercase tokens.
pub const BIGRAM: &str = "ja_bigram";
/// Name of the keyword analyzer: the whole value, normalised.
pub const KEYWORD: &str = "ja_keyword";

/// Tokens longer than this many bytes are dropped by [`MORPH`] and [`BIGRAM`]: they
/// are URLs, hashes or runs of digits, not words anyone searches for.
pub const MAX_TOKEN_BYTES: usize = 100;

/// Errors of the analysis layer.
#[derive(Debug, Clone, thiserror::Error)]
pub enum AnalysisError {
    /// An embedded dictionary could not be loaded: the build is broken.
    #[error("cannot load the embedded {what}: {message}")]
    Dictionary {
        /// Which dictionary failed ("IPADIC" or "user dictionary").
        what: &'static str,
        /// lindera's error message.
        message: String,
    },
}

/// Loads the embedded dictionaries now (about 1 ms) instead of on first use, and
/// reports whether they are usable. Call once at start-up: if this fails, morphological
/// analysis yields no tokens.
pub fn init() -> Result<(), AnalysisError> {
    dictionary::segmenter().map(|_| ())
}

/// Registers [`MORPH`], [`BIGRAM`], [`KEYWORD`] and [`JOINED`] on an index's tokenizer manager.
/// Register on every index opened or created, before indexing or parsing queries.
pub fn register(manager: &TokenizerManager) {
    manager.register(
        MORPH,
        TextAnalyzer::builder(morph::MorphTokenizer)
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .build(),
    );
    manager.register(
        BIGRAM,
        TextAnalyzer::builder(bigram::BigramTokenizer)
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .build(),
    );
    manager.register(KEYWORD, TextAnalyzer::from(keyword::KeywordTokenizer));
    manager.register(JOINED, TextAnalyzer::from(joined::JoinedTokenizer));
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::TokenStream;

    use super::*;

    /// Runs a registered analyzer and returns (text, position, original slice).
    fn run(name: &str, text: &str) -> Vec<(String, usize, String)> {
        let manager = TokenizerManager::default();
        register(&manager);
        let mut analyzer = manager.get(name).unwrap();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((
                t.text.clone(),
                t.position,
                text[t.offset_from..t.offset_to].to_string(),
            ));
        }
        out
    }

    #[test]
    fn init_succeeds() {
        init().unwrap();
    }

    #[test]
    fn registered_analyzers_point_into_the_original() {
        let text = "ＬＧＷＡＮ系の共同クラウド化（コンピューター）";
        for name in [MORPH, BIGRAM, KEYWORD] {
            let tokens = run(name, text);
            assert!(!tokens.is_empty(), "{name}");
            for (token, _, slice) in &tokens {
                assert!(
                    normalize(slice).text.contains(token.as_str())
                        || token.contains(&normalize(slice).text),
                    "{name}: {token} from {slice}"
                );
            }
            let positions: Vec<usize> = tokens.iter().map(|t| t.1).collect();
            assert_eq!(positions, (0..tokens.len()).collect::<Vec<_>>(), "{name}");
        }
    }

    #[test]
    fn bigrams_of_kyodo_cloud() {
        let texts: Vec<String> = run(BIGRAM, "共同クラウド化")
            .into_iter()
            .map(|t| t.0)
            .collect();
        for bigram in ["クラ", "ラウ", "ウド"] {
            assert!(texts.iter().any(|t| t == bigram), "{bigram}");
        }
    }

    #[test]
    fn long_vowel_variants_agree_in_word_analyzers() {
        // The bigram analyzer keeps the marks (see bigram.rs) so substrings stay findable.
        for name in [MORPH, KEYWORD] {
            let a: Vec<String> = run(name, "コンピューター")
                .into_iter()
                .map(|t| t.0)
                .collect();
            let b: Vec<String> = run(name, "コンピュータ").into_iter().map(|t| t.0).collect();
            assert_eq!(a, b, "{name}");
        }
    }

    #[test]
    fn long_tokens_are_dropped() {
        let long = "a".repeat(MAX_TOKEN_BYTES + 1);
        let tokens = run(BIGRAM, &format!("{long} 情報"));
        assert_eq!(tokens.len(), 1);
        assert_eq!(tokens[0].0, "情報");
    }
}
