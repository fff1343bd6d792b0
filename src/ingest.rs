//! Batch ingestion: PDF paths → parsed documents (in parallel) → one index.
//!
//! Each file is parsed on its own (rayon); a file that fails is reported
//! with its name and the reason, and the rest are indexed. Records are
//! identified by their id (which starts with the edition): when two files
//! carry the same edition, the first file's records win and a warning names
//! both files. The index is written by a single writer in one commit.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use crate::index::{build_index, IndexError};
use crate::plan::{parse_document, ParseOptions, Record};

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
    /// Files whose records were indexed.
    pub indexed: usize,
    /// Files skipped (duplicates of an edition already ingested).
    pub skipped: usize,
    /// Files that failed.
    pub failed: usize,
    /// Records written.
    pub records_added: usize,
    /// Pages read.
    pub pages: usize,
    /// Wall time in seconds.
    pub seconds: f64,
    /// Per-file errors.
    pub errors: Vec<FileError>,
    /// Warnings (duplicates, parser warnings count).
    pub warnings: Vec<String>,
}

/// Why an ingest as a whole failed (per-file problems are in the report).
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// A path given does not exist.
    #[error("{0}: no such file or directory")]
    Missing(PathBuf),
    /// Listing a directory failed.
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

/// Parse every PDF under `paths` and (re)build the index in `index_dir`.
pub fn ingest(
    paths: &[PathBuf],
    index_dir: &Path,
    options: &ParseOptions,
) -> Result<IngestReport, IngestError> {
    let start = Instant::now();
    let files = collect_pdfs(paths)?;
    let parsed: Vec<(PathBuf, Result<crate::plan::ParsedDocument, String>)> = files
        .par_iter()
        .map(|f| {
            let r = std::panic::catch_unwind(|| parse_document(f, options))
                .map_err(|_| "internal error while parsing (please report this file)".to_string())
                .and_then(|r| r.map_err(|e| e.to_string()));
            (f.clone(), r)
        })
        .collect();
    let mut report = IngestReport {
        files_seen: files.len(),
        ..Default::default()
    };
    let mut records: Vec<Record> = Vec::new();
    let mut owner: HashMap<String, PathBuf> = HashMap::new();
    for (file, result) in parsed {
        match result {
            Ok(doc) => {
                report.pages += doc.pages.len();
                if doc.records.is_empty() {
                    report.failed += 1;
                    report.errors.push(FileError {
                        file: file.display().to_string(),
                        error: "no plan records found (not a plan PDF?)".into(),
                    });
                    continue;
                }
                if let Some(first) = owner.get(&doc.edition.id) {
                    report.skipped += 1;
                    report.warnings.push(format!(
                        "{}: edition {} already ingested from {}; skipped",
                        file.display(),
                        doc.edition.id,
                        first.display()
                    ));
                    continue;
                }
                owner.insert(doc.edition.id.clone(), file.clone());
                report.indexed += 1;
                records.extend(doc.records);
            }
            Err(e) => {
                report.failed += 1;
                report.errors.push(FileError {
                    file: file.display().to_string(),
                    error: e,
                });
            }
        }
    }
    let stats = build_index(index_dir, &records)?;
    report.records_added = stats.records;
    report.seconds = start.elapsed().as_secs_f64();
    Ok(report)
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
        let found = collect_pdfs(&[dir.clone()]).unwrap();
        assert_eq!(found.len(), 2);
        assert!(collect_pdfs(&[dir.join("missing")]).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
