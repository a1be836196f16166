//! The records index used as a cache: loading it, checking what it says
//! against git before it is believed (`index_holds_up`), reading only the
//! records added since, and writing it back (whole, or one chunk appended).
//! The file's format is `index.rs`.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use git2::{ObjectType, Oid, Repository};

use super::reader::{CommitReader, Entry, Node, Object};
use super::{ReadPath, ReviewLog, hex, index, union_key};
use crate::core::review::{Action, ReviewRecord, UnreadableRecord};
use crate::store::files::{self, Access};
use crate::store::{Result, Store, commit};

/// The index file in `.git/duyet/`; a cache, safe to delete at any time. (Its
/// name is from when it was JSON; it is UTF-8 text still, see `index`.)
const INDEX_FILE: &str = "reviews-index";

/// An index file larger than this is not read (some 3 million records): a
/// broken or hostile file must not take the memory.
const MAX_INDEX_BYTES: u64 = 1 << 30;

impl Store {
    /// The log from the index, if it holds up against git and provably
    /// holds the union of `tips` (with the new commits read on top);
    /// `None` otherwise.
    pub(super) fn read_from_index(
        &self,
        index: index::Loaded,
        tips: &[Oid],
        local: Option<Oid>,
    ) -> Result<Option<ReviewLog>> {
        let reader = CommitReader::new(&self.repo)?;
        let union = (tips.len() > 1).then(|| union_key(tips)).flatten();
        if !self.index_holds_up(&index, &reader, union) {
            return Ok(None);
        }
        let cached = |index: index::Loaded| ReviewLog {
            records: index.records,
            unreadable: index.unreadable,
            warnings: Vec::new(),
            path: ReadPath::Cached,
        };
        // Diverged tips, unchanged since the index was written.
        if union.is_some() && union == Some(index.tip) {
            return Ok(Some(cached(index)));
        }
        // Otherwise the index holds the history of one tip, T (its records
        // are what `walk_records` gives for T alone). It is used only when
        // every tip is T or in T's history — then the union is T's history
        // — except at most one, the local tip (or without a local ref, a
        // remote's), which is a plain chain of one-parent commits on top of
        // T — then the union is that tip's history, T's followed by the
        // chain's. So it is provably equal to a full read.
        let in_index = |tip: Oid| {
            let id = hex(tip);
            index
                .records
                .iter()
                .rev()
                .find(|r| r.id == id)
                .is_some_and(|r| reads_as(&reader, r))
        };
        let mut ahead = None;
        for &tip in tips {
            if tip == index.tip {
                continue;
            }
            // A record of the index is in T's history. (Not looked for when
            // the local ref is all there is: then it has moved on, as usual,
            // or been rewound and is read in full.)
            if tips.len() > 1 && in_index(tip) {
                continue;
            }
            // The local tip (listed first) is the one records are appended to.
            if ahead.is_none() && (local.is_none() || local == Some(tip)) {
                ahead = Some(tip);
                continue;
            }
            // A commit in T's history that is no record (a merge).
            if !self.descends(index.tip, tip)? {
                return Ok(None);
            }
        }
        let Some(tip) = ahead else {
            return Ok(tips.contains(&index.tip).then(|| cached(index)));
        };
        // The index is used only when the new commits are a plain chain
        // on top of its tip: then the full order (`walk_records`) is
        // provably the index's records followed by the chain's. Anything
        // else (a merge of two clones' records, a rewound or rewritten
        // ref, a commit on the way that is not settled) is read in full.
        let Some(chain) = self.chain_since(tip, index.tip)? else {
            return Ok(None);
        };
        let mut records = Vec::new();
        let mut unreadable = Vec::new();
        for entry in chain.into_iter().rev() {
            match entry {
                Entry::Record(r) => records.push(r),
                Entry::Unreadable(u) => unreadable.push(u),
                Entry::Nothing => {}
            }
        }
        let count = records.len();
        // Only the new records are written, after the others, if the file
        // can be added to; else it is written whole.
        let appended = index.appendable && self.append_index(index.tip, tip, &records, &unreadable);
        let mut all = index.records;
        all.extend(records);
        let mut all_unreadable = index.unreadable;
        all_unreadable.extend(unreadable);
        if !appended {
            self.save_index(tip, &all, &all_unreadable);
        }
        Ok(Some(ReviewLog {
            records: all,
            unreadable: all_unreadable,
            warnings: Vec::new(),
            path: ReadPath::Updated(count),
        }))
    }

    /// Where the records index lives (a cache: deleting it only costs time).
    pub fn records_index_path(&self) -> PathBuf {
        self.local_file(INDEX_FILE)
    }

    pub(super) fn load_index(&self) -> Option<index::Loaded> {
        let path = self.records_index_path();
        if std::fs::metadata(&path).ok()?.len() > MAX_INDEX_BYTES {
            files::debug("the records index is too large to be read; reading the records from git");
            return None;
        }
        let bytes = files::read_regular(&path, MAX_INDEX_BYTES)?;
        let loaded = index::decode(&bytes);
        if loaded.is_none() {
            files::debug(
                "the records index does not decode (damaged, cut, or of another version); reading the records from git",
            );
        }
        loaded
    }

    pub(super) fn save_index(
        &self,
        tip: Oid,
        records: &[ReviewRecord],
        unreadable: &[UnreadableRecord],
    ) {
        save_index(&self.records_index_path(), tip, records, unreadable);
    }

    /// Adds what was read since `base` at the end of the index, in one
    /// write; false if it could not (the file is another user's, or gone).
    /// If another process appended or rewrote it meanwhile, the chunk does
    /// not follow on from the index's tip and readers skip it.
    fn append_index(
        &self,
        base: Oid,
        tip: Oid,
        records: &[ReviewRecord],
        unreadable: &[UnreadableRecord],
    ) -> bool {
        let mut chunk = Vec::new();
        index::encode_chunk(&mut chunk, Some(base), tip, records, unreadable);
        std::fs::OpenOptions::new()
            .append(true)
            .open(self.records_index_path())
            .and_then(|mut file| file.write_all(&chunk))
            .is_ok()
    }
}

/// Writes the whole index at `path` anew (`files::write_atomically`, so
/// a reader never sees half of it). Best effort: a failure to write the
/// cache (a repository read-only for this user) only costs time next start.
pub(super) fn save_index(
    path: &std::path::Path,
    tip: Oid,
    records: &[ReviewRecord],
    unreadable: &[UnreadableRecord],
) {
    let saved = files::write_atomically_with(path, Access::Umask, |w| {
        w.write_all(index::MAGIC)?;
        index::write_chunk(w, None, tip, records, unreadable)
    });
    if let Err(e) = saved {
        files::debug(&format!("the records index was not saved: {e}"));
    }
}

/// Deciding records checked against git from this many on are checked on
/// several threads.
const CHECK_PARALLEL_FROM: usize = 256;

/// At most this many threads check them.
const CHECK_THREADS: usize = 4;

/// A `Store` remembers at most this many checked records.
const CHECKED_LIMIT: usize = 100_000;

impl Store {
    /// Whether what the index says holds up against git. The index is a
    /// cache, and a file anyone who can write `.git` can write: its SHA-256
    /// hashes tell a damaged, cut or swapped file from a good one, but they
    /// are no secret. So before it is believed, git is asked about what
    /// decides a section's state — which is what a forged file would be
    /// made for: every tip a chunk was read up to is a commit here (or the
    /// key of the diverged tips there are now, `union`), and every record
    /// that decides (`deciding`: each person's last approval or change
    /// request on each section, and every withdrawal) is a commit that
    /// reads as exactly that record. These are a small share of the records
    /// (some 2 000 of 50 000 in the benchmark), read on several threads: a
    /// few tens of milliseconds where reading every commit takes seconds.
    /// What this does not show — a record left out of a rewritten file, or
    /// a forged record commit written to the object database but never put
    /// on the ref — needs write access to `.git`, which can as well rewrite
    /// the ref itself (see `docs/reviews.md`).
    ///
    /// A commit's content never changes, so a record this `Store` has once
    /// checked is not read again (the screen's worker reads the state again
    /// whenever the repository moves).
    fn index_holds_up(
        &self,
        index: &index::Loaded,
        reader: &CommitReader<'_>,
        union: Option<Oid>,
    ) -> bool {
        for &tip in &index.tips {
            // (The key of diverged tips is the hash of the tips now: no commit.)
            if Some(tip) != union
                && !matches!(reader.odb.read_header(tip), Ok((_, ObjectType::Commit)))
            {
                files::debug(&format!(
                    "the records index was read up to {tip}, which is no commit here; reading the records from git"
                ));
                return false;
            }
        }
        if let Some(wrong) = self.first_not_checked(&deciding(&index.records), reader) {
            files::debug(&format!(
                "the records index does not match git at record {wrong}; reading the records from git"
            ));
            return false;
        }
        true
    }

    /// The id of the first of `records` whose commit does not read as it,
    /// if any; those that do are remembered (`Store::checked`) and not read
    /// again by this `Store`.
    pub(super) fn first_not_checked(
        &self,
        records: &[&ReviewRecord],
        reader: &CommitReader<'_>,
    ) -> Option<String> {
        let todo: Vec<&ReviewRecord> = {
            let checked = self.checked.borrow();
            records
                .iter()
                .copied()
                .filter(|r| checked.get(&r.id) != Some(*r))
                .collect()
        };
        if let Some(wrong) = self.first_not_reading_as(&todo, reader) {
            return Some(wrong);
        }
        let mut checked = self.checked.borrow_mut();
        if checked.len() + todo.len() > CHECKED_LIMIT {
            checked.clear();
        }
        for r in todo {
            checked.insert(r.id.clone(), r.clone());
        }
        None
    }

    /// The id of the first of `records` whose commit does not read as it
    /// (`reads_as`), if any: on several threads when they are many, each
    /// with its own handle on the repository.
    fn first_not_reading_as(
        &self,
        records: &[&ReviewRecord],
        reader: &CommitReader<'_>,
    ) -> Option<String> {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(CHECK_THREADS);
        if records.len() < CHECK_PARALLEL_FROM || threads < 2 {
            return records
                .iter()
                .find(|r| !reads_as(reader, r))
                .map(|r| r.id.clone());
        }
        let failed = AtomicBool::new(false);
        let per = records.len().div_ceil(threads);
        let mut runs = records.chunks(per);
        let first = runs.next().unwrap_or_default();
        let check = |run: &[&ReviewRecord], reader: &CommitReader<'_>| {
            for r in run {
                if failed.load(Ordering::Relaxed) {
                    return None;
                }
                if !reads_as(reader, r) {
                    failed.store(true, Ordering::Relaxed);
                    return Some(r.id.clone());
                }
            }
            None
        };
        let path = self.repo.path();
        std::thread::scope(|scope| {
            let others: Vec<_> = runs
                .map(|run| {
                    let check = &check;
                    scope.spawn(move || {
                        let repo = Repository::open(path).ok();
                        match repo.as_ref().map(CommitReader::new) {
                            Some(Ok(reader)) => check(run, &reader),
                            _ => run.first().map(|r| r.id.clone()),
                        }
                    })
                })
                .collect();
            let mut wrong = check(first, reader);
            for handle in others {
                let theirs = handle.join().unwrap_or_else(|_| Some(String::new()));
                wrong = wrong.or(theirs);
            }
            wrong
        })
    }
}

/// Whether the commit `r.id` reads as exactly the record `r`.
fn reads_as(reader: &CommitReader<'_>, r: &ReviewRecord) -> bool {
    let Some(id) = commit::oid(r.id.as_bytes()) else {
        return false;
    };
    matches!(reader.read(id), Object::Commit(Node { entry: Entry::Record(git), .. }) if git == *r)
}

/// The records a section's state rests on (`standing_decisions`): each
/// person's last approval or change request on each section (people told
/// apart by e-mail, ignoring case, as there), and every withdrawal.
fn deciding(records: &[ReviewRecord]) -> Vec<&ReviewRecord> {
    let mut last: HashMap<(&str, &str, String), usize> = HashMap::new();
    let mut out = Vec::new();
    for (i, r) in records.iter().enumerate() {
        match r.action {
            Action::Approve | Action::RequestChanges => {
                let who = r.author_email.to_ascii_lowercase();
                last.insert((r.draft.as_str(), r.section.as_str(), who), i);
            }
            Action::Withdraw => out.push(i),
            _ => {}
        }
    }
    out.extend(last.into_values());
    out.sort_unstable();
    out.into_iter().map(|i| &records[i]).collect()
}
