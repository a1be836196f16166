//! What is wrong at one place of a file duyet reads (a draft, `duyet.yaml`):
//! typed, with the values it names, so that `i18n::errors::problem` can say
//! it in the person's language. `Display` is the plain English fact, as
//! `duyet check --lang en`, logs, JSON and the tests read it.

use std::fmt;

/// One problem found in a file. Made in `core::load`, `core::config` and
/// `core::yaml` (with `yaml::library` recognising what serde said).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    // --- bytes and encoding (`load::decode`)
    /// Over the size limit (read before parsing).
    TooLarge {
        size: u64,
        limit: usize,
    },
    /// A byte-order mark of UTF-16 or UTF-32 (`encoding`) at the start.
    WideEncoding {
        encoding: &'static str,
        bom: &'static [u8],
    },
    /// No byte-order mark, but every other byte is zero.
    LooksUtf16,
    /// The first byte that is not UTF-8 (a legacy Vietnamese encoding, often).
    InvalidUtf8 {
        byte: u8,
    },
    Tab,
    /// A CR not followed by LF.
    LoneCarriageReturn,
    Nul,
    /// U+0085, U+2028 or U+2029, which YAML reads as a line break.
    UnicodeLineBreak {
        ch: char,
    },
    /// U+FEFF after the start of the file.
    ByteOrderMarkInside,
    ControlCharacter {
        ch: char,
    },
    /// How many more problems there are past the ones listed.
    More {
        count: usize,
    },

    // --- the shape of the YAML (`yaml::scan`)
    TooManyValues {
        limit: usize,
    },
    /// Collections nested deeper than `limit`; sections may go `sections` deep.
    NestedTooDeep {
        limit: usize,
        sections: usize,
    },
    SecondDocument,
    MergeKey,
    /// A key written twice in one block mapping.
    RepeatedKey {
        key: String,
        first_line: usize,
    },
    Alias {
        token: String,
    },
    Anchor {
        token: String,
    },
    Tag {
        token: String,
    },

    // --- what serde said (`yaml::library`); `path` is serde's place
    // (`sections[0]`), when it gave one
    MissingKey {
        path: Option<String>,
        key: String,
    },
    /// A key the format does not have; `expected` the ones it has (none: the
    /// place takes no key).
    UnknownKey {
        path: Option<String>,
        key: String,
        expected: Vec<String>,
    },
    /// A value that is not one of the words allowed there (serde's "unknown
    /// variant").
    UnknownValue {
        path: Option<String>,
        value: String,
        expected: Vec<String>,
    },
    /// A key written twice (in a flow mapping: `scan` sees block ones).
    DuplicateKey {
        path: Option<String>,
        key: String,
    },
    /// serde's "invalid type": what was `found` (`string "x"`, `sequence`,
    /// `integer `2``…) and what was `expected` (`u32`, `a sequence`,
    /// `struct Section`…), in serde's words.
    WrongType {
        path: Option<String>,
        found: String,
        expected: String,
    },
    /// Anything else the YAML library said (a syntax error), in its words.
    Yaml {
        text: String,
    },

    // --- the rules of a draft (`load::check_draft`)
    DraftSchema {
        found: u32,
        supported: u32,
    },
    BadId {
        of: IdOf,
        id: String,
        /// A character that does not show as itself, and its position
        /// (from 1) in the id.
        hidden: Option<(char, usize)>,
    },
    /// A section id starting with `_`, kept for the parts that are not sections.
    ReservedSectionId {
        id: String,
    },
    DuplicateSectionId {
        id: String,
        first_line: usize,
    },
    /// A section with neither title nor body.
    EmptySection {
        id: String,
    },
    SectionTooDeep {
        id: String,
        limit: usize,
    },
    DuplicateFootnoteId {
        id: String,
    },
    /// `[^id]` cited with no footnote `id`.
    UnknownFootnote {
        id: String,
    },
    /// A section whose owner is not a department of `duyet.yaml`.
    UnknownOwner {
        section: String,
        owner: String,
    },

    // --- the rules of `duyet.yaml` (`config::Config`)
    ConfigSchema {
        found: u32,
        supported: u32,
    },
    NoApprovalRequired,
    RequirementTwice {
        requirement: &'static str,
    },
    BadDepartmentId {
        id: String,
    },
    DuplicateDepartmentId {
        id: String,
        first_line: usize,
    },
    BadPerson {
        name: String,
        email: String,
        why: PersonProblem,
    },
    /// An e-mail listed twice (compared without case).
    DuplicateEmail {
        email: String,
        first_line: usize,
    },
    UnknownDepartment {
        name: String,
        email: String,
        department: String,
    },
    /// A key of `keys:`/`server_keys:` that is no SSH public key; `start` is
    /// its first word, at most 40 characters.
    NotSshKey {
        start: String,
    },
}

/// Whose id is not valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdOf {
    Draft,
    Section,
    Footnote,
    /// The owner (a department id) of this section.
    Owner {
        section: String,
    },
}

/// Why a person of `duyet.yaml` is not a plausible identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonProblem {
    NameEmpty,
    /// A control character, `<` or `>` in the name.
    NameCharacter,
    EmailForm,
}

/// serde's list of the names allowed: "`a`", "`a` or `b`", "one of `a`, `b`, `c`".
pub fn one_of(names: &[String], or: &str, one_of: &str) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [one] => one.clone(),
        [a, b] => format!("{a} {or} {b}"),
        _ => format!("{one_of} {}", quoted.join(", ")),
    }
}

/// The Unicode name of a character YAML reads as a line break.
pub fn line_break_name(ch: char) -> &'static str {
    match ch {
        '\u{85}' => "NEXT LINE",
        '\u{2028}' => "LINE SEPARATOR",
        _ => "PARAGRAPH SEPARATOR",
    }
}

/// The bytes as `FF FE`.
pub fn hex_bytes(bytes: &[u8]) -> String {
    let shown: Vec<String> = bytes.iter().map(|b| format!("{b:02X}")).collect();
    shown.join(" ")
}

/// `sections[0]: ` before what serde said, when it named a place.
fn at(path: &Option<String>) -> String {
    path.as_ref().map_or_else(String::new, |p| format!("{p}: "))
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Problem::*;
        let code = |c: &char| u32::from(*c);
        match self {
            TooLarge { size, limit } => write!(
                f,
                "file is {size} bytes; the limit is {limit} bytes ({} MiB)",
                limit / (1024 * 1024)
            ),
            WideEncoding { encoding, bom } => write!(
                f,
                "the file is {encoding} (it starts with the bytes {}); save it as UTF-8 \
                 (Notepad: Save As, Encoding: UTF-8)",
                hex_bytes(bom)
            ),
            LooksUtf16 => f.write_str(
                "the file looks like UTF-16 (every other byte is 0); save it as UTF-8 \
                 (Notepad: Save As, Encoding: UTF-8)",
            ),
            InvalidUtf8 { byte } => write!(
                f,
                "invalid UTF-8 (byte 0x{byte:02X}): the file is not UTF-8 — if it was typed in \
                 TCVN3 (ABC), VNI or Windows-1258, convert it to Unicode with Unikey's \
                 conversion tool (UniKey Toolkit, Ctrl+Shift+F6), then save it as UTF-8"
            ),
            Tab => f.write_str("tab character; indent with spaces and write no tabs in text"),
            LoneCarriageReturn => f.write_str(
                "carriage return (CR) without a line feed (old Mac line ends); save the file \
                 with LF or CRLF line ends",
            ),
            Nul => f.write_str(
                "NUL byte: this is not a text file (is it UTF-16, or binary?); save it as UTF-8",
            ),
            UnicodeLineBreak { ch } => write!(
                f,
                "U+{:04X} ({}), which YAML reads as a line break; replace it with a new line",
                code(ch),
                line_break_name(*ch)
            ),
            ByteOrderMarkInside => f.write_str(
                "U+FEFF (a byte-order mark) inside the file; delete it (it is invisible)",
            ),
            ControlCharacter { ch } => write!(
                f,
                "control character U+{:04X}; delete it (YAML allows no control character as it \
                 is in a file)",
                code(ch)
            ),
            More { count } => write!(f, "… and {count} more problems"),

            TooManyValues { limit } => write!(
                f,
                "more than {limit} YAML values; a report has a few thousand: is this the right \
                 file?"
            ),
            NestedTooDeep { limit, sections } => write!(
                f,
                "nested deeper than {limit} levels; sections may be nested at most {sections} deep"
            ),
            SecondDocument => f.write_str(
                "a second YAML document starts here; a file holds one document: remove this \
                 line and what follows, or put it in a file of its own",
            ),
            MergeKey => f.write_str(
                "`<<` is a YAML merge key; merge keys are not allowed: write the keys out",
            ),
            RepeatedKey { key, first_line } => write!(
                f,
                "duplicate key `{key}` (first at line {first_line}); write each key once"
            ),
            Alias { token } => write!(
                f,
                "`{token}` is a YAML alias; aliases and anchors (`&name`) are not allowed: \
                 write the text out where it is needed"
            ),
            Anchor { token } => write!(
                f,
                "`{token}` is a YAML anchor; anchors and aliases (`*name`) are not allowed: \
                 write the text out where it is needed"
            ),
            Tag { token } => write!(
                f,
                "`{token}` is a YAML tag; tags are not allowed: write the value as plain text \
                 (in quotes if it starts with `!`)"
            ),

            MissingKey { path, key } => write!(f, "{}missing key `{key}`", at(path)),
            UnknownKey {
                path,
                key,
                expected,
            } => {
                write!(f, "{}unknown key `{key}`, ", at(path))?;
                if expected.is_empty() {
                    f.write_str("there are no fields")
                } else {
                    write!(f, "expected {}", one_of(expected, "or", "one of"))
                }
            }
            UnknownValue {
                path,
                value,
                expected,
            } => {
                write!(f, "{}unknown variant `{value}`, ", at(path))?;
                if expected.is_empty() {
                    f.write_str("there are no variants")
                } else {
                    write!(f, "expected {}", one_of(expected, "or", "one of"))
                }
            }
            DuplicateKey { path, key } => write!(f, "{}duplicate key `{key}`", at(path)),
            WrongType {
                path,
                found,
                expected,
            } => write!(
                f,
                "{}wrong type: found {found}, expected {expected}",
                at(path)
            ),
            Yaml { text } => f.write_str(text),

            DraftSchema { found, supported } => write!(
                f,
                "schema {found} is not supported; this version of duyet reads schema {supported}"
            ),
            BadId { of, id, hidden } => {
                let what = match of {
                    IdOf::Draft => "draft",
                    IdOf::Section => "section",
                    IdOf::Footnote => "footnote",
                    IdOf::Owner { section } => {
                        write!(f, "section `{section}`: ")?;
                        "owner"
                    }
                };
                write!(f, "{what} id `{id}` is not valid")?;
                if let Some((ch, at)) = hidden {
                    write!(f, "; it holds U+{:04X} (character {at})", code(ch))?;
                }
                f.write_str(
                    ": use 1–64 ASCII letters, digits, `-`, `_` or `.`, not starting with `-` or \
                     `.` (no diacritics, no spaces)",
                )
            }
            ReservedSectionId { id } => write!(
                f,
                "section id `{id}` starts with `_`, which is kept for the parts of a report that \
                 are not sections (`_preamble`, `_closing`, `_footnotes`, `_signature`); choose \
                 another id"
            ),
            DuplicateSectionId { id, first_line } => write!(
                f,
                "duplicate section id `{id}` (first defined at line {first_line}); ids must be \
                 unique in the draft"
            ),
            EmptySection { id } => write!(
                f,
                "section `{id}` has neither `title` nor `body`; a section needs at least one"
            ),
            SectionTooDeep { id, limit } => {
                write!(f, "section `{id}` is nested deeper than {limit} levels")
            }
            DuplicateFootnoteId { id } => write!(f, "duplicate footnote id `{id}`"),
            UnknownFootnote { id } => write!(
                f,
                "footnote `[^{id}]` is cited but there is no footnote with id `{id}` under \
                 `footnotes:`"
            ),
            UnknownOwner { section, owner } => write!(
                f,
                "section `{section}`: owner `{owner}` is not a department of duyet.yaml; use one \
                 of the ids under its `departments:`"
            ),

            ConfigSchema { found, supported } => {
                write!(f, "schema {found} is not supported; expected {supported}")
            }
            NoApprovalRequired => f.write_str(
                "`approval.required` is empty, so no section can ever be approved; list \
                 `owner-reviewer` and/or `office`",
            ),
            RequirementTwice { requirement } => {
                write!(f, "`approval.required` lists `{requirement}` twice")
            }
            BadDepartmentId { id } => write!(
                f,
                "department id `{id}` is not valid: use 1–64 ASCII letters, digits, `-`, `_` or \
                 `.` (it is part of the branch name dept/<id>)"
            ),
            DuplicateDepartmentId { id, first_line } => write!(
                f,
                "duplicate department id `{id}` (first at line {first_line}); ids must be unique"
            ),
            BadPerson { name, email, why } => {
                // Escaped: the name may hold the control character it is refused for.
                write!(
                    f,
                    "person \"{}\" <{}>: {}",
                    name.escape_debug(),
                    email.escape_debug(),
                    match why {
                        PersonProblem::NameEmpty => "name is empty",
                        PersonProblem::NameCharacter =>
                            "name holds a control character, `<` or `>`",
                        PersonProblem::EmailForm => "e-mail is not of the form name@example.org",
                    }
                )
            }
            DuplicateEmail { email, first_line } => write!(
                f,
                "e-mail {email} is listed twice (first at line {first_line}; e-mails are \
                 compared without case); list each person once"
            ),
            UnknownDepartment {
                name,
                email,
                department,
            } => write!(
                f,
                "person {name} <{email}> belongs to unknown department `{department}`; add it \
                 under `departments:`"
            ),
            NotSshKey { start } => write!(
                f,
                "`{}` is not an SSH public key; give the line of the person's `.pub` file \
                 (`ssh-ed25519 AAAA… name`)",
                start.escape_debug()
            ),
        }
    }
}
