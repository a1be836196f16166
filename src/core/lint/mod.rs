//! Lint: the mistakes a careful reader of a report finds that the schema
//! does not — numbering with gaps or duplicates, footnotes never cited or
//! cited out of order, a name spelled two ways, common misspellings, a plan
//! period written two ways, impossible dates, empty sections, sections no
//! one can review. A pure function of a checked draft (and `duyet.yaml`'s
//! word lists): `lint`. Each finding names its section, the words concerned
//! and where they stand, and has a stable `key` by which a dismissal (a
//! review record) refers to it.
//!
//! - `numbering.rs` — sibling numbers.
//! - `words.rs` — names spelled two ways, tone marks placed two ways,
//!   misspellings, spacing around punctuation.
//! - `dates.rs` — plan periods and dates.

mod dates;
mod numbering;
mod words;

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::config::Config;
use super::draft::{Draft, Part};
use super::text;

pub use numbering::Style;

/// What a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Issue {
    /// Numbers missing between two siblings (I, II, V).
    NumberingGap { missing: Vec<String>, found: String },
    /// A number given twice among siblings.
    NumberingDuplicate { number: String },
    /// A number smaller than the one before it.
    NumberingOrder { expected: String, found: String },
    /// Siblings numbered in two styles.
    NumberingMixed { expected: Style, found: Style },
    /// A footnote no text cites.
    FootnoteUnused { id: String },
    /// A footnote first cited out of the order the footnotes are listed in
    /// (the `cited`-th cited, the `listed`-th listed).
    FootnoteOrder {
        id: String,
        cited: usize,
        listed: usize,
    },
    /// A name written here one way and elsewhere another (case, a tone mark,
    /// one letter).
    NameVariant {
        found: String,
        usual: String,
        count: usize,
    },
    /// The same word with its tone mark on another vowel than elsewhere
    /// (hoá / hóa).
    ToneVariant {
        found: String,
        usual: String,
        count: usize,
    },
    /// A known misspelling, or a term the office writes another way.
    Misspelling { found: String, suggested: String },
    /// A space before punctuation, or a dash spaced on one side only.
    Spacing { found: Vec<String> },
    /// A period written here with another end than elsewhere (2021-2026,
    /// 2021-2025 elsewhere).
    PeriodVariant { found: String, usual: String },
    /// "5 năm giai đoạn 2021-2026": a period as long as it says it is not.
    PeriodLength { found: String, years: u32 },
    /// A period that ends before it begins.
    PeriodReversed { found: String },
    /// A date that does not exist (31/02/2023).
    ImpossibleDate { found: String },
    /// A section with no title-less text and no subsections.
    EmptySection,
    /// A section whose department has no one who could review it.
    NoReviewer { owner: String },
}

impl Issue {
    /// The `kind` in `--json` and in a dismissal's key.
    pub fn kind(&self) -> &'static str {
        match self {
            Issue::NumberingGap { .. } => "numbering-gap",
            Issue::NumberingDuplicate { .. } => "numbering-duplicate",
            Issue::NumberingOrder { .. } => "numbering-order",
            Issue::NumberingMixed { .. } => "numbering-mixed",
            Issue::FootnoteUnused { .. } => "footnote-unused",
            Issue::FootnoteOrder { .. } => "footnote-order",
            Issue::NameVariant { .. } => "name-variant",
            Issue::ToneVariant { .. } => "tone-variant",
            Issue::Misspelling { .. } => "misspelling",
            Issue::Spacing { .. } => "spacing",
            Issue::PeriodVariant { .. } => "period-variant",
            Issue::PeriodLength { .. } => "period-length",
            Issue::PeriodReversed { .. } => "period-reversed",
            Issue::ImpossibleDate { .. } => "impossible-date",
            Issue::EmptySection => "empty-section",
            Issue::NoReviewer { .. } => "no-reviewer",
        }
    }
}

/// Some words of a section's text, and where: `field` is `title`, `body`,
/// `number`, or for the parts that are no section `text` (preamble,
/// closing), a footnote's id, `signature`, `recipients`; `start`..`end` are
/// character offsets in that field's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Word {
    pub text: String,
    pub field: String,
    pub start: usize,
    pub end: usize,
}

/// The words at bytes `start..end` of a short text (a number, a footnote's
/// start); long texts go through `Places`.
pub(crate) fn field_word(field: &str, text: &str, start: usize, end: usize) -> Word {
    Places::new(text).word(field, start, end)
}

/// Character offsets of byte offsets in one text, counted on from the
/// last one asked: places asked in increasing order cost one pass over the
/// text in all (an earlier place starts the count again).
pub(crate) struct Places<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> Places<'a> {
    pub(crate) fn new(text: &'a str) -> Places<'a> {
        Places {
            text,
            byte: 0,
            chars: 0,
        }
    }

    fn chars_at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            (self.byte, self.chars) = (0, 0);
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }

    /// The words at bytes `start..end`, in `field`.
    pub(crate) fn word(&mut self, field: &str, start: usize, end: usize) -> Word {
        let s = self.chars_at(start);
        let e = self.chars_at(end);
        Word {
            text: self.text[start..end].to_owned(),
            field: field.to_owned(),
            start: s,
            end: e,
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// A section's id, or a part's (`_preamble`, `_footnotes`…).
    pub section: String,
    #[serde(flatten)]
    pub issue: Issue,
    /// In English; `i18n` says it in the person's language.
    pub message: String,
    pub words: Vec<Word>,
    /// What a dismissal names: the kind, the section and the words (not
    /// where they stand, so a dismissal outlives edits elsewhere in it).
    pub key: String,
}

impl Finding {
    pub(crate) fn new(section: &str, issue: Issue, words: Vec<Word>) -> Finding {
        let mut hash = Sha256::new();
        for part in [issue.kind(), section] {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
        for w in &words {
            hash.update(w.text.as_bytes());
            hash.update([0]);
        }
        let key = hash.finalize()[..6]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Finding {
            section: section.to_owned(),
            message: issue.to_string(),
            issue,
            words,
            key,
        }
    }
}

/// The words lint looks for besides its own list, from `duyet.yaml`.
#[derive(Debug, Clone, Default)]
pub struct Rules<'a> {
    pub config: Option<&'a Config>,
}

/// One text lint reads: a field of a section or of a part.
pub(crate) struct Unit<'a> {
    pub section: &'a str,
    pub field: String,
    pub text: &'a str,
}

/// Every text of the draft, in reading order.
fn units(draft: &Draft) -> Vec<Unit<'_>> {
    let mut out = Vec::new();
    let unit = |section, field: &str, text| Unit {
        section,
        field: field.to_owned(),
        text,
    };
    out.push(unit(Part::Preamble.id(), "text", draft.preamble.as_str()));
    for placed in draft.outline() {
        let s = placed.section;
        if let Some(title) = &s.title {
            out.push(unit(&s.id, "title", title.as_str()));
        }
        out.push(unit(&s.id, "body", s.body.as_str()));
    }
    out.push(unit(Part::Closing.id(), "text", draft.closing.as_str()));
    for f in &draft.footnotes {
        out.push(unit(Part::Footnotes.id(), &f.id, f.text.as_str()));
    }
    if let Some(sig) = &draft.signature {
        out.push(unit(
            Part::Signature.id(),
            "authority",
            sig.authority.as_str(),
        ));
        out.push(unit(
            Part::Signature.id(),
            "position",
            sig.position.as_str(),
        ));
        out.push(unit(Part::Signature.id(), "signer", sig.signer.as_str()));
    }
    for r in &draft.recipients {
        out.push(unit(Part::Signature.id(), "recipients", r.as_str()));
    }
    out.retain(|u| !u.text.is_empty());
    out
}

/// Every finding in the draft, in reading order of their sections.
pub fn lint(draft: &Draft, rules: &Rules) -> Vec<Finding> {
    let units = units(draft);
    let mut out = Vec::new();
    numbering::check(&draft.sections, None, &mut out);
    footnotes(draft, &units, &mut out);
    words::check(&units, rules, &mut out);
    dates::check(&units, &mut out);
    structure(draft, rules, &mut out);
    // In reading order, each section's findings together.
    let order: Vec<&str> = std::iter::once(Part::Preamble.id())
        .chain(draft.outline().iter().map(|p| p.section.id.as_str()))
        .chain([
            Part::Closing.id(),
            Part::Footnotes.id(),
            Part::Signature.id(),
        ])
        .collect();
    let ranks: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .rev()
        .map(|(i, o)| (*o, i))
        .collect();
    let rank = |id: &str| ranks.get(id).copied().unwrap_or(order.len());
    out.sort_by_key(|f| rank(&f.section));
    out
}

/// Footnotes never cited, and footnotes first cited in another order than
/// they are listed.
fn footnotes(draft: &Draft, units: &[Unit], out: &mut Vec<Finding>) {
    let mut first: Vec<(&str, &Unit, usize)> = Vec::new();
    let mut cited_ids: HashSet<&str> = HashSet::new();
    for unit in units {
        for (at, id) in text::footnote_refs(unit.text) {
            if cited_ids.insert(id) {
                first.push((id, unit, at));
            }
        }
    }
    let listed: HashMap<&str, usize> = draft
        .footnotes
        .iter()
        .enumerate()
        .rev()
        .map(|(i, f)| (f.id.as_str(), i))
        .collect();
    for f in &draft.footnotes {
        if !cited_ids.contains(f.id.as_str()) {
            out.push(Finding::new(
                Part::Footnotes.id(),
                Issue::FootnoteUnused { id: f.id.clone() },
                vec![field_word(&f.id, &f.text, 0, 0)],
            ));
        }
    }
    // In the order first cited, the footnotes that keep the listed order
    // are the longest increasing run of their places in the list; the
    // others are out of place.
    let cited: Vec<(&str, &Unit, usize, usize)> = first
        .iter()
        .filter_map(|(id, unit, at)| {
            let place = *listed.get(id)?;
            Some((*id, *unit, *at, place))
        })
        .collect();
    let places: Vec<usize> = cited.iter().map(|c| c.3).collect();
    let keep = increasing(&places);
    let mut cursor: Option<(&str, Places)> = None;
    for (n, (id, unit, at, place)) in cited.iter().enumerate() {
        if keep.contains(&n) {
            continue;
        }
        if !cursor
            .as_ref()
            .is_some_and(|(text, _)| std::ptr::eq(*text, unit.text))
        {
            cursor = Some((unit.text, Places::new(unit.text)));
        }
        let places = &mut cursor.as_mut().expect("set above").1;
        let word = places.word(&unit.field, *at, *at + id.len() + 3);
        out.push(Finding::new(
            unit.section,
            Issue::FootnoteOrder {
                id: (*id).to_owned(),
                cited: n + 1,
                listed: place + 1,
            },
            vec![word],
        ));
    }
}

/// The indices of a longest strictly increasing subsequence of `v`
/// (patience sorting, O(n log n)).
fn increasing(v: &[usize]) -> Vec<usize> {
    // tails[k]: index of the smallest tail of an increasing run of length k+1.
    let mut tails: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; v.len()];
    for (i, x) in v.iter().enumerate() {
        let k = tails.partition_point(|&t| v[t] < *x);
        before[i] = k.checked_sub(1).map(|p| tails[p]);
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut out = Vec::new();
    let mut at = tails.last().copied();
    while let Some(i) = at {
        out.push(i);
        at = before[i];
    }
    out
}

/// Empty sections; sections whose department has no one to review them.
fn structure(draft: &Draft, rules: &Rules, out: &mut Vec<Finding>) {
    let reviewed: HashSet<&str> = rules
        .config
        .map(|c| {
            c.people
                .iter()
                .filter(|p| p.roles.contains(&super::config::Role::Reviewer))
                .map(|p| p.department.as_str())
                .collect()
        })
        .unwrap_or_default();
    let departments: HashSet<&str> = rules
        .config
        .map(|c| c.departments.iter().map(|d| d.id.as_str()).collect())
        .unwrap_or_default();
    for placed in draft.outline() {
        let s = placed.section;
        if s.body.trim().is_empty() && s.sections.is_empty() {
            out.push(Finding::new(&s.id, Issue::EmptySection, Vec::new()));
        }
        if rules.config.is_some()
            && departments.contains(s.owner.as_str())
            && !reviewed.contains(s.owner.as_str())
        {
            out.push(Finding::new(
                &s.id,
                Issue::NoReviewer {
                    owner: s.owner.clone(),
                },
                Vec::new(),
            ));
        }
    }
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, r) if r != 11 => "st",
        (2, r) if r != 12 => "nd",
        (3, r) if r != 13 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Issue::NumberingGap { missing, found } => {
                write!(f, "{} missing before {found}", missing.join(", "))
            }
            Issue::NumberingDuplicate { number } => write!(f, "number {number} is given twice"),
            Issue::NumberingOrder { expected, found } => {
                write!(f, "{found} comes where {expected} is expected")
            }
            Issue::NumberingMixed { expected, found } => write!(
                f,
                "numbered {} among siblings numbered {}",
                found.example(),
                expected.example()
            ),
            Issue::FootnoteUnused { id } => write!(f, "footnote [^{id}] is never cited"),
            Issue::FootnoteOrder { id, cited, listed } => write!(
                f,
                "footnote [^{id}] is cited {}, but listed {}",
                ordinal(*cited),
                ordinal(*listed)
            ),
            Issue::NameVariant {
                found,
                usual,
                count,
            } => {
                write!(f, "“{found}” is written “{usual}” elsewhere ({count}×)")
            }
            Issue::ToneVariant {
                found,
                usual,
                count,
            } => write!(
                f,
                "“{found}” has its tone mark where “{usual}” (used {count}×) does not"
            ),
            Issue::Misspelling { found, suggested } => write!(f, "“{found}”: write “{suggested}”"),
            Issue::Spacing { found } => {
                write!(f, "spacing around punctuation: {}", found.join(" · "))
            }
            Issue::PeriodVariant { found, usual } => {
                write!(f, "period {found} is written {usual} elsewhere")
            }
            Issue::PeriodLength { found, years } => {
                write!(f, "{found} is not a period of {years} years")
            }
            Issue::PeriodReversed { found } => write!(f, "period {found} ends before it begins"),
            Issue::ImpossibleDate { found } => write!(f, "{found} is no date"),
            Issue::EmptySection => write!(f, "the section has no text and no subsections"),
            Issue::NoReviewer { owner } => {
                write!(
                    f,
                    "no reviewer of {owner} in duyet.yaml can approve this section"
                )
            }
        }
    }
}

#[cfg(test)]
mod tests;
