use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use super::*;
use crate::core::draft::{Draft, Footnote, Section};

/// The hash an approval is bound to: the section's title, its own body and
/// the text of the footnotes it cites — not its number, place or children, so
/// renumbering or moving it keeps the approval, and changing one word does not.
/// Text is NFC already (the loader normalises it).
pub fn section_hash(draft: &Draft, section: &Section) -> String {
    hash_of(section, &draft.cited_footnotes(section))
}

/// `section_hash` given the footnotes the section cites (`fold` looks them
/// up in a `DraftIndex`, so hashing every section stays linear).
pub(super) fn hash_of(section: &Section, cited: &[&Footnote]) -> String {
    let mut h = Sha256::new();
    let mut field = |name: &str, value: &str| {
        h.update(name.as_bytes());
        h.update(value.len().to_string().as_bytes());
        h.update(b":");
        h.update(value.as_bytes());
        h.update(b"\n");
    };
    field("duyet-section-v1", "");
    field("title", section.title.as_deref().unwrap_or(""));
    field("body", &section.body);
    for f in cited {
        field("footnote-id", &f.id);
        field("footnote-text", &f.text);
    }
    let digest = h.finalize();
    let mut out = String::with_capacity(64);
    for b in digest {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The hash a record about a part is bound to (its text, NFC).
pub fn part_hash(draft: &Draft, part: Part) -> String {
    let mut h = Sha256::new();
    let text = part.text(draft);
    for (name, value) in [
        ("duyet-part-v1", ""),
        ("part", part.id()),
        ("text", text.as_str()),
    ] {
        h.update(name.as_bytes());
        h.update(value.len().to_string().as_bytes());
        h.update(b":");
        h.update(value.as_bytes());
        h.update(b"\n");
    }
    let mut out = String::with_capacity(64);
    for b in h.finalize() {
        let _ = write!(out, "{b:02x}");
    }
    out
}
