//! The whole words of many texts, analysed once and shared by the stages
//! that need them.
//!
//! At ingest both lineage (the terms of titles and prose) and the index (the
//! whole-word and reading fields) segment the same texts; morphological
//! analysis is the costliest step of either. A [`WordTable`] analyses each
//! distinct text once, in parallel, and keeps only what those stages read
//! back: the words joined for the index ([`super::join_words`]) and the
//! reading text (about three times the text's size, not the token vectors).

use rustc_hash::FxHashMap;

use rayon::prelude::*;

use super::joined::{join_words, SEPARATOR};
use super::morph::{morph_tokens, MorphToken};

/// The analysis of one text as the index and lineage use it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words {
    /// The words, joined for [`super::JOINED`] fields.
    pub joined: String,
    /// The katakana reading with breaks ([`reading_of`]).
    pub reading: String,
}

impl Words {
    /// Analyses `text` (with readings).
    pub fn of(text: &str) -> Words {
        let tokens = morph_tokens(text);
        Words {
            joined: join_words(&tokens),
            reading: reading_of(&tokens),
        }
    }

    /// The words, in order (those [`join_words`] keeps).
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.joined.split(SEPARATOR).filter(|w| !w.is_empty())
    }
}

/// The katakana reading of analysed `tokens` as a reading field indexes it:
/// the reading of every token (its text when it has none), with a space
/// where the original text has something between two tokens (punctuation,
/// spaces), so reading bigrams do not run across a sentence break.
pub fn reading_of(tokens: &[MorphToken]) -> String {
    let mut out = String::new();
    let mut end = None;
    for t in tokens {
        if end.is_some_and(|e| e != t.offset_from) {
            out.push(' ');
        }
        out.push_str(t.reading.as_deref().unwrap_or(&t.text));
        end = Some(t.offset_to);
    }
    out
}

/// [`Words`] of many texts, by text.
#[derive(Debug, Clone, Default)]
pub struct WordTable {
    /// Analysis by text.
    words: FxHashMap<String, Words>,
}

impl WordTable {
    /// Analyses every distinct non-blank text of `texts`, in parallel.
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a str>) -> WordTable {
        let mut distinct: Vec<&str> = texts.into_iter().filter(|t| !t.trim().is_empty()).collect();
        distinct.sort_unstable();
        distinct.dedup();
        WordTable {
            words: distinct
                .par_iter()
                .map(|t| (t.to_string(), Words::of(t)))
                .collect(),
        }
    }

    /// The analysis of `text`, when the table holds it.
    pub fn get(&self, text: &str) -> Option<&Words> {
        self.words.get(text)
    }

    /// How many texts the table holds.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the table holds no text.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_holds_each_distinct_text_once_as_analysed_alone() {
        let texts = [
            "地域の情報化。推進",
            "共同クラウド化",
            "地域の情報化。推進",
            "  ",
        ];
        let table = WordTable::of(texts);
        assert_eq!(table.len(), 2, "duplicates and blanks are not analysed");
        let words = table.get("地域の情報化。推進").expect("held");
        assert_eq!(words, &Words::of("地域の情報化。推進"));
        assert_eq!(words.reading, "チイキノジョウホウカ スイシン");
        let tokens: Vec<String> = morph_tokens("地域の情報化。推進")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(words.words().collect::<Vec<_>>(), tokens);
        assert!(table.get("県").is_none());
    }
}
