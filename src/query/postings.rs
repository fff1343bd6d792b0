//! Filter keys tested per document by following their postings.
//!
//! Filter keys live in an indexed-only field (see
//! [`crate::index::schema::FACET_FILTER`]), so the collector cannot read them
//! from a column. A [`KeyCursor`] holds the postings of a set of filter keys
//! in one segment and answers "does document `doc` carry any of them?". The
//! collector sees documents in increasing order, so each answer only moves
//! the postings forward (`seek`, which skips whole blocks); a document before
//! the last one asked about (never seen in practice, but not excluded by the
//! collector contract) reopens the postings from the start.

use std::sync::Arc;

use tantivy::index::InvertedIndexReader;
use tantivy::postings::SegmentPostings;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Term};

/// Membership of documents in the union of some filter keys' postings.
pub(crate) struct KeyCursor {
    /// The segment's inverted index of the filter field.
    inverted: Arc<InvertedIndexReader>,
    /// The keys' terms that occur in the segment.
    terms: Vec<Term>,
    /// One postings list per term, positioned at or before the next document.
    postings: Vec<SegmentPostings>,
    /// The last document asked about.
    last: DocId,
}

impl KeyCursor {
    /// A cursor over the postings of `keys` in `field`.
    pub fn new<'a>(
        inverted: Arc<InvertedIndexReader>,
        field: Field,
        keys: impl IntoIterator<Item = &'a String>,
    ) -> tantivy::Result<KeyCursor> {
        let mut terms = Vec::new();
        let mut postings = Vec::new();
        for key in keys {
            let term = Term::from_field_text(field, key);
            if let Some(p) = inverted.read_postings(&term, IndexRecordOption::Basic)? {
                terms.push(term);
                postings.push(p);
            }
        }
        Ok(KeyCursor {
            inverted,
            terms,
            postings,
            last: 0,
        })
    }

    /// Reopens every postings list at its start.
    fn rewind(&mut self) -> tantivy::Result<()> {
        let mut postings = Vec::with_capacity(self.terms.len());
        for term in &self.terms {
            if let Some(p) = self
                .inverted
                .read_postings(term, IndexRecordOption::Basic)?
            {
                postings.push(p);
            }
        }
        self.postings = postings;
        Ok(())
    }

    /// Whether `doc` carries any of the keys.
    pub fn contains(&mut self, doc: DocId) -> bool {
        if doc < self.last && self.rewind().is_err() {
            // The postings were readable a moment ago; if they are not now,
            // answer from what is left rather than panic.
            self.postings.clear();
        }
        self.last = doc;
        let mut found = false;
        for p in &mut self.postings {
            if p.doc() < doc {
                p.seek(doc);
            }
            found |= p.doc() == doc;
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, STRING};
    use tantivy::{doc, Index};

    fn index(keys: &[&[&str]]) -> (Index, Field) {
        let mut b = Schema::builder();
        let f = b.add_text_field("k", STRING);
        let index = Index::create_in_ram(b.build());
        let mut w: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for doc_keys in keys {
            let mut d = doc!();
            for k in *doc_keys {
                d.add_text(f, k);
            }
            w.add_document(d).unwrap();
        }
        w.commit().unwrap();
        (index, f)
    }

    #[test]
    fn answers_the_union_of_the_keys_in_any_order() {
        let (index, f) = index(&[&["a"], &["b"], &[], &["a", "b"], &["c"], &["b"]]);
        let searcher = index.reader().unwrap().searcher();
        let seg = searcher.segment_reader(0);
        let inv = seg.inverted_index(f).unwrap();
        let keys: Vec<String> = vec!["a".into(), "c".into(), "zz".into()];
        let mut c = KeyCursor::new(inv, f, &keys).unwrap();
        let ascending: Vec<bool> = (0..6).map(|d| c.contains(d)).collect();
        assert_eq!(ascending, [true, false, false, true, true, false]);
        // Skipping ahead and coming back gives the same answers.
        assert!(c.contains(4));
        assert!(c.contains(0));
        assert!(!c.contains(5));
        assert!(c.contains(3));
        let none: Vec<String> = vec!["zz".into()];
        let inv = seg.inverted_index(f).unwrap();
        let mut empty = KeyCursor::new(inv, f, &none).unwrap();
        assert!(empty.postings.is_empty());
        assert!(!empty.contains(0));
    }
}
