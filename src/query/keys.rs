//! Count keys decoded once per segment: what facet counting hands to `facets`.
//!
//! A segment's facet column lists its count keys by term ordinal (count keys
//! start with `c`, filter keys with `f`, and ordinals follow byte order, so
//! the count keys are the leading ordinals). Decoding them (dimension, path,
//! the filter key of every level) and keying counts by their strings cost
//! more per search than counting itself, so [`segment_keys`] decodes a
//! segment's keys once and caches them by segment id (segments are
//! immutable). Every distinct key gets one process-wide id, so the counts of
//! several segments merge by id without comparing strings.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;

use crate::dimension::{Dim, Segment};
use crate::index::facet_key::{filter_key, parse_count_key};

/// Segments whose keys are cached; past this the segment cache starts afresh
/// (the key ids are kept, so counts of old and new segments still merge).
const CACHED_SEGMENTS: usize = 512;

/// A decoded count key.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct CountKey {
    /// Process-wide id: equal keys have equal ids.
    pub id: u32,
    /// Its facet dimension.
    pub dim: Dim,
    /// Its value path, root first (never empty).
    pub path: Vec<Segment>,
    /// The filter key naming each level of `path`: what a selected filter holds.
    pub filters: Vec<String>,
}

impl CountKey {
    /// Decodes the count key `key` under `id`; `None` for filter keys and
    /// anything malformed.
    pub fn decode(id: u32, key: &str) -> Option<CountKey> {
        let (dim, path) = parse_count_key(key)?;
        let filters = path
            .iter()
            .enumerate()
            .map(|(depth, seg)| filter_key(dim.filter_name(depth), &seg.value))
            .collect();
        Some(CountKey {
            id,
            dim,
            path,
            filters,
        })
    }
}

/// A segment's count keys by term ordinal (`None` where one is malformed).
pub(crate) type SegmentKeys = Vec<Option<Arc<CountKey>>>;

/// Key ids and decoded segments.
#[derive(Default)]
struct Cache {
    /// Key string → its id.
    ids: HashMap<String, u32>,
    /// Segment → its decoded count keys.
    segments: HashMap<SegmentId, Arc<SegmentKeys>>,
}

fn cache() -> &'static Mutex<Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(Mutex::default)
}

/// The decoded count keys of `segment`, whose facet column is `col`.
pub(crate) fn segment_keys(
    segment: SegmentId,
    col: &StrColumn,
) -> tantivy::Result<Arc<SegmentKeys>> {
    let lock = || {
        cache()
            .lock()
            .map_err(|_| tantivy::TantivyError::InternalError("facet key cache poisoned".into()))
    };
    if let Some(keys) = lock()?.segments.get(&segment) {
        return Ok(Arc::clone(keys));
    }
    let mut raw = Vec::new();
    let mut stream = col.dictionary().stream()?;
    while stream.advance() {
        let key = stream.key();
        if key.first().is_some_and(|b| *b > b'c') {
            break;
        }
        raw.push(String::from_utf8_lossy(key).into_owned());
    }
    let mut cache = lock()?;
    let keys: SegmentKeys = raw
        .into_iter()
        .map(|key| {
            let next = u32::try_from(cache.ids.len()).unwrap_or(u32::MAX);
            let id = *cache.ids.entry(key.clone()).or_insert(next);
            CountKey::decode(id, &key).map(Arc::new)
        })
        .collect();
    let keys = Arc::new(keys);
    if cache.segments.len() >= CACHED_SEGMENTS {
        cache.segments.clear();
    }
    cache.segments.insert(segment, Arc::clone(&keys));
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dimension::FIELD;
    use crate::index::facet_key::count_key;

    #[test]
    fn decodes_paths_and_the_filter_key_of_every_level() {
        let path = vec![
            Segment {
                value: "ict2014:2".into(),
                label: Some("行政".into()),
            },
            Segment {
                value: "ict2014:2-3".into(),
                label: None,
            },
        ];
        let key = CountKey::decode(7, &count_key(&FIELD, &path)).expect("a count key");
        assert_eq!(key.id, 7);
        assert_eq!(key.path, path);
        assert_eq!(
            key.filters,
            vec![
                filter_key("field", "ict2014:2"),
                filter_key("item", "ict2014:2-3")
            ]
        );
        assert_eq!(CountKey::decode(0, &filter_key("dept", "x")), None);
    }
}
