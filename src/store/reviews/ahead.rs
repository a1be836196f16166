//! Record commits read ahead of the walk, on every core.
//!
//! A full read of the records (`walk_records`) follows parent links, so it
//! cannot share its work out by itself: each commit names the next. But
//! git writes the commits of a pack first, and the records are nearly all
//! of them. So once the walk has found a long history, the leading
//! commits of each pack (`store::pack`) are inflated, checked against
//! their ids and parsed on every core, and the walk takes each commit from here when it is here —
//! exactly as `CommitReader::read` would have given it, since the same
//! bytes go through the same `node_of`. Anything else (a loose commit, a
//! damaged one) the walk reads through libgit2 as before.
//!
//! Only commits with the empty tree are parsed: every record has it
//! (`append`), and a history of other commits costs nothing more here than
//! inflating them.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use git2::Oid;

use super::reader::{CommitReader, Entry, Node, OidHasher, Parents, node_of};
use crate::core::Moment;
use crate::core::review::{Action, ReviewRecord};
use crate::core::signature::Signed;
use crate::store::pack::{self, Inflater, PackCommits};

/// The tree every record has: git's empty tree.
const EMPTY_TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

/// Fewer commits than this are read on one thread: another would cost
/// more than it saves.
const WORTH_A_THREAD: usize = 4096;

/// How many commits a thread reads at a time.
const PART: usize = 1024;

/// The commits read ahead: each one's place, what the walk needs of it, and
/// its record at the same place of `records`.
#[derive(Default)]
pub(super) struct ReadAhead {
    places: HashMap<Oid, usize, BuildHasherDefault<OidHasher>>,
    commits: Vec<Option<Ahead>>,
    /// The records read ahead, where their commits are (`no_record()`
    /// elsewhere): the walk's list begins as this, so no record is ever
    /// held twice.
    pub(super) records: Vec<ReviewRecord>,
}

/// A commit read ahead, but for its record.
struct Ahead {
    parents: Parents,
    /// What it holds if it is no record (boxed: they are few).
    other: Option<Box<Entry>>,
    parents_complete: bool,
}

impl ReadAhead {
    /// The leading commits of every pack under `objects`, read on up to
    /// as many threads as there are cores, with room in `records` for
    /// `more`; nothing when the empty tree is not in the repository (then
    /// every record is unreadable, and the walk says so).
    pub(super) fn read(
        objects: &std::path::Path,
        reader: &CommitReader<'_>,
        more: usize,
    ) -> ReadAhead {
        #[cfg(test)]
        if OFF.with(std::cell::Cell::get) {
            return ReadAhead::default();
        }
        let Ok(empty) = Oid::from_str(EMPTY_TREE) else {
            return ReadAhead::default();
        };
        if !reader.tree_exists(empty) {
            return ReadAhead::default();
        }
        let packs = pack::leading_commits(objects);
        let total: usize = packs.iter().map(|p| p.commits.len()).sum();
        let mut ahead = ReadAhead {
            places: HashMap::with_capacity_and_hasher(total, BuildHasherDefault::default()),
            commits: Vec::with_capacity(total),
            records: Vec::with_capacity(total + more),
        };
        ahead.commits.resize_with(total, || None);
        ahead.records.resize_with(total, no_record);
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 8)
            .min(total.div_ceil(WORTH_A_THREAD).max(1));
        // Parts of `PART` commits, taken in turn by whichever thread is
        // free: the threads end together however the machine shares them.
        let jobs = ahead
            .commits
            .chunks_mut(PART)
            .zip(ahead.records.chunks_mut(PART))
            .enumerate();
        let jobs = std::sync::Mutex::new(jobs);
        let work = || {
            let mut inflater = Inflater::default();
            loop {
                let job = match jobs.lock() {
                    Ok(mut jobs) => jobs.next(),
                    Err(_) => None,
                };
                let Some((i, (commits, records))) = job else {
                    break;
                };
                read_part(&packs, i * PART, commits, records, &mut inflater);
            }
        };
        std::thread::scope(|scope| {
            for _ in 1..threads {
                scope.spawn(work);
            }
            work();
        });
        // The places are in the list of all packs' commits, in turn.
        let mut place = 0;
        for pack in &packs {
            for span in &pack.commits {
                if ahead.commits[place].is_some() {
                    ahead.places.insert(span.id, place);
                }
                place += 1;
            }
        }
        ahead
    }

    /// How many commits were read ahead.
    pub(super) fn len(&self) -> usize {
        self.places.len()
    }

    /// The commit `id` if it was read ahead (once: it is given out), and
    /// where its record is in `records` if it has one; the node given has
    /// no record then, since it stays where it is.
    pub(super) fn take(&mut self, id: Oid) -> Option<(Node, Option<usize>)> {
        let place = self.places.remove(&id)?;
        let ahead = self.commits.get_mut(place)?.take()?;
        let (entry, kept) = match ahead.other {
            Some(other) => (*other, None),
            None => (Entry::Nothing, Some(place)),
        };
        let node = Node {
            id,
            parents: ahead.parents,
            entry,
            parents_complete: ahead.parents_complete,
            settled: true,
        };
        Some((node, kept))
    }
}

#[cfg(test)]
thread_local! {
    /// Set, this thread's walks read every commit through libgit2: the
    /// tests' reference.
    static OFF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// `f` with nothing read ahead on this thread.
#[cfg(test)]
pub(super) fn without<T>(f: impl FnOnce() -> T) -> T {
    OFF.with(|off| off.set(true));
    let out = f();
    OFF.with(|off| off.set(false));
    out
}

/// Reads the commits from place `from` of the list of all packs' commits
/// into `commits` and `records` (as many as they hold).
fn read_part(
    packs: &[PackCommits],
    from: usize,
    commits: &mut [Option<Ahead>],
    records: &mut [ReviewRecord],
    inflater: &mut Inflater,
) {
    let tree_line = format!("tree {EMPTY_TREE}\n");
    let mut base = 0;
    for pack in packs {
        let spans = &pack.commits;
        let (lo, hi) = (
            from.max(base),
            (from + commits.len()).min(base + spans.len()),
        );
        if lo < hi {
            pack.read(&spans[lo - base..hi - base], inflater, |i, id, data| {
                if !data.starts_with(tree_line.as_bytes()) {
                    return;
                }
                // The tree is the empty one, which is in the repository.
                let node = node_of(id, data, |_| true);
                let at = lo - from + i;
                let other = match node.entry {
                    Entry::Record(record) => {
                        records[at] = record;
                        None
                    }
                    other => Some(Box::new(other)),
                };
                commits[at] = Some(Ahead {
                    parents: node.parents,
                    other,
                    parents_complete: node.parents_complete,
                });
            });
        }
        base += spans.len();
    }
}

/// What stands in the list of records where a commit read ahead holds no
/// record: it holds nothing on the heap, and is never given out (the walk
/// gives out only the places of records).
fn no_record() -> ReviewRecord {
    ReviewRecord {
        id: String::new(),
        author_name: String::new(),
        author_email: String::new(),
        time: Moment {
            seconds: 0,
            offset_minutes: 0,
        },
        action: Action::Comment,
        draft: String::new(),
        section: String::new(),
        revision: String::new(),
        section_hash: String::new(),
        reply_to: None,
        quote: None,
        finding: None,
        summary: String::new(),
        text: String::new(),
        signed: Signed::No,
    }
}
