//! Exchanging with another repository (`duyet sync`). The network is the
//! system's `git`, as cargo's `net.git-fetch-with-cli` does: the officer's
//! `~/.ssh/config`, SSH agent and credential helpers work as they do for
//! `git fetch`, and every transport git speaks (ssh, https, a folder) is
//! supported without duyet carrying its own. What moves the local refs is
//! duyet's own compare-and-swap (`swap_ref`), never a forced update: a branch
//! only fast-forwards, records are united by a merge, and what cannot be
//! either is reported and left as it is.

use std::path::Path;
use std::process::{Command, Stdio};

use git2::{Delta, DiffOptions};

use super::{CommitId, FileChange, Result, Store, StoreError, Swap, signature, worktree};
use crate::core::review::REVIEWS_REF;
use crate::core::{Identity, Moment};

/// How one ref went in a push, from `git push --porcelain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushed {
    /// The ref on the remote (`refs/heads/main`).
    pub refname: String,
    pub accepted: bool,
    /// git's words when it was refused ("[rejected] (fetch first)", "[remote
    /// rejected] (pre-receive hook declined)").
    pub reason: String,
}

impl Pushed {
    /// Refused only because the remote moved since the fetch: fetching
    /// again and retrying can succeed.
    pub fn raced(&self) -> bool {
        const RACES: [&str; 5] = [
            "fetch first",
            "non-fast-forward",
            "failed to update ref",
            "failed to lock",
            "cannot lock ref",
        ];
        !self.accepted && RACES.iter().any(|r| self.reason.contains(r))
    }
}

/// How a fast-forward of a local branch went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Forward {
    Done,
    /// Someone moved the branch meanwhile; nothing changed.
    Moved,
}

impl Store {
    /// Where git looks for this repository's hooks (`core.hooksPath`, else
    /// `hooks` in the git folder).
    pub fn hooks_dir(&self) -> std::path::PathBuf {
        let configured = self
            .repo
            .config()
            .ok()
            .and_then(|c| c.get_path("core.hooksPath").ok());
        match configured {
            Some(p) if p.is_absolute() => p,
            Some(p) => self.repo.workdir().unwrap_or(self.repo.path()).join(p),
            None => self.repo.path().join("hooks"),
        }
    }

    /// The names of the configured remotes.
    pub fn remotes(&self) -> Result<Vec<String>> {
        let names = self.repo.remotes()?;
        Ok(names
            .iter()
            .flatten()
            .flatten()
            .map(str::to_owned)
            .collect())
    }

    /// Fetches `remote`'s branches (to `refs/remotes/<remote>/…`, pruning
    /// those it no longer has) and its records (to
    /// `refs/remotes/<remote>/duyet/reviews`). Forced updates there are
    /// git's own tracking refs, never a local branch.
    pub fn fetch(&self, remote: &str) -> Result<()> {
        self.check_remote(remote)?;
        let specs = [
            format!("+refs/heads/*:refs/remotes/{remote}/*"),
            format!("+refs/duyet/*:refs/remotes/{remote}/duyet/*"),
        ];
        let mut args = vec!["fetch", "--prune", "--no-tags", "--quiet", remote];
        args.extend(specs.iter().map(String::as_str));
        let (ok, _, stderr) = self.git(&args)?;
        if ok {
            Ok(())
        } else {
            Err(StoreError::RemoteGit {
                remote: remote.to_owned(),
                what: "fetch",
                detail: stderr.trim().to_owned(),
            })
        }
    }

    /// Pushes each `(local ref, remote ref)` without force; says which the
    /// remote accepted and why it refused the others, and what the remote
    /// said (its hooks' lines, `remote: …`). Fails only when git could not
    /// talk to the remote at all.
    pub fn push(
        &self,
        remote: &str,
        refs: &[(String, String)],
    ) -> Result<(Vec<Pushed>, Vec<String>)> {
        self.check_remote(remote)?;
        if refs.is_empty() {
            return Ok((Vec::new(), Vec::new()));
        }
        let specs: Vec<String> = refs.iter().map(|(l, r)| format!("{l}:{r}")).collect();
        let mut args = vec!["push", "--porcelain", "--no-verify", remote];
        args.extend(specs.iter().map(String::as_str));
        let (ok, stdout, stderr) = self.git(&args)?;
        let pushed = parse_porcelain(&stdout);
        if pushed.is_empty() && !ok {
            return Err(StoreError::RemoteGit {
                remote: remote.to_owned(),
                what: "push",
                detail: stderr.trim().to_owned(),
            });
        }
        let said = stderr
            .lines()
            .filter_map(|l| l.strip_prefix("remote: "))
            .map(|l| l.trim_end().to_owned())
            .filter(|l| !l.is_empty())
            .collect();
        Ok((pushed, said))
    }

    /// What `refname` names, as a commit id (`None` when it does not exist).
    pub fn ref_commit(&self, refname: &str) -> Result<Option<CommitId>> {
        Ok(self.tip(refname)?.map(CommitId::from_git))
    }

    /// The refs under `prefix` (`refs/heads/dept/`), with the commits they
    /// name, by name; refs that name no commit are left out.
    pub fn refs_under(&self, prefix: &str) -> Result<Vec<(String, CommitId)>> {
        let mut out = Vec::new();
        for r in self.repo.references_glob(&format!("{prefix}*"))? {
            let r = r?;
            if let (Ok(name), Ok(commit)) = (r.name().map(str::to_owned), r.peel_to_commit()) {
                if let Some(rest) = name.strip_prefix(prefix) {
                    out.push((rest.to_owned(), CommitId::from_git(commit.id())));
                }
            }
        }
        out.sort();
        Ok(out)
    }

    /// How many commits `tip`'s history holds (itself included) that
    /// `known`'s does not; with `records`, merges are not counted (on the
    /// records ref they unite records and are none).
    pub fn count_new(
        &self,
        tip: CommitId,
        known: Option<CommitId>,
        records: bool,
    ) -> Result<usize> {
        let mut walk = self.repo.revwalk()?;
        walk.push(tip.git())?;
        if let Some(known) = known {
            walk.hide(known.git())?;
        }
        let mut n = 0;
        for id in walk {
            let id = id?;
            if !records
                || self
                    .repo
                    .find_commit(id)
                    .map_or(true, |c| c.parent_count() < 2)
            {
                n += 1;
            }
        }
        Ok(n)
    }

    /// Moves `branch` from `from` to `to`, which has `from` in its history.
    /// Where the branch is checked out, the files that differ must be clean
    /// there and are brought up to date, as for a commit duyet writes; a
    /// difference a work tree cannot follow that way (a file removed, a
    /// mode changed) is refused while the branch is checked out.
    pub fn fast_forward(&self, branch: &str, from: CommitId, to: CommitId) -> Result<Forward> {
        let refname = format!("refs/heads/{branch}");
        let (from, to) = (from.git(), to.git());
        let old_tree = self.tree_of(from)?;
        let new_tree = self.tree_of(to)?;
        let mut blobs: Vec<(String, Vec<u8>)> = Vec::new();
        let mut unfollowable = None;
        let diff = self.repo.diff_tree_to_tree(
            Some(&old_tree),
            Some(&new_tree),
            Some(DiffOptions::new().skip_binary_check(true)),
        )?;
        for d in diff.deltas() {
            let path = d.new_file().path().or(d.old_file().path());
            let path = path.and_then(Path::to_str).unwrap_or("?").to_owned();
            let mode_kept =
                d.old_file().mode() == d.new_file().mode() || d.status() == Delta::Added;
            match d.status() {
                Delta::Added | Delta::Modified if mode_kept => {
                    let blob = self.repo.find_blob(d.new_file().id())?;
                    blobs.push((path, blob.content().to_vec()));
                }
                _ => {
                    unfollowable.get_or_insert(path);
                }
            }
        }
        let files: Vec<FileChange<'_>> = blobs
            .iter()
            .map(|(path, contents)| FileChange { path, contents })
            .collect();
        let checked_out = worktree::CheckedOut::lock(&self.repo, branch, Some(&old_tree), &files)?;
        if let Some(mut c) = checked_out {
            if let Some(path) = unfollowable {
                return Err(StoreError::CannotFollow {
                    branch: branch.to_owned(),
                    path,
                });
            }
            if self.tip(&refname)? != Some(from) {
                return Ok(Forward::Moved);
            }
            c.check()?;
            return match self.swap_ref(&refname, Some(from), to, "duyet sync: fast-forward")? {
                Swap::Done => c.update(to).map(|()| Forward::Done),
                Swap::Moved => Ok(Forward::Moved),
            };
        }
        if let Some(path) = unfollowable.filter(|_| self.is_checked_out(branch)) {
            return Err(StoreError::CannotFollow {
                branch: branch.to_owned(),
                path,
            });
        }
        Ok(
            match self.swap_ref(&refname, Some(from), to, "duyet sync: fast-forward")? {
                Swap::Done => Forward::Done,
                Swap::Moved => Forward::Moved,
            },
        )
    }

    /// Unites the local records with `theirs` (a remote's records, fetched):
    /// the local ref fast-forwards when its history is in theirs; when both
    /// have records the other lacks, a merge commit whose parents are both
    /// tips (no record itself) is added — never a rewrite, never a lost
    /// record. Returns the local tip after, or `None` if neither has any.
    pub fn unite_records(
        &self,
        theirs: Option<CommitId>,
        who: &Identity,
        when: Option<Moment>,
        message: &str,
    ) -> Result<Option<CommitId>> {
        let sig = signature(who, when)?;
        for _ in 0..100 {
            let local = self.local_tip()?;
            let (named, mine) = match (local, theirs) {
                (None, None) => return Ok(None),
                (Some((_, mine)), None) => return Ok(Some(CommitId::from_git(mine))),
                (None, Some(theirs)) => {
                    match self.swap_ref(REVIEWS_REF, None, theirs.git(), message)? {
                        Swap::Done => return Ok(Some(theirs)),
                        Swap::Moved => continue,
                    }
                }
                (Some(local), Some(_)) => local,
            };
            let theirs = theirs.expect("matched above").git();
            let new = if mine == theirs || self.descends(mine, theirs)? {
                return Ok(Some(CommitId::from_git(mine)));
            } else if self.descends(theirs, mine)? {
                theirs
            } else {
                let tree = self.as_writer(|| Ok(self.repo.treebuilder(None)?.write()?))?;
                self.as_writer(|| self.write_commit(tree, &[mine, theirs], &sig, message))?
            };
            match self.swap_ref(REVIEWS_REF, Some(named), new, message)? {
                Swap::Done => return Ok(Some(CommitId::from_git(new))),
                Swap::Moved => continue,
            }
        }
        Err(StoreError::Moved {
            refname: REVIEWS_REF.to_owned(),
        })
    }

    /// Whether `branch` is checked out in any work tree of the repository.
    fn is_checked_out(&self, branch: &str) -> bool {
        worktree::is_checked_out(&self.repo, &format!("refs/heads/{branch}"))
    }

    /// Refuses a remote that is not configured (so nothing on the command
    /// line is ever read by git as an option or a URL of the caller's).
    fn check_remote(&self, remote: &str) -> Result<()> {
        if remote.starts_with('-') || !self.remotes()?.iter().any(|r| r == remote) {
            return Err(StoreError::NoRemote {
                remote: remote.to_owned(),
                known: self.remotes()?,
            });
        }
        Ok(())
    }

    /// Runs git on this repository: whether it succeeded, its output and
    /// its error output. Its input is closed, so it never waits on a prompt
    /// duyet cannot show.
    fn git(&self, args: &[&str]) -> Result<(bool, String, String)> {
        // From the top of the work tree (the repository, when bare), as
        // `git` run there would: a remote given as a relative path is
        // relative to it.
        let top = self.repo.workdir().unwrap_or(self.repo.path());
        let out = Command::new("git")
            .current_dir(top)
            .arg("--git-dir")
            .arg(self.repo.path())
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|source| StoreError::NoGit { source })?;
        Ok((
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        ))
    }
}

/// The refs of `git push --porcelain`'s output: `<flag>\t<from>:<to>\t<summary>`
/// where the flag `!` is a refusal.
fn parse_porcelain(stdout: &str) -> Vec<Pushed> {
    stdout
        .lines()
        .filter_map(|line| {
            let mut parts = line.splitn(3, '\t');
            let flag = parts.next()?;
            let refs = parts.next()?;
            let summary = parts.next().unwrap_or("");
            if flag.chars().count() != 1 {
                return None;
            }
            let (_, to) = refs.split_once(':')?;
            Some(Pushed {
                refname: to.to_owned(),
                accepted: flag != "!",
                reason: summary
                    .trim()
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .to_owned(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn porcelain_lines_say_which_refs_were_refused() {
        let out = "To /tmp/hub.git\n\
                   =\trefs/heads/main:refs/heads/main\t[up to date]\n\
                   *\trefs/heads/dept/x:refs/heads/dept/x\t[new branch]\n\
                   !\trefs/duyet/reviews:refs/duyet/reviews\t[rejected] (fetch first)\n\
                   Done\n";
        let pushed = parse_porcelain(out);
        assert_eq!(pushed.len(), 3, "{pushed:?}");
        assert!(pushed[0].accepted && pushed[1].accepted);
        assert!(!pushed[2].accepted);
        assert_eq!(pushed[2].refname, "refs/duyet/reviews");
        assert!(pushed[2].reason.contains("fetch first"), "{pushed:?}");
    }
}
