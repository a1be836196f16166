//! Loading drafts: what is accepted, what is refused and where the message
//! points, normalisation, and the canonical writer's round trip.

mod common;

use common::{HEAD, Lcg, load_err, load_ok, yaml};
use duyet::core::load::{MAX_DEPTH, MAX_DRAFT_BYTES};
use duyet::core::yaml::write_draft;
use duyet::core::{Diagnostic, Draft, load_draft};

/// The single diagnostic of a refused draft.
fn only(src: &str) -> Diagnostic {
    let e = load_err(src);
    assert_eq!(
        e.diagnostics.len(),
        1,
        "expected one problem, got:\n{e}\n--- source ---\n{src}"
    );
    e.diagnostics.into_iter().next().unwrap()
}

fn assert_at(d: &Diagnostic, line: usize, column: usize, needles: &[&str]) {
    assert_eq!(
        (d.line, d.column),
        (line, column),
        "wrong position for: {}",
        d.message
    );
    for n in needles {
        assert!(
            d.message.contains(n),
            "message {:?} should mention {n:?}",
            d.message
        );
    }
}

const ONE_SECTION: &str = "sections:
  - id: ket-qua
    number: I
    title: KẾT QUẢ ĐẠT ĐƯỢC
    owner: van-phong
    body: |
      Tổng thu ngân sách đạt 412,5 tỷ đồng.
";

// ---------------------------------------------------------------- accepted

#[test]
fn minimal_draft_loads() {
    let d = load_ok(&yaml(ONE_SECTION));
    assert_eq!(d.schema, 1);
    assert_eq!(d.id, "bao-cao-thu");
    assert_eq!(d.issuing_body, "ỦY BAN NHÂN DÂN HUYỆN TÂN YÊN");
    assert_eq!(d.number, "Số:      /BC-UBND");
    assert_eq!(d.sections.len(), 1);
    let s = &d.sections[0];
    assert_eq!(s.id, "ket-qua");
    assert_eq!(s.number, "I");
    assert_eq!(s.title.as_deref(), Some("KẾT QUẢ ĐẠT ĐƯỢC"));
    assert_eq!(s.owner, "van-phong");
    // The block scalar's final newline is not part of the text.
    assert_eq!(s.body, "Tổng thu ngân sách đạt 412,5 tỷ đồng.");
    assert!(d.footnotes.is_empty() && d.signature.is_none() && d.recipients.is_empty());
}

#[test]
fn empty_section_list_is_a_valid_draft() {
    let d = load_ok(&yaml("sections: []\n"));
    assert!(d.sections.is_empty());
}

#[test]
fn section_may_have_only_a_body_or_only_a_title() {
    let d = load_ok(&yaml(
        "sections:
  - id: chi-tieu
    owner: van-phong
    body: Một đoạn không có tiêu đề.
  - id: muc-rong
    title: Chỉ có tiêu đề
    owner: van-phong
",
    ));
    assert_eq!(d.sections[0].title, None);
    assert_eq!(d.sections[0].label(), "Một đoạn không có tiêu đề.");
    assert_eq!(d.sections[1].body, "");
}

#[test]
fn byte_order_mark_is_dropped() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(yaml(ONE_SECTION).as_bytes());
    let d = load_draft("bom.yaml", &bytes).expect("a BOM is accepted");
    assert_eq!(d, load_ok(&yaml(ONE_SECTION)));
    assert_eq!(d.schema, 1);
}

#[test]
fn decomposed_vietnamese_is_normalised_to_nfc() {
    // "Việt Nam" and "Tân Yên" typed with combining marks (NFD).
    let nfd_title = "Vie\u{0302}\u{0323}t Nam";
    let nfd_body = "Ta\u{0302}n Ye\u{0302}n ta\u{0306}ng tru\u{031B}o\u{031B}\u{0309}ng";
    assert_ne!(nfd_title, "Việt Nam");
    let src = yaml(&format!(
        "sections:\n  - id: a\n    title: {nfd_title}\n    owner: o\n    body: {nfd_body}\nfootnotes:\n  - id: f\n    text: \"Ghi chu\u{0301}\"\nrecipients:\n  - \"Lu\u{031B}u: VT.\"\n"
    ));
    let d = load_ok(&src);
    assert_eq!(d.sections[0].title.as_deref(), Some("Việt Nam"));
    assert_eq!(d.sections[0].body, "Tân Yên tăng trưởng");
    assert_eq!(d.footnotes[0].text, "Ghi chú");
    assert_eq!(d.recipients, ["Lưu: VT."]);
    // Same draft as typed in NFC.
    let nfc = load_ok(&yaml(
        "sections:\n  - id: a\n    title: Việt Nam\n    owner: o\n    body: Tân Yên tăng trưởng\nfootnotes:\n  - id: f\n    text: \"Ghi chú\"\nrecipients:\n  - \"Lưu: VT.\"\n",
    ));
    assert_eq!(d, nfc);
}

#[test]
fn numbers_written_without_quotes_are_text_as_written() {
    let with_number = |n: &str| {
        let d = load_ok(&yaml(&format!(
            "sections:\n  - id: a\n    number: {n}\n    title: {n}\n    owner: o\n"
        )));
        (d.sections[0].number.clone(), d.sections[0].title.clone())
    };
    assert_eq!(with_number("1"), ("1".into(), Some("1".into())));
    // Read as the characters written, never as a number re-printed.
    assert_eq!(with_number("1.10"), ("1.10".into(), Some("1.10".into())));
    assert_eq!(with_number("2.50"), ("2.50".into(), Some("2.50".into())));
    assert_eq!(with_number("010"), ("010".into(), Some("010".into())));
    assert_eq!(with_number("1e3"), ("1e3".into(), Some("1e3".into())));
    assert_eq!(with_number("true"), ("true".into(), Some("true".into())));
    assert_eq!(with_number("2023"), ("2023".into(), Some("2023".into())));
    // A null is no number and no title.
    let d = load_ok(&yaml(
        "sections:\n  - id: a\n    number: ~\n    title: null\n    owner: o\n    body: x\n",
    ));
    assert_eq!(d.sections[0].number, "");
    assert_eq!(d.sections[0].title, None);
}

#[test]
fn windows_line_endings_load_the_same() {
    let unix = yaml(ONE_SECTION);
    let windows = unix.replace('\n', "\r\n");
    assert_eq!(load_ok(&windows), load_ok(&unix));
    // Positions are the same too.
    let bad = yaml("sections:\n  - id: a\n    owner: o\n").replace('\n', "\r\n");
    assert_at(&only(&bad), 9, 5, &["neither"]);
}

#[test]
fn text_is_tidied() {
    let d = load_ok(&yaml(
        "preamble: \"Đoạn một.   \\nvẫn đoạn một.\\n\\n\\n\\nĐoạn hai.\\n\\n\"
sections:
  - id: a
    title: '  Tiêu đề có khoảng trắng  '
    owner: o
    body: |
      Dòng một

      Dòng hai


closing: |
  Trên đây là báo cáo.
",
    ));
    assert_eq!(d.preamble, "Đoạn một.\nvẫn đoạn một.\n\nĐoạn hai.");
    assert_eq!(
        d.sections[0].title.as_deref(),
        Some("Tiêu đề có khoảng trắng")
    );
    assert_eq!(d.sections[0].body, "Dòng một\n\nDòng hai");
    assert_eq!(d.closing, "Trên đây là báo cáo.");
}

#[test]
fn full_example_of_the_format_document_loads() {
    let src = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/draft-format.md"))
        .unwrap();
    let start = src.find("```yaml\n").expect("an example") + 8;
    let end = start + src[start..].find("```").unwrap();
    // The example elides a body with "…"; that is still valid text.
    let d = load_ok(&src[start..end]);
    assert_eq!(d.id, "bao-cao-thang-11-2026");
    assert_eq!(d.sections[0].sections[0].id, "ket-qua-kinh-te");
    assert_eq!(d.footnotes[0].id, "fn-thu-ngan-sach");
    assert_eq!(d.recipients.len(), 2);
    assert_eq!(d.signature.as_ref().unwrap().signer, "Nguyễn Văn A");
}

// ---------------------------------------------------------------- refused, with positions

#[test]
fn unknown_top_level_key() {
    let d = only(&yaml("tittle: x\nsections: []\n"));
    assert_at(
        &d,
        8,
        1,
        &["unknown key `tittle`", "expected one of", "`title`"],
    );
}

#[test]
fn unknown_key_in_a_nested_section() {
    let d = only(&yaml(
        "sections:
  - id: a
    title: A
    owner: o
    sections:
      - id: b
        tittle: B
        owner: o
",
    ));
    assert_at(
        &d,
        14,
        9,
        &[
            "sections[0].sections[0]",
            "unknown key `tittle`",
            "expected one of `id`, `number`, `title`, `owner`, `body`, `sections`",
        ],
    );
}

#[test]
fn sections_of_the_wrong_type() {
    let d = only(&yaml("sections: hello\n"));
    assert_at(
        &d,
        8,
        11,
        &["sections", "wrong type", "\"hello\"", "sequence"],
    );
}

#[test]
fn title_of_the_wrong_type() {
    let src =
        HEAD.replace("title: Tình hình kinh tế - xã hội tháng 11", "title: [a]") + "sections: []\n";
    let d = only(&src);
    assert_at(
        &d,
        7,
        8,
        &["title", "wrong type", "sequence", "expected text"],
    );
}

#[test]
fn section_title_of_the_wrong_type() {
    let d = only(&yaml(
        "sections:\n  - id: a\n    title:\n      nested: map\n    owner: o\n",
    ));
    assert_at(&d, 11, 7, &["sections[0].title", "wrong type", "map"]);
}

#[test]
fn section_without_id() {
    let d = only(&yaml("sections:\n  - title: A\n    owner: o\n"));
    assert_at(&d, 9, 5, &["sections[0]", "missing key `id`"]);
    let nested = only(&yaml(
        "sections:\n  - id: a\n    title: A\n    owner: o\n    sections:\n      - title: B\n        owner: o\n",
    ));
    assert_at(
        &nested,
        13,
        9,
        &["sections[0].sections[0]", "missing key `id`"],
    );
}

#[test]
fn missing_top_level_key() {
    let src = HEAD.replace("document_type: BÁO CÁO\n", "") + "sections: []\n";
    let d = only(&src);
    assert!(d.message.contains("missing key `document_type`"), "{d:?}");
}

#[test]
fn section_with_neither_title_nor_body() {
    let d = only(&yaml(
        "sections:\n  - id: a\n    title: A\n    owner: o\n  - id: rong\n    number: '2'\n    owner: o\n",
    ));
    assert_at(&d, 12, 5, &["`rong`", "neither `title` nor `body`"]);
}

#[test]
fn duplicate_section_id_points_at_the_second_and_names_the_first() {
    let d = only(&yaml(
        "sections:
  - id: kinh-te
    title: A
    owner: o
  - id: xa-hoi
    title: B
    owner: o
    sections:
      - id: kinh-te
        title: C
        owner: o
",
    ));
    assert_at(
        &d,
        16,
        9,
        &["duplicate section id `kinh-te`", "first defined at line 9"],
    );
}

#[test]
fn each_repeated_section_id_is_reported_at_its_own_line() {
    let e = load_err(&yaml(
        "sections:
  - id: a
    title: A
    owner: o
  - id: a
    title: B
    owner: o
  - id: a
    title: C
    owner: o
",
    ));
    let at: Vec<_> = e.diagnostics.iter().map(|d| (d.line, d.column)).collect();
    assert_eq!(at, [(12, 5), (15, 5)], "{e}");
    for d in &e.diagnostics {
        assert!(d.message.contains("first defined at line 9"), "{d:?}");
    }
}

#[test]
fn section_problems_point_at_the_section_not_at_the_draft_id() {
    // The section's id happens to equal the draft's id (`bao-cao-thu`, line 2).
    let d = only(&yaml("sections:\n  - id: bao-cao-thu\n    owner: o\n"));
    assert_at(&d, 9, 5, &["`bao-cao-thu`", "neither"]);
}

#[test]
fn positions_are_right_when_footnotes_come_before_sections() {
    let e = load_err(&yaml(
        "footnotes:
  - id: f
    text: Ghi chú
  - id: f
    text: Ghi chú khác
sections:
  - id: a
    owner: o
  - id: f
    owner: o
",
    ));
    let found: Vec<_> = e
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.line,
                d.column,
                d.message.split(' ').take(2).collect::<Vec<_>>().join(" "),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (11, 5, "duplicate footnote".to_owned()),
            (14, 5, "section `a`".to_owned()),
            (16, 5, "section `f`".to_owned()),
        ],
        "{e}"
    );
}

#[test]
fn quoted_id_keys_are_found() {
    let d = only(&yaml(
        "sections:\n  - 'id': 'a'\n    title: A\n    owner: o\n  - \"id\": \"a\"\n    title: B\n    owner: o\n",
    ));
    assert_at(
        &d,
        12,
        5,
        &["duplicate section id `a`", "first defined at line 9"],
    );
}

#[test]
fn cited_footnote_must_exist() {
    let d = only(&yaml(
        "sections:
  - id: a
    title: A
    owner: o
    body: |
      Tổng thu ngân sách[^fn-thu] đạt 412,5 tỷ đồng.
footnotes:
  - id: fn-chi
    text: Chi ngân sách.
",
    ));
    assert_at(
        &d,
        13,
        25,
        &["`[^fn-thu]`", "no footnote with id `fn-thu`", "footnotes:"],
    );
}

#[test]
fn footnotes_cited_from_anywhere_are_checked() {
    // Title, preamble, closing and another footnote's text.
    let e = load_err(&yaml(
        "preamble: Mở đầu[^p]\nsections:\n  - id: a\n    title: A[^t]\n    owner: o\nclosing: Kết[^c]\nfootnotes:\n  - id: f\n    text: Xem[^g]\n",
    ));
    let ids: Vec<_> = e
        .diagnostics
        .iter()
        .map(|d| d.message.split('`').nth(1).unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["[^p]", "[^t]", "[^c]", "[^g]"], "{e}");
}

#[test]
fn duplicate_and_invalid_footnote_ids() {
    let e = load_err(&yaml(
        "sections:\n  - id: a\n    title: A[^f]\n    owner: o\nfootnotes:\n  - id: f\n    text: Một\n  - id: f\n    text: Hai\n  - id: chú thích\n    text: Ba\n",
    ));
    let at: Vec<_> = e.diagnostics.iter().map(|d| (d.line, d.column)).collect();
    assert_eq!(at, [(15, 5), (17, 5)], "{e}");
    assert!(
        e.diagnostics[0]
            .message
            .contains("duplicate footnote id `f`")
    );
    assert!(
        e.diagnostics[1]
            .message
            .contains("footnote id `chú thích` is not valid")
    );
}

#[test]
fn tab_characters_are_refused_where_they_are() {
    let src = yaml("sections:\n  - id: a\n    title: Tổng\tthu\n    owner: o\n");
    let d = only(&src);
    assert_at(&d, 10, 16, &["tab character", "spaces"]);
    // An indentation tab too, and every one is listed.
    let e = load_err(&yaml("sections:\n\t- id: a\n  - id: b\t\n"));
    let at: Vec<_> = e.diagnostics.iter().map(|d| (d.line, d.column)).collect();
    assert_eq!(at, [(9, 1), (10, 10)]);
}

#[test]
fn many_tabs_are_capped_with_a_count() {
    let src = yaml(&"x:\t1\n".repeat(30));
    let e = load_err(&src);
    assert_eq!(e.diagnostics.len(), 21);
    assert!(e.diagnostics[20].message.contains("and 10 more"), "{e}");
}

#[test]
fn invalid_utf8_points_at_the_bad_byte() {
    let mut bytes = HEAD.as_bytes().to_vec();
    // Line 8: "sections:" … line 10 column 12 is the bad byte, after "    title: Tổ"
    // would be 13 characters; here the bad byte follows "    title: ồ" (12 chars).
    bytes.extend_from_slice("sections:\n  - id: a\n    title: ồ".as_bytes());
    bytes.push(0xFF);
    bytes.extend_from_slice(b"x\n    owner: o\n");
    let e = load_draft("bad.yaml", &bytes).unwrap_err();
    assert_eq!(e.diagnostics.len(), 1);
    assert_at(
        &e.diagnostics[0],
        10,
        13,
        &["invalid UTF-8", "0xFF", "UTF-8"],
    );
    assert_eq!(
        e.to_string(),
        format!("bad.yaml:10:13: {}", e.diagnostics[0].message)
    );
    // Latin-1 "Việt" (a common mis-save) on the first line.
    let e = load_draft("latin1.yaml", b"title: Vi\xEAt\n").unwrap_err();
    assert_at(&e.diagnostics[0], 1, 10, &["0xEA"]);
    // Truncated multi-byte sequence at the very end.
    let e = load_draft("cut.yaml", b"title: \xE1\xBB").unwrap_err();
    assert_at(&e.diagnostics[0], 1, 8, &["invalid UTF-8"]);
}

#[test]
fn oversized_file_is_refused_before_parsing() {
    let mut src = yaml(ONE_SECTION).into_bytes();
    src.resize(MAX_DRAFT_BYTES + 1, b' ');
    let d = load_draft("big.yaml", &src).unwrap_err();
    assert_eq!(d.diagnostics.len(), 1);
    assert_at(
        &d.diagnostics[0],
        1,
        1,
        &[&format!("{}", MAX_DRAFT_BYTES + 1), "limit", "8 MiB"],
    );
    // Exactly at the limit is fine (trailing spaces are just whitespace).
    src.truncate(MAX_DRAFT_BYTES);
    assert!(load_draft("big.yaml", &src).is_ok());
}

#[test]
fn invalid_ids_are_refused() {
    let e = load_err(&yaml(
        "sections:
  - id: kết-quả
    title: A
    owner: van-phong
  - id: ket qua
    title: B
    owner: van-phong
  - id: ok
    title: C
    owner: Phòng Tài chính
",
    ));
    let at: Vec<_> = e.diagnostics.iter().map(|d| (d.line, d.column)).collect();
    assert_eq!(at, [(9, 5), (12, 5), (15, 5)], "{e}");
    assert!(
        e.diagnostics[0]
            .message
            .contains("section id `kết-quả` is not valid")
    );
    assert!(e.diagnostics[0].message.contains("no diacritics"));
    assert!(
        e.diagnostics[1]
            .message
            .contains("section id `ket qua` is not valid")
    );
    assert!(
        e.diagnostics[2]
            .message
            .contains("owner id `Phòng Tài chính` is not valid")
    );

    let src = HEAD.replace("id: bao-cao-thu", "id: báo cáo") + "sections: []\n";
    assert_at(&only(&src), 2, 1, &["draft id `báo cáo` is not valid"]);
    let d = only(&yaml(
        "sections:\n  - id: -ket-qua\n    title: A\n    owner: o\n",
    ));
    assert_at(&d, 9, 5, &["`-ket-qua`", "not starting with `-`"]);
    let long = "a".repeat(65);
    let d = only(&yaml(&format!(
        "sections:\n  - id: {long}\n    title: A\n    owner: o\n"
    )));
    assert_at(&d, 9, 5, &["1–64"]);
}

#[test]
fn unsupported_schema() {
    let src = HEAD.replace("schema: 1", "schema: 2") + "sections: []\n";
    let d = only(&src);
    assert_at(&d, 1, 1, &["schema 2 is not supported", "schema 1"]);
}

/// A chain of `levels` sections, each the only child of the one before.
fn nested(levels: usize) -> String {
    let mut src = yaml("sections:\n");
    for i in 0..levels {
        let ind = "    ".repeat(i);
        src.push_str(&format!(
            "{ind}  - id: muc-{i}\n{ind}    title: Mục {i}\n{ind}    owner: o\n"
        ));
        if i + 1 < levels {
            src.push_str(&format!("{ind}    sections:\n"));
        }
    }
    src
}

#[test]
fn nesting_deeper_than_the_limit_is_refused() {
    let d = load_ok(&nested(MAX_DEPTH));
    assert_eq!(d.outline().last().unwrap().depth, MAX_DEPTH - 1);
    let d = only(&nested(MAX_DEPTH + 1));
    // The ninth section's `id:` is on line 9 + 4·8, indented 4·8 + 4.
    assert_at(
        &d,
        9 + 4 * MAX_DEPTH,
        4 * MAX_DEPTH + 5,
        &[&format!("`muc-{MAX_DEPTH}`"), "nested deeper than 8 levels"],
    );
    // Far deeper: refused before the YAML library recurses, where it gets
    // too deep (a section level is two of YAML's), not a stack overflow.
    let e = load_err(&nested(400));
    assert_eq!(e.diagnostics.len(), 1, "{e}");
    assert_at(
        &e.diagnostics[0],
        9 + 4 * 31,
        4 * 31 + 5,
        &["nested deeper than 64 levels", "at most 8 deep"],
    );
}

#[test]
fn all_problems_are_reported_sorted_by_line() {
    let src = "schema: 3
id: bad id
issuing_body: UBND
document_type: BÁO CÁO
number: 'Số: /BC'
place_date: Tân Yên
title: Báo cáo[^thieu]
sections:
  - id: a
    owner: o
  - id: a
    title: Trùng
    owner: o
";
    let e = load_err(src);
    let lines: Vec<_> = e.diagnostics.iter().map(|d| d.line).collect();
    assert_eq!(lines, [1, 2, 7, 9, 11], "{e}");
    let text = e.to_string();
    let printed: Vec<_> = text.lines().collect();
    assert_eq!(printed.len(), 5);
    assert!(printed[0].starts_with("x.yaml:1:1: schema 3"));
    assert!(printed[1].starts_with("x.yaml:2:1: draft id `bad id`"));
    assert!(printed[2].starts_with("x.yaml:7:15: footnote `[^thieu]`"));
    assert!(printed[3].starts_with("x.yaml:9:5: section `a` has neither"));
    assert!(printed[4].starts_with("x.yaml:11:5: duplicate section id `a`"));
}

#[test]
fn garbage_never_panics() {
    let deep_flow = "[".repeat(10_000);
    let deep_map = "{a: ".repeat(10_000);
    let deep_sections = format!("{HEAD}sections: {}", "[".repeat(10_000));
    let deep_dashes = format!("{HEAD}sections:\n{}", "- ".repeat(10_000));
    let laughs = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
";
    // The same, inside a draft whose fields are read (so aliases expand).
    let laughs_in_draft = {
        let mut s = yaml("recipients: &r0 [Lưu, Lưu, Lưu, Lưu, Lưu, Lưu, Lưu, Lưu, Lưu, Lưu]\n");
        for i in 1..10 {
            s.push_str(&format!(
                "x{i}: &r{i} [{}]\n",
                vec![format!("*r{}", i - 1); 10].join(", ")
            ));
        }
        s.push_str("sections: *r9\n");
        s
    };
    let self_alias = yaml("sections: &s [*s]\n");
    let mut inputs: Vec<String> = [
        "",
        " ",
        "\n\n\n",
        "~",
        "null",
        "0",
        "[",
        "]",
        "{",
        "}",
        "- - -",
        "---\n---\n",
        "...",
        ":",
        "? ",
        "&a",
        "*a",
        "!!binary x",
        "!<tag:x> {}",
        "%YAML 1.2\n---\n",
        "%YAML 9.9\n---\nschema: 1",
        "schema: 1\nschema: 1\n",
        "sections: [ {id: x, owner: y, sections: [",
        "sections:\n  - id: x\n    owner: y\n    sections: 'oops",
        "\"unterminated",
        "'unterminated",
        "key: |\n  a\n b\n",
        "a: b: c",
        "- a\nb: c",
        "schema: -1",
        "schema: 99999999999999999999999",
        "schema: 1.5",
        "schema: [1]",
        "\u{0}",
        "\u{FEFF}\u{FEFF}schema: 1",
        "schema: 1\nid: \u{1b}[31m\n",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    inputs.extend([
        deep_flow,
        deep_map,
        deep_sections,
        deep_dashes,
        laughs.to_owned(),
        laughs_in_draft,
        self_alias,
    ]);
    // Valid drafts cut at every tenth byte, and with one byte changed.
    let valid = yaml(
        "preamble: |\n  Mở đầu[^f].\nsections:\n  - id: a\n    title: Tiêu đề\n    owner: o\n    sections:\n      - id: b\n        body: Nội dung.\n        owner: o\nfootnotes:\n  - id: f\n    text: Ghi chú.\nsignature:\n  authority: TM. UBND\nrecipients:\n  - Lưu VT.\n",
    );
    load_ok(&valid);
    let bytes = valid.as_bytes();
    let mut mutated: Vec<Vec<u8>> = (0..bytes.len())
        .step_by(10)
        .map(|n| bytes[..n].to_vec())
        .collect();
    let mut rng = Lcg(7);
    for _ in 0..300 {
        let mut b = bytes.to_vec();
        let at = rng.below(b.len());
        b[at] = rng.pick(b":-[]{}&*!|>'\"#\n \xC3\x00");
        mutated.push(b);
    }
    for input in inputs.iter().map(|s| s.as_bytes().to_vec()).chain(mutated) {
        let started = std::time::Instant::now();
        let result = std::panic::catch_unwind(|| load_draft("g.yaml", &input));
        let shown = String::from_utf8_lossy(&input[..input.len().min(80)]).into_owned();
        let result = result.unwrap_or_else(|_| panic!("load_draft panicked on {shown:?}"));
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "too slow on {shown:?}"
        );
        if let Err(e) = result {
            assert!(!e.diagnostics.is_empty(), "an error without a diagnostic");
            for d in &e.diagnostics {
                assert!(d.line >= 1 && d.column >= 1 && !d.message.is_empty());
            }
        }
    }
    for s in &inputs {
        assert!(
            load_draft("g.yaml", s.as_bytes()).is_err(),
            "garbage accepted: {:?}",
            &s[..s.len().min(60)]
        );
    }
}

// ---------------------------------------------------------------- writing

fn sample(name: &str) -> (Vec<u8>, Draft) {
    let path = format!("{}/drafts/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap();
    let draft = load_draft(name, &bytes).unwrap_or_else(|e| panic!("{e}"));
    (bytes, draft)
}

const SAMPLES: [&str; 2] = [
    "bao-cao-thang-11-2026.yaml",
    "bao-cao-ubnd-tan-yen-2023.yaml",
];

#[test]
fn sample_drafts_are_canonical() {
    for name in SAMPLES {
        let (bytes, draft) = sample(name);
        let written = write_draft(&draft);
        assert!(
            written.as_bytes() == bytes.as_slice(),
            "{name} is not in the canonical layout; first difference at line {}",
            written
                .lines()
                .zip(String::from_utf8_lossy(&bytes).lines())
                .position(|(a, b)| a != b)
                .map_or(0, |i| i + 1)
        );
    }
}

/// Write, read back, write again: same draft, same bytes.
fn assert_round_trip(draft: &Draft) {
    let once = write_draft(draft);
    let back = load_draft("written.yaml", once.as_bytes())
        .unwrap_or_else(|e| panic!("written draft does not load:\n{e}\n---\n{once}"));
    assert_eq!(&back, draft, "changed by the round trip:\n{once}");
    assert_eq!(write_draft(&back), once, "writing is not stable");
}

#[test]
fn sample_drafts_round_trip() {
    for name in SAMPLES {
        assert_round_trip(&sample(name).1);
    }
}

const AWKWARD: &[&str] = &[
    "  bắt đầu bằng hai dấu cách",
    "\"trong ngoặc kép\"",
    "'trong ngoặc đơn'",
    "l'apostrophe và \"kép\" lẫn lộn",
    "Số: 12/BC-UBND: có hai dấu hai chấm",
    "key: value",
    "# không phải chú thích",
    "giữa # dòng",
    "- bắt đầu như một mục",
    "| như khối",
    "> như khối gấp",
    "kết thúc bằng gạch chéo ngược \\",
    "\\n không phải xuống dòng",
    "biểu tượng 🎉🇻🇳 và 👨‍👩‍👧",
    "---",
    "...",
    "[không phải danh sách]",
    "{không: phải}",
    "&neo *bí-danh !thẻ %chỉ-thị @a `b`",
    "~",
    "null",
    "true",
    "1.10",
    "0x1F",
    "2023",
    "=",
    "? hỏi",
    "100%",
    "\u{a0}khoảng trắng không ngắt",
    "có\u{200b}ký tự rộng không",
    "tab\tbên trong",
    "xuống\rdòng cũ",
    "điều khiển \u{1}\u{7}\u{7f}\u{9b}[31m",
    "ngắt dòng unicode \u{2028} và \u{2029} và \u{85}",
    "BOM \u{feff} ở giữa",
];

#[test]
fn awkward_text_round_trips_exactly() {
    let long = "Tình hình kinh tế - xã hội, quốc phòng - an ninh: ".repeat(12);
    let long_quoted = format!("'{long}\" #");
    let cases = AWKWARD
        .iter()
        .copied()
        .chain([long.trim(), long_quoted.as_str()]);
    for (i, text) in cases.enumerate() {
        let mut d = common::draft(vec![common::section("a", text, text, text)], &[("f", text)]);
        d.title = text.to_owned();
        d.issuing_body = text.to_owned();
        d.superior_body = text.to_owned();
        d.number = text.to_owned();
        d.place_date = text.to_owned();
        d.preamble = format!("{text}\n\n{text}");
        d.closing = text.to_owned();
        d.sections[0].body = format!("{text}\nvẫn đoạn một {text}\n\n{text}");
        d.sections[0].title = Some(format!("{text} [^f]"));
        d.footnotes[0].text = format!("{text}\n\n{text}");
        d.recipients = vec![text.to_owned(), format!("{text}\n{text}")];
        d.signature = Some(duyet::core::Signature {
            authority: text.to_owned(),
            position: text.to_owned(),
            signer: text.to_owned(),
        });
        d.normalize();
        // The text survives normalisation apart from surrounding spaces.
        assert!(
            d.sections[0].body.contains(text.trim()),
            "case {i}: {:?}",
            d.sections[0].body
        );
        assert_round_trip(&d);
    }
}

#[test]
fn generated_text_round_trips() {
    let pieces = [
        "a", "Việt", " ", "  ", "\n", "\n\n", "'", "\"", ":", ": ", "#", " #", "- ", "|", ">",
        "\\", "🎉", "e\u{301}", "\t", "\r", "\u{1}", "\u{7f}", "\u{85}", "\u{9b}", "\u{2028}",
        "\u{feff}", "\u{a0}", "---", "...", "[", "]", "{", "}", "&a", "*a", "!", "%", "@", "`",
        "~", "null", "1.10", ",", "?",
    ];
    let mut rng = Lcg(2026);
    for _ in 0..400 {
        let mut text = || {
            let n = rng.below(12);
            (0..n).map(|_| rng.pick(&pieces)).collect::<String>()
        };
        let mut d = common::draft(
            vec![
                common::section("a", &text(), &(text() + "T"), &text()),
                common::parent("b", &text(), "B", vec![common::section("c", "", "", "x")]),
            ],
            &[("f", &text())],
        );
        d.sections[1].sections[0].body = text() + "x";
        d.title = text();
        d.number = text();
        d.preamble = text();
        d.closing = text();
        d.recipients = vec![text(), text()];
        d.normalize();
        assert_round_trip(&d);
    }
}

/// Index of the first line of the block holding key `key:` of the section
/// with id `id`, and one past its last line.
fn body_lines(lines: &[&str], id: &str) -> (usize, usize) {
    let start = lines
        .iter()
        .position(|l| l.trim_start() == format!("- id: {id}"))
        .unwrap();
    let body = start
        + lines[start..]
            .iter()
            .position(|l| l.trim_start().starts_with("body:"))
            .unwrap();
    let indent = lines[body].len() - lines[body].trim_start().len();
    let end = body
        + 1
        + lines[body + 1..]
            .iter()
            .position(|l| !l.is_empty() && l.len() - l.trim_start().len() <= indent)
            .unwrap_or(lines.len() - body - 1);
    (body, end)
}

#[test]
fn changing_one_body_changes_only_its_lines() {
    let (_, mut draft) = sample("bao-cao-ubnd-tan-yen-2023.yaml");
    let before = write_draft(&draft);
    let ids: Vec<String> = draft
        .outline()
        .iter()
        .filter(|p| !p.section.body.is_empty())
        .map(|p| p.section.id.clone())
        .collect();
    assert!(ids.len() > 5);
    for (n, id) in ids.iter().enumerate() {
        let mut edited = draft.clone();
        let s = edited.section_mut(id).unwrap();
        s.body = match n % 3 {
            0 => s.body.replacen(' ', " rất ", 1),
            1 => format!("{}\n\nĐoạn mới thêm vào cuối.", s.body),
            _ => "Viết lại toàn bộ: 'trích dẫn' và \"ngoặc kép\".".to_owned(),
        };
        let after = write_draft(&edited);
        let (a, b): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
        let (a_start, a_end) = body_lines(&a, id);
        let (b_start, b_end) = body_lines(&b, id);
        assert_eq!(a_start, b_start, "{id}: lines before the body moved");
        assert_eq!(
            a[..a_start],
            b[..b_start],
            "{id}: lines before the body changed"
        );
        assert_eq!(a[a_end..], b[b_end..], "{id}: lines after the body changed");
        assert_ne!(a[a_start..a_end], b[b_start..b_end]);
        // And git would see the same: every other line is byte-identical.
        assert!(before.ends_with('\n') && after.ends_with('\n'));
    }
    // Changing a title changes exactly one line.
    let id = ids[0].clone();
    let s = draft.section_mut(&id).unwrap();
    s.title = Some("Tiêu đề: đã đổi".to_owned());
    let after = write_draft(&draft);
    let changed = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(changed, 1);
    assert_eq!(before.lines().count(), after.lines().count());
}

/// An id that breaks the rules is reported on its own line, however it is
/// written — quoted with escapes, `''`, a comment after it, decomposed,
/// as a block scalar — never at 1:1.
#[test]
fn a_bad_id_is_found_where_it_is_written() {
    for (id_line, words) in [
        (
            "- id: \"bad id\"",
            &["section id `bad id` is not valid"][..],
        ),
        ("- id: \"a\\eb\"", &["U+001B (character 2)"]),
        ("- id: \"a\\x9bb\"  # C1", &["U+009B"]),
        ("- id: \"a\\u202Eb\"", &["U+202E"]),
        ("- id: 'it''s'", &["`it's`"]),
        ("- id: kinh-te\u{301}", &["kinh-té"]),
        ("- id: \"_x\"   # reserved", &["starts with `_`"]),
        ("- id: >-\n      bad id", &["`bad id`"]),
    ] {
        let src = yaml(&format!(
            "sections:\n  {id_line}\n    title: T\n    owner: o\n"
        ));
        assert_at(&only(&src), 9, 5, words);
    }
    let dup = yaml(
        "sections:\n  - id: \"kinh-te\"\n    title: A\n    owner: o\n  \
         - id: \"kinh\\x2dte\"   # the same\n    title: B\n    owner: o\n",
    );
    assert_at(
        &only(&dup),
        12,
        5,
        &["duplicate section id `kinh-te`", "line 9"],
    );
    let footnote = yaml(
        "sections:\n  - id: a\n    title: A\n    owner: o\nfootnotes:\n  - id: x\n    text: X\n  \
         - id: \"fn\\u001bthu\"\n    text: Y\n",
    );
    assert_at(&only(&footnote), 15, 5, &["footnote id", "U+001B"]);
}
