//! `shisaku parse`: records of a plan PDF as JSON Lines or one JSON document.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};

use crate::pdf::QualityClass;
use crate::pipeline::{parse_document, Options as ParseOptions};

/// Output format of `parse`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ParseFormat {
    /// One record per line.
    Jsonl,
    /// One document: {"doc", "edition", "pages", "records", "unplaced"}.
    Json,
}

/// Arguments of `parse`.
#[derive(Args, Debug)]
pub struct ParseArgs {
    /// The PDF file.
    file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: ParseFormat,
    /// Edition id to use when the document states no title (e.g. ict2014).
    #[arg(long)]
    edition: Option<String>,
    /// Issuer to record (the prefecture or municipality) when /Author names none.
    #[arg(long)]
    issuer: Option<String>,
    /// Show, on stderr, where on the page each record and each of its fields was read.
    #[arg(long)]
    explain: bool,
    /// Do not print warnings on stderr.
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    limits: super::limits::LimitArgs,
}

/// Run `parse`.
pub fn run(args: ParseArgs) -> anyhow::Result<ExitCode> {
    let options = ParseOptions {
        edition: args.edition.clone(),
        issuer: args.issuer.clone(),
        limits: args.limits.to_limits(),
        ..Default::default()
    };
    let parsed =
        parse_document(&args.file, &options).with_context(|| format!("{}", args.file.display()))?;
    if !args.quiet {
        for w in &parsed.warnings {
            eprintln!("warning: {}: {w}", args.file.display());
        }
        for q in &parsed.quality {
            let level = if q.class == QualityClass::Damaged {
                "warning"
            } else {
                "note"
            };
            eprintln!(
                "{level}: {}: page {}: extraction quality {}: {} unmapped glyphs, {} replacement characters, {} invisible glyphs",
                args.file.display(),
                q.page,
                q.class.as_str(),
                q.quality.unmapped_glyphs,
                q.quality.replacement_chars,
                q.quality.invisible_glyphs
            );
        }
        eprintln!("{}: {}", args.file.display(), parsed.coverage.summary());
    }
    if args.explain {
        explain(&parsed.records, &parsed.readings);
    }
    if !args.quiet || args.explain {
        let pages: std::collections::BTreeSet<u32> =
            parsed.records.iter().map(|r| r.page).collect();
        eprintln!(
            "{}: {} records; {} of {} pages produced records",
            args.file.display(),
            parsed.records.len(),
            pages.len(),
            parsed.pages.len()
        );
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        ParseFormat::Jsonl => {
            for r in &parsed.records {
                serde_json::to_writer(&mut out, r)?;
                out.write_all(b"\n")?;
            }
        }
        ParseFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &parsed)?;
            out.write_all(b"\n")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Print each record's provenance: page, card box, and per field the box and the value read.
fn explain(records: &[crate::plan::Record], readings: &std::collections::HashMap<String, String>) {
    for r in records {
        let b = r.source.bbox;
        let place = b.map_or(String::new(), |b| {
            format!(" [{:.0},{:.0} – {:.0},{:.0}]", b.x0, b.y0, b.x1, b.y1)
        });
        eprintln!("{} ({}) page {}{place}", r.id, r.kind.as_str(), r.page);
        if let Some(how) = readings.get(&r.id) {
            eprintln!("  read as: {how}");
        }
        let json = serde_json::to_value(r).unwrap_or_default();
        for (field, b) in &r.source.fields {
            let mut value = &json;
            for part in field.split('.') {
                value = value.get(part).unwrap_or(&serde_json::Value::Null);
            }
            let mut shown = value.to_string();
            if shown.chars().count() > 60 {
                shown = shown.chars().take(60).collect::<String>() + "…";
            }
            eprintln!(
                "  {field:<18} [{:.0},{:.0} – {:.0},{:.0}] {shown}",
                b.x0, b.y0, b.x1, b.y1
            );
        }
    }
}
