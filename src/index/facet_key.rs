//! Facet keys: the strings stored in the facet fields of a document.
//!
//! Two families, stored in two fields (see [`super::schema::FACET_COUNT`]):
//! - **count keys** (`c␟dim␟seg␟seg…`) are what facet counting reads; a
//!   segment is `value` or `value␞label` (the label is shown, the value is what a
//!   filter names). Hierarchical facets write one key per level, so a record
//!   under 分野 2 / 項目 3 carries both `c␟field␟2␞…` and `c␟field␟2␞…␟3␞…`.
//! - **filter keys** (`f␟key␟value`) are what filters match, with the value
//!   normalised ([`normalize_value`]) so `dept=情報政策課` and a full-width
//!   variant agree.
//!
//! Because tantivy's `FacetCollector` only counts direct children, counting is
//! done by our own collector over the count column (see `crate::query`); this module
//! only owns the encoding, shared by the document builder and the query side.

use crate::analysis;
use crate::dimension::{self, Dim};

/// Separates the parts of a key.
pub const UNIT: char = '\u{1f}';
/// Separates a segment's value from its label.
pub const LABEL: char = '\u{1e}';

pub use crate::dimension::Segment;

/// Strips the separators from a part so it cannot break the encoding.
fn clean(part: &str) -> String {
    part.chars().filter(|c| *c != UNIT && *c != LABEL).collect()
}

/// The count key of `dim` for the path `segments` (root first).
pub fn count_key(dim: Dim, segments: &[Segment]) -> String {
    let mut key = format!("c{UNIT}{}", dim.name);
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

/// Whether `key` is a count key (else a filter key): count keys go to the
/// count column, filter keys to the filter field (see
/// [`super::schema::FACET_COUNT`]).
pub fn is_count_key(key: &str) -> bool {
    key.starts_with('c')
}

/// Decodes a count key into its dimension and path; `None` for filter keys
/// and anything malformed.
pub fn parse_count_key(key: &str) -> Option<(Dim, Vec<Segment>)> {
    let mut parts = key.split(UNIT);
    if parts.next()? != "c" {
        return None;
    }
    let name = parts.next()?;
    let dim = dimension::facets()
        .map(|(d, _)| d)
        .find(|d| d.name == name)?;
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
    analysis::normalize_text(value.trim()).trim().to_lowercase()
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
        let key = count_key(&dimension::FIELD, &path);
        assert_eq!(parse_count_key(&key), Some((&dimension::FIELD, path)));
        assert_eq!(parse_count_key(&filter_key("dept", "x")), None);
        assert_eq!(parse_count_key("c\u{1f}nope\u{1f}x"), None);
        assert!(is_count_key(&key));
        assert!(!is_count_key(&filter_key("dept", "x")));
        assert!(!is_count_key(&unit_filter_key("target", "円")));
    }

    #[test]
    fn filter_keys_are_normalised() {
        assert_eq!(
            filter_key("edition", " ICT2014 "),
            filter_key("edition", "ＩＣＴ２０１４")
        );
    }
}
