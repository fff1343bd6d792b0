//! Filters: `key=value` pairs such as `dept=情報政策課` or `year=H27`, and
//! comparisons such as `year>=2011` or `indicator.target>=1000`.
//!
//! A [`Filter`] is parsed from text (CLI flags, HTTP parameters, inline
//! `year:2015` in a query) and [resolved](Filter::resolve) either to filter
//! keys of [`crate::index::facet_key`] (facet filters; a year comparison
//! becomes the years it admits) or to a [`NumericCondition`] on an indicator
//! value. Filters on one facet dimension are OR-ed, filters on different
//! dimensions and numeric conditions are AND-ed (see the collector).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::numeric::{Cmp, Measure, NumericCondition};
use crate::dimension::{self, Dim};
use crate::index::facet_key::filter_key;

pub use crate::dimension::read::{parse_bool, parse_lineage, parse_year};

/// Where an open-ended year comparison starts (`year<=2015`).
const YEAR_RANGE_MIN: i32 = 1950;
/// Where an open-ended year comparison ends (`year>=2011`).
const YEAR_RANGE_MAX: i32 = 2100;

/// What a filter constrains: a facet dimension of the registry (or the
/// second level of a hierarchical one, as `item` under `field`), or a numeric
/// dimension. Written and read as its name (`dept`, `item`,
/// `indicator.target`); aliases of the registry are accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FilterKey {
    /// The dimension.
    dim: Dim,
    /// Whether the key names the second level of a hierarchical facet.
    child: bool,
}

impl FilterKey {
    /// Every key: the facet dimensions (with their child keys) and the
    /// numeric dimensions, in registry order.
    pub fn all() -> Vec<FilterKey> {
        let mut keys = Vec::new();
        for dim in dimension::ALL.iter().copied() {
            if let Some(facet) = &dim.facet {
                keys.push(FilterKey { dim, child: false });
                if facet.child.is_some() {
                    keys.push(FilterKey { dim, child: true });
                }
            } else if dim.numeric.is_some() {
                keys.push(FilterKey { dim, child: false });
            }
        }
        keys
    }

    /// The key filtering values of `dim` (its top level).
    pub fn of(dim: Dim) -> FilterKey {
        FilterKey { dim, child: false }
    }

    /// The key as written before `=`.
    pub fn name(self) -> &'static str {
        self.dim.filter_name(usize::from(self.child))
    }

    /// The Japanese label of the key (項目 for the child key of 分野).
    pub fn label(self) -> &'static str {
        match self.dim.facet.as_ref().and_then(|f| f.child.as_ref()) {
            Some(child) if self.child => child.label,
            _ => self.dim.label,
        }
    }

    /// Parses a key name or one of the registry's aliases (`is_new`,
    /// `has_indicator`, `department`, `fy`, `target` for `indicator.target`).
    pub fn from_name(name: &str) -> Option<FilterKey> {
        let name = name.trim().to_ascii_lowercase();
        FilterKey::all().into_iter().find(|k| {
            if k.child {
                k.name() == name
            } else {
                k.dim.is_named(&name)
            }
        })
    }

    /// The facet dimension this key filters (分野 and 項目 share one);
    /// `None` for the numeric keys.
    pub fn dim(self) -> Option<Dim> {
        self.dim.facet.as_ref().map(|_| self.dim)
    }

    /// What values the key accepts, in words (for error messages).
    pub fn accepts(self) -> &'static str {
        if self.measure().is_some() {
            return "a number such as 1000, 1,000 or 50% after =, >=, >, <= or <";
        }
        match self.dim.facet.as_ref() {
            Some(f) if f.years => {
                "a fiscal year such as 2015, H27 or 平成27年度, a range such as H23..H25, \
                 or a comparison such as >=2011"
            }
            Some(f) => f.accepts,
            None => "a value",
        }
    }

    /// The indicator measure a numeric key compares; `None` for facet keys.
    pub fn measure(self) -> Option<Measure> {
        self.dim.numeric.as_ref().map(|n| n.measure)
    }
}

impl Serialize for FilterKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for FilterKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<FilterKey, D::Error> {
        let name = String::deserialize(d)?;
        FilterKey::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown filter key {name:?}")))
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
    #[error("bad value {value:?} for filter {key}: expected {accepts}")]
    BadValue {
        /// The key.
        key: &'static str,
        /// The value as given.
        value: String,
        /// What the key accepts, in words.
        accepts: &'static str,
    },
    /// The key takes no comparison (only `=`).
    #[error("filter {key} takes = or :, not {op}")]
    BadOperator {
        /// The key.
        key: &'static str,
        /// The operator given.
        op: Cmp,
    },
    /// A plain 分野 or 項目 number that more than one edition has.
    #[error("{}", ambiguous_message(key, value, choices))]
    Ambiguous {
        /// The key (`field` or `item`).
        key: &'static str,
        /// The value as given.
        value: String,
        /// The edition-qualified values to choose from (`ict2014:2`), each
        /// with its name when known.
        choices: Vec<(String, Option<String>)>,
    },
    /// A numeric key was used where a facet value is needed.
    #[error("filter {0} compares numbers; it has no facet value")]
    NotAFacet(&'static str),
}

/// The message of [`FilterError::Ambiguous`]: one line per candidate
/// (`  ict2014:2 行政の情報化`), then how to choose.
fn ambiguous_message(key: &str, value: &str, choices: &[(String, Option<String>)]) -> String {
    let what = if key == "item" { "項目" } else { "分野" };
    let mut out =
        format!("{key}={value} is ambiguous: more than one edition has a {what} {value}:");
    for (v, label) in choices {
        out.push_str("\n  ");
        out.push_str(v);
        if let Some(l) = label {
            out.push(' ');
            out.push_str(l);
        }
    }
    if let Some((first, _)) = choices.first() {
        let edition = first.split_once(':').map_or(first.as_str(), |(e, _)| e);
        out.push_str(&format!(
            "\nchoose one with its edition, e.g. {key}={first}, or add the filter edition={edition}"
        ));
    }
    out
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
        dim: Dim,
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
            accepts: self.key.accepts(),
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
        if dim.facet.as_ref().is_some_and(|f| f.years) {
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
        let value: String = crate::unicode::nfkc(&self.value).replace('〜', "~");
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
        let parse: fn(&str) -> Option<String> = self
            .key
            .dim
            .facet
            .as_ref()
            .map_or(dimension::read::any, |f| f.parse);
        let value = parse(&self.value).ok_or_else(|| self.bad_value())?;
        Ok(filter_key(self.key.name(), &value))
    }
}

impl FromStr for Filter {
    type Err = FilterError;

    /// Parses `key=value`, `key:value` or `key<op>value` with `<op>` one of
    /// `>=`, `>`, `<=`, `<` (full-width forms and ≧/≦ too).
    fn from_str(s: &str) -> Result<Filter, FilterError> {
        let text: String = crate::unicode::nfkc(s)
            .replace('≧', ">=")
            .replace('≦', "<=");
        let (key, op, value) =
            split_comparison(&text).ok_or_else(|| FilterError::NoSeparator(s.to_string()))?;
        let key =
            FilterKey::from_name(key).ok_or_else(|| FilterError::UnknownKey(key.to_string()))?;
        let filter = Filter::compare(key, op, value.trim());
        // A filter that parses is one that can be applied: a value the key
        // cannot read (`year=abc`) is refused here, not ignored later.
        filter.resolve()?;
        Ok(filter)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_parse_and_resolve() {
        let f: Filter = "dept=情報政策課".parse().unwrap();
        assert_eq!(
            f,
            Filter::new(FilterKey::from_name("dept").unwrap(), "情報政策課")
        );
        let y: Filter = "year:H27".parse().unwrap();
        assert_eq!(
            y.facet_key(),
            Filter::new(FilterKey::from_name("year").unwrap(), "2015").facet_key()
        );
        assert_eq!(
            "is_new=yes".parse::<Filter>().unwrap().key,
            FilterKey::from_name("new").unwrap()
        );
        assert!(matches!(
            "nope=1".parse::<Filter>(),
            Err(FilterError::UnknownKey(_))
        ));
        assert!(matches!(
            "dept".parse::<Filter>(),
            Err(FilterError::NoSeparator(_))
        ));
        assert!(Filter::new(FilterKey::from_name("new").unwrap(), "maybe")
            .facet_key()
            .is_err());
        assert_eq!(
            FilterKey::from_name("item").unwrap().dim(),
            FilterKey::from_name("field").unwrap().dim()
        );
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
                Filter::compare(
                    FilterKey::from_name("indicator.target").unwrap(),
                    Cmp::Ge,
                    "1000"
                ),
                "{s}"
            );
        }
        let f: Filter = "indicator.current<10".parse().unwrap();
        assert_eq!(
            (f.key, f.op),
            (FilterKey::from_name("indicator.current").unwrap(), Cmp::Lt)
        );
        assert_eq!(f.to_string(), "indicator.current<10");
        match f.resolve().unwrap() {
            Resolved::Numeric(c) => assert!(c.contains(9.0) && !c.contains(10.0)),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            "indicator.target>=many".parse::<Filter>(),
            Err(FilterError::BadValue { .. })
        ));
        assert!(matches!(
            "dept>=情報政策課".parse::<Filter>(),
            Err(FilterError::BadOperator { .. })
        ));
        let refused = "year=abc".parse::<Filter>().unwrap_err().to_string();
        assert!(
            refused.contains("\"abc\"") && refused.contains("H27"),
            "{refused}"
        );
        assert!(matches!(
            Filter::new(FilterKey::from_name("indicator.target").unwrap(), "1").facet_key(),
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
        assert!("year=2016..2015".parse::<Filter>().is_err());
    }
}
