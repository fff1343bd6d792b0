//! A PDF page drawn as SVG from what was extracted from it: every glyph at
//! its box, every rule and filled rectangle, and the record's box
//! highlighted. It shows what the parser saw, without a PDF renderer.
//!
//! Coordinates are page space (points, origin top-left, y down), which is
//! SVG's own, so the page maps to `viewBox="0 0 width height"` unchanged.

use std::fmt::Write as _;
use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::api::{find_record, ApiError};
use super::html::esc;
use super::record_page::source_page;
use super::state::{file_name, PageError};
use super::AppState;
use crate::pdf::{Color, Direction, Page, RuleKind};
use crate::plan::BBox;

/// Where the baseline sits in a horizontal glyph box, as a fraction of the
/// box height from its top (ascent ≈ 0.88 em of a 1.0 em box).
const BASELINE_FRACTION: f32 = 0.88;
/// Smallest font size drawn, in points (keeps invisible specks out).
const MIN_FONT_SIZE: f32 = 1.0;
/// Padding around the highlighted box, in points.
const HIGHLIGHT_PAD: f32 = 3.0;

/// `GET /svg/{id}`: the record's source page with its box highlighted.
pub async fn record_svg(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    let Path(id) = match id {
        Ok(p) => p,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let record = match find_record(&state, id).await {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let file = file_name(&record.source.file).to_string();
    let page_no = source_page(&record);
    let s = state.clone();
    let loaded = tokio::task::spawn_blocking(move || s.page(&file, page_no)).await;
    let loaded = match loaded {
        Ok(Ok(p)) => p,
        Ok(Err(PageError::NotAvailable(f))) => {
            return ApiError::new(
                StatusCode::NOT_FOUND,
                format!("source file {f:?} is not available"),
            )
            .into_response()
        }
        Ok(Err(e)) => return ApiError::internal(e).into_response(),
        Err(e) => return ApiError::internal(e).into_response(),
    };
    let svg = render(&loaded.page, record.source.bbox.as_ref(), &record.title);
    let mut resp = svg.into_response();
    let headers = resp.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("image/svg+xml; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    resp
}

/// `#rrggbb` of a colour with components in 0..=1.
fn hex(c: Color) -> String {
    let byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("#{:02x}{:02x}{:02x}", byte(c.0), byte(c.1), byte(c.2))
}

/// A number with at most two decimals, trailing zeros dropped.
fn num(v: f32) -> String {
    if !v.is_finite() {
        return "0".into();
    }
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" || s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// The page as an SVG document, `highlight` outlined, titled `title`.
pub fn render(page: &Page, highlight: Option<&BBox>, title: &str) -> String {
    let (w, h) = (page.width.max(1.0), page.height.max(1.0));
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" font-family="'Noto Sans CJK JP','Noto Sans JP','Hiragino Kaku Gothic ProN','Yu Gothic','IPAexGothic',sans-serif"><title>{}</title><rect width="100%" height="100%" fill="#fff"/>"##,
        num(w),
        num(h),
        num(w),
        num(h),
        esc(title)
    );
    draw_rules(&mut out, page);
    draw_text(&mut out, page);
    if let Some(b) = highlight {
        let _ = write!(
            out,
            r##"<rect id="highlight" x="{}" y="{}" width="{}" height="{}" fill="#ffd400" fill-opacity="0.22" stroke="#e08a00" stroke-width="2.5" rx="3"/>"##,
            num(b.x0 - HIGHLIGHT_PAD),
            num(b.y0 - HIGHLIGHT_PAD),
            num((b.x1 - b.x0).abs() + 2.0 * HIGHLIGHT_PAD),
            num((b.y1 - b.y0).abs() + 2.0 * HIGHLIGHT_PAD)
        );
    }
    out.push_str("</svg>");
    out
}

fn draw_rules(out: &mut String, page: &Page) {
    out.push_str(r#"<g fill="none" stroke-linecap="square">"#);
    for r in &page.rules {
        let b = r.bbox;
        let stroke = if r.stroked { "#555" } else { "none" };
        let width = num(r.line_width.clamp(0.25, 4.0));
        match r.kind {
            RuleKind::Line => {
                let _ = write!(
                    out,
                    r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#555" stroke-width="{width}"{}/>"##,
                    num(b.x0),
                    num(b.y0),
                    num(b.x1),
                    num(b.y1),
                    if r.dashed {
                        r#" stroke-dasharray="3 2""#
                    } else {
                        ""
                    }
                );
            }
            RuleKind::Rect | RuleKind::Shape => {
                let fill = match (r.filled, r.fill) {
                    (true, Some(c)) => hex(c),
                    _ => "none".to_string(),
                };
                if fill == "none" && stroke == "none" {
                    continue;
                }
                let _ = write!(
                    out,
                    r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>"#,
                    num(b.x0),
                    num(b.y0),
                    num(b.width().max(0.1)),
                    num(b.height().max(0.1))
                );
            }
        }
    }
    out.push_str("</g>");
}

fn draw_text(out: &mut String, page: &Page) {
    out.push_str("<g>");
    for run in &page.runs {
        if run.render_mode == 3 || run.render_mode == 7 || run.size < MIN_FONT_SIZE {
            continue;
        }
        let (mut xs, mut ys, mut text) = (Vec::new(), Vec::new(), String::new());
        for g in &run.glyphs {
            let chars: Vec<char> = g.text.chars().filter(|c| !c.is_control()).collect();
            if chars.is_empty() || chars.iter().all(|c| c.is_whitespace()) {
                continue;
            }
            let n = chars.len() as f32;
            for (i, c) in chars.iter().enumerate() {
                let (x, y) = match run.direction {
                    Direction::Horizontal => (
                        g.bbox.x0 + g.bbox.width() * i as f32 / n,
                        g.bbox.y0 + g.bbox.height() * BASELINE_FRACTION,
                    ),
                    Direction::Vertical => (
                        g.bbox.x0,
                        g.bbox.y0 + g.bbox.height() * (i as f32 + BASELINE_FRACTION) / n,
                    ),
                };
                xs.push(num(x));
                ys.push(num(y));
                text.push(*c);
            }
        }
        if text.is_empty() {
            continue;
        }
        let fill = hex(run.color);
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" font-size="{}"{}>{}</text>"#,
            xs.join(" "),
            ys.join(" "),
            num(run.size),
            if fill == "#000000" {
                String::new()
            } else {
                format!(r#" fill="{fill}""#)
            },
            esc(&text)
        );
    }
    out.push_str("</g>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::{Glyph, GlyphRun, Quality, Rect, Rule};

    #[test]
    fn draws_glyphs_rules_and_highlight() {
        let glyph = |t: &str, x: f32| Glyph {
            text: t.into(),
            bbox: Rect {
                x0: x,
                y0: 100.0,
                x1: x + 10.0,
                y1: 110.0,
            },
        };
        let page = Page {
            number: 1,
            width: 595.0,
            height: 842.0,
            rotation: 0,
            runs: vec![GlyphRun {
                glyphs: vec![glyph("施", 50.0), glyph("<", 60.0)],
                font: "F".into(),
                size: 10.0,
                render_mode: 0,
                color: Color::BLACK,
                direction: Direction::Horizontal,
            }],
            rules: vec![Rule {
                kind: RuleKind::Line,
                bbox: Rect {
                    x0: 10.0,
                    y0: 20.0,
                    x1: 300.0,
                    y1: 20.0,
                },
                stroked: true,
                filled: false,
                fill: None,
                line_width: 0.5,
                dashed: false,
            }],
            warnings: vec![],
            quality: Quality::default(),
        };
        let bbox = BBox {
            x0: 40.0,
            y0: 90.0,
            x1: 200.0,
            y1: 120.0,
        };
        let svg = render(&page, Some(&bbox), "t&");
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains(r#"viewBox="0 0 595 842""#));
        assert!(svg.contains(r#"<text x="50 60" y="108.8 108.8" font-size="10">施&lt;</text>"#));
        assert!(svg.contains(r#"<line x1="10" y1="20" x2="300" y2="20""#));
        assert!(svg.contains(r#"id="highlight" x="37" y="87" width="166" height="36""#));
        assert!(svg.contains("<title>t&amp;</title>"));
        assert_eq!(num(-0.001), "0");
    }
}
