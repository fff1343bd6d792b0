//! Shared by tests/e2e/ingest_incremental.rs and benches/ingest.rs: a copy of
//! a plan PDF whose document /Title names another plan period, so that it
//! parses as a distinct edition ("ict{year}").

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
