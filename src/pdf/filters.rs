//! Stream filters (ISO 32000-1 §7.4): our own decoding of stream data.
//!
//! `/Filter` and `/DecodeParms` are read through indirect references (a
//! filter array stored as its own object is common in the wild), filter
//! chains run in order, and every decoder is bounded by the caller's byte
//! limit. Flate and LZW take the PNG and TIFF predictors. A damaged Flate
//! stream yields what inflated before the damage, as readers do. Image-only
//! filters (DCT, JPX, CCITTFax, JBIG2) are not decoded: their data is no
//! text.

use std::io::Read;

use lopdf::{Dictionary, Document, Object, Stream};

use super::objects::{as_number, resolve};

/// Why a stream could not be decoded.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum FilterError {
    /// A filter this layer does not decode (image codecs, unknown names).
    #[error("unsupported filter /{0}")]
    Unsupported(String),
    /// The data is not valid for its filter and nothing could be recovered.
    #[error("/{filter} data is corrupt: {reason}")]
    Corrupt {
        /// The filter's name.
        filter: &'static str,
        /// What was wrong.
        reason: String,
    },
    /// The decoded data would exceed the byte limit.
    #[error("a stream decodes to more than {0} bytes (possible decompression bomb)")]
    TooLarge(usize),
    /// `/Filter` is neither a name nor an array of names.
    #[error("malformed /Filter entry")]
    BadFilterEntry,
}

/// Most filters one stream may chain.
const MAX_CHAIN: usize = 8;

/// The decoded data of `stream`, at most `limit` bytes.
pub fn decode_stream(
    doc: &Document,
    stream: &Stream,
    limit: usize,
) -> Result<Vec<u8>, FilterError> {
    let filters = filter_names(doc, &stream.dict)?;
    let params = filter_params(doc, &stream.dict, filters.len());
    let mut data: Option<Vec<u8>> = None;
    for (name, parms) in filters.iter().zip(params) {
        let input = data.as_deref().unwrap_or(&stream.content);
        data = Some(apply(doc, name, parms, input, limit)?);
    }
    match data {
        Some(d) => Ok(d),
        None if stream.content.len() > limit => Err(FilterError::TooLarge(limit)),
        None => Ok(stream.content.clone()),
    }
}

fn filter_names(doc: &Document, dict: &Dictionary) -> Result<Vec<Vec<u8>>, FilterError> {
    let Some(obj) = dict.get(b"Filter").ok().and_then(|o| resolve(doc, o)) else {
        return Ok(Vec::new());
    };
    let names = match obj {
        Object::Name(n) => vec![n.clone()],
        Object::Array(items) => items
            .iter()
            .filter_map(|o| match resolve(doc, o) {
                Some(Object::Name(n)) => Some(n.clone()),
                _ => None,
            })
            .collect(),
        Object::Null => Vec::new(),
        _ => return Err(FilterError::BadFilterEntry),
    };
    if names.len() > MAX_CHAIN {
        return Err(FilterError::BadFilterEntry);
    }
    Ok(names)
}

fn filter_params<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    n: usize,
) -> Vec<Option<&'a Dictionary>> {
    let obj = dict
        .get(b"DecodeParms")
        .or_else(|_| dict.get(b"DP"))
        .ok()
        .and_then(|o| resolve(doc, o));
    let as_dict = |o: &'a Object| match resolve(doc, o) {
        Some(Object::Dictionary(d)) => Some(d),
        _ => None,
    };
    match obj {
        Some(Object::Array(items)) => (0..n).map(|i| items.get(i).and_then(as_dict)).collect(),
        Some(Object::Dictionary(d)) => (0..n).map(|i| (i == 0).then_some(d)).collect(),
        _ => vec![None; n],
    }
}

fn apply(
    doc: &Document,
    name: &[u8],
    parms: Option<&Dictionary>,
    input: &[u8],
    limit: usize,
) -> Result<Vec<u8>, FilterError> {
    let int = |key: &[u8], default: i64| {
        parms
            .and_then(|p| p.get(key).ok())
            .and_then(|o| as_number(doc, o))
            .map_or(default, |v| v as i64)
    };
    let predictor = Predictor {
        kind: int(b"Predictor", 1),
        colors: int(b"Colors", 1).clamp(1, 32) as usize,
        bits: int(b"BitsPerComponent", 8).clamp(1, 16) as usize,
        columns: int(b"Columns", 1).clamp(1, 1 << 20) as usize,
    };
    match name {
        b"FlateDecode" | b"Fl" => predictor.apply(inflate(input, limit)?, limit),
        b"LZWDecode" | b"LZW" => {
            predictor.apply(lzw(input, int(b"EarlyChange", 1) != 0, limit)?, limit)
        }
        b"ASCIIHexDecode" | b"AHx" => ascii_hex(input, limit),
        b"ASCII85Decode" | b"A85" => ascii85(input, limit),
        b"RunLengthDecode" | b"RL" => run_length(input, limit),
        b"Crypt" => Ok(input.to_vec()),
        other => Err(FilterError::Unsupported(
            String::from_utf8_lossy(other).into_owned(),
        )),
    }
}

fn push_bounded(out: &mut Vec<u8>, bytes: &[u8], limit: usize) -> Result<(), FilterError> {
    if out.len() + bytes.len() > limit {
        return Err(FilterError::TooLarge(limit));
    }
    out.extend_from_slice(bytes);
    Ok(())
}

/// zlib data (or raw deflate when the zlib header is missing), keeping what
/// inflated before any damage.
fn inflate(input: &[u8], limit: usize) -> Result<Vec<u8>, FilterError> {
    let zlib = input.len() >= 2 && (u16::from(input[0]) << 8 | u16::from(input[1])) % 31 == 0;
    // Room for a typical 4:1 ratio up front: growing from empty copies the
    // output over and over.
    let mut out = Vec::with_capacity(input.len().saturating_mul(4).min(limit.saturating_add(1)));
    let cap = limit as u64 + 1;
    let result = if zlib {
        flate2::read::ZlibDecoder::new(input)
            .take(cap)
            .read_to_end(&mut out)
    } else {
        flate2::read::DeflateDecoder::new(input)
            .take(cap)
            .read_to_end(&mut out)
    };
    if out.len() > limit {
        return Err(FilterError::TooLarge(limit));
    }
    match result {
        Ok(_) => Ok(out),
        Err(_) if !out.is_empty() => Ok(out),
        Err(e) => {
            // A decoder that failed before its first byte may still hold
            // output in a partial block: retry in small steps.
            let mut partial = Vec::new();
            let mut dec = flate2::Decompress::new(zlib);
            let mut buf = vec![0u8; 4096];
            let mut pos = 0usize;
            while pos < input.len() && partial.len() <= limit {
                let before_in = dec.total_in();
                let before_out = dec.total_out();
                let status = dec.decompress(&input[pos..], &mut buf, flate2::FlushDecompress::Sync);
                let used = (dec.total_in() - before_in) as usize;
                let made = (dec.total_out() - before_out) as usize;
                partial.extend_from_slice(&buf[..made.min(buf.len())]);
                pos += used;
                if status.is_err() || (used == 0 && made == 0) {
                    break;
                }
            }
            if partial.is_empty() {
                Err(FilterError::Corrupt {
                    filter: "FlateDecode",
                    reason: e.to_string(),
                })
            } else if partial.len() > limit {
                Err(FilterError::TooLarge(limit))
            } else {
                Ok(partial)
            }
        }
    }
}

/// LZW with 9- to 12-bit codes (§7.4.4); `early` is /EarlyChange 1.
fn lzw(input: &[u8], early: bool, limit: usize) -> Result<Vec<u8>, FilterError> {
    const CLEAR: usize = 256;
    const EOD: usize = 257;
    // Each entry: (prefix entry or usize::MAX, last byte, length).
    let mut table: Vec<(usize, u8, usize)> = Vec::with_capacity(4096);
    let reset = |t: &mut Vec<(usize, u8, usize)>| {
        t.clear();
        t.extend((0..256).map(|b| (usize::MAX, b as u8, 1)));
        t.push((usize::MAX, 0, 0));
        t.push((usize::MAX, 0, 0));
    };
    reset(&mut table);
    let mut out = Vec::new();
    let mut width = 9;
    let (mut acc, mut nbits) = (0u32, 0usize);
    let mut prev: Option<usize> = None;
    let mut scratch = Vec::new();
    for &byte in input {
        acc = (acc << 8) | u32::from(byte);
        nbits += 8;
        while nbits >= width {
            let code = ((acc >> (nbits - width)) & ((1 << width) - 1)) as usize;
            nbits -= width;
            acc &= (1u32 << nbits).wrapping_sub(1);
            if code == CLEAR {
                reset(&mut table);
                width = 9;
                prev = None;
                continue;
            }
            if code == EOD {
                return Ok(out);
            }
            let first_of = |t: &Vec<(usize, u8, usize)>, mut c: usize| {
                for _ in 0..4096 {
                    match t.get(c) {
                        Some(&(p, b, _)) if p == usize::MAX => return b,
                        Some(&(p, _, _)) => c = p,
                        None => return 0,
                    }
                }
                0
            };
            let entry = if code < table.len() && code != CLEAR && code != EOD {
                if let Some(p) = prev {
                    if table.len() < 4096 {
                        let first = first_of(&table, code);
                        let len = table.get(p).map_or(1, |e| e.2) + 1;
                        table.push((p, first, len));
                    }
                }
                code
            } else if let (Some(p), true) = (prev, code == table.len()) {
                if table.len() >= 4096 {
                    return Err(FilterError::Corrupt {
                        filter: "LZWDecode",
                        reason: "table overflow".into(),
                    });
                }
                let first = first_of(&table, p);
                let len = table.get(p).map_or(1, |e| e.2) + 1;
                table.push((p, first, len));
                code
            } else {
                return Err(FilterError::Corrupt {
                    filter: "LZWDecode",
                    reason: format!("bad code {code}"),
                });
            };
            // Write the string of `entry`, walking prefixes backwards.
            scratch.clear();
            let mut c = entry;
            for _ in 0..4096 {
                let Some(&(p, b, _)) = table.get(c) else {
                    break;
                };
                scratch.push(b);
                if p == usize::MAX {
                    break;
                }
                c = p;
            }
            scratch.reverse();
            push_bounded(&mut out, &scratch, limit)?;
            prev = Some(entry);
            let next = table.len() + usize::from(early);
            width = match next {
                n if n >= 2048 => 12,
                n if n >= 1024 => 11,
                n if n >= 512 => 10,
                _ => 9,
            };
        }
    }
    Ok(out)
}

fn ascii_hex(input: &[u8], limit: usize) -> Result<Vec<u8>, FilterError> {
    let mut out = Vec::with_capacity(input.len() / 2);
    let mut high: Option<u8> = None;
    for &b in input {
        let v = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            b'>' => break,
            _ => continue,
        };
        match high.take() {
            Some(h) => push_bounded(&mut out, &[h << 4 | v], limit)?,
            None => high = Some(v),
        }
    }
    if let Some(h) = high {
        push_bounded(&mut out, &[h << 4], limit)?;
    }
    Ok(out)
}

fn ascii85(input: &[u8], limit: usize) -> Result<Vec<u8>, FilterError> {
    let body = input.strip_prefix(b"<~").unwrap_or(input);
    let mut out = Vec::with_capacity(body.len() * 4 / 5);
    let mut group = [0u8; 5];
    let mut n = 0;
    for &b in body {
        match b {
            b'~' => break,
            b'z' if n == 0 => push_bounded(&mut out, &[0; 4], limit)?,
            b'!'..=b'u' => {
                group[n] = b - b'!';
                n += 1;
                if n == 5 {
                    let v = group.iter().fold(0u64, |a, &d| a * 85 + u64::from(d));
                    push_bounded(&mut out, &(v as u32).to_be_bytes(), limit)?;
                    n = 0;
                }
            }
            _ => {}
        }
    }
    if n > 1 {
        for slot in group.iter_mut().skip(n) {
            *slot = 84;
        }
        let v = group.iter().fold(0u64, |a, &d| a * 85 + u64::from(d));
        push_bounded(&mut out, &(v as u32).to_be_bytes()[..n - 1], limit)?;
    }
    Ok(out)
}

fn run_length(input: &[u8], limit: usize) -> Result<Vec<u8>, FilterError> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&len) = input.get(i) {
        i += 1;
        match len {
            128 => break,
            0..=127 => {
                let end = (i + len as usize + 1).min(input.len());
                push_bounded(&mut out, &input[i..end], limit)?;
                i = end;
            }
            _ => {
                let Some(&b) = input.get(i) else { break };
                i += 1;
                let n = 257 - len as usize;
                if out.len() + n > limit {
                    return Err(FilterError::TooLarge(limit));
                }
                out.resize(out.len() + n, b);
            }
        }
    }
    Ok(out)
}

/// `/Predictor` and its parameters (§7.4.4.4).
struct Predictor {
    kind: i64,
    colors: usize,
    bits: usize,
    columns: usize,
}

impl Predictor {
    fn apply(&self, data: Vec<u8>, limit: usize) -> Result<Vec<u8>, FilterError> {
        let bpp = (self.colors * self.bits).div_ceil(8).max(1);
        let row = (self.colors * self.bits * self.columns).div_ceil(8);
        match self.kind {
            2 => Ok(self.tiff(data, row, bpp)),
            10..=15 => png(&data, row, bpp, limit),
            _ => Ok(data),
        }
    }

    /// TIFF predictor 2; only 8-bit components are undone, others pass.
    fn tiff(&self, mut data: Vec<u8>, row: usize, bpp: usize) -> Vec<u8> {
        if self.bits != 8 || row == 0 {
            return data;
        }
        for line in data.chunks_mut(row) {
            for i in bpp..line.len() {
                line[i] = line[i].wrapping_add(line[i - bpp]);
            }
        }
        data
    }
}

/// PNG predictors: each row starts with its own filter-type byte.
fn png(data: &[u8], row: usize, bpp: usize, limit: usize) -> Result<Vec<u8>, FilterError> {
    if row == 0 {
        return Ok(Vec::new());
    }
    let mut out = Vec::with_capacity(data.len());
    let mut prev = vec![0u8; row];
    let mut cur = vec![0u8; row];
    for chunk in data.chunks(row + 1) {
        let Some((&kind, bytes)) = chunk.split_first() else {
            break;
        };
        cur[..bytes.len()].copy_from_slice(bytes);
        cur[bytes.len()..].fill(0);
        for i in 0..row {
            let left = if i >= bpp { cur[i - bpp] } else { 0 };
            let up = prev[i];
            let up_left = if i >= bpp { prev[i - bpp] } else { 0 };
            cur[i] = match kind {
                1 => cur[i].wrapping_add(left),
                2 => cur[i].wrapping_add(up),
                3 => cur[i].wrapping_add(((u16::from(left) + u16::from(up)) / 2) as u8),
                4 => cur[i].wrapping_add(paeth(left, up, up_left)),
                _ => cur[i],
            };
        }
        push_bounded(&mut out, &cur[..bytes.len()], limit)?;
        std::mem::swap(&mut prev, &mut cur);
    }
    Ok(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    fn decode(dict: Dictionary, data: &[u8]) -> Result<Vec<u8>, FilterError> {
        decode_stream(
            &Document::with_version("1.5"),
            &Stream::new(dict, data.to_vec()),
            1 << 20,
        )
    }

    #[test]
    fn ascii_filters_decode() {
        assert_eq!(
            decode(dictionary! {"Filter" => "AHx"}, b"48 65 6c6C6>").unwrap(),
            b"Hell`"
        );
        assert_eq!(
            decode(
                dictionary! {"Filter" => "ASCII85Decode"},
                b"<~87cURD]i,\"Ebo80~>"
            )
            .unwrap(),
            b"Hello World!"
        );
        assert_eq!(
            decode(dictionary! {"Filter" => "A85"}, b"z~>").unwrap(),
            [0; 4]
        );
    }

    #[test]
    fn run_length_decodes() {
        assert_eq!(
            decode(
                dictionary! {"Filter" => "RunLengthDecode"},
                &[2, b'a', b'b', b'c', 254, b'x', 128]
            )
            .unwrap(),
            b"abcxxx"
        );
    }

    #[test]
    fn lzw_decodes_the_specification_example() {
        // ISO 32000-1 §7.4.4.2: 45 45 45 45 45 65 45 45 45 66.
        let data = [0x80, 0x0B, 0x60, 0x50, 0x22, 0x0C, 0x0C, 0x85, 0x01];
        assert_eq!(
            decode(dictionary! {"Filter" => "LZWDecode"}, &data).unwrap(),
            [45, 45, 45, 45, 45, 65, 45, 45, 45, 66]
        );
    }

    #[test]
    fn chains_with_parameter_arrays_and_png_predictors() {
        use std::io::Write;
        // Two rows of 3 bytes with PNG Up (2) prediction, deflated, hex-encoded.
        let rows = [2u8, 1, 2, 3, 2, 1, 1, 1];
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&rows).unwrap();
        let hex: String = z
            .finish()
            .unwrap()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let dict = dictionary! {
            "Filter" => vec![Object::Name(b"ASCIIHexDecode".to_vec()), Object::Name(b"FlateDecode".to_vec())],
            "DecodeParms" => vec![Object::Null, Object::Dictionary(dictionary! {"Predictor" => 12, "Columns" => 3})],
        };
        assert_eq!(decode(dict, hex.as_bytes()).unwrap(), [1, 2, 3, 2, 3, 4]);
    }

    #[test]
    fn filters_given_by_reference_are_followed() {
        use std::io::Write;
        let mut doc = Document::with_version("1.5");
        doc.objects.insert(
            (3, 0),
            Object::Array(vec![Object::Name(b"FlateDecode".to_vec())]),
        );
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(b"BT (x) Tj ET").unwrap();
        let s = Stream::new(
            dictionary! {"Filter" => Object::Reference((3, 0))},
            z.finish().unwrap(),
        );
        assert_eq!(decode_stream(&doc, &s, 1000).unwrap(), b"BT (x) Tj ET");
    }

    #[test]
    fn output_is_bounded() {
        let data = [129u8, 0].repeat(1000);
        assert_eq!(
            decode_stream(
                &Document::with_version("1.5"),
                &Stream::new(dictionary! {"Filter" => "RL"}, data),
                5000
            ),
            Err(FilterError::TooLarge(5000))
        );
    }
}
