//! A shared server must never be bricked by what is in its repository:
//! malformed commits on the records ref (written as a broken tool or a
//! hostile person could), a history cut short, a records ref that names no
//! commit, branch commits libgit2 cannot parse, an index edited by hand, a
//! lock left by a killed process, a repository read-only for the user. And
//! whatever duyet writes, `git fsck --strict` stays clean.

mod common;

use std::time::{Duration, SystemTime};

use common::{
    REVIEW_DRAFT, ReviewRepo, assert_fsck_clean, chmod_r, dung, hang, hoa, moment, ok,
    permissions_bite, person, review_repo, stderr, stdout, thang, write_raw_object,
};
use duyet::core::Identity;
use duyet::core::review::{ReadWarning, State};
use duyet::ops::edit::{SectionEdit, edit_section};
use duyet::ops::review::{self, Request, Target};
use duyet::store::{ReadPath, ReviewLog, Store, StoreError};

fn target(section: &str) -> Target<'_> {
    Target {
        draft: REVIEW_DRAFT,
        section,
        rev: "main",
    }
}

fn req<'a>(who: &'a Identity, text: &'a str, minutes: i64) -> Request<'a> {
    Request {
        who,
        when: Some(moment(minutes)),
        text,
    }
}

/// A record's message as plain git would write it.
fn hand_record(action: &str, section: &str, text: &str) -> String {
    format!(
        "Ghi tay\n\n{text}\n\nDuyet-Action: {action}\nDuyet-Draft: {REVIEW_DRAFT}\nDuyet-Section: {section}\nDuyet-Revision: 0000000000000000000000000000000000000000\nDuyet-Section-Hash: 00\n"
    )
}

fn empty_tree(r: &ReviewRepo) -> String {
    r.git_ok(&["hash-object", "-t", "tree", "-w", "/dev/null"])
        .trim()
        .to_owned()
}

const GOOD_SIG: &str = "Lê Thị Hoa <hoa.lt@tanyen.example> 1702519200 +0700";

/// A commit object with these header lines between the tree and the
/// committer (the parents and the author line), and `message`.
fn raw_commit(tree: &str, middle: &[u8], message: &str) -> Vec<u8> {
    [
        format!("tree {tree}\n").as_bytes(),
        middle,
        format!("committer {GOOD_SIG}\n\n{message}").as_bytes(),
    ]
    .concat()
}

/// Puts `id` on the records ref in place of `old`, writing the ref's file
/// itself (`git update-ref` refuses some broken commits).
fn move_records_ref(r: &ReviewRepo, id: &str, old: &str) {
    assert_eq!(r.reviews_tip().as_deref(), Some(old));
    std::fs::write(r.repo.join(".git/refs/duyet/reviews"), format!("{id}\n")).unwrap();
}

/// The log through the index equals a full read from git (the proof the
/// index is only a cache), and is returned.
fn checked_log(store: &Store) -> ReviewLog {
    let log = store.review_log().unwrap();
    let full = store.review_log_uncached().unwrap();
    assert_eq!(
        (&log.records, &log.unreadable, &log.warnings),
        (&full.records, &full.unreadable, &full.warnings),
        "the index disagrees with git ({:?})",
        log.path
    );
    log
}

// ------------------------------------------------------------ 1. reading

#[test]
fn every_kind_of_broken_commit_is_an_unreadable_record_and_the_rest_still_counts() {
    let r = review_repo();
    let store = r.store();
    review::approve(&store, &target("thu-ngan-sach"), &req(&dung(), "", 1)).unwrap();
    review::approve(&store, &target("thu-ngan-sach"), &req(&thang(), "", 2)).unwrap();
    let tree = empty_tree(&r);
    let blob = write_raw_object(&r.repo, "blob", b"not a commit\n");
    let record = hand_record("approve", "giao-duc", "");
    // (what is wrong, the author line and anything else, what the reason says)
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "a newline in the name",
            b"author L\xc3\xaa Th\xe1\xbb\x8b\nHoa <hoa.lt@tanyen.example> 1702519200 +0700\n"
                .to_vec(),
            "author line is malformed",
        ),
        (
            "a newline in the e-mail",
            b"author Hoa <hoa.lt\n@tanyen.example> 1702519200 +0700\n".to_vec(),
            "author line is malformed",
        ),
        (
            "no <",
            b"author Hoa hoa.lt@tanyen.example> 1702519200 +0700\n".to_vec(),
            "author line is malformed",
        ),
        (
            "garbage bytes",
            b"author \xff\xfe\x01 \x80garbage\x00\xc3 1702519200\n".to_vec(),
            "NUL",
        ),
        (
            "two authors",
            format!("author {GOOD_SIG}\nauthor {GOOD_SIG}\n").into_bytes(),
            "more than one author",
        ),
        (
            "garbage trailers",
            format!("author {GOOD_SIG}\n").into_bytes(),
            "unknown Duyet-Action",
        ),
    ];
    let mut expected_unreadable = Vec::new();
    for (i, (what, author, reason)) in cases.into_iter().enumerate() {
        let tip = r.reviews_tip().unwrap();
        let message = if what == "garbage trailers" {
            record.replace("Duyet-Action: approve", "Duyet-Action: aprove ngay")
        } else {
            record.clone()
        };
        let middle = [format!("parent {tip}\n").into_bytes(), author].concat();
        let bad = write_raw_object(&r.repo, "commit", &raw_commit(&tree, &middle, &message));
        move_records_ref(&r, &bad, &tip);
        // Reading does not fail; the broken commit is listed with why.
        let log = checked_log(&store);
        let u = log
            .unreadable
            .iter()
            .find(|u| u.id == bad)
            .unwrap_or_else(|| panic!("{what}: not listed as unreadable: {log:?}"));
        assert!(u.reason.contains(reason), "{what}: {}", u.reason);
        assert_eq!(u.draft.as_deref(), Some(REVIEW_DRAFT), "{what}");
        expected_unreadable.push(bad.clone());
        // A record is written on top of it (its parent is the bad commit).
        let text = format!("Sau bản ghi hỏng {i}");
        let id = review::comment(
            &store,
            &target("giao-duc"),
            &req(&hoa(), &text, 10 + i as i64),
            None,
        )
        .unwrap_or_else(|e| panic!("{what}: writing on top failed: {e}"));
        assert_eq!(r.git_ok(&["rev-parse", &format!("{id}^")]).trim(), bad);
        let log = checked_log(&store);
        assert!(log.records.iter().any(|rec| rec.id == id), "{what}");
        assert!(log.warnings.is_empty(), "{what}: {:?}", log.warnings);
    }
    // An object that is no commit named as a parent (beside a good one).
    let tip = r.reviews_tip().unwrap();
    let middle = format!("parent {tip}\nparent {blob}\nauthor {GOOD_SIG}\n");
    let merge = write_raw_object(
        &r.repo,
        "commit",
        &raw_commit(&tree, middle.as_bytes(), "Hợp nhất\n"),
    );
    move_records_ref(&r, &merge, &tip);
    // A commit whose tree is missing, and one with no tree at all.
    let missing_tree = "1234567890123456789012345678901234567890";
    let middle = format!("parent {merge}\nauthor {GOOD_SIG}\n");
    let treeless = write_raw_object(
        &r.repo,
        "commit",
        &raw_commit(missing_tree, middle.as_bytes(), &record),
    );
    let no_tree_line = [
        format!("parent {treeless}\nauthor {GOOD_SIG}\ncommitter {GOOD_SIG}\n\n").into_bytes(),
        record.clone().into_bytes(),
    ]
    .concat();
    let no_tree = write_raw_object(&r.repo, "commit", &no_tree_line);
    move_records_ref(&r, &no_tree, &merge);
    review::comment(
        &store,
        &target("giao-duc"),
        &req(&hoa(), "Cuối cùng", 30),
        None,
    )
    .unwrap();

    let log = checked_log(&store);
    let reason_of = |id: &str| {
        log.unreadable
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.reason.clone())
            .unwrap_or_else(|| panic!("{id} is not listed: {:?}", log.unreadable))
    };
    assert!(
        reason_of(&blob).contains("a blob, not a commit"),
        "{}",
        reason_of(&blob)
    );
    assert!(
        reason_of(&treeless).contains("tree 1234567"),
        "{}",
        reason_of(&treeless)
    );
    assert!(
        reason_of(&no_tree).contains("no tree line"),
        "{}",
        reason_of(&no_tree)
    );
    for id in &expected_unreadable {
        reason_of(id);
    }
    // Everything else counts: the two approvals, the comments after each
    // broken commit. The broken approvals count as nothing.
    assert_eq!(log.records.len(), 2 + 6 + 1);
    let (_, status) = review::status(&store, REVIEW_DRAFT, "main").unwrap();
    let section = status.section("thu-ngan-sach").unwrap();
    assert_eq!(section.state, State::Approved);
    let giao_duc = status.section("giao-duc").unwrap();
    assert!(
        giao_duc.decisions.is_empty(),
        "a broken approval counts as nothing"
    );
    assert_eq!(status.unreadable.len(), expected_unreadable.len() + 3);

    // The command line shows them, and goes on working.
    let out = ok(&r.duyet_as(None, &["status", "bao-cao"]));
    for id in expected_unreadable
        .iter()
        .chain([&blob, &treeless, &no_tree])
    {
        assert!(
            out.contains(&format!("not counted: unreadable record {id}: ")),
            "{out}"
        );
    }
    assert!(out.contains("approved"), "{out}");
    let log_out = ok(&r.duyet_as(None, &["log", "bao-cao"]));
    assert!(
        log_out.contains(&format!("not counted: unreadable record {blob}: ")),
        "{log_out}"
    );
    assert!(log_out.contains("Cuối cùng"), "{log_out}");
    let json = ok(&r.duyet_as(None, &["status", "bao-cao", "--json"]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value["unreadable"].as_array().unwrap().len(),
        status.unreadable.len()
    );
    ok(&r.duyet_as(Some(&hang()), &["approve", "bao-cao", "dau-tu-cong"]));
    ok(&r.duyet_as(
        Some(&hoa()),
        &["comment", "bao-cao", "giao-duc", "-m", "Vẫn ghi được"],
    ));
}

#[test]
fn a_missing_parent_is_reported_and_never_counted_silently() {
    let r = review_repo();
    let store = r.store();
    review::comment(&store, &target("giao-duc"), &req(&hoa(), "Một", 1), None).unwrap();
    let tip = r.reviews_tip().unwrap();
    let tree = empty_tree(&r);
    let nowhere = "1111111111111111111111111111111111111111";
    let middle = format!("parent {tip}\nparent {nowhere}\nauthor {GOOD_SIG}\n");
    let merge = write_raw_object(
        &r.repo,
        "commit",
        &raw_commit(&tree, middle.as_bytes(), "Hợp nhất\n"),
    );
    move_records_ref(&r, &merge, &tip);
    review::comment(&store, &target("giao-duc"), &req(&hoa(), "Hai", 2), None).unwrap();

    for _ in 0..2 {
        let log = checked_log(&store);
        assert_eq!(log.records.len(), 2);
        assert!(
            matches!(&log.warnings[..], [ReadWarning::Incomplete { why, .. }] if why.contains("1111111")),
            "{:?}",
            log.warnings
        );
        // Not kept in the index: what is missing may come with a fetch.
        assert_eq!(log.path, ReadPath::Full);
    }
    let out = r.duyet_as(None, &["status", "bao-cao"]);
    ok(&out);
    assert!(
        stderr(&out).contains("duyet: warning: the review records' history is incomplete: 1111111"),
        "{}",
        stderr(&out)
    );
    let out = r.duyet_as(None, &["log", "bao-cao"]);
    assert!(stdout(&out).contains("Hai"));
    assert!(stderr(&out).contains("incomplete"), "{}", stderr(&out));
}

#[test]
fn a_shallow_history_is_reported() {
    let r = review_repo();
    let store = r.store();
    for i in 0..5 {
        let text = format!("Góp ý {i}");
        review::comment(&store, &target("giao-duc"), &req(&hoa(), &text, i), None).unwrap();
    }
    let clone = r.tmp.path().join("shallow.git");
    common::git_ok(r.tmp.path(), &["init", "-q", "--bare", "shallow.git"]);
    let origin = format!("file://{}", r.repo.display());
    common::git_ok(&clone, &["fetch", "-q", &origin, "main:main"]);
    common::git_ok(
        &clone,
        &[
            "fetch",
            "-q",
            "--depth",
            "2",
            &origin,
            "+refs/duyet/reviews:refs/duyet/reviews",
        ],
    );
    assert!(clone.join("shallow").exists());
    let store = Store::open(Some(&clone)).unwrap();
    let log = checked_log(&store);
    assert_eq!(log.records.len(), 2, "only what the clone has");
    assert!(
        matches!(&log.warnings[..], [ReadWarning::Shallow { .. }]),
        "{:?}",
        log.warnings
    );
    let out = common::duyet_command(r.home())
        .arg("--repo")
        .arg(&clone)
        .args(["status", "bao-cao"])
        .output()
        .unwrap();
    ok(&out);
    assert!(stderr(&out).contains("shallow"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("git fetch --unshallow"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_records_ref_that_names_no_commit_says_what_to_do() {
    let r = review_repo();
    let store = r.store();
    review::comment(&store, &target("giao-duc"), &req(&hoa(), "Một", 1), None).unwrap();
    let good = r.reviews_tip().unwrap();
    let blob = write_raw_object(&r.repo, "blob", b"x\n");
    r.git_ok(&["update-ref", "refs/duyet/reviews", &blob]);
    let out = r.duyet_as(None, &["status", "bao-cao"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("`refs/duyet/reviews` points to a blob"),
        "{err}"
    );
    assert!(
        err.contains("git update-ref refs/duyet/reviews <commit>"),
        "{err}"
    );
    let written = review::comment(&store, &target("giao-duc"), &req(&hoa(), "Hai", 2), None);
    assert!(
        matches!(
            written,
            Err(duyet::ops::OpsError::Store(StoreError::RecordsRef { .. }))
        ),
        "{written:?}"
    );
    assert_eq!(r.reviews_tip().unwrap(), blob, "nothing written");

    // A tag of a blob.
    r.git_ok(&["tag", "-a", "-m", "nhãn", "nhan-blob", &blob]);
    let tag = r.git_ok(&["rev-parse", "nhan-blob"]).trim().to_owned();
    r.git_ok(&["update-ref", "refs/duyet/reviews", &tag]);
    let err = stderr(&r.duyet_as(None, &["log", "bao-cao"]));
    assert!(err.contains("a tag of a blob"), "{err}");

    // A tag of a commit is followed, and written on.
    r.git_ok(&["tag", "-a", "-m", "nhãn", "nhan-ban-ghi", &good]);
    let tag = r.git_ok(&["rev-parse", "nhan-ban-ghi"]).trim().to_owned();
    r.git_ok(&["update-ref", "refs/duyet/reviews", &tag]);
    assert_eq!(checked_log(&store).records.len(), 1);
    let id = review::comment(&store, &target("giao-duc"), &req(&hoa(), "Ba", 3), None).unwrap();
    assert_eq!(r.git_ok(&["rev-parse", &format!("{id}^")]).trim(), good);
    assert_eq!(checked_log(&store).records.len(), 2);

    // A fetched records ref that names a blob: a warning, the rest reads.
    r.git_ok(&["update-ref", "refs/remotes/origin/duyet/reviews", &blob]);
    let log = checked_log(&store);
    assert_eq!(log.records.len(), 2);
    assert!(
        matches!(&log.warnings[..], [ReadWarning::RemoteRef { refname, .. }] if refname == "refs/remotes/origin/duyet/reviews"),
        "{:?}",
        log.warnings
    );
    let out = r.duyet_as(None, &["status", "bao-cao"]);
    ok(&out);
    assert!(stderr(&out).contains("git update-ref -d refs/remotes/origin/duyet/reviews"));
}

#[test]
fn branch_commits_with_a_malformed_author_are_listed_and_built_on() {
    let r = review_repo();
    let store = r.store();
    let main = store.resolve("main").unwrap().to_string();
    // A revision of the draft whose author line git itself calls broken.
    let text = common::review_draft_text().replace("412,5", "413,0");
    r.git_ok(&["branch", "scratch", "main"]);
    let good = r.commit(
        "scratch",
        &[(REVIEW_DRAFT, &text)],
        &hoa(),
        5,
        "Sửa số liệu",
    );
    let tree = r.git_ok(&["rev-parse", &format!("{good}^{{tree}}")]);
    let middle = [
        format!("parent {main}\n").into_bytes(),
        b"author L\xc3\xaa Th\xe1\xbb\x8b\nHoa <hoa.lt@tanyen.example> 1702519500 +0700\n".to_vec(),
    ]
    .concat();
    let bad = write_raw_object(
        &r.repo,
        "commit",
        &raw_commit(tree.trim(), &middle, "Sửa số liệu thu\n"),
    );
    std::fs::write(r.repo.join(".git/refs/heads/main"), format!("{bad}\n")).unwrap();
    r.git_ok(&["reset", "-q", "--hard"]);

    let list = store.revisions("main", REVIEW_DRAFT, 10).unwrap();
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!(list[0].id.to_string(), bad);
    assert_eq!(list[0].author, "Lê Thị", "the author as well as it reads");
    assert_eq!(list[0].summary, "Sửa số liệu thu");
    assert_eq!(list[1].id.to_string(), main);
    assert_eq!(store.revision(&bad).unwrap().author, "Lê Thị");
    let out = ok(&r.duyet_as(None, &["revisions", "bao-cao"]));
    assert!(out.contains("Lê Thị"), "{out}");
    // Its draft reads, is reviewed, and is built on.
    let draft = store.read_draft("main", REVIEW_DRAFT).unwrap();
    assert!(
        draft
            .section("thu-ngan-sach")
            .unwrap()
            .body
            .contains("413,0")
    );
    review::approve(&store, &target("thu-ngan-sach"), &req(&dung(), "", 6)).unwrap();
    let next = common::review_draft_text().replace("412,5", "414,0");
    let on_top = r.commit("main", &[(REVIEW_DRAFT, &next)], &thang(), 7, "Sửa tiếp");
    assert_eq!(r.git_ok(&["rev-parse", &format!("{on_top}^")]).trim(), bad);
    assert_eq!(
        r.git_ok(&["status", "--porcelain"]).trim(),
        "",
        "the work tree follows"
    );
}

// ------------------------------------------------------------ 2. writing

#[test]
fn git_fsck_stays_clean_after_everything_duyet_writes() {
    let r = review_repo();
    let store = r.store();
    let c = review::comment(&store, &target("giao-duc"), &req(&hoa(), "Góp ý", 1), None).unwrap();
    review::reply(&store, &c, &req(&thang(), "Trả lời", 2)).unwrap();
    review::resolve(&store, &c, &req(&hoa(), "", 3)).unwrap();
    review::approve(&store, &target("thu-ngan-sach"), &req(&dung(), "", 4)).unwrap();
    review::approve(&store, &target("thu-ngan-sach"), &req(&thang(), "", 5)).unwrap();
    review::request_changes(&store, &target("dau-tu-cong"), &req(&dung(), "Bổ sung", 6)).unwrap();
    review::withdraw(&store, REVIEW_DRAFT, "dau-tu-cong", &req(&dung(), "", 7)).unwrap();
    assert_fsck_clean(&r.repo);

    let edit = SectionEdit {
        title: None,
        body: Some("Giải ngân vốn đầu tư công đạt 80,1% kế hoạch vốn giao.".to_owned()),
        message: None,
    };
    edit_section(
        &store,
        &hoa(),
        Some(moment(8)),
        REVIEW_DRAFT,
        "dau-tu-cong",
        &edit,
    )
    .unwrap();
    let board = duyet::ops::merge::prepare(&store, REVIEW_DRAFT, "dept/phong-tai-chinh").unwrap();
    duyet::ops::merge::commit(
        &store,
        &thang(),
        Some(moment(9)),
        &board,
        &Default::default(),
    )
    .unwrap();
    review::comment(
        &store,
        &target("dau-tu-cong"),
        &req(&hoa(), "Sau hợp nhất", 10),
        None,
    )
    .unwrap();
    ok(&r.duyet_as(Some(&dung()), &["approve", "bao-cao", "dau-tu-cong"]));
    assert_fsck_clean(&r.repo);

    // A name git would record as a broken commit is refused; nothing written.
    let before = r.reviews_tip();
    let broken = person("Lê Thị\nHoa", "hoa.lt@tanyen.example");
    let err = review::comment(&store, &target("giao-duc"), &req(&broken, "X", 11), None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("line break"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(r.reviews_tip(), before);
    assert_fsck_clean(&r.repo);
}

// ------------------------------------------------------------ 3. the index

/// The index file's text, and the line of the record `id` in it (records
/// are one line each; these have one-line texts).
fn record_line(text: &str, id: &str) -> std::ops::Range<usize> {
    let at = text.find(id).expect("the record is in the index");
    let start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let end = at + text[at..].find('\n').expect("the line ends") + 1;
    start..end
}

#[test]
fn an_index_edited_by_hand_gives_what_a_full_read_gives() {
    let r = review_repo();
    let store = r.store();
    let comment =
        review::comment(&store, &target("giao-duc"), &req(&hoa(), "Góp ý", 1), None).unwrap();
    let approval = review::approve(&store, &target("thu-ngan-sach"), &req(&dung(), "", 2)).unwrap();
    review::approve(&store, &target("thu-ngan-sach"), &req(&thang(), "", 3)).unwrap();
    review::request_changes(&store, &target("giao-duc"), &req(&thang(), "Sửa", 4)).unwrap();
    let index = store.records_index_path();
    checked_log(&store);
    let good = std::fs::read_to_string(&index).unwrap();
    let bytes = good.as_bytes();
    let state = |s: &Store| review::status(s, REVIEW_DRAFT, "main").unwrap().1;
    let expected = state(&store);
    assert_eq!(
        expected.section("thu-ngan-sach").unwrap().state,
        State::Approved
    );

    // Another repository's index, with other records.
    let other = review_repo();
    review::approve(&other.store(), &target("giao-duc"), &req(&thang(), "", 1)).unwrap();
    other.store().read_records().unwrap();
    let foreign = std::fs::read(other.store().records_index_path()).unwrap();

    let mut edits: Vec<(&str, Vec<u8>)> = Vec::new();
    // An approval that is in no commit: the comment made an approval.
    let line = record_line(&good, &comment);
    let mut added = good.clone();
    added.replace_range(line.start + 1..line.start + 2, "3");
    edits.push(("an approval added", added.into_bytes()));
    // An approval dropped.
    let mut dropped = good.clone();
    dropped.replace_range(record_line(&good, &approval), "");
    edits.push(("an approval dropped", dropped.into_bytes()));
    // An author changed (in the table of repeated strings).
    edits.push((
        "an author changed",
        good.replace("dung.hv@tanyen.example", "long.vd@tanyen.example")
            .into_bytes(),
    ));
    edits.push(("cut short", bytes[..bytes.len() / 2].to_vec()));
    edits.push(("cut in its first line", bytes[..10].to_vec()));
    edits.push(("another repository's", foreign));
    for (what, text) in edits {
        std::fs::write(&index, &text).unwrap();
        let log = checked_log(&store);
        assert_ne!(
            log.path,
            ReadPath::Cached,
            "{what}: the edited index was believed"
        );
        assert_eq!(state(&store), expected, "{what}");
        // Written again from git, and used.
        assert_eq!(checked_log(&store).path, ReadPath::Cached, "{what}");
    }
}

// ------------------------------------------------------------ 4. locks

/// A lock file at `path`, last modified `age` ago (as one a killed process
/// left).
fn lock_file(path: &std::path::Path, age: Duration) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, "").unwrap();
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(SystemTime::now() - age)
        .unwrap();
}

#[test]
fn a_stale_lock_is_removed_and_the_write_goes_through() {
    let r = review_repo();
    let store = r.store();
    review::comment(&store, &target("giao-duc"), &req(&hoa(), "Một", 1), None).unwrap();
    let lock = r.repo.join(".git/refs/duyet/reviews.lock");
    lock_file(&lock, Duration::from_secs(5 * 60));
    let id = review::comment(&store, &target("giao-duc"), &req(&hoa(), "Hai", 2), None).unwrap();
    assert_eq!(r.reviews_tip().unwrap(), id);
    assert!(!lock.exists());
    let note = std::fs::read_to_string(r.repo.join(".git/duyet/log")).unwrap();
    assert!(note.contains("removed the stale lock"), "{note}");
    assert!(note.contains("reviews.lock"), "{note}");

    // A branch's lock, on an edit.
    let branch_lock = r.repo.join(".git/refs/heads/main.lock");
    lock_file(&branch_lock, Duration::from_secs(10 * 60));
    let text = common::review_draft_text().replace("412,5", "413,0");
    r.commit("main", &[(REVIEW_DRAFT, &text)], &thang(), 3, "Sửa");
    assert!(!branch_lock.exists());
    assert_fsck_clean(&r.repo);
}

#[test]
fn a_fresh_lock_is_reported_as_a_lock_with_what_to_do() {
    let r = review_repo();
    let store = r.store();
    review::comment(&store, &target("giao-duc"), &req(&hoa(), "Một", 1), None).unwrap();
    let before = r.reviews_tip();
    let lock = r.repo.join(".git/refs/duyet/reviews.lock");
    lock_file(&lock, Duration::from_secs(5));
    let out = r.duyet_as(
        Some(&hoa()),
        &["comment", "bao-cao", "giao-duc", "-m", "Hai"],
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("`refs/duyet/reviews` is locked"), "{err}");
    assert!(err.contains("reviews.lock"), "{err}");
    assert!(err.contains("minutes old"), "{err}");
    assert!(!err.contains("someone else committed first"), "{err}");
    assert_eq!(r.reviews_tip(), before, "nothing written");
    assert!(lock.exists(), "another's fresh lock is left alone");

    let branch_lock = r.repo.join(".git/refs/heads/main.lock");
    lock_file(&branch_lock, Duration::from_secs(5));
    let changes = [duyet::store::FileChange {
        path: REVIEW_DRAFT,
        contents: b"x",
    }];
    let tip = store.resolve("main").unwrap();
    let err = store
        .commit_files("main", Some(tip), &changes, &thang(), None, "Sửa")
        .unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err}");
    assert_eq!(store.resolve("main").unwrap(), tip);
    assert_eq!(
        r.git_ok(&["status", "--porcelain"]).trim(),
        "",
        "the work tree is untouched"
    );
}

// ------------------------------------------------------------ 5. read-only

#[test]
fn a_read_only_repository_says_so_and_still_reads() {
    let r = review_repo();
    let store = r.store();
    review::comment(&store, &target("giao-duc"), &req(&hoa(), "Một", 1), None).unwrap();
    let expected = store.read_records_uncached().unwrap();
    let _ = std::fs::remove_file(store.records_index_path());
    let body = r.tmp.path().join("body.txt");
    std::fs::write(
        &body,
        "Giải ngân vốn đầu tư công đạt 81,0% kế hoạch vốn giao.",
    )
    .unwrap();
    let body = body.to_str().unwrap();
    let bites = permissions_bite(r.tmp.path());
    // Run as someone permissions bite: this user, or — as root — nobody.
    let mut prefix: Vec<&str> = Vec::new();
    if !bites {
        let setpriv = std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "true"])
            .status();
        if !setpriv.is_ok_and(|s| s.success()) {
            println!(
                "skipped: writing in a read-only folder works here (root?), and setpriv cannot run as another user"
            );
            return;
        }
        prefix = vec![
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
        ];
        // nobody owns the repository (so git's ownership check passes) and
        // can reach it.
        let out = std::process::Command::new("chown")
            .args(["-R", "65534:65534"])
            .arg(&r.repo)
            .output()
            .unwrap();
        assert!(out.status.success());
        chmod_r(r.tmp.path(), "a+rX");
    }
    chmod_r(&r.repo, "a-w");
    let duyet = |who: Option<&Identity>, args: &[&str]| {
        let mut cmd = common::duyet_command(r.home());
        if let Some((program, rest)) = prefix.split_first() {
            cmd = {
                let mut wrapped = std::process::Command::new(program);
                wrapped
                    .args(rest)
                    .arg(env!("CARGO_BIN_EXE_duyet"))
                    .args(cmd.get_args());
                for (k, v) in cmd.get_envs() {
                    match v {
                        Some(v) => wrapped.env(k, v),
                        None => wrapped.env_remove(k),
                    };
                }
                wrapped.current_dir(r.home());
                wrapped
            };
        }
        cmd.arg("--repo").arg(&r.repo);
        if let Some(who) = who {
            cmd.arg("--as").arg(who.to_string());
        }
        cmd.args(args).output().unwrap()
    };
    // Writing says so, on every write path.
    for args in [
        &["comment", "bao-cao", "giao-duc", "-m", "Hai"][..],
        &["approve", "bao-cao", "thu-ngan-sach"],
    ] {
        let out = duyet(Some(&thang()), args);
        let err = stderr(&out);
        assert!(!out.status.success(), "{args:?}");
        assert!(
            err.contains("the repository is read-only for you"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("git:"), "{args:?}: {err}");
    }
    let edit = duyet(
        Some(&hoa()),
        &["edit", "bao-cao", "dau-tu-cong", "--body-file", body],
    );
    let err = stderr(&edit);
    assert!(
        err.contains("the repository is read-only for you"),
        "edit: {err}"
    );
    // Reading works, without the index being written.
    let out = duyet(None, &["status", "bao-cao"]);
    ok(&out);
    assert_eq!(stderr(&out), "", "no complaint about the cache");
    assert!(ok(&duyet(None, &["log", "bao-cao"])).contains("Một"));
    assert!(!store.records_index_path().exists());
    if bites {
        // The library says the same, in this process.
        let err = review::comment(&store, &target("giao-duc"), &req(&hoa(), "Ba", 3), None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("the repository is read-only for you"), "{err}");
        let tip = store.resolve("main").unwrap();
        let changes = [duyet::store::FileChange {
            path: REVIEW_DRAFT,
            contents: b"x",
        }];
        let err = store
            .commit_files("dept/x", Some(tip), &changes, &thang(), None, "Sửa")
            .unwrap_err();
        assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
        assert_eq!(store.read_records().unwrap().0, expected);
    } else {
        println!("in-process writes not checked: this process writes despite permissions (root)");
    }
    chmod_r(&r.repo, "u+w");
}

// ------------------------------------------------------------ 6. files

#[test]
fn files_under_git_duyet_follow_the_umask_and_unsent_texts_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
    let r = review_repo();
    // A repository shared through a group, as `git init --shared` makes it.
    let git_dir = r.repo.join(".git");
    std::fs::set_permissions(&git_dir, std::fs::Permissions::from_mode(0o2775)).unwrap();
    let store = r.store();
    review::comment(&store, &target("giao-duc"), &req(&hoa(), "Một", 1), None).unwrap();
    store.read_records().unwrap();
    let dir = git_dir.join("duyet");
    assert_eq!(
        mode(&dir) & 0o2070,
        0o2070,
        "group-writable like git's own folders"
    );
    // The index: what the umask gives a new file (std::fs::write's 0666).
    let reference = dir.join("umask-reference");
    std::fs::write(&reference, "").unwrap();
    assert_eq!(mode(&store.records_index_path()), mode(&reference));
    // What a person has not sent: theirs alone.
    let unsent = dir.join("unsent-hoa.lt@tanyen.example.json");
    duyet::store::write_atomically(&unsent, b"{}", duyet::store::Access::Private).unwrap();
    assert_eq!(mode(&unsent), 0o600);
    duyet::store::write_atomically(&unsent, b"{\"a\":\"b\"}", duyet::store::Access::Private)
        .unwrap();
    assert_eq!(mode(&unsent), 0o600);
    assert_eq!(std::fs::read(&unsent).unwrap(), b"{\"a\":\"b\"}");
    // Nothing temporary is left behind.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}
