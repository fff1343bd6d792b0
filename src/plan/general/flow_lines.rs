//! The flow reader's line step: what one line of a row does. A label
//! starts a field (or a section, a site list, an outline level, a card); a
//! plain line continues whatever is open: a section's paragraphs, a pending
//! heading's title or lines, the current entry's field or summary.

use crate::layout::TextLine;
use crate::plan::general::departments::names_organisations;
use crate::plan::general::grid::PageCtx;
use crate::plan::general::labels::{vocabulary, Field};
use crate::plan::general::numbering::{numbering, Numbering, Style};
use crate::plan::general::{Entry, Event};
use crate::plan::record::RecordKind;

use super::{Flow, Section};

impl<'a> Flow<'a> {
    /// Read one line; returns whether it was a label.
    pub(super) fn line(&mut self, l: &'a TextLine, ctx: &PageCtx, after_label: bool) -> bool {
        let text = l.text.trim();
        if text.is_empty() {
            return false;
        }
        let label = vocabulary().label(text);
        if label.is_none() && after_label {
            self.plain(l, ctx);
            return false;
        }
        if label.is_none() {
            if let Some(n) = numbering(text) {
                if self.is_heading(l, &n) {
                    self.heading(l, n, ctx);
                    return false;
                }
                if self.maybe_heading(l, &n) {
                    self.deferred = Some((l, n));
                    return false;
                }
            }
        }
        // A bare 新 under a title that fills its line is the title's last
        // character, not a new badge (設備の更 | 新).
        let badge_word = label.is_some_and(|(f, w, r)| {
            f == Field::NewBadge && r.trim().is_empty() && w.trim() == text
        });
        if badge_word && self.title_wraps_into(l, ctx) {
            self.plain(l, ctx);
            return false;
        }
        if let Some((field, word, rest)) = label {
            self.title_size = None;
            self.labelled(field, word, rest, l, ctx);
            return rest.trim().is_empty();
        }
        if let Some(word) = crate::plan::general::labels::bracketed(text) {
            self.unknown
                .push(format!("page {}: unknown label {word}: {text}", ctx.number));
        }
        self.plain(l, ctx);
        false
    }

    /// A line starting with the label `word` of `field`; `rest` is the text after it.
    fn labelled(&mut self, field: Field, word: &str, rest: &str, l: &TextLine, ctx: &PageCtx) {
        match field {
            Field::Overview | Field::Topic => {
                self.close_entry();
                self.close_section();
                let title = if field == Field::Topic {
                    rest.trim().to_string()
                } else {
                    crate::plan::general::labels::label_key(word)
                };
                let title = if field == Field::Overview {
                    word.trim()
                        .trim_matches(['【', '】', '＜', '＞', '［', '］', '■'])
                        .to_string()
                } else {
                    title
                };
                self.section = Some(Section {
                    kind: if field == Field::Topic {
                        RecordKind::Topic
                    } else {
                        RecordKind::Overview
                    },
                    title,
                    paras: Vec::new(),
                    left: f32::MAX,
                    page: ctx.number,
                    bbox: l.bbox,
                });
                self.in_sites = false;
            }
            Field::Sites => {
                self.close_entry();
                self.close_section();
                self.in_sites = true;
            }
            Field::FieldName | Field::ItemName => {
                // "分野 ２ 行政の情報化" written as a label and its value.
                if rest.trim().is_empty() {
                    self.heading_label = Some(field);
                } else {
                    self.level_heading(field, rest, ctx.number);
                }
            }
            Field::Number | Field::Title if self.pending.is_none() => {
                // A card whose number or title is a labelled value starts an initiative.
                let fresh = field == Field::Title
                    && self.cur.as_ref().is_some_and(|c| {
                        c.title.is_empty()
                            && !c.values.iter().any(|v| v.0 != Field::Title)
                            && c.spans.is_empty()
                    });
                if !fresh {
                    self.close_entry();
                    self.cur = Some(Entry {
                        page: ctx.number,
                        bbox: Some(l.bbox),
                        reading: "card (labelled values)",
                        ..Default::default()
                    });
                }
                let Some(cur) = self.cur.as_mut() else { return };
                if field == Field::Number {
                    let no = crate::plan::text::number_cell(rest);
                    cur.numbering = Some(Numbering {
                        style: Style::Row,
                        no,
                        nums: no.into_iter().collect(),
                        rest: String::new(),
                    });
                    cur.matched.push((word.trim().to_string(), field));
                    self.free = no.is_none().then_some(Field::Number);
                } else {
                    cur.start(field, word, rest);
                    self.free = Some(field);
                }
            }
            _ => {
                if self.section.is_some() && self.cur.is_none() && self.pending.is_none() {
                    self.plain(l, ctx);
                    return;
                }
                self.promote();
                let Some(cur) = self.cur.as_mut() else {
                    self.unknown.push(format!(
                        "page {}: label outside any initiative: {}",
                        ctx.number,
                        l.text.trim()
                    ));
                    return;
                };
                if field == Field::NewBadge {
                    // 【新規】 is the badge itself; 区分 is a label whose value may be 新規.
                    cur.matched.push((word.trim().to_string(), field));
                    let k = crate::plan::general::labels::label_key(word).to_uppercase();
                    if k.contains('新') || k.contains("NEW") || rest.contains('新') {
                        cur.is_new = true;
                        self.free = None;
                    } else {
                        self.free = Some(field);
                    }
                    return;
                }
                cur.start(field, word, rest);
                self.free = Some(field);
                self.plain_to_summary = false;
            }
        }
    }

    /// A 分野/項目 given as a labelled value: an outline level.
    fn level_heading(&mut self, field: Field, value: &str, page: u32) {
        if let Some(mut n) = numbering(value) {
            let word = if field == Field::FieldName {
                "分野"
            } else {
                "項目"
            };
            n.style = Style::Prefix(word.to_string());
            self.close_entry();
            self.events.push(Event::Heading { numbering: n, page });
        }
    }

    /// Whether `l` goes on with the title of the pending heading: `l` is in
    /// the title's type, right under its first line, and the title fills
    /// that line to the measure or is set larger than the body (a heading
    /// wraps before the body's measure, a department in brackets closing it).
    fn title_wraps_into(&self, l: &TextLine, ctx: &PageCtx) -> bool {
        self.pending.as_ref().is_some_and(|p| {
            (ctx.fills_line(p.bbox.x1, p.size) || p.size >= self.body * self.params.heading_ratio)
                && self.title_size.is_some_and(|s| (s - l.size).abs() < 0.2)
                && p.lines.is_empty()
                && (l.size - p.size).abs() < 0.2
        })
    }

    /// An unlabelled line: it continues whatever is open.
    pub(super) fn plain(&mut self, l: &TextLine, ctx: &PageCtx) {
        let text = l.text.trim();
        if let Some(f) = self.heading_label.take() {
            self.level_heading(f, text, ctx.number);
            return;
        }
        if let Some(s) = self.section.as_mut() {
            let indented = l.bbox.x0 > s.left + 0.6 * l.size;
            s.left = s.left.min(l.bbox.x0);
            match s.paras.last_mut() {
                Some(p) if !indented => *p = crate::plan::text::join_wrapped([p.as_str(), text]),
                _ => s.paras.push(text.to_string()),
            }
            return;
        }
        let wraps = self.title_wraps_into(l, ctx);
        if let Some(p) = self.pending.as_mut() {
            // Organisation names set apart at the right end of the title's
            // row: its department, printed without a label.
            let beside = p.lines.is_empty()
                && p.beside.is_none()
                && l.bbox.x0 > p.bbox.x1 + l.size
                && l.bbox.y1.min(p.bbox.y1) - l.bbox.y0.max(p.bbox.y0) > 0.25 * l.size;
            if beside && names_organisations(text) {
                p.beside = Some(text.to_string());
                p.area.push((ctx.number, l.bbox));
                return;
            }
            if wraps {
                p.numbering.rest =
                    crate::plan::text::join_wrapped([p.numbering.rest.as_str(), text]);
            } else {
                self.title_size = None;
                p.lines.push(text.to_string());
            }
            return;
        }
        if let Some(cur) = self.cur.as_mut() {
            // A site entry's title that fills its line wraps onto this one.
            let full = cur.bbox.is_some_and(|b| ctx.fills_line(b.x1, l.size));
            if self.cur_site && full && cur.values.is_empty() && cur.matched.is_empty() {
                cur.title = crate::plan::text::join_wrapped([cur.title.as_str(), text]);
                return;
            }
            match self.free {
                Some(Field::Number) => {
                    let no = crate::plan::text::number_cell(text);
                    cur.numbering = Some(Numbering {
                        style: Style::Row,
                        no,
                        nums: no.into_iter().collect(),
                        rest: String::new(),
                    });
                    self.free = None;
                }
                Some(Field::NewBadge) => {
                    cur.is_new |= text.contains('新');
                    self.free = None;
                }
                Some(f) => cur.push(f, text),
                None if self.plain_to_summary => cur.push(Field::Summary, text),
                None => {}
            }
            return;
        }
        let _ = ctx;
    }
}
