//! What the screen shows, as plain data shared by its parts: a draft
//! compared between two revisions (`Comparison`), the outline's rows, and
//! `Loadable` for whatever the worker is still reading. No screen state.

use std::collections::HashMap;

use crate::core::Part;
use crate::core::diff::{DraftDiff, Status};
use crate::ops::compare::Range;

/// Something being fetched by the worker.
#[derive(Debug, Clone)]
pub enum Loadable<T> {
    Loading,
    Ready(T),
    Failed(String),
}

impl<T> Loadable<T> {
    pub fn ready(&self) -> Option<&T> {
        match self {
            Loadable::Ready(t) => Some(t),
            _ => None,
        }
    }
}

pub use crate::ops::overview::Overview as RepoInfo;

/// A draft compared between two revisions, ready to show.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub draft: String,
    pub title: String,
    pub from: String,
    pub to: String,
    /// The commit `to` named when the comparison was read: what the screen
    /// shows, and so what an approval or comment made from it is bound to.
    pub to_commit: String,
    /// How `from` and `to` are compared.
    pub range: Range,
    /// The commit the old side was read from (the merge base when comparing
    /// since the fork).
    pub from_commit: String,
    pub diff: DraftDiff,
    /// For each section of `diff.sections`, its printed number path ("I.4").
    pub paths: Vec<String>,
}

impl Comparison {
    pub fn new(draft: String, title: String, from: String, to: String, diff: DraftDiff) -> Self {
        let index: HashMap<&str, usize> = diff
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let paths = diff
            .sections
            .iter()
            .map(|s| {
                let mut numbers = vec![s.place().number.clone()];
                let mut parent = s.place().parent.clone();
                while let Some(p) = parent {
                    let Some(&i) = index.get(p.as_str()) else {
                        break;
                    };
                    numbers.push(diff.sections[i].place().number.clone());
                    parent = diff.sections[i].place().parent.clone();
                }
                numbers.retain(|n| !n.is_empty());
                numbers.reverse();
                numbers.join(".")
            })
            .collect();
        Comparison {
            draft,
            title,
            from_commit: from.clone(),
            range: Range::Direct,
            from,
            to_commit: to.clone(),
            to,
            diff,
            paths,
        }
    }

    /// The printed number path of the section with this id.
    pub fn path_of(&self, id: &str) -> Option<&str> {
        self.diff
            .sections
            .iter()
            .position(|s| s.id == id)
            .map(|i| self.paths[i].as_str())
    }
}

/// A row of the outline: a section, or a part of the report that is not
/// one (the preamble, the closing, the signature block, the footnotes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutlineRow {
    Section(usize),
    Part(Part),
}

impl OutlineRow {
    pub fn is_changed(self, cmp: &Comparison) -> bool {
        match self {
            OutlineRow::Part(p) => cmp.diff.part(p).is_change(),
            OutlineRow::Section(i) => cmp.diff.sections[i].status != Status::Unchanged,
        }
    }
}

/// What a selected outline row is, independent of any one comparison, so
/// the selection survives a reload that adds or removes sections before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKey {
    Section(String),
    Part(Part),
}

impl RowKey {
    pub fn of(row: OutlineRow, cmp: &Comparison) -> RowKey {
        match row {
            OutlineRow::Part(p) => RowKey::Part(p),
            OutlineRow::Section(i) => RowKey::Section(cmp.diff.sections[i].id.clone()),
        }
    }

    pub fn matches(&self, row: OutlineRow, cmp: &Comparison) -> bool {
        match (self, row) {
            (RowKey::Part(a), OutlineRow::Part(b)) => *a == b,
            (RowKey::Section(id), OutlineRow::Section(i)) => cmp.diff.sections[i].id == *id,
            _ => false,
        }
    }
}

pub use crate::ops::overview::DepartmentVersion;

/// Short marker for a section's change, readable without colour.
pub fn marker(cmp: &Comparison, row: OutlineRow) -> &'static str {
    match row {
        OutlineRow::Part(p) if cmp.diff.part(p).is_change() => "~",
        OutlineRow::Part(_) => " ",
        OutlineRow::Section(i) => section_marker(&cmp.diff.sections[i]).unwrap_or(" "),
    }
}

/// The marker of what happened to a section (`None` when unchanged); the
/// outline and the diff pane's summary both show it.
pub fn section_marker(s: &crate::core::SectionDiff) -> Option<&'static str> {
    Some(match s.status {
        Status::Unchanged => return None,
        Status::Added => "+",
        Status::Removed => "−",
        Status::Changed if s.changes.text => "~",
        Status::Changed if s.changes.title => "✎",
        Status::Changed if s.changes.moved => "↕",
        Status::Changed => "#",
    })
}
