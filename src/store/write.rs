//! Writing commits on branches: the tree built from the parent's, the
//! commit encoded by duyet (`commit::encode`), and the branch moved by
//! compare-and-swap under its lock (`swap_ref`), the checked-out work tree
//! following (`worktree.rs`). Also the one place a signature is built.

use std::path::Path;
use std::time::{Duration, Instant};

use git2::{ErrorCode, ObjectType, Oid, Signature, Time};

use super::{CommitId, GitError, Result, Store, StoreError, commit, files, sign, worktree};
use crate::core::{Identity, Moment};

/// How long a ref update waits for another writer's lock before saying the
/// ref is locked (a lock older than `files::STALE_LOCK_AGE` is removed).
const LOCK_WAIT: Duration = Duration::from_secs(1);

/// How a compare-and-swap of a ref went (`Store::swap_ref`).
pub(super) enum Swap {
    Done,
    /// The ref is not where it was expected: someone else moved it first.
    Moved,
}

/// One file to write in a commit.
pub struct FileChange<'a> {
    pub path: &'a str,
    pub contents: &'a [u8],
}

impl Store {
    /// Writes a commit on `branch` that changes `files` on top of its tip, and
    /// moves the branch only if its tip is still `expected_tip` (`None`: the
    /// branch must not exist yet). On a race nothing is changed and
    /// `StoreError::Moved` is returned. Where the branch is checked out, the
    /// work tree follows (see `commit_on`).
    pub fn commit_files(
        &self,
        branch: &str,
        expected_tip: Option<CommitId>,
        files: &[FileChange<'_>],
        author: &Identity,
        when: Option<Moment>,
        message: &str,
    ) -> Result<CommitId> {
        let expected_tip = expected_tip.map(CommitId::git);
        self.commit_on(branch, expected_tip, None, files, author, when, message)
            .map(CommitId::from_git)
    }

    /// Like `commit_files`, but a merge commit: its second parent is `other`
    /// (the department's tip), so `git log --graph` shows whose work came in.
    #[allow(clippy::too_many_arguments)]
    pub fn commit_merge(
        &self,
        branch: &str,
        expected_tip: CommitId,
        other: CommitId,
        files: &[FileChange<'_>],
        author: &Identity,
        when: Option<Moment>,
        message: &str,
    ) -> Result<CommitId> {
        self.commit_on(
            branch,
            Some(expected_tip.git()),
            Some(other.git()),
            files,
            author,
            when,
            message,
        )
        .map(CommitId::from_git)
    }

    /// Writes the commit and moves the branch. When the branch is checked out
    /// in a work tree, the files the commit changes must be clean there
    /// (checked before anything is written) and are updated after the move,
    /// so the work tree never holds what looks like an undo of the commit.
    #[allow(clippy::too_many_arguments)]
    fn commit_on(
        &self,
        branch: &str,
        expected_tip: Option<Oid>,
        other: Option<Oid>,
        files: &[FileChange<'_>],
        author: &Identity,
        when: Option<Moment>,
        message: &str,
    ) -> Result<Oid> {
        let base_tree = expected_tip.map(|id| self.tree_of(id)).transpose()?;
        let refname = format!("refs/heads/{branch}");
        let moved = || StoreError::Moved {
            refname: refname.clone(),
        };
        let mut checked_out =
            worktree::CheckedOut::lock(&self.repo, branch, base_tree.as_ref(), files)?;
        if let Some(c) = &mut checked_out {
            // Under the index lock: a writer that moved the branch first has
            // also finished updating the work tree.
            if self.tip(&refname)? != expected_tip {
                return Err(moved());
            }
            c.check()?;
        }
        let sig = signature(author, when)?;
        let parents: Vec<Oid> = expected_tip.into_iter().chain(other).collect();
        let commit = self.as_writer(|| {
            let mut tree_id = base_tree.as_ref().map(|t| t.id());
            for f in files {
                let blob = self.repo.blob(f.contents)?;
                tree_id = Some(self.put_path(tree_id, f.path, blob)?);
            }
            let tree_id = match tree_id {
                Some(id) => id,
                None => self.repo.treebuilder(None)?.write()?,
            };
            self.write_commit(tree_id, &parents, &sig, message)
        })?;
        match self.swap_ref(&refname, expected_tip, commit, message)? {
            Swap::Done => {}
            // The branch is no longer at `expected_tip`: it moved, was
            // deleted meanwhile, or created meanwhile.
            Swap::Moved => return Err(moved()),
        }
        if let Some(c) = checked_out {
            c.update(commit)?;
        }
        Ok(commit)
    }

    /// Writes a commit (`commit::encode`: libgit2's bytes, from parent ids,
    /// so a parent libgit2 cannot parse is built on too) and returns its id.
    /// As libgit2 does, it checks that the parents are commits here.
    pub(super) fn write_commit(
        &self,
        tree: Oid,
        parents: &[Oid],
        sig: &Signature<'_>,
        message: &str,
    ) -> Result<Oid> {
        // Git reads a message up to its first NUL: a record's trailers after
        // one would be lost, and the record with them.
        if message.contains('\0') {
            return Err(StoreError::NulInMessage);
        }
        let odb = self.repo.odb()?;
        for p in parents {
            if !matches!(odb.read_header(*p), Ok((_, ObjectType::Commit))) {
                return Err(StoreError::from(git2::Error::from_str(&format!(
                    "cannot write a commit on {p}: it is no commit of this repository"
                ))));
            }
        }
        let signer = sign::Signer::from_config(&self.repo)?;
        let bytes = commit::encode(tree, parents, sig, sig, message).ok_or_else(|| {
            StoreError::BadSignature {
                who: format!(
                    "{} <{}>",
                    String::from_utf8_lossy(sig.name_bytes()),
                    String::from_utf8_lossy(sig.email_bytes())
                ),
                why: "its time is before 1970 or after 2106, which git's format as libgit2 writes it cannot hold".to_owned(),
            }
        })?;
        let bytes = match signer {
            Some(signer) => sign::with_signature(&bytes, &signer.sign(&bytes)?),
            None => bytes,
        };
        Ok(odb.write(ObjectType::Commit, &bytes)?)
    }

    /// Returns the id of a tree equal to `base` with `path` set to `blob`.
    fn put_path(&self, base: Option<Oid>, path: &str, blob: Oid) -> Result<Oid> {
        let base_tree = base.map(|id| self.repo.find_tree(id)).transpose()?;
        let mut builder = self.repo.treebuilder(base_tree.as_ref())?;
        match path.split_once('/') {
            None => {
                let old = base_tree
                    .as_ref()
                    .and_then(|t| t.get_name(path))
                    .map(|e| e.filemode());
                builder.insert(path, blob, blob_mode(old))?;
            }
            Some((dir, rest)) => {
                let sub = base_tree
                    .as_ref()
                    .and_then(|t| t.get_name(dir))
                    .filter(|e| e.kind() == Some(ObjectType::Tree))
                    .map(|e| e.id());
                let sub = self.put_path(sub, rest, blob)?;
                builder.insert(dir, sub, 0o040000)?;
            }
        }
        Ok(builder.write()?)
    }

    /// Runs writes to the object database; a failure that comes from the
    /// repository being read-only for this user says so (`write_failed`).
    pub(super) fn as_writer<T>(&self, write: impl FnOnce() -> Result<T>) -> Result<T> {
        write().map_err(|e| match e {
            StoreError::Git(GitError(e)) => self.write_failed(e, None),
            other => other,
        })
    }

    /// A failed write as the person should read it: `ReadOnly` when the
    /// object database or `dir` (where a ref's lock goes) cannot be written
    /// by this user, else git's own error.
    pub(super) fn write_failed(&self, e: git2::Error, dir: Option<&Path>) -> StoreError {
        let objects = self.repo.commondir().join("objects");
        for dir in std::iter::once(objects.as_path()).chain(dir) {
            if let Err(source) = files::probe_writable(dir) {
                if files::is_read_only(&source) {
                    return StoreError::ReadOnly {
                        path: dir.to_path_buf(),
                        source,
                    };
                }
            }
        }
        StoreError::from(e)
    }

    /// Moves `refname` to `new` only if it is still at `expected` (`None`:
    /// it must not exist yet), under the ref's lock; `Swap::Moved` if it is
    /// not where it was expected. The zero id means "must not exist yet",
    /// checked under the lock (unlike `reference(…, force = false)`, which
    /// checks first). Another writer holds the lock for an instant while it
    /// moves the ref: this waits (up to `LOCK_WAIT`) and compares again. A
    /// lock left by a process that died (`files::clear_stale_lock`) is
    /// removed, noted in `.git/duyet/log`, and the swap tried again; a lock
    /// that stays is `StoreError::Locked`, which says what to do.
    pub(super) fn swap_ref(
        &self,
        refname: &str,
        expected: Option<Oid>,
        new: Oid,
        message: &str,
    ) -> Result<Swap> {
        let expected = expected.unwrap_or(Oid::ZERO_SHA1);
        let lock = self.repo.commondir().join(format!("{refname}.lock"));
        let started = Instant::now();
        let mut waits: u64 = 0;
        let mut removed = 0;
        loop {
            let err = match self
                .repo
                .reference_matching(refname, new, true, expected, message)
            {
                Ok(_) => return Ok(Swap::Done),
                Err(e) => e,
            };
            match err.code() {
                ErrorCode::Modified | ErrorCode::Exists | ErrorCode::NotFound => {
                    return Ok(Swap::Moved);
                }
                ErrorCode::Locked => {}
                _ => return Err(self.write_failed(err, lock.parent())),
            }
            match files::clear_stale_lock(&lock) {
                files::Lock::Removed(age) if removed < 3 => {
                    removed += 1;
                    files::log(
                        self.repo.path(),
                        &format!(
                            "removed the stale lock {} ({} s old: a process stopped while it was moving {refname}, and git never removes a lock itself)",
                            lock.display(),
                            age.as_secs()
                        ),
                    );
                    continue;
                }
                files::Lock::Held(age) if started.elapsed() >= LOCK_WAIT => {
                    return Err(StoreError::Locked {
                        refname: refname.to_owned(),
                        lock,
                        age,
                    });
                }
                _ if started.elapsed() >= LOCK_WAIT * 2 => {
                    return Err(StoreError::Locked {
                        refname: refname.to_owned(),
                        lock,
                        age: None,
                    });
                }
                _ => {}
            }
            // Spread by process id so writers do not retry in lockstep.
            waits += 1;
            let spread = u64::from(std::process::id() % 7);
            std::thread::sleep(Duration::from_micros(200 * (1 + spread) * waits.min(25)));
        }
    }

    /// Where `refname` points now; `None` when it does not exist.
    pub(super) fn tip(&self, refname: &str) -> Result<Option<Oid>> {
        match self.repo.refname_to_id(refname) {
            Ok(id) => Ok(Some(id)),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }
}

/// The mode of a file duyet writes: executable if it was, else a plain file.
pub(super) fn blob_mode(old: Option<i32>) -> i32 {
    if old == Some(0o100755) {
        0o100755
    } else {
        0o100644
    }
}

/// The one place a commit signature is built: an identity that fails
/// `Identity::check` (a line break would end the header; a control character
/// would reach every terminal that shows the log) is refused here, whatever
/// path it came by, so nothing is written.
pub(super) fn signature(who: &Identity, when: Option<Moment>) -> Result<Signature<'static>> {
    Identity::check(&who.name, &who.email).map_err(StoreError::Author)?;
    let refused = |why: String| StoreError::BadSignature {
        who: who.to_string().escape_debug().to_string(),
        why,
    };
    match when {
        Some(m) => Signature::new(
            &who.name,
            &who.email,
            &Time::new(m.seconds, m.offset_minutes),
        ),
        None => Signature::now(&who.name, &who.email),
    }
    .map_err(|e| refused(e.message().to_owned()))
}
