//! The walk of the records' history: every record reachable from the tips,
//! in one canonical order, with a second thread reading ahead on long
//! chains; and the plain chain of new records on top of the index's tip.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use git2::{ObjectType, Oid, Repository};

use super::reader::{CommitReader, Entry, Node, Object, OidHasher, OidSet};
use super::{hex, short};
use crate::core::review::{ReadWarning, ReviewRecord, UnreadableRecord};
use crate::store::{Result, Store, commit};
use std::hash::BuildHasherDefault;

/// From this many places, the walk's stack gives memory back as it empties.
const SHRINK_FROM: usize = 4096;

impl Store {
    /// Every record reachable from `tips`, oldest first, in one canonical
    /// order that depends only on the graph: a commit comes after its
    /// parents; the history of a merge's first parent comes first, then what
    /// its second parent adds, and so on. So a record appended on top of a
    /// tip always comes after everything that tip already had. Several tips
    /// are read as the parents of one merge, in their order.
    pub(super) fn walk_records(&self, tips: &[Oid]) -> Result<Walked> {
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
                    // A chain of records is on the stack whole before the
                    // first is given out: its memory goes back as the
                    // records leave it, so the two are not both at their
                    // largest (`docs/performance.md`, peak memory).
                    if stack.capacity() >= SHRINK_FROM && stack.len() * 4 < stack.capacity() {
                        stack.shrink_to(stack.len() * 2);
                    }
                }
            }
            // Held for the rest of the command: no room for more.
            out.records.shrink_to_fit();
            Ok(out)
        })
    }

    /// What the commits from `tip` back to (not including) `old` hold,
    /// newest first, if they form a chain of one-parent commits ending on
    /// `old`, every one of them settled; `None` otherwise.
    pub(super) fn chain_since(&self, tip: Oid, old: Oid) -> Result<Option<Vec<Entry>>> {
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
}

/// What a walk read.
#[derive(Default)]
pub(super) struct Walked {
    pub(super) records: Vec<ReviewRecord>,
    pub(super) unreadable: Vec<UnreadableRecord>,
    pub(super) warnings: Vec<ReadWarning>,
    /// Nothing it read depends on objects that may come later (a shallow
    /// history, a missing parent or tree): the index may keep it.
    pub(super) settled: bool,
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
