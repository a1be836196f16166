//! The draft as one HTML file, for reading in a browser and printing: no
//! external resource (no script, no font, no image), a print stylesheet for
//! A4 with the decree's margins, Times New Roman, justified paragraphs,
//! footnotes at the end with links both ways. Every text of the draft is
//! escaped.

use std::collections::HashMap;

use super::words;
use super::{Annex, Block, Export, Inline, Notes, blocks, clean, upper};

/// The stylesheet: the decree's page (A4; margins top 20, right 15, bottom
/// 20, left 30 mm), type (Times New Roman 14 pt, headings bold) and
/// paragraphs (justified, first line indented 1 cm, 6 pt apart).
const STYLE: &str = r#"
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
html { background: #e8e8e8; }
body { font-family: "Times New Roman", Times, serif; font-size: 14pt; line-height: 1.3;
  color: #000; background: #fff; max-width: 165mm; margin: 1em auto; padding: 20mm 15mm 20mm 30mm; }
@media print { html { background: none; } body { margin: 0; padding: 0; max-width: none; } }
.banner { border: 2px solid #b00; color: #b00; font-weight: bold; text-align: center;
  padding: 4pt; margin-bottom: 12pt; }
body.unapproved::before { content: "{mark}"; position: fixed; top: 40%; left: 0; right: 0;
  text-align: center; font-size: 96pt; font-weight: bold; color: rgba(176, 0, 0, 0.12);
  transform: rotate(-30deg); pointer-events: none; z-index: 0; }
table.head, table.sign { width: 100%; border-collapse: collapse; }
table.head td, table.sign td { vertical-align: top; text-align: center; padding: 0; }
table.head td.left { width: 40%; } table.sign td.left { width: 45%; text-align: left; }
.head .superior { font-size: 13pt; text-transform: uppercase; }
.head .issuer { font-size: 13pt; font-weight: bold; text-transform: uppercase; }
.head .nation { font-size: 13pt; font-weight: bold; }
.head .motto { font-size: 14pt; font-weight: bold; }
.head .number { font-size: 13pt; } .head .date { font-style: italic; }
.head .number, .head .date { white-space: pre-wrap; }
.rule { width: 35%; margin: 1pt auto 6pt; border: 0; border-top: 1px solid #000; }
.motto + .rule { width: 60%; }
h1.kind { font-size: 14pt; text-align: center; margin: 18pt 0 0; }
p.title { font-weight: bold; text-align: center; margin: 0; }
p { margin: 6pt 0 0; }
p.text { text-align: justify; text-indent: 1cm; }
.level-0, .level-1, .level-2, .level-3 { font-size: 14pt; text-align: justify; text-indent: 1cm; margin: 6pt 0 0; }
.level-0, .level-1 { font-weight: bold; } .level-2 { font-weight: bold; font-style: italic; }
.level-3 { font-style: italic; font-weight: normal; }
.sign .recipients-head { font-size: 12pt; font-weight: bold; font-style: italic; margin: 12pt 0 0; }
.sign ul { list-style: none; padding: 0; margin: 0; font-size: 11pt; }
.sign ul li::before { content: "- "; }
.sign .authority, .sign .position, .sign .signer { font-weight: bold; margin: 0; text-align: center; }
.sign .authority { margin-top: 12pt; } .sign .space { height: 60pt; }
sup { line-height: 0; } sup a { text-decoration: none; }
.footnotes { font-size: 12pt; margin-top: 18pt; } .footnotes ol { padding-left: 1.5em; }
.footnotes li { text-align: justify; } .footnotes a.back { text-decoration: none; }
.annex { break-before: page; page-break-before: always; margin-top: 24pt; }
.annex h2 { font-size: 14pt; text-align: center; margin: 0; }
.annex table { width: 100%; border-collapse: collapse; font-size: 12pt; margin-top: 12pt; }
.annex th, .annex td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; text-align: left; }
.annex td.count { text-align: right; }
"#;

pub(super) fn render(export: &Export<'_>) -> String {
    let d = export.draft;
    let notes = Notes::of(d);
    let mut refs = References::default();
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!(
        "<title>{} {}</title>\n",
        escape(&upper(&d.document_type)),
        escape(&clean(&d.title))
    ));
    out.push_str(&format!(
        "<style>{}</style>\n</head>\n",
        STYLE.replace("{mark}", words::DRAFT_MARK)
    ));
    if export.unapproved {
        out.push_str("<body class=\"unapproved\">\n");
        out.push_str(&format!(
            "<div class=\"banner\" role=\"note\">{} — {}</div>\n",
            words::DRAFT_MARK,
            escape(words::DRAFT_NOTE)
        ));
    } else {
        out.push_str("<body>\n");
    }
    header(&mut out, export);
    out.push_str(&format!(
        "<h1 class=\"kind\">{}</h1>\n<p class=\"title\">{}</p>\n<hr class=\"rule\">\n",
        escape(&upper(&d.document_type)),
        escape(&clean(&d.title))
    ));
    out.push_str("<main>\n");
    for p in crate::core::text::paragraphs(&d.preamble) {
        out.push_str(&format!(
            "<p class=\"text\">{}</p>\n",
            inline(&notes, &mut refs, p)
        ));
    }
    for block in blocks(d) {
        section(&mut out, &notes, &mut refs, &block);
    }
    for p in crate::core::text::paragraphs(&d.closing) {
        out.push_str(&format!(
            "<p class=\"text\">{}</p>\n",
            inline(&notes, &mut refs, p)
        ));
    }
    out.push_str("</main>\n");
    signature(&mut out, export);
    footnotes(&mut out, &notes, &refs);
    if let Some(annex) = export.annex {
        annex_table(&mut out, annex);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn header(out: &mut String, export: &Export<'_>) {
    let d = export.draft;
    out.push_str("<table class=\"head\">\n<tr><td class=\"left\">\n");
    if !d.superior_body.trim().is_empty() {
        out.push_str(&format!(
            "<div class=\"superior\">{}</div>\n",
            escape(&upper(&d.superior_body))
        ));
    }
    out.push_str(&format!(
        "<div class=\"issuer\">{}</div>\n<hr class=\"rule\">\n",
        escape(&upper(&d.issuing_body))
    ));
    out.push_str(&format!(
        "<div class=\"number\">{}</div>\n</td>\n",
        escape(&clean(&d.number))
    ));
    out.push_str(&format!(
        "<td><div class=\"nation\">{}</div>\n<div class=\"motto\">{}</div>\n<hr class=\"rule\">\n",
        words::NATIONAL_NAME,
        words::MOTTO
    ));
    out.push_str(&format!(
        "<div class=\"date\">{}</div>\n</td></tr>\n</table>\n",
        escape(&clean(&d.place_date))
    ));
}

/// How many times each footnote has been cited so far: each citation gets
/// an anchor of its own, and the footnote a link back to every one.
#[derive(Default)]
struct References {
    count: HashMap<usize, usize>,
}

fn inline(notes: &Notes<'_>, refs: &mut References, s: &str) -> String {
    notes
        .split(s)
        .into_iter()
        .map(|piece| match piece {
            Inline::Text(t) => escape(&t),
            Inline::Note { number, .. } => {
                let k = refs.count.entry(number).or_insert(0);
                *k += 1;
                format!(
                    "<sup><a id=\"fnref-{number}-{k}\" href=\"#fn-{number}\" role=\"doc-noteref\">{number}</a></sup>"
                )
            }
        })
        .collect()
}

fn section(out: &mut String, notes: &Notes<'_>, refs: &mut References, block: &Block<'_>) {
    let level = block.depth.min(3);
    let number = escape(&block.number);
    match block.title {
        Some(title) => {
            let tag = (block.depth + 2).min(6);
            let heading = [number, inline(notes, refs, title)]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            out.push_str(&format!(
                "<h{tag} class=\"level-{level}\">{heading}</h{tag}>\n"
            ));
            for p in &block.paragraphs {
                out.push_str(&format!(
                    "<p class=\"text\">{}</p>\n",
                    inline(notes, refs, p)
                ));
            }
        }
        None => {
            for (i, p) in block.paragraphs.iter().enumerate() {
                let lead = if i == 0 && !number.is_empty() {
                    format!("<b>{number}</b> ")
                } else {
                    String::new()
                };
                out.push_str(&format!(
                    "<p class=\"text\">{lead}{}</p>\n",
                    inline(notes, refs, p)
                ));
            }
        }
    }
}

fn signature(out: &mut String, export: &Export<'_>) {
    let d = export.draft;
    if d.signature.is_none() && d.recipients.is_empty() {
        return;
    }
    out.push_str("<table class=\"sign\">\n<tr><td class=\"left\">\n");
    if !d.recipients.is_empty() {
        out.push_str(&format!(
            "<p class=\"recipients-head\">{}</p>\n<ul>\n",
            words::RECIPIENTS
        ));
        for r in &d.recipients {
            out.push_str(&format!("<li>{}</li>\n", escape(&clean(r))));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</td>\n<td>\n");
    if let Some(s) = &d.signature {
        out.push_str(&format!(
            "<p class=\"authority\">{}</p>\n<p class=\"position\">{}</p>\n<div class=\"space\"></div>\n<p class=\"signer\">{}</p>\n",
            escape(&upper(&s.authority)),
            escape(&upper(&s.position)),
            escape(&clean(&s.signer))
        ));
    }
    out.push_str("</td></tr>\n</table>\n");
}

fn footnotes(out: &mut String, notes: &Notes<'_>, refs: &References) {
    if notes.cited().is_empty() {
        return;
    }
    out.push_str(&format!(
        "<section class=\"footnotes\" role=\"doc-endnotes\">\n<hr>\n<p><b>{}</b></p>\n<ol>\n",
        words::FOOTNOTES
    ));
    for (i, f) in notes.cited().iter().enumerate() {
        let number = i + 1;
        let backs: String = (1..=refs.count.get(&number).copied().unwrap_or(0))
            .map(|k| {
                format!(
                    " <a class=\"back\" href=\"#fnref-{number}-{k}\" title=\"{}\" role=\"doc-backlink\">↩</a>",
                    words::BACK_TO_TEXT
                )
            })
            .collect();
        out.push_str(&format!(
            "<li id=\"fn-{number}\">{}{backs}</li>\n",
            escape(&clean(&f.text))
        ));
    }
    out.push_str("</ol>\n</section>\n");
}

fn annex_table(out: &mut String, annex: &Annex) {
    out.push_str(&format!(
        "<section class=\"annex\">\n<h2>{}</h2>\n<h2>{}</h2>\n",
        words::ANNEX,
        words::ANNEX_TITLE
    ));
    out.push_str(&format!(
        "<p style=\"text-align:center\"><i>({})</i></p>\n",
        escape(&annex.source())
    ));
    out.push_str(&format!("<p>{}</p>\n", escape(&annex.summary())));
    out.push_str("<table>\n<thead><tr>");
    for head in words::COLUMNS {
        out.push_str(&format!("<th>{head}</th>"));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in &annex.rows {
        let [number, title, owner, state, approvers, open] = r.cells().map(|c| escape(&c));
        out.push_str(&format!(
            "<tr><td>{number}</td><td>{title}</td><td>{owner}</td><td>{state}</td><td>{approvers}</td><td class=\"count\">{open}</td></tr>\n"
        ));
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// HTML-escapes a text (for element content and quoted attributes alike).
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
