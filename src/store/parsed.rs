//! Drafts kept parsed beside git, by blob id, so that a later process
//! comparing the same revisions reads a few hundred kilobytes of JSON
//! instead of resolving each blob's delta chain and parsing, checking and
//! normalising its YAML — three quarters of what `diff` and a merge plan
//! cost (`docs/performance.md`).
//!
//! `.git/duyet/parsed/<the blob's 40 hex digits>-u<the user's id>`: a line naming the
//! format, a line with duyet's version and the blob id (what the file
//! claims to be), the SHA-256 of the body (hex), then the body, the `Draft`
//! as JSON. A blob's contents never change, so a file is stale only when
//! duyet's rules of reading change: its version is in the key. A file is
//! used only when every line matches this blob and this duyet, the hash
//! matches and the body decodes; else the blob is parsed again and the
//! file written anew. Only drafts that parse are kept (an error is shown
//! with its line, from the YAML). At most `KEEP` files a user are kept;
//! the oldest go first.
//!
//! The hash makes a damaged file unusable, not a forged one. A file is
//! believed only if this user wrote it (`files::read_own`): in a
//! repository shared through a group, another member can write
//! `.git/duyet/` but not make a file that is someone else's. What is left
//! is the user's own account, or root (`docs/architecture.md`, "Drafts kept
//! parsed").

use std::path::PathBuf;

use super::files::{self, Access};
use super::{FileId, Store};
use crate::core::Draft;
use crate::core::load::MAX_DRAFT_BYTES;

/// The format's first line.
const MAGIC: &str = "duyet-parsed-draft 1";

/// The folder under `.git/duyet/`.
const FOLDER: &str = "parsed";

/// How many parsed drafts are kept: the revisions a few comparisons read
/// (a merge plan reads three).
const KEEP: usize = 24;

/// A kept draft larger than this is not read: a draft is at most
/// `MAX_DRAFT_BYTES` of YAML, and its JSON is not much larger.
const MAX_BYTES: u64 = 4 * MAX_DRAFT_BYTES as u64;

impl Store {
    /// The draft kept parsed for `blob`, if there is one and it holds up.
    pub(super) fn kept_draft(&self, blob: FileId) -> Option<Draft> {
        let bytes = files::read_own(&self.parsed_path(blob), MAX_BYTES)?;
        let draft = files::unseal(&bytes, MAGIC, &key(blob));
        if draft.is_none() {
            files::debug(
                "a parsed draft under .git/duyet/parsed is damaged or of another version; parsing the blob",
            );
        }
        draft
    }

    /// Keeps `draft`, parsed from `blob`, for later processes. Best effort:
    /// a failure (a read-only repository) costs time only.
    pub(super) fn keep_draft(&self, blob: FileId, draft: &Draft) {
        let Some(bytes) = files::seal(MAGIC, &key(blob), draft) else {
            return;
        };
        if let Err(e) = files::write_atomically(&self.parsed_path(blob), &bytes, Access::Umask) {
            files::debug(&format!("a parsed draft was not kept: {e}"));
            return;
        }
        self.forget_old_drafts();
    }

    /// Where the draft of `blob` is kept.
    pub fn parsed_path(&self, blob: FileId) -> PathBuf {
        self.local_file(&format!("{FOLDER}/{}-{}", blob.git(), files::user_tag()))
    }

    /// Removes this user's oldest kept drafts beyond `KEEP`.
    fn forget_old_drafts(&self) {
        let mine = format!("-{}", files::user_tag());
        let Ok(entries) = std::fs::read_dir(self.local_file(FOLDER)) else {
            return;
        };
        let mut kept: Vec<(std::time::SystemTime, PathBuf)> = entries
            .filter_map(|e| {
                let e = e.ok()?;
                let name = e.file_name();
                // Only this user's (others' are theirs to keep); not the
                // temporary files of a write in progress, which start with a dot.
                let name = name.to_string_lossy();
                if name.starts_with('.') || !name.ends_with(&mine) {
                    return None;
                }
                Some((e.metadata().ok()?.modified().ok()?, e.path()))
            })
            .collect();
        if kept.len() <= KEEP {
            return;
        }
        kept.sort();
        for (_, path) in &kept[..kept.len() - KEEP] {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// What the second line says: this duyet, this blob.
fn key(blob: FileId) -> String {
    format!("duyet {} blob {}", env!("CARGO_PKG_VERSION"), blob.git())
}
