//! The worker's vocabulary: the git work the screen asks for (`Job`) and
//! what comes back (`WorkerEvent`). Plain data, so `update` can return it
//! and tests can read it.

use std::collections::HashMap;
use std::sync::Arc;

use crate::core::Identity;
use crate::core::review::DraftReview;
use crate::ops::compare::Range;
use crate::ops::merge::{Board, BranchRow};
use crate::store::{BranchInfo, RevisionInfo};

use super::failure::Failure;
use super::model::{Comparison, DepartmentVersion, RepoInfo};
use super::review::{EditSource, Write, WriteKind};

/// A plan read by the worker: the board, the person's saved decisions, and
/// the review state of the department's draft.
#[derive(Debug, Clone)]
pub struct BoardReady {
    pub board: Board,
    pub decisions: crate::core::merge::Decisions,
    pub review: Option<DraftReview>,
}

/// Work for the git worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    Diff {
        generation: u64,
        draft: String,
        from: String,
        to: String,
        range: Range,
    },
    Revisions {
        branch: String,
        draft: String,
    },
    /// The review state of `draft` at `rev` (from every record).
    Review {
        generation: u64,
        draft: String,
        rev: String,
    },
    /// Write a review record or a section edit as `who`; `purpose` names the
    /// editor it came from, so its answer closes that editor and no other.
    Write {
        who: Identity,
        write: Write,
        purpose: Option<String>,
    },
    /// Compare a section between two revisions (since my approval).
    Since {
        draft: String,
        from: String,
        to: String,
    },
    /// Read a section for editing from the person's department branch.
    LoadForEdit {
        who: Identity,
        draft: String,
        section: String,
    },
    /// Every department branch with what it proposes for `draft`.
    Contributions {
        draft: String,
    },
    /// Plan merging `from` into main (and load saved decisions).
    OpenBoard {
        draft: String,
        from: String,
        who: Option<Identity>,
    },
    SaveDecisions {
        who: Identity,
        board: Arc<Board>,
        decisions: crate::core::merge::Decisions,
    },
    Merge {
        who: Identity,
        board: Arc<Board>,
        decisions: crate::core::merge::Decisions,
    },
    /// One section in every department branch.
    AllDepartments {
        draft: String,
        section: String,
        range: Range,
    },
    /// The branches again (one moved, appeared or went away).
    Branches,
}

/// What the worker sends back.
#[derive(Debug)]
pub enum WorkerEvent {
    Repo(Result<Box<RepoInfo>, Failure>),
    Diff {
        generation: u64,
        result: Result<Box<Comparison>, Failure>,
    },
    Revisions {
        branch: String,
        draft: String,
        result: Result<Vec<RevisionInfo>, Failure>,
    },
    /// The review state and the lint findings (with their dismissals).
    Review {
        generation: u64,
        result: Result<Box<(DraftReview, crate::ops::lint::Findings)>, Failure>,
    },
    Written {
        kind: WriteKind,
        purpose: Option<String>,
        result: Result<String, Failure>,
    },
    Since(Result<Box<Comparison>, Failure>),
    EditReady(Result<Box<EditSource>, Failure>),
    Contributions(Result<Vec<BranchRow>, Failure>),
    BoardReady(Result<Box<BoardReady>, Failure>),
    DecisionsSaved(Result<(), Failure>),
    Merged(Result<String, Failure>),
    AllDepartments(Result<Vec<DepartmentVersion>, Failure>),
    Branches(Result<(Vec<BranchInfo>, HashMap<String, usize>), Failure>),
}

/// What reaches the event loop from its threads: a job's answer, or the
/// repository having moved.
pub enum Update {
    Worker(WorkerEvent),
    Refs(super::watch::RefsMoved),
    /// The worker or the watcher panicked, with the panic's message.
    Panicked(String),
}
