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

mod index;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use git2::{ErrorCode, ObjectType, Odb, Oid, Repository};

use super::files::{self, Access};
use super::{Result, Store, StoreError, Swap, commit, signature};
use crate::core::review::{
    Action, REVIEWS_REF, ReadWarning, ReviewRecord, UnreadableRecord, named_draft,
};
use crate::core::{Identity, Moment};

/// How many times a record is re-parented onto a moved tip before giving up.
const MAX_ATTEMPTS: u32 = 1000;

/// The index file inside `.git`; a cache, safe to delete at any time. (Its
/// name is from when it was JSON; it is UTF-8 text still, see `index`.)
const INDEX_FILE: &str = "duyet/reviews-index";

/// An index file larger than this is not read (some 3 million records): a
/// broken or hostile file must not take the memory.
const MAX_INDEX_BYTES: u64 = 1 << 30;

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

/// Every remote's fetched records (matched with `*` across `/`, so remote
/// names with a slash are found too).
const REMOTE_REVIEWS_GLOB: &str = "refs/remotes/*/duyet/reviews";

impl Store {
    /// What the local records ref names, if a record was ever written here.
    pub fn reviews_tip(&self) -> Result<Option<Oid>> {
        self.tip(REVIEWS_REF)
    }

    /// The local records ref: what it names and the commit that leads to
    /// (through tags); an error naming the ref and what to do when it leads
    /// to no commit — no record could be read or written on it.
    fn local_tip(&self) -> Result<Option<(Oid, Oid)>> {
        let Some(named) = self.reviews_tip()? else {
            return Ok(None);
        };
        match commit::peel_to_commit(&self.repo.odb()?, named) {
            Ok(tip) => Ok(Some((named, tip))),
            Err(what) => Err(StoreError::RecordsRef {
                refname: REVIEWS_REF.to_owned(),
                what,
            }),
        }
    }

    /// The tips whose records are read: the local ref's, then the
    /// remote-tracking ones by ref name; a tip already listed is left out.
    pub(super) fn review_tips(&self) -> Result<Vec<Oid>> {
        let local = self.local_tip()?.map(|(_, tip)| tip);
        Ok(self.review_tips_with(local)?.0)
    }

    /// `review_tips` with the local tip as already read, and what was wrong
    /// with the fetched refs left out (one that names no commit).
    fn review_tips_with(&self, local: Option<Oid>) -> Result<(Vec<Oid>, Vec<ReadWarning>)> {
        let odb = self.repo.odb()?;
        let mut remote = Vec::new();
        let mut warnings = Vec::new();
        for r in self.repo.references_glob(REMOTE_REVIEWS_GLOB)? {
            let r = r?;
            let Ok(name) = r.name().map(str::to_owned) else {
                continue;
            };
            let target = r.resolve().ok().and_then(|r| r.target());
            match target.map(|t| commit::peel_to_commit(&odb, t)) {
                Some(Ok(tip)) => remote.push((name, tip)),
                Some(Err(what)) => warnings.push(ReadWarning::RemoteRef {
                    refname: name,
                    problem: format!("points to {what}, not to a record"),
                }),
                None => warnings.push(ReadWarning::RemoteRef {
                    refname: name,
                    problem: "names no object".to_owned(),
                }),
            }
        }
        remote.sort();
        let mut tips: Vec<Oid> = Vec::new();
        for id in local
            .into_iter()
            .chain(remote.into_iter().map(|(_, id)| id))
        {
            if !tips.contains(&id) {
                tips.push(id);
            }
        }
        Ok((tips, warnings))
    }

    /// The tips without those already in another one's history, in the
    /// same order: the parents of the merge whose history is the union.
    fn union_tips(&self, tips: Vec<Oid>) -> Result<Vec<Oid>> {
        if tips.len() < 2 {
            return Ok(tips);
        }
        let mut kept = Vec::new();
        for &tip in &tips {
            let mut contained = false;
            for &other in &tips {
                if other != tip && self.descends(other, tip)? {
                    contained = true;
                    break;
                }
            }
            if !contained {
                kept.push(tip);
            }
        }
        Ok(kept)
    }

    /// Whether `ancestor` is in `tip`'s history (and not `tip` itself):
    /// libgit2's answer, or — when a commit on the way is one libgit2
    /// cannot parse, and it gives up — a walk of our own.
    fn descends(&self, tip: Oid, ancestor: Oid) -> Result<bool> {
        if let Ok(answer) = self.repo.graph_descendant_of(tip, ancestor) {
            return Ok(answer);
        }
        if tip == ancestor {
            return Ok(false);
        }
        let reader = CommitReader::new(&self.repo)?;
        let shallow = self.shallow_commits();
        let mut seen = OidSet::default();
        let mut todo = vec![tip];
        while let Some(id) = todo.pop() {
            if id == ancestor {
                return Ok(true);
            }
            if !seen.insert(id) || shallow.contains(&id) {
                continue;
            }
            if let Object::Commit(node) = reader.read(id) {
                todo.extend(node.first_parent);
                todo.extend(node.other_parents);
            }
        }
        Ok(false)
    }

    /// The commits `.git/shallow` lists: a shallow clone's boundary, whose
    /// parents git takes as absent.
    pub(super) fn shallow_commits(&self) -> OidSet {
        std::fs::read(self.repo.commondir().join("shallow"))
            .map(|bytes| {
                bytes
                    .split(|&b| b == b'\n')
                    .filter_map(commit::oid)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Appends one record (a commit with an empty tree whose message is
    /// `message`) to the records ref. The commit is built on the tip as read;
    /// the ref moves only if it is still there (compare-and-swap). If another
    /// writer moved it first, the commit is rebuilt on the new tip and the
    /// swap tried again, so no record is lost or written twice.
    ///
    /// Its parents are the tips of the union as read (`union_tips`): the
    /// local tip, or the remote's when there is no local ref yet, and any
    /// fetched records not in its history — then the record unites them, and
    /// comes after every record read, as it does on a plain local ref. The
    /// commit is written by duyet (`commit::encode`) from the parents' ids,
    /// so a tip libgit2 cannot parse (a malformed author) is built on too.
    pub fn append_record(
        &self,
        message: &str,
        who: &Identity,
        when: Option<Moment>,
    ) -> Result<Oid> {
        let sig = signature(who, when)?;
        let tree = self.as_writer(|| Ok(self.repo.treebuilder(None)?.write()?))?;
        for attempt in 0..MAX_ATTEMPTS {
            let local = self.local_tip()?;
            let (tips, _) = self.review_tips_with(local.map(|(_, tip)| tip))?;
            let parents = self.union_tips(tips)?;
            let id = self.as_writer(|| self.write_commit(tree, &parents, &sig, message))?;
            let expected = local.map(|(named, _)| named);
            match self.swap_ref(REVIEWS_REF, expected, id, "duyet: review record")? {
                Swap::Done => return Ok(id),
                Swap::Moved => {
                    // Someone else wrote first; back off a little (spread by
                    // process id so writers do not retry in lockstep).
                    let spread = u64::from(std::process::id() % 7) + u64::from(attempt % 5);
                    std::thread::sleep(std::time::Duration::from_micros(200 * (1 + spread)));
                }
            }
        }
        Err(StoreError::Moved {
            refname: REVIEWS_REF.to_owned(),
        })
    }

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
        let local = self.local_tip()?.map(|(_, tip)| tip);
        let (tips, warnings) = self.review_tips_with(local)?;
        if tips.is_empty() {
            return Ok(ReviewLog {
                records: Vec::new(),
                unreadable: Vec::new(),
                warnings,
                path: ReadPath::Empty,
            });
        }
        if let Some(index) = self.load_index() {
            if let Some(mut log) = self.read_from_index(index, &tips, local)? {
                log.warnings = warnings;
                return Ok(log);
            }
        }
        let union = self.union_tips(tips.clone())?;
        let walked = self.walk_records(&union)?;
        if walked.settled {
            // Keyed by the one tip whose history is the union (so that
            // records appended on it are read alone next time), else by
            // all the tips.
            let key = match union[..] {
                [tip] => Some(tip),
                _ => union_key(&tips),
            };
            if let Some(key) = key {
                self.save_index(key, &walked.records, &walked.unreadable);
            }
        }
        let mut all = warnings;
        all.extend(walked.warnings);
        Ok(ReviewLog {
            records: walked.records,
            unreadable: walked.unreadable,
            warnings: all,
            path: ReadPath::Full,
        })
    }

    /// The log from the index, if it holds up against git and provably
    /// holds the union of `tips` (with the new commits read on top);
    /// `None` otherwise.
    fn read_from_index(
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

    /// Every record reachable from `tips`, oldest first, in one canonical
    /// order that depends only on the graph: a commit comes after its
    /// parents; the history of a merge's first parent comes first, then what
    /// its second parent adds, and so on. So a record appended on top of a
    /// tip always comes after everything that tip already had. Several tips
    /// are read as the parents of one merge, in their order.
    fn walk_records(&self, tips: &[Oid]) -> Result<Walked> {
        let reader = CommitReader::new(&self.repo)?;
        let shallow = self.shallow_commits();
        let parallel = std::thread::available_parallelism().map_or(1, |n| n.get()) > 1;
        let ahead = Mutex::new(Ahead::default());
        let stop = AtomicBool::new(false);
        std::thread::scope(|scope| {
            // However the walk ends, the helper stops (the scope waits for it).
            let _stop = StopOnDrop(&stop);
            let mut helper = false;
            let mut walked = 0usize;
            let mut read = |id: Oid, seen: &OidSet| -> Object {
                if helper {
                    if let Some(node) = Ahead::take(&ahead, id) {
                        return Object::Commit(node);
                    }
                }
                walked += 1;
                if walked == READ_AHEAD_FROM && parallel {
                    if let Ok(mut a) = ahead.lock() {
                        a.walk = seen.clone();
                    }
                    let (path, ahead, stop) = (self.repo.path(), &ahead, &stop);
                    scope.spawn(move || read_ahead(path, ahead, stop));
                    helper = true;
                }
                reader.read(id)
            };
            let mut out = Walked {
                settled: true,
                ..Walked::default()
            };
            let mut seen = OidSet::default();
            // (commit, how many of its parents are done): an explicit stack,
            // since a chain of records is as deep as it is long. Each commit
            // is read once, when it is first met; its record is given out
            // when all its parents' are. The walk starts from a merge of
            // the tips that is no commit and no record.
            let union = Node {
                id: Oid::ZERO_SHA1,
                first_parent: tips.first().copied(),
                other_parents: tips.get(1..).unwrap_or_default().to_vec(),
                entry: Entry::Nothing,
                parents_complete: true,
                settled: true,
            };
            let mut stack: Vec<(Node, usize)> = vec![(union, 0)];
            while let Some((node, done)) = stack.last_mut() {
                if let Some(parent) = node.parent(*done) {
                    *done += 1;
                    let child = node.id;
                    if seen.insert(parent) {
                        if let Some(node) = out.meet(parent, read(parent, &seen), child, &shallow) {
                            stack.push((node, 0));
                        }
                    }
                } else if let Some((node, _)) = stack.pop() {
                    out.give(node.entry);
                }
            }
            Ok(out)
        })
    }

    /// What the commits from `tip` back to (not including) `old` hold,
    /// newest first, if they form a chain of one-parent commits ending on
    /// `old`, every one of them settled; `None` otherwise.
    fn chain_since(&self, tip: Oid, old: Oid) -> Result<Option<Vec<Entry>>> {
        let reader = CommitReader::new(&self.repo)?;
        let shallow = self.shallow_commits();
        let mut chain = Vec::new();
        let mut at = tip;
        while at != old {
            let Object::Commit(node) = reader.read(at) else {
                return Ok(None);
            };
            if !node.settled || !node.parents_complete || shallow.contains(&at) {
                return Ok(None);
            }
            let (Some(parent), None) = (node.parent(0), node.parent(1)) else {
                return Ok(None);
            };
            chain.push(node.entry);
            at = parent;
        }
        Ok(Some(chain))
    }

    /// Where the records index lives (a cache: deleting it only costs time).
    pub fn records_index_path(&self) -> PathBuf {
        self.repo.path().join(INDEX_FILE)
    }

    fn load_index(&self) -> Option<index::Loaded> {
        let path = self.records_index_path();
        if std::fs::metadata(&path).ok()?.len() > MAX_INDEX_BYTES {
            files::debug("the records index is too large to be read; reading the records from git");
            return None;
        }
        let bytes = std::fs::read(path).ok()?;
        let loaded = index::decode(&bytes);
        if loaded.is_none() {
            files::debug(
                "the records index does not decode (damaged, cut, or of another version); reading the records from git",
            );
        }
        loaded
    }

    /// Writes the whole index anew (`files::write_atomically`, so a reader
    /// never sees half of it). Best effort: a failure to write the cache
    /// (a repository read-only for this user) only costs time next start.
    fn save_index(&self, tip: Oid, records: &[ReviewRecord], unreadable: &[UnreadableRecord]) {
        let mut bytes = index::MAGIC.to_vec();
        index::encode_chunk(&mut bytes, None, tip, records, unreadable);
        let saved = files::write_atomically(&self.records_index_path(), &bytes, Access::Umask);
        if let Err(e) = saved {
            files::debug(&format!("the records index was not saved: {e}"));
        }
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
        let todo: Vec<&ReviewRecord> = {
            let checked = self.checked.borrow();
            deciding(&index.records)
                .into_iter()
                .filter(|r| checked.get(&r.id) != Some(*r))
                .collect()
        };
        if let Some(wrong) = self.first_not_reading_as(&todo, reader) {
            files::debug(&format!(
                "the records index does not match git at record {wrong}; reading the records from git"
            ));
            return false;
        }
        let mut checked = self.checked.borrow_mut();
        if checked.len() + todo.len() > CHECKED_LIMIT {
            checked.clear();
        }
        for r in todo {
            checked.insert(r.id.clone(), r.clone());
        }
        true
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

/// What a walk read.
#[derive(Default)]
struct Walked {
    records: Vec<ReviewRecord>,
    unreadable: Vec<UnreadableRecord>,
    warnings: Vec<ReadWarning>,
    /// Nothing it read depends on objects that may come later (a shallow
    /// history, a missing parent or tree): the index may keep it.
    settled: bool,
}

impl Walked {
    /// What to do with `parent` of `child` as read: a commit to walk into,
    /// or a leaf — an object that is no commit, or none at all — noted here.
    fn meet(&mut self, parent: Oid, object: Object, child: Oid, shallow: &OidSet) -> Option<Node> {
        let of = |what: &str| {
            if child.is_zero() {
                format!("{} {what}", short(parent))
            } else {
                format!("{} (a parent of {}) {what}", short(parent), short(child))
            }
        };
        match object {
            Object::Commit(mut node) => {
                if shallow.contains(&parent) && node.parent(0).is_some() {
                    // A shallow clone's boundary: git takes it for a root.
                    self.warnings.push(ReadWarning::Shallow {
                        commit: hex(parent),
                    });
                    node.first_parent = None;
                    node.other_parents.clear();
                    self.settled = false;
                }
                if !node.parents_complete {
                    self.warnings.push(ReadWarning::Incomplete {
                        commit: hex(parent),
                        why: format!(
                            "a parent line of {} is malformed, so that parent is not followed",
                            short(parent)
                        ),
                    });
                    self.settled = false;
                }
                self.settled &= node.settled;
                Some(node)
            }
            Object::Missing => {
                self.warnings.push(ReadWarning::Incomplete {
                    commit: hex(child),
                    why: of("is not in the repository"),
                });
                self.settled = false;
                None
            }
            Object::Other(kind) => {
                self.unreadable.push(UnreadableRecord {
                    id: hex(parent),
                    reason: format!(
                        "it is {}, not a commit, though {} names it as a parent",
                        commit::article(kind),
                        short(child)
                    ),
                    draft: None,
                });
                None
            }
            Object::Broken(why) => {
                self.unreadable.push(UnreadableRecord {
                    id: hex(parent),
                    reason: format!("it cannot be read: {why}"),
                    draft: None,
                });
                self.warnings.push(ReadWarning::Incomplete {
                    commit: hex(child),
                    why: of("cannot be read"),
                });
                self.settled = false;
                None
            }
        }
    }

    fn give(&mut self, entry: Entry) {
        match entry {
            Entry::Record(r) => self.records.push(r),
            Entry::Unreadable(u) => self.unreadable.push(u),
            Entry::Nothing => {}
        }
    }
}

/// What a commit on the records ref holds. (Nearly every one is a record:
/// boxing it would only add an allocation per record.)
#[allow(clippy::large_enum_variant)]
enum Entry {
    Record(ReviewRecord),
    Unreadable(UnreadableRecord),
    /// A commit that is no record (a merge uniting two clones' records).
    Nothing,
}

/// A commit as the walk needs it: its parents and what it holds.
struct Node {
    id: Oid,
    first_parent: Option<Oid>,
    other_parents: Vec<Oid>,
    entry: Entry,
    /// Every parent line could be read.
    parents_complete: bool,
    /// What it holds depends on its own bytes alone (not on a tree that is
    /// missing now and may be fetched later).
    settled: bool,
}

impl Node {
    fn parent(&self, i: usize) -> Option<Oid> {
        match i {
            0 => self.first_parent,
            _ => self.other_parents.get(i - 1).copied(),
        }
    }
}

/// An object the history names, as read (nearly always a commit).
#[allow(clippy::large_enum_variant)]
enum Object {
    Commit(Node),
    /// Not in the object database.
    Missing,
    /// A blob, tree or tag where a commit should be.
    Other(ObjectType),
    /// In the database but unreadable (a damaged file).
    Broken(String),
}

pub(super) type OidSet = HashSet<Oid, BuildHasherDefault<OidHasher>>;

/// Reads record commits straight from the object database and parses them
/// here (`commit::parse`): one read per commit, where `find_commit` and the
/// revwalk would read and parse each one twice — and fail on a commit
/// libgit2 cannot parse, where this reads it as an unreadable record.
struct CommitReader<'r> {
    odb: Odb<'r>,
    /// Trees known to be in the database (records all have the same one).
    trees: RefCell<OidSet>,
}

impl<'r> CommitReader<'r> {
    fn new(repo: &'r Repository) -> Result<CommitReader<'r>> {
        Ok(CommitReader {
            odb: repo.odb()?,
            trees: RefCell::default(),
        })
    }

    fn read(&self, id: Oid) -> Object {
        match self.odb.read(id) {
            Ok(object) if object.kind() == ObjectType::Commit => {
                Object::Commit(self.node(id, object.data()))
            }
            Ok(object) => Object::Other(object.kind()),
            Err(e) if e.code() == ErrorCode::NotFound => Object::Missing,
            Err(e) => Object::Broken(e.message().to_owned()),
        }
    }

    fn node(&self, id: Oid, data: &[u8]) -> Node {
        let header = commit::parse(data);
        let message = String::from_utf8_lossy(header.message());
        let mut settled = true;
        let mut problem = header.problem;
        if problem.is_none() {
            if let Some(tree) = header.tree {
                if !self.tree_exists(tree) {
                    problem = Some(format!("its tree {} is not in the repository", short(tree)));
                    settled = false;
                }
            }
        }
        let unreadable = |reason: String| {
            Entry::Unreadable(UnreadableRecord {
                id: hex(id),
                reason,
                draft: named_draft(&message),
            })
        };
        let entry = match (problem, header.author.map(commit::ident)) {
            (None, Some(Ok(author))) => match ReviewRecord::read(
                hex(id),
                String::from_utf8_lossy(author.name).into_owned(),
                String::from_utf8_lossy(author.email).into_owned(),
                author.time,
                &message,
            ) {
                Ok(Some(record)) => Entry::Record(record),
                Ok(None) => Entry::Nothing,
                Err(why) => unreadable(why),
            },
            (Some(why), _) => unreadable(why),
            (None, _) => unreadable("it has no readable author".to_owned()),
        };
        let mut parents = header.parents.into_iter();
        Node {
            id,
            first_parent: parents.next(),
            other_parents: parents.collect(),
            entry,
            parents_complete: header.parents_complete,
            settled,
        }
    }

    fn tree_exists(&self, tree: Oid) -> bool {
        if self.trees.borrow().contains(&tree) {
            return true;
        }
        let exists = matches!(self.odb.read_header(tree), Ok((_, ObjectType::Tree)));
        if exists {
            self.trees.borrow_mut().insert(tree);
        }
        exists
    }
}
/// Reading ahead on another thread. A long chain of records is read one
/// commit after the other (each names the next), and inflating the objects
/// is most of the time, so one thread cannot go faster than `git log` does.
/// Once the walk has read `READ_AHEAD_FROM` commits itself, a second thread
/// lists the object database and reads the commits in it that the walk has
/// not met, in the database's order; the walk takes those it needs from it
/// instead of reading them. The thread stops when the walk ends, so the work
/// it may waste on commits the walk never needs is bounded by the walk's own
/// time. Both read a commit the same way, so the result, errors included, is
/// the same as the walk's alone.
const READ_AHEAD_FROM: usize = 1024;
/// Commits the read-ahead reads between two looks at what the walk took.
const READ_AHEAD_BATCH: usize = 64;

/// What the walk and the read-ahead thread share.
#[derive(Default)]
struct Ahead {
    /// Commits read ahead, not yet taken by the walk.
    nodes: std::collections::HashMap<Oid, Node, BuildHasherDefault<OidHasher>>,
    /// Commits the walk reads itself (the read-ahead skips them).
    walk: OidSet,
}

impl Ahead {
    /// The commit `id` if it was read ahead; else the walk reads it.
    fn take(ahead: &Mutex<Ahead>, id: Oid) -> Option<Node> {
        let mut ahead = ahead.lock().ok()?;
        let node = ahead.nodes.remove(&id);
        if node.is_none() {
            ahead.walk.insert(id);
        }
        node
    }
}

struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// The read-ahead thread: every commit of the object database the walk has
/// not taken, until told to stop (see `READ_AHEAD_FROM`).
fn read_ahead(path: &std::path::Path, ahead: &Mutex<Ahead>, stop: &AtomicBool) {
    let Ok(repo) = Repository::open(path) else {
        return;
    };
    let Ok(reader) = CommitReader::new(&repo) else {
        return;
    };
    let odb = &reader.odb;
    let mut ids = Vec::new();
    let _ = odb.foreach(|id| {
        ids.push(*id);
        !stop.load(Ordering::Relaxed)
    });
    // In batches, so that the walk seldom waits for the lock.
    for batch in ids.chunks(READ_AHEAD_BATCH) {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let todo: Vec<Oid> = match ahead.lock() {
            Ok(a) => batch
                .iter()
                .copied()
                .filter(|id| !a.walk.contains(id))
                .collect(),
            Err(_) => return,
        };
        let read: Vec<(Oid, Node)> = todo
            .into_iter()
            .filter(|id| {
                odb.read_header(*id)
                    .is_ok_and(|(_, kind)| kind == ObjectType::Commit)
            })
            .filter_map(|id| match reader.read(id) {
                Object::Commit(node) => Some((id, node)),
                _ => None,
            })
            .collect();
        let Ok(mut a) = ahead.lock() else {
            return;
        };
        for (id, node) in read {
            if !a.walk.contains(&id) {
                a.nodes.insert(id, node);
            }
        }
    }
}

/// Commit ids are uniformly distributed already: their first bytes are a
/// good enough hash for the walk's set of seen commits.
#[derive(Default)]
pub(super) struct OidHasher(u64);

impl Hasher for OidHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
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

fn hex_bytes(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::review::{Action, NewRecord};

    fn new_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = Store::init(dir.path()).expect("git init");
        (dir, store)
    }

    fn message(i: usize, reply_to: Option<String>) -> String {
        NewRecord {
            action: [Action::Comment, Action::Reply, Action::Approve][i % 3],
            draft: "drafts/a.yaml".to_owned(),
            section: format!("muc-{}", i % 7),
            revision: "ab".repeat(20),
            section_hash: "cd".repeat(32),
            reply_to,
            quote: (i % 5 == 0).then(|| "ngân sách".to_owned()),
            text: format!("Đề nghị bổ sung số liệu {i}.\n\nĐoạn hai: có dấu hai chấm."),
        }
        .message(&format!("Góp ý mục {i}"))
    }

    /// A commit read by libgit2 as the walk read it before it parsed
    /// commits itself: its parents, and its record if it is one.
    fn with_libgit2(store: &Store, id: Oid) -> Result<(Vec<Oid>, Option<ReviewRecord>)> {
        let commit = store.repo.find_commit(id)?;
        let author = commit.author();
        let when = author.when();
        let record = ReviewRecord::read(
            hex(commit.id()),
            String::from_utf8_lossy(author.name_bytes()).into_owned(),
            String::from_utf8_lossy(author.email_bytes()).into_owned(),
            Moment {
                seconds: when.seconds(),
                offset_minutes: when.offset_minutes(),
            },
            &String::from_utf8_lossy(commit.message_bytes()),
        )
        .ok()
        .flatten();
        Ok((commit.parent_ids().collect(), record))
    }

    /// The walk as it was written before it read commits itself: libgit2
    /// parses each commit.
    fn walk_with_libgit2(store: &Store, tip: Oid) -> Vec<ReviewRecord> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        seen.insert(tip);
        let mut stack = vec![(with_libgit2(store, tip).unwrap(), 0)];
        while let Some(((parents, _), done)) = stack.last_mut() {
            if let Some(&parent) = parents.get(*done) {
                *done += 1;
                if seen.insert(parent) {
                    stack.push((with_libgit2(store, parent).unwrap(), 0));
                }
            } else if let Some(((_, record), _)) = stack.pop() {
                out.extend(record);
            }
        }
        out
    }

    /// Every commit libgit2 reads and `git fsck` accepts reads here as
    /// libgit2 reads it; any other is an unreadable record, with a reason
    /// (libgit2 fails on some of them, reads others against git's rules).
    #[test]
    fn the_commit_parser_agrees_with_libgit2() {
        let (_dir, store) = new_store();
        let odb = store.repo.odb().unwrap();
        let tree = store.repo.treebuilder(None).unwrap().write().unwrap();
        let msg = message(0, None);
        let (p1, p2) = ("1".repeat(40), "2".repeat(40));
        let sig = "Lê Thị Hoa <hoa.lt@tanyen.example> 1700000000 +0700";
        // (commit, what this reader makes of it: None if it reads as
        // libgit2 does, else a word of the reason it gives)
        let cases: Vec<(Vec<u8>, Option<&str>)> = vec![
            (format!("tree {tree}\nauthor {sig}\ncommitter {sig}\n\n{msg}").into(), None),
            (
                format!(
                    "tree {tree}\nparent {p1}\nparent {p2}\nauthor  \"Đỗ Minh Tuấn\",  <  tuan.dm@x ; > 1700000000 -0130\ncommitter A <a@b> 1 +1460\nencoding UTF-8\ngpgsig -----BEGIN-----\n abc\n -----END-----\n\n\n\n{msg}"
                )
                .into(),
                None,
            ),
            (
                format!("tree {tree}\nparent {p1}\nauthor A <c@d> 99 +1500\ncommitter A <a@b> 1 +0000\n\n{msg}\0after a NUL").into(),
                None,
            ),
            (
                format!("tree {}\nauthor A <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\n{msg}", tree.to_string().to_uppercase()).into(),
                None,
            ),
            (format!("tree {tree}\nauthor A <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n").into(), None),
            // Not UTF-8 (Latin-1) in the name and the message.
            (
                [
                    format!("tree {tree}\nauthor Ho").into_bytes(),
                    vec![0xe0],
                    b"ng <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\nx".to_vec(),
                    vec![0xff, b'\n'],
                    msg.clone().into_bytes(),
                ]
                .concat(),
                None,
            ),
            // libgit2 refuses these ("failed to parse signature"), and with
            // them any walk through them.
            (format!("tree {tree}\nauthor A <a@b> 1 +0000\ncommitter A <a@b> 1 +0000").into(), Some("newline")),
            (format!("tree {tree}\nauthor Lê\nThị <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("author")),
            (format!("tree {tree}\nauthor A <a\nb> 1 +0000\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("author")),
            (format!("tree {tree}\nauthor Nobody 1 +0000\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("author")),
            (format!("tree {tree}\nauthor A <a@b> 1 +0000\ncommitter broken\n\n{msg}").into(), Some("committer")),
            (format!("author A <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("tree")),
            (format!("tree xyz\nauthor A <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("tree")),
            (format!("tree {tree}\nparent 123\nauthor A <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("parent")),
            // libgit2 reads these; `git fsck` refuses them, and so does duyet.
            (format!("tree {tree}\nauthor A <a@b>\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("date")),
            (
                format!("tree {tree}\nauthor A <a@b> 1 +0000\nauthor B <b@c> 2 +0000\ncommitter A <a@b> 1 +0000\n\n{msg}").into(),
                Some("more than one"),
            ),
            (format!("tree {tree}\nauthor A <a@b> 1x +0000\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("date")),
            (format!("tree {tree}\nauthor A <b> <c@d> 99 +1500\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("date")),
            (format!("tree {tree}\nauthor A\0B <a@b> 5 +0000\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("NUL")),
            (format!("tree {tree}\nauthor A<a@b> 5 +0000\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("space")),
            (format!("tree {tree}\nauthor A <a@b> 05 +0000\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("zeros")),
            (format!("tree {tree}\nauthor A <a@b> 5 +00\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("zone")),
            // A tree that is not in the repository.
            (format!("tree {p1}\nauthor {sig}\ncommitter {sig}\n\n{msg}").into(), Some("tree 1111111")),
            // Trailers that do not make a record.
            (
                format!("tree {tree}\nauthor {sig}\ncommitter {sig}\n\n{}", msg.replace("Duyet-Action: comment", "Duyet-Action: phe-duyet")).into(),
                Some("unknown Duyet-Action"),
            ),
            (
                format!("tree {tree}\nauthor {sig}\ncommitter {sig}\n\n{}", msg.replace("Duyet-Section:", "Duyet-Sectoin:")).into(),
                Some("no Duyet-Section"),
            ),
            (
                format!("tree {tree}\nauthor {sig}\ncommitter {sig}\n\n{msg}garbage line\n").into(),
                Some("not `Key: value`"),
            ),
        ];
        let reader = CommitReader::new(&store.repo).unwrap();
        for (body, expected) in cases {
            let shown = String::from_utf8_lossy(&body).into_owned();
            let id = odb.write(ObjectType::Commit, &body).unwrap();
            let Object::Commit(node) = reader.read(id) else {
                panic!("{shown}: read as no commit");
            };
            match (expected, &node.entry) {
                (None, entry) => {
                    let (parents, record) = with_libgit2(&store, id)
                        .unwrap_or_else(|e| panic!("{shown}: libgit2 fails: {e}"));
                    let mine: Vec<Oid> = node
                        .first_parent
                        .into_iter()
                        .chain(node.other_parents.clone())
                        .collect();
                    assert_eq!(mine, parents, "{shown}");
                    let got = match entry {
                        Entry::Record(r) => Some(r.clone()),
                        Entry::Nothing => None,
                        Entry::Unreadable(u) => panic!("{shown}: unreadable: {}", u.reason),
                    };
                    assert_eq!(got, record, "{shown}");
                }
                (Some(word), Entry::Unreadable(u)) => {
                    assert!(u.reason.contains(word), "{shown}: {}", u.reason);
                    assert_eq!(u.id, id.to_string());
                    // Each names the draft of its trailers.
                    if shown.contains("Duyet-Draft") {
                        assert_eq!(u.draft.as_deref(), Some("drafts/a.yaml"), "{shown}");
                    }
                }
                (Some(_), _) => panic!("{shown}: read as a record"),
            }
        }
    }

    /// A long chain (long enough for the read-ahead thread) with a merge of
    /// another chain in the middle: the walk gives the records in the same
    /// order as libgit2 parsing each commit, and the index keeps them.
    #[test]
    fn a_long_walk_reads_what_libgit2_reads() {
        let (_dir, store) = new_store();
        let odb = store.repo.odb().unwrap();
        let tree = store.repo.treebuilder(None).unwrap().write().unwrap();
        let mut ids: Vec<Oid> = Vec::new();
        let commit = |parents: &[Oid], i: usize, ids: &[Oid]| -> Oid {
            let mut body = format!("tree {tree}\n");
            for p in parents {
                body.push_str(&format!("parent {p}\n"));
            }
            let reply_to = (i % 3 == 1 && ids.len() > 3).then(|| ids[ids.len() / 2].to_string());
            body.push_str(&format!(
                "author Người {i} <n{}@x> {} +0700\ncommitter A <a@b> 1 +0000\n\n{}",
                i % 9,
                1_700_000_000 + i,
                message(i, reply_to)
            ));
            odb.write(ObjectType::Commit, body.as_bytes()).unwrap()
        };
        let mut tip = commit(&[], 0, &ids);
        ids.push(tip);
        let mut side = tip;
        for i in 1..1600 {
            if i == 700 {
                // Another clone's records, merged in.
                for j in 0..300 {
                    side = commit(&[side], 10_000 + j, &ids);
                }
                tip = commit(&[tip, side], i, &ids);
            } else {
                tip = commit(&[tip], i, &ids);
            }
            ids.push(tip);
        }
        store
            .repo
            .reference(REVIEWS_REF, tip, true, "test")
            .unwrap();
        let expected = walk_with_libgit2(&store, tip);
        assert!(expected.len() > 1800);
        assert_eq!(store.read_records_uncached().unwrap(), expected);
        let (records, path) = store.read_records().unwrap();
        assert_eq!((records == expected, path), (true, ReadPath::Full));
        let (records, path) = store.read_records().unwrap();
        assert_eq!((records == expected, path), (true, ReadPath::Cached));
    }

    #[test]
    fn a_later_start_appends_only_the_new_records() {
        let (_dir, store) = new_store();
        let who = Identity {
            name: "Lê Thị Hoa".to_owned(),
            email: "hoa.lt@tanyen.example".to_owned(),
        };
        let mut append = |i: usize| {
            store.append_record(&message(i, None), &who, None).unwrap();
        };
        (0..3).for_each(&mut append);
        assert_eq!(store.read_records().unwrap().1, ReadPath::Full);
        let path = store.records_index_path();
        let first = std::fs::read(&path).unwrap();
        (3..5).for_each(&mut append);
        let (records, read) = store.read_records().unwrap();
        assert_eq!((records.len(), read), (5, ReadPath::Updated(2)));
        let second = std::fs::read(&path).unwrap();
        assert!(second.len() > first.len());
        assert_eq!(
            &second[..first.len()],
            &first[..],
            "the index grew at its end"
        );
        assert_eq!(store.read_records().unwrap().1, ReadPath::Cached);

        // Two processes appended the same new records at once: the second
        // chunk does not follow on from the first, and is skipped.
        append(5);
        store.read_records().unwrap();
        let third = std::fs::read(&path).unwrap();
        let mut twice = third.clone();
        twice.extend_from_slice(&third[second.len()..]);
        std::fs::write(&path, &twice).unwrap();
        let (records, read) = store.read_records().unwrap();
        assert_eq!(read, ReadPath::Cached);
        assert_eq!(records, store.read_records_uncached().unwrap());

        // A chunk cut short (a write interrupted): the records before it
        // still count, and the next start writes the index whole again.
        std::fs::write(&path, &third[..third.len() - 5]).unwrap();
        let (records, read) = store.read_records().unwrap();
        assert_eq!(read, ReadPath::Updated(1));
        assert_eq!(records, store.read_records_uncached().unwrap());
        let (records, read) = store.read_records().unwrap();
        assert_eq!(read, ReadPath::Cached);
        assert_eq!(records, store.read_records_uncached().unwrap());
    }

    fn sample(n: usize) -> Vec<ReviewRecord> {
        (0..n)
            .map(|i| ReviewRecord {
                id: if i % 97 == 5 {
                    format!("không phải mã {i}")
                } else {
                    format!("{i:040x}")
                },
                author_name: format!("Người {}", i % 13),
                author_email: format!("n{}@x", i % 13),
                time: Moment {
                    seconds: 1_700_000_000 - i as i64 * 1_000_000,
                    offset_minutes: [420, -90, 0][i % 3],
                },
                action: [
                    Action::Comment,
                    Action::Reply,
                    Action::Resolve,
                    Action::Approve,
                    Action::RequestChanges,
                ][i % 5],
                draft: "drafts/a.yaml".to_owned(),
                section: format!("muc-{}", i % 31),
                revision: if i % 2 == 0 {
                    String::new()
                } else {
                    "ab".repeat(20)
                },
                section_hash: format!("{:064x}", i % 17),
                reply_to: (i % 4 == 1).then(|| format!("{:040x}", i / 2)),
                quote: (i % 6 == 0).then(|| format!("cụm {i}: có\nhai dòng")),
                summary: format!("Góp ý {i}"),
                text: if i % 7 == 0 {
                    String::new()
                } else {
                    format!("Dòng một {i}.\n\n12:34 dòng hai\n")
                },
            })
            .collect()
    }

    #[test]
    fn the_index_reads_back_what_it_wrote() {
        let oid = |c: char| Oid::from_str(&c.to_string().repeat(40)).unwrap();
        for n in [0, 1, 5, 7_000] {
            let records = sample(n);
            let half = n / 2;
            let lost: Vec<UnreadableRecord> = (0..n.min(3))
                .map(|i| UnreadableRecord {
                    id: format!("{i:040x}"),
                    reason: format!("its author line is malformed ({i}: no e-mail)"),
                    draft: (i % 2 == 0).then(|| "drafts/a.yaml".to_owned()),
                })
                .collect();
            let mut bytes = index::MAGIC.to_vec();
            index::encode_chunk(&mut bytes, None, oid('a'), &records[..half], &[]);
            let one = bytes.len();
            let loaded = index::decode(&bytes).expect("decodes");
            assert_eq!((loaded.tip, loaded.appendable), (oid('a'), true));
            assert!(loaded.records == records[..half]);
            assert!(std::str::from_utf8(&bytes).is_ok(), "the index is text");

            index::encode_chunk(
                &mut bytes,
                Some(oid('a')),
                oid('b'),
                &records[half..],
                &lost,
            );
            let loaded = index::decode(&bytes).expect("decodes");
            assert_eq!(loaded.tip, oid('b'));
            assert_eq!(loaded.tips, [oid('a'), oid('b')]);
            assert!(loaded.records == records);
            assert_eq!(loaded.unreadable, lost);

            // A chunk that does not follow on is skipped.
            let mut raced = bytes.clone();
            index::encode_chunk(
                &mut raced,
                Some(oid('a')),
                oid('c'),
                &records[..n.min(1)],
                &[],
            );
            let loaded = index::decode(&raced).expect("decodes");
            assert_eq!((loaded.tip, loaded.appendable), (oid('b'), true));
            assert!(loaded.records == records);

            // Cut short: what came before.
            let loaded = index::decode(&bytes[..bytes.len() - 1]).expect("decodes");
            assert_eq!((loaded.tip, loaded.appendable), (oid('a'), false));
            assert!(loaded.records == records[..half]);
            assert!(loaded.unreadable.is_empty());

            // Damaged anywhere in a chunk: unusable.
            for at in [index::MAGIC.len() + 30, one + 40, bytes.len() - 2] {
                let mut damaged = bytes.clone();
                damaged[at] ^= 0x01;
                assert!(index::decode(&damaged).is_none(), "damage at {at}");
            }
        }
        for garbage in [
            &b""[..],
            b"duyet-reviews-index 4\n",
            b"duyet-reviews-index 3\n12 0123456789abcdef\n",
            b"{\"version\":1}",
            b"\xff\xfe",
        ] {
            assert!(index::decode(garbage).is_none());
        }
    }

    /// An index rewritten by someone who knows its format (its hashes made
    /// anew) to count what git does not hold is not believed: what it says
    /// about the records that decide a section's state is checked against
    /// git, and the records are read from git again.
    #[test]
    fn a_forged_index_does_not_count_what_git_does_not_hold() {
        let (_dir, store) = new_store();
        let who = |i: usize| Identity {
            name: format!("Người {}", i % 3),
            email: format!("n{}@x", i % 3),
        };
        let mut ids = Vec::new();
        for i in 0..12 {
            ids.push(
                store
                    .append_record(&message(i, None), &who(i), None)
                    .unwrap(),
            );
        }
        // A withdrawal of the approval of record 2 (by the same person).
        let withdraw = NewRecord {
            action: Action::Withdraw,
            draft: "drafts/a.yaml".to_owned(),
            section: "muc-2".to_owned(),
            revision: "ab".repeat(20),
            section_hash: "cd".repeat(32),
            reply_to: Some(ids[2].to_string()),
            quote: None,
            text: String::new(),
        };
        store
            .append_record(&withdraw.message("Rút lại"), &who(2), None)
            .unwrap();
        let full = store.review_log_uncached().unwrap();
        assert_eq!(store.read_records().unwrap().1, ReadPath::Full);
        let path = store.records_index_path();
        let good = index::decode(&std::fs::read(&path).unwrap()).unwrap();
        let approvals: Vec<usize> = (0..good.records.len())
            .filter(|&i| good.records[i].action == Action::Approve)
            .collect();
        let last_approval = *approvals.last().unwrap();
        let comment = good
            .records
            .iter()
            .position(|r| r.action == Action::Comment)
            .unwrap();
        let forge = |what: &str, tip: Oid, edit: &dyn Fn(&mut Vec<ReviewRecord>)| {
            let mut records = good.records.clone();
            edit(&mut records);
            let mut bytes = index::MAGIC.to_vec();
            index::encode_chunk(&mut bytes, None, tip, &records, &good.unreadable);
            assert!(
                index::decode(&bytes).is_some(),
                "{what}: the forged file decodes"
            );
            std::fs::write(&path, &bytes).unwrap();
            let log = store.review_log().unwrap();
            assert_eq!(
                log.path,
                ReadPath::Full,
                "{what}: the forged index was believed"
            );
            assert_eq!(
                (&log.records, &log.unreadable),
                (&full.records, &full.unreadable),
                "{what}"
            );
            assert_eq!(store.review_log().unwrap().path, ReadPath::Cached, "{what}");
        };
        forge("an approval in no commit", good.tip, &|records| {
            let mut fake = records[last_approval].clone();
            fake.id = "f".repeat(40);
            fake.author_email = "n9@x".to_owned();
            records.push(fake);
        });
        forge("an approval's author changed", good.tip, &|records| {
            records[last_approval].author_email = "n9@x".to_owned();
        });
        forge(
            "an approval moved to another section",
            good.tip,
            &|records| {
                records[last_approval].section = "muc-6".to_owned();
            },
        );
        forge(
            "an approval given another commit's id",
            good.tip,
            &|records| {
                records[last_approval].id = records[comment].id.clone();
            },
        );
        forge("a comment made an approval", good.tip, &|records| {
            records[comment].action = Action::Approve;
        });
        forge("a withdrawal in no commit", good.tip, &|records| {
            let mut fake = records.last().unwrap().clone();
            fake.id = "e".repeat(40);
            fake.reply_to = Some(records[approvals[0]].id.clone());
            fake.author_email = records[approvals[0]].author_email.clone();
            records.push(fake);
        });
        forge(
            "read up to no commit",
            Oid::from_str(&"d".repeat(40)).unwrap(),
            &|_| {},
        );
    }

    /// A header that claims more than its bytes could hold asks for no
    /// memory: the file is unusable, at once.
    #[test]
    fn an_index_that_claims_too_much_is_unusable() {
        use sha2::{Digest, Sha256};
        let tip = "a".repeat(40);
        for header in [
            format!("- {tip} 999999999999 0 0 0\n"),
            format!("- {tip} 5 999999999999 0 0\n"),
            format!("- {tip} 5 0 999999999999 0\n"),
            format!("- {tip} 5 0 0 999999999999\n"),
            format!(
                "- {tip} 999999999999 0 1 0\n10 999999999999 {}\n",
                "0".repeat(64)
            ),
            format!(
                "- {tip} 18446744073709551615 0 2 0\n1 18446744073709551615 {z}\n1 5 {z}\n",
                z = "0".repeat(64)
            ),
        ] {
            let hash: String = Sha256::digest(header.as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            let mut bytes = index::MAGIC.to_vec();
            bytes.extend_from_slice(
                format!("{} {hash}\n{header}0123456789", header.len()).as_bytes(),
            );
            assert!(index::decode(&bytes).is_none(), "{header}");
        }
    }
}
