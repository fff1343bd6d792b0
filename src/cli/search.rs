//! `shisaku search`: ranked hits with snippets and facet counts.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use crate::dimension::{DEPT, INDICATOR};
use crate::index::{needs_rebuild, open_index};
use crate::ingest::{read_manifest, IngestOptions};
use crate::plan::{Record, RecordKind};
use crate::query::{Collapse, Facets, Filter, QueryError, SearchRequest, SearchResponse, Sort};

/// Arguments of `search`.
#[derive(Args, Debug)]
pub struct SearchArgs {
    /// The query: words (AND), "phrase", OR, -exclude, title:/summary:/dept:/actor:/url: scopes.
    /// A query may start with an exclusion (`-クラウド`).
    #[arg(default_value = "", allow_hyphen_values = true)]
    query: String,
    /// Index directory (built from corpus/ when missing).
    #[arg(long, default_value = "index")]
    index: PathBuf,
    /// Hits to show (at least 1).
    #[arg(long, default_value_t = 10, value_parser = at_least_one)]
    limit: usize,
    /// Hits to skip.
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Filter, e.g. dept=情報政策課, field=ict2014:5 (or field=5 when one edition has it), year=2015, year>=2011, unit=件,
    /// indicator.target>=1000, indicator.current<10, indicator.change=100..500 (repeatable).
    #[arg(long = "filter", short = 'f')]
    filters: Vec<String>,
    /// Sort: relevance, id, edition, or an indicator value: target, current,
    /// change (largest first) or target_asc, current_asc, change_asc.
    #[arg(long, default_value = "relevance")]
    sort: String,
    /// Print the JSON response.
    #[arg(long)]
    json: bool,
    /// Show how the query was parsed and expanded.
    #[arg(long)]
    explain: bool,
    /// `lineage`: one result per initiative, its linked editions listed
    /// oldest first (paging and the total count results; facets count records).
    #[arg(long, default_value = "none")]
    collapse: Collapse,
}

/// Reads a count that must be at least 1.
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("{text:?} is not a whole number")),
    }
}

/// Run `search`.
pub fn run(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let missing = !args.index.join("meta.json").exists();
    let stale = !missing && needs_rebuild(&args.index);
    if missing || stale {
        // A stale index is rebuilt from the files it holds (ingest carries
        // them over); a missing one, or one that held nothing, from corpus/.
        let held = !read_manifest(&args.index)
            .map(|m| m.files.is_empty())
            .unwrap_or(true);
        let sources = if stale && held {
            eprintln!(
                "the index in {} was written by another version of shisaku; rebuilding it",
                args.index.display()
            );
            Vec::new()
        } else {
            let why = if stale {
                "was written by another version of shisaku and lists no files"
            } else {
                "is missing"
            };
            eprintln!(
                "the index in {} {why}; building it from corpus/ first",
                args.index.display()
            );
            vec![PathBuf::from("corpus")]
        };
        let report =
            super::ingest::run_ingest(&sources, &args.index, &IngestOptions::default(), false)
                .with_context(|| format!("building {}", args.index.display()))?;
        super::ingest::print_report(&report, &args.index, false, false)?;
    }
    let index = open_index(&args.index)
        .with_context(|| format!("opening index {}", args.index.display()))?;
    let mut filters = Vec::new();
    for f in &args.filters {
        filters.push(
            f.parse::<Filter>()
                .map_err(|e| anyhow::anyhow!("--filter {f:?}: {e}"))?,
        );
    }
    let sort: Sort = args
        .sort
        .parse()
        .map_err(|e: String| anyhow::anyhow!("--sort: {e}"))?;
    let req = SearchRequest {
        query: args.query.clone(),
        filters,
        offset: args.offset,
        limit: args.limit,
        sort,
        explain: args.explain,
        collapse: args.collapse,
    };
    let resp = match index.search(&req) {
        // A filter the index cannot answer is the user's to fix: its own message.
        Err(QueryError::Filter(e)) => return Err(anyhow::anyhow!("--filter {e}")),
        other => other.context("search")?,
    };
    if args.json {
        println!("{}", serde_json::to_string(&resp)?);
    } else {
        print_text(&resp, args.offset, std::io::stdout().is_terminal());
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints hits numbered from `offset + 1`, so paging continues the count.
fn print_text(resp: &SearchResponse, offset: usize, colour: bool) {
    for w in &resp.warnings {
        eprintln!("note: {w}");
    }
    if let Some(e) = &resp.explain {
        println!("query: {e}");
    }
    if resp.total == 0 {
        println!("該当する施策はありません (no hits)");
        return;
    }
    if resp.collapse == Collapse::Lineage {
        println!(
            "{} results, {} records ({:.1} ms; facets count records)",
            resp.total, resp.total_records, resp.took_ms
        );
    } else {
        println!("{} hits ({:.1} ms)", resp.total, resp.took_ms);
    }
    for (i, h) in resp.hits.iter().enumerate() {
        let depts: Vec<String> = h.departments.iter().map(|d| d.label()).collect();
        let place = match (&h.field, &h.item) {
            (Some(f), Some(it)) => format!("{f} › {it}"),
            (Some(f), None) => f.clone(),
            _ if h.kind == RecordKind::Passage => crate::serve::pages::passage_document(h, None),
            _ => String::new(),
        };
        let title = if h.title.is_empty() {
            "（見出しなし）"
        } else {
            &h.title
        };
        println!();
        let note = match h.quality.as_str() {
            Record::DAMAGED => "  ⚠ damaged extraction (quality=damaged)",
            Record::OCR => "  ℹ OCR text layer (quality=ocr)",
            _ => "",
        };
        println!(
            "{:>3}. {title}  [{}]  {}{note}",
            offset + i + 1,
            h.id,
            h.kind.as_str()
        );
        if !depts.is_empty() {
            println!("     {}: {}", DEPT.label, depts.join("，"));
        }
        if resp.sort == Sort::Relevance {
            println!("     {place}  p.{}  score {:.2}", h.page, h.score);
        } else {
            println!("     {place}  p.{}", h.page);
        }
        if let Some(i) = &h.indicator {
            println!("     {}: {}  {}", INDICATOR.label, i.name, i.values_label());
        }
        let snippet = if colour {
            h.snippet.ansi()
        } else {
            h.snippet.brackets()
        };
        println!("     {snippet}");
        if h.editions.len() > 1 {
            let eds: Vec<String> = h
                .editions
                .iter()
                .map(|e| format!("{} [{}]", e.edition, e.id))
                .collect();
            println!("     版: {}", eds.join(" → "));
        }
    }
    print_facets(&resp.facets);
}

/// Most values shown per facet in text output.
const FACET_VALUES_SHOWN: usize = 5;

/// One line per facet with values: its label and its first values with
/// counts, as the registry names and shows them.
fn print_facets(facets: &Facets) {
    let lines: Vec<String> = facets
        .iter()
        .filter(|(_, values)| !values.is_empty())
        .map(|(dim, values)| {
            let shown: Vec<String> = values
                .iter()
                .take(FACET_VALUES_SHOWN)
                .map(|v| format!("{} ({})", dim.show(&v.value, v.label.as_deref()), v.count))
                .collect();
            let more = if values.len() > FACET_VALUES_SHOWN {
                " …"
            } else {
                ""
            };
            format!("  {}: {}{more}", dim.label, shown.join(" · "))
        })
        .collect();
    if !lines.is_empty() {
        println!("\n絞り込み (facets):");
        for line in lines {
            println!("{line}");
        }
    }
}
