//! Source PDFs (`GET /pdf/{file}`): only files the index was built from, by
//! bare file name, looked up in the configured corpus directories.
//!
//! A name with a path separator, `..`, a control character or a leading dot
//! is refused with 400 before any file system access; a plain name the index
//! does not know is 404. There is no way to name a file outside the corpus
//! directories.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::api::ApiError;
use super::state::is_plain_file_name;
use super::AppState;

/// `GET /pdf/{file}`.
pub async fn pdf(
    State(state): State<Arc<AppState>>,
    file: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path(name) = file?;
    if !is_plain_file_name(&name) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "a file name without directories is required",
        ));
    }
    let path = state
        .source_path(&name)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("no source file {name:?}")))?;
    let bytes = tokio::task::spawn_blocking(move || std::fs::read(path))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let mut resp = bytes.into_response();
    let headers = resp.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("inline"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=60"),
    );
    Ok(resp)
}
