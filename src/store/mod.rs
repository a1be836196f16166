//! The only module that touches git (git2). Drafts are read at any revision
//! straight from the object database — no checkout, no index — and commits
//! are written with compare-and-swap on the ref, so two people writing at once
//! never overwrite each other. No git2 type leaves it: ids are `CommitId` and
//! `FileId` (`id.rs`), libgit2's errors `GitError`.
//!
//! Where each concern lives:
//! - `mod.rs` — `Store`: opening or creating a repository, git's identity.
//! - `id.rs` — `CommitId`, `FileId`.
//! - `error.rs` — `StoreError`, each saying what to do.
//! - `branches.rs` — resolving a revision, listing branches (local and
//!   remote-tracking) and the department of each, creating one, the refs'
//!   tips the screen watches, `RepoHint`.
//! - `read.rs` — a file, a draft, `duyet.yaml` and the list of drafts at a
//!   revision.
//! - `history.rs` — a draft's revisions, one commit described, merge bases,
//!   counting commits.
//! - `write.rs` — committing on a branch: tree, commit, compare-and-swap of
//!   the ref (`swap_ref`), signatures.
//! - `remote.rs` — `duyet sync`: fetch and push through the system's
//!   `git`, fast-forwards, records united by a merge.
//! - `incoming.rs` — what a push brings, for the hub's `pre-receive` hook.
//! - `worktree.rs` — keeping a checked-out branch's work tree and index
//!   honest when duyet moves that branch.
//! - `commit.rs` — commit objects read and written byte for byte, with
//!   `git fsck`'s checks (libgit2 refuses some commits git accepts).
//! - `reviews/` — review records on `refs/duyet/reviews` (see its `mod.rs`).
//! - `files.rs` — the one owner of `.git/duyet/` (`Store::local_file`,
//!   `write_atomically`), stale ref locks, read-only repositories.
//!
//! libgit2 re-hashes every object it reads and refuses one whose contents do
//! not match its id (`strict_hash_verification`, on by default). duyet leaves
//! it on: libgit2 offers it only for the whole process, and the process
//! reads on several threads at once (the screen's worker, the drafts
//! parsed side by side, the index check), so turning it off around one read
//! would turn it off for whatever another thread reads at that moment.
//! What it costs is paid once per object: a draft is parsed once per blob
//! (`Store::parsed`), a record checked once per `Store` (`Store::checked`).

mod branches;
mod commit;
mod error;
mod files;
mod history;
mod id;
mod incoming;
mod pack;
mod parsed;
mod read;
mod remote;
mod reviews;
mod sign;
mod worktree;
mod write;

use std::path::{Path, PathBuf};

use git2::{ErrorCode, Repository};

use crate::core::identity::IdentityPart;
use crate::core::{Draft, Identity};

/// Where drafts live in a repository.
pub const DRAFTS_DIR: &str = "drafts";
/// The branch holding the consolidated draft.
pub const MAIN_BRANCH: &str = "main";
/// Department branches are `dept/<department-id>`.
pub const DEPT_PREFIX: &str = "dept/";

pub use branches::{BranchInfo, BranchKind, RefTips, RepoHint, without_remote};
pub use error::{GitError, Result, StoreError};
pub use files::{Access, STALE_LOCK_AGE, read_regular, write_atomically};
pub use history::{RevisionInfo, short};
pub use id::{CommitId, FileId, NotACommitId};
pub use incoming::{Arriving, ArrivingRecord};
pub use remote::{Forward, Pushed};
pub use reviews::{ReadPath, ReviewLog, SummaryKey, remote_reviews_ref};
pub use worktree::Uncommitted;
pub use write::FileChange;
use write::{Swap, signature};

/// A repository of drafts.
pub struct Store {
    repo: Repository,
    /// The last few drafts parsed, by blob id: the screen reads the same
    /// revision for the diff and the review state, and again when the user
    /// switches back and forth between comparisons.
    parsed: std::cell::RefCell<Vec<(FileId, Draft)>>,
    /// Records the index listed that were checked against git here (by
    /// id; see `reviews/cache.rs`, `index_holds_up`).
    checked:
        std::cell::RefCell<std::collections::HashMap<String, crate::core::review::ReviewRecord>>,
}

/// Bounds libgit2's cache of objects read (the process's, shared by every
/// repository) at `CACHE_BYTES`. It keeps every commit it reads (up to
/// 256 MiB by default), and the records walk reads each one once: reading
/// 50 000 records held some 57 MiB there (`docs/performance.md`); at
/// 16 MiB a status without its caches peaked at 144 MiB, at 4 MiB at 129 MiB
/// in the same time (what is read again is a draft's tree or a config:
/// drafts are kept parsed, records read once). Call it
/// before any other thread uses libgit2 (the binary does, first thing).
pub fn limit_object_cache() {
    const CACHE_BYTES: isize = 4 * 1024 * 1024;
    // Safety: libgit2's global options are set while no other thread uses
    // it (the caller's contract), and the value is a plain size.
    let _ = unsafe { git2::opts::set_cache_max_size(CACHE_BYTES) };
    let _ = unsafe { git2::opts::set_cache_object_limit(git2::ObjectType::Commit, 0) };
}

impl Store {
    /// Opens the repository at `path`, or the one containing the current folder.
    pub fn open(path: Option<&Path>) -> Result<Store> {
        let start = match path {
            Some(p) => p.to_path_buf(),
            None => std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
        };
        // Searches upward like `Repository::discover`, which reopens the git
        // folder it found and so loses a `.git` file's work tree
        // (`--separate-git-dir`): duyet writes checked-out files there.
        let no_ceiling: &[&std::ffi::OsStr] = &[];
        let repo = Repository::open_ext(&start, git2::RepositoryOpenFlags::empty(), no_ceiling)
            .map_err(|e| match e.code() {
                ErrorCode::NotFound => StoreError::NoRepository {
                    path: start.clone(),
                },
                _ => StoreError::from(e),
            })?;
        Ok(Store::wrap(repo))
    }

    /// Creates a new repository (with a work tree) whose first branch is `main`.
    pub fn init(path: &Path) -> Result<Store> {
        let mut opts = git2::RepositoryInitOptions::new();
        opts.initial_head(MAIN_BRANCH);
        let repo = Repository::init_opts(path, &opts)?;
        Ok(Store::wrap(repo))
    }

    fn wrap(repo: Repository) -> Store {
        Store {
            repo,
            parsed: std::cell::RefCell::new(Vec::new()),
            checked: std::cell::RefCell::default(),
        }
    }

    /// The folder to reopen this repository from (another thread opens its own).
    pub fn path(&self) -> &Path {
        self.repo.workdir().unwrap_or_else(|| self.repo.path())
    }

    /// The repository's `.git` folder, where duyet keeps its caches.
    pub fn git_dir(&self) -> &Path {
        self.repo.path()
    }

    /// git's `user.name` and `user.email` (every config level, as `git
    /// commit` reads them), trimmed, in NFC and checked (`Identity::check`):
    /// `Ok(None)` when either is unset, `StoreError::GitIdentity` naming the
    /// key when one could not be written into a commit header.
    pub fn read_git_identity(&self) -> Result<Option<Identity>> {
        let config = self.repo.config()?.snapshot()?;
        let get = |key: &str| match config.get_string(key) {
            Ok(value) => Ok(Some(value)),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(StoreError::from(e)),
        };
        let (Some(name), Some(email)) = (get("user.name")?, get("user.email")?) else {
            return Ok(None);
        };
        Identity::new(&name, &email)
            .map(Some)
            .map_err(|source| StoreError::GitIdentity {
                key: match source.part() {
                    Some(IdentityPart::Email) => "user.email",
                    _ => "user.name",
                },
                source,
            })
    }

    /// `read_git_identity` where only a usable identity matters (the screen):
    /// one that cannot be used counts as none, since no commit can be signed
    /// with it.
    pub fn git_identity(&self) -> Option<Identity> {
        self.read_git_identity().ok().flatten()
    }

    /// Sets user.name and user.email in this repository's own config (not the
    /// user's global one), so commits made here by hand have an author too.
    pub fn set_local_identity(&self, who: &Identity) -> Result<()> {
        let mut config = self.repo.config()?.open_level(git2::ConfigLevel::Local)?;
        config.set_str("user.name", &who.name)?;
        config.set_str("user.email", &who.email)?;
        Ok(())
    }

    /// Checks out `main` into the work tree (for `duyet demo`, so the files
    /// can be looked at). Everything else reads from the object database.
    pub fn checkout_main(&self) -> Result<()> {
        self.repo.set_head(&format!("refs/heads/{MAIN_BRANCH}"))?;
        let mut opts = git2::build::CheckoutBuilder::new();
        opts.force();
        self.repo.checkout_head(Some(&mut opts))?;
        Ok(())
    }
}
