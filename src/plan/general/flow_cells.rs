//! Value cells of a labelled row. A card row may hold several label | value
//! pairs (実施主体 | 県 | 所管課 | 情報政策課); a value that wraps goes on
//! in its own cell, under its first line, on rows that hold no label. The
//! flow reader remembers the columns of the last labelled row and hands
//! each line of such a row to the field whose column it starts in.

use crate::layout::TextLine;
use crate::plan::general::labels::{vocabulary, Field};
use crate::plan::general::Event;

use super::Flow;

/// The value columns of the last labelled row.
#[derive(Debug, Clone)]
pub(super) struct ValueColumns {
    /// Each label's field and the column right of it, up to the next label.
    columns: Vec<(Field, f32, f32)>,
    /// Bottom of the last line read into them.
    bottom: f32,
}

/// A line that is a label word alone (its value in a cell of its own).
fn bare_label(l: &TextLine) -> Option<Field> {
    match vocabulary().label(l.text.trim()) {
        Some((field, _, rest)) if rest.trim().is_empty() => Some(field),
        _ => None,
    }
}

/// Whether `field` opens a section or a list rather than a value.
fn is_section(field: Field) -> bool {
    matches!(field, Field::Overview | Field::Topic | Field::Sites)
}

/// The value columns of `row` when it starts with a label alone and holds
/// only bare labels and their values.
pub(super) fn value_columns(row: &[&TextLine]) -> Option<ValueColumns> {
    // Most rows start with no label: one lookup decides.
    let (first, rest) = row.split_first()?;
    let first = bare_label(first).map(|f| (f, *first))?;
    let labels: Vec<(Field, &TextLine)> = std::iter::once(first)
        .chain(rest.iter().filter_map(|l| bare_label(l).map(|f| (f, *l))))
        .collect();
    if labels.iter().any(|(f, _)| is_section(*f)) {
        return None;
    }
    let columns = labels
        .iter()
        .enumerate()
        .map(|(k, (field, l))| {
            let end = labels.get(k + 1).map_or(f32::MAX, |next| next.1.bbox.x0);
            (*field, l.bbox.x1, end)
        })
        .collect();
    let bottom = row.iter().map(|l| l.bbox.y1).fold(f32::MIN, f32::max);
    Some(ValueColumns { columns, bottom })
}

impl Flow<'_> {
    /// Reads `row` as the wrapped lines of the last labelled row's values,
    /// when it holds no label, starts right under them, and each of its
    /// lines starts in one of their columns; returns whether it did.
    pub(super) fn continue_cells(&mut self, row: &[&TextLine]) -> bool {
        let Some(cells) = self.cells.take() else {
            return false;
        };
        if self.pending.is_some() || self.section.is_some() {
            return false;
        }
        let Some(size) = row.first().map(|l| l.size) else {
            return false;
        };
        let top = row.iter().map(|l| l.bbox.y0).fold(f32::MAX, f32::min);
        let below = top >= cells.bottom - 0.5 * size && top - cells.bottom <= size;
        if !below || row.iter().any(|l| bare_label(l).is_some()) {
            return false;
        }
        let slack = self.params.slack * size;
        let fields: Option<Vec<Field>> = row
            .iter()
            .map(|l| {
                let x = l.bbox.x0;
                let column = cells.columns.iter().find(|c| x >= c.1 - slack && x < c.2);
                // A number or a badge does not wrap.
                column
                    .map(|c| c.0)
                    .filter(|f| !matches!(f, Field::Number | Field::NewBadge))
            })
            .collect();
        let Some(fields) = fields else {
            return false;
        };
        // Each line goes somewhere: an entry's value, or a heading just made.
        let level = |f: &Field| matches!(f, Field::FieldName | Field::ItemName);
        let heading = matches!(self.events.last(), Some(Event::Heading { .. }));
        if fields.iter().any(|f| {
            if level(f) {
                !heading
            } else {
                self.cur.is_none()
            }
        }) {
            return false;
        }
        for (l, field) in row.iter().zip(fields) {
            self.continue_cell(field, l.text.trim());
        }
        let bottom = row.iter().map(|l| l.bbox.y1).fold(cells.bottom, f32::max);
        self.cells = Some(ValueColumns { bottom, ..cells });
        true
    }

    /// One wrapped line of the value of `field`.
    fn continue_cell(&mut self, field: Field, text: &str) {
        match field {
            Field::FieldName | Field::ItemName => {
                // The heading the label's value made, unless it is still waiting.
                if self.heading_label == Some(field) {
                    return;
                }
                if let Some(Event::Heading { numbering, .. }) = self.events.last_mut() {
                    numbering.rest =
                        crate::plan::text::join_wrapped([numbering.rest.as_str(), text]);
                }
            }
            _ => {
                if let Some(cur) = self.cur.as_mut() {
                    cur.continue_value(field, text);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::general::test_lines::{line, page_ctx};
    use crate::plan::general::Params;

    fn read(rows: &[Vec<&TextLine>]) -> Vec<Event> {
        let ctx = page_ctx(560.0, vec![]);
        let mut flow = Flow::new(Params::default(), 8.0, String::new());
        for row in rows {
            flow.row(row, &ctx);
        }
        flow.finish();
        flow.events
    }

    fn values(events: &[Event], field: Field) -> Vec<Vec<String>> {
        events
            .iter()
            .filter_map(|e| match e {
                Event::Initiative(entry) => Some(entry),
                _ => None,
            })
            .flat_map(|e| e.values.iter().filter(|v| v.0 == field))
            .map(|v| v.1.clone())
            .collect()
    }

    #[test]
    fn a_wrapped_value_goes_on_in_its_own_cell() {
        let l = [
            line("事業名", 40.0, 100.0),
            line("共同クラウド化の推進", 100.0, 100.0),
            line("実施主体", 40.0, 120.0),
            line("県、協議会専門部", 100.0, 120.0),
            line("所管課", 300.0, 120.0),
            line("企画部 情報政策課", 360.0, 120.0),
            line("会", 100.0, 131.0),
            line("事業の内容", 40.0, 150.0),
            line("運用します。", 100.0, 150.0),
        ];
        let rows = [
            vec![&l[0], &l[1]],
            vec![&l[2], &l[3], &l[4], &l[5]],
            vec![&l[6]],
            vec![&l[7], &l[8]],
        ];
        let events = read(&rows);
        assert_eq!(values(&events, Field::Actors), [["県、協議会専門部", "会"]]);
        assert_eq!(values(&events, Field::Departments), [["企画部 情報政策課"]]);
        // A line far below the row, or left of every value, is not its value.
        let far = line("会", 100.0, 140.0);
        let left = line("会", 40.0, 131.0);
        for stray in [&far, &left] {
            let rows = [
                vec![&l[0], &l[1]],
                vec![&l[2], &l[3], &l[4], &l[5]],
                vec![stray],
            ];
            let events = read(&rows);
            assert_eq!(values(&events, Field::Actors), [["県、協議会専門部"]]);
        }
    }

    #[test]
    fn a_wrapped_level_value_goes_on_in_its_heading() {
        let l = [
            line("分野", 40.0, 100.0),
            line("２　行政の情報化", 100.0, 100.0),
            line("施策の方向", 300.0, 100.0),
            line("１　誰もが，いつでも", 360.0, 100.0),
            line("どこでも", 360.0, 111.0),
        ];
        let events = read(&[vec![&l[0], &l[1], &l[2], &l[3]], vec![&l[4]]]);
        let headings: Vec<&str> = events
            .iter()
            .filter_map(|e| match e {
                Event::Heading { numbering, .. } => Some(numbering.rest.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(headings, ["行政の情報化", "誰もが，いつでもどこでも"]);
    }
}
