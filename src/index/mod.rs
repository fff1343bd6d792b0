//! The search index: plan records in, a searchable [`SearchIndex`] out.
//!
//! This module owns the on-disk tantivy index: its schema ([`schema`]), the
//! mapping of a [`Record`] to a document ([`document`]), the facet key encoding
//! shared with the query side ([`facet_key`]) and writing ([`build_index`],
//! [`batch`]). Searching lives in [`crate::query`], which adds
//! `SearchIndex::search`.
//!
//! ```no_run
//! # fn demo(records: &[shisaku::plan::Record]) -> Result<(), shisaku::index::IndexError> {
//! use std::path::Path;
//! let stats = shisaku::index::build_index(Path::new("target/idx"), records)?;
//! println!("{} records", stats.records);
//! let index = shisaku::index::open_index(Path::new("target/idx"))?;
//! let card = index.record("ict2014/2-3-1");
//! # let _ = card; Ok(()) }
//! ```

pub mod batch;
pub mod document;
pub mod facet_key;
pub mod schema;
pub mod similar;
pub(crate) mod writer;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, TantivyDocument, Term};

use crate::analysis;
use crate::lineage::RecordLineage;
use crate::plan::Record;
use schema::Fields;

/// Errors of building, updating and opening an index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// A file system operation on the index directory failed.
    #[error("index directory {path}: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// tantivy failed.
    #[error("index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// tantivy could not open the directory.
    #[error("index directory: {0}")]
    OpenDirectory(#[from] tantivy::directory::error::OpenDirectoryError),
    /// A record could not be serialised for storage.
    #[error("record {id}: {source}")]
    Record {
        /// Id of the record.
        id: String,
        /// The serialisation error.
        #[source]
        source: serde_json::Error,
    },
    /// Two records to be indexed share an id.
    #[error("duplicate record id {0}")]
    DuplicateId(String),
    /// The directory is not empty and holds no index; it is left untouched.
    #[error("{0} is not a shisaku index (and is not empty)")]
    NotAnIndex(PathBuf),
    /// There is no index at the path yet.
    #[error("no index at {0} yet; build one with `shisaku ingest PDF_DIR --index {0}`")]
    Missing(PathBuf),
    /// The path names a file, not an index directory.
    #[error("{0} is a file, not an index directory; --index takes a directory")]
    NotADirectory(PathBuf),
    /// The index was written by an incompatible version; rebuild it.
    #[error("index in {path} has an incompatible schema (written by another version of shisaku); rebuild it with `shisaku ingest --full`")]
    SchemaMismatch {
        /// The index directory.
        path: PathBuf,
        /// The missing-field error.
        #[source]
        source: tantivy::TantivyError,
    },
}

/// What a write did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexStats {
    /// Records written.
    pub records: usize,
    /// Records written, by kind.
    pub by_kind: BTreeMap<String, usize>,
    /// Wall time of the write, in milliseconds.
    pub took_ms: f64,
}

/// Creates the index in `dir`, or replaces the whole content of the index
/// there, with `records`. A non-empty directory that is not an index is left
/// alone ([`IndexError::NotAnIndex`]).
pub fn build_index(dir: &Path, records: &[Record]) -> Result<IndexStats, IndexError> {
    let (index, fields) = writer::open_or_create(dir)?;
    writer::write_all(&index, &fields, records)
}

/// Whether `dir` holds an index written with another schema (an older
/// version of shisaku): writing to it starts from an empty index, so an
/// incremental ingest must rebuild everything.
pub fn needs_rebuild(dir: &Path) -> bool {
    if !dir.join("meta.json").exists() {
        return false;
    }
    match Index::open_in_dir(dir) {
        Ok(index) => index.schema() != schema::build_schema().0,
        Err(_) => true,
    }
}

/// Bytes of the index files in `dir` (a tantivy index directory is flat).
pub fn size_on_disk(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// Opens the index in `dir` for searching.
pub fn open_index(dir: &Path) -> Result<SearchIndex, IndexError> {
    if dir.is_file() {
        return Err(IndexError::NotADirectory(dir.to_path_buf()));
    }
    if !dir.join("meta.json").exists() {
        let empty = std::fs::read_dir(dir).map_or(true, |mut rd| {
            rd.all(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().starts_with('.')))
        });
        return Err(if empty {
            IndexError::Missing(dir.to_path_buf())
        } else {
            IndexError::NotAnIndex(dir.to_path_buf())
        });
    }
    let index = Index::open_in_dir(dir)?;
    analysis::register(index.tokenizers());
    let fields =
        Fields::from_schema(&index.schema()).map_err(|source| IndexError::SchemaMismatch {
            path: dir.to_path_buf(),
            source,
        })?;
    SearchIndex::new(index, fields, ReloadPolicy::OnCommitWithDelay)
}

/// A stored record with its stored lineage (`None` when it has none).
pub type Entry = (Record, Option<RecordLineage>);

/// An open index, ready to search (see `search` in [`crate::query`]).
pub struct SearchIndex {
    /// The tantivy index.
    pub(crate) index: Index,
    /// Its reader.
    pub(crate) reader: IndexReader,
    /// Field handles.
    pub(crate) fields: Fields,
}

impl SearchIndex {
    fn new(index: Index, fields: Fields, policy: ReloadPolicy) -> Result<SearchIndex, IndexError> {
        let reader = index.reader_builder().reload_policy(policy).try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
        })
    }

    /// Builds an index of `records` in memory (tests, small tools).
    pub fn in_memory(records: &[Record]) -> Result<SearchIndex, IndexError> {
        let (index, fields) = writer::create_in_ram();
        writer::write_all(&index, &fields, records)?;
        SearchIndex::new(index, fields, ReloadPolicy::Manual)
    }

    /// Picks up commits made since the index was opened (they are also picked
    /// up automatically, shortly after they land, for on-disk indexes).
    pub fn reload(&self) -> Result<(), IndexError> {
        Ok(self.reader.reload()?)
    }

    /// Number of records in the index.
    pub fn num_records(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The record with `id`, as it was indexed.
    pub fn record(&self, id: &str) -> Option<Record> {
        self.stored_record(&self.stored_doc(id)?)
    }

    /// The stored document of record `id`.
    fn stored_doc(&self, id: &str) -> Option<TantivyDocument> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let top = searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())
            .ok()?;
        let (_, address) = top.into_iter().next()?;
        searcher.doc(address).ok()
    }

    /// Every record in the index, in natural id order, read straight from the
    /// document store (no query, no paging limit). Unreadable stored records
    /// are skipped.
    pub fn all_records(&self) -> Result<Vec<Record>, IndexError> {
        Ok(self.all_entries()?.into_iter().map(|(r, _)| r).collect())
    }

    /// Every record with its stored lineage (`None` when it has none), in
    /// natural id order, as [`Self::all_records`].
    pub fn all_entries(&self) -> Result<Vec<Entry>, IndexError> {
        let searcher = self.reader.searcher();
        let mut entries = Vec::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let segment_ord = u32::try_from(ord).unwrap_or(u32::MAX);
            for doc in segment.doc_ids_alive() {
                let stored: TantivyDocument = searcher.doc(DocAddress::new(segment_ord, doc))?;
                if let Some(record) = self.stored_record(&stored) {
                    entries.push((record, self.stored_lineage(&stored)));
                }
            }
        }
        entries.sort_by_cached_key(|(r, _)| document::natural_key(&r.id));
        Ok(entries)
    }

    /// The stored lineage of record `id`, when it has one.
    pub fn record_lineage(&self, id: &str) -> Option<RecordLineage> {
        self.stored_lineage(&self.stored_doc(id)?)
    }

    /// Decodes the stored lineage JSON of `doc`.
    pub(crate) fn stored_lineage(&self, doc: &TantivyDocument) -> Option<RecordLineage> {
        let json = doc.get_first(self.fields.lineage)?.as_str()?;
        serde_json::from_str(json).ok()
    }

    /// The source file of every record, from the term dictionary of the `file`
    /// field (no documents are read). A file whose records were all deleted
    /// may linger until its segment is merged.
    pub fn source_files(&self) -> Result<std::collections::BTreeSet<String>, IndexError> {
        let searcher = self.reader.searcher();
        let mut files = std::collections::BTreeSet::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(self.fields.file)?;
            let mut terms = inverted
                .terms()
                .stream()
                .map_err(|e| IndexError::Tantivy(e.into()))?;
            while terms.advance() {
                files.insert(String::from_utf8_lossy(terms.key()).into_owned());
            }
        }
        Ok(files)
    }

    /// Decodes the stored record JSON of `doc`.
    pub(crate) fn stored_record(&self, doc: &TantivyDocument) -> Option<Record> {
        let json = doc.get_first(self.fields.record)?.as_str()?;
        serde_json::from_str(json).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{RecordKind, Source};

    fn rec(id: &str, file: &str, title: &str) -> Record {
        let mut r = Record::empty(id.into(), "ict2014".into(), RecordKind::Topic, 1);
        r.title = title.into();
        r.text = Some("本文".into());
        r.source = Source {
            file: file.into(),
            page: 1,
            ..Source::default()
        };
        r
    }

    fn tmp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("shisaku-index-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn build_open_record_round_trip() {
        let dir = tmp("roundtrip");
        let records = vec![rec("ict2014/topic/1", "a.pdf", "社会保障・税番号制度")];
        let stats = build_index(&dir, &records).unwrap();
        assert_eq!(stats.records, 1);
        assert_eq!(stats.by_kind.get("topic"), Some(&1));
        let index = open_index(&dir).unwrap();
        assert_eq!(index.record("ict2014/topic/1"), Some(records[0].clone()));
        assert_eq!(index.record("nope"), None);
        // Building again replaces, it does not append.
        build_index(&dir, &records).unwrap();
        index.reload().unwrap();
        assert_eq!(index.num_records(), 1);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn refuses_foreign_directories_and_duplicates() {
        let dir = tmp("foreign");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("notes.txt"), "mine").unwrap();
        assert!(matches!(
            build_index(&dir, &[]),
            Err(IndexError::NotAnIndex(_))
        ));
        assert!(dir.join("notes.txt").exists());
        assert!(matches!(open_index(&dir), Err(IndexError::NotAnIndex(_))));
        let nothing = tmp("nothing-here");
        let _ = std::fs::remove_dir_all(&nothing);
        assert!(matches!(open_index(&nothing), Err(IndexError::Missing(_))));
        std::fs::write(dir.join("plan.pdf"), "x").unwrap();
        assert!(matches!(
            open_index(&dir.join("plan.pdf")),
            Err(IndexError::NotADirectory(_))
        ));
        assert!(matches!(
            build_index(&dir.join("plan.pdf"), &[]),
            Err(IndexError::NotADirectory(_))
        ));
        let dup = [rec("e/1", "", "a"), rec("e/1", "", "b")];
        assert!(matches!(
            SearchIndex::in_memory(&dup),
            Err(IndexError::DuplicateId(_))
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
