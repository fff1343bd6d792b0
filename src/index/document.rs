//! Record → index document.
//!
//! Owns the mapping from a [`Record`] to the values of every schema field: the
//! stored JSON, then, walking the dimension registry ([`crate::dimension`]),
//! the text of each text dimension, the facet keys of each facet and the
//! number of each numeric dimension; and the sort keys. The query side reuses
//! [`body`] and [`text_values`] so that snippets are cut from the same text
//! that was indexed, and [`reading_text`] so that reading matches are
//! highlighted where they were indexed.

use std::borrow::Cow;
use std::collections::BTreeSet;

use tantivy::TantivyDocument;

use super::facet_key::{count_key, filter_key, unit_filter_key};
use super::schema::Fields;
use crate::analysis::table::reading_of;
use crate::analysis::{join_bigrams, join_words, WordTable, Words};
use crate::dimension::{self, Context, Dim};
use crate::plan::Record;

pub use crate::plan::record::schedule_years;
pub use crate::plan::values::{body, field_value, indicator_quantities, item_value, natural_key};

/// The text values of text dimension `dim` for `record` (empty when the
/// kind lacks them, or `dim` is not searched as text).
pub fn text_values(record: &Record, dim: Dim) -> Vec<String> {
    dim.text
        .as_ref()
        .map_or_else(Vec::new, |t| (t.values)(record))
}

/// The katakana reading of `text` as indexed in a reading field: the reading of
/// every morphological token (its text when it has none), with a space where
/// the original text has something between two tokens (punctuation, spaces),
/// so reading bigrams do not run across a sentence break.
///
/// ```
/// use shisaku::index::document::reading_text;
/// assert_eq!(reading_text("地域の情報化。推進"), "チイキノジョウホウカ スイシン");
/// ```
pub fn reading_text(text: &str) -> String {
    reading_of(&crate::analysis::morph_tokens(text))
}

/// Every facet key (count and filter keys) of a record, in its context,
/// deduplicated: for each facet of the registry and each of its value paths,
/// a count key per level and a filter key per segment; for each numeric
/// dimension whose value has a unit, the unit's filter key.
pub fn facet_keys_in(record: &Record, context: &Context) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for (dim, facet) in dimension::facets() {
        for path in (facet.values)(record, context) {
            for (depth, segment) in path.iter().enumerate() {
                keys.insert(count_key(dim, &path[..=depth]));
                keys.insert(filter_key(dim.filter_name(depth), &segment.value));
                if let Some(plain) = (facet.plain)(&segment.value) {
                    keys.insert(filter_key(dim.filter_name(depth), &plain));
                }
            }
        }
    }
    for (_, numeric) in dimension::numerics() {
        if let Some(q) = (numeric.value)(record).filter(|q| !q.unit.is_empty()) {
            keys.insert(unit_filter_key(numeric.measure.name(), &q.unit));
        }
    }
    keys
}

/// Every facet key of a record taken from the record alone (no lineage, no
/// issuer).
pub fn facet_keys(record: &Record) -> BTreeSet<String> {
    facet_keys_in(record, &Context::default())
}

/// Sort key for "newest edition first, then id": the edition's first
/// four-digit year inverted, then the natural id key.
pub fn edition_key(record: &Record) -> String {
    let year: u32 = record
        .edition
        .chars()
        .filter(char::is_ascii_digit)
        .take(4)
        .collect::<String>()
        .parse()
        .unwrap_or(0);
    format!(
        "{:04}/{}",
        9999u32.saturating_sub(year),
        natural_key(&record.id)
    )
}

/// The key of a lineage group (a record id) in the fast column: 64-bit
/// FNV-1a of its bytes, the same in every process and version.
pub fn group_key(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Builds the index document of `record`, with what `context` knows from
/// outside it (its lineage, its edition's issuer and plan title), and the
/// texts `words` analysed already (any other text is analysed here).
pub fn to_document(
    fields: &Fields,
    record: &Record,
    context: &Context,
    words: &WordTable,
) -> Result<TantivyDocument, serde_json::Error> {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.record, serde_json::to_string(record)?);
    if let Some(l) = context.lineage {
        doc.add_text(fields.lineage, serde_json::to_string(l)?);
    }
    doc.add_text(fields.id, &record.id);
    doc.add_text(fields.kind, record.kind.as_str());
    doc.add_text(fields.edition, &record.edition);
    doc.add_text(fields.title, &record.title);
    doc.add_u64(fields.page, u64::from(record.page));
    doc.add_text(fields.file, &record.source.file);
    let group = context.lineage.and_then(|l| l.group.as_deref());
    doc.add_u64(fields.lineage_group, group_key(group.unwrap_or(&record.id)));
    doc.add_text(fields.sort_id, natural_key(&record.id));
    doc.add_text(fields.sort_edition, edition_key(record));
    for key in facet_keys_in(record, context) {
        let field = if super::facet_key::is_count_key(&key) {
            fields.facet_count
        } else {
            fields.facet_filter
        };
        doc.add_text(field, key);
    }
    for (_, numeric) in dimension::numerics() {
        let value = (numeric.value)(record).filter(|q| q.number.is_finite());
        if let (Some(q), Some(field)) = (value, fields.numeric(numeric.measure)) {
            doc.add_f64(field, q.number);
        }
    }
    for (dim, text) in dimension::texts() {
        let (morph, reading) = (fields.morph(dim), fields.reading(dim));
        for value in (text.values)(record) {
            if value.trim().is_empty() {
                continue;
            }
            // One morphological analysis serves the whole-word and the
            // reading field, taken from `words` when it has the text.
            let analysed = match (words.get(&value), morph, reading) {
                (Some(w), _, _) => Some(Cow::Borrowed(w)),
                (None, _, Some(_)) => Some(Cow::Owned(Words::of(&value))),
                (None, Some(_), None) => Some(Cow::Owned(Words {
                    joined: join_words(&crate::analysis::morph_tokens_without_readings(&value)),
                    reading: String::new(),
                })),
                (None, None, None) => None,
            };
            if let (Some(f), Some(w)) = (morph, &analysed) {
                doc.add_text(f, &w.joined);
            }
            if let Some(f) = fields.bigram(dim) {
                doc.add_text(f, join_bigrams(&value));
            }
            if let (Some(f), Some(w)) = (reading, &analysed) {
                doc.add_text(f, join_bigrams(&w.reading));
            }
        }
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::ScheduleSpan;
    use crate::plan::{Department, RecordKind};

    fn card() -> Record {
        let mut r = Record::empty(
            "ict2014/2-3-1".into(),
            "ict2014".into(),
            RecordKind::Initiative,
            2,
        );
        r.field_no = Some(2);
        r.field = Some("行政の情報化".into());
        r.item_no = Some(3);
        r.item = Some("市町村行政の情報化".into());
        r.departments = Some(vec![Department {
            bureau: "震災復興・企画部".into(),
            division: Some("情報政策課".into()),
        }]);
        r.schedule = Some(vec![
            ScheduleSpan::western(None, 2013, "運用"),
            ScheduleSpan::western(Some(2014), 2016, "継続"),
        ]);
        r
    }

    #[test]
    fn schedule_years_are_western_and_up_to_counts_only_to() {
        let r = card();
        let years: Vec<i32> = schedule_years(r.schedule.as_deref().unwrap())
            .into_iter()
            .collect();
        assert_eq!(years, vec![2013, 2014, 2015, 2016]);
    }

    #[test]
    fn facet_keys_cover_hierarchies_and_filters() {
        let keys = facet_keys(&card());
        assert!(keys.contains(&filter_key("dept", "情報政策課")));
        assert!(keys.contains(&filter_key("dept", "震災復興・企画部")));
        assert!(keys.contains(&filter_key("item", "2-3")));
        assert!(keys.contains(&filter_key("new", "false")));
        assert!(keys.contains(&filter_key("indicator", "false")));
        let depth2 = keys
            .iter()
            .filter_map(|k| super::super::facet_key::parse_count_key(k))
            .filter(|(_, p)| p.len() == 2)
            .count();
        assert_eq!(depth2, 2, "field→item and bureau→division");
    }

    #[test]
    fn reading_text_joins_readings_and_keeps_breaks() {
        assert_eq!(
            reading_text("地域の情報化。推進"),
            "チイキノジョウホウカ スイシン"
        );
        assert_eq!(reading_text(""), "");
    }
}
