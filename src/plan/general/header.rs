//! Header rows: which visual rows name the columns of a table, and the
//! [`Block`] each opens. A row of label words (or fiscal years) is a header;
//! so is a header wrapped over two or three stacked rows, and a row of mostly
//! label words naming a table's rows with a few short headings the
//! vocabulary has no word for (their cells are kept as notes).

use crate::layout::TextLine;

use super::grid::{Block, Col, Kind};
use super::labels::Field;
use super::page_ctx::{pure_label, PageCtx};
use crate::plan::schedule::columns_from_headers;
use crate::plan::text::join_wrapped;

/// Column edges of header cells: the vertical rules around each label, else
/// halfway between neighbouring labels.
fn edges(cells: &[&TextLine], ctx: &PageCtx) -> Vec<(f32, f32)> {
    let cy = cells.iter().map(|l| l.bbox.cy()).sum::<f32>() / cells.len().max(1) as f32;
    let mut xs: Vec<f32> = ctx
        .vrules
        .iter()
        .filter(|r| r.1 <= cy && r.2 >= cy)
        .map(|r| r.0)
        .collect();
    xs.sort_by(f32::total_cmp);
    cells
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let gap_l = if i == 0 {
                ctx.left
            } else {
                (cells[i - 1].bbox.x1 + l.bbox.x0) / 2.0
            };
            let gap_r = cells
                .get(i + 1)
                .map_or(ctx.right, |n| (l.bbox.x1 + n.bbox.x0) / 2.0);
            let x0 = xs
                .iter()
                .copied()
                .filter(|x| *x <= l.bbox.x0 + 1.0)
                .fold(f32::NAN, f32::max);
            let x1 = xs
                .iter()
                .copied()
                .filter(|x| *x >= l.bbox.x1 - 1.0)
                .fold(f32::NAN, f32::min);
            let prev_x1 = if i == 0 {
                f32::MIN
            } else {
                cells[i - 1].bbox.x1
            };
            let x0 = if x0.is_nan() || x0 < prev_x1 {
                gap_l
            } else {
                x0
            };
            let x1 = if x1.is_nan() { gap_r } else { x1 };
            (x0, x1)
        })
        .collect()
}

/// A header row: two or more cells, each a label word or a fiscal year; or
/// mostly label words naming a table's rows with a few short headings the
/// vocabulary has no word for (at least three label cells, twice as many as
/// the others, one naming the title, number or summary).
pub fn header<'a>(row: &[&TextLine], ctx: &PageCtx) -> Option<Block<'a>> {
    header_in(row, ctx, true)
}

/// [`header`] with every cell a label word or a fiscal year: tried before a
/// header wrapped over stacked rows, whose first row alone may hold a few
/// label words and parts of the others (事業 | 実施 | 担当 over 名 | 主体 | 課).
pub fn strict_header<'a>(row: &[&TextLine], ctx: &PageCtx) -> Option<Block<'a>> {
    header_in(row, ctx, false)
}

fn header_in<'a>(row: &[&TextLine], ctx: &PageCtx, tolerant: bool) -> Option<Block<'a>> {
    if row.len() < 2 {
        return None;
    }
    let unknown: Vec<bool> = row.iter().map(|l| !ctx.is_cell(l)).collect();
    if unknown.iter().any(|u| *u) && !(tolerant && unknown_headings_fit(row, &unknown)) {
        return None;
    }
    // A 新規 badge is a value (区分 | 新規), never a column name.
    let badge = |l: &&TextLine| {
        pure_label(l).is_some_and(|(f, _)| f == Field::NewBadge) && l.text.contains('新')
    };
    if row.iter().any(badge) {
        return None;
    }
    let size = row.iter().map(|l| l.size).fold(0.0, f32::max);
    let edges = edges(row, ctx);
    let mut cols = Vec::new();
    let mut year_cells = Vec::new();
    let mut year_span = (f32::MAX, f32::MIN);
    let mut matched = Vec::new();
    for ((l, (x0, x1)), unknown) in row.iter().zip(edges).zip(unknown) {
        if let Some((field, note)) = pure_label(l) {
            matched.push((l.text.trim().to_string(), field));
            cols.push(Col {
                x0,
                x1,
                field,
                note,
                heading: None,
            });
        } else if unknown {
            cols.push(Col {
                x0,
                x1,
                field: Field::Notes,
                note: None,
                heading: Some(l.text.trim().to_string()),
            });
        } else {
            year_cells.push(*l);
            year_span = (year_span.0.min(x0), year_span.1.max(x1));
        }
    }
    let years = if year_cells.is_empty() {
        Vec::new()
    } else {
        columns_from_headers(&year_cells, year_span.0, year_span.1)
    };
    let has = |f: Field| cols.iter().any(|c| c.field == f);
    let kind = if cols.is_empty() {
        Kind::Years
    } else if has(Field::Title) || has(Field::Number) {
        Kind::Rows
    } else if has(Field::Indicator) && (has(Field::Current) || has(Field::Target)) {
        Kind::Kpi
    } else {
        Kind::Values
    };
    Some(Block {
        kind,
        cols,
        years,
        row: Vec::new(),
        y1: row.iter().map(|l| l.bbox.y1).fold(f32::MIN, f32::max),
        size,
        page: ctx.number,
        matched,
        department_band: None,
        took_structure: false,
    })
}

/// Whether a row whose cells are not all label words or years still heads
/// a table of initiatives: at least three label cells, twice as many as the
/// others, one of them naming the title, number or summary, and every other
/// cell short and word-like (no digit, no sentence punctuation: a heading
/// such as 予算額 or 連携先, not a value).
fn unknown_headings_fit(row: &[&TextLine], unknown: &[bool]) -> bool {
    let others = unknown.iter().filter(|u| **u).count();
    // Labels are among the known cells (labels and years): most rows of a
    // page fail on this count, before any word is looked up.
    let known = unknown.len() - others;
    if known < 3 || known < 2 * others {
        return false;
    }
    let labels: Vec<Field> = row
        .iter()
        .filter_map(|l| pure_label(l).map(|x| x.0))
        .collect();
    let names_rows = labels
        .iter()
        .any(|f| matches!(f, Field::Title | Field::Number | Field::Summary));
    let word_like = row.iter().zip(unknown).filter(|(_, u)| **u).all(|(l, _)| {
        let t = l.text.trim();
        let n = t.chars().count();
        (1..=10).contains(&n)
            && !t
                .chars()
                .any(|c| c.is_numeric() || matches!(c, '。' | '、' | '，' | ',' | '．'))
    });
    labels.len() >= 3 && labels.len() >= 2 * others && names_rows && word_like
}

/// A header row whose cells wrap onto more lines ("実施" over "主体", a
/// one-line cell centred between them): fragments of consecutive close rows
/// stacked in one column are joined; the header holds when every joined
/// cell is a label or a year.
pub fn stacked_header<'a>(rows: &[Vec<&TextLine>], ctx: &PageCtx) -> Option<Block<'a>> {
    let first = rows.first()?;
    if rows.len() < 2 {
        return None;
    }
    // The rows must follow each other closely (cheap, checked first).
    let size = first.iter().map(|l| l.size).fold(0.0, f32::max);
    let mut bottom = first.iter().map(|l| l.bbox.y1).fold(f32::MIN, f32::max);
    for row in &rows[1..] {
        let top = row.iter().map(|l| l.bbox.y0).fold(f32::MAX, f32::min);
        if top - bottom > 0.8 * size {
            return None;
        }
        bottom = bottom.max(row.iter().map(|l| l.bbox.y1).fold(f32::MIN, f32::max));
    }
    if first.iter().all(|l| ctx.is_cell(l)) {
        return None;
    }
    let mut cells: Vec<TextLine> = first.iter().map(|l| (*l).clone()).collect();
    for row in &rows[1..] {
        for l in row {
            match cells
                .iter_mut()
                .find(|c| c.bbox.x0.max(l.bbox.x0) < c.bbox.x1.min(l.bbox.x1))
            {
                Some(c) => {
                    c.text = join_wrapped([c.text.as_str(), l.text.as_str()]);
                    c.bbox = c.bbox.union(&l.bbox);
                }
                None => cells.push((*l).clone()),
            }
        }
    }
    cells.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    let refs: Vec<&TextLine> = cells.iter().collect();
    header(&refs, ctx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::Rect;

    fn cells(texts: &[&str]) -> Vec<TextLine> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let x0 = 40.0 + 100.0 * i as f32;
                TextLine::plain(
                    t,
                    Rect {
                        x0,
                        y0: 100.0,
                        x1: x0 + 30.0,
                        y1: 108.0,
                    },
                    8.0,
                )
            })
            .collect()
    }

    fn ctx() -> PageCtx {
        PageCtx {
            number: 1,
            arrows: vec![],
            vrules: vec![],
            hrules: vec![],
            left: 30.0,
            right: 800.0,
            cells: Default::default(),
        }
    }

    fn fields(texts: &[&str], tolerant: bool) -> Option<Vec<(Field, Option<String>)>> {
        let lines = cells(texts);
        let refs: Vec<&TextLine> = lines.iter().collect();
        header_in(&refs, &ctx(), tolerant).map(|b| {
            b.cols
                .iter()
                .map(|c| (c.field, c.heading.clone()))
                .collect()
        })
    }

    #[test]
    fn a_few_unknown_headings_are_kept_as_notes_columns() {
        let got = fields(&["No.", "事業名", "概要", "予算額", "担当課"], true).expect("a header");
        assert_eq!(got[3], (Field::Notes, Some("予算額".into())));
        assert_eq!(got[1].0, Field::Title);
        // Not when every cell must be a label, nor when the unknown cells are
        // values (digits, sentences) or as many as the labels.
        assert_eq!(
            fields(&["No.", "事業名", "概要", "予算額", "担当課"], false),
            None
        );
        assert_eq!(
            fields(&["No.", "事業名", "概要", "100千円", "担当課"], true),
            None
        );
        assert_eq!(fields(&["事業名", "県", "市町村", "概要"], true), None);
        assert_eq!(
            fields(&["実施主体", "担当課", "予算額", "手法"], true),
            None,
            "no title, number or summary column: not a table of initiatives"
        );
    }

    #[test]
    fn a_table_goes_on_over_a_page_only_with_rows_that_fit_its_columns() {
        let heads = cells(&["No.", "事業名", "概要", "担当課"]);
        let refs: Vec<&TextLine> = heads.iter().collect();
        let table = header_in(&refs, &ctx(), false).expect("a header");
        let line = |x0: f32, x1: f32| {
            TextLine::plain(
                "行",
                Rect {
                    x0,
                    y0: 60.0,
                    x1,
                    y1: 68.0,
                },
                8.0,
            )
        };
        // Number, title and department cells of a row.
        let row = [line(45.0, 55.0), line(140.0, 200.0), line(340.0, 380.0)];
        assert!(table.continues_on(&row.iter().collect::<Vec<_>>()));
        // A line of prose across the columns, or a lone line.
        let prose = [line(45.0, 380.0)];
        assert!(!table.continues_on(&prose.iter().collect::<Vec<_>>()));
        let lone = [line(140.0, 200.0)];
        assert!(!table.continues_on(&lone.iter().collect::<Vec<_>>()));
    }
}
