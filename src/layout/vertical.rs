//! Vertical writing (縦書き): columns built from vertical (WMode 1) or rotated
//! runs, and their reading order — top to bottom in a column, columns right
//! to left, column groups ("tiers") top to bottom.
//!
//! ```text
//!   むらだより（横書きの見出し）        <- horizontal lines above a tier come first
//!   ┌──────────────────────┐
//!   │ ③   ②   ①            │          <- one tier: columns ① ② ③, right to left
//!   └──────────────────────┘
//!   horizontal lines below the tier     <- then what follows it
//! ```

use super::{LayoutParams, PlacedGlyph, TextLine};
use crate::pdf::{Glyph, Rect, Rule, RuleKind};

/// Join vertical lines that continue each other in one column (a column is
/// often drawn by several text-showing operators, down to one per glyph),
/// never across a rule of `borders` (y, x0, x1; [`horizontal_separators`])
/// between them (the border of two cells, each holding a label stacked a
/// character a line).
pub(super) fn merge_columns(
    mut lines: Vec<TextLine>,
    borders: &[(f32, f32, f32)],
    params: &LayoutParams,
) -> Vec<TextLine> {
    lines.sort_by(|a, b| {
        a.bbox
            .cx()
            .total_cmp(&b.bbox.cx())
            .then(a.bbox.y0.total_cmp(&b.bbox.y0))
    });
    let mut out: Vec<TextLine> = Vec::new();
    for l in lines {
        // The column this piece continues: the last one at its x whose foot is just above it.
        // Lines are sorted by x: look back only over the columns within reach.
        let prev = out
            .iter_mut()
            .rev()
            .take_while(|p| {
                (p.bbox.cx() - l.bbox.cx()).abs() < params.line_overlap * p.size.min(l.size)
            })
            .filter(|p| p.bbox.y0 <= l.bbox.y0)
            .max_by(|a, b| a.bbox.y1.total_cmp(&b.bbox.y1));
        if let Some(prev) = prev {
            let gap = l.bbox.y0 - prev.bbox.y1;
            if gap > -0.6 * prev.size
                && gap < params.char_margin * prev.size.max(l.size)
                && !crosses_border(borders, &prev.bbox, &l.bbox)
            {
                prev.text.push_str(&l.text);
                prev.char_x.extend(l.char_x);
                prev.bbox = prev.bbox.union(&l.bbox);
                continue;
            }
        }
        out.push(l);
    }
    out
}

/// Whether a rule of `borders` (y, x0, x1) runs between `above` and `below`,
/// one under the other: they are in two cells.
fn crosses_border(borders: &[(f32, f32, f32)], above: &Rect, below: &Rect) -> bool {
    let x = (above.cx() + below.cx()) / 2.0;
    borders
        .iter()
        .any(|&(y, x0, x1)| y > above.y1 - 1.0 && y < below.y0 + 1.0 && x >= x0 && x <= x1)
}

/// Horizontal rules and the horizontal edges of rectangles, as (y, x0, x1).
pub fn horizontal_separators(rules: &[Rule]) -> Vec<(f32, f32, f32)> {
    let mut out = Vec::new();
    for r in rules {
        let b = r.bbox;
        match r.kind {
            RuleKind::Line | RuleKind::Rect if b.height() <= 1.0 && b.width() > 1.0 => {
                out.push((b.cy(), b.x0, b.x1))
            }
            RuleKind::Rect if b.height() > 1.0 && b.width() > 1.0 => {
                out.push((b.y0, b.x0, b.x1));
                out.push((b.y1, b.x0, b.x1));
            }
            _ => {}
        }
    }
    out
}

/// One column from the glyphs of a run: top to bottom, or bottom to top for
/// text rotated to read upwards.
pub(super) fn vertical_line(
    glyphs: &[Glyph],
    size: f32,
    font: &str,
    upward: bool,
) -> Option<TextLine> {
    let mut gs: Vec<&Glyph> = glyphs.iter().filter(|g| !g.text.is_empty()).collect();
    gs.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
    if upward {
        gs.reverse();
    }
    let first = gs.first()?;
    let bbox = gs.iter().fold(first.bbox, |acc, g| acc.union(&g.bbox));
    let text: String = gs.iter().map(|g| g.text.as_str()).collect();
    let char_x = text.chars().map(|_| bbox.x0).collect();
    Some(TextLine {
        text,
        bbox,
        size,
        font: font.to_string(),
        char_x,
    })
}

/// Whether a horizontal-font run is drawn as a column (rotated text): its
/// glyphs advance down the page (`Some(false)`) or up it (`Some(true)`).
pub(super) fn columnar(glyphs: &[Glyph]) -> Option<bool> {
    let gs: Vec<&Glyph> = glyphs
        .iter()
        .filter(|g| !g.text.trim().is_empty() && g.bbox.y0.is_finite() && g.bbox.x0.is_finite())
        .collect();
    if gs.len() < 2 {
        return None;
    }
    let mut sign = 0.0f32;
    for w in gs.windows(2) {
        let (a, b) = (w[0].bbox, w[1].bbox);
        let (dx, dy) = (b.cx() - a.cx(), b.cy() - a.cy());
        let step = a.height().min(b.height()).max(0.1);
        if dy.abs() < 0.3 * step || dy.abs() < 2.0 * dx.abs() {
            return None;
        }
        if sign != 0.0 && sign != dy.signum() {
            return None;
        }
        sign = dy.signum();
    }
    Some(sign < 0.0)
}

/// Take out of `glyphs` the horizontal-font glyphs stacked into columns
/// (each glyph placed on its own, one under the other, as typesetters of
/// 縦書き often do) and return the columns as lines. Two glyphs stack when
/// each was drawn by a show operator of its own and one stands right under
/// the other (same x) closer than any glyph beside either of them on its
/// band (`separators`, the vertical rules: a glyph across one is in another
/// cell, not beside), with no rule of `borders` (the horizontal rules)
/// between them (two cells one under the other, each holding a label a
/// character a line). A column is
/// two or more stacked glyphs, or one glyph touching a vertical line of
/// `columns` above or below it.
pub(super) fn stacked_columns(
    glyphs: &mut Vec<PlacedGlyph<'_>>,
    columns_so_far: &[TextLine],
    fonts: &[&str],
    separators: &[(f32, f32, f32)],
    borders: &[(f32, f32, f32)],
    params: &LayoutParams,
) -> Vec<TextLine> {
    // Only glyphs drawn alone are ever taken: most pages have none, or a
    // few (page numbers), and need no sorting of all their glyphs.
    if !glyphs.iter().any(|g| g.alone) {
        return Vec::new();
    }
    let side_gap = side_gaps(glyphs, separators, params);
    let column_key = |g: &PlacedGlyph<'_>| (g.bbox.x0 / (0.25 * g.size)).round() as i64;
    // A glyph stacks only on the one before it in (column, y) order and
    // only within its column: the columns of glyphs drawn alone are the
    // only ones walked, which decides exactly as walking every column.
    let mut alone_columns: Vec<i64> = glyphs.iter().filter(|g| g.alone).map(column_key).collect();
    alone_columns.sort_unstable();
    alone_columns.dedup();
    // Keys computed once (not per comparison); the index last keeps the
    // order of a stable sort.
    let mut keyed: Vec<(i64, f32, usize)> = glyphs
        .iter()
        .enumerate()
        .map(|(i, g)| (column_key(g), g.bbox.y0, i))
        .filter(|(key, _, _)| alone_columns.binary_search(key).is_ok())
        .collect();
    keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
    let order: Vec<usize> = keyed.into_iter().map(|(_, _, i)| i).collect();
    let mut columns: Vec<Vec<usize>> = Vec::new();
    let mut prev: Option<usize> = None;
    for &i in &order {
        let stacks = prev.is_some_and(|p| {
            let (a, b) = (&glyphs[p], &glyphs[i]);
            let gap = b.bbox.y0 - a.bbox.y1;
            let size = a.size.max(b.size);
            a.alone
                && b.alone
                && column_key(a) == column_key(b)
                && gap > -0.3 * size
                && gap < 0.5 * size
                && gap < side_gap[p].min(side_gap[i]) - 0.15 * size
                // Glyphs touching or overlapping leave no room for a rule.
                && !(gap > 0.0 && crosses_border(borders, &a.bbox, &b.bbox))
        });
        match columns.last_mut() {
            Some(col) if stacks => col.push(i),
            _ => columns.push(vec![i]),
        }
        prev = Some(i);
    }
    let mut taken = vec![false; glyphs.len()];
    let mut out = Vec::new();
    let touches_column = |g: &PlacedGlyph<'_>| {
        columns_so_far.iter().any(|l| {
            let near = |gap: f32| gap > -0.3 * g.size && gap < 0.5 * g.size;
            (l.bbox.x0 - g.bbox.x0).abs() < 0.25 * g.size
                && (near(g.bbox.y0 - l.bbox.y1) || near(l.bbox.y0 - g.bbox.y1))
        })
    };
    for col in columns
        .into_iter()
        .filter(|c| c.len() >= 2 || (glyphs[c[0]].alone && touches_column(&glyphs[c[0]])))
    {
        let first = &glyphs[col[0]];
        let mut bbox = first.bbox;
        let mut text = String::new();
        for &i in &col {
            taken[i] = true;
            bbox = bbox.union(&glyphs[i].bbox);
            text.push_str(glyphs[i].text);
        }
        let char_x = text.chars().map(|_| bbox.x0).collect();
        out.push(TextLine {
            text,
            bbox,
            size: first.size,
            font: fonts
                .get(first.font_idx)
                .map(|s| s.to_string())
                .unwrap_or_default(),
            char_x,
        });
    }
    let mut t = taken.into_iter();
    glyphs.retain(|_| !t.next().unwrap_or(false));
    out
}

/// For each glyph, the gap to its nearest neighbour on its band (infinite
/// when alone). A glyph across a vertical rule of `separators` (x, y0, y1;
/// sorted by x) is in another cell, no neighbour. Only the gaps of glyphs
/// drawn alone are read: a band with none is left infinite.
fn side_gaps(
    glyphs: &[PlacedGlyph<'_>],
    separators: &[(f32, f32, f32)],
    params: &LayoutParams,
) -> Vec<f32> {
    let ruled = |a: &PlacedGlyph<'_>, b: &PlacedGlyph<'_>| {
        let (x0, x1, y) = (a.bbox.x1 - 0.5, b.bbox.x0 + 0.5, b.bbox.cy());
        let from = separators.partition_point(|s| s.0 < x0);
        separators[from..]
            .iter()
            .take_while(|s| s.0 <= x1)
            .any(|s| s.1 <= y && s.2 >= y)
    };
    let n = glyphs.len();
    let mut side_gap = vec![f32::INFINITY; n];
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| glyphs[a].bbox.cy().total_cmp(&glyphs[b].bbox.cy()));
    let mut start = 0;
    while start < n {
        let first = &glyphs[order[start]];
        let mut end = start + 1;
        while end < n
            && glyphs[order[end]].bbox.cy() - first.bbox.cy() < params.line_overlap * first.size
        {
            end += 1;
        }
        let band = &mut order[start..end];
        // Only the gaps of glyphs drawn alone are read.
        if !band.iter().any(|&i| glyphs[i].alone) {
            start = end;
            continue;
        }
        band.sort_by(|&a, &b| glyphs[a].bbox.x0.total_cmp(&glyphs[b].bbox.x0));
        for w in band.windows(2) {
            let (a, b) = (&glyphs[w[0]], &glyphs[w[1]]);
            if ruled(a, b) {
                continue;
            }
            let gap = (b.bbox.x0 - a.bbox.x1).max(0.0);
            side_gap[w[0]] = side_gap[w[0]].min(gap);
            side_gap[w[1]] = side_gap[w[1]].min(gap);
        }
        start = end;
    }
    side_gap
}

/// The tier of vertical line `l` among `columns`: (top, bottom). The tier
/// is every column overlapping `l`'s extent, or one overlapping those, by
/// half the shorter; its top and foot are the medians over its long columns
/// (at least half the tier's height): most columns run from the top to the
/// foot, indented ones start lower, last ones end higher, table cells are short.
pub fn column_extent(columns: &[&TextLine], l: &TextLine) -> (f32, f32) {
    let (mut y0, mut y1) = (l.bbox.y0, l.bbox.y1);
    for _ in 0..3 {
        for c in columns {
            let shorter = c.bbox.height().min(y1 - y0);
            if c.bbox.y1.min(y1) - c.bbox.y0.max(y0) > 0.5 * shorter {
                y0 = y0.min(c.bbox.y0);
                y1 = y1.max(c.bbox.y1);
            }
        }
    }
    let long: Vec<&&TextLine> = columns
        .iter()
        .filter(|c| c.bbox.cy() >= y0 && c.bbox.cy() <= y1 && c.bbox.height() >= 0.5 * (y1 - y0))
        .collect();
    let median = |mut v: Vec<f32>, default: f32| {
        v.sort_by(f32::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(default)
    };
    let top = median(long.iter().map(|c| c.bbox.y0).collect(), y0);
    let bottom = median(long.iter().map(|c| c.bbox.y1).collect(), y1);
    (top, bottom)
}

/// Whether vertical line `next` continues the paragraph of `prev`, in a
/// tier spanning `top..bottom` ([`column_extent`]): it stands just left of
/// `prev`, `prev` ran to the foot of the tier, and `next` starts at its top
/// (an indented column starts a new paragraph).
pub fn continues_column(
    top: f32,
    bottom: f32,
    prev: &TextLine,
    next: &TextLine,
    params: &LayoutParams,
) -> bool {
    let size = prev.size.max(next.size);
    let adjacent =
        prev.bbox.x0 - next.bbox.x1 < params.column_margin * size && next.bbox.x1 < prev.bbox.x1;
    let starts_at_top = (next.bbox.y0 - top).abs() < 0.5 * size;
    adjacent && prev.bbox.y1 > bottom - 1.6 * size && starts_at_top
}

/// Reorder lines in reading order when the page has vertical columns:
/// columns whose vertical extents overlap form a tier, read right to left;
/// a tier is read where its top edge falls among the horizontal lines
/// (which keep their order). Pages without columns are returned unchanged.
pub(super) fn vertical_order(lines: Vec<TextLine>) -> Vec<TextLine> {
    if !lines.iter().any(TextLine::is_vertical) {
        return lines;
    }
    let (mut columns, horizontal): (Vec<TextLine>, Vec<TextLine>) =
        lines.into_iter().partition(TextLine::is_vertical);
    columns.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
    // Tiers: (top, bottom, columns).
    let mut tiers: Vec<(f32, f32, Vec<TextLine>)> = Vec::new();
    for c in columns {
        let overlaps = tiers.last().is_some_and(|(top, bottom, _)| {
            let shorter = c.bbox.height().min(bottom - top);
            c.bbox.y1.min(*bottom) - c.bbox.y0.max(*top) > 0.5 * shorter
        });
        match tiers.last_mut() {
            Some((top, bottom, cols)) if overlaps => {
                *top = top.min(c.bbox.y0);
                *bottom = bottom.max(c.bbox.y1);
                cols.push(c);
            }
            _ => tiers.push((c.bbox.y0, c.bbox.y1, vec![c])),
        }
    }
    let mut out = Vec::new();
    let mut tiers = tiers.into_iter().peekable();
    for h in horizontal {
        while let Some((_, _, cols)) = tiers.next_if(|t| t.0 < h.bbox.cy()) {
            out.extend(right_to_left(cols));
        }
        out.push(h);
    }
    for (_, _, cols) in tiers {
        out.extend(right_to_left(cols));
    }
    out
}

fn right_to_left(mut cols: Vec<TextLine>) -> Vec<TextLine> {
    cols.sort_by(|a, b| b.bbox.cx().total_cmp(&a.bbox.cx()));
    cols
}

#[cfg(test)]
mod tests {
    use super::super::{analyze, page_text, LayoutParams};
    use crate::pdf::{Color, Direction, Glyph, GlyphRun, Page, Quality, Rect};

    /// A run of `text` from (x, y) advancing by (dx, dy) per glyph of size 10.
    fn run(text: &str, x: f32, y: f32, step: (f32, f32), direction: Direction) -> GlyphRun {
        let glyphs = text
            .chars()
            .enumerate()
            .map(|(i, c)| {
                let (x0, y0) = (x + i as f32 * step.0, y + i as f32 * step.1);
                Glyph {
                    text: c.to_string(),
                    bbox: Rect {
                        x0,
                        y0,
                        x1: x0 + 10.0,
                        y1: y0 + 10.0,
                    },
                }
            })
            .collect();
        GlyphRun {
            glyphs,
            font: "F".into(),
            size: 10.0,
            render_mode: 0,
            color: Color::BLACK,
            direction,
        }
    }

    fn page(runs: Vec<GlyphRun>) -> Page {
        Page {
            number: 1,
            width: 600.0,
            height: 800.0,
            rotation: 0,
            runs,
            rules: vec![],
            warnings: vec![],
            quality: Quality::default(),
        }
    }

    #[test]
    fn columns_read_right_to_left_below_a_horizontal_title() {
        let v = Direction::Vertical;
        let p = page(vec![
            run("左の列です", 300.0, 100.0, (0.0, 10.0), v),
            run("見出し", 100.0, 50.0, (10.0, 0.0), Direction::Horizontal),
            run("右の列で", 315.0, 100.0, (0.0, 10.0), v),
        ]);
        let params = LayoutParams::default();
        let l = analyze(&p, &params);
        let texts: Vec<&str> = l.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, vec!["見出し", "右の列で", "左の列です"]);
        assert_eq!(page_text(&l, &params), "見出し\n右の列で左の列です\n");
    }

    #[test]
    fn rotated_text_is_one_column() {
        let h = Direction::Horizontal;
        let down = page(vec![run("回転文字", 100.0, 100.0, (0.0, 10.0), h)]);
        let l = analyze(&down, &LayoutParams::default());
        assert_eq!(l.lines.len(), 1);
        assert_eq!(l.lines[0].text, "回転文字");
        let up = page(vec![run("上向き", 100.0, 300.0, (0.0, -10.0), h)]);
        let l = analyze(&up, &LayoutParams::default());
        assert_eq!(l.lines[0].text, "上向き");
    }

    #[test]
    fn tightly_set_horizontal_lines_of_spaced_glyphs_stay_horizontal() {
        // Two lines of glyphs 2.2 apart side by side, 0.3 apart vertically:
        // every glyph has one right under it closer than its side
        // neighbours, but each line is one show operator, so no column.
        let h = Direction::Horizontal;
        let p = page(vec![
            run("28年度末", 100.0, 100.0, (12.2, 0.0), h),
            run("2,500件", 100.0, 110.3, (12.2, 0.0), h),
        ]);
        let l = analyze(&p, &LayoutParams::default());
        let texts: Vec<&str> = l.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, vec!["28年度末", "2,500件"]);
        // The same glyphs each drawn on their own do stack (縦書き set by hand).
        let alone: Vec<_> = "縦書き"
            .chars()
            .enumerate()
            .map(|(i, c)| {
                run(
                    &c.to_string(),
                    200.0,
                    100.0 + i as f32 * 10.3,
                    (0.0, 0.0),
                    h,
                )
            })
            .collect();
        let l = analyze(&page(alone), &LayoutParams::default());
        assert_eq!(l.lines[0].text, "縦書き");
    }

    /// A stroked line from (x0, y0) to (x1, y1).
    fn line(x0: f32, y0: f32, x1: f32, y1: f32) -> crate::pdf::Rule {
        crate::pdf::Rule::stroked_line(x0, y0, x1, y1)
    }

    #[test]
    fn labels_stacked_in_ruled_cells_stay_in_their_cells() {
        // Two label cells one under the other (担当 over 手法, a glyph a show
        // operator), a value beside each in the next cell. The cells' rules
        // part what the gaps alone would join: 当 and 手 are closer than a
        // character, and 手 is closer to its value than to 法 under it.
        let h = Direction::Horizontal;
        let alone = |c: &str, x: f32, y: f32| run(c, x, y, (0.0, 0.0), h);
        let mut p = page(vec![
            alone("担", 100.0, 100.0),
            alone("当", 100.0, 110.5),
            alone("手", 100.0, 124.0),
            alone("法", 100.0, 138.0),
            run("総務部", 113.0, 101.0, (10.0, 0.0), h),
            run("システム", 113.0, 131.0, (10.0, 0.0), h),
        ]);
        p.rules = vec![
            line(98.0, 122.0, 300.0, 122.0),
            line(111.5, 95.0, 111.5, 155.0),
        ];
        let l = analyze(&p, &LayoutParams::default());
        let mut texts: Vec<&str> = l.lines.iter().map(|l| l.text.as_str()).collect();
        texts.sort_unstable();
        assert_eq!(texts, vec!["システム", "手法", "担当", "総務部"]);
        // Without the rules, the gaps decide: 担当 and 手 make one column.
        p.rules.clear();
        let l = analyze(&p, &LayoutParams::default());
        assert!(l.lines.iter().any(|l| l.text.starts_with("担当手")));
    }

    #[test]
    fn an_indented_column_starts_a_new_paragraph() {
        let v = Direction::Vertical;
        let p = page(vec![
            run("一段落目の", 330.0, 100.0, (0.0, 10.0), v),
            run("終わり", 315.0, 100.0, (0.0, 10.0), v),
            run("二段落", 300.0, 110.0, (0.0, 10.0), v),
        ]);
        let params = LayoutParams::default();
        let l = analyze(&p, &params);
        assert_eq!(page_text(&l, &params), "一段落目の終わり\n二段落\n");
    }
}
