//! `shisaku extract`: text in reading order, or positioned runs as JSON.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};

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
    let mut json_pages = Vec::new();
    for (i, n) in pages.iter().enumerate() {
        let page = doc
            .page(*n)
            .with_context(|| format!("{}: page {n}", args.file.display()))?;
        for w in &page.warnings {
            eprintln!("warning: {}: page {n}: {w}", args.file.display());
        }
        match args.format {
            ExtractFormat::Text => {
                if i > 0 {
                    out.write_all(b"\x0c")?;
                }
                let layout = analyze(&page, params);
                out.write_all(page_text(&layout, params).as_bytes())?;
            }
            ExtractFormat::Json => json_pages.push(page),
        }
    }
    if let ExtractFormat::Json = args.format {
        serde_json::to_writer(&mut out, &json_pages)?;
        out.write_all(b"\n")?;
    }
    Ok(ExitCode::SUCCESS)
}
