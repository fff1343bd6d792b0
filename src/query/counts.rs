//! Facet counts per count key and level, as the collector hands them to
//! `facets`.
//!
//! One [`KeyCounts`] holds, for each count key with a count, its count at
//! every level (see `collect`) in one flat buffer: a segment's harvest and
//! the merge of several segments allocate once, not once per key (which was
//! most of the time of harvesting and merging). Merged counts are ordered by
//! key id, whatever order the segments list them in.

use std::sync::Arc;

use super::keys::CountKey;

/// Counts of count keys, `levels` per key.
#[derive(Debug, Default)]
pub(crate) struct KeyCounts {
    /// Counts per key.
    levels: usize,
    /// The keys, in the order their counts are stored.
    keys: Vec<Arc<CountKey>>,
    /// `levels` counts per key, key after key.
    values: Vec<u64>,
}

impl KeyCounts {
    /// No counts yet, `levels` per key.
    pub fn new(levels: usize) -> KeyCounts {
        KeyCounts {
            levels,
            keys: Vec::new(),
            values: Vec::new(),
        }
    }

    /// Appends `key` with its counts (`levels` of them; missing ones are 0,
    /// extra ones dropped).
    pub fn push(&mut self, key: &Arc<CountKey>, counts: impl IntoIterator<Item = u64>) {
        self.keys.push(Arc::clone(key));
        let start = self.values.len();
        self.values.extend(counts.into_iter().take(self.levels));
        self.values.resize(start + self.levels, 0);
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Every key with its counts, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&Arc<CountKey>, &[u64])> {
        let levels = self.levels.max(1);
        self.keys.iter().zip(self.values.chunks(levels))
    }

    /// The counts of `parts` summed per key id, ordered by key id.
    pub fn merge(parts: Vec<KeyCounts>) -> KeyCounts {
        let levels = parts.iter().map(|p| p.levels).max().unwrap_or(0);
        let top = parts
            .iter()
            .flat_map(|p| p.keys.iter().map(|k| k.id))
            .max()
            .map_or(0, |id| id as usize + 1);
        // Key id → its index in `summed`.
        let mut slot: Vec<u32> = vec![u32::MAX; top];
        let mut summed = KeyCounts::new(levels);
        for part in &parts {
            for (key, counts) in part.iter() {
                let Some(s) = slot.get_mut(key.id as usize) else {
                    continue;
                };
                if *s == u32::MAX {
                    *s = u32::try_from(summed.len()).unwrap_or(u32::MAX);
                    summed.push(key, counts.iter().copied());
                } else {
                    let at = *s as usize * levels;
                    let sums = summed.values.iter_mut().skip(at).take(levels);
                    for (sum, n) in sums.zip(counts) {
                        *sum += n;
                    }
                }
            }
        }
        let mut order: Vec<(u32, usize)> = summed
            .keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.id, i))
            .collect();
        order.sort_unstable();
        let mut out = KeyCounts::new(levels);
        out.keys.reserve(order.len());
        out.values.reserve(order.len() * levels);
        for (_, i) in order {
            if let Some(key) = summed.keys.get(i) {
                let counts = summed.values.iter().skip(i * levels).take(levels);
                out.push(key, counts.copied());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dimension::{Segment, KIND};
    use crate::index::facet_key::count_key;

    fn key(id: u32, value: &str) -> Arc<CountKey> {
        let path = [Segment {
            value: value.into(),
            label: None,
        }];
        Arc::new(CountKey::decode(id, &count_key(&KIND, &path)).expect("a count key"))
    }

    #[test]
    fn merges_by_key_id_in_id_order() {
        let (a, b, c) = (key(5, "a"), key(2, "b"), key(9, "c"));
        let mut one = KeyCounts::new(2);
        one.push(&a, [1, 2]);
        one.push(&b, [3, 0]);
        let mut two = KeyCounts::new(2);
        two.push(&c, [0, 7]);
        two.push(&a, [10, 20, 99]);
        let merged = KeyCounts::merge(vec![one, two]);
        let got: Vec<(u32, Vec<u64>)> = merged.iter().map(|(k, n)| (k.id, n.to_vec())).collect();
        assert_eq!(
            got,
            vec![(2, vec![3, 0]), (5, vec![11, 22]), (9, vec![0, 7])]
        );
        assert_eq!(KeyCounts::merge(Vec::new()).len(), 0);
        let mut short = KeyCounts::new(3);
        short.push(&b, [4]);
        assert_eq!(
            short.iter().next().map(|(_, n)| n.to_vec()),
            Some(vec![4, 0, 0])
        );
    }
}
