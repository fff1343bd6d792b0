//! Simple-font encodings and glyph names → Unicode.
//!
//! This file owns:
//! * the built-in base encodings of ISO 32000-1 Annex D (StandardEncoding, WinAnsiEncoding,
//!   MacRomanEncoding, PDFDocEncoding, MacExpertEncoding) and the built-in encodings of the
//!   Symbol and ZapfDingbats fonts, as 256-entry glyph-name tables ([`BaseEncoding`]), vendored
//!   in `data/cmap/encodings.txt.z`;
//! * [`SimpleEncoding`]: a base encoding with an `/Encoding` dictionary's `/Differences`
//!   applied (§9.6.6.1, Table 114);
//! * [`glyph_name_to_unicode`]: the Adobe Glyph List (`data/cmap/agl.txt.z`) plus the AGL
//!   specification's rules — `uniXXXX[XXXX…]`, `uXXXX[XX]`, ligature names split on `_`,
//!   suffixes after `.` dropped — as used by §9.10.2 method (a);
//! * [`decode_pdfdoc`]: PDF text strings (§7.9.2.2): PDFDocEncoding, or UTF-16BE / UTF-8 with
//!   a byte-order mark.

use super::predefined::text_table;
use std::collections::HashMap;
use std::sync::OnceLock;

static ENCODINGS_DATA: &[u8] = include_bytes!("../../data/cmap/encodings.txt.z");
static AGL_DATA: &[u8] = include_bytes!("../../data/cmap/agl.txt.z");

/// A built-in base encoding of a simple font (Annex D).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BaseEncoding {
    /// Adobe StandardEncoding (the default for Type 1 fonts without a built-in encoding).
    Standard,
    /// WinAnsiEncoding (Windows code page 1252).
    WinAnsi,
    /// MacRomanEncoding.
    MacRoman,
    /// PDFDocEncoding (text strings; also seen as a font encoding).
    PdfDoc,
    /// MacExpertEncoding (expert fonts: small caps, old-style figures).
    MacExpert,
    /// The built-in encoding of the Symbol font.
    Symbol,
    /// The built-in encoding of the ZapfDingbats font.
    ZapfDingbats,
}

const ALL: [BaseEncoding; 7] = [
    BaseEncoding::Standard,
    BaseEncoding::WinAnsi,
    BaseEncoding::MacRoman,
    BaseEncoding::PdfDoc,
    BaseEncoding::MacExpert,
    BaseEncoding::Symbol,
    BaseEncoding::ZapfDingbats,
];

impl BaseEncoding {
    /// From a PDF name: "WinAnsiEncoding", "MacRomanEncoding", "MacExpertEncoding",
    /// "StandardEncoding", "PDFDocEncoding", "Symbol", "ZapfDingbats" (with or without the
    /// "Encoding" suffix).
    pub fn from_name(name: &str) -> Option<BaseEncoding> {
        Some(match name.strip_suffix("Encoding").unwrap_or(name) {
            "Standard" => BaseEncoding::Standard,
            "WinAnsi" => BaseEncoding::WinAnsi,
            "MacRoman" => BaseEncoding::MacRoman,
            "PDFDoc" | "PdfDoc" => BaseEncoding::PdfDoc,
            "MacExpert" => BaseEncoding::MacExpert,
            "Symbol" => BaseEncoding::Symbol,
            "ZapfDingbats" | "Dingbats" => BaseEncoding::ZapfDingbats,
            _ => return None,
        })
    }

    fn key(self) -> &'static str {
        match self {
            BaseEncoding::Standard => "Standard",
            BaseEncoding::WinAnsi => "WinAnsi",
            BaseEncoding::MacRoman => "MacRoman",
            BaseEncoding::PdfDoc => "PdfDoc",
            BaseEncoding::MacExpert => "MacExpert",
            BaseEncoding::Symbol => "Symbol",
            BaseEncoding::ZapfDingbats => "ZapfDingbats",
        }
    }

    /// The glyph name the encoding assigns to `code`, if any.
    pub fn glyph_name(self, code: u8) -> Option<&'static str> {
        let table = tables().get(&self)?;
        table.get(usize::from(code))?.as_deref()
    }
}

fn tables() -> &'static HashMap<BaseEncoding, Vec<Option<String>>> {
    static TABLES: OnceLock<HashMap<BaseEncoding, Vec<Option<String>>>> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut out: HashMap<BaseEncoding, Vec<Option<String>>> =
            ALL.iter().map(|&e| (e, vec![None; 256])).collect();
        for row in text_table(ENCODINGS_DATA) {
            let [enc, code, name] = row.as_slice() else {
                continue;
            };
            let Some(base) = ALL.iter().find(|e| e.key() == enc) else {
                continue;
            };
            let Ok(code) = code.parse::<u8>() else {
                continue;
            };
            if let Some(slot) = out.get_mut(base).and_then(|t| t.get_mut(usize::from(code))) {
                *slot = Some(name.clone());
            }
        }
        out
    })
}

/// One element of a `/Differences` array: a code, or a glyph name for the next code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DifferenceItem<'a> {
    /// An integer: the code assigned to the next name.
    Code(i64),
    /// A glyph name (without the slash).
    Name(&'a str),
}

/// A simple font's effective encoding: 256 optional glyph names.
#[derive(Debug, Clone)]
pub struct SimpleEncoding {
    names: Vec<Option<String>>,
}

impl Default for SimpleEncoding {
    fn default() -> Self {
        SimpleEncoding {
            names: vec![None; 256],
        }
    }
}

impl SimpleEncoding {
    /// Start from a base encoding (use [`BaseEncoding::Standard`] when a font names none and
    /// has no built-in encoding).
    pub fn new(base: BaseEncoding) -> SimpleEncoding {
        let names = (0..=255u8)
            .map(|c| base.glyph_name(c).map(str::to_string))
            .collect();
        SimpleEncoding { names }
    }

    /// Apply `/Differences`: each code is followed by names for it and the codes after it.
    /// Codes outside 0..=255 and names before any code are ignored.
    pub fn apply_differences<'a>(&mut self, items: impl IntoIterator<Item = DifferenceItem<'a>>) {
        let mut next: Option<i64> = None;
        for item in items {
            match item {
                DifferenceItem::Code(c) => next = Some(c),
                DifferenceItem::Name(n) => {
                    let Some(code) = next else { continue };
                    if let Some(slot) = usize::try_from(code)
                        .ok()
                        .and_then(|c| self.names.get_mut(c))
                    {
                        *slot = Some(n.to_string());
                    }
                    next = code.checked_add(1);
                }
            }
        }
    }

    /// The glyph name of a code.
    pub fn glyph_name(&self, code: u8) -> Option<&str> {
        self.names.get(usize::from(code))?.as_deref()
    }

    /// The Unicode text of a code via its glyph name.
    pub fn unicode(&self, code: u8) -> Option<String> {
        glyph_name_to_unicode(self.glyph_name(code)?)
    }
}

/// The Adobe Glyph List as (name, hex code points) rows sorted by name,
/// borrowed from its decompressed text, which lives as long as the process
/// (one allocation; a per-row map cost milliseconds at every start).
fn agl() -> &'static [(&'static str, &'static str)] {
    static AGL: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    AGL.get_or_init(|| {
        let Some(raw) = super::predefined::inflate(AGL_DATA) else {
            return Vec::new();
        };
        let text: &'static str =
            Box::leak(String::from_utf8_lossy(&raw).into_owned().into_boxed_str());
        let mut rows: Vec<(&str, &str)> = text.lines().filter_map(|l| l.split_once('\t')).collect();
        rows.sort_unstable_by(|a, b| a.0.cmp(b.0));
        rows
    })
}

/// The AGL text of glyph name `name`.
fn agl_lookup(name: &str) -> Option<String> {
    let table = agl();
    let i = table.binary_search_by(|(n, _)| (*n).cmp(name)).ok()?;
    let (_, hex) = table.get(i)?;
    hex.split(' ')
        .map(|h| u32::from_str_radix(h, 16).ok().and_then(char::from_u32))
        .collect()
}

fn hex_char(h: &str) -> Option<char> {
    if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let v = u32::from_str_radix(h, 16).ok()?;
    if (0xD800..=0xDFFF).contains(&v) {
        return None;
    }
    char::from_u32(v)
}

fn component_to_unicode(c: &str) -> Option<String> {
    if let Some(s) = agl_lookup(c) {
        return Some(s);
    }
    if let Some(hex) = c.strip_prefix("uni") {
        if !hex.is_empty() && hex.len() % 4 == 0 {
            let chars: Option<String> = (0..hex.len() / 4)
                .map(|i| hex_char(hex.get(i * 4..i * 4 + 4)?))
                .collect();
            if chars.is_some() {
                return chars;
            }
        }
    }
    if let Some(hex) = c.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) {
            return hex_char(hex).map(String::from);
        }
    }
    None
}

/// Unicode for a glyph name: the Adobe Glyph List, `uniXXXX[XXXX…]`, `uXXXX[XX]`, ligatures
/// split on `_` (e.g. `f_i` → "fi"), suffixes after `.` dropped (`a.sc` → "a").
/// `None` for `.notdef`, unknown names and names that map to nothing.
pub fn glyph_name_to_unicode(name: &str) -> Option<String> {
    let base = name.split('.').next().unwrap_or_default();
    let text: String = base.split('_').filter_map(component_to_unicode).collect();
    (!text.is_empty()).then_some(text)
}

/// Decode a PDF text string: UTF-16BE (BOM FE FF), UTF-8 (BOM EF BB BF), else PDFDocEncoding.
/// Never fails: undecodable units become U+FFFD, unassigned PDFDoc bytes map as Latin-1.
pub fn decode_pdfdoc(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|p| match p {
                [a, b] => u16::from_be_bytes([*a, *b]),
                _ => 0xFFFD,
            })
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes
        .iter()
        .map(|&b| {
            BaseEncoding::PdfDoc
                .glyph_name(b)
                .and_then(glyph_name_to_unicode)
                .unwrap_or_else(|| char::from(b).to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_encodings() {
        assert_eq!(BaseEncoding::WinAnsi.glyph_name(0x93), Some("quotedblleft"));
        assert_eq!(
            BaseEncoding::WinAnsi
                .glyph_name(0x93)
                .and_then(glyph_name_to_unicode)
                .as_deref(),
            Some("\u{201C}")
        );
        assert_eq!(BaseEncoding::Standard.glyph_name(0x27), Some("quoteright"));
        assert_eq!(BaseEncoding::MacRoman.glyph_name(0x8A), Some("adieresis"));
        assert_eq!(BaseEncoding::Symbol.glyph_name(0x61), Some("alpha"));
        assert_eq!(BaseEncoding::ZapfDingbats.glyph_name(0x21), Some("a1"));
        assert!(BaseEncoding::MacExpert.glyph_name(0x61).is_some());
        assert_eq!(BaseEncoding::PdfDoc.glyph_name(0xA0), Some("Euro"));
        assert_eq!(BaseEncoding::Standard.glyph_name(0x00), None);
        assert_eq!(
            BaseEncoding::from_name("WinAnsiEncoding"),
            Some(BaseEncoding::WinAnsi)
        );
        assert_eq!(
            BaseEncoding::from_name("PDFDocEncoding"),
            Some(BaseEncoding::PdfDoc)
        );
        assert_eq!(BaseEncoding::from_name("Identity-H"), None);
    }

    #[test]
    fn glyph_names() {
        let g = |n| glyph_name_to_unicode(n);
        assert_eq!(g("uni30423044").as_deref(), Some("あい"));
        assert_eq!(g("u1F600").as_deref(), Some("\u{1F600}"));
        assert_eq!(g("f_i").as_deref(), Some("fi"));
        assert_eq!(g("a.sc").as_deref(), Some("a"));
        assert_eq!(g("Euro").as_deref(), Some("€"));
        assert_eq!(
            g("ahiragana").as_deref(),
            Some("あ"),
            "full AGL, not only AGLFN"
        );
        assert_eq!(g("uni20AC.alt_uni0041").as_deref(), Some("€"));
        assert_eq!(g("uniD800"), None, "surrogates rejected");
        assert_eq!(g(".notdef"), None);
        assert_eq!(g("g123"), None);
        assert_eq!(g(""), None);
    }

    #[test]
    fn differences() {
        let mut enc = SimpleEncoding::new(BaseEncoding::WinAnsi);
        enc.apply_differences([
            DifferenceItem::Name("ignored"),
            DifferenceItem::Code(65),
            DifferenceItem::Name("alpha"),
            DifferenceItem::Name("uni3042"),
            DifferenceItem::Code(300),
            DifferenceItem::Name("x"),
            DifferenceItem::Code(255),
            DifferenceItem::Name("f_f_i"),
            DifferenceItem::Name("overflow"),
        ]);
        assert_eq!(enc.unicode(65).as_deref(), Some("α"));
        assert_eq!(enc.unicode(66).as_deref(), Some("あ"));
        assert_eq!(enc.unicode(67).as_deref(), Some("C"));
        assert_eq!(enc.unicode(255).as_deref(), Some("ffi"));
        assert_eq!(SimpleEncoding::default().glyph_name(65), None);
    }

    #[test]
    fn pdfdoc_strings() {
        assert_eq!(
            decode_pdfdoc(b"Plan \x8dx\x8e \x93"),
            "Plan \u{201C}x\u{201D} \u{FB01}"
        );
        assert_eq!(
            decode_pdfdoc(&[0xFE, 0xFF, 0x30, 0x42, 0xD8, 0x40, 0xDC, 0x0B]),
            "あ\u{2000B}"
        );
        assert_eq!(decode_pdfdoc(&[0xFE, 0xFF, 0x30]), "\u{FFFD}");
        assert_eq!(decode_pdfdoc("\u{FEFF}計画".as_bytes()), "計画");
        assert_eq!(decode_pdfdoc(b"a\x0ab\xe9"), "a\nb\u{e9}");
    }
}
