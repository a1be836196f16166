//! `duyet import`: an existing report (plain text, or a .docx) turned into a
//! draft. Pure: text or bytes in, a `Draft` and the notes about what could
//! not be decided out; no git, no terminal, no file system (the command
//! line reads the file and writes the draft, `cli/import.rs`).
//!
//! - `mod.rs` — the API: `Options`, `Imported`, `Note`/`NoteKind`,
//!   `ImportError`, `decode` (bytes → text, bounded), `from_text`.
//! - `lines.rs` — the text as lines and what each line looks like (a
//!   heading's number, a footnote's text, a list item).
//! - `header.rs` — the header block (issuing body, Số, place and date,
//!   document type, title) and the tail (signature, Nơi nhận).
//! - `body.rs` — sections, paragraphs rejoined, footnotes linked.
//! - `slug.rs` — stable ids from titles.
//! - `docx.rs` — a .docx's paragraphs, the zip checked first.
//!
//! What is detected and how: `docs/import.md`.

mod body;
mod docx;
mod header;
mod lines;
mod slug;

use crate::core::draft::{Draft, SCHEMA};

pub use docx::{MAX_DOCX_BYTES, MAX_DOCX_ENTRIES, MAX_ENTRY_BYTES, MAX_XML_DEPTH, from_docx};
pub use slug::slug;

/// Larger text files are refused before reading (the biggest real report
/// seen is ~50 KB; a draft may be 8 MiB).
pub const MAX_TEXT_BYTES: usize = crate::core::load::MAX_DRAFT_BYTES;

/// What the caller decides for the whole draft.
#[derive(Debug, Clone)]
pub struct Options {
    /// The draft's id (`id:`), usually the output file's name.
    pub draft_id: String,
    /// The department every section is given (`owner:`).
    pub owner: String,
}

/// The draft, and what the import could not decide (the draft is complete
/// all the same: `check_draft` accepts it).
#[derive(Debug, Clone)]
pub struct Imported {
    pub draft: Draft,
    pub notes: Vec<Note>,
    /// Whether `Note::line` counts lines (text) or paragraphs (.docx).
    pub unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Line,
    Paragraph,
}

/// One thing the import could not decide, and where (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub line: usize,
    pub kind: NoteKind,
}

/// What the import could not decide, with the values it names. Said in the
/// person's language by `i18n::import::note`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteKind {
    /// No line before `Số` names the issuing body (cơ quan ban hành).
    IssuingBodyMissing,
    /// A line before the document type that is neither the issuing body,
    /// the number nor the place and date: left out of the draft.
    HeaderLineLeftOut { text: String },
    /// No `Số: …` line in the header.
    NumberMissing,
    /// No `…, ngày … tháng … năm …` line in the header.
    PlaceDateMissing,
    /// No document type (BÁO CÁO, KẾ HOẠCH…): no header block was found.
    DocumentTypeMissing,
    /// No title after the document type.
    TitleMissing,
    /// A paragraph continued across a blank line or page break although the
    /// next part starts with a capital (the first part ends without a
    /// full stop): joined to the paragraph of line `previous`.
    JoinedAcrossBreak { previous: usize },
    /// A heading's number does not follow the one before it (kept as
    /// printed).
    NumberOutOfSequence { number: String, expected: String },
    /// A heading deeper than a draft may nest: kept as a paragraph.
    TooDeep { number: String },
    /// A footnote text whose marker appears nowhere in the text.
    FootnoteNotCited { number: String },
    /// A footnote marker with no footnote text: left in the text as it is.
    FootnoteTextMissing { marker: String },
    /// Two footnote texts with the same number; the second is `id`.
    FootnoteDuplicate { number: String, id: String },
    /// No signature block (TM./KT. …, position, name) was found.
    SignatureMissing,
    /// A signature block without the signer's name.
    SignerMissing,
    /// The text after `Nơi nhận` that is no recipient line.
    NotARecipient { text: String },
    /// A .docx holds footnotes that could not be linked (the reader drops
    /// their references; the runs that held them were not found, or not as
    /// many as the texts): their markers and texts are missing.
    DocxFootnotesNotRead { count: usize },
    /// A .docx table: its cells were read as paragraphs, row by row.
    DocxTable,
}

/// Why a file cannot be imported at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("{size} bytes is more than the {limit} bytes an imported file may have")]
    TooLarge { size: u64, limit: usize },
    #[error("not UTF-8: byte {byte:#04x} at offset {offset} (line {line})")]
    InvalidUtf8 {
        offset: usize,
        line: usize,
        byte: u8,
    },
    #[error("the text is UTF-16 or UTF-32, not UTF-8")]
    WideEncoding,
    #[error("not a .docx (a zip archive with word/document.xml): {reason}")]
    NotDocx { reason: String },
    #[error("the .docx has more than {limit} entries")]
    TooManyEntries { limit: usize },
    #[error("the .docx entry `{name}` inflates to more than {limit} bytes")]
    EntryTooLarge { name: String, limit: usize },
    #[error("the .docx's entries inflate to more than {limit} bytes in all")]
    InflatesTooMuch { limit: usize },
    #[error("the .docx entry `{name}` nests its XML more than {limit} deep")]
    XmlTooDeep { name: String, limit: usize },
    #[error("reading the .docx took more than {seconds} seconds")]
    TookTooLong { seconds: u64 },
}

/// The bytes of a text file as text: a size limit, UTF-8 (the offset and
/// line of the first bad byte), a BOM dropped.
pub fn decode(bytes: &[u8]) -> Result<&str, ImportError> {
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(ImportError::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_TEXT_BYTES,
        });
    }
    if [&b"\xFF\xFE"[..], b"\xFE\xFF", b"\x00\x00\xFE\xFF"]
        .iter()
        .any(|bom| bytes.starts_with(bom))
    {
        return Err(ImportError::WideEncoding);
    }
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let body = if bom { &bytes[3..] } else { bytes };
    std::str::from_utf8(body).map_err(|e| {
        let good = &body[..e.valid_up_to()];
        ImportError::InvalidUtf8 {
            offset: e.valid_up_to() + if bom { 3 } else { 0 },
            line: good.iter().filter(|&&b| b == b'\n').count() + 1,
            byte: body[e.valid_up_to()],
        }
    })
}

/// A report's text as a draft. Never fails: what cannot be decided is a
/// `Note`, and the draft is whole (every section has an id, an owner and a
/// title or a body; every citation names a footnote).
pub fn from_text(text: &str, options: &Options) -> Imported {
    let lines = lines::split(text);
    let mut notes = Vec::new();
    let (head, rest) = header::header(&lines, &mut notes);
    let (body_lines, tail) = header::tail(rest, &mut notes);
    let body = body::body(body_lines, &mut notes);
    let mut draft = Draft {
        schema: SCHEMA,
        id: options.draft_id.clone(),
        issuing_body: head.issuing_body,
        superior_body: head.superior_body,
        document_type: head.document_type,
        number: head.number,
        place_date: head.place_date,
        title: head.title,
        preamble: body.preamble,
        sections: Vec::new(),
        closing: body.closing,
        footnotes: body.footnotes,
        signature: tail.signature,
        recipients: tail.recipients,
    };
    draft.sections = slug::build(body.sections, &options.owner);
    draft.normalize();
    notes.sort_by_key(|n| n.line);
    Imported {
        draft,
        notes,
        unit: Unit::Line,
    }
}

#[cfg(test)]
mod tests;
