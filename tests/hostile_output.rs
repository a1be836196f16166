//! What the command line prints when everything it reads is hostile: draft
//! file names, titles and bodies, `duyet.yaml`'s names, commit authors and
//! subjects, branch names and hand-forged review records carrying escape
//! sequences (OSC 0 title, OSC 52 clipboard, CSI), BEL, C1 controls,
//! zero-width and bidi characters. Every subcommand runs, in text and with
//! `--json`; no output may hold any of them, text shows them defused (`�`),
//! and JSON gives back the exact strings. Also: an identity that would break
//! a commit header is refused wherever it comes in, and nothing is written.

mod common;

use std::path::Path;
use std::process::Output;

use common::*;
use duyet::core::Identity;
use serde_json::Value;

/// A person as plain git writes them: an OSC 0 (window title) sequence, a C1
/// CSI and a bidi override in the name. git keeps all of these.
const EVIL_NAME: &str = "Kẻ \u{1b}]0;pwn\u{7} Lạ \u{9b}31m\u{202E}ngược";
const EVIL_EMAIL: &str = "ke.la@tanyen.example";
/// A draft file name git stores as given.
const EVIL_FILE: &str = "drafts/tờ-trình\u{1b}]0;pwn\u{7}\u{9b}2J\u{202E}\u{200B}.yaml";
/// A branch name `git check-ref-format` accepts (no C0, but C1 and bidi).
const EVIL_BRANCH: &str = "dept/phong-tai-chinh\u{9b}31m\u{202E}\u{2066}x";
/// The draft's title, a section title and a body paragraph.
const EVIL_TITLE: &str = "Báo cáo \u{1b}]0;pwn\u{7}tháng 11 \u{202E}đảo\u{2069}";
const EVIL_SECTION_TITLE: &str = "Kinh tế \u{1b}]52;c;cHduZWQ=\u{7}\u{9b}31m\u{FEFF}";
const EVIL_BODY: &str = "Tổng thu \u{1b}[31mngân sách\u{1b}[0m đạt 412,5 tỷ\u{200B} đồng \u{2066}ẩn\u{2069}, \u{9b}2J bằng 104% dự toán[^fn-thu].";
/// A department name in `duyet.yaml` (refusals quote it): an OSC 52
/// clipboard write and a C1 CSI.
const EVIL_DEPARTMENT: &str = "Phòng Tài chính \u{1b}]52;c;cm0gLXJmIH4=\u{7} \u{9b}5m\u{202E}KH";
/// A forged record's text, quote and reply-to.
const EVIL_TEXT: &str = "Đồng ý \u{1b}[2J\u{1b}]52;c;eA==\u{7} \u{9b}31m\u{202D}\u{200D}\u{E0041}";
const EVIL_REPLY_TO: &str = "ắắắắ\u{1b}[1m";

/// Escape sequences used above, after their ESC: wherever one is printed in
/// text, its ESC must have been replaced by `�` (shown, not half-stripped).
const REMNANTS: &[&str] = &["]0;pwn", "]52;c;", "[31m", "[0m", "[2J", "[1m"];

/// The sample `duyet.yaml` with a hostile name for phong-tai-chinh.
fn evil_config() -> String {
    let config = duyet::demo::SAMPLE_CONFIG;
    let line = "    name: Phòng Tài chính - Kế hoạch\n";
    assert!(config.contains(line));
    config.replace(
        line,
        &format!("    name: {}\n", yaml_quoted(EVIL_DEPARTMENT)),
    )
}

/// The review fixture's draft with a hostile title, section title and body.
fn evil_draft(body: &str) -> String {
    let text = review_draft_text();
    let text = text.replace(
        "title: Tình hình kinh tế - xã hội tháng 11\n",
        &format!("title: {}\n", yaml_quoted(EVIL_TITLE)),
    );
    let text = text.replace(
        "    title: Kinh tế\n",
        &format!("    title: {}\n", yaml_quoted(EVIL_SECTION_TITLE)),
    );
    let old_body = "        body: |
          Tổng thu ngân sách trên địa bàn đạt 412,5 tỷ đồng, bằng 104% dự toán[^fn-thu].

          Chi ngân sách đảm bảo kịp thời, đúng chế độ.
";
    assert!(text.contains(old_body));
    text.replace(old_body, &format!("        body: {}\n", yaml_quoted(body)))
}

/// A draft whose ids are not slugs (the loader refuses it, quoting them).
fn draft_with_evil_ids() -> String {
    review_draft_text()
        .replace(
            "  - id: kinh-te\n",
            &format!("  - id: {}\n", yaml_quoted("kinh-te\u{1b}]0;pwn\u{7}")),
        )
        .replace(
            "      - id: giao-duc\n",
            &format!("      - id: {}\n", yaml_quoted("giao\u{9b}31m\u{202E}duc")),
        )
}

/// A record message with the right trailers for `section` of bao-cao.
fn record_message(action: &str, section: &str, extra: &str, text: &str) -> String {
    format!(
        "Ghi nhận {section}\n\n{text}\n\nDuyet-Action: {action}\nDuyet-Draft: {REVIEW_DRAFT}\nDuyet-Section: {section}\n{extra}"
    )
}

/// The repository: the review fixture with the hostile `duyet.yaml`, then
/// commits by an author with escape sequences in the name — the hostile
/// draft on `main`, a hostile file name, a draft with bad ids, a hostile
/// department branch — and forged review records.
fn evil_repo() -> ReviewRepo {
    let r = review_repo_with(Some(&evil_config()));
    let evil = (EVIL_NAME, EVIL_EMAIL);
    let draft = evil_draft(EVIL_BODY);
    git_commit_as(
        &r,
        "main",
        "main",
        &[
            (REVIEW_DRAFT, draft.as_bytes()),
            (EVIL_FILE, draft.as_bytes()),
            ("drafts/hong.yaml", draft_with_evil_ids().as_bytes()),
        ],
        evil,
        "Cập nhật \u{1b}[2J\u{1b}]0;pwn\u{7} \u{9b}31m\u{202E}",
    );
    let changed = evil_draft(&EVIL_BODY.replace("412,5", "\u{1b}[5m418,2\u{202E}"));
    git_commit_as(
        &r,
        EVIL_BRANCH,
        "main",
        &[(REVIEW_DRAFT, changed.as_bytes())],
        evil,
        "Phòng sửa \u{1b}]52;c;eA==\u{7}\u{200B}",
    );
    // A comment by Hoa (listed), then forged records by the hostile author
    // (not listed: shown as not counted) with hostile trailers.
    let comment = ok(&r.duyet_as(
        Some(&hoa()),
        &[
            "comment",
            "bao-cao",
            "thu-ngan-sach",
            "-m",
            "Xem lại số liệu",
        ],
    ));
    let comment = comment.trim().to_owned();
    forge_record(
        &r,
        evil,
        &record_message("comment", "thu-ngan-sach", "", EVIL_TEXT),
    );
    forge_record(
        &r,
        evil,
        &record_message(
            "reply",
            "thu-ngan-sach",
            &format!("Duyet-Reply-To: {EVIL_REPLY_TO}\n"),
            EVIL_TEXT,
        ),
    );
    forge_record(
        &r,
        evil,
        &record_message(
            "reply",
            "thu-ngan-sach",
            &format!("Duyet-Reply-To: {comment}\nDuyet-Quote: ngân {EVIL_TEXT}\n"),
            EVIL_TEXT,
        ),
    );
    let main = r.rev_parse("main");
    forge_record(
        &r,
        evil,
        &record_message(
            "approve",
            "thu-ngan-sach",
            &format!("Duyet-Revision: {main}\nDuyet-Section-Hash: \u{1b}[31mcu\n"),
            EVIL_TEXT,
        ),
    );
    forge_record(
        &r,
        evil,
        &record_message(
            "request-changes",
            "kinh-te\u{1b}[31m\u{202E}",
            &format!("Duyet-Revision: {main}\n"),
            EVIL_TEXT,
        ),
    );
    r
}

/// One run of the binary, remembered with what it was.
struct Run {
    label: String,
    out: Output,
}

/// Runs the commands and keeps every output for the checks at the end.
struct Runs<'a> {
    r: &'a ReviewRepo,
    runs: Vec<Run>,
}

impl Runs<'_> {
    fn run(&mut self, who: Option<&Identity>, args: &[&str]) -> &Output {
        let out = self.r.duyet_as(who, args);
        self.runs.push(Run {
            label: format!("{:?} as {:?}", args, who.map(|w| w.name.as_str())),
            out,
        });
        &self.runs.last().expect("just pushed").out
    }

    /// `args` and `args --json`; the JSON is parsed and returned.
    fn both(&mut self, who: Option<&Identity>, args: &[&str]) -> Value {
        self.run(who, args);
        let mut json_args = args.to_vec();
        json_args.push("--json");
        let out = self.run(who, &json_args);
        let text = ok(out);
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{json_args:?}: not JSON ({e}):\n{text}"))
    }
}

/// Every output is clean; in text, escape sequences are shown defused.
fn assert_all_clean(runs: &[Run]) {
    for run in runs {
        for (stream, bytes) in [("stdout", &run.out.stdout), ("stderr", &run.out.stderr)] {
            assert_clean(&run.label, stream, bytes);
            let text = String::from_utf8_lossy(bytes);
            for remnant in REMNANTS {
                for (at, _) in text.match_indices(remnant) {
                    // `�` in text; an escape in JSON, or in a Rust-quoted value.
                    let before = &text[..at];
                    assert!(
                        before.ends_with('\u{FFFD}')
                            || before.ends_with("\\u001b")
                            || before.ends_with("\\u{1b}"),
                        "{}: {stream}: {remnant:?} without its ESC shown as �:\n{text}",
                        run.label
                    );
                }
            }
        }
    }
}

/// The output of the run whose label starts with `args` (text mode).
fn text_of(runs: &[Run], args: &[&str]) -> String {
    let label = format!("{args:?} as");
    let run = runs
        .iter()
        .find(|r| r.label.starts_with(&label))
        .unwrap_or_else(|| panic!("no run of {args:?}"));
    format!(
        "{}{}",
        String::from_utf8_lossy(&run.out.stdout),
        String::from_utf8_lossy(&run.out.stderr)
    )
}

/// Strings of a JSON value, at any depth.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|i| strings(i, out)),
        Value::Object(map) => map.values().for_each(|i| strings(i, out)),
        _ => {}
    }
}

fn holds(v: &Value, wanted: &str) -> bool {
    let mut all = Vec::new();
    strings(v, &mut all);
    all.iter().any(|s| s == wanted)
}

#[test]
fn every_subcommand_prints_hostile_text_defused_and_json_exact() {
    let r = evil_repo();
    let mut runs = Runs {
        r: &r,
        runs: Vec::new(),
    };
    let evil_file = EVIL_FILE;
    let ids = r.duyet_as(None, &["log", "bao-cao", "--json"]);
    let log: Value = serde_json::from_str(&ok(&ids)).unwrap();
    let records = log["records"].as_array().unwrap();
    let hoa_comment = records[0]["id"].as_str().unwrap().to_owned();
    let forged = records[1]["id"].as_str().unwrap().to_owned();

    // Reading.
    let drafts = runs.both(None, &["drafts"]);
    assert!(holds(&drafts, evil_file), "{drafts:#}");
    assert!(holds(&drafts, EVIL_TITLE), "{drafts:#}");
    let branches = runs.both(None, &["branches"]);
    assert!(holds(&branches, EVIL_BRANCH), "{branches:#}");
    let revisions = runs.both(None, &["revisions", evil_file]);
    assert!(holds(&revisions, EVIL_NAME), "{revisions:#}");
    runs.both(None, &["revisions", "bao-cao", "--rev", EVIL_BRANCH]);
    let sections = runs.both(None, &["sections", "bao-cao"]);
    assert!(holds(&sections, EVIL_SECTION_TITLE), "{sections:#}");
    runs.both(None, &["sections", evil_file, "--rev", EVIL_BRANCH]);
    runs.run(None, &["sections", "drafts/hong.yaml"]);
    runs.run(
        None,
        &["sections", "bao-cao", "--rev", "\u{1b}]0;pwn\u{7}\u{202E}"],
    );
    let range = format!("main...{EVIL_BRANCH}");
    let diff = runs.both(None, &["diff", "bao-cao", &range]);
    assert!(holds(&diff, EVIL_BRANCH), "{diff:#}");
    assert!(holds(&diff, EVIL_SECTION_TITLE), "{diff:#}");
    runs.both(None, &["diff", "bao-cao", "main", EVIL_BRANCH, "--all"]);
    runs.run(
        None,
        &[
            "diff",
            "bao-cao",
            "main",
            EVIL_BRANCH,
            "--section",
            "x\u{1b}[31m",
        ],
    );
    runs.run(None, &["diff", "bao-cao", "\u{1b}[2J\u{9b}1m"]);
    runs.run(None, &["diff", "drafts/hong.yaml", "main", EVIL_BRANCH]);
    let status = runs.both(None, &["status", "bao-cao"]);
    assert!(holds(&status, EVIL_NAME), "{status:#}");
    runs.both(None, &["status", evil_file, "--rev", EVIL_BRANCH]);
    let log = runs.both(None, &["log", "bao-cao"]);
    for exact in [
        EVIL_NAME,
        EVIL_TEXT,
        EVIL_REPLY_TO,
        "kinh-te\u{1b}[31m\u{202E}",
    ] {
        assert!(holds(&log, exact), "{exact:?} in {log:#}");
    }
    runs.both(
        None,
        &["log", "bao-cao", "--section", "kinh-te\u{1b}[31m\u{202E}"],
    );
    let plan = runs.both(None, &["merge", "bao-cao", "--from", EVIL_BRANCH, "--plan"]);
    assert!(holds(&plan, EVIL_BRANCH), "{plan:#}");
    runs.run(
        None,
        &[
            "merge",
            "bao-cao",
            "--from",
            "dept/\u{9b}x\u{202E}",
            "--plan",
        ],
    );

    // Writing, and the refusals that quote duyet.yaml's names.
    let (dung, long, son, hoa) = (dung(), long(), son(), hoa());
    let evil_arg = "\u{1b}]52;c;eA==\u{7}\u{9b}31m\u{202E}";
    runs.run(
        Some(&hoa),
        &["comment", "bao-cao", "thu-ngan-sach", "-m", EVIL_TEXT],
    );
    runs.run(Some(&hoa), &["comment", "bao-cao", evil_arg, "-m", "x"]);
    runs.run(
        Some(&hoa),
        &[
            "comment",
            evil_file,
            "thu-ngan-sach",
            "-m",
            "x",
            "--quote",
            evil_arg,
        ],
    );
    runs.run(
        Some(&stranger()),
        &["comment", "bao-cao", "thu-ngan-sach", "-m", "x"],
    );
    runs.run(Some(&dung), &["reply", &hoa_comment, "-m", EVIL_TEXT]);
    runs.run(Some(&dung), &["reply", evil_arg, "-m", "x"]);
    runs.run(Some(&son), &["resolve", &hoa_comment]);
    runs.run(Some(&dung), &["resolve", &forged, "-m", EVIL_TEXT]);
    runs.run(Some(&long), &["approve", "bao-cao", "thu-ngan-sach"]);
    runs.run(
        Some(&dung),
        &["approve", "bao-cao", "thu-ngan-sach", "-m", EVIL_TEXT],
    );
    runs.run(
        Some(&long),
        &["request-changes", "bao-cao", "thu-ngan-sach", "-m", "x"],
    );
    runs.run(
        Some(&dung),
        &["request-changes", "bao-cao", evil_arg, "-m", "x"],
    );
    runs.run(Some(&long), &["withdraw", "bao-cao", "thu-ngan-sach"]);
    runs.run(
        Some(&dung),
        &["withdraw", "bao-cao", "thu-ngan-sach", "-m", EVIL_TEXT],
    );
    runs.run(
        Some(&long),
        &["edit", "bao-cao", "thu-ngan-sach", "--title", "x"],
    );
    runs.run(
        Some(&hoa),
        &["edit", "bao-cao", "thu-ngan-sach", "--title", EVIL_TEXT],
    );
    // duyet writes control and bidi characters of a commit message as `�`
    // (`core::text::clean_message`): what follows, "[7m", is then text.
    let message = "Sửa \u{1b}[7mđỏ\u{7}\u{9b}1m\u{202E}\u{200B}";
    runs.run(
        Some(&hoa),
        &[
            "edit",
            "bao-cao",
            "dau-tu-cong",
            "--title",
            "Đầu tư",
            "-m",
            message,
        ],
    );
    runs.run(Some(&hoa), &["edit", "bao-cao", evil_arg, "--no-title"]);
    runs.both(None, &["status", "bao-cao"]);
    runs.both(None, &["log", "bao-cao"]);
    runs.both(
        None,
        &["revisions", "bao-cao", "--rev", "dept/phong-tai-chinh"],
    );

    // Files on disk: check and fmt, with hostile names and contents.
    let home = r.home();
    let good = home.join("bản\u{1b}]0;pwn\u{7}\u{202E}.yaml");
    std::fs::write(&good, evil_draft(EVIL_BODY)).unwrap();
    let ids_file = home.join("hỏng\u{9b}31m.yaml");
    std::fs::write(&ids_file, draft_with_evil_ids()).unwrap();
    let raw = home.join("thô.yaml");
    std::fs::write(
        &raw,
        yaml("sections:\n  - id: a\n    number: I\n    title: Raw \u{1b}]0;pwn\u{7} \u{9b}31m\u{202E}\n    owner: van-phong\n"),
    )
    .unwrap();
    std::fs::create_dir_all(home.join("cfg")).unwrap();
    let config = home.join("cfg/duyet.yaml");
    std::fs::write(&config, evil_config()).unwrap();
    let copy = home.join("copy\u{1b}[1m.yaml");
    std::fs::write(&copy, evil_draft(EVIL_BODY)).unwrap();
    let missing = home.join("thiếu\u{1b}]0;pwn\u{7}.yaml");
    let paths: Vec<String> = [&good, &ids_file, &raw, &config, &missing]
        .iter()
        .map(|p| p.to_str().unwrap().to_owned())
        .collect();
    for p in &paths {
        runs.run(None, &["check", p]);
        runs.run(None, &["fmt", "--check", p]);
    }
    runs.run(None, &["fmt", copy.to_str().unwrap()]);

    // demo into a folder that is not a demo, and under a file.
    let not_demo = home.join("demo\u{1b}]0;pwn\u{7}\u{202E}");
    std::fs::create_dir_all(&not_demo).unwrap();
    std::fs::write(not_demo.join("x"), "x").unwrap();
    runs.run(None, &["demo", "--no-tui", not_demo.to_str().unwrap()]);
    let under_file = good.join("demo");
    runs.run(None, &["demo", "--no-tui", under_file.to_str().unwrap()]);

    // Usage errors that quote what was typed.
    runs.run(None, &["--lang", evil_arg, "branches"]);
    runs.run(
        None,
        &[
            "status",
            "bao-cao",
            "--rev",
            evil_arg,
            "--limit",
            "\u{1b}[2J",
        ],
    );

    assert_all_clean(&runs.runs);

    // The hostile text did reach the outputs checked (shown as `�`).
    for args in [
        &["drafts"][..],
        &["branches"],
        &["revisions", evil_file],
        &["sections", "bao-cao"],
        &["sections", "drafts/hong.yaml"],
        &["diff", "bao-cao", &range],
        &["status", "bao-cao"],
        &["log", "bao-cao"],
        &["merge", "bao-cao", "--from", EVIL_BRANCH, "--plan"],
        &["check", &paths[0]],
        &["check", &paths[1]],
        &["check", &paths[4]],
        &["demo", "--no-tui", not_demo.to_str().unwrap()],
        &["--lang", evil_arg, "branches"],
    ] {
        let text = text_of(&runs.runs, args);
        assert!(text.contains('\u{FFFD}'), "{args:?}:\n{text}");
    }
    // Refusals quote the department's name from duyet.yaml, defused.
    let defused_department = duyet::core::text::sanitize(EVIL_DEPARTMENT, false);
    for args in [
        &["approve", "bao-cao", "thu-ngan-sach"][..],
        &["edit", "bao-cao", "thu-ngan-sach", "--title", "x"],
        &["resolve", &hoa_comment],
    ] {
        let text = text_of(&runs.runs, args);
        assert!(text.contains(&defused_department), "{args:?}:\n{text}");
    }
    // `log` in text: the forged trailers are there, defused.
    let log = text_of(&runs.runs, &["log", "bao-cao"]);
    assert!(
        log.contains(&duyet::core::text::sanitize(EVIL_TEXT, false)),
        "{log}"
    );
    assert!(log.contains("→ ắắắắ\u{FFFD}[1"), "{log}");
}

/// People's names in `duyet.yaml` with escape sequences: the file is refused
/// (an identity there is checked as `--as` is), its error quoting them
/// defused with the file and line; reading still works, writing is refused,
/// and nothing printed holds them.
#[test]
fn names_of_people_in_duyet_yaml_are_printed_defused() {
    let mut config = duyet::demo::SAMPLE_CONFIG.to_owned();
    for (name, evil) in [
        (
            "Vũ Đức Long",
            "Vũ \u{1b}]52;c;cm0gLXJmIH4=\u{7}Đức \u{9b}31mLong\u{202E}",
        ),
        ("Đặng Văn Sơn", "Đặng\u{200B} Văn \u{1b}]0;pwn\u{7}Sơn"),
    ] {
        let line = format!("  - name: {name}");
        assert!(config.contains(&line), "{line}");
        config = config.replace(&line, &format!("  - name: {}", yaml_quoted(evil)));
    }
    let r = review_repo_with(Some(&config));
    let file = r.home().join("duyet.yaml");
    std::fs::write(&file, &config).unwrap();
    let before = refs(&r);
    let mut runs = Runs {
        r: &r,
        runs: Vec::new(),
    };
    runs.run(
        Some(&hoa()),
        &["comment", "bao-cao", "thu-ngan-sach", "-m", "Xem lại"],
    );
    runs.run(Some(&long()), &["approve", "bao-cao", "thu-ngan-sach"]);
    runs.run(
        Some(&long()),
        &["edit", "bao-cao", "thu-ngan-sach", "--title", "x"],
    );
    runs.run(
        Some(&son()),
        &["comment", "bao-cao", "thu-ngan-sach", "-m", "x"],
    );
    runs.both(None, &["status", "bao-cao"]);
    runs.both(None, &["log", "bao-cao"]);
    runs.run(None, &["check", file.to_str().unwrap()]);
    assert_all_clean(&runs.runs);
    assert_eq!(refs(&r), before, "nothing is written");
    let approve = &runs.runs[1].out;
    assert_ne!(approve.status.code(), Some(0));
    let err = stderr(approve);
    assert!(err.contains("duyet.yaml (main):78:5"), "{err}");
    assert!(err.contains("control character"), "{err}");
    let status = text_of(&runs.runs, &["status", "bao-cao"]);
    assert!(status.contains("no approval is counted"), "{status}");
}

/// The refs of the repository (every branch and `refs/duyet/*`), with tips.
fn refs(r: &ReviewRepo) -> String {
    r.git_ok(&["for-each-ref", "--format=%(refname) %(objectname)"])
}

fn assert_refused(label: &str, out: &Output, code: i32, says: &[&str]) {
    assert_eq!(out.status.code(), Some(code), "{label}: {}", stderr(out));
    assert_clean(label, "stdout", &out.stdout);
    assert_clean(label, "stderr", &out.stderr);
    assert!(out.stdout.is_empty(), "{label}: {}", stdout(out));
    let err = stderr(out);
    for s in says {
        assert!(err.contains(s), "{label}: {s:?} not in:\n{err}");
    }
}

/// `duyet --repo REPO --as AS args…`, with `--as` given as typed.
fn duyet_as_typed(r: &ReviewRepo, typed: &str, args: &[&str]) -> Output {
    let mut cmd = duyet_command(r.home());
    cmd.arg("--repo").arg(&r.repo).arg("--as").arg(typed);
    cmd.args(args).output().expect("the duyet binary runs")
}

#[test]
fn a_bad_identity_given_with_as_is_refused_and_nothing_is_written() {
    let r = review_repo();
    let before = refs(&r);
    for (typed, says) in [
        (
            "Evil\nx <e@tanyen.example>",
            "the name contains a line break (character 5)",
        ),
        ("Evil\nCommitter: x <e@x>", "line break"),
        ("Lê <Thị> Hoa <hoa.lt@tanyen.example>", "`>`"),
        ("Evil <x <e@tanyen.example>", "the e-mail contains `<`"),
        (
            "Evil > x <e@tanyen.example>",
            "the name contains `>` (character 6)",
        ),
        (
            "Evil\u{1b}]0;pwn\u{7} <e@tanyen.example>",
            "the name contains the control character U+001B (character 5)",
        ),
        ("Evil\u{9b}31m <e@tanyen.example>", "U+009B"),
        (
            "Evil\u{202E} <e@tanyen.example>",
            "the name contains the invisible character U+202E",
        ),
        (
            "Hoa <hoa.lt@tanyen.example\u{200B}>",
            "the e-mail contains the invisible character U+200B",
        ),
        ("Evil <>", "the e-mail is empty"),
        ("Evil <a@b\nc>", "the e-mail contains a line break"),
        ("Evil <no-at-sign>", "it has no `@`"),
    ] {
        for args in [
            &["comment", "bao-cao", "thu-ngan-sach", "-m", "x"][..],
            &["edit", "bao-cao", "thu-ngan-sach", "--title", "x"],
        ] {
            let out = duyet_as_typed(&r, typed, args);
            let label = typed.escape_debug().to_string();
            assert_refused(&label, &out, 2, &["--as", says]);
        }
    }
    assert_eq!(refs(&r), before, "nothing was written");
    assert_eq!(r.record_count(), 0);
}

#[test]
fn a_bad_git_identity_is_refused_with_the_key_and_nothing_is_written() {
    let r = review_repo();
    let main = r.store().resolve("main").unwrap();
    r.store()
        .create_branch("dept/phong-tai-chinh", main)
        .unwrap();
    let before = refs(&r);
    for (key, value, says) in [
        (
            "user.name",
            "Lê Thị\nHoa",
            "the name contains a line break (character 7)",
        ),
        ("user.name", "Hoa \u{1b}]0;pwn\u{7}", "U+001B"),
        ("user.name", "Hoa <x>", "`<`"),
        ("user.email", "hoa.lt@tanyen.example\u{1b}[31m", "U+001B"),
        ("user.email", "hoa lt@tanyen.example", "it contains a space"),
    ] {
        // Written with git itself, as a person would.
        r.git_ok(&["config", "user.name", "Lê Thị Hoa"]);
        r.git_ok(&["config", "user.email", "hoa.lt@tanyen.example"]);
        r.git_ok(&["config", key, value]);
        for args in [
            &["comment", "bao-cao", "thu-ngan-sach", "-m", "x"][..],
            &["approve", "bao-cao", "thu-ngan-sach"],
            &["edit", "bao-cao", "thu-ngan-sach", "--title", "x"],
            &[
                "merge",
                "bao-cao",
                "--from",
                "dept/phong-tai-chinh",
                "--take-all",
            ],
        ] {
            let mut cmd = duyet_command(r.home());
            let out = cmd.arg("--repo").arg(&r.repo).args(args).output().unwrap();
            let label = format!("{key}={value:?} {args:?}");
            assert_refused(
                &label,
                &out,
                1,
                &[&format!("git's {key} cannot be used"), says],
            );
        }
    }
    assert_eq!(refs(&r), before, "nothing was written");
    assert_eq!(r.record_count(), 0);
    // A usable one works, and so does --as past a broken git identity.
    r.git_ok(&["config", "user.email", "hoa.lt@tanyen.example"]);
    ok(&r.duyet_as(None, &["comment", "bao-cao", "thu-ngan-sach", "-m", "Được"]));
    r.git_ok(&["config", "user.name", "Evil\nx"]);
    ok(&r.duyet_as(
        Some(&hoa()),
        &["comment", "bao-cao", "thu-ngan-sach", "-m", "Được"],
    ));
    assert_eq!(r.record_count(), 2);
    // Reading commands do not need an identity at all.
    ok(&r.duyet_as(None, &["status", "bao-cao"]));
}

#[test]
fn no_path_can_sign_a_commit_with_a_bad_identity() {
    let r = review_repo();
    let store = r.store();
    let before = refs(&r);
    let bad = [
        person("Evil\nx", "e@tanyen.example"),
        person("Evil \u{1b}]0;pwn\u{7}", "e@tanyen.example"),
        person("Evil", "e@tanyen.example>\ncommitter x"),
        person("Evil", ""),
        person("Evil\u{202E}", "e@tanyen.example"),
    ];
    for who in &bad {
        let tip = store.resolve("main").unwrap();
        let e = store
            .commit_files(
                "main",
                Some(tip),
                &[duyet::store::FileChange {
                    path: "drafts/x.yaml",
                    contents: b"x",
                }],
                who,
                None,
                "x",
            )
            .unwrap_err();
        assert!(
            matches!(e, duyet::store::StoreError::Author(_)),
            "{who:?}: {e}"
        );
        assert!(e.to_string().starts_with("nothing was written: "), "{e}");
        let e = store.append_record("x\n\nDuyet-Action: comment", who, None);
        assert!(
            matches!(e, Err(duyet::store::StoreError::Author(_))),
            "{who:?}"
        );
        // ops refuses an identity built by hand too.
        let target = duyet::ops::review::Target {
            draft: REVIEW_DRAFT,
            section: "thu-ngan-sach",
            rev: "main",
        };
        let request = duyet::ops::review::Request {
            who,
            when: None,
            text: "x",
        };
        assert!(duyet::ops::review::comment(&store, &target, &request, None).is_err());
    }
    assert_eq!(refs(&r), before, "nothing was written");
}

#[test]
fn the_command_line_writes_only_through_its_one_output_path() {
    let cli = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cli");
    let mut files: Vec<_> = std::fs::read_dir(&cli)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 3, "{files:?}");
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        for forbidden in ["print!(", "println!(", "eprint!(", "eprintln!(", "dbg!("] {
            assert!(
                !source.contains(forbidden),
                "src/cli/{name} uses {forbidden}: write through cli::print"
            );
        }
        if name != "print.rs" {
            for forbidden in [
                "write!(",
                "writeln!(",
                "write_all(",
                "io::stderr",
                ".print()",
            ] {
                assert!(
                    !source.contains(forbidden),
                    "src/cli/{name} uses {forbidden}: write through cli::print"
                );
            }
        }
    }
}
