//! Schedule spans: labels and arrows placed against fiscal-year columns.
//!
//! A schedule area has column headers ("～Ｈ２５", "Ｈ２６", "H23年度" …) whose
//! centres define the columns. Each span is a label (one or more stacked
//! lines) with, usually, an arrow under it; the arrow's extent gives the
//! columns it covers. A label without an arrow covers the columns its own
//! text extends over.
//!
//! ```text
//!   | ～Ｈ２５ |  Ｈ２６  |  Ｈ２７  |  Ｈ２８  |
//!   |  運用    |          継続                 |
//!   |  ──▶    |  ─────────────────────────▶  |
//! ```

use crate::layout::TextLine;
use crate::pdf::Rect;

use super::record::ScheduleSpan;
use super::text::{join_wrapped, key};
use super::year::{parse_span, FiscalYear};

/// One fiscal-year column.
#[derive(Debug, Clone, PartialEq)]
pub struct YearColumn {
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// First year of the column: `None` for an "up to" column (～Ｈ２５).
    pub from: Option<FiscalYear>,
    /// Last year of the column.
    pub to: FiscalYear,
}

/// Columns from header lines, spread over `[left, right]`: boundaries lie
/// halfway between neighbouring header centres.
pub fn columns_from_headers(headers: &[&TextLine], left: f32, right: f32) -> Vec<YearColumn> {
    let mut cols: Vec<(f32, Option<FiscalYear>, FiscalYear)> = headers
        .iter()
        .filter_map(|l| {
            let (from, to) = parse_span(&l.text)?;
            Some((l.bbox.cx(), from, to))
        })
        .collect();
    cols.sort_by(|a, b| a.0.total_cmp(&b.0));
    cols.dedup_by(|a, b| (a.0 - b.0).abs() < 2.0);
    let n = cols.len();
    (0..n)
        .map(|i| {
            let x0 = if i == 0 {
                left
            } else {
                (cols[i - 1].0 + cols[i].0) / 2.0
            };
            let x1 = if i + 1 == n {
                right
            } else {
                (cols[i].0 + cols[i + 1].0) / 2.0
            };
            YearColumn {
                x0,
                x1,
                from: cols[i].1,
                to: cols[i].2,
            }
        })
        .collect()
}

fn column_at(cols: &[YearColumn], x: f32) -> Option<usize> {
    if cols.is_empty() {
        return None;
    }
    let idx = cols.iter().position(|c| x >= c.x0 && x < c.x1);
    Some(idx.unwrap_or(if x < cols[0].x0 { 0 } else { cols.len() - 1 }))
}

fn span(cols: &[YearColumn], x_start: f32, x_end: f32, label: String) -> Option<ScheduleSpan> {
    let c0 = column_at(cols, x_start)?;
    let c1 = column_at(cols, x_end)?.max(c0);
    Some(ScheduleSpan {
        from: cols[c0].from,
        to: cols[c1].to,
        label,
    })
}

/// Read the spans of a schedule area: `labels` are the text lines of the
/// area (headers excluded), `arrows` the (x_start, x_tip, y) arrows in it.
pub fn read_spans(
    cols: &[YearColumn],
    labels: &[&TextLine],
    arrows: &[(f32, f32, f32)],
) -> Vec<ScheduleSpan> {
    if cols.is_empty() {
        return Vec::new();
    }
    let colw = cols.iter().map(|c| c.x1 - c.x0).fold(f32::MAX, f32::min);
    // Each label line goes to the nearest arrow below it whose extent holds its centre.
    let mut assigned: Vec<Vec<&TextLine>> = vec![Vec::new(); arrows.len()];
    let mut free: Vec<&TextLine> = Vec::new();
    for l in labels {
        let best = arrows
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                a.2 > l.bbox.cy()
                    && l.bbox.cx() >= a.0 - colw * 0.25
                    && l.bbox.cx() <= a.1 + colw * 0.25
            })
            .filter(|(_, a)| a.2 - l.bbox.y1 < 4.0 * l.size)
            .min_by(|(_, a), (_, b)| a.2.total_cmp(&b.2));
        match best {
            Some((i, _)) => assigned[i].push(l),
            None => free.push(l),
        }
    }
    let mut spans: Vec<(f32, f32, ScheduleSpan)> = Vec::new();
    for (a, mut ls) in arrows.iter().zip(assigned) {
        ls.sort_by(|x, y| x.bbox.cy().total_cmp(&y.bbox.cy()));
        // Lines stacked directly above the arrow belong to it; drop lines of an upper lane.
        let label = join_wrapped(ls.iter().map(|l| l.text.as_str()));
        if let Some(s) = span(cols, a.0 + 0.5, a.1 - 0.5, label) {
            spans.push((a.2, a.0, s));
        }
    }
    for group in stack_groups(&free) {
        let bbox = group
            .iter()
            .skip(1)
            .fold(group[0].bbox, |acc, l| acc.union(&l.bbox));
        let label = join_wrapped(group.iter().map(|l| l.text.as_str()));
        if let Some(s) = span(cols, bbox.x0 + 0.5, bbox.x1 - 0.5, label) {
            spans.push((bbox.y1, bbox.x0, s));
        }
    }
    spans.sort_by(|a, b| {
        a.2.from
            .cmp(&b.2.from)
            .then(a.0.total_cmp(&b.0))
            .then(a.1.total_cmp(&b.1))
    });
    spans
        .into_iter()
        .map(|(_, _, s)| s)
        .filter(|s| !s.label.is_empty())
        .collect()
}

/// Group lines stacked on each other (overlapping x, consecutive y).
fn stack_groups<'a>(lines: &[&'a TextLine]) -> Vec<Vec<&'a TextLine>> {
    let mut sorted: Vec<&TextLine> = lines.to_vec();
    sorted.sort_by(|a, b| a.bbox.cy().total_cmp(&b.bbox.cy()));
    let mut groups: Vec<Vec<&TextLine>> = Vec::new();
    for l in sorted {
        let target = groups.iter_mut().find(|g| {
            g.last().is_some_and(|p| {
                let overlap = p.bbox.x0.max(l.bbox.x0) < p.bbox.x1.min(l.bbox.x1);
                let centred =
                    (p.bbox.cx() - l.bbox.cx()).abs() < 0.25 * p.bbox.width().max(l.bbox.width());
                overlap && centred && l.bbox.y0 - p.bbox.y1 < 0.6 * p.size
            })
        });
        match target {
            Some(g) => g.push(l),
            None => groups.push(vec![l]),
        }
    }
    groups
}

/// Whether a line is a fiscal-year column header.
pub fn is_year_header(l: &TextLine) -> bool {
    let k = key(&l.text);
    k.chars().count() <= 12 && super::year::is_year_label(&k)
}

/// Lines of `lines` inside `area` that are not headers.
pub fn label_lines<'a>(lines: &[&'a TextLine], area: &Rect) -> Vec<&'a TextLine> {
    lines
        .iter()
        .copied()
        .filter(|l| area.contains_point(l.bbox.cx(), l.bbox.cy(), 0.5) && !is_year_header(l))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, x0: f32, x1: f32, y: f32) -> TextLine {
        TextLine {
            text: text.into(),
            bbox: Rect {
                x0,
                y0: y - 8.0,
                x1,
                y1: y,
            },
            size: 9.0,
            font: String::new(),
            char_x: text.chars().map(|_| x0).collect(),
        }
    }

    #[test]
    fn arrows_give_the_columns_of_a_span() {
        let h = [
            line("～Ｈ２５", 150.0, 180.0, 10.0),
            line("Ｈ２６", 250.0, 270.0, 10.0),
            line("Ｈ２７", 345.0, 365.0, 10.0),
            line("Ｈ２８", 440.0, 460.0, 10.0),
        ];
        let hr: Vec<&TextLine> = h.iter().collect();
        let cols = columns_from_headers(&hr, 120.0, 500.0);
        assert_eq!(cols.len(), 4);
        assert_eq!(cols[0].from, None);
        let l1 = line("システムの維持・運", 130.0, 205.0, 30.0);
        let l2 = line("用", 160.0, 170.0, 41.0);
        let l3 = line("継続", 330.0, 360.0, 30.0);
        let labels = vec![&l1, &l2, &l3];
        let arrows = vec![(125.0, 210.0, 50.0), (220.0, 495.0, 40.0)];
        let spans = read_spans(&cols, &labels, &arrows);
        assert_eq!(spans.len(), 2);
        assert_eq!(
            spans[0],
            ScheduleSpan::western(None, 2013, "システムの維持・運用")
        );
        assert_eq!(spans[1], ScheduleSpan::western(Some(2014), 2016, "継続"));
    }

    #[test]
    fn a_label_without_arrow_covers_its_own_columns() {
        let h = [
            line("H23年度", 10.0, 40.0, 5.0),
            line("H24年度", 70.0, 100.0, 5.0),
            line("H25年度", 130.0, 160.0, 5.0),
        ];
        let hr: Vec<&TextLine> = h.iter().collect();
        let cols = columns_from_headers(&hr, 0.0, 180.0);
        let l = line("運用", 15.0, 35.0, 30.0);
        let spans = read_spans(&cols, &[&l], &[]);
        assert_eq!(spans, vec![ScheduleSpan::western(Some(2011), 2011, "運用")]);
    }
}
