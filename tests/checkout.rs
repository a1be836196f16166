//! A merge or an edit on a branch that is checked out never leaves its work
//! tree looking like an undo: the files the commit changes must be clean
//! there (or nothing is written), and afterwards the file and the index hold
//! the new version, so `git status` is empty and the next ordinary `git
//! commit` keeps the merge. Real repositories, the real binary, plain git to
//! look.

mod common;

use std::path::Path;

use common::{
    MERGE_DRAFT, REVIEW_DRAFT, ReviewRepo, duyet_command, git_ok, hang, hoa, merge_demo_repo,
    merge_doc as doc, merge_repo, merge_sec as sec, moment, review_repo, stderr, stdout, thang,
};
use duyet::ops::{self, OpsError};
use duyet::store::{FileChange, Store, StoreError, Uncommitted};

const DEPT: &str = "dept/phong-tai-chinh";
const Y2023: &str = "drafts/bao-cao-ubnd-tan-yen-2023.yaml";

fn draft(thu: &str) -> String {
    doc(&[
        sec(0, "thu", "1", "Thu ngân sách", "phong-tai-chinh", thu),
        sec(
            0,
            "chi",
            "2",
            "Chi ngân sách",
            "phong-tai-chinh",
            "Chi đảm bảo kịp thời, đúng chế độ.",
        ),
    ])
}

const OLD_THU: &str = "Tổng thu đạt 412,5 tỷ đồng.";
const NEW_THU: &str = "Tổng thu đạt 418,2 tỷ đồng, bằng 104% dự toán.";

/// `main` (checked out, as after `git init`) with `draft(OLD_THU)`; `DEPT`
/// proposes `draft(NEW_THU)`.
fn repo() -> ReviewRepo {
    merge_repo(&draft(OLD_THU), None, &[(DEPT, &draft(NEW_THU))])
}

/// `git status` in short form, untracked files one by one.
fn porcelain(dir: &Path) -> String {
    git_ok(dir, &["status", "--porcelain", "--untracked-files=all"])
}

fn on_disk(dir: &Path, path: &str) -> Vec<u8> {
    std::fs::read(dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every commit reachable from any ref.
fn reachable(r: &ReviewRepo) -> String {
    r.git_ok(&["rev-list", "--all"])
}

fn index_bytes(r: &ReviewRepo) -> Vec<u8> {
    std::fs::read(r.repo.join(".git/index")).expect("the index exists")
}

/// The office merges `DEPT` taking everything (the real binary).
fn merge_take_all(r: &ReviewRepo) -> std::process::Output {
    r.duyet_as(
        Some(&hang()),
        &["merge", MERGE_DRAFT, "--from", DEPT, "--take-all"],
    )
}

/// The same, through the library: the error keeps its type.
fn merge_through_ops(r: &ReviewRepo, draft: &str) -> Result<String, OpsError> {
    let store = r.store();
    let board = ops::merge::prepare(&store, draft, DEPT)?;
    let decisions = ops::merge::decisions_from(&[], &[]);
    ops::merge::commit(&store, &thang(), Some(moment(60)), &board, &decisions).map(|m| m.commit)
}

/// Nothing duyet leaves behind in `.git` or beside the files.
fn assert_no_leftovers(dir: &Path, git_dir: &Path) {
    for name in ["index.lock", "index.lock.duyet"] {
        assert!(!git_dir.join(name).exists(), "{name} was left behind");
    }
    let listing = porcelain(dir);
    assert!(!listing.contains(".tmp"), "a temporary file: {listing}");
}

fn assert_clean_at(dir: &Path, rev: &str, path: &str) {
    assert_eq!(porcelain(dir), "", "git status in {}", dir.display());
    assert_eq!(
        on_disk(dir, path),
        git_ok(dir, &["show", &format!("{rev}:{path}")]).into_bytes(),
        "{path} on disk is {rev}'s"
    );
}

// ---------------------------------------------------------------------------
// 1. A clean checked-out `main`: merged, then an ordinary commit keeps it.

#[test]
fn the_fixture_checks_out_main_and_is_clean() {
    let r = repo();
    assert_clean_at(&r.repo, "main", MERGE_DRAFT);
    assert_eq!(on_disk(&r.repo, MERGE_DRAFT), draft(OLD_THU).into_bytes());
}

#[test]
fn merging_into_a_checked_out_main_updates_its_file_and_index() {
    let r = repo();
    let out = merge_take_all(&r);
    assert!(out.status.success(), "{}", stderr(&out));
    let merged = r.show("main", MERGE_DRAFT);
    assert!(merged.contains(NEW_THU), "{merged}");
    assert_eq!(stdout(&out).trim(), r.rev_parse("main"));
    assert_clean_at(&r.repo, "main", MERGE_DRAFT);
    assert_no_leftovers(&r.repo, &r.repo.join(".git"));

    // The next ordinary commit keeps the merge (before, it silently undid it).
    r.git_ok(&["commit", "--allow-empty", "-m", "x"]);
    assert_eq!(r.show("HEAD", MERGE_DRAFT), merged);
    assert_eq!(r.git_ok(&["diff", "--stat", "HEAD~1", "HEAD"]), "");
    assert_eq!(
        r.git_ok(&["rev-parse", "HEAD~1^2"]).trim(),
        r.rev_parse(DEPT)
    );
}

#[test]
fn merging_in_the_demo_through_ops_keeps_git_status_clean() {
    let r = merge_demo_repo();
    assert_eq!(porcelain(&r.repo), "", "the demo is built clean");
    let before = on_disk(&r.repo, Y2023);
    let id = merge_through_ops(&r, Y2023).expect("the merge goes through");
    assert_eq!(r.rev_parse("main"), id);
    assert_clean_at(&r.repo, "main", Y2023);
    assert_ne!(
        on_disk(&r.repo, Y2023),
        before,
        "the merge changed the file"
    );
    assert_no_leftovers(&r.repo, &r.repo.join(".git"));

    r.git_ok(&["commit", "--allow-empty", "-m", "x"]);
    assert_eq!(r.show("HEAD", Y2023), r.show(&id, Y2023));
}

// ---------------------------------------------------------------------------
// 2. The draft has a change of the user's: refused, nothing written.

/// What must not change when a merge is refused.
struct Untouched {
    main: String,
    reachable: String,
    index: Vec<u8>,
    file: Vec<u8>,
    status: String,
}

fn untouched(r: &ReviewRepo, path: &str) -> Untouched {
    Untouched {
        main: r.rev_parse("main"),
        reachable: reachable(r),
        index: index_bytes(r),
        file: on_disk(&r.repo, path),
        status: porcelain(&r.repo),
    }
}

fn assert_untouched(r: &ReviewRepo, path: &str, before: &Untouched) {
    assert_eq!(r.rev_parse("main"), before.main, "main did not move");
    assert_eq!(reachable(r), before.reachable, "no new commit on any ref");
    assert!(
        index_bytes(r) == before.index,
        "the index is byte for byte as it was"
    );
    assert!(
        on_disk(&r.repo, path) == before.file,
        "the user's file is byte for byte as it was"
    );
    assert_eq!(porcelain(&r.repo), before.status);
    assert_no_leftovers(&r.repo, &r.repo.join(".git"));
}

/// The user's own text: another section changed, and a comment.
fn users_text() -> String {
    draft(OLD_THU).replace("kịp thời", "kịp thời, hiệu quả") + "# ghi chú của tôi, chưa commit\n"
}

#[test]
fn an_uncommitted_change_to_the_draft_refuses_the_merge_and_stays() {
    let r = repo();
    std::fs::write(r.repo.join(MERGE_DRAFT), users_text()).unwrap();
    let before = untouched(&r, MERGE_DRAFT);
    assert_eq!(before.status, format!(" M {MERGE_DRAFT}\n"));

    let out = merge_take_all(&r);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(message.contains(MERGE_DRAFT), "{message}");
    assert!(message.contains("not committed"), "{message}");
    assert!(message.contains("git stash"), "{message}");
    assert!(message.contains("nothing was written"), "{message}");
    assert_untouched(&r, MERGE_DRAFT, &before);

    // The library says which file and why.
    match merge_through_ops(&r, MERGE_DRAFT) {
        Err(OpsError::Store(StoreError::Uncommitted {
            branch, path, why, ..
        })) => {
            assert_eq!((branch.as_str(), path.as_str()), ("main", MERGE_DRAFT));
            assert_eq!(why, Uncommitted::Modified);
        }
        other => panic!("expected Uncommitted, got {other:?}"),
    }
    assert_untouched(&r, MERGE_DRAFT, &before);
}

#[test]
fn a_staged_change_to_the_draft_refuses_the_merge_and_stays() {
    let r = repo();
    std::fs::write(r.repo.join(MERGE_DRAFT), users_text()).unwrap();
    r.git_ok(&["add", MERGE_DRAFT]);
    let staged = r.git_ok(&["diff", "--cached"]);
    let before = untouched(&r, MERGE_DRAFT);
    assert_eq!(before.status, format!("M  {MERGE_DRAFT}\n"));

    let out = merge_take_all(&r);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(message.contains(MERGE_DRAFT), "{message}");
    assert!(message.contains("staged"), "{message}");
    assert_untouched(&r, MERGE_DRAFT, &before);
    assert_eq!(r.git_ok(&["diff", "--cached"]), staged);
    match merge_through_ops(&r, MERGE_DRAFT) {
        Err(OpsError::Store(StoreError::Uncommitted { why, .. })) => {
            assert_eq!(why, Uncommitted::Staged);
        }
        other => panic!("expected Uncommitted, got {other:?}"),
    }

    // Once the user commits their change, the merge goes through on top of it.
    r.git_ok(&["commit", "-m", "Sửa số liệu"]);
    let out = r.duyet_as(
        Some(&hang()),
        &["merge", MERGE_DRAFT, "--from", DEPT, "--take-all"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_clean_at(&r.repo, "main", MERGE_DRAFT);
}

#[test]
fn a_deleted_draft_refuses_the_merge() {
    let r = repo();
    std::fs::remove_file(r.repo.join(MERGE_DRAFT)).unwrap();
    let main = r.rev_parse("main");
    let out = merge_take_all(&r);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(MERGE_DRAFT), "{}", stderr(&out));
    assert_eq!(r.rev_parse("main"), main);
    assert!(!r.repo.join(MERGE_DRAFT).exists());
}

// ---------------------------------------------------------------------------
// New files: a folder that does not exist yet; an untracked file in the way.

#[test]
fn a_new_file_in_a_new_folder_is_checked_out_and_an_untracked_one_in_its_place_stays() {
    let r = repo();
    let store = r.store();
    let path = "ghi-chu/2023/thang-12.txt";
    let mine = b"ghi ch\xc3\xba ri\xc3\xaang, ch\xc6\xb0a commit\n".to_vec();
    std::fs::create_dir_all(r.repo.join("ghi-chu/2023")).unwrap();
    std::fs::write(r.repo.join(path), &mine).unwrap();
    let tip = store.resolve("main").unwrap();
    let files = [FileChange {
        path,
        contents: b"Ghi ch\xc3\xba c\xe1\xbb\xa7a v\xc4\x83n ph\xc3\xb2ng.\n",
    }];
    let e = store
        .commit_files(
            "main",
            Some(tip),
            &files,
            &hang(),
            Some(moment(5)),
            "Ghi chú",
        )
        .unwrap_err();
    match &e {
        StoreError::Uncommitted { path: p, why, .. } => {
            assert_eq!((p.as_str(), *why), (path, Uncommitted::Untracked));
        }
        other => panic!("expected Uncommitted, got {other}"),
    }
    assert_eq!(store.resolve("main").unwrap(), tip);
    assert_eq!(on_disk(&r.repo, path), mine);

    // Without it, the folders are made and the file checked out.
    std::fs::remove_dir_all(r.repo.join("ghi-chu")).unwrap();
    let id = store
        .commit_files(
            "main",
            Some(tip),
            &files,
            &hang(),
            Some(moment(5)),
            "Ghi chú",
        )
        .unwrap();
    assert_eq!(store.resolve("main").unwrap(), id);
    assert_eq!(on_disk(&r.repo, path), files[0].contents);
    assert_clean_at(&r.repo, "main", path);
    assert_clean_at(&r.repo, "main", MERGE_DRAFT);
}

#[test]
fn a_folder_where_the_file_goes_refuses() {
    let r = repo();
    let store = r.store();
    std::fs::create_dir_all(r.repo.join("ghi-chu.txt/cua-toi")).unwrap();
    std::fs::write(r.repo.join("ghi-chu.txt/cua-toi/a.txt"), "của tôi\n").unwrap();
    let tip = store.resolve("main").unwrap();
    let e = store
        .commit_files(
            "main",
            Some(tip),
            &[FileChange {
                path: "ghi-chu.txt",
                contents: b"x\n",
            }],
            &hang(),
            Some(moment(5)),
            "Ghi chú",
        )
        .unwrap_err();
    assert!(
        matches!(
            e,
            StoreError::Uncommitted {
                why: Uncommitted::InTheWay,
                ..
            }
        ),
        "{e}"
    );
    assert_eq!(store.resolve("main").unwrap(), tip);
    assert_eq!(
        std::fs::read_to_string(r.repo.join("ghi-chu.txt/cua-toi/a.txt")).unwrap(),
        "của tôi\n"
    );
}

// ---------------------------------------------------------------------------
// 3. `duyet edit` with the department's branch checked out.

#[test]
fn editing_a_checked_out_department_branch_updates_it_or_refuses() {
    let r = review_repo();
    r.git_ok(&["switch", "-c", DEPT]);
    assert_eq!(porcelain(&r.repo), "");
    let out = r.duyet_as(
        Some(&hoa()),
        &[
            "edit",
            "bao-cao",
            "thu-ngan-sach",
            "--title",
            "Thu ngân sách nhà nước",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), format!("{DEPT} {}", r.rev_parse(DEPT)));
    assert!(
        r.show(DEPT, REVIEW_DRAFT)
            .contains("Thu ngân sách nhà nước")
    );
    assert_clean_at(&r.repo, DEPT, REVIEW_DRAFT);
    r.git_ok(&["commit", "--allow-empty", "-m", "x"]);
    assert!(
        r.show("HEAD", REVIEW_DRAFT)
            .contains("Thu ngân sách nhà nước")
    );

    // A change of the user's to the draft: refused, left as it was.
    let mine = r.show(DEPT, REVIEW_DRAFT) + "# của tôi\n";
    std::fs::write(r.repo.join(REVIEW_DRAFT), &mine).unwrap();
    let tip = r.rev_parse(DEPT);
    let index = index_bytes(&r);
    let out = r.duyet_as(
        Some(&hoa()),
        &["edit", "bao-cao", "thu-ngan-sach", "--title", "Thu"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(REVIEW_DRAFT), "{}", stderr(&out));
    assert!(stderr(&out).contains(DEPT), "{}", stderr(&out));
    assert_eq!(r.rev_parse(DEPT), tip);
    assert_eq!(on_disk(&r.repo, REVIEW_DRAFT), mine.into_bytes());
    assert!(index_bytes(&r) == index);
    assert_eq!(porcelain(&r.repo), format!(" M {REVIEW_DRAFT}\n"));
}

#[test]
fn editing_another_branch_than_the_checked_out_one_leaves_the_work_tree_alone() {
    let r = review_repo();
    // `main` is checked out and dirty; the edit goes to dept/phong-tai-chinh.
    let mine = r.show("main", REVIEW_DRAFT) + "# của tôi\n";
    std::fs::write(r.repo.join(REVIEW_DRAFT), &mine).unwrap();
    let index = index_bytes(&r);
    let out = r.duyet_as(
        Some(&hoa()),
        &["edit", "bao-cao", "thu-ngan-sach", "--title", "Thu"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(on_disk(&r.repo, REVIEW_DRAFT), mine.into_bytes());
    assert!(index_bytes(&r) == index);
}

#[test]
fn a_linked_worktree_holding_the_branch_is_kept_in_step() {
    let r = repo();
    let wt = r.home().join("wt");
    r.git_ok(&["worktree", "add", wt.to_str().unwrap(), DEPT]);
    assert_eq!(porcelain(&wt), "");
    let out = r.duyet_as(
        Some(&hoa()),
        &[
            "edit",
            MERGE_DRAFT,
            "thu",
            "--title",
            "Thu ngân sách nhà nước",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(r.show(DEPT, MERGE_DRAFT).contains("Thu ngân sách nhà nước"));
    assert_clean_at(&wt, DEPT, MERGE_DRAFT);
    // The main work tree (main checked out) is not touched.
    assert_clean_at(&r.repo, "main", MERGE_DRAFT);
    assert_eq!(on_disk(&r.repo, MERGE_DRAFT), draft(OLD_THU).into_bytes());
    assert_no_leftovers(
        &wt,
        Path::new(
            r.git_ok(&["-C", wt.to_str().unwrap(), "rev-parse", "--git-dir"])
                .trim(),
        ),
    );

    // Dirty there: refused, naming the file and that work tree.
    let mine = r.show(DEPT, MERGE_DRAFT) + "# của tôi\n";
    std::fs::write(wt.join(MERGE_DRAFT), &mine).unwrap();
    let tip = r.rev_parse(DEPT);
    let out = r.duyet_as(
        Some(&hoa()),
        &["edit", MERGE_DRAFT, "thu", "--title", "Thu"],
    );
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(message.contains(MERGE_DRAFT), "{message}");
    assert!(message.contains(wt.to_str().unwrap()), "{message}");
    assert_eq!(r.rev_parse(DEPT), tip);
    assert_eq!(on_disk(&wt, MERGE_DRAFT), mine.into_bytes());
}

#[test]
fn run_from_a_linked_worktree_duyet_keeps_the_main_work_tree_in_step() {
    let r = repo();
    let wt = r.home().join("wt");
    r.git_ok(&["worktree", "add", wt.to_str().unwrap(), DEPT]);
    let out = duyet_command(r.home())
        .arg("--repo")
        .arg(&wt)
        .arg("--as")
        .arg(hang().to_string())
        .args(["merge", MERGE_DRAFT, "--from", DEPT, "--take-all"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(r.show("main", MERGE_DRAFT).contains(NEW_THU));
    assert_clean_at(&r.repo, "main", MERGE_DRAFT);
    assert_clean_at(&wt, DEPT, MERGE_DRAFT);
}

#[test]
fn a_separate_git_dir_is_followed_to_its_work_tree() {
    let r = repo();
    // `sep/.git` is a file naming `store.git`; libgit2 opening `store.git`
    // itself would take `home/` for its work tree.
    git_ok(
        r.home(),
        &[
            "clone",
            "--quiet",
            "--separate-git-dir=store.git",
            r.repo.to_str().unwrap(),
            "sep",
        ],
    );
    let sep = r.home().join("sep");
    git_ok(&sep, &["branch", DEPT, &format!("origin/{DEPT}")]);
    let out = duyet_command(r.home())
        .arg("--repo")
        .arg(&sep)
        .arg("--as")
        .arg(hang().to_string())
        .args(["merge", MERGE_DRAFT, "--from", DEPT, "--take-all"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(git_ok(&sep, &["show", &format!("main:{MERGE_DRAFT}")]).contains(NEW_THU));
    assert_clean_at(&sep, "main", MERGE_DRAFT);
    assert!(
        !r.home().join("drafts").exists(),
        "nothing written beside store.git"
    );
}

// ---------------------------------------------------------------------------
// 4. A bare repository (the server layout) merges as before.

#[test]
fn a_bare_clone_merges_as_before() {
    let r = repo();
    let bare = r.home().join("kho.git");
    git_ok(
        r.home(),
        &[
            "clone",
            "--quiet",
            "--bare",
            r.repo.to_str().unwrap(),
            "kho.git",
        ],
    );
    let main_before = r.rev_parse("main");
    let out = duyet_command(r.home())
        .arg("--repo")
        .arg(&bare)
        .arg("--as")
        .arg(hang().to_string())
        .args(["merge", MERGE_DRAFT, "--from", DEPT, "--take-all"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let id = stdout(&out).trim().to_owned();
    assert_eq!(git_ok(&bare, &["rev-parse", "main"]).trim(), id);
    assert!(git_ok(&bare, &["show", &format!("main:{MERGE_DRAFT}")]).contains(NEW_THU));
    assert_eq!(
        git_ok(&bare, &["rev-parse", "main^2"]).trim(),
        r.rev_parse(DEPT)
    );
    assert!(!bare.join("index").exists() && !bare.join("index.lock").exists());
    // The repository it was cloned from is another repository: untouched.
    assert_eq!(r.rev_parse("main"), main_before);
    assert_clean_at(&r.repo, "main", MERGE_DRAFT);
}

// ---------------------------------------------------------------------------
// 5. A dirty file the commit does not change neither blocks it nor changes.

#[test]
fn a_dirty_file_the_merge_does_not_change_stays_as_it_was() {
    let r = repo();
    let config = r.show("main", "duyet.yaml") + "# ghi chú của tôi\n";
    std::fs::write(r.repo.join("duyet.yaml"), &config).unwrap();
    std::fs::write(r.repo.join("nhap.txt"), "bản nháp\n").unwrap();
    let out = merge_take_all(&r);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(r.show("main", MERGE_DRAFT).contains(NEW_THU));
    assert_eq!(on_disk(&r.repo, "duyet.yaml"), config.into_bytes());
    assert_eq!(on_disk(&r.repo, "nhap.txt"), "bản nháp\n".as_bytes());
    assert_eq!(porcelain(&r.repo), " M duyet.yaml\n?? nhap.txt\n");
    assert_eq!(
        on_disk(&r.repo, MERGE_DRAFT),
        r.show("main", MERGE_DRAFT).into_bytes()
    );
}

// ---------------------------------------------------------------------------
// Racing writers: the loser writes nothing, the work tree follows the winner.

#[test]
fn a_writer_that_lost_the_race_leaves_the_work_tree_alone() {
    let r = repo();
    let store = r.store();
    let start = store.resolve("main").unwrap();
    let text = |n: usize| draft(&format!("Người thứ {n}."));
    let first = text(0);
    store
        .commit_files(
            "main",
            Some(start),
            &[FileChange {
                path: MERGE_DRAFT,
                contents: first.as_bytes(),
            }],
            &hang(),
            Some(moment(1)),
            "Trước",
        )
        .unwrap();
    assert_eq!(on_disk(&r.repo, MERGE_DRAFT), first.as_bytes());
    // Built on the old tip: refused, and the work tree keeps the winner's.
    let late = text(99);
    let e = store
        .commit_files(
            "main",
            Some(start),
            &[FileChange {
                path: MERGE_DRAFT,
                contents: late.as_bytes(),
            }],
            &hang(),
            Some(moment(2)),
            "Muộn",
        )
        .unwrap_err();
    assert!(matches!(e, StoreError::Moved { .. }), "{e}");
    assert_eq!(on_disk(&r.repo, MERGE_DRAFT), first.as_bytes());
    assert_clean_at(&r.repo, "main", MERGE_DRAFT);

    // Six at once from the same tip: one wins, the others are told it moved,
    // and the files are the winner's.
    let tip = store.resolve("main").unwrap();
    let threads: Vec<_> = (1..=6)
        .map(|n| {
            let dir = r.repo.clone();
            let text = text(n);
            std::thread::spawn(move || {
                let store = Store::open(Some(&dir)).unwrap();
                store
                    .commit_files(
                        "main",
                        Some(tip),
                        &[FileChange {
                            path: MERGE_DRAFT,
                            contents: text.as_bytes(),
                        }],
                        &hang(),
                        Some(moment(10 + n as i64)),
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
            .all(|r| r.as_ref().is_ok() || r.as_ref().is_err_and(|e| e == "moved")),
        "{results:?}"
    );
    assert_eq!(store.resolve("main").unwrap(), *won[0]);
    assert_clean_at(&r.repo, "main", MERGE_DRAFT);
    assert_no_leftovers(&r.repo, &r.repo.join(".git"));
}

// ---------------------------------------------------------------------------
// Locks and failures after the branch moved.

#[test]
fn another_git_command_holding_the_index_makes_duyet_refuse_without_writing() {
    let r = repo();
    let lock = r.repo.join(".git/index.lock");
    std::fs::write(&lock, "").unwrap();
    let before = untouched(&r, MERGE_DRAFT);
    let out = merge_take_all(&r);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(message.contains("index.lock"), "{message}");
    assert!(message.contains("nothing was written"), "{message}");
    assert!(
        lock.exists(),
        "another command's lock is not duyet's to remove"
    );
    std::fs::remove_file(&lock).unwrap();
    assert_untouched(&r, MERGE_DRAFT, &before);
}

#[test]
fn when_the_index_cannot_be_written_the_commit_is_in_and_the_message_says_how_to_resync() {
    let r = repo();
    // Something in the way of the index's new copy.
    let blocker = r.repo.join(".git/index.lock.duyet.lock");
    std::fs::create_dir(&blocker).unwrap();
    let e = merge_through_ops(&r, MERGE_DRAFT).unwrap_err();
    let OpsError::Store(StoreError::CheckoutNotUpdated {
        branch,
        commit,
        paths,
        ..
    }) = &e
    else {
        panic!("expected CheckoutNotUpdated, got {e:?}");
    };
    assert_eq!(branch, "main");
    assert_eq!(paths, &[MERGE_DRAFT]);
    assert_eq!(r.rev_parse("main"), commit.to_string(), "the commit is in");
    // What to do is the hint the person reads, on the screen as on the
    // command line.
    let said = duyet::i18n::errors::ops(
        &e,
        duyet::i18n::Lang::En,
        duyet::i18n::errors::Where::Screen,
    );
    let message = format!("{} {}", said.message, said.hints.join(" "));
    assert!(
        message.contains(&format!("git checkout HEAD -- {MERGE_DRAFT}")),
        "{message}"
    );
    assert!(message.contains(&duyet::store::short(*commit)), "{message}");
    std::fs::remove_dir(&blocker).unwrap();
    assert_no_leftovers(&r.repo, &r.repo.join(".git"));

    // The file is already the new one; the resync the message gives mends the index.
    assert_eq!(
        on_disk(&r.repo, MERGE_DRAFT),
        r.show("main", MERGE_DRAFT).into_bytes()
    );
    r.git_ok(&["checkout", "HEAD", "--", MERGE_DRAFT]);
    assert_clean_at(&r.repo, "main", MERGE_DRAFT);
}
