//! Branches and revisions by name: resolving a revision, listing the local
//! and remote-tracking branches (and the department each is for), creating
//! a branch, the refs' tips an open screen watches, and the hints that
//! explain an empty screen.

use std::path::{Path, PathBuf};

use git2::{BranchType, ObjectType, Repository};

use super::reviews::remote_reviews_ref;
use super::{CommitId, DEPT_PREFIX, MAIN_BRANCH, Result, Store, StoreError, commit};

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
    pub tip: CommitId,
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

impl Store {
    /// Resolves a revision (branch, tag, commit id, `HEAD~2`, …) to a commit.
    /// `main` without a local `main` (a clone made with `-b dept/x`) is the
    /// remote's.
    pub fn resolve(&self, rev: &str) -> Result<CommitId> {
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
                return Ok(CommitId::from_git(id));
            }
        }
        let commit = self
            .repo
            .revparse_single(rev)
            .and_then(|obj| obj.peel(ObjectType::Commit));
        match commit {
            Ok(c) => Ok(CommitId::from_git(c.id())),
            Err(_) if rev == MAIN_BRANCH => match self.remote_tracking(rev)? {
                Some(b) => Ok(b.tip),
                None => Err(unknown()),
            },
            Err(_) => Err(unknown()),
        }
    }

    /// The tip of the local branch `name`, if there is one.
    pub fn local_branch(&self, name: &str) -> Option<CommitId> {
        self.repo
            .find_branch(name, BranchType::Local)
            .ok()
            .and_then(|b| b.get().target())
            .map(CommitId::from_git)
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
                tip: CommitId::from_git(tip),
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
                tip: CommitId::from_git(tip),
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

    /// Creates `branch` at `at` (refuses to move an existing branch).
    pub fn create_branch(&self, branch: &str, at: CommitId) -> Result<()> {
        let at = at.git();
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
