//! Lineage read back from the index.
//!
//! Ingest computes lineage before it commits and stores each record's
//! [`RecordLineage`] (predecessors and successors with score and evidence,
//! issuer, status) in the record's own document, in the same commit as the
//! records: the links are kept both ways and can never disagree with the
//! records they join. [`lineage_of`] reassembles the [`Lineage`] of the
//! whole index from those documents (as read by
//! [`crate::index::SearchIndex::all_entries`]); a single record's lineage is
//! one lookup ([`crate::index::SearchIndex::record_lineage`]).

use std::collections::BTreeMap;

use crate::plan::Record;

use super::record::RecordLineage;
use super::{chain_order, order_editions, Lineage, Link};

/// The lineage of the whole set from each record's stored lineage.
pub fn lineage_of(entries: &[(Record, Option<RecordLineage>)]) -> Option<Lineage> {
    if entries.iter().all(|(_, l)| l.is_none()) {
        return None;
    }
    let mut issuers = BTreeMap::new();
    let mut links = Vec::new();
    for (r, lineage) in entries {
        let Some(l) = lineage else { continue };
        if let Some(issuer) = &l.issuer {
            issuers.insert(r.edition.clone(), issuer.clone());
        }
        links.extend(l.successors.iter().map(|n| Link {
            from: r.id.clone(),
            to: n.id.clone(),
            score: n.score,
            evidence: n.evidence.clone(),
        }));
    }
    let order = order_editions(entries.iter().map(|(r, _)| r.edition.as_str()));
    let editions = chain_order(&order, &issuers)
        .into_values()
        .flatten()
        .collect();
    Some(Lineage {
        editions,
        issuers,
        links,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lineage::{compute_by_issuer, LineageParams};
    use crate::plan::RecordKind;

    fn rec(id: &str, title: &str) -> Record {
        crate::lineage::test_record(
            id,
            RecordKind::Initiative,
            title,
            "応急仮設住宅の契約・支払・問合せ対応等を適切に行う。",
        )
    }

    #[test]
    fn stored_record_lineage_reassembles_the_links() {
        let records = vec![
            rec("it2013/1", "民間賃貸住宅借上げシステムの運用"),
            rec("ict2014/1", "民間賃貸住宅借上げシステムの運用"),
        ];
        let issuers = BTreeMap::from([
            ("it2013".to_string(), "宮城県".to_string()),
            ("ict2014".to_string(), "宮城県".to_string()),
        ]);
        let lineage = compute_by_issuer(&records, &issuers, &LineageParams::default());
        assert_eq!(lineage.links.len(), 1);
        let per = lineage.per_record(&records);
        let entries: Vec<(Record, Option<RecordLineage>)> = records
            .iter()
            .map(|r| (r.clone(), per.get(&r.id).cloned()))
            .collect();
        assert_eq!(lineage_of(&entries), Some(lineage));
        let bare: Vec<(Record, Option<RecordLineage>)> =
            records.iter().map(|r| (r.clone(), None)).collect();
        assert_eq!(lineage_of(&bare), None);
    }
}
