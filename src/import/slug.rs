//! Stable section ids from titles: diacritics removed (`đ` → `d`), lower
//! case, words joined by hyphens, cut after a whole word, unique in the
//! draft. A section without a title takes its parent's id and its number.

use std::collections::{HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;

use super::body::Found;
use crate::core::draft::Section;

/// Ids stay well under the 64 characters the loader allows, so that a
/// child's id (parent + number) and a `-2` still fit.
const MAX_SLUG: usize = 40;
const MAX_ID: usize = 64;

/// `title` as an id: ASCII letters and digits, words joined by `-`, at most
/// `max` characters, cut after a whole word where there is one.
pub fn slug(title: &str, max: usize) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in title.nfd() {
        let c = match c {
            'đ' | 'Đ' => 'd',
            c if unicode_normalization::char::is_combining_mark(c) => continue,
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    let mut out = String::new();
    for w in &words {
        let extra = if out.is_empty() { w.len() } else { w.len() + 1 };
        if out.len() + extra > max {
            if out.is_empty() {
                out.push_str(&w[..max.min(w.len())]);
            }
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(w);
    }
    out
}

/// Ids handed out once each: a repeated one gets `-2`, `-3`… (each base
/// remembers its next number, so a thousand repeats cost a thousand steps).
#[derive(Default)]
pub struct Unique {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Unique {
    pub fn claim(&mut self, base: &str) -> String {
        if self.taken.insert(base.to_owned()) {
            return base.to_owned();
        }
        let k = self.next.entry(base.to_owned()).or_insert(2);
        loop {
            let suffix = format!("-{k}");
            *k += 1;
            let stem = &base[..base.len().min(MAX_ID - suffix.len())];
            let id = format!("{stem}{suffix}");
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// The sections as the draft holds them: ids made, every owner `owner`.
pub fn build(found: Vec<Found>, owner: &str) -> Vec<Section> {
    convert(found, None, owner, &mut Unique::default())
}

fn convert(
    found: Vec<Found>,
    parent: Option<&str>,
    owner: &str,
    taken: &mut Unique,
) -> Vec<Section> {
    let mut out = Vec::with_capacity(found.len());
    for (index, f) in found.into_iter().enumerate() {
        let base = match &f.title {
            Some(t) if !slug(t, MAX_SLUG).is_empty() => slug(t, MAX_SLUG),
            _ => {
                let number = if f.number.is_empty() {
                    format!("muc-{}", index + 1)
                } else {
                    slug(&f.number, 20)
                };
                let number = if number.is_empty() {
                    format!("muc-{}", index + 1)
                } else {
                    number
                };
                match parent {
                    Some(p) => {
                        let room = MAX_ID - 4 - number.len().min(20) - 1;
                        format!("{}-{number}", &p[..p.len().min(room)]).replace("--", "-")
                    }
                    None if number.starts_with(|c: char| c.is_ascii_digit()) => {
                        format!("muc-{number}")
                    }
                    None => number,
                }
            }
        };
        let id = taken.claim(base.trim_matches('-'));
        let body = f
            .paragraphs
            .iter()
            .map(|(t, _)| t.as_str())
            .collect::<Vec<_>>()
            .join("\n\n");
        let sections = convert(f.sections, Some(&id), owner, taken);
        // A section needs a title or a body: a number alone ("PHẦN I"
        // without a title) keeps its number as its title.
        let title = match f.title {
            None if body.is_empty() => Some(f.number.clone()).filter(|n| !n.is_empty()),
            t => t,
        };
        out.push(Section {
            id,
            number: if f.kind == super::lines::Kind::Unnumbered {
                String::new()
            } else {
                f.number
            },
            title,
            owner: owner.to_owned(),
            body,
            sections,
        });
    }
    out
}
