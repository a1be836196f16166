//! What can go wrong in the store. `Display` states the fact in English (for
//! logs and tests); what to do about it, in the person's language, is
//! `crate::i18n::errors`'s.

use std::path::PathBuf;
use std::time::Duration;

use super::CommitId;
use super::worktree::Uncommitted;
use crate::core::LoadError;
use crate::core::identity::IdentityError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no git repository at {} or any folder above it", path.display())]
    NoRepository { path: PathBuf },
    #[error("unknown revision `{rev}`: not a branch, tag or commit of this repository")]
    UnknownRevision { rev: String },
    #[error("`{path}` does not exist at revision {rev}")]
    NoSuchFile { path: String, rev: String },
    #[error("`{path}` at revision {rev} is not valid UTF-8 text")]
    NotText { path: String, rev: String },
    #[error("{0}")]
    Load(#[from] LoadError),
    #[error(
        "`{refname}` moved while this was being written (someone else committed first); nothing was written"
    )]
    Moved { refname: String },
    #[error(
        "nothing was written: `{branch}` is checked out in {}, where `{path}` {why}, and this would change that file",
        worktree.display()
    )]
    Uncommitted {
        branch: String,
        worktree: PathBuf,
        path: String,
        why: Uncommitted,
    },
    #[error(
        "nothing was written: {} exists, so another git command is working in {}",
        lock.display(),
        worktree.display()
    )]
    IndexLocked { lock: PathBuf, worktree: PathBuf },
    #[error("nothing was written: {}: {source}", path.display())]
    WorkTree {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "`{branch}` now has commit {}, but in {}, where it is checked out, {} could not be fully brought up to date ({detail}); no uncommitted text was overwritten. Until this is mended, the work tree shows the old text as a change and the next commit there would undo this one",
        commit.short(),
        worktree.display(),
        paths.join(", ")
    )]
    CheckoutNotUpdated {
        branch: String,
        commit: CommitId,
        worktree: PathBuf,
        paths: Vec<String>,
        detail: String,
    },
    #[error("git's {key} cannot be used: {source}")]
    GitIdentity {
        key: &'static str,
        source: IdentityError,
    },
    #[error("nothing was written: the author cannot be put in a commit: {0}")]
    Author(IdentityError),
    #[error(
        "`{refname}` points to {what}, not to a record, so no review record can be read or written"
    )]
    RecordsRef { refname: String, what: String },
    #[error(
        "the repository is read-only for you: {} cannot be written ({source}); nothing was written",
        path.display()
    )]
    ReadOnly {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "`{refname}` is locked: {} exists{}, so another git command is changing it and nothing was written",
        lock.display(),
        age.map(|a| format!(" since {} s", a.as_secs())).unwrap_or_default()
    )]
    Locked {
        refname: String,
        lock: PathBuf,
        age: Option<Duration>,
    },
    #[error("nothing was written: a commit cannot be made as {who}: {why}")]
    BadSignature { who: String, why: String },
    #[error(
        "nothing was written: the text holds a NUL character, where git ends a commit message, so what follows it would be lost"
    )]
    NulInMessage,
    #[error("git {what} with `{remote}` failed: {detail}")]
    RemoteGit {
        remote: String,
        what: &'static str,
        detail: String,
    },
    #[error("git could not be run: {source}")]
    NoGit { source: std::io::Error },
    #[error("no remote `{remote}` is configured here (remotes: {})", if known.is_empty() { "none".to_owned() } else { known.join(", ") })]
    NoRemote { remote: String, known: Vec<String> },
    #[error(
        "`{branch}` is checked out here and `{path}` was removed or changed its kind upstream, which duyet does not carry into a work tree; nothing was moved"
    )]
    CannotFollow { branch: String, path: String },
    #[error(
        "nothing was written: git's commit.gpgSign asks for signatures in the {format} format; duyet signs with SSH keys only (gpg.format = ssh)"
    )]
    SigningUnsupported { format: String },
    #[error("nothing was written: git's commit.gpgSign is on but user.signingKey names no key")]
    NoSigningKey,
    #[error("nothing was written: signing with {key} failed: {why}")]
    SigningFailed { key: String, why: String },
    #[error("git: {0}")]
    Git(GitError),
}

/// An error libgit2 gave, kept whole for its message (`Display` is
/// libgit2's own) without letting git2's type out of the store.
#[derive(Debug)]
pub struct GitError(pub(super) git2::Error);

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for GitError {}

impl From<git2::Error> for StoreError {
    fn from(e: git2::Error) -> StoreError {
        StoreError::Git(GitError(e))
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
