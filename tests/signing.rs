//! Commits duyet writes are signed the way `git commit -S` signs them with
//! SSH keys, when git's configuration asks for it: `git verify-commit`
//! accepts a review record, an edit and a sync's merge of records; a key an
//! agent holds works as a key file does; a signature that cannot be made
//! writes nothing. Real keys (ssh-keygen), real git.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{ReviewRepo, dung, hoa, review_repo};

/// A new ed25519 key pair in `dir`: (private key file, public key line).
fn key_pair(dir: &Path, name: &str) -> (PathBuf, String) {
    let key = dir.join(name);
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
        .arg(&key)
        .output()
        .expect("ssh-keygen runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    (key, public.trim().to_owned())
}

/// Signing on in the repository's own configuration, with `key`.
fn sign_with(r: &ReviewRepo, key: &str) {
    r.git_ok(&["config", "commit.gpgSign", "true"]);
    r.git_ok(&["config", "gpg.format", "ssh"]);
    r.git_ok(&["config", "user.signingKey", key]);
}

/// `git verify-commit` of `rev`, trusting `signers` ("email key" lines).
fn verify(r: &ReviewRepo, rev: &str, signers: &[(&str, &str)]) -> std::process::Output {
    let file = r.home().join("allowed_signers");
    let lines: String = signers
        .iter()
        .map(|(email, key)| format!("{email} {key}\n"))
        .collect();
    std::fs::write(&file, lines).unwrap();
    r.git()
        .args([
            "-c",
            &format!("gpg.ssh.allowedSignersFile={}", file.display()),
        ])
        .args(["verify-commit", rev])
        .output()
        .unwrap()
}

#[test]
fn a_review_record_and_an_edit_are_signed_and_git_verifies_them() {
    let r = review_repo();
    let (key, public) = key_pair(r.home(), "dung");
    sign_with(&r, key.to_str().unwrap());
    let out = r.duyet_as(Some(&dung()), &["approve", "bao-cao", "thu-ngan-sach"]);
    common::ok(&out);
    let good = verify(
        &r,
        "refs/duyet/reviews",
        &[("dung.hv@tanyen.example", &public)],
    );
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    let said = String::from_utf8_lossy(&good.stderr);
    assert!(
        said.contains("Good \"git\" signature for dung.hv@tanyen.example"),
        "{said}"
    );
    // duyet checks the same signature itself, once, and keeps the key.
    let log = r.duyet_as(None, &["log", "bao-cao", "--json"]);
    let log: serde_json::Value = serde_json::from_str(&common::ok(&log)).unwrap();
    let record = &log["records"][0]["signed"];
    assert_eq!(record["state"], "valid", "{record}");
    let bare_key: String = public
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(record["key"], bare_key.as_str(), "{record}");
    // Again from the index: the same answer.
    let again = r.duyet_as(None, &["log", "bao-cao", "--json"]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&common::ok(&again)).unwrap(),
        log
    );
    // Signed by a key git was not told to trust: git says so.
    let (_, other) = key_pair(r.home(), "other");
    let bad = verify(
        &r,
        "refs/duyet/reviews",
        &[("dung.hv@tanyen.example", &other)],
    );
    assert!(!bad.status.success());

    // An edit on the department's branch (as Hoa, with her key).
    let (key, public) = key_pair(r.home(), "hoa");
    r.git_ok(&["config", "user.signingKey", key.to_str().unwrap()]);
    let body = r.home().join("body.txt");
    std::fs::write(&body, "Thu ngân sách đạt 105% dự toán.").unwrap();
    let out = r.duyet_as(
        Some(&hoa()),
        &[
            "edit",
            "bao-cao",
            "thu-ngan-sach",
            "--body-file",
            body.to_str().unwrap(),
        ],
    );
    common::ok(&out);
    let good = verify(
        &r,
        "dept/phong-tai-chinh",
        &[("hoa.lt@tanyen.example", &public)],
    );
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    r.git_ok(&["fsck", "--strict", "--no-dangling"]);
    // duyet reads the signed record as any other.
    let status = r.duyet_as(None, &["status", "bao-cao", "--json"]);
    assert!(common::ok(&status).contains("dung.hv@tanyen.example"));
}

#[test]
fn a_key_held_by_an_agent_signs_as_a_key_file_does() {
    let r = review_repo();
    let (key, public) = key_pair(r.home(), "dung");
    let socket = r.home().join("agent.sock");
    let mut agent = Command::new("ssh-agent")
        .args(["-D", "-a"])
        .arg(&socket)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("ssh-agent runs");
    for _ in 0..100 {
        if socket.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let added = Command::new("ssh-add")
        .arg(&key)
        .env("SSH_AUTH_SOCK", &socket)
        .output()
        .unwrap();
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    // The private key is gone from disk: only the agent can sign.
    std::fs::remove_file(&key).unwrap();
    sign_with(&r, &format!("key::{public}"));
    let out = common::duyet_command(r.home())
        .env("SSH_AUTH_SOCK", &socket)
        .arg("--repo")
        .arg(&r.repo)
        .args(["--as", common::DUNG, "approve", "bao-cao", "thu-ngan-sach"])
        .output()
        .unwrap();
    let _ = agent.kill();
    let _ = agent.wait();
    common::ok(&out);
    let good = verify(
        &r,
        "refs/duyet/reviews",
        &[("dung.hv@tanyen.example", &public)],
    );
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
}

#[test]
fn a_signature_that_cannot_be_made_writes_nothing() {
    let r = review_repo();
    sign_with(&r, r.home().join("no-such-key").to_str().unwrap());
    let out = r.duyet_as(Some(&dung()), &["approve", "bao-cao", "thu-ngan-sach"]);
    assert!(!out.status.success());
    let err = common::stderr(&out);
    assert!(err.contains("no-such-key"), "{err}");
    assert_eq!(r.record_count(), 0, "no record was written");

    // gpg signing asked for: duyet says it signs with SSH keys only.
    r.git_ok(&["config", "gpg.format", "openpgp"]);
    let out = r.duyet_as(Some(&dung()), &["approve", "bao-cao", "thu-ngan-sach"]);
    assert!(!out.status.success());
    assert!(
        common::stderr(&out).contains("SSH"),
        "{}",
        common::stderr(&out)
    );
    assert_eq!(r.record_count(), 0);
}

// ---------------------------------------------------------------------------
// approval.require_signed: what counts

/// The sample `duyet.yaml` with signatures required and `key` listed for
/// Hoàng Văn Dũng.
fn config_requiring_signatures(key: &str) -> String {
    duyet::demo::SAMPLE_CONFIG
        .replace(
            "    email: dung.hv@tanyen.example\n    department: phong-tai-chinh\n    roles: [reviewer]\n",
            &format!(
                "    email: dung.hv@tanyen.example\n    department: phong-tai-chinh\n    roles: [reviewer]\n    keys:\n      - {key}\n"
            ),
        )
        .replace("approval:\n", "approval:\n  require_signed: true\n")
}

fn section_status(r: &ReviewRepo, id: &str) -> serde_json::Value {
    let out = r.duyet_as(None, &["status", "bao-cao", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&common::ok(&out)).unwrap();
    v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap()
        .clone()
}

#[test]
fn with_signatures_required_only_a_decision_signed_by_a_listed_key_counts() {
    let keys = tempfile::tempdir().unwrap();
    let (key, public) = key_pair(keys.path(), "dung");
    let config = config_requiring_signatures(&public);
    assert!(config.contains("require_signed: true") && config.contains("keys:"));
    let r = common::review_repo_with(Some(&config));

    // Thắng (office) approves without signing: not counted, and said why.
    common::ok(&r.duyet_as(
        Some(&common::thang()),
        &["approve", "bao-cao", "thu-ngan-sach"],
    ));
    let s = section_status(&r, "thu-ngan-sach");
    assert_eq!(s["approvers"].as_array().unwrap().len(), 0, "{s}");
    assert!(s.to_string().contains("is not signed"), "{s}");
    let vi = common::duyet_command_vi(r.home())
        .arg("--repo")
        .arg(&r.repo)
        .args(["status", "bao-cao"])
        .output()
        .unwrap();
    let said = common::ok(&vi);
    assert!(said.contains("chưa được ký"), "{said}");
    assert!(!said.contains("is not signed"), "no English: {said}");

    // Dũng approves, signed with his listed key: counts.
    sign_with(&r, key.to_str().unwrap());
    common::ok(&r.duyet_as(Some(&dung()), &["approve", "bao-cao", "thu-ngan-sach"]));
    let s = section_status(&r, "thu-ngan-sach");
    let approvers = s["approvers"].to_string();
    assert!(approvers.contains("dung.hv@tanyen.example"), "{s}");

    // Signed by a key duyet.yaml does not list for him: not counted.
    let (other, _) = key_pair(keys.path(), "other");
    r.git_ok(&["config", "user.signingKey", other.to_str().unwrap()]);
    common::ok(&r.duyet_as(Some(&dung()), &["approve", "bao-cao", "thu-ngan-sach"]));
    let s = section_status(&r, "thu-ngan-sach");
    assert!(!s["approvers"].to_string().contains("dung.hv"), "{s}");
    assert!(
        s.to_string().contains("which duyet.yaml does not list"),
        "{s}"
    );
}

#[test]
fn a_key_that_is_not_a_public_key_is_refused_with_its_line() {
    let config = config_requiring_signatures("ssh-ed25519 không-phải-khóa");
    let r = common::review_repo_with(None);
    let file = r.home().join("duyet.yaml");
    std::fs::write(&file, &config).unwrap();
    let out = r.duyet_as(None, &["check", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let said = common::stdout(&out) + &common::stderr(&out);
    let line = config
        .lines()
        .position(|l| l.contains("không-phải-khóa"))
        .unwrap()
        + 1;
    assert!(said.contains(&format!("duyet.yaml:{line}:")), "{said}");
    assert!(said.contains("SSH"), "{said}");
}

#[test]
fn allowed_signers_lets_plain_git_verify_the_same_way() {
    let keys = tempfile::tempdir().unwrap();
    let (key, public) = key_pair(keys.path(), "dung");
    let (_, server) = key_pair(keys.path(), "server");
    let config = config_requiring_signatures(&public).replace(
        "approval:\n",
        &format!("server_keys:\n  - {server}\napproval:\n"),
    );
    let r = common::review_repo_with(Some(&config));
    let listed = common::ok(&r.duyet_as(None, &["admin", "allowed-signers"]));
    let bare = |k: &str| k.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
    assert!(
        listed.contains(&format!(
            "dung.hv@tanyen.example namespaces=\"git\" {}",
            bare(&public)
        )),
        "{listed}"
    );
    let server_line = listed
        .lines()
        .find(|l| l.ends_with(&bare(&server)))
        .unwrap();
    assert!(
        server_line.contains("hoa.lt@tanyen.example,"),
        "{server_line}"
    );

    sign_with(&r, key.to_str().unwrap());
    common::ok(&r.duyet_as(Some(&dung()), &["approve", "bao-cao", "thu-ngan-sach"]));
    let file = r.home().join("allowed_signers");
    std::fs::write(&file, &listed).unwrap();
    let out = r
        .git()
        .args([
            "-c",
            &format!("gpg.ssh.allowedSignersFile={}", file.display()),
        ])
        .args(["verify-commit", "refs/duyet/reviews"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_hub_refuses_an_unsigned_decision_when_signatures_are_required() {
    let keys = tempfile::tempdir().unwrap();
    let (key, public) = key_pair(keys.path(), "dung");
    let r = common::review_repo_with(Some(&config_requiring_signatures(&public)));
    let hub = r.home().join("hub.git");
    r.git_ok(&[
        "clone",
        "-q",
        "--bare",
        r.repo.to_str().unwrap(),
        hub.to_str().unwrap(),
    ]);
    common::ok(
        &common::duyet_command(r.home())
            .arg("--repo")
            .arg(&hub)
            .args(["admin", "install-hook"])
            .output()
            .unwrap(),
    );
    r.git_ok(&["remote", "add", "hub", hub.to_str().unwrap()]);

    // Signed by Dũng's listed key: the hub takes it.
    sign_with(&r, key.to_str().unwrap());
    common::ok(&r.duyet_as(Some(&dung()), &["approve", "bao-cao", "thu-ngan-sach"]));
    r.git_ok(&["push", "-q", "hub", "refs/duyet/reviews"]);

    // Unsigned: refused, and the hub keeps what it had.
    let before = r.git_ok(&[
        "--git-dir",
        hub.to_str().unwrap(),
        "rev-parse",
        "refs/duyet/reviews",
    ]);
    r.git_ok(&["config", "commit.gpgSign", "false"]);
    common::ok(&r.duyet_as(
        Some(&dung()),
        &[
            "request-changes",
            "bao-cao",
            "thu-ngan-sach",
            "-m",
            "Bổ sung số liệu.",
        ],
    ));
    let out = r
        .git()
        .args(["push", "hub", "refs/duyet/reviews"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not signed"), "{err}");
    let after = r.git_ok(&[
        "--git-dir",
        hub.to_str().unwrap(),
        "rev-parse",
        "refs/duyet/reviews",
    ]);
    assert_eq!(before, after);
}
