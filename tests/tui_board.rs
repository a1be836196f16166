//! The office's merge board in the screen, drawn on ratatui's `TestBackend`:
//! the departments' branches (`m`), one branch's plan, per-section and
//! per-change decisions, the office's own text, the commit confirmation, the
//! conflict plan and the N-way view (`o`). Every merge runs against the demo
//! repository (`settle`) and is checked with the store and with `git log`.
//!
//! Merges that set up a snapshot are written through `ops` with fixed times,
//! so nothing on screen depends on the day the tests run.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::screen::{
    Repo, assert_no_colour, bound, demo, draw, draw_with, editor_text, find, footer, key, key_code,
    press, screen, screen_rows, select_section, text_key, type_text, who,
};
use common::{HOA, THANG};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use duyet::core::Moment;
use duyet::core::merge::{Decision, Decisions, MergeAction, pick};
use duyet::ops;
use duyet::store::{FileChange, Store};
use duyet::tui::app::{App, DepartmentVersion, Loadable, Msg, Overlay};
use duyet::tui::board::{BoardState, BranchRow, PlanState};
use duyet::tui::keys::Action;
use duyet::tui::theme::Theme;
use duyet::tui::update::update;
use duyet::tui::{Lang, settle};

const DRAFT: &str = "drafts/bao-cao-ubnd-tan-yen-2023.yaml";
/// Changes I.4's opening (two changes) and its first item (one change).
const TAI_CHINH: &str = "dept/phong-tai-chinh";
/// Also changes I.4's opening: a conflict once Tài chính's is merged.
const KINH_TE: &str = "dept/phong-kinh-te";
/// I.4's opening, with a title; changed by Tài chính and Kinh tế.
const KT_XH: &str = "ket-qua-dieu-hanh-kt-xh";
/// I.4's first item (no title), changed by Tài chính only.
const NGAN_SACH: &str = "dieu-hanh-ngan-sach-dau-tu";

// ---------------------------------------------------------------------------
// Helpers

/// A fixed moment on 20/12/2023 (UTC+7), `minute` minutes after 08:00.
fn at(minute: i64) -> Option<Moment> {
    Some(Moment {
        seconds: 1_703_034_000 + minute * 60,
        offset_minutes: 420,
    })
}

/// The screen opened as `person` in `lang` at 80×24, everything loaded.
fn open_in(store: &Store, person: &str, lang: Lang) -> App {
    let app = common::screen::open(store, person, lang, (80, 24));
    assert_eq!(app.review.draft.as_deref(), Some(DRAFT));
    app
}

fn open_as(store: &Store, person: &str) -> App {
    open_in(store, person, Lang::Vi)
}

fn enter(store: &Store, app: &mut App) {
    key_code(store, app, KeyCode::Enter);
}

fn esc(store: &Store, app: &mut App) {
    key_code(store, app, KeyCode::Esc);
}

/// Answers yes to the question open: Tab to "yes", then Enter.
fn say_yes(store: &Store, app: &mut App) {
    key_code(store, app, KeyCode::Tab);
    enter(store, app);
}

fn ctrl_s(store: &Store, app: &mut App) {
    let action = bound(
        app,
        KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
    );
    assert_eq!(action, Action::Send);
    press(store, app, &[action]);
}

/// Empties the editor with Backspace (Ctrl+H, as Unikey sends it, every
/// other time).
fn clear_editor(store: &Store, app: &mut App) {
    let mut left = editor_text(app).chars().count() + 1;
    let mut i = 0;
    while !editor_text(app).is_empty() {
        assert!(left > 0, "Backspace does not empty the editor");
        left -= 1;
        i += 1;
        let event = if i % 2 == 0 {
            KeyEvent::new(KeyCode::Char('h'), KeyModifiers::CONTROL)
        } else {
            KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)
        };
        text_key(store, app, event);
    }
}

/// The board's branch list, once loaded.
fn branch_rows(app: &App) -> Vec<BranchRow> {
    match app.board.as_deref() {
        Some(BoardState::Branches {
            rows: Loadable::Ready(rows),
            ..
        }) => rows.clone(),
        other => panic!("the branch list is not shown: {other:?}"),
    }
}

fn branch_cursor(app: &App) -> usize {
    match app.board.as_deref() {
        Some(BoardState::Branches { cursor, .. }) => *cursor,
        other => panic!("the branch list is not shown: {other:?}"),
    }
}

/// `m` on the review screen: the board opens on the branch list.
fn open_board(store: &Store, app: &mut App) {
    key(store, app, 'm');
    assert!(matches!(app.overlay, Overlay::Board));
    assert!(!branch_rows(app).is_empty());
}

/// On the branch list: j/k to `branch`, Enter opens its plan.
fn open_plan(store: &Store, app: &mut App, branch: &str) {
    open_plan_or_error(store, app, branch);
    assert_eq!(plan(app).board.from, branch, "the plan of {branch} is open");
}

/// The plan on screen.
fn plan(app: &App) -> &PlanState {
    match app.board.as_deref() {
        Some(BoardState::Plan(p)) => p,
        other => panic!("no plan is shown: {other:?}"),
    }
}

fn selected_proposal(app: &App) -> String {
    plan(app)
        .selected()
        .expect("a section is selected")
        .id
        .clone()
}

/// In the plan: j/k to the proposal `id`.
fn select_proposal(store: &Store, app: &mut App, id: &str) {
    let target = plan(app)
        .proposals()
        .iter()
        .position(|s| s.id == id)
        .unwrap_or_else(|| panic!("{id} is proposed"));
    while plan(app).cursor < target {
        key(store, app, 'j');
    }
    while plan(app).cursor > target {
        key(store, app, 'k');
    }
    assert_eq!(selected_proposal(app), id);
}

/// Thắng's screen with the plan of `branch` open.
fn plan_as(repo: &Repo, person: &str, branch: &str) -> App {
    let mut app = open_as(&repo.store, person);
    open_board(&repo.store, &mut app);
    open_plan(&repo.store, &mut app, branch);
    app
}

fn tip(store: &Store, branch: &str) -> String {
    store.resolve(branch).unwrap().to_string()
}

/// A section's body on `rev`.
fn body_at(store: &Store, rev: &str, id: &str) -> String {
    store
        .read_draft(rev, DRAFT)
        .unwrap()
        .section(id)
        .unwrap_or_else(|| panic!("{id} is on {rev}"))
        .body
        .clone()
}

/// Merges Tài chính's branch (everything it proposes) through `ops`, at a
/// fixed time, so Kinh tế's change to I.4's opening becomes a conflict.
fn merge_tai_chinh_first(store: &Store) {
    let board = ops::merge::prepare(store, DRAFT, TAI_CHINH).unwrap();
    let take_all = ops::merge::decisions_from(&[], &[]);
    ops::merge::commit(store, &who(THANG), at(0), &board, &take_all).unwrap();
}

/// The saved-decisions files in `.git/duyet`.
fn saved_decision_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir.join(".git").join("duyet")) else {
        return Vec::new();
    };
    entries
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("merge-") && n.ends_with(".json"))
        })
        .collect()
}

fn all_departments(app: &App) -> Vec<DepartmentVersion> {
    match &app.overlay {
        Overlay::AllDepartments(Loadable::Ready(v)) => v.as_ref().clone(),
        other => panic!("the N-way view is not loaded: {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Snapshots (80×24)

#[test]
fn snapshot_branch_list() {
    let repo = demo();
    let mut app = open_as(&repo.store, THANG);
    open_board(&repo.store, &mut app);
    let shown = screen(&app);
    assert!(shown.contains("▶ dept/cong-an"), "{shown}");
    assert!(shown.contains("Phòng Tài chính - Kế hoạch"), "{shown}");
    insta::assert_snapshot!("board_branches", draw(&app).backend());
}

#[test]
fn snapshot_plan_with_the_first_section_selected() {
    let repo = demo();
    let app = plan_as(&repo, THANG, TAI_CHINH);
    assert_eq!(plan(&app).cursor, 0);
    assert_eq!(selected_proposal(&app), KT_XH);
    let shown = screen(&app);
    assert!(shown.contains("dept/phong-tai-chinh → main"), "{shown}");
    assert!(shown.contains("[1✓]") && shown.contains("[2✓]"), "{shown}");
    insta::assert_snapshot!("board_plan", draw(&app).backend());
}

#[test]
fn snapshot_plan_with_a_per_change_decision() {
    let repo = demo();
    let mut app = plan_as(&repo, THANG, TAI_CHINH);
    key(&repo.store, &mut app, 'n');
    enter(&repo.store, &mut app);
    assert_eq!(
        plan(&app).decisions.get(KT_XH),
        Some(&Decision::Changes(vec![true, false]))
    );
    let shown = screen(&app);
    assert!(shown.contains("[1✓]"), "{shown}");
    assert!(shown.contains("[2✗]"), "{shown}");
    assert!(shown.contains("▶½ "), "the section's badge is ½:\n{shown}");
    insta::assert_snapshot!("board_plan_per_change", draw(&app).backend());
}

#[test]
fn snapshot_commit_confirmation() {
    let repo = demo();
    let mut app = plan_as(&repo, THANG, TAI_CHINH);
    ctrl_s(&repo.store, &mut app);
    assert!(plan(&app).confirming.is_some());
    let shown = screen(&app);
    assert!(shown.contains("Ghi bản hợp nhất vào main?"), "{shown}");
    insta::assert_snapshot!("board_commit_confirmation", draw(&app).backend());
}

#[test]
fn snapshot_conflict_plan() {
    let repo = demo();
    merge_tai_chinh_first(&repo.store);
    let app = plan_as(&repo, THANG, KINH_TE);
    let p = plan(&app);
    assert_eq!(selected_proposal(&app), KT_XH);
    assert_eq!(p.selected().unwrap().action, MergeAction::Conflict);
    assert_eq!(p.decision(p.selected().unwrap()), None);
    let shown = screen(&app);
    assert!(shown.contains("▶? xung đột"), "{shown}");
    // Both sides against the fork first: what main changed (Tài chính's
    // merged words) and what Kinh tế changed, each with a little context.
    assert!(shown.contains("main đã sửa (từ điểm tách):"), "{shown}");
    assert!(shown.contains("{+quan trọng, có 17/17"), "{shown}");
    assert!(shown.contains("Phòng đã sửa (từ điểm tách):"), "{shown}");
    assert!(shown.contains("{+, nhất"), "{shown}");
    insta::assert_snapshot!("board_conflict_plan", draw(&app).backend());
}

#[test]
fn n_brings_the_first_change_into_view_and_the_text_scrolls() {
    let repo = demo();
    merge_tai_chinh_first(&repo.store);
    let mut app = plan_as(&repo, THANG, KINH_TE);
    assert!(
        !screen(&app).contains("[1?]"),
        "below the two sides at first"
    );
    press(&repo.store, &mut app, &[Action::NextChange]);
    assert_eq!(plan(&app).change, 0, "the first change, not the second");
    let shown = screen(&app);
    assert!(shown.contains("[1?]"), "{shown}");
    // Enter acts on the change shown (marked as current).
    enter(&repo.store, &mut app);
    let p = plan(&app);
    assert_eq!(p.change_taken(p.selected().unwrap(), 0), Some(true));
    // The text scrolls with the usual keys down to what the merge would
    // write, and back up to the heading.
    let mut seen = false;
    for _ in 0..60 {
        press(&repo.store, &mut app, &[Action::ScrollDown]);
        seen |= screen(&app).contains("Nội dung sẽ ghi:");
    }
    assert!(seen, "the merged text is reachable:\n{}", screen(&app));
    // The merge would write the section with the change taken.
    assert!(screen(&app).contains("đạt được kết quả quan trọng"));
    press(
        &repo.store,
        &mut app,
        &[Action::PageUp, Action::PageUp, Action::PageUp],
    );
    assert!(screen(&app).contains("main đã sửa (từ điểm tách):"));
    assert_eq!(plan(&app).scroll, 0);
}

#[test]
fn snapshot_all_departments() {
    let repo = demo();
    let mut app = open_as(&repo.store, THANG);
    select_section(&repo.store, &mut app, KT_XH);
    key(&repo.store, &mut app, 'o');
    let versions = all_departments(&app);
    let changed: Vec<&str> = versions
        .iter()
        .filter(|v| {
            v.diff
                .as_ref()
                .is_some_and(|(t, b)| t.is_change() || b.is_change())
        })
        .map(|v| v.branch.as_str())
        .collect();
    assert_eq!(changed, [KINH_TE, TAI_CHINH]);
    assert_eq!(versions.len(), 6, "every department branch is listed");
    let shown = screen(&app);
    // Departments that changed the section come first; Công an did not.
    assert!(
        versions
            .iter()
            .any(|v| v.branch == "dept/cong-an" && !v.changed)
    );
    assert!(
        shown.contains("dept/phong-kinh-te (Phòng Kinh tế và Hạ tầng)"),
        "{shown}"
    );
    assert!(
        shown.contains("{+"),
        "Kinh tế's insertions are shown:\n{shown}"
    );
    insta::assert_snapshot!("board_all_departments", draw(&app).backend());
}

#[test]
fn snapshot_plan_in_english() {
    let repo = demo();
    let mut app = open_in(&repo.store, THANG, Lang::En);
    open_board(&repo.store, &mut app);
    open_plan(&repo.store, &mut app, TAI_CHINH);
    let shown = screen(&app);
    assert!(
        shown.contains("Merge board — dept/phong-tai-chinh → main"),
        "{shown}"
    );
    assert!(shown.contains("a take  x reject"), "{shown}");
    insta::assert_snapshot!("board_plan_english", draw(&app).backend());
}

// ---------------------------------------------------------------------------
// Behaviour

#[test]
fn accepting_everything_and_committing_writes_a_merge_commit_with_two_parents() {
    let repo = demo();
    let old_main = tip(&repo.store, "main");
    let dept_tip = tip(&repo.store, TAI_CHINH);
    let mut app = plan_as(&repo, THANG, TAI_CHINH);
    let proposals: Vec<String> = plan(&app)
        .proposals()
        .iter()
        .map(|s| s.id.clone())
        .collect();
    assert_eq!(proposals, [KT_XH, NGAN_SACH]);
    for id in &proposals {
        select_proposal(&repo.store, &mut app, id);
        key(&repo.store, &mut app, 'a');
    }
    let accepted: Decisions = proposals
        .iter()
        .map(|id| (id.clone(), Decision::Accept))
        .collect();
    assert_eq!(plan(&app).decisions, accepted);
    assert_eq!(tip(&repo.store, "main"), old_main, "nothing before Ctrl+S");
    ctrl_s(&repo.store, &mut app);
    assert!(plan(&app).confirming.is_some());
    assert_eq!(tip(&repo.store, "main"), old_main, "nothing before Enter");
    let generation = app.review.generation;
    say_yes(&repo.store, &mut app);

    // A merge commit on main: main's old tip, then the branch's tip.
    let new_main = tip(&repo.store, "main");
    assert_ne!(new_main, old_main);
    let parents = repo.git(&["log", "-1", "--format=%P", "main"]);
    assert_eq!(parents.trim(), format!("{old_main} {dept_tip}"));
    let author = repo.git(&["log", "-1", "--format=%an <%ae>", "main"]);
    assert_eq!(author.trim(), THANG);
    let message = repo.git(&["log", "-1", "--format=%B", "main"]);
    let trailers = common::duyet_trailers(&message);
    assert_eq!(
        trailers,
        [
            "Duyet-Merge-From: dept/phong-tai-chinh",
            "Duyet-Draft: drafts/bao-cao-ubnd-tan-yen-2023.yaml",
            "Duyet-Taken: ket-qua-dieu-hanh-kt-xh (take)",
            "Duyet-Taken: dieu-hanh-ngan-sach-dau-tu (take)",
        ],
        "{message}"
    );
    assert!(
        message.starts_with("Tổng hợp đóng góp của Phòng Tài chính - Kế hoạch"),
        "{message}"
    );
    // The department's text is on main now.
    for id in [KT_XH, NGAN_SACH] {
        assert_eq!(
            body_at(&repo.store, "main", id),
            body_at(&repo.store, TAI_CHINH, id)
        );
    }

    // The board closed, the screen reloaded, the message says so.
    assert!(app.board.is_none());
    assert!(matches!(app.overlay, Overlay::None));
    assert!(
        app.review.generation > generation,
        "the comparison was asked again"
    );
    assert!(app.review.comparison.ready().is_some());
    let said = app.message.clone().unwrap_or_default();
    assert!(said.starts_with("Đã ghi bản hợp nhất vào main"), "{said}");
    assert!(said.contains(&new_main[..7]), "{said}");
    assert!(
        saved_decision_files(&repo.dir).is_empty(),
        "the saved decisions are forgotten once merged"
    );
}

#[test]
fn per_change_decisions_write_exactly_the_chosen_words() {
    let repo = demo();
    let mut app = plan_as(&repo, THANG, TAI_CHINH);
    assert_eq!(selected_proposal(&app), KT_XH);
    let section = plan(&app).selected().unwrap().clone();
    assert_eq!(section.change_count(), 2);
    assert_eq!(section.title.hunks, 0, "I.4's title is not changed");
    // n selects the second change, Enter rejects it.
    key(&repo.store, &mut app, 'n');
    assert_eq!(plan(&app).change, 1);
    enter(&repo.store, &mut app);
    assert_eq!(
        plan(&app).decisions.get(KT_XH),
        Some(&Decision::Changes(vec![true, false]))
    );
    let expected = pick(&section.body, &[true, false]);
    assert_eq!(plan(&app).merged_body(&section), expected);
    // Independently of `pick`: the first insertion is in, the second
    // replacement is not.
    assert!(
        expected.contains("đạt được nhiều kết quả đáng khích lệ trên một số lĩnh vực."),
        "{expected}"
    );
    assert_ne!(expected, section.body.old_text());
    assert_ne!(expected, section.body.new_text());
    // And the same as ops writes for these decisions.
    let mut decisions = Decisions::new();
    decisions.insert(KT_XH.to_owned(), Decision::Changes(vec![true, false]));
    let b = &plan(&app).board;
    let via_ops = duyet::core::merge::apply(&b.plan, &b.base, &b.main, &b.dept, &decisions)
        .unwrap()
        .section(KT_XH)
        .unwrap()
        .body
        .clone();
    assert_eq!(via_ops, expected);

    let before_merge = tip(&repo.store, "main");
    ctrl_s(&repo.store, &mut app);
    // One key does not commit: "no" has the focus.
    enter(&repo.store, &mut app);
    assert!(app.board.is_some(), "Enter on \"no\" writes nothing");
    assert_eq!(tip(&repo.store, "main"), before_merge);
    ctrl_s(&repo.store, &mut app);
    say_yes(&repo.store, &mut app);
    assert!(
        app.board.is_none(),
        "Tab, then Enter commits: {:?}",
        app.message
    );
    assert_eq!(body_at(&repo.store, "main", KT_XH), expected);
    assert_eq!(
        body_at(&repo.store, "main", NGAN_SACH),
        body_at(&repo.store, TAI_CHINH, NGAN_SACH),
        "the undecided proposal is taken by default"
    );
    let message = repo.git(&["log", "-1", "--format=%B", "main"]);
    assert!(
        message.contains(
            "Duyet-Partly-Taken: ket-qua-dieu-hanh-kt-xh (changes taken: 1; rejected: 2)"
        ),
        "{message}"
    );
}

#[test]
fn flipping_every_change_back_is_a_plain_accept_or_reject() {
    let repo = demo();
    let mut app = plan_as(&repo, THANG, TAI_CHINH);
    enter(&repo.store, &mut app);
    key(&repo.store, &mut app, 'n');
    enter(&repo.store, &mut app);
    assert_eq!(plan(&app).decisions.get(KT_XH), Some(&Decision::Reject));
    let shown = screen(&app);
    assert!(shown.contains("▶✗ "), "{shown}");
    enter(&repo.store, &mut app);
    key(&repo.store, &mut app, 'N');
    assert_eq!(plan(&app).change, 0);
    enter(&repo.store, &mut app);
    assert_eq!(plan(&app).decisions.get(KT_XH), Some(&Decision::Accept));
}

#[test]
fn rejecting_a_section_keeps_mains_text() {
    let repo = demo();
    let main_text = body_at(&repo.store, "main", KT_XH);
    let mut app = plan_as(&repo, THANG, TAI_CHINH);
    key(&repo.store, &mut app, 'x');
    assert_eq!(plan(&app).decisions.get(KT_XH), Some(&Decision::Reject));
    assert!(screen(&app).contains("▶✗ đề xuất"));
    ctrl_s(&repo.store, &mut app);
    say_yes(&repo.store, &mut app);
    assert!(app.board.is_none(), "{:?}", app.message);
    assert_eq!(body_at(&repo.store, "main", KT_XH), main_text);
    assert_eq!(
        body_at(&repo.store, "main", NGAN_SACH),
        body_at(&repo.store, TAI_CHINH, NGAN_SACH)
    );
    let message = repo.git(&["log", "-1", "--format=%B", "main"]);
    assert!(
        message.contains("Duyet-Rejected: ket-qua-dieu-hanh-kt-xh (take)"),
        "{message}"
    );
    assert!(
        message.contains("Duyet-Taken: dieu-hanh-ngan-sach-dau-tu (take)"),
        "{message}"
    );
}

#[test]
fn an_undecided_conflict_refuses_the_commit_and_writes_nothing() {
    let repo = demo();
    merge_tai_chinh_first(&repo.store);
    let before = tip(&repo.store, "main");
    let mut app = plan_as(&repo, THANG, KINH_TE);
    assert_eq!(plan(&app).undecided(), 1);
    ctrl_s(&repo.store, &mut app);
    assert!(plan(&app).confirming.is_none(), "no confirmation is asked");
    let said = app.message.clone().unwrap_or_default();
    assert!(
        said.contains("1 mục xung đột chưa quyết định"),
        "the refusal is said: {said:?}"
    );
    assert!(screen(&app).contains("1 mục xung đột chưa quyết định"));
    // Tab then Enter, as if answering a question that was never asked.
    for code in [KeyCode::Tab, KeyCode::Enter] {
        let event = KeyEvent::new(code, KeyModifiers::NONE);
        if let Some(action) = duyet::tui::keys::action_for(app.mode(), event) {
            press(&repo.store, &mut app, &[action]);
        }
    }
    assert_eq!(tip(&repo.store, "main"), before, "nothing was written");
    assert!(matches!(app.board.as_deref(), Some(BoardState::Plan(_))));
}

#[test]
fn the_offices_own_text_is_what_main_gets() {
    let repo = demo();
    merge_tai_chinh_first(&repo.store);
    let mut app = plan_as(&repo, THANG, KINH_TE);
    assert_eq!(selected_proposal(&app), KT_XH);
    key(&repo.store, &mut app, 'e');
    assert!(app.editing());
    // The editor starts from what the merge would write now: main's text,
    // the conflict being undecided.
    assert_eq!(editor_text(&app), body_at(&repo.store, "main", KT_XH));
    clear_editor(&repo.store, &mut app);
    let own = "Năm 2023, tình hình kinh tế - xã hội của huyện đạt nhiều kết quả \
               quan trọng, có 17/17 chỉ tiêu đạt và vượt kế hoạch; công nghiệp - \
               xây dựng tăng 15,2%.\n\nNgay từ đầu năm, UBND huyện đã ban hành Kế \
               hoạch số 14/KH-UBND.";
    type_text(&repo.store, &mut app, own);
    assert_eq!(editor_text(&app), own);
    let jobs = update(
        &mut app,
        Msg::Text(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
    );
    settle(&repo.store, &mut app, jobs);
    assert!(matches!(app.overlay, Overlay::Board), "back on the board");
    assert_eq!(
        plan(&app).decisions.get(KT_XH),
        Some(&Decision::Edited(own.to_owned()))
    );
    assert_eq!(plan(&app).undecided(), 0);
    assert!(screen(&app).contains("▶✎ xung đột"));
    ctrl_s(&repo.store, &mut app);
    say_yes(&repo.store, &mut app);
    assert!(app.board.is_none(), "{:?}", app.message);
    assert_eq!(body_at(&repo.store, "main", KT_XH), own);
    let message = repo.git(&["log", "-1", "--format=%B", "main"]);
    assert!(
        message.contains("Duyet-Merge-From: dept/phong-kinh-te"),
        "{message}"
    );
    assert!(
        message.contains("Duyet-Edited: ket-qua-dieu-hanh-kt-xh"),
        "{message}"
    );
}

#[test]
fn decisions_survive_leaving_and_reopening_the_board() {
    let repo = demo();
    let mut app = plan_as(&repo, THANG, TAI_CHINH);
    key(&repo.store, &mut app, 'n');
    enter(&repo.store, &mut app);
    select_proposal(&repo.store, &mut app, NGAN_SACH);
    key(&repo.store, &mut app, 'x');
    let set: Decisions = BTreeMap::from([
        (KT_XH.to_owned(), Decision::Changes(vec![true, false])),
        (NGAN_SACH.to_owned(), Decision::Reject),
    ]);
    assert_eq!(plan(&app).decisions, set);
    assert_eq!(saved_decision_files(&repo.dir).len(), 1, "kept on disk");

    // Esc: back on the branch list, reloaded.
    esc(&repo.store, &mut app);
    assert!(matches!(app.overlay, Overlay::Board));
    assert!(!branch_rows(&app).is_empty());
    open_plan(&repo.store, &mut app, TAI_CHINH);
    assert_eq!(plan(&app).decisions, set, "loaded again from disk");
    assert!(screen(&app).contains("▶½ "));

    // A dropped connection: the process is gone, a new screen opens.
    drop(app);
    let mut again = plan_as(&repo, THANG, TAI_CHINH);
    assert_eq!(plan(&again).decisions, set, "a new screen finds them");
    // And they are what gets merged.
    ctrl_s(&repo.store, &mut again);
    say_yes(&repo.store, &mut again);
    assert!(again.board.is_none(), "{:?}", again.message);
    let message = repo.git(&["log", "-1", "--format=%B", "main"]);
    assert!(message.contains("Duyet-Partly-Taken: ket-qua-dieu-hanh-kt-xh"));
    assert!(message.contains("Duyet-Rejected: dieu-hanh-ngan-sach-dau-tu"));
}

#[test]
fn decisions_made_on_one_branch_stay_with_that_branch() {
    let repo = demo();
    let mut app = plan_as(&repo, THANG, TAI_CHINH);
    key(&repo.store, &mut app, 'x');
    esc(&repo.store, &mut app);
    open_plan(&repo.store, &mut app, KINH_TE);
    assert_eq!(plan(&app).decisions, Decisions::new());
    esc(&repo.store, &mut app);
    open_plan(&repo.store, &mut app, TAI_CHINH);
    assert_eq!(plan(&app).decisions.get(KT_XH), Some(&Decision::Reject));
}

#[test]
fn a_person_without_the_office_role_may_not_merge() {
    let repo = demo();
    let before = tip(&repo.store, "main");
    let mut app = plan_as(&repo, HOA, TAI_CHINH);
    ctrl_s(&repo.store, &mut app);
    let mut said = app.message.clone();
    if plan(&app).confirming.is_some() {
        say_yes(&repo.store, &mut app);
        said = app.message.clone();
    }
    assert_eq!(tip(&repo.store, "main"), before, "main is unchanged");
    let said = said.expect("the refusal is said");
    assert!(
        said.contains("office") || said.contains("Văn phòng"),
        "the message says only the office merges: {said}"
    );
    assert!(
        app.board.is_some(),
        "the board stays open with the decisions"
    );
    let start: String = said.chars().take(30).collect();
    assert!(screen(&app).contains(&start), "the refusal is on screen");
}

#[test]
fn main_moving_after_the_plan_was_opened_refuses_the_commit() {
    let repo = demo();
    let mut app = plan_as(&repo, THANG, TAI_CHINH);
    key(&repo.store, &mut app, 'n');
    enter(&repo.store, &mut app);
    let planned = tip(&repo.store, "main");
    // Someone else commits on main meanwhile.
    let other = repo
        .store
        .commit_files(
            "main",
            Some(repo.store.resolve("main").unwrap()),
            &[FileChange {
                path: "ghi-chu.txt",
                contents: "Văn phòng: đã nhận báo cáo của Phòng Nội vụ.\n".as_bytes(),
            }],
            &who("Trần Thị Thu Hằng <hang.ttt@tanyen.example>"),
            at(5),
            "Ghi chú của Văn phòng",
        )
        .unwrap()
        .to_string();
    assert_ne!(other, planned);
    ctrl_s(&repo.store, &mut app);
    say_yes(&repo.store, &mut app);
    // Refused: main is where the other person left it, their file is there.
    assert_eq!(tip(&repo.store, "main"), other);
    assert_eq!(
        repo.git(&["show", "main:ghi-chu.txt"]),
        "Văn phòng: đã nhận báo cáo của Phòng Nội vụ.\n"
    );
    let said = app.message.clone().unwrap_or_default();
    assert!(
        says_main_moved(&said),
        "the message says main moved: {said}"
    );
    // Nothing lost on screen: the plan and its decisions are still there.
    assert_eq!(
        plan(&app).decisions.get(KT_XH),
        Some(&Decision::Changes(vec![true, false]))
    );
    assert!(!plan(&app).committing);
    // Opening the plan again plans against the new main, and merging works.
    esc(&repo.store, &mut app);
    open_plan(&repo.store, &mut app, TAI_CHINH);
    assert_eq!(plan(&app).board.main_tip.to_string(), other);
    ctrl_s(&repo.store, &mut app);
    say_yes(&repo.store, &mut app);
    assert!(app.board.is_none(), "{:?}", app.message);
    let parents = repo.git(&["log", "-1", "--format=%P", "main"]);
    assert!(parents.starts_with(&other), "{parents}");
    assert_eq!(
        repo.git(&["show", "main:ghi-chu.txt"]),
        "Văn phòng: đã nhận báo cáo của Phòng Nội vụ.\n"
    );
}

#[test]
fn the_branch_list_counts_match_the_plans() {
    let repo = demo();
    merge_tai_chinh_first(&repo.store);
    let mut app = open_as(&repo.store, THANG);
    open_board(&repo.store, &mut app);
    let rows = branch_rows(&app);
    let main = repo.store.resolve("main").unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r.branch.as_str()).collect();
    assert_eq!(
        names,
        [
            "dept/cong-an",
            "dept/phong-giao-duc",
            KINH_TE,
            "dept/phong-noi-vu",
            "dept/phong-nong-nghiep",
            TAI_CHINH,
        ]
    );
    for r in &rows {
        let board = ops::merge::prepare(&repo.store, DRAFT, &r.branch).unwrap();
        assert_eq!(r.proposals, board.proposals().count(), "{}", r.branch);
        assert_eq!(r.conflicts, board.plan.conflicts().count(), "{}", r.branch);
        let tip = repo.store.resolve(&r.branch).unwrap();
        assert_eq!(
            (r.ahead, r.behind),
            repo.store.ahead_behind(tip, main).unwrap(),
            "{}",
            r.branch
        );
    }
    let kinh_te = rows.iter().find(|r| r.branch == KINH_TE).unwrap();
    assert_eq!((kinh_te.proposals, kinh_te.conflicts), (2, 1));
    let tai_chinh = rows.iter().find(|r| r.branch == TAI_CHINH).unwrap();
    assert_eq!((tai_chinh.proposals, tai_chinh.ahead), (0, 0), "merged");
    let shown = screen_rows(&app);
    let line = shown
        .iter()
        .find(|l| l.contains(KINH_TE))
        .expect("Kinh tế's row is drawn");
    assert!(line.contains("2 / 1 ✗"), "{line}");
    let line = shown.iter().find(|l| l.contains(TAI_CHINH)).unwrap();
    assert!(line.contains("+0 / −1") && line.contains("0 / 0"), "{line}");
}

/// Whether a message says `main` moved (in English, as `ops` says it now,
/// or in Vietnamese).
fn says_main_moved(message: &str) -> bool {
    message.contains("main has moved") || message.contains("main đã")
}

#[test]
fn a_branch_that_proposes_nothing_says_so() {
    let repo = demo();
    merge_tai_chinh_first(&repo.store);
    let mut app = plan_as(&repo, THANG, TAI_CHINH);
    assert!(plan(&app).proposals().is_empty());
    assert!(
        screen(&app).contains("Nhánh này không đề xuất thay đổi nào cho dự thảo."),
        "{}",
        screen(&app)
    );
    // Esc goes back to the list, Esc again closes the board.
    esc(&repo.store, &mut app);
    assert!(!branch_rows(&app).is_empty());
    esc(&repo.store, &mut app);
    assert!(app.board.is_none());
    assert!(matches!(app.overlay, Overlay::None));
}

#[test]
fn rejecting_an_added_section_leaves_it_out_of_main() {
    let repo = demo();
    let mut app = plan_as(&repo, THANG, "dept/phong-giao-duc");
    let added = plan(&app)
        .proposals()
        .iter()
        .find(|s| s.action == MergeAction::Add)
        .map(|s| s.id.clone())
        .expect("Giáo dục adds a section");
    select_proposal(&repo.store, &mut app, &added);
    key(&repo.store, &mut app, 'x');
    ctrl_s(&repo.store, &mut app);
    say_yes(&repo.store, &mut app);
    assert!(app.board.is_none(), "{:?}", app.message);
    let main = repo.store.read_draft("main", DRAFT).unwrap();
    assert!(main.section(&added).is_none(), "{added} was rejected");
    assert!(main.section("dieu-hanh-giao-duc").is_some());
    assert_eq!(
        body_at(&repo.store, "main", "dieu-hanh-giao-duc"),
        body_at(&repo.store, "dept/phong-giao-duc", "dieu-hanh-giao-duc")
    );
}

#[test]
fn the_mono_theme_draws_the_board_without_colour() {
    let repo = demo();
    let mono = Theme::builtin(true);
    let mut app = open_as(&repo.store, THANG);
    open_board(&repo.store, &mut app);
    assert_no_colour(&draw_with(&app, &mono), "branch list");
    open_plan(&repo.store, &mut app, TAI_CHINH);
    assert_no_colour(&draw_with(&app, &mono), "plan");
    key(&repo.store, &mut app, 'n');
    enter(&repo.store, &mut app);
    let term = draw_with(&app, &mono);
    assert_no_colour(&term, "per-change decision");
    // The selected change is told apart without colour.
    let buf = term.backend().buffer();
    let at = find(buf, "[2✗]").expect("the selected change is drawn");
    assert!(
        buf[at]
            .modifier
            .contains(mono.selected.style().add_modifier),
        "the selected change is marked without colour"
    );
    ctrl_s(&repo.store, &mut app);
    assert_no_colour(&draw_with(&app, &mono), "commit confirmation");
    esc(&repo.store, &mut app);
    key(&repo.store, &mut app, 'e');
    assert_no_colour(&draw_with(&app, &mono), "the office's own text");

    let repo = demo();
    merge_tai_chinh_first(&repo.store);
    let mut app = plan_as(&repo, THANG, KINH_TE);
    assert_no_colour(&draw_with(&app, &mono), "conflict plan");
    ctrl_s(&repo.store, &mut app);
    assert_no_colour(&draw_with(&app, &mono), "undecided conflict refused");
    esc(&repo.store, &mut app);
    esc(&repo.store, &mut app);
    select_section(&repo.store, &mut app, KT_XH);
    key(&repo.store, &mut app, 'o');
    assert_no_colour(&draw_with(&app, &mono), "N-way view");
}

// ---------------------------------------------------------------------------
// Known bugs: each of these fails today (run with `--ignored`); they say
// what the board should do.

#[test]
fn help_from_the_plan_goes_back_to_the_plan() {
    let repo = demo();
    let mut app = plan_as(&repo, THANG, TAI_CHINH);
    key(&repo.store, &mut app, '?');
    assert!(matches!(app.overlay, Overlay::Help { .. }));
    esc(&repo.store, &mut app);
    assert!(matches!(app.overlay, Overlay::Board), "{:?}", app.overlay);
    assert_eq!(plan(&app).board.from, TAI_CHINH);
}

#[test]
fn leaving_a_plan_keeps_its_branch_selected() {
    let repo = demo();
    let mut app = plan_as(&repo, THANG, TAI_CHINH);
    esc(&repo.store, &mut app);
    let at = branch_rows(&app)
        .iter()
        .position(|r| r.branch == TAI_CHINH)
        .unwrap();
    assert_eq!(branch_cursor(&app), at);
}

#[test]
fn the_offices_own_text_is_visible_in_the_plan() {
    let repo = demo();
    let mut app = plan_as(&repo, THANG, TAI_CHINH);
    key(&repo.store, &mut app, 'e');
    clear_editor(&repo.store, &mut app);
    type_text(&repo.store, &mut app, "Văn phòng viết lại đoạn này.");
    let jobs = update(
        &mut app,
        Msg::Text(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
    );
    settle(&repo.store, &mut app, jobs);
    let mut shown = screen(&app);
    for _ in 0..30 {
        if shown.contains("Văn phòng viết lại đoạn này.") {
            break;
        }
        key(&repo.store, &mut app, 'J');
        shown = screen(&app);
    }
    assert!(shown.contains("Văn phòng viết lại đoạn này."), "{shown}");
}

#[test]
fn esc_in_the_merge_editor_keeps_the_text() {
    let repo = demo();
    let mut app = plan_as(&repo, THANG, TAI_CHINH);
    key(&repo.store, &mut app, 'e');
    type_text(&repo.store, &mut app, " Bổ sung của Văn phòng.");
    text_key(
        &repo.store,
        &mut app,
        KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
    );
    key(&repo.store, &mut app, 'e');
    assert!(editor_text(&app).ends_with(" Bổ sung của Văn phòng."));
}

#[test]
fn a_non_office_person_is_refused_before_confirming_and_in_vietnamese() {
    let repo = demo();
    let mut app = plan_as(&repo, HOA, TAI_CHINH);
    ctrl_s(&repo.store, &mut app);
    assert!(
        plan(&app).confirming.is_none(),
        "no confirmation for a merge refused"
    );
    let said = app.message.clone().unwrap_or_default();
    assert!(said.contains("Văn phòng"), "{said}");
    assert!(!said.contains("office"), "{said}");
}

#[test]
fn a_drafters_keys_do_not_overwrite_the_offices_decisions() {
    let repo = demo();
    let mut thang = plan_as(&repo, THANG, TAI_CHINH);
    key(&repo.store, &mut thang, 'n');
    enter(&repo.store, &mut thang);
    drop(thang);
    let mut hoa = plan_as(&repo, HOA, TAI_CHINH);
    key(&repo.store, &mut hoa, 'a');
    drop(hoa);
    let thang = plan_as(&repo, THANG, TAI_CHINH);
    assert_eq!(
        plan(&thang).decisions.get(KT_XH),
        Some(&Decision::Changes(vec![true, false]))
    );
}

#[test]
fn the_commit_confirmation_is_readable_at_80x24() {
    let repo = demo();
    let mut app = plan_as(&repo, THANG, TAI_CHINH);
    ctrl_s(&repo.store, &mut app);
    let shown = screen(&app).replace(['│', '\n'], " ");
    let squeezed = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        squeezed.contains("Esc thôi"),
        "the whole question is on screen:\n{}",
        screen(&app)
    );
}

#[test]
fn the_plan_footer_fits_80_columns() {
    let repo = demo();
    let app = plan_as(&repo, THANG, TAI_CHINH);
    let footer = footer(&app);
    assert!(!footer.contains('…'), "{footer}");
    assert!(footer.contains("Esc"), "{footer}");
}

#[test]
fn the_plan_names_actions_in_vietnamese() {
    let repo = demo();
    merge_tai_chinh_first(&repo.store);
    let app = plan_as(&repo, THANG, KINH_TE);
    let shown = screen(&app);
    assert!(!shown.contains(" take "), "{shown}");
    assert!(!shown.contains(" conflict "), "{shown}");
    // A section the department changed is its proposal: "✗ đề xuất" reads
    // "proposal rejected", where "✗ nhận" read "rejected: take".
    assert!(shown.contains("đề xuất"), "{shown}");
    assert!(
        !shown.contains("✓ nhận") && !shown.contains("? nhận"),
        "{shown}"
    );
}

#[test]
fn the_n_way_view_after_a_merge_shows_only_what_departments_changed() {
    let repo = demo();
    merge_tai_chinh_first(&repo.store);
    let mut app = open_as(&repo.store, THANG);
    select_section(&repo.store, &mut app, KT_XH);
    key(&repo.store, &mut app, 'o');
    let line = screen_rows(&app)
        .into_iter()
        .find(|l| l.contains("dept/cong-an (Công an huyện)"))
        .expect("Công an's row is drawn");
    // Công an never touched I.4's opening: it proposes nothing there.
    assert!(!line.contains(" từ "), "{line}");
}

#[test]
fn decisions_survive_main_moving_where_the_plan_is_the_same() {
    let repo = demo();
    let mut app = plan_as(&repo, THANG, TAI_CHINH);
    key(&repo.store, &mut app, 'n');
    enter(&repo.store, &mut app);
    let main = repo.store.resolve("main").unwrap();
    repo.store
        .commit_files(
            "main",
            Some(main),
            &[FileChange {
                path: "ghi-chu.txt",
                contents: b"ghi chu\n",
            }],
            &who(THANG),
            at(5),
            "Ghi chú",
        )
        .unwrap();
    esc(&repo.store, &mut app);
    open_plan(&repo.store, &mut app, TAI_CHINH);
    assert_eq!(
        plan(&app).decisions.get(KT_XH),
        Some(&Decision::Changes(vec![true, false])),
        "the office's choice is still there"
    );
}

// ---------------------------------------------------------------------------
// A department whose draft does not load

/// `broken_draft_repo` with one more department branch, `dept/cong-an`,
/// that has no draft at all (its commit removed the folder).
fn broken_and_missing() -> common::ReviewRepo {
    let r = common::broken_draft_repo();
    let git = git2::Repository::open(&r.repo).unwrap();
    let main = git
        .find_commit(git2::Oid::from_str(&r.store().resolve("main").unwrap().to_string()).unwrap())
        .unwrap();
    let mut tree = git.treebuilder(Some(&main.tree().unwrap())).unwrap();
    tree.remove("drafts").unwrap();
    let tree = git.find_tree(tree.write().unwrap()).unwrap();
    let sig =
        git2::Signature::new("Công an", "ca@tanyen.example", &git2::Time::new(0, 420)).unwrap();
    git.commit(
        Some("refs/heads/dept/cong-an"),
        &sig,
        &sig,
        "Không có dự thảo",
        &tree,
        &[&main],
    )
    .unwrap();
    r
}

#[test]
fn a_branch_whose_draft_does_not_load_is_marked_and_enter_shows_why() {
    let r = broken_and_missing();
    let store = r.store();
    // The first comparison, main → dept/cong-an, has no draft to show.
    let mut app = App::new(Lang::Vi, (80, 24));
    duyet::tui::open_inline(&store, &mut app, Some(who(THANG)));
    assert_eq!(app.review.to, "dept/cong-an");
    key(&store, &mut app, 'm');
    let rows = branch_rows(&app);
    let row = |b: &str| rows.iter().find(|r| r.branch == b).unwrap().clone();
    // No draft: nothing to merge, and nothing wrong.
    let none = row("dept/cong-an");
    assert_eq!((none.proposals, none.error.is_none()), (0, true));
    let fine = row("dept/phong-giao-duc");
    assert_eq!((fine.proposals, fine.error.is_none()), (1, true));
    let broken = row("dept/phong-tai-chinh");
    assert_eq!(broken.proposals, 0);
    assert!(
        broken
            .error
            .as_ref()
            .is_some_and(|e| e.0.to_string().contains(common::BROKEN_DIAGNOSTIC)),
        "{broken:?}"
    );
    assert_eq!(broken.department.as_deref(), Some("phong-tai-chinh"));

    // The row says so, not "0 / 0".
    let shown = screen_rows(&app);
    let at = shown
        .iter()
        .position(|l| l.contains("dept/phong-tai-chinh"))
        .expect("its row is drawn");
    assert!(
        shown[at].contains("Phòng Tài chính - Kế hoạch") && shown[at].contains('✗'),
        "{}",
        shown[at]
    );
    assert!(!shown[at].contains("0 / 0"), "{}", shown[at]);
    assert!(
        shown[at + 1].contains("✗ lỗi: không đọc được dự thảo · Enter xem lỗi"),
        "{}",
        shown.join("\n")
    );
    // The other rows (not the header, which names the comparison).
    let list_row = |b: &str| {
        shown
            .iter()
            .find(|l| l.starts_with('│') && l.contains(&format!("{b} ")))
            .unwrap_or_else(|| panic!("{b}'s row:\n{}", shown.join("\n")))
    };
    let fine_row = list_row("dept/phong-giao-duc");
    assert!(fine_row.contains("1 / 0"), "{fine_row}");
    let none_row = list_row("dept/cong-an");
    assert!(none_row.contains("0 / 0"), "{none_row}");

    // Enter on it: the whole error, wrapped, instead of a plan.
    open_plan_or_error(&store, &mut app, "dept/phong-tai-chinh");
    assert!(matches!(
        app.board.as_deref(),
        Some(BoardState::Branches {
            reading: Some(0),
            ..
        })
    ));
    let shown = screen_rows(&app);
    let (x, y) = find(
        draw(&app).backend().buffer(),
        "┌ Tổng hợp — dept/phong-tai-chinh ",
    )
    .unwrap_or_else(|| panic!("{}", shown.join("\n")));
    let words = common::framed_text(&shown, usize::from(x), usize::from(y));
    assert!(
        words.starts_with(
            "Không lập được kế hoạch hợp nhất cho dept/phong-tai-chinh \
             (Phòng Tài chính - Kế hoạch):"
        ),
        "{words}"
    );
    // In the person's language, with the file, line and column.
    assert!(
        words.contains("drafts/tong-hop.yaml (dept/phong-tai-chinh):22:29: YAML không hợp lệ"),
        "{words}"
    );
    assert!(
        footer(&app).contains("j/k cuộn") && footer(&app).contains("Esc đóng"),
        "{}",
        footer(&app)
    );
    // j/k do not move off it; Esc goes back to the list, on the same row.
    key(&store, &mut app, 'j');
    esc(&store, &mut app);
    assert_eq!(
        branch_rows(&app)[branch_cursor(&app)].branch,
        "dept/phong-tai-chinh"
    );
    assert!(matches!(
        app.board.as_deref(),
        Some(BoardState::Branches { reading: None, .. })
    ));
    assert!(screen(&app).contains("Enter xem lỗi"));
    // A valid branch still opens its plan.
    open_plan(&store, &mut app, "dept/phong-giao-duc");
    assert_eq!(plan(&app).proposals().len(), 1);
}

#[test]
fn a_branch_whose_draft_does_not_load_in_english() {
    let r = common::broken_draft_repo();
    let store = r.store();
    let mut app = common::screen::open(&store, THANG, Lang::En, (80, 24));
    key(&store, &mut app, 'm');
    let shown = screen(&app);
    assert!(
        shown.contains("✗ error: draft does not load · Enter shows why"),
        "{shown}"
    );
    open_plan_or_error(&store, &mut app, "dept/phong-tai-chinh");
    let shown = screen(&app);
    assert!(
        shown.contains("The merge of dept/phong-tai-chinh (Phòng Tài chính - Kế hoạch)"),
        "{shown}"
    );
    assert!(footer(&app).contains("j/k scroll") && footer(&app).contains("Esc close"));
}

/// On the branch list: j/k to `branch`, then Enter (its plan, or its error).
fn open_plan_or_error(store: &Store, app: &mut App, branch: &str) {
    let target = branch_rows(app)
        .iter()
        .position(|r| r.branch == branch)
        .unwrap_or_else(|| panic!("{branch} is listed"));
    while branch_cursor(app) < target {
        key(store, app, 'j');
    }
    while branch_cursor(app) > target {
        key(store, app, 'k');
    }
    enter(store, app);
}

#[test]
fn g_and_shift_g_work_on_the_branch_list_and_the_plan() {
    let repo = demo();
    let store = &repo.store;
    let mut app = open_as(store, THANG);
    open_board(store, &mut app);
    key(store, &mut app, 'G');
    assert_eq!(branch_cursor(&app), branch_rows(&app).len() - 1);
    key(store, &mut app, 'g');
    assert_eq!(branch_cursor(&app), 0);
    let mut app = plan_as(&repo, THANG, TAI_CHINH);
    key(store, &mut app, 'G');
    assert_eq!(plan(&app).cursor, plan(&app).proposals().len() - 1);
    key(store, &mut app, 'g');
    assert_eq!(plan(&app).cursor, 0);
    // ? opens the help over the plan; q closes it, the plan still open.
    key(store, &mut app, '?');
    assert!(matches!(app.overlay, Overlay::Help { .. }));
    key(store, &mut app, 'q');
    assert!(!app.quit);
    assert!(matches!(app.overlay, Overlay::Board));
    assert_eq!(plan(&app).board.from, TAI_CHINH);
}

#[test]
fn the_board_list_opens_again_on_the_branch_it_was_on() {
    let repo = common::screen::demo();
    let store = &repo.store;
    let mut app = open_as(store, THANG);
    let before = (
        app.review.selected,
        app.review.outline_offset,
        app.review.scroll,
    );
    open_board(store, &mut app);
    key(store, &mut app, 'j');
    key(store, &mut app, 'j');
    let cursor = branch_cursor(&app);
    assert_eq!(cursor, 2);
    let drawn = screen(&app);
    esc(store, &mut app);
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(
        (
            app.review.selected,
            app.review.outline_offset,
            app.review.scroll
        ),
        before
    );
    open_board(store, &mut app);
    assert_eq!(branch_cursor(&app), cursor);
    assert_eq!(screen(&app), drawn);
}
