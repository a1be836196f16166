//! The compare picker (`Tab` between the two sides, a branch or one of its
//! revisions) and the drafts list. Their state is the overlay's (`Picker`,
//! a cursor); the revisions read so far are `App::revisions`.

use crate::tui::app::{App, Job, Loadable, Overlay, Picker, PickerRow, Side};
use crate::tui::keys::Action;

pub(super) fn on_picker_key(app: &mut App, mut picker: Picker, action: Action) -> Vec<Job> {
    let rows = app.picker_rows(&picker);
    let mut jobs = Vec::new();
    let branch_at = |app: &App, row: Option<&PickerRow>| -> Option<String> {
        let repo = app.repo.ready()?;
        match row? {
            PickerRow::Branch(i) => Some(repo.branches[*i].name.clone()),
            PickerRow::Revision { branch, .. }
            | PickerRow::Loading(branch)
            | PickerRow::Failed(branch, _) => Some(branch.clone()),
        }
    };
    match action {
        Action::Down => picker.cursor = (picker.cursor + 1).min(rows.len().saturating_sub(1)),
        Action::Up => picker.cursor = picker.cursor.saturating_sub(1),
        Action::First => picker.cursor = 0,
        Action::Last => picker.cursor = rows.len().saturating_sub(1),
        Action::SwitchSide => {
            picker.side = match picker.side {
                Side::From => Side::To,
                Side::To => Side::From,
            }
        }
        Action::Expand => {
            if let (Some(branch), Some(draft)) =
                (branch_at(app, rows.get(picker.cursor)), app.draft.clone())
            {
                if picker.expanded.insert(branch.clone())
                    && !app.revisions.contains_key(&(branch.clone(), draft.clone()))
                {
                    app.revisions
                        .insert((branch.clone(), draft.clone()), Loadable::Loading);
                    jobs.push(Job::Revisions { branch, draft });
                }
            }
        }
        Action::Collapse => {
            if let Some(branch) = branch_at(app, rows.get(picker.cursor)) {
                picker.expanded.remove(&branch);
                let rows = app.picker_rows(&picker);
                picker.cursor = rows
                    .iter()
                    .position(|r| {
                        matches!(r, PickerRow::Branch(i)
                        if app.repo.ready().is_some_and(|repo| repo.branches[*i].name == branch))
                    })
                    .unwrap_or(0);
            }
        }
        Action::Confirm => {
            let chosen = match rows.get(picker.cursor) {
                Some(PickerRow::Branch(i)) => app.repo.ready().map(|r| r.branches[*i].name.clone()),
                Some(PickerRow::Revision { branch, index }) => app
                    .revisions
                    .get(&(branch.clone(), app.draft.clone().unwrap_or_default()))
                    .and_then(Loadable::ready)
                    .and_then(|list| list.get(*index))
                    .map(|r| r.id.to_string()),
                _ => None,
            };
            if let Some(rev) = chosen {
                match picker.side {
                    Side::From => app.from = rev,
                    Side::To => app.to = rev,
                }
                app.overlay = Overlay::None;
                return app.request_diff();
            }
        }
        Action::Cancel | Action::OpenCompare => {
            app.overlay = Overlay::None;
            return jobs;
        }
        Action::Quit => {
            app.quit = true;
            return jobs;
        }
        Action::Help => {
            app.overlay = Overlay::Compare(picker);
            app.open_help();
            return jobs;
        }
        _ => {}
    }
    app.overlay = Overlay::Compare(picker);
    jobs
}

pub(super) fn on_drafts_key(app: &mut App, cursor: usize, action: Action) -> Vec<Job> {
    let count = app.repo.ready().map_or(0, |r| r.drafts.len());
    app.overlay = match action {
        Action::Down => Overlay::Drafts {
            cursor: (cursor + 1).min(count.saturating_sub(1)),
        },
        Action::Up => Overlay::Drafts {
            cursor: cursor.saturating_sub(1),
        },
        Action::First => Overlay::Drafts { cursor: 0 },
        Action::Last => Overlay::Drafts {
            cursor: count.saturating_sub(1),
        },
        Action::Help => {
            app.open_help();
            return Vec::new();
        }
        Action::Confirm => {
            let chosen = app.repo.ready().and_then(|r| r.drafts.get(cursor).cloned());
            app.overlay = Overlay::None;
            if let Some(d) = chosen {
                if app.draft.as_ref() != Some(&d) {
                    app.draft = Some(d);
                    app.selected_key = None;
                    app.scroll = 0;
                    return app.request_diff();
                }
            }
            Overlay::None
        }
        Action::Quit => {
            app.quit = true;
            Overlay::None
        }
        Action::Cancel | Action::OpenDrafts => Overlay::None,
        _ => Overlay::Drafts { cursor },
    };
    Vec::new()
}
