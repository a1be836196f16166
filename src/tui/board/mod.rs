//! The office's merge board: the departments' contributions to a draft, and
//! walking one department's merge plan section by section and change by
//! change. Decisions are saved as they are made (through the worker), so a
//! dropped connection keeps them; nothing reaches `main` until the office
//! commits the merge. Its state is `BoardState`; its update (`open`,
//! `on_key`, the worker's answers) changes that state alone, reads the rest
//! of the screen through a `Context`, and asks for the rest as `Out`s. No
//! I/O here; the view is `view::board`.

use std::sync::Arc;

use crate::core::Identity;
use crate::core::config::Config;
use crate::core::merge::{Decision, Decisions, MergeAction, SectionMerge, pick};
use crate::ops::merge::Board;

use super::failure::Failure;
use super::job::Job;
use super::keys::Action;
use super::model::Loadable;
use super::review::{Answer, Purpose};
use super::wrap::error_rows;
use crate::i18n::Lang;

pub use super::job::BoardReady;

mod detail;
pub use crate::ops::merge::BranchRow;
pub use detail::{board_detail, merge_changes};

/// What the board reads of the screen around it.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub lang: Lang,
    pub size: (u16, u16),
    /// The draft on screen.
    pub draft: Option<&'a str>,
    pub me: Option<&'a Identity>,
    pub config: Option<&'a Config>,
}

/// What the board asks of the screen around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Out {
    Job(Job),
    /// A line for the footer.
    Say(String),
    /// Leave the board.
    Close,
    Quit,
    Help,
    /// The office writes its own text of a section: the editor, over the
    /// board (with text left unsent there before, if any).
    Edit {
        purpose: Purpose,
        body: String,
    },
    /// `main` has the merge: compare again.
    Compare,
}

fn jobs(jobs: Vec<Job>) -> Vec<Out> {
    jobs.into_iter().map(Out::Job).collect()
}

/// Where the board is.
#[derive(Debug, Clone)]
pub enum BoardState {
    Branches {
        cursor: usize,
        rows: Loadable<Vec<BranchRow>>,
        /// The branch whose plan was just left, to select it again.
        return_to: Option<String>,
        /// The selected row's error shown in full (Enter on a row marked
        /// ✗), scrolled by this many rows.
        reading: Option<usize>,
    },
    Plan(Box<PlanState>),
}

#[derive(Debug, Clone)]
pub struct PlanState {
    pub board: Arc<Board>,
    /// The review state of the department's version of each section.
    pub review: Option<Arc<crate::core::review::DraftReview>>,
    /// Index into the proposals.
    pub cursor: usize,
    /// The change selected within the section.
    pub change: usize,
    pub decisions: Decisions,
    /// "Write the merge commit?" is being asked, with its buttons.
    pub confirming: Option<super::review::Buttons>,
    pub committing: bool,
    /// Rows scrolled in the section's text (J/K, PgDn/PgUp; n/N follow).
    pub scroll: usize,
    /// The draft the merge would write under the decisions so far, from
    /// `core::merge::apply` itself (undecided conflicts keep main's text
    /// here, and are marked as undecided on the board).
    pub preview: Option<Arc<crate::core::Draft>>,
}

impl PlanState {
    pub fn proposals(&self) -> Vec<&SectionMerge> {
        self.board.proposals().collect()
    }

    pub fn selected(&self) -> Option<&SectionMerge> {
        self.proposals().get(self.cursor).copied()
    }

    /// The decision in force for a section (the default when none was made).
    pub fn decision(&self, s: &SectionMerge) -> Option<Decision> {
        match self.decisions.get(&s.id) {
            Some(d) => Some(d.clone()),
            None if s.action == MergeAction::Conflict => None,
            None => Some(Decision::Accept),
        }
    }

    /// Whether change `i` of a section is taken under its decision.
    pub fn change_taken(&self, s: &SectionMerge, i: usize) -> Option<bool> {
        match self.decision(s)? {
            Decision::Accept => Some(true),
            Decision::Reject => Some(false),
            Decision::Changes(mask) => mask.get(i).copied(),
            Decision::Edited(_) => None,
        }
    }

    /// The body the merge would write for a section under its decision.
    pub fn merged_body(&self, s: &SectionMerge) -> String {
        match self.decision(s) {
            Some(Decision::Edited(t)) => t,
            Some(Decision::Changes(mask)) => pick(&s.body, &mask[s.title.hunks.min(mask.len())..]),
            Some(Decision::Reject) | None => s.body.old_text(),
            Some(Decision::Accept) => s.body.new_text(),
        }
    }

    /// Recomputes `preview` after the decisions changed.
    pub fn refresh_preview(&mut self) {
        let mut decisions = self.decisions.clone();
        for s in self.board.plan.conflicts() {
            decisions.entry(s.id.clone()).or_insert(Decision::Reject);
        }
        let b = &self.board;
        self.preview = crate::core::merge::apply(&b.plan, &b.base, &b.main, &b.dept, &decisions)
            .ok()
            .map(Arc::new);
    }

    pub fn undecided(&self) -> usize {
        self.proposals()
            .iter()
            .filter(|s| self.decision(s).is_none())
            .count()
    }
}

/// The merge action in words.
pub fn action_label(action: MergeAction, lang: crate::i18n::Lang) -> &'static str {
    lang.t().merge_action(action)
}

/// Columns and rows of the board's text pane at a terminal size, laid out
/// as the view does: the frame, the list of sections (two fifths, 20 to 36
/// columns), a border and a margin.
pub fn detail_size((w, h): (u16, u16)) -> (usize, usize) {
    let inner_width = w.saturating_sub(2);
    let list = (inner_width * 2 / 5).clamp(20, 36);
    let width = inner_width.saturating_sub(list).saturating_sub(2);
    // The header and footer rows, and the frame.
    let height = h.saturating_sub(4);
    (usize::from(width), usize::from(height).max(1))
}

impl PlanState {
    /// The selected section's text as the board shows it at this size.
    fn detail(&self, size: (u16, u16), lang: crate::i18n::Lang) -> Option<super::wrap::Wrapped> {
        let s = self.selected()?;
        Some(detail::board_detail(s, self, detail_size(size).0, lang))
    }

    /// Whether the selected change is in view (or there is none to show).
    fn change_shown(&self, size: (u16, u16), lang: crate::i18n::Lang) -> bool {
        let Some(w) = self.detail(size, lang) else {
            return true;
        };
        let height = detail_size(size).1;
        w.hunks
            .get(self.change)
            .is_none_or(|&row| row >= self.scroll && row < self.scroll + height)
    }

    /// Scrolls so that the selected change is in view (with a row above it).
    fn show_change(&mut self, size: (u16, u16), lang: crate::i18n::Lang) {
        let Some(w) = self.detail(size, lang) else {
            return;
        };
        let height = detail_size(size).1;
        if let Some(&row) = w.hunks.get(self.change) {
            if row < self.scroll || row >= self.scroll + height {
                self.scroll = row.saturating_sub(1);
            }
        }
        self.scroll = self.scroll.min(w.rows.len().saturating_sub(height));
    }

    /// Scrolls the text by `delta` rows; if the selected change leaves the
    /// view, the first change in view becomes the selected one, so Enter
    /// always acts on a change that is shown.
    fn scroll_by(&mut self, delta: isize, size: (u16, u16), lang: crate::i18n::Lang) {
        let Some(w) = self.detail(size, lang) else {
            return;
        };
        let height = detail_size(size).1;
        let max = w.rows.len().saturating_sub(height);
        self.scroll = self.scroll.saturating_add_signed(delta).min(max);
        let shown = |row: usize| row >= self.scroll && row < self.scroll + height;
        if !w.hunks.get(self.change).is_some_and(|&r| shown(r)) {
            if let Some(i) = w.hunks.iter().position(|&r| shown(r)) {
                self.change = i;
            }
        }
    }
}

/// Columns and rows of the text of the board's error pane (a branch's error
/// in full) at a terminal size: the header and footer rows, the frame, and a
/// margin on each side.
pub fn error_pane_size((w, h): (u16, u16)) -> (usize, usize) {
    let width = usize::from(w.saturating_sub(4));
    let height = usize::from(h.saturating_sub(4));
    (width, height.max(1))
}

/// The error pane's rows (the view draws them, the keys scroll them): which
/// branch of which department cannot be merged, then its error in full,
/// every diagnostic on its own rows.
pub fn branch_error_rows(
    row: &BranchRow,
    config: Option<&crate::core::config::Config>,
    lang: crate::i18n::Lang,
    width: usize,
) -> Vec<super::wrap::Row> {
    use crate::core::text::sanitize;
    let branch = sanitize(&row.branch, false);
    let name = match row.department.as_deref() {
        Some(d) => format!(
            "{branch} ({})",
            sanitize(config.map_or(d, |c| c.department_name(d)), false)
        ),
        None => branch,
    };
    let heading = lang.t().board_error_title.replace("{b}", &name);
    let mut rows = super::wrap::wrap(
        &[super::wrap::Piece {
            kind: super::wrap::Kind::Heading,
            text: &heading,
            hunk_start: false,
        }],
        width,
    )
    .rows;
    rows.push(Vec::new());
    let said = row
        .error
        .as_ref()
        .map(|e| crate::tui::failure::Failure::Other(std::sync::Arc::clone(&e.0)).text(lang));
    rows.extend(error_rows(said.as_deref().unwrap_or_default(), width));
    rows
}

/// The board opened on the current draft, and the job that lists the
/// branches.
pub fn open(cx: &Context) -> Option<(BoardState, Job)> {
    let draft = cx.draft?.to_owned();
    let state = BoardState::Branches {
        cursor: 0,
        rows: Loadable::Loading,
        return_to: None,
        reading: None,
    };
    Some((state, Job::Contributions { draft }))
}

/// Whether the person may merge (the office role): only their decisions are
/// kept, and only they are offered the commit.
fn is_office(cx: &Context) -> bool {
    cx.me
        .is_some_and(|me| crate::core::policy::may_merge(cx.config, me).is_ok())
}

/// Keeps the office's decisions on disk (nobody else's).
fn save_job(cx: &Context, plan: &PlanState) -> Vec<Out> {
    match cx.me {
        Some(who) if is_office(cx) => vec![Out::Job(Job::SaveDecisions {
            who: who.clone(),
            board: Arc::clone(&plan.board),
            decisions: plan.decisions.clone(),
        })],
        _ => Vec::new(),
    }
}

/// Back to the branch list, with the branch just left selected.
fn back_to_branches(state: &mut BoardState, cx: &Context, from: String) -> Vec<Out> {
    *state = BoardState::Branches {
        cursor: 0,
        rows: Loadable::Loading,
        return_to: Some(from),
        reading: None,
    };
    cx.draft
        .map(|d| {
            vec![Out::Job(Job::Contributions {
                draft: d.to_owned(),
            })]
        })
        .unwrap_or_default()
}

/// Keys on the board.
pub fn on_key(state: &mut BoardState, cx: &Context, action: Action) -> Vec<Out> {
    match state {
        BoardState::Branches {
            reading: Some(_), ..
        } => on_error_key(state, cx, action),
        BoardState::Branches {
            cursor,
            rows,
            reading,
            ..
        } => {
            let count = rows.ready().map_or(0, Vec::len);
            match action {
                Action::Down => *cursor = (*cursor + 1).min(count.saturating_sub(1)),
                Action::Up => *cursor = cursor.saturating_sub(1),
                Action::First => *cursor = 0,
                Action::Last => *cursor = count.saturating_sub(1),
                Action::Help => return vec![Out::Help],
                // A branch whose merge cannot be planned: why, in full.
                Action::Confirm | Action::Expand
                    if rows
                        .ready()
                        .and_then(|r| r.get(*cursor))
                        .is_some_and(|r| r.error.is_some()) =>
                {
                    *reading = Some(0);
                }
                Action::Confirm | Action::Expand => {
                    let branch = rows
                        .ready()
                        .and_then(|r| r.get(*cursor))
                        .map(|r| r.branch.clone());
                    if let (Some(from), Some(draft)) = (branch, cx.draft) {
                        let who = cx.me.cloned();
                        return vec![Out::Job(Job::OpenBoard {
                            draft: draft.to_owned(),
                            from,
                            who,
                        })];
                    }
                }
                Action::Cancel | Action::Board => return vec![Out::Close],
                Action::Refresh => return on_refs_moved(state, cx, &[crate::store::MAIN_BRANCH]),
                Action::Quit => return vec![Out::Quit],
                _ => {}
            }
            Vec::new()
        }
        BoardState::Plan(_) => on_plan_key(state, cx, action),
    }
}

/// Keys while a branch's error is shown in full: j/k and the page keys
/// scroll it, Esc (or Enter, m) goes back to the list.
fn on_error_key(state: &mut BoardState, cx: &Context, action: Action) -> Vec<Out> {
    let (width, height) = error_pane_size(cx.size);
    let max = match &*state {
        BoardState::Branches { rows, cursor, .. } => rows
            .ready()
            .and_then(|r| r.get(*cursor))
            .map_or(0, |r| branch_error_rows(r, cx.config, cx.lang, width).len())
            .saturating_sub(height),
        _ => 0,
    };
    let page = height.saturating_sub(1).max(1);
    let BoardState::Branches {
        reading: Some(scroll),
        ..
    } = state
    else {
        return Vec::new();
    };
    match action {
        Action::Down | Action::ScrollDown => *scroll = (*scroll + 1).min(max),
        Action::Up | Action::ScrollUp => *scroll = scroll.saturating_sub(1),
        Action::PageDown => *scroll = (*scroll + page).min(max),
        Action::PageUp => *scroll = scroll.saturating_sub(page),
        Action::First => *scroll = 0,
        Action::Last => *scroll = max,
        Action::Cancel | Action::Confirm | Action::Expand | Action::Board => {
            if let BoardState::Branches { reading, .. } = state {
                *reading = None;
            }
        }
        Action::Refresh => return on_refs_moved(state, cx, &[crate::store::MAIN_BRANCH]),
        Action::Quit => return vec![Out::Quit],
        _ => {}
    }
    Vec::new()
}

fn on_plan_key(state: &mut BoardState, cx: &Context, action: Action) -> Vec<Out> {
    let t = cx.lang.t();
    let office = is_office(cx);
    let BoardState::Plan(plan) = state else {
        return Vec::new();
    };
    if plan.committing {
        // One merge at a time: wait for git's answer.
        return Vec::new();
    }
    if let Some(buttons) = &mut plan.confirming {
        match buttons.press(action) {
            Answer::Asking => {}
            Answer::No => plan.confirming = None,
            Answer::Yes => {
                plan.confirming = None;
                let Some(who) = cx.me.cloned() else {
                    return Vec::new();
                };
                plan.committing = true;
                return vec![
                    Out::Say(t.sending.to_owned()),
                    Out::Job(Job::Merge {
                        who,
                        board: Arc::clone(&plan.board),
                        decisions: plan.decisions.clone(),
                    }),
                ];
            }
        }
        if action == Action::Quit {
            return vec![Out::Quit];
        }
        return Vec::new();
    }
    let count = plan.proposals().len();
    let from = plan.board.from.clone();
    let Some(section) = plan.selected().cloned() else {
        if matches!(action, Action::Cancel | Action::Board) {
            return back_to_branches(state, cx, from);
        }
        return Vec::new();
    };
    let changes = section.change_count();
    let (size, lang) = (cx.size, cx.lang);
    let page = detail_size(size).1.saturating_sub(1).max(1) as isize;
    let mut save = false;
    match action {
        Action::Down => {
            plan.cursor = (plan.cursor + 1).min(count.saturating_sub(1));
            plan.change = 0;
            plan.scroll = 0;
        }
        Action::Up => {
            plan.cursor = plan.cursor.saturating_sub(1);
            plan.change = 0;
            plan.scroll = 0;
        }
        Action::First | Action::Last => {
            plan.cursor = match action {
                Action::First => 0,
                _ => count.saturating_sub(1),
            };
            plan.change = 0;
            plan.scroll = 0;
        }
        // The selected change first comes into view; then n/N move on.
        Action::NextChange | Action::PrevChange if !plan.change_shown(size, lang) => {
            plan.show_change(size, lang);
        }
        Action::NextChange => {
            plan.change = (plan.change + 1).min(changes.saturating_sub(1));
            plan.show_change(size, lang);
        }
        Action::PrevChange => {
            plan.change = plan.change.saturating_sub(1);
            plan.show_change(size, lang);
        }
        Action::ScrollDown => plan.scroll_by(1, size, lang),
        Action::ScrollUp => plan.scroll_by(-1, size, lang),
        Action::PageDown => plan.scroll_by(page, size, lang),
        Action::PageUp => plan.scroll_by(-page, size, lang),
        // a: take the department's version; x: keep main's.
        Action::Approve => {
            plan.decisions.insert(section.id.clone(), Decision::Accept);
            save = true;
        }
        Action::RequestChanges => {
            plan.decisions.insert(section.id.clone(), Decision::Reject);
            save = true;
        }
        // Enter on the office's own text would throw it away: say so instead.
        Action::Confirm if matches!(plan.decision(&section), Some(Decision::Edited(_))) => {
            return vec![Out::Say(t.edited_keep.to_owned())];
        }
        // Enter: flip the selected change (taken ↔ not taken).
        Action::Confirm if changes > 0 => {
            let mut mask: Vec<bool> = (0..changes)
                .map(|i| plan.change_taken(&section, i).unwrap_or(false))
                .collect();
            let i = plan.change.min(changes - 1);
            mask[i] = !mask[i];
            let decision = if mask.iter().all(|b| *b) {
                Decision::Accept
            } else if mask.iter().all(|b| !*b) {
                Decision::Reject
            } else {
                Decision::Changes(mask)
            };
            plan.decisions.insert(section.id.clone(), decision);
            save = true;
        }
        Action::Edit => {
            let body = plan.merged_body(&section);
            let heading = section_heading(&plan.board, &section.id);
            return vec![Out::Edit {
                purpose: Purpose::MergeEdit {
                    section: section.id.clone(),
                    heading,
                },
                body,
            }];
        }
        Action::Send if !office => return vec![Out::Say(t.may_not_merge.to_owned())],
        Action::Send => {
            if plan.undecided() > 0 {
                return vec![Out::Say(format!(
                    "{} {}",
                    plan.undecided(),
                    t.merge_undecided
                ))];
            }
            plan.confirming = Some(Default::default());
        }
        Action::Cancel | Action::Board => {
            let mut out = save_job(cx, plan);
            out.extend(back_to_branches(state, cx, from));
            return out;
        }
        Action::Quit => {
            let mut out = save_job(cx, plan);
            out.push(Out::Quit);
            return out;
        }
        Action::Help => return vec![Out::Help],
        Action::Refresh => {
            let from = plan.board.from.clone();
            return on_refs_moved(state, cx, &[crate::store::MAIN_BRANCH, &from]);
        }
        _ => {}
    }
    if save {
        plan.refresh_preview();
        save_job(cx, plan)
    } else {
        Vec::new()
    }
}

/// "I.4 Về điều hành…" for a section of the plan.
pub fn section_heading(board: &Board, id: &str) -> String {
    let (draft, s) = match board.dept.section(id) {
        Some(s) => (&board.dept, Some(s)),
        None => (&board.main, board.main.section(id)),
    };
    let path = draft.number_path(id);
    let words = s.map_or_else(|| id.to_owned(), |s| s.label().to_owned());
    if path.is_empty() {
        words
    } else {
        format!("{path} {words}")
    }
}

/// The office's own text for a section, from the editor.
pub fn set_edited(state: &mut BoardState, cx: &Context, section: &str, text: String) -> Vec<Out> {
    let BoardState::Plan(plan) = state else {
        return Vec::new();
    };
    plan.decisions
        .insert(section.to_owned(), Decision::Edited(text));
    plan.refresh_preview();
    save_job(cx, plan)
}

/// Branches moved under the open board: the list is counted again; a plan
/// whose `main` or department moved is planned again (its decisions are on
/// disk, kept per section plan), unless the office is answering or writing.
pub fn on_refs_moved(state: &BoardState, cx: &Context, moved: &[&str]) -> Vec<Out> {
    let Some(draft) = cx.draft.map(str::to_owned) else {
        return Vec::new();
    };
    jobs(match state {
        BoardState::Branches { .. } if !moved.is_empty() => vec![Job::Contributions { draft }],
        BoardState::Plan(plan)
            if plan.confirming.is_none()
                && !plan.committing
                && moved
                    .iter()
                    .any(|b| *b == crate::store::MAIN_BRANCH || *b == plan.board.from) =>
        {
            vec![Job::OpenBoard {
                draft,
                from: plan.board.from.clone(),
                who: cx.me.cloned(),
            }]
        }
        _ => Vec::new(),
    })
}

pub fn on_contributions(state: &mut BoardState, result: Result<Vec<BranchRow>, String>) {
    if let BoardState::Branches {
        rows,
        cursor,
        return_to,
        reading,
    } = state
    {
        *rows = match result {
            Ok(r) => Loadable::Ready(r),
            Err(e) => Loadable::Failed(e),
        };
        let list = rows.ready().map(Vec::as_slice).unwrap_or_default();
        if let Some(i) = return_to
            .as_ref()
            .and_then(|b| list.iter().position(|r| &r.branch == b))
        {
            *cursor = i;
        }
        *cursor = (*cursor).min(list.len().saturating_sub(1));
        // Counted again: an error that went away is no longer shown.
        if list.get(*cursor).is_none_or(|r| r.error.is_none()) {
            *reading = None;
        }
    }
}

pub fn on_board_ready(
    state: &mut BoardState,
    cx: &Context,
    result: Result<Box<BoardReady>, String>,
) -> Vec<Out> {
    match result {
        Ok(b) => {
            let BoardReady {
                board,
                decisions,
                review,
            } = *b;
            // Planned again (main or the branch moved): stay on the section.
            let (cursor, change, scroll) = match &*state {
                BoardState::Plan(old) if old.board.from == board.from => {
                    let id = old.selected().map(|s| s.id.clone());
                    match board.proposals().position(|s| Some(&s.id) == id.as_ref()) {
                        Some(i) if i == old.cursor => (i, old.change, old.scroll),
                        Some(i) => (i, 0, 0),
                        None => (
                            old.cursor.min(board.proposals().count().saturating_sub(1)),
                            0,
                            0,
                        ),
                    }
                }
                _ => (0, 0, 0),
            };
            let mut plan = PlanState {
                review: review.map(Arc::new),
                board: Arc::new(board),
                cursor,
                change,
                decisions,
                confirming: None,
                committing: false,
                scroll,
                preview: None,
            };
            plan.refresh_preview();
            *state = BoardState::Plan(Box::new(plan));
            Vec::new()
        }
        Err(e) => vec![Out::Say(format!("{}: {e}", cx.lang.t().error))],
    }
}

pub fn on_merged(
    state: &mut BoardState,
    cx: &Context,
    result: Result<String, Failure>,
) -> Vec<Out> {
    let t = cx.lang.t();
    if let BoardState::Plan(plan) = state {
        plan.committing = false;
    }
    match result {
        Ok(commit) => vec![
            Out::Say(format!("{} {}", t.merged, &commit[..commit.len().min(7)])),
            Out::Close,
            // Show what main now has against the department.
            Out::Compare,
        ],
        Err(failure) => vec![Out::Say(match failure {
            // The plan was made against a main that is no more.
            Failure::Moved => t.main_moved.to_owned(),
            other => other.say(cx.lang),
        })],
    }
}
