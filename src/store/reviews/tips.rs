//! Which tips the records are read from: the local records ref, and the
//! remote-tracking ones a fetch brought (`refs/remotes/<remote>/duyet/reviews`),
//! as one union.

use git2::Oid;

use super::reader::{CommitReader, Object, OidSet};
use crate::core::review::{REVIEWS_REF, ReadWarning};
use crate::store::{CommitId, Result, Store, StoreError, commit};

/// Every remote's fetched records (matched with `*` across `/`, so remote
/// names with a slash are found too).
const REMOTE_REVIEWS_GLOB: &str = "refs/remotes/*/duyet/reviews";

impl Store {
    /// What the local records ref names, if a record was ever written here.
    pub fn reviews_tip(&self) -> Result<Option<CommitId>> {
        Ok(self.tip(REVIEWS_REF)?.map(CommitId::from_git))
    }

    /// The local records ref: what it names and the commit that leads to
    /// (through tags); an error naming the ref and what to do when it leads
    /// to no commit — no record could be read or written on it.
    pub(in crate::store) fn local_tip(&self) -> Result<Option<(Oid, Oid)>> {
        let Some(named) = self.tip(REVIEWS_REF)? else {
            return Ok(None);
        };
        match commit::peel_to_commit(&self.repo.odb()?, named) {
            Ok(tip) => Ok(Some((named, tip))),
            Err(what) => Err(StoreError::RecordsRef {
                refname: REVIEWS_REF.to_owned(),
                what,
            }),
        }
    }

    /// The tips whose records are read: the local ref's, then the
    /// remote-tracking ones by ref name; a tip already listed is left out.
    pub(in crate::store) fn review_tips(&self) -> Result<Vec<Oid>> {
        let local = self.local_tip()?.map(|(_, tip)| tip);
        Ok(self.review_tips_with(local)?.0)
    }

    /// `review_tips` with the local tip as already read, and what was wrong
    /// with the fetched refs left out (one that names no commit).
    pub(super) fn review_tips_with(
        &self,
        local: Option<Oid>,
    ) -> Result<(Vec<Oid>, Vec<ReadWarning>)> {
        let odb = self.repo.odb()?;
        let mut remote = Vec::new();
        let mut warnings = Vec::new();
        for r in self.repo.references_glob(REMOTE_REVIEWS_GLOB)? {
            let r = r?;
            let Ok(name) = r.name().map(str::to_owned) else {
                continue;
            };
            let target = r.resolve().ok().and_then(|r| r.target());
            match target.map(|t| commit::peel_to_commit(&odb, t)) {
                Some(Ok(tip)) => remote.push((name, tip)),
                Some(Err(what)) => warnings.push(ReadWarning::RemoteRef {
                    refname: name,
                    problem: format!("points to {what}, not to a record"),
                }),
                None => warnings.push(ReadWarning::RemoteRef {
                    refname: name,
                    problem: "names no object".to_owned(),
                }),
            }
        }
        remote.sort();
        let mut tips: Vec<Oid> = Vec::new();
        for id in local
            .into_iter()
            .chain(remote.into_iter().map(|(_, id)| id))
        {
            if !tips.contains(&id) {
                tips.push(id);
            }
        }
        Ok((tips, warnings))
    }

    /// The tips without those already in another one's history, in the
    /// same order: the parents of the merge whose history is the union.
    pub(super) fn union_tips(&self, tips: Vec<Oid>) -> Result<Vec<Oid>> {
        if tips.len() < 2 {
            return Ok(tips);
        }
        let mut kept = Vec::new();
        for &tip in &tips {
            let mut contained = false;
            for &other in &tips {
                if other != tip && self.descends(other, tip)? {
                    contained = true;
                    break;
                }
            }
            if !contained {
                kept.push(tip);
            }
        }
        Ok(kept)
    }

    /// Whether `ancestor` is in `tip`'s history (and not `tip` itself):
    /// libgit2's answer, or — when a commit on the way is one libgit2
    /// cannot parse, and it gives up — a walk of our own.
    pub(in crate::store) fn descends(&self, tip: Oid, ancestor: Oid) -> Result<bool> {
        if let Ok(answer) = self.repo.graph_descendant_of(tip, ancestor) {
            return Ok(answer);
        }
        if tip == ancestor {
            return Ok(false);
        }
        let reader = CommitReader::new(&self.repo)?;
        let shallow = self.shallow_commits();
        let mut seen = OidSet::default();
        let mut todo = vec![tip];
        while let Some(id) = todo.pop() {
            if id == ancestor {
                return Ok(true);
            }
            if !seen.insert(id) || shallow.contains(&id) {
                continue;
            }
            if let Object::Commit(node) = reader.read(id) {
                todo.extend(node.parents.first);
                todo.extend(node.parents.others);
            }
        }
        Ok(false)
    }

    /// The commits `.git/shallow` lists: a shallow clone's boundary, whose
    /// parents git takes as absent.
    pub(in crate::store) fn shallow_commits(&self) -> OidSet {
        std::fs::read(self.repo.commondir().join("shallow"))
            .map(|bytes| {
                bytes
                    .split(|&b| b == b'\n')
                    .filter_map(commit::oid)
                    .collect()
            })
            .unwrap_or_default()
    }
}
