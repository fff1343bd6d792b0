//! Server state: the open index, which source files it was built from, and
//! drawn PDF pages.
//!
//! The index sits behind a lock as an `Arc`, so a request keeps the snapshot
//! it started with while [`AppState::check_reload`] swaps in a reopened index.
//! [`AppState::check_reload`] compares `meta.json` (size and modification
//! time) with what was seen last and, when it changed, reloads the reader and
//! recomputes the set of ingested file names that [`crate::serve::files`] may
//! serve.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, SystemTime};

use crate::index::{open_index, SearchIndex};
use crate::pdf::{Page, PdfError};
use crate::pipeline;
use crate::plan::edition::{looks_like_title, printed_title};

use super::{ServeConfig, ServeError};

/// Most drawn pages kept in memory.
const PAGE_CACHE_ENTRIES: usize = 32;

/// What identifies one commit of the index: `meta.json`'s size and time.
type Stamp = Option<(u64, SystemTime)>;

/// A page as loaded for drawing, with the plan title printed on it.
#[derive(Debug)]
pub struct LoadedPage {
    /// The page's glyphs and rules.
    pub page: Page,
    /// The plan title printed on the page (running header/footer), else the
    /// document's /Title.
    pub plan_title: Option<String>,
}

/// Why a source page could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    /// The file name is not one the index was built from, or it is not in
    /// any corpus directory.
    #[error("source file {0:?} is not available")]
    NotAvailable(String),
    /// The PDF could not be read.
    #[error("{file}: {source}")]
    Pdf {
        /// The file name.
        file: String,
        /// The PDF error.
        #[source]
        source: PdfError,
    },
}

/// Everything the handlers share.
pub struct AppState {
    index_dir: PathBuf,
    corpus: Vec<PathBuf>,
    reload_interval: Duration,
    pipeline: pipeline::Options,
    index: RwLock<Arc<SearchIndex>>,
    files: RwLock<Arc<BTreeSet<String>>>,
    stamp: Mutex<Stamp>,
    pages: Mutex<HashMap<(String, u32), Arc<LoadedPage>>>,
}

impl AppState {
    /// Opens the index of `config`.
    pub fn open(config: &ServeConfig) -> Result<AppState, ServeError> {
        let stamp = meta_stamp(&config.index);
        let index = open_index(&config.index).map_err(|source| ServeError::Index {
            path: config.index.clone(),
            source,
        })?;
        let files = ingested_files(&index);
        Ok(AppState {
            index_dir: config.index.clone(),
            corpus: config.corpus.clone(),
            reload_interval: config.reload_interval,
            pipeline: config.pipeline.clone(),
            index: RwLock::new(Arc::new(index)),
            files: RwLock::new(Arc::new(files)),
            stamp: Mutex::new(stamp),
            pages: Mutex::new(HashMap::new()),
        })
    }

    /// The index directory being served.
    pub fn index_dir(&self) -> &Path {
        &self.index_dir
    }

    /// The plan title of each edition whose title the ingest read (from the
    /// manifest of the current commit; empty when it has none).
    pub fn edition_titles(&self) -> BTreeMap<String, String> {
        crate::ingest::read_manifest(&self.index_dir)
            .map(|m| m.titles())
            .unwrap_or_default()
    }

    /// The current index.
    pub fn index(&self) -> Arc<SearchIndex> {
        match self.index.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// File names (no directories) of the sources the index was built from.
    pub fn files(&self) -> Arc<BTreeSet<String>> {
        match self.files.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The interval between checks for a new commit.
    pub fn reload_interval(&self) -> Duration {
        self.reload_interval
    }

    /// Picks up a new commit if `meta.json` changed since the last look;
    /// returns whether it did. Reopens the index when reloading fails.
    pub fn check_reload(&self) -> Result<bool, ServeError> {
        let now = meta_stamp(&self.index_dir);
        {
            let last = self.stamp.lock().unwrap_or_else(|p| p.into_inner());
            if *last == now || now.is_none() {
                return Ok(false);
            }
        }
        let current = self.index();
        let index = match current.reload() {
            Ok(()) => current,
            Err(_) => {
                Arc::new(
                    open_index(&self.index_dir).map_err(|source| ServeError::Index {
                        path: self.index_dir.clone(),
                        source,
                    })?,
                )
            }
        };
        let files = Arc::new(ingested_files(&index));
        *self.index.write().unwrap_or_else(|p| p.into_inner()) = index;
        *self.files.write().unwrap_or_else(|p| p.into_inner()) = files;
        *self.stamp.lock().unwrap_or_else(|p| p.into_inner()) = now;
        self.pages.lock().unwrap_or_else(|p| p.into_inner()).clear();
        Ok(true)
    }

    /// The path of ingested source file `name` in the first corpus directory
    /// holding it. `name` must be a bare file name the index was built from.
    pub fn source_path(&self, name: &str) -> Option<PathBuf> {
        if !is_plain_file_name(name) || !self.is_ingested(name) {
            return None;
        }
        self.corpus
            .iter()
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    }

    /// Whether `name` is the file name of an ingested source. A name not in
    /// the cached set is looked up again in the current index: its reader
    /// may have picked up a commit before [`Self::check_reload`] ran.
    fn is_ingested(&self, name: &str) -> bool {
        if self.files().contains(name) {
            return true;
        }
        let files = Arc::new(ingested_files(&self.index()));
        let known = files.contains(name);
        *self.files.write().unwrap_or_else(|p| p.into_inner()) = files;
        known
    }

    /// Page `number` of ingested source file `name`, loaded once and cached.
    pub fn page(&self, name: &str, number: u32) -> Result<Arc<LoadedPage>, PageError> {
        let key = (name.to_string(), number);
        if let Some(hit) = self
            .pages
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
        {
            return Ok(hit.clone());
        }
        let path = self
            .source_path(name)
            .ok_or_else(|| PageError::NotAvailable(name.to_string()))?;
        let pdf_err = |source| PageError::Pdf {
            file: name.to_string(),
            source,
        };
        let doc = pipeline::open(&path, &self.pipeline).map_err(pdf_err)?;
        let (page, layout) = pipeline::page(&doc, number, &self.pipeline).map_err(pdf_err)?;
        let lines: Vec<String> = layout.lines.iter().map(|l| l.text.clone()).collect();
        let plan_title =
            printed_title(&[lines]).or_else(|| doc.info_title().filter(|t| looks_like_title(t)));
        let loaded = Arc::new(LoadedPage { page, plan_title });
        let mut cache = self.pages.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() >= PAGE_CACHE_ENTRIES {
            cache.clear();
        }
        cache.insert(key, loaded.clone());
        Ok(loaded)
    }
}

/// The file name part of a record's `source.file`.
pub fn file_name(source: &str) -> &str {
    source.rsplit(['/', '\\']).next().unwrap_or(source)
}

/// Whether `name` is a bare, visible file name: no separators, no `..`, no
/// control characters, not hidden.
pub fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && !name.starts_with('.')
        && !name.contains("..")
        && !name
            .chars()
            .any(|c| c == '/' || c == '\\' || c.is_control())
}

/// `meta.json`'s size and modification time, when it exists.
fn meta_stamp(dir: &Path) -> Stamp {
    let meta = std::fs::metadata(dir.join("meta.json")).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// File names of every record's source in `index`.
fn ingested_files(index: &SearchIndex) -> BTreeSet<String> {
    index
        .source_files()
        .unwrap_or_default()
        .iter()
        .map(|f| file_name(f).to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_file_names_only() {
        for ok in ["ict2014.pdf", "計画 2013.pdf", "a.b.pdf"] {
            assert!(is_plain_file_name(ok), "{ok}");
        }
        for bad in [
            "",
            "..",
            "../x.pdf",
            "a/b.pdf",
            "a\\b.pdf",
            ".hidden.pdf",
            "x..pdf",
            "a\0.pdf",
        ] {
            assert!(!is_plain_file_name(bad), "{bad:?}");
        }
        assert_eq!(file_name("corpus/ict2014.pdf"), "ict2014.pdf");
        assert_eq!(file_name("C:\\c\\it2013.pdf"), "it2013.pdf");
        assert_eq!(file_name("it2013.pdf"), "it2013.pdf");
    }
}
