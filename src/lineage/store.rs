//! The lineage side file of an index: `lineage.json` in the index directory.
//!
//! [`write_lineage`] computes lineage over every record being indexed and
//! writes it atomically (a temporary file in the same directory, then a
//! rename), so a reader sees the old file or the new one, never half of one.
//! The file holds the links once (`links`, earlier → later) and, for readers
//! that look a record up, both directions per id (`by_id`):
//!
//! ```json
//! {"version": 1, "editions": ["it2013", "ict2014"],
//!  "links": [{"from": "it2013/2-2-3", "to": "ict2014/4-2-4", "score": 0.93, "evidence": ["…"]}],
//!  "by_id": {"it2013/2-2-3": {"predecessors": [], "successors": [{"id": "ict2014/4-2-4", "score": 0.93, "evidence": ["…"]}]},
//!            "ict2014/4-2-4": {"predecessors": [{"id": "it2013/2-2-3", …}], "successors": []}}}
//! ```
//!
//! [`read_lineage`] hands back the [`Lineage`] (from `links`);
//! [`refresh_lineage`] recomputes it from the records of a committed index.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::index::open_index;
use crate::plan::Record;

use super::{compute_by_issuer, Lineage, LineageError, LineageParams, Link};

/// Name of the lineage file inside the index directory.
pub const LINEAGE_FILE: &str = "lineage.json";
/// Format version written and accepted.
const VERSION: u32 = 1;

/// One neighbour of a record, as stored under `by_id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Neighbour {
    /// The other record.
    pub id: String,
    /// Link score.
    pub score: f64,
    /// Why.
    pub evidence: Vec<String>,
}

/// Both directions of one record, as stored under `by_id`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Neighbours {
    /// Records of earlier editions this one continues.
    pub predecessors: Vec<Neighbour>,
    /// Records of later editions that continue this one.
    pub successors: Vec<Neighbour>,
}

/// The file's content.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct LineageFile {
    version: u32,
    /// Records the lineage was computed over.
    records: usize,
    params: LineageParams,
    editions: Vec<String>,
    #[serde(default)]
    issuers: BTreeMap<String, String>,
    links: Vec<Link>,
    by_id: BTreeMap<String, Neighbours>,
}

/// Computes the lineage of `records` (default parameters; editions linked
/// within each issuer of `issuers`, edition id → issuer) and writes it to
/// `index_dir/lineage.json` atomically. Returns what was written.
pub fn write_lineage(
    index_dir: &Path,
    records: &[Record],
    issuers: &BTreeMap<String, String>,
) -> Result<Lineage, LineageError> {
    let params = LineageParams::default();
    let lineage = compute_by_issuer(records, issuers, &params);
    let file = LineageFile {
        version: VERSION,
        records: records.len(),
        params,
        editions: lineage.editions.clone(),
        issuers: lineage.issuers.clone(),
        links: lineage.links.clone(),
        by_id: by_id(&lineage.links),
    };
    let path = index_dir.join(LINEAGE_FILE);
    let tmp = index_dir.join(format!(".{LINEAGE_FILE}.{}.tmp", std::process::id()));
    let io = |source| LineageError::Io {
        path: path.clone(),
        source,
    };
    let json = serde_json::to_vec_pretty(&file).map_err(|source| LineageError::Json {
        path: path.clone(),
        source,
    })?;
    std::fs::create_dir_all(index_dir).map_err(io)?;
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(&json)?;
        f.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, &path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(lineage)
}

/// Recomputes the lineage of every record in the index in `index_dir` and
/// writes it ([`write_lineage`]). For incremental ingest, where only changed
/// files are parsed: call it after the commit.
pub fn refresh_lineage(
    index_dir: &Path,
    issuers: &BTreeMap<String, String>,
) -> Result<Lineage, LineageError> {
    let index = open_index(index_dir).map_err(|e| LineageError::Index(e.to_string()))?;
    let records = index
        .all_records()
        .map_err(|e| LineageError::Index(e.to_string()))?;
    write_lineage(index_dir, &records, issuers)
}

/// Reads `index_dir/lineage.json`; `Ok(None)` when there is none (an index
/// built before lineage existed).
pub fn read_lineage(index_dir: &Path) -> Result<Option<Lineage>, LineageError> {
    let path = index_dir.join(LINEAGE_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(LineageError::Io { path, source }),
    };
    let file: LineageFile =
        serde_json::from_slice(&bytes).map_err(|source| LineageError::Json {
            path: path.clone(),
            source,
        })?;
    if file.version != VERSION {
        return Ok(None);
    }
    Ok(Some(Lineage {
        editions: file.editions,
        issuers: file.issuers,
        links: file.links,
    }))
}

/// Both directions of every linked record.
fn by_id(links: &[Link]) -> BTreeMap<String, Neighbours> {
    let mut map: BTreeMap<String, Neighbours> = BTreeMap::new();
    for l in links {
        let to = |id: &str| Neighbour {
            id: id.to_string(),
            score: l.score,
            evidence: l.evidence.clone(),
        };
        map.entry(l.from.clone())
            .or_default()
            .successors
            .push(to(&l.to));
        map.entry(l.to.clone())
            .or_default()
            .predecessors
            .push(to(&l.from));
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::RecordKind;

    fn rec(id: &str, title: &str) -> Record {
        let edition = id.split('/').next().unwrap_or_default().to_string();
        let mut r = Record::empty(id.into(), edition, RecordKind::Initiative, 1);
        r.title = title.into();
        r.summary = Some("応急仮設住宅の契約・支払・問合せ対応等を適切に行う。".into());
        r
    }

    #[test]
    fn write_then_read_round_trips_and_stores_both_ways() {
        let dir = std::env::temp_dir().join(format!("shisaku-lineage-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        assert!(read_lineage(&dir).unwrap().is_none());
        let records = vec![
            rec("it2013/1", "民間賃貸住宅借上げシステムの運用"),
            rec("ict2014/1", "民間賃貸住宅借上げシステムの運用"),
        ];
        let written = write_lineage(&dir, &records, &BTreeMap::new()).unwrap();
        assert_eq!(written.links.len(), 1);
        let read = read_lineage(&dir).unwrap().unwrap();
        assert_eq!(read, written);
        let raw: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join(LINEAGE_FILE)).unwrap()).unwrap();
        assert_eq!(
            raw["by_id"]["ict2014/1"]["predecessors"][0]["id"],
            "it2013/1"
        );
        assert_eq!(raw["by_id"]["it2013/1"]["successors"][0]["id"], "ict2014/1");
        let leftovers = std::fs::read_dir(&dir).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
        std::fs::write(dir.join(LINEAGE_FILE), b"{").unwrap();
        assert!(matches!(read_lineage(&dir), Err(LineageError::Json { .. })));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn refresh_reads_every_record_of_the_index() {
        let dir = std::env::temp_dir().join(format!("shisaku-lineage-idx-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let records = vec![
            rec("it2013/1", "民間賃貸住宅借上げシステムの運用"),
            rec("ict2014/1", "民間賃貸住宅借上げシステムの運用"),
        ];
        crate::index::build_index(&dir, &records).unwrap();
        let lineage = refresh_lineage(&dir, &BTreeMap::new()).unwrap();
        assert_eq!(lineage.links.len(), 1);
        assert_eq!(read_lineage(&dir).unwrap(), Some(lineage));
        assert!(matches!(
            refresh_lineage(&dir.join("missing"), &BTreeMap::new()),
            Err(LineageError::Index(_))
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
