//! The real `duyet` binary in a pseudo-terminal, as an office shares one
//! repository: a paste is text and never approves; an open screen follows
//! what another process writes.
//!
//! Timeouts here only guard against a hang, except where the issue asks
//! for a bound a person would notice (an open screen follows a write within
//! seconds).

mod common;

use std::time::{Duration, Instant};

use common::pty::{Session, demo_repo, home, review_screen_is_up};
use common::{DUNG, HOA};

/// Review records on `refs/duyet/reviews` (0 when there is no ref).
fn record_count(repo: &std::path::Path, home: &std::path::Path) -> usize {
    let out = common::git(repo)
        .env("HOME", home)
        .args(["rev-list", "--count", "refs/duyet/reviews", "--"])
        .output()
        .expect("git runs");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0)
}

#[test]
fn a_paste_never_approves() {
    let home = home();
    let repo = demo_repo(home.path());
    let mut s = Session::duyet(
        &["--repo", repo.to_str().unwrap(), "--as", DUNG],
        home.path(),
    );
    s.wait_for("the review screen", review_screen_is_up);
    s.wait_for_text("chờ duyệt");

    // A paste the terminal marks (bracketed paste): text, ignored here.
    s.send(b"\x1b[200~hay ya\x1b[201~");
    s.wait_for_text("dán");
    assert!(!s.screen().contains("Phê duyệt mục"), "{}", s.screen());
    // A paste the terminal does not mark: keys all at once.
    s.send(b"axy\r");
    s.wait_for_text("cùng một lúc");
    // The same keys, one by one as a person types them, ask and then say no.
    for key in [&b"a"[..], b"x", b"y"] {
        s.send(key);
    }
    s.wait_for_text("[▶ Không ◀]");
    s.send(b"\r");
    s.wait_for_no_text("[▶ Không ◀]");
    s.send(b"q");
    assert!(s.exit_status().success());
    assert_eq!(record_count(&repo, home.path()), 0, "no record was written");
}

#[test]
fn an_open_screen_follows_another_process() {
    let home = home();
    let repo = demo_repo(home.path());
    let repo_arg = repo.to_str().unwrap();
    let mut s = Session::duyet(&["--repo", repo_arg, "--as", HOA], home.path());
    let first = s.wait_for("the review screen", review_screen_is_up);
    s.wait_for_text("chờ duyệt");
    // Move down a few sections: the selection must survive the reload.
    for _ in 0..3 {
        s.send(b"j");
    }
    let start = common::pty::selected_outline_row(&first).unwrap();
    let before = s.wait_for("the selection to move", |now| {
        common::pty::selected_outline_row(now) == Some(start + 3)
    });
    let row = common::pty::selected_outline_row(&before).unwrap();
    let selected_line = before.lines().nth(row).unwrap().to_owned();

    // Another officer approves and comments, from another process.
    let section = "ket-qua-dieu-hanh-kt-xh";
    for args in [
        vec![
            "approve",
            "bao-cao-ubnd-tan-yen-2023",
            section,
            "--rev",
            "dept/phong-tai-chinh",
        ],
        vec![
            "comment",
            "bao-cao-ubnd-tan-yen-2023",
            section,
            "-m",
            "Đề nghị bổ sung số liệu.",
            "--rev",
            "dept/phong-tai-chinh",
        ],
    ] {
        let out = common::duyet_command(home.path())
            .args(["--repo", repo_arg, "--as", DUNG])
            .args(&args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", common::stderr(&out));
    }
    let written = Instant::now();
    let deadline = Duration::from_secs(4);
    let mut seen = String::new();
    while written.elapsed() < deadline {
        seen = s.screen();
        if seen.contains("2 góp ý/phê duyệt mới") && seen.contains("[1]") {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        seen.contains("2 góp ý/phê duyệt mới") && seen.contains("[1]"),
        "the screen did not follow within {deadline:?}:\n{seen}"
    );
    // Same section selected, on the same row.
    assert_eq!(common::pty::selected_outline_row(&seen), Some(row));
    let now_line = seen.lines().nth(row).unwrap();
    assert_eq!(
        now_line.chars().skip(6).take(20).collect::<String>(),
        selected_line.chars().skip(6).take(20).collect::<String>(),
        "{seen}"
    );

    // A new revision on the branch shown, from another process.
    let out = common::duyet_command(home.path())
        .args(["--repo", repo_arg, "--as", HOA])
        .args([
            "edit",
            "bao-cao-ubnd-tan-yen-2023",
            "dieu-hanh-ngan-sach-dau-tu",
            "--title",
            "Tiêu đề mới",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::stderr(&out));
    // Hoa's own revision: no message about it, but the screen shows it.
    s.wait_for_text("Tiêu đề mới");
    s.send(b"q");
    assert!(s.exit_status().success());
}
