//! The real `duyet` binary driven through a pseudo-terminal: keys go in as
//! bytes, the screen is read back through a terminal emulator (vt100), and
//! afterwards git is asked what is in the repository.
//!
//! Timeouts here only guard against a hang; nothing asserts on speed.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const HOA: &str = "Lê Thị Hoa <hoa.lt@tanyen.example>";
const ROWS: u16 = 24;
const COLS: u16 = 80;
/// How long to wait for something that should happen at once.
const PATIENCE: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(50);

const ENTER_ALT_SCREEN: &[u8] = b"\x1b[?1049h";
const LEAVE_ALT_SCREEN: &[u8] = b"\x1b[?1049l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

/// What the program has written so far: the emulated screen and the raw bytes.
struct Output {
    parser: vt100::Parser,
    raw: Vec<u8>,
    /// The reader saw the end of the stream (the program closed the terminal).
    closed: bool,
}

/// `duyet` running in a pseudo-terminal of 80×24.
struct Session {
    child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    output: Arc<Mutex<Output>>,
    reader: Option<JoinHandle<()>>,
}

/// Where a test's files live: HOME and the repositories, all temporary.
fn home() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// Sets the environment a user's SSH session would give: a UTF-8 terminal
/// and no git configuration from the machine running the tests.
fn environment(cmd: &mut CommandBuilder, home: &Path) {
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
}

impl Session {
    /// Starts `program args…` in a new terminal. `stop_reading_when`: the
    /// reader thread ends (and lets go of the terminal) as soon as the screen
    /// satisfies it; otherwise it reads until the program closes the terminal.
    fn start(
        program: &str,
        args: &[&str],
        home: &Path,
        stop_reading_when: Option<fn(&str) -> bool>,
    ) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        environment(&mut cmd, home);
        let child = pty.slave.spawn_command(cmd).expect("duyet starts");
        // Only the child keeps the terminal's slave side open.
        drop(pty.slave);
        let output = Arc::new(Mutex::new(Output {
            parser: vt100::Parser::new(ROWS.try_into().unwrap(), COLS.try_into().unwrap(), 0),
            raw: Vec::new(),
            closed: false,
        }));
        let mut reader = pty.master.try_clone_reader().expect("a reader");
        let shared = Arc::clone(&output);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            loop {
                let n = match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                let mut out = shared.lock().unwrap();
                out.parser.process(&buf[..n]);
                out.raw.extend_from_slice(&buf[..n]);
                if stop_reading_when.is_some_and(|done| done(&out.parser.screen().contents())) {
                    return;
                }
            }
            shared.lock().unwrap().closed = true;
        });
        let writer = pty.master.take_writer().expect("a writer");
        Session {
            child,
            master: Some(pty.master),
            writer: Some(writer),
            output,
            reader: Some(reader),
        }
    }

    /// `duyet args…`.
    fn duyet(args: &[&str], home: &Path) -> Session {
        Session::start(env!("CARGO_BIN_EXE_duyet"), args, home, None)
    }

    fn screen(&self) -> String {
        self.output.lock().unwrap().parser.screen().contents()
    }

    fn raw(&self) -> Vec<u8> {
        self.output.lock().unwrap().raw.clone()
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

    fn wait_for_no_text(&mut self, text: &str) -> String {
        self.wait_for(&format!("{text:?} to go away"), |s| !s.contains(text))
    }

    fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(keys.as_bytes()).unwrap();
        writer.flush().unwrap();
    }

    /// Waits for the program to exit on its own.
    fn wait_exit(&mut self, within: Duration) -> Option<portable_pty::ExitStatus> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("the child can be waited for") {
                return Some(status);
            }
            if start.elapsed() > within {
                return None;
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits until everything the program wrote has been read.
    fn wait_closed(&mut self) {
        let start = Instant::now();
        while !self.output.lock().unwrap().closed {
            assert!(
                start.elapsed() < PATIENCE,
                "the terminal never closed after the program exited"
            );
            std::thread::sleep(POLL);
        }
        if let Some(reader) = self.reader.take() {
            reader.join().unwrap();
        }
    }

    /// Closes our side of the terminal, as sshd does when the connection
    /// drops. The reader must have stopped already (it holds a copy).
    fn hang_up(&mut self) {
        if let Some(reader) = self.reader.take() {
            reader.join().unwrap();
        }
        self.writer.take();
        self.master.take();
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Never leave a process behind, whatever the test found: portable-pty
        // sends SIGHUP, then SIGKILL after a grace period.
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Where `needle` last occurs in `haystack`.
fn last_position(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The program left the alternate screen after it last entered it, and
/// showed the cursor again after that.
fn assert_terminal_restored(raw: &[u8]) {
    let entered =
        last_position(raw, ENTER_ALT_SCREEN).expect("the screen used the alternate screen");
    let left = last_position(raw, LEAVE_ALT_SCREEN).expect("the alternate screen was left");
    assert!(
        left > entered,
        "the program ended inside the alternate screen"
    );
    let shown = last_position(raw, SHOW_CURSOR).expect("the cursor was shown again");
    assert!(
        shown > entered,
        "the cursor was not shown again after the screen closed"
    );
}

/// Builds the sample repository in `home/demo`.
fn demo_repo(home: &Path) -> std::path::PathBuf {
    let dir = home.join("demo");
    duyet::demo::build(&dir).expect("the demo repository builds");
    dir
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
    assert!(help.contains("Di chuyển"), "help:\n{help}");
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

    let log = git(&dir, &["log", "--all", "--oneline"], home.path());
    assert!(
        log.lines().count() >= 10,
        "the demo repository has too few commits:\n{log}"
    );
}

/// The review screen is up with a comparison loaded: the outline's title
/// with its counts and a selected section.
fn review_screen_is_up(screen: &str) -> bool {
    screen.contains("Mục (") && selected_outline_row(screen).is_some()
}

/// The screen row of the outline's selected section.
fn selected_outline_row(screen: &str) -> Option<usize> {
    screen.lines().position(|l| l.starts_with("│▶"))
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
    let pid = s.child.process_id();
    s.hang_up();
    let status = s.wait_exit(Duration::from_secs(10));
    assert!(
        status.is_some(),
        "duyet was still running 10 s after its terminal went away, having used {:?} s of CPU",
        pid.and_then(cpu_seconds)
    );
}

/// CPU time (user + system) a process has used, where /proc tells it; shows
/// whether a process that did not exit is spinning or just waiting.
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which is in parentheses): state is
    // field 3, utime and stime are fields 14 and 15, in clock ticks (100/s).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 / 100.0)
}

#[test]
fn closing_the_terminal_ends_the_process() {
    exits_when_the_terminal_goes_away(false);
}

#[test]
fn closing_the_terminal_ends_the_process_even_with_hangup_ignored() {
    exits_when_the_terminal_goes_away(true);
}
