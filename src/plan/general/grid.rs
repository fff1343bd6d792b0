//! Header rows: a visual row whose every cell is a label word (or a fiscal
//! year) names the columns under it. Three kinds of block follow a header:
//! - **rows**: the header names a title or number column (施策一覧表, the
//!   事業シート's No.|取組名 row): each table row is one initiative; rows
//!   wrap over several lines and are split where the number column has text
//!   or the gap between lines grows; full-width band rows are headings;
//! - **values**: other label columns (主体|所管課|性質・手法, 政策分野|施策項目):
//!   values of the current initiative or outline;
//! - **kpi**: indicator | current | target columns: one indicator per row;
//! - **years**: a row of fiscal years: span labels and arrows under them.

use crate::layout::TextLine;
use crate::pdf::Rect;

use super::labels::{vocabulary, Field};
use super::numbering::{numbering, Numbering, Style};
use super::page_ctx::pure_label;
pub use super::page_ctx::PageCtx;
use super::{Entry, Params};
use crate::plan::record::{Indicator, ScheduleSpan};
use crate::plan::schedule::{columns_from_headers, read_spans, YearColumn};
use crate::plan::text::{join_wrapped, parse_int};

/// One named column.
#[derive(Debug, Clone)]
pub struct Col {
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// The field it holds.
    pub field: Field,
    /// Parenthesised note of the label (a KPI column's date).
    pub note: Option<String>,
}

/// The block kind under a header row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One initiative per row.
    Rows,
    /// Values of the current initiative.
    Values,
    /// One indicator per row.
    Kpi,
    /// Span labels under year columns.
    Years,
}

/// Output of a block, applied by the flow in order.
#[derive(Debug)]
pub enum Out {
    /// A band row heading.
    Heading(Numbering),
    /// A new initiative (a table row).
    Row(Entry),
    /// Values for the current initiative.
    Values(Vec<(Field, Vec<String>)>),
    /// Spans for the current initiative.
    Spans(Vec<ScheduleSpan>),
    /// Indicators for the current initiative.
    Indicators(Vec<Indicator>),
}

/// An open block under a header row.
pub struct Block<'a> {
    /// Its kind.
    pub kind: Kind,
    cols: Vec<Col>,
    years: Vec<YearColumn>,
    /// Lines of the row being read.
    row: Vec<&'a TextLine>,
    /// Bottom of the last line taken.
    y1: f32,
    size: f32,
    page: u32,
    /// Matched header labels.
    pub matched: Vec<(String, Field)>,
}

/// Column edges of header cells: the vertical rules around each label, else
/// halfway between neighbouring labels.
fn edges(cells: &[&TextLine], ctx: &PageCtx) -> Vec<(f32, f32)> {
    let cy = cells.iter().map(|l| l.bbox.cy()).sum::<f32>() / cells.len().max(1) as f32;
    let mut xs: Vec<f32> = ctx
        .vrules
        .iter()
        .filter(|r| r.1 <= cy && r.2 >= cy)
        .map(|r| r.0)
        .collect();
    xs.sort_by(f32::total_cmp);
    cells
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let gap_l = if i == 0 {
                ctx.left
            } else {
                (cells[i - 1].bbox.x1 + l.bbox.x0) / 2.0
            };
            let gap_r = cells
                .get(i + 1)
                .map_or(ctx.right, |n| (l.bbox.x1 + n.bbox.x0) / 2.0);
            let x0 = xs
                .iter()
                .copied()
                .filter(|x| *x <= l.bbox.x0 + 1.0)
                .fold(f32::NAN, f32::max);
            let x1 = xs
                .iter()
                .copied()
                .filter(|x| *x >= l.bbox.x1 - 1.0)
                .fold(f32::NAN, f32::min);
            let prev_x1 = if i == 0 {
                f32::MIN
            } else {
                cells[i - 1].bbox.x1
            };
            let x0 = if x0.is_nan() || x0 < prev_x1 {
                gap_l
            } else {
                x0
            };
            let x1 = if x1.is_nan() { gap_r } else { x1 };
            (x0, x1)
        })
        .collect()
}

/// A header row: two or more cells, each a label word or a fiscal year.
pub fn header<'a>(row: &[&TextLine], ctx: &PageCtx) -> Option<Block<'a>> {
    if row.len() < 2 || !row.iter().all(|l| ctx.is_cell(l)) {
        return None;
    }
    // A 新規 badge is a value (区分 | 新規), never a column name.
    let badge = |l: &&TextLine| {
        pure_label(l).is_some_and(|(f, _)| f == Field::NewBadge) && l.text.contains('新')
    };
    if row.iter().any(badge) {
        return None;
    }
    let size = row.iter().map(|l| l.size).fold(0.0, f32::max);
    let edges = edges(row, ctx);
    let mut cols = Vec::new();
    let mut year_cells = Vec::new();
    let mut year_span = (f32::MAX, f32::MIN);
    let mut matched = Vec::new();
    for (l, (x0, x1)) in row.iter().zip(edges) {
        if let Some((field, note)) = pure_label(l) {
            matched.push((l.text.trim().to_string(), field));
            cols.push(Col {
                x0,
                x1,
                field,
                note,
            });
        } else {
            year_cells.push(*l);
            year_span = (year_span.0.min(x0), year_span.1.max(x1));
        }
    }
    let years = if year_cells.is_empty() {
        Vec::new()
    } else {
        columns_from_headers(&year_cells, year_span.0, year_span.1)
    };
    let has = |f: Field| cols.iter().any(|c| c.field == f);
    let kind = if cols.is_empty() {
        Kind::Years
    } else if has(Field::Title) || has(Field::Number) {
        Kind::Rows
    } else if has(Field::Indicator) && (has(Field::Current) || has(Field::Target)) {
        Kind::Kpi
    } else {
        Kind::Values
    };
    Some(Block {
        kind,
        cols,
        years,
        row: Vec::new(),
        y1: row.iter().map(|l| l.bbox.y1).fold(f32::MIN, f32::max),
        size,
        page: ctx.number,
        matched,
    })
}

/// Without arrows, one label per year cell ("継続 | 継続 | 継続") is one span.
fn join_repeated(spans: Vec<ScheduleSpan>) -> Vec<ScheduleSpan> {
    let mut out: Vec<ScheduleSpan> = Vec::new();
    for s in spans {
        match out.last_mut() {
            Some(p)
                if p.label == s.label
                    && p.from.is_some()
                    && s.from.is_some_and(|f| f.western() == p.to.western() + 1) =>
            {
                p.to = s.to
            }
            _ => out.push(s),
        }
    }
    out
}

/// A header row whose cells wrap onto more lines ("実施" over "主体", a
/// one-line cell centred between them): fragments of consecutive close rows
/// stacked in one column are joined; the header holds when every joined
/// cell is a label or a year.
pub fn stacked_header<'a>(rows: &[Vec<&TextLine>], ctx: &PageCtx) -> Option<Block<'a>> {
    let first = rows.first()?;
    if rows.len() < 2 {
        return None;
    }
    // The rows must follow each other closely (cheap, checked first).
    let size = first.iter().map(|l| l.size).fold(0.0, f32::max);
    let mut bottom = first.iter().map(|l| l.bbox.y1).fold(f32::MIN, f32::max);
    for row in &rows[1..] {
        let top = row.iter().map(|l| l.bbox.y0).fold(f32::MAX, f32::min);
        if top - bottom > 0.8 * size {
            return None;
        }
        bottom = bottom.max(row.iter().map(|l| l.bbox.y1).fold(f32::MIN, f32::max));
    }
    if first.iter().all(|l| ctx.is_cell(l)) {
        return None;
    }
    let mut cells: Vec<TextLine> = first.iter().map(|l| (*l).clone()).collect();
    for row in &rows[1..] {
        for l in row {
            match cells
                .iter_mut()
                .find(|c| c.bbox.x0.max(l.bbox.x0) < c.bbox.x1.min(l.bbox.x1))
            {
                Some(c) => {
                    c.text = join_wrapped([c.text.as_str(), l.text.as_str()]);
                    c.bbox = c.bbox.union(&l.bbox);
                }
                None => cells.push((*l).clone()),
            }
        }
    }
    cells.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    let refs: Vec<&TextLine> = cells.iter().collect();
    header(&refs, ctx)
}

/// Span labels wrapped over stacked lines become one line each.
fn stack(lines: &[&TextLine]) -> Vec<TextLine> {
    let mut sorted: Vec<&TextLine> = lines.to_vec();
    sorted.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
    let mut out: Vec<TextLine> = Vec::new();
    for l in sorted {
        let target = out.iter_mut().rev().find(|p| {
            let overlap = p.bbox.x0.max(l.bbox.x0) < p.bbox.x1.min(l.bbox.x1);
            let centred =
                (p.bbox.cx() - l.bbox.cx()).abs() < 0.5 * p.bbox.width().max(l.bbox.width());
            overlap && centred && l.bbox.y0 - p.bbox.y1 < 0.6 * l.size && l.bbox.y0 > p.bbox.y0
        });
        match target {
            Some(p) => {
                p.text = join_wrapped([p.text.as_str(), l.text.as_str()]);
                p.bbox = p.bbox.union(&l.bbox);
            }
            None => out.push(TextLine {
                char_x: Vec::new(),
                ..l.clone()
            }),
        }
    }
    out
}

/// Whether a row starts with a label (a new block of the flow, not a value).
fn starts_with_label(row: &[&TextLine]) -> bool {
    row.first().is_some_and(|l| {
        let v = vocabulary();
        v.field(&l.text).is_some()
            || v.leading(&l.text)
                .is_some_and(|(_, label, _)| label.starts_with(['【', '＜', '<', '［', '■', '◆']))
    })
}

impl<'a> Block<'a> {
    fn col_of(&self, l: &TextLine) -> Option<usize> {
        let x = l.bbox.x0 + 0.5;
        self.cols
            .iter()
            .position(|c| x >= c.x0 && x < c.x1)
            .or_else(|| {
                self.cols
                    .iter()
                    .enumerate()
                    .min_by(|a, b| {
                        let d = |c: &Col| ((c.x0 + c.x1) / 2.0 - l.bbox.cx()).abs();
                        d(a.1).total_cmp(&d(b.1))
                    })
                    .map(|(i, _)| i)
            })
    }

    fn in_years(&self, l: &TextLine) -> bool {
        match (self.years.first(), self.years.last()) {
            (Some(a), Some(b)) => l.bbox.cx() >= a.x0 && l.bbox.cx() <= b.x1,
            _ => false,
        }
    }

    /// Take a visual row: `None` when the row does not belong to the block
    /// (the block then ends); else what the row completed.
    pub fn take(&mut self, row: &[&'a TextLine], ctx: &PageCtx, p: &Params) -> Option<Vec<Out>> {
        let top = row.iter().map(|l| l.bbox.y0).fold(f32::MAX, f32::min);
        let gap = if ctx.number == self.page {
            top - self.y1
        } else {
            0.0
        };
        // A rule across the first column separates rows (arrow shafts do not reach it).
        let (cx0, cx1) = self
            .cols
            .first()
            .map_or((f32::MIN, f32::MAX), |c| (c.x0, c.x1));
        let ruled = ctx.number == self.page
            && ctx.hrules.iter().any(|r| {
                r.0 > self.y1 - 1.0 && r.0 < top + 1.0 && r.1 <= cx0 + 2.0 && r.2 >= cx1 - 2.0
            });
        let new_row = gap > p.row_gap * self.size || ruled;
        if (new_row || self.row.is_empty()) && starts_with_label(row) {
            return None;
        }
        if gap > p.block_gap * self.size && self.kind != Kind::Rows {
            return None;
        }
        let mut out = Vec::new();
        if self.kind == Kind::Rows {
            if let Some(h) = self.band(row) {
                out.extend(self.close(ctx));
                out.push(Out::Heading(h));
                self.page = ctx.number;
                self.y1 = row.iter().map(|l| l.bbox.y1).fold(f32::MIN, f32::max);
                return Some(out);
            }
        }
        let numbered = self
            .cols
            .iter()
            .position(|c| c.field == Field::Number)
            .is_some_and(|i| {
                row.iter()
                    .any(|l| self.col_of(l) == Some(i) && !self.in_years(l))
            });
        let splits = matches!(self.kind, Kind::Rows | Kind::Kpi);
        if (new_row || numbered) && splits && !self.row.is_empty() {
            out.extend(self.close(ctx));
        }
        self.row.extend_from_slice(row);
        let bottom = row.iter().map(|l| l.bbox.y1).fold(f32::MIN, f32::max);
        self.y1 = if ctx.number == self.page {
            self.y1.max(bottom)
        } else {
            bottom
        };
        self.page = ctx.number;
        Some(out)
    }

    /// A full-width band row of a table: one numbered line crossing column edges.
    fn band(&self, row: &[&TextLine]) -> Option<Numbering> {
        let [l] = row else { return None };
        let first = self.cols.first()?;
        if l.bbox.x0 > first.x1 || l.bbox.x1 < first.x1 + l.size {
            return None;
        }
        let n = numbering(&l.text)?;
        matches!(
            n.style,
            Style::Prefix(_) | Style::Arabic | Style::Chapter | Style::Paren
        )
        .then_some(n)
    }

    /// Finish the row being read.
    pub fn close(&mut self, ctx: &PageCtx) -> Vec<Out> {
        let lines = std::mem::take(&mut self.row);
        if lines.is_empty() {
            return Vec::new();
        }
        match self.kind {
            Kind::Years => vec![Out::Spans(self.spans(&lines, ctx))],
            Kind::Kpi => self
                .kpi(&lines)
                .into_iter()
                .map(|i| Out::Indicators(vec![i]))
                .collect(),
            Kind::Values => vec![Out::Values(self.cells(&lines))],
            Kind::Rows => {
                let (levels, entry) = self.entry(&lines, ctx);
                let mut out: Vec<Out> = levels.into_iter().map(Out::Heading).collect();
                out.push(Out::Row(entry));
                out
            }
        }
    }

    fn spans(&self, lines: &[&TextLine], ctx: &PageCtx) -> Vec<ScheduleSpan> {
        let (y0, y1) = lines.iter().fold((f32::MAX, f32::MIN), |a, l| {
            (a.0.min(l.bbox.y0), a.1.max(l.bbox.y1))
        });
        let arrows: Vec<(f32, f32, f32)> = ctx
            .arrows
            .iter()
            .copied()
            .filter(|a| a.2 > y0 && a.2 < y1 + 3.0 * self.size)
            .collect();
        let labels: Vec<&TextLine> = lines.iter().copied().filter(|l| self.in_years(l)).collect();
        let merged = stack(&labels);
        let refs: Vec<&TextLine> = merged.iter().collect();
        let spans = read_spans(&self.years, &refs, &arrows);
        if arrows.is_empty() {
            join_repeated(spans)
        } else {
            spans
        }
    }

    /// Lines of each column (top to bottom), split at inline labels.
    fn cells(&self, lines: &[&TextLine]) -> Vec<(Field, Vec<String>)> {
        let mut per: Vec<Vec<&TextLine>> = vec![Vec::new(); self.cols.len()];
        for l in lines.iter().copied().filter(|l| !self.in_years(l)) {
            if let Some(i) = self.col_of(l) {
                per[i].push(l);
            }
        }
        let mut out: Vec<(Field, Vec<String>)> = Vec::new();
        for (col, ls) in self.cols.iter().zip(per.iter_mut()) {
            ls.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
            let mut field = col.field;
            let mut cur: Vec<String> = Vec::new();
            for l in ls.iter() {
                if let Some((f, _, rest)) = vocabulary().leading(&l.text) {
                    if f == Field::NewBadge {
                        out.push((Field::NewBadge, Vec::new()));
                        if !rest.trim().is_empty() {
                            cur.push(rest.trim().to_string());
                        }
                        continue;
                    }
                    if !cur.is_empty() || field != col.field {
                        out.push((field, std::mem::take(&mut cur)));
                    }
                    field = f;
                    if !rest.trim().is_empty() {
                        cur.push(rest.trim().to_string());
                    }
                    continue;
                }
                cur.push(l.text.trim().to_string());
            }
            if !cur.is_empty() || field != col.field {
                out.push((field, cur));
            }
        }
        out
    }

    /// A table row: the 分野/項目 cells it opens (a column whose cells span
    /// rows prints them on the first row only) and the initiative.
    fn entry(&self, lines: &[&TextLine], ctx: &PageCtx) -> (Vec<Numbering>, Entry) {
        let mut levels = Vec::new();
        let mut e = Entry {
            page: self.page,
            reading: "table row",
            matched: self.matched.clone(),
            ..Default::default()
        };
        e.bbox = lines
            .iter()
            .map(|l| l.bbox)
            .reduce(|a, b| a.union(&b))
            .map(|b| Rect { ..b });
        let mut no = None;
        let mut title: Vec<String> = Vec::new();
        for (field, ls) in self.cells(lines) {
            match field {
                Field::Number => no = parse_int(&join_wrapped(ls.iter().map(String::as_str))),
                Field::Title => title.extend(ls),
                Field::NewBadge => e.is_new |= ls.is_empty() || ls.iter().any(|l| l.contains('新')),
                Field::FieldName | Field::ItemName => {
                    let text = join_wrapped(ls.iter().map(String::as_str));
                    if let Some(mut n) = numbering(&text) {
                        let word = if field == Field::FieldName {
                            "分野"
                        } else {
                            "項目"
                        };
                        n.style = Style::Prefix(word.to_string());
                        levels.push(n);
                    }
                }
                _ => e.values.push((field, ls)),
            }
        }
        let title = join_wrapped(title.iter().map(String::as_str));
        // The title cell may carry the row's mark: ・ or （１） for nested rows, or
        // the number itself (① title, 2-3-1 title) when there is no number column.
        let n = numbering(&title).filter(|n| match n.style {
            Style::Bullet('・') | Style::Paren => true,
            Style::Circled | Style::Compound | Style::Arabic => no.is_none(),
            _ => false,
        });
        e.title = n.as_ref().map_or(title.clone(), |n| n.rest.clone());
        e.numbering = Some(match n {
            Some(n) => n,
            None => Numbering {
                style: Style::Row,
                no,
                nums: no.into_iter().collect(),
                rest: String::new(),
            },
        });
        if !self.years.is_empty() {
            e.spans = self.spans(lines, ctx);
        }
        (levels, e)
    }

    fn kpi(&self, lines: &[&TextLine]) -> Vec<Indicator> {
        let mut ind = Indicator::printed("", None, None);
        for (field, ls) in self.cells(lines) {
            let text = join_wrapped(ls.iter().map(String::as_str));
            let note = self
                .cols
                .iter()
                .find(|c| c.field == field)
                .and_then(|c| c.note.clone())
                .unwrap_or_default();
            let v = Some((note.as_str(), text.as_str()));
            match field {
                Field::Current => ind.current = Indicator::printed("", v, None).current,
                Field::Target => ind.target = Indicator::printed("", None, v).target,
                _ => ind.name = join_wrapped([ind.name.as_str(), text.as_str()]),
            }
        }
        vec![ind]
    }
}
