//! The record page (`GET /records/{id}`): every field of a record laid out
//! as the card prints it (schedule as a year timeline, indicator as current →
//! target), the source page drawn as SVG with the record's box highlighted, a
//! link to the PDF page and a one-click citation line.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;

use super::api::{find_record, lineage_and_related};
use super::html::{document, esc, respond, Shell};
use super::pages::error_page;
use super::params::{encode, encode_id, pairs};
use super::related::Related;
use super::state::file_name;
use super::AppState;
use crate::lineage::{Neighbour, RecordLineage, Status};
use crate::plan::{Department, FiscalYear, Indicator, IndicatorValue, Record, ScheduleSpan};

/// Offset from Heisei to Western years.
/// The 性質・手法 boxes of an ict2014 card, in print order.
const METHOD_BOXES: [&str; 3] = ["システム", "情報発信", "その他"];

/// `GET /records/{id}`.
pub async fn record_page(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    uri: Uri,
) -> Response {
    let id = match id {
        Ok(Path(id)) => id,
        Err(e) => return error_page(StatusCode::BAD_REQUEST, &e.body_text()),
    };
    let back = pairs(&uri)
        .ok()
        .and_then(|p| p.into_iter().find(|(k, _)| k == "back").map(|(_, v)| v))
        .unwrap_or_default();
    let record = match find_record(&state, id).await {
        Ok(r) => r,
        Err(e) if e.status == StatusCode::NOT_FOUND => {
            return error_page(e.status, &format!("{}（施策が見つかりません）", e.message))
        }
        Err(e) => return error_page(e.status, &e.message),
    };
    let file = file_name(&record.source.file).to_string();
    let page_no = source_page(&record);
    let available = state.source_path(&file).is_some();
    let plan_title = if available {
        let s = state.clone();
        let f = file.clone();
        tokio::task::spawn_blocking(move || s.page(&f, page_no).ok())
            .await
            .ok()
            .flatten()
            .and_then(|p| p.plan_title.clone())
    } else {
        None
    };
    // The title the ingest read when the page is not at hand (or prints none).
    let titles = state.edition_titles();
    let plan_title = plan_title.or_else(|| titles.get(&record.edition).cloned());
    let (lineage, related) = lineage_and_related(&state, &record).await;
    let cited = Cited {
        plan_title: plan_title.as_deref(),
        issuer: lineage.as_ref().and_then(|l| l.issuer.as_deref()),
    };
    let mut body = render(&record, &back, available, &cited);
    if let Some(l) = lineage {
        body.push_str(&lineage_section(&state, &l));
    }
    body.push_str(&related_section(&related, &titles));
    let shell = Shell {
        title: &record.title,
        query: "",
        hidden: String::new(),
        body,
    };
    respond(StatusCode::OK, document(&shell))
}

/// Predecessor and successor links of a record in other editions.
fn lineage_section(state: &AppState, lineage: &RecordLineage) -> String {
    let index = state.index();
    let item = |n: &Neighbour| {
        let title = index.record(&n.id).map(|r| r.title).unwrap_or_default();
        format!(
            "<li><a href=\"/records/{}\">{}</a> {} <span class=\"meta\">（類似度 {:.2}）</span></li>",
            esc(&n.id),
            esc(&n.id),
            esc(&title),
            n.score
        )
    };
    let before: Vec<String> = lineage.predecessors.iter().map(item).collect();
    let after: Vec<String> = lineage.successors.iter().map(item).collect();
    if before.is_empty() && after.is_empty() && lineage.status.is_empty() {
        return String::new();
    }
    let mut out = String::from("<section class=\"lineage\" id=\"lineage\"><h2>他の版との関係</h2>");
    if !before.is_empty() {
        out.push_str(&format!("<h3>前の版</h3><ul>{}</ul>", before.concat()));
    } else if lineage.status.contains(&Status::New) {
        out.push_str("<p class=\"status\">この版で新規（前の版に対応する施策はありません）</p>");
    }
    if !after.is_empty() {
        out.push_str(&format!("<h3>次の版</h3><ul>{}</ul>", after.concat()));
    } else if lineage.status.contains(&Status::Dropped) {
        out.push_str("<p class=\"status\">次の版で終了（次の版に対応する施策はありません）</p>");
    }
    out.push_str("</section>");
    out
}

/// The most similar initiatives of other editions and issuers, each edition
/// named by its plan title when known.
fn related_section(related: &[Related], titles: &BTreeMap<String, String>) -> String {
    if related.is_empty() {
        return String::new();
    }
    let items: Vec<String> = related
        .iter()
        .map(|r| {
            format!(
                "<li><a href=\"/records/{}\">{}</a> {} <span class=\"meta\">（{}・類似度 {:.2}）</span></li>",
                esc(&encode_id(&r.id)),
                esc(&r.id),
                esc(&r.title),
                esc(titles.get(&r.edition).unwrap_or(&r.edition)),
                r.score
            )
        })
        .collect();
    format!(
        "<section class=\"related\" id=\"related\"><h2>関連する施策（他の版・他の発行元）</h2><ol>{}</ol></section>",
        items.concat()
    )
}

/// The page the record's box is on.
pub fn source_page(record: &Record) -> u32 {
    if record.source.page > 0 {
        record.source.page
    } else {
        record.page
    }
}

/// The record's number as printed in a citation: the id after the edition.
fn number(record: &Record) -> &str {
    record
        .id
        .split_once('/')
        .map_or(record.id.as_str(), |(_, n)| n)
}

/// The citation line a civil servant pastes into a report:
/// 宮城県『みやぎICT推進プラン（2014～2016）』p.46「市町村業務システムの共同クラウド化の推進」.
/// The printed page number when the page prints one, else the physical page
/// ("PDF 3ページ"); the issuer when known; the plan's title, else its edition id.
pub fn citation(record: &Record, plan_title: Option<&str>, issuer: Option<&str>) -> String {
    let plan = plan_title.unwrap_or(&record.edition);
    let page = match &record.source.printed_page {
        Some(p) => format!("p.{p}"),
        None => format!("PDF {}ページ", source_page(record)),
    };
    format!(
        "{}『{plan}』{page}「{}」",
        issuer.unwrap_or_default(),
        display_title(record)
    )
}

/// The title as shown: a passage without a heading is "（見出しなし）".
fn display_title(record: &Record) -> &str {
    if record.title.is_empty() {
        "（見出しなし）"
    } else {
        &record.title
    }
}

/// What a citation names beside the record.
struct Cited<'a> {
    /// The plan's title as printed on the record's page.
    plan_title: Option<&'a str>,
    /// The issuing body.
    issuer: Option<&'a str>,
}

fn render(record: &Record, back: &str, available: bool, cited: &Cited) -> String {
    let mut out = String::from("<article class=\"record\">");
    let back_href = if back.is_empty() {
        "/".to_string()
    } else {
        format!("/?{back}")
    };
    out.push_str(&format!(
        "<nav class=\"crumbs\" aria-label=\"位置\"><a id=\"back\" href=\"{}\">‹ 検索結果に戻る</a><span>{}</span>",
        esc(&back_href),
        esc(cited.plan_title.unwrap_or(&record.edition))
    ));
    if let (Some(no), Some(f)) = (record.field_no, &record.field) {
        out.push_str(&format!(
            "<a href=\"/?filter=field:{}\">分野{no} {}</a>",
            encode(&format!("{}:{no}", record.edition)),
            esc(f)
        ));
    }
    if let (Some(fno), Some(no), Some(i)) = (record.field_no, record.item_no, &record.item) {
        out.push_str(&format!(
            "<a href=\"/?filter=item:{}\">項目{no} {}</a>",
            encode(&format!("{}:{fno}-{no}", record.edition)),
            esc(i)
        ));
    }
    out.push_str("</nav><header class=\"rec-head\">");
    if record.is_new == Some(true) {
        out.push_str("<span class=\"badge new\" title=\"新規\">新</span>");
    }
    out.push_str(&format!(
        "<span class=\"rec-no\">{}</span><h1 id=\"rec-title\">{}</h1></header>",
        esc(number(record)),
        esc(display_title(record))
    ));
    out.push_str("<dl class=\"card\">");
    let mut row = |label: &str, html: String| {
        if !html.is_empty() {
            out.push_str(&format!("<dt>{label}</dt><dd>{html}</dd>"));
        }
    };
    row("目的・概要", paragraphs(record.summary.as_deref()));
    row("本文", paragraphs(record.text.as_deref()));
    if let Some(methods) = &record.methods {
        row("性質・手法", method_boxes(methods));
    }
    row("主体", list(record.actors.as_deref(), "，"));
    row("媒体", list(record.media.as_deref(), "，"));
    row("担当", departments(record.departments.as_deref()));
    row(
        "スケジュール",
        record.schedule.as_deref().map(timeline).unwrap_or_default(),
    );
    for ind in record.indicator_list() {
        row("指標", indicator(ind));
    }
    if let Some(projects) = record.projects.as_ref().filter(|p| !p.is_empty()) {
        row(
            "主な事業",
            projects
                .iter()
                .map(|p| esc(p))
                .collect::<Vec<_>>()
                .join("<br>"),
        );
    }
    row("関連URL", urls(record.urls.as_deref()));
    row("参考", list(record.references.as_deref(), "<br>"));
    if let Some(Some(notes)) = &record.notes {
        row("備考", paragraphs(Some(notes)));
    }
    if let Some(Some(parent)) = &record.parent {
        row(
            "上位の施策",
            format!(
                "<a href=\"/records/{}\">{}</a>",
                esc(&encode_id(parent)),
                esc(parent)
            ),
        );
    }
    out.push_str("</dl>");
    out.push_str(&source_section(record, available));
    out.push_str(&format!(
        "<section class=\"cite\" aria-label=\"引用\"><h2>引用</h2><div class=\"cite-row\"><input id=\"cite\" readonly value=\"{}\" aria-label=\"引用文\"><button type=\"button\" id=\"copy-cite\" data-copy=\"cite\">引用をコピー</button></div></section>",
        esc(&citation(record, cited.plan_title, cited.issuer))
    ));
    out.push_str("</article>");
    out
}

fn source_section(record: &Record, available: bool) -> String {
    let file = file_name(&record.source.file);
    let page = source_page(record);
    if !available {
        return format!(
            "<section class=\"source\"><h2>出典</h2><p>{} p.{}（原本 PDF はこのサーバーにありません）</p></section>",
            esc(file),
            page
        );
    }
    let pdf = format!("/pdf/{}#page={page}", encode(file));
    let svg = format!("/svg/{}", encode_id(&record.id));
    format!(
        "<section class=\"source\"><h2>出典</h2><p><a id=\"pdf-link\" href=\"{}\">{} の {} ページを開く（PDF）</a></p><figure><a href=\"{svg}\" title=\"拡大表示\"><img id=\"page-svg\" src=\"{svg}\" alt=\"PDF {} ページの該当箇所（強調表示）\" loading=\"lazy\"></a><figcaption>抽出した文字と罫線から描いたページ。黄色の枠がこの施策です。</figcaption></figure></section>",
        esc(&pdf),
        esc(file),
        page,
        page
    )
}

fn paragraphs(text: Option<&str>) -> String {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return String::new();
    };
    text.split('\n')
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>", esc(p)))
        .collect()
}

fn list(items: Option<&[String]>, sep: &str) -> String {
    let items = items.unwrap_or_default();
    items.iter().map(|i| esc(i)).collect::<Vec<_>>().join(sep)
}

fn method_boxes(methods: &[String]) -> String {
    let mut out = String::from("<ul class=\"boxes\">");
    for m in METHOD_BOXES {
        let on = methods.iter().any(|x| x == m);
        out.push_str(&format!(
            "<li class=\"{}\" aria-checked=\"{on}\" role=\"checkbox\" aria-readonly=\"true\">{} {}</li>",
            if on { "box on" } else { "box" },
            if on { "■" } else { "□" },
            m
        ));
    }
    for m in methods
        .iter()
        .filter(|m| !METHOD_BOXES.contains(&m.as_str()))
    {
        out.push_str(&format!("<li class=\"box on\">■ {}</li>", esc(m)));
    }
    out.push_str("</ul>");
    out
}

fn departments(depts: Option<&[Department]>) -> String {
    let depts = depts.unwrap_or_default();
    depts
        .iter()
        .map(|d| {
            let name = d.label();
            let key = d.division.as_deref().unwrap_or(&d.bureau);
            format!(
                "<a href=\"/?filter={}\">{}</a>",
                esc(&encode(&format!("dept:{key}"))),
                esc(&name)
            )
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

fn urls(urls: Option<&[String]>) -> String {
    let urls = urls.unwrap_or_default();
    urls.iter()
        .map(|u| {
            if u.starts_with("http://") || u.starts_with("https://") {
                format!(
                    "<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
                    esc(u),
                    esc(u)
                )
            } else {
                esc(u)
            }
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

fn indicator(ind: &Indicator) -> String {
    let side = |class: &str, label: &str, v: &Option<IndicatorValue>| match v {
        Some(v) => format!(
            "<span class=\"{class}\">{label}<small>（{}）</small> <b>{}</b></span>",
            esc(&v.as_of),
            esc(&v.value)
        ),
        None => format!("<span class=\"{class}\">{label} <b>－</b></span>"),
    };
    format!(
        "<div class=\"ind\"><div class=\"ind-name\">{}</div><div class=\"ind-vals\">{}<span class=\"arrow\" aria-label=\"から\">→</span>{}</div></div>",
        esc(&ind.name),
        side("cur", "現状値", &ind.current),
        side("tgt", "目標値", &ind.target),
    )
}

/// The schedule as a grid: one column per fiscal year (plus a "～H.." column
/// for spans without a start), one bar per span.
pub fn timeline(spans: &[ScheduleSpan]) -> String {
    if spans.is_empty() {
        return String::new();
    }
    let upto = spans.iter().find(|s| s.from.is_none()).map(|s| s.to);
    let years: Vec<i32> = spans
        .iter()
        .filter_map(|s| s.from.map(|f| (f.western(), s.to.western())))
        .flat_map(|(f, t)| [f.min(t), t.max(f)])
        .collect();
    let (lo, hi) = match (years.iter().min(), years.iter().max()) {
        (Some(&lo), Some(&hi)) if hi - lo < 30 => (lo, hi),
        _ => (1, 0),
    };
    let first_year_col = usize::from(upto.is_some()) + 1;
    let cols = usize::from(upto.is_some()) + usize::try_from(hi - lo + 1).unwrap_or(0);
    let mut out = format!(
        "<div class=\"tl\" style=\"grid-template-columns: repeat({cols}, minmax(3.5em, 1fr))\" role=\"group\" aria-label=\"スケジュール\">"
    );
    if let Some(to) = upto {
        out.push_str(&format!(
            "<div class=\"tl-year\">～{}<small>まで</small></div>",
            to.short_label()
        ));
    }
    for y in lo..=hi {
        let fy = FiscalYear::from_western(y);
        out.push_str(&format!(
            "<div class=\"tl-year\">{}<small>{y}</small></div>",
            fy.short_label()
        ));
    }
    for s in spans {
        let (start, end) = match s.from.map(FiscalYear::western) {
            None => (1, 2),
            Some(f) => {
                let to = s.to.western();
                let a = usize::try_from(f.min(to) - lo).unwrap_or(0) + first_year_col;
                let b = usize::try_from(to.max(f) - lo).unwrap_or(0) + first_year_col + 1;
                (a, b)
            }
        };
        let label = if s.label.is_empty() {
            "実施"
        } else {
            &s.label
        };
        let years = match s.from {
            None => format!("{}まで", s.to.short_label()),
            Some(_) => s.years_label(),
        };
        out.push_str(&format!(
            "<div class=\"tl-bar\" style=\"grid-column: {start} / {end}\" title=\"{}: {}\">{}</div>",
            esc(&years),
            esc(label),
            esc(label)
        ));
    }
    out.push_str("</div>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::RecordKind;

    fn span(from: Option<i32>, to: i32, label: &str) -> ScheduleSpan {
        ScheduleSpan::western(from, to, label)
    }

    #[test]
    fn timeline_places_bars_in_year_columns() {
        let html = timeline(&[span(None, 2013, "検討"), span(Some(2014), 2016, "運用")]);
        assert!(html.contains("～H25"));
        assert!(html.contains("H26<small>2014</small>"));
        assert!(html.contains("grid-column: 1 / 2"));
        assert!(html.contains("grid-column: 2 / 5\" title=\"H26–H28: 運用\""));
        assert_eq!(timeline(&[]), "");
    }

    #[test]
    fn citation_names_plan_page_and_number() {
        let mut r = Record::empty(
            "ict2014/2-3-1".into(),
            "ict2014".into(),
            RecordKind::Initiative,
            44,
        );
        r.title = "市町村LGWAN".into();
        r.source.file = "corpus/ict2014.pdf".into();
        r.source.page = 44;
        assert_eq!(
            citation(
                &r,
                Some("みやぎICT推進プラン（2014～2016）"),
                Some("宮城県")
            ),
            "宮城県『みやぎICT推進プラン（2014～2016）』PDF 44ページ「市町村LGWAN」"
        );
        r.source.printed_page = Some("46".into());
        assert_eq!(citation(&r, None, None), "『ict2014』p.46「市町村LGWAN」");
    }
}
