//! The "Kiểm tra" panel in the real `duyet` binary through a
//! pseudo-terminal: the office opens it, dismisses a finding with a
//! Vietnamese reason, quits; git then holds the dismissal, and `duyet
//! check` (another process, as another officer would run it) no longer
//! lists the finding.
//!
//! Timeouts here only guard against a hang; nothing asserts on speed.

mod common;

use common::THANG;
use common::pty::{Session, demo_repo, home, review_screen_is_up};

#[test]
fn the_office_dismisses_a_finding_in_a_real_terminal() {
    let home = home();
    let repo = demo_repo(home.path());
    let mut s = Session::duyet(
        &["--repo", repo.to_str().unwrap(), "--as", THANG],
        home.path(),
    );
    s.wait_for("the review screen", review_screen_is_up);
    // The findings arrive with the review state: the preamble's marker.
    s.wait_for_text("!2");
    s.send(b"i");
    s.wait_for_text("Kiểm tra (");
    // The first finding (the preamble's spacing) is selected.
    s.wait_for_text("khoảng trắng quanh dấu câu");
    s.send(b"x");
    s.wait_for_text("Bỏ qua, ghi lý do:");
    s.send("Bản gốc viết như vậy".as_bytes());
    s.wait_for_text("Bản gốc viết");
    s.send(b"\x13");
    s.wait_for_text("Đã bỏ qua");
    s.send(b"q");
    let status = s.exit_status();
    assert!(status.success(), "exit status: {status:?}");

    let message = common::git_ok_home(
        &repo,
        home.path(),
        &["log", "-1", "--format=%B", "refs/duyet/reviews"],
    );
    assert!(message.contains("Duyet-Action: dismiss"), "{message}");
    assert!(message.contains("Duyet-Section: _preamble"), "{message}");
    assert!(message.contains("Bản gốc viết như vậy"), "{message}");
    let out = common::duyet_command(home.path())
        .args([
            "--repo",
            repo.to_str().unwrap(),
            "check",
            "bao-cao-ubnd-tan-yen-2023",
        ])
        .output()
        .unwrap();
    let text = common::ok(&out);
    assert!(text.contains("1 dismissed"), "{text}");
    assert!(!text.contains("_preamble [spacing"), "{text}");
}
