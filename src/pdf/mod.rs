//! The PDF layer: bytes of a PDF file → positioned text and rules per page.
//!
//! Stages, each in its own file:
//! - [`document`] loads the file with lopdf (xref tables and streams, object
//!   streams, incremental updates, empty-password decryption) and walks the
//!   page tree with inherited attributes;
//! - [`lexer`] tokenises content streams; [`content`] interprets them against
//!   a graphics state (text state, CTM, paths, Form XObjects);
//! - [`font`] turns shown bytes into glyphs, using [`cmap`] (encoding CMaps),
//!   [`tounicode`], [`predefined`] (Adobe CMaps and CID→Unicode tables),
//!   [`encoding`] (simple-font encodings, glyph names), [`truetype`] (embedded
//!   font `cmap`/metrics) and [`std14`] (standard font widths).
//!
//! The output is [`Page`]: glyph runs with exact boxes and the page's rules,
//! in page space (top-left origin, y down, points).
//!
//! ```no_run
//! use shisaku::pdf::{Document, Limits};
//! let doc = Document::open(std::path::Path::new("corpus/ict2014.pdf"), Limits::default())?;
//! let page = doc.page(1)?;
//! for run in &page.runs {
//!     println!("{:?} {}", run.bbox(), run.text());
//! }
//! # Ok::<(), shisaku::pdf::PdfError>(())
//! ```

pub mod cmap;
pub mod content;
pub mod decrypt;
pub mod document;
mod embedded;
pub mod encoding;
pub mod filters;
pub mod font;
pub mod lexer;
pub mod matrix;
pub mod objects;
pub mod path;
pub mod predefined;
pub mod recover;
pub mod salvage;
pub mod std14;
pub mod text;
pub mod tounicode;
pub mod truetype;
pub mod widths;

pub use document::Document;
pub use text::{
    Color, Direction, Glyph, GlyphRun, Page, Quality, QualityClass, Rect, Rule, RuleKind,
};

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The file could not be read.
    #[error("cannot read file: {0}")]
    Io(#[source] std::io::Error),
    /// Zero bytes.
    #[error("the file is empty (0 bytes)")]
    Empty,
    /// No `%PDF-` header near the start.
    #[error("not a PDF file (no %PDF- header)")]
    NotPdf,
    /// The file is a PDF but could not be parsed.
    #[error("malformed PDF: {0}")]
    Malformed(String),
    /// Encrypted with a user password other than the empty one.
    #[error("the PDF is encrypted and needs a password to open")]
    Encrypted,
    /// A resource limit was exceeded.
    #[error("resource limit exceeded: {0}")]
    Limit(String),
    /// A page number out of range was asked for.
    #[error("no page {0} in the document")]
    NoSuchPage(u32),
    /// The document took longer than [`Limits::max_duration`].
    #[error("time budget of {0:.1} s exceeded")]
    Timeout(f64),
}

/// Resource limits that keep hostile input bounded in time and memory.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest decoded size of one stream, in bytes.
    pub max_stream_bytes: usize,
    /// Most pages a document may have.
    pub max_pages: usize,
    /// Most content-stream operations interpreted per page (forms included).
    pub max_operations: usize,
    /// Most glyphs kept per page.
    pub max_glyphs_per_page: usize,
    /// Most rules kept per page.
    pub max_rules_per_page: usize,
    /// Deepest nesting of Form XObjects.
    pub max_form_depth: usize,
    /// Most Form XObjects painted on one page (nested ones included).
    pub max_forms_per_page: usize,
    /// Deepest `q` nesting.
    pub max_state_depth: usize,
    /// Wall-clock budget of one document, from the start of loading to its
    /// last page (`None`: unbounded). Checked between pages and every few
    /// thousand operations within a page; exceeding it is a
    /// [`PdfError::Timeout`].
    pub max_duration: Option<std::time::Duration>,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_stream_bytes: 64 * 1024 * 1024,
            max_pages: 5_000,
            max_operations: 2_000_000,
            max_glyphs_per_page: 200_000,
            max_rules_per_page: 100_000,
            max_form_depth: 12,
            max_forms_per_page: 100_000,
            max_state_depth: 256,
            max_duration: Some(std::time::Duration::from_secs(60)),
        }
    }
}
