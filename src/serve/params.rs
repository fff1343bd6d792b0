//! Query-string parameters → a [`SearchRequest`], with the server's limits,
//! and back to a query string for links.
//!
//! Parameters (the same for `/`, `/api/search` and `/api/facets`):
//!
//! - `q` (or `query`): query text, at most [`MAX_QUERY_CHARS`] characters;
//!   longer is refused with 400, never truncated;
//! - `filter` (or `f`), repeatable: `key:value` or `key=value`, e.g.
//!   `dept:情報政策課`, `year:2015`, or a comparison such as `year>=2011` or
//!   `indicator.target>=1000` (see [`crate::query::Filter`]); an empty
//!   value is skipped, an unknown key or a value the key cannot read
//!   (`year:abc`) is refused, as on the command line, at most [`MAX_FILTERS`];
//! - `offset`: hits to skip, at most [`crate::query::MAX_OFFSET`];
//! - `limit`: hits per page, 1..=[`MAX_PAGE_LIMIT`] (0 or empty: the default);
//! - `sort`: `relevance`, `id`, `edition`, or an indicator value largest
//!   first (`target`, `current`, `change`) or smallest first (`target_asc`, …);
//! - `collapse`: `lineage` for one result per initiative (its editions
//!   linked by lineage listed in it), `none` for one per record; the API
//!   defaults to `none`, the page ([`page_request`]) to `lineage`;
//! - `explain`: `1`/`true` to include the parsed query (API only).
//!
//! Any other parameter is ignored.

use axum::extract::Query;
use axum::http::Uri;

use crate::query::{Cmp, Collapse, Filter, FilterError, SearchRequest, Sort, MAX_OFFSET};

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Largest `limit` accepted.
pub const MAX_PAGE_LIMIT: usize = 100;
/// Most `filter` parameters accepted.
pub const MAX_FILTERS: usize = 32;
/// Hits per page when none is asked for.
pub const DEFAULT_PAGE_LIMIT: usize = 20;

/// Why parameters were refused (all answered with 400).
#[derive(Debug, thiserror::Error)]
pub enum ParamError {
    /// The query string is not valid `application/x-www-form-urlencoded` UTF-8.
    #[error("malformed query string: {0}")]
    Malformed(String),
    /// The query text is too long.
    #[error("query too long: {0} characters (at most {MAX_QUERY_CHARS})")]
    QueryTooLong(usize),
    /// A numeric parameter is not a number.
    #[error("parameter {name} must be a non-negative integer, not {value:?}")]
    BadNumber {
        /// The parameter.
        name: &'static str,
        /// Its value.
        value: String,
    },
    /// `limit` is too large.
    #[error("limit {0} is too large (at most {MAX_PAGE_LIMIT})")]
    LimitTooLarge(usize),
    /// `offset` is too large.
    #[error("offset {0} is too large (at most {MAX_OFFSET})")]
    OffsetTooLarge(usize),
    /// Too many filters.
    #[error("too many filters: {0} (at most {MAX_FILTERS})")]
    TooManyFilters(usize),
    /// A filter could not be parsed.
    #[error("filter {value:?}: {source}")]
    BadFilter {
        /// The parameter value.
        value: String,
        /// Why.
        #[source]
        source: FilterError,
    },
    /// Unknown sort order.
    #[error("{0}")]
    BadSort(String),
    /// Unknown collapse mode.
    #[error("{0}")]
    BadCollapse(String),
}

impl ParamError {
    /// A Japanese sentence saying what is wrong, for the page and the API.
    pub fn japanese(&self) -> &'static str {
        match self {
            ParamError::Malformed(_) => "URL のパラメータを読み取れません。",
            ParamError::QueryTooLong(_) => "検索語が長すぎます（1000 文字まで）。",
            ParamError::BadNumber { .. } => "件数や位置には 0 以上の整数を指定してください。",
            ParamError::LimitTooLarge(_) => "1 ページの件数が多すぎます（100 件まで）。",
            ParamError::OffsetTooLarge(_) => "表示位置が大きすぎます。",
            ParamError::TooManyFilters(_) => "絞り込みの条件が多すぎます（32 個まで）。",
            ParamError::BadFilter {
                source: FilterError::UnknownKey(_),
                ..
            } => "絞り込みの項目名が正しくありません。",
            ParamError::BadFilter { .. } => "絞り込みの値が正しくありません。",
            ParamError::BadSort(_) => "並べ替えの指定が正しくありません。",
            ParamError::BadCollapse(_) => {
                "まとめ方の指定が正しくありません（lineage または none）。"
            }
        }
    }

    /// The Japanese sentence followed by the English detail.
    pub fn message(&self) -> String {
        format!("{} ({self})", self.japanese())
    }
}

/// The decoded `name=value` pairs of `uri`'s query string, in order.
pub fn pairs(uri: &Uri) -> Result<Vec<(String, String)>, ParamError> {
    if uri.query().is_none() {
        return Ok(Vec::new());
    }
    Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map(|q| q.0)
        .map_err(|e| ParamError::Malformed(e.body_text()))
}

/// Builds a request from `pairs`; `default_limit` applies when no `limit` is given.
pub fn search_request(
    pairs: &[(String, String)],
    default_limit: usize,
) -> Result<SearchRequest, ParamError> {
    let mut req = SearchRequest {
        limit: default_limit,
        ..SearchRequest::default()
    };
    for (name, value) in pairs {
        match name.as_str() {
            "q" | "query" => {
                let chars = value.chars().count();
                if chars > MAX_QUERY_CHARS {
                    return Err(ParamError::QueryTooLong(chars));
                }
                req.query = value.trim().to_string();
            }
            "filter" | "f" => {
                if value.trim().is_empty() || value.trim_end().ends_with([':', '=']) {
                    continue;
                }
                if req.filters.len() >= MAX_FILTERS {
                    // Say how many were sent, not where counting stopped.
                    let sent = pairs
                        .iter()
                        .filter(|(n, v)| {
                            matches!(n.as_str(), "filter" | "f") && !v.trim().is_empty()
                        })
                        .count();
                    return Err(ParamError::TooManyFilters(sent));
                }
                let filter = value
                    .parse::<Filter>()
                    .map_err(|source| ParamError::BadFilter {
                        value: value.clone(),
                        source,
                    })?;
                if !req.filters.contains(&filter) {
                    req.filters.push(filter);
                }
            }
            "offset" => {
                let n = number("offset", value)?.unwrap_or(0);
                if n > MAX_OFFSET {
                    return Err(ParamError::OffsetTooLarge(n));
                }
                req.offset = n;
            }
            "limit" => {
                let n = number("limit", value)?.unwrap_or(0);
                if n > MAX_PAGE_LIMIT {
                    return Err(ParamError::LimitTooLarge(n));
                }
                req.limit = if n == 0 { default_limit } else { n };
            }
            "sort" => req.sort = value.parse::<Sort>().map_err(ParamError::BadSort)?,
            "collapse" => {
                req.collapse = value.parse::<Collapse>().map_err(ParamError::BadCollapse)?;
            }
            "explain" => req.explain = matches!(value.as_str(), "1" | "true" | "yes" | "on"),
            _ => {}
        }
    }
    Ok(req)
}

/// The search page's request: [`search_request`], collapsed by lineage
/// unless `collapse` says otherwise.
pub fn page_request(
    pairs: &[(String, String)],
    default_limit: usize,
) -> Result<SearchRequest, ParamError> {
    let mut req = search_request(pairs, default_limit)?;
    if !pairs.iter().any(|(n, _)| n == "collapse") {
        req.collapse = Collapse::Lineage;
    }
    Ok(req)
}

/// A non-negative integer, `None` when empty.
fn number(name: &'static str, value: &str) -> Result<Option<usize>, ParamError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    v.parse::<usize>()
        .map(Some)
        .map_err(|_| ParamError::BadNumber {
            name,
            value: value.chars().take(40).collect(),
        })
}

/// The filter as written in URLs: `key:value`, or `key>=value` for a
/// comparison.
pub fn filter_param(f: &Filter) -> String {
    match f.op {
        Cmp::Eq => format!("{}:{}", f.key.name(), f.value),
        op => format!("{}{op}{}", f.key.name(), f.value),
    }
}

/// The query string (without `?`) that asks for `req` on a page whose
/// default limit is `default_limit`; defaults are left out.
pub fn to_query(req: &SearchRequest, default_limit: usize) -> String {
    let mut parts = Vec::new();
    if !req.query.is_empty() {
        parts.push(format!("q={}", encode(&req.query)));
    }
    for f in &req.filters {
        parts.push(format!("filter={}", encode(&filter_param(f))));
    }
    if req.sort != Sort::Relevance {
        parts.push(format!("sort={}", req.sort));
    }
    // The page collapses by default, so only switching it off is written.
    if req.collapse == Collapse::None {
        parts.push("collapse=none".into());
    }
    if req.limit != default_limit && req.limit != 0 {
        parts.push(format!("limit={}", req.limit));
    }
    if req.offset > 0 {
        parts.push(format!("offset={}", req.offset));
    }
    parts.join("&")
}

/// Percent-encodes `s` for a query-string value or a path segment (keeps
/// unreserved characters and `:`).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b':') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-encodes a record id for a path, keeping its `/`.
pub fn encode_id(id: &str) -> String {
    id.split('/').map(encode).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::FilterKey;

    fn p(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn parses_and_limits() {
        let req = search_request(
            &p(&[
                ("q", " クラウド "),
                ("filter", "dept:情報政策課"),
                ("filter", "year=2015"),
                ("filter", "dept:情報政策課"),
                ("filter", "edition:"),
                ("limit", "5"),
                ("offset", "10"),
                ("sort", "id"),
                ("whatever", "ignored"),
            ]),
            DEFAULT_PAGE_LIMIT,
        )
        .unwrap();
        assert_eq!(req.query, "クラウド");
        assert_eq!(req.filters.len(), 2);
        assert_eq!(
            req.filters[0],
            Filter::new(FilterKey::from_name("dept").unwrap(), "情報政策課")
        );
        assert_eq!((req.limit, req.offset, req.sort), (5, 10, Sort::Id));
        let long = "あ".repeat(MAX_QUERY_CHARS + 1);
        assert!(matches!(
            search_request(&p(&[("q", &long)]), 10),
            Err(ParamError::QueryTooLong(_))
        ));
        assert!(matches!(
            search_request(&p(&[("limit", "1000")]), 10),
            Err(ParamError::LimitTooLarge(1000))
        ));
        assert!(matches!(
            search_request(&p(&[("limit", "-1")]), 10),
            Err(ParamError::BadNumber { .. })
        ));
        assert!(matches!(
            search_request(&p(&[("filter", "nope:1")]), 10),
            Err(ParamError::BadFilter { .. })
        ));
        assert!(matches!(
            search_request(&p(&[("sort", "up")]), 10),
            Err(ParamError::BadSort(_))
        ));
        assert_eq!(search_request(&p(&[("limit", "")]), 7).unwrap().limit, 7);
    }

    #[test]
    fn round_trips_through_a_uri() {
        let mut req = SearchRequest::new("クラウド 防災&x");
        req.filters.push(Filter::new(
            FilterKey::from_name("dept").unwrap(),
            "情報政策課",
        ));
        req.offset = 20;
        req.limit = DEFAULT_PAGE_LIMIT;
        let q = to_query(&req, DEFAULT_PAGE_LIMIT);
        let uri: Uri = format!("/?{q}").parse().unwrap();
        let back = search_request(&pairs(&uri).unwrap(), DEFAULT_PAGE_LIMIT).unwrap();
        assert_eq!(back, req);
        assert_eq!(encode_id("ict2014/2-3-1"), "ict2014/2-3-1");
    }
}
