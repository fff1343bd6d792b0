//! What continued, what is new and what was dropped between two editions.
//!
//! [`diff`] links the candidates (initiatives and sites) of two editions with
//! [`super::link_editions`] and describes each continued pair by what changed:
//! title, kind, departments and schedule. Its JSON form is
//! `{"continued":[{"from","to","score","evidence","changes"}],"new":[ids],"dropped":[ids]}`.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::index::document::natural_key;
use crate::plan::{Record, ScheduleSpan};

use super::similarity::compact;
use super::{edition_order, is_candidate, link_editions, LineageError, LineageParams};

/// One value before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change<T> {
    /// In the earlier edition.
    pub from: T,
    /// In the later edition.
    pub to: T,
}

/// What changed between two linked records; absent keys did not change.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Changes {
    /// The title (compared after normalisation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Change<String>>,
    /// The record kind (a table row that became a site entry).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Change<String>>,
    /// 担当, as "bureau division"; only when both editions print one (it2013
    /// prints none, which is not a change of department).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub departments: Option<Change<Vec<String>>>,
    /// Schedule spans, as "H23–H25 運用" / "～H25 運用".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Change<Vec<String>>>,
}

/// A record that continues in the later edition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Continued {
    /// Id in the earlier edition.
    pub from: String,
    /// Id in the later edition.
    pub to: String,
    /// Lineage score.
    pub score: f64,
    /// Why they are linked.
    pub evidence: Vec<String>,
    /// What changed.
    pub changes: Changes,
}

/// The comparison of two editions.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EditionDiff {
    /// Linked pairs, by earlier id.
    pub continued: Vec<Continued>,
    /// Candidates of the later edition with no predecessor.
    pub new: Vec<String>,
    /// Candidates of the earlier edition with no successor.
    pub dropped: Vec<String>,
}

/// Compares edition `from` with edition `to` over `records` (which may hold
/// other editions too: they count for term rarity).
pub fn diff(
    records: &[Record],
    from: &str,
    to: &str,
    params: &LineageParams,
) -> Result<EditionDiff, LineageError> {
    let known = edition_order(records);
    for ed in [from, to] {
        if !known.iter().any(|k| k == ed) {
            return Err(LineageError::UnknownEdition(
                ed.to_string(),
                known.join(", "),
            ));
        }
    }
    let by_id: BTreeMap<&str, &Record> = records.iter().map(|r| (r.id.as_str(), r)).collect();
    let links = link_editions(records, from, to, params);
    let linked_from: HashSet<&str> = links.iter().map(|l| l.from.as_str()).collect();
    let linked_to: HashSet<&str> = links.iter().map(|l| l.to.as_str()).collect();
    let unlinked = |ed: &str, linked: &HashSet<&str>| -> Vec<String> {
        let mut ids: Vec<String> = records
            .iter()
            .filter(|r| r.edition == ed && is_candidate(r) && !linked.contains(r.id.as_str()))
            .map(|r| r.id.clone())
            .collect();
        ids.sort_by_key(|id| natural_key(id));
        ids
    };
    let continued = links
        .iter()
        .map(|l| Continued {
            changes: match (by_id.get(l.from.as_str()), by_id.get(l.to.as_str())) {
                (Some(a), Some(b)) => changes(a, b),
                _ => Changes::default(),
            },
            from: l.from.clone(),
            to: l.to.clone(),
            score: l.score,
            evidence: l.evidence.clone(),
        })
        .collect();
    Ok(EditionDiff {
        continued,
        new: unlinked(to, &linked_to),
        dropped: unlinked(from, &linked_from),
    })
}

/// What differs between `a` (earlier) and `b` (later).
pub fn changes(a: &Record, b: &Record) -> Changes {
    let title = (compact(&a.title) != compact(&b.title)).then(|| Change {
        from: a.title.clone(),
        to: b.title.clone(),
    });
    let kind = (a.kind != b.kind).then(|| Change {
        from: a.kind.as_str().to_string(),
        to: b.kind.as_str().to_string(),
    });
    let depts = |r: &Record| -> Vec<String> {
        r.departments
            .iter()
            .flatten()
            .map(|d| match &d.division {
                Some(div) => format!("{} {}", d.bureau, div),
                None => d.bureau.clone(),
            })
            .collect()
    };
    let (da, db) = (depts(a), depts(b));
    let departments = (!da.is_empty() && !db.is_empty() && norm_list(&da) != norm_list(&db))
        .then_some(Change { from: da, to: db });
    let spans = |r: &Record| -> Vec<String> {
        r.schedule
            .iter()
            .flatten()
            .map(ScheduleSpan::text)
            .collect()
    };
    let (sa, sb) = (spans(a), spans(b));
    let schedule = (norm_list(&sa) != norm_list(&sb)).then_some(Change { from: sa, to: sb });
    Changes {
        title,
        kind,
        departments,
        schedule,
    }
}

fn norm_list(items: &[String]) -> Vec<String> {
    items.iter().map(|s| compact(s)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Department, RecordKind};

    fn rec(id: &str, title: &str) -> Record {
        crate::lineage::test_record(
            id,
            RecordKind::Initiative,
            title,
            &format!("{title}を行う。"),
        )
    }

    #[test]
    fn new_dropped_and_changes() {
        let mut a = rec("it2013/1", "民間賃貸住宅借上げシステムの運用");
        a.schedule = Some(vec![ScheduleSpan::western(Some(2011), 2013, "運用")]);
        let mut b = rec("ict2014/1", "民間賃貸住宅借上げシステムの運用");
        b.schedule = Some(vec![ScheduleSpan::western(None, 2013, "運用")]);
        b.departments = Some(vec![Department {
            bureau: "保健福祉部".into(),
            division: Some("震災援護室".into()),
        }]);
        let records = vec![
            a,
            rec("it2013/2", "サーバの統合・仮想化"),
            b,
            rec("ict2014/2", "商店街の情報化支援"),
        ];
        let d = diff(&records, "it2013", "ict2014", &LineageParams::default()).unwrap();
        assert_eq!(d.continued.len(), 1);
        assert_eq!(d.new, ["ict2014/2"]);
        assert_eq!(d.dropped, ["it2013/2"]);
        let c = &d.continued[0].changes;
        assert!(c.title.is_none() && c.departments.is_none());
        let sched = c.schedule.as_ref().unwrap();
        assert_eq!(sched.from, ["H23–H25 運用"]);
        assert_eq!(sched.to, ["～H25 運用"]);
        let err = diff(&records, "it2013", "nope", &LineageParams::default());
        assert!(matches!(err, Err(LineageError::UnknownEdition(..))));
    }
}
