//! Shared helpers: paths, running the binary, and a Rust port of the gold
//! scorer (`shared/tools/score_records.py`).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the repository, when present (CI clones it there).
pub fn shared() -> Option<PathBuf> {
    let p = root().join("../shared");
    p.join("corpus/gold").is_dir().then_some(p)
}

/// The gold records of `doc` (ict2014 / it2013): from ../shared, else the copy in tests/data.
pub fn gold(doc: &str) -> Vec<Value> {
    gold_document(doc)["records"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Every gold record of both plan documents, as [`shisaku::plan::Record`]s.
pub fn gold_records() -> Vec<shisaku::plan::Record> {
    ["ict2014", "it2013"]
        .iter()
        .flat_map(|doc| gold(doc))
        .map(|v| serde_json::from_value(v).expect("gold records are Records"))
        .collect()
}

/// The whole gold file of `doc` (`edition`, `pages`, `records`).
pub fn gold_document(doc: &str) -> Value {
    let path = shared()
        .map(|s| s.join(format!("corpus/gold/{doc}.json")))
        .filter(|p| p.is_file())
        .unwrap_or_else(|| root().join(format!("tests/data/gold/{doc}.json")));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("gold is JSON")
}

/// Run the shisaku binary.
pub fn shisaku(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shisaku"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("shisaku runs")
}

/// Runs the shisaku binary, asserts it succeeded and reads its stdout as
/// JSON; also hands back stderr.
pub fn shisaku_json(args: &[&str]) -> (Value, String) {
    let out = shisaku(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "shisaku {args:?}: {stderr}");
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("shisaku {args:?} printed no JSON ({e}): {stderr}"));
    (v, stderr)
}

/// Passages of corpus/ict2014.pdf: its text outside plan records (item
/// headings, 情報発信サイト等 captions).
pub const ICT2014_PASSAGES: u64 = 12;
/// Passages of corpus/it2013.pdf (table heads and heading rows).
pub const IT2013_PASSAGES: u64 = 17;
/// Plan records and passages of both corpus documents.
pub const CORPUS_RECORDS: u64 = 103 + ICT2014_PASSAGES + IT2013_PASSAGES;

/// `shisaku parse FILE --format jsonl` as JSON values.
pub fn parse_records(pdf: &Path) -> Vec<Value> {
    let out = shisaku(&[
        "parse",
        pdf.to_str().expect("utf-8 path"),
        "--format",
        "jsonl",
        "-q",
    ]);
    assert!(
        out.status.success(),
        "parse {} failed: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// The fields `score_records.py` compares per record kind (contract v2).
pub fn scored(kind: &str) -> &'static [&'static str] {
    match kind {
        "initiative" => &[
            "kind",
            "field_no",
            "field",
            "item_no",
            "item",
            "no",
            "sub_no",
            "parent",
            "title",
            "is_new",
            "summary",
            "methods",
            "actors",
            "departments",
            "schedule",
            "urls",
            "references",
            "indicators",
            "projects",
            "page",
        ],
        "overview" => &[
            "kind", "field_no", "field", "item_no", "item", "text", "page",
        ],
        "topic" => &[
            "kind", "field_no", "field", "item_no", "title", "text", "page",
        ],
        "site" => &[
            "kind",
            "field_no",
            "field",
            "title",
            "media",
            "summary",
            "urls",
            "departments",
            "page",
        ],
        _ => &[],
    }
}

/// The scorer's normalisation: NFKC, dash and wave-dash folds, no white space;
/// lists compare as sorted multisets.
pub fn norm(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(
            s.nfkc()
                .map(|c| match c {
                    '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' | '\u{2015}'
                    | '\u{2014}' => '-',
                    '\u{301c}' | '\u{ff5e}' => '~',
                    '\u{a5}' => '\\',
                    c => c,
                })
                .filter(|c| !c.is_whitespace())
                .collect(),
        ),
        Value::Array(a) => {
            let mut items: Vec<String> = a.iter().map(|x| norm(x).to_string()).collect();
            items.sort();
            Value::Array(items.into_iter().map(Value::String).collect())
        }
        Value::Object(o) => Value::Object(o.iter().map(|(k, x)| (k.clone(), norm(x))).collect()),
        other => other.clone(),
    }
}

/// Field mismatches of `got` against `gold`: (id, field, gold, got); a
/// missing record is reported with field "<missing>".
pub fn mismatches(gold: &[Value], got: &[Value]) -> Vec<(String, String, String, String)> {
    let by_id: BTreeMap<&str, &Value> = got
        .iter()
        .filter_map(|r| Some((r["id"].as_str()?, r)))
        .collect();
    let mut out = Vec::new();
    for g in gold {
        let id = g["id"].as_str().unwrap_or_default();
        let Some(o) = by_id.get(id) else {
            out.push((
                id.to_string(),
                "<missing>".to_string(),
                String::new(),
                String::new(),
            ));
            continue;
        };
        for f in scored(g["kind"].as_str().unwrap_or("site")) {
            let (gv, ov) = (norm(&g[*f]), norm(&o[*f]));
            if gv != ov {
                out.push((
                    id.to_string(),
                    f.to_string(),
                    gv.to_string(),
                    ov.to_string(),
                ));
            }
        }
    }
    out
}

/// Assert that `got` matches `gold` exactly (after normalisation), printing the first differences.
pub fn assert_exact(label: &str, gold: &[Value], got: &[Value]) {
    let m = mismatches(gold, got);
    let gold_ids: std::collections::BTreeSet<&str> =
        gold.iter().filter_map(|r| r["id"].as_str()).collect();
    let extra: Vec<&str> = got
        .iter()
        .filter(|r| r["kind"] != "passage")
        .filter_map(|r| r["id"].as_str())
        .filter(|id| !gold_ids.contains(id))
        .collect();
    assert!(
        m.is_empty() && extra.is_empty(),
        "{label}: {} field mismatches, {} extra records; first: {:#?} extra: {:?}",
        m.len(),
        extra.len(),
        &m[..m.len().min(8)],
        &extra[..extra.len().min(5)]
    );
}
