use super::*;
use crate::core::load_draft;

fn sample() -> Draft {
    let bytes = include_bytes!("../../../drafts/bao-cao-ubnd-tan-yen-2023.yaml");
    load_draft("sample", bytes).expect("the sample loads")
}

fn draft(yaml: &str) -> Draft {
    load_draft("test.yaml", yaml.as_bytes()).expect("the test draft loads")
}

const HEAD: &str = "schema: 1\nid: t\nissuing_body: UBND\ndocument_type: BÁO CÁO\nnumber: '1'\nplace_date: x\ntitle: T\n";

fn kinds(findings: &[Finding]) -> Vec<(&str, &str)> {
    findings
        .iter()
        .map(|f| (f.section.as_str(), f.issue.kind()))
        .collect()
}

/// The sample is a real report and keeps its real mistakes: lint finds
/// each of them, and says where.
#[test]
fn the_sample_reports_real_mistakes() {
    let found = lint(&sample(), &Rules::default());
    let has = |section: &str, kind: &str, words: &str| {
        found.iter().any(|f| {
            f.section == section
                && f.issue.kind() == kind
                && f.words.iter().any(|w| w.text == words)
        })
    };
    assert!(has("nhiem-vu-2024", "numbering-gap", "V"), "{found:#?}");
    assert!(has("danh-gia-nguyen-nhan", "numbering-duplicate", "2"));
    assert!(has(
        "_preamble",
        "period-length",
        "5 năm giai đoạn 2021-2026"
    ));
    assert!(has("danh-gia-uu-diem", "name-variant", "Ukraina"));
    assert!(has("_footnotes", "name-variant", "Lan Gối"));
    assert!(has("_footnotes", "misspelling", "Sát nhập"));
    assert!(has("dieu-hanh-ngan-sach-dau-tu", "misspelling", "XDCCB"));
    assert!(has("_signature", "tone-variant", "Khoá"));
    assert!(has("dieu-hanh-thuong-mai", "spacing", "2023 ;"));
    // A school year is no plan period written two ways.
    assert!(!found.iter().any(|f| f.issue.kind() == "period-variant"));
    // Positions are character offsets in the field they name.
    let ukraina = found
        .iter()
        .find(|f| f.issue.kind() == "name-variant")
        .expect("a name");
    let draft = sample();
    let body = &draft.section(&ukraina.section).expect("its section").body;
    let w = &ukraina.words[0];
    let at: String = body.chars().skip(w.start).take(w.end - w.start).collect();
    assert_eq!(at, w.text);
}

#[test]
fn numbering_styles_gaps_and_duplicates() {
    let yaml = format!(
        "{HEAD}sections:\n  - id: a\n    number: I\n    owner: vp\n    body: x\n    sections:\n      - {{id: a1, number: 'a', owner: vp, body: x}}\n      - {{id: a2, number: 'c', owner: vp, body: x}}\n      - {{id: a3, number: '4', owner: vp, body: x}}\n  - {{id: b, number: II, owner: vp, body: x}}\n  - {{id: c, number: II, owner: vp, body: x}}\n"
    );
    let found = lint(&draft(&yaml), &Rules::default());
    assert_eq!(
        kinds(&found),
        [
            ("a", "numbering-mixed"),
            ("a2", "numbering-gap"),
            ("c", "numbering-duplicate")
        ]
    );
    assert_eq!(found[1].message, "b missing before c");
}

#[test]
fn letters_c_and_d_are_letters_among_letters() {
    let yaml = format!(
        "{HEAD}sections:\n  - {{id: a, number: A, owner: vp, body: x}}\n  - {{id: b, number: B, owner: vp, body: x}}\n  - {{id: c, number: C, owner: vp, body: x}}\n  - {{id: d, number: D, owner: vp, body: x}}\n"
    );
    assert_eq!(kinds(&lint(&draft(&yaml), &Rules::default())), []);
}

#[test]
fn footnotes_unused_and_out_of_order() {
    let yaml = format!(
        "{HEAD}sections:\n  - {{id: a, owner: vp, body: 'x[^n3] y[^n1] z[^n2]'}}\nfootnotes:\n  - {{id: n1, text: one}}\n  - {{id: n2, text: two}}\n  - {{id: n3, text: three}}\n  - {{id: n4, text: four}}\n"
    );
    let found = lint(&draft(&yaml), &Rules::default());
    assert_eq!(
        kinds(&found),
        [("a", "footnote-order"), ("_footnotes", "footnote-unused")]
    );
    assert_eq!(found[0].words[0].text, "[^n3]");
    assert_eq!(
        found[0].message,
        "footnote [^n3] is cited 1st, but listed 3rd"
    );
    assert_eq!(found[1].message, "footnote [^n4] is never cited");
}

#[test]
fn dates_and_periods() {
    let yaml = format!(
        "{HEAD}sections:\n  - {{id: a, owner: vp, body: 'ngày 31/02/2023, ngày 30 tháng 4 năm 2023, ngày 29/02/2024, giai đoạn 2025-2021, 2021-2025, 2021-2025, 2021-2026'}}\n"
    );
    let found = lint(&draft(&yaml), &Rules::default());
    let words: Vec<(&str, &str)> = found
        .iter()
        .map(|f| (f.issue.kind(), f.words[0].text.as_str()))
        .collect();
    assert_eq!(
        words,
        [
            ("period-reversed", "2025-2021"),
            ("period-variant", "2021-2026"),
            ("impossible-date", "31/02/2023")
        ]
    );
}

#[test]
fn empty_sections_and_departments_without_reviewers() {
    let config = crate::core::config::Config::load(
        "duyet.yaml",
        "schema: 1\ndepartments:\n  - {id: vp, name: VP}\n  - {id: tp, name: TP}\npeople:\n  - {name: An, email: an@x.vn, department: vp, roles: [reviewer]}\nlint:\n  misspellings: {'khẩn chương': khẩn trương}\n"
            .as_bytes(),
    )
    .expect("the config loads");
    let yaml = format!(
        "{HEAD}sections:\n  - {{id: a, owner: vp, title: Trống}}\n  - {{id: b, owner: tp, body: Làm khẩn chương.}}\n"
    );
    let found = lint(
        &draft(&yaml),
        &Rules {
            config: Some(&config),
        },
    );
    assert_eq!(
        kinds(&found),
        [
            ("a", "empty-section"),
            ("b", "misspelling"),
            ("b", "no-reviewer")
        ]
    );
}

#[test]
fn keys_are_stable_and_ignore_positions() {
    let a = Finding::new(
        "s",
        Issue::EmptySection,
        vec![field_word("body", "ab cd", 0, 2)],
    );
    let b = Finding::new(
        "s",
        Issue::EmptySection,
        vec![field_word("body", "xx ab cd", 3, 5)],
    );
    assert_eq!(a.key, b.key);
    assert_eq!(a.key.len(), 12);
    let c = Finding::new(
        "t",
        Issue::EmptySection,
        vec![field_word("body", "ab cd", 0, 2)],
    );
    assert_ne!(a.key, c.key);
}

/// Lint is linear in the draft: thousands of sections and footnotes cited
/// in reverse, a run of twenty thousand capitalised words, places by the
/// hundred thousand; findings list a bounded number of places.
#[test]
fn a_hostile_draft_is_linted_in_bounded_work() {
    let mut yaml = format!("{HEAD}sections:\n");
    let n = 3000;
    for i in 0..n {
        yaml.push_str(&format!(
            "  - {{id: s{i}, number: '{}', owner: vp, body: 'Xã Lan Giớ{} [^f{}] kinh tế- xã hội'}}\n",
            i + 1,
            i % 7,
            n - 1 - i
        ));
    }
    yaml.push_str("  - id: long\n    owner: vp\n    body: '");
    yaml.push_str(&"Tân ".repeat(20_000));
    yaml.push_str(&"a- b hoá ".repeat(100_000));
    yaml.push_str(&"hóa ".repeat(100_001));
    yaml.push_str(&"sát nhập 2025-2021 ngày 31/02/2023 ".repeat(20_000));
    yaml.push_str("'\nfootnotes:\n");
    for i in 0..n {
        yaml.push_str(&format!("  - {{id: f{i}, text: chú thích {i}}}\n"));
    }
    let found = lint(&draft(&yaml), &Rules::default());
    let order = found
        .iter()
        .filter(|f| f.issue.kind() == "footnote-order")
        .count();
    assert_eq!(order, n - 1, "all but one are out of the listed order");
    for f in &found {
        assert!(
            f.words.len() <= 50,
            "{} lists {} places",
            f.issue.kind(),
            f.words.len()
        );
    }
}

/// `Issue::kind` is what `--json` names each finding by (serde's tag):
/// the two are written apart, so a test holds them together.
#[test]
fn every_kind_is_the_json_tag() {
    let mut found = lint(&sample(), &Rules::default());
    let yaml = format!(
        "{HEAD}sections:\n  - {{id: a, number: I, owner: vp, title: T}}\n  - {{id: b, number: '2', owner: vp, body: 'x[^n2] y[^n1] 2025-2021 31/02/2023 2021-2025 2021-2025 2021-2026'}}\nfootnotes:\n  - {{id: n1, text: one}}\n  - {{id: n2, text: two}}\n  - {{id: n3, text: three}}\n"
    );
    found.extend(lint(&draft(&yaml), &Rules::default()));
    let mut kinds: Vec<&str> = found.iter().map(|f| f.issue.kind()).collect();
    kinds.sort();
    kinds.dedup();
    assert!(kinds.len() >= 12, "{kinds:?}");
    for f in &found {
        let value = serde_json::to_value(&f.issue).expect("a finding serialises");
        assert_eq!(value["kind"], f.issue.kind());
    }
}
