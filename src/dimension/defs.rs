//! The declarations: one [`Dimension`] per record dimension, each with the
//! functions that take its values from a record, and [`ALL`] listing them.
//!
//! The order of [`ALL`] is the order of text fields in the index schema and
//! of facets in the JSON output; the sidebar has its own order
//! ([`Sidebar::rank`]).

use super::read;
use super::{
    ChildKey, Context, Dimension, FacetRole, Measure, NumericRole, Order, Segment, Sidebar,
    TextRole,
};
use crate::plan::quantity::Quantity;
use crate::plan::record::schedule_years;
use crate::plan::values::{body, field_value, indicator_quantities, item_value};
use crate::plan::{FiscalYear, Record, RecordKind};

/// Relevance weight of a title match (other text fields weigh 1).
const TITLE_BOOST: f32 = 1.5;

/// Every dimension, in schema and output order.
pub static ALL: &[&Dimension] = &[
    &TITLE, &BODY, &EDITION, &KIND, &FIELD, &DEPT, &ACTOR, &METHOD, &NEW, &YEAR, &URL, &REFERENCE,
    &INDICATOR, &PROJECT, &NOTES, &SECTION, &MEDIA, &UNIT, &LINEAGE, &ISSUER, &QUALITY, &CURRENT,
    &TARGET, &CHANGE,
];

/// A text role with the usual options.
const fn text(values: fn(&Record) -> Vec<String>) -> TextRole {
    TextRole {
        reading: false,
        scope: false,
        marked: false,
        boost: 1.0,
        values,
    }
}

/// A flat facet counted by frequency, values shown as they are.
const fn flat(values: fn(&Record, &Context) -> Vec<Vec<Segment>>) -> FacetRole {
    FacetRole {
        child: None,
        order: Order::Count,
        years: false,
        parse: read::any,
        accepts: "a non-blank value",
        plain: |_| None,
        show: plain,
        sidebar: None,
        export: false,
        values,
    }
}

/// A sidebar section.
const fn section(rank: u8, heading: &'static str, open: bool) -> Option<Sidebar> {
    Some(Sidebar {
        rank,
        heading,
        open,
    })
}

/// A value shown as it is.
fn plain(value: &str, _: Option<&str>) -> String {
    value.to_string()
}

/// One one-level path per value.
fn each<I: IntoIterator<Item = S>, S: Into<String>>(values: I) -> Vec<Vec<Segment>> {
    values
        .into_iter()
        .map(|v| vec![Segment::plain(v)])
        .collect()
}

/// A list value of a record, empty when absent.
fn list(v: &Option<Vec<String>>) -> Vec<String> {
    v.clone().unwrap_or_default()
}

/// `true` / `false`.
fn flag(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

/// The title.
pub static TITLE: Dimension = Dimension {
    name: "title",
    aliases: &[],
    label: "題名",
    text: Some(TextRole {
        reading: true,
        scope: true,
        marked: true,
        boost: TITLE_BOOST,
        // A passage's title is a heading printed in its text or on an earlier
        // page: indexing it again would rank the passage above the records
        // it repeats.
        values: |r| match r.kind {
            RecordKind::Passage => Vec::new(),
            _ => vec![r.title.clone()],
        },
    }),
    facet: None,
    numeric: None,
};

/// `summary` (initiatives, sites) or `text` (overviews, topics).
pub static BODY: Dimension = Dimension {
    name: "body",
    aliases: &["summary", "text"],
    label: "本文",
    text: Some(TextRole {
        reading: true,
        scope: true,
        marked: true,
        boost: 1.0,
        values: |r| body(r).map(str::to_string).into_iter().collect(),
    }),
    facet: None,
    numeric: None,
};

/// Edition id; its label is the plan's title when the ingest knew it, so the
/// page shows 「みやぎICT推進プラン（2014～2016）（ict2014）」 while filters
/// keep naming the id.
pub static EDITION: Dimension = Dimension {
    name: "edition",
    aliases: &[],
    label: "版",
    text: None,
    facet: Some(FacetRole {
        sidebar: section(3, "版", true),
        show: show_edition,
        ..flat(|r, cx| {
            vec![vec![Segment {
                value: r.edition.clone(),
                label: cx
                    .edition_title
                    .filter(|t| !t.trim().is_empty())
                    .map(str::to_string),
            }]]
        })
    }),
    numeric: None,
};

/// An edition as shown: 「plan title（id）」, or the id alone when its
/// title is not known.
///
/// ```
/// use shisaku::dimension::show_edition;
/// assert_eq!(show_edition("it2013", Some("高度情報化推進計画")), "高度情報化推進計画（it2013）");
/// assert_eq!(show_edition("it2013", None), "it2013");
/// ```
pub fn show_edition(value: &str, title: Option<&str>) -> String {
    match title {
        Some(t) if !t.is_empty() && t != value => format!("{t}（{value}）"),
        _ => value.to_string(),
    }
}

/// Record kind.
pub static KIND: Dimension = Dimension {
    name: "kind",
    aliases: &[],
    label: "種別",
    text: None,
    facet: Some(FacetRole {
        sidebar: section(4, "種別", true),
        show: |v, _| {
            match v {
                "initiative" => "施策",
                "overview" => "現状・課題と方向性",
                "site" => "情報発信サイト",
                "topic" => "トピックス",
                "passage" => "本文",
                other => other,
            }
            .to_string()
        },
        ..flat(|r, _| each([r.kind.as_str()]))
    }),
    numeric: None,
};

/// 分野 → 項目 (hierarchical). A 分野 is one edition's: its value is
/// `<edition>:<number>` (`ict2014:2`), a 項目's `<edition>:<field>-<item>`
/// (`ict2014:2-3`), so two editions' 分野 2 are two values, each with its
/// own name. A plain `field=2` / `item=2-3` also matches, and is refused
/// when more than one edition's 分野 answers to it (see `crate::query`).
pub static FIELD: Dimension = Dimension {
    name: "field",
    aliases: &[],
    label: "分野",
    text: None,
    facet: Some(FacetRole {
        child: Some(ChildKey {
            name: "item",
            label: "項目",
        }),
        order: Order::Natural,
        sidebar: section(1, "分野・項目", true),
        accepts: "a 分野 such as ict2014:2 (edition:number), or a number alone when only one \
                  edition has it; 項目 as ict2014:2-3 or 2-3",
        plain: |v| unqualified(v).map(str::to_string),
        show: show_section,
        ..flat(field_paths)
    }),
    numeric: None,
};

/// The number part of an edition-qualified 分野 or 項目 value
/// (`ict2014:2-3` → `2-3`); `None` for a plain one.
pub fn unqualified(value: &str) -> Option<&str> {
    value.split_once(':').map(|(_, n)| n)
}

/// 「2　行政の情報化（ict2014）」 for a 分野, 「2-3　…」 for a 項目.
fn show_section(value: &str, label: Option<&str>) -> String {
    let (edition, number) = value.split_once(':').unwrap_or(("", value));
    let mut out = number.to_string();
    if let Some(l) = label {
        out.push('　');
        out.push_str(l);
    }
    if !edition.is_empty() && !number.contains('-') {
        out.push_str(&format!("（{edition}）"));
    }
    out
}

/// The 分野 → 項目 path of a record, edition-qualified, with their names as
/// labels.
fn field_paths(r: &Record, _: &Context) -> Vec<Vec<Segment>> {
    let Some(field) = field_value(r) else {
        return Vec::new();
    };
    let mut path = vec![Segment {
        value: format!("{}:{field}", r.edition),
        label: r.field.clone(),
    }];
    if let Some(item) = item_value(r) {
        path.push(Segment {
            value: format!("{}:{item}", r.edition),
            label: r.item.clone(),
        });
    }
    vec![path]
}

/// Departments: searchable names, and a bureau → division facet.
pub static DEPT: Dimension = Dimension {
    name: "dept",
    aliases: &["department", "departments"],
    label: "担当",
    text: Some(TextRole {
        reading: true,
        scope: true,
        ..text(|r| {
            r.departments
                .iter()
                .flatten()
                .flat_map(|d| std::iter::once(d.bureau.clone()).chain(d.division.clone()))
                .collect()
        })
    }),
    facet: Some(FacetRole {
        sidebar: section(2, "担当", true),
        ..flat(|r, _| {
            r.departments
                .iter()
                .flatten()
                .map(|d| {
                    std::iter::once(Segment::plain(d.bureau.as_str()))
                        .chain(d.division.as_deref().map(Segment::plain))
                        .collect()
                })
                .collect()
        })
    }),
    numeric: None,
};

/// Actors (主体).
pub static ACTOR: Dimension = Dimension {
    name: "actor",
    aliases: &["actors"],
    label: "主体",
    text: Some(TextRole {
        scope: true,
        ..text(|r| list(&r.actors))
    }),
    facet: Some(FacetRole {
        sidebar: section(11, "主体", false),
        ..flat(|r, _| each(list(&r.actors)))
    }),
    numeric: None,
};

/// 性質・手法.
pub static METHOD: Dimension = Dimension {
    name: "method",
    aliases: &["methods"],
    label: "性質・手法",
    text: None,
    facet: Some(FacetRole {
        sidebar: section(5, "性質・手法", true),
        ..flat(|r, _| each(list(&r.methods)))
    }),
    numeric: None,
};

/// The 「新」 badge: `true` / `false`.
pub static NEW: Dimension = Dimension {
    name: "new",
    aliases: &["is_new"],
    label: "新規",
    text: None,
    facet: Some(FacetRole {
        parse: read::boolean,
        accepts: "true or false (also yes/no, 1/0, あり/なし)",
        sidebar: section(6, "新規", true),
        show: |v, _| {
            match v {
                "true" => "新規",
                "false" => "継続",
                other => other,
            }
            .to_string()
        },
        ..flat(|r, _| each(r.is_new.map(flag)))
    }),
    numeric: None,
};

/// Fiscal years (Western) covered by the schedule.
pub static YEAR: Dimension = Dimension {
    name: "year",
    aliases: &["fy", "years"],
    label: "年度",
    text: None,
    facet: Some(FacetRole {
        order: Order::Natural,
        years: true,
        parse: read::year,
        sidebar: section(7, "年度", true),
        show: |y, _| match y.parse::<i32>().map(FiscalYear::from_western) {
            Ok(fy) if fy.era().is_some() => format!("{fy}（{}）", fy.short_label()),
            _ => y.to_string(),
        },
        ..flat(|r, _| {
            each(
                schedule_years(r.schedule.as_deref().unwrap_or_default())
                    .into_iter()
                    .map(|y| y.to_string()),
            )
        })
    }),
    numeric: None,
};

/// URLs.
pub static URL: Dimension = Dimension {
    name: "url",
    aliases: &[],
    label: "URL",
    text: Some(TextRole {
        scope: true,
        ..text(|r| list(&r.urls))
    }),
    facet: None,
    numeric: None,
};

/// Non-URL references (参考).
pub static REFERENCE: Dimension = Dimension {
    name: "reference",
    aliases: &["references"],
    label: "参考",
    text: Some(text(|r| list(&r.references))),
    facet: None,
    numeric: None,
};

/// Indicators: names and values searched; whether a record has one, a facet.
pub static INDICATOR: Dimension = Dimension {
    name: "indicator",
    aliases: &["has_indicator", "indicators"],
    label: "指標",
    text: Some(text(|r| {
        r.indicator_list()
            .iter()
            .flat_map(|i| {
                let values = [&i.current, &i.target]
                    .into_iter()
                    .flatten()
                    .map(|v| format!("{} {}", v.as_of, v.value));
                std::iter::once(i.name.clone()).chain(values)
            })
            .collect()
    })),
    facet: Some(FacetRole {
        parse: read::boolean,
        accepts: "true or false (also yes/no, 1/0, あり/なし)",
        sidebar: section(9, "指標", false),
        show: |v, _| {
            match v {
                "true" => "指標あり",
                "false" => "指標なし",
                other => other,
            }
            .to_string()
        },
        ..flat(|r, _| each(r.indicators.as_ref().map(|l| flag(!l.is_empty()))))
    }),
    numeric: None,
};

/// Projects under an initiative (＜主な事業＞), searched.
pub static PROJECT: Dimension = Dimension {
    name: "project",
    aliases: &["projects"],
    label: "主な事業",
    text: Some(TextRole {
        scope: true,
        ..text(|r| list(&r.projects))
    }),
    facet: None,
    numeric: None,
};

/// Notes.
pub static NOTES: Dimension = Dimension {
    name: "notes",
    aliases: &[],
    label: "備考",
    text: Some(text(|r| r.notes.clone().flatten().into_iter().collect())),
    facet: None,
    numeric: None,
};

/// 分野 and 項目 names, searched.
pub static SECTION: Dimension = Dimension {
    name: "section",
    aliases: &[],
    label: "分野・項目名",
    text: Some(TextRole {
        reading: true,
        ..text(|r| r.field.iter().chain(&r.item).cloned().collect())
    }),
    facet: None,
    numeric: None,
};

/// Media of a site entry.
pub static MEDIA: Dimension = Dimension {
    name: "media",
    aliases: &[],
    label: "媒体",
    text: Some(text(|r| list(&r.media))),
    facet: None,
    numeric: None,
};

/// Units of the indicator's current and target values (施設, 件, 円, …).
pub static UNIT: Dimension = Dimension {
    name: "unit",
    aliases: &["units"],
    label: "単位",
    text: None,
    facet: Some(FacetRole {
        sidebar: section(10, "指標の単位", false),
        ..flat(|r, _| {
            let (current, target, _) = indicator_quantities(r);
            each(
                [current, target]
                    .into_iter()
                    .flatten()
                    .map(|q| q.unit)
                    .filter(|u| !u.is_empty()),
            )
        })
    }),
    numeric: None,
};

/// Where the record stands between editions (continued, new, carried, dropped).
pub static LINEAGE: Dimension = Dimension {
    name: "lineage",
    aliases: &[],
    label: "版間",
    text: None,
    facet: Some(FacetRole {
        parse: read::lineage,
        accepts: "continued, new, carried or dropped (also 継続, 新規, 終了)",
        sidebar: section(8, "版間の継続", true),
        show: |v, _| {
            match v {
                "continued" => "前の版から継続",
                "new" => "この版で新規",
                "carried" => "次の版へ継続",
                "dropped" => "次の版で終了",
                other => other,
            }
            .to_string()
        },
        ..flat(|_, cx| each(cx.lineage.iter().flat_map(|l| &l.status).map(|s| s.name())))
    }),
    numeric: None,
};

/// The body whose plan it is (prefecture, municipality).
pub static ISSUER: Dimension = Dimension {
    name: "issuer",
    aliases: &[],
    label: "発行元",
    text: None,
    facet: Some(FacetRole {
        sidebar: section(0, "発行元", true),
        ..flat(|_, cx| each(cx.issuer.filter(|i| !i.trim().is_empty())))
    }),
    numeric: None,
};

/// Extraction quality of the pages the record was read from: `ok`, `ocr`
/// when they carry an OCR text layer over a scan, or `damaged` when the PDF
/// layer read glyphs wrongly there ([`Record::quality`]).
pub static QUALITY: Dimension = Dimension {
    name: "quality",
    aliases: &[],
    label: "抽出品質",
    text: None,
    facet: Some(FacetRole {
        sidebar: section(12, "抽出品質", false),
        export: true,
        show: |v, _| {
            match v {
                "ok" => "問題なし",
                "ocr" => "OCR テキスト",
                "damaged" => "抽出に問題あり",
                other => other,
            }
            .to_string()
        },
        ..flat(|r, _| each([r.quality_value()]))
    }),
    numeric: None,
};

/// A numeric dimension over one indicator measure.
const fn measure(measure: Measure, value: fn(&Record) -> Option<Quantity>) -> Option<NumericRole> {
    Some(NumericRole { measure, value })
}

/// 現状値 of the indicator (`indicator.current<10`).
pub static CURRENT: Dimension = Dimension {
    name: "indicator.current",
    aliases: &["current", "indicator_current"],
    label: "現状値",
    text: None,
    facet: None,
    numeric: measure(Measure::Current, |r| indicator_quantities(r).0),
};

/// 目標値 of the indicator (`indicator.target>=1000`).
pub static TARGET: Dimension = Dimension {
    name: "indicator.target",
    aliases: &["target", "indicator_target"],
    label: "目標値",
    text: None,
    facet: None,
    numeric: measure(Measure::Target, |r| indicator_quantities(r).1),
};

/// 目標値 − 現状値 (`indicator.change>=100`).
pub static CHANGE: Dimension = Dimension {
    name: "indicator.change",
    aliases: &["change", "indicator_change"],
    label: "増減",
    text: None,
    facet: None,
    numeric: measure(Measure::Change, |r| indicator_quantities(r).2),
};
