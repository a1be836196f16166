//! The merge board on the screen: its state is `App::board`, its update
//! is `tui::board`'s (own state, a read-only `Context`); here its `Out`s
//! become the screen's (the overlay, the footer, the editor over it).

use crate::tui::app::{App, Job, Overlay};
use crate::tui::board::{self, BoardReady, BoardState, BranchRow, Context, Out};
use crate::tui::failure::Failure;
use crate::tui::keys::Action;

/// What the board reads of the screen.
fn context(app: &App) -> Context<'_> {
    Context {
        lang: app.lang,
        size: app.size,
        draft: app.review.draft.as_deref(),
        me: app.me(),
        config: app.config(),
    }
}

/// Runs `f` on the board's state with its context, then does what it asks.
fn with_board(app: &mut App, f: impl FnOnce(&mut BoardState, &Context) -> Vec<Out>) -> Vec<Job> {
    let Some(mut state) = app.board.take() else {
        return Vec::new();
    };
    let out = f(&mut state, &context(app));
    app.board = Some(state);
    apply(app, out)
}

/// The board's `Out`s, done to the screen; the jobs to start.
fn apply(app: &mut App, out: Vec<Out>) -> Vec<Job> {
    let mut jobs = Vec::new();
    for o in out {
        match o {
            Out::Job(job) => jobs.push(job),
            Out::Say(text) => app.message = Some(text),
            Out::Close => {
                // Opened again, the list selects the same branch.
                if let Some(BoardState::Branches { cursor, rows, .. }) = app.board.as_deref() {
                    app.kept.board_branch = rows
                        .ready()
                        .and_then(|list| list.get(*cursor))
                        .map(|r| r.branch.clone());
                }
                app.board = None;
                app.overlay = Overlay::None;
            }
            Out::Quit => app.quit = true,
            Out::Help => app.open_help(),
            Out::Edit { purpose, body } => {
                super::review::open_merge_editor(app, purpose, &body);
            }
            Out::Compare => jobs.extend(app.review.request_diff()),
        }
    }
    jobs
}

/// Opens the board on the current draft.
pub(super) fn open(app: &mut App) -> Vec<Job> {
    let Some((mut state, job)) = board::open(&context(app)) else {
        return Vec::new();
    };
    if let BoardState::Branches { return_to, .. } = &mut state {
        *return_to = app.kept.board_branch.clone();
    }
    app.board = Some(Box::new(state));
    app.overlay = Overlay::Board;
    vec![job]
}

/// Keys on the board.
pub(super) fn on_key(app: &mut App, action: Action) -> Vec<Job> {
    if app.board.is_none() {
        app.overlay = Overlay::None;
        return Vec::new();
    }
    with_board(app, |state, cx| board::on_key(state, cx, action))
}

/// The office's own text for a section, from the editor: back to the board.
pub(super) fn set_edited(app: &mut App, section: &str, text: String) -> Vec<Job> {
    if !matches!(app.board.as_deref(), Some(BoardState::Plan(_))) {
        return Vec::new();
    }
    app.overlay = Overlay::Board;
    with_board(app, |state, cx| board::set_edited(state, cx, section, text))
}

pub(super) fn on_refs_moved(app: &mut App, moved: &[&str]) -> Vec<Job> {
    with_board(app, |state, cx| board::on_refs_moved(state, cx, moved))
}

pub(super) fn on_contributions(app: &mut App, result: Result<Vec<BranchRow>, String>) {
    if let Some(state) = app.board.as_deref_mut() {
        board::on_contributions(state, result);
    }
}

pub(super) fn on_board_ready(app: &mut App, result: Result<Box<BoardReady>, String>) {
    let jobs = with_board(app, |state, cx| board::on_board_ready(state, cx, result));
    debug_assert!(jobs.is_empty());
}

pub(super) fn on_merged(app: &mut App, result: Result<String, Failure>) -> Vec<Job> {
    with_board(app, |state, cx| board::on_merged(state, cx, result))
}
