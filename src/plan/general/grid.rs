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

use super::indicators::set_value;
use super::labels::{vocabulary, Field};
use super::numbering::{marks_title, numbering, Numbering, Style};
pub use super::page_ctx::PageCtx;
use super::{Entry, Params};
use crate::plan::record::{Indicator, ScheduleSpan};
use crate::plan::schedule::{read_spans, YearColumn};
use crate::plan::text::{join_wrapped, number_cell};

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
    /// The printed heading of a column the vocabulary has no word for: its
    /// cells are kept as notes, after this heading.
    pub heading: Option<String>,
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
    pub(super) cols: Vec<Col>,
    pub(super) years: Vec<YearColumn>,
    /// Lines of the row being read.
    pub(super) row: Vec<&'a TextLine>,
    /// Bottom of the last line taken.
    pub(super) y1: f32,
    pub(super) size: f32,
    pub(super) page: u32,
    /// Matched header labels.
    pub matched: Vec<(String, Field)>,
    /// The department named by the last band row naming nothing else: the
    /// department of the rows under it ([`Block::department_band`]).
    pub(super) department_band: Option<String>,
    /// Whether the last row taken was part of the table's structure (a row
    /// halving the year columns, a department band), read as such.
    pub(super) took_structure: bool,
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

    /// Whether `row` divides the year columns under the header: taken while
    /// no record's lines are held (a record's first row, or the row under
    /// the header), two or more lines in every year column and the same
    /// words under each (上期 | 下期, 4月 | 10月), no span label of a record.
    fn divides_years(&self, row: &[&TextLine]) -> bool {
        if !self.row.is_empty() || self.years.len() < 2 || row.len() < 2 * self.years.len() {
            return false;
        }
        let mut words: Vec<Vec<&str>> = vec![Vec::new(); self.years.len()];
        for l in row {
            match self.year_of(l) {
                Some(i) => words[i].push(l.text.trim()),
                None => return false,
            }
        }
        words.iter_mut().for_each(|w| w.sort_unstable());
        words[0].len() >= 2 && words.iter().all(|w| *w == words[0])
    }

    /// The year column holding the centre of `l`.
    fn year_of(&self, l: &TextLine) -> Option<usize> {
        let x = l.bbox.cx();
        self.years.iter().position(|c| x >= c.x0 && x <= c.x1)
    }

    /// Whether `row`, the first row of a later page, goes on with this table
    /// of initiatives: a band row, or lines that each sit inside one of its
    /// columns (or its year columns), in two columns or more.
    pub fn continues_on(&self, row: &[&TextLine]) -> bool {
        if self.kind != Kind::Rows {
            return false;
        }
        if self.band(row).is_some() {
            return true;
        }
        let slack = self.size;
        let mut cols = Vec::new();
        for l in row {
            if self.in_years(l) {
                cols.push(usize::MAX);
                continue;
            }
            let inside = self
                .cols
                .iter()
                .position(|c| l.bbox.x0 >= c.x0 - slack && l.bbox.x1 <= c.x1 + slack);
            match inside {
                Some(i) => cols.push(i),
                None => return false,
            }
        }
        cols.sort_unstable();
        cols.dedup();
        cols.len() >= 2
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
        self.took_structure = false;
        if self.divides_years(row) {
            self.took_structure = true;
            // Part of the header: the arrows still span whole years.
            self.y1 = row.iter().map(|l| l.bbox.y1).fold(self.y1, f32::max);
            return Some(Vec::new());
        }
        if gap > p.block_gap * self.size && self.kind != Kind::Rows {
            return None;
        }
        let mut out = Vec::new();
        if self.kind == Kind::Rows {
            let heading = self.band(row);
            let department = heading
                .is_none()
                .then(|| self.department_band(row))
                .flatten();
            if heading.is_some() || department.is_some() {
                out.extend(self.close(ctx));
                out.extend(heading.map(Out::Heading));
                // A 分野/項目 band ends the group of a department band.
                self.took_structure = department.is_some();
                self.department_band = department;
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

    /// The one line of a full-width band row: it starts in the first column
    /// and crosses its right edge.
    fn band_line<'l>(&self, row: &[&'l TextLine]) -> Option<&'l TextLine> {
        let [l] = row else { return None };
        let first = self.cols.first()?;
        (l.bbox.x0 <= first.x1 && l.bbox.x1 >= first.x1 + l.size).then_some(*l)
    }

    /// A full-width band row of a table: one numbered line crossing column edges.
    fn band(&self, row: &[&TextLine]) -> Option<Numbering> {
        let mut n = numbering(&self.band_line(row)?.text)?;
        if !matches!(
            n.style,
            Style::Prefix(_) | Style::Arabic | Style::Chapter | Style::Paren
        ) {
            return None;
        }
        // A band is the table's outline (分野, 項目), never a row: its style is
        // kept apart from the rows' marks (（１） also marks nested rows).
        if matches!(n.style, Style::Arabic | Style::Paren) {
            n.style = Style::Prefix(format!("band {}", n.style.key()));
        }
        Some(n)
    }

    /// A full-width band row of a table without a department column that
    /// names nothing but organisations (「震災復興・企画部　情報政策課」): a
    /// 施策一覧 grouped by department, the band giving the department of the
    /// rows under it up to the next band.
    fn department_band(&self, row: &[&TextLine]) -> Option<String> {
        if self.cols.iter().any(|c| c.field == Field::Departments) {
            return None;
        }
        let text = self.band_line(row)?.text.trim();
        super::departments::names_organisations(text).then(|| text.to_string())
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
                if let (Some(heading), Some(first)) = (&col.heading, cur.first_mut()) {
                    *first = format!("{heading}：{first}");
                }
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
        let mut compound: Option<Numbering> = None;
        let mut title: Vec<String> = Vec::new();
        for (field, ls) in self.cells(lines) {
            match field {
                Field::Number => {
                    let text = join_wrapped(ls.iter().map(String::as_str));
                    no = number_cell(&text);
                    // A compound number (2-3-1) names its 分野 and 項目 too.
                    compound = numbering(&format!("{} ", text.trim()))
                        .filter(|n| n.style == Style::Compound && n.rest.is_empty());
                }
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
        if let Some(band) = &self.department_band {
            if !e.values.iter().any(|(f, _)| *f == Field::Departments) {
                e.values.push((Field::Departments, vec![band.clone()]));
            }
        }
        let mut title = join_wrapped(title.iter().map(String::as_str));
        // A new badge printed after the title (…の推進（新規）).
        if let Some(rest) = super::labels::trailing_new_badge(&title) {
            title = rest.to_string();
            e.is_new = true;
        }
        // The title cell may carry the row's mark: ・ or （１） for nested rows, or
        // the number itself (① title, 2-3-1 title) when there is no number column.
        let n = numbering(&title).filter(|n| marks_title(&n.style, no.is_some()));
        e.title = n.as_ref().map_or(title.clone(), |n| n.rest.clone());
        e.numbering = Some(match n.or(compound) {
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
        // A date in a column of its own (基準年度 | 目標年度) overrides the
        // header's note.
        let (mut current_as_of, mut target_as_of) = (None, None);
        for (field, ls) in self.cells(lines) {
            let text = join_wrapped(ls.iter().map(String::as_str));
            let note = self
                .cols
                .iter()
                .find(|c| c.field == field)
                .and_then(|c| c.note.clone())
                .unwrap_or_default();
            match field {
                Field::Current | Field::Target => set_value(&mut ind, field, &note, &text),
                Field::CurrentAsOf => current_as_of = Some(text),
                Field::TargetAsOf => target_as_of = Some(text),
                _ => ind.name = join_wrapped([ind.name.as_str(), text.as_str()]),
            }
        }
        for (value, as_of) in [
            (ind.current.as_mut(), current_as_of),
            (ind.target.as_mut(), target_as_of),
        ] {
            if let (Some(value), Some(as_of)) = (value, as_of.filter(|a| !a.is_empty())) {
                value.as_of = as_of;
            }
        }
        vec![ind]
    }
}

#[cfg(test)]
#[path = "grid_tests.rs"]
mod tests;
