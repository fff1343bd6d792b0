//! Walking a document's pages in order and dispatching each structure to
//! its parser, with the running context (current 分野 and 項目) that
//! headers, bands and table headings update.

use std::collections::HashMap;

use regex::Regex;
use std::sync::OnceLock;

use crate::layout::TextLine;
use crate::pdf::Rect;

use super::card::parse_card;
use super::page::{PageView, EPS};
use super::prose::{parse_overview, parse_site, parse_topic};
use super::record::{BBox, Record, RecordKind};
use super::schedule::YearColumn;
use super::table::{find_header, nesting, read_table, Nesting, TableRow};
use super::text::{key, leading_number};
use super::year::FiscalYear;
use super::{PageInfo, Unplaced};

/// Running state while walking pages.
#[derive(Default)]
pub struct Walker {
    /// Edition id used in record ids.
    pub edition: String,
    /// Source file name for provenance.
    pub file: String,
    /// Current 分野.
    pub field: Option<(u32, String)>,
    /// Current 項目.
    pub item: Option<(u32, String)>,
    /// Records so far.
    pub records: Vec<Record>,
    /// Warnings so far (page-prefixed).
    pub warnings: Vec<String>,
    /// Per-page facts.
    pub pages: Vec<PageInfo>,
    /// Headings without records.
    pub unplaced: Vec<Unplaced>,
    /// Years (Heisei) of bounded schedule spans and year columns seen, for
    /// the edition's fiscal years; "up to" columns and spans (～Ｈ２５: what
    /// came before the plan) are left out.
    pub years: Vec<FiscalYear>,
    counters: HashMap<String, u32>,
    year_columns: Vec<YearColumn>,
    /// The table item heading waiting for its first row: (page, text).
    pending_item: Option<(u32, String)>,
    /// Last top-level table row id and its child count.
    parent: Option<(String, u32)>,
}

fn header_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^分野\s*(\d+)\s*(.*?)(?:\s+項目\s*(\d+)\s*(.*?))?\s*$").expect("valid regex")
    })
}

/// A numbered heading: (number, name).
pub type Numbered = (u32, String);

/// Split "分野 2 行政の情報化　　項目 3 市町村行政の情報化" into its parts,
/// keeping the original characters of the names.
pub fn parse_header(text: &str) -> Option<(Numbered, Option<Numbered>)> {
    let t = text.trim();
    let norm: String = crate::unicode::nfkc(t);
    let c = header_re().captures(&norm)?;
    let field_no: u32 = c.get(1)?.as_str().parse().ok()?;
    // Names: take them from the original text to keep full-width forms.
    let (field_part, item_part) = match t.find("項目") {
        Some(i) => (&t[..i], Some(&t[i..])),
        None => (t, None),
    };
    let name_after_number = |s: &str, word: &str| -> String {
        let s = s.trim_start_matches(word).trim_start();
        match leading_number(s) {
            Some((_, rest)) => rest.trim().to_string(),
            None => s.trim().to_string(),
        }
    };
    let field = (field_no, name_after_number(field_part, "分野"));
    let item = match (c.get(3), item_part) {
        (Some(n), Some(p)) => n
            .as_str()
            .parse()
            .ok()
            .map(|n| (n, name_after_number(p, "項目"))),
        _ => None,
    };
    Some((field, item))
}

impl Walker {
    /// A walker for `edition`, reading `file`.
    pub fn new(edition: &str, file: &str) -> Walker {
        Walker {
            edition: edition.to_string(),
            file: file.to_string(),
            ..Default::default()
        }
    }

    fn next(&mut self, key: String) -> u32 {
        let c = self.counters.entry(key).or_insert(0);
        *c += 1;
        *c
    }

    fn new_record(&self, id: String, kind: RecordKind, page: u32, bbox: Rect) -> Record {
        let mut r = Record::empty(id, self.edition.clone(), kind, page);
        r.field_no = self.field.as_ref().map(|f| f.0);
        r.field = self.field.as_ref().map(|f| f.1.clone());
        r.item_no = self.item.as_ref().map(|i| i.0);
        r.item = self.item.as_ref().map(|i| i.1.clone());
        r.source.file = self.file.clone();
        r.source.page = page;
        r.source.bbox = Some(BBox::from(bbox));
        r
    }

    fn fi(&self) -> String {
        format!(
            "{}-{}",
            self.field.as_ref().map_or(0, |f| f.0),
            self.item.as_ref().map_or(0, |i| i.0)
        )
    }

    fn set_field(&mut self, field: (u32, String)) {
        if self.field.as_ref().map(|f| f.0) != Some(field.0) {
            self.item = None;
        }
        if !field.1.is_empty() || self.field.is_none() {
            self.field = Some(field);
        }
    }

    /// Parse one page.
    pub fn page(&mut self, view: &PageView) {
        let layout = view.layout;
        let number = layout.number;
        self.pages.push(PageInfo {
            page: number,
            printed: view.printed.clone(),
            header: view.header.clone(),
        });
        if let Some((field, item)) = view.header.as_deref().and_then(parse_header) {
            self.set_field(field);
            if item.is_some() {
                self.item = item;
            }
        }
        if let Some(header) = find_header(view) {
            self.table_page(view, header, number);
        } else {
            self.card_page(view, number);
        }
    }

    fn table_page(&mut self, view: &PageView, header: &TextLine, number: u32) {
        let mut cols = std::mem::take(&mut self.year_columns);
        let rows = read_table(view, header, &mut cols);
        for c in cols.iter().filter(|c| c.from.is_some()) {
            self.years.extend(c.from);
            self.years.push(c.to);
        }
        self.year_columns = cols;
        for row in rows {
            match row {
                TableRow::Field(n, name) => {
                    self.flush_pending();
                    self.set_field((n, name));
                }
                TableRow::Item(n, name) => {
                    self.flush_pending();
                    self.item = Some((n, name.clone()));
                    self.pending_item = Some((number, format!("{}　{}", fw(n), name)));
                    self.parent = None;
                }
                TableRow::Data(d) => {
                    self.pending_item = None;
                    let (nest, title) = nesting(&d.title);
                    let fi = self.fi();
                    let (id, parent, sub_no) = match (&nest, &self.parent) {
                        (Nesting::None, _) | (_, None) => {
                            let id = match d.no {
                                Some(n) => format!("{}/{fi}-{n}", self.edition),
                                None => {
                                    let k = self.next(format!("u/{fi}"));
                                    format!("{}/{fi}-u{k}", self.edition)
                                }
                            };
                            self.parent = Some((id.clone(), 0));
                            (id, None, None)
                        }
                        (_, Some((pid, _))) => {
                            let pid = pid.clone();
                            let n = self.parent.as_mut().map_or(1, |p| {
                                p.1 += 1;
                                p.1
                            });
                            let sub = match nest {
                                Nesting::Numbered(k) => Some(k),
                                _ => None,
                            };
                            (format!("{pid}.{n}"), Some(pid), sub)
                        }
                    };
                    let mut r = self.new_record(id, RecordKind::Initiative, number, d.bbox);
                    r.no = Some(if parent.is_none() { d.no } else { None });
                    r.sub_no = Some(sub_no);
                    r.parent = Some(parent);
                    r.title = title;
                    r.summary = Some(d.summary);
                    r.schedule = Some(d.schedule);
                    r.source.fields = d
                        .fields
                        .iter()
                        .map(|(n, b)| (n.clone(), BBox::from(*b)))
                        .collect();
                    self.records.push(r);
                }
            }
        }
    }

    fn flush_pending(&mut self) {
        if let Some((page, text)) = self.pending_item.take() {
            let (f, i) = (
                self.field.as_ref().map_or(0, |f| f.0),
                self.item.as_ref().map_or(0, |i| i.0),
            );
            self.unplaced.push(Unplaced {
                page,
                text,
                reason: format!(
                    "sub-section heading with no rows (field {f} item {i}); produces no record"
                ),
            });
        }
    }

    /// Flush state at the end of the document.
    pub fn finish(&mut self) {
        self.flush_pending();
    }

    /// Reads a page of cards, topics, overviews and site lists: finds its
    /// anchors, then reads each in the area down to the next one.
    fn card_page(&mut self, view: &PageView, number: u32) {
        let anchors = find_anchors(view);
        let bottom = view.layout.height;
        for (i, (top, anchor)) in anchors.iter().enumerate() {
            let next = anchors.get(i + 1).map_or(bottom, |a| a.0);
            let area = Rect {
                x0: 0.0,
                y0: *top - EPS,
                x1: view.layout.width,
                y1: next - EPS,
            };
            self.anchor(view, anchor, area, number);
        }
    }

    /// Reads one anchor of a card page, `area` being its part of the page.
    fn anchor(&mut self, view: &PageView, anchor: &Anchor, area: Rect, number: u32) {
        match anchor {
            Anchor::Field(l) => {
                if let Some((field, item)) = parse_header(&l.text) {
                    self.set_field(field);
                    if item.is_some() {
                        self.item = item;
                    }
                }
            }
            Anchor::Item(l) => {
                if let Some((n, rest)) = leading_number(&l.text) {
                    self.item = Some((n, rest.trim().to_string()));
                }
            }
            Anchor::Overview(t) => {
                let id = format!("{}/overview/{}", self.edition, self.fi());
                let mut r = self.new_record(id, RecordKind::Overview, number, area);
                parse_overview(view, &area, t, &mut r);
                self.records.push(r);
            }
            Anchor::Topic(f, label) => {
                let fi = self.fi();
                let k = self.next(format!("topic/{fi}"));
                let id = format!("{}/topic/{fi}-{k}", self.edition);
                let mut r = self.new_record(id, RecordKind::Topic, number, *f);
                parse_topic(view, f, label, &mut r);
                self.records.push(r);
            }
            Anchor::Card(f) => self.card(view, f, number),
            Anchor::Sites(h) => self.sites(view, &area, h, number),
        }
    }

    /// Reads the project card in frame `f`: its record, its id (numbered,
    /// else `u<k>` with a warning), the schedule years it shows.
    fn card(&mut self, view: &PageView, f: &Rect, number: u32) {
        let mut r = self.new_record(String::new(), RecordKind::Initiative, number, *f);
        let warnings = parse_card(view, f, &mut r);
        let fi = self.fi();
        r.id = match r.no.flatten() {
            Some(n) => format!("{}/{fi}-{n}", self.edition),
            None => {
                let k = self.next(format!("u/{fi}"));
                self.warnings.push(format!(
                    "page {number}: card \"{}\" has no number; id gets u{k}",
                    r.title
                ));
                format!("{}/{fi}-u{k}", self.edition)
            }
        };
        for sp in r.schedule.iter().flatten().filter(|sp| sp.from.is_some()) {
            self.years.extend(sp.from);
            self.years.push(sp.to);
        }
        for w in warnings {
            self.warnings
                .push(format!("page {number}: card {}: {w}", r.id));
        }
        self.records.push(r);
    }

    fn sites(&mut self, view: &PageView, area: &Rect, heading: &TextLine, number: u32) {
        let lines: Vec<&TextLine> = view
            .lines_in(area)
            .into_iter()
            .filter(|l| !std::ptr::eq(*l, heading))
            .collect();
        // Entries end at dashed full-width rules; the heading's own rule opens the list.
        let mut seps: Vec<f32> = view
            .hrules()
            .into_iter()
            .filter(|&(y, x0, x1, _)| {
                y > heading.bbox.y1 - 1.0 && y < area.y1 && x1 - x0 > view.layout.width * 0.4
            })
            .map(|r| r.0)
            .collect();
        seps.sort_by(f32::total_cmp);
        seps.dedup_by(|a, b| (*a - *b).abs() < EPS);
        let media_frames: Vec<Rect> = view
            .frames()
            .into_iter()
            .map(|f| f.bbox)
            .filter(|b| b.width() < 80.0 && b.height() < 24.0)
            .collect();
        let mut bounds = vec![heading.bbox.y1];
        bounds.extend(seps);
        bounds.push(area.y1);
        for w in bounds.windows(2) {
            let entry: Vec<&TextLine> = lines
                .iter()
                .copied()
                .filter(|l| l.bbox.cy() > w[0] && l.bbox.cy() < w[1])
                .collect();
            if entry.is_empty() {
                continue;
            }
            let fi = self.fi();
            let k = self.next(format!("site/{fi}"));
            let id = format!("{}/site/{fi}-{k}", self.edition);
            let bbox = entry
                .iter()
                .skip(1)
                .fold(entry[0].bbox, |a, l| a.union(&l.bbox));
            let mut r = self.new_record(id, RecordKind::Site, number, bbox);
            parse_site(&entry, &media_frames, &mut r);
            self.records.push(r);
        }
    }
}

fn fw(n: u32) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
        .collect()
}

/// Where something starts on a card page: card and topic frames, overview
/// titles, site lists, and the 分野/項目 headings between them.
enum Anchor<'a> {
    /// A project card's frame.
    Card(Rect),
    /// A トピックス frame with its label line.
    Topic(Rect, &'a TextLine),
    /// An overview title 【…】.
    Overview(&'a TextLine),
    /// A 情報発信サイト heading.
    Sites(&'a TextLine),
    /// A 分野 heading.
    Field(&'a TextLine),
    /// A 項目 heading (kept only right above an overview title).
    Item(&'a TextLine),
}

/// The anchors of a card page, top to bottom.
fn find_anchors<'a>(view: &'a PageView) -> Vec<(f32, Anchor<'a>)> {
    let lines = view.lines();
    let min_width = view.layout.width * 0.45;
    let frames: Vec<Rect> = view
        .frames()
        .into_iter()
        .map(|f| f.bbox)
        .filter(|b| b.width() > min_width && b.height() > 20.0)
        .collect();
    let in_frame = |l: &TextLine| {
        frames
            .iter()
            .any(|f| f.contains_point(l.bbox.cx(), l.bbox.cy(), 0.5))
    };
    let mut anchors: Vec<(f32, Anchor)> = Vec::new();
    for f in &frames {
        let label = lines.iter().copied().find(|l| {
            key(&l.text) == "トピックス"
                && f.contains_point(l.bbox.cx(), l.bbox.cy(), 0.5)
                && l.bbox.y0 < f.y0 + 3.0 * l.size
        });
        match label {
            Some(l) => anchors.push((f.y0, Anchor::Topic(*f, l))),
            None => anchors.push((f.y0, Anchor::Card(*f))),
        }
    }
    for l in lines.iter().copied().filter(|l| !in_frame(l)) {
        let k = key(&l.text);
        if k.starts_with('【') && k.ends_with('】') {
            anchors.push((l.bbox.y0, Anchor::Overview(l)));
        } else if k == "情報発信サイト等" || k == "情報発信サイト" {
            anchors.push((l.bbox.y0, Anchor::Sites(l)));
        } else if k.starts_with("分野") && parse_header(&l.text).is_some() {
            anchors.push((l.bbox.y0, Anchor::Field(l)));
        } else if leading_number(&l.text)
            .is_some_and(|(_, rest)| rest.starts_with(char::is_whitespace))
            && l.bbox.x0 < view.layout.width * 0.3
        {
            anchors.push((l.bbox.y0, Anchor::Item(l)));
        }
    }
    anchors.sort_by(|a, b| a.0.total_cmp(&b.0));
    // An item heading only counts right above an overview title.
    let keep: Vec<bool> = (0..anchors.len())
        .map(|i| {
            !matches!(anchors[i].1, Anchor::Item(_))
                || matches!(anchors.get(i + 1), Some((_, Anchor::Overview(_))))
        })
        .collect();
    let mut keep = keep.into_iter();
    anchors.retain(|_| keep.next().unwrap_or(true));
    anchors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_headers_split_into_field_and_item() {
        let (f, i) = parse_header("分野 2 行政の情報化　　項目 3 市町村行政の情報化").unwrap();
        assert_eq!(f, (2, "行政の情報化".to_string()));
        assert_eq!(i, Some((3, "市町村行政の情報化".to_string())));
        let (f, i) = parse_header("分野 5 経済・商工・観光・雇用").unwrap();
        assert_eq!(f.0, 5);
        assert_eq!(i, None);
        let (_, i) = parse_header("分野 5 経済　項目 4 「伊達な旅」観光業の振興").unwrap();
        assert_eq!(i.unwrap().1, "「伊達な旅」観光業の振興");
    }
}
