//! The real `duyet` binary driven through a pseudo-terminal (tests/e2e.rs,
//! tests/e2e_review.rs): keys go in as bytes, the screen is read back through
//! a terminal emulator (vt100).
//!
//! Timeouts here only guard against a hang; nothing asserts on speed.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

pub const ROWS: u16 = 24;
pub const COLS: u16 = 80;
/// How long to wait for something that should happen at once.
pub const PATIENCE: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(50);

/// What the program has written so far: the emulated screen and the raw bytes.
struct Output {
    parser: vt100::Parser,
    raw: Vec<u8>,
    /// The reader saw the end of the stream (the program closed the terminal).
    closed: bool,
}

/// A program (usually `duyet`) running in a pseudo-terminal of 80×24.
pub struct Session {
    child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    output: Arc<Mutex<Output>>,
    reader: Option<JoinHandle<()>>,
    /// When keys were last typed: `send` keeps a person's pace.
    last_send: Option<Instant>,
}

/// Where a test's files live: HOME and the repositories, all temporary.
pub fn home() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// Builds the sample repository in `home/demo`.
pub fn demo_repo(home: &Path) -> PathBuf {
    let dir = home.join("demo");
    duyet::demo::build(&dir).expect("the demo repository builds");
    dir
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
    pub fn start(
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
            last_send: None,
        }
    }

    /// `duyet args…`, HOME and working folder `home`.
    pub fn duyet(args: &[&str], home: &Path) -> Session {
        Session::start(env!("CARGO_BIN_EXE_duyet"), args, home, None)
    }

    /// The process id of the program, where the system tells it.
    pub fn process_id(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// The screen as text, row by row.
    pub fn screen(&self) -> String {
        self.output.lock().unwrap().parser.screen().contents()
    }

    /// The terminal's modes as the program left them (those of the slave
    /// side, read through the master), while our side is open.
    #[cfg(unix)]
    pub fn modes(&self) -> Option<libc::termios> {
        let fd = self.master.as_ref()?.as_raw_fd()?;
        // SAFETY: a zeroed termios is a valid value to be filled in; the fd
        // is open while `self.master` is.
        let mut modes: libc::termios = unsafe { std::mem::zeroed() };
        (unsafe { libc::tcgetattr(fd, &mut modes) } == 0).then_some(modes)
    }

    /// Every byte the program wrote so far.
    pub fn raw(&self) -> Vec<u8> {
        self.output.lock().unwrap().raw.clone()
    }

    /// Waits until the screen satisfies `ready`; fails with the screen if it
    /// never does.
    pub fn wait_for(&mut self, what: &str, ready: impl Fn(&str) -> bool) -> String {
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

    pub fn wait_for_text(&mut self, text: &str) -> String {
        self.wait_for(&format!("{text:?} on the screen"), |s| s.contains(text))
    }

    pub fn wait_for_no_text(&mut self, text: &str) -> String {
        self.wait_for(&format!("{text:?} to go away"), |s| !s.contains(text))
    }

    /// Types `keys` (text or raw bytes) into the terminal, in one write (so
    /// several keys arrive together, as a paste does), and no sooner after
    /// the previous `send` than a person types: duyet ignores keys that come
    /// faster than typing where they could answer a question.
    pub fn send(&mut self, keys: impl AsRef<[u8]>) {
        if let Some(last) = self.last_send {
            let gap = Duration::from_millis(80);
            if let Some(wait) = gap.checked_sub(last.elapsed()) {
                std::thread::sleep(wait);
            }
        }
        self.last_send = Some(Instant::now());
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(keys.as_ref()).unwrap();
        writer.flush().unwrap();
    }

    /// Waits up to `within` for the program to exit on its own.
    pub fn wait_exit(&mut self, within: Duration) -> Option<ExitStatus> {
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

    /// How the program exited; fails if it does not exit on its own soon.
    pub fn exit_status(&mut self) -> ExitStatus {
        self.wait_exit(PATIENCE).expect("duyet did not exit")
    }

    /// Waits until everything the program wrote has been read.
    pub fn wait_closed(&mut self) {
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
    pub fn hang_up(&mut self) {
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
        // sends SIGHUP, then SIGKILL after a grace period. The reader ends
        // when the terminal closes; it is not waited for here (the master
        // side is still open while `self` is being dropped).
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// CPU time (user + system) a process has used, where /proc tells it; shows
/// whether a process that did not exit is spinning or just waiting.
pub fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which is in parentheses): state is
    // field 3, utime and stime are fields 14 and 15, in clock ticks (100/s).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 / 100.0)
}

pub const ENTER_ALT_SCREEN: &[u8] = b"\x1b[?1049h";
pub const LEAVE_ALT_SCREEN: &[u8] = b"\x1b[?1049l";
pub const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

/// Where `needle` last occurs in `haystack`.
pub fn last_position(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The program left the alternate screen after it last entered it, and
/// showed the cursor again after that.
pub fn assert_terminal_restored(raw: &[u8]) {
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

/// The screen row of the outline's selected section (marked ▶).
pub fn selected_outline_row(screen: &str) -> Option<usize> {
    screen.lines().position(|l| l.starts_with("│▶"))
}

/// The review screen is up with a comparison loaded: the outline's title
/// with its counts and a selected section.
pub fn review_screen_is_up(screen: &str) -> bool {
    screen.contains("Mục (") && selected_outline_row(screen).is_some()
}
