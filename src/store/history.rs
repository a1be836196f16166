//! The history of commits: the revisions of a draft (git's TREESAME rule),
//! one commit described, merge bases, and counting commits between two
//! tips.

use git2::{ObjectType, Oid, Sort};

use super::read::blob_id;
use super::{CommitId, GitError, Result, Store, StoreError, commit};
use crate::core::Moment;

/// A commit that changed a draft.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RevisionInfo {
    pub id: CommitId,
    pub author: String,
    pub email: String,
    pub time: Moment,
    pub summary: String,
}

impl RevisionInfo {
    pub fn short_id(&self) -> String {
        self.id.short()
    }
}

/// The first 7 hex digits of a commit id, as git shows it (`CommitId::short`).
pub fn short(id: CommitId) -> String {
    id.short()
}

impl Store {
    /// Commits reachable from `rev` that changed `path` (its contents differ
    /// from every parent's), newest first, at most `limit`. When a commit
    /// in the history is one libgit2 cannot parse (a malformed author),
    /// its revwalk gives up: the history is then read here
    /// (`revisions_read_here`), and the listing shows what it can.
    pub fn revisions(&self, rev: &str, path: &str, limit: usize) -> Result<Vec<RevisionInfo>> {
        let start = self.resolve(rev)?.git();
        match self.revisions_with_libgit2(start, path, limit) {
            Err(StoreError::Git(GitError(e))) => self
                .revisions_read_here(start, path, limit)
                .map_err(|_| StoreError::from(e)),
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
                        id: CommitId::from_git(id),
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
        let id = self.resolve(rev)?.git();
        match self.repo.find_commit(id) {
            Ok(commit) => Ok(revision_info(&commit)),
            Err(e) => self.revision_read_here(id).ok_or(StoreError::from(e)),
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
            id: CommitId::from_git(id),
            author: String::from_utf8_lossy(author.name).into_owned(),
            email: String::from_utf8_lossy(author.email).into_owned(),
            time: author.time,
            summary: header.summary(),
        })
    }

    /// How many commits `rev` has that `base` lacks, and the other way round.
    pub fn ahead_behind(&self, rev: CommitId, base: CommitId) -> Result<(usize, usize)> {
        Ok(self.repo.graph_ahead_behind(rev.git(), base.git())?)
    }

    /// The best common ancestor of two commits.
    pub fn merge_base(&self, a: CommitId, b: CommitId) -> Result<CommitId> {
        Ok(CommitId::from_git(self.repo.merge_base(a.git(), b.git())?))
    }

    /// Like `merge_base`, except that a merge commit reachable from `a` whose
    /// message fails `follow` counts only through its first parent: `duyet
    /// merge` of one draft names the department's tip as second parent but
    /// brings none of its other drafts into `main`, so for those the
    /// department's commits are still to merge.
    pub fn merge_base_following(
        &self,
        a: CommitId,
        b: CommitId,
        follow: impl Fn(&str) -> bool,
    ) -> Result<CommitId> {
        let (a, b) = (a.git(), b.git());
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
            return Ok(CommitId::from_git(plain));
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
                return Ok(CommitId::from_git(id));
            }
        }
        Ok(CommitId::from_git(plain))
    }

    /// How many commits `to` has that `from` lacks whose author is not
    /// `me` (case-insensitive e-mail), counting at most `limit`.
    pub fn new_commits_by_others(
        &self,
        from: Option<CommitId>,
        to: CommitId,
        me: Option<&str>,
        limit: usize,
    ) -> Result<usize> {
        let mut walk = self.repo.revwalk()?;
        walk.push(to.git())?;
        if let Some(from) = from.map(CommitId::git) {
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
    pub fn author_email(&self, id: CommitId) -> Option<String> {
        let id = id.git();
        match self.repo.find_commit(id) {
            Ok(c) => Some(String::from_utf8_lossy(c.author().email_bytes()).into_owned()),
            Err(_) => Some(self.revision_read_here(id)?.email),
        }
    }
}

fn revision_info(commit: &git2::Commit<'_>) -> RevisionInfo {
    let author = commit.author();
    let when = author.when();
    RevisionInfo {
        id: CommitId::from_git(commit.id()),
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
