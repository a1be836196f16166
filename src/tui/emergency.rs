//! Giving the terminal back when the normal way cannot run: the process ran
//! out of memory (Rust then aborts without running the panic hook), or a
//! signal ends it (`kill`, a hang-up). Either would otherwise leave the
//! person's terminal in raw mode on the alternate screen, unusable until
//! they type `reset` blind.
//!
//! Nothing here allocates or takes a lock: the terminal modes saved when the
//! screen took the terminal are set back with `tcsetattr`, and fixed escape
//! sequences are written with `write(2)` — both safe in a signal handler and
//! in an allocator that has just failed.
//!
//! `Allocator` is the binary's global allocator (`main.rs`): the system's,
//! with one null check on each allocation.

use std::alloc::{GlobalAlloc, Layout, System};

/// The system allocator; when it fails, the terminal is given back (if the
/// screen holds it) before Rust's out-of-memory path aborts the process.
pub struct Allocator;

// SAFETY: every call goes to `System` unchanged; only a null result is
// looked at, and what follows it (`out_of_memory`) never allocates.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        checked(unsafe { System.alloc(layout) })
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        checked(unsafe { System.alloc_zeroed(layout) })
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        checked(unsafe { System.realloc(ptr, layout, new_size) })
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract, passed on.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[inline(always)]
fn checked(ptr: *mut u8) -> *mut u8 {
    if ptr.is_null() {
        out_of_memory();
    }
    ptr
}

/// Gives the terminal back and says why; the caller then returns null and
/// Rust's handler aborts (nothing in duyet survives a failed allocation).
#[cold]
#[inline(never)]
fn out_of_memory() {
    if imp::give_back() {
        imp::say(b"duyet: out of memory\n");
    }
}

/// The screen is about to take the terminal (raw mode, alternate screen):
/// its modes as they are now are kept, and fatal signals give it back.
pub fn taking() {
    imp::taking();
}

/// The screen gave the terminal back the normal way.
pub fn given_back() {
    imp::given_back();
}

#[cfg(unix)]
mod imp {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicBool, Ordering};

    /// The screen holds the terminal now.
    static TAKEN: AtomicBool = AtomicBool::new(false);

    /// The terminal's modes before the screen first took it, and on which
    /// file descriptor (standard input, as crossterm uses when it is a
    /// terminal).
    static SAVED: OnceLock<(libc::c_int, libc::termios)> = OnceLock::new();

    /// Signals that end a process by default; on them the terminal is given
    /// back, then the signal does what it would have done.
    const FATAL: [libc::c_int; 4] = [libc::SIGTERM, libc::SIGHUP, libc::SIGINT, libc::SIGQUIT];

    /// What the screen turned on, turned off: the mouse reports (`M`, as
    /// crossterm's `DisableMouseCapture` writes it), bracketed paste, the
    /// alternate screen (which also brings back what was there), the cursor
    /// hidden, colours and styles.
    const LEAVE: &[u8] =
        b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?2004l\x1b[0m\x1b[?1049l\x1b[?25h";

    pub fn taking() {
        SAVED.get_or_init(|| {
            // SAFETY: a zeroed termios is a valid value to be filled in.
            let mut modes: libc::termios = unsafe { std::mem::zeroed() };
            // SAFETY: fd 0 and a valid pointer; failure is checked.
            let ok = unsafe { libc::tcgetattr(libc::STDIN_FILENO, &mut modes) } == 0;
            (if ok { libc::STDIN_FILENO } else { -1 }, modes)
        });
        static HANDLERS: std::sync::Once = std::sync::Once::new();
        HANDLERS.call_once(install_handlers);
        TAKEN.store(true, Ordering::SeqCst);
    }

    pub fn given_back() {
        TAKEN.store(false, Ordering::SeqCst);
    }

    /// Gives the terminal back if the screen holds it (once): whether it did.
    pub fn give_back() -> bool {
        if !TAKEN.swap(false, Ordering::SeqCst) {
            return false;
        }
        if let Some((fd, modes)) = SAVED.get() {
            if *fd >= 0 {
                // SAFETY: modes read from this descriptor by tcgetattr.
                unsafe { libc::tcsetattr(*fd, libc::TCSANOW, modes) };
            }
        }
        write_all(libc::STDOUT_FILENO, LEAVE);
        true
    }

    /// Writes a plain message to standard error.
    pub fn say(message: &[u8]) {
        write_all(libc::STDERR_FILENO, message);
    }

    fn write_all(fd: libc::c_int, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            // SAFETY: a valid buffer of that length.
            let n = unsafe { libc::write(fd, bytes.as_ptr().cast(), bytes.len()) };
            if n > 0 {
                bytes = &bytes[n as usize..];
            } else if n < 0
                && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted
            {
                continue;
            } else {
                return; // a dead terminal: no one to tell
            }
        }
    }

    /// Installs `on_signal` for each fatal signal that is not ignored (a
    /// hang-up under `nohup` stays ignored).
    fn install_handlers() {
        for signal in FATAL {
            // SAFETY: sigaction with a null new action only reads the
            // current one; the new one is fully initialised before use.
            unsafe {
                let mut current: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(signal, std::ptr::null(), &mut current) != 0
                    || current.sa_sigaction == libc::SIG_IGN
                {
                    continue;
                }
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as usize;
                // Once: the re-raised signal finds the default action.
                action.sa_flags = libc::SA_RESETHAND;
                libc::sigemptyset(&mut action.sa_mask);
                libc::sigaction(signal, &action, std::ptr::null_mut());
            }
        }
    }

    /// Gives the terminal back, then lets the signal end the process as it
    /// would have (the exit status still says which signal).
    extern "C" fn on_signal(signal: libc::c_int) {
        give_back();
        // SAFETY: async-signal-safe; the handler was reset to the default.
        unsafe { libc::raise(signal) };
    }

    #[cfg(test)]
    mod tests {
        /// The mouse reports are turned off as crossterm turns them off.
        #[test]
        fn leaving_turns_the_mouse_off() {
            let mut off = String::new();
            crossterm::Command::write_ansi(&crossterm::event::DisableMouseCapture, &mut off)
                .unwrap();
            assert!(super::LEAVE.starts_with(off.as_bytes()), "{off:?}");
        }
    }
}

#[cfg(not(unix))]
mod imp {
    pub fn taking() {}
    pub fn given_back() {}
    pub fn give_back() -> bool {
        false
    }
    pub fn say(_: &[u8]) {}
}
