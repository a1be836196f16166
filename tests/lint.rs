//! `duyet check` as lint (issue 11): the real report's mistakes found and
//! placed, `--json`, `--strict`, `--rev`, and dismissing a finding with a
//! reason as a review record that everyone then sees.

mod common;

use common::{ReviewRepo, git_ok, hoa, ok, review_repo, stderr, stranger, thang};
use serde_json::Value;

const SAMPLE: &str = include_str!("../drafts/bao-cao-ubnd-tan-yen-2023.yaml");
const PATH: &str = "drafts/bao-cao-ubnd-tan-yen-2023.yaml";

fn repo() -> ReviewRepo {
    let r = review_repo();
    r.commit("main", &[(PATH, SAMPLE)], &thang(), 1, "Báo cáo năm 2023");
    r
}

fn check_json(r: &ReviewRepo, extra: &[&str]) -> Value {
    let mut args = vec!["check", "bao-cao-ubnd-tan-yen-2023", "--json"];
    args.extend_from_slice(extra);
    let text = ok(&r.duyet_as(None, &args));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

fn finding<'a>(report: &'a Value, kind: &str, section: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .expect("findings is a list")
        .iter()
        .find(|f| f["kind"] == kind && f["section"] == section)
        .unwrap_or_else(|| panic!("no {kind} in {section}: {report:#}"))
}

#[test]
fn the_sample_report_has_its_real_mistakes_found_with_their_words() {
    let r = repo();
    let report = check_json(&r, &[]);
    assert_eq!(report["file"], PATH);
    assert_eq!(report["rev"], "main");
    assert_eq!(report["valid"], true);
    let gap = finding(&report, "numbering-gap", "nhiem-vu-2024");
    assert_eq!(gap["message"], "III, IV missing before V");
    assert_eq!(gap["words"][0]["text"], "V");
    assert_eq!(gap["words"][0]["field"], "number");
    finding(&report, "numbering-duplicate", "danh-gia-nguyen-nhan");
    let name = finding(&report, "name-variant", "danh-gia-uu-diem");
    assert_eq!(name["words"][0]["text"], "Ukraina");
    assert_eq!(name["usual"], "Ukraine");
    finding(&report, "period-length", "_preamble");
    finding(&report, "misspelling", "_footnotes");
    for f in report["findings"].as_array().unwrap() {
        for key in ["kind", "section", "message", "words", "key"] {
            assert!(!f[key].is_null(), "{key} missing in {f}");
        }
    }
    // Findings alone: success, unless --strict.
    let strict = r.duyet_as(None, &["check", "bao-cao-ubnd-tan-yen-2023", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    let plain = ok(&r.duyet_as(None, &["check", "bao-cao-ubnd-tan-yen-2023"]));
    assert!(plain.contains("nhiem-vu-2024 [numbering-gap "), "{plain}");
    assert!(plain.contains("III, IV missing before V"), "{plain}");
}

#[test]
fn a_file_on_disk_and_the_vietnamese_words() {
    let r = repo();
    std::fs::create_dir_all(r.repo.join("drafts")).unwrap();
    std::fs::write(r.repo.join(PATH), SAMPLE).unwrap();
    let out = common::duyet_command_vi(&r.repo)
        .args(["check", PATH])
        .output()
        .unwrap();
    let text = ok(&out);
    assert!(text.contains("hợp lệ; "), "{text}");
    assert!(text.contains("thiếu số III, IV trước V"), "{text}");
}

#[test]
fn a_dismissal_is_a_record_everyone_sees_and_the_finding_is_set_aside() {
    let r = repo();
    let before = check_json(&r, &[]);
    let key = finding(&before, "name-variant", "danh-gia-uu-diem")["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let id = ok(&r.duyet_as(
        Some(&thang()),
        &[
            "dismiss",
            "bao-cao-ubnd-tan-yen-2023",
            &key[..6],
            "-m",
            "Bản gốc viết vậy",
        ],
    ));
    let message = git_ok(&r.repo, &["log", "-1", "--format=%B", "refs/duyet/reviews"]);
    assert!(
        message.contains(&format!("Duyet-Finding: {key}")),
        "{message}"
    );
    assert!(message.contains("Duyet-Action: dismiss"), "{message}");
    assert!(message.contains("Bản gốc viết vậy"), "{message}");
    // Everyone's check now shows it dismissed, by whom and why.
    let after = check_json(&r, &[]);
    let dismissed = finding(&after, "name-variant", "danh-gia-uu-diem");
    assert_eq!(dismissed["dismissed"]["reason"], "Bản gốc viết vậy");
    assert_eq!(dismissed["dismissed"]["record"], id.trim());
    let plain = ok(&r.duyet_as(None, &["check", "bao-cao-ubnd-tan-yen-2023"]));
    assert!(!plain.contains("Ukraina"), "{plain}");
    assert!(plain.contains("1 dismissed"), "{plain}");
    // And the log lists the record.
    let log = ok(&r.duyet_as(None, &["log", "bao-cao-ubnd-tan-yen-2023"]));
    assert!(log.contains("Bản gốc viết vậy"), "{log}");
}

#[test]
fn dismissals_are_refused_without_a_reason_a_finding_or_a_place_in_duyet_yaml() {
    let r = repo();
    let report = check_json(&r, &[]);
    let key = finding(&report, "period-length", "_preamble")["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let draft = "bao-cao-ubnd-tan-yen-2023";
    let tip = r.reviews_tip();
    let no_reason = r.duyet_as(Some(&hoa()), &["dismiss", draft, &key, "-m", "  "]);
    assert_eq!(no_reason.status.code(), Some(1), "{}", stderr(&no_reason));
    let unknown = r.duyet_as(Some(&hoa()), &["dismiss", draft, "0000000", "-m", "x"]);
    assert!(
        stderr(&unknown).contains("has no check finding `0000000`"),
        "{}",
        stderr(&unknown)
    );
    let stranger = r.duyet_as(Some(&stranger()), &["dismiss", draft, &key, "-m", "x"]);
    assert!(!stranger.status.success());
    assert_eq!(r.reviews_tip(), tip, "nothing was written");
    // A dismissal written by hand by someone not in duyet.yaml does not count.
    let forged = format!(
        "Bỏ qua\n\nx\n\nDuyet-Action: dismiss\nDuyet-Draft: {PATH}\nDuyet-Section: _preamble\nDuyet-Finding: {key}\n"
    );
    let tree = git_ok(&r.repo, &["hash-object", "-t", "tree", "-w", "/dev/null"]);
    let commit = r
        .git()
        .args(["commit-tree", tree.trim(), "-m", &forged])
        .env("GIT_AUTHOR_NAME", "Kẻ Lạ")
        .env("GIT_AUTHOR_EMAIL", "la@example.com")
        .output()
        .unwrap();
    let commit = String::from_utf8(commit.stdout).unwrap();
    git_ok(
        &r.repo,
        &["update-ref", "refs/duyet/reviews", commit.trim()],
    );
    let after = check_json(&r, &[]);
    assert!(finding(&after, "period-length", "_preamble")["dismissed"].is_null());
}

#[test]
fn a_broken_department_branch_is_invalid_in_json_too_and_exits_1() {
    let r = repo();
    r.commit(
        "dept/phong-noi-vu",
        &[(PATH, "schema: 1\nid: [broken\n")],
        &thang(),
        2,
        "hỏng",
    );
    let out = r.duyet_as(
        None,
        &[
            "check",
            "bao-cao-ubnd-tan-yen-2023",
            "--rev",
            "dept/phong-noi-vu",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["valid"], false);
    assert_eq!(report["rev"], "dept/phong-noi-vu");
    assert!(
        stderr(&out).contains("(dept/phong-noi-vu):2:"),
        "{}",
        stderr(&out)
    );
}
