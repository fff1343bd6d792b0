//! `shisaku ingest`: parse PDFs and (re)build the index.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use crate::ingest::{ingest, IngestReport};
use crate::plan::ParseOptions;

/// Exit code when some files failed but the rest were indexed.
pub const EXIT_PARTIAL: u8 = 2;

/// Arguments of `ingest`.
#[derive(Args, Debug)]
pub struct IngestArgs {
    /// PDF files or directories (default: corpus/).
    paths: Vec<PathBuf>,
    /// Index directory.
    #[arg(long, default_value = "index")]
    index: PathBuf,
    /// Print one JSON summary object on stdout.
    #[arg(long)]
    json: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
}

/// Run `ingest`.
pub fn run(args: IngestArgs) -> anyhow::Result<ExitCode> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("corpus")]
    } else {
        args.paths.clone()
    };
    let report = ingest(&paths, &args.index, &ParseOptions::default())
        .with_context(|| format!("ingest into {}", args.index.display()))?;
    print_report(&report, &args.index, args.json, args.quiet)?;
    Ok(if report.failed > 0 {
        ExitCode::from(EXIT_PARTIAL)
    } else {
        ExitCode::SUCCESS
    })
}

/// Print an ingest report as text (stderr) or JSON (stdout).
pub fn print_report(
    report: &IngestReport,
    index: &std::path::Path,
    json: bool,
    quiet: bool,
) -> anyhow::Result<()> {
    for e in &report.errors {
        eprintln!("error: {}: {}", e.file, e.error);
    }
    if json {
        println!("{}", serde_json::to_string(report)?);
        return Ok(());
    }
    if quiet {
        return Ok(());
    }
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    let pps = if report.seconds > 0.0 {
        report.pages as f64 / report.seconds
    } else {
        0.0
    };
    eprintln!(
        "indexed {} of {} files into {} ({} records, {} pages, {} skipped, {} failed) in {:.2} s ({:.0} pages/s)",
        report.indexed,
        report.files_seen,
        index.display(),
        report.records_added,
        report.pages,
        report.skipped,
        report.failed,
        report.seconds,
        pps
    );
    Ok(())
}
