//! The folded review of a draft (`ReviewSummary`, what `status` shows) kept
//! as a cache, so that a later `status` reads a few hundred kilobytes rather
//! than every record.
//!
//! It is keyed by everything the fold reads: the records refs' tips (local
//! and fetched, in order), the draft's path and its blob at the revision,
//! `duyet.yaml`'s blob on `main`, and the version of duyet that folded it
//! (the rules of the fold change with it). Any of them moved, and the key
//! differs: the summary is folded again from the records (the index makes
//! that the cost of the new records plus a fold) and saved in place of the
//! old one. A review read from a short history (a warning) is not saved.
//!
//! The file, `.git/duyet/summary-<16 hex digits of the path's SHA-256>-u<the
//! user's id>`: a first line naming the format, the key (SHA-256, hex), the
//! SHA-256 of the body (hex), then the body, JSON. A file whose first line,
//! key or hash does not match, or that does not decode, is not used; nor
//! is one another user wrote (`files::read_own`): the summary says each
//! section's state outright, so unlike the records index (whose records
//! are folded again) a file someone else could write would let them say
//! "approved". In a repository shared through a group, the others can
//! write `.git/duyet/` but cannot make a file that is this user's. As
//! with the index, every decision it shows is also read again from git
//! and must be exactly that record (`Store::first_not_checked`), which
//! catches a file copied or restored from another repository.

use sha2::{Digest, Sha256};

use super::reader::CommitReader;
use super::{hex, hex_bytes};
use crate::core::config::CONFIG_PATH;
use crate::core::review::{ReviewRecord, ReviewSummary};
use crate::store::files::{self, Access};
use crate::store::{CommitId, MAIN_BRANCH, Result, Store, StoreError};

/// The format's first line.
const MAGIC: &str = "duyet-review-summary 1";

/// A summary file larger than this is not read: a broken or hostile file
/// must not take the memory. (A summary is some 1–3 KB a section.)
const MAX_SUMMARY_BYTES: u64 = 64 << 20;

/// What a summary was folded from, hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryKey(String);

impl Store {
    /// The key of the review of the draft at `path` in commit `at`, as it
    /// would be folded now; `None` when it is not to be cached: the draft
    /// is not there (the caller says so), or a records ref is out of order
    /// (a warning the caller shows).
    pub fn summary_key(&self, at: CommitId, path: &str) -> Result<Option<SummaryKey>> {
        let Some(draft) = self.file_id(at, path)? else {
            return Ok(None);
        };
        let local = self.local_tip()?.map(|(_, tip)| tip);
        let (tips, warnings) = self.review_tips_with(local)?;
        if !warnings.is_empty() {
            return Ok(None);
        }
        // `duyet.yaml` as `Store::read_config` finds it: on what `main`
        // resolves to (the local branch, else what git or the remote has).
        let config = match self.resolve(MAIN_BRANCH) {
            Ok(main) => self
                .file_id(main, CONFIG_PATH)?
                .map_or_else(|| "none".to_owned(), |id| hex(id.git())),
            Err(StoreError::UnknownRevision { .. }) => "no main".to_owned(),
            Err(e) => return Err(e),
        };
        let mut text = format!(
            "{MAGIC}\nduyet {}\ndraft {}\n{path}\nconfig {config}\n",
            env!("CARGO_PKG_VERSION"),
            hex(draft.git()),
        );
        for tip in tips {
            text.push_str(&format!("tip {}\n", hex(tip)));
        }
        Ok(Some(SummaryKey(hex_bytes(&Sha256::digest(
            text.as_bytes(),
        )))))
    }

    /// The summary saved under `key` for `path`, if there is one and it
    /// holds up (see the module's comment); `None` otherwise.
    pub fn load_summary(&self, path: &str, key: &SummaryKey) -> Option<ReviewSummary> {
        let bytes = files::read_own(&self.summary_path(path), MAX_SUMMARY_BYTES)?;
        let Some(summary) = files::unseal::<ReviewSummary>(&bytes, MAGIC, &key.0) else {
            files::debug(
                "the review summary is of another state, damaged or of another version; folding the records",
            );
            return None;
        };
        let reader = CommitReader::new(&self.repo).ok()?;
        let decisions: Vec<&ReviewRecord> = summary.decisions().map(|d| &d.record).collect();
        if let Some(wrong) = self.first_not_checked(&decisions, &reader) {
            files::debug(&format!(
                "the review summary does not match git at record {wrong}; folding the records"
            ));
            return None;
        }
        Some(summary)
    }

    /// Saves `summary` as the review of `path` under `key`, in place of any
    /// other. Best effort, as the records index: a failure costs time only.
    pub fn save_summary(&self, path: &str, key: &SummaryKey, summary: &ReviewSummary) {
        let Some(bytes) = files::seal(MAGIC, &key.0, summary) else {
            return;
        };
        if let Err(e) = files::write_atomically(&self.summary_path(path), &bytes, Access::Umask) {
            files::debug(&format!("the review summary was not saved: {e}"));
        }
    }

    /// Where the summary of the draft at `path` is kept.
    pub fn summary_path(&self, path: &str) -> std::path::PathBuf {
        let name = hex_bytes(&Sha256::digest(path.as_bytes()));
        self.local_file(&format!("summary-{}-{}", &name[..16], files::user_tag()))
    }
}
