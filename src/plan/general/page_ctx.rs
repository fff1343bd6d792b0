//! What a page offers the readers of its rows besides the lines: its
//! number, rules and arrows, content edges, and which lines read as header
//! cells (label words or fiscal years), decided once per line.

use rustc_hash::FxHashMap;

use crate::layout::TextLine;

use super::labels::{vocabulary, Field};
use crate::plan::year::is_year_label;

/// What the page offers the grid reader besides lines.
pub struct PageCtx {
    /// Physical page.
    pub number: u32,
    /// Arrows (x_start, x_tip, y).
    pub arrows: Vec<(f32, f32, f32)>,
    /// Vertical rules (x, y0, y1).
    pub vrules: Vec<(f32, f32, f32)>,
    /// Horizontal rules (y, x0, x1, dashed).
    pub hrules: Vec<(f32, f32, f32, bool)>,
    /// Left and right edge of the page's content.
    pub left: f32,
    /// Right edge.
    pub right: f32,
    /// Whether each line of the page is a label or a fiscal year, by the
    /// line's address ([`Self::knowing_cells`]): header detection asks it of
    /// every row several times (as a row, as the top of a wrapped header).
    pub cells: FxHashMap<usize, bool>,
}

impl PageCtx {
    /// `self` knowing which of the page's `lines` are label or year cells.
    pub fn knowing_cells(mut self, lines: &[&TextLine]) -> PageCtx {
        self.cells = lines
            .iter()
            .map(|l| (address(l), label_or_year(l)))
            .collect();
        self
    }

    /// Whether a line ending at `x1`, in type of `size`, fills its column to
    /// the right edge (so the text may wrap onto the next line).
    pub(super) fn fills_line(&self, x1: f32, size: f32) -> bool {
        x1 >= self.right - 3.0 * size
    }

    /// Whether `line` is a label or a year cell (from [`Self::cells`] when
    /// it is one of the page's lines).
    pub(super) fn is_cell(&self, line: &TextLine) -> bool {
        match self.cells.get(&address(line)) {
            Some(known) => *known,
            None => label_or_year(line),
        }
    }
}

/// The address of a line, its key in [`PageCtx::cells`].
fn address(line: &TextLine) -> usize {
    std::ptr::from_ref(line) as usize
}

/// Whether `line` reads as a header cell: a label word or a fiscal year.
fn label_or_year(line: &TextLine) -> bool {
    pure_label(line).is_some() || is_year_label(&line.text)
}

/// The field a line names when the whole line is a label word (with its
/// parenthesised note: 現状値（2014年度） names the current value, noted 2014年度).
pub(super) fn pure_label(l: &TextLine) -> Option<(Field, Option<String>)> {
    vocabulary().field_with_note(&l.text)
}
