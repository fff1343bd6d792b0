//! Project cards (ict2014 style): a framed box with a shaded title band, a
//! column of shaded label cells and values to their right.
//!
//! ```text
//! +------------------------------------------------+
//! | 1 総合行政ネットワーク（LGWAN)の運用        [新] |  title band
//! |目的・概要|                  |性質・手法|システム|  labelled row
//! |  summary …                                     |  free row
//! |主体      | 県，市町村                          |
//! |スケジュール| ～Ｈ２５ | Ｈ２６ | Ｈ２７ | Ｈ２８ |
//! |          | label ──▶ | label ─────────────▶  |
//! |担当      | 震災復興・企画部　情報政策課         |
//! |  notes …                                       |  free row
//! +------------------------------------------------+
//! ```
//!
//! Label cells are found as fills holding a known label (or any fill at the
//! card's left edge); a row's value is the text to the right of its label.
//! Text in no labelled row is a free row: the first after 目的・概要 is the
//! summary, any other is notes. Nothing here depends on absolute positions.

use crate::layout::TextLine;
use crate::pdf::{Rect, Rule};

use super::page::{sort_reading, PageView, EPS};
use super::record::{BBox, Indicator, IndicatorValue, Record, ScheduleSpan};
use super::schedule::{columns_from_headers, is_year_header, read_spans};
use super::text::{
    group_wrapped, is_url, join_wrapped, key, leading_number, split_actors, split_department,
};

/// What a label cell labels.
#[derive(Debug, Clone, PartialEq)]
pub enum Label {
    /// 目的・概要 (the summary follows in the next free row).
    Purpose,
    /// 性質・手法: method words follow to the right.
    Methods,
    /// 主体.
    Actors,
    /// 関連ＵＲＬ.
    Urls,
    /// スケジュール.
    Schedule,
    /// 指標.
    Indicator,
    /// 現状値(as_of).
    Current(String),
    /// 目標値(as_of).
    Target(String),
    /// 担当.
    Departments,
    /// 参考.
    References,
    /// Fixed furniture rows (重点目標, option rows).
    Furniture,
    /// A label we do not know.
    Unknown(String),
}

impl Label {
    /// The record field a label's value fills, for provenance.
    pub fn field_name(&self) -> Option<&'static str> {
        Some(match self {
            Label::Purpose | Label::Furniture | Label::Unknown(_) => return None,
            Label::Methods => "methods",
            Label::Actors => "actors",
            Label::Urls => "urls",
            Label::Schedule => "schedule",
            Label::Indicator => "indicator.name",
            Label::Current(_) => "indicator.current",
            Label::Target(_) => "indicator.target",
            Label::Departments => "departments",
            Label::References => "references",
        })
    }
}

/// Classify a label by its text.
pub fn classify(text: &str) -> Label {
    let k = key(text);
    let inner = || {
        let start = k.find('(').map(|i| i + 1).unwrap_or(k.len());
        let end = k.rfind(')').unwrap_or(k.len()).max(start);
        // Keep the original characters (full-width digits) of the as-of text.
        let t = text.trim();
        let s = t
            .find(['(', '（'])
            .map(|i| i + t[i..].chars().next().map_or(1, char::len_utf8));
        let e = t.rfind([')', '）']);
        match (s, e) {
            (Some(s), Some(e)) if e >= s => t[s..e].trim().to_string(),
            _ => k[start..end].to_string(),
        }
    };
    match k.as_str() {
        "目的・概要" | "目的" | "概要" | "事業の概要" | "事業概要" => {
            Label::Purpose
        }
        "性質・手法" | "手法" => Label::Methods,
        "主体" | "実施主体" => Label::Actors,
        "関連URL" | "URL" | "関連url" => Label::Urls,
        "スケジュール" | "工程" => Label::Schedule,
        "指標" | "成果指標" => Label::Indicator,
        "担当" | "担当課" | "担当部局" | "担当課室" => Label::Departments,
        "参考" | "関連計画" => Label::References,
        "重点目標" | "" => Label::Furniture,
        _ if k.starts_with("現状値") => Label::Current(inner()),
        _ if k.starts_with("目標値") => Label::Target(inner()),
        _ => Label::Unknown(text.trim().to_string()),
    }
}

struct Cell {
    rect: Rect,
    label: Label,
}

/// Parse one card framed by `frame`. Fills the initiative fields of `rec`
/// (title, no, is_new, summary, …) and returns warnings.
///
/// Steps: the fills inside the frame → the title band → the label cells →
/// the value of each label (schedule and indicators included) → the free
/// rows (summary and notes).
pub fn parse_card(view: &PageView, frame: &Rect, rec: &mut Record) -> Vec<String> {
    let mut warnings = Vec::new();
    let lines = view.lines_in(frame);
    let fills = fills_in(view, frame);
    let band = title_band(&fills, frame);
    let cells = label_cells(&lines, &fills, band, frame);
    let band = band.unwrap_or_else(|| above_labels(&cells, frame));

    title(view, &lines, &band, rec);
    provenance(rec, "title", &band);

    let rows = label_rows(&cells, frame);
    let purpose_bottom = read_values(view, frame, &lines, &cells, rec, &mut warnings);
    let regions = free_regions(&lines, &cells, &band, &rows);
    read_free_rows(regions, purpose_bottom, rec);
    if rec.departments.as_ref().is_none_or(Vec::is_empty) {
        warnings.push("card has no 担当 (departments)".to_string());
    }
    warnings
}

/// Whether a line's centre lies in `r`.
fn in_rect(l: &TextLine, r: &Rect) -> bool {
    r.contains_point(l.bbox.cx(), l.bbox.cy(), 0.5)
}

/// Whether a line lies in any label cell.
fn in_label(l: &TextLine, cells: &[Cell]) -> bool {
    cells.iter().any(|c| in_rect(l, &c.rect))
}

/// The frame: the fills lying inside the card.
fn fills_in<'a>(view: &PageView<'a>, frame: &Rect) -> Vec<&'a Rule> {
    view.fills()
        .into_iter()
        .filter(|f| {
            f.bbox.x0 >= frame.x0 - EPS
                && f.bbox.x1 <= frame.x1 + EPS
                && f.bbox.y0 >= frame.y0 - EPS
                && f.bbox.y1 <= frame.y1 + EPS
        })
        .collect()
}

/// The title band: a fill across the top of the card, if there is one.
fn title_band(fills: &[&Rule], frame: &Rect) -> Option<Rect> {
    fills
        .iter()
        .filter(|f| (f.bbox.y0 - frame.y0).abs() < 3.0 && f.bbox.width() > frame.width() * 0.7)
        .map(|f| f.bbox)
        .next()
}

/// Without a title band fill: everything above the first label cell.
fn above_labels(cells: &[Cell], frame: &Rect) -> Rect {
    let top = cells.first().map_or(frame.y0 + 24.0, |c| c.rect.y0);
    Rect {
        x0: frame.x0,
        y0: frame.y0,
        x1: frame.x1,
        y1: top,
    }
}

/// The label cells: fills (other than the title band) holding a known
/// label, or any fill at the card's left edge; top to bottom, left to right.
fn label_cells(
    lines: &[&TextLine],
    fills: &[&Rule],
    band: Option<Rect>,
    frame: &Rect,
) -> Vec<Cell> {
    let mut cells: Vec<Cell> = Vec::new();
    for f in fills {
        if band.is_some_and(|b| b == f.bbox) {
            continue;
        }
        let inside: Vec<&TextLine> = lines
            .iter()
            .copied()
            .filter(|l| in_rect(l, &f.bbox))
            .collect();
        let text = join_wrapped(inside.iter().map(|l| l.text.as_str()));
        let label = classify(&text);
        let at_left = (f.bbox.x0 - frame.x0).abs() < 3.0;
        let known = !matches!(label, Label::Unknown(_) | Label::Furniture);
        if at_left || known {
            cells.push(Cell {
                rect: f.bbox,
                label,
            });
        }
    }
    cells.sort_by(|a, b| {
        a.rect
            .y0
            .total_cmp(&b.rect.y0)
            .then(a.rect.x0.total_cmp(&b.rect.x0))
    });
    cells
}

/// Labelled rows: vertical extents of label cells at the left edge (and of
/// 現状値 cells), merged when they overlap.
fn label_rows(cells: &[Cell], frame: &Rect) -> Vec<(f32, f32)> {
    let mut rows: Vec<(f32, f32)> = Vec::new();
    for c in cells
        .iter()
        .filter(|c| (c.rect.x0 - frame.x0).abs() < 3.0 || matches!(c.label, Label::Current(_)))
    {
        match rows.last_mut() {
            Some(r) if c.rect.y0 < r.1 - EPS => r.1 = r.1.max(c.rect.y1),
            _ => rows.push((c.rect.y0, c.rect.y1)),
        }
    }
    rows
}

/// Where a label's value ends: the next label cell to the right in the
/// same row, or the frame.
fn value_right(c: &Cell, cells: &[Cell], frame: &Rect) -> f32 {
    cells
        .iter()
        .filter(|o| {
            o.rect.x0 > c.rect.x1 - 0.5
                && o.rect.y0 < c.rect.y1 - EPS
                && o.rect.y1 > c.rect.y0 + EPS
        })
        .map(|o| o.rect.x0)
        .fold(frame.x1, f32::min)
}

/// The lines of a label's value: right of the cell up to `right`, within
/// the cell's height, in no label cell; in reading order.
fn value_lines<'a>(
    lines: &[&'a TextLine],
    cells: &[Cell],
    c: &Cell,
    right: f32,
) -> Vec<&'a TextLine> {
    let area = Rect {
        x0: c.rect.x1 - 0.5,
        y0: c.rect.y0,
        x1: right,
        y1: c.rect.y1,
    };
    let mut v: Vec<&TextLine> = lines
        .iter()
        .copied()
        .filter(|l| in_rect(l, &area) && !in_label(l, cells))
        .collect();
    sort_reading(&mut v);
    v
}

/// Values per label: read each label cell's value into `rec`, with its
/// provenance. Returns the bottom of the 目的・概要 cell, if there is one.
fn read_values(
    view: &PageView,
    frame: &Rect,
    lines: &[&TextLine],
    cells: &[Cell],
    rec: &mut Record,
    warnings: &mut Vec<String>,
) -> Option<f32> {
    let mut purpose_bottom: Option<f32> = None;
    for c in cells {
        let right = value_right(c, cells, frame);
        let vals = value_lines(lines, cells, c, right);
        if let Some(name) = c.label.field_name() {
            let area = vals.iter().map(|l| l.bbox).reduce(|a, b| a.union(&b));
            provenance(
                rec,
                name,
                &area.unwrap_or(Rect {
                    x0: c.rect.x1,
                    y0: c.rect.y0,
                    x1: right,
                    y1: c.rect.y1,
                }),
            );
        }
        if matches!(c.label, Label::Purpose) {
            purpose_bottom = Some(c.rect.y1);
        }
        fill_value(view, c, right, &vals, rec, warnings);
    }
    purpose_bottom
}

/// Put one label's value lines `vals` (ending at `right`) into its field of
/// `rec`; an unknown label and its value go to the notes, with a warning.
fn fill_value(
    view: &PageView,
    c: &Cell,
    right: f32,
    vals: &[&TextLine],
    rec: &mut Record,
    warnings: &mut Vec<String>,
) {
    let texts = || vals.iter().map(|l| l.text.as_str());
    match &c.label {
        // The summary follows in the next free row (see `read_free_rows`).
        Label::Purpose | Label::Furniture => {}
        Label::Methods => {
            let words: Vec<String> = vals
                .iter()
                .flat_map(|l| l.text.split_whitespace().map(str::to_string))
                .collect();
            rec.methods = Some(words);
        }
        Label::Actors => rec.actors = Some(split_actors(&join_wrapped(texts()))),
        Label::Urls => {
            let urls = rec.urls.get_or_insert_with(Vec::new);
            urls.extend(url_lines(vals));
        }
        Label::Schedule => rec.schedule = Some(read_schedule(view, c, right, vals)),
        Label::Indicator => indicator_name(rec, join_wrapped(texts())),
        Label::Current(as_of) | Label::Target(as_of) => {
            let value = IndicatorValue {
                as_of: as_of.clone(),
                value: join_wrapped(texts()),
            };
            indicator_value(rec, matches!(c.label, Label::Current(_)), value);
        }
        Label::Departments => {
            let groups = group_wrapped(vals, right - 4.0);
            rec.departments = Some(groups.iter().filter_map(|d| split_department(d)).collect());
        }
        Label::References => references(rec, group_wrapped(vals, right - 4.0)),
        Label::Unknown(t) => {
            warnings.push(format!("unknown label {t:?}; its text goes to notes"));
            let mut all = vec![t.clone()];
            all.extend(texts().map(str::to_string));
            append_note(rec, &join_wrapped(all.iter().map(String::as_str)));
        }
    }
}

/// Schedule: year headers give the columns, the other lines are span
/// labels, and the arrows within the value area give the spans.
fn read_schedule(view: &PageView, c: &Cell, right: f32, vals: &[&TextLine]) -> Vec<ScheduleSpan> {
    let headers: Vec<&TextLine> = vals.iter().copied().filter(|l| is_year_header(l)).collect();
    let cols = columns_from_headers(&headers, c.rect.x1, right);
    let labels: Vec<&TextLine> = vals
        .iter()
        .copied()
        .filter(|l| !is_year_header(l))
        .collect();
    let arrows: Vec<(f32, f32, f32)> = view
        .arrows()
        .into_iter()
        .filter(|a| {
            a.2 > c.rect.y0 && a.2 < c.rect.y1 && a.0 > c.rect.x1 - EPS && a.1 < right + EPS
        })
        .collect();
    read_spans(&cols, &labels, &arrows)
}

/// Indicators, 指標: names the last indicator if it has no name yet, else
/// starts a new one.
fn indicator_name(rec: &mut Record, name: String) {
    let list = rec.indicators.get_or_insert_with(Vec::new);
    match list.last_mut().filter(|i| i.name.is_empty()) {
        Some(ind) => ind.name = name,
        None => list.push(Indicator {
            name,
            current: None,
            target: None,
        }),
    }
}

/// Indicators, 現状値 / 目標値: fills the last indicator's current (or
/// target) value, starting a new indicator when that one is taken.
fn indicator_value(rec: &mut Record, is_current: bool, value: IndicatorValue) {
    let list = rec.indicators.get_or_insert_with(Vec::new);
    let free = |i: &Indicator| {
        if is_current {
            i.current.is_none()
        } else {
            i.target.is_none()
        }
    };
    if !list.last().is_some_and(free) {
        list.push(empty_indicator());
    }
    if let Some(ind) = list.last_mut() {
        if is_current {
            ind.current = Some(value);
        } else {
            ind.target = Some(value);
        }
    }
}

/// 参考: each wrapped group is a URL or a reference.
fn references(rec: &mut Record, groups: Vec<String>) {
    for r in groups {
        if is_url(&r) {
            rec.urls
                .get_or_insert_with(Vec::new)
                .push(r.split_whitespace().collect());
        } else {
            rec.references.get_or_insert_with(Vec::new).push(r);
        }
    }
}

/// Free rows: text below the title band outside every labelled row and
/// label cell, in reading order, grouped by the gap between labelled rows
/// it falls in.
fn free_regions<'a>(
    lines: &[&'a TextLine],
    cells: &[Cell],
    band: &Rect,
    rows: &[(f32, f32)],
) -> Vec<Vec<&'a TextLine>> {
    let mut free: Vec<&TextLine> = lines
        .iter()
        .copied()
        .filter(|l| {
            l.bbox.cy() > band.y1
                && !in_label(l, cells)
                && !rows
                    .iter()
                    .any(|&(a, b)| l.bbox.cy() > a && l.bbox.cy() < b)
        })
        .collect();
    sort_reading(&mut free);
    let mut regions: Vec<Vec<&TextLine>> = Vec::new();
    let mut last_gap: Option<usize> = None;
    for l in free {
        let gap = rows.iter().filter(|r| r.1 <= l.bbox.cy()).count();
        if last_gap == Some(gap) {
            if let Some(r) = regions.last_mut() {
                r.push(l);
                continue;
            }
        }
        regions.push(vec![l]);
        last_gap = Some(gap);
    }
    regions
}

/// The first free region below 目的・概要 (anywhere, without that label) is
/// the summary; every other region is notes.
fn read_free_rows(regions: Vec<Vec<&TextLine>>, purpose_bottom: Option<f32>, rec: &mut Record) {
    let mut summary_done = false;
    for region in regions {
        let text = join_wrapped(region.iter().map(|l| l.text.as_str()));
        let top = region[0].bbox.cy();
        let is_summary = !summary_done && purpose_bottom.is_none_or(|b| top > b);
        if is_summary {
            rec.summary = Some(text);
            if let Some(area) = region.iter().map(|l| l.bbox).reduce(|a, b| a.union(&b)) {
                provenance(rec, "summary", &area);
            }
            summary_done = true;
        } else {
            append_note(rec, &text);
        }
    }
}

/// Record where a field's text was read (page space, top-left origin).
fn provenance(rec: &mut Record, field: &str, r: &Rect) {
    rec.source.fields.push((field.to_string(), BBox::from(*r)));
}

fn empty_indicator() -> Indicator {
    Indicator {
        name: String::new(),
        current: None,
        target: None,
    }
}

fn append_note(rec: &mut Record, text: &str) {
    if text.is_empty() {
        return;
    }
    let notes = rec.notes.get_or_insert(None);
    match notes {
        Some(n) => {
            n.push('\n');
            n.push_str(text);
        }
        None => *notes = Some(text.to_string()),
    }
}

/// URL lines: each line is a URL; a line that is not a URL continues the previous one.
pub fn url_lines(lines: &[&TextLine]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in lines {
        let t: String = l.text.split_whitespace().collect();
        if t.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(prev) if !is_url(&t) => prev.push_str(&t),
            _ => out.push(t),
        }
    }
    out
}

fn title(view: &PageView, lines: &[&TextLine], band: &Rect, rec: &mut Record) {
    let mut inside: Vec<&TextLine> = lines
        .iter()
        .copied()
        .filter(|l| band.contains_point(l.bbox.cx(), l.bbox.cy(), 0.5))
        .collect();
    sort_reading(&mut inside);
    // The 「新」 badge: a lone 新 in a small frame, or at the right end of the band.
    let small_frames: Vec<Rect> = view
        .frames()
        .into_iter()
        .map(|f| f.bbox)
        .filter(|b| {
            b.width() < 40.0 && b.height() < 40.0 && band.contains_point(b.cx(), b.cy(), 1.0)
        })
        .collect();
    let is_badge = |l: &TextLine| {
        let k = key(&l.text);
        (k == "新" || k == "【新】" || k == "[新]")
            && (small_frames
                .iter()
                .any(|f| f.contains_point(l.bbox.cx(), l.bbox.cy(), 1.0))
                || l.bbox.x0 > band.x0 + band.width() * 0.6)
    };
    rec.is_new = Some(inside.iter().any(|l| is_badge(l)));
    inside.retain(|l| !is_badge(l));
    let text = join_wrapped(inside.iter().map(|l| l.text.as_str()));
    match leading_number(&text) {
        Some((n, rest))
            if rest.starts_with(char::is_whitespace) || rest.starts_with(['．', '.']) =>
        {
            rec.no = Some(Some(n));
            rec.title = rest.trim_start_matches(['．', '.']).trim().to_string();
        }
        _ => rec.title = text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_classified_by_text() {
        assert_eq!(classify("目的・概要"), Label::Purpose);
        assert_eq!(classify("関連ＵＲＬ"), Label::Urls);
        assert_eq!(
            classify("現状値(H24年３月末)"),
            Label::Current("H24年３月末".into())
        );
        assert_eq!(
            classify("目標値（28年度末）"),
            Label::Target("28年度末".into())
        );
        assert_eq!(classify("重点目標"), Label::Furniture);
        assert!(matches!(classify("備考欄"), Label::Unknown(_)));
    }
}
