//! Extraction throughput: every corpus PDF, all pages, interpreted and laid
//! out to reading-order text on one thread, against poppler's `pdftotext`
//! on the same files in the same run (when installed). shisaku is timed in
//! this process; `pdftotext` as one child process per file (`pdftotext FILE
//! -`, output discarded), so its time includes process start-up.
//!
//! `cargo bench --bench extract` (set SHISAKU_BENCH_ROUNDS to change the
//! number of rounds, default 5).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use shisaku::layout::{analyze, page_text, LayoutParams};
use shisaku::pdf::{Document, Limits};

fn pdfs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<PathBuf> = Vec::new();
    for dir in [
        root.join("corpus"),
        root.join("../shared/corpus/pdf/word"),
        root.join("../shared/corpus/pdf/legacy"),
    ] {
        if let Ok(rd) = std::fs::read_dir(&dir) {
            let mut files: Vec<PathBuf> = rd
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
                .collect();
            files.sort();
            out.extend(files);
        }
    }
    out
}

fn main() {
    let rounds: usize = std::env::var("SHISAKU_BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let files = pdfs();
    let params = LayoutParams::default();
    let mut pages = 0usize;
    let mut chars = 0usize;
    let start = Instant::now();
    for _ in 0..rounds {
        for f in &files {
            let doc = Document::open(f, Limits::default()).expect("corpus PDF opens");
            for n in 1..=doc.page_count() as u32 {
                let page = doc.page(n).expect("page");
                chars += page_text(&analyze(&page, &params), &params).chars().count();
                pages += 1;
            }
        }
    }
    let ours = start.elapsed().as_secs_f64();
    println!(
        "files: {} ({} rounds), pages: {pages}, characters: {chars}",
        files.len(),
        rounds
    );
    println!(
        "shisaku extract (1 thread): {:8.3} s  {:8.1} pages/s  {:6.2} ms/page",
        ours,
        pages as f64 / ours,
        ours * 1000.0 / pages as f64
    );

    let poppler = Command::new("pdftotext")
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !poppler {
        println!("pdftotext: not installed (apt-get install poppler-utils) — no baseline this run");
        return;
    }
    // Whole process against whole process: `shisaku extract FILE` (the
    // release binary, text to a null stdout) and `pdftotext FILE -` (the
    // same), one process per file, the two run alternately file by file so
    // that machine load falls on both alike. Wall-clock time of spawn to exit.
    let exe = env!("CARGO_BIN_EXE_shisaku");
    let run = |program: &str, args: &[&std::ffi::OsStr]| {
        let start = Instant::now();
        let ok = Command::new(program)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(ok, "{program} failed on {:?}", args);
        start.elapsed().as_secs_f64()
    };
    let (mut ours_process, mut theirs) = (0.0, 0.0);
    for _ in 0..rounds {
        for f in &files {
            ours_process += run(exe, &["extract".as_ref(), f.as_os_str()]);
            theirs += run("pdftotext", &[f.as_os_str(), "-".as_ref()]);
        }
    }
    println!(
        "shisaku extract (process per file): {:8.3} s  {:8.1} pages/s  {:6.2} ms/page",
        ours_process,
        pages as f64 / ours_process,
        ours_process * 1000.0 / pages as f64
    );
    println!(
        "poppler pdftotext (process per file): {:8.3} s  {:8.1} pages/s  {:6.2} ms/page",
        theirs,
        pages as f64 / theirs,
        theirs * 1000.0 / pages as f64
    );
    println!(
        "ratio: in-process shisaku is {:.2}x pdftotext; whole process against whole process {:.2}x",
        theirs / ours,
        theirs / ours_process
    );
}
