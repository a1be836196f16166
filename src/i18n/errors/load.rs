//! What the loader found in a draft or in `duyet.yaml`, in the person's
//! language: `file:line:column: problem`, one a line. The place reads the
//! same in every language; the problem is `core::problem::Problem`, said
//! here. What the YAML library said in its own words (a syntax error) is
//! kept as it is, inside a Vietnamese sentence.

use crate::core::LoadError;
use crate::core::problem::{IdOf, PersonProblem, Problem, hex_bytes, line_break_name, one_of};
use crate::i18n::Lang;

/// Every problem of `e`, `file:line:column: problem` a line.
pub fn load(e: &LoadError, lang: Lang) -> String {
    let lines: Vec<String> = e
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}: {}",
                e.file,
                d.line,
                d.column,
                problem(&d.problem, lang)
            )
        })
        .collect();
    lines.join("\n")
}

/// One problem in words. English is the problem's own `Display`.
pub fn problem(p: &Problem, lang: Lang) -> String {
    match lang {
        Lang::En => p.to_string(),
        Lang::Vi => vietnamese(p),
    }
}

/// What to do about a file saved in another encoding than UTF-8.
const SAVE_AS_UTF8: &str =
    "hãy lưu lại tệp theo mã UTF-8 (trong Notepad: Save As/Lưu thành, Encoding/Mã hóa: UTF-8)";

/// The rule every id follows, after "không hợp lệ: ".
const ID_RULE: &str = "hãy dùng 1–64 ký tự gồm chữ cái ASCII, chữ số, `-`, `_` hoặc `.`";

fn vietnamese(p: &Problem) -> String {
    use Problem::*;
    let code = |c: &char| format!("U+{:04X}", u32::from(*c));
    match p {
        TooLarge { size, limit } => format!(
            "tệp có {size} byte, vượt giới hạn {limit} byte ({} MiB)",
            limit / (1024 * 1024)
        ),
        WideEncoding { encoding, bom } => format!(
            "tệp được lưu theo mã {encoding} (bắt đầu bằng các byte {}); {SAVE_AS_UTF8}",
            hex_bytes(bom)
        ),
        LooksUtf16 => format!(
            "tệp có vẻ được lưu theo mã UTF-16 (cứ cách một byte lại có một byte 0); {SAVE_AS_UTF8}"
        ),
        InvalidUtf8 { byte } => format!(
            "không đọc được theo mã UTF-8 (byte 0x{byte:02X}): tệp không được lưu theo mã UTF-8 — \
             nếu văn bản được gõ bằng bảng mã TCVN3 (ABC), VNI hoặc Windows-1258, hãy chuyển \
             sang Unicode bằng công cụ chuyển mã của Unikey (UniKey Toolkit, Ctrl+Shift+F6), \
             rồi lưu lại theo mã UTF-8"
        ),
        Tab => "có ký tự tab; hãy thụt lề bằng dấu cách và không dùng tab trong văn bản".into(),
        LoneCarriageReturn => "có ký tự về đầu dòng (CR) không kèm ký tự xuống dòng (LF), kiểu \
             xuống dòng của máy Mac đời cũ; hãy lưu tệp với kiểu xuống dòng LF hoặc CRLF"
            .into(),
        Nul => "có byte NUL: đây không phải tệp văn bản (tệp UTF-16 hay tệp nhị phân?); hãy lưu \
             lại tệp theo mã UTF-8"
            .into(),
        UnicodeLineBreak { ch } => format!(
            "có ký tự {} ({}), YAML coi ký tự này là dấu xuống dòng; hãy thay bằng một dòng mới",
            code(ch),
            line_break_name(*ch)
        ),
        ByteOrderMarkInside => "có ký tự U+FEFF (dấu thứ tự byte, BOM) nằm giữa tệp; hãy xóa \
             ký tự này (nó không hiện ra trên màn hình)"
            .into(),
        ControlCharacter { ch } => format!(
            "có ký tự điều khiển {}; hãy xóa ký tự này (YAML không cho phép ký tự điều khiển \
             nằm nguyên dạng trong tệp)",
            code(ch)
        ),
        More { count } => format!("… và {count} lỗi khác"),

        TooManyValues { limit } => format!(
            "có hơn {limit} giá trị YAML, trong khi một báo cáo chỉ có vài nghìn: có đúng là tệp \
             cần kiểm tra không?"
        ),
        NestedTooDeep { limit, sections } => format!(
            "lồng nhau sâu quá {limit} cấp; các mục chỉ được lồng nhau tối đa {sections} cấp"
        ),
        SecondDocument => "một tài liệu YAML thứ hai bắt đầu từ đây, trong khi mỗi tệp chỉ chứa \
             một tài liệu: hãy xóa dòng này và phần tiếp theo, hoặc chuyển chúng sang một tệp \
             riêng"
            .into(),
        MergeKey => "`<<` là khóa gộp của YAML (chép các khóa ở nơi khác vào), loại khóa không được dùng: hãy viết \
             đầy đủ từng khóa"
            .into(),
        RepeatedKey { key, first_line } => format!(
            "khóa `{key}` bị ghi hai lần (lần đầu ở dòng {first_line}); mỗi khóa chỉ ghi một lần"
        ),
        Alias { token } => format!(
            "`{token}` là một bí danh (alias) của YAML; không được dùng bí danh và neo \
             (`&tên`): hãy viết đầy đủ nội dung ở nơi cần dùng"
        ),
        Anchor { token } => format!(
            "`{token}` là một neo (anchor) của YAML; không được dùng neo và bí danh \
             (`*tên`): hãy viết đầy đủ nội dung ở nơi cần dùng"
        ),
        Tag { token } => format!(
            "`{token}` là một thẻ (tag) của YAML; không được dùng thẻ: hãy ghi giá trị như văn \
             bản thường (đặt trong dấu ngoặc kép nếu nó bắt đầu bằng `!`)"
        ),

        MissingKey { path, key } => format!("{}thiếu khóa `{key}`", at(path)),
        UnknownKey {
            path,
            key,
            expected,
        } => format!(
            "{}khóa `{key}` không có trong mẫu; {}",
            at(path),
            if expected.is_empty() {
                "ở đây không được ghi khóa nào".to_owned()
            } else {
                format!(
                    "chỉ được dùng {}",
                    one_of(expected, "hoặc", "một trong các khóa")
                )
            }
        ),
        UnknownValue {
            path,
            value,
            expected,
        } => format!(
            "{}giá trị `{value}` không hợp lệ; {}",
            at(path),
            if expected.is_empty() {
                "ở đây không có giá trị nào được chấp nhận".to_owned()
            } else {
                format!(
                    "chỉ được ghi {}",
                    one_of(expected, "hoặc", "một trong các giá trị")
                )
            }
        ),
        DuplicateKey { path, key } => format!("{}khóa `{key}` bị ghi hai lần", at(path)),
        WrongType {
            path,
            found,
            expected,
        } => format!(
            "{}sai kiểu giá trị: ở đây cần {}, nhưng lại là {}",
            at(path),
            expected_vi(expected),
            found_vi(found)
        ),
        Yaml { text } => format!("YAML không hợp lệ: {}", syntax(text)),

        DraftSchema { found, supported } => format!(
            "phiên bản định dạng (schema) {found} chưa được hỗ trợ; phiên bản duyet này đọc \
             schema {supported}"
        ),
        BadId { of, id, hidden } => {
            let (before, what) = match of {
                IdOf::Draft => (String::new(), "mã dự thảo"),
                IdOf::Section => (String::new(), "mã mục"),
                IdOf::Footnote => (String::new(), "mã chú thích"),
                IdOf::Owner { section } => (format!("mục `{section}`: "), "mã phòng phụ trách"),
            };
            let hidden = hidden.as_ref().map_or_else(String::new, |(ch, at)| {
                format!("; trong đó có ký tự {} (ký tự thứ {at})", code(ch))
            });
            format!(
                "{before}{what} `{id}` không hợp lệ{hidden}: {ID_RULE}, không bắt đầu bằng `-` \
                 hay `.` (không dấu, không khoảng trắng)"
            )
        }
        ReservedSectionId { id } => format!(
            "mã mục `{id}` bắt đầu bằng `_`, ký tự dành cho các phần của báo cáo không phải là \
             mục (`_preamble`, `_closing`, `_footnotes`, `_signature`); hãy chọn mã khác"
        ),
        DuplicateSectionId { id, first_line } => format!(
            "mã mục `{id}` bị trùng (đã dùng ở dòng {first_line}); mỗi mục trong dự thảo phải có \
             một mã riêng"
        ),
        EmptySection { id } => format!(
            "mục `{id}` không có cả `title` (tên mục) lẫn `body` (nội dung); mỗi mục cần ít nhất \
             một trong hai"
        ),
        SectionTooDeep { id, limit } => {
            format!("mục `{id}` lồng nhau sâu quá {limit} cấp")
        }
        DuplicateFootnoteId { id } => format!("mã chú thích `{id}` bị trùng"),
        UnknownFootnote { id } => format!(
            "chú thích `[^{id}]` được dẫn nhưng trong `footnotes:` không có chú thích nào mang \
             mã `{id}`"
        ),
        UnknownOwner { section, owner } => format!(
            "mục `{section}`: phòng phụ trách `{owner}` không có trong duyet.yaml; hãy dùng một \
             trong các mã phòng ghi ở `departments:` của tệp đó"
        ),

        ConfigSchema { found, supported } => format!(
            "phiên bản định dạng (schema) {found} chưa được hỗ trợ; duyet.yaml phải ghi \
             `schema: {supported}`"
        ),
        NoApprovalRequired => "`approval.required` đang để trống nên không mục nào có thể được \
             phê duyệt; hãy ghi `owner-reviewer` (lãnh đạo phòng phụ trách) và/hoặc `office` \
             (Văn phòng)"
            .into(),
        RequirementTwice { requirement } => {
            format!("`approval.required` ghi `{requirement}` hai lần")
        }
        BadDepartmentId { id } => format!(
            "mã phòng `{id}` không hợp lệ: {ID_RULE} (mã này là một phần của tên nhánh \
             dept/<mã phòng>)"
        ),
        DuplicateDepartmentId { id, first_line } => format!(
            "mã phòng `{id}` bị trùng (lần đầu ở dòng {first_line}); mỗi phòng phải có một mã \
             riêng"
        ),
        BadPerson { name, email, why } => format!(
            "người \"{}\" <{}>: {}",
            name.escape_debug(),
            email.escape_debug(),
            match why {
                PersonProblem::NameEmpty => "tên đang để trống",
                PersonProblem::NameCharacter => "tên có ký tự điều khiển, `<` hoặc `>`",
                PersonProblem::EmailForm => "địa chỉ e-mail không có dạng ten@example.org",
            }
        ),
        DuplicateEmail { email, first_line } => format!(
            "e-mail {email} được ghi hai lần (lần đầu ở dòng {first_line}; e-mail được so sánh \
             không phân biệt chữ hoa, chữ thường); mỗi người chỉ ghi một lần"
        ),
        UnknownDepartment {
            name,
            email,
            department,
        } => format!(
            "người {name} <{email}> thuộc phòng `{department}`, phòng này không có trong \
             duyet.yaml; hãy thêm phòng đó vào `departments:`"
        ),
        NotSshKey { start } => format!(
            "`{}` không phải khóa công khai SSH; hãy ghi nguyên dòng trong tệp `.pub` của người \
             đó (`ssh-ed25519 AAAA… tên`)",
            start.escape_debug()
        ),
    }
}

/// `sections[0]: ` before what serde said, when it named a place.
fn at(path: &Option<String>) -> String {
    path.as_ref().map_or_else(String::new, |p| format!("{p}: "))
}

/// What serde found where another type was expected, in Vietnamese
/// (serde's `Unexpected`: `string "x"`, `integer `2``, `sequence`…).
fn found_vi(found: &str) -> String {
    let after = |prefix: &str| found.strip_prefix(prefix);
    if let Some(text) = after("string ") {
        format!("văn bản {text}")
    } else if let Some(n) = after("integer ") {
        format!("số nguyên {n}")
    } else if let Some(n) = after("floating point ") {
        format!("số thập phân {n}")
    } else if let Some(b) = after("boolean ") {
        format!("giá trị đúng/sai {b}")
    } else {
        match found {
            "sequence" => "một danh sách (các dòng `- …`)".into(),
            "map" => "các cặp `khóa: giá trị`".into(),
            "unit value" => "giá trị trống (`~`, `null` hoặc không ghi gì)".into(),
            other => format!("`{other}`"),
        }
    }
}

/// What serde expected (a type's `expecting`: `u32`, `a sequence`, `struct
/// Section`, duyet's `text`), in Vietnamese.
fn expected_vi(expected: &str) -> String {
    if let Some(name) = expected.strip_prefix("struct ") {
        let what = match name {
            "Draft" => "một dự thảo ",
            "Section" => "một mục ",
            "Footnote" => "một chú thích ",
            "Signature" => "phần chữ ký ",
            "Config" => "nội dung duyet.yaml ",
            "Department" => "một phòng ",
            "Person" => "một người ",
            "ApprovalPolicy" => "quy định phê duyệt ",
            _ => "",
        };
        return if what.is_empty() {
            "các cặp `khóa: giá trị`".to_owned()
        } else {
            format!("{what}(các cặp `khóa: giá trị`)")
        };
    }
    match expected {
        "a sequence" => "một danh sách (các dòng `- …`)".into(),
        "text" | "a string" => "văn bản".into(),
        "u8" | "u16" | "u32" | "u64" | "usize" => "một số nguyên không âm".into(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "một số nguyên".into(),
        "a boolean" => "`true` hoặc `false`".into(),
        other => format!("`{other}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of each variant, with values (a `match` below keeps it complete).
    fn every_problem() -> Vec<Problem> {
        use Problem::*;
        let s = String::from;
        let all = vec![
            TooLarge {
                size: 9_000_000,
                limit: 8 * 1024 * 1024,
            },
            WideEncoding {
                encoding: "UTF-16",
                bom: b"\xFF\xFE",
            },
            LooksUtf16,
            InvalidUtf8 { byte: 0xD5 },
            Tab,
            LoneCarriageReturn,
            Nul,
            UnicodeLineBreak { ch: '\u{2028}' },
            ByteOrderMarkInside,
            ControlCharacter { ch: '\u{1B}' },
            More { count: 3 },
            TooManyValues { limit: 500_000 },
            NestedTooDeep {
                limit: 64,
                sections: 8,
            },
            SecondDocument,
            MergeKey,
            RepeatedKey {
                key: s("title"),
                first_line: 7,
            },
            Alias { token: s("*kt") },
            Anchor { token: s("&kt") },
            Tag {
                token: s("!!binary"),
            },
            MissingKey {
                path: Some(s("sections[0]")),
                key: s("owner"),
            },
            UnknownKey {
                path: None,
                key: s("tittle"),
                expected: vec![s("id"), s("title"), s("owner")],
            },
            UnknownValue {
                path: Some(s("people[0].roles[0]")),
                value: s("admin"),
                expected: vec![s("drafter"), s("reviewer"), s("office")],
            },
            DuplicateKey {
                path: None,
                key: s("id"),
            },
            WrongType {
                path: Some(s("sections")),
                found: s("map"),
                expected: s("a sequence"),
            },
            Yaml {
                text: s("mapping values are not allowed in this context"),
            },
            DraftSchema {
                found: 2,
                supported: 1,
            },
            BadId {
                of: IdOf::Owner {
                    section: s("kinh-te"),
                },
                id: s("Phòng Tài chính"),
                hidden: Some(('\u{1B}', 5)),
            },
            ReservedSectionId { id: s("_x") },
            DuplicateSectionId {
                id: s("kinh-te"),
                first_line: 9,
            },
            EmptySection { id: s("a") },
            SectionTooDeep {
                id: s("muc-8"),
                limit: 8,
            },
            DuplicateFootnoteId { id: s("fn-thu") },
            UnknownFootnote { id: s("fn-chi") },
            UnknownOwner {
                section: s("a"),
                owner: s("phong-x"),
            },
            ConfigSchema {
                found: 2,
                supported: 1,
            },
            NoApprovalRequired,
            RequirementTwice {
                requirement: "office",
            },
            BadDepartmentId {
                id: s("văn-phòng")
            },
            DuplicateDepartmentId {
                id: s("van-phong"),
                first_line: 3,
            },
            BadPerson {
                name: s(""),
                email: s("a@b.vn"),
                why: PersonProblem::NameEmpty,
            },
            DuplicateEmail {
                email: s("a@b.vn"),
                first_line: 10,
            },
            UnknownDepartment {
                name: s("Lê Thị Hoa"),
                email: s("hoa@b.vn"),
                department: s("phong-x"),
            },
            NotSshKey { start: s("abc") },
        ];
        // Adding a variant without a sample here does not compile.
        for p in &all {
            match p {
                TooLarge { .. }
                | WideEncoding { .. }
                | LooksUtf16
                | InvalidUtf8 { .. }
                | Tab
                | LoneCarriageReturn
                | Nul
                | UnicodeLineBreak { .. }
                | ByteOrderMarkInside
                | ControlCharacter { .. }
                | More { .. }
                | TooManyValues { .. }
                | NestedTooDeep { .. }
                | SecondDocument
                | MergeKey
                | RepeatedKey { .. }
                | Alias { .. }
                | Anchor { .. }
                | Tag { .. }
                | MissingKey { .. }
                | UnknownKey { .. }
                | UnknownValue { .. }
                | DuplicateKey { .. }
                | WrongType { .. }
                | Yaml { .. }
                | DraftSchema { .. }
                | BadId { .. }
                | ReservedSectionId { .. }
                | DuplicateSectionId { .. }
                | EmptySection { .. }
                | SectionTooDeep { .. }
                | DuplicateFootnoteId { .. }
                | UnknownFootnote { .. }
                | UnknownOwner { .. }
                | ConfigSchema { .. }
                | NoApprovalRequired
                | RequirementTwice { .. }
                | BadDepartmentId { .. }
                | DuplicateDepartmentId { .. }
                | BadPerson { .. }
                | DuplicateEmail { .. }
                | UnknownDepartment { .. }
                | NotSshKey { .. } => {}
            }
        }
        all
    }

    /// English words that say a sentence; a Vietnamese text may quote a
    /// value or a key, not speak English.
    const ENGLISH: &[&str] = &[
        "expected",
        "is",
        "not",
        "must",
        "unknown",
        "missing",
        "the",
        "file",
        "found",
        "wrong",
        "key",
        "duplicate",
        "allowed",
        "save",
        "delete",
        "section",
        "valid",
        "use",
    ];

    /// The words of `text` outside backticks and double quotes.
    fn spoken_words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (i, part) in text.split('`').enumerate() {
            if i % 2 == 1 {
                continue;
            }
            for (j, part) in part.split('"').enumerate() {
                if j % 2 == 0 {
                    out.extend(
                        part.split(|c: char| !c.is_alphanumeric())
                            .filter(|w| !w.is_empty())
                            .map(str::to_owned),
                    );
                }
            }
        }
        out
    }

    #[test]
    fn every_problem_is_said_in_vietnamese() {
        for p in every_problem() {
            let vi = problem(&p, Lang::Vi);
            let en = problem(&p, Lang::En);
            assert_eq!(en, p.to_string());
            assert_ne!(vi, en, "{p:?}");
            if matches!(p, Problem::Yaml { .. }) {
                // The library's words, kept inside a Vietnamese sentence.
                assert!(vi.starts_with("YAML không hợp lệ: "), "{vi}");
                continue;
            }
            let words = spoken_words(&vi);
            for w in ENGLISH {
                assert!(!words.iter().any(|x| x == w), "`{w}` in: {vi}");
            }
        }
    }

    #[test]
    fn serde_types_are_named_in_vietnamese() {
        for found in [
            "string \"1\"",
            "integer `2`",
            "floating point `1.5`",
            "boolean `true`",
            "sequence",
            "map",
            "unit value",
        ] {
            let said = found_vi(found);
            assert!(
                !spoken_words(&said).iter().any(|w| [
                    "string", "integer", "floating", "point", "boolean", "sequence", "map", "unit",
                    "value"
                ]
                .contains(&w.as_str())),
                "{said}"
            );
        }
        for expected in [
            "struct Section",
            "a sequence",
            "u32",
            "text",
            "a string",
            "a boolean",
        ] {
            let said = expected_vi(expected);
            assert!(!said.contains(expected), "{said}");
        }
    }

    #[test]
    fn a_load_error_is_one_line_a_problem_with_its_place() {
        let e = LoadError {
            file: s("bad.yaml"),
            diagnostics: vec![
                crate::core::Diagnostic::new((3, 5), Problem::Tab),
                crate::core::Diagnostic::new((3, 5), Problem::More { count: 2 }),
            ],
        };
        assert_eq!(load(&e, Lang::En), e.to_string());
        assert_eq!(
            load(&e, Lang::Vi),
            "bad.yaml:3:5: có ký tự tab; hãy thụt lề bằng dấu cách và không dùng tab trong văn \
             bản\nbad.yaml:3:5: … và 2 lỗi khác"
        );
    }

    fn s(x: &str) -> String {
        x.to_owned()
    }
}

/// The YAML reader's own words for the mistakes people make by hand, in
/// Vietnamese; anything else is kept as the reader said it.
fn syntax(text: &str) -> String {
    const KNOWN: &[(&str, &str)] = &[
        (
            "mapping values are not allowed in this context",
            "có dấu hai chấm `:` ở chỗ không được đặt (một giá trị có dấu hai chấm phải để trong ngoặc kép, hoặc viết thành khối `|`)",
        ),
        (
            "did not find expected key",
            "không tìm thấy khóa ở chỗ cần có: các dòng thụt lề không đều nhau",
        ),
        (
            "did not find expected '-' indicator",
            "thiếu dấu `-` của một phần tử danh sách: các dòng thụt lề không đều nhau",
        ),
        (
            "could not find expected ':'",
            "thiếu dấu hai chấm `:` sau tên khóa",
        ),
        (
            "found unexpected end of stream",
            "tệp hết giữa chừng: có thể thiếu dấu ngoặc kép đóng",
        ),
        (
            "found character that cannot start any token",
            "có ký tự không được đứng đầu một giá trị (như `@`, `` ` `` hoặc dấu tab): hãy để giá trị trong ngoặc kép",
        ),
        (
            "found a tab character that violates indentation",
            "có dấu tab trong phần thụt lề; YAML chỉ thụt lề bằng dấu cách",
        ),
        (
            "block sequence entries are not allowed in this context",
            "có phần tử danh sách `-` ở chỗ không được đặt",
        ),
        (
            "found unknown escape character",
            "có ký tự thoát `\\` không hợp lệ trong chuỗi ngoặc kép",
        ),
        (
            "did not find expected node content",
            "thiếu giá trị ở chỗ cần có",
        ),
    ];
    let Some((_, vi)) = KNOWN.iter().find(|(english, _)| text.contains(english)) else {
        return text.to_owned();
    };
    // Where what went wrong began (an opening quote), when the reader says.
    let from = text
        .split_once("(from line ")
        .and_then(|(_, rest)| rest.split_once(", column "))
        .and_then(|(line, rest)| Some((line, rest.split_once(')')?.0)))
        .filter(|(l, c)| {
            l.bytes().all(|b| b.is_ascii_digit()) && c.bytes().all(|b| b.is_ascii_digit())
        });
    match from {
        Some((line, column)) => format!("{vi} (bắt đầu từ dòng {line}, cột {column})"),
        None => (*vi).to_owned(),
    }
}

#[cfg(test)]
mod syntax_tests {
    #[test]
    fn the_common_syntax_mistakes_are_said_in_vietnamese() {
        let said = super::syntax("mapping values are not allowed in this context");
        assert!(said.starts_with("có dấu hai chấm"), "{said}");
        let said = super::syntax(
            "found unexpected end of stream while scanning a quoted scalar (from line 3, column 9)",
        );
        assert!(said.starts_with("tệp hết giữa chừng"), "{said}");
        assert!(said.ends_with("(bắt đầu từ dòng 3, cột 9)"), "{said}");
        // Anything else is kept as the reader said it.
        assert_eq!(super::syntax("something rare"), "something rare");
    }
}
