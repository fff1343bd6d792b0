//! Issue #15: crash safety under real load. An ingest of a large batch of
//! distinct files is killed (SIGKILL) at random moments, round after round,
//! while other processes search the index: after each kill the index holds
//! exactly the records of one commit (the previous one, or the new one when
//! the kill came after it), every search succeeds, and the next ingest
//! completes.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{root, shisaku};
use crate::ingest_incremental::support as edition_copy;
use crate::ingest_incremental::{ingest_json, temp_dir};

/// Editions each round adds (each file of the round is a variant of one).
const EDITIONS_PER_ROUND: usize = 10;
/// Records each tiny plan gives: its 4 initiative cards and 1 passage (the
/// text of the page outside the cards).
const RECORDS_PER_EDITION: usize = 5;

/// A small deterministic generator (the seed is printed to replay a run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// What one commit holds, as readers see it: every record id, and the
/// files of the manifest.
#[derive(Debug, Clone, PartialEq)]
struct State {
    ids: Vec<String>,
    documents: u64,
}

fn state(index: &Path) -> State {
    let index = index.to_str().expect("utf-8");
    // Every hit, a page of 1,000 at a time (a heavy run holds more).
    let mut ids: Vec<String> = Vec::new();
    loop {
        let offset = ids.len().to_string();
        let out = shisaku(&[
            "search", "", "--index", index, "--json", "--limit", "1000", "--offset", &offset,
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let page = v["hits"].as_array().expect("hits");
        ids.extend(
            page.iter()
                .map(|h| h["id"].as_str().unwrap_or_default().to_string()),
        );
        let total = v["total"].as_u64().expect("total") as usize;
        if page.is_empty() || ids.len() >= total {
            assert_eq!(ids.len(), total, "every hit read");
            break;
        }
    }
    ids.sort();
    let read = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), read, "pages do not overlap");
    let out = shisaku(&["status", "--index", index, "--json"]);
    let s: Value = serde_json::from_slice(&out.stdout).expect("status JSON");
    State {
        ids,
        documents: s["documents"].as_u64().unwrap_or(0),
    }
}

/// The acronym of edition `e` of round `round`: "K" and two letters.
fn acronym(round: usize, e: usize) -> String {
    let letter = |n: usize| char::from(b'A' + (n % 26) as u8);
    format!("K{}{}", letter(round), letter(e))
}

/// Writes round `round`'s batch of `files` distinct files (variants of
/// [`EDITIONS_PER_ROUND`] new editions) and returns its directory.
fn write_round(plan: &edition_copy::TinyPlan, dir: &Path, round: usize, files: usize) -> PathBuf {
    let batch = dir.join(format!("round-{round:02}"));
    std::fs::create_dir_all(&batch).expect("batch");
    for i in 0..files {
        let e = i % EDITIONS_PER_ROUND;
        let year = 2000 + (e * 7 + round) as u32 % 90;
        plan.write(
            &acronym(round, e),
            year,
            (round * 100_000 + i) as u64,
            &batch.join(format!("f{i:05}.pdf")),
        );
    }
    batch
}

/// Runs searches in a loop until `stop`; every one must succeed. Returns
/// the totals seen.
fn searcher(index: PathBuf, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<Vec<u64>> {
    std::thread::spawn(move || {
        let mut totals = Vec::new();
        while !stop.load(Ordering::Relaxed) {
            let out = shisaku(&[
                "search",
                "",
                "--index",
                index.to_str().expect("utf-8"),
                "--json",
                "--limit",
                "1",
            ]);
            assert!(
                out.status.success(),
                "a search failed during the ingest: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let v: Value = serde_json::from_slice(&out.stdout).expect("search JSON");
            totals.push(v["total"].as_u64().expect("total"));
            std::thread::sleep(Duration::from_millis(30));
        }
        totals
    })
}

/// Starts an ingest of `batch` and kills it after `after`; whether it had
/// finished by itself.
fn ingest_killed_after(batch: &Path, index: &Path, after: Duration) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shisaku"))
        .args([
            "ingest",
            batch.to_str().expect("utf-8"),
            "--index",
            index.to_str().expect("utf-8"),
            "-q",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let start = Instant::now();
    while start.elapsed() < after {
        if child.try_wait().expect("try_wait").is_some() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    false
}

/// `rounds` rounds of `files` files each; see the module doc.
fn kill_rounds(name: &str, files: usize, rounds: usize) {
    let dir = temp_dir(name);
    let index = dir.join("index");
    let legacy = crate::common::shared()
        .map(|s| s.join("corpus/pdf/legacy/ict2014.pdf"))
        .filter(|p| p.is_file())
        .unwrap_or_else(|| root().join("tests/fixtures/pdf/ict2014-legacy-form.pdf"));
    let plan = edition_copy::TinyPlan::new(&legacy, 11);
    let (code, _) = ingest_json(&[&root().join("corpus")], &index, &[]);
    assert_eq!(code, Some(0));
    let mut committed = state(&index);

    // Round 0 completes: its time sets the range the kills are drawn from.
    let batch = write_round(&plan, &dir, 0, files);
    let start = Instant::now();
    let (code, r) = ingest_json(&[&batch], &index, &[]);
    let full = start.elapsed();
    assert_eq!(code, Some(2), "variants of one edition are rejected: {r}");
    assert_eq!(r["indexed"].as_u64(), Some(EDITIONS_PER_ROUND as u64));
    committed = {
        let next = state(&index);
        let added = next.ids.len() - committed.ids.len();
        assert_eq!(added, EDITIONS_PER_ROUND * RECORDS_PER_EDITION);
        next
    };
    std::fs::remove_dir_all(&batch).expect("rm");

    let seed = std::env::var("SHISAKU_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| u64::from(std::process::id()) ^ start.elapsed().as_nanos() as u64);
    eprintln!("{name}: {files} files per ingest, full ingest {full:.1?}, seed {seed}");
    let mut rng = Lcg(seed);
    let (mut before_commit, mut after_commit, mut searches) = (0, 0, 0);
    for round in 1..=rounds {
        let batch = write_round(&plan, &dir, round, files);
        // Half the kills anywhere in the run, half near its end (the commit,
        // the merge and the collection of files).
        let fraction = if round % 2 == 0 {
            rng.next() * 1.1
        } else {
            0.8 + rng.next() * 0.3
        };
        let stop = Arc::new(AtomicBool::new(false));
        let search = searcher(index.clone(), Arc::clone(&stop));
        let finished = ingest_killed_after(&batch, &index, full.mul_f64(fraction));
        let seen = state(&index);
        // The next ingest completes the round (searches still running).
        let (code, r) = ingest_json(&[&batch], &index, &[]);
        assert_eq!(code, Some(2), "{r}");
        stop.store(true, Ordering::Relaxed);
        let totals = search.join().expect("every search succeeded");
        let next = state(&index);
        assert_eq!(
            next.ids.len(),
            committed.ids.len() + EDITIONS_PER_ROUND * RECORDS_PER_EDITION,
            "round {round}: {r}"
        );
        assert!(
            seen == committed || seen == next,
            "round {round} (killed at {fraction:.2} of a run, finished: {finished}): the index holds a mix: {} ids, {} documents; before {} / {}, after {} / {}",
            seen.ids.len(),
            seen.documents,
            committed.ids.len(),
            committed.documents,
            next.ids.len(),
            next.documents
        );
        if seen == committed {
            before_commit += 1;
        } else {
            after_commit += 1;
        }
        let (old, new) = (committed.ids.len() as u64, next.ids.len() as u64);
        assert!(
            totals.iter().all(|t| *t == old || *t == new),
            "round {round}: searches saw totals other than {old} or {new}: {totals:?}"
        );
        searches += totals.len();
        std::fs::remove_dir_all(&batch).expect("rm");
        committed = next;
    }
    eprintln!(
        "{name}: {rounds} kills, {before_commit} before the commit, {after_commit} after; {searches} searches, none failed"
    );
    assert!(before_commit > 0, "some kills interrupted the ingest");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn random_kills_during_an_ingest_of_many_files_leave_one_commit() {
    kill_rounds("kill-light", 200, 6);
}

/// The full-size run of issue #15: 1,000 files per ingest, 20 kills
/// (about 10 minutes in a debug build on 2 cores).
#[test]
#[ignore]
fn random_kills_during_an_ingest_of_a_thousand_files_leave_one_commit() {
    kill_rounds("kill-heavy", 1000, 20);
}
