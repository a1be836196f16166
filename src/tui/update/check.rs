//! The "Kiểm tra" panel's keys: move among the findings, go to a finding's
//! section, dismiss one with a reason (the editor asks for it; the worker
//! writes the record through `ops::lint::dismiss`).

use crate::core::Part;
use crate::tui::app::{App, Job, Overlay};
use crate::tui::keys::Action;
use crate::tui::review::Purpose;

use super::review::{jump_to_section, need_identity, open_editor, refused_by, shown_commit};

pub fn on_key(app: &mut App, cursor: usize, action: Action) -> Vec<Job> {
    let count = app.check_items().len();
    let at = |c: usize| Overlay::Check { cursor: c };
    match action {
        Action::Down => app.overlay = at((cursor + 1).min(count.saturating_sub(1))),
        Action::Up => app.overlay = at(cursor.saturating_sub(1)),
        Action::First => app.overlay = at(0),
        Action::Last => app.overlay = at(count.saturating_sub(1)),
        Action::Confirm => {
            let section = app
                .check_items()
                .get(cursor)
                .map(|(f, _)| f.section.clone());
            app.overlay = Overlay::None;
            if let Some(section) = section {
                if Part::parse(&section).is_none() {
                    jump_to_section(app, &section);
                }
            }
        }
        Action::Dismiss => dismiss(app, cursor),
        Action::Help => app.open_help(),
        Action::Quit => app.quit = true,
        Action::Cancel => app.overlay = Overlay::None,
        _ => {}
    }
    Vec::new()
}

/// Opens the editor for the reason, if the finding is not dismissed yet and
/// the person may (who may comment may dismiss).
fn dismiss(app: &mut App, cursor: usize) {
    let Some((finding, None)) = app.check_items().get(cursor).map(|x| (*x).clone()) else {
        return;
    };
    let Some(draft) = app.review.draft.clone() else {
        return;
    };
    if need_identity(app).is_none() || refused_by(app, crate::core::policy::may_comment) {
        return;
    }
    let heading = crate::i18n::lint::issue(&finding.issue, app.lang);
    let purpose = Purpose::Dismiss {
        draft,
        rev: shown_commit(app),
        key: finding.key.clone(),
        heading,
    };
    open_editor(app, purpose, "", None);
}
