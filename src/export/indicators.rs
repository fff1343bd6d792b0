//! The indicators table: one row per indicator (指標) of each record, its
//! current and target values as printed and, where a value is a number with a
//! unit, split into the two by [`crate::plan::quantity::parse_quantity`].
//!
//! `330施設` → (330, "施設"); `2,740億円` → (274000000000, "円");
//! `40.9分` → (40.9, "分"); `平成27年全国平均` → none (not a quantity).

use std::io::Write;

use serde::Serialize;

use crate::plan::quantity::{change, units_match, Quantity};
use crate::plan::{IndicatorValue, Record};

use super::csv::CsvWriter;
use super::ExportError;

/// One side of an indicator with the value split.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measure {
    /// Date text, e.g. "28年度末".
    pub as_of: String,
    /// Value as printed.
    pub value: String,
    /// The number, when the value is a quantity.
    pub number: Option<f64>,
    /// The unit, when the value is a quantity ("" for a bare number).
    pub unit: Option<String>,
}

impl Measure {
    /// Splits `v`; an unprinted value is empty.
    pub fn of(v: Option<&IndicatorValue>) -> Measure {
        let q = v.and_then(IndicatorValue::quantity);
        Measure {
            as_of: v.map(|v| v.as_of.clone()).unwrap_or_default(),
            value: v.map(|v| v.value.clone()).unwrap_or_default(),
            number: q.as_ref().map(|q| q.number),
            unit: q.map(|q| q.unit),
        }
    }
}

/// A row of the indicators table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorRow {
    /// Record id.
    pub id: String,
    /// Indicator name.
    pub name: String,
    /// 現状値.
    pub current: Measure,
    /// 目標値.
    pub target: Measure,
}

/// The rows of the records that have an indicator, in order.
pub fn rows(records: &[Record]) -> Vec<IndicatorRow> {
    records
        .iter()
        .flat_map(|r| {
            r.indicator_list().iter().map(|i| IndicatorRow {
                id: r.id.clone(),
                name: i.name.clone(),
                current: Measure::of(i.current.as_ref()),
                target: Measure::of(i.target.as_ref()),
            })
        })
        .collect()
}

/// Columns of the CSV indicators table.
pub const COLUMNS: [&str; 12] = [
    "id",
    "name",
    "current_as_of",
    "current_value",
    "current_number",
    "current_unit",
    "target_as_of",
    "target_value",
    "target_number",
    "target_unit",
    "unit_matches",
    "target_minus_current",
];

/// Writes the indicators table as CSV (BOM, CRLF).
pub fn write_csv<W: Write>(out: W, rows: &[IndicatorRow]) -> std::io::Result<()> {
    let mut w = CsvWriter::new(out)?;
    w.row(&COLUMNS)?;
    for r in rows {
        let num = |m: &Measure| m.number.map(format_number).unwrap_or_default();
        let quantity = |m: &Measure| {
            Some(Quantity {
                number: m.number?,
                unit: m.unit.clone()?,
            })
        };
        let (current, target) = (quantity(&r.current), quantity(&r.target));
        let same_unit = match (&current, &target) {
            (Some(c), Some(t)) => Some(units_match(&c.unit, &t.unit)),
            _ => None,
        };
        let delta = match (&current, &target) {
            (Some(c), Some(t)) => change(c, t).map(|d| format_number(d.number)),
            _ => None,
        }
        .unwrap_or_default();
        w.row(&[
            r.id.clone(),
            r.name.clone(),
            r.current.as_of.clone(),
            r.current.value.clone(),
            num(&r.current),
            r.current.unit.clone().unwrap_or_default(),
            r.target.as_of.clone(),
            r.target.value.clone(),
            num(&r.target),
            r.target.unit.clone().unwrap_or_default(),
            same_unit.map(|b| b.to_string()).unwrap_or_default(),
            delta,
        ])?;
    }
    w.finish().map(|_| ())
}

/// Writes the indicators table as JSON Lines.
pub fn write_jsonl<W: Write>(out: W, rows: &[IndicatorRow]) -> Result<(), ExportError> {
    super::write_json_lines(out, rows, |r| &r.id)
}

/// A number without a spurious ".0" and without exponent notation.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_plainly() {
        assert_eq!(format_number(274_000_000_000.0), "274000000000");
        assert_eq!(format_number(40.9), "40.9");
    }
}
