//! End-to-end ingest throughput on a batch of ≥ 2,000 pages, with 1 and 2
//! threads, and the per-stage split (extract / layout / parse /
//! analyse+index). The batch is copies of `corpus/ict2014.pdf` that differ
//! only in their document /Title (so each parses as its own edition): the
//! same 38 pages of content every time, not different plans.
//!
//! `cargo bench --bench ingest` (SHISAKU_BENCH_COPIES, default 54 × 38 pages).

use std::path::{Path, PathBuf};
use std::time::Instant;

use shisaku::ingest::{ingest, IngestOptions};

#[path = "../tests/support/edition_copy.rs"]
mod edition_copy;
use edition_copy::edition_copy;

fn main() {
    let copies: u32 = std::env::var("SHISAKU_BENCH_COPIES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(54);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = std::env::temp_dir().join(format!("shisaku-bench-ingest-{}", std::process::id()));
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
            "{threads} thread(s): {} files, {} pages, {} records in {secs:.2} s = {:.1} pages/s | stage CPU seconds: extract {:.2}, layout {:.2}, parse {:.2}, analyse+index {:.2}, lineage {:.2}",
            report.indexed,
            report.pages,
            report.records_total,
            report.pages as f64 / secs,
            s.extract,
            s.layout,
            s.parse,
            s.index,
            s.lineage
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
