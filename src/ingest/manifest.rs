//! The ingest manifest: what each source file contributed to the index.
//!
//! Stored as JSON in the payload of the index commit (see
//! [`crate::index::batch`]), so it always describes exactly the committed
//! records.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::quality::DocQuality;

/// Format version of the manifest.
pub const VERSION: u32 = 1;

/// One ingested source file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileEntry {
    /// SHA-256 of the file's bytes, hex.
    pub hash: String,
    /// Size in bytes.
    pub size: u64,
    /// Edition id of its records.
    pub edition: String,
    /// Issuer of the edition, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// The plan's title (「みやぎICT推進プラン（2014～2016）」), when the
    /// document states one other than its edition id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Ids of its records in the index.
    pub records: Vec<String>,
    /// Pages read.
    pub pages: usize,
    /// How its pages were read: plan records, passages only, no text layer.
    #[serde(default)]
    pub coverage: crate::plan::Coverage,
    /// Extraction quality of the file (absent in manifests written before it was recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<DocQuality>,
    /// The file's /ModDate as written, when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
}

/// The manifest of an index.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Format version.
    pub version: u32,
    /// When the last ingest committed (RFC 3339, UTC).
    pub ingested_at: String,
    /// Source files by path (as found when ingested, made absolute).
    pub files: BTreeMap<String, FileEntry>,
}

impl Manifest {
    /// The issuer of each edition whose file names one.
    pub fn issuers(&self) -> BTreeMap<String, String> {
        self.files
            .values()
            .filter_map(|f| Some((f.edition.clone(), f.issuer.clone()?)))
            .collect()
    }

    /// The plan title of each edition whose file states one.
    pub fn titles(&self) -> BTreeMap<String, String> {
        self.files
            .values()
            .filter_map(|f| Some((f.edition.clone(), f.title.clone()?)))
            .collect()
    }

    /// Parse a commit payload; an unreadable or foreign payload gives an empty manifest.
    pub fn from_payload(payload: Option<&str>) -> Manifest {
        payload
            .and_then(|p| serde_json::from_str::<Manifest>(p).ok())
            .filter(|m| m.version == VERSION)
            .unwrap_or_default()
    }

    /// The file entry holding `edition`, other than `except`.
    pub fn file_with_edition(&self, edition: &str, except: &str) -> Option<(&String, &FileEntry)> {
        self.files
            .iter()
            .find(|(p, e)| e.edition == edition && p.as_str() != except)
    }

    /// The file entry with content `hash`, other than `except`.
    pub fn file_with_hash(&self, hash: &str, except: &str) -> Option<&String> {
        self.files
            .iter()
            .find(|(p, e)| e.hash == hash && p.as_str() != except)
            .map(|(p, _)| p)
    }
}

/// SHA-256 of a file, hex, and its size.
pub fn hash_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut f = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    let digest = hasher.finalize();
    Ok((digest.iter().map(|b| format!("{b:02x}")).collect(), size))
}

/// The current time as RFC 3339 UTC (second precision).
pub fn now_rfc3339() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as i64;
    super::quality::rfc3339(secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_round_trip_and_foreign_payloads() {
        let mut m = Manifest {
            version: VERSION,
            ingested_at: now_rfc3339(),
            files: BTreeMap::new(),
        };
        m.files.insert(
            "/a.pdf".into(),
            FileEntry {
                hash: "ab".into(),
                size: 3,
                edition: "it2013".into(),
                issuer: Some("宮城県".into()),
                title: Some("高度情報化推進計画".into()),
                records: vec!["it2013/1-1-1".into()],
                pages: 3,
                coverage: crate::plan::Coverage::default(),
                quality: Some(DocQuality {
                    records: 1,
                    ..DocQuality::default()
                }),
                modified: Some("D:20110401093000+09'00'".into()),
            },
        );
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(Manifest::from_payload(Some(&json)), m);
        assert_eq!(
            m.titles().get("it2013").map(String::as_str),
            Some("高度情報化推進計画")
        );
        assert_eq!(
            Manifest::from_payload(Some("not json")),
            Manifest::default()
        );
        assert_eq!(Manifest::from_payload(None), Manifest::default());
        assert!(m.file_with_edition("it2013", "/b.pdf").is_some());
        assert!(m.file_with_edition("it2013", "/a.pdf").is_none());
    }

    #[test]
    fn rfc3339_shape() {
        let t = now_rfc3339();
        assert_eq!(t.len(), 20);
        assert!(t.starts_with("20") && t.ends_with('Z'));
    }

    #[test]
    fn file_hash_is_sha256() {
        let p = std::env::temp_dir().join(format!("shisaku-hash-{}", std::process::id()));
        std::fs::write(&p, b"abc").unwrap();
        let (h, n) = hash_file(&p).unwrap();
        assert_eq!(n, 3);
        assert_eq!(
            h,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        std::fs::remove_file(&p).unwrap();
    }
}
