//! Damaged copies of a plan PDF, as a user's folder holds them: bytes
//! flipped inside text of the content streams, a wrong `startxref`, a
//! garbage cross-reference table. Used by tests/e2e/ingest_conflicts.rs.

#![allow(dead_code)]

use std::path::Path;

/// Write `src` to `out` with the glyph codes of every `every`-th text string
/// of its content streams overwritten (hex digits set to `F`, literal bytes
/// to 0xFF): the text still parses, with characters unmapped or dropped.
pub fn flip_content(src: &Path, every: usize, out: &Path) {
    let mut doc = lopdf::Document::load(src).expect("load");
    let mut strings = 0usize;
    for object in doc.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        let Ok(plain) = stream.decompressed_content() else {
            continue;
        };
        if !contains(&plain, b"BT") || !(contains(&plain, b"Tj") || contains(&plain, b"TJ")) {
            continue;
        }
        let flipped = flip_strings(&plain, every, &mut strings);
        stream.set_plain_content(flipped);
    }
    assert!(strings > 0, "no text strings in {}", src.display());
    doc.save(out).expect("save");
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Flip the bytes of every `every`-th string operand in `content`.
fn flip_strings(content: &[u8], every: usize, count: &mut usize) -> Vec<u8> {
    let mut out = content.to_vec();
    let mut i = 0;
    while i < out.len() {
        match out[i] {
            b'<' if out.get(i + 1) != Some(&b'<') => {
                let end = out[i..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(out.len(), |p| i + p);
                *count += 1;
                if (*count).is_multiple_of(every) {
                    // Every second code of the string: a glyph nothing maps.
                    for (k, b) in out[i + 1..end].iter_mut().enumerate() {
                        if b.is_ascii_hexdigit() && (k / 4) % 2 == 1 {
                            *b = b'F';
                        }
                    }
                }
                i = end + 1;
            }
            b'<' => i += 2,
            b'(' => {
                let mut j = i + 1;
                while j < out.len() && out[j] != b')' {
                    j += if out[j] == b'\\' { 2 } else { 1 };
                }
                *count += 1;
                if (*count).is_multiple_of(every) {
                    for k in (i + 1..j.min(out.len())).step_by(4) {
                        if !matches!(out[k], b'\\' | b'(' | b')') {
                            out[k] = 0xff;
                        }
                    }
                }
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// Write `src` to `out` with its `startxref` offset pointing `shift` bytes
/// off the cross-reference table.
pub fn wrong_startxref(src: &Path, shift: usize, out: &Path) {
    let bytes = std::fs::read(src).expect("read");
    let at = rfind(&bytes, b"startxref").expect("startxref");
    let tail = &bytes[at + 9..];
    let digits: Vec<u8> = tail
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .copied()
        .collect();
    let offset: usize = String::from_utf8(digits)
        .expect("ascii")
        .parse()
        .expect("offset");
    let mut fixed = bytes[..at].to_vec();
    fixed.extend_from_slice(format!("startxref\n{}\n%%EOF\n", offset + shift).as_bytes());
    std::fs::write(out, fixed).expect("write");
}

/// Write `src` to `out` with the entries of its cross-reference table
/// overwritten by garbage of the same length.
pub fn garbage_xref(src: &Path, out: &Path) {
    let mut bytes = std::fs::read(src).expect("read");
    let start = rfind(&bytes, b"\nxref").expect("xref") + 5;
    let end = rfind(&bytes, b"trailer").expect("trailer");
    let mut x = 0x2545_u32;
    for b in &mut bytes[start + 8..end] {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        *b = b"0123456789 nf\n#x"[(x >> 16) as usize % 16];
    }
    std::fs::write(out, bytes).expect("write");
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Write `src` to `out` with the document information /ModDate set to `date`
/// (a PDF date, e.g. "D:20150401000000+09'00'").
pub fn with_mod_date(src: &Path, date: &str, out: &Path) {
    let mut doc = lopdf::Document::load(src).expect("load");
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .expect("Info");
    let dict = doc
        .get_object_mut(info)
        .and_then(lopdf::Object::as_dict_mut)
        .expect("Info dict");
    dict.set(
        "ModDate",
        lopdf::Object::String(date.as_bytes().to_vec(), lopdf::StringFormat::Literal),
    );
    doc.save(out).expect("save");
}
