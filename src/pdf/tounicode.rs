//! ToUnicode CMaps: character code → Unicode text (ISO 32000-1 §9.10.3).
//!
//! This file owns [`ToUnicode`], parsed from a font's `/ToUnicode` stream:
//! `begincodespacerange` (1- to 4-byte codes, used to split strings when a Type0 font's encoding
//! is unknown), `beginbfchar` (destination a UTF-16BE hex string, or a glyph name as some old
//! producers write) and `beginbfrange` in both forms — a start string whose last UTF-16 unit is
//! incremented across the range, or an array of one destination per code. Destinations may be
//! surrogate pairs or several characters (ligatures such as "ffi").
//!
//! It also owns the small PostScript-syntax tokenizer shared with [`super::cmap`] (CMap
//! streams are PostScript resources, §9.7.5.1 and Adobe Technical Note #5014) and
//! [`Codespace`]: codespace ranges and the code-splitting rule of §9.7.6.2 (a code is the
//! shortest byte sequence that falls, byte by byte, inside one codespace range).
//!
//! Malformed entries are skipped and reported as warning strings; parsing never panics and never
//! expands a range beyond [`MAX_RANGE`] codes or the map beyond [`MAX_ENTRIES`] entries.
//! Destinations that decode to nothing but U+0000 are treated as unmapped.

use rustc_hash::FxHashMap;

/// One token of PostScript syntax as it appears in CMap streams.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token {
    /// `<...>` hexadecimal string (odd digit counts are padded with a trailing 0).
    Hex(Vec<u8>),
    /// `(...)` literal string (escapes resolved only for `\\`, `\(`, `\)`).
    Str(Vec<u8>),
    /// `/Name` without the slash.
    Name(String),
    /// Integer.
    Int(i64),
    /// Real number (value unused by the CMap code).
    Real,
    /// `[`.
    ArrayOpen,
    /// `]`.
    ArrayClose,
    /// Any other bare word (`def`, `begincidrange`, `<<`, `>>`, `{`, ...).
    Keyword(String),
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Tokenize a CMap stream. Never fails: unknown bytes become keywords or are skipped.
pub(crate) fn tokenize(data: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = data.get(i) {
        if b.is_ascii_whitespace() || b == 0 {
            i += 1;
        } else if b == b'%' {
            while data.get(i).is_some_and(|&c| c != b'\n' && c != b'\r') {
                i += 1;
            }
        } else if b == b'<' && data.get(i + 1) == Some(&b'<') {
            out.push(Token::Keyword("<<".into()));
            i += 2;
        } else if b == b'>' && data.get(i + 1) == Some(&b'>') {
            out.push(Token::Keyword(">>".into()));
            i += 2;
        } else if b == b'<' {
            i += 1;
            let mut digits = Vec::new();
            while let Some(&c) = data.get(i) {
                i += 1;
                if c == b'>' {
                    break;
                }
                if let Some(v) = hex_val(c) {
                    digits.push(v);
                }
            }
            if digits.len() % 2 == 1 {
                digits.push(0);
            }
            out.push(Token::Hex(
                digits.chunks_exact(2).map(|p| (p[0] << 4) | p[1]).collect(),
            ));
        } else if b == b'(' {
            i += 1;
            let (mut depth, mut s) = (1usize, Vec::new());
            while let Some(&c) = data.get(i) {
                i += 1;
                match c {
                    b'\\' => {
                        if let Some(&e) = data.get(i) {
                            s.push(e);
                            i += 1;
                        }
                    }
                    b'(' => {
                        depth += 1;
                        s.push(c);
                    }
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                        s.push(c);
                    }
                    _ => s.push(c),
                }
            }
            out.push(Token::Str(s));
        } else if b == b'[' || b == b']' {
            out.push(if b == b'[' {
                Token::ArrayOpen
            } else {
                Token::ArrayClose
            });
            i += 1;
        } else {
            let start = i;
            i += 1;
            while data
                .get(i)
                .is_some_and(|&c| !c.is_ascii_whitespace() && !is_delim(c))
            {
                i += 1;
            }
            let word = String::from_utf8_lossy(data.get(start..i).unwrap_or_default());
            out.push(if let Some(name) = word.strip_prefix('/') {
                Token::Name(name.to_string())
            } else if let Ok(n) = word.parse::<i64>() {
                Token::Int(n)
            } else if word.parse::<f64>().is_ok() {
                Token::Real
            } else {
                Token::Keyword(word.into_owned())
            });
        }
    }
    out
}

/// Big-endian integer value of up to 4 bytes.
pub(crate) fn be_code(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b))
}

/// Codespace ranges (§9.7.6.2): each range bounds every byte of a code of its length.
#[derive(Debug, Clone, Default)]
pub struct Codespace {
    ranges: Vec<(Vec<u8>, Vec<u8>)>,
    default_len: usize,
}

impl Codespace {
    /// Add a range; ignored unless both ends have the same length of 1 to 4 bytes.
    pub fn add(&mut self, lo: &[u8], hi: &[u8]) {
        if lo.len() == hi.len() && (1..=4).contains(&lo.len()) {
            self.ranges.push((lo.to_vec(), hi.to_vec()));
        }
    }

    /// True when no range was declared.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Code length used when no range is declared at all (1 to 4; default 1).
    pub fn set_default_len(&mut self, len: usize) {
        self.default_len = len.clamp(1, 4);
    }

    /// Split the next code off `bytes`: `(code, byte length)`. Tries lengths 1 to 4 and takes
    /// the first whose bytes each lie inside the corresponding bytes of a range. When nothing
    /// matches it consumes one byte; with no ranges declared it consumes the default length.
    /// Returns `(0, 0)` only for empty input.
    pub fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        if bytes.is_empty() {
            return (0, 0);
        }
        if self.ranges.is_empty() {
            let n = self.default_len.clamp(1, 4).min(bytes.len());
            return (be_code(bytes.get(..n).unwrap_or(bytes)), n);
        }
        for n in 1..=bytes.len().min(4) {
            let Some(code) = bytes.get(..n) else { break };
            let hit = self.ranges.iter().any(|(lo, hi)| {
                lo.len() == n
                    && code
                        .iter()
                        .zip(lo.iter().zip(hi))
                        .all(|(c, (l, h))| l <= c && c <= h)
            });
            if hit {
                return (be_code(code), n);
            }
        }
        (bytes.first().map_or(0, |&b| u32::from(b)), 1)
    }
}

/// Largest number of codes one `bfrange` may expand to.
pub const MAX_RANGE: u32 = 0x1_0000;
/// Largest number of entries one ToUnicode map may hold.
pub const MAX_ENTRIES: usize = 1 << 20;

/// A parsed ToUnicode CMap: codespace ranges plus code → text.
#[derive(Debug, Clone, Default)]
pub struct ToUnicode {
    codespace: Codespace,
    /// code → (start, end) byte offsets into `text`.
    map: FxHashMap<u32, (u32, u32)>,
    text: String,
}

/// Parse state while reading one stream.
struct Builder {
    out: ToUnicode,
    warnings: Vec<String>,
    longest_src: usize,
    capped: bool,
}

impl Builder {
    fn insert(&mut self, code: u32, value: &str) {
        if value.chars().all(|c| c == '\0') {
            return;
        }
        if self.out.map.len() >= MAX_ENTRIES && !self.out.map.contains_key(&code) {
            if !self.capped {
                self.warnings.push(format!(
                    "ToUnicode: more than {MAX_ENTRIES} entries, rest dropped"
                ));
                self.capped = true;
            }
            return;
        }
        let (Ok(start), Ok(end)) = (
            u32::try_from(self.out.text.len()),
            u32::try_from(self.out.text.len() + value.len()),
        ) else {
            return;
        };
        self.out.text.push_str(value);
        self.out.map.insert(code, (start, end));
    }

    fn source(&mut self, tok: &Token, what: &str) -> Option<(u32, usize)> {
        match tok {
            Token::Hex(b) if (1..=4).contains(&b.len()) => {
                self.longest_src = self.longest_src.max(b.len());
                Some((be_code(b), b.len()))
            }
            other => {
                self.warnings
                    .push(format!("ToUnicode {what}: bad source code {other:?}"));
                None
            }
        }
    }

    fn bfchar(&mut self, ops: &[Token]) {
        for pair in ops.chunks(2) {
            let [src, dst] = pair else {
                self.warnings
                    .push("ToUnicode bfchar: odd number of operands".into());
                continue;
            };
            let Some((code, _)) = self.source(src, "bfchar") else {
                continue;
            };
            match destination(dst) {
                Some(text) => self.insert(code, &text),
                None => self
                    .warnings
                    .push(format!("ToUnicode bfchar: bad destination {dst:?}")),
            }
        }
    }

    fn bfrange(&mut self, ops: &[Token]) {
        let mut rest = ops;
        while let [lo_t, hi_t, tail @ ..] = rest {
            let lo = self.source(lo_t, "bfrange");
            let hi = self.source(hi_t, "bfrange");
            let (array, single) = match tail {
                [Token::ArrayOpen, after @ ..] => {
                    let n = after
                        .iter()
                        .take_while(|t| **t != Token::ArrayClose)
                        .count();
                    rest = after.get(n + 1..).unwrap_or_default();
                    (Some(after.get(..n).unwrap_or_default()), None)
                }
                [t, after @ ..] => {
                    rest = after;
                    (None, Some(t))
                }
                [] => {
                    self.warnings
                        .push("ToUnicode bfrange: missing destination".into());
                    return;
                }
            };
            let (Some((lo, lo_len)), Some((hi, hi_len))) = (lo, hi) else {
                continue;
            };
            if lo > hi || lo_len != hi_len {
                self.warnings
                    .push(format!("ToUnicode bfrange: bad range {lo:X}..{hi:X}"));
                continue;
            }
            if hi - lo >= MAX_RANGE {
                self.warnings
                    .push(format!("ToUnicode bfrange {lo:X}..{hi:X} truncated"));
            }
            let count = (hi - lo).min(MAX_RANGE - 1) + 1;
            if let Some(items) = array {
                for (code, d) in (lo..=hi).zip(items.iter().take(count as usize)) {
                    match destination(d) {
                        Some(text) => self.insert(code, &text),
                        None => self
                            .warnings
                            .push(format!("ToUnicode bfrange: bad item {d:?}")),
                    }
                }
            } else if let Some(Token::Hex(bytes)) = single {
                let mut units = utf16_units(bytes);
                let Some(base) = units.last().copied() else {
                    self.warnings
                        .push("ToUnicode bfrange: empty destination".into());
                    continue;
                };
                for k in 0..count {
                    if let Some(last) = units.last_mut() {
                        *last = base.wrapping_add(k as u16);
                    }
                    self.insert(lo + k, &String::from_utf16_lossy(&units));
                }
            } else if let Some(d) = single {
                match destination(d) {
                    Some(text) => self.insert(lo, &text),
                    None => self
                        .warnings
                        .push(format!("ToUnicode bfrange: bad destination {d:?}")),
                }
            }
        }
        if !rest.is_empty() {
            self.warnings
                .push("ToUnicode bfrange: dangling operand".into());
        }
    }
}

/// UTF-16 units of a destination string; a lone byte is taken as one unit, other odd lengths
/// get a leading zero byte.
fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    let mut padded = Vec::with_capacity(bytes.len() + 1);
    if bytes.len() % 2 == 1 {
        padded.push(0);
    }
    padded.extend_from_slice(bytes);
    padded
        .chunks_exact(2)
        .map(|p| u16::from_be_bytes([p[0], p[1]]))
        .collect()
}

fn destination(tok: &Token) -> Option<String> {
    match tok {
        Token::Hex(b) | Token::Str(b) if !b.is_empty() => {
            Some(String::from_utf16_lossy(&utf16_units(b)))
        }
        Token::Name(n) => super::encoding::glyph_name_to_unicode(n),
        _ => None,
    }
}

impl ToUnicode {
    /// bfchar, bfrange (incl. array form, and the increment of the last UTF-16 unit of a
    /// multi-unit destination), multi-byte codespaces, UTF-16 surrogate pairs, ligatures
    /// (several chars), 1- to 4-byte codes. Bad entries are skipped with a warning string, never a panic.
    pub fn parse(data: &[u8]) -> (ToUnicode, Vec<String>) {
        let mut b = Builder {
            out: ToUnicode::default(),
            warnings: Vec::new(),
            longest_src: 0,
            capped: false,
        };
        let mut ops: Vec<Token> = Vec::new();
        for tok in tokenize(data) {
            let Token::Keyword(kw) = &tok else {
                ops.push(tok);
                continue;
            };
            match kw.as_str() {
                "endcodespacerange" => {
                    for pair in ops.chunks(2) {
                        match pair {
                            [Token::Hex(lo), Token::Hex(hi)] => b.out.codespace.add(lo, hi),
                            _ => b.warnings.push("ToUnicode: bad codespace range".into()),
                        }
                    }
                }
                "endbfchar" => b.bfchar(&ops),
                "endbfrange" => b.bfrange(&ops),
                _ => {}
            }
            ops.clear();
        }
        b.out.codespace.set_default_len(b.longest_src.max(1));
        (b.out, b.warnings)
    }

    /// The text of a code, if mapped.
    pub fn lookup(&self, code: u32) -> Option<&str> {
        let &(s, e) = self.map.get(&code)?;
        self.text.get(s as usize..e as usize)
    }

    /// Codespace-based code splitting (for simple fonts always 1 byte, but use this when a
    /// Type0 font's encoding is unknown). Without codespace ranges, codes are as long as the
    /// longest source code in the map.
    pub fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        self.codespace.next_code(bytes)
    }

    /// True when no code is mapped.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Number of mapped codes.
    pub fn len(&self) -> usize {
        self.map.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Adobe-Identity-UCS def /CMapType 2 def
1 begincodespacerange <0000> <FFFF> endcodespacerange
4 beginbfchar
<0003> <0020>
<0010> <D835DC00>
<0011> <00660066>
<0012> /quotedblleft
endbfchar
3 beginbfrange
<0020> <0022> <3042>
<0030> <0032> [<30A2> <D840DC0B> <0066006C>]
<0040> <0041> <00660069>
endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end";

    #[test]
    fn bfchar_bfrange_surrogates_ligatures() {
        let (tu, warnings) = ToUnicode::parse(SAMPLE);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(tu.lookup(0x03), Some(" "));
        assert_eq!(tu.lookup(0x10), Some("\u{1D400}"), "surrogate pair");
        assert_eq!(tu.lookup(0x11), Some("ff"), "ligature");
        assert_eq!(tu.lookup(0x12), Some("\u{201C}"), "glyph-name destination");
        assert_eq!(tu.lookup(0x21), Some("ぃ"), "incrementing range");
        assert_eq!(tu.lookup(0x30), Some("ア"));
        assert_eq!(
            tu.lookup(0x31),
            Some("\u{2000B}"),
            "array item surrogate pair"
        );
        assert_eq!(tu.lookup(0x32), Some("fl"));
        assert_eq!(tu.lookup(0x41), Some("fj"), "last UTF-16 unit increments");
        assert_eq!(tu.lookup(0x23), None);
        assert_eq!(tu.next_code(&[0x00, 0x21, 0x05]), (0x21, 2));
        assert_eq!(tu.len(), 12);
        assert!(!tu.is_empty());
    }

    #[test]
    fn mixed_codespace_and_default_lengths() {
        let src = b"2 begincodespacerange <00> <80> <8140> <FCFC> endcodespacerange
2 beginbfchar <41> <0041> <82A0> <3042> endbfchar";
        let (tu, _) = ToUnicode::parse(src);
        assert_eq!(tu.next_code(b"\x82\xa0A"), (0x82A0, 2));
        assert_eq!(tu.next_code(b"A\x82"), (0x41, 1));
        assert_eq!(tu.lookup(0x82A0), Some("あ"));
        // No codespace: codes are as long as the longest source.
        let (tu, _) = ToUnicode::parse(b"1 beginbfchar <000041> <0041> endbfchar");
        assert_eq!(tu.next_code(&[0, 0, 0x41, 1]), (0x41, 3));
        let (tu, _) = ToUnicode::parse(b"1 beginbfchar <01> <0041> endbfchar");
        assert_eq!(tu.next_code(&[1, 2]), (1, 1));
    }

    #[test]
    fn bad_entries_warn_and_are_skipped() {
        let src = b"3 beginbfchar <01> 5 <02> <0042> <0A0B0C0D0E> <0043> endbfchar
3 beginbfrange <10> <05> <0041> <20> <21> <0000> <30> <31> <0061> <40> endbfrange";
        let (tu, warnings) = ToUnicode::parse(src);
        assert_eq!(tu.lookup(2), Some("B"));
        assert_eq!(warnings.len(), 4, "{warnings:?}");
        let (tu, warnings) =
            ToUnicode::parse(b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange");
        assert_eq!(warnings.len(), 1, "{warnings:?}");

        assert_eq!(
            tu.lookup(0xFFFF),
            Some("\u{40}"),
            "capped range wraps its last unit"
        );
        assert_eq!(tu.lookup(0x1_0000), None, "range truncated at MAX_RANGE");
        let (tu, _) =
            ToUnicode::parse(b"2 beginbfrange <20> <21> <0000> <30> <31> <0061> endbfrange");
        assert_eq!(tu.lookup(0x20), None, "U+0000 destinations are unmapped");
        assert_eq!(tu.lookup(0x21), Some("\u{1}"));
        assert_eq!(tu.lookup(0x31), Some("b"));
    }

    #[test]
    fn tokenizer_handles_strings_comments_dicts() {
        let toks = tokenize(b"%c\n<< /A (x\\)y(z)) <4 1> 12 -3.5 [/B] >> def");
        assert_eq!(
            toks,
            vec![
                Token::Keyword("<<".into()),
                Token::Name("A".into()),
                Token::Str(b"x)y(z)".to_vec()),
                Token::Hex(vec![0x41]),
                Token::Int(12),
                Token::Real,
                Token::ArrayOpen,
                Token::Name("B".into()),
                Token::ArrayClose,
                Token::Keyword(">>".into()),
                Token::Keyword("def".into()),
            ]
        );
        assert_eq!(tokenize(b"<abc"), vec![Token::Hex(vec![0xab, 0xc0])]);
    }
}
