//! Facet counts as returned with every search.
//!
//! Built from the collector's per-level counts (see `collect`): a dimension
//! with a selected filter reads the level that ignores its own filter, others
//! read the level that honours every filter. Hierarchical dimensions (分野 →
//! 項目, bureau → division) come out as trees whose parent counts are counted
//! directly (a record is counted once under a parent, however many children it
//! has there).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use serde::Serialize;

use super::counts::KeyCounts;
use super::keys::CountKey;
use crate::dimension::{self, Dim, Order};
use crate::plan::values::natural_key;

/// One facet value with its count.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
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
fn add_label(node: &mut FacetValue, label: Option<&str>) {
    let Some(label) = label else { return };
    match &mut node.label {
        None => node.label = Some(label.to_string()),
        Some(existing) if existing.split(" / ").any(|l| l == label) => {}
        Some(existing) => {
            let mut all: Vec<&str> = existing.split(" / ").collect();
            all.push(label);
            all.sort_unstable();
            *existing = all.join(" / ");
        }
    }
}

/// Builds the facets from collector counts. `group_of` maps a dimension with
/// selected filters to its group index; `selected` holds the active filter keys.
pub(crate) fn build(
    counts: &KeyCounts,
    group_of: &HashMap<Dim, usize>,
    selected: &HashSet<String>,
) -> Facets {
    // Parents first, so children find their parent node.
    let mut keys: Vec<(&CountKey, u64)> = counts
        .iter()
        .filter_map(|(key, levels)| {
            let level = group_of.get(&key.dim).map_or(0, |g| g + 1);
            let count = levels.get(level).copied().unwrap_or(0);
            (count > 0).then_some((key.as_ref(), count))
        })
        .collect();
    keys.sort_by_key(|(key, _)| key.path.len());
    let mut tree = Tree::with_capacity(keys.len());
    for (key, count) in keys {
        tree.add(key, count, selected);
    }
    let mut facets = Facets::default();
    for (dim, values) in &mut facets.dims {
        *values = tree.take(dim);
        let order = dim.facet.as_ref().map_or(Order::Count, |f| f.order);
        sort_values(order, values);
    }
    facets
}

/// Where a facet value hangs: at the top of a dimension, or under a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Parent {
    Top(Dim),
    Node(usize),
}

/// Facet values under construction: nodes in an arena, each found by its
/// parent and value in one hash lookup.
#[derive(Default)]
struct Tree<'a> {
    /// Nodes, their children left empty until [`Tree::take`].
    nodes: Vec<FacetValue>,
    /// Children of each node, in insertion order.
    kids: Vec<Vec<usize>>,
    /// Top-level nodes with their dimension, in insertion order.
    tops: Vec<(Dim, usize)>,
    /// (parent, value) → node.
    find: HashMap<(Parent, &'a str), usize, BuildHasherDefault<FxHasher>>,
}

/// The multiply-rotate hash of rustc (FxHash): the tree's lookups hash short
/// strings a few thousand times per search, where SipHash's DoS resistance
/// buys nothing (the keys come from the index) and cost a tenth of the time
/// of building the facets. Only lookups use it, never iteration order.
#[derive(Default)]
struct FxHasher(u64);

impl FxHasher {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.add(u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl<'a> Tree<'a> {
    /// An empty tree with room for about `keys` count keys' nodes.
    fn with_capacity(keys: usize) -> Tree<'a> {
        Tree {
            nodes: Vec::with_capacity(keys),
            kids: Vec::with_capacity(keys),
            tops: Vec::new(),
            find: HashMap::with_capacity_and_hasher(keys, BuildHasherDefault::default()),
        }
    }

    /// Adds `count` to the node of `key`'s path, creating the path's nodes
    /// (count 0) where missing.
    fn add(&mut self, key: &'a CountKey, count: u64, selected: &HashSet<String>) {
        let depth = key.path.len().saturating_sub(1);
        let mut parent = Parent::Top(key.dim);
        for (i, seg) in key.path.iter().enumerate() {
            let id = match self.find.get(&(parent, seg.value.as_str())) {
                Some(&id) => id,
                None => {
                    let id = self.nodes.len();
                    self.nodes.push(FacetValue {
                        selected: key.filters.get(i).is_some_and(|f| selected.contains(f)),
                        value: seg.value.clone(),
                        ..FacetValue::default()
                    });
                    self.kids.push(Vec::new());
                    match parent {
                        Parent::Top(dim) => self.tops.push((dim, id)),
                        Parent::Node(p) => {
                            self.kids.get_mut(p).into_iter().for_each(|k| k.push(id))
                        }
                    }
                    self.find.insert((parent, seg.value.as_str()), id);
                    id
                }
            };
            if i == depth {
                if let Some(node) = self.nodes.get_mut(id) {
                    node.count += count;
                    add_label(node, seg.label.as_deref());
                }
                break;
            }
            parent = Parent::Node(id);
        }
    }

    /// The top-level values of `dim`, with their children, taken out.
    fn take(&mut self, dim: Dim) -> Vec<FacetValue> {
        let tops: Vec<usize> = self
            .tops
            .iter()
            .filter(|(d, _)| *d == dim)
            .map(|(_, id)| *id)
            .collect();
        tops.into_iter().map(|id| self.take_node(id)).collect()
    }

    fn take_node(&mut self, id: usize) -> FacetValue {
        let mut node = self
            .nodes
            .get_mut(id)
            .map(std::mem::take)
            .unwrap_or_default();
        let kids = self
            .kids
            .get_mut(id)
            .map(std::mem::take)
            .unwrap_or_default();
        node.children = kids.into_iter().map(|k| self.take_node(k)).collect();
        node
    }
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
    use crate::dimension::{Segment, FIELD, KIND};
    use crate::index::facet_key::{count_key, filter_key};
    use std::sync::Arc;

    fn seg(v: &str, l: Option<&str>) -> Segment {
        Segment {
            value: v.into(),
            label: l.map(Into::into),
        }
    }

    #[test]
    fn builds_trees_reads_the_right_level_and_marks_selection() {
        let raw = [
            (count_key(&KIND, &[seg("site", None)]), vec![1, 9]),
            (
                count_key(
                    &FIELD,
                    &[seg("2", Some("行政")), seg("2-3", Some("市町村"))],
                ),
                vec![2, 2],
            ),
            (count_key(&FIELD, &[seg("2", Some("行政"))]), vec![3, 5]),
            (count_key(&FIELD, &[seg("10", Some("産業"))]), vec![0, 4]),
            (filter_key("kind", "site"), vec![1, 9]),
        ];
        let mut counts = KeyCounts::new(2);
        for (i, (key, levels)) in raw.iter().enumerate() {
            if let Some(key) = CountKey::decode(i as u32, key) {
                counts.push(&Arc::new(key), levels.iter().copied());
            }
        }
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
