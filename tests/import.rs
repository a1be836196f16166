//! `duyet import`, run as a person runs it: the seed report's text (a copy
//! of it, in a temporary folder) imported, checked, and compared with the
//! hand-made sample draft section for section; a .docx built with docx-rs
//! imported; bad input refused with the file named and a non-zero exit.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use duyet::core::{Draft, Section, load_draft};

const SEED: &str = "tests/fixtures/bao-cao-ubnd-tan-yen-2023.txt";
const SAMPLE: &str = "drafts/bao-cao-ubnd-tan-yen-2023.yaml";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Two imported drafts are the same, or the first line where their YAML
/// differs is shown.
fn assert_same(a: &Path, b: &Path) {
    let (a, b) = (
        std::fs::read_to_string(a).unwrap(),
        std::fs::read_to_string(b).unwrap(),
    );
    if let Some((n, (x, y))) = a
        .lines()
        .zip(b.lines())
        .enumerate()
        .find(|(_, (x, y))| x != y)
    {
        panic!("line {}:\n{x}\n{y}", n + 1);
    }
    assert_eq!(a.lines().count(), b.lines().count());
}

fn load(path: &Path) -> Draft {
    let bytes = std::fs::read(path).unwrap();
    load_draft(&path.display().to_string(), &bytes).unwrap()
}

/// Whitespace normalised, and each citation written as the text of the
/// footnote it names (so ids need not agree, only what they link).
fn words(text: &str, draft: &Draft) -> String {
    let mut out = text.to_owned();
    for f in &draft.footnotes {
        out = out.replace(&format!("[^{}]", f.id), &format!("[^{}]", f.text));
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A numbered section as the comparison sees it: its number and title, its
/// whole text (its body and its unnumbered subsections' bodies), the
/// footnotes it cites, its numbered children.
#[derive(Debug, PartialEq, Eq)]
struct Numbered {
    number: String,
    title: Option<String>,
    text: String,
    footnotes: BTreeSet<String>,
    children: Vec<Numbered>,
}

fn numbered(sections: &[Section], draft: &Draft) -> Vec<Numbered> {
    sections
        .iter()
        .map(|s| {
            let mut bodies = Vec::new();
            let mut children = Vec::new();
            gather(s, draft, &mut bodies, &mut children);
            let footnotes = duyet::core::text::footnote_refs(&bodies.join("\n"))
                .filter_map(|(_, id)| draft.footnote(id))
                .map(|f| f.text.clone())
                .collect();
            Numbered {
                number: s.number.clone(),
                title: s.title.clone(),
                text: words(&bodies.join("\n\n"), draft),
                footnotes,
                children,
            }
        })
        .collect()
}

fn gather(s: &Section, draft: &Draft, bodies: &mut Vec<String>, children: &mut Vec<Numbered>) {
    bodies.push(s.body.clone());
    for child in &s.sections {
        if child.number.is_empty() {
            bodies.extend(child.title.clone());
            gather(child, draft, bodies, children);
        } else {
            children.extend(numbered(std::slice::from_ref(child), draft));
        }
    }
}

/// Prints where two trees first differ (the whole tree is too long to read).
fn first_difference(a: &[Numbered], b: &[Numbered], path: &str) -> Option<String> {
    if a.len() != b.len() {
        let numbers = |v: &[Numbered]| v.iter().map(|n| n.number.clone()).collect::<Vec<_>>();
        return Some(format!("{path}: {:?} vs {:?}", numbers(a), numbers(b)));
    }
    for (x, y) in a.iter().zip(b) {
        let here = format!("{path}.{}", x.number);
        if (&x.number, &x.title) != (&y.number, &y.title) {
            return Some(format!(
                "{here}: {:?} {:?} vs {:?} {:?}",
                x.number, x.title, y.number, y.title
            ));
        }
        if x.text != y.text {
            let at = x
                .text
                .chars()
                .zip(y.text.chars())
                .take_while(|(p, q)| p == q)
                .count();
            let show = |t: &str| {
                t.chars()
                    .skip(at.saturating_sub(40))
                    .take(120)
                    .collect::<String>()
            };
            return Some(format!(
                "{here} text differs at {at}:\n  imported: {}\n  sample:   {}",
                show(&x.text),
                show(&y.text)
            ));
        }
        if x.footnotes != y.footnotes {
            return Some(format!(
                "{here} footnotes: {:?} vs {:?}",
                x.footnotes, y.footnotes
            ));
        }
        if let Some(d) = first_difference(&x.children, &y.children, &here) {
            return Some(d);
        }
    }
    None
}

#[test]
fn the_seed_report_imports_as_the_hand_made_sample() {
    let home = tempfile::tempdir().unwrap();
    let copy = home.path().join("bao-cao.txt");
    std::fs::copy(root().join(SEED), &copy).unwrap();
    let out = common::duyet_command(home.path())
        .args([
            "import",
            "bao-cao.txt",
            "-o",
            "drafts/bao-cao-ubnd-tan-yen-2023.yaml",
        ])
        .output()
        .unwrap();
    let said = common::ok(&out);
    assert!(said.contains("17 sections, 6 footnotes"), "{said}");
    let err = common::stderr(&out);
    // What it could not decide, with the line: the issuing body the
    // extraction lost, two paragraphs rejoined across a page break before a
    // capital, the numbers the original gets wrong (kept).
    for expected in [
        "bao-cao.txt:3: warning: no issuing body",
        "bao-cao.txt:61: warning: joined to the paragraph at line 57",
        "bao-cao.txt:71: warning: joined to the paragraph at line 67",
        "bao-cao.txt:135: warning: heading number `2` is out of sequence (expected `3`)",
        "bao-cao.txt:145: warning: heading number `V` is out of sequence (expected `III`)",
        "every section is owned by van-phong",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    let written = home.path().join("drafts/bao-cao-ubnd-tan-yen-2023.yaml");
    common::ok(
        &common::duyet_command(home.path())
            .args(["check"])
            .arg(&written)
            .output()
            .unwrap(),
    );

    let imported = load(&written);
    let sample = load(&root().join(SAMPLE));
    let (a, b) = (
        numbered(&imported.sections, &imported),
        numbered(&sample.sections, &sample),
    );
    if let Some(d) = first_difference(&a, &b, "") {
        panic!("{d}");
    }
    assert_eq!(a, b);
    assert_eq!(imported.title, sample.title);
    assert_eq!(imported.document_type, sample.document_type);
    assert_eq!(
        words(&imported.preamble, &imported),
        words(&sample.preamble, &sample)
    );
    assert_eq!(
        words(&imported.closing, &imported),
        words(&sample.closing, &sample)
    );
    assert_eq!(imported.signature, sample.signature);
    assert_eq!(imported.recipients, sample.recipients);
    let texts = |d: &Draft| {
        d.footnotes
            .iter()
            .map(|f| f.text.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(texts(&imported), texts(&sample));
    // The header as the text has it (the extraction lost the blanks left
    // for the number and the day, and the issuing body).
    assert_eq!(imported.number, "Số:/BC-UBND");
    assert_eq!(imported.place_date, "Tân Yên, ngàytháng 12 năm 2023");
    assert_eq!(imported.issuing_body, "");
}

/// A .docx of `paragraphs`, one paragraph each (a line break inside one is
/// a `<w:br/>`), built with docx-rs's writer; `footnote` adds a footnote
/// at the end of that paragraph.
fn docx(paragraphs: &[&str], footnote: Option<usize>) -> Vec<u8> {
    use docx_rs::{Docx, Footnote, Paragraph, Run};
    let mut doc = Docx::new();
    for (i, text) in paragraphs.iter().enumerate() {
        let mut run = Run::new();
        for (k, line) in text.split('\n').enumerate() {
            if k > 0 {
                run = run.add_break(docx_rs::BreakType::TextWrapping);
            }
            run = run.add_text(line);
        }
        let mut p = Paragraph::new().add_run(run);
        if footnote == Some(i) {
            p = p.add_run(
                Run::new().add_footnote_reference(
                    Footnote::new()
                        .add_content(Paragraph::new().add_run(Run::new().add_text("Ghi chú"))),
                ),
            );
        }
        doc = doc.add_paragraph(p);
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).unwrap();
    out.into_inner()
}

#[test]
fn the_seed_hard_wrapped_as_an_e_mail_imports_as_it_does_unwrapped() {
    let home = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(SEED)).unwrap();
    let mut wrapped = String::new();
    for line in text.lines() {
        let mut width = 0;
        for (i, word) in line.split(' ').enumerate() {
            if i > 0 && width + 1 + word.chars().count() > 72 {
                wrapped.push('\n');
                width = 0;
            } else if i > 0 {
                wrapped.push(' ');
                width += 1;
            }
            wrapped.push_str(word);
            width += word.chars().count();
        }
        wrapped.push('\n');
    }
    assert!(wrapped.lines().count() > 400);
    std::fs::write(home.path().join("wrapped.txt"), wrapped).unwrap();
    std::fs::copy(root().join(SEED), home.path().join("bao-cao.txt")).unwrap();
    for (from, to) in [
        ("wrapped.txt", "a/bao-cao.yaml"),
        ("bao-cao.txt", "b/bao-cao.yaml"),
    ] {
        common::ok(
            &common::duyet_command(home.path())
                .args(["import", from, "-o", to])
                .output()
                .unwrap(),
        );
    }
    assert_same(
        &home.path().join("a/bao-cao.yaml"),
        &home.path().join("b/bao-cao.yaml"),
    );
}

#[test]
fn a_docx_of_the_seed_imports_as_its_text_does() {
    let home = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(SEED)).unwrap();
    let paragraphs: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    std::fs::write(home.path().join("bao-cao.docx"), docx(&paragraphs, None)).unwrap();
    std::fs::copy(root().join(SEED), home.path().join("bao-cao.txt")).unwrap();
    for (from, to) in [
        ("bao-cao.docx", "a/bao-cao.yaml"),
        ("bao-cao.txt", "b/bao-cao.yaml"),
    ] {
        common::ok(
            &common::duyet_command(home.path())
                .args(["import", from, "-o", to])
                .output()
                .unwrap(),
        );
    }
    assert_same(
        &home.path().join("a/bao-cao.yaml"),
        &home.path().join("b/bao-cao.yaml"),
    );
}

#[test]
fn a_small_docx_is_imported_with_its_footnote_and_notes_by_paragraph() {
    let home = tempfile::tempdir().unwrap();
    let bytes = docx(
        &[
            "ỦY BAN NHÂN DÂN\nHUYỆN TÂN YÊN",
            "Số: 7/BC-UBND",
            "Tân Yên, ngày 2 tháng 12 năm 2026",
            "BÁO CÁO",
            "Kết quả tháng 11",
            "I. KẾT QUẢ",
            "Thu ngân sách đạt kế hoạch.",
            "III. NHIỆM VỤ",
            "Tiếp tục.",
            "Nơi nhận:\n- UBND tỉnh;\n- Lưu: VT.",
            "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
            "Nguyễn Văn A",
        ],
        Some(6),
    );
    std::fs::write(home.path().join("thang-11.docx"), bytes).unwrap();
    let out = common::duyet_command(home.path())
        .args(["import", "thang-11.docx"])
        .output()
        .unwrap();
    let yaml = common::ok(&out);
    let draft = load_draft("-", yaml.as_bytes()).unwrap();
    assert_eq!(draft.id, "thang-11");
    assert_eq!(draft.issuing_body, "ỦY BAN NHÂN DÂN HUYỆN TÂN YÊN");
    assert_eq!(draft.sections.len(), 2);
    assert_eq!(draft.sections[0].body, "Thu ngân sách đạt kế hoạch.[^fn-1]");
    assert_eq!(draft.footnotes[0].text, "Ghi chú");
    assert_eq!(draft.recipients, ["UBND tỉnh;", "Lưu: VT."]);
    assert_eq!(draft.signature.unwrap().signer, "Nguyễn Văn A");
    let err = common::stderr(&out);
    assert!(err.contains("thang-11.docx, paragraph 8: warning: heading number `III` is out of sequence (expected `II`)"), "{err}");
    assert!(!err.contains("footnote"), "{err}");
}

#[test]
fn footnotes_a_docx_holds_where_they_cannot_be_read_are_said() {
    let home = tempfile::tempdir().unwrap();
    let rel = "http://schemas.openxmlformats.org/package/2006/relationships";
    let parts = [
        ("[Content_Types].xml", r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>"#.to_owned()),
        ("_rels/.rels", format!(r#"<Relationships xmlns="{rel}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#)),
        ("word/_rels/document.xml.rels", format!(r#"<Relationships xmlns="{rel}"></Relationships>"#)),
        ("word/document.xml", r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Đoạn một.</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p></w:body></w:document>"#.to_owned()),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, text.as_bytes()).unwrap();
    }
    std::fs::write(
        home.path().join("r.docx"),
        zip.finish().unwrap().into_inner(),
    )
    .unwrap();
    let out = common::duyet_command(home.path())
        .args(["import", "r.docx"])
        .output()
        .unwrap();
    let draft = load_draft("-", common::ok(&out).as_bytes()).unwrap();
    assert_eq!(draft.preamble, "Đoạn một.");
    let err = common::stderr(&out);
    assert!(
        err.contains(
            "r.docx, paragraph 1: warning: the .docx has 1 footnote(s) but they could not be read"
        ),
        "{err}"
    );
}

/// Runs `duyet import ARGS` in `home`, expecting a failure that names `file`.
fn refused(home: &Path, args: &[&str], file: &str) -> String {
    let out = common::duyet_command(home)
        .arg("import")
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{args:?}: {}",
        common::stdout(&out)
    );
    let err = common::stderr(&out);
    assert!(err.contains(file), "{err}");
    assert!(!err.contains("internal error"), "{err}");
    err
}

#[test]
fn bad_files_are_refused_with_their_name_and_nothing_is_written() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    // A zip bomb: 80 MB of zeros in a few kilobytes.
    let mut bomb = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    bomb.start_file("word/document.xml", deflated).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..80 {
        std::io::Write::write_all(&mut bomb, &zeros).unwrap();
    }
    let bomb = bomb.finish().unwrap().into_inner();
    assert!(bomb.len() < 200_000, "{}", bomb.len());
    std::fs::write(h.join("bomb.docx"), &bomb).unwrap();
    let err = refused(h, &["bomb.docx", "-o", "out.yaml"], "bomb.docx");
    assert!(err.contains("inflates to more than"), "{err}");
    // Not a zip; half a .docx; a zip without a document.
    std::fs::write(h.join("text.docx"), "BÁO CÁO").unwrap();
    let err = refused(h, &["text.docx", "-o", "out.yaml"], "text.docx");
    assert!(err.contains("not a .docx"), "{err}");
    let whole = docx(&["BÁO CÁO", "Tiêu đề", "Đoạn văn."], None);
    std::fs::write(h.join("half.docx"), &whole[..whole.len() / 2]).unwrap();
    refused(h, &["half.docx", "-o", "out.yaml"], "half.docx");
    let mut empty = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    empty.start_file("a.txt", deflated).unwrap();
    std::fs::write(h.join("empty.docx"), empty.finish().unwrap().into_inner()).unwrap();
    let err = refused(h, &["empty.docx", "-o", "out.yaml"], "empty.docx");
    assert!(err.contains("word/document.xml"), "{err}");
    // XML cut short (docx-rs's reader would never return) and XML nested
    // without end (it would overflow its stack).
    for (name, xml, said) in [
        (
            "cut.docx",
            "<w:document><w:body><w:p><w:r><w:t>BÁO".to_owned(),
            "ends before its elements close",
        ),
        (
            "deep.docx",
            "<w:p>".repeat(5000),
            "nests its XML more than 100 deep",
        ),
    ] {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("word/document.xml", deflated).unwrap();
        std::io::Write::write_all(&mut zip, xml.as_bytes()).unwrap();
        std::fs::write(h.join(name), zip.finish().unwrap().into_inner()).unwrap();
        let err = refused(h, &[name, "-o", "out.yaml"], name);
        assert!(err.contains(said), "{err}");
    }
    // Text that is not UTF-8, and text over the size limit (not read).
    std::fs::write(h.join("latin1.txt"), b"B\xC1O C\xC1O\nx").unwrap();
    let err = refused(h, &["latin1.txt", "-o", "out.yaml"], "latin1.txt");
    assert!(err.contains("byte 0xc1 at offset 1 (line 1)"), "{err}");
    let big = std::fs::File::create(h.join("big.txt")).unwrap();
    big.set_len(9 * 1024 * 1024).unwrap();
    let err = refused(h, &["big.txt", "-o", "out.yaml"], "big.txt");
    assert!(err.contains("more than"), "{err}");
    assert!(!h.join("out.yaml").exists());
}

#[test]
fn the_output_is_never_overwritten_without_force_and_bom_crlf_tabs_and_page_breaks_are_read() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    std::fs::write(
        h.join("r.txt"),
        "\u{FEFF}BÁO CÁO\r\n\r\nTiêu đề\r\n\r\nI.\tKẾT QUẢ\r\n\r\nĐoạn bị\u{c}\r\nngắt trang.\r\n",
    )
    .unwrap();
    std::fs::write(h.join("r.yaml"), "keep").unwrap();
    let err = refused(h, &["r.txt", "-o", "r.yaml"], "r.yaml");
    assert!(err.contains("exists"), "{err}");
    assert_eq!(std::fs::read_to_string(h.join("r.yaml")).unwrap(), "keep");
    let out = common::duyet_command(h)
        .args([
            "import",
            "r.txt",
            "-o",
            "r.yaml",
            "--force",
            "--owner",
            "phong-tai-chinh",
        ])
        .output()
        .unwrap();
    common::ok(&out);
    assert!(common::stderr(&out).contains("owned by phong-tai-chinh (from --owner)"));
    let draft = load(&h.join("r.yaml"));
    assert_eq!(draft.title, "Tiêu đề");
    assert_eq!(draft.sections[0].title.as_deref(), Some("KẾT QUẢ"));
    assert_eq!(draft.sections[0].body, "Đoạn bị ngắt trang.");
    assert_eq!(draft.sections[0].owner, "phong-tai-chinh");
    // In Vietnamese by default.
    let out = common::duyet_command_vi(h)
        .args(["import", "r.txt"])
        .output()
        .unwrap();
    common::ok(&out);
    assert!(
        common::stderr(&out).contains("r.txt:1: cảnh báo: không thấy tên cơ quan ban hành"),
        "{}",
        common::stderr(&out)
    );
    // Restricted mode reads no file outside the repository.
    let out = common::duyet_command(h)
        .args(["--restricted", "import", "r.txt"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(common::stderr(&out).contains("restricted mode"));
}

#[test]
fn the_owner_is_the_office_of_the_repositorys_duyet_yaml() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let repo = h.join("repo");
    common::ok(
        &common::duyet_command(h)
            .args(["demo", repo.to_str().unwrap(), "--no-tui"])
            .output()
            .unwrap(),
    );
    std::fs::copy(root().join(SEED), h.join("bao-cao.txt")).unwrap();
    let out = common::duyet_command(h)
        .args(["--repo", repo.to_str().unwrap(), "import", "bao-cao.txt"])
        .output()
        .unwrap();
    common::ok(&out);
    assert!(
        common::stderr(&out).contains("owned by van-phong (the office, from duyet.yaml)"),
        "{}",
        common::stderr(&out)
    );
    let out = common::duyet_command(h)
        .args([
            "--repo",
            repo.to_str().unwrap(),
            "import",
            "bao-cao.txt",
            "--owner",
            "khong-co",
        ])
        .output()
        .unwrap();
    common::ok(&out);
    assert!(common::stderr(&out).contains("khong-co is no department of duyet.yaml"));
}
