//! Groonga as the reference engine of the search benchmark.
//!
//! Loads the same records into a Groonga database (a `Records` table with
//! `title`, `summary` and `text` columns under one `TokenBigram` +
//! `NormalizerAuto` full-text index with positions and sections; the facet
//! count keys in an indexed vector column for drilldown, the filter keys in
//! another for filtering), then answers [`BenchQuery`]s through one `groonga
//! DB` process on stdin/stdout. Each answer's latency is Groonga's own elapsed
//! time from the response header (query, drilldown, snippets and output, no
//! pipe), plus the round trip seen by the client.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Instant;

use shisaku::dimension::{self, BODY, TITLE};
use shisaku::index::document::{body, facet_keys, indicator_quantities, text_values};
use shisaku::plan::Record;

use super::corpus::BenchQuery;

/// Records per `load` command.
const LOAD_CHUNK: usize = 5000;

/// Whether a `groonga` binary is on PATH.
pub fn available() -> bool {
    Command::new("groonga")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A facet key made safe for Groonga's script syntax (no control characters).
fn safe_key(key: &str) -> String {
    key.replace('\u{1f}', "|").replace('\u{1e}', "~")
}

/// Percent-encodes a URI query value.
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The JSON object loaded for `r`.
fn row(r: &Record) -> serde_json::Value {
    let other: Vec<String> = dimension::texts()
        .map(|(d, _)| d)
        .filter(|d| ![&TITLE, &BODY].contains(d))
        .flat_map(|d| text_values(r, d))
        .collect();
    let keys = facet_keys(r);
    let counts: Vec<String> = keys
        .iter()
        .filter(|k| k.starts_with('c'))
        .map(|k| safe_key(k))
        .collect();
    let filters: Vec<String> = keys
        .iter()
        .filter(|k| k.starts_with('f'))
        .map(|k| safe_key(k))
        .collect();
    let mut row = serde_json::json!({
        "_key": r.id,
        "title": r.title,
        "summary": body(r).unwrap_or_default(),
        "text": other.join("\n"),
        "facets": counts,
        "filters": filters,
    });
    if let Some(target) = indicator_quantities(r).1 {
        row["target"] = serde_json::json!(target.number);
    }
    row
}

/// A running Groonga process over a loaded database.
pub struct Groonga {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Groonga {
    /// Creates a database in `dir` holding `records`, then opens it.
    pub fn load(dir: &Path, records: &[Record]) -> std::io::Result<Groonga> {
        std::fs::create_dir_all(dir)?;
        let db = dir.join("db");
        let script = dir.join("load.grn");
        {
            let mut w = BufWriter::new(std::fs::File::create(&script)?);
            writeln!(w, "table_create Records TABLE_HASH_KEY ShortText")?;
            writeln!(w, "column_create Records title COLUMN_SCALAR ShortText")?;
            writeln!(w, "column_create Records summary COLUMN_SCALAR Text")?;
            writeln!(w, "column_create Records text COLUMN_SCALAR Text")?;
            writeln!(w, "table_create Facets TABLE_PAT_KEY ShortText")?;
            writeln!(w, "column_create Records facets COLUMN_VECTOR Facets")?;
            writeln!(w, "column_create Records filters COLUMN_VECTOR Facets")?;
            writeln!(w, "column_create Records target COLUMN_SCALAR Float")?;
            for chunk in records.chunks(LOAD_CHUNK) {
                writeln!(w, "load --table Records")?;
                writeln!(w, "[")?;
                for (i, r) in chunk.iter().enumerate() {
                    let sep = if i + 1 < chunk.len() { "," } else { "" };
                    writeln!(w, "{}{sep}", row(r))?;
                }
                writeln!(w, "]")?;
            }
            // Indexes after loading: Groonga builds them statically, faster.
            writeln!(
                w,
                "table_create Terms TABLE_PAT_KEY ShortText --default_tokenizer TokenBigram --normalizer NormalizerAuto"
            )?;
            writeln!(
                w,
                "column_create Terms records_index COLUMN_INDEX|WITH_POSITION|WITH_SECTION Records title,summary,text"
            )?;
            writeln!(
                w,
                "column_create Facets records_facets COLUMN_INDEX Records facets"
            )?;
            writeln!(
                w,
                "column_create Facets records_filters COLUMN_INDEX Records filters"
            )?;
        }
        let status = Command::new("groonga")
            .arg("-n")
            .arg(&db)
            .stdin(std::fs::File::open(&script)?)
            .stdout(Stdio::null())
            .status()?;
        if !status.success() {
            return Err(std::io::Error::other(format!("groonga load: {status}")));
        }
        let mut child = Command::new("groonga")
            .arg(&db)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let stdin = child
            .stdin
            .take()
            .ok_or_else(|| std::io::Error::other("no stdin"))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("no stdout"))?;
        Ok(Groonga {
            child,
            stdin,
            stdout: BufReader::new(stdout),
        })
    }

    /// The `select` command for `q`: top 10 by score with a snippet, all facet
    /// counts, no query cache.
    fn command(q: &BenchQuery) -> String {
        let query = if q.phrase {
            format!("\"{}\"", q.words.concat())
        } else {
            q.words.join(" ")
        };
        let sort = if q.min_target.is_some() {
            "-target"
        } else {
            "-_score"
        };
        let mut cmd = format!(
            "/d/select?table=Records&cache=no&match_columns={}&query={}&output_columns={}&sort_keys={sort}&limit=10&drilldown=facets&drilldown_limit=-1",
            encode("title * 2 || summary || text"),
            encode(&query),
            encode("_key,_score,title,snippet_html(summary)"),
        );
        if let Some(min) = q.min_target {
            cmd.push_str(&format!("&filter={}", encode(&format!("target >= {min}"))));
        }
        if let Some(f) = &q.filter {
            if let Ok(key) = f.facet_key() {
                let expr = format!("filters @ \"{}\"", safe_key(&key).replace('"', "\\\""));
                cmd.push_str(&format!("&filter={}", encode(&expr)));
            }
        }
        cmd
    }

    /// Runs `q`: (total hits, Groonga's elapsed ms, round-trip ms).
    pub fn run(&mut self, q: &BenchQuery) -> std::io::Result<(u64, f64, f64)> {
        let start = Instant::now();
        writeln!(self.stdin, "{}", Groonga::command(q))?;
        self.stdin.flush()?;
        let mut line = String::new();
        self.stdout.read_line(&mut line)?;
        let round_trip = start.elapsed().as_secs_f64() * 1000.0;
        let value: serde_json::Value =
            serde_json::from_str(&line).map_err(std::io::Error::other)?;
        let header = &value[0];
        if header[0].as_i64() != Some(0) {
            return Err(std::io::Error::other(format!("groonga error: {header}")));
        }
        let elapsed = header[2].as_f64().unwrap_or(f64::NAN) * 1000.0;
        let total = value[1][0][0][0].as_u64().unwrap_or(0);
        Ok((total, elapsed, round_trip))
    }
}

impl Drop for Groonga {
    fn drop(&mut self) {
        let _ = writeln!(self.stdin, "quit");
        let _ = self.stdin.flush();
        let _ = self.child.wait();
    }
}
