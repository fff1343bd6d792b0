//! Files from the public PDF test suites (pdf.js, pdfminer.six) that the
//! text layer once refused or read short (issue #18), one per group; see
//! `tests/fixtures/pdf/suite/README.md`. `scripts/compare_pdftotext.py`
//! runs the whole suites against poppler's `pdftotext`.

use shisaku::layout::{analyze, page_text, LayoutParams};
use shisaku::pdf::{Document, Limits};

use super::common::root;

/// The text of every page of a suite fixture, and the warnings met.
fn read(name: &str) -> (String, Vec<String>) {
    let path = root().join("tests/fixtures/pdf/suite").join(name);
    let doc = Document::open(&path, Limits::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let params = LayoutParams::default();
    let mut text = String::new();
    let mut warnings = Vec::new();
    for n in 1..=doc.page_count() as u32 {
        let page = doc
            .page(n)
            .unwrap_or_else(|e| panic!("{name} page {n}: {e}"));
        text.push_str(&page_text(&analyze(&page, &params), &params));
        warnings.extend(page.warnings);
    }
    (text, warnings)
}

#[test]
fn filters_given_as_indirect_arrays_are_decoded() {
    let (text, _) = read("filter-by-reference.pdf");
    assert!(text.contains("Postbus 3101"), "{text}");
}

#[test]
fn type3_glyphs_with_unknown_names_read_as_their_codes() {
    let (text, _) = read("type3-word-spacing.pdf");
    assert!(text.contains("abba"), "{text}");
}

#[test]
fn truetype_glyph_names_are_read_through_the_font_program() {
    // No ToUnicode; /Differences names (`x01`…, `g1`…) the glyph list does
    // not know: the embedded font's `post` names and glyph ids lead to its
    // Unicode cmap (scripts/make_truetype_names_pdf.py).
    let (text, _) = read("truetype-glyph-names.pdf");
    assert!(text.contains("Hello"), "{text}");
    assert!(text.contains("world"), "{text}");
}

#[test]
fn form_field_appearances_are_drawn_as_text() {
    let (text, _) = read("form-fields.pdf");
    assert!(text.contains("Reset All"), "{text}");
}

#[test]
fn encryption_without_an_id_opens_with_the_empty_password() {
    let path = root().join("tests/fixtures/pdf/suite/encrypted-no-id.pdf");
    let doc = Document::open(&path, Limits::default()).expect("opens");
    assert_eq!(doc.page_count(), 3);
    for n in 1..=3 {
        doc.page(n).expect("page");
    }
}

#[test]
fn attachment_only_encryption_needs_no_password() {
    let (text, _) = read("encrypted-attachment.pdf");
    assert!(text.contains("Example"), "{text}");
}

#[test]
fn a_catalog_naming_a_page_as_its_page_tree_is_read() {
    let (_, warnings) = read("pages-names-page.pdf");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("page tree lists no pages")),
        "{warnings:?}"
    );
}

#[test]
fn a_content_stream_without_length_is_read_to_endstream() {
    let (text, _) = read("stream-without-length.pdf");
    assert!(text.contains("Financements"), "{text}");
}

#[test]
fn objects_without_a_header_are_read() {
    let (text, _) = read("no-header.pdf");
    assert!(text.contains("1606566"), "{text}");
}

#[test]
fn invisible_text_is_extracted_and_still_counted() {
    // The footer is drawn with render mode 3 (as an OCR layer over a scan
    // is): it is searchable text, and the PDF layer still counts it.
    let (text, _) = read("invisible-text.pdf");
    assert!(text.contains("Powered by TCPDF"), "{text}");
    assert_eq!(text.matches("Powered by TCPDF").count(), 1, "{text}");
    let path = root().join("tests/fixtures/pdf/suite/invisible-text.pdf");
    let doc = Document::open(&path, Limits::default()).expect("opens");
    let page = doc.page(1).expect("page");
    assert!(page.quality.invisible_glyphs > 0);
    // A hidden footer on a born-digital form is neither OCR nor damage.
    assert!(page.quality.visible_glyphs > page.quality.invisible_glyphs);
    assert_eq!(page.quality.class(), shisaku::pdf::QualityClass::Clean);
}

#[test]
fn a_v4_rc4_key_of_40_bits_is_zero_padded_as_acrobat_does() {
    let (text, warnings) = read("encrypted-short-v4-key.pdf");
    assert!(
        text.contains("under-documented encryption scheme"),
        "{text}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("zero-padded")),
        "{warnings:?}"
    );
}

#[test]
fn a_fuzzed_page_tree_opens_with_its_page() {
    // /Kids without its bracket, the page's /Type key damaged, garbage in
    // its /MediaBox: lopdf drops those objects; they are read again.
    let (_, warnings) = read("damaged-page-tree.pdf");
    assert!(
        warnings.iter().any(|w| w.contains("read again leniently")),
        "{warnings:?}"
    );
}

#[test]
fn damaged_page_objects_are_read_again_with_their_text() {
    let mut pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n".to_vec();
    pdf.extend_from_slice(b"2 0 obj << /Type /Pages /Kids \x003 0 R] /Count 1 >> endobj\n");
    pdf.extend_from_slice(
        b"3 0 obj << /T\xecpe /Page /Parent 2 0 R /MediaBox [0 0 300 100} ] \
          /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >> endobj\n",
    );
    pdf.extend_from_slice(
        b"4 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica \
          /Encoding /WinAnsiEncoding >> endobj\n",
    );
    let content = b"BT /F1 12 Tf 10 50 Td (Salvaged page) Tj ET";
    pdf.extend_from_slice(format!("5 0 obj << /Length {} >> stream\n", content.len()).as_bytes());
    pdf.extend_from_slice(content);
    pdf.extend_from_slice(b"\nendstream endobj\ntrailer << /Root 1 0 R /Size 6 >>\n%%EOF\n");
    let doc = Document::from_bytes(&pdf, Limits::default()).expect("opens");
    assert_eq!(doc.page_count(), 1);
    let page = doc.page(1).expect("page");
    let params = LayoutParams::default();
    let text = page_text(&analyze(&page, &params), &params);
    assert!(text.contains("Salvaged page"), "{text}");
    let w = &page.warnings;
    assert!(
        w.iter().any(|w| w.contains("read again leniently")),
        "{w:?}"
    );
}

#[test]
fn salvaged_objects_of_an_encrypted_file_are_decrypted() {
    use lopdf::{dictionary, EncryptionState, EncryptionVersion, Object, Permissions, Stream};
    let mut doc = lopdf::Document::with_version("1.5");
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let text = b"BT /F1 12 Tf 10 50 Td (Salvaged secret) Tj ET".to_vec();
    let content = doc.add_object(Stream::new(dictionary! { "Salvage" => "Me" }, text));
    let resources = dictionary! { "Font" => dictionary! { "F1" => font } };
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Contents" => content, "Resources" => resources,
        "MediaBox" => vec![0.into(), 0.into(), 300.into(), 100.into()],
    });
    let pages = doc
        .add_object(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 });
    if let Ok(Object::Dictionary(d)) = doc.get_object_mut(page) {
        d.set("Parent", pages);
    }
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
    let id = Object::String(
        b"0123456789abcdef".to_vec(),
        lopdf::StringFormat::Hexadecimal,
    );
    doc.trailer.set("ID", vec![id.clone(), id]);
    let state = EncryptionState::try_from(EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password: "",
        key_length: 128,
        permissions: Permissions::all(),
    })
    .expect("state");
    doc.encrypt(&state).expect("encrypts");
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("saves");
    // Damage the page and its content stream so that lopdf drops both.
    let mut damaged = Vec::new();
    let mut rest = &bytes[..];
    for (from, to) in [
        (&b"/Salvage"[..], &b"/Salvage ) }"[..]),
        (b"/Type/Page/", b"/Type/Page } /"),
    ] {
        let at = rest
            .windows(from.len())
            .position(|w| w == from)
            .unwrap_or_else(|| panic!("{}", String::from_utf8_lossy(&bytes)));
        damaged.extend_from_slice(&rest[..at]);
        damaged.extend_from_slice(to);
        rest = &rest[at + from.len()..];
    }
    damaged.extend_from_slice(rest);
    let doc = Document::from_bytes(&damaged, Limits::default()).expect("opens");
    let page = doc.page(1).expect("page");
    let params = LayoutParams::default();
    let text = page_text(&analyze(&page, &params), &params);
    assert!(
        text.contains("Salvaged secret"),
        "{text} {:?}",
        page.warnings
    );
}
