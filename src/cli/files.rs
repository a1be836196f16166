//! The subcommands that work on draft files: `check` (is a draft or
//! duyet.yaml valid, and what lint finds in a draft, on disk or in the
//! repository) and `fmt` (the canonical layout).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::CliError;
use super::print::{errln, json_out, outln};
use crate::core::config::{CONFIG_PATH, Config};
use crate::core::load::LoadError;
use crate::core::{Draft, lint, load_draft, yaml};
use crate::i18n;
use crate::ops;
use crate::store::{MAIN_BRANCH, Store};
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

/// What `duyet check` is asked.
pub(super) struct CheckArgs {
    pub files: Vec<PathBuf>,
    /// Read the drafts from the repository at this revision.
    pub rev: Option<String>,
    pub json: bool,
    /// Lint findings fail the check too.
    pub strict: bool,
}

/// Checks each file (schema, then lint for drafts). A file that is not on
/// disk, or any with `--rev`, is a draft read from the repository.
pub(super) fn check(
    args: &CheckArgs,
    repo: Option<&Path>,
    lang: Lang,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let store = Store::open(repo).ok();
    // Section owners are checked against the duyet.yaml given alongside,
    // else the repository's on main (none outside a repository).
    let config = match args.files.iter().find(|p| is_config(p)) {
        Some(p) => read(p)
            .ok()
            .and_then(|b| Config::load(CONFIG_PATH, &b).ok()),
        None => store
            .as_ref()
            .and_then(|store| ops::config(store).ok().flatten()),
    };
    let mut failed = false;
    let mut reports = Vec::new();
    for path in &args.files {
        let in_repo = args.rev.is_some() || (!path.exists() && !is_config(path));
        let (name, rev, result) = if in_repo {
            let rev = args.rev.as_deref().unwrap_or(MAIN_BRANCH);
            let name = super::draft_path(&path.to_string_lossy());
            if store.is_none() && args.rev.is_none() {
                // Neither a file nor a repository to find it in.
                read(path)?;
            }
            let checked = match &store {
                Some(store) => ops::lint::check(store, &name, rev, config.as_ref()),
                None => ops::lint::check(&Store::open(repo)?, &name, rev, config.as_ref()),
            };
            // A draft that does not load is reported as a file that does
            // not (`--json` says so too); anything else stops the command.
            let result = match checked {
                Ok(findings) => Ok(findings),
                Err(ops::OpsError::Store(crate::store::StoreError::Load(e))) => Err(e),
                Err(e) => return Err(e.into()),
            };
            (name, Some(rev), result)
        } else {
            let name = path.display().to_string();
            let result = check_file(path, &name, config.as_ref())?.map(|draft| {
                draft.map_or_else(Vec::new, |d| {
                    let at = name.trim_start_matches("./");
                    ops::lint::check_file(store.as_ref(), at, &d, config.as_ref())
                })
            });
            (name, None, result)
        };
        let findings = match result {
            Ok(findings) => findings,
            Err(e) => {
                failed = true;
                errln(&crate::i18n::errors::load(&e, lang));
                reports.push(ReportOut {
                    file: name,
                    rev,
                    valid: false,
                    findings: Vec::new(),
                });
                continue;
            }
        };
        failed |= args.strict && findings.iter().any(|(_, d)| d.is_none());
        if args.json {
            // Written as they are (no tree of JSON values built first: a
            // draft may have tens of thousands of findings).
            let all: Vec<FindingOut> = findings
                .into_iter()
                .map(|(finding, d)| FindingOut {
                    finding,
                    dismissed: d.map(|d| Dismissed {
                        by: d.author_name,
                        email: d.author_email,
                        reason: d.text,
                        record: d.id,
                    }),
                })
                .collect();
            reports.push(ReportOut {
                file: name,
                rev,
                valid: true,
                findings: all,
            });
            continue;
        }
        let open: Vec<&lint::Finding> = findings
            .iter()
            .filter(|(_, d)| d.is_none())
            .map(|(f, _)| f)
            .collect();
        let label = match rev {
            Some(rev) => format!("{name} @ {rev}"),
            None => name,
        };
        if open.is_empty() {
            outln(out, &format!("{label}: {}", lang.cli().ok));
        } else {
            let head = i18n::lint::n_findings(lang).replace("{n}", &open.len().to_string());
            outln(out, &format!("{label}: {head}"));
        }
        for f in &open {
            outln(
                out,
                &format!(
                    "  {} [{} {}] {}",
                    f.section,
                    f.issue.kind(),
                    f.key,
                    i18n::lint::issue(&f.issue, lang)
                ),
            );
        }
        let dismissed = findings.len() - open.len();
        if dismissed > 0 {
            let line = i18n::lint::n_dismissed(lang).replace("{n}", &dismissed.to_string());
            outln(out, &format!("  ({line})"));
        }
    }
    if args.json {
        match <[_; 1]>::try_from(reports) {
            Ok([one]) => json_out(out, &one),
            Err(all) => json_out(out, &all),
        }
    }
    if failed {
        Err(CliError::Reported)
    } else {
        Ok(())
    }
}

/// One file's report in `check --json`.
#[derive(serde::Serialize)]
struct ReportOut<'a> {
    file: String,
    rev: Option<&'a str>,
    valid: bool,
    findings: Vec<FindingOut>,
}

/// A finding as `check --json` writes it.
#[derive(serde::Serialize)]
struct FindingOut {
    #[serde(flatten)]
    finding: lint::Finding,
    #[serde(skip_serializing_if = "Option::is_none")]
    dismissed: Option<Dismissed>,
}

#[derive(serde::Serialize)]
struct Dismissed {
    by: String,
    email: String,
    reason: String,
    record: String,
}

/// A file on disk: a draft (checked, returned) or duyet.yaml (checked).
fn check_file(
    path: &Path,
    name: &str,
    config: Option<&Config>,
) -> Result<Result<Option<Draft>, LoadError>, CliError> {
    let limit = if is_config(path) {
        crate::core::config::MAX_CONFIG_BYTES
    } else {
        crate::core::load::MAX_DRAFT_BYTES
    };
    // A file far over the limit is not read at all.
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if size > limit as u64 {
        return Ok(Err(crate::core::load::too_large(name, size, limit)));
    }
    let bytes = read(path)?;
    Ok(if is_config(path) {
        Config::check(name, &bytes).map(|_| None)
    } else {
        crate::core::load::check_draft(name, &bytes, config).map(Some)
    })
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
