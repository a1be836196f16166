//! The walk of the records' history: every record reachable from the tips,
//! in one canonical order; and the plain chain of new records on top of
//! the index's tip.

use git2::Oid;

use super::ahead::ReadAhead;
use super::reader::{CommitReader, Entry, Node, Object, OidSet, Parents};
use super::{hex, short};
use crate::core::review::{ReadWarning, ReviewRecord, UnreadableRecord};
use crate::store::{Result, Store, commit};

impl Store {
    /// Every record reachable from `tips`, oldest first, in one canonical
    /// order that depends only on the graph: a commit comes after its
    /// parents; the history of a merge's first parent comes first, then what
    /// its other parents add, in their order. So a record appended on a
    /// tip always comes after everything that tip already had. Several tips
    /// are read as the parents of one merge, in their order.
    ///
    /// Each record is moved once, when its commit is read, into the list
    /// that is returned; the walk's stack holds only where it is. A chain
    /// of records is on the stack whole before the first is given out, so
    /// a stack holding the records themselves and the list they are given
    /// to were both at their largest at once (`docs/performance.md`, peak
    /// memory). The order they are given in is noted, and the list put in
    /// that order in place at the end.
    ///
    /// A history longer than `READ_AHEAD_AFTER` commits has the rest of its
    /// commits read ahead, on every core, from the packs (`ReadAhead`); a
    /// short one is not worth reading every pack's commits for.
    pub(super) fn walk_records(&self, tips: &[Oid]) -> Result<Walked> {
        let reader = CommitReader::new(&self.repo)?;
        let mut ahead = ReadAhead::default();
        let mut read = 0;
        let shallow = self.shallow_commits();
        let mut out = Walked {
            settled: true,
            ..Walked::default()
        };
        let mut seen = OidSet::default();
        // Records where they were read (once the rest is read ahead, those
        // read ahead first, at their places), and the order they are given
        // in (places in `found`).
        let mut found: Vec<ReviewRecord> = Vec::new();
        let mut order: Vec<usize> = Vec::new();
        // (commit, how many of its parents are done): an explicit stack,
        // since a chain of records is as deep as it is long. Each commit is
        // read once, when it is first met; its record is given out when all
        // its parents' are. The walk starts from a merge of the tips that
        // is no commit and no record.
        let union = Node {
            id: Oid::ZERO_SHA1,
            parents: Parents::of(tips.iter().copied()),
            entry: Entry::Nothing,
            parents_complete: true,
            settled: true,
        };
        let mut stack: Vec<Frame> = vec![Frame::of(union, None, &mut found)];
        while let Some(frame) = stack.last_mut() {
            if let Some(parent) = frame.parent() {
                frame.done += 1;
                let child = frame.id;
                if seen.insert(parent) {
                    read += 1;
                    if read == READ_AHEAD_AFTER {
                        let objects = self.repo.commondir().join("objects");
                        ahead = ReadAhead::read(&objects, &reader, found.len());
                        seen.reserve(ahead.len());
                        adopt(&mut ahead.records, &mut found, &mut stack, &mut order);
                    }
                    let (object, kept) = match ahead.take(parent) {
                        Some((node, kept)) => {
                            out.read_ahead += 1;
                            (Object::Commit(node), kept)
                        }
                        None => (reader.read(parent), None),
                    };
                    if let Some(node) = out.meet(parent, object, child, &shallow) {
                        stack.push(Frame::of(node, kept, &mut found));
                    }
                }
            } else if let Some(frame) = stack.pop() {
                match frame.held {
                    Held::Record(at) => order.push(at),
                    Held::Other(entry) => out.give(*entry),
                }
            }
        }
        drop(ahead);
        out.records = gather(found, &order);
        Ok(out)
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
    /// How many of the commits were taken from those read ahead.
    pub(super) read_ahead: usize,
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
                    node.parents = Parents::default();
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

/// A commit on the walk's stack: its parents, how many are done, and where
/// what it holds is (the records themselves are in the walk's list).
struct Frame {
    id: Oid,
    parents: Parents,
    done: usize,
    held: Held,
}

enum Held {
    /// The record at this place of the list.
    Record(usize),
    /// An unreadable commit, or none (boxed: they are few).
    Other(Box<Entry>),
}

impl Frame {
    /// `node` on the stack: its record already at `kept` in `found` (read
    /// ahead), or moved to the end of `found`.
    fn of(node: Node, kept: Option<usize>, found: &mut Vec<ReviewRecord>) -> Frame {
        let held = match (kept, node.entry) {
            (Some(at), _) => Held::Record(at),
            (None, Entry::Record(r)) => {
                found.push(r);
                Held::Record(found.len() - 1)
            }
            (None, other) => Held::Other(Box::new(other)),
        };
        Frame {
            id: node.id,
            parents: node.parents,
            done: 0,
            held,
        }
    }

    /// The next parent to walk into, if any is left.
    fn parent(&self) -> Option<Oid> {
        self.parents.get(self.done)
    }
}

/// Commits read through libgit2 before the rest are read ahead.
const READ_AHEAD_AFTER: usize = 1024;

/// The records read ahead (`arena`, with room for `found`'s) become the
/// walk's list, those found so far after them: their places on the stack
/// and in `order` move by as many.
fn adopt(
    arena: &mut Vec<ReviewRecord>,
    found: &mut Vec<ReviewRecord>,
    stack: &mut [Frame],
    order: &mut [usize],
) {
    let shift = arena.len();
    arena.append(found);
    std::mem::swap(arena, found);
    for frame in stack {
        if let Held::Record(at) = &mut frame.held {
            *at += shift;
        }
    }
    for at in order {
        *at += shift;
    }
}

/// The records at the places `order` gives, in that order; the others in
/// `found` (read ahead, but not in the history walked) are dropped. Done in
/// place: the list is the largest thing a full read holds.
fn gather(mut found: Vec<ReviewRecord>, order: &[usize]) -> Vec<ReviewRecord> {
    let mut wanted = vec![false; found.len()];
    for &at in order {
        wanted[at] = true;
    }
    // Where each place wanted is once the others are gone.
    let mut moved = vec![0usize; found.len()];
    let mut next = 0;
    for (at, &keep) in wanted.iter().enumerate() {
        moved[at] = next;
        next += usize::from(keep);
    }
    let mut at = 0;
    found.retain(|_| {
        at += 1;
        wanted[at - 1]
    });
    let order: Vec<usize> = order.iter().map(|&at| moved[at]).collect();
    put_in_order(&mut found, &order);
    found
}

/// Puts `items` in `order` (`order[i]` is the place in `items` of what
/// goes at `i`; a permutation), in place: each cycle of the permutation
/// followed once, by swaps.
fn put_in_order<T>(items: &mut [T], order: &[usize]) {
    debug_assert_eq!(items.len(), order.len());
    let mut placed = vec![false; order.len()];
    for start in 0..order.len() {
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let from = order[at];
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::put_in_order;

    #[test]
    fn putting_in_order_follows_every_cycle() {
        let orders: [&[usize]; 5] = [
            &[],
            &[0],
            &[2, 0, 1],
            &[4, 3, 2, 1, 0],
            &[1, 0, 3, 2, 5, 6, 4, 7],
        ];
        for order in orders {
            let mut items: Vec<usize> = (0..order.len()).map(|i| i * 10).collect();
            put_in_order(&mut items, order);
            let expected: Vec<usize> = order.iter().map(|&i| i * 10).collect();
            assert_eq!(items, expected, "{order:?}");
        }
    }
}
