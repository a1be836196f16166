//! The review screen's keys: comments, change requests and approving with
//! a question first, the comments pane, "Việc của tôi", "since I approved",
//! a section's edit, and the answers to those writes. No I/O; writes go out
//! as `Job::Write`.

use std::sync::Arc;

use crate::core::Identity;
use crate::core::diff::Status;
use crate::core::policy::{self, Refusal};

use crate::tui::app::{App, Job, OutlineRow, Overlay};
use crate::tui::editor::{Editor, line_field};
use crate::tui::keys::Action;
use crate::tui::review::{
    Answer, Buttons, ConfirmWrite, EditSource, Purpose, Write, WriteKind, refusal_text,
};

fn heading(app: &App, i: usize) -> String {
    let Some(cmp) = app.review.comparison.ready() else {
        return String::new();
    };
    let s = &cmp.diff.sections[i];
    let label = crate::core::text::shorten(&s.label(), crate::tui::wrap::HEADING_CHARS);
    match cmp.paths[i].as_str() {
        "" => label,
        path => format!("{path} {label}"),
    }
}

/// The selected section, if it exists at the "to" revision.
fn target(app: &App) -> Option<(usize, String, String)> {
    let cmp = app.review.comparison.ready()?;
    let OutlineRow::Section(i) = app.selected_row()? else {
        return None;
    };
    let s = &cmp.diff.sections[i];
    (s.status != Status::Removed).then(|| (i, cmp.draft.clone(), s.id.clone()))
}

/// What a comment is about: the selected section (if the "to" revision has
/// it) or part of the report, as (heading, draft, id).
fn comment_target(app: &App) -> Option<(String, String, String)> {
    let cmp = app.review.comparison.ready()?;
    match app.selected_row()? {
        OutlineRow::Part(p) => Some((
            app.lang.t().part(p).to_owned(),
            cmp.draft.clone(),
            p.id().to_owned(),
        )),
        OutlineRow::Section(_) => {
            let (i, draft, section) = target(app)?;
            Some((heading(app, i), draft, section))
        }
    }
}

pub(super) fn open_editor(app: &mut App, purpose: Purpose, initial: &str, title: Option<&str>) {
    let saved = app.unsent.get(&purpose.key()).cloned();
    let body = saved.as_deref().unwrap_or(initial);
    app.overlay = Overlay::Editor(Box::new(Editor::new(purpose, body, title)));
}

/// Opens the editor for the merge board's own text of a section (with text
/// left unsent there before, if any).
pub(super) fn open_merge_editor(app: &mut App, purpose: Purpose, body: &str) {
    open_editor(app, purpose, body, None);
}

pub(super) fn me(app: &App) -> Option<Identity> {
    app.me().cloned()
}

pub(super) fn need_identity(app: &mut App) -> Option<Identity> {
    let who = me(app);
    if who.is_none() {
        app.message = Some(app.lang.t().unknown_user.to_owned());
    }
    who
}

/// The commit the screen shows (what a record made from it is about).
pub(super) fn shown_commit(app: &App) -> String {
    app.review
        .comparison
        .ready()
        .map_or_else(|| app.review.to.clone(), |c| c.to_commit.clone())
}

/// Says why `rule` refuses the user, before they write anything; `true`
/// if it does. (Without an identity there is nothing to refuse yet: writing
/// asks for one.)
pub(super) fn refused_by(
    app: &mut App,
    rule: impl FnOnce(Option<&crate::core::config::Config>, &Identity) -> Result<(), Refusal>,
) -> bool {
    let Some(me) = app.me().cloned() else {
        return false;
    };
    match rule(app.config(), &me) {
        Ok(()) => false,
        Err(refusal) => {
            app.message = Some(refusal_text(app.lang, &refusal));
            true
        }
    }
}

/// The department owning section `i` of the comparison on screen.
fn owner_of(app: &App, i: usize) -> Option<String> {
    app.review
        .comparison
        .ready()
        .map(|cmp| cmp.diff.sections[i].place().owner.clone())
}

/// Says why the user may not approve or request changes on section `i`,
/// before they write anything; `true` if so.
fn refused(app: &mut App, i: usize) -> bool {
    let Some(owner) = owner_of(app, i) else {
        return false;
    };
    refused_by(app, |c, me| policy::may_decide(c, me, &owner))
}

/// Says why the user may not edit section `i`; `true` if so.
fn may_not_edit(app: &mut App, i: usize) -> bool {
    let Some(owner) = owner_of(app, i) else {
        return false;
    };
    refused_by(app, |c, me| policy::may_edit(c, me, &owner))
}

/// Asks before writing `action` about section `i` (what is on screen).
fn ask(
    app: &mut App,
    i: usize,
    draft: String,
    section: String,
    action: crate::core::review::Action,
    withdrawing: Option<crate::core::review::Action>,
) {
    app.overlay = Overlay::Confirm(ConfirmWrite {
        heading: heading(app, i),
        draft,
        section,
        rev: shown_commit(app),
        action,
        withdrawing,
        buttons: Buttons::default(),
    });
}

/// The review keys pressed on the main screen.
pub fn on_review_key(app: &mut App, action: Action) -> Vec<Job> {
    let t = app.lang.t();
    match action {
        Action::Comment => {
            let Some((heading, draft, section)) = comment_target(app) else {
                return Vec::new();
            };
            if need_identity(app).is_none() || refused_by(app, policy::may_comment) {
                return Vec::new();
            }
            let purpose = Purpose::Comment {
                draft,
                section,
                rev: shown_commit(app),
                heading,
            };
            open_editor(app, purpose, "", None);
        }
        Action::RequestChanges => {
            let Some((i, draft, section)) = target(app) else {
                return Vec::new();
            };
            if need_identity(app).is_none() {
                return Vec::new();
            }
            if refused(app, i) {
                return Vec::new();
            }
            let heading = heading(app, i);
            let purpose = Purpose::RequestChanges {
                draft,
                section,
                rev: shown_commit(app),
                heading,
            };
            open_editor(app, purpose, "", None);
        }
        Action::Approve => {
            let Some((i, draft, section)) = target(app) else {
                return Vec::new();
            };
            if need_identity(app).is_none() || refused(app, i) {
                return Vec::new();
            }
            ask(
                app,
                i,
                draft,
                section,
                crate::core::review::Action::Approve,
                None,
            );
        }
        Action::Withdraw => {
            let Some((i, draft, section)) = target(app) else {
                return Vec::new();
            };
            let Some(who) = need_identity(app) else {
                return Vec::new();
            };
            let mine = app.selected_review().and_then(|r| {
                r.decisions
                    .iter()
                    .find(|d| d.record.author_email.eq_ignore_ascii_case(&who.email))
                    .map(|d| d.record.action)
            });
            let Some(withdrawing) = mine else {
                app.message = Some(t.nothing_to_withdraw.to_owned());
                return Vec::new();
            };
            let withdraw = crate::core::review::Action::Withdraw;
            ask(app, i, draft, section, withdraw, Some(withdrawing));
        }
        Action::Threads if app.selected_row().is_some() => {
            app.review.threads_open = true;
            app.review.thread_cursor = 0;
            app.review.pane_scroll = 0;
        }
        Action::MyWork => {
            // Where it was, if it lists the same items.
            let cursor = match &app.kept.my_work {
                Some((items, cursor)) if *items == app.work_items() => *cursor,
                _ => 0,
            };
            app.overlay = Overlay::MyWork { cursor };
        }
        Action::SinceApproved => {
            let (Some(who), Some(draft)) = (me(app), app.review.draft.clone()) else {
                return Vec::new();
            };
            let approved = app
                .selected_review()
                .and_then(|r| r.approval_by(&who.email))
                .map(|d| d.record.revision.clone());
            match approved {
                None => app.message = Some(t.not_approved_by_me.to_owned()),
                Some(from) => {
                    app.open_reading(crate::tui::app::Reading::Since);
                    return vec![Job::Since {
                        draft,
                        from,
                        to: app.review.to.clone(),
                    }];
                }
            }
        }
        Action::Edit => {
            let Some((i, draft, section)) = target(app) else {
                return Vec::new();
            };
            if may_not_edit(app, i) {
                return Vec::new();
            }
            let Some(who) = need_identity(app) else {
                return Vec::new();
            };
            app.message = Some(t.loading.to_owned());
            return vec![Job::LoadForEdit {
                who,
                draft,
                section,
            }];
        }
        _ => {}
    }
    Vec::new()
}

/// The answer to a write. Only the editor it came from (`purpose`) is closed
/// or shown the error; its unsent text is dropped only once it is written.
pub fn on_written(
    app: &mut App,
    kind: WriteKind,
    purpose: Option<String>,
    result: Result<String, crate::tui::failure::Failure>,
) -> Vec<Job> {
    let t = app.lang.t();
    app.writing = false;
    let from_this_editor = |app: &App| match (&app.overlay, &purpose) {
        (Overlay::Editor(e), Some(p)) => e.purpose_key() == *p,
        _ => false,
    };
    match result {
        Ok(detail) => {
            if let Some(p) = &purpose {
                app.unsent.remove(p);
            }
            if from_this_editor(app) {
                app.overlay = Overlay::None;
            }
            app.message = Some(match kind {
                WriteKind::Comment => t.sent_comment.to_owned(),
                WriteKind::Reply => t.sent_reply.to_owned(),
                WriteKind::Resolve => t.sent_resolve.to_owned(),
                WriteKind::Withdraw => t.sent_withdraw.to_owned(),
                WriteKind::Dismiss => t.sent_dismiss.to_owned(),
                WriteKind::Approve => t.sent_approve.to_owned(),
                WriteKind::RequestChanges => t.sent_request.to_owned(),
                WriteKind::Edit => format!("{} {detail}.", t.sent_edit),
            });
            if kind == WriteKind::Edit {
                // Show the new revision: compare main with the branch written.
                app.review.to = detail;
                return app.review.request_diff();
            }
            app.review
                .draft
                .clone()
                .map(|d| vec![app.review.review_job(d)])
                .unwrap_or_default()
        }
        Err(failure) => {
            let said = failure.say(app.lang);
            if from_this_editor(app) {
                // The editor stays open with the text and the reason.
                app.message = None;
                if let Overlay::Editor(editor) = &mut app.overlay {
                    editor.error = Some(said);
                }
            } else {
                // The text (if any) is still kept as unsent.
                app.message = Some(said);
            }
            // Someone wrote first: show what is there now, to try again.
            if failure == crate::tui::failure::Failure::Moved {
                return app.review.refresh();
            }
            Vec::new()
        }
    }
}

/// The section to edit has been read from the department branch.
pub fn on_edit_ready(
    app: &mut App,
    result: Result<Box<EditSource>, crate::tui::failure::Failure>,
) -> Vec<Job> {
    app.message = None;
    match result {
        Ok(src) => {
            let purpose = Purpose::Edit {
                draft: src.draft.clone(),
                section: src.section.clone(),
                heading: src.heading.clone(),
                branch: src.branch.clone(),
            };
            open_editor(
                app,
                purpose,
                &src.body,
                Some(src.title.as_deref().unwrap_or("")),
            );
            if let Overlay::Editor(editor) = &mut app.overlay {
                editor.note = Some(line_field(&src.subject));
                editor.note_default = src.subject;
            }
        }
        Err(failure) => app.message = Some(failure.say(app.lang)),
    }
    Vec::new()
}

pub fn on_confirm_key(app: &mut App, mut c: ConfirmWrite, action: Action) -> Vec<Job> {
    if action == Action::Quit {
        app.quit = true;
        return Vec::new();
    }
    match c.buttons.press(action) {
        Answer::Asking => {
            app.overlay = Overlay::Confirm(c);
            Vec::new()
        }
        Answer::No => {
            app.overlay = Overlay::None;
            Vec::new()
        }
        Answer::Yes => {
            app.overlay = Overlay::None;
            let Some(who) = me(app) else {
                return Vec::new();
            };
            app.writing = true;
            app.message = Some(app.lang.t().sending.to_owned());
            let write = if c.action == crate::core::review::Action::Withdraw {
                Write::Withdraw {
                    draft: c.draft,
                    section: c.section,
                }
            } else {
                Write::Approve {
                    draft: c.draft,
                    section: c.section,
                    rev: c.rev,
                }
            };
            vec![Job::Write {
                who,
                write,
                purpose: None,
            }]
        }
    }
}

/// Rows a page of the comments pane moves (one less than it shows).
fn comments_page(app: &App) -> usize {
    usize::from(app.geometry().threads_height.saturating_sub(3)).max(1)
}

/// Keys while the comments pane is open.
pub fn on_threads_key(app: &mut App, action: Action) -> Vec<Job> {
    let threads = app
        .selected_review()
        .map(|r| r.threads.clone())
        .unwrap_or_default();
    match action {
        Action::Down => {
            app.review.thread_cursor =
                (app.review.thread_cursor + 1).min(threads.len().saturating_sub(1));
            app.review.pane_scroll = 0;
        }
        Action::Up => {
            app.review.thread_cursor = app.review.thread_cursor.saturating_sub(1);
            app.review.pane_scroll = 0;
        }
        Action::ScrollDown => app.review.pane_scroll += 1,
        Action::PageDown => app.review.pane_scroll += comments_page(app),
        Action::ScrollUp => app.review.pane_scroll = app.review.pane_scroll.saturating_sub(1),
        Action::PageUp => {
            app.review.pane_scroll = app.review.pane_scroll.saturating_sub(comments_page(app))
        }
        Action::Threads | Action::Cancel => app.review.threads_open = false,
        Action::Quit => app.quit = true,
        Action::First | Action::Last => {
            app.review.thread_cursor = match action {
                Action::First => 0,
                _ => threads.len().saturating_sub(1),
            };
            app.review.pane_scroll = 0;
        }
        Action::Help => app.open_help(),
        Action::Comment => return on_review_key(app, Action::Comment),
        Action::Confirm => {
            let Some(thread) = threads.get(app.review.thread_cursor) else {
                app.message = Some(app.lang.t().no_thread_selected.to_owned());
                return Vec::new();
            };
            if need_identity(app).is_none() {
                return Vec::new();
            }
            let purpose = Purpose::Reply {
                record: thread.last().id.clone(),
                author: thread.root.author_name.clone(),
            };
            open_editor(app, purpose, "", None);
        }
        Action::Resolve => {
            let Some(thread) = threads.get(app.review.thread_cursor) else {
                app.message = Some(app.lang.t().no_thread_selected.to_owned());
                return Vec::new();
            };
            if !thread.is_open() {
                return Vec::new();
            }
            let Some(who) = need_identity(app) else {
                return Vec::new();
            };
            // Said before anything is written, with the same rule ops uses.
            let owner = app
                .selected_review()
                .map(|r| r.owner.clone())
                .unwrap_or_default();
            let refusal = if thread.is_change_request() {
                Some(app.lang.t().change_request_not_resolved.to_owned())
            } else {
                policy::may_resolve(app.config(), &who, &owner, &thread.root.author_email)
                    .err()
                    .map(|r| refusal_text(app.lang, &r))
            };
            if let Some(why) = refusal {
                app.message = Some(why);
                return Vec::new();
            }
            app.writing = true;
            app.message = Some(app.lang.t().sending.to_owned());
            return vec![Job::Write {
                who,
                write: Write::Resolve {
                    record: thread.root.id.clone(),
                },
                purpose: None,
            }];
        }
        _ => {}
    }
    Vec::new()
}

pub fn on_my_work_key(app: &mut App, cursor: usize, action: Action) -> Vec<Job> {
    let items = app.work_items();
    match action {
        Action::Down => {
            app.overlay = Overlay::MyWork {
                cursor: (cursor + 1).min(items.len().saturating_sub(1)),
            }
        }
        Action::Up => {
            app.overlay = Overlay::MyWork {
                cursor: cursor.saturating_sub(1),
            }
        }
        Action::Confirm => {
            app.overlay = Overlay::None;
            if let Some(item) = items.get(cursor) {
                jump_to_section(app, item.section());
                if let crate::core::review::WorkItem::UnansweredComment { thread, .. } = item {
                    app.review.thread_cursor = app
                        .selected_review()
                        .and_then(|r| r.threads.iter().position(|t| t.root.id == *thread))
                        .unwrap_or(0);
                    app.review.threads_open = true;
                    app.review.pane_scroll = 0;
                }
            }
        }
        Action::First => app.overlay = Overlay::MyWork { cursor: 0 },
        Action::Last => {
            app.overlay = Overlay::MyWork {
                cursor: items.len().saturating_sub(1),
            }
        }
        Action::Help => app.open_help(),
        Action::Quit => app.quit = true,
        Action::Cancel => {
            app.kept.my_work = Some((items, cursor));
            app.overlay = Overlay::None;
        }
        _ => {}
    }
    Vec::new()
}

/// Selects a section by id, showing all sections if the filter hides it.
pub(super) fn jump_to_section(app: &mut App, id: &str) {
    let Some(cmp) = app.review.comparison.ready().map(Arc::clone) else {
        return;
    };
    let part = crate::core::Part::parse(id);
    let find = |app: &App| {
        app.review.rows.iter().position(|r| match r {
            OutlineRow::Section(i) => cmp.diff.sections[*i].id == id,
            OutlineRow::Part(p) => Some(*p) == part,
        })
    };
    if find(app).is_none() && app.review.changed_only {
        app.review.changed_only = false;
        app.rebuild_rows();
    }
    if let Some(i) = find(app) {
        app.select(i);
    }
}
