//! What the screen shows before anyone asks: the repository at a glance
//! (drafts, branches, people, a first comparison), the branches with how
//! far each is from `main`, and one section as every department has it.
//! Plain functions; the screen's worker only schedules them.

use std::collections::HashMap;

use crate::core::config::Config;
use crate::core::{Identity, WordDiff, word_diff};
use crate::store::{BranchInfo, BranchKind, MAIN_BRANCH, RepoHint, Store, StoreError};

use super::compare::Range;
use super::{OpsError, merge};

/// What the screen needs to start.
#[derive(Debug, Clone)]
pub struct Overview {
    pub drafts: Vec<String>,
    pub branches: Vec<BranchInfo>,
    pub config: Option<Config>,
    /// Why `duyet.yaml` on the base revision cannot be used.
    pub config_error: Option<std::sync::Arc<StoreError>>,
    /// Git's identity is set but cannot be used (a newline in it, say).
    pub identity_error: Option<std::sync::Arc<StoreError>>,
    /// The user, from `--as` or git's configuration.
    pub identity: Option<Identity>,
    /// What to compare first: a draft and the "from" and "to" revisions.
    pub draft: Option<String>,
    pub from: String,
    pub to: String,
    /// Per branch: commits ahead of the "from" revision.
    pub ahead: HashMap<String, usize>,
    /// Why the screen may look empty (no department branch, review records
    /// not fetched), shown in the footer at start.
    pub hints: Vec<RepoHint>,
}

/// What the screen needs to start: drafts, branches, people, and a sensible
/// first comparison — `main` against the user's department branch (or the
/// first department branch), on a draft that branch changed.
pub fn open(store: &Store, identity: Option<Identity>) -> Result<Overview, StoreError> {
    let branches = store.branches()?;
    let base = if branches.iter().any(|b| b.kind == BranchKind::Main) {
        MAIN_BRANCH.to_owned()
    } else {
        "HEAD".to_owned()
    };
    let base_id = store.resolve(&base)?;
    let drafts = store.drafts(&base)?;
    let (config, config_error) = match store.read_config(&base) {
        Ok(c) => (c, None),
        Err(e) => (None, Some(std::sync::Arc::new(e))),
    };
    // A git identity that cannot be used is said, with why, rather than
    // treated as no identity at all.
    let (identity, identity_error) = match identity {
        Some(i) => (Some(i), None),
        None => match store.read_git_identity() {
            Ok(i) => (i, None),
            Err(e) => (None, Some(std::sync::Arc::new(e))),
        },
    };
    let my_department = identity
        .as_ref()
        .zip(config.as_ref())
        .and_then(|(id, c)| c.person_by_email(&id.email))
        .map(|p| p.department.clone());
    let department_branches: Vec<&BranchInfo> = branches
        .iter()
        .filter(|b| matches!(b.kind, BranchKind::Department(_)))
        .collect();
    let to = my_department
        .and_then(|d| {
            department_branches
                .iter()
                .find(|b| b.kind == BranchKind::Department(d.clone()))
        })
        .or(department_branches.first())
        .map_or_else(|| base.clone(), |b| b.name.clone());
    // The draft the branch worked on most (and that still differs from base).
    let to_id = store.resolve(&to)?;
    let mut draft = drafts.first().cloned();
    let mut most = 0;
    for d in &drafts {
        if store.file_id(base_id, d)? == store.file_id(to_id, d)? {
            continue;
        }
        let count = store.revisions(&to, d, 1000)?.len();
        if count > most {
            most = count;
            draft = Some(d.clone());
        }
    }
    let mut ahead = HashMap::new();
    for b in &branches {
        ahead.insert(b.name.clone(), store.ahead_behind(b.tip, base_id)?.0);
    }
    Ok(Overview {
        drafts,
        branches,
        config,
        config_error,
        identity_error,
        identity,
        draft,
        from: base,
        to,
        ahead,
        hints: store.hints(),
    })
}

/// The branches, and how many commits each has that `main` lacks.
pub fn branches(store: &Store) -> Result<(Vec<BranchInfo>, HashMap<String, usize>), StoreError> {
    let branches = store.branches()?;
    let base = store
        .resolve(MAIN_BRANCH)
        .or_else(|_| store.resolve("HEAD"))?;
    let mut ahead = HashMap::new();
    for b in &branches {
        ahead.insert(b.name.clone(), store.ahead_behind(b.tip, base)?.0);
    }
    Ok((branches, ahead))
}

/// A department's version of one section, against `main`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartmentVersion {
    pub branch: String,
    /// Whether the branch changed the section since it left main (after a
    /// merge, main's newer text is not the department's change).
    pub changed: bool,
    /// Whether main's section differs from the one the branch started from.
    pub main_also_changed: bool,
    /// Against the merge base or main now (as the screen compares); `None`:
    /// the branch does not have the section.
    pub diff: Option<(WordDiff, WordDiff)>,
}

/// One section as each department branch has it: what the department
/// changed since it left main (`Range::SinceFork`), or against main now.
pub fn all_departments(
    store: &Store,
    draft: &str,
    section: &str,
    range: Range,
) -> Result<Vec<DepartmentVersion>, OpsError> {
    let main_tip = store.resolve(MAIN_BRANCH)?;
    let main = store.read_draft_at(main_tip, MAIN_BRANCH, draft)?;
    let empty = crate::core::Section {
        id: section.to_owned(),
        number: String::new(),
        title: None,
        owner: String::new(),
        body: String::new(),
        sections: Vec::new(),
    };
    let text = |s: Option<&crate::core::Section>| {
        let s = s.unwrap_or(&empty);
        (s.title.clone().unwrap_or_default(), s.body.clone())
    };
    let main_text = text(main.section(section));
    let mut out = Vec::new();
    for b in store.branches()? {
        if !matches!(b.kind, BranchKind::Department(_)) {
            continue;
        }
        let theirs = store.read_draft_at(b.tip, &b.name, draft).ok();
        let theirs_section = theirs.as_ref().and_then(|d| d.section(section));
        let base = merge::merge_base(store, draft, main_tip, b.tip)
            .ok()
            .and_then(|at| store.read_draft_at(at, "merge base", draft).ok());
        let base_section = base.as_ref().and_then(|d| d.section(section));
        let base_text = text(base_section);
        let changed = match (base_section, theirs_section) {
            (Some(_), Some(t)) => base_text != text(Some(t)),
            (None, None) => false,
            _ => true,
        };
        let old = match range {
            Range::SinceFork => &base_text,
            Range::Direct => &main_text,
        };
        let diff = theirs_section.map(|t| {
            let (title, body) = text(Some(t));
            (word_diff(&old.0, &title), word_diff(&old.1, &body))
        });
        out.push(DepartmentVersion {
            branch: b.name,
            changed,
            main_also_changed: base_text != main_text,
            diff,
        });
    }
    // The departments that changed the section first.
    out.sort_by_key(|v| !v.changed);
    Ok(out)
}
