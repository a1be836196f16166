//! Review records on `refs/duyet/reviews`: appending one safely while others
//! append too, and reading them all back — from an index keyed by the ref's
//! tip when one exists, so a later start reads only the new records.

use std::path::PathBuf;

use git2::{ErrorCode, Oid, Sort};

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
        let (mut records, from, path) = match index {
            Some(index) => match Oid::from_str(&index.tip) {
                Ok(old) if self.repo.graph_descendant_of(tip, old).unwrap_or(false) => {
                    (index.records, Some(old), None)
                }
                _ => (Vec::new(), None, Some(ReadPath::Full)),
            },
            None => (Vec::new(), None, Some(ReadPath::Full)),
        };
        let new = self.walk_records(tip, from)?;
        let path = path.unwrap_or(ReadPath::Updated(new.len()));
        records.extend(new);
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
            Some(tip) => self.walk_records(tip, None),
            None => Ok(Vec::new()),
        }
    }

    /// Records reachable from `tip` but not from `hide`, oldest first.
    fn walk_records(&self, tip: Oid, hide: Option<Oid>) -> Result<Vec<ReviewRecord>> {
        let mut walk = self.repo.revwalk()?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
        walk.push(tip)?;
        if let Some(h) = hide {
            walk.hide(h)?;
        }
        let mut out = Vec::new();
        for id in walk {
            let commit = self.repo.find_commit(id?)?;
            let info = revision_info(&commit);
            let author = Identity {
                name: info.author,
                email: info.email,
            };
            let message = String::from_utf8_lossy(commit.message_bytes());
            if let Some(r) = ReviewRecord::parse(&id_hex(commit.id()), &author, info.time, &message)
            {
                out.push(r);
            }
        }
        Ok(out)
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
        let tmp = dir.join(format!("reviews-index.{}.tmp", std::process::id()));
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
