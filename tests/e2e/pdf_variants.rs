//! The PDF layer on files from producers we have not seen: variants of the
//! shared corpus PDFs made by `tests/fixtures/make_fixtures.py` (encryption,
//! object and xref streams, incremental updates, other CMaps, no ToUnicode,
//! Form XObjects, rotated and cropped pages) must give exactly the gold
//! records; two synthetic files (vertical text, a standard Type1 font) must
//! give their known text.

use std::path::PathBuf;

use serde_json::Value;

use crate::common::{assert_exact, gold, parse_records, root, shisaku};

fn fixture(name: &str) -> PathBuf {
    let path = root().join("tests/fixtures/pdf").join(name);
    assert!(
        path.is_file(),
        "{} is missing: run tests/fixtures/make_fixtures.py",
        path.display()
    );
    path
}

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).expect("fixture is readable")
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// `name` starts with its document ("it2013-…", "ict2014-…"); its records must equal the gold.
fn assert_gold(name: &str) {
    let doc = name.split('-').next().expect("document prefix");
    assert_exact(name, &gold(doc), &parse_records(&fixture(name)));
}

#[test]
fn empty_user_password_encryption_rc4_and_aes() {
    for name in [
        "it2013-legacy-enc-rc4-40.pdf",
        "it2013-legacy-enc-rc4-128.pdf",
        "it2013-legacy-enc-aes-128.pdf",
        "it2013-legacy-enc-aes-256.pdf",
        "it2013-word-enc-aes-256.pdf",
    ] {
        assert!(
            contains(&bytes(name), "/Encrypt"),
            "{name} is not encrypted"
        );
        assert_gold(name);
    }
}

#[test]
fn a_real_user_password_is_a_clear_error_not_a_panic() {
    let name = "it2013-legacy-enc-userpw.pdf";
    let path = fixture(name);
    for cmd in ["parse", "extract"] {
        let out = shisaku(&[cmd, path.to_str().expect("utf-8 path")]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success(),
            "{cmd} accepted a password-protected file"
        );
        assert_ne!(out.status.code(), Some(101), "{cmd} panicked: {err}");
        assert!(
            err.contains(name),
            "{cmd}: the message does not name the file: {err}"
        );
        assert!(
            err.to_lowercase().contains("password"),
            "{cmd}: the message does not mention a password: {err}"
        );
        assert!(
            out.stdout.is_empty(),
            "{cmd} printed output for an unreadable file"
        );
    }
}

#[test]
fn object_streams_and_xref_streams() {
    for name in ["it2013-word-objstm.pdf", "ict2014-legacy-objstm.pdf"] {
        let b = bytes(name);
        assert!(
            contains(&b, "/ObjStm") && contains(&b, "/XRef"),
            "{name} has no object/xref streams"
        );
        assert_gold(name);
    }
}

#[test]
fn incremental_updates_replace_the_old_revision() {
    let name = "it2013-legacy-incremental.pdf";
    let b = bytes(name);
    assert_eq!(
        b.windows(5).filter(|w| w == b"%%EOF").count(),
        3,
        "base + two updates"
    );
    assert!(contains(&b, "/Prev") && contains(&b, "/XRef"));
    assert_gold(name);
    let out = shisaku(&["extract", fixture(name).to_str().expect("utf-8 path")]);
    assert!(out.status.success());
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("旧版"),
        "text of the replaced revision is shown"
    );
}

#[test]
fn shift_jis_and_utf16_cmaps() {
    for (name, cmap) in [
        ("it2013-legacy-rksj.pdf", "/90msp-RKSJ-H"),
        ("ict2014-legacy-rksj.pdf", "/90msp-RKSJ-H"),
        ("it2013-legacy-utf16.pdf", "/UniJIS-UTF16-H"),
    ] {
        let b = bytes(name);
        assert!(
            contains(&b, cmap) && !contains(&b, "UniJIS-UCS2-H"),
            "{name} does not use {cmap} only"
        );
        assert_gold(name);
    }
}

#[test]
fn embedded_truetype_without_tounicode() {
    let name = "it2013-word-notounicode.pdf";
    let b = bytes(name);
    assert!(!contains(&b, "/ToUnicode") && contains(&b, "/FontFile2"));
    assert_gold(name);
}

#[test]
fn form_xobjects_under_a_transformed_ctm() {
    for name in ["it2013-legacy-form.pdf", "ict2014-legacy-form.pdf"] {
        assert!(
            contains(&bytes(name), "/Subtype /Form"),
            "{name} has no Form XObject"
        );
        assert_gold(name);
    }
}

#[test]
fn rotated_pages_with_counter_rotated_content() {
    for name in ["it2013-legacy-rotate.pdf", "ict2014-legacy-rotate.pdf"] {
        let b = bytes(name);
        for r in ["/Rotate 90", "/Rotate 180", "/Rotate 270"] {
            assert!(contains(&b, r), "{name} lacks {r}");
        }
        assert_gold(name);
    }
}

#[test]
fn crop_box_with_an_offset_origin() {
    let name = "it2013-legacy-cropbox.pdf";
    assert!(contains(&bytes(name), "/CropBox"));
    assert_gold(name);
}

/// `extract --format json`: the pages with their runs.
fn extract_json(name: &str) -> Vec<Value> {
    let out = shisaku(&[
        "extract",
        "--format",
        "json",
        fixture(name).to_str().expect("utf-8 path"),
    ]);
    assert!(
        out.status.success(),
        "extract {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Value>(&out.stdout)
        .expect("JSON")
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn extract_text(name: &str) -> String {
    let out = shisaku(&["extract", fixture(name).to_str().expect("utf-8 path")]);
    assert!(
        out.status.success(),
        "extract {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// (text, x0, y0, x1, y1) of every glyph of page 1.
fn glyphs(pages: &[Value]) -> Vec<(String, f64, f64, f64, f64)> {
    let f = |g: &Value, k: &str| g["bbox"][k].as_f64().expect("bbox coordinate");
    pages[0]["runs"]
        .as_array()
        .expect("runs")
        .iter()
        .flat_map(|r| r["glyphs"].as_array().cloned().unwrap_or_default())
        .map(|g| {
            (
                g["text"].as_str().unwrap_or_default().to_string(),
                f(&g, "x0"),
                f(&g, "y0"),
                f(&g, "x1"),
                f(&g, "y1"),
            )
        })
        .collect()
}

const VERTICAL_TEXT: &str = "縦書きの計画書です。ＩＣＴ推進「みやぎ」";

#[test]
fn vertical_cmap_text_reads_top_to_bottom_in_one_line() {
    let name = "synth-vertical.pdf";
    let lines: Vec<String> = extract_text(name)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    assert_eq!(lines, vec![VERTICAL_TEXT.to_string()]);

    // One column: same x; each glyph 16 pt below the previous, and the TJ
    // adjustment of 500 between "。" and "Ｉ" moves down by 8 pt more.
    let g = glyphs(&extract_json(name));
    let text: String = g.iter().map(|x| x.0.as_str()).collect();
    assert_eq!(text, VERTICAL_TEXT);
    for (i, w) in g.windows(2).enumerate() {
        assert!(
            (w[0].1 - w[1].1).abs() < 0.01,
            "glyph {i} and the next are not in one column"
        );
        let step = if w[1].0 == "Ｉ" { 24.0 } else { 16.0 };
        assert!(
            (w[1].2 - w[0].2 - step).abs() < 0.01,
            "glyph {} is not {step} pt below {}: {w:?}",
            i + 1,
            i
        );
    }
    // Tm puts the current point 82 pt below the top edge; the glyph origin is 0.88 em above it
    // (DW2 default), the box spans Ascent 723 .. Descent -241 from there.
    assert!(
        (g[0].2 - (82.0 + (0.88 - 0.723) * 16.0)).abs() < 0.01,
        "first glyph at {:?}",
        g[0]
    );
    assert!(
        (g[0].1 - 292.0).abs() < 0.01 && (g[0].3 - 308.0).abs() < 0.01,
        "column centred on x = 300: {:?}",
        g[0]
    );
}

#[test]
fn helvetica_with_differences_and_no_widths() {
    let name = "synth-type1.pdf";
    assert_eq!(
        extract_text(name).trim_end(),
        "Caf\u{e9} \u{fb01}ve \u{2192} 10 \u{20ac}"
    );
    // Without /Widths the standard Helvetica metrics place the glyphs: up to the "e" after
    // the 20-unit TJ kern the advances are C a f é space fi v e = 3668 + 278 units.
    let g = glyphs(&extract_json(name));
    let e = g.iter().find(|x| x.0 == "e").expect("glyph e");
    let expected = 72.0 + (722 + 556 + 278 + 556 + 278 + 500 + 500 + 556) as f64 * 14.0 / 1000.0
        - 20.0 * 14.0 / 1000.0;
    assert!(
        (e.3 - expected).abs() < 0.01,
        "e ends at {}, expected {expected}",
        e.3
    );
}
