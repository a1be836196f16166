//! Operations that combine the model and the repository: each use case of
//! duyet as one plain function — read what it needs from `store`, check it
//! with `core` (the rules in `core::policy`), write through `store`. The CLI
//! and the screen's worker both call these and nothing else, so a rule is
//! enforced in one place.
//!
//! Where each concern lives:
//! - `compare.rs` — a draft between two revisions (since the fork, or as
//!   they are), as the reviewer reads it.
//! - `review.rs` — writing review records after the checks; the review
//!   state of a draft, its log, and what `status` warns about.
//! - `edit.rs` — a drafting officer's new text for one section, committed
//!   on the department's branch.
//! - `merge.rs` — the office's merge board: contributions of each branch,
//!   the plan, saved decisions, the merge commit.
//! - `sync.rs` — `duyet sync`: exchanging with another repository.
//! - `hook.rs` — what the hub's `pre-receive` hook refuses.
//! - `overview.rs` — what the screen opens on: drafts, branches, people, a
//!   first comparison; one section in every department.

pub mod compare;
pub mod edit;
pub mod hook;
pub mod merge;
pub mod overview;
pub mod review;
pub mod sync;

use crate::core::config::Config;
use crate::core::{Identity, IdentityError, LoadError};
use crate::store::{MAIN_BRANCH, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("who are you? set git's user.name and user.email, or pass --as \"Name <email>\"")]
    NoIdentity,
    #[error("cannot act as the person given: {0}")]
    BadIdentity(IdentityError),
    #[error(
        "there is no section `{id}` in {draft} at {rev}; `duyet sections {draft} --rev {rev}` lists them"
    )]
    NoSection {
        draft: String,
        id: String,
        rev: String,
    },
    #[error(
        "main has moved since this merge was planned (someone else committed); nothing was written — open the merge again to see the new plan"
    )]
    MainMoved,
    #[error("not allowed: {0}")]
    NotAllowed(#[from] crate::core::policy::Refusal),
    #[error("{what} needs a text (-m \"…\")")]
    EmptyText { what: &'static str },
    #[error("no review record `{0}` (see `duyet log DRAFT`)")]
    UnknownRecord(String),
    #[error("`{0}` matches more than one review record; give more of its id")]
    AmbiguousRecord(String),
    #[error("the words {quote:?} are not in section `{section}` at {rev}")]
    QuoteNotFound {
        quote: String,
        section: String,
        rev: String,
    },
    #[error(
        "{0}\n(duyet.yaml on main says who may write review records and approve; fix it, then try again)"
    )]
    Config(LoadError),
    #[error("{0}")]
    Invalid(String),
}

pub type Result<T, E = OpsError> = std::result::Result<T, E>;

/// The people and policy, from `duyet.yaml` on `main`. `Ok(None)` when the
/// repository has none; an invalid file is an error the caller can show while
/// still letting the user read drafts.
pub fn config(store: &Store) -> Result<Option<Config>> {
    match store.read_config(MAIN_BRANCH) {
        Ok(c) => Ok(c),
        Err(StoreError::Load(e)) => Err(OpsError::Config(e)),
        Err(e) => Err(e.into()),
    }
}

/// The acting person: `--as`, else git's `user.name` and `user.email`;
/// either must pass `Identity::check` (an unusable git identity is an error
/// that names the key, not "who are you?").
pub fn identity(store: &Store, given: Option<&Identity>) -> Result<Identity> {
    if let Some(who) = given {
        Identity::check(&who.name, &who.email).map_err(OpsError::BadIdentity)?;
        return Ok(who.clone());
    }
    store.read_git_identity()?.ok_or(OpsError::NoIdentity)
}
