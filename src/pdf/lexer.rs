//! Content-stream tokeniser (ISO 32000-1 §7.2, §7.8.2).
//!
//! Turns the bytes of a content stream into a sequence of [`Operation`]s:
//! operands (numbers, strings, names, arrays, dictionaries) followed by their
//! operator. It never fails: malformed syntax is skipped byte by byte, and
//! inline images (`BI … ID <data> EI`) are consumed as one operation whose
//! binary data is dropped. Every loop advances by at least one byte, so any
//! input terminates; memory is bounded by [`MAX_OPERANDS_PER_STREAM`],
//! [`MAX_OPERANDS_PER_OPERATION`] and the caller's operation limit.

/// An operand of a content-stream operator.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// Integer or real number.
    Number(f32),
    /// Literal or hexadecimal string, as raw bytes.
    Str(Vec<u8>),
    /// A name without the leading slash.
    Name(Vec<u8>),
    /// An array of operands (used by `TJ` and `d`).
    Array(Vec<Operand>),
    /// A dictionary (marked content, inline image parameters), kept as pairs.
    Dict(Vec<(Vec<u8>, Operand)>),
    /// `true` / `false`.
    Bool(bool),
    /// `null`.
    Null,
}

impl Operand {
    /// The number, if this operand is one.
    pub fn as_f32(&self) -> Option<f32> {
        match self {
            Operand::Number(n) => Some(*n),
            _ => None,
        }
    }
}

/// One operator with the operands that preceded it.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The operator keyword, e.g. `b"Tj"`.
    pub operator: Vec<u8>,
    /// Operands in stream order.
    pub operands: Vec<Operand>,
}

/// Maximum nesting of arrays/dictionaries inside one operand.
const MAX_NESTING: usize = 32;

fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_whitespace(b) && !is_delimiter(b)
}

/// Most operands (nested array and dictionary items included) kept from one
/// content stream; parsing stops there. Each costs about 32 bytes, so a flood
/// of tiny operands cannot take more than ~64 MiB.
pub const MAX_OPERANDS_PER_STREAM: usize = 2_000_000;

/// Most operands kept before one operator; older ones are dropped (no
/// operator takes more than a few, and fixed-arity ones use the last ones).
pub const MAX_OPERANDS_PER_OPERATION: usize = 64;

/// A cursor over content-stream bytes.
struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
    /// Operands that may still be kept ([`MAX_OPERANDS_PER_STREAM`] at the start).
    operands_left: usize,
}

enum Token {
    Operand(Operand),
    Keyword(Vec<u8>),
    ArrayEnd,
    DictEnd,
    Eof,
}

impl<'a> Lexer<'a> {
    /// Count one more operand kept; false when the stream's budget is spent.
    fn take_operand(&mut self) -> bool {
        let ok = self.operands_left > 0;
        self.operands_left = self.operands_left.saturating_sub(1);
        ok
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip_space_and_comments(&mut self) {
        while let Some(b) = self.peek() {
            if is_whitespace(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn regular_run(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.peek().is_some_and(is_regular) {
            self.pos += 1;
        }
        &self.data[start..self.pos]
    }

    fn next_token(&mut self, depth: usize) -> Token {
        self.skip_space_and_comments();
        let Some(b) = self.peek() else {
            return Token::Eof;
        };
        match b {
            b'(' => {
                self.pos += 1;
                Token::Operand(Operand::Str(self.literal_string()))
            }
            b'<' => {
                if self.data.get(self.pos + 1) == Some(&b'<') {
                    self.pos += 2;
                    Token::Operand(self.dict(depth + 1))
                } else {
                    self.pos += 1;
                    Token::Operand(Operand::Str(self.hex_string()))
                }
            }
            b'>' => {
                self.pos += 1;
                if self.peek() == Some(b'>') {
                    self.pos += 1;
                }
                Token::DictEnd
            }
            b'[' => {
                self.pos += 1;
                Token::Operand(self.array(depth + 1))
            }
            b']' => {
                self.pos += 1;
                Token::ArrayEnd
            }
            b'/' => {
                self.pos += 1;
                Token::Operand(Operand::Name(decode_name(self.regular_run())))
            }
            b'{' | b'}' | b')' => {
                // PostScript calculator braces or a stray paren: not content syntax.
                self.pos += 1;
                Token::Keyword(vec![b])
            }
            _ => {
                let run = self.regular_run();
                if run.is_empty() {
                    self.pos += 1;
                    return Token::Keyword(vec![b]);
                }
                if let Some(n) = parse_number(run) {
                    return Token::Operand(Operand::Number(n));
                }
                match run {
                    b"true" => Token::Operand(Operand::Bool(true)),
                    b"false" => Token::Operand(Operand::Bool(false)),
                    b"null" => Token::Operand(Operand::Null),
                    _ => Token::Keyword(run.to_vec()),
                }
            }
        }
    }

    fn array(&mut self, depth: usize) -> Operand {
        let mut items = Vec::new();
        loop {
            if depth > MAX_NESTING {
                return Operand::Array(items);
            }
            match self.next_token(depth) {
                Token::Operand(o) if self.take_operand() => items.push(o),
                Token::Operand(_) => {}
                Token::ArrayEnd | Token::Eof => return Operand::Array(items),
                Token::Keyword(_) | Token::DictEnd => {}
            }
        }
    }

    fn dict(&mut self, depth: usize) -> Operand {
        let mut pairs = Vec::new();
        let mut key: Option<Vec<u8>> = None;
        loop {
            if depth > MAX_NESTING {
                return Operand::Dict(pairs);
            }
            match self.next_token(depth) {
                Token::Operand(o) => match key.take() {
                    Some(k) if self.take_operand() => pairs.push((k, o)),
                    Some(_) => {}
                    None => {
                        if let Operand::Name(n) = o {
                            key = Some(n);
                        }
                    }
                },
                Token::DictEnd | Token::Eof => return Operand::Dict(pairs),
                Token::Keyword(_) | Token::ArrayEnd => {}
            }
        }
    }

    fn literal_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                b'\\' => {
                    let Some(e) = self.peek() else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xff) as u8);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
        out
    }

    fn hex_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(b) = self.peek() {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            let v = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ => continue,
            };
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    /// After the `ID` keyword: skip the binary data up to `EI` standing
    /// between white space (or at the end).
    fn skip_inline_image_data(&mut self) {
        // One white-space byte follows ID.
        if self.peek().is_some_and(is_whitespace) {
            self.pos += 1;
        }
        while self.pos < self.data.len() {
            let at_ei = self.data[self.pos..].starts_with(b"EI")
                && (self.pos == 0 || is_whitespace(self.data[self.pos - 1]))
                && self
                    .data
                    .get(self.pos + 2)
                    .is_none_or(|&c| is_whitespace(c) || is_delimiter(c));
            if at_ei {
                self.pos += 2;
                return;
            }
            self.pos += 1;
        }
    }
}

fn decode_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'#' && i + 2 < raw.len() {
            let hex = std::str::from_utf8(&raw[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(v) = hex {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

fn parse_number(run: &[u8]) -> Option<f32> {
    let first = *run.first()?;
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return None;
    }
    let s = std::str::from_utf8(run).ok()?;
    if let Ok(v) = s.parse::<f32>() {
        return Some(v);
    }
    // Tolerate producer quirks such as "--5" or "1.2.3": take the longest valid prefix.
    let trimmed = s.trim_start_matches(['+', '-']);
    let neg = s.starts_with('-');
    let end = trimmed
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (c == '.' && !trimmed[..i].contains('.'))))
        .map_or(trimmed.len(), |(i, _)| i);
    let v: f32 = trimmed[..end].parse().unwrap_or(0.0);
    Some(if neg { -v } else { v })
}

/// Split a content stream into operations. Operands that are never followed by
/// an operator are dropped; inline image data is skipped.
pub fn parse_operations(data: &[u8]) -> Vec<Operation> {
    parse_operations_bounded(data, usize::MAX).0
}

/// [`parse_operations`], stopping after `max_operations` operations or
/// [`MAX_OPERANDS_PER_STREAM`] operands; the flag is true when it stopped early.
pub fn parse_operations_bounded(data: &[u8], max_operations: usize) -> (Vec<Operation>, bool) {
    let mut lexer = Lexer {
        data,
        pos: 0,
        operands_left: MAX_OPERANDS_PER_STREAM,
    };
    let mut ops = Vec::new();
    let mut operands = Vec::new();
    loop {
        if ops.len() >= max_operations || lexer.operands_left == 0 {
            lexer.skip_space_and_comments();
            return (ops, lexer.pos < data.len());
        }
        let before = lexer.pos;
        match lexer.next_token(0) {
            Token::Eof => break,
            Token::Operand(o) => {
                if operands.len() >= MAX_OPERANDS_PER_OPERATION {
                    operands.remove(0);
                } else if !lexer.take_operand() {
                    continue;
                }
                operands.push(o);
            }
            Token::Keyword(k) => {
                if k == b"ID" {
                    lexer.skip_inline_image_data();
                    operands.clear();
                    ops.push(Operation {
                        operator: b"BI".to_vec(),
                        operands: Vec::new(),
                    });
                    continue;
                }
                if k == b"BI" {
                    // Parameters follow as key/value pairs up to ID; collected as operands.
                    operands.clear();
                    continue;
                }
                ops.push(Operation {
                    operator: k,
                    operands: std::mem::take(&mut operands),
                });
            }
            Token::ArrayEnd | Token::DictEnd => {}
        }
        if lexer.pos == before {
            lexer.pos += 1;
        }
    }
    (ops, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_operators_and_operands() {
        let ops = parse_operations(
            b"BT /F1 8.5 Tf 1 0 0 1 10.5 -2 Tm <30423044> Tj [(a) -120 (b)] TJ ET",
        );
        let names: Vec<&[u8]> = ops.iter().map(|o| o.operator.as_slice()).collect();
        assert_eq!(names, vec![&b"BT"[..], b"Tf", b"Tm", b"Tj", b"TJ", b"ET"]);
        assert_eq!(ops[1].operands[0], Operand::Name(b"F1".to_vec()));
        assert_eq!(ops[1].operands[1], Operand::Number(8.5));
        assert_eq!(
            ops[3].operands[0],
            Operand::Str(vec![0x30, 0x42, 0x30, 0x44])
        );
        match &ops[4].operands[0] {
            Operand::Array(items) => assert_eq!(items.len(), 3),
            other => panic!("not an array: {other:?}"),
        }
    }

    #[test]
    fn literal_string_escapes() {
        let ops = parse_operations(b"(a\\(b\\)c\\101\\\nd (n)) Tj");
        assert_eq!(ops[0].operands[0], Operand::Str(b"a(b)cAd (n)".to_vec()));
    }

    #[test]
    fn inline_image_is_skipped() {
        let ops = parse_operations(b"q BI /W 2 /H 1 /BPC 8 ID \x00EI\xffQ EI Q BT ET");
        let names: Vec<&[u8]> = ops.iter().map(|o| o.operator.as_slice()).collect();
        assert_eq!(names, vec![&b"q"[..], b"BI", b"Q", b"BT", b"ET"]);
    }

    #[test]
    fn garbage_terminates() {
        let mut seed = 12345u32;
        for len in [0usize, 1, 7, 100, 1000] {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    (seed >> 16) as u8
                })
                .collect();
            let _ = parse_operations(&bytes);
        }
        let _ = parse_operations(b"((((((((( [[[[[[[ <<<<<< /#");
    }

    #[test]
    fn names_decode_hex_escapes() {
        let ops = parse_operations(b"/A#20B gs");
        assert_eq!(ops[0].operands[0], Operand::Name(b"A B".to_vec()));
    }

    #[test]
    fn operand_floods_are_bounded() {
        // 3 million operands before one operator: the oldest are dropped.
        let data = b"1 ".repeat(3_000_000);
        let (ops, cut) = parse_operations_bounded(&[&data[..], b"Tj"].concat(), usize::MAX);
        assert_eq!(ops.len(), 1);
        assert_eq!(ops[0].operands.len(), MAX_OPERANDS_PER_OPERATION);
        assert!(!cut);
        // One array of 3 million items: the stream's operand budget stops it.
        let data = [&b"["[..], &data, b"] TJ 0 0 m"].concat();
        let (ops, cut) = parse_operations_bounded(&data, usize::MAX);
        assert!(cut);
        let items = match ops.first().and_then(|o| o.operands.first()) {
            Some(Operand::Array(a)) => a.len(),
            _ => 0,
        };
        assert!(items <= MAX_OPERANDS_PER_STREAM, "{items}");
    }

    #[test]
    fn operation_limit_stops_parsing() {
        let (ops, cut) = parse_operations_bounded(&b"q ".repeat(1000), 10);
        assert_eq!(ops.len(), 10);
        assert!(cut);
        let (ops, cut) = parse_operations_bounded(b"q Q  % end\n", 2);
        assert_eq!(ops.len(), 2);
        assert!(!cut);
    }
}
