//! The review screen (ratatui + crossterm): the only module that draws.
//!
//! State, update and view are kept apart (`app`, `view`); git work runs on a
//! worker thread (`worker`) and comes back as messages, so the screen never
//! waits for it. Keys are bound in one table (`keys`) that also writes the help.

pub mod app;
pub mod board;
pub mod content;
pub mod i18n;
pub mod keys;
pub mod review;
pub mod theme;
pub mod unsent;
pub mod view;
pub mod worker;
pub mod wrap;

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

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
}

/// Opens the repository and runs every job the screen asks for until it asks
/// for nothing more, on this thread: the whole screen without a worker or a
/// terminal, for tests and the benchmark.
pub fn open_inline(store: &crate::store::Store, app: &mut App, identity: Option<Identity>) {
    let info = worker::open_repo(store, identity)
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
    let mut terminal = ratatui::try_init()?;
    watch_terminal();
    let result = event_loop(&mut terminal, repo, options);
    let restored = ratatui::try_restore();
    result?;
    Ok(restored?)
}

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
    let dir = git_dir.map_or_else(std::env::temp_dir, |d| d.join("duyet"));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join(format!("edit-{}.txt", std::process::id()));
    std::fs::write(&file, format!("{text}\n"))?;
    ratatui::try_restore()?;
    // Through the shell, so EDITOR may carry arguments ("code -w", "vim -u …").
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{} \"$1\"", editor.to_string_lossy()))
        .arg("duyet-editor")
        .arg(&file)
        .status();
    *terminal = ratatui::try_init()?;
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
                    let _ = ratatui::try_restore();
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
    let repo_path = repo.clone();
    let identity = options.identity.clone();
    std::thread::Builder::new()
        .name("duyet-git".into())
        .spawn(move || worker::run(repo, identity, job_rx, event_tx))?;

    let size = terminal.size()?;
    let mut app = App::new(options.lang, (size.width, size.height));
    let theme = Theme::builtin(std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()));
    let git_dir = crate::store::Store::open(Some(&repo_path))
        .ok()
        .map(|s| s.git_dir().to_path_buf());
    // The unsent-text file, once we know who is writing.
    let mut unsent_file: Option<std::path::PathBuf> = None;
    let mut unsent_saved = std::collections::BTreeMap::new();
    let mut dirty = true;
    // Jobs sent to the worker and not yet answered: while there are some, the
    // loop looks for their answers often instead of waiting for a key.
    let mut pending = 1; // the repository is being opened
    while !app.quit {
        if dirty {
            terminal.draw(|frame| view::draw(frame, &app, &theme))?;
            dirty = false;
        }
        let mut messages = Vec::new();
        // A dead terminal (dropped SSH connection) makes poll/read fail: we
        // return, restore what can be restored, and exit instead of spinning.
        let wait = if pending > 0 { 4 } else { 100 };
        if event::poll(Duration::from_millis(wait))? {
            match event::read()? {
                // F3 in the editor: continue in $EDITOR (not in restricted mode).
                Event::Key(k)
                    if k.kind != KeyEventKind::Release
                        && app.editing()
                        && k.code == crossterm::event::KeyCode::F(3)
                        && !options.restricted =>
                {
                    if let Some(text) = external_edit(terminal, &app, git_dir.as_deref())? {
                        messages.push(Msg::ReplaceText(text));
                    }
                }
                // While the editor is open, keys are text (Unikey's Ctrl+H
                // included), not commands.
                Event::Key(k) if k.kind != KeyEventKind::Release && app.editing() => {
                    messages.push(Msg::Text(k));
                }
                Event::Key(k) if k.kind != KeyEventKind::Release => {
                    if let Some(action) = keys::action_for(k) {
                        messages.push(Msg::Key(action));
                    }
                }
                // Pasted text (bracketed paste) goes into the editor as typed.
                Event::Paste(text) if app.editing() => {
                    messages.extend(text.chars().map(|c| {
                        let code = if c == '\n' {
                            crossterm::event::KeyCode::Enter
                        } else {
                            crossterm::event::KeyCode::Char(c)
                        };
                        Msg::Text(crossterm::event::KeyEvent::from(code))
                    }));
                }
                Event::Resize(w, h) => messages.push(Msg::Resize(w, h)),
                _ => {}
            }
        }
        for event in event_rx.try_iter() {
            pending -= 1;
            messages.push(Msg::Worker(event));
        }
        for msg in messages {
            dirty = true;
            for job in update(&mut app, msg) {
                // The worker only stops when this side hangs up.
                if job_tx.send(job).is_ok() {
                    pending += 1;
                }
            }
        }
        if unsent_file.is_none() {
            if let (Some(dir), Some(me)) = (&git_dir, app.me()) {
                let file = unsent::path(dir, &me.email);
                unsent_saved = unsent::load(&file);
                app.unsent.extend(unsent_saved.clone());
                unsent_file = Some(file);
            }
        }
        if let Some(file) = &unsent_file {
            let now = unsent::snapshot(&app);
            if now != unsent_saved && unsent::save(file, &now).is_ok() {
                unsent_saved = now;
            }
        }
    }
    Ok(())
}
