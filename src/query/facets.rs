//! Facet counts as returned with every search.
//!
//! Built from the collector's per-level counts (see `collect`): a dimension
//! with a selected filter reads the level that ignores its own filter, others
//! read the level that honours every filter. Hierarchical dimensions (分野 →
//! 項目, bureau → division) come out as trees whose parent counts are counted
//! directly (a record is counted once under a parent, however many children it
//! has there).

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::index::facet_key::{filter_key, parse_count_key, FacetDim};
use crate::plan::values::natural_key;

/// One facet value with its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetValue {
    /// The value, as a filter names it (`field=2`, `item=2-3`, `dept=情報政策課`).
    pub value: String,
    /// Display name when it differs from the value (分野 and 項目 names;
    /// several names joined by " / " when editions disagree).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Number of matching records.
    pub count: u64,
    /// Whether a filter on this value is active.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub selected: bool,
    /// Sub-values (項目 under 分野, divisions under a bureau).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<FacetValue>,
}

/// Counts of every facet dimension.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// Editions.
    pub edition: Vec<FacetValue>,
    /// Record kinds.
    pub kind: Vec<FacetValue>,
    /// 分野 with 項目 children.
    pub field: Vec<FacetValue>,
    /// Bureaus with division children.
    pub dept: Vec<FacetValue>,
    /// Actors.
    pub actor: Vec<FacetValue>,
    /// 性質・手法.
    pub method: Vec<FacetValue>,
    /// 「新」 badge: "true" / "false".
    pub new: Vec<FacetValue>,
    /// Western fiscal years covered by the schedule.
    pub year: Vec<FacetValue>,
    /// Has an indicator: "true" / "false".
    pub indicator: Vec<FacetValue>,
    /// Units of indicator values.
    pub unit: Vec<FacetValue>,
    /// Lineage status between editions.
    pub lineage: Vec<FacetValue>,
    /// Issuers (prefectures, municipalities).
    pub issuer: Vec<FacetValue>,
}

impl Facets {
    /// The values of `dim`.
    pub fn get(&self, dim: FacetDim) -> &[FacetValue] {
        match dim {
            FacetDim::Edition => &self.edition,
            FacetDim::Kind => &self.kind,
            FacetDim::Field => &self.field,
            FacetDim::Dept => &self.dept,
            FacetDim::Actor => &self.actor,
            FacetDim::Method => &self.method,
            FacetDim::New => &self.new,
            FacetDim::Year => &self.year,
            FacetDim::Indicator => &self.indicator,
            FacetDim::Unit => &self.unit,
            FacetDim::Lineage => &self.lineage,
            FacetDim::Issuer => &self.issuer,
        }
    }

    fn get_mut(&mut self, dim: FacetDim) -> &mut Vec<FacetValue> {
        match dim {
            FacetDim::Edition => &mut self.edition,
            FacetDim::Kind => &mut self.kind,
            FacetDim::Field => &mut self.field,
            FacetDim::Dept => &mut self.dept,
            FacetDim::Actor => &mut self.actor,
            FacetDim::Method => &mut self.method,
            FacetDim::New => &mut self.new,
            FacetDim::Year => &mut self.year,
            FacetDim::Indicator => &mut self.indicator,
            FacetDim::Unit => &mut self.unit,
            FacetDim::Lineage => &mut self.lineage,
            FacetDim::Issuer => &mut self.issuer,
        }
    }
}

/// The filter key that selects a value at `depth` (0 = top) of `dim`.
fn selecting_key(dim: FacetDim, depth: usize, value: &str) -> String {
    let key = match (dim, depth) {
        (FacetDim::Field, 0) => "field",
        (FacetDim::Field, _) => "item",
        (d, _) => d.name(),
    };
    filter_key(key, value)
}

/// Adds `label` to a node's labels (kept distinct, in order of arrival).
fn add_label(node: &mut FacetValue, label: Option<String>) {
    let Some(label) = label else { return };
    match &mut node.label {
        None => node.label = Some(label),
        Some(existing) if existing.split(" / ").any(|l| l == label) => {}
        Some(existing) => {
            existing.push_str(" / ");
            existing.push_str(&label);
        }
    }
}

/// Builds the facets from collector counts. `group_of` maps a dimension with
/// selected filters to its group index; `selected` holds the active filter keys.
pub(crate) fn build(
    counts: &HashMap<String, Vec<u64>>,
    group_of: &HashMap<FacetDim, usize>,
    selected: &HashSet<String>,
) -> Facets {
    let mut facets = Facets::default();
    // Parents first, so children find their parent node.
    let mut keys: Vec<(FacetDim, Vec<crate::index::facet_key::Segment>, u64)> = counts
        .iter()
        .filter_map(|(key, levels)| {
            let (dim, path) = parse_count_key(key)?;
            let level = group_of.get(&dim).map_or(0, |g| g + 1);
            let count = levels.get(level).copied().unwrap_or(0);
            (count > 0).then_some((dim, path, count))
        })
        .collect();
    keys.sort_by_key(|(_, path, _)| path.len());
    for (dim, path, count) in keys {
        let mut list = facets.get_mut(dim);
        let depth = path.len().saturating_sub(1);
        for (i, seg) in path.into_iter().enumerate() {
            let pos = match list.iter().position(|n| n.value == seg.value) {
                Some(p) => p,
                None => {
                    list.push(FacetValue {
                        selected: selected.contains(&selecting_key(dim, i, &seg.value)),
                        value: seg.value.clone(),
                        label: None,
                        count: 0,
                        children: Vec::new(),
                    });
                    list.len() - 1
                }
            };
            let Some(node) = list.get_mut(pos) else { break };
            if i == depth {
                node.count += count;
                add_label(node, seg.label);
                break;
            }
            list = &mut node.children;
        }
    }
    for dim in FacetDim::ALL {
        sort_values(dim, facets.get_mut(dim));
    }
    facets
}

/// Years and 分野/項目 in natural order; everything else by count, then value.
fn sort_values(dim: FacetDim, values: &mut [FacetValue]) {
    match dim {
        FacetDim::Year | FacetDim::Field => {
            values.sort_by_cached_key(|v| natural_key(&v.value));
        }
        _ => values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value))),
    }
    for v in values.iter_mut() {
        sort_values(dim, &mut v.children);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::facet_key::{count_key, Segment};

    fn seg(v: &str, l: Option<&str>) -> Segment {
        Segment {
            value: v.into(),
            label: l.map(Into::into),
        }
    }

    #[test]
    fn builds_trees_reads_the_right_level_and_marks_selection() {
        let mut counts = HashMap::new();
        counts.insert(
            count_key(FacetDim::Field, &[seg("2", Some("行政"))]),
            vec![3, 5],
        );
        counts.insert(
            count_key(FacetDim::Field, &[seg("10", Some("産業"))]),
            vec![0, 4],
        );
        counts.insert(
            count_key(
                FacetDim::Field,
                &[seg("2", Some("行政")), seg("2-3", Some("市町村"))],
            ),
            vec![2, 2],
        );
        counts.insert(count_key(FacetDim::Kind, &[seg("site", None)]), vec![1, 9]);
        counts.insert(filter_key("kind", "site"), vec![1, 9]);
        let group_of = HashMap::from([(FacetDim::Field, 0)]);
        let selected = HashSet::from([filter_key("field", "2")]);
        let f = build(&counts, &group_of, &selected);
        assert_eq!(f.kind.len(), 1);
        assert_eq!(f.kind[0].count, 1, "other facets honour every filter");
        let values: Vec<(&str, u64, bool)> = f
            .field
            .iter()
            .map(|v| (v.value.as_str(), v.count, v.selected))
            .collect();
        assert_eq!(values, vec![("2", 5, true), ("10", 4, false)]);
        assert_eq!(f.field[0].label.as_deref(), Some("行政"));
        assert_eq!(f.field[0].children[0].value, "2-3");
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(json["kind"][0]["value"], "site");
        assert!(json["kind"][0].get("children").is_none());
    }
}
