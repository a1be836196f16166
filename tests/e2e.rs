//! The real `duyet` binary driven through a pseudo-terminal: keys go in as
//! bytes, the screen is read back through a terminal emulator (vt100), and
//! afterwards git is asked what is in the repository.
//!
//! Timeouts here only guard against a hang; nothing asserts on speed.

mod common;

use std::time::Duration;

use common::HOA;
use common::pty::{
    LEAVE_ALT_SCREEN, PATIENCE, Session, assert_terminal_restored, cpu_seconds, demo_repo, home,
    last_position, review_screen_is_up, selected_outline_row,
};

#[test]
fn review_screen_in_a_real_terminal() {
    let home = home();
    let repo = demo_repo(home.path());
    let repo = repo.to_str().unwrap();
    let mut s = Session::duyet(&["--repo", repo, "--as", HOA], home.path());

    let first = s.wait_for("the review screen", review_screen_is_up);
    let header = first.lines().next().unwrap_or_default();
    assert!(
        header.contains("main → dept/phong-tai-chinh"),
        "header: {header}"
    );
    assert!(header.contains("Lê Thị Hoa"), "header: {header}");

    // j moves the selection (▶) down the outline.
    let selected = selected_outline_row(&first).expect("a section is selected");
    s.send("j");
    s.wait_for("j to move the selection", |now| {
        selected_outline_row(now) == Some(selected + 1)
    });
    s.send("n");
    // Keys are handled in order: once help is up, j and n were handled too.
    s.send("?");
    let help = s.wait_for_text("Trợ giúp");
    assert!(help.contains("Xem và duyệt"), "help:\n{help}");
    s.send("\x1b");
    s.wait_for_no_text("Trợ giúp");
    s.send("r");
    let picker = s.wait_for_text("So sánh");
    assert!(picker.contains("Đến (mới)"), "picker:\n{picker}");
    assert!(picker.contains("dept/phong-tai-chinh"), "picker:\n{picker}");
    s.send("\x1b");
    s.wait_for_no_text("Đến (mới)");
    s.send("q");

    let status = s.wait_exit(PATIENCE).expect("duyet exits after q");
    assert!(status.success(), "exit status: {status:?}");
    s.wait_closed();
    assert_terminal_restored(&s.raw());
}

#[test]
fn demo_opens_the_screen_then_prints_where_the_repository_is() {
    let home = home();
    let dir = home.path().join("kho-mau");
    let mut s = Session::duyet(&["demo", dir.to_str().unwrap()], home.path());
    s.wait_for("the review screen", review_screen_is_up);
    s.send("q");
    let status = s.wait_exit(PATIENCE).expect("duyet exits after q");
    assert!(status.success(), "exit status: {status:?}");
    s.wait_closed();
    let raw = s.raw();
    assert_terminal_restored(&raw);
    let left = last_position(&raw, LEAVE_ALT_SCREEN).unwrap();
    let after = String::from_utf8_lossy(&raw[left..]);
    assert!(
        after.contains("Kho mẫu:"),
        "nothing printed after the screen closed: {after:?}"
    );

    let log = common::git_ok_home(&dir, home.path(), &["log", "--all", "--oneline"]);
    assert!(
        log.lines().count() >= 10,
        "the demo repository has too few commits:\n{log}"
    );
}

/// Starts duyet (through `sh`, when `ignore_hangup`, with SIGHUP ignored as
/// `nohup` would), waits for the review screen, closes the terminal and
/// checks that duyet exits on its own within a few seconds. With SIGHUP
/// ignored only duyet's own watch on the terminal can end it.
fn exits_when_the_terminal_goes_away(ignore_hangup: bool) {
    let home = home();
    let repo = demo_repo(home.path());
    let repo = repo.to_str().unwrap();
    let duyet = env!("CARGO_BIN_EXE_duyet");
    let mut s = if ignore_hangup {
        Session::start(
            "sh",
            &[
                "-c",
                "trap '' HUP; exec \"$0\" \"$@\"",
                duyet,
                "--repo",
                repo,
                "--as",
                HOA,
            ],
            home.path(),
            Some(review_screen_is_up),
        )
    } else {
        Session::start(
            duyet,
            &["--repo", repo, "--as", HOA],
            home.path(),
            Some(review_screen_is_up),
        )
    };
    s.wait_for("the review screen", review_screen_is_up);
    let pid = s.process_id();
    s.hang_up();
    let status = s.wait_exit(Duration::from_secs(10));
    assert!(
        status.is_some(),
        "duyet was still running 10 s after its terminal went away, having used {:?} s of CPU",
        pid.and_then(cpu_seconds)
    );
}

#[test]
fn closing_the_terminal_ends_the_process() {
    exits_when_the_terminal_goes_away(false);
}

#[test]
fn closing_the_terminal_ends_the_process_even_with_hangup_ignored() {
    exits_when_the_terminal_goes_away(true);
}
