//! The hub's guard: what `duyet hook pre-receive` checks of a push before
//! git accepts it, so the rules hold on the server every department pushes
//! to, whatever client pushed — plain git included. A push is refused, all
//! of it, when it would:
//! - rewind or delete the records ref (a record would be lost);
//! - add a commit there that is no readable record (nor a merge uniting
//!   records);
//! - add a record its author may not write (`core::policy`: someone not in
//!   `duyet.yaml`, a decision by someone who is not a reviewer of the
//!   section's department nor of the office; with `approval.require_signed`,
//!   an unsigned decision or a record signed by a key not listed for its
//!   author);
//! - rewrite or delete `main`, or add to it a commit whose author is not of
//!   the office.
//!
//! The rules are those of `duyet.yaml` on `main` as the hub has it before the
//! push (so a push cannot make its own author office); on a hub without
//! `main` yet, those of the `main` being pushed.

use crate::core::Identity;
use crate::core::config::Config;
use crate::core::policy::{self, Refusal};
use crate::core::review::{Action, REVIEWS_REF};
use crate::store::{ArrivingRecord, CommitId, MAIN_BRANCH, Store, StoreError};

use super::Result;

/// One line of what git gives the hook: a ref moving from `old` to `new`
/// (`None`: the ref does not exist before, or is deleted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefUpdate {
    pub old: Option<CommitId>,
    pub new: Option<CommitId>,
    pub refname: String,
}

/// Why a push is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub refname: String,
    /// The commit concerned, when one is.
    pub commit: Option<String>,
    pub why: Why,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Why {
    #[error("deleting it is refused")]
    Deleted,
    #[error("it is not a fast-forward: commits on the hub would be lost")]
    Rewound,
    #[error("it is no review record: {0}")]
    Unreadable(String),
    #[error("{0}")]
    NotAllowed(Refusal),
    #[error("its section `{section}` is not in {draft} at the revision it names, nor on main")]
    UnknownSection { draft: String, section: String },
}

/// Reads git's `<old> <new> <ref>` lines (the zero id for "none").
pub fn parse_updates(input: &str) -> Result<Vec<RefUpdate>> {
    let mut out = Vec::new();
    for (n, line) in input
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let mut parts = line.split_whitespace();
        let (Some(old), Some(new), Some(refname), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(super::OpsError::BadHookInput { line: n + 1 });
        };
        let id = |s: &str| -> Result<Option<CommitId>> {
            if s.bytes().all(|b| b == b'0') {
                return Ok(None);
            }
            s.parse::<CommitId>()
                .map(Some)
                .map_err(|_| super::OpsError::BadHookInput { line: n + 1 })
        };
        out.push(RefUpdate {
            old: id(old)?,
            new: id(new)?,
            refname: refname.to_owned(),
        });
    }
    Ok(out)
}

/// Every reason to refuse the push (none: accept it).
pub fn check_push(store: &Store, updates: &[RefUpdate]) -> Result<Vec<Rejection>> {
    let config = rules(store, updates)?;
    let mut out = Vec::new();
    for u in updates {
        let reject = |why: Why, commit: Option<String>| Rejection {
            refname: u.refname.clone(),
            commit,
            why,
        };
        let guarded = u.refname == REVIEWS_REF || u.refname == format!("refs/heads/{MAIN_BRANCH}");
        if !guarded {
            continue;
        }
        let Some(new) = u.new else {
            out.push(reject(Why::Deleted, None));
            continue;
        };
        if let Some(old) = u.old {
            if !store.has_in_history(new, old)? {
                out.push(reject(Why::Rewound, None));
                continue;
            }
        }
        let arriving = store.arriving(new, u.old)?;
        let records = if u.refname == REVIEWS_REF {
            let ids: Vec<CommitId> = arriving.iter().map(|c| c.id).collect();
            store.records_at(&ids)?
        } else {
            Vec::new()
        };
        for (i, c) in arriving.iter().enumerate() {
            let author = Identity {
                name: c.author_name.clone(),
                email: c.author_email.clone(),
            };
            let id = Some(c.id.to_string());
            if let Some(record) = records.get(i) {
                if let Some(why) = record_refused(store, config.as_ref(), record, &author)? {
                    out.push(reject(why, id));
                }
            } else if let Err(refusal) = policy::may_merge(config.as_ref(), &author) {
                out.push(reject(Why::NotAllowed(refusal), id));
            }
        }
    }
    Ok(out)
}

/// The rules: `duyet.yaml` on the hub's `main`, else on the `main` pushed.
fn rules(store: &Store, updates: &[RefUpdate]) -> Result<Option<Config>> {
    if store
        .ref_commit(&format!("refs/heads/{MAIN_BRANCH}"))?
        .is_some()
    {
        return super::config(store);
    }
    let pushed = updates
        .iter()
        .find(|u| u.refname == format!("refs/heads/{MAIN_BRANCH}"))
        .and_then(|u| u.new);
    match pushed {
        Some(main) => match store.read_config(&main.to_string()) {
            Ok(c) => Ok(c),
            Err(StoreError::Load(e)) => Err(super::OpsError::Config(e)),
            Err(e) => Err(e.into()),
        },
        None => Ok(None),
    }
}

/// Why one commit arriving on the records ref is refused, if it is.
fn record_refused(
    store: &Store,
    config: Option<&Config>,
    record: &ArrivingRecord,
    author: &Identity,
) -> Result<Option<Why>> {
    let record = match record {
        ArrivingRecord::Union => return Ok(None),
        ArrivingRecord::Unreadable(u) => return Ok(Some(Why::Unreadable(u.reason.clone()))),
        ArrivingRecord::Record(r) => r,
    };
    let decides = matches!(record.action, Action::Approve | Action::RequestChanges);
    let allowed = if decides {
        let Some(owner) = owner(store, &record.draft, &record.section, &record.revision) else {
            return Ok(Some(Why::UnknownSection {
                draft: record.draft.clone(),
                section: record.section.clone(),
            }));
        };
        policy::may_decide(config, author, &owner)
    } else {
        policy::may_comment(config, author)
    }
    .and_then(|()| policy::signature_holds(config, author, &record.signed, decides));
    Ok(allowed.err().map(Why::NotAllowed))
}

/// The department owning `section` of `draft`: at the revision the record
/// names when the hub has it, else on `main`.
fn owner(store: &Store, draft: &str, section: &str, revision: &str) -> Option<String> {
    [revision, MAIN_BRANCH].iter().find_map(|rev| {
        let d = store.read_draft(rev, draft).ok()?;
        d.section(section).map(|s| s.owner.clone())
    })
}
