//! `shisaku show`: one record in full, its lineage (stored with the records
//! by ingest, or computed from the index when absent) and its place in the
//! PDF.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use serde::Serialize;

use crate::index::open_index;
use crate::ingest::read_manifest;
use crate::lineage::{compute_by_issuer, lineage_of, Lineage, LineageParams, Link, Status};
use crate::plan::{BBox, Record};

/// Arguments of `show`.
#[derive(Args, Debug)]
pub struct ShowArgs {
    /// Record id, e.g. ict2014/4-2-4.
    id: String,
    /// Index directory.
    #[arg(long, default_value = "index")]
    index: PathBuf,
    /// Print {"record", "lineage", "location"} as JSON.
    #[arg(long)]
    json: bool,
}

/// One neighbour in the output.
#[derive(Debug, Serialize)]
struct Neighbour {
    id: String,
    title: String,
    score: f64,
    evidence: Vec<String>,
}

/// Both directions, and where they came from.
#[derive(Debug, Serialize)]
struct LineageOut {
    /// "stored" (in the index) or "computed" (an index written without it).
    from: &'static str,
    /// Where the record stands between its issuer's editions.
    status: Vec<Status>,
    predecessors: Vec<Neighbour>,
    successors: Vec<Neighbour>,
}

/// Where the record is in the PDF.
#[derive(Debug, Serialize)]
struct Location {
    file: String,
    page: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    bbox: Option<BBox>,
}

#[derive(Debug, Serialize)]
struct ShowOut<'a> {
    record: &'a Record,
    /// The plan title of its edition, when the ingest read one.
    #[serde(skip_serializing_if = "Option::is_none")]
    plan_title: Option<String>,
    lineage: LineageOut,
    location: Location,
}

/// Run `show`.
pub fn run(args: ShowArgs) -> anyhow::Result<ExitCode> {
    // One read of the index: the records with their stored lineage.
    let entries = open_index(&args.index)
        .with_context(|| {
            format!(
                "opening index {} (build it with `shisaku ingest`)",
                args.index.display()
            )
        })?
        .all_entries()
        .context("reading the index")?;
    let stored = lineage_of(&entries);
    let records: Vec<Record> = entries.into_iter().map(|(r, _)| r).collect();
    let record = records
        .iter()
        .find(|r| r.id == args.id)
        .with_context(|| format!("no record {:?} in {}", args.id, args.index.display()))?;
    let (lineage, from) = match stored {
        Some(l) => (l, "stored"),
        None => {
            let issuers = read_manifest(&args.index)
                .map(|m| m.issuers())
                .unwrap_or_default();
            (
                compute_by_issuer(&records, &issuers, &LineageParams::default()),
                "computed",
            )
        }
    };
    let plan_title = read_manifest(&args.index)
        .ok()
        .and_then(|m| m.titles().remove(&record.edition));
    let out = ShowOut {
        record,
        plan_title,
        lineage: neighbours(&lineage, &records, &args.id, from),
        location: Location {
            file: record.source.file.clone(),
            page: if record.source.page > 0 {
                record.source.page
            } else {
                record.page
            },
            bbox: record.source.bbox,
        },
    };
    if args.json {
        println!("{}", serde_json::to_string(&out)?);
    } else {
        print_text(&out);
    }
    Ok(ExitCode::SUCCESS)
}

fn neighbours(lineage: &Lineage, records: &[Record], id: &str, from: &'static str) -> LineageOut {
    let make = |l: &Link, other: &str| Neighbour {
        id: other.to_string(),
        title: records
            .iter()
            .find(|r| r.id == other)
            .map(|r| r.title.clone())
            .unwrap_or_default(),
        score: l.score,
        evidence: l.evidence.clone(),
    };
    let status = lineage
        .per_record(records)
        .remove(id)
        .map(|l| l.status)
        .unwrap_or_default();
    LineageOut {
        from,
        status,
        predecessors: lineage.predecessors(id).map(|l| make(l, &l.from)).collect(),
        successors: lineage.successors(id).map(|l| make(l, &l.to)).collect(),
    }
}

fn print_text(out: &ShowOut<'_>) {
    let r = out.record;
    println!("{}  [{}]  {}", r.title, r.id, r.kind.as_str());
    let line = |label: &str, value: String| {
        if !value.trim().is_empty() {
            println!("  {label}: {value}");
        }
    };
    line(
        "edition",
        crate::dimension::show_edition(&r.edition, out.plan_title.as_deref()),
    );
    line(
        "分野",
        [r.field_no.map(|n| n.to_string()), r.field.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" "),
    );
    line(
        "項目",
        [r.item_no.map(|n| n.to_string()), r.item.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" "),
    );
    if r.is_new == Some(true) {
        line("新規", "新".into());
    }
    line(
        "概要",
        r.summary
            .clone()
            .or_else(|| r.text.clone())
            .unwrap_or_default(),
    );
    line(
        "性質・手法",
        r.methods.clone().unwrap_or_default().join("，"),
    );
    line("主体", r.actors.clone().unwrap_or_default().join("，"));
    line("媒体", r.media.clone().unwrap_or_default().join("，"));
    line(
        "担当",
        r.departments
            .iter()
            .flatten()
            .map(crate::plan::Department::label)
            .collect::<Vec<_>>()
            .join("，"),
    );
    line(
        "スケジュール",
        r.schedule
            .iter()
            .flatten()
            .map(crate::plan::ScheduleSpan::text)
            .collect::<Vec<_>>()
            .join("，"),
    );
    line("URL", r.urls.clone().unwrap_or_default().join(" "));
    line("参考", r.references.clone().unwrap_or_default().join("，"));
    for i in r.indicator_list() {
        line("指標", format!("{}  {}", i.name, i.values_label()));
    }
    line(
        "主な事業",
        r.projects.clone().unwrap_or_default().join("，"),
    );
    line("備考", r.notes.clone().flatten().unwrap_or_default());
    let loc = &out.location;
    println!("  PDF: {} p.{}", loc.file, loc.page);
    let lin = &out.lineage;
    for (label, list) in [
        ("predecessor", &lin.predecessors),
        ("successor", &lin.successors),
    ] {
        for n in list {
            println!("  {label}: {} {}  ({:.2})", n.id, n.title, n.score);
            println!("      {}", n.evidence.join("; "));
        }
    }
    if !lin.status.is_empty() {
        let names: Vec<&str> = lin.status.iter().map(|s| s.name()).collect();
        println!("  lineage status: {}", names.join(", "));
    }
    if lin.predecessors.is_empty() && lin.successors.is_empty() {
        println!("  lineage: none ({})", lin.from);
    }
}
