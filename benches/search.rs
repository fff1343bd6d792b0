//! Search latency at ≥ 100,000 records, against Groonga when it is installed.
//!
//! Builds a synthetic index by varying the gold records (`corpus`), runs
//! keyword, phrase and facet-filtered queries drawn from the corpus vocabulary
//! through `SearchIndex::search` (top 10 with snippets and every facet count),
//! and prints p50/p99 per class. When `groonga` is on PATH the same records and
//! queries go through Groonga (`groonga`), and the ratio is printed. Then the
//! effect of the user dictionary on morphological matching (`userdict`).
//!
//! The queries run in a child process that holds only the index (see
//! `child`), so the peak RSS printed is what searching needs; the index
//! size on disk and the time to build it are printed too.
//!
//! `cargo bench --bench search`; environment: `SHISAKU_BENCH_RECORDS`
//! (default 100000), `SHISAKU_BENCH_QUERIES` (per class, default 300),
//! `SHISAKU_BENCH_INDEX` (a directory to keep and reuse the index in),
//! `SHISAKU_BENCH_NO_GROONGA=1` to skip Groonga.

#[path = "search/child.rs"]
mod child;
#[path = "search/corpus.rs"]
mod corpus;
#[path = "search/groonga.rs"]
mod groonga;
#[path = "search/userdict.rs"]
mod userdict;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use shisaku::index::{build_index, open_index, SearchIndex};
use shisaku::query::{Cmp, Filter, FilterKey, SearchRequest};

use corpus::{BenchQuery, Class};

/// Seed of the corpus synthesis and the query draw.
const SEED: u64 = 0x5eed_2014;
/// Queries run before measuring, to warm caches.
const WARM_UP: usize = 30;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

/// The `p`-th percentile (0–100) of sorted `v`, nearest rank.
fn percentile(v: &[f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

fn request(q: &BenchQuery) -> SearchRequest {
    let mut req = SearchRequest::new(q.shisaku_text());
    req.limit = 10;
    req.filters.extend(q.filter.clone());
    if let Some(min) = q.min_target {
        req.filters.push(Filter::compare(
            FilterKey::from_name("indicator.target").unwrap(),
            Cmp::Ge,
            min.to_string(),
        ));
        req.sort = "target".parse().expect("a sort");
    }
    req
}

/// Opens a kept index when it has `n` records, else builds one.
fn index(dir: &Path, records: &[shisaku::plan::Record]) -> SearchIndex {
    if let Ok(index) = open_index(dir) {
        if index.num_records() == records.len() as u64 {
            println!("reusing the index in {}", dir.display());
            return index;
        }
    }
    let _ = std::fs::remove_dir_all(dir);
    let start = Instant::now();
    build_index(dir, records).expect("build index");
    println!(
        "indexed {} records in {:.1} s",
        records.len(),
        start.elapsed().as_secs_f64()
    );
    open_index(dir).expect("open index")
}

fn main() {
    child::serve_if_child();
    let n = env_usize("SHISAKU_BENCH_RECORDS", 100_000);
    let per_class = env_usize("SHISAKU_BENCH_QUERIES", 300);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let gold = corpus::load_gold(&root.join("tests/data/gold"));
    let records = corpus::synthesize(&gold, n, SEED);
    let queries = corpus::queries(&gold, &records, per_class, SEED ^ 1);
    let work = std::env::temp_dir().join(format!("shisaku-bench-search-{}", std::process::id()));
    let kept = std::env::var("SHISAKU_BENCH_INDEX").ok().map(PathBuf::from);
    let index_dir = kept.clone().unwrap_or_else(|| work.join("index"));
    println!(
        "{} gold records → {} synthetic; {} queries per class; load average {}",
        gold.len(),
        records.len(),
        per_class,
        load_average()
    );
    let index = index(&index_dir, &records);

    println!(
        "index size on disk: {:.1} MB",
        shisaku::index::size_on_disk(&index_dir) as f64 / 1e6
    );
    drop(index);
    // The queries run in a child process holding only the index, so its peak
    // RSS is what searching needs (this process holds every synthetic record).
    std::fs::create_dir_all(&work).expect("work directory");
    let searched = child::run(&index_dir, &queries, &work).expect("search phase");
    println!(
        "peak RSS while searching (child process, index only): {:.0} MiB",
        searched.peak_rss_kb as f64 / 1024.0
    );
    let mut ours: BTreeMap<Class, Vec<f64>> = BTreeMap::new();
    let mut ours_total: BTreeMap<Class, usize> = BTreeMap::new();
    let mut slowest: Vec<(f64, usize, String)> = Vec::new();
    for (q, (class, ms, total)) in queries.iter().zip(&searched.runs) {
        ours.entry(*class).or_default().push(*ms);
        *ours_total.entry(*class).or_default() += total;
        slowest.push((*ms, *total, format!("{} {:?}", q.shisaku_text(), q.filter)));
    }
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ms, total, q) in slowest.iter().take(5) {
        println!("slow: {ms:.2} ms, {total} hits: {q}");
    }
    report_collapse(&searched.collapse);
    println!("load average after shisaku queries: {}", load_average());

    let mut theirs: BTreeMap<Class, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
    let mut theirs_total: BTreeMap<Class, u64> = BTreeMap::new();
    let skip = std::env::var("SHISAKU_BENCH_NO_GROONGA").is_ok_and(|v| v == "1");
    if !skip && groonga::available() {
        let start = Instant::now();
        match groonga::Groonga::load(&work.join("groonga"), &records) {
            Ok(mut g) => {
                println!("groonga loaded in {:.1} s", start.elapsed().as_secs_f64());
                for q in queries.iter().take(WARM_UP) {
                    let _ = g.run(q);
                }
                for q in &queries {
                    match g.run(q) {
                        Ok((total, elapsed, round_trip)) => {
                            let e = theirs.entry(q.class).or_default();
                            e.0.push(elapsed);
                            e.1.push(round_trip);
                            *theirs_total.entry(q.class).or_default() += total;
                        }
                        Err(err) => eprintln!("groonga: {} → {err}", q.shisaku_text()),
                    }
                }
            }
            Err(err) => eprintln!("groonga load failed: {err}"),
        }
        println!("load average after groonga queries: {}", load_average());
    } else {
        println!("groonga: not run (not on PATH, or SHISAKU_BENCH_NO_GROONGA=1)");
    }

    println!();
    println!(
        "{:<15} {:>5} {:>9} {:>9} {:>10} | {:>9} {:>9} {:>9} {:>10} | {:>9}",
        "class",
        "n",
        "p50 ms",
        "p99 ms",
        "avg hits",
        "gr p50",
        "gr p99",
        "gr rt p99",
        "avg hits",
        "p99 ratio"
    );
    for class in Class::ALL {
        let mut v = ours.remove(&class).unwrap_or_default();
        v.sort_by(f64::total_cmp);
        let hits = *ours_total.get(&class).unwrap_or(&0) as f64 / v.len().max(1) as f64;
        let (mut g, mut rt) = theirs.remove(&class).unwrap_or_default();
        g.sort_by(f64::total_cmp);
        rt.sort_by(f64::total_cmp);
        let ghits = *theirs_total.get(&class).unwrap_or(&0) as f64 / g.len().max(1) as f64;
        let ratio = percentile(&g, 99.0) / percentile(&v, 99.0);
        println!(
            "{:<15} {:>5} {:>9.2} {:>9.2} {:>10.0} | {:>9.2} {:>9.2} {:>9.2} {:>10.0} | {:>8.2}×",
            class.name(),
            v.len(),
            percentile(&v, 50.0),
            percentile(&v, 99.0),
            hits,
            percentile(&g, 50.0),
            percentile(&g, 99.0),
            percentile(&rt, 99.0),
            ghits,
            ratio
        );
    }
    println!("(ratio = Groonga p99 / shisaku p99; > 1 means shisaku is faster)");
    if kept.is_none() {
        let _ = std::fs::remove_dir_all(&work);
    } else {
        let _ = std::fs::remove_dir_all(work.join("groonga"));
    }

    println!();
    userdict::report(&gold);
}

/// One result per initiative against the same keyword queries uncollapsed,
/// run back to back in the child (the baseline is the uncollapsed query).
fn report_collapse(runs: &[(f64, f64, usize, usize)]) {
    if runs.is_empty() {
        return;
    }
    let mut plain: Vec<f64> = runs.iter().map(|r| r.0).collect();
    let mut collapsed: Vec<f64> = runs.iter().map(|r| r.1).collect();
    plain.sort_by(f64::total_cmp);
    collapsed.sort_by(f64::total_cmp);
    let n = runs.len() as f64;
    let records = runs.iter().map(|r| r.2).sum::<usize>() as f64 / n;
    let groups = runs.iter().map(|r| r.3).sum::<usize>() as f64 / n;
    println!(
        "collapse by lineage, {} keyword queries: collapsed p50 {:.2} / p99 {:.2} ms against uncollapsed {:.2} / {:.2} ms; {:.0} groups of {:.0} records on average",
        runs.len(),
        percentile(&collapsed, 50.0),
        percentile(&collapsed, 99.0),
        percentile(&plain, 50.0),
        percentile(&plain, 99.0),
        groups,
        records
    );
}
