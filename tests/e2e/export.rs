//! Issue #9: exports. JSON Lines of everything equals `parse` of every corpus
//! PDF; CSV is Excel-ready (BOM, CRLF, a row per record); OpenSearch bulk
//! alternates action and document lines; the indicators table splits values.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

use crate::common::{parse_records, root, shisaku};
use crate::lineage::corpus_index;

fn index_arg() -> &'static str {
    corpus_index().to_str().expect("utf-8 path")
}

fn export(args: &[&str]) -> Vec<u8> {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--index", index_arg()]);
    let out = shisaku(&all);
    assert!(
        out.status.success(),
        "export {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Records by id, without `source`.
fn by_id(records: impl IntoIterator<Item = Value>) -> BTreeMap<String, Value> {
    records
        .into_iter()
        .map(|mut r| {
            if let Some(o) = r.as_object_mut() {
                o.remove("source");
            }
            (r["id"].as_str().unwrap_or_default().to_string(), r)
        })
        .collect()
}

fn corpus_pdfs() -> Vec<PathBuf> {
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(root().join("corpus"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    pdfs
}

#[test]
fn issue_9_jsonl_export_equals_parse_of_the_corpus() {
    let out = export(&["--format", "jsonl"]);
    let exported = by_id(
        String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).expect("a JSON line")),
    );
    let parsed = by_id(corpus_pdfs().iter().flat_map(|p| parse_records(p)));
    assert_eq!(exported.len(), parsed.len());
    for (id, want) in &parsed {
        assert_eq!(exported.get(id), Some(want), "record {id} differs");
    }
}

#[test]
fn issue_9_csv_has_bom_crlf_and_a_row_per_record() {
    let total: usize = corpus_pdfs().iter().map(|p| parse_records(p).len()).sum();
    let text = String::from_utf8(export(&["--format", "csv"])).unwrap();
    assert!(text.starts_with('\u{feff}'), "no BOM");
    assert!(text.ends_with("\r\n"));
    // Cells may hold LF (paragraphs) but never CRLF, so CRLF counts rows.
    assert_eq!(text.matches("\r\n").count(), total + 1);
    assert!(text.contains("県；市町村") || text.contains("；"));
    let header = text
        .trim_start_matches('\u{feff}')
        .split("\r\n")
        .next()
        .unwrap();
    assert!(header.starts_with("id,edition,kind,"));

    let filtered = String::from_utf8(export(&["--format", "csv", "-f", "edition=it2013"])).unwrap();
    let it2013 = 41 + crate::common::IT2013_PASSAGES as usize;
    assert_eq!(filtered.matches("\r\n").count(), it2013 + 1);
}

#[test]
fn issue_9_opensearch_bulk_alternates_and_template_is_written() {
    let dir = std::env::temp_dir().join(format!("shisaku-e2e-os-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bulk = dir.join("plans.ndjson");
    export(&["--format", "opensearch", "--out", bulk.to_str().unwrap()]);
    let text = std::fs::read_to_string(&bulk).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert!(!lines.is_empty() && lines.len().is_multiple_of(2));
    for pair in lines.chunks(2) {
        let id = pair[0]["index"]["_id"].as_str().expect("action line");
        assert_eq!(pair[0]["index"]["_index"], "shisaku");
        assert_eq!(pair[1]["id"], id, "document follows its action");
    }
    let template: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("plans.template.json")).unwrap())
            .unwrap();
    assert!(template["template"]["mappings"]["properties"]["title"].is_object());
    // #17: the template and bulk file pass OpenSearch's mapping rules as far
    // as they can be checked offline (every key mapped, types fit, analyzers
    // and normalizers defined, ids unique).
    let problems = shisaku::export::opensearch_check::check(&template, &text);
    assert!(problems.is_empty(), "{problems:#?}");
    // Lineage travels with the records: the 9 continued initiatives of the
    // shipped corpus name their predecessor and share its group, the
    // collapse key of one result per initiative there.
    let docs: Vec<&Value> = lines.iter().skip(1).step_by(2).collect();
    let continued: Vec<&&Value> = docs
        .iter()
        .filter(|d| {
            d["lineage"]["status"]
                .as_array()
                .is_some_and(|s| s.contains(&Value::from("continued")))
        })
        .collect();
    assert_eq!(continued.len(), 9);
    for d in &continued {
        let before = d["lineage"]["predecessors"][0]["id"]
            .as_str()
            .expect("predecessor");
        let group = d["lineage"]["group"].as_str().expect("group");
        let earlier = docs
            .iter()
            .find(|e| e["id"] == before)
            .expect("predecessor exported");
        assert_eq!(earlier["lineage"]["group"], group);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn issue_9_indicator_table_splits_numbers_and_units() {
    let text = String::from_utf8(export(&["--table", "indicators", "--format", "csv"])).unwrap();
    assert!(text.starts_with('\u{feff}'));
    assert_eq!(text.matches("\r\n").count(), 13 + 1);
    let row = text
        .split("\r\n")
        .find(|l| l.starts_with("ict2014/5-1-1,"))
        .expect("row of ict2014/5-1-1");
    assert!(row.contains(",\"2,740億円\",274000000000,円,"), "{row}");
    let jsonl = String::from_utf8(export(&["--table", "indicators"])).unwrap();
    let first: Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert!(first["target"]["number"].is_number());
}
