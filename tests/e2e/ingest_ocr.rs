//! A scanned plan whose only text is an invisible OCR layer is indexed as
//! OCR text (`quality=ocr`), not as damage; a born-digital copy of the same
//! edition replaces it, and it never replaces a born-digital copy.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{root, shisaku, shisaku_json, ICT2014_PASSAGES};
use crate::ingest_incremental::{ingest_json, temp_dir};
use crate::serve::{counts, Server};

#[path = "../support/ocr.rs"]
mod ocr;

/// `search QUERY --index INDEX --json [--filter FILTER]`, all hits.
fn search(index: &Path, query: &str, filter: Option<&str>) -> Value {
    let mut args = vec![
        "search",
        query,
        "--index",
        index.to_str().expect("utf-8"),
        "--json",
        "--limit",
        "1000",
    ];
    if let Some(f) = filter {
        args.extend(["--filter", f]);
    }
    shisaku_json(&args).0
}

/// The reason of the only conflict of an ingest report.
fn reason(r: &Value) -> String {
    let conflicts = r["conflicts"].as_array().expect("conflicts");
    assert_eq!(conflicts.len(), 1, "{r}");
    conflicts[0]["reason"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// An OCR copy of ict2014 in `dir`.
fn scanned(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).expect("dir");
    let out = dir.join("ict2014-scan.pdf");
    ocr::ocr_copy(&root().join("corpus/ict2014.pdf"), &out);
    out
}

#[test]
fn an_ocr_layer_is_indexed_as_ocr_text_not_damage() {
    let dir = temp_dir("ocr-layer");
    let scan = scanned(&dir.join("scan"));
    let index = dir.join("index");
    let (code, r) = ingest_json(&[&scan], &index, &[]);
    assert_eq!(code, Some(0), "{r}");

    let all = search(&index, "", None);
    let total = all["total"].as_u64().expect("total");
    assert_eq!(
        total,
        62 + ICT2014_PASSAGES,
        "every record read from the OCR layer"
    );
    assert_eq!(
        counts(&all["facets"]["quality"]),
        [("ocr".to_string(), total)]
    );
    let hits = all["hits"].as_array().expect("hits");
    assert!(hits.iter().all(|h| h["quality"] == "ocr"), "{}", hits[0]);
    assert_eq!(search(&index, "", Some("quality=ocr"))["total"], total);
    assert_eq!(search(&index, "", Some("quality=damaged"))["total"], 0);
    assert_eq!(
        search(&index, "クラウド quality=ocr", None)["total"],
        search(&index, "クラウド", None)["total"]
    );

    // The text output notes the OCR layer, never the damage warning.
    let out = shisaku(&[
        "search",
        "クラウド",
        "--index",
        index.to_str().expect("utf-8"),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("ℹ OCR text layer"), "{text}");
    assert!(!text.contains("damaged"), "{text}");
    {
        // The sidebar names the value in Japanese.
        let server = Server::start(&index);
        let page = server.get("/").text();
        assert!(page.contains("OCR テキスト"), "sidebar label");
        assert!(!page.contains("抽出に問題あり"), "no damaged value");
    }

    // The born-digital copy of the edition replaces the OCR one, and says why.
    let clean = root().join("corpus/ict2014.pdf");
    let (code, r) = ingest_json(&[&clean], &index, &[]);
    assert_eq!(code, Some(0), "{r}");
    let why = reason(&r);
    assert!(
        why.contains("born-digital text replaces an OCR text layer"),
        "{why}"
    );
    assert_eq!(search(&index, "", Some("quality=ocr"))["total"], 0);
    assert_eq!(search(&index, "", Some("quality=ok"))["total"], total);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_ocr_copy_never_replaces_a_born_digital_one() {
    let dir = temp_dir("ocr-conflict");
    let index = dir.join("index");
    let clean = root().join("corpus/ict2014.pdf");
    let (code, r) = ingest_json(&[&clean], &index, &[]);
    assert_eq!(code, Some(0), "{r}");
    let scan = scanned(&dir.join("scan"));
    let (code, r) = ingest_json(&[&scan], &index, &[]);
    assert_eq!(code, Some(2), "a conflict rejected the OCR copy: {r}");
    let why = reason(&r);
    assert!(
        why.contains("OCR text layer") && why.contains("born-digital") && !why.contains("damage"),
        "{why}"
    );
    assert_eq!(search(&index, "", Some("quality=ocr"))["total"], 0);
    let _ = std::fs::remove_dir_all(&dir);
}
