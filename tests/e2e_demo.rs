//! `duyet demo DIR` run a second time, in a real terminal: the demo built
//! before is opened as it is (review records and all), and after the screen
//! closes duyet says it was kept and how to rebuild it.
//!
//! Timeouts here only guard against a hang; nothing asserts on speed.

mod common;

use common::DUNG;
use common::pty::{PATIENCE, Session, demo_repo, home, review_screen_is_up};

const LEAVE_ALT_SCREEN: &[u8] = b"\x1b[?1049l";

#[test]
fn demo_run_again_opens_the_existing_demo_and_says_it_was_kept() {
    let home = home();
    let repo = demo_repo(home.path());
    let r = repo.to_str().unwrap();
    // A reviewer's comment: what a silent rebuild would have wiped.
    let out = common::duyet_command(home.path())
        .args([
            "--repo",
            r,
            "--as",
            DUNG,
            "comment",
            "bao-cao-ubnd-tan-yen-2023",
            "ket-qua-dieu-hanh-kt-xh",
            "-m",
            "Đề nghị bổ sung số liệu quý IV.",
            "--rev",
            "dept/phong-tai-chinh",
        ])
        .output()
        .unwrap();
    common::ok(&out);
    let git = |args: &[&str]| common::git_ok_home(&repo, home.path(), args);
    let records = git(&["rev-parse", "refs/duyet/reviews"]);
    let tips = git(&["for-each-ref", "refs/heads"]);

    let mut s = Session::duyet(&["demo", r], home.path());
    s.wait_for("the review screen", review_screen_is_up);
    s.send("q");
    let status = s.wait_exit(PATIENCE).expect("duyet exits after q");
    assert!(status.success(), "exit status: {status:?}");
    s.wait_closed();
    let raw = s.raw();
    let left = raw
        .windows(LEAVE_ALT_SCREEN.len())
        .rposition(|w| w == LEAVE_ALT_SCREEN)
        .expect("the screen was left");
    let after = String::from_utf8_lossy(&raw[left..]);
    assert!(after.contains("được giữ nguyên"), "{after:?}");
    assert!(
        after.contains(&format!("duyet demo {r} --force")),
        "{after:?}"
    );

    assert_eq!(git(&["rev-parse", "refs/duyet/reviews"]), records);
    assert_eq!(git(&["for-each-ref", "refs/heads"]), tips);
}
