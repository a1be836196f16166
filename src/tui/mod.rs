//! The review screen (ratatui + crossterm): the only module that draws.
//!
//! State, update and view are kept apart (`app`, `view`); git work runs on a
//! worker thread (`worker`) and comes back as messages, so the screen never
//! waits for it. Keys are bound in one table (`keys`) that also writes the help.

pub mod app;
pub mod board;
pub mod content;
pub mod emergency;
pub mod failure;
mod guarded;
pub use crate::i18n;
pub mod keys;
pub mod review;
pub mod search;
pub mod theme;
pub mod unsent;
pub mod view;
pub mod watch;
pub mod worker;
pub mod wrap;

use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyEventKind};

pub use i18n::Lang;

use crate::core::Identity;
use app::{App, Msg, update};
use theme::Theme;

#[derive(Debug, Clone)]
pub struct Options {
    /// Who is using duyet (`--as`); git's identity when `None`.
    pub identity: Option<Identity>,
    pub lang: Lang,
    /// No external editor (and, later, nothing else outside duyet).
    pub restricted: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    #[error("terminal: {0}")]
    Io(#[from] std::io::Error),
    /// A thread of the screen panicked (a bug in duyet): the screen closes
    /// with the panic's message instead of drawing answers that never come.
    #[error(
        "duyet stopped because of an internal error, which is a bug: {0}. Nothing half-written was committed and unsent text is kept; please report this message"
    )]
    ThreadPanicked(String),
}

/// Opens the repository and runs every job the screen asks for until it asks
/// for nothing more, on this thread: the whole screen without a worker or a
/// terminal, for tests and the benchmark.
pub fn open_inline(store: &crate::store::Store, app: &mut App, identity: Option<Identity>) {
    let info = crate::ops::overview::open(store, identity)
        .map(Box::new)
        .map_err(|e| e.to_string());
    let jobs = update(app, Msg::Worker(app::WorkerEvent::Repo(info)));
    settle(store, app, jobs);
}

/// Runs `jobs` (and the jobs their results ask for) on this thread.
pub fn settle(store: &crate::store::Store, app: &mut App, jobs: Vec<app::Job>) {
    // In order, as the worker thread would run them.
    let mut queue: std::collections::VecDeque<app::Job> = jobs.into();
    while let Some(job) = queue.pop_front() {
        let event = worker::execute(store, job);
        queue.extend(update(app, Msg::Worker(event)));
    }
}

/// Opens the review screen on the repository at `repo` until the user quits
/// or the terminal goes away. The terminal is restored in every case.
pub fn run(repo: &Path, options: Options) -> Result<(), TuiError> {
    let mut terminal = init()?;
    watch_terminal();
    let result = event_loop(&mut terminal, repo, options);
    let restored = restore();
    result?;
    Ok(restored?)
}

/// Takes the terminal (raw mode, alternate screen) and asks it for
/// bracketed paste, so pasted text arrives as text, never as keys. A panic
/// restores it too (ratatui's hook, then ours for the paste mode), and so do
/// running out of memory and a fatal signal (`emergency`).
fn init() -> std::io::Result<ratatui::DefaultTerminal> {
    emergency::taking();
    let terminal = ratatui::try_init()?;
    crossterm::execute!(std::io::stdout(), crossterm::event::EnableBracketedPaste)?;
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // A helper thread's panic is caught where it runs and closes the
            // screen from the main thread; printing it now would draw over
            // the screen, and restoring here would leave it drawing raw.
            if guarded::is_guarded_thread() {
                guarded::remember(info.to_string());
                return;
            }
            let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableBracketedPaste);
            previous(info);
            emergency::given_back();
        }));
    });
    Ok(terminal)
}

/// Gives the terminal back as it was.
fn restore() -> std::io::Result<()> {
    let paste = crossterm::execute!(std::io::stdout(), crossterm::event::DisableBracketedPaste);
    ratatui::try_restore()?;
    emergency::given_back();
    paste
}

/// Most events taken in one go (a huge paste without bracketed paste is
/// read over several turns of the loop, still as bursts).
const MAX_BATCH: usize = 256;

/// Keys closer together than this did not come from a person typing.
const HUMAN_GAP: Duration = Duration::from_millis(25);

/// Runs `$VISUAL`/`$EDITOR` on the editor's text and returns what it saved
/// (`None` when no editor is configured or it failed; the text stays as it was).
fn external_edit(
    terminal: &mut ratatui::DefaultTerminal,
    app: &App,
    git_dir: Option<&Path>,
) -> Result<Option<String>, TuiError> {
    let Some(editor) = std::env::var_os("VISUAL").or_else(|| std::env::var_os("EDITOR")) else {
        return Ok(None);
    };
    let Some(text) = review::focused_text(app) else {
        return Ok(None);
    };
    // The person's own unsent text: theirs alone (0600), like `unsent`.
    let dir = git_dir.map_or_else(std::env::temp_dir, |d| d.join("duyet"));
    let file = dir.join(format!("edit-{}.txt", std::process::id()));
    crate::store::write_atomically(
        &file,
        format!("{text}\n").as_bytes(),
        crate::store::Access::Private,
    )?;
    restore()?;
    // Through the shell, so EDITOR may carry arguments ("code -w", "vim -u …").
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{} \"$1\"", editor.to_string_lossy()))
        .arg("duyet-editor")
        .arg(&file)
        .status();
    *terminal = init()?;
    terminal.clear()?;
    let result = match status {
        Ok(s) if s.success() => std::fs::read_to_string(&file).ok(),
        _ => None,
    };
    let _ = std::fs::remove_file(&file);
    Ok(result)
}

/// Ends the process when the terminal goes away (a dropped SSH connection)
/// even if SIGHUP is ignored (`nohup`): crossterm's reader then retries the
/// dead terminal forever instead of reporting an error, so the event loop
/// alone cannot notice.
fn watch_terminal() {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return;
    }
    let _ = std::thread::Builder::new()
        .name("duyet-tty-watch".into())
        .spawn(|| {
            loop {
                std::thread::sleep(Duration::from_millis(250));
                if !std::io::stdin().is_terminal() {
                    // Nothing is written to the dead terminal: the main thread
                    // may hold the lock on stdout (the command line's), and
                    // there is no one to see it anyway.
                    let _ = crossterm::terminal::disable_raw_mode();
                    // 128 + SIGHUP, as if the hang-up had ended us.
                    std::process::exit(129);
                }
            }
        });
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    repo: &Path,
    options: Options,
) -> Result<(), TuiError> {
    let (job_tx, job_rx) = mpsc::channel();
    let (event_tx, event_rx) = mpsc::channel();
    let repo = repo.to_path_buf();
    let store = crate::store::Store::open(Some(&repo)).ok();
    let git_dir = store.as_ref().map(|s| s.git_dir().to_path_buf());
    // The refs as they are before anything is read: a write made while the
    // screen opens is then seen as a change, never missed.
    if let Some(baseline) = store.as_ref().and_then(|s| s.ref_tips().ok()) {
        let me = options
            .identity
            .clone()
            .or_else(|| store.as_ref().and_then(|s| s.git_identity()))
            .map(|i| i.email);
        let (repo, events) = (repo.clone(), event_tx.clone());
        std::thread::Builder::new()
            .name("duyet-watch".into())
            .spawn(move || {
                guarded::run(&events.clone(), || watch::run(repo, baseline, me, events));
            })?;
    }
    drop(store);
    let identity = options.identity.clone();
    let worker_repo = repo.clone();
    std::thread::Builder::new()
        .name("duyet-git".into())
        .spawn(move || {
            guarded::run(&event_tx.clone(), || {
                worker::run(worker_repo, identity, job_rx, event_tx)
            });
        })?;

    let size = terminal.size()?;
    let mut app = App::new(options.lang, (size.width, size.height));
    app.restricted = options.restricted;
    let theme = Theme::builtin(std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()));
    // The unsent-text file, once we know who is writing, and what was last
    // written to it (or tried).
    let mut unsent_file: Option<std::path::PathBuf> = None;
    let mut unsent_tried = std::collections::BTreeMap::new();
    let mut dirty = true;
    // Jobs sent to the worker and not yet answered: while there are some, the
    // loop looks for their answers often instead of waiting for a key.
    let mut pending = 1; // the repository is being opened
    // When the last key arrived, to tell typing from a burst.
    let mut last_key: Option<Instant> = None;
    // Each message is applied at once, so the next key is read against the
    // state it meant (an editor opened by the previous one, say).
    let dispatch = |app: &mut App, msg: Msg, pending: &mut usize| {
        for job in update(app, msg) {
            // The worker only stops when this side hangs up.
            if job_tx.send(job).is_ok() {
                *pending += 1;
            }
        }
    };
    while !app.quit {
        if dirty {
            terminal.draw(|frame| view::draw(frame, &app, &theme))?;
            dirty = false;
        }
        // A dead terminal (dropped SSH connection) makes poll/read fail: we
        // return, restore what can be restored, and exit instead of spinning.
        let wait = if pending > 0 { 4 } else { 100 };
        if event::poll(Duration::from_millis(wait))? {
            // Everything that arrived together: several keys at once did not
            // come from a person typing (a paste the terminal did not mark).
            let mut batch = vec![event::read()?];
            while batch.len() < MAX_BATCH && event::poll(Duration::ZERO)? {
                batch.push(event::read()?);
            }
            let is_key = |e: &Event| matches!(e, Event::Key(k) if k.kind != KeyEventKind::Release);
            let together = batch.iter().filter(|e| is_key(e)).count() > 1;
            for ev in batch {
                dirty = true;
                let msg = match ev {
                    Event::Key(k) if k.kind != KeyEventKind::Release => {
                        let now = Instant::now();
                        let hurried = together || last_key.is_some_and(|t| now - t < HUMAN_GAP);
                        last_key = Some(now);
                        // The key table of the mode the screen is in.
                        let mode = app.mode();
                        match (mode, keys::action_for(mode, k)) {
                            // Ctrl+S in a burst (a paste) never sends.
                            (keys::Mode::Editor, Some(keys::Action::Send)) if hurried => {
                                Msg::Burst(keys::Action::Send)
                            }
                            (keys::Mode::Editor, Some(keys::Action::ExternalEditor))
                                if !options.restricted =>
                            {
                                // F3 in the editor: continue in $EDITOR.
                                match external_edit(terminal, &app, git_dir.as_deref())? {
                                    Some(text) => Msg::ReplaceText(text),
                                    None => continue,
                                }
                            }
                            // While the editor is open, keys are text (Unikey's
                            // Ctrl+H included) or its few commands; typing fast
                            // is fine.
                            (keys::Mode::Editor, _) => Msg::Text(k),
                            // A prompt (/ or :): unbound keys are what is typed.
                            (mode, None) if mode.takes_text() => Msg::Text(k),
                            (_, Some(action)) if hurried => Msg::Burst(action),
                            (_, Some(action)) => Msg::Key(action),
                            (_, None) => continue,
                        }
                    }
                    Event::Paste(text) => Msg::Paste(text),
                    Event::Resize(w, h) => Msg::Resize(w, h),
                    _ => continue,
                };
                dispatch(&mut app, msg, &mut pending);
            }
        }
        for event in event_rx.try_iter() {
            dirty = true;
            let msg = match event {
                Update::Worker(e) => {
                    pending -= 1;
                    Msg::Worker(e)
                }
                Update::Refs(moved) => Msg::RefsMoved(moved),
                Update::Panicked(message) => {
                    if let Some(file) = unsent_file.as_deref() {
                        let _ = unsent::keep(file, &app, &mut unsent_tried);
                    }
                    return Err(TuiError::ThreadPanicked(message));
                }
            };
            dispatch(&mut app, msg, &mut pending);
        }
        if unsent_file.is_none() {
            if let (Some(dir), Some(me)) = (&git_dir, app.me()) {
                let file = unsent::path(dir, &me.email);
                unsent_tried = unsent::load(&file);
                app.unsent.extend(unsent_tried.clone());
                unsent_file = Some(file);
            }
        }
        if let Some(msg) = unsent_file
            .as_deref()
            .and_then(|file| unsent::keep(file, &app, &mut unsent_tried))
        {
            dirty = true;
            dispatch(&mut app, msg, &mut pending);
        }
    }
    Ok(())
}

/// What reaches the event loop from its threads: a job's answer, or the
/// repository having moved.
pub enum Update {
    Worker(app::WorkerEvent),
    Refs(watch::RefsMoved),
    /// The worker or the watcher panicked, with the panic's message.
    Panicked(String),
}
