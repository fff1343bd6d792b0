//! Objects salvaged from a damaged file, read as poppler reads them.
//!
//! lopdf drops an indirect object whose syntax is damaged anywhere (a
//! garbage byte inside an array, a missing `[`, a broken cross-reference
//! entry), and with it the catalog, the page tree or the pages themselves.
//! When a document shows no pages, every `N G obj` of the file that lopdf
//! does not hold is read again here by a tolerant parser: garbage bytes are
//! skipped, an unclosed array or dictionary ends where the object ends, and
//! what was read so far is kept. Only dictionaries and streams are kept.
//!
//! Bounded: one pass over the file, each object read within its own bytes
//! (up to the next `endobj`, at most [`MAX_OBJECT_BYTES`]), nesting at most
//! [`MAX_DEPTH`], stream data at most the caller's stream limit.

use lopdf::{Dictionary, Document as LoDocument, Object, ObjectId, Stream, StringFormat};

/// Most bytes of one object's syntax read (stream data not included).
pub const MAX_OBJECT_BYTES: usize = 1 << 20;
/// Deepest nesting of arrays and dictionaries.
pub const MAX_DEPTH: usize = 32;

/// Read again every object of `bytes` that `doc` lacks; returns the ids
/// of those added. Stream data longer than `max_stream_bytes` is dropped.
/// Linear in the file's size: the keywords are found in one pass each, and
/// each object is read only up to the next `obj` keyword (its `endobj` or
/// the next object's header).
pub fn salvage_objects(
    bytes: &[u8],
    doc: &mut LoDocument,
    max_stream_bytes: usize,
) -> Vec<ObjectId> {
    // `endobj` and object headers; "obj" inside a word or a string is neither.
    let keywords: Vec<usize> = positions(bytes, b"obj")
        .into_iter()
        .filter(|&kw| bytes[..kw].ends_with(b"end") || object_header(bytes, kw).is_some())
        .collect();
    let endstreams = positions(bytes, b"endstream");
    let mut added = Vec::new();
    let mut consumed = 0; // stream data already read is not searched for objects
    for (k, &kw) in keywords.iter().enumerate() {
        let Some(id) = object_header(bytes, kw).filter(|_| kw >= consumed) else {
            continue;
        };
        if doc.objects.contains_key(&id) || bytes.get(kw + 3).is_some_and(u8::is_ascii_alphanumeric)
        {
            continue;
        }
        let start = kw + 3;
        let end = keywords
            .get(k + 1)
            .copied()
            .unwrap_or(bytes.len())
            .min(start + MAX_OBJECT_BYTES);
        let Some(body) = bytes.get(start..end) else {
            continue; // the next keyword overlaps this header
        };
        let mut p = Parser { b: body, i: 0 };
        let Some(Object::Dictionary(dict)) = p.value(0) else {
            continue;
        };
        let after = bytes.get(start + p.i..end).unwrap_or_default();
        let data = stream_start(after).and_then(|skip| {
            let from = start + p.i + skip;
            let data = stream_data(bytes, from, &endstreams, &dict, max_stream_bytes)?;
            consumed = from + data.len();
            Some(data)
        });
        let obj = match data {
            Some(data) => Object::Stream(Stream::new(dict, data)),
            None => Object::Dictionary(dict),
        };
        doc.objects.insert(id, obj);
        doc.max_id = doc.max_id.max(id.0);
        added.push(id);
    }
    added
}

/// Where every occurrence of `needle` starts.
fn positions(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    hay.windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

/// The `N G` before the `obj` keyword at `kw`.
fn object_header(bytes: &[u8], kw: usize) -> Option<ObjectId> {
    let mut i = kw;
    let mut numbers = [0u64; 2];
    for slot in [1, 0] {
        let spaces_end = i;
        while i > 0 && is_space(bytes[i - 1]) {
            i -= 1;
        }
        if slot == 0 && i == spaces_end {
            return None; // the two numbers need a space between them
        }
        let digits_end = i;
        while i > 0 && bytes[i - 1].is_ascii_digit() && digits_end - i < 10 {
            i -= 1;
        }
        if i == digits_end {
            return None;
        }
        numbers[slot] = std::str::from_utf8(&bytes[i..digits_end])
            .ok()?
            .parse()
            .ok()?;
    }
    let id = (
        u32::try_from(numbers[0]).ok()?,
        u16::try_from(numbers[1]).ok()?,
    );
    (id.0 > 0).then_some(id)
}

/// How many bytes of `after` (what follows a stream's dictionary) come
/// before its data: the `stream` keyword and its end of line.
fn stream_start(after: &[u8]) -> Option<usize> {
    let skip = after.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let rest = after[skip..].strip_prefix(b"stream")?;
    let eol = match rest {
        [b'\r', b'\n', ..] => 2,
        [b'\r' | b'\n', ..] => 1,
        _ => 0,
    };
    Some(skip + 6 + eol)
}

/// The data of a stream starting at `bytes[from..]`: its direct /Length
/// when `endstream` follows it, else everything up to the next of
/// `endstreams`; `None` beyond `max` bytes.
fn stream_data(
    bytes: &[u8],
    from: usize,
    endstreams: &[usize],
    dict: &Dictionary,
    max: usize,
) -> Option<Vec<u8>> {
    let declared = dict.get(b"Length").ok().and_then(|l| l.as_i64().ok());
    let by_length = declared
        .and_then(|n| usize::try_from(n).ok())
        .filter(|&n| n <= max && from + n <= bytes.len())
        .filter(|&n| {
            find(
                &bytes[from + n..bytes.len().min(from + n + 32)],
                b"endstream",
            )
            .is_some()
        });
    let len = by_length.or_else(|| {
        let next = endstreams.get(endstreams.partition_point(|&e| e < from))?;
        Some(next - from)
    })?;
    (len <= max).then(|| bytes[from..from + len].to_vec())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

/// A tolerant reader of one object's syntax.
struct Parser<'a> {
    b: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn skip_space(&mut self) {
        while let Some(c) = self.peek() {
            if is_space(c) {
                self.i += 1;
            } else if c == b'%' {
                while self.peek().is_some_and(|c| c != b'\n' && c != b'\r') {
                    self.i += 1;
                }
            } else {
                break;
            }
        }
    }

    fn at(&self, s: &[u8]) -> bool {
        self.b[self.i.min(self.b.len())..].starts_with(s)
    }

    /// One value, or `None` (nothing consumed) at a byte no value starts with.
    fn value(&mut self, depth: usize) -> Option<Object> {
        self.skip_space();
        match self.peek()? {
            b'<' if self.at(b"<<") && depth < MAX_DEPTH => {
                self.i += 2;
                Some(Object::Dictionary(self.dict(depth + 1)))
            }
            b'<' => Some(self.hex_string()),
            b'[' if depth < MAX_DEPTH => {
                self.i += 1;
                Some(Object::Array(self.array(depth + 1)))
            }
            b'(' => Some(self.literal_string()),
            b'/' => Some(Object::Name(self.name())),
            c if c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.') => {
                self.number_or_reference()
            }
            _ if self.at(b"true") => self.keyword(4, Object::Boolean(true)),
            _ if self.at(b"false") => self.keyword(5, Object::Boolean(false)),
            _ if self.at(b"null") => self.keyword(4, Object::Null),
            _ => None,
        }
    }

    fn keyword(&mut self, len: usize, obj: Object) -> Option<Object> {
        self.i += len;
        Some(obj)
    }

    /// Whether the object's syntax ends here (`stream`, `endobj`, the end).
    fn at_end(&self) -> bool {
        self.i >= self.b.len() || self.at(b"stream") || self.at(b"endobj")
    }

    fn dict(&mut self, depth: usize) -> Dictionary {
        let mut d = Dictionary::new();
        loop {
            self.skip_space();
            if self.at(b">>") {
                self.i += 2;
                return d;
            }
            if self.at_end() {
                return d;
            }
            if self.peek() != Some(b'/') {
                self.i += 1; // garbage where a key should be
                continue;
            }
            let key = self.name();
            match self.value(depth) {
                Some(v) => d.set(key, v),
                None => self.i += 1,
            }
        }
    }

    fn array(&mut self, depth: usize) -> Vec<Object> {
        let mut items = Vec::new();
        loop {
            self.skip_space();
            if self.peek() == Some(b']') {
                self.i += 1;
                return items;
            }
            if self.at(b">>") || self.at_end() {
                return items; // unclosed: the enclosing dictionary ends it
            }
            match self.value(depth) {
                Some(v) => items.push(v),
                None => self.i += 1,
            }
        }
    }

    fn name(&mut self) -> Vec<u8> {
        self.i += 1; // the slash
        let mut out = Vec::new();
        while let Some(c) = self.peek() {
            if is_space(c) || is_delimiter(c) {
                break;
            }
            self.i += 1;
            let hex = |c: Option<&u8>| c.and_then(|c| (*c as char).to_digit(16));
            match (c, hex(self.b.get(self.i)), hex(self.b.get(self.i + 1))) {
                (b'#', Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    self.i += 2;
                }
                _ => out.push(c),
            }
        }
        out
    }

    fn hex_string(&mut self) -> Object {
        self.i += 1;
        let mut digits = Vec::new();
        while let Some(c) = self.peek() {
            self.i += 1;
            match (c as char).to_digit(16) {
                Some(d) => digits.push(d as u8),
                None if c == b'>' => break,
                None => {}
            }
        }
        if digits.len() % 2 == 1 {
            digits.push(0);
        }
        let bytes = digits.chunks(2).map(|p| p[0] * 16 + p[1]).collect();
        Object::String(bytes, StringFormat::Hexadecimal)
    }

    fn literal_string(&mut self) -> Object {
        self.i += 1;
        let mut out = Vec::new();
        let mut nesting = 0usize;
        while let Some(c) = self.peek() {
            self.i += 1;
            match c {
                b'(' => nesting += 1,
                b')' if nesting == 0 => break,
                b')' => nesting -= 1,
                b'\\' => {
                    let Some(e) = self.peek() else { break };
                    self.i += 1;
                    out.push(match e {
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'b' => 8,
                        b'f' => 12,
                        b'0'..=b'7' => self.octal(e),
                        b'\r' | b'\n' => continue,
                        other => other,
                    });
                    continue;
                }
                _ => {}
            }
            out.push(c);
        }
        Object::String(out, StringFormat::Literal)
    }

    fn octal(&mut self, first: u8) -> u8 {
        let mut v = u32::from(first - b'0');
        for _ in 0..2 {
            match self.peek() {
                Some(c @ b'0'..=b'7') => {
                    v = v * 8 + u32::from(c - b'0');
                    self.i += 1;
                }
                _ => break,
            }
        }
        v as u8
    }

    fn number(&mut self) -> Option<Object> {
        let start = self.i;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.'))
        {
            self.i += 1;
        }
        let s = std::str::from_utf8(&self.b[start..self.i]).ok()?;
        if let Ok(n) = s.parse::<i64>() {
            return Some(Object::Integer(n));
        }
        s.parse::<f32>()
            .ok()
            .filter(|f| f.is_finite())
            .map(Object::Real)
    }

    /// A number, or `N G R` read as a reference.
    fn number_or_reference(&mut self) -> Option<Object> {
        let start = self.i;
        let first = self.number();
        if first.is_none() {
            self.i = start; // not a number after all: garbage
            return None;
        }
        if let Some(Object::Integer(n)) = first {
            let after = self.i;
            self.skip_space();
            if let Some(Object::Integer(g)) = self
                .peek()
                .filter(u8::is_ascii_digit)
                .and_then(|_| self.number())
            {
                self.skip_space();
                let r_alone = self.at(b"R")
                    && !self
                        .b
                        .get(self.i + 1)
                        .is_some_and(u8::is_ascii_alphanumeric);
                if let (true, Ok(n), Ok(g)) = (r_alone, u32::try_from(n), u16::try_from(g)) {
                    self.i += 1;
                    return Some(Object::Reference((n, g)));
                }
            }
            self.i = after;
        }
        first
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(src: &[u8]) -> Option<Object> {
        Parser { b: src, i: 0 }.value(0)
    }

    #[test]
    fn garbage_inside_a_dictionary_is_skipped() {
        let d =
            read(b"<</T\xeclpe /Page /Parent 2 0 R /MediaBox [0 0L209.7 297.6; /Contents 4 0 R >>")
                .expect("a dictionary");
        let d = d.as_dict().expect("dict");
        assert_eq!(d.get(b"Parent").ok(), Some(&Object::Reference((2, 0))));
        let media = d
            .get(b"MediaBox")
            .and_then(Object::as_array)
            .expect("array");
        assert_eq!(media[0], Object::Integer(0));
        assert!(media.contains(&Object::Real(209.7)));
    }

    #[test]
    fn a_kids_entry_without_its_bracket_is_a_reference() {
        let d = read(b"<< /Type /Pages /Kids  8 0 R ] /Count 1 >>").expect("a dictionary");
        let d = d.as_dict().expect("dict");
        assert_eq!(d.get(b"Kids").ok(), Some(&Object::Reference((8, 0))));
        assert_eq!(d.get(b"Count").ok(), Some(&Object::Integer(1)));
    }

    #[test]
    fn objects_lopdf_dropped_are_added() {
        let file = b"%PDF-1.4\n3 0 obj\n<< /Type /Page /MediaBox [0 0 10 10}] /Contents 4 0 R >>\nendobj\n\
4 0 obj\n<< /Length 99 >>\nstream\nBT ET\nendstream\nendobj\n";
        let mut doc = LoDocument::new();
        assert_eq!(salvage_objects(file, &mut doc, 1 << 20).len(), 2);
        let content = doc
            .objects
            .get(&(4, 0))
            .and_then(|o| o.as_stream().ok())
            .expect("stream");
        assert_eq!(content.content, b"BT ET\n");
    }

    #[test]
    fn many_unterminated_objects_take_one_pass() {
        let mut file = b"%PDF-1.4\n".to_vec();
        for n in 1..=20_000 {
            file.extend_from_slice(format!("{n} 0 obj << /Kids [ ( stream\n").as_bytes());
        }
        let started = std::time::Instant::now();
        let mut doc = LoDocument::new();
        assert_eq!(salvage_objects(&file, &mut doc, 1 << 20).len(), 20_000);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
