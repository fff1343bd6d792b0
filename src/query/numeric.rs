//! Numeric conditions on indicator values: `indicator.target>=1000`,
//! `indicator.current<10`, `indicator.change=100..500`, with an optional unit
//! (`indicator.target>=2,000施設`, `indicator.target>=1億円`).
//!
//! The index holds each indicator's current and target value, and their
//! difference, as fast `f64` columns (one per numeric dimension of [`crate::dimension`]), read by
//! [`crate::plan::quantity`] so `2,740億円` is 274000000000 there and here
//! alike. A [`NumericCondition`] is a closed, open or half-open interval over
//! one of them plus, when the value named a unit, a unit that must match; the
//! collector applies it per document. Records whose value is not a number
//! (`平成27年全国平均`) never satisfy a numeric condition.

use std::fmt;
use std::ops::Bound;

use serde::{Deserialize, Serialize};

use crate::index::facet_key::unit_filter_key;

pub use crate::dimension::Measure;
use crate::plan::quantity::parse_quantity;

/// A comparison operator between a key and a value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cmp {
    /// `=` or `:` (for numbers, also `a..b` ranges).
    #[default]
    Eq,
    /// `>=`.
    Ge,
    /// `>`.
    Gt,
    /// `<=`.
    Le,
    /// `<`.
    Lt,
}

impl Cmp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            Cmp::Eq => "=",
            Cmp::Ge => ">=",
            Cmp::Gt => ">",
            Cmp::Le => "<=",
            Cmp::Lt => "<",
        }
    }

    /// The operator at the start of `s` and its length in bytes: `>=`, `<=`,
    /// `==`, `>`, `<`, `=`, `:`; `None` when `s` starts with none of them.
    pub fn at_start(s: &str) -> Option<(Cmp, usize)> {
        const OPS: [(&str, Cmp); 7] = [
            (">=", Cmp::Ge),
            ("<=", Cmp::Le),
            ("==", Cmp::Eq),
            (">", Cmp::Gt),
            ("<", Cmp::Lt),
            ("=", Cmp::Eq),
            (":", Cmp::Eq),
        ];
        OPS.iter()
            .find(|(text, _)| s.starts_with(text))
            .map(|(text, cmp)| (*cmp, text.len()))
    }
}

impl fmt::Display for Cmp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// A resolved numeric condition on one measure.
#[derive(Debug, Clone, PartialEq)]
pub struct NumericCondition {
    /// What is compared.
    pub measure: Measure,
    /// Lower bound.
    pub lo: Bound<f64>,
    /// Upper bound.
    pub hi: Bound<f64>,
    /// The unit the value must have, when the condition named one.
    pub unit: Option<String>,
}

impl NumericCondition {
    /// Reads `value` under `cmp`: a quantity (`1000`, `2,000施設`, `1億円`,
    /// full-width digits) or, with `=`, a range `a..b` / `a~b` where either
    /// end may be left open. `None` when the value is not a number, a range
    /// follows another operator, or the two ends name different units.
    pub fn parse(measure: Measure, cmp: Cmp, value: &str) -> Option<NumericCondition> {
        let text: String = crate::unicode::nfkc(value).replace('〜', "~");
        let range = text.split_once("..").or_else(|| text.split_once('~'));
        let (lo, hi, unit) = match (cmp, range) {
            (Cmp::Eq, Some((a, b))) => {
                let a = end(a)?;
                let b = end(b)?;
                let units: Vec<&String> = [a.as_ref(), b.as_ref()]
                    .into_iter()
                    .flatten()
                    .map(|(_, u)| u)
                    .filter(|u| !u.is_empty())
                    .collect();
                if units.windows(2).any(|w| w[0] != w[1]) {
                    return None;
                }
                let unit = units.first().map(|u| (*u).clone());
                if a.is_none() && b.is_none() {
                    return None;
                }
                let lo = a.map_or(Bound::Unbounded, |(n, _)| Bound::Included(n));
                let hi = b.map_or(Bound::Unbounded, |(n, _)| Bound::Included(n));
                (lo, hi, unit)
            }
            (_, Some(_)) => return None,
            (_, None) => {
                let (n, unit) = parse_quantity(&text)?;
                let (lo, hi) = match cmp {
                    Cmp::Eq => (Bound::Included(n), Bound::Included(n)),
                    Cmp::Ge => (Bound::Included(n), Bound::Unbounded),
                    Cmp::Gt => (Bound::Excluded(n), Bound::Unbounded),
                    Cmp::Le => (Bound::Unbounded, Bound::Included(n)),
                    Cmp::Lt => (Bound::Unbounded, Bound::Excluded(n)),
                };
                (lo, hi, (!unit.is_empty()).then_some(unit))
            }
        };
        Some(NumericCondition {
            measure,
            lo,
            hi,
            unit,
        })
    }

    /// Whether `x` lies within the bounds.
    pub fn contains(&self, x: f64) -> bool {
        let above = match self.lo {
            Bound::Included(lo) => x >= lo,
            Bound::Excluded(lo) => x > lo,
            Bound::Unbounded => true,
        };
        let below = match self.hi {
            Bound::Included(hi) => x <= hi,
            Bound::Excluded(hi) => x < hi,
            Bound::Unbounded => true,
        };
        above && below
    }

    /// The facet-column key a document must carry for the unit to match.
    pub fn unit_key(&self) -> Option<String> {
        self.unit
            .as_ref()
            .map(|u| unit_filter_key(self.measure.name(), u))
    }
}

/// One end of a range: `Some(None)` when left open, `Some(Some(q))` for a
/// quantity, `None` when it is neither.
#[allow(clippy::option_option)]
fn end(text: &str) -> Option<Option<(f64, String)>> {
    if text.trim().is_empty() {
        return Some(None);
    }
    parse_quantity(text).map(Some)
}

/// A sortable key for `x`: unsigned order equals numeric order (`-0.0` and
/// `0.0` apart, NaN last), inverted when `descending`.
pub fn sort_key(x: f64, descending: bool) -> u64 {
    let bits = x.to_bits();
    let ascending = if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    };
    if descending {
        // Keep u64::MAX free for documents without a value.
        (!ascending).min(u64::MAX - 1)
    } else {
        ascending.min(u64::MAX - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::facet_key::filter_key;

    fn cond(cmp: Cmp, v: &str) -> Option<NumericCondition> {
        NumericCondition::parse(Measure::Target, cmp, v)
    }

    #[test]
    fn comparisons_bound_the_right_side() {
        let ge = cond(Cmp::Ge, "1000").unwrap();
        assert!(ge.contains(1000.0) && ge.contains(5000.0) && !ge.contains(999.0));
        let gt = cond(Cmp::Gt, "1000").unwrap();
        assert!(!gt.contains(1000.0) && gt.contains(1000.5));
        let lt = cond(Cmp::Lt, "１０").unwrap();
        assert!(lt.contains(9.0) && !lt.contains(10.0) && lt.contains(-3.0));
        let eq = cond(Cmp::Eq, "40.9").unwrap();
        assert!(eq.contains(40.9) && !eq.contains(41.0));
    }

    #[test]
    fn units_and_multipliers_come_from_the_value() {
        let c = cond(Cmp::Ge, "1億円").unwrap();
        assert_eq!(c.lo, Bound::Included(1e8));
        assert_eq!(c.unit.as_deref(), Some("円"));
        assert_eq!(c.unit_key(), Some(filter_key("unit.target", "円")));
        assert_eq!(cond(Cmp::Ge, "2,000").unwrap().unit, None);
    }

    #[test]
    fn ranges_with_open_ends() {
        let r = cond(Cmp::Eq, "100..500人").unwrap();
        assert_eq!(
            (r.lo, r.hi),
            (Bound::Included(100.0), Bound::Included(500.0))
        );
        assert_eq!(r.unit.as_deref(), Some("人"));
        let open = cond(Cmp::Eq, "1000〜").unwrap();
        assert_eq!(
            (open.lo, open.hi),
            (Bound::Included(1000.0), Bound::Unbounded)
        );
        assert!(cond(Cmp::Eq, "..").is_none());
        assert!(cond(Cmp::Eq, "1件..2人").is_none(), "different units");
        assert!(cond(Cmp::Ge, "1..2").is_none(), "a range after >=");
        assert!(cond(Cmp::Ge, "たくさん").is_none());
    }

    #[test]
    fn sort_keys_follow_numeric_order() {
        let xs = [-2.5e11, -1.0, -0.0, 0.0, 0.5, 40.9, 2.94e11];
        let asc: Vec<u64> = xs.iter().map(|x| sort_key(*x, false)).collect();
        assert!(asc.windows(2).all(|w| w[0] < w[1]));
        let desc: Vec<u64> = xs.iter().map(|x| sort_key(*x, true)).collect();
        assert!(desc.windows(2).all(|w| w[0] > w[1]));
        assert!(asc.iter().chain(&desc).all(|k| *k < u64::MAX));
    }
}
