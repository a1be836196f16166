//! Edits the demo scenario applies to a draft. Each names the text it expects
//! to find, so a scenario that no longer fits the sample fails loudly instead
//! of producing a quietly different repository.

use crate::core::{Draft, Footnote, Section};

#[derive(Debug, Clone)]
pub enum Edit {
    /// Replace `old` (which must occur exactly once in the section's body) with `new`.
    Replace {
        section: &'static str,
        old: &'static str,
        new: &'static str,
    },
    /// Add a paragraph at the end of the section's body.
    AppendParagraph {
        section: &'static str,
        text: &'static str,
    },
    /// Give the section a new title.
    Rename {
        section: &'static str,
        title: &'static str,
    },
    /// Print the section with another number.
    Renumber {
        section: &'static str,
        number: &'static str,
    },
    /// Move the section under `parent` (`None`: top level) at position `index`.
    Move {
        section: &'static str,
        parent: Option<&'static str>,
        index: usize,
    },
    /// Insert a new section under `parent` at position `index`.
    Add {
        parent: Option<&'static str>,
        index: usize,
        id: &'static str,
        number: &'static str,
        title: Option<&'static str>,
        owner: &'static str,
        body: &'static str,
    },
    /// Remove the section (and its children).
    Remove { section: &'static str },
    /// Cite a new footnote right after `after` (which must occur once in the body).
    AddFootnote {
        section: &'static str,
        after: &'static str,
        id: &'static str,
        text: &'static str,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("no section `{0}`")]
    NoSection(String),
    #[error("section `{section}`: the text {text:?} occurs {count} times; expected exactly once")]
    NotUnique {
        section: String,
        text: String,
        count: usize,
    },
    #[error("index {index} is past the end of the {len} sections under {parent}")]
    BadIndex {
        parent: String,
        index: usize,
        len: usize,
    },
}

impl Edit {
    pub fn apply(&self, draft: &mut Draft) -> Result<(), EditError> {
        match *self {
            Edit::Replace { section, old, new } => {
                let s = find(draft, section)?;
                s.body = replace_once(section, &s.body, old, new)?;
            }
            Edit::AppendParagraph { section, text } => {
                let s = find(draft, section)?;
                if !s.body.is_empty() {
                    s.body.push_str("\n\n");
                }
                s.body.push_str(text);
            }
            Edit::Rename { section, title } => find(draft, section)?.title = Some(title.to_owned()),
            Edit::Renumber { section, number } => find(draft, section)?.number = number.to_owned(),
            Edit::Move {
                section,
                parent,
                index,
            } => {
                let moved = take(&mut draft.sections, section)
                    .ok_or_else(|| EditError::NoSection(section.to_owned()))?;
                insert(draft, parent, index, moved)?;
            }
            Edit::Add {
                parent,
                index,
                id,
                number,
                title,
                owner,
                body,
            } => {
                let new = Section {
                    id: id.to_owned(),
                    number: number.to_owned(),
                    title: title.map(str::to_owned),
                    owner: owner.to_owned(),
                    body: body.to_owned(),
                    sections: Vec::new(),
                };
                insert(draft, parent, index, new)?;
            }
            Edit::Remove { section } => {
                take(&mut draft.sections, section)
                    .ok_or_else(|| EditError::NoSection(section.to_owned()))?;
            }
            Edit::AddFootnote {
                section,
                after,
                id,
                text,
            } => {
                let s = find(draft, section)?;
                let cited = format!("{after}[^{id}]");
                s.body = replace_once(section, &s.body, after, &cited)?;
                draft.footnotes.push(Footnote {
                    id: id.to_owned(),
                    text: text.to_owned(),
                });
            }
        }
        Ok(())
    }
}

fn find<'a>(draft: &'a mut Draft, id: &str) -> Result<&'a mut Section, EditError> {
    draft
        .section_mut(id)
        .ok_or_else(|| EditError::NoSection(id.to_owned()))
}

fn replace_once(section: &str, body: &str, old: &str, new: &str) -> Result<String, EditError> {
    let count = body.matches(old).count();
    if count != 1 {
        return Err(EditError::NotUnique {
            section: section.to_owned(),
            text: old.to_owned(),
            count,
        });
    }
    Ok(body.replacen(old, new, 1))
}

fn take(sections: &mut Vec<Section>, id: &str) -> Option<Section> {
    if let Some(i) = sections.iter().position(|s| s.id == id) {
        return Some(sections.remove(i));
    }
    sections.iter_mut().find_map(|s| take(&mut s.sections, id))
}

fn insert(
    draft: &mut Draft,
    parent: Option<&str>,
    index: usize,
    section: Section,
) -> Result<(), EditError> {
    let siblings = match parent {
        None => &mut draft.sections,
        Some(p) => &mut find(draft, p)?.sections,
    };
    if index > siblings.len() {
        return Err(EditError::BadIndex {
            parent: parent.unwrap_or("the top level").to_owned(),
            index,
            len: siblings.len(),
        });
    }
    siblings.insert(index, section);
    Ok(())
}
