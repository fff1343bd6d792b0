//! Batch ingestion: PDF paths → parsed documents (in parallel) → one index
//! commit, incrementally.
//!
//! Stages:
//! 1. **collect** the PDFs under the given paths ([`collect_pdfs`]);
//! 2. **lock** the index directory ([`lock::IndexLock`]): a second ingest waits;
//! 3. **plan**: hash every file and compare with the [`Manifest`] of the last
//!    commit: unchanged files are skipped, a file whose content is already
//!    indexed under another path is a duplicate, the rest are parsed;
//! 4. **parse and select** ([`select`]): the changed files are parsed in
//!    parallel (rayon), each in isolation (a file that fails is reported with
//!    its name and reason and the rest go on); the files of one edition are
//!    ranked as they finish and only the best one's records are kept; it
//!    replaces the file holding the edition in the index only when the
//!    conflict rules of [`quality::decide`] say so; every rejected file is a
//!    reported [`Conflict`];
//! 5. **prune** removes records of files that are gone;
//! 6. **commit**: the batch writer opens with the deletions queued and takes
//!    the records that take no part in lineage while lineage is computed over
//!    the records the commit will hold; then the others, with their lineage,
//!    and the new manifest, all in one commit ([`crate::index::batch`]), after
//!    which deleted documents are merged away.
//!
//! A crash at any point leaves the previous commit (records and manifest)
//! intact; the next ingest finds the same files changed and completes the work.

pub mod lock;
pub mod manifest;
pub mod quality;
pub mod relink;
pub mod select;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use crate::analysis::WordTable;
use crate::dimension::Context;
use crate::index::batch::{read_payload, OpenBatch};
use crate::index::IndexError;
use crate::lineage::is_candidate;
use crate::lineage::similarity::analysed_texts;
use crate::pipeline::Options as ParseOptions;
use crate::plan::{ParsedDocument, Record};

pub use manifest::{FileEntry, Manifest};
pub use quality::DocQuality;
pub use select::{Conflict, Pending, Selection};

/// One file that could not be ingested.
#[derive(Debug, Clone, Serialize)]
pub struct FileError {
    /// The file.
    pub file: String,
    /// Why.
    pub error: String,
}

/// How the pages of one indexed file were read.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentCoverage {
    /// The file.
    pub file: String,
    /// Its edition id.
    pub edition: String,
    /// Its plan-record records and passages.
    pub records: usize,
    /// Of them, passages.
    pub passages: usize,
    /// Pages with plan records, passages only, without text.
    #[serde(flatten)]
    pub coverage: crate::plan::Coverage,
}

impl DocumentCoverage {
    /// The coverage of parsed document `doc` read from `file`.
    pub fn of(file: &str, doc: &ParsedDocument) -> DocumentCoverage {
        DocumentCoverage {
            file: file.to_string(),
            edition: doc.edition.id.clone(),
            records: doc.records.len(),
            passages: doc
                .records
                .iter()
                .filter(|r| r.kind == crate::plan::RecordKind::Passage)
                .count(),
            coverage: doc.coverage.clone(),
        }
    }
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
    /// How the pages of each file indexed by this ingest were read.
    pub documents: Vec<DocumentCoverage>,
    /// Per-file errors.
    pub errors: Vec<FileError>,
    /// Files of this batch not indexed because another file of their
    /// edition was kept (see `conflicts`).
    pub rejected: usize,
    /// Decided conflicts between files of one edition: which file was kept,
    /// which rejected, and why (a replaced indexed file is a rejected one too).
    pub conflicts: Vec<Conflict>,
    /// Warnings (duplicates, files gone, rebuilds).
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
    /// Morphological analysis of the titles and prose of the added records,
    /// shared by lineage and the index (wall seconds).
    pub analyse: f64,
    /// Indexing: the rest of the analysis, the documents and the commit
    /// (wall seconds from the writer's opening; records that take no part
    /// in lineage are indexed while it is computed, so this overlaps
    /// `lineage`).
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
    /// The paths hold no PDF: there is nothing to index.
    #[error("no PDF found in {}", .0.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "))]
    NoPdf(Vec<PathBuf>),
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
    /// Files whose records replace those of their edition whatever the
    /// conflict rules say.
    pub replace: Vec<PathBuf>,
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

/// `p` made absolute (canonical when it exists): the manifest key of a file.
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
    let files = collect_pdfs(paths)?;
    // With nothing to read, an ingest could only leave an empty folder that
    // is no index. No files is fine for pruning an existing index, or for
    // rebuilding a stale one from the files it held.
    let keep = index_dir.exists() && (options.prune || crate::index::needs_rebuild(index_dir));
    if files.is_empty() && !keep {
        return Err(IngestError::NoPdf(paths.to_vec()));
    }
    let created = !index_dir.exists();
    let lock = lock::IndexLock::acquire(index_dir)?;
    let mut report = IngestReport::default();
    let (files, options) = rebuild_if_stale(files, index_dir, options, &mut report);
    report.files_seen = files.len();
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
    let pending = plan(&files, &old, &mut report);
    let mut selection =
        select::parse_and_select(pending, &mut manifest, &options, progress, &mut report);
    if options.prune {
        prune(&mut manifest, &mut selection.delete, &mut report);
    }
    count(&old, &manifest, &selection.docs, &options, &mut report);
    if report.changed {
        commit(
            index_dir,
            &options,
            &old,
            manifest,
            &mut selection,
            progress,
            &mut report,
        )?;
    }
    report.stages.extract = selection.timings.extract;
    report.stages.layout = selection.timings.layout;
    report.stages.parse = selection.timings.parse;
    report.seconds = start.elapsed().as_secs_f64();
    if created && !report.changed {
        // Nothing was written (every file failed): leave no folder behind
        // that `status` would call "not a shisaku index".
        drop(lock);
        let _ = std::fs::remove_file(index_dir.join(lock::LOCK_FILE));
        let _ = std::fs::remove_dir(index_dir);
    }
    Ok(report)
}

/// When the index was written by another version of shisaku: the files it
/// held join `files` and the ingest becomes a full rebuild.
fn rebuild_if_stale(
    mut files: Vec<PathBuf>,
    index_dir: &Path,
    options: &IngestOptions,
    report: &mut IngestReport,
) -> (Vec<PathBuf>, IngestOptions) {
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
        files.sort();
        files.dedup();
        options.full = true;
    }
    (files, options)
}

/// Hashes every file and compares with the manifest `old`: unchanged files
/// and duplicates of indexed (or earlier batch) content are skipped; the
/// rest are to be parsed, in path order.
fn plan(files: &[PathBuf], old: &Manifest, report: &mut IngestReport) -> Vec<Pending> {
    let hashed: Vec<Hashed> = files
        .par_iter()
        .map(|f| (f.clone(), absolute(f), manifest::hash_file(f)))
        .collect();
    let mut pending = Vec::new();
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
        pending.push(Pending {
            file,
            key,
            hash,
            size,
        });
    }
    pending
}

/// Removes from `manifest` the files that no longer exist; their records go
/// to `delete`.
fn prune(manifest: &mut Manifest, delete: &mut BTreeSet<String>, report: &mut IngestReport) {
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

/// Record counts of the report: ids before (`old`) against after (`manifest`).
fn count(
    old: &Manifest,
    manifest: &Manifest,
    docs: &[ParsedDocument],
    options: &IngestOptions,
    report: &mut IngestReport,
) {
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
}

/// Computes lineage over the records the commit will hold and writes
/// everything (deletions, records, lineage, manifest) in one commit.
fn commit(
    index_dir: &Path,
    options: &IngestOptions,
    old: &Manifest,
    mut manifest: Manifest,
    selection: &mut Selection,
    progress: &(dyn Fn(Progress) + Sync),
    report: &mut IngestReport,
) -> Result<(), IngestError> {
    let analyse = Instant::now();
    let delete = std::mem::take(&mut selection.delete);
    let added: Vec<&Record> = selection
        .docs
        .iter()
        .flat_map(|d| d.records.iter())
        .collect();
    // The texts lineage and the index both analyse, analysed once; so are
    // the short texts records repeat (departments, actors, fields).
    let values: Vec<String> = added
        .iter()
        .flat_map(|r| crate::dimension::texts().flat_map(|(_, t)| (t.values)(r)))
        .collect();
    let texts = added.iter().flat_map(|r| analysed_texts(r));
    let words = WordTable::of(texts.chain(values.iter().map(String::as_str)));
    report.stages.analyse = analyse.elapsed().as_secs_f64();

    progress(Progress::Committing);
    let index_start = Instant::now();
    let batch = OpenBatch::open(index_dir, options.full, &delete, added.len())?;
    let (issuers, titles) = (manifest.issuers(), manifest.titles());
    let outside = |r: &Record| Context {
        lineage: None,
        issuer: issuers.get(&r.edition).map(String::as_str),
        edition_title: titles.get(&r.edition).map(String::as_str),
    };
    // Records that take no part in lineage (passages, overviews, topics)
    // need nothing more: they are indexed while lineage is computed.
    let (linked, unlinked): (Vec<&Record>, Vec<&Record>) =
        added.iter().copied().partition(|r| is_candidate(r));
    let (relinked, lineage_seconds) = std::thread::scope(|scope| {
        let add = || batch.add(&unlinked, &words, &outside);
        let early = if rayon::current_num_threads() > 1 {
            // Documents built on a pool of their own: lineage keeps the
            // shared pool busy, and the indexing thread would wait for it.
            Some(scope.spawn(
                move || match rayon::ThreadPoolBuilder::new().num_threads(1).build() {
                    Ok(pool) => pool.install(add),
                    Err(_) => add(),
                },
            ))
        } else {
            // One thread asked for: no other thread builds documents.
            add()?;
            None
        };
        let lineage = Instant::now();
        let relinked = relink::relink(
            index_dir,
            options.full,
            &delete,
            &added,
            &issuers,
            &old.issuers(),
            &words,
        );
        let seconds = lineage.elapsed().as_secs_f64();
        if let Some(early) = early {
            early
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        }
        Ok::<_, IngestError>((relinked?, seconds))
    })?;
    report.records_relinked = relinked.rewrite.len();
    report.links = relinked.links;
    report.lineage_pairs_scored = relinked.pairs_scored;
    report.lineage_pairs_reused = relinked.pairs_reused;
    report.stages.lineage = lineage_seconds;

    let context = |r: &Record| Context {
        lineage: relinked.lineage.get(&r.id),
        ..outside(r)
    };
    let rest: Vec<&Record> = linked.into_iter().chain(&relinked.rewrite).collect();
    batch.add(&rest, &words, &context)?;
    manifest.ingested_at = manifest::now_rfc3339();
    let payload = serde_json::to_string(&manifest).unwrap_or_default();
    batch.commit(&payload)?;
    report.stages.index = index_start.elapsed().as_secs_f64();
    Ok(())
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
