//! The pipeline: path → [`Document`] → [`Page`]s → [`PageLayout`]s → records.
//!
//! This module owns running the stages in order with the user's settings
//! ([`Options`]: PDF resource [`Limits`], [`LayoutParams`], the edition and
//! issuer to record). `parse`, `ingest` and `serve` all come through here, so
//! a limit given on the command line holds wherever a PDF is read. The stages
//! themselves know nothing of each other: [`crate::pdf`] interprets pages,
//! [`crate::layout`] groups glyphs into lines, and [`crate::plan`] reads
//! records from laid-out pages ([`crate::plan::parse_layouts`]) and never
//! opens a PDF. Records read from a page the PDF layer classed damaged or
//! OCR are marked [`Record::DAMAGED`] or [`Record::OCR`] here
//! ([`mark_quality`]), the one place records get their quality.
//!
//! ```no_run
//! use std::path::Path;
//! use shisaku::pipeline::{parse_document, Options};
//! let parsed = parse_document(Path::new("corpus/ict2014.pdf"), &Options::default())?;
//! println!("{} records", parsed.records.len());
//! # Ok::<(), shisaku::pipeline::PipelineError>(())
//! ```

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use crate::layout::{analyze, LayoutParams, PageLayout};
use crate::pdf::{Document, Limits, Page, PdfError, QualityClass};
use crate::plan::{
    edition, parse_layouts, DocumentInfo, PageQuality, ParseOptions, ParsedDocument, PlanError,
    Record,
};

/// Everything a run of the pipeline may be told.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Edition id to use when the document states none (or to override it).
    pub edition: Option<String>,
    /// Issuer to record (overrides the one read from /Author).
    pub issuer: Option<String>,
    /// Layout thresholds.
    pub layout: LayoutParams,
    /// PDF resource limits.
    pub limits: Limits,
}

impl Options {
    /// The part of the options the plan reader takes.
    pub fn plan(&self) -> ParseOptions {
        ParseOptions {
            edition: self.edition.clone(),
            issuer: self.issuer.clone(),
            layout: self.layout.clone(),
        }
    }
}

/// Why a document could not be run through the pipeline.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The PDF layer failed (unreadable file, spent time budget).
    #[error(transparent)]
    Pdf(#[from] PdfError),
    /// The plan reader failed.
    #[error(transparent)]
    Plan(#[from] PlanError),
}

/// Seconds spent in each stage of [`parse_document`] (re-exported from the
/// plan model, where [`ParsedDocument`] carries it).
pub use crate::plan::Timings;

/// The pages of a document, laid out, with what the PDF layer reported.
#[derive(Debug, Default)]
pub struct LaidOut {
    /// One layout per readable page, in order.
    pub layouts: Vec<PageLayout>,
    /// Page warnings and skipped pages, each naming its page.
    pub warnings: Vec<String>,
    /// Pages with damage or invisible text, each with its class.
    pub quality: Vec<PageQuality>,
}

/// Opens the PDF at `path` under the options' limits.
pub fn open(path: &Path, options: &Options) -> Result<Document, PdfError> {
    Document::open(path, options.limits.clone())
}

/// Interprets and lays out every page of `doc`, adding the seconds spent to
/// `timings`. A spent time budget fails the document; other page errors
/// skip the page with a warning.
pub fn lay_out(
    doc: &Document,
    options: &Options,
    timings: &mut Timings,
) -> Result<LaidOut, PdfError> {
    let mut out = LaidOut::default();
    let mut clock = Instant::now();
    let mut lap = |slot: &mut f64| {
        *slot += clock.elapsed().as_secs_f64();
        clock = Instant::now();
    };
    for n in 1..=doc.page_count() as u32 {
        match doc.page(n) {
            Ok(page) => {
                lap(&mut timings.extract);
                out.warnings
                    .extend(page.warnings.iter().map(|w| format!("page {n}: {w}")));
                if page.quality.is_notable() {
                    out.quality.push(PageQuality::new(n, page.quality.clone()));
                }
                out.layouts.push(analyze(&page, &options.layout));
                lap(&mut timings.layout);
            }
            Err(e @ PdfError::Timeout(_)) => return Err(e),
            Err(e) => out.warnings.push(format!("page {n}: skipped: {e}")),
        }
    }
    Ok(out)
}

/// One page of `doc`, interpreted and laid out.
pub fn page(
    doc: &Document,
    number: u32,
    options: &Options,
) -> Result<(Page, PageLayout), PdfError> {
    let page = doc.page(number)?;
    let layout = analyze(&page, &options.layout);
    Ok((page, layout))
}

/// Parses the plan PDF at `path` into records: open, interpret and lay out
/// every page, read the plan, take the issuer from /Author when nothing
/// else named it.
pub fn parse_document(path: &Path, options: &Options) -> Result<ParsedDocument, PipelineError> {
    let mut timings = Timings::default();
    let start = Instant::now();
    let doc = open(path, options)?;
    timings.extract += start.elapsed().as_secs_f64();
    let laid = lay_out(&doc, options, &mut timings)?;
    let clock = Instant::now();
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    let mut parsed = parse_layouts(
        &file,
        &laid.layouts,
        DocumentInfo {
            title: doc.info_title(),
            modified: doc.info_mod_date(),
        },
        &options.plan(),
        laid.warnings,
        laid.quality,
    )?;
    if parsed.edition.issuer.is_none() {
        parsed.edition.issuer = doc
            .info_author()
            .and_then(|a| edition::issuer_from_author(&a));
    }
    mark_quality(&mut parsed);
    timings.parse += clock.elapsed().as_secs_f64();
    parsed.timings = timings;
    Ok(parsed)
}

/// Marks each record with the worst class of the pages it was read from
/// ([`ParsedDocument::quality`]): [`Record::DAMAGED`] when one is damaged,
/// else [`Record::OCR`] when one is an OCR text layer; clean pages leave
/// it unmarked. A record spans from its own page to the page before the
/// one the next record starts on (the last record to the last page).
pub fn mark_quality(parsed: &mut ParsedDocument) {
    let classes: BTreeMap<u32, QualityClass> = parsed
        .quality
        .iter()
        .filter(|q| q.class != QualityClass::Clean)
        .map(|q| (q.page, q.class))
        .collect();
    if classes.is_empty() {
        return;
    }
    let last = parsed.pages.iter().map(|p| p.page).max().unwrap_or(0);
    let starts: Vec<u32> = parsed.records.iter().map(|r| r.page).collect();
    for (i, r) in parsed.records.iter_mut().enumerate() {
        let end = starts
            .get(i + 1)
            .map_or(last, |next| next.saturating_sub(1))
            .max(r.page);
        let seen: Vec<QualityClass> = classes.range(r.page..=end).map(|(_, c)| *c).collect();
        r.quality = if seen.contains(&QualityClass::Damaged) {
            Some(Record::DAMAGED.to_string())
        } else if seen.contains(&QualityClass::Ocr) {
            Some(Record::OCR.to_string())
        } else {
            r.quality.take()
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::Quality;
    use crate::plan::{Edition, RecordKind};

    #[test]
    fn records_are_marked_with_the_worst_class_of_their_pages() {
        let rec = |id: &str, page| Record::empty(id.into(), "e".into(), RecordKind::Topic, page);
        let page = |n, unmapped, invisible| {
            PageQuality::new(
                n,
                Quality {
                    unmapped_glyphs: unmapped,
                    invisible_glyphs: invisible,
                    visible_glyphs: 2,
                    images: 1,
                    ..Quality::default()
                },
            )
        };
        let mut parsed = ParsedDocument {
            doc: "x.pdf".into(),
            edition: Edition {
                id: "e".into(),
                title: String::new(),
                issuer: None,
                fiscal_years: None,
            },
            pages: Vec::new(),
            records: vec![rec("e/1", 1), rec("e/2", 2), rec("e/3", 4), rec("e/4", 6)],
            // Page 3 (of e/2) damaged, 4 and 5 OCR, 6 a few hidden words.
            unplaced: Vec::new(),
            quality: vec![
                page(3, 3, 40),
                page(4, 0, 40),
                page(5, 0, 40),
                page(6, 0, 1),
            ],
            warnings: Vec::new(),
            timings: Timings::default(),
            coverage: Default::default(),
            modified: None,
            readings: Default::default(),
        };
        mark_quality(&mut parsed);
        let marks: Vec<Option<&str>> = parsed
            .records
            .iter()
            .map(|r| r.quality.as_deref())
            .collect();
        assert_eq!(
            marks,
            [None, Some(Record::DAMAGED), Some(Record::OCR), None]
        );
    }
}
