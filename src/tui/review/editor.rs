//! The editor: its fields, what typing and pasting do, and sending.

use crossterm::event::KeyEvent;
use ratatui_textarea::{TextArea, WrapMode};

use crate::tui::app::{App, Job, Overlay};
use crate::tui::keys::{Action, Typing};

use super::*;

/// A field of the section editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Body,
    /// The revision note: the commit message of the edit.
    Note,
}

/// The editor overlay: one text area; when editing a section, also a title
/// line and a revision note line (the commit's subject).
#[derive(Debug, Clone)]
pub struct Editor {
    pub purpose: Purpose,
    pub body: TextArea<'static>,
    pub title: Option<TextArea<'static>>,
    /// Pre-filled with the default subject (`ops::edit::default_subject`).
    pub note: Option<TextArea<'static>>,
    /// The note as pre-filled: left as it is, the edit gets the default
    /// message made from the section as saved (a renamed title included).
    pub(super) note_default: String,
    /// The field keys go to.
    pub focus: Field,
    pub error: Option<String>,
}

/// A one-line field with the cursor at its end.
pub(super) fn line_field(text: &str) -> TextArea<'static> {
    let mut a = TextArea::new(vec![text.to_owned()]);
    a.move_cursor(ratatui_textarea::CursorMove::End);
    a
}

impl Editor {
    pub(super) fn new(purpose: Purpose, body: &str, title: Option<&str>) -> Editor {
        let mut area = TextArea::new(body.lines().map(str::to_owned).collect());
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        Editor {
            purpose,
            body: area,
            title: title.map(line_field),
            note: None,
            note_default: String::new(),
            focus: Field::Body,
            error: None,
        }
    }

    /// The key under which this editor's unsent text is kept.
    pub fn purpose_key(&self) -> String {
        self.purpose.key()
    }

    /// The body's text, lines joined.
    pub fn text(&self) -> String {
        self.body.lines().join("\n")
    }

    fn title_text(&self) -> Option<String> {
        self.title
            .as_ref()
            .map(|t| t.lines().join(" ").trim().to_owned())
    }

    /// The revision note as written, or `None` when it is the pre-filled
    /// default or empty (the edit then gets the default message).
    pub fn note_text(&self) -> Option<String> {
        let note = self.note.as_ref()?.lines().join(" ");
        let note = note.trim();
        (!note.is_empty() && note != self.note_default.trim()).then(|| note.to_owned())
    }

    /// The fields Tab cycles through, in order.
    fn fields(&self) -> Vec<Field> {
        let mut fields = Vec::with_capacity(3);
        if self.title.is_some() {
            fields.push(Field::Title);
        }
        fields.push(Field::Body);
        if self.note.is_some() {
            fields.push(Field::Note);
        }
        fields
    }

    /// Moves the focus to the next field (`back`: the previous one). Coming
    /// to a note still as pre-filled selects it, so typing replaces it (and
    /// `End` or an arrow keeps it, to add to it).
    fn cycle(&mut self, back: bool) {
        let fields = self.fields();
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        let n = fields.len();
        self.focus = fields[if back { (at + n - 1) % n } else { (at + 1) % n }];
        let pristine = self.note.is_some() && self.note_text().is_none();
        if let Some(note) = &mut self.note {
            if self.focus == Field::Note && pristine {
                note.select_all();
            } else {
                note.cancel_selection();
            }
        }
    }

    /// The one-line field that has the keys, if one has.
    fn focused_line(&mut self) -> Option<&mut TextArea<'static>> {
        match self.focus {
            Field::Title => self.title.as_mut(),
            Field::Note => self.note.as_mut(),
            Field::Body => None,
        }
    }
}

/// Puts `text` in the open editor's focused field (after $EDITOR).
pub fn replace_text(app: &mut App, text: &str) {
    if let Overlay::Editor(editor) = &mut app.overlay {
        let lines: Vec<String> = text
            .trim_end_matches('\n')
            .lines()
            .map(str::to_owned)
            .collect();
        match editor.focused_line() {
            Some(field) => *field = line_field(&lines.join(" ")),
            None => {
                let mut area = TextArea::new(lines);
                area.set_wrap_mode(WrapMode::WordOrGlyph);
                editor.body = area;
            }
        }
    }
}

/// Pasted text, into the open editor's focused field as it is (a title
/// takes it on one line). Windows line ends become newlines.
pub fn paste(app: &mut App, text: &str) {
    let Overlay::Editor(editor) = &mut app.overlay else {
        return;
    };
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    editor.error = None;
    let line = match editor.focus {
        Field::Title => editor.title.as_mut(),
        Field::Note => editor.note.as_mut(),
        Field::Body => None,
    };
    match line {
        // A one-line field takes the pasted lines joined by spaces.
        Some(line) => {
            line.insert_str(text.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        None => {
            editor.body.insert_str(text);
        }
    }
}

/// The text of the open editor's focused field, for $EDITOR.
pub fn focused_text(app: &App) -> Option<String> {
    let Overlay::Editor(editor) = &app.overlay else {
        return None;
    };
    let line = match editor.focus {
        Field::Title => editor.title.as_ref(),
        Field::Note => editor.note.as_ref(),
        Field::Body => None,
    };
    Some(line.map_or_else(|| editor.text(), |l| l.lines().join(" ")))
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

pub(super) fn send(app: &mut App) -> Vec<Job> {
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
        return crate::tui::board::set_edited(app, &section, body);
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
