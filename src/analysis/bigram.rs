//! Character-bigram analysis, registered as [`super::BIGRAM`]: recall for words the
//! dictionaries split badly.
//!
//! Over the normalised text ([`super::normalize()`]):
//! - a run of CJK characters (kanji, hiragana, katakana with ー, Hangul) gives its
//!   overlapping two-character windows, 共同クラウド → 共同, 同ク, クラ, ラウ, ウド; a run
//!   of one CJK character gives that character alone;
//! - a run of other letters and digits (ASCII and Latin words, numbers) gives one
//!   token, already lowercase;
//! - anything else (spaces, punctuation, symbols, `-`, `~`) separates runs.
//!
//! All tokens share one position sequence 0, 1, 2, …, so phrase queries work, and
//! their offsets point into the original text.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::normalize::{normalize_chars, normalize_chars_text, Normalized};

/// What a character contributes to the bigram tokenizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Kanji, kana and other CJK script: split into bigrams.
    Cjk,
    /// Other letters and digits: kept as whole words.
    Word,
    /// Separates runs and is not indexed.
    Separator,
}

/// Classifies one normalised character.
fn class(c: char) -> Class {
    if is_cjk(c) {
        Class::Cjk
    } else if c.is_alphanumeric() {
        Class::Word
    } else {
        Class::Separator
    }
}

/// CJK characters indexed as bigrams: kanji (with 々 〆 〇), hiragana, katakana (with
/// ー, not the middle dot) and Hangul syllables.
fn is_cjk(c: char) -> bool {
    matches!(
        c,
        '\u{3005}'..='\u{3007}'
            | '\u{3041}'..='\u{309F}'
            | '\u{30A1}'..='\u{30FA}'
            | '\u{30FC}'..='\u{30FF}'
            | '\u{31F0}'..='\u{31FF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{AC00}'..='\u{D7AF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{3134F}'
    )
}

/// Bigram tokens of `text`, with offsets into `text`; see the module documentation.
pub fn bigram_tokens(text: &str) -> Vec<Token> {
    let mut stream = BigramStream::new(text);
    let mut tokens = Vec::with_capacity(stream.spans.len());
    while stream.advance() {
        tokens.push(stream.token.clone());
    }
    tokens
}

/// The byte ranges of the bigram tokens of normalised `text`, in position order.
fn spans(text: &str) -> Vec<(usize, usize)> {
    // Prolonged sound marks are kept: a bigram such as ザー of アドバイザー must stay
    // findable; the morphological field makes コンピューター = コンピュータ.
    let mut spans = Vec::with_capacity(text.len() / 3 + 1);
    // Byte start of the current CJK run and of its last character, if any.
    let mut cjk_run: Option<(usize, usize)> = None;
    // Byte start of the current word run, if any.
    let mut word_start: Option<usize> = None;
    for (start, c) in text.char_indices() {
        let class = class(c);
        if class != Class::Cjk {
            flush_cjk(text, cjk_run.take(), start, &mut spans);
        }
        if class != Class::Word {
            if let Some(from) = word_start.take() {
                spans.push((from, start));
            }
        }
        match class {
            Class::Cjk => {
                if let Some((_, last)) = &mut cjk_run {
                    // The bigram ending with this character.
                    spans.push((*last, start + c.len_utf8()));
                    *last = start;
                } else {
                    cjk_run = Some((start, start));
                }
            }
            Class::Word => {
                word_start.get_or_insert(start);
            }
            Class::Separator => {}
        }
    }
    flush_cjk(text, cjk_run, text.len(), &mut spans);
    if let Some(from) = word_start {
        spans.push((from, text.len()));
    }
    spans
}

/// Ends a CJK run (`run`: its first and last character's starts, the run
/// ending at `end`): a run of one character gives that character alone (its
/// bigrams were emitted as the run grew).
fn flush_cjk(text: &str, run: Option<(usize, usize)>, end: usize, spans: &mut Vec<(usize, usize)>) {
    if let Some((first, last)) = run {
        if first == last && text.is_char_boundary(end) {
            spans.push((first, end));
        }
    }
}

/// The tokens of [`bigram_tokens`], one at a time into one reused token: no
/// vector of tokens, no string per token (this runs over every indexed text).
pub struct BigramStream {
    /// The normalised text and its offset map.
    normalized: Normalized,
    /// Byte ranges of the tokens in `normalized.text` ([`spans`]).
    spans: Vec<(usize, usize)>,
    /// Index of the next token.
    next: usize,
    /// The current token.
    token: Token,
}

impl BigramStream {
    /// Calls `each(position, token)` for every bigram token of `text`, in
    /// order: the stream's tokens without their offsets into `text` (which
    /// [`super::join_bigrams`] does not need).
    pub fn for_each_token(text: &str, mut each: impl FnMut(usize, &str)) {
        let normalized = normalize_chars_text(text);
        for (position, &(from, to)) in spans(&normalized).iter().enumerate() {
            each(position, normalized.get(from..to).unwrap_or_default());
        }
    }

    /// The bigram tokens of `text`, before the first.
    pub fn new(text: &str) -> BigramStream {
        let normalized = normalize_chars(text);
        let spans = spans(&normalized.text);
        BigramStream {
            normalized,
            spans,
            next: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for BigramStream {
    fn advance(&mut self) -> bool {
        let Some(&(from, to)) = self.spans.get(self.next) else {
            return false;
        };
        self.token.position = self.next;
        self.token.position_length = 1;
        self.token.offset_from = self.normalized.original_offset(from);
        self.token.offset_to = self.normalized.original_end(to);
        self.token.text.clear();
        self.token
            .text
            .push_str(self.normalized.text.get(from..to).unwrap_or_default());
        self.next += 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// tantivy tokenizer producing [`bigram_tokens`], registered as [`super::BIGRAM`].
#[derive(Debug, Clone, Copy, Default)]
pub struct BigramTokenizer;

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = BigramStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BigramStream {
        BigramStream::new(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        bigram_tokens(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn cjk_runs_become_overlapping_bigrams() {
        assert_eq!(
            texts("共同クラウド化"),
            ["共同", "同ク", "クラ", "ラウ", "ウド", "ド化"]
        );
    }

    #[test]
    fn single_cjk_character_is_a_unigram() {
        assert_eq!(texts("市"), ["市"]);
        assert_eq!(texts("2024年 課"), ["2024", "年", "課"]);
    }

    #[test]
    fn words_are_whole_and_lowercase_in_one_sequence() {
        let tokens = bigram_tokens("ＬＧＷＡＮ接続系とWi-Fi環境");
        let texts: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["lgwan", "接続", "続系", "系と", "wi", "fi", "環境"]);
        let positions: Vec<usize> = tokens.iter().map(|t| t.position).collect();
        assert_eq!(positions, (0..tokens.len()).collect::<Vec<_>>());
    }

    #[test]
    fn punctuation_separates() {
        assert_eq!(texts("情報、政策。"), ["情報", "政策"]);
        assert_eq!(
            texts("震災復興・企画部"),
            ["震災", "災復", "復興", "企画", "画部"]
        );
    }

    #[test]
    fn offsets_slice_the_original() {
        let original = "ＩＣＴ化・ｺﾝﾋﾟｭｰﾀｰ㈱";
        let tokens = bigram_tokens(original);
        assert!(!tokens.is_empty());
        for token in &tokens {
            let slice = &original[token.offset_from..token.offset_to];
            assert!(
                normalize_chars(slice).text.contains(&token.text),
                "{slice} does not yield {}",
                token.text
            );
        }
        assert_eq!(
            &original[tokens[0].offset_from..tokens[0].offset_to],
            "ＩＣＴ"
        );
    }

    #[test]
    fn prolonged_marks_stay_so_every_substring_is_found() {
        // アドバイザー must be found by ザー; the short form's bigrams are a prefix of
        // the long form's, so a phrase for コンピュータ still finds コンピューター.
        assert!(texts("アドバイザー").contains(&"ザー".to_string()));
        let long = texts("コンピューター");
        let short = texts("コンピュータ");
        assert_eq!(&long[..short.len()], &short[..]);
    }
}
