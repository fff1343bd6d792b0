//! The page's stylesheet and script, compiled into the binary (no CDN, works
//! offline).

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::pages::error_page;

/// The stylesheet.
const STYLE_CSS: &str = include_str!("assets/style.css");
/// The script: keyboard navigation, citation copy, facet panel on phones.
const APP_JS: &str = include_str!("assets/app.js");

/// `GET /assets/{name}`.
pub async fn asset(Path(name): Path<String>) -> Response {
    let (body, kind) = match name.as_str() {
        "style.css" => (STYLE_CSS, "text/css; charset=utf-8"),
        "app.js" => (APP_JS, "text/javascript; charset=utf-8"),
        _ => return error_page(StatusCode::NOT_FOUND, "no such asset"),
    };
    let mut resp = body.into_response();
    let headers = resp.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    resp
}
