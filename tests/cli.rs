//! The real binary, run as a script would run it: exit codes, messages on
//! stderr, and the shape of `--json` output.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use common::{duyet_command, ok, stderr, stdout};
use serde_json::Value;
use tempfile::TempDir;

/// `duyet args…` with no user or system git configuration and a fresh HOME.
fn duyet(home: &Path, args: &[&str]) -> Output {
    duyet_command(home)
        .args(args)
        .output()
        .expect("the duyet binary runs")
}

fn json(o: &Output) -> Value {
    let text = ok(o);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// One demo repository built by `duyet demo DIR --no-tui`, shared by the
/// tests that only read it (they never write to it).
struct Demo {
    _home: TempDir,
    home: PathBuf,
    repo: String,
}

fn demo() -> &'static Demo {
    static DEMO: OnceLock<Demo> = OnceLock::new();
    DEMO.get_or_init(|| {
        let home = TempDir::new().unwrap();
        let repo = home.path().join("kho-mau");
        let out = duyet(home.path(), &["demo", repo.to_str().unwrap(), "--no-tui"]);
        let text = ok(&out);
        assert!(text.contains(repo.to_str().unwrap()), "{text}");
        Demo {
            home: home.path().to_path_buf(),
            repo: repo.to_str().unwrap().to_owned(),
            _home: home,
        }
    })
}

/// `duyet --repo DEMO args…`
fn in_demo(args: &[&str]) -> Output {
    let d = demo();
    let mut all = vec!["--repo", d.repo.as_str()];
    all.extend_from_slice(args);
    duyet(&d.home, &all)
}

const DRAFT: &str = "bao-cao-ubnd-tan-yen-2023";
const DEPT: &str = "dept/phong-tai-chinh";

// ---------------------------------------------------------------- check

#[test]
fn check_accepts_a_good_draft() {
    let home = TempDir::new().unwrap();
    let good = home.path().join("good.yaml");
    std::fs::write(&good, common::yaml("sections: []\n")).unwrap();
    let out = duyet(home.path(), &["check", "good.yaml"]);
    assert_eq!(ok(&out), "good.yaml: ok\n");
    assert!(stderr(&out).is_empty());
    // The shipped samples and duyet.yaml pass too.
    let root = env!("CARGO_MANIFEST_DIR");
    let out = duyet(
        home.path(),
        &[
            "check",
            &format!("{root}/drafts/bao-cao-ubnd-tan-yen-2023.yaml"),
            &format!("{root}/drafts/bao-cao-thang-11-2026.yaml"),
            &format!("{root}/drafts/duyet.yaml"),
        ],
    );
    // (The real report keeps its real mistakes: lint lists them, and the
    // check still passes.)
    let text = ok(&out);
    assert_eq!(
        text.lines().filter(|l| l.ends_with(": ok")).count(),
        2,
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.ends_with("bao-cao-ubnd-tan-yen-2023.yaml: valid; 23 findings")),
        "{text}"
    );
}

#[test]
fn check_reports_file_line_column_and_exits_1() {
    let home = TempDir::new().unwrap();
    std::fs::write(
        home.path().join("bad.yaml"),
        common::yaml("sections:\n  - id: a\n    tittle: A\n    owner: o\n"),
    )
    .unwrap();
    std::fs::write(
        home.path().join("good.yaml"),
        common::yaml("sections: []\n"),
    )
    .unwrap();
    let out = duyet(home.path(), &["check", "good.yaml", "bad.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "good.yaml: ok\n",
        "good files are still reported"
    );
    let err = stderr(&out);
    assert!(
        err.starts_with("bad.yaml:10:5: sections[0]: unknown key `tittle`, expected one of"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");

    // Every problem, one per line, sorted.
    std::fs::write(
        home.path().join("many.yaml"),
        common::yaml(
            "sections:\n  - id: a\n    owner: o\n  - id: a\n    title: B[^x]\n    owner: o\n",
        ),
    )
    .unwrap();
    let out = duyet(home.path(), &["check", "many.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let at: Vec<String> = err
        .lines()
        .map(|l| l.splitn(4, ':').take(3).collect::<Vec<_>>().join(":"))
        .collect();
    assert_eq!(
        at,
        ["many.yaml:9:5", "many.yaml:11:5", "many.yaml:12:13"],
        "{err}"
    );

    // A file that is not there.
    let out = duyet(home.path(), &["check", "khong-co.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot read khong-co.yaml"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn fmt_check_says_which_files_are_not_canonical() {
    let home = TempDir::new().unwrap();
    let path = home.path().join("x.yaml");
    std::fs::write(
        &path,
        common::yaml("sections:\n  - {id: a, title: \"A\", owner: o}\n"),
    )
    .unwrap();
    let out = duyet(home.path(), &["fmt", "--check", "x.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "x.yaml: not in canonical layout\n");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    ok(&duyet(home.path(), &["fmt", "x.yaml"]));
    assert_eq!(ok(&duyet(home.path(), &["fmt", "--check", "x.yaml"])), "");
    // Rewritten whole (through a file renamed over it), keeping its mode.
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    let names: Vec<_> = std::fs::read_dir(home.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["x.yaml"], "no temporary file is left");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.ends_with("sections:\n  - id: a\n    title: A\n    owner: o\n"),
        "{text}"
    );
}

#[test]
fn fmt_refuses_duyet_yaml_and_check_checks_it() {
    let home = TempDir::new().unwrap();
    let config = include_str!("../drafts/duyet.yaml");
    std::fs::write(home.path().join("duyet.yaml"), config).unwrap();
    let draft = common::yaml("sections:\n  - {id: a, title: \"A\", owner: o}\n");
    std::fs::write(home.path().join("x.yaml"), &draft).unwrap();
    for args in [
        &["fmt", "--check", "duyet.yaml"][..],
        &["fmt", "duyet.yaml"],
        &["fmt", "x.yaml", "duyet.yaml"],
    ] {
        let out = duyet(home.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert_eq!(stdout(&out), "", "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains("duyet.yaml is the repository's configuration, not a draft")
                && err.contains("`duyet check duyet.yaml` checks it")
                && !err.contains("unknown key"),
            "{args:?}: {err}"
        );
    }
    // Nothing was rewritten, the draft given alongside included.
    assert_eq!(
        std::fs::read_to_string(home.path().join("duyet.yaml")).unwrap(),
        config
    );
    assert_eq!(
        std::fs::read_to_string(home.path().join("x.yaml")).unwrap(),
        draft
    );
    assert_eq!(
        ok(&duyet(home.path(), &["check", "duyet.yaml"])),
        "duyet.yaml: ok\n"
    );
}

// ---------------------------------------------------------------- reading the demo repository

#[test]
fn drafts_json() {
    let v = json(&in_demo(&["drafts", "--json"]));
    assert_eq!(v["rev"], "main");
    let drafts = v["drafts"].as_array().unwrap();
    assert!(drafts.len() >= 2, "{v}");
    let paths: Vec<&str> = drafts.iter().map(|d| d["path"].as_str().unwrap()).collect();
    assert!(
        paths.contains(&"drafts/bao-cao-ubnd-tan-yen-2023.yaml"),
        "{paths:?}"
    );
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    for d in drafts {
        assert_eq!(d["valid"], true, "{d}");
        assert!(d["id"].is_string() && d["title"].is_string(), "{d}");
        assert!(d["sections"].as_u64().unwrap() > 0, "{d}");
    }
    // The same on a department branch.
    let v = json(&in_demo(&["drafts", "--rev", DEPT, "--json"]));
    assert_eq!(v["rev"], DEPT);
}

#[test]
fn sections_json() {
    let v = json(&in_demo(&["sections", DRAFT, "--json"]));
    assert_eq!(v["draft"], DRAFT);
    let sections = v["sections"].as_array().unwrap();
    assert!(sections.len() > 5);
    let mut seen = std::collections::HashSet::new();
    for s in sections {
        let id = s["id"].as_str().unwrap();
        assert!(seen.insert(id.to_owned()), "duplicate {id}");
        assert!(s["owner"].is_string() && s["number"].is_string(), "{s}");
        assert!(s["depth"].is_u64() && s["words"].is_u64(), "{s}");
        // A parent is listed before its children.
        if let Some(parent) = s["parent"].as_str() {
            assert!(seen.contains(parent), "{id} before its parent {parent}");
            assert!(s["depth"].as_u64().unwrap() > 0);
        } else {
            assert_eq!(s["depth"], 0);
        }
    }
    // By path works as well as by name; the plain text lists the same ids.
    let by_path = json(&in_demo(&[
        "sections",
        &format!("drafts/{DRAFT}.yaml"),
        "--json",
    ]));
    assert_eq!(by_path, v);
    let text = ok(&in_demo(&["sections", DRAFT]));
    assert_eq!(text.lines().count(), sections.len());
    assert!(text.contains(&format!("[{}]", sections[0]["id"].as_str().unwrap())));
}

#[test]
fn diff_json_has_the_documented_shape() {
    let v = json(&in_demo(&["diff", DRAFT, "main", DEPT, "--json"]));
    assert_eq!(v["from"], "main");
    assert_eq!(v["to"], DEPT);
    let sections = v["sections"].as_array().expect("a `sections` list");
    assert!(!sections.is_empty());
    let mut changed = 0;
    for s in sections {
        assert!(s["id"].is_string(), "{s}");
        let status = s["status"].as_str().unwrap();
        assert!(
            ["unchanged", "added", "removed", "changed"].contains(&status),
            "{status}"
        );
        let changes: Vec<&str> = s["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        for c in &changes {
            assert!(["text", "title", "moved", "renumbered"].contains(c), "{c}");
        }
        let (ins, del) = (
            s["inserted_words"].as_u64().unwrap(),
            s["deleted_words"].as_u64().unwrap(),
        );
        match status {
            "unchanged" => assert!(changes.is_empty() && ins == 0 && del == 0, "{s}"),
            "changed" => {
                changed += 1;
                assert!(!changes.is_empty(), "{s}");
                if changes.contains(&"text") {
                    assert!(ins + del > 0, "{s}");
                }
            }
            "added" => assert_eq!(del, 0, "{s}"),
            _ => assert_eq!(ins, 0, "{s}"),
        }
    }
    assert!(
        changed >= 1,
        "the department changed at least one section: {v}"
    );

    // The same revision against itself: nothing changed.
    let same = json(&in_demo(&["diff", DRAFT, "main", "main", "--json"]));
    for s in same["sections"].as_array().unwrap() {
        assert_eq!(s["status"], "unchanged", "{s}");
    }
}

#[test]
fn diff_of_one_section() {
    let all = json(&in_demo(&["diff", DRAFT, "main", DEPT, "--json"]));
    let changed = all["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["status"] == "changed")
        .expect("a changed section");
    let id = changed["id"].as_str().unwrap();
    let one = json(&in_demo(&[
        "diff",
        DRAFT,
        "main",
        DEPT,
        "--section",
        id,
        "--json",
    ]));
    assert_eq!(one["sections"].as_array().unwrap().len(), 1);
    assert_eq!(&one["sections"][0], changed);

    // As text: the section with its markers, and nothing else.
    let text = ok(&in_demo(&["diff", DRAFT, "main", DEPT, "--section", id]));
    assert!(text.contains(&format!("[{id}]")), "{text}");
    assert!(text.contains("[-") || text.contains("{+"), "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "no escape sequences in plain output"
    );
    assert_eq!(text.matches("\n== ").count(), 1, "{text}");

    // An unchanged section is shown when asked for by id.
    let unchanged = all["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["status"] == "unchanged")
        .map(|s| s["id"].as_str().unwrap().to_owned());
    if let Some(id) = unchanged {
        let text = ok(&in_demo(&["diff", DRAFT, "main", DEPT, "--section", &id]));
        assert!(text.contains("(unchanged)"), "{text}");
    }

    let out = in_demo(&["diff", DRAFT, "main", DEPT, "--section", "khong-co"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("no section `khong-co`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn diff_text_lists_changed_sections_only() {
    let all = json(&in_demo(&["diff", DRAFT, "main", DEPT, "--json"]));
    let text = ok(&in_demo(&["diff", DRAFT, "main", DEPT]));
    let listed = text.matches("\n== ").count();
    let not_unchanged = all["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["status"] != "unchanged")
        .count();
    let preamble_or_closing = text.matches("\n== (").count();
    assert_eq!(listed - preamble_or_closing, not_unchanged, "{text}");
    let total = all["sections"].as_array().unwrap().len();
    assert!(
        text.trim_end()
            .ends_with(&format!("{total} sections, {not_unchanged} changed")),
        "{text}"
    );
}

#[test]
fn revisions_and_branches_json() {
    let v = json(&in_demo(&["branches", "--json"]));
    let branches = v["branches"].as_array().unwrap();
    assert_eq!(branches[0]["name"], "main");
    assert!(branches.iter().any(|b| b["name"] == DEPT), "{v}");
    for b in branches {
        assert_eq!(b["tip"].as_str().unwrap().len(), 40, "{b}");
    }
    let v = json(&in_demo(&["revisions", DRAFT, "--rev", DEPT, "--json"]));
    let revs = v["revisions"].as_array().unwrap();
    assert!(
        revs.len() >= 2,
        "the department's edit and main's first version: {v}"
    );
    let times: Vec<i64> = revs
        .iter()
        .map(|r| r["time"]["seconds"].as_i64().unwrap())
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {times:?}"
    );
    for r in revs {
        assert!(r["author"].is_string() && r["summary"].is_string() && r["id"].is_string());
    }
    // A revision id from the list reads like a branch name.
    let id = revs[0]["id"].as_str().unwrap();
    let by_id = json(&in_demo(&["sections", DRAFT, "--rev", &id[..10], "--json"]));
    let by_branch = json(&in_demo(&["sections", DRAFT, "--rev", DEPT, "--json"]));
    assert_eq!(by_id, by_branch);
}

// ---------------------------------------------------------------- errors

#[test]
fn unknown_revision_is_named() {
    let out = in_demo(&["diff", DRAFT, "main", "dept/khong-co", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    let err = stderr(&out);
    assert!(err.contains("unknown revision `dept/khong-co`"), "{err}");
    let out = in_demo(&["sections", DRAFT, "--rev", "khong-co"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("`khong-co`"));
}

#[test]
fn unknown_draft_is_named() {
    let out = in_demo(&["sections", "khong-co"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("`drafts/khong-co.yaml` does not exist at revision main"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn missing_repository_is_explained() {
    let home = TempDir::new().unwrap();
    let out = duyet(home.path(), &["--repo", "/nonexistent", "drafts"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("no git repository at /nonexistent"), "{err}");
    assert!(
        err.contains("--repo") && err.contains("duyet demo"),
        "{err}"
    );
    // A folder that exists but is no repository (HOME is a fresh temp dir).
    let out = duyet(home.path(), &["drafts"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no git repository"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bad_identity_is_refused_by_the_argument_parser() {
    let home = TempDir::new().unwrap();
    let out = duyet(home.path(), &["--as", "bad", "branches"]);
    assert_eq!(out.status.code(), Some(2), "clap's usage error");
    let err = stderr(&out);
    assert!(err.contains("--as"), "{err}");
    assert!(err.contains("not of the form \"Name <email>\""), "{err}");
    // A good one is accepted (and the command then runs on the demo).
    let d = demo();
    let out = duyet(
        &d.home,
        &[
            "--as",
            "Lê Thị Hoa <hoa.lt@tanyen.example>",
            "--repo",
            &d.repo,
            "branches",
        ],
    );
    assert!(ok(&out).contains("main"));
}

#[test]
fn unknown_options_and_languages_are_refused() {
    let home = TempDir::new().unwrap();
    let out = duyet(home.path(), &["--lang", "fr", "branches"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown language `fr`"),
        "{}",
        stderr(&out)
    );
    let out = duyet(home.path(), &["diff", DRAFT, "main"]);
    assert_eq!(out.status.code(), Some(2), "a missing argument");
}

#[test]
fn demo_refuses_a_folder_with_other_things_in_it() {
    let home = TempDir::new().unwrap();
    let dir = home.path().join("cua-toi");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("quan-trong.txt"), "đừng xoá").unwrap();
    let out = duyet(home.path(), &["demo", dir.to_str().unwrap(), "--no-tui"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("not a duyet demo repository"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("quan-trong.txt")).unwrap(),
        "đừng xoá"
    );
}

// ---------------------------------------------------------------------------
// `duyet demo` run again, and `duyet edit -m`: these write, so each builds
// its own demo.

/// A demo built by `duyet demo DIR --no-tui` in a fresh HOME: (home, repo).
fn own_demo() -> (TempDir, PathBuf) {
    let home = TempDir::new().unwrap();
    let repo = home.path().join("kho-mau");
    ok(&duyet(
        home.path(),
        &["demo", repo.to_str().unwrap(), "--no-tui"],
    ));
    (home, repo)
}

fn git(home: &TempDir, repo: &Path, args: &[&str]) -> String {
    common::git_ok_home(repo, home.path(), args)
}

#[test]
fn demo_again_keeps_the_review_records_and_force_rebuilds() {
    let (home, repo) = own_demo();
    let r = repo.to_str().unwrap();
    let fresh_main = git(&home, &repo, &["rev-parse", "main"]);
    // A reviewer comments: the demo now holds a review record.
    ok(&duyet(
        home.path(),
        &[
            "--repo",
            r,
            "--as",
            common::DUNG,
            "comment",
            DRAFT,
            "ket-qua-dieu-hanh-kt-xh",
            "-m",
            "Đề nghị bổ sung số liệu quý IV.",
            "--rev",
            DEPT,
        ],
    ));
    let records = git(&home, &repo, &["rev-parse", "refs/duyet/reviews"]);

    // Without --force: refused, with what to do instead; nothing changed.
    let out = duyet(home.path(), &["demo", r, "--no-tui"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("already holds a duyet demo"), "{err}");
    assert!(err.contains("review records"), "{err}");
    assert!(err.contains(&format!("duyet --repo {r}")), "{err}");
    assert!(err.contains(&format!("duyet demo {r} --force")), "{err}");
    assert_eq!(
        git(&home, &repo, &["rev-parse", "refs/duyet/reviews"]),
        records
    );

    // With --force: built again from scratch, the same as the first time.
    let text = ok(&duyet(home.path(), &["demo", r, "--no-tui", "--force"]));
    assert!(text.contains(r), "{text}");
    assert_eq!(git(&home, &repo, &["rev-parse", "main"]), fresh_main);
    let refs = git(&home, &repo, &["for-each-ref", "--format=%(refname)"]);
    assert!(!refs.contains("refs/duyet/reviews"), "{refs}");
}

#[test]
fn demo_force_never_deletes_a_folder_that_is_not_a_demo() {
    let home = TempDir::new().unwrap();
    let dir = home.path().join("tai-lieu");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("bao-cao.docx"), "của tôi").unwrap();
    let out = duyet(
        home.path(),
        &["demo", dir.to_str().unwrap(), "--no-tui", "--force"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("not a duyet demo repository"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("bao-cao.docx")).unwrap(),
        "của tôi"
    );
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    // An empty folder is fine.
    let empty = home.path().join("trong");
    std::fs::create_dir(&empty).unwrap();
    ok(&duyet(
        home.path(),
        &["demo", empty.to_str().unwrap(), "--no-tui"],
    ));
}

/// I.4's opening: its title is 85 characters long.
const KT_XH: &str = "ket-qua-dieu-hanh-kt-xh";
const KT_XH_TITLE: &str =
    "Về điều hành phát triển kinh tế - xã hội và giải quyết các vấn đề trọng tâm, phát sinh";

/// `duyet --as HOA edit DRAFT KT_XH --body-file FILE [extra…]`, with a body
/// that differs each time (`n`).
fn edit_kt_xh(home: &TempDir, repo: &Path, n: usize, extra: &[&str]) -> Output {
    let body = home.path().join(format!("than-{n}.txt"));
    std::fs::write(&body, format!("Nội dung sửa lần thứ {n}.\n")).unwrap();
    let mut args = vec![
        "--repo",
        repo.to_str().unwrap(),
        "--as",
        common::HOA,
        "edit",
        DRAFT,
        KT_XH,
        "--body-file",
        body.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    duyet(home.path(), &args)
}

/// The last paragraph of the tip's message on the finance branch.
fn last_paragraph(home: &TempDir, repo: &Path) -> String {
    let message = git(home, repo, &["log", "-1", "--format=%B", DEPT]);
    message
        .trim_end()
        .rsplit("\n\n")
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn edit_without_a_message_writes_the_default_subject_cut_between_words() {
    let (home, repo) = own_demo();
    ok(&edit_kt_xh(&home, &repo, 1, &[]));
    let subject = git(&home, &repo, &["log", "-1", "--format=%s", DEPT]);
    let subject = subject.trim_end();
    assert_eq!(
        subject,
        "Sửa mục I.4 Về điều hành phát triển kinh tế - xã hội và giải quyết các…"
    );
    // What is kept of the title is whole words of it.
    let kept = subject
        .strip_prefix("Sửa mục I.4 ")
        .and_then(|s| s.strip_suffix('…'))
        .unwrap();
    assert!(KT_XH_TITLE.starts_with(kept));
    assert!(KT_XH_TITLE[kept.len()..].starts_with(' '), "{kept}");
    assert_eq!(
        last_paragraph(&home, &repo),
        format!("Duyet-Draft: drafts/{DRAFT}.yaml\nDuyet-Section: {KT_XH}")
    );
}

#[test]
fn edit_with_a_message_writes_it_as_subject_and_body_with_the_trailers_last() {
    let (home, repo) = own_demo();
    let message = "Cập nhật số liệu điều hành quý IV  \r\n\
                   Theo báo cáo nhanh của Chi cục Thống kê,\tngày 12/12/2023.\x1b[2J\n\
                   \n\
                   Duyet-Section: khong-phai-muc-nay\n\n";
    ok(&edit_kt_xh(&home, &repo, 1, &["-m", message]));
    let subject = git(&home, &repo, &["log", "-1", "--format=%s", DEPT]);
    assert_eq!(subject.trim_end(), "Cập nhật số liệu điều hành quý IV");
    let full = git(&home, &repo, &["log", "-1", "--format=%B", DEPT]);
    assert_eq!(
        full.trim_end(),
        format!(
            "Cập nhật số liệu điều hành quý IV\n\n\
             Theo báo cáo nhanh của Chi cục Thống kê, ngày 12/12/2023.\u{FFFD}[2J\n\n\
             Duyet-Section: khong-phai-muc-nay\n\n\
             Duyet-Draft: drafts/{DRAFT}.yaml\nDuyet-Section: {KT_XH}"
        )
    );
    // The revision list shows the subject alone.
    let revs = json(&duyet(
        home.path(),
        &[
            "--repo",
            repo.to_str().unwrap(),
            "revisions",
            DRAFT,
            "--rev",
            DEPT,
            "--json",
        ],
    ));
    let text = revs.to_string();
    assert!(
        text.contains("\"Cập nhật số liệu điều hành quý IV\""),
        "{text}"
    );

    // A message of spaces is no message: the default subject.
    ok(&edit_kt_xh(&home, &repo, 2, &["-m", "  \n "]));
    let subject = git(&home, &repo, &["log", "-1", "--format=%s", DEPT]);
    assert!(subject.starts_with("Sửa mục I.4 Về điều hành"), "{subject}");
    assert!(last_paragraph(&home, &repo).starts_with("Duyet-Draft: "));
}
