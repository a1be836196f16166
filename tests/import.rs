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
