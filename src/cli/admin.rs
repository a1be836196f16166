//! `duyet admin …` for whoever looks after a hub or a server, and `duyet
//! hook pre-receive`, which git runs on the hub for every push.

use std::io::{Read, Write};
use std::path::Path;

use super::CliError;
use super::print::{errln, outln};
use crate::core::{Identity, policy, signature};
use crate::ops::{self, hook};
use crate::store::Store;

/// The line that marks a hook as duyet's, so installing again replaces it
/// and anything else is never overwritten without `--force`.
const MARK: &str = "# duyet: pre-receive guard";

/// The most a hook reads from git (one line per ref pushed).
const MAX_INPUT: u64 = 16 * 1024 * 1024;

/// Installs the `pre-receive` hook in the repository's hooks folder.
pub fn install_hook(store: &Store, force: bool, out: &mut impl Write) -> Result<(), CliError> {
    let exe = current_exe()?;
    let path = store.hooks_dir().join("pre-receive");
    if let Ok(old) = std::fs::read_to_string(&path) {
        if !old.contains(MARK) && !force {
            return Err(CliError::HookExists { path });
        }
    }
    let script = format!(
        "#!/bin/sh\n{MARK}: refuses pushes that would lose review records, \
         add records their authors may not write, or change main other than \
         by the office.\nexec {} --repo \"${{GIT_DIR:-.}}\" hook pre-receive\n",
        shell_quote(&exe)
    );
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| CliError::Write {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    crate::store::write_atomically(&path, script.as_bytes(), crate::store::Access::Umask).map_err(
        |source| CliError::Write {
            path: path.clone(),
            source,
        },
    )?;
    set_executable(&path)?;
    outln(out, &format!("{}", path.display()));
    Ok(())
}

/// The hook itself: reads git's lines, says each reason to refuse.
pub fn pre_receive(repo: Option<&std::path::Path>) -> Result<(), CliError> {
    let store = Store::open_in_hook(repo.unwrap_or(std::path::Path::new(".")))?;
    let mut input = String::new();
    std::io::stdin()
        .take(MAX_INPUT)
        .read_to_string(&mut input)
        .map_err(|source| CliError::Read {
            path: "stdin".into(),
            source,
        })?;
    let updates = hook::parse_updates(&input)?;
    let refused = hook::check_push(&store, &updates)?;
    if refused.is_empty() {
        return Ok(());
    }
    for r in &refused {
        let commit = r
            .commit
            .as_deref()
            .map(|c| format!(" (commit {})", &c[..c.len().min(12)]))
            .unwrap_or_default();
        errln(&format!("duyet: {}{commit}: {}", r.refname, r.why));
    }
    errln("duyet: the push was refused; nothing on the hub changed.");
    Err(CliError::Reported)
}

/// The `authorized_keys` line for `who`'s public key `key_file`: the forced
/// command opens duyet on this repository as that person, restricted, and
/// the options take away everything else (as gitolite's lines do).
pub fn authorized_key(
    store: &Store,
    who: &Identity,
    key_file: &Path,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let config = ops::config(store)?;
    policy::person(config.as_ref(), who).map_err(ops::OpsError::NotAllowed)?;
    let text = std::fs::read_to_string(key_file).map_err(|source| CliError::Read {
        path: key_file.to_path_buf(),
        source,
    })?;
    let Some(key) = text.lines().find_map(signature::normalise_key) else {
        return Err(CliError::NotAPublicKey {
            path: key_file.to_path_buf(),
        });
    };
    let exe = current_exe()?;
    let repo = std::fs::canonicalize(store.path()).unwrap_or_else(|_| store.path().to_path_buf());
    let repo = repo
        .to_str()
        .ok_or_else(|| CliError::ExeNotUtf8 { path: repo.clone() })?;
    let command = format!(
        "{} --repo {} --as {} --restricted",
        shell_quote(&exe),
        shell_quote(repo),
        shell_quote(&who.to_string())
    );
    let command = command.replace('\\', "\\\\").replace('"', "\\\"");
    outln(
        out,
        &format!("command=\"{command}\",restrict,pty {key} {}", who.email),
    );
    Ok(())
}

/// The file for git's `gpg.ssh.allowedSignersFile`: each person's keys for
/// their e-mail, each server's for everyone's, all for the namespace `git`.
pub fn allowed_signers(store: &Store, out: &mut impl Write) -> Result<(), CliError> {
    let Some(config) = ops::config(store)? else {
        return Err(ops::OpsError::NotAllowed(policy::Refusal::NoConfig).into());
    };
    for p in &config.people {
        // duyet.yaml's keys are kept without their comments (`Config::read`).
        for key in &p.keys {
            outln(out, &format!("{} namespaces=\"git\" {key}", p.email));
        }
    }
    let everyone: Vec<&str> = config.people.iter().map(|p| p.email.as_str()).collect();
    if !everyone.is_empty() {
        for key in &config.server_keys {
            outln(
                out,
                &format!("{} namespaces=\"git\" {key}", everyone.join(",")),
            );
        }
    }
    Ok(())
}

fn current_exe() -> Result<String, CliError> {
    let exe = std::env::current_exe().map_err(|source| CliError::Read {
        path: "/proc/self/exe".into(),
        source,
    })?;
    exe.to_str()
        .map(str::to_owned)
        .ok_or(CliError::ExeNotUtf8 { path: exe })
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

#[cfg(unix)]
fn set_executable(path: &std::path::Path) -> Result<(), CliError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).map_err(|source| {
        CliError::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}

#[cfg(not(unix))]
fn set_executable(_: &std::path::Path) -> Result<(), CliError> {
    Ok(())
}
