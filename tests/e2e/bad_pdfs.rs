//! Hostile and broken PDFs (issue #8): `extract` and `parse` end with an
//! error or a partial result with a warning, never a panic, a hang or an
//! out-of-memory abort; `ingest` indexes the good corpus beside them and
//! reports one error per bad file.
//!
//! The files are made by `scripts/make_bad_pdfs.py` into
//! `tests/fixtures/bad/`. Each child runs under an address-space limit
//! (`prlimit --as`, else `ulimit -v`) and is killed after [`HANG_GUARD`]: that
//! is a hang guard, not a performance assertion.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::common::root;

/// A child still running after this long is a hang. Generous: on this
/// 2-core machine, shared with other builds, the flood files alone took just
/// over 10 s while the rest of the suite ran beside them.
const HANG_GUARD: Duration = Duration::from_secs(30);
/// Address-space limit of each child, in bytes (512 MiB plus the size of the
/// debug binary, which embeds the dictionary and is mapped whole).
const MEMORY_BASE: u64 = 512 * 1024 * 1024;

fn bad_files() -> Vec<PathBuf> {
    let dir = root().join("tests/fixtures/bad");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e} (run scripts/make_bad_pdfs.py)", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 15,
        "expected the full bad-PDF set, found {}",
        files.len()
    );
    files
}

/// What one bounded run of the binary did.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    finished: bool,
}

fn has_prlimit() -> bool {
    Command::new("prlimit")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Run the binary with `args` under the memory limit, killing it after [`HANG_GUARD`].
fn run_bounded(args: &[&str], tmp: &Path) -> Run {
    let bin = env!("CARGO_BIN_EXE_shisaku");
    let binary_size = std::fs::metadata(bin).map(|m| m.len()).unwrap_or(0);
    let limit = MEMORY_BASE + binary_size;
    let mut cmd = if has_prlimit() {
        let mut c = Command::new("prlimit");
        c.arg(format!("--as={limit}")).arg("--").arg(bin);
        c
    } else {
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg(format!("ulimit -v {}; exec \"$0\" \"$@\"", limit / 1024))
            .arg(bin);
        c
    };
    let out_path = tmp.join("stdout");
    let err_path = tmp.join("stderr");
    let out = std::fs::File::create(&out_path).expect("stdout file");
    let err = std::fs::File::create(&err_path).expect("stderr file");
    let start = Instant::now();
    let mut child = cmd
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .expect("shisaku starts");
    let (status, finished) = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break (Some(s), true);
        }
        if start.elapsed() > HANG_GUARD {
            let _ = child.kill();
            break (child.wait().ok(), false);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = start.elapsed();
    let read =
        |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
    Run {
        code: status.and_then(|s| s.code()),
        stdout: read(&out_path),
        stderr: read(&err_path),
        elapsed,
        finished,
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("shisaku-bad-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// `extract` and `parse` of every bad file: an error (exit 1) naming the file,
/// or a result (exit 0) — never a panic, a signal, a hang or an OOM abort.
#[test]
fn bad_pdfs_fail_cleanly_in_extract_and_parse() {
    let tmp = temp_dir("run");
    let mut slowest = (Duration::ZERO, String::new());
    let mut problems = Vec::new();
    for file in bad_files() {
        let name = file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let path = file.to_string_lossy().into_owned();
        for cmd in [
            vec!["extract", path.as_str()],
            vec!["extract", path.as_str(), "--format", "json"],
            vec!["parse", path.as_str(), "--format", "json"],
        ] {
            let run = run_bounded(&cmd, &tmp);
            let label = format!("{} {name}", cmd.join(" ").replace(&path, ""));
            if run.elapsed > slowest.0 {
                slowest = (run.elapsed, label.clone());
            }
            if !run.finished {
                problems.push(format!("{label}: still running after {HANG_GUARD:?}"));
                continue;
            }
            if run.stderr.contains("memory allocation") || run.stderr.contains("out of memory") {
                problems.push(format!("{label}: out of memory: {}", run.stderr.trim()));
            }
            if run.stderr.contains("panicked") || run.code == Some(101) {
                problems.push(format!("{label}: panicked: {}", run.stderr.trim()));
            }
            match run.code {
                Some(0) => {}
                Some(1) if run.stderr.contains(&name) => {}
                Some(1) => problems.push(format!(
                    "{label}: error does not name the file: {}",
                    run.stderr.trim()
                )),
                other => problems.push(format!("{label}: exit {other:?}: {}", run.stderr.trim())),
            }
        }
    }
    eprintln!("slowest bad-PDF run: {:?} ({})", slowest.0, slowest.1);
    let _ = std::fs::remove_dir_all(&tmp);
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Cases whose outcome is known: a clear error, or a partial result with a warning.
#[test]
fn bad_pdfs_report_the_expected_problem() {
    let tmp = temp_dir("expect");
    let bad = root().join("tests/fixtures/bad");
    let cases: &[(&str, Option<&str>)] = &[
        // (file, Some(error text) for exit 1 / None for exit 0 with a warning naming the cause)
        ("empty.pdf", Some("empty")),
        ("not-a-pdf.pdf", Some("not a PDF")),
        ("encrypted-userpw.pdf", Some("encrypted")),
        ("many-pages.pdf", Some("more than 5000 pages")),
        ("flate-bomb.pdf", None),
        ("form-cycle.pdf", None),
        ("form-fanout.pdf", None),
        ("many-glyphs.pdf", None),
    ];
    let warnings = [
        ("flate-bomb.pdf", "content stream"),
        ("form-cycle.pdf", "cyclic"),
        ("form-fanout.pdf", "Form XObjects painted"),
        ("many-glyphs.pdf", "glyphs"),
    ];
    for (name, error) in cases {
        let path = bad.join(name).to_string_lossy().into_owned();
        let run = run_bounded(&["extract", &path], &tmp);
        assert!(run.finished, "extract {name} hung");
        match error {
            Some(text) => {
                assert_eq!(run.code, Some(1), "extract {name}: {}", run.stderr);
                assert!(
                    run.stderr.contains(text),
                    "extract {name}: want {text:?} in {}",
                    run.stderr
                );
            }
            None => {
                let want = warnings
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, w)| *w)
                    .unwrap_or("");
                assert_eq!(run.code, Some(0), "extract {name}: {}", run.stderr);
                assert!(
                    run.stderr.contains("warning") && run.stderr.contains(want),
                    "extract {name}: want a warning about {want:?} in {}",
                    run.stderr
                );
            }
        }
    }
    // The limit flags: a lower page limit refuses a short document; a zero
    // time budget is "no limit", a tiny stream limit turns content into warnings.
    let pdf = root()
        .join("corpus/it2013.pdf")
        .to_string_lossy()
        .into_owned();
    let run = run_bounded(&["extract", &pdf, "--max-pages", "2"], &tmp);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("more than 2 pages"), "{}", run.stderr);
    let run = run_bounded(
        &[
            "extract",
            &pdf,
            "--pages",
            "1",
            "--max-stream-mb",
            "1",
            "--timeout-secs",
            "0",
        ],
        &tmp,
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!run.stdout.trim().is_empty());
    let _ = std::fs::remove_dir_all(&tmp);
}

/// `ingest` of the good corpus plus every bad file: the corpus is indexed
/// completely, each bad file is one error naming it, and the exit code is 2.
#[test]
fn ingest_skips_bad_pdfs_and_indexes_the_corpus() {
    let dir = temp_dir("ingest");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).expect("input dir");
    for entry in std::fs::read_dir(root().join("corpus")).expect("corpus") {
        let p = entry.expect("entry").path();
        if p.extension().is_some_and(|e| e == "pdf") {
            std::fs::copy(&p, input.join(p.file_name().expect("name"))).expect("copy");
        }
    }
    let bad = bad_files();
    for f in &bad {
        std::fs::copy(f, input.join(f.file_name().expect("name"))).expect("copy");
    }
    let index = dir.join("index");
    let out = Command::new(env!("CARGO_BIN_EXE_shisaku"))
        .args([
            "ingest",
            &input.to_string_lossy(),
            "--index",
            &index.to_string_lossy(),
            "--json",
        ])
        .current_dir(root())
        .output()
        .expect("ingest runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(2),
        "ingest exit code; stderr: {stderr}"
    );
    let report: Value = serde_json::from_str(String::from_utf8_lossy(&out.stdout).trim())
        .unwrap_or_else(|e| panic!("ingest --json prints one JSON object: {e}; stderr: {stderr}"));
    let documents = report["documents"].as_array().cloned().unwrap_or_default();
    let corpus: u64 = documents
        .iter()
        .filter(|d| ["ict2014", "it2013"].contains(&d["edition"].as_str().unwrap_or("")))
        .map(|d| d["records"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(corpus, crate::common::CORPUS_RECORDS, "{report}");
    // A bad file either fails with one error or has readable text and is
    // indexed as passages (every readable document is searchable).
    let errors = report["errors"].as_array().cloned().unwrap_or_default();
    for f in &bad {
        let name = f.file_name().expect("name").to_string_lossy().into_owned();
        let ends = |v: &Value| v["file"].as_str().is_some_and(|s| s.ends_with(&name));
        let failed = errors.iter().filter(|e| ends(e)).count();
        let indexed = documents.iter().filter(|d| ends(d)).count();
        assert_eq!(
            failed + indexed,
            1,
            "{name}: expected one outcome in {report}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
