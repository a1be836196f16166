//! The subcommands that work on files outside the repository's history:
//! `check` (is a draft or duyet.yaml valid) and `fmt` (the canonical
//! layout).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::CliError;
use super::print::{errln, outln};
use crate::core::config::{CONFIG_PATH, Config};
use crate::core::{load_draft, yaml};
use crate::ops;
use crate::store::Store;
use crate::tui::Lang;

pub(super) fn read(path: &Path) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|source| CliError::Read {
        path: path.to_path_buf(),
        source,
    })
}

fn is_config(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == CONFIG_PATH)
}

pub(super) fn check(
    files: &[PathBuf],
    repo: Option<&Path>,
    lang: Lang,
    out: &mut impl Write,
) -> Result<(), CliError> {
    // Section owners are checked against the duyet.yaml given alongside,
    // else the repository's on main (none outside a repository).
    let config = match files.iter().find(|p| is_config(p)) {
        Some(p) => read(p)
            .ok()
            .and_then(|b| Config::load(CONFIG_PATH, &b).ok()),
        None => Store::open(repo)
            .ok()
            .and_then(|store| ops::config(&store).ok().flatten()),
    };
    let mut failed = false;
    for path in files {
        let name = path.display().to_string();
        let limit = if is_config(path) {
            crate::core::config::MAX_CONFIG_BYTES
        } else {
            crate::core::load::MAX_DRAFT_BYTES
        };
        // A file far over the limit is not read at all.
        let size = std::fs::metadata(path).map_or(0, |m| m.len());
        let result = if size > limit as u64 {
            Err(crate::core::load::too_large(&name, size, limit))
        } else if is_config(path) {
            Config::check(&name, &read(path)?).map(|_| ())
        } else {
            crate::core::load::check_draft(&name, &read(path)?, config.as_ref()).map(|_| ())
        };
        match result {
            Ok(()) => outln(out, &format!("{name}: {}", lang.cli().ok)),
            Err(e) => {
                failed = true;
                errln(&crate::i18n::errors::load(&e, lang));
            }
        }
    }
    if failed {
        Err(CliError::Reported)
    } else {
        Ok(())
    }
}

pub(super) fn fmt(
    files: &[PathBuf],
    check_only: bool,
    lang: Lang,
    out: &mut impl Write,
) -> Result<(), CliError> {
    // duyet.yaml has no canonical layout of its own (its comments are the
    // office's notes): refused before any draft is rewritten.
    if let Some(config) = files.iter().find(|p| is_config(p)) {
        return Err(CliError::FmtConfig {
            path: config.clone(),
        });
    }
    let mut unformatted = false;
    for path in files {
        let name = path.display().to_string();
        // A file far over the limit is not read at all.
        let size = std::fs::metadata(path).map_or(0, |m| m.len());
        let limit = crate::core::load::MAX_DRAFT_BYTES;
        if size > limit as u64 {
            return Err(crate::core::load::too_large(&name, size, limit).into());
        }
        let bytes = read(path)?;
        let draft = load_draft(&name, &bytes)?;
        let text = yaml::write_draft(&draft);
        if text.as_bytes() == bytes.as_slice() {
            continue;
        }
        if check_only {
            unformatted = true;
            outln(out, &format!("{name}: {}", lang.cli().not_canonical));
        } else {
            // Whole or not at all (a crash mid-write must not cut the
            // draft short), and with the permissions it had.
            let mode = std::fs::metadata(path).map(|m| m.permissions());
            crate::store::write_atomically(path, text.as_bytes(), crate::store::Access::Umask)
                .and_then(|()| mode.and_then(|m| std::fs::set_permissions(path, m)))
                .map_err(|source| CliError::Write {
                    path: path.clone(),
                    source,
                })?;
            outln(out, &format!("{name}: {}", lang.cli().rewritten));
        }
    }
    if unformatted {
        Err(CliError::Reported)
    } else {
        Ok(())
    }
}
