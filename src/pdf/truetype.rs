//! Best-effort reading of embedded TrueType/OpenType fonts (`/FontFile2`, `/FontFile3`
//! OpenType): glyph id → Unicode from the `cmap` table, advance widths from `hhea`/`hmtx`,
//! and `unitsPerEm` from `head`.
//!
//! Used for Identity-H/V CIDFontType2 fonts without a `/ToUnicode` (ISO 32000-1 §9.10.2 leaves
//! these without a defined mapping; the font's own `cmap` is the usual recovery) and for fonts
//! lacking `/W` (§9.7.4.3). `cmap` subtable preference: (3,10), (3,1), (0,x), (1,0); formats 0,
//! 4, 6 and 12. The reverse map keeps, per glyph, the smallest code point that is not a radical,
//! compatibility ideograph or private-use alias of another (fonts draw 民 and ⺠ U+2EA0 with one
//! glyph; the text is 民). Truncated or garbage
//! tables never panic: whatever could be read is returned. TrueType collections (`ttcf`) use
//! their first font.

use rustc_hash::FxHashMap;

/// What could be read from an embedded TrueType/OpenType font.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrueTypeInfo {
    /// `head.unitsPerEm`; 1000 when missing or zero.
    pub units_per_em: u16,
    /// Glyph id → Unicode (when several map to one glyph: see `preference`).
    pub gid_to_unicode: FxHashMap<u16, char>,
    /// `hmtx` advance widths in font units, indexed by glyph id; glyphs past the end use the
    /// last entry (see [`TrueTypeInfo::advance`]).
    pub advances: Vec<u16>,
    /// Glyph names of the `post` table (format 2.0) → glyph id, for the
    /// names outside the standard Macintosh set (those are ordinary glyph
    /// list names, known without the font).
    pub glyph_names: FxHashMap<String, u16>,
    /// `gid_to_unicode` comes from a Macintosh (1,0) table: character codes
    /// of the font's own, read as Mac Roman, not Unicode the font declares.
    pub mac_cmap: bool,
}

impl TrueTypeInfo {
    /// Advance width of a glyph in font units, applying the `hmtx` rule that glyphs beyond
    /// `numberOfHMetrics` repeat the last advance.
    pub fn advance(&self, gid: u16) -> Option<u16> {
        self.advances
            .get(usize::from(gid))
            .or(self.advances.last())
            .copied()
    }

    /// Unicode of a glyph named `name` in a simple font's encoding, through
    /// the font program: the glyph id the `post` table gives the name, or
    /// for a name `gNN` / `glyphNN` (as producers name glyphs by id) glyph id
    /// NN; then that glyph's character in the font's Unicode `cmap` (not a
    /// Macintosh table: its codes are the font's own, not Unicode).
    pub fn unicode_by_glyph_name(&self, name: &str) -> Option<char> {
        if self.mac_cmap {
            return None;
        }
        let gid = self.glyph_names.get(name).copied().or_else(|| {
            let digits = name
                .strip_prefix("glyph")
                .or_else(|| name.strip_prefix('g'))?;
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits.parse().ok()
        })?;
        self.gid_to_unicode.get(&gid).copied()
    }

    /// Advance width in 1/1000 em (PDF glyph space).
    pub fn advance_1000(&self, gid: u16) -> Option<f32> {
        let em = if self.units_per_em == 0 {
            1000
        } else {
            self.units_per_em
        };
        Some(f32::from(self.advance(gid)?) * 1000.0 / f32::from(em))
    }
}

/// Cap on code points examined across all cmap subtables (guards against garbage ranges).
const MAX_CODES: usize = 0x20_0000;

fn u16_at(d: &[u8], off: usize) -> Option<u16> {
    let b = d.get(off..off.checked_add(2)?)?;
    Some(u16::from_be_bytes([b[0], b[1]]))
}

fn u32_at(d: &[u8], off: usize) -> Option<u32> {
    let b = d.get(off..off.checked_add(4)?)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// The bytes of a table by tag (clamped to the data when the length overruns).
fn table<'a>(data: &'a [u8], font_off: usize, tag: &[u8; 4]) -> Option<&'a [u8]> {
    let n = usize::from(u16_at(data, font_off.checked_add(4)?)?);
    (0..n).find_map(|i| {
        let rec = font_off.checked_add(12 + 16 * i)?;
        if data.get(rec..rec + 4)? != tag {
            return None;
        }
        let off = usize::try_from(u32_at(data, rec + 8)?).ok()?;
        let len = usize::try_from(u32_at(data, rec + 12)?).ok()?;
        let end = off.saturating_add(len).min(data.len());
        data.get(off..end)
    })
}

/// Parse what can be parsed; garbage gives empty maps and `units_per_em` 1000.
pub fn parse_truetype(data: &[u8]) -> TrueTypeInfo {
    let mut info = TrueTypeInfo {
        units_per_em: 1000,
        ..Default::default()
    };
    let font_off = if data.get(..4) == Some(b"ttcf") {
        match u32_at(data, 12).and_then(|o| usize::try_from(o).ok()) {
            Some(o) => o,
            None => return info,
        }
    } else {
        0
    };
    if let Some(em) = table(data, font_off, b"head").and_then(|h| u16_at(h, 18)) {
        if em != 0 {
            info.units_per_em = em;
        }
    }
    if let (Some(hhea), Some(hmtx)) = (
        table(data, font_off, b"hhea"),
        table(data, font_off, b"hmtx"),
    ) {
        let n = usize::from(u16_at(hhea, 34).unwrap_or(0));
        info.advances = (0..n).map_while(|i| u16_at(hmtx, i * 4)).collect();
    }
    if let Some(cmap) = table(data, font_off, b"cmap") {
        (info.gid_to_unicode, info.mac_cmap) = read_cmap(cmap);
    }
    if let Some(post) = table(data, font_off, b"post") {
        info.glyph_names = read_post_names(post);
    }
    info
}

/// Names of the glyph names that follow the 258 standard Macintosh names.
const MAC_STANDARD_NAMES: usize = 258;

/// Custom glyph names of a format 2.0 `post` table → glyph id (see
/// [`TrueTypeInfo::glyph_names`]). Empty for other formats and for a table
/// cut short; a name index past the stored names is skipped.
fn read_post_names(post: &[u8]) -> FxHashMap<String, u16> {
    let mut out = FxHashMap::default();
    if u32_at(post, 0) != Some(0x0002_0000) {
        return out;
    }
    let Some(count) = u16_at(post, 32) else {
        return out;
    };
    let indices: Vec<u16> = (0..usize::from(count))
        .map_while(|g| u16_at(post, 34 + 2 * g))
        .collect();
    // Pascal strings: one length byte, then the name.
    let mut names: Vec<&[u8]> = Vec::new();
    let mut pos = 34 + 2 * indices.len();
    while let Some(&len) = post.get(pos) {
        let Some(name) = post.get(pos + 1..pos + 1 + usize::from(len)) else {
            break;
        };
        names.push(name);
        pos += 1 + usize::from(len);
    }
    for (gid, &index) in indices.iter().enumerate() {
        let Some(i) = usize::from(index).checked_sub(MAC_STANDARD_NAMES) else {
            continue;
        };
        if let (Some(name), Ok(gid)) = (names.get(i), u16::try_from(gid)) {
            if let Ok(name) = std::str::from_utf8(name) {
                out.entry(name.to_string()).or_insert(gid);
            }
        }
    }
    out
}

/// Rank of a (platform, encoding) pair; lower is better, `None` = unusable.
fn rank(platform: u16, encoding: u16) -> Option<u8> {
    match (platform, encoding) {
        (3, 10) => Some(0),
        (3, 1) => Some(1),
        (0, e) => Some(2 + u8::try_from(6u16.saturating_sub(e)).unwrap_or(6)),
        (1, 0) => Some(10),
        _ => None,
    }
}

fn read_cmap(cmap: &[u8]) -> (FxHashMap<u16, char>, bool) {
    let n = usize::from(u16_at(cmap, 2).unwrap_or(0));
    let mut subtables: Vec<(u8, u16, usize)> = (0..n)
        .filter_map(|i| {
            let rec = 4 + 8 * i;
            let r = rank(u16_at(cmap, rec)?, u16_at(cmap, rec + 2)?)?;
            let platform = u16_at(cmap, rec)?;
            Some((r, platform, usize::try_from(u32_at(cmap, rec + 4)?).ok()?))
        })
        .collect();
    subtables.sort_unstable();
    let mut budget = MAX_CODES;
    for (_, platform, off) in subtables {
        let Some(sub) = cmap.get(off..) else { continue };
        let mut pairs: Vec<(u32, u16)> = Vec::new();
        read_subtable(sub, &mut pairs, &mut budget);
        let mut out: FxHashMap<u16, char> = FxHashMap::default();
        for (code, gid) in pairs {
            if gid == 0 {
                continue;
            }
            let ch = if platform == 1 {
                mac_roman(code)
            } else {
                char::from_u32(code)
            };
            let Some(ch) = ch else { continue };
            out.entry(gid)
                .and_modify(|c| {
                    if preference(ch) < preference(*c) {
                        *c = ch;
                    }
                })
                .or_insert(ch);
        }
        if !out.is_empty() {
            return (out, platform == 1);
        }
    }
    (FxHashMap::default(), false)
}

/// Sort key among code points sharing one glyph: ordinary characters before CJK radicals
/// (U+2E80–U+2FDF), compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F) and private
/// use, then the smallest code point.
fn preference(c: char) -> (bool, char) {
    let alias = matches!(
        u32::from(c),
        0x2E80..=0x2FDF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F | 0xE000..=0xF8FF | 0xF0000..
    );
    (alias, c)
}

fn mac_roman(code: u32) -> Option<char> {
    let name = super::encoding::BaseEncoding::MacRoman.glyph_name(u8::try_from(code).ok()?)?;
    let text = super::encoding::glyph_name_to_unicode(name)?;
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// Append (code, glyph id) pairs of one subtable; stops at the first unreadable byte.
fn read_subtable(sub: &[u8], out: &mut Vec<(u32, u16)>, budget: &mut usize) {
    let mut push = |code: u32, gid: u16| -> bool {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        out.push((code, gid));
        true
    };
    match u16_at(sub, 0) {
        Some(0) => {
            for code in 0..256u16 {
                let Some(&g) = sub.get(6 + usize::from(code)) else {
                    break;
                };
                push(u32::from(code), u16::from(g));
            }
        }
        Some(4) => {
            let seg_x2 = usize::from(u16_at(sub, 6).unwrap_or(0));
            let (ends, starts) = (14, 16 + seg_x2);
            let (deltas, ranges) = (16 + 2 * seg_x2, 16 + 3 * seg_x2);
            for i in 0..seg_x2 / 2 {
                let (Some(end), Some(start), Some(delta), Some(ro)) = (
                    u16_at(sub, ends + 2 * i),
                    u16_at(sub, starts + 2 * i),
                    u16_at(sub, deltas + 2 * i),
                    u16_at(sub, ranges + 2 * i),
                ) else {
                    return;
                };
                for c in start..=end {
                    if c == 0xFFFF {
                        break;
                    }
                    let gid = if ro == 0 {
                        Some(c.wrapping_add(delta))
                    } else {
                        let addr = ranges + 2 * i + usize::from(ro) + 2 * usize::from(c - start);
                        u16_at(sub, addr).map(|g| if g == 0 { 0 } else { g.wrapping_add(delta) })
                    };
                    let Some(gid) = gid else { break };
                    if !push(u32::from(c), gid) {
                        return;
                    }
                }
            }
        }
        Some(6) => {
            let (Some(first), Some(count)) = (u16_at(sub, 6), u16_at(sub, 8)) else {
                return;
            };
            for i in 0..count {
                let (Some(gid), Some(code)) =
                    (u16_at(sub, 10 + 2 * usize::from(i)), first.checked_add(i))
                else {
                    return;
                };
                if !push(u32::from(code), gid) {
                    return;
                }
            }
        }
        Some(12) => {
            let groups = u32_at(sub, 12).unwrap_or(0);
            for g in 0..usize::try_from(groups).unwrap_or(0) {
                let base = 16 + 12 * g;
                let (Some(start), Some(end), Some(gid0)) = (
                    u32_at(sub, base),
                    u32_at(sub, base + 4),
                    u32_at(sub, base + 8),
                ) else {
                    return;
                };
                for c in start..=end.min(0x10FFFF) {
                    let Ok(gid) = u16::try_from(gid0.saturating_add(c - start)) else {
                        break;
                    };
                    if !push(c, gid) {
                        return;
                    }
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn be16(v: &mut Vec<u8>, x: u16) {
        v.extend_from_slice(&x.to_be_bytes());
    }

    #[test]
    fn post_names_and_numbered_names_find_glyphs() {
        // Format 2.0: glyph 0 standard (.notdef), glyphs 1–2 custom names.
        let mut post = vec![0, 2, 0, 0];
        post.resize(32, 0);
        for x in [3, 0, 258, 259] {
            be16(&mut post, x);
        }
        for name in [&b"x01"[..], b"odd"] {
            post.push(name.len() as u8);
            post.extend_from_slice(name);
        }
        let mut info = TrueTypeInfo {
            glyph_names: read_post_names(&post),
            ..Default::default()
        };
        assert_eq!(info.glyph_names.get("odd"), Some(&2));
        info.gid_to_unicode = FxHashMap::from_iter([(1, 'H'), (2, 'e'), (7, 'w')]);
        assert_eq!(info.unicode_by_glyph_name("x01"), Some('H'));
        assert_eq!(info.unicode_by_glyph_name("odd"), Some('e'));
        assert_eq!(info.unicode_by_glyph_name("g7"), Some('w'));
        assert_eq!(info.unicode_by_glyph_name("glyph7"), Some('w'));
        assert_eq!(info.unicode_by_glyph_name("g"), None);
        assert_eq!(read_post_names(&post[..40]).len(), 0);
    }

    fn format4() -> Vec<u8> {
        let mut s = Vec::new();
        for x in [4u16, 0, 0, 6, 4, 1, 2] {
            be16(&mut s, x); // format, length, language, segCountX2, search fields
        }
        for x in [0x43u16, 0x3042, 0xFFFF, 0, 0x41, 0x3042, 0xFFFF] {
            be16(&mut s, x); // endCode[3], pad, startCode[3]
        }
        for x in [1u16.wrapping_sub(0x41), 0, 1, 0, 4, 0, 2] {
            be16(&mut s, x); // idDelta[3], idRangeOffset[3], glyphIdArray[0]
        }
        s
    }

    fn format12() -> Vec<u8> {
        let mut s = vec![0, 12, 0, 0, 0, 0, 0, 40, 0, 0, 0, 0, 0, 0, 0, 2];
        for x in [0x41u32, 0x41, 1, 0x2000B, 0x2000C, 3] {
            s.extend_from_slice(&x.to_be_bytes());
        }
        s
    }

    fn font(subtables: &[(u16, u16, Vec<u8>)]) -> Vec<u8> {
        let mut head = vec![0u8; 54];
        head[18..20].copy_from_slice(&2048u16.to_be_bytes());
        let mut hhea = vec![0u8; 36];
        hhea[34..36].copy_from_slice(&3u16.to_be_bytes());
        let mut hmtx = Vec::new();
        for w in [500u16, 0, 1000, 0, 1200, 0] {
            be16(&mut hmtx, w);
        }
        let mut cmap = Vec::new();
        be16(&mut cmap, 0);
        be16(&mut cmap, subtables.len() as u16);
        let mut off = 4 + 8 * subtables.len();
        for (p, e, body) in subtables {
            be16(&mut cmap, *p);
            be16(&mut cmap, *e);
            cmap.extend_from_slice(&(off as u32).to_be_bytes());
            off += body.len();
        }
        for (_, _, body) in subtables {
            cmap.extend_from_slice(body);
        }
        let tables: [(&[u8; 4], Vec<u8>); 4] = [
            (b"cmap", cmap),
            (b"head", head),
            (b"hhea", hhea),
            (b"hmtx", hmtx),
        ];
        let mut out = vec![0, 1, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0];
        let mut data_off = 12 + 16 * tables.len();
        for (tag, body) in &tables {
            out.extend_from_slice(*tag);
            out.extend_from_slice(&[0; 4]);
            out.extend_from_slice(&(data_off as u32).to_be_bytes());
            out.extend_from_slice(&(body.len() as u32).to_be_bytes());
            data_off += body.len();
        }
        for (_, body) in &tables {
            out.extend_from_slice(body);
        }
        out
    }

    #[test]
    fn format4_with_range_offsets_and_metrics() {
        let info = parse_truetype(&font(&[(3, 1, format4())]));
        assert_eq!(info.units_per_em, 2048);
        assert_eq!(info.advances, vec![500, 1000, 1200]);
        assert_eq!(
            info.advance(7),
            Some(1200),
            "past numberOfHMetrics repeats the last"
        );
        assert_eq!(info.advance_1000(1), Some(1000.0 * 1000.0 / 2048.0));
        assert_eq!(info.gid_to_unicode.get(&1), Some(&'A'));
        assert_eq!(
            info.gid_to_unicode.get(&2),
            Some(&'B'),
            "smallest of B and あ"
        );
        assert_eq!(info.gid_to_unicode.get(&3), Some(&'C'));
        assert_eq!(info.gid_to_unicode.len(), 3);
    }

    #[test]
    fn prefers_3_10_format12_and_reads_format0_6() {
        let info = parse_truetype(&font(&[(3, 1, format4()), (3, 10, format12())]));
        assert_eq!(info.gid_to_unicode.get(&3), Some(&'\u{2000B}'));
        assert_eq!(info.gid_to_unicode.get(&4), Some(&'\u{2000C}'));
        assert_eq!(info.gid_to_unicode.get(&2), None);
        let mut f0 = vec![0, 0, 1, 6, 0, 0];
        f0.extend((0..=255u8).map(|c| if c == 0x8A { 9 } else { 0 }));
        let info = parse_truetype(&font(&[(1, 0, f0)]));
        assert_eq!(info.gid_to_unicode.get(&9), Some(&'ä'), "Mac Roman 0x8A");
        let f6 = vec![0, 6, 0, 14, 0, 0, 0, 0x61, 0, 2, 0, 5, 0, 6];
        let info = parse_truetype(&font(&[(0, 3, f6)]));
        assert_eq!(info.gid_to_unicode.get(&6), Some(&'b'));
    }

    #[test]
    fn shared_glyphs_prefer_unified_ideographs_over_radicals_and_compatibility_forms() {
        // (start, end, first gid): 民 and ⺠ on glyph 5, 一 and ⼀ on 6, 豈 U+F900 and 豈 U+8C48 on 7.
        let groups: [(u32, u32, u32); 6] = [
            (0x2EA0, 0x2EA0, 5),
            (0x2F00, 0x2F00, 6),
            (0x4E00, 0x4E00, 6),
            (0x6C11, 0x6C11, 5),
            (0x8C48, 0x8C48, 7),
            (0xF900, 0xF900, 7),
        ];
        let mut f12 = vec![0, 12, 0, 0];
        f12.extend_from_slice(&(16 + 12 * groups.len() as u32).to_be_bytes());
        f12.extend_from_slice(&[0, 0, 0, 0]);
        f12.extend_from_slice(&(groups.len() as u32).to_be_bytes());
        for (a, b, g) in groups {
            for x in [a, b, g] {
                f12.extend_from_slice(&x.to_be_bytes());
            }
        }
        let info = parse_truetype(&font(&[(3, 10, f12)]));
        assert_eq!(info.gid_to_unicode.get(&5), Some(&'民'));
        assert_eq!(info.gid_to_unicode.get(&6), Some(&'一'));
        assert_eq!(info.gid_to_unicode.get(&7), Some(&'\u{8C48}'));
    }

    #[test]
    fn truncated_and_garbage_fonts_never_panic() {
        let full = font(&[(3, 1, format4()), (3, 10, format12())]);
        for n in 0..full.len() {
            let info = parse_truetype(&full[..n]);
            assert!(info.units_per_em > 0);
        }
        assert_eq!(parse_truetype(&full[..40]).gid_to_unicode.len(), 0);
        assert_eq!(parse_truetype(b"").advances.len(), 0);
        let mut seed = 11u64;
        for _ in 0..500 {
            let mut junk: Vec<u8> = (0..(seed % 200))
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (seed >> 33) as u8
                })
                .collect();
            let _ = parse_truetype(&junk);
            if junk.len() > 40 {
                junk[..full.len().min(40)].copy_from_slice(&full[..full.len().min(40)]);
                let _ = parse_truetype(&junk);
            }
        }
        // A huge format 12 group is bounded by the code budget, not looped forever.
        let mut big = vec![0, 12, 0, 0, 0, 0, 0, 28, 0, 0, 0, 0, 0, 0, 0, 1];
        for x in [0u32, 0xFFFF_FFFF, 1] {
            big.extend_from_slice(&x.to_be_bytes());
        }
        let info = parse_truetype(&font(&[(3, 10, big)]));
        assert!(info.gid_to_unicode.len() <= 0x10000);
    }
}
