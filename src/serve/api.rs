//! The JSON API: `/api/search`, `/api/records/{id}`, `/api/facets`, `/healthz`.
//!
//! Each handler parses parameters ([`super::params`]), runs the index call on
//! the blocking pool and answers with the library's own serialisable types.
//! Every failure is an [`ApiError`]: JSON `{"error": "…", "status": N}` with
//! that status code, never a backtrace.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use super::params::{pairs, search_request, ParamError, DEFAULT_PAGE_LIMIT};
use super::related::{related, Related, RELATED_SHOWN};
use super::AppState;
use crate::lineage::RecordLineage;
use crate::plan::Record;
use crate::query::{Facets, QueryError, SearchRequest, SearchResponse};

/// An error answered as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The status code.
    pub status: StatusCode,
    /// What went wrong, for people.
    pub message: String,
}

impl ApiError {
    /// An error with `status` and `message`.
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    /// A 500 for an internal failure; the detail goes to the server log only.
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        eprintln!("error: {detail}");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
    }
}

impl From<ParamError> for ApiError {
    fn from(e: ParamError) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, e.message())
    }
}

impl From<PathRejection> for ApiError {
    fn from(e: PathRejection) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, e.body_text())
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    status: u16,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: &self.message,
            status: self.status.as_u16(),
        };
        (self.status, Json(body)).into_response()
    }
}

/// Runs `req` on the blocking pool; the outer error when the task failed,
/// the inner one the search's own.
pub(crate) async fn run_query(
    state: &Arc<AppState>,
    req: SearchRequest,
) -> Result<Result<SearchResponse, QueryError>, ApiError> {
    let index = state.index();
    tokio::task::spawn_blocking(move || index.search(&req))
        .await
        .map_err(ApiError::internal)
}

/// A search's error as answered: a filter it cannot answer is the
/// request's fault (400), anything else an internal error.
pub(crate) fn query_error(e: QueryError) -> ApiError {
    match e {
        QueryError::Filter(f) => ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("絞り込みの値が正しくありません。 ({f})"),
        ),
        other => ApiError::internal(other),
    }
}

/// Runs `req` on the blocking pool.
pub(crate) async fn run_search(
    state: &Arc<AppState>,
    req: SearchRequest,
) -> Result<SearchResponse, ApiError> {
    run_query(state, req).await?.map_err(query_error)
}

/// Looks record `id` up on the blocking pool.
pub(crate) async fn find_record(state: &Arc<AppState>, id: String) -> Result<Record, ApiError> {
    if id.is_empty() || id.len() > 512 {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "bad record id"));
    }
    let index = state.index();
    let lookup = id.clone();
    tokio::task::spawn_blocking(move || index.record(&lookup))
        .await
        .map_err(ApiError::internal)?
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("no record {id:?}")))
}

/// `GET /api/search`: a [`SearchResponse`].
pub async fn search(
    State(state): State<Arc<AppState>>,
    uri: Uri,
) -> Result<Json<SearchResponse>, ApiError> {
    let req = search_request(&pairs(&uri)?, DEFAULT_PAGE_LIMIT)?;
    Ok(Json(run_search(&state, req).await?))
}

/// The answer of `/api/records/{id}`: the record's keys, plus its stored
/// lineage under `lineage` (predecessors and successors with score and
/// evidence, issuer, status) when it has one.
#[derive(Debug, Serialize)]
pub struct RecordResponse {
    /// The record (its keys at the top level).
    #[serde(flatten)]
    pub record: Record,
    /// Its lineage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lineage: Option<RecordLineage>,
    /// The most similar initiatives of other editions (and issuers), its own
    /// predecessors and successors left out.
    pub related: Vec<Related>,
}

/// `GET /api/records/{id}`: the full [`Record`] with its lineage.
pub async fn record(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<RecordResponse>, ApiError> {
    let Path(id) = id?;
    let record = find_record(&state, id).await?;
    let (lineage, related) = lineage_and_related(&state, &record).await;
    Ok(Json(RecordResponse {
        record,
        lineage,
        related,
    }))
}

/// The stored lineage of `record` and its related initiatives (those of
/// other editions most similar to it, its linked neighbours left out).
pub(crate) async fn lineage_and_related(
    state: &Arc<AppState>,
    record: &Record,
) -> (Option<RecordLineage>, Vec<Related>) {
    let (s, r) = (state.clone(), record.clone());
    tokio::task::spawn_blocking(move || {
        let lineage = s.index().record_lineage(&r.id);
        let exclude: Vec<&str> = lineage
            .iter()
            .flat_map(|l| l.predecessors.iter().chain(&l.successors))
            .map(|n| n.id.as_str())
            .collect();
        let related = match related(&s.index(), &r, &exclude, RELATED_SHOWN) {
            Ok(related) => related,
            Err(e) => {
                eprintln!("error: related initiatives: {e}");
                Vec::new()
            }
        };
        (lineage, related)
    })
    .await
    .unwrap_or_default()
}

/// The answer of `/api/facets`.
#[derive(Debug, Serialize)]
pub struct FacetsResponse {
    /// Records matching (every record without filters).
    pub total: usize,
    /// Counts of every facet.
    pub facets: Facets,
    /// Warnings of the search.
    pub warnings: Vec<String>,
    /// Wall time, in milliseconds.
    pub took_ms: f64,
}

/// `GET /api/facets`: counts of every facet over every record (filters and
/// a query may narrow them as on `/api/search`).
pub async fn facets(
    State(state): State<Arc<AppState>>,
    uri: Uri,
) -> Result<Json<FacetsResponse>, ApiError> {
    let mut req = search_request(&pairs(&uri)?, DEFAULT_PAGE_LIMIT)?;
    req.limit = 1;
    req.offset = 0;
    let resp = run_search(&state, req).await?;
    Ok(Json(FacetsResponse {
        total: resp.total,
        facets: resp.facets,
        warnings: resp.warnings,
        took_ms: resp.took_ms,
    }))
}

/// The answer of `/healthz`.
#[derive(Debug, Serialize)]
pub struct Health {
    /// Always "ok" when the server answers.
    pub status: &'static str,
    /// Records in the index.
    pub records: u64,
    /// Source file names the index was built from.
    pub files: Vec<String>,
}

/// `GET /healthz`.
pub async fn healthz(State(state): State<Arc<AppState>>) -> Json<Health> {
    Json(Health {
        status: "ok",
        records: state.index().num_records(),
        files: state.files().iter().cloned().collect(),
    })
}
