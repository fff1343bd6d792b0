//! A tantivy [`TokenStream`] over tokens computed up front.
//!
//! The morphological analyzer computes all tokens of a text at once (lindera
//! segments whole sentences anyway) and hands them to tantivy through
//! [`VecTokenStream`]; the bigram and joined analyzers stream theirs into one
//! reused token instead.

use tantivy::tokenizer::{Token, TokenStream};

/// A token stream that yields the tokens of a vector in order.
#[derive(Debug, Clone, Default)]
pub struct VecTokenStream {
    /// The tokens, in position order.
    tokens: Vec<Token>,
    /// How many times [`TokenStream::advance`] returned `true`.
    advanced: usize,
    /// Returned by `token()` before the first `advance()` (the API allows the call).
    empty: Token,
}

impl VecTokenStream {
    /// Wraps `tokens`, which must already carry their positions and offsets.
    pub fn new(tokens: Vec<Token>) -> Self {
        Self {
            tokens,
            advanced: 0,
            empty: Token::default(),
        }
    }
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        if self.advanced < self.tokens.len() {
            self.advanced += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        self.advanced
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .unwrap_or(&self.empty)
    }

    fn token_mut(&mut self) -> &mut Token {
        match self.advanced.checked_sub(1) {
            Some(i) if i < self.tokens.len() => &mut self.tokens[i],
            _ => &mut self.empty,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(text: &str, position: usize) -> Token {
        Token {
            offset_from: 0,
            offset_to: text.len(),
            position,
            text: text.to_string(),
            position_length: 1,
        }
    }

    #[test]
    fn yields_tokens_in_order_then_stops() {
        let mut stream = VecTokenStream::new(vec![token("a", 0), token("b", 1)]);
        assert_eq!(stream.token().text, "");
        assert!(stream.advance());
        assert_eq!(stream.token().text, "a");
        stream.token_mut().text.push('x');
        assert_eq!(stream.token().text, "ax");
        assert!(stream.advance());
        assert_eq!(stream.token().position, 1);
        assert!(!stream.advance());
        assert!(!stream.advance());
        assert_eq!(stream.token().text, "b");
    }
}
