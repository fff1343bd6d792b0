//! The indicators table: one row per record with an indicator (指標), its
//! current and target values as printed and, where a value is a number with a
//! unit, split into the two by [`parse_quantity`].
//!
//! `330施設` → (330, "施設"); `2,740億円` → (274000000000, "円");
//! `40.9分` → (40.9, "分"); `平成27年全国平均` → none (not a quantity).

use std::io::Write;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::plan::{IndicatorValue, Record};

use super::csv::CsvWriter;
use super::ExportError;

/// Japanese numeral multipliers that may follow a number (and be chained,
/// largest first: 1兆2,000億円).
const MULTIPLIERS: [(char, f64); 4] = [('兆', 1e12), ('億', 1e8), ('万', 1e4), ('千', 1e3)];
/// Prefixes meaning "about", dropped before the number.
const APPROX_PREFIXES: [&str; 2] = ["約", "およそ"];
/// Qualifiers after the unit, dropped from it (2,000施設以上 → 施設).
const UNIT_QUALIFIERS: [&str; 5] = ["以上", "以下", "未満", "程度", "超"];

/// Splits a printed value into a number and a unit: NFKC first (full-width
/// digits and signs), then an optional 約, a number with optional thousands
/// commas and decimals, optional 兆/億/万/千 multipliers (chainable), and the
/// rest as the unit, without a trailing parenthetical remark or qualifier such
/// as 以上. `None` when the value does not start with a number.
///
/// ```
/// use shisaku::export::indicators::parse_quantity;
/// assert_eq!(parse_quantity("330施設"), Some((330.0, "施設".to_string())));
/// assert_eq!(parse_quantity("2,740億円"), Some((274_000_000_000.0, "円".to_string())));
/// assert_eq!(parse_quantity("平成27年全国平均"), None);
/// ```
pub fn parse_quantity(value: &str) -> Option<(f64, String)> {
    let text: String = value
        .nfkc()
        .filter(|c| !c.is_whitespace())
        .collect::<String>();
    let mut rest = text.as_str();
    for p in APPROX_PREFIXES {
        if let Some(r) = rest.strip_prefix(p) {
            rest = r;
            break;
        }
    }
    let (negative, after_sign) = match rest.strip_prefix(['-', '−', '▲', '△']) {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let (mut number, mut rest) = leading_number(after_sign)?;
    let mut total = 0.0;
    loop {
        let mut chars = rest.chars();
        let multiplier = chars
            .next()
            .and_then(|c| MULTIPLIERS.iter().find(|(m, _)| *m == c));
        match multiplier {
            Some((_, factor)) => {
                total += number * factor;
                rest = chars.as_str();
                match leading_number(rest) {
                    Some((n, r)) => {
                        number = n;
                        rest = r;
                    }
                    None => {
                        number = 0.0;
                        break;
                    }
                }
            }
            None => break,
        }
    }
    total += number;
    if negative {
        total = -total;
    }
    Some((total, unit_of(rest)))
}

/// A number at the start of `s` (digits, thousands commas between digits,
/// one decimal point), and what follows it.
fn leading_number(s: &str) -> Option<(f64, &str)> {
    let mut digits = String::new();
    let mut end = 0;
    let mut seen_point = false;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let next_is_digit = chars.get(k + 1).is_some_and(|(_, n)| n.is_ascii_digit());
        if c.is_ascii_digit() {
            digits.push(c);
        } else if c == ',' && !digits.is_empty() && !seen_point && next_is_digit {
            // thousands separator: skipped
        } else if c == '.' && !digits.is_empty() && !seen_point && next_is_digit {
            seen_point = true;
            digits.push('.');
        } else {
            break;
        }
        end = i + c.len_utf8();
    }
    if digits.is_empty() {
        return None;
    }
    let n: f64 = digits.parse().ok()?;
    Some((n, s.get(end..).unwrap_or_default()))
}

/// The unit: `rest` up to a parenthesis, without a trailing qualifier.
fn unit_of(rest: &str) -> String {
    let mut unit = rest
        .split(['(', '['])
        .next()
        .unwrap_or_default()
        .to_string();
    for q in UNIT_QUALIFIERS {
        if let Some(u) = unit.strip_suffix(q) {
            unit = u.to_string();
            break;
        }
    }
    unit
}

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
    /// Splits `v`.
    pub fn of(v: &IndicatorValue) -> Measure {
        let q = parse_quantity(&v.value);
        Measure {
            as_of: v.as_of.clone(),
            value: v.value.clone(),
            number: q.as_ref().map(|(n, _)| *n),
            unit: q.map(|(_, u)| u),
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
        .filter_map(|r| {
            let i = r.indicator.as_ref()?.as_ref()?;
            Some(IndicatorRow {
                id: r.id.clone(),
                name: i.name.clone(),
                current: Measure::of(&i.current),
                target: Measure::of(&i.target),
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
        let same_unit = match (&r.current.unit, &r.target.unit) {
            (Some(a), Some(b)) => Some(a == b || a.is_empty() || b.is_empty()),
            _ => None,
        };
        let delta = match (r.current.number, r.target.number, same_unit) {
            (Some(c), Some(t), Some(true)) => format_number(t - c),
            _ => String::new(),
        };
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

    fn q(s: &str) -> Option<(f64, String)> {
        parse_quantity(s)
    }

    #[test]
    fn numbers_with_units() {
        assert_eq!(q("330施設"), Some((330.0, "施設".into())));
        assert_eq!(q("40.9分"), Some((40.9, "分".into())));
        assert_eq!(q("0グループ"), Some((0.0, "グループ".into())));
        assert_eq!(q("5,000件"), Some((5000.0, "件".into())));
        assert_eq!(q("0"), Some((0.0, String::new())));
        assert_eq!(q("70%"), Some((70.0, "%".into())));
    }

    #[test]
    fn multipliers_chain_and_scale() {
        assert_eq!(q("2,740億円"), Some((274_000_000_000.0, "円".into())));
        assert_eq!(q("1兆2,000億円"), Some((1_200_000_000_000.0, "円".into())));
        assert_eq!(q("2億5000万円"), Some((250_000_000.0, "円".into())));
        assert_eq!(q("3万人"), Some((30_000.0, "人".into())));
        assert_eq!(q("1万5千人"), Some((15_000.0, "人".into())));
    }

    #[test]
    fn full_width_approx_remarks_and_qualifiers() {
        assert_eq!(q("３３０施設"), Some((330.0, "施設".into())));
        assert_eq!(q("２，７４０億円"), Some((274_000_000_000.0, "円".into())));
        assert_eq!(q("約25,000件"), Some((25_000.0, "件".into())));
        assert_eq!(q("2,500件（許可業者の70%）"), Some((2500.0, "件".into())));
        assert_eq!(q("2,000施設以上"), Some((2000.0, "施設".into())));
        assert_eq!(q("▲3件"), Some((-3.0, "件".into())));
        assert_eq!(q(" 14 校 "), Some((14.0, "校".into())));
    }

    #[test]
    fn non_quantities_are_none() {
        assert_eq!(q("平成27年全国平均"), None);
        assert_eq!(q(""), None);
        assert_eq!(q("H24"), None);
        assert_eq!(q(",5件"), None);
    }

    #[test]
    fn trailing_separators_are_not_part_of_the_number() {
        assert_eq!(q("12,件"), Some((12.0, ",件".into())));
        assert_eq!(q("3.件"), Some((3.0, ".件".into())));
    }

    #[test]
    fn numbers_print_plainly() {
        assert_eq!(format_number(274_000_000_000.0), "274000000000");
        assert_eq!(format_number(40.9), "40.9");
    }
}
