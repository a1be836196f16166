//! A drafting officer edits a section: a new revision of the draft on their
//! department's branch, with every other section's bytes untouched.

use std::fmt::Write as _;

use crate::core::config::{Config, Person};
use crate::core::policy;
use crate::core::review::trailer;
use crate::core::text::{clean_message, shorten};
use crate::core::yaml::{replace_section_fields, write_draft};
use crate::core::{Draft, Identity, Moment, load_draft};
use crate::store::{DEPT_PREFIX, FileChange, MAIN_BRANCH, Store, StoreError};

use super::{OpsError, Result, config};

/// What to change in the section.
#[derive(Debug, Clone, Default)]
pub struct SectionEdit {
    /// `Some(None)` removes the title; `None` keeps it.
    pub title: Option<Option<String>>,
    /// `None` keeps the body.
    pub body: Option<String>,
    /// The author's commit message: its first line is the revision's
    /// subject, the rest its body (see `commit_message`). `None`, or a
    /// message that is empty once cleaned, gives the default subject.
    pub message: Option<String>,
}

/// The revision written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    pub commit: String,
    pub branch: String,
}

/// The branch a person's edits go to, and the revision an edit starts from:
/// the branch's tip; in a clone without the local branch, the remote's
/// (`origin/dept/x`), so the department's earlier revisions are kept; else
/// `main`.
pub fn edit_base(store: &Store, who: &Identity) -> Result<(String, String)> {
    let (_, _, branch, base) = editor(store, who)?;
    Ok((branch, base))
}

fn editor(store: &Store, who: &Identity) -> Result<(Config, Person, String, String)> {
    let config = config(store)?.ok_or(policy::Refusal::NoConfig)?;
    let (_, person) = policy::person(Some(&config), who)?;
    let person = person.clone();
    let branch = format!("{DEPT_PREFIX}{}", person.department);
    let base = if store.local_branch(&branch).is_some() {
        branch.clone()
    } else if let Some(remote) = store.remote_tracking(&branch)? {
        remote.name
    } else {
        MAIN_BRANCH.to_owned()
    };
    Ok((config, person, branch, base))
}

/// Refuses (with the reason) unless `who` may edit `section` as `base` has it:
/// their department owns it, or they are of the office.
pub fn may_edit(
    store: &Store,
    who: &Identity,
    draft: &str,
    section: &str,
    base: &str,
) -> Result<()> {
    let (config, _, _, _) = editor(store, who)?;
    let d = store.read_draft(base, draft)?;
    let s = d.section(section).ok_or_else(|| OpsError::NoSection {
        draft: draft.to_owned(),
        id: section.to_owned(),
        rev: base.to_owned(),
    })?;
    Ok(policy::may_edit(Some(&config), who, &s.owner)?)
}

/// Writes a new revision of `draft` on the editor's department branch with
/// `section` changed. Refused unless the person's department owns the
/// section or they are of the office; refused (nothing written) if the branch
/// moved since it was read.
pub fn edit_section(
    store: &Store,
    who: &Identity,
    when: Option<Moment>,
    draft: &str,
    section: &str,
    edit: &SectionEdit,
) -> Result<Edited> {
    let (config, _, branch, base) = editor(store, who)?;
    let tip = store.resolve(&base)?;
    let bytes = store
        .read_file(tip, draft)?
        .ok_or_else(|| StoreError::NoSuchFile {
            path: draft.to_owned(),
            rev: base.clone(),
        })?;
    let label = format!("{draft} ({base})");
    let old = load_draft(&label, &bytes).map_err(StoreError::from)?;
    let current = old.section(section).ok_or_else(|| OpsError::NoSection {
        draft: draft.to_owned(),
        id: section.to_owned(),
        rev: base.clone(),
    })?;
    policy::may_edit(Some(&config), who, &current.owner)?;
    let mut new = old.clone();
    let target = new.section_mut(section).expect("found above");
    if let Some(title) = &edit.title {
        target.title = title.clone();
    }
    if let Some(body) = &edit.body {
        target.body = body.clone();
    }
    new.normalize();
    if new == old {
        return Err(OpsError::NothingChanged);
    }
    let changed = new.section(section).expect("still there").clone();
    if changed.title.is_none() && changed.body.is_empty() {
        return Err(OpsError::EmptySection);
    }
    let text = serialise(&bytes, &new, &changed, &label)?;

    let message = commit_message(
        edit.message.as_deref(),
        &default_subject(&new, section),
        draft,
        section,
    );
    // A new department branch starts from the remote's (and tracks it, as
    // `git checkout` would make it; only a convenience, so not fatal), or
    // from main.
    if base != branch {
        store.create_branch(&branch, tip)?;
        if base != MAIN_BRANCH {
            let _ = store.set_upstream(&branch, &base);
        }
    }
    let commit = store.commit_files(
        &branch,
        Some(tip),
        &[FileChange {
            path: draft,
            contents: text.as_bytes(),
        }],
        who,
        when,
        &message,
    )?;
    Ok(Edited {
        commit: commit.to_string(),
        branch,
    })
}

/// How many characters of a section's label the default subject keeps.
const SUBJECT_LABEL_CHARS: usize = 60;

/// The subject of an edit's commit when its author writes none:
/// `Sửa mục I.4 Về điều hành …`, the number path and the label of `section` in
/// `draft` (its title, or the start of its body), a long label cut at a word
/// boundary.
pub fn default_subject(draft: &Draft, section: &str) -> String {
    let label = draft.section(section).map_or("", |s| s.label());
    let words = shorten(label, SUBJECT_LABEL_CHARS);
    let path = draft.number_path(section);
    match (path.is_empty(), words.is_empty()) {
        (true, _) => format!("Sửa mục {words}"),
        (false, true) => format!("Sửa mục {path}"),
        (false, false) => format!("Sửa mục {path} {words}"),
    }
}

/// The commit message of a section edit: the author's `message`, or
/// `default` when there is none (made from the section's title, which may
/// hold anything), cleaned as every message is (`text::clean_message`:
/// control and bidi characters show as `�`); then, always as the
/// last paragraph, the duyet trailers naming the draft and the section. The
/// message's first line is the subject: a blank line is put after it, so git
/// (and the revision list) read that line alone as the summary.
pub fn commit_message(message: Option<&str>, default: &str, draft: &str, section: &str) -> String {
    let mut cleaned = message.map(clean_message).unwrap_or_default();
    if cleaned.is_empty() {
        cleaned = clean_message(default);
    }
    let mut out = String::new();
    match cleaned.split_once('\n') {
        None => out.push_str(&cleaned),
        Some((subject, body)) => {
            out.push_str(subject);
            out.push_str("\n\n");
            out.push_str(body.trim_start_matches('\n'));
        }
    }
    let _ = write!(
        out,
        "\n\n{}: {draft}\n{}: {section}\n",
        trailer::DRAFT,
        trailer::SECTION
    );
    out
}

/// The new file: the old bytes with only this section's own lines rewritten,
/// or (if the file is laid out in a way the splice does not recognise) the
/// whole draft in the canonical layout. Either is checked to load back as the
/// intended draft before anything is written.
fn serialise(
    old_bytes: &[u8],
    new: &crate::core::Draft,
    changed: &crate::core::Section,
    label: &str,
) -> Result<String> {
    let src = String::from_utf8_lossy(old_bytes);
    let src = src.strip_prefix('\u{feff}').unwrap_or(&src);
    if let Some(text) = replace_section_fields(src, changed) {
        if load_draft(label, text.as_bytes()).is_ok_and(|d| &d == new) {
            return Ok(text);
        }
    }
    let text = write_draft(new);
    match load_draft(label, text.as_bytes()) {
        Ok(d) if &d == new => Ok(text),
        Ok(_) => Err(OpsError::NotReadBack { what: "edited" }),
        Err(e) => Err(OpsError::EditInvalid(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_show_in_the_message() {
        let m = commit_message(
            Some("Sửa \x1b[7mđỏ\u{7}\n\u{9b}1m\u{202E}x"),
            "x",
            "d.yaml",
            "s",
        );
        assert_eq!(
            m,
            "Sửa \u{FFFD}[7mđỏ\u{FFFD}\n\n\u{FFFD}1m\u{FFFD}x\n\nDuyet-Draft: d.yaml\nDuyet-Section: s\n"
        );
        // The default subject is made from a title, which may hold them too.
        assert_eq!(
            commit_message(None, "Sửa mục I Kinh tế \x1b]0;pwn\u{7}", "d.yaml", "s"),
            "Sửa mục I Kinh tế \u{FFFD}]0;pwn\u{FFFD}\n\nDuyet-Draft: d.yaml\nDuyet-Section: s\n"
        );
    }

    #[test]
    fn the_subject_is_the_first_line_and_the_trailers_stay_last() {
        let m = commit_message(
            Some("Cập nhật số liệu thu\nTheo báo cáo quý IV.\n\nDuyet-Section: khac"),
            "Sửa mục I.4",
            "drafts/x.yaml",
            "thu",
        );
        assert_eq!(
            m,
            "Cập nhật số liệu thu\n\nTheo báo cáo quý IV.\n\nDuyet-Section: khac\n\n\
             Duyet-Draft: drafts/x.yaml\nDuyet-Section: thu\n"
        );
        for given in [None, Some(""), Some(" \n ")] {
            assert_eq!(
                commit_message(given, "Sửa mục I.4", "d.yaml", "s"),
                "Sửa mục I.4\n\nDuyet-Draft: d.yaml\nDuyet-Section: s\n"
            );
        }
        assert_eq!(
            commit_message(Some("Một dòng  "), "x", "d.yaml", "s"),
            "Một dòng\n\nDuyet-Draft: d.yaml\nDuyet-Section: s\n"
        );
    }
}

/// A section as it stands on the editor's department branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditSource {
    pub draft: String,
    pub section: String,
    pub heading: String,
    pub title: Option<String>,
    pub body: String,
    pub branch: String,
    /// The default subject of the edit's commit, to pre-fill the note.
    pub subject: String,
}

/// The section as the person's department branch has it, for the editor;
/// its label in the heading is cut to `heading_chars` characters.
pub fn source(
    store: &Store,
    who: &Identity,
    draft: &str,
    section: &str,
    heading_chars: usize,
) -> Result<EditSource> {
    let (branch, base) = edit_base(store, who)?;
    may_edit(store, who, draft, section, &base)?;
    let d = store.read_draft(&base, draft)?;
    let s = d.section(section).ok_or_else(|| OpsError::NoSection {
        draft: draft.to_owned(),
        id: section.to_owned(),
        rev: base.clone(),
    })?;
    let path = d.number_path(section);
    let label = crate::core::text::shorten(s.label(), heading_chars);
    Ok(EditSource {
        draft: draft.to_owned(),
        section: section.to_owned(),
        heading: if path.is_empty() {
            label
        } else {
            format!("{path} {label}")
        },
        title: s.title.clone(),
        body: s.body.clone(),
        branch,
        subject: default_subject(&d, section),
    })
}
