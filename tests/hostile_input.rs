//! Hostile and broken input gets a clear answer — `file:line:column: what to
//! do`, a non-zero exit — and never a panic, a hang or unbounded memory,
//! whichever way it is read: `load_draft` itself, `duyet check`, `duyet
//! sections` and `duyet diff` on a repository holding it, and the screen.
//!
//! The corpus under `tests/corpus/` holds the small files, each with the
//! answer it must get in `EXPECTED.tsv`; the large ones are made here
//! (`generated`), never committed. Peak memory of the child processes is read
//! from /proc; time is only a hang guard.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Mutex;
use std::time::Duration;

use common::{Measured, duyet_command, git_ok, run_measured, stderr, stdout};
use duyet::core::config::Config;
use duyet::core::load_draft;
use duyet::ops::compare::Range;
use duyet::store::Store;
use duyet::tui::app::{App, Job, Loadable, WorkerEvent};
use duyet::tui::keys::Action;
use duyet::tui::{Lang, open_inline};
use proptest::prelude::*;

/// The department branch the broken drafts are proposed on (Lê Thị Hoa's).
const BRANCH: &str = "dept/phong-tai-chinh";
/// What any command may hold at its peak.
const MAX_PEAK_KIB: u64 = 300 * 1024;
/// A command still running after this hangs (debug builds are slow: the
/// release build answers every input here in under 5 s).
const HANG: Duration = Duration::from_secs(30);

/// One heavy child process at a time, so each peak and time is its own.
static HEAVY: Mutex<()> = Mutex::new(());

/// The valid draft every corpus draft breaks (the corpus files are this
/// with one thing changed); owners are departments of the sample duyet.yaml.
const VALID: &str = "schema: 1
id: bao-cao-thu
issuing_body: ỦY BAN NHÂN DÂN HUYỆN TÂN YÊN
document_type: BÁO CÁO
number: 'Số:      /BC-UBND'
place_date: Tân Yên, ngày      tháng 11 năm 2026
title: Tình hình kinh tế - xã hội tháng 11
sections:
  - id: kinh-te
    number: I
    title: Kinh tế
    owner: phong-tai-chinh
    body: |
      Tổng thu ngân sách đạt 412,5 tỷ đồng[^fn-thu].
  - id: xa-hoi
    number: II
    title: Xã hội
    owner: van-phong
footnotes:
  - id: fn-thu
    text: Số liệu ước thực hiện.
";

const SAMPLE_CONFIG: &str = include_str!("../drafts/duyet.yaml");

/// What a file must get: refused with its first problem at `at` and these
/// words in the message, or loaded (`at` is `None`).
#[derive(Debug, Clone)]
struct Expect {
    at: Option<(usize, usize)>,
    words: Vec<String>,
}

impl Expect {
    fn refused(line: usize, column: usize, words: &[&str]) -> Self {
        Expect {
            at: Some((line, column)),
            words: words.iter().map(|w| (*w).to_owned()).collect(),
        }
    }

    fn loads() -> Self {
        Expect {
            at: None,
            words: Vec::new(),
        }
    }

    /// Checks a command's answer: `label:line:column:` and the words in
    /// `text` (stderr, or an error message) for a refusal.
    fn check_text(&self, what: &str, label: &str, text: &str) {
        let Some((line, column)) = self.at else {
            return;
        };
        let at = format!("{label}:{line}:{column}: ");
        let first = text
            .lines()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("{what}: no line names {label}:\n{text}"));
        assert!(
            first.contains(&at),
            "{what}: the first problem is not at {at}:\n{text}"
        );
        for w in &self.words {
            assert!(first.contains(w.as_str()), "{what}: `{w}` missing:\n{text}");
        }
    }

    /// Checks a finished command: exit 0 when the file loads, else exit 1
    /// and the position on stderr.
    fn check_output(&self, what: &str, label: &str, out: &Output) {
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{what} panicked:\n{err}");
        match self.at {
            None => assert!(
                out.status.success(),
                "{what} should succeed, got {:?}:\n{err}",
                out.status.code()
            ),
            Some(_) => {
                assert_eq!(out.status.code(), Some(1), "{what}:\n{err}");
                self.check_text(what, label, &err);
            }
        }
    }
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// A corpus manifest: name, expected answer, and its other columns.
fn manifest(dir: &str) -> Vec<(String, Expect, Vec<String>)> {
    let text = std::fs::read_to_string(corpus().join(dir).join("EXPECTED.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let words: Vec<&str> = cols[2].split('|').filter(|w| !w.is_empty()).collect();
            let expect = match cols[1] {
                "ok" => Expect::loads(),
                at => {
                    let (line, column) = at.split_once(':').unwrap();
                    Expect::refused(line.parse().unwrap(), column.parse().unwrap(), &words)
                }
            };
            let rest = cols[3..].iter().map(|c| (*c).to_owned()).collect();
            (cols[0].to_owned(), expect, rest)
        })
        .collect()
}

/// The corpus drafts: name, bytes, answer.
fn corpus_drafts() -> Vec<(String, Vec<u8>, Expect)> {
    manifest("drafts")
        .into_iter()
        .map(|(name, expect, _)| {
            let bytes = std::fs::read(corpus().join("drafts").join(format!("{name}.yaml")))
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, bytes, expect)
        })
        .collect()
}

/// Checks what `load_draft` (or `Config::load`) returned.
fn check_result<T>(name: &str, expect: &Expect, result: Result<T, duyet::core::LoadError>) {
    match (result, expect.at) {
        (Ok(_), None) => {}
        (Ok(_), Some(at)) => panic!("{name}: loaded, but should be refused at {at:?}"),
        (Err(e), None) => panic!("{name}: should load, got:\n{e}"),
        (Err(e), Some(at)) => {
            assert!(
                e.diagnostics.iter().all(|d| d.line >= 1 && d.column >= 1),
                "{name}: a position below 1:1:\n{e}"
            );
            let first = &e.diagnostics[0];
            assert_eq!((first.line, first.column), at, "{name}:\n{e}");
            for w in &expect.words {
                assert!(
                    first.message.contains(w.as_str()),
                    "{name}: `{w}` missing:\n{e}"
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The corpus

#[test]
fn the_corpus_is_complete() {
    let listed: Vec<String> = manifest("drafts").into_iter().map(|c| c.0).collect();
    let mut files: Vec<String> = std::fs::read_dir(corpus().join("drafts"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".yaml").map(str::to_owned)
        })
        .collect();
    files.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(files, sorted, "every corpus draft is in EXPECTED.tsv, once");
    let bad = manifest("drafts")
        .iter()
        .filter(|c| c.1.at.is_some())
        .count();
    assert!(bad + generated().len() >= 60, "{bad} bad drafts");
    let configs = manifest("config");
    assert!(
        configs.len() >= 15,
        "{} bad duyet.yaml files",
        configs.len()
    );
    for (name, _, _) in configs {
        assert!(
            corpus()
                .join("config")
                .join(&name)
                .join("duyet.yaml")
                .exists()
        );
    }
    assert!(load_draft("valid.yaml", VALID.as_bytes()).is_ok());
}

#[test]
fn every_corpus_draft_is_answered_with_its_position() {
    for (name, bytes, expect) in corpus_drafts() {
        check_result(&name, &expect, load_draft(&name, &bytes));
    }
}

/// A repository whose `main` has the sample duyet.yaml and, for each draft,
/// `VALID`; `BRANCH` changes each to the given bytes. Returns its folder.
fn repo_with(dir: &Path, drafts: &[(String, &[u8])]) -> PathBuf {
    let repo = dir.join("repo");
    std::fs::create_dir_all(repo.join("drafts")).unwrap();
    git_ok(&repo, &["init", "-q", "-b", "main"]);
    std::fs::write(repo.join("duyet.yaml"), SAMPLE_CONFIG).unwrap();
    for (name, _) in drafts {
        std::fs::write(repo.join(format!("drafts/{name}.yaml")), VALID).unwrap();
    }
    git_ok(&repo, &["add", "-A"]);
    git_ok(&repo, &["commit", "-q", "-m", "Bản nháp"]);
    git_ok(&repo, &["checkout", "-q", "-b", BRANCH]);
    for (name, bytes) in drafts {
        std::fs::write(repo.join(format!("drafts/{name}.yaml")), bytes).unwrap();
    }
    git_ok(&repo, &["add", "-A"]);
    git_ok(&repo, &["commit", "-q", "--allow-empty", "-m", "Đề xuất"]);
    git_ok(&repo, &["checkout", "-q", "main"]);
    repo
}

/// The label duyet gives a draft read from `BRANCH`.
fn branch_label(name: &str) -> String {
    format!("drafts/{name}.yaml ({BRANCH})")
}

#[test]
fn corpus_drafts_get_the_same_answer_from_check_sections_and_diff() {
    let tmp = tempfile::tempdir().unwrap();
    let drafts = corpus_drafts();
    let listed: Vec<(String, &[u8])> = drafts
        .iter()
        .map(|(n, b, _)| (n.clone(), b.as_slice()))
        .collect();
    let repo = repo_with(tmp.path(), &listed);
    for (name, _, expect) in &drafts {
        let path = corpus().join("drafts").join(format!("{name}.yaml"));
        let path = path.to_str().unwrap();
        // In the repository, so owners are checked against main's duyet.yaml.
        let out = duyet_command(&repo).args(["check", path]).output().unwrap();
        expect.check_output(&format!("check {name}"), path, &out);
        if expect.at.is_none() {
            // Valid: the first line says so (lint findings may follow).
            let text = stdout(&out);
            let first = text.lines().next().unwrap_or_default();
            assert!(
                first == format!("{path}: ok") || first.starts_with(&format!("{path}: valid; ")),
                "{text}"
            );
        }
        let out = duyet_command(&repo)
            .args(["sections", name, "--rev", BRANCH])
            .output()
            .unwrap();
        expect.check_output(&format!("sections {name}"), &branch_label(name), &out);
        let out = duyet_command(&repo)
            .args(["diff", name, &format!("main...{BRANCH}")])
            .output()
            .unwrap();
        expect.check_output(&format!("diff {name}"), &branch_label(name), &out);
    }
}

#[test]
fn corpus_drafts_get_the_same_answer_on_the_screen() {
    let tmp = tempfile::tempdir().unwrap();
    let drafts = corpus_drafts();
    let listed: Vec<(String, &[u8])> = drafts
        .iter()
        .map(|(n, b, _)| (n.clone(), b.as_slice()))
        .collect();
    let repo = repo_with(tmp.path(), &listed);
    let store = Store::open(Some(&repo)).unwrap();
    for (name, _, expect) in &drafts {
        // The job the screen's worker runs for main → the branch.
        let job = Job::Diff {
            generation: 1,
            draft: format!("drafts/{name}.yaml"),
            from: "main".into(),
            to: BRANCH.into(),
            range: Range::SinceFork,
        };
        let WorkerEvent::Diff { result, .. } = duyet::tui::worker::execute(&store, job) else {
            panic!("a diff job answers with a diff");
        };
        match (result, expect.at) {
            (Ok(_), None) => {}
            (Err(e), Some(_)) => expect.check_text(
                &format!("screen {name}"),
                &branch_label(name),
                &e.text(duyet::tui::Lang::En),
            ),
            (Ok(_), Some(at)) => panic!("screen {name}: loaded, should be refused at {at:?}"),
            (Err(e), None) => panic!("screen {name}: should load, got {e:?}"),
        }
    }
}

// ---------------------------------------------------------------------------
// duyet.yaml

#[test]
fn every_corpus_config_is_answered_with_its_position() {
    for (name, expect, rest) in manifest("config") {
        let bytes = std::fs::read(corpus().join("config").join(&name).join("duyet.yaml")).unwrap();
        let check_only = rest.first().is_some_and(|c| c == "check");
        check_result(&name, &expect, Config::check("duyet.yaml", &bytes));
        if check_only {
            // Reading still works: nothing is approved, which status says.
            assert!(Config::load("duyet.yaml", &bytes).is_ok(), "{name}");
        } else {
            check_result(&name, &expect, Config::load("duyet.yaml", &bytes));
        }
    }
}

#[test]
fn corpus_configs_through_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, expect, rest) in manifest("config") {
        let file = corpus().join("config").join(&name).join("duyet.yaml");
        let file = file.to_str().unwrap();
        let out = duyet_command(tmp.path())
            .args(["check", file])
            .output()
            .unwrap();
        expect.check_output(&format!("check {name}"), file, &out);
        if rest.first().is_some_and(|c| c == "check") {
            continue;
        }
        // On main, it does not stop anyone reading: status warns with the
        // position and counts no approval.
        let dir = tmp.path().join(&name);
        let repo = repo_with(&dir, &[("bao-cao".into(), VALID.as_bytes())]);
        std::fs::copy(file, repo.join("duyet.yaml")).unwrap();
        git_ok(&repo, &["commit", "-q", "-am", "duyet.yaml hỏng"]);
        let out = duyet_command(&repo)
            .args(["status", "bao-cao"])
            .output()
            .unwrap();
        assert!(out.status.success(), "status {name}: {}", stderr(&out));
        expect.check_text(
            &format!("status {name}"),
            "duyet.yaml (main)",
            &stderr(&out),
        );
    }
}

#[test]
fn owners_must_be_departments_of_duyet_yaml() {
    let tmp = tempfile::tempdir().unwrap();
    let draft = VALID.replace("owner: van-phong", "owner: phong-khong-co");
    let file = tmp.path().join("x.yaml");
    std::fs::write(&file, &draft).unwrap();
    let owner_at = "x.yaml:18:5: section `xa-hoi`: owner `phong-khong-co` is not a department";
    // Outside a repository and without duyet.yaml: nothing to check against.
    let out = duyet_command(tmp.path())
        .args(["check", "x.yaml"])
        .output()
        .unwrap();
    assert!(
        stdout(&out).starts_with("x.yaml: valid; 1 findings\n  xa-hoi [empty-section "),
        "{}",
        stderr(&out)
    );
    // duyet.yaml on the same command line.
    std::fs::write(tmp.path().join("duyet.yaml"), SAMPLE_CONFIG).unwrap();
    let out = duyet_command(tmp.path())
        .args(["check", "duyet.yaml", "x.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(owner_at), "{}", stderr(&out));
    assert_eq!(stdout(&out), "duyet.yaml: ok\n");
    // duyet.yaml of the repository, on main.
    let repo = repo_with(tmp.path(), &[("bao-cao".into(), VALID.as_bytes())]);
    std::fs::write(repo.join("x.yaml"), &draft).unwrap();
    let out = duyet_command(&repo)
        .args(["check", "x.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(owner_at), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------
// Large inputs, made here: peak memory and a hang guard

/// A draft of `VALID`'s head with `sections` (a YAML block) and `rest`.
fn big(sections: &str, rest: &str) -> Vec<u8> {
    let head = VALID.split("sections:").next().unwrap();
    format!("{head}sections:{sections}{rest}").into_bytes()
}

fn sections(n: usize, f: impl Fn(usize) -> String) -> String {
    let mut s = String::from("\n");
    for i in 0..n {
        s.push_str(&f(i));
    }
    s
}

/// The large inputs: name, bytes, answer.
fn generated() -> Vec<(&'static str, Vec<u8>, Expect)> {
    let one = "\n  - id: a\n    title: A\n    owner: van-phong\n";
    let mib = "x".repeat(1024 * 1024);
    vec![
        // A 1 MiB anchor used 1 000 times: 1 GB once expanded.
        (
            "alias-1000",
            big(
                &sections(1000, |i| {
                    format!("  - id: s{i}\n    owner: van-phong\n    title: *t\n")
                }),
                &format!("preamble: &t {mib}\n"),
            ),
            Expect::refused(11, 12, &["`*t` is a YAML alias"]),
        ),
        // Nine levels of ten aliases each: a billion sections.
        (
            "billion-laughs",
            {
                let mut s = String::from("\n  - &a0 {id: a, owner: van-phong, title: t}\n");
                for i in 1..10 {
                    let refs = vec![format!("*a{}", i - 1); 10].join(", ");
                    s.push_str(&format!(
                        "  - &a{i} {{id: b{i}, owner: van-phong, title: t, sections: [{refs}]}}\n"
                    ));
                }
                big(&s, "")
            },
            Expect::refused(9, 5, &["anchor"]),
        ),
        // A million `[`: the YAML library scans these in quadratic time.
        (
            "flow-1m",
            big(&format!(" {}\n", "[".repeat(1_000_000)), ""),
            Expect::refused(8, 74, &["nested deeper than 64 levels"]),
        ),
        // Sections nested 10 000 deep, in flow style.
        (
            "sections-10k-deep",
            {
                let mut s = String::from(" ");
                for i in 0..10_000 {
                    s.push_str(&format!(
                        "[{{id: s{i}, owner: van-phong, title: t, sections: "
                    ));
                }
                s.push_str("[]");
                s.push_str(&"}]".repeat(10_000));
                s.push('\n');
                big(&s, "")
            },
            Expect::refused(8, 1521, &["nested deeper than 64 levels"]),
        ),
        // 200 000 citations of footnotes that do not exist, on one line.
        (
            "footnotes-200k-missing",
            big(
                &format!(
                    "\n  - id: a\n    owner: van-phong\n    body: |\n      {}\n",
                    (0..200_000)
                        .map(|i| format!("[^f{i}]"))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
                "",
            ),
            Expect::refused(12, 7, &["`[^f0]` is cited but there is no footnote"]),
        ),
        // 50 000 sections with one id.
        (
            "duplicate-ids-50k",
            big(
                &sections(50_000, |i| {
                    format!("  - id: s\n    owner: van-phong\n    title: t{i}\n")
                }),
                "",
            ),
            Expect::refused(12, 5, &["duplicate section id `s`"]),
        ),
        // 3 000 000 values: the YAML library's memory per value.
        (
            "values-3m",
            big(
                " []\n",
                &format!("recipients: [{}1]\n", "1,".repeat(3_000_000)),
            ),
            Expect::refused(9, 999_970, &["more than 500000 YAML values"]),
        ),
        // 100 000 sections: more values than a draft may have, said at once.
        (
            "sections-100k",
            big(
                &sections(100_000, |i| {
                    format!("  - id: s{i}\n    owner: van-phong\n    title: t{i}\n")
                }),
                "",
            ),
            Expect::refused(187_501, 5, &["more than 500000 YAML values"]),
        ),
        // 4 MiB of tabs: a problem each, kept in bounded memory.
        (
            "tabs-4m",
            big(one, &"#\t\t\t\t\t\t\t\t\n".repeat(400_000)),
            Expect::refused(12, 2, &["tab character"]),
        ),
        // 5 MB of NUL bytes.
        (
            "nul-5mb",
            vec![0; 5_000_000],
            Expect::refused(1, 1, &["NUL"]),
        ),
        // Over the size limit.
        (
            "file-50mb",
            big(
                one,
                &format!(
                    "preamble: |\n{}",
                    format!("  {}\n", "a".repeat(98)).repeat(500_000)
                ),
            ),
            Expect::refused(1, 1, &["the limit is 8388608 bytes"]),
        ),
        // A 5 MB line of text: accepted.
        (
            "line-5mb",
            big(one, &format!("preamble: {}\n", "a".repeat(5_000_000))),
            Expect::loads(),
        ),
        // 50 000 sections, 10 000 footnotes each cited five times: accepted.
        (
            "sections-50k",
            big(
                &sections(50_000, |i| {
                    format!(
                        "  - id: s{i}\n    owner: van-phong\n    body: Mục {i}[^f{}].\n",
                        i / 5
                    )
                }),
                &format!(
                    "footnotes:\n{}",
                    (0..10_000)
                        .map(|i| format!("  - id: f{i}\n    text: t\n"))
                        .collect::<String>()
                ),
            ),
            Expect::loads(),
        ),
    ]
}

/// Runs one command as a measured child; checks its answer and its peak.
fn measured(what: &str, cmd: &mut std::process::Command, label: &str, expect: &Expect) -> Measured {
    let started = std::time::Instant::now();
    let m = run_measured(cmd, HANG, 2 * MAX_PEAK_KIB);
    // Seen with --nocapture: what each took (debug build).
    eprintln!(
        "{what}: {} MiB, {:.1} s",
        m.peak_kib / 1024,
        started.elapsed().as_secs_f64()
    );
    expect.check_output(what, label, &m.output);
    assert!(
        m.peak_kib < MAX_PEAK_KIB,
        "{what}: peak {} MiB",
        m.peak_kib / 1024
    );
    m
}

#[test]
fn large_inputs_are_answered_in_bounded_memory() {
    let _heavy = HEAVY.lock().unwrap_or_else(|e| e.into_inner());
    let tmp = tempfile::tempdir().unwrap();
    let inputs = generated();
    let mut listed = Vec::new();
    for (name, bytes, expect) in &inputs {
        let file = tmp.path().join(format!("{name}.yaml"));
        std::fs::write(&file, bytes).unwrap();
        // In process first: the same answer, and the cheapest place to see it.
        if *name != "nul-5mb" {
            check_result(name, expect, load_draft(&format!("{name}.yaml"), bytes));
        }
        let label = format!("{name}.yaml");
        measured(
            &format!("check {name}"),
            duyet_command(tmp.path()).args(["check", &label]),
            &label,
            expect,
        );
        listed.push((name.to_string(), bytes.as_slice()));
    }
    let repo = repo_with(&tmp.path().join("r"), &listed);
    for (name, _, expect) in &inputs {
        let label = branch_label(name);
        measured(
            &format!("sections {name}"),
            duyet_command(&repo).args(["sections", name, "--rev", BRANCH]),
            &label,
            expect,
        );
        measured(
            &format!("diff {name}"),
            duyet_command(&repo).args(["diff", name, &format!("main...{BRANCH}")]),
            &label,
            expect,
        );
    }
    // The valid ones through `status`, and back again (50 000 sections
    // removed).
    git_ok(&repo, &["merge", "-q", "--ff-only", BRANCH]);
    for name in ["sections-50k", "line-5mb"] {
        let m = measured(
            &format!("status {name}"),
            duyet_command(&repo).args(["status", name]),
            name,
            &Expect::loads(),
        );
        assert!(stdout(&m.output).contains("sections approved"));
    }
    git_ok(&repo, &["checkout", "-q", "-b", "dept/van-phong", "main~1"]);
    git_ok(&repo, &["checkout", "-q", "main"]);
    measured(
        "diff removing 50 000 sections",
        duyet_command(&repo).args(["diff", "sections-50k", "main", "dept/van-phong"]),
        "sections-50k",
        &Expect::loads(),
    );
}

// ---------------------------------------------------------------------------
// The screen

/// A repository whose `BRANCH` proposes `bytes` as its only draft, opened on
/// the screen as Lê Thị Hoa (whose branch it is).
fn screen_on(bytes: &[u8]) -> (tempfile::TempDir, Store, App) {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repo_with(tmp.path(), &[("bao-cao".into(), bytes)]);
    let store = Store::open(Some(&repo)).unwrap();
    let mut app = App::new(Lang::En, (100, 30));
    open_inline(&store, &mut app, Some(common::hoa()));
    (tmp, store, app)
}

#[test]
fn a_pathological_branch_shows_its_error_and_the_screen_goes_on() {
    let _heavy = HEAVY.lock().unwrap_or_else(|e| e.into_inner());
    let label = branch_label("bao-cao");
    let inputs = generated();
    let pick = |name: &str| inputs.iter().find(|(n, _, _)| *n == name).unwrap();
    for name in [
        "alias-1000",
        "billion-laughs",
        "flow-1m",
        "values-3m",
        "nul-5mb",
    ] {
        let (_, bytes, expect) = pick(name);
        let (_tmp, store, mut app) = screen_on(bytes);
        assert_eq!(app.review.to, BRANCH, "{name}");
        let Loadable::Failed(e) = &app.review.comparison else {
            panic!("{name}: the comparison fails");
        };
        expect.check_text(name, &label, e);
        let shown = common::screen::screen(&app);
        let (line, column) = expect.at.unwrap();
        assert!(
            shown.contains(&format!(":{line}:{column}:")) || shown.contains(&format!(":{line}:")),
            "{name}: the position is on screen:\n{shown}"
        );
        // Keys still work: move, open help, close it.
        common::screen::press(
            &store,
            &mut app,
            &[Action::Down, Action::Up, Action::Help, Action::Help],
        );
        common::screen::screen(&app);
    }
}

// ---------------------------------------------------------------------------
// Property tests: whatever the bytes, an answer with a position, or a draft.

/// Checks a load's answer is sound: a draft, or problems each at line ≥ 1
/// and column ≥ 1 — and never one the YAML library found that `yaml::scan`
/// should have refused first (an alias, nesting too deep).
fn sound(result: Result<duyet::core::Draft, duyet::core::LoadError>) -> Result<(), TestCaseError> {
    if let Err(e) = result {
        prop_assert!(!e.diagnostics.is_empty());
        for d in &e.diagnostics {
            prop_assert!(d.line >= 1 && d.column >= 1, "{}", e);
            for missed in ["unknown anchor", "recursion limit", "repetition limit"] {
                prop_assert!(!d.message.contains(missed), "scan let through: {}", e);
            }
        }
    }
    Ok(())
}

/// Pieces of YAML and of drafts, for random documents that are nearly right.
const PIECES: &[&str] = &[
    "schema: 1\n",
    "id: a\n",
    "sections:\n",
    "  - id: s\n",
    "    owner: van-phong\n",
    "    title: ",
    "    body: |\n",
    "      Tổng thu [^f] đạt\n",
    "footnotes:\n",
    "  - ",
    "- ",
    ": ",
    "? ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "'",
    "''",
    "\"",
    "\\\"",
    "&a ",
    "*a",
    "*a ",
    "!t ",
    "!!str ",
    "<<: ",
    "# c",
    " #",
    "|",
    ">",
    "|2-",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    " ",
    "  ",
    "    ",
    "\n",
    "\r\n",
    "\t",
    "ệ",
    "HĐND&UBND",
    "a*b",
    "~",
    "null",
    "1.10",
    "x",
    "text: t\n",
    "recipients: ",
    "\u{feff}",
    "\u{2028}",
    "\0",
];

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 300,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_bytes_are_answered(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        sound(load_draft("p.yaml", &bytes))?;
    }

    #[test]
    fn random_yaml_is_answered(pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..120)) {
        sound(load_draft("p.yaml", pieces.concat().as_bytes()))?;
    }

    /// An alias or anchor put anywhere in a valid draft is refused by
    /// `yaml::scan` or is text the YAML library reads as text too.
    #[test]
    fn an_alias_anywhere_is_caught(at in 0..VALID.len(), piece in proptest::sample::select(&["*a", " *a", "&a ", "*a\n", "[*a]", "\n  *a", ": *a", "- *a"][..])) {
        let mut text = VALID.to_owned();
        let at = (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        text.insert_str(at, piece);
        sound(load_draft("p.yaml", text.as_bytes()))?;
    }

    #[test]
    fn random_config_is_answered(pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..80)) {
        let text = format!("schema: 1\ndepartments:\n{}", pieces.concat());
        if let Err(e) = Config::load("duyet.yaml", text.as_bytes()) {
            prop_assert!(e.diagnostics.iter().all(|d| d.line >= 1 && d.column >= 1), "{}", e);
        }
    }
}
