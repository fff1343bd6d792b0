//! Issue #9: lineage across editions. `diff --from it2013 --to ict2014` must
//! find the initiatives that continue, measured against pairs read by hand
//! from the gold records of both documents; `show` must carry the links.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::Value;

use crate::common::{gold, root, shisaku, shisaku_json};

/// Continued pairs read from the gold records, each checked by title and
/// summary (same system, same service, or the same website).
pub const EXPECTED: &[(&str, &str)] = &[
    // 宮城県放射線・放射能に関するポータルサイトの運営 (same title)
    ("it2013/1-3-1", "ict2014/3-1-3"),
    // みやぎ医療福祉情報ネットワーク構築事業 (same title)
    ("it2013/2-2-1", "ict2014/4-1-1"),
    // みやぎ被災聴覚障害者情報支援センターの運営 → 宮城県聴覚障害者支援センター（仮称）及び… (renamed, extended)
    ("it2013/2-2-2", "ict2014/4-2-2"),
    // 民間賃貸住宅借上げシステムの運用 (same title)
    ("it2013/2-2-3", "ict2014/4-2-4"),
    // 民間投資促進特区（ＩＴ産業版）等の活用による企業集積の促進 (same title)
    ("it2013/3-1-u2", "ict2014/5-1-6"),
    // スマートフォンテストラボみやぎによるコンテンツデザイン産業の支援 (same title)
    ("it2013/3-2-u1", "ict2014/5-3-3"),
    // みやぎ観光復興支援センターの運営におけるＩＴの活用 → site: …スタッフブログ (same summary)
    ("it2013/3-2-u4", "ict2014/site/5-4-3"),
    // みやぎ復興人材ネットワーク事業【ＨＰ】 → site: みやぎ復興人材ネットワーク事業
    ("it2013/4-1-u2.5", "ict2014/site/5-4-4"),
    // 市町村クラウド導入等支援事業 → 市町村業務システムの共同クラウド化の推進: both work
    // through the 自治体クラウド専門部会 towards shared cloud procurement
    ("it2013/4-6-1", "ict2014/2-3-3"),
];

/// Pairs a reader could argue either way; a predicted one is neither a hit
/// nor a false positive.
const DEBATABLE: &[(&str, &str)] = &[
    // ＩＴ商品販売・導入支援の推進 → ＩＴ商品トライアル導入促進事業の推進 (the
    // 2014 overview names 「商品販売・導入支援」 as the earlier pillar)
    ("it2013/3-1-u1", "ict2014/5-1-1"),
    // 震災等緊急雇用創出事業 (組込みソフトウェア, コールセンター training) → training cards
    ("it2013/5-3-1", "ict2014/5-2-2"),
    ("it2013/5-3-1", "ict2014/5-2-1"),
    // ネット被害未然防止対策 (school net patrol) → 青少年のインターネット安全利用
    ("it2013/5-2-2", "ict2014/3-2-2"),
];

/// An index of the shipped corpus, built once per test run in a temporary
/// directory (shared with the export tests).
pub fn corpus_index() -> &'static PathBuf {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("shisaku-e2e-lineage-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let corpus = root().join("corpus");
        let out = shisaku(&[
            "ingest",
            corpus.to_str().expect("utf-8 path"),
            "--index",
            dir.to_str().expect("utf-8 path"),
            "-q",
        ]);
        assert!(
            out.status.success(),
            "ingest failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    })
}

fn index_arg() -> &'static str {
    corpus_index().to_str().expect("utf-8 path")
}

fn diff_json() -> Value {
    shisaku_json(&[
        "diff",
        "--from",
        "it2013",
        "--to",
        "ict2014",
        "--json",
        "--index",
        index_arg(),
    ])
    .0
}

#[test]
fn issue_9_diff_finds_continued_initiatives() {
    let d = diff_json();
    let keys: BTreeSet<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, BTreeSet::from(["continued", "dropped", "new"]));
    let predicted: BTreeSet<(String, String)> = d["continued"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            for k in ["from", "to", "score", "evidence", "changes"] {
                assert!(c.get(k).is_some(), "continued entry without {k}: {c}");
            }
            (
                c["from"].as_str().unwrap().to_string(),
                c["to"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String)> = EXPECTED
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let debatable: BTreeSet<(String, String)> = DEBATABLE
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let hits = predicted.intersection(&expected).count();
    let judged = predicted.difference(&debatable).count();
    let recall = hits as f64 / expected.len() as f64;
    let precision = if judged == 0 {
        1.0
    } else {
        hits as f64 / judged as f64
    };
    println!("predicted ({}):", predicted.len());
    for (a, b) in &predicted {
        let mark = if expected.contains(&(a.clone(), b.clone())) {
            "ok"
        } else if debatable.contains(&(a.clone(), b.clone())) {
            "debatable"
        } else {
            "WRONG"
        };
        println!("  {a} → {b}  {mark}");
    }
    for (a, b) in expected.difference(&predicted) {
        println!("  missed: {a} → {b}");
    }
    println!("precision {precision:.2}, recall {recall:.2}");
    assert!(recall >= 0.8, "recall {recall:.2}");
    assert!(precision >= 0.8, "precision {precision:.2}");

    // Every candidate of each edition is either continued or new/dropped.
    let count = |doc: &str| {
        gold(doc)
            .iter()
            .filter(|r| matches!(r["kind"].as_str(), Some("initiative" | "site")))
            .count()
    };
    let n = |k: &str| d[k].as_array().map_or(0, Vec::len);
    assert_eq!(n("continued") + n("dropped"), count("it2013"));
    assert_eq!(n("continued") + n("new"), count("ict2014"));
}

#[test]
fn issue_9_diff_reports_changes_and_evidence() {
    let d = diff_json();
    let find = |from: &str| {
        d["continued"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["from"] == from)
            .cloned()
            .unwrap_or_else(|| panic!("{from} not continued: {d}"))
    };
    let renamed = find("it2013/2-2-2");
    assert!(renamed["changes"]["title"]["to"]
        .as_str()
        .unwrap()
        .starts_with("宮城県聴覚障害者支援センター"));
    let same = find("it2013/2-2-3");
    assert!(same["changes"].get("title").is_none());
    assert!(same["changes"]["schedule"].is_object());
    assert!(same["evidence"]
        .as_array()
        .unwrap()
        .contains(&Value::from("題名の一致度 1.00")));
    let cross = find("it2013/4-1-u2.5");
    assert_eq!(cross["changes"]["kind"]["to"], "site");
}

#[test]
fn issue_9_show_carries_lineage_and_location() {
    let (v, _) = shisaku_json(&["show", "ict2014/4-2-4", "--json", "--index", index_arg()]);
    assert_eq!(v["record"]["title"], "民間賃貸住宅借上げシステムの運用");
    assert_eq!(v["lineage"]["predecessors"][0]["id"], "it2013/2-2-3");
    assert_eq!(v["lineage"]["status"], serde_json::json!(["continued"]));
    assert!(v["location"]["file"]
        .as_str()
        .unwrap()
        .ends_with("ict2014.pdf"));
    assert!(v["location"]["page"].as_u64().unwrap() >= 1);

    let text = shisaku(&["show", "it2013/2-2-3", "--index", index_arg()]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("successor: ict2014/4-2-4"), "{text}");

    let missing = shisaku(&["show", "ict2014/9-9-9", "--index", index_arg()]);
    assert!(!missing.status.success());
}

#[test]
fn issue_9_diff_rejects_unknown_editions() {
    let out = shisaku(&[
        "diff",
        "--from",
        "it2013",
        "--to",
        "xx2099",
        "--index",
        index_arg(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("xx2099"));
}

/// Counts of the lineage facet (continued/new/carried/dropped) of the index in `dir`.
fn lineage_facet(
    dir: &std::path::Path,
    filters: &[&str],
) -> std::collections::BTreeMap<String, u64> {
    let mut args = vec!["search", "--index", dir.to_str().expect("utf-8"), "--json"];
    for f in filters {
        args.extend_from_slice(&["--filter", f]);
    }
    let (v, _) = shisaku_json(&args);
    crate::serve::counts(&v["facets"]["lineage"])
        .into_iter()
        .collect()
}

#[test]
fn issue_9_lineage_is_stored_with_the_records_and_counted_as_a_facet() {
    // Both directions are stored: what diff reports equals the facet counts.
    let d = diff_json();
    let continued = d["continued"].as_array().expect("continued").len() as u64;
    let new = d["new"].as_array().expect("new").len() as u64;
    let dropped = d["dropped"].as_array().expect("dropped").len() as u64;
    let counts = lineage_facet(corpus_index(), &[]);
    assert_eq!(counts.get("continued"), Some(&continued));
    assert_eq!(counts.get("carried"), Some(&continued));
    assert_eq!(counts.get("new"), Some(&new));
    assert_eq!(counts.get("dropped"), Some(&dropped));
    // "What is new in ict2014" is a filter, in English or Japanese.
    let out = shisaku(&[
        "search",
        "--index",
        index_arg(),
        "--json",
        "--limit",
        "100",
        "--filter",
        "edition=ict2014",
        "--filter",
        "lineage=新規",
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let ids: BTreeSet<String> = v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["id"].as_str().unwrap_or_default().to_string())
        .collect();
    let expected: BTreeSet<String> = d["new"]
        .as_array()
        .expect("new")
        .iter()
        .map(|i| i.as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(ids, expected);
}

#[test]
fn issue_9_lineage_links_editions_of_one_issuer_only() {
    // it2013 ingested as another body's plan: no link crosses issuers.
    let dir = std::env::temp_dir().join(format!("shisaku-e2e-issuers-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let idx = dir.to_str().expect("utf-8");
    let ingest = |file: &str, extra: &[&str]| {
        let mut args = vec!["ingest", file, "--index", idx, "-q"];
        args.extend_from_slice(extra);
        let out = shisaku(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    ingest("corpus/it2013.pdf", &["--issuer", "仙台市"]);
    ingest("corpus/ict2014.pdf", &[]);
    // Each issuer has one edition: no links, no statuses.
    assert!(lineage_facet(&dir, &[]).is_empty());
    // The issuer is a facet of every record, and a filter.
    let (all, _) = shisaku_json(&["search", "--index", idx, "--json"]);
    let issuers: std::collections::BTreeMap<String, u64> =
        crate::serve::counts(&all["facets"]["issuer"])
            .into_iter()
            .collect();
    let expected: std::collections::BTreeMap<String, u64> = [
        ("仙台市".to_string(), 41 + crate::common::IT2013_PASSAGES),
        ("宮城県".to_string(), 62 + crate::common::ICT2014_PASSAGES),
    ]
    .into();
    assert_eq!(issuers, expected);
    let (sendai, _) = shisaku_json(&[
        "search",
        "--index",
        idx,
        "--json",
        "--filter",
        "issuer=仙台市",
        "--limit",
        "100",
    ]);
    assert_eq!(sendai["total"], 41 + crate::common::IT2013_PASSAGES);
    assert!(sendai["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .all(|h| h["edition"] == "it2013"));
    let (v, _) = shisaku_json(&["show", "ict2014/4-2-4", "--json", "--index", idx]);
    assert_eq!(v["lineage"]["predecessors"], serde_json::json!([]));
    // An explicit diff still compares them, and says they are two issuers' plans.
    let diff = shisaku(&[
        "diff", "--from", "it2013", "--to", "ict2014", "--index", idx,
    ]);
    assert!(diff.status.success());
    assert!(String::from_utf8_lossy(&diff.stderr).contains("仙台市"));
    let _ = std::fs::remove_dir_all(&dir);
}
