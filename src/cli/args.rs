//! The command line as clap reads it, in the person's language: every help
//! text from `i18n::help` (subcommands of subcommands too), the values clap
//! checks refused in that language.

use clap::{CommandFactory, FromArgMatches};

use super::Cli;
use crate::core::Identity;
use crate::i18n::Lang;

/// The command line in `lang`: clap's command with every help text from
/// `i18n::help`, and the values clap checks refused in `lang`.
pub fn command(lang: Lang) -> clap::Command {
    let help = |key: &str| crate::i18n::help::text(lang, key);
    let mut cmd = Cli::command()
        .about(help("about"))
        .long_about(help("long_about"));
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        cmd = cmd.mut_arg(&id, |a| described(a.help(help(&id)), lang));
    }
    cmd = cmd
        .mut_arg("lang", |a| {
            a.value_parser(move |s: &str| {
                Lang::parse(s).ok_or_else(|| match lang {
                    Lang::Vi => format!("không có ngôn ngữ `{s}`; dùng vi hoặc en"),
                    Lang::En => format!("unknown language `{s}`; use vi or en"),
                })
            })
        })
        .mut_arg("as_identity", |a| {
            a.value_parser(move |s: &str| {
                Identity::parse(s).map_err(|e| crate::i18n::errors::identity(&e, lang))
            })
        });
    in_words(cmd, "", lang)
}

/// Each subcommand of `cmd` (and theirs: `admin install-hook`) with its help
/// and its arguments' from `i18n::help`, keyed `name` and `name.argument`
/// (`admin.install-hook`, `admin.install-hook.force` one level down).
fn in_words(mut cmd: clap::Command, prefix: &str, lang: Lang) -> clap::Command {
    let help = |key: &str| crate::i18n::help::text(lang, key);
    let subcommands: Vec<(String, Vec<String>)> = cmd
        .get_subcommands()
        .map(|sub| {
            let args = sub
                .get_arguments()
                .filter(|a| !a.is_global_set())
                .map(|a| a.get_id().to_string())
                .collect();
            (sub.get_name().to_owned(), args)
        })
        .collect();
    for (name, args) in subcommands {
        let key = format!("{prefix}{name}");
        cmd = cmd.mut_subcommand(&name, |mut sub| {
            sub = sub.about(help(&key)).long_about(None);
            for id in args {
                let arg_key = format!("{key}.{id}");
                sub = sub.mut_arg(&id, |a| described(a.help(help(&arg_key)), lang));
            }
            in_words(sub, &format!("{key}."), lang)
        });
    }
    cmd
}

/// An argument with no long help (its help is all) and its placeholder in
/// `lang` (`FILE`, `TỆP`).
fn described(arg: clap::Arg, lang: Lang) -> clap::Arg {
    let arg = arg.long_help(None);
    if !arg.get_action().takes_values() {
        return arg;
    }
    let names: Vec<String> = match arg.get_value_names() {
        Some(names) => names.iter().map(|n| n.to_string()).collect(),
        None => vec![arg.get_id().to_string().to_uppercase()],
    };
    let names: Vec<&'static str> = names
        .iter()
        .map(|n| crate::i18n::help::value_name(lang, n))
        .collect();
    arg.value_names(names)
}

/// `command(lang)` parsed from the process's arguments.
pub(super) fn parse(
    lang: Lang,
    args: &[std::ffi::OsString],
    styles: Option<clap::builder::Styles>,
) -> Result<Cli, clap::Error> {
    let mut cmd = command(lang);
    if let Some(styles) = styles {
        cmd = cmd.styles(styles);
    }
    let matches = cmd.try_get_matches_from(args)?;
    Cli::from_arg_matches(&matches)
}
