//! The flow reader: the pages' visual rows in order → [`Event`]s.
//!
//! A numbered heading opens a *pending* outline node; field labels under
//! it (inline, above their values, or a header row) make it an initiative,
//! otherwise it stays an outline level (分野, 項目). Text right under an
//! initiative heading before any label is its summary. Section words open
//! overview / topic sections and site lists.
//!
//! This file reads pages, rows and blocks and decides headings; what a
//! single line does (labels, plain text) is in `flow_lines.rs`.

use crate::layout::TextLine;
use crate::pdf::Rect;
use crate::plan::page::{rows, PageView};
use crate::plan::record::RecordKind;

use super::grid::{Block, Kind, Out, PageCtx};
use super::labels::{vocabulary, Field};
use super::numbering::{numbering, Numbering, Style};
use super::{header, unit_header};
use super::{Entry, Event, Params};

#[path = "flow_cells.rs"]
mod cells;
#[path = "flow_lines.rs"]
mod lines;

/// A heading waiting to learn whether it is an initiative.
struct Pending {
    numbering: Numbering,
    page: u32,
    bbox: Rect,
    size: f32,
    /// Plain lines read under it so far.
    lines: Vec<String>,
    /// A department set apart at the right end of its row (no label).
    beside: Option<String>,
    /// Boxes of the lines read into it (its own line first), with their
    /// page: read into a record if it becomes an initiative.
    area: Vec<(u32, Rect)>,
}

/// An open overview or topic section.
struct Section {
    kind: RecordKind,
    title: String,
    paras: Vec<String>,
    left: f32,
    page: u32,
    bbox: Rect,
}

/// Reader state across pages.
pub struct Flow<'a> {
    params: Params,
    body: f32,
    /// Events so far.
    pub events: Vec<Event>,
    pending: Option<Pending>,
    cur: Option<Entry>,
    cur_site: bool,
    /// Whether unlabelled lines may still go to the current entry's summary.
    plain_to_summary: bool,
    free: Option<Field>,
    section: Option<Section>,
    in_sites: bool,
    block: Option<Block<'a>>,
    /// A table of initiatives open at the end of the last page: it goes on
    /// when the next page's first row fits its columns (a table whose
    /// header row is printed on its first page only).
    carried: Option<Block<'a>>,
    /// Unknown labels: "page N: 【X】".
    pub unknown: Vec<String>,
    /// Size of the last heading line (for wrapped titles).
    title_size: Option<f32>,
    /// A 分野/項目 label waiting for its value on the next line.
    heading_label: Option<Field>,
    /// A numbered body-type line waiting for the row after it.
    deferred: Option<(&'a TextLine, Numbering)>,
    /// The value columns of the last labelled row (for its wrapped values).
    cells: Option<cells::ValueColumns>,
    /// The body text font.
    body_font: String,
    /// Boxes of the lines read into records (initiatives, sites, sections),
    /// with their page.
    pub read: Vec<(u32, Rect)>,
    /// The box of the deferred line [`Flow::resolve`] last decided, until
    /// the row that decided it is noted.
    resolved: Option<Rect>,
}

/// What the open entry, section and pending heading hold, and how many
/// events were made: a row that changes it was read into one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Held {
    events: usize,
    entry: usize,
    section: usize,
    pending: usize,
}

impl<'a> Flow<'a> {
    /// A reader for a document whose body text has size `body` and font `body_font`.
    pub fn new(params: Params, body: f32, body_font: String) -> Flow<'a> {
        Flow {
            params,
            body,
            events: Vec::new(),
            pending: None,
            cur: None,
            cur_site: false,
            plain_to_summary: false,
            free: None,
            section: None,
            in_sites: false,
            block: None,
            carried: None,
            unknown: Vec::new(),
            title_size: None,
            heading_label: None,
            deferred: None,
            cells: None,
            body_font,
            read: Vec::new(),
            resolved: None,
        }
    }

    fn held(&self) -> Held {
        Held {
            events: self.events.len(),
            entry: self.cur.as_ref().map_or(0, Entry::held),
            section: self.section.as_ref().map_or(0, |s| {
                1 + s.title.len() + s.paras.iter().map(String::len).sum::<usize>()
            }),
            pending: self
                .pending
                .as_ref()
                .map_or(0, |p| 1 + p.numbering.rest.len() + p.lines.len()),
        }
    }

    /// Records where `rows` went when reading them changed what is held
    /// (`before`) or a table took them (`taken`): into the open section or
    /// entry, or into the pending heading (read only if it is promoted).
    fn note_read(&mut self, rows: &[Vec<&TextLine>], before: Held, taken: bool, page: u32) {
        let resolved = self.resolved.take();
        if !taken && self.held() == before {
            return;
        }
        let boxes = rows
            .iter()
            .flatten()
            .map(|l| (page, l.bbox))
            .chain(resolved.map(|b| (page, b)));
        match self.pending.as_mut() {
            Some(p) if !taken && self.section.is_none() => p.area.extend(boxes),
            _ if taken || self.section.is_some() || self.cur.is_some() => self.read.extend(boxes),
            _ => {}
        }
    }

    /// Read one page: `lines` are its content lines (furniture removed).
    pub fn page(&mut self, view: &PageView<'a>, lines: Vec<&'a TextLine>, number: u32) {
        let mut ctx = PageCtx {
            number,
            arrows: view.arrows(),
            vrules: view.vrules(),
            hrules: view.hrules(),
            // The edges of each column, set as it is read.
            left: 0.0,
            right: 0.0,
            cells: Default::default(),
        }
        .knowing_cells(&lines);
        // Two columns (of text, or of framed cards) with a clear gutter: the
        // left one is read first, each with its own edges.
        let columns: Vec<Vec<&'a TextLine>> =
            match super::furniture::gutter(&lines, &ctx.vrules, &ctx.hrules) {
                Some(mid) => {
                    let (l, r) = lines.iter().partition(|t| t.bbox.cx() < mid);
                    vec![l, r]
                }
                None => vec![lines],
            };
        for (k, column) in columns.iter().enumerate() {
            (ctx.left, ctx.right) = column.iter().fold((f32::MAX, f32::MIN), |a, l| {
                (a.0.min(l.bbox.x0), a.1.max(l.bbox.x1))
            });
            let all = super::centred::lift_centred_labels(rows(column), &ctx);
            if k == 0 {
                self.resume_table(all.first());
            }
            self.cells = None;
            self.read_rows(&all, &ctx);
        }
        self.resolve(&[], &ctx);
        // Arrows and rules belong to the page: every block ends with it. A
        // table of initiatives is carried, to go on if the next page's first
        // row fits its columns.
        self.carried = self.end_block(&ctx).filter(|b| b.kind == Kind::Rows);
    }

    /// Reads the rows of one column of a page, in order.
    fn read_rows(&mut self, all: &[Vec<&'a TextLine>], ctx: &PageCtx) {
        let number = ctx.number;
        let mut i = 0;
        while i < all.len() {
            // A header whose year columns are named over two rows (年度 over
            // numbers), or whose cells wrap over two or three close rows.
            let unit = all
                .get(i + 1)
                .and_then(|below| unit_header::years_under_unit(&all[i], below, ctx));
            let stacked = if let Some(block) = unit {
                Some((2, block))
            } else if header::strict_header(&all[i], ctx).is_some() {
                None
            } else {
                [3, 2].into_iter().find_map(|k| {
                    let end = (i + k).min(all.len());
                    (end - i == k)
                        .then(|| header::stacked_header(&all[i..end], ctx).map(|b| (k, b)))
                        .flatten()
                })
            };
            let before = self.held();
            match stacked {
                Some((k, block)) => {
                    self.resolve(&all[i], ctx);
                    self.open_block(block, ctx);
                    // A header row is the table's structure, read as such.
                    self.note_read(&all[i..i + k], before, true, number);
                    i += k;
                }
                None => {
                    let taken = self.row(&all[i], ctx);
                    self.note_read(&all[i..i + 1], before, taken, number);
                    i += 1;
                }
            }
        }
    }

    /// A table carried from the page before goes on when `first`, this
    /// page's first row, fits its columns (a header of its own, read next,
    /// then opens a table in its place).
    fn resume_table(&mut self, first: Option<&Vec<&'a TextLine>>) {
        let Some(table) = self.carried.take() else {
            return;
        };
        let Some(first) = first else {
            return;
        };
        if table.continues_on(first) {
            self.block = Some(table);
        }
    }

    /// Reads one row; returns whether a table took it: as its header row or
    /// another row of its structure (a row halving its year columns, a
    /// department band), or as values of the current entry (a table
    /// of initiatives gives each row's record the box of its lines; its band
    /// headings stay outside every record).
    fn row(&mut self, row: &[&'a TextLine], ctx: &PageCtx) -> bool {
        self.resolve(row, ctx);
        if let Some(block) = header::header(row, ctx) {
            self.cells = None;
            self.open_block(block, ctx);
            return true;
        }
        if let Some(block) = self.block.as_mut() {
            let values = block.kind != Kind::Rows;
            match block.take(row, ctx, &self.params) {
                Some(outs) => {
                    let structure = block.took_structure;
                    self.apply(outs, ctx.number);
                    return structure || (values && self.cur.is_some());
                }
                None => {
                    self.end_block(ctx);
                }
            }
        }
        if self.block.is_none() && self.continue_cells(row) {
            return true;
        }
        // A line right of a label on the same row is that label's value, never a heading.
        let mut after_label = false;
        for l in row {
            after_label = self.line(l, ctx, after_label);
        }
        self.cells = cells::value_columns(row);
        false
    }

    fn open_block(&mut self, mut block: Block<'a>, ctx: &PageCtx) {
        let ended = self.end_block(ctx);
        // A table's header printed again on a new page: the rows under it go
        // on in the department group of the page before.
        let same_kind = |b: &Block| b.kind == Kind::Rows && block.kind == Kind::Rows;
        if let Some(table) = ended.filter(|b| same_kind(b) && b.page != ctx.number) {
            block.department_band = table.department_band;
        }
        self.close_section();
        if block.kind == Kind::Rows {
            self.close_entry();
        } else {
            self.promote();
        }
        if let Some(cur) = self.cur.as_mut() {
            cur.matched.extend(block.matched.iter().cloned());
        }
        self.block = Some(block);
    }

    /// Ends the open block (its last row read); returns it.
    fn end_block(&mut self, ctx: &PageCtx) -> Option<Block<'a>> {
        let mut b = self.block.take()?;
        let outs = b.close(ctx);
        self.apply(outs, ctx.number);
        Some(b)
    }

    fn apply(&mut self, outs: Vec<Out>, page: u32) {
        for o in outs {
            match o {
                Out::Heading(n) => {
                    self.close_entry();
                    self.events.push(Event::Heading { numbering: n, page });
                }
                Out::Row(e) => {
                    self.close_entry();
                    self.cur = Some(e);
                    self.plain_to_summary = false;
                }
                Out::Values(vs) => {
                    let mut rest = Vec::new();
                    for (f, ls) in vs {
                        match f {
                            Field::FieldName | Field::ItemName => {
                                let word = if f == Field::FieldName {
                                    "分野"
                                } else {
                                    "項目"
                                };
                                let text =
                                    crate::plan::text::join_wrapped(ls.iter().map(String::as_str));
                                if let Some(mut n) = numbering(&text) {
                                    n.style = Style::Prefix(word.to_string());
                                    self.close_entry();
                                    self.events.push(Event::Heading { numbering: n, page });
                                }
                            }
                            _ => rest.push((f, ls)),
                        }
                    }
                    if let Some(cur) = self.cur.as_mut() {
                        cur.values.extend(rest);
                    }
                }
                Out::Spans(s) => {
                    if let Some(cur) = self.cur.as_mut() {
                        cur.spans.extend(s);
                    }
                }
                Out::Indicators(i) => {
                    if let Some(cur) = self.cur.as_mut() {
                        cur.indicators.extend(i);
                    }
                }
            }
        }
    }

    /// Close the current entry (initiative or site) into an event.
    fn close_entry(&mut self) {
        if let Some(p) = self.pending.take() {
            self.events.push(Event::Heading {
                numbering: p.numbering,
                page: p.page,
            });
        }
        if let Some(mut e) = self.cur.take() {
            if !self.cur_site {
                e.nest_by_title();
            }
            self.events.push(if self.cur_site {
                Event::Site(e)
            } else {
                Event::Initiative(e)
            });
        }
        self.cur_site = false;
        self.free = None;
        self.plain_to_summary = false;
    }

    fn close_section(&mut self) {
        if let Some(s) = self.section.take() {
            self.events.push(Event::Section {
                kind: s.kind,
                title: s.title,
                lines: s.paras,
                page: s.page,
                bbox: s.bbox,
            });
        }
    }

    /// The pending heading has labelled content: it is an initiative.
    fn promote(&mut self) {
        // 分野２ / 項目３ / 基本目標１ name outline levels, never an initiative.
        let level_word = self
            .pending
            .as_ref()
            .is_some_and(|p| match &p.numbering.style {
                Style::Prefix(w) => matches!(
                    vocabulary().field(w),
                    Some(Field::FieldName | Field::ItemName)
                ),
                _ => false,
            });
        if level_word {
            return;
        }
        if let Some(p) = self.pending.take() {
            self.read.extend(p.area);
            let mut n = p.numbering;
            let mut e = Entry {
                page: p.page,
                bbox: Some(p.bbox),
                reading: "outline item",
                ..Default::default()
            };
            if let Some((Field::NewBadge, label, rest)) = vocabulary().leading(&n.rest) {
                e.is_new = true;
                e.matched.push((label.to_string(), Field::NewBadge));
                n.rest = rest.trim().to_string();
            }
            e.title = std::mem::take(&mut n.rest);
            e.numbering = Some(n);
            if !p.lines.is_empty() {
                e.values.push((Field::Summary, p.lines));
            }
            if let Some(department) = p.beside {
                e.values.push((Field::Departments, vec![department]));
            }
            self.cur = Some(e);
            self.cur_site = false;
            self.plain_to_summary = false;
        }
    }

    fn is_heading(&self, l: &TextLine, n: &Numbering) -> bool {
        let big = l.size >= self.body * self.params.heading_ratio;
        let marked =
            !self.body_font.is_empty() && l.font != self.body_font && l.size >= self.body * 0.97;
        match n.style {
            Style::Row => false,
            Style::Chapter | Style::Prefix(_) => big || marked || l.text.chars().count() < 40,
            Style::Bullet('・') => big || marked,
            _ => big || marked,
        }
    }

    /// A numbered line in body type: a heading if a label or another
    /// heading follows it (decided by [`Flow::resolve`]).
    fn maybe_heading(&self, l: &TextLine, n: &Numbering) -> bool {
        !matches!(n.style, Style::Row | Style::Bullet('・')) && l.size >= self.body * 0.97
    }

    /// Decide a deferred numbered line by the row after it.
    fn resolve(&mut self, next: &[&TextLine], ctx: &PageCtx) {
        let Some((l, n)) = self.deferred.take() else {
            return;
        };
        self.resolved = Some(l.bbox);
        let v = vocabulary();
        let heading_follows = next.first().is_some_and(|f| {
            let t = f.text.trim();
            v.leading(t).is_some()
                || v.field(t).is_some()
                || numbering(t).is_some_and(|m| m.style != Style::Bullet('・'))
        }) || header::header(next, ctx).is_some();
        if heading_follows {
            self.heading(l, n, ctx);
        } else {
            self.plain(l, ctx);
        }
    }

    fn heading(&mut self, l: &TextLine, n: Numbering, ctx: &PageCtx) {
        if self.in_sites && matches!(n.style, Style::Bullet(_)) {
            self.close_entry();
            self.cur = Some(Entry {
                page: ctx.number,
                bbox: Some(l.bbox),
                title: n.rest,
                reading: "site entry",
                ..Default::default()
            });
            self.cur_site = true;
            return;
        }
        self.close_entry();
        self.close_section();
        self.in_sites = false;
        let mut levels = super::numbering::split_levels(n);
        let Some(n) = levels.pop() else { return };
        for level in levels {
            self.events.push(Event::Heading {
                numbering: level,
                page: ctx.number,
            });
        }
        self.pending = Some(Pending {
            numbering: n,
            page: ctx.number,
            bbox: l.bbox,
            size: l.size,
            lines: Vec::new(),
            beside: None,
            area: Vec::new(),
        });
        self.title_size = Some(l.size);
    }

    /// Flush everything at the end of the document.
    pub fn finish(&mut self) {
        self.close_entry();
        self.close_section();
    }
}
