//! Unit tests of the parser on small texts (the seed report is
//! `tests/import.rs`'s).

use super::lines::{Kind, heading};
use super::*;

fn options() -> Options {
    Options {
        draft_id: "bao-cao".to_owned(),
        owner: "van-phong".to_owned(),
    }
}

fn check(imported: &Imported) {
    let yaml = crate::core::yaml::write_draft(&imported.draft);
    if let Err(e) = crate::core::load::check_draft("x.yaml", yaml.as_bytes(), None) {
        panic!("{e}\n{yaml}");
    }
}

const SMALL: &str = "ỦY BAN NHÂN DÂN\r\nHUYỆN TÂN YÊN\r\n\r\nSố: 12/BC-UBND\r\n\r\nTân Yên, ngày 5 tháng 12 năm 2023\r\n\r\nBÁO CÁO\r\n\r\nKết quả năm 2023\r\n\r\nMở đầu.\r\n\r\nI. KẾT QUẢ\r\n\r\n1. Về kinh tế\r\n\r\nThu ngân sách đạt\u{c}\r\n\r\nkế hoạch¹. Tiếp\tđó.\r\n\r\n¹ Chi tiết thu.\r\n\r\n2. Về xã hội\r\n\r\na) Giáo dục\r\n\r\nTốt.\r\n\r\nII. NHIỆM VỤ\r\n\r\n1. Làm tiếp việc cũ.\r\n\r\nTrên đây là báo cáo./.\r\n\r\nNơi nhận:\r\n- UBND tỉnh;\r\n- Lưu: VT.\r\n\r\nKT. CHỦ TỊCH\r\nPHÓ CHỦ TỊCH\r\n\r\nNguyễn Văn A\r\n";

#[test]
fn a_small_report_is_read_whole() {
    let imported = from_text(SMALL, &options());
    check(&imported);
    let d = &imported.draft;
    assert_eq!(d.issuing_body, "ỦY BAN NHÂN DÂN HUYỆN TÂN YÊN");
    assert_eq!(d.number, "Số: 12/BC-UBND");
    assert_eq!(d.place_date, "Tân Yên, ngày 5 tháng 12 năm 2023");
    assert_eq!(d.document_type, "BÁO CÁO");
    assert_eq!(d.title, "Kết quả năm 2023");
    assert_eq!(d.preamble, "Mở đầu.");
    assert_eq!(d.sections.len(), 2);
    let kinh_te = &d.sections[0].sections[0];
    assert_eq!(kinh_te.id, "ve-kinh-te");
    assert_eq!(kinh_te.body, "Thu ngân sách đạt kế hoạch[^fn-1]. Tiếp đó.");
    assert_eq!(d.sections[0].sections[1].sections[0].number, "a");
    let item = &d.sections[1].sections[0];
    assert_eq!(
        (item.title.as_deref(), item.body.as_str()),
        (None, "Làm tiếp việc cũ.")
    );
    assert_eq!(item.id, "nhiem-vu-1");
    assert_eq!(d.closing, "Trên đây là báo cáo./.");
    assert_eq!(d.footnotes[0].text, "Chi tiết thu.");
    assert_eq!(d.recipients, ["UBND tỉnh;", "Lưu: VT."]);
    let sig = d.signature.as_ref().unwrap();
    assert_eq!(
        (
            sig.authority.as_str(),
            sig.position.as_str(),
            sig.signer.as_str()
        ),
        ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A")
    );
    assert!(imported.notes.is_empty(), "{:?}", imported.notes);
}

#[test]
fn headings_of_every_style() {
    for (line, kind, number, rest) in [
        (
            "Phần thứ nhất: KẾT QUẢ",
            Kind::Part,
            "Phần thứ nhất",
            "KẾT QUẢ",
        ),
        ("PHẦN II", Kind::Part, "PHẦN II", ""),
        ("A. TÌNH HÌNH", Kind::Capital, "A", "TÌNH HÌNH"),
        ("B- TÌNH HÌNH", Kind::Capital, "B", "TÌNH HÌNH"),
        ("IV. NHIỆM VỤ", Kind::Roman, "IV", "NHIỆM VỤ"),
        ("I- NHIỆM VỤ", Kind::Roman, "I", "NHIỆM VỤ"),
        ("3. Về xã hội", Kind::Arabic, "3", "Về xã hội"),
        ("3- Về xã hội", Kind::Arabic, "3", "Về xã hội"),
        ("b) Giáo dục", Kind::Lower, "b", "Giáo dục"),
        ("đ. Y tế", Kind::Lower, "đ", "Y tế"),
        ("**2. Về xã hội**", Kind::Arabic, "2", "Về xã hội"),
    ] {
        let h = heading(line, true).unwrap_or_else(|| panic!("{line}"));
        assert_eq!(
            (h.kind, h.number.as_str(), h.rest),
            (kind, number, rest),
            "{line}"
        );
    }
    for line in [
        "10.120 văn bản",
        "2023 - 2024",
        "- UBND huyện",
        "Ngay từ đầu",
        "TM. ỦY BAN",
        "1.",
    ] {
        assert!(heading(line, true).is_none(), "{line}");
    }
}

#[test]
fn hard_wrapped_text_is_rejoined_and_out_of_order_numbers_kept() {
    let text = "I. KẾT QUẢ\n\n1. Một\n\nDòng một của đoạn văn được ngắt\ndòng theo kiểu e-mail. Câu hai\ncòn tiếp.\n\n1. Lại một\n\nX.\n";
    let imported = from_text(text, &options());
    check(&imported);
    let s = &imported.draft.sections[0].sections;
    assert_eq!(
        s[0].body,
        "Dòng một của đoạn văn được ngắt dòng theo kiểu e-mail. Câu hai còn tiếp."
    );
    assert_eq!((s[1].number.as_str(), s[1].id.as_str()), ("1", "lai-mot"));
    assert!(imported.notes.iter().any(|n| n.line == 9
        && n.kind
            == NoteKind::NumberOutOfSequence {
                number: "1".into(),
                expected: "2".into()
            }));
}

#[test]
fn footnotes_in_brackets_and_markers_without_text() {
    let text = "Đoạn một[1] và diện tích 5 m² và dấu ⁷.\n\n[1] Ghi chú một.\n";
    let imported = from_text(text, &options());
    check(&imported);
    assert_eq!(
        imported.draft.preamble,
        "Đoạn một[^fn-1] và diện tích 5 m² và dấu ⁷."
    );
    assert!(imported.notes.iter().any(|n| n.kind
        == NoteKind::FootnoteTextMissing {
            marker: "⁷".into()
        }));
}

#[test]
fn slugs() {
    assert_eq!(
        slug("Về điều hành phát triển kinh tế - xã hội", 40),
        "ve-dieu-hanh-phat-trien-kinh-te-xa-hoi"
    );
    assert_eq!(slug("ĐÁNH GIÁ CHUNG", 40), "danh-gia-chung");
    assert_eq!(
        slug("Thực hiện nhiệm vụ, quyền hạn theo quy định và Quy chế", 40),
        "thuc-hien-nhiem-vu-quyen-han-theo-quy"
    );
}

#[test]
fn decode_bounds_and_errors() {
    assert_eq!(decode(b"\xEF\xBB\xBFabc").unwrap(), "abc");
    assert_eq!(
        decode(b"ab\ncd\xFFe"),
        Err(ImportError::InvalidUtf8 {
            offset: 5,
            line: 2,
            byte: 0xFF
        })
    );
    assert_eq!(decode(b"\xFF\xFEa\0"), Err(ImportError::WideEncoding));
}

#[test]
fn nothing_panics_on_odd_text() {
    for text in [
        "",
        "\n\n\u{c}\u{c}",
        "I.",
        "BÁO CÁO",
        "Nơi nhận:",
        "TM. ỦY BAN",
        "**",
        "¹",
        "[1]",
        "1. \n a)",
        "PHẦN THỨ NHẤT\n\nKẾT QUẢ",
    ] {
        let imported = from_text(text, &options());
        check(&imported);
    }
    let deep: String = (0..12)
        .map(|i| format!("{}. x{i}\n\n", ["I", "A", "1", "a"][i % 4]))
        .collect();
    check(&from_text(&deep, &options()));
}

#[test]
fn two_column_headers_parts_and_unnumbered_headings() {
    let text = "UBND TỈNH BẮC GIANG     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ TÀI CHÍNH          Độc lập - Tự do - Hạnh phúc
Kính gửi ai đó
Số: 3/KH-STC          Bắc Giang, ngày 1 tháng 2 năm 2024

KẾ HOẠCH

Thực hiện
nhiệm vụ năm 2024

PHẦN THỨ NHẤT

KẾT QUẢ NĂM 2023

**Về thu ngân sách**

Thu đạt.

**Về chi ngân sách**

Chi đạt.

Phần thứ hai: NHIỆM VỤ

1. Tiếp tục.

Nơi nhận: TM. ỦY BAN NHÂN DÂN
- Như trên;
CHỦ TỊCH

Nguyễn Văn B
";
    let imported = from_text(text, &options());
    check(&imported);
    let d = &imported.draft;
    assert_eq!(d.superior_body, "UBND TỈNH BẮC GIANG");
    assert_eq!(d.issuing_body, "SỞ TÀI CHÍNH");
    assert_eq!(d.number, "Số: 3/KH-STC");
    assert_eq!(d.place_date, "Bắc Giang, ngày 1 tháng 2 năm 2024");
    assert_eq!(d.title, "Thực hiện nhiệm vụ năm 2024");
    let part = &d.sections[0];
    assert_eq!(
        (part.number.as_str(), part.title.as_deref()),
        ("PHẦN THỨ NHẤT", Some("KẾT QUẢ NĂM 2023"))
    );
    let unnumbered: Vec<_> = part
        .sections
        .iter()
        .map(|s| (s.number.as_str(), s.title.as_deref(), s.body.as_str()))
        .collect();
    assert_eq!(
        unnumbered,
        [
            ("", Some("Về thu ngân sách"), "Thu đạt."),
            ("", Some("Về chi ngân sách"), "Chi đạt.")
        ]
    );
    assert_eq!(d.sections[1].number, "Phần thứ hai");
    assert_eq!(d.sections[1].sections[0].body, "Tiếp tục.");
    assert_eq!(d.recipients, ["Như trên;"]);
    let sig = d.signature.as_ref().unwrap();
    assert_eq!(
        (
            sig.authority.as_str(),
            sig.position.as_str(),
            sig.signer.as_str()
        ),
        ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn B")
    );
    assert_eq!(
        imported.notes,
        [Note {
            line: 3,
            kind: NoteKind::HeaderLineLeftOut {
                text: "Kính gửi ai đó".into()
            }
        }]
    );
}

/// Texts put together at random from the pieces reports are made of (and
/// some they are not): the import never panics, and what it gives loads.
#[test]
fn random_texts_always_give_a_draft_that_loads() {
    const PIECES: &[&str] = &[
        "I. KẾT QUẢ",
        "II- NHIỆM VỤ",
        "V.",
        "1. Về kinh tế",
        "2- Về xã hội.",
        "a) Giáo dục",
        "đ. Y tế",
        "A. PHẦN A",
        "Phần thứ nhất",
        "PHẦN II: TỒN TẠI",
        "**Về ngân sách**",
        "KẾT QUẢ CHUNG",
        "Thu ngân sách đạt",
        "kế hoạch¹.",
        "¹ Chi tiết.",
        "[2] Ghi chú",
        "xem [2] và ³",
        "- gạch đầu dòng",
        "+ cộng",
        "Trên đây là báo cáo./.",
        "Nơi nhận:",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Nguyễn Văn A",
        "BÁO CÁO",
        "Số: 1/BC",
        "Hà Nội, ngày 1 tháng 1 năm 2024",
        "\u{c}",
        "",
        "",
        "\t",
        "m² ⁰⁰⁰",
        "**",
        "[",
        "[999999]",
        "1.",
        "(",
        "¹",
        "IIII. X",
        "z) zz",
        "3) ba",
        "10.120 văn bản",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..400 {
        let n = (next() % 60) as usize;
        let text: Vec<&str> = (0..n)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        let sep = if next() % 2 == 0 { "\n" } else { "\r\n\r\n" };
        let imported = from_text(&text.join(sep), &options());
        check(&imported);
    }
}
