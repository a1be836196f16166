//! The review screen (ratatui + crossterm): the only module that draws.
//!
//! State, update and view are kept apart (`app`, `update`, `view`);
//! `update` does no I/O and returns `Effect`s, which the event loop here
//! runs (`run_effects`): git work on a worker thread (`worker`) that comes
//! back as messages, so the screen never waits for it; unsent text on disk
//! (`unsent`); `$EDITOR`. Keys are bound in one table (`keys`) that also
//! writes the help. The modules are layers with no import circle
//! (`tests/layers.rs`; `docs/architecture.md` lists them).

pub mod app;
pub mod board;
pub mod content;
pub mod editor;
pub mod emergency;
pub mod failure;
mod guarded;
pub use crate::i18n;
pub mod job;
pub mod keys;
pub mod model;
pub mod picker;
pub mod review;
pub mod search;
pub mod theme;
pub mod unsent;
pub mod update;
pub mod view;
pub mod watch;
pub mod worker;
pub mod wrap;

use std::collections::{BTreeMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyEventKind};

pub use i18n::Lang;

use crate::core::Identity;
use app::{App, Msg};
use job::Job;
pub use job::Update;
use theme::Theme;
use update::{Effect, update};

#[derive(Debug, Clone)]
pub struct Options {
    /// Who is using duyet (`--as`); git's identity when `None`.
    pub identity: Option<Identity>,
    pub lang: Lang,
    /// No external editor (and, later, nothing else outside duyet).
    pub restricted: bool,
    /// The colour theme (`--theme`, or the person's choice); `None`: the
    /// default, or `mono` under `NO_COLOR`.
    pub theme: Option<String>,
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

/// What runs the effects `update` returns: the event loop's worker,
/// terminal and disk, or (`settle`) this thread alone.
pub trait Outside {
    /// Starts `job`; its answer when it is ready at once (run on this
    /// thread), else it comes later as a worker event.
    fn job(&mut self, job: Job) -> Option<Msg>;
    /// The unsent texts `email` kept on disk.
    fn load_unsent(&mut self, email: &str) -> BTreeMap<String, String>;
    /// Keeps `texts` on disk (all of them: the file is rewritten).
    fn save_unsent(&mut self, texts: &BTreeMap<String, String>) -> Result<(), String>;
    /// Edits `text` in `$VISUAL`/`$EDITOR`: what was saved, or `None` when
    /// no editor is configured or it failed.
    fn open_editor(&mut self, text: &str) -> Result<Option<String>, TuiError>;
    /// Asks the terminal to report the mouse (`on`), or to stop; nothing
    /// where there is no terminal.
    fn mouse(&mut self, _on: bool) -> Result<(), TuiError> {
        Ok(())
    }
}

/// Runs `effects` in order; what one answers at once goes to `update`, and
/// the effects that asks for run after the others.
pub fn run_effects(
    app: &mut App,
    effects: Vec<Effect>,
    outside: &mut impl Outside,
) -> Result<(), TuiError> {
    let mut queue: VecDeque<Effect> = effects.into();
    while let Some(effect) = queue.pop_front() {
        let answer = match effect {
            Effect::Job(job) => outside.job(job),
            Effect::LoadUnsent { email } => Some(Msg::UnsentLoaded(outside.load_unsent(&email))),
            Effect::SaveUnsent(texts) => Some(Msg::UnsentSaved(outside.save_unsent(&texts))),
            Effect::OpenEditor { text } => outside.open_editor(&text)?.map(Msg::ReplaceText),
            Effect::Mouse(on) => {
                outside.mouse(on)?;
                None
            }
        };
        if let Some(msg) = answer {
            queue.extend(update(app, msg));
        }
    }
    Ok(())
}

/// The effects run on this thread, without a worker, a terminal or a disk
/// for unsent text (none kept before, every save succeeds, no `$EDITOR`).
struct Inline<'a>(&'a crate::store::Store);

impl Outside for Inline<'_> {
    fn job(&mut self, job: Job) -> Option<Msg> {
        Some(Msg::Worker(worker::execute(self.0, job)))
    }

    fn load_unsent(&mut self, _email: &str) -> BTreeMap<String, String> {
        BTreeMap::new()
    }

    fn save_unsent(&mut self, _texts: &BTreeMap<String, String>) -> Result<(), String> {
        Ok(())
    }

    fn open_editor(&mut self, _text: &str) -> Result<Option<String>, TuiError> {
        Ok(None)
    }
}

/// Opens the repository and runs every job the screen asks for until it asks
/// for nothing more, on this thread: the whole screen without a worker or a
/// terminal, for tests and the benchmark.
pub fn open_inline(store: &crate::store::Store, app: &mut App, identity: Option<Identity>) {
    let info = crate::ops::overview::open(store, identity)
        .map(Box::new)
        .map_err(failure::Failure::from);
    let effects = update(app, Msg::Worker(app::WorkerEvent::Repo(info)));
    settle(store, app, effects);
}

/// Runs `effects` (and the jobs their results ask for) on this thread, in
/// order, as the worker thread would run them (see `Inline`).
pub fn settle(store: &crate::store::Store, app: &mut App, effects: Vec<Effect>) {
    // Nothing run inline can fail: there is no terminal.
    let _ = run_effects(app, effects, &mut Inline(store));
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
            let _ = crossterm::execute!(
                std::io::stdout(),
                crossterm::event::DisableMouseCapture,
                crossterm::event::DisableBracketedPaste
            );
            previous(info);
            emergency::given_back();
        }));
    });
    Ok(terminal)
}

/// Gives the terminal back as it was (the mouse no longer reported, if it
/// was: asking a terminal that was not asked is harmless).
fn restore() -> std::io::Result<()> {
    let paste = crossterm::execute!(
        std::io::stdout(),
        crossterm::event::DisableMouseCapture,
        crossterm::event::DisableBracketedPaste
    );
    ratatui::try_restore()?;
    emergency::given_back();
    paste
}

/// Most events taken in one go (a huge paste without bracketed paste is
/// read over several turns of the loop, still as bursts).
const MAX_BATCH: usize = 256;

/// Keys closer together than this did not come from a person typing.
const HUMAN_GAP: Duration = Duration::from_millis(25);

/// The effects run by the event loop: jobs go to the worker thread, unsent
/// text to the person's file, `$EDITOR` over the suspended screen.
struct Live<'a> {
    terminal: &'a mut ratatui::DefaultTerminal,
    jobs: mpsc::Sender<Job>,
    /// Jobs sent to the worker and not yet answered.
    pending: usize,
    git_dir: Option<PathBuf>,
    unsent: unsent::Keeper,
    /// The terminal reports the mouse (asked again after `$EDITOR`).
    mouse: bool,
}

impl Outside for Live<'_> {
    fn job(&mut self, job: Job) -> Option<Msg> {
        // The worker only stops when this side hangs up.
        if self.jobs.send(job).is_ok() {
            self.pending += 1;
        }
        None
    }

    fn load_unsent(&mut self, email: &str) -> BTreeMap<String, String> {
        self.unsent.load(email)
    }

    fn save_unsent(&mut self, texts: &BTreeMap<String, String>) -> Result<(), String> {
        self.unsent.save(texts)
    }

    fn open_editor(&mut self, text: &str) -> Result<Option<String>, TuiError> {
        let edited = external_edit(self.terminal, text, self.git_dir.as_deref());
        if self.mouse {
            self.mouse(true)?;
        }
        edited
    }

    fn mouse(&mut self, on: bool) -> Result<(), TuiError> {
        self.mouse = on;
        let mut out = std::io::stdout();
        if on {
            crossterm::execute!(out, crossterm::event::EnableMouseCapture)?;
        } else {
            crossterm::execute!(out, crossterm::event::DisableMouseCapture)?;
        }
        Ok(())
    }
}

/// Runs `$VISUAL`/`$EDITOR` on `text` and returns what it saved (`None`
/// when no editor is configured or it failed; the text stays as it was).
fn external_edit(
    terminal: &mut ratatui::DefaultTerminal,
    text: &str,
    git_dir: Option<&Path>,
) -> Result<Option<String>, TuiError> {
    let Some(editor) = std::env::var_os("VISUAL").or_else(|| std::env::var_os("EDITOR")) else {
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
                guarded::run(&events.clone(), || {
                    watch::run(repo, baseline, me, events, Update::Refs)
                });
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
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = Theme::choose(options.theme.as_deref(), no_color, theme::Depth::from_env())
        .unwrap_or_else(|_| Theme::builtin(no_color));
    let mut live = Live {
        terminal,
        jobs: job_tx,
        pending: 1, // the repository is being opened
        unsent: unsent::Keeper::new(git_dir.clone()),
        git_dir,
        mouse: false,
    };
    let mut dirty = true;
    // When the last key arrived, to tell typing from a burst.
    let mut last_key: Option<Instant> = None;
    // Each message is applied at once, and its effects run, so the next key
    // is read against the state it meant (an editor opened by the previous
    // one, say).
    let dispatch = |live: &mut Live, app: &mut App, msg: Msg| {
        let effects = update(app, msg);
        run_effects(app, effects, live)
    };
    while !app.quit {
        if dirty {
            live.terminal
                .draw(|frame| view::draw(frame, &app, &theme))?;
            dirty = false;
        }
        // A dead terminal (dropped SSH connection) makes poll/read fail: we
        // return, restore what can be restored, and exit instead of spinning.
        // While jobs are out, look for their answers often.
        let wait = if live.pending > 0 { 4 } else { 100 };
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
                            // While the editor is open, keys are text (Unikey's
                            // Ctrl+H included) or its few commands (F3 among
                            // them); typing fast is fine.
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
                    // Moving the pointer (with or without a button) does nothing.
                    Event::Mouse(m)
                        if !matches!(
                            m.kind,
                            event::MouseEventKind::Moved | event::MouseEventKind::Drag(_)
                        ) =>
                    {
                        Msg::Mouse(m)
                    }
                    _ => continue,
                };
                dispatch(&mut live, &mut app, msg)?;
            }
        }
        for event in event_rx.try_iter() {
            dirty = true;
            let msg = match event {
                Update::Worker(e) => {
                    live.pending -= 1;
                    Msg::Worker(e)
                }
                Update::Refs(moved) => Msg::RefsMoved(moved),
                // Unsent text was saved as it changed: nothing to do first.
                Update::Panicked(message) => return Err(TuiError::ThreadPanicked(message)),
            };
            dispatch(&mut live, &mut app, msg)?;
        }
    }
    Ok(())
}
