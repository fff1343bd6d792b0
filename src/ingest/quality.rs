//! Which file holds an edition: document-level extraction quality and the
//! rules that decide a conflict between two files of one edition.
//!
//! A file's [`DocQuality`] sums the pdf layer's per-page counters (unmapped
//! glyphs, U+FFFD, invisible glyphs) and counts its OCR pages, with the
//! records it yielded and the fields they fill. A file is in one of three
//! classes: *damaged* (some glyph read wrongly: unmapped or U+FFFD), *OCR*
//! (no damage, but some pages are an invisible OCR text layer over a scan,
//! [`crate::pdf::QualityClass::Ocr`]) or *clean* (born-digital text read
//! without problems). [`decide`] applies the conflict rules to a new file
//! and the file that holds the edition now: damaged never replaces clean or
//! OCR, and clean text beats an OCR layer of the same edition. [`rank_key`]
//! orders the files of one edition within a batch the same way, so that the
//! best one is chosen whatever order they were read in.

use std::cmp::Reverse;

use serde::{Deserialize, Serialize};

use crate::pdf::QualityClass;
use crate::plan::{ParsedDocument, Record};

/// Extraction quality of a whole document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocQuality {
    /// Glyphs whose code mapped to no Unicode, over all pages.
    pub unmapped_glyphs: usize,
    /// U+FFFD characters in the output, over all pages.
    pub replacement_chars: usize,
    /// Invisible glyphs (render mode 3 or 7), over all pages. Not damage:
    /// on an OCR page they are its text.
    pub invisible_glyphs: usize,
    /// Pages classed as an OCR text layer (absent in manifests written
    /// before OCR was told from damage).
    #[serde(default)]
    pub ocr_pages: usize,
    /// Records found.
    pub records: usize,
    /// Fields of those records that hold a value.
    pub fields_filled: usize,
}

impl DocQuality {
    /// The quality of a parsed document.
    pub fn of(doc: &ParsedDocument) -> DocQuality {
        let mut q = DocQuality {
            records: doc.records.len(),
            fields_filled: doc.records.iter().map(fields_filled).sum(),
            ..DocQuality::default()
        };
        for p in &doc.quality {
            q.unmapped_glyphs += p.quality.unmapped_glyphs;
            q.replacement_chars += p.quality.replacement_chars;
            q.invisible_glyphs += p.quality.invisible_glyphs;
            q.ocr_pages += usize::from(p.class == QualityClass::Ocr);
        }
        q
    }

    /// Glyphs read wrongly: unmapped glyphs and U+FFFD (invisible text is
    /// not damage).
    pub fn damage(&self) -> usize {
        self.unmapped_glyphs + self.replacement_chars
    }

    /// Whether extraction met any damage.
    pub fn is_damaged(&self) -> bool {
        self.damage() > 0
    }

    /// The file's class: damaged when any glyph was read wrongly, OCR when
    /// some page is an OCR text layer, clean otherwise.
    pub fn class(&self) -> QualityClass {
        if self.is_damaged() {
            QualityClass::Damaged
        } else if self.ocr_pages > 0 {
            QualityClass::Ocr
        } else {
            QualityClass::Clean
        }
    }

    /// The damage, in words ("146 unmapped glyphs, 2 U+FFFD").
    fn describe_damage(&self) -> String {
        let parts: Vec<String> = [
            (self.unmapped_glyphs, "unmapped glyphs"),
            (self.replacement_chars, "U+FFFD"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        parts.join(", ")
    }
}

/// Fields of `r` that hold a value (title, summary/text, lists, indicator, …).
fn fields_filled(r: &Record) -> usize {
    let text = |s: &Option<String>| s.as_ref().is_some_and(|s| !s.trim().is_empty());
    let list = |v: &Option<Vec<String>>| v.as_ref().is_some_and(|v| !v.is_empty());
    [
        !r.title.trim().is_empty(),
        r.field.is_some(),
        r.item.is_some(),
        text(&r.summary),
        text(&r.text),
        list(&r.methods),
        list(&r.actors),
        list(&r.media),
        r.departments.as_ref().is_some_and(|d| !d.is_empty()),
        r.schedule.as_ref().is_some_and(|s| !s.is_empty()),
        list(&r.urls),
        list(&r.references),
        !r.indicator_list().is_empty(),
        matches!(r.notes, Some(Some(_))),
    ]
    .iter()
    .filter(|b| **b)
    .count()
}

/// What is known of one file of an edition when a conflict is decided.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The file (manifest key).
    pub path: String,
    /// Its extraction quality; `None` for a file indexed before quality was
    /// recorded (taken as clean, its fields as equal).
    pub quality: Option<DocQuality>,
    /// Its /ModDate as seconds since 1970 (UTC), when stated.
    pub modified: Option<i64>,
    /// Named by `--replace`.
    pub forced: bool,
}

impl Candidate {
    fn damage(&self) -> usize {
        self.quality.as_ref().map_or(0, DocQuality::damage)
    }

    fn ocr_pages(&self) -> usize {
        self.quality.as_ref().map_or(0, |q| q.ocr_pages)
    }
}

/// The outcome of [`decide`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The new file replaces the holder, for this reason.
    Replace(String),
    /// The holder stays, for this reason.
    Keep(String),
}

/// Whether `new` replaces `held` as the source of their edition, and why.
///
/// Rules, in order: a file named by `--replace` wins; a damaged file never
/// replaces an undamaged one (clean or OCR) and an undamaged one replaces a
/// damaged one; between undamaged files the one with fewer OCR pages wins
/// (born-digital text beats an OCR text layer, which is only as good as the
/// recognition); a later
/// /ModDate replaces when the extraction is no worse (no more problems, no
/// fewer records, no fewer fields filled); an earlier one never does; with
/// the same (or an unknown) date only a clearly better extraction (fewer
/// problems or more records, and no worse otherwise) replaces. Everything
/// else keeps what is held.
pub fn decide(new: &Candidate, held: &Candidate) -> Verdict {
    if new.forced {
        return Verdict::Replace("named by --replace".into());
    }
    if held.forced {
        return Verdict::Keep(format!("{} is named by --replace", held.path));
    }
    let (nq, hq) = (new.quality.clone(), held.quality.clone());
    let (nd, hd) = (new.damage(), held.damage());
    if nd > 0 && hd == 0 {
        let problems = nq.map(|q| q.describe_damage()).unwrap_or_default();
        let kept = if held.ocr_pages() > 0 {
            "the kept file is undamaged (OCR text layer)"
        } else {
            "the kept file is clean"
        };
        return Verdict::Keep(format!("extraction damage ({problems}); {kept}"));
    }
    if hd > 0 && nd == 0 {
        let problems = hq.map(|q| q.describe_damage()).unwrap_or_default();
        let what = if new.ocr_pages() > 0 {
            "undamaged OCR text layer"
        } else {
            "clean extraction"
        };
        return Verdict::Replace(format!("{what} replaces a damaged one ({problems})"));
    }
    if nd == 0 && hd == 0 {
        if let Some(verdict) = ocr_verdict(new.ocr_pages(), held.ocr_pages()) {
            return verdict;
        }
    }
    let worse = worse_than(nq.as_ref(), hq.as_ref());
    match (new.modified, held.modified) {
        (Some(n), Some(h)) if n > h => match worse {
            None => Verdict::Replace(format!(
                "later /ModDate ({} > {}) and no worse extraction",
                rfc3339(n),
                rfc3339(h)
            )),
            Some(why) => Verdict::Keep(format!("later /ModDate but worse extraction: {why}")),
        },
        (Some(n), Some(h)) if n < h => Verdict::Keep(format!(
            "earlier /ModDate ({} < {})",
            rfc3339(n),
            rfc3339(h)
        )),
        _ => match (worse, better_than(nq.as_ref(), hq.as_ref())) {
            (None, Some(why)) => Verdict::Replace(format!("better extraction: {why}")),
            (Some(why), _) => Verdict::Keep(format!("worse extraction: {why}")),
            (None, None) => {
                Verdict::Keep("not newer (same or no /ModDate) and no better extraction".into())
            }
        },
    }
}

/// The verdict between two undamaged files with `new` and `held` OCR pages,
/// when they differ: fewer OCR pages (born-digital text) wins.
fn ocr_verdict(new: usize, held: usize) -> Option<Verdict> {
    use std::cmp::Ordering;
    match new.cmp(&held) {
        Ordering::Equal => None,
        Ordering::Greater if held == 0 => Some(Verdict::Keep(format!(
            "OCR text layer ({new} pages), less reliable than the kept file's born-digital text"
        ))),
        Ordering::Greater => Some(Verdict::Keep(format!(
            "more OCR text layer pages ({new} > {held}), less reliable than born-digital text"
        ))),
        Ordering::Less if new == 0 => Some(Verdict::Replace(format!(
            "born-digital text replaces an OCR text layer ({held} pages), which is less reliable"
        ))),
        Ordering::Less => Some(Verdict::Replace(format!(
            "fewer OCR text layer pages ({new} < {held}); born-digital text is more reliable"
        ))),
    }
}

/// How `new` extracts worse than `held`, if it does.
fn worse_than(new: Option<&DocQuality>, held: Option<&DocQuality>) -> Option<String> {
    let (n, h) = (new?, held?);
    if n.damage() > h.damage() {
        Some(format!(
            "{} extraction problems > {}",
            n.damage(),
            h.damage()
        ))
    } else if n.records < h.records {
        Some(format!("{} records < {}", n.records, h.records))
    } else if n.fields_filled < h.fields_filled {
        Some(format!(
            "{} fields filled < {}",
            n.fields_filled, h.fields_filled
        ))
    } else {
        None
    }
}

/// How `new` extracts clearly better than `held`, if it does.
fn better_than(new: Option<&DocQuality>, held: Option<&DocQuality>) -> Option<String> {
    let n = new?;
    let (h_damage, h_records) = held.map_or((0, 0), |h| (h.damage(), h.records));
    if n.damage() < h_damage {
        Some(format!("{} extraction problems < {h_damage}", n.damage()))
    } else if held.is_some() && n.records > h_records {
        Some(format!("{} records > {h_records}", n.records))
    } else {
        None
    }
}

/// Orders the files of one edition in a batch, best first: named by
/// `--replace`, least damage, fewest OCR pages, latest /ModDate, most
/// records, most fields filled, then path. Depends on the files only, never on the
/// order they were read in.
pub fn rank_key(c: &Candidate) -> impl Ord + '_ {
    let q = c.quality.clone().unwrap_or_default();
    (
        !c.forced,
        q.damage(),
        q.ocr_pages,
        Reverse(c.modified),
        Reverse(q.records),
        Reverse(q.fields_filled),
        c.path.as_str(),
    )
}

/// Seconds since 1970 (UTC) of a PDF date ("D:YYYYMMDDHHmmSSOHH'mm'"; every
/// part after the year optional), or `None` when it is not one.
pub fn pdf_date(s: &str) -> Option<i64> {
    let s = s.trim();
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 4 {
        return None;
    }
    let part = |from: usize, len: usize, default: i64| -> i64 {
        digits
            .get(from..from + len)
            .and_then(|p| p.parse().ok())
            .unwrap_or(default)
    };
    let (y, m, d) = (part(0, 4, 0), part(4, 2, 1), part(6, 2, 1));
    let (hh, mm, ss) = (part(8, 2, 0), part(10, 2, 0), part(12, 2, 0));
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let rest = &s[digits.len()..];
    let offset = match rest.chars().next() {
        Some(sign @ ('+' | '-')) => {
            let tz: String = rest[1..].chars().filter(char::is_ascii_digit).collect();
            let h: i64 = tz.get(0..2).and_then(|p| p.parse().ok()).unwrap_or(0);
            let mi: i64 = tz.get(2..4).and_then(|p| p.parse().ok()).unwrap_or(0);
            let secs = h * 3600 + mi * 60;
            if sign == '+' {
                secs
            } else {
                -secs
            }
        }
        _ => 0,
    };
    Some(days_from_civil(y, m, d) * 86_400 + hh * 3600 + mm * 60 + ss - offset)
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Seconds since 1970-01-01 UTC as "2014-04-01T00:30:00Z" (civil date by
/// Howard Hinnant's algorithm).
pub fn rfc3339(secs: i64) -> String {
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(path: &str, damage: usize, records: usize, modified: Option<i64>) -> Candidate {
        Candidate {
            path: path.into(),
            quality: Some(DocQuality {
                unmapped_glyphs: damage,
                records,
                fields_filled: records * 3,
                ..DocQuality::default()
            }),
            modified,
            forced: false,
        }
    }

    #[test]
    fn pdf_dates_with_offsets() {
        let jst = pdf_date("D:20140401093000+09'00'").unwrap();
        assert_eq!(rfc3339(jst), "2014-04-01T00:30:00Z");
        assert_eq!(pdf_date("D:20140401003000Z"), Some(jst));
        assert_eq!(rfc3339(pdf_date("D:2015").unwrap()), "2015-01-01T00:00:00Z");
        assert_eq!(pdf_date("D:20141301"), None);
        assert_eq!(pdf_date("yesterday"), None);
    }

    #[test]
    fn damaged_never_replaces_clean_and_clean_replaces_damaged() {
        let clean = cand("/a.pdf", 0, 62, Some(10));
        let damaged = cand("/flip.pdf", 146, 62, Some(20));
        let Verdict::Keep(why) = decide(&damaged, &clean) else {
            panic!("a later damaged file replaced a clean one");
        };
        assert!(why.contains("146 unmapped glyphs"), "{why}");
        assert!(matches!(decide(&clean, &damaged), Verdict::Replace(_)));
    }

    /// A file of `records` records with an OCR text layer on `pages` pages.
    fn ocr(path: &str, pages: usize, records: usize, modified: Option<i64>) -> Candidate {
        let mut c = cand(path, 0, records, modified);
        if let Some(q) = c.quality.as_mut() {
            q.invisible_glyphs = pages * 400;
            q.ocr_pages = pages;
        }
        c
    }

    #[test]
    fn ocr_is_neither_clean_nor_damaged() {
        let clean = cand("/a.pdf", 0, 62, Some(10));
        let scan = ocr("/scan.pdf", 12, 62, Some(20));
        let damaged = cand("/flip.pdf", 146, 62, Some(30));
        assert_eq!(
            scan.quality.as_ref().map(DocQuality::class),
            Some(QualityClass::Ocr)
        );
        assert!(!scan.quality.as_ref().is_some_and(DocQuality::is_damaged));
        // Born-digital beats a later OCR copy, and replaces an OCR holder.
        let Verdict::Keep(why) = decide(&scan, &clean) else {
            panic!("an OCR copy replaced a born-digital one");
        };
        assert!(
            why.contains("OCR text layer (12 pages)") && why.contains("born-digital"),
            "{why}"
        );
        let Verdict::Replace(why) = decide(&clean, &scan) else {
            panic!("a born-digital copy did not replace an OCR one");
        };
        assert!(
            why.contains("replaces an OCR text layer (12 pages)"),
            "{why}"
        );
        // OCR replaces damage; damage never replaces OCR.
        let Verdict::Replace(why) = decide(&scan, &damaged) else {
            panic!("an OCR copy did not replace a damaged one");
        };
        assert!(
            why.contains("OCR") && why.contains("146 unmapped glyphs"),
            "{why}"
        );
        let Verdict::Keep(why) = decide(&damaged, &scan) else {
            panic!("a damaged copy replaced an OCR one");
        };
        assert!(
            why.contains("extraction damage") && why.contains("OCR"),
            "{why}"
        );
        // In a batch: clean, then OCR, then damaged, whatever the dates.
        let files = [damaged.clone(), scan.clone(), clean.clone()];
        let mut order: Vec<&str> = files.iter().map(|c| c.path.as_str()).collect();
        order.sort_by_key(|p| files.iter().find(|c| c.path == *p).map(rank_key));
        assert_eq!(order, ["/a.pdf", "/scan.pdf", "/flip.pdf"]);
    }

    #[test]
    fn later_and_no_worse_replaces_later_and_worse_does_not() {
        let held = cand("/a.pdf", 0, 62, Some(10));
        assert!(
            matches!(decide(&cand("/b.pdf", 0, 62, Some(11)), &held), Verdict::Replace(w) if w.contains("later /ModDate"))
        );
        assert!(
            matches!(decide(&cand("/b.pdf", 0, 55, Some(11)), &held), Verdict::Keep(w) if w.contains("55 records < 62"))
        );
        assert!(
            matches!(decide(&cand("/b.pdf", 0, 70, Some(9)), &held), Verdict::Keep(w) if w.contains("earlier"))
        );
        // Same date: equal keeps, more records replaces.
        assert!(matches!(
            decide(&cand("/b.pdf", 0, 62, Some(10)), &held),
            Verdict::Keep(_)
        ));
        assert!(
            matches!(decide(&cand("/b.pdf", 0, 63, None), &held), Verdict::Replace(w) if w.contains("63 records"))
        );
    }

    #[test]
    fn replace_forces_and_rank_ignores_read_order() {
        let held = cand("/a.pdf", 0, 62, Some(10));
        let mut forced = cand("/z.pdf", 9, 1, Some(1));
        forced.forced = true;
        assert!(matches!(decide(&forced, &held), Verdict::Replace(_)));
        let mut files = [
            cand("/c.pdf", 0, 62, Some(10)),
            cand("/b.pdf", 3, 62, Some(30)),
            cand("/a.pdf", 0, 62, Some(10)),
            cand("/d.pdf", 0, 62, Some(12)),
        ];
        let best = |fs: &[Candidate]| {
            fs.iter()
                .min_by_key(|c| rank_key(c))
                .map(|c| c.path.clone())
        };
        let first = best(&files);
        files.reverse();
        assert_eq!(best(&files), first);
        assert_eq!(first.as_deref(), Some("/d.pdf"));
    }

    #[test]
    fn unknown_quality_of_an_old_entry_counts_as_clean() {
        let old = Candidate {
            path: "/a.pdf".into(),
            quality: None,
            modified: None,
            forced: false,
        };
        assert!(matches!(
            decide(&cand("/b.pdf", 4, 62, None), &old),
            Verdict::Keep(_)
        ));
        assert!(matches!(
            decide(&cand("/b.pdf", 0, 62, None), &old),
            Verdict::Keep(_)
        ));
    }
}
