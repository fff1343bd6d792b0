//! OpenSearch (and Elasticsearch) export: `_bulk` NDJSON and an index
//! template.
//!
//! [`write_bulk`] writes, per record, an action line
//! `{"index":{"_index":NAME,"_id":ID}}` and a document line ([`document`]):
//! the record's schema keys, plus derived keys that mirror our facets —
//! `dept` (bureaus and divisions), `years` (Western fiscal years of the
//! schedule), `has_indicator`, and `number`/`unit` on each indicator value
//! ([`crate::plan::quantity::parse_quantity`]), so range queries and unit facets
//! work there, and a keyword key per facet the registry marks for export
//! ([`crate::dimension::FacetRole::export`]). `source` keeps only file and
//! page.
//!
//! [`index_template`] is a composable index template: a `ja` analyzer
//! (kuromoji tokenizer, base forms, part-of-speech and stop filters, width
//! folding) for every text field, a `bigram` sub-field (standard tokenizer +
//! `cjk_bigram`) like our bigram index, and keyword fields with a width- and
//! case-folding normalizer for the facets. Needs the `analysis-kuromoji`
//! plugin.

use std::io::Write;

use serde_json::{json, Map, Value};

use crate::plan::record::schedule_years;
use crate::plan::{IndicatorValue, Record};

use super::{Entry, ExportError};
use crate::lineage::record::Neighbour;
use crate::lineage::RecordLineage;

/// The document indexed for `r`, with its lineage when it has one: issuer,
/// status, group (one result per initiative is OpenSearch's `collapse` on
/// `lineage.group`) and the linked records with their scores (the evidence
/// strings stay in shisaku).
pub fn document(r: &Record, lineage: Option<&RecordLineage>) -> Result<Value, ExportError> {
    let json_err = |source| ExportError::Json {
        id: r.id.clone(),
        source,
    };
    let mut doc = match serde_json::to_value(r).map_err(json_err)? {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    doc.insert(
        "source".into(),
        json!({"file": r.source.file, "page": r.source.page, "printed_page": r.source.printed_page}),
    );
    let dept: Vec<&str> = r
        .departments
        .iter()
        .flatten()
        .flat_map(|d| std::iter::once(d.bureau.as_str()).chain(d.division.as_deref()))
        .collect();
    doc.insert("dept".into(), json!(dept));
    let years: Vec<i32> = schedule_years(r.schedule.as_deref().unwrap_or_default())
        .into_iter()
        .collect();
    doc.insert("years".into(), json!(years));
    let list = r.indicator_list();
    doc.insert("has_indicator".into(), json!(!list.is_empty()));
    let side = |v: &Option<IndicatorValue>| {
        v.as_ref().map(|v| {
            let q = v.quantity();
            json!({
                "as_of": v.as_of,
                "value": v.value,
                "number": q.as_ref().map(|q| q.number),
                "unit": q.map(|q| q.unit),
            })
        })
    };
    let indicators: Vec<Value> = list
        .iter()
        .map(|i| json!({"name": i.name, "current": side(&i.current), "target": side(&i.target)}))
        .collect();
    if !indicators.is_empty() {
        doc.insert("indicators".into(), Value::Array(indicators));
    }
    for (dim, values) in crate::dimension::export_values(r) {
        doc.insert(dim.name.into(), json!(values));
    }
    if let Some(l) = lineage {
        let links = |ns: &[Neighbour]| -> Vec<Value> {
            ns.iter()
                .map(|n| json!({"id": n.id, "score": n.score}))
                .collect()
        };
        doc.insert(
            "lineage".into(),
            json!({"issuer": l.issuer, "status": l.status, "group": l.group,
                   "predecessors": links(&l.predecessors), "successors": links(&l.successors)}),
        );
    }
    Ok(Value::Object(doc))
}

/// Writes the `_bulk` body: an action line and a document line per record,
/// each ending in `\n` (the API requires the final newline).
pub fn write_bulk<W: Write>(
    mut out: W,
    index_name: &str,
    entries: &[Entry],
) -> Result<(), ExportError> {
    for (r, lineage) in entries {
        let action = json!({"index": {"_index": index_name, "_id": r.id}});
        let doc = document(r, lineage.as_ref())?;
        for v in [action, doc] {
            super::write_json_line(&mut out, &v, &r.id)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// A Japanese text field: kuromoji, with a bigram sub-field.
fn text() -> Value {
    json!({"type": "text", "analyzer": "ja",
           "fields": {"bigram": {"type": "text", "analyzer": "ja_bigram"}}})
}

/// A Japanese text field that is also a facet (exact value kept).
fn text_keyword() -> Value {
    json!({"type": "text", "analyzer": "ja",
           "fields": {"bigram": {"type": "text", "analyzer": "ja_bigram"},
                      "keyword": {"type": "keyword", "normalizer": "folded", "ignore_above": 512}}})
}

/// A facet: keyword with width and case folding.
fn keyword() -> Value {
    json!({"type": "keyword", "normalizer": "folded"})
}

/// An indicator value: text, and the number and unit split out.
fn measure() -> Value {
    json!({"properties": {"as_of": keyword(), "value": keyword(),
                          "number": {"type": "double"}, "unit": keyword()}})
}

/// The mapping of a document's fields.
fn properties() -> Value {
    let mut p = Map::new();
    let mut put = |k: &str, v: Value| {
        p.insert(k.to_string(), v);
    };
    let int = || json!({"type": "integer"});
    put("id", json!({"type": "keyword"}));
    put("edition", keyword());
    put("kind", keyword());
    put("field_no", int());
    put("field", text_keyword());
    put("item_no", int());
    put("item", text_keyword());
    put("page", int());
    put("no", int());
    put("sub_no", int());
    put("parent", json!({"type": "keyword"}));
    put("title", text_keyword());
    put("is_new", json!({"type": "boolean"}));
    put("summary", text());
    put("text", text());
    put("methods", keyword());
    put("actors", keyword());
    put("media", keyword());
    put(
        "departments",
        json!({"properties": {"bureau": keyword(), "division": keyword()}}),
    );
    put("dept", keyword());
    put(
        "schedule",
        json!({"properties": {"from": int(), "to": int(), "label": keyword()}}),
    );
    put("years", int());
    put("urls", json!({"type": "keyword"}));
    put("references", text_keyword());
    put("has_indicator", json!({"type": "boolean"}));
    put(
        "indicators",
        json!({"properties": {"name": text_keyword(), "current": measure(), "target": measure()}}),
    );
    put("projects", text_keyword());
    put("notes", text());
    put(
        "source",
        json!({"properties": {"file": {"type": "keyword"}, "page": int(),
                              "printed_page": {"type": "keyword"}}}),
    );
    let link = json!({"properties": {"id": keyword(), "score": {"type": "float"}}});
    put(
        "lineage",
        json!({"properties": {"issuer": keyword(), "status": keyword(), "group": keyword(),
                              "predecessors": link, "successors": link}}),
    );
    for (dim, _) in crate::dimension::facets().filter(|(_, f)| f.export) {
        put(dim.name, keyword());
    }
    Value::Object(p)
}

/// Index settings: one shard, the Japanese analyzers and the facet normalizer.
fn settings() -> Value {
    let analysis = json!({
        "analyzer": {
            "ja": {
                "type": "custom",
                "tokenizer": "kuromoji_tokenizer",
                "filter": ["kuromoji_baseform", "kuromoji_part_of_speech",
                           "cjk_width", "ja_stop", "kuromoji_stemmer", "lowercase"]
            },
            "ja_bigram": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["cjk_width", "lowercase", "cjk_bigram"]
            }
        },
        "normalizer": {
            "folded": {"type": "custom", "filter": ["cjk_width", "lowercase"]}
        }
    });
    json!({"number_of_shards": 1, "analysis": analysis})
}

/// The index template for indices matching `<index_name>*`.
pub fn index_template(index_name: &str) -> Value {
    json!({
        "index_patterns": [format!("{index_name}*")],
        "priority": 100,
        "_meta": {"generator": "shisaku", "description": "Japanese government plan records"},
        "template": {
            "settings": settings(),
            "mappings": {"dynamic": false, "properties": properties()}
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Indicator, RecordKind, ScheduleSpan};

    #[test]
    fn template_and_bulk_pass_the_offline_mapping_checks() {
        let mut r = Record::empty("e/1-1".into(), "e".into(), RecordKind::Initiative, 3);
        r.title = "庁内無線ＬＡＮの整備".into();
        r.schedule = Some(vec![ScheduleSpan::western(None, 2013, "運用")]);
        r.indicators = Some(vec![Indicator::printed(
            "整備数",
            None,
            Some(("2016年度", "10か所")),
        )]);
        r.projects = Some(vec!["無線ＬＡＮ整備事業".into()]);
        r.source.printed_page = Some("46".into());
        let mut prose = Record::empty("e/overview/1".into(), "e".into(), RecordKind::Overview, 1);
        prose.text = Some("本文".into());
        let mut buf = Vec::new();
        let lineage = RecordLineage {
            issuer: Some("宮城県".into()),
            status: vec![crate::lineage::record::Status::Continued],
            predecessors: vec![Neighbour {
                id: "d/1-1".into(),
                score: 0.8,
                evidence: vec!["title".into()],
            }],
            successors: Vec::new(),
            group: Some("d/1-1".into()),
        };
        write_bulk(&mut buf, "shisaku", &[(r, Some(lineage)), (prose, None)]).unwrap();
        let bulk = String::from_utf8(buf).unwrap();
        let problems = super::super::opensearch_check::check(&index_template("shisaku"), &bulk);
        assert!(problems.is_empty(), "{problems:#?}");
        let doc: Value = serde_json::from_str(bulk.lines().nth(1).unwrap()).unwrap();
        assert_eq!(doc["lineage"]["group"], "d/1-1");
        assert_eq!(doc["lineage"]["status"], json!(["continued"]));
        assert_eq!(
            doc["lineage"]["predecessors"][0],
            json!({"id": "d/1-1", "score": 0.8})
        );
        let prose_doc: Value = serde_json::from_str(bulk.lines().nth(3).unwrap()).unwrap();
        assert!(prose_doc.get("lineage").is_none());
    }

    #[test]
    fn bulk_alternates_action_and_document() {
        let mut r = Record::empty(
            "ict2014/4-1-1".into(),
            "ict2014".into(),
            RecordKind::Initiative,
            9,
        );
        r.title = "みやぎ医療福祉情報ネットワーク構築事業".into();
        r.schedule = Some(vec![ScheduleSpan::western(Some(2014), 2016, "継続")]);
        r.indicators = Some(vec![Indicator::printed(
            "接続医療機関数",
            Some(("26年7月末", "330施設")),
            Some(("28年度末", "2,000施設")),
        )]);
        let site = Record::empty(
            "ict2014/site/1".into(),
            "ict2014".into(),
            RecordKind::Site,
            2,
        );
        let mut buf = Vec::new();
        write_bulk(&mut buf, "shisaku", &[(r, None), (site, None)]).unwrap();
        let text = String::from_utf8(buf).unwrap();
        let lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0]["index"]["_id"], "ict2014/4-1-1");
        assert_eq!(lines[1]["years"], json!([2014, 2015, 2016]));
        assert_eq!(lines[1]["indicators"][0]["target"]["number"], json!(2000.0));
        assert_eq!(lines[1]["indicators"][0]["target"]["unit"], "施設");
        assert_eq!(lines[3]["has_indicator"], false);
        assert!(text.ends_with('\n'));
    }

    #[test]
    fn template_uses_kuromoji_and_cjk_bigram() {
        let t = index_template("shisaku");
        let analysis = &t["template"]["settings"]["analysis"]["analyzer"];
        assert_eq!(analysis["ja"]["tokenizer"], "kuromoji_tokenizer");
        assert!(analysis["ja_bigram"]["filter"]
            .as_array()
            .unwrap()
            .contains(&json!("cjk_bigram")));
        assert_eq!(
            t["template"]["mappings"]["properties"]["title"]["fields"]["bigram"]["analyzer"],
            "ja_bigram"
        );
    }
}
