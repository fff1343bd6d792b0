//! The tantivy schema of the plan index and the typed handle on its fields.
//!
//! Every record becomes one document with:
//! - stored values: the whole record as JSON (`record`), its lineage as JSON
//!   (`lineage`: [`crate::lineage::RecordLineage`], written by ingest in the
//!   same commit), plus `id`, `kind`, `edition`, `title`, `page` and the
//!   source `file`;
//! - each [`TextField`] indexed twice, once with the morphological analyzer
//!   ([`crate::analysis::MORPH`]) and once with the CJK bigram analyzer
//!   ([`crate::analysis::BIGRAM`]), both with positions so phrase queries work;
//! - the fields people search by sound ([`TextField::has_reading`]) a third
//!   time, as `<name>_r`: the katakana reading of the text (see
//!   [`super::document::reading_text`]) in bigrams, so a query in kana finds
//!   words written in kanji (ちいき → 地域);
//! - one multi-valued raw string column `facet` (indexed and fast) holding the
//!   facet keys of [`super::facet_key`], used both for filtering and counting;
//! - two fast sort keys (`sort_id`, `sort_edition`);
//! - three fast `f64` columns with the indicator's current and target values
//!   and their difference, where they are quantities
//!   ([`crate::plan::quantity`]), for numeric filters and sorts.
//!
//! [`Fields`] hands the field handles on to the document builder and to the
//! query side.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, STORED,
    STRING,
};

use crate::analysis;

/// A text part of a record that is searchable (indexed twice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TextField {
    /// The title.
    Title,
    /// `summary` (initiatives, sites) or `text` (overviews, topics).
    Body,
    /// Department bureaus and divisions.
    Dept,
    /// Actors (主体).
    Actor,
    /// URLs.
    Url,
    /// Non-URL references (参考).
    Reference,
    /// Indicator name and values.
    Indicator,
    /// Notes.
    Notes,
    /// 分野 and 項目 names.
    Section,
    /// Media of a site entry.
    Media,
}

impl TextField {
    /// Every text field, in schema order.
    pub const ALL: [TextField; 10] = [
        TextField::Title,
        TextField::Body,
        TextField::Dept,
        TextField::Actor,
        TextField::Url,
        TextField::Reference,
        TextField::Indicator,
        TextField::Notes,
        TextField::Section,
        TextField::Media,
    ];

    /// The base name of the field; the index has `<name>_m` and `<name>_b`.
    pub fn name(self) -> &'static str {
        match self {
            TextField::Title => "title",
            TextField::Body => "body",
            TextField::Dept => "dept",
            TextField::Actor => "actor",
            TextField::Url => "url",
            TextField::Reference => "reference",
            TextField::Indicator => "indicator",
            TextField::Notes => "notes",
            TextField::Section => "section",
            TextField::Media => "media",
        }
    }

    /// Whether the field also has a reading field `<name>_r`: the title, the
    /// prose, departments and 分野/項目 names (the rest are names, URLs and
    /// numbers nobody types by sound).
    pub fn has_reading(self) -> bool {
        matches!(
            self,
            TextField::Title | TextField::Body | TextField::Dept | TextField::Section
        )
    }

    fn index(self) -> usize {
        match self {
            TextField::Title => 0,
            TextField::Body => 1,
            TextField::Dept => 2,
            TextField::Actor => 3,
            TextField::Url => 4,
            TextField::Reference => 5,
            TextField::Indicator => 6,
            TextField::Notes => 7,
            TextField::Section => 8,
            TextField::Media => 9,
        }
    }
}

/// Name of the stored-only title field (the searchable title is `title_m`/`title_b`).
pub const STORED_TITLE: &str = "stored_title";
/// Name of the multi-valued facet key column.
pub const FACET: &str = "facet";
/// Name of the fast sort key for sorting by id.
pub const SORT_ID: &str = "sort_id";
/// Name of the fast sort key for sorting by edition.
pub const SORT_EDITION: &str = "sort_edition";
/// Name of the fast column of indicator current values.
pub const INDICATOR_CURRENT: &str = "indicator_current";
/// Name of the fast column of indicator target values.
pub const INDICATOR_TARGET: &str = "indicator_target";
/// Name of the fast column of indicator changes (target − current).
pub const INDICATOR_CHANGE: &str = "indicator_change";

/// Handles on every field of the schema.
#[derive(Debug, Clone)]
pub struct Fields {
    /// Record id: raw, indexed (for lookup and deletion), stored.
    pub id: Field,
    /// Record kind: raw, indexed, stored.
    pub kind: Field,
    /// Edition id: raw, indexed, stored.
    pub edition: Field,
    /// Title: stored only.
    pub title: Field,
    /// Physical page: stored.
    pub page: Field,
    /// Source file: raw, indexed (for replacement by file), stored.
    pub file: Field,
    /// The whole record as JSON: stored only.
    pub record: Field,
    /// The record's lineage as JSON: stored only.
    pub lineage: Field,
    /// Facet keys: raw, indexed and fast, multi-valued.
    pub facet: Field,
    /// Natural-order id key: fast.
    pub sort_id: Field,
    /// Newest-edition-first key: fast.
    pub sort_edition: Field,
    /// Indicator current value: fast f64.
    pub indicator_current: Field,
    /// Indicator target value: fast f64.
    pub indicator_target: Field,
    /// Indicator change: fast f64.
    pub indicator_change: Field,
    /// (morph, bigram, reading) fields in [`TextField::ALL`] order.
    text: Vec<(Field, Field, Option<Field>)>,
}

impl Fields {
    /// The morphological field of `tf`.
    pub fn morph(&self, tf: TextField) -> Option<Field> {
        self.text.get(tf.index()).map(|p| p.0)
    }

    /// The bigram field of `tf`.
    pub fn bigram(&self, tf: TextField) -> Option<Field> {
        self.text.get(tf.index()).map(|p| p.1)
    }

    /// The reading field of `tf`, when it has one ([`TextField::has_reading`]).
    pub fn reading(&self, tf: TextField) -> Option<Field> {
        self.text.get(tf.index()).and_then(|p| p.2)
    }

    /// Looks every field up by name in `schema`.
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        let mut text = Vec::with_capacity(TextField::ALL.len());
        for tf in TextField::ALL {
            let reading = if tf.has_reading() {
                Some(f(&format!("{}_r", tf.name()))?)
            } else {
                None
            };
            text.push((
                f(&format!("{}_m", tf.name()))?,
                f(&format!("{}_b", tf.name()))?,
                reading,
            ));
        }
        Ok(Fields {
            id: f("id")?,
            kind: f("kind")?,
            edition: f("edition")?,
            title: f(STORED_TITLE)?,
            page: f("page")?,
            file: f("file")?,
            record: f(STORED_RECORD)?,
            lineage: f("lineage")?,
            facet: f(FACET)?,
            sort_id: f(SORT_ID)?,
            sort_edition: f(SORT_EDITION)?,
            indicator_current: f(INDICATOR_CURRENT)?,
            indicator_target: f(INDICATOR_TARGET)?,
            indicator_change: f(INDICATOR_CHANGE)?,
            text,
        })
    }
}

/// Name of the stored record JSON. It names the record contract version
/// (`shared/corpus/SCHEMA.md`), so an index holding records of another
/// contract has another schema and is rebuilt ([`super::needs_rebuild`]).
pub const STORED_RECORD: &str = "record_v2";

/// Builds the schema and its field handles.
pub fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let id = b.add_text_field("id", STRING | STORED);
    let kind = b.add_text_field("kind", STRING | STORED);
    let edition = b.add_text_field("edition", STRING | STORED);
    let title = b.add_text_field(STORED_TITLE, STORED);
    let page = b.add_u64_field("page", NumericOptions::default().set_stored());
    let file = b.add_text_field("file", STRING | STORED);
    let record = b.add_text_field(STORED_RECORD, STORED);
    let lineage = b.add_text_field("lineage", STORED);
    let raw_fast = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("raw")
                .set_index_option(IndexRecordOption::Basic),
        )
        .set_fast(Some("raw"));
    let facet = b.add_text_field(FACET, raw_fast);
    let fast_only = TextOptions::default().set_fast(Some("raw"));
    let sort_id = b.add_text_field(SORT_ID, fast_only.clone());
    let sort_edition = b.add_text_field(SORT_EDITION, fast_only);
    let number = NumericOptions::default().set_fast();
    let indicator_current = b.add_f64_field(INDICATOR_CURRENT, number.clone());
    let indicator_target = b.add_f64_field(INDICATOR_TARGET, number.clone());
    let indicator_change = b.add_f64_field(INDICATOR_CHANGE, number);
    let text_options = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let text = TextField::ALL
        .iter()
        .map(|tf| {
            (
                b.add_text_field(&format!("{}_m", tf.name()), text_options(analysis::MORPH)),
                b.add_text_field(&format!("{}_b", tf.name()), text_options(analysis::BIGRAM)),
                tf.has_reading().then(|| {
                    b.add_text_field(&format!("{}_r", tf.name()), text_options(analysis::BIGRAM))
                }),
            )
        })
        .collect();
    let fields = Fields {
        id,
        kind,
        edition,
        title,
        page,
        file,
        record,
        lineage,
        facet,
        sort_id,
        sort_edition,
        indicator_current,
        indicator_target,
        indicator_change,
        text,
    };
    (b.build(), fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_field_has_two_analyses() {
        let (schema, fields) = build_schema();
        for tf in TextField::ALL {
            let m = fields.morph(tf).unwrap();
            let b = fields.bigram(tf).unwrap();
            assert_eq!(schema.get_field_name(m), format!("{}_m", tf.name()));
            assert_eq!(schema.get_field_name(b), format!("{}_b", tf.name()));
            let r = fields
                .reading(tf)
                .map(|r| schema.get_field_name(r).to_string());
            assert_eq!(r, tf.has_reading().then(|| format!("{}_r", tf.name())));
        }
        assert!(schema.get_field_entry(fields.facet).is_fast());
    }
}
