//! The general plan reader: any layout's initiatives from structure and
//! label vocabulary, with no knowledge of one document.
//!
//! Pages are read as one flow of visual rows ([`flow`]):
//! - numbered headings (第３章, 基本目標１, （３）, ①, ア, ○ …; [`mod@numbering`])
//!   build the outline; a heading whose content carries field labels is an
//!   initiative, other headings are 分野/項目 levels;
//! - labels ([`labels`], vocabulary in `dict/labels.toml`) in any form start
//!   a field: inline 【担当】/＜主な事業＞/■主体/担当：, a label line above its
//!   value, or a header row naming columns ([`grid`]): one initiative per
//!   table row when the header names a title or number column, else values
//!   of the current initiative (事業シート rows, KPI tables, year grids);
//! - values become record fields ([`fill`]); ids follow SCHEMA.md from the
//!   outline levels the document has ([`assemble`]).
//!
//! Every geometric threshold is a multiple of the font size ([`Params`]).

pub mod assemble;
pub mod centred;
pub mod departments;
pub mod fill;
pub mod flow;
pub mod furniture;
pub mod grid;
pub mod header;
pub mod indicators;
pub mod labels;
pub mod numbering;
mod page_ctx;
pub mod spans;
#[cfg(test)]
mod test_lines;
pub mod unit_header;
pub mod wrapped_labels;

use crate::pdf::Rect;

use super::record::{Indicator, RecordKind, ScheduleSpan};
use labels::Field;
use numbering::{numbering, Numbering, Style};

/// Thresholds of the general reader, in units of the font size.
#[derive(Debug, Clone)]
pub struct Params {
    /// A line at least this many times the body size is a heading.
    pub heading_ratio: f32,
    /// A vertical gap above this (× size) between table lines starts a new row.
    pub row_gap: f32,
    /// A gap above this (× size) ends a year grid or column block.
    pub block_gap: f32,
    /// Positions closer than this (× size) count as the same.
    pub slack: f32,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            heading_ratio: 1.04,
            row_gap: 0.8,
            block_gap: 2.2,
            slack: 0.5,
        }
    }
}

/// What the reader saw of one initiative (or site entry) before it becomes a record.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// Page where it starts.
    pub page: u32,
    /// Area of its first line(s).
    pub bbox: Option<Rect>,
    /// Its heading's or row's numbering, if any.
    pub numbering: Option<Numbering>,
    /// Title.
    pub title: String,
    /// The new badge was printed.
    pub is_new: bool,
    /// Labelled values in printed order: (field, lines).
    pub values: Vec<(Field, Vec<String>)>,
    /// Schedule spans read from a year grid or year columns.
    pub spans: Vec<ScheduleSpan>,
    /// Indicators read from a KPI table.
    pub indicators: Vec<Indicator>,
    /// Which reading produced it ("outline item", "table row", "sheet").
    pub reading: &'static str,
    /// Label words that matched, with their field.
    pub matched: Vec<(String, Field)>,
}

impl Entry {
    /// Start a new value of `field` (after label text `label`).
    pub fn start(&mut self, field: Field, label: &str, first: &str) {
        self.matched.push((label.trim().to_string(), field));
        let mut lines = Vec::new();
        if !first.trim().is_empty() {
            lines.push(first.trim_start().to_string());
        }
        self.values.push((field, lines));
    }

    /// Continue the last value of `field` wherever it is among the values
    /// (a wrapped cell of a row of several label | value pairs), or start one.
    pub fn continue_value(&mut self, field: Field, line: &str) {
        match self.values.iter_mut().rev().find(|(f, _)| *f == field) {
            Some((_, lines)) => lines.push(line.trim_start().to_string()),
            None => self.push(field, line),
        }
    }

    /// Continue the last value of `field` (or start one without a label).
    pub fn push(&mut self, field: Field, line: &str) {
        match self.values.last_mut() {
            Some((f, lines)) if *f == field => lines.push(line.trim_start().to_string()),
            _ => self
                .values
                .push((field, vec![line.trim_start().to_string()])),
        }
    }

    /// The marks a labelled title carries: a 【新規】 badge after it sets the
    /// new flag; an unnumbered entry whose title starts with ・ or （N） is a
    /// nested row (the mark becomes its numbering), and one whose title
    /// starts with its own number (１　title, ①title, 2-3-1 title: a card
    /// without a number cell) takes that number.
    pub fn nest_by_title(&mut self) {
        self.badge_after_title();
        if self
            .numbering
            .as_ref()
            .is_some_and(|n| n.no.is_some() || n.style != Style::Row)
        {
            return;
        }
        let Some((_, lines)) = self.values.iter_mut().find(|v| v.0 == Field::Title) else {
            return;
        };
        let Some(first) = lines.first_mut() else {
            return;
        };
        // Unnumbered here (see above), so its number may be in the title.
        let marked = numbering(first)
            .filter(|n| numbering::marks_title(&n.style, false) && !n.rest.is_empty());
        if let Some(n) = marked {
            *first = n.rest.clone();
            self.numbering = Some(Numbering {
                rest: String::new(),
                ..n
            });
        }
    }

    /// A new badge printed after the labelled title (【新規】, （新規）) is
    /// taken off it and sets the new flag.
    fn badge_after_title(&mut self) {
        let Some((_, lines)) = self.values.iter_mut().find(|v| v.0 == Field::Title) else {
            return;
        };
        // The badge may wrap onto a line of its own, or across two (【新 / 規】).
        let joined = fill::join(lines);
        if let Some(rest) = labels::trailing_new_badge(&joined) {
            *lines = vec![rest.to_string()];
            self.is_new = true;
        }
    }

    /// A measure of what has been read into the entry: it changes whenever
    /// a line adds to it (a value, a label, a span, an indicator, its title).
    pub fn held(&self) -> usize {
        let values: usize = self
            .values
            .iter()
            .map(|(_, lines)| 1 + lines.iter().map(String::len).sum::<usize>())
            .sum();
        self.title.len()
            + values
            + self.spans.len()
            + self.indicators.len()
            + self.matched.len()
            + usize::from(self.numbering.is_some())
            + usize::from(self.is_new)
    }

    /// Whether any field label or table value was read.
    pub fn has_content(&self) -> bool {
        !self.values.is_empty() || !self.spans.is_empty() || !self.indicators.is_empty()
    }
}

/// One thing the flow reader found, in document order.
#[derive(Debug, Clone)]
pub enum Event {
    /// A numbered heading that is an outline level (分野, 項目, chapter).
    Heading {
        /// Its numbering.
        numbering: Numbering,
        /// Page.
        page: u32,
    },
    /// An initiative.
    Initiative(Entry),
    /// A site entry (情報発信サイト等).
    Site(Entry),
    /// An overview or topic section.
    Section {
        /// Overview or Topic.
        kind: RecordKind,
        /// Title (topics).
        title: String,
        /// Paragraph lines.
        lines: Vec<String>,
        /// Page.
        page: u32,
        /// Area of its title.
        bbox: Rect,
    },
}

/// What the general reader made of a document.
#[derive(Debug, Default)]
pub struct Reading {
    /// Records in document order.
    pub records: Vec<super::Record>,
    /// Per record: (id, which reading produced it and which labels matched).
    pub explain: Vec<(String, String)>,
    /// Unknown labels and labels outside initiatives, with their page.
    pub unknown: Vec<String>,
    /// The boxes of the lines read into records, with their page: the text
    /// that passages leave out.
    pub read: Vec<(u32, Rect)>,
}

/// Read every page of a document with the general reader.
pub fn read_document(edition: &str, file: &str, views: &[super::page::PageView]) -> Reading {
    let (events, unknown, read) = read_flow(views, Params::default());
    // A heading of a style that other initiatives have is an initiative
    // too (a parent whose content is all in its nested rows).
    let styles: std::collections::HashSet<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Initiative(en) => en.numbering.as_ref().map(|n| n.style.key()),
            _ => None,
        })
        .collect();
    let mut asm = assemble::Assembler::new(edition, file);
    for e in events {
        match e {
            Event::Heading { numbering, page } if styles.contains(&numbering.style.key()) => {
                let mut n = numbering;
                let title = std::mem::take(&mut n.rest);
                asm.event(Event::Initiative(Entry {
                    page,
                    title,
                    numbering: Some(n),
                    reading: "outline item",
                    ..Default::default()
                }));
            }
            e => asm.event(e),
        }
    }
    Reading {
        records: asm.records,
        explain: asm.explain,
        unknown,
        read,
    }
}

/// What the flow reader found: events, unknown labels, boxes read into records.
type FlowReading = (Vec<Event>, Vec<String>, Vec<(u32, Rect)>);

/// Read laid-out pages with the general reader.
fn read_flow(views: &[super::page::PageView], params: Params) -> FlowReading {
    let body = furniture::body_size(views);
    let mut flow = flow::Flow::new(params, body, furniture::body_font(views, body));
    let furniture = furniture::furniture(views);
    for (i, v) in views.iter().enumerate() {
        let lines: Vec<&crate::layout::TextLine> = v
            .layout
            .lines
            .iter()
            .enumerate()
            .filter(|(j, _)| !furniture.contains(&(i, *j)))
            .map(|(_, l)| l)
            .collect();
        flow.page(v, lines, v.layout.number);
    }
    flow.finish();
    (flow.events, flow.unknown, flow.read)
}

/// How much a reading says: filled fields over its initiative records, so
/// that the better of two readings of one document can be kept.
pub fn weight(records: &[super::Record]) -> usize {
    records
        .iter()
        .filter(|r| r.kind == RecordKind::Initiative)
        .map(|r| {
            let filled = [
                !r.title.is_empty(),
                r.summary.as_ref().is_some_and(|s| !s.is_empty()),
                r.departments.as_ref().is_some_and(|d| !d.is_empty()),
                r.actors.as_ref().is_some_and(|d| !d.is_empty()),
                r.schedule.as_ref().is_some_and(|d| !d.is_empty()),
                r.no.flatten().is_some(),
            ];
            filled.iter().filter(|f| **f).count()
        })
        .sum()
}
