//! The compare picker and the drafts list on the screen: their state is
//! `App::picker` and `App::drafts`, their update `tui::picker`'s (own
//! state, a read-only `Context`); here their `Out`s become the screen's.

use crate::tui::app::{App, Job, Overlay, Side};
use crate::tui::keys::Action;
use crate::tui::picker::{self, Out};

/// Opens the compare picker.
pub(super) fn open(app: &mut App) {
    if app.repo.ready().is_some() {
        let mut state = std::mem::take(&mut app.picker);
        picker::open(&mut state, &app.picker_context());
        app.picker = state;
        app.overlay = Overlay::Compare;
    }
}

/// Opens the drafts list.
pub(super) fn open_drafts(app: &mut App) {
    if app.repo.ready().is_some() {
        let mut state = std::mem::take(&mut app.drafts);
        picker::open_drafts(&mut state, &app.picker_context());
        app.drafts = state;
        app.overlay = Overlay::Drafts;
    }
}

pub(super) fn on_picker_key(app: &mut App, action: Action) -> Vec<Job> {
    let mut state = std::mem::take(&mut app.picker);
    let out = picker::on_key(&mut state, &app.picker_context(), action);
    app.picker = state;
    apply(app, out)
}

pub(super) fn on_drafts_key(app: &mut App, action: Action) -> Vec<Job> {
    let mut state = std::mem::take(&mut app.drafts);
    let out = picker::on_drafts_key(&mut state, &app.picker_context(), action);
    app.drafts = state;
    apply(app, out)
}

/// The `Out`s, done to the screen; the jobs to start.
fn apply(app: &mut App, out: Vec<Out>) -> Vec<Job> {
    let mut jobs = Vec::new();
    for o in out {
        match o {
            Out::Job(job) => jobs.push(job),
            Out::Compare { side, rev } => {
                match side {
                    Side::From => app.review.from = rev,
                    Side::To => app.review.to = rev,
                }
                jobs.extend(app.review.request_diff());
            }
            Out::OpenDraft(draft) => {
                app.review.draft = Some(draft);
                app.review.selected_key = None;
                app.review.scroll = 0;
                app.review.focus = crate::tui::app::Pane::Outline;
                jobs.extend(app.review.request_diff());
            }
            Out::Close => app.overlay = Overlay::None,
            Out::Quit => app.quit = true,
            Out::Help => app.open_help(),
        }
    }
    jobs
}
