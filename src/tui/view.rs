//! Drawing: state in, widgets out. Nothing here changes the state. All text
//! from drafts, commits and refs passes through `sanitize` (in `content` or
//! via `clean` here) before it becomes a span.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::core::text::{sanitize, shorten};
use crate::ops::compare::Range;
use crate::store::{BranchKind, short};

use super::app::{App, Comparison, Loadable, OutlineRow, Overlay, Picker, PickerRow, Side, marker};
use super::content;
use super::i18n::Lang;
use super::keys;
use super::review::{Buttons, ConfirmWrite, Editor, Purpose};
use super::theme::Theme;
use super::wrap::{Kind, Row, error_rows, truncate};

fn clean(s: &str) -> String {
    sanitize(s, false)
}

/// A revision as shown: branch names as they are, commit ids shortened.
pub fn rev_label(rev: &str) -> String {
    if rev.len() == 40 && rev.chars().all(|c| c.is_ascii_hexdigit()) {
        rev[..7].to_owned()
    } else {
        clean(rev)
    }
}

fn style(theme: &Theme, kind: Kind) -> Style {
    match kind {
        Kind::Text => theme.text.style(),
        Kind::Dim => theme.dim.style(),
        Kind::Heading => theme.heading.style(),
        Kind::Deleted => theme.deleted.style(),
        Kind::Inserted => theme.inserted.style(),
        Kind::Marker => theme.marker.style(),
        Kind::Error => theme.error.style(),
        Kind::Current => theme.selected.style(),
    }
}

/// The `height` rows from `scroll` on, ready to draw.
fn visible(theme: &Theme, rows: &[Row], scroll: usize, height: usize) -> Vec<Line<'static>> {
    rows.iter()
        .skip(scroll)
        .take(height)
        .map(|r| line(theme, r))
        .collect()
}

fn line(theme: &Theme, row: &Row) -> Line<'static> {
    Line::from(
        row.iter()
            .map(|(k, t)| Span::styled(t.clone(), style(theme, *k)))
            .collect::<Vec<_>>(),
    )
}

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    let t = app.lang.t();
    if area.width < super::app::MIN_WIDTH || area.height < super::app::MIN_HEIGHT {
        let text = vec![
            Line::from(format!(" {}", t.too_small)),
            Line::from(format!(" {}", t.enlarge)),
        ];
        frame.render_widget(Paragraph::new(text), area);
        return;
    }
    // A long message (a refusal with its reason) gets a second row.
    let footer_rows = match footer_message(app) {
        Some(m)
            if unicode_width::UnicodeWidthStr::width(m.as_str()) + 1 > usize::from(area.width) =>
        {
            2
        }
        _ => 1,
    };
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(footer_rows),
    ])
    .areas(area);
    draw_header(frame, app, theme, header);
    draw_footer(frame, app, theme, footer);

    match &app.repo {
        Loadable::Failed(e) => {
            let p = Paragraph::new(vec![
                Line::styled(format!(" {}:", t.error), theme.error.style()),
                Line::from(format!(" {}", clean(e))),
            ])
            .wrap(ratatui::widgets::Wrap { trim: false });
            frame.render_widget(p, body);
            return;
        }
        Loadable::Loading => {
            frame.render_widget(Paragraph::new(format!(" {}", t.loading)), body);
            return;
        }
        Loadable::Ready(_) => {}
    }
    let g = app.geometry();
    let [outline, diff] =
        Layout::horizontal([Constraint::Length(g.outline_width + 2), Constraint::Min(10)])
            .areas(body);
    draw_outline(frame, app, theme, outline);
    if g.threads_height > 0 {
        let [top, bottom] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(g.threads_height)])
                .areas(diff);
        draw_diff(frame, app, theme, top);
        draw_threads(frame, app, theme, bottom);
    } else {
        draw_diff(frame, app, theme, diff);
    }

    match &app.overlay {
        Overlay::None => {}
        Overlay::Help { scroll, from, .. } => draw_help(frame, app, theme, *scroll, *from),
        Overlay::Compare(p) => draw_picker(frame, app, theme, p),
        Overlay::Drafts { cursor } => draw_drafts(frame, app, theme, *cursor),
        Overlay::Editor(e) => draw_editor(frame, app, theme, e),
        Overlay::Confirm(c) => draw_confirm(frame, app, theme, c),
        Overlay::MyWork { cursor } => draw_my_work(frame, app, theme, *cursor),
        Overlay::Since(cmp) => draw_since(frame, app, theme, cmp),
        Overlay::Board => draw_board(frame, app, theme, body),
        Overlay::AllDepartments(v) => draw_all_departments(frame, app, theme, v),
    }
}

fn draw_header(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let t = app.lang.t();
    let repo = app.repo.ready();
    let who = match repo.and_then(|r| r.identity.as_ref()) {
        Some(id) => {
            let dept = repo
                .and_then(|r| r.config.as_ref())
                .and_then(|c| c.person_by_email(&id.email).map(|p| (c, p)))
                .map(|(c, p)| format!(" ({})", c.department_short(&p.department)));
            format!("{}{}", clean(&id.name), clean(&dept.unwrap_or_default()))
        }
        None => t.unknown_user.to_owned(),
    };
    let revs = match app.range {
        Range::SinceFork => format!("{} → {}", rev_label(&app.from), rev_label(&app.to)),
        Range::Direct => format!(
            "{} ({}) → {}",
            rev_label(&app.from),
            t.now,
            rev_label(&app.to)
        ),
    };
    let title = app
        .comparison
        .ready()
        .map(|c| clean(&c.title))
        .or_else(|| app.draft.as_deref().map(clean))
        .unwrap_or_default();
    let width = usize::from(area.width);
    let fixed = revs.chars().count() + who.chars().count() + 8;
    let title = truncate(&title, width.saturating_sub(fixed).max(8));
    let right = format!("{revs}   {}", truncate(&who, width / 3));
    let used = unicode_width::UnicodeWidthStr::width(title.as_str())
        + unicode_width::UnicodeWidthStr::width(right.as_str())
        + 2;
    let gap = " ".repeat(width.saturating_sub(used).max(3));
    let text = format!(" {title}{gap}{right} ");
    frame.render_widget(
        Paragraph::new(truncate(&text, width)).style(theme.header.style()),
        area,
    );
}

/// What the footer says in place of the key hints, if anything: the last
/// message, else — until it can be saved — that the unsent text is not.
fn footer_message(app: &App) -> Option<String> {
    app.message.clone().or_else(|| {
        let why = app.unsent_not_saved.as_deref()?;
        Some(format!("{}: {}", app.lang.t().unsent_not_saved, clean(why)))
    })
}

fn draw_footer(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let text = match footer_message(app) {
        Some(m) => format!(" {m}"),
        None => footer_hints(app, usize::from(area.width)),
    };
    let text = if area.height > 1 {
        text
    } else {
        truncate(&text, usize::from(area.width))
    };
    frame.render_widget(
        Paragraph::new(text)
            .style(theme.footer.style())
            .wrap(ratatui::widgets::Wrap { trim: false }),
        area,
    );
}

/// The key reminder of the mode, after the prompt being typed or the
/// search that n/N follow.
fn footer_hints(app: &App, width: usize) -> String {
    let mode = app.mode();
    let lead = match (&app.prompt, &app.search) {
        (Some(p), _) => {
            let sign = match p.kind {
                super::search::PromptKind::Search => "/",
                super::search::PromptKind::Jump => ":",
            };
            format!(" {sign}{}▏ ", clean(&p.text))
        }
        (None, Some(q)) if mode == keys::Mode::Review => format!(" /{} ·", clean(q)),
        _ => String::new(),
    };
    let room = width.saturating_sub(unicode_width::UnicodeWidthStr::width(lead.as_str()));
    format!(
        "{lead}{}",
        keys::footer_hints(mode, app.lang, app.offer(), room)
    )
}

fn draw_outline(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let t = app.lang.t();
    let (title, lines) = match &app.comparison {
        Loadable::Ready(cmp) => {
            let changed = cmp.diff.changed_count();
            let title = format!(
                " {} ({}, {} {}) ",
                t.sections,
                cmp.diff.sections.len(),
                t.changed,
                changed
            );
            let width = usize::from(area.width.saturating_sub(2));
            let height = usize::from(area.height.saturating_sub(2));
            let mut lines = Vec::new();
            for (i, row) in app
                .rows
                .iter()
                .enumerate()
                .skip(app.outline_offset)
                .take(height)
            {
                let selected = i == app.selected;
                let mark = marker(cmp, *row);
                let (depth, number, label) = match row {
                    OutlineRow::Part(p) => (0, String::new(), t.part(*p).to_owned()),
                    OutlineRow::Section(i) => {
                        let s = &cmp.diff.sections[*i];
                        (s.place().depth, clean(&s.place().number), clean(&s.label()))
                    }
                };
                let pointer = if selected { "▶" } else { " " };
                let indent = "  ".repeat(depth);
                // The review badge and open comments of the section.
                let (badge, open) = match row {
                    OutlineRow::Section(i) => app
                        .review
                        .ready()
                        .and_then(|r| r.section(&cmp.diff.sections[*i].id))
                        .map_or((" ", 0), |r| {
                            (content::state_badge(r.state), r.open_threads())
                        }),
                    // Parts are commented on, not approved: no badge.
                    OutlineRow::Part(p) => app
                        .review
                        .ready()
                        .and_then(|r| r.part(*p))
                        .map_or((" ", 0), |r| (" ", r.open_threads())),
                };
                let comments = if open > 0 {
                    format!(" [{open}]")
                } else {
                    String::new()
                };
                let number = if number.is_empty() {
                    String::new()
                } else {
                    format!("{number} ")
                };
                let text = truncate(
                    &format!("{indent}{number}{label}"),
                    width.saturating_sub(6 + comments.chars().count()),
                );
                let base = if selected {
                    theme.selected.style()
                } else {
                    theme.text.style()
                };
                let mut spans = vec![
                    Span::styled(format!("{pointer} "), base),
                    // On the selected row the marker keeps the row's colours
                    // (its own could vanish on the highlight), in bold.
                    Span::styled(
                        format!("{mark} "),
                        if selected {
                            base.add_modifier(ratatui::style::Modifier::BOLD)
                        } else {
                            theme.marker.style()
                        },
                    ),
                    Span::styled(format!("{badge} "), base),
                    Span::styled(text, base),
                ];
                if !comments.is_empty() {
                    let used: usize = spans
                        .iter()
                        .map(|s| unicode_width::UnicodeWidthStr::width(s.content.as_ref()))
                        .sum();
                    let gap = width.saturating_sub(used + comments.chars().count());
                    spans.push(Span::styled(" ".repeat(gap), base));
                    spans.push(Span::styled(comments, base.patch(theme.dim.style())));
                }
                if selected {
                    let used: usize = spans
                        .iter()
                        .map(|s| unicode_width::UnicodeWidthStr::width(s.content.as_ref()))
                        .sum();
                    spans.push(Span::styled(" ".repeat(width.saturating_sub(used)), base));
                }
                lines.push(Line::from(spans));
            }
            if app.rows.is_empty() {
                let msg = if app.changed_only {
                    t.no_changed_sections
                } else {
                    t.no_sections
                };
                lines.push(Line::styled(msg, theme.dim.style()));
            }
            (title, lines)
        }
        Loadable::Loading => (format!(" {} ", t.sections), vec![Line::from(t.loading)]),
        Loadable::Failed(_) => (format!(" {} ", t.sections), Vec::new()),
    };
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border.style())
        .title(title);
    if let Some(range) = range_label(app) {
        let width = usize::from(area.width.saturating_sub(4));
        block = block.title_bottom(format!(" {} ", truncate(&range, width.saturating_sub(2))));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(ratatui::widgets::Wrap { trim: false }),
        area,
    );
}

/// What the comparison on screen is, in words: the department's changes
/// since it left `from` (at which commit), or `from` as it is now.
fn range_label(app: &App) -> Option<String> {
    let cmp = app.comparison.ready()?;
    let t = app.lang.t();
    Some(match cmp.range {
        Range::SinceFork => t
            .range_since_fork
            .replace("{base}", &rev_label(&cmp.from_commit)),
        Range::Direct => t.range_direct.replace("{from}", &rev_label(&cmp.from)),
    })
}

fn draw_diff(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let t = app.lang.t();
    let width = usize::from(area.width.saturating_sub(4));
    let (title, lines) = match &app.comparison {
        Loadable::Ready(cmp) => {
            let title = match app.selected_row() {
                Some(OutlineRow::Section(i)) => {
                    let s = &cmp.diff.sections[i];
                    let path = &cmp.paths[i];
                    let label = clean(&s.label());
                    if path.is_empty() {
                        label
                    } else {
                        format!("{} {label}", clean(path))
                    }
                }
                Some(OutlineRow::Part(p)) => t.part(p).to_owned(),
                None => String::new(),
            };
            let lines: Vec<Line<'static>> = app
                .content()
                .map(|c| visible(theme, &c.rows, app.scroll, usize::from(area.height)))
                .unwrap_or_default();
            (title, lines)
        }
        Loadable::Loading => (String::new(), vec![Line::from(t.loading)]),
        // Filled in below, wrapped to the pane.
        Loadable::Failed(_) => (t.error.to_owned(), Vec::new()),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus.style())
        .title(format!(" {} ", truncate(&title, width.saturating_sub(1))));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // One column of margin on the left, as the sketches have.
    let text_area = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(1),
        ..inner
    };
    let lines = match &app.comparison {
        // The whole message, every `file:line:column: …` on its own rows.
        Loadable::Failed(e) => visible(
            theme,
            &error_rows(e, usize::from(text_area.width)),
            0,
            usize::from(text_area.height),
        ),
        _ => lines,
    };
    frame.render_widget(Paragraph::new(lines), text_area);
}

/// `s` padded with spaces to `width` columns.
fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// A large framed overlay for reading (since-approved, every department):
/// draws its frame and returns where its text goes.
fn reading_overlay(frame: &mut Frame, theme: &Theme, title: &str) -> Rect {
    let screen = frame.area();
    let area = centered(
        screen,
        screen.width.saturating_sub(4),
        screen.height.saturating_sub(2),
    );
    frame.render_widget(Clear, area);
    let block = overlay_block(theme, title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    }
}

/// A centred rectangle of at most `w`×`h` inside `area`.
fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

fn overlay_block<'a>(theme: &Theme, title: &str) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus.style())
        .title(format!(" {title} "))
}

fn draw_help(frame: &mut Frame, app: &App, theme: &Theme, scroll: usize, from: keys::Mode) {
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
fn help_line(theme: &Theme, keys: &str, text: &str) -> Line<'static> {
    Line::from(vec![
        Span::styled(
            format!("   {}", pad(keys, keys::HELP_KEY_WIDTH)),
            theme.marker.style(),
        ),
        Span::raw(text.to_owned()),
    ])
}

fn draw_picker(frame: &mut Frame, app: &App, theme: &Theme, picker: &Picker) {
    let t = app.lang.t();
    let Some(repo) = app.repo.ready() else { return };
    let area = centered(frame.area(), 70, frame.area().height.saturating_sub(4));
    frame.render_widget(Clear, area);
    let block = overlay_block(theme, t.compare);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let draft = app.draft.clone().unwrap_or_default();
    let revision_count = |branch: &str| {
        app.revisions
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
        side_line(Side::From, t.from, &app.from),
        side_line(Side::To, t.to, &app.to),
        Line::from(""),
    ];
    let rows = app.picker_rows(picker);
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

fn draw_drafts(frame: &mut Frame, app: &App, theme: &Theme, cursor: usize) {
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

fn draw_threads(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
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
        let msg = match app.review {
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
        app.thread_cursor,
    );
    // Keep the selected thread in view.
    let start = w.hunks.get(app.thread_cursor).copied().unwrap_or(0);
    let height = usize::from(text_area.height);
    let scroll = start.saturating_sub(height.saturating_sub(4).min(start)) + app.pane_scroll;
    let lines = visible(theme, &w.rows, scroll, height);
    frame.render_widget(Paragraph::new(lines), text_area);
}

fn draw_editor(frame: &mut Frame, app: &App, theme: &Theme, editor: &Editor) {
    use super::review::Field;
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
    let error_rows: Vec<super::wrap::Row> = editor
        .error
        .as_deref()
        .or(unsent_warning.as_deref())
        .map(|e| {
            let text = clean(e);
            let pieces = [super::wrap::Piece {
                kind: Kind::Error,
                text: &text,
                hunk_start: false,
            }];
            super::wrap::wrap(&pieces, usize::from(inner.width)).rows
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
fn buttons_line(theme: &Theme, lang: Lang, buttons: Buttons) -> Line<'static> {
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

fn draw_confirm(frame: &mut Frame, app: &App, theme: &Theme, c: &ConfirmWrite) {
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
                rev_label(&app.to),
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

fn draw_my_work(frame: &mut Frame, app: &App, theme: &Theme, cursor: usize) {
    let t = app.lang.t();
    let area = centered(frame.area(), 72, frame.area().height.saturating_sub(4));
    frame.render_widget(Clear, area);
    let block = overlay_block(theme, t.my_work);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let items = super::review::work_items(app);
    if items.is_empty() {
        let msg = if app.review.ready().is_some() {
            t.my_work_empty
        } else {
            t.loading_review
        };
        frame.render_widget(
            Paragraph::new(format!(" {msg}")).style(theme.dim.style()),
            inner,
        );
        return;
    }
    let heading = |id: &str| {
        app.comparison
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

fn draw_since(
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
                    app.pane_scroll,
                    usize::from(text_area.height),
                )
            }
            None => vec![Line::from(t.no_sections)],
        },
        (Loadable::Failed(e), _) => visible(
            theme,
            &error_rows(e, usize::from(text_area.width)),
            app.pane_scroll,
            usize::from(text_area.height),
        ),
        _ => vec![Line::from(t.loading)],
    };
    frame.render_widget(Paragraph::new(lines), text_area);
}

fn draw_board(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    use super::board::BoardState;
    let t = app.lang.t();
    frame.render_widget(Clear, area);
    let Some(state) = app.board.as_deref() else {
        return;
    };
    match state {
        BoardState::Branches {
            cursor,
            rows: Loadable::Ready(rows),
            reading: Some(scroll),
            ..
        } if rows.get(*cursor).is_some_and(|r| r.error.is_some()) => {
            let row = &rows[*cursor];
            draw_branch_error(frame, app, theme, area, row, *scroll);
        }
        BoardState::Branches { cursor, rows, .. } => {
            let title = format!(
                "{} — {}",
                t.board_title,
                clean(app.draft.as_deref().unwrap_or(""))
            );
            let block = overlay_block(theme, &title);
            let inner = block.inner(area);
            frame.render_widget(block, area);
            let width = usize::from(inner.width);
            let config = app.config();
            let lines: Vec<Line<'static>> = match rows {
                Loadable::Loading => vec![Line::from(format!(" {}", t.loading))],
                Loadable::Failed(e) => {
                    // One column of margin, as the row text has.
                    let rows = error_rows(e, width.saturating_sub(2));
                    let mut lines = visible(theme, &rows, 0, usize::from(inner.height));
                    for l in &mut lines {
                        l.spans.insert(0, Span::raw(" "));
                    }
                    lines
                }
                Loadable::Ready(rows) if rows.is_empty() => {
                    vec![Line::styled(
                        format!(" {}", t.board_no_branches),
                        theme.dim.style(),
                    )]
                }
                Loadable::Ready(rows) => {
                    let dept_width = width.saturating_sub(2 + 27 + 1 + 12 + 10).max(8);
                    let mut lines = Vec::new();
                    for (i, r) in rows.iter().enumerate() {
                        let dept = r
                            .department
                            .as_deref()
                            .map(|d| config.map_or(d, |c| c.department_name(d)))
                            .unwrap_or("");
                        let pointer = if i == *cursor { "▶ " } else { "  " };
                        // What it proposes; ✗ alone when that is unknown.
                        let counts = match (&r.error, r.conflicts) {
                            (Some(_), _) => "    ✗".to_owned(),
                            (None, 0) => format!("{:>3} / 0", r.proposals),
                            (None, n) => format!("{:>3} / {n} ✗", r.proposals),
                        };
                        // A clone's remote-tracking branch: its name without
                        // the remote, marked ⇣, as in the picker.
                        let name = match &r.remote {
                            Some(_) => format!("{} ⇣", truncate(&clean(r.local_name()), 24)),
                            None => truncate(&clean(&r.branch), 26),
                        };
                        let text = format!(
                            "{pointer}{} {} {:>4} / {:<4} {counts}",
                            pad(&name, 26),
                            pad(&truncate(&clean(dept), dept_width), dept_width),
                            format!("+{}", r.ahead),
                            format!("−{}", r.behind),
                        );
                        let style = if i == *cursor {
                            theme.selected.style()
                        } else {
                            theme.text.style()
                        };
                        lines.push(Line::styled(truncate(&text, width), style));
                        // Not "0 / 0" as if it proposed nothing: it cannot be read.
                        if r.error.is_some() {
                            lines.push(Line::styled(
                                truncate(
                                    &format!(
                                        "    {} · {}",
                                        t.board_draft_error, t.board_error_enter
                                    ),
                                    width,
                                ),
                                theme.error.style(),
                            ));
                        }
                    }
                    lines.push(Line::from(""));
                    lines.push(Line::styled(
                        truncate(&format!("  {}", t.board_legend), width),
                        theme.dim.style(),
                    ));
                    lines
                }
            };
            frame.render_widget(Paragraph::new(lines), inner);
        }
        BoardState::Plan(plan) => {
            let title = format!("{} — {} → main", t.board_title, clean(&plan.board.from));
            let block = overlay_block(theme, &title);
            let inner = block.inner(area);
            frame.render_widget(block, area);
            let proposals = plan.proposals();
            if proposals.is_empty() {
                frame.render_widget(
                    Paragraph::new(format!(" {}", t.board_nothing)).style(theme.dim.style()),
                    inner,
                );
                return;
            }
            let list_width = (inner.width * 2 / 5).clamp(20, 36);
            let [list, detail] =
                Layout::horizontal([Constraint::Length(list_width), Constraint::Min(10)])
                    .areas(inner);
            let width = usize::from(list.width);
            let height = usize::from(list.height);
            let offset = plan.cursor.saturating_sub(height.saturating_sub(1));
            let board = &plan.board;
            // The department's version's review state: ✓ ≈ ✗ •.
            let review_badge = |id: &str| {
                plan.review
                    .as_ref()
                    .and_then(|r| r.section(id))
                    .map_or(" ", |r| content::state_badge(r.state))
            };
            let label = |id: &str| {
                let s = board.dept.section(id).or_else(|| board.main.section(id));
                let path = if board.dept.section(id).is_some() {
                    board.dept.number_path(id)
                } else {
                    board.main.number_path(id)
                };
                let words = s.map(|s| clean(s.label())).unwrap_or_else(|| id.to_owned());
                if path.is_empty() {
                    words
                } else {
                    format!("{path} {words}")
                }
            };
            let lines: Vec<Line<'static>> = proposals
                .iter()
                .enumerate()
                .skip(offset)
                .take(height)
                .map(|(i, s)| {
                    let badge = match plan.decision(s) {
                        None => "?",
                        Some(crate::core::merge::Decision::Accept) => "✓",
                        Some(crate::core::merge::Decision::Reject) => "✗",
                        Some(crate::core::merge::Decision::Changes(_)) => "½",
                        Some(crate::core::merge::Decision::Edited(_)) => "✎",
                    };
                    let pointer = if i == plan.cursor { "▶" } else { " " };
                    let text = format!(
                        "{pointer}{badge} {} {} {}",
                        pad(super::board::action_label(s.action, app.lang), 8),
                        review_badge(&s.id),
                        label(&s.id)
                    );
                    let style = if i == plan.cursor {
                        theme.selected.style()
                    } else if s.action == crate::core::merge::MergeAction::Conflict {
                        theme.error.style()
                    } else {
                        theme.text.style()
                    };
                    Line::styled(truncate(&text, width.saturating_sub(1)), style)
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), list);

            let Some(section) = plan.selected() else {
                return;
            };
            let block = Block::default()
                .borders(Borders::LEFT)
                .border_style(theme.border.style());
            let text_area = block.inner(detail);
            frame.render_widget(block, detail);
            let text_area = Rect {
                x: text_area.x + 1,
                width: text_area.width.saturating_sub(1),
                ..text_area
            };
            let width = usize::from(text_area.width);
            let w = content::board_detail(section, plan, width, app.lang);
            let lines = visible(theme, &w.rows, plan.scroll, usize::from(text_area.height));
            frame.render_widget(Paragraph::new(lines), text_area);
            if let Some(buttons) = plan.confirming {
                draw_merge_confirm(frame, app, theme, plan, buttons);
            }
        }
    }
}

/// Why a branch's merge cannot be planned, in full (Enter on a row marked
/// ✗): every diagnostic of its draft, wrapped, scrolled with j/k.
fn draw_branch_error(
    frame: &mut Frame,
    app: &App,
    theme: &Theme,
    area: Rect,
    row: &super::board::BranchRow,
    scroll: usize,
) {
    let block = overlay_block(
        theme,
        &format!("{} — {}", app.lang.t().board_title, clean(&row.branch)),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let text_area = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let rows =
        super::board::branch_error_rows(row, app.config(), app.lang, usize::from(text_area.width));
    let height = usize::from(text_area.height);
    let scroll = scroll.min(rows.len().saturating_sub(height));
    frame.render_widget(
        Paragraph::new(visible(theme, &rows, scroll, height)),
        text_area,
    );
}

/// "Write the merge into main?", with what will be taken and rejected.
fn draw_merge_confirm(
    frame: &mut Frame,
    app: &App,
    theme: &Theme,
    plan: &super::board::PlanState,
    buttons: Buttons,
) {
    use crate::core::merge::Decision;
    let t = app.lang.t();
    let area = centered(frame.area(), 66, 10);
    frame.render_widget(Clear, area);
    let block = overlay_block(theme, t.board_title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let (mut take, mut reject, mut partly, mut edited) = (0, 0, 0, 0);
    for s in plan.proposals() {
        match plan.decision(s) {
            Some(Decision::Accept) => take += 1,
            Some(Decision::Reject) => reject += 1,
            Some(Decision::Changes(_)) => partly += 1,
            Some(Decision::Edited(_)) => edited += 1,
            None => {}
        }
    }
    let width = usize::from(inner.width);
    let lines = vec![
        Line::styled(
            truncate(&format!(" {} → main", clean(&plan.board.from)), width),
            theme.heading.style(),
        ),
        Line::from(truncate(
            &format!(
                " {take} {} · {reject} {} · {partly} {} · {edited} {}",
                t.decision_take, t.decision_reject, t.decision_partly, t.decision_edited
            ),
            width,
        )),
        Line::from(""),
        Line::from(truncate(&format!(" {}", t.board_confirm), width)),
        buttons_line(theme, app.lang, buttons),
        Line::from(""),
        Line::styled(
            keys::footer_hints(keys::Mode::Confirm, app.lang, app.offer(), width),
            theme.dim.style(),
        ),
    ];
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_all_departments(
    frame: &mut Frame,
    app: &App,
    theme: &Theme,
    versions: &Loadable<std::sync::Arc<Vec<super::app::DepartmentVersion>>>,
) {
    let t = app.lang.t();
    let text_area = reading_overlay(frame, theme, t.all_departments);
    let width = usize::from(text_area.width);
    let config = app.config();
    let branches = app.repo.ready().map(|r| r.branches.as_slice());
    let mut rows: Vec<super::wrap::Row> = Vec::new();
    match versions {
        Loadable::Loading => rows.push(vec![(Kind::Text, t.loading.to_owned())]),
        Loadable::Failed(e) => rows.extend(error_rows(e, width)),
        Loadable::Ready(list) => {
            for v in list.iter() {
                // Its department, as the store read the branch's name (a
                // clone's `origin/dept/x` is `x`'s too).
                let dept = branches
                    .and_then(|list| list.iter().find(|b| b.name == v.branch))
                    .and_then(|b| b.department())
                    .map(|d| config.map_or(d, |c| c.department_name(d)))
                    .unwrap_or("");
                let status = match &v.diff {
                    None => format!(" — {}", t.not_in_branch),
                    Some(_) if !v.changed => format!(" — {}", t.not_changed_by_branch),
                    Some((title, body)) if !title.is_change() && !body.is_change() => {
                        format!(" — {}", t.same_as_main)
                    }
                    Some((title, body)) => format!(
                        " — +{} −{} {}",
                        title.inserted_words + body.inserted_words,
                        title.deleted_words + body.deleted_words,
                        t.words
                    ),
                };
                rows.push(vec![
                    (Kind::Heading, clean(&v.branch)),
                    (Kind::Dim, format!(" ({}){status}", clean(dept))),
                ]);
                if v.changed && v.main_also_changed {
                    rows.push(vec![(Kind::Dim, format!("  ! {}", t.main_also_changed))]);
                }
                if let (Some((title, body)), true) = (&v.diff, v.changed) {
                    if title.is_change() || body.is_change() {
                        let pieces = |d: &crate::core::WordDiff| {
                            d.segments
                                .iter()
                                .map(|s| match s {
                                    crate::core::Segment::Same(x) => (Kind::Text, clean_keep(x)),
                                    crate::core::Segment::Deleted(x) => {
                                        (Kind::Deleted, format!("[-{}-]", clean_keep(x)))
                                    }
                                    crate::core::Segment::Inserted(x) => {
                                        (Kind::Inserted, format!("{{+{}+}}", clean_keep(x)))
                                    }
                                })
                                .collect::<Vec<_>>()
                        };
                        for d in [title, body] {
                            if !d.is_change() {
                                continue;
                            }
                            let items = pieces(d);
                            let ps: Vec<super::wrap::Piece<'_>> = items
                                .iter()
                                .map(|(k, x)| super::wrap::Piece {
                                    kind: *k,
                                    text: x,
                                    hunk_start: false,
                                })
                                .collect();
                            rows.extend(super::wrap::wrap(&ps, width).rows);
                        }
                    }
                }
                rows.push(Vec::new());
            }
        }
    }
    let lines = visible(theme, &rows, app.pane_scroll, usize::from(text_area.height));
    frame.render_widget(Paragraph::new(lines), text_area);
}

fn clean_keep(s: &str) -> String {
    sanitize(s, true)
}
