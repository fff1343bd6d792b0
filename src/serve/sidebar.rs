//! The facet sidebar of the search page: active-filter chips and one list
//! per facet (分野 → 項目 and 担当 bureau → division as trees), each value a
//! link that toggles its filter (multi-select: values of one facet are
//! OR-ed, facets AND-ed).

use crate::dimension;
use crate::query::{Cmp, FacetValue, Facets, Filter, FilterKey, SearchRequest};

use super::html::esc;
use super::params::{to_query, DEFAULT_PAGE_LIMIT};

/// The heading of the facet a filter key belongs to (from the registry).
pub fn key_label(key: FilterKey) -> &'static str {
    key.label()
}

/// How a value of `key` is shown (the registry's `show` of its dimension).
pub fn value_label(key: FilterKey, value: &str, label: Option<&str>) -> String {
    match key.dim() {
        Some(dim) => dim.show(value, label),
        None => value.to_string(),
    }
}

/// A comparison as shown on the page.
fn op_sign(op: Cmp) -> &'static str {
    match op {
        Cmp::Eq => "=",
        Cmp::Ge => "≥",
        Cmp::Gt => ">",
        Cmp::Le => "≤",
        Cmp::Lt => "<",
    }
}

/// Whether `a` and `b` select the same facet value (comparisons only
/// match themselves).
fn same(a: &Filter, b: &Filter) -> bool {
    if a.key.dim().is_none() || a.op != Cmp::Eq || b.op != Cmp::Eq {
        return a == b;
    }
    a.key.dim() == b.key.dim()
        && match (a.facet_key(), b.facet_key()) {
            (Ok(x), Ok(y)) => x == y,
            _ => a == b,
        }
}

/// `/?…` for `req` with `filter` added or (when present) removed, from the first page.
pub fn toggle_url(req: &SearchRequest, filter: &Filter) -> String {
    let mut next = req.clone();
    next.offset = 0;
    let before = next.filters.len();
    next.filters.retain(|f| !same(f, filter));
    if next.filters.len() == before {
        next.filters.push(filter.clone());
    }
    format!("/?{}", to_query(&next, DEFAULT_PAGE_LIMIT))
}

/// The label `facets` give `value` of `key` (searched at every level, so a
/// 項目 is found under its 分野).
fn facet_label<'a>(facets: &'a Facets, key: FilterKey, value: &str) -> Option<&'a str> {
    fn find<'a>(values: &'a [FacetValue], value: &str) -> Option<&'a str> {
        values.iter().find_map(|v| {
            if v.value == value {
                v.label.as_deref()
            } else {
                find(&v.children, value)
            }
        })
    }
    find(facets.get(key.dim()?.name), value)
}

/// The active-filter chips with their remove links, or nothing; a value is
/// shown with its label from `facets` (a 版 as its plan title).
pub fn chips(req: &SearchRequest, facets: &Facets) -> String {
    if req.filters.is_empty() {
        return String::new();
    }
    let mut out = String::from("<div class=\"chips\" aria-label=\"適用中の絞り込み\">");
    for f in &req.filters {
        let label = match f.op {
            Cmp::Eq if f.key.measure().is_none() => format!(
                "{}: {}",
                key_label(f.key),
                value_label(f.key, &f.value, facet_label(facets, f.key, &f.value))
            ),
            op => format!("{} {} {}", key_label(f.key), op_sign(op), f.value),
        };
        out.push_str(&format!(
            "<a class=\"chip\" href=\"{}\" title=\"この絞り込みを解除\" aria-label=\"絞り込みを解除: {l}\">{l} <span aria-hidden=\"true\">×</span></a>",
            esc(&toggle_url(req, f)),
            l = esc(&label),
        ));
    }
    let mut cleared = req.clone();
    cleared.filters.clear();
    cleared.offset = 0;
    out.push_str(&format!(
        "<a class=\"chip clear\" href=\"/?{}\">すべて解除</a></div>",
        esc(&to_query(&cleared, DEFAULT_PAGE_LIMIT))
    ));
    out
}

/// The whole sidebar.
pub fn sidebar(req: &SearchRequest, facets: &Facets) -> String {
    let mut out = String::from(
        "<details class=\"facetbox\" id=\"facetbox\" open><summary>絞り込み</summary>",
    );
    out.push_str(&chips(req, facets));
    for (dim, section) in dimension::sidebar() {
        let key = FilterKey::of(dim);
        let (heading, open) = (section.heading, section.open);
        let values = facets.get(dim.name);
        if values.is_empty() {
            continue;
        }
        let active = req.filters.iter().any(|f| f.key.dim() == Some(dim));
        out.push_str(&format!(
            "<details class=\"facet\" data-facet=\"{}\"{}{}><summary>{}</summary>",
            key.name(),
            if active { " data-active" } else { "" },
            if open || active { " open" } else { "" },
            esc(heading)
        ));
        out.push_str(&values_list(req, key, values));
        out.push_str("</details>");
    }
    out.push_str("</details>");
    out
}

/// A `<ul>` of facet values with links (children nested).
fn values_list(req: &SearchRequest, key: FilterKey, values: &[FacetValue]) -> String {
    let mut out = String::from("<ul>");
    for v in values {
        let filter = Filter::new(key, v.value.clone());
        out.push_str(&format!(
            "<li><a class=\"fv{}\" href=\"{}\" role=\"checkbox\" aria-checked=\"{}\"><span class=\"fl\">{}</span> <span class=\"count\">{}</span></a>",
            if v.selected { " on" } else { "" },
            esc(&toggle_url(req, &filter)),
            v.selected,
            esc(&value_label(key, &v.value, v.label.as_deref())),
            v.count
        ));
        if !v.children.is_empty() {
            let child_key = match key.dim().and_then(|d| d.facet.as_ref()?.child.as_ref()) {
                Some(child) => FilterKey::from_name(child.name).unwrap_or(key),
                None => key,
            };
            out.push_str(&values_list(req, child_key, &v.children));
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggling_adds_and_removes_by_resolved_value() {
        let mut req = SearchRequest::new("クラウド");
        req.limit = DEFAULT_PAGE_LIMIT;
        req.offset = 40;
        let dept = Filter::new(FilterKey::of(&dimension::DEPT), "情報政策課");
        let on = toggle_url(&req, &dept);
        assert!(on.contains("filter=dept:%E6%83%85"), "{on}");
        assert!(!on.contains("offset"));
        req.filters
            .push(Filter::new(FilterKey::of(&dimension::YEAR), "H27"));
        let off = toggle_url(&req, &Filter::new(FilterKey::of(&dimension::YEAR), "2015"));
        assert!(!off.contains("filter="), "{off}");
        assert_eq!(
            value_label(FilterKey::of(&dimension::YEAR), "2015", None),
            "2015年度（H27）"
        );
    }
}
