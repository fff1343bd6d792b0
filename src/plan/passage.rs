//! Passages: every page text that no plan record covers, as searchable
//! records (`kind = passage`, schema "kind = passage").
//!
//! A post-pass over the laid-out pages and the records the readers produced:
//! a content line (running header, footer and folio excluded, see
//! [`PageView`]) is *covered* when its centre lies inside the box of a record
//! on its page (`source.bbox` or one of `source.fields`). The other lines are
//! grouped into paragraphs — horizontal lines by [`blocks`], vertical columns
//! (縦書き) right to left while a column runs on into the next — and the
//! paragraphs under one heading form a passage:
//!
//! ```text
//!   １．はじめに            <- heading: title of the passages below it
//!   本計画は…               <- paragraph 1 ┐ passage p3-1
//!   　また、…               <- paragraph 2 ┘ text = "本計画は…\nまた、…"
//! ```
//!
//! A passage is cut before [`MAX_PASSAGE_CHARS`] so that a long page gives
//! several hits with tight boxes rather than one.

use crate::layout::{blocks, column_extent, continues_column, LayoutParams, PageLayout, TextLine};
use crate::pdf::Rect;

use super::page::PageView;
use super::record::{BBox, Record, RecordKind};
use super::text::{join_wrapped, key};

/// A passage grows no longer than this many characters (it is cut between paragraphs).
pub const MAX_PASSAGE_CHARS: usize = 1200;

/// Longest line (characters) that may be a heading.
const MAX_HEADING_CHARS: usize = 40;

/// How the pages of a document were read (reported by `parse` and `ingest`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Coverage {
    /// Pages laid out.
    pub pages: u32,
    /// Pages where at least one plan record starts or lies.
    pub record_pages: u32,
    /// Pages that gave passages and no plan record.
    pub passage_pages: u32,
    /// Pages without any text (no text layer: scanned images, or blank).
    pub textless_pages: Vec<u32>,
}

impl Coverage {
    /// One plain sentence: "12 pages: 8 with plan records, 3 passages only, 1 without text (p.4: scanned or blank)".
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{} pages: {} with plan records, {} passages only",
            self.pages, self.record_pages, self.passage_pages
        );
        if !self.textless_pages.is_empty() {
            let list: Vec<String> = self.textless_pages.iter().map(u32::to_string).collect();
            s.push_str(&format!(
                ", {} without a text layer (scanned or blank: p.{})",
                self.textless_pages.len(),
                list.join(", ")
            ));
        }
        s
    }
}

/// A paragraph: its text, box and the index of its first line on the page.
struct Paragraph {
    text: String,
    bbox: Rect,
    first: usize,
    heading: bool,
}

/// Add passage records for the uncovered text of every page, each page's
/// passages placed after the plan records of that page. A line is covered
/// by a record's box on its page or by a box of `read` (the lines a reader
/// read into records, with their page). Returns how the pages were read.
pub fn add_passages(
    edition: &str,
    file: &str,
    views: &[PageView],
    records: &mut Vec<Record>,
    read: &[(u32, Rect)],
    params: &LayoutParams,
) -> Coverage {
    let mut coverage = Coverage {
        pages: views.len() as u32,
        ..Coverage::default()
    };
    let mut heading: Option<String> = None;
    let mut passages: Vec<Record> = Vec::new();
    let running = running_lines(views);
    for view in views {
        let layout = view.layout;
        let n = layout.number;
        let boxes: Vec<BBox> = records
            .iter()
            .filter(|r| r.source.page == n)
            .flat_map(|r| {
                r.source
                    .bbox
                    .into_iter()
                    .chain(r.source.fields.iter().map(|f| f.1))
            })
            .chain(
                read.iter()
                    .filter(|(page, _)| *page == n)
                    .map(|(_, b)| BBox::from(*b)),
            )
            .collect();
        let has_records = records.iter().any(|r| r.page == n || r.source.page == n);
        let uncovered: Vec<usize> = view
            .content
            .iter()
            .copied()
            .filter(|&i| !key(&layout.lines[i].text).is_empty())
            .filter(|&i| !is_running(layout, &layout.lines[i], &running))
            .filter(|&i| !covered(&layout.lines[i].bbox, &boxes))
            .collect();
        let before = passages.len();
        page_passages(
            edition,
            file,
            layout,
            &uncovered,
            &mut heading,
            &mut passages,
            params,
        );
        if has_records {
            coverage.record_pages += 1;
        } else if passages.len() > before {
            coverage.passage_pages += 1;
        } else if layout.lines.iter().all(|l| key(&l.text).is_empty()) {
            coverage.textless_pages.push(n);
        }
    }
    // A block of lines repeated word for word on later pages (a sheet's
    // 分野/項目 cells, a form's labels) is boilerplate: its first occurrence
    // keeps it searchable. A single line (a heading) may recur in context.
    let mut seen = std::collections::HashSet::new();
    passages.retain(|p| {
        let text = p.text.as_deref().unwrap_or_default();
        !text.contains('\n') || seen.insert(text.to_string())
    });
    merge_by_page(records, passages);
    coverage
}

/// Share of the page height at the top and bottom where running headers
/// and footers stand.
const MARGIN_BAND: f32 = 0.1;

fn in_margin(layout: &PageLayout, l: &TextLine) -> bool {
    l.bbox.y1 < layout.height * MARGIN_BAND || l.bbox.y0 > layout.height * (1.0 - MARGIN_BAND)
}

/// Texts (digits removed) of margin lines that recur on at least half of the
/// pages, and on two or more: running headers and footers ("- 3 -", a title).
fn running_lines(views: &[PageView]) -> std::collections::HashSet<String> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for layout in views.iter().map(|v| v.layout) {
        let mut on_page: std::collections::HashSet<String> = std::collections::HashSet::new();
        for l in layout.lines.iter().filter(|l| in_margin(layout, l)) {
            on_page.insert(margin_key(&l.text));
        }
        for k in on_page {
            *seen.entry(k).or_insert(0) += 1;
        }
    }
    let pages = views.len();
    seen.into_iter()
        .filter(|&(_, n)| n >= 2 && 2 * n >= pages)
        .map(|(k, _)| k)
        .collect()
}

fn margin_key(text: &str) -> String {
    key(text).chars().filter(|c| !c.is_ascii_digit()).collect()
}

fn is_running(
    layout: &PageLayout,
    l: &TextLine,
    running: &std::collections::HashSet<String>,
) -> bool {
    in_margin(layout, l) && running.contains(&margin_key(&l.text))
}

/// Whether the line's centre lies inside one of the record boxes.
fn covered(r: &Rect, boxes: &[BBox]) -> bool {
    let (x, y) = (r.cx(), r.cy());
    boxes
        .iter()
        .any(|b| x >= b.x0 - 1.0 && x <= b.x1 + 1.0 && y >= b.y0 - 1.0 && y <= b.y1 + 1.0)
}

/// Insert each passage after the plan records of its page and earlier pages,
/// keeping the plan records' own order.
fn merge_by_page(records: &mut Vec<Record>, passages: Vec<Record>) {
    if passages.is_empty() {
        return;
    }
    let plan = std::mem::take(records);
    let mut pending = passages.into_iter().peekable();
    for r in plan {
        while let Some(p) = pending.next_if(|p| p.page < r.page) {
            records.push(p);
        }
        records.push(r);
    }
    records.extend(pending);
}

/// The passages of one page from its uncovered lines (indices into `layout.lines`).
fn page_passages(
    edition: &str,
    file: &str,
    layout: &PageLayout,
    uncovered: &[usize],
    heading: &mut Option<String>,
    out: &mut Vec<Record>,
    params: &LayoutParams,
) {
    let paragraphs = paragraphs(layout, uncovered, params);
    let mut n = 0;
    let mut current: Vec<Paragraph> = Vec::new();
    let mut title = heading.clone();
    let mut flush = |current: &mut Vec<Paragraph>, title: &Option<String>| {
        if current.is_empty() {
            return;
        }
        n += 1;
        out.push(passage(edition, file, layout.number, n, title, current));
        current.clear();
    };
    for p in paragraphs {
        let full = current
            .iter()
            .map(|p| p.text.chars().count())
            .sum::<usize>()
            + p.text.chars().count()
            > MAX_PASSAGE_CHARS;
        // A heading starts a passage; a run of headings stays with what follows.
        let after_body = current.last().is_some_and(|q| !q.heading);
        if (p.heading && after_body) || full {
            flush(&mut current, &title);
        }
        if p.heading {
            if current.is_empty() {
                title = Some(p.text.clone());
            }
            *heading = Some(p.text.clone());
        }
        current.push(p);
    }
    flush(&mut current, &title);
}

fn passage(
    edition: &str,
    file: &str,
    page: u32,
    n: u32,
    title: &Option<String>,
    paragraphs: &[Paragraph],
) -> Record {
    let mut r = Record::empty(
        format!("{edition}/p{page}-{n}"),
        edition.to_string(),
        RecordKind::Passage,
        page,
    );
    r.title = title.clone().unwrap_or_default();
    let texts: Vec<&str> = paragraphs.iter().map(|p| p.text.as_str()).collect();
    r.text = Some(texts.join("\n"));
    let bbox = paragraphs
        .iter()
        .skip(1)
        .fold(paragraphs[0].bbox, |a, p| a.union(&p.bbox));
    r.source.file = file.to_string();
    r.source.page = page;
    r.source.bbox = Some(BBox::from(bbox));
    r
}

/// Paragraphs of the given lines, in the page's reading order.
fn paragraphs(layout: &PageLayout, lines: &[usize], params: &LayoutParams) -> Vec<Paragraph> {
    let (vertical, horizontal): (Vec<usize>, Vec<usize>) =
        lines.iter().partition(|&&i| layout.lines[i].is_vertical());
    let median = median_size(layout, lines);
    let mut out = horizontal_paragraphs(layout, &horizontal, params, median);
    out.extend(vertical_paragraphs(layout, &vertical, params));
    out.sort_by_key(|p| p.first);
    out
}

fn median_size(layout: &PageLayout, lines: &[usize]) -> f32 {
    let mut sizes: Vec<f32> = lines.iter().map(|&i| layout.lines[i].size).collect();
    sizes.sort_by(f32::total_cmp);
    sizes.get(sizes.len() / 2).copied().unwrap_or(10.0)
}

/// Horizontal lines: blocks, cut into paragraphs where a line is indented or
/// the line before it stops short of the block's right edge.
fn horizontal_paragraphs(
    layout: &PageLayout,
    lines: &[usize],
    params: &LayoutParams,
    median: f32,
) -> Vec<Paragraph> {
    let sub = PageLayout {
        number: layout.number,
        width: layout.width,
        height: layout.height,
        lines: lines.iter().map(|&i| layout.lines[i].clone()).collect(),
        rules: layout.rules.clone(),
    };
    let mut out = Vec::new();
    for b in blocks(&sub, params) {
        let mut group: Vec<&TextLine> = Vec::new();
        let mut first = usize::MAX;
        for (k, &j) in b.lines.iter().enumerate() {
            let l = &sub.lines[j];
            let new_para = group.last().is_some_and(|p: &&TextLine| {
                l.bbox.x0 > b.bbox.x0 + 0.6 * l.size || p.bbox.x1 < b.bbox.x1 - 1.6 * p.size
            });
            if new_para && k > 0 {
                out.push(paragraph(&group, first, median));
                group.clear();
                first = usize::MAX;
            }
            first = first.min(lines[j]);
            group.push(l);
        }
        out.push(paragraph(&group, first, median));
    }
    out
}

fn paragraph(lines: &[&TextLine], first: usize, median: f32) -> Paragraph {
    let text = join_wrapped(lines.iter().map(|l| l.text.as_str()));
    let bbox = lines
        .iter()
        .skip(1)
        .fold(lines[0].bbox, |a, l| a.union(&l.bbox));
    let heading = lines.len() == 1 && is_heading(lines[0], median);
    Paragraph {
        text,
        bbox,
        first,
        heading,
    }
}

/// Vertical columns, in the page order (right to left), joined while a column
/// runs to the bottom of the group and the next one starts at its top.
fn vertical_paragraphs(
    layout: &PageLayout,
    lines: &[usize],
    params: &LayoutParams,
) -> Vec<Paragraph> {
    let columns: Vec<&TextLine> = lines.iter().map(|&i| &layout.lines[i]).collect();
    let mut out: Vec<(Vec<&TextLine>, usize)> = Vec::new();
    for &i in lines {
        let l = &layout.lines[i];
        let joins = out.last().is_some_and(|(group, _)| {
            let prev = group[group.len() - 1];
            let (top, bottom) = column_extent(&columns, prev);
            continues_column(top, bottom, prev, l, params)
        });
        match out.last_mut() {
            Some((group, _)) if joins => group.push(l),
            _ => out.push((vec![l], i)),
        }
    }
    out.into_iter()
        .map(|(group, first)| {
            let mut p = paragraph(&group, first, f32::MAX);
            p.heading = false;
            p
        })
        .collect()
}

/// A heading: one short line that is larger than the page's body text, or
/// numbered / bracketed like a section title, and not a sentence.
fn is_heading(l: &TextLine, median: f32) -> bool {
    let t = key(&l.text);
    let n = t.chars().count();
    if n == 0 || n > MAX_HEADING_CHARS || t.ends_with(['。', '、', '，', ',']) {
        return false;
    }
    if t.chars()
        .all(|c| c.is_ascii_digit() || ",.-%()".contains(c))
    {
        return false;
    }
    let larger = l.size >= median * 1.15;
    let marked = t.starts_with('第') && t.chars().take(6).any(|c| "章節部編条".contains(c))
        || t.starts_with(['【', '■', '◆', '●', '〔', '≪', '《'])
        || numbered(&t);
    larger || (marked && n <= 30)
}

/// "1.", "1．", "(1)", "１　", "Ⅰ", "一、" style section numbers.
fn numbered(t: &str) -> bool {
    let mut chars = t.chars();
    let Some(c) = chars.next() else { return false };
    let next = chars.next();
    match c {
        '0'..='9' => next.is_some_and(|d| {
            ".)".contains(d)
                || !d.is_ascii_digit() && !"年月日%".contains(d) && !d.is_ascii_punctuation()
        }),
        '(' => next.is_some_and(|d| d.is_ascii_digit()) && t.chars().nth(2) == Some(')'),
        'Ⅰ'..='Ⅻ' | '①'..='⑳' => true,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' => {
            next.is_some_and(|d| "、.".contains(d))
        }
        _ => false,
    }
}

#[cfg(test)]
#[path = "passage_tests.rs"]
mod tests;
