//! Glyph widths of CIDFonts: the /W and /W2 arrays (ISO 32000-1 §9.7.4.3).

use std::collections::HashMap;

use lopdf::{Document, Object};

use super::objects::{as_number, numbers, resolve};

/// Upper bound on CIDs covered by one `cfirst clast w` range of /W or /W2.
const MAX_RANGE: u32 = 65_536;

/// /W: `c [w1 w2 …]` and `cfirst clast w` entries (§9.7.4.3).
pub fn parse_w(doc: &Document, w: &[Object]) -> HashMap<u32, f32> {
    let mut out = HashMap::new();
    let mut i = 0;
    while i < w.len() {
        let Some(first) = as_number(doc, &w[i]) else {
            i += 1;
            continue;
        };
        let first = first.max(0.0) as u32;
        match w.get(i + 1).and_then(|o| resolve(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, v) in numbers(doc, list).into_iter().enumerate() {
                    out.insert(first.saturating_add(k as u32), v / 1000.0);
                }
                i += 2;
            }
            Some(_) => {
                let last = w
                    .get(i + 1)
                    .and_then(|o| as_number(doc, o))
                    .unwrap_or(0.0)
                    .max(0.0) as u32;
                let width = w
                    .get(i + 2)
                    .and_then(|o| as_number(doc, o))
                    .unwrap_or(1000.0);
                for c in first..=last.min(first.saturating_add(MAX_RANGE)) {
                    out.insert(c, width / 1000.0);
                }
                i += 3;
            }
            None => break,
        }
    }
    out
}

/// /W2: `c [w1y vx vy …]` and `cfirst clast w1y vx vy` entries.
pub fn parse_w2(doc: &Document, w: &[Object]) -> HashMap<u32, (f32, f32, f32)> {
    let mut out = HashMap::new();
    let mut i = 0;
    while i < w.len() {
        let Some(first) = as_number(doc, &w[i]) else {
            i += 1;
            continue;
        };
        let first = first.max(0.0) as u32;
        match w.get(i + 1).and_then(|o| resolve(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, v) in numbers(doc, list).chunks_exact(3).enumerate() {
                    out.insert(
                        first.saturating_add(k as u32),
                        (v[0] / 1000.0, v[1] / 1000.0, v[2] / 1000.0),
                    );
                }
                i += 2;
            }
            Some(_) => {
                let vals: Vec<f32> = w[i + 1..]
                    .iter()
                    .take(4)
                    .filter_map(|o| as_number(doc, o))
                    .collect();
                if let [last, w1, vx, vy] = vals[..] {
                    let last = last.max(0.0) as u32;
                    for c in first..=last.min(first.saturating_add(MAX_RANGE)) {
                        out.insert(c, (w1 / 1000.0, vx / 1000.0, vy / 1000.0));
                    }
                }
                i += 5;
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
}
