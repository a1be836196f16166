//! Reading one commit of the records ref as a record: straight from the
//! object database, its header parsed by `store::commit` (`git fsck`'s
//! checks), its message by `core::review`. Never fails: what is no readable
//! record is an `UnreadableRecord` with the reason.

use std::cell::RefCell;
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use git2::{ErrorCode, ObjectType, Odb, Oid, Repository};

use super::{hex, short};
use crate::core::review::{ReviewRecord, UnreadableRecord, named_draft};
use crate::core::signature;
use crate::store::{Result, commit};

/// What a commit on the records ref holds. (Nearly every one is a record:
/// boxing it would only add an allocation per record.)
#[allow(clippy::large_enum_variant)]
pub(in crate::store) enum Entry {
    Record(ReviewRecord),
    Unreadable(UnreadableRecord),
    /// A commit that is no record (a merge uniting two clones' records).
    Nothing,
}

/// A commit as the walk needs it: its parents and what it holds.
pub(in crate::store) struct Node {
    pub(super) id: Oid,
    pub(super) parents: Parents,
    pub(in crate::store) entry: Entry,
    /// Every parent line could be read.
    pub(super) parents_complete: bool,
    /// What it holds depends on its own bytes alone (not on a tree that is
    /// missing now and may be fetched later).
    pub(super) settled: bool,
}

impl Node {
    pub(super) fn parent(&self, i: usize) -> Option<Oid> {
        self.parents.get(i)
    }
}

/// A commit's parents, the first apart (the walk follows its history first).
#[derive(Default)]
pub(in crate::store) struct Parents {
    pub(super) first: Option<Oid>,
    pub(super) others: Vec<Oid>,
}

impl Parents {
    /// `ids` in their order.
    pub(super) fn of(ids: impl IntoIterator<Item = Oid>) -> Parents {
        let mut ids = ids.into_iter();
        Parents {
            first: ids.next(),
            others: ids.collect(),
        }
    }

    /// The `i`-th parent (from 0), if there is one.
    pub(super) fn get(&self, i: usize) -> Option<Oid> {
        match i {
            0 => self.first,
            _ => self.others.get(i - 1).copied(),
        }
    }
}

/// An object the history names, as read (nearly always a commit).
#[allow(clippy::large_enum_variant)]
pub(in crate::store) enum Object {
    Commit(Node),
    /// Not in the object database.
    Missing,
    /// A blob, tree or tag where a commit should be.
    Other(ObjectType),
    /// In the database but unreadable (a damaged file).
    Broken(String),
}

pub(in crate::store) type OidSet = HashSet<Oid, BuildHasherDefault<OidHasher>>;

/// Reads record commits straight from the object database and parses them
/// here (`commit::parse`): one read per commit, where `find_commit` and the
/// revwalk would read and parse each one twice — and fail on a commit
/// libgit2 cannot parse, where this reads it as an unreadable record.
pub(in crate::store) struct CommitReader<'r> {
    pub(super) odb: Odb<'r>,
    /// Trees known to be in the database (records all have the same one).
    trees: RefCell<OidSet>,
}

impl<'r> CommitReader<'r> {
    pub(in crate::store) fn new(repo: &'r Repository) -> Result<CommitReader<'r>> {
        Ok(CommitReader {
            odb: repo.odb()?,
            trees: RefCell::default(),
        })
    }

    pub(in crate::store) fn read(&self, id: Oid) -> Object {
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
        node_of(id, data, |tree| self.tree_exists(tree))
    }

    pub(super) fn tree_exists(&self, tree: Oid) -> bool {
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

/// The commit `id` whose bytes are `data`, read as the walk needs it;
/// `tree_exists` says whether its tree is in the repository.
pub(super) fn node_of(id: Oid, data: &[u8], tree_exists: impl FnOnce(Oid) -> bool) -> Node {
    let header = commit::parse(data);
    let message = lossy(header.message());
    let mut settled = true;
    let mut problem = header.problem.clone();
    if problem.is_none() {
        if let Some(tree) = header.tree {
            if !tree_exists(tree) {
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
            lossy(author.name).into_owned(),
            lossy(author.email).into_owned(),
            author.time,
            &message,
        ) {
            Ok(Some(mut record)) => {
                // Checked once, when the record is first read; the index
                // keeps the answer.
                if let Some((armored, payload)) = header.signed_payload(data) {
                    record.signed = signature::verify(&payload, &armored);
                }
                Entry::Record(record)
            }
            Ok(None) => Entry::Nothing,
            Err(why) => unreadable(why),
        },
        (Some(why), _) => unreadable(why),
        (None, _) => unreadable("it has no readable author".to_owned()),
    };
    Node {
        id,
        parents: Parents::of(header.parents),
        entry,
        parents_complete: header.parents_complete,
        settled,
    }
}

/// `bytes` as text, as `String::from_utf8_lossy` gives it; checked first
/// the faster way, since nearly every record is valid UTF-8.
fn lossy(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// Commit ids are uniformly distributed already: their first bytes are a
/// good enough hash for the walk's set of seen commits.
#[derive(Default)]
pub(in crate::store) struct OidHasher(u64);

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
