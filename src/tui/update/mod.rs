//! `update`: a message in, the state changed, the effects to run out. It
//! routes each message to the screen it is for — the review screen
//! (`review.rs`, and `search` for `/` and `:`), the editor (`editor.rs`),
//! the merge board (`board`, through `board.rs`), the compare picker and
//! the drafts list (`picker.rs`), the help and the reading windows (here) —
//! and answers the worker and the watcher.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::ops::compare::Range;
use crate::tui::app::{App, Job, Loadable, Msg, Overlay, WorkerEvent};
use crate::tui::keys::Action;

mod board;
mod check;
mod editor;
mod mouse;
mod picker;
mod review;

/// What `update` asks of the world outside the state, as plain data: the
/// event loop (`tui::run_effects`) runs each in order and feeds what comes
/// back to `update` again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Git work for the worker; its answer comes back as `Msg::Worker`.
    Job(Job),
    /// Read the unsent text `email` kept on disk in an earlier session;
    /// it comes back as `Msg::UnsentLoaded`.
    LoadUnsent { email: String },
    /// Keep these unsent texts on disk (they changed); the outcome comes
    /// back as `Msg::UnsentSaved`.
    SaveUnsent(BTreeMap<String, String>),
    /// Suspend the screen and edit `text` in `$VISUAL`/`$EDITOR`; what was
    /// saved comes back as `Msg::ReplaceText` (nothing when it failed).
    OpenEditor { text: String },
    /// Ask the terminal to report the mouse, or to stop (`M`).
    Mouse(bool),
}

impl Effect {
    /// The job, if this effect is one.
    pub fn job(&self) -> Option<&Job> {
        match self {
            Effect::Job(job) => Some(job),
            _ => None,
        }
    }
}

/// Applies one message to the state; returns what to do outside, in order.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let opened = matches!(&msg, Msg::Worker(WorkerEvent::Repo(Ok(_))));
    let mouse = app.mouse;
    let mut effects = match msg {
        Msg::UnsentLoaded(texts) => {
            app.unsent.extend(texts.clone());
            app.unsent_kept = Some(texts);
            Vec::new()
        }
        Msg::Text(key) if app.editing() && !app.too_small() && is_external_editor(key) => {
            external_editor(app)
        }
        msg => step(app, msg).into_iter().map(Effect::Job).collect(),
    };
    if opened && app.unsent_kept.is_none() {
        if let Some(me) = app.me() {
            effects.push(Effect::LoadUnsent {
                email: me.email.clone(),
            });
        }
    }
    if app.mouse != mouse {
        effects.push(Effect::Mouse(app.mouse));
    }
    effects.extend(unsent_changed(app));
    effects
}

fn is_external_editor(key: crossterm::event::KeyEvent) -> bool {
    crate::tui::keys::action_for(crate::tui::keys::Mode::Editor, key)
        == Some(Action::ExternalEditor)
}

/// F3 in the editor: continue in `$EDITOR` with the focused field's text;
/// with `--restricted`, the footer says it is off (the help and the footer
/// do not offer it).
fn external_editor(app: &mut App) -> Vec<Effect> {
    if app.restricted {
        app.message = Some(app.lang.t().external_editor_off.to_owned());
        return Vec::new();
    }
    editor::focused_text(app)
        .map(|text| Effect::OpenEditor { text })
        .into_iter()
        .collect()
}

/// Asks for the unsent text to be saved when it differs from what was last
/// asked (once the file has been read): a failed save is not asked again
/// until the text changes, so a repository that cannot be written costs one
/// attempt per change, not one per key.
fn unsent_changed(app: &mut App) -> Option<Effect> {
    let kept = app.unsent_kept.as_ref()?;
    let now = app.unsent_now();
    if now == *kept {
        return None;
    }
    app.unsent_kept = Some(now.clone());
    Some(Effect::SaveUnsent(now))
}

/// Applies one message to the state; returns the git work to start.
fn step(app: &mut App, msg: Msg) -> Vec<Job> {
    match msg {
        Msg::Resize(w, h) => {
            app.size = (w, h);
            app.review.scroll = app.review.scroll.min(app.max_scroll());
            app.clamp_outline();
            Vec::new()
        }
        Msg::Worker(event) => on_worker(app, event),
        Msg::Mouse(event) => {
            if app.mouse && !app.too_small() {
                mouse::on_mouse(app, event);
            }
            Vec::new()
        }
        Msg::UnsentSaved(result) => {
            let first = app.unsent_not_saved.is_none();
            app.unsent_not_saved = result.err();
            if let (true, Some(why)) = (first, &app.unsent_not_saved) {
                app.message = Some(format!("{}: {why}", app.lang.t().unsent_not_saved));
            }
            Vec::new()
        }
        Msg::RefsMoved(moved) => on_refs_moved(app, &moved),
        // Too small to see: only quitting works until the terminal grows.
        Msg::Key(action) | Msg::Burst(action) if app.too_small() && action != Action::Quit => {
            Vec::new()
        }
        Msg::Text(_) | Msg::Paste(_) | Msg::ReplaceText(_) if app.too_small() => Vec::new(),
        // Handled by `update`.
        Msg::UnsentLoaded(_) => Vec::new(),
        Msg::Burst(action) if !asking(app) && !action.writes() && !on_plan(app) => {
            // The rest of a burst does not hide that part of it was ignored.
            let ignored = app.lang.t().burst_ignored;
            let note = app.message.clone().filter(|m| m == ignored);
            let jobs = step(app, Msg::Key(action));
            if app.message.is_none() {
                app.message = note;
            }
            jobs
        }
        Msg::Burst(_) => {
            app.message = Some(app.lang.t().burst_ignored.to_owned());
            Vec::new()
        }
        Msg::Paste(text) if app.review.prompt.is_some() => {
            crate::tui::search::type_text(app, &text);
            Vec::new()
        }
        Msg::Text(key) if app.review.prompt.is_some() => {
            if let crossterm::event::KeyCode::Char(c) = key.code {
                crate::tui::search::type_text(app, &c.to_string());
            }
            Vec::new()
        }
        Msg::Paste(text) if app.editing() => {
            editor::paste(app, &text);
            Vec::new()
        }
        Msg::Paste(_) => {
            app.message = Some(app.lang.t().paste_ignored.to_owned());
            Vec::new()
        }
        Msg::Text(key) => editor::on_text(app, key),
        Msg::ReplaceText(text) => {
            editor::replace_text(app, &text);
            Vec::new()
        }
        Msg::Key(action) => {
            app.message = None;
            match app.overlay.clone() {
                Overlay::None if app.review.prompt.is_some() => {
                    crate::tui::search::on_prompt_key(app, action);
                    Vec::new()
                }
                Overlay::None if app.review.threads_open => review::on_threads_key(app, action),
                Overlay::None => on_key(app, action),
                Overlay::Editor(_) => Vec::new(),
                Overlay::Confirm(c) => review::on_confirm_key(app, c, action),
                Overlay::MyWork { cursor } => review::on_my_work_key(app, cursor, action),
                Overlay::Check { cursor } => check::on_key(app, cursor, action),
                Overlay::Board => board::on_key(app, action),
                // Reading overlays: scroll, or close.
                Overlay::AllDepartments(_) | Overlay::Since(_) => {
                    match action {
                        Action::ScrollDown => app.review.pane_scroll += 1,
                        Action::ScrollUp => {
                            app.review.pane_scroll = app.review.pane_scroll.saturating_sub(1)
                        }
                        Action::PageDown => app.review.pane_scroll += 10,
                        Action::PageUp => {
                            app.review.pane_scroll = app.review.pane_scroll.saturating_sub(10)
                        }
                        Action::Help => app.open_help(),
                        Action::Quit => app.quit = true,
                        Action::Cancel => app.close_reading(),
                        _ => {}
                    }
                    Vec::new()
                }
                Overlay::Help {
                    scroll,
                    from,
                    under,
                } => {
                    let offer = app.offer();
                    let visible = crate::tui::keys::help_size(app.size).2;
                    let max = crate::tui::keys::help_lines(app.lang, from, offer, app.size)
                        .len()
                        .saturating_sub(visible);
                    let page = visible.saturating_sub(1).max(1);
                    let scroll = match action {
                        Action::ScrollDown | Action::Down => scroll + 1,
                        Action::ScrollUp | Action::Up => scroll.saturating_sub(1),
                        Action::PageDown => scroll + page,
                        Action::PageUp => scroll.saturating_sub(page),
                        Action::First => 0,
                        Action::Last => max,
                        Action::Quit => {
                            app.quit = true;
                            scroll
                        }
                        Action::Cancel => {
                            // Back to what was open, as it was.
                            app.kept.help = Some((from, app.size, scroll));
                            app.overlay = *under;
                            return Vec::new();
                        }
                        _ => scroll,
                    };
                    app.overlay = Overlay::Help {
                        scroll: scroll.min(max),
                        from,
                        under,
                    };
                    Vec::new()
                }
                Overlay::Compare => picker::on_picker_key(app, action),
                Overlay::Drafts => picker::on_drafts_key(app, action),
            }
        }
    }
}

/// The repository changed under the open screen: reload what it shows from
/// what moved, keeping the selection and the scroll, and say what happened
/// (others' writes only: one's own are already on the screen).
fn on_refs_moved(app: &mut App, moved: &crate::tui::watch::RefsMoved) -> Vec<Job> {
    let t = app.lang.t();
    if app.repo.ready().is_none() {
        return Vec::new();
    }
    let mut notes = Vec::new();
    if moved.new_records > 0 {
        notes.push(t.new_records.replace("{n}", &moved.new_records.to_string()));
    }
    let shown =
        |b: &str| b == app.review.from || b == app.review.to || b == crate::store::MAIN_BRANCH;
    for m in moved.moved.iter().filter(|m| !m.by_me && shown(&m.branch)) {
        notes.push(t.branch_moved.replace("{b}", &m.branch));
    }
    let names: Vec<&str> = moved.moved.iter().map(|m| m.branch.as_str()).collect();
    // Revision lists of moved branches are read again when next opened.
    app.picker
        .revisions
        .retain(|(branch, _), _| !names.contains(&branch.as_str()));
    let mut jobs = Vec::new();
    if !names.is_empty() {
        jobs.push(Job::Branches);
    }
    // `main` moving can move the point a branch left it: compare again.
    if names.iter().any(|b| shown(b)) {
        jobs.extend(app.review.refresh());
    } else if moved.reviews {
        jobs.extend(app.review.draft.clone().map(|d| app.review.review_job(d)));
    }
    jobs.extend(board::on_refs_moved(app, &names));
    if !notes.is_empty() {
        app.message = Some(notes.join(" · "));
    }
    jobs
}

/// Whether the merge board shows a plan (where Enter, a and x decide).
fn on_plan(app: &App) -> bool {
    matches!(app.overlay, Overlay::Board)
        && matches!(
            app.board.as_deref(),
            Some(crate::tui::board::BoardState::Plan(_))
        )
}

/// Whether a question before a write is open (a key there could answer it).
fn asking(app: &App) -> bool {
    matches!(app.overlay, Overlay::Confirm(_))
        || matches!(app.board.as_deref(), Some(crate::tui::board::BoardState::Plan(p)) if p.confirming.is_some())
}

fn on_key(app: &mut App, action: Action) -> Vec<Job> {
    let page = usize::from(app.geometry().diff_height.saturating_sub(2)).max(1) as isize;
    let text = app.review.focus == crate::tui::app::Pane::Text;
    match action {
        Action::SwitchPane => {
            app.review.focus = match app.review.focus {
                crate::tui::app::Pane::Outline => crate::tui::app::Pane::Text,
                crate::tui::app::Pane::Text => crate::tui::app::Pane::Outline,
            }
        }
        // The text has the keys: g/G go to its top and end.
        Action::First if text => app.review.scroll = 0,
        Action::Last if text => app.review.scroll = app.max_scroll(),
        Action::Cancel if text => app.review.focus = crate::tui::app::Pane::Outline,
        Action::Down => app.select(app.review.selected + 1),
        Action::Up => app.select(app.review.selected.saturating_sub(1)),
        Action::First => app.select(0),
        Action::Last => app.select(app.review.rows.len().saturating_sub(1)),
        Action::PageDown => app.scroll_by(page),
        Action::PageUp => app.scroll_by(-page),
        Action::ScrollDown => app.scroll_by(1),
        Action::ScrollUp => app.scroll_by(-1),
        Action::NextChange | Action::PrevChange if app.review.search.is_some() => {
            crate::tui::search::go(app, action == Action::NextChange, false)
        }
        Action::NextChange => app.jump_change(true),
        Action::PrevChange => app.jump_change(false),
        Action::Search | Action::JumpTo => {
            let kind = match action {
                Action::Search => crate::tui::search::PromptKind::Search,
                _ => crate::tui::search::PromptKind::Jump,
            };
            app.review.prompt = Some(crate::tui::search::Prompt {
                kind,
                text: String::new(),
            });
        }
        // Esc clears the search (and, like any key, the message).
        Action::Cancel => app.review.search = None,
        Action::ToggleSideBySide => {
            app.review.side_by_side = !app.review.side_by_side;
            app.review.scroll = 0;
        }
        Action::ToggleOutline => {
            app.review.outline_hidden = !app.review.outline_hidden;
            app.review.scroll = 0;
        }
        Action::ToggleChangedOnly => {
            app.review.changed_only = !app.review.changed_only;
            app.rebuild_rows();
        }
        Action::OpenCompare => picker::open(app),
        Action::OpenDrafts => picker::open_drafts(app),
        Action::ToggleRange => {
            app.review.range = match app.review.range {
                Range::SinceFork => Range::Direct,
                Range::Direct => Range::SinceFork,
            };
            return app.review.request_diff();
        }
        Action::Refresh => {
            let mut jobs = vec![Job::Branches];
            app.picker.revisions.clear();
            jobs.extend(app.review.refresh());
            app.message = Some(app.lang.t().refreshed.to_owned());
            return jobs;
        }
        Action::ToggleMouse => {
            app.mouse = !app.mouse;
            let t = app.lang.t();
            app.message = Some(if app.mouse { t.mouse_on } else { t.mouse_off }.to_owned());
        }
        Action::Help => app.open_help(),
        Action::Quit => app.quit = true,
        Action::Comment
        | Action::Approve
        | Action::RequestChanges
        | Action::Threads
        | Action::MyWork
        | Action::SinceApproved
        | Action::Withdraw
        | Action::Edit => return review::on_review_key(app, action),
        Action::Board => return board::open(app),
        Action::Check => app.overlay = Overlay::Check { cursor: 0 },
        Action::AllDepartments => {
            if let (Some(draft), Some(section)) = (
                app.review.draft.clone(),
                app.selected_section_id().map(str::to_owned),
            ) {
                app.open_reading(crate::tui::app::Reading::AllDepartments);
                return vec![Job::AllDepartments {
                    draft,
                    section,
                    range: app.review.range,
                }];
            }
        }
        Action::Resolve | Action::Send | Action::Dismiss => {}
        Action::NextField | Action::PrevField | Action::ExternalEditor | Action::Type(_) => {}
        Action::SwitchSide | Action::Expand | Action::Collapse | Action::Confirm => {}
    }
    Vec::new()
}

fn on_worker(app: &mut App, event: WorkerEvent) -> Vec<Job> {
    match event {
        WorkerEvent::Repo(Ok(info)) => {
            if let Some(e) = &info.config_error {
                let said =
                    crate::i18n::errors::store(e, app.lang, crate::i18n::errors::Where::Screen);
                app.message = Some(format!("{}: {}", app.lang.t().config_problem, said.message));
            }
            if let Some(e) = &info.identity_error {
                let said =
                    crate::i18n::errors::store(e, app.lang, crate::i18n::errors::Where::Screen);
                app.message = Some(format!("{}: {}", app.lang.t().error, said.message));
            }
            app.message = app
                .message
                .take()
                .or_else(|| crate::i18n::repo_hint(app.lang, &info.hints));
            app.review.draft = info.draft.clone();
            app.review.from = info.from.clone();
            app.review.to = info.to.clone();
            app.repo = Loadable::Ready(*info);
            app.review.request_diff()
        }
        WorkerEvent::Repo(Err(e)) => {
            app.repo = Loadable::Failed(e.text(app.lang));
            Vec::new()
        }
        WorkerEvent::Diff { generation, result } => {
            if generation != app.review.generation {
                // An answer to an older question: the user has moved on.
                return Vec::new();
            }
            app.review.comparison = match result {
                Ok(c) => Loadable::Ready(Arc::new(*c)),
                Err(e) => Loadable::Failed(e.text(app.lang)),
            };
            app.rebuild_rows();
            app.review.scroll = app.review.scroll.min(app.max_scroll());
            Vec::new()
        }
        WorkerEvent::Review { generation, result } => {
            if generation == app.review.generation {
                app.review.records = match result {
                    Ok(r) => {
                        let (review, findings) = *r;
                        app.review.findings = Arc::new(findings);
                        Loadable::Ready(Arc::new(review))
                    }
                    Err(e) => Loadable::Failed(e.text(app.lang)),
                };
                app.review.scroll = app.review.scroll.min(app.max_scroll());
            }
            Vec::new()
        }
        WorkerEvent::Written {
            kind,
            purpose,
            result,
        } => review::on_written(app, kind, purpose, result),
        WorkerEvent::Since(result) => {
            if matches!(app.overlay, Overlay::Since(_)) {
                app.overlay = Overlay::Since(match result {
                    Ok(c) => Loadable::Ready(Arc::new(*c)),
                    Err(e) => Loadable::Failed(e.text(app.lang)),
                });
            }
            Vec::new()
        }
        WorkerEvent::EditReady(result) => review::on_edit_ready(app, result),
        WorkerEvent::Contributions(result) => {
            let result = result.map_err(|e| e.text(app.lang));
            board::on_contributions(app, result);
            Vec::new()
        }
        WorkerEvent::BoardReady(result) => {
            let result = result.map_err(|e| e.text(app.lang));
            board::on_board_ready(app, result);
            Vec::new()
        }
        WorkerEvent::DecisionsSaved(result) => {
            if let Err(e) = result {
                app.message = Some(e.say(app.lang));
            }
            Vec::new()
        }
        WorkerEvent::Merged(result) => board::on_merged(app, result),
        WorkerEvent::AllDepartments(result) => {
            if matches!(app.overlay, Overlay::AllDepartments(_)) {
                app.overlay = Overlay::AllDepartments(match result {
                    Ok(v) => Loadable::Ready(Arc::new(v)),
                    Err(e) => Loadable::Failed(e.text(app.lang)),
                });
            }
            Vec::new()
        }
        WorkerEvent::Branches(Ok((branches, ahead))) => {
            if let Loadable::Ready(repo) = &mut app.repo {
                repo.branches = branches;
                repo.ahead = ahead;
            }
            Vec::new()
        }
        WorkerEvent::Branches(Err(e)) => {
            app.message = Some(e.say(app.lang));
            Vec::new()
        }
        WorkerEvent::Revisions {
            branch,
            draft,
            result,
        } => {
            let value = match result {
                Ok(list) => Loadable::Ready(list),
                Err(e) => Loadable::Failed(e.text(app.lang)),
            };
            app.picker.revisions.insert((branch, draft), value);
            Vec::new()
        }
    }
}
