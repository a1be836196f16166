//! A .docx as text: its zip checked first (size, number of entries, what
//! each entry really inflates to — a zip bomb is refused before anything
//! is parsed), then read with docx-rs; each paragraph becomes a line of
//! text (a bold one `**…**`, as a text extracted from Word shows it), a
//! table's cells paragraphs in reading order, and the text is imported as
//! text is. docx-rs's reader does not give footnotes: their texts are read
//! from word/footnotes.xml here and linked to the runs docx-rs leaves where
//! the references were; where that cannot be done, a note says so.

use std::io::{Cursor, Read};

use docx_rs::{
    DocumentChild, Paragraph, ParagraphChild, ReadDocxOptions, Run, RunChild, TableCellContent,
};

use super::{ImportError, Imported, Note, NoteKind, Options, Unit, from_text};

/// A .docx larger than this is refused before it is opened.
pub const MAX_DOCX_BYTES: usize = 20 * 1024 * 1024;
/// No entry may inflate to more than this (document.xml of a 100-page
/// report is ~2 MB).
pub const MAX_ENTRY_BYTES: usize = 64 * 1024 * 1024;
/// Nor all entries together to more than this.
const MAX_TOTAL_BYTES: usize = 256 * 1024 * 1024;
/// A report has a few dozen entries (parts, images).
pub const MAX_DOCX_ENTRIES: usize = 2000;
/// How deep an XML part may nest (a table in a table in a table is ~25).
pub const MAX_XML_DEPTH: usize = 100;
/// docx-rs is given this long; past it the file is refused (its reader
/// cannot be stopped, so it runs on a thread the process leaves behind).
const READ_SECONDS: u64 = 20;

/// A .docx report as a draft; a paragraph's number is where each note is.
pub fn from_docx(bytes: &[u8], options: &Options) -> Result<Imported, ImportError> {
    let parts = check_zip(bytes)?;
    let docx = read(bytes)?;
    // docx-rs drops footnote references; the runs that held them are left
    // empty with the footnote reference style. Where there are as many such
    // runs as references and footnote texts, they are linked in order.
    let mut text = Text::build(&docx, Some(&parts.footnotes));
    let linked = parts.footnote_refs > 0
        && text.references == parts.footnote_refs
        && parts.footnotes.len() == parts.footnote_refs;
    if !linked {
        text = Text::build(&docx, None);
    }
    let tables = text.tables;
    let mut imported = from_text(&text.out, options);
    imported.unit = Unit::Paragraph;
    for note in &mut imported.notes {
        note.line = text
            .paragraph_of_line
            .get(note.line.saturating_sub(1))
            .copied()
            .unwrap_or(note.line);
    }
    if tables {
        imported.notes.insert(
            0,
            Note {
                line: 1,
                kind: NoteKind::DocxTable,
            },
        );
    }
    if parts.footnote_refs > 0 && !linked {
        imported.notes.insert(
            0,
            Note {
                line: 1,
                kind: NoteKind::DocxFootnotesNotRead {
                    count: parts.footnote_refs,
                },
            },
        );
    }
    Ok(imported)
}

/// docx-rs's reader on its own thread, bounded in time; a panic in it is a
/// refusal too.
fn read(bytes: &[u8]) -> Result<docx_rs::Docx, ImportError> {
    let owned = bytes.to_vec();
    let (send, receive) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("docx".to_owned())
        .spawn(move || {
            let read = std::panic::catch_unwind(|| {
                docx_rs::read_docx_with_options(
                    &owned,
                    ReadDocxOptions::default().with_image_previews(false),
                )
                .map_err(|e| e.to_string())
            });
            let _ = send.send(read.unwrap_or_else(|_| Err("its XML could not be read".into())));
        });
    if let Err(e) = spawned {
        return Err(ImportError::NotDocx {
            reason: e.to_string(),
        });
    }
    match receive.recv_timeout(std::time::Duration::from_secs(READ_SECONDS)) {
        Ok(Ok(docx)) => Ok(docx),
        Ok(Err(reason)) => Err(ImportError::NotDocx { reason }),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(ImportError::TookTooLong {
            seconds: READ_SECONDS,
        }),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(ImportError::NotDocx {
            reason: "its XML could not be read".into(),
        }),
    }
}

/// Checks the archive before docx-rs reads it (docx-rs trusts the sizes an
/// entry declares and stops the program on a corrupt one): every entry is
/// inflated here, bounded, and must match its checksum. Returns how many
/// footnote references the document holds, and the footnotes' texts.
fn check_zip(bytes: &[u8]) -> Result<Parts, ImportError> {
    if bytes.len() > MAX_DOCX_BYTES {
        return Err(ImportError::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_DOCX_BYTES,
        });
    }
    let not_docx = |reason: String| ImportError::NotDocx { reason };
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| not_docx(e.to_string()))?;
    if archive.len() > MAX_DOCX_ENTRIES {
        return Err(ImportError::TooManyEntries {
            limit: MAX_DOCX_ENTRIES,
        });
    }
    let mut total = 0usize;
    let mut document = None;
    let mut footnotes = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| not_docx(e.to_string()))?;
        let name = entry.name().to_owned();
        let too_large = || ImportError::EntryTooLarge {
            name: name.clone(),
            limit: MAX_ENTRY_BYTES,
        };
        if entry.size() > MAX_ENTRY_BYTES as u64 {
            return Err(too_large());
        }
        let mut data = Vec::new();
        let xml = name.ends_with(".xml") || name.ends_with(".rels");
        let keep = xml;
        let read = if keep {
            (&mut entry)
                .take(MAX_ENTRY_BYTES as u64 + 1)
                .read_to_end(&mut data)
        } else {
            std::io::copy(
                &mut (&mut entry).take(MAX_ENTRY_BYTES as u64 + 1),
                &mut std::io::sink(),
            )
            .map(|n| n as usize)
        };
        let n = read.map_err(|e| not_docx(format!("{name}: {e}")))?;
        if n > MAX_ENTRY_BYTES {
            return Err(too_large());
        }
        if n as u64 != entry.size() {
            return Err(not_docx(format!(
                "{name}: its size is not the one declared"
            )));
        }
        total += n;
        if total > MAX_TOTAL_BYTES {
            return Err(ImportError::InflatesTooMuch {
                limit: MAX_TOTAL_BYTES,
            });
        }
        if xml {
            check_xml(&name, &data)?;
        }
        if name == "word/footnotes.xml" {
            footnotes = footnote_texts(&data);
        }
        if name == "word/document.xml" {
            document = Some(data);
        }
    }
    let document = document.ok_or_else(|| not_docx("there is no word/document.xml".to_owned()))?;
    Ok(Parts {
        footnote_refs: count(&document, b"<w:footnoteReference"),
        footnotes,
    })
}

/// What the zip's check learnt on the way.
struct Parts {
    footnote_refs: usize,
    footnotes: Vec<String>,
}

/// The texts of the footnotes in `word/footnotes.xml`, in order (the
/// separators Word keeps there are no footnotes).
fn footnote_texts(data: &[u8]) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(data);
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut in_text = false;
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => event,
        };
        let push = |current: &mut Option<String>, s: &str| {
            if let Some(c) = current {
                c.push_str(s);
            }
        };
        match event {
            Event::Start(e) if e.name().as_ref() == b"w:footnote" => {
                let kind = e.try_get_attribute("w:type").ok().flatten();
                let normal = kind.is_none_or(|k| k.value.as_ref() == b"normal");
                current = normal.then(String::new);
            }
            Event::End(e) if e.name().as_ref() == b"w:footnote" => {
                if let Some(text) = current.take() {
                    out.push(text.split_whitespace().collect::<Vec<_>>().join(" "));
                }
            }
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_text = false,
            Event::End(e) if e.name().as_ref() == b"w:p" => push(&mut current, " "),
            Event::Empty(e) if matches!(e.name().as_ref(), b"w:tab" | b"w:br") => {
                push(&mut current, " ");
            }
            Event::Text(t) if in_text => {
                if let Ok(s) = t.decode() {
                    push(&mut current, &s);
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    push(&mut current, c.encode_utf8(&mut [0; 4]));
                } else if let Some(s) = r
                    .decode()
                    .ok()
                    .and_then(|name| quick_xml::escape::resolve_predefined_entity(&name))
                {
                    push(&mut current, s);
                }
            }
            _ => {}
        }
    }
    out
}

/// An XML part is well formed, closes what it opens and nests at most
/// `MAX_XML_DEPTH` deep (docx-rs loops forever on a part cut short and
/// recurses once per level).
fn check_xml(name: &str, data: &[u8]) -> Result<(), ImportError> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(data);
    let mut depth = 0usize;
    let bad = |reason: String| ImportError::NotDocx {
        reason: format!("{name}: {reason}"),
    };
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => {
                depth += 1;
                if depth > MAX_XML_DEPTH {
                    return Err(ImportError::XmlTooDeep {
                        name: name.to_owned(),
                        limit: MAX_XML_DEPTH,
                    });
                }
            }
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) if depth == 0 => return Ok(()),
            Ok(Event::Eof) => return Err(bad("the XML ends before its elements close".into())),
            Ok(_) => {}
            Err(e) => return Err(bad(e.to_string())),
        }
    }
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

/// The text being built, and the paragraph each of its lines comes from.
#[derive(Default)]
struct Text<'f> {
    out: String,
    paragraph_of_line: Vec<usize>,
    paragraphs: usize,
    /// The footnotes' texts, when references are linked to them.
    footnotes: Option<&'f [String]>,
    /// How many footnote references were found.
    references: usize,
    tables: bool,
}

impl<'f> Text<'f> {
    /// The document's text; with `footnotes`, each footnote reference is a
    /// `[n]` marker and its text a `[n] …` line after its paragraph.
    fn build(docx: &docx_rs::Docx, footnotes: Option<&'f [String]>) -> Self {
        let mut text = Text {
            footnotes,
            ..Text::default()
        };
        for child in &docx.document.children {
            match child {
                DocumentChild::Paragraph(p) => text.paragraph(p),
                DocumentChild::Table(t) => {
                    text.tables = true;
                    text.table(t);
                }
                _ => {}
            }
        }
        text
    }

    fn paragraph(&mut self, p: &Paragraph) {
        self.paragraphs += 1;
        let mut runs = Vec::new();
        collect_runs(&p.children, &mut runs);
        let mut text = String::new();
        let mut all_bold = true;
        let mut cited = Vec::new();
        for run in &runs {
            if let Some(footnotes) = self.footnotes.filter(|_| is_reference(run)) {
                self.references += 1;
                text.push_str(&format!("[{}]", self.references));
                if let Some(t) = footnotes.get(self.references - 1) {
                    cited.push((self.references, t.clone()));
                }
                continue;
            }
            let mut has_text = false;
            for c in &run.children {
                match c {
                    RunChild::Text(t) => {
                        has_text |= !t.text.trim().is_empty();
                        text.push_str(&t.text);
                    }
                    RunChild::Tab(_) | RunChild::PTab(_) => text.push(' '),
                    RunChild::Break(_) | RunChild::CarriageReturn(_) => text.push('\n'),
                    _ => {}
                }
            }
            if has_text && run.run_property.bold.is_none() {
                all_bold = false;
            }
        }
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return;
        }
        let text = if all_bold {
            format!("**{trimmed}**")
        } else {
            trimmed.to_owned()
        };
        for line in text.split('\n') {
            // A paragraph's own line breaks cannot end it: no line of a
            // paragraph is blank.
            self.push_line(line.trim());
        }
        self.push_line("");
        for (n, footnote) in cited {
            self.push_line(&format!("[{n}] {footnote}"));
            self.push_line("");
        }
    }

    fn push_line(&mut self, line: &str) {
        // The text is split on line breaks and form feeds only.
        let line: String = line
            .chars()
            .map(|c| if c == '\r' || c == '\u{c}' { ' ' } else { c })
            .collect();
        self.out.push_str(&line);
        self.out.push('\n');
        self.paragraph_of_line.push(self.paragraphs.max(1));
    }

    fn table(&mut self, t: &docx_rs::Table) {
        for docx_rs::TableChild::TableRow(row) in &t.rows {
            for docx_rs::TableRowChild::TableCell(cell) in &row.cells {
                for content in &cell.children {
                    match content {
                        TableCellContent::Paragraph(p) => self.paragraph(p),
                        TableCellContent::Table(inner) => self.table(inner),
                        _ => {}
                    }
                }
            }
        }
    }
}

/// A run that held a footnote reference: no text, the reference style.
fn is_reference(run: &Run) -> bool {
    let styled = run
        .run_property
        .style
        .as_ref()
        .is_some_and(|s| s.val.to_lowercase().contains("footnote"));
    let empty = !run
        .children
        .iter()
        .any(|c| matches!(c, RunChild::Text(t) if !t.text.trim().is_empty()));
    styled && empty
}

/// The runs of a paragraph, inserted text and links included (deleted
/// text and text moved away are not the document's).
fn collect_runs<'a>(children: &'a [ParagraphChild], out: &mut Vec<&'a Run>) {
    for c in children {
        match c {
            ParagraphChild::Run(r) => out.push(r),
            ParagraphChild::Insert(i) => {
                for ic in &i.children {
                    if let docx_rs::InsertChild::Run(r) = ic {
                        out.push(r);
                    }
                }
            }
            ParagraphChild::Hyperlink(h) => collect_runs(&h.children, out),
            _ => {}
        }
    }
}
