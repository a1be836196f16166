//! The "Kiểm tra" panel (issue 11): what lint finds, on the screen at
//! 80×24 in both languages; markers on the outline; going to a finding's
//! section; dismissing one with a reason, written as a review record that
//! every screen then shows dismissed.

mod common;

use common::screen::{demo, draw, footer, key, open, screen, text_key, type_text};
use common::{DUNG, THANG};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use duyet::core::review::Action as RecordAction;
use duyet::store::Store;
use duyet::tui::Lang;
use duyet::tui::app::{App, Overlay};

const NGAN_SACH: &str = "dieu-hanh-ngan-sach-dau-tu";

fn open_as(store: &Store, person: &str, lang: Lang) -> App {
    let app = open(store, person, lang, (80, 24));
    assert!(app.review.records.ready().is_some(), "the review loaded");
    app
}

fn cursor(app: &App) -> usize {
    match app.overlay {
        Overlay::Check { cursor } => cursor,
        ref other => panic!("the panel is not open: {other:?}"),
    }
}

/// Moves the panel's cursor to the first finding of `kind` in `section`.
fn select(store: &Store, app: &mut App, kind: &str, section: &str) {
    let at = app
        .check_items()
        .iter()
        .position(|(f, _)| f.issue.kind() == kind && f.section == section)
        .unwrap_or_else(|| panic!("no {kind} in {section}"));
    while cursor(app) < at {
        key(store, app, 'j');
    }
}

#[test]
fn snapshot_check_panel_in_vietnamese_and_english() {
    let repo = demo();
    for (lang, name) in [(Lang::Vi, "check_panel_vi"), (Lang::En, "check_panel_en")] {
        let mut app = open_as(&repo.store, DUNG, lang);
        key(&repo.store, &mut app, 'i');
        assert!(matches!(app.overlay, Overlay::Check { cursor: 0 }));
        insta::assert_snapshot!(name, draw(&app).backend());
    }
}

#[test]
fn the_outline_marks_sections_with_findings_and_enter_goes_there() {
    let repo = demo();
    let mut app = open_as(&repo.store, DUNG, Lang::Vi);
    // "XDCCB" in I.4's first item: its row carries a marker.
    let shown = screen(&app);
    assert!(
        shown.contains("Phần mở đầu") && shown.contains("!2"),
        "{shown}"
    );
    key(&repo.store, &mut app, 'i');
    select(&repo.store, &mut app, "misspelling", NGAN_SACH);
    common::screen::key_code(&repo.store, &mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(app.selected_section_id(), Some(NGAN_SACH));
}

#[test]
fn dismissing_asks_a_reason_writes_a_record_and_shows_it_dismissed() {
    let repo = demo();
    let store = &repo.store;
    let mut app = open_as(store, THANG, Lang::Vi);
    let before = store.read_records().unwrap().0.len();
    key(store, &mut app, 'i');
    select(store, &mut app, "misspelling", NGAN_SACH);
    let open_before = app
        .check_items()
        .iter()
        .filter(|(_, d)| d.is_none())
        .count();
    key(store, &mut app, 'x');
    assert!(app.editing(), "the reason is asked for");
    // No reason, nothing sent.
    text_key(
        store,
        &mut app,
        KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
    );
    assert!(app.editing());
    assert_eq!(store.read_records().unwrap().0.len(), before);
    type_text(store, &mut app, "Viết tắt quen dùng ở huyện");
    text_key(
        store,
        &mut app,
        KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
    );
    assert!(!app.editing());
    assert!(footer(&app).contains("Đã bỏ qua"), "{}", footer(&app));
    let records = store.read_records().unwrap().0;
    let written = &records[before..];
    assert_eq!(written.len(), 1);
    assert_eq!(written[0].action, RecordAction::Dismiss);
    assert_eq!(written[0].section, NGAN_SACH);
    assert_eq!(written[0].text, "Viết tắt quen dùng ở huyện");
    assert!(written[0].finding.is_some());
    // The panel counts one finding fewer; everyone's screen (Dũng's,
    // opened afterwards) shows it dismissed, by whom.
    key(store, &mut app, 'i');
    let open_after = app
        .check_items()
        .iter()
        .filter(|(_, d)| d.is_none())
        .count();
    assert_eq!(open_after + 1, open_before);
    let mut other = open_as(store, DUNG, Lang::En);
    key(store, &mut other, 'i');
    let (finding, dismissal) = other
        .check_items()
        .into_iter()
        .find(|(f, _)| f.section == NGAN_SACH && f.issue.kind() == "misspelling")
        .cloned()
        .unwrap();
    assert_eq!(dismissal.unwrap().author_name, "Nguyễn Văn Thắng");
    assert_eq!(Some(finding.key), written[0].finding);
}
