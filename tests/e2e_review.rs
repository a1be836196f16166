//! A review done in the real `duyet` binary through a pseudo-terminal: the
//! reviewer approves a section and writes a Vietnamese comment (correcting
//! it with Ctrl+H, as Unikey over PuTTY sends Backspace), then quits; git
//! then shows both records on `refs/duyet/reviews`.
//!
//! Timeouts here only guard against a hang; nothing asserts on speed.

mod common;

use common::DUNG;
use common::pty::{Session, demo_repo, home, review_screen_is_up};

#[test]
fn a_reviewer_approves_and_comments_in_a_real_terminal() {
    let home = home();
    let repo = demo_repo(home.path());
    let mut s = Session::duyet(
        &["--repo", repo.to_str().unwrap(), "--as", DUNG],
        home.path(),
    );
    let first = s.wait_for("the review screen", review_screen_is_up);
    assert!(
        first
            .lines()
            .next()
            .unwrap_or("")
            .contains("Hoàng Văn Dũng"),
        "{first}"
    );
    // The review state arrives after the diff.
    s.wait_for_text("chờ duyệt");

    s.send(b"a");
    s.wait_for_text("Phê duyệt mục");
    // "No" has the focus: Tab moves it to "yes", Enter answers.
    s.send(b"\t");
    s.wait_for_text("[▶ Đồng ý ◀]");
    s.send(b"\r");
    s.wait_for_text("Đã phê duyệt");
    // The review state is read again after the write: it arrives a moment later.
    s.wait_for_text("Phê duyệt: Hoàng Văn Dũng");

    s.send(b"c");
    s.wait_for_text("Góp ý mục");
    let comment = "Đề nghị ghi rõ nguồn số liệu thu ngân sách năm 2023.";
    s.send(comment.as_bytes());
    s.wait_for_text("nguồn số liệu");
    // Ctrl+H, as Unikey sends Backspace: the final full stop goes.
    s.send(b"\x08");
    // Ctrl+S sends (typed as a person types it: one that arrives together
    // with other keys, as in a paste, does not).
    s.send(b"\x13");
    s.wait_for_text("Đã ghi góp ý");
    s.send(b"q");
    let status = s.exit_status();
    assert!(status.success(), "exit status: {status:?}");

    let log = common::git_ok_home(
        &repo,
        home.path(),
        &["log", "--format=%B%x00", "refs/duyet/reviews"],
    );
    let messages: Vec<&str> = log
        .split('\0')
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .collect();
    assert_eq!(messages.len(), 2, "{log}");
    // Newest first: the comment, then the approval.
    assert!(
        messages[1].starts_with("Phê duyệt mục ") && messages[1].contains("Duyet-Action: approve"),
        "{}",
        messages[1]
    );
    let expected = comment.strip_suffix('.').unwrap();
    let paragraphs: Vec<&str> = messages[0].split("\n\n").collect();
    assert!(
        paragraphs[0].starts_with("Góp ý mục "),
        "summary: {}",
        paragraphs[0]
    );
    assert_eq!(
        paragraphs[1], expected,
        "the comment text:\n{}",
        messages[0]
    );
    assert!(
        messages[0].contains("Duyet-Action: comment"),
        "{}",
        messages[0]
    );
    assert!(
        messages[0].contains("Duyet-Section: ket-qua-dieu-hanh-kt-xh")
            && messages[1].contains("Duyet-Section: ket-qua-dieu-hanh-kt-xh"),
        "{log}"
    );
    let author = common::git_ok_home(
        &repo,
        home.path(),
        &["log", "--format=%an <%ae>", "refs/duyet/reviews"],
    );
    assert_eq!(author.lines().collect::<Vec<_>>(), vec![DUNG, DUNG]);
}
