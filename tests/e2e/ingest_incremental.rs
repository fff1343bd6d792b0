//! Issue #6: incremental, atomic, fault-isolated batch ingest.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::common::{
    root, shisaku, shisaku_json, CORPUS_RECORDS, ICT2014_PASSAGES, IT2013_PASSAGES,
};

#[path = "../support/edition_copy.rs"]
pub(crate) mod support;

pub(crate) fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("shisaku-inc-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

pub(crate) fn ingest_json(paths: &[&Path], index: &Path, extra: &[&str]) -> (Option<i32>, Value) {
    let mut args: Vec<String> = vec!["ingest".into()];
    args.extend(paths.iter().map(|p| p.display().to_string()));
    args.extend([
        "--index".into(),
        index.display().to_string(),
        "--json".into(),
    ]);
    args.extend(extra.iter().map(|s| s.to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = shisaku(&refs);
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "JSON report; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code(), v)
}

pub(crate) fn total(index: &Path) -> u64 {
    let (v, _) = shisaku_json(&[
        "search",
        "",
        "--index",
        index.to_str().expect("utf-8"),
        "--json",
        "--limit",
        "1",
    ]);
    v["total"].as_u64().expect("total")
}

/// A copy of the ict2014 PDF that parses as edition "ict{year}".
fn edition_copy(year: u32, out: &Path) {
    support::edition_copy(&root().join("corpus/ict2014.pdf"), year, out);
}

#[test]
fn second_ingest_changes_nothing_then_changes_and_prunes_are_exact() {
    let dir = temp_dir("cycle");
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).expect("docs");
    for d in ["ict2014", "it2013"] {
        std::fs::copy(
            root().join(format!("corpus/{d}.pdf")),
            docs.join(format!("{d}.pdf")),
        )
        .expect("copy");
    }
    let index = dir.join("index");
    let (code, r) = ingest_json(&[&docs], &index, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(
        (
            r["indexed"].as_u64(),
            r["records_added"].as_u64(),
            r["records_total"].as_u64()
        ),
        (Some(2), Some(CORPUS_RECORDS), Some(CORPUS_RECORDS))
    );

    // Twice: nothing changes.
    let (code, r) = ingest_json(&[&docs], &index, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(r["skipped"], 2);
    assert_eq!(r["indexed"], 0);
    assert_eq!(r["changed"], false);
    let out = shisaku(&[
        "ingest",
        docs.to_str().expect("utf-8"),
        "--index",
        index.to_str().expect("utf-8"),
    ]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 changed"));

    // Modify one PDF (same plan, another producer, same /ModDate and no
    // better extraction): a conflict, the indexed version is kept ...
    std::fs::copy(
        root().join("tests/fixtures/pdf/it2013-legacy-utf16.pdf"),
        docs.join("it2013.pdf"),
    )
    .expect("copy");
    let (code, r) = ingest_json(&[&docs], &index, &[]);
    assert_eq!(code, Some(2), "{r}");
    assert_eq!(
        (r["indexed"].as_u64(), r["rejected"].as_u64()),
        (Some(0), Some(1))
    );
    assert!(r["conflicts"][0]["reason"]
        .as_str()
        .unwrap_or_default()
        .contains("indexed version is kept"));
    // ... unless --replace names it: then only its records are replaced.
    let it2013 = docs.join("it2013.pdf");
    let (code, r) = ingest_json(
        &[&docs],
        &index,
        &["--replace", it2013.to_str().expect("utf-8")],
    );
    assert_eq!(code, Some(0), "{r}");
    assert_eq!(r["indexed"], 1);
    assert_eq!(r["skipped"], 1);
    assert_eq!(r["records_replaced"], 41 + IT2013_PASSAGES);
    assert_eq!(r["records_added"], 0);
    assert_eq!(r["records_removed"], 0);
    assert_eq!(total(&index), CORPUS_RECORDS);

    // The same edition from a second file with other content and nothing
    // newer or better: a conflict naming both, the indexed records stay.
    std::fs::copy(
        root().join("corpus/it2013.pdf"),
        docs.join("it2013-download.pdf"),
    )
    .expect("copy");
    let (code, r) = ingest_json(&[&docs], &index, &[]);
    assert_eq!(code, Some(2));
    assert_eq!(r["records_replaced"], 0);
    let c = &r["conflicts"][0];
    assert_eq!(c["edition"], "it2013");
    assert!(
        c["kept"]
            .as_str()
            .unwrap_or_default()
            .ends_with("/it2013.pdf"),
        "{c}"
    );
    assert!(
        c["rejected"]
            .as_str()
            .unwrap_or_default()
            .ends_with("/it2013-download.pdf"),
        "{c}"
    );
    assert_eq!(total(&index), CORPUS_RECORDS, "no doubled records");
    std::fs::remove_file(docs.join("it2013-download.pdf")).expect("rm");

    // Delete a file; without --prune its records stay, with --prune they go.
    std::fs::remove_file(docs.join("ict2014.pdf")).expect("rm");
    let (_, r) = ingest_json(&[&docs], &index, &[]);
    assert_eq!(r["records_removed"], 0);
    assert_eq!(total(&index), CORPUS_RECORDS);
    let (_, r) = ingest_json(&[&docs], &index, &["--prune"]);
    assert_eq!(r["records_removed"], 62 + ICT2014_PASSAGES);
    assert_eq!(total(&index), 41 + IT2013_PASSAGES);

    // --full rebuilds from what is there now.
    let (_, r) = ingest_json(&[&docs], &index, &["--full"]);
    assert_eq!(r["records_total"], 41 + IT2013_PASSAGES);
    assert_eq!(total(&index), 41 + IT2013_PASSAGES);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_killed_ingest_leaves_the_old_index_searchable_and_the_next_completes() {
    let dir = temp_dir("kill");
    let batch = dir.join("batch");
    std::fs::create_dir_all(&batch).expect("batch");
    let n = 12;
    for i in 0..n {
        edition_copy(2041 + 3 * i, &batch.join(format!("plan-{i:02}.pdf")));
    }
    let index = dir.join("index");
    let (code, _) = ingest_json(&[&root().join("corpus")], &index, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(total(&index), CORPUS_RECORDS);

    // Start the big ingest, let it get going, and kill it.
    let mut child = Command::new(env!("CARGO_BIN_EXE_shisaku"))
        .args([
            "ingest",
            batch.to_str().expect("utf-8"),
            "--index",
            index.to_str().expect("utf-8"),
        ])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let mut seen_parsed = false;
    for line in lines.by_ref() {
        let line = line.expect("line");
        // While it works, searches see the old state.
        assert_eq!(total(&index), CORPUS_RECORDS);
        if line.contains("records") {
            seen_parsed = true;
            break;
        }
    }
    assert!(seen_parsed, "the ingest reported progress before the kill");
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    assert_eq!(
        total(&index),
        CORPUS_RECORDS,
        "the old index answers after the kill"
    );
    let out = shisaku(&[
        "search",
        "クラウド",
        "--index",
        index.to_str().expect("utf-8"),
        "--json",
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["hits"][0]["id"], "ict2014/2-3-3");

    // The next ingest completes the work.
    let (code, r) = ingest_json(&[&batch], &index, &[]);
    assert_eq!(code, Some(0), "{r}");
    assert_eq!(r["indexed"].as_u64(), Some(u64::from(n)));
    assert_eq!(
        total(&index),
        CORPUS_RECORDS + (62 + ICT2014_PASSAGES) * u64::from(n)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn status_reports_documents_and_records() {
    let dir = temp_dir("status");
    let index = dir.join("index");
    let (code, _) = ingest_json(&[&root().join("corpus")], &index, &[]);
    assert_eq!(code, Some(0));
    let (v, _) = shisaku_json(&[
        "status",
        "--index",
        index.to_str().expect("utf-8"),
        "--json",
    ]);
    assert_eq!(v["documents"], 2);
    assert_eq!(v["records"], CORPUS_RECORDS);
    assert_eq!(v["by_edition"]["ict2014"], 62 + ICT2014_PASSAGES);
    assert_eq!(v["by_kind"]["initiative"], 80);
    assert_eq!(
        v["issuers"]["宮城県"],
        serde_json::json!(["it2013", "ict2014"])
    );
    assert_eq!(v["by_lineage"]["continued"], 9);
    assert_eq!(v["by_lineage"]["new"], 42);
    assert!(v["size_bytes"].as_u64().unwrap_or(0) > 10_000);
    assert!(v["last_ingest"].as_str().unwrap_or("").ends_with('Z'));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The stored predecessors of `id` (`show --json`).
fn predecessors(index: &Path, id: &str) -> Vec<String> {
    let index = index.to_str().expect("utf-8");
    let (v, _) = shisaku_json(&["show", id, "--json", "--index", index]);
    v["lineage"]["predecessors"]
        .as_array()
        .expect("predecessors")
        .iter()
        .map(|p| p["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn lineage_follows_each_ingest_in_the_same_commit() {
    let dir = temp_dir("relink");
    let index = dir.join("index");
    let (ict, it) = (dir.join("ict2014.pdf"), dir.join("it2013.pdf"));
    std::fs::copy(root().join("corpus/ict2014.pdf"), &ict).expect("copy");
    std::fs::copy(root().join("corpus/it2013.pdf"), &it).expect("copy");
    // One edition: nothing to link.
    let (code, r) = ingest_json(&[&ict], &index, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(
        (r["links"].as_u64(), r["records_relinked"].as_u64()),
        (Some(0), Some(0))
    );
    assert!(predecessors(&index, "ict2014/4-2-4").is_empty());
    // The earlier edition arrives: ict2014's initiatives and sites (9 continued
    // + 42 new) are written again with their new lineage, in the same commit.
    let (_, r) = ingest_json(&[&ict, &it], &index, &[]);
    assert_eq!(r["records_added"], 41 + IT2013_PASSAGES);
    assert_eq!(r["links"], 9);
    assert_eq!(r["records_relinked"], 51);
    assert_eq!(predecessors(&index, "ict2014/4-2-4"), ["it2013/2-2-3"]);
    assert_eq!(
        total(&index),
        CORPUS_RECORDS,
        "relinked records are not doubled"
    );
    assert_eq!(r["lineage_pairs_scored"], 1);
    // Nothing changed: nothing relinked.
    let (_, r) = ingest_json(&[&ict, &it], &index, &[]);
    assert_eq!(r["changed"], false);
    // A later edition (a copy of ict2014 titled 2017): the it2013 → ict2014
    // pair is kept as stored, only ict2014 → ict2017 is scored, and every
    // ict2014 initiative is carried into its copy.
    let later = dir.join("ict2017.pdf");
    edition_copy(2017, &later);
    let (_, r) = ingest_json(&[&ict, &it, &later], &index, &[]);
    assert_eq!(
        (
            r["lineage_pairs_reused"].as_u64(),
            r["lineage_pairs_scored"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(r["records_relinked"], 51, "ict2014 gains successors");
    assert_eq!(predecessors(&index, "ict2017/4-2-4"), ["ict2014/4-2-4"]);
    assert_eq!(predecessors(&index, "ict2014/4-2-4"), ["it2013/2-2-3"]);
    std::fs::remove_file(&later).expect("rm");
    let (_, r) = ingest_json(&[&ict, &it], &index, &["--prune"]);
    assert_eq!(r["records_removed"], 62 + ICT2014_PASSAGES);
    assert_eq!(r["lineage_pairs_reused"], 1);
    // The earlier edition goes: the links go with it.
    std::fs::remove_file(&it).expect("rm");
    let (_, r) = ingest_json(&[&ict], &index, &["--prune"]);
    assert_eq!(r["records_removed"], 41 + IT2013_PASSAGES);
    assert_eq!(r["links"], 0);
    assert_eq!(r["records_relinked"], 51);
    assert!(predecessors(&index, "ict2014/4-2-4").is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_same_edition_from_another_issuer_is_refused_not_replaced() {
    let dir = temp_dir("issuers");
    let index = dir.join("index");
    let (ours, theirs) = (dir.join("a.pdf"), dir.join("b.pdf"));
    std::fs::copy(root().join("corpus/ict2014.pdf"), &ours).expect("copy");
    // Other bytes (a trailing comment), same plan: edition ict2014 again.
    let mut bytes = std::fs::read(root().join("corpus/ict2014.pdf")).expect("read");
    bytes.extend_from_slice(b"\n% another issuer\n");
    std::fs::write(&theirs, bytes).expect("write");
    let (code, _) = ingest_json(&[&ours], &index, &[]);
    assert_eq!(code, Some(0));
    let (code, r) = ingest_json(&[&theirs], &index, &["--issuer", "仙台市"]);
    // The one file of the batch failed: nothing indexed, so exit 1 (#19).
    assert_eq!(code, Some(1), "nothing indexed");
    let error = r["errors"][0]["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("宮城県") && error.contains("仙台市"),
        "{error}"
    );
    assert_eq!(
        total(&index),
        62 + ICT2014_PASSAGES,
        "宮城県's records stay"
    );
    // The same issuer's version, named by --replace, replaces the old one.
    let (code, r) = ingest_json(&[], &index, &["--replace", theirs.to_str().expect("utf-8")]);
    assert_eq!(code, Some(0), "{r}");
    assert_eq!(r["conflicts"][0]["reason"], "named by --replace");
    assert_eq!(r["records_replaced"], 62 + ICT2014_PASSAGES);
    assert_eq!(total(&index), 62 + ICT2014_PASSAGES);
    let _ = std::fs::remove_dir_all(&dir);
}
