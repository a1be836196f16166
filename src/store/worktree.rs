//! A branch duyet moves may be checked out — in the repository's own work
//! tree or in a linked one (`git worktree add`). Its index and files then
//! still hold the old tip, and the next ordinary `git commit` there would
//! silently undo duyet's commit. So, as `git merge` does, every file the
//! commit changes must be clean there before anything is written, and is
//! brought up to date (file, then index entry) once the branch has moved.
//! The index stays locked (`index.lock`, git's own lock) from the check to
//! the end, so git and other duyet writers wait rather than slip in between.

use std::fs::{Metadata, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use git2::{ErrorCode, Index, IndexEntry, IndexTime, ObjectType, Oid, Repository, Status, Tree};

use super::write::blob_mode;
use super::{CommitId, FileChange, Result, StoreError};

/// How long to wait for another git command to release the index.
const INDEX_LOCK_WAIT: Duration = Duration::from_secs(2);

/// Why a file in a work tree keeps duyet from moving the branch checked out
/// there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uncommitted {
    /// The file differs from the index (edited, deleted, replaced).
    Modified,
    /// The index differs from the branch's tip (`git add`, `git rm`).
    Staged,
    /// There is a file that git does not track (or ignores).
    Untracked,
    /// The index holds an unresolved merge conflict.
    Conflict,
    /// A folder is where the file goes, or a file or link where a folder on
    /// its path goes.
    InTheWay,
}

impl std::fmt::Display for Uncommitted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Uncommitted::Modified => "has changes that are not committed",
            Uncommitted::Staged => "has changes staged in the index that are not committed",
            Uncommitted::Untracked => "exists but is not committed (untracked or ignored)",
            Uncommitted::Conflict => "has an unresolved merge conflict",
            Uncommitted::InTheWay => "is blocked by a folder, or by a file or link on its path",
        })
    }
}

/// One file the commit changes.
struct PathChange<'a> {
    path: &'a str,
    contents: &'a [u8],
    id: Oid,
    mode: i32,
    /// The entry in the expected tip's tree: what the index must hold.
    old: Option<(Oid, u32)>,
}

/// The work trees where a branch is checked out, their indexes locked, and
/// the files the commit changes.
pub(super) struct CheckedOut<'a> {
    branch: String,
    changes: Vec<PathChange<'a>>,
    checkouts: Vec<Checkout>,
}

/// One work tree holding the branch.
struct Checkout {
    repo: Repository,
    workdir: PathBuf,
    lock: IndexLock,
    /// The index as it is on disk (a copy inside the lock, written back at
    /// the end).
    index: Index,
    /// Each changed file as the check saw it, to notice an editor saving it
    /// before it is replaced.
    seen: Vec<Option<Seen>>,
}

impl<'a> CheckedOut<'a> {
    /// Finds the work trees where `branch` is checked out and locks their
    /// indexes; `None` when there are none (a bare repository, another
    /// branch checked out) or the commit changes no file: then nothing but
    /// the ref needs to move.
    pub(super) fn lock(
        repo: &Repository,
        branch: &str,
        base: Option<&Tree<'_>>,
        files: &[FileChange<'a>],
    ) -> Result<Option<CheckedOut<'a>>> {
        let found = checked_out(repo, &format!("refs/heads/{branch}"))?;
        if found.is_empty() {
            return Ok(None);
        }
        let changes = changes(base, files)?;
        if changes.is_empty() {
            return Ok(None);
        }
        let mut checkouts = Vec::new();
        for repo in found {
            // Without the trailing `/` libgit2 gives it, for messages.
            let Some(workdir) = repo.workdir().map(|p| p.components().collect::<PathBuf>()) else {
                continue;
            };
            let lock = IndexLock::acquire(repo.path(), &workdir)?;
            let index = lock.open_copy()?;
            checkouts.push(Checkout {
                repo,
                workdir,
                lock,
                index,
                seen: Vec::new(),
            });
        }
        Ok(Some(CheckedOut {
            branch: branch.to_owned(),
            changes,
            checkouts,
        }))
    }

    /// Refuses (`StoreError::Uncommitted`) if any changed file is not clean
    /// in any of the work trees. Reads only.
    pub(super) fn check(&mut self) -> Result<()> {
        for c in &mut self.checkouts {
            c.seen.clear();
            for change in &self.changes {
                if let Some(why) = c.uncommitted(change)? {
                    return Err(StoreError::Uncommitted {
                        branch: self.branch.clone(),
                        worktree: c.workdir.clone(),
                        path: change.path.to_owned(),
                        why,
                    });
                }
                let file = c.workdir.join(change.path);
                let seen =
                    seen(&file).map_err(|source| StoreError::WorkTree { path: file, source })?;
                c.seen.push(seen);
            }
        }
        Ok(())
    }

    /// After the branch moved to `commit`: writes each changed file and its
    /// index entry in every work tree, then the index. A file that cannot be
    /// written is left as it was and reported (the commit is in either way).
    pub(super) fn update(self, commit: Oid) -> Result<()> {
        let mut first_failure = None;
        for mut c in self.checkouts {
            let mut stale = Vec::new();
            let mut detail = None;
            let seen = std::mem::take(&mut c.seen);
            for (change, seen) in self.changes.iter().zip(&seen) {
                if let Err(why) = c.bring_up_to_date(change, seen.as_ref()) {
                    stale.push(change.path.to_owned());
                    detail.get_or_insert(why);
                }
            }
            if let Err(why) = c.write_index() {
                // Files already written are right; their index entries are
                // not, which `git checkout HEAD -- FILE` mends without loss.
                stale = self.changes.iter().map(|ch| ch.path.to_owned()).collect();
                detail = Some(why);
            }
            if let (Some(detail), None) = (detail, &first_failure) {
                first_failure = Some(StoreError::CheckoutNotUpdated {
                    branch: self.branch.clone(),
                    commit: CommitId::from_git(commit),
                    worktree: c.workdir.clone(),
                    paths: stale,
                    detail,
                });
            }
        }
        first_failure.map_or(Ok(()), Err)
    }
}

impl Checkout {
    fn uncommitted(&self, change: &PathChange<'_>) -> Result<Option<Uncommitted>> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| StoreError::WorkTree { path, source }
        };
        // The file's folders must be folders (or not exist yet), and the file
        // itself must not be a folder.
        let parts: Vec<&str> = change.path.split('/').collect();
        let mut at = self.workdir.clone();
        for (i, part) in parts.iter().enumerate() {
            at.push(part);
            let last = i + 1 == parts.len();
            match std::fs::symlink_metadata(&at) {
                Ok(m) if m.is_dir() == last => return Ok(Some(Uncommitted::InTheWay)),
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => break,
                Err(e) => return Err(io(&at)(e)),
            }
        }
        let path = Path::new(change.path);
        if (1..=3).any(|stage| self.index.get_path(path, stage).is_some()) {
            return Ok(Some(Uncommitted::Conflict));
        }
        let staged = self.index.get_path(path, 0).map(|e| (e.id, e.mode));
        if staged != change.old {
            return Ok(Some(Uncommitted::Staged));
        }
        // The work tree against the index, as `git status` compares them
        // (stat data first, content when it differs, filters, file modes).
        let status = match self.repo.status_file(path) {
            Ok(s) => s,
            // Neither in the index nor in the work tree: a new file.
            Err(e) if e.code() == ErrorCode::NotFound => return Ok(None),
            // `status_file` reads HEAD's tree first, and fails on a HEAD
            // libgit2 cannot parse (a malformed author): the work tree is
            // then compared with the index alone, which is all this needs.
            Err(e) => self.against_index(path).ok_or(e)?,
        };
        Ok(if status.intersects(Status::WT_NEW | Status::IGNORED) {
            Some(Uncommitted::Untracked)
        } else if status.intersects(Status::CONFLICTED) {
            Some(Uncommitted::Conflict)
        } else if status.intersects(
            Status::WT_MODIFIED
                | Status::WT_DELETED
                | Status::WT_TYPECHANGE
                | Status::WT_RENAMED
                | Status::WT_UNREADABLE,
        ) {
            Some(Uncommitted::Modified)
        } else {
            None
        })
    }

    /// The file at `path` against the index, as `status_file` gives it
    /// for the work tree (the `WT_*` flags, `IGNORED`, `CONFLICTED`).
    fn against_index(&self, path: &Path) -> Option<Status> {
        let mut opts = git2::DiffOptions::new();
        opts.pathspec(path)
            .disable_pathspec_match(true)
            .include_untracked(true)
            .include_ignored(true)
            .recurse_untracked_dirs(true)
            .include_typechange(true);
        let diff = self
            .repo
            .diff_index_to_workdir(Some(&self.index), Some(&mut opts))
            .ok()?;
        Some(diff.deltas().fold(Status::CURRENT, |status, d| {
            status
                | match d.status() {
                    git2::Delta::Untracked => Status::WT_NEW,
                    git2::Delta::Ignored => Status::IGNORED,
                    git2::Delta::Deleted => Status::WT_DELETED,
                    git2::Delta::Typechange => Status::WT_TYPECHANGE,
                    git2::Delta::Conflicted => Status::CONFLICTED,
                    git2::Delta::Unreadable => Status::WT_UNREADABLE,
                    git2::Delta::Unmodified => Status::CURRENT,
                    _ => Status::WT_MODIFIED,
                }
        }))
    }

    /// Replaces one file and its index entry; the reason when it cannot.
    fn bring_up_to_date(
        &mut self,
        change: &PathChange<'_>,
        seen_before: Option<&Seen>,
    ) -> std::result::Result<(), String> {
        let file = self.workdir.join(change.path);
        let now = seen(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        if now.as_ref() != seen_before {
            return Err(format!("{} changed while duyet was writing", change.path));
        }
        write_atomically(&file, change.contents)
            .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        let meta =
            std::fs::symlink_metadata(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        self.index
            .add(&index_entry(change, &meta))
            .map_err(|e| format!("cannot update the index entry of {}: {e}", change.path))
    }

    fn write_index(&mut self) -> std::result::Result<(), String> {
        self.index
            .write()
            .map_err(|e| e.to_string())
            .and_then(|()| self.lock.commit(&self.workdir))
    }
}

/// The repositories (main work tree and linked ones) whose HEAD is
/// `refname`, sorted so that locks are always taken in the same order.
/// Whether `refname` is checked out in any work tree of `repo` (a work tree
/// that cannot be opened counts as holding it: moving under it is not safe).
pub(super) fn is_checked_out(repo: &Repository, refname: &str) -> bool {
    checked_out(repo, refname).map_or(true, |found| !found.is_empty())
}

fn checked_out(repo: &Repository, refname: &str) -> Result<Vec<Repository>> {
    let mut candidates: Vec<Repository> = main_worktree(repo)?.into_iter().collect();
    let names = repo.worktrees()?;
    for name in names.iter() {
        let Some(name) = name? else {
            continue;
        };
        let Ok(worktree) = repo.find_worktree(name) else {
            continue;
        };
        // A worktree whose folder is gone (`git worktree prune` would drop it).
        if worktree.validate().is_err() {
            continue;
        }
        candidates.push(Repository::open_from_worktree(&worktree)?);
    }
    let mut out = Vec::new();
    for r in candidates {
        if r.is_bare() || r.workdir().is_none() {
            continue;
        }
        let holds = match r.find_reference("HEAD") {
            Ok(head) => head.symbolic_target_bytes() == Some(refname.as_bytes()),
            Err(e) if e.code() == ErrorCode::NotFound => false,
            Err(e) => return Err(e.into()),
        };
        if holds {
            out.push(r);
        }
    }
    out.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(out)
}

/// The main work tree, opened afresh (its index as it is on disk now).
fn main_worktree(repo: &Repository) -> Result<Option<Repository>> {
    if !repo.is_worktree() {
        // As the repository was found: a `.git` file is followed to the
        // folder it names (`git init --separate-git-dir`).
        return Ok(match repo.workdir() {
            Some(dir) => Some(Repository::open(dir)?),
            None => None,
        });
    }
    // From a linked work tree, the main one is where git finds it too: the
    // folder holding the common `.git`, or `core.worktree`. (libgit2 would
    // take any other common folder's parent for it.)
    let common = Repository::open(repo.commondir())?;
    let named_git = repo.commondir().file_name() == Some(std::ffi::OsStr::new(".git"));
    let configured = common.config()?.get_path("core.worktree").is_ok();
    Ok((common.workdir().is_some() && (named_git || configured)).then_some(common))
}

/// The files whose entry the commit changes (the last change of a path wins,
/// as in the tree that is written).
fn changes<'a>(base: Option<&Tree<'_>>, files: &[FileChange<'a>]) -> Result<Vec<PathChange<'a>>> {
    let mut out: Vec<PathChange<'a>> = Vec::new();
    for f in files {
        let old = match base.map(|t| t.get_path(Path::new(f.path))) {
            None => None,
            Some(Ok(e)) => Some((e.id(), e.filemode())),
            Some(Err(e)) if e.code() == ErrorCode::NotFound => None,
            Some(Err(e)) => return Err(e.into()),
        };
        let id = Oid::hash_object(ObjectType::Blob, f.contents)?;
        let mode = blob_mode(old.map(|(_, m)| m));
        out.retain(|c| c.path != f.path);
        if old != Some((id, mode)) {
            out.push(PathChange {
                path: f.path,
                contents: f.contents,
                id,
                mode,
                old: old.map(|(id, m)| (id, m as u32)),
            });
        }
    }
    Ok(out)
}

/// What is at a path, to tell whether it changed: `None` when nothing is.
#[derive(Debug, PartialEq, Eq)]
struct Seen {
    len: u64,
    modified: Option<SystemTime>,
    inode: u64,
}

fn seen(path: &Path) -> std::io::Result<Option<Seen>> {
    match std::fs::symlink_metadata(path) {
        Ok(m) => Ok(Some(Seen {
            len: m.len(),
            modified: m.modified().ok(),
            inode: inode(&m),
        })),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(unix)]
fn inode(m: &Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(m)
}

#[cfg(not(unix))]
fn inode(_: &Metadata) -> u64 {
    0
}

/// Writes `contents` to a new file beside `file` and renames it over `file`,
/// keeping the old file's permissions: a reader sees the old text or the
/// new, never half of it. Missing folders are created.
fn write_atomically(file: &Path, contents: &[u8]) -> std::io::Result<()> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let permissions = std::fs::symlink_metadata(file)
        .ok()
        .filter(Metadata::is_file)
        .map(|m| m.permissions());
    let name = file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(
        ".{name}.duyet-{}-{}.tmp",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| {
        let mut out = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        out.write_all(contents)?;
        if let Some(p) = permissions {
            out.set_permissions(p)?;
        }
        out.sync_all()?;
        drop(out);
        std::fs::rename(&tmp, file)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// The index entry of a file just written: the commit's blob, with the
/// file's stat data, so `git status` sees it unchanged without reading it.
fn index_entry(change: &PathChange<'_>, meta: &Metadata) -> IndexEntry {
    let (ctime, mtime, dev, ino, uid, gid) = stat(meta);
    IndexEntry {
        ctime,
        mtime,
        dev,
        ino,
        mode: change.mode as u32,
        uid,
        gid,
        // The index keeps sizes and most stat fields in 32 bits, as git does.
        file_size: meta.len() as u32,
        id: change.id,
        flags: 0,
        flags_extended: 0,
        path: change.path.as_bytes().to_vec(),
    }
}

#[cfg(unix)]
fn stat(m: &Metadata) -> (IndexTime, IndexTime, u32, u32, u32, u32) {
    use std::os::unix::fs::MetadataExt;
    (
        IndexTime::new(m.ctime() as i32, m.ctime_nsec() as u32),
        IndexTime::new(m.mtime() as i32, m.mtime_nsec() as u32),
        m.dev() as u32,
        m.ino() as u32,
        m.uid(),
        m.gid(),
    )
}

#[cfg(not(unix))]
fn stat(m: &Metadata) -> (IndexTime, IndexTime, u32, u32, u32, u32) {
    let mtime = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or(IndexTime::new(0, 0), |d| {
            IndexTime::new(d.as_secs() as i32, d.subsec_nanos())
        });
    (mtime, mtime, 0, 0, 0, 0)
}

/// git's lock on a work tree's index (`index.lock`, created exclusively), and
/// the copy of the index duyet changes inside it. Dropped without `commit`,
/// both are removed and the index is as it was.
struct IndexLock {
    index: PathBuf,
    lock: PathBuf,
    copy: PathBuf,
    held: bool,
}

impl IndexLock {
    fn acquire(git_dir: &Path, workdir: &Path) -> Result<IndexLock> {
        let lock = git_dir.join("index.lock");
        let start = Instant::now();
        let mut pause = 1;
        loop {
            match OpenOptions::new().write(true).create_new(true).open(&lock) {
                Ok(_) => break,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    if start.elapsed() >= INDEX_LOCK_WAIT {
                        return Err(StoreError::IndexLocked {
                            lock,
                            worktree: workdir.to_path_buf(),
                        });
                    }
                    std::thread::sleep(Duration::from_millis(pause));
                    pause = (pause * 2).min(50);
                }
                Err(source) if super::files::is_read_only(&source) => {
                    return Err(StoreError::ReadOnly {
                        path: git_dir.to_path_buf(),
                        source,
                    });
                }
                Err(source) => return Err(StoreError::WorkTree { path: lock, source }),
            }
        }
        Ok(IndexLock {
            index: git_dir.join("index"),
            copy: git_dir.join("index.lock.duyet"),
            lock,
            held: true,
        })
    }

    /// The index, read from a copy that `commit` puts in place.
    fn open_copy(&self) -> Result<Index> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| StoreError::WorkTree { path, source }
        };
        match std::fs::remove_file(&self.copy) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(&self.copy)(e)),
        }
        match std::fs::copy(&self.index, &self.copy) {
            Ok(_) => {}
            // No index yet (nothing was ever checked out): start empty.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(&self.index)(e)),
        }
        Ok(Index::open(&self.copy)?)
    }

    /// Puts the written copy in place of the index, as git commits a lock.
    fn commit(&mut self, workdir: &Path) -> std::result::Result<(), String> {
        let failed =
            |e: std::io::Error| format!("cannot write the index of {}: {e}", workdir.display());
        std::fs::rename(&self.copy, &self.lock).map_err(failed)?;
        std::fs::rename(&self.lock, &self.index).map_err(failed)?;
        self.held = false;
        Ok(())
    }
}

impl Drop for IndexLock {
    fn drop(&mut self) {
        if self.held {
            let _ = std::fs::remove_file(&self.copy);
            let _ = std::fs::remove_file(&self.lock);
        }
    }
}
