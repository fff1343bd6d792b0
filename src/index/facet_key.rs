//! Facet keys: the strings stored in the `facet` column of a document.
//!
//! Two families share the column:
//! - **count keys** (`c␟dim␟seg␟seg…`) are what facet counting reads; a
//!   segment is `value` or `value␞label` (the label is shown, the value is what a
//!   filter names). Hierarchical facets write one key per level, so a record
//!   under 分野 2 / 項目 3 carries both `c␟field␟2␞…` and `c␟field␟2␞…␟3␞…`.
//! - **filter keys** (`f␟key␟value`) are what filters match, with the value
//!   normalised ([`normalize_value`]) so `dept=情報政策課` and a full-width
//!   variant agree.
//!
//! Because tantivy's `FacetCollector` only counts direct children, counting is
//! done by our own collector over this column (see `crate::query`); this module
//! only owns the encoding, shared by the document builder and the query side.

use crate::analysis;

/// Separates the parts of a key.
pub const UNIT: char = '\u{1f}';
/// Separates a segment's value from its label.
pub const LABEL: char = '\u{1e}';

/// A facet dimension: one group of filters and one list of counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FacetDim {
    /// Edition id.
    Edition,
    /// Record kind.
    Kind,
    /// 分野 → 項目 (hierarchical).
    Field,
    /// Bureau → division (hierarchical).
    Dept,
    /// Actor (主体).
    Actor,
    /// 性質・手法.
    Method,
    /// 「新」 badge.
    New,
    /// Fiscal years (Western) covered by the schedule.
    Year,
    /// Whether the record has an indicator.
    Indicator,
    /// Units of the indicator's values (施設, 件, 円, …).
    Unit,
    /// Where the record stands between editions (continued, new, carried, dropped).
    Lineage,
    /// The body whose plan it is (prefecture, municipality).
    Issuer,
    /// Extraction quality of the pages the record was read from: `ok` or
    /// `damaged`.
    Quality,
}

impl FacetDim {
    /// Every dimension, in output order.
    pub const ALL: [FacetDim; 13] = [
        FacetDim::Edition,
        FacetDim::Kind,
        FacetDim::Field,
        FacetDim::Dept,
        FacetDim::Actor,
        FacetDim::Method,
        FacetDim::New,
        FacetDim::Year,
        FacetDim::Indicator,
        FacetDim::Unit,
        FacetDim::Lineage,
        FacetDim::Issuer,
        FacetDim::Quality,
    ];

    /// The name used in keys and in the JSON output.
    pub fn name(self) -> &'static str {
        match self {
            FacetDim::Edition => "edition",
            FacetDim::Kind => "kind",
            FacetDim::Field => "field",
            FacetDim::Dept => "dept",
            FacetDim::Actor => "actor",
            FacetDim::Method => "method",
            FacetDim::New => "new",
            FacetDim::Year => "year",
            FacetDim::Indicator => "indicator",
            FacetDim::Unit => "unit",
            FacetDim::Lineage => "lineage",
            FacetDim::Issuer => "issuer",
            FacetDim::Quality => "quality",
        }
    }

    /// The dimension named `name`.
    pub fn from_name(name: &str) -> Option<FacetDim> {
        FacetDim::ALL.into_iter().find(|d| d.name() == name)
    }
}

/// One level of a count key: the value a filter uses and an optional label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The value, e.g. "2" (分野 number) or "情報政策課".
    pub value: String,
    /// A display label, e.g. "行政の情報化".
    pub label: Option<String>,
}

/// Strips the separators from a part so it cannot break the encoding.
fn clean(part: &str) -> String {
    part.chars().filter(|c| *c != UNIT && *c != LABEL).collect()
}

/// The count key of `dim` for the path `segments` (root first).
pub fn count_key(dim: FacetDim, segments: &[Segment]) -> String {
    let mut key = format!("c{UNIT}{}", dim.name());
    for s in segments {
        key.push(UNIT);
        key.push_str(&clean(&s.value));
        if let Some(label) = &s.label {
            key.push(LABEL);
            key.push_str(&clean(label));
        }
    }
    key
}

/// Decodes a count key into its dimension and path; `None` for filter keys
/// and anything malformed.
pub fn parse_count_key(key: &str) -> Option<(FacetDim, Vec<Segment>)> {
    let mut parts = key.split(UNIT);
    if parts.next()? != "c" {
        return None;
    }
    let dim = FacetDim::from_name(parts.next()?)?;
    let segments: Vec<Segment> = parts
        .map(|p| match p.split_once(LABEL) {
            Some((v, l)) => Segment {
                value: v.to_string(),
                label: Some(l.to_string()),
            },
            None => Segment {
                value: p.to_string(),
                label: None,
            },
        })
        .collect();
    if segments.is_empty() {
        return None;
    }
    Some((dim, segments))
}

/// The filter key for `key=value`; `key` is a filter name such as `dept`,
/// `item` or `year`, `value` is normalised here.
pub fn filter_key(key: &str, value: &str) -> String {
    format!("f{UNIT}{key}{UNIT}{}", clean(&normalize_value(value)))
}

/// The filter key saying that the indicator value `measure` (`current`,
/// `target`, `change`) has `unit`; numeric filters that name a unit match it.
pub fn unit_filter_key(measure: &str, unit: &str) -> String {
    filter_key(&format!("unit.{measure}"), unit)
}

/// Normalises a facet value for matching: the analysis normalisation with
/// surrounding whitespace trimmed and Latin letters lower-cased.
pub fn normalize_value(value: &str) -> String {
    analysis::normalize(value.trim()).text.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_key_round_trips() {
        let path = vec![
            Segment {
                value: "2".into(),
                label: Some("行政の情報化".into()),
            },
            Segment {
                value: "3".into(),
                label: None,
            },
        ];
        let key = count_key(FacetDim::Field, &path);
        assert_eq!(parse_count_key(&key), Some((FacetDim::Field, path)));
        assert_eq!(parse_count_key(&filter_key("dept", "x")), None);
        assert_eq!(parse_count_key("c\u{1f}nope\u{1f}x"), None);
    }

    #[test]
    fn filter_keys_are_normalised() {
        assert_eq!(
            filter_key("edition", " ICT2014 "),
            filter_key("edition", "ＩＣＴ２０１４")
        );
    }
}
