//! `shisaku export`: matching records (all of them without a query or
//! filter) as JSON Lines, CSV or OpenSearch bulk NDJSON, or the indicators
//! table (see [`crate::export`]).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};

use crate::export::{collect_entries, csv, indicators, opensearch, write_jsonl};
use crate::index::open_index;
use crate::query::Filter;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// One JSON object per line.
    Jsonl,
    /// CSV for Excel: UTF-8 with BOM, CRLF, lists joined with "；".
    Csv,
    /// OpenSearch `_bulk` NDJSON, with an index template beside it.
    Opensearch,
}

/// What to export instead of whole records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Table {
    /// One row per indicator, values split into number and unit.
    Indicators,
}

/// Arguments of `export`.
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Query (same language as `search`); empty exports every record.
    #[arg(default_value = "")]
    query: String,
    /// Facet filter, e.g. edition=ict2014, dept=情報政策課 (repeatable).
    #[arg(long = "filter", short = 'f')]
    filters: Vec<String>,
    /// Output format (default: from the --out extension — .csv, .jsonl,
    /// .ndjson — else jsonl).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Export a derived table instead of records (jsonl or csv).
    #[arg(long, value_enum)]
    table: Option<Table>,
    /// Index directory.
    #[arg(long, default_value = "index")]
    index: PathBuf,
    /// Output file (default: standard output; required for opensearch, whose
    /// template is written beside it as <stem>.template.json).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Index name written in the OpenSearch bulk actions and template pattern.
    #[arg(long, default_value = "shisaku")]
    opensearch_index: String,
}

/// The format asked for, checked against the output file's extension: a
/// `.csv` file never receives JSON Lines, nor a `.jsonl` file CSV.
fn resolve_format(asked: Option<Format>, out: Option<&Path>) -> anyhow::Result<Format> {
    let ext = out
        .and_then(Path::extension)
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let implied = match ext.as_deref() {
        Some("csv") => Some(Format::Csv),
        Some("jsonl" | "ndjson") => Some(Format::Jsonl),
        _ => None,
    };
    match (asked, implied) {
        (Some(Format::Opensearch), _) => Ok(Format::Opensearch),
        (Some(a), Some(i)) if a != i => anyhow::bail!(
            "--format {} does not match the file name {} (a .{} file); change one of them",
            format!("{a:?}").to_lowercase(),
            out.map_or(String::new(), |p| p.display().to_string()),
            ext.unwrap_or_default()
        ),
        (Some(a), _) => Ok(a),
        (None, Some(i)) => Ok(i),
        (None, None) => Ok(Format::Jsonl),
    }
}

/// Run `export`.
pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let format = resolve_format(args.format, args.out.as_deref())?;
    if format == Format::Opensearch && args.out.is_none() {
        anyhow::bail!("--format opensearch needs --out FILE (the index template goes beside it)");
    }
    if format == Format::Opensearch && args.table.is_some() {
        anyhow::bail!("--table indicators is exported as jsonl or csv, not opensearch");
    }
    let mut filters = Vec::new();
    for f in &args.filters {
        filters.push(
            f.parse::<Filter>()
                .map_err(|e| anyhow::anyhow!("--filter {f:?}: {e}"))?,
        );
    }
    let index = open_index(&args.index).with_context(|| {
        format!(
            "opening index {} (build it with `shisaku ingest`)",
            args.index.display()
        )
    })?;
    let (entries, warnings) = collect_entries(&index, &args.query, &filters)?;
    // The bulk file carries each record's lineage; the other formats only the record.
    let bulk = args.table.is_none() && format == Format::Opensearch;
    let (records, entries): (Vec<_>, Vec<_>) = if bulk {
        (Vec::new(), entries)
    } else {
        (entries.into_iter().map(|(r, _)| r).collect(), Vec::new())
    };
    for w in &warnings {
        eprintln!("note: {w}");
    }
    let mut out: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("creating {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let destination = args.out.as_ref().map_or_else(
        || "standard output".to_string(),
        |p| p.display().to_string(),
    );
    match (args.table, format) {
        (Some(Table::Indicators), Format::Csv) => {
            let rows = indicators::rows(&records);
            indicators::write_csv(&mut out, &rows)?;
            eprintln!("wrote {} indicator rows (CSV) to {destination}", rows.len());
        }
        (Some(Table::Indicators), _) => {
            let rows = indicators::rows(&records);
            indicators::write_jsonl(&mut out, &rows)?;
            eprintln!(
                "wrote {} indicator rows (JSON Lines) to {destination}",
                rows.len()
            );
        }
        (None, Format::Jsonl) => {
            write_jsonl(&mut out, &records)?;
            eprintln!(
                "wrote {} records (JSON Lines) to {destination}",
                records.len()
            );
        }
        (None, Format::Csv) => {
            csv::write_records(&mut out, &records)?;
            eprintln!("wrote {} records (CSV) to {destination}", records.len());
        }
        (None, Format::Opensearch) => {
            opensearch::write_bulk(&mut out, &args.opensearch_index, &entries)?;
            if let Some(path) = &args.out {
                let template = template_path(path);
                let json = serde_json::to_string_pretty(&opensearch::index_template(
                    &args.opensearch_index,
                ))?;
                std::fs::write(&template, json + "\n")
                    .with_context(|| format!("writing {}", template.display()))?;
                eprintln!(
                    "wrote {} records to {} and the index template to {}",
                    entries.len(),
                    path.display(),
                    template.display()
                );
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `dir/<stem>.template.json` beside `out`.
fn template_path(out: &Path) -> PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "shisaku".into());
    out.with_file_name(format!("{stem}.template.json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_follow_the_file_name_or_are_refused() {
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(
            resolve_format(None, Some(&p("y.csv"))).unwrap(),
            Format::Csv
        );
        assert_eq!(
            resolve_format(None, Some(&p("y.JSONL"))).unwrap(),
            Format::Jsonl
        );
        assert_eq!(resolve_format(None, None).unwrap(), Format::Jsonl);
        assert_eq!(
            resolve_format(Some(Format::Csv), Some(&p("y.txt"))).unwrap(),
            Format::Csv
        );
        let err = resolve_format(Some(Format::Jsonl), Some(&p("y.csv"))).unwrap_err();
        assert!(err.to_string().contains("does not match"), "{err}");
    }
}
