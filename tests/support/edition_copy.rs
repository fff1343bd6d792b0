//! Shared by tests/e2e (ingest_incremental.rs, ingest_kill.rs) and
//! benches/ingest.rs: a copy of
//! a plan PDF whose document /Title names another plan period, so that it
//! parses as a distinct edition ("ict{year}"); and [`TinyPlan`], small
//! distinct plan files by the thousand.

// Each includer uses a part of it.
#![allow(dead_code)]

use std::path::Path;

/// Write `src` to `out` with /Title "みやぎICT推進プラン（{year}～{year+2}）".
pub fn edition_copy(src: &Path, year: u32, out: &Path) {
    let mut doc = lopdf::Document::load(src).expect("load");
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .expect("Info");
    let title = format!("みやぎICT推進プラン（{year}～{}）", year + 2);
    let mut bytes = vec![0xfe, 0xff];
    for u in title.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    let dict = doc
        .get_object_mut(info)
        .and_then(lopdf::Object::as_dict_mut)
        .expect("Info dict");
    dict.set(
        "Title",
        lopdf::Object::String(bytes, lopdf::StringFormat::Hexadecimal),
    );
    doc.save(out).expect("save");
}

/// A one-page plan PDF (page `page` of `src`) whose /Title can be patched in
/// its bytes: thousands of small, distinct plan files are written in
/// milliseconds (the kill test and the many-versions bench use it).
pub struct TinyPlan {
    bytes: Vec<u8>,
    /// Offset of the hex digits of the three-letter acronym in the /Title.
    acronym_at: usize,
    /// Offset of the hex digits of the first year of the /Title.
    year_at: usize,
}

/// The /Title a [`TinyPlan`] starts from: acronym "AAA", years 2000～2002.
const TINY_TITLE: &str = "みやぎAAA推進プラン（2000～2002）";

fn utf16_hex(s: &str) -> String {
    s.encode_utf16().map(|u| format!("{u:04X}")).collect()
}

impl TinyPlan {
    /// Page `page` of `src` alone, with the placeholder /Title.
    pub fn new(src: &Path, page: u32) -> TinyPlan {
        let mut doc = lopdf::Document::load(src).expect("load");
        let n = doc.get_pages().len() as u32;
        let drop: Vec<u32> = (1..=n).filter(|p| *p != page).collect();
        doc.delete_pages(&drop);
        doc.prune_objects();
        let info = doc
            .trailer
            .get(b"Info")
            .and_then(lopdf::Object::as_reference)
            .expect("Info");
        let mut title = vec![0xfe, 0xff];
        for u in TINY_TITLE.encode_utf16() {
            title.extend_from_slice(&u.to_be_bytes());
        }
        doc.get_object_mut(info)
            .and_then(lopdf::Object::as_dict_mut)
            .expect("Info dict")
            .set(
                "Title",
                lopdf::Object::String(title, lopdf::StringFormat::Hexadecimal),
            );
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).expect("save");
        let hex = utf16_hex(TINY_TITLE);
        let at = bytes
            .windows(hex.len())
            .position(|w| w.eq_ignore_ascii_case(hex.as_bytes()))
            .expect("title hex in the file");
        let acronym_at = at + hex.find(&utf16_hex("AAA")).expect("acronym");
        let year_at = at + hex.find(&utf16_hex("2000")).expect("year");
        TinyPlan {
            bytes,
            acronym_at,
            year_at,
        }
    }

    /// Writes a copy titled with `acronym` (three ASCII letters) and the
    /// years `year`～`year+2`, so it parses as edition "{acronym}{year}"
    /// (lower case); `variant` goes into a trailing comment, so copies of one
    /// edition differ in their bytes.
    pub fn write(&self, acronym: &str, year: u32, variant: u64, out: &Path) {
        assert!(acronym.len() == 3 && acronym.is_ascii() && (2000..2098).contains(&year));
        let mut bytes = self.bytes.clone();
        let mut patch = |at: usize, text: &str| {
            let hex = utf16_hex(text);
            bytes[at..at + hex.len()].copy_from_slice(hex.as_bytes());
        };
        patch(self.acronym_at, acronym);
        let end = year + 2;
        patch(self.year_at, &format!("{year}～{end}"));
        bytes.extend_from_slice(format!("\n% variant {variant}\n").as_bytes());
        std::fs::write(out, bytes).expect("write");
    }
}
