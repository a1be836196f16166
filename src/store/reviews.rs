//! Review records on `refs/duyet/reviews`: appending one safely while others
//! append too, and reading them all back — from an index keyed by the ref's
//! tip when one exists, so a later start reads only the new records. Records
//! fetched from a remote (`refs/remotes/<remote>/duyet/reviews`) are read
//! with the local ones, as one union.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use git2::{ErrorCode, ObjectType, Odb, Oid, Repository};

use super::{Result, Store, StoreError, signature};
use crate::core::review::{REVIEWS_REF, ReviewRecord};
use crate::core::{Identity, Moment};

/// How many times a record is re-parented onto a moved tip before giving up.
const MAX_ATTEMPTS: u32 = 1000;

/// The index file inside `.git`; a cache, safe to delete at any time. (Its
/// name is from when it was JSON; it is UTF-8 text still, see `index`.)
const INDEX_FILE: &str = "duyet/reviews-index";

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
    /// The tip of the local records ref, if a record was ever written here.
    pub fn reviews_tip(&self) -> Result<Option<Oid>> {
        match self.repo.refname_to_id(REVIEWS_REF) {
            Ok(id) => Ok(Some(id)),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// The tips whose records are read: the local ref's, then the
    /// remote-tracking ones by ref name; a tip already listed is left out.
    pub(super) fn review_tips(&self) -> Result<Vec<Oid>> {
        self.review_tips_with(self.reviews_tip()?)
    }

    /// `review_tips` with the local tip as already read.
    fn review_tips_with(&self, local: Option<Oid>) -> Result<Vec<Oid>> {
        let mut remote = Vec::new();
        for r in self.repo.references_glob(REMOTE_REVIEWS_GLOB)? {
            let r = r?;
            if let (Ok(name), Ok(target)) = (r.name(), r.peel(ObjectType::Commit)) {
                remote.push((name.to_owned(), target.id()));
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
        Ok(tips)
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
                if other != tip && self.repo.graph_descendant_of(other, tip)? {
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

    /// Appends one record (a commit with an empty tree whose message is
    /// `message`) to the records ref. The commit is built on the tip as read;
    /// the ref moves only if it is still there (compare-and-swap). If another
    /// writer moved it first, the commit is rebuilt on the new tip and the
    /// swap tried again, so no record is lost or written twice.
    ///
    /// Its parents are the tips of the union as read (`union_tips`): the
    /// local tip, or the remote's when there is no local ref yet, and any
    /// fetched records not in its history — then the record unites them, and
    /// comes after every record read, as it does on a plain local ref.
    pub fn append_record(
        &self,
        message: &str,
        who: &Identity,
        when: Option<Moment>,
    ) -> Result<Oid> {
        let sig = signature(who, when)?;
        let tree = self.repo.find_tree(self.repo.treebuilder(None)?.write()?)?;
        for attempt in 0..MAX_ATTEMPTS {
            let tip = self.reviews_tip()?;
            let parents = self
                .union_tips(self.review_tips_with(tip)?)?
                .into_iter()
                .map(|id| self.repo.find_commit(id))
                .collect::<Result<Vec<_>, _>>()?;
            let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
            let id = self
                .repo
                .commit(None, &sig, &sig, message, &tree, &parents)?;
            let log = "duyet: review record";
            // Compare-and-swap under the ref's lock. The zero id means "must
            // not exist yet": creating with `reference(…, force = false)`
            // checks existence before taking the lock, so two first writers
            // could both succeed and one record be lost.
            let expected = tip.unwrap_or(Oid::ZERO_SHA1);
            let swapped = self
                .repo
                .reference_matching(REVIEWS_REF, id, true, expected, log);
            match swapped {
                Ok(_) => return Ok(id),
                Err(e)
                    if matches!(
                        e.code(),
                        ErrorCode::Modified | ErrorCode::Exists | ErrorCode::Locked
                    ) =>
                {
                    // Someone else wrote first; back off a little (spread by
                    // process id so writers do not retry in lockstep).
                    let spread = u64::from(std::process::id() % 7) + u64::from(attempt % 5);
                    std::thread::sleep(std::time::Duration::from_micros(200 * (1 + spread)));
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(StoreError::Moved {
            refname: REVIEWS_REF.to_owned(),
        })
    }

    /// Every record, oldest first, and how they were read: the local ones
    /// and those fetched from remotes, as the history of a merge of their
    /// tips (`union_tips`) would list them.
    pub fn read_records(&self) -> Result<(Vec<ReviewRecord>, ReadPath)> {
        let local = self.reviews_tip()?;
        let tips = self.review_tips_with(local)?;
        if tips.is_empty() {
            return Ok((Vec::new(), ReadPath::Empty));
        }
        if let Some(index) = self.load_index() {
            if let Some(done) = self.read_from_index(index, &tips, local)? {
                return Ok(done);
            }
        }
        let union = self.union_tips(tips.clone())?;
        let records = self.walk_records(&union)?;
        // Keyed by the one tip whose history is the union (so that records
        // appended on it are read alone next time), else by all the tips.
        let key = match union[..] {
            [tip] => Some(tip),
            _ => union_key(&tips),
        };
        if let Some(key) = key {
            self.save_index(key, &records);
        }
        Ok((records, ReadPath::Full))
    }

    /// The records from the index, if it provably holds the union of
    /// `tips` (with the new commits read on top); `None` otherwise.
    fn read_from_index(
        &self,
        index: index::Loaded,
        tips: &[Oid],
        local: Option<Oid>,
    ) -> Result<Option<(Vec<ReviewRecord>, ReadPath)>> {
        // Diverged tips, unchanged since the index was written.
        if tips.len() > 1 && union_key(tips) == Some(index.tip) {
            return Ok(Some((index.records, ReadPath::Cached)));
        }
        // Otherwise the index holds the history of one tip, T (its records
        // are what `walk_records` gives for T alone). It is used only when
        // every tip is T or in T's history — then the union is T's history
        // — except at most one, the local tip (or without a local ref, a
        // remote's), which is a plain chain of one-parent commits on top of
        // T — then the union is that tip's history, T's followed by the
        // chain's. So it is provably equal to a full read.
        if !self.repo.odb()?.exists(index.tip) {
            return Ok(None);
        }
        let in_index = |tip: Oid| {
            let id = hex(tip);
            index.records.iter().rev().any(|r| r.id == id)
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
            if !self.repo.graph_descendant_of(index.tip, tip)? {
                return Ok(None);
            }
        }
        let Some(tip) = ahead else {
            return Ok(tips
                .contains(&index.tip)
                .then_some((index.records, ReadPath::Cached)));
        };
        // The index is used only when the new commits are a plain chain
        // on top of its tip: then the full order (`walk_records`) is
        // provably the index's records followed by the chain's. Anything
        // else (a merge of two clones' records, a rewound or rewritten
        // ref) is read in full.
        let Some(chain) = self.chain_since(tip, index.tip)? else {
            return Ok(None);
        };
        let new: Vec<ReviewRecord> = chain.into_iter().rev().flatten().collect();
        let count = new.len();
        let mut records = index.records;
        if index.appendable {
            // Only the new records are written, after the others.
            self.append_index(index.tip, tip, &new);
            records.extend(new);
        } else {
            records.extend(new);
            self.save_index(tip, &records);
        }
        Ok(Some((records, ReadPath::Updated(count))))
    }

    /// Reads every record without the index (what `git log` would show).
    pub fn read_records_uncached(&self) -> Result<Vec<ReviewRecord>> {
        let union = self.union_tips(self.review_tips()?)?;
        self.walk_records(&union)
    }

    /// Every record reachable from `tips`, oldest first, in one canonical
    /// order that depends only on the graph: a commit comes after its
    /// parents; the history of a merge's first parent comes first, then what
    /// its second parent adds, and so on. So a record appended on top of a
    /// tip always comes after everything that tip already had. Several tips
    /// are read as the parents of one merge, in their order.
    fn walk_records(&self, tips: &[Oid]) -> Result<Vec<ReviewRecord>> {
        let reader = CommitReader::new(&self.repo)?;
        let parallel = !self.repo.is_shallow()
            && std::thread::available_parallelism().map_or(1, |n| n.get()) > 1;
        let ahead = Mutex::new(Ahead::default());
        let stop = AtomicBool::new(false);
        std::thread::scope(|scope| {
            // However the walk ends, the helper stops (the scope waits for it).
            let _stop = StopOnDrop(&stop);
            let mut helper = false;
            let mut walked = 0usize;
            let mut read = |id: Oid, seen: &OidSet| -> Result<Node> {
                if helper {
                    if let Some(node) = Ahead::take(&ahead, id) {
                        return Ok(node);
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
            let mut out = Vec::new();
            let mut seen = OidSet::default();
            // (commit, how many of its parents are done): an explicit stack,
            // since a chain of records is as deep as it is long. Each commit
            // is read once, when it is first met; its record is given out
            // when all its parents' are. The walk starts from a merge of
            // the tips that is no commit and no record.
            let union = Node {
                first_parent: tips.first().copied(),
                other_parents: tips.get(1..).unwrap_or_default().to_vec(),
                record: None,
            };
            let mut stack: Vec<(Node, usize)> = vec![(union, 0)];
            while let Some((node, done)) = stack.last_mut() {
                if let Some(parent) = node.parent(*done) {
                    *done += 1;
                    if seen.insert(parent) {
                        let node = read(parent, &seen)?;
                        stack.push((node, 0));
                    }
                } else if let Some((node, _)) = stack.pop() {
                    out.extend(node.record);
                }
            }
            Ok(out)
        })
    }

    /// The records of the commits from `tip` back to (not including) `old`,
    /// newest first (`None` for a commit that is not a record), if they form
    /// a chain of one-parent commits ending on `old`; `None` otherwise.
    fn chain_since(&self, tip: Oid, old: Oid) -> Result<Option<Vec<Option<ReviewRecord>>>> {
        let reader = CommitReader::new(&self.repo)?;
        let mut chain = Vec::new();
        let mut at = tip;
        while at != old {
            let node = reader.read(at)?;
            let (Some(parent), None) = (node.parent(0), node.parent(1)) else {
                return Ok(None);
            };
            chain.push(node.record);
            at = parent;
        }
        Ok(Some(chain))
    }

    /// Where the records index lives (a cache: deleting it only costs time).
    pub fn records_index_path(&self) -> PathBuf {
        self.repo.path().join(INDEX_FILE)
    }

    fn load_index(&self) -> Option<index::Loaded> {
        let bytes = std::fs::read(self.records_index_path()).ok()?;
        index::decode(&bytes)
    }

    /// Writes the whole index anew (to a temporary file, then renamed into
    /// place, so a reader never sees half of it). Best effort: a failure to
    /// write the cache only costs time next start.
    fn save_index(&self, tip: Oid, records: &[ReviewRecord]) {
        let path = self.records_index_path();
        let Some(dir) = path.parent() else { return };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        // Unique per process and per call, so two threads never write the
        // same temporary file.
        static SAVES: AtomicU64 = AtomicU64::new(0);
        let n = SAVES.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!("reviews-index.{}.{n}.tmp", std::process::id()));
        let mut bytes = index::MAGIC.to_vec();
        index::encode_chunk(&mut bytes, None, tip, records);
        if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, &path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }

    /// Adds the records read since `base` at the end of the index, in one
    /// write. If another process appended or rewrote it meanwhile, the chunk
    /// does not follow on from the index's tip and readers skip it.
    fn append_index(&self, base: Oid, tip: Oid, records: &[ReviewRecord]) {
        let mut chunk = Vec::new();
        index::encode_chunk(&mut chunk, Some(base), tip, records);
        let file = std::fs::OpenOptions::new()
            .append(true)
            .open(self.records_index_path());
        if let Ok(mut file) = file {
            let _ = file.write_all(&chunk);
        }
    }
}

/// A commit as the walk needs it: its parents and its record, if it is one.
struct Node {
    first_parent: Option<Oid>,
    other_parents: Vec<Oid>,
    record: Option<ReviewRecord>,
}

impl Node {
    fn parent(&self, i: usize) -> Option<Oid> {
        match i {
            0 => self.first_parent,
            _ => self.other_parents.get(i - 1).copied(),
        }
    }
}

type OidSet = HashSet<Oid, BuildHasherDefault<OidHasher>>;

/// Reads record commits straight from the object database and parses them
/// here: one read per commit, where `find_commit` and the revwalk would read
/// and parse each one twice. Whatever this parser is not sure of (an object
/// that is not a plain well-formed commit, a shallow repository whose parents
/// come from grafts) goes to libgit2, which gives the same answer, or error.
struct CommitReader<'r> {
    repo: &'r Repository,
    odb: Option<Odb<'r>>,
}

impl<'r> CommitReader<'r> {
    fn new(repo: &'r Repository) -> Result<CommitReader<'r>> {
        let odb = if repo.is_shallow() {
            None
        } else {
            Some(repo.odb()?)
        };
        Ok(CommitReader { repo, odb })
    }

    fn read(&self, id: Oid) -> Result<Node> {
        if let Some(node) = self.odb.as_ref().and_then(|odb| read_raw(odb, id)) {
            return Ok(node);
        }
        self.read_with_libgit2(id)
    }

    fn read_with_libgit2(&self, id: Oid) -> Result<Node> {
        let commit = self.repo.find_commit(id)?;
        let mut parents = commit.parent_ids();
        let first_parent = parents.next();
        let other_parents = parents.collect();
        let author = commit.author();
        let when = author.when();
        let record = ReviewRecord::parse_owned(
            hex(commit.id()),
            String::from_utf8_lossy(author.name_bytes()).into_owned(),
            String::from_utf8_lossy(author.email_bytes()).into_owned(),
            Moment {
                seconds: when.seconds(),
                offset_minutes: when.offset_minutes(),
            },
            &String::from_utf8_lossy(commit.message_bytes()),
        );
        Ok(Node {
            first_parent,
            other_parents,
            record,
        })
    }
}

/// The commit `id` read and parsed here, if it is a commit this parser is
/// sure of.
fn read_raw(odb: &Odb<'_>, id: Oid) -> Option<Node> {
    let object = odb.read(id).ok()?;
    if object.kind() != ObjectType::Commit {
        return None;
    }
    let raw = raw::parse(object.data())?;
    Some(Node {
        first_parent: raw.parents.first().copied(),
        other_parents: raw.parents.get(1..).unwrap_or_default().to_vec(),
        record: ReviewRecord::parse_owned(
            hex(id),
            String::from_utf8_lossy(raw.author_name).into_owned(),
            String::from_utf8_lossy(raw.author_email).into_owned(),
            raw.time,
            &String::from_utf8_lossy(raw.message),
        ),
    })
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
    let Ok(odb) = repo.odb() else {
        return;
    };
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
            .filter_map(|id| Some((id, read_raw(&odb, id)?)))
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
struct OidHasher(u64);

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

/// A commit object parsed the way libgit2 parses it (`commit_parse` and
/// `git_signature__parse`), for the well-formed commits git and duyet write;
/// `None` for anything else, which then goes to libgit2 itself.
mod raw {
    use git2::Oid;

    use crate::core::Moment;

    pub struct Commit<'a> {
        pub parents: Vec<Oid>,
        pub author_name: &'a [u8],
        pub author_email: &'a [u8],
        pub time: Moment,
        /// As `git_commit_message` gives it: from after the blank line, up to
        /// a NUL byte if there is one, leading newlines removed.
        pub message: &'a [u8],
    }

    pub fn parse(data: &[u8]) -> Option<Commit<'_>> {
        let mut rest = data;
        oid_line(&mut rest, b"tree ")?;
        let mut parents = Vec::with_capacity(1);
        while rest.starts_with(b"parent ") {
            parents.push(oid_line(&mut rest, b"parent ")?);
        }
        let (author_name, author_email, time) = signature(line(&mut rest, b"author ")?)?;
        // libgit2 skips further author lines; leave such commits to it.
        if rest.starts_with(b"author ") {
            return None;
        }
        // The committer must parse as well (libgit2 fails the commit if not).
        signature(line(&mut rest, b"committer ")?)?;
        // Other headers (encoding, gpgsig…) up to the blank line.
        let message = loop {
            match rest.first() {
                None => break &rest[..0],
                Some(b'\n') => break &rest[1..],
                Some(_) => match rest.iter().position(|&b| b == b'\n') {
                    Some(eol) => rest = &rest[eol + 1..],
                    None => break &rest[rest.len()..],
                },
            }
        };
        let message = until_nul(message);
        let start = message
            .iter()
            .position(|&b| b != b'\n')
            .unwrap_or(message.len());
        Some(Commit {
            parents,
            author_name,
            author_email,
            time,
            message: &message[start..],
        })
    }

    /// `<header><40 hex digits>\n`.
    fn oid_line(rest: &mut &[u8], header: &[u8]) -> Option<Oid> {
        let line = line(rest, header)?;
        if line.len() != 40 {
            return None;
        }
        let mut bytes = [0u8; 20];
        for (i, pair) in line.chunks_exact(2).enumerate() {
            bytes[i] = (hex_digit(pair[0])? << 4) | hex_digit(pair[1])?;
        }
        Oid::from_bytes(&bytes).ok()
    }

    fn hex_digit(b: u8) -> Option<u8> {
        match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        }
    }

    /// The rest of a line that starts with `header`, without its newline;
    /// `rest` moves past the newline.
    fn line<'a>(rest: &mut &'a [u8], header: &[u8]) -> Option<&'a [u8]> {
        let eol = rest.iter().position(|&b| b == b'\n')?;
        let line = rest[..eol].strip_prefix(header)?;
        *rest = &rest[eol + 1..];
        Some(line)
    }

    /// `Name <email> 1700000000 +0700`, strictly: the time is 1–18 digits
    /// and the zone a sign and four digits. libgit2 takes the last `<` and
    /// `>` of the line, trims "crud" around name and e-mail, and keeps a
    /// zone only if its hours are ≤ 14 and minutes ≤ 59.
    fn signature(line: &[u8]) -> Option<(&[u8], &[u8], Moment)> {
        let lt = line.iter().rposition(|&b| b == b'<')?;
        let gt = line.iter().rposition(|&b| b == b'>')?;
        if gt <= lt {
            return None;
        }
        let name = until_nul(trim_crud(&line[..lt]));
        let email = until_nul(trim_crud(&line[lt + 1..gt]));
        let when = line[gt + 1..].strip_prefix(b" ")?;
        let space = when.iter().position(|&b| b == b' ')?;
        let (digits, zone) = (&when[..space], &when[space + 1..]);
        if digits.is_empty() || digits.len() > 18 || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let seconds = digits
            .iter()
            .fold(0i64, |n, d| n * 10 + i64::from(d - b'0'));
        let [sign @ (b'+' | b'-'), h1, h2, m1, m2] = *zone else {
            return None;
        };
        if ![h1, h2, m1, m2].iter().all(u8::is_ascii_digit) {
            return None;
        }
        let hours = i32::from(h1 - b'0') * 10 + i32::from(h2 - b'0');
        let minutes = i32::from(m1 - b'0') * 10 + i32::from(m2 - b'0');
        let offset_minutes = if hours <= 14 && minutes <= 59 {
            let m = hours * 60 + minutes;
            if sign == b'-' { -m } else { m }
        } else {
            0
        };
        Some((
            name,
            email,
            Moment {
                seconds,
                offset_minutes,
            },
        ))
    }

    /// libgit2's `is_crud`: control characters, space and `,:;<>"\'` are
    /// trimmed from both ends of a name or e-mail.
    fn trim_crud(mut s: &[u8]) -> &[u8] {
        let crud =
            |b: u8| b <= 32 || matches!(b, b',' | b':' | b';' | b'<' | b'>' | b'"' | b'\\' | b'\'');
        while let [first, tail @ ..] = s {
            if !crud(*first) {
                break;
            }
            s = tail;
        }
        while let [head @ .., last] = s {
            if !crud(*last) {
                break;
            }
            s = head;
        }
        s
    }

    /// A C string ends at its first NUL: what libgit2 hands back does too.
    fn until_nul(s: &[u8]) -> &[u8] {
        &s[..s.iter().position(|&b| b == 0).unwrap_or(s.len())]
    }
}

/// The records index: a cache of parsed records, keyed by the ref's tip.
///
/// UTF-8 text, so that it can be looked at (and is checked as UTF-8 once,
/// rather than string by string): a first line naming the format, then
/// chunks. A chunk holds the records read from one tip (`base`, or `-` for
/// the first chunk) up to another (`tip`), as `<length> <checksum>\n` and
/// that many bytes of payload. A later start that finds new records on top
/// of the tip appends one chunk; a chunk whose base is not the tip so far
/// (two processes appended at once) is skipped. A checksum that does not
/// match, or anything else out of place, makes the whole file unusable (the
/// records are then read from git again); a chunk cut short at the end (a
/// write interrupted) ends the file there.
///
/// The payload: `<base> <tip> <records> <strings> <blocks>\n`; the strings
/// that repeat from record to record (authors, drafts, sections, revisions,
/// content hashes), once each; the length in bytes and the number of
/// records of each block; then the records, `BLOCK` to a block, so that the
/// blocks can be decoded on several threads. A string is written as
/// `<length in bytes>:<text>`, a repeated one as its number in the list.
mod index {
    use std::collections::HashMap;

    use git2::Oid;

    use crate::core::Moment;
    use crate::core::review::{Action, ReviewRecord};

    /// The format's name and version: the file's first line.
    pub const MAGIC: &[u8] = b"duyet-reviews-index 3\n";

    /// Records per block.
    const BLOCK: usize = 2048;
    /// Below this many records, one thread decodes them all.
    const PARALLEL_FROM: usize = 3 * BLOCK;
    /// At most this many threads decode one chunk.
    const MAX_THREADS: usize = 4;

    pub struct Loaded {
        /// The ref's tip the records were read up to.
        pub tip: Oid,
        /// Oldest first, as `walk_records` gives them.
        pub records: Vec<ReviewRecord>,
        /// The file ends with a whole chunk, so one can be appended.
        pub appendable: bool,
    }

    const ACTIONS: [Action; 6] = [
        Action::Comment,
        Action::Reply,
        Action::Resolve,
        Action::Approve,
        Action::RequestChanges,
        Action::Withdraw,
    ];

    pub fn encode_chunk(out: &mut Vec<u8>, base: Option<Oid>, tip: Oid, records: &[ReviewRecord]) {
        // The records first, in blocks, numbering the repeated strings.
        let mut shared: HashMap<&str, usize> = HashMap::new();
        let mut table: Vec<&str> = Vec::new();
        let mut body = Vec::with_capacity(records.len() * 400);
        let mut blocks: Vec<(usize, usize)> = Vec::new();
        for block in records.chunks(BLOCK) {
            let from = body.len();
            for r in block {
                record(&mut body, r, |s| {
                    *shared.entry(s).or_insert_with(|| {
                        table.push(s);
                        table.len() - 1
                    })
                });
            }
            blocks.push((body.len() - from, block.len()));
        }

        let mut payload = Vec::with_capacity(body.len() + table.len() * 48 + 128);
        match base {
            Some(b) => payload.extend_from_slice(b.to_string().as_bytes()),
            None => payload.push(b'-'),
        }
        payload.push(b' ');
        payload.extend_from_slice(tip.to_string().as_bytes());
        for n in [records.len(), table.len(), blocks.len()] {
            payload.push(b' ');
            number(&mut payload, n as i64);
        }
        payload.push(b'\n');
        for s in &table {
            string(&mut payload, s);
            payload.push(b'\n');
        }
        for (bytes, count) in &blocks {
            number(&mut payload, *bytes as i64);
            payload.push(b' ');
            number(&mut payload, *count as i64);
            payload.push(b'\n');
        }
        payload.extend_from_slice(&body);
        out.extend_from_slice(
            format!("{} {:016x}\n", payload.len(), checksum(&payload)).as_bytes(),
        );
        out.extend_from_slice(&payload);
    }

    /// One record, one line (its text may hold more lines): flags and
    /// action, time, id, the six repeated fields by number, then the answered
    /// record and the quote if there are, the summary and the text.
    fn record<'r>(
        out: &mut Vec<u8>,
        r: &'r ReviewRecord,
        mut number_of: impl FnMut(&'r str) -> usize,
    ) {
        let raw_id = is_commit_id(&r.id);
        let flags = u8::from(r.reply_to.is_some())
            | u8::from(r.quote.is_some()) << 1
            | u8::from(raw_id) << 2;
        out.push(b'0' + flags);
        out.push(b'0' + ACTIONS.iter().position(|a| *a == r.action).unwrap_or(0) as u8);
        out.push(b' ');
        number(out, r.time.seconds);
        out.push(b' ');
        number(out, i64::from(r.time.offset_minutes));
        out.push(b' ');
        if raw_id {
            out.extend_from_slice(r.id.as_bytes());
        } else {
            string(out, &r.id);
        }
        for s in [
            &r.author_name,
            &r.author_email,
            &r.draft,
            &r.section,
            &r.revision,
            &r.section_hash,
        ] {
            out.push(b' ');
            number(out, number_of(s) as i64);
        }
        for s in [&r.reply_to, &r.quote].into_iter().flatten() {
            out.push(b' ');
            string(out, s);
        }
        out.push(b' ');
        string(out, &r.summary);
        out.push(b' ');
        string(out, &r.text);
        out.push(b'\n');
    }

    fn number(out: &mut Vec<u8>, n: i64) {
        if n < 0 {
            out.push(b'-');
        }
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut v = n.unsigned_abs();
        loop {
            at -= 1;
            digits[at] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        out.extend_from_slice(&digits[at..]);
    }

    fn string(out: &mut Vec<u8>, s: &str) {
        number(out, s.len() as i64);
        out.push(b':');
        out.extend_from_slice(s.as_bytes());
    }

    /// A commit id as `Oid` writes it: 40 lowercase hex digits.
    fn is_commit_id(id: &str) -> bool {
        id.len() == 40 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    }

    pub fn decode(bytes: &[u8]) -> Option<Loaded> {
        let mut rest = bytes.strip_prefix(MAGIC)?;
        let mut tip: Option<Oid> = None;
        let mut records = Vec::new();
        let mut appendable = true;
        while !rest.is_empty() {
            let Some((sum, payload, after)) = chunk(rest) else {
                // Cut short: the records so far are still good.
                appendable = false;
                break;
            };
            rest = after;
            if checksum(payload) != sum {
                return None;
            }
            let mut r = Reader(payload);
            let base = r.word()?;
            let chunk_tip = Oid::from_str(r.word_str()?).ok()?;
            let follows = match (tip, base) {
                (None, b"-") => true,
                (Some(t), base) => std::str::from_utf8(base).ok() == Some(&t.to_string()[..]),
                _ => false,
            };
            if !follows {
                continue;
            }
            decode_records(r, &mut records)?;
            tip = Some(chunk_tip);
        }
        Some(Loaded {
            tip: tip?,
            records,
            appendable,
        })
    }

    /// `(checksum, payload, what follows)`, or `None` if the chunk is cut
    /// short.
    fn chunk(bytes: &[u8]) -> Option<(u64, &[u8], &[u8])> {
        let eol = bytes.iter().position(|&b| b == b'\n')?;
        let (len, sum) = std::str::from_utf8(&bytes[..eol]).ok()?.split_once(' ')?;
        let len: usize = len.parse().ok()?;
        let sum = u64::from_str_radix(sum, 16).ok()?;
        let payload = bytes.get(eol + 1..eol + 1 + len)?;
        Some((sum, payload, &bytes[eol + 1 + len..]))
    }

    /// Decodes a chunk's records (after its tips) onto the end of `out`.
    fn decode_records(mut r: Reader<'_>, out: &mut Vec<ReviewRecord>) -> Option<()> {
        let count = r.count()?;
        let table_len = r.count()?;
        let block_count = r.count()?;
        r.newline()?;
        let mut table = Vec::with_capacity(table_len.min(r.0.len()));
        for _ in 0..table_len {
            table.push(r.string()?);
            r.newline()?;
        }
        let mut lengths = Vec::with_capacity(block_count.min(r.0.len()));
        for _ in 0..block_count {
            let bytes = r.count()?;
            let n = r.count()?;
            r.newline()?;
            lengths.push((bytes, n));
        }
        let mut blocks: Vec<(&[u8], usize)> = Vec::with_capacity(lengths.len());
        for (bytes, n) in lengths {
            blocks.push((r.take(bytes)?, n));
        }
        if !r.0.is_empty() || blocks.iter().map(|b| b.1).sum::<usize>() != count {
            return None;
        }
        out.reserve(count);
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(MAX_THREADS)
            .min(blocks.len());
        if count < PARALLEL_FROM || threads < 2 {
            return decode_blocks(&blocks, &table, out);
        }
        // Contiguous runs of blocks, one per thread; this thread takes the
        // first run, straight into `out`, the others are appended in order.
        let per = blocks.len().div_ceil(threads);
        let mut runs = blocks.chunks(per);
        let first = runs.next().unwrap_or_default();
        std::thread::scope(|s| {
            let others: Vec<_> = runs
                .map(|run| {
                    let table = &table;
                    s.spawn(move || {
                        let mut part = Vec::with_capacity(run.iter().map(|b| b.1).sum());
                        decode_blocks(run, table, &mut part).map(|()| part)
                    })
                })
                .collect();
            let mine = decode_blocks(first, &table, out);
            let mut ok = mine.is_some();
            for handle in others {
                match handle.join().ok().flatten() {
                    Some(part) if ok => out.extend(part),
                    _ => ok = false,
                }
            }
            ok.then_some(())
        })
    }

    fn decode_blocks(
        blocks: &[(&[u8], usize)],
        table: &[&str],
        out: &mut Vec<ReviewRecord>,
    ) -> Option<()> {
        for &(bytes, count) in blocks {
            // The block is checked as UTF-8 once; its strings are slices of it.
            let text = std::str::from_utf8(bytes).ok()?;
            let mut r = Reader(text.as_bytes());
            for _ in 0..count {
                let record = r.record(text, table)?;
                out.push(record);
            }
            if !r.0.is_empty() {
                return None;
            }
        }
        Some(())
    }

    /// Reads a chunk's text from the front.
    struct Reader<'a>(&'a [u8]);

    impl<'a> Reader<'a> {
        fn take(&mut self, n: usize) -> Option<&'a [u8]> {
            if self.0.len() < n {
                return None;
            }
            let (head, tail) = self.0.split_at(n);
            self.0 = tail;
            Some(head)
        }

        fn byte(&mut self) -> Option<u8> {
            Some(self.take(1)?[0])
        }

        fn newline(&mut self) -> Option<()> {
            (self.byte()? == b'\n').then_some(())
        }

        /// Up to the next space or newline (which is skipped if a space).
        fn word(&mut self) -> Option<&'a [u8]> {
            let end = self
                .0
                .iter()
                .position(|&b| b == b' ' || b == b'\n')
                .unwrap_or(self.0.len());
            let word = self.take(end)?;
            if self.0.first() == Some(&b' ') {
                self.0 = &self.0[1..];
            }
            Some(word)
        }

        fn word_str(&mut self) -> Option<&'a str> {
            std::str::from_utf8(self.word()?).ok()
        }

        /// A decimal number ending at a space, a newline, a colon or the end.
        fn int(&mut self) -> Option<i64> {
            let negative = self.0.first() == Some(&b'-');
            if negative {
                self.0 = &self.0[1..];
            }
            let digits = self.0.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits == 0 || digits > 18 {
                return None;
            }
            let n = self.0[..digits]
                .iter()
                .fold(0i64, |n, d| n * 10 + i64::from(d - b'0'));
            self.0 = &self.0[digits..];
            Some(if negative { -n } else { n })
        }

        fn count(&mut self) -> Option<usize> {
            let n = usize::try_from(self.int()?).ok()?;
            self.space();
            Some(n)
        }

        fn space(&mut self) {
            if self.0.first() == Some(&b' ') {
                self.0 = &self.0[1..];
            }
        }

        /// `<length>:<bytes>`, checked as UTF-8 (for the header's strings).
        fn string(&mut self) -> Option<&'a str> {
            let len = usize::try_from(self.int()?).ok()?;
            if self.byte()? != b':' {
                return None;
            }
            std::str::from_utf8(self.take(len)?).ok()
        }

        /// `<length>:<bytes>` inside `text`, which this reader reads and
        /// which is UTF-8 already: only the ends are checked.
        fn slice(&mut self, text: &'a str) -> Option<&'a str> {
            let len = usize::try_from(self.int()?).ok()?;
            if self.byte()? != b':' {
                return None;
            }
            let start = text.len() - self.0.len();
            self.take(len)?;
            text.get(start..start + len)
        }

        fn record(&mut self, text: &'a str, table: &[&str]) -> Option<ReviewRecord> {
            let flags = self.byte()?.checked_sub(b'0').filter(|f| *f < 8)?;
            let action = *ACTIONS.get(usize::from(self.byte()?.checked_sub(b'0')?))?;
            self.space();
            let seconds = self.int()?;
            self.space();
            let offset_minutes = i32::try_from(self.int()?).ok()?;
            self.space();
            let id = if flags & 4 != 0 {
                let start = text.len() - self.0.len();
                self.take(40)?;
                text.get(start..start + 40)?.to_owned()
            } else {
                self.slice(text)?.to_owned()
            };
            let mut shared = || -> Option<String> {
                self.space();
                let n = usize::try_from(self.int()?).ok()?;
                table.get(n).map(|s| (*s).to_owned())
            };
            let author_name = shared()?;
            let author_email = shared()?;
            let draft = shared()?;
            let section = shared()?;
            let revision = shared()?;
            let section_hash = shared()?;
            let mut optional = |present: bool| -> Option<Option<String>> {
                if !present {
                    return Some(None);
                }
                self.space();
                Some(Some(self.slice(text)?.to_owned()))
            };
            let reply_to = optional(flags & 1 != 0)?;
            let quote = optional(flags & 2 != 0)?;
            self.space();
            let summary = self.slice(text)?.to_owned();
            self.space();
            let body = self.slice(text)?.to_owned();
            self.newline()?;
            Some(ReviewRecord {
                id,
                author_name,
                author_email,
                time: Moment {
                    seconds,
                    offset_minutes,
                },
                action,
                draft,
                section,
                revision,
                section_hash,
                reply_to,
                quote,
                summary,
                text: body,
            })
        }
    }

    /// A fast 64-bit checksum (four multiply-rotate lanes over 8-byte
    /// words), to tell a damaged file from a good one; not cryptographic.
    fn checksum(data: &[u8]) -> u64 {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut lanes = [K, K.rotate_left(16), K.rotate_left(32), K.rotate_left(48)];
        let mut blocks = data.chunks_exact(32);
        for block in &mut blocks {
            for (lane, word) in lanes.iter_mut().zip(block.chunks_exact(8)) {
                let w = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
                *lane = (*lane ^ w).wrapping_mul(K).rotate_left(29);
            }
        }
        let mut h = data.len() as u64;
        for lane in lanes {
            h = (h ^ lane).wrapping_mul(K).rotate_left(31);
        }
        for &b in blocks.remainder() {
            h = (h ^ u64::from(b)).wrapping_mul(K).rotate_left(11);
        }
        h ^ (h >> 29)
    }
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

    /// The walk as it was written before it read commits itself: libgit2
    /// parses each commit.
    fn walk_with_libgit2(store: &Store, tip: Oid) -> Vec<ReviewRecord> {
        let reader = CommitReader {
            repo: &store.repo,
            odb: None,
        };
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        seen.insert(tip);
        let mut stack = vec![(reader.read(tip).unwrap(), 0)];
        while let Some((node, done)) = stack.last_mut() {
            if let Some(parent) = node.parent(*done) {
                *done += 1;
                if seen.insert(parent) {
                    stack.push((reader.read(parent).unwrap(), 0));
                }
            } else if let Some((node, _)) = stack.pop() {
                out.extend(node.record);
            }
        }
        out
    }

    #[test]
    fn the_commit_parser_agrees_with_libgit2() {
        let (_dir, store) = new_store();
        let odb = store.repo.odb().unwrap();
        let tree = store.repo.treebuilder(None).unwrap().write().unwrap();
        let msg = message(0, None);
        let (p1, p2) = ("1".repeat(40), "2".repeat(40));
        let sig = "Lê Thị Hoa <hoa.lt@tanyen.example> 1700000000 +0700";
        // (commit, whether this parser takes it rather than libgit2)
        let cases: Vec<(Vec<u8>, bool)> = vec![
            (format!("tree {tree}\nauthor {sig}\ncommitter {sig}\n\n{msg}").into(), true),
            (
                format!(
                    "tree {tree}\nparent {p1}\nparent {p2}\nauthor  \"Đỗ Minh Tuấn\",  <  tuan.dm@x ; > 1700000000 -0130\ncommitter A <a@b> 1 +1460\nencoding UTF-8\ngpgsig -----BEGIN-----\n abc\n -----END-----\n\n\n\n{msg}"
                )
                .into(),
                true,
            ),
            (
                format!("tree {tree}\nparent {p1}\nauthor A <b> <c@d> 99 +1500\ncommitter A <a@b> 1 +0000\n\n{msg}\0after a NUL").into(),
                true,
            ),
            (
                format!("tree {tree}\nauthor A\0B <a@b> 5 +0000\ncommitter A <a@b> 1 +0000\n\n{msg}").into(),
                true,
            ),
            (
                format!("tree {}\nauthor A <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\n{msg}", tree.to_string().to_uppercase()).into(),
                true,
            ),
            (format!("tree {tree}\nauthor A <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n").into(), true),
            // No newline after the committer: libgit2 refuses it, and so
            // does the walk.
            (format!("tree {tree}\nauthor A <a@b> 1 +0000\ncommitter A <a@b> 1 +0000").into(), false),
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
                true,
            ),
            // Left to libgit2: no time, two authors, a bad time.
            (format!("tree {tree}\nauthor A <a@b>\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), false),
            (
                format!("tree {tree}\nauthor A <a@b> 1 +0000\nauthor B <b@c> 2 +0000\ncommitter A <a@b> 1 +0000\n\n{msg}").into(),
                false,
            ),
            (format!("tree {tree}\nauthor A <a@b> 1x +0000\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), false),
        ];
        let reader = CommitReader::new(&store.repo).unwrap();
        for (body, ours) in cases {
            let shown = String::from_utf8_lossy(&body).into_owned();
            let id = odb.write(ObjectType::Commit, &body).unwrap();
            assert_eq!(read_raw(&odb, id).is_some(), ours, "{shown}");
            match (reader.read(id), reader.read_with_libgit2(id)) {
                (Ok(got), Ok(expected)) => {
                    assert_eq!(got.first_parent, expected.first_parent);
                    assert_eq!(got.other_parents, expected.other_parents);
                    assert_eq!(got.record, expected.record, "{shown}");
                }
                (Err(got), Err(expected)) => assert_eq!(got.to_string(), expected.to_string()),
                (got, expected) => panic!("{shown}: {:?} vs {:?}", got.is_ok(), expected.is_ok()),
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
            let mut bytes = index::MAGIC.to_vec();
            index::encode_chunk(&mut bytes, None, oid('a'), &records[..half]);
            let one = bytes.len();
            let loaded = index::decode(&bytes).expect("decodes");
            assert_eq!((loaded.tip, loaded.appendable), (oid('a'), true));
            assert!(loaded.records == records[..half]);
            assert!(std::str::from_utf8(&bytes).is_ok(), "the index is text");

            index::encode_chunk(&mut bytes, Some(oid('a')), oid('b'), &records[half..]);
            let loaded = index::decode(&bytes).expect("decodes");
            assert_eq!(loaded.tip, oid('b'));
            assert!(loaded.records == records);

            // A chunk that does not follow on is skipped.
            let mut raced = bytes.clone();
            index::encode_chunk(&mut raced, Some(oid('a')), oid('c'), &records[..n.min(1)]);
            let loaded = index::decode(&raced).expect("decodes");
            assert_eq!((loaded.tip, loaded.appendable), (oid('b'), true));
            assert!(loaded.records == records);

            // Cut short: what came before.
            let loaded = index::decode(&bytes[..bytes.len() - 1]).expect("decodes");
            assert_eq!((loaded.tip, loaded.appendable), (oid('a'), false));
            assert!(loaded.records == records[..half]);

            // Damaged anywhere in a chunk: unusable.
            for at in [index::MAGIC.len() + 30, one + 40, bytes.len() - 2] {
                let mut damaged = bytes.clone();
                damaged[at] ^= 0x01;
                assert!(index::decode(&damaged).is_none(), "damage at {at}");
            }
        }
        for garbage in [
            &b""[..],
            b"duyet-reviews-index 3\n",
            b"{\"version\":1}",
            b"\xff\xfe",
        ] {
            assert!(index::decode(garbage).is_none());
        }
    }
}
