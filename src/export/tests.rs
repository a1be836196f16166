//! The writers on small drafts built here: footnote numbering, escaping,
//! the draft mark, the annex, and the DOCX package's parts and page.

use std::io::Read;

use super::*;
use crate::core::{Footnote, Section, Signature};

fn section(id: &str, number: &str, title: Option<&str>, body: &str) -> Section {
    Section {
        id: id.to_owned(),
        number: number.to_owned(),
        title: title.map(str::to_owned),
        owner: "phong-tai-chinh".to_owned(),
        body: body.to_owned(),
        sections: Vec::new(),
    }
}

/// A small report: a preamble citing the second footnote, a section citing
/// the first and the second again, a child without a title, a closing, a
/// signature and recipients.
fn report() -> Draft {
    let mut parent = section(
        "kinh-te",
        "I",
        Some("KINH TẾ"),
        "Thu ngân sách đạt 104%[^fn-a]; chi đúng chế độ[^fn-b].\n\nĐoạn hai.",
    );
    parent.sections.push(section(
        "dau-tu",
        "1",
        None,
        "Giải ngân đạt 78,4% kế hoạch vốn.",
    ));
    parent
        .sections
        .push(section("nong-nghiep", "a", Some("Nông nghiệp"), "Lúa mùa."));
    Draft {
        schema: 1,
        id: "bao-cao".to_owned(),
        issuing_body: "Ủy ban nhân dân huyện Tân Yên".to_owned(),
        superior_body: String::new(),
        document_type: "BÁO CÁO".to_owned(),
        number: "Số:      /BC-UBND".to_owned(),
        place_date: "Tân Yên, ngày      tháng 11 năm 2026".to_owned(),
        title: "Tình hình kinh tế - xã hội".to_owned(),
        preamble: "Theo kế hoạch[^fn-b], UBND huyện báo cáo như sau:".to_owned(),
        sections: vec![parent],
        closing: "Trên đây là báo cáo./.".to_owned(),
        footnotes: vec![
            Footnote {
                id: "fn-a".to_owned(),
                text: "Số liệu của Chi cục Thuế.".to_owned(),
            },
            Footnote {
                id: "fn-b".to_owned(),
                text: "Kế hoạch số 12/KH-UBND.".to_owned(),
            },
            Footnote {
                id: "fn-unused".to_owned(),
                text: "Không ai trích.".to_owned(),
            },
        ],
        signature: Some(Signature {
            authority: "TM. ỦY BAN NHÂN DÂN".to_owned(),
            position: "Chủ tịch".to_owned(),
            signer: "Nguyễn Viết Toàn".to_owned(),
        }),
        recipients: vec!["Thường trực Huyện ủy;".to_owned(), "Lưu: VT.".to_owned()],
    }
}

fn text_of(draft: &Draft, unapproved: bool, annex: Option<&Annex>, format: Format) -> String {
    let export = Export {
        draft,
        unapproved,
        annex,
    };
    String::from_utf8(render(&export, format).expect("renders")).expect("UTF-8")
}

fn annex() -> Annex {
    Annex {
        draft: "drafts/bao-cao.yaml".to_owned(),
        rev: "main".to_owned(),
        commit: "abc1234".to_owned(),
        rows: vec![
            ReviewRow {
                number: "I".to_owned(),
                title: "KINH TẾ".to_owned(),
                owner: "Văn phòng HĐND&UBND".to_owned(),
                state: State::Approved,
                approvers: vec!["Lê Thị Hoa".to_owned(), "Nguyễn Văn Thắng".to_owned()],
                open_comments: 0,
            },
            ReviewRow {
                number: "I.1".to_owned(),
                title: "Giải ngân".to_owned(),
                owner: "Phòng Tài chính - Kế hoạch".to_owned(),
                state: State::Stale,
                approvers: Vec::new(),
                open_comments: 2,
            },
        ],
    }
}

#[test]
fn footnotes_are_numbered_by_first_citation_and_uncited_ones_left_out() {
    let d = report();
    let notes = Notes::of(&d);
    let ids: Vec<&str> = notes.cited().iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["fn-b", "fn-a"]);
    let pieces = notes.split("x[^fn-a] y[^nope] z[^fn-b]");
    assert_eq!(pieces.len(), 4);
    assert_eq!(pieces[0], Inline::Text("x".to_owned()));
    assert!(matches!(pieces[1], Inline::Note { number: 2, .. }));
    assert_eq!(pieces[2], Inline::Text(" y[^nope] z".to_owned()));
    assert!(matches!(pieces[3], Inline::Note { number: 1, .. }));
}

#[test]
fn numbers_are_printed_as_the_administration_writes_them() {
    let label = |n: &str| number_label(&section("s", n, None, "x"));
    assert_eq!(label("I"), "I.");
    assert_eq!(label("2"), "2.");
    assert_eq!(label("b"), "b)");
    assert_eq!(label(""), "");
}

#[test]
fn html_escapes_every_text_and_marks_an_unapproved_draft() {
    let mut d = report();
    d.title = "<script>alert(1)</script> & \"x\"".to_owned();
    d.sections[0].body = "Đoạn <img src=x onerror=alert(1)>[^fn-a].".to_owned();
    d.recipients.push("<b>in đậm</b>".to_owned());
    let html = text_of(&d, true, None, Format::Html);
    assert!(!html.contains("<script>"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("<b>in"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"));
    assert!(html.contains("class=\"banner\""));
    assert!(html.contains("body.unapproved::before { content: \"DỰ THẢO\""));
    assert!(html.contains("<body class=\"unapproved\">"));
    let approved = text_of(&report(), false, None, Format::Html);
    // No resource from elsewhere.
    for outside in ["src=", "href=\"http", "<link", "@import", "url("] {
        assert!(!approved.contains(outside), "{outside} in the HTML");
    }
    assert!(!approved.contains("class=\"banner\""));
    assert!(approved.contains("<body>"));
}

#[test]
fn html_footnotes_link_both_ways_and_the_print_style_is_the_decrees() {
    let html = text_of(&report(), false, None, Format::Html);
    // fn-b is cited twice (preamble, section), so it has two back-links.
    assert!(html.contains("<a id=\"fnref-1-1\" href=\"#fn-1\""));
    assert!(html.contains("<a id=\"fnref-1-2\" href=\"#fn-1\""));
    assert!(html.contains("<li id=\"fn-1\">Kế hoạch số 12/KH-UBND."));
    assert!(html.contains("href=\"#fnref-1-2\""));
    assert!(html.contains("<li id=\"fn-2\">Số liệu của Chi cục Thuế."));
    assert!(!html.contains("Không ai trích"));
    assert!(html.contains("@page { size: A4; margin: 20mm 15mm 20mm 30mm; }"));
    assert!(html.contains("\"Times New Roman\""));
    assert!(html.contains("text-align: justify"));
    assert!(
        html.contains("<b>1.</b> Giải ngân"),
        "a section without a title"
    );
    assert!(html.contains("a) Nông nghiệp"));
}

#[test]
fn markdown_starts_with_the_mark_and_escapes_markup() {
    let mut d = report();
    d.sections[0].body = "<script>x</script> *đậm* [^fn-a]\n\n1. không phải danh sách".to_owned();
    let md = text_of(&d, true, None, Format::Markdown);
    assert!(md.starts_with("**DỰ THẢO**"), "{md}");
    assert!(
        md.contains("\\<script\\>x\\</script\\> \\*đậm\\* [^2]"),
        "{md}"
    );
    assert!(md.contains("\n1\\. không phải danh sách"), "{md}");
    assert!(md.contains("[^1]: Kế hoạch số 12/KH-UBND."));
    assert!(md.contains("## I. KINH TẾ"));
    assert!(md.contains("***Nơi nhận:***"));
    let approved = text_of(&report(), false, None, Format::Markdown);
    assert!(!approved.contains("DỰ THẢO"));
}

#[test]
fn the_annex_lists_every_section_with_its_state() {
    let a = annex();
    for format in [Format::Markdown, Format::Html] {
        let text = text_of(&report(), false, Some(&a), format);
        for needle in [
            "PHỤ LỤC",
            "Lê Thị Hoa, Nguyễn Văn Thắng",
            "Đã phê duyệt",
            "Phê duyệt đã cũ",
            "abc1234",
            "Đã phê duyệt 1/2 mục.",
        ] {
            assert!(text.contains(needle), "{format:?}: no {needle}");
        }
    }
    let md = text_of(&report(), false, Some(&a), Format::Markdown);
    assert!(md.contains("| I.1 | Giải ngân | Phòng Tài chính - Kế hoạch | Phê duyệt đã cũ (nội dung đã đổi) |  | 2 |"), "{md}");
    let html = text_of(&report(), false, Some(&a), Format::Html);
    assert!(html.contains("HĐND&amp;UBND"));
}

/// The parts of a DOCX package, by name.
fn parts(bytes: &[u8]) -> std::collections::HashMap<String, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut out = std::collections::HashMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).expect("an entry");
        let mut s = String::new();
        if f.read_to_string(&mut s).is_ok() {
            out.insert(f.name().to_owned(), s);
        }
    }
    out
}

#[test]
fn docx_has_the_decrees_page_real_footnotes_and_the_draft_mark() {
    let mut d = report();
    d.superior_body = "Ủy ban nhân dân tỉnh Bắc Giang".to_owned();
    let bytes = render(
        &Export {
            draft: &d,
            unapproved: true,
            annex: Some(&annex()),
        },
        Format::Docx,
    )
    .expect("renders");
    let parts = parts(&bytes);
    let doc = &parts["word/document.xml"];
    let notes = &parts["word/footnotes.xml"];
    assert!(doc.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\" />"), "A4");
    assert!(
        doc.contains("<w:pgMar w:top=\"1134\" w:right=\"850\" w:bottom=\"1134\" w:left=\"1701\""),
        "margins 20/15/20/30 mm"
    );
    // One reference per citation: fn-b twice, fn-a once.
    assert_eq!(doc.matches("<w:footnoteReference").count(), 3);
    for id in 1..=3 {
        assert!(notes.contains(&format!("<w:footnote w:id=\"{id}\">")));
    }
    assert_eq!(notes.matches("<w:footnoteRef/>").count(), 3);
    assert_eq!(notes.matches("Kế hoạch số 12/KH-UBND.").count(), 2);
    assert!(!notes.contains('\u{E000}'));
    assert!(parts["word/styles.xml"].contains("FootnoteReference"));
    for text in [
        "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG",
        "ỦY BAN NHÂN DÂN HUYỆN TÂN YÊN",
        words::NATIONAL_NAME,
        words::MOTTO,
        "Tình hình kinh tế - xã hội",
        "KINH TẾ",
        "Nông nghiệp",
        "CHỦ TỊCH",
        "Nguyễn Viết Toàn",
        words::RECIPIENTS,
        "- Lưu: VT.",
        words::ANNEX_TITLE,
        "Phê duyệt đã cũ",
        "Times New Roman",
    ] {
        assert!(
            doc.contains(text) || parts["word/styles.xml"].contains(text),
            "no {text}"
        );
    }
    let headers: String = parts
        .iter()
        .filter(|(k, _)| k.starts_with("word/header"))
        .map(|(_, v)| v.as_str())
        .collect();
    assert!(headers.contains(words::DRAFT_MARK));
}

#[test]
fn docx_of_an_approved_draft_has_no_mark_and_control_characters_never_reach_xml() {
    let mut d = report();
    d.sections[0].body = "Chữ\u{1b}[31m đỏ\u{7}\u{E000}.".to_owned();
    let bytes = render(
        &Export {
            draft: &d,
            unapproved: false,
            annex: None,
        },
        Format::Docx,
    )
    .expect("renders");
    let parts = parts(&bytes);
    assert!(
        parts
            .iter()
            .filter(|(k, _)| k.starts_with("word/header"))
            .all(|(_, v)| !v.contains(words::DRAFT_MARK))
    );
    let doc = &parts["word/document.xml"];
    assert!(
        doc.contains("Chữ�[31m đỏ��."),
        "control characters shown as �"
    );
    assert!(!doc.contains('\u{1b}'));
}
