//! Candidates like a record: the records of other editions whose title and
//! prose share the most (and the rarest) words with it, found through the
//! index itself (BM25 over the whole-word fields), so that finding related
//! initiatives reads a bounded number of stored records whatever the size of
//! the index.

use std::collections::BTreeSet;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};

use super::document::body;
use super::{IndexError, SearchIndex};
use crate::analysis::morph_tokens;
use crate::dimension;
use crate::plan::Record;

/// Most distinct words of a record put into the query.
const MAX_WORDS: usize = 64;

impl SearchIndex {
    /// Up to `k` records of editions other than `record`'s, best match
    /// first, that share words of its title or prose and pass `keep`.
    pub fn candidates_like(
        &self,
        record: &Record,
        k: usize,
        keep: impl Fn(&Record) -> bool,
    ) -> Result<Vec<Record>, IndexError> {
        let Some(query) = self.words_query(record) else {
            return Ok(Vec::new());
        };
        let searcher = self.reader.searcher();
        // Records `keep` refuses (passages, its linked neighbours) are left
        // out after the search; ask for enough more to fill `k` as a rule.
        let top = searcher.search(&query, &TopDocs::with_limit(k * 3 + 16).order_by_score())?;
        let mut out = Vec::new();
        for (_, address) in top {
            let stored: TantivyDocument = searcher.doc(address)?;
            let Some(r) = self.stored_record(&stored) else {
                continue;
            };
            if keep(&r) {
                out.push(r);
                if out.len() == k {
                    break;
                }
            }
        }
        Ok(out)
    }

    /// Any of the record's title and prose words, in the title and prose
    /// whole-word fields, its own edition left out.
    fn words_query(&self, record: &Record) -> Option<Box<dyn Query>> {
        let text = format!("{}\n{}", record.title, body(record).unwrap_or_default());
        let words: BTreeSet<String> = morph_tokens(&text)
            .into_iter()
            .map(|t| t.text)
            .filter(|w| w.chars().count() >= 2)
            .take(MAX_WORDS)
            .collect();
        let fields: Vec<_> = ["title", "body"]
            .into_iter()
            .filter_map(dimension::named)
            .filter_map(|d| self.fields.morph(d))
            .collect();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = fields
            .iter()
            .flat_map(|f| words.iter().map(move |w| Term::from_field_text(*f, w)))
            .map(|t| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs));
                (Occur::Should, q)
            })
            .collect();
        if clauses.is_empty() {
            return None;
        }
        let own = Term::from_field_text(self.fields.edition, &record.edition);
        clauses.push((
            Occur::MustNot,
            Box::new(TermQuery::new(own, IndexRecordOption::Basic)),
        ));
        Some(Box::new(BooleanQuery::new(clauses)))
    }
}

#[cfg(test)]
mod tests {
    use crate::index::SearchIndex;
    use crate::plan::{Record, RecordKind};

    fn record(id: &str, edition: &str, title: &str) -> Record {
        let mut r = Record::empty(id.into(), edition.into(), RecordKind::Initiative, 1);
        r.title = title.into();
        r
    }

    #[test]
    fn candidates_share_words_and_come_from_other_editions() {
        let me = record("a2020/1", "a2020", "共同クラウドの推進");
        let index = SearchIndex::in_memory(&[
            me.clone(),
            record("a2020/2", "a2020", "共同クラウドの運用"),
            record("b2023/1", "b2023", "クラウドの運用"),
            record("b2023/2", "b2023", "観光情報の発信"),
            record("c2026/1", "c2026", "共同クラウドの推進と運用"),
        ])
        .expect("index");
        let ids = |k| -> Vec<String> {
            index
                .candidates_like(&me, k, |_| true)
                .expect("search")
                .into_iter()
                .map(|r| r.id)
                .collect()
        };
        assert_eq!(ids(5), ["c2026/1", "b2023/1"]);
        assert_eq!(ids(1), ["c2026/1"]);
        let kept = index
            .candidates_like(&me, 5, |r| r.edition != "c2026")
            .expect("search");
        assert_eq!(kept.len(), 1);
    }
}
