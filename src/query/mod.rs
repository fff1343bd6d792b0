//! Searching the plan index: query language, filters, facets, snippets.
//!
//! A [`SearchRequest`] (query text, [`Filter`]s, sort, page) goes in, a
//! [`SearchResponse`] (total, [`Hit`]s with [`Snippet`]s, [`Facets`],
//! warnings) comes out, both serialisable, so the CLI, the HTTP server and the
//! web page share one path and never see tantivy types. The stages:
//!
//! 1. [`parse()`] turns the query text into clauses and inline filters, never
//!    failing (malformed input becomes warnings);
//! 2. `build` expands synonyms and compiles clauses into a tantivy query over
//!    both analyses of every text field;
//! 3. `collect` runs it once, applying filters from the facet column, ranking
//!    hits and counting multi-select facets;
//! 4. [`facets`] and [`snippet`] shape the result.
//!
//! ```no_run
//! # fn demo(index: &shisaku::index::SearchIndex) -> Result<(), shisaku::query::QueryError> {
//! use shisaku::query::{Filter, SearchRequest};
//! let mut req = SearchRequest::new("クラウド -防災");
//! req.filters.push("year=H27".parse().expect("a valid filter"));
//! let res = index.search(&req)?;
//! for hit in &res.hits {
//!     println!("{} {} {}", hit.id, hit.title, hit.snippet.brackets());
//! }
//! # Ok(()) }
//! ```

mod build;
pub mod collapse;
mod collect;
mod counts;
pub mod facets;
pub mod filter;
mod keys;
mod matching;
pub mod numeric;
pub mod parse;
mod phrase;
mod postings;
pub mod relax;
mod sections;
pub mod snippet;
pub mod synonyms;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::str::FromStr;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use tantivy::TantivyDocument;

use crate::dimension::Dim;
use crate::index::SearchIndex;
use crate::plan::values::body;
use crate::plan::{Department, Indicator, Record, RecordKind};

pub use build::Needles;
pub use collapse::{Collapse, EditionRef};
pub use facets::{FacetValue, Facets};
pub use filter::{Filter, FilterError, FilterKey, Resolved};
pub use numeric::{Cmp, Measure, NumericCondition};
pub use parse::{parse, ParsedQuery};
pub use snippet::Snippet;
pub use synonyms::{SynonymError, Synonyms};

/// Most hits one request may return.
pub const MAX_LIMIT: usize = 1000;
/// Deepest offset a request may page to.
pub const MAX_OFFSET: usize = 100_000;
/// Hits per page when a request says 0.
pub const DEFAULT_LIMIT: usize = 10;

/// Errors of searching. Malformed queries and filters are not errors: they
/// become warnings on the response.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// tantivy failed while searching or reading stored documents.
    #[error("search: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// A filter the request cannot be answered by (a plain 分野 number that
    /// several editions have).
    #[error(transparent)]
    Filter(#[from] FilterError),
}

/// Order of hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Sort {
    /// Best match first (the default; browse mode falls back to [`Sort::Id`]).
    #[default]
    Relevance,
    /// By id, numbers in natural order.
    Id,
    /// Newest edition first, then by id.
    Edition,
    /// By an indicator value ([`Measure`]); records without a number last.
    Indicator {
        /// Which value.
        measure: Measure,
        /// Largest first (the default for `target`, `current`, `change`).
        descending: bool,
    },
}

impl Sort {
    /// Every sort a user can pick, in the order the web page lists them.
    pub const ALL: [Sort; 9] = [
        Sort::Relevance,
        Sort::Id,
        Sort::Edition,
        Sort::Indicator {
            measure: Measure::Target,
            descending: true,
        },
        Sort::Indicator {
            measure: Measure::Target,
            descending: false,
        },
        Sort::Indicator {
            measure: Measure::Current,
            descending: true,
        },
        Sort::Indicator {
            measure: Measure::Current,
            descending: false,
        },
        Sort::Indicator {
            measure: Measure::Change,
            descending: true,
        },
        Sort::Indicator {
            measure: Measure::Change,
            descending: false,
        },
    ];
}

impl FromStr for Sort {
    type Err = String;

    /// `relevance`, `id`, `edition`, or `target` / `current` / `change`
    /// (largest first) with `_asc` (or `:asc`, ` asc`) for smallest first and
    /// an optional `indicator.` prefix.
    fn from_str(s: &str) -> Result<Sort, String> {
        let t = s.trim().to_ascii_lowercase();
        match t.as_str() {
            "relevance" | "score" | "" => return Ok(Sort::Relevance),
            "id" => return Ok(Sort::Id),
            "edition" => return Ok(Sort::Edition),
            _ => {}
        }
        let t = t.strip_prefix("indicator.").unwrap_or(&t);
        let (name, descending) = match t.split_once(['_', ':', ' ']) {
            Some((n, "asc")) => (n, false),
            Some((n, "desc")) => (n, true),
            Some(_) => ("", true),
            None => (t, true),
        };
        Measure::ALL
            .into_iter()
            .find(|m| m.name() == name)
            .map(|measure| Sort::Indicator {
                measure,
                descending,
            })
            .ok_or_else(|| {
                format!(
                    "unknown sort {s:?} (relevance, id, edition, target, target_asc, current, current_asc, change, change_asc)"
                )
            })
    }
}

impl fmt::Display for Sort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Sort::Relevance => f.write_str("relevance"),
            Sort::Id => f.write_str("id"),
            Sort::Edition => f.write_str("edition"),
            Sort::Indicator {
                measure,
                descending: true,
            } => f.write_str(measure.name()),
            Sort::Indicator {
                measure,
                descending: false,
            } => write!(f, "{}_asc", measure.name()),
        }
    }
}

impl From<Sort> for String {
    fn from(s: Sort) -> String {
        s.to_string()
    }
}

impl TryFrom<String> for Sort {
    type Error = String;

    fn try_from(s: String) -> Result<Sort, String> {
        s.parse()
    }
}

/// One search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchRequest {
    /// Query text in the query language of [`parse()`]; empty to browse.
    pub query: String,
    /// Facet filters: same key OR-ed, different keys AND-ed.
    pub filters: Vec<Filter>,
    /// Hits to skip.
    pub offset: usize,
    /// Hits to return (0 means [`DEFAULT_LIMIT`]; at most [`MAX_LIMIT`]).
    pub limit: usize,
    /// Order of hits.
    pub sort: Sort,
    /// Whether to fill [`SearchResponse::explain`].
    pub explain: bool,
    /// Whether records of one initiative in several editions are one result.
    pub collapse: Collapse,
}

impl Default for SearchRequest {
    fn default() -> SearchRequest {
        SearchRequest {
            query: String::new(),
            filters: Vec::new(),
            offset: 0,
            limit: DEFAULT_LIMIT,
            sort: Sort::Relevance,
            explain: false,
            collapse: Collapse::None,
        }
    }
}

impl SearchRequest {
    /// A request for `query` with default paging and sort.
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            ..SearchRequest::default()
        }
    }
}

/// One matching record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Record id.
    pub id: String,
    /// Record kind.
    pub kind: RecordKind,
    /// Edition id.
    pub edition: String,
    /// Title.
    pub title: String,
    /// Byte ranges of query matches in `title`.
    pub title_marks: Vec<[usize; 2]>,
    /// 担当.
    pub departments: Vec<Department>,
    /// 分野 number.
    pub field_no: Option<u32>,
    /// 分野 name.
    pub field: Option<String>,
    /// 項目 number.
    pub item_no: Option<u32>,
    /// 項目 name.
    pub item: Option<String>,
    /// Physical page where the record starts.
    pub page: u32,
    /// 指標, when the record has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator: Option<Indicator>,
    /// Source file, when known.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub file: String,
    /// Extraction quality of the record's pages: "ok", "ocr" or "damaged"
    /// ([`crate::plan::Record::quality_value`]).
    pub quality: String,
    /// Relevance score (0 when sorted by anything else).
    pub score: f32,
    /// Best passage of the summary / prose (the title when there is none).
    pub snippet: Snippet,
    /// With [`Collapse::Lineage`]: the initiative's matching editions, oldest
    /// first (this hit is the best of them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub editions: Vec<EditionRef>,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResponse {
    /// Results matching the query and every filter: records, or groups of
    /// records when collapsed.
    pub total: usize,
    /// Records matching the query and every filter.
    pub total_records: usize,
    /// What facet counts count: always "record", also when collapsed.
    pub facet_unit: &'static str,
    /// How hits were collapsed.
    pub collapse: Collapse,
    /// The requested page of them.
    pub hits: Vec<Hit>,
    /// Facet counts (multi-select: a filtered facet keeps its other values).
    pub facets: Facets,
    /// What in the request was malformed and how it was handled.
    pub warnings: Vec<String>,
    /// The parsed and expanded query, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<String>,
    /// The sort actually used.
    pub sort: Sort,
    /// Wall time, in milliseconds.
    pub took_ms: f64,
}

/// A request made ready to run: filters resolved, query compiled.
struct Plan {
    /// Facet filter keys per dimension (OR-ed inside, AND-ed across).
    by_dim: BTreeMap<Dim, Vec<String>>,
    /// Numeric conditions (AND-ed).
    numeric: Vec<NumericCondition>,
    /// One explain line per filter applied.
    explain_filters: Vec<String>,
    /// The compiled text query.
    compiled: build::Compiled,
    /// The sort actually used.
    sort: Sort,
    /// What was malformed so far.
    warnings: Vec<String>,
}

/// The built-in synonyms (`dict/synonyms.txt`), read once per process.
fn builtin_synonyms() -> &'static Synonyms {
    static BUILTIN: std::sync::OnceLock<Synonyms> = std::sync::OnceLock::new();
    BUILTIN.get_or_init(Synonyms::builtin)
}

impl SearchIndex {
    /// Parses and compiles `req`'s query (expanding `synonyms`) and resolves
    /// its filters.
    fn plan(&self, req: &SearchRequest, synonyms: &Synonyms) -> Plan {
        let parsed = parse(&req.query);
        let mut warnings = parsed.warnings.clone();
        let mut by_dim: BTreeMap<Dim, Vec<String>> = BTreeMap::new();
        let mut numeric = Vec::new();
        let mut explain_filters = Vec::new();
        for f in req.filters.iter().chain(&parsed.filters) {
            match f.resolve() {
                Ok(Resolved::Facet { dim, keys }) => {
                    explain_filters.push(format!("filter {f}"));
                    let group = by_dim.entry(dim).or_default();
                    for key in keys {
                        if !group.contains(&key) {
                            group.push(key);
                        }
                    }
                }
                Ok(Resolved::Numeric(condition)) => {
                    explain_filters.push(format!("filter {f} (numeric)"));
                    numeric.push(condition);
                }
                Err(e) => warnings.push(format!("{e}; filter ignored")),
            }
        }
        let compiled = build::compile(&parsed, &self.reader.searcher(), &self.fields, synonyms);
        warnings.extend(compiled.warnings.iter().cloned());
        let sort = if compiled.browse && req.sort == Sort::Relevance {
            Sort::Id
        } else {
            req.sort
        };
        Plan {
            by_dim,
            numeric,
            explain_filters,
            compiled,
            sort,
            warnings,
        }
    }

    /// Runs `req` with the built-in synonyms (`dict/synonyms.txt`).
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResponse, QueryError> {
        self.search_with(req, builtin_synonyms())
    }

    /// Runs `req`, expanding query words with `synonyms`.
    pub fn search_with(
        &self,
        req: &SearchRequest,
        synonyms: &Synonyms,
    ) -> Result<SearchResponse, QueryError> {
        let start = Instant::now();
        let Plan {
            by_dim,
            numeric,
            explain_filters,
            compiled,
            sort,
            mut warnings,
        } = self.plan(req, synonyms);
        let group_of: HashMap<Dim, usize> =
            by_dim.keys().enumerate().map(|(i, d)| (*d, i)).collect();
        let selected: HashSet<String> = by_dim.values().flatten().cloned().collect();
        let limit = match req.limit {
            0 => DEFAULT_LIMIT,
            n if n > MAX_LIMIT => {
                warnings.push(format!("limit {n} lowered to {MAX_LIMIT}"));
                MAX_LIMIT
            }
            n => n,
        };
        let offset = if req.offset > MAX_OFFSET {
            warnings.push(format!("offset {} lowered to {MAX_OFFSET}", req.offset));
            MAX_OFFSET
        } else {
            req.offset
        };

        let collector = collect::PlanCollector {
            groups: by_dim.values().cloned().collect(),
            numeric,
            want: offset + limit,
            collapse: req.collapse == Collapse::Lineage,
            sort,
            plan_bonus: !compiled.browse,
        };
        let searcher = self.reader.searcher();
        let harvest = searcher.search(compiled.query.as_ref(), &collector)?;

        let (hits, total) = if req.collapse == Collapse::Lineage {
            let hits = self.collapsed_hits(
                &searcher,
                &harvest.groups,
                offset,
                &compiled.needles,
                &mut warnings,
            )?;
            (hits, harvest.group_total)
        } else {
            let mut hits = Vec::with_capacity(limit);
            for (rank, address) in harvest.top.iter().skip(offset) {
                let doc: TantivyDocument = searcher.doc(*address)?;
                match self.stored_record(&doc) {
                    Some(record) => hits.push(self.make_hit(record, rank, &compiled.needles)),
                    None => warnings.push(format!(
                        "a stored record at {address:?} is unreadable; skipped"
                    )),
                }
            }
            (hits, harvest.total)
        };
        let facets = facets::build(&harvest.counts, &group_of, &selected);
        sections::check(&req.filters, &facets)?;
        let explain = req.explain.then(|| {
            let mut lines = compiled.explain.clone();
            if compiled.browse {
                lines.push("browse: every record matches the text part".into());
            }
            lines.extend(explain_filters);
            lines.push(format!("sort: {sort}"));
            lines.join("\n")
        });
        Ok(SearchResponse {
            total,
            total_records: harvest.total,
            facet_unit: "record",
            collapse: req.collapse,
            hits,
            facets,
            warnings,
            explain,
            sort,
            took_ms: start.elapsed().as_secs_f64() * 1000.0,
        })
    }
}

impl SearchIndex {
    /// The hit of `record`, ranked `rank`, its matches of `needles` marked.
    fn make_hit(&self, record: Record, rank: &collect::Rank, needles: &Needles) -> Hit {
        let score = match rank {
            collect::Rank::Score(s) => *s,
            collect::Rank::Key(_) | collect::Rank::Number(_) => 0.0,
        };
        let title_marks = snippet::mark_ranges(&self.index, needles, &record.title);
        let snippet = match body(&record) {
            Some(text) => snippet::passage(text, &snippet::mark_ranges(&self.index, needles, text)),
            None => snippet::passage(&record.title, &title_marks),
        };
        let indicator = record.primary_indicator().cloned();
        Hit {
            title_marks: title_marks.iter().map(|&(s, e)| [s, e]).collect(),
            snippet,
            score,
            departments: record.departments.clone().unwrap_or_default(),
            file: record.source.file.clone(),
            quality: record.quality_value().to_string(),
            id: record.id,
            kind: record.kind,
            edition: record.edition,
            title: record.title,
            field_no: record.field_no,
            field: record.field,
            item_no: record.item_no,
            item: record.item,
            page: record.page,
            indicator,
            editions: Vec::new(),
        }
    }
}

#[cfg(test)]
mod numeric_tests;
#[cfg(test)]
mod phrase_tests;
#[cfg(test)]
mod relax_tests;
#[cfg(test)]
mod tests;
