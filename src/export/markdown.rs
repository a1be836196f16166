//! The draft as Markdown (CommonMark with footnotes, as GitHub and pandoc
//! read it), for reading. Every character of the draft that Markdown or HTML
//! would act on is escaped, so `<script>` in a draft stays text.

use super::words;
use super::{Block, Export, Inline, Notes, blocks, clean, upper};

pub(super) fn render(export: &Export<'_>) -> String {
    let d = export.draft;
    let notes = Notes::of(d);
    let mut out = String::new();
    if export.unapproved {
        out.push_str(&format!(
            "**{}** — {}\n\n",
            words::DRAFT_MARK,
            escape(words::DRAFT_NOTE)
        ));
    }
    // The header block: issuing body and number, then the national name,
    // motto, place and date (Markdown has no columns).
    if !d.superior_body.trim().is_empty() {
        out.push_str(&format!("{}  \n", escape(&upper(&d.superior_body))));
    }
    out.push_str(&format!("**{}**  \n", escape(&upper(&d.issuing_body))));
    out.push_str(&format!("{}\n\n", escape(&clean(&d.number))));
    out.push_str(&format!(
        "**{}**  \n**{}**\n\n",
        words::NATIONAL_NAME,
        words::MOTTO
    ));
    out.push_str(&format!("*{}*\n\n", escape(&clean(&d.place_date))));
    out.push_str(&format!("# {}\n\n", escape(&upper(&d.document_type))));
    out.push_str(&format!("**{}**\n\n", escape(&clean(&d.title))));
    paragraphs(
        &mut out,
        &notes,
        &crate::core::text::paragraphs(&d.preamble),
    );
    for block in blocks(d) {
        section(&mut out, &notes, &block);
    }
    paragraphs(&mut out, &notes, &crate::core::text::paragraphs(&d.closing));
    signature(&mut out, export);
    if !notes.cited().is_empty() {
        out.push_str(&format!("---\n\n**{}**\n\n", words::FOOTNOTES));
        for (i, f) in notes.cited().iter().enumerate() {
            out.push_str(&format!("[^{}]: {}\n", i + 1, escape(&clean(&f.text))));
        }
        out.push('\n');
    }
    if let Some(annex) = export.annex {
        annex_table(&mut out, annex);
    }
    out
}

fn inline(notes: &Notes<'_>, s: &str) -> String {
    notes
        .split(s)
        .into_iter()
        .map(|piece| match piece {
            Inline::Text(t) => escape(&t),
            Inline::Note { number, .. } => format!("[^{number}]"),
        })
        .collect()
}

fn paragraphs(out: &mut String, notes: &Notes<'_>, list: &[&str]) {
    for p in list {
        out.push_str(&inline(notes, p));
        out.push_str("\n\n");
    }
}

fn section(out: &mut String, notes: &Notes<'_>, block: &Block<'_>) {
    let number = escape(&block.number);
    match block.title {
        Some(title) => {
            let hashes = "#".repeat((block.depth + 2).min(6));
            let heading = [number.as_str(), &inline(notes, title)]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            out.push_str(&format!("{hashes} {heading}\n\n"));
            paragraphs(out, notes, &block.paragraphs);
        }
        // No title: the number opens the first paragraph, in bold.
        None => {
            let mut list = block.paragraphs.iter();
            let first = list.next().map(|p| inline(notes, p)).unwrap_or_default();
            if number.is_empty() {
                out.push_str(&format!("{first}\n\n"));
            } else {
                out.push_str(&format!("**{number}** {first}\n\n"));
            }
            let rest: Vec<&str> = list.copied().collect();
            paragraphs(out, notes, &rest);
        }
    }
}

fn signature(out: &mut String, export: &Export<'_>) {
    let d = export.draft;
    if let Some(s) = &d.signature {
        for line in [&s.authority, &s.position] {
            if !line.trim().is_empty() {
                out.push_str(&format!("**{}**  \n", escape(&upper(line))));
            }
        }
        out.push_str("\n\n\n");
        if !s.signer.trim().is_empty() {
            out.push_str(&format!("**{}**\n\n", escape(&clean(&s.signer))));
        }
    }
    if !d.recipients.is_empty() {
        out.push_str(&format!("***{}***\n\n", words::RECIPIENTS));
        for r in &d.recipients {
            out.push_str(&format!("- {}\n", escape(&clean(r))));
        }
        out.push('\n');
    }
}

fn annex_table(out: &mut String, annex: &super::Annex) {
    out.push_str(&format!("## {}: {}\n\n", words::ANNEX, words::ANNEX_TITLE));
    out.push_str(&format!("*{}*\n\n", escape(&annex.source())));
    out.push_str(&format!("{}\n\n", escape(&annex.summary())));
    out.push_str(&format!(
        "| {} |\n|---|---|---|---|---|---:|\n",
        words::COLUMNS.join(" | ")
    ));
    for r in &annex.rows {
        let cells = r.cells().map(|c| escape(&c));
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push('\n');
}

/// Escapes what Markdown (and the HTML a Markdown reader lets through)
/// would act on: the ASCII punctuation of inline syntax is backslashed,
/// and what would open a block at the start of a paragraph (a heading, a
/// list, a quote) too.
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    // A paragraph starting "1. " or "- " or "# " would become a list or a
    // heading.
    let starts_block = out.starts_with(['#', '-', '+', '='])
        || out
            .find(|c: char| !c.is_ascii_digit())
            .is_some_and(|i| i > 0 && out[i..].starts_with(['.', ')']));
    if starts_block {
        let at = out
            .find(|c: char| !c.is_ascii_digit())
            .filter(|&i| i > 0)
            .unwrap_or(0);
        out.insert(at, '\\');
    }
    out
}
