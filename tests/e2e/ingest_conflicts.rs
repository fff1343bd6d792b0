//! Issue #15: a worse file never replaces good records; conflicts between
//! files of one edition are decided by rules and reported.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{root, shisaku_json, CORPUS_RECORDS, ICT2014_PASSAGES};
use crate::ingest_incremental::{ingest_json, temp_dir, total};

#[path = "../support/damage.rs"]
mod damage;

/// The batch of the bug report: other producers' copies of both shipped
/// plans and damaged copies (bytes flipped in content streams, a wrong
/// startxref, a garbage xref), named `{prefix}{n}-….pdf` so that the
/// prefix decides the order they are listed and read in.
fn foreign_and_damaged(dir: &Path, damaged_first: bool, with_legacy: bool) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).expect("dir");
    let (d, l) = if damaged_first {
        ("a", "z")
    } else {
        ("z", "a")
    };
    let mut files = Vec::new();
    for ed in ["ict2014", "it2013"] {
        let src = root().join(format!("corpus/{ed}.pdf"));
        let legacy = PathBuf::from(format!("/work/shared/corpus/pdf/legacy/{ed}.pdf"));
        let legacy = crate::common::shared()
            .map(|s| s.join(format!("corpus/pdf/legacy/{ed}.pdf")))
            .filter(|p| p.is_file())
            .unwrap_or(legacy);
        let out = |name: &str| dir.join(format!("{name}-{ed}.pdf"));
        let (flip, xref, startxref, copy) = (
            out(&format!("{d}1-flip-03")),
            out(&format!("{d}2-xref")),
            out(&format!("{d}3-startxref")),
            out(&format!("{l}4-legacy")),
        );
        damage::flip_content(&src, 3, &flip);
        damage::garbage_xref(&src, &xref);
        damage::wrong_startxref(&src, 17, &startxref);
        files.extend([flip, xref, startxref]);
        if with_legacy {
            std::fs::copy(&legacy, &copy).expect("legacy copy");
            files.push(copy);
        }
    }
    files
}

/// Ids and titles of the hits of `query` (all of them).
fn hits(index: &Path, query: &str) -> Vec<(String, String)> {
    let (v, _) = shisaku_json(&[
        "search",
        query,
        "--index",
        index.to_str().expect("utf-8"),
        "--json",
        "--limit",
        "1000",
    ]);
    v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| (h["id"].to_string(), h["title"].to_string()))
        .collect()
}

/// The files rejected by the conflicts of a report, with their reasons.
fn rejected(r: &Value) -> Vec<(String, String)> {
    r["conflicts"]
        .as_array()
        .expect("conflicts")
        .iter()
        .map(|c| {
            assert!(
                c["kept"].as_str().is_some_and(|k| k.contains("corpus")),
                "{c}"
            );
            (
                c["rejected"].as_str().unwrap_or_default().to_string(),
                c["reason"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn clean_index(dir: &Path) -> PathBuf {
    let index = dir.join("index");
    let (code, r) = ingest_json(&[&root().join("corpus")], &index, &[]);
    assert_eq!(code, Some(0), "{r}");
    index
}

#[test]
fn foreign_and_damaged_copies_never_replace_clean_records_in_any_order() {
    let dir = temp_dir("conflicts");
    let index = clean_index(&dir);
    let before = hits(&index, "クラウド");
    let all_before = hits(&index, "");
    assert!(before.len() > 3);

    // Order 1: one batch, damaged files listed (and read) first.
    let files = foreign_and_damaged(&dir.join("batch1"), true, true);
    let (code, r) = ingest_json(&[&dir.join("batch1")], &index, &[]);
    assert_eq!(code, Some(2), "a conflict rejected files: {r}");
    assert_eq!(
        (r["indexed"].as_u64(), r["rejected"].as_u64()),
        (Some(0), Some(8))
    );
    let mut reported = rejected(&r);
    reported.sort();
    let mut expected: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    expected.sort();
    let names: Vec<&String> = reported.iter().map(|(f, _)| f).collect();
    assert_eq!(
        names,
        expected.iter().collect::<Vec<_>>(),
        "every file is reported"
    );
    for (file, reason) in &reported {
        if file.contains("flip") {
            assert!(
                reason.contains("unmapped glyphs") && reason.contains("clean"),
                "{file}: {reason}"
            );
        } else {
            assert!(reason.contains("not newer"), "{file}: {reason}");
        }
    }
    assert_eq!(hits(&index, "クラウド"), before);
    assert_eq!(hits(&index, ""), all_before, "every record as it was");

    // Order 2: one file per ingest, the damaged ones last (the order that
    // let flip-03 win before).
    let files = foreign_and_damaged(&dir.join("batch2"), false, true);
    for f in files.iter().rev() {
        let (code, r) = ingest_json(&[f], &index, &[]);
        assert_eq!(code, Some(2), "{}: {r}", f.display());
        let reported = rejected(&r);
        assert_eq!(reported.len(), 1, "{r}");
        assert_eq!(reported[0].0, f.display().to_string());
    }
    assert_eq!(hits(&index, "クラウド"), before);
    assert_eq!(hits(&index, ""), all_before);
    let (v, _) = shisaku_json(&[
        "search",
        "quality=damaged",
        "--index",
        index.to_str().expect("utf-8"),
        "--json",
    ]);
    assert_eq!(v["total"], 0, "nothing damaged indexed");

    // The text output names both files and the reason on one line.
    let out = crate::common::shisaku(&[
        "ingest",
        files[0].to_str().expect("utf-8"),
        "--index",
        index.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stderr);
    let line = text
        .lines()
        .find(|l| l.starts_with("conflict:"))
        .expect("a conflict line");
    assert!(
        line.contains("kept ")
            && line.contains("corpus/ict2014.pdf")
            && line.contains(files[0].to_str().expect("utf-8"))
            && line.contains("unmapped glyphs"),
        "{line}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn in_one_batch_the_best_file_wins_whatever_the_order_and_damage_is_marked() {
    let dir = temp_dir("conflict-batch");
    // The clean plans and their damaged copies in one batch, listed (and
    // read) in two orders: the same content wins (the copies with a broken
    // xref are read as the clean file is), never the flipped one.
    let mut winners = Vec::new();
    for (n, damaged_first) in [(1, true), (2, false)] {
        let batch = dir.join(format!("batch{n}"));
        foreign_and_damaged(&batch, damaged_first, false);
        for ed in ["ict2014", "it2013"] {
            std::fs::copy(
                root().join(format!("corpus/{ed}.pdf")),
                batch.join(format!("m-{ed}.pdf")),
            )
            .expect("copy");
        }
        let index = dir.join(format!("index{n}"));
        let (code, r) = ingest_json(&[&batch], &index, &[]);
        assert_eq!(code, Some(2), "{r}");
        assert_eq!(
            (r["indexed"].as_u64(), r["rejected"].as_u64()),
            (Some(2), Some(6))
        );
        let mut kept: Vec<String> = r["conflicts"]
            .as_array()
            .expect("conflicts")
            .iter()
            .map(|c| {
                c["kept"]
                    .as_str()
                    .unwrap_or_default()
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect();
        kept.sort();
        kept.dedup();
        assert!(kept.iter().all(|k| !k.contains("flip")), "{kept:?}");
        winners.push(hits(&index, ""));
    }
    assert_eq!(winners[0], winners[1]);

    // Nothing better exists: the damaged copy is indexed, its records marked.
    let index = dir.join("index-damaged");
    let flip = dir.join("batch1/a1-flip-03-ict2014.pdf");
    let (code, r) = ingest_json(&[&flip], &index, &[]);
    assert_eq!(code, Some(0), "{r}");
    let q = |query: &str| {
        let (v, _) = shisaku_json(&[
            "search",
            query,
            "--index",
            index.to_str().expect("utf-8"),
            "--json",
            "--limit",
            "1",
        ]);
        v
    };
    let damaged = q("quality=damaged");
    assert!(
        damaged["total"].as_u64().unwrap_or(0) > 40,
        "{}",
        damaged["total"]
    );
    assert_eq!(damaged["hits"][0]["quality"], "damaged");
    // The clean file arrives: it replaces the damaged one, and says so.
    let clean = root().join("corpus/ict2014.pdf");
    let (code, r) = ingest_json(&[&clean], &index, &[]);
    assert_eq!(code, Some(0), "{r}");
    let c = &r["conflicts"][0];
    assert!(
        c["kept"]
            .as_str()
            .unwrap_or_default()
            .ends_with("corpus/ict2014.pdf"),
        "{c}"
    );
    assert!(
        c["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("clean extraction replaces"),
        "{c}"
    );
    assert_eq!(q("quality=damaged")["total"], 0);
    assert_eq!(q("quality=ok")["total"], 62 + ICT2014_PASSAGES);
    assert_eq!(q("")["hits"][0]["quality"], "ok");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_newer_clean_edition_replaces_the_older_and_is_reported() {
    let dir = temp_dir("conflict-newer");
    let index = clean_index(&dir);
    let src = root().join("corpus/ict2014.pdf");
    // Later /ModDate but damaged: rejected.
    let newer = dir.join("ict2014-2015.pdf");
    damage::with_mod_date(&src, "D:20150401093000+09'00'", &newer);
    let newer_damaged = dir.join("ict2014-2015-flip.pdf");
    damage::flip_content(&newer, 3, &newer_damaged);
    let (code, r) = ingest_json(&[&newer_damaged], &index, &[]);
    assert_eq!(code, Some(2), "{r}");
    assert!(
        r["conflicts"][0]["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("extraction damage"),
        "{r}"
    );
    // Later /ModDate and clean: replaces, reported with kept = the newer file.
    let (code, r) = ingest_json(&[&newer], &index, &[]);
    assert_eq!(code, Some(0), "{r}");
    assert_eq!(r["rejected"], 0);
    assert_eq!(r["records_replaced"], 62 + ICT2014_PASSAGES);
    let c = &r["conflicts"][0];
    assert_eq!(c["edition"], "ict2014");
    assert_eq!(c["kept"].as_str(), newer.to_str());
    assert!(
        c["rejected"]
            .as_str()
            .unwrap_or_default()
            .ends_with("corpus/ict2014.pdf"),
        "{c}"
    );
    let reason = c["reason"].as_str().unwrap_or_default();
    assert!(
        reason.contains("later /ModDate") && reason.contains("2015-04-01"),
        "{reason}"
    );
    let (v, _) = shisaku_json(&[
        "search",
        "クラウド",
        "--index",
        index.to_str().expect("utf-8"),
        "--json",
    ]);
    assert_eq!(
        v["hits"][0]["file"], "ict2014-2015.pdf",
        "records come from the newer file"
    );
    assert_eq!(total(&index), CORPUS_RECORDS);
    // The older file again: an earlier /ModDate is rejected.
    let (code, r) = ingest_json(&[&src], &index, &[]);
    assert_eq!(code, Some(2), "{r}");
    assert!(
        r["conflicts"][0]["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("earlier /ModDate"),
        "{r}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn lineage_links_are_counted_once_as_status_shows_them() {
    let dir = temp_dir("conflict-links");
    let batch = dir.join("batch");
    std::fs::create_dir_all(&batch).expect("batch");
    // 12 copies of the two editions (distinct bytes).
    for ed in ["ict2014", "it2013"] {
        let bytes = std::fs::read(root().join(format!("corpus/{ed}.pdf"))).expect("read");
        for i in 0..6 {
            let mut b = bytes.clone();
            b.extend_from_slice(format!("\n% copy {i}\n").as_bytes());
            std::fs::write(batch.join(format!("{ed}-{i}.pdf")), b).expect("write");
        }
    }
    let index = dir.join("index");
    let (code, r) = ingest_json(&[&batch], &index, &[]);
    assert_eq!(code, Some(2), "{r}");
    assert_eq!(
        (r["indexed"].as_u64(), r["rejected"].as_u64()),
        (Some(2), Some(10))
    );
    let (status, _) = shisaku_json(&[
        "status",
        "--index",
        index.to_str().expect("utf-8"),
        "--json",
    ]);
    assert_eq!(r["links"], 9);
    assert_eq!(status["links"], r["links"]);
    let _ = std::fs::remove_dir_all(&dir);
}
