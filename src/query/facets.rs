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

use crate::dimension::{self, Dim, Order};
use crate::index::facet_key::{filter_key, parse_count_key, Segment};
use crate::plan::values::natural_key;

/// One facet value with its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetValue {
    /// The value, as a filter names it (`field=ict2014:2`, `item=ict2014:2-3`,
    /// `dept=情報政策課`).
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

/// Counts of every facet dimension of the registry, keyed by dimension.
///
/// Serialises as a JSON object with one key per facet dimension, in registry
/// order, each holding its values (an empty list when none matched):
/// `{"edition": [...], "kind": [...], ...}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facets {
    /// Every facet dimension with its values, in registry order.
    dims: Vec<(Dim, Vec<FacetValue>)>,
}

impl Default for Facets {
    fn default() -> Facets {
        Facets {
            dims: dimension::facets().map(|(d, _)| (d, Vec::new())).collect(),
        }
    }
}

impl Facets {
    /// The values of the facet named `name` (empty for unknown names).
    pub fn get(&self, name: &str) -> &[FacetValue] {
        self.dims
            .iter()
            .find(|(d, _)| d.name == name)
            .map_or(&[], |(_, v)| v.as_slice())
    }

    /// Every facet dimension with its values, in registry order.
    pub fn iter(&self) -> impl Iterator<Item = (Dim, &[FacetValue])> {
        self.dims.iter().map(|(d, v)| (*d, v.as_slice()))
    }

    fn get_mut(&mut self, dim: Dim) -> Option<&mut Vec<FacetValue>> {
        self.dims
            .iter_mut()
            .find(|(d, _)| *d == dim)
            .map(|(_, v)| v)
    }
}

impl Serialize for Facets {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.dims.len()))?;
        for (dim, values) in &self.dims {
            map.serialize_entry(dim.name, values)?;
        }
        map.end()
    }
}

/// Adds `label` to a node's labels (kept distinct and sorted, so the
/// joined label does not depend on the order counts arrive in).
fn add_label(node: &mut FacetValue, label: Option<String>) {
    let Some(label) = label else { return };
    match &mut node.label {
        None => node.label = Some(label),
        Some(existing) if existing.split(" / ").any(|l| l == label) => {}
        Some(existing) => {
            let mut all: Vec<&str> = existing.split(" / ").collect();
            all.push(&label);
            all.sort_unstable();
            *existing = all.join(" / ");
        }
    }
}

/// Builds the facets from collector counts. `group_of` maps a dimension with
/// selected filters to its group index; `selected` holds the active filter keys.
pub(crate) fn build(
    counts: &HashMap<String, Vec<u64>>,
    group_of: &HashMap<Dim, usize>,
    selected: &HashSet<String>,
) -> Facets {
    let mut facets = Facets::default();
    // Parents first, so children find their parent node.
    let mut keys: Vec<(Dim, Vec<Segment>, u64)> = counts
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
        let Some(mut list) = facets.get_mut(dim) else {
            continue;
        };
        let depth = path.len().saturating_sub(1);
        for (i, seg) in path.into_iter().enumerate() {
            let pos = match list.iter().position(|n| n.value == seg.value) {
                Some(p) => p,
                None => {
                    list.push(FacetValue {
                        selected: selected.contains(&filter_key(dim.filter_name(i), &seg.value)),
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
    for (dim, values) in &mut facets.dims {
        let order = dim.facet.as_ref().map_or(Order::Count, |f| f.order);
        sort_values(order, values);
    }
    facets
}

/// Values in the facet's [`Order`], children too.
fn sort_values(order: Order, values: &mut [FacetValue]) {
    match order {
        Order::Natural => values.sort_by_cached_key(|v| natural_key(&v.value)),
        Order::Count => {
            values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)))
        }
    }
    for v in values.iter_mut() {
        sort_values(order, &mut v.children);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dimension::{FIELD, KIND};
    use crate::index::facet_key::count_key;

    fn seg(v: &str, l: Option<&str>) -> Segment {
        Segment {
            value: v.into(),
            label: l.map(Into::into),
        }
    }

    #[test]
    fn builds_trees_reads_the_right_level_and_marks_selection() {
        let mut counts = HashMap::new();
        counts.insert(count_key(&FIELD, &[seg("2", Some("行政"))]), vec![3, 5]);
        counts.insert(count_key(&FIELD, &[seg("10", Some("産業"))]), vec![0, 4]);
        counts.insert(
            count_key(
                &FIELD,
                &[seg("2", Some("行政")), seg("2-3", Some("市町村"))],
            ),
            vec![2, 2],
        );
        counts.insert(count_key(&KIND, &[seg("site", None)]), vec![1, 9]);
        counts.insert(filter_key("kind", "site"), vec![1, 9]);
        let group_of: HashMap<Dim, usize> = HashMap::from([(&FIELD, 0)]);
        let selected = HashSet::from([filter_key("field", "2")]);
        let f = build(&counts, &group_of, &selected);
        assert_eq!(f.get("kind").len(), 1);
        assert_eq!(
            f.get("kind")[0].count,
            1,
            "other facets honour every filter"
        );
        let values: Vec<(&str, u64, bool)> = f
            .get("field")
            .iter()
            .map(|v| (v.value.as_str(), v.count, v.selected))
            .collect();
        assert_eq!(values, vec![("2", 5, true), ("10", 4, false)]);
        assert_eq!(f.get("field")[0].label.as_deref(), Some("行政"));
        assert_eq!(f.get("field")[0].children[0].value, "2-3");
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(json["kind"][0]["value"], "site");
        assert!(json["kind"][0].get("children").is_none());
    }
}
