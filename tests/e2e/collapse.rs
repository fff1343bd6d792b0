//! Issue #17: one result per initiative (`--collapse lineage`,
//! `collapse=lineage`) and related initiatives on `/api/records/{id}`.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::common::shisaku_json;
use crate::lineage::{corpus_index, EXPECTED};
use crate::serve::Server;

/// The (oldest, newest) edition ids of every hit carrying two editions,
/// checking each is it2013 → ict2014.
fn two_edition_groups(hits: &[Value]) -> BTreeSet<(String, String)> {
    hits.iter()
        .filter_map(|h| h["editions"].as_array().filter(|e| e.len() > 1))
        .map(|eds| {
            assert_eq!(eds.len(), 2, "{eds:?}");
            assert_eq!(eds[0]["edition"], "it2013", "oldest first: {eds:?}");
            assert_eq!(eds[1]["edition"], "ict2014", "{eds:?}");
            for e in eds {
                for k in ["edition", "id", "title", "page"] {
                    assert!(e.get(k).is_some(), "edition without {k}: {e}");
                }
            }
            (
                eds[0]["id"].as_str().unwrap().to_string(),
                eds[1]["id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn expected() -> BTreeSet<(String, String)> {
    EXPECTED
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn issue_17_cli_collapse_lineage_gives_one_result_per_continued_initiative() {
    let index = corpus_index().to_str().expect("utf-8 path");
    let (plain, _) = shisaku_json(&["search", "--limit", "1000", "--json", "--index", index]);
    let (v, _) = shisaku_json(&[
        "search",
        "--collapse",
        "lineage",
        "--limit",
        "1000",
        "--json",
        "--index",
        index,
    ]);
    let records = plain["total"].as_u64().unwrap();
    assert_eq!(v["total_records"].as_u64(), Some(records));
    assert_eq!(v["total"].as_u64(), Some(records - EXPECTED.len() as u64));
    assert_eq!(v["facet_unit"], "record");
    assert_eq!(v["collapse"], "lineage");
    for facet in ["edition", "kind", "lineage"] {
        assert_eq!(
            v["facets"][facet], plain["facets"][facet],
            "{facet} counts records"
        );
    }
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len() as u64, records - EXPECTED.len() as u64);
    assert_eq!(two_edition_groups(hits), expected());
    // A group's result is one of its editions, and no edition is shown twice.
    let mut seen = BTreeSet::new();
    for h in hits {
        let eds: Vec<&str> = h["editions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        assert!(eds.contains(&h["id"].as_str().unwrap()), "{h}");
        for id in eds {
            assert!(seen.insert(id.to_string()), "{id} twice");
        }
    }
    // A renamed initiative says what changed between its editions.
    let renamed = hits
        .iter()
        .find(|h| h["editions"][0]["id"] == "it2013/4-6-1")
        .expect("市町村クラウド導入等支援事業's group");
    let change = &renamed["editions"][1]["changes"]["title"];
    assert_eq!(change["from"], renamed["editions"][0]["title"], "{renamed}");
    assert_eq!(change["to"], renamed["editions"][1]["title"], "{renamed}");
    assert!(renamed["editions"][0].get("changes").is_none());
    // Without collapsing nothing changes: no editions on hits.
    assert!(plain["hits"][0].get("editions").is_none());
    assert_eq!(plain["total_records"], plain["total"]);
}

#[test]
fn issue_17_api_collapse_pages_over_groups_and_records_have_related() {
    let server = Server::start(corpus_index());
    let first = server.json("/api/search?collapse=lineage&limit=100", 200);
    let total = first["total"].as_u64().unwrap();
    assert_eq!(
        total + EXPECTED.len() as u64,
        first["total_records"].as_u64().unwrap()
    );
    let rest = server.json("/api/search?collapse=lineage&limit=100&offset=100", 200);
    let mut hits = first["hits"].as_array().unwrap().clone();
    hits.extend(rest["hits"].as_array().unwrap().iter().cloned());
    assert_eq!(hits.len() as u64, total, "paging counts groups");
    assert_eq!(two_edition_groups(&hits), expected());
    // A query: 共同クラウド finds both editions of one initiative as one result.
    let q = server.json(
        "/api/search?q=%E5%85%B1%E5%90%8C%E3%82%AF%E3%83%A9%E3%82%A6%E3%83%89&collapse=lineage",
        200,
    );
    let ids: Vec<&str> = q["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids.iter()
            .filter(|i| **i == "ict2014/2-3-3" || **i == "it2013/4-6-1")
            .count(),
        1,
        "{ids:?}"
    );
    assert_eq!(server.get("/api/search?collapse=sideways").status, 400);

    // Related initiatives: other editions only, scored, its own links left out.
    let r = server.json("/api/records/ict2014/2-3-3", 200);
    let related = r["related"].as_array().expect("related");
    assert!(!related.is_empty() && related.len() <= 5, "{related:?}");
    let mut last = f64::INFINITY;
    for x in related {
        assert_ne!(x["edition"], "ict2014", "{x}");
        assert_ne!(
            x["id"], "it2013/4-6-1",
            "its predecessor is shown as lineage"
        );
        let s = x["score"].as_f64().unwrap();
        assert!(s > 0.0 && s <= last, "{related:?}");
        last = s;
        assert!(!x["title"].as_str().unwrap().is_empty());
        assert!(!x["evidence"].as_array().unwrap().is_empty(), "{x}");
    }
    let page = server.get("/records/ict2014/2-3-3").text();
    assert!(
        page.contains("id=\"related\""),
        "record page lists related initiatives"
    );
}
