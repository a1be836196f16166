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
pub mod lint;
pub mod merge;
pub mod overview;
pub mod review;
pub mod sync;

use crate::core::config::Config;
use crate::core::review::Action;
use crate::core::{Identity, IdentityError, LoadError};
use crate::store::{MAIN_BRANCH, Store, StoreError};

/// What can stop an operation. `Display` is a plain English fact, for logs
/// and tests; the words a person reads, in their language and with what to
/// do (a command to run, a flag to pass), are `crate::i18n::errors`'s.
#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("no one to act as: git's user.name and user.email are not set and no person was given")]
    NoIdentity,
    #[error("cannot act as the person given: {0}")]
    BadIdentity(IdentityError),
    #[error("there is no section `{id}` in {draft} at {rev}")]
    NoSection {
        draft: String,
        id: String,
        rev: String,
    },
    #[error(
        "main has moved since this merge was planned (someone else committed); nothing was written"
    )]
    MainMoved,
    #[error("not allowed: {0}")]
    NotAllowed(#[from] crate::core::policy::Refusal),
    #[error("{} needs a text", action.as_str())]
    EmptyText { action: Action },
    #[error("no review record `{0}`")]
    UnknownRecord(String),
    #[error("`{0}` matches more than one review record")]
    AmbiguousRecord(String),
    #[error("the words {quote:?} are not in section `{section}` at {rev}")]
    QuoteNotFound {
        quote: String,
        section: String,
        rev: String,
    },
    #[error("duyet.yaml on main is invalid:\n{0}")]
    Config(LoadError),
    /// An edit that leaves the section as it was.
    #[error("nothing changed in the section")]
    NothingChanged,
    /// An edit that would leave a section with neither title nor body.
    #[error("a section needs a title or a body; both would be empty")]
    EmptySection,
    /// The edited draft would not load: nothing was saved.
    #[error("the edited draft would be invalid, nothing was saved: {0}")]
    EditInvalid(LoadError),
    /// The text written would not read back as the draft intended (a bug in
    /// the writer): nothing was written.
    #[error("the {what} draft would not read back as intended; nothing was written")]
    NotReadBack { what: &'static str },
    /// Approving or requesting changes on a part that is not a section.
    #[error(
        "`{0}` is not a section: parts of a report that are not sections are commented on, not approved"
    )]
    NotASection(String),
    #[error(
        "{email} has no approval or change request standing on section `{section}` of {draft}; nothing to withdraw"
    )]
    NothingToWithdraw {
        email: String,
        draft: String,
        section: String,
    },
    /// Dismissing a lint finding the draft does not have (any more).
    #[error("{draft} at {rev} has no check finding `{key}`")]
    NoSuchFinding {
        draft: String,
        rev: String,
        key: String,
    },
    /// Answering a record that is not a comment or a change request.
    #[error("record {record} is a {}, not a comment or a change request; only those can be answered", action.as_str())]
    NotAnswerable { record: String, action: Action },
    /// Resolving a change request, which its author closes instead.
    #[error(
        "record {0} is a change request: it is closed by its author approving the section or withdrawing it, not resolved"
    )]
    ResolveChangeRequest(String),
    /// A merge decision about a section the branch does not propose to change.
    #[error("`{id}` is not a section {from} proposes to change")]
    NotProposed { id: String, from: String },
    #[error("{0}")]
    Merge(#[from] crate::core::merge::MergeError),
    /// A line of what git gives a hook that is not `<old> <new> <ref>`.
    #[error("line {line} of the hook's input is not `<old> <new> <ref>`")]
    BadHookInput { line: usize },
    /// `A...B` of two revisions with no common history.
    #[error("{from} and {to} have no common history, so there is no point where {to} left {from}")]
    NoCommonHistory { from: String, to: String },
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
