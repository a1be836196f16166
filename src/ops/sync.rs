//! `duyet sync`: exchanging drafts and records with another repository —
//! the district's hub, a province server — through any git remote. Records
//! are united (a merge on the records ref, never a rewrite); `main` and the
//! department branches move only forward, here and there; a branch changed
//! on both sides is reported with what to do and left alone, here and there.

use crate::core::review::REVIEWS_REF;
use crate::core::{Identity, Moment};
use std::sync::Arc;

use crate::store::{
    CommitId, DEPT_PREFIX, Forward, MAIN_BRANCH, Store, StoreError, remote_reviews_ref,
};

use super::Result;

/// How many times the records are fetched, united and pushed again when
/// another officer pushed between our fetch and our push.
const ATTEMPTS: usize = 5;

/// What a sync did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SyncReport {
    pub remote: String,
    /// Commits on the records ref received from the remote, and sent to it
    /// (merges included).
    pub records_received: usize,
    pub records_sent: usize,
    pub branches: Vec<BranchSync>,
    /// Refs the remote refused, with its words (a hook's refusal, someone
    /// pushing at the same moment).
    pub refused: Vec<Refused>,
    /// What the remote said while refusing (its hook's reasons).
    pub remote_said: Vec<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Refused {
    pub refname: String,
    pub reason: String,
}

/// One branch (`main` or `dept/…`) after a sync.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BranchSync {
    pub branch: String,
    #[serde(flatten)]
    pub outcome: Outcome,
}

#[derive(Debug, Clone, serde::Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    UpToDate,
    /// The remote had new commits: the local branch moved forward.
    Received {
        commits: usize,
    },
    /// The remote did not have the branch: created here.
    Created,
    /// This side had new commits (or the branch): sent.
    Sent {
        commits: usize,
    },
    /// Both sides have commits the other lacks: nothing moved.
    Diverged {
        here: usize,
        there: usize,
    },
    /// It could not move forward here (a checked-out file with changes not
    /// committed, someone moving it meanwhile): why (the English fact in
    /// JSON; people read it through `i18n::errors`).
    NotMoved {
        #[serde(serialize_with = "as_text")]
        why: Arc<StoreError>,
    },
}

fn as_text<S: serde::Serializer>(e: &Arc<StoreError>, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(e)
}

/// Synchronises with `remote` as `who` (the author of a merge of records).
pub fn sync(
    store: &Store,
    remote: &str,
    who: &Identity,
    when: Option<Moment>,
) -> Result<SyncReport> {
    store.fetch(remote)?;
    let mut report = SyncReport {
        remote: remote.to_owned(),
        records_received: 0,
        records_sent: 0,
        branches: Vec::new(),
        refused: Vec::new(),
        remote_said: Vec::new(),
    };
    let mut pushes: Vec<(String, String)> = Vec::new();
    for branch in branch_names(store, remote)? {
        let outcome = branch_sync(store, remote, &branch)?;
        if matches!(outcome, Outcome::Sent { .. }) {
            let refname = format!("refs/heads/{branch}");
            pushes.push((refname.clone(), refname));
        }
        report.branches.push(BranchSync { branch, outcome });
    }
    let mut records_pushed = false;
    for attempt in 0..ATTEMPTS {
        if attempt > 0 {
            store.fetch(remote)?;
        }
        let theirs = store.ref_commit(&remote_reviews_ref(remote))?;
        let before = store.ref_commit(REVIEWS_REF)?;
        if let Some(theirs) = theirs {
            report.records_received += store.count_new(theirs, before, true)?;
        }
        let message = format!("duyet sync: records united with {remote}");
        let after = store.unite_records(theirs, who, when, &message)?;
        if let Some(after) = after {
            report.records_sent = store.count_new(after, theirs, true)?;
        }
        let send_records = after.is_some() && after != theirs;
        if send_records {
            pushes.push((REVIEWS_REF.to_owned(), REVIEWS_REF.to_owned()));
        }
        let (pushed, said) = store.push(remote, &pushes)?;
        pushes.clear();
        let mut retry = false;
        let mut records_refused = false;
        for p in pushed.into_iter().filter(|p| !p.accepted) {
            records_refused |= p.refname == REVIEWS_REF;
            if p.refname == REVIEWS_REF && p.raced() && attempt + 1 < ATTEMPTS {
                retry = true;
            } else {
                report.refused.push(Refused {
                    refname: p.refname,
                    reason: p.reason,
                });
            }
        }
        if pushed_refused(&report, &said) {
            report.remote_said.extend(said);
        }
        records_pushed |= send_records && !records_refused;
        if !retry {
            break;
        }
    }
    if !records_pushed {
        report.records_sent = 0;
    }
    Ok(report)
}

/// Whether what the remote said belongs in the report: it refused something.
fn pushed_refused(report: &SyncReport, said: &[String]) -> bool {
    !report.refused.is_empty() && !said.is_empty()
}

/// `main` and the department branches, here or there, in order.
fn branch_names(store: &Store, remote: &str) -> Result<Vec<String>> {
    let mut names = vec![MAIN_BRANCH.to_owned()];
    for prefix in [
        format!("refs/heads/{DEPT_PREFIX}"),
        format!("refs/remotes/{remote}/{DEPT_PREFIX}"),
    ] {
        for (rest, _) in store.refs_under(&prefix)? {
            let name = format!("{DEPT_PREFIX}{rest}");
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names[1..].sort();
    Ok(names)
}

/// Brings `branch` here up to the remote's when only the remote moved; says
/// what is to be sent when only this side moved.
fn branch_sync(store: &Store, remote: &str, branch: &str) -> Result<Outcome> {
    let here = store.ref_commit(&format!("refs/heads/{branch}"))?;
    let there = store.ref_commit(&format!("refs/remotes/{remote}/{branch}"))?;
    Ok(match (here, there) {
        (None, None) => Outcome::UpToDate,
        (Some(here), None) => Outcome::Sent {
            commits: store.count_new(here, None, false)?,
        },
        (None, Some(there)) => match store.create_branch(branch, there) {
            Ok(()) => Outcome::Created,
            Err(e) => Outcome::NotMoved { why: Arc::new(e) },
        },
        (Some(here), Some(there)) if here == there => Outcome::UpToDate,
        (Some(here), Some(there)) => {
            let (ahead, behind) = store.ahead_behind(here, there)?;
            if ahead == 0 {
                forward(store, branch, here, there, behind)
            } else if behind == 0 {
                Outcome::Sent { commits: ahead }
            } else {
                Outcome::Diverged {
                    here: ahead,
                    there: behind,
                }
            }
        }
    })
}

fn forward(store: &Store, branch: &str, from: CommitId, to: CommitId, commits: usize) -> Outcome {
    match store.fast_forward(branch, from, to) {
        Ok(Forward::Done) => Outcome::Received { commits },
        Ok(Forward::Moved) => Outcome::NotMoved {
            why: Arc::new(StoreError::Moved {
                refname: format!("refs/heads/{branch}"),
            }),
        },
        Err(e) => Outcome::NotMoved { why: Arc::new(e) },
    }
}
