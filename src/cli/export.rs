//! `duyet export`: a draft at a revision written as the document that goes
//! for signature (`docs/export.md`). The review state comes from
//! `ops::review::status_with` (`status` with duyet.yaml read once, as the
//! `status` command does); the writers are `crate::export`'s.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::print::{errln, outln};
use super::{CliError, draft_path};
use crate::core::review::State;
use crate::export::{self, Annex, Export, Format, ReviewRow};
use crate::ops::{self, review};
use crate::store::Store;
use crate::tui::Lang;

/// What `duyet export` was asked for.
pub(super) struct Request {
    pub draft: String,
    pub rev: String,
    pub format: Format,
    /// `None` or `-`: stdout (text formats only).
    pub output: Option<PathBuf>,
    pub with_reviews: bool,
    pub final_only: bool,
    pub force: bool,
}

impl Request {
    /// The file to write, if any (`-o -` is stdout).
    fn file(&self) -> Option<&Path> {
        self.output.as_deref().filter(|p| p.as_os_str() != "-")
    }
}

pub(super) fn run(
    repo: Option<&Path>,
    req: &Request,
    lang: Lang,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let file = req.file();
    if file.is_none() && !req.format.is_text() {
        return Err(CliError::DocxNeedsFile);
    }
    if let Some(path) = file.filter(|p| p.exists() && !req.force) {
        return Err(CliError::OutputExists {
            path: path.to_path_buf(),
        });
    }
    let store = Store::open(repo)?;
    let path = draft_path(&req.draft);
    let commit = store.resolve(&req.rev)?;
    // As `duyet status`: without a usable duyet.yaml no approval counts, and
    // the person is told why the document is marked.
    let config = ops::config(&store);
    let usable = config.as_ref().ok().and_then(Option::as_ref);
    let (draft, status) = review::status_with(&store, &path, &req.rev, usable)?;
    for n in review::notices(&store, Some(&config), &status.warnings) {
        errln(&format!("duyet: {}", crate::i18n::cli::notice(lang, &n)));
    }
    let index = draft.index();
    let heading = |id: &str| {
        let label = index
            .section(id)
            .map(|s| crate::core::text::shorten(s.label(), 60))
            .unwrap_or_default();
        let number = index.number_path(id);
        (number, label)
    };
    let unapproved: Vec<(String, State)> = status
        .sections
        .iter()
        .filter(|s| s.state != State::Approved)
        .map(|s| {
            let (number, label) = heading(&s.id);
            let named = [number, label]
                .into_iter()
                .filter(|x| !x.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            (named, s.state)
        })
        .collect();
    if req.final_only && !unapproved.is_empty() {
        return Err(CliError::NotFinal {
            draft: path,
            sections: unapproved,
        });
    }
    let annex = req.with_reviews.then(|| {
        let config = usable;
        Annex {
            draft: path.clone(),
            rev: req.rev.clone(),
            commit: commit.short(),
            rows: status
                .sections
                .iter()
                .map(|s| {
                    let (number, title) = heading(&s.id);
                    ReviewRow {
                        number,
                        title,
                        owner: config
                            .as_ref()
                            .map_or(s.owner.clone(), |c| c.department_name(&s.owner).to_owned()),
                        state: s.state,
                        approvers: s
                            .approvals()
                            .map(|d| d.record.author_name.clone())
                            .collect(),
                        open_comments: s.open_threads(),
                    }
                })
                .collect(),
        }
    });
    let bytes = export::render(
        &Export {
            draft: &draft,
            unapproved: !unapproved.is_empty(),
            annex: annex.as_ref(),
        },
        req.format,
    )?;
    let words = lang.cli();
    let marked = (!unapproved.is_empty()).then(|| {
        words
            .export_marked
            .replace("{n}", &unapproved.len().to_string())
    });
    match file {
        Some(target) => {
            crate::store::write_atomically(target, &bytes, crate::store::Access::Umask).map_err(
                |source| CliError::Write {
                    path: target.to_path_buf(),
                    source,
                },
            )?;
            let format = format_name(req.format);
            let mut line = words
                .export_written
                .replace("{path}", &target.display().to_string())
                .replace("{format}", format);
            if let Some(m) = marked {
                line = format!("{line}; {m}");
            }
            outln(out, &line);
        }
        None => {
            // The document is text, and it goes through the one output
            // path like everything else (already clean, so unchanged).
            let text = String::from_utf8_lossy(&bytes);
            for line in text.lines() {
                outln(out, line);
            }
            if let Some(m) = marked {
                errln(&format!("duyet: {m}"));
            }
        }
    }
    Ok(())
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Docx => "docx",
        Format::Markdown => "md",
        Format::Html => "html",
    }
}
