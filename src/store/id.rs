//! duyet's own ids for git objects, so that no git2 type leaves the store:
//! `CommitId` for a commit (what every public signature of the store takes
//! and gives), `FileId` for the contents of a file at a revision (only ever
//! compared).

use std::fmt;
use std::str::FromStr;

/// A commit's id. Shown in full (`Display`, 40 lowercase hex digits, as
/// git writes it) or as git abbreviates it (`short`, 7 digits); serialised
/// as the full hex string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CommitId(git2::Oid);

impl CommitId {
    /// The first 7 hex digits, as git shows a commit.
    pub fn short(&self) -> String {
        let mut hex = self.to_string();
        hex.truncate(7);
        hex
    }

    pub(super) fn from_git(id: git2::Oid) -> CommitId {
        CommitId(id)
    }

    pub(super) fn git(self) -> git2::Oid {
        self.0
    }
}

impl fmt::Display for CommitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// A commit id that is not 40 hex digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a full commit id (40 hex digits)")]
pub struct NotACommitId(pub String);

impl FromStr for CommitId {
    type Err = NotACommitId;

    /// Only a full id: git2's parser would take a prefix and pad it with
    /// zeros, which names another commit.
    fn from_str(hex: &str) -> Result<CommitId, NotACommitId> {
        let bad = || NotACommitId(hex.to_owned());
        if hex.len() != 40 {
            return Err(bad());
        }
        git2::Oid::from_str(hex).map(CommitId).map_err(|_| bad())
    }
}

impl serde::Serialize for CommitId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The contents of a file at a revision (its blob): equal ids, equal files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FileId(git2::Oid);

impl FileId {
    pub(super) fn from_git(id: git2::Oid) -> FileId {
        FileId(id)
    }

    pub(super) fn git(self) -> git2::Oid {
        self.0
    }
}

/// Lowercase hex of `bytes` (an id, a SHA-256 digest), as git writes ids.
pub(super) fn hex_bytes(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}
