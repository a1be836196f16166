//! Comparisons from the merge base (`A...B`, what B changed since it left A),
//! as git and GitHub show a branch's proposal: after the office merges one
//! department, another department's proposal reads the same as before.

mod common;

use common::{ReviewRepo, hang, merge_demo_repo, ok, stderr};
use duyet::ops::compare::Range;
use duyet::tui::Lang;
use duyet::tui::keys::Action;

const Y2023: &str = "drafts/bao-cao-ubnd-tan-yen-2023.yaml";

/// `duyet diff DRAFT RANGE --json --all` as (id, status, inserted, deleted) rows.
fn diff_rows(r: &ReviewRepo, range: &[&str]) -> Vec<(String, String, u64, u64)> {
    let mut args = vec!["diff", Y2023];
    args.extend_from_slice(range);
    args.extend_from_slice(&["--json", "--all"]);
    let out = ok(&r.duyet_as(None, &args));
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    v["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_owned(),
                s["status"].as_str().unwrap().to_owned(),
                s["inserted_words"].as_u64().unwrap(),
                s["deleted_words"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn changed(rows: &[(String, String, u64, u64)]) -> Vec<&(String, String, u64, u64)> {
    rows.iter().filter(|r| r.1 != "unchanged").collect()
}

/// The office merges the finance department.
fn merge_finance(r: &ReviewRepo) {
    let out = r.duyet_as(
        Some(&hang()),
        &[
            "merge",
            Y2023,
            "--from",
            "dept/phong-tai-chinh",
            "--take-all",
        ],
    );
    assert!(out.status.success(), "merge: {}", stderr(&out));
}

#[test]
fn merging_one_department_does_not_change_what_another_proposes() {
    let r = merge_demo_repo();
    let before = diff_rows(&r, &["main...dept/phong-noi-vu"]);
    let direct_before = diff_rows(&r, &["main..dept/phong-noi-vu"]);
    // Nothing merged yet: both readings agree.
    assert_eq!(before, direct_before);
    assert!(
        !changed(&before).is_empty(),
        "the department proposes changes"
    );

    merge_finance(&r);

    let after = diff_rows(&r, &["main...dept/phong-noi-vu"]);
    assert_eq!(
        changed(&after),
        changed(&before),
        "same sections, same word counts"
    );
    // As they are now, main has the finance department's text, which the
    // interior department's branch lacks: it would look as if it removed it.
    let direct_after = diff_rows(&r, &["main..dept/phong-noi-vu"]);
    assert_ne!(changed(&direct_after), changed(&before));
    // Two revisions given apart are compared as they are, like `A..B`.
    assert_eq!(diff_rows(&r, &["main", "dept/phong-noi-vu"]), direct_after);
}

#[test]
fn a_range_is_read_as_git_reads_it() {
    let r = merge_demo_repo();
    // From the merge base to the department: what `git diff A...B` shows.
    let base = r
        .git_ok(&["merge-base", "main", "dept/phong-noi-vu"])
        .trim()
        .to_owned();
    assert_eq!(
        diff_rows(&r, &["main...dept/phong-noi-vu"]),
        diff_rows(&r, &[&base, "dept/phong-noi-vu"])
    );
    let text = ok(&r.duyet_as(None, &["diff", Y2023, "main...dept/phong-noi-vu"]));
    assert!(
        text.starts_with(&format!("{Y2023}: main...dept/phong-noi-vu")),
        "{text}"
    );
    // One revision alone is a usage error, with what to write instead.
    let out = r.duyet_as(None, &["diff", Y2023, "main"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("A...B"), "{}", stderr(&out));
}

#[test]
fn the_screen_shows_the_department_since_it_left_main_and_a_key_shows_main_now() {
    let r = merge_demo_repo();
    merge_finance(&r);
    let store = r.store();
    // A drafter of the interior department opens the screen: her branch.
    let anh = "Nguyễn Thị Lan Anh <anh.ntl@tanyen.example>";
    let mut app = common::screen::open(&store, anh, Lang::Vi, (80, 24));
    let cmp = app.review.comparison.ready().expect("a comparison").clone();
    assert_eq!(cmp.to, "dept/phong-noi-vu");
    assert_eq!(cmp.range, Range::SinceFork);
    let base = r.git_ok(&["merge-base", "main", "dept/phong-noi-vu"]);
    assert_eq!(cmp.from_commit, base.trim());
    let since = cmp.diff.changed_count();
    assert_eq!(
        since,
        changed(&diff_rows(&r, &["main...dept/phong-noi-vu"])).len()
    );
    let screen = common::screen::screen(&app);
    assert!(screen.contains("main → dept/phong-noi-vu"), "{screen}");
    assert!(
        screen.contains(&format!("từ điểm tách {}", &base[..7])),
        "{screen}"
    );

    common::screen::press(&store, &mut app, &[Action::ToggleRange]);
    let cmp = app.review.comparison.ready().unwrap();
    assert_eq!(cmp.range, Range::Direct);
    assert!(
        cmp.diff.changed_count() > since,
        "main now has the merged text"
    );
    let screen = common::screen::screen(&app);
    assert!(
        screen.contains("main (hiện tại) → dept/phong-noi-vu"),
        "{screen}"
    );
    assert!(screen.contains("so với main hiện tại"), "{screen}");

    // And back.
    common::screen::press(&store, &mut app, &[Action::ToggleRange]);
    assert_eq!(
        app.review.comparison.ready().unwrap().diff.changed_count(),
        since
    );
}
