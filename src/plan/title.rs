//! Choosing a document's edition: the plan title it states, the edition id
//! derived from it, the plan period and the fiscal years it covers.
//!
//! Title sources, first found wins (schema v2, `edition.title`):
//! 1. a plan title printed in the running header or footer of most pages;
//! 2. the cover: the largest text on the first pages that reads as a plan title;
//! 3. the document information /Title (producer prefixes and file extensions dropped);
//! 4. the file name (its stem), so a document is never refused for lack of a title.

use crate::layout::PageLayout;

use super::edition::{self, edition_id, edition_id_from_file, looks_like_title};
use super::page::PageView;
use super::year::{parse_span, FiscalYear};

/// Pages at the front of a document searched for a cover title.
const COVER_PAGES: usize = 2;
/// A cover title line's font size, as a fraction of the page's largest size.
const COVER_SIZE_RATIO: f32 = 0.9;
/// Labels that introduce the plan period.
const PERIOD_LABELS: [&str; 4] = ["計画期間", "対象期間", "推進期間", "計画の期間"];

/// Where the title came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleSource {
    /// Printed in running headers or footers.
    Running,
    /// Printed large on a cover page.
    Cover,
    /// The document information /Title.
    Info,
    /// The file name.
    FileName,
}

/// The chosen edition title and id.
#[derive(Debug, Clone, PartialEq)]
pub struct EditionChoice {
    /// The title as stated.
    pub title: String,
    /// Where it was found.
    pub source: TitleSource,
    /// The edition id.
    pub id: String,
    /// First and last fiscal year of the plan, when the title or a plan
    /// period states them.
    pub fiscal_years: Option<[FiscalYear; 2]>,
}

/// Choose title, id and fiscal years (from the title, else the stated plan
/// period) for a document of pages `views` named `file`, with its /Title.
pub fn choose(file: &str, views: &[PageView], info_title: Option<String>) -> EditionChoice {
    let layouts: Vec<&PageLayout> = views.iter().map(|v| v.layout).collect();
    let running: Vec<Vec<String>> = views
        .iter()
        .map(|v| {
            let mut c = v.footer.clone();
            c.extend(v.header.clone());
            c
        })
        .collect();
    let (title, source) = edition::printed_title(&running)
        .map(|t| (t, TitleSource::Running))
        .or_else(|| cover_title(&layouts).map(|t| (t, TitleSource::Cover)))
        .or_else(|| {
            info_title
                .as_deref()
                .and_then(clean_info_title)
                .map(|t| (t, TitleSource::Info))
        })
        .unwrap_or_else(|| (file_stem(file), TitleSource::FileName));
    let period = plan_period(&layouts);
    let fiscal_years = edition::title_years(&title).or(period);
    let id = match source {
        TitleSource::FileName => edition_id_from_file(file),
        _ => edition_id(&title, period.map(|p| p[0])).unwrap_or_else(|| edition_id_from_file(file)),
    };
    EditionChoice {
        title,
        source,
        id,
        fiscal_years,
    }
}

/// The largest text on the first pages, when it reads as a plan title; lines
/// of that size next to each other are one wrapped title.
pub fn cover_title(layouts: &[&PageLayout]) -> Option<String> {
    for layout in layouts.iter().take(COVER_PAGES) {
        let max = layout.lines.iter().map(|l| l.size).fold(0.0, f32::max);
        if max <= 0.0 {
            continue;
        }
        let mut big: Vec<&crate::layout::TextLine> = layout
            .lines
            .iter()
            .filter(|l| l.size >= max * COVER_SIZE_RATIO && !l.text.trim().is_empty())
            .collect();
        big.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
        let joined: String = big.iter().map(|l| l.text.trim()).collect();
        if looks_like_title(&joined) {
            return Some(joined);
        }
        if let Some(l) = big.iter().find(|l| looks_like_title(&l.text)) {
            return Some(l.text.trim().to_string());
        }
    }
    None
}

/// The plan period a document states ("計画期間：平成27年度～平成31年度").
pub fn plan_period(layouts: &[&PageLayout]) -> Option<[FiscalYear; 2]> {
    for layout in layouts {
        for (i, line) in layout.lines.iter().enumerate() {
            let Some(at) = PERIOD_LABELS
                .iter()
                .find_map(|w| line.text.find(w).map(|p| p + w.len()))
            else {
                continue;
            };
            let rest = line.text.get(at..).unwrap_or_default();
            let next = layout.lines.get(i + 1).map_or("", |l| l.text.as_str());
            let span = parse_span(rest).or_else(|| parse_span(next));
            if let Some((Some(from), to)) = span {
                return Some([from, to]);
            }
        }
    }
    None
}

/// A /Title without producer prefixes ("Microsoft Word - ") and file
/// extensions, otherwise as the document states it (full-width brackets
/// stay full-width); `None` when nothing is left or it is only a file-like
/// name.
fn clean_info_title(title: &str) -> Option<String> {
    let mut t = title.trim();
    for prefix in [
        "Microsoft Word - ",
        "Microsoft PowerPoint - ",
        "Microsoft Excel - ",
    ] {
        t = t.strip_prefix(prefix).unwrap_or(t);
    }
    for ext in [
        ".docx", ".doc", ".xlsx", ".xls", ".pptx", ".ppt", ".pdf", ".jtd",
    ] {
        if t.to_ascii_lowercase().ends_with(ext) {
            t = t.get(..t.len() - ext.len()).unwrap_or(t);
        }
    }
    let t = t.trim();
    let norm: String = crate::unicode::nfkc(t);
    let meaningful = !norm.is_ascii() || norm.chars().filter(|c| c.is_alphabetic()).count() >= 4;
    let junk = matches!(
        norm.trim().to_ascii_lowercase().as_str(),
        "untitled" | "無題" | ""
    );
    (meaningful && !junk).then(|| t.to_string())
}

/// The file name without directories and extension.
fn file_stem(file: &str) -> String {
    std::path::Path::new(file)
        .file_stem()
        .map_or_else(|| file.to_string(), |s| s.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_titles_lose_producer_noise() {
        assert_eq!(
            clean_info_title("Microsoft Word - 総合戦略.docx").as_deref(),
            Some("総合戦略")
        );
        assert_eq!(clean_info_title("untitled"), None);
        assert_eq!(clean_info_title("  "), None);
        assert_eq!(clean_info_title("doc1"), None);
    }

    #[test]
    fn file_names_give_ids() {
        assert_eq!(file_stem("a/b/計画.pdf"), "計画");
    }
}
