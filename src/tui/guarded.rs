//! The screen's helper threads (the git worker, the ref watcher) run
//! guarded: a panic in one of them is caught and sent to the event loop as
//! `Update::Panicked`, which closes the screen, gives the terminal back and
//! prints the message. Left alone, the panic hook would restore the
//! terminal from the helper thread while the main thread went on drawing in
//! it, waiting for answers that never come.

use std::cell::Cell;
use std::sync::Mutex;
use std::sync::mpsc::Sender;

use super::job::Update;

thread_local! {
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

/// The panic hook's text of the last panic on a guarded thread (with where
/// it happened, which the panic's payload alone does not carry).
static LAST: Mutex<Option<String>> = Mutex::new(None);

/// Whether the current thread runs inside `run`.
pub fn is_guarded_thread() -> bool {
    GUARDED.with(Cell::get)
}

/// Called by the panic hook on a guarded thread.
pub fn remember(message: String) {
    if let Ok(mut last) = LAST.lock() {
        *last = Some(message);
    }
}

/// Runs `body` on this thread; if it panics, says so on `events`.
pub fn run(events: &Sender<Update>, body: impl FnOnce()) {
    GUARDED.with(|g| g.set(true));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(body));
    GUARDED.with(|g| g.set(false));
    if let Err(payload) = outcome {
        let remembered = LAST.lock().ok().and_then(|mut l| l.take());
        let message = remembered.unwrap_or_else(|| {
            payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_owned())
        });
        let _ = events.send(Update::Panicked(message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_on_a_guarded_thread_reaches_the_event_loop_as_a_message() {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || run(&tx, || panic!("the worker broke: {}", 42)))
            .join()
            .expect("the panic was caught");
        match rx.recv() {
            Ok(Update::Panicked(m)) => assert!(m.contains("the worker broke: 42"), "{m}"),
            _ => panic!("no Panicked update"),
        }
    }

    #[test]
    fn a_body_that_ends_normally_sends_nothing() {
        let (tx, rx) = std::sync::mpsc::channel();
        run(&tx, || {});
        assert!(rx.try_recv().is_err());
        assert!(!is_guarded_thread());
    }
}
