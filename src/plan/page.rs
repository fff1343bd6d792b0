//! A laid-out page seen by the plan parser: its lines, its structural
//! graphics (frames, cell fills, rules, arrows) and its furniture (running
//! header, chapter line, folio, footer title).

use crate::layout::{reading_order, PageLayout, TextLine};
use crate::pdf::{Rect, Rule, RuleKind};

use super::text::key;

/// Tolerance (points) when comparing positions of rules and cells.
pub const EPS: f32 = 1.5;

/// One page, with furniture separated from content.
pub struct PageView<'a> {
    /// The layout.
    pub layout: &'a PageLayout,
    /// Indices of content lines (not furniture), in reading order.
    pub content: Vec<usize>,
    /// The printed page number (folio), if any.
    pub printed: Option<String>,
    /// Running header text (the top band), if any.
    pub header: Option<String>,
    /// Footer lines other than the folio (e.g. a plan title).
    pub footer: Vec<String>,
}

impl<'a> PageView<'a> {
    /// Separate furniture: lines in the top or bottom margin band that lie
    /// outside every frame and fill, the folio (a lone number centred at the
    /// bottom), and a running header bar.
    pub fn new(layout: &'a PageLayout) -> PageView<'a> {
        let h = layout.height;
        let w = layout.width;
        let mut content = Vec::new();
        let mut printed = None;
        let mut header = None;
        let mut footer = Vec::new();
        let body_top = h * 0.11;
        let body_bottom = h * 0.93;
        for (i, l) in layout.lines.iter().enumerate() {
            let k = key(&l.text);
            let centred = (l.bbox.cx() - w / 2.0).abs() < w * 0.08;
            if l.bbox.y0 > body_bottom
                && centred
                && k.chars().all(|c| c.is_ascii_digit() || c == '-')
                && !k.is_empty()
            {
                printed = Some(l.text.trim().to_string());
                continue;
            }
            if l.bbox.y0 > body_bottom && centred && !in_any_frame(layout, &l.bbox) {
                footer.push(l.text.trim().to_string());
                continue;
            }
            if l.bbox.y1 < body_top && !in_any_frame(layout, &l.bbox) {
                if k.starts_with("分野") && header.is_none() {
                    header = Some(l.text.trim().to_string());
                    continue;
                }
                // A small right-aligned chapter line above the header bar.
                if l.bbox.x1 > w * 0.6 && l.size < 9.0 && l.bbox.x0 > w * 0.3 {
                    continue;
                }
            }
            content.push(i);
        }
        PageView {
            layout,
            content,
            printed,
            header,
            footer,
        }
    }

    /// Content lines whose centre lies inside `r`.
    pub fn lines_in(&self, r: &Rect) -> Vec<&'a TextLine> {
        self.content
            .iter()
            .map(|&i| &self.layout.lines[i])
            .filter(|l| r.contains_point(l.bbox.cx(), l.bbox.cy(), 0.5))
            .collect()
    }

    /// All content lines.
    pub fn lines(&self) -> Vec<&'a TextLine> {
        self.content
            .iter()
            .map(|&i| &self.layout.lines[i])
            .collect()
    }

    /// Filled rectangles (cell shading), light to dark.
    pub fn fills(&self) -> Vec<&'a Rule> {
        self.layout
            .rules
            .iter()
            .filter(|r| {
                r.filled
                    && r.kind == RuleKind::Rect
                    && r.bbox.width() > 2.0
                    && r.bbox.height() > 2.0
            })
            .collect()
    }

    /// Stroked rectangles (frames).
    pub fn frames(&self) -> Vec<&'a Rule> {
        self.layout
            .rules
            .iter()
            .filter(|r| r.stroked && !r.filled && r.kind == RuleKind::Rect)
            .collect()
    }

    /// Horizontal rules (stroked lines, or thin filled rectangles) as (y, x0, x1, dashed).
    pub fn hrules(&self) -> Vec<(f32, f32, f32, bool)> {
        self.layout
            .rules
            .iter()
            .filter(|r| {
                let b = r.bbox;
                (r.kind == RuleKind::Line || (r.kind == RuleKind::Rect && r.filled))
                    && b.height() < 1.5
                    && b.width() > 3.0
            })
            .map(|r| (r.bbox.cy(), r.bbox.x0, r.bbox.x1, r.dashed))
            .collect()
    }

    /// Vertical rules as (x, y0, y1).
    pub fn vrules(&self) -> Vec<(f32, f32, f32)> {
        self.layout
            .rules
            .iter()
            .filter(|r| {
                let b = r.bbox;
                (r.kind == RuleKind::Line || (r.kind == RuleKind::Rect && r.filled))
                    && b.width() < 1.5
                    && b.height() > 3.0
            })
            .map(|r| (r.bbox.cx(), r.bbox.y0, r.bbox.y1))
            .collect()
    }

    /// Arrows: a horizontal shaft whose right end meets a filled head shape,
    /// as (x_start, x_tip, y).
    pub fn arrows(&self) -> Vec<(f32, f32, f32)> {
        let heads: Vec<Rect> = self
            .layout
            .rules
            .iter()
            .filter(|r| {
                r.kind == RuleKind::Shape
                    && r.filled
                    && r.bbox.width() < 20.0
                    && r.bbox.height() < 20.0
            })
            .map(|r| r.bbox)
            .collect();
        let mut out = Vec::new();
        for head in heads {
            let y = head.cy();
            // The shaft: a horizontal line ending inside or near the head.
            let shaft = self
                .hrules()
                .into_iter()
                .filter(|&(ry, x0, x1, _)| {
                    (ry - y).abs() < head.height() / 2.0 + 0.5
                        && x1 >= head.x0 - EPS
                        && x1 <= head.x1 + EPS
                        && x0 < head.x0
                })
                .min_by(|a, b| a.1.total_cmp(&b.1));
            let start = shaft.map_or(head.x0, |s| s.1);
            out.push((start, head.x1, y));
        }
        out
    }
}

fn in_any_frame(layout: &PageLayout, r: &Rect) -> bool {
    layout.rules.iter().any(|rule| {
        rule.kind == RuleKind::Rect
            && rule.stroked
            && !rule.filled
            && rule.bbox.width() > 20.0
            && rule.bbox.height() > 8.0
            && rule.bbox.contains_point(r.cx(), r.cy(), 0.5)
    })
}

/// Lines sorted top to bottom then left to right (see [`reading_order`]).
pub fn sort_reading(lines: &mut Vec<&TextLine>) {
    let taken = std::mem::take(lines);
    *lines = reading_order(taken, 0.5, |l| l);
}

/// Group lines into visual rows (bands); each row's lines left to right.
/// A line joins the row above when it is level with one of its lines (their
/// centres within half the size, or their boxes overlapping by a quarter of
/// it) and stands beside all of them: a line under another one (the second line of
/// a wrapped header cell) starts the next row, even where a taller line
/// beside them (a cell's text centred over both) is level with either.
pub fn rows<'a>(lines: &[&'a TextLine]) -> Vec<Vec<&'a TextLine>> {
    let mut sorted: Vec<&TextLine> = lines.to_vec();
    sorted.sort_by(|a, b| a.bbox.cy().total_cmp(&b.bbox.cy()));
    let mut out: Vec<Vec<&TextLine>> = Vec::new();
    for l in sorted {
        // Level: centres close, or (a cell's text moved a little off its
        // neighbours') boxes overlapping by a quarter of the size.
        let level = |r: &&TextLine| {
            let size = r.size.min(l.size);
            let overlap = r.bbox.y1.min(l.bbox.y1) - r.bbox.y0.max(l.bbox.y0);
            (r.bbox.cy() - l.bbox.cy()).abs() < 0.5 * size || overlap >= 0.25 * size
        };
        let under = |r: &&TextLine| {
            let overlap = r.bbox.x1.min(l.bbox.x1) - r.bbox.x0.max(l.bbox.x0);
            let narrower = r.bbox.width().min(l.bbox.width());
            overlap > 0.3 * narrower && (r.bbox.cy() - l.bbox.cy()).abs() > 0.25 * r.size
        };
        match out.last_mut() {
            Some(row) if row.iter().any(level) && !row.iter().any(under) => row.push(l),
            _ => out.push(vec![l]),
        }
    }
    for row in &mut out {
        row.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::Rect;

    fn line(text: &str, x0: f32, y0: f32, y1: f32) -> TextLine {
        let x1 = x0 + 7.5 * text.chars().count() as f32;
        TextLine::plain(text, Rect { x0, y0, x1, y1 }, 7.5)
    }

    #[test]
    fn a_wrapped_header_is_two_rows_even_beside_a_taller_cell() {
        // Header cells wrapped over two lines, each cell moved a little
        // (jitter), and a cell whose two characters stack into one tall line.
        let lines = [
            line("番号", 34.0, 72.0, 90.4),
            line("事業", 102.7, 72.1, 79.6),
            line("名", 106.4, 83.0, 90.5),
            line("担当", 469.5, 69.4, 76.9),
            line("課", 473.2, 80.3, 87.8),
            line("平成2", 534.2, 71.4, 78.4),
            line("3年度", 534.2, 81.5, 88.5),
            line("平成2", 636.2, 73.2, 80.2),
            line("5年度", 636.2, 83.3, 90.3),
            // A one-line cell centred between the two.
            line("成果指標", 728.3, 76.0, 83.5),
        ];
        let refs: Vec<&TextLine> = lines.iter().collect();
        let texts: Vec<Vec<&str>> = rows(&refs)
            .iter()
            .map(|r| r.iter().map(|l| l.text.as_str()).collect())
            .collect();
        // The tall line goes with either row; no row holds a line and the one under it.
        assert_eq!(texts.len(), 2, "{texts:?}");
        for row in &texts {
            for (a, b) in [("事業", "名"), ("担当", "課"), ("平成2", "5年度")] {
                assert!(!(row.contains(&a) && row.contains(&b)), "{texts:?}");
            }
        }
        // Cells of one row moved apart (jitter): boxes overlapping by a
        // quarter of the size, side by side, are one row.
        let moved = [
            line("No.", 60.0, 105.0, 113.5),
            line("取組名", 300.0, 110.0, 118.5),
        ];
        let refs: Vec<&TextLine> = moved.iter().collect();
        assert_eq!(rows(&refs).len(), 1);
        // Lines level with each other side by side are one row.
        let level = [
            line("１", 38.0, 136.5, 144.0),
            line("災害情報", 56.6, 135.3, 142.8),
        ];
        let refs: Vec<&TextLine> = level.iter().collect();
        assert_eq!(rows(&refs).len(), 1);
    }
}
