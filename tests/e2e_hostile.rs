//! The real `duyet` binary in a pseudo-terminal, facing what could brick,
//! hang or exhaust it: a department branch whose draft is pathological shows
//! its error and the screen stays responsive and idle (its CPU time is read
//! from /proc); unsent text that cannot be saved is said so; and a process
//! that runs out of memory still gives the terminal back.
//!
//! Timeouts only guard against a hang; the one bound on CPU time is loose
//! enough that only a spinning thread fails it.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::HOA;
use common::pty::{
    PATIENCE, Session, assert_terminal_restored, cpu_seconds, home, review_screen_is_up,
};
use common::{git_ok, yaml};

/// Lê Thị Hoa's department branch, which the screen opens on for her.
const BRANCH: &str = "dept/phong-tai-chinh";
const DRAFT: &str = "bao-cao";

fn valid() -> String {
    yaml(
        "sections:
  - id: kinh-te
    number: I
    title: Kinh tế
    owner: phong-tai-chinh
    body: Tổng thu ngân sách đạt 412,5 tỷ đồng.
  - id: xa-hoi
    number: II
    title: Xã hội
    owner: van-phong
",
    )
}

/// A repository whose `main` holds the sample duyet.yaml and a valid draft,
/// and whose `BRANCH` changes the draft to `proposed`.
fn repo_proposing(home: &Path, proposed: &[u8]) -> PathBuf {
    let repo = home.join("repo");
    std::fs::create_dir_all(repo.join("drafts")).unwrap();
    git_ok(&repo, &["init", "-q", "-b", "main"]);
    std::fs::write(
        repo.join("duyet.yaml"),
        include_str!("../drafts/duyet.yaml"),
    )
    .unwrap();
    let file = repo.join(format!("drafts/{DRAFT}.yaml"));
    std::fs::write(&file, valid()).unwrap();
    git_ok(&repo, &["add", "-A"]);
    git_ok(&repo, &["commit", "-q", "-m", "Bản nháp"]);
    git_ok(&repo, &["checkout", "-q", "-b", BRANCH]);
    std::fs::write(&file, proposed).unwrap();
    git_ok(&repo, &["commit", "-q", "--allow-empty", "-am", "Đề xuất"]);
    git_ok(&repo, &["checkout", "-q", "main"]);
    repo
}

/// `VALID`'s head with `sections` (a YAML block).
fn with_sections(sections: &str) -> Vec<u8> {
    let valid = valid();
    let head = valid.split("sections:").next().unwrap();
    format!("{head}sections:{sections}").into_bytes()
}

/// Drafts the screen must refuse without spinning.
fn pathological() -> Vec<(&'static str, Vec<u8>)> {
    let mut many = String::from("\n");
    for i in 0..100_000 {
        many.push_str(&format!(
            "  - id: s{i}\n    owner: van-phong\n    title: t{i}\n"
        ));
    }
    let mut deep = String::from(" ");
    for i in 0..10_000 {
        deep.push_str(&format!(
            "[{{id: s{i}, owner: van-phong, title: t, sections: "
        ));
    }
    deep.push_str("[]");
    deep.push_str(&"}]".repeat(10_000));
    deep.push('\n');
    let mut laughs = String::from("\n  - &a0 {id: a, owner: van-phong, title: t}\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        laughs.push_str(&format!(
            "  - &a{i} {{id: b{i}, owner: van-phong, title: t, sections: [{refs}]}}\n"
        ));
    }
    vec![
        ("sections-100k", with_sections(&many)),
        ("sections-10k-deep", with_sections(&deep)),
        ("billion-laughs", with_sections(&laughs)),
    ]
}

/// Waits (up to `PATIENCE`) for a second in which the process used almost
/// no CPU; a process that spins never gets one, and the caller's bound then
/// says so.
fn settle(pid: u32) {
    let start = Instant::now();
    let mut last = cpu_seconds(pid).unwrap_or(0.0);
    while start.elapsed() < PATIENCE {
        std::thread::sleep(Duration::from_secs(1));
        let now = cpu_seconds(pid).unwrap_or(0.0);
        if now - last < 0.05 {
            return;
        }
        last = now;
    }
}

/// The refusal is on the screen: the error pane, with the draft's name and
/// the branch's (the line may wrap between them).
fn refusal_shown(screen: &str) -> bool {
    screen.contains("┌ Lỗi ")
        && screen.contains(&format!("{DRAFT}.yaml"))
        && screen.contains(&format!("({BRANCH}):"))
}

#[test]
fn a_pathological_branch_shows_its_error_stays_responsive_and_idle() {
    for (name, bytes) in pathological() {
        let home = home();
        let repo = repo_proposing(home.path(), &bytes);
        let mut s = Session::duyet(
            &["--repo", repo.to_str().unwrap(), "--as", HOA],
            home.path(),
        );
        let screen = s.wait_for(&format!("{name}: the refusal"), refusal_shown);
        let pid = s.process_id().expect("a process id");
        // The watcher and the event loop keep waking up; nothing may spin.
        // The worker may still be finishing what followed the refusal (the
        // review state, the branch list): wait until the process is idle.
        settle(pid);
        let before = cpu_seconds(pid).expect("/proc tells the CPU time");
        std::thread::sleep(Duration::from_secs(3));
        let idle = cpu_seconds(pid).unwrap() - before;
        eprintln!("{name}: {idle:.2} s of CPU in 3 s idle");
        assert!(
            idle < 0.3,
            "{name}: {idle:.2} s of CPU in 3 s of idleness; the screen:\n{screen}"
        );
        // Still answers keys: help opens and closes, j/k, then q quits.
        s.send("?");
        s.wait_for_text("Trợ giúp");
        s.send("\x1b");
        s.wait_for_no_text("Trợ giúp");
        s.send("j");
        s.send("k");
        s.send("q");
        let status = s.exit_status();
        assert!(status.success(), "{name}: exit status {status:?}");
    }
}

#[test]
fn unsent_text_that_cannot_be_saved_is_said_so_on_the_screen() {
    let home = home();
    let repo = common::pty::demo_repo(home.path());
    // Nothing can be written under `.git/duyet` (a file stands there),
    // whoever runs the test.
    std::fs::write(repo.join(".git/duyet"), b"").unwrap();
    let mut s = Session::duyet(
        &["--repo", repo.to_str().unwrap(), "--as", HOA],
        home.path(),
    );
    s.wait_for("the review screen", review_screen_is_up);
    s.send("c");
    s.wait_for_text("Góp ý mục");
    s.send("Số liệu quý IV");
    let screen = s.wait_for_text("Không lưu được văn bản chưa gửi");
    assert!(screen.contains("Số liệu quý IV"), "{screen}");
    // Closed, the text is kept in memory and the footer still says so.
    s.send("\x1b");
    s.wait_for_no_text("Góp ý mục");
    s.send("j");
    let screen = s.screen();
    assert!(
        screen.contains("Không lưu được văn bản chưa gửi"),
        "{screen}"
    );
    s.send("q");
    assert!(s.exit_status().success());
}

/// The terminal is back in the mode a shell expects: lines edited by the
/// terminal and echoed (raw mode turns both off).
fn assert_cooked(s: &Session) {
    let modes = s.modes().expect("the terminal's modes can be read");
    assert_ne!(
        modes.c_lflag & libc::ICANON,
        0,
        "left in raw mode (no ICANON)"
    );
    assert_ne!(modes.c_lflag & libc::ECHO, 0, "left in raw mode (no ECHO)");
}

/// A size field of /proc/<pid>/status, in bytes.
fn status_bytes(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/{pid}/status"));
    kib * 1024
}

#[test]
fn a_signal_gives_the_terminal_back() {
    for signal in [libc::SIGTERM, libc::SIGHUP] {
        let home = home();
        let repo = common::pty::demo_repo(home.path());
        let mut s = Session::duyet(
            &["--repo", repo.to_str().unwrap(), "--as", HOA],
            home.path(),
        );
        s.wait_for("the review screen", review_screen_is_up);
        let pid = s.process_id().unwrap() as libc::pid_t;
        // SAFETY: a signal to our own child.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
        let status = s.exit_status();
        assert!(!status.success(), "signal {signal}: {status:?}");
        s.wait_closed();
        assert_terminal_restored(&s.raw());
        assert_cooked(&s);
    }
}

#[test]
fn running_out_of_memory_gives_the_terminal_back() {
    let home = home();
    let repo = repo_proposing(home.path(), valid().as_bytes());
    let mut s = Session::duyet(
        &["--repo", repo.to_str().unwrap(), "--as", HOA],
        home.path(),
    );
    s.wait_for("the review screen", review_screen_is_up);
    let pid = s.process_id().unwrap();
    // From now on the process may map little more than it has: the next
    // large draft it reads exhausts it.
    let limit = status_bytes(pid, "VmSize:") + 16 * 1024 * 1024;
    let rlimit = libc::rlimit {
        rlim_cur: limit,
        rlim_max: limit,
    };
    // SAFETY: valid pointers; the process is our child.
    let set = unsafe {
        libc::prlimit(
            pid as libc::pid_t,
            libc::RLIMIT_AS,
            &rlimit,
            std::ptr::null_mut(),
        )
    };
    assert_eq!(set, 0, "prlimit: {}", std::io::Error::last_os_error());
    // A colleague proposes 50 000 sections: the open screen follows the
    // branch and reads it.
    let mut many = String::from("\n");
    for i in 0..50_000 {
        many.push_str(&format!(
            "  - id: s{i}\n    owner: phong-tai-chinh\n    body: Mục {i} có nội dung dài.\n"
        ));
    }
    git_ok(&repo, &["checkout", "-q", BRANCH]);
    std::fs::write(
        repo.join(format!("drafts/{DRAFT}.yaml")),
        with_sections(&many),
    )
    .unwrap();
    git_ok(&repo, &["commit", "-q", "-am", "Đề xuất lớn"]);
    git_ok(&repo, &["checkout", "-q", "main"]);

    let status = s.exit_status();
    assert!(!status.success(), "{status:?}");
    s.wait_closed();
    let raw = s.raw();
    assert_terminal_restored(&raw);
    assert_cooked(&s);
    let said = String::from_utf8_lossy(&raw);
    assert!(said.contains("duyet: out of memory"), "{said}");
}
