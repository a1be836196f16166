//! The draft as a Word document laid out per Nghị định 30/2020/NĐ-CP,
//! Phụ lục I (`docs/export.md` gives the figures and why each is chosen),
//! written with `docx-rs`. Footnotes are Word's own: a reference mark in the
//! text, the text at the foot of the page.
//!
//! Units: lengths in twentieths of a point (twips, 1 mm ≈ 56.7), font
//! sizes in half-points, as Word stores them.

use std::io::{Cursor, Read, Write};

use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, Footnote, Header, LineSpacing, LineSpacingType,
    PageMargin, PageNum, Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders,
    Run, RunFonts, RunProperty, SpecialIndentType, Style, StyleType, Table, TableCell,
    TableLayoutType, TableRow, VertAlignType, WidthType,
};

use super::words;
use super::{Annex, Block, Export, ExportError, Inline, Notes, blocks, clean, upper};

/// Millimetres in twips.
const fn mm(v: u32) -> u32 {
    // 1 mm = 1440 / 25.4 twips; rounded to the nearest.
    (v * 14400 + 127) / 254
}

/// A4, 210 × 297 mm.
pub const PAGE_WIDTH: u32 = mm(210);
pub const PAGE_HEIGHT: u32 = mm(297);
/// The decree's margins: top and bottom 20–25 mm, left 30–35 mm, right
/// 15–20 mm; the smallest of each, as most offices print.
pub const MARGIN_TOP: u32 = mm(20);
pub const MARGIN_BOTTOM: u32 = mm(20);
pub const MARGIN_LEFT: u32 = mm(30);
pub const MARGIN_RIGHT: u32 = mm(15);
/// Where the header (the page number, the draft mark) sits.
const HEADER_DISTANCE: u32 = mm(10);
/// The width of the text, between the margins.
const TEXT_WIDTH: u32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
/// Times New Roman 14 pt for the text (the decree: 13–14 pt).
const TEXT_SIZE: usize = 28;
/// 13 pt: the superior and issuing bodies, the number.
const HEAD_SIZE: usize = 26;
/// 12 pt: the national name (the decree: 12–13 pt; at 13 pt it does not
/// fit its column on one line).
const NATION_SIZE: usize = 24;
/// 12 pt: "Nơi nhận:", the footnotes, the annex's table.
const SMALL_SIZE: usize = 24;
/// 11 pt: the recipients.
const RECIPIENT_SIZE: usize = 22;
/// First-line indent of a paragraph: 1 cm (the decree: 1–1.27 cm).
const FIRST_LINE: i32 = mm(10) as i32;
/// Space before a paragraph: 6 pt (the decree: at least 6 pt).
const PARAGRAPH_SPACE: u32 = 120;
/// Line spacing 1.15 (the decree: from single to 1.5 lines), in 240ths.
const LINE: i32 = 276;
/// The header table's left column: the issuing body, the number.
const HEAD_LEFT: u32 = mm(58);
/// The signature table's left column: the recipients.
const SIGN_LEFT: u32 = mm(80);

/// The mark written where a footnote's own number goes; replaced by Word's
/// `<w:footnoteRef/>` once the package is built (docx-rs writes none, and
/// without it Word prints the footnote's text without its number). Drafts
/// cannot hold U+E000 once cleaned (`export::clean`).
const NOTE_NUMBER_MARK: &str = "\u{E000}footnote-number\u{E000}";

pub(super) fn render(export: &Export<'_>) -> Result<Vec<u8>, ExportError> {
    let d = export.draft;
    let notes = Notes::of(d);
    let mut writer = Writer {
        notes: &notes,
        next_footnote: 1,
    };
    let mut doc = Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP as i32)
                .bottom(MARGIN_BOTTOM as i32)
                .left(MARGIN_LEFT as i32)
                .right(MARGIN_RIGHT as i32)
                .header(HEADER_DISTANCE as i32)
                .footer(HEADER_DISTANCE as i32),
        )
        .default_fonts(
            RunFonts::new()
                .ascii("Times New Roman")
                .hi_ansi("Times New Roman")
                .cs("Times New Roman")
                .east_asia("Times New Roman"),
        )
        .default_size(TEXT_SIZE)
        .add_style(footnote_reference_style());
    // The page number from the second page on, centred in the header (the
    // decree); the draft mark on every page, the first included.
    doc = doc
        .header(page_header(export.unapproved, true))
        .first_header(page_header(export.unapproved, false))
        .title_pg();
    doc = doc.add_table(header_table(export));
    doc = doc
        .add_paragraph(
            centred()
                .line_spacing(spacing(240))
                .add_run(text_run(&upper(&d.document_type)).bold()),
        )
        .add_paragraph(
            centred()
                .line_spacing(LineSpacing::new().before(0).line(LINE))
                .add_run(text_run(&clean(&d.title)).bold()),
        )
        .add_paragraph(short_line(mm(50)));
    for p in crate::core::text::paragraphs(&d.preamble) {
        doc = doc.add_paragraph(writer.paragraph(body(), p));
    }
    for block in blocks(d) {
        for p in writer.section(&block) {
            doc = doc.add_paragraph(p);
        }
    }
    for p in crate::core::text::paragraphs(&d.closing) {
        doc = doc.add_paragraph(writer.paragraph(body(), p));
    }
    if d.signature.is_some() || !d.recipients.is_empty() {
        doc = doc
            .add_paragraph(Paragraph::new().line_spacing(spacing(0)))
            .add_table(signature_table(export));
    }
    if let Some(annex) = export.annex {
        for p in annex_heading(annex) {
            doc = doc.add_paragraph(p);
        }
        doc = doc.add_table(annex_table(annex));
    }
    let mut packed = Cursor::new(Vec::new());
    doc.build()
        .pack(&mut packed)
        .map_err(|e| ExportError::Package(e.to_string()))?;
    number_footnotes(&packed.into_inner())
}

/// What numbers the footnotes as it lays the text out: each citation is a
/// Word footnote of its own (Word numbers them in order; a footnote cited
/// twice is printed twice, as Word cannot point two marks at one note).
struct Writer<'n, 'd> {
    notes: &'n Notes<'d>,
    next_footnote: usize,
}

impl Writer<'_, '_> {
    /// A paragraph of the draft's text in the style `p`, its citations as
    /// footnote references.
    fn paragraph(&mut self, p: Paragraph, text: &str) -> Paragraph {
        self.runs(p, text, false)
    }

    fn runs(&mut self, mut p: Paragraph, text: &str, bold: bool) -> Paragraph {
        for piece in self.notes.split(text) {
            p = match piece {
                Inline::Text(t) => {
                    let run = text_run(&t);
                    p.add_run(if bold { run.bold() } else { run })
                }
                Inline::Note { footnote, .. } => {
                    let id = self.next_footnote;
                    self.next_footnote += 1;
                    p.add_run(Run::new().add_footnote_reference(Footnote {
                        id,
                        content: vec![footnote_text(&clean(&footnote.text))],
                    }))
                }
            };
        }
        p
    }

    /// A section: its heading (bold; bold italic at the third level,
    /// italic below), then its paragraphs. Without a title the number, in
    /// bold, opens the first paragraph.
    fn section(&mut self, block: &Block<'_>) -> Vec<Paragraph> {
        let mut out = Vec::new();
        let mut paragraphs = block.paragraphs.iter();
        match block.title {
            Some(title) => {
                let mut p = body().keep_next(true);
                let bold = block.depth < 3;
                let italic = block.depth >= 2;
                if !block.number.is_empty() {
                    p = p.add_run(styled(
                        text_run(&format!("{} ", block.number)),
                        bold,
                        italic,
                    ));
                }
                for piece in self.notes.split(title) {
                    p = match piece {
                        Inline::Text(t) => p.add_run(styled(text_run(&t), bold, italic)),
                        Inline::Note { .. } => p,
                    };
                }
                // Citations in a title: their marks after it.
                p = self.note_marks(p, title);
                out.push(p);
            }
            None => {
                let mut p = body();
                if !block.number.is_empty() {
                    p = p.add_run(text_run(&format!("{} ", block.number)).bold());
                }
                if let Some(first) = paragraphs.next() {
                    p = self.paragraph(p, first);
                }
                out.push(p);
            }
        }
        for text in paragraphs {
            out.push(self.paragraph(body(), text));
        }
        out
    }

    /// The footnote references of the citations in `text`, appended to `p`.
    fn note_marks(&mut self, mut p: Paragraph, text: &str) -> Paragraph {
        for piece in self.notes.split(text) {
            if let Inline::Note { footnote, .. } = piece {
                let id = self.next_footnote;
                self.next_footnote += 1;
                p = p.add_run(Run::new().add_footnote_reference(Footnote {
                    id,
                    content: vec![footnote_text(&clean(&footnote.text))],
                }));
            }
        }
        p
    }
}

fn styled(run: Run, bold: bool, italic: bool) -> Run {
    let run = if bold { run.bold() } else { run };
    if italic { run.italic() } else { run }
}

fn text_run(t: &str) -> Run {
    Run::new().add_text(t)
}

fn spacing(before: u32) -> LineSpacing {
    LineSpacing::new()
        .before(before)
        .after(0)
        .line(240)
        .line_rule(LineSpacingType::Auto)
}

/// A paragraph of the text: justified, first line indented 1 cm, 6 pt
/// before, line spacing 1.15.
fn body() -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Both)
        .indent(
            None,
            Some(SpecialIndentType::FirstLine(FIRST_LINE)),
            None,
            None,
        )
        .line_spacing(
            LineSpacing::new()
                .before(PARAGRAPH_SPACE)
                .after(0)
                .line(LINE)
                .line_rule(LineSpacingType::Auto),
        )
}

fn centred() -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(spacing(0))
}

/// The short line under the issuing body, the motto and the title: an
/// empty, tiny paragraph with a top border, `width` long, centred in its
/// column (`column` wide).
fn short_line_in(width: u32, column: u32) -> Paragraph {
    let side = column.saturating_sub(width) as i32 / 2;
    let mut p = Paragraph::new()
        .align(AlignmentType::Center)
        .indent(Some(side), None, Some(side), None)
        .line_spacing(
            LineSpacing::new()
                .before(40)
                .after(0)
                .line(120)
                .line_rule(LineSpacingType::Exact),
        )
        .size(4);
    // Only the top side (`ParagraphBorders::new()` would draw a box).
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Top)
                .val(BorderType::Single)
                .size(6)
                .space(1)
                .color("000000"),
        ),
    );
    p
}

fn short_line(width: u32) -> Paragraph {
    short_line_in(width, TEXT_WIDTH)
}

/// The page header: the page number, centred (not on the first page), and
/// the draft mark on the right.
fn page_header(unapproved: bool, page_number: bool) -> Header {
    let mut header = Header::new();
    if page_number {
        header = header.add_paragraph(centred().add_page_num(PageNum::new()));
    }
    if unapproved {
        header = header.add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Right)
                .add_run(text_run(words::DRAFT_MARK).bold().size(TEXT_SIZE)),
        );
    }
    header
}

/// The decree's header block: a table without borders, the issuing body
/// and the number on the left, the national name, the motto, place and date
/// on the right.
fn header_table(export: &Export<'_>) -> Table {
    let d = export.draft;
    let right = TEXT_WIDTH - HEAD_LEFT;
    let mut left = TableCell::new().width(HEAD_LEFT as usize, WidthType::Dxa);
    if !d.superior_body.trim().is_empty() {
        left = left
            .add_paragraph(centred().add_run(text_run(&upper(&d.superior_body)).size(HEAD_SIZE)));
    }
    left = left
        .add_paragraph(centred().add_run(text_run(&upper(&d.issuing_body)).bold().size(HEAD_SIZE)))
        .add_paragraph(short_line_in(mm(25), HEAD_LEFT));
    let right_cell = TableCell::new()
        .width(right as usize, WidthType::Dxa)
        .add_paragraph(centred().add_run(text_run(words::NATIONAL_NAME).bold().size(NATION_SIZE)))
        .add_paragraph(centred().add_run(text_run(words::MOTTO).bold().size(TEXT_SIZE)))
        .add_paragraph(short_line_in(mm(60), right));
    let number = TableCell::new()
        .width(HEAD_LEFT as usize, WidthType::Dxa)
        .add_paragraph(
            centred()
                .line_spacing(spacing(PARAGRAPH_SPACE))
                .add_run(text_run(&clean(&d.number)).size(HEAD_SIZE)),
        );
    let date = TableCell::new()
        .width(right as usize, WidthType::Dxa)
        .add_paragraph(
            centred()
                .line_spacing(spacing(PARAGRAPH_SPACE))
                .add_run(text_run(&clean(&d.place_date)).italic().size(TEXT_SIZE)),
        );
    Table::without_borders(vec![
        TableRow::new(vec![left, right_cell]),
        TableRow::new(vec![number, date]),
    ])
    .set_grid(vec![HEAD_LEFT as usize, right as usize])
    .width(TEXT_WIDTH as usize, WidthType::Dxa)
    .layout(TableLayoutType::Fixed)
}

/// The signature block on the right; "Nơi nhận:" and the recipients on the
/// left.
fn signature_table(export: &Export<'_>) -> Table {
    let d = export.draft;
    let right = TEXT_WIDTH - SIGN_LEFT;
    let mut left = TableCell::new().width(SIGN_LEFT as usize, WidthType::Dxa);
    if d.recipients.is_empty() {
        left = left.add_paragraph(Paragraph::new());
    } else {
        left = left.add_paragraph(
            Paragraph::new()
                .line_spacing(spacing(240))
                .add_run(text_run(words::RECIPIENTS).bold().italic().size(SMALL_SIZE)),
        );
        for r in &d.recipients {
            left = left.add_paragraph(
                Paragraph::new()
                    .line_spacing(spacing(0))
                    .add_run(text_run(&format!("- {}", clean(r))).size(RECIPIENT_SIZE)),
            );
        }
    }
    let mut sign = TableCell::new().width(right as usize, WidthType::Dxa);
    match &d.signature {
        Some(s) => {
            sign = sign
                .add_paragraph(
                    centred()
                        .line_spacing(spacing(240))
                        .add_run(text_run(&upper(&s.authority)).bold()),
                )
                .add_paragraph(centred().add_run(text_run(&upper(&s.position)).bold()));
            // Room for the signature and the seal.
            for _ in 0..4 {
                sign = sign.add_paragraph(centred());
            }
            sign = sign.add_paragraph(centred().add_run(text_run(&clean(&s.signer)).bold()));
        }
        None => sign = sign.add_paragraph(Paragraph::new()),
    }
    // One block: the signature is never split from the recipients by a page.
    Table::without_borders(vec![TableRow::new(vec![left, sign]).cant_split()])
        .set_grid(vec![SIGN_LEFT as usize, right as usize])
        .width(TEXT_WIDTH as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
}

/// The annex starts a page: its heading, where the state comes from, and
/// how many sections are approved.
fn annex_heading(annex: &Annex) -> Vec<Paragraph> {
    let source = annex.source();
    vec![
        Paragraph::new().add_run(Run::new().add_break(BreakType::Page)),
        centred().add_run(text_run(words::ANNEX).bold()),
        centred().add_run(text_run(words::ANNEX_TITLE).bold()),
        centred().add_run(text_run(&format!("({source})")).italic()),
        Paragraph::new()
            .line_spacing(spacing(PARAGRAPH_SPACE * 2))
            .add_run(text_run(&annex.summary()).size(SMALL_SIZE)),
    ]
}

/// The review state of every section, one row each, with borders.
fn annex_table(annex: &Annex) -> Table {
    let widths = [mm(13), mm(47), mm(32), mm(25), mm(31)];
    let last = TEXT_WIDTH - widths.iter().sum::<u32>();
    let widths: Vec<usize> = widths
        .iter()
        .chain(std::iter::once(&last))
        .map(|w| *w as usize)
        .collect();
    let cell = |w: usize, t: &str, bold: bool| {
        let run = text_run(t).size(SMALL_SIZE);
        TableCell::new().width(w, WidthType::Dxa).add_paragraph(
            Paragraph::new()
                .line_spacing(spacing(0))
                .add_run(if bold { run.bold() } else { run }),
        )
    };
    let mut rows = vec![TableRow::new(
        words::COLUMNS
            .iter()
            .zip(&widths)
            .map(|(h, w)| cell(*w, h, true))
            .collect(),
    )];
    for r in &annex.rows {
        rows.push(
            TableRow::new(
                r.cells()
                    .iter()
                    .zip(&widths)
                    .map(|(v, w)| cell(*w, v, false))
                    .collect(),
            )
            .cant_split(),
        );
    }
    Table::new(rows)
        .set_grid(widths)
        .width(TEXT_WIDTH as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
}

/// The footnote reference mark's style: superscript (Word's built-in
/// "footnote reference", which docx-rs names but does not define).
fn footnote_reference_style() -> Style {
    let mut style =
        Style::new("FootnoteReference", StyleType::Character).name("footnote reference");
    style.run_property = RunProperty::new().vert_align(VertAlignType::SuperScript);
    style
}

/// A footnote's text: its number (Word's, see `NOTE_NUMBER_MARK`), then
/// the text, 12 pt, justified.
fn footnote_text(text: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Both)
        .line_spacing(spacing(0))
        .add_run(
            Run::new()
                .style("FootnoteReference")
                .add_text(NOTE_NUMBER_MARK),
        )
        .add_run(text_run(" ").size(SMALL_SIZE))
        .add_run(text_run(text).size(SMALL_SIZE))
}

/// Puts Word's footnote number (`<w:footnoteRef/>`) where the writer left
/// `NOTE_NUMBER_MARK` in `word/footnotes.xml`; every other part of the
/// package is copied as it is.
fn number_footnotes(package: &[u8]) -> Result<Vec<u8>, ExportError> {
    let fail = |e: &dyn std::fmt::Display| ExportError::Package(e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(package)).map_err(|e| fail(&e))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mark = format!("<w:t xml:space=\"preserve\">{NOTE_NUMBER_MARK}</w:t>");
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(|e| fail(&e))?;
        let name = file.name().to_owned();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(|e| fail(&e))?;
        if name == "word/footnotes.xml" {
            let xml = String::from_utf8(bytes).map_err(|e| fail(&e))?;
            bytes = xml.replace(&mark, "<w:footnoteRef/>").into_bytes();
        }
        out.start_file(name, options).map_err(|e| fail(&e))?;
        out.write_all(&bytes).map_err(|e| fail(&e))?;
    }
    Ok(out.finish().map_err(|e| fail(&e))?.into_inner())
}
