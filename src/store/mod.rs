//! The only module that touches git (git2). Drafts are read at any revision
//! straight from the object database — no checkout, no index — and commits
//! are written with compare-and-swap on the ref, so two people writing at once
//! never overwrite each other.

mod commit;
mod files;
mod reviews;
mod worktree;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use git2::{BranchType, ErrorCode, ObjectType, Repository, Signature, Sort, Time};

use crate::core::config::{CONFIG_PATH, Config};
use crate::core::identity::{IdentityError, IdentityPart};
use crate::core::{Draft, Identity, LoadError, Moment, load_draft};

/// Where drafts live in a repository.
pub const DRAFTS_DIR: &str = "drafts";
/// The branch holding the consolidated draft.
pub const MAIN_BRANCH: &str = "main";
/// Department branches are `dept/<department-id>`.
pub const DEPT_PREFIX: &str = "dept/";

/// How long a ref update waits for another writer's lock before saying the
/// ref is locked (a lock older than `files::STALE_LOCK_AGE` is removed).
const LOCK_WAIT: Duration = Duration::from_secs(1);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no git repository at {} or any folder above it; run duyet inside a repository, pass --repo PATH, or try `duyet demo`", path.display())]
    NoRepository { path: PathBuf },
    #[error(
        "unknown revision `{rev}`: not a branch, tag or commit of this repository (see `git branch -a`)"
    )]
    UnknownRevision { rev: String },
    #[error("`{path}` does not exist at revision {rev}")]
    NoSuchFile { path: String, rev: String },
    #[error("`{path}` at revision {rev} is not valid UTF-8 text")]
    NotText { path: String, rev: String },
    #[error("{0}")]
    Load(#[from] LoadError),
    #[error(
        "`{refname}` moved while this was being written (someone else committed first); reload and try again"
    )]
    Moved { refname: String },
    #[error(
        "nothing was written: `{branch}` is checked out in {}, where `{path}` {why} (see `git status`), and this would change that file. Commit or stash that change (`git stash`) there and try again, or let duyet work in a bare clone of the repository (`git clone --bare`)",
        worktree.display()
    )]
    Uncommitted {
        branch: String,
        worktree: PathBuf,
        path: String,
        why: Uncommitted,
    },
    #[error(
        "nothing was written: {} exists, so another git command is working in {}; try again when it has finished (if none is running, one that crashed left the file: delete it)",
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
        "`{branch}` now has commit {}, but in {}, where it is checked out, {} could not be fully brought up to date ({detail}); no uncommitted text was overwritten. Until this is mended, `git status` shows the old text as a change and the next `git commit` there would undo this one: keep any text of yours from {} elsewhere, then run `git checkout HEAD -- {}` in {}",
        short(*commit),
        worktree.display(),
        paths.join(", "),
        if paths.len() == 1 { "it" } else { "them" },
        paths.join(" "),
        worktree.display()
    )]
    CheckoutNotUpdated {
        branch: String,
        commit: Oid,
        worktree: PathBuf,
        paths: Vec<String>,
        detail: String,
    },
    #[error(
        "git's {key} cannot be used: {source}; correct it with `git config {key} …` (with --global if it was set there), or pass --as \"Name <email>\""
    )]
    GitIdentity {
        key: &'static str,
        source: IdentityError,
    },
    #[error("nothing was written: the author cannot be put in a commit: {0}")]
    Author(IdentityError),
    #[error(
        "`{refname}` points to {what}, not to a record, so no review record can be read or written. Point it back at the last good record with `git update-ref {refname} <commit>` (the commit it pointed to before shows in `git fsck --lost-found`, in another clone, or in a backup)"
    )]
    RecordsRef { refname: String, what: String },
    #[error(
        "the repository is read-only for you: {} cannot be written ({source}); nothing was written. Ask whoever looks after the server for write access to the repository (everyone who reviews needs it, e.g. through a shared group and `git config core.sharedRepository group`), or work in a clone of your own",
        path.display()
    )]
    ReadOnly {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "`{refname}` is locked: {} exists{}, so another git command is changing it and nothing was written. Try again in a moment. If no git command is running, one that was stopped left it: delete it (`rm {}`) — duyet removes such a lock itself once it is {} minutes old",
        lock.display(),
        age.map(|a| format!(" since {} s", a.as_secs())).unwrap_or_default(),
        lock.display(),
        files::STALE_LOCK_AGE.as_secs() / 60
    )]
    Locked {
        refname: String,
        lock: PathBuf,
        age: Option<Duration>,
    },
    #[error("nothing was written: a commit cannot be made as {who}: {why}")]
    BadSignature { who: String, why: String },
    #[error(
        "nothing was written: the text holds a NUL character, where git ends a commit message, so what follows it would be lost; remove it and try again"
    )]
    NulInMessage,
    #[error("git: {0}")]
    Git(#[from] git2::Error),
}

pub use files::{Access, write_atomically};
/// Commit and object ids, as git2 has them (the one type of git2's that
/// leaves the store).
pub use git2::Oid;
pub use reviews::{ReadPath, ReviewLog, remote_reviews_ref};
pub use worktree::Uncommitted;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// How a compare-and-swap of a ref went (`Store::swap_ref`).
enum Swap {
    Done,
    /// The ref is not where it was expected: someone else moved it first.
    Moved,
}

/// A repository of drafts.
pub struct Store {
    repo: Repository,
    /// The last few drafts parsed, by blob id: the screen reads the same
    /// revision for the diff and the review state, and again when the user
    /// switches back and forth between comparisons.
    parsed: std::cell::RefCell<Vec<(Oid, Draft)>>,
    /// Records the index listed that were checked against git here (by
    /// id; see `reviews.rs`, `index_holds_up`).
    checked:
        std::cell::RefCell<std::collections::HashMap<String, crate::core::review::ReviewRecord>>,
}

/// How many parsed drafts a `Store` keeps.
const PARSED_CACHE: usize = 6;

/// libgit2 re-hashes every object it reads to check it; `git` itself does not
/// when diffing, and it is ~40% of reading a large draft. Turned off once per
/// process (a corrupt object then shows as a parse error, not a hash error).
fn fast_object_reads() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| git2::opts::strict_hash_verification(false));
}

/// Full ref names (`refs/heads/main`) and their tips (hex).
pub type RefTips = std::collections::BTreeMap<String, String>;

/// What kind of branch a ref is, for grouping in the picker.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "department")]
pub enum BranchKind {
    Main,
    Department(String),
    Other,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct BranchInfo {
    /// A name git resolves: `dept/x`, or `origin/dept/x` for a
    /// remote-tracking branch.
    pub name: String,
    #[serde(serialize_with = "oid_hex")]
    pub tip: Oid,
    pub kind: BranchKind,
    /// The remote, for a remote-tracking branch (`refs/remotes/<remote>/…`)
    /// that has no local branch of the same name: what a clone has until the
    /// department's branch is checked out or edited.
    pub remote: Option<String>,
}

impl BranchInfo {
    /// The branch's name without its remote: `dept/x` for `origin/dept/x`.
    pub fn local_name(&self) -> &str {
        without_remote(&self.name, self.remote.as_deref())
    }
}

/// A branch name without its remote (`dept/x` for `origin/dept/x` of
/// `origin`); the name itself when `remote` is `None` or not its start.
pub fn without_remote<'a>(name: &'a str, remote: Option<&str>) -> &'a str {
    remote
        .and_then(|r| name.strip_prefix(r))
        .and_then(|n| n.strip_prefix('/'))
        .unwrap_or(name)
}

impl BranchInfo {
    /// The department whose branch this is: `x` for `dept/x` and for a
    /// clone's `origin/dept/x`.
    pub fn department(&self) -> Option<&str> {
        match &self.kind {
            BranchKind::Department(d) => Some(d),
            _ => None,
        }
    }
}

/// What a branch name says it is.
fn branch_kind(name: &str) -> BranchKind {
    if name == MAIN_BRANCH {
        BranchKind::Main
    } else if let Some(dept) = name.strip_prefix(DEPT_PREFIX) {
        BranchKind::Department(dept.to_owned())
    } else {
        BranchKind::Other
    }
}

/// Something about how the repository was set up that leaves the screen or
/// the review state empty, and what to do about it (`Store::hints`). The CLI
/// prints `Display` (English); the screen words it in its language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepoHint {
    /// The remote, a folder on this machine, has review records that were
    /// not fetched. `configured`: the refspec is already in the remote's
    /// configuration, so `git fetch` alone gets them.
    RecordsNotFetched { remote: String, configured: bool },
    /// There are no review records here, and the remote is not on this
    /// machine (duyet never opens a network connection to look): if it has
    /// any, they are fetched with the refspec.
    RecordsMaybeOnRemote { remote: String },
    /// No `dept/*` branch, local or remote-tracking: nothing to compare
    /// `main` with.
    NoDepartmentBranches,
}

impl RepoHint {
    /// The refspec that fetches `remote`'s records to where duyet reads them.
    pub fn refspec(remote: &str) -> String {
        format!(
            "+{}:{}",
            crate::core::review::REVIEWS_REF,
            remote_reviews_ref(remote)
        )
    }

    /// The shell commands that fetch the records (and keep fetching them on
    /// every later `git fetch`), for a hint about records.
    pub fn fetch_command(&self) -> Option<String> {
        match self {
            RepoHint::RecordsNotFetched {
                remote,
                configured: true,
            } => Some(format!("git fetch {remote}")),
            RepoHint::RecordsNotFetched { remote, .. }
            | RepoHint::RecordsMaybeOnRemote { remote } => Some(format!(
                "git config --add remote.{remote}.fetch '{}' && git fetch {remote}",
                RepoHint::refspec(remote)
            )),
            RepoHint::NoDepartmentBranches => None,
        }
    }
}

impl std::fmt::Display for RepoHint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let reviews = crate::core::review::REVIEWS_REF;
        let fetch = self.fetch_command().unwrap_or_default();
        match self {
            RepoHint::RecordsNotFetched { remote, .. } => write!(
                f,
                "`{remote}` has review records ({reviews}) that were not fetched, so no comment or approval shows here; fetch them with\n  {fetch}\n(a later `duyet sync` will do this)"
            ),
            RepoHint::RecordsMaybeOnRemote { remote } => write!(
                f,
                "no review records here; if `{remote}` has any ({reviews}), fetch them with\n  {fetch}\n(a later `duyet sync` will do this)"
            ),
            RepoHint::NoDepartmentBranches => write!(
                f,
                "no department branch ({DEPT_PREFIX}*) yet, so there is nothing to compare {MAIN_BRANCH} with; departments create theirs with `duyet edit` or `git branch {DEPT_PREFIX}<id> {MAIN_BRANCH}`"
            ),
        }
    }
}

/// A commit that changed a draft.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RevisionInfo {
    #[serde(serialize_with = "oid_hex")]
    pub id: Oid,
    pub author: String,
    pub email: String,
    pub time: Moment,
    pub summary: String,
}

impl RevisionInfo {
    pub fn short_id(&self) -> String {
        short(self.id)
    }
}

/// The first 7 hex digits of a commit id, as git shows it.
pub fn short(id: Oid) -> String {
    id.to_string()[..7].to_owned()
}

fn oid_hex<S: serde::Serializer>(id: &Oid, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&id.to_string())
}

/// One file to write in a commit.
pub struct FileChange<'a> {
    pub path: &'a str,
    pub contents: &'a [u8],
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
                _ => StoreError::Git(e),
            })?;
        fast_object_reads();
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
            Err(e) => Err(StoreError::Git(e)),
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

    /// Resolves a revision (branch, tag, commit id, `HEAD~2`, …) to a commit.
    /// `main` without a local `main` (a clone made with `-b dept/x`) is the
    /// remote's.
    pub fn resolve(&self, rev: &str) -> Result<Oid> {
        let unknown = || StoreError::UnknownRevision {
            rev: rev.to_owned(),
        };
        // Branch names first, so `dept/x` never resolves to something else.
        if let Some(id) = self.local_branch(rev) {
            return Ok(id);
        }
        // A full commit id names that commit even when libgit2 cannot parse
        // it (records name revisions so; `revparse` would fail on one).
        if let Some(id) = commit::oid(rev.as_bytes()) {
            if matches!(
                self.repo.odb()?.read_header(id),
                Ok((_, ObjectType::Commit))
            ) {
                return Ok(id);
            }
        }
        let commit = self
            .repo
            .revparse_single(rev)
            .and_then(|obj| obj.peel(ObjectType::Commit));
        match commit {
            Ok(c) => Ok(c.id()),
            Err(_) if rev == MAIN_BRANCH => match self.remote_tracking(rev)? {
                Some(b) => Ok(b.tip),
                None => Err(unknown()),
            },
            Err(_) => Err(unknown()),
        }
    }

    /// The tip of the local branch `name`, if there is one.
    pub fn local_branch(&self, name: &str) -> Option<Oid> {
        self.repo
            .find_branch(name, BranchType::Local)
            .ok()
            .and_then(|b| b.get().target())
    }

    /// The remote-tracking branch a clone has for `name` (`origin/dept/x`
    /// for `dept/x`) when there is no local one: `origin`'s if it has one,
    /// else the first remote's by name.
    pub fn remote_tracking(&self, name: &str) -> Result<Option<BranchInfo>> {
        Ok(self
            .branches()?
            .into_iter()
            .filter(|b| b.remote.is_some() && b.local_name() == name)
            .min_by_key(|b| (b.remote.as_deref() != Some("origin"), b.name.clone())))
    }

    /// Makes `branch` track `upstream` (`origin/dept/x`), as `git checkout`
    /// does for a branch it creates from a remote's, so `git status` and
    /// `git push` know where it belongs.
    pub fn set_upstream(&self, branch: &str, upstream: &str) -> Result<()> {
        let mut b = self.repo.find_branch(branch, BranchType::Local)?;
        b.set_upstream(Some(upstream))
            .map_err(|e| self.write_failed(e, Some(self.repo.commondir())))
    }

    /// The bytes of `path` at commit `at`, or `None` if it does not exist there.
    pub fn read_file(&self, at: Oid, path: &str) -> Result<Option<Vec<u8>>> {
        let Some(entry) = entry_in(&self.tree_of(at)?, path)? else {
            return Ok(None);
        };
        match entry.to_object(&self.repo)?.into_blob() {
            Ok(blob) => Ok(Some(blob.content().to_vec())),
            Err(_) => Ok(None),
        }
    }

    /// Reads and checks the draft at `path` in revision `rev`.
    pub fn read_draft(&self, rev: &str, path: &str) -> Result<Draft> {
        let at = self.resolve(rev)?;
        self.read_draft_at(at, rev, path)
    }

    /// Reads a draft at a resolved commit; `rev` is only for messages.
    pub fn read_draft_at(&self, at: Oid, rev: &str, path: &str) -> Result<Draft> {
        let missing = || StoreError::NoSuchFile {
            path: path.to_owned(),
            rev: rev.to_owned(),
        };
        let blob = self.file_id(at, path)?.ok_or_else(missing)?;
        if let Some((_, d)) = self.parsed.borrow().iter().find(|(id, _)| *id == blob) {
            return Ok(d.clone());
        }
        let bytes = self.read_file(at, path)?.ok_or_else(missing)?;
        let draft = load_draft(&format!("{path} ({rev})"), &bytes)?;
        let mut cache = self.parsed.borrow_mut();
        if cache.len() >= PARSED_CACHE {
            cache.remove(0);
        }
        cache.push((blob, draft.clone()));
        Ok(draft)
    }

    /// The id of the blob at `path` in commit `at` (equal ids: equal files).
    pub fn file_id(&self, at: Oid, path: &str) -> Result<Option<Oid>> {
        Ok(entry_in(&self.tree_of(at)?, path)?.map(|e| e.id()))
    }

    /// `duyet.yaml` as `rev` has it; `Ok(None)` when the repository has none.
    pub fn read_config(&self, rev: &str) -> Result<Option<Config>> {
        let at = match self.resolve(rev) {
            Ok(at) => at,
            Err(StoreError::UnknownRevision { .. }) => return Ok(None),
            Err(e) => return Err(e),
        };
        match self.read_file(at, CONFIG_PATH)? {
            None => Ok(None),
            Some(bytes) => Ok(Some(Config::load(
                &format!("{CONFIG_PATH} ({rev})"),
                &bytes,
            )?)),
        }
    }

    /// The draft files (`drafts/*.yaml`) at `rev`, sorted by path.
    pub fn drafts(&self, rev: &str) -> Result<Vec<String>> {
        let at = self.resolve(rev)?;
        let tree = self.tree_of(at)?;
        let Ok(entry) = tree.get_path(Path::new(DRAFTS_DIR)) else {
            return Ok(Vec::new());
        };
        let Ok(dir) = entry.to_object(&self.repo)?.into_tree() else {
            return Ok(Vec::new());
        };
        let mut out: Vec<String> = dir
            .iter()
            .filter(|e| e.kind() == Some(ObjectType::Blob))
            .filter_map(|e| e.name().ok().map(str::to_owned))
            .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
            .map(|n| format!("{DRAFTS_DIR}/{n}"))
            .collect();
        out.sort();
        Ok(out)
    }

    /// Branches: `main` first, then department branches, then the rest;
    /// local ones before remote-tracking ones. In a clone the departments'
    /// branches are remote-tracking only (`refs/remotes/origin/dept/*`):
    /// those without a local branch of the same name are listed too, marked
    /// with their remote, and so is the remote's `main` when there is no
    /// local one. Other remote-tracking branches are not.
    pub fn branches(&self) -> Result<Vec<BranchInfo>> {
        let mut out = Vec::new();
        for b in self.repo.branches(Some(BranchType::Local))? {
            let (b, _) = b?;
            let (Some(name), Some(tip)) = (b.name()?.map(str::to_owned), b.get().target()) else {
                continue;
            };
            let kind = branch_kind(&name);
            out.push(BranchInfo {
                name,
                tip,
                kind,
                remote: None,
            });
        }
        let local_main = out.iter().any(|b| b.kind == BranchKind::Main);
        let remotes = self.remote_names();
        let mut tracking = Vec::new();
        for b in self.repo.branches(Some(BranchType::Remote))? {
            let (b, _) = b?;
            // `origin/HEAD` is symbolic: no target, skipped.
            let (Some(name), Some(tip)) = (b.name()?.map(str::to_owned), b.get().target()) else {
                continue;
            };
            let (remote, short) = split_remote(&remotes, &name);
            let kind = match branch_kind(short) {
                BranchKind::Main if !local_main => BranchKind::Main,
                BranchKind::Department(d) => BranchKind::Department(d),
                _ => continue,
            };
            if out.iter().any(|local| local.name == short) {
                continue;
            }
            let remote = Some(remote.to_owned());
            tracking.push(BranchInfo {
                name,
                tip,
                kind,
                remote,
            });
        }
        out.extend(tracking);
        out.sort_by(|a, b| {
            let rank = |k: &BranchKind| match k {
                BranchKind::Main => 0,
                BranchKind::Department(_) => 1,
                BranchKind::Other => 2,
            };
            (rank(&a.kind), a.remote.is_some(), &a.name).cmp(&(
                rank(&b.kind),
                b.remote.is_some(),
                &b.name,
            ))
        });
        Ok(out)
    }

    /// The department whose branch `name` is, as `branches` reads it: `x`
    /// for a local `dept/x`, and for a remote-tracking `origin/dept/x` (the
    /// remote's name, which may hold `/`, taken off first). `None` for `main`,
    /// other branches, and anything that is not a branch name.
    pub fn department_of(&self, name: &str) -> Option<String> {
        let short = if self.repo.find_branch(name, BranchType::Local).is_ok() {
            name
        } else if self.repo.find_branch(name, BranchType::Remote).is_ok() {
            split_remote(&self.remote_names(), name).1
        } else {
            return None;
        };
        match branch_kind(short) {
            BranchKind::Department(d) => Some(d),
            _ => None,
        }
    }

    /// The configured remotes' names.
    fn remote_names(&self) -> Vec<String> {
        self.repo
            .remotes()
            .map(|names| {
                names
                    .iter()
                    .flatten()
                    .flatten()
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// What explains an empty screen: no department branch, or review
    /// records left on the remote (`record_hints`). Best effort: what cannot
    /// be checked gives no hint.
    pub fn hints(&self) -> Vec<RepoHint> {
        let no_departments = self.branches().is_ok_and(|list| {
            !list
                .iter()
                .any(|b| matches!(b.kind, BranchKind::Department(_)))
        });
        let mut out = Vec::new();
        if no_departments {
            out.push(RepoHint::NoDepartmentBranches);
        }
        out.extend(self.record_hints());
        out
    }

    /// When there are no review records at all, local or fetched, but there
    /// are remotes (a plain `git clone` does not fetch `refs/duyet/*`): for a
    /// remote that is a folder on this machine, whether it has records; for
    /// any other, that its records are fetched with the refspec, unless that
    /// is configured already. No network connection is ever opened.
    pub fn record_hints(&self) -> Vec<RepoHint> {
        if !self.review_tips().is_ok_and(|tips| tips.is_empty()) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for name in self.remote_names() {
            let Ok(remote) = self.repo.find_remote(&name) else {
                continue;
            };
            let configured = remote.refspecs().any(|s| {
                s.direction() == git2::Direction::Fetch
                    && s.src_matches(crate::core::review::REVIEWS_REF)
            });
            let Ok(url) = remote.url() else { continue };
            match local_remote_path(url, self.path()) {
                Some(path) => {
                    let has_records = Repository::open(&path)
                        .is_ok_and(|r| r.find_reference(crate::core::review::REVIEWS_REF).is_ok());
                    if has_records {
                        out.push(RepoHint::RecordsNotFetched {
                            remote: name,
                            configured,
                        });
                    }
                }
                None if !configured => out.push(RepoHint::RecordsMaybeOnRemote { remote: name }),
                None => {}
            }
        }
        out
    }

    /// Commits reachable from `rev` that changed `path` (its contents differ
    /// from every parent's), newest first, at most `limit`. When a commit
    /// in the history is one libgit2 cannot parse (a malformed author),
    /// its revwalk gives up: the history is then read here
    /// (`revisions_read_here`), and the listing shows what it can.
    pub fn revisions(&self, rev: &str, path: &str, limit: usize) -> Result<Vec<RevisionInfo>> {
        let start = self.resolve(rev)?;
        match self.revisions_with_libgit2(start, path, limit) {
            Err(StoreError::Git(e)) => self
                .revisions_read_here(start, path, limit)
                .map_err(|_| StoreError::Git(e)),
            done => done,
        }
    }

    fn revisions_with_libgit2(
        &self,
        start: Oid,
        path: &str,
        limit: usize,
    ) -> Result<Vec<RevisionInfo>> {
        let mut walk = self.repo.revwalk()?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)?;
        walk.push(start)?;
        let mut out = Vec::new();
        for id in walk {
            if out.len() >= limit {
                break;
            }
            let commit = self.repo.find_commit(id?)?;
            let mine = blob_id(&commit.tree()?, path);
            if mine.is_none() {
                continue;
            }
            let changed = commit.parent_count() == 0
                || commit
                    .parents()
                    .all(|p| p.tree().ok().and_then(|t| blob_id(&t, path)) != mine);
            if !changed {
                continue;
            }
            out.push(revision_info(&commit));
        }
        Ok(out)
    }

    /// `revisions`, every commit read by `commit::parse`: children before
    /// parents, the most recently committed first among those ready (as
    /// `git log --date-order`); authors read as well as they can be. A
    /// parent that is missing or no commit ends that line of history.
    fn revisions_read_here(
        &self,
        start: Oid,
        path: &str,
        limit: usize,
    ) -> Result<Vec<RevisionInfo>> {
        struct Read {
            parents: Vec<Oid>,
            time: i64,
            blob: Option<Oid>,
            info: RevisionInfo,
        }
        let odb = self.repo.odb()?;
        let shallow = self.shallow_commits();
        let mut graph: std::collections::HashMap<Oid, Read> = std::collections::HashMap::new();
        let mut todo = vec![start];
        while let Some(id) = todo.pop() {
            if graph.contains_key(&id) {
                continue;
            }
            let Ok(object) = odb.read(id) else { continue };
            if object.kind() != ObjectType::Commit {
                continue;
            }
            let header = commit::parse(object.data());
            let parents = if shallow.contains(&id) {
                Vec::new()
            } else {
                header.parents.clone()
            };
            let blob = header
                .tree
                .and_then(|t| self.repo.find_tree(t).ok())
                .and_then(|t| blob_id(&t, path));
            let author = commit::ident_lossy(header.author.unwrap_or_default());
            let time = header
                .committer
                .map_or(author.time.seconds, |c| commit::ident_lossy(c).time.seconds);
            todo.extend(parents.iter().copied());
            graph.insert(
                id,
                Read {
                    parents,
                    time,
                    blob,
                    info: RevisionInfo {
                        id,
                        author: String::from_utf8_lossy(author.name).into_owned(),
                        email: String::from_utf8_lossy(author.email).into_owned(),
                        time: author.time,
                        summary: header.summary(),
                    },
                },
            );
        }
        let mut children: std::collections::HashMap<Oid, usize> = std::collections::HashMap::new();
        for read in graph.values() {
            for p in read.parents.iter().filter(|p| graph.contains_key(p)) {
                *children.entry(*p).or_default() += 1;
            }
        }
        let mut ready = std::collections::BinaryHeap::new();
        if let Some(read) = graph.get(&start) {
            ready.push((read.time, start));
        }
        let mut out = Vec::new();
        while let Some((_, id)) = ready.pop() {
            if out.len() >= limit {
                break;
            }
            let Some(read) = graph.get(&id) else { continue };
            for p in &read.parents {
                if let Some(n) = children.get_mut(p) {
                    *n -= 1;
                    if *n == 0 {
                        ready.push((graph[p].time, *p));
                    }
                }
            }
            let changed = read.blob.is_some()
                && read
                    .parents
                    .iter()
                    .all(|p| graph.get(p).and_then(|r| r.blob) != read.blob);
            if changed {
                out.push(read.info.clone());
            }
        }
        Ok(out)
    }

    /// Describes one commit.
    pub fn revision(&self, rev: &str) -> Result<RevisionInfo> {
        let id = self.resolve(rev)?;
        match self.repo.find_commit(id) {
            Ok(commit) => Ok(revision_info(&commit)),
            Err(e) => self.revision_read_here(id).ok_or(StoreError::Git(e)),
        }
    }

    /// A commit libgit2 cannot parse, described as well as it can be.
    fn revision_read_here(&self, id: Oid) -> Option<RevisionInfo> {
        let odb = self.repo.odb().ok()?;
        let object = odb.read(id).ok()?;
        if object.kind() != ObjectType::Commit {
            return None;
        }
        let header = commit::parse(object.data());
        let author = commit::ident_lossy(header.author.unwrap_or_default());
        Some(RevisionInfo {
            id,
            author: String::from_utf8_lossy(author.name).into_owned(),
            email: String::from_utf8_lossy(author.email).into_owned(),
            time: author.time,
            summary: header.summary(),
        })
    }

    /// The tree of commit `id`: libgit2's, or — for a commit libgit2 cannot
    /// parse (a malformed author) — the one its header names.
    fn tree_of(&self, id: Oid) -> Result<git2::Tree<'_>> {
        match self.repo.find_commit(id) {
            Ok(c) => Ok(c.tree()?),
            Err(e) if e.code() == ErrorCode::NotFound => Err(e.into()),
            Err(e) => {
                let tree = self
                    .repo
                    .odb()?
                    .read(id)
                    .ok()
                    .filter(|o| o.kind() == ObjectType::Commit)
                    .and_then(|o| commit::parse(o.data()).tree);
                match tree {
                    Some(tree) => Ok(self.repo.find_tree(tree)?),
                    None => Err(e.into()),
                }
            }
        }
    }

    /// How many commits `rev` has that `base` lacks, and the other way round.
    pub fn ahead_behind(&self, rev: Oid, base: Oid) -> Result<(usize, usize)> {
        Ok(self.repo.graph_ahead_behind(rev, base)?)
    }

    /// Writes a commit on `branch` that changes `files` on top of its tip, and
    /// moves the branch only if its tip is still `expected_tip` (`None`: the
    /// branch must not exist yet). On a race nothing is changed and
    /// `StoreError::Moved` is returned. Where the branch is checked out, the
    /// work tree follows (see `commit_on`).
    pub fn commit_files(
        &self,
        branch: &str,
        expected_tip: Option<Oid>,
        files: &[FileChange<'_>],
        author: &Identity,
        when: Option<Moment>,
        message: &str,
    ) -> Result<Oid> {
        self.commit_on(branch, expected_tip, None, files, author, when, message)
    }

    /// Like `commit_files`, but a merge commit: its second parent is `other`
    /// (the department's tip), so `git log --graph` shows whose work came in.
    #[allow(clippy::too_many_arguments)]
    pub fn commit_merge(
        &self,
        branch: &str,
        expected_tip: Oid,
        other: Oid,
        files: &[FileChange<'_>],
        author: &Identity,
        when: Option<Moment>,
        message: &str,
    ) -> Result<Oid> {
        self.commit_on(
            branch,
            Some(expected_tip),
            Some(other),
            files,
            author,
            when,
            message,
        )
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
    fn write_commit(
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
                return Err(StoreError::Git(git2::Error::from_str(&format!(
                    "cannot write a commit on {p}: it is no commit of this repository"
                ))));
            }
        }
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
        Ok(odb.write(ObjectType::Commit, &bytes)?)
    }

    /// Runs writes to the object database; a failure that comes from the
    /// repository being read-only for this user says so (`write_failed`).
    fn as_writer<T>(&self, write: impl FnOnce() -> Result<T>) -> Result<T> {
        write().map_err(|e| match e {
            StoreError::Git(e) => self.write_failed(e, None),
            other => other,
        })
    }

    /// A failed write as the person should read it: `ReadOnly` when the
    /// object database or `dir` (where a ref's lock goes) cannot be written
    /// by this user, else git's own error.
    fn write_failed(&self, e: git2::Error, dir: Option<&Path>) -> StoreError {
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
        StoreError::Git(e)
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
    fn swap_ref(
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
    fn tip(&self, refname: &str) -> Result<Option<Oid>> {
        match self.repo.refname_to_id(refname) {
            Ok(id) => Ok(Some(id)),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// The best common ancestor of two commits.
    pub fn merge_base(&self, a: Oid, b: Oid) -> Result<Oid> {
        Ok(self.repo.merge_base(a, b)?)
    }

    /// Like `merge_base`, except that a merge commit reachable from `a` whose
    /// message fails `follow` counts only through its first parent: `duyet
    /// merge` of one draft names the department's tip as second parent but
    /// brings none of its other drafts into `main`, so for those the
    /// department's commits are still to merge.
    pub fn merge_base_following(
        &self,
        a: Oid,
        b: Oid,
        follow: impl Fn(&str) -> bool,
    ) -> Result<Oid> {
        let plain = self.repo.merge_base(a, b)?;
        let follows = |c: &git2::Commit<'_>| {
            c.parent_count() < 2 || follow(&String::from_utf8_lossy(c.message_bytes()))
        };
        // Usually no such merge happened since the plain merge base.
        let mut since = self.repo.revwalk()?;
        since.push(a)?;
        since.hide(plain)?;
        let mut all_followed = true;
        for id in since {
            if !follows(&self.repo.find_commit(id?)?) {
                all_followed = false;
                break;
            }
        }
        if all_followed {
            return Ok(plain);
        }
        // What `a` has under that rule…
        let mut has = std::collections::HashSet::new();
        let mut todo = vec![a];
        while let Some(id) = todo.pop() {
            if !has.insert(id) {
                continue;
            }
            let c = self.repo.find_commit(id)?;
            let every = follows(&c);
            todo.extend(
                c.parent_ids()
                    .enumerate()
                    .filter(|(i, _)| *i == 0 || every)
                    .map(|(_, p)| p),
            );
        }
        // …and the newest of `b`'s commits it has (children before parents,
        // so no common ancestor found later is a descendant of this one).
        let mut walk = self.repo.revwalk()?;
        walk.set_sorting(Sort::TOPOLOGICAL)?;
        walk.push(b)?;
        for id in walk {
            let id = id?;
            if has.contains(&id) {
                return Ok(id);
            }
        }
        Ok(plain)
    }

    /// Every branch, remote-tracking branch and duyet ref with its tip: what
    /// an open screen compares, once a second, to notice others' writes.
    /// Reads the ref files only, never an object.
    pub fn ref_tips(&self) -> Result<RefTips> {
        let mut tips = RefTips::new();
        for r in self.repo.references()? {
            let r = r?;
            let (Ok(name), Some(target)) = (r.name(), r.target()) else {
                continue;
            };
            if ["refs/heads/", "refs/remotes/", "refs/duyet/"]
                .iter()
                .any(|p| name.starts_with(p))
            {
                tips.insert(name.to_owned(), target.to_string());
            }
        }
        Ok(tips)
    }

    /// How many commits `to` has that `from` lacks whose author is not
    /// `me` (case-insensitive e-mail), counting at most `limit`.
    pub fn new_commits_by_others(
        &self,
        from: Option<Oid>,
        to: Oid,
        me: Option<&str>,
        limit: usize,
    ) -> Result<usize> {
        let mut walk = self.repo.revwalk()?;
        walk.push(to)?;
        if let Some(from) = from {
            // A rewritten history (from unknown) counts from nothing.
            if self.repo.find_commit(from).is_ok() {
                walk.hide(from)?;
            }
        }
        let mut n = 0;
        for id in walk.take(limit) {
            let c = self.repo.find_commit(id?)?;
            let author = c.author();
            let mine =
                me.is_some_and(|me| author.email_bytes().eq_ignore_ascii_case(me.as_bytes()));
            if !mine {
                n += 1;
            }
        }
        Ok(n)
    }

    /// The author e-mail of a commit, if it reads.
    pub fn author_email(&self, id: Oid) -> Option<String> {
        match self.repo.find_commit(id) {
            Ok(c) => Some(String::from_utf8_lossy(c.author().email_bytes()).into_owned()),
            Err(_) => Some(self.revision_read_here(id)?.email),
        }
    }

    /// Creates `branch` at `at` (refuses to move an existing branch).
    pub fn create_branch(&self, branch: &str, at: Oid) -> Result<()> {
        let refs = self.repo.commondir().join("refs/heads");
        let written = match self.repo.find_commit(at) {
            Ok(commit) => self.repo.branch(branch, &commit, false).map(drop),
            // A commit libgit2 cannot parse (a malformed author) is
            // branched from all the same.
            Err(_) => self
                .repo
                .reference(
                    &format!("refs/heads/{branch}"),
                    at,
                    false,
                    "branch: Created",
                )
                .map(drop),
        };
        written.map_err(|e| self.write_failed(e, Some(&refs)))
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
}

/// The mode of a file duyet writes: executable if it was, else a plain file.
fn blob_mode(old: Option<i32>) -> i32 {
    if old == Some(0o100755) {
        0o100755
    } else {
        0o100644
    }
}

/// The folder a remote's URL names, if it is on this machine: a path
/// (relative ones from the work tree, as git takes them) or a `file://`
/// URL. `host:path` (scp-like) and other URLs are not.
fn local_remote_path(url: &str, base: &Path) -> Option<PathBuf> {
    let path = match url.strip_prefix("file://") {
        Some(rest) => rest,
        None if url.contains("://") => return None,
        // git's rule: a colon before any slash makes it `host:path`.
        None if url
            .find(':')
            .is_some_and(|c| url.find('/').is_none_or(|s| c < s)) =>
        {
            return None;
        }
        None => url,
    };
    let path = Path::new(path);
    Some(if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    })
}

/// `origin/dept/x` as (`origin`, `dept/x`): the longest configured remote
/// name it starts with (remote names may contain `/`), else its first part.
fn split_remote<'a>(remotes: &[String], name: &'a str) -> (&'a str, &'a str) {
    let configured = remotes
        .iter()
        .filter_map(|r| Some((r.len(), name.strip_prefix(r.as_str())?.strip_prefix('/')?)))
        .max_by_key(|(len, _)| *len);
    match configured {
        Some((len, rest)) => (&name[..len], rest),
        None => name.split_once('/').unwrap_or((name, "")),
    }
}

/// The tree entry at `path` in a commit's tree; `None` when there is none.
fn entry_in(tree: &git2::Tree<'_>, path: &str) -> Result<Option<git2::TreeEntry<'static>>> {
    match tree.get_path(Path::new(path)) {
        Ok(e) => Ok(Some(e)),
        Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The blob id at `path` in a commit's tree (for "did this commit change it?").
fn blob_id(tree: &git2::Tree<'_>, path: &str) -> Option<Oid> {
    entry_in(tree, path).ok().flatten().map(|e| e.id())
}

fn revision_info(commit: &git2::Commit<'_>) -> RevisionInfo {
    let author = commit.author();
    let when = author.when();
    RevisionInfo {
        id: commit.id(),
        author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
        email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
        time: Moment {
            seconds: when.seconds(),
            offset_minutes: when.offset_minutes(),
        },
        summary: commit
            .summary_bytes()
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .unwrap_or_default(),
    }
}

/// The one place a commit signature is built: an identity that fails
/// `Identity::check` (a line break would end the header; a control character
/// would reach every terminal that shows the log) is refused here, whatever
/// path it came by, so nothing is written.
fn signature(who: &Identity, when: Option<Moment>) -> Result<Signature<'static>> {
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
