//! The search phase of the benchmark in a process of its own, so its peak
//! resident memory is that of searching the index alone (the parent holds the
//! synthetic records, which would count in its own RSS).
//!
//! The parent writes the queries to a file, one per line
//! (`class \t phrase \t words joined by U+001F \t filter \t min_target`), and
//! runs its own executable with `SHISAKU_BENCH_CHILD=<queries file>` and
//! `SHISAKU_BENCH_CHILD_INDEX=<index dir>`. The child opens the index, runs
//! [`super::WARM_UP`] queries, resets the kernel's peak-RSS counter
//! (`/proc/self/clear_refs`), runs every query and prints one line per query
//! (`class \t ms \t total`) and a last line `peak_rss_kb N`. With
//! `SHISAKU_BENCH_DIGEST=<file>` it also writes every response, without its
//! timing, one JSON line per query, so two builds' answers can be compared.
//!
//! After the peak RSS is read, the keyword queries run once more each
//! uncollapsed and collapsed by lineage, back to back (`collapse \t ms
//! uncollapsed \t ms collapsed \t records \t groups`): what one result per
//! initiative costs over the same query.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use shisaku::index::open_index;

use super::corpus::{BenchQuery, Class};

const SEP: char = '\u{1f}';

/// Latencies and hit counts per query, and the peak RSS while searching.
pub struct ChildRun {
    /// (class, milliseconds, total hits) per query, in order.
    pub runs: Vec<(Class, f64, usize)>,
    /// Peak resident set while the queries ran, in KiB.
    pub peak_rss_kb: u64,
    /// Keyword queries uncollapsed and collapsed: (ms, ms, records, groups).
    pub collapse: Vec<(f64, f64, usize, usize)>,
}

fn class_name(c: Class) -> &'static str {
    c.name()
}

fn class_of(name: &str) -> Option<Class> {
    Class::ALL.into_iter().find(|c| c.name() == name)
}

fn encode(q: &BenchQuery) -> String {
    format!(
        "{}\t{}\t{}\t{}\t{}",
        class_name(q.class),
        q.phrase,
        q.words.join(&SEP.to_string()),
        q.filter
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        q.min_target.map(|t| t.to_string()).unwrap_or_default()
    )
}

fn decode(line: &str) -> Option<BenchQuery> {
    let mut f = line.split('\t');
    let class = class_of(f.next()?)?;
    let phrase = f.next()? == "true";
    let words = f.next()?.split(SEP).map(str::to_string).collect();
    let filter = f
        .next()
        .filter(|s| !s.is_empty())
        .and_then(|s| s.parse().ok());
    let min_target = f.next().and_then(|s| s.parse().ok());
    Some(BenchQuery {
        class,
        words,
        phrase,
        filter,
        min_target,
    })
}

/// Runs the search phase in a child process over the index in `index`.
pub fn run(index: &Path, queries: &[BenchQuery], work: &Path) -> Result<ChildRun, String> {
    let file = work.join("queries.tsv");
    let mut out = std::fs::File::create(&file).map_err(|e| e.to_string())?;
    for q in queries {
        writeln!(out, "{}", encode(q)).map_err(|e| e.to_string())?;
    }
    drop(out);
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let output = Command::new(exe)
        .env("SHISAKU_BENCH_CHILD", &file)
        .env("SHISAKU_BENCH_CHILD_INDEX", index)
        .output()
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut runs = Vec::new();
    let mut peak_rss_kb = 0;
    let mut collapse = Vec::new();
    for line in text.lines() {
        if let Some(kb) = line.strip_prefix("peak_rss_kb ") {
            peak_rss_kb = kb.trim().parse().unwrap_or(0);
            continue;
        }
        if let Some(rest) = line.strip_prefix("collapse\t") {
            let f: Vec<&str> = rest.split('\t').collect();
            if let [a, b, n, g] = f.as_slice() {
                if let (Ok(a), Ok(b), Ok(n), Ok(g)) = (a.parse(), b.parse(), n.parse(), g.parse()) {
                    collapse.push((a, b, n, g));
                }
            }
            continue;
        }
        let mut f = line.split('\t');
        if let (Some(c), Some(ms), Some(total)) = (f.next(), f.next(), f.next()) {
            if let (Some(c), Ok(ms), Ok(total)) = (class_of(c), ms.parse(), total.parse()) {
                runs.push((c, ms, total));
            }
        }
    }
    Ok(ChildRun {
        runs,
        peak_rss_kb,
        collapse,
    })
}

/// The child's side: when `SHISAKU_BENCH_CHILD` is set, run the queries and
/// exit; otherwise return.
pub fn serve_if_child() {
    let Ok(file) = std::env::var("SHISAKU_BENCH_CHILD") else {
        return;
    };
    let dir = std::env::var("SHISAKU_BENCH_CHILD_INDEX").expect("index dir");
    let queries: Vec<BenchQuery> = std::fs::read_to_string(&file)
        .expect("queries file")
        .lines()
        .filter_map(decode)
        .collect();
    let index = open_index(Path::new(&dir)).expect("open index");
    for q in queries.iter().take(super::WARM_UP) {
        let _ = index.search(&super::request(q));
    }
    // "5" resets the peak RSS (VmHWM) to the current RSS (Linux ≥ 4.0).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut digest = std::env::var("SHISAKU_BENCH_DIGEST")
        .ok()
        .map(|path| std::io::BufWriter::new(std::fs::File::create(path).expect("digest file")));
    for q in &queries {
        let start = Instant::now();
        let res = index.search(&super::request(q)).expect("search");
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        let _ = writeln!(out, "{}\t{ms}\t{}", class_name(q.class), res.total);
        if let Some(d) = digest.as_mut() {
            let _ = writeln!(d, "{}", answer(&res));
        }
    }
    if let Some(d) = digest.as_mut() {
        let _ = d.flush();
    }
    let _ = writeln!(out, "peak_rss_kb {}", peak_rss_kb());
    for q in queries.iter().filter(|q| q.class == Class::Keyword) {
        let mut req = super::request(q);
        let timed = |req: &shisaku::query::SearchRequest| {
            let start = Instant::now();
            let res = index.search(req).expect("search");
            (start.elapsed().as_secs_f64() * 1000.0, res.total)
        };
        let (plain_ms, records) = timed(&req);
        req.collapse = shisaku::query::Collapse::Lineage;
        let (collapsed_ms, groups) = timed(&req);
        let _ = writeln!(
            out,
            "collapse\t{plain_ms}\t{collapsed_ms}\t{records}\t{groups}"
        );
    }
    std::process::exit(0);
}

/// A response without its timing, as one JSON line: what must not change
/// when searching gets faster.
fn answer(res: &shisaku::query::SearchResponse) -> String {
    let mut value = serde_json::to_value(res).expect("response JSON");
    if let Some(o) = value.as_object_mut() {
        o.remove("took_ms");
    }
    value.to_string()
}

/// VmHWM of this process, in KiB.
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.split_whitespace().next().and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}
