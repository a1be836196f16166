//! The mouse on the review screen (while `App::mouse` is on): the wheel
//! scrolls the pane under the pointer (the outline moves the selection,
//! the text scrolls), a click on an outline row selects it, a click in the
//! text gives it the keys. Where the panes are is `App::geometry`, as the
//! view lays them out.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use crate::tui::app::{App, Overlay, Pane};

/// Rows the wheel scrolls the text by, per notch.
const WHEEL_ROWS: isize = 3;

/// Which pane of the review screen is at a cell, and the outline row there.
enum Under {
    /// The outline; the row's index when the cell is on one.
    Outline(Option<usize>),
    Text,
}

fn under(app: &App, column: u16, row: u16) -> Option<Under> {
    let g = app.geometry();
    // Row 0 is the header; the panes' frames start on row 1.
    let body_top = 1;
    let body_end = body_top + g.body_height + 2;
    if row < body_top || row >= body_end {
        return None;
    }
    let outline_end = if app.review.outline_hidden {
        0
    } else {
        g.outline_width + 2
    };
    if column < outline_end {
        // Inside the frame: the border's row and column are not rows.
        let inside = row > body_top && row < body_end - 1 && column > 0;
        let index = inside
            .then(|| app.review.outline_offset + usize::from(row - body_top - 1))
            .filter(|&i| i < app.review.rows.len());
        return Some(Under::Outline(index));
    }
    // The comments pane, when open, takes the bottom of the text's column.
    (row < body_top + g.diff_height + 2).then_some(Under::Text)
}

pub(super) fn on_mouse(app: &mut App, event: MouseEvent) {
    if !matches!(app.overlay, Overlay::None)
        || app.review.prompt.is_some()
        || app.review.threads_open
        || app.repo.ready().is_none()
    {
        return;
    }
    let Some(place) = under(app, event.column, event.row) else {
        return;
    };
    match (event.kind, place) {
        (MouseEventKind::ScrollDown, Under::Outline(_)) => app.select(app.review.selected + 1),
        (MouseEventKind::ScrollUp, Under::Outline(_)) => {
            app.select(app.review.selected.saturating_sub(1))
        }
        (MouseEventKind::ScrollDown, Under::Text) => app.scroll_by(WHEEL_ROWS),
        (MouseEventKind::ScrollUp, Under::Text) => app.scroll_by(-WHEEL_ROWS),
        (MouseEventKind::Down(MouseButton::Left), Under::Outline(Some(row))) => {
            app.select(row);
            app.review.focus = Pane::Outline;
        }
        (MouseEventKind::Down(MouseButton::Left), Under::Text) => app.review.focus = Pane::Text,
        _ => {}
    }
}
