//! The review screen's panes on ratatui's `TestBackend` at 80×24: `Tab`
//! between the outline and the text, the mouse, cursors kept when an
//! overlay closes and opens again, the range label with the outline hidden,
//! F3 with `--restricted`.

mod common;

use common::HOA;
use common::screen::{bound, demo, draw, footer, key, key_code, press, screen, screen_rows};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use duyet::store::Store;
use duyet::tui::Lang;
use duyet::tui::app::{App, Msg, Pane};
use duyet::tui::keys::{Action, Mode};
use duyet::tui::theme::Theme;
use duyet::tui::update::{Effect, update};

fn open(store: &Store, lang: Lang) -> App {
    common::screen::open(store, HOA, lang, (80, 24))
}

/// A section whose text is longer than the pane, selected.
fn on_long_section(store: &Store, app: &mut App) {
    while app.max_scroll() < 3 {
        let before = app.review.selected;
        press(store, app, &[Action::Down]);
        assert_ne!(
            before, app.review.selected,
            "a section longer than the pane"
        );
    }
}

/// The style of the cell at the top-left corner of a pane's frame.
fn corner(app: &App, x: u16) -> ratatui::style::Style {
    let term = draw(app);
    term.backend().buffer()[(x, 1)].style()
}

#[test]
fn tab_gives_the_keys_to_the_text_and_back() {
    let repo = demo();
    let store = &repo.store;
    let mut app = open(store, Lang::Vi);
    on_long_section(store, &mut app);
    let selected = app.review.selected;
    assert_eq!(app.mode(), Mode::Review);

    key_code(store, &mut app, crossterm::event::KeyCode::Tab);
    assert_eq!(app.review.focus, Pane::Text);
    assert_eq!(app.mode(), Mode::Text);
    // j/k/↓/↑ scroll the text a line; the selection stays.
    key(store, &mut app, 'j');
    key_code(store, &mut app, crossterm::event::KeyCode::Down);
    assert_eq!((app.review.selected, app.review.scroll), (selected, 2));
    key(store, &mut app, 'k');
    assert_eq!(app.review.scroll, 1);
    // G and g: the end and the top of the text.
    key(store, &mut app, 'G');
    assert_eq!(app.review.scroll, app.max_scroll());
    key(store, &mut app, 'g');
    assert_eq!((app.review.selected, app.review.scroll), (selected, 0));
    // The footer says what j/k do now, in both languages.
    let f = footer(&app);
    assert!(f.contains("j/k cuộn") && f.contains("Tab mục"), "{f}");
    app.lang = Lang::En;
    let f = footer(&app);
    assert!(f.contains("j/k scroll") && f.contains("Tab outline"), "{f}");
    app.lang = Lang::Vi;

    // Esc gives the keys back to the outline, where j moves between sections.
    key_code(store, &mut app, crossterm::event::KeyCode::Esc);
    assert_eq!(app.review.focus, Pane::Outline);
    key(store, &mut app, 'j');
    assert_eq!(app.review.selected, selected + 1);

    // Shift+Tab too; another section (n to the next change) gives the keys
    // back to the outline.
    key_code(store, &mut app, crossterm::event::KeyCode::BackTab);
    assert_eq!(app.mode(), Mode::Text);
    let before = app.review.selected;
    for _ in 0..40 {
        key(store, &mut app, 'n');
        if app.review.selected != before {
            break;
        }
    }
    assert_ne!(app.review.selected, before, "n reached another section");
    assert_eq!(app.review.focus, Pane::Outline);
}

#[test]
fn the_focused_pane_has_the_highlighted_border() {
    let repo = demo();
    let store = &repo.store;
    let mut app = open(store, Lang::En);
    let theme = Theme::builtin(false);
    let focus = theme.border_focus.style().fg;
    let dim = theme.border.style().fg;
    let text_x = app.geometry().outline_width + 2;
    assert_eq!(corner(&app, 0).fg, focus, "the outline has the keys");
    assert_eq!(corner(&app, text_x).fg, dim);
    press(store, &mut app, &[Action::SwitchPane]);
    assert_eq!(corner(&app, 0).fg, dim);
    assert_eq!(corner(&app, text_x).fg, focus, "the text has the keys");
}

#[test]
fn the_help_lists_tab_in_both_languages() {
    let repo = demo();
    let store = &repo.store;
    for (lang, words) in [
        (Lang::Vi, "chuyển giữa danh sách mục và nội dung"),
        (Lang::En, "move between the outline and the text"),
    ] {
        let mut app = open(store, lang);
        press(store, &mut app, &[Action::SwitchPane, Action::Help]);
        let s = screen(&app);
        assert!(s.contains("Tab Shift+Tab") && s.contains(words), "{s}");
        let first = screen_rows(&app)[2].clone();
        assert!(
            first.contains(Mode::Text.name(lang)),
            "the help starts with the text's keys: {first}"
        );
    }
}

fn mouse(app: &mut App, kind: MouseEventKind, column: u16, row: u16) -> Vec<Effect> {
    update(
        app,
        Msg::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }),
    )
}

#[test]
fn m_turns_the_mouse_on_and_off_as_an_effect() {
    let repo = demo();
    let store = &repo.store;
    for (lang, on, off) in [
        (Lang::Vi, "Chuột bật", "Chuột tắt"),
        (Lang::En, "Mouse on", "Mouse off"),
    ] {
        let mut app = open(store, lang);
        assert!(!app.mouse, "off by default");
        let action = bound(&app, KeyEvent::from(KeyCode::Char('M')));
        assert_eq!(
            update(&mut app, Msg::Key(action)),
            vec![Effect::Mouse(true)]
        );
        assert!(app.mouse && footer(&app).contains(on), "{}", footer(&app));
        // With the text focused too.
        press(store, &mut app, &[Action::SwitchPane]);
        let action = bound(&app, KeyEvent::from(KeyCode::Char('M')));
        assert_eq!(
            update(&mut app, Msg::Key(action)),
            vec![Effect::Mouse(false)]
        );
        assert!(!app.mouse && footer(&app).contains(off), "{}", footer(&app));
    }
}

#[test]
fn the_mouse_scrolls_and_selects_the_pane_under_it_when_on() {
    let repo = demo();
    let store = &repo.store;
    let mut app = open(store, Lang::Vi);
    on_long_section(store, &mut app);
    let selected = app.review.selected;
    let text_x = app.geometry().outline_width + 10;
    // Off: nothing happens.
    mouse(&mut app, MouseEventKind::ScrollDown, text_x, 8);
    assert_eq!((app.review.selected, app.review.scroll), (selected, 0));

    press(store, &mut app, &[Action::ToggleMouse]);
    // The wheel over the text scrolls it; over the outline it moves the
    // selection.
    mouse(&mut app, MouseEventKind::ScrollDown, text_x, 8);
    assert!(app.review.scroll > 0);
    assert_eq!(app.review.selected, selected);
    mouse(&mut app, MouseEventKind::ScrollUp, text_x, 8);
    assert_eq!(app.review.scroll, 0);
    mouse(&mut app, MouseEventKind::ScrollDown, 5, 8);
    assert_eq!(app.review.selected, selected + 1);
    mouse(&mut app, MouseEventKind::ScrollUp, 5, 8);
    assert_eq!(app.review.selected, selected);

    // A click in the text gives it the keys; a click on an outline row
    // selects that row (the first row is on the screen's third row).
    mouse(&mut app, MouseEventKind::Down(MouseButton::Left), text_x, 8);
    assert_eq!(app.review.focus, Pane::Text);
    let row = app.review.outline_offset;
    mouse(&mut app, MouseEventKind::Down(MouseButton::Left), 5, 2);
    assert_eq!(app.review.selected, row);
    assert_eq!(app.review.focus, Pane::Outline);
    assert!(screen_rows(&app)[2].contains('▶'), "{}", screen(&app));
    // The header and the footer are neither pane.
    let before = (app.review.selected, app.review.scroll);
    mouse(&mut app, MouseEventKind::ScrollDown, 5, 0);
    mouse(&mut app, MouseEventKind::ScrollDown, 5, 23);
    assert_eq!((app.review.selected, app.review.scroll), before);
}

#[test]
fn the_range_stays_visible_with_the_outline_hidden() {
    let repo = demo();
    let store = &repo.store;
    for (lang, since, direct) in [
        (Lang::Vi, "từ điểm tách", "hiện tại"),
        (Lang::En, "since the fork", "now"),
    ] {
        let mut app = open(store, lang);
        let shown = screen_rows(&app)[22].clone();
        assert!(shown.contains(since), "{shown}");
        key(store, &mut app, 'z');
        assert!(app.review.outline_hidden);
        let bottom = screen_rows(&app)[22].clone();
        assert!(
            bottom.contains(since),
            "z hides the outline, not the range: {bottom}"
        );
        // The other range, too.
        key(store, &mut app, '.');
        let bottom = screen_rows(&app)[22].clone();
        assert!(bottom.contains(direct), "{bottom}");
    }
}

/// What the review screen shows: the selection, the outline's and the
/// text's scroll.
fn place(app: &App) -> (usize, usize, usize) {
    (
        app.review.selected,
        app.review.outline_offset,
        app.review.scroll,
    )
}

/// On a section far enough down, scrolled a little.
fn somewhere(store: &Store, app: &mut App) {
    on_long_section(store, app);
    press(store, app, &[Action::ScrollDown, Action::ScrollDown]);
    assert_eq!(app.review.scroll, 2);
}

#[test]
fn the_picker_opens_again_where_it_was() {
    let repo = demo();
    let store = &repo.store;
    let mut app = open(store, Lang::Vi);
    somewhere(store, &mut app);
    let before = place(&app);
    press(store, &mut app, &[Action::OpenCompare, Action::SwitchSide]);
    press(store, &mut app, &[Action::Last, Action::Up]);
    let (side, cursor) = (app.picker.side, app.picker.cursor);
    let drawn = screen(&app);
    key_code(store, &mut app, KeyCode::Esc);
    assert_eq!(place(&app), before, "the picker changed the review screen");
    press(store, &mut app, &[Action::OpenCompare]);
    assert_eq!((app.picker.side, app.picker.cursor), (side, cursor));
    assert_eq!(screen(&app), drawn, "drawn as it was");
    key_code(store, &mut app, KeyCode::Esc);
    assert_eq!(place(&app), before);
}

#[test]
fn the_drafts_list_opens_again_where_it_was() {
    let repo = demo();
    let store = &repo.store;
    let mut app = open(store, Lang::En);
    somewhere(store, &mut app);
    let before = place(&app);
    press(store, &mut app, &[Action::OpenDrafts, Action::Last]);
    let cursor = app.drafts.cursor;
    assert!(cursor > 0, "more than one draft");
    key_code(store, &mut app, KeyCode::Esc);
    assert_eq!(place(&app), before);
    press(store, &mut app, &[Action::OpenDrafts]);
    assert_eq!(app.drafts.cursor, cursor);
    let last = app.repo.ready().unwrap().drafts[cursor].clone();
    let shown = screen(&app);
    assert!(shown.contains(&format!("▶ {}", &last[..20])), "{shown}");
    key_code(store, &mut app, KeyCode::Esc);
    assert_eq!(place(&app), before);
}

#[test]
fn the_help_opens_again_where_it_was() {
    let repo = demo();
    let store = &repo.store;
    let mut app = open(store, Lang::Vi);
    somewhere(store, &mut app);
    let before = place(&app);
    press(
        store,
        &mut app,
        &[Action::Help, Action::PageDown, Action::ScrollDown],
    );
    let drawn = screen(&app);
    key_code(store, &mut app, KeyCode::Esc);
    assert_eq!(place(&app), before);
    press(store, &mut app, &[Action::Help]);
    assert_eq!(screen(&app), drawn, "the help opens where it was");
    key_code(store, &mut app, KeyCode::Esc);
    assert_eq!(place(&app), before);
}

#[test]
fn every_department_opens_again_where_it_was() {
    let repo = demo();
    let store = &repo.store;
    let mut app = open(store, Lang::En);
    somewhere(store, &mut app);
    let before = place(&app);
    press(
        store,
        &mut app,
        &[
            Action::AllDepartments,
            Action::ScrollDown,
            Action::ScrollDown,
        ],
    );
    let drawn = screen(&app);
    key_code(store, &mut app, KeyCode::Esc);
    assert_eq!(place(&app), before);
    press(store, &mut app, &[Action::AllDepartments]);
    assert_eq!(app.review.pane_scroll, 2);
    assert_eq!(screen(&app), drawn, "opens where it was");
    key_code(store, &mut app, KeyCode::Esc);
    assert_eq!(place(&app), before);
    // On another section it starts at the top.
    press(store, &mut app, &[Action::Down, Action::AllDepartments]);
    assert_eq!(app.review.pane_scroll, 0);
}

/// Issue 9: a title the frame cuts ("… xã…") is shown whole, wrapped, at the
/// head of the text; an item without a title is not repeated.
#[test]
fn the_selected_sections_whole_title_heads_the_text_when_the_frame_cuts_it() {
    let repo = demo();
    for lang in [Lang::Vi, Lang::En] {
        let app = open(&repo.store, lang);
        let rows = screen_rows(&app);
        assert!(
            rows[1].contains("I.4 Về điều hành phát triển kinh tế - xã…"),
            "{}",
            rows[1]
        );
        let text: Vec<String> = rows[2..5]
            .iter()
            .map(|r| r.split('│').nth(3).unwrap_or_default().trim().to_owned())
            .collect();
        assert_eq!(
            text.join(" "),
            "I.4 Về điều hành phát triển kinh tế - xã hội và giải quyết các vấn đề trọng tâm, phát sinh",
            "{}",
            screen(&app)
        );
    }
}

/// Issue 12: past the outline's bottom edge the outline moves by half a
/// page, so the next moves go over rows already drawn; back up past the
/// top edge, the same.
#[test]
fn the_outline_scrolls_by_half_a_page_at_its_edges() {
    let repo = demo();
    let mut app = common::screen::open(&repo.store, HOA, Lang::Vi, (80, 24));
    press(&repo.store, &mut app, &[Action::First]);
    let visible = screen_rows(&app)
        .iter()
        .filter(|r| r.starts_with("│") && r.contains("││"))
        .count();
    assert!(visible > 4, "{}", screen(&app));
    // Down to the last visible row: nothing scrolls.
    for _ in 1..visible {
        press(&repo.store, &mut app, &[Action::Down]);
    }
    assert_eq!(app.review.outline_offset, 0);
    // One more: half a page at once.
    press(&repo.store, &mut app, &[Action::Down]);
    let jumped = app.review.outline_offset;
    assert_eq!(jumped, visible / 2 + 1, "{}", screen(&app));
    // The next moves stay within what is shown.
    for _ in 0..visible / 2 - 1 {
        press(&repo.store, &mut app, &[Action::Down]);
        assert_eq!(app.review.outline_offset, jumped);
    }
    // Up past the top edge: half a page back.
    while app.review.selected > jumped {
        press(&repo.store, &mut app, &[Action::Up]);
    }
    assert_eq!(app.review.outline_offset, jumped);
    press(&repo.store, &mut app, &[Action::Up]);
    assert_eq!(app.review.outline_offset, jumped - 1 - visible / 2);
}
