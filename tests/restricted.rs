//! Restricted mode, as a forced SSH command runs duyet: the person and the
//! repository are the administrator's; what the officer asks ssh to run
//! (`SSH_ORIGINAL_COMMAND`) is split into words without a shell and run only
//! if allowed; nothing reaches a file outside the repository. And the
//! `authorized_keys` line that sets this up.

mod common;

use std::io::Write as _;
use std::process::{Output, Stdio};

use common::{DUNG, HOA, ReviewRepo, review_repo};

/// The forced command: `duyet --repo R --as WHO --restricted`, with what the
/// officer asked ssh for.
fn forced(r: &ReviewRepo, who: &str, asked: Option<&str>, stdin: &str) -> Output {
    let mut cmd = common::duyet_command(r.home());
    cmd.arg("--repo")
        .arg(&r.repo)
        .args(["--as", who, "--restricted"]);
    match asked {
        Some(a) => cmd.env("SSH_ORIGINAL_COMMAND", a),
        None => cmd.env_remove("SSH_ORIGINAL_COMMAND"),
    };
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn what_ssh_was_asked_runs_as_the_pinned_person_and_nothing_else() {
    let r = review_repo();
    let out = forced(&r, DUNG, Some("approve bao-cao thu-ngan-sach"), "");
    common::ok(&out);
    assert_eq!(r.record_authors(), ["dung.hv@tanyen.example"]);
    // `ssh host duyet status …` works the same.
    common::ok(&forced(&r, DUNG, Some("duyet status bao-cao --json"), ""));

    for asked in [
        // Another person, another repository, twice or as `--as=`.
        "approve bao-cao thu-ngan-sach --as 'Nguyễn Văn Thắng <thang.nv@tanyen.example>'",
        "approve bao-cao thu-ngan-sach --as='Nguyễn Văn Thắng <thang.nv@tanyen.example>'",
        "status bao-cao --repo /tmp",
        "status bao-cao --restricted",
        // Not on the list; a shell's syntax is only words here.
        "check /etc/passwd",
        "demo /tmp/x",
        "fmt drafts/bao-cao.yaml",
        "import /etc/passwd -o drafts/x.yaml",
        "admin install-hook",
        "sh -c id",
        "status bao-cao; id",
        "status 'bao-cao",
    ] {
        let before = r.record_authors();
        let out = forced(&r, DUNG, Some(asked), "");
        assert!(!out.status.success(), "{asked}: {}", common::stdout(&out));
        assert_eq!(r.record_authors(), before, "{asked}: nothing written");
    }
    let err = common::stderr(&forced(&r, DUNG, Some("check /etc/passwd"), ""));
    assert!(err.contains("not available in restricted mode"), "{err}");
    assert!(!err.contains("root:"), "{err}");
    // With --rev, check reads the repository only, and runs; a path
    // outside it is looked up as a draft in the repository, not read.
    let out = forced(&r, DUNG, Some("check bao-cao --rev main"), "");
    assert!(out.status.success(), "{}", common::stderr(&out));
    let err = common::stderr(&forced(&r, DUNG, Some("check /etc/passwd --rev main"), ""));
    assert!(!err.contains("root:"), "{err}");
}

#[test]
fn as_or_repo_given_twice_is_refused_even_without_restricted() {
    let r = review_repo();
    let out = common::duyet_command(r.home())
        .arg("--repo")
        .arg(&r.repo)
        .args([
            "--as",
            HOA,
            "approve",
            "bao-cao",
            "thu-ngan-sach",
            "--as",
            DUNG,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(common::stderr(&out).contains("--as is given more than once"));
    assert!(r.record_authors().is_empty());
}

#[test]
fn a_new_text_comes_from_standard_input_never_from_a_file() {
    let r = review_repo();
    let out = forced(
        &r,
        HOA,
        Some("edit bao-cao thu-ngan-sach --body-file /etc/hostname"),
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(common::stderr(&out).contains("restricted mode"));
    let out = forced(
        &r,
        HOA,
        Some("edit bao-cao thu-ngan-sach --body-file -"),
        "Thu ngân sách đạt 105% dự toán.",
    );
    common::ok(&out);
    let text = r.git_ok(&["show", "dept/phong-tai-chinh:drafts/bao-cao.yaml"]);
    assert!(text.contains("105%"), "{text}");
}

/// `export` reads: to stdout it is allowed; `-o FILE` would write a file
/// outside the repository (or overwrite one with --force) and is refused.
#[test]
fn export_reads_to_stdout_and_never_writes_a_file() {
    let r = review_repo();
    let target = r.home().join("out.html");
    for asked in [
        format!("export bao-cao --format html -o {}", target.display()),
        format!(
            "export bao-cao --format html --force --output={}",
            target.display()
        ),
        format!("export bao-cao --format docx -o {}", target.display()),
    ] {
        let out = forced(&r, DUNG, Some(&asked), "");
        assert_eq!(out.status.code(), Some(2), "{asked}");
        assert!(
            common::stderr(&out).contains("`export -o` is not available in restricted mode"),
            "{}",
            common::stderr(&out)
        );
        assert!(!target.exists(), "{asked}: nothing written");
    }
    let out = forced(&r, DUNG, Some("export bao-cao --format md -o -"), "");
    assert!(common::ok(&out).contains("Thu ngân sách"));
    let out = forced(&r, DUNG, Some("export bao-cao --format html"), "");
    assert!(common::ok(&out).starts_with("<!DOCTYPE html>"));
}

#[test]
fn the_authorized_keys_line_pins_the_person_and_takes_everything_else_away() {
    let r = review_repo();
    let key = r.home().join("hoa");
    let made = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "hoa@pc", "-f"])
        .arg(&key)
        .output()
        .unwrap();
    assert!(made.status.success());
    let public = key.with_extension("pub");
    let out = r.duyet_as(
        Some(&common::hoa()),
        &["admin", "authorized-key", "--key", public.to_str().unwrap()],
    );
    let line = common::ok(&out);
    let line = line.trim();
    assert!(line.starts_with("command=\""), "{line}");
    assert!(line.contains(",restrict,pty ssh-ed25519 "), "{line}");
    assert!(line.contains("--restricted"), "{line}");
    assert!(
        line.contains("--as 'Lê Thị Hoa <hoa.lt@tanyen.example>'"),
        "{line}"
    );
    let repo = std::fs::canonicalize(&r.repo).unwrap();
    assert!(
        line.contains(&format!("--repo '{}'", repo.display())),
        "{line}"
    );
    assert_eq!(line.lines().count(), 1);

    // Someone duyet.yaml does not list gets no line.
    let out = r.duyet_as(
        Some(&common::stranger()),
        &["admin", "authorized-key", "--key", public.to_str().unwrap()],
    );
    assert!(!out.status.success());
    assert!(common::stdout(&out).is_empty());
}
