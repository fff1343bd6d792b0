//! Small, panic-free accessors over lopdf objects.
//!
//! Every accessor follows indirect references (with a hop limit, so reference
//! cycles terminate) and answers `None` instead of failing when an object has
//! the wrong type. Stream data is always decoded with a size limit.

use lopdf::{Dictionary, Document, Object, Stream};

/// How many indirect references may be followed in a chain.
const MAX_REFERENCE_HOPS: usize = 32;

/// Follow references until a direct object; `None` for dangling or cyclic references.
pub fn resolve<'a>(doc: &'a Document, mut obj: &'a Object) -> Option<&'a Object> {
    for _ in 0..MAX_REFERENCE_HOPS {
        match obj {
            Object::Reference(id) => obj = doc.objects.get(id)?,
            other => return Some(other),
        }
    }
    None
}

/// `dict[key]`, resolved.
pub fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    resolve(doc, dict.get(key).ok()?)
}

/// A dictionary value (a stream's dictionary counts too).
pub fn as_dict<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    match resolve(doc, obj)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// `dict[key]` as a dictionary.
pub fn get_dict<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    as_dict(doc, dict.get(key).ok()?)
}

/// `dict[key]` as a stream.
pub fn get_stream<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Stream> {
    match get(doc, dict, key)? {
        Object::Stream(s) => Some(s),
        _ => None,
    }
}

/// `dict[key]` as a name.
pub fn get_name<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match get(doc, dict, key)? {
        Object::Name(n) => Some(n.as_slice()),
        _ => None,
    }
}

/// A number (integer or real).
pub fn as_number(doc: &Document, obj: &Object) -> Option<f32> {
    match resolve(doc, obj)? {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// `dict[key]` as a number.
pub fn get_number(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f32> {
    as_number(doc, dict.get(key).ok()?)
}

/// `dict[key]` as an array.
pub fn get_array<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Vec<Object>> {
    match get(doc, dict, key)? {
        Object::Array(a) => Some(a),
        _ => None,
    }
}

/// An array of numbers (non-numbers are skipped).
pub fn numbers(doc: &Document, arr: &[Object]) -> Vec<f32> {
    arr.iter().filter_map(|o| as_number(doc, o)).collect()
}

/// `dict[key]` as a rectangle `[x0 y0 x1 y1]`, normalised so x0 <= x1, y0 <= y1.
pub fn get_rect(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<[f32; 4]> {
    let n = numbers(doc, get_array(doc, dict, key)?);
    if n.len() < 4 || n.iter().take(4).any(|v| !v.is_finite()) {
        return None;
    }
    Some([
        n[0].min(n[2]),
        n[1].min(n[3]),
        n[0].max(n[2]),
        n[1].max(n[3]),
    ])
}

/// The decoded data of a stream, bounded by `limit` bytes (see [`super::filters`]).
pub fn stream_data(doc: &Document, stream: &Stream, limit: usize) -> Result<Vec<u8>, String> {
    super::filters::decode_stream(doc, stream, limit)
        .map_err(|e| format!("stream could not be decoded: {e}"))
}

/// Strip a subset tag ("ABCDEF+") from a font name.
pub fn strip_subset_tag(name: &[u8]) -> String {
    let s = String::from_utf8_lossy(name);
    match s.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()) => {
            rest.to_string()
        }
        _ => s.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_tags_are_removed_only_when_well_formed() {
        assert_eq!(strip_subset_tag(b"ABCDEF+IPAexGothic"), "IPAexGothic");
        assert_eq!(strip_subset_tag(b"Ab+X"), "Ab+X");
        assert_eq!(strip_subset_tag(b"HeiseiMin-W3"), "HeiseiMin-W3");
    }

    #[test]
    fn reference_cycles_resolve_to_none() {
        let mut doc = Document::with_version("1.5");
        doc.objects.insert((1, 0), Object::Reference((2, 0)));
        doc.objects.insert((2, 0), Object::Reference((1, 0)));
        assert!(resolve(&doc, &Object::Reference((1, 0))).is_none());
    }
}
