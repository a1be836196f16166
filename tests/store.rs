//! The git store on real repositories in temporary folders, with fixed
//! identities and times so commit ids are reproducible; plain `git` (with no
//! user or system configuration) checks what duyet wrote.

mod common;

use std::path::Path;

use common::{git_ok, yaml};
use duyet::core::yaml::write_draft;
use duyet::core::{Identity, Moment};
use duyet::store::{BranchKind, CommitId, FileChange, Store, StoreError};
use tempfile::TempDir;

const DRAFT: &str = "drafts/bao-cao.yaml";

fn hoa() -> Identity {
    Identity {
        name: "Lê Thị Hoa".into(),
        email: "hoa.lt@tanyen.example".into(),
    }
}

fn nam() -> Identity {
    Identity {
        name: "Trần Văn Nam".into(),
        email: "nam.tv@tanyen.example".into(),
    }
}

/// 14/12/2023 09:00 in Vietnam, plus `hours`.
fn at(hours: i64) -> Moment {
    Moment {
        seconds: 1_702_519_200 + hours * 3600,
        offset_minutes: 420,
    }
}

/// A valid draft whose one section's body is `body`.
fn draft_text(body: &str) -> String {
    yaml(&format!(
        "sections:\n  - id: thu-ngan-sach\n    number: I\n    title: Thu ngân sách\n    owner: phong-tai-chinh\n    body: |\n      {body}\n"
    ))
}

/// Commits `files` on `branch` on top of its current tip (or as its first commit).
fn commit(
    store: &Store,
    branch: &str,
    files: &[(&str, &str)],
    who: &Identity,
    when: Moment,
    message: &str,
) -> CommitId {
    let tip = store.resolve(branch).ok();
    let changes: Vec<FileChange<'_>> = files
        .iter()
        .map(|(path, contents)| FileChange {
            path,
            contents: contents.as_bytes(),
        })
        .collect();
    store
        .commit_files(branch, tip, &changes, who, Some(when), message)
        .unwrap_or_else(|e| panic!("commit on {branch}: {e}"))
}

/// Ids of the commits made by `history`.
struct History {
    v1: CommitId,
    v2: CommitId,
    config: CommitId,
    v3: CommitId,
    dept: CommitId,
}

/// main: v1 (draft), v2 (edit), config (another file only), v3 (edit);
/// dept/phong-tai-chinh from v2 with one edit; other branches for ordering.
fn history(store: &Store) -> History {
    let v1 = commit(
        store,
        "main",
        &[(DRAFT, &draft_text("Tổng thu đạt 412,5 tỷ đồng."))],
        &hoa(),
        at(0),
        "Dự thảo đầu tiên",
    );
    let v2 = commit(
        store,
        "main",
        &[(DRAFT, &draft_text("Tổng thu đạt 418,2 tỷ đồng."))],
        &nam(),
        at(1),
        "Cập nhật số thu\n\nSố liệu đến 30/11.",
    );
    let config = commit(
        store,
        "main",
        &[("notes/ghi-chu.txt", "không phải dự thảo\n")],
        &hoa(),
        at(2),
        "Ghi chú",
    );
    let v3 = commit(
        store,
        "main",
        &[(
            DRAFT,
            &draft_text("Tổng thu đạt 418,2 tỷ đồng, bằng 104% dự toán."),
        )],
        &hoa(),
        at(3),
        "Thêm tỷ lệ so với dự toán",
    );
    store.create_branch("dept/phong-tai-chinh", v2).unwrap();
    let dept = commit(
        store,
        "dept/phong-tai-chinh",
        &[(DRAFT, &draft_text("Tổng thu ngân sách đạt 418,2 tỷ đồng."))],
        &nam(),
        at(4),
        "Phòng Tài chính sửa mục I",
    );
    store.create_branch("dept/phong-giao-duc", v1).unwrap();
    store.create_branch("ban-nhap", v1).unwrap();
    store.create_branch("a-truoc", v1).unwrap();
    History {
        v1,
        v2,
        config,
        v3,
        dept,
    }
}

fn repo() -> (TempDir, Store, History) {
    let dir = TempDir::new().unwrap();
    let store = Store::init(dir.path()).unwrap();
    let h = history(&store);
    (dir, store, h)
}

fn body(store: &Store, rev: &str) -> String {
    store.read_draft(rev, DRAFT).unwrap().sections[0]
        .body
        .clone()
}

#[test]
fn reads_a_draft_at_any_kind_of_revision() {
    let (_dir, store, h) = repo();
    let latest = "Tổng thu đạt 418,2 tỷ đồng, bằng 104% dự toán.";
    assert_eq!(body(&store, "main"), latest);
    assert_eq!(body(&store, "HEAD"), latest, "HEAD is main after init");
    assert_eq!(
        body(&store, &h.v1.to_string()),
        "Tổng thu đạt 412,5 tỷ đồng."
    );
    assert_eq!(
        body(&store, &h.v1.to_string()[..7]),
        "Tổng thu đạt 412,5 tỷ đồng."
    );
    assert_eq!(
        body(&store, &duyet::store::short(h.v2)),
        "Tổng thu đạt 418,2 tỷ đồng."
    );
    assert_eq!(
        body(&store, "main~1"),
        "Tổng thu đạt 418,2 tỷ đồng.",
        "main~1 is the config commit"
    );
    assert_eq!(body(&store, "main~3"), "Tổng thu đạt 412,5 tỷ đồng.");
    assert_eq!(body(&store, "main^^"), "Tổng thu đạt 418,2 tỷ đồng.");
    assert_eq!(
        body(&store, "dept/phong-tai-chinh"),
        "Tổng thu ngân sách đạt 418,2 tỷ đồng."
    );
    assert_eq!(
        body(&store, "dept/phong-tai-chinh~1"),
        "Tổng thu đạt 418,2 tỷ đồng."
    );
    assert_eq!(store.resolve("main").unwrap(), h.v3);
    assert_eq!(store.resolve("main~2").unwrap(), h.v2);
    assert_eq!(store.resolve("dept/phong-tai-chinh").unwrap(), h.dept);
    // A tag made with plain git.
    git_ok(
        store.path(),
        &["tag", "-a", "-m", "bản gửi", "v1", &h.v1.to_string()],
    );
    assert_eq!(
        store.resolve("v1").unwrap(),
        h.v1,
        "annotated tags peel to the commit"
    );
    assert_eq!(body(&store, "v1"), "Tổng thu đạt 412,5 tỷ đồng.");
}

#[test]
fn unknown_revisions_are_named() {
    let (_dir, store, _) = repo();
    for rev in [
        "khong-co",
        "main~9",
        "dept/khong-co",
        "0000000",
        "deadbeefdeadbeef",
        "",
    ] {
        match store.read_draft(rev, DRAFT) {
            Err(StoreError::UnknownRevision { rev: r }) => assert_eq!(r, rev),
            other => panic!(
                "{rev:?}: expected UnknownRevision, got {:?}",
                other.map(|d| d.id)
            ),
        }
    }
    let e = store.resolve("khong-co").unwrap_err();
    assert!(e.to_string().contains("`khong-co`"), "{e}");
    // A tree id is not a commit.
    let tree = git_ok(store.path(), &["rev-parse", "main^{tree}"]);
    assert!(matches!(
        store.resolve(tree.trim()),
        Err(StoreError::UnknownRevision { .. })
    ));
}

#[test]
fn missing_files_are_reported_with_path_and_revision() {
    let (_dir, store, h) = repo();
    for path in [
        "drafts/khong-co.yaml",
        "drafts",
        "notes/ghi-chu.txt/x",
        "khong-co/x.yaml",
    ] {
        match store.read_draft("main", path) {
            Err(StoreError::NoSuchFile { path: p, rev }) => {
                assert_eq!((p.as_str(), rev.as_str()), (path, "main"));
            }
            other => panic!("{path}: expected NoSuchFile, got {:?}", other.map(|d| d.id)),
        }
    }
    let e = store.read_draft("main~3", "notes/ghi-chu.txt").unwrap_err();
    assert_eq!(
        e.to_string(),
        "`notes/ghi-chu.txt` does not exist at revision main~3"
    );
    assert_eq!(store.read_file(h.v1, "drafts/khong-co.yaml").unwrap(), None);
    assert_eq!(
        store
            .read_file(h.config, "notes/ghi-chu.txt")
            .unwrap()
            .as_deref(),
        Some(&b"kh\xC3\xB4ng ph\xE1\xBA\xA3i d\xE1\xBB\xB1 th\xE1\xBA\xA3o\n"[..])
    );
}

#[test]
fn invalid_draft_names_path_and_revision() {
    let (_dir, store, _) = repo();
    let broken = draft_text("x").replace(
        "owner: phong-tai-chinh",
        "owner: phong-tai-chinh\n    tittle: sai",
    );
    commit(
        &store,
        "main",
        &[(DRAFT, &broken)],
        &hoa(),
        at(10),
        "Lỗi gõ",
    );
    match store.read_draft("main", DRAFT) {
        Err(StoreError::Load(e)) => {
            assert_eq!(e.file, "drafts/bao-cao.yaml (main)");
            assert_eq!(e.diagnostics.len(), 1);
            assert_eq!((e.diagnostics[0].line, e.diagnostics[0].column), (13, 5));
            let shown = StoreError::Load(e).to_string();
            assert!(
                shown.starts_with(
                    "drafts/bao-cao.yaml (main):13:5: sections[0]: unknown key `tittle`"
                ),
                "{shown}"
            );
        }
        other => panic!("expected a load error, got {:?}", other.map(|d| d.id)),
    }
    // The revision before is still fine.
    assert!(store.read_draft("main~1", DRAFT).is_ok());
    // Not UTF-8 at all.
    let bytes: &[u8] = b"title: Vi\xEAt\n";
    let tip = store.resolve("main").unwrap();
    store
        .commit_files(
            "main",
            Some(tip),
            &[FileChange {
                path: DRAFT,
                contents: bytes,
            }],
            &hoa(),
            Some(at(12)),
            "latin-1",
        )
        .unwrap();
    let e = store.read_draft("main", DRAFT).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("drafts/bao-cao.yaml (main):1:10: invalid UTF-8"),
        "{e}"
    );
}

#[test]
fn lists_the_drafts_of_a_revision() {
    let (_dir, store, _) = repo();
    assert_eq!(store.drafts("main").unwrap(), [DRAFT]);
    commit(
        &store,
        "main",
        &[
            ("drafts/a-truoc.yaml", &draft_text("a")),
            ("drafts/README.md", "không phải dự thảo"),
            ("drafts/cu/luu-tru.yaml", &draft_text("b")),
            ("khac/ngoai.yaml", &draft_text("c")),
            ("drafts/z.yml", &draft_text("d")),
        ],
        &hoa(),
        at(10),
        "Thêm tệp",
    );
    assert_eq!(
        store.drafts("main").unwrap(),
        ["drafts/a-truoc.yaml", DRAFT, "drafts/z.yml"]
    );
    assert_eq!(store.drafts("main~1").unwrap(), [DRAFT]);
    assert!(matches!(
        store.drafts("khong-co"),
        Err(StoreError::UnknownRevision { .. })
    ));

    // A revision without a drafts folder has no drafts.
    let dir = TempDir::new().unwrap();
    let empty = Store::init(dir.path()).unwrap();
    commit(&empty, "main", &[("README", "x")], &hoa(), at(0), "init");
    assert!(empty.drafts("main").unwrap().is_empty());
}

#[test]
fn branches_main_first_then_departments_then_others() {
    let (_dir, store, h) = repo();
    let list = store.branches().unwrap();
    let names: Vec<&str> = list.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "main",
            "dept/phong-giao-duc",
            "dept/phong-tai-chinh",
            "a-truoc",
            "ban-nhap"
        ]
    );
    assert_eq!(list[0].kind, BranchKind::Main);
    assert_eq!(list[0].tip, h.v3);
    assert_eq!(
        list[2].kind,
        BranchKind::Department("phong-tai-chinh".into())
    );
    assert_eq!(list[2].tip, h.dept);
    assert_eq!(list[3].kind, BranchKind::Other);
    let json = serde_json::to_value(&list[2]).unwrap();
    assert_eq!(
        json["kind"],
        serde_json::json!({"kind": "department", "department": "phong-tai-chinh"})
    );
    assert_eq!(json["tip"], h.dept.to_string());
}

#[test]
fn revisions_are_the_commits_that_changed_the_draft() {
    let (_dir, store, h) = repo();
    let revs = store.revisions("main", DRAFT, 50).unwrap();
    let ids: Vec<_> = revs.iter().map(|r| r.id).collect();
    assert_eq!(
        ids,
        [h.v3, h.v2, h.v1],
        "the commit that changed only notes/ is skipped"
    );
    assert_ne!(ids[1], h.config);
    let r = &revs[1];
    assert_eq!(
        (r.author.as_str(), r.email.as_str()),
        ("Trần Văn Nam", "nam.tv@tanyen.example")
    );
    assert_eq!(r.time, at(1));
    assert_eq!(r.time.display(), "14/12/2023 10:00");
    assert_eq!(
        r.summary, "Cập nhật số thu",
        "only the first line of the message"
    );
    assert_eq!(r.short_id(), h.v2.to_string()[..7]);

    // A department branch: its own edit, then main's history up to where it forked.
    let ids: Vec<_> = store
        .revisions("dept/phong-tai-chinh", DRAFT, 50)
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids, [h.dept, h.v2, h.v1]);

    // Limits, other files, unknown revisions.
    assert_eq!(store.revisions("main", DRAFT, 2).unwrap().len(), 2);
    assert_eq!(store.revisions("main", DRAFT, 1).unwrap()[0].id, h.v3);
    assert!(store.revisions("main", DRAFT, 0).unwrap().is_empty());
    let notes: Vec<_> = store
        .revisions("main", "notes/ghi-chu.txt", 50)
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(notes, [h.config]);
    assert!(
        store
            .revisions("main", "drafts/khong-co.yaml", 50)
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        store.revisions("khong-co", DRAFT, 50),
        Err(StoreError::UnknownRevision { .. })
    ));

    // Writing the same bytes again is no revision of the draft.
    let same = draft_text("Tổng thu đạt 418,2 tỷ đồng, bằng 104% dự toán.");
    let noop = commit(
        &store,
        "main",
        &[(DRAFT, &same)],
        &hoa(),
        at(20),
        "Không đổi gì",
    );
    assert_eq!(store.revisions("main", DRAFT, 50).unwrap()[0].id, h.v3);
    assert_eq!(store.revision("main").unwrap().id, noop);
}

#[test]
fn revisions_through_a_merge() {
    let (_dir, store, h) = repo();
    // The office merges the department's branch with plain git, keeping
    // main's text (a merge made with `-s ours`), at a fixed date.
    let out = common::git(store.path())
        .env("GIT_AUTHOR_DATE", "1702540000 +0700")
        .env("GIT_COMMITTER_DATE", "1702540000 +0700")
        .args([
            "commit-tree",
            "main^{tree}",
            "-p",
            "main",
            "-p",
            "dept/phong-tai-chinh",
            "-m",
            "Hợp nhất",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let merge = String::from_utf8(out.stdout).unwrap();
    git_ok(
        store.path(),
        &[
            "update-ref",
            "refs/heads/main",
            merge.trim(),
            &h.v3.to_string(),
        ],
    );
    let ids: Vec<_> = store
        .revisions("main", DRAFT, 50)
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    // The merge kept main's text (the same as one parent): not a revision.
    // The department's edit (13:00) is newer than v3 (12:00).
    assert_eq!(ids, [h.dept, h.v3, h.v2, h.v1]);
}

#[test]
fn stale_expected_tip_is_refused_and_the_branch_stays() {
    let (_dir, store, h) = repo();
    let text = draft_text("Ai đó sửa cùng lúc.");
    let files = [FileChange {
        path: DRAFT,
        contents: text.as_bytes(),
    }];
    // Built on v2 while main has moved on to v3.
    let e = store
        .commit_files("main", Some(h.v2), &files, &hoa(), Some(at(30)), "Sửa muộn")
        .unwrap_err();
    match &e {
        StoreError::Moved { refname } => assert_eq!(refname, "refs/heads/main"),
        other => panic!("expected Moved, got {other}"),
    }
    assert!(
        e.to_string().contains("someone else committed first"),
        "{e}"
    );
    assert_eq!(store.resolve("main").unwrap(), h.v3);
    assert_eq!(
        body(&store, "main"),
        "Tổng thu đạt 418,2 tỷ đồng, bằng 104% dự toán."
    );

    // "The branch must not exist yet" when it does.
    let e = store
        .commit_files("main", None, &files, &hoa(), Some(at(30)), "Tạo lại")
        .unwrap_err();
    assert!(matches!(e, StoreError::Moved { .. }), "{e}");
    assert_eq!(store.resolve("main").unwrap(), h.v3);

    // A branch that no longer exists has moved too.
    let e = store
        .commit_files(
            "dept/da-xoa",
            Some(h.v3),
            &files,
            &hoa(),
            Some(at(30)),
            "Sửa",
        )
        .unwrap_err();
    assert!(matches!(e, StoreError::Moved { .. }), "{e}");
    assert!(store.resolve("dept/da-xoa").is_err());

    // With the right tip it goes through, on top of v3.
    let id = store
        .commit_files(
            "main",
            Some(h.v3),
            &files,
            &hoa(),
            Some(at(30)),
            "Sửa đúng lúc",
        )
        .unwrap();
    assert_eq!(store.resolve("main").unwrap(), id);
    assert_eq!(store.resolve("main~1").unwrap(), h.v3);
    // A new branch with no expected tip starts with no parent.
    let root = store
        .commit_files("goc-moi", None, &files, &hoa(), Some(at(31)), "Gốc mới")
        .unwrap();
    assert_eq!(store.revisions("goc-moi", DRAFT, 10).unwrap().len(), 1);
    assert_eq!(store.resolve("goc-moi").unwrap(), root);
    assert!(store.drafts("goc-moi").unwrap() == [DRAFT]);
}

#[test]
fn racing_writers_one_wins_the_other_is_told() {
    let (dir, store, h) = repo();
    let threads: Vec<_> = (0..8)
        .map(|i| {
            let path = dir.path().to_path_buf();
            std::thread::spawn(move || {
                let store = Store::open(Some(&path)).unwrap();
                let text = draft_text(&format!("Người thứ {i}."));
                store
                    .commit_files(
                        "main",
                        Some(h.v3),
                        &[FileChange {
                            path: DRAFT,
                            contents: text.as_bytes(),
                        }],
                        &hoa(),
                        Some(at(40 + i)),
                        "Cùng lúc",
                    )
                    .map_err(|e| match e {
                        StoreError::Moved { .. } => "moved".to_owned(),
                        other => other.to_string(),
                    })
            })
        })
        .collect();
    let results: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let won: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(won.len(), 1, "{results:?}");
    assert!(
        results
            .iter()
            .all(|r| r.as_ref().map_or_else(|e| e == "moved", |_| true)),
        "{results:?}"
    );
    assert_eq!(store.resolve("main").unwrap(), *won[0]);
    assert_eq!(store.resolve("main~1").unwrap(), h.v3);
}

#[test]
fn commit_ids_are_reproducible() {
    let (_a, first, h1) = repo();
    let (_b, second, h2) = repo();
    assert_eq!(
        [h1.v1, h1.v2, h1.config, h1.v3, h1.dept],
        [h2.v1, h2.v2, h2.config, h2.v3, h2.dept]
    );
    assert_eq!(
        first.branches().unwrap().len(),
        second.branches().unwrap().len()
    );
    // Another moment gives another id.
    let dir = TempDir::new().unwrap();
    let third = Store::init(dir.path()).unwrap();
    let other = commit(
        &third,
        "main",
        &[(DRAFT, &draft_text("Tổng thu đạt 412,5 tỷ đồng."))],
        &hoa(),
        at(100),
        "Dự thảo đầu tiên",
    );
    assert_ne!(other, h1.v1);
}

#[test]
fn plain_git_reads_what_duyet_wrote() {
    let (_dir, store, h) = repo();
    let dir = store.path().to_path_buf();
    let fsck = common::git(&dir)
        .args(["fsck", "--full", "--strict", "--no-dangling"])
        .output()
        .unwrap();
    assert!(
        fsck.status.success() && fsck.stdout.is_empty() && fsck.stderr.is_empty(),
        "git fsck: {}{}",
        String::from_utf8_lossy(&fsck.stdout),
        String::from_utf8_lossy(&fsck.stderr)
    );
    assert_eq!(
        git_ok(&dir, &["show", &format!("main:{DRAFT}")]),
        draft_text("Tổng thu đạt 418,2 tỷ đồng, bằng 104% dự toán.")
    );
    assert_eq!(
        git_ok(&dir, &["show", &format!("dept/phong-tai-chinh:{DRAFT}")]),
        draft_text("Tổng thu ngân sách đạt 418,2 tỷ đồng.")
    );
    // Files of earlier commits are kept in later trees.
    assert_eq!(
        git_ok(&dir, &["show", "main:notes/ghi-chu.txt"]),
        "không phải dự thảo\n"
    );
    assert_eq!(
        git_ok(&dir, &["ls-tree", "-r", "--name-only", "main"]),
        "drafts/bao-cao.yaml\nnotes/ghi-chu.txt\n"
    );
    let log = git_ok(&dir, &["log", "--format=%H|%an|%ae|%at|%ai|%s", "main"]);
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(
        lines[2],
        format!(
            "{}|Trần Văn Nam|nam.tv@tanyen.example|{}|2023-12-14 10:00:00 +0700|Cập nhật số thu",
            h.v2,
            at(1).seconds
        )
    );
    assert_eq!(
        git_ok(&dir, &["log", "-1", "--format=%B", &h.v2.to_string()]),
        "Cập nhật số thu\n\nSố liệu đến 30/11.\n"
    );
    // Only the draft's revisions, as git sees them.
    let git_revs = git_ok(&dir, &["log", "--format=%H", "main", "--", DRAFT]);
    let ours: Vec<String> = store
        .revisions("main", DRAFT, 50)
        .unwrap()
        .iter()
        .map(|r| r.id.to_string())
        .collect();
    assert_eq!(git_revs.lines().collect::<Vec<_>>(), ours);
    // `main` is checked out (HEAD after init): its files and index follow it.
    assert_eq!(git_ok(&dir, &["status", "--porcelain"]), "");
    assert_eq!(
        std::fs::read_to_string(dir.join(DRAFT)).unwrap(),
        draft_text("Tổng thu đạt 418,2 tỷ đồng, bằng 104% dự toán.")
    );
}

#[test]
fn canonical_draft_written_and_read_back() {
    let dir = TempDir::new().unwrap();
    let store = Store::init(dir.path()).unwrap();
    let sample = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/drafts/bao-cao-thang-11-2026.yaml"
    ))
    .unwrap();
    commit(
        &store,
        "main",
        &[("drafts/t11.yaml", &sample)],
        &hoa(),
        at(0),
        "Mẫu",
    );
    let mut d = store.read_draft("main", "drafts/t11.yaml").unwrap();
    let id = d.outline()[1].section.id.clone();
    d.section_mut(&id).unwrap().body.push_str("\n\nĐoạn thêm.");
    let text = write_draft(&d);
    commit(
        &store,
        "main",
        &[("drafts/t11.yaml", &text)],
        &nam(),
        at(1),
        "Thêm đoạn",
    );
    assert_eq!(store.read_draft("main", "drafts/t11.yaml").unwrap(), d);
    // git sees a small change: only added lines.
    let stat = git_ok(store.path(), &["diff", "--numstat", "main~1", "main"]);
    assert_eq!(stat, "2\t0\tdrafts/t11.yaml\n");
}

#[test]
fn open_finds_the_repository_from_a_subfolder() {
    let (dir, _store, h) = repo();
    let sub = dir.path().join("a/b");
    std::fs::create_dir_all(&sub).unwrap();
    let store = Store::open(Some(&sub)).unwrap();
    assert_eq!(store.resolve("main").unwrap(), h.v3);
    assert_eq!(
        store.path().canonicalize().unwrap(),
        dir.path().canonicalize().unwrap()
    );

    let nowhere = TempDir::new().unwrap();
    let missing = nowhere.path().join("khong-co");
    match Store::open(Some(&missing)) {
        Err(e @ StoreError::NoRepository { .. }) => {
            assert!(e.to_string().contains("no git repository"), "{e}");
            assert!(e.to_string().contains("khong-co"), "{e}");
        }
        Err(e) => panic!("expected NoRepository, got {e}"),
        Ok(_) => panic!("opened a repository that does not exist"),
    }
}

#[test]
fn reads_duyet_yaml_from_a_revision() {
    let dir = TempDir::new().unwrap();
    let store = Store::init(dir.path()).unwrap();
    assert!(store.read_config("main").unwrap().is_none(), "unborn main");
    let config =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("drafts/duyet.yaml"))
            .unwrap();
    commit(
        &store,
        "main",
        &[("duyet.yaml", &config)],
        &hoa(),
        at(0),
        "Cấu hình",
    );
    let c = store.read_config("main").unwrap().expect("a config");
    assert!(!c.departments.is_empty());
    commit(
        &store,
        "main",
        &[("duyet.yaml", "schema: 1\nkhong-biet: 1\n")],
        &hoa(),
        at(1),
        "Hỏng",
    );
    let e = store.read_config("main").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("duyet.yaml (main):2:1: unknown key `khong-biet`"),
        "{e}"
    );
}
