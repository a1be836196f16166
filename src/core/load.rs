//! Reading a draft from bytes: size, encoding, YAML shape, then the rules of
//! schema 1 (ids, footnotes, nesting). Every problem is reported with the
//! file, line and column, all at once, and nothing here panics on input.

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

use super::draft::{Draft, SCHEMA, Section};
use super::{text, yaml};

/// Larger drafts are refused before parsing (the YAML library has no limit of
/// its own). The biggest real report seen is ~50 KB; the benchmark draft ~600 KB.
pub const MAX_DRAFT_BYTES: usize = 8 * 1024 * 1024;

/// Sections deeper than this are refused (I → 1 → a → - is four).
pub const MAX_DEPTH: usize = 8;

/// Stop listing after this many problems of one kind; the rest are counted.
const MAX_REPORTED: usize = 20;

/// One problem found in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Everything wrong with one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct LoadError {
    pub file: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}:{}:{}: {}", self.file, d.line, d.column, d.message)?;
        }
        Ok(())
    }
}

impl LoadError {
    fn one(file: &str, line: usize, column: usize, message: impl Into<String>) -> Self {
        LoadError {
            file: file.to_owned(),
            diagnostics: vec![Diagnostic {
                line,
                column,
                message: message.into(),
            }],
        }
    }
}

/// Checks the bytes are text we accept and returns them as `&str`, without
/// a BOM. Shared by every YAML file duyet reads.
pub fn decode<'a>(file: &str, bytes: &'a [u8], limit: usize) -> Result<&'a str, LoadError> {
    if bytes.len() > limit {
        return Err(LoadError::one(
            file,
            1,
            1,
            format!(
                "file is {} bytes; the limit is {} bytes ({} MiB)",
                bytes.len(),
                limit,
                limit / (1024 * 1024)
            ),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let src = std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        // valid_up_to ends on a char boundary, so this cannot fail.
        let column = std::str::from_utf8(&good[line_start..]).map_or(1, |s| s.chars().count() + 1);
        LoadError::one(
            file,
            line,
            column,
            format!(
                "invalid UTF-8 (byte 0x{:02X}); save the file as UTF-8",
                bytes[e.valid_up_to()]
            ),
        )
    })?;
    let tabs: Vec<Diagnostic> = src
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            line.find('\t').map(|at| Diagnostic {
                line: i + 1,
                column: line[..at].chars().count() + 1,
                message: "tab character; indent with spaces and write no tabs in text".into(),
            })
        })
        .collect();
    if !tabs.is_empty() {
        return Err(LoadError {
            file: file.to_owned(),
            diagnostics: capped(tabs, "tab characters"),
        });
    }
    Ok(src)
}

/// Parses YAML text into `T`, mapping the library's error to a diagnostic.
pub fn parse_yaml<T: serde::de::DeserializeOwned>(file: &str, src: &str) -> Result<T, LoadError> {
    yaml::parse(src).map_err(|e| LoadError::one(file, e.line, e.column, e.message))
}

/// Reads and checks one draft. `file` is the name used in messages.
pub fn load_draft(file: &str, bytes: &[u8]) -> Result<Draft, LoadError> {
    let src = decode(file, bytes, MAX_DRAFT_BYTES)?;
    let mut draft: Draft = parse_yaml(file, src)?;
    draft.normalize();
    let problems = check(&draft, &SourceIndex::new(src));
    if problems.is_empty() {
        Ok(draft)
    } else {
        Err(LoadError {
            file: file.to_owned(),
            diagnostics: problems,
        })
    }
}

fn capped(mut list: Vec<Diagnostic>, what: &str) -> Vec<Diagnostic> {
    if list.len() > MAX_REPORTED {
        let more = list.len() - MAX_REPORTED;
        list.truncate(MAX_REPORTED);
        let last = list[MAX_REPORTED - 1].clone();
        list.push(Diagnostic {
            message: format!("… and {more} more {what}"),
            ..last
        });
    }
    list
}

/// The rules of schema 1 that YAML's shape cannot express.
fn check(draft: &Draft, at: &SourceIndex) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut problem = |(line, column): (usize, usize), message: String| {
        out.push(Diagnostic {
            line,
            column,
            message,
        })
    };
    if draft.schema != SCHEMA {
        problem(
            at.key("schema"),
            format!(
                "schema {} is not supported; this version of duyet reads schema {SCHEMA}",
                draft.schema
            ),
        );
    }
    if !text::is_valid_id(&draft.id) {
        problem(at.key("id"), bad_id("draft", &draft.id));
    }

    let mut first_seen: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut seen_count: HashMap<&str, usize> = HashMap::new();
    for placed in draft.outline() {
        let s: &Section = placed.section;
        let nth = seen_count.entry(&s.id).or_default();
        let pos = at.section_id(&s.id, *nth);
        *nth += 1;
        if !text::is_valid_id(&s.id) {
            problem(pos, bad_id("section", &s.id));
        } else if s.id.starts_with('_') {
            problem(
                pos,
                format!(
                    "section id `{}` starts with `_`, which is kept for the parts of a report \
                     that are not sections (`_preamble`, `_closing`, `_footnotes`, `_signature`); \
                     choose another id",
                    s.id
                ),
            );
        }
        if let Some(first) = first_seen.get(s.id.as_str()) {
            problem(
                pos,
                format!(
                    "duplicate section id `{}` (first defined at line {}); ids must be unique in the draft",
                    s.id, first.0
                ),
            );
        } else {
            first_seen.insert(&s.id, pos);
        }
        if s.title.is_none() && s.body.is_empty() {
            problem(
                pos,
                format!(
                    "section `{}` has neither `title` nor `body`; a section needs at least one",
                    s.id
                ),
            );
        }
        if !text::is_valid_id(&s.owner) {
            problem(
                pos,
                format!("section `{}`: {}", s.id, bad_id("owner", &s.owner)),
            );
        }
        if placed.depth >= MAX_DEPTH {
            problem(
                pos,
                format!(
                    "section `{}` is nested deeper than {MAX_DEPTH} levels",
                    s.id
                ),
            );
        }
    }

    let mut footnote_ids: HashMap<&str, usize> = HashMap::new();
    for f in &draft.footnotes {
        let seen = footnote_ids.entry(&f.id).or_default();
        let pos = at.footnote_id(&f.id, *seen);
        if !text::is_valid_id(&f.id) {
            problem(pos, bad_id("footnote", &f.id));
        }
        if *seen > 0 {
            problem(pos, format!("duplicate footnote id `{}`", f.id));
        }
        *seen += 1;
    }

    let mut texts: Vec<&str> = vec![&draft.title, &draft.preamble, &draft.closing];
    let outline = draft.outline();
    for p in &outline {
        texts.extend(p.section.title.as_deref());
        texts.push(&p.section.body);
    }
    texts.extend(draft.footnotes.iter().map(|f| f.text.as_str()));
    let mut unknown = Vec::new();
    for t in texts {
        for (_, id) in text::footnote_refs(t) {
            if !footnote_ids.contains_key(id) && !unknown.contains(&id) {
                unknown.push(id);
            }
        }
    }
    for id in unknown {
        problem(
            at.literal(&format!("[^{id}]")),
            format!(
                "footnote `[^{id}]` is cited but there is no footnote with id `{id}` under `footnotes:`"
            ),
        );
    }
    out.sort_by_key(|d| (d.line, d.column));
    capped(out, "problems")
}

/// Line and column of the first occurrence of `needle` in `src` ((1, 1) if absent).
pub fn locate(src: &str, needle: &str) -> (usize, usize) {
    for (i, line) in src.lines().enumerate() {
        if let Some(at) = line.find(needle) {
            return (i + 1, line[..at].chars().count() + 1);
        }
    }
    (1, 1)
}

fn bad_id(what: &str, id: &str) -> String {
    format!(
        "{what} id `{id}` is not valid: use 1–64 ASCII letters, digits, `-`, `_` or `.`, not starting with `-` or `.` (no diacritics, no spaces)"
    )
}

/// Finds where things are in the source text, for messages about problems
/// found after parsing (the YAML library keeps no positions on values).
/// Ids are ASCII slugs written as `id: value` (optionally after `- ` and in
/// quotes), so a line scan finds them reliably.
struct SourceIndex<'a> {
    src: &'a str,
    /// id value → positions of nested `id:` lines with that value, in file
    /// order (the draft's own top-level `id:` is not among them).
    ids: HashMap<&'a str, Vec<(usize, usize)>>,
    /// Lines of the top-level `footnotes:` block (first, last), if any; the
    /// `id:` lines inside it are footnote ids, all others section ids.
    footnotes: Option<(usize, usize)>,
}

impl<'a> SourceIndex<'a> {
    fn new(src: &'a str) -> Self {
        let mut ids: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
        let mut footnotes: Option<(usize, usize)> = None;
        let mut in_footnotes = false;
        for (i, line) in src.lines().enumerate() {
            // A top-level key starts at column 1 (a `- ` there is an item of
            // the block sequence under the key before it).
            if line.starts_with(|c: char| !c.is_whitespace() && c != '-' && c != '#') {
                in_footnotes = line.starts_with("footnotes:");
                if in_footnotes {
                    footnotes = Some((i + 1, i + 1));
                }
                continue;
            }
            if let (true, Some((_, last))) = (in_footnotes, footnotes.as_mut()) {
                *last = i + 1;
            }
            let trimmed = line.trim_start();
            let after_dash = trimmed.strip_prefix("- ").map_or(trimmed, str::trim_start);
            let value = ["id:", "\"id\":", "'id':"]
                .iter()
                .find_map(|key| after_dash.strip_prefix(key));
            if let Some(value) = value {
                let value = value.trim().trim_matches(['"', '\'']);
                let column = line.len() - after_dash.len() + 1;
                ids.entry(value).or_default().push((i + 1, column));
            }
        }
        SourceIndex {
            src,
            ids,
            footnotes,
        }
    }

    fn in_footnotes(&self, line: usize) -> bool {
        self.footnotes
            .is_some_and(|(first, last)| (first..=last).contains(&line))
    }

    /// Position of the `nth` (from 0) `id:` line of a section with this id;
    /// the last one found when there are fewer.
    fn section_id(&self, id: &str, nth: usize) -> (usize, usize) {
        let found: Vec<(usize, usize)> = self
            .ids
            .get(id)
            .into_iter()
            .flatten()
            .copied()
            .filter(|(line, _)| !self.in_footnotes(*line))
            .collect();
        found.get(nth).or(found.last()).copied().unwrap_or((1, 1))
    }

    fn footnote_id(&self, id: &str, nth: usize) -> (usize, usize) {
        self.ids
            .get(id)
            .and_then(|v| {
                v.iter()
                    .filter(|(line, _)| self.in_footnotes(*line))
                    .nth(nth)
            })
            .copied()
            .unwrap_or((self.footnotes.map_or(1, |(first, _)| first), 1))
    }

    fn key(&self, key: &str) -> (usize, usize) {
        self.src
            .lines()
            .position(|l| l.strip_prefix(key).is_some_and(|r| r.starts_with(':')))
            .map_or((1, 1), |i| (i + 1, 1))
    }

    fn literal(&self, needle: &str) -> (usize, usize) {
        locate(self.src, needle)
    }
}
