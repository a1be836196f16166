//! Review records on `refs/duyet/reviews`: appending one safely while others
//! append too, and reading them all back — from an index keyed by the ref's
//! tip when one exists and holds up against git, so a later start reads only
//! the new records. Records fetched from a remote
//! (`refs/remotes/<remote>/duyet/reviews`) are read with the local ones, as
//! one union.
//!
//! Nothing on the ref is trusted to be well formed. A commit that is no
//! readable record — a malformed author line, a missing tree, an object that
//! is no commit where a parent should be, trailers that do not make a record
//! — is kept as an `UnreadableRecord` with the reason and counts as nothing;
//! a history that stops short (a shallow clone, a missing parent) is said in
//! `ReviewLog::warnings`; everything else is read, counted and written to as
//! usual.
//!
//! Where each concern lives:
//! - `mod.rs` — `ReviewLog`, and reading it: from the index when it holds
//!   up, else from git (`review_log`, `review_log_uncached`).
//! - `append.rs` — writing a record: compare-and-swap on the ref, rebuilt
//!   on the new tip when another writer was first.
//! - `tips.rs` — which tips are read (the local ref and the fetched ones)
//!   and their union.
//! - `walk.rs` — the walk of the history in its one canonical order; the
//!   plain chain of new records on the index.
//! - `ahead.rs` — the records' commits read ahead of the walk, on every
//!   core, straight from the packs (`store::pack`).
//! - `reader.rs` — one commit read straight from the object database and
//!   parsed (`store::commit`) into a record or an unreadable one.
//! - `cache.rs` — the index as a cache: loading, checking it against git
//!   before it is believed (`index_holds_up`), writing it.
//! - `index.rs` — the index file's format.
//! - `summary.rs` — the folded review `status` shows, kept as a cache
//!   keyed by what it is folded from.

mod ahead;
mod append;
mod cache;
mod index;
pub(in crate::store) mod reader;
mod summary;
#[cfg(test)]
mod tests;
mod tips;
mod walk;

use git2::{ObjectType, Oid};

use crate::core::review::{ReadWarning, ReviewRecord, UnreadableRecord};
use crate::store::id::hex_bytes;
use crate::store::{Result, Store};

pub use summary::SummaryKey;

/// How the records were obtained, for the benchmark and `--verbose` output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadPath {
    /// No records yet.
    Empty,
    /// The index matched the tip.
    Cached,
    /// The index was behind; this many new commits were read.
    Updated(usize),
    /// No usable index; every commit was read.
    Full,
}

/// Everything read from the records refs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewLog {
    /// Every record, oldest first.
    pub records: Vec<ReviewRecord>,
    /// The commits that are no readable record, in the same order.
    pub unreadable: Vec<UnreadableRecord>,
    /// Why the records may not be all there are.
    pub warnings: Vec<ReadWarning>,
    pub path: ReadPath,
}

/// Where a remote's records are fetched to (the refspec
/// `+refs/duyet/reviews:refs/remotes/<remote>/duyet/reviews`): beside the
/// remote's branches, so `git log origin/duyet/reviews` shows them, and
/// never overwriting the local records ref.
pub fn remote_reviews_ref(remote: &str) -> String {
    format!("refs/remotes/{remote}/duyet/reviews")
}

impl Store {
    /// Every record, oldest first, and how they were read: the local ones
    /// and those fetched from remotes, as the history of a merge of their
    /// tips (`union_tips`) would list them. (`review_log` also gives what
    /// could not be read.)
    pub fn read_records(&self) -> Result<(Vec<ReviewRecord>, ReadPath)> {
        let log = self.review_log()?;
        Ok((log.records, log.path))
    }

    /// Everything on the records refs: the records, oldest first, as the
    /// history of a merge of the tips (`union_tips`) would list them; the
    /// commits that are no readable record; why the history may be short;
    /// and how it was read — from the index when it holds up, else from
    /// git (and the index written again, unless the history is incomplete:
    /// what is missing may come later without any tip moving).
    pub fn review_log(&self) -> Result<ReviewLog> {
        Ok(self.review_log_with(|_, _| ())?.0)
    }

    /// `review_log`, and what `during` makes of it. When every record was
    /// read from git, `during` runs while the index is written on another
    /// thread (writing 50 000 records takes as long as folding them), and
    /// is told so (`true`): a core is busy beside it.
    pub fn review_log_with<T>(
        &self,
        during: impl FnOnce(&ReviewLog, bool) -> T,
    ) -> Result<(ReviewLog, T)> {
        let (log, index_key) = self.read_log()?;
        let Some(key) = index_key else {
            let made = during(&log, false);
            return Ok((log, made));
        };
        let path = self.records_index_path();
        let made = std::thread::scope(|scope| {
            scope.spawn(|| cache::save_index(&path, key, &log.records, &log.unreadable));
            during(&log, true)
        });
        Ok((log, made))
    }

    /// The log, and the key to write the index anew with when it was
    /// read from git in full and may be kept.
    fn read_log(&self) -> Result<(ReviewLog, Option<Oid>)> {
        let local = self.local_tip()?.map(|(_, tip)| tip);
        let (tips, warnings) = self.review_tips_with(local)?;
        if tips.is_empty() {
            let log = ReviewLog {
                records: Vec::new(),
                unreadable: Vec::new(),
                warnings,
                path: ReadPath::Empty,
            };
            return Ok((log, None));
        }
        if let Some(index) = self.load_index() {
            if let Some(mut log) = self.read_from_index(index, &tips, local)? {
                log.warnings = warnings;
                return Ok((log, None));
            }
        }
        let union = self.union_tips(tips.clone())?;
        let walked = self.walk_records(&union)?;
        // Keyed by the one tip whose history is the union (so that records
        // appended on it are read alone next time), else by all the tips.
        let key = match union[..] {
            _ if !walked.settled => None,
            [tip] => Some(tip),
            _ => union_key(&tips),
        };
        let mut all = warnings;
        all.extend(walked.warnings);
        let log = ReviewLog {
            records: walked.records,
            unreadable: walked.unreadable,
            warnings: all,
            path: ReadPath::Full,
        };
        Ok((log, key))
    }

    /// Reads every record without the index (what `git log` would show).
    pub fn read_records_uncached(&self) -> Result<Vec<ReviewRecord>> {
        Ok(self.review_log_uncached()?.records)
    }

    /// `review_log` without the index: everything read from git.
    pub fn review_log_uncached(&self) -> Result<ReviewLog> {
        let local = self.local_tip()?.map(|(_, tip)| tip);
        let (tips, mut warnings) = self.review_tips_with(local)?;
        let union = self.union_tips(tips)?;
        let walked = self.walk_records(&union)?;
        warnings.extend(walked.warnings);
        Ok(ReviewLog {
            records: walked.records,
            unreadable: walked.unreadable,
            warnings,
            path: if union.is_empty() {
                ReadPath::Empty
            } else {
                ReadPath::Full
            },
        })
    }
}

/// The index's key for a union of several tips none of which holds the
/// others: an id that is no commit (the hash of the tips' list), so it
/// matches only the same tips in the same order.
fn union_key(tips: &[Oid]) -> Option<Oid> {
    let list: String = tips.iter().map(|t| format!("{t}\n")).collect();
    let text = format!("duyet reviews union\n{list}");
    Oid::hash_object(ObjectType::Blob, text.as_bytes()).ok()
}

/// The first 7 hex digits, as git shows a commit.
fn short(id: Oid) -> String {
    hex(id)[..7].to_owned()
}

/// Lowercase hex, as `Oid`'s `Display` writes it.
fn hex(id: Oid) -> String {
    hex_bytes(id.as_bytes())
}
