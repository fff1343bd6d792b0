//! The plan record: the typed contract between parsing and indexing.
//!
//! A [`Record`] serialises to exactly the JSON object described by the corpus
//! schema (`shared/corpus/SCHEMA.md`): every key of the schema is always
//! present for the record's kind, and values keep the characters of the source.
//! Provenance (`source`) is an extra key that the schema allows.

use serde::{Deserialize, Serialize};

/// What a record describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordKind {
    /// A project card (ict2014) or a row of the initiatives table (it2013).
    Initiative,
    /// The 【現状，課題と取組の方向性】 prose of an item.
    Overview,
    /// An entry of a 情報発信サイト等 list.
    Site,
    /// A トピックス box.
    Topic,
}

impl RecordKind {
    /// The lower-case name used in JSON and in the index.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Initiative => "initiative",
            RecordKind::Overview => "overview",
            RecordKind::Site => "site",
            RecordKind::Topic => "topic",
        }
    }
}

/// A responsible department (担当): bureau (部) and optional division (課/室).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Department {
    /// The bureau, e.g. "震災復興・企画部".
    pub bureau: String,
    /// The division, e.g. "情報政策課"; a trailing parenthesis stays here.
    pub division: Option<String>,
}

impl Department {
    /// The department as printed: bureau and division separated by an
    /// ideographic space ("震災復興・企画部　情報政策課").
    pub fn label(&self) -> String {
        match &self.division {
            Some(div) => format!("{}\u{3000}{div}", self.bureau),
            None => self.bureau.clone(),
        }
    }
}

/// One labelled span of the schedule, in Heisei fiscal years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleSpan {
    /// First fiscal year (Heisei), or `None` for "up to" (the ～Ｈ２５ column).
    pub from: Option<i32>,
    /// Last fiscal year (Heisei).
    pub to: i32,
    /// The text written on the span, e.g. "継続".
    pub label: String,
}

/// A value of an indicator at a point in time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorValue {
    /// The text inside the parentheses after 現状値/目標値, e.g. "H24年３月末".
    pub as_of: String,
    /// The value as printed, e.g. "0グループ".
    pub value: String,
}

/// An indicator (指標) with its current and target values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// What is measured.
    pub name: String,
    /// 現状値.
    pub current: IndicatorValue,
    /// 目標値.
    pub target: IndicatorValue,
}

/// A rectangle in page space: PDF points, origin at the top-left corner of the
/// page, y growing downwards.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BBox {
    /// Left edge.
    pub x0: f32,
    /// Top edge.
    pub y0: f32,
    /// Right edge.
    pub x1: f32,
    /// Bottom edge.
    pub y1: f32,
}

/// Where a record came from, so a result can deep-link to the PDF.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Source {
    /// The source file as given to the parser.
    pub file: String,
    /// 1-based physical page where the record starts.
    pub page: u32,
    /// Bounding box of the whole card / row / box on that page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BBox>,
    /// Bounding boxes of individual fields' text, by field name.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub fields: Vec<(String, BBox)>,
    /// Whether the pages the record was read from had extraction problems
    /// (unmapped glyphs, U+FFFD, invisible text); set at ingest.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub damaged: bool,
}

/// One plan record. Keys that belong to other kinds are skipped when
/// serialising, keys of the record's own kind are always written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// "<edition>/<kind-prefix><numbers>", e.g. "ict2014/2-3-1".
    pub id: String,
    /// Edition id, e.g. "ict2014".
    pub edition: String,
    /// Record kind.
    pub kind: RecordKind,
    /// 分野 number.
    pub field_no: Option<u32>,
    /// 分野 name.
    pub field: Option<String>,
    /// 項目 number.
    pub item_no: Option<u32>,
    /// 項目 name.
    pub item: Option<String>,
    /// Physical page (1-based) where the record starts.
    pub page: u32,
    /// Card / row number (initiatives).
    #[serde(
        skip_serializing_if = "Option::is_none",
        default,
        deserialize_with = "double_option"
    )]
    pub no: Option<Option<u32>>,
    /// "（１）" style sub-number (initiatives).
    #[serde(
        skip_serializing_if = "Option::is_none",
        default,
        deserialize_with = "double_option"
    )]
    pub sub_no: Option<Option<u32>>,
    /// Id of the parent row (initiatives).
    #[serde(
        skip_serializing_if = "Option::is_none",
        default,
        deserialize_with = "double_option"
    )]
    pub parent: Option<Option<String>>,
    /// Title (all kinds).
    pub title: String,
    /// 「新」 badge (initiatives).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub is_new: Option<bool>,
    /// Summary (initiatives, sites).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub summary: Option<String>,
    /// Prose (overviews, topics); paragraphs separated by "\n".
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub text: Option<String>,
    /// Marked 性質・手法 (initiatives).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub methods: Option<Vec<String>>,
    /// 主体 (initiatives).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub actors: Option<Vec<String>>,
    /// Media of a site entry.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub media: Option<Vec<String>>,
    /// 担当 (initiatives, sites).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub departments: Option<Vec<Department>>,
    /// Schedule spans (initiatives).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub schedule: Option<Vec<ScheduleSpan>>,
    /// URLs (initiatives, sites).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub urls: Option<Vec<String>>,
    /// Non-URL references (initiatives).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub references: Option<Vec<String>>,
    /// Indicator (initiatives).
    #[serde(
        skip_serializing_if = "Option::is_none",
        default,
        deserialize_with = "double_option"
    )]
    pub indicator: Option<Option<Indicator>>,
    /// Other printed text (initiatives, sites).
    #[serde(
        skip_serializing_if = "Option::is_none",
        default,
        deserialize_with = "double_option"
    )]
    pub notes: Option<Option<String>>,
    /// Provenance (extra key).
    #[serde(default)]
    pub source: Source,
}

impl Record {
    /// A record of `kind` with every key of that kind present and empty.
    pub fn empty(id: String, edition: String, kind: RecordKind, page: u32) -> Record {
        let initiative = kind == RecordKind::Initiative;
        let site = kind == RecordKind::Site;
        let prose = matches!(kind, RecordKind::Overview | RecordKind::Topic);
        Record {
            id,
            edition,
            kind,
            field_no: None,
            field: None,
            item_no: None,
            item: None,
            page,
            no: initiative.then_some(None),
            sub_no: initiative.then_some(None),
            parent: initiative.then_some(None),
            title: String::new(),
            is_new: initiative.then_some(false),
            summary: (initiative || site).then(String::new),
            text: prose.then(String::new),
            methods: initiative.then(Vec::new),
            actors: initiative.then(Vec::new),
            media: site.then(Vec::new),
            departments: (initiative || site).then(Vec::new),
            schedule: initiative.then(Vec::new),
            urls: (initiative || site).then(Vec::new),
            references: initiative.then(Vec::new),
            indicator: initiative.then_some(None),
            notes: (initiative || site).then_some(None),
            source: Source::default(),
        }
    }
}

/// Reads a key that may be `null` as `Some(None)`, so that a kind's keys
/// survive a JSON round trip (a missing key stays `None`).
fn double_option<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// The edition a document belongs to (schema `edition` object).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edition {
    /// Derived id, e.g. "ict2014".
    pub id: String,
    /// The plan's title as printed.
    pub title: String,
    /// Issuing body, e.g. "宮城県", when known.
    pub issuer: Option<String>,
    /// First and last fiscal year (Western) the plan covers, when known.
    pub fiscal_years: Option<[i32; 2]>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initiative_serialises_every_schema_key_with_nulls() {
        let r = Record::empty("x/1-1-1".into(), "x".into(), RecordKind::Initiative, 3);
        let v = serde_json::to_value(&r).unwrap();
        for key in [
            "no",
            "sub_no",
            "parent",
            "is_new",
            "summary",
            "methods",
            "actors",
            "departments",
            "schedule",
            "urls",
            "references",
            "indicator",
            "notes",
            "field_no",
            "item",
        ] {
            assert!(v.get(key).is_some(), "missing {key}");
        }
        assert!(v["no"].is_null());
        assert!(v.get("text").is_none());
        assert!(v.get("media").is_none());
    }

    #[test]
    fn site_has_media_but_no_schedule() {
        let r = Record::empty("x/site/1-1-1".into(), "x".into(), RecordKind::Site, 1);
        let v = serde_json::to_value(&r).unwrap();
        assert!(v["media"].is_array());
        assert!(v.get("schedule").is_none());
        assert_eq!(v["kind"], "site");
    }
}
