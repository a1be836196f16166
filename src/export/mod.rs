//! A draft written out as the document that goes to the chairman for
//! signature (`duyet export`, `docs/export.md`): pure functions of a draft
//! and, for `--with-reviews`, a table of plain data the command line fills
//! from `ops::review::status`. No git, no terminal.
//!
//! `mod.rs` holds what every format shares — the footnotes numbered in the
//! order they are first cited, a text split at its citations, a heading's
//! number as printed, the review table's rows; `words.rs` the words of the
//! document that are not the draft's (Vietnamese: the document's language);
//! `docx.rs`, `html.rs` and `markdown.rs` the writers.

mod docx;
mod html;
mod markdown;
pub mod words;

use std::collections::HashMap;

use crate::core::review::State;
use crate::core::text;
use crate::core::{Draft, Footnote, Section};

/// What `duyet export --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Markdown,
    Html,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "docx" => Some(Format::Docx),
            "md" | "markdown" => Some(Format::Markdown),
            "html" => Some(Format::Html),
            _ => None,
        }
    }

    /// Whether the result is text (and may go to a terminal).
    pub fn is_text(self) -> bool {
        self != Format::Docx
    }
}

/// One section's row in the review annex, as `duyet status` sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRow {
    /// The number path as printed ("I.1.a").
    pub number: String,
    /// The title, or the first words of the body.
    pub title: String,
    /// The owner department's name.
    pub owner: String,
    pub state: State,
    /// Who approved it (counted, current approvals).
    pub approvers: Vec<String>,
    pub open_comments: usize,
}

impl ReviewRow {
    /// The row's cells in the order of `words::COLUMNS`, cleaned (each
    /// format escapes them its own way).
    pub(crate) fn cells(&self) -> [String; 6] {
        [
            clean(&self.number),
            clean(&self.title),
            clean(&self.owner),
            words::state(self.state).to_owned(),
            clean(&self.approvers.join(", ")),
            self.open_comments.to_string(),
        ]
    }
}

/// The review state exported beside the document (`--with-reviews`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annex {
    /// The draft's path in the repository.
    pub draft: String,
    /// The revision as asked for, and the commit it named.
    pub rev: String,
    pub commit: String,
    pub rows: Vec<ReviewRow>,
}

impl Annex {
    /// Where the state comes from (draft, revision, commit), cleaned.
    pub(crate) fn source(&self) -> String {
        words::ANNEX_SOURCE
            .replace("{draft}", &clean(&self.draft))
            .replace("{rev}", &clean(&self.rev))
            .replace("{commit}", &clean(&self.commit))
    }

    /// How many sections are approved, of how many.
    pub(crate) fn summary(&self) -> String {
        let approved = self
            .rows
            .iter()
            .filter(|r| r.state == crate::core::review::State::Approved)
            .count();
        words::ANNEX_SUMMARY
            .replace("{approved}", &approved.to_string())
            .replace("{total}", &self.rows.len().to_string())
    }
}

/// What is written.
#[derive(Debug, Clone, Copy)]
pub struct Export<'a> {
    pub draft: &'a Draft,
    /// Not every section is approved: the document is marked "DỰ THẢO".
    pub unapproved: bool,
    pub annex: Option<&'a Annex>,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The DOCX package could not be put together.
    #[error("the DOCX package could not be written: {0}")]
    Package(String),
}

/// The document in `format`, as bytes (UTF-8 for the text formats).
pub fn render(export: &Export<'_>, format: Format) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Docx => docx::render(export),
        Format::Markdown => Ok(markdown::render(export).into_bytes()),
        Format::Html => Ok(html::render(export).into_bytes()),
    }
}

/// A text of the draft made fit for a document: `core::text::sanitize`
/// (control characters — which XML cannot even hold — and what hides or
/// reorders text shown as `�`), line breaks inside a paragraph as spaces.
/// U+E000 too: the DOCX writer uses it as a mark of its own.
pub(crate) fn clean(s: &str) -> String {
    text::sanitize(s, false).replace('\u{E000}', "\u{FFFD}")
}

/// The footnotes, numbered in the order they are first cited in the
/// document (preamble, sections in reading order, closing). A footnote
/// cited by nothing is not printed.
pub(crate) struct Notes<'a> {
    numbers: HashMap<&'a str, usize>,
    cited: Vec<&'a Footnote>,
}

impl<'a> Notes<'a> {
    pub(crate) fn of(draft: &'a Draft) -> Notes<'a> {
        let mut notes = Notes {
            numbers: HashMap::new(),
            cited: Vec::new(),
        };
        let mut texts: Vec<&'a str> = vec![&draft.preamble];
        for placed in draft.outline() {
            texts.extend(placed.section.title.as_deref());
            texts.push(&placed.section.body);
        }
        texts.push(&draft.closing);
        for t in texts {
            for (_, id) in text::footnote_refs(t) {
                if notes.numbers.contains_key(id) {
                    continue;
                }
                if let Some(f) = draft.footnote(id) {
                    notes.cited.push(f);
                    notes.numbers.insert(&f.id, notes.cited.len());
                }
            }
        }
        notes
    }

    /// The cited footnotes, in number order (the first is number 1).
    pub(crate) fn cited(&self) -> &[&'a Footnote] {
        &self.cited
    }

    /// A text split at its citations of known footnotes (a citation of an
    /// unknown id stays text, as written).
    pub(crate) fn split(&self, s: &str) -> Vec<Inline<'a>> {
        let mut out = Vec::new();
        let mut from = 0;
        for (at, id) in text::footnote_refs(s) {
            let Some(&number) = self.numbers.get(id) else {
                continue;
            };
            if at > from {
                out.push(Inline::Text(clean(&s[from..at])));
            }
            out.push(Inline::Note {
                number,
                footnote: self.cited[number - 1],
            });
            from = at + id.len() + 3;
        }
        if from < s.len() {
            out.push(Inline::Text(clean(&s[from..])));
        }
        out
    }
}

/// A piece of a paragraph: text, or a footnote's reference mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Inline<'a> {
    Text(String),
    Note {
        number: usize,
        footnote: &'a Footnote,
    },
}

/// A section's number as printed before its title: "I.", "1.", "a)".
/// Letters take a parenthesis, as in administrative documents; an empty
/// number prints nothing.
pub(crate) fn number_label(section: &Section) -> String {
    let n = clean(section.number.trim());
    if n.is_empty() {
        String::new()
    } else if n.chars().count() == 1 && n.chars().all(|c| c.is_lowercase()) {
        format!("{n})")
    } else {
        format!("{n}.")
    }
}

/// A section as the writers lay it out: its depth, its heading (number and
/// title, either may be empty) and the paragraphs of its body.
pub(crate) struct Block<'a> {
    pub depth: usize,
    pub number: String,
    pub title: Option<&'a str>,
    pub paragraphs: Vec<&'a str>,
}

/// Every section in reading order, ready to be laid out.
pub(crate) fn blocks(draft: &Draft) -> Vec<Block<'_>> {
    draft
        .outline()
        .into_iter()
        .map(|p| Block {
            depth: p.depth,
            number: number_label(p.section),
            title: p.section.title.as_deref().filter(|t| !t.trim().is_empty()),
            paragraphs: text::paragraphs(&p.section.body),
        })
        .collect()
}

/// Text in upper case, as the decree prints the signer's position.
pub(crate) fn upper(s: &str) -> String {
    clean(s).to_uppercase()
}

#[cfg(test)]
mod tests;
