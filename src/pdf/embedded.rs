//! Unicode read from a font's embedded program, for fonts whose PDF
//! dictionaries do not give it: a TrueType program's own `cmap`, reached by
//! glyph id (CID fonts, through /CIDToGIDMap) or by glyph name (simple
//! fonts, through the program's `post` names).

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

use lopdf::{Dictionary, Document, Object};

use super::encoding::glyph_name_to_unicode;
use super::objects::{get_stream, resolve, stream_data};
use super::truetype::{parse_truetype, TrueTypeInfo};

/// The embedded TrueType program of a simple font, parsed only when some
/// glyph name of its encoding is not in the glyph list (see
/// [`super::truetype::TrueTypeInfo::unicode_by_glyph_name`]).
pub(super) fn truetype_for_names(
    doc: &Document,
    descriptor: Option<&Dictionary>,
    names: &[Option<String>],
    limit: usize,
) -> Option<TrueTypeInfo> {
    let unknown = |n: &Option<String>| {
        n.as_deref()
            .is_some_and(|n| n != ".notdef" && glyph_name_to_unicode(n).is_none())
    };
    if !names.iter().any(unknown) {
        return None;
    }
    let file = descriptor.and_then(|d| get_stream(doc, d, b"FontFile2"))?;
    stream_data(doc, file, limit)
        .ok()
        .map(|d| parse_truetype(&d))
}

/// Glyph id → Unicode of an embedded TrueType program (see
/// [`parse_truetype`]), parsed at the first glyph that needs it: with a
/// complete ToUnicode, no glyph does, and the program (often the largest
/// stream of a page) is never inflated. The font belongs to one document,
/// which [`super::font::Font::decode`] passes.
#[derive(Default)]
pub(super) struct GidUnicode {
    /// The FontFile2 stream and the size limit for decoding it.
    program: Option<(lopdf::ObjectId, usize)>,
    map: OnceLock<FxHashMap<u16, char>>,
}

impl GidUnicode {
    pub(super) fn get(&self, doc: &Document) -> &FxHashMap<u16, char> {
        self.map.get_or_init(|| {
            let Some((id, limit)) = self.program else {
                return FxHashMap::default();
            };
            match resolve(doc, &Object::Reference(id)) {
                Some(Object::Stream(s)) => stream_data(doc, s, limit)
                    .map(|data| parse_truetype(&data).gid_to_unicode)
                    .unwrap_or_default(),
                _ => FxHashMap::default(),
            }
        })
    }
}

/// A CID TrueType font's glyph id → Unicode (read at the first glyph that
/// needs it: for Identity fonts without ToUnicode, or with a partial one)
/// and its /CIDToGIDMap.
pub(super) fn truetype_maps(
    doc: &Document,
    descriptor: Option<&Dictionary>,
    cid_font: &Dictionary,
    limit: usize,
) -> (GidUnicode, Option<Vec<u16>>) {
    let mut gid_to_unicode = GidUnicode::default();
    let mut cid_to_gid = None;
    if let Some(file) = descriptor.and_then(|d| get_stream(doc, d, b"FontFile2")) {
        match descriptor.and_then(|d| d.get(b"FontFile2").ok()) {
            Some(Object::Reference(id)) => gid_to_unicode.program = Some((*id, limit)),
            _ => {
                let map = stream_data(doc, file, limit)
                    .map(|data| parse_truetype(&data).gid_to_unicode)
                    .unwrap_or_default();
                gid_to_unicode.map.get_or_init(|| map);
            }
        }
        if let Some(map) = get_stream(doc, cid_font, b"CIDToGIDMap") {
            if let Ok(data) = stream_data(doc, map, limit) {
                cid_to_gid = Some(
                    data.chunks_exact(2)
                        .map(|p| u16::from_be_bytes([p[0], p[1]]))
                        .collect(),
                );
            }
        }
    }
    (gid_to_unicode, cid_to_gid)
}
