//! Writing records into an index: full builds (incremental batches are
//! [`super::batch`]).
//!
//! A build ends in one commit, so a reader sees either the old or the
//! new set of records, never a mix.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;
use tantivy::schema::Schema;
use tantivy::{Index, IndexWriter};

use super::document::to_document;
use super::schema::{build_schema, Fields};
use super::{IndexError, IndexStats};
use crate::analysis::{self, WordTable};
use crate::dimension::Context;
use crate::plan::Record;

/// Memory budget of the index writer (tantivy needs at least 15 MB per thread).
const WRITER_MEMORY: usize = 50_000_000;
/// Indexing threads: the target machine has two cores shared with other work.
const WRITER_THREADS: usize = 1;
/// File whose presence marks a directory as a tantivy index.
const META_FILE: &str = "meta.json";

/// Opens the index in `dir` if there is one with our schema, creates one if the
/// directory is empty or missing, and clears a stale index of another schema.
/// Refuses to touch a non-empty directory that is not an index.
pub(crate) fn open_or_create(dir: &Path) -> Result<(Index, Fields), IndexError> {
    let io = |source| IndexError::Io {
        path: dir.to_path_buf(),
        source,
    };
    if dir.is_file() {
        return Err(IndexError::NotADirectory(dir.to_path_buf()));
    }
    std::fs::create_dir_all(dir).map_err(io)?;
    let (schema, fields) = build_schema();
    if dir.join(META_FILE).exists() {
        let index = Index::open_in_dir(dir)?;
        if index.schema() == schema {
            analysis::register(index.tokenizers());
            return Ok((index, fields));
        }
        clear_index_files(dir)?;
    } else if std::fs::read_dir(dir)
        .map_err(io)?
        .flatten()
        .any(|e| !e.file_name().to_string_lossy().starts_with('.'))
    {
        // Hidden files (a .gitignore keeping the directory in git) do not count.
        return Err(IndexError::NotAnIndex(dir.to_path_buf()));
    }
    let index = Index::create_in_dir(dir, schema)?;
    analysis::register(index.tokenizers());
    Ok((index, fields))
}

/// Removes the files of an index (a tantivy index directory is flat).
fn clear_index_files(dir: &Path) -> Result<(), IndexError> {
    let io = |source| IndexError::Io {
        path: dir.to_path_buf(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if path.is_file() && !hidden {
            std::fs::remove_file(&path).map_err(|source| IndexError::Io { path, source })?;
        }
    }
    Ok(())
}

/// A fresh in-memory index with our schema and analyzers.
pub(crate) fn create_in_ram() -> (Index, Fields) {
    let (schema, fields): (Schema, Fields) = build_schema();
    let index = Index::create_in_ram(schema);
    analysis::register(index.tokenizers());
    (index, fields)
}

/// Fails on the first id that occurs twice in `records`.
fn check_unique(records: &[Record]) -> Result<(), IndexError> {
    let mut seen = HashSet::with_capacity(records.len());
    for r in records {
        if !seen.insert(r.id.as_str()) {
            return Err(IndexError::DuplicateId(r.id.clone()));
        }
    }
    Ok(())
}

/// Records whose documents are built in one parallel step.
const DOCUMENT_CHUNK: usize = 256;

/// Adds the documents of `records` through `writer`, in order, counting them
/// by kind. The documents are built (text analysis, JSON) on the rayon pool
/// a chunk at a time while tantivy's indexing threads take the previous
/// chunk; `context` gives each record what it knows from outside, `words`
/// the texts analysed already, and `before` runs before each record is added
/// (to delete an older version of it).
pub(super) fn add_records<'c>(
    writer: &IndexWriter,
    fields: &Fields,
    records: &[&Record],
    words: &WordTable,
    context: &(dyn Fn(&Record) -> Context<'c> + Sync),
    mut before: impl FnMut(&Record),
) -> Result<BTreeMap<String, usize>, IndexError> {
    let mut by_kind = BTreeMap::new();
    for chunk in records.chunks(DOCUMENT_CHUNK) {
        let docs: Vec<_> = chunk
            .par_iter()
            .map(|r| {
                to_document(fields, r, &context(r), words).map_err(|source| IndexError::Record {
                    id: r.id.clone(),
                    source,
                })
            })
            .collect();
        for (r, doc) in chunk.iter().zip(docs) {
            before(r);
            writer.add_document(doc?)?;
            *by_kind.entry(r.kind.as_str().to_string()).or_insert(0) += 1;
        }
    }
    Ok(by_kind)
}

/// Replaces every document of `index` with `records`, in one commit.
pub(crate) fn write_all(
    index: &Index,
    fields: &Fields,
    records: &[Record],
) -> Result<IndexStats, IndexError> {
    let start = Instant::now();
    check_unique(records)?;
    let mut writer: IndexWriter = index.writer_with_num_threads(WRITER_THREADS, WRITER_MEMORY)?;
    writer.delete_all_documents()?;
    let all: Vec<&Record> = records.iter().collect();
    let none = |_: &Record| Context::default();
    let by_kind = add_records(&writer, fields, &all, &WordTable::default(), &none, |_| {})?;
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(IndexStats {
        records: records.len(),
        by_kind,
        took_ms: start.elapsed().as_secs_f64() * 1000.0,
    })
}
