//! The one key table: for each mode of the screen, which keys do what, with
//! a description in Vietnamese and English. Key dispatch (`action_for`), the
//! help overlay (`help_rows`) and every footer (`footer_hints`) read it, so
//! they cannot drift apart — helix's keymap, with `Binding` in the place of
//! `MappableCommand`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::i18n::Lang;

mod hints;
mod legend;
mod table;
pub use hints::HINTS;
pub use legend::LEGEND;
pub use table::BINDINGS;
#[cfg(test)]
use table::OVERLAYS;

/// What the screen is doing, which decides what a key means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// The outline and the text of the selected section.
    Review,
    /// The text of the selected section has the keys (`Tab`): j/k scroll it.
    Text,
    /// The comments pane is open (and has the keys).
    Threads,
    /// Writing a comment, reply, change request or a section's text: keys
    /// are text, except the few bound here.
    Editor,
    /// Choosing the two revisions to compare (`r`).
    Picker,
    /// Choosing another draft (`d`).
    Drafts,
    /// "Việc của tôi" (`w`).
    MyWork,
    /// "Kiểm tra" (`i`): what lint finds in the draft.
    Check,
    /// Something to read: since I approved, every department, a branch's
    /// error on the merge board.
    Reading,
    /// The merge board's list of department branches.
    BoardList,
    /// One branch's merge plan on the board.
    BoardPlan,
    /// A question before a write: "no" has the focus.
    Confirm,
    /// This help.
    Help,
    /// `/`: typing what to search for in the footer.
    Search,
    /// `:`: typing a section's number in the footer.
    Jump,
    /// The terminal is smaller than the screen needs.
    TooSmall,
}

impl Mode {
    /// Whether keys not bound in the mode are text (the editor, a prompt).
    pub fn takes_text(self) -> bool {
        matches!(self, Mode::Editor | Mode::Search | Mode::Jump)
    }

    /// Every mode, in the order the help lists them after the current one.
    pub const ALL: [Mode; 16] = [
        Mode::Review,
        Mode::Text,
        Mode::Search,
        Mode::Jump,
        Mode::Threads,
        Mode::Editor,
        Mode::Picker,
        Mode::Drafts,
        Mode::MyWork,
        Mode::Check,
        Mode::Reading,
        Mode::BoardList,
        Mode::BoardPlan,
        Mode::Confirm,
        Mode::Help,
        Mode::TooSmall,
    ];

    /// The mode's name, as the help's headings write it.
    pub fn name(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            Mode::Review => ("Xem và duyệt", "Reviewing"),
            Mode::Text => ("Đọc nội dung mục (Tab)", "Reading the text (Tab)"),
            Mode::Threads => ("Khung góp ý (t)", "Comments pane (t)"),
            Mode::Editor => ("Soạn thảo", "Writing"),
            Mode::Picker => (
                "Chọn phiên bản để so sánh (r)",
                "Choosing what to compare (r)",
            ),
            Mode::Drafts => ("Chọn dự thảo (d)", "Choosing a draft (d)"),
            Mode::MyWork => ("Việc của tôi (w)", "My work (w)"),
            Mode::Check => ("Kiểm tra (i)", "Check (i)"),
            Mode::Reading => ("Cửa sổ để đọc (u, o, lỗi)", "Reading (u, o, an error)"),
            Mode::BoardList => (
                "Bảng tổng hợp: các phòng (m)",
                "Merge board: departments (m)",
            ),
            Mode::BoardPlan => ("Bảng tổng hợp: kế hoạch hợp nhất", "Merge board: the plan"),
            Mode::Confirm => ("Câu hỏi trước khi ghi", "A question before writing"),
            Mode::Help => ("Trợ giúp", "Help"),
            Mode::Search => ("Tìm (/)", "Searching (/)"),
            Mode::Jump => ("Tới mục theo số (:)", "Going to a section by number (:)"),
            Mode::TooSmall => ("Cửa sổ quá nhỏ", "Window too small"),
        };
        match lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// The editor's own editing (ratatui-textarea's keys): listed in the table
/// so the help shows them, passed to the text area as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typing {
    DeleteBack,
    DeleteForward,
    DeleteWord,
    DeleteToEnd,
    Undo,
    Redo,
    Move,
    LineStart,
    LineEnd,
    NewLine,
    Cut,
    PasteCut,
}

/// What a key asks for. What it does depends on what is open (see `app::update`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Down,
    Up,
    First,
    Last,
    PageDown,
    PageUp,
    ScrollDown,
    ScrollUp,
    NextChange,
    PrevChange,
    ToggleSideBySide,
    ToggleChangedOnly,
    ToggleOutline,
    OpenCompare,
    OpenDrafts,
    ToggleRange,
    Comment,
    Approve,
    RequestChanges,
    Threads,
    Resolve,
    MyWork,
    /// `i`: the "Kiểm tra" panel (lint findings).
    Check,
    /// In the panel: set a finding aside, with a reason.
    Dismiss,
    SinceApproved,
    Edit,
    Send,
    Board,
    AllDepartments,
    Withdraw,
    Refresh,
    SwitchSide,
    Expand,
    Collapse,
    Confirm,
    Help,
    Cancel,
    Quit,
    /// `/`: search section titles and text.
    Search,
    /// `:`: go to a section by its number path.
    JumpTo,
    /// `Tab`: the keys go to the outline, or to the text.
    SwitchPane,
    /// `M`: the mouse on or off (off by default: on, the terminal's own
    /// text selection does not work, as in PuTTY).
    ToggleMouse,
    /// Editor: the next (previous) field of a section's editor.
    NextField,
    PrevField,
    /// Editor: continue in `$VISUAL`/`$EDITOR` (the event loop runs it; not
    /// with `--restricted`).
    ExternalEditor,
    /// Editor: a key the text area handles itself.
    Type(Typing),
}

impl Action {
    /// Whether the action writes a record or opens the question before one
    /// (what a burst of keys — a paste — must never do).
    pub fn writes(self) -> bool {
        matches!(
            self,
            Action::Approve
                | Action::RequestChanges
                | Action::Dismiss
                | Action::Withdraw
                | Action::Resolve
                | Action::Send
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    /// How the help and the footer write it.
    pub label: &'static str,
}

const fn key(code: KeyCode, label: &'static str) -> Key {
    Key {
        code,
        ctrl: false,
        label,
    }
}

const fn ctrl(c: char, label: &'static str) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
        label,
    }
}

const fn ch(c: char, label: &'static str) -> Key {
    key(KeyCode::Char(c), label)
}

/// One line of the table: in these modes, these keys do this.
#[derive(Debug, PartialEq, Eq)]
pub struct Binding {
    pub modes: &'static [Mode],
    pub action: Action,
    pub keys: &'static [Key],
    pub vi: &'static str,
    pub en: &'static str,
}

impl Binding {
    pub fn describe(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => self.vi,
            Lang::En => self.en,
        }
    }

    pub fn key_labels(&self) -> String {
        self.keys
            .iter()
            .map(|k| k.label)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

const fn bind(
    modes: &'static [Mode],
    action: Action,
    keys: &'static [Key],
    vi: &'static str,
    en: &'static str,
) -> Binding {
    Binding {
        modes,
        action,
        keys,
        vi,
        en,
    }
}

/// The bindings of one mode, in table order.
pub fn bindings(mode: Mode) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.modes.contains(&mode))
}

/// The action bound to a key press in this mode, if any.
pub fn action_for(mode: Mode, event: KeyEvent) -> Option<Action> {
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    // Terminals differ in whether Shift+j arrives as 'J' or as 'j' with SHIFT.
    let code = match event.code {
        KeyCode::Char(c) if event.modifiers.contains(KeyModifiers::SHIFT) => {
            KeyCode::Char(c.to_ascii_uppercase())
        }
        other => other,
    };
    bindings(mode)
        .find(|b| b.keys.iter().any(|k| k.code == code && k.ctrl == ctrl))
        .map(|b| b.action)
}

/// The first key bound to `action` in `mode`, as the footer writes it.
pub fn first_key(mode: Mode, action: Action) -> Option<&'static str> {
    bindings(mode)
        .find(|b| b.action == action)
        .and_then(|b| b.keys.first())
        .map(|k| k.label)
}

/// One reminder in a mode's footer: the first key of each action (joined
/// with "/") and a word or two. `rank` orders what is dropped first when
/// the row is too narrow (0 is kept longest).
#[derive(Debug, PartialEq, Eq)]
pub struct Hint {
    pub mode: Mode,
    pub actions: &'static [Action],
    pub vi: &'static str,
    pub en: &'static str,
    pub rank: u8,
}

const fn hint(
    mode: Mode,
    actions: &'static [Action],
    vi: &'static str,
    en: &'static str,
    rank: u8,
) -> Hint {
    Hint {
        mode,
        actions,
        vi,
        en,
        rank,
    }
}

impl Hint {
    /// "j/k": the first key of each action in the hint's mode.
    pub fn keys(&self) -> String {
        self.actions
            .iter()
            .filter_map(|&a| first_key(self.mode, a))
            .collect::<Vec<_>>()
            .join("/")
    }

    pub fn describe(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => self.vi,
            Lang::En => self.en,
        }
    }
}

/// What the screen offers beyond the mode: a section's editor has fields,
/// `--restricted` has no external editor, and while a search is active n/N
/// go from match to match (the footer says so in place of "changes").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Offer {
    pub fields: bool,
    pub restricted: bool,
    pub searching: bool,
}

impl Offer {
    pub fn has(self, action: Action) -> bool {
        match action {
            Action::NextField | Action::PrevField => self.fields,
            Action::ExternalEditor => !self.restricted,
            Action::NextChange | Action::PrevChange => !self.searching,
            _ => true,
        }
    }
}

/// The footer of a mode: the hints that fit in `width` columns, the most
/// important kept, shown in their usual order.
pub fn footer_hints(mode: Mode, lang: Lang, offer: Offer, width: usize) -> String {
    let hints: Vec<&Hint> = HINTS
        .iter()
        .filter(|h| h.mode == mode && h.actions.iter().all(|&a| offer.has(a)))
        .collect();
    let texts: Vec<String> = hints
        .iter()
        .map(|h| format!("{} {}", h.keys(), h.describe(lang)))
        .collect();
    let mut order: Vec<usize> = (0..hints.len()).collect();
    order.sort_by_key(|&i| hints[i].rank);
    let mut shown = vec![false; hints.len()];
    // One column before the first hint, two between hints.
    let mut used = 1;
    for i in order {
        let w = unicode_width::UnicodeWidthStr::width(texts[i].as_str()) + 2;
        if used + w <= width + 2 {
            shown[i] = true;
            used += w;
        }
    }
    let parts: Vec<&str> = texts
        .iter()
        .zip(&shown)
        .filter(|(_, on)| **on)
        .map(|(t, _)| t.as_str())
        .collect();
    format!(" {}", parts.join("  "))
}

/// One row of the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpRow {
    Blank,
    Heading(&'static str),
    /// Keys (or a marker) and what they do (or mean).
    Entry {
        keys: String,
        text: &'static str,
    },
    /// An entry as drawn, wrapped: the keys on its first line only.
    Line {
        keys: String,
        text: String,
    },
}

/// Columns of the help's key column.
pub const HELP_KEY_WIDTH: usize = 19;

/// The help overlay on a screen of this size: its outer rectangle's width
/// and height, the rows of text it shows, and the columns left for a
/// description. The view draws it so; `update` scrolls by it.
pub fn help_size((w, h): (u16, u16)) -> (u16, u16, usize, usize) {
    let width = w.saturating_sub(4).min(96);
    let height = h.saturating_sub(2);
    let visible = usize::from(height.saturating_sub(2));
    let text = usize::from(width.saturating_sub(2)).saturating_sub(HELP_KEY_WIDTH + 4);
    (width, height, visible, text)
}

/// The help's rows for a screen of this size, descriptions wrapped to it.
pub fn help_lines(lang: Lang, current: Mode, offer: Offer, size: (u16, u16)) -> Vec<HelpRow> {
    let width = help_size(size).3.max(10);
    let mut out = Vec::new();
    for row in help_rows(lang, current, offer) {
        let HelpRow::Entry { keys, text } = row else {
            out.push(row);
            continue;
        };
        let piece = super::wrap::Piece {
            kind: super::wrap::Kind::Text,
            text,
            hunk_start: false,
        };
        let rows = super::wrap::wrap(&[piece], width).rows;
        for (i, r) in rows.into_iter().enumerate() {
            let line: String = r.into_iter().map(|(_, t)| t).collect();
            let keys = if i == 0 { keys.clone() } else { String::new() };
            out.push(HelpRow::Line { keys, text: line });
        }
    }
    out
}

/// The help's rows: the keys of `current` (the mode help was opened from)
/// first, then each other mode's keys not listed yet, then the legend of
/// markers. Generated from `BINDINGS`, so help and dispatch agree.
pub fn help_rows(lang: Lang, current: Mode, offer: Offer) -> Vec<HelpRow> {
    let mut out = Vec::new();
    let mut listed: Vec<*const Binding> = Vec::new();
    let modes = std::iter::once(current).chain(Mode::ALL.into_iter().filter(|&m| m != current));
    for mode in modes {
        let new: Vec<&Binding> = bindings(mode)
            .filter(|b| !listed.contains(&(*b as *const Binding)))
            .filter(|b| !offer.restricted || b.action != Action::ExternalEditor)
            .collect();
        if new.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(HelpRow::Blank);
        }
        out.push(HelpRow::Heading(mode.name(lang)));
        for b in new {
            listed.push(b);
            out.push(HelpRow::Entry {
                keys: b.key_labels(),
                text: b.describe(lang),
            });
        }
    }
    out.push(HelpRow::Blank);
    out.push(HelpRow::Heading(match lang {
        Lang::Vi => "Ký hiệu trên màn hình",
        Lang::En => "Markers on the screen",
    }));
    for (marker, vi, en) in LEGEND {
        out.push(HelpRow::Entry {
            keys: (*marker).to_owned(),
            text: if lang == Lang::Vi { vi } else { en },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_a_mode() {
        for mode in Mode::ALL {
            let mut seen = Vec::new();
            for b in bindings(mode) {
                for k in b.keys {
                    let id = (k.code, k.ctrl);
                    assert!(!seen.contains(&id), "{} bound twice in {mode:?}", k.label);
                    seen.push(id);
                }
            }
        }
    }

    #[test]
    fn vim_keys_and_arrows_agree() {
        let press = |mode, code| action_for(mode, KeyEvent::new(code, KeyModifiers::NONE));
        for mode in [Mode::Review, Mode::Picker, Mode::BoardPlan, Mode::Help] {
            assert_eq!(press(mode, KeyCode::Char('j')), press(mode, KeyCode::Down));
            assert_eq!(press(mode, KeyCode::Char('k')), press(mode, KeyCode::Up));
        }
        assert_eq!(
            press(Mode::Picker, KeyCode::Char('l')),
            press(Mode::Picker, KeyCode::Right)
        );
        assert_eq!(
            press(Mode::Picker, KeyCode::Char('h')),
            press(Mode::Picker, KeyCode::Left)
        );
        let shifted = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::SHIFT);
        assert_eq!(action_for(Mode::Review, shifted), Some(Action::PrevChange));
    }

    #[test]
    fn every_mode_but_the_editor_can_quit_and_every_overlay_closes_with_esc_and_q() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        let esc = KeyEvent::from(KeyCode::Esc);
        let q = KeyEvent::from(KeyCode::Char('q'));
        for mode in Mode::ALL {
            if mode != Mode::Editor {
                assert_eq!(action_for(mode, ctrl_c), Some(Action::Quit), "{mode:?}");
            }
        }
        for mode in OVERLAYS.iter().chain(&[Mode::BoardPlan, Mode::Confirm]) {
            assert_eq!(action_for(*mode, esc), Some(Action::Cancel), "{mode:?}");
            assert_eq!(action_for(*mode, q), Some(Action::Cancel), "{mode:?}");
        }
    }

    #[test]
    fn every_footer_key_is_bound_in_its_mode() {
        for h in HINTS {
            for &a in h.actions {
                assert!(
                    first_key(h.mode, a).is_some(),
                    "{a:?} in the {:?} footer is not bound there",
                    h.mode
                );
            }
        }
    }

    #[test]
    fn every_binding_is_described_and_in_the_help() {
        for lang in [Lang::Vi, Lang::En] {
            let rows = help_rows(lang, Mode::Review, Offer::default());
            for b in BINDINGS {
                assert!(!b.describe(lang).is_empty() && !b.keys.is_empty() && !b.modes.is_empty());
                let entry = HelpRow::Entry {
                    keys: b.key_labels(),
                    text: b.describe(lang),
                };
                assert!(rows.contains(&entry), "{b:?} is not in the help");
            }
        }
    }

    #[test]
    fn the_help_starts_with_the_current_mode() {
        let rows = help_rows(Lang::En, Mode::BoardPlan, Offer::default());
        assert_eq!(rows[0], HelpRow::Heading(Mode::BoardPlan.name(Lang::En)));
        let restricted = Offer {
            restricted: true,
            ..Offer::default()
        };
        let rows = help_rows(Lang::En, Mode::Editor, restricted);
        assert!(
            !rows
                .iter()
                .any(|r| matches!(r, HelpRow::Entry { keys, .. } if keys == "F3"))
        );
    }
}
