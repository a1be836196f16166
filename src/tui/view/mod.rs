//! Drawing: state in, widgets out. Nothing here changes the state. All text
//! from drafts, commits and refs passes through `sanitize` (in `content` or
//! via `clean` here) before it becomes a span. Per screen: the review screen
//! is drawn here; the windows over it (picker, drafts, editor, questions,
//! help, "Việc của tôi", reading windows) in `overlays.rs`; the merge board
//! in `board.rs`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::core::text::sanitize;
use crate::ops::compare::Range;

use super::app::{App, Loadable, OutlineRow, Overlay, Pane, marker};
use super::content;
use super::keys;
use super::theme::Theme;
use super::wrap::{Kind, Row, error_rows, truncate};

mod board;
mod overlays;
use board::*;
use overlays::*;

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
    let diff = if app.review.outline_hidden {
        body
    } else {
        let [outline, diff] =
            Layout::horizontal([Constraint::Length(g.outline_width + 2), Constraint::Min(10)])
                .areas(body);
        draw_outline(frame, app, theme, outline);
        diff
    };
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
        Overlay::Compare => draw_picker(frame, app, theme),
        Overlay::Drafts => draw_drafts(frame, app, theme),
        Overlay::Editor(e) => draw_editor(frame, app, theme, e),
        Overlay::Confirm(c) => draw_confirm(frame, app, theme, c),
        Overlay::MyWork { cursor } => draw_my_work(frame, app, theme, *cursor),
        Overlay::Check { cursor } => draw_check(frame, app, theme, *cursor),
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
    let revs = match app.review.range {
        Range::SinceFork => format!(
            "{} → {}",
            rev_label(&app.review.from),
            rev_label(&app.review.to)
        ),
        Range::Direct => format!(
            "{} ({}) → {}",
            rev_label(&app.review.from),
            t.now,
            rev_label(&app.review.to)
        ),
    };
    let title = app
        .review
        .comparison
        .ready()
        .map(|c| clean(&c.title))
        .or_else(|| app.review.draft.as_deref().map(clean))
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
    let lead = match (&app.review.prompt, &app.review.search) {
        (Some(p), _) => {
            let sign = match p.kind {
                super::app::PromptKind::Search => "/",
                super::app::PromptKind::Jump => ":",
            };
            format!(" {sign}{}▏ ", clean(&p.text))
        }
        (None, Some(q)) if mode == keys::Mode::Review => {
            format!(" /{} · n/N {} ·", clean(q), app.lang.t().search_matches)
        }
        _ => String::new(),
    };
    let offer = keys::Offer {
        searching: app.review.search.is_some() && app.review.prompt.is_none(),
        ..app.offer()
    };
    let room = width.saturating_sub(unicode_width::UnicodeWidthStr::width(lead.as_str()));
    format!("{lead}{}", keys::footer_hints(mode, app.lang, offer, room))
}

fn draw_outline(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let t = app.lang.t();
    let (title, lines) = match &app.review.comparison {
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
                .review
                .rows
                .iter()
                .enumerate()
                .skip(app.review.outline_offset)
                .take(height)
            {
                let selected = i == app.review.selected;
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
                        .records
                        .ready()
                        .and_then(|r| r.section(&cmp.diff.sections[*i].id))
                        .map_or((" ", 0), |r| {
                            (content::state_badge(r.state), r.open_threads())
                        }),
                    // Parts are commented on, not approved: no badge.
                    OutlineRow::Part(p) => app
                        .review
                        .records
                        .ready()
                        .and_then(|r| r.part(*p))
                        .map_or((" ", 0), |r| (" ", r.open_threads())),
                };
                let comments = if open > 0 {
                    format!(" [{open}]")
                } else {
                    String::new()
                };
                // Lint findings not dismissed (the "Kiểm tra" panel, i).
                let id = match row {
                    OutlineRow::Section(i) => cmp.diff.sections[*i].id.as_str(),
                    OutlineRow::Part(p) => p.id(),
                };
                let found = app
                    .review
                    .findings
                    .iter()
                    .filter(|(f, d)| d.is_none() && f.section == id)
                    .count();
                let flag = if found > 0 {
                    format!(" !{found}")
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
                    width.saturating_sub(6 + comments.chars().count() + flag.chars().count()),
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
                if !comments.is_empty() || !flag.is_empty() {
                    let used: usize = spans
                        .iter()
                        .map(|s| unicode_width::UnicodeWidthStr::width(s.content.as_ref()))
                        .sum();
                    let right = comments.chars().count() + flag.chars().count();
                    let gap = width.saturating_sub(used + right);
                    spans.push(Span::styled(" ".repeat(gap), base));
                    spans.push(Span::styled(comments, base.patch(theme.dim.style())));
                    spans.push(Span::styled(flag, base.patch(theme.marker.style())));
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
            if app.review.rows.is_empty() {
                let msg = if app.review.changed_only {
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
        .border_style(pane_border(app, theme, Pane::Outline))
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

/// The border of a pane of the review screen: highlighted where the keys
/// go (the outline or the text, `Tab`), dim elsewhere — both dim while the
/// comments pane has them. With the outline hidden, the text is the pane.
fn pane_border(app: &App, theme: &Theme, pane: Pane) -> Style {
    let focus = if app.review.outline_hidden {
        Pane::Text
    } else {
        app.review.focus
    };
    if focus == pane && !app.review.threads_open {
        theme.border_focus.style()
    } else {
        theme.border.style()
    }
}

/// What the comparison on screen is, in words: the department's changes
/// since it left `from` (at which commit), or `from` as it is now.
fn range_label(app: &App) -> Option<String> {
    let cmp = app.review.comparison.ready()?;
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
    let (title, lines) = match &app.review.comparison {
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
                .map(|c| visible(theme, &c.rows, app.review.scroll, usize::from(area.height)))
                .unwrap_or_default();
            (title, lines)
        }
        Loadable::Loading => (String::new(), vec![Line::from(t.loading)]),
        // Filled in below, wrapped to the pane.
        Loadable::Failed(_) => (t.error.to_owned(), Vec::new()),
    };
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(pane_border(app, theme, Pane::Text))
        .title(format!(" {} ", truncate(&title, width.saturating_sub(1))));
    // The outline's frame says what is compared; hidden, the text's says it.
    if let Some(range) = range_label(app).filter(|_| app.review.outline_hidden) {
        block = block.title_bottom(format!(" {} ", truncate(&range, width.saturating_sub(2))));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // One column of margin on the left, as the sketches have.
    let text_area = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(1),
        ..inner
    };
    let lines = match &app.review.comparison {
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

fn clean_keep(s: &str) -> String {
    sanitize(s, true)
}
