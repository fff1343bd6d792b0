//! Loading a PDF and walking its pages (ISO 32000-1 §7.5, §7.7.3).
//!
//! lopdf parses the file: classic and stream cross-reference tables, object
//! streams, incremental updates, and xref recovery by scanning when the table
//! is broken. Encrypted files are opened with the empty user password (the
//! usual "owner password only" government PDF); one that needs a real password
//! is a [`PdfError::Encrypted`]. A file that shows no pages is read again:
//! xref rebuilt by scanning, then damaged objects salvaged
//! ([`super::salvage`]). This module adds page attributes inherited
//! through the page tree (Resources, MediaBox, CropBox, Rotate) and runs the
//! interpreter over each page's content.

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use lopdf::{Dictionary, Document as LoDocument, Object, ObjectId};

use super::content::{Interpreter, Matrix};
use super::encoding::decode_pdfdoc;
use super::objects::{get, get_dict, get_number, get_rect, resolve, stream_data};
use super::recover;
use super::text::Page;
use super::{Limits, PdfError};

/// How far up the page tree attributes are inherited from (guards /Parent loops).
const MAX_TREE_DEPTH: usize = 64;

/// An opened PDF document.
pub struct Document {
    /// The file's bytes, for streams whose /Length lopdf could not use.
    raw: Vec<u8>,
    inner: LoDocument,
    pages: Vec<ObjectId>,
    limits: Limits,
    /// When the time budget ([`Limits::max_duration`]) runs out.
    deadline: Option<Instant>,
    /// A problem of the page tree, reported with page 1's warnings.
    tree_warning: Option<String>,
    /// Fonts decoded so far, shared by the pages.
    fonts: super::content::FontCache,
}

impl Document {
    /// Open a file. Errors name the problem; the caller adds the file name.
    pub fn open(path: &Path, limits: Limits) -> Result<Document, PdfError> {
        let bytes = std::fs::read(path).map_err(PdfError::Io)?;
        Document::from_bytes(&bytes, limits)
    }

    /// Parse a document held in memory.
    pub fn from_bytes(bytes: &[u8], limits: Limits) -> Result<Document, PdfError> {
        let deadline = limits.max_duration.map(|d| Instant::now() + d);
        if bytes.is_empty() {
            return Err(PdfError::Empty);
        }
        if !recover::has_header(bytes) && !recover::looks_like_objects(bytes) {
            return Err(PdfError::NotPdf);
        }
        let (mut inner, mut load_warnings) = recover::load(bytes, &limits)?;
        // No page dictionary: the page tree lists none, or only missing ones.
        let no_pages = |d: &LoDocument| {
            let is_dict = |id| matches!(d.objects.get(&id), Some(Object::Dictionary(_)));
            !d.page_iter().any(is_dict) && recover::orphan_pages(d).is_empty()
        };
        if no_pages(&inner) {
            if let Some(rebuilt) = recover::reconstructed(bytes, &limits) {
                load_warnings
                    .push("no pages found; cross-reference table rebuilt by scanning".into());
                inner = rebuilt;
            }
        }
        if no_pages(&inner) {
            let n = recover::salvage(bytes, &mut inner, &limits);
            if n > 0 {
                load_warnings.push(format!("{n} damaged object(s) read again leniently"));
            }
        }
        let mut pages: Vec<ObjectId> = inner.page_iter().take(limits.max_pages + 1).collect();
        // A /Kids loop lists pages again; keep the first occurrence of each.
        let mut seen = HashSet::new();
        let listed = pages.len();
        pages.retain(|id| seen.insert(*id));
        if pages.len() < listed {
            load_warnings.push(format!(
                "page tree lists {} page(s) more than once (a /Kids loop?); duplicates dropped",
                listed - pages.len()
            ));
        }
        let before = pages.len();
        pages.retain(|id| matches!(inner.objects.get(id), Some(Object::Dictionary(_))));
        if pages.len() < before {
            load_warnings.push(format!(
                "{} page(s) of the page tree are not dictionaries; skipped",
                before - pages.len()
            ));
        }
        if pages.is_empty() {
            pages = recover::orphan_pages(&inner);
            if !pages.is_empty() {
                load_warnings
                    .push("the page tree lists no pages; pages found among the objects".into());
            }
        }
        let tree_warning = (!load_warnings.is_empty()).then(|| load_warnings.join("; "));
        if pages.is_empty() {
            return Err(PdfError::Malformed(
                "the document has no pages (no /Root or empty page tree)".into(),
            ));
        }
        if pages.len() > limits.max_pages {
            return Err(PdfError::Limit(format!(
                "more than {} pages",
                limits.max_pages
            )));
        }
        let doc = Document {
            raw: bytes.to_vec(),
            inner,
            pages,
            limits,
            deadline,
            tree_warning,
            fonts: Default::default(),
        };
        doc.check_deadline()?;
        Ok(doc)
    }

    /// [`PdfError::Timeout`] once the document's time budget is spent.
    pub fn check_deadline(&self) -> Result<(), PdfError> {
        match (self.deadline, self.limits.max_duration) {
            (Some(d), Some(budget)) if Instant::now() >= d => {
                Err(PdfError::Timeout(budget.as_secs_f64()))
            }
            _ => Ok(()),
        }
    }

    /// Number of pages.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// The document information /Title, decoded (PDFDocEncoding, UTF-16BE with
    /// BOM, or — as older Japanese producers write it — raw Shift_JIS bytes).
    pub fn info_title(&self) -> Option<String> {
        self.info_text(b"Title")
    }

    /// The document information /Author, decoded as [`Self::info_title`].
    pub fn info_author(&self) -> Option<String> {
        self.info_text(b"Author")
    }

    /// The document information /ModDate as written ("D:20140401093000+09'00'").
    pub fn info_mod_date(&self) -> Option<String> {
        self.info_text(b"ModDate")
    }

    /// A text entry of the document information dictionary, trimmed; `None`
    /// when absent, empty or not a string.
    fn info_text(&self, key: &[u8]) -> Option<String> {
        let info = get_dict(&self.inner, &self.inner.trailer, b"Info")?;
        match get(&self.inner, info, key)? {
            Object::String(bytes, _) => {
                let t = decode_text_string(bytes);
                let t = t.trim().to_string();
                (!t.is_empty()).then_some(t)
            }
            _ => None,
        }
    }

    /// Interpret page `number` (1-based).
    pub fn page(&self, number: u32) -> Result<Page, PdfError> {
        self.check_deadline()?;
        let idx = (number as usize)
            .checked_sub(1)
            .ok_or(PdfError::NoSuchPage(number))?;
        let id = *self.pages.get(idx).ok_or(PdfError::NoSuchPage(number))?;
        let doc = &self.inner;
        let Some(Object::Dictionary(page)) = doc.objects.get(&id) else {
            return Err(PdfError::Malformed(format!(
                "page {number} is not a dictionary"
            )));
        };
        let media = inherited(doc, page, |d| get_rect(doc, d, b"MediaBox"))
            .unwrap_or([0.0, 0.0, 595.0, 842.0]);
        let crop = inherited(doc, page, |d| get_rect(doc, d, b"CropBox"))
            .map(|c| intersect(c, media))
            .unwrap_or(media);
        let rotation = inherited(doc, page, |d| get_number(doc, d, b"Rotate"))
            .map(|r| (r as i32).rem_euclid(360) / 90 * 90)
            .unwrap_or(0);
        let resources = inherited(doc, page, |d| get_dict(doc, d, b"Resources"));
        let [x0, y0, x1, y1] = crop;
        let (w, h) = (x1 - x0, y1 - y0);
        let transform = match rotation {
            90 => Matrix([0.0, 1.0, 1.0, 0.0, -y0, -x0]),
            180 => Matrix([-1.0, 0.0, 0.0, 1.0, x1, -y0]),
            270 => Matrix([0.0, -1.0, -1.0, 0.0, y1, x1]),
            _ => Matrix([1.0, 0.0, 0.0, -1.0, -x0, y1]),
        };
        let (width, height) = if rotation % 180 == 90 { (h, w) } else { (w, h) };

        let mut content = Vec::new();
        let mut warnings: Vec<String> = self
            .tree_warning
            .iter()
            .filter(|_| number == 1)
            .cloned()
            .collect();
        for cid in doc.get_page_contents(id) {
            let room = self.limits.max_stream_bytes.saturating_sub(content.len());
            match doc.objects.get(&cid) {
                Some(Object::Stream(_)) if room == 0 => {
                    warnings.push(format!(
                        "content streams of the page exceed {} bytes; rest skipped",
                        self.limits.max_stream_bytes
                    ));
                    break;
                }
                Some(Object::Stream(s))
                    if s.content.is_empty() && s.dict.get(b"Length").is_err() =>
                {
                    if let Some(data) = recover::raw_stream_data(&self.raw, doc, cid) {
                        let mut s = s.clone();
                        s.set_content(data);
                        match stream_data(doc, &s, room) {
                            Ok(data) => {
                                content.extend_from_slice(&data);
                                content.push(b'\n');
                            }
                            Err(e) => {
                                warnings.push(format!("content stream {} {}: {e}", cid.0, cid.1))
                            }
                        }
                    }
                }
                Some(Object::Stream(s)) => match stream_data(doc, s, room) {
                    Ok(data) => {
                        content.extend_from_slice(&data);
                        content.push(b'\n');
                    }
                    Err(e) if room < self.limits.max_stream_bytes => warnings.push(format!(
                        "content stream {} {}: {e} (content streams of a page share {} bytes)",
                        cid.0, cid.1, self.limits.max_stream_bytes
                    )),
                    Err(e) => warnings.push(format!("content stream {} {}: {e}", cid.0, cid.1)),
                },
                _ => warnings.push(format!("content stream {} {} is missing", cid.0, cid.1)),
            }
        }
        let mut interp =
            Interpreter::new(doc, &self.limits, transform).with_font_cache(&self.fonts);
        interp.deadline = self.deadline;
        interp.run(&content, resources, Matrix::IDENTITY);
        interp.paint_annotations(page);
        let out = interp.out;
        if out.timed_out {
            self.check_deadline()?;
        }
        warnings.extend(out.warnings);
        Ok(Page {
            number,
            width,
            height,
            rotation,
            runs: out.runs,
            rules: out.rules,
            warnings,
            quality: out.quality,
        })
    }
}

/// Look `f` up on the page dictionary, then on its ancestors.
fn inherited<'a, T>(
    doc: &'a LoDocument,
    page: &'a Dictionary,
    f: impl Fn(&'a Dictionary) -> Option<T>,
) -> Option<T> {
    let mut node = page;
    for _ in 0..MAX_TREE_DEPTH {
        if let Some(v) = f(node) {
            return Some(v);
        }
        match node.get(b"Parent").ok().and_then(|p| resolve(doc, p)) {
            Some(Object::Dictionary(parent)) => node = parent,
            _ => return None,
        }
    }
    None
}

fn intersect(a: [f32; 4], b: [f32; 4]) -> [f32; 4] {
    let r = [
        a[0].max(b[0]),
        a[1].max(b[1]),
        a[2].min(b[2]),
        a[3].min(b[3]),
    ];
    if r[2] - r[0] < 1.0 || r[3] - r[1] < 1.0 {
        b
    } else {
        r
    }
}

/// Decode a PDF text string: UTF-16BE/LE or UTF-8 with BOM, else Shift_JIS when
/// the bytes are valid Shift_JIS with double-byte characters, else PDFDocEncoding.
pub fn decode_text_string(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0xfe, 0xff])
        || bytes.starts_with(&[0xef, 0xbb, 0xbf])
        || bytes.starts_with(&[0xff, 0xfe])
    {
        return decode_pdfdoc(bytes);
    }
    if bytes.iter().any(|&b| b >= 0x80) {
        if let Ok(s) = std::str::from_utf8(bytes) {
            return s.to_string();
        }
        let (s, _, had_errors) = encoding_rs::SHIFT_JIS.decode(bytes);
        if !had_errors && s.chars().any(|c| c as u32 >= 0x3000) {
            return s.into_owned();
        }
    }
    decode_pdfdoc(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shift_jis_titles_are_recognised() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("みやぎＩＴ推進プラン");
        assert_eq!(decode_text_string(&sjis), "みやぎＩＴ推進プラン");
    }

    #[test]
    fn utf16_titles_are_decoded() {
        let mut b = vec![0xfe, 0xff];
        for u in "宮城".encode_utf16() {
            b.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode_text_string(&b), "宮城");
    }

    #[test]
    fn non_pdf_and_empty_inputs_are_errors() {
        assert!(matches!(
            Document::from_bytes(b"", Limits::default()),
            Err(PdfError::Empty)
        ));
        assert!(matches!(
            Document::from_bytes(b"hello world", Limits::default()),
            Err(PdfError::NotPdf)
        ));
        assert!(Document::from_bytes(
            b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF",
            Limits::default()
        )
        .is_err());
    }

    /// A one-page PDF: page 3 under pages 2, content objects 4…, plus `extra`
    /// objects from 100 on; `page_extra` is added to the page dictionary.
    fn pdf(contents: &[&[u8]], page_extra: Dictionary, extra: Vec<Object>) -> Vec<u8> {
        use lopdf::{dictionary, Stream};
        let mut doc = LoDocument::with_version("1.7");
        let ids: Vec<Object> = contents
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let id = (4 + i as u32, 0);
                doc.objects
                    .insert(id, Object::Stream(Stream::new(dictionary! {}, c.to_vec())));
                Object::Reference(id)
            })
            .collect();
        for (i, o) in extra.into_iter().enumerate() {
            doc.objects.insert((100 + i as u32, 0), o);
        }
        let mut page = dictionary! {
            "Type" => "Page", "Parent" => Object::Reference((2, 0)), "Contents" => ids,
            "MediaBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
        };
        page.extend(&page_extra);
        doc.objects.insert((3, 0), Object::Dictionary(page));
        doc.objects.insert(
            (2, 0),
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![Object::Reference((3, 0))], "Count" => 1,
            }),
        );
        doc.objects.insert(
            (1, 0),
            Object::Dictionary(
                dictionary! { "Type" => "Catalog", "Pages" => Object::Reference((2, 0)) },
            ),
        );
        doc.trailer.set("Root", Object::Reference((1, 0)));
        doc.max_id = 200;
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    #[test]
    fn kids_loops_list_each_page_once_with_a_warning() {
        let mut bytes = pdf(&[b"0 0 m 1 1 l S"], Dictionary::new(), vec![]);
        let mut doc = LoDocument::load_mem(&bytes).unwrap();
        if let Ok(Object::Dictionary(pages)) = doc.get_object_mut((2, 0)) {
            pages.set(
                "Kids",
                vec![Object::Reference((3, 0)), Object::Reference((2, 0))],
            );
        }
        bytes.clear();
        doc.save_to(&mut bytes).unwrap();
        let doc = Document::from_bytes(&bytes, Limits::default()).unwrap();
        assert_eq!(doc.page_count(), 1);
        let page = doc.page(1).unwrap();
        assert!(
            page.warnings.iter().any(|w| w.contains("more than once")),
            "{:?}",
            page.warnings
        );
    }

    /// The warnings of page 1 of `bytes` read under `limits`.
    fn first_page_warnings(bytes: &[u8], limits: Limits) -> Vec<String> {
        Document::from_bytes(bytes, limits)
            .unwrap()
            .page(1)
            .unwrap()
            .warnings
    }

    #[test]
    fn the_stream_limit_bounds_all_content_streams_of_a_page_together() {
        let chunk = vec![b' '; 600];
        let bytes = pdf(&[&chunk, &chunk, &chunk], Dictionary::new(), vec![]);
        let limits = Limits {
            max_stream_bytes: 1000,
            ..Limits::default()
        };
        let warnings = first_page_warnings(&bytes, limits);
        assert!(
            warnings.iter().any(|w| w.contains("share 1000 bytes")),
            "{warnings:?}"
        );
    }

    #[test]
    fn a_spent_time_budget_is_a_timeout() {
        let bytes = pdf(&[b"0 0 m 1 1 l S"], Dictionary::new(), vec![]);
        let limits = Limits {
            max_duration: Some(std::time::Duration::ZERO),
            ..Limits::default()
        };
        assert!(matches!(
            Document::from_bytes(&bytes, limits),
            Err(PdfError::Timeout(_))
        ));
    }

    #[test]
    fn form_fan_out_is_bounded_by_the_page_operation_limit() {
        use lopdf::{dictionary, Stream};
        // Form 100+k paints form 101+k sixteen times; 16^7 leaves of 3 operations.
        let depth = 8u32;
        let forms = (0..depth)
            .map(|k| {
                let (body, res) = if k + 1 < depth {
                    (b"/N Do ".repeat(16), dictionary! { "XObject" => dictionary! { "N" => Object::Reference((101 + k, 0)) } })
                } else {
                    (b"0 0 m 1 1 l n".to_vec(), dictionary! {})
                };
                Object::Stream(Stream::new(dictionary! { "Subtype" => "Form", "Resources" => res }, body))
            })
            .collect();
        let res = dictionary! { "Resources" => dictionary! { "XObject" => dictionary! { "X" => Object::Reference((100, 0)) } } };
        let bytes = pdf(&[b"/X Do /X Do"], res, forms);
        let limits = Limits {
            max_operations: 10_000,
            ..Limits::default()
        };
        let warnings = first_page_warnings(&bytes, limits);
        assert!(
            warnings.iter().any(|w| w.contains("more than 10000")),
            "{warnings:?}"
        );
    }
}
