//! The only module that names the YAML library. Everything duyet reads or
//! writes as YAML (drafts, `duyet.yaml`, themes) goes through `parse` and the
//! writers here, so swapping serde_yaml for a maintained fork is one line in
//! Cargo.toml and, at worst, this folder.
//!
//! `scan.rs` checks a text's shape before the library reads it (no aliases,
//! tags or merge keys, bounded nesting and size); `library.rs` recognises
//! what the library says when it refuses a text; this file parses through
//! the library and writes drafts in their canonical layout.

use serde::de::DeserializeOwned;

use super::draft::{Draft, Footnote, Section, Signature};
use super::problem::Problem;

mod library;
mod scan;
pub use scan::{MAX_NESTING, MAX_VALUES, scan};

/// A YAML syntax or shape error, with the 1-based position it was found at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub problem: Problem,
    /// `problem` in English (its `Display`), for callers that show it as it is.
    pub message: String,
}

impl YamlError {
    pub fn new(line: usize, column: usize, problem: Problem) -> Self {
        YamlError {
            line,
            column,
            message: problem.to_string(),
            problem,
        }
    }
}

/// Parses one YAML document into `T`. The caller checks the input size first
/// (the YAML library enforces no limit of its own on it); `scan` then checks
/// the text's shape before the library builds anything from it.
pub fn parse<T: DeserializeOwned>(src: &str) -> Result<T, YamlError> {
    scan(src)?;
    serde_yaml::from_str(src).map_err(|e| {
        let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        let full = e.to_string();
        // The library writes " at line L column C" after the problem, which
        // we report as the position, and after its context ("while scanning
        // a quoted scalar"), which is where to look: kept, in words.
        let message = full.replacen(&format!(" at line {line} column {column}"), "", 1);
        let message = match message.rsplit_once(" at line ") {
            Some((before, mark)) => match mark.split_once(" column ") {
                Some((l, c)) if l.parse::<usize>().is_ok() && c.parse::<usize>().is_ok() => {
                    format!("{before} (from line {l}, column {c})")
                }
                _ => before.to_owned(),
            },
            None => message,
        };
        YamlError::new(line, column, library::recognise(&message))
    })
}

/// Writes a draft in the canonical layout: keys in schema order, two-space
/// indentation, paragraphs as `|` block scalars. A draft read and written back
/// unchanged gives the same bytes, and changing one section changes only that
/// section's lines — which keeps git diffs and merges of drafts small.
pub fn write_draft(draft: &Draft) -> String {
    let mut w = Writer::default();
    w.out.push_str(&format!("schema: {}\n", draft.schema));
    w.scalar(0, "id", &draft.id);
    w.scalar(0, "issuing_body", &draft.issuing_body);
    if !draft.superior_body.is_empty() {
        w.scalar(0, "superior_body", &draft.superior_body);
    }
    w.scalar(0, "document_type", &draft.document_type);
    w.scalar(0, "number", &draft.number);
    w.scalar(0, "place_date", &draft.place_date);
    w.scalar(0, "title", &draft.title);
    w.paragraphs(0, "preamble", &draft.preamble);
    w.key(0, "sections");
    if draft.sections.is_empty() {
        w.out.pop();
        w.out.push_str(" []\n");
    }
    for s in &draft.sections {
        w.section(2, s);
    }
    w.paragraphs(0, "closing", &draft.closing);
    if !draft.footnotes.is_empty() {
        w.key(0, "footnotes");
        for Footnote { id, text } in &draft.footnotes {
            w.item_start(2);
            w.scalar_inline("id", id);
            w.text(4, "text", text);
        }
    }
    if let Some(Signature {
        authority,
        position,
        signer,
    }) = &draft.signature
    {
        w.key(0, "signature");
        w.scalar(2, "authority", authority);
        w.scalar(2, "position", position);
        w.scalar(2, "signer", signer);
    }
    if !draft.recipients.is_empty() {
        w.key(0, "recipients");
        for r in &draft.recipients {
            w.indent(2);
            w.out.push_str("- ");
            w.out.push_str(&scalar(r));
            w.out.push('\n');
        }
    }
    w.out
}

/// Rewrites only the lines holding one section's own fields (id, number,
/// title, owner, body) in `src`, leaving every other byte of the file as it
/// was — its children, its siblings, comments, quoting style. `None` when the
/// section is not laid out as `- id: …` followed by its keys (the caller then
/// falls back to `write_draft`). The caller checks the result loads back to
/// the intended draft.
pub fn replace_section_fields(src: &str, section: &Section) -> Option<String> {
    let lines: Vec<&str> = src.split_inclusive('\n').collect();
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let is_blank = |l: &str| l.trim().is_empty();
    // The section's `- id:` line (a footnote with the same id has no `owner:`).
    let start = (0..lines.len()).find(|&i| {
        let value = lines[i]
            .trim_start_matches(' ')
            .strip_prefix("- id:")
            .map(|v| v.trim().trim_matches(['"', '\'']));
        value == Some(section.id.as_str())
            && lines[i + 1..]
                .iter()
                .take(8)
                .any(|x| x.trim_start().starts_with("owner:"))
    })?;
    let dash = indent(lines[start]);
    let fields = dash + 2;
    let mut end = start + 1;
    let mut last_content = start + 1;
    while end < lines.len() {
        let l = lines[end];
        if !is_blank(l) {
            let i = indent(l);
            if i < fields || (i == fields && l.trim_start().starts_with("sections:")) {
                break;
            }
            last_content = end + 1;
        }
        end += 1;
    }
    let own = Section {
        sections: Vec::new(),
        ..section.clone()
    };
    let mut w = Writer::default();
    w.section(dash, &own);
    let mut out = String::with_capacity(src.len() + w.out.len());
    out.extend(lines[..start].iter().copied());
    out.push_str(&w.out);
    out.extend(lines[last_content..].iter().copied());
    Some(out)
}

/// Formats one line of text as a YAML scalar: plain where YAML allows it,
/// quoted otherwise (the library decides, so its rules are never copied here).
pub fn scalar(value: &str) -> String {
    if value.contains('\n') || !value.chars().all(writable_raw) {
        return double_quoted(value);
    }
    match serde_yaml::to_string(value) {
        Ok(s) => s.trim_end_matches('\n').to_owned(),
        // Serialising a &str cannot fail; keep a correct fallback anyway.
        Err(_) => format!("{value:?}"),
    }
}

/// Whether a character may appear as itself inside a YAML scalar (other than
/// the `\n` line break): YAML refuses control characters in a stream, takes
/// CR, NEL, LS and PS as line breaks, and duyet refuses tabs in a file.
fn writable_raw(c: char) -> bool {
    !(c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}'))
}

/// A YAML double-quoted scalar with every character that `writable_raw`
/// refuses (and `\n`, `"`, `\\`) escaped, so it reads back exactly.
fn double_quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if !writable_raw(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[derive(Default)]
struct Writer {
    out: String,
}

impl Writer {
    fn indent(&mut self, n: usize) {
        self.out.extend(std::iter::repeat_n(' ', n));
    }

    fn key(&mut self, indent: usize, key: &str) {
        self.indent(indent);
        self.out.push_str(key);
        self.out.push_str(":\n");
    }

    fn scalar(&mut self, indent: usize, key: &str, value: &str) {
        self.indent(indent);
        self.scalar_inline(key, value);
    }

    /// `key: value\n` at the current position (after "- " or an indent).
    fn scalar_inline(&mut self, key: &str, value: &str) {
        self.out.push_str(key);
        self.out.push_str(": ");
        self.out.push_str(&scalar(value));
        self.out.push('\n');
    }

    fn item_start(&mut self, indent: usize) {
        self.indent(indent);
        self.out.push_str("- ");
    }

    /// Text that may span lines: a block scalar when it does, else one line.
    fn text(&mut self, indent: usize, key: &str, value: &str) {
        if value.contains('\n') {
            self.paragraphs(indent, key, value);
        } else {
            self.scalar(indent, key, value);
        }
    }

    /// Paragraph text as a `|` block scalar (omitted when empty).
    fn paragraphs(&mut self, indent: usize, key: &str, value: &str) {
        if value.is_empty() {
            return;
        }
        // A block scalar cannot start with a space (YAML would take it as
        // the indentation), keep trailing spaces safely or hold characters
        // YAML cannot show as themselves; such text is written double-quoted.
        if value.starts_with(' ')
            || value.lines().any(|l| l.ends_with(' '))
            || !value.chars().all(|c| c == '\n' || writable_raw(c))
        {
            self.indent(indent);
            self.out.push_str(key);
            self.out.push_str(": ");
            self.out.push_str(&double_quoted(value));
            self.out.push('\n');
            return;
        }
        self.indent(indent);
        self.out.push_str(key);
        self.out.push_str(": |\n");
        for line in value.lines() {
            if !line.is_empty() {
                self.indent(indent + 2);
                self.out.push_str(line);
            }
            self.out.push('\n');
        }
    }

    fn section(&mut self, indent: usize, s: &Section) {
        self.item_start(indent);
        self.scalar_inline("id", &s.id);
        let inner = indent + 2;
        if !s.number.is_empty() {
            self.scalar(inner, "number", &s.number);
        }
        if let Some(title) = &s.title {
            self.scalar(inner, "title", title);
        }
        self.scalar(inner, "owner", &s.owner);
        self.paragraphs(inner, "body", &s.body);
        if !s.sections.is_empty() {
            self.key(inner, "sections");
            for child in &s.sections {
                self.section(inner + 2, child);
            }
        }
    }
}
