//! The windows drawn over the review screen: help, the revision picker,
//! the draft chooser, the editor, the confirmations, "Việc của tôi" and
//! "since I approved".

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::core::text::shorten;
use crate::store::{BranchKind, short};

use crate::i18n::Lang;
use crate::tui::app::{App, Comparison, Loadable, OutlineRow, PickerRow, Side};
use crate::tui::content;
use crate::tui::editor::Editor;
use crate::tui::keys;
use crate::tui::review::{Buttons, ConfirmWrite, Purpose};
use crate::tui::theme::Theme;
use crate::tui::wrap::{Kind, error_rows, truncate};

use super::*;

pub(super) fn draw_help(
    frame: &mut Frame,
    app: &App,
    theme: &Theme,
    scroll: usize,
    from: keys::Mode,
) {
    let t = app.lang.t();
    let screen = frame.area();
    let (width, height, visible, _) = keys::help_size((screen.width, screen.height));
    let area = centered(screen, width, height);
    frame.render_widget(Clear, area);
    let rows = keys::help_lines(app.lang, from, app.offer(), (screen.width, screen.height));
    let max = rows.len().saturating_sub(visible);
    let scroll = scroll.min(max);
    let more = match (scroll > 0, scroll < max) {
        (true, true) => " ↑↓",
        (true, false) => " ↑",
        (false, true) => " ↓",
        (false, false) => "",
    };
    let block = overlay_block(theme, &format!("{}{more}", t.help));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines: Vec<Line<'static>> = rows
        .iter()
        .skip(scroll)
        .take(visible)
        .map(|row| match row {
            keys::HelpRow::Blank => Line::from(""),
            keys::HelpRow::Heading(name) => Line::styled(format!(" {name}"), theme.heading.style()),
            keys::HelpRow::Entry { keys, text } => help_line(theme, keys, text),
            keys::HelpRow::Line { keys, text } => help_line(theme, keys, text),
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// "   Ctrl+S F2           gửi / lưu …": a key column, then its meaning.
pub(super) fn help_line(theme: &Theme, keys: &str, text: &str) -> Line<'static> {
    Line::from(vec![
        Span::styled(
            format!("   {}", pad(keys, keys::HELP_KEY_WIDTH)),
            theme.marker.style(),
        ),
        Span::raw(text.to_owned()),
    ])
}

pub(super) fn draw_picker(frame: &mut Frame, app: &App, theme: &Theme) {
    let picker = &app.picker;
    let t = app.lang.t();
    let Some(repo) = app.repo.ready() else { return };
    let area = centered(frame.area(), 70, frame.area().height.saturating_sub(4));
    frame.render_widget(Clear, area);
    let block = overlay_block(theme, t.compare);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let draft = app.review.draft.clone().unwrap_or_default();
    let revision_count = |branch: &str| {
        app.picker
            .revisions
            .get(&(branch.to_owned(), draft.clone()))
            .and_then(Loadable::ready)
            .map(|l| format!("▸ {} {}", l.len(), t.revisions))
            .unwrap_or_default()
    };
    let side_line = |side: Side, label: &str, rev: &str| {
        let active = picker.side == side;
        let pointer = if active { "●" } else { "○" };
        let style = if active {
            theme.heading.style()
        } else {
            theme.dim.style()
        };
        let text = format!(
            "{pointer} {label:<10} {:<28} {}",
            rev_label(rev),
            revision_count(rev)
        );
        Line::styled(truncate(&text, width), style)
    };
    let mut lines = vec![
        side_line(Side::From, t.from, &app.review.from),
        side_line(Side::To, t.to, &app.review.to),
        Line::from(""),
    ];
    let rows = app.picker_rows();
    let list_height = usize::from(inner.height).saturating_sub(lines.len());
    let offset = picker.cursor.saturating_sub(list_height.saturating_sub(1));
    let config = repo.config.as_ref();
    for (i, row) in rows.iter().enumerate().skip(offset).take(list_height) {
        let pointer = if i == picker.cursor { "▶ " } else { "  " };
        let text = match row {
            PickerRow::Branch(b) => {
                let b = &repo.branches[*b];
                let dept = match b.department() {
                    Some(d) => config.map_or(d, |c| c.department_name(d)),
                    None if b.kind == BranchKind::Main => t.consolidated,
                    None => "",
                };
                let ahead = repo
                    .ahead
                    .get(&b.name)
                    .filter(|n| **n > 0)
                    .map(|n| format!("+{n}"))
                    .unwrap_or_default();
                let open = if picker.expanded.contains(&b.name) {
                    "▾"
                } else {
                    "▸"
                };
                let dept_width = width.saturating_sub(2 + 2 + 27 + 5);
                // A remote-tracking branch (a clone's): its name without the
                // remote, marked ⇣; the from/to lines show the full name.
                let name = match &b.remote {
                    Some(_) => format!("{} ⇣", truncate(&clean(b.local_name()), 24)),
                    None => truncate(&clean(&b.name), 26),
                };
                format!(
                    "{pointer}{open} {} {} {ahead}",
                    pad(&name, 26),
                    pad(&truncate(&clean(dept), dept_width), dept_width)
                )
            }
            PickerRow::Revision { branch, index } => {
                let list = app
                    .picker
                    .revisions
                    .get(&(branch.clone(), draft.clone()))
                    .and_then(Loadable::ready);
                match list.and_then(|l| l.get(*index)) {
                    Some(r) => format!(
                        "{pointer}    {} {} {} {}",
                        short(r.id),
                        r.time.short(),
                        pad(&truncate(&clean(&r.author), 18), 18),
                        clean(&r.summary)
                    ),
                    None => String::new(),
                }
            }
            PickerRow::Loading(_) => format!("{pointer}    {}", t.loading),
            PickerRow::Failed(_, e) => format!("{pointer}    {}: {}", t.error, clean(e)),
        };
        let style = if i == picker.cursor {
            theme.selected.style()
        } else {
            theme.text.style()
        };
        lines.push(Line::styled(truncate(&text, width), style));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

pub(super) fn draw_drafts(frame: &mut Frame, app: &App, theme: &Theme) {
    let cursor = app.drafts.cursor;
    let t = app.lang.t();
    let Some(repo) = app.repo.ready() else { return };
    let height = (repo.drafts.len() as u16 + 2).min(frame.area().height.saturating_sub(4));
    let area = centered(frame.area(), 60, height.max(3));
    frame.render_widget(Clear, area);
    let block = overlay_block(theme, t.drafts);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let lines: Vec<Line<'static>> = repo
        .drafts
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let pointer = if i == cursor { "▶ " } else { "  " };
            let style = if i == cursor {
                theme.selected.style()
            } else {
                theme.text.style()
            };
            Line::styled(truncate(&format!("{pointer}{}", clean(d)), width), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

pub(super) fn draw_threads(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let t = app.lang.t();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus.style())
        .title(format!(" {} ", t.comments));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let text_area = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let Some(r) = app.selected_review() else {
        let msg = match app.review.records {
            Loadable::Failed(ref e) => clean(e),
            _ => t.loading_review.to_owned(),
        };
        frame.render_widget(Paragraph::new(msg).style(theme.dim.style()), text_area);
        return;
    };
    let w = content::threads(
        r,
        app.config(),
        app.lang,
        usize::from(text_area.width),
        app.review.thread_cursor,
    );
    // Keep the selected thread in view.
    let start = w.hunks.get(app.review.thread_cursor).copied().unwrap_or(0);
    let height = usize::from(text_area.height);
    let scroll = start.saturating_sub(height.saturating_sub(4).min(start)) + app.review.pane_scroll;
    let lines = visible(theme, &w.rows, scroll, height);
    frame.render_widget(Paragraph::new(lines), text_area);
}

pub(super) fn draw_editor(frame: &mut Frame, app: &App, theme: &Theme, editor: &Editor) {
    use crate::tui::editor::Field;
    let t = app.lang.t();
    let screen = frame.area();
    // A section edit's revision note takes its room beside the text, not from it.
    let note_rows = if editor.note.is_some() { 3 } else { 0 };
    let area = centered(
        screen,
        screen.width.saturating_sub(4).min(76),
        screen.height.saturating_sub(4).min(16 + note_rows),
    );
    frame.render_widget(Clear, area);
    let title = match &editor.purpose {
        Purpose::Comment { heading, .. } => format!("{} {}", t.comment_title, clean(heading)),
        Purpose::RequestChanges { heading, .. } => {
            format!("{} {}", t.request_title, clean(heading))
        }
        Purpose::Reply { author, .. } => format!("{} {}", t.reply_title, clean(author)),
        Purpose::MergeEdit { heading, .. } => {
            format!("{} {}", t.edit_merge_title, clean(heading))
        }
        Purpose::Dismiss { heading, .. } => format!("{} {}", t.dismiss_title, clean(heading)),
        Purpose::Edit {
            heading, branch, ..
        } => {
            // The branch the edit goes to is kept whole; the heading gives way.
            let to = format!(" → {}", clean(branch));
            let room = usize::from(area.width)
                .saturating_sub(4)
                .saturating_sub(unicode_width::UnicodeWidthStr::width(to.as_str()));
            let head = format!("{} {}", t.edit_title, clean(heading));
            format!("{}{to}", truncate(&head, room))
        }
    };
    let block = overlay_block(
        theme,
        &truncate(&title, usize::from(area.width).saturating_sub(4)),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // A failed write's reason; else, that the text is not kept on disk.
    let unsent_warning = app
        .unsent_not_saved
        .as_ref()
        .map(|why| format!("{}: {why}", t.unsent_not_saved));
    let error_rows: Vec<crate::tui::wrap::Row> = editor
        .error
        .as_deref()
        .or(unsent_warning.as_deref())
        .map(|e| {
            let text = clean(e);
            let pieces = [crate::tui::wrap::Piece {
                kind: Kind::Error,
                text: &text,
                hunk_start: false,
            }];
            crate::tui::wrap::wrap(&pieces, usize::from(inner.width)).rows
        })
        .unwrap_or_default();
    let error_height = error_rows.len().min(3) as u16;
    let title_height = if editor.title.is_some() { 3 } else { 0 };
    let note_height = if editor.note.is_some() { 3 } else { 0 };
    let [title_area, body_area, note_area, error_area] = Layout::vertical([
        Constraint::Length(title_height),
        Constraint::Min(1),
        Constraint::Length(note_height),
        Constraint::Length(error_height),
    ])
    .areas(inner);
    let boxed = |field: Field, label: &str| {
        Block::default()
            .borders(Borders::ALL)
            .border_style(if editor.focus == field {
                theme.border_focus.style()
            } else {
                theme.border.style()
            })
            .title(format!(" {label} "))
    };
    for (line, field, label, area) in [
        (&editor.title, Field::Title, t.field_title, title_area),
        (&editor.note, Field::Note, t.field_note, note_area),
    ] {
        if let Some(line) = line {
            let mut line = line.clone();
            line.set_block(boxed(field, label));
            line.set_cursor_line_style(Style::default());
            // A selection (the pre-filled note) shows without colour too.
            line.set_selection_style(
                Style::default().add_modifier(ratatui::style::Modifier::REVERSED),
            );
            frame.render_widget(&line, area);
        }
    }
    let mut body = editor.body.clone();
    body.set_cursor_line_style(Style::default());
    if editor.title.is_some() || editor.note.is_some() {
        body.set_block(boxed(Field::Body, t.field_body));
    }
    frame.render_widget(&body, body_area);
    if !error_rows.is_empty() {
        let lines: Vec<Line<'static>> = error_rows.iter().map(|r| line(theme, r)).collect();
        frame.render_widget(Paragraph::new(lines), error_area);
    }
}

/// "[▶ Không ◀]   [  Đồng ý  ]": the focused button marked, readable
/// without colour.
pub(super) fn buttons_line(theme: &Theme, lang: Lang, buttons: Buttons) -> Line<'static> {
    let t = lang.t();
    let button = |label: &str, focused: bool| {
        if focused {
            Span::styled(format!("[▶ {label} ◀]"), theme.selected.style())
        } else {
            Span::styled(format!("[  {label}  ]"), theme.text.style())
        }
    };
    Line::from(vec![
        Span::raw("   "),
        button(t.confirm_no, !buttons.yes),
        Span::raw("   "),
        button(t.confirm_yes, buttons.yes),
    ])
}

pub(super) fn draw_confirm(frame: &mut Frame, app: &App, theme: &Theme, c: &ConfirmWrite) {
    use crate::core::review::Action as Record;
    let t = app.lang.t();
    let area = centered(frame.area(), 64, 8);
    frame.render_widget(Clear, area);
    let title = match (c.action, c.withdrawing) {
        (Record::Withdraw, Some(Record::Approve)) => t.confirm_withdraw_approve,
        (Record::Withdraw, _) => t.confirm_withdraw_request,
        _ => t.confirm_approve,
    };
    let block = overlay_block(theme, title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let lines = vec![
        Line::styled(
            truncate(&format!(" {}", clean(&c.heading)), width),
            theme.heading.style(),
        ),
        Line::from(truncate(
            &format!(
                " ({} {} · {})",
                t.at_revision,
                rev_label(&app.review.to),
                rev_label(&c.rev)
            ),
            width,
        )),
        Line::from(""),
        buttons_line(theme, app.lang, c.buttons),
        Line::from(""),
        Line::styled(
            keys::footer_hints(keys::Mode::Confirm, app.lang, app.offer(), width),
            theme.dim.style(),
        ),
    ];
    frame.render_widget(Paragraph::new(lines), inner);
}

pub(super) fn draw_my_work(frame: &mut Frame, app: &App, theme: &Theme, cursor: usize) {
    let t = app.lang.t();
    let area = centered(frame.area(), 72, frame.area().height.saturating_sub(4));
    frame.render_widget(Clear, area);
    let block = overlay_block(theme, t.my_work);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let items = app.work_items();
    if items.is_empty() {
        empty_list(frame, app, theme, inner, t.my_work_empty);
        return;
    }
    let heading = |id: &str| {
        app.review
            .comparison
            .ready()
            .and_then(|c| {
                let i = c.diff.sections.iter().position(|s| s.id == id)?;
                let label = shorten(&c.diff.sections[i].label(), 40);
                Some(format!("{} {}", c.paths[i], clean(&label)))
            })
            .or_else(|| crate::core::Part::parse(id).map(|p| t.part(p).to_owned()))
            .unwrap_or_else(|| id.to_owned())
    };
    use crate::core::review::WorkItem;
    let height = usize::from(inner.height);
    let offset = cursor.saturating_sub(height.saturating_sub(1));
    let lines: Vec<Line<'static>> = items
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, item)| {
            let (badge, what) = match item {
                WorkItem::AwaitingMyApproval { .. } => ("•", t.work_approve),
                WorkItem::UnansweredComment { .. } => ("?", t.work_comment),
                WorkItem::ChangesRequested { .. } => ("✗", t.work_changes),
                WorkItem::MyStaleApproval { .. } => ("≈", t.work_stale),
            };
            let pointer = if i == cursor { "▶" } else { " " };
            let text = format!("{pointer} {badge} {} — {what}", heading(item.section()));
            let style = if i == cursor {
                theme.selected.style()
            } else {
                theme.text.style()
            };
            Line::styled(truncate(&text, width), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

pub(super) fn draw_since(
    frame: &mut Frame,
    app: &App,
    theme: &Theme,
    cmp: &Loadable<std::sync::Arc<Comparison>>,
) {
    let t = app.lang.t();
    let text_area = reading_overlay(frame, theme, t.since_title);
    let lines: Vec<Line<'static>> = match (cmp, app.selected_section_id()) {
        (Loadable::Ready(c), Some(id)) => match c.diff.sections.iter().position(|s| s.id == id) {
            Some(i) => {
                let w = content::section(
                    c,
                    OutlineRow::Section(i),
                    usize::from(text_area.width),
                    false,
                    app.lang,
                    app.config(),
                    None,
                );
                visible(
                    theme,
                    &w.rows,
                    app.review.pane_scroll,
                    usize::from(text_area.height),
                )
            }
            None => vec![Line::from(t.no_sections)],
        },
        (Loadable::Failed(e), _) => visible(
            theme,
            &error_rows(e, usize::from(text_area.width)),
            app.review.pane_scroll,
            usize::from(text_area.height),
        ),
        _ => vec![Line::from(t.loading)],
    };
    frame.render_widget(Paragraph::new(lines), text_area);
}

/// "Kiểm tra": the draft's lint findings, those still open first; below the
/// list, the selected one whole (what it says, the words, its dismissal).
pub(super) fn draw_check(frame: &mut Frame, app: &App, theme: &Theme, cursor: usize) {
    let t = app.lang.t();
    let area = centered(frame.area(), 76, frame.area().height.saturating_sub(2));
    frame.render_widget(Clear, area);
    let items = app.check_items();
    let open = items.iter().filter(|(_, d)| d.is_none()).count();
    let title = format!("{} ({open})", t.check_title);
    let block = overlay_block(theme, &title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if items.is_empty() {
        empty_list(frame, app, theme, inner, t.check_empty);
        return;
    }
    let [list, rule, detail] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(5),
    ])
    .areas(inner);
    let width = usize::from(inner.width);
    let place = |id: &str| {
        app.review
            .comparison
            .ready()
            .and_then(|c| {
                let i = c.diff.sections.iter().position(|s| s.id == id)?;
                let label = shorten(&clean(&c.diff.sections[i].label()), 18);
                Some(match c.paths[i].as_str() {
                    "" => label,
                    path => format!("{path} {label}"),
                })
            })
            .or_else(|| crate::core::Part::parse(id).map(|p| t.part(p).to_owned()))
            .unwrap_or_else(|| clean(id))
    };
    let height = usize::from(list.height);
    let offset = cursor.saturating_sub(height.saturating_sub(1));
    let lines: Vec<Line<'static>> = items
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, (finding, dismissed))| {
            let pointer = if i == cursor { "▶" } else { " " };
            let badge = if dismissed.is_some() { "–" } else { "!" };
            let said = crate::i18n::lint::issue(&finding.issue, app.lang);
            let text = format!(
                "{pointer} {badge} {} — {}",
                place(&finding.section),
                clean(&said)
            );
            let style = match (i == cursor, dismissed.is_some()) {
                (true, _) => theme.selected.style(),
                (false, true) => theme.dim.style(),
                (false, false) => theme.text.style(),
            };
            Line::styled(truncate(&text, width), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    frame.render_widget(
        Paragraph::new("─".repeat(width)).style(theme.border.style()),
        rule,
    );
    if let Some((finding, dismissed)) = items.get(cursor) {
        let said = crate::i18n::lint::issue(&finding.issue, app.lang);
        let mut text = format!(
            "[{} {}] {}",
            finding.issue.kind(),
            finding.key,
            clean(&said)
        );
        if let Some(d) = dismissed {
            text.push_str(&format!(
                "\n{} — {}: {}",
                t.check_dismissed,
                clean(&d.author_name),
                clean(&d.text)
            ));
        }
        frame.render_widget(
            Paragraph::new(text)
                .style(theme.dim.style())
                .wrap(ratatui::widgets::Wrap { trim: false }),
            detail,
        );
    }
}

/// A list drawn from the review state, with nothing in it: `empty` once the
/// state is read, "loading" until then.
fn empty_list(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, empty: &str) {
    let msg = if app.review.records.ready().is_some() {
        empty
    } else {
        app.lang.t().loading_review
    };
    frame.render_widget(
        Paragraph::new(format!(" {msg}")).style(theme.dim.style()),
        area,
    );
}
