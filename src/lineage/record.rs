//! Lineage as one record sees it: its predecessors and successors with score
//! and evidence, its issuer, and where it stands between editions
//! ([`Status`]). This is what the index stores with every record (so links
//! are kept both ways, in the same commit as the records) and what a facet
//! counts ("new in this edition", "dropped by the next").

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{chain_order, is_candidate, Lineage, Link};
use crate::plan::values::natural_key;
use crate::plan::Record;

/// One neighbour of a record in another edition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Neighbour {
    /// The other record.
    pub id: String,
    /// Link score.
    pub score: f64,
    /// Why.
    pub evidence: Vec<String>,
}

/// Where a record stands between the editions of its issuer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Continues a record of the previous edition.
    Continued,
    /// Continues nothing, though there is a previous edition: new in this one.
    New,
    /// Continued by a record of the next edition.
    Carried,
    /// Not continued, though there is a next edition: dropped.
    Dropped,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 4] = [
        Status::Continued,
        Status::New,
        Status::Carried,
        Status::Dropped,
    ];

    /// The value as filters and facets name it.
    pub fn name(self) -> &'static str {
        match self {
            Status::Continued => "continued",
            Status::New => "new",
            Status::Carried => "carried",
            Status::Dropped => "dropped",
        }
    }
}

/// The lineage of one record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RecordLineage {
    /// Issuer of the record's edition, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// Where it stands between editions (none when its issuer has one edition).
    #[serde(default)]
    pub status: Vec<Status>,
    /// Records of the previous edition it continues.
    #[serde(default)]
    pub predecessors: Vec<Neighbour>,
    /// Records of the next edition that continue it.
    #[serde(default)]
    pub successors: Vec<Neighbour>,
    /// The initiative it belongs to across editions, when it is linked: the
    /// id of the first record (earliest edition, then id) of the records
    /// joined to it by links, directly or through others. One result per
    /// initiative groups by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

impl Lineage {
    /// The lineage of every candidate record of `records` (initiatives and
    /// site entries), by id. `records` are those the lineage was computed over.
    pub fn per_record(&self, records: &[Record]) -> BTreeMap<String, RecordLineage> {
        // Position of each edition in its issuer's chain: (has previous, has next).
        let mut place: BTreeMap<String, (bool, bool)> = BTreeMap::new();
        for chain in chain_order(&self.editions, &self.issuers).into_values() {
            let last = chain.len().saturating_sub(1);
            for (i, e) in chain.into_iter().enumerate() {
                place.insert(e, (i > 0, i < last));
            }
        }
        let mut out: BTreeMap<String, RecordLineage> = records
            .iter()
            .filter(|r| is_candidate(r))
            .map(|r| {
                let lineage = RecordLineage {
                    issuer: self.issuers.get(&r.edition).cloned(),
                    ..RecordLineage::default()
                };
                (r.id.clone(), lineage)
            })
            .collect();
        let neighbour = |l: &Link, id: &str| Neighbour {
            id: id.to_string(),
            score: l.score,
            evidence: l.evidence.clone(),
        };
        for l in &self.links {
            if let Some(r) = out.get_mut(&l.from) {
                r.successors.push(neighbour(l, &l.to));
            }
            if let Some(r) = out.get_mut(&l.to) {
                r.predecessors.push(neighbour(l, &l.from));
            }
        }
        for r in records.iter().filter(|r| is_candidate(r)) {
            let (before, after) = place.get(r.edition.as_str()).copied().unwrap_or_default();
            let Some(lineage) = out.get_mut(&r.id) else {
                continue;
            };
            let mut status = BTreeSet::new();
            if !lineage.predecessors.is_empty() {
                status.insert(Status::Continued);
            } else if before {
                status.insert(Status::New);
            }
            if !lineage.successors.is_empty() {
                status.insert(Status::Carried);
            } else if after {
                status.insert(Status::Dropped);
            }
            lineage.status = status.into_iter().collect();
        }
        for (id, group) in self.groups(records) {
            if let Some(lineage) = out.get_mut(&id) {
                lineage.group = Some(group);
            }
        }
        out
    }

    /// Every linked record id of `records` with its group: the first record
    /// (earliest edition in [`Lineage::editions`], then natural id order) of
    /// the records the links join it to.
    fn groups(&self, records: &[Record]) -> BTreeMap<String, String> {
        let order: BTreeMap<&str, usize> = self
            .editions
            .iter()
            .enumerate()
            .map(|(i, e)| (e.as_str(), i))
            .collect();
        let mut parent: BTreeMap<String, String> = BTreeMap::new();
        fn root(parent: &BTreeMap<String, String>, id: &str) -> String {
            let mut at = id.to_string();
            while let Some(up) = parent.get(&at).filter(|up| **up != at) {
                at = up.clone();
            }
            at
        }
        // The representative of a set is its first record: (edition order, natural id).
        let key = |id: &str, edition: &str| {
            (
                order.get(edition).copied().unwrap_or(usize::MAX),
                natural_key(id),
            )
        };
        let edition_of: BTreeMap<&str, &str> = records
            .iter()
            .map(|r| (r.id.as_str(), r.edition.as_str()))
            .collect();
        let edition = |id: &str| edition_of.get(id).copied().unwrap_or_default();
        for l in &self.links {
            for id in [&l.from, &l.to] {
                parent.entry(id.clone()).or_insert_with(|| id.clone());
            }
        }
        for l in &self.links {
            let (a, b) = (root(&parent, &l.from), root(&parent, &l.to));
            if a == b {
                continue;
            }
            let (ka, kb) = (key(&a, edition(&a)), key(&b, edition(&b)));
            let (keep, join) = if ka <= kb { (a, b) } else { (b, a) };
            parent.insert(join, keep);
        }
        parent
            .keys()
            .map(|id| (id.clone(), root(&parent, id)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lineage::{compute_by_issuer, LineageParams};
    use crate::plan::RecordKind;

    fn rec(id: &str, title: &str) -> Record {
        let summary = format!("{title}を適切に運用し，県民サービスの向上を図ります。");
        crate::lineage::test_record(id, RecordKind::Initiative, title, &summary)
    }

    #[test]
    fn statuses_and_both_directions() {
        let records = vec![
            rec("a2011/1", "民間賃貸住宅借上げシステムの運用"),
            rec("a2011/2", "商店街の情報化支援事業"),
            rec("b2014/1", "民間賃貸住宅借上げシステムの運用"),
            rec("b2014/2", "オープンデータカタログサイトの構築"),
            rec("c2017/1", "民間賃貸住宅借上げシステムの運用"),
        ];
        let issuers: BTreeMap<String, String> = ["a2011", "b2014", "c2017"]
            .into_iter()
            .map(|e| (e.to_string(), "宮城県".to_string()))
            .collect();
        let lineage = compute_by_issuer(&records, &issuers, &LineageParams::default());
        let per = lineage.per_record(&records);
        let status = |id: &str| per.get(id).map(|l| l.status.clone()).unwrap_or_default();
        assert_eq!(status("a2011/1"), [Status::Carried]);
        assert_eq!(status("a2011/2"), [Status::Dropped]);
        assert_eq!(status("b2014/1"), [Status::Continued, Status::Carried]);
        assert_eq!(status("b2014/2"), [Status::New, Status::Dropped]);
        assert_eq!(status("c2017/1"), [Status::Continued]);
        let group = |id: &str| per.get(id).and_then(|l| l.group.clone());
        for id in ["a2011/1", "b2014/1", "c2017/1"] {
            assert_eq!(group(id).as_deref(), Some("a2011/1"), "{id}");
        }
        assert_eq!(group("a2011/2"), None, "not linked: no group");
        let mid = per.get("b2014/1").expect("b2014/1");
        assert_eq!(mid.predecessors[0].id, "a2011/1");
        assert_eq!(mid.successors[0].id, "c2017/1");
        assert_eq!(mid.issuer.as_deref(), Some("宮城県"));
        // A lone edition has no status.
        let alone = compute_by_issuer(&records[..2], &issuers, &LineageParams::default());
        assert!(alone
            .per_record(&records[..2])
            .values()
            .all(|l| l.status.is_empty()));
    }
}
