//! Whole-result reads: every record a query and filters match, in one pass
//! (exports, the diff page, whole-index reads), without paging or depth
//! limit.

use tantivy::TantivyDocument;

use super::{builtin_synonyms, collect, sections, Filter, QueryError, SearchRequest};
use crate::index::{Entry, SearchIndex};
use crate::plan::Record;

impl SearchIndex {
    /// Every record matching `query` and `filters`, best first (by id when
    /// the query is empty), read from the store in one pass: no paging and no
    /// depth limit, for exports and whole-index reads. Returns the search's
    /// warnings beside them.
    pub fn matching_records(
        &self,
        query: &str,
        filters: &[Filter],
    ) -> Result<(Vec<Record>, Vec<String>), QueryError> {
        let (entries, warnings) = self.matching(query, filters, false)?;
        Ok((entries.into_iter().map(|(r, _)| r).collect(), warnings))
    }

    /// [`Self::matching_records`], each with its stored lineage.
    pub fn matching_entries(
        &self,
        query: &str,
        filters: &[Filter],
    ) -> Result<(Vec<Entry>, Vec<String>), QueryError> {
        self.matching(query, filters, true)
    }

    /// The matching records, with their lineage when `lineage`.
    fn matching(
        &self,
        query: &str,
        filters: &[Filter],
        lineage: bool,
    ) -> Result<(Vec<Entry>, Vec<String>), QueryError> {
        let req = SearchRequest {
            query: query.to_string(),
            filters: filters.to_vec(),
            ..SearchRequest::default()
        };
        if req.filters.iter().any(sections::is_plain) {
            // Refuses a plain 分野 number several editions have, as search does.
            self.search(&SearchRequest {
                limit: 1,
                ..req.clone()
            })?;
        }
        let plan = self.plan(&req, builtin_synonyms());
        let mut warnings = plan.warnings;
        let collector = collect::PlanCollector {
            groups: plan.by_dim.into_values().collect(),
            numeric: plan.numeric,
            want: usize::MAX,
            collapse: false,
            sort: plan.sort,
            plan_bonus: !plan.compiled.browse,
        };
        let searcher = self.reader.searcher();
        let harvest = searcher.search(plan.compiled.query.as_ref(), &collector)?;
        let mut records = Vec::with_capacity(harvest.top.len());
        for (_, address) in &harvest.top {
            let doc: TantivyDocument = searcher.doc(*address)?;
            match self.stored_record(&doc) {
                Some(r) => records.push((r, lineage.then(|| self.stored_lineage(&doc)).flatten())),
                None => warnings.push(format!(
                    "a stored record at {address:?} is unreadable; skipped"
                )),
            }
        }
        Ok((records, warnings))
    }
}
