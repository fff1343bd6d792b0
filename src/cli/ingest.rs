//! `shisaku ingest`: parse PDFs and bring the index up to date.
//!
//! Exit codes: 0 all files ingested (or unchanged), 2 completed with errors
//! (some files failed, or a conflict rejected a file; the others are
//! indexed), 1 the ingest failed (nothing changed in the index): no PDF in
//! the paths given, or every file failed.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use crate::ingest::{ingest, IngestOptions, IngestReport, Progress};

/// Exit code when some files failed or were rejected but the rest were indexed.
pub const EXIT_PARTIAL: u8 = 2;

/// Conflict lines printed at most.
const MAX_CONFLICT_LINES: usize = 20;

/// Arguments of `ingest`.
#[derive(Args, Debug)]
pub struct IngestArgs {
    /// PDF files or directories, searched recursively for *.pdf (default: corpus/).
    paths: Vec<PathBuf>,
    /// Index directory.
    #[arg(long, default_value = "index")]
    index: PathBuf,
    /// Rebuild the index from scratch instead of updating it.
    #[arg(long)]
    full: bool,
    /// Remove records of indexed files that no longer exist.
    #[arg(long)]
    prune: bool,
    /// Print one JSON summary object on stdout.
    #[arg(long)]
    json: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
    /// Issuer to record for files whose /Author names none (lineage links
    /// editions of one issuer only).
    #[arg(long)]
    issuer: Option<String>,
    /// Index FILE's records for its edition whatever the conflict rules say
    /// (repeatable; FILE is ingested too).
    #[arg(long, value_name = "FILE")]
    replace: Vec<PathBuf>,
    #[command(flatten)]
    limits: super::limits::LimitArgs,
}

/// Run `ingest`.
pub fn run(args: IngestArgs) -> anyhow::Result<ExitCode> {
    let mut paths = if args.paths.is_empty() && args.replace.is_empty() {
        vec![PathBuf::from("corpus")]
    } else {
        args.paths.clone()
    };
    paths.extend(args.replace.iter().cloned());
    let parse = crate::pipeline::Options {
        limits: args.limits.to_limits(),
        issuer: args.issuer.clone(),
        ..Default::default()
    };
    let options = IngestOptions {
        full: args.full,
        prune: args.prune,
        parse,
        replace: args.replace.clone(),
    };
    let report = run_ingest(&paths, &args.index, &options, args.quiet || args.json)?;
    print_report(&report, &args.index, args.json, args.quiet)?;
    let none = report.indexed == 0 && report.skipped == 0 && report.rejected == 0;
    if report.failed > 0 && none && !report.changed {
        eprintln!(
            "error: nothing indexed: all {} file(s) failed; {} is unchanged",
            report.failed,
            args.index.display()
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(if report.failed > 0 || report.rejected > 0 {
        ExitCode::from(EXIT_PARTIAL)
    } else {
        ExitCode::SUCCESS
    })
}

/// Ingest with a progress bar on a terminal, log lines otherwise, nothing when `silent`.
pub fn run_ingest(
    paths: &[PathBuf],
    index: &std::path::Path,
    options: &IngestOptions,
    silent: bool,
) -> anyhow::Result<IngestReport> {
    let bar: Mutex<Option<ProgressBar>> = Mutex::new(None);
    let tty = std::io::stderr().is_terminal();
    let progress = |p: Progress| {
        if silent {
            return;
        }
        let mut guard = bar.lock().unwrap_or_else(|e| e.into_inner());
        match p {
            Progress::Start(n) if tty && n > 0 => {
                let pb = ProgressBar::new(n as u64);
                pb.set_style(
                    ProgressStyle::with_template(
                        "{spinner} parsing [{bar:30}] {pos}/{len} {wide_msg}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
                *guard = Some(pb);
            }
            Progress::Start(n) => eprintln!("parsing {n} changed file(s)"),
            Progress::File(f, r) => {
                let msg = match r {
                    Ok(n) => format!("{}: {n} records", f.display()),
                    Err(e) => format!("{}: failed: {e}", f.display()),
                };
                match guard.as_ref() {
                    Some(pb) => {
                        pb.set_message(msg);
                        pb.inc(1);
                    }
                    None => eprintln!("  {msg}"),
                }
            }
            Progress::Committing => {
                if let Some(pb) = guard.take() {
                    pb.finish_and_clear();
                }
                eprintln!("writing the index");
            }
        }
    };
    let report = ingest(paths, index, options, &progress)
        .with_context(|| format!("ingest into {}", index.display()))?;
    if let Some(pb) = bar.lock().unwrap_or_else(|e| e.into_inner()).take() {
        pb.finish_and_clear();
    }
    Ok(report)
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
    // Like errors, conflicts are printed whatever the output mode (the
    // first few; the JSON report lists them all).
    for c in report.conflicts.iter().take(MAX_CONFLICT_LINES) {
        eprintln!(
            "conflict: edition {}: kept {}, rejected {}: {}",
            c.edition, c.kept, c.rejected, c.reason
        );
    }
    if let Some(more) = report.conflicts.len().checked_sub(MAX_CONFLICT_LINES) {
        if more > 0 {
            eprintln!("conflict: … and {more} more (--json lists them all)");
        }
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
    for d in &report.documents {
        eprintln!(
            "  {} ({}): {} records, {} of them passages; {}",
            d.file,
            d.edition,
            d.records,
            d.passages,
            d.coverage.summary()
        );
    }
    let pps = if report.seconds > 0.0 {
        report.pages as f64 / report.seconds
    } else {
        0.0
    };
    if !report.changed {
        eprintln!(
            "{}: 0 changed ({} files seen, {} unchanged, {} failed, {} rejected)",
            index.display(),
            report.files_seen,
            report.skipped,
            report.failed,
            report.rejected
        );
        return Ok(());
    }
    eprintln!(
        "{}: {} files seen, {} indexed, {} skipped, {} failed, {} rejected; records +{} ~{} -{} (total {}); {} pages in {:.2} s ({:.0} pages/s)",
        index.display(),
        report.files_seen,
        report.indexed,
        report.skipped,
        report.failed,
        report.rejected,
        report.records_added,
        report.records_replaced,
        report.records_removed,
        report.records_total,
        report.pages,
        report.seconds,
        pps
    );
    eprintln!(
        "lineage: {} links between editions{}",
        report.links,
        if report.records_relinked > 0 {
            format!(
                "; {} indexed records relinked to a changed neighbouring edition",
                report.records_relinked
            )
        } else {
            String::new()
        }
    );
    Ok(())
}
