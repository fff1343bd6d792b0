//! Parsing the changed files and choosing, per edition, the one file whose
//! records the index holds.
//!
//! Files are parsed in parallel; as each finishes it is ranked against the
//! best file of its edition seen so far ([`super::quality::rank_key`]) and
//! the loser's parsed records are dropped at once, so memory holds one
//! parsed document per edition however many copies the batch has. The
//! ranking depends on the files only, so the choice never depends on the
//! order files were read in. The batch's best file then meets the file that
//! holds the edition in the index ([`super::quality::decide`]), and every
//! file that loses is reported as a [`Conflict`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;

use super::manifest::{FileEntry, Manifest};
use super::quality::{decide, pdf_date, rank_key, Candidate, DocQuality, Verdict};
use super::{FileError, IngestOptions, IngestReport, Progress};
use crate::pipeline::parse_document;
use crate::plan::{ParsedDocument, Timings};

/// A decided conflict: two files yield one edition and one was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The edition both files yield.
    pub edition: String,
    /// The file whose records the index holds.
    pub kept: String,
    /// The file whose records were not indexed.
    pub rejected: String,
    /// Why.
    pub reason: String,
}

/// A changed file to parse.
#[derive(Debug, Clone)]
pub struct Pending {
    /// The path as found.
    pub file: PathBuf,
    /// Its manifest key (absolute path).
    pub key: String,
    /// SHA-256 of its content.
    pub hash: String,
    /// Its size in bytes.
    pub size: u64,
}

/// The best file of one edition so far, and everything known of the others.
#[derive(Default)]
struct Slot {
    best: Option<(Pending, ParsedDocument, Candidate)>,
    others: Vec<Candidate>,
}

/// What parsing and selection hand to the commit.
#[derive(Debug, Default)]
pub struct Selection {
    /// The documents whose records go into the index, in edition order.
    pub docs: Vec<ParsedDocument>,
    /// Record ids to delete.
    pub delete: BTreeSet<String>,
    /// Time per stage, summed over files.
    pub timings: Timings,
}

/// Parses `pending` in parallel, keeps the best file of each edition, and
/// settles each edition against `manifest` (updated in place: winners
/// replace the entries they beat). Per-file errors and conflicts go to
/// `report`.
pub fn parse_and_select(
    pending: Vec<Pending>,
    manifest: &mut Manifest,
    options: &IngestOptions,
    progress: &(dyn Fn(Progress) + Sync),
    report: &mut IngestReport,
) -> Selection {
    let forced: BTreeSet<String> = options.replace.iter().map(|p| super::absolute(p)).collect();
    let slots: Mutex<BTreeMap<String, Slot>> = Mutex::new(BTreeMap::new());
    let errors: Mutex<Vec<FileError>> = Mutex::new(Vec::new());
    let totals: Mutex<(Timings, usize)> = Mutex::new((Timings::default(), 0));
    progress(Progress::Start(pending.len()));
    let held: &Manifest = manifest;
    pending.into_par_iter().for_each(|p| {
        let doc = match parse_one(&p.file, options) {
            Ok(d) => d,
            Err(error) => {
                progress(Progress::File(&p.file, Err(&error)));
                lock(&errors).push(FileError {
                    file: p.file.display().to_string(),
                    error,
                });
                return; // a file that fails keeps what it had in the index
            }
        };
        progress(Progress::File(&p.file, Ok(doc.records.len())));
        {
            let mut t = lock(&totals);
            t.0.extract += doc.timings.extract;
            t.0.layout += doc.timings.layout;
            t.0.parse += doc.timings.parse;
            t.1 += doc.pages.len();
        }
        // The same edition id from another issuer is another plan whose
        // record ids would collide: refuse it rather than replace.
        if let Some(error) = issuer_conflict(held, &doc, &p.key) {
            lock(&errors).push(FileError {
                file: p.file.display().to_string(),
                error,
            });
            return;
        }
        let candidate = Candidate {
            path: p.key.clone(),
            quality: Some(DocQuality::of(&doc)),
            modified: doc.modified.as_deref().and_then(pdf_date),
            forced: forced.contains(&p.key),
        };
        offer(&mut lock(&slots), p, doc, candidate);
    });
    let (timings, pages) = into_inner(totals);
    report.pages += pages;
    let mut errors = into_inner(errors);
    errors.sort_by(|a, b| a.file.cmp(&b.file));
    report.failed += errors.len();
    report.errors.extend(errors);
    let mut selection = Selection {
        timings,
        ..Selection::default()
    };
    for (edition, slot) in into_inner(slots) {
        settle(&edition, slot, manifest, &mut selection, report);
    }
    selection
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn into_inner<T>(m: Mutex<T>) -> T {
    m.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Parses one file in isolation (a panic is a per-file error).
fn parse_one(file: &Path, options: &IngestOptions) -> Result<ParsedDocument, String> {
    std::panic::catch_unwind(|| parse_document(file, &options.parse))
        .map_err(|_| "internal error while parsing (please report this file)".to_string())
        .and_then(|r| r.map_err(|e| e.to_string()))
        .and_then(|d| {
            if d.records.is_empty() {
                // Every page with text becomes records or passages, so
                // nothing at all means no page has a text layer.
                Err("no text found: no page has a text layer (scanned images?)".to_string())
            } else {
                Ok(d)
            }
        })
}

/// Ranks a parsed file against the best of its edition so far; the loser's
/// records are dropped here.
fn offer(slots: &mut BTreeMap<String, Slot>, p: Pending, doc: ParsedDocument, c: Candidate) {
    let slot = slots.entry(doc.edition.id.clone()).or_default();
    match slot.best.take() {
        Some(best) if rank_key(&best.2) <= rank_key(&c) => {
            slot.others.push(c);
            slot.best = Some(best);
        }
        Some((_, _, loser)) => {
            slot.others.push(loser);
            slot.best = Some((p, doc, c));
        }
        None => slot.best = Some((p, doc, c)),
    }
}

/// Settles one edition: the batch's best file against the file holding the
/// edition in `manifest`; records the winner, reports every loser.
fn settle(
    edition: &str,
    slot: Slot,
    manifest: &mut Manifest,
    selection: &mut Selection,
    report: &mut IngestReport,
) {
    let Some((pending, doc, best)) = slot.best else {
        return;
    };
    let mut others = slot.others;
    others.sort_by(|a, b| rank_key(a).cmp(&rank_key(b)));
    let holder = manifest
        .files
        .iter()
        .find(|(_, e)| e.edition == edition)
        .map(|(k, e)| held_candidate(k, e));
    let verdict = holder.as_ref().map(|h| (h, decide(&best, h)));
    if let Some((held, Verdict::Keep(_))) = verdict {
        // The index keeps its records; every file of the batch is rejected.
        for c in std::iter::once(&best).chain(&others) {
            report
                .conflicts
                .push(conflict(edition, held, c, &reason_kept(c, held, &best)));
        }
        report.rejected += 1 + others.len();
        return;
    }
    for c in &others {
        report
            .conflicts
            .push(conflict(edition, &best, c, &reason_kept(c, &best, &best)));
    }
    report.rejected += others.len();
    if let Some((held, Verdict::Replace(reason))) = &verdict {
        if held.path != best.path {
            report
                .conflicts
                .push(conflict(edition, &best, held, reason));
        }
    }
    // The winner's own previous entry and the entry holding its edition go.
    if let Some(prev) = manifest.files.remove(&pending.key) {
        selection.delete.extend(prev.records);
    }
    if let Some(h) = holder {
        if let Some(prev) = manifest.files.remove(&h.path) {
            selection.delete.extend(prev.records);
        }
    }
    report.indexed += 1;
    report
        .documents
        .push(super::DocumentCoverage::of(&pending.key, &doc));
    manifest.files.insert(
        pending.key,
        FileEntry {
            hash: pending.hash,
            size: pending.size,
            edition: doc.edition.id.clone(),
            issuer: doc.edition.issuer.clone(),
            title: plan_title(&doc.edition.title, &doc.edition.id, &doc.doc),
            records: doc.records.iter().map(|r| r.id.clone()).collect(),
            pages: doc.pages.len(),
            coverage: doc.coverage.clone(),
            quality: best.quality,
            modified: doc.modified.clone(),
        },
    );
    selection.docs.push(doc);
}

/// The plan title worth keeping for an edition: not blank, and not just its
/// id or the file's name (what a document without a stated title falls back to).
fn plan_title(title: &str, id: &str, file: &str) -> Option<String> {
    let title = title.trim();
    let stem = std::path::Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy());
    (!title.is_empty() && title != id && stem.as_deref() != Some(title)).then(|| title.to_string())
}

/// Why `rejected` did not replace `kept`; `best` is the batch's best file,
/// the only one of the batch that met the indexed file.
fn reason_kept(rejected: &Candidate, kept: &Candidate, best: &Candidate) -> String {
    match decide(rejected, kept) {
        Verdict::Keep(reason) => reason,
        Verdict::Replace(_) => format!("ranked below {} of the same batch", best.path),
    }
}

/// The file holding an edition in the index, as a candidate.
fn held_candidate(key: &str, e: &FileEntry) -> Candidate {
    Candidate {
        path: key.to_string(),
        quality: e.quality.clone(),
        modified: e.modified.as_deref().and_then(pdf_date),
        forced: false,
    }
}

fn conflict(edition: &str, kept: &Candidate, rejected: &Candidate, reason: &str) -> Conflict {
    let reason = if kept.path == rejected.path {
        format!("{reason} (the file changed; its indexed version is kept)")
    } else {
        reason.to_string()
    };
    Conflict {
        edition: edition.to_string(),
        kept: kept.path.clone(),
        rejected: rejected.path.clone(),
        reason,
    }
}

/// Why `doc` (from the file at manifest key `key`) cannot join the index:
/// another file holds its edition id as another issuer's plan.
fn issuer_conflict(manifest: &Manifest, doc: &ParsedDocument, key: &str) -> Option<String> {
    let ours = doc.edition.issuer.as_deref()?;
    let (other, entry) = manifest.file_with_edition(&doc.edition.id, key)?;
    let theirs = entry.issuer.as_deref().filter(|t| *t != ours)?;
    Some(format!(
        "edition {} is already indexed from {other} as {theirs}'s plan and this is {ours}'s: their record ids would collide; ingest it into another index",
        doc.edition.id
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_titles_are_stated_ones() {
        assert_eq!(
            plan_title(" 高度情報化推進計画 ", "it2013", "/c/it2013.pdf").as_deref(),
            Some("高度情報化推進計画")
        );
        assert_eq!(plan_title("kampo", "kampo", "/c/kampo.pdf"), None);
        assert_eq!(plan_title("計画 案", "keikaku", "/c/計画 案.pdf"), None);
        assert_eq!(plan_title("  ", "x", "/c/x.pdf"), None);
    }
}
