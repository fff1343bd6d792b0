//! Blocks: lines stacked into paragraphs/cells, and the block-ordered page text.
//!
//! A line joins the block whose last line sits directly above it: the
//! vertical gap is below `line_margin` × size, the two overlap horizontally
//! and start within `block_indent` × size of each other, their sizes are
//! alike, and no horizontal rule runs between them. Blocks are then ordered
//! like lines (top band first, left to right), so a wrapped table cell is read
//! whole before the cell to its right.
//!
//! ```text
//!   | title line 1   | summary line 1   |      two blocks side by side:
//!   | title line 2   | summary line 2   |      title block, then summary block
//! ```

use super::{column_extent, continues_column, reading_order, LayoutParams, PageLayout, TextLine};
use crate::pdf::{Rect, RuleKind};

/// A block: indices into [`PageLayout::lines`], top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// Line indices.
    pub lines: Vec<usize>,
    /// Union of the line boxes.
    pub bbox: Rect,
}

/// Group the page's lines into blocks, in reading order.
pub fn blocks(layout: &PageLayout, params: &LayoutParams) -> Vec<Block> {
    let hrules: Vec<Rect> = layout
        .rules
        .iter()
        .filter(|r| {
            matches!(r.kind, RuleKind::Line | RuleKind::Rect)
                && r.bbox.height() < 1.5
                && r.bbox.width() > 3.0
        })
        .map(|r| r.bbox)
        .collect();
    let mut order: Vec<usize> = (0..layout.lines.len()).collect();
    order.sort_by(|&a, &b| {
        layout.lines[a]
            .bbox
            .cy()
            .total_cmp(&layout.lines[b].bbox.cy())
    });
    let mut out: Vec<Block> = Vec::new();
    for i in order {
        let l = &layout.lines[i];
        let best = out
            .iter_mut()
            .filter(|b| {
                b.lines
                    .last()
                    .is_some_and(|&j| continues(&layout.lines[j], l, &hrules, params))
            })
            .min_by(|a, b| a.bbox.y1.total_cmp(&b.bbox.y1).reverse());
        match best {
            Some(b) => {
                b.lines.push(i);
                b.bbox = b.bbox.union(&l.bbox);
            }
            None => out.push(Block {
                lines: vec![i],
                bbox: l.bbox,
            }),
        }
    }
    // With vertical columns, the line order (columns right to left) is the block order.
    if layout.lines.iter().any(TextLine::is_vertical) {
        out.sort_by_key(|b| b.lines[0]);
        return out;
    }
    // Order blocks by their first line, as lines are ordered.
    let firsts: Vec<(TextLine, Block)> = out
        .into_iter()
        .map(|b| {
            let mut first = layout.lines[b.lines[0]].clone();
            first.bbox = Rect {
                y1: first.bbox.y1,
                ..first.bbox
            };
            (first, b)
        })
        .collect();
    reading_order(firsts, params.line_overlap, |(l, _)| l)
        .into_iter()
        .map(|(_, b)| b)
        .collect()
}

fn continues(above: &TextLine, below: &TextLine, hrules: &[Rect], params: &LayoutParams) -> bool {
    let size = above.size.max(below.size);
    let gap = below.bbox.y0 - above.bbox.y1;
    let overlap = below.bbox.x0 < above.bbox.x1 && below.bbox.x1 > above.bbox.x0;
    let aligned = (below.bbox.x0 - above.bbox.x0).abs() < params.block_indent * size;
    let alike = above.size.max(below.size) / above.size.min(below.size).max(0.1) < 1.3;
    let ruled = hrules.iter().any(|r| {
        r.cy() > above.bbox.cy()
            && r.cy() < below.bbox.cy()
            && r.x0 < below.bbox.x1.min(above.bbox.x1)
            && r.x1 > below.bbox.x0.max(above.bbox.x0)
    });
    gap > -0.3 * size && gap < params.line_margin * size && overlap && aligned && alike && !ruled
}

/// Plain text of a laid-out page, block by block: lines of a block on their
/// own lines; single-line blocks sharing a band joined by a tab.
pub fn page_text(layout: &PageLayout, params: &LayoutParams) -> String {
    let mut out = String::new();
    let all = blocks(layout, params);
    let mut prev: Option<&Block> = None;
    let columns: Vec<&TextLine> = layout.lines.iter().filter(|l| l.is_vertical()).collect();
    for b in &all {
        let line = &layout.lines[b.lines[0]];
        let column = (b.lines.len() == 1 && line.is_vertical()).then_some(line);
        let run_on = match (prev, column) {
            (Some(p), Some(c)) if p.lines.len() == 1 => {
                let prev_line = &layout.lines[p.lines[0]];
                let (top, bottom) = column_extent(&columns, prev_line);
                prev_line.is_vertical() && continues_column(top, bottom, prev_line, c, params)
            }
            _ => false,
        };
        if run_on {
            out.push_str(line.text.trim_end());
            prev = Some(b);
            continue;
        }
        if let Some(p) = prev {
            let (pl, bl) = (&layout.lines[p.lines[0]], &layout.lines[b.lines[0]]);
            let same_band = p.lines.len() == 1
                && b.lines.len() == 1
                && (pl.bbox.cy() - bl.bbox.cy()).abs() < params.line_overlap * pl.size.min(bl.size);
            out.push(if same_band { '\t' } else { '\n' });
        }
        let text: Vec<&str> = b
            .lines
            .iter()
            .map(|&i| layout.lines[i].text.trim_end())
            .collect();
        out.push_str(&text.join("\n"));
        prev = Some(b);
    }
    out.push('\n');
    out
}
