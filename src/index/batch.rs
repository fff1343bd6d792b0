//! Applying one ingest batch to the index in a single commit.
//!
//! A batch deletes records by id and adds records; with `full` it first
//! drops everything. An [`OpenBatch`] takes its records in steps (ingest
//! indexes the records that need no lineage while lineage is computed) and
//! commits once. The caller's manifest travels in the commit's payload,
//! so the index content and the manifest that describes it change together:
//! a reader (or a crashed writer's successor) sees either the old pair or
//! the new pair, never a mix.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;
use std::time::Instant;

use tantivy::{Index, IndexWriter, Term};

use super::schema::Fields;
use super::writer::{add_records, open_or_create};
use super::{IndexError, IndexStats};
use crate::analysis::WordTable;
use crate::dimension::Context;
use crate::plan::Record;

/// Records a batch needs per tantivy indexing thread: a batch of a few
/// thousand records is indexed fastest by one thread (measured on 48 plan
/// editions, 4,100 records: 0.47–0.60 s with one thread, 0.62–0.78 s with
/// two on a 2-core machine, `cargo bench --bench ingest`).
const RECORDS_PER_INDEXING_THREAD: usize = 50_000;
/// Memory budget of the batch writer (per indexing thread).
const WRITER_MEMORY: usize = 50_000_000;
/// Segments with fewer documents are merged together after each commit.
const SMALL_SEGMENT: u32 = 20_000;
/// A larger segment is rewritten once this share of its documents is deleted.
const STALE_SHARE: f64 = 0.1;

/// A batch being written: the index writer, with the batch's deletions
/// queued, takes the batch's records in one or more steps — from any thread,
/// so records that need nothing more can be indexed while the caller works
/// out what the others need — and commits them once ([`OpenBatch::commit`]).
/// Dropped without a commit, it leaves the index as it was.
pub struct OpenBatch {
    /// The index.
    index: Index,
    /// Its fields.
    fields: Fields,
    /// Its writer.
    writer: IndexWriter,
    /// Records added so far, by kind.
    by_kind: Mutex<BTreeMap<String, usize>>,
    /// When the batch was opened.
    start: Instant,
}

impl OpenBatch {
    /// Opens the index in `dir` (created when missing) for a batch of about
    /// `records` records: drops every document first when `full`, and deletes
    /// the records `delete_ids`.
    pub fn open(
        dir: &Path,
        full: bool,
        delete_ids: impl IntoIterator<Item = impl AsRef<str>>,
        records: usize,
    ) -> Result<OpenBatch, IndexError> {
        let start = Instant::now();
        let (index, fields) = open_or_create(dir)?;
        // One indexing thread per RECORDS_PER_INDEXING_THREAD records, at most
        // the caller's rayon pool (1 in a one-thread run): the documents are
        // built on the pool meanwhile, and each extra thread writes a segment
        // that the compaction after the commit merges again.
        let threads = (records / RECORDS_PER_INDEXING_THREAD)
            .clamp(1, rayon::current_num_threads().clamp(1, 4));
        let writer: IndexWriter =
            index.writer_with_num_threads(threads, WRITER_MEMORY * threads)?;
        // A writer killed during its commit may have left files no commit uses.
        // Deletion files are named by segment and opstamp, and this batch, replaying
        // the same operations from the same commit, would write the same names:
        // they go before anything is written.
        writer.garbage_collect_files().wait()?;
        if full {
            writer.delete_all_documents()?;
        }
        for id in delete_ids {
            writer.delete_term(Term::from_field_text(fields.id, id.as_ref()));
        }
        Ok(OpenBatch {
            index,
            fields,
            writer,
            by_kind: Mutex::new(BTreeMap::new()),
            start,
        })
    }

    /// Adds `records` (an id added earlier in the batch is replaced), with
    /// what `context` knows of each from outside it and the texts `words`
    /// analysed already.
    pub fn add<'c>(
        &self,
        records: &[&Record],
        words: &WordTable,
        context: &(dyn Fn(&Record) -> Context<'c> + Sync),
    ) -> Result<(), IndexError> {
        let (writer, id) = (&self.writer, self.fields.id);
        let by_kind = add_records(writer, &self.fields, records, words, context, |r| {
            // A record id may be added twice in one batch only by mistake; the last wins.
            writer.delete_term(Term::from_field_text(id, &r.id));
        })?;
        let mut all = self.by_kind.lock().unwrap_or_else(|e| e.into_inner());
        for (kind, n) in by_kind {
            *all.entry(kind).or_insert(0) += n;
        }
        Ok(())
    }

    /// Commits the batch with `payload`, then compacts the index.
    pub fn commit(self, payload: &str) -> Result<IndexStats, IndexError> {
        let OpenBatch {
            index,
            mut writer,
            by_kind,
            start,
            ..
        } = self;
        let by_kind = by_kind.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut stats = IndexStats {
            records: by_kind.values().sum(),
            by_kind,
            ..IndexStats::default()
        };
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(payload);
        prepared.commit()?;
        compact(&index, writer)?;
        stats.took_ms = start.elapsed().as_secs_f64() * 1000.0;
        Ok(stats)
    }
}

/// After a commit: merges the small segments and those holding many
/// deleted (replaced) documents into one, then removes the files no commit
/// uses any more, so the index does not grow with every version of a record
/// it ever held, and a commit rewrites only what is small or stale (large
/// clean segments stay as they are). The merge keeps the commit's payload; a
/// crash during it leaves the committed segments (the merge's files are
/// garbage the next ingest collects).
fn compact(index: &Index, mut writer: IndexWriter) -> Result<(), IndexError> {
    // Segment metas held here would keep their files alive: only ids cross.
    let ids: Vec<_> = {
        let metas = index.searchable_segment_metas()?;
        let stale = |m: &tantivy::SegmentMeta| {
            m.num_deleted_docs() as f64 >= STALE_SHARE * f64::from(m.max_doc())
        };
        let pick: Vec<&tantivy::SegmentMeta> = metas
            .iter()
            .filter(|m| m.max_doc() < SMALL_SEGMENT || (m.has_deletes() && stale(m)))
            .collect();
        let dirty = pick.iter().any(|m| m.has_deletes());
        if pick.len() > 1 || dirty {
            pick.iter().map(|m| m.id()).collect()
        } else {
            Vec::new()
        }
    };
    if !ids.is_empty() {
        writer.merge(&ids).wait()?;
    }
    writer.garbage_collect_files().wait()?;
    writer.wait_merging_threads()?;
    Ok(())
}

/// The payload of the last commit of the index in `dir` (`None` when there
/// is no index or no payload).
pub fn read_payload(dir: &Path) -> Result<Option<String>, IndexError> {
    if !dir.join("meta.json").exists() {
        return Ok(None);
    }
    let index = Index::open_in_dir(dir)?;
    Ok(index.load_metas()?.payload)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use tantivy::directory::{Directory, TerminatingWrite};

    use super::*;
    use crate::plan::{RecordKind, Source};

    fn rec(id: &str, title: &str) -> Record {
        let mut r = Record::empty(id.into(), "ict2014".into(), RecordKind::Topic, 1);
        r.title = title.into();
        r.source = Source {
            file: "a.pdf".into(),
            page: 1,
            ..Source::default()
        };
        r
    }

    /// Deletes `delete` (everything first when `full`), adds `add`, commits.
    fn apply(
        dir: &Path,
        full: bool,
        delete: &[&str],
        add: &[&Record],
    ) -> Result<IndexStats, IndexError> {
        let open = OpenBatch::open(dir, full, delete, add.len())?;
        open.add(add, &WordTable::default(), &|_| Context::default())?;
        open.commit(&format!("{} records", add.len()))
    }

    /// The files a writer killed between writing its deletion files and
    /// saving meta.json leaves: a deletion file for each committed segment at
    /// each opstamp the next batch could reach.
    fn leave_killed_commit_files(index: &Index) -> Vec<std::path::PathBuf> {
        let opstamp = index.load_metas().unwrap().opstamp;
        let mut left = Vec::new();
        for meta in index.searchable_segment_metas().unwrap() {
            for stamp in opstamp..opstamp + 16 {
                let name = format!("{}.{stamp}.del", meta.id().uuid_string());
                let path = std::path::PathBuf::from(name);
                let mut w = index.directory().open_write(&path).unwrap();
                w.write_all(b"half-written").unwrap();
                w.terminate().unwrap();
                left.push(path);
            }
        }
        left
    }

    /// A fresh index in a temporary folder named after `test` holding
    /// records e/1 and e/2, and the three records e/1 to e/3.
    fn index_of_two(test: &str) -> (std::path::PathBuf, [Record; 3]) {
        let dir = std::env::temp_dir().join(format!("shisaku-batch-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let records = [
            rec("e/1", "クラウド"),
            rec("e/2", "人材育成"),
            rec("e/3", "防災"),
        ];
        let [a, b, _] = &records;
        apply(&dir, true, &[], &[a, b]).unwrap();
        (dir, records)
    }

    #[test]
    fn an_open_batch_takes_records_from_two_threads_and_commits_once() {
        let (dir, [_, b, c]) = index_of_two("open");
        let words = WordTable::default();
        let none = |_: &Record| Context::default();
        // Dropped without a commit: the index keeps what it had.
        {
            let open = OpenBatch::open(&dir, true, ["e/1"], 1).unwrap();
            open.add(&[&c], &words, &none).unwrap();
        }
        let index = super::super::open_index(&dir).unwrap();
        assert_eq!(index.num_records(), 2);
        assert_eq!(index.record("e/3"), None);
        drop(index);
        // Deletes first, then records from this thread and another, one commit.
        let mut b2 = b.clone();
        b2.title = "人材の育成".into();
        let open = OpenBatch::open(&dir, false, vec!["e/1".to_string()], 2).unwrap();
        std::thread::scope(|scope| {
            let other = scope.spawn(|| open.add(&[&c], &words, &none));
            open.add(&[&b2], &words, &none).unwrap();
            other.join().unwrap().unwrap();
        });
        let stats = open.commit("two steps").unwrap();
        assert_eq!(stats.records, 2);
        assert_eq!(stats.by_kind.get("topic"), Some(&2));
        assert_eq!(read_payload(&dir).unwrap().as_deref(), Some("two steps"));
        let index = super::super::open_index(&dir).unwrap();
        assert_eq!(index.num_records(), 2);
        assert_eq!(index.record("e/1"), None);
        assert_eq!(index.record("e/2"), Some(b2));
        assert_eq!(index.record("e/3"), Some(c));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_batch_after_a_killed_commit_collects_its_files_first() {
        let (dir, [_, _, c]) = index_of_two("killed");
        let left = {
            let (index, _) = open_or_create(&dir).unwrap();
            leave_killed_commit_files(&index)
        };
        assert!(left.iter().all(|p| dir.join(p).exists()));
        // The same batch the killed writer was running: delete one, add one.
        apply(&dir, false, &["e/1"], &[&c]).expect("the batch commits");
        assert!(
            left.iter().all(|p| !dir.join(p).exists()),
            "left files collected"
        );
        let index = super::super::open_index(&dir).unwrap();
        assert_eq!(index.num_records(), 2);
        assert_eq!(index.record("e/1"), None);
        assert_eq!(index.record("e/3"), Some(c.clone()));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
