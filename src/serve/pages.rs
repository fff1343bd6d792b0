//! The search page (`GET /`): server-rendered results, facet sidebar and
//! pagination, with every state in the URL so a page can be bookmarked, and
//! the HTML error page.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;

use super::api::{query_error, run_query};
use super::html::{document, esc, marked, respond, Shell};
use super::params::{
    encode, encode_id, filter_param, page_request, pairs, to_query, DEFAULT_PAGE_LIMIT,
};
use super::sidebar::sidebar;
use super::AppState;
use crate::dimension::show_edition;
use crate::plan::RecordKind;
use crate::query::{
    Collapse, FilterError, Hit, Measure, QueryError, SearchRequest, SearchResponse, Sort,
    MAX_OFFSET,
};

/// Page links shown on each side of the current page.
const PAGE_WINDOW: usize = 2;

/// `GET /`: the search page.
pub async fn search_page(State(state): State<Arc<AppState>>, uri: Uri) -> Response {
    let req = match pairs(&uri).and_then(|p| page_request(&p, DEFAULT_PAGE_LIMIT)) {
        Ok(req) => req,
        Err(e) => return error_page(StatusCode::BAD_REQUEST, &e.message()),
    };
    match run_query(&state, req.clone()).await {
        Ok(Ok(resp)) => respond(StatusCode::OK, render(&req, &resp, &state.edition_titles())),
        Ok(Err(QueryError::Filter(FilterError::Ambiguous {
            key,
            value,
            choices,
        }))) => ambiguous_page(&req, key, &value, &choices, &state.edition_titles()),
        Ok(Err(e)) => {
            let e = query_error(e);
            error_page(e.status, &e.message)
        }
        Err(e) => error_page(e.status, &e.message),
    }
}

/// The page for a plain 分野/項目 filter that several editions have: which
/// editions have it, each a link to the same search with that edition's.
fn ambiguous_page(
    req: &SearchRequest,
    key: &str,
    value: &str,
    choices: &[(String, Option<String>)],
    titles: &BTreeMap<String, String>,
) -> Response {
    let what = if key == "item" { "項目" } else { "分野" };
    let mut body = format!(
        "<div class=\"error\" role=\"alert\"><h1>どの版の{what}か選んでください</h1><p>{what}「{}」は複数の版にあります。{what}の番号は版ごとに付いているため、版を選んでください。</p><ul class=\"choices\">",
        esc(value)
    );
    for (choice, label) in choices {
        let mut next = req.clone();
        next.offset = 0;
        for f in next.filters.iter_mut() {
            if f.key.name() == key && f.value == value {
                f.value = choice.clone();
            }
        }
        let (edition, number) = choice.split_once(':').unwrap_or(("", choice));
        body.push_str(&format!(
            "<li><a href=\"/?{}\">{}{}</a>（{}）</li>",
            esc(&to_query(&next, DEFAULT_PAGE_LIMIT)),
            esc(number),
            label
                .as_deref()
                .map_or(String::new(), |l| format!("　{}", esc(l))),
            esc(&show_edition(
                edition,
                titles.get(edition).map(String::as_str)
            ))
        ));
    }
    body.push_str("</ul><p><a href=\"/\">検索トップへ戻る</a></p></div>");
    let shell = Shell {
        title: "版を選んでください",
        query: &req.query,
        hidden: String::new(),
        body,
    };
    respond(StatusCode::BAD_REQUEST, document(&shell))
}

/// The HTML error page for `status`.
pub fn error_page(status: StatusCode, message: &str) -> Response {
    let reason = match status.as_u16() {
        400 => "リクエストが正しくありません",
        404 => "ページが見つかりません",
        405 => "このメソッドは使えません",
        413 => "リクエストが大きすぎます",
        503 => "一時的に応答できません",
        _ => "サーバーでエラーが起きました",
    };
    let body = format!(
        "<div class=\"error\" role=\"alert\"><h1>{} {}</h1><p>{}</p><p><a href=\"/\">検索トップへ戻る</a></p></div>",
        status.as_u16(),
        reason,
        esc(message)
    );
    let shell = Shell {
        title: reason,
        query: "",
        hidden: String::new(),
        body,
    };
    respond(status, document(&shell))
}

/// The whole search page for `req` and its answer; `titles` are the plan
/// titles of the editions (edition id → title).
fn render(req: &SearchRequest, resp: &SearchResponse, titles: &BTreeMap<String, String>) -> String {
    let hidden: String = req
        .filters
        .iter()
        .map(|f| {
            format!(
                "<input type=\"hidden\" name=\"filter\" value=\"{}\">",
                esc(&filter_param(f))
            )
        })
        .chain(
            (req.collapse == Collapse::None)
                .then(|| "<input type=\"hidden\" name=\"collapse\" value=\"none\">".to_string()),
        )
        .chain((req.sort != Sort::Relevance).then(|| {
            format!(
                "<input type=\"hidden\" name=\"sort\" value=\"{}\">",
                req.sort
            )
        }))
        .collect();
    let mut body =
        String::from("<div class=\"layout\"><aside class=\"side\" aria-label=\"絞り込み\">");
    body.push_str(&sidebar(req, &resp.facets));
    body.push_str("</aside><section class=\"results\" aria-label=\"検索結果\">");
    body.push_str(&summary(req, resp));
    for w in &resp.warnings {
        body.push_str(&format!(
            "<p class=\"warn\">注意: 検索条件の一部を読み取れなかったため、その部分を除いて検索しました（{}）</p>",
            esc(w)
        ));
    }
    if resp.hits.is_empty() {
        body.push_str(&empty_state(req, resp));
    } else {
        body.push_str(&format!("<ol class=\"hits\" start=\"{}\">", req.offset + 1));
        let back = to_query(req, DEFAULT_PAGE_LIMIT);
        for hit in &resp.hits {
            body.push_str(&hit_html(hit, &back, titles));
        }
        body.push_str("</ol>");
        body.push_str(&pagination(req, resp.total));
    }
    body.push_str("</section></div>");
    let title = if req.query.is_empty() {
        String::new()
    } else {
        format!("「{}」", req.query)
    };
    document(&Shell {
        title: &title,
        query: &req.query,
        hidden,
        body,
    })
}

/// The line above the hits: count, time, sort links.
fn summary(req: &SearchRequest, resp: &SearchResponse) -> String {
    let what = if req.query.is_empty() {
        "すべての施策".to_string()
    } else {
        format!("「{}」の検索結果", esc(&req.query))
    };
    // Indicator sorts are offered when some matching record has an indicator.
    let has_indicators = resp
        .facets
        .get(crate::dimension::INDICATOR.name)
        .iter()
        .any(|v| v.value == "true" && v.count > 0);
    let mut offered: Vec<Sort> = Sort::ALL
        .into_iter()
        .filter(|s| match s {
            Sort::Indicator { measure, .. } => has_indicators && *measure == Measure::Target,
            _ => true,
        })
        .collect();
    if !offered.contains(&resp.sort) {
        offered.push(resp.sort);
    }
    let mut sorts = String::new();
    for sort in offered {
        let label = sort_label(sort);
        if sort == resp.sort {
            sorts.push_str(&format!("<strong aria-current=\"true\">{label}</strong>"));
        } else {
            let mut next = req.clone();
            next.sort = sort;
            next.offset = 0;
            sorts.push_str(&format!(
                "<a href=\"/?{}\">{label}</a>",
                esc(&to_query(&next, DEFAULT_PAGE_LIMIT))
            ));
        }
    }
    let range = if resp.total == 0 {
        String::new()
    } else {
        format!(
            "（{}–{} 件目）",
            req.offset + 1,
            (req.offset + resp.hits.len()).max(req.offset + 1)
        )
    };
    let mut toggle = req.clone();
    toggle.offset = 0;
    let (unit, switch) = match req.collapse {
        Collapse::Lineage => {
            toggle.collapse = Collapse::None;
            (
                format!("件の施策（{} 記録）", resp.total_records),
                "版ごとに表示",
            )
        }
        Collapse::None => {
            toggle.collapse = Collapse::Lineage;
            ("件".to_string(), "同じ施策の版をまとめる")
        }
    };
    format!(
        "<div class=\"summary\"><p id=\"count\">{what}: <strong>{}</strong> {unit}{range}<span class=\"took\">{:.1} ms</span></p><p class=\"collapse\"><a id=\"collapse-toggle\" href=\"/?{}\">{switch}</a></p><nav class=\"sort\" aria-label=\"並び順\">{sorts}</nav></div>",
        resp.total,
        resp.took_ms,
        esc(&to_query(&toggle, DEFAULT_PAGE_LIMIT))
    )
}

/// How a sort is named on the page.
fn sort_label(sort: Sort) -> String {
    match sort {
        Sort::Relevance => "関連度順".into(),
        Sort::Id => "番号順".into(),
        Sort::Edition => "新しい版から".into(),
        Sort::Indicator {
            measure,
            descending,
        } => format!(
            "{}の{}",
            measure.label(),
            if descending {
                "大きい順"
            } else {
                "小さい順"
            }
        ),
    }
}

/// "No hits", with a way out.
fn empty_state(req: &SearchRequest, resp: &SearchResponse) -> String {
    let mut out = String::from("<div class=\"empty\" role=\"status\"><p class=\"empty-title\">該当する施策はありません</p><ul>");
    if !req.filters.is_empty() {
        let mut cleared = req.clone();
        cleared.filters.clear();
        cleared.offset = 0;
        out.push_str(&format!(
            "<li><a href=\"/?{}\">絞り込みを解除して検索する</a></li>",
            esc(&to_query(&cleared, DEFAULT_PAGE_LIMIT))
        ));
    }
    if req.offset > 0 && resp.total > 0 {
        out.push_str("<li><a href=\"/\">最初のページへ</a></li>");
    }
    out.push_str("<li>別のことば（例: 「クラウド」「防災」「ICT」）や、より短いことばで試してください。</li></ul></div>");
    out
}

/// The document of a passage hit: its file name and edition, "kampo.pdf（kampo）",
/// the edition named by its plan `title` when known
/// ("ict2014.pdf（みやぎICT推進プラン（2014～2016）（ict2014））").
pub fn passage_document(hit: &Hit, title: Option<&str>) -> String {
    let file = hit.file.rsplit(['/', '\\']).next().unwrap_or(&hit.file);
    let edition = show_edition(&hit.edition, title);
    if file.is_empty() {
        edition
    } else {
        format!("{file}（{edition}）")
    }
}

/// The editions of a collapsed result, oldest first, each linked and named
/// by its plan title, with what changed since the previous one; empty for a
/// single edition.
fn editions_html(hit: &Hit, titles: &BTreeMap<String, String>) -> String {
    if hit.editions.len() < 2 {
        return String::new();
    }
    let items: Vec<String> = hit
        .editions
        .iter()
        .map(|e| {
            let changed = e.changes.as_ref().map_or(String::new(), |c| {
                let mut what = Vec::new();
                if c.title.is_some() {
                    what.push("題名");
                }
                if c.kind.is_some() {
                    what.push("種別");
                }
                if c.departments.is_some() {
                    what.push("担当");
                }
                if c.schedule.is_some() {
                    what.push("予定");
                }
                format!(
                    " <span class=\"changed\">（{}が変更）</span>",
                    what.join("・")
                )
            });
            format!(
                "<li><a href=\"/records/{}\">{}</a> {} p.{}{changed}</li>",
                esc(&encode_id(&e.id)),
                esc(&show_edition(
                    &e.edition,
                    titles.get(&e.edition).map(String::as_str)
                )),
                esc(&e.title),
                e.page
            )
        })
        .collect();
    format!(
        "<div class=\"editions\"><span class=\"label\">{} 版:</span><ol>{}</ol></div>",
        hit.editions.len(),
        items.concat()
    )
}

/// One result.
fn hit_html(hit: &Hit, back: &str, titles: &BTreeMap<String, String>) -> String {
    let href = if back.is_empty() {
        format!("/records/{}", encode_id(&hit.id))
    } else {
        format!("/records/{}?back={}", encode_id(&hit.id), encode(back))
    };
    let mut meta = vec![format!("<span class=\"id\">{}</span>", esc(&hit.id))];
    if hit.kind.as_str() != "initiative" {
        meta.push(format!(
            "<span class=\"kind\">{}</span>",
            esc(&crate::dimension::KIND.show(hit.kind.as_str(), None))
        ));
    }
    match (&hit.field, &hit.item) {
        (Some(f), Some(i)) => meta.push(format!("{} › {}", esc(f), esc(i))),
        (Some(f), None) => meta.push(esc(f)),
        // A passage: the document it is from.
        _ if hit.kind == RecordKind::Passage => meta.push(format!(
            "<span class=\"doc\">{}</span>",
            esc(&passage_document(
                hit,
                titles.get(&hit.edition).map(String::as_str)
            ))
        )),
        _ => {}
    }
    let depts: Vec<String> = hit.departments.iter().map(|d| d.label()).collect();
    if !depts.is_empty() {
        meta.push(format!("担当: {}", esc(&depts.join("，"))));
    }
    meta.push(format!("p.{}", hit.page));
    let indicator = hit.indicator.as_ref().map_or(String::new(), |i| {
        format!(
            "<p class=\"indicator\">{}: {}<span class=\"sep\"> · </span>{}</p>",
            crate::dimension::INDICATOR.label,
            esc(&i.name),
            indicator_values(i)
        )
    });
    format!(
        "<li class=\"hit\"><a class=\"hit-title\" href=\"{}\">{}</a><div class=\"meta\">{}</div><p class=\"snippet\">{}</p>{indicator}{}</li>",
        esc(&href),
        if hit.title.is_empty() {
            "（見出しなし）".to_string()
        } else {
            marked(&hit.title, &hit.title_marks)
        },
        meta.join("<span class=\"sep\"> · </span>"),
        marked(&hit.snippet.text, &hit.snippet.marks),
        editions_html(hit, titles)
    )
}

/// An indicator's current and target values, each value in bold with its
/// date after it: "現状値 <b>2,740億円</b>（23年度） → 目標値 <b>…</b>".
fn indicator_values(i: &crate::plan::Indicator) -> String {
    [
        (crate::dimension::CURRENT.label, &i.current),
        (crate::dimension::TARGET.label, &i.target),
    ]
    .into_iter()
    .filter_map(|(label, v)| {
        let v = v.as_ref()?;
        let as_of = if v.as_of.is_empty() {
            String::new()
        } else {
            format!("（{}）", esc(&v.as_of))
        };
        Some(format!("{label} <b>{}</b>{as_of}", esc(&v.value)))
    })
    .collect::<Vec<_>>()
    .join(" → ")
}

/// Previous / numbered / next page links.
fn pagination(req: &SearchRequest, total: usize) -> String {
    let limit = req.limit.max(1);
    let reachable = total.min(MAX_OFFSET + limit);
    let pages = reachable.div_ceil(limit);
    if pages <= 1 {
        return String::new();
    }
    let current = req.offset / limit;
    let link = |page: usize, label: &str, rel: &str| {
        let mut next = req.clone();
        next.offset = page * limit;
        format!(
            "<a href=\"/?{}\"{}>{}</a>",
            esc(&to_query(&next, DEFAULT_PAGE_LIMIT)),
            rel,
            label
        )
    };
    let mut out = String::from("<nav class=\"pages\" aria-label=\"ページ\">");
    if current > 0 {
        out.push_str(&link(current - 1, "‹ 前へ", " rel=\"prev\""));
    }
    let lo = current.saturating_sub(PAGE_WINDOW);
    let hi = (current + PAGE_WINDOW).min(pages - 1);
    if lo > 0 {
        out.push_str(&link(0, "1", ""));
        if lo > 1 {
            out.push_str("<span class=\"gap\">…</span>");
        }
    }
    for p in lo..=hi {
        if p == current {
            out.push_str(&format!("<strong aria-current=\"page\">{}</strong>", p + 1));
        } else {
            out.push_str(&link(p, &(p + 1).to_string(), ""));
        }
    }
    if hi + 1 < pages {
        if hi + 2 < pages {
            out.push_str("<span class=\"gap\">…</span>");
        }
        out.push_str(&link(pages - 1, &pages.to_string(), ""));
    }
    if current + 1 < pages {
        out.push_str(&link(current + 1, "次へ ›", " rel=\"next\""));
    }
    out.push_str("</nav>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_windows_and_rel_links() {
        let mut req = SearchRequest::new("x");
        req.limit = 10;
        req.offset = 50;
        let html = pagination(&req, 200);
        assert!(html.contains("rel=\"prev\""));
        assert!(html.contains("rel=\"next\""));
        assert!(html.contains("<strong aria-current=\"page\">6</strong>"));
        assert!(html.contains(">20</a>"));
        assert_eq!(pagination(&req, 5), "");
    }
}
