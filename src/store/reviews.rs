//! Review records on `refs/duyet/reviews`: appending one safely while others
//! append too, and reading them all back — from an index keyed by the ref's
//! tip when one exists, so a later start reads only the new records.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use git2::{ErrorCode, Oid};

use super::{Result, Store, StoreError, revision_info, signature};
use crate::core::review::{REVIEWS_REF, ReviewRecord};
use crate::core::{Identity, Moment};

/// How many times a record is re-parented onto a moved tip before giving up.
const MAX_ATTEMPTS: u32 = 1000;

/// The index file inside `.git`; a cache, safe to delete at any time.
const INDEX_FILE: &str = "duyet/reviews-index.json";
const INDEX_VERSION: u32 = 1;

#[derive(serde::Serialize, serde::Deserialize)]
struct Index {
    version: u32,
    /// The ref's tip these records were read up to.
    tip: String,
    records: Vec<ReviewRecord>,
}

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

impl Store {
    /// The tip of the records ref, if any record was ever written.
    pub fn reviews_tip(&self) -> Result<Option<Oid>> {
        match self.repo.refname_to_id(REVIEWS_REF) {
            Ok(id) => Ok(Some(id)),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Appends one record (a commit with an empty tree whose message is
    /// `message`) to the records ref. The commit is built on the tip as read;
    /// the ref moves only if it is still there (compare-and-swap). If another
    /// writer moved it first, the commit is rebuilt on the new tip and the
    /// swap tried again, so no record is lost or written twice.
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
            let parent = tip.map(|t| self.repo.find_commit(t)).transpose()?;
            let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
            let id = self
                .repo
                .commit(None, &sig, &sig, message, &tree, &parents)?;
            let log = "duyet: review record";
            let swapped = match tip {
                Some(t) => self.repo.reference_matching(REVIEWS_REF, id, true, t, log),
                None => self.repo.reference(REVIEWS_REF, id, false, log),
            };
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

    /// Every record, oldest first, and how they were read.
    pub fn read_records(&self) -> Result<(Vec<ReviewRecord>, ReadPath)> {
        let Some(tip) = self.reviews_tip()? else {
            return Ok((Vec::new(), ReadPath::Empty));
        };
        let index = self.load_index();
        if let Some(index) = &index {
            if index.tip == tip.to_string() {
                let records = index.records.clone();
                return Ok((records, ReadPath::Cached));
            }
        }
        // The index is used only when the new commits are a plain chain on
        // top of its tip: then the full order (`walk_records`) is provably
        // the index's records followed by the chain's. Anything else (a
        // merge of two clones' records, a rewound or rewritten ref) is read
        // in full.
        let chain = match &index {
            Some(index) => match Oid::from_str(&index.tip) {
                Ok(old) => self.chain_since(tip, old)?,
                Err(_) => None,
            },
            None => None,
        };
        let (records, path) = match (index, chain) {
            (Some(index), Some(chain)) => {
                let mut records = index.records;
                let before = records.len();
                for id in chain.into_iter().rev() {
                    records.extend(self.record_at(id)?);
                }
                let new = records.len() - before;
                (records, ReadPath::Updated(new))
            }
            _ => (self.walk_records(tip)?, ReadPath::Full),
        };
        self.save_index(&Index {
            version: INDEX_VERSION,
            tip: tip.to_string(),
            records: records.clone(),
        });
        Ok((records, path))
    }

    /// Reads every record without the index (what `git log` would show).
    pub fn read_records_uncached(&self) -> Result<Vec<ReviewRecord>> {
        match self.reviews_tip()? {
            Some(tip) => self.walk_records(tip),
            None => Ok(Vec::new()),
        }
    }

    /// Every record reachable from `tip`, oldest first, in one canonical
    /// order that depends only on the graph: a commit comes after its
    /// parents; the history of a merge's first parent comes first, then what
    /// its second parent adds, and so on. So a record appended on top of a
    /// tip always comes after everything that tip already had.
    fn walk_records(&self, tip: Oid) -> Result<Vec<ReviewRecord>> {
        let mut out = Vec::new();
        let mut seen: HashSet<Oid> = HashSet::new();
        seen.insert(tip);
        // (commit, its parents, how many of them are done): an explicit
        // stack, since a chain of records is as deep as it is long.
        let mut stack: Vec<(Oid, Vec<Oid>, usize)> = vec![(tip, self.parent_ids(tip)?, 0)];
        while let Some((id, parents, done)) = stack.last_mut() {
            if let Some(&parent) = parents.get(*done) {
                *done += 1;
                if seen.insert(parent) {
                    let grand = self.parent_ids(parent)?;
                    stack.push((parent, grand, 0));
                }
            } else {
                let id = *id;
                stack.pop();
                out.extend(self.record_at(id)?);
            }
        }
        Ok(out)
    }

    fn parent_ids(&self, id: Oid) -> Result<Vec<Oid>> {
        Ok(self.repo.find_commit(id)?.parent_ids().collect())
    }

    /// The commits from `tip` back to (not including) `old`, newest first,
    /// if they form a chain of one-parent commits ending on `old`; `None`
    /// otherwise.
    fn chain_since(&self, tip: Oid, old: Oid) -> Result<Option<Vec<Oid>>> {
        let mut chain = Vec::new();
        let mut at = tip;
        while at != old {
            let commit = self.repo.find_commit(at)?;
            if commit.parent_count() != 1 {
                return Ok(None);
            }
            chain.push(at);
            at = commit.parent_id(0)?;
        }
        Ok(Some(chain))
    }

    /// The record in commit `id`, if it is one.
    fn record_at(&self, id: Oid) -> Result<Option<ReviewRecord>> {
        let commit = self.repo.find_commit(id)?;
        let info = revision_info(&commit);
        let author = Identity {
            name: info.author,
            email: info.email,
        };
        let message = String::from_utf8_lossy(commit.message_bytes());
        Ok(ReviewRecord::parse(
            &id_hex(commit.id()),
            &author,
            info.time,
            &message,
        ))
    }

    /// Where the records index lives (a cache: deleting it only costs time).
    pub fn records_index_path(&self) -> PathBuf {
        self.repo.path().join(INDEX_FILE)
    }

    fn index_path(&self) -> PathBuf {
        self.records_index_path()
    }

    fn load_index(&self) -> Option<Index> {
        let bytes = std::fs::read(self.index_path()).ok()?;
        let index: Index = serde_json::from_slice(&bytes).ok()?;
        (index.version == INDEX_VERSION).then_some(index)
    }

    /// Best effort: a failure to write the cache only costs time next start.
    fn save_index(&self, index: &Index) {
        let path = self.index_path();
        let Some(dir) = path.parent() else { return };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        // Unique per process and per call, so two threads never write the
        // same temporary file.
        static SAVES: AtomicU64 = AtomicU64::new(0);
        let n = SAVES.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!("reviews-index.{}.{n}.tmp", std::process::id()));
        let Ok(bytes) = serde_json::to_vec(index) else {
            return;
        };
        if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, &path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

fn id_hex(id: Oid) -> String {
    id.to_string()
}
