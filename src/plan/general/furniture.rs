//! What of a document is furniture and what is body text: running headers
//! and folios (lines repeated in the top or bottom tenth of the pages), the
//! body type size and font (the ones carrying the most characters).

use std::collections::{HashMap, HashSet};

use crate::layout::TextLine;
use crate::plan::page::PageView;

use super::labels::vocabulary;

/// Whether a line sits in a table cell: between two vertical rules that
/// cross it (a repeated table header is content, not furniture).
fn in_cell(v: &PageView, l: &TextLine) -> bool {
    let cy = l.bbox.cy();
    let crossing: Vec<f32> = v
        .vrules()
        .into_iter()
        .filter(|r| r.1 <= cy && r.2 >= cy)
        .map(|r| r.0)
        .collect();
    crossing.iter().any(|x| *x <= l.bbox.x0 + 1.0) && crossing.iter().any(|x| *x >= l.bbox.x1 - 1.0)
}

/// The body text size: the size carrying the most characters.
pub fn body_size(views: &[PageView]) -> f32 {
    let mut counts: Vec<(i32, usize)> = Vec::new();
    for v in views {
        for l in v.lines() {
            let k = (l.size * 4.0).round() as i32;
            match counts.iter_mut().find(|c| c.0 == k) {
                Some(c) => c.1 += l.text.chars().count(),
                None => counts.push((k, l.text.chars().count())),
            }
        }
    }
    counts
        .iter()
        .max_by_key(|c| c.1)
        .map_or(10.0, |c| c.0 as f32 / 4.0)
}

/// The font carrying the most characters at the body size.
pub fn body_font(views: &[PageView], body: f32) -> String {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for v in views {
        for l in v
            .layout
            .lines
            .iter()
            .filter(|l| (l.size - body).abs() < 0.3)
        {
            *counts.entry(l.font.as_str()).or_insert(0) += l.text.chars().count();
        }
    }
    counts
        .into_iter()
        .max_by_key(|c| c.1)
        .map(|c| c.0.to_string())
        .unwrap_or_default()
}

/// Running headers and footers: lines in the top or bottom tenth of the
/// page whose text (digits aside) repeats on several pages, and folios.
pub fn furniture(views: &[PageView]) -> HashSet<(usize, usize)> {
    // The cheap positional test first: most lines are in the body.
    let band = |v: &PageView, l: &TextLine| {
        let h = v.layout.height;
        (l.bbox.y1 < h * 0.1 || l.bbox.y0 > h * 0.9)
            && !in_cell(v, l)
            && vocabulary().field_with_note(&l.text).is_none()
            && !crate::plan::year::is_year_label(&l.text)
    };
    let shape = |t: &str| -> String {
        super::labels::label_key(t)
            .chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    let mut count: HashMap<String, usize> = HashMap::new();
    for v in views {
        let mut seen = HashSet::new();
        for l in v.layout.lines.iter().filter(|l| band(v, l)) {
            if seen.insert(shape(&l.text)) {
                *count.entry(shape(&l.text)).or_insert(0) += 1;
            }
        }
    }
    let min = (views.len() / 2).max(2);
    let mut out = HashSet::new();
    for (i, v) in views.iter().enumerate() {
        for (j, l) in v
            .layout
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| band(v, l))
        {
            let k = shape(&l.text);
            let folio = !k.is_empty()
                && k.chars().all(|c| c == '#' || "-−－ー‐p.P".contains(c))
                && l.bbox.y0 > v.layout.height * 0.9;
            if folio || count.get(&k).is_some_and(|n| *n >= min) {
                out.insert((i, j));
            }
        }
    }
    out
}

/// The x of the gutter of a page set in two columns: an empty strip down
/// the middle that no line crosses (at least two font sizes wide) and no
/// rule crosses or runs along (at least one font size wide: two framed
/// cards or tables side by side have their own rules on either side of it;
/// a table across the page has rules across its middle or a column rule
/// close to its text), with at least five lines on each side. Rules above
/// or below the lines (a running header's underline) do not count. `None`
/// for one column (or a table across the page).
pub fn gutter(
    lines: &[&TextLine],
    vrules: &[(f32, f32, f32)],
    hrules: &[(f32, f32, f32, bool)],
) -> Option<f32> {
    if lines.len() < 10 {
        return None;
    }
    let left = lines.iter().map(|l| l.bbox.x0).fold(f32::MAX, f32::min);
    let right = lines.iter().map(|l| l.bbox.x1).fold(f32::MIN, f32::max);
    let top = lines.iter().map(|l| l.bbox.y0).fold(f32::MAX, f32::min);
    let bottom = lines.iter().map(|l| l.bbox.y1).fold(f32::MIN, f32::max);
    let mid = (left + right) / 2.0;
    // The body size: the median line's (headings are few).
    let mut sizes: Vec<f32> = lines.iter().map(|l| l.size).collect();
    sizes.sort_by(f32::total_cmp);
    let size = sizes[sizes.len() / 2];
    // The text-free strip around the middle.
    let a = lines
        .iter()
        .filter(|l| l.bbox.cx() < mid)
        .map(|l| l.bbox.x1)
        .fold(left, f32::max);
    let b = lines
        .iter()
        .filter(|l| l.bbox.cx() >= mid)
        .map(|l| l.bbox.x0)
        .fold(right, f32::min);
    if b - a < 2.0 * size || a > mid || b < mid {
        return None;
    }
    // Its widest part free of vertical rules among the lines; where rules
    // stand in the strip, a part between two of them (each frame's edge): a
    // table's column rule leaves parts bounded by text on one side.
    let among = |y0: f32, y1: f32| y1 > top - size && y0 < bottom + size;
    let mut cuts: Vec<(f32, bool)> = vrules
        .iter()
        .filter(|&&(x, y0, y1)| x > a && x < b && among(y0, y1))
        .map(|r| (r.0, true))
        .collect();
    let framed = !cuts.is_empty();
    cuts.extend([(a, false), (b, false)]);
    cuts.sort_by(|x, y| x.0.total_cmp(&y.0));
    let (c, d) = cuts
        .windows(2)
        .filter(|w| !framed || (w[0].1 && w[1].1))
        .map(|w| (w[0].0, w[1].0))
        .max_by(|x, y| (x.1 - x.0).total_cmp(&(y.1 - y.0)))?;
    let g = (c + d) / 2.0;
    let central = g > left + 0.3 * (right - left) && g < left + 0.7 * (right - left);
    let across = hrules
        .iter()
        .any(|&(y, x0, x1, _)| x0 < g && x1 > g && among(y, y));
    let (l, r) = lines.iter().fold((0, 0), |n, t| {
        if t.bbox.cx() < g {
            (n.0 + 1, n.1)
        } else {
            (n.0, n.1 + 1)
        }
    });
    (d - c >= size && central && !across && l >= 5 && r >= 5).then_some(g)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::Rect;

    fn line(x0: f32, x1: f32, y: f32) -> TextLine {
        TextLine {
            text: "本文".into(),
            bbox: Rect {
                x0,
                y0: y,
                x1,
                y1: y + 9.0,
            },
            size: 9.0,
            font: String::new(),
            char_x: Vec::new(),
        }
    }

    #[test]
    fn two_columns_or_frames_have_a_gutter_one_column_or_table_has_none() {
        let two: Vec<TextLine> = (0..6)
            .flat_map(|k| {
                let y = 100.0 + 15.0 * k as f32;
                [line(60.0, 280.0, y), line(315.0, 535.0, y)]
            })
            .collect();
        let refs: Vec<&TextLine> = two.iter().collect();
        let g = gutter(&refs, &[], &[]).expect("a gutter");
        assert!(g > 280.0 && g < 315.0, "{g}");
        assert_eq!(
            gutter(&refs, &[(297.0, 90.0, 200.0)], &[]),
            None,
            "a rule down the middle: a ruled table"
        );
        assert_eq!(
            gutter(&refs, &[], &[(130.0, 55.0, 540.0, false)]),
            None,
            "a rule across the middle: a table across the page"
        );
        // Two framed cards side by side: each has its own rules.
        let frames = [
            (55.0, 95.0, 200.0),
            (285.0, 95.0, 200.0),
            (310.0, 95.0, 200.0),
            (540.0, 95.0, 200.0),
        ];
        let hrules = [
            (95.0, 55.0, 285.0, false),
            (95.0, 310.0, 540.0, false),
            (30.0, 40.0, 560.0, false),
        ];
        let g = gutter(&refs, &frames, &hrules).expect("a gutter between frames");
        assert!(g > 285.0 && g < 310.0, "{g}");
        let one: Vec<TextLine> = (0..12)
            .map(|k| line(60.0, 535.0, 100.0 + 15.0 * k as f32))
            .collect();
        let refs: Vec<&TextLine> = one.iter().collect();
        assert_eq!(gutter(&refs, &[], &[]), None);
        // A gutter of two body sizes, on a page with a large heading: the
        // body size, not the heading's, measures it.
        let mut narrow: Vec<TextLine> = (0..6)
            .flat_map(|k| {
                let y = 100.0 + 15.0 * k as f32;
                [line(60.0, 280.0, y), line(300.0, 520.0, y)]
            })
            .collect();
        narrow.push(TextLine {
            size: 15.0,
            ..line(60.0, 250.0, 70.0)
        });
        let refs: Vec<&TextLine> = narrow.iter().collect();
        let g = gutter(&refs, &[], &[]).expect("a gutter of two body sizes");
        assert!(g > 280.0 && g < 300.0, "{g}");
    }
}
