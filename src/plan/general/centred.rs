//! Label cells centred beside tall values: a 事業シート set from a spreadsheet
//! often centres a label vertically in its ruled cell, so the label's visual
//! row is the middle of a summary, not its first line. The label is moved
//! up to the first row of its cell, where its value starts.
//!
//! ```text
//!   +--------+---------------------------+
//!   |        | 全国の地方公共団体を…      |  ← the label belongs here
//!   |  概要  | …適切に運用します。        |
//!   |        | 住民の利便性の向上…        |
//!   +--------+---------------------------+
//! ```

use crate::layout::TextLine;

use super::page_ctx::{pure_label, PageCtx};

/// `rows` (visual rows, top to bottom) with the label word that starts a
/// row (alone, or before lines right of it: the middle of its value) moved
/// into the first row of its ruled cell, when rows above it in that cell
/// hold lines right of it only (its value's first lines).
pub fn lift_centred_labels<'a>(
    mut rows: Vec<Vec<&'a TextLine>>,
    ctx: &PageCtx,
) -> Vec<Vec<&'a TextLine>> {
    let mut i = 0;
    while i < rows.len() {
        let target = match rows[i].as_slice() {
            [label, rest @ ..]
                if ctx.is_cell(label)
                    && pure_label(label).is_some()
                    && rest.iter().all(|l| l.bbox.x0 >= label.bbox.x1) =>
            {
                cell_top_row(&rows, i, label, ctx)
            }
            _ => None,
        };
        match target {
            Some(t) => {
                let label = rows[i].remove(0);
                if rows[i].is_empty() {
                    rows.remove(i);
                } else {
                    i += 1;
                }
                rows[t].insert(0, label);
            }
            None => i += 1,
        }
    }
    rows
}

/// The first of the rows above row `i` that lie in the ruled cell band of
/// `label` (below the nearest rule above it across the label) and hold
/// only lines right of it; `None` when there is none.
fn cell_top_row(
    rows: &[Vec<&TextLine>],
    i: usize,
    label: &TextLine,
    ctx: &PageCtx,
) -> Option<usize> {
    let b = label.bbox;
    let top = ctx
        .hrules
        .iter()
        .filter(|r| r.0 <= b.y0 && r.1 <= b.x0 && r.2 >= b.x1)
        .map(|r| r.0)
        .fold(f32::MIN, f32::max);
    if top == f32::MIN {
        return None;
    }
    // The rows taken must fill the cell up to its top rule: a row with a line
    // left of the label below that rule is another label's (an unruled list
    // of label | value rows, whose only rule is far above).
    let mut first = None;
    for k in (0..i).rev() {
        let row = &rows[k];
        let y0 = row.iter().map(|l| l.bbox.y0).fold(f32::MAX, f32::min);
        if y0 < top {
            break;
        }
        if !row.iter().all(|l| l.bbox.x0 >= b.x1) {
            return None;
        }
        first = Some(k);
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::general::test_lines::{line, page_ctx};

    fn ctx(hrules: Vec<(f32, f32, f32, bool)>) -> PageCtx {
        page_ctx(500.0, hrules)
    }

    #[test]
    fn a_centred_label_moves_to_its_cells_first_row() {
        let lines = [
            line("全国の地方公共団体を", 110.0, 102.0),
            line("概要", 45.0, 114.0),
            line("適切に運用します。", 110.0, 114.0),
            line("運用します。", 110.0, 126.0),
            line("主体", 45.0, 142.0),
            line("県", 110.0, 142.0),
        ];
        let rows: Vec<Vec<&TextLine>> = vec![
            vec![&lines[0]],
            vec![&lines[1]],
            vec![&lines[2]],
            vec![&lines[3]],
            vec![&lines[4], &lines[5]],
        ];
        // The label row is its own here (centred a little off the value's
        // second line); rules above and below the cell.
        let rules = vec![(100.0, 40.0, 500.0, false), (138.0, 40.0, 500.0, false)];
        let got = lift_centred_labels(rows, &ctx(rules));
        let texts: Vec<Vec<&str>> = got
            .iter()
            .map(|r| r.iter().map(|l| l.text.as_str()).collect())
            .collect();
        assert_eq!(texts[0], ["概要", "全国の地方公共団体を"]);
        assert_eq!(texts.len(), 4);
        // Centred on a line of its value: the label alone moves.
        let rows: Vec<Vec<&TextLine>> =
            vec![vec![&lines[0]], vec![&lines[1], &lines[2]], vec![&lines[3]]];
        let got = lift_centred_labels(rows, &ctx(vec![(100.0, 40.0, 500.0, false)]));
        assert_eq!(got[0][0].text, "概要");
        assert_eq!(got[1][0].text, "適切に運用します。");
        // Without a rule above the label, nothing moves.
        let rows: Vec<Vec<&TextLine>> = vec![vec![&lines[0]], vec![&lines[1]], vec![&lines[2]]];
        let got = lift_centred_labels(rows, &ctx(vec![]));
        assert_eq!(got[1][0].text, "概要");
        // A row above that holds a line left of the label's right edge is
        // another cell's: nothing moves.
        let other = line("番号", 45.0, 102.0);
        let rows: Vec<Vec<&TextLine>> = vec![vec![&other], vec![&lines[1]]];
        let got = lift_centred_labels(rows, &ctx(vec![(100.0, 40.0, 500.0, false)]));
        assert_eq!(got.len(), 2);
        // Unruled label | value rows under a far rule (a running header's):
        // the wrapped value of the label above is not this label's.
        let rows: Vec<Vec<&TextLine>> = vec![
            vec![&other, &lines[0]],
            vec![&lines[3]],
            vec![&lines[4], &lines[5]],
        ];
        let got = lift_centred_labels(rows, &ctx(vec![(40.0, 40.0, 500.0, false)]));
        assert_eq!(got[2][0].text, "主体");
        assert_eq!(got.len(), 3);
    }
}
