//! The HTTP server: a JSON API and a Japanese search page over one index.
//!
//! The server is a thin shell around [`crate::query`]: every handler parses
//! the request into a [`crate::query::SearchRequest`] (or a record id), calls
//! the index, and formats JSON or HTML. Nothing here sees tantivy types.
//!
//! The pieces:
//! - [`state`] holds the open index (swapped when a new commit lands), the
//!   set of ingested source files and a cache of drawn PDF pages;
//! - [`params`] turns query-string pairs into a request, enforcing the limits
//!   below; [`api`] answers `/api/*` and `/healthz` with JSON;
//! - [`pages`] renders the search page, [`record_page`] a record, both as
//!   server-rendered HTML (bookmarkable URLs, usable without JavaScript);
//! - [`files`] serves source PDFs by ingested file name only; [`svg`] draws
//!   a PDF page from its extracted glyphs and rules.
//!
//! Routes:
//!
//! | route | answer |
//! |---|---|
//! | `GET /` | search page (`q`, `filter`, `offset`, `limit`, `sort`, `collapse`: `lineage` unless `none`) |
//! | `GET /records/{id}` | record page (ids contain `/`) |
//! | `GET /svg/{id}` | the record's source page as SVG, its box highlighted |
//! | `GET /pdf/{file}` | an ingested source PDF |
//! | `GET /api/search` | [`crate::query::SearchResponse`] JSON (`collapse=lineage`: one hit per initiative) |
//! | `GET /api/records/{id}` | [`crate::plan::Record`] JSON, its `lineage` and `related` initiatives ([`related`]) |
//! | `GET /api/facets` | every facet count (`total` + `facets`) |
//! | `GET /healthz` | `{"status":"ok","records":N}` |
//!
//! Limits (see [`params`]): a query longer than [`params::MAX_QUERY_CHARS`]
//! characters, a `limit` above [`params::MAX_PAGE_LIMIT`], an `offset` above
//! [`crate::query::MAX_OFFSET`], more than [`params::MAX_FILTERS`] filters, an
//! unparsable filter or sort are refused with 400; a request body is refused
//! with 413 (every route is `GET`); unknown parameters are ignored. Errors
//! under `/api/` are JSON `{"error": …, "status": …}`; pages show an HTML
//! error page with the same status.
//!
//! The index is opened read-only. A background task looks at `meta.json`
//! every [`ServeConfig::reload_interval`] and reloads the reader (reopening
//! the index if reloading fails), so an `ingest` in another process becomes
//! visible within a second.

pub mod api;
mod assets;
mod diff_page;
pub mod files;
mod html;
pub mod pages;
pub mod params;
pub mod record_page;
pub mod related;
mod sidebar;
pub mod state;
pub mod svg;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::index::IndexError;
pub use state::AppState;

/// Longest time a request may take before it is answered with 503.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
/// Default interval between checks for a new index commit.
pub const RELOAD_INTERVAL: Duration = Duration::from_millis(500);

/// What the server serves.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The index directory (opened read-only).
    pub index: PathBuf,
    /// Directories holding the source PDFs (looked up by file name).
    pub corpus: Vec<PathBuf>,
    /// How often to check `meta.json` for a new commit.
    pub reload_interval: Duration,
    /// How source pages are read and laid out for drawing (the user's PDF
    /// limits and layout parameters).
    pub pipeline: crate::pipeline::Options,
}

impl ServeConfig {
    /// A configuration for `index` and `corpus` with the default interval
    /// and default pipeline options.
    pub fn new(index: PathBuf, corpus: Vec<PathBuf>) -> ServeConfig {
        ServeConfig {
            index,
            corpus,
            reload_interval: RELOAD_INTERVAL,
            pipeline: crate::pipeline::Options::default(),
        }
    }
}

/// Errors of starting or running the server.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The index could not be opened.
    #[error("opening index {path}")]
    Index {
        /// The index directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: IndexError,
    },
    /// The address could not be bound.
    #[error("binding {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The server failed while running.
    #[error("serving: {0}")]
    Io(#[source] std::io::Error),
}

/// The router with every route, over `state`.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(pages::search_page))
        .route("/records/{*id}", get(record_page::record_page))
        .route("/diff", get(diff_page::diff_page))
        .route("/svg/{*id}", get(svg::record_svg))
        .route("/pdf/{file}", get(files::pdf))
        .route("/api/search", get(api::search))
        .route("/api/records/{*id}", get(api::record))
        .route("/api/facets", get(api::facets))
        .route("/healthz", get(api::healthz))
        .route("/assets/{name}", get(assets::asset))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn(guard))
        .with_state(state)
}

/// Binds `addr`.
pub async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, ServeError> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })
}

/// Serves `state` on `listener` until `shutdown` completes, watching the
/// index for new commits meanwhile.
pub async fn run(
    state: Arc<AppState>,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let watcher = tokio::spawn(watch_index(state.clone()));
    let result = axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(ServeError::Io);
    watcher.abort();
    result
}

/// Checks for a new index commit every `reload_interval`, forever.
async fn watch_index(state: Arc<AppState>) {
    let mut tick = tokio::time::interval(state.reload_interval());
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let s = state.clone();
        match tokio::task::spawn_blocking(move || s.check_reload()).await {
            Ok(Ok(true)) => eprintln!("index reloaded: {} records", state.index().num_records()),
            Ok(Ok(false)) => {}
            Ok(Err(e)) => eprintln!("warning: index reload failed: {}", with_causes(&e)),
            Err(e) => eprintln!("warning: index reload task failed: {e}"),
        }
    }
}

/// Refuses bodies, bounds the time of a request and adds security headers.
async fn guard(req: Request<Body>, next: Next) -> Response {
    let api = is_api(req.uri().path());
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let chunked = req.headers().contains_key(header::TRANSFER_ENCODING);
    if chunked || declared.is_some_and(|n| n > 0) {
        return error_response(
            api,
            StatusCode::PAYLOAD_TOO_LARGE,
            "リクエストに本文は付けられません (request bodies are refused: every route is GET)"
                .to_string(),
        );
    }
    let mut resp = match tokio::time::timeout(REQUEST_TIMEOUT, next.run(req)).await {
        Ok(resp) => resp,
        Err(_) => error_response(
            api,
            StatusCode::SERVICE_UNAVAILABLE,
            "request timed out".to_string(),
        ),
    };
    let headers = resp.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
             script-src 'self'; object-src 'self'; frame-ancestors 'self'",
        ));
    resp
}

/// Whether `path` is answered in JSON.
fn is_api(path: &str) -> bool {
    path.starts_with("/api/") || path == "/api" || path == "/healthz"
}

/// A JSON error under `/api/`, an HTML error page elsewhere.
/// `e` and every error under it, joined with ": " (for a one-line message).
fn with_causes(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        source = cause.source();
    }
    out
}

fn error_response(api: bool, status: StatusCode, message: String) -> Response {
    if api {
        api::ApiError::new(status, message).into_response()
    } else {
        pages::error_page(status, &message)
    }
}

async fn not_found(req: Request<Body>) -> Response {
    error_response(
        is_api(req.uri().path()),
        StatusCode::NOT_FOUND,
        format!("no such page: {}", req.uri().path()),
    )
}

async fn method_not_allowed(req: Request<Body>) -> Response {
    error_response(
        is_api(req.uri().path()),
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{} is not allowed here (only GET)", req.method()),
    )
}
