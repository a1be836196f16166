//! The command line: every action of the TUI as a subcommand, for scripts and
//! tests, with `--json` where a script would read the output.
//!
//! `mod.rs` declares the arguments and runs each command as a few lines
//! around one `ops` call; `args.rs` builds clap's command in the person's
//! language; `restricted.rs` is restricted mode (forced SSH commands);
//! `settings.rs` each person's settings; `files.rs` check and fmt;
//! `import.rs` import (a report as a draft); `admin.rs` the administrator's
//! commands and the hub's hook; `sync.rs` what `sync` prints; `error.rs`
//! the command line's errors in words; `output.rs` words the results for
//! people and for `--json`;
//! `print.rs` is the only way text reaches stdout and stderr (through the
//! sanitiser).

mod admin;
mod args;
mod error;
mod export;
mod files;
mod import;
mod output;
mod print;
mod restricted;
mod settings;
mod sync;

pub use args::command;
use args::parse;
pub use error::CliError;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::core::Identity;
use crate::demo;
use crate::ops::compare::Range;
use crate::ops::{self, review};
use crate::store::{DRAFTS_DIR, MAIN_BRANCH, Store};
use crate::tui::{self, Lang};
use print::{errln, outln};

#[derive(Parser, Debug)]
#[command(name = "duyet", version)]
// The command line. Its help texts, in each language, are `i18n::help`'s
// (`command(lang)` puts them in).
pub struct Cli {
    #[arg(long, global = true, value_name = "PATH")]
    pub repo: Option<PathBuf>,
    #[arg(long = "as", global = true, value_name = "\"Name <email>\"", value_parser = parse_identity)]
    pub as_identity: Option<Identity>,
    #[arg(long, global = true)]
    pub restricted: bool,
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_lang, overrides_with = "lang")]
    pub lang: Option<Lang>,
    #[arg(
        long = "theme",
        id = "theme_choice",
        global = true,
        value_name = "THEME"
    )]
    pub theme: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
// The subcommands (help texts: `i18n::help`).
pub enum Command {
    Check {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[arg(long)]
        rev: Option<String>,
        #[arg(long)]
        json: bool,
        #[arg(long)]
        strict: bool,
    },
    Fmt {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[arg(long)]
        check: bool,
    },
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long, value_name = "DEPT")]
        owner: Option<String>,
        #[arg(long)]
        force: bool,
    },
    Demo {
        dir: Option<PathBuf>,
        #[arg(long)]
        no_tui: bool,
        #[arg(long)]
        force: bool,
    },
    Drafts {
        #[arg(long, default_value = MAIN_BRANCH)]
        rev: String,
        #[arg(long)]
        json: bool,
    },
    Branches {
        #[arg(long)]
        json: bool,
    },
    Revisions {
        draft: String,
        #[arg(long, default_value = MAIN_BRANCH)]
        rev: String,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    Sections {
        draft: String,
        #[arg(long, default_value = MAIN_BRANCH)]
        rev: String,
        #[arg(long)]
        json: bool,
    },
    Comment {
        draft: String,
        section: String,
        #[arg(short = 'm', long = "message", value_name = "TEXT")]
        text: String,
        #[arg(long, value_name = "WORDS")]
        quote: Option<String>,
        #[arg(long, default_value = MAIN_BRANCH)]
        rev: String,
    },
    Reply {
        record: String,
        #[arg(short = 'm', long = "message", value_name = "TEXT")]
        text: String,
    },
    Resolve {
        record: String,
        #[arg(short = 'm', long = "message", value_name = "TEXT", default_value = "")]
        text: String,
    },
    Approve {
        draft: String,
        section: String,
        #[arg(long, default_value = MAIN_BRANCH)]
        rev: String,
        #[arg(short = 'm', long = "message", value_name = "TEXT", default_value = "")]
        text: String,
    },
    RequestChanges {
        draft: String,
        section: String,
        #[arg(short = 'm', long = "message", value_name = "TEXT")]
        text: String,
        #[arg(long, default_value = MAIN_BRANCH)]
        rev: String,
    },
    Withdraw {
        draft: String,
        section: String,
        #[arg(short = 'm', long = "message", value_name = "TEXT", default_value = "")]
        text: String,
    },
    Dismiss {
        draft: String,
        key: String,
        #[arg(short = 'm', long = "message", value_name = "TEXT")]
        text: String,
        #[arg(long, default_value = MAIN_BRANCH)]
        rev: String,
    },
    Edit {
        draft: String,
        section: String,
        #[arg(long, conflicts_with = "no_title")]
        title: Option<String>,
        #[arg(long)]
        no_title: bool,
        #[arg(long, value_name = "FILE")]
        body_file: Option<PathBuf>,
        #[arg(short = 'm', long = "message", value_name = "MESSAGE")]
        message: Option<String>,
    },
    Merge {
        draft: String,
        #[arg(long, value_name = "BRANCH")]
        from: String,
        #[arg(long, conflicts_with_all = ["take_all", "accept", "reject"])]
        plan: bool,
        #[arg(long)]
        take_all: bool,
        #[arg(long, value_name = "ID", num_args = 1..)]
        accept: Vec<String>,
        #[arg(long, value_name = "ID", num_args = 1..)]
        reject: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    Status {
        draft: String,
        #[arg(long, default_value = MAIN_BRANCH)]
        rev: String,
        #[arg(long)]
        json: bool,
    },
    Log {
        draft: String,
        #[arg(long, value_name = "ID")]
        section: Option<String>,
        #[arg(long)]
        json: bool,
    },
    Sync {
        #[arg(default_value = "origin")]
        remote: String,
        #[arg(long)]
        json: bool,
    },
    Theme {
        /// A theme to keep as the person's choice.
        name: Option<String>,
        /// Back to the default.
        #[arg(long, conflicts_with = "name")]
        reset: bool,
    },
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    #[command(hide = true)]
    Hook {
        #[arg(value_parser = ["pre-receive"])]
        name: String,
    },
    Diff {
        draft: String,
        #[arg(value_name = "A...B | A")]
        rev_a: String,
        #[arg(value_name = "B")]
        rev_b: Option<String>,
        #[arg(long, value_name = "ID")]
        section: Option<String>,
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    Export {
        draft: String,
        #[arg(long, default_value = MAIN_BRANCH)]
        rev: String,
        #[arg(long, value_parser = ["docx", "md", "html"])]
        format: String,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long)]
        with_reviews: bool,
        #[arg(long = "final")]
        final_only: bool,
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum AdminCommand {
    /// Install the pre-receive hook in this (hub) repository: it refuses a
    /// push that would rewind or delete the review records, add records
    /// their authors may not write, or change main other than by the office.
    InstallHook {
        /// Replace a pre-receive hook that is not duyet's.
        #[arg(long)]
        force: bool,
    },
    /// Print the `authorized_keys` line that opens duyet, restricted, as the
    /// person given with --as (who must be in duyet.yaml), for their key.
    AuthorizedKey {
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
    },
    /// Print the file for git's gpg.ssh.allowedSignersFile, from the keys
    /// duyet.yaml lists (people's, and servers' for everyone).
    AllowedSigners,
}

fn parse_identity(s: &str) -> Result<Identity, crate::core::IdentityError> {
    Identity::parse(s)
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language `{s}`; use vi or en"))
}

pub fn main() -> ExitCode {
    print::sanitise_panics();
    crate::store::limit_object_cache();
    let lang = lang_of(std::env::args_os());
    let ssh_command = std::env::var("SSH_ORIGINAL_COMMAND").ok();
    let args = match restricted::argv(std::env::args_os().collect(), ssh_command.as_deref()) {
        Ok(args) => args,
        Err(e) => {
            errln(&error::lines(&e, lang).1);
            return ExitCode::from(2);
        }
    };
    // `ssh host status … --lang en` too.
    let lang = lang_of(args.clone());
    let cli = match parse(lang, &args, None) {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            // Again without clap's styles: its styled message, rendered as
            // text, silently strips escape sequences from a value quoted in
            // it; the plain one holds the value as typed, and the sanitiser
            // shows what was in it.
            let plain = parse(lang, &args, Some(clap::builder::Styles::plain()))
                .err()
                .unwrap_or(e);
            return print::clap_error(&plain);
        }
        Err(e) => return print::clap_error(&e),
    };
    match restricted::check(&cli).and_then(|()| run(cli, lang)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Reported) => ExitCode::FAILURE,
        Err(e) => {
            let (kind, text) = error::lines(&e, lang);
            errln(&text);
            if kind == crate::i18n::errors::Kind::Usage {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

/// The language of the command line, known before clap parses it (so that
/// `--help` and clap's errors can be in it): the last `--lang X` or
/// `--lang=X` before a `--`, else `DUYET_LANG`, else Vietnamese. A value
/// that is no language changes nothing here; clap refuses it, in the
/// language found.
pub fn lang_of(args: impl IntoIterator<Item = std::ffi::OsString>) -> Lang {
    let mut found = None;
    let mut args = args.into_iter().skip(1);
    while let Some(arg) = args.next() {
        let Some(arg) = arg.to_str() else { continue };
        if arg == "--" {
            break;
        }
        let value = if arg == "--lang" {
            args.next().and_then(|v| v.to_str().and_then(Lang::parse))
        } else {
            arg.strip_prefix("--lang=").and_then(Lang::parse)
        };
        found = value.or(found);
    }
    found
        .or_else(|| {
            std::env::var("DUYET_LANG")
                .ok()
                .and_then(|v| Lang::parse(&v))
        })
        .unwrap_or(Lang::Vi)
}

/// Runs the command in `lang` (`lang_of`: `--lang`, else `DUYET_LANG`, else
/// Vietnamese).
pub fn run(cli: Cli, lang: Lang) -> Result<(), CliError> {
    let stdout = &mut std::io::stdout().lock();
    let mut global = tui::Options {
        identity: cli.as_identity.clone(),
        lang,
        restricted: cli.restricted,
        theme: cli.theme.clone(),
    };
    let actor = Actor {
        repo: cli.repo.clone(),
        identity: cli.as_identity.clone(),
    };
    let Some(command) = cli.command else {
        let store = Store::open(cli.repo.as_deref())?;
        global.theme = theme_for(&store, &global)?;
        return Ok(tui::run(store.path(), global)?);
    };
    match command {
        Command::Check {
            files,
            rev,
            json,
            strict,
        } => {
            let args = files::CheckArgs {
                files,
                rev,
                json,
                strict,
            };
            files::check(&args, cli.repo.as_deref(), lang, stdout)
        }
        Command::Fmt { files, check } => files::fmt(&files, check, lang, stdout),
        Command::Import {
            file,
            output,
            owner,
            force,
        } => {
            let request = import::Request {
                file: &file,
                output: output.as_deref(),
                owner,
                force,
                repo: cli.repo.as_deref(),
            };
            import::run(&request, lang, stdout)
        }
        Command::Demo { dir, no_tui, force } => {
            let dir = dir.unwrap_or_else(demo::default_dir);
            let made = if force {
                demo::rebuild(&dir)
            } else {
                demo::build(&dir)
            };
            let summary = match made {
                Ok(summary) => summary,
                // The screen opens a demo built before as it is: it may hold
                // people's review records.
                Err(demo::DemoError::Exists { path }) if !no_tui => {
                    tui::run(&path, global)?;
                    let line = lang
                        .cli()
                        .demo_kept
                        .replace("{path}", &path.display().to_string());
                    outln(stdout, &line);
                    return Ok(());
                }
                Err(e) => return Err(e.into()),
            };
            let path = summary.path.display();
            let line = lang
                .cli()
                .demo_built
                .replace("{path}", &path.to_string())
                .replace("{revisions}", &summary.revisions.to_string())
                .replace("{branches}", &summary.branches.join(", "));
            if no_tui {
                outln(stdout, &line);
                outln(stdout, &format!("duyet --repo {path}"));
                Ok(())
            } else {
                tui::run(&summary.path, global)?;
                // Say it after the screen is gone, so it stays visible.
                outln(stdout, &line);
                Ok(())
            }
        }
        Command::Drafts { rev, json } => {
            let store = Store::open(cli.repo.as_deref())?;
            output::drafts(&store, &rev, json, lang, stdout)
        }
        Command::Branches { json } => {
            let store = Store::open(cli.repo.as_deref())?;
            output::branches(&store, json, lang, stdout)
        }
        Command::Revisions {
            draft,
            rev,
            limit,
            json,
        } => {
            let store = Store::open(cli.repo.as_deref())?;
            let path = draft_path(&draft);
            let revs = store.revisions(&rev, &path, limit)?;
            output::revisions(&revs, json, stdout)
        }
        Command::Sections { draft, rev, json } => {
            let store = Store::open(cli.repo.as_deref())?;
            let path = draft_path(&draft);
            let d = store.read_draft(&rev, &path)?;
            output::sections(&d, json, stdout)
        }
        Command::Comment {
            draft,
            section,
            text,
            quote,
            rev,
        } => {
            let (store, who) = actor.open()?;
            let path = draft_path(&draft);
            let target = review::Target {
                draft: &path,
                section: &section,
                rev: &rev,
            };
            let id = review::comment(&store, &target, &request(&who, &text), quote.as_deref())?;
            outln(stdout, &id);
            Ok(())
        }
        Command::Reply { record, text } => {
            let (store, who) = actor.open()?;
            outln(
                stdout,
                &review::reply(&store, &record, &request(&who, &text))?,
            );
            Ok(())
        }
        Command::Resolve { record, text } => {
            let (store, who) = actor.open()?;
            outln(
                stdout,
                &review::resolve(&store, &record, &request(&who, &text))?,
            );
            Ok(())
        }
        Command::Approve {
            draft,
            section,
            rev,
            text,
        } => decide(
            &actor,
            review::approve,
            &draft,
            &section,
            &rev,
            &text,
            stdout,
        ),
        Command::RequestChanges {
            draft,
            section,
            text,
            rev,
        } => decide(
            &actor,
            review::request_changes,
            &draft,
            &section,
            &rev,
            &text,
            stdout,
        ),
        Command::Dismiss {
            draft,
            key,
            text,
            rev,
        } => {
            let (store, who) = actor.open()?;
            let path = draft_path(&draft);
            let req = request(&who, &text);
            outln(
                stdout,
                &ops::lint::dismiss(&store, &path, &rev, &key, &req)?,
            );
            Ok(())
        }
        Command::Withdraw {
            draft,
            section,
            text,
        } => {
            let (store, who) = actor.open()?;
            let path = draft_path(&draft);
            outln(
                stdout,
                &review::withdraw(&store, &path, &section, &request(&who, &text))?,
            );
            Ok(())
        }
        Command::Edit {
            draft,
            section,
            title,
            no_title,
            body_file,
            message,
        } => {
            let (store, who) = actor.open()?;
            let body = match body_file {
                Some(p) if p.as_os_str() == "-" => {
                    let mut s = String::new();
                    std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).map_err(
                        |source| CliError::Read {
                            path: p.clone(),
                            source,
                        },
                    )?;
                    Some(s)
                }
                Some(p) => Some(String::from_utf8_lossy(&files::read(&p)?).into_owned()),
                None => None,
            };
            let title = if no_title {
                Some(None)
            } else {
                title.map(Some)
            };
            if title.is_none() && body.is_none() {
                return Err(CliError::NothingToEdit);
            }
            let edit = ops::edit::SectionEdit {
                title,
                body,
                message,
            };
            let path = draft_path(&draft);
            let done = ops::edit::edit_section(&store, &who, None, &path, &section, &edit)?;
            outln(stdout, &format!("{} {}", done.branch, done.commit));
            Ok(())
        }
        Command::Merge {
            draft,
            from,
            plan,
            take_all,
            accept,
            reject,
            json,
        } => {
            let store = Store::open(cli.repo.as_deref())?;
            let path = draft_path(&draft);
            let board = ops::merge::prepare(&store, &path, &from)?;
            if plan || !(take_all || !accept.is_empty() || !reject.is_empty()) {
                return output::merge_plan(&board, json, lang, stdout);
            }
            let who = ops::identity(&store, cli.as_identity.as_ref())?;
            let decisions = ops::merge::decisions_from(&accept, &reject);
            let merged = ops::merge::commit(&store, &who, None, &board, &decisions)?;
            if json {
                let value = serde_json::json!({"commit": merged.commit, "message": merged.message});
                print::json_out(stdout, &value);
            } else {
                outln(stdout, &merged.commit);
            }
            Ok(())
        }
        Command::Status { draft, rev, json } => {
            let store = Store::open(cli.repo.as_deref())?;
            let path = draft_path(&draft);
            // The status is shown without a usable duyet.yaml, but then no
            // decision counts: say why, with the file and line.
            let config = ops::config(&store);
            let status = review::status_summary(&store, &path, &rev)?;
            say(
                &review::notices(&store, Some(&config), &status.warnings),
                lang,
            );
            output::status(&status, &path, &rev, json, lang, stdout)
        }
        Command::Admin {
            command: AdminCommand::InstallHook { force },
        } => {
            let store = Store::open(cli.repo.as_deref())?;
            admin::install_hook(&store, force, stdout)
        }
        Command::Admin {
            command: AdminCommand::AuthorizedKey { key },
        } => {
            let store = Store::open(cli.repo.as_deref())?;
            let who = cli.as_identity.clone().ok_or(CliError::NeedsPerson)?;
            admin::authorized_key(&store, &who, &key, stdout)
        }
        Command::Admin {
            command: AdminCommand::AllowedSigners,
        } => {
            let store = Store::open(cli.repo.as_deref())?;
            admin::allowed_signers(&store, stdout)
        }
        Command::Hook { .. } => admin::pre_receive(cli.repo.as_deref()),
        Command::Theme { name, reset } => {
            // The person is enough; a repository only to ask git who it is.
            let who = match &cli.as_identity {
                Some(who) => who.clone(),
                None => actor.open()?.1,
            };
            let words = lang.cli();
            if let Some(name) = name.as_deref().filter(|_| !reset) {
                tui::theme::Theme::named(name, tui::theme::Depth::Ansi16)?;
                let path = settings::set_theme(&who, Some(name))?;
                outln(
                    stdout,
                    &words
                        .theme_set
                        .replace("{theme}", name)
                        .replace("{path}", &path.display().to_string()),
                );
            } else if reset {
                let path = settings::set_theme(&who, None)?;
                outln(
                    stdout,
                    &words
                        .theme_set
                        .replace("{theme}", "default")
                        .replace("{path}", &path.display().to_string()),
                );
            } else {
                let current = settings::theme_of(&who).unwrap_or_else(|| "default".to_owned());
                for t in tui::theme::Theme::names() {
                    let mark = if t == current { "*" } else { " " };
                    outln(stdout, &format!("{mark} {t}"));
                }
            }
            Ok(())
        }
        Command::Sync { remote, json } => {
            let (store, who) = actor.open()?;
            let report = ops::sync::sync(&store, &remote, &who, None)?;
            if sync::report(&report, json, lang, stdout) {
                return Err(CliError::Reported);
            }
            Ok(())
        }
        Command::Log {
            draft,
            section,
            json,
        } => {
            let store = Store::open(cli.repo.as_deref())?;
            let path = draft_path(&draft);
            let (records, unreadable, notices) = review::log(&store, &path, section.as_deref())?;
            say(&notices, lang);
            output::log(&records, &unreadable, json, lang, stdout)
        }
        Command::Diff {
            draft,
            rev_a,
            rev_b,
            section,
            all,
            json,
        } => {
            let (from, to, range) = match (&rev_b, Range::parse(&rev_a)) {
                (Some(b), _) => (rev_a.as_str(), b.as_str(), Range::Direct),
                (None, Some(parsed)) => parsed,
                (None, None) => {
                    return Err(CliError::DiffRange { rev: rev_a.clone() });
                }
            };
            let store = Store::open(cli.repo.as_deref())?;
            let path = draft_path(&draft);
            let mut diff = ops::compare::compare(&store, &path, from, to, range)?.diff;
            if let Some(id) = &section {
                diff.sections.retain(|s| &s.id == id);
                if diff.sections.is_empty() {
                    return Err(CliError::NoSection {
                        id: id.clone(),
                        draft,
                    });
                }
            }
            let show_all = all || section.is_some();
            let shown = match range {
                Range::SinceFork => format!("{from}...{to}"),
                Range::Direct => format!("{from}..{to}"),
            };
            output::diff(&diff, &path, from, to, &shown, json, show_all, lang, stdout)
        }
        Command::Export {
            draft,
            rev,
            format,
            output,
            with_reviews,
            final_only,
            force,
        } => {
            let request = export::Request {
                draft,
                rev,
                // clap lets only the names `Format::parse` knows through.
                format: crate::export::Format::parse(&format).expect("a format clap allows"),
                output,
                with_reviews,
                final_only,
                force,
            };
            export::run(cli.repo.as_deref(), &request, lang, stdout)
        }
    }
}

/// Notices beside an answer, on stderr.
fn say(notices: &[review::Notice], lang: Lang) {
    for n in notices {
        errln(&format!("duyet: {}", crate::i18n::cli::notice(lang, n)));
    }
}

/// A decision subcommand (approve, request changes): the same checks and
/// output, a different record.
fn decide(
    actor: &Actor,
    op: fn(&Store, &review::Target<'_>, &review::Request<'_>) -> ops::Result<String>,
    draft: &str,
    section: &str,
    rev: &str,
    text: &str,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let (store, who) = actor.open()?;
    let path = draft_path(draft);
    let target = review::Target {
        draft: &path,
        section,
        rev,
    };
    outln(out, &op(&store, &target, &request(&who, text))?);
    Ok(())
}

/// The theme the screen draws with: `--theme`, else (unless `NO_COLOR`
/// asks for none) the person's choice (`duyet theme NAME`); checked before
/// the screen opens.
fn theme_for(store: &Store, options: &tui::Options) -> Result<Option<String>, CliError> {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let chosen = options.theme.clone().or_else(|| {
        if no_color {
            return None;
        }
        let who = ops::identity(store, options.identity.as_ref()).ok()?;
        settings::theme_of(&who)
    });
    if let Some(name) = &chosen {
        tui::theme::Theme::named(name, tui::theme::Depth::Ansi16)?;
    }
    Ok(chosen)
}

/// Where a command acts and as whom: `--repo` and `--as`.
struct Actor {
    repo: Option<PathBuf>,
    identity: Option<Identity>,
}

impl Actor {
    /// The repository and the acting person (git's identity without `--as`).
    fn open(&self) -> Result<(Store, Identity), CliError> {
        let store = Store::open(self.repo.as_deref())?;
        let who = ops::identity(&store, self.identity.as_ref())?;
        Ok((store, who))
    }
}

fn request<'a>(who: &'a Identity, text: &'a str) -> review::Request<'a> {
    review::Request {
        who,
        when: None,
        text,
    }
}

/// A draft given as a path (`drafts/x.yaml`) or by name (`x`).
pub fn draft_path(arg: &str) -> String {
    if arg.contains('/') || arg.ends_with(".yaml") || arg.ends_with(".yml") {
        arg.trim_start_matches("./").to_owned()
    } else {
        format!("{DRAFTS_DIR}/{arg}.yaml")
    }
}
