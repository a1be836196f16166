//! The deployment of `docs/ssh.md`, tried against a real sshd (Debian's
//! openssh-server, which `.ci/run` installs): a key whose `authorized_keys`
//! line comes from `duyet admin authorized-key` lands in duyet as that
//! person — the screen with `ssh -tt`, an allowed subcommand otherwise —
//! and nowhere else: no shell, no other person, no other command.

mod common;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::pty::Session;
use common::{ReviewRepo, review_repo};

const SSHD: &str = "/usr/sbin/sshd";

/// An sshd of our own on 127.0.0.1, for the user running the tests.
struct Server {
    dir: tempfile::TempDir,
    port: u16,
    child: Child,
    user: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn user() -> String {
    let out = Command::new("id").arg("-un").output().expect("id runs");
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

fn keygen(path: &Path, comment: &str) {
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f"])
        .arg(path)
        .output()
        .expect("ssh-keygen runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl Server {
    /// Starts sshd with `authorized_keys` as its only keys file.
    fn start(authorized_keys: &str) -> Server {
        assert!(
            Path::new(SSHD).exists(),
            "{SSHD} is missing: install openssh-server (.ci/run does) to run these tests"
        );
        let dir = tempfile::tempdir().unwrap();
        keygen(&dir.path().join("host"), "host");
        std::fs::write(dir.path().join("authorized_keys"), authorized_keys).unwrap();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let user = user();
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host\nPidFile {d}/sshd.pid\n\
             AuthorizedKeysFile {d}/authorized_keys\nStrictModes no\nUsePAM no\n\
             PasswordAuthentication no\nKbdInteractiveAuthentication no\n\
             PubkeyAuthentication yes\nPermitUserEnvironment no\n\
             PermitRootLogin prohibit-password\nAllowUsers {user}\n\
             SetEnv GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1\n\
             LogLevel ERROR\n",
            d = dir.path().display()
        );
        let config_file = dir.path().join("sshd_config");
        std::fs::write(&config_file, config).unwrap();
        // sshd started by root wants its privilege separation folder.
        let _ = std::fs::create_dir_all("/run/sshd");
        let child = Command::new(SSHD)
            .args(["-D", "-e", "-f"])
            .arg(&config_file)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("sshd starts");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "sshd never listened"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Server {
            dir,
            port,
            child,
            user,
        }
    }

    /// `ssh`'s arguments: `key`, no configuration of the user's, this server.
    fn ssh_args(&self, key: &Path) -> Vec<String> {
        let mut args: Vec<String> = ["-F", "/dev/null", "-i"].map(String::from).to_vec();
        args.push(key.display().to_string());
        args.extend(["-p".to_owned(), self.port.to_string()]);
        for option in [
            "StrictHostKeyChecking=no".to_owned(),
            format!(
                "UserKnownHostsFile={}",
                self.dir.path().join("known_hosts").display()
            ),
            "BatchMode=yes".to_owned(),
            "IdentitiesOnly=yes".to_owned(),
            "LogLevel=ERROR".to_owned(),
        ] {
            args.extend(["-o".to_owned(), option]);
        }
        args
    }

    /// `ssh … command` without a terminal.
    fn ssh(&self, key: &Path, command: &[&str]) -> Output {
        Command::new("ssh")
            .args(self.ssh_args(key))
            .arg(format!("{}@127.0.0.1", self.user))
            .args(command)
            .stdin(Stdio::null())
            .output()
            .expect("ssh runs")
    }
}

/// The officer's key and its `authorized_keys` line from duyet itself.
fn officer(r: &ReviewRepo, who: &duyet::core::Identity, name: &str) -> (PathBuf, String) {
    let key = r.home().join(name);
    keygen(&key, name);
    let out = r.duyet_as(
        Some(who),
        &[
            "admin",
            "authorized-key",
            "--key",
            key.with_extension("pub").to_str().unwrap(),
        ],
    );
    (key, common::ok(&out))
}

#[test]
fn a_key_lands_in_duyet_as_its_person_and_nowhere_else() {
    let r = review_repo();
    let (dung_key, dung_line) = officer(&r, &common::dung(), "dung");
    let (hoa_key, hoa_line) = officer(&r, &common::hoa(), "hoa");
    let server = Server::start(&(dung_line + &hoa_line));

    // An allowed subcommand runs as the key's person.
    let out = server.ssh(&dung_key, &["approve", "bao-cao", "thu-ngan-sach"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(r.record_authors(), ["dung.hv@tanyen.example"]);
    let out = server.ssh(&hoa_key, &["duyet", "status", "bao-cao", "--json"]);
    let status: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert!(status["sections"].is_array());

    // No shell, no other person, no other command.
    for asked in [
        vec!["id"],
        vec!["sh", "-c", "id"],
        vec!["/bin/bash"],
        vec!["status", "bao-cao;", "id"],
        vec![
            "approve",
            "bao-cao",
            "giao-duc",
            "--as",
            "'Nguyễn Văn Thắng <thang.nv@tanyen.example>'",
        ],
        vec!["check", "/etc/passwd"],
    ] {
        let out = server.ssh(&hoa_key, &asked);
        assert!(!out.status.success(), "{asked:?} ran");
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(!said.contains("uid="), "{asked:?}: {said}");
        assert!(!said.contains("root:x:"), "{asked:?}: {said}");
    }
    assert_eq!(r.record_authors(), ["dung.hv@tanyen.example"]);

    // Without a command, in an 80×24 terminal (`ssh -tt`): the screen, as
    // Hoa; q ends the session.
    let mut args = server.ssh_args(&hoa_key);
    args.extend(["-tt".to_owned(), format!("{}@127.0.0.1", server.user)]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut session = Session::start("ssh", &args, r.home(), None);
    let shown = session.wait_for("the review screen, as Hoa", |s| {
        s.contains("Lê Thị Hoa") && s.contains("Mục (")
    });
    assert!(shown.contains("Mục ("), "the outline is up: {shown}");
    session.send("q");
    assert!(session.exit_status().success());
    session.wait_closed();
    common::pty::assert_terminal_restored(&session.raw());
}
