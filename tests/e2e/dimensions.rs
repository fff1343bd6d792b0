//! Issue #16: a facet added to the dimension registry alone reaches every
//! reader. The `quality` facet (declared only in `src/dimension/defs.rs`)
//! shows in the CLI's `--json` facets, the API, the page sidebar, and the
//! CSV and OpenSearch exports.

use serde_json::Value;
use shisaku::export::{csv, opensearch};
use shisaku::index::SearchIndex;
use shisaku::plan::{Record, RecordKind};
use shisaku::query::{Filter, SearchRequest};

use crate::common::shisaku_json;
use crate::serve::{corpus_index, counts, Server};

fn record(id: &str, quality: Option<&str>) -> Record {
    let mut r = Record::empty(id.into(), "e2020".into(), RecordKind::Topic, 1);
    r.title = format!("題名 {id}");
    r.text = Some("本文".into());
    r.quality = quality.map(str::to_string);
    r
}

#[test]
fn issue_16_quality_facet_counts_filters_and_exports() {
    let records = [
        record("e2020/1", None),
        record("e2020/2", Some(Record::DAMAGED)),
        record("e2020/3", Some(Record::OCR)),
    ];
    let index = SearchIndex::in_memory(&records).expect("index");
    let res = index.search(&SearchRequest::new("")).expect("search");
    let json = serde_json::to_value(&res).expect("JSON");
    assert_eq!(
        counts(&json["facets"]["quality"]),
        [
            ("damaged".to_string(), 1),
            ("ocr".to_string(), 1),
            ("ok".to_string(), 1)
        ]
    );
    for (value, id) in [("damaged", "e2020/2"), ("ocr", "e2020/3")] {
        let mut req = SearchRequest::new("");
        req.filters.push(
            format!("quality={value}")
                .parse::<Filter>()
                .expect("a filter"),
        );
        let res = index.search(&req).expect("search");
        assert_eq!(res.total, 1, "{value}");
        assert_eq!(res.hits[0].id, id);
        assert_eq!(res.hits[0].quality, value);
    }
    assert_eq!(
        shisaku::dimension::QUALITY
            .facet
            .as_ref()
            .map(|f| (f.show)("ocr", None)),
        Some("OCR テキスト".to_string())
    );

    let header = csv::columns();
    assert_eq!(header.last(), Some(&"quality"));
    assert_eq!(
        csv::record_row(&records[1]).last().map(String::as_str),
        Some("damaged")
    );
    assert_eq!(csv::record_row(&records[0]).len(), header.len());
    let doc = opensearch::document(&records[0], None).expect("document");
    assert_eq!(doc["quality"], serde_json::json!(["ok"]));
}

#[test]
fn issue_16_quality_facet_in_cli_api_and_sidebar() {
    let index = corpus_index();
    let (res, _) = shisaku_json(&[
        "search",
        "--index",
        index.to_str().expect("utf-8"),
        "--json",
    ]);
    let total = res["total"].as_u64().expect("total");
    // The shipped corpus extracts cleanly: every record is ok.
    assert_eq!(
        counts(&res["facets"]["quality"]),
        [("ok".to_string(), total)]
    );

    let server = Server::start(index);
    let facets: Value = server.json("/api/facets", 200);
    assert_eq!(
        counts(&facets["facets"]["quality"]),
        [("ok".to_string(), total)]
    );
    let page = server.get("/").text();
    assert!(page.contains("data-facet=\"quality\""), "sidebar section");
    assert!(
        page.contains("抽出品質") && page.contains("問題なし"),
        "label and value"
    );
}
