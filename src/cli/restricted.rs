//! Restricted mode (`--restricted`), for a forced SSH command: the person
//! and the repository are the administrator's (`duyet admin
//! authorized-key`), and nothing the officer types can change them or reach
//! outside the repository. What the officer asked ssh to run arrives in
//! `SSH_ORIGINAL_COMMAND`; it is split into words here (never given to a
//! shell) and run only if it is one of the allowed subcommands.

use std::ffi::OsString;

use super::{Cli, CliError, Command};

/// What an officer may run through ssh.
const ALLOWED: &[&str] = &[
    "drafts",
    "branches",
    "revisions",
    "sections",
    "status",
    "log",
    "diff",
    "export",
    "comment",
    "reply",
    "resolve",
    "approve",
    "request-changes",
    "withdraw",
    "dismiss",
    "check",
    "edit",
    "merge",
    "sync",
    "theme",
];

/// Options that would change who acts or where: the forced command's alone.
const PINNED: &[&str] = &["--as", "--repo", "--restricted"];

/// The command line to parse: `args`, and in restricted mode what
/// `SSH_ORIGINAL_COMMAND` (`ssh_command`) asks for after it. `--as` and
/// `--repo` may be given once; in restricted mode never by the officer.
pub fn argv(args: Vec<OsString>, ssh_command: Option<&str>) -> Result<Vec<OsString>, CliError> {
    for flag in ["--as", "--repo"] {
        let times = args
            .iter()
            .take_while(|a| *a != "--")
            .filter_map(|a| a.to_str())
            .filter(|a| *a == flag || a.starts_with(&format!("{flag}=")))
            .count();
        if times > 1 {
            return Err(CliError::GivenTwice { flag });
        }
    }
    let restricted = args
        .iter()
        .take_while(|a| *a != "--")
        .any(|a| a == "--restricted");
    let Some(asked) = ssh_command.filter(|c| restricted && !c.trim().is_empty()) else {
        return Ok(args);
    };
    let mut words = shell_words::split(asked).map_err(|_| CliError::NotAllowedOverSsh {
        asked: asked.to_owned(),
    })?;
    // `ssh host duyet status …` as well as `ssh host status …`.
    if words
        .first()
        .is_some_and(|w| w == "duyet" || w.ends_with("/duyet"))
    {
        words.remove(0);
    }
    let refuse = || CliError::NotAllowedOverSsh {
        asked: asked.to_owned(),
    };
    if !words.first().is_some_and(|w| ALLOWED.contains(&w.as_str())) {
        return Err(refuse());
    }
    if words.iter().any(|w| {
        PINNED
            .iter()
            .any(|p| w == p || w.starts_with(&format!("{p}=")))
    }) {
        return Err(refuse());
    }
    let mut out = args;
    out.extend(words.into_iter().map(OsString::from));
    Ok(out)
}

/// What restricted mode refuses once the command line is read: commands
/// that read or write files outside the repository, or administer it.
pub fn check(cli: &Cli) -> Result<(), CliError> {
    if !cli.restricted {
        return Ok(());
    }
    let refused = match &cli.command {
        // With --rev, check reads the repository only.
        Some(Command::Check { rev: None, .. }) => Some("check"),
        Some(Command::Fmt { .. }) => Some("fmt"),
        Some(Command::Demo { .. }) => Some("demo"),
        Some(Command::Import { .. }) => Some("import"),
        Some(Command::Admin { .. }) => Some("admin"),
        Some(Command::Hook { .. }) => Some("hook"),
        Some(Command::Edit {
            body_file: Some(path),
            ..
        }) if path.as_os_str() != "-" => Some("edit --body-file"),
        // A file outside the repository; to stdout (`-o -`, or none) it is
        // reading.
        Some(Command::Export {
            output: Some(path), ..
        }) if path.as_os_str() != "-" => Some("export -o"),
        _ => None,
    };
    match refused {
        Some(what) => Err(CliError::Restricted { what }),
        None => Ok(()),
    }
}
