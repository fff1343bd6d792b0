//! A header whose year columns are named over two rows: a cell naming the
//! unit (年度, 実施年度, スケジュール) over them, and under it each column's
//! year as a number alone (～2013 | 2014 | 2015, ～25 | 26 | 27, ～H25 | H26).
//!
//! A number alone is no year anywhere else (a count, a page, an item), so it
//! is read as one only under such a cell, as that number with 年度
//! ([`crate::plan::year`] then reads 26年度 in the era the document names).

use crate::layout::TextLine;
use crate::plan::schedule::columns_from_headers;
use crate::plan::text::key;
use crate::plan::year::parse_span;

use super::grid::Block;
use super::header::header;
use super::labels::Field;
use super::page_ctx::{pure_label, PageCtx};

/// The header `top` and `below` make when `below` holds only numbers read
/// as years (two or more) and they lie under one cell of `top` that names
/// the years' unit, between its neighbours: the other cells of `top` name
/// their columns, the numbers the year columns.
pub fn years_under_unit<'a>(
    top: &[&TextLine],
    below: &[&TextLine],
    ctx: &PageCtx,
) -> Option<Block<'a>> {
    if below.len() < 2 || top.len() < 2 {
        return None;
    }
    // Cheap and failing on most rows: every cell of the row below a year.
    let years: Vec<TextLine> = below
        .iter()
        .map(|l| {
            let text = as_year(&l.text)?;
            let mut year = (*l).clone();
            year.text = text;
            Some(year)
        })
        .collect::<Option<_>>()?;
    let unit = top.iter().position(|l| names_unit(l))?;
    let left = unit.checked_sub(1).map_or(ctx.left, |i| top[i].bbox.x1);
    let right = top.get(unit + 1).map_or(ctx.right, |l| l.bbox.x0);
    if !below
        .iter()
        .all(|l| l.bbox.cx() > left && l.bbox.cx() < right)
    {
        return None;
    }
    let named: Vec<&TextLine> = top
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != unit)
        .map(|(_, l)| *l)
        .collect();
    let mut block = header(&named, ctx)?;
    // The year columns are as wide as the numbers are apart: the cells
    // beside them (成果指標 centred in a wide column) end elsewhere.
    let first = below.iter().map(|l| l.bbox.cx()).fold(f32::MAX, f32::min);
    let last = below.iter().map(|l| l.bbox.cx()).fold(f32::MIN, f32::max);
    let half = (last - first) / (below.len() - 1) as f32 / 2.0;
    let refs: Vec<&TextLine> = years.iter().collect();
    block.years = columns_from_headers(&refs, left.max(first - half), right.min(last + half));
    block.y1 = below.iter().map(|l| l.bbox.y1).fold(block.y1, f32::max);
    Some(block)
}

/// Whether header cell `l` names the unit of year columns: a schedule label
/// word or a heading with 年度 in it.
fn names_unit(l: &TextLine) -> bool {
    key(&l.text).contains("年度") || pure_label(l).is_some_and(|(f, _)| f == Field::Schedule)
}

/// A year column's number as the year it names ("～25" → "～25年度",
/// "2014" → "2014年度", "H26" → "H26年度"), when it is one.
fn as_year(text: &str) -> Option<String> {
    let k = key(text);
    let core = k.trim_start_matches(['～', '~', '〜']);
    let core = ["まで", "以前"]
        .iter()
        .find_map(|w| core.strip_suffix(w))
        .unwrap_or(core);
    let digits = core.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let number = (1..=4).contains(&digits.chars().count())
        && (digits == "元" || digits.chars().all(|c| c.is_ascii_digit()))
        && core.len() - digits.len() <= 1;
    if !number {
        return None;
    }
    let year = format!("{}年度", text.trim());
    parse_span(&year).is_some().then_some(year)
}

#[cfg(test)]
mod tests {
    use super::super::grid::Kind;
    use super::super::test_lines::{line, page_ctx, row};
    use super::*;
    use crate::plan::year::anchor;
    use crate::plan::FiscalYear;

    fn refs(lines: &[TextLine]) -> Vec<&TextLine> {
        lines.iter().collect()
    }

    #[test]
    fn numbers_under_a_unit_cell_are_year_columns() {
        let top = row(
            &[
                ("事業名", 40.0),
                ("事業概要", 120.0),
                ("年度", 300.0),
                ("成果指標", 420.0),
            ],
            100.0,
        );
        let below = row(
            &[
                ("～2013", 240.0),
                ("2014", 290.0),
                ("2015", 330.0),
                ("2016", 370.0),
            ],
            112.0,
        );
        let ctx = page_ctx(500.0, vec![]);
        let block = years_under_unit(&refs(&top), &refs(&below), &ctx).expect("a header");
        assert_eq!(block.kind, Kind::Rows);
        let years: Vec<_> = block
            .years
            .iter()
            .map(|c| (c.from, c.to.western()))
            .collect();
        let y = |n| Some(FiscalYear::from_western(n));
        assert_eq!(
            years,
            [
                (None, 2013),
                (y(2014), 2014),
                (y(2015), 2015),
                (y(2016), 2016)
            ]
        );
        assert!(
            block.cols.iter().all(|c| c.field != Field::Notes),
            "年度 is no column"
        );
        // Era-less numbers, read near the years the document names.
        let _named = anchor(Some([FiscalYear::from_western(2014); 2]));
        let plain: Vec<TextLine> = ["～25", "26", "27"]
            .iter()
            .zip([240.0, 290.0, 330.0])
            .map(|(t, x)| line(t, x, 112.0))
            .collect();
        let block = years_under_unit(&refs(&top), &refs(&plain), &ctx).expect("a header");
        assert_eq!(block.years.last().map(|c| c.to.western()), Some(2015));
        // A schedule label word names the unit too.
        let mut schedule = top.clone();
        schedule[2] = line("スケジュール", 280.0, 100.0);
        assert!(years_under_unit(&refs(&schedule), &refs(&below), &ctx).is_some());
        // Numbers under no unit cell, or a row of numbers and words: no header.
        let top_without = [top[0].clone(), top[1].clone(), top[3].clone()];
        assert!(years_under_unit(&refs(&top_without), &refs(&below), &ctx).is_none());
        let counts = [line("12", 290.0, 112.0), line("件", 330.0, 112.0)];
        assert!(years_under_unit(&refs(&top), &refs(&counts), &ctx).is_none());
        // Numbers outside the unit cell's neighbours.
        let wide = [line("2014", 60.0, 112.0), line("2015", 330.0, 112.0)];
        assert!(years_under_unit(&refs(&top), &refs(&wide), &ctx).is_none());
    }
}
