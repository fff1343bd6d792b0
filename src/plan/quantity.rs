//! Quantities in printed values: a number with a unit, as in indicator
//! values (`330施設`, `2,740億円`, `40.9分`).
//!
//! [`parse_quantity`] splits a printed value into the number and the unit;
//! [`change`] is the difference between a current and a target value when
//! both are quantities of the same unit. The index (numeric filters and sorts
//! on indicators) and the exports (the indicators table) share them, so a
//! value means the same number everywhere.

use super::IndicatorValue;

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
/// use shisaku::plan::quantity::parse_quantity;
/// assert_eq!(parse_quantity("330施設"), Some((330.0, "施設".to_string())));
/// assert_eq!(parse_quantity("2,740億円"), Some((274_000_000_000.0, "円".to_string())));
/// assert_eq!(parse_quantity("平成27年全国平均"), None);
/// ```
pub fn parse_quantity(value: &str) -> Option<(f64, String)> {
    let text: String = crate::unicode::nfkc(value)
        .chars()
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

/// A value read as a number with a unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// The number, multipliers applied (`2,740億円` → 274000000000).
    pub number: f64,
    /// The unit, "" for a bare number.
    pub unit: String,
}

impl IndicatorValue {
    /// The value as a [`Quantity`], when it is one.
    pub fn quantity(&self) -> Option<Quantity> {
        parse_quantity(&self.value).map(|(number, unit)| Quantity { number, unit })
    }
}

/// Whether two units can be compared: equal, or one of them bare
/// (`0` → `5,000件` is a change of 5,000件).
pub fn units_match(a: &str, b: &str) -> bool {
    a == b || a.is_empty() || b.is_empty()
}

/// `target − current` with its unit, when both are quantities whose units
/// match ([`units_match`]); the unit is the one that is not bare.
///
/// ```
/// use shisaku::plan::quantity::{change, Quantity};
/// let q = |number, unit: &str| Quantity { number, unit: unit.to_string() };
/// assert_eq!(change(&q(330.0, "施設"), &q(2000.0, "施設")), Some(q(1670.0, "施設")));
/// assert_eq!(change(&q(0.0, ""), &q(5000.0, "件")), Some(q(5000.0, "件")));
/// assert_eq!(change(&q(1.0, "人"), &q(2.0, "件")), None);
/// ```
pub fn change(current: &Quantity, target: &Quantity) -> Option<Quantity> {
    units_match(&current.unit, &target.unit).then(|| Quantity {
        number: target.number - current.number,
        unit: if target.unit.is_empty() {
            current.unit.clone()
        } else {
            target.unit.clone()
        },
    })
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
}
