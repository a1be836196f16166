//! Git work off the drawing thread. The worker owns its own `Store`, takes
//! `Job`s and sends back `WorkerEvent`s; the screen keeps drawing meanwhile.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender};

use crate::core::Identity;
use crate::ops::compare::Range;
use crate::store::{BranchKind, MAIN_BRANCH, Store, StoreError};

use super::app::{Comparison, DepartmentVersion, Job, RepoInfo, WorkerEvent};
use super::board::BranchRow;
use super::review::{EditSource, Write};
use crate::core::word_diff;
use crate::ops;

/// Most revisions listed per branch in the picker.
const REVISION_LIMIT: usize = 200;

/// Runs until the job channel closes (the screen has quit) or the screen
/// stops listening.
pub fn run(
    repo: PathBuf,
    identity: Option<Identity>,
    jobs: Receiver<Job>,
    events: Sender<super::Update>,
) {
    let store = match Store::open(Some(&repo)) {
        Ok(s) => s,
        Err(e) => {
            let _ = events.send(super::Update::Worker(WorkerEvent::Repo(Err(e.to_string()))));
            return;
        }
    };
    let info = open_repo(&store, identity)
        .map(Box::new)
        .map_err(|e| e.to_string());
    if events
        .send(super::Update::Worker(WorkerEvent::Repo(info)))
        .is_err()
    {
        return;
    }
    for job in jobs {
        if events
            .send(super::Update::Worker(execute(&store, job)))
            .is_err()
        {
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
                .map_err(|e| e.to_string()),
        },
        Job::Revisions { branch, draft } => WorkerEvent::Revisions {
            result: store
                .revisions(&branch, &draft, REVISION_LIMIT)
                .map_err(|e| e.to_string()),
            branch,
            draft,
        },
        Job::Review {
            generation,
            draft,
            rev,
        } => WorkerEvent::Review {
            generation,
            result: ops::review::status(store, &draft, &rev)
                .map(|(_, review)| Box::new(review))
                .map_err(|e| e.to_string()),
        },
        Job::Write {
            who,
            write,
            purpose,
        } => WorkerEvent::Written {
            kind: write.kind(),
            purpose,
            result: write_one(store, &who, write).map_err(|e| e.to_string()),
        },
        Job::Since { draft, from, to } => WorkerEvent::Since(
            compare(store, &draft, &from, &to, Range::Direct)
                .map(Box::new)
                .map_err(|e| e.to_string()),
        ),
        Job::Contributions { draft } => {
            WorkerEvent::Contributions(contributions(store, &draft).map_err(|e| e.to_string()))
        }
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
                    Box::new(super::board::BoardReady {
                        board,
                        decisions,
                        review,
                    })
                })
                .map_err(|e| e.to_string()),
        ),
        Job::SaveDecisions {
            who,
            board,
            decisions,
        } => WorkerEvent::DecisionsSaved(
            ops::merge::save_decisions(store, &board, &who, &decisions).map_err(|e| e.to_string()),
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
                .map_err(|e| e.to_string()),
        ),
        Job::AllDepartments {
            draft,
            section,
            range,
        } => WorkerEvent::AllDepartments(
            all_departments(store, &draft, &section, range).map_err(|e| e.to_string()),
        ),
        Job::Branches => WorkerEvent::Branches(branch_list(store).map_err(|e| e.to_string())),
        Job::LoadForEdit {
            who,
            draft,
            section,
        } => WorkerEvent::EditReady(
            edit_source(store, &who, &draft, &section)
                .map(Box::new)
                .map_err(|e| e.to_string()),
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

/// The section as the person's department branch has it, for the editor.
fn edit_source(
    store: &Store,
    who: &Identity,
    draft: &str,
    section: &str,
) -> Result<EditSource, ops::OpsError> {
    let (branch, base) = ops::edit::edit_base(store, who)?;
    ops::edit::may_edit(store, who, draft, section, &base)?;
    let d = store.read_draft(&base, draft)?;
    let s = d.section(section).ok_or_else(|| ops::OpsError::NoSection {
        draft: draft.to_owned(),
        id: section.to_owned(),
        rev: base.clone(),
    })?;
    let path = d.number_path(section);
    let label = crate::core::text::shorten(s.label(), super::wrap::HEADING_CHARS);
    Ok(EditSource {
        draft: draft.to_owned(),
        section: section.to_owned(),
        heading: if path.is_empty() {
            label
        } else {
            format!("{path} {label}")
        },
        title: s.title.clone(),
        body: s.body.clone(),
        branch,
        subject: ops::edit::default_subject(&d, section),
    })
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

/// What the screen needs to start: drafts, branches, people, and a sensible
/// first comparison — `main` against the user's department branch (or the
/// first department branch), on a draft that branch changed.
pub fn open_repo(store: &Store, identity: Option<Identity>) -> Result<RepoInfo, StoreError> {
    let branches = store.branches()?;
    let base = if branches.iter().any(|b| b.kind == BranchKind::Main) {
        MAIN_BRANCH.to_owned()
    } else {
        "HEAD".to_owned()
    };
    let base_id = store.resolve(&base)?;
    let drafts = store.drafts(&base)?;
    let (config, config_error) = match store.read_config(&base) {
        Ok(c) => (c, None),
        Err(e) => (None, Some(e.to_string())),
    };
    // A git identity that cannot be used is said, with why, rather than
    // treated as no identity at all.
    let (identity, identity_error) = match identity {
        Some(i) => (Some(i), None),
        None => match store.read_git_identity() {
            Ok(i) => (i, None),
            Err(e) => (None, Some(e.to_string())),
        },
    };
    let my_department = identity
        .as_ref()
        .zip(config.as_ref())
        .and_then(|(id, c)| c.person_by_email(&id.email))
        .map(|p| p.department.clone());
    let department_branches: Vec<&crate::store::BranchInfo> = branches
        .iter()
        .filter(|b| matches!(b.kind, BranchKind::Department(_)))
        .collect();
    let to = my_department
        .and_then(|d| {
            department_branches
                .iter()
                .find(|b| b.kind == BranchKind::Department(d.clone()))
        })
        .or(department_branches.first())
        .map_or_else(|| base.clone(), |b| b.name.clone());
    // The draft the branch worked on most (and that still differs from base).
    let to_id = store.resolve(&to)?;
    let mut draft = drafts.first().cloned();
    let mut most = 0;
    for d in &drafts {
        if store.file_id(base_id, d)? == store.file_id(to_id, d)? {
            continue;
        }
        let count = store.revisions(&to, d, 1000)?.len();
        if count > most {
            most = count;
            draft = Some(d.clone());
        }
    }
    let mut ahead = std::collections::HashMap::new();
    for b in &branches {
        ahead.insert(b.name.clone(), store.ahead_behind(b.tip, base_id)?.0);
    }
    Ok(RepoInfo {
        drafts,
        branches,
        config,
        config_error,
        identity_error,
        identity,
        draft,
        from: base,
        to,
        ahead,
        hints: store.hints(),
    })
}

/// The branches, and how many commits each has that `main` lacks.
fn branch_list(
    store: &Store,
) -> Result<
    (
        Vec<crate::store::BranchInfo>,
        std::collections::HashMap<String, usize>,
    ),
    StoreError,
> {
    let branches = store.branches()?;
    let base = store
        .resolve(MAIN_BRANCH)
        .or_else(|_| store.resolve("HEAD"))?;
    let mut ahead = std::collections::HashMap::new();
    for b in &branches {
        ahead.insert(b.name.clone(), store.ahead_behind(b.tip, base)?.0);
    }
    Ok((branches, ahead))
}

/// Every department branch: how far it is from main and what it proposes
/// for `draft`.
fn contributions(store: &Store, draft: &str) -> Result<Vec<BranchRow>, ops::OpsError> {
    let main = store.resolve(MAIN_BRANCH)?;
    let mut rows = Vec::new();
    for b in store.branches()? {
        if !matches!(b.kind, BranchKind::Department(_)) {
            continue;
        }
        let (ahead, behind) = store.ahead_behind(b.tip, main)?;
        let (proposals, conflicts, error) = match ops::merge::prepare(store, draft, &b.name) {
            Ok(board) => (
                board.proposals().count(),
                board.plan.conflicts().count(),
                None,
            ),
            // The branch has no such draft: nothing to merge.
            Err(ops::OpsError::Store(StoreError::NoSuchFile { rev, .. })) if rev == b.name => {
                (0, 0, None)
            }
            // Its draft does not load (or anything else): the row says so.
            Err(e) => (0, 0, Some(e.to_string())),
        };
        rows.push(BranchRow {
            department: b.department().map(str::to_owned),
            remote: b.remote,
            branch: b.name,
            ahead,
            behind,
            proposals,
            conflicts,
            error,
        });
    }
    Ok(rows)
}

/// One section as each department branch has it: what the department
/// changed since it left main (`Range::SinceFork`), or against main now.
fn all_departments(
    store: &Store,
    draft: &str,
    section: &str,
    range: Range,
) -> Result<Vec<DepartmentVersion>, ops::OpsError> {
    let main_tip = store.resolve(MAIN_BRANCH)?;
    let main = store.read_draft_at(main_tip, MAIN_BRANCH, draft)?;
    let empty = crate::core::Section {
        id: section.to_owned(),
        number: String::new(),
        title: None,
        owner: String::new(),
        body: String::new(),
        sections: Vec::new(),
    };
    let text = |s: Option<&crate::core::Section>| {
        let s = s.unwrap_or(&empty);
        (s.title.clone().unwrap_or_default(), s.body.clone())
    };
    let main_text = text(main.section(section));
    let mut out = Vec::new();
    for b in store.branches()? {
        if !matches!(b.kind, BranchKind::Department(_)) {
            continue;
        }
        let theirs = store.read_draft_at(b.tip, &b.name, draft).ok();
        let theirs_section = theirs.as_ref().and_then(|d| d.section(section));
        let base = ops::merge::merge_base(store, draft, main_tip, b.tip)
            .ok()
            .and_then(|at| store.read_draft_at(at, "merge base", draft).ok());
        let base_section = base.as_ref().and_then(|d| d.section(section));
        let base_text = text(base_section);
        let changed = match (base_section, theirs_section) {
            (Some(_), Some(t)) => base_text != text(Some(t)),
            (None, None) => false,
            _ => true,
        };
        let old = match range {
            Range::SinceFork => &base_text,
            Range::Direct => &main_text,
        };
        let diff = theirs_section.map(|t| {
            let (title, body) = text(Some(t));
            (word_diff(&old.0, &title), word_diff(&old.1, &body))
        });
        out.push(DepartmentVersion {
            branch: b.name,
            changed,
            main_also_changed: base_text != main_text,
            diff,
        });
    }
    // The departments that changed the section first.
    out.sort_by_key(|v| !v.changed);
    Ok(out)
}
