//! Exports of indexed records: JSON Lines, CSV for Excel, an indicators
//! table, and OpenSearch bulk NDJSON with an index template.
//!
//! [`collect_records`] runs a [`crate::query::SearchRequest`] (browse mode when the query
//! is empty) page by page and hands back the full [`Record`]s in hit order;
//! the writers take `&[Record]` and any `Write`:
//!
//! - [`write_jsonl`]: one record JSON per line, exactly what `shisaku parse`
//!   prints;
//! - [`csv`]: one row per record, UTF-8 with BOM and CRLF, lists joined with
//!   "；" (Excel on Japanese Windows opens it as is);
//! - [`indicators`]: one row per indicator, values split into number and unit
//!   by [`crate::plan::quantity::parse_quantity`];
//! - [`opensearch`]: `_bulk` action/document pairs and an index template
//!   (kuromoji + CJK bigram analysis, keyword facets mirroring ours); it
//!   takes the records with their stored lineage ([`collect_entries`]).
//!
//! ```no_run
//! # fn demo(index: &shisaku::index::SearchIndex) -> Result<(), shisaku::export::ExportError> {
//! let (records, _warnings) = shisaku::export::collect_records(index, "クラウド", &[])?;
//! shisaku::export::csv::write_records(std::io::stdout().lock(), &records)?;
//! # Ok(()) }
//! ```

pub mod csv;
pub mod indicators;
pub mod opensearch;
pub mod opensearch_check;

use std::io::Write;

pub use crate::index::Entry;
use crate::index::SearchIndex;
use crate::plan::Record;
use crate::query::{Filter, QueryError};

/// Errors of exporting.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The search behind the export failed.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// Writing the output failed.
    #[error("writing the export: {0}")]
    Io(#[from] std::io::Error),
    /// A record could not be serialised.
    #[error("serialising record {id}: {source}")]
    Json {
        /// The record.
        id: String,
        /// The error.
        #[source]
        source: serde_json::Error,
    },
}

/// Every record matching `query` and `filters`, in hit order (by id when the
/// query is empty), with the warnings of the search (malformed filters,
/// unreadable stored records). No depth limit: the whole result is read in
/// one pass ([`SearchIndex::matching_records`]).
pub fn collect_records(
    index: &SearchIndex,
    query: &str,
    filters: &[Filter],
) -> Result<(Vec<Record>, Vec<String>), ExportError> {
    Ok(index.matching_records(query, filters)?)
}

/// [`collect_records`], each record with its stored lineage (for
/// [`opensearch::write_bulk`]).
pub fn collect_entries(
    index: &SearchIndex,
    query: &str,
    filters: &[Filter],
) -> Result<(Vec<Entry>, Vec<String>), ExportError> {
    Ok(index.matching_entries(query, filters)?)
}

/// Writes one JSON object per record and line (`\n`).
pub fn write_jsonl<W: Write>(out: W, records: &[Record]) -> Result<(), ExportError> {
    write_json_lines(out, records, |r| &r.id)
}

/// Writes `items` as JSON Lines; `id` names an item in a serialisation error.
pub(crate) fn write_json_lines<W: Write, T: serde::Serialize>(
    mut out: W,
    items: &[T],
    id: impl Fn(&T) -> &str,
) -> Result<(), ExportError> {
    for item in items {
        write_json_line(&mut out, item, id(item))?;
    }
    out.flush()?;
    Ok(())
}

/// Writes `item` as one JSON line; `id` names it in a serialisation error.
pub(crate) fn write_json_line<W: Write, T: serde::Serialize>(
    out: &mut W,
    item: &T,
    id: &str,
) -> Result<(), ExportError> {
    let line = serde_json::to_string(item).map_err(|source| ExportError::Json {
        id: id.to_string(),
        source,
    })?;
    out.write_all(line.as_bytes())?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Multi-valued fields are joined with this in CSV cells.
pub const LIST_SEPARATOR: &str = "；";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::RecordKind;

    #[test]
    fn collects_everything_in_browse_mode_and_jsonl_round_trips() {
        let mut records = Vec::new();
        for i in 0..5 {
            let mut r = Record::empty(format!("e2014/{i}"), "e2014".into(), RecordKind::Topic, 1);
            r.title = format!("題名{i}");
            r.text = Some("本文".into());
            records.push(r);
        }
        let index = SearchIndex::in_memory(&records).unwrap();
        let (got, warnings) = collect_records(&index, "", &[]).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(got, records);
        let mut buf = Vec::new();
        write_jsonl(&mut buf, &got).unwrap();
        let back: Vec<Record> = String::from_utf8(buf)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(back, records);
        let filtered: Filter = "kind=site".parse().unwrap();
        let (none, _) = collect_records(&index, "", &[filtered]).unwrap();
        assert!(none.is_empty());
    }
}
