//! A scanned-with-OCR copy of a plan PDF, as a scanner's software writes
//! one: each page paints an image (the "scan") and draws its text
//! invisibly over it (render mode 3). Used by tests/e2e/ingest_ocr.rs.

use std::path::Path;

use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream};

/// Write `src` to `out` with every page's text drawn in render mode 3 over
/// a full-page image: the text stays where it was, only invisible.
pub fn ocr_copy(src: &Path, out: &Path) {
    let mut doc = Document::load(src).expect("load");
    let scan = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Image",
            "Width" => 1,
            "Height" => 1,
            "ColorSpace" => "DeviceGray",
            "BitsPerComponent" => 8,
        },
        vec![0xF0],
    ));
    let pages: Vec<_> = doc.get_pages().into_values().collect();
    assert!(!pages.is_empty(), "no pages in {}", src.display());
    for page in pages {
        let content = doc.get_and_decode_page_content(page).expect("content");
        let mut ops = vec![
            Operation::new("q", vec![]),
            Operation::new(
                "cm",
                [2000, 0, 0, 2000, -500, -500]
                    .into_iter()
                    .map(Object::from)
                    .collect(),
            ),
            Operation::new("Do", vec![Object::Name(b"ShisakuScan".to_vec())]),
            Operation::new("Q", vec![]),
        ];
        for op in content.operations {
            match op.operator.as_str() {
                "Tr" => {}
                "BT" => {
                    ops.push(op);
                    ops.push(Operation::new("Tr", vec![3.into()]));
                }
                _ => ops.push(op),
            }
        }
        let bytes = Content { operations: ops }.encode().expect("encode");
        doc.change_page_content(page, bytes)
            .expect("change content");
        doc.add_xobject(page, "ShisakuScan", scan).expect("xobject");
    }
    doc.save(out).expect("save");
}
