//! The screen without a terminal (tests/tui.rs, tests/tui_review.rs,
//! tests/tui_board.rs): the demo repository, the screen opened as someone
//! with everything loaded (`open_inline` / `settle`), keys pressed and text
//! typed as the terminal sends them, and the screen drawn on ratatui's
//! `TestBackend` and read back as text.

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use duyet::core::Identity;
use duyet::store::Store;
use duyet::tui::app::{App, Msg, OutlineRow, Overlay};
use duyet::tui::keys::{self, Action};
use duyet::tui::theme::Theme;
use duyet::tui::update::update;
use duyet::tui::{Lang, open_inline, settle};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

/// The demo repository in `dir`, inside a temporary folder that lives as
/// long as this value.
pub struct Repo {
    pub tmp: tempfile::TempDir,
    pub dir: PathBuf,
    pub store: Store,
}

impl Repo {
    /// Runs `git args…` in the repository (HOME in the temporary folder, no
    /// user or system configuration), asserting success; returns stdout.
    pub fn git(&self, args: &[&str]) -> String {
        super::git_ok_home(&self.dir, self.tmp.path(), args)
    }
}

/// The demo repository, built in a temporary folder.
pub fn demo() -> Repo {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    duyet::demo::build(&dir).unwrap();
    let store = Store::open(Some(&dir)).unwrap();
    Repo { tmp, dir, store }
}

/// `Name <email>` as an identity.
pub fn who(s: &str) -> Identity {
    Identity::parse(s).unwrap()
}

/// The screen opened on `store` as `person` (`Name <email>`), in `lang` at
/// `size`, with the first comparison loaded.
pub fn open(store: &Store, person: &str, lang: Lang, size: (u16, u16)) -> App {
    let mut app = App::new(lang, size);
    open_inline(store, &mut app, Some(who(person)));
    assert!(
        app.review.comparison.ready().is_some(),
        "the first comparison did not load"
    );
    app
}

/// Applies actions one by one, running the git work each one asks for.
/// Actions are keys outside the editor (inside it, keys are text:
/// `text_key`).
pub fn press(store: &Store, app: &mut App, actions: &[Action]) {
    for &action in actions {
        assert!(
            !app.editing(),
            "{action:?} pressed while the editor is open"
        );
        let jobs = update(app, Msg::Key(action));
        settle(store, app, jobs);
    }
}

/// The action a key press is bound to in the screen's mode, through the
/// key table.
pub fn bound(app: &App, event: KeyEvent) -> Action {
    let mode = app.mode();
    keys::action_for(mode, event).unwrap_or_else(|| panic!("{event:?} is bound in {mode:?}"))
}

/// Presses a key as the terminal sends it, through the key table.
pub fn key_code(store: &Store, app: &mut App, code: KeyCode) {
    let action = bound(app, KeyEvent::new(code, KeyModifiers::NONE));
    press(store, app, &[action]);
}

/// Presses a character key as the terminal sends it.
pub fn key(store: &Store, app: &mut App, c: char) {
    key_code(store, app, KeyCode::Char(c));
}

/// A key typed while the editor is open (text, not a command).
pub fn text_key(store: &Store, app: &mut App, event: KeyEvent) {
    assert!(app.editing(), "the editor is open");
    let jobs = update(app, Msg::Text(event));
    settle(store, app, jobs);
}

/// Types `s` character by character into the editor.
pub fn type_text(store: &Store, app: &mut App, s: &str) {
    for c in s.chars() {
        let code = if c == '\n' {
            KeyCode::Enter
        } else {
            KeyCode::Char(c)
        };
        text_key(store, app, KeyEvent::new(code, KeyModifiers::NONE));
    }
}

/// The editor's text; fails if the editor is not open.
pub fn editor_text(app: &App) -> String {
    match &app.overlay {
        Overlay::Editor(e) => e.text(),
        other => panic!("the editor is not open: {other:?}"),
    }
}

/// The section id of an outline row (`None` for the preamble/closing).
pub fn row_id(app: &App, row: usize) -> Option<String> {
    let cmp = app.review.comparison.ready()?;
    match app.review.rows.get(row)? {
        OutlineRow::Section(i) => Some(cmp.diff.sections[*i].id.clone()),
        _ => None,
    }
}

/// Moves the selection to the section `id` with j/k, as a user would.
pub fn select_section(store: &Store, app: &mut App, id: &str) {
    let target = (0..app.review.rows.len())
        .find(|&r| row_id(app, r).as_deref() == Some(id))
        .unwrap_or_else(|| panic!("{id} is in the outline"));
    while app.review.selected < target {
        press(store, app, &[Action::Down]);
    }
    while app.review.selected > target {
        press(store, app, &[Action::Up]);
    }
    assert_eq!(app.selected_section_id(), Some(id));
}

/// Draws the app at its own size.
pub fn draw_with(app: &App, theme: &Theme) -> Terminal<TestBackend> {
    let (w, h) = app.size;
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| duyet::tui::view::draw(f, app, theme))
        .unwrap();
    term
}

/// Draws the app in the default theme.
pub fn draw(app: &App) -> Terminal<TestBackend> {
    draw_with(app, &Theme::builtin(false))
}

/// The buffer's rows as text.
pub fn rows(buf: &Buffer) -> Vec<String> {
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect()
}

/// The buffer as text, a line per row.
pub fn text(buf: &Buffer) -> String {
    rows(buf).join("\n")
}

/// The rows of the screen as drawn now.
pub fn screen_rows(app: &App) -> Vec<String> {
    rows(draw(app).backend().buffer())
}

/// The screen as drawn now, a line per row.
pub fn screen(app: &App) -> String {
    screen_rows(app).join("\n")
}

/// The screen's last row, as drawn now.
pub fn footer(app: &App) -> String {
    screen_rows(app).pop().unwrap()
}

/// Where `needle` starts on the screen, cell by cell (each character of the
/// needle is one cell: Vietnamese letters are single-width).
pub fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let chars: Vec<String> = needle.chars().map(String::from).collect();
    let width = usize::from(buf.area.width);
    for y in 0..buf.area.height {
        for x in 0..width.saturating_sub(chars.len() - 1) {
            let hit = chars
                .iter()
                .enumerate()
                .all(|(i, c)| buf[(x as u16 + i as u16, y)].symbol() == c);
            if hit {
                return Some((x as u16, y));
            }
        }
    }
    None
}

/// Checks that no cell of `term` has a colour.
pub fn assert_no_colour(term: &Terminal<TestBackend>, what: &str) {
    let buf = term.backend().buffer();
    for (i, cell) in buf.content().iter().enumerate() {
        let (x, y) = buf.pos_of(i);
        assert!(
            cell.fg == Color::Reset && cell.bg == Color::Reset,
            "{what}: coloured cell {:?} at ({x}, {y}): {cell:?}\n{}",
            cell.symbol(),
            text(buf)
        );
    }
}
