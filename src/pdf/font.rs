//! Fonts: shown bytes → glyphs with Unicode text and metrics (ISO 32000-1 §9.6–9.10).
//!
//! The interpreter never decodes string bytes itself: it hands them to
//! [`Font::decode`], which splits them into character codes (one byte for
//! simple fonts, by the encoding CMap's codespace for Type0 fonts) and returns
//! for each a [`DecodedGlyph`] with its text and advance. Unicode is found in
//! the order real extractors use:
//!
//! 1. the font's ToUnicode CMap;
//! 2. Type0 fonts: a predefined CMap whose codes are text (UCS2/UTF16/RKSJ/EUC),
//!    else the CID through the ordering's CID→Unicode table (Adobe-Japan1 …),
//!    else for Identity fonts the embedded TrueType `cmap` by glyph id;
//! 3. simple fonts: /Encoding (base encoding + /Differences) glyph names through
//!    the Adobe Glyph List.
//!
//! A font that cannot be loaded becomes a fallback font (one byte per code,
//! no text, 0.5 em advance) and a warning, so the page carries on.

use std::sync::Mutex;

use rustc_hash::FxHashMap;

use lopdf::{Dictionary, Document, Object};

use super::cmap::CMap;
use super::embedded::{truetype_for_names, truetype_maps, GidUnicode};
use super::encoding::{glyph_name_to_unicode, BaseEncoding};
use super::objects::{
    as_dict, get, get_array, get_dict, get_name, get_number, get_stream, numbers, resolve,
    stream_data, strip_subset_tag,
};
use super::predefined::cid_to_unicode;
use super::std14::standard_font_width;
use super::tounicode::ToUnicode;
use super::widths::{parse_w, parse_w2};

/// Default ascent and descent (fractions of the em) when the descriptor has none.
const DEFAULT_ASCENT: f32 = 0.88;
const DEFAULT_DESCENT: f32 = -0.12;
/// Advance of a glyph without any width information (fraction of the em).
const FALLBACK_ADVANCE: f32 = 0.5;

/// One decoded character code.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedGlyph {
    /// Unicode text; `None` when the code maps to nothing.
    pub text: Option<String>,
    /// Horizontal advance in text space units per unit font size (w0 / 1000).
    pub width: f32,
    /// Vertical advance (negative = downwards) per unit font size, for WMode 1.
    pub vertical_advance: f32,
    /// Position vector (vx, vy) per unit font size, for WMode 1 (§9.7.4.3).
    pub position: (f32, f32),
    /// A single-byte code 32, to which word spacing (Tw) applies.
    pub is_word_space: bool,
    /// `text` is a guess (the character code taken as Latin-1, as poppler
    /// does for unknown glyph names), not a mapping the font declares.
    pub guessed: bool,
}

// One value per font dictionary of a document: the size difference between
// the variants does not matter.
#[allow(clippy::large_enum_variant)]
enum Encoding {
    /// Simple font: per byte its Unicode and width.
    Simple {
        unicode: Box<[Option<String>; 256]>,
        widths: Box<[f32; 256]>,
        /// Codes whose `unicode` entry is a guess (see [`guess_unicode`]).
        guessed: Box<[bool; 256]>,
    },
    /// Type0 font: encoding CMap, widths by CID.
    Composite {
        cmap: CMap,
        widths: FxHashMap<u32, f32>,
        default_width: f32,
        vertical: FxHashMap<u32, (f32, f32, f32)>,
        default_vertical: (f32, f32),
        ordering: Option<String>,
        gid_to_unicode: GidUnicode,
        cid_to_gid: Option<Vec<u16>>,
        /// Not embedded, Identity ordering: an unmapped CID is guessed to be
        /// its Unicode value, as poppler does (producers of such fonts often
        /// number glyphs so).
        cid_as_unicode: bool,
    },
}

/// A loaded font.
pub struct Font {
    /// BaseFont without subset tag.
    pub name: String,
    /// Ascent as a fraction of the em.
    pub ascent: f32,
    /// Descent (negative) as a fraction of the em.
    pub descent: f32,
    to_unicode: Option<ToUnicode>,
    encoding: Encoding,
    /// Decoded glyphs of a composite font by (code, code length): pages
    /// repeat their characters, and decoding one walks the CMap's ranges,
    /// the Unicode fallbacks and the widths (most of the decoding time).
    decoded: Mutex<FxHashMap<(u32, usize), DecodedGlyph>>,
}

impl Font {
    /// A font that draws nothing legible: one byte per code, no text.
    pub fn fallback(name: &str) -> Font {
        Font {
            name: name.to_string(),
            ascent: DEFAULT_ASCENT,
            descent: DEFAULT_DESCENT,
            to_unicode: None,
            decoded: Mutex::default(),
            encoding: Encoding::Simple {
                unicode: Box::new(std::array::from_fn(|_| None)),
                widths: Box::new([FALLBACK_ADVANCE; 256]),
                guessed: Box::new([false; 256]),
            },
        }
    }

    /// Load a font dictionary. Problems become warnings; the font is always usable.
    pub fn load(
        doc: &Document,
        dict: &Dictionary,
        limit: usize,
        warnings: &mut Vec<String>,
    ) -> Font {
        let name = get_name(doc, dict, b"BaseFont")
            .map(strip_subset_tag)
            .unwrap_or_default();
        let subtype = get_name(doc, dict, b"Subtype").unwrap_or(b"Type1");
        let to_unicode =
            get_stream(doc, dict, b"ToUnicode").and_then(|s| match stream_data(doc, s, limit) {
                Ok(data) => {
                    let (tu, w) = ToUnicode::parse(&data);
                    warnings.extend(
                        w.into_iter()
                            .map(|w| format!("font {name}: ToUnicode: {w}")),
                    );
                    (!tu.is_empty()).then_some(tu)
                }
                Err(e) => {
                    warnings.push(format!("font {name}: ToUnicode {e}"));
                    None
                }
            });
        let mut font = if subtype == b"Type0" {
            load_composite(doc, dict, &name, limit, warnings)
        } else {
            load_simple(doc, dict, &name, subtype == b"Type3", limit, warnings)
        };
        font.to_unicode = to_unicode;
        font
    }

    /// Whether the font writes vertically (WMode 1).
    pub fn is_vertical(&self) -> bool {
        matches!(&self.encoding, Encoding::Composite { cmap, .. } if cmap.is_vertical())
    }

    /// Split `bytes` into codes and decode each.
    pub fn decode(&self, doc: &Document, bytes: &[u8]) -> Vec<DecodedGlyph> {
        let mut out = Vec::with_capacity(bytes.len());
        let mut pos = 0;
        let mut decoded = match &self.encoding {
            Encoding::Simple { .. } => None,
            Encoding::Composite { .. } => {
                Some(self.decoded.lock().unwrap_or_else(|e| e.into_inner()))
            }
        };
        while pos < bytes.len() {
            let rest = &bytes[pos..];
            let (code, len) = match &self.encoding {
                Encoding::Simple { .. } => (u32::from(rest[0]), 1),
                Encoding::Composite { cmap, .. } => cmap.next_code(rest),
            };
            let len = len.clamp(1, rest.len());
            out.push(match decoded.as_mut() {
                Some(memo) => memo
                    .entry((code, len))
                    .or_insert_with(|| self.decode_code(doc, code, len))
                    .clone(),
                None => self.decode_code(doc, code, len),
            });
            pos += len;
        }
        out
    }

    fn decode_code(&self, doc: &Document, code: u32, len: usize) -> DecodedGlyph {
        let mapped = self
            .to_unicode
            .as_ref()
            .and_then(|tu| tu.lookup(code))
            .map(str::to_string);
        match &self.encoding {
            Encoding::Simple {
                unicode,
                widths,
                guessed,
            } => {
                let idx = (code & 0xff) as usize;
                let guessed = mapped.is_none() && guessed.get(idx).copied().unwrap_or(false);
                let text = mapped.or_else(|| unicode.get(idx).cloned().flatten());
                DecodedGlyph {
                    guessed,
                    text,
                    width: widths.get(idx).copied().unwrap_or(FALLBACK_ADVANCE),
                    vertical_advance: 0.0,
                    position: (0.0, 0.0),
                    is_word_space: code == 32 && len == 1,
                }
            }
            Encoding::Composite {
                cmap,
                widths,
                default_width,
                vertical,
                default_vertical,
                ordering,
                gid_to_unicode,
                cid_to_gid,
                cid_as_unicode,
            } => {
                let cid = cmap.cid(code, len);
                let text = mapped
                    .or_else(|| cmap.code_to_unicode(code, len))
                    .or_else(|| {
                        let gid = match cid_to_gid {
                            Some(map) => map.get(cid as usize).copied(),
                            None => u16::try_from(cid).ok(),
                        };
                        gid.and_then(|g| gid_to_unicode.get(doc).get(&g))
                            .map(|c| c.to_string())
                    })
                    .or_else(|| {
                        ordering
                            .as_deref()
                            .filter(|o| *o != "Identity")
                            .and_then(|o| cid_to_unicode(o, cid))
                            .map(|c| c.to_string())
                    });
                let guess = (text.is_none() && *cid_as_unicode)
                    .then(|| char::from_u32(cid).filter(|c| !c.is_control()))
                    .flatten();
                let guessed = guess.is_some();
                let text = text.or_else(|| guess.map(String::from));
                let width = widths.get(&cid).copied().unwrap_or(*default_width);
                let (w1, vx, vy) = vertical.get(&cid).copied().unwrap_or((
                    default_vertical.1,
                    width / 2.0,
                    default_vertical.0,
                ));
                DecodedGlyph {
                    guessed,
                    text,
                    width,
                    vertical_advance: w1,
                    position: (vx, vy),
                    is_word_space: code == 32 && len == 1,
                }
            }
        }
    }
}

/// Glyph names per code of a simple font: its base encoding, then
/// /Differences.
fn encoding_names(
    doc: &Document,
    dict: &Dictionary,
    name: &str,
    is_truetype: bool,
    symbolic: bool,
) -> Vec<Option<String>> {
    let enc_obj = get(doc, dict, b"Encoding");
    let base_name = match enc_obj {
        Some(Object::Name(n)) => Some(n.as_slice()),
        Some(Object::Dictionary(d)) => get_name(doc, d, b"BaseEncoding"),
        _ => None,
    };
    let lower = name.to_ascii_lowercase();
    let base = base_name
        .and_then(|n| BaseEncoding::from_name(&String::from_utf8_lossy(n)))
        .unwrap_or(if lower.contains("symbol") {
            BaseEncoding::Symbol
        } else if lower.contains("dingbats") {
            BaseEncoding::ZapfDingbats
        } else if is_truetype || (symbolic && enc_obj.is_none()) {
            BaseEncoding::WinAnsi
        } else {
            BaseEncoding::Standard
        });
    let mut names: Vec<Option<String>> = (0..=255u8)
        .map(|c| base.glyph_name(c).map(str::to_string))
        .collect();
    if let Some(Object::Dictionary(d)) = enc_obj {
        if let Some(diffs) = get_array(doc, d, b"Differences") {
            let mut code: usize = 0;
            for item in diffs {
                match resolve(doc, item) {
                    Some(Object::Integer(i)) => code = (*i).clamp(0, 256) as usize,
                    Some(Object::Name(n)) => {
                        if let Some(slot) = names.get_mut(code) {
                            *slot = Some(String::from_utf8_lossy(n).into_owned());
                        }
                        code += 1;
                    }
                    _ => {}
                }
            }
        }
    }
    names
}

fn descriptor_metrics(doc: &Document, descriptor: Option<&Dictionary>) -> (f32, f32) {
    let Some(d) = descriptor else {
        return (DEFAULT_ASCENT, DEFAULT_DESCENT);
    };
    let ascent = get_number(doc, d, b"Ascent").map(|a| a / 1000.0);
    let descent = get_number(doc, d, b"Descent").map(|a| a / 1000.0);
    match (ascent, descent) {
        (Some(a), Some(dsc)) if a > 0.3 && a < 1.5 && dsc <= 0.0 && dsc > -0.6 => (a, dsc),
        _ => (DEFAULT_ASCENT, DEFAULT_DESCENT),
    }
}

fn load_simple(
    doc: &Document,
    dict: &Dictionary,
    name: &str,
    type3: bool,
    limit: usize,
    warnings: &mut Vec<String>,
) -> Font {
    let descriptor = get_dict(doc, dict, b"FontDescriptor");
    let (ascent, descent) = descriptor_metrics(doc, descriptor);
    let flags = descriptor
        .and_then(|d| get_number(doc, d, b"Flags"))
        .unwrap_or(0.0) as u32;
    let symbolic = flags & 4 != 0;
    let is_truetype = get_name(doc, dict, b"Subtype") == Some(b"TrueType");

    let names = encoding_names(doc, dict, name, is_truetype, symbolic);
    let program = is_truetype
        .then(|| truetype_for_names(doc, descriptor, &names, limit))
        .flatten();
    let mut guessed = Box::new([false; 256]);
    let unicode: Box<[Option<String>; 256]> = Box::new(std::array::from_fn(|c| {
        let name = names[c].as_deref();
        name.and_then(glyph_name_to_unicode)
            .or_else(|| {
                let tt = program.as_ref()?;
                tt.unicode_by_glyph_name(name?).map(String::from)
            })
            .or_else(|| {
                let g = type3
                    .then(|| guess_unicode(c as u8, names[c].as_deref()))
                    .flatten();
                guessed[c] = g.is_some();
                g
            })
    }));

    // Widths: /Widths from /FirstChar, else MissingWidth, else standard 14 metrics.
    let scale = if type3 {
        get_array(doc, dict, b"FontMatrix")
            .map(|m| numbers(doc, m))
            .and_then(|m| m.first().copied())
            .filter(|v| v.is_finite() && *v != 0.0)
            .unwrap_or(0.001)
    } else {
        0.001
    };
    let missing = descriptor
        .and_then(|d| get_number(doc, d, b"MissingWidth"))
        .map(|w| w * scale);
    let first = get_number(doc, dict, b"FirstChar").unwrap_or(0.0).max(0.0) as usize;
    let explicit = get_array(doc, dict, b"Widths").map(|w| numbers(doc, w));
    let mut widths = Box::new([missing.unwrap_or(FALLBACK_ADVANCE); 256]);
    for (c, w) in widths.iter_mut().enumerate() {
        let from_table = explicit
            .as_ref()
            .and_then(|ws| c.checked_sub(first).and_then(|i| ws.get(i)))
            .map(|w| w * scale);
        let from_std14 = || {
            names[c]
                .as_deref()
                .and_then(|g| standard_font_width(name, g))
                .map(|w| f32::from(w) / 1000.0)
        };
        if let Some(v) = from_table.or_else(|| {
            if explicit.is_none() {
                from_std14()
            } else {
                None
            }
        }) {
            *w = v;
        }
    }
    if explicit.is_none() && standard_font_width(name, "space").is_none() && !type3 {
        warnings.push(format!(
            "font {name}: no /Widths and not a standard font; advances estimated"
        ));
    }
    Font {
        name: name.to_string(),
        ascent,
        descent,
        to_unicode: None,
        decoded: Mutex::default(),
        encoding: Encoding::Simple {
            unicode,
            widths,
            guessed,
        },
    }
}

/// Text for a code of a Type3 font whose glyph name means nothing (or which
/// has none), as poppler guesses it: a numeric name (`c65`, `a97`, `65`) as
/// that character, else the code itself as Latin-1 when printable. Type3
/// fonts (TeX bitmap fonts, drawn symbols) name glyphs so, with codes that
/// are the letters. Other fonts are not guessed: their unknown names (Word's
/// `/g18` are glyph ids) would print noise.
fn guess_unicode(code: u8, name: Option<&str>) -> Option<String> {
    let printable = |v: u32| (0x20..0x7f).contains(&v) || (0xa0..=0xff).contains(&v);
    if let Some(name) = name {
        let digits = name.trim_start_matches(|c: char| c.is_ascii_alphabetic());
        let prefix = name.len() - digits.len();
        if prefix <= 2 && digits.len() >= 2 && digits.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(v) = digits.parse::<u32>() {
                if printable(v) {
                    return char::from_u32(v).map(String::from);
                }
            }
        }
    }
    printable(u32::from(code)).then(|| char::from(code).to_string())
}

fn load_composite(
    doc: &Document,
    dict: &Dictionary,
    name: &str,
    limit: usize,
    warnings: &mut Vec<String>,
) -> Font {
    let cmap = match get(doc, dict, b"Encoding") {
        Some(Object::Name(n)) => {
            let n = String::from_utf8_lossy(n);
            CMap::predefined(&n).unwrap_or_else(|| {
                warnings.push(format!("font {name}: unknown CMap {n}; using Identity-H"));
                CMap::identity_h()
            })
        }
        Some(Object::Stream(s)) => match stream_data(doc, s, limit).map(|d| CMap::parse(&d)) {
            Ok(Ok(c)) => c,
            Ok(Err(e)) => {
                warnings.push(format!("font {name}: embedded CMap: {e}"));
                CMap::identity_h()
            }
            Err(e) => {
                warnings.push(format!("font {name}: embedded CMap {e}"));
                CMap::identity_h()
            }
        },
        _ => {
            warnings.push(format!(
                "font {name}: Type0 font without /Encoding; using Identity-H"
            ));
            CMap::identity_h()
        }
    };
    let descendant = get_array(doc, dict, b"DescendantFonts")
        .and_then(|a| a.first())
        .and_then(|o| as_dict(doc, o));
    let Some(cid_font) = descendant else {
        warnings.push(format!("font {name}: no descendant font"));
        let mut f = Font::fallback(name);
        f.encoding = Encoding::Composite {
            cmap,
            widths: FxHashMap::default(),
            default_width: 1.0,
            vertical: FxHashMap::default(),
            default_vertical: (0.88, -1.0),
            ordering: None,
            gid_to_unicode: GidUnicode::default(),
            cid_as_unicode: false,
            cid_to_gid: None,
        };
        return f;
    };
    let descriptor = get_dict(doc, cid_font, b"FontDescriptor");
    let (ascent, descent) = descriptor_metrics(doc, descriptor);
    let ordering = get_dict(doc, cid_font, b"CIDSystemInfo")
        .and_then(|si| get(doc, si, b"Ordering"))
        .and_then(|o| match o {
            Object::String(s, _) => Some(String::from_utf8_lossy(s).into_owned()),
            Object::Name(n) => Some(String::from_utf8_lossy(n).into_owned()),
            _ => None,
        });
    let default_width = get_number(doc, cid_font, b"DW").unwrap_or(1000.0) / 1000.0;
    let widths = parse_w(
        doc,
        get_array(doc, cid_font, b"W")
            .map(Vec::as_slice)
            .unwrap_or(&[]),
    );
    let dw2 = get_array(doc, cid_font, b"DW2").map(|a| numbers(doc, a));
    let default_vertical = match dw2.as_deref() {
        Some([vy, w1, ..]) => (vy / 1000.0, w1 / 1000.0),
        _ => (0.88, -1.0),
    };
    let vertical = parse_w2(
        doc,
        get_array(doc, cid_font, b"W2")
            .map(Vec::as_slice)
            .unwrap_or(&[]),
    );

    let (gid_to_unicode, cid_to_gid) = truetype_maps(doc, descriptor, cid_font, limit);
    let embedded = descriptor.is_some_and(|d| {
        [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
            .iter()
            .any(|k| d.has(k))
    });
    let cid_as_unicode = !embedded && ordering.as_deref().is_none_or(|o| o == "Identity");
    Font {
        name: name.to_string(),
        ascent,
        descent,
        to_unicode: None,
        decoded: Mutex::default(),
        encoding: Encoding::Composite {
            cmap,
            widths,
            default_width,
            vertical,
            default_vertical,
            ordering,
            gid_to_unicode,
            cid_to_gid,
            cid_as_unicode,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallback_font_advances_one_byte_at_a_time() {
        let f = Font::fallback("X");
        let g = f.decode(&Document::new(), b"ab");
        assert_eq!(g.len(), 2);
        assert!(g.iter().all(|g| g.text.is_none()));
    }

    #[test]
    fn type3_codes_with_meaningless_names_are_guessed() {
        assert_eq!(guess_unicode(b'a', Some("square")), Some("a".into()));
        assert_eq!(guess_unicode(2, Some("c65")), Some("A".into()));
        assert_eq!(guess_unicode(2, Some("g18")), None);
    }
}
