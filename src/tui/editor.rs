//! The editor's state: its fields (one text area; for a section, also a
//! title and a revision note), what typing, pasting and `$EDITOR`'s text do
//! to them. Opening, closing and sending are `update::editor`'s; the view
//! draws it from `view::overlays`.

use ratatui_textarea::{TextArea, WrapMode};

use super::review::Purpose;

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
    pub note_default: String,
    /// The field keys go to.
    pub focus: Field,
    pub error: Option<String>,
}

/// A one-line field with the cursor at its end.
pub fn line_field(text: &str) -> TextArea<'static> {
    let mut a = TextArea::new(vec![text.to_owned()]);
    a.move_cursor(ratatui_textarea::CursorMove::End);
    a
}

impl Editor {
    pub fn new(purpose: Purpose, body: &str, title: Option<&str>) -> Editor {
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

    pub fn title_text(&self) -> Option<String> {
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
    pub fn cycle(&mut self, back: bool) {
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
    pub fn focused_line(&mut self) -> Option<&mut TextArea<'static>> {
        match self.focus {
            Field::Title => self.title.as_mut(),
            Field::Note => self.note.as_mut(),
            Field::Body => None,
        }
    }

    /// Puts `text` in the focused field (after $EDITOR).
    pub fn replace_focused(&mut self, text: &str) {
        let lines: Vec<String> = text
            .trim_end_matches('\n')
            .lines()
            .map(str::to_owned)
            .collect();
        match self.focused_line() {
            Some(field) => *field = line_field(&lines.join(" ")),
            None => {
                let mut area = TextArea::new(lines);
                area.set_wrap_mode(WrapMode::WordOrGlyph);
                self.body = area;
            }
        }
    }

    /// Pasted text, into the focused field as it is (a one-line field takes
    /// it on one line). Windows line ends become newlines.
    pub fn paste(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        self.error = None;
        match self.focused_line() {
            // A one-line field takes the pasted lines joined by spaces.
            Some(line) => {
                line.insert_str(text.split_whitespace().collect::<Vec<_>>().join(" "));
            }
            None => {
                self.body.insert_str(text);
            }
        }
    }

    /// The focused field's text, for $EDITOR.
    pub fn focused_text(&self) -> String {
        let line = match self.focus {
            Field::Title => self.title.as_ref(),
            Field::Note => self.note.as_ref(),
            Field::Body => None,
        };
        line.map_or_else(|| self.text(), |l| l.lines().join(" "))
    }
}
