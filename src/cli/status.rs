//! `shisaku status`: documents, records by edition and kind, issuers,
//! lineage between editions, last ingest, size.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use serde::Serialize;

use crate::index::open_index;
use crate::ingest::read_manifest;
use crate::query::SearchRequest;

/// Arguments of `status`.
#[derive(Args, Debug)]
pub struct StatusArgs {
    /// Index directory.
    #[arg(long, default_value = "index")]
    index: PathBuf,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// The status of an index.
#[derive(Debug, Serialize)]
struct Status {
    index: String,
    documents: usize,
    records: u64,
    by_edition: BTreeMap<String, u64>,
    /// Edition → its plan title, when the ingest read one.
    edition_titles: BTreeMap<String, String>,
    by_kind: BTreeMap<String, u64>,
    /// Issuer → its editions, oldest first.
    issuers: BTreeMap<String, Vec<String>>,
    /// Records by lineage status (continued, new, carried, dropped).
    by_lineage: BTreeMap<String, u64>,
    /// Lineage links between records of consecutive editions, each counted
    /// once (as `ingest` reports them).
    links: usize,
    last_ingest: String,
    size_bytes: u64,
    files: Vec<FileStatus>,
}

#[derive(Debug, Serialize)]
struct FileStatus {
    path: String,
    edition: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    issuer: Option<String>,
    records: usize,
    pages: usize,
    coverage: crate::plan::Coverage,
    exists: bool,
}

/// Each issuer's editions (by the manifest; "" for editions of no known
/// issuer), oldest first.
fn issuers(
    manifest: &crate::ingest::manifest::Manifest,
    editions: &[crate::query::FacetValue],
) -> BTreeMap<String, Vec<String>> {
    let by_edition = manifest.issuers();
    let mut ids: Vec<String> = editions.iter().map(|v| v.value.clone()).collect();
    ids.sort_by_key(|e| (crate::lineage::edition_year(e), e.clone()));
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in ids {
        let issuer = by_edition.get(&e).cloned().unwrap_or_default();
        out.entry(issuer).or_default().push(e);
    }
    out
}

/// Links stored in the index: each record's successors, counted once per pair.
fn links(index: &crate::index::SearchIndex) -> Result<usize, crate::index::IndexError> {
    let pairs: std::collections::BTreeSet<(String, String)> = index
        .all_entries()?
        .into_iter()
        .flat_map(|(r, l)| {
            l.into_iter()
                .flat_map(|l| l.successors)
                .map(move |n| (r.id.clone(), n.id))
        })
        .collect();
    Ok(pairs.len())
}

/// Run `status`.
pub fn run(args: StatusArgs) -> anyhow::Result<ExitCode> {
    let index = open_index(&args.index).with_context(|| {
        format!(
            "opening index {} (run `shisaku ingest` first)",
            args.index.display()
        )
    })?;
    let manifest = read_manifest(&args.index)
        .with_context(|| format!("reading the manifest of {}", args.index.display()))?;
    let resp = index
        .search(&SearchRequest {
            limit: 1,
            ..SearchRequest::default()
        })
        .context("counting records")?;
    let counts = |vals: &[crate::query::FacetValue]| {
        vals.iter()
            .map(|v| (v.value.clone(), v.count))
            .collect::<BTreeMap<_, _>>()
    };
    let status = Status {
        index: args.index.display().to_string(),
        documents: manifest.files.len(),
        records: index.num_records(),
        by_edition: counts(resp.facets.get("edition")),
        edition_titles: manifest.titles(),
        by_kind: counts(resp.facets.get("kind")),
        issuers: issuers(&manifest, resp.facets.get("edition")),
        by_lineage: counts(resp.facets.get("lineage")),
        links: links(&index).context("reading lineage")?,
        last_ingest: manifest.ingested_at.clone(),
        size_bytes: crate::index::size_on_disk(&args.index),
        files: manifest
            .files
            .iter()
            .map(|(p, e)| FileStatus {
                path: p.clone(),
                edition: e.edition.clone(),
                issuer: e.issuer.clone(),
                records: e.records.len(),
                pages: e.pages,
                coverage: e.coverage.clone(),
                exists: Path::new(p).exists(),
            })
            .collect(),
    };
    if args.json {
        println!("{}", serde_json::to_string(&status)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("index        {}", status.index);
    println!("documents    {}", status.documents);
    println!("records      {}", status.records);
    for (e, n) in &status.by_edition {
        match status.edition_titles.get(e) {
            Some(title) => println!("  edition    {e:<12} {n:<4} {title}"),
            None => println!("  edition    {e:<12} {n}"),
        }
    }
    for (k, n) in &status.by_kind {
        println!("  kind       {k:<12} {n}");
    }
    for (issuer, editions) in &status.issuers {
        let name = if issuer.is_empty() {
            "(unknown)"
        } else {
            issuer
        };
        println!("  issuer     {name:<12} {}", editions.join(" → "));
    }
    if !status.by_lineage.is_empty() {
        let parts: Vec<String> = ["continued", "new", "carried", "dropped"]
            .iter()
            .filter_map(|k| status.by_lineage.get(*k).map(|n| format!("{k} {n}")))
            .collect();
        println!("lineage      {} links; {}", status.links, parts.join(", "));
    }
    println!(
        "last ingest  {}",
        if status.last_ingest.is_empty() {
            "(unknown)"
        } else {
            &status.last_ingest
        }
    );
    println!("size         {:.1} MB", status.size_bytes as f64 / 1e6);
    for f in &status.files {
        println!(
            "  {} {}  ({}, {} records; {})",
            if f.exists { " " } else { "!" },
            f.path,
            f.edition,
            f.records,
            f.coverage.summary()
        );
    }
    Ok(ExitCode::SUCCESS)
}
