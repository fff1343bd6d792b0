//! End-to-end ingest throughput.
//!
//! 1. **Distinct editions, whole process**: `scripts/make_ingest_batch.py`
//!    writes 48 plan editions (each its own edition id, years and running
//!    header, in four layout families), and `shisaku ingest DIR --full` is
//!    timed as a process, spawn to exit, against poppler's `pdftotext`
//!    (text only: no layout analysis, parsing or index) run over the same
//!    files one process each, in the same run, the two alternating over several
//!    runs (median reported). Needs python3 and the shared
//!    fixture generator; skipped with a note otherwise.
//! 2. **In-process, 1 and 2 threads**, with the per-stage split (extract /
//!    layout / parse / analyse / lineage / index), on copies of
//!    `corpus/ict2014.pdf` that differ only in their document /Title (so each
//!    parses as its own edition): the same 38 pages of content every time.
//!
//! `cargo bench --bench ingest` (SHISAKU_BENCH_DISTINCT, default 48 files;
//! SHISAKU_BENCH_RUNS, default 5 alternating runs of each side, median
//! reported; SHISAKU_BENCH_COPIES, default 54 × 38 pages).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use shisaku::ingest::{ingest, IngestOptions};

#[path = "../tests/support/edition_copy.rs"]
mod edition_copy;
use edition_copy::edition_copy;

/// One whole-process run of each side: seconds and CPU seconds.
struct Timed {
    /// Wall seconds, spawn to exit.
    seconds: f64,
    /// User + system CPU seconds (`None` off Linux).
    cpu: Option<f64>,
}

/// Phase 1: whole-process ingest of distinct editions against pdftotext,
/// `SHISAKU_BENCH_RUNS` times (default 5), the two alternating, so a
/// machine whose speed drifts (shared cores) weighs on both alike; the
/// median run of each is the figure.
fn distinct_editions(root: &Path, work: &Path) {
    let n: u32 = env_or("SHISAKU_BENCH_DISTINCT", 48);
    let runs: usize = env_or("SHISAKU_BENCH_RUNS", 5).max(1);
    let dir = work.join("distinct");
    let made = Command::new("python3")
        .arg(root.join("scripts/make_ingest_batch.py"))
        .arg(&dir)
        .arg(n.to_string())
        .output();
    match made {
        Ok(out) if out.status.success() => print!("{}", String::from_utf8_lossy(&out.stdout)),
        _ => {
            println!(
                "distinct editions: skipped (python3 or the shared fixture generator is missing)"
            );
            return;
        }
    }
    let files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read")
        .flatten()
        .map(|e| e.path())
        .collect();
    println!(
        "distinct editions, whole process, {runs} alternating runs (load average before: {})",
        load_average()
    );
    let (mut ours, mut theirs, mut pages) = (Vec::new(), Vec::new(), 0.0);
    for run in 1..=runs {
        let index = work.join(format!("index-distinct-{run}"));
        let (timed, report) = time_ingest(&index, &dir);
        let _ = std::fs::remove_dir_all(&index);
        pages = report["pages"].as_f64().unwrap_or(0.0);
        let stages = &report["stages"];
        println!(
            "  run {run}: shisaku ingest --full: {} files, {pages} pages, {} records in {:.3} s = {:.0} pages/s{} | stages: extract {:.2}, layout {:.2}, parse {:.2} (summed over threads); analyse {:.2}, lineage {:.2}, index {:.2} (wall; index overlaps lineage)",
            report["indexed"],
            report["records_total"],
            timed.seconds,
            pages / timed.seconds,
            cpu_note(&timed, pages),
            stages["extract"].as_f64().unwrap_or(0.0),
            stages["layout"].as_f64().unwrap_or(0.0),
            stages["parse"].as_f64().unwrap_or(0.0),
            stages["analyse"].as_f64().unwrap_or(0.0),
            stages["lineage"].as_f64().unwrap_or(0.0),
            stages["index"].as_f64().unwrap_or(0.0),
        );
        ours.push(timed);
        let Some(timed) = time_pdftotext(&files) else {
            println!("baseline: pdftotext is missing or failed; no comparison");
            return;
        };
        println!(
            "  run {run}: pdftotext (text only, one process a file, one at a time): {:.3} s = {:.0} pages/s{}",
            timed.seconds,
            pages / timed.seconds,
            cpu_note(&timed, pages)
        );
        theirs.push(timed);
    }
    let (ours, theirs) = (median(&ours), median(&theirs));
    println!(
        "median of {runs}: shisaku ingest {:.0} pages/s (runs {}); pdftotext {:.0} pages/s (runs {}); ingest / pdftotext time = {:.2}",
        pages / ours.0,
        ours.1,
        pages / theirs.0,
        theirs.1,
        ours.0 / theirs.0
    );
}

/// A numeric environment variable, or `default`.
fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// `shisaku ingest --full --json` of `dir` into `index`, as a process.
fn time_ingest(index: &Path, dir: &Path) -> (Timed, serde_json::Value) {
    let cpu_before = children_cpu_seconds();
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_shisaku"))
        .args(["ingest", "--full", "--json", "--index"])
        .arg(index)
        .arg(dir)
        .stderr(Stdio::null())
        .output()
        .expect("run shisaku ingest");
    let seconds = start.elapsed().as_secs_f64();
    let cpu = children_cpu_seconds().zip(cpu_before).map(|(a, b)| a - b);
    let report = serde_json::from_slice(&out.stdout).unwrap_or_default();
    (Timed { seconds, cpu }, report)
}

/// `pdftotext FILE -` over `files`, one process at a time; `None` when
/// one fails (or pdftotext is missing).
fn time_pdftotext(files: &[PathBuf]) -> Option<Timed> {
    let cpu_before = children_cpu_seconds();
    let start = Instant::now();
    for f in files {
        let ok = Command::new("pdftotext")
            .arg(f)
            .arg("-")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            return None;
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let cpu = children_cpu_seconds().zip(cpu_before).map(|(a, b)| a - b);
    Some(Timed { seconds, cpu })
}

/// ", CPU x s = y ms a page" when the CPU time is known.
fn cpu_note(timed: &Timed, pages: f64) -> String {
    timed.cpu.map_or_else(String::new, |cpu| {
        format!(
            ", CPU {cpu:.2} s = {:.2} ms a page",
            1000.0 * cpu / pages.max(1.0)
        )
    })
}

/// The median of the runs' seconds, and every run's seconds in order.
fn median(runs: &[Timed]) -> (f64, String) {
    let mut seconds: Vec<f64> = runs.iter().map(|t| t.seconds).collect();
    let listed = seconds
        .iter()
        .map(|s| format!("{s:.3}"))
        .collect::<Vec<_>>()
        .join(" / ");
    seconds.sort_by(f64::total_cmp);
    (seconds[seconds.len() / 2], format!("{listed} s"))
}

/// The 1-minute load average of the machine (`?` off Linux): the other
/// work sharing its cores.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

/// User + system CPU seconds of this process's waited-for children
/// (`cutime` + `cstime` of `/proc/self/stat`); `None` off Linux.
fn children_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) in parentheses.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // cutime and cstime are fields 16 and 17 (1-based), 14 and 15 after ')'.
    let ticks: f64 = fields.get(13)?.parse::<f64>().ok()? + fields.get(14)?.parse::<f64>().ok()?;
    // Clock ticks per second: 100 on every Linux this runs on (USER_HZ).
    Some(ticks / 100.0)
}

fn main() {
    let copies: u32 = env_or("SHISAKU_BENCH_COPIES", 54);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = std::env::temp_dir().join(format!("shisaku-bench-ingest-{}", std::process::id()));
    distinct_editions(root, &work);
    if copies == 0 {
        println!("copies: skipped (SHISAKU_BENCH_COPIES=0)");
        let _ = std::fs::remove_dir_all(&work);
        return;
    }
    let batch = work.join("batch");
    std::fs::create_dir_all(&batch).expect("batch dir");
    for i in 0..copies {
        // A distinct 20xx year per copy, so every copy is its own edition.
        edition_copy(
            &root.join("corpus/ict2014.pdf"),
            2000 + i % 100,
            &batch.join(format!("plan-{i:03}.pdf")),
        );
    }
    let files: Vec<PathBuf> = std::fs::read_dir(&batch)
        .expect("read")
        .flatten()
        .map(|e| e.path())
        .collect();
    println!("batch: {} files", files.len());
    for threads in [1usize, 2] {
        let index = work.join(format!("index-{threads}"));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        let start = Instant::now();
        let report = pool
            .install(|| {
                ingest(
                    std::slice::from_ref(&batch),
                    &index,
                    &IngestOptions {
                        full: true,
                        ..Default::default()
                    },
                    &|_| {},
                )
            })
            .expect("ingest");
        let secs = start.elapsed().as_secs_f64();
        let s = report.stages;
        println!(
            "{threads} thread(s): {} files, {} pages, {} records in {secs:.2} s = {:.1} pages/s | stage seconds: extract {:.2}, layout {:.2}, parse {:.2} (summed over threads); analyse {:.2}, lineage {:.2}, index {:.2} (wall; index overlaps lineage)",
            report.indexed,
            report.pages,
            report.records_total,
            report.pages as f64 / secs,
            s.extract,
            s.layout,
            s.parse,
            s.analyse,
            s.lineage,
            s.index
        );
    }
    // Incremental: one more edition into the 2-thread index. Only the pair
    // next to it is scored; the other pairs keep their stored links.
    let extra = work.join("extra");
    std::fs::create_dir_all(&extra).expect("extra dir");
    edition_copy(
        &root.join("corpus/ict2014.pdf"),
        2090,
        &extra.join("plan-2090.pdf"),
    );
    let start = Instant::now();
    let report = ingest(
        &[batch.clone(), extra],
        &work.join("index-2"),
        &IngestOptions::default(),
        &|_| {},
    )
    .expect("incremental ingest");
    println!(
        "incremental: +1 edition into {} records in {:.2} s | lineage {:.2} s, pairs scored {} / reused {}, {} records relinked",
        report.records_total - report.records_added,
        start.elapsed().as_secs_f64(),
        report.stages.lineage,
        report.lineage_pairs_scored,
        report.lineage_pairs_reused,
        report.records_relinked
    );
    let _ = std::fs::remove_dir_all(&work);
}
