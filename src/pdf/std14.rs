//! Glyph widths of the standard 14 fonts (ISO 32000-1 §9.6.2.2), for simple fonts whose
//! dictionary omits `/Widths` (allowed only for the standard 14, but common in practice for
//! Arial/Times New Roman aliases too).
//!
//! This file owns the width tables, vendored in `data/cmap/std14.txt.z` from Adobe's core-14
//! AFM metrics (as redistributed in reportlab's `_fontdata_widths_*` modules; Adobe's AFM
//! licence allows free redistribution with the copyright notice, see `data/cmap/README.md`),
//! and the normalisation of font names such as `ABCDEF+Arial,Bold`, `Helvetica-Bold`,
//! `TimesNewRomanPS-BoldItalicMT`, `CourierNew` to one of the 14 (§9.6.2.2, Table 111 aliases
//! as used by common readers). Widths are in glyph-space units (1/1000 em).

use super::predefined::inflate;
use std::sync::OnceLock;

static STD14_DATA: &[u8] = include_bytes!("../../data/cmap/std14.txt.z");

/// Width every Courier glyph has.
pub const COURIER_WIDTH: u16 = 600;

/// (font, glyph name, width) rows sorted by font and glyph, borrowed from
/// the decompressed table, which lives as long as the process (one
/// allocation; nested maps cost milliseconds at every start).
fn tables() -> &'static [(&'static str, &'static str, u16)] {
    static TABLES: OnceLock<Vec<(&'static str, &'static str, u16)>> = OnceLock::new();
    TABLES.get_or_init(|| {
        let Some(raw) = inflate(STD14_DATA) else {
            return Vec::new();
        };
        let text: &'static str =
            Box::leak(String::from_utf8_lossy(&raw).into_owned().into_boxed_str());
        let mut rows: Vec<(&str, &str, u16)> = text
            .lines()
            .filter_map(|l| {
                let mut cols = l.split('\t');
                let (font, glyph, width) = (cols.next()?, cols.next()?, cols.next()?);
                Some((font, glyph, width.parse().ok()?))
            })
            .collect();
        rows.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        rows
    })
}

/// Map a BaseFont name to the standard-14 font whose metrics it uses, if any:
/// "Helvetica-Bold", "Arial,Bold", "ArialMT", "TimesNewRoman,Italic", "CourierNewPS-BoldMT",
/// "Symbol", "ZapfDingbats", … A subset prefix ("ABCDEF+") is ignored.
pub fn standard_font_name(base_font: &str) -> Option<&'static str> {
    let name = match base_font.split_once('+') {
        Some((prefix, rest)) if prefix.len() == 6 => rest,
        _ => base_font,
    };
    let lower: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>();
    let lower = lower.to_ascii_lowercase();
    let bold = lower.contains("bold") || lower.contains("black") || lower.contains("heavy");
    let italic = lower.contains("italic") || lower.contains("oblique");
    if lower.starts_with("symbol") {
        return Some("Symbol");
    }
    if lower.contains("dingbats") {
        return Some("ZapfDingbats");
    }
    let family = if lower.starts_with("courier") {
        0
    } else if lower.starts_with("helvetica") || lower.starts_with("arial") {
        1
    } else if lower.starts_with("times") {
        2
    } else {
        return None;
    };
    let style = usize::from(bold) + 2 * usize::from(italic);
    const NAMES: [[&str; 4]; 3] = [
        [
            "Courier",
            "Courier-Bold",
            "Courier-Oblique",
            "Courier-BoldOblique",
        ],
        [
            "Helvetica",
            "Helvetica-Bold",
            "Helvetica-Oblique",
            "Helvetica-BoldOblique",
        ],
        [
            "Times-Roman",
            "Times-Bold",
            "Times-Italic",
            "Times-BoldItalic",
        ],
    ];
    NAMES.get(family)?.get(style).copied()
}

/// Width (1/1000 em) of `glyph_name` in the standard-14 font that `base_font` names or aliases.
/// Courier faces give 600 for any glyph; `None` for other fonts or unknown glyphs.
pub fn standard_font_width(base_font: &str, glyph_name: &str) -> Option<u16> {
    let font = standard_font_name(base_font)?;
    if font.starts_with("Courier") {
        return Some(COURIER_WIDTH);
    }
    let rows = tables();
    let i = rows
        .binary_search_by(|(f, g, _)| (*f, *g).cmp(&(font, glyph_name)))
        .ok()?;
    rows.get(i).map(|r| r.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_and_name_normalisation() {
        assert_eq!(standard_font_width("Helvetica", "A"), Some(667));
        assert_eq!(standard_font_width("Helvetica-Bold", "A"), Some(722));
        assert_eq!(standard_font_width("ABCDEF+Arial,Bold", "A"), Some(722));
        assert_eq!(standard_font_width("ArialMT", "space"), Some(278));
        assert_eq!(standard_font_width("Times-Roman", "a"), Some(444));
        assert_eq!(standard_font_width("TimesNewRoman,Italic", "a"), Some(500));
        assert_eq!(
            standard_font_width("TimesNewRomanPS-BoldItalicMT", "a"),
            Some(500)
        );
        assert_eq!(standard_font_width("CourierNew", "anything"), Some(600));
        assert_eq!(standard_font_width("Symbol", "alpha"), Some(631));
        assert_eq!(standard_font_width("ZapfDingbats", "a1"), Some(974));
        assert_eq!(standard_font_width("MS-Mincho", "A"), None);
        assert_eq!(standard_font_width("Helvetica", "nosuchglyph"), None);
        assert_eq!(
            standard_font_name("Arial-BoldItalicMT"),
            Some("Helvetica-BoldOblique")
        );
    }
}
