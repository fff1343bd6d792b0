//! The plan record: the typed contract between parsing and indexing.
//!
//! A [`Record`] serialises to exactly the JSON object described by the corpus
//! schema (`shared/corpus/SCHEMA.md`): every key of the schema is always
//! present for the record's kind, and values keep the characters of the source.
//! Provenance (`source`) is an extra key that the schema allows.

use serde::{Deserialize, Serialize};

use super::year::FiscalYear;

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
    /// Page text outside every plan record (foreword, appendix, any other PDF).
    Passage,
}

impl RecordKind {
    /// The lower-case name used in JSON and in the index.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Initiative => "initiative",
            RecordKind::Overview => "overview",
            RecordKind::Site => "site",
            RecordKind::Topic => "topic",
            RecordKind::Passage => "passage",
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

/// One labelled span of the schedule (fiscal years, written as Western years).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleSpan {
    /// First fiscal year, or `None` for "up to" (the ～Ｈ２５ column).
    pub from: Option<FiscalYear>,
    /// Last fiscal year.
    pub to: FiscalYear,
    /// The text written on the span, e.g. "継続".
    pub label: String,
}

impl ScheduleSpan {
    /// A span over the Western fiscal years `from..=to` (`from = None`: "up to").
    pub fn western(from: Option<i32>, to: i32, label: &str) -> ScheduleSpan {
        ScheduleSpan {
            from: from.map(FiscalYear::from_western),
            to: FiscalYear::from_western(to),
            label: label.to_string(),
        }
    }

    /// The years as tables print them: "H23–H25", "H26", "～H25".
    pub fn years_label(&self) -> String {
        match self.from {
            None => format!("～{}", self.to.short_label()),
            Some(f) if f == self.to => f.short_label(),
            Some(f) => format!("{}–{}", f.short_label(), self.to.short_label()),
        }
    }

    /// The span as text: "H23–H25 運用", "H26 運用", "～H25 運用".
    pub fn text(&self) -> String {
        let years = self.years_label();
        if self.label.trim().is_empty() {
            years
        } else {
            format!("{years} {}", self.label.trim())
        }
    }
}

/// Longest span expanded into years by [`schedule_years`]; longer spans are
/// clipped at `to`.
const MAX_SPAN_YEARS: i32 = 50;

/// The Western fiscal years a schedule covers. A span `from..=to` covers every
/// year in it; a span with `from = None` ("up to `to`", the ～H25 column) covers
/// only `to`, since where it starts is not printed.
pub fn schedule_years(spans: &[ScheduleSpan]) -> std::collections::BTreeSet<i32> {
    let mut years = std::collections::BTreeSet::new();
    for s in spans {
        let to = s.to.western();
        let from = s.from.map_or(to, FiscalYear::western);
        let (lo, hi) = if from <= to { (from, to) } else { (to, from) };
        let lo = lo.max(hi - MAX_SPAN_YEARS);
        years.extend(lo..=hi);
    }
    years
}

/// A value of an indicator at a point in time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorValue {
    /// The text inside the parentheses after 現状値/目標値, e.g. "H24年３月末".
    pub as_of: String,
    /// The value as printed, e.g. "0グループ".
    pub value: String,
}

/// An indicator (指標, KPI) with its current and target values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// What is measured.
    pub name: String,
    /// 現状値, when printed.
    pub current: Option<IndicatorValue>,
    /// 目標値, when printed.
    pub target: Option<IndicatorValue>,
}

impl IndicatorValue {
    /// "2グループ（28年度末）", or the value alone when no date is printed.
    pub fn label(&self) -> String {
        if self.as_of.is_empty() {
            self.value.clone()
        } else {
            format!("{}（{}）", self.value, self.as_of)
        }
    }
}

impl Indicator {
    /// An indicator from printed `(as_of, value)` pairs.
    pub fn printed(
        name: &str,
        current: Option<(&str, &str)>,
        target: Option<(&str, &str)>,
    ) -> Indicator {
        let value = |v: Option<(&str, &str)>| {
            v.map(|(as_of, value)| IndicatorValue {
                as_of: as_of.to_string(),
                value: value.to_string(),
            })
        };
        Indicator {
            name: name.to_string(),
            current: value(current),
            target: value(target),
        }
    }

    /// "現状値 0グループ（H24年３月末） → 目標値 2グループ（28年度末）": the values
    /// that are printed, without the name.
    pub fn values_label(&self) -> String {
        let parts: Vec<String> = [("現状値", &self.current), ("目標値", &self.target)]
            .into_iter()
            .filter_map(|(label, v)| v.as_ref().map(|v| format!("{label} {}", v.label())))
            .collect();
        parts.join(" → ")
    }
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

impl From<crate::pdf::Rect> for BBox {
    fn from(r: crate::pdf::Rect) -> BBox {
        BBox {
            x0: r.x0,
            y0: r.y0,
            x1: r.x1,
            y1: r.y1,
        }
    }
}

/// Where a record came from, so a result can deep-link to the PDF.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Source {
    /// The source file as given to the parser.
    pub file: String,
    /// 1-based physical page where the record starts.
    pub page: u32,
    /// The page number printed on that page ("46"), when it prints one;
    /// citations use it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub printed_page: Option<String>,
    /// Bounding box of the whole card / row / box on that page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BBox>,
    /// Bounding boxes of individual fields' text, by field name.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub fields: Vec<(String, BBox)>,
}

/// One plan record. Keys that belong to other kinds are skipped when
/// serialising, keys of the record's own kind are always written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// `<edition>/<kind-prefix><numbers>`, e.g. "ict2014/2-3-1".
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
    /// Title (all kinds); empty is written as `null` (a passage without heading).
    #[serde(serialize_with = "empty_as_null", deserialize_with = "null_as_empty")]
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
    /// Indicators in printed order (initiatives).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub indicators: Option<Vec<Indicator>>,
    /// 主な事業 listed under the initiative, without bullets (initiatives).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub projects: Option<Vec<String>>,
    /// Other printed text (initiatives, sites).
    #[serde(
        skip_serializing_if = "Option::is_none",
        default,
        deserialize_with = "double_option"
    )]
    pub notes: Option<Option<String>>,
    /// Extraction quality of the pages the record was read from (extra key):
    /// [`Record::DAMAGED`] when one of them is damaged (unmapped glyphs,
    /// replacement characters), else [`Record::OCR`] when one of them is an
    /// OCR text layer (invisible text over a scan); absent when all are
    /// clean.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<String>,
    /// Provenance (extra key).
    #[serde(default)]
    pub source: Source,
}

impl Record {
    /// The [`Record::quality`] of a record read from a page with extraction
    /// damage.
    pub const DAMAGED: &'static str = "damaged";

    /// The [`Record::quality`] of a record read from an OCR text layer (and
    /// no damaged page).
    pub const OCR: &'static str = "ocr";

    /// The record's extraction quality as a value: [`Record::DAMAGED`],
    /// [`Record::OCR`], or `ok` when its pages are clean.
    pub fn quality_value(&self) -> &str {
        self.quality.as_deref().unwrap_or("ok")
    }

    /// The record's indicators (empty for kinds without them).
    pub fn indicator_list(&self) -> &[Indicator] {
        self.indicators.as_deref().unwrap_or_default()
    }

    /// The indicator whose numbers stand for the record in numeric filters
    /// and sorts: the first with a numeric target, else the first.
    pub fn primary_indicator(&self) -> Option<&Indicator> {
        let list = self.indicator_list();
        list.iter()
            .find(|i| {
                i.target
                    .as_ref()
                    .and_then(IndicatorValue::quantity)
                    .is_some()
            })
            .or(list.first())
    }

    /// A record of `kind` with every key of that kind present and empty.
    pub fn empty(id: String, edition: String, kind: RecordKind, page: u32) -> Record {
        let initiative = kind == RecordKind::Initiative;
        let site = kind == RecordKind::Site;
        let prose = matches!(
            kind,
            RecordKind::Overview | RecordKind::Topic | RecordKind::Passage
        );
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
            indicators: initiative.then(Vec::new),
            projects: initiative.then(Vec::new),
            notes: (initiative || site).then_some(None),
            quality: None,
            source: Source::default(),
        }
    }
}

/// Writes an empty string as `null`.
fn empty_as_null<S: serde::Serializer>(s: &str, serializer: S) -> Result<S::Ok, S::Error> {
    if s.is_empty() {
        serializer.serialize_none()
    } else {
        serializer.serialize_str(s)
    }
}

/// Reads `null` as an empty string.
fn null_as_empty<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.unwrap_or_default())
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
    /// First and last fiscal year the plan covers, when known.
    pub fiscal_years: Option<[FiscalYear; 2]>,
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
            "indicators",
            "projects",
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
