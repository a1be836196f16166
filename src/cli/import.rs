//! `duyet import FILE [-o drafts/NAME.yaml] [--owner DEPT] [--force]`: an
//! existing report (text or .docx) as a draft. The parsing is
//! `crate::import`'s; here the file is read (bounded), the owner chosen,
//! the notes said on stderr and the draft written (atomically, never over
//! a file unless `--force`) or printed.

use std::io::Write;
use std::path::Path;

use super::CliError;
use super::print::{errln, out_text, outln};
use crate::core::config::Config;
use crate::core::{load, text, yaml};
use crate::i18n::import::{self as words, OwnerFrom};
use crate::import::{self, ImportError, Options};
use crate::store::Store;
use crate::tui::Lang;

/// Notes past this many are counted, not listed (a text that is no
/// report could give one on every line).
const MAX_NOTES: usize = 200;

/// The office's department id, the default owner where duyet.yaml has it.
const OFFICE: &str = "van-phong";

pub(super) struct Request<'a> {
    pub file: &'a Path,
    pub output: Option<&'a Path>,
    pub owner: Option<String>,
    pub force: bool,
    pub repo: Option<&'a Path>,
}

pub(super) fn run(r: &Request<'_>, lang: Lang, out: &mut impl Write) -> Result<(), CliError> {
    let name = r.file.display().to_string();
    let fail = |error: ImportError| CliError::Import {
        path: r.file.to_path_buf(),
        error,
    };
    let docx = is_docx(r.file);
    let limit = if docx {
        import::MAX_DOCX_BYTES
    } else {
        import::MAX_TEXT_BYTES
    };
    // A file far over the limit is not read at all.
    let size = std::fs::metadata(r.file).map_or(0, |m| m.len());
    if size > limit as u64 {
        return Err(fail(ImportError::TooLarge { size, limit }));
    }
    if let Some(path) = r.output.filter(|p| p.exists() && !r.force) {
        return Err(CliError::OutputExists {
            path: path.to_path_buf(),
        });
    }
    let config = Store::open(r.repo)
        .ok()
        .and_then(|store| crate::ops::config(&store).ok().flatten());
    let (owner, from) = owner(r.owner.clone(), config.as_ref());
    if !text::is_valid_id(&owner) {
        return Err(CliError::BadOwner { owner });
    }
    let bytes = super::files::read(r.file)?;
    let options = Options {
        draft_id: draft_id(r.output.unwrap_or(r.file)),
        owner: owner.clone(),
    };
    let imported = if docx || bytes.starts_with(b"PK\x03\x04") {
        import::from_docx(&bytes, &options).map_err(fail)?
    } else {
        import::from_text(import::decode(&bytes).map_err(fail)?, &options)
    };
    let yaml = yaml::write_draft(&imported.draft);
    // The import's promise: what it writes loads. A failure here is a bug.
    let shown = r
        .output
        .map_or_else(|| "-".to_owned(), |p| p.display().to_string());
    load::check_draft(&shown, yaml.as_bytes(), None)?;
    for n in imported.notes.iter().take(MAX_NOTES) {
        errln(&words::note(lang, &name, imported.unit, n));
    }
    if imported.notes.len() > MAX_NOTES {
        errln(&words::more_notes(lang, imported.notes.len() - MAX_NOTES));
    }
    errln(&words::owner(lang, &owner, from));
    if let Some(config) = &config {
        if !config.departments.iter().any(|d| d.id == owner) {
            errln(&format!(
                "{}: {}",
                lang.cli().warning,
                words::unknown_owner(lang, &owner)
            ));
        }
    }
    match r.output {
        Some(path) => {
            crate::store::write_atomically(path, yaml.as_bytes(), crate::store::Access::Umask)
                .map_err(|source| CliError::Write {
                    path: path.to_path_buf(),
                    source,
                })?;
            let outline = imported.draft.outline();
            outln(
                out,
                &words::written(lang)
                    .replace("{path}", &shown)
                    .replace("{sections}", &outline.len().to_string())
                    .replace("{footnotes}", &imported.draft.footnotes.len().to_string())
                    .replace("{notes}", &imported.notes.len().to_string()),
            );
        }
        None => out_text(out, yaml.trim_end()),
    }
    Ok(())
}

fn is_docx(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}

/// The sections' owner: `--owner`, else the office where duyet.yaml has
/// one, else its first department, else the office.
fn owner(given: Option<String>, config: Option<&Config>) -> (String, OwnerFrom) {
    if let Some(owner) = given {
        return (owner, OwnerFrom::Option);
    }
    let Some(config) = config else {
        return (OFFICE.to_owned(), OwnerFrom::Default);
    };
    if config.departments.iter().any(|d| d.id == OFFICE) {
        return (OFFICE.to_owned(), OwnerFrom::Office);
    }
    match config.departments.first() {
        Some(d) => (d.id.clone(), OwnerFrom::FirstDepartment),
        None => (OFFICE.to_owned(), OwnerFrom::Default),
    }
}

/// The draft's id from a file's name: `drafts/bao-cao-2024.yaml` →
/// `bao-cao-2024`.
fn draft_id(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let id = import::slug(stem, 64);
    if id.is_empty() {
        "bao-cao".to_owned()
    } else {
        id
    }
}
