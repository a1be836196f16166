//! What a push brings to a hub, read inside git's `pre-receive` hook
//! (`duyet hook pre-receive`): the new objects are still in git's
//! quarantine folder then, which libgit2 does not know of, so it is added
//! as an alternate object database before anything is read.

use std::path::Path;

use super::reviews::reader::{CommitReader, Entry, Object};
use super::{CommitId, Result, Store};
use crate::core::review::{ReviewRecord, UnreadableRecord};

/// A commit the push brings, and its author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arriving {
    pub id: CommitId,
    pub author_name: String,
    pub author_email: String,
    pub parents: usize,
}

/// What one commit on the records ref holds.
#[derive(Debug, Clone)]
pub enum ArrivingRecord {
    Record(Box<ReviewRecord>),
    Unreadable(UnreadableRecord),
    /// A merge that unites records (no record itself).
    Union,
}

impl Store {
    /// Opens the repository a hook runs in, with the objects the push
    /// brings: git names the quarantine folder in `GIT_OBJECT_DIRECTORY`
    /// (and `GIT_QUARANTINE_PATH`); each folder is added once.
    pub fn open_in_hook(path: &Path) -> Result<Store> {
        let store = Store::open(Some(path))?;
        store.add_quarantine()?;
        Ok(store)
    }

    fn add_quarantine(&self) -> Result<()> {
        let odb = self.repo.odb()?;
        let mut added: Vec<std::path::PathBuf> = Vec::new();
        for var in ["GIT_QUARANTINE_PATH", "GIT_OBJECT_DIRECTORY"] {
            if let Some(dir) = std::env::var_os(var) {
                let dir = Path::new(&dir);
                let dir = if dir.is_relative() {
                    std::env::current_dir().unwrap_or_default().join(dir)
                } else {
                    dir.to_path_buf()
                };
                if dir.is_dir() && !added.contains(&dir) {
                    if let Some(text) = dir.to_str() {
                        odb.add_disk_alternate(text)?;
                    }
                    added.push(dir);
                }
            }
        }
        Ok(())
    }

    /// The commits in `new`'s history that are not in `old`'s, newest
    /// first, with their authors. A commit libgit2 cannot parse fails the
    /// walk (and so the push that brings it).
    pub fn arriving(&self, new: CommitId, old: Option<CommitId>) -> Result<Vec<Arriving>> {
        let mut walk = self.repo.revwalk()?;
        walk.push(new.git())?;
        if let Some(old) = old {
            walk.hide(old.git())?;
        }
        let mut out = Vec::new();
        for id in walk {
            let commit = self.repo.find_commit(id?)?;
            let author = commit.author();
            out.push(Arriving {
                id: CommitId::from_git(commit.id()),
                author_name: String::from_utf8_lossy(author.name_bytes()).into_owned(),
                author_email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
                parents: commit.parent_count(),
            });
        }
        Ok(out)
    }

    /// Commits of the records ref read as duyet reads records (one reader
    /// for them all), in the same order.
    pub fn records_at(&self, ids: &[CommitId]) -> Result<Vec<ArrivingRecord>> {
        let reader = CommitReader::new(&self.repo)?;
        Ok(ids
            .iter()
            .map(|id| match reader.read(id.git()) {
                Object::Commit(node) => match node.entry {
                    Entry::Record(r) => ArrivingRecord::Record(Box::new(r)),
                    Entry::Unreadable(u) => ArrivingRecord::Unreadable(u),
                    Entry::Nothing => ArrivingRecord::Union,
                },
                _ => ArrivingRecord::Unreadable(UnreadableRecord {
                    id: id.to_string(),
                    reason: "it is not a commit that can be read".to_owned(),
                    draft: None,
                }),
            })
            .collect())
    }

    /// Whether `ancestor` is in `tip`'s history or is `tip`.
    pub fn has_in_history(&self, tip: CommitId, ancestor: CommitId) -> Result<bool> {
        Ok(tip == ancestor || self.descends(tip.git(), ancestor.git())?)
    }
}
