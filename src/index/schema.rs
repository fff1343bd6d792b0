//! The tantivy schema of the plan index and the typed handle on its fields.
//!
//! Every record becomes one document with:
//! - stored values: the whole record as JSON (`record`), its lineage as JSON
//!   (`lineage`: [`crate::lineage::RecordLineage`], written by ingest in the
//!   same commit), plus `id`, `kind`, `edition`, `title`, `page` and the
//!   source `file`;
//! - each text dimension of the registry ([`crate::dimension::texts`])
//!   indexed twice, once in the words of the morphological analyzer
//!   ([`crate::analysis::MORPH`]) and once in the tokens of the CJK bigram
//!   analyzer ([`crate::analysis::BIGRAM`]), both with positions so phrase
//!   queries work. The document builder runs both analyzers and hands the
//!   tokens over joined; every text field is tokenised by
//!   [`crate::analysis::JOINED`], which splits them again;
//! - the text dimensions people search by sound
//!   ([`crate::dimension::TextRole::reading`]) a third time, as `<name>_r`:
//!   the katakana reading of the text (see [`super::document::reading_text`])
//!   in bigrams, so a query in kana finds words written in kanji (ちいき → 地域);
//! - the facet keys of [`super::facet_key`] in two multi-valued raw string
//!   fields: the count keys in a fast-only column ([`FACET_COUNT`]), which
//!   facet counting reads for every hit, and the filter keys in an
//!   indexed-only field ([`FACET_FILTER`]), whose postings filters follow;
//!   so counting reads no filter key and filtering reads no count key;
//! - two fast sort keys (`sort_id`, `sort_edition`) and the fast key of the
//!   record's lineage group (`lineage_group`), for one result per initiative;
//! - a fast `f64` column per numeric dimension of the registry (the
//!   indicator's current and target values and their difference, where they
//!   are quantities, [`crate::plan::quantity`]), for numeric filters and sorts.
//!
//! [`Fields`] hands the field handles on to the document builder and to the
//! query side.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, STORED,
    STRING,
};

use crate::analysis;
use crate::dimension::{self, Dim, Measure};

/// Name of the stored-only title field (the searchable title is `title_m`/`title_b`).
pub const STORED_TITLE: &str = "stored_title";
/// Name of the multi-valued fast column of count keys. The facet fields name
/// the encoding of their keys (v2: 分野 and 項目 values qualified by edition,
/// `ict2014:2`; v3: 版 values labelled with their plan title; v4: count and
/// filter keys in separate fields), so an index written with older keys has
/// another schema and is rebuilt ([`super::needs_rebuild`]).
pub const FACET_COUNT: &str = "facet_count_v4";
/// Name of the multi-valued indexed field of filter keys (see [`FACET_COUNT`]).
pub const FACET_FILTER: &str = "facet_filter_v4";
/// Name of the fast column of lineage groups ([`super::document::group_key`]).
pub const LINEAGE_GROUP: &str = "lineage_group";
/// Name of the fast sort key for sorting by id.
pub const SORT_ID: &str = "sort_id";
/// Name of the fast sort key for sorting by edition.
pub const SORT_EDITION: &str = "sort_edition";

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
    /// Count keys: raw, fast only, multi-valued.
    pub facet_count: Field,
    /// Filter keys: raw, indexed only (no frequencies), multi-valued.
    pub facet_filter: Field,
    /// The key of the record's lineage group (its own id's when it has
    /// none): fast, so one result per initiative groups hits without reading
    /// stored documents.
    pub lineage_group: Field,
    /// Natural-order id key: fast.
    pub sort_id: Field,
    /// Newest-edition-first key: fast.
    pub sort_edition: Field,
    /// Fast f64 column of each numeric dimension, in registry order.
    numeric: Vec<(Measure, Field)>,
    /// (morph, bigram, reading) fields of each text dimension, in registry order.
    text: Vec<(Dim, TextFields)>,
}

/// The fields of one text dimension.
#[derive(Debug, Clone, Copy)]
struct TextFields {
    /// `<name>_m`, morphological analysis.
    morph: Field,
    /// `<name>_b`, CJK bigrams.
    bigram: Field,
    /// `<name>_r`, the reading in bigrams, when the dimension has one.
    reading: Option<Field>,
}

impl Fields {
    fn text_fields(&self, dim: Dim) -> Option<&TextFields> {
        self.text.iter().find(|(d, _)| *d == dim).map(|(_, t)| t)
    }

    /// The morphological field of text dimension `dim`.
    pub fn morph(&self, dim: Dim) -> Option<Field> {
        self.text_fields(dim).map(|t| t.morph)
    }

    /// The bigram field of text dimension `dim`.
    pub fn bigram(&self, dim: Dim) -> Option<Field> {
        self.text_fields(dim).map(|t| t.bigram)
    }

    /// The reading field of `dim`, when it has one.
    pub fn reading(&self, dim: Dim) -> Option<Field> {
        self.text_fields(dim).and_then(|t| t.reading)
    }

    /// The fast column of an indicator measure.
    pub fn numeric(&self, measure: Measure) -> Option<Field> {
        self.numeric
            .iter()
            .find(|(m, _)| *m == measure)
            .map(|(_, f)| *f)
    }

    /// Looks every field up by name in `schema`.
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        let mut text = Vec::new();
        for (dim, role) in dimension::texts() {
            let reading = if role.reading {
                Some(f(&format!("{}_r", dim.name))?)
            } else {
                None
            };
            let fields = TextFields {
                morph: f(&format!("{}_m", dim.name))?,
                bigram: f(&format!("{}_b", dim.name))?,
                reading,
            };
            text.push((dim, fields));
        }
        let mut numeric = Vec::new();
        for (_, role) in dimension::numerics() {
            numeric.push((role.measure, f(role.measure.column())?));
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
            facet_count: f(FACET_COUNT)?,
            facet_filter: f(FACET_FILTER)?,
            lineage_group: f(LINEAGE_GROUP)?,
            sort_id: f(SORT_ID)?,
            sort_edition: f(SORT_EDITION)?,
            numeric,
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
    let raw_indexed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::Basic),
    );
    let fast_only = TextOptions::default().set_fast(Some("raw"));
    let facet_count = b.add_text_field(FACET_COUNT, fast_only.clone());
    let facet_filter = b.add_text_field(FACET_FILTER, raw_indexed);
    let sort_id = b.add_text_field(SORT_ID, fast_only.clone());
    let sort_edition = b.add_text_field(SORT_EDITION, fast_only);
    let number = NumericOptions::default().set_fast();
    let lineage_group = b.add_u64_field(LINEAGE_GROUP, number.clone());
    let numeric = dimension::numerics()
        .map(|(_, role)| {
            let column = role.measure.column();
            (role.measure, b.add_f64_field(column, number.clone()))
        })
        .collect();
    let text_options = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let text = dimension::texts()
        .map(|(dim, role)| {
            let name = dim.name;
            let fields = TextFields {
                morph: b.add_text_field(&format!("{name}_m"), text_options(analysis::JOINED)),
                bigram: b.add_text_field(&format!("{name}_b"), text_options(analysis::JOINED)),
                reading: role.reading.then(|| {
                    b.add_text_field(&format!("{name}_r"), text_options(analysis::JOINED))
                }),
            };
            (dim, fields)
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
        facet_count,
        facet_filter,
        lineage_group,
        sort_id,
        sort_edition,
        numeric,
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
        for (dim, role) in dimension::texts() {
            let m = fields.morph(dim).unwrap();
            let b = fields.bigram(dim).unwrap();
            assert_eq!(schema.get_field_name(m), format!("{}_m", dim.name));
            assert_eq!(schema.get_field_name(b), format!("{}_b", dim.name));
            let r = fields
                .reading(dim)
                .map(|r| schema.get_field_name(r).to_string());
            assert_eq!(r, role.reading.then(|| format!("{}_r", dim.name)));
        }
        assert_eq!(fields.morph(&dimension::YEAR), None, "a facet only");
        let count = schema.get_field_entry(fields.facet_count);
        assert!(count.is_fast() && !count.is_indexed());
        let filter = schema.get_field_entry(fields.facet_filter);
        assert!(filter.is_indexed() && !filter.is_fast());
        for m in Measure::ALL {
            assert!(fields.numeric(m).is_some(), "{m:?}");
        }
    }
}
