//! Batch ingestion: PDF paths → parsed documents (in parallel) → one index
//! commit, incrementally.
//!
//! Stages:
//! 1. **collect** the PDFs under the given paths ([`collect_pdfs`]);
//! 2. **lock** the index directory ([`lock::IndexLock`]): a second ingest waits;
//! 3. **plan**: hash every file and compare with the [`Manifest`] of the last
//!    commit: unchanged files are skipped, a file whose content is already
//!    indexed under another path is a duplicate, the rest are parsed;
//! 4. **parse** the changed files in parallel (rayon), each in isolation: a
//!    file that fails is reported with its name and reason and the rest go on;
//! 5. **apply**: a changed file's old records are deleted and its new records
//!    added; a file bringing an edition another file already brought replaces
//!    that file's records (with a warning naming both); `prune` removes
//!    records of files that are gone; everything lands in one commit whose
//!    payload is the new manifest ([`crate::index::batch`]).
//!
//! A crash at any point leaves the previous commit (records and manifest)
//! intact; the next ingest finds the same files changed and completes the work.

pub mod lock;
pub mod manifest;
pub mod relink;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use crate::index::batch::{apply, read_payload, Batch};
use crate::index::IndexError;
use crate::pipeline::{parse_document, Options as ParseOptions};
use crate::plan::{ParsedDocument, Record, Timings};

pub use manifest::{FileEntry, Manifest};

/// One file that could not be ingested.
#[derive(Debug, Clone, Serialize)]
pub struct FileError {
    /// The file.
    pub file: String,
    /// Why.
    pub error: String,
}

/// What an ingest did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IngestReport {
    /// PDF files found.
    pub files_seen: usize,
    /// Files whose records were (re)indexed.
    pub indexed: usize,
    /// Files skipped: unchanged, or duplicates of indexed content.
    pub skipped: usize,
    /// Files that failed.
    pub failed: usize,
    /// Records that were not in the index before.
    pub records_added: usize,
    /// Records replaced by a new version.
    pub records_replaced: usize,
    /// Records removed (file changed, replaced edition, or pruned).
    pub records_removed: usize,
    /// Records in the index after the ingest.
    pub records_total: usize,
    /// Records already indexed that were written again because their
    /// lineage changed (a neighbouring edition arrived or changed).
    pub records_relinked: usize,
    /// Lineage links in the index after the ingest.
    pub links: usize,
    /// Pairs of editions whose links were computed by this ingest.
    pub lineage_pairs_scored: usize,
    /// Pairs of editions whose stored links were kept (neither edition changed).
    pub lineage_pairs_reused: usize,
    /// Pages read.
    pub pages: usize,
    /// Wall time in seconds.
    pub seconds: f64,
    /// Time per stage, summed over files (seconds): extract, layout, parse;
    /// and the index commit.
    pub stages: StageTimes,
    /// Per-file errors.
    pub errors: Vec<FileError>,
    /// Warnings (duplicates, replaced editions).
    pub warnings: Vec<String>,
    /// Whether the index changed.
    pub changed: bool,
}

/// Seconds per stage.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct StageTimes {
    /// PDF interpretation.
    pub extract: f64,
    /// Layout analysis.
    pub layout: f64,
    /// Plan parsing.
    pub parse: f64,
    /// Analysis and indexing (the commit).
    pub index: f64,
    /// Recomputing lineage across editions.
    pub lineage: f64,
}

/// Why an ingest as a whole failed (per-file problems are in the report).
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// A path given does not exist.
    #[error("{0}: no such file or directory")]
    Missing(PathBuf),
    /// Listing a directory or locking the index failed.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    /// Writing the index failed; the previous index is untouched.
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// Options of [`ingest`].
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Parser options.
    pub parse: ParseOptions,
    /// Rebuild from scratch, ignoring the manifest.
    pub full: bool,
    /// Remove records of indexed files that no longer exist.
    pub prune: bool,
}

/// Progress events, for a progress bar or log lines.
#[derive(Debug, Clone)]
pub enum Progress<'a> {
    /// Parsing starts on this many files.
    Start(usize),
    /// One file was parsed (Ok with its record count) or failed.
    File(&'a Path, Result<usize, &'a str>),
    /// Writing the index.
    Committing,
}

/// A file, its manifest key, and its content hash and size (or why it could not be read).
type Hashed = (PathBuf, String, std::io::Result<(String, u64)>);

/// All PDF files under `paths` (files as given, directories recursively,
/// `*.pdf` case-insensitive), sorted, without duplicates.
pub fn collect_pdfs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, IngestError> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_file() {
            out.push(p.clone());
        } else if p.is_dir() {
            walk(p, &mut out, 0)?;
        } else {
            return Err(IngestError::Missing(p.clone()));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// How deep directories are followed.
const MAX_DEPTH: usize = 32;

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) -> Result<(), IngestError> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    let io = |source| IngestError::Io {
        path: dir.to_path_buf(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.is_dir() {
            walk(&path, out, depth + 1)?;
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
        {
            out.push(path);
        }
    }
    Ok(())
}

fn absolute(p: &Path) -> String {
    std::fs::canonicalize(p)
        .unwrap_or_else(|_| {
            std::env::current_dir()
                .map(|d| d.join(p))
                .unwrap_or_else(|_| p.to_path_buf())
        })
        .display()
        .to_string()
}

/// Parse the PDFs under `paths` and bring the index in `index_dir` up to date.
pub fn ingest(
    paths: &[PathBuf],
    index_dir: &Path,
    options: &IngestOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<IngestReport, IngestError> {
    let start = Instant::now();
    let mut files = collect_pdfs(paths)?;
    let _lock = lock::IndexLock::acquire(index_dir)?;
    let mut report = IngestReport::default();
    let mut options = options.clone();
    if !options.full && crate::index::needs_rebuild(index_dir) {
        // Rebuild with the files the old index held, so nothing indexed is lost.
        let (carried, gone) = held_files(index_dir, &files);
        report.warnings.push(format!(
            "{}: written by another version of shisaku; rebuilding it in full (with {} more file(s) it held)",
            index_dir.display(),
            carried.len()
        ));
        for g in gone {
            report.warnings.push(format!(
                "{g}: held by the old index but gone; its records are dropped"
            ));
        }
        files.extend(carried);
        options.full = true;
    }
    report.files_seen = files.len();
    let options = &options;
    let old = if options.full {
        Manifest::default()
    } else {
        Manifest::from_payload(read_payload(index_dir)?.as_deref())
    };
    let mut manifest = Manifest {
        version: manifest::VERSION,
        ingested_at: String::new(),
        files: old.files.clone(),
    };

    // Plan: hash, skip unchanged files and duplicate content.
    let hashed: Vec<Hashed> = files
        .par_iter()
        .map(|f| (f.clone(), absolute(f), manifest::hash_file(f)))
        .collect();
    let mut to_parse: Vec<(PathBuf, String, String, u64)> = Vec::new();
    let mut batch_hashes: BTreeMap<String, String> = BTreeMap::new();
    for (file, key, hash) in hashed {
        let (hash, size) = match hash {
            Ok(h) => h,
            Err(e) => {
                report.failed += 1;
                report.errors.push(FileError {
                    file: file.display().to_string(),
                    error: format!("cannot read: {e}"),
                });
                continue;
            }
        };
        if old.files.get(&key).is_some_and(|e| e.hash == hash) {
            report.skipped += 1;
            continue;
        }
        let dup = old
            .file_with_hash(&hash, &key)
            .cloned()
            .or_else(|| batch_hashes.get(&hash).cloned());
        if let Some(other) = dup {
            report.skipped += 1;
            report.warnings.push(format!(
                "{}: same content as {other}; skipped as a duplicate",
                file.display()
            ));
            continue;
        }
        batch_hashes.insert(hash.clone(), key.clone());
        to_parse.push((file, key, hash, size));
    }

    // Parse changed files in parallel, each in isolation.
    progress(Progress::Start(to_parse.len()));
    let parsed: Vec<(usize, Result<ParsedDocument, String>)> = to_parse
        .par_iter()
        .enumerate()
        .map(|(i, (file, ..))| {
            let r = std::panic::catch_unwind(|| parse_document(file, &options.parse))
                .map_err(|_| "internal error while parsing (please report this file)".to_string())
                .and_then(|r| r.map_err(|e| e.to_string()))
                .and_then(|d| {
                    if d.records.is_empty() {
                        Err("no plan records found (not a plan PDF?)".to_string())
                    } else {
                        Ok(d)
                    }
                });
            match &r {
                Ok(d) => progress(Progress::File(file, Ok(d.records.len()))),
                Err(e) => progress(Progress::File(file, Err(e))),
            }
            (i, r)
        })
        .collect();

    // Apply, in path order.
    let mut delete: BTreeSet<String> = BTreeSet::new();
    let mut docs: Vec<ParsedDocument> = Vec::new();
    let mut timings = Timings::default();
    for (i, result) in parsed {
        let (file, key, hash, size) = &to_parse[i];
        let doc = match result {
            Ok(d) => d,
            Err(error) => {
                report.failed += 1;
                report.errors.push(FileError {
                    file: file.display().to_string(),
                    error,
                });
                continue; // a file that fails keeps what it had in the index
            }
        };
        timings.extract += doc.timings.extract;
        timings.layout += doc.timings.layout;
        timings.parse += doc.timings.parse;
        report.pages += doc.pages.len();
        // The same edition id from another issuer is another plan whose
        // record ids would collide: refuse it rather than replace.
        if let Some(error) = issuer_conflict(&manifest, &doc, key) {
            report.failed += 1;
            report.errors.push(FileError {
                file: file.display().to_string(),
                error,
            });
            continue;
        }
        if let Some(prev) = manifest.files.remove(key) {
            delete.extend(prev.records);
        }
        while let Some((other, _)) = manifest.file_with_edition(&doc.edition.id, key) {
            let other = other.clone();
            report.warnings.push(format!(
                "{}: edition {} was indexed from {other}; its records are replaced by this file's",
                file.display(),
                doc.edition.id
            ));
            if let Some(prev) = manifest.files.remove(&other) {
                delete.extend(prev.records);
            }
        }
        report.indexed += 1;
        manifest.files.insert(
            key.clone(),
            FileEntry {
                hash: hash.clone(),
                size: *size,
                edition: doc.edition.id.clone(),
                issuer: doc.edition.issuer.clone(),
                records: doc.records.iter().map(|r| r.id.clone()).collect(),
                pages: doc.pages.len(),
            },
        );
        docs.push(doc);
    }
    if options.prune {
        let gone: Vec<String> = manifest
            .files
            .keys()
            .filter(|k| !Path::new(k).exists())
            .cloned()
            .collect();
        for k in gone {
            if let Some(prev) = manifest.files.remove(&k) {
                report.warnings.push(format!(
                    "{k}: file is gone; its {} records are removed",
                    prev.records.len()
                ));
                delete.extend(prev.records);
            }
        }
    }

    // Count: ids before vs after.
    let before: BTreeSet<&String> = old.files.values().flat_map(|e| e.records.iter()).collect();
    let after: BTreeSet<&String> = manifest
        .files
        .values()
        .flat_map(|e| e.records.iter())
        .collect();
    let added: BTreeSet<&String> = docs
        .iter()
        .flat_map(|d| d.records.iter().map(|r| &r.id))
        .collect();
    report.records_added = added.iter().filter(|id| !before.contains(*id)).count();
    report.records_replaced = added.iter().filter(|id| before.contains(*id)).count();
    report.records_removed = before.iter().filter(|id| !after.contains(*id)).count();
    report.records_total = after.len();
    report.changed = options.full || !docs.is_empty() || report.records_removed > 0;

    if report.changed {
        // Lineage is computed over the records the commit will hold and
        // travels in the same commit.
        let lineage = Instant::now();
        let added: Vec<&Record> = docs.iter().flat_map(|d| d.records.iter()).collect();
        let relinked = relink::relink(
            index_dir,
            options.full,
            &delete,
            &added,
            &manifest.issuers(),
            &old.issuers(),
        )?;
        report.records_relinked = relinked.rewrite.len();
        report.links = relinked.links;
        report.lineage_pairs_scored = relinked.pairs_scored;
        report.lineage_pairs_reused = relinked.pairs_reused;
        report.stages.lineage = lineage.elapsed().as_secs_f64();

        progress(Progress::Committing);
        manifest.ingested_at = manifest::now_rfc3339();
        let payload = serde_json::to_string(&manifest).unwrap_or_default();
        let batch = Batch {
            full: options.full,
            delete_ids: delete.into_iter().collect(),
            add: added.into_iter().chain(&relinked.rewrite).collect(),
            lineage: relinked.lineage,
            issuers: manifest.issuers(),
            payload,
        };
        let commit = Instant::now();
        apply(index_dir, &batch)?;
        report.stages.index = commit.elapsed().as_secs_f64();
    }
    report.stages.extract = timings.extract;
    report.stages.layout = timings.layout;
    report.stages.parse = timings.parse;
    report.seconds = start.elapsed().as_secs_f64();
    Ok(report)
}

/// Why `doc` (from the file at manifest key `key`) cannot join the index:
/// another file holds its edition id as another issuer's plan.
fn issuer_conflict(manifest: &Manifest, doc: &ParsedDocument, key: &str) -> Option<String> {
    let ours = doc.edition.issuer.as_deref()?;
    let (other, entry) = manifest.file_with_edition(&doc.edition.id, key)?;
    let theirs = entry.issuer.as_deref().filter(|t| *t != ours)?;
    Some(format!(
        "edition {} is already indexed from {other} as {theirs}'s plan and this is {ours}'s: their record ids would collide; ingest it into another index",
        doc.edition.id
    ))
}

/// The files the index in `dir` holds that are not among `files`: those that
/// still exist, and the paths of those that are gone.
fn held_files(dir: &Path, files: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let given: BTreeSet<String> = files.iter().map(|f| absolute(f)).collect();
    let manifest = read_manifest(dir).unwrap_or_default();
    let mut carried = Vec::new();
    let mut gone = Vec::new();
    for path in manifest.files.keys().filter(|p| !given.contains(*p)) {
        if Path::new(path).is_file() {
            carried.push(PathBuf::from(path));
        } else {
            gone.push(path.clone());
        }
    }
    (carried, gone)
}

/// The manifest of the index in `dir` (empty when there is none).
pub fn read_manifest(dir: &Path) -> Result<Manifest, IngestError> {
    Ok(Manifest::from_payload(read_payload(dir)?.as_deref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_pdfs_recursively_case_insensitively() {
        let dir = std::env::temp_dir().join(format!("shisaku-collect-{}", std::process::id()));
        let sub = dir.join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(dir.join("x.PDF"), b"").unwrap();
        std::fs::write(sub.join("y.pdf"), b"").unwrap();
        std::fs::write(sub.join("z.txt"), b"").unwrap();
        let found = collect_pdfs(std::slice::from_ref(&dir)).unwrap();
        assert_eq!(found.len(), 2);
        assert!(collect_pdfs(&[dir.join("missing")]).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
