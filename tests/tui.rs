//! The review screen drawn on ratatui's `TestBackend`: snapshots of every
//! screen (insta), key handling checked on the state, colours checked on the
//! buffer's cell styles, and text from files and commits checked to reach the
//! screen sanitised.
//!
//! Every test builds its own repository (the demo, or a small one) in a
//! temporary folder and drives the screen without a terminal or a thread
//! (`open_inline` / `settle`).

mod common;

use std::sync::Arc;

use common::HOA;
use common::screen::{
    bound, draw, draw_with, find, footer, key_code as key, press, rows, screen, screen_rows, text,
};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use duyet::core::{Identity, Moment};
use duyet::store::{FileChange, Store};
use duyet::tui::app::{App, Loadable, Msg, Overlay, Side, WorkerEvent};
use duyet::tui::keys::{self, Action, BINDINGS, Mode};
use duyet::tui::theme::Theme;
use duyet::tui::update::update;
use duyet::tui::{Lang, open_inline, settle};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Style};

// ---------------------------------------------------------------------------
// Helpers

/// The demo repository, built in a temporary folder (which the first value
/// keeps).
fn demo() -> (tempfile::TempDir, Store) {
    let repo = common::screen::demo();
    (repo.tmp, repo.store)
}

/// The screen opened on `store` as Lê Thị Hoa (Phòng Tài chính - Kế hoạch),
/// with everything loaded.
fn open(store: &Store, lang: Lang, size: (u16, u16)) -> App {
    common::screen::open(store, HOA, lang, size)
}

fn resize(app: &mut App, (w, h): (u16, u16)) {
    let jobs = update(app, Msg::Resize(w, h));
    assert!(jobs.is_empty());
}

/// Whether the cell at `at` is drawn with (at least) `style`.
fn has_style(buf: &Buffer, at: (u16, u16), style: Style) -> bool {
    let cell = &buf[at];
    style.fg.is_none_or(|fg| cell.fg == fg)
        && style.bg.is_none_or(|bg| cell.bg == bg)
        && cell.modifier.contains(style.add_modifier)
}

/// Indexes of the outline rows that changed.
fn changed_rows(app: &App) -> Vec<usize> {
    let cmp = app.review.comparison.ready().unwrap();
    (0..app.review.rows.len())
        .filter(|&i| app.review.rows[i].is_changed(cmp))
        .collect()
}

/// The rows of the diff pane on which a change starts.
fn hunks(app: &App) -> Vec<usize> {
    app.content().map(|c| c.hunks).unwrap_or_default()
}

fn body_height(app: &App) -> usize {
    usize::from(app.geometry().body_height)
}

/// Whether a change of the selected section is in the visible part of the pane.
fn a_change_is_visible(app: &App) -> bool {
    hunks(app)
        .iter()
        .any(|&h| h >= app.review.scroll && h < app.review.scroll + body_height(app))
}

fn branch_names(app: &App) -> Vec<String> {
    let repo = app.repo.ready().unwrap();
    repo.branches.iter().map(|b| b.name.clone()).collect()
}

// ---------------------------------------------------------------------------
// Snapshots (80×24 unless said otherwise)

#[test]
fn snapshot_review_screen_on_first_open() {
    let (_tmp, store) = demo();
    let app = open(&store, Lang::Vi, (80, 24));
    insta::assert_snapshot!("review_first_open", draw(&app).backend());
}

#[test]
fn snapshot_after_next_change() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    press(&store, &mut app, &[Action::NextChange]);
    insta::assert_snapshot!("review_after_n", draw(&app).backend());
}

#[test]
fn snapshot_side_by_side() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    key(&store, &mut app, KeyCode::Char('s'));
    assert!(app.review.side_by_side);
    insta::assert_snapshot!("review_side_by_side", draw(&app).backend());
}

#[test]
fn snapshot_only_changed_sections() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    key(&store, &mut app, KeyCode::Char('f'));
    assert!(app.review.changed_only);
    insta::assert_snapshot!("review_changed_only", draw(&app).backend());
}

#[test]
fn snapshot_help() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    key(&store, &mut app, KeyCode::Char('?'));
    assert!(matches!(app.overlay, Overlay::Help { .. }));
    insta::assert_snapshot!("help", draw(&app).backend());
}

#[test]
fn snapshot_compare_picker() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    key(&store, &mut app, KeyCode::Char('r'));
    assert!(matches!(app.overlay, Overlay::Compare));
    insta::assert_snapshot!("compare_picker", draw(&app).backend());
}

#[test]
fn snapshot_compare_picker_with_a_branch_expanded() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    key(&store, &mut app, KeyCode::Char('r'));
    key(&store, &mut app, KeyCode::Char('l'));
    assert!(matches!(app.overlay, Overlay::Compare), "the picker closed");
    let picker = &app.picker;
    assert!(picker.expanded.contains("dept/phong-tai-chinh"));
    insta::assert_snapshot!("compare_picker_expanded", draw(&app).backend());
}

#[test]
fn snapshot_draft_chooser() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    key(&store, &mut app, KeyCode::Char('d'));
    assert!(matches!(app.overlay, Overlay::Drafts));
    insta::assert_snapshot!("draft_chooser", draw(&app).backend());
}

#[test]
fn snapshot_too_small() {
    let (_tmp, store) = demo();
    let app = open(&store, Lang::Vi, (59, 15));
    insta::assert_snapshot!("too_small", draw(&app).backend());
}

#[test]
fn snapshot_english() {
    let (_tmp, store) = demo();
    let app = open(&store, Lang::En, (80, 24));
    insta::assert_snapshot!("review_english", draw(&app).backend());
}

#[test]
fn snapshot_review_screen_at_100x30() {
    let (_tmp, store) = demo();
    let app = open(&store, Lang::Vi, (100, 30));
    insta::assert_snapshot!("review_100x30", draw(&app).backend());
}

#[test]
fn snapshot_compare_picker_at_100x30() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (100, 30));
    press(&store, &mut app, &[Action::OpenCompare, Action::Expand]);
    insta::assert_snapshot!("compare_picker_100x30", draw(&app).backend());
}

#[test]
fn snapshot_review_screen_at_60x16() {
    let (_tmp, store) = demo();
    let app = open(&store, Lang::Vi, (60, 16));
    insta::assert_snapshot!("review_60x16", draw(&app).backend());
}

#[test]
fn snapshot_help_at_60x16() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (60, 16));
    press(&store, &mut app, &[Action::Help]);
    insta::assert_snapshot!("help_60x16", draw(&app).backend());
}

// ---------------------------------------------------------------------------
// Moving around

#[test]
fn vim_keys_and_arrows_move_the_selection_and_reset_the_scroll() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    let start = app.review.selected;
    assert!(start > 0 && start + 1 < app.review.rows.len());

    for (down, up) in [
        (KeyCode::Char('j'), KeyCode::Char('k')),
        (KeyCode::Down, KeyCode::Up),
    ] {
        press(&store, &mut app, &[Action::ScrollDown]);
        assert!(app.review.scroll > 0, "J scrolls the first changed section");
        key(&store, &mut app, down);
        assert_eq!(app.review.selected, start + 1);
        assert_eq!(
            app.review.scroll, 0,
            "{down:?} starts the next section at its top"
        );
        press(&store, &mut app, &[Action::ScrollDown]);
        assert!(app.review.scroll > 0);
        key(&store, &mut app, up);
        assert_eq!(app.review.selected, start);
        assert_eq!(app.review.scroll, 0, "{up:?} starts the section at its top");
    }

    // The selected row is the one marked ▶ in the outline, and its title
    // heads the diff pane.
    key(&store, &mut app, KeyCode::Char('j'));
    let cmp = app.review.comparison.ready().unwrap();
    let duyet::tui::app::OutlineRow::Section(i) = app.review.rows[app.review.selected] else {
        panic!("a section is selected");
    };
    let label: String = cmp.diff.sections[i].label().chars().take(12).collect();
    let screen = screen_rows(&app);
    let marked = screen
        .iter()
        .find(|r| r.starts_with("│▶"))
        .expect("a row is marked ▶");
    assert!(marked.contains(&label), "{marked:?} is not {label:?}");
    assert!(screen[1].contains(&label), "diff title: {:?}", screen[1]);

    // g and G go to the ends; k at the top stays there.
    key(&store, &mut app, KeyCode::Char('g'));
    assert_eq!(app.review.selected, 0);
    key(&store, &mut app, KeyCode::Char('k'));
    assert_eq!(app.review.selected, 0);
    key(&store, &mut app, KeyCode::End);
    assert_eq!(app.review.selected, app.review.rows.len() - 1);
    key(&store, &mut app, KeyCode::Char('j'));
    assert_eq!(app.review.selected, app.review.rows.len() - 1);
}

#[test]
fn the_screen_opens_on_the_first_change() {
    let (_tmp, store) = demo();
    let app = open(&store, Lang::Vi, (80, 24));
    let changed = changed_rows(&app);
    assert!(
        changed.len() >= 2,
        "the demo has at least two changed sections"
    );
    assert_eq!(app.review.selected, changed[0]);
    assert_eq!(app.review.scroll, 0);
    assert!(a_change_is_visible(&app));
}

#[test]
fn next_change_moves_on_to_the_next_changed_section() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    let changed = changed_rows(&app);
    let first = app.review.selected;
    // n walks through the section's changes, then goes on to the next
    // changed section; it must get there in a few presses, and the pane must
    // show a change after every press.
    for _ in 0..(hunks(&app).len() + 1) {
        press(&store, &mut app, &[Action::NextChange]);
        assert!(a_change_is_visible(&app), "n left no change in view");
        if app.review.selected != first {
            break;
        }
    }
    assert_eq!(
        app.review.selected, changed[1],
        "n never left the first changed section (scroll {})",
        app.review.scroll
    );
    assert!(
        a_change_is_visible(&app),
        "n did not bring the next section's change into view"
    );
    assert_eq!(app.message, None);
}

#[test]
fn next_change_on_the_last_change_says_there_is_none() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    let last = *changed_rows(&app).last().unwrap();
    // Past the last change: on an unchanged section after it, if any.
    press(&store, &mut app, &[Action::Last]);
    if app.review.selected == last {
        press(&store, &mut app, &[Action::PageDown, Action::PageDown]);
    }
    let before = (app.review.selected, app.review.scroll);
    press(&store, &mut app, &[Action::NextChange]);
    assert_eq!((app.review.selected, app.review.scroll), before);
    let footer = footer(&app);
    assert!(
        footer.contains("Không còn thay đổi nào"),
        "footer: {footer:?}"
    );
    // The message goes with the next key.
    press(&store, &mut app, &[Action::Up]);
    assert_eq!(app.message, None);
}

#[test]
fn prev_change_goes_back_to_the_previous_changed_section() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    let changed = changed_rows(&app);
    while app.review.selected < changed[1] {
        press(&store, &mut app, &[Action::Down]);
    }
    assert_eq!(app.review.scroll, 0);
    for _ in 0..(hunks(&app).len() + 1) {
        press(&store, &mut app, &[Action::PrevChange]);
        if app.review.selected != changed[1] {
            break;
        }
    }
    assert_eq!(
        app.review.selected, changed[0],
        "N did not go back a section"
    );
    // N lands on the section's last change.
    let last = *hunks(&app).last().unwrap();
    assert!(
        last >= app.review.scroll && last < app.review.scroll + body_height(&app),
        "the last change (row {last}) is not in view (scroll {})",
        app.review.scroll
    );
}

#[test]
fn prev_change_before_the_first_change_says_so() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    let first = app.review.selected;
    press(&store, &mut app, &[Action::PrevChange]);
    assert_eq!(app.review.selected, first);
    let message = app.message.clone().expect("N says there is nothing before");
    // "phía sau" is "below/after": wrong for N, which looks above.
    assert!(
        !message.contains("phía sau"),
        "N before the first change says {message:?}"
    );
}

#[test]
fn changed_only_keeps_the_selection_and_can_be_undone() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    let all = app.review.rows.len();
    let selected = app.review.rows[app.review.selected];
    press(&store, &mut app, &[Action::ToggleChangedOnly]);
    let cmp = Arc::clone(app.review.comparison.ready().unwrap());
    assert!(app.review.rows.iter().all(|r| r.is_changed(&cmp)));
    assert_eq!(app.review.rows.len(), changed_rows(&app).len());
    assert_eq!(app.review.rows[app.review.selected], selected);
    press(&store, &mut app, &[Action::ToggleChangedOnly]);
    assert_eq!(app.review.rows.len(), all);
    assert_eq!(app.review.rows[app.review.selected], selected);
}

#[test]
fn side_by_side_shows_old_and_new_columns() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    press(
        &store,
        &mut app,
        &[Action::ScrollDown, Action::ToggleSideBySide],
    );
    assert_eq!(app.review.scroll, 0);
    let screen = screen(&app);
    assert!(screen.contains("Cũ"), "{screen}");
    assert!(screen.contains("│ Mới"), "{screen}");
    // Deletions only on the left, insertions only on the right.
    for row in screen_rows(&app) {
        let Some(gutter) = row.rfind(" │ ") else {
            continue;
        };
        let (old, new) = row.split_at(gutter);
        assert!(!old.contains("{+"), "an insertion on the old side: {row}");
        assert!(!new.contains("[-"), "a deletion on the new side: {row}");
    }
}

// ---------------------------------------------------------------------------
// Choosing what to compare

#[test]
fn choosing_another_branch_in_the_picker_reloads_the_comparison() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    let branches = branch_names(&app);
    let generation = app.review.generation;

    // "To": the branch above the current one.
    press(&store, &mut app, &[Action::OpenCompare]);
    assert!(
        matches!(app.overlay, Overlay::Compare),
        "r opens the picker"
    );
    let picker = &app.picker;
    assert_eq!(picker.side, Side::To);
    assert_eq!(branches[picker.cursor], "dept/phong-tai-chinh");
    let to = branches[picker.cursor - 1].clone();
    let jobs = update(&mut app, Msg::Key(Action::Up));
    assert!(jobs.is_empty());
    let jobs = update(&mut app, Msg::Key(Action::Confirm));
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(app.review.to, to);
    assert_eq!(app.review.generation, generation + 1);
    assert_eq!(
        jobs.iter()
            .filter(|j| matches!(j.job(), Some(duyet::tui::app::Job::Diff { .. })))
            .count(),
        1,
        "one new comparison is asked for"
    );
    assert!(matches!(app.review.comparison, Loadable::Loading));
    settle(&store, &mut app, jobs);
    let cmp = app
        .review
        .comparison
        .ready()
        .expect("the new comparison loads");
    assert_eq!((cmp.from.as_str(), cmp.to.as_str()), ("main", to.as_str()));

    // "From": Tab, then the first department branch.
    press(&store, &mut app, &[Action::OpenCompare, Action::SwitchSide]);
    assert!(
        matches!(app.overlay, Overlay::Compare),
        "r opens the picker"
    );
    let picker = &app.picker;
    assert_eq!(picker.side, Side::From);
    press(&store, &mut app, &[Action::First, Action::Down]);
    let from = branches[1].clone();
    press(&store, &mut app, &[Action::Confirm]);
    assert_eq!(app.review.from, from);
    assert_eq!(app.review.to, to);
    let cmp = app
        .review
        .comparison
        .ready()
        .expect("the new comparison loads");
    assert_eq!(
        (cmp.from.as_str(), cmp.to.as_str()),
        (from.as_str(), to.as_str())
    );
    let header = screen_rows(&app).remove(0);
    assert!(
        header.contains(&format!("{from} → {to}")),
        "header: {header:?}"
    );
}

#[test]
fn choosing_a_revision_in_the_picker_compares_with_that_commit() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    press(&store, &mut app, &[Action::OpenCompare, Action::Expand]);
    let draft = app.review.draft.clone().unwrap();
    let revisions = app
        .picker
        .revisions
        .get(&("dept/phong-tai-chinh".to_owned(), draft))
        .and_then(Loadable::ready)
        .expect("the branch's revisions are loaded")
        .clone();
    assert!(revisions.len() >= 2);
    // The second revision (one before the tip).
    press(
        &store,
        &mut app,
        &[Action::Down, Action::Down, Action::Confirm],
    );
    let id = revisions[1].id.to_string();
    assert_eq!(app.review.to, id);
    let cmp = app.review.comparison.ready().expect("the comparison loads");
    assert_eq!(cmp.to, id);
    let header = screen_rows(&app).remove(0);
    assert!(
        header.contains(&format!("main → {}", &id[..7])),
        "header: {header:?}"
    );
}

#[test]
fn collapsing_a_branch_puts_the_cursor_back_on_it() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    press(
        &store,
        &mut app,
        &[
            Action::OpenCompare,
            Action::Expand,
            Action::Down,
            Action::Down,
        ],
    );
    let branch_row = branch_names(&app)
        .iter()
        .position(|b| b == "dept/phong-tai-chinh")
        .unwrap();
    press(&store, &mut app, &[Action::Collapse]);
    assert!(
        matches!(app.overlay, Overlay::Compare),
        "h keeps the picker open"
    );
    let picker = &app.picker;
    assert!(picker.expanded.is_empty());
    assert_eq!(picker.cursor, branch_row);
}

#[test]
fn escape_closes_the_picker_without_changing_anything() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    let (from, to, generation) = (
        app.review.from.clone(),
        app.review.to.clone(),
        app.review.generation,
    );
    press(
        &store,
        &mut app,
        &[
            Action::OpenCompare,
            Action::Up,
            Action::SwitchSide,
            Action::Cancel,
        ],
    );
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!((app.review.from.clone(), app.review.to.clone()), (from, to));
    assert_eq!(app.review.generation, generation);
}

#[test]
fn a_stale_diff_result_is_dropped() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    let before = Arc::clone(app.review.comparison.ready().unwrap());
    let draft = app.review.draft.clone().unwrap();
    let other = |to: &str| {
        duyet::tui::worker::compare(&store, &draft, "main", to, Default::default())
            .expect("the other comparison")
    };

    // An answer to an older question, while the current one is shown.
    let old = app.review.generation - 1;
    let jobs = update(
        &mut app,
        Msg::Worker(WorkerEvent::Diff {
            generation: old,
            result: Ok(Box::new(other("main"))),
        }),
    );
    assert!(jobs.is_empty());
    let now = app
        .review
        .comparison
        .ready()
        .expect("still the current comparison");
    assert!(
        Arc::ptr_eq(now, &before),
        "a stale result replaced the comparison"
    );

    // An old answer arriving while a new question is pending.
    press(&store, &mut app, &[Action::OpenCompare, Action::Up]);
    let jobs = update(&mut app, Msg::Key(Action::Confirm));
    let old = app.review.generation - 1;
    update(
        &mut app,
        Msg::Worker(WorkerEvent::Diff {
            generation: old,
            result: Ok(Box::new(other("main"))),
        }),
    );
    assert!(
        matches!(app.review.comparison, Loadable::Loading),
        "a stale result was shown while the new one loads"
    );
    // An old failure is dropped too.
    update(
        &mut app,
        Msg::Worker(WorkerEvent::Diff {
            generation: old,
            result: Err(duyet::tui::failure::Failure::Moved),
        }),
    );
    assert!(matches!(app.review.comparison, Loadable::Loading));
    settle(&store, &mut app, jobs);
    assert_eq!(app.review.comparison.ready().unwrap().to, app.review.to);
}

/// A draft with the sections `(id, number, body)`, owned by one department.
fn small_draft(sections: &[(&str, &str, &str)]) -> String {
    let mut out = String::from(
        "schema: 1
id: bao-cao-thu
issuing_body: ỦY BAN NHÂN DÂN HUYỆN TÂN YÊN
document_type: BÁO CÁO
number: 'Số:      /BC-UBND'
place_date: Tân Yên, ngày 1 tháng 11 năm 2026
title: Báo cáo thử
sections:
",
    );
    for (id, number, body) in sections {
        out.push_str(&format!(
            "  - id: {id}\n    number: '{number}'\n    title: Mục {id}\n    owner: phong-tai-chinh\n    body: {body}\n"
        ));
    }
    out
}

/// A repository with `drafts/thu.yaml` on main and one commit per branch.
fn small_repo(main: &str, branches: &[(&str, &str)]) -> (tempfile::TempDir, Store) {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::init(tmp.path()).unwrap();
    let who = Identity::parse("Kiểm Thử <kiem.thu@tanyen.example>").unwrap();
    fn file(contents: &str) -> [FileChange<'_>; 1] {
        [FileChange {
            path: "drafts/thu.yaml",
            contents: contents.as_bytes(),
        }]
    }
    let when = |minute: i64| {
        Some(Moment {
            seconds: 1_700_000_000 + minute * 60,
            offset_minutes: 420,
        })
    };
    let base = store
        .commit_files("main", None, &file(main), &who, when(0), "Khởi tạo")
        .unwrap();
    for (i, (branch, contents)) in branches.iter().enumerate() {
        store.create_branch(branch, base).unwrap();
        store
            .commit_files(
                branch,
                Some(base),
                &file(contents),
                &who,
                when(i as i64 + 1),
                "Sửa",
            )
            .unwrap();
    }
    (tmp, store)
}

fn selected_section_id(app: &App) -> String {
    let cmp = app.review.comparison.ready().unwrap();
    match app.review.rows[app.review.selected] {
        duyet::tui::app::OutlineRow::Section(i) => cmp.diff.sections[i].id.clone(),
        other => format!("{other:?}"),
    }
}

#[test]
fn the_selected_section_stays_selected_when_the_comparison_changes() {
    let main = small_draft(&[("a", "1", "Một."), ("b", "2", "Hai."), ("c", "3", "Ba.")]);
    // dept/x adds a section before b; dept/y edits c.
    let x = small_draft(&[
        ("a", "1", "Một."),
        ("x", "2", "Mới."),
        ("b", "3", "Hai."),
        ("c", "4", "Ba."),
    ]);
    let y = small_draft(&[
        ("a", "1", "Một."),
        ("b", "2", "Hai."),
        ("c", "3", "Ba đã sửa."),
    ]);
    let (_tmp, store) = small_repo(&main, &[("dept/x", &x), ("dept/y", &y)]);
    let mut app = App::new(Lang::Vi, (80, 24));
    open_inline(&store, &mut app, None);
    // main → dept/y, with b selected.
    press(&store, &mut app, &[Action::OpenCompare]);
    let y_row = branch_names(&app)
        .iter()
        .position(|b| b == "dept/y")
        .unwrap();
    press(&store, &mut app, &[Action::First]);
    for _ in 0..y_row {
        press(&store, &mut app, &[Action::Down]);
    }
    press(&store, &mut app, &[Action::Confirm]);
    assert_eq!(app.review.comparison.ready().unwrap().to, "dept/y");
    while selected_section_id(&app) != "b" {
        press(&store, &mut app, &[Action::Up]);
    }
    // Now main → dept/x: b is still the section on screen.
    press(
        &store,
        &mut app,
        &[Action::OpenCompare, Action::Up, Action::Confirm],
    );
    assert_eq!(app.review.comparison.ready().unwrap().to, "dept/x");
    assert_eq!(selected_section_id(&app), "b");
}

#[test]
fn opening_another_draft_compares_that_draft() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    let drafts = app.repo.ready().unwrap().drafts.clone();
    let current = app.review.draft.clone().unwrap();
    let other = drafts.iter().find(|d| **d != current).unwrap().clone();
    press(&store, &mut app, &[Action::OpenDrafts]);
    assert!(
        matches!(app.overlay, Overlay::Drafts),
        "d opens the draft chooser"
    );
    let cursor = app.drafts.cursor;
    assert_eq!(
        drafts[cursor], current,
        "the chooser starts on the open draft"
    );
    let to_other = if drafts[cursor.saturating_sub(1)] == other {
        Action::Up
    } else {
        Action::Down
    };
    press(&store, &mut app, &[to_other, Action::Confirm]);
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(app.review.draft.as_deref(), Some(other.as_str()));
    let cmp = app
        .review
        .comparison
        .ready()
        .expect("the other draft loads");
    assert_eq!(cmp.draft, other);
    assert!(app.review.selected < app.review.rows.len());
    assert_eq!(app.review.scroll, 0);
    // Choosing the open draft again asks for nothing.
    press(&store, &mut app, &[Action::OpenDrafts]);
    let generation = app.review.generation;
    let jobs = update(&mut app, Msg::Key(Action::Confirm));
    assert!(jobs.is_empty());
    assert_eq!(app.review.generation, generation);
}

// ---------------------------------------------------------------------------
// Screen size, quitting, help

#[test]
fn resizing_below_the_minimum_and_back() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    resize(&mut app, (59, 15));
    let small = screen(&app);
    assert!(
        small.contains("Cửa sổ quá nhỏ (cần ít nhất 60×16)."),
        "{small}"
    );
    assert!(!small.contains("Mục ("));
    // One short of the minimum in one direction is still too small.
    for size in [(59, 24), (80, 15)] {
        resize(&mut app, size);
        assert!(screen(&app).contains("Cửa sổ quá nhỏ"));
    }
    resize(&mut app, (60, 16));
    assert!(screen(&app).contains("Mục ("));
    resize(&mut app, (80, 24));
    let screen = screen(&app);
    assert!(screen.contains("Mục ("), "{screen}");
    assert!(!screen.contains("Cửa sổ quá nhỏ"));
}

#[test]
fn resizing_keeps_the_selection_in_view() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    press(&store, &mut app, &[Action::Last]);
    resize(&mut app, (60, 16));
    let height = body_height(&app);
    assert!(app.review.selected >= app.review.outline_offset);
    assert!(app.review.selected < app.review.outline_offset + height);
    let screen = screen_rows(&app);
    assert!(screen.iter().any(|r| r.starts_with("│▶")), "{screen:#?}");
}

#[test]
fn q_quits_from_the_review_and_closes_every_overlay() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    key(&store, &mut app, KeyCode::Char('q'));
    assert!(app.quit, "q did not quit from the review screen");
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    for opening in [
        Action::Help,
        Action::OpenCompare,
        Action::OpenDrafts,
        Action::MyWork,
        Action::Board,
    ] {
        for close in [KeyCode::Char('q'), KeyCode::Esc] {
            let mut app = open(&store, Lang::Vi, (80, 24));
            press(&store, &mut app, &[opening]);
            assert!(!matches!(app.overlay, Overlay::None), "{opening:?}");
            key(&store, &mut app, close);
            assert!(!app.quit, "{close:?} quit from {opening:?}");
            assert!(
                matches!(app.overlay, Overlay::None),
                "{close:?} did not close {opening:?}"
            );
        }
        // Ctrl+C quits from anywhere.
        let mut app = open(&store, Lang::Vi, (80, 24));
        press(&store, &mut app, &[opening]);
        let quit = bound(&app, ctrl_c);
        press(&store, &mut app, &[quit]);
        assert!(app.quit, "Ctrl+C did not quit from {opening:?}");
    }
}

#[test]
fn help_closes_back_to_what_was_open() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::En, (80, 24));
    key(&store, &mut app, KeyCode::Char('r'));
    key(&store, &mut app, KeyCode::Char('j'));
    assert!(
        matches!(app.overlay, Overlay::Compare),
        "the picker is open"
    );
    let before = app.picker.clone();
    key(&store, &mut app, KeyCode::Char('?'));
    assert_eq!(app.mode(), Mode::Help);
    // The keys of the picker come first.
    assert!(
        screen(&app).contains(Mode::Picker.name(Lang::En)),
        "{}",
        screen(&app)
    );
    key(&store, &mut app, KeyCode::Esc);
    assert!(
        matches!(app.overlay, Overlay::Compare),
        "Esc did not go back to the picker: {:?}",
        app.overlay
    );
    let after = &app.picker;
    assert_eq!(after.cursor, before.cursor);
}

#[test]
fn help_lists_every_binding_and_marker() {
    let (_tmp, store) = demo();
    for lang in [Lang::Vi, Lang::En] {
        let mut app = open(&store, lang, (120, 250));
        press(&store, &mut app, &[Action::Help]);
        let screen = screen(&app);
        for b in BINDINGS {
            let line = screen.lines().find(|l| {
                l.contains(&format!("   {}  ", b.key_labels())) && l.contains(b.describe(lang))
            });
            assert!(
                line.is_some(),
                "help ({lang:?}) lacks {} {:?}:\n{screen}",
                b.key_labels(),
                b.describe(lang)
            );
        }
        for (marker, vi, en) in keys::LEGEND {
            let meaning = if lang == Lang::Vi { vi } else { en };
            assert!(
                screen.contains(marker) && screen.contains(meaning),
                "{marker}"
            );
        }
        press(&store, &mut app, &[Action::Cancel]);
        assert!(matches!(app.overlay, Overlay::None));
    }
}

#[test]
fn help_scrolls_to_the_end_at_80x24_and_back() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    press(&store, &mut app, &[Action::Help]);
    let top = screen(&app);
    let (marker, last, _) = keys::LEGEND.last().unwrap();
    // Far more pages than there are.
    for _ in 0..40 {
        key(&store, &mut app, KeyCode::PageDown);
    }
    let bottom = screen(&app);
    assert!(
        bottom.contains(&format!("{marker}  ")) && bottom.contains(last),
        "the last row is never shown:\n{bottom}"
    );
    // One press back up must scroll up at once, however far it was paged.
    key(&store, &mut app, KeyCode::Char('k'));
    let one_up = screen(&app);
    assert_ne!(
        one_up, bottom,
        "k after scrolling past the end does nothing"
    );
    key(&store, &mut app, KeyCode::Char('g'));
    assert_eq!(screen(&app), top);
    key(&store, &mut app, KeyCode::Char('G'));
    assert_eq!(screen(&app), bottom);
    key(&store, &mut app, KeyCode::PageUp);
    assert_ne!(screen(&app), bottom);
}

#[test]
fn snapshot_help_english() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::En, (80, 24));
    key(&store, &mut app, KeyCode::Char('?'));
    insta::assert_snapshot!("help_english", draw(&app).backend());
}

#[test]
fn on_the_too_small_screen_only_quitting_works() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    let before = (
        app.review.selected,
        app.review.side_by_side,
        app.overlay.clone(),
    );
    resize(&mut app, (59, 24));
    assert_eq!(app.mode(), Mode::TooSmall);
    for c in ['j', 's', '?', 'r', 'm', 'G'] {
        assert_eq!(
            keys::action_for(Mode::TooSmall, KeyEvent::from(KeyCode::Char(c))),
            None,
            "{c} is bound on the too-small screen"
        );
    }
    // Even actions that reach `update` are dropped there.
    for action in [
        Action::Down,
        Action::ToggleSideBySide,
        Action::Help,
        Action::Board,
    ] {
        assert!(update(&mut app, Msg::Key(action)).is_empty());
    }
    assert_eq!(app.review.selected, before.0);
    assert_eq!(app.review.side_by_side, before.1);
    assert!(matches!(app.overlay, Overlay::None));
    resize(&mut app, (80, 24));
    key(&store, &mut app, KeyCode::Char('s'));
    assert!(
        app.review.side_by_side,
        "keys work again once the screen is big enough"
    );
    resize(&mut app, (80, 15));
    key(&store, &mut app, KeyCode::Char('q'));
    assert!(app.quit);
}

#[test]
fn g_and_shift_g_go_to_the_first_and_last_row_of_every_list() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    key(&store, &mut app, KeyCode::Char('G'));
    assert_eq!(app.review.selected, app.review.rows.len() - 1);
    key(&store, &mut app, KeyCode::Char('g'));
    assert_eq!(app.review.selected, 0);
    key(&store, &mut app, KeyCode::Char('r'));
    key(&store, &mut app, KeyCode::Char('G'));
    assert!(matches!(app.overlay, Overlay::Compare), "{:?}", app.overlay);
    let rows = (app.picker.cursor, app.picker_rows().len());
    assert_eq!(rows.0, rows.1 - 1);
    key(&store, &mut app, KeyCode::Char('g'));
    assert!(matches!(&app.overlay, Overlay::Compare) && app.picker.cursor == 0);
    key(&store, &mut app, KeyCode::Esc);
    key(&store, &mut app, KeyCode::Char('d'));
    key(&store, &mut app, KeyCode::Char('G'));
    let drafts = app.repo.ready().unwrap().drafts.len();
    assert!(matches!(app.overlay, Overlay::Drafts) && app.drafts.cursor == drafts - 1);
    key(&store, &mut app, KeyCode::Char('g'));
    assert!(matches!(app.overlay, Overlay::Drafts) && app.drafts.cursor == 0);
}

#[test]
fn every_mode_has_a_generated_footer() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    let mut seen = Vec::new();
    let mut check = |app: &App| {
        let mode = app.mode();
        let expected = keys::footer_hints(mode, app.lang, app.offer(), 80);
        assert_eq!(footer(app).trim_end(), expected.trim_end(), "{mode:?}");
        seen.push(mode);
    };
    check(&app);
    for (opening, close) in [
        (KeyCode::Char('r'), KeyCode::Esc),
        (KeyCode::Char('d'), KeyCode::Esc),
        (KeyCode::Char('?'), KeyCode::Esc),
        (KeyCode::Char('w'), KeyCode::Esc),
        (KeyCode::Char('t'), KeyCode::Esc),
        (KeyCode::Char('m'), KeyCode::Esc),
    ] {
        key(&store, &mut app, opening);
        app.message = None;
        check(&app);
        key(&store, &mut app, close);
    }
    assert!(seen.contains(&Mode::Picker) && seen.contains(&Mode::Help));
}

// ---------------------------------------------------------------------------
// Colours

#[test]
fn deletions_and_insertions_are_drawn_in_their_theme_styles() {
    let (_tmp, store) = demo();
    let app = open(&store, Lang::Vi, (80, 24));
    let theme = Theme::builtin(false);
    let term = draw_with(&app, &theme);
    let buf = term.backend().buffer();

    let (x, y) = find(buf, "[-").expect("a deletion on the first screen");
    assert!(has_style(buf, (x, y), theme.marker.style()), "[- marker");
    assert!(
        has_style(buf, (x + 2, y), theme.deleted.style()),
        "the deleted word: {:?}",
        buf[(x + 2, y)]
    );
    let (x, y) = find(buf, "{+").expect("an insertion on the first screen");
    assert!(has_style(buf, (x, y), theme.marker.style()), "{{+ marker");
    assert!(
        has_style(buf, (x + 2, y), theme.inserted.style()),
        "the inserted word: {:?}",
        buf[(x + 2, y)]
    );
    // Deleted and inserted text must look different from each other and
    // from plain text.
    assert_ne!(theme.deleted.style(), theme.inserted.style());
    assert_ne!(buf[(x + 2, y)].style(), buf[(2, 2)].style());
}

#[test]
fn no_text_is_drawn_in_its_own_background_colour() {
    let (_tmp, store) = demo();
    let theme = Theme::builtin(false);
    let mut app = open(&store, Lang::Vi, (80, 24));
    let mut screens = vec![("review", draw_with(&app, &theme))];
    for (name, actions) in [
        ("help", &[Action::Help][..]),
        (
            "picker",
            &[Action::Cancel, Action::OpenCompare, Action::Expand][..],
        ),
        ("drafts", &[Action::Cancel, Action::OpenDrafts][..]),
        (
            "side by side",
            &[Action::Cancel, Action::ToggleSideBySide][..],
        ),
    ] {
        press(&store, &mut app, actions);
        screens.push((name, draw_with(&app, &theme)));
    }
    for (name, term) in &screens {
        let buf = term.backend().buffer();
        for (i, cell) in buf.content().iter().enumerate() {
            if cell.symbol().trim().is_empty() || cell.fg == Color::Reset {
                continue;
            }
            let (x, y) = buf.pos_of(i);
            assert_ne!(
                cell.fg,
                cell.bg,
                "{name}: {:?} at ({x}, {y}) is invisible (fg = bg):\n{}",
                cell.symbol(),
                text(buf)
            );
        }
    }
}

#[test]
fn the_mono_theme_draws_no_colour_anywhere() {
    let (_tmp, store) = demo();
    let mono = Theme::builtin(true);
    let mut app = open(&store, Lang::Vi, (80, 24));
    let mut screens = vec![draw_with(&app, &mono)];
    for actions in [
        &[Action::Help][..],
        &[Action::Cancel, Action::OpenCompare, Action::Expand][..],
        &[Action::Cancel, Action::OpenDrafts][..],
        &[Action::Cancel, Action::ToggleSideBySide][..],
    ] {
        press(&store, &mut app, actions);
        screens.push(draw_with(&app, &mono));
    }
    for term in &screens {
        let buf = term.backend().buffer();
        for cell in buf.content() {
            assert_eq!(cell.fg, Color::Reset, "a coloured cell: {cell:?}");
            assert_eq!(cell.bg, Color::Reset, "a coloured cell: {cell:?}");
        }
    }
    // Without colour, changes are still told apart by markers and modifiers.
    let buf = screens[0].backend().buffer();
    let (x, y) = find(buf, "[-").unwrap();
    assert!(has_style(buf, (x + 2, y), mono.deleted.style()));
    let (x, y) = find(buf, "{+").unwrap();
    assert!(has_style(buf, (x + 2, y), mono.inserted.style()));
    // The selected outline row stands out (reversed).
    let screen = rows(buf);
    let row = screen.iter().position(|r| r.starts_with("│▶")).unwrap() as u16;
    assert!(has_style(buf, (3, row), mono.selected.style()));
}

// ---------------------------------------------------------------------------
// Sanitising: text from drafts, commits and refs never drives the terminal

const HOSTILE_DRAFT: &str = r#"schema: 1
id: bao-cao-thu
issuing_body: ỦY BAN NHÂN DÂN HUYỆN TÂN YÊN
document_type: BÁO CÁO
number: 'Số:      /BC-UBND'
place_date: Tân Yên, ngày 1 tháng 11 năm 2026
title: "Báo cáo \e[31mđỏ\u202Eđảo"
sections:
  - id: kinh-te
    number: I
    title: "Kinh tế \e]0;pwned\a"
    owner: phong-tai-chinh
    body: "Tổng thu \e[31mngân sách\e[0m đạt BODY tỷ đồng.\u202E"
"#;

/// The escape sequences above (and in the commits below), without their ESC.
const REMNANTS: &[&str] = &["[31m", "[0m", "]0;pwned", "[2J", "[5m", "[1m", "[32m"];

/// A repository whose draft, file name, commits, author and branch names
/// all carry escape sequences, bidi overrides or C1 controls.
fn hostile_repo() -> (tempfile::TempDir, Store, String) {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::init(tmp.path()).unwrap();
    let author = Identity {
        name: "Kẻ \x1b[5mLạ".into(),
        email: "la@tanyen.example".into(),
    };
    let when = Some(Moment {
        seconds: 1_700_000_000,
        offset_minutes: 420,
    });
    let path = "drafts/bao-cao\x1b[32m\u{202E}.yaml".to_owned();
    let v1 = HOSTILE_DRAFT.replace("BODY", "412,5");
    // duyet signs no commit with such an author (`Identity::check`); other
    // tools may, so the commits are written with git2 directly.
    let base = common::commit_unchecked(
        &store,
        "main",
        None,
        &[FileChange {
            path: &path,
            contents: v1.as_bytes(),
        }],
        &author,
        when,
        "Khởi tạo \x1b[2J",
    );
    let branch = "dept/la\u{9b}31m";
    store.create_branch(branch, base).unwrap();
    let v2 = HOSTILE_DRAFT.replace("BODY", "\\e[32m418,2");
    common::commit_unchecked(
        &store,
        branch,
        Some(base),
        &[FileChange {
            path: &path,
            contents: v2.as_bytes(),
        }],
        &author,
        when,
        "Cập nhật \x1b[2J\x1b[31mxoá\x07 \u{202E}",
    );
    store.create_branch("dept/phải\u{202E}trái", base).unwrap();
    (tmp, store, path)
}

/// No cell holds a control character or a bidi override, and every escape
/// sequence that came in is shown defused (its ESC replaced by �), not
/// silently half-stripped.
fn assert_clean(buf: &Buffer, screen: &str) {
    for (i, cell) in buf.content().iter().enumerate() {
        let bad = cell.symbol().chars().find(|&c| {
            c.is_control()
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
        });
        let (x, y) = buf.pos_of(i);
        assert!(
            bad.is_none(),
            "{screen}: {bad:?} at ({x}, {y}):\n{}",
            text(buf)
        );
    }
    for (y, row) in rows(buf).iter().enumerate() {
        for remnant in REMNANTS {
            for (at, _) in row.match_indices(remnant) {
                assert!(
                    row[..at].ends_with('\u{FFFD}'),
                    "{screen}: {remnant:?} reached row {y} without its ESC replaced: {row:?}"
                );
            }
        }
    }
}

/// `--as` and git's config refuse such a name (`Identity::check`), and no
/// commit can be signed with it; built by hand, it checks that the screen
/// would still draw it clean.
fn hostile_identity() -> Identity {
    Identity {
        name: "Người \x1b[1mLạ".to_owned(),
        email: "la@tanyen.example".to_owned(),
    }
}

#[test]
fn text_from_drafts_commits_and_refs_is_sanitised() {
    let (_tmp, store, _) = hostile_repo();
    let mut app = App::new(Lang::Vi, (80, 24));
    open_inline(&store, &mut app, Some(hostile_identity()));
    let cmp = app
        .review
        .comparison
        .ready()
        .expect("the hostile draft loads");
    assert_eq!(cmp.to, "dept/la\u{9b}31m");

    let mut screens = vec![("review", draw(&app))];
    press(&store, &mut app, &[Action::ToggleSideBySide]);
    screens.push(("side by side", draw(&app)));
    press(&store, &mut app, &[Action::OpenCompare, Action::Expand]);
    screens.push(("picker", draw(&app)));
    press(&store, &mut app, &[Action::Cancel, Action::OpenDrafts]);
    screens.push(("drafts", draw(&app)));
    for (name, term) in &screens {
        assert_clean(term.backend().buffer(), name);
    }
    // The things checked are on screen at all.
    let picker = text(screens[2].1.backend().buffer());
    assert!(picker.contains("Cập nhật"), "{picker}");
    assert!(picker.contains("Kẻ \u{FFFD}[5mLạ"), "{picker}");
    assert!(picker.contains("phải\u{FFFD}trái"), "{picker}");
    let review = text(screens[0].1.backend().buffer());
    assert!(review.contains("Người \u{FFFD}[1mLạ"), "{review}");
    assert!(review.contains("ngân sách"), "{review}");
}

#[test]
fn the_draft_path_is_sanitised_while_its_comparison_loads() {
    let (_tmp, store, path) = hostile_repo();
    let mut app = App::new(Lang::Vi, (80, 24));
    let info = duyet::ops::overview::open(&store, Some(hostile_identity()))
        .map(Box::new)
        .map_err(duyet::tui::failure::Failure::from);
    let jobs = update(&mut app, Msg::Worker(WorkerEvent::Repo(info)));
    assert_eq!(app.review.draft.as_deref(), Some(path.as_str()));
    assert!(matches!(app.review.comparison, Loadable::Loading));
    // Drawn before the worker answers: the header names the draft by its path.
    assert_clean(draw(&app).backend().buffer(), "loading");
    settle(&store, &mut app, jobs);
}

#[test]
fn a_draft_that_fails_to_load_is_reported_sanitised() {
    let (_tmp, store, path) = hostile_repo();
    // Break the draft on the branch: the comparison fails with an error
    // that quotes the file name.
    let tip = store.resolve("dept/la\u{9b}31m").unwrap();
    common::commit_unchecked(
        &store,
        "dept/la\u{9b}31m",
        Some(tip),
        &[FileChange {
            path: &path,
            contents: b"schema: 1\nid: [\x1b[31m\n",
        }],
        &hostile_identity(),
        None,
        "Hỏng",
    );
    let mut app = App::new(Lang::Vi, (80, 24));
    open_inline(&store, &mut app, Some(hostile_identity()));
    assert!(
        matches!(app.review.comparison, Loadable::Failed(_)),
        "the broken draft is reported"
    );
    assert_clean(draw(&app).backend().buffer(), "failed comparison");
}

// ---------------------------------------------------------------------------
// A department draft that does not load

/// The screen opened as Lê Thị Hoa (Phòng Tài chính - Kế hoạch) on a
/// repository whose first comparison (main → her department's branch) fails.
fn open_failing(store: &Store, lang: Lang) -> App {
    let mut app = App::new(lang, (80, 24));
    open_inline(store, &mut app, Some(Identity::parse(HOA).unwrap()));
    assert_eq!(app.review.to, "dept/phong-tai-chinh");
    assert!(
        matches!(app.review.comparison, Loadable::Failed(_)),
        "the comparison fails: {:?}",
        app.review.comparison
    );
    app
}

/// The error pane's words: the frame titled "Lỗi"/"Error".
fn error_pane(app: &App, title: &str) -> String {
    let shown = screen_rows(app);
    let (x, y) = find(draw(app).backend().buffer(), &format!("┌ {title} "))
        .unwrap_or_else(|| panic!("the error pane is drawn:\n{}", shown.join("\n")));
    common::framed_text(&shown, usize::from(x), usize::from(y))
}

#[test]
fn a_draft_that_does_not_load_is_shown_in_full_at_80_columns() {
    let r = common::broken_draft_repo();
    let store = r.store();
    let in_vietnamese = "drafts/tong-hop.yaml (dept/phong-tai-chinh):22:29: YAML không hợp lệ: \
                         có dấu hai chấm `:` ở chỗ không được đặt";
    for (lang, title, expected) in [
        (Lang::Vi, "Lỗi", in_vietnamese),
        (Lang::En, "Error", common::BROKEN_DIAGNOSTIC),
    ] {
        let app = open_failing(&store, lang);
        let words = error_pane(&app, title);
        assert!(
            words.contains(expected),
            "the whole file:line:column message is on screen: {words}\n{}",
            screen(&app)
        );
        // It did not fit on one row: it wrapped, and no row runs past the pane.
        let rows = screen_rows(&app);
        assert!(!rows.iter().any(|r| r.contains(expected)));
    }
}

#[test]
fn every_diagnostic_of_a_draft_starts_its_own_row() {
    let r = common::merge_repo(&common::broken_base(), None, &[]);
    let schema = common::broken_base()
        .replace("- id: chi-ngan-sach", "- id: thu-ngan-sach")
        .replace("- id: kinh-te", "- id: Kinh Tế");
    let first = r.store().resolve("main").unwrap();
    r.store()
        .create_branch("dept/phong-tai-chinh", first)
        .unwrap();
    r.commit(
        "dept/phong-tai-chinh",
        &[(common::MERGE_DRAFT, &schema)],
        &common::hoa(),
        20,
        "Đề xuất",
    );
    let store = r.store();
    let app = open_failing(&store, Lang::En);
    let words = error_pane(&app, "Error");
    let file = "drafts/tong-hop.yaml (dept/phong-tai-chinh)";
    for expected in [
        format!("{file}:9:5: section id `Kinh Tế` is not valid"),
        format!(
            "{file}:20:9: duplicate section id `thu-ngan-sach` (first defined at line 14); \
             ids must be unique in the draft"
        ),
    ] {
        assert!(words.contains(&expected), "{expected}\nin: {words}");
    }
    // Each diagnostic begins a row of its own.
    let starts = screen_rows(&app)
        .iter()
        .filter(|r| r.contains("│ drafts/tong-hop.yaml"))
        .count();
    assert_eq!(starts, 2, "{}", screen(&app));
}

#[test]
fn an_unusable_git_identity_is_said_with_why() {
    let (tmp, _) = demo();
    let dir = tmp.path().join("demo");
    common::git_ok(&dir, &["config", "user.name", "Người\nLạ"]);
    let store = Store::open(Some(&dir)).unwrap();
    let mut app = App::new(Lang::Vi, (80, 24));
    open_inline(&store, &mut app, None);
    assert!(app.me().is_none());
    let shown = screen(&app);
    assert!(shown.contains("user.name"), "{shown}");
}

/// Types `s` into the prompt of `/` or `:`, key by key.
fn type_prompt(app: &mut App, s: &str) {
    for c in s.chars() {
        assert!(app.mode().takes_text(), "{:?}", app.mode());
        assert!(update(app, Msg::Text(KeyEvent::from(KeyCode::Char(c)))).is_empty());
    }
}

fn selected_path(app: &App) -> String {
    let cmp = app.review.comparison.ready().unwrap();
    match app.selected_row().unwrap() {
        duyet::tui::app::OutlineRow::Section(i) => cmp.paths[i].clone(),
        other => format!("{other:?}"),
    }
}

#[test]
fn slash_searches_titles_and_text_with_or_without_diacritics() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    key(&store, &mut app, KeyCode::Char('g'));
    key(&store, &mut app, KeyCode::Char('/'));
    assert_eq!(app.mode(), Mode::Search);
    type_prompt(&mut app, "ngan sachx");
    key(&store, &mut app, KeyCode::Backspace);
    assert!(footer(&app).starts_with(" /ngan sach▏"), "{}", footer(&app));
    assert!(footer(&app).contains("Enter tìm"), "{}", footer(&app));
    key(&store, &mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Review);
    let cmp = app.review.comparison.ready().unwrap().clone();
    let first = app.review.selected;
    assert!(duyet::tui::search::row_matches(
        &cmp,
        app.review.rows[first],
        "ngân sách"
    ));
    assert!(
        footer(&app).starts_with(" /ngan sach · n/N kết quả tìm ·"),
        "{}",
        footer(&app)
    );
    // n/N are the search's now, not "changes".
    assert!(!footer(&app).contains("n/N thay đổi"), "{}", footer(&app));
    // n goes on to the next match, N back.
    key(&store, &mut app, KeyCode::Char('n'));
    let second = app.review.selected;
    assert_ne!(second, first);
    assert!(duyet::tui::search::row_matches(
        &cmp,
        app.review.rows[second],
        "ngan sach"
    ));
    key(&store, &mut app, KeyCode::Char('N'));
    assert_eq!(app.review.selected, first);
    // Esc clears the search: n is "next change" again.
    key(&store, &mut app, KeyCode::Esc);
    assert!(app.review.search.is_none());
    assert!(!footer(&app).contains("/ngan"), "{}", footer(&app));
    assert!(footer(&app).contains("n/N thay đổi"), "{}", footer(&app));
    // Nothing found: said in the footer.
    key(&store, &mut app, KeyCode::Char('/'));
    type_prompt(&mut app, "khôngcóchữnày");
    key(&store, &mut app, KeyCode::Enter);
    assert!(
        footer(&app).contains("Không mục nào có"),
        "{}",
        footer(&app)
    );
}

/// `z` hides the outline so the text (side by side too) takes the whole
/// width; `z` again brings it back where it was.
#[test]
fn z_hides_the_outline_and_the_text_takes_the_width() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::Vi, (80, 24));
    let selected = app.review.selected;
    let narrow = app.geometry().diff_width;
    assert!(screen(&app).contains("Mục ("), "the outline is shown");
    key(&store, &mut app, KeyCode::Char('z'));
    assert!(app.review.outline_hidden);
    let shown = screen(&app);
    assert!(!shown.contains("Mục ("), "{shown}");
    assert_eq!(app.geometry().diff_width, 76);
    assert!(app.geometry().diff_width > narrow);
    // Moving still moves through the sections; the text pane follows.
    key(&store, &mut app, KeyCode::Char('j'));
    assert_ne!(app.review.selected, selected);
    key(&store, &mut app, KeyCode::Char('k'));
    key(&store, &mut app, KeyCode::Char('z'));
    assert!(!app.review.outline_hidden);
    assert_eq!(app.review.selected, selected);
    assert!(screen(&app).contains("Mục ("));
}

#[test]
fn colon_jumps_to_a_section_by_its_number() {
    let (_tmp, store) = demo();
    let mut app = open(&store, Lang::En, (80, 24));
    key(&store, &mut app, KeyCode::Char(':'));
    assert_eq!(app.mode(), Mode::Jump);
    assert!(footer(&app).starts_with(" :▏"), "{}", footer(&app));
    type_prompt(&mut app, "i.4");
    key(&store, &mut app, KeyCode::Enter);
    assert_eq!(selected_path(&app), "I.4");
    // A section the "changed only" filter hides is shown all the same.
    key(&store, &mut app, KeyCode::Char('f'));
    key(&store, &mut app, KeyCode::Char(':'));
    type_prompt(&mut app, "I.1");
    key(&store, &mut app, KeyCode::Enter);
    assert_eq!(selected_path(&app), "I.1");
    key(&store, &mut app, KeyCode::Char(':'));
    type_prompt(&mut app, "IX.9");
    key(&store, &mut app, KeyCode::Enter);
    assert!(footer(&app).contains("no section IX.9"), "{}", footer(&app));
    // Esc in the prompt cancels; q there is text, not quit.
    key(&store, &mut app, KeyCode::Char(':'));
    type_prompt(&mut app, "q");
    assert!(!app.quit);
    key(&store, &mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Review);
}
