//! Lines and page contexts for the general reader's unit tests.

use crate::layout::TextLine;
use crate::pdf::Rect;

use super::page_ctx::PageCtx;

/// A line of 8 pt text at (`x0`, `y0`), 8 pt a character wide.
pub fn line(text: &str, x0: f32, y0: f32) -> TextLine {
    let x1 = x0 + 8.0 * text.chars().count() as f32;
    TextLine::plain(
        text,
        Rect {
            x0,
            y0,
            x1,
            y1: y0 + 8.0,
        },
        8.0,
    )
}

/// A visual row of lines at height `y0`: each (text, x0) a [`line`].
pub fn row(cells: &[(&str, f32)], y0: f32) -> Vec<TextLine> {
    cells.iter().map(|&(text, x0)| line(text, x0, y0)).collect()
}

/// Page 1 of content from x 40 to `right`, with horizontal rules `hrules`.
pub fn page_ctx(right: f32, hrules: Vec<(f32, f32, f32, bool)>) -> PageCtx {
    PageCtx {
        number: 1,
        arrows: vec![],
        vrules: vec![],
        hrules,
        left: 40.0,
        right,
        cells: Default::default(),
    }
}
