//! Git work off the drawing thread. The worker owns its own `Store`, takes
//! `Job`s and sends back `WorkerEvent`s; the screen keeps drawing meanwhile.
//! It is a dispatcher only: every job is one call of an `ops` function (as
//! gitui's async layer only schedules `asyncgit::sync`), so the command line
//! and the screen do the same thing the same way.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender};

use crate::core::Identity;
use crate::ops::compare::Range;
use crate::store::Store;

use super::failure::Failure;
use super::job::{Job, Update, WorkerEvent};
use super::model::Comparison;
use super::review::Write;
use crate::ops;

/// Most revisions listed per branch in the picker.
const REVISION_LIMIT: usize = 200;

/// Runs until the job channel closes (the screen has quit) or the screen
/// stops listening.
pub fn run(repo: PathBuf, identity: Option<Identity>, jobs: Receiver<Job>, events: Sender<Update>) {
    let store = match Store::open(Some(&repo)) {
        Ok(s) => s,
        Err(e) => {
            let _ = events.send(Update::Worker(WorkerEvent::Repo(Err(Failure::from(e)))));
            return;
        }
    };
    let info = ops::overview::open(&store, identity)
        .map(Box::new)
        .map_err(Failure::from);
    if events
        .send(Update::Worker(WorkerEvent::Repo(info)))
        .is_err()
    {
        return;
    }
    for job in jobs {
        if events.send(Update::Worker(execute(&store, job))).is_err() {
            return;
        }
    }
}

/// Does one job. The worker thread calls this; tests and the benchmark call
/// it directly to drive the screen without a thread.
pub fn execute(store: &Store, job: Job) -> WorkerEvent {
    match job {
        Job::Diff {
            generation,
            draft,
            from,
            to,
            range,
        } => WorkerEvent::Diff {
            generation,
            result: compare(store, &draft, &from, &to, range)
                .map(Box::new)
                .map_err(Failure::from),
        },
        Job::Revisions { branch, draft } => WorkerEvent::Revisions {
            result: store
                .revisions(&branch, &draft, REVISION_LIMIT)
                .map_err(Failure::from),
            branch,
            draft,
        },
        Job::Review {
            generation,
            draft,
            rev,
        } => WorkerEvent::Review {
            generation,
            result: ops::lint::status_and_findings(store, &draft, &rev)
                .map(Box::new)
                .map_err(Failure::from),
        },
        Job::Write {
            who,
            write,
            purpose,
        } => WorkerEvent::Written {
            kind: write.kind(),
            purpose,
            result: write_one(store, &who, write).map_err(Failure::from),
        },
        Job::Since { draft, from, to } => WorkerEvent::Since(
            compare(store, &draft, &from, &to, Range::Direct)
                .map(Box::new)
                .map_err(Failure::from),
        ),
        Job::Contributions { draft } => WorkerEvent::Contributions(
            ops::merge::contributions(store, &draft).map_err(Failure::from),
        ),
        Job::OpenBoard { draft, from, who } => WorkerEvent::BoardReady(
            ops::merge::prepare(store, &draft, &from)
                .map(|board| {
                    let decisions = who
                        .map(|w| ops::merge::load_decisions(store, &board, &w))
                        .unwrap_or_default();
                    // The review state of what the department proposes.
                    let review = ops::review::status(store, &draft, &from)
                        .ok()
                        .map(|(_, r)| r);
                    Box::new(super::job::BoardReady {
                        board,
                        decisions,
                        review,
                    })
                })
                .map_err(Failure::from),
        ),
        Job::SaveDecisions {
            who,
            board,
            decisions,
        } => WorkerEvent::DecisionsSaved(
            ops::merge::save_decisions(store, &board, &who, &decisions).map_err(|source| {
                Failure::from(crate::store::StoreError::WorkTree {
                    path: store.git_dir().join("duyet"),
                    source,
                })
            }),
        ),
        Job::Merge {
            who,
            board,
            decisions,
        } => WorkerEvent::Merged(
            ops::merge::commit(store, &who, None, &board, &decisions)
                .map(|m| {
                    ops::merge::clear_decisions(store, &board, &who);
                    m.commit
                })
                .map_err(Failure::from),
        ),
        Job::AllDepartments {
            draft,
            section,
            range,
        } => WorkerEvent::AllDepartments(
            ops::overview::all_departments(store, &draft, &section, range).map_err(Failure::from),
        ),
        Job::Branches => {
            WorkerEvent::Branches(ops::overview::branches(store).map_err(Failure::from))
        }
        Job::LoadForEdit {
            who,
            draft,
            section,
        } => WorkerEvent::EditReady(
            ops::edit::source(store, &who, &draft, &section, super::wrap::HEADING_CHARS)
                .map(Box::new)
                .map_err(Failure::from),
        ),
    }
}

/// Carries out one write; returns the record id, or for an edit the branch.
fn write_one(store: &Store, who: &Identity, write: Write) -> Result<String, ops::OpsError> {
    use ops::review::{Request, Target};
    fn req<'a>(who: &'a Identity, text: &'a str) -> Request<'a> {
        Request {
            who,
            when: None,
            text,
        }
    }
    match write {
        Write::Dismiss {
            draft,
            rev,
            key,
            text,
        } => ops::lint::dismiss(store, &draft, &rev, &key, &req(who, &text)),
        Write::Comment {
            draft,
            section,
            rev,
            text,
        } => ops::review::comment(
            store,
            &Target {
                draft: &draft,
                section: &section,
                rev: &rev,
            },
            &req(who, &text),
            None,
        ),
        Write::RequestChanges {
            draft,
            section,
            rev,
            text,
        } => ops::review::request_changes(
            store,
            &Target {
                draft: &draft,
                section: &section,
                rev: &rev,
            },
            &req(who, &text),
        ),
        Write::Approve {
            draft,
            section,
            rev,
        } => ops::review::approve(
            store,
            &Target {
                draft: &draft,
                section: &section,
                rev: &rev,
            },
            &req(who, ""),
        ),
        Write::Reply { record, text } => ops::review::reply(store, &record, &req(who, &text)),
        Write::Resolve { record } => ops::review::resolve(store, &record, &req(who, "")),
        Write::Withdraw { draft, section } => {
            ops::review::withdraw(store, &draft, &section, &req(who, ""))
        }
        Write::Edit {
            draft,
            section,
            title,
            body,
            message,
        } => {
            let edit = ops::edit::SectionEdit {
                title: Some(title),
                body: Some(body),
                message,
            };
            ops::edit::edit_section(store, who, None, &draft, &section, &edit).map(|e| e.branch)
        }
    }
}

/// Reads a draft at two revisions and compares them (`ops::compare`), for
/// the screen.
pub fn compare(
    store: &Store,
    draft: &str,
    from: &str,
    to: &str,
    range: Range,
) -> Result<Comparison, ops::OpsError> {
    let c = ops::compare::compare(store, draft, from, to, range)?;
    let mut out = Comparison::new(
        draft.to_owned(),
        c.new.title.clone(),
        from.to_owned(),
        to.to_owned(),
        c.diff,
    );
    out.to_commit = c.new_commit.to_string();
    out.from_commit = c.old_commit.to_string();
    out.range = range;
    Ok(out)
}
