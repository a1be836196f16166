//! The report model: a draft, its sections and footnotes (schema 1, see
//! `docs/draft-format.md`). Plain data; reading and writing YAML is
//! `core::yaml`, checking is `core::load`.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::text;

/// The schema version this build reads and writes.
pub const SCHEMA: u32 = 1;

/// One report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    pub schema: u32,
    pub id: String,
    #[serde(deserialize_with = "scalar")]
    pub issuing_body: String,
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "scalar"
    )]
    pub superior_body: String,
    #[serde(deserialize_with = "scalar")]
    pub document_type: String,
    #[serde(deserialize_with = "scalar")]
    pub number: String,
    #[serde(deserialize_with = "scalar")]
    pub place_date: String,
    #[serde(deserialize_with = "scalar")]
    pub title: String,
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "scalar"
    )]
    pub preamble: String,
    pub sections: Vec<Section>,
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "scalar"
    )]
    pub closing: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub footnotes: Vec<Footnote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<String>,
}

/// A numbered part of the report. `id` is stable across renumbering, moves
/// and renames; `number` is only what is printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "scalar"
    )]
    pub number: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "opt_scalar"
    )]
    pub title: Option<String>,
    pub owner: String,
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "scalar"
    )]
    pub body: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Footnote {
    pub id: String,
    #[serde(deserialize_with = "scalar")]
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    #[serde(default, deserialize_with = "scalar")]
    pub authority: String,
    #[serde(default, deserialize_with = "scalar")]
    pub position: String,
    #[serde(default, deserialize_with = "scalar")]
    pub signer: String,
}

/// A section as seen in the outline: where it sits in the tree.
#[derive(Debug, Clone, Copy)]
pub struct Placed<'a> {
    pub section: &'a Section,
    /// 0 for top-level sections.
    pub depth: usize,
    /// The id of the enclosing section, `None` at top level.
    pub parent: Option<&'a str>,
    /// Position among its siblings.
    pub index: usize,
}

impl Draft {
    /// Every section in reading order (pre-order), with its place in the tree.
    pub fn outline(&self) -> Vec<Placed<'_>> {
        fn walk<'a>(
            sections: &'a [Section],
            depth: usize,
            parent: Option<&'a str>,
            out: &mut Vec<Placed<'a>>,
        ) {
            for (index, section) in sections.iter().enumerate() {
                out.push(Placed {
                    section,
                    depth,
                    parent,
                    index,
                });
                walk(&section.sections, depth + 1, Some(&section.id), out);
            }
        }
        let mut out = Vec::new();
        walk(&self.sections, 0, None, &mut out);
        out
    }

    /// The section with this id, anywhere in the tree.
    pub fn section(&self, id: &str) -> Option<&Section> {
        fn find<'a>(sections: &'a [Section], id: &str) -> Option<&'a Section> {
            sections.iter().find_map(|s| {
                if s.id == id {
                    Some(s)
                } else {
                    find(&s.sections, id)
                }
            })
        }
        find(&self.sections, id)
    }

    /// Mutable access to the section with this id.
    pub fn section_mut(&mut self, id: &str) -> Option<&mut Section> {
        fn find<'a>(sections: &'a mut [Section], id: &str) -> Option<&'a mut Section> {
            for s in sections {
                if s.id == id {
                    return Some(s);
                }
                if let Some(found) = find(&mut s.sections, id) {
                    return Some(found);
                }
            }
            None
        }
        find(&mut self.sections, id)
    }

    /// The printed number path of a section, e.g. "I.4" (empty numbers
    /// skipped). For many sections, `DraftIndex::number_path`.
    pub fn number_path(&self, id: &str) -> String {
        self.index().number_path(id)
    }

    pub fn footnote(&self, id: &str) -> Option<&Footnote> {
        self.footnotes.iter().find(|f| f.id == id)
    }

    /// The footnotes a section cites from its title and body, in order of
    /// first citation. They are part of the section's content. For many
    /// sections, `DraftIndex::cited_footnotes` (this one looks each up).
    pub fn cited_footnotes<'a>(&'a self, section: &'a Section) -> Vec<&'a Footnote> {
        cited(section, |id| self.footnote(id))
    }

    /// Look-ups by id, built once in O(n) for code that looks many up.
    pub fn index(&self) -> DraftIndex<'_> {
        let outline = self.outline();
        let mut by_id = HashMap::with_capacity(outline.len());
        for (i, p) in outline.iter().enumerate() {
            by_id.entry(p.section.id.as_str()).or_insert(i);
        }
        let mut footnotes = HashMap::with_capacity(self.footnotes.len());
        for f in &self.footnotes {
            footnotes.entry(f.id.as_str()).or_insert(f);
        }
        DraftIndex {
            outline,
            by_id,
            footnotes,
        }
    }

    /// Normalises every string to NFC and tidies paragraph text.
    pub fn normalize(&mut self) {
        fn section(s: &mut Section) {
            for field in [&mut s.id, &mut s.number, &mut s.owner] {
                *field = field.trim().to_owned();
                text::nfc_in_place(field);
            }
            s.title = s
                .title
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(text::nfc);
            s.body = text::nfc(&text::tidy_paragraphs(&s.body));
            s.sections.iter_mut().for_each(section);
        }
        for field in [
            &mut self.id,
            &mut self.issuing_body,
            &mut self.superior_body,
            &mut self.document_type,
            &mut self.number,
            &mut self.place_date,
            &mut self.title,
        ] {
            let trimmed = field.trim_end().to_owned();
            *field = text::nfc(&trimmed);
        }
        self.preamble = text::nfc(&text::tidy_paragraphs(&self.preamble));
        self.closing = text::nfc(&text::tidy_paragraphs(&self.closing));
        self.sections.iter_mut().for_each(section);
        for f in &mut self.footnotes {
            f.id = f.id.trim().to_owned();
            f.text = text::nfc(&text::tidy_paragraphs(&f.text));
        }
        if let Some(sig) = &mut self.signature {
            for field in [&mut sig.authority, &mut sig.position, &mut sig.signer] {
                *field = text::nfc(field.trim());
            }
        }
        for r in &mut self.recipients {
            *r = text::nfc(r.trim());
        }
    }
}

/// The footnotes `section` cites, in order of first citation, each once.
fn cited<'a>(section: &Section, find: impl Fn(&str) -> Option<&'a Footnote>) -> Vec<&'a Footnote> {
    let mut seen = HashSet::new();
    let texts = section
        .title
        .iter()
        .map(String::as_str)
        .chain([section.body.as_str()]);
    texts
        .flat_map(text::footnote_refs)
        .filter(|&(_, id)| seen.insert(id))
        .filter_map(|(_, id)| find(id))
        .collect()
}

/// A draft's sections and footnotes by id (the first of a repeated id, as
/// `Draft::section` and `Draft::footnote` find), with its outline: every
/// look-up is a hash look-up, so a loop over all sections stays linear.
pub struct DraftIndex<'a> {
    pub outline: Vec<Placed<'a>>,
    by_id: HashMap<&'a str, usize>,
    footnotes: HashMap<&'a str, &'a Footnote>,
}

impl<'a> DraftIndex<'a> {
    pub fn placed(&self, id: &str) -> Option<&Placed<'a>> {
        self.by_id.get(id).map(|&i| &self.outline[i])
    }

    pub fn section(&self, id: &str) -> Option<&'a Section> {
        self.placed(id).map(|p| p.section)
    }

    pub fn footnote(&self, id: &str) -> Option<&'a Footnote> {
        self.footnotes.get(id).copied()
    }

    /// As `Draft::cited_footnotes`.
    pub fn cited_footnotes(&self, section: &Section) -> Vec<&'a Footnote> {
        cited(section, |id| self.footnote(id))
    }

    /// As `Draft::number_path`.
    pub fn number_path(&self, id: &str) -> String {
        let mut numbers = Vec::new();
        let mut current = self.placed(id);
        // A parent comes before its children in the outline, so each step
        // goes to an earlier section (with repeated ids too) and this ends.
        while let Some(p) = current {
            if !p.section.number.is_empty() {
                numbers.push(p.section.number.as_str());
            }
            current = p.parent.and_then(|parent| self.placed(parent));
        }
        numbers.reverse();
        numbers.join(".")
    }
}

impl Section {
    /// What the outline shows: the title, or the start of the body for an
    /// item that is only a paragraph.
    pub fn label(&self) -> &str {
        match &self.title {
            Some(t) => t,
            None => self.body.lines().next().unwrap_or(""),
        }
    }

    /// Number and label as a reader would cite the section: "I.4 Về điều hành…".
    pub fn heading(&self) -> String {
        if self.number.is_empty() {
            self.label().to_owned()
        } else {
            format!("{} {}", self.number, self.label())
        }
    }
}

/// Accepts any YAML scalar as text, exactly as written, so writers need not
/// quote numbers: `number: 1.10` is "1.10" (not the float 1.1) and `title: 2023`
/// is "2023". A null (`~`, `null` or nothing) is empty text / no title.
fn scalar<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    opt_scalar(d).map(Option::unwrap_or_default)
}

fn opt_scalar<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_option(OptScalarVisitor)
}

struct OptScalarVisitor;

impl<'de> serde::de::Visitor<'de> for OptScalarVisitor {
    type Value = Option<String>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("text")
    }
    fn visit_none<E>(self) -> Result<Option<String>, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Option<String>, E> {
        Ok(None)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Option<String>, D::Error> {
        // serde_yaml hands any scalar to `deserialize_str` as its source text.
        d.deserialize_str(ScalarVisitor).map(Some)
    }
}

struct ScalarVisitor;

impl serde::de::Visitor<'_> for ScalarVisitor {
    type Value = String;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("text")
    }
    fn visit_str<E>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
}

/// The parts of a report that are not sections but are read, compared and
/// commented on too: review records about them carry a reserved section id
/// (section ids never start with `_`). In reading order after the sections:
/// closing, signature block, footnotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    Preamble,
    Closing,
    Footnotes,
    Signature,
}

impl Part {
    pub const ALL: [Part; 4] = [
        Part::Preamble,
        Part::Closing,
        Part::Footnotes,
        Part::Signature,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Part::Preamble => "_preamble",
            Part::Closing => "_closing",
            Part::Footnotes => "_footnotes",
            Part::Signature => "_signature",
        }
    }

    pub fn parse(id: &str) -> Option<Part> {
        Part::ALL.into_iter().find(|p| p.id() == id)
    }

    /// The part's text as a reader sees it: what a quote is looked up in and
    /// what the record's hash is of.
    pub fn text(self, draft: &Draft) -> String {
        match self {
            Part::Preamble => draft.preamble.clone(),
            Part::Closing => draft.closing.clone(),
            Part::Footnotes => draft
                .footnotes
                .iter()
                .map(|f| format!("[^{}] {}", f.id, f.text))
                .collect::<Vec<_>>()
                .join("\n\n"),
            Part::Signature => {
                let mut lines: Vec<String> = Vec::new();
                if let Some(sig) = &draft.signature {
                    lines.extend(
                        [&sig.authority, &sig.position, &sig.signer]
                            .into_iter()
                            .filter(|l| !l.is_empty())
                            .cloned(),
                    );
                }
                if !draft.recipients.is_empty() {
                    lines.push(String::new());
                    lines.push("Nơi nhận:".to_owned());
                    lines.extend(draft.recipients.iter().map(|r| format!("- {r}")));
                }
                lines.join("\n")
            }
        }
    }

    /// Whether the draft has this part at all.
    pub fn exists(self, draft: &Draft) -> bool {
        !self.text(draft).trim().is_empty()
    }
}
