//! Record → index document.
//!
//! Owns the mapping from a [`Record`] to the values of every schema field: the
//! stored JSON, then, walking the dimension registry ([`crate::dimension`]),
//! the text of each text dimension, the facet keys of each facet and the
//! number of each numeric dimension; and the sort keys. The query side reuses
//! [`body`] and [`text_values`] so that snippets are cut from the same text
//! that was indexed, and [`reading_text`] so that reading matches are
//! highlighted where they were indexed.

use std::collections::BTreeSet;

use tantivy::tokenizer::{PreTokenizedString, Token};
use tantivy::TantivyDocument;

use super::facet_key::{count_key, filter_key, unit_filter_key};
use super::schema::Fields;
use crate::analysis::{MorphToken, MAX_TOKEN_BYTES};
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

/// [`reading_text`] of tokens already analysed.
fn reading_of(tokens: &[MorphToken]) -> String {
    let mut out = String::new();
    let mut end = None;
    for t in tokens {
        if end.is_some_and(|e| e != t.offset_from) {
            out.push(' ');
        }
        out.push_str(t.reading.as_deref().unwrap_or(&t.text));
        end = Some(t.offset_to);
    }
    out
}

/// `text` as the whole-word analyzer ([`crate::analysis::MORPH`]) tokenises it,
/// from tokens already analysed: the same tokens, positions and offsets, and
/// the same length limit, so one morphological analysis serves both the
/// whole-word field and the reading field.
fn pre_tokenized(text: &str, tokens: &[MorphToken]) -> PreTokenizedString {
    PreTokenizedString {
        text: text.to_string(),
        tokens: tokens
            .iter()
            .filter(|t| t.text.len() < MAX_TOKEN_BYTES)
            .map(|t| Token {
                offset_from: t.offset_from,
                offset_to: t.offset_to,
                position: t.position,
                text: t.text.clone(),
                position_length: 1,
            })
            .collect(),
    }
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

/// Builds the index document of `record`, with what `context` knows from
/// outside it (its lineage, its edition's issuer and plan title).
pub fn to_document(
    fields: &Fields,
    record: &Record,
    context: &Context,
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
        for value in (text.values)(record) {
            if value.trim().is_empty() {
                continue;
            }
            let (morph, reading) = (fields.morph(dim), fields.reading(dim));
            let tokens = match (morph, reading) {
                (_, Some(_)) => crate::analysis::morph_tokens(&value),
                (Some(_), None) => crate::analysis::morph_tokens_without_readings(&value),
                (None, None) => Vec::new(),
            };
            if let Some(f) = morph {
                doc.add_pre_tokenized_text(f, pre_tokenized(&value, &tokens));
            }
            if let Some(f) = fields.bigram(dim) {
                doc.add_text(f, &value);
            }
            if let Some(f) = reading {
                doc.add_text(f, reading_of(&tokens));
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
    fn pre_tokenized_whole_words_are_what_the_analyzer_gives() {
        use tantivy::tokenizer::{TokenStream, TokenizerManager};
        let manager = TokenizerManager::default();
        crate::analysis::register(&manager);
        let mut analyzer = manager.get(crate::analysis::MORPH).expect("registered");
        let long = "あ".repeat(40);
        for text in [
            "ＬＧＷＡＮ系の共同クラウド化（コンピューター）、住民サービスの向上",
            long.as_str(),
            "",
        ] {
            let mut stream = analyzer.token_stream(text);
            let mut want = Vec::new();
            while stream.advance() {
                let t = stream.token();
                want.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
            }
            let got: Vec<_> = pre_tokenized(text, &crate::analysis::morph_tokens(text))
                .tokens
                .into_iter()
                .map(|t| (t.text, t.position, t.offset_from, t.offset_to))
                .collect();
            assert_eq!(got, want, "{text}");
        }
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
