//! CSV for Excel on Japanese Windows: UTF-8 with a byte-order mark, CRLF row
//! ends, RFC 4180 quoting, one row per record.
//!
//! Excel reads a BOM-less UTF-8 file as Shift_JIS and garbles it, hence the
//! BOM. A cell is quoted when it holds a comma, a quote, CR or LF, or starts
//! or ends with white space; quotes inside are doubled. Line breaks inside a
//! cell (paragraphs of an overview) stay LF, which Excel shows as a break
//! within the cell. Lists are joined with [`super::LIST_SEPARATOR`].

use std::borrow::Cow;
use std::io::Write;

use crate::plan::{IndicatorValue, Record};

use super::LIST_SEPARATOR;

/// The UTF-8 byte-order mark.
pub const BOM: &str = "\u{feff}";
/// Row terminator.
pub const CRLF: &str = "\r\n";

/// Columns of the record table, in order.
pub const RECORD_COLUMNS: [&str; 30] = [
    "id",
    "edition",
    "kind",
    "field_no",
    "field",
    "item_no",
    "item",
    "page",
    "no",
    "sub_no",
    "parent",
    "title",
    "is_new",
    "summary",
    "text",
    "methods",
    "actors",
    "media",
    "departments",
    "schedule",
    "urls",
    "references",
    "indicator_name",
    "indicator_current_as_of",
    "indicator_current_value",
    "indicator_target_as_of",
    "indicator_target_value",
    "notes",
    "source_file",
    "source_page",
];

/// Writes CSV rows: the BOM first, then each row with CRLF.
pub struct CsvWriter<W: Write> {
    out: W,
}

impl<W: Write> CsvWriter<W> {
    /// Starts a CSV file on `out` (writes the BOM).
    pub fn new(mut out: W) -> std::io::Result<CsvWriter<W>> {
        out.write_all(BOM.as_bytes())?;
        Ok(CsvWriter { out })
    }

    /// Writes one row.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) -> std::io::Result<()> {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.out.write_all(b",")?;
            }
            self.out.write_all(quote(cell.as_ref()).as_bytes())?;
        }
        self.out.write_all(CRLF.as_bytes())
    }

    /// Flushes and hands back the writer.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// `cell` quoted if it needs to be.
pub fn quote(cell: &str) -> Cow<'_, str> {
    let needs = cell.contains([',', '"', '\r', '\n'])
        || cell.starts_with(char::is_whitespace)
        || cell.ends_with(char::is_whitespace);
    if needs {
        Cow::Owned(format!("\"{}\"", cell.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Writes a header and one row per record.
pub fn write_records<W: Write>(out: W, records: &[Record]) -> std::io::Result<()> {
    let mut w = CsvWriter::new(out)?;
    w.row(&RECORD_COLUMNS)?;
    for r in records {
        w.row(&record_row(r))?;
    }
    w.finish().map(|_| ())
}

/// The cells of `r` in [`RECORD_COLUMNS`] order; keys the record's kind does
/// not have are empty cells.
pub fn record_row(r: &Record) -> Vec<String> {
    let num = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
    let list = |v: &Option<Vec<String>>| v.as_deref().unwrap_or_default().join(LIST_SEPARATOR);
    let indicator = r.primary_indicator();
    let value = |f: fn(&crate::plan::Indicator) -> &Option<IndicatorValue>, as_of: bool| {
        indicator
            .and_then(|i| f(i).as_ref())
            .map(|v| {
                if as_of {
                    v.as_of.clone()
                } else {
                    v.value.clone()
                }
            })
            .unwrap_or_default()
    };
    vec![
        r.id.clone(),
        r.edition.clone(),
        r.kind.as_str().to_string(),
        num(r.field_no),
        r.field.clone().unwrap_or_default(),
        num(r.item_no),
        r.item.clone().unwrap_or_default(),
        r.page.to_string(),
        num(r.no.flatten()),
        num(r.sub_no.flatten()),
        r.parent.clone().flatten().unwrap_or_default(),
        r.title.clone(),
        r.is_new.map(|b| b.to_string()).unwrap_or_default(),
        r.summary.clone().unwrap_or_default(),
        r.text.clone().unwrap_or_default(),
        list(&r.methods),
        list(&r.actors),
        list(&r.media),
        r.departments
            .iter()
            .flatten()
            .map(crate::plan::Department::label)
            .collect::<Vec<_>>()
            .join(LIST_SEPARATOR),
        r.schedule
            .iter()
            .flatten()
            .map(crate::plan::ScheduleSpan::text)
            .collect::<Vec<_>>()
            .join(LIST_SEPARATOR),
        list(&r.urls),
        list(&r.references),
        indicator.map(|i| i.name.clone()).unwrap_or_default(),
        value(|i| &i.current, true),
        value(|i| &i.current, false),
        value(|i| &i.target, true),
        value(|i| &i.target, false),
        r.notes.clone().flatten().unwrap_or_default(),
        r.source.file.clone(),
        if r.source.page > 0 {
            r.source.page.to_string()
        } else {
            String::new()
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Department, RecordKind};

    #[test]
    fn quoting_follows_rfc_4180() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("one\ntwo"), "\"one\ntwo\"");
        assert_eq!(quote(" pad"), "\" pad\"");
        assert_eq!(quote("県，市町村"), "県，市町村");
    }

    #[test]
    fn file_has_bom_crlf_and_one_row_per_record() {
        let mut r = Record::empty("e/1".into(), "e".into(), RecordKind::Initiative, 3);
        r.title = "題名".into();
        r.actors = Some(vec!["県".into(), "市町村".into()]);
        r.departments = Some(vec![Department {
            bureau: "総務部".into(),
            division: Some("市町村課".into()),
        }]);
        r.summary = Some("一行目\n二行目".into());
        let mut buf = Vec::new();
        write_records(&mut buf, &[r]).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert!(text.starts_with(BOM));
        assert_eq!(text.matches(CRLF).count(), 2);
        assert!(text.contains("県；市町村"));
        assert!(text.contains("総務部\u{3000}市町村課"));
        assert!(text.contains("\"一行目\n二行目\""));
        assert_eq!(
            record_row(&Record::empty("x".into(), "e".into(), RecordKind::Site, 1)).len(),
            RECORD_COLUMNS.len()
        );
    }
}
