//! Offline checks of an OpenSearch index template and `_bulk` body against
//! the rules OpenSearch documents, as far as they can be checked without a
//! cluster:
//!
//! - mapping field types are ones OpenSearch knows; `text` fields name an
//!   analyzer the template's settings define (or a built-in one), `keyword`
//!   fields a normalizer it defines; sub-fields (`fields`) obey the same
//!   rules; object fields have `properties`;
//! - the template has `index_patterns`, `template.settings` and
//!   `template.mappings`; the mappings are not dynamic, so
//! - every key of every bulk document must be mapped (with `dynamic: false`
//!   an unmapped key is kept in `_source` but silently not searchable), and
//!   values fit their mapped type (numbers for numeric fields, booleans for
//!   `boolean`, strings for `keyword`/`text`, objects for objects);
//! - the bulk body alternates action and document lines, ends with a newline,
//!   each action is `{"index": {"_index", "_id"}}` with an `_id` of at most
//!   512 bytes, unique within the body.

use std::collections::HashSet;

use serde_json::{Map, Value};

/// Field types OpenSearch's mappings accept that this export may use.
const KNOWN_TYPES: [&str; 12] = [
    "text", "keyword", "integer", "long", "double", "float", "boolean", "date", "object", "nested",
    "short", "byte",
];
/// Analyzers built into OpenSearch (always available by name).
const BUILT_IN_ANALYZERS: [&str; 6] =
    ["standard", "simple", "whitespace", "keyword", "stop", "cjk"];
/// Longest document id OpenSearch accepts, in bytes.
const MAX_ID_BYTES: usize = 512;

/// Every problem found in `template` and `bulk`; empty when both are valid.
pub fn check(template: &Value, bulk: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if !template["index_patterns"].is_array() {
        problems.push("template: index_patterns missing".to_string());
    }
    let settings = &template["template"]["settings"];
    let mappings = &template["template"]["mappings"];
    let analyzers = names(&settings["analysis"]["analyzer"]);
    let normalizers = names(&settings["analysis"]["normalizer"]);
    let Some(properties) = mappings["properties"].as_object() else {
        problems.push("template: template.mappings.properties missing".to_string());
        return problems;
    };
    let defs = Definitions {
        analyzers: &analyzers,
        normalizers: &normalizers,
    };
    check_properties(properties, "", &defs, &mut problems);
    check_bulk(bulk, properties, &mut problems);
    problems
}

/// Analyzers and normalizers the settings define.
struct Definitions<'a> {
    analyzers: &'a HashSet<String>,
    normalizers: &'a HashSet<String>,
}

fn names(v: &Value) -> HashSet<String> {
    v.as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn check_properties(
    props: &Map<String, Value>,
    path: &str,
    defs: &Definitions,
    out: &mut Vec<String>,
) {
    for (name, mapping) in props {
        let here = format!("{path}{name}");
        if let Some(inner) = mapping["properties"].as_object() {
            check_properties(inner, &format!("{here}."), defs, out);
            continue;
        }
        check_field(&here, mapping, defs, out);
        if let Some(subs) = mapping["fields"].as_object() {
            for (sub, m) in subs {
                check_field(&format!("{here}.{sub}"), m, defs, out);
            }
        }
    }
}

fn check_field(path: &str, mapping: &Value, defs: &Definitions, out: &mut Vec<String>) {
    let Some(ty) = mapping["type"].as_str() else {
        out.push(format!("mapping {path}: no type and no properties"));
        return;
    };
    if !KNOWN_TYPES.contains(&ty) {
        out.push(format!("mapping {path}: unknown type {ty:?}"));
    }
    if let Some(a) = mapping["analyzer"].as_str() {
        if ty != "text" {
            out.push(format!("mapping {path}: analyzer on a {ty} field"));
        }
        if !defs.analyzers.contains(a) && !BUILT_IN_ANALYZERS.contains(&a) {
            out.push(format!("mapping {path}: analyzer {a:?} is not defined"));
        }
    }
    if let Some(n) = mapping["normalizer"].as_str() {
        if ty != "keyword" {
            out.push(format!("mapping {path}: normalizer on a {ty} field"));
        }
        if !defs.normalizers.contains(n) {
            out.push(format!("mapping {path}: normalizer {n:?} is not defined"));
        }
    }
}

fn check_bulk(bulk: &str, props: &Map<String, Value>, out: &mut Vec<String>) {
    if !bulk.is_empty() && !bulk.ends_with('\n') {
        out.push("bulk: the body must end with a newline".to_string());
    }
    let lines: Vec<&str> = bulk.lines().collect();
    if !lines.len().is_multiple_of(2) {
        out.push(format!(
            "bulk: {} lines, not action/document pairs",
            lines.len()
        ));
    }
    let mut ids = HashSet::new();
    for (n, pair) in lines.chunks(2).enumerate() {
        let parse = |l: &str| serde_json::from_str::<Value>(l).ok();
        let (Some(action), Some(doc)) = (
            pair.first().and_then(|l| parse(l)),
            pair.get(1).and_then(|l| parse(l)),
        ) else {
            out.push(format!("bulk pair {n}: not two JSON lines"));
            continue;
        };
        let id = action["index"]["_id"].as_str().unwrap_or_default();
        if action["index"]["_index"].as_str().is_none_or(str::is_empty) || id.is_empty() {
            out.push(format!(
                "bulk pair {n}: action needs index._index and index._id"
            ));
        }
        if id.len() > MAX_ID_BYTES {
            out.push(format!("bulk {id}: _id longer than {MAX_ID_BYTES} bytes"));
        }
        if !ids.insert(id.to_string()) {
            out.push(format!("bulk {id}: _id repeated"));
        }
        if let Some(fields) = doc.as_object() {
            check_document(id, fields, props, "", out);
        }
    }
}

fn check_document(
    id: &str,
    doc: &Map<String, Value>,
    props: &Map<String, Value>,
    path: &str,
    out: &mut Vec<String>,
) {
    for (key, value) in doc {
        let here = format!("{path}{key}");
        let Some(mapping) = props.get(key) else {
            out.push(format!(
                "document {id}: {here} is not mapped (dynamic is false)"
            ));
            continue;
        };
        check_value(id, &here, value, mapping, out);
    }
}

fn check_value(id: &str, path: &str, value: &Value, mapping: &Value, out: &mut Vec<String>) {
    match value {
        Value::Null => {}
        Value::Array(items) => {
            for v in items {
                check_value(id, path, v, mapping, out);
            }
        }
        Value::Object(inner) => match mapping["properties"].as_object() {
            Some(props) => check_document(id, inner, props, &format!("{path}."), out),
            None => out.push(format!(
                "document {id}: {path} is an object but mapped as a value"
            )),
        },
        scalar => {
            let ty = mapping["type"].as_str().unwrap_or("object");
            let fits = match ty {
                "integer" | "long" | "short" | "byte" => scalar.is_i64() || scalar.is_u64(),
                "double" | "float" => scalar.is_number(),
                "boolean" => scalar.is_boolean(),
                "keyword" | "text" | "date" => scalar.is_string(),
                _ => false,
            };
            if !fits {
                out.push(format!(
                    "document {id}: {path} = {scalar} does not fit type {ty}"
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_unmapped_keys_bad_types_and_undefined_analyzers() {
        let template = json!({
            "index_patterns": ["x*"],
            "template": {
                "settings": {"analysis": {"analyzer": {"ja": {}}, "normalizer": {}}},
                "mappings": {"dynamic": false, "properties": {
                    "title": {"type": "text", "analyzer": "ja"},
                    "page": {"type": "integer"},
                    "kind": {"type": "keyword", "normalizer": "folded"},
                    "body": {"type": "text", "analyzer": "kuromoji"}
                }}
            }
        });
        let bulk = "{\"index\":{\"_index\":\"x\",\"_id\":\"a\"}}\n{\"title\":\"t\",\"page\":\"3\",\"extra\":1}\n";
        let problems = check(&template, bulk);
        assert!(
            problems
                .iter()
                .any(|p| p.contains("normalizer \"folded\" is not defined")),
            "{problems:?}"
        );
        assert!(problems
            .iter()
            .any(|p| p.contains("analyzer \"kuromoji\" is not defined")));
        assert!(problems
            .iter()
            .any(|p| p.contains("page = \"3\" does not fit type integer")));
        assert!(problems.iter().any(|p| p.contains("extra is not mapped")));
        assert!(
            check(&template, "{\"index\":{\"_index\":\"x\",\"_id\":\"a\"}}\n")
                .iter()
                .any(|p| p.contains("not action/document pairs"))
        );
    }
}
