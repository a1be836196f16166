//! The editor's keys on the screen: typing (the few keys bound in the
//! editor mode are commands, everything else is text), closing with the
//! text kept as unsent, and sending.

use crossterm::event::KeyEvent;

use crate::tui::app::{App, Job, Overlay};
use crate::tui::editor::Field;
use crate::tui::keys::{Action, Typing};
use crate::tui::review::{Purpose, Write};

use super::review::me;

/// Puts `text` in the open editor's focused field (after $EDITOR).
pub fn replace_text(app: &mut App, text: &str) {
    if let Overlay::Editor(editor) = &mut app.overlay {
        editor.replace_focused(text);
    }
}

/// Pasted text, into the open editor's focused field.
pub fn paste(app: &mut App, text: &str) {
    if let Overlay::Editor(editor) = &mut app.overlay {
        editor.paste(text);
    }
}

/// The text of the open editor's focused field, for $EDITOR.
pub fn focused_text(app: &App) -> Option<String> {
    match &app.overlay {
        Overlay::Editor(editor) => Some(editor.focused_text()),
        _ => None,
    }
}

/// A key typed into the editor: the few bound in the key table's editor
/// mode are commands, everything else is text.
pub fn on_text(app: &mut App, key: KeyEvent) -> Vec<Job> {
    let Overlay::Editor(editor) = &mut app.overlay else {
        return Vec::new();
    };
    match crate::tui::keys::action_for(crate::tui::keys::Mode::Editor, key) {
        Some(Action::Cancel) if matches!(editor.purpose, Purpose::MergeEdit { .. }) => {
            // Kept like any unsent text; back to the board.
            app.unsent.insert(editor.purpose_key(), editor.text());
            app.overlay = Overlay::Board;
            Vec::new()
        }
        Some(Action::Cancel) => {
            // Keep what was written; opening the same editor brings it back.
            let text = editor.text();
            let purpose = editor.purpose.key();
            if text.trim().is_empty() {
                app.unsent.remove(&purpose);
            } else {
                app.unsent.insert(purpose, text);
            }
            app.overlay = Overlay::None;
            Vec::new()
        }
        Some(Action::Send) => send(app),
        Some(action @ (Action::NextField | Action::PrevField)) => {
            editor.cycle(action == Action::PrevField);
            Vec::new()
        }
        Some(Action::Type(Typing::NewLine)) if editor.focus == Field::Title => {
            editor.focus = Field::Body;
            Vec::new()
        }
        // The note is one line: its first line is the commit's subject.
        Some(Action::Type(Typing::NewLine)) if editor.focus == Field::Note => Vec::new(),
        // `update` asks for $EDITOR (`Effect::OpenEditor`).
        Some(Action::ExternalEditor) => Vec::new(),
        _ => {
            editor.error = None;
            // Everything else (Ctrl+H as Backspace included) is the text
            // area's own editing.
            match editor.focused_line() {
                Some(line) => line.input(key),
                None => editor.body.input(key),
            };
            Vec::new()
        }
    }
}

pub fn send(app: &mut App) -> Vec<Job> {
    let t = app.lang.t();
    let Some(who) = me(app) else {
        return Vec::new();
    };
    let Overlay::Editor(editor) = &mut app.overlay else {
        return Vec::new();
    };
    if app.writing {
        return Vec::new();
    }
    let text = editor.text().trim().to_owned();
    if let Purpose::MergeEdit { section, .. } = &editor.purpose {
        // Not a write: the board keeps it as the section's decision.
        let (section, body, key) = (section.clone(), editor.text(), editor.purpose_key());
        app.unsent.remove(&key);
        return super::board::set_edited(app, &section, body);
    }
    let write = match &editor.purpose {
        Purpose::Comment {
            draft,
            section,
            rev,
            ..
        } => Write::Comment {
            draft: draft.clone(),
            section: section.clone(),
            rev: rev.clone(),
            text: text.clone(),
        },
        Purpose::RequestChanges {
            draft,
            section,
            rev,
            ..
        } => Write::RequestChanges {
            draft: draft.clone(),
            section: section.clone(),
            rev: rev.clone(),
            text: text.clone(),
        },
        Purpose::Reply { record, .. } => Write::Reply {
            record: record.clone(),
            text: text.clone(),
        },
        Purpose::Edit { draft, section, .. } => Write::Edit {
            draft: draft.clone(),
            section: section.clone(),
            title: editor.title_text().filter(|t| !t.is_empty()),
            body: editor.text(),
            message: editor.note_text(),
        },
        Purpose::Dismiss {
            draft, rev, key, ..
        } => Write::Dismiss {
            draft: draft.clone(),
            rev: rev.clone(),
            key: key.clone(),
            text: text.clone(),
        },
        Purpose::MergeEdit { .. } => unreachable!("handled above"),
    };
    let needs_text = !matches!(write, Write::Edit { .. });
    if needs_text && text.is_empty() {
        editor.error = Some(t.text_required.to_owned());
        return Vec::new();
    }
    // Until git says it is written, the text is also kept as unsent.
    app.unsent.insert(editor.purpose.key(), editor.text());
    app.writing = true;
    app.message = Some(t.sending.to_owned());
    vec![Job::Write {
        who,
        write,
        purpose: Some(editor.purpose.key()),
    }]
}
