//! A clone is a working copy: in a plain `git clone` of a duyet repository
//! the departments' branches are remote-tracking only and the review records
//! are not fetched. duyet lists and compares those branches, starts an edit
//! from the remote's branch, reads the fetched records with the local ones,
//! and says how to fetch them when they are missing. Real repositories,
//! cloned and fetched with real git.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::screen::{self, screen_rows};
use common::{
    DUNG, HOA, THANG, clone_repo, dung, duyet_command, fetch_records, git_ok, hoa, moment, ok,
    records_refspec, stderr, thang,
};
use duyet::core::Identity;
use duyet::ops::review::{self, Request, Target};
use duyet::store::{BranchKind, ReadPath, RepoHint, Store};
use duyet::tui::Lang;

const DRAFT: &str = "drafts/bao-cao-ubnd-tan-yen-2023.yaml";
/// Owned by phong-tai-chinh.
const SECTION: &str = "dieu-hanh-ngan-sach-dau-tu";
const DEPT: &str = "dept/phong-tai-chinh";
const REMOTE_DEPT: &str = "origin/dept/phong-tai-chinh";

/// The demo repository with review records (`origin/`) and a plain clone
/// of it (`clone/`), in one temporary folder that is also HOME.
struct Clone {
    tmp: tempfile::TempDir,
    origin: PathBuf,
    clone: PathBuf,
}

impl Clone {
    fn new(extra: &[&str]) -> Clone {
        let tmp = tempfile::tempdir().unwrap();
        let origin = tmp.path().join("origin");
        duyet::demo::build(&origin).unwrap();
        let store = Store::open(Some(&origin)).unwrap();
        approve(&store, &dung(), 0);
        approve(&store, &thang(), 1);
        comment(&store, &hoa(), "Đề nghị bổ sung số liệu quý IV.", 2);
        let clone = tmp.path().join("clone");
        clone_repo(&origin, &clone, extra);
        Clone { tmp, origin, clone }
    }

    fn store(&self) -> Store {
        Store::open(Some(&self.clone)).unwrap()
    }

    fn origin_store(&self) -> Store {
        Store::open(Some(&self.origin)).unwrap()
    }

    /// The real binary: `duyet --repo REPO args…`.
    fn duyet(&self, repo: &Path, args: &[&str]) -> Output {
        duyet_command(self.tmp.path())
            .arg("--repo")
            .arg(repo)
            .args(args)
            .output()
            .unwrap()
    }

    fn git(&self, args: &[&str]) -> String {
        git_ok(&self.clone, args)
    }

    fn rev(&self, repo: &Path, rev: &str) -> String {
        git_ok(repo, &["rev-parse", rev]).trim().to_owned()
    }
}

fn request<'a>(who: &'a Identity, text: &'a str, minutes: i64) -> Request<'a> {
    Request {
        who,
        when: Some(moment(minutes)),
        text,
    }
}

fn target() -> Target<'static> {
    Target {
        draft: DRAFT,
        section: SECTION,
        rev: "main",
    }
}

fn approve(store: &Store, who: &Identity, minutes: i64) -> String {
    review::approve(store, &target(), &request(who, "", minutes)).unwrap()
}

fn comment(store: &Store, who: &Identity, text: &str, minutes: i64) -> String {
    review::comment(store, &target(), &request(who, text, minutes), None).unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_str(&ok(out)).unwrap()
}

/// The records read through the index, checked against a full read.
fn read_checked(store: &Store) -> (Vec<String>, ReadPath) {
    let (records, path) = store.read_records().unwrap();
    let full = store.read_records_uncached().unwrap();
    assert_eq!(
        records, full,
        "the index disagrees with a full read ({path:?})"
    );
    (records.into_iter().map(|r| r.id).collect(), path)
}

/// Record ids as `duyet log --json` lists them.
fn logged(c: &Clone, repo: &Path) -> Vec<String> {
    let v = json(&c.duyet(repo, &["log", DRAFT, "--json"]));
    v["records"]
        .as_array()
        .unwrap_or_else(|| panic!("no records in {v}"))
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The section's approvers (record ids) in `duyet status --json`.
fn approvers(c: &Clone, repo: &Path) -> Vec<String> {
    let v = json(&c.duyet(repo, &["status", DRAFT, "--json"]));
    let section = v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == SECTION)
        .unwrap()
        .clone();
    assert_eq!(section["state"], "approved", "{section}");
    section["approvers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["record"].as_str().unwrap().to_owned())
        .collect()
}

/// The footer's two rows as one line of words (a long message wraps).
fn footer(app: &duyet::tui::app::App) -> String {
    let rows = screen_rows(app);
    rows[rows.len() - 2..]
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn assert_unique(ids: &[String]) {
    let mut sorted = ids.to_vec();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len(), "a record counted twice: {ids:?}");
}

// ------------------------------------------------------------ branches

#[test]
fn a_clone_lists_the_departments_remote_tracking_branches() {
    let c = Clone::new(&[]);
    let origin_depts: Vec<String> = c
        .origin_store()
        .branches()
        .unwrap()
        .into_iter()
        .filter(|b| matches!(b.kind, BranchKind::Department(_)))
        .map(|b| b.name)
        .collect();
    assert!(origin_depts.len() >= 4, "{origin_depts:?}");

    let v = json(&c.duyet(&c.clone, &["branches", "--json"]));
    let branches = v["branches"].as_array().unwrap();
    assert_eq!(branches[0]["name"], "main");
    assert_eq!(branches[0]["remote"], serde_json::Value::Null);
    // No origin/main beside the local main.
    assert!(!branches.iter().any(|b| b["name"] == "origin/main"), "{v}");
    for name in &origin_depts {
        let dept = name.strip_prefix("dept/").unwrap();
        let b = branches
            .iter()
            .find(|b| b["name"] == format!("origin/{name}"))
            .unwrap_or_else(|| panic!("origin/{name} is not listed: {v}"));
        assert_eq!(b["remote"], "origin");
        assert_eq!(
            b["kind"],
            serde_json::json!({"kind": "department", "department": dept})
        );
        assert_eq!(b["tip"], c.rev(&c.origin, name));
    }
    let text = ok(&c.duyet(&c.clone, &["branches"]));
    assert!(
        text.contains(&format!("{REMOTE_DEPT}  (remote-tracking)")),
        "{text}"
    );

    // A local branch of the same name hides the remote-tracking one.
    c.git(&["branch", DEPT, REMOTE_DEPT]);
    let list = c.store().branches().unwrap();
    let named: Vec<(&str, Option<&str>)> = list
        .iter()
        .filter(|b| b.kind == BranchKind::Department("phong-tai-chinh".into()))
        .map(|b| (b.name.as_str(), b.remote.as_deref()))
        .collect();
    assert_eq!(named, [(DEPT, None)]);
    // Local department branches come before the remote-tracking ones.
    let first_remote = list.iter().position(|b| b.remote.is_some()).unwrap();
    assert!(list[..first_remote].iter().any(|b| b.name == DEPT));
}

#[test]
fn the_screen_in_a_clone_compares_main_with_a_department_branch() {
    let c = Clone::new(&[]);
    let store = c.store();
    let mut app = screen::open(&store, HOA, Lang::En, (100, 30));
    assert_eq!(
        (app.review.from.as_str(), app.review.to.as_str()),
        ("main", REMOTE_DEPT)
    );
    let comparison = app.review.comparison.ready().unwrap();
    assert_eq!(comparison.to, REMOTE_DEPT);
    assert!(
        comparison
            .diff
            .sections
            .iter()
            .any(|s| s.status != duyet::core::diff::Status::Unchanged),
        "the department's changes show"
    );
    // The records were not fetched: the footer says how.
    let bottom = footer(&app);
    assert!(
        bottom.contains("origin's review records were not fetched"),
        "{bottom}"
    );
    assert!(bottom.contains(&records_refspec("origin")), "{bottom}");

    // The picker marks the remote-tracking branches.
    screen::press(&store, &mut app, &[duyet::tui::keys::Action::OpenCompare]);
    let text = screen::screen(&app);
    assert!(text.contains(&format!("{DEPT} ⇣")), "{text}");
    assert!(
        text.contains(REMOTE_DEPT),
        "the to line names it in full: {text}"
    );

    // Someone of another department starts on the first department branch,
    // and the merge board lists the remote-tracking branches.
    let mut app = screen::open(&store, THANG, Lang::Vi, (100, 30));
    assert!(
        app.review.to.starts_with("origin/dept/"),
        "{}",
        app.review.to
    );
    let bottom = footer(&app);
    assert!(
        bottom.contains("Chưa tải bản ghi duyệt của origin về"),
        "{bottom}"
    );
    screen::press(&store, &mut app, &[duyet::tui::keys::Action::Board]);
    let text = screen::screen(&app);
    // As in the picker: the name without the remote, marked ⇣.
    assert!(text.contains("dept/phong-giao-duc ⇣"), "{text}");
}

#[test]
fn diff_status_and_merge_work_on_remote_tracking_branches() {
    let c = Clone::new(&[]);
    let v = json(&c.duyet(&c.clone, &["diff", DRAFT, "main", REMOTE_DEPT, "--json"]));
    let changed = v["sections"].as_array().unwrap();
    assert!(!changed.is_empty(), "{v}");
    // The same as in the origin between main and the department's branch.
    let w = json(&c.duyet(&c.origin, &["diff", DRAFT, "main", DEPT, "--json"]));
    assert_eq!(v["sections"], w["sections"]);

    ok(&c.duyet(&c.clone, &["status", DRAFT, "--rev", REMOTE_DEPT]));
    let plan = json(&c.duyet(
        &c.clone,
        &["merge", DRAFT, "--from", REMOTE_DEPT, "--plan", "--json"],
    ));
    let origin_plan = json(&c.duyet(
        &c.origin,
        &["merge", DRAFT, "--from", DEPT, "--plan", "--json"],
    ));
    assert_eq!(plan["sections"], origin_plan["sections"]);
    // Merging it writes main in the clone, with the department's tip as
    // second parent.
    let out = c.duyet(
        &c.clone,
        &[
            "--as",
            THANG,
            "merge",
            DRAFT,
            "--from",
            REMOTE_DEPT,
            "--accept",
            SECTION,
        ],
    );
    let merged = ok(&out).trim().to_owned();
    assert_eq!(c.rev(&c.clone, "main"), merged);
    assert_eq!(
        c.rev(&c.clone, "main^2"),
        c.rev(&c.clone, REMOTE_DEPT),
        "the merge's second parent"
    );
}

#[test]
fn a_clone_of_a_department_branch_uses_the_remotes_main() {
    let c = Clone::new(&["-b", DEPT]);
    let store = c.store();
    let list = store.branches().unwrap();
    let main = list.iter().find(|b| b.kind == BranchKind::Main).unwrap();
    assert_eq!(
        (main.name.as_str(), main.remote.as_deref()),
        ("origin/main", Some("origin"))
    );
    assert_eq!(
        store.resolve("main").unwrap().to_string(),
        c.rev(&c.origin, "main")
    );
    // duyet.yaml is read from the remote's main: hoa's branch is the local one.
    let app = screen::open(&store, HOA, Lang::En, (100, 30));
    assert_eq!(
        (app.review.from.as_str(), app.review.to.as_str()),
        ("main", DEPT)
    );
    ok(&c.duyet(&c.clone, &["status", DRAFT]));
}

// ------------------------------------------------------------ edit

#[test]
fn an_edit_in_a_clone_starts_from_the_remotes_department_branch() {
    let c = Clone::new(&[]);
    let store = c.store();
    assert_eq!(
        duyet::ops::edit::edit_base(&store, &hoa()).unwrap(),
        (DEPT.to_owned(), REMOTE_DEPT.to_owned())
    );
    let remote_tip = c.rev(&c.clone, REMOTE_DEPT);
    let revisions = store.revisions(REMOTE_DEPT, DRAFT, 100).unwrap().len();
    assert!(revisions > 1, "the department has earlier revisions");

    let body = c.tmp.path().join("body.txt");
    std::fs::write(&body, "Nội dung mới của mục điều hành ngân sách.\n").unwrap();
    let out = c.duyet(
        &c.clone,
        &[
            "--as",
            HOA,
            "edit",
            DRAFT,
            SECTION,
            "--body-file",
            body.to_str().unwrap(),
        ],
    );
    let line = ok(&out);
    assert!(line.starts_with(&format!("{DEPT} ")), "{line}");
    // The new branch's first commit is on the remote's tip: nothing of the
    // department's earlier work is dropped…
    assert_eq!(c.rev(&c.clone, &format!("{DEPT}^")), remote_tip);
    assert_eq!(
        c.store().revisions(DEPT, DRAFT, 100).unwrap().len(),
        revisions + 1
    );
    // …and it tracks the remote's branch, as `git checkout` would make it.
    assert_eq!(
        c.git(&["rev-parse", "--abbrev-ref", &format!("{DEPT}@{{upstream}}")])
            .trim(),
        REMOTE_DEPT
    );
    // Now the local branch is the one listed, and the next edit goes on it.
    let store = c.store();
    assert!(
        store
            .branches()
            .unwrap()
            .iter()
            .all(|b| b.name != REMOTE_DEPT)
    );
    assert_eq!(
        duyet::ops::edit::edit_base(&store, &hoa()).unwrap(),
        (DEPT.to_owned(), DEPT.to_owned())
    );

    // A department with no branch, local or remote: an edit starts from main.
    let quyet = common::person("Trần Văn Quyết", "quyet.tv@tanyen.example");
    assert_eq!(
        duyet::ops::edit::edit_base(&store, &quyet).unwrap(),
        ("dept/phong-tu-phap".to_owned(), "main".to_owned())
    );
}

// ------------------------------------------------------------ records

#[test]
fn without_fetched_records_status_and_log_say_how_to_fetch_them() {
    let c = Clone::new(&[]);
    assert!(c.store().read_records().unwrap().0.is_empty());
    assert_eq!(
        c.store().record_hints(),
        [RepoHint::RecordsNotFetched {
            remote: "origin".into(),
            configured: false
        }]
    );
    for args in [&["status", DRAFT][..], &["log", DRAFT]] {
        let out = c.duyet(&c.clone, args);
        ok(&out);
        let err = stderr(&out);
        assert!(
            err.starts_with("duyet: note: `origin` has review records"),
            "{err}"
        );
        assert!(
            err.contains(&format!(
                "git config --add remote.origin.fetch '{}' && git fetch origin",
                records_refspec("origin")
            )),
            "{err}"
        );
        assert!(err.contains("duyet sync"), "{err}");
    }
    // The origin itself needs no note.
    assert_eq!(stderr(&c.duyet(&c.origin, &["status", DRAFT])), "");

    // A `file://` URL is a folder on this machine too.
    let url = format!("file://{}", c.origin.display());
    c.git(&["remote", "set-url", "origin", &url]);
    assert!(matches!(
        c.store().record_hints()[..],
        [RepoHint::RecordsNotFetched { .. }]
    ));
    // Configured but not fetched yet: `git fetch` is enough.
    c.git(&[
        "config",
        "--add",
        "remote.origin.fetch",
        &records_refspec("origin"),
    ]);
    let err = stderr(&c.duyet(&c.clone, &["status", DRAFT]));
    assert!(
        err.contains("fetch them with\n  git fetch origin\n"),
        "{err}"
    );

    // Fetched: no note, and the origin's approvals.
    fetch_records(&c.clone, "origin");
    let out = c.duyet(&c.clone, &["status", DRAFT]);
    assert_eq!(stderr(&out), "");
    assert_eq!(approvers(&c, &c.clone), approvers(&c, &c.origin));
    assert_eq!(logged(&c, &c.clone), logged(&c, &c.origin));
}

#[test]
fn a_remote_that_is_not_a_folder_is_never_opened() {
    let c = Clone::new(&[]);
    for url in [
        "https://example.invalid/ubnd/bao-cao.git",
        "git@example.invalid:ubnd/bao-cao.git",
        "example.invalid:bao-cao",
    ] {
        c.git(&["remote", "set-url", "origin", url]);
        assert_eq!(
            c.store().record_hints(),
            [RepoHint::RecordsMaybeOnRemote {
                remote: "origin".into()
            }],
            "{url}"
        );
        let err = stderr(&c.duyet(&c.clone, &["log", DRAFT]));
        assert!(err.contains("if `origin` has any"), "{err}");
        assert!(err.contains(&records_refspec("origin")), "{err}");
    }
    // With the refspec configured there is nothing more to say.
    c.git(&[
        "config",
        "--add",
        "remote.origin.fetch",
        &records_refspec("origin"),
    ]);
    assert_eq!(c.store().record_hints(), []);
    // A folder without records: nothing to say either.
    let bare = c.tmp.path().join("empty.git");
    git_ok(
        c.tmp.path(),
        &["init", "-q", "--bare", bare.to_str().unwrap()],
    );
    c.git(&["remote", "add", "other", bare.to_str().unwrap()]);
    assert_eq!(c.store().record_hints(), []);
}

#[test]
fn no_department_branch_is_said_on_the_screen() {
    let r = common::review_repo();
    let store = r.store();
    assert_eq!(store.hints(), [RepoHint::NoDepartmentBranches]);
    assert_eq!(store.record_hints(), []);
    let app = screen::open(&store, DUNG, Lang::En, (100, 30));
    assert_eq!(
        (app.review.from.as_str(), app.review.to.as_str()),
        ("main", "main")
    );
    let bottom = footer(&app);
    assert!(bottom.contains("No dept/… branch"), "{bottom}");
    assert!(bottom.contains("git branch dept/<id> main"), "{bottom}");
    // status and log are about records: no note there.
    assert_eq!(stderr(&r.duyet_as(None, &["status", "bao-cao"])), "");
}

#[test]
fn records_written_in_a_clone_join_the_origins() {
    let c = Clone::new(&[]);
    fetch_records(&c.clone, "origin");
    let origin_ids = logged(&c, &c.origin);
    assert_eq!(origin_ids.len(), 3);
    let store = c.store();
    assert_eq!(
        store.reviews_tip().unwrap(),
        None,
        "only the remote's so far"
    );
    let (ids, path) = read_checked(&store);
    assert_eq!((ids.clone(), path), (origin_ids.clone(), ReadPath::Full));
    assert_eq!(read_checked(&store).1, ReadPath::Cached);

    // The first record written here is built on the remote's tip.
    let mine = comment(&store, &dung(), "Phòng đã bổ sung.", 10);
    let remote_tip = c.rev(&c.clone, "origin/duyet/reviews");
    assert_eq!(c.rev(&c.clone, "refs/duyet/reviews^"), remote_tip);
    let (ids, path) = read_checked(&store);
    assert_eq!(path, ReadPath::Updated(1));
    assert_eq!(ids, [origin_ids.clone(), vec![mine.clone()]].concat());
    assert_eq!(read_checked(&store).1, ReadPath::Cached);
    assert_eq!(logged(&c, &c.clone), ids);

    // The origin moves on; fetched, the two have diverged: the union, each
    // record once, the local history first.
    let theirs = approve(&c.origin_store(), &thang(), 20);
    fetch_records(&c.clone, "origin");
    let (ids, path) = read_checked(&store);
    assert_eq!(path, ReadPath::Full);
    assert_eq!(
        ids,
        [origin_ids.clone(), vec![mine.clone(), theirs.clone()]].concat()
    );
    assert_unique(&ids);
    assert_eq!(read_checked(&store).1, ReadPath::Cached);
    assert_eq!(logged(&c, &c.clone), ids);

    // A record written now unites them: its parents are the local tip and
    // the remote's, and it comes after everything read.
    let local_tip = c.rev(&c.clone, "refs/duyet/reviews");
    let remote_tip = c.rev(&c.clone, "origin/duyet/reviews");
    let united = comment(&store, &hoa(), "Đã xem bản mới.", 30);
    let parents = c.git(&["rev-list", "--parents", "-n", "1", "refs/duyet/reviews"]);
    assert_eq!(
        parents.split_whitespace().collect::<Vec<_>>(),
        [united.as_str(), local_tip.as_str(), remote_tip.as_str()]
    );
    let (ids, _) = read_checked(&store);
    assert_eq!(
        ids,
        [
            origin_ids.clone(),
            vec![mine.clone(), theirs.clone(), united.clone()]
        ]
        .concat()
    );
    // The remote's tip is in the local history now: later records are read
    // alone again.
    let next = comment(&store, &hoa(), "Thêm một ý.", 40);
    let (ids, path) = read_checked(&store);
    assert_eq!(path, ReadPath::Updated(1));
    assert_eq!(ids.last(), Some(&next));
    assert_unique(&ids);
    assert_eq!(read_checked(&store).1, ReadPath::Cached);

    // The state in the clone counts the origin's approvals and its own.
    let mut origin_approvers = approvers(&c, &c.origin);
    origin_approvers.sort();
    let mut clone_approvers = approvers(&c, &c.clone);
    clone_approvers.sort();
    assert_eq!(clone_approvers, origin_approvers);
    // And the index file deleted changes nothing.
    std::fs::remove_file(store.records_index_path()).unwrap();
    assert_eq!(read_checked(&store).0, ids);
}

#[test]
fn the_union_is_the_same_however_the_tips_moved() {
    // The same records reached through different tips: the remote's tip in
    // the local history (after a push and fetch), equal tips, a remote
    // behind, a non-record remote tip, and a second remote.
    let c = Clone::new(&[]);
    fetch_records(&c.clone, "origin");
    let store = c.store();
    let mine = comment(&store, &dung(), "Một.", 10);
    read_checked(&store);
    // The origin takes the clone's records (as a push would) and the clone
    // fetches: both tips are equal.
    git_ok(
        &c.origin,
        &[
            "fetch",
            "-q",
            c.clone.to_str().unwrap(),
            "refs/duyet/reviews:refs/duyet/reviews",
        ],
    );
    fetch_records(&c.clone, "origin");
    assert_eq!(
        c.rev(&c.clone, "origin/duyet/reviews"),
        c.rev(&c.clone, "refs/duyet/reviews")
    );
    let (ids, path) = read_checked(&store);
    assert_eq!(ids.last(), Some(&mine));
    assert_eq!(path, ReadPath::Cached);

    // The origin moves on: the local tip is behind the remote's, whose
    // history is the union; read once, then from the index.
    let theirs = approve(&c.origin_store(), &thang(), 20);
    fetch_records(&c.clone, "origin");
    let (ids, _) = read_checked(&store);
    assert_eq!(ids.last(), Some(&theirs));
    assert_eq!(read_checked(&store).1, ReadPath::Cached);
    // A record written now goes on the remote's tip (the local ref moves
    // forward to it), and is read alone.
    let after = comment(&store, &dung(), "Hai.", 30);
    assert_eq!(
        c.rev(&c.clone, "refs/duyet/reviews^"),
        c.rev(&c.clone, "origin/duyet/reviews")
    );
    let (ids, path) = read_checked(&store);
    assert_eq!((ids.last(), path), (Some(&after), ReadPath::Updated(1)));

    // The remote's ref set back to a non-record commit on top of an old
    // record (a merge made by hand): read once, then from the index.
    let old = c.rev(&c.clone, "refs/duyet/reviews~4");
    let tree = c.git(&["hash-object", "-t", "tree", "-w", "/dev/null"]);
    let junk = c
        .git(&["commit-tree", tree.trim(), "-p", &old, "-m", "Gộp bản ghi"])
        .trim()
        .to_owned();
    c.git(&["update-ref", "refs/remotes/origin/duyet/reviews", &junk]);
    let (with_junk, _) = read_checked(&store);
    assert_eq!(with_junk, ids, "the junk commit adds no record");
    assert_unique(&with_junk);
    // A record written now unites them; the junk commit is then in the
    // local history without being a record the index holds.
    let united = comment(&store, &hoa(), "Sau gộp.", 40);
    let (ids, _) = read_checked(&store);
    assert_eq!(ids, [with_junk, vec![united]].concat());
    assert_eq!(read_checked(&store).1, ReadPath::Cached);

    // A second remote with records of its own.
    let other = c.tmp.path().join("other");
    clone_repo(&c.origin, &other, &[]);
    fetch_records(&other, "origin");
    let other_store = Store::open(Some(&other)).unwrap();
    let theirs = comment(&other_store, &thang(), "Từ bản sao khác.", 50);
    c.git(&["remote", "add", "dong-nghiep", other.to_str().unwrap()]);
    fetch_records(&c.clone, "dong-nghiep");
    let (ids, path) = read_checked(&store);
    assert_eq!(path, ReadPath::Full);
    assert_eq!(ids.last(), Some(&theirs));
    assert_unique(&ids);
    assert_eq!(read_checked(&store).1, ReadPath::Cached);
    // Without a local ref, the remotes' records alone.
    c.git(&["update-ref", "-d", "refs/duyet/reviews"]);
    let (alone, _) = read_checked(&store);
    assert_unique(&alone);
    assert!(alone.contains(&theirs) && alone.contains(&mine));
}

#[test]
fn a_clones_department_branches_are_named_by_their_department() {
    let c = Clone::new(&[]);
    let store = c.store();
    assert_eq!(
        store.department_of(REMOTE_DEPT).as_deref(),
        Some("phong-tai-chinh")
    );
    assert_eq!(
        c.origin_store().department_of(DEPT).as_deref(),
        Some("phong-tai-chinh")
    );
    assert_eq!(store.department_of("origin/main"), None);
    assert_eq!(store.department_of("no/such/branch"), None);

    // The merge board's rows.
    let mut app = screen::open(&store, THANG, Lang::Vi, (80, 24));
    screen::press(&store, &mut app, &[duyet::tui::keys::Action::Board]);
    let rows = screen_rows(&app);
    let row = rows
        .iter()
        .find(|l| l.starts_with('│') && l.contains(&format!("{DEPT} ⇣")))
        .unwrap_or_else(|| panic!("its row:\n{}", rows.join("\n")));
    assert!(row.contains("Phòng Tài chính - Kế hoạch"), "{row}");
    screen::press(&store, &mut app, &[duyet::tui::keys::Action::Cancel]);

    // Every department's version of a section (`o`).
    screen::select_section(&store, &mut app, SECTION);
    screen::press(
        &store,
        &mut app,
        &[duyet::tui::keys::Action::AllDepartments],
    );
    let text = screen::screen(&app);
    assert!(
        text.contains(&format!("{REMOTE_DEPT} (Phòng Tài chính - Kế hoạch)")),
        "{text}"
    );

    // The merge commit's subject names the department; the trailer keeps
    // the ref merged.
    let out = c.duyet(
        &c.clone,
        &[
            "--as",
            &common::hang().to_string(),
            "merge",
            DRAFT,
            "--from",
            REMOTE_DEPT,
            "--take-all",
        ],
    );
    ok(&out);
    let subject = c.git(&["log", "-1", "--format=%s", "main"]);
    assert_eq!(
        subject.trim(),
        format!("Tổng hợp đóng góp của Phòng Tài chính - Kế hoạch vào {DRAFT}")
    );
    let message = c.git(&["log", "-1", "--format=%B", "main"]);
    assert!(
        message
            .lines()
            .any(|l| l == format!("Duyet-Merge-From: {REMOTE_DEPT}")),
        "{message}"
    );
}
