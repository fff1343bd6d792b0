//! Filters: `key=value` pairs such as `dept=情報政策課` or `year=H27`, and
//! comparisons such as `year>=2011` or `indicator.target>=1000`.
//!
//! A [`Filter`] is parsed from text (CLI flags, HTTP parameters, inline
//! `year:2015` in a query) and [resolved](Filter::resolve) either to filter
//! keys of [`crate::index::facet_key`] (facet filters; a year comparison
//! becomes the years it admits) or to a [`NumericCondition`] on an indicator
//! value. Filters on one [`FacetDim`] are OR-ed, filters on different
//! dimensions and numeric conditions are AND-ed (see the collector).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::numeric::{Cmp, Measure, NumericCondition};
use crate::index::facet_key::{filter_key, FacetDim};
use crate::plan::FiscalYear;

/// Where an open-ended year comparison starts (`year<=2015`).
const YEAR_RANGE_MIN: i32 = 1950;
/// Where an open-ended year comparison ends (`year>=2011`).
const YEAR_RANGE_MAX: i32 = 2100;

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
    /// Unit of an indicator value (either side), e.g. `件`.
    Unit,
    /// Where a record stands between editions: `continued`, `new`, `carried`,
    /// `dropped` (also 継続, 新規, 終了).
    Lineage,
    /// The issuer whose plan it is, e.g. `宮城県`.
    Issuer,
    /// Extraction quality of the record's pages: `ok` / `damaged`.
    Quality,
    /// 現状値 of the indicator, as a number (`indicator.current<10`).
    #[serde(rename = "indicator.current")]
    Current,
    /// 目標値 of the indicator, as a number (`indicator.target>=1000`).
    #[serde(rename = "indicator.target")]
    Target,
    /// 目標値 − 現状値 (`indicator.change>=100`).
    #[serde(rename = "indicator.change")]
    Change,
}

impl FilterKey {
    /// Every key.
    pub const ALL: [FilterKey; 17] = [
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
        FilterKey::Unit,
        FilterKey::Lineage,
        FilterKey::Issuer,
        FilterKey::Quality,
        FilterKey::Current,
        FilterKey::Target,
        FilterKey::Change,
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
            FilterKey::Unit => "unit",
            FilterKey::Lineage => "lineage",
            FilterKey::Issuer => "issuer",
            FilterKey::Quality => "quality",
            FilterKey::Current => "indicator.current",
            FilterKey::Target => "indicator.target",
            FilterKey::Change => "indicator.change",
        }
    }

    /// Parses a key name, accepting a few aliases (`is_new`, `has_indicator`,
    /// `department`, `fy`, `target` for `indicator.target`).
    pub fn from_name(name: &str) -> Option<FilterKey> {
        let name = name.trim().to_ascii_lowercase();
        let alias = match name.as_str() {
            "is_new" => "new",
            "has_indicator" => "indicator",
            "department" | "departments" => "dept",
            "fy" | "years" => "year",
            "methods" => "method",
            "actors" => "actor",
            "units" => "unit",
            "current" | "indicator_current" => "indicator.current",
            "target" | "indicator_target" => "indicator.target",
            "change" | "indicator_change" => "indicator.change",
            other => other,
        };
        FilterKey::ALL.into_iter().find(|k| k.name() == alias)
    }

    /// The facet dimension this key filters (分野 and 項目 share one);
    /// `None` for the numeric keys.
    pub fn dim(self) -> Option<FacetDim> {
        Some(match self {
            FilterKey::Edition => FacetDim::Edition,
            FilterKey::Kind => FacetDim::Kind,
            FilterKey::Field | FilterKey::Item => FacetDim::Field,
            FilterKey::Dept => FacetDim::Dept,
            FilterKey::Actor => FacetDim::Actor,
            FilterKey::Method => FacetDim::Method,
            FilterKey::New => FacetDim::New,
            FilterKey::Year => FacetDim::Year,
            FilterKey::Indicator => FacetDim::Indicator,
            FilterKey::Unit => FacetDim::Unit,
            FilterKey::Lineage => FacetDim::Lineage,
            FilterKey::Issuer => FacetDim::Issuer,
            FilterKey::Quality => FacetDim::Quality,
            FilterKey::Current | FilterKey::Target | FilterKey::Change => return None,
        })
    }

    /// The indicator measure a numeric key compares; `None` for facet keys.
    pub fn measure(self) -> Option<Measure> {
        match self {
            FilterKey::Current => Some(Measure::Current),
            FilterKey::Target => Some(Measure::Target),
            FilterKey::Change => Some(Measure::Change),
            _ => None,
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
    /// The key takes no comparison (only `=`).
    #[error("filter {key} takes = or :, not {op}")]
    BadOperator {
        /// The key.
        key: &'static str,
        /// The operator given.
        op: Cmp,
    },
    /// A numeric key was used where a facet value is needed.
    #[error("filter {0} compares numbers; it has no facet value")]
    NotAFacet(&'static str),
}

/// One filter: a key, an operator and a value as given.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Filter {
    /// What is constrained.
    pub key: FilterKey,
    /// How the value is compared (`=` for facet values).
    #[serde(default)]
    pub op: Cmp,
    /// The value as given.
    pub value: String,
}

/// What a filter means for the index.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    /// A facet filter: the document must carry one of `keys`.
    Facet {
        /// The dimension (its filters are OR-ed together).
        dim: FacetDim,
        /// Filter keys, any of which satisfies the filter.
        keys: Vec<String>,
    },
    /// A numeric condition on an indicator value.
    Numeric(NumericCondition),
}

impl Filter {
    /// A filter `key=value`.
    pub fn new(key: FilterKey, value: impl Into<String>) -> Filter {
        Filter::compare(key, Cmp::Eq, value)
    }

    /// A filter `key <op> value`, e.g. `indicator.target >= 1000`.
    pub fn compare(key: FilterKey, op: Cmp, value: impl Into<String>) -> Filter {
        Filter {
            key,
            op,
            value: value.into(),
        }
    }

    fn bad_value(&self) -> FilterError {
        FilterError::BadValue {
            key: self.key.name(),
            value: self.value.clone(),
        }
    }

    /// What the filter means: facet keys or a numeric condition.
    pub fn resolve(&self) -> Result<Resolved, FilterError> {
        if let Some(measure) = self.key.measure() {
            return NumericCondition::parse(measure, self.op, &self.value)
                .map(Resolved::Numeric)
                .ok_or_else(|| self.bad_value());
        }
        let dim = self
            .key
            .dim()
            .ok_or(FilterError::NotAFacet(self.key.name()))?;
        if self.key == FilterKey::Year {
            if let Some((lo, hi)) = self.year_range()? {
                let keys = (lo..=hi)
                    .map(|y| filter_key(self.key.name(), &y.to_string()))
                    .collect();
                return Ok(Resolved::Facet { dim, keys });
            }
        }
        if self.op != Cmp::Eq {
            return Err(FilterError::BadOperator {
                key: self.key.name(),
                op: self.op,
            });
        }
        Ok(Resolved::Facet {
            dim,
            keys: vec![self.facet_key()?],
        })
    }

    /// The years a year comparison or range (`year>=2011`, `year=H23..H25`)
    /// admits, inclusive; `None` for a single year.
    fn year_range(&self) -> Result<Option<(i32, i32)>, FilterError> {
        let bound = |t: &str, open: i32| -> Result<i32, FilterError> {
            if t.trim().is_empty() {
                Ok(open)
            } else {
                parse_year(t).ok_or_else(|| self.bad_value())
            }
        };
        let value: String = self.value.nfkc().collect::<String>().replace('〜', "~");
        let range = value.split_once("..").or_else(|| value.split_once('~'));
        let (lo, hi) = match (self.op, range) {
            (Cmp::Eq, Some((a, b))) => (bound(a, YEAR_RANGE_MIN)?, bound(b, YEAR_RANGE_MAX)?),
            (Cmp::Eq, None) => return Ok(None),
            (_, Some(_)) => return Err(self.bad_value()),
            (Cmp::Ge, None) => (bound(&value, 0)?, YEAR_RANGE_MAX),
            (Cmp::Gt, None) => (bound(&value, 0)? + 1, YEAR_RANGE_MAX),
            (Cmp::Le, None) => (YEAR_RANGE_MIN, bound(&value, 0)?),
            (Cmp::Lt, None) => (YEAR_RANGE_MIN, bound(&value, 0)? - 1),
        };
        let (lo, hi) = (lo.max(YEAR_RANGE_MIN), hi.min(YEAR_RANGE_MAX));
        if lo > hi {
            return Err(self.bad_value());
        }
        Ok(Some((lo, hi)))
    }

    /// The facet key this filter matches, with the value resolved (years to
    /// Western, booleans to `true`/`false`). Only for `=` filters on a facet.
    pub fn facet_key(&self) -> Result<String, FilterError> {
        if self.key.measure().is_some() {
            return Err(FilterError::NotAFacet(self.key.name()));
        }
        let bad = || self.bad_value();
        let value = match self.key {
            FilterKey::Year => parse_year(&self.value).ok_or_else(bad)?.to_string(),
            FilterKey::New | FilterKey::Indicator => {
                parse_bool(&self.value).ok_or_else(bad)?.to_string()
            }
            FilterKey::Lineage => parse_lineage(&self.value).ok_or_else(bad)?.to_string(),
            _ if self.value.trim().is_empty() => return Err(bad()),
            _ => self.value.clone(),
        };
        Ok(filter_key(self.key.name(), &value))
    }
}

impl FromStr for Filter {
    type Err = FilterError;

    /// Parses `key=value`, `key:value` or `key<op>value` with `<op>` one of
    /// `>=`, `>`, `<=`, `<` (full-width forms and ≧/≦ too).
    fn from_str(s: &str) -> Result<Filter, FilterError> {
        let text: String = s
            .nfkc()
            .collect::<String>()
            .replace('≧', ">=")
            .replace('≦', "<=");
        let (key, op, value) =
            split_comparison(&text).ok_or_else(|| FilterError::NoSeparator(s.to_string()))?;
        let key =
            FilterKey::from_name(key).ok_or_else(|| FilterError::UnknownKey(key.to_string()))?;
        Ok(Filter::compare(key, op, value.trim()))
    }
}

/// Splits `key<op>value` at the first operator; a `:` followed by another
/// operator (`year:>=2011`, as in URLs) takes that operator.
pub fn split_comparison(text: &str) -> Option<(&str, Cmp, &str)> {
    let at = text.find(['<', '>', '=', ':'])?;
    let (key, rest) = text.split_at(at);
    let (mut op, len) = Cmp::at_start(rest)?;
    let mut value = rest.get(len..)?;
    if rest.starts_with(':') {
        if let Some((inner, l)) = Cmp::at_start(value) {
            op = inner;
            value = value.get(l..)?;
        }
    }
    Some((key, op, value))
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}{}", self.key.name(), self.op, self.value)
    }
}

/// Reads a fiscal year: `2015`, `H27`, `h27`, `平成27年度`, `平成２７年`, `R2`,
/// `令和2年度`, `令和元年度`, `FY2015`, or a bare era number below 100 (taken
/// as Heisei, the era of most plans).
pub fn parse_year(text: &str) -> Option<i32> {
    let t: String = text.nfkc().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_end_matches("年度").trim_end_matches('年');
    let t = t
        .strip_prefix("FY")
        .or_else(|| t.strip_prefix("fy"))
        .unwrap_or(t);
    if t.is_empty() || t.chars().count() > 6 {
        return None;
    }
    if t.chars().all(|c| c.is_ascii_digit()) {
        let n: i32 = t.parse().ok()?;
        return match n {
            1..=99 => FiscalYear::from_era("平成", n).map(FiscalYear::western),
            1000..=9999 => Some(n),
            _ => None,
        };
    }
    let whole = FiscalYear::find_all(t);
    match whole.as_slice() {
        [m] if m.start == 0 && m.end == t.len() => Some(m.year.western()),
        _ => None,
    }
}

/// Reads a lineage status: `continued`, `new`, `carried`, `dropped`, or
/// 継続 (continued), 新規 (new), 終了/廃止 (dropped).
pub fn parse_lineage(text: &str) -> Option<&'static str> {
    let t: String = text.nfkc().collect::<String>().trim().to_lowercase();
    match t.as_str() {
        "continued" | "継続" => Some("continued"),
        "new" | "新規" => Some("new"),
        "carried" | "carried_over" | "引継ぎ" => Some("carried"),
        "dropped" | "終了" | "廃止" => Some("dropped"),
        _ => None,
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

    #[test]
    fn comparisons_parse_in_every_spelling() {
        for s in [
            "indicator.target>=1000",
            "target>=1000",
            "indicator.target ＞＝ １０００",
            "indicator.target≧1000",
            "indicator.target:>=1000",
        ] {
            let f: Filter = s.parse().unwrap();
            assert_eq!(
                f,
                Filter::compare(FilterKey::Target, Cmp::Ge, "1000"),
                "{s}"
            );
        }
        let f: Filter = "indicator.current<10".parse().unwrap();
        assert_eq!((f.key, f.op), (FilterKey::Current, Cmp::Lt));
        assert_eq!(f.to_string(), "indicator.current<10");
        match f.resolve().unwrap() {
            Resolved::Numeric(c) => assert!(c.contains(9.0) && !c.contains(10.0)),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            "indicator.target>=many"
                .parse::<Filter>()
                .unwrap()
                .resolve(),
            Err(FilterError::BadValue { .. })
        ));
        assert!(matches!(
            "dept>=情報政策課".parse::<Filter>().unwrap().resolve(),
            Err(FilterError::BadOperator { .. })
        ));
        assert!(matches!(
            Filter::new(FilterKey::Target, "1").facet_key(),
            Err(FilterError::NotAFacet(_))
        ));
    }

    #[test]
    fn year_comparisons_become_the_years_they_admit() {
        let keys = |s: &str| match s.parse::<Filter>().unwrap().resolve() {
            Ok(Resolved::Facet { keys, .. }) => keys,
            other => panic!("{s}: {other:?}"),
        };
        let since = keys("year>=2011");
        assert_eq!(since.first(), Some(&filter_key("year", "2011")));
        assert_eq!(since.len() as i32, YEAR_RANGE_MAX - 2011 + 1);
        assert_eq!(
            keys("year=H23..H25"),
            ["2011", "2012", "2013"].map(|y| filter_key("year", y))
        );
        assert_eq!(keys("year<H2").last(), Some(&filter_key("year", "1989")));
        assert_eq!(keys("year:2015"), vec![filter_key("year", "2015")]);
        assert!("year=2016..2015"
            .parse::<Filter>()
            .unwrap()
            .resolve()
            .is_err());
    }
}
