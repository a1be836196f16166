//! The body: numbered headings into a tree of sections, paragraphs
//! rejoined (hard wraps, page breaks, footnotes that landed in between),
//! footnote texts collected and their markers linked.

use std::collections::{HashMap, HashSet};

use super::lines::{
    Heading, Kind, Line, ends_sentence, follows, footnote_text, heading, is_list_item, is_upper,
    starts_lower, superscript_digit, unbold,
};
use super::{Note, NoteKind};
use crate::core::draft::Footnote;
use crate::core::load::MAX_DEPTH;

/// A section as found, before it has an id and an owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The heading's line.
    pub line: usize,
    pub kind: Kind,
    pub number: String,
    pub title: Option<String>,
    /// The paragraphs, each with the line it starts on.
    pub paragraphs: Vec<(String, usize)>,
    pub sections: Vec<Found>,
}

#[derive(Debug, Default)]
pub struct Body {
    pub preamble: String,
    pub closing: String,
    pub sections: Vec<Found>,
    pub footnotes: Vec<Footnote>,
}

/// A paragraph being built, with the line it starts on.
#[derive(Debug, Clone)]
struct Paragraph {
    text: String,
    line: usize,
}

#[derive(Debug)]
struct Open {
    /// The heading's line.
    line: usize,
    kind: Kind,
    number: String,
    title: Option<String>,
    paragraphs: Vec<Paragraph>,
    children: Vec<Found>,
    /// The kind and number of the last child, for the numbering check.
    last_child: Option<(Kind, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Preamble,
    Sections,
    Closing,
}

struct Builder<'n> {
    notes: &'n mut Vec<Note>,
    stack: Vec<Open>,
    roots: Vec<Found>,
    last_root: Option<(Kind, String)>,
    preamble: Vec<Paragraph>,
    closing: Vec<Paragraph>,
    target: Target,
    /// Whether the last paragraph of the target may go on (no heading since).
    open: bool,
    /// Footnote texts: number as printed, text, line.
    footnotes: Vec<(String, String, usize)>,
    /// A heading printed without its title ("PHẦN THỨ NHẤT" alone): the
    /// next capitals or bold line is its title.
    wants_title: bool,
    /// The last line was a heading's title: a line right under it (no blank
    /// line between) that starts nothing of its own goes on with it.
    title_open: bool,
}

/// Builds the body from its lines (after the header, before the tail).
pub fn body(lines: &[Line], notes: &mut Vec<Note>) -> Body {
    // A text whose lines are all short is hard-wrapped: a line in the
    // middle of a paragraph continues it even after a full stop.
    let hard_wrapped = lines
        .iter()
        .map(|l| l.text.chars().count())
        .max()
        .is_some_and(|m| m <= 100);
    let mut b = Builder {
        notes,
        stack: Vec::new(),
        roots: Vec::new(),
        last_root: None,
        preamble: Vec::new(),
        closing: Vec::new(),
        target: Target::Preamble,
        open: false,
        footnotes: Vec::new(),
        wants_title: false,
        title_open: false,
    };
    let mut after_break = true;
    let mut last_was_footnote = false;
    for (i, line) in lines.iter().enumerate() {
        if line.is_blank() {
            after_break = true;
            continue;
        }
        let text = line.text.as_str();
        let alone = after_break && lines.get(i + 1).is_none_or(Line::is_blank);
        if let Some((number, t)) = footnote_text(text) {
            b.footnotes.push((number, t.to_owned(), line.no));
            last_was_footnote = true;
        } else if last_was_footnote && !after_break && !is_structural(text) {
            if let Some(f) = b.footnotes.last_mut() {
                f.1.push(' ');
                f.1.push_str(text);
            }
        } else {
            last_was_footnote = false;
            b.line(text, line.no, after_break, alone, hard_wrapped);
        }
        after_break = false;
    }
    b.finish()
}

/// A line that starts something of its own (no continuation of a footnote).
fn is_structural(text: &str) -> bool {
    is_list_item(text) || heading(text, true).is_some() || footnote_text(text).is_some()
}

impl Builder<'_> {
    /// Whether `I.`, `V.`, `X.` are Roman numerals here: unless capital
    /// letters number the open sections and Roman numerals do not.
    fn roman_first(&self) -> bool {
        let open = |kind| self.stack.iter().any(|o| o.kind == kind);
        open(Kind::Roman) || !open(Kind::Capital)
    }

    fn line(&mut self, text: &str, no: usize, after_break: bool, alone: bool, hard_wrapped: bool) {
        if self.wants_title && (is_upper(unbold(text)) || unbold(text) != text) {
            self.wants_title = false;
            if let Some(top) = self.stack.last_mut() {
                top.title = Some(unbold(text).to_owned());
                return;
            }
        }
        self.wants_title = false;
        let title_open = std::mem::take(&mut self.title_open);
        if title_open && !after_break && !is_structural(text) {
            if let Some(top) = self.stack.last_mut() {
                if let Some(title) = top.title.as_mut() {
                    title.push(' ');
                    title.push_str(unbold(text));
                    // "1. Tập trung chỉ đạo …\n… của huyện." was an item
                    // wrapped over lines, not a title.
                    if ends_item(title) {
                        let text = top.title.take().unwrap_or_default();
                        top.paragraphs.push(Paragraph {
                            text,
                            line: top.line,
                        });
                        self.open = true;
                    } else {
                        self.title_open = true;
                    }
                    return;
                }
            }
        }
        if let Some(h) = heading(text, self.roman_first()) {
            // A numbered line inside a sentence cut by the page ("… tổ
            // chức\n\n11. phiên họp") would start lower case after it.
            let continues = self.open && !after_break && hard_wrapped && !self.last_ends_sentence();
            if !continues && self.heading(&h, no) {
                return;
            }
        } else if alone && self.target != Target::Closing && is_unnumbered_heading(text) {
            let h = Heading {
                kind: Kind::Unnumbered,
                number: String::new(),
                rest: unbold(text),
            };
            if self.heading(&h, no) {
                return;
            }
        }
        if self.target != Target::Closing && text.starts_with("Trên đây") {
            self.target = Target::Closing;
            self.open = false;
        }
        self.paragraph(text, no, after_break, hard_wrapped);
    }

    fn last_ends_sentence(&mut self) -> bool {
        self.paragraphs()
            .last()
            .is_none_or(|p| ends_sentence(&p.text))
    }

    fn paragraphs(&mut self) -> &mut Vec<Paragraph> {
        match (self.target, self.stack.last_mut()) {
            (Target::Closing, _) => &mut self.closing,
            (Target::Sections, Some(top)) => &mut top.paragraphs,
            _ => &mut self.preamble,
        }
    }

    fn paragraph(&mut self, text: &str, no: usize, after_break: bool, hard_wrapped: bool) {
        let open = self.open;
        let list = is_list_item(text);
        let mut joined_note = None;
        let paragraphs = self.paragraphs();
        match paragraphs.last_mut() {
            // A line of a hard-wrapped paragraph may start with "- " ("kinh
            // tế\n- xã hội"): a list item only after a break or a full stop.
            Some(last) if open && (!list || (!after_break && !ends_sentence(&last.text))) => {
                let goes_on = !ends_sentence(&last.text) || (!after_break && hard_wrapped && !list);
                if goes_on {
                    if after_break && !starts_lower(text) {
                        joined_note = Some(last.line);
                    }
                    last.text.push(' ');
                    last.text.push_str(text);
                } else {
                    paragraphs.push(Paragraph {
                        text: text.to_owned(),
                        line: no,
                    });
                }
            }
            _ => paragraphs.push(Paragraph {
                text: text.to_owned(),
                line: no,
            }),
        }
        if let Some(previous) = joined_note {
            self.notes.push(Note {
                line: no,
                kind: NoteKind::JoinedAcrossBreak { previous },
            });
        }
        self.open = true;
    }

    /// Opens a section for `h`; false when it cannot be one (too deep).
    fn heading(&mut self, h: &Heading<'_>, no: usize) -> bool {
        let depth = match self.stack.iter().position(|o| o.kind == h.kind) {
            Some(at) => at,
            None => self.stack.len(),
        };
        if depth >= MAX_DEPTH {
            self.notes.push(Note {
                line: no,
                kind: NoteKind::TooDeep {
                    number: h.number.clone(),
                },
            });
            return false;
        }
        self.close_to(depth);
        let previous = match self.stack.last() {
            Some(parent) => parent.last_child.clone(),
            None => self.last_root.clone(),
        };
        let previous = previous.filter(|(kind, _)| *kind == h.kind).map(|(_, n)| n);
        if let Some(expected) = follows(h.kind, previous.as_deref(), &h.number) {
            self.notes.push(Note {
                line: no,
                kind: NoteKind::NumberOutOfSequence {
                    number: h.number.clone(),
                    expected,
                },
            });
        }
        let rest = h.rest.trim();
        // "1. Về kinh tế" is a heading; "1. Tập trung chỉ đạo … ." an item
        // whose text is its body.
        let item = ends_item(rest);
        let mut open = Open {
            line: no,
            kind: h.kind,
            number: h.number.clone(),
            title: (!item && !rest.is_empty()).then(|| rest.to_owned()),
            paragraphs: Vec::new(),
            children: Vec::new(),
            last_child: None,
        };
        if item {
            open.paragraphs.push(Paragraph {
                text: rest.to_owned(),
                line: no,
            });
        }
        self.wants_title = rest.is_empty() && h.kind != Kind::Unnumbered;
        self.title_open = !item && !rest.is_empty();
        self.stack.push(open);
        self.target = Target::Sections;
        self.open = item;
        true
    }

    /// Closes the open sections deeper than `depth`.
    fn close_to(&mut self, depth: usize) {
        while self.stack.len() > depth {
            let Some(done) = self.stack.pop() else { break };
            let mark = Some((done.kind, done.number.clone()));
            let found = Found {
                line: done.line,
                kind: done.kind,
                number: done.number,
                title: done.title,
                paragraphs: done
                    .paragraphs
                    .into_iter()
                    .map(|p| (p.text, p.line))
                    .collect(),
                sections: done.children,
            };
            match self.stack.last_mut() {
                Some(parent) => {
                    parent.children.push(found);
                    parent.last_child = mark;
                }
                None => {
                    self.roots.push(found);
                    self.last_root = mark;
                }
            }
        }
    }

    fn finish(mut self) -> Body {
        self.close_to(0);
        let mut links = Links::new(&self.footnotes, self.notes);
        let preamble = links.paragraphs(&self.preamble);
        let closing = links.paragraphs(&self.closing);
        let mut sections = std::mem::take(&mut self.roots);
        links.sections(&mut sections);
        let footnotes = links.finish();
        Body {
            preamble,
            closing,
            sections,
            footnotes,
        }
    }
}

/// Whether the rest of a numbered line is an item's text rather than a
/// title: it ends a sentence, or is longer than any heading.
fn ends_item(rest: &str) -> bool {
    let trimmed = rest.trim_end_matches(|c: char| superscript_digit(c).is_some());
    trimmed.ends_with(['.', ';', '!', '?', '…']) || rest.chars().count() > 250
}

/// A line that is a heading without a number: all bold, or capitals, short
/// and not a sentence.
fn is_unnumbered_heading(text: &str) -> bool {
    let inner = unbold(text);
    let bold = inner != text.trim();
    let words = inner.split(' ').count();
    !inner.is_empty()
        && words <= 20
        && !inner.ends_with(['.', ';', ','])
        && !is_list_item(inner)
        && (bold || (is_upper(inner) && words >= 2))
}

/// Footnote texts by number, and which were cited.
struct Links<'n> {
    ids: HashMap<String, String>,
    footnotes: Vec<(String, Footnote, usize)>,
    cited: HashSet<String>,
    notes: &'n mut Vec<Note>,
}

impl<'n> Links<'n> {
    fn new(found: &[(String, String, usize)], notes: &'n mut Vec<Note>) -> Self {
        let mut ids = HashMap::new();
        let mut footnotes = Vec::new();
        let mut taken = super::slug::Unique::default();
        for (number, text, line) in found {
            let id = taken.claim(&format!("fn-{number}"));
            if ids.contains_key(number) {
                notes.push(Note {
                    line: *line,
                    kind: NoteKind::FootnoteDuplicate {
                        number: number.clone(),
                        id: id.clone(),
                    },
                });
            } else {
                ids.insert(number.clone(), id.clone());
            }
            footnotes.push((
                number.clone(),
                Footnote {
                    id,
                    text: text.clone(),
                },
                *line,
            ));
        }
        Links {
            ids,
            footnotes,
            cited: HashSet::new(),
            notes,
        }
    }

    fn paragraphs(&mut self, paragraphs: &[Paragraph]) -> String {
        let linked: Vec<String> = paragraphs
            .iter()
            .map(|p| self.link(&p.text, p.line))
            .collect();
        linked.join("\n\n")
    }

    fn sections(&mut self, sections: &mut [Found]) {
        for s in sections {
            if let Some(t) = &s.title {
                s.title = Some(self.link(t, s.line));
            }
            for (text, line) in &mut s.paragraphs {
                *text = self.link(text, *line);
            }
            self.sections(&mut s.sections);
        }
    }

    /// `text` with its footnote markers (¹, ²³, [4]) as citations of the
    /// footnotes they name. A superscript naming no footnote is left as it
    /// is, and said; `m²` is a unit, not a marker.
    fn link(&mut self, text: &str, line: usize) -> String {
        let mut out = String::with_capacity(text.len());
        let mut chars = text.char_indices().peekable();
        let mut prev: Option<char> = None;
        while let Some((at, c)) = chars.next() {
            if superscript_digit(c).is_some() && prev != Some('m') {
                let mut digits = String::new();
                let mut marker = String::new();
                marker.push(c);
                digits.push(char::from_digit(superscript_digit(c).unwrap_or(0), 10).unwrap_or('0'));
                while let Some(&(_, d)) = chars.peek() {
                    let Some(v) = superscript_digit(d) else { break };
                    marker.push(d);
                    digits.push(char::from_digit(v, 10).unwrap_or('0'));
                    chars.next();
                }
                match self.ids.get(&digits) {
                    Some(id) => {
                        out.push_str(&format!("[^{id}]"));
                        self.cited.insert(digits);
                    }
                    None => {
                        self.notes.push(Note {
                            line,
                            kind: NoteKind::FootnoteTextMissing {
                                marker: marker.clone(),
                            },
                        });
                        out.push_str(&marker);
                    }
                }
                prev = Some(c);
                continue;
            }
            if c == '[' {
                let rest = &text[at + 1..];
                if let Some(close) = rest.find(']') {
                    let number = &rest[..close];
                    let digits = (1..=3).contains(&number.len())
                        && number.chars().all(|d| d.is_ascii_digit());
                    if let Some(id) = self.ids.get(number).filter(|_| digits) {
                        out.push_str(&format!("[^{id}]"));
                        self.cited.insert(number.to_owned());
                        for _ in 0..=close {
                            chars.next();
                        }
                        prev = Some(']');
                        continue;
                    }
                }
            }
            out.push(c);
            prev = Some(c);
        }
        out
    }

    fn finish(self) -> Vec<Footnote> {
        for (number, _, line) in &self.footnotes {
            if !self.cited.contains(number) {
                self.notes.push(Note {
                    line: *line,
                    kind: NoteKind::FootnoteNotCited {
                        number: number.clone(),
                    },
                });
            }
        }
        self.footnotes.into_iter().map(|(_, f, _)| f).collect()
    }
}
