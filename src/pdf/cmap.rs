//! Encoding CMaps for Type0 (composite) fonts: character code → CID.
//!
//! This file owns:
//! * [`CMap`]: an embedded encoding CMap stream (`begincodespacerange`, `begincidrange`,
//!   `begincidchar`, `beginnotdefrange`, `beginnotdefchar`, `/WMode`, `usecmap`) or a predefined
//!   CMap by name (§9.7.5.2, Table 118; the data lives in [`super::predefined`]), including the
//!   built-in `Identity-H` / `Identity-V`.
//!
//! The PostScript tokenizer and [`Codespace`] (the §9.7.6.2 code-splitting rule) live in
//! [`super::tounicode`] and are shared.
//!
//! Mapping precedence follows §9.7.6.3: a code's own mapping wins over the parent CMap named by
//! `usecmap`; only when neither maps it are the notdef ranges consulted, and finally CID 0.
//! Inside one CMap a later entry overrides an earlier overlapping one.

use super::tounicode::{be_code, tokenize, Codespace, Token};
use std::collections::{BinaryHeap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

/// Errors from parsing an embedded CMap or loading a predefined one.
#[derive(Debug, thiserror::Error)]
pub enum CMapError {
    /// The stream contained no codespace, no mapping and no usable `usecmap`.
    #[error("CMap stream defines no codespace ranges and no mappings")]
    Empty,
    /// The vendored data for a predefined CMap could not be decoded.
    #[error("corrupt predefined CMap data for {0}: {1}")]
    CorruptData(String, String),
}

/// One source-code range of a CMap section, as decoded from a stream or vendored data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawRange {
    /// Code length in bytes (1..=4).
    pub len: u8,
    /// First code.
    pub lo: u32,
    /// Last code (inclusive).
    pub hi: u32,
    /// Destination CID of `lo`.
    pub cid: u32,
}

/// Non-overlapping sorted ranges per code length, for binary search.
#[derive(Debug, Default)]
struct RangeTable {
    by_len: [Vec<(u32, u32, u32)>; 4],
    /// Notdef ranges map every code to the same CID; cid ranges increment.
    constant: bool,
}

impl RangeTable {
    /// Build from entries in definition order; later entries win where they overlap.
    fn build(entries: &[RawRange], constant: bool) -> RangeTable {
        let mut table = RangeTable {
            constant,
            ..RangeTable::default()
        };
        for (idx, slot) in table.by_len.iter_mut().enumerate() {
            let list: Vec<(usize, &RawRange)> = entries
                .iter()
                .enumerate()
                .filter(|(_, r)| usize::from(r.len) == idx + 1 && r.lo <= r.hi)
                .collect();
            *slot = flatten(&list, constant);
        }
        table
    }

    fn get(&self, code: u32, len: usize) -> Option<u32> {
        let list = self.by_len.get(len.checked_sub(1)?)?;
        let pos = list.partition_point(|r| r.0 <= code);
        let &(lo, hi, cid) = list.get(pos.checked_sub(1)?)?;
        let offset = if self.constant { 0 } else { code - lo };
        (code <= hi).then(|| cid.wrapping_add(offset))
    }
}

/// Sweep-line flattening of prioritised (index = priority) ranges into disjoint pieces.
fn flatten(list: &[(usize, &RawRange)], constant: bool) -> Vec<(u32, u32, u32)> {
    let mut sorted: Vec<(usize, &RawRange)> = list.to_vec();
    sorted.sort_by_key(|(i, r)| (r.lo, *i));
    let disjoint = sorted.windows(2).all(|w| w[0].1.hi < w[1].1.lo);
    if disjoint {
        return sorted.iter().map(|(_, r)| (r.lo, r.hi, r.cid)).collect();
    }
    let mut bounds: Vec<u64> = sorted
        .iter()
        .flat_map(|(_, r)| [u64::from(r.lo), u64::from(r.hi) + 1])
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    let mut out: Vec<(u32, u32, u32)> = Vec::new();
    let mut heap: BinaryHeap<(usize, u32, u32, u32)> = BinaryHeap::new();
    let mut next = 0;
    for w in bounds.windows(2) {
        let (start, end) = (w[0], w[1] - 1);
        while let Some(&(i, r)) = sorted.get(next) {
            if u64::from(r.lo) > start {
                break;
            }
            heap.push((i, r.lo, r.hi, r.cid));
            next += 1;
        }
        while heap.peek().is_some_and(|top| u64::from(top.2) < start) {
            heap.pop();
        }
        if let Some(&(_, lo, _, cid)) = heap.peek() {
            let (s, e) = (start as u32, end as u32);
            let step = |from: u32, to: u32| if constant { 0 } else { to.wrapping_sub(from) };
            let c = cid.wrapping_add(step(lo, s));
            match out.last_mut() {
                Some(last)
                    if last.1.wrapping_add(1) == s && last.2.wrapping_add(step(last.0, s)) == c =>
                {
                    last.1 = e
                }
                _ => out.push((s, e, c)),
            }
        }
    }
    out
}

/// An encoding CMap: codespace ranges, code → CID ranges, name and writing mode.
#[derive(Debug, Clone)]
pub struct CMap {
    name: String,
    ordering: String,
    vertical: bool,
    identity: bool,
    codespace: Codespace,
    cids: Arc<RangeTable>,
    notdefs: Arc<RangeTable>,
    parent: Option<Arc<CMap>>,
}

/// How deep `usecmap` chains may go before being ignored.
const MAX_USECMAP_DEPTH: usize = 8;

impl CMap {
    /// Parse an embedded encoding CMap stream (begincodespacerange, begincidrange,
    /// begincidchar, beginnotdefrange, /WMode, usecmap resolving to predefined names).
    pub fn parse(data: &[u8]) -> Result<CMap, CMapError> {
        let toks = tokenize(data);
        let mut ops: Vec<Token> = Vec::new();
        let (mut name, mut ordering, mut vertical) = (String::new(), String::new(), false);
        let (mut cids, mut notdefs) = (Vec::new(), Vec::new());
        let mut codespace = Codespace::default();
        let mut parent = None;
        for tok in toks {
            let Token::Keyword(kw) = &tok else {
                ops.push(tok);
                continue;
            };
            match kw.as_str() {
                "begincodespacerange"
                | "begincidrange"
                | "begincidchar"
                | "beginnotdefrange"
                | "beginnotdefchar" => ops.clear(),
                "endcodespacerange" => {
                    for pair in ops.chunks_exact(2) {
                        if let [Token::Hex(lo), Token::Hex(hi)] = pair {
                            codespace.add(lo, hi);
                        }
                    }
                }
                "endcidrange" | "endnotdefrange" => {
                    let dst = if kw == "endcidrange" {
                        &mut cids
                    } else {
                        &mut notdefs
                    };
                    for t in ops.chunks_exact(3) {
                        if let [Token::Hex(lo), Token::Hex(hi), Token::Int(cid)] = t {
                            push_range(dst, lo, hi, *cid);
                        }
                    }
                }
                "endcidchar" | "endnotdefchar" => {
                    let dst = if kw == "endcidchar" {
                        &mut cids
                    } else {
                        &mut notdefs
                    };
                    for t in ops.chunks_exact(2) {
                        if let [Token::Hex(c), Token::Int(cid)] = t {
                            push_range(dst, c, c, *cid);
                        }
                    }
                }
                "usecmap" => {
                    if let Some(Token::Name(p)) = ops.last() {
                        parent = CMap::predefined_at(p, 1).map(Arc::new);
                    }
                }
                "def" => match ops.as_slice() {
                    [.., Token::Name(k), Token::Int(v)] if k == "WMode" => vertical = *v == 1,
                    [.., Token::Name(k), Token::Name(v)] if k == "CMapName" => name = v.clone(),
                    _ => {}
                },
                _ => {}
            }
            for w in ops.windows(2) {
                if let [Token::Name(k), Token::Str(v)] = w {
                    if k == "Ordering" {
                        ordering = String::from_utf8_lossy(v).into_owned();
                    }
                }
            }
            if !kw.starts_with("begin") {
                ops.clear();
            }
        }
        if codespace.is_empty() && cids.is_empty() && notdefs.is_empty() && parent.is_none() {
            return Err(CMapError::Empty);
        }
        if let Some(p) = &parent {
            if codespace.is_empty() {
                codespace = p.codespace.clone();
            }
            if ordering.is_empty() {
                ordering = p.ordering.clone();
            }
        }
        let longest = cids.iter().chain(&notdefs).map(|r: &RawRange| r.len).max();
        codespace.set_default_len(usize::from(longest.unwrap_or(2)));
        Ok(CMap::from_parts(
            name, ordering, vertical, codespace, &cids, &notdefs, parent,
        ))
    }

    fn from_parts(
        name: String,
        ordering: String,
        vertical: bool,
        codespace: Codespace,
        cids: &[RawRange],
        notdefs: &[RawRange],
        parent: Option<Arc<CMap>>,
    ) -> CMap {
        CMap {
            name,
            ordering,
            vertical,
            identity: false,
            codespace,
            cids: Arc::new(RangeTable::build(cids, false)),
            notdefs: Arc::new(RangeTable::build(notdefs, true)),
            parent,
        }
    }

    fn identity(vertical: bool) -> CMap {
        let mut codespace = Codespace::default();
        codespace.add(&[0, 0], &[0xff, 0xff]);
        let name = if vertical { "Identity-V" } else { "Identity-H" };
        let mut cmap = CMap::from_parts(
            name.into(),
            String::new(),
            vertical,
            codespace,
            &[],
            &[],
            None,
        );
        cmap.identity = true;
        cmap
    }

    /// The built-in `Identity-H` CMap: 2-byte codes, CID = code, horizontal.
    pub fn identity_h() -> CMap {
        CMap::identity(false)
    }

    /// The built-in `Identity-V` CMap: 2-byte codes, CID = code, vertical.
    pub fn identity_v() -> CMap {
        CMap::identity(true)
    }

    /// A predefined CMap by PDF name ("Identity-H", "UniJIS-UCS2-H", "90ms-RKSJ-V", …).
    /// Loaded once per process and cached; `None` for names not vendored.
    pub fn predefined(name: &str) -> Option<CMap> {
        CMap::predefined_at(name, 0)
    }

    fn predefined_at(name: &str, depth: usize) -> Option<CMap> {
        match name {
            "Identity-H" => return Some(CMap::identity_h()),
            "Identity-V" => return Some(CMap::identity_v()),
            _ => {}
        }
        if depth > MAX_USECMAP_DEPTH {
            return None;
        }
        static CACHE: OnceLock<Mutex<HashMap<String, CMap>>> = OnceLock::new();
        let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
        if let Some(found) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(name) {
            return Some(found.clone());
        }
        // Build without holding the lock: the parent is loaded through this same function.
        let raw = super::predefined::load_cmap(name)?.ok()?;
        let parent = if raw.parent.is_empty() {
            None
        } else {
            CMap::predefined_at(&raw.parent, depth + 1).map(Arc::new)
        };
        let mut codespace = Codespace::default();
        for (lo, hi) in &raw.codespace {
            codespace.add(lo, hi);
        }
        if codespace.is_empty() {
            if let Some(p) = &parent {
                codespace = p.codespace.clone();
            }
        }
        let cmap = CMap::from_parts(
            name.to_string(),
            raw.ordering,
            raw.vertical,
            codespace,
            &raw.cids,
            &raw.notdefs,
            parent,
        );
        let mut guard = cache.lock().unwrap_or_else(|e| e.into_inner());
        Some(guard.entry(name.to_string()).or_insert(cmap).clone())
    }

    /// Split the next character code off `bytes` by codespace ranges: returns (code, byte length).
    /// Falls back to 1 byte when no range matches; always returns len >= 1 for non-empty input.
    pub fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        self.codespace.next_code(bytes)
    }

    fn mapped(&self, code: u32, len: usize) -> Option<u32> {
        if self.identity {
            return (len == 2).then_some(code);
        }
        self.cids
            .get(code, len)
            .or_else(|| self.parent.as_ref()?.mapped(code, len))
    }

    fn notdef(&self, code: u32, len: usize) -> Option<u32> {
        self.notdefs
            .get(code, len)
            .or_else(|| self.parent.as_ref()?.notdef(code, len))
    }

    /// CID for a code (0 = notdef when unmapped).
    pub fn cid(&self, code: u32, len: usize) -> u32 {
        self.mapped(code, len)
            .or_else(|| self.notdef(code, len))
            .unwrap_or(0)
    }

    /// True for writing mode 1 (vertical).
    pub fn is_vertical(&self) -> bool {
        self.vertical
    }

    /// The CMap's name (`/CMapName`, or the predefined name); may be empty for embedded CMaps.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The CIDSystemInfo ordering ("Japan1", "GB1", …) when known, else "".
    pub fn ordering(&self) -> &str {
        &self.ordering
    }

    /// For predefined CMaps whose codes are text (UCS2, UTF16, UTF8, RKSJ, EUC): the Unicode
    /// of a code. Embedded CMaps inherit this from a textual `usecmap` parent.
    pub fn code_to_unicode(&self, code: u32, len: usize) -> Option<String> {
        if let Some(kind) = super::predefined::TextKind::of_cmap(&self.name, &self.ordering) {
            return kind.decode(code, len);
        }
        self.parent.as_ref()?.code_to_unicode(code, len)
    }
}

fn push_range(dst: &mut Vec<RawRange>, lo: &[u8], hi: &[u8], cid: i64) {
    let (Ok(len), Ok(cid)) = (u8::try_from(lo.len()), u32::try_from(cid)) else {
        return;
    };
    if lo.len() == hi.len() && (1..=4).contains(&len) {
        dst.push(RawRange {
            len,
            lo: be_code(lo),
            hi: be_code(hi),
            cid,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::predefined::{cid_to_unicode, predefined_cmap_names};
    use crate::pdf::tounicode::ToUnicode;

    fn split(cmap: &CMap, mut bytes: &[u8]) -> Vec<(u32, usize)> {
        let mut out = Vec::new();
        while !bytes.is_empty() {
            let (code, n) = cmap.next_code(bytes);
            out.push((code, n));
            bytes = &bytes[n..];
        }
        out
    }

    #[test]
    fn unijis_ucs2_round_trips_through_japan1() {
        let cmap = CMap::predefined("UniJIS-UCS2-H").expect("vendored");
        assert_eq!(cmap.ordering(), "Japan1");
        assert_eq!(cmap.next_code(&[0x30, 0x42]), (0x3042, 2));
        let cid = cmap.cid(0x3042, 2);
        assert_eq!(cid, 843);
        assert_eq!(cid_to_unicode("Japan1", cid), Some('あ'));
        assert_eq!(cmap.code_to_unicode(0x3042, 2).as_deref(), Some("あ"));
        // Kanji 漢 (U+6F22) also round-trips.
        assert_eq!(cid_to_unicode("Japan1", cmap.cid(0x6F22, 2)), Some('漢'));
    }

    #[test]
    fn rksj_splits_mixed_widths_and_decodes() {
        let cmap = CMap::predefined("90ms-RKSJ-H").expect("vendored");
        let codes = split(&cmap, b"\x82\xa0A");
        assert_eq!(codes, vec![(0x82a0, 2), (0x41, 1)]);
        let text: String = codes
            .iter()
            .filter_map(|&(c, n)| cmap.code_to_unicode(c, n))
            .collect();
        assert_eq!(text, "あA");
        assert_eq!(cmap.cid(0x82a0, 2), 843);
        assert_eq!(cmap.cid(0x41, 1), 264, "half-width A (231 + 0x21)");
        let p = CMap::predefined("90msp-RKSJ-H").expect("vendored");
        assert_eq!(p.cid(0x41, 1), 34, "proportional A");
        let v = CMap::predefined("90ms-RKSJ-V").expect("vendored");
        assert!(v.is_vertical() && !cmap.is_vertical());
        assert_eq!(v.cid(0x82a0, 2), 843, "V inherits H through usecmap");
        assert_ne!(
            v.cid(0x8141, 2),
            cmap.cid(0x8141, 2),
            "vertical comma differs"
        );
    }

    #[test]
    fn jis_euc_utf16_utf8_codes_decode() {
        let h = CMap::predefined("H").expect("H");
        assert_eq!(h.code_to_unicode(0x2422, 2).as_deref(), Some("あ"));
        assert_eq!(h.cid(0x2422, 2), 843);
        let euc = CMap::predefined("EUC-H").expect("EUC-H");
        assert_eq!(euc.code_to_unicode(0xA4A2, 2).as_deref(), Some("あ"));
        assert_eq!(euc.cid(0xA4A2, 2), 843);
        let u16 = CMap::predefined("UniJIS-UTF16-H").expect("UTF16");
        let codes = split(&u16, &[0xD8, 0x40, 0xDC, 0x0B, 0x30, 0x42]);
        assert_eq!(codes, vec![(0xD840DC0B, 4), (0x3042, 2)]);
        assert_eq!(
            u16.code_to_unicode(0xD840DC0B, 4).as_deref(),
            Some("\u{2000B}")
        );
        assert_ne!(u16.cid(0xD840DC0B, 4), 0);
        let u8m = CMap::predefined("UniJIS-UTF8-H").expect("UTF8");
        assert_eq!(
            split(&u8m, "あa".as_bytes()),
            vec![(0xE38182, 3), (0x61, 1)]
        );
        assert_eq!(u8m.cid(0xE38182, 3), 843);
        let gb = CMap::predefined("UniGB-UCS2-H").expect("GB");
        assert_eq!(cid_to_unicode("GB1", gb.cid(0x4E2D, 2)), Some('中'));
    }

    #[test]
    fn every_vendored_cmap_loads() {
        for name in predefined_cmap_names() {
            let cmap = CMap::predefined(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(cmap.name(), name);
            assert_eq!(cmap.is_vertical(), name.ends_with('V'), "{name}");
            assert!(!cmap.codespace.is_empty(), "{name}");
        }
        assert!(CMap::predefined("No-Such-CMap").is_none());
    }

    #[test]
    fn identity_cmaps() {
        let h = CMap::identity_h();
        assert_eq!(split(&h, &[0x12, 0x34, 0x56]), vec![(0x1234, 2), (0x56, 1)]);
        assert_eq!(h.cid(0x1234, 2), 0x1234);
        assert!(CMap::identity_v().is_vertical());
        assert_eq!(
            CMap::predefined("Identity-V")
                .map(|c| c.name().to_string())
                .as_deref(),
            Some("Identity-V")
        );
    }

    #[test]
    fn embedded_cmap_with_overrides_notdef_and_usecmap() {
        let src = b"%!PS\n/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 6 >> def
/CMapName /Test-V def /WMode 1 def
/UniJIS-UCS2-H usecmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 begincidrange <0000> <0064> 0 <0100> <01FF> 5000 endcidrange
1 begincidchar <0032> 999 endcidchar
1 beginnotdefrange <D800> <D8FF> 1 endnotdefrange
endcmap CMapName currentdict /CMap defineresource pop end end";
        let cmap = CMap::parse(src).expect("parses");
        assert_eq!(cmap.name(), "Test-V");
        assert_eq!(cmap.ordering(), "Japan1");
        assert!(cmap.is_vertical());
        assert_eq!(cmap.cid(0x32, 2), 999, "later cidchar overrides the range");
        assert_eq!(cmap.cid(0x33, 2), 0x33);
        assert_eq!(cmap.cid(0x120, 2), 5032);
        assert_eq!(cmap.cid(0x3042, 2), 843, "falls through to usecmap parent");
        assert_eq!(cmap.cid(0xD850, 2), 1, "notdef range");
        assert_eq!(cmap.cid(0xD850, 1), 0);
        assert_eq!(cmap.code_to_unicode(0x3042, 2).as_deref(), Some("あ"));
        assert!(matches!(CMap::parse(b"garbage"), Err(CMapError::Empty)));
    }

    #[test]
    fn flatten_resolves_overlaps_by_priority() {
        let r = |lo, hi, cid| RawRange {
            len: 1,
            lo,
            hi,
            cid,
        };
        let t = RangeTable::build(&[r(0, 100, 0), r(50, 50, 999), r(90, 120, 2000)], false);
        assert_eq!(t.get(49, 1), Some(49));
        assert_eq!(t.get(50, 1), Some(999));
        assert_eq!(t.get(51, 1), Some(51));
        assert_eq!(t.get(95, 1), Some(2005));
        assert_eq!(t.get(121, 1), None);
        assert_eq!(t.get(5, 2), None);
        let n = RangeTable::build(&[r(0, 9, 1), r(5, 20, 3)], true);
        assert_eq!(
            (n.get(4, 1), n.get(9, 1), n.get(20, 1)),
            (Some(1), Some(3), Some(3))
        );
    }

    /// Tiny deterministic generator for property-style tests.
    fn lcg_bytes(seed: &mut u64, max_len: usize) -> Vec<u8> {
        let mut next = || {
            *seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (*seed >> 33) as u8
        };
        let len = usize::from(next()) % (max_len + 1);
        (0..len).map(|_| next()).collect()
    }

    #[test]
    fn random_bytes_always_advance() {
        let (tu, _) =
            ToUnicode::parse(b"1 begincodespacerange <00> <7F> <8000> <FFFF> endcodespacerange");
        let cmaps: Vec<CMap> = [
            "90ms-RKSJ-H",
            "UniJIS-UTF8-H",
            "UniJIS-UTF16-H",
            "EUC-H",
            "H",
        ]
        .iter()
        .filter_map(|n| CMap::predefined(n))
        .chain([CMap::identity_h()])
        .collect();
        let mut seed = 7;
        for _ in 0..2000 {
            let bytes = lcg_bytes(&mut seed, 24);
            for cmap in &cmaps {
                let mut rest = bytes.as_slice();
                while !rest.is_empty() {
                    let (code, n) = cmap.next_code(rest);
                    assert!(n >= 1 && n <= rest.len(), "{} {rest:?}", cmap.name());
                    let _ = (cmap.cid(code, n), cmap.code_to_unicode(code, n));
                    rest = &rest[n..];
                }
            }
            let mut rest = bytes.as_slice();
            while !rest.is_empty() {
                let (_, n) = tu.next_code(rest);
                assert!(n >= 1 && n <= rest.len());
                rest = &rest[n..];
            }
            let _ = CMap::parse(&bytes);
            let _ = ToUnicode::parse(&bytes);
        }
    }
}
