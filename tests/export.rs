//! `duyet export` through the real binary on real repositories: the DOCX
//! package (parts, page, footnotes), what LibreOffice and Chromium make of
//! the documents when they are installed, HTML escaping, the draft mark,
//! `--final`, `--with-reviews`, and where the output goes.

mod common;

use std::collections::HashMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{
    REVIEW_DRAFT, ReviewRepo, dung, hang, ok, person, review_repo, stderr, stdout, thang,
};

/// Reviewer of phong-giao-duc in the sample `duyet.yaml`.
fn nguyet() -> duyet::core::Identity {
    person("Nguyễn Thị Minh Nguyệt", "nguyet.ntm@tanyen.example")
}

/// `duyet --repo R export ARGS…`.
fn export(r: &ReviewRepo, args: &[&str]) -> std::process::Output {
    let mut all = vec!["export", "bao-cao"];
    all.extend_from_slice(args);
    r.duyet_as(None, &all)
}

fn out_path(r: &ReviewRepo, name: &str) -> PathBuf {
    r.home().join(name)
}

/// Every section of the review fixture approved by its department's
/// reviewer and by the office.
fn approve_all(r: &ReviewRepo) {
    let plan: &[(&str, &[duyet::core::Identity])] = &[
        ("kinh-te", &[thang(), hang()]),
        ("thu-ngan-sach", &[dung(), hang()]),
        ("dau-tu-cong", &[dung(), hang()]),
        ("xa-hoi", &[thang(), hang()]),
        ("giao-duc", &[nguyet(), hang()]),
    ];
    for (section, people) in plan {
        for who in *people {
            ok(&r.duyet_as(Some(who), &["approve", "bao-cao", section]));
        }
    }
}

/// The text parts of a DOCX package, by name.
fn docx_parts(path: &Path) -> HashMap<String, String> {
    let bytes = std::fs::read(path).expect("the file is there");
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a DOCX is a valid zip");
    let mut parts = HashMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).expect("an entry");
        let mut text = String::new();
        if f.read_to_string(&mut text).is_ok() {
            parts.insert(f.name().to_owned(), text);
        }
    }
    parts
}

/// A program on PATH (or at a fixed place), if installed.
fn program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    names.iter().find_map(|n| {
        let fixed = Path::new(n);
        if fixed.is_absolute() {
            return fixed.is_file().then(|| fixed.to_path_buf());
        }
        std::env::split_paths(&path)
            .map(|dir| dir.join(n))
            .find(|p| p.is_file())
    })
}

/// The texts every export of the fixture must hold: each section's title,
/// each footnote's text, the signer (the fixture has none: the title and
/// the document type stand in).
fn fixture_texts() -> Vec<&'static str> {
    vec![
        "Kinh tế",
        "Thu ngân sách",
        "Đầu tư công",
        "Văn hóa - xã hội",
        "Giáo dục",
        "Số liệu của Chi cục Thuế khu vực Tân Yên.",
        "Tình hình kinh tế - xã hội tháng 11",
    ]
}

#[test]
fn docx_is_a_package_with_the_decrees_page_and_real_footnotes() {
    let r = review_repo();
    let file = out_path(&r, "bao-cao.docx");
    let o = export(&r, &["--format", "docx", "-o", file.to_str().unwrap()]);
    let said = ok(&o);
    assert!(said.contains("bao-cao.docx: written (docx)"), "{said}");
    assert!(said.contains("marked DỰ THẢO"), "{said}");
    let parts = docx_parts(&file);
    let doc = &parts["word/document.xml"];
    let notes = &parts["word/footnotes.xml"];
    assert!(parts.contains_key("[Content_Types].xml"));
    assert!(doc.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\" />"), "A4");
    assert!(
        doc.contains("<w:pgMar w:top=\"1134\" w:right=\"850\" w:bottom=\"1134\" w:left=\"1701\""),
        "top 20, right 15, bottom 20, left 30 mm"
    );
    assert_eq!(doc.matches("<w:footnoteReference w:id=\"1\"").count(), 1);
    assert!(notes.contains("<w:footnote w:id=\"1\">"));
    assert!(notes.contains("<w:footnoteRef/>"));
    assert!(notes.contains("Số liệu của Chi cục Thuế khu vực Tân Yên."));
    assert!(
        doc.contains("Times New Roman") || parts["word/styles.xml"].contains("Times New Roman")
    );
    // The mark: the page header says DỰ THẢO while sections are pending.
    assert!(
        parts
            .iter()
            .any(|(k, v)| k.starts_with("word/header") && v.contains("DỰ THẢO"))
    );
    for text in fixture_texts() {
        assert!(doc.contains(text) || notes.contains(text), "no {text}");
    }
}

/// LibreOffice opens the DOCX (it converts it to PDF) when it is installed;
/// then the PDF's text (pdftotext), else the package's XML, holds every
/// title, footnote and the signer.
#[test]
fn libreoffice_opens_the_docx_of_the_sample_report() {
    let r = review_repo();
    let sample = include_str!("../drafts/bao-cao-ubnd-tan-yen-2023.yaml");
    r.commit(
        "main",
        &[("drafts/tan-yen.yaml", sample)],
        &thang(),
        5,
        "Báo cáo năm 2023",
    );
    let file = out_path(&r, "tan-yen.docx");
    ok(&r.duyet_as(
        None,
        &[
            "export",
            "tan-yen",
            "--format",
            "docx",
            "--with-reviews",
            "-o",
            file.to_str().unwrap(),
        ],
    ));
    let draft =
        duyet::core::load_draft("tan-yen.yaml", sample.as_bytes()).expect("the sample loads");
    let mut expected: Vec<String> = draft
        .outline()
        .iter()
        .filter_map(|p| p.section.title.clone())
        .collect();
    expected.extend(draft.footnotes.iter().map(|f| f.text.clone()));
    expected.push(draft.signature.as_ref().expect("a signer").signer.clone());
    let Some(office) = program(&["libreoffice", "soffice"]) else {
        eprintln!("note: LibreOffice is not installed; checked the DOCX's XML instead");
        let parts = docx_parts(&file);
        let all = format!(
            "{}{}",
            parts["word/document.xml"], parts["word/footnotes.xml"]
        );
        for text in &expected {
            let text = xml_text(text);
            assert!(all.contains(&text), "no {text} in the DOCX");
        }
        return;
    };
    let outdir = r.home().join("pdf");
    std::fs::create_dir_all(&outdir).unwrap();
    let converted = Command::new(office)
        .env("HOME", r.home())
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&outdir)
        .arg(&file)
        .output()
        .expect("LibreOffice runs");
    let pdf = outdir.join("tan-yen.pdf");
    assert!(
        pdf.is_file(),
        "LibreOffice made no PDF: {}",
        String::from_utf8_lossy(&converted.stderr)
    );
    let Some(pdftotext) = program(&["pdftotext"]) else {
        eprintln!("note: pdftotext is not installed; the PDF was made, its text not read");
        return;
    };
    let text = Command::new(pdftotext)
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    // A PDF's text comes back with its lines broken anywhere and, where a
    // line ends in a hyphen, the hyphen taken for a word split: compare the
    // letters and digits only.
    let letters = |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).collect() };
    let flat = letters(&String::from_utf8_lossy(&text.stdout));
    for want in &expected {
        let want = letters(want);
        assert!(flat.contains(&want), "the PDF does not say {want}");
    }
    assert!(flat.contains("CỘNGHÒAXÃHỘICHỦNGHĨAVIỆTNAM"));
    assert!(flat.contains("Nơinhận"));
    assert!(flat.contains("PHỤLỤC"));
}

/// A text as the DOCX's XML holds it.
fn xml_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[test]
fn html_escapes_a_hostile_draft_and_chromium_shows_the_text() {
    let r = review_repo();
    let hostile = common::review_draft_text()
        .replace(
            "title: Giáo dục",
            "title: \"Giáo dục <script>alert('x')</script>\"",
        )
        .replace("đạt 99,2%.", "đạt 99,2% <img src=x onerror=alert(1)>.");
    r.commit("main", &[(REVIEW_DRAFT, &hostile)], &thang(), 5, "Thử");
    let file = out_path(&r, "bao-cao.html");
    ok(&export(
        &r,
        &["--format", "html", "-o", file.to_str().unwrap()],
    ));
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(html.contains("Giáo dục &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(
        html.contains("class=\"banner\""),
        "pending sections: the banner"
    );
    assert!(html.contains("@page { size: A4; margin: 20mm 15mm 20mm 30mm; }"));
    let Some(chromium) = program(&["/usr/bin/chromium", "chromium", "chromium-browser"]) else {
        eprintln!("note: Chromium is not installed; checked the HTML's text instead");
        return;
    };
    let dom = Command::new(chromium)
        .env("HOME", r.home())
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom"])
        .arg(format!("file://{}", file.display()))
        .output()
        .expect("Chromium runs");
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("Giáo dục &lt;script&gt;"), "{dom}");
    for text in fixture_texts() {
        assert!(dom.contains(text), "Chromium shows no {text}");
    }
    assert!(!dom.contains("<script"), "nothing ran or was added");
}

#[test]
fn markdown_goes_to_stdout_with_the_mark_and_a_note_on_stderr() {
    let r = review_repo();
    let o = export(&r, &["--format", "md"]);
    let md = ok(&o);
    assert!(md.starts_with("**DỰ THẢO**"), "{md}");
    for text in fixture_texts() {
        assert!(md.contains(text), "no {text}");
    }
    assert!(md.contains("[^1]: Số liệu của Chi cục Thuế khu vực Tân Yên."));
    assert!(stderr(&o).contains("marked DỰ THẢO (draft): 5 section(s) not approved"));
    // `-o -` is stdout too.
    assert_eq!(stdout(&export(&r, &["--format", "md", "-o", "-"])), md);
}

#[test]
fn final_refuses_while_a_section_is_not_approved_and_writes_nothing() {
    let r = review_repo();
    let file = out_path(&r, "final.docx");
    let o = export(
        &r,
        &["--format", "docx", "--final", "-o", file.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("cannot be exported as final: 5 section(s) not approved"),
        "{err}"
    );
    assert!(err.contains("I.1 Thu ngân sách (pending)"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!file.exists());

    approve_all(&r);
    let said = ok(&export(
        &r,
        &["--format", "docx", "--final", "-o", file.to_str().unwrap()],
    ));
    assert!(!said.contains("DỰ THẢO"), "{said}");
    let parts = docx_parts(&file);
    assert!(
        parts
            .iter()
            .all(|(k, v)| !k.starts_with("word/header") || !v.contains("DỰ THẢO")),
        "an approved draft carries no mark"
    );
    let md = ok(&export(&r, &["--format", "md", "--final"]));
    assert!(!md.contains("DỰ THẢO"), "{md}");

    // One word changed: the approval is stale, and --final names the section.
    let text = common::review_draft_text().replace("78,4%", "79,4%");
    r.commit(
        "main",
        &[(REVIEW_DRAFT, &text)],
        &thang(),
        10,
        "Sửa số liệu",
    );
    let o = export(&r, &["--format", "md", "--final"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("1 section(s) not approved: I.2 Đầu tư công (stale)"),
        "{err}"
    );
    assert!(stdout(&o).is_empty());
}

#[test]
fn with_reviews_appends_the_review_state_as_status_says_it() {
    let r = review_repo();
    ok(&r.duyet_as(Some(&dung()), &["approve", "bao-cao", "thu-ngan-sach"]));
    ok(&r.duyet_as(Some(&hang()), &["approve", "bao-cao", "thu-ngan-sach"]));
    ok(&r.duyet_as(
        Some(&dung()),
        &[
            "request-changes",
            "bao-cao",
            "dau-tu-cong",
            "-m",
            "Thiếu số liệu quý IV",
        ],
    ));
    ok(&r.duyet_as(
        Some(&hang()),
        &["comment", "bao-cao", "giao-duc", "-m", "Ghi rõ năm học"],
    ));
    let md = ok(&export(&r, &["--format", "md", "--with-reviews"]));
    let annex = &md[md.find("## PHỤ LỤC").expect("the annex")..];
    assert!(annex.contains("Đã phê duyệt 1/5 mục."), "{annex}");
    let row = |number: &str| {
        annex
            .lines()
            .find(|l| l.starts_with(&format!("| {number} |")))
            .unwrap_or_else(|| panic!("no row {number} in {annex}"))
            .to_owned()
    };
    let thu = row("I.1");
    assert!(thu.contains("Phòng Tài chính - Kế hoạch"), "{thu}");
    assert!(thu.contains("| Đã phê duyệt |"), "{thu}");
    assert!(thu.contains("Hoàng Văn Dũng, Trần Thị Thu Hằng"), "{thu}");
    assert!(row("I.2").contains("| Yêu cầu chỉnh sửa |"));
    assert!(
        row("II.1").contains("| Chờ duyệt |  | 1 |"),
        "{}",
        row("II.1")
    );

    let html_file = out_path(&r, "r.html");
    ok(&export(
        &r,
        &[
            "--format",
            "html",
            "--with-reviews",
            "-o",
            html_file.to_str().unwrap(),
        ],
    ));
    let html = std::fs::read_to_string(&html_file).unwrap();
    assert!(html.contains("<section class=\"annex\">"));
    assert!(html.contains("Hoàng Văn Dũng, Trần Thị Thu Hằng"));

    let docx = out_path(&r, "r.docx");
    ok(&export(
        &r,
        &[
            "--format",
            "docx",
            "--with-reviews",
            "-o",
            docx.to_str().unwrap(),
        ],
    ));
    let doc = &docx_parts(&docx)["word/document.xml"];
    assert!(doc.contains("TÌNH TRẠNG DUYỆT CÁC MỤC CỦA DỰ THẢO"));
    assert!(
        doc.contains("<w:br w:type=\"page\" />"),
        "the annex starts a page"
    );
    assert!(doc.contains("Yêu cầu chỉnh sửa"));
}

#[test]
fn output_is_never_overwritten_without_force_and_docx_needs_a_file() {
    let r = review_repo();
    let file = out_path(&r, "x.html");
    std::fs::write(&file, "keep me").unwrap();
    let o = export(&r, &["--format", "html", "-o", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("exists; nothing was written"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("--force"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
    ok(&export(
        &r,
        &["--format", "html", "--force", "-o", file.to_str().unwrap()],
    ));
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );

    let o = export(&r, &["--format", "docx"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("-o FILE"));
    assert!(stdout(&o).is_empty());

    // Another revision, by path.
    let o = r.duyet_as(
        None,
        &[
            "export",
            REVIEW_DRAFT,
            "--rev",
            "no-such-branch",
            "--format",
            "md",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn help_says_export_in_both_languages() {
    let r = review_repo();
    let en = ok(&r.duyet_as(None, &["export", "--help"]));
    assert!(en.contains("Decree 30/2020"), "{en}");
    assert!(en.contains("--with-reviews"));
    assert!(en.contains("--final"));
    let vi = ok(&common::duyet_command_vi(r.home())
        .args(["export", "--help"])
        .output()
        .unwrap());
    assert!(vi.contains("Nghị định 30/2020"), "{vi}");
}

#[test]
fn without_duyet_yaml_the_export_is_marked_and_says_why() {
    let r = common::review_repo_with(None);
    let o = export(&r, &["--format", "md"]);
    assert!(ok(&o).starts_with("**DỰ THẢO**"));
    let err = stderr(&o);
    assert!(
        err.contains("no duyet.yaml on main, so no approval is counted"),
        "{err}"
    );
}
