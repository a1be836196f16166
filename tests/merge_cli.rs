//! `duyet merge` as a script or the office uses it: the real binary on real
//! repositories (small ones, and the demo), people given with `--as`, plain
//! `git` to look at what was written.

mod common;

use common::{
    MERGE_DRAFT, ReviewRepo, hoa, merge_children as children, merge_demo_repo, merge_doc as doc,
    merge_repo, merge_sec as sec, stderr, stdout, thang,
};
use duyet::core::Identity;
use serde_json::Value;

const DEPT: &str = "dept/phong-tai-chinh";
const Y2023: &str = "drafts/bao-cao-ubnd-tan-yen-2023.yaml";
const KT_XH: &str = "ket-qua-dieu-hanh-kt-xh";

/// Runs `duyet …`, asserting success; returns stdout.
fn duyet_ok(r: &ReviewRepo, who: Option<&Identity>, args: &[&str]) -> String {
    let out = r.duyet_as(who, args);
    assert!(
        out.status.success(),
        "duyet {args:?} failed:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// `duyet merge DRAFT --from BRANCH --plan --json`, parsed: (id, action) rows.
fn plan_json(r: &ReviewRepo, draft: &str, from: &str) -> Vec<(String, String)> {
    let out = duyet_ok(
        r,
        None,
        &["merge", draft, "--from", from, "--plan", "--json"],
    );
    let v: Value = serde_json::from_str(&out).expect("the plan is JSON");
    v["sections"]
        .as_array()
        .expect("`sections` is a list")
        .iter()
        .map(|s| {
            (
                s["id"].as_str().expect("id").to_owned(),
                s["action"].as_str().expect("action").to_owned(),
            )
        })
        .collect()
}

fn action<'a>(plan: &'a [(String, String)], id: &str) -> &'a str {
    plan.iter()
        .find(|(i, _)| i == id)
        .map(|(_, a)| a.as_str())
        .unwrap_or_else(|| panic!("`{id}` is in the plan: {plan:?}"))
}

/// Branch names and tips, and the files in `.git/duyet`: what a command
/// that changes nothing must leave as it was.
fn snapshot(r: &ReviewRepo) -> (String, Vec<String>) {
    let refs = r.git_ok(&["for-each-ref", "--format=%(refname) %(objectname)"]);
    let mut files: Vec<String> = std::fs::read_dir(r.repo.join(".git").join("duyet"))
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                // Drafts kept parsed: a cache of what git holds, not state.
                .filter(|name| name != "parsed")
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    (refs, files)
}

fn section_body(r: &ReviewRepo, rev: &str, path: &str, id: &str) -> String {
    r.store()
        .read_draft(rev, path)
        .expect("the draft reads")
        .section(id)
        .unwrap_or_else(|| panic!("`{id}` at {rev}"))
        .body
        .clone()
}

// ---------------------------------------------------------------------------
// 1. The plan as JSON, and that it changes nothing.

#[test]
fn plan_json_lists_every_action_and_changes_nothing() {
    #[rustfmt::skip]
    let base = doc(&[
        sec(0, "kinh-te", "I", "Kinh tế", "van-phong", ""),
        children(0),
        sec(1, "thu", "1", "Thu ngân sách", "phong-tai-chinh", "Đạt 412,5 tỷ đồng."),
        sec(1, "von", "2", "Vốn", "phong-tai-chinh", "Giải ngân 78,4%."),
        sec(1, "thuong-mai", "3", "Thương mại", "phong-kinh-te", "Bán lẻ 8.650 tỷ đồng."),
        sec(1, "nong-nghiep", "4", "Nông nghiệp", "phong-nong-nghiep", "Vải thiều 26.500 tấn."),
        sec(1, "cong-nghiep", "5", "Công nghiệp", "phong-kinh-te", "Tăng 15,2%."),
        sec(1, "xay-dung", "6", "Xây dựng", "phong-kinh-te", "12 công trình."),
        sec(1, "giao-thong", "7", "Giao thông", "phong-kinh-te", "35 km đường."),
        sec(1, "du-lich", "8", "Du lịch", "phong-van-hoa", "120 nghìn lượt khách."),
        sec(0, "xa-hoi", "II", "Xã hội", "van-phong", "Ổn định."),
    ]);
    #[rustfmt::skip]
    let main = doc(&[
        sec(0, "kinh-te", "I", "Kinh tế", "van-phong", ""),
        children(0),
        sec(1, "thu", "1", "Thu ngân sách", "phong-tai-chinh", "Đạt 412,5 tỷ đồng."),
        sec(1, "von", "2", "Vốn", "phong-tai-chinh", "Giải ngân 83,0%."),
        sec(1, "thuong-mai", "3", "Thương mại", "phong-kinh-te", "Bán lẻ 8.700 tỷ đồng."),
        sec(1, "nong-nghiep", "4", "Nông nghiệp", "phong-nong-nghiep", "Vải thiều 26.800 tấn."),
        sec(1, "cong-nghiep", "5", "Công nghiệp", "phong-kinh-te", "Tăng 15,2%."),
        sec(1, "xay-dung", "6", "Xây dựng", "phong-kinh-te", "14 công trình."),
        sec(1, "du-lich", "8", "Du lịch", "phong-van-hoa", "120 nghìn lượt khách."),
        sec(0, "xa-hoi", "II", "Xã hội", "van-phong", "Ổn định."),
    ]);
    #[rustfmt::skip]
    let dept = doc(&[
        sec(0, "kinh-te", "I", "Kinh tế", "van-phong", ""),
        children(0),
        sec(1, "thu", "1", "Thu ngân sách", "phong-tai-chinh", "Đạt 418,2 tỷ đồng."),
        sec(1, "von", "2", "Vốn", "phong-tai-chinh", "Giải ngân 78,4%."),
        sec(1, "thuong-mai", "3", "Thương mại", "phong-kinh-te", "Bán lẻ 8.650 tỷ đồng, tăng 13%."),
        sec(1, "nong-nghiep", "4", "Nông nghiệp", "phong-nong-nghiep", "Vải thiều 26.800 tấn."),
        sec(1, "giao-thong", "7", "Giao thông", "phong-kinh-te", "42 km đường."),
        sec(0, "xa-hoi", "II", "Xã hội", "van-phong", "Ổn định."),
        children(0),
        sec(1, "du-lich", "1", "Du lịch", "phong-van-hoa", "120 nghìn lượt khách."),
        sec(1, "y-te", "2", "Y tế", "phong-y-te", "Bảo hiểm y tế 93,5%."),
    ]);
    let r = merge_repo(&base, Some(&main), &[(DEPT, &dept)]);
    let before = snapshot(&r);

    let plan = plan_json(&r, MERGE_DRAFT, DEPT);
    let expected = [
        ("kinh-te", "keep"),
        ("thu", "take"),
        ("von", "keep"),
        ("thuong-mai", "conflict"),
        ("nong-nghiep", "same"),
        ("giao-thong", "conflict"),
        ("xa-hoi", "keep"),
        ("du-lich", "take"),
        ("y-te", "add"),
        ("cong-nghiep", "remove"),
        ("xay-dung", "conflict"),
    ];
    assert_eq!(
        plan,
        expected
            .iter()
            .map(|(i, a)| (i.to_string(), a.to_string()))
            .collect::<Vec<_>>()
    );

    // The JSON names the tips it was planned on.
    let out = duyet_ok(
        &r,
        None,
        &["merge", MERGE_DRAFT, "--from", DEPT, "--plan", "--json"],
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["main"], Value::String(r.rev_parse("main")));
    assert_eq!(v["department"], Value::String(r.rev_parse(DEPT)));
    assert_eq!(v["draft"], Value::String(MERGE_DRAFT.into()));

    // The text plan lists what the department proposes, not what it kept.
    let text = duyet_ok(&r, None, &["merge", "tong-hop", "--from", DEPT, "--plan"]);
    for (id, act) in expected.iter().filter(|(_, a)| *a != "keep") {
        assert!(
            text.lines()
                .any(|l| l.starts_with(act) && l.split_whitespace().nth(1) == Some(id)),
            "`{act} {id}` in:\n{text}"
        );
    }
    assert!(!text.lines().any(|l| l.starts_with("keep")), "{text}");
    // Without --take-all/--accept/--reject, `merge` only plans too.
    duyet_ok(&r, Some(&thang()), &["merge", MERGE_DRAFT, "--from", DEPT]);

    assert_eq!(snapshot(&r), before, "planning changed nothing");
}

// ---------------------------------------------------------------------------
// 2. Departments changing different sections merge cleanly.

#[test]
fn two_departments_changing_different_sections_merge_one_after_the_other() {
    #[rustfmt::skip]
    let two = |thu: &str, ban_le: &str| {
        doc(&[
            sec(0, "thu", "1", "Thu ngân sách", "phong-tai-chinh", thu),
            sec(0, "thuong-mai", "2", "Thương mại", "phong-kinh-te", ban_le),
        ])
    };
    let r = merge_repo(
        &two("Đạt 412,5 tỷ đồng.", "Bán lẻ 8.650 tỷ đồng."),
        None,
        &[
            (DEPT, &two("Đạt 418,2 tỷ đồng.", "Bán lẻ 8.650 tỷ đồng.")),
            (
                "dept/phong-kinh-te",
                &two("Đạt 412,5 tỷ đồng.", "Bán lẻ 8.700 tỷ đồng, tăng 13%."),
            ),
        ],
    );
    let as_office = Some(thang());
    let m1 = duyet_ok(
        &r,
        as_office.as_ref(),
        &["merge", MERGE_DRAFT, "--from", DEPT, "--take-all"],
    );
    assert_eq!(m1.trim(), r.rev_parse("main"), "prints the merge commit");

    let plan = plan_json(&r, MERGE_DRAFT, "dept/phong-kinh-te");
    assert_eq!(action(&plan, "thuong-mai"), "take");
    assert_eq!(action(&plan, "thu"), "keep", "A's change is main's now");

    let out = duyet_ok(
        &r,
        as_office.as_ref(),
        &[
            "merge",
            MERGE_DRAFT,
            "--from",
            "dept/phong-kinh-te",
            "--take-all",
            "--json",
        ],
    );
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["commit"], Value::String(r.rev_parse("main")));
    assert_eq!(r.rev_parse("main^1"), m1.trim());
    assert_eq!(
        r.show("main", MERGE_DRAFT),
        two("Đạt 418,2 tỷ đồng.", "Bán lẻ 8.700 tỷ đồng, tăng 13%.")
    );
    // Both department tips are in main's history.
    for b in [DEPT, "dept/phong-kinh-te"] {
        r.git_ok(&["merge-base", "--is-ancestor", b, "main"]);
    }
}

// ---------------------------------------------------------------------------
// 3. Two departments changing the same section: the second merge conflicts.

#[test]
fn the_second_department_to_change_a_section_conflicts() {
    let r = merge_demo_repo();
    let office = thang();
    let who = Some(&office);
    let tc_body = section_body(&r, DEPT, Y2023, KT_XH);
    let kt_body = section_body(&r, "dept/phong-kinh-te", Y2023, KT_XH);
    assert_ne!(tc_body, kt_body);

    // Before anything is merged, the second department's change is a take.
    assert_eq!(
        action(&plan_json(&r, Y2023, "dept/phong-kinh-te"), KT_XH),
        "take"
    );
    duyet_ok(&r, who, &["merge", Y2023, "--from", DEPT, "--take-all"]);
    let first = r.rev_parse("main");
    assert_eq!(section_body(&r, "main", Y2023, KT_XH), tc_body);

    let plan = plan_json(&r, Y2023, "dept/phong-kinh-te");
    assert_eq!(action(&plan, KT_XH), "conflict");
    assert_eq!(action(&plan, "dieu-hanh-thuong-mai"), "take");

    // --take-all is refused, naming the section; main stays.
    let out = r.duyet_as(
        who,
        &["merge", Y2023, "--from", "dept/phong-kinh-te", "--take-all"],
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains(KT_XH), "{}", stderr(&out));
    assert_eq!(r.rev_parse("main"), first);

    // --reject keeps the first version (and takes the rest).
    duyet_ok(
        &r,
        who,
        &[
            "merge",
            Y2023,
            "--from",
            "dept/phong-kinh-te",
            "--reject",
            KT_XH,
        ],
    );
    assert_eq!(section_body(&r, "main", Y2023, KT_XH), tc_body);
    assert_eq!(
        section_body(&r, "main", Y2023, "dieu-hanh-thuong-mai"),
        section_body(&r, "dept/phong-kinh-te", Y2023, "dieu-hanh-thuong-mai")
    );
    let rejected = r.git_ok(&["log", "-1", "--format=%B", "main"]);
    assert!(
        rejected.contains(&format!("Duyet-Rejected: {KT_XH} (conflict)")),
        "{rejected}"
    );

    // Back to the first merge (plain git; main is checked out in the demo, so
    // its index and files go back too), then --accept takes the second version.
    r.git_ok(&["reset", "--hard", &first]);
    duyet_ok(
        &r,
        who,
        &[
            "merge",
            Y2023,
            "--from",
            "dept/phong-kinh-te",
            "--accept",
            KT_XH,
        ],
    );
    assert_eq!(section_body(&r, "main", Y2023, KT_XH), kt_body);
    assert_eq!(r.rev_parse("main^1"), first);
    let accepted = r.git_ok(&["log", "-1", "--format=%B", "main"]);
    assert!(
        accepted.contains(&format!("Duyet-Taken: {KT_XH} (conflict)")),
        "{accepted}"
    );
}

// ---------------------------------------------------------------------------
// 6. Provenance from the command line.

#[test]
fn accept_and_reject_from_the_command_line_are_recorded() {
    #[rustfmt::skip]
    let three = |a: &str, b: &str, c: &str| {
        doc(&[
            sec(0, "thu", "1", "Thu", "phong-tai-chinh", a),
            sec(0, "chi", "2", "Chi", "phong-tai-chinh", b),
            sec(0, "von", "3", "Vốn", "phong-tai-chinh", c),
        ])
    };
    let r = merge_repo(
        &three("Thu 412,5.", "Chi 95%.", "Vốn 78,4%."),
        None,
        &[(DEPT, &three("Thu 418,2.", "Chi 96%.", "Vốn 83,0%."))],
    );
    let old_main = r.rev_parse("main");
    let dept_tip = r.rev_parse(DEPT);
    // An id the department does not change is refused; nothing is written.
    let out = r.duyet_as(
        Some(&thang()),
        &["merge", MERGE_DRAFT, "--from", DEPT, "--accept", "khong-co"],
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("khong-co"), "{}", stderr(&out));
    assert_eq!(r.rev_parse("main"), old_main);

    duyet_ok(
        &r,
        Some(&thang()),
        &[
            "merge",
            MERGE_DRAFT,
            "--from",
            DEPT,
            "--accept",
            "chi",
            "--reject",
            "von",
        ],
    );
    let message = r.git_ok(&["log", "-1", "--format=%B", "main"]);
    let trailers = common::duyet_trailers(&message);
    assert_eq!(
        trailers,
        [
            "Duyet-Merge-From: dept/phong-tai-chinh",
            &format!("Duyet-Draft: {MERGE_DRAFT}"),
            "Duyet-Taken: thu (take)",
            "Duyet-Taken: chi (take)",
            "Duyet-Rejected: von (take)",
        ]
    );
    assert_eq!(
        r.git_ok(&["rev-parse", "main^1", "main^2"]),
        format!("{old_main}\n{dept_tip}\n")
    );
    assert_eq!(
        r.show("main", MERGE_DRAFT),
        three("Thu 418,2.", "Chi 96%.", "Vốn 78,4%.")
    );
}

// ---------------------------------------------------------------------------
// 8. Only the office merges.

#[test]
fn a_drafter_cannot_merge() {
    let r = merge_demo_repo();
    let before = snapshot(&r);
    let out = r.duyet_as(
        Some(&hoa()),
        &["merge", Y2023, "--from", DEPT, "--take-all"],
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("office"), "{err}");
    assert!(err.contains("Lê Thị Hoa"), "{err}");
    assert_eq!(snapshot(&r), before, "main and every other ref unchanged");
    // She may look at the plan, though.
    plan_json(&r, Y2023, DEPT);
}

// ---------------------------------------------------------------------------
// 10. A footnote comes with the section that cites it; the result loads.

#[test]
fn a_merged_footnote_is_in_main_and_the_draft_checks_ok() {
    let r = merge_demo_repo();
    let main_before = r.store().read_draft("main", Y2023).unwrap();
    assert!(main_before.footnote("fn-thu-ngan-sach").is_none());
    duyet_ok(
        &r,
        Some(&thang()),
        &["merge", Y2023, "--from", DEPT, "--take-all"],
    );

    let text = r.show("main", Y2023);
    let file = r.home().join("merged.yaml");
    std::fs::write(&file, &text).unwrap();
    // Valid (the real report's own mistakes are lint findings, listed after).
    let out = duyet_ok(&r, None, &["check", file.to_str().unwrap()]);
    let first = out.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(&format!("{}: valid; ", file.display())),
        "{out}"
    );

    let merged = r.store().read_draft("main", Y2023).unwrap();
    let dept = r.store().read_draft(DEPT, Y2023).unwrap();
    assert_eq!(
        merged.footnote("fn-thu-ngan-sach"),
        dept.footnote("fn-thu-ngan-sach")
    );
    let body = &merged.section("dieu-hanh-ngan-sach-dau-tu").unwrap().body;
    assert!(body.contains("418,2 tỷ đồng[^fn-thu-ngan-sach]"), "{body}");
    assert_eq!(merged, dept, "the department's draft, all of it taken");
}

// ---------------------------------------------------------------------------
// The demo's finance department changed two drafts: merging one leaves the
// other's changes to merge.

#[test]
fn merging_one_demo_draft_leaves_the_other_to_merge() {
    const T11: &str = "drafts/bao-cao-thang-11-2026.yaml";
    let r = merge_demo_repo();
    assert_eq!(action(&plan_json(&r, T11, DEPT), "t11-kinh-te"), "take");
    duyet_ok(
        &r,
        Some(&thang()),
        &["merge", Y2023, "--from", DEPT, "--take-all"],
    );
    assert_eq!(action(&plan_json(&r, T11, DEPT), "t11-kinh-te"), "take");
    duyet_ok(
        &r,
        Some(&thang()),
        &["merge", T11, "--from", DEPT, "--take-all"],
    );
    assert_eq!(
        section_body(&r, "main", T11, "t11-kinh-te"),
        section_body(&r, DEPT, T11, "t11-kinh-te")
    );
    // Now both are in: nothing left to merge from this branch.
    for draft in [Y2023, T11] {
        let text = duyet_ok(&r, None, &["merge", draft, "--from", DEPT, "--plan"]);
        assert!(text.contains("nothing to merge"), "{draft}: {text}");
    }
}
