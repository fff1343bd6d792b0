//! Record → index document.
//!
//! Owns the mapping from a [`Record`] to the values of every schema field: the
//! stored JSON, the text of each [`TextField`], the facet keys and the sort
//! keys. The query side reuses [`body`] and [`text_values`] so that snippets
//! are cut from the same text that was indexed, and [`reading_text`] so that
//! reading matches are highlighted where they were indexed.

use std::collections::BTreeSet;

use tantivy::TantivyDocument;

use super::facet_key::{count_key, filter_key, unit_filter_key, FacetDim, Segment};
use super::schema::{Fields, TextField};
use crate::lineage::RecordLineage;
use crate::plan::quantity::{change, Quantity};
use crate::plan::Record;

/// Width digit runs are padded to in sort keys.
const SORT_PAD: usize = 8;

/// The prose of a record: `summary` or `text`, whichever is non-empty.
pub fn body(record: &Record) -> Option<&str> {
    [record.summary.as_deref(), record.text.as_deref()]
        .into_iter()
        .flatten()
        .find(|s| !s.trim().is_empty())
}

/// The text values of `tf` for `record` (empty when the kind lacks them).
pub fn text_values(record: &Record, tf: TextField) -> Vec<String> {
    let list = |v: &Option<Vec<String>>| v.clone().unwrap_or_default();
    match tf {
        TextField::Title => vec![record.title.clone()],
        TextField::Body => body(record).map(str::to_string).into_iter().collect(),
        TextField::Dept => record
            .departments
            .iter()
            .flatten()
            .flat_map(|d| std::iter::once(d.bureau.clone()).chain(d.division.clone()))
            .collect(),
        TextField::Actor => list(&record.actors),
        TextField::Url => list(&record.urls),
        TextField::Reference => list(&record.references),
        TextField::Indicator => record
            .indicator_list()
            .iter()
            .flat_map(|i| {
                let values = [&i.current, &i.target]
                    .into_iter()
                    .flatten()
                    .map(|v| format!("{} {}", v.as_of, v.value));
                std::iter::once(i.name.clone()).chain(values)
            })
            .collect(),
        TextField::Notes => record.notes.clone().flatten().into_iter().collect(),
        TextField::Section => record.field.iter().chain(&record.item).cloned().collect(),
        TextField::Media => list(&record.media),
    }
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
    let mut out = String::with_capacity(text.len() * 2);
    let mut end = None;
    for t in crate::analysis::morph_tokens(text) {
        if end.is_some_and(|e| e != t.offset_from) {
            out.push(' ');
        }
        out.push_str(t.reading.as_deref().unwrap_or(&t.text));
        end = Some(t.offset_to);
    }
    out
}

pub use crate::plan::record::schedule_years;

/// The 分野 value (number, else name) of a record.
pub fn field_value(record: &Record) -> Option<String> {
    match (record.field_no, &record.field) {
        (Some(n), _) => Some(n.to_string()),
        (None, Some(name)) if !name.is_empty() => Some(name.clone()),
        _ => None,
    }
}

/// The 項目 value of a record, "<field>-<item>", e.g. "2-3".
pub fn item_value(record: &Record) -> Option<String> {
    let item = match (record.item_no, &record.item) {
        (Some(n), _) => n.to_string(),
        (None, Some(name)) if !name.is_empty() => name.clone(),
        _ => return None,
    };
    Some(format!("{}-{item}", field_value(record)?))
}

/// The primary indicator's values as quantities: (current, target, change),
/// each `None` when not a number (and all `None` without an indicator).
pub fn indicator_quantities(
    record: &Record,
) -> (Option<Quantity>, Option<Quantity>, Option<Quantity>) {
    let Some(i) = record.primary_indicator() else {
        return (None, None, None);
    };
    let quantity = |v: &Option<crate::plan::IndicatorValue>| v.as_ref().and_then(|v| v.quantity());
    let (current, target) = (quantity(&i.current), quantity(&i.target));
    let delta = match (&current, &target) {
        (Some(c), Some(t)) => change(c, t),
        _ => None,
    };
    (current, target, delta)
}

/// Adds the count key and the filter key of a one-level facet value.
fn flat(keys: &mut BTreeSet<String>, dim: FacetDim, value: &str) {
    let segment = Segment {
        value: value.to_string(),
        label: None,
    };
    keys.insert(count_key(dim, &[segment]));
    keys.insert(filter_key(dim.name(), value));
}

/// The facet keys a record takes from outside itself: its edition's issuer
/// and its lineage status.
pub fn context_facet_keys(
    lineage: Option<&RecordLineage>,
    issuer: Option<&str>,
) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    if let Some(issuer) = issuer.filter(|i| !i.trim().is_empty()) {
        flat(&mut keys, FacetDim::Issuer, issuer);
    }
    for status in lineage.iter().flat_map(|l| &l.status) {
        flat(&mut keys, FacetDim::Lineage, status.name());
    }
    keys
}

/// Every facet key (count and filter keys) of a record, deduplicated.
pub fn facet_keys(record: &Record) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let seg = |value: &str, label: Option<&str>| Segment {
        value: value.to_string(),
        label: label.map(str::to_string),
    };
    flat(&mut keys, FacetDim::Edition, &record.edition);
    flat(&mut keys, FacetDim::Kind, record.kind.as_str());
    if let Some(field) = field_value(record) {
        let top = seg(&field, record.field.as_deref());
        keys.insert(count_key(FacetDim::Field, std::slice::from_ref(&top)));
        keys.insert(filter_key("field", &field));
        if let Some(item) = item_value(record) {
            keys.insert(count_key(
                FacetDim::Field,
                &[top, seg(&item, record.item.as_deref())],
            ));
            keys.insert(filter_key("item", &item));
        }
    }
    for d in record.departments.iter().flatten() {
        let bureau = seg(&d.bureau, None);
        keys.insert(count_key(FacetDim::Dept, std::slice::from_ref(&bureau)));
        keys.insert(filter_key("dept", &d.bureau));
        if let Some(div) = &d.division {
            keys.insert(count_key(FacetDim::Dept, &[bureau, seg(div, None)]));
            keys.insert(filter_key("dept", div));
        }
    }
    for a in record.actors.iter().flatten() {
        flat(&mut keys, FacetDim::Actor, a);
    }
    for m in record.methods.iter().flatten() {
        flat(&mut keys, FacetDim::Method, m);
    }
    if let Some(new) = record.is_new {
        flat(&mut keys, FacetDim::New, if new { "true" } else { "false" });
    }
    for y in schedule_years(record.schedule.as_deref().unwrap_or_default()) {
        flat(&mut keys, FacetDim::Year, &y.to_string());
    }
    if let Some(list) = &record.indicators {
        let has = if list.is_empty() { "false" } else { "true" };
        flat(&mut keys, FacetDim::Indicator, has);
    }
    let (current, target, delta) = indicator_quantities(record);
    for (side, q) in [
        ("current", &current),
        ("target", &target),
        ("change", &delta),
    ] {
        let Some(q) = q.as_ref().filter(|q| !q.unit.is_empty()) else {
            continue;
        };
        keys.insert(unit_filter_key(side, &q.unit));
        if side != "change" {
            flat(&mut keys, FacetDim::Unit, &q.unit);
        }
    }
    keys
}

/// `id` with every digit run zero-padded, so string order is natural order
/// ("2-3-2" before "2-3-10").
pub fn natural_key(id: &str) -> String {
    let mut out = String::with_capacity(id.len() + 16);
    let mut digits = String::new();
    let flush = |out: &mut String, digits: &mut String| {
        if !digits.is_empty() {
            for _ in digits.len()..SORT_PAD {
                out.push('0');
            }
            out.push_str(digits);
            digits.clear();
        }
    };
    for c in id.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut out, &mut digits);
            out.push(c);
        }
    }
    flush(&mut out, &mut digits);
    out
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

/// Builds the index document of `record`, with its lineage and its
/// edition's issuer when known.
pub fn to_document(
    fields: &Fields,
    record: &Record,
    lineage: Option<&RecordLineage>,
    issuer: Option<&str>,
) -> Result<TantivyDocument, serde_json::Error> {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.record, serde_json::to_string(record)?);
    if let Some(l) = lineage {
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
    for key in facet_keys(record)
        .into_iter()
        .chain(context_facet_keys(lineage, issuer))
    {
        doc.add_text(fields.facet, key);
    }
    let (current, target, delta) = indicator_quantities(record);
    for (field, q) in [
        (fields.indicator_current, current),
        (fields.indicator_target, target),
        (fields.indicator_change, delta),
    ] {
        if let Some(q) = q.filter(|q| q.number.is_finite()) {
            doc.add_f64(field, q.number);
        }
    }
    for tf in TextField::ALL {
        for value in text_values(record, tf) {
            if value.trim().is_empty() {
                continue;
            }
            if let Some(f) = fields.morph(tf) {
                doc.add_text(f, &value);
            }
            if let Some(f) = fields.bigram(tf) {
                doc.add_text(f, &value);
            }
            if let Some(f) = fields.reading(tf) {
                doc.add_text(f, reading_text(&value));
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

    #[test]
    fn natural_key_orders_numbers() {
        assert!(natural_key("ict2014/2-3-2") < natural_key("ict2014/2-3-10"));
        assert!(natural_key("it2013/4-1-u2") < natural_key("it2013/4-1-u2.3"));
    }
}
