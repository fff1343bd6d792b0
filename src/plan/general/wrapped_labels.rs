//! Label words wrapped inside a narrow cell: 「事業の内 | 容」, 「施策の方 | 向」.
//!
//! A sheet whose label column is narrow for its type breaks a label over two
//! or three lines of its cell. Read line by line, no part is a label word, so
//! the label and its value run together. Before the readers see a page, the
//! lines of one cell that make a label word only together become one line.
//! Only when the parts alone are no label and the whole is one: lines of a
//! paragraph never join (their text is no label word), nor do lines with a
//! rule between them (two cells). A label whose bracketed note wraps
//! (現状値（H24年３月 | 末）) is left to the header reader, which joins a
//! header cell's lines itself.
//!
//! The other way round, text wrapped so that its last line is one character
//! that is also a label word (…設備を全面的に更 | 新) would read as a label:
//! such a line under a line that fills its cell ends that line instead.

use std::borrow::Cow;

use crate::layout::{horizontal_separators, vertical_separators, PageLayout, TextLine};
use crate::plan::text::join_wrapped;

use super::labels::vocabulary;
use super::page_ctx::pure_label;

/// Lines a label may be broken over.
const MOST_PARTS: usize = 3;
/// Characters of the longest label a cell may wrap (longer lines are prose).
const LONGEST_LABEL: usize = 12;

/// `layout` with every label word wrapped over lines of one cell joined into
/// one line; borrowed unchanged when it has none.
pub fn join_wrapped_labels(layout: &PageLayout) -> Cow<'_, PageLayout> {
    let short = |l: &TextLine| l.text.trim().chars().count() < LONGEST_LABEL;
    if !layout.lines.iter().any(short) {
        return Cow::Borrowed(layout);
    }
    let borders = horizontal_separators(&layout.rules);
    let lines = &layout.lines;
    let mut joins: Vec<Vec<usize>> = Vec::new();
    let mut taken = vec![false; lines.len()];
    for i in 0..lines.len() {
        // A label whose note wraps (現状値（H24年３月 | 末）) is a header
        // cell the header reader joins itself.
        let opens_note = lines[i].text.contains(['（', '(']);
        if taken[i] || opens_note || !short(&lines[i]) || pure_label(&lines[i]).is_some() {
            continue;
        }
        let mut parts = vec![i];
        while parts.len() < MOST_PARTS {
            let last = &lines[*parts.last().unwrap_or(&i)];
            let from = *parts.last().unwrap_or(&i) + 1;
            // Lines come in reading order, band by band down the page: the
            // search ends a few lines' height below.
            let reach = last.bbox.y1 + 2.0 * last.size;
            let Some(next) = (from..lines.len())
                .take_while(|&j| lines[j].bbox.cy() < reach)
                .find(|&j| {
                    !taken[j]
                        && !parts.contains(&j)
                        && short(&lines[j])
                        && continues_in_cell(last, &lines[j], &borders)
                })
            else {
                break;
            };
            if pure_label(&lines[next]).is_some() {
                break;
            }
            parts.push(next);
            if vocabulary()
                .field_with_note(&joined_text(lines, &parts))
                .is_some()
            {
                for &p in &parts {
                    taken[p] = true;
                }
                joins.push(parts);
                break;
            }
        }
    }
    joins.extend(lone_ends(layout, &borders, &taken));
    if joins.is_empty() {
        return Cow::Borrowed(layout);
    }
    let mut out = layout.clone();
    let mut drop = vec![false; lines.len()];
    for parts in joins {
        out.lines[parts[0]] = joined(lines, &parts);
        for &p in &parts[1..] {
            drop[p] = true;
        }
    }
    let mut k = 0;
    out.lines.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
    Cow::Owned(out)
}

/// Pairs (line, the line under it) where the one below is a single character
/// that reads as a label word and ends the text of the one above: right
/// under it in its cell, which the line above fills (to a vertical rule or
/// the page's text edge) without closing a sentence.
fn lone_ends(layout: &PageLayout, borders: &[(f32, f32, f32)], taken: &[bool]) -> Vec<Vec<usize>> {
    let lines = &layout.lines;
    let lone = |l: &TextLine| l.text.trim().chars().count() == 1 && pure_label(l).is_some();
    if !lines.iter().any(lone) {
        return Vec::new();
    }
    let walls = vertical_separators(&layout.rules);
    let text_edge = lines.iter().map(|l| l.bbox.x1).fold(f32::MIN, f32::max);
    let fills = |l: &TextLine| {
        let cy = l.bbox.cy();
        let edge = walls
            .iter()
            .filter(|&&(x, y0, y1)| x > l.bbox.x1 - l.size && y0 <= cy && y1 >= cy)
            .map(|w| w.0)
            .fold(text_edge, f32::min);
        l.bbox.x1 >= edge - 2.0 * l.size && !l.text.trim_end().ends_with(['。', '.', '．'])
    };
    let mut out = Vec::new();
    for (j, below) in lines.iter().enumerate() {
        if taken[j] || !lone(below) {
            continue;
        }
        let above = (0..j).rev().take(40).find(|&i| {
            let a = &lines[i];
            !taken[i]
                && (below.bbox.x0 - a.bbox.x0).abs() < 0.5 * a.size
                && continues_in_cell(a, below, borders)
        });
        if let Some(i) = above.filter(|&i| fills(&lines[i]) && pure_label(&lines[i]).is_none()) {
            out.push(vec![i, j]);
        }
    }
    out
}

/// Whether `below` goes on from `above` in the same cell: right under it (a
/// line pitch at most), in the same type, starting where it starts or
/// centred where it is, with no rule between them.
fn continues_in_cell(above: &TextLine, below: &TextLine, borders: &[(f32, f32, f32)]) -> bool {
    let size = above.size;
    let gap = below.bbox.y0 - above.bbox.y1;
    let aligned = (below.bbox.x0 - above.bbox.x0).abs() < 0.5 * size
        || (below.bbox.cx() - above.bbox.cx()).abs() < 0.5 * size;
    let ruled = borders.iter().any(|&(y, x0, x1)| {
        y > above.bbox.y1 - 1.0
            && y < below.bbox.y0 + 1.0
            && x0 < above.bbox.x1
            && x1 > above.bbox.x0
    });
    gap > -0.3 * size
        && gap < 0.8 * size
        && (below.size - size).abs() < 0.2 * size
        && aligned
        && !ruled
}

/// The text of the lines `parts` of `lines` read as one.
fn joined_text(lines: &[TextLine], parts: &[usize]) -> String {
    join_wrapped(parts.iter().map(|&p| lines[p].text.as_str()))
}

/// The lines `parts` of `lines` as one line.
fn joined(lines: &[TextLine], parts: &[usize]) -> TextLine {
    let first = &lines[parts[0]];
    let mut line = TextLine {
        text: joined_text(lines, parts),
        bbox: first.bbox,
        size: first.size,
        font: first.font.clone(),
        char_x: Vec::new(),
    };
    // It stands where its first part does (the row of the value beside it),
    // as wide as its widest part: a box down to the last part would join
    // the row of a value's wrapped line.
    for &p in parts {
        line.bbox.x0 = line.bbox.x0.min(lines[p].bbox.x0);
        line.bbox.x1 = line.bbox.x1.max(lines[p].bbox.x1);
    }
    // One position per character, as the layout gives them.
    if parts
        .iter()
        .all(|&p| lines[p].char_x.len() == lines[p].text.chars().count())
        && line.text.chars().count()
            == parts
                .iter()
                .map(|&p| lines[p].text.chars().count())
                .sum::<usize>()
    {
        line.char_x = parts
            .iter()
            .flat_map(|&p| lines[p].char_x.iter().copied())
            .collect();
    }
    line
}

#[cfg(test)]
mod tests {
    use super::super::test_lines::line;
    use super::*;
    use crate::pdf::Rule;

    fn page(lines: Vec<TextLine>, rules: Vec<Rule>) -> PageLayout {
        PageLayout {
            number: 1,
            width: 595.0,
            height: 842.0,
            lines,
            rules,
        }
    }

    fn rule_at(y: f32) -> Rule {
        Rule::stroked_line(30.0, y, 500.0, y)
    }

    #[test]
    fn a_label_wrapped_in_its_cell_becomes_one_line() {
        let p = page(
            vec![
                line("事業の内", 40.0, 100.0),
                line("全国の地方公共団体を相互に接続する", 120.0, 100.0),
                line("容", 40.0, 110.0),
                line("ネットワークを運用します。", 120.0, 110.0),
            ],
            vec![],
        );
        let joined = join_wrapped_labels(&p);
        let texts: Vec<&str> = joined.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "事業の内容",
                "全国の地方公共団体を相互に接続する",
                "ネットワークを運用します。"
            ]
        );
        // On the row of its first part.
        assert_eq!(joined.lines[0].bbox.y1, 108.0);
    }

    #[test]
    fn lines_in_two_cells_or_no_label_together_stay_apart() {
        // A rule between them: two cells.
        let ruled = page(
            vec![line("事業の内", 40.0, 100.0), line("容", 40.0, 112.0)],
            vec![rule_at(110.0)],
        );
        assert!(matches!(join_wrapped_labels(&ruled), Cow::Borrowed(_)));
        // Together no label word.
        let prose = page(
            vec![line("県と市町村", 40.0, 100.0), line("の連携", 40.0, 110.0)],
            vec![],
        );
        assert!(matches!(join_wrapped_labels(&prose), Cow::Borrowed(_)));
        // A label on its own line stays a line of its own.
        let labels = page(
            vec![line("担当", 40.0, 100.0), line("課", 40.0, 110.0)],
            vec![],
        );
        assert_eq!(join_wrapped_labels(&labels).lines.len(), 2);
        // A label's wrapped note is the header reader's to join.
        let note = page(
            vec![
                line("現状値（H24年３月", 40.0, 100.0),
                line("末）", 40.0, 110.0),
            ],
            vec![],
        );
        assert!(matches!(join_wrapped_labels(&note), Cow::Borrowed(_)));
    }

    #[test]
    fn a_lone_label_character_ending_a_full_line_ends_its_text() {
        // The text's right edge: the widest line of the page, at x 40 + 8 × 20.
        let text = "本庁舎と各合同庁舎の構内通信網を全面的に更";
        let p = page(
            vec![line(text, 40.0, 100.0), line("新", 40.0, 110.0)],
            vec![],
        );
        let joined = join_wrapped_labels(&p);
        assert_eq!(joined.lines.len(), 1);
        assert_eq!(joined.lines[0].text, format!("{text}新"));
        // Under a line that stops short of the edge (or closes a sentence),
        // it stays a line of its own.
        let short = page(
            vec![
                line(text, 40.0, 100.0),
                line("各庁舎の構内通信網。", 40.0, 120.0),
                line("新", 40.0, 130.0),
            ],
            vec![],
        );
        assert_eq!(join_wrapped_labels(&short).lines.len(), 3);
    }
}
