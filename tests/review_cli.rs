//! The review commands through the real binary, as a script (or an officer
//! at a shell) would use them: exit codes, messages, `--json`, and what plain
//! `git` sees. Also records written by hand with plain git, and a missing or
//! broken `duyet.yaml`.

mod common;

use std::io::Write as _;
use std::process::Stdio;

use common::{
    REVIEW_DRAFT, ReviewRepo, dung, hang, hoa, long, ok, review_repo, review_repo_with, son,
    stderr, stdout, stranger, thang,
};
use duyet::core::Identity;
use duyet::core::review::section_hash;
use serde_json::Value;

/// Runs `duyet --as WHO args…`, expecting success; returns stdout trimmed.
fn run(r: &ReviewRepo, who: &Identity, args: &[&str]) -> String {
    ok(&r.duyet_as(Some(who), args)).trim().to_owned()
}

fn status_json(r: &ReviewRepo, extra: &[&str]) -> Value {
    let mut args = vec!["status", "bao-cao", "--json"];
    args.extend_from_slice(extra);
    let text = ok(&r.duyet_as(None, &args));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

fn section_json<'a>(status: &'a Value, id: &str) -> &'a Value {
    status["sections"]
        .as_array()
        .expect("`sections` is a list")
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no section {id} in {status}"))
}

fn state_of(r: &ReviewRepo, id: &str) -> String {
    section_json(&status_json(r, &[]), id)["state"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn emails(list: &Value) -> Vec<String> {
    let mut v: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["email"].as_str().unwrap().to_owned())
        .collect();
    v.sort();
    v
}

// ------------------------------------------------------------ records

/// A comment's text and an edit's message go through the one cleaning of
/// message text: a control or bidi character is written as `�`, visibly —
/// never dropped, never kept to act on a terminal that shows `git log`.
#[test]
fn comments_and_edit_messages_show_control_and_bidi_characters_alike() {
    let r = review_repo();
    let evil = "Sửa \u{1b}[7mđỏ\u{7} \u{9b}1m\u{202E}ngược\u{200B}\tx";
    let shown = "Sửa \u{FFFD}[7mđỏ\u{FFFD} \u{FFFD}1m\u{FFFD}ngược\u{FFFD} x";
    let c = run(
        &r,
        &dung(),
        &["comment", "bao-cao", "thu-ngan-sach", "-m", evil],
    );
    run(
        &r,
        &hoa(),
        &[
            "edit",
            "bao-cao",
            "thu-ngan-sach",
            "--title",
            "Thu",
            "-m",
            evil,
        ],
    );
    let record = r.git_ok(&["log", "-1", "--format=%B", &c]);
    let edit = r.git_ok(&["log", "-1", "--format=%B", "dept/phong-tai-chinh"]);
    for message in [&record, &edit] {
        assert!(
            !message.chars().any(
                |ch| (ch.is_control() && ch != '\n') || ('\u{200B}'..='\u{202E}').contains(&ch)
            ),
            "{message:?}"
        );
    }
    assert!(record.contains(&format!("\n\n{shown}\n\n")), "{record:?}");
    assert!(edit.starts_with(&format!("{shown}\n\n")), "{edit:?}");
    // What is stored is what every command shows.
    let log = ok(&r.duyet_as(None, &["log", "bao-cao", "--json"]));
    assert!(
        log.contains("Sửa \\ufffd[7mđỏ") || log.contains(shown),
        "{log}"
    );
}

#[test]
fn review_commands_write_records_plain_git_reads() {
    let r = review_repo();
    let main = r.git_ok(&["rev-parse", "main"]).trim().to_owned();
    let c = run(
        &r,
        &dung(),
        &[
            "comment",
            "bao-cao",
            "thu-ngan-sach",
            "-m",
            "Số liệu “412,5 tỷ” lấy từ đâu?",
            "--quote",
            "412,5 tỷ đồng",
        ],
    );
    assert_eq!(c.len(), 40, "prints the record's full id: {c}");
    assert_eq!(r.reviews_tip().as_deref(), Some(c.as_str()));
    let rep = run(
        &r,
        &hoa(),
        &["reply", &c[..8], "-m", "Theo báo cáo của Chi cục Thuế."],
    );
    let res = run(&r, &dung(), &["resolve", &c]);
    let a1 = run(&r, &dung(), &["approve", "bao-cao", "thu-ngan-sach"]);
    let a2 = run(
        &r,
        &thang(),
        &[
            "approve",
            REVIEW_DRAFT,
            "thu-ngan-sach",
            "--rev",
            &main,
            "-m",
            "Đồng ý.",
        ],
    );
    let rc = run(
        &r,
        &thang(),
        &[
            "request-changes",
            "bao-cao",
            "giao-duc",
            "-m",
            "Bổ sung số liệu cấp THCS.",
        ],
    );
    assert_eq!(r.record_count(), 6);

    let log = r.git_ok(&[
        "log",
        "--reverse",
        "--format=%H %an|%(trailers:key=Duyet-Action,valueonly,separator=)|%(trailers:key=Duyet-Section,valueonly,separator=)|%(trailers:key=Duyet-Reply-To,valueonly,separator=)|%(trailers:key=Duyet-Revision,valueonly,separator=)",
        "refs/duyet/reviews",
    ]);
    let lines: Vec<&str> = log.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines,
        [
            format!("{c} Hoàng Văn Dũng|comment|thu-ngan-sach||{main}"),
            format!("{rep} Lê Thị Hoa|reply|thu-ngan-sach|{c}|{main}"),
            format!("{res} Hoàng Văn Dũng|resolve|thu-ngan-sach|{c}|{main}"),
            format!("{a1} Hoàng Văn Dũng|approve|thu-ngan-sach||{main}"),
            format!("{a2} Nguyễn Văn Thắng|approve|thu-ngan-sach||{main}"),
            format!("{rc} Nguyễn Văn Thắng|request-changes|giao-duc||{main}"),
        ]
    );
    let body = r.git_ok(&["log", "-1", "--format=%B", &c]);
    assert!(body.contains("Số liệu “412,5 tỷ” lấy từ đâu?"), "{body}");
    assert!(body.contains("Duyet-Quote: 412,5 tỷ đồng"), "{body}");

    // `duyet log` shows the same, oldest first.
    let text = ok(&r.duyet_as(None, &["log", "bao-cao", "--json"]));
    let log: Value = serde_json::from_str(&text).unwrap();
    let ids: Vec<&str> = log["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [&c, &rep, &res, &a1, &a2, &rc].map(String::as_str));
    assert_eq!(log["records"][1]["text"], "Theo báo cáo của Chi cục Thuế.");
    assert_eq!(log["records"][1]["author_name"], "Lê Thị Hoa");
    let text = ok(&r.duyet_as(None, &["log", "bao-cao", "--section", "giao-duc"]));
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("request-changes"), "{text}");
    assert!(text.contains("Bổ sung số liệu cấp THCS."), "{text}");

    // And the state.
    let s = status_json(&r, &[]);
    assert_eq!(s["draft"], REVIEW_DRAFT);
    assert_eq!(s["approved"], 1);
    let tnc = section_json(&s, "thu-ngan-sach");
    assert_eq!(tnc["state"], "approved");
    assert_eq!(
        emails(&tnc["approvers"]),
        ["dung.hv@tanyen.example", "thang.nv@tanyen.example"]
    );
    assert_eq!(tnc["open_comments"], 0);
    assert_eq!(section_json(&s, "giao-duc")["state"], "changes-requested");
}

/// The command must fail (exit 1) with every word of `words` on stderr, and
/// leave the records ref where it was.
fn refused(r: &ReviewRepo, who: Option<&Identity>, args: &[&str], words: &[&str]) {
    let before = (r.reviews_tip(), r.record_count());
    let out = r.duyet_as(who, args);
    assert!(
        !out.status.success(),
        "{args:?} should be refused:\n{}",
        stdout(&out)
    );
    assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
    let err = stderr(&out);
    assert!(err.starts_with("duyet: "), "{args:?}: {err}");
    for w in words {
        assert!(err.contains(w), "{args:?}: no `{w}` in: {err}");
    }
    assert!(stdout(&out).is_empty(), "{args:?}: {}", stdout(&out));
    assert_eq!(
        (r.reviews_tip(), r.record_count()),
        before,
        "{args:?} moved the ref"
    );
}

#[test]
fn refused_commands_exit_1_say_why_and_write_nothing() {
    let r = review_repo();
    let c = run(
        &r,
        &dung(),
        &["comment", "bao-cao", "giao-duc", "-m", "Góp ý"],
    );
    let a = run(&r, &thang(), &["approve", "bao-cao", "giao-duc"]);
    let d = Some(&dung());
    refused(
        &r,
        d,
        &["comment", "khong-co", "giao-duc", "-m", "x"],
        &["drafts/khong-co.yaml", "does not exist"],
    );
    refused(
        &r,
        d,
        &["comment", "bao-cao", "khong-co-muc", "-m", "x"],
        &["no section `khong-co-muc`", "duyet sections"],
    );
    refused(
        &r,
        d,
        &["approve", "bao-cao", "thu-ngan-sach", "--rev", "nhanh-la"],
        &["unknown revision `nhanh-la`"],
    );
    refused(
        &r,
        d,
        &["comment", "bao-cao", "thu-ngan-sach", "-m", "  "],
        &["needs a text", "-m"],
    );
    refused(
        &r,
        d,
        &["request-changes", "bao-cao", "thu-ngan-sach", "-m", ""],
        &["needs a text"],
    );
    refused(
        &r,
        Some(&hoa()),
        &["approve", "bao-cao", "thu-ngan-sach"],
        &["not allowed", "Lê Thị Hoa", "not a reviewer"],
    );
    refused(
        &r,
        Some(&son()),
        &["request-changes", "bao-cao", "giao-duc", "-m", "Sửa"],
        &["not allowed", "Đặng Văn Sơn"],
    );
    refused(
        &r,
        Some(&long()),
        &["approve", "bao-cao", "thu-ngan-sach"],
        &["not allowed", "Vũ Đức Long", "Phòng Tài chính - Kế hoạch"],
    );
    refused(
        &r,
        Some(&stranger()),
        &["approve", "bao-cao", "thu-ngan-sach"],
        &["nguoi.la@example.org", "not listed in duyet.yaml"],
    );
    refused(
        &r,
        Some(&hoa()),
        &["reply", "0000000", "-m", "Trả lời"],
        &["no review record `0000000`", "duyet log"],
    );
    refused(
        &r,
        Some(&hoa()),
        &["resolve", "khong-phai-ma"],
        &["no review record"],
    );
    refused(
        &r,
        Some(&hoa()),
        &["reply", &c, "-m", ""],
        &["needs a text"],
    );
    refused(
        &r,
        Some(&hoa()),
        &["reply", &a, "-m", "Cảm ơn"],
        &["not a comment"],
    );
    refused(
        &r,
        d,
        &[
            "comment",
            "bao-cao",
            "thu-ngan-sach",
            "-m",
            "x",
            "--quote",
            "99,2%",
        ],
        &["99,2%", "not in section `thu-ngan-sach`"],
    );
    // Usage errors (clap) exit 2 and write nothing either.
    let before = r.record_count();
    let out = r.duyet_as(Some(&dung()), &["request-changes", "bao-cao", "giao-duc"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--message"), "{}", stderr(&out));
    let out = r.duyet_as(
        Some(&dung()),
        &["--as", "không có email", "approve", "bao-cao", "giao-duc"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(r.record_count(), before);
    // With no identity at all (no --as, no git config): a message saying how.
    refused(
        &r,
        None,
        &["comment", "bao-cao", "giao-duc", "-m", "Ai đây?"],
        &["--as", "user.name"],
    );
}

// ------------------------------------------------------------ state

#[test]
fn status_json_follows_the_review() {
    let r = review_repo();
    let s = status_json(&r, &[]);
    assert_eq!(s["rev"], "main");
    assert_eq!(s["total"], 5);
    assert_eq!(s["approved"], 0);
    for sec in s["sections"].as_array().unwrap() {
        assert_eq!(sec["state"], "pending", "{sec}");
        assert!(sec["id"].is_string());
        assert_eq!(sec["approvers"], Value::Array(vec![]));
        assert_eq!(sec["open_comments"], 0);
    }
    let ids: Vec<&str> = s["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "kinh-te",
            "thu-ngan-sach",
            "dau-tu-cong",
            "xa-hoi",
            "giao-duc"
        ],
        "reading order"
    );

    run(&r, &dung(), &["approve", "bao-cao", "dau-tu-cong"]);
    let s = status_json(&r, &[]);
    let sec = section_json(&s, "dau-tu-cong");
    assert_eq!(sec["state"], "pending");
    assert_eq!(sec["missing"], serde_json::json!(["office"]));
    let text = ok(&r.duyet_as(None, &["status", "bao-cao"]));
    let line = text.lines().find(|l| l.contains("[dau-tu-cong]")).unwrap();
    assert!(line.starts_with("pending"), "{line}");
    assert!(line.contains("approved by Hoàng Văn Dũng"), "{line}");
    assert!(line.contains("needs the office"), "{line}");

    run(&r, &hang(), &["approve", "bao-cao", "dau-tu-cong"]);
    assert_eq!(state_of(&r, "dau-tu-cong"), "approved");
    let text = ok(&r.duyet_as(None, &["status", "bao-cao"]));
    assert!(
        text.starts_with(&format!("{REVIEW_DRAFT} at main: 1 of 5 sections approved")),
        "{text}"
    );

    // One word changed on main: stale, with the stale approvers listed.
    let d = r.store().read_draft("main", REVIEW_DRAFT).unwrap();
    let text = common::review_draft_text().replace("78,4%", "79,4%");
    assert_ne!(text, duyet::core::yaml::write_draft(&d));
    r.commit(
        "main",
        &[(REVIEW_DRAFT, &text)],
        &thang(),
        10,
        "Sửa số liệu",
    );
    let s = status_json(&r, &[]);
    let sec = section_json(&s, "dau-tu-cong");
    assert_eq!(sec["state"], "stale");
    assert_eq!(sec["approvers"], Value::Array(vec![]));
    assert_eq!(
        emails(&sec["stale_approvers"]),
        ["dung.hv@tanyen.example", "hang.ttt@tanyen.example"]
    );
    // …while the revision approved still shows approved.
    let s = status_json(&r, &["--rev", "main~1"]);
    assert_eq!(section_json(&s, "dau-tu-cong")["state"], "approved");
    assert_eq!(s["rev"], "main~1");

    // Changes requested, then withdrawn by the same person's approval.
    run(&r, &dung(), &["approve", "bao-cao", "dau-tu-cong"]);
    run(&r, &hang(), &["approve", "bao-cao", "dau-tu-cong"]);
    assert_eq!(state_of(&r, "dau-tu-cong"), "approved");
    run(
        &r,
        &dung(),
        &[
            "request-changes",
            "bao-cao",
            "dau-tu-cong",
            "-m",
            "Chưa khớp số liệu.",
        ],
    );
    let s = status_json(&r, &[]);
    let sec = section_json(&s, "dau-tu-cong");
    assert_eq!(sec["state"], "changes-requested");
    assert_eq!(sec["changes_requested_by"][0]["text"], "Chưa khớp số liệu.");
    run(&r, &dung(), &["approve", "bao-cao", "dau-tu-cong"]);
    assert_eq!(state_of(&r, "dau-tu-cong"), "approved");

    // Comments: open count.
    let c = run(
        &r,
        &thang(),
        &["comment", "bao-cao", "giao-duc", "-m", "Góp ý 1"],
    );
    run(
        &r,
        &thang(),
        &["comment", "bao-cao", "giao-duc", "-m", "Góp ý 2"],
    );
    assert_eq!(
        section_json(&status_json(&r, &[]), "giao-duc")["open_comments"],
        2
    );
    run(&r, &son(), &["reply", &c, "-m", "Đã sửa."]);
    assert_eq!(
        section_json(&status_json(&r, &[]), "giao-duc")["open_comments"],
        2
    );
    run(&r, &thang(), &["resolve", &c]);
    let s = status_json(&r, &[]);
    assert_eq!(section_json(&s, "giao-duc")["open_comments"], 1);
    assert_eq!(section_json(&s, "giao-duc")["comments"], 2);

    // An unknown revision is an error, not an empty status.
    let out = r.duyet_as(None, &["status", "bao-cao", "--rev", "khong-co"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("unknown revision"),
        "{}",
        stderr(&out)
    );
}

// ------------------------------------------------------------ hand-forged records

/// Writes a record commit with plain `git commit-tree` + `git update-ref`
/// (compare-and-swap on the old tip) authored by `who`.
fn forge(r: &ReviewRepo, who: &Identity, message: &str) -> String {
    let tree = r.git_ok(&["hash-object", "-t", "tree", "-w", "/dev/null"]);
    let old = r.reviews_tip();
    let mut cmd = r.git();
    cmd.args(["commit-tree", tree.trim(), "-m", message]);
    if let Some(old) = &old {
        cmd.args(["-p", old]);
    }
    let out = cmd
        .env("GIT_AUTHOR_NAME", &who.name)
        .env("GIT_AUTHOR_EMAIL", &who.email)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let id = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    let mut args = vec!["update-ref", "refs/duyet/reviews", id.as_str()];
    if let Some(old) = &old {
        args.push(old);
    }
    r.git_ok(&args);
    id
}

/// An approval message with the right revision and hash.
fn approval_message(r: &ReviewRepo, section: &str) -> String {
    let store = r.store();
    let main = store.resolve("main").unwrap();
    let d = store.read_draft("main", REVIEW_DRAFT).unwrap();
    let hash = section_hash(&d, d.section(section).unwrap());
    format!(
        "Phê duyệt mục {section}\n\nDuyet-Action: approve\nDuyet-Draft: {REVIEW_DRAFT}\nDuyet-Section: {section}\nDuyet-Revision: {main}\nDuyet-Section-Hash: {hash}\n"
    )
}

#[test]
fn a_hand_forged_approval_is_shown_as_not_counted() {
    let r = review_repo();
    // The owner reviewer approves through duyet; the "office" approval is forged
    // by a drafter.
    run(&r, &dung(), &["approve", "bao-cao", "thu-ngan-sach"]);
    let forged = forge(&r, &hoa(), &approval_message(&r, "thu-ngan-sach"));
    assert_eq!(
        r.git_ok(&[
            "log",
            "-1",
            "--format=%(trailers:key=Duyet-Action,valueonly)",
            &forged
        ])
        .trim(),
        "approve"
    );
    let s = status_json(&r, &[]);
    let sec = section_json(&s, "thu-ngan-sach");
    assert_eq!(sec["state"], "pending", "{sec}");
    assert_eq!(emails(&sec["approvers"]), ["dung.hv@tanyen.example"]);
    let nc = sec["not_counted"].as_array().unwrap();
    assert_eq!(nc.len(), 1, "{sec}");
    assert_eq!(nc[0]["email"], "hoa.lt@tanyen.example");
    assert_eq!(nc[0]["record"], forged);
    assert_eq!(nc[0]["action"], "approve");
    let reason = nc[0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("Lê Thị Hoa") && reason.contains("not a reviewer"),
        "{reason}"
    );
    // The text form says so too.
    let text = ok(&r.duyet_as(None, &["status", "bao-cao"]));
    let line = text
        .lines()
        .find(|l| l.contains("[thu-ngan-sach]"))
        .unwrap();
    assert!(line.starts_with("pending"), "{line}");
    assert!(line.contains("not counted: Lê Thị Hoa"), "{line}");

    // A forged approval by someone not in duyet.yaml, and by a reviewer of
    // another department: not counted either.
    forge(&r, &stranger(), &approval_message(&r, "giao-duc"));
    forge(&r, &long(), &approval_message(&r, "giao-duc"));
    let s = status_json(&r, &[]);
    let sec = section_json(&s, "giao-duc");
    assert_eq!(sec["state"], "pending");
    assert_eq!(sec["approvers"], Value::Array(vec![]));
    let reasons: Vec<&str> = sec["not_counted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons.len(), 2, "{sec}");
    assert!(
        reasons[0].contains("nguoi.la@example.org is not listed in duyet.yaml"),
        "{reasons:?}"
    );
    assert!(reasons[1].contains("Vũ Đức Long"), "{reasons:?}");
    // A forged change request by a drafter does not block anything.
    let msg = approval_message(&r, "thu-ngan-sach")
        .replace("Duyet-Action: approve", "Duyet-Action: request-changes");
    forge(&r, &son(), &msg);
    assert_eq!(state_of(&r, "thu-ngan-sach"), "pending");
    // The real office approval still completes it, written on top of the forgeries.
    run(&r, &thang(), &["approve", "bao-cao", "thu-ngan-sach"]);
    assert_eq!(state_of(&r, "thu-ngan-sach"), "approved");
}

#[test]
fn records_with_garbage_trailers_are_ignored() {
    let r = review_repo();
    let c = run(
        &r,
        &dung(),
        &["comment", "bao-cao", "giao-duc", "-m", "Thật"],
    );
    let good = approval_message(&r, "giao-duc");
    for garbage in [
        "chỉ một dòng".to_owned(),
        "Tóm tắt\n\nkhông có trailer nào".to_owned(),
        good.replace("Duyet-Action: approve", "Duyet-Action: explode"),
        good.replace("Duyet-Section: giao-duc\n", ""),
        good.replace("Duyet-Draft: ", "Duyet-Draft:"),
        format!("{good}dòng rác không có dấu hai chấm\n"),
        "Tóm tắt\n\nDuyet-Action: approve\n".to_owned(),
        "\u{1b}[31mĐỏ\u{1b}[0m\n\nDuyet-Action: comment\nDuyet-Draft: drafts/bao-cao.yaml\nDuyet-Section: giao-duc\nDuyet-Reply-To: zzz\n".to_owned(),
        good.replace("Duyet-Section: giao-duc", "Duyet-Section: khong-co"),
    ] {
        forge(&r, &thang(), &garbage);
    }
    let s = status_json(&r, &[]);
    let sec = section_json(&s, "giao-duc");
    assert_eq!(sec["state"], "pending", "{sec}");
    assert_eq!(sec["not_counted"], Value::Array(vec![]));
    // The one parseable comment with an escape sequence in its summary is a
    // valid comment record; nothing reaches the terminal unsanitised.
    assert_eq!(sec["open_comments"], 2, "{sec}");
    let text = ok(&r.duyet_as(None, &["log", "bao-cao"]));
    assert!(!text.contains('\u{1b}'), "{text:?}");
    assert!(text.contains(&c[..7]), "{text}");
    let text = ok(&r.duyet_as(None, &["status", "bao-cao"]));
    assert!(!text.contains('\u{1b}'), "{text:?}");
    // And writing goes on.
    run(&r, &thang(), &["approve", "bao-cao", "giao-duc"]);
    assert_eq!(r.record_count(), 11);
    let records = r.store().read_records_uncached().unwrap();
    assert_eq!(records.len(), 4, "{records:#?}");
}

// ------------------------------------------------------------ duyet.yaml

#[test]
fn without_duyet_yaml_reading_works_and_approving_is_refused() {
    let r = review_repo_with(None);
    // Reading works.
    let s = status_json(&r, &[]);
    assert_eq!(s["total"], 5);
    assert_eq!(section_json(&s, "giao-duc")["state"], "pending");
    let main = r.git_ok(&["rev-parse", "main"]).trim().to_owned();
    ok(&r.duyet_as(None, &["diff", "bao-cao", &main, "main", "--all"]));
    // Only people listed in duyet.yaml write records: without it, no one.
    refused(
        &r,
        Some(&hoa()),
        &["comment", "bao-cao", "giao-duc", "-m", "Góp ý"],
        &["not allowed", "duyet.yaml"],
    );
    // Decisions need duyet.yaml.
    refused(
        &r,
        Some(&thang()),
        &["approve", "bao-cao", "giao-duc"],
        &["not allowed", "duyet.yaml"],
    );
    refused(
        &r,
        Some(&thang()),
        &["request-changes", "bao-cao", "giao-duc", "-m", "Sửa"],
        &["duyet.yaml"],
    );
    // A record written by hand is shown, not counted, with the reason.
    forge(&r, &thang(), &approval_message(&r, "giao-duc"));
    let out = r.duyet_as(None, &["status", "bao-cao", "--json"]);
    let s: Value = serde_json::from_str(&ok(&out)).unwrap();
    let sec = section_json(&s, "giao-duc");
    assert_eq!(sec["state"], "pending");
    assert!(
        sec["not_counted"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("duyet.yaml"),
        "{sec}"
    );
    assert!(
        stderr(&out).contains("duyet.yaml"),
        "status warns: {}",
        stderr(&out)
    );
    // Editing needs it too.
    let out = r.duyet_as(
        Some(&hoa()),
        &["edit", "bao-cao", "thu-ngan-sach", "--title", "Thu"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("duyet.yaml"), "{}", stderr(&out));
}

#[test]
fn a_malformed_duyet_yaml_is_named_with_its_line() {
    // A YAML syntax error (line 4), an unknown key (line 5), a person of an
    // unknown department (line 8).
    let broken_yaml = "schema: 1\ndepartments:\n  - id: van-phong\n     name: x\npeople: []\n";
    let unknown_key =
        "schema: 1\ndepartments:\n  - id: van-phong\n    name: Văn phòng\n    nam: x\n";
    let unknown_dept = "schema: 1\ndepartments:\n  - id: van-phong\n    name: Văn phòng\npeople:\n  - name: Nguyễn Văn Thắng\n    email: thang.nv@tanyen.example\n    department: khong-co\n    roles: [reviewer, office]\n";
    for (config, line) in [
        (broken_yaml, "duyet.yaml (main):4:"),
        (unknown_key, "duyet.yaml (main):5:"),
        (unknown_dept, "duyet.yaml (main):8:"),
    ] {
        let r = review_repo_with(Some(config));
        // The line duyet reports, checked against `duyet check`.
        let file = r.home().join("duyet.yaml");
        std::fs::write(&file, config).unwrap();
        let check = r.duyet_as(None, &["check", file.to_str().unwrap()]);
        assert_eq!(check.status.code(), Some(1));
        let at = line.trim_start_matches("duyet.yaml (main)");
        assert!(stderr(&check).contains(at), "{}", stderr(&check));

        // Reading works.
        let out = r.duyet_as(None, &["status", "bao-cao", "--json"]);
        let s: Value = serde_json::from_str(&ok(&out)).unwrap();
        assert_eq!(s["total"], 5);
        let warn = stderr(&out);
        assert!(
            warn.contains("duyet.yaml") && warn.contains(line),
            "status warns: {warn}"
        );
        ok(&r.duyet_as(None, &["diff", "bao-cao", "main", "main"]));
        ok(&r.duyet_as(None, &["sections", "bao-cao"]));
        // Writing needs to know who is listed: refused, naming the line.
        refused(
            &r,
            Some(&hoa()),
            &["comment", "bao-cao", "giao-duc", "-m", "Góp ý"],
            &["duyet.yaml", line],
        );
        // Approving names the file and the line.
        refused(
            &r,
            Some(&thang()),
            &["approve", "bao-cao", "giao-duc"],
            &["duyet.yaml", line],
        );
        // A hand-written approval is not counted, with a reason.
        forge(&r, &thang(), &approval_message(&r, "giao-duc"));
        let s = status_json(&r, &[]);
        let sec = section_json(&s, "giao-duc");
        assert_eq!(sec["state"], "pending");
        assert!(
            sec["not_counted"][0]["reason"]
                .as_str()
                .unwrap()
                .contains("duyet.yaml"),
            "{sec}"
        );
    }
}

// ------------------------------------------------------------ edit

#[test]
fn edit_from_the_command_line() {
    let r = review_repo();
    let main = r.git_ok(&["rev-parse", "main"]).trim().to_owned();
    // The new body from standard input.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_duyet"))
        .args([
            "--repo",
            r.repo.to_str().unwrap(),
            "--as",
            &hoa().to_string(),
        ])
        .args(["edit", "bao-cao", "thu-ngan-sach", "--body-file", "-"])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", r.home())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("Tổng thu ngân sách đạt 420 tỷ đồng[^fn-thu].\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let printed = ok(&out);
    let tip = r
        .git_ok(&["rev-parse", "dept/phong-tai-chinh"])
        .trim()
        .to_owned();
    assert_eq!(printed.trim(), format!("dept/phong-tai-chinh {tip}"));
    assert_eq!(r.git_ok(&["rev-parse", "main"]).trim(), main);
    let diff = r.git_ok(&["diff", "--unified=0", "main", "dept/phong-tai-chinh"]);
    let changed: Vec<&str> = diff
        .lines()
        .filter(|l| {
            (l.starts_with('+') || l.starts_with('-'))
                && !l.starts_with("+++")
                && !l.starts_with("---")
        })
        .collect();
    assert_eq!(
        changed,
        [
            "-          Tổng thu ngân sách trên địa bàn đạt 412,5 tỷ đồng, bằng 104% dự toán[^fn-thu].",
            "-",
            "-          Chi ngân sách đảm bảo kịp thời, đúng chế độ.",
            "+          Tổng thu ngân sách đạt 420 tỷ đồng[^fn-thu].",
        ],
        "{diff}"
    );
    let subject = r.git_ok(&["log", "-1", "--format=%s", "dept/phong-tai-chinh"]);
    assert_eq!(subject.trim(), "Sửa mục I.1 Thu ngân sách");

    // A title from the command line, on top.
    let out = run(
        &r,
        &hoa(),
        &[
            "edit",
            "bao-cao",
            "dau-tu-cong",
            "--title",
            "Giải ngân đầu tư công",
        ],
    );
    assert!(out.starts_with("dept/phong-tai-chinh "), "{out}");
    assert_eq!(
        r.git_ok(&["rev-parse", "dept/phong-tai-chinh~1"]).trim(),
        tip
    );

    // Refusals: another department's section, nothing to change.
    let refs = |r: &ReviewRepo| r.git_ok(&["for-each-ref"]);
    let before = refs(&r);
    let out = r.duyet_as(
        Some(&hoa()),
        &["edit", "bao-cao", "giao-duc", "--title", "Khác"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not allowed"), "{}", stderr(&out));
    let out = r.duyet_as(Some(&hoa()), &["edit", "bao-cao", "thu-ngan-sach"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("nothing to change"),
        "{}",
        stderr(&out)
    );
    let out = r.duyet_as(
        Some(&hoa()),
        &[
            "edit",
            "bao-cao",
            "dau-tu-cong",
            "--title",
            "Giải ngân đầu tư công",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("nothing changed"), "{}", stderr(&out));
    assert_eq!(refs(&r), before);
}

// ------------------------------------------------------------ withdraw

#[test]
fn withdraw_takes_a_decision_back_and_history_keeps_both() {
    let r = review_repo();
    let id = "thu-ngan-sach";
    // Nothing to withdraw: refused, nothing written.
    let out = r.duyet_as(Some(&dung()), &["withdraw", "bao-cao", id]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("nothing to withdraw"),
        "{}",
        stderr(&out)
    );
    assert_eq!(r.record_count(), 0);

    let approval = run(&r, &dung(), &["approve", "bao-cao", id]);
    run(&r, &thang(), &["approve", "bao-cao", id]);
    let approvers = |r: &ReviewRepo| emails(&section_json(&status_json(r, &[]), id)["approvers"]);
    assert_eq!(
        approvers(&r),
        ["dung.hv@tanyen.example", "thang.nv@tanyen.example"]
    );
    assert_eq!(state_of(&r, id), "approved");

    let withdrawal = run(
        &r,
        &dung(),
        &["withdraw", "bao-cao", id, "-m", "Cần xem lại số liệu"],
    );
    assert_eq!(approvers(&r), ["thang.nv@tanyen.example"]);
    assert_eq!(state_of(&r, id), "pending");
    // Plain git shows both records; the withdraw answers the approval.
    let message = r.git_ok(&["log", "-1", "--format=%B", &withdrawal]);
    assert!(message.contains("Duyet-Action: withdraw"), "{message}");
    assert!(
        message.contains(&format!("Duyet-Reply-To: {approval}")),
        "{message}"
    );
    assert!(message.starts_with("Rút lại phê duyệt mục"), "{message}");
    let log = ok(&r.duyet_as(None, &["log", "bao-cao", "--section", id, "--json"]));
    assert_eq!(log.matches("\"approve\"").count(), 2, "{log}");
    assert_eq!(log.matches("\"withdraw\"").count(), 1, "{log}");

    // A change request is withdrawn the same way; approving again counts.
    run(
        &r,
        &dung(),
        &["request-changes", "bao-cao", id, "-m", "Sửa số liệu"],
    );
    assert_eq!(state_of(&r, id), "changes-requested");
    run(&r, &dung(), &["withdraw", "bao-cao", id]);
    assert_eq!(state_of(&r, id), "pending");
    run(&r, &dung(), &["approve", "bao-cao", id]);
    assert_eq!(state_of(&r, id), "approved");
    // Only one's own: Thắng withdrawing twice finds nothing the second time.
    run(&r, &thang(), &["withdraw", "bao-cao", id]);
    let out = r.duyet_as(Some(&thang()), &["withdraw", "bao-cao", id]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(approvers(&r), ["dung.hv@tanyen.example"]);
}

#[test]
fn a_hand_made_withdraw_of_someone_elses_approval_is_ignored() {
    let r = review_repo();
    let id = "thu-ngan-sach";
    let approval = run(&r, &dung(), &["approve", "bao-cao", id]);
    let message = format!(
        "Rút lại\n\nDuyet-Action: withdraw\nDuyet-Draft: {REVIEW_DRAFT}\nDuyet-Section: {id}\nDuyet-Reply-To: {approval}\n"
    );
    forge(&r, &hoa(), &message);
    assert_eq!(
        emails(&section_json(&status_json(&r, &[]), id)["approvers"]),
        ["dung.hv@tanyen.example"]
    );
}

// ------------------------------------------------------------ who may write

#[test]
fn only_people_in_duyet_yaml_write_and_threads_are_resolved_by_the_right_people() {
    let r = review_repo();
    let id = "thu-ngan-sach"; // owned by phong-tai-chinh
    // Someone not listed may not comment, nor reply.
    refused(
        &r,
        Some(&stranger()),
        &["comment", "bao-cao", id, "-m", "Góp ý"],
        &[
            "not allowed",
            "nguoi.la@example.org",
            "not listed in duyet.yaml",
        ],
    );
    let comment = run(
        &r,
        &long(),
        &["comment", "bao-cao", id, "-m", "Ghi rõ nguồn số liệu"],
    );
    refused(
        &r,
        Some(&stranger()),
        &["reply", &comment, "-m", "Trả lời"],
        &["not listed in duyet.yaml"],
    );
    // A drafter of another department, who did not write it: refused.
    refused(
        &r,
        Some(&son()),
        &["resolve", &comment],
        &["may not resolve", "Phòng Tài chính - Kế hoạch"],
    );
    // The drafter of the owner department answers but may not resolve.
    run(&r, &hoa(), &["reply", &comment, "-m", "Đã bổ sung"]);
    refused(
        &r,
        Some(&hoa()),
        &["resolve", &comment],
        &["may not resolve"],
    );
    // Its author may; so may a reviewer of the owner department or the office.
    run(&r, &long(), &["resolve", &comment]);
    assert_eq!(section_json(&status_json(&r, &[]), id)["open_comments"], 0);
    for who in [dung(), hang()] {
        let c = run(&r, &long(), &["comment", "bao-cao", id, "-m", "Thêm một ý"]);
        run(&r, &who, &["resolve", &c]);
    }
    assert_eq!(section_json(&status_json(&r, &[]), id)["open_comments"], 0);
}

#[test]
fn hand_made_records_from_the_wrong_people_are_not_counted() {
    let r = review_repo();
    let id = "thu-ngan-sach";
    let store = r.store();
    let d = store.read_draft("main", REVIEW_DRAFT).unwrap();
    let main = r.rev_parse("main");
    let hash = section_hash(&d, d.section(id).unwrap());
    let trailers = |action: &str, reply: Option<&str>| {
        let mut t = format!(
            "Duyet-Action: {action}\nDuyet-Draft: {REVIEW_DRAFT}\nDuyet-Section: {id}\nDuyet-Revision: {main}\nDuyet-Section-Hash: {hash}\n"
        );
        if let Some(to) = reply {
            t.push_str(&format!("Duyet-Reply-To: {to}\n"));
        }
        t
    };
    // A stranger's comment: shown, not counted as open.
    forge(
        &r,
        &stranger(),
        &format!("Góp ý\n\nVăn bản\n\n{}", trailers("comment", None)),
    );
    let s = status_json(&r, &[]);
    assert_eq!(section_json(&s, id)["comments"], 1);
    assert_eq!(section_json(&s, id)["open_comments"], 0);
    // A real comment, resolved by someone who may not: still open.
    let comment = run(
        &r,
        &long(),
        &["comment", "bao-cao", id, "-m", "Ghi rõ nguồn"],
    );
    forge(
        &r,
        &son(),
        &format!("Đóng\n\n{}", trailers("resolve", Some(&comment))),
    );
    forge(
        &r,
        &stranger(),
        &format!("Trả lời\n\nx\n\n{}", trailers("reply", Some(&comment))),
    );
    assert_eq!(section_json(&status_json(&r, &[]), id)["open_comments"], 1);
    let (_, review) = duyet::ops::review::status(&store, REVIEW_DRAFT, "main").unwrap();
    let sec = review.section(id).unwrap();
    let reasons: Vec<String> = sec
        .not_counted
        .iter()
        .map(|(_, why)| why.to_string())
        .collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(reasons[0].contains("may not resolve"), "{reasons:?}");
    assert!(
        reasons[1].contains("not listed in duyet.yaml"),
        "{reasons:?}"
    );
    let thread = sec.threads.iter().find(|t| t.root.id == comment).unwrap();
    assert!(thread.replies.is_empty() && thread.is_open());
}

#[test]
fn a_change_request_is_a_thread_the_drafter_answers() {
    let r = review_repo();
    let id = "thu-ngan-sach";
    let request = run(
        &r,
        &dung(),
        &["request-changes", "bao-cao", id, "-m", "Sửa số liệu thu"],
    );
    let answer = run(
        &r,
        &hoa(),
        &["reply", &request, "-m", "Đã sửa theo số của Chi cục Thuế"],
    );
    let (_, review) = duyet::ops::review::status(&r.store(), REVIEW_DRAFT, "main").unwrap();
    let sec = review.section(id).unwrap();
    let thread = sec.threads.iter().find(|t| t.root.id == request).unwrap();
    assert!(thread.is_change_request() && thread.is_open());
    assert_eq!(thread.replies[0].id, answer);
    // Not resolved like a comment: closed when its author approves.
    refused(
        &r,
        Some(&dung()),
        &["resolve", &request],
        &["change request", "withdraw"],
    );
    run(&r, &dung(), &["approve", "bao-cao", id]);
    let (_, review) = duyet::ops::review::status(&r.store(), REVIEW_DRAFT, "main").unwrap();
    let thread = &review.section(id).unwrap().threads[0];
    assert!(thread.superseded && !thread.is_open());
}

#[test]
fn the_parts_that_are_not_sections_can_be_commented_on() {
    let r = review_repo_with(Some(duyet::demo::SAMPLE_CONFIG));
    // The review fixture has footnotes; a draft without a preamble refuses one.
    let c = run(
        &r,
        &thang(),
        &[
            "comment",
            "bao-cao",
            "_footnotes",
            "-m",
            "Thống nhất cách ghi nguồn",
        ],
    );
    let message = r.git_ok(&["log", "-1", "--format=%B", &c]);
    assert!(message.starts_with("Góp ý mục Chú thích"), "{message}");
    assert!(message.contains("Duyet-Section: _footnotes"), "{message}");
    let s = status_json(&r, &[]);
    let part = s["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "_footnotes")
        .unwrap_or_else(|| panic!("{s}"));
    assert_eq!(part["open_comments"], 1);
    // Parts are commented on, not approved.
    refused(
        &r,
        Some(&thang()),
        &["approve", "bao-cao", "_footnotes"],
        &["not a section"],
    );
    // The office resolves it.
    run(&r, &hang(), &["resolve", &c]);
    // A part the draft does not have is no target.
    let preamble = r.duyet_as(
        Some(&thang()),
        &["comment", "bao-cao", "_preamble", "-m", "x"],
    );
    let has_preamble = !r
        .store()
        .read_draft("main", REVIEW_DRAFT)
        .unwrap()
        .preamble
        .is_empty();
    assert_eq!(
        preamble.status.success(),
        has_preamble,
        "{}",
        stderr(&preamble)
    );
}
