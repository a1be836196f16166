//! The command line's language: Vietnamese by default, English with
//! `--lang en` (anywhere on the line) or `DUYET_LANG=en`, from the catalogue
//! the screen uses (`duyet::i18n`); errors said with their hints.

mod common;

use std::process::Output;

use common::{ReviewRepo, dung, ok, review_repo, stderr, stdout, stranger, thang};
use duyet::core::Identity;
use duyet::i18n::Lang;

/// `duyet --repo R [--as WHO] args…` in the default language.
fn vi(r: &ReviewRepo, who: Option<&Identity>, args: &[&str]) -> Output {
    let mut cmd = common::duyet_command_vi(r.home());
    cmd.arg("--repo").arg(&r.repo);
    if let Some(who) = who {
        cmd.arg("--as").arg(who.to_string());
    }
    cmd.args(args).output().expect("the duyet binary runs")
}

/// The same with `--lang en` last on the line.
fn en(r: &ReviewRepo, who: Option<&Identity>, args: &[&str]) -> Output {
    let mut args = args.to_vec();
    args.extend(["--lang", "en"]);
    vi(r, who, &args)
}

/// A repository with an approval, a change request and a comment.
fn reviewed() -> ReviewRepo {
    let r = review_repo();
    ok(&vi(
        &r,
        Some(&dung()),
        &["approve", "bao-cao", "thu-ngan-sach"],
    ));
    ok(&vi(
        &r,
        Some(&thang()),
        &[
            "request-changes",
            "bao-cao",
            "giao-duc",
            "-m",
            "Bổ sung số liệu.",
        ],
    ));
    ok(&vi(
        &r,
        Some(&thang()),
        &["comment", "bao-cao", "dau-tu-cong", "-m", "Kiểm tra lại."],
    ));
    r
}

/// English words and phrases that must not appear in Vietnamese output
/// (checked as whole words, so `main` or an id does not count).
const ENGLISH: &[&str] = &[
    "approved",
    "approval",
    "pending",
    "sections",
    "changes",
    "requested",
    "needs",
    "comment",
    "open",
    "not",
    "the",
    "there",
    "is",
    "of",
    "at",
    "no",
    "hint",
    "error",
    "warning",
    "note",
    "request",
    "reviewer",
    "office",
    "INVALID",
];

fn assert_no_english(what: &str, text: &str) {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    for w in ENGLISH {
        assert!(
            !words.contains(w),
            "{what}: the English word `{w}` in Vietnamese output:\n{text}"
        );
    }
}

#[test]
fn status_log_and_drafts_speak_vietnamese_by_default_and_english_with_lang_en() {
    let r = reviewed();

    let status = ok(&vi(&r, None, &["status", "bao-cao"]));
    assert!(status.contains("tại main: đã phê duyệt"), "{status}");
    assert!(status.contains("phê duyệt: Hoàng Văn Dũng"), "{status}");
    assert!(
        status.contains("yêu cầu chỉnh sửa: Nguyễn Văn Thắng: Bổ sung số liệu."),
        "{status}"
    );
    assert!(status.contains("chờ duyệt"), "{status}");
    assert!(status.contains("1 góp ý chưa giải quyết"), "{status}");
    assert_no_english("status", &status);
    let status = ok(&en(&r, None, &["status", "bao-cao"]));
    assert!(status.contains("at main:") && status.contains("sections approved"));
    assert!(status.contains("approved by Hoàng Văn Dũng"), "{status}");
    assert!(status.contains("1 open comment(s)"), "{status}");

    let log = ok(&vi(&r, None, &["log", "bao-cao"]));
    for said in ["phê duyệt", "yêu cầu chỉnh sửa", "góp ý"] {
        assert!(log.contains(said), "{said}: {log}");
    }
    assert_no_english("log", &log);
    let log = ok(&en(&r, None, &["log", "bao-cao"]));
    for said in ["approve", "request-changes", "comment"] {
        assert!(log.contains(said), "{said}: {log}");
    }

    let drafts = ok(&vi(&r, None, &["drafts"]));
    assert!(drafts.contains("drafts/bao-cao.yaml  5 mục"), "{drafts}");
    assert_no_english("drafts", &drafts);
    let drafts = ok(&en(&r, None, &["drafts"]));
    assert!(
        drafts.contains("drafts/bao-cao.yaml  5 sections"),
        "{drafts}"
    );

    // JSON is for scripts: the same in both languages.
    assert_eq!(
        ok(&vi(&r, None, &["status", "bao-cao", "--json"])),
        ok(&en(&r, None, &["status", "bao-cao", "--json"]))
    );
}

#[test]
fn a_refusal_and_an_error_are_said_with_their_hint_in_each_language() {
    let r = review_repo();
    // A refusal: nothing written, exit 1.
    let out = vi(&r, Some(&stranger()), &["approve", "bao-cao", "giao-duc"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("duyet: không được phép: nguoi.la@example.org không có tên trong duyet.yaml"),
        "{err}"
    );
    assert_no_english("refusal", &err);
    let out = en(&r, Some(&stranger()), &["approve", "bao-cao", "giao-duc"]);
    assert!(
        stderr(&out).contains("not allowed: nguoi.la@example.org is not listed in duyet.yaml"),
        "{}",
        stderr(&out)
    );

    // An error with a hint that names a command.
    let out = vi(&r, Some(&dung()), &["approve", "bao-cao", "khong-co"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("duyet: drafts/bao-cao.yaml không có mục `khong-co` ở phiên bản main\n"),
        "{err}"
    );
    assert!(
        err.contains("gợi ý: `duyet sections drafts/bao-cao.yaml --rev main` liệt kê các mục"),
        "{err}"
    );
    let out = en(&r, Some(&dung()), &["approve", "bao-cao", "khong-co"]);
    let err = stderr(&out);
    assert!(
        err.contains(
            "there is no section `khong-co` in drafts/bao-cao.yaml at main\nhint: `duyet sections"
        ),
        "{err}"
    );

    // No identity at all: what to set, and --as.
    let out = vi(
        &r,
        None,
        &["comment", "bao-cao", "giao-duc", "-m", "Ý kiến"],
    );
    let err = stderr(&out);
    assert!(err.contains("chưa biết bạn là ai"), "{err}");
    assert!(
        err.contains("gợi ý: ") && err.contains("git config user.name") && err.contains("--as"),
        "{err}"
    );

    // A usage error keeps exit code 2, in either language.
    let out = vi(&r, None, &["diff", "bao-cao", "main"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("chỉ có `main` thì chưa so sánh được"));
    let out = en(&r, None, &["diff", "bao-cao", "main"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`main` alone is not a comparison"));
}

#[test]
fn help_is_vietnamese_by_default_and_english_with_lang_en_or_duyet_lang() {
    let home = tempfile::TempDir::new().unwrap();
    let help = |args: &[&str], env: Option<&str>| {
        let mut cmd = common::duyet_command_vi(home.path());
        if let Some(lang) = env {
            cmd.env("DUYET_LANG", lang);
        }
        stdout(&cmd.args(args).output().unwrap())
    };
    let top = help(&["--help"], None);
    assert!(top.contains("Duyệt và tổng hợp báo cáo") || top.contains("duyet cho xem"));
    assert!(
        top.contains("Liệt kê các dự thảo của một phiên bản."),
        "{top}"
    );
    assert!(top.contains("--repo <ĐƯỜNG_DẪN>"), "{top}");
    assert!(!top.contains("List the drafts"), "{top}");
    let sub = help(&["approve", "--help"], None);
    assert!(
        sub.contains("Phê duyệt nội dung một mục ở một phiên bản."),
        "{sub}"
    );
    assert!(sub.contains("<DỰ_THẢO>"), "{sub}");
    for args in [
        &["--lang", "en", "approve", "--help"][..],
        &["approve", "--help", "--lang=en"],
    ] {
        let sub = help(args, None);
        assert!(
            sub.contains("Approve a section's content"),
            "{args:?}: {sub}"
        );
        assert!(!sub.contains("Phê duyệt nội dung"), "{args:?}: {sub}");
    }
    let sub = help(&["approve", "--help"], Some("en"));
    assert!(sub.contains("Approve a section's content"), "{sub}");
    // --lang wins over DUYET_LANG.
    let sub = help(&["approve", "--help", "--lang", "vi"], Some("en"));
    assert!(sub.contains("Phê duyệt nội dung"), "{sub}");
}

#[test]
fn every_subcommand_and_argument_has_help_in_both_languages() {
    for lang in [Lang::Vi, Lang::En] {
        let mut cmd = duyet::cli::command(lang);
        cmd.build();
        assert!(cmd.get_about().is_some());
        let own = |a: &clap::Arg| !matches!(a.get_id().as_str(), "help" | "version");
        for a in cmd.get_arguments().filter(|a| own(a)) {
            assert!(a.get_help().is_some(), "{lang:?}: --{}", a.get_id());
        }
        let mut all: Vec<&clap::Command> = Vec::new();
        let mut todo: Vec<&clap::Command> = cmd.get_subcommands().collect();
        while let Some(sub) = todo.pop() {
            todo.extend(sub.get_subcommands());
            all.push(sub);
        }
        assert!(all.iter().any(|s| s.get_name() == "install-hook"));
        // Every placeholder has a name in the language (none is "?").
        for sub in &all {
            let mut sub = (*sub).clone();
            let usage = sub.render_help().to_string();
            assert!(
                !usage.contains("[?]") && !usage.contains("<?>"),
                "{lang:?}: {}: {usage}",
                sub.get_name()
            );
        }
        for sub in all.into_iter().filter(|s| s.get_name() != "help") {
            assert!(sub.get_about().is_some(), "{lang:?}: {}", sub.get_name());
            for a in sub.get_arguments().filter(|a| own(a)) {
                assert!(
                    a.get_help().is_some(),
                    "{lang:?}: {} {}",
                    sub.get_name(),
                    a.get_id()
                );
            }
        }
    }
}

/// Every text of the catalogue is in NFC (`ệ` one code point, as the
/// drafts are), so what duyet says compares and searches like the drafts.
#[test]
fn the_catalogue_is_written_in_nfc() {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/i18n"),
        &mut files,
    );
    assert!(files.len() >= 4, "{files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(
            duyet::core::text::nfc(&text),
            text,
            "{} is not in NFC",
            file.display()
        );
    }
}

/// The library's errors state facts: no `#[error(…)]` text of theirs names a
/// command or a flag (the hints in `i18n::errors` do).
#[test]
fn no_library_error_text_gives_command_line_advice() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in [
        "src/ops/mod.rs",
        "src/store/error.rs",
        "src/demo/mod.rs",
        "src/core/identity.rs",
        "src/core/policy.rs",
        "src/core/merge.rs",
    ] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let mut in_attribute = false;
        for (n, line) in text.lines().enumerate() {
            in_attribute |= line.trim_start().starts_with("#[error(");
            if in_attribute {
                for advice in ["`duyet ", "`git ", "--as", "--repo", "git config", "(-m"] {
                    assert!(
                        !line.contains(advice),
                        "{file}:{}: `{advice}` in an error's text: {line}",
                        n + 1
                    );
                }
            }
            in_attribute &= !line.trim_end().ends_with(")]");
        }
    }
}

/// What is wrong in a draft or in `duyet.yaml`: `file:line:column:` in both
/// languages, then the problem in Vietnamese by default and, with `--lang
/// en`, in the English `duyet check` has always printed.
#[test]
fn check_says_what_is_wrong_in_a_file_in_the_persons_language() {
    let home = tempfile::TempDir::new().unwrap();
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "drafts/unknown-key.yaml",
            "11:5: sections[0]: unknown key `tittle`, expected one of `id`, `number`, `title`, \
             `owner`, `body`, `sections`",
            &[
                "khóa `tittle` không có trong mẫu",
                "một trong các khóa `id`",
            ],
        ),
        (
            "drafts/missing-owner.yaml",
            "9:5: sections[0]: missing key `owner`",
            &["sections[0]: thiếu khóa `owner`"],
        ),
        (
            "drafts/sections-is-mapping.yaml",
            "9:3: sections: wrong type: found map, expected a sequence",
            &[
                "sai kiểu giá trị",
                "cần một danh sách",
                "các cặp `khóa: giá trị`",
            ],
        ),
        (
            "drafts/duplicate-section-id.yaml",
            "15:5: duplicate section id `kinh-te` (first defined at line 9); ids must be unique \
             in the draft",
            &["mã mục `kinh-te` bị trùng", "dòng 9"],
        ),
        (
            "drafts/tcvn3.yaml",
            "11:18: invalid UTF-8 (byte 0xD5): the file is not UTF-8 — if it was typed in TCVN3 \
             (ABC), VNI or Windows-1258, convert it to Unicode with Unikey's conversion tool \
             (UniKey Toolkit, Ctrl+Shift+F6), then save it as UTF-8",
            &["0xD5", "bảng mã TCVN3", "Unikey", "lưu lại theo mã UTF-8"],
        ),
        (
            "drafts/anchor-and-alias.yaml",
            "11:12: `&kt` is a YAML anchor; anchors and aliases (`*name`) are not allowed: write \
             the text out where it is needed",
            &["`&kt` là một neo", "không được dùng"],
        ),
        (
            "drafts/section-id-escaped.yaml",
            "9:5: section id `kinh\u{FFFD}[31mte` is not valid; it holds U+001B (character 5): use \
             1–64 ASCII letters, digits, `-`, `_` or `.`, not starting with `-` or `.` (no \
             diacritics, no spaces)",
            &[
                "mã mục `kinh\u{FFFD}[31mte` không hợp lệ",
                "U+001B (ký tự thứ 5)",
            ],
        ),
        (
            "config/unknown-department/duyet.yaml",
            "11:5: person Lê Thị Hoa <hoa.lt@tanyen.example> belongs to unknown department \
             `phong-khong-co`; add it under `departments:`",
            &["phòng `phong-khong-co`", "không có trong duyet.yaml"],
        ),
        (
            "config/unknown-role/duyet.yaml",
            "12:22: people[0].roles[1]: unknown variant `admin`, expected one of `drafter`, \
             `reviewer`, `office`",
            &[
                "giá trị `admin` không hợp lệ",
                "một trong các giá trị `drafter`",
            ],
        ),
        (
            "config/email-no-at/duyet.yaml",
            "10:5: person \"Lê Thị Hoa\" <hoa.tanyen.example>: e-mail is not of the form \
             name@example.org",
            &["người \"Lê Thị Hoa\"", "không có dạng ten@example.org"],
        ),
        (
            "config/empty-required/duyet.yaml",
            "17:1: `approval.required` is empty, so no section can ever be approved; list \
             `owner-reviewer` and/or `office`",
            &["đang để trống", "phê duyệt"],
        ),
    ];
    // English that says something, outside a quoted value.
    const SENTENCE: &[&str] = &[
        "expected",
        "is",
        "not",
        "must",
        "unknown",
        "missing",
        "found",
        "wrong",
        "key",
        "duplicate",
        "invalid",
        "allowed",
        "the",
        "of",
        "and",
        "save",
        "use",
    ];
    for (file, english, vietnamese) in cases {
        let path = corpus.join(file);
        let path = path.to_str().unwrap();
        let run = |mut cmd: std::process::Command| {
            let out = cmd.args(["check", path]).output().unwrap();
            assert_eq!(out.status.code(), Some(1), "{file}");
            assert_eq!(stdout(&out), "", "{file}");
            stderr(&out)
        };
        let en = run(common::duyet_command(home.path()));
        assert_eq!(
            en.lines().next().unwrap(),
            format!("{path}:{english}"),
            "{file}"
        );
        let vi = run(common::duyet_command_vi(home.path()));
        assert_eq!(vi.lines().count(), en.lines().count(), "{file}:\n{vi}");
        let place = english.splitn(3, ':').take(2).collect::<Vec<_>>().join(":");
        let first = vi.lines().next().unwrap();
        let said = first
            .strip_prefix(&format!("{path}:{place}: "))
            .unwrap_or_else(|| panic!("{file}: no place:\n{vi}"));
        for words in *vietnamese {
            assert!(said.contains(words), "{file}: `{words}` missing:\n{vi}");
        }
        for line in vi.lines() {
            let said = line
                .strip_prefix(path)
                .unwrap()
                .splitn(4, ':')
                .nth(3)
                .unwrap();
            let mut spoken = Vec::new();
            for (i, part) in said.split(['`', '"']).enumerate() {
                if i % 2 == 0 {
                    spoken.extend(part.split(|c: char| !c.is_alphanumeric()));
                }
            }
            for w in SENTENCE {
                assert!(!spoken.contains(w), "{file}: English `{w}`:\n{vi}");
            }
        }
    }

    // The YAML reader's common mistakes are said in Vietnamese, with where
    // the unclosed quote began.
    let path = corpus.join("drafts/unclosed-double-quote.yaml");
    let out = common::duyet_command_vi(home.path())
        .args(["check", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        stderr(&out).ends_with(
            ":22:1: YAML không hợp lệ: tệp hết giữa chừng: có thể thiếu dấu ngoặc kép đóng \
             (bắt đầu từ dòng 11, cột 12)\n"
        ),
        "{}",
        stderr(&out)
    );

    // `duyet fmt` refuses a draft that does not load in the same words.
    let path = corpus.join("drafts/missing-owner.yaml");
    let path = path.to_str().unwrap();
    let out = common::duyet_command_vi(home.path())
        .args(["fmt", "--check", path])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!("duyet: {path}:9:5: sections[0]: thiếu khóa `owner`\n")
    );
    let out = common::duyet_command(home.path())
        .args(["fmt", "--check", path])
        .output()
        .unwrap();
    assert_eq!(
        stderr(&out),
        format!("duyet: {path}:9:5: sections[0]: missing key `owner`\n")
    );
}
