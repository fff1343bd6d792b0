//! `shisaku diff`: what continued, what is new and what was dropped between
//! two editions (see [`crate::lineage::diff`]).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use crate::export::csv::CsvWriter;
use crate::export::{collect_records, LIST_SEPARATOR};
use crate::index::open_index;
use crate::ingest::read_manifest;
use crate::lineage::{diff, EditionDiff, LineageParams};
use crate::plan::Record;

/// Arguments of `diff`.
#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The earlier edition, e.g. it2013.
    #[arg(long)]
    from: String,
    /// The later edition, e.g. ict2014.
    #[arg(long)]
    to: String,
    /// Print {"continued":[…],"new":[…],"dropped":[…]} as JSON.
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print one CSV row per record (UTF-8 with BOM, CRLF).
    #[arg(long)]
    csv: bool,
    /// Index directory.
    #[arg(long, default_value = "index")]
    index: PathBuf,
}

/// Run `diff`.
pub fn run(args: DiffArgs) -> anyhow::Result<ExitCode> {
    let records = load(&args.index)?;
    let manifest = read_manifest(&args.index).ok();
    let issuers = manifest.as_ref().map(|m| m.issuers()).unwrap_or_default();
    let titles = manifest.as_ref().map(|m| m.titles()).unwrap_or_default();
    if let (Some(a), Some(b)) = (issuers.get(&args.from), issuers.get(&args.to)) {
        if a != b {
            eprintln!(
                "note: {} is {a}'s plan and {} is {b}'s; lineage links editions of one issuer, this diff compares them anyway",
                args.from, args.to
            );
        }
    }
    if crate::lineage::diff::is_reversed(&records, &args.from, &args.to) {
        eprintln!(
            "note: {} is the later edition and {} the earlier; \"new\" and \"dropped\" are read the other way round (swap --from and --to)",
            args.from, args.to
        );
    }
    let d = diff(&records, &args.from, &args.to, &LineageParams::default())?;
    if args.json {
        println!("{}", serde_json::to_string(&d)?);
    } else if args.csv {
        write_csv(&d, &records).context("writing CSV")?;
    } else {
        print_text(&args, &d, &records, &titles);
    }
    Ok(ExitCode::SUCCESS)
}

fn title_of<'a>(records: &'a [Record], id: &str) -> &'a str {
    records
        .iter()
        .find(|r| r.id == id)
        .map_or("", |r| r.title.as_str())
}

fn print_text(
    args: &DiffArgs,
    d: &EditionDiff,
    records: &[Record],
    titles: &std::collections::BTreeMap<String, String>,
) {
    println!(
        "{} → {}: {} continued, {} new, {} dropped",
        args.from,
        args.to,
        d.continued.len(),
        d.new.len(),
        d.dropped.len()
    );
    for edition in [&args.from, &args.to] {
        if let Some(title) = titles.get(edition) {
            println!("  {edition}: {title}");
        }
    }
    println!("\ncontinued:");
    for c in &d.continued {
        println!(
            "  {} → {}  {:.2}  {}",
            c.from,
            c.to,
            c.score,
            title_of(records, &c.from)
        );
        if let Some(t) = &c.changes.title {
            println!("      title: {} → {}", t.from, t.to);
        }
        if let Some(k) = &c.changes.kind {
            println!("      kind: {} → {}", k.from, k.to);
        }
        if let Some(dp) = &c.changes.departments {
            println!("      担当: {} → {}", dp.from.join("，"), dp.to.join("，"));
        }
        if let Some(s) = &c.changes.schedule {
            println!(
                "      schedule: {} → {}",
                s.from.join("，"),
                s.to.join("，")
            );
        }
        println!("      evidence: {}", c.evidence.join("; "));
    }
    for (label, ids) in [("new", &d.new), ("dropped", &d.dropped)] {
        println!("\n{label}:");
        for id in ids {
            println!("  {id}  {}", title_of(records, id));
        }
    }
}

fn write_csv(d: &EditionDiff, records: &[Record]) -> std::io::Result<()> {
    let mut w = CsvWriter::new(std::io::stdout().lock())?;
    w.row(&[
        "status",
        "from",
        "to",
        "score",
        "from_title",
        "to_title",
        "changes",
        "evidence",
    ])?;
    for c in &d.continued {
        let mut changed = Vec::new();
        if let Some(t) = &c.changes.title {
            changed.push(format!("title: {} → {}", t.from, t.to));
        }
        if let Some(k) = &c.changes.kind {
            changed.push(format!("kind: {} → {}", k.from, k.to));
        }
        if let Some(dp) = &c.changes.departments {
            changed.push(format!(
                "担当: {} → {}",
                dp.from.join("，"),
                dp.to.join("，")
            ));
        }
        if let Some(s) = &c.changes.schedule {
            changed.push(format!(
                "schedule: {} → {}",
                s.from.join("，"),
                s.to.join("，")
            ));
        }
        w.row(&[
            "continued".to_string(),
            c.from.clone(),
            c.to.clone(),
            format!("{:.3}", c.score),
            title_of(records, &c.from).to_string(),
            title_of(records, &c.to).to_string(),
            changed.join(LIST_SEPARATOR),
            c.evidence.join(LIST_SEPARATOR),
        ])?;
    }
    for id in &d.new {
        let t = title_of(records, id).to_string();
        w.row(&["new", "", id, "", "", &t, "", ""])?;
    }
    for id in &d.dropped {
        let t = title_of(records, id).to_string();
        w.row(&["dropped", id, "", "", &t, "", "", ""])?;
    }
    w.finish().map(|_| ())
}

/// Loads every record of the index in `dir` (used by `diff` and `show`).
pub(super) fn load(dir: &std::path::Path) -> anyhow::Result<Vec<Record>> {
    let index = open_index(dir).with_context(|| {
        format!(
            "opening index {} (build it with `shisaku ingest`)",
            dir.display()
        )
    })?;
    let (records, warnings) = collect_records(&index, "", &[]).context("reading the index")?;
    for w in warnings {
        eprintln!("note: {w}");
    }
    Ok(records)
}
