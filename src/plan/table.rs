//! Tables of initiatives (it2013 style): one ruled table per page with
//! columns № | 主な取組事業 | 事業の概要（計画） | fiscal years.
//!
//! ```text
//! +---+----------------+--------------------+-------+-------+-------+
//! | № | 主な取組事業    | 事業の概要（計画）   |   スケジュール          |  header
//! | １．安全・安心な生活環境の実現                                     |  field row
//! | １　防災対策の推進                         | H23年度| H24年度| H25年度|  item row
//! | １| title          | summary            | label ─────▶        |  data row
//! +---+----------------+--------------------+-------+-------+-------+
//! ```
//!
//! Columns come from the header row's vertical rules (or its label
//! positions), rows from full-width horizontal rules. A row whose text
//! starts at the table's left edge with "N．" is a field heading, with "N　"
//! an item heading; everything else is a data row. Titles starting with "・"
//! or "（N）" are nested under the previous top-level row.

use regex::Regex;
use std::sync::OnceLock;

use crate::layout::TextLine;
use crate::pdf::Rect;

use super::page::{sort_reading, PageView, EPS};
use super::schedule::{columns_from_headers, is_year_header, read_spans, YearColumn};
use super::text::{join_wrapped, key, parse_int};

/// One row of the table as read from the page.
#[derive(Debug, Clone)]
pub enum TableRow {
    /// "１．name": a field (分野) heading.
    Field(u32, String),
    /// "１　name": an item (項目) heading; `has_years` when it carries year headers.
    Item(u32, String),
    /// A data row.
    Data(DataRow),
}

/// The cells of a data row.
#[derive(Debug, Clone)]
pub struct DataRow {
    /// Number in the № column.
    pub no: Option<u32>,
    /// Title as printed (bullet or "（N）" prefix included).
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Schedule spans.
    pub schedule: Vec<super::record::ScheduleSpan>,
    /// Bounding box of the row.
    pub bbox: Rect,
    /// Where each field's text was read: (field, box).
    pub fields: Vec<(String, Rect)>,
}

fn field_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^\s*(\d+)\s*[.．]\s*(.+?)\s*$").expect("valid regex"))
}

fn item_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^\s*(\d+)\s+(.+?)\s*$").expect("valid regex"))
}

/// Find the table on a page: the line holding the 主な取組事業 header.
pub fn find_header<'a>(view: &PageView<'a>) -> Option<&'a TextLine> {
    view.lines().into_iter().find(|l| {
        let k = key(&l.text);
        k == "主な取組事業" || k == "取組事業" || k == "事業名"
    })
}

/// The table's frame and the left edges of its columns.
struct Columns {
    /// The table frame.
    frame: Rect,
    /// Left edge of 主な取組事業 (the № column lies left of it).
    x_title: f32,
    /// Left edge of 事業の概要.
    x_summary: f32,
    /// Left edge of the fiscal-year columns.
    x_years: f32,
}

/// Read all rows of the table whose header line is `header`.
///
/// Steps: the frame → row boundaries → columns → for each row between two
/// boundaries, a heading (field or item) or else a data row.
pub fn read_table(
    view: &PageView,
    header: &TextLine,
    year_columns: &mut Vec<YearColumn>,
) -> Vec<TableRow> {
    let frame = table_frame(view, header);
    let ys = row_bounds(view, &frame);
    let cols = columns(view, header, frame);
    let lines = view.lines_in(&frame);
    let arrows = view.arrows();
    let mut rows = Vec::new();
    for w in ys.windows(2) {
        let (top, bottom) = (w[0], w[1]);
        if bottom - top < 3.0 {
            continue;
        }
        let mut in_row: Vec<&TextLine> = lines
            .iter()
            .copied()
            .filter(|l| l.bbox.cy() > top && l.bbox.cy() < bottom)
            .collect();
        if in_row.is_empty() || in_row.iter().any(|l| std::ptr::eq(*l, header)) {
            continue;
        }
        sort_reading(&mut in_row);
        // A heading is the leftmost text of its row (year headers may sit higher or lower).
        let Some(first) = in_row
            .iter()
            .copied()
            .filter(|l| !is_year_header(l))
            .min_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0))
        else {
            continue;
        };
        if let Some(row) = heading_row(first, &in_row, &cols, year_columns) {
            rows.push(row);
            continue;
        }
        let row = data_row(&in_row, &cols, &arrows, year_columns, (top, bottom));
        rows.push(TableRow::Data(row));
    }
    rows
}

/// The table frame: the stroked rectangle around the header, else the page body.
fn table_frame(view: &PageView, header: &TextLine) -> Rect {
    view.frames()
        .into_iter()
        .map(|f| f.bbox)
        .filter(|b| {
            b.contains_point(header.bbox.cx(), header.bbox.cy(), 1.0)
                && b.width() > view.layout.width * 0.5
        })
        .max_by(|a, b| a.height().total_cmp(&b.height()))
        .unwrap_or(Rect {
            x0: 0.0,
            y0: header.bbox.y0 - 5.0,
            x1: view.layout.width,
            y1: view.layout.height,
        })
}

/// Row boundaries: horizontal rules spanning most of the table, and the
/// frame's top and bottom; sorted, near-duplicates dropped.
fn row_bounds(view: &PageView, frame: &Rect) -> Vec<f32> {
    let mut ys: Vec<f32> = view
        .hrules()
        .into_iter()
        .filter(|&(y, x0, x1, _)| {
            x1 - x0 > frame.width() * 0.9 && y >= frame.y0 - EPS && y <= frame.y1 + EPS
        })
        .map(|r| r.0)
        .chain([frame.y0, frame.y1])
        .collect();
    ys.sort_by(f32::total_cmp);
    ys.dedup_by(|a, b| (*a - *b).abs() < EPS);
    ys
}

/// Columns: from the vertical rules crossing the header row, expecting
/// № | title | summary | schedule; else from the header labels' positions.
fn columns(view: &PageView, header: &TextLine, frame: Rect) -> Columns {
    let hy = header.bbox.cy();
    let mut xs: Vec<f32> = view
        .vrules()
        .into_iter()
        .filter(|&(x, y0, y1)| y0 <= hy && y1 >= hy && x > frame.x0 + EPS && x < frame.x1 - EPS)
        .map(|r| r.0)
        .collect();
    xs.sort_by(f32::total_cmp);
    xs.dedup_by(|a, b| (*a - *b).abs() < EPS);
    let header_row: Vec<&TextLine> = view
        .lines()
        .into_iter()
        .filter(|l| (l.bbox.cy() - hy).abs() < header.size)
        .collect();
    let summary_header = header_row
        .iter()
        .find(|l| key(&l.text).contains("概要"))
        .copied();
    let schedule_header = header_row
        .iter()
        .find(|l| key(&l.text).contains("スケジュール"))
        .copied();
    let x_title = xs
        .first()
        .copied()
        .filter(|x| *x < header.bbox.x0)
        .unwrap_or(header.bbox.x0 - 4.0);
    let x_summary = xs
        .iter()
        .copied()
        .find(|x| *x > header.bbox.x1 && summary_header.is_none_or(|s| *x < s.bbox.x0))
        .unwrap_or_else(|| summary_header.map_or(frame.cx(), |s| s.bbox.x0 - 4.0));
    let x_years = xs
        .iter()
        .copied()
        .find(|x| summary_header.is_some_and(|s| *x > s.bbox.x1))
        .unwrap_or_else(|| {
            schedule_header.map_or(frame.x1 - frame.width() * 0.25, |s| s.bbox.x0 - 20.0)
        });
    Columns {
        frame,
        x_title,
        x_summary,
        x_years,
    }
}

/// A heading row: its leftmost line `first` starts at the title column with
/// "N．" (a field) or "N　" (an item). An item row's year headers, if any,
/// replace `year_columns`.
fn heading_row(
    first: &TextLine,
    in_row: &[&TextLine],
    cols: &Columns,
    year_columns: &mut Vec<YearColumn>,
) -> Option<TableRow> {
    let norm: String = crate::unicode::nfkc(&first.text);
    let starts_left =
        first.bbox.x0 < cols.x_title + 2.0 * first.size && first.bbox.x1 > cols.x_title;
    if !starts_left {
        return None;
    }
    if let Some(c) = field_re().captures(&norm) {
        if let Some(n) = parse_int(&c[1]) {
            let name = first
                .text
                .trim()
                .split_once(['．', '.'])
                .map_or(String::new(), |(_, t)| t.trim().to_string());
            return Some(TableRow::Field(n, name));
        }
    }
    let c = item_re().captures(&norm)?;
    let n = parse_int(&c[1])?;
    let name = first
        .text
        .trim()
        .split_once(char::is_whitespace)
        .map_or(String::new(), |(_, t)| t.trim().to_string());
    let headers: Vec<&TextLine> = in_row
        .iter()
        .copied()
        .filter(|l| is_year_header(l))
        .collect();
    if !headers.is_empty() {
        *year_columns = columns_from_headers(&headers, cols.x_years, cols.frame.x1);
    }
    Some(TableRow::Item(n, name))
}

/// A data row between `top` and `bottom`: its lines cut into the №, title,
/// summary and schedule cells, the schedule read against `year_columns`
/// with the arrows in the row's year area.
fn data_row(
    in_row: &[&TextLine],
    cols: &Columns,
    arrows: &[(f32, f32, f32)],
    year_columns: &[YearColumn],
    (top, bottom): (f32, f32),
) -> DataRow {
    let frame = cols.frame;
    let cell = |x0: f32, x1: f32| -> Vec<&TextLine> {
        in_row
            .iter()
            .copied()
            .filter(|l| l.bbox.cx() > x0 && l.bbox.cx() < x1)
            .collect()
    };
    let no_cell = cell(frame.x0, cols.x_title);
    let title_cell = cell(cols.x_title, cols.x_summary);
    let summary_cell = cell(cols.x_summary, cols.x_years);
    let year_area = Rect {
        x0: cols.x_years,
        y0: top,
        x1: frame.x1,
        y1: bottom,
    };
    let year_labels: Vec<&TextLine> = cell(cols.x_years, frame.x1)
        .into_iter()
        .filter(|l| !is_year_header(l))
        .collect();
    let row_arrows: Vec<(f32, f32, f32)> = arrows
        .iter()
        .copied()
        .filter(|a| year_area.contains_point(a.0.max(a.1 - 1.0), a.2, 0.5))
        .collect();
    let no = parse_int(&join_wrapped(no_cell.iter().map(|l| l.text.as_str())));
    let mut fields = Vec::new();
    for (name, cell) in [
        ("no", &no_cell),
        ("title", &title_cell),
        ("summary", &summary_cell),
        ("schedule", &year_labels),
    ] {
        if let Some(r) = cell.iter().map(|l| l.bbox).reduce(|a, b| a.union(&b)) {
            fields.push((name.to_string(), r));
        }
    }
    DataRow {
        no,
        title: join_wrapped(title_cell.iter().map(|l| l.text.as_str())),
        summary: join_wrapped(summary_cell.iter().map(|l| l.text.as_str())),
        schedule: read_spans(year_columns, &year_labels, &row_arrows),
        bbox: Rect {
            x0: frame.x0,
            y0: top,
            x1: frame.x1,
            y1: bottom,
        },
        fields,
    }
}

/// A nested-row prefix: "・" (bullet) or "（N）" (sub-number).
pub enum Nesting {
    /// A top-level row.
    None,
    /// "・title".
    Bullet,
    /// "（N）title".
    Numbered(u32),
}

/// Split a nesting prefix off a title.
pub fn nesting(title: &str) -> (Nesting, String) {
    let t = title.trim();
    if let Some(rest) = t.strip_prefix(['・', '･']) {
        return (Nesting::Bullet, rest.trim().to_string());
    }
    let norm: String = crate::unicode::nfkc(t);
    if let Some(inner) = norm.strip_prefix('(') {
        if let Some((num, _)) = inner.split_once(')') {
            if let Some(n) = parse_int(num) {
                // Cut the same number of characters off the original title.
                let prefix_chars = num.chars().count() + 2;
                return (
                    Nesting::Numbered(n),
                    t.chars()
                        .skip(prefix_chars)
                        .collect::<String>()
                        .trim()
                        .to_string(),
                );
            }
        }
    }
    (Nesting::None, t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_prefixes() {
        assert!(matches!(
            nesting("・みやぎ復興プレス【ＨＰ】").0,
            Nesting::Bullet
        ));
        let (n, t) = nesting("（２）サーバの統合・仮想化");
        assert!(matches!(n, Nesting::Numbered(2)));
        assert_eq!(t, "サーバの統合・仮想化");
        assert!(matches!(nesting("県ホームページの充実").0, Nesting::None));
    }

    #[test]
    fn heading_patterns() {
        assert!(field_re().is_match(&crate::unicode::nfkc("１．安全・安心な生活環境の実現")));
        assert!(item_re().is_match(&crate::unicode::nfkc("１　防災対策の推進")));
        assert!(!field_re().is_match(&crate::unicode::nfkc("１　防災対策の推進")));
    }
}
