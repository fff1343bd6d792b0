//! Indicator values as numbers (issue #9): numeric filters, indicator sorts
//! and the unit facet on the shipped corpus, from the CLI and over HTTP; and
//! an index written with another schema rebuilt without losing its files.
//!
//! Expected values are read off the gold records by hand: the targets of at
//! least 1000 are 2,940億円 (5-1-1), 5,000件 (3-1-5), 2,500件（許可業者の70%）
//! (3-1-6) and 2,000施設 (4-1-1).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{gold, root, shisaku, shisaku_json};
use crate::serve::{corpus_index, counts, enc, ids, Server};

/// Targets of at least 1000, largest first.
const BIG_TARGETS: [&str; 4] = [
    "ict2014/5-1-1",
    "ict2014/3-1-5",
    "ict2014/3-1-6",
    "ict2014/4-1-1",
];

fn search(args: &[&str]) -> Value {
    let index = corpus_index().to_str().expect("utf-8");
    let mut all = vec!["search", "--index", index, "--json", "--limit", "100"];
    all.extend_from_slice(args);
    shisaku_json(&all).0
}

#[test]
fn cli_filters_and_sorts_by_target() {
    let res = search(&["--filter", "indicator.target>=1000", "--sort", "target"]);
    assert_eq!(ids(&res), BIG_TARGETS);
    assert_eq!(res["sort"], "target");
    assert!(res["warnings"].as_array().expect("warnings").is_empty());
    // A unit narrows it to the 件 targets; ascending reverses the order.
    let res = search(&["--filter", "target>=1000件", "--sort", "target_asc"]);
    assert_eq!(ids(&res), ["ict2014/3-1-6", "ict2014/3-1-5"]);
    // Inline in the query, with a word (3-1-5 mentions 施設 in its summary).
    let res = search(&["施設 indicator.target>=1000", "--sort", "target"]);
    assert_eq!(ids(&res), ["ict2014/3-1-5", "ict2014/4-1-1"]);
    // The text output shows the indicator of each hit.
    let index = corpus_index().to_str().expect("utf-8");
    let out = shisaku(&[
        "search",
        "--index",
        index,
        "-f",
        "indicator.target>=1000",
        "--sort",
        "target",
        "--limit",
        "1",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("目標値 2,940億円"), "{text}");
    // A value that is no number is refused (#19: it used to be a warning).
    let out = shisaku(&[
        "search",
        "",
        "--index",
        corpus_index().to_str().expect("utf-8"),
        "--filter",
        "indicator.target>=many",
    ]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn unit_facet_counts_match_the_gold_indicators() {
    let res = search(&["--filter", "indicator=true"]);
    let indicators = ["ict2014", "it2013"]
        .into_iter()
        .flat_map(gold)
        .filter(|r| r["indicators"].as_array().is_some_and(|l| !l.is_empty()))
        .count();
    assert_eq!(res["total"].as_u64(), Some(indicators as u64));
    let got: BTreeMap<String, u64> = counts(&res["facets"]["unit"]).into_iter().collect();
    // Units of each gold indicator's current and target values, read by hand.
    let expected: BTreeMap<String, u64> = [
        ("件", 4),
        ("人", 3),
        ("グループ", 1),
        ("校", 1),
        ("施設", 1),
        ("分", 1),
        ("円", 1),
        ("名", 1),
    ]
    .into_iter()
    .map(|(u, n)| (u.to_string(), n))
    .collect();
    assert_eq!(got, expected);
}

#[test]
fn http_api_and_page_filter_and_sort_by_indicator_values() {
    let server = Server::start(corpus_index());
    let path = format!(
        "/api/search?filter={}&sort=target&limit=20",
        enc("indicator.target>=1000")
    );
    let res = server.json(&path, 200);
    assert_eq!(ids(&res), BIG_TARGETS);
    assert_eq!(res["hits"][0]["indicator"]["target"]["value"], "2,940億円");
    let bad = server.get("/api/search?sort=targets");
    assert_eq!(bad.status, 400);
    // The page offers the target sorts, shows each hit's indicator and a
    // chip for the comparison whose link removes it.
    let page = server
        .get(&format!(
            "/?filter={}&sort=target",
            enc("indicator.target>=1000")
        ))
        .text();
    assert!(page.contains("目標値の大きい順"), "sort link");
    assert!(page.contains("現状値 <b>2,740億円</b>"), "indicator line");
    assert!(page.contains("目標値 ≥ 1000"), "chip");
    let first = page.find("ict2014/5-1-1").expect("5-1-1 listed");
    let last = page.find("ict2014/4-1-1").expect("4-1-1 listed");
    assert!(first < last, "largest target first");
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("indicators-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Writes a tantivy index with a one-field schema (as an older shisaku would
/// have a schema of its own) whose commit payload is a manifest naming `held`.
fn old_schema_index(dir: &Path, held: &Path) {
    use tantivy::schema::{Schema, STORED, STRING};
    let mut builder = Schema::builder();
    let id = builder.add_text_field("id", STRING | STORED);
    let index = tantivy::Index::create_in_dir(dir, builder.build()).expect("create");
    let mut writer: tantivy::IndexWriter = index.writer(15_000_000).expect("writer");
    writer
        .add_document(tantivy::doc!(id => "ict2014/2-3-3"))
        .expect("add");
    let held = std::fs::canonicalize(held).expect("held file");
    let manifest = serde_json::json!({
        "version": 1,
        "ingested_at": "2026-01-01T00:00:00Z",
        "files": {
            held.display().to_string(): {
                "hash": "0", "size": 0, "edition": "ict2014", "records": ["ict2014/2-3-3"], "pages": 1
            }
        }
    });
    let mut commit = writer.prepare_commit().expect("prepare");
    commit.set_payload(&manifest.to_string());
    commit.commit().expect("commit");
}

#[test]
fn an_index_of_another_schema_is_rebuilt_with_the_files_it_held() {
    let dir = temp_dir("stale");
    let index = dir.join("index");
    std::fs::create_dir_all(&index).expect("index dir");
    old_schema_index(&index, &root().join("corpus/ict2014.pdf"));
    // Ingest only it2013: ict2014, which the old index held, comes along.
    let only = dir.join("only");
    std::fs::create_dir_all(&only).expect("dir");
    std::fs::copy(root().join("corpus/it2013.pdf"), only.join("it2013.pdf")).expect("copy");
    let (report, _) = shisaku_json(&[
        "ingest",
        only.to_str().expect("utf-8"),
        "--index",
        index.to_str().expect("utf-8"),
        "--json",
    ]);
    assert_eq!(report["files_seen"], 2);
    assert_eq!(report["records_added"], crate::common::CORPUS_RECORDS);
    let warnings = report["warnings"].to_string();
    assert!(warnings.contains("another version"), "{warnings}");

    // `search` on a stale index rebuilds it from the files it held.
    let index2 = dir.join("index2");
    std::fs::create_dir_all(&index2).expect("index dir");
    old_schema_index(&index2, &root().join("corpus/ict2014.pdf"));
    let (res, stderr) = shisaku_json(&[
        "search",
        "クラウド",
        "--index",
        index2.to_str().expect("utf-8"),
        "--json",
        "-f",
        "edition=ict2014",
    ]);
    assert_eq!(res["hits"][0]["id"], "ict2014/2-3-3");
    assert!(stderr.contains("another version"));
    let _ = std::fs::remove_dir_all(&dir);
}
