//! The office's merge board: the departments' list, a branch's plan, a
//! branch's error, the merge confirmation, and one section across every
//! department (`o`).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::tui::app::{App, Loadable};
use crate::tui::content;
use crate::tui::keys;
use crate::tui::review::Buttons;
use crate::tui::theme::Theme;
use crate::tui::wrap::{Kind, error_rows, truncate};

use super::*;

pub(super) fn draw_board(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    use crate::tui::board::BoardState;
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
                clean(app.review.draft.as_deref().unwrap_or(""))
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
                        pad(crate::tui::board::action_label(s.action, app.lang), 8),
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
            let w = crate::tui::board::board_detail(section, plan, width, app.lang);
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
pub(super) fn draw_branch_error(
    frame: &mut Frame,
    app: &App,
    theme: &Theme,
    area: Rect,
    row: &crate::tui::board::BranchRow,
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
    let rows = crate::tui::board::branch_error_rows(
        row,
        app.config(),
        app.lang,
        usize::from(text_area.width),
    );
    let height = usize::from(text_area.height);
    let scroll = scroll.min(rows.len().saturating_sub(height));
    frame.render_widget(
        Paragraph::new(visible(theme, &rows, scroll, height)),
        text_area,
    );
}

/// "Write the merge into main?", with what will be taken and rejected.
pub(super) fn draw_merge_confirm(
    frame: &mut Frame,
    app: &App,
    theme: &Theme,
    plan: &crate::tui::board::PlanState,
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

pub(super) fn draw_all_departments(
    frame: &mut Frame,
    app: &App,
    theme: &Theme,
    versions: &Loadable<std::sync::Arc<Vec<crate::tui::app::DepartmentVersion>>>,
) {
    let t = app.lang.t();
    let text_area = reading_overlay(frame, theme, t.all_departments);
    let width = usize::from(text_area.width);
    let config = app.config();
    let branches = app.repo.ready().map(|r| r.branches.as_slice());
    let mut rows: Vec<crate::tui::wrap::Row> = Vec::new();
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
                            let ps: Vec<crate::tui::wrap::Piece<'_>> = items
                                .iter()
                                .map(|(k, x)| crate::tui::wrap::Piece {
                                    kind: *k,
                                    text: x,
                                    hunk_start: false,
                                })
                                .collect();
                            rows.extend(crate::tui::wrap::wrap(&ps, width).rows);
                        }
                    }
                }
                rows.push(Vec::new());
            }
        }
    }
    let lines = visible(
        theme,
        &rows,
        app.review.pane_scroll,
        usize::from(text_area.height),
    );
    frame.render_widget(Paragraph::new(lines), text_area);
}
