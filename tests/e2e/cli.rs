//! Every subcommand end to end on the shipped corpus (issue #2 acceptance).

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;

use crate::common::{root, shisaku, shisaku_json};

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("shisaku-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn search_json(index: &str, args: &[&str]) -> Value {
    let mut all = vec!["search", "--index", index, "--json"];
    all.extend_from_slice(args);
    shisaku_json(&all).0
}

#[test]
fn ingest_then_search_finds_both_editions() {
    let dir = temp_dir("ingest");
    let index = dir.join("index");
    let idx = index.to_str().expect("utf-8");
    let out = shisaku(&["ingest", "corpus", "--index", idx, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(report["files_seen"], 2);
    assert_eq!(report["indexed"], 2);
    assert_eq!(report["failed"], 0);
    // 103 plan records, and passages for the text outside them (headings, table heads).
    let passages: u64 = report["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| d["passages"].as_u64().expect("passages"))
        .sum();
    assert_eq!(report["records_added"].as_u64(), Some(103 + passages));
    for d in report["documents"].as_array().expect("documents") {
        assert_eq!(d["passage_pages"], 0, "{d}");
        assert_eq!(d["record_pages"], d["pages"], "{d}");
    }

    for q in ["防災", "クラウド"] {
        let resp = search_json(idx, &[q, "--limit", "50"]);
        let editions: BTreeSet<&str> = resp["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .filter_map(|h| h["edition"].as_str())
            .collect();
        assert!(
            editions.contains("ict2014") && editions.contains("it2013"),
            "{q}: editions {editions:?}"
        );
        assert!(resp["total"].as_u64().unwrap_or(0) >= 2);
        // Every hit mentions the query, or a synonym it was expanded to,
        // in what the hit shows (title, snippet, departments, 分野/項目,
        // indicator), and that mention is marked in the title or snippet
        // unless it lies in one of the other parts.
        let words: Vec<String> = shisaku::query::Synonyms::builtin()
            .group(q)
            .map_or_else(|| vec![q.to_string()], <[String]>::to_vec);
        for h in resp["hits"].as_array().expect("hits") {
            assert!(h["id"].is_string() && h["score"].is_number() && h["title"].is_string());
            let shown = h.to_string();
            assert!(
                words.iter().any(|w| shown.contains(w.as_str())),
                "{q}: hit {} mentions none of {words:?}: {shown}",
                h["id"]
            );
            let marked = |v: &Value| v.as_array().is_some_and(|a| !a.is_empty());
            let in_title_or_snippet = [&h["title"], &h["snippet"]["text"]].iter().any(|t| {
                words
                    .iter()
                    .any(|w| t.as_str().unwrap_or("").contains(w.as_str()))
            });
            if in_title_or_snippet {
                assert!(
                    marked(&h["title_marks"]) || marked(&h["snippet"]["marks"]),
                    "{q}: hit {} mentions the query but marks nothing",
                    h["id"]
                );
            }
        }
        assert!(resp["facets"].is_object());
    }
    let cloud = search_json(idx, &["クラウド"]);
    assert_eq!(
        cloud["hits"][0]["id"], "ict2014/2-3-3",
        "best クラウド hit is the shared-cloud card"
    );

    // Text output shows the title and a marked snippet.
    let out = shisaku(&["search", "クラウド", "--index", idx, "--limit", "3"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("市町村業務システムの共同クラウド化の推進"),
        "{text}"
    );
    assert!(text.contains("【クラウド】"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn search_builds_a_missing_index_from_corpus() {
    let dir = temp_dir("autobuild");
    let index = dir.join("fresh-index");
    let out = shisaku(&[
        "search",
        "防災",
        "--index",
        index.to_str().expect("utf-8"),
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("building it from corpus/"));
    let resp: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(resp["total"].as_u64().unwrap_or(0) > 0);
    assert!(index.join("meta.json").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_broken_pdf_does_not_spoil_the_batch() {
    let dir = temp_dir("broken");
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).expect("docs");
    std::fs::copy(root().join("corpus/it2013.pdf"), docs.join("it2013.pdf")).expect("copy");
    std::fs::write(docs.join("empty.pdf"), b"").expect("write");
    std::fs::write(docs.join("notes.PDF"), b"this is not a pdf").expect("write");
    let index = dir.join("index");
    let out = shisaku(&[
        "ingest",
        docs.to_str().expect("utf-8"),
        "--index",
        index.to_str().expect("utf-8"),
        "--json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "completed with errors: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["files_seen"], 3);
    assert_eq!(report["indexed"], 1);
    assert_eq!(report["failed"], 2);
    let errors = report["errors"].as_array().expect("errors");
    assert!(errors
        .iter()
        .any(|e| e["file"].as_str().unwrap_or("").ends_with("empty.pdf")
            && e["error"].as_str().unwrap_or("").contains("empty")));
    assert!(errors
        .iter()
        .any(|e| e["file"].as_str().unwrap_or("").ends_with("notes.PDF")
            && e["error"].as_str().unwrap_or("").contains("not a PDF")));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("empty.pdf"), "{stderr}");
    let idx = index.to_str().expect("utf-8");
    let resp = search_json(idx, &["", "--limit", "100", "--filter", "kind=initiative"]);
    assert_eq!(resp["total"], 41, "all it2013 records indexed");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn extract_prints_pages_separated_by_form_feed() {
    let out = shisaku(&["extract", "corpus/ict2014.pdf", "--pages", "2-3"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches('\x0c').count(), 1);
    assert!(text.contains("総合行政ネットワーク（LGWAN)の運用"));
    let json = shisaku(&[
        "extract",
        "corpus/ict2014.pdf",
        "--pages",
        "2",
        "--format",
        "json",
    ]);
    let pages: Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(pages[0]["number"], 2);
    assert!(pages[0]["runs"].as_array().map_or(0, Vec::len) > 50);
    assert!(pages[0]["rules"].as_array().map_or(0, Vec::len) > 20);
}

#[test]
fn bad_input_is_a_clear_error_not_a_panic() {
    let dir = temp_dir("bad");
    let bad = dir.join("garbage.pdf");
    std::fs::write(&bad, b"%PDF-1.4\n garbage garbage").expect("write");
    for cmd in ["extract", "parse"] {
        let out = shisaku(&[cmd, bad.to_str().expect("utf-8")]);
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("garbage.pdf"), "{cmd}: {err}");
        assert!(!err.contains("panicked"), "{cmd}: {err}");
    }
    let out = shisaku(&["parse", "does-not-exist.pdf"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does-not-exist.pdf"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn parse_json_has_edition_pages_and_records() {
    let out = shisaku(&["parse", "corpus/it2013.pdf", "--format", "json"]);
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["edition"]["id"], "it2013");
    assert_eq!(
        doc["edition"]["title"],
        "みやぎＩＴ推進プラン２０１３（復興に向けた取組編）"
    );
    assert_eq!(
        doc["edition"]["fiscal_years"],
        serde_json::json!([2011, 2013])
    );
    assert_eq!(doc["pages"].as_array().map_or(0, Vec::len), 3);
    assert_eq!(doc["unplaced"].as_array().map_or(0, Vec::len), 2);
}
