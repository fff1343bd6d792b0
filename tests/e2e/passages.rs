//! Issue #14: every PDF we ingest is searchable. A folder of real Japanese
//! public PDFs that are not plan cards or tables (a 官報 page set in vertical
//! writing, a government discussion paper, a pdf.js vertical sample) and a
//! generated 縦書き newsletter (`scripts/make_vertical_fixture.py`) is
//! ingested with no flags: every document is indexed as passages, each
//! sample phrase is found on its page, and the page report names the pages
//! without a text layer.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{root, shisaku, shisaku_json};
use crate::serve::{enc, Server};

/// The fixture folder.
fn folder() -> PathBuf {
    root().join("tests/fixtures/passages")
}

/// (file, phrase printed on the page, page): phrases taken from the pages,
/// some running over a column break of vertical text.
const PHRASES: &[(&str, &str, u32)] = &[
    ("tategaki.pdf", "人口減少に歯止めをかけ", 1),
    ("tategaki.pdf", "移住定住の促進と子育て支援", 1),
    ("kampo.pdf", "道路交通法施行令の一部を改正する政令", 1),
    ("kampo.pdf", "同法第七十二条の二第三項", 1),
    ("kampo.pdf", "並びに道路交通法", 1),
    ("cio-dp2021-06.pdf", "平本健二", 1),
    (
        "cio-dp2021-06.pdf",
        "データ社会を実現するために必要な人材",
        3,
    ),
    ("cio-dp2021-06.pdf", "国内の各種フレームワークとの整合性", 3),
    ("pdfjs-vertical.pdf", "あいうえお", 1),
];

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("shisaku-passages-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn search(index: &Path, args: &[&str]) -> Value {
    let idx = index.to_str().expect("utf-8");
    let mut all = vec!["search", "--index", idx, "--json", "--limit", "20"];
    all.extend_from_slice(args);
    shisaku_json(&all).0
}

fn ingest_folder(name: &str) -> (PathBuf, Value) {
    let dir = temp_dir(name);
    let index = dir.join("index");
    let out = shisaku(&[
        "ingest",
        folder().to_str().expect("utf-8"),
        "--index",
        index.to_str().expect("utf-8"),
        "--json",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "ingest: {stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    (index, report)
}

#[test]
fn issue_14_a_folder_of_public_pdfs_is_searchable_page_by_page() {
    let (index, report) = ingest_folder("folder");
    let files = std::fs::read_dir(folder())
        .expect("fixtures")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        })
        .count();
    assert_eq!(report["files_seen"], files as u64, "{report}");
    assert_eq!(report["indexed"], files as u64, "{report}");
    assert_eq!(report["failed"], 0, "{report}");
    let docs = report["documents"].as_array().expect("documents");
    for d in docs {
        // Not plans: every page with text gives passages only.
        assert_eq!(d["record_pages"], 0, "{d}");
        assert_eq!(d["records"], d["passages"], "{d}");
        assert!(d["passage_pages"].as_u64().unwrap_or(0) >= 1, "{d}");
    }
    let tategaki = docs
        .iter()
        .find(|d| d["file"].as_str().unwrap_or("").ends_with("tategaki.pdf"))
        .expect("tategaki indexed");
    assert_eq!(tategaki["textless_pages"], serde_json::json!([2]));
    for (file, phrase, page) in PHRASES {
        let quoted = format!("\"{phrase}\"");
        let res = search(&index, &[&quoted]);
        let hits = res["hits"].as_array().expect("hits");
        let found = hits.iter().any(|h| {
            h["file"].as_str().unwrap_or("").ends_with(file)
                && h["page"] == *page
                && h["kind"] == "passage"
        });
        assert!(found, "{phrase}: not found on {file} p.{page}: {res}");
    }
    // Passages are a kind of their own: a filter on plan kinds leaves them out.
    let res = search(&index, &["人口減少", "--filter", "kind=initiative"]);
    assert_eq!(res["total"], 0, "{res}");
    let res = search(&index, &["人口減少", "--filter", "kind=passage"]);
    assert_eq!(res["total"], 1, "{res}");
    assert_eq!(res["hits"][0]["title"], "むらだより　令和６年４月号");
    let _ = std::fs::remove_dir_all(index.parent().expect("dir"));
}

#[test]
fn issue_14_vertical_columns_read_right_to_left_in_one_sentence() {
    let pdf = folder().join("tategaki.pdf");
    let path = pdf.to_str().expect("utf-8");
    let (doc, _) = shisaku_json(&["parse", path, "--format", "json", "-q"]);
    let records = doc["records"].as_array().expect("records");
    assert_eq!(records.len(), 1, "{doc}");
    let p = &records[0];
    assert_eq!(p["id"], "tategaki/p1-1");
    assert_eq!(p["kind"], "passage");
    assert!(p["field"].is_null() && p["item_no"].is_null());
    assert!(p["source"]["bbox"].is_object());
    // The folio is furniture; the two paragraphs are one each, in reading order.
    assert_eq!(
        p["text"],
        "むらだより　令和６年４月号\n発行　山辺村総務課\n\
         本村の総合戦略は、人口減少に歯止めをかけ、地域の活力を維持するための計画です。\n\
         また、移住定住の促進と子育て支援を重点施策として位置付けます。"
    );
    assert_eq!(doc["coverage"]["textless_pages"], serde_json::json!([2]));
    let out = shisaku(&["extract", path]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "本村の総合戦略は、人口減少に歯止めをかけ、地域の活力を維持するための計画です。"
        ),
        "{text}"
    );
    // The 官報 page: the title column comes before the body columns to its left.
    let kampo = folder().join("kampo.pdf");
    let out = shisaku(&["extract", kampo.to_str().expect("utf-8")]);
    let text = String::from_utf8_lossy(&out.stdout);
    let title = text.find("政令第百四十九号").expect("title");
    let body = text
        .find("内閣は、道路交通法の一部を改正する法律")
        .expect("body");
    assert!(title < body, "{text}");
}

#[test]
fn issue_14_passage_hits_and_record_page_in_the_browser() {
    let (index, _) = ingest_folder("serve");
    let server = Server::start_with(&index, &folder());
    let page = server
        .get(&format!("/?q={}", enc("データ人材フレームワーク")))
        .text();
    assert!(page.contains("本文"), "kind label");
    assert!(
        page.contains("cio-dp2021-06.pdf"),
        "document of the passage"
    );
    let res = server.json(&format!("/api/search?q={}", enc("平本健二")), 200);
    let id = res["hits"][0]["id"].as_str().expect("a hit").to_string();
    assert_eq!(id, "cio-dp2021-06/p1-1");
    let record = server.get(&format!("/records/{id}")).text();
    assert!(
        record.contains("平本健二"),
        "passage text on the record page"
    );
    assert!(record.contains("page-svg"), "page image");
    let _ = std::fs::remove_dir_all(index.parent().expect("dir"));
}

#[test]
fn issue_14_plan_records_outrank_passages_that_repeat_them() {
    let index = crate::serve::corpus_index();
    // Item headings are passages (text outside the cards); the records of the
    // item come first, the heading still shows further down.
    for q in [
        "市町村行政の情報化",
        "ＩＣＴ人材の育成・確保",
        "エネルギー対策と公害の防止",
    ] {
        let res = search(index, &[q]);
        let hits = res["hits"].as_array().expect("hits");
        assert_ne!(hits[0]["kind"], "passage", "{q}: {res}");
        let first_passage = hits.iter().position(|h| h["kind"] == "passage");
        let last_record = hits.iter().rposition(|h| h["kind"] != "passage");
        assert!(first_passage.is_some(), "{q}: the heading is found too");
        assert!(first_passage > last_record, "{q}: {res}");
    }
}

/// A PDF of `pages` pages without any text (a scan without OCR).
fn textless_pdf(pages: usize) -> Vec<u8> {
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 3 + i)).collect();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            kids.join(" ")
        ),
    ];
    for _ in 0..pages {
        objects.push("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_string());
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn issue_14_a_scan_without_text_is_reported_plainly() {
    let dir = temp_dir("scan");
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).expect("docs");
    std::fs::write(docs.join("scan.pdf"), textless_pdf(2)).expect("write");
    std::fs::copy(folder().join("tategaki.pdf"), docs.join("tategaki.pdf")).expect("copy");
    let index = dir.join("index");
    let out = shisaku(&[
        "ingest",
        docs.to_str().expect("utf-8"),
        "--index",
        index.to_str().expect("utf-8"),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(2), "completed with errors");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(report["indexed"], 1, "{report}");
    let error = report["errors"][0]["error"].as_str().unwrap_or_default();
    assert!(report["errors"][0]["file"]
        .as_str()
        .unwrap_or("")
        .ends_with("scan.pdf"));
    assert!(error.contains("text layer"), "{error}");
    let (doc, _) = shisaku_json(&[
        "parse",
        docs.join("scan.pdf").to_str().expect("utf-8"),
        "--format",
        "json",
        "-q",
    ]);
    assert_eq!(doc["coverage"]["textless_pages"], serde_json::json!([1, 2]));
    let _ = std::fs::remove_dir_all(&dir);
}
