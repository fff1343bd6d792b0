//! `shisaku extract`: text in reading order, or positioned runs as JSON.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use rayon::prelude::*;

use crate::layout::{analyze, page_text};
use crate::pipeline;

/// Output format of `extract`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExtractFormat {
    /// Lines in reading order.
    Text,
    /// Positioned glyph runs and rules per page.
    Json,
}

/// Arguments of `extract`.
#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// The PDF file.
    file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: ExtractFormat,
    /// Pages to print, e.g. "3", "3-5" or "1,4-6" (default: all).
    #[arg(long)]
    pages: Option<String>,
    #[command(flatten)]
    limits: super::limits::LimitArgs,
}

/// Run `extract`.
pub fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    if args.file.is_dir() {
        anyhow::bail!(
            "{} is a directory; extract reads one PDF (to index a folder, use `shisaku ingest {}`)",
            args.file.display(),
            args.file.display()
        );
    }
    let options = pipeline::Options {
        limits: args.limits.to_limits(),
        ..pipeline::Options::default()
    };
    let doc =
        pipeline::open(&args.file, &options).with_context(|| format!("{}", args.file.display()))?;
    let pages = super::pages::page_selection(args.pages.as_deref(), doc.page_count())?;
    let params = &options.layout;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if let ExtractFormat::Json = args.format {
        let mut json_pages = Vec::new();
        for n in &pages {
            let page = doc
                .page(*n)
                .with_context(|| format!("{}: page {n}", args.file.display()))?;
            warn(&args.file, *n, &page.warnings);
            json_pages.push(page);
        }
        serde_json::to_writer(&mut out, &json_pages)?;
        out.write_all(b"\n")?;
        return Ok(ExitCode::SUCCESS);
    }
    // Pages are interpreted and laid out on all cores (rayon keeps their
    // order), then printed; a page that fails stops the output there, as one
    // at a time.
    let texts: Vec<_> = pages
        .par_iter()
        .map(|&n| {
            doc.page(n).map(|page| {
                let layout = analyze(&page, params);
                (page.warnings, page_text(&layout, params))
            })
        })
        .collect();
    for (i, (n, text)) in pages.iter().zip(texts).enumerate() {
        let (warnings, text) =
            text.with_context(|| format!("{}: page {n}", args.file.display()))?;
        warn(&args.file, *n, &warnings);
        if i > 0 {
            out.write_all(b"\x0c")?;
        }
        out.write_all(text.as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Print a page's warnings to stderr.
fn warn(file: &std::path::Path, n: u32, warnings: &[String]) {
    for w in warnings {
        eprintln!("warning: {}: page {n}: {w}", file.display());
    }
}
