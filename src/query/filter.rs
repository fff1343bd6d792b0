//! Facet filters: `key=value` pairs such as `dept=情報政策課` or `year=H27`.
//!
//! A [`Filter`] is parsed from text (CLI flags, HTTP parameters, inline
//! `year:2015` in a query) and resolved to a filter key of
//! [`crate::index::facet_key`]. Filters on one [`FacetDim`] are OR-ed, filters
//! on different dimensions are AND-ed (see the collector).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::index::facet_key::{filter_key, FacetDim};

/// Offset from Heisei to Western years.
const HEISEI_OFFSET: i32 = 1988;
/// Offset from Reiwa to Western years.
const REIWA_OFFSET: i32 = 2018;
/// Bare numbers below this are Heisei years ("27" = H27 = 2015).
const ERA_YEAR_MAX: i32 = 100;

/// What a filter constrains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FilterKey {
    /// Edition id, e.g. `ict2014`.
    Edition,
    /// Record kind, e.g. `site`.
    Kind,
    /// 分野, by number (or name when unnumbered).
    Field,
    /// 項目, as `<field>-<item>`, e.g. `2-3`.
    Item,
    /// Department: matches a bureau or a division.
    Dept,
    /// Actor (主体).
    Actor,
    /// 性質・手法.
    Method,
    /// 「新」 badge: `true` / `false`.
    New,
    /// A fiscal year covered by the schedule: `2015`, `H27`, `平成27年度`.
    Year,
    /// Has an indicator: `true` / `false`.
    Indicator,
}

impl FilterKey {
    /// Every key.
    pub const ALL: [FilterKey; 10] = [
        FilterKey::Edition,
        FilterKey::Kind,
        FilterKey::Field,
        FilterKey::Item,
        FilterKey::Dept,
        FilterKey::Actor,
        FilterKey::Method,
        FilterKey::New,
        FilterKey::Year,
        FilterKey::Indicator,
    ];

    /// The key as written before `=`.
    pub fn name(self) -> &'static str {
        match self {
            FilterKey::Edition => "edition",
            FilterKey::Kind => "kind",
            FilterKey::Field => "field",
            FilterKey::Item => "item",
            FilterKey::Dept => "dept",
            FilterKey::Actor => "actor",
            FilterKey::Method => "method",
            FilterKey::New => "new",
            FilterKey::Year => "year",
            FilterKey::Indicator => "indicator",
        }
    }

    /// Parses a key name, accepting a few aliases (`is_new`, `has_indicator`,
    /// `department`, `fy`).
    pub fn from_name(name: &str) -> Option<FilterKey> {
        let name = name.trim().to_ascii_lowercase();
        let alias = match name.as_str() {
            "is_new" => "new",
            "has_indicator" => "indicator",
            "department" | "departments" => "dept",
            "fy" | "years" => "year",
            "methods" => "method",
            "actors" => "actor",
            other => other,
        };
        FilterKey::ALL.into_iter().find(|k| k.name() == alias)
    }

    /// The facet dimension this key filters (分野 and 項目 share one).
    pub fn dim(self) -> FacetDim {
        match self {
            FilterKey::Edition => FacetDim::Edition,
            FilterKey::Kind => FacetDim::Kind,
            FilterKey::Field | FilterKey::Item => FacetDim::Field,
            FilterKey::Dept => FacetDim::Dept,
            FilterKey::Actor => FacetDim::Actor,
            FilterKey::Method => FacetDim::Method,
            FilterKey::New => FacetDim::New,
            FilterKey::Year => FacetDim::Year,
            FilterKey::Indicator => FacetDim::Indicator,
        }
    }
}

/// Errors of parsing or resolving a filter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    /// The text has no `=` (or `:`) between key and value.
    #[error("filter {0:?} is not key=value")]
    NoSeparator(String),
    /// The key is not a known facet.
    #[error("unknown filter key {0:?}")]
    UnknownKey(String),
    /// The value cannot be read for this key.
    #[error("bad value {value:?} for filter {key}")]
    BadValue {
        /// The key.
        key: &'static str,
        /// The value as given.
        value: String,
    },
}

/// One facet filter.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Filter {
    /// What is constrained.
    pub key: FilterKey,
    /// The value as given.
    pub value: String,
}

impl Filter {
    /// A filter `key=value`.
    pub fn new(key: FilterKey, value: impl Into<String>) -> Filter {
        Filter {
            key,
            value: value.into(),
        }
    }

    /// The facet key this filter matches, with the value resolved (years to
    /// Western, booleans to `true`/`false`).
    pub fn facet_key(&self) -> Result<String, FilterError> {
        let bad = || FilterError::BadValue {
            key: self.key.name(),
            value: self.value.clone(),
        };
        let value = match self.key {
            FilterKey::Year => parse_year(&self.value).ok_or_else(bad)?.to_string(),
            FilterKey::New | FilterKey::Indicator => {
                parse_bool(&self.value).ok_or_else(bad)?.to_string()
            }
            _ if self.value.trim().is_empty() => return Err(bad()),
            _ => self.value.clone(),
        };
        Ok(filter_key(self.key.name(), &value))
    }
}

impl FromStr for Filter {
    type Err = FilterError;

    /// Parses `key=value` (or `key:value`).
    fn from_str(s: &str) -> Result<Filter, FilterError> {
        let (key, value) = s
            .split_once('=')
            .or_else(|| s.split_once(':'))
            .ok_or_else(|| FilterError::NoSeparator(s.to_string()))?;
        let key =
            FilterKey::from_name(key).ok_or_else(|| FilterError::UnknownKey(key.to_string()))?;
        Ok(Filter::new(key, value.trim()))
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.key.name(), self.value)
    }
}

/// Reads a fiscal year: `2015`, `H27`, `h27`, `平成27年度`, `平成２７年`, `R2`,
/// `令和2年度`, or a bare era number below 100 (taken as Heisei).
pub fn parse_year(text: &str) -> Option<i32> {
    let t: String = text.nfkc().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_end_matches("年度").trim_end_matches('年');
    let t = t
        .strip_prefix("FY")
        .or_else(|| t.strip_prefix("fy"))
        .unwrap_or(t);
    let (offset, digits) = if let Some(d) = t.strip_prefix("平成") {
        (Some(HEISEI_OFFSET), d)
    } else if let Some(d) = t.strip_prefix('H').or_else(|| t.strip_prefix('h')) {
        (Some(HEISEI_OFFSET), d)
    } else if let Some(d) = t.strip_prefix("令和") {
        (Some(REIWA_OFFSET), d)
    } else if let Some(d) = t.strip_prefix('R').or_else(|| t.strip_prefix('r')) {
        (Some(REIWA_OFFSET), d)
    } else {
        (None, t)
    };
    let digits = if digits == "元" { "1" } else { digits };
    if digits.is_empty() || digits.len() > 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: i32 = digits.parse().ok()?;
    match offset {
        Some(off) if (1..ERA_YEAR_MAX).contains(&n) => Some(n + off),
        Some(_) => None,
        None if (1..ERA_YEAR_MAX).contains(&n) => Some(n + HEISEI_OFFSET),
        None if n >= 1000 => Some(n),
        None => None,
    }
}

/// Reads a boolean: true/false, yes/no, 1/0, あり/なし, 新規.
pub fn parse_bool(text: &str) -> Option<bool> {
    let t: String = text.nfkc().collect::<String>().trim().to_lowercase();
    match t.as_str() {
        "true" | "yes" | "y" | "1" | "on" | "あり" | "有" | "新規" | "新" => Some(true),
        "false" | "no" | "n" | "0" | "off" | "なし" | "無" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_in_every_spelling() {
        for s in [
            "2015",
            "H27",
            "h27",
            "平成27年度",
            "平成２７年度",
            "Ｈ２７",
            "27",
            "FY2015",
        ] {
            assert_eq!(parse_year(s), Some(2015), "{s}");
        }
        assert_eq!(parse_year("令和元年度"), Some(2019));
        for s in ["", "abc", "H", "平成", "H0", "123456"] {
            assert_eq!(parse_year(s), None, "{s}");
        }
    }

    #[test]
    fn filters_parse_and_resolve() {
        let f: Filter = "dept=情報政策課".parse().unwrap();
        assert_eq!(f, Filter::new(FilterKey::Dept, "情報政策課"));
        let y: Filter = "year:H27".parse().unwrap();
        assert_eq!(
            y.facet_key(),
            Filter::new(FilterKey::Year, "2015").facet_key()
        );
        assert_eq!("is_new=yes".parse::<Filter>().unwrap().key, FilterKey::New);
        assert!(matches!(
            "nope=1".parse::<Filter>(),
            Err(FilterError::UnknownKey(_))
        ));
        assert!(matches!(
            "dept".parse::<Filter>(),
            Err(FilterError::NoSeparator(_))
        ));
        assert!(Filter::new(FilterKey::New, "maybe").facet_key().is_err());
        assert_eq!(FilterKey::Item.dim(), FilterKey::Field.dim());
    }
}
