//! `duyet sync` through a bare hub, with real git: records written in two
//! clones at the same time end up, after syncing, as exactly their union on
//! the hub and in both clones; branches move only forward; a branch changed
//! on both sides is reported and neither side is overwritten.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{DUNG, HOA, THANG, clone_repo, duyet_command, git_ok, hoa, moment, ok, stdout};
use duyet::core::Identity;
use duyet::ops::edit::{SectionEdit, edit_section};
use duyet::ops::review::{self, Request, Target};
use duyet::store::Store;

const DRAFT: &str = "drafts/bao-cao-ubnd-tan-yen-2023.yaml";
/// Owned by phong-tai-chinh (Hoa's department).
const SECTION: &str = "dieu-hanh-ngan-sach-dau-tu";
const DEPT: &str = "dept/phong-tai-chinh";

/// A hub (bare) that the demo repository was synced to, and two clones of
/// it, in one temporary folder that is also HOME.
struct Office {
    tmp: tempfile::TempDir,
    hub: PathBuf,
    a: PathBuf,
    b: PathBuf,
}

impl Office {
    fn new() -> Office {
        let tmp = tempfile::tempdir().unwrap();
        let origin = tmp.path().join("origin");
        duyet::demo::build(&origin).unwrap();
        let store = Store::open(Some(&origin)).unwrap();
        review::approve(&store, &target("main"), &request(&common::dung(), "", 0)).unwrap();
        let hub = tmp.path().join("hub.git");
        git_ok(
            tmp.path(),
            &["init", "-q", "--bare", "--initial-branch=main", "hub.git"],
        );
        git_ok(&origin, &["remote", "add", "hub", "../hub.git"]);
        let office = Office {
            a: tmp.path().join("a"),
            b: tmp.path().join("b"),
            hub,
            tmp,
        };
        // The first sync sends everything to the empty hub.
        let first = office.sync(&origin, HOA, &["hub"]);
        assert!(first.status.success(), "{}", common::stderr(&first));
        clone_repo(&office.hub, &office.a, &[]);
        clone_repo(&office.hub, &office.b, &[]);
        office
    }

    /// `duyet --repo REPO --as WHO sync ARGS…`, in English.
    fn sync(&self, repo: &Path, who: &str, args: &[&str]) -> Output {
        duyet_command(self.tmp.path())
            .arg("--repo")
            .arg(repo)
            .args(["--as", who, "--lang", "en", "sync"])
            .args(args)
            .output()
            .unwrap()
    }

    fn json(&self, repo: &Path, who: &str) -> serde_json::Value {
        let out = self.sync(repo, who, &["--json"]);
        serde_json::from_str(&stdout(&out))
            .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), common::stderr(&out)))
    }
}

fn request<'a>(who: &'a Identity, text: &'a str, minutes: i64) -> Request<'a> {
    Request {
        who,
        when: Some(moment(minutes)),
        text,
    }
}

fn target(rev: &str) -> Target<'_> {
    Target {
        draft: DRAFT,
        section: SECTION,
        rev,
    }
}

/// The records (not the merges that unite them) on `refs/duyet/reviews`.
fn records(repo: &Path) -> BTreeSet<String> {
    git_ok(
        repo,
        &["log", "--no-merges", "--format=%H", "refs/duyet/reviews"],
    )
    .lines()
    .map(str::to_owned)
    .collect()
}

fn rev(repo: &Path, rev: &str) -> String {
    git_ok(repo, &["rev-parse", rev]).trim().to_owned()
}

fn branch_outcome<'a>(v: &'a serde_json::Value, branch: &str) -> &'a serde_json::Value {
    v["branches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["branch"] == branch)
        .unwrap_or_else(|| panic!("no {branch} in {v}"))
}

#[test]
fn records_written_in_two_clones_at_once_end_as_their_union_everywhere() {
    let o = Office::new();
    let before = records(&o.hub);
    assert_eq!(before.len(), 1, "the hub got the first record");
    // Fifteen comments in each clone, written at the same time.
    std::thread::scope(|s| {
        for (repo, who) in [(&o.a, common::thang()), (&o.b, common::dung())] {
            s.spawn(move || {
                let store = Store::open(Some(repo)).unwrap();
                for i in 0..15 {
                    let text = format!("Góp ý số {i} của {}", who.name);
                    review::comment(&store, &target("main"), &request(&who, &text, i), None)
                        .unwrap();
                }
            });
        }
    });
    // A plain clone has not fetched the hub's records: each has its own 15.
    let (in_a, in_b) = (records(&o.a), records(&o.b));
    assert_eq!((in_a.len(), in_b.len()), (15, 15));

    let first = o.json(&o.a, THANG);
    assert_eq!(first["records_sent"], 15, "{first}");
    assert_eq!(first["records_received"], 1, "{first}");
    let second = o.json(&o.b, DUNG);
    assert_eq!(second["records_received"], 16, "{second}");
    assert_eq!(second["records_sent"], 15, "{second}");
    let third = o.sync(&o.a, THANG, &[]);
    let said = ok(&third);
    assert!(said.contains("In sync."), "{said}");

    let union: BTreeSet<String> = in_a.union(&in_b).chain(&before).cloned().collect();
    assert_eq!(union.len(), 31);
    assert_eq!(records(&o.hub), union, "the hub holds exactly the union");
    assert_eq!(records(&o.a), union, "A holds exactly the union");
    assert_eq!(records(&o.b), union, "B holds exactly the union");
    // Nothing was rewritten: each clone's own records ref still has its
    // earlier tip in its history, and so does the hub.
    for repo in [&o.a, &o.b, &o.hub] {
        let tip = rev(repo, "refs/duyet/reviews");
        for r in [&in_a, &in_b] {
            for id in r {
                git_ok(repo, &["merge-base", "--is-ancestor", id, &tip]);
            }
        }
    }
    // duyet reads them all, once each.
    let store = Store::open(Some(&o.b)).unwrap();
    let (read, _) = store.read_records().unwrap();
    assert_eq!(read.len(), 31);
}

#[test]
fn a_department_branch_moves_forward_and_a_checked_out_main_follows() {
    let o = Office::new();
    // A's officer edits her section; A syncs; B receives it.
    let store = Store::open(Some(&o.a)).unwrap();
    let edit = SectionEdit {
        title: None,
        body: Some("Thu ngân sách năm 2023 đạt 105% dự toán.".to_owned()),
        message: None,
    };
    edit_section(&store, &hoa(), Some(moment(5)), DRAFT, SECTION, &edit).unwrap();
    let sent = o.json(&o.a, HOA);
    assert_eq!(branch_outcome(&sent, DEPT)["outcome"], "sent", "{sent}");
    let got = o.json(&o.b, HOA);
    assert_eq!(branch_outcome(&got, DEPT)["outcome"], "created", "{got}");
    assert_eq!(rev(&o.b, DEPT), rev(&o.a, DEPT));
    assert_eq!(rev(&o.hub, DEPT), rev(&o.a, DEPT));

    // main moves on the hub (the office, elsewhere); B has main checked
    // out: its branch, index and file follow, and git sees nothing to undo.
    let office = o.tmp.path().join("office");
    clone_repo(&o.hub, &office, &[]);
    let path = office.join("duyet.yaml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("# Văn phòng: rà soát lần cuối\n");
    std::fs::write(&path, &text).unwrap();
    git_ok(&office, &["commit", "-qam", "Văn phòng rà soát"]);
    git_ok(&office, &["push", "-q", "origin", "main"]);
    let got = o.json(&o.b, HOA);
    assert_eq!(branch_outcome(&got, "main")["outcome"], "received", "{got}");
    assert_eq!(rev(&o.b, "main"), rev(&office, "main"));
    assert_eq!(
        std::fs::read_to_string(o.b.join("duyet.yaml")).unwrap(),
        text
    );
    assert_eq!(git_ok(&o.b, &["status", "--porcelain"]), "");
}

#[test]
fn a_branch_changed_on_both_sides_is_reported_and_neither_is_overwritten() {
    let o = Office::new();
    for (repo, words, minutes) in [(&o.a, "105%", 5), (&o.b, "98%", 6)] {
        git_ok(repo, &["branch", "-q", DEPT, &format!("origin/{DEPT}")]);
        let store = Store::open(Some(repo)).unwrap();
        let edit = SectionEdit {
            title: None,
            body: Some(format!("Thu ngân sách năm 2023 đạt {words} dự toán.")),
            message: None,
        };
        edit_section(&store, &hoa(), Some(moment(minutes)), DRAFT, SECTION, &edit).unwrap();
    }
    ok(&o.sync(&o.a, HOA, &[]));
    let (a_tip, b_tip) = (rev(&o.a, DEPT), rev(&o.b, DEPT));
    let out = o.sync(&o.b, HOA, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let said = stdout(&out);
    assert!(
        said.contains(&format!("{DEPT}: 1 commit(s) here and 1 on origin")),
        "{said}"
    );
    assert!(
        said.contains("git merge origin/dept/phong-tai-chinh"),
        "{said}"
    );
    assert_eq!(rev(&o.b, DEPT), b_tip, "B's branch was not moved");
    assert_eq!(rev(&o.hub, DEPT), a_tip, "the hub's branch was not moved");

    // In Vietnamese, by default.
    let vi = common::duyet_command_vi(o.tmp.path())
        .arg("--repo")
        .arg(&o.b)
        .args(["--as", HOA, "sync"])
        .output()
        .unwrap();
    assert!(
        stdout(&vi).contains("không bên nào bị ghi đè"),
        "{}",
        stdout(&vi)
    );
}

#[test]
fn an_unknown_remote_is_refused_without_running_git_on_it() {
    let o = Office::new();
    for remote in ["nowhere", "--upload-pack=touch /tmp/x", "../hub.git"] {
        let out = o.sync(&o.a, HOA, &["--", remote]);
        assert_eq!(out.status.code(), Some(1), "{remote}");
        let err = common::stderr(&out);
        assert!(err.contains("no remote"), "{remote}: {err}");
        assert!(
            err.contains("origin"),
            "the known remotes are listed: {err}"
        );
    }
}

// ---------------------------------------------------------------------------
// The hub's pre-receive hook

/// `git` in `dir` as `who` ("Name <email>"), returning the whole output.
fn git_as(dir: &Path, who: &Identity, args: &[&str]) -> Output {
    common::git(dir)
        .env("GIT_AUTHOR_NAME", &who.name)
        .env("GIT_AUTHOR_EMAIL", &who.email)
        .env("GIT_COMMITTER_NAME", &who.name)
        .env("GIT_COMMITTER_EMAIL", &who.email)
        .args(args)
        .output()
        .unwrap()
}

impl Office {
    fn install_hook(&self) {
        let out = duyet_command(self.tmp.path())
            .arg("--repo")
            .arg(&self.hub)
            .args(["admin", "install-hook"])
            .output()
            .unwrap();
        let path = ok(&out);
        assert!(path.trim().ends_with("hooks/pre-receive"), "{path}");
    }
}

#[test]
fn the_hook_refuses_a_rewind_of_the_records_and_keeps_them() {
    let o = Office::new();
    o.install_hook();
    let store = Store::open(Some(&o.a)).unwrap();
    for i in 0..3 {
        review::comment(
            &store,
            &target("main"),
            &request(&common::thang(), "Góp ý", i),
            None,
        )
        .unwrap();
    }
    ok(&o.sync(&o.a, THANG, &[]));
    let hub_tip = rev(&o.hub, "refs/duyet/reviews");
    let out = git_as(
        &o.a,
        &common::thang(),
        &[
            "push",
            "--force",
            "origin",
            "refs/duyet/reviews~2:refs/duyet/reviews",
        ],
    );
    assert!(!out.status.success());
    let err = common::stderr(&out);
    assert!(err.contains("not a fast-forward"), "{err}");
    assert_eq!(rev(&o.hub, "refs/duyet/reviews"), hub_tip);
    let out = git_as(
        &o.a,
        &common::thang(),
        &["push", "origin", ":refs/duyet/reviews"],
    );
    assert!(!out.status.success());
    assert!(common::stderr(&out).contains("deleting it is refused"));
    assert_eq!(rev(&o.hub, "refs/duyet/reviews"), hub_tip);
}

#[test]
fn the_hook_refuses_a_forged_approval_and_a_commit_on_main_not_by_the_office() {
    let o = Office::new();
    o.install_hook();
    ok(&o.sync(&o.a, HOA, &[]));
    // Dũng's approval, made again by Hoa with plain git: a drafter may not
    // approve. duyet sync sends it; the hub refuses.
    let tip = rev(&o.a, "refs/duyet/reviews");
    let message = git_ok(&o.a, &["log", "-1", "--format=%B", &tip]);
    let empty_tree = git_ok(&o.a, &["hash-object", "-t", "tree", "/dev/null"]);
    let forged = git_as(
        &o.a,
        &hoa(),
        &["commit-tree", empty_tree.trim(), "-p", &tip, "-m", &message],
    );
    let forged = stdout(&forged).trim().to_owned();
    git_ok(&o.a, &["update-ref", "refs/duyet/reviews", &forged, &tip]);
    let out = o.sync(&o.a, HOA, &[]);
    assert_eq!(out.status.code(), Some(1));
    let said = stdout(&out);
    assert!(said.contains("origin refused refs/duyet/reviews"), "{said}");
    assert!(said.contains(", 0 sent."), "{said}");
    assert!(
        said.contains("Lê Thị Hoa is not a reviewer of Phòng Tài chính - Kế hoạch"),
        "the hook's reason is shown: {said}"
    );
    assert_eq!(
        rev(&o.hub, "refs/duyet/reviews"),
        tip,
        "the hub kept its records"
    );

    // A commit on main by a drafting officer is refused; by the office, taken.
    let path = o.b.join("duyet.yaml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("# sửa trực tiếp\n");
    std::fs::write(&path, &text).unwrap();
    let out = git_as(&o.b, &hoa(), &["commit", "-qam", "Sửa trực tiếp trên main"]);
    assert!(out.status.success());
    let out = git_as(&o.b, &hoa(), &["push", "origin", "main"]);
    assert!(!out.status.success());
    let err = common::stderr(&out);
    assert!(err.contains("only the office merges into main"), "{err}");
    let out = git_as(
        &o.b,
        &common::thang(),
        &["commit", "-q", "--amend", "--reset-author", "--no-edit"],
    );
    assert!(out.status.success());
    let out = git_as(&o.b, &common::thang(), &["push", "origin", "main"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert_eq!(rev(&o.hub, "main"), rev(&o.b, "main"));
}

#[test]
fn two_clones_syncing_at_the_same_moment_both_land_their_records() {
    let o = Office::new();
    for (repo, who) in [(&o.a, common::thang()), (&o.b, common::dung())] {
        let store = Store::open(Some(repo)).unwrap();
        for i in 0..5 {
            review::comment(&store, &target("main"), &request(&who, "Góp ý", i), None).unwrap();
        }
    }
    let (in_a, in_b) = (records(&o.a), records(&o.b));
    // Both at once: one pushes first; the other's push is refused as not a
    // fast-forward, and it fetches, unites and pushes again.
    let outs: Vec<Output> = std::thread::scope(|s| {
        let a = s.spawn(|| o.sync(&o.a, THANG, &[]));
        let b = s.spawn(|| o.sync(&o.b, DUNG, &[]));
        vec![a.join().unwrap(), b.join().unwrap()]
    });
    for out in &outs {
        ok(out);
    }
    ok(&o.sync(&o.a, THANG, &[]));
    let union: BTreeSet<String> = in_a.union(&in_b).cloned().collect();
    for repo in [&o.hub, &o.a] {
        let have = records(repo);
        assert!(union.is_subset(&have), "{} lacks records", repo.display());
        assert_eq!(have.len(), union.len() + 1, "and the hub's first one");
    }
}

#[test]
fn a_checked_out_branch_with_uncommitted_changes_is_not_moved_and_says_why() {
    let o = Office::new();
    let office = o.tmp.path().join("office");
    clone_repo(&o.hub, &office, &[]);
    let path = office.join("duyet.yaml");
    let text = std::fs::read_to_string(&path).unwrap() + "# rà soát\n";
    std::fs::write(&path, &text).unwrap();
    git_ok(&office, &["commit", "-qam", "Văn phòng rà soát"]);
    git_ok(&office, &["push", "-q", "origin", "main"]);
    // B is editing the same file by hand.
    let mine = o.b.join("duyet.yaml");
    let edited = std::fs::read_to_string(&mine).unwrap() + "# bản nháp của tôi\n";
    std::fs::write(&mine, &edited).unwrap();
    let before = rev(&o.b, "main");
    let out = o.sync(&o.b, HOA, &[]);
    assert_eq!(out.status.code(), Some(1));
    let said = stdout(&out);
    assert!(said.contains("main: not brought up to date"), "{said}");
    assert!(said.contains("git stash"), "what to do: {said}");
    assert_eq!(rev(&o.b, "main"), before);
    assert_eq!(
        std::fs::read_to_string(&mine).unwrap(),
        edited,
        "nothing lost"
    );
    let vi = common::duyet_command_vi(o.tmp.path())
        .arg("--repo")
        .arg(&o.b)
        .args(["--as", HOA, "sync"])
        .output()
        .unwrap();
    assert!(
        stdout(&vi).contains("main: chưa cập nhật được"),
        "{}",
        stdout(&vi)
    );
}
