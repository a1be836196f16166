//! The office merges a department's branch into `main`: the plan, the
//! decisions kept between sessions, and the merge commit.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::core::merge::{self, Decision, Decisions, MergePlan};
use crate::core::policy;
use crate::core::review::trailer;
use crate::core::yaml::{replace_section_fields, write_draft};
use crate::core::{Draft, Identity, Moment, load_draft};
use crate::store::{
    Access, BranchKind, CommitId, FileChange, MAIN_BRANCH, Store, StoreError, write_atomically,
};

use super::{OpsError, Result, config};

/// Trailer keys of a merge commit (ASCII, like the review records').
pub mod merge_trailer {
    pub const FROM: &str = "Duyet-Merge-From";
    pub const TAKEN: &str = "Duyet-Taken";
    pub const PARTLY: &str = "Duyet-Partly-Taken";
    pub const REJECTED: &str = "Duyet-Rejected";
    pub const EDITED: &str = "Duyet-Edited";
}

/// A merge being prepared: the three versions of the draft and the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Board {
    pub draft: String,
    /// The department branch merged from (`dept/x`, or a clone's
    /// `origin/dept/x`), exactly as named: the merge records it.
    pub from: String,
    /// The department whose branch `from` is (`x`), when it is one.
    pub department: Option<String>,
    pub main_tip: CommitId,
    pub dept_tip: CommitId,
    pub base: Draft,
    pub main: Draft,
    pub dept: Draft,
    pub plan: MergePlan,
}

impl Board {
    /// Sections the department proposes to change (what the office decides on).
    pub fn proposals(&self) -> impl Iterator<Item = &merge::SectionMerge> {
        self.plan.sections.iter().filter(|s| s.action.proposes())
    }
}

/// Reads `main`, the department's branch and their merge base, and plans.
pub fn prepare(store: &Store, draft: &str, from: &str) -> Result<Board> {
    let main_tip = store.resolve(MAIN_BRANCH)?;
    let dept_tip = store.resolve(from)?;
    let base_id = merge_base(store, draft, main_tip, dept_tip)?;
    // The three revisions parsed at once (`Store::read_drafts_at`).
    let [main, dept, base]: [_; 3] = store
        .read_drafts_at(
            &[
                (main_tip, MAIN_BRANCH),
                (dept_tip, from),
                (base_id, "merge base"),
            ],
            draft,
        )
        .try_into()
        .expect("one answer per revision asked");
    let (main, dept) = (main?, dept?);
    let base = match base {
        // The department created the draft: everything it has is proposed.
        Err(crate::store::StoreError::NoSuchFile { .. }) => super::compare::empty_like(&dept),
        base => base?,
    };
    let plan = merge::plan(&base, &main, &dept);
    Ok(Board {
        draft: draft.to_owned(),
        from: from.to_owned(),
        department: store.department_of(from),
        main_tip,
        dept_tip,
        base,
        main,
        dept,
        plan,
    })
}

/// Where `b` left `a`, for `draft`: their merge base, except that a merge
/// commit of another draft (`duyet merge` brings only the draft it names)
/// counts only through its first parent, so for this draft the department's
/// commits are still to merge.
pub fn merge_base(store: &Store, draft: &str, a: CommitId, b: CommitId) -> Result<CommitId> {
    Ok(store.merge_base_following(a, b, |message| brings(message, draft))?)
}

/// Whether a merge commit brought the second parent's version of `draft`:
/// every merge does, except `duyet merge` of another draft.
fn brings(message: &str, draft: &str) -> bool {
    let value = |key: &str| {
        message
            .lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix(':').map(str::trim))
    };
    match (value(merge_trailer::FROM), value(trailer::DRAFT)) {
        (Some(_), Some(merged)) => merged == draft,
        _ => true,
    }
}

/// The decisions for `--take-all` or `--accept/--reject`: listed sections as
/// told, every other proposal accepted (conflicts must be listed).
pub fn decisions_from(accept: &[String], reject: &[String]) -> Decisions {
    let mut d = Decisions::new();
    for id in accept {
        d.insert(id.clone(), Decision::Accept);
    }
    for id in reject {
        d.insert(id.clone(), Decision::Reject);
    }
    d
}

/// What the merge commit recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub commit: String,
    pub message: String,
}

/// Writes the merge commit on `main`: parents `main`'s tip as planned and the
/// department's tip; refused if `main` moved since the plan was made (nothing
/// is written), if the person is not of the office, or if a conflict is undecided.
pub fn commit(
    store: &Store,
    who: &Identity,
    when: Option<Moment>,
    board: &Board,
    decisions: &Decisions,
) -> Result<Merged> {
    let config = config(store)?;
    policy::may_merge(config.as_ref(), who)?;
    let (config, _) = policy::person(config.as_ref(), who)?;
    for id in decisions.keys() {
        if board.plan.section(id).is_none_or(|s| !s.action.proposes()) {
            return Err(OpsError::NotProposed {
                id: id.clone(),
                from: board.from.clone(),
            });
        }
    }
    let result = merge::apply(
        &board.plan,
        &board.base,
        &board.main,
        &board.dept,
        decisions,
    )?;
    let old_bytes = store
        .read_file(board.main_tip, &board.draft)?
        .unwrap_or_default();
    let text = serialise(&old_bytes, &board.main, &result, &board.draft)?;
    let message = message(config, board, decisions);
    let id = store
        .commit_merge(
            MAIN_BRANCH,
            board.main_tip,
            board.dept_tip,
            &[FileChange {
                path: &board.draft,
                contents: text.as_bytes(),
            }],
            who,
            when,
            &message,
        )
        .map_err(|e| match e {
            StoreError::Moved { .. } => OpsError::MainMoved,
            other => other.into(),
        })?;
    Ok(Merged {
        commit: id.to_string(),
        message,
    })
}

/// The new file: if the merge only changed fields of existing sections, those
/// sections' lines are rewritten in place and every other byte is kept;
/// otherwise (sections added, removed or moved) the canonical layout. Checked
/// to load back as the intended draft.
fn serialise(old_bytes: &[u8], main: &Draft, result: &Draft, path: &str) -> Result<String> {
    let same_shape = {
        let ids = |d: &Draft| -> Vec<(String, Option<String>)> {
            d.outline()
                .iter()
                .map(|p| (p.section.id.clone(), p.parent.map(str::to_owned)))
                .collect()
        };
        ids(main) == ids(result)
    };
    let check = |text: &str| load_draft(path, text.as_bytes()).is_ok_and(|d| &d == result);
    if same_shape {
        let mut text = String::from_utf8_lossy(old_bytes).into_owned();
        let mut ok = true;
        for p in result.outline() {
            if main.section(&p.section.id).is_some_and(|m| {
                m.title != p.section.title
                    || m.body != p.section.body
                    || m.number != p.section.number
                    || m.owner != p.section.owner
            }) {
                match replace_section_fields(&text, p.section) {
                    Some(t) => text = t,
                    None => ok = false,
                }
            }
        }
        if ok && main.footnotes == result.footnotes && check(&text) {
            return Ok(text);
        }
    }
    let text = write_draft(result);
    if check(&text) {
        Ok(text)
    } else {
        Err(OpsError::NotReadBack { what: "merged" })
    }
}

fn message(config: &crate::core::config::Config, board: &Board, decisions: &Decisions) -> String {
    // The subject names the department; the trailer keeps the ref merged.
    let dept_name = board
        .department
        .as_deref()
        .map_or(board.from.as_str(), |d| config.department_name(d));
    let mut m = format!("Tổng hợp đóng góp của {dept_name} vào {}\n\n", board.draft);
    let mut lines: Vec<String> = vec![
        format!("{}: {}", merge_trailer::FROM, board.from),
        format!("{}: {}", trailer::DRAFT, board.draft),
    ];
    for s in board.proposals() {
        let line = match decisions.get(&s.id).unwrap_or(&Decision::Accept) {
            Decision::Accept => {
                format!("{}: {} ({})", merge_trailer::TAKEN, s.id, s.action.as_str())
            }
            Decision::Reject => format!(
                "{}: {} ({})",
                merge_trailer::REJECTED,
                s.id,
                s.action.as_str()
            ),
            Decision::Edited(_) => format!("{}: {}", merge_trailer::EDITED, s.id),
            Decision::Changes(mask) => {
                let taken: Vec<String> = mask
                    .iter()
                    .enumerate()
                    .filter(|(_, on)| **on)
                    .map(|(i, _)| (i + 1).to_string())
                    .collect();
                let rejected: Vec<String> = mask
                    .iter()
                    .enumerate()
                    .filter(|(_, on)| !**on)
                    .map(|(i, _)| (i + 1).to_string())
                    .collect();
                format!(
                    "{}: {} (changes taken: {}; rejected: {})",
                    merge_trailer::PARTLY,
                    s.id,
                    if taken.is_empty() {
                        "none".into()
                    } else {
                        taken.join(",")
                    },
                    if rejected.is_empty() {
                        "none".into()
                    } else {
                        rejected.join(",")
                    }
                )
            }
        };
        lines.push(line);
    }
    m.push_str(&lines.join("\n"));
    m.push('\n');
    m
}

/// Decisions saved between sessions, per person, draft and branch. Each is
/// kept with the plan of its section as it was decided: it is offered again
/// while that section's plan is unchanged (whatever else moved), so a dropped
/// connection or a colleague's commit elsewhere loses nothing, and a decision
/// about text that has since changed is never applied to the new text.
#[derive(serde::Serialize, serde::Deserialize)]
struct Saved {
    decisions: BTreeMap<String, SavedDecision>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct SavedDecision {
    decision: Decision,
    /// The section's plan, as JSON, when the decision was made.
    plan: String,
}

fn plan_json(board: &Board, id: &str) -> Option<String> {
    board
        .plan
        .section(id)
        .and_then(|s| serde_json::to_string(s).ok())
}

fn saved_path(store: &Store, board: &Board, who: &Identity) -> PathBuf {
    let name: String = format!("{}-{}-{}", who.email, board.draft, board.from)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '@' {
                c
            } else {
                '_'
            }
        })
        .collect();
    store.local_file(&format!("merge-{name}.json"))
}

/// The decisions `who` made so far on this board whose sections still plan
/// the same.
pub fn load_decisions(store: &Store, board: &Board, who: &Identity) -> Decisions {
    // (A board's decisions are a few hundred bytes a section.)
    const MAX_SAVED_BYTES: u64 = 64 << 20;
    let Some(bytes) = crate::store::read_regular(&saved_path(store, board, who), MAX_SAVED_BYTES)
    else {
        return Decisions::new();
    };
    let Ok(saved) = serde_json::from_slice::<Saved>(&bytes) else {
        return Decisions::new();
    };
    saved
        .decisions
        .into_iter()
        .filter(|(id, d)| plan_json(board, id).as_deref() == Some(d.plan.as_str()))
        .map(|(id, d)| (id, d.decision))
        .collect()
}

/// Keeps `who`'s decisions (best effort; written atomically).
pub fn save_decisions(
    store: &Store,
    board: &Board,
    who: &Identity,
    decisions: &Decisions,
) -> std::io::Result<()> {
    let path = saved_path(store, board, who);
    let saved = Saved {
        decisions: decisions
            .iter()
            .filter_map(|(id, d)| {
                plan_json(board, id).map(|plan| {
                    (
                        id.clone(),
                        SavedDecision {
                            decision: d.clone(),
                            plan,
                        },
                    )
                })
            })
            .collect(),
    };
    let bytes = serde_json::to_vec_pretty(&saved).unwrap_or_default();
    write_atomically(&path, &bytes, Access::Umask)
}

/// Forgets `who`'s saved decisions (after the merge is committed).
pub fn clear_decisions(store: &Store, board: &Board, who: &Identity) {
    let _ = std::fs::remove_file(saved_path(store, board, who));
}

/// A department branch as the office's board lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchRow {
    pub branch: String,
    /// The department whose branch it is (`x` for `dept/x` and for a
    /// clone's `origin/dept/x`).
    pub department: Option<String>,
    /// The remote, for a clone's remote-tracking branch (`origin`).
    pub remote: Option<String>,
    pub ahead: usize,
    pub behind: usize,
    /// Sections it proposes to change in this draft, and how many conflict.
    pub proposals: usize,
    pub conflicts: usize,
    /// Why its merge cannot be planned (its draft does not load, …): the
    /// row says so and Enter shows this in full. A branch without the draft
    /// has nothing to merge and no error.
    pub error: Option<Unplannable>,
}

/// Why a branch's merge cannot be planned, kept typed so the screen says
/// it in the person's language. Two are equal when they are the same error.
#[derive(Debug, Clone)]
pub struct Unplannable(pub std::sync::Arc<OpsError>);

impl PartialEq for Unplannable {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Unplannable {}

impl BranchRow {
    /// The branch's name without its remote: `dept/x` for `origin/dept/x`.
    pub fn local_name(&self) -> &str {
        crate::store::without_remote(&self.branch, self.remote.as_deref())
    }
}

/// Every department branch: how far it is from main and what it proposes
/// for `draft`.
pub fn contributions(store: &Store, draft: &str) -> Result<Vec<BranchRow>> {
    let main = store.resolve(MAIN_BRANCH)?;
    let mut rows = Vec::new();
    for b in store.branches()? {
        if !matches!(b.kind, BranchKind::Department(_)) {
            continue;
        }
        let (ahead, behind) = store.ahead_behind(b.tip, main)?;
        let (proposals, conflicts, error) = match prepare(store, draft, &b.name) {
            Ok(board) => (
                board.proposals().count(),
                board.plan.conflicts().count(),
                None,
            ),
            // The branch has no such draft: nothing to merge.
            Err(OpsError::Store(StoreError::NoSuchFile { rev, .. })) if rev == b.name => {
                (0, 0, None)
            }
            // Its draft does not load (or anything else): the row says so.
            Err(e) => (0, 0, Some(Unplannable(std::sync::Arc::new(e)))),
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
