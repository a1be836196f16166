//! The office's merge board, below the command line: the three-way plan per
//! section, the result of the office's decisions, the merge commit on `main`
//! (compare-and-swap, provenance, office only), saved decisions, and what a
//! merge does to approvals. Real repositories in temporary folders, fixed
//! people and times.

mod common;

use common::{
    Lcg, MERGE_DRAFT, ReviewRepo, dung, edit_text, hoa, lines_outside_section, load_ok,
    merge_children as children, merge_doc as doc, merge_repo, merge_sec as sec, moment,
    random_text, thang, yaml,
};
use duyet::core::merge::{self, Decision, Decisions, MergeAction, pick};
use duyet::core::review::State;
use duyet::core::{Draft, load_draft, word_diff};
use duyet::ops::{self, OpsError, merge::Board};

const DEPT: &str = "dept/phong-tai-chinh";

fn prepare(r: &ReviewRepo, from: &str) -> Board {
    ops::merge::prepare(&r.store(), MERGE_DRAFT, from).expect("the board is prepared")
}

fn main_draft(r: &ReviewRepo) -> Draft {
    r.store()
        .read_draft("main", MERGE_DRAFT)
        .expect("main's draft reads")
}

fn commit_as(
    r: &ReviewRepo,
    who: &duyet::core::Identity,
    board: &Board,
    decisions: &Decisions,
    minutes: i64,
) -> Result<ops::merge::Merged, OpsError> {
    ops::merge::commit(&r.store(), who, Some(moment(minutes)), board, decisions)
}

fn actions(board: &Board) -> Vec<(String, MergeAction)> {
    board
        .plan
        .sections
        .iter()
        .map(|s| (s.id.clone(), s.action))
        .collect()
}

fn action_of(board: &Board, id: &str) -> MergeAction {
    board
        .plan
        .section(id)
        .unwrap_or_else(|| panic!("`{id}` is in the plan"))
        .action
}

// ---------------------------------------------------------------------------
// 1. The plan, on a repository where main and the department each did every
// kind of change since they diverged.

#[rustfmt::skip]
fn classify_base() -> String {
    doc(&[
        sec(0, "kinh-te", "I", "Kinh tế", "van-phong", ""),
        children(0),
        sec(1, "thu-ngan-sach", "1", "Thu ngân sách", "phong-tai-chinh", "Tổng thu ngân sách đạt 412,5 tỷ đồng."),
        sec(1, "dau-tu-cong", "2", "Đầu tư công", "phong-tai-chinh", "Giải ngân vốn đầu tư công đạt 78,4% kế hoạch."),
        sec(1, "thuong-mai", "3", "Thương mại", "phong-kinh-te", "Tổng mức bán lẻ ước đạt 8.650 tỷ đồng."),
        sec(1, "nong-nghiep", "4", "Nông nghiệp", "phong-nong-nghiep", "Sản lượng vải thiều đạt 26.500 tấn."),
        sec(1, "cong-nghiep", "5", "Công nghiệp", "phong-kinh-te", "Giá trị sản xuất công nghiệp tăng 15,2%."),
        sec(1, "xay-dung", "6", "Xây dựng", "phong-kinh-te", "Hoàn thành 12 công trình giao thông nông thôn."),
        sec(1, "giao-thong", "7", "Giao thông", "phong-kinh-te", "Cứng hóa 35 km đường giao thông."),
        sec(1, "du-lich", "8", "Du lịch", "phong-van-hoa", "Đón 120 nghìn lượt khách du lịch."),
        sec(0, "xa-hoi", "II", "Văn hóa - xã hội", "van-phong", ""),
        children(0),
        sec(1, "giao-duc", "1", "Giáo dục", "phong-giao-duc", "Tỷ lệ học sinh lên lớp đạt 99,2%."),
        sec(1, "lao-dong", "2", "Lao động", "phong-lao-dong", "Giải quyết việc làm cho 2.100 lao động."),
    ])
}

/// main: changes dau-tu-cong (only main), thuong-mai (both, differently),
/// nong-nghiep (both, the same), xay-dung (the department removes it), and
/// removes giao-thong (the department changes it).
#[rustfmt::skip]
fn classify_main() -> String {
    doc(&[
        sec(0, "kinh-te", "I", "Kinh tế", "van-phong", ""),
        children(0),
        sec(1, "thu-ngan-sach", "1", "Thu ngân sách", "phong-tai-chinh", "Tổng thu ngân sách đạt 412,5 tỷ đồng."),
        sec(1, "dau-tu-cong", "2", "Đầu tư công", "phong-tai-chinh", "Giải ngân vốn đầu tư công đạt 83,0% kế hoạch."),
        sec(1, "thuong-mai", "3", "Thương mại", "phong-kinh-te", "Tổng mức bán lẻ ước đạt 8.700 tỷ đồng."),
        sec(1, "nong-nghiep", "4", "Nông nghiệp", "phong-nong-nghiep", "Sản lượng vải thiều đạt 26.800 tấn."),
        sec(1, "cong-nghiep", "5", "Công nghiệp", "phong-kinh-te", "Giá trị sản xuất công nghiệp tăng 15,2%."),
        sec(1, "xay-dung", "6", "Xây dựng", "phong-kinh-te", "Hoàn thành 14 công trình giao thông nông thôn."),
        sec(1, "du-lich", "8", "Du lịch", "phong-van-hoa", "Đón 120 nghìn lượt khách du lịch."),
        sec(0, "xa-hoi", "II", "Văn hóa - xã hội", "van-phong", ""),
        children(0),
        sec(1, "giao-duc", "1", "Giáo dục", "phong-giao-duc", "Tỷ lệ học sinh lên lớp đạt 99,2%."),
        sec(1, "lao-dong", "2", "Lao động", "phong-lao-dong", "Giải quyết việc làm cho 2.100 lao động."),
    ])
}

/// The department: changes thu-ngan-sach (only it), thuong-mai (differently),
/// nong-nghiep (as main did), giao-thong (main removed it); removes
/// cong-nghiep and xay-dung; moves du-lich under xa-hoi as its item 2,
/// renumbers lao-dong and adds y-te.
#[rustfmt::skip]
fn classify_dept() -> String {
    doc(&[
        sec(0, "kinh-te", "I", "Kinh tế", "van-phong", ""),
        children(0),
        sec(1, "thu-ngan-sach", "1", "Thu ngân sách", "phong-tai-chinh", "Tổng thu ngân sách đạt 418,2 tỷ đồng."),
        sec(1, "dau-tu-cong", "2", "Đầu tư công", "phong-tai-chinh", "Giải ngân vốn đầu tư công đạt 78,4% kế hoạch."),
        sec(1, "thuong-mai", "3", "Thương mại", "phong-kinh-te", "Tổng mức bán lẻ ước đạt 8.650 tỷ đồng, tăng 13,0%."),
        sec(1, "nong-nghiep", "4", "Nông nghiệp", "phong-nong-nghiep", "Sản lượng vải thiều đạt 26.800 tấn."),
        sec(1, "giao-thong", "7", "Giao thông", "phong-kinh-te", "Cứng hóa 42 km đường giao thông."),
        sec(0, "xa-hoi", "II", "Văn hóa - xã hội", "van-phong", ""),
        children(0),
        sec(1, "giao-duc", "1", "Giáo dục", "phong-giao-duc", "Tỷ lệ học sinh lên lớp đạt 99,2%."),
        sec(1, "du-lich", "2", "Du lịch", "phong-van-hoa", "Đón 120 nghìn lượt khách du lịch."),
        sec(1, "lao-dong", "3", "Lao động", "phong-lao-dong", "Giải quyết việc làm cho 2.100 lao động."),
        sec(1, "y-te", "4", "Y tế", "phong-y-te", "Tỷ lệ người dân tham gia bảo hiểm y tế đạt 93,5%."),
    ])
}

fn classify_repo() -> ReviewRepo {
    merge_repo(
        &classify_base(),
        Some(&classify_main()),
        &[(DEPT, &classify_dept())],
    )
}

#[test]
fn plan_classifies_every_kind_of_change() {
    let r = classify_repo();
    let board = prepare(&r, DEPT);
    use MergeAction::*;
    let expected = [
        ("kinh-te", Keep),
        ("thu-ngan-sach", Take),
        ("dau-tu-cong", Keep),
        ("thuong-mai", Conflict),
        ("nong-nghiep", Same),
        ("cong-nghiep", Remove),
        ("xay-dung", Conflict),
        ("giao-thong", Conflict),
        ("du-lich", Take),
        ("xa-hoi", Keep),
        ("giao-duc", Keep),
        ("lao-dong", Take),
        ("y-te", Add),
    ];
    for (id, action) in expected {
        assert_eq!(action_of(&board, id), action, "action of `{id}`");
    }
    assert_eq!(
        board.plan.sections.len(),
        expected.len(),
        "every section once: {:?}",
        actions(&board)
    );
    // The conflicts are exactly the three both sides touched.
    let conflicts: Vec<&str> = board.plan.conflicts().map(|s| s.id.as_str()).collect();
    assert_eq!(conflicts, ["thuong-mai", "giao-thong", "xay-dung"]);
    // The merge base is the first commit, not main's newer one.
    assert_eq!(board.base, load_ok(&classify_base()));
    assert_eq!(board.main, load_ok(&classify_main()));
    assert_eq!(board.dept, load_ok(&classify_dept()));
}

/// The result of the plan above with its conflicts decided: thuong-mai takes
/// the department's text, giao-thong comes back in the department's
/// version (after nong-nghiep, where the department has it), xay-dung keeps
/// main's; du-lich moves under xa-hoi renumbered, lao-dong is renumbered,
/// y-te is added, cong-nghiep removed.
#[rustfmt::skip]
fn classify_result() -> String {
    doc(&[
        sec(0, "kinh-te", "I", "Kinh tế", "van-phong", ""),
        children(0),
        sec(1, "thu-ngan-sach", "1", "Thu ngân sách", "phong-tai-chinh", "Tổng thu ngân sách đạt 418,2 tỷ đồng."),
        sec(1, "dau-tu-cong", "2", "Đầu tư công", "phong-tai-chinh", "Giải ngân vốn đầu tư công đạt 83,0% kế hoạch."),
        sec(1, "thuong-mai", "3", "Thương mại", "phong-kinh-te", "Tổng mức bán lẻ ước đạt 8.650 tỷ đồng, tăng 13,0%."),
        sec(1, "nong-nghiep", "4", "Nông nghiệp", "phong-nong-nghiep", "Sản lượng vải thiều đạt 26.800 tấn."),
        sec(1, "giao-thong", "7", "Giao thông", "phong-kinh-te", "Cứng hóa 42 km đường giao thông."),
        sec(1, "xay-dung", "6", "Xây dựng", "phong-kinh-te", "Hoàn thành 14 công trình giao thông nông thôn."),
        sec(0, "xa-hoi", "II", "Văn hóa - xã hội", "van-phong", ""),
        children(0),
        sec(1, "giao-duc", "1", "Giáo dục", "phong-giao-duc", "Tỷ lệ học sinh lên lớp đạt 99,2%."),
        sec(1, "du-lich", "2", "Du lịch", "phong-van-hoa", "Đón 120 nghìn lượt khách du lịch."),
        sec(1, "lao-dong", "3", "Lao động", "phong-lao-dong", "Giải quyết việc làm cho 2.100 lao động."),
        sec(1, "y-te", "4", "Y tế", "phong-y-te", "Tỷ lệ người dân tham gia bảo hiểm y tế đạt 93,5%."),
    ])
}

fn classify_decisions() -> Decisions {
    Decisions::from([
        ("thuong-mai".to_owned(), Decision::Accept),
        ("giao-thong".to_owned(), Decision::Accept),
        ("xay-dung".to_owned(), Decision::Reject),
    ])
}

#[test]
fn applying_the_plan_moves_renumbers_adds_and_removes() {
    let r = classify_repo();
    let board = prepare(&r, DEPT);
    let result = merge::apply(
        &board.plan,
        &board.base,
        &board.main,
        &board.dept,
        &classify_decisions(),
    )
    .expect("every conflict is decided");
    assert_eq!(result, load_ok(&classify_result()));

    // Undecided conflicts are named, and nothing is applied.
    let err = merge::apply(
        &board.plan,
        &board.base,
        &board.main,
        &board.dept,
        &Decisions::new(),
    )
    .expect_err("conflicts have no default");
    assert_eq!(
        err,
        merge::MergeError::Undecided(vec![
            "thuong-mai".into(),
            "giao-thong".into(),
            "xay-dung".into()
        ])
    );

    // Committed, main's draft is that result and reads back.
    let before = r.rev_parse("main");
    commit_as(&r, &thang(), &board, &classify_decisions(), 60).expect("the merge is written");
    assert_eq!(main_draft(&r), load_ok(&classify_result()));
    assert_eq!(r.rev_parse("main^1"), before);
}

#[test]
fn a_section_only_moved_or_renumbered_by_the_department_is_taken() {
    #[rustfmt::skip]
    let base = doc(&[
        sec(0, "a", "1", "Một", "phong-tai-chinh", "Văn bản một."),
        sec(0, "b", "2", "Hai", "phong-tai-chinh", "Văn bản hai."),
        sec(0, "c", "3", "Ba", "phong-tai-chinh", "Văn bản ba."),
    ]);
    // c moves to the front and is renumbered; a and b are renumbered.
    #[rustfmt::skip]
    let dept = doc(&[
        sec(0, "c", "1", "Ba", "phong-tai-chinh", "Văn bản ba."),
        sec(0, "a", "2", "Một", "phong-tai-chinh", "Văn bản một."),
        sec(0, "b", "3", "Hai", "phong-tai-chinh", "Văn bản hai."),
    ]);
    let r = merge_repo(&base, None, &[(DEPT, &dept)]);
    let board = prepare(&r, DEPT);
    assert_eq!(
        actions(&board),
        [
            ("c".to_owned(), MergeAction::Take),
            ("a".to_owned(), MergeAction::Take),
            ("b".to_owned(), MergeAction::Take),
        ]
    );
    for s in &board.plan.sections {
        assert_eq!(s.change_count(), 0, "`{}` has no text change", s.id);
    }
    commit_as(&r, &thang(), &board, &Decisions::new(), 60).expect("merged");
    assert_eq!(main_draft(&r), load_ok(&dept));
}

// ---------------------------------------------------------------------------
// 2. Departments changing different sections merge cleanly, one after the other.

#[test]
fn departments_changing_different_sections_merge_cleanly() {
    #[rustfmt::skip]
    let base = doc(&[
        sec(0, "thu-ngan-sach", "1", "Thu ngân sách", "phong-tai-chinh", "Tổng thu đạt 412,5 tỷ đồng."),
        sec(0, "thuong-mai", "2", "Thương mại", "phong-kinh-te", "Bán lẻ đạt 8.650 tỷ đồng."),
    ]);
    #[rustfmt::skip]
    let a = doc(&[
        sec(0, "thu-ngan-sach", "1", "Thu ngân sách", "phong-tai-chinh", "Tổng thu đạt 418,2 tỷ đồng."),
        sec(0, "thuong-mai", "2", "Thương mại", "phong-kinh-te", "Bán lẻ đạt 8.650 tỷ đồng."),
    ]);
    #[rustfmt::skip]
    let b = doc(&[
        sec(0, "thu-ngan-sach", "1", "Thu ngân sách", "phong-tai-chinh", "Tổng thu đạt 412,5 tỷ đồng."),
        sec(0, "thuong-mai", "2", "Thương mại", "phong-kinh-te", "Bán lẻ đạt 8.700 tỷ đồng, tăng 13%."),
    ]);
    #[rustfmt::skip]
    let both = doc(&[
        sec(0, "thu-ngan-sach", "1", "Thu ngân sách", "phong-tai-chinh", "Tổng thu đạt 418,2 tỷ đồng."),
        sec(0, "thuong-mai", "2", "Thương mại", "phong-kinh-te", "Bán lẻ đạt 8.700 tỷ đồng, tăng 13%."),
    ]);
    let r = merge_repo(&base, None, &[(DEPT, &a), ("dept/phong-kinh-te", &b)]);

    let first = prepare(&r, DEPT);
    assert_eq!(action_of(&first, "thu-ngan-sach"), MergeAction::Take);
    assert_eq!(action_of(&first, "thuong-mai"), MergeAction::Keep);
    commit_as(&r, &thang(), &first, &Decisions::new(), 60).expect("A merges");

    let second = prepare(&r, "dept/phong-kinh-te");
    assert_eq!(
        second.main,
        load_ok(&a),
        "the second plan sees main's new state"
    );
    assert_eq!(action_of(&second, "thuong-mai"), MergeAction::Take);
    assert_eq!(action_of(&second, "thu-ngan-sach"), MergeAction::Keep);
    assert_eq!(second.plan.conflicts().count(), 0);
    commit_as(&r, &thang(), &second, &Decisions::new(), 61).expect("B merges");
    assert_eq!(main_draft(&r), load_ok(&both));
}

// ---------------------------------------------------------------------------
// 4. Per-change decisions.

const THREE_CHANGES_OLD: &str = "Tổng thu ngân sách đạt 412,5 tỷ đồng, tăng 6,8% so với năm 2022.\n\nChi ngân sách đảm bảo kịp thời.";
const THREE_CHANGES_NEW: &str = "Tổng thu ngân sách đạt 418,2 tỷ đồng, tăng 8,3% so với năm 2022.\n\nChi ngân sách đảm bảo kịp thời, đúng chế độ.";

#[test]
fn per_change_decisions_give_exactly_the_expected_text() {
    #[rustfmt::skip]
    let base = doc(&[
        sec(0, "thu-ngan-sach", "1", "Thu ngân sách", "phong-tai-chinh", THREE_CHANGES_OLD),
        sec(0, "chi-ngan-sach", "2", "Chi ngân sách", "phong-tai-chinh", "Chi thường xuyên đạt 95%."),
    ]);
    #[rustfmt::skip]
    let dept = doc(&[
        sec(0, "thu-ngan-sach", "1", "Thu ngân sách", "phong-tai-chinh", THREE_CHANGES_NEW),
        sec(0, "chi-ngan-sach", "2", "Chi ngân sách", "phong-tai-chinh", "Chi thường xuyên đạt 95%."),
    ]);
    let r = merge_repo(&base, None, &[(DEPT, &dept)]);
    let board = prepare(&r, DEPT);
    let s = board.plan.section("thu-ngan-sach").expect("planned");
    assert_eq!(s.action, MergeAction::Take);
    assert_eq!(
        (s.title.hunks, s.body.hunks),
        (0, 3),
        "{:?}",
        s.body.segments
    );

    let expected = "Tổng thu ngân sách đạt 418,2 tỷ đồng, tăng 6,8% so với năm 2022.\n\nChi ngân sách đảm bảo kịp thời, đúng chế độ.";
    assert_eq!(pick(&s.body, &[true, false, true]), expected);
    // Each change on its own.
    assert_eq!(
        pick(&s.body, &[false, true, false]),
        "Tổng thu ngân sách đạt 412,5 tỷ đồng, tăng 8,3% so với năm 2022.\n\nChi ngân sách đảm bảo kịp thời."
    );
    assert_eq!(pick(&s.body, &[true, true, true]), THREE_CHANGES_NEW);
    assert_eq!(pick(&s.body, &[false, false, false]), THREE_CHANGES_OLD);

    // A mask of the wrong length is refused, nothing written.
    let before = r.rev_parse("main");
    let wrong = Decisions::from([("thu-ngan-sach".to_owned(), Decision::Changes(vec![true]))]);
    let err = commit_as(&r, &thang(), &board, &wrong, 60).expect_err("wrong mask");
    assert!(err.to_string().contains("thu-ngan-sach"), "{err}");
    assert_eq!(r.rev_parse("main"), before);

    let decisions = Decisions::from([(
        "thu-ngan-sach".to_owned(),
        Decision::Changes(vec![true, false, true]),
    )]);
    commit_as(&r, &thang(), &board, &decisions, 61).expect("merged");
    let merged = main_draft(&r);
    assert_eq!(merged.section("thu-ngan-sach").unwrap().body, expected);
    assert_eq!(
        merged.section("chi-ngan-sach").unwrap().body,
        "Chi thường xuyên đạt 95%."
    );
    // Only that section's lines changed in the file.
    let old = r.show("main~1", MERGE_DRAFT);
    let new = r.show("main", MERGE_DRAFT);
    assert_eq!(
        lines_outside_section(&old, "thu-ngan-sach"),
        lines_outside_section(&new, "thu-ngan-sach")
    );
    assert!(new.contains("      Tổng thu ngân sách đạt 418,2 tỷ đồng, tăng 6,8% so với năm 2022.\n\n      Chi ngân sách đảm bảo kịp thời, đúng chế độ.\n"), "{new}");
}

#[test]
fn per_change_decisions_count_the_title_first() {
    #[rustfmt::skip]
    let base = doc(&[sec(0, "thu", "1", "Thu ngân sách", "phong-tai-chinh", "Đạt 412,5 tỷ đồng.")]);
    #[rustfmt::skip]
    let dept = doc(&[sec(0, "thu", "1", "Thu ngân sách nhà nước", "phong-tai-chinh", "Đạt 418,2 tỷ đồng.")]);
    let r = merge_repo(&base, None, &[(DEPT, &dept)]);
    let board = prepare(&r, DEPT);
    assert_eq!(board.plan.section("thu").unwrap().change_count(), 2);
    let decisions = Decisions::from([("thu".to_owned(), Decision::Changes(vec![false, true]))]);
    commit_as(&r, &thang(), &board, &decisions, 60).expect("merged");
    let s = main_draft(&r).section("thu").unwrap().clone();
    assert_eq!(s.title.as_deref(), Some("Thu ngân sách"));
    assert_eq!(s.body, "Đạt 418,2 tỷ đồng.");
}

#[test]
fn pick_all_or_nothing_gives_the_new_or_the_old_text() {
    let mut rng = Lcg(0x006d_6572_6765);
    for round in 0..400 {
        let old = random_text(&mut rng, 4);
        let new = if rng.below(5) == 0 {
            random_text(&mut rng, 4)
        } else {
            edit_text(&mut rng, &old)
        };
        let diff = word_diff(&old, &new);
        let all = vec![true; diff.hunks];
        let none = vec![false; diff.hunks];
        assert_eq!(
            pick(&diff, &all),
            new,
            "round {round}: all taken\n{old:?}\n{new:?}"
        );
        assert_eq!(
            pick(&diff, &none),
            old,
            "round {round}: none taken\n{old:?}\n{new:?}"
        );
        // The changes `pick` counts are exactly the diff's `hunks`: each of
        // them alone makes a difference, and one more index changes nothing.
        for i in 0..diff.hunks {
            let mut one = none.clone();
            one[i] = true;
            assert_ne!(
                pick(&diff, &one),
                old,
                "round {round}: change {i} alone does nothing"
            );
        }
        let mut beyond = none.clone();
        beyond.push(true);
        assert_eq!(
            pick(&diff, &beyond),
            old,
            "round {round}: a change past the last"
        );
    }
}

// ---------------------------------------------------------------------------
// 5. main moves while the office decides.

#[test]
fn a_concurrent_move_of_main_is_refused_and_nothing_is_lost() {
    #[rustfmt::skip]
    let base = doc(&[
        sec(0, "thu", "1", "Thu ngân sách", "phong-tai-chinh", "Đạt 412,5 tỷ đồng."),
        sec(0, "chi", "2", "Chi ngân sách", "phong-tai-chinh", "Chi đạt 95%."),
    ]);
    #[rustfmt::skip]
    let dept = doc(&[
        sec(0, "thu", "1", "Thu ngân sách", "phong-tai-chinh", "Đạt 418,2 tỷ đồng."),
        sec(0, "chi", "2", "Chi ngân sách", "phong-tai-chinh", "Chi đạt 95%."),
    ]);
    #[rustfmt::skip]
    let other = doc(&[
        sec(0, "thu", "1", "Thu ngân sách", "phong-tai-chinh", "Đạt 412,5 tỷ đồng."),
        sec(0, "chi", "2", "Chi ngân sách", "phong-tai-chinh", "Chi đạt 96,1%."),
    ]);
    let r = merge_repo(&base, None, &[(DEPT, &dept)]);
    let board = prepare(&r, DEPT);
    let theirs = r.commit(
        "main",
        &[(MERGE_DRAFT, &other)],
        &thang(),
        30,
        "Văn phòng sửa mục chi",
    );

    let err = commit_as(&r, &thang(), &board, &Decisions::new(), 60).expect_err("main moved");
    let message = err.to_string();
    assert!(message.contains("main has moved"), "{message}");
    assert_eq!(
        r.rev_parse("main"),
        theirs.to_string(),
        "the other commit stays"
    );
    assert_eq!(main_draft(&r), load_ok(&other));
    assert_eq!(
        r.git_ok(&["rev-list", "--merges", "--all"]),
        "",
        "no merge commit"
    );

    // Planned again, the merge goes through on top of it.
    let again = prepare(&r, DEPT);
    commit_as(&r, &thang(), &again, &Decisions::new(), 61).expect("merged after reloading");
    let merged = main_draft(&r);
    assert_eq!(merged.section("thu").unwrap().body, "Đạt 418,2 tỷ đồng.");
    assert_eq!(merged.section("chi").unwrap().body, "Chi đạt 96,1%.");
    assert_eq!(r.rev_parse("main^1"), theirs.to_string());
}

// ---------------------------------------------------------------------------
// 6. Provenance: the merge commit says whose words went in.

#[test]
fn the_merge_commit_records_provenance_and_has_both_parents() {
    #[rustfmt::skip]
    let base = doc(&[
        sec(0, "s1", "1", "Thu", "phong-tai-chinh", "Thu đạt 412,5 tỷ đồng."),
        sec(0, "s2", "2", "Chi", "phong-tai-chinh", "Chi đạt 95%."),
        sec(0, "s3", "3", "Vốn", "phong-tai-chinh", "Giải ngân 78,4%."),
        sec(0, "s4", "4", "Nợ", "phong-tai-chinh", "Đạt 412,5 tỷ đồng, tăng 6,8%."),
        sec(0, "s5", "5", "Khác", "phong-tai-chinh", "Không đổi."),
    ]);
    #[rustfmt::skip]
    let dept = doc(&[
        sec(0, "s1", "1", "Thu", "phong-tai-chinh", "Thu đạt 418,2 tỷ đồng."),
        sec(0, "s2", "2", "Chi", "phong-tai-chinh", "Chi đạt 96%."),
        sec(0, "s3", "3", "Vốn", "phong-tai-chinh", "Giải ngân 83,0%."),
        sec(0, "s4", "4", "Nợ", "phong-tai-chinh", "Đạt 418,2 tỷ đồng, tăng 8,3%."),
        sec(0, "s5", "5", "Khác", "phong-tai-chinh", "Không đổi."),
        sec(0, "s6", "6", "Mới", "phong-tai-chinh", "Mục mới."),
    ]);
    let r = merge_repo(&base, None, &[(DEPT, &dept)]);
    let old_main = r.rev_parse("main");
    let dept_tip = r.rev_parse(DEPT);
    let board = prepare(&r, DEPT);
    assert_eq!(board.plan.section("s4").unwrap().change_count(), 2);
    let decisions = Decisions::from([
        ("s2".to_owned(), Decision::Accept),
        ("s3".to_owned(), Decision::Reject),
        ("s4".to_owned(), Decision::Changes(vec![true, false])),
    ]);
    let merged = commit_as(&r, &thang(), &board, &decisions, 60).expect("merged");
    assert_eq!(merged.commit, r.rev_parse("main"));

    let message = r.git_ok(&["log", "-1", "--format=%B", "main"]);
    assert_eq!(
        message.trim_end(),
        format!(
            "Tổng hợp đóng góp của Phòng Tài chính - Kế hoạch vào {MERGE_DRAFT}\n\n\
             Duyet-Merge-From: dept/phong-tai-chinh\n\
             Duyet-Draft: {MERGE_DRAFT}\n\
             Duyet-Taken: s1 (take)\n\
             Duyet-Taken: s2 (take)\n\
             Duyet-Rejected: s3 (take)\n\
             Duyet-Partly-Taken: s4 (changes taken: 1; rejected: 2)\n\
             Duyet-Taken: s6 (add)"
        )
    );
    assert_eq!(message.trim_end(), merged.message.trim_end());
    // git itself reads them as trailers.
    let trailer = |key: &str| {
        r.git_ok(&[
            "log",
            "-1",
            &format!("--format=%(trailers:key={key},valueonly)"),
            "main",
        ])
    };
    assert_eq!(trailer("Duyet-Taken"), "s1 (take)\ns2 (take)\ns6 (add)\n\n");
    assert_eq!(trailer("Duyet-Rejected"), "s3 (take)\n\n");
    assert_eq!(trailer("Duyet-Merge-From"), "dept/phong-tai-chinh\n\n");
    assert_eq!(
        trailer("Duyet-Partly-Taken"),
        "s4 (changes taken: 1; rejected: 2)\n\n"
    );
    // Parents: main's old tip, then the department's tip.
    assert_eq!(
        r.git_ok(&["rev-parse", "main^1", "main^2"]),
        format!("{old_main}\n{dept_tip}\n")
    );
    let author = r.git_ok(&["log", "-1", "--format=%an <%ae>", "main"]);
    assert_eq!(author.trim(), thang().to_string());

    // And the text is what was decided.
    let d = main_draft(&r);
    let body = |id: &str| d.section(id).unwrap().body.clone();
    assert_eq!(body("s1"), "Thu đạt 418,2 tỷ đồng.");
    assert_eq!(body("s2"), "Chi đạt 96%.");
    assert_eq!(body("s3"), "Giải ngân 78,4%.");
    assert_eq!(body("s4"), "Đạt 418,2 tỷ đồng, tăng 6,8%.");
    assert_eq!(body("s6"), "Mục mới.");
}

// ---------------------------------------------------------------------------
// 7. Approvals of sections the merge did not change stay valid.

#[test]
fn approvals_of_untouched_sections_survive_a_merge() {
    let base = common::review_draft_text();
    let dept = base.replace("đạt 78,4% kế hoạch vốn giao", "đạt 83,0% kế hoạch vốn giao");
    assert_ne!(base, dept);
    let r = merge_repo(&base, None, &[(DEPT, &dept)]);
    let store = r.store();
    for (who, minutes) in [(dung(), 1), (thang(), 2)] {
        for section in ["thu-ngan-sach", "dau-tu-cong"] {
            let target = ops::review::Target {
                draft: MERGE_DRAFT,
                section,
                rev: "main",
            };
            let req = ops::review::Request {
                who: &who,
                when: Some(moment(minutes)),
                text: "",
            };
            ops::review::approve(&store, &target, &req).expect("approved");
        }
    }
    let (_, before) = ops::review::status(&store, MERGE_DRAFT, "main").unwrap();
    assert_eq!(
        before.section("thu-ngan-sach").unwrap().state,
        State::Approved
    );
    assert_eq!(
        before.section("dau-tu-cong").unwrap().state,
        State::Approved
    );

    let board = prepare(&r, DEPT);
    assert_eq!(action_of(&board, "dau-tu-cong"), MergeAction::Take);
    assert_eq!(action_of(&board, "thu-ngan-sach"), MergeAction::Keep);
    commit_as(&r, &thang(), &board, &Decisions::new(), 60).expect("merged");

    let (_, after) = ops::review::status(&r.store(), MERGE_DRAFT, "main").unwrap();
    let untouched = after.section("thu-ngan-sach").unwrap();
    assert_eq!(untouched.state, State::Approved);
    assert_eq!(untouched.approvals().count(), 2);
    let taken = after.section("dau-tu-cong").unwrap();
    assert_eq!(taken.state, State::Stale);
    assert_eq!(taken.approvals().count(), 0);

    // Byte for byte, only the taken section's lines changed.
    let old = r.show("main~1", MERGE_DRAFT);
    let new = r.show("main", MERGE_DRAFT);
    assert_eq!(old, base);
    assert_eq!(
        new, dept,
        "the merged file is the department's, line for line"
    );
    assert_eq!(
        lines_outside_section(&old, "dau-tu-cong"),
        lines_outside_section(&new, "dau-tu-cong")
    );
}

// ---------------------------------------------------------------------------
// 8. Only the office merges.

#[test]
fn only_the_office_may_merge() {
    #[rustfmt::skip]
    let base = doc(&[sec(0, "thu", "1", "Thu ngân sách", "phong-tai-chinh", "Đạt 412,5 tỷ đồng.")]);
    #[rustfmt::skip]
    let dept = doc(&[sec(0, "thu", "1", "Thu ngân sách", "phong-tai-chinh", "Đạt 418,2 tỷ đồng.")]);
    let r = merge_repo(&base, None, &[(DEPT, &dept)]);
    let before = r.rev_parse("main");
    let board = prepare(&r, DEPT);
    for who in [hoa(), dung(), common::stranger()] {
        let err = commit_as(&r, &who, &board, &Decisions::new(), 60).expect_err("not the office");
        assert!(matches!(err, OpsError::NotAllowed(_)), "{who}: {err}");
        assert_eq!(r.rev_parse("main"), before);
    }
    // Trần Thị Thu Hằng has the office role only; she may.
    commit_as(&r, &common::hang(), &board, &Decisions::new(), 61).expect("the office merges");
}

// ---------------------------------------------------------------------------
// 9. Decisions saved between sessions.

#[test]
fn saved_decisions_are_each_persons_and_last_while_their_section_plans_the_same() {
    #[rustfmt::skip]
    let base = doc(&[
        sec(0, "thu", "1", "Thu ngân sách", "phong-tai-chinh", "Đạt 412,5 tỷ đồng, tăng 6,8%."),
        sec(0, "chi", "2", "Chi ngân sách", "phong-tai-chinh", "Chi đạt 95%."),
        sec(0, "von", "3", "Vốn", "phong-tai-chinh", "Giải ngân 78,4%."),
    ]);
    #[rustfmt::skip]
    let dept = doc(&[
        sec(0, "thu", "1", "Thu ngân sách", "phong-tai-chinh", "Đạt 418,2 tỷ đồng, tăng 8,3%."),
        sec(0, "chi", "2", "Chi ngân sách", "phong-tai-chinh", "Chi đạt 96%."),
        sec(0, "von", "3", "Vốn", "phong-tai-chinh", "Giải ngân 83,0%."),
    ]);
    let r = merge_repo(&base, None, &[(DEPT, &dept)]);
    let store = r.store();
    let board = prepare(&r, DEPT);
    let office = thang();
    assert_eq!(
        ops::merge::load_decisions(&store, &board, &office),
        Decisions::new()
    );
    let decisions = Decisions::from([
        ("thu".to_owned(), Decision::Changes(vec![true, false])),
        ("chi".to_owned(), Decision::Reject),
        (
            "von".to_owned(),
            Decision::Edited("Giải ngân đạt 83,0% kế hoạch.".to_owned()),
        ),
    ]);
    ops::merge::save_decisions(&store, &board, &office, &decisions).expect("saved");
    // Another session (a new Store, a newly prepared board) finds them.
    let reopened = prepare(&r, DEPT);
    assert_eq!(
        ops::merge::load_decisions(&r.store(), &reopened, &office),
        decisions
    );
    // They are the office person's own: someone else finds none.
    assert_eq!(
        ops::merge::load_decisions(&r.store(), &reopened, &hoa()),
        Decisions::new()
    );

    // Main moving elsewhere leaves every section's plan as it was: kept.
    r.commit(
        "main",
        &[("ghi-chu.txt", "x\n")],
        &thang(),
        30,
        "Văn phòng ghi chú",
    );
    let moved = prepare(&r, DEPT);
    assert_eq!(
        ops::merge::load_decisions(&r.store(), &moved, &office),
        decisions
    );
    // The department changing one section again: only that decision goes
    // (it was about text that no longer is), the others stay.
    #[rustfmt::skip]
    let dept_again = doc(&[
        sec(0, "thu", "1", "Thu ngân sách", "phong-tai-chinh", "Đạt 420,0 tỷ đồng, tăng 8,3%."),
        sec(0, "chi", "2", "Chi ngân sách", "phong-tai-chinh", "Chi đạt 96%."),
        sec(0, "von", "3", "Vốn", "phong-tai-chinh", "Giải ngân 83,0%."),
    ]);
    r.commit(
        DEPT,
        &[(MERGE_DRAFT, &dept_again)],
        &hoa(),
        31,
        "Phòng sửa số thu",
    );
    let again = ops::merge::load_decisions(&store, &prepare(&r, DEPT), &office);
    assert!(!again.contains_key("thu"), "{again:?}");
    assert_eq!(again.get("chi"), Some(&Decision::Reject));
    assert!(matches!(again.get("von"), Some(Decision::Edited(_))));
}

// ---------------------------------------------------------------------------
// 10. Footnotes travel with the sections that cite them.

#[test]
fn a_footnote_added_by_the_department_is_merged_with_its_citation() {
    #[rustfmt::skip]
    let base = yaml(&format!(
        "sections:\n{}{}footnotes:\n  - id: fn-thue\n    text: Số liệu của Chi cục Thuế.\n",
        sec(0, "thu", "1", "Thu ngân sách", "phong-tai-chinh", "Đạt 412,5 tỷ đồng[^fn-thue]."),
        sec(0, "von", "2", "Vốn", "phong-tai-chinh", "Giải ngân 78,4%."),
    ));
    #[rustfmt::skip]
    let dept = yaml(&format!(
        "sections:\n{}{}footnotes:\n  - id: fn-thue\n    text: Số liệu của Chi cục Thuế.\n  - id: fn-kho-bac\n    text: Số liệu của Kho bạc Nhà nước huyện đến ngày 30/11.\n",
        sec(0, "thu", "1", "Thu ngân sách", "phong-tai-chinh", "Đạt 412,5 tỷ đồng[^fn-thue]."),
        sec(0, "von", "2", "Vốn", "phong-tai-chinh", "Giải ngân 83,0%[^fn-kho-bac]."),
    ));
    let r = merge_repo(&base, None, &[(DEPT, &dept)]);
    let board = prepare(&r, DEPT);
    assert_eq!(action_of(&board, "von"), MergeAction::Take);
    commit_as(&r, &thang(), &board, &Decisions::new(), 60).expect("merged");
    let text = r.show("main", MERGE_DRAFT);
    let merged = load_draft(MERGE_DRAFT, text.as_bytes()).expect("the merged file loads");
    assert_eq!(merged, load_ok(&dept));
    assert_eq!(
        merged.footnote("fn-kho-bac").map(|f| f.text.as_str()),
        Some("Số liệu của Kho bạc Nhà nước huyện đến ngày 30/11.")
    );
}

#[test]
fn rejecting_a_section_keeps_mains_text_of_the_footnotes_it_cites() {
    #[rustfmt::skip]
    let with_note = |note: &str, body: &str| {
        yaml(&format!(
            "sections:\n{}{}footnotes:\n  - id: fn-thue\n    text: {note}\n",
            sec(0, "thu", "1", "Thu ngân sách", "phong-tai-chinh", "Đạt 412,5 tỷ đồng[^fn-thue]."),
            sec(0, "von", "2", "Vốn", "phong-tai-chinh", body),
        ))
    };
    let base = with_note("Số liệu của Chi cục Thuế.", "Giải ngân 78,4%.");
    // The department rewrites the footnote of `thu` and changes `von`.
    let dept = with_note(
        "Số liệu của Chi cục Thuế đến ngày 30/11.",
        "Giải ngân 83,0%.",
    );
    let r = merge_repo(&base, None, &[(DEPT, &dept)]);
    let board = prepare(&r, DEPT);
    assert_eq!(
        action_of(&board, "thu"),
        MergeAction::Take,
        "a footnote is part of the section"
    );
    let decisions = Decisions::from([("thu".to_owned(), Decision::Reject)]);
    commit_as(&r, &thang(), &board, &decisions, 60).expect("merged");
    assert_eq!(
        main_draft(&r),
        load_ok(&with_note("Số liệu của Chi cục Thuế.", "Giải ngân 83,0%.")),
        "the rejected section keeps main's footnote"
    );
}

// ---------------------------------------------------------------------------
// What a department removed, and what the office kept of it.

#[test]
fn removing_a_section_keeps_the_children_the_office_kept() {
    #[rustfmt::skip]
    let base = doc(&[
        sec(0, "kinh-te", "I", "Kinh tế", "van-phong", ""),
        children(0),
        sec(1, "thu", "1", "Thu ngân sách", "phong-tai-chinh", "Đạt 412,5 tỷ đồng."),
        sec(1, "von", "2", "Vốn", "phong-tai-chinh", "Giải ngân 78,4%."),
        sec(0, "xa-hoi", "II", "Xã hội", "van-phong", "Ổn định."),
    ]);
    // main updates `von`; the department removes all of I.
    #[rustfmt::skip]
    let main = doc(&[
        sec(0, "kinh-te", "I", "Kinh tế", "van-phong", ""),
        children(0),
        sec(1, "thu", "1", "Thu ngân sách", "phong-tai-chinh", "Đạt 412,5 tỷ đồng."),
        sec(1, "von", "2", "Vốn", "phong-tai-chinh", "Giải ngân 83,0%."),
        sec(0, "xa-hoi", "II", "Xã hội", "van-phong", "Ổn định."),
    ]);
    #[rustfmt::skip]
    let dept = doc(&[sec(0, "xa-hoi", "II", "Xã hội", "van-phong", "Ổn định.")]);
    let r = merge_repo(&base, Some(&main), &[(DEPT, &dept)]);
    let board = prepare(&r, DEPT);
    assert_eq!(action_of(&board, "kinh-te"), MergeAction::Remove);
    assert_eq!(action_of(&board, "thu"), MergeAction::Remove);
    assert_eq!(action_of(&board, "von"), MergeAction::Conflict);

    // Rejecting the conflict keeps main's `von`, even though its parent goes.
    let decisions = Decisions::from([("von".to_owned(), Decision::Reject)]);
    commit_as(&r, &thang(), &board, &decisions, 60).expect("merged");
    let merged = main_draft(&r);
    assert_eq!(
        merged.section("von").map(|s| s.body.as_str()),
        Some("Giải ngân 83,0%."),
        "the kept section is not lost with its parent"
    );
    assert!(merged.section("kinh-te").is_none());
    assert!(merged.section("thu").is_none());
}

// ---------------------------------------------------------------------------
// A department branch that changes two drafts: merging one must not make the
// other look merged.

#[test]
fn merging_one_draft_does_not_lose_the_departments_changes_to_another() {
    const OTHER: &str = "drafts/thang-11.yaml";
    #[rustfmt::skip]
    let one = |body: &str| doc(&[sec(0, "thu", "1", "Thu ngân sách", "phong-tai-chinh", body)]);
    let r = merge_repo(&one("Đạt 412,5 tỷ đồng."), None, &[]);
    r.commit(
        "main",
        &[(OTHER, &one("Tháng 11 đạt 30 tỷ đồng."))],
        &thang(),
        1,
        "Báo cáo tháng",
    );
    r.store()
        .create_branch(DEPT, r.store().resolve("main").unwrap())
        .unwrap();
    r.commit(
        DEPT,
        &[(MERGE_DRAFT, &one("Đạt 418,2 tỷ đồng."))],
        &hoa(),
        20,
        "Năm",
    );
    r.commit(
        DEPT,
        &[(OTHER, &one("Tháng 11 đạt 32,5 tỷ đồng."))],
        &hoa(),
        21,
        "Tháng",
    );

    let board = prepare(&r, DEPT);
    commit_as(&r, &thang(), &board, &Decisions::new(), 60).expect("the first draft merges");

    let other = ops::merge::prepare(&r.store(), OTHER, DEPT).expect("prepared");
    assert_eq!(
        other.plan.section("thu").map(|s| s.action),
        Some(MergeAction::Take),
        "the other draft's change is still proposed"
    );
    ops::merge::commit(
        &r.store(),
        &thang(),
        Some(moment(61)),
        &other,
        &Decisions::new(),
    )
    .expect("the second draft merges");
    let merged = r.store().read_draft("main", OTHER).unwrap();
    assert_eq!(
        merged.section("thu").unwrap().body,
        "Tháng 11 đạt 32,5 tỷ đồng."
    );
    // And merging the first draft again finds nothing new.
    let again = prepare(&r, DEPT);
    assert!(again.proposals().next().is_none(), "{:?}", actions(&again));
}

#[test]
fn commit_refuses_decisions_on_sections_the_department_does_not_change() {
    #[rustfmt::skip]
    let base = doc(&[
        sec(0, "thu", "1", "Thu ngân sách", "phong-tai-chinh", "Đạt 412,5 tỷ đồng."),
        sec(0, "chi", "2", "Chi ngân sách", "phong-tai-chinh", "Chi đạt 95%."),
    ]);
    #[rustfmt::skip]
    let dept = doc(&[
        sec(0, "thu", "1", "Thu ngân sách", "phong-tai-chinh", "Đạt 418,2 tỷ đồng."),
        sec(0, "chi", "2", "Chi ngân sách", "phong-tai-chinh", "Chi đạt 95%."),
    ]);
    let r = merge_repo(&base, None, &[(DEPT, &dept)]);
    let before = r.rev_parse("main");
    let board = prepare(&r, DEPT);
    for id in ["chi", "khong-co"] {
        let decisions = Decisions::from([(id.to_owned(), Decision::Accept)]);
        let err = commit_as(&r, &thang(), &board, &decisions, 60).expect_err("not proposed");
        assert!(err.to_string().contains(id), "{err}");
    }
    assert_eq!(r.rev_parse("main"), before);
}
