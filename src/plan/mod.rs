//! The plan parser: laid-out pages → plan records (the JSON contract of
//! `shared/corpus/SCHEMA.md`).
//!
//! [`parse_layouts`] walks laid-out pages in order ([`document::Walker`]),
//! recognising by structure alone:
//! - tables of initiatives ([`table`]): field/item heading rows, numbered,
//!   unnumbered and nested rows, schedule labels against year columns;
//! - project cards ([`card`]): frame, title band, label cells, values;
//! - prose ([`prose`]): overview sections, トピックス boxes, site lists.
//!
//! Running headers, bands and heading rows keep the current 分野/項目. The
//! edition comes from the printed title, else the document /Title, else the
//! caller ([`edition`]).
//!
//! The plan reader never opens a PDF: [`crate::pipeline`] opens it, lays out
//! its pages with the user's limits and hands the layouts on here.

pub mod card;
pub mod document;
pub mod edition;
pub mod general;
pub mod page;
pub mod passage;
pub mod prose;
pub mod quantity;
pub mod record;
pub mod schedule;
pub mod table;
pub mod text;
pub mod title;
pub mod values;
pub mod year;

use serde::Serialize;

pub use passage::Coverage;
pub use record::{
    BBox, Department, Edition, Indicator, IndicatorValue, Record, RecordKind, ScheduleSpan, Source,
};
pub use year::FiscalYear;

use crate::layout::{LayoutParams, PageLayout};
use crate::pdf::{PdfError, Quality, QualityClass};

/// Facts about one page (schema `pages`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageInfo {
    /// 1-based physical page.
    pub page: u32,
    /// Printed page number, if any.
    pub printed: Option<String>,
    /// Running header, if any.
    pub header: Option<String>,
}

/// A printed heading that produced no record (schema `unplaced`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unplaced {
    /// Page of the heading.
    pub page: u32,
    /// The heading as printed.
    pub text: String,
    /// Why it produced no record.
    pub reason: String,
}

/// Extraction quality of one page, reported beside the records.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageQuality {
    /// 1-based page.
    pub page: u32,
    /// What the page's text is, from the counters ([`Quality::class`]).
    pub class: QualityClass,
    /// The counters.
    #[serde(flatten)]
    pub quality: Quality,
}

impl PageQuality {
    /// Page `page` with `quality`, its class decided from the counters.
    pub fn new(page: u32, quality: Quality) -> PageQuality {
        PageQuality {
            page,
            class: quality.class(),
            quality,
        }
    }
}

/// Everything parsed from one document.
#[derive(Debug, Clone, Serialize)]
pub struct ParsedDocument {
    /// The source file as given.
    pub doc: String,
    /// The edition.
    pub edition: Edition,
    /// Per-page facts.
    pub pages: Vec<PageInfo>,
    /// The records in document order.
    pub records: Vec<Record>,
    /// Headings without records (always written, empty when none).
    pub unplaced: Vec<Unplaced>,
    /// Pages with damage or invisible text, each with its class (always
    /// written, empty when none).
    pub quality: Vec<PageQuality>,
    /// How the pages were read: plan records, passages only, no text.
    pub coverage: Coverage,
    /// Warnings (page and card named).
    #[serde(skip)]
    pub warnings: Vec<String>,
    /// Per record id: which reading produced it and which label words
    /// matched which field (`parse --explain`).
    #[serde(skip)]
    pub readings: std::collections::HashMap<String, String>,
    /// Time spent per stage.
    #[serde(skip)]
    pub timings: Timings,
    /// The document information /ModDate as written, when stated.
    #[serde(skip)]
    pub modified: Option<String>,
}

/// Seconds spent in each stage of [`crate::pipeline::parse_document`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Timings {
    /// PDF loading and content-stream interpretation.
    pub extract: f64,
    /// Layout analysis.
    pub layout: f64,
    /// Plan parsing.
    pub parse: f64,
}

/// Why a document could not be parsed.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// The PDF layer failed.
    #[error(transparent)]
    Pdf(#[from] PdfError),
}

/// The years a document names, near which its years printed without their
/// era are read ([`year::anchor`]): its plan period (`period`, from the
/// title or a 計画期間 line), else the years it prints in full, else the
/// fiscal year of its /ModDate.
fn named_period(
    period: Option<[FiscalYear; 2]>,
    layouts: &[PageLayout],
    modified: Option<&str>,
) -> Option<[FiscalYear; 2]> {
    period
        .or_else(|| {
            let lines = layouts.iter().flat_map(|l| l.lines.iter());
            year::named_years(lines.map(|l| l.text.as_str()))
        })
        .or_else(|| year::of_pdf_date(modified?).map(|y| [y, y]))
}

/// What a PDF's document information dictionary says of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentInfo {
    /// /Title, decoded.
    pub title: Option<String>,
    /// /ModDate as written ("D:20140401093000+09'00'").
    pub modified: Option<String>,
}

/// Options of [`parse_layouts`].
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// Edition id to use when the document states none (or to override it).
    pub edition: Option<String>,
    /// Issuer to record (overrides the one read from /Author).
    pub issuer: Option<String>,
    /// The layout parameters the pages were laid out with (passages group
    /// lines into paragraphs with them).
    pub layout: LayoutParams,
}

/// Parse already laid-out pages (the part of [`crate::pipeline::parse_document`]
/// after the PDF and layout layers).
pub fn parse_layouts(
    file: &str,
    layouts: &[PageLayout],
    info: DocumentInfo,
    options: &ParseOptions,
    mut warnings: Vec<String>,
    quality: Vec<PageQuality>,
) -> Result<ParsedDocument, PlanError> {
    // Label words wrapped in narrow cells are read whole by both readers.
    let joined: Vec<std::borrow::Cow<PageLayout>> = layouts
        .iter()
        .map(general::wrapped_labels::join_wrapped_labels)
        .collect();
    let views: Vec<page::PageView> = joined.iter().map(|l| page::PageView::new(l)).collect();
    let DocumentInfo { title, modified } = info;
    let chosen = title::choose(file, &views, title);
    let _era_less = year::anchor(named_period(
        chosen.fiscal_years,
        layouts,
        modified.as_deref(),
    ));
    let id = options.edition.clone().unwrap_or_else(|| chosen.id.clone());
    let mut walker = document::Walker::new(&id, file);
    let mut explain: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for view in &views {
        walker.page(view);
    }
    walker.finish();
    let general = general::read_document(&id, file, &views);
    let mut read = Vec::new();
    if general::weight(&general.records) > general::weight(&walker.records) {
        walker.records = general.records;
        read = general.read;
        walker.unplaced.clear();
        walker.years = walker
            .records
            .iter()
            .flat_map(|r| r.schedule.iter().flatten())
            .filter(|s| s.from.is_some())
            .flat_map(|s| [s.from, Some(s.to)])
            .flatten()
            .collect();
        walker.warnings.clear();
        walker.warnings.extend(general.unknown);
        explain = general.explain.into_iter().collect();
    } else {
        for r in &walker.records {
            let how = match r.kind {
                RecordKind::Initiative if r.source.fields.iter().any(|f| f.0 == "title") => {
                    "framed card, labels left of values (specialised reader)"
                }
                RecordKind::Initiative => "year-column table row (specialised reader)",
                _ => "prose section (specialised reader)",
            };
            explain.insert(r.id.clone(), how.to_string());
        }
    }
    warnings.append(&mut walker.warnings);
    let coverage = passage::add_passages(
        &id,
        file,
        &views,
        &mut walker.records,
        &read,
        &options.layout,
    );
    let fiscal_years = chosen
        .fiscal_years
        .or_else(|| edition::schedule_years(&walker.years));
    let title = chosen.title;
    let mut records = walker.records;
    for r in &mut records {
        let page = if r.source.page > 0 {
            r.source.page
        } else {
            r.page
        };
        r.source.printed_page = walker
            .pages
            .iter()
            .find(|p| p.page == page)
            .and_then(|p| p.printed.clone());
    }
    Ok(ParsedDocument {
        doc: file.to_string(),
        edition: Edition {
            id,
            title,
            issuer: options.issuer.clone(),
            fiscal_years,
        },
        pages: walker.pages,
        records,
        unplaced: walker.unplaced,
        quality,
        coverage,
        warnings,
        readings: explain,
        timings: Timings::default(),
        modified,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::TextLine;
    use crate::pdf::{Color, Rect, Rule, RuleKind};

    fn line(text: &str, x0: f32, y: f32) -> TextLine {
        let w = text.chars().count() as f32 * 9.0;
        TextLine {
            text: text.into(),
            bbox: Rect {
                x0,
                y0: y - 8.0,
                x1: x0 + w,
                y1: y + 1.0,
            },
            size: 9.0,
            font: String::new(),
            char_x: text
                .chars()
                .enumerate()
                .map(|(i, _)| x0 + i as f32 * 9.0)
                .collect(),
        }
    }

    fn rect(x0: f32, y0: f32, x1: f32, y1: f32, filled: bool) -> Rule {
        Rule {
            kind: RuleKind::Rect,
            bbox: Rect { x0, y0, x1, y1 },
            stroked: !filled,
            filled,
            fill: filled.then_some(Color(0.87, 0.87, 0.87)),
            line_width: 0.5,
            dashed: false,
        }
    }

    #[test]
    fn era_less_years_are_read_near_the_period_the_lines_or_the_date() {
        let y = FiscalYear::from_western;
        let page = |texts: &[&str]| PageLayout {
            number: 1,
            width: 595.0,
            height: 842.0,
            lines: texts
                .iter()
                .enumerate()
                .map(|(i, t)| line(t, 60.0, 100.0 + 20.0 * i as f32))
                .collect(),
            rules: vec![],
        };
        let dated = Some("D:20150210120000+09'00'");
        let period = Some([y(2019), y(2021)]);
        let era_less = [page(&["スケジュール", "26年度～28年度 実施"])];
        let named = [page(&["平成25年3月 策定", "26年度～28年度 実施"])];
        assert_eq!(named_period(period, &era_less, dated), period);
        assert_eq!(
            named_period(None, &named, dated),
            Some([y(2013), y(2013)]),
            "平成25年 names 2013"
        );
        assert_eq!(
            named_period(None, &era_less, dated),
            Some([y(2014), y(2014)]),
            "February 2015 is fiscal 2014"
        );
        assert_eq!(named_period(None, &era_less, None), None);
    }

    /// A card without 担当, with a label nobody knows and a title without number:
    /// the record keeps what it has and warnings name the page and the card.
    #[test]
    fn a_malformed_card_yields_a_record_and_warnings() {
        let layout = PageLayout {
            number: 7,
            width: 595.0,
            height: 842.0,
            lines: vec![
                line("分野 3 環境　　項目 1 エネルギー", 60.0, 45.0),
                line("番号のない事業", 84.0, 120.0),
                line("目的・概要", 82.0, 146.0),
                line("概要の本文です。", 84.0, 170.0),
                line("備考欄", 82.0, 196.0),
                line("自由記述", 150.0, 196.0),
            ],
            rules: vec![
                rect(56.0, 30.0, 539.0, 52.0, true),    // running header bar
                rect(77.0, 105.0, 517.0, 210.0, false), // card frame
                rect(77.0, 105.0, 517.0, 128.0, true),  // title band
                rect(77.0, 133.0, 139.0, 150.0, true),  // 目的・概要 label cell
                rect(77.0, 185.0, 139.0, 205.0, true),  // unknown label cell
            ],
        };
        let options = ParseOptions {
            edition: Some("x2020".into()),
            ..Default::default()
        };
        let doc = parse_layouts(
            "m.pdf",
            &[layout],
            DocumentInfo::default(),
            &options,
            vec![],
            vec![],
        )
        .expect("parses");
        assert_eq!(doc.records.len(), 1, "{:?}", doc.records);
        let r = &doc.records[0];
        assert_eq!(r.title, "番号のない事業");
        assert_eq!(r.no, Some(None));
        assert_eq!(r.id, "x2020/3-1-u1");
        assert_eq!(r.summary.as_deref(), Some("概要の本文です。"));
        assert_eq!(r.notes, Some(Some("備考欄自由記述".to_string())));
        assert_eq!(r.departments, Some(vec![]));
        let w = doc.warnings.join("\n");
        assert!(w.contains("page 7") && w.contains("no number"), "{w}");
        assert!(
            w.contains("unknown label") && w.contains("x2020/3-1-u1"),
            "{w}"
        );
        assert!(w.contains("no 担当"), "{w}");
    }
}
