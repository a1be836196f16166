//! The compare picker (`r`: `Tab` between the two sides, a branch or one
//! of its revisions) and the drafts list (`d`). Each has its own state,
//! kept while it is closed (so it opens again where it was, as long as the
//! list is the same); its update changes that state alone, reads the rest
//! of the screen through a `Context`, and asks for the rest as `Out`s,
//! which `update::picker` does — as `board` does. No I/O here; the view is
//! `view::overlays`.

use std::collections::{HashMap, HashSet};

use crate::store::RevisionInfo;

use super::job::Job;
use super::keys::Action;
use super::model::{Loadable, RepoInfo};

/// Which revision the picker is choosing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Side {
    From,
    #[default]
    To,
}

/// The compare picker.
#[derive(Debug, Clone, Default)]
pub struct PickerState {
    pub side: Side,
    pub cursor: usize,
    /// Branches whose revisions are listed under them.
    pub expanded: HashSet<String>,
    /// Revisions per (branch, draft), read when a branch is expanded.
    pub revisions: HashMap<(String, String), Loadable<Vec<RevisionInfo>>>,
    /// The rows when it was last open (`None` before it opened): the cursor
    /// is kept for the same list only.
    pub seen: Option<Vec<PickerRow>>,
}

/// The drafts list.
#[derive(Debug, Clone, Default)]
pub struct DraftsState {
    pub cursor: usize,
    /// The drafts when it was last open (`None` before it opened).
    pub seen: Option<Vec<String>>,
}

/// A row of the picker list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickerRow {
    Branch(usize),
    Revision { branch: String, index: usize },
    Loading(String),
    Failed(String, String),
}

/// What the picker and the drafts list read of the screen around them.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub repo: Option<&'a RepoInfo>,
    /// The draft on screen.
    pub draft: Option<&'a str>,
    /// The revisions compared now.
    pub to: &'a str,
}

/// What they ask of the screen around them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Out {
    Job(Job),
    /// Compare with `rev` on `side`.
    Compare {
        side: Side,
        rev: String,
    },
    /// Show this draft.
    OpenDraft(String),
    Close,
    Quit,
    Help,
}

/// The rows of the picker list.
pub fn rows(state: &PickerState, cx: &Context) -> Vec<PickerRow> {
    let Some(repo) = cx.repo else {
        return Vec::new();
    };
    let draft = cx.draft.unwrap_or_default().to_owned();
    let mut out = Vec::new();
    for (i, b) in repo.branches.iter().enumerate() {
        out.push(PickerRow::Branch(i));
        if state.expanded.contains(&b.name) {
            match state.revisions.get(&(b.name.clone(), draft.clone())) {
                None | Some(Loadable::Loading) => out.push(PickerRow::Loading(b.name.clone())),
                Some(Loadable::Failed(e)) => out.push(PickerRow::Failed(b.name.clone(), e.clone())),
                Some(Loadable::Ready(list)) => {
                    out.extend((0..list.len()).map(|index| PickerRow::Revision {
                        branch: b.name.clone(),
                        index,
                    }))
                }
            }
        }
    }
    out
}

/// Opens the picker: where it was when it closed if the list is the same,
/// else on the branch compared now, choosing the "to" side.
pub fn open(state: &mut PickerState, cx: &Context) {
    let now = rows(state, cx);
    if state.seen.as_ref() != Some(&now) {
        state.side = Side::To;
        state.expanded.clear();
        state.cursor = cx
            .repo
            .and_then(|r| r.branches.iter().position(|b| b.name == cx.to))
            .unwrap_or(0);
    }
    state.cursor = state.cursor.min(rows(state, cx).len().saturating_sub(1));
}

/// The branch a row belongs to.
fn branch_at(cx: &Context, row: Option<&PickerRow>) -> Option<String> {
    let repo = cx.repo?;
    match row? {
        PickerRow::Branch(i) => Some(repo.branches[*i].name.clone()),
        PickerRow::Revision { branch, .. }
        | PickerRow::Loading(branch)
        | PickerRow::Failed(branch, _) => Some(branch.clone()),
    }
}

/// Keys in the picker.
pub fn on_key(state: &mut PickerState, cx: &Context, action: Action) -> Vec<Out> {
    let rows = rows(state, cx);
    match action {
        Action::Down => state.cursor = (state.cursor + 1).min(rows.len().saturating_sub(1)),
        Action::Up => state.cursor = state.cursor.saturating_sub(1),
        Action::First => state.cursor = 0,
        Action::Last => state.cursor = rows.len().saturating_sub(1),
        Action::SwitchSide => {
            state.side = match state.side {
                Side::From => Side::To,
                Side::To => Side::From,
            }
        }
        Action::Expand => {
            if let (Some(branch), Some(draft)) = (branch_at(cx, rows.get(state.cursor)), cx.draft) {
                let key = (branch.clone(), draft.to_owned());
                if state.expanded.insert(branch.clone()) && !state.revisions.contains_key(&key) {
                    state.revisions.insert(key, Loadable::Loading);
                    return vec![Out::Job(Job::Revisions {
                        branch,
                        draft: draft.to_owned(),
                    })];
                }
            }
        }
        Action::Collapse => {
            if let Some(branch) = branch_at(cx, rows.get(state.cursor)) {
                state.expanded.remove(&branch);
                state.cursor = self::rows(state, cx)
                    .iter()
                    .position(|r| {
                        matches!(r, PickerRow::Branch(i)
                        if cx.repo.is_some_and(|repo| repo.branches[*i].name == branch))
                    })
                    .unwrap_or(0);
            }
        }
        Action::Confirm => {
            let chosen = match rows.get(state.cursor) {
                Some(PickerRow::Branch(i)) => cx.repo.map(|r| r.branches[*i].name.clone()),
                Some(PickerRow::Revision { branch, index }) => state
                    .revisions
                    .get(&(branch.clone(), cx.draft.unwrap_or_default().to_owned()))
                    .and_then(Loadable::ready)
                    .and_then(|list| list.get(*index))
                    .map(|r| r.id.to_string()),
                _ => None,
            };
            if let Some(rev) = chosen {
                state.seen = Some(rows);
                return vec![
                    Out::Close,
                    Out::Compare {
                        side: state.side,
                        rev,
                    },
                ];
            }
        }
        Action::Cancel | Action::OpenCompare => {
            state.seen = Some(rows);
            return vec![Out::Close];
        }
        Action::Quit => return vec![Out::Quit],
        Action::Help => return vec![Out::Help],
        _ => {}
    }
    Vec::new()
}

/// Opens the drafts list: where it was when it closed if the list is the
/// same, else on the draft shown.
pub fn open_drafts(state: &mut DraftsState, cx: &Context) {
    let drafts = cx.repo.map(|r| r.drafts.clone()).unwrap_or_default();
    if state.seen.as_ref() != Some(&drafts) {
        state.cursor = drafts
            .iter()
            .position(|d| Some(d.as_str()) == cx.draft)
            .unwrap_or(0);
    }
    state.cursor = state.cursor.min(drafts.len().saturating_sub(1));
}

/// Keys in the drafts list.
pub fn on_drafts_key(state: &mut DraftsState, cx: &Context, action: Action) -> Vec<Out> {
    let drafts = cx.repo.map(|r| r.drafts.clone()).unwrap_or_default();
    let last = drafts.len().saturating_sub(1);
    match action {
        Action::Down => state.cursor = (state.cursor + 1).min(last),
        Action::Up => state.cursor = state.cursor.saturating_sub(1),
        Action::First => state.cursor = 0,
        Action::Last => state.cursor = last,
        Action::Help => return vec![Out::Help],
        Action::Confirm => {
            let chosen = drafts.get(state.cursor).cloned();
            state.seen = Some(drafts);
            let mut out = vec![Out::Close];
            out.extend(
                chosen
                    .filter(|d| Some(d.as_str()) != cx.draft)
                    .map(Out::OpenDraft),
            );
            return out;
        }
        Action::Quit => return vec![Out::Quit],
        Action::Cancel | Action::OpenDrafts => {
            state.seen = Some(drafts);
            return vec![Out::Close];
        }
        _ => {}
    }
    Vec::new()
}
