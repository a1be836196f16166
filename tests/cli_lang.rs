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
