//! Reading a draft from bytes: size, encoding, YAML shape, then the rules of
//! schema 1 (ids, footnotes, nesting). Every problem is reported with the
//! file, line and column, all at once, and nothing here panics on input.

use std::borrow::Cow;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::fmt;

use serde::Serialize;

use super::config::Config;
use super::draft::{Draft, SCHEMA, Section};
pub use super::problem::{IdOf, PersonProblem, Problem};
use super::{text, yaml};

/// Larger drafts are refused before parsing (the YAML library has no limit of
/// its own). The biggest real report seen is ~50 KB; the benchmark draft ~600 KB.
pub const MAX_DRAFT_BYTES: usize = 8 * 1024 * 1024;

/// Sections deeper than this are refused (I → 1 → a → - is four).
pub const MAX_DEPTH: usize = 8;

/// Stop listing after this many problems of one kind; the rest are counted.
const MAX_REPORTED: usize = 20;

/// One problem found in a file, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub line: usize,
    pub column: usize,
    /// What is wrong, typed: said in the person's language by
    /// `i18n::errors::problem`.
    #[serde(skip)]
    pub problem: Problem,
    /// `problem` in English (its `Display`): for logs, tests and JSON.
    pub message: String,
}

impl Diagnostic {
    pub fn new((line, column): (usize, usize), problem: Problem) -> Self {
        Diagnostic {
            line,
            column,
            message: problem.to_string(),
            problem,
        }
    }
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
    fn one(file: &str, at: (usize, usize), problem: Problem) -> Self {
        LoadError {
            file: file.to_owned(),
            diagnostics: vec![Diagnostic::new(at, problem)],
        }
    }
}

/// The problems found in one file, collected in bounded memory: the first
/// `MAX_REPORTED` by position are kept and the rest only counted, so a file
/// with a million problems costs no more than one with twenty.
#[derive(Default)]
pub(crate) struct Problems {
    /// A max-heap: the problem furthest down the file goes first.
    kept: BinaryHeap<Kept>,
    total: usize,
}

/// A problem kept, ordered by where it is, then by when it was found.
struct Kept {
    at: (usize, usize),
    nth: usize,
    problem: Problem,
}

impl Ord for Kept {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.at, self.nth).cmp(&(other.at, other.nth))
    }
}

impl PartialOrd for Kept {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Kept {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Kept {}

impl Problems {
    pub(crate) fn push(&mut self, at: (usize, usize), problem: Problem) {
        self.total += 1;
        self.kept.push(Kept {
            at,
            nth: self.total,
            problem,
        });
        if self.kept.len() > MAX_REPORTED {
            self.kept.pop();
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// The problems in file order; past `MAX_REPORTED`, a last line says how
    /// many more there are.
    pub(crate) fn into_error(self, file: &str) -> LoadError {
        let total = self.total;
        let mut diagnostics: Vec<Diagnostic> = self
            .kept
            .into_sorted_vec()
            .into_iter()
            .map(|k| Diagnostic::new(k.at, k.problem))
            .collect();
        if let Some(last) = diagnostics.last() {
            if total > diagnostics.len() {
                let more = Problem::More {
                    count: total - diagnostics.len(),
                };
                diagnostics.push(Diagnostic::new((last.line, last.column), more));
            }
        }
        LoadError {
            file: file.to_owned(),
            diagnostics,
        }
    }
}

/// The error for a file over the size limit (also for a caller that knows
/// the size without reading the file).
pub fn too_large(file: &str, size: u64, limit: usize) -> LoadError {
    LoadError::one(file, (1, 1), Problem::TooLarge { size, limit })
}

/// Checks the bytes are text we accept and returns them as `&str`, without
/// a BOM. Shared by every YAML file duyet reads. After it the text holds no
/// tab, no control character and no line break but `\n` and `\r\n`, which
/// `yaml::scan` relies on.
pub fn decode<'a>(file: &str, bytes: &'a [u8], limit: usize) -> Result<&'a str, LoadError> {
    if bytes.len() > limit {
        return Err(too_large(file, bytes.len() as u64, limit));
    }
    if let Some(problem) = utf16(bytes) {
        return Err(LoadError::one(file, (1, 1), problem));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let src = std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        // valid_up_to ends on a char boundary, so this cannot fail.
        let column = std::str::from_utf8(&good[line_start..]).map_or(1, |s| s.chars().count() + 1);
        let byte = bytes[e.valid_up_to()];
        LoadError::one(file, (line, column), Problem::InvalidUtf8 { byte })
    })?;
    let mut problems = Problems::default();
    for (i, line) in src.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        for (column, c) in line.chars().enumerate() {
            if let Some(problem) = refused_char(c) {
                problems.push((i + 1, column + 1), problem);
            }
        }
    }
    if problems.is_empty() {
        Ok(src)
    } else {
        Err(problems.into_error(file))
    }
}

/// Why a character may not appear as itself in a YAML file duyet reads.
/// (duyet writes such characters escaped in double quotes.)
fn refused_char(c: char) -> Option<Problem> {
    Some(match c {
        '\t' => Problem::Tab,
        '\r' => Problem::LoneCarriageReturn,
        '\0' => Problem::Nul,
        '\u{85}' | '\u{2028}' | '\u{2029}' => Problem::UnicodeLineBreak { ch: c },
        '\u{FEFF}' => Problem::ByteOrderMarkInside,
        c if c.is_control() && c != '\n' => Problem::ControlCharacter { ch: c },
        _ => return None,
    })
}

/// Why the bytes are UTF-16 (or UTF-32) rather than UTF-8, if they are: a
/// byte-order mark, or every other byte zero (YAML's ASCII keys in UTF-16).
fn utf16(bytes: &[u8]) -> Option<Problem> {
    for (bom, encoding) in [
        (&b"\x00\x00\xFE\xFF"[..], "UTF-32"),
        (b"\xFF\xFE\x00\x00", "UTF-32"),
        (b"\xFF\xFE", "UTF-16"),
        (b"\xFE\xFF", "UTF-16"),
    ] {
        if bytes.starts_with(bom) {
            return Some(Problem::WideEncoding { encoding, bom });
        }
    }
    let head = &bytes[..bytes.len().min(64)];
    let zeros = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let pairs = head.len() / 2;
    let (even, odd) = (zeros(0), zeros(1));
    let looks = pairs >= 2 && ((even == 0 && odd * 2 > pairs) || (odd == 0 && even * 2 > pairs));
    looks.then_some(Problem::LooksUtf16)
}

/// Parses YAML text into `T`, mapping the library's error to a diagnostic.
pub fn parse_yaml<T: serde::de::DeserializeOwned>(file: &str, src: &str) -> Result<T, LoadError> {
    yaml::parse(src).map_err(|e| LoadError::one(file, (e.line, e.column), e.problem))
}

/// Reads and checks one draft. `file` is the name used in messages.
///
/// Every step is bounded by the input's size: the size limit, then
/// `yaml::scan` (no aliases; bounded nesting and number of values) before
/// the YAML library builds anything, then checks linear in the number of
/// sections, footnotes and citations.
pub fn load_draft(file: &str, bytes: &[u8]) -> Result<Draft, LoadError> {
    check_draft(file, bytes, None)
}

/// `load_draft` and, given the repository's `duyet.yaml`, also the rule that
/// every section's owner is one of its departments (`duyet check`).
pub fn check_draft(file: &str, bytes: &[u8], config: Option<&Config>) -> Result<Draft, LoadError> {
    let src = decode(file, bytes, MAX_DRAFT_BYTES)?;
    let mut draft: Draft = parse_yaml(file, src)?;
    draft.normalize();
    let at = SourceIndex::new(src);
    let mut problems = check(&draft, &at);
    if let Some(config) = config {
        check_owners(&draft, config, &at, &mut problems);
    }
    if problems.is_empty() {
        Ok(draft)
    } else {
        Err(problems.into_error(file))
    }
}

/// Sections whose owner is not a department of `duyet.yaml`.
fn check_owners(draft: &Draft, config: &Config, at: &SourceIndex, problems: &mut Problems) {
    let departments: HashSet<&str> = config.departments.iter().map(|d| d.id.as_str()).collect();
    let mut seen_count: HashMap<&str, usize> = HashMap::new();
    let outline = draft.outline();
    for (k, placed) in outline.iter().enumerate() {
        let s = placed.section;
        let nth = seen_count.entry(&s.id).or_default();
        let id_at = at.section_id(&s.id, *nth, (k, outline.len()));
        *nth += 1;
        if text::is_valid_id(&s.owner) && !departments.contains(s.owner.as_str()) {
            problems.push(
                at.owner(&s.owner, id_at),
                Problem::UnknownOwner {
                    section: s.id.clone(),
                    owner: s.owner.clone(),
                },
            );
        }
    }
}

/// The rules of schema 1 that YAML's shape cannot express.
fn check(draft: &Draft, at: &SourceIndex) -> Problems {
    let mut problems = Problems::default();
    let mut problem = |pos: (usize, usize), problem: Problem| problems.push(pos, problem);
    if draft.schema != SCHEMA {
        problem(
            at.key("schema"),
            Problem::DraftSchema {
                found: draft.schema,
                supported: SCHEMA,
            },
        );
    }
    if !text::is_valid_id(&draft.id) {
        problem(at.key("id"), bad_id(IdOf::Draft, &draft.id));
    }

    let outline = draft.outline();
    let mut first_seen: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut seen_count: HashMap<&str, usize> = HashMap::new();
    for (k, placed) in outline.iter().enumerate() {
        let s: &Section = placed.section;
        let nth = seen_count.entry(&s.id).or_default();
        let pos = at.section_id(&s.id, *nth, (k, outline.len()));
        *nth += 1;
        if !text::is_valid_id(&s.id) {
            problem(pos, bad_id(IdOf::Section, &s.id));
        } else if s.id.starts_with('_') {
            problem(pos, Problem::ReservedSectionId { id: s.id.clone() });
        }
        if let Some(first) = first_seen.get(s.id.as_str()) {
            problem(
                pos,
                Problem::DuplicateSectionId {
                    id: s.id.clone(),
                    first_line: first.0,
                },
            );
        } else {
            first_seen.insert(&s.id, pos);
        }
        if s.title.is_none() && s.body.is_empty() {
            problem(pos, Problem::EmptySection { id: s.id.clone() });
        }
        if !text::is_valid_id(&s.owner) {
            let of = IdOf::Owner {
                section: s.id.clone(),
            };
            problem(pos, bad_id(of, &s.owner));
        }
        if placed.depth >= MAX_DEPTH {
            problem(
                pos,
                Problem::SectionTooDeep {
                    id: s.id.clone(),
                    limit: MAX_DEPTH,
                },
            );
        }
    }

    let mut footnote_ids: HashMap<&str, usize> = HashMap::new();
    for (k, f) in draft.footnotes.iter().enumerate() {
        let seen = footnote_ids.entry(&f.id).or_default();
        let pos = at.footnote_id(&f.id, *seen, (k, draft.footnotes.len()));
        if !text::is_valid_id(&f.id) {
            problem(pos, bad_id(IdOf::Footnote, &f.id));
        }
        if *seen > 0 {
            problem(pos, Problem::DuplicateFootnoteId { id: f.id.clone() });
        }
        *seen += 1;
    }

    let mut texts: Vec<&str> = vec![&draft.title, &draft.preamble, &draft.closing];
    for p in &outline {
        texts.extend(p.section.title.as_deref());
        texts.push(&p.section.body);
    }
    texts.extend(draft.footnotes.iter().map(|f| f.text.as_str()));
    let mut unknown: HashSet<&str> = HashSet::new();
    for t in texts {
        for (_, id) in text::footnote_refs(t) {
            if !footnote_ids.contains_key(id) && unknown.insert(id) {
                problem(
                    at.citation(id),
                    Problem::UnknownFootnote { id: id.to_owned() },
                );
            }
        }
    }
    problems
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

/// The k-th of `lines` when there are exactly `count` of them.
fn ordinal(lines: &[(usize, usize)], k: usize, count: usize) -> Option<&(usize, usize)> {
    (lines.len() == count).then(|| lines.get(k)).flatten()
}

/// A one-line scalar as written after `key:` (`raw` is the rest of the line),
/// read as the YAML library reads it and as `Draft::normalize` leaves it:
/// quotes and escapes undone, a comment after it dropped, trimmed, NFC.
fn scalar_text(raw: &str) -> Cow<'_, str> {
    let raw = raw.trim();
    let value: Cow<'_, str> = match raw.as_bytes().first() {
        Some(b'"') if raw.contains('\\') => yaml::parse::<String>(raw)
            .map_or_else(|_| Cow::Borrowed(raw.trim_matches('"')), Cow::Owned),
        Some(b'\'') if raw[1..].contains("''") => yaml::parse::<String>(raw)
            .map_or_else(|_| Cow::Borrowed(raw.trim_matches('\'')), Cow::Owned),
        Some(&q @ (b'"' | b'\'')) => {
            let inner = &raw[1..];
            Cow::Borrowed(inner.find(char::from(q)).map_or(inner, |end| &inner[..end]))
        }
        _ => Cow::Borrowed(raw.split(" #").next().unwrap_or(raw)),
    };
    match value {
        Cow::Borrowed(v) if v.is_ascii() => Cow::Borrowed(v.trim()),
        v => Cow::Owned(text::nfc(v.trim())),
    }
}

fn bad_id(of: IdOf, id: &str) -> Problem {
    // A character that shows as `�` (or not at all) is named by code point.
    let hidden = id
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_control() || text::hides_or_reorders(*c))
        .map(|(i, c)| (c, i + 1));
    Problem::BadId {
        of,
        id: id.to_owned(),
        hidden,
    }
}

/// Finds where things are in the source text, for messages about problems
/// found after parsing (the YAML library keeps no positions on values).
/// Ids are written as `id: value` (optionally after `- `, the key and the
/// value optionally in quotes), so a line scan finds them; each value is
/// read as the library reads it (escapes, `''`, a comment after it, NFC), so
/// an id that breaks the rules — the ones reported here — is found too.
/// Built in one pass; every look-up after is a hash look-up, so checking n
/// sections costs O(n).
struct SourceIndex<'a> {
    src: &'a str,
    /// id value → positions of the `id:` lines outside the top-level
    /// `footnotes:` block (section ids), in file order. The draft's own
    /// top-level `id:` is not among them.
    sections: HashMap<Cow<'a, str>, Vec<(usize, usize)>>,
    /// Every such line in file order: the k-th section's when an id could
    /// not be read from its line (a block scalar, say) and the count agrees.
    section_lines: Vec<(usize, usize)>,
    /// The same inside the `footnotes:` block (footnote ids).
    footnotes: HashMap<Cow<'a, str>, Vec<(usize, usize)>>,
    footnote_lines: Vec<(usize, usize)>,
    /// The first line of the `footnotes:` block, if any.
    footnotes_line: Option<usize>,
    /// owner value → positions of `owner:` lines, in file order.
    owners: HashMap<Cow<'a, str>, Vec<(usize, usize)>>,
    /// Footnote id → where `[^id]` is first written.
    citations: HashMap<&'a str, (usize, usize)>,
}

impl<'a> SourceIndex<'a> {
    fn new(src: &'a str) -> Self {
        let mut index = SourceIndex {
            src,
            sections: HashMap::new(),
            section_lines: Vec::new(),
            footnotes: HashMap::new(),
            footnote_lines: Vec::new(),
            footnotes_line: None,
            owners: HashMap::new(),
            citations: HashMap::new(),
        };
        let mut in_footnotes = false;
        for (i, line) in src.lines().enumerate() {
            // Columns counted on from the previous citation: a long line
            // with many citations is walked once.
            let (mut from, mut column) = (0, 1);
            for (at, id) in text::footnote_refs(line) {
                column += line[from..at].chars().count();
                from = at;
                index.citations.entry(id).or_insert((i + 1, column));
            }
            // A top-level key starts at column 1 (a `- ` there is an item of
            // the block sequence under the key before it).
            if line.starts_with(|c: char| !c.is_whitespace() && c != '-' && c != '#') {
                in_footnotes = line.starts_with("footnotes:");
                if in_footnotes {
                    index.footnotes_line = Some(i + 1);
                }
                continue;
            }
            let trimmed = line.trim_start();
            let after_dash = trimmed.strip_prefix("- ").map_or(trimmed, str::trim_start);
            let column = line.len() - after_dash.len() + 1;
            let value_of = |key: &str| {
                let rest = after_dash
                    .strip_prefix(key)
                    .or_else(|| {
                        after_dash
                            .strip_prefix('"')?
                            .strip_prefix(key)?
                            .strip_prefix('"')
                    })
                    .or_else(|| {
                        after_dash
                            .strip_prefix('\'')?
                            .strip_prefix(key)?
                            .strip_prefix('\'')
                    })?;
                rest.strip_prefix(':')
                    .filter(|v| v.is_empty() || v.starts_with(' '))
                    .map(scalar_text)
            };
            if let Some(value) = value_of("id") {
                let (ids, lines) = if in_footnotes {
                    (&mut index.footnotes, &mut index.footnote_lines)
                } else {
                    (&mut index.sections, &mut index.section_lines)
                };
                ids.entry(value).or_default().push((i + 1, column));
                lines.push((i + 1, column));
            } else if let Some(value) = value_of("owner") {
                index.owners.entry(value).or_default().push((i + 1, column));
            }
        }
        index
    }

    /// Position of the `nth` (from 0) `id:` line of a section with this id
    /// (the last one found when there are fewer); when its id is not found,
    /// the `id:` line of the k-th of `count` sections in reading order, if
    /// there are that many such lines; else the `sections:` key.
    fn section_id(&self, id: &str, nth: usize, (k, count): (usize, usize)) -> (usize, usize) {
        self.sections
            .get(id)
            .and_then(|found| found.get(nth).or(found.last()))
            .or_else(|| ordinal(&self.section_lines, k, count))
            .copied()
            .unwrap_or_else(|| self.key("sections"))
    }

    /// The same for the k-th of `count` footnotes; else the `footnotes:` key.
    fn footnote_id(&self, id: &str, nth: usize, (k, count): (usize, usize)) -> (usize, usize) {
        self.footnotes
            .get(id)
            .and_then(|found| found.get(nth))
            .or_else(|| ordinal(&self.footnote_lines, k, count))
            .copied()
            .unwrap_or((self.footnotes_line.unwrap_or(1), 1))
    }

    /// The `owner: value` line of the section whose `id:` line is at
    /// `section`: the first one after it, else the section's own line.
    fn owner(&self, value: &str, section: (usize, usize)) -> (usize, usize) {
        let Some(found) = self.owners.get(value) else {
            return section;
        };
        let next = found.partition_point(|p| *p < section);
        found.get(next).copied().unwrap_or(section)
    }

    fn key(&self, key: &str) -> (usize, usize) {
        self.src
            .lines()
            .position(|l| l.strip_prefix(key).is_some_and(|r| r.starts_with(':')))
            .map_or((1, 1), |i| (i + 1, 1))
    }

    /// Where `[^id]` is first written.
    fn citation(&self, id: &str) -> (usize, usize) {
        self.citations.get(id).copied().unwrap_or((1, 1))
    }
}
