//! A review done in the real `duyet` binary through a pseudo-terminal: the
//! reviewer approves a section and writes a Vietnamese comment (correcting
//! it with Ctrl+H, as Unikey over PuTTY sends Backspace), then quits; git
//! then shows both records on `refs/duyet/reviews`.
//!
//! Timeouts here only guard against a hang; nothing asserts on speed.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const DUNG: &str = "Hoàng Văn Dũng <dung.hv@tanyen.example>";
const ROWS: u16 = 24;
const COLS: u16 = 80;
/// How long to wait for something that should happen at once.
const PATIENCE: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(50);

/// `duyet` running in a pseudo-terminal of 80×24, its screen emulated.
struct Session {
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    reader: Option<JoinHandle<()>>,
}

impl Session {
    fn duyet(args: &[&str], home: &Path) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_duyet"));
        cmd.args(args);
        // What a user's SSH session gives: a UTF-8 terminal, and no git
        // configuration from the machine running the tests.
        cmd.env_clear();
        if let Some(path) = std::env::var_os("PATH") {
            cmd.env("PATH", path);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env("HOME", home);
        cmd.env("GIT_CONFIG_GLOBAL", "/dev/null");
        cmd.env("GIT_CONFIG_NOSYSTEM", "1");
        cmd.cwd(home);
        let child = pty.slave.spawn_command(cmd).expect("duyet starts");
        drop(pty.slave);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            ROWS.try_into().unwrap(),
            COLS.try_into().unwrap(),
            0,
        )));
        let mut reader = pty.master.try_clone_reader().expect("a reader");
        let shared = Arc::clone(&screen);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => shared.lock().unwrap().process(&buf[..n]),
                }
            }
        });
        let writer = pty.master.take_writer().expect("a writer");
        Session {
            child,
            _master: pty.master,
            writer,
            screen,
            reader: Some(reader),
        }
    }

    fn screen(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen satisfies `ready`; fails with the screen if it
    /// never does.
    fn wait_for(&mut self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            if start.elapsed() > PATIENCE {
                let exited = self.child.try_wait().ok().flatten();
                panic!("timed out waiting for {what} (exited: {exited:?}); the screen:\n{screen}");
            }
            std::thread::sleep(POLL);
        }
    }

    fn wait_for_text(&mut self, text: &str) -> String {
        self.wait_for(&format!("{text:?} on the screen"), |s| s.contains(text))
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("the child can be waited for") {
                return status;
            }
            assert!(start.elapsed() < PATIENCE, "duyet did not exit");
            std::thread::sleep(POLL);
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Never leave a process behind, whatever the test found.
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        // The reader ends when the terminal closes; do not wait for it here
        // (the master side is still open while `self` is being dropped).
        self.reader.take();
    }
}

/// `git` with no user or system configuration.
fn git(dir: &Path, args: &[&str], home: &Path) -> String {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("git prints UTF-8")
}

/// The outline's selected row is drawn: the screen is up.
fn review_screen_is_up(screen: &str) -> bool {
    screen.contains("Mục (") && screen.lines().any(|l| l.starts_with("│▶"))
}

#[test]
fn a_reviewer_approves_and_comments_in_a_real_terminal() {
    let home = tempfile::tempdir().expect("a temporary folder");
    let repo = home.path().join("demo");
    duyet::demo::build(&repo).expect("the demo repository builds");
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
    s.send(b"\r");
    let approved = s.wait_for_text("Đã phê duyệt");
    assert!(approved.contains("Phê duyệt: Hoàng Văn Dũng"), "{approved}");

    s.send(b"c");
    s.wait_for_text("Góp ý mục");
    let comment = "Đề nghị ghi rõ nguồn số liệu thu ngân sách năm 2023.";
    s.send(comment.as_bytes());
    s.wait_for_text("nguồn số liệu");
    // Ctrl+H, as Unikey sends Backspace: the final full stop goes.
    s.send(b"\x08");
    // Ctrl+S sends.
    s.send(b"\x13");
    s.wait_for_text("Đã ghi góp ý");
    s.send(b"q");
    let status = s.wait_exit();
    assert!(status.success(), "exit status: {status:?}");

    let log = git(
        &repo,
        &["log", "--format=%B%x00", "refs/duyet/reviews"],
        home.path(),
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
    let author = git(
        &repo,
        &["log", "--format=%an <%ae>", "refs/duyet/reviews"],
        home.path(),
    );
    assert_eq!(author.lines().collect::<Vec<_>>(), vec![DUNG, DUNG]);
}
