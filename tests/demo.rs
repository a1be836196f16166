//! `duyet demo`: the repository it builds has what a newcomer needs to see
//! (department branches, every kind of section change, a section edited on
//! two branches), is the same every time, replaces an earlier demo only when
//! asked (`rebuild`), and never overwrites a folder it did not make.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use duyet::core::config::{Config, Role};
use duyet::core::{Status, diff_drafts};
use duyet::demo::{self, DemoError};
use duyet::store::{BranchKind, CommitId, MAIN_BRANCH, Store};

/// Builds the demo into a fresh folder inside a temporary directory.
fn built() -> (tempfile::TempDir, Store) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    demo::build(&dir).unwrap();
    let store = Store::open(Some(&dir)).unwrap();
    (tmp, store)
}

/// Department branches as (department id, branch name).
fn dept_branches(store: &Store) -> Vec<(String, String)> {
    store
        .branches()
        .unwrap()
        .into_iter()
        .filter_map(|b| match b.kind {
            BranchKind::Department(d) => Some((d, b.name)),
            _ => None,
        })
        .collect()
}

fn tips(dir: &Path) -> Vec<(String, CommitId)> {
    let store = Store::open(Some(dir)).unwrap();
    store
        .branches()
        .unwrap()
        .into_iter()
        .map(|b| (b.name, b.tip))
        .collect()
}

fn config(store: &Store) -> Config {
    store
        .read_config(MAIN_BRANCH)
        .unwrap()
        .expect("the demo has a duyet.yaml on main")
}

#[test]
fn demo_has_department_branches_with_their_own_revisions() {
    let (_tmp, store) = built();
    let config = config(&store);
    let branches = dept_branches(&store);
    assert!(
        branches.len() >= 4,
        "expected at least 4 dept/ branches, got {branches:?}"
    );
    let base = store.resolve(MAIN_BRANCH).unwrap();
    let base_time = store.revision(MAIN_BRANCH).unwrap().time;
    let drafts = store.drafts(MAIN_BRANCH).unwrap();
    assert!(drafts.len() >= 2, "{drafts:?}");

    for (dept, branch) in &branches {
        assert!(
            config.department(dept).is_some(),
            "{branch} names no department of duyet.yaml"
        );
        let mut best = 0;
        for path in &drafts {
            let revs = store.revisions(branch, path, 100).unwrap();
            let theirs: Vec<_> = revs.iter().filter(|r| r.id != base).collect();
            for r in &theirs {
                let person = config
                    .person_by_email(&r.email)
                    .unwrap_or_else(|| panic!("{branch}: author {} is not in duyet.yaml", r.email));
                assert_eq!(
                    &person.department, dept,
                    "{branch}: {} belongs to another department",
                    r.email
                );
                assert!(
                    person.roles.contains(&Role::Drafter) || person.roles.contains(&Role::Reviewer),
                    "{branch}: {} is neither drafter nor reviewer",
                    r.email
                );
                assert_eq!(r.author, person.name, "{branch}: author name");
                let (y, m, _, h, _) = r.time.local();
                assert_eq!(
                    (y, m),
                    (2023, 12),
                    "{branch}: {} not in December 2023",
                    r.id
                );
                assert!(
                    (7..18).contains(&h),
                    "{branch}: {} outside working hours",
                    r.id
                );
                assert!(
                    r.time.seconds > base_time.seconds,
                    "{branch}: {} before main",
                    r.id
                );
                assert!(
                    !r.summary.trim().is_empty(),
                    "{branch}: {} has no summary",
                    r.id
                );
            }
            // Newest first, so times go down.
            for w in theirs.windows(2) {
                assert!(
                    w[0].time.seconds > w[1].time.seconds,
                    "{branch}: dates out of order"
                );
            }
            best = best.max(theirs.len());
        }
        assert!(
            best >= 2,
            "{branch} has fewer than 2 revisions of any draft by its department"
        );
    }
}

#[test]
fn demo_diffs_show_every_kind_of_change() {
    let (_tmp, store) = built();
    let mut renamed = Vec::new();
    let mut moved = Vec::new();
    let mut added = Vec::new();
    let mut footnotes = Vec::new();
    let mut changed_on: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();

    for (_, branch) in dept_branches(&store) {
        let mut changed_here = 0;
        for path in store.drafts(MAIN_BRANCH).unwrap() {
            let old = store.read_draft(MAIN_BRANCH, &path).unwrap();
            let new = store.read_draft(&branch, &path).unwrap();
            let diff = diff_drafts(&old, &new);
            changed_here += diff.changed_count();
            for s in diff
                .sections
                .iter()
                .filter(|s| s.status != Status::Unchanged)
            {
                changed_on
                    .entry((path.clone(), s.id.clone()))
                    .or_default()
                    .insert(branch.clone());
                if s.changes.title {
                    renamed.push(s.id.clone());
                }
                if s.changes.moved {
                    moved.push(s.id.clone());
                }
                if s.status == Status::Added {
                    added.push(s.id.clone());
                }
                if s.footnotes.iter().any(|f| f.diff.is_change()) {
                    footnotes.push(s.id.clone());
                }
                // Every changed section has something to show.
                assert!(
                    s.status != Status::Changed || s.changes.any(),
                    "{branch}: {} changed without a reason",
                    s.id
                );
            }
        }
        assert!(changed_here > 0, "main → {branch} changes no section");
    }

    assert!(!renamed.is_empty(), "no branch renames a section");
    assert!(!moved.is_empty(), "no branch moves a section");
    assert!(!added.is_empty(), "no branch adds a section");
    assert!(
        !footnotes.is_empty(),
        "no branch adds or changes a footnote"
    );
    let shared: Vec<_> = changed_on
        .iter()
        .filter(|(_, branches)| branches.len() >= 2)
        .map(|((_, id), _)| id)
        .collect();
    assert!(
        !shared.is_empty(),
        "no section is changed on two branches (nothing for the office to reconcile)"
    );
}

#[test]
fn demo_is_the_same_every_time() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    demo::build(&a).unwrap();
    demo::build(&b).unwrap();
    let (ta, tb) = (tips(&a), tips(&b));
    assert!(ta.len() >= 5, "{ta:?}");
    assert_eq!(ta, tb, "two builds differ: dates or authors are not fixed");

    // Rebuilding over an earlier demo, when asked, gives the same again.
    demo::rebuild(&a).unwrap();
    assert_eq!(tips(&a), tb);
}

#[test]
fn an_earlier_demo_is_kept_unless_rebuilt() {
    let (tmp, store) = built();
    let dir = tmp.path().join("demo");
    // Someone's work in it: a branch of their own.
    let main = store.resolve(MAIN_BRANCH).unwrap();
    store.create_branch("cua-toi", main).unwrap();
    let before = tips(&dir);

    let err = demo::build(&dir)
        .err()
        .expect("building over an earlier demo must not rebuild it");
    assert!(matches!(err, DemoError::Exists { .. }), "{err:?}");
    let said = duyet::i18n::errors::demo(
        &err,
        duyet::i18n::Lang::En,
        duyet::i18n::errors::Where::CommandLine,
    );
    assert!(
        said.message.contains("already holds a duyet demo")
            && said.hints.iter().any(|h| h.contains("--force")),
        "{said:?}"
    );
    assert_eq!(tips(&dir), before, "the demo changed");

    let summary = demo::rebuild(&dir).unwrap();
    assert_eq!(summary.path, dir.canonicalize().unwrap());
    let after = tips(&dir);
    assert!(
        after.iter().all(|(name, _)| name != "cua-toi"),
        "rebuilt from scratch: {after:?}"
    );
    // Nothing was left beside it.
    let beside: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(beside.len(), 1, "a staging folder was left behind");
}

#[test]
fn an_empty_folder_is_built_in() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("trong");
    std::fs::create_dir(&dir).unwrap();
    demo::build(&dir).unwrap();
    assert!(tips(&dir).len() >= 5);
}

#[test]
fn demo_refuses_a_folder_it_did_not_make() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("notes");
    std::fs::create_dir(&dir).unwrap();
    let file = dir.join("ghi-chu.txt");
    std::fs::write(&file, "Ghi chú cá nhân, không được xoá.\n").unwrap();

    let err = demo::build(&dir)
        .err()
        .expect("building over a foreign folder must fail");
    assert!(matches!(err, DemoError::NotEmpty { .. }), "{err:?}");
    // Not even when asked to rebuild: it is not a demo.
    let err = demo::rebuild(&dir)
        .err()
        .expect("rebuilding over a foreign folder must fail");
    assert!(matches!(err, DemoError::NotEmpty { .. }), "{err:?}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "Ghi chú cá nhân, không được xoá.\n"
    );
    let entries: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(entries.len(), 1, "the folder gained files");
    // Nothing was left beside it either.
    let beside: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(beside.len(), 1, "a staging folder was left behind");
}
