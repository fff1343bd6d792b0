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
