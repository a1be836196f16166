//! The folded review `status` keeps under `.git/duyet/` (issue 12): used
//! only for the state it was folded from, never when it is stale, damaged,
//! forged or of another tip — and `status` answers the same with it as
//! without it.

mod common;

use std::path::PathBuf;

use common::{
    REVIEW_DRAFT, ReviewRepo, dung, hoa, moment, ok, review_draft_text, review_repo, thang,
};
use duyet::ops::review::{self, Request, Target};

fn target(section: &str) -> Target<'_> {
    Target {
        draft: REVIEW_DRAFT,
        section,
        rev: "main",
    }
}

fn req<'a>(who: &'a duyet::core::Identity, text: &'a str, minutes: i64) -> Request<'a> {
    Request {
        who,
        when: Some(moment(minutes)),
        text,
    }
}

/// Reviewer of phong-giao-duc.
fn nguyet() -> duyet::core::Identity {
    common::person("Nguyễn Thị Minh Nguyệt", "nguyet.ntm@tanyen.example")
}

/// The summary file of the review draft.
fn summary_file(r: &ReviewRepo) -> PathBuf {
    r.store().summary_path(REVIEW_DRAFT)
}

/// Whether the summary on disk would be used for `rev` as things are now.
fn usable(r: &ReviewRepo, rev: &str) -> bool {
    let store = r.store();
    let at = store.resolve(rev).unwrap();
    let key = store.summary_key(at, REVIEW_DRAFT).unwrap().expect("a key");
    store.load_summary(REVIEW_DRAFT, &key).is_some()
}

/// `duyet status bao-cao --json [extra]`, the real binary.
fn status(r: &ReviewRepo, extra: &[&str]) -> String {
    let mut args = vec!["status", "bao-cao", "--json"];
    args.extend_from_slice(extra);
    ok(&r.duyet_as(None, &args))
}

/// `status` with whatever cache there is, which must be what it is with
/// none (summary and records index removed); after it, the summary is
/// saved and usable.
fn status_agrees(r: &ReviewRepo, extra: &[&str]) -> String {
    let cached = status(r, extra);
    let _ = std::fs::remove_file(summary_file(r));
    let _ = std::fs::remove_file(r.repo.join(".git/duyet/reviews-index"));
    let folded = status(r, extra);
    assert_eq!(
        cached, folded,
        "the cached status differs from the folded one"
    );
    assert!(summary_file(r).exists(), "a folded status is kept");
    assert_eq!(status(r, extra), folded, "read back from the summary");
    folded
}

fn state_of(status: &str, id: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(status).unwrap();
    v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no section {id} in {status}"))["state"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn a_summary_is_used_only_for_the_state_it_was_folded_from() {
    let r = review_repo();
    let store = r.store();
    review::approve(&store, &target("thu-ngan-sach"), &req(&dung(), "", 1)).unwrap();
    review::comment(
        &store,
        &target("giao-duc"),
        &req(&hoa(), "Nguồn số liệu?", 2),
        None,
    )
    .unwrap();
    let s = status_agrees(&r, &[]);
    assert_eq!(state_of(&s, "thu-ngan-sach"), "pending");
    assert!(usable(&r, "main"));
    let first = std::fs::read(summary_file(&r)).unwrap();

    // A new record: the summary of the older tip is not used.
    review::approve(&store, &target("thu-ngan-sach"), &req(&thang(), "", 3)).unwrap();
    assert!(!usable(&r, "main"), "a summary of an older tip");
    let s = status_agrees(&r, &[]);
    assert_eq!(state_of(&s, "thu-ngan-sach"), "approved");
    // The older tip's summary put back (another clone's, a restored
    // backup): not used either.
    std::fs::write(summary_file(&r), &first).unwrap();
    assert!(!usable(&r, "main"));
    assert_eq!(
        state_of(&status_agrees(&r, &[]), "thu-ngan-sach"),
        "approved"
    );

    // The draft changed on main: the approval is stale, not cached.
    let changed = review_draft_text().replace("412,5 tỷ", "413,0 tỷ");
    r.commit("main", &[(REVIEW_DRAFT, &changed)], &thang(), 4, "Sửa số");
    assert!(!usable(&r, "main"));
    assert_eq!(state_of(&status_agrees(&r, &[]), "thu-ngan-sach"), "stale");
    // Another revision of the same draft has its own key.
    let older = status_agrees(&r, &["--rev", "main~1"]);
    assert_eq!(state_of(&older, "thu-ngan-sach"), "approved");
    assert!(!usable(&r, "main"));
    assert!(usable(&r, "main~1"));

    // duyet.yaml changed on main: the policy the summary was folded with
    // is no longer the one in force.
    review::approve(&store, &target("giao-duc"), &req(&nguyet(), "", 5)).unwrap();
    let s = status_agrees(&r, &[]);
    assert_eq!(state_of(&s, "giao-duc"), "pending");
    let config = duyet::demo::SAMPLE_CONFIG.replace(
        "    - office           # someone with the office role\n",
        "",
    );
    assert_ne!(config, duyet::demo::SAMPLE_CONFIG);
    r.commit(
        "main",
        &[("duyet.yaml", &config)],
        &thang(),
        6,
        "Bớt yêu cầu",
    );
    assert!(!usable(&r, "main"));
    // (The approval was of the draft as it is: a new commit of duyet.yaml
    // changes no section.)
    assert_eq!(state_of(&status_agrees(&r, &[]), "giao-duc"), "approved");
}

/// The summary file, its body replaced by `edit` of its JSON, with the
/// hash line made to match (what someone forging it would do).
fn forge(r: &ReviewRepo, edit: impl FnOnce(&mut serde_json::Value)) {
    use sha2::{Digest, Sha256};
    let bytes = std::fs::read(summary_file(r)).unwrap();
    let mut lines = bytes.splitn(4, |&b| b == b'\n');
    let magic = lines.next().unwrap().to_vec();
    let key = lines.next().unwrap().to_vec();
    let _hash = lines.next().unwrap();
    let mut body: serde_json::Value = serde_json::from_slice(lines.next().unwrap()).unwrap();
    edit(&mut body);
    let body = serde_json::to_vec(&body).unwrap();
    let hash: String = Sha256::digest(&body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut out = magic;
    out.push(b'\n');
    out.extend_from_slice(&key);
    out.push(b'\n');
    out.extend_from_slice(hash.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(&body);
    std::fs::write(summary_file(r), out).unwrap();
}

/// The first decision of section `id` in a summary's JSON.
fn decision<'a>(body: &'a mut serde_json::Value, id: &str) -> &'a mut serde_json::Value {
    body["sections"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|s| s["id"] == id)
        .unwrap()["decisions"]
        .get_mut(0)
        .expect("a decision")
}

#[test]
fn a_damaged_or_forged_summary_is_not_used() {
    let r = review_repo();
    let store = r.store();
    review::approve(&store, &target("thu-ngan-sach"), &req(&dung(), "", 1)).unwrap();
    review::approve(&store, &target("thu-ngan-sach"), &req(&thang(), "", 2)).unwrap();
    review::approve(&store, &target("giao-duc"), &req(&nguyet(), "", 3)).unwrap();
    let honest = status_agrees(&r, &[]);
    let good = std::fs::read(summary_file(&r)).unwrap();
    assert!(usable(&r, "main"));

    let mut flipped = good.clone();
    let last = flipped.len() - 5;
    flipped[last] ^= 0x20;
    let damaged: Vec<(&str, Vec<u8>)> = vec![
        ("garbage", b"\x00\xff\xfe {{{".to_vec()),
        ("empty", Vec::new()),
        ("cut short", good[..good.len() / 2].to_vec()),
        ("one byte changed", flipped),
        (
            "another format",
            String::from_utf8_lossy(&good)
                .replacen("duyet-review-summary 1", "duyet-review-summary 9", 1)
                .into_bytes(),
        ),
    ];
    for (what, bytes) in damaged {
        std::fs::write(summary_file(&r), &bytes).unwrap();
        assert!(!usable(&r, "main"), "{what}");
        assert_eq!(status(&r, &[]), honest, "{what}");
        assert!(usable(&r, "main"), "{what}: saved again");
    }

    // Too large to be read at all (a sparse file: no disk is used).
    let f = std::fs::File::create(summary_file(&r)).unwrap();
    f.set_len(65 << 20).unwrap();
    drop(f);
    assert!(!usable(&r, "main"), "too large");
    assert_eq!(status(&r, &[]), honest);

    // Hashes that match, decisions git does not hold.
    type Forgery = Box<dyn FnOnce(&mut serde_json::Value)>;
    let forgeries: Vec<(&str, Forgery)> = vec![
        (
            "an approval given to someone else",
            Box::new(|b| {
                decision(b, "giao-duc")["record"]["author_email"] =
                    "thang.nv@tanyen.example".into();
            }),
        ),
        (
            "a record that does not exist",
            Box::new(|b| {
                decision(b, "giao-duc")["record"]["id"] =
                    "1111111111111111111111111111111111111111".into();
            }),
        ),
        (
            "a comment shown as an approval",
            Box::new(|b| {
                decision(b, "thu-ngan-sach")["record"]["action"] = "request-changes".into();
            }),
        ),
    ];
    for (what, edit) in forgeries {
        std::fs::write(summary_file(&r), &good).unwrap();
        forge(&r, edit);
        assert!(!usable(&r, "main"), "{what}");
        assert_eq!(status(&r, &[]), honest, "{what}");
        assert!(usable(&r, "main"), "{what}: saved again");
    }
    // The forger's tool itself is sound: an unchanged body is used.
    forge(&r, |_| {});
    assert!(usable(&r, "main"));

    // Good in every byte, but another user's (someone else in the group of
    // a shared repository): not used, and replaced by this user's own.
    if common::give_to_another_user(&summary_file(&r)) {
        assert!(!usable(&r, "main"), "another user's file");
        assert_eq!(status(&r, &[]), honest);
        assert!(usable(&r, "main"), "this user's own, written anew");
    }
}

#[test]
fn a_summary_is_kept_per_draft() {
    let r = review_repo();
    let other = "drafts/bao-cao-khac.yaml";
    r.commit(
        "main",
        &[(other, &review_draft_text())],
        &thang(),
        1,
        "Bản khác",
    );
    let store = r.store();
    review::approve(&store, &target("thu-ngan-sach"), &req(&dung(), "", 2)).unwrap();
    review::approve(&store, &target("thu-ngan-sach"), &req(&thang(), "", 3)).unwrap();
    let this = status_agrees(&r, &[]);
    let that = ok(&r.duyet_as(None, &["status", "bao-cao-khac", "--json"]));
    assert_ne!(store.summary_path(other), summary_file(&r));
    assert_eq!(state_of(&this, "thu-ngan-sach"), "approved");
    assert_eq!(state_of(&that, "thu-ngan-sach"), "pending");
    // One draft's summary copied over the other's: another key, not used.
    std::fs::copy(store.summary_path(other), summary_file(&r)).unwrap();
    assert!(!usable(&r, "main"));
    assert_eq!(status(&r, &[]), this);
}

/// `duyet status bao-cao --json --rev REV` (or without --rev).
fn status_at(r: &ReviewRepo, rev: Option<&str>) -> String {
    match rev {
        Some(rev) => status(r, &["--rev", rev]),
        None => status(r, &[]),
    }
}

#[test]
fn without_a_local_main_the_policy_is_the_one_status_reads() {
    let r = review_repo();
    let store = r.store();
    review::approve(&store, &target("giao-duc"), &req(&nguyet(), "", 5)).unwrap();
    let main = store.resolve("main").unwrap().to_string();
    let relaxed_config = duyet::demo::SAMPLE_CONFIG.replace(
        "    - office           # someone with the office role\n",
        "",
    );
    r.commit(
        "relaxed",
        &[("duyet.yaml", &relaxed_config)],
        &thang(),
        6,
        "Bớt yêu cầu",
    );
    let relaxed = store.resolve("relaxed").unwrap().to_string();
    // A clone whose `main` is only the remote's.
    r.git_ok(&["update-ref", "refs/remotes/origin/main", &main]);
    r.git_ok(&["checkout", "-q", "--detach"]);
    r.git_ok(&["update-ref", "-d", "refs/heads/main"]);
    let strict = status_at(&r, Some(&main));
    assert_eq!(state_of(&strict, "giao-duc"), "pending");
    // The remote's main now has the policy without the office.
    r.git_ok(&["update-ref", "refs/remotes/origin/main", &relaxed]);
    let now = status_at(&r, Some(&main));
    assert_eq!(
        state_of(&now, "giao-duc"),
        "approved",
        "the summary of the old policy"
    );
    let _ = std::fs::remove_dir_all(r.repo.join(".git/duyet"));
    assert_eq!(status_at(&r, Some(&main)), now);
}

#[test]
fn a_policy_git_could_not_read_is_not_kept() {
    let r = review_repo();
    let store = r.store();
    review::approve(&store, &target("giao-duc"), &req(&nguyet(), "", 5)).unwrap();
    let honest = status_agrees(&r, &[]);
    let _ = std::fs::remove_file(summary_file(&r));
    // duyet.yaml's blob missing for a while (a partial clone, a broken
    // object store): status folds without a policy, and says so…
    let id = r.git_ok(&["rev-parse", "main:duyet.yaml"]);
    let id = id.trim();
    let object = r.repo.join(".git/objects").join(&id[..2]).join(&id[2..]);
    let bytes = std::fs::read(&object).expect("the blob is a loose object here");
    std::fs::remove_file(&object).unwrap();
    let _ = r.duyet_as(None, &["status", "bao-cao", "--json"]);
    // …but what it folded is not kept for when the blob is back.
    std::fs::write(&object, bytes).unwrap();
    assert_eq!(status(&r, &[]), honest);
}

#[test]
fn a_fifo_or_a_link_where_a_cache_was_is_not_waited_on() {
    let r = review_repo();
    review::approve(&r.store(), &target("giao-duc"), &req(&nguyet(), "", 5)).unwrap();
    let honest = status_agrees(&r, &[]);
    let mut kept = vec![summary_file(&r)];
    let parsed = r.repo.join(".git/duyet/parsed");
    kept.extend(
        std::fs::read_dir(&parsed)
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    kept.push(r.repo.join(".git/duyet/reviews-index"));
    for file in &kept {
        std::fs::remove_file(file).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(file)
            .status()
            .unwrap();
        assert!(made.success());
    }
    // A FIFO nobody writes: opening it to read would wait for ever. The
    // binary is given 20 seconds by `timeout`, far more than it needs.
    let out = std::process::Command::new("timeout")
        .arg("20")
        .arg(env!("CARGO_BIN_EXE_duyet"))
        .args(["--lang", "en", "--repo"])
        .arg(&r.repo)
        .args(["status", "bao-cao", "--json"])
        .env("HOME", r.home())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(124), "status waited on a FIFO");
    assert_eq!(String::from_utf8_lossy(&out.stdout), honest);
    // A symbolic link to a file of the user's (a terminal, say): not followed.
    for file in &kept {
        std::fs::remove_file(file).unwrap();
        std::os::unix::fs::symlink("/dev/null", file).unwrap();
    }
    assert_eq!(status(&r, &[]), honest);
}
