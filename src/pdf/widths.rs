//! Glyph widths of CIDFonts: the /W and /W2 arrays (ISO 32000-1 §9.7.4.3).

use rustc_hash::FxHashMap;

use lopdf::{Document, Object};

use super::objects::{as_number, numbers, resolve};

/// Upper bound on CIDs covered by one `cfirst clast w` range of /W or /W2.
const MAX_RANGE: u32 = 65_536;

/// /W: `c [w1 w2 …]` and `cfirst clast w` entries (§9.7.4.3); a range
/// without its width gets 1000.
pub fn parse_w(doc: &Document, w: &[Object]) -> FxHashMap<u32, f32> {
    walk(doc, w, Some([1000.0]))
        .into_iter()
        .map(|(cid, [width])| (cid, width))
        .collect()
}

/// /W2: `c [w1y vx vy …]` and `cfirst clast w1y vx vy` entries; a range
/// missing one of its values is skipped.
pub fn parse_w2(doc: &Document, w: &[Object]) -> FxHashMap<u32, (f32, f32, f32)> {
    walk(doc, w, None)
        .into_iter()
        .map(|(cid, [w1, vx, vy])| (cid, (w1, vx, vy)))
        .collect()
}

/// The entries of a /W-shaped array with `N` numbers per CID, in text
/// space units (the array's thousandths divided by 1000): `c [n1 … nN n1 …]`
/// gives consecutive CIDs from `c`, `cfirst clast n1 … nN` gives every CID of
/// the range (at most [`MAX_RANGE`]). A range missing values takes them from
/// `missing`, or is skipped when there is none.
fn walk<const N: usize>(
    doc: &Document,
    w: &[Object],
    missing: Option<[f32; N]>,
) -> FxHashMap<u32, [f32; N]> {
    let mut out = FxHashMap::default();
    let mut i = 0;
    while i < w.len() {
        let Some(first) = as_number(doc, &w[i]) else {
            i += 1;
            continue;
        };
        let first = first.max(0.0) as u32;
        match w.get(i + 1).and_then(|o| resolve(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, v) in numbers(doc, list).chunks_exact(N).enumerate() {
                    let values = std::array::from_fn(|n| v[n] / 1000.0);
                    out.insert(first.saturating_add(k as u32), values);
                }
                i += 2;
            }
            Some(_) => {
                let number = |at: usize| w.get(at).and_then(|o| as_number(doc, o));
                let last = number(i + 1).unwrap_or(0.0).max(0.0) as u32;
                let given: [Option<f32>; N] = std::array::from_fn(|n| number(i + 2 + n));
                let values: Option<[f32; N]> = match missing {
                    Some(default) => Some(std::array::from_fn(|n| given[n].unwrap_or(default[n]))),
                    None if given.iter().all(Option::is_some) => {
                        Some(std::array::from_fn(|n| given[n].unwrap_or_default()))
                    }
                    None => None,
                };
                if let Some(values) = values {
                    let values = values.map(|v| v / 1000.0);
                    for c in first..=last.min(first.saturating_add(MAX_RANGE)) {
                        out.insert(c, values);
                    }
                }
                i += 2 + N;
            }
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn w_array_both_forms() {
        let doc = Document::with_version("1.5");
        let w = vec![
            Object::Integer(1),
            Object::Array(vec![Object::Integer(500), Object::Integer(600)]),
            Object::Integer(10),
            Object::Integer(12),
            Object::Integer(250),
        ];
        let m = parse_w(&doc, &w);
        assert_eq!(m.get(&1), Some(&0.5));
        assert_eq!(m.get(&2), Some(&0.6));
        assert_eq!(m.get(&11), Some(&0.25));
        assert_eq!(m.get(&13), None);
    }

    #[test]
    fn w2_array_both_forms_and_an_incomplete_range() {
        let doc = Document::with_version("1.5");
        let n = |v: i64| Object::Integer(v);
        let w = vec![
            n(1),
            Object::Array(vec![n(-1000), n(500), n(880), n(-900), n(400), n(800)]),
            n(10),
            n(11),
            n(-1000),
            n(250),
            n(880),
            n(20),
            n(21),
            n(-1000),
        ];
        let m = parse_w2(&doc, &w);
        assert_eq!(m.get(&1), Some(&(-1.0, 0.5, 0.88)));
        assert_eq!(m.get(&2), Some(&(-0.9, 0.4, 0.8)));
        assert_eq!(m.get(&11), Some(&(-1.0, 0.25, 0.88)));
        assert_eq!(m.get(&20), None, "a range without vx vy is skipped");
    }
}
