//! Drafts kept parsed under `.git/duyet/parsed/` (issue 12): a later
//! process reads the kept draft instead of parsing the blob — and reads
//! exactly what parsing it gives, never a damaged file, another blob's or
//! another version's.

mod common;

use common::{REVIEW_DRAFT, ReviewRepo, ok, review_draft_text, review_repo, thang};
use duyet::core::{Draft, load_draft};

/// The blob of the review draft at `rev` and the draft parsed from it, by
/// hand, with no cache at all.
fn parsed_by_hand(r: &ReviewRepo, rev: &str) -> (duyet::store::FileId, Draft) {
    let store = r.store();
    let at = store.resolve(rev).unwrap();
    let blob = store.file_id(at, REVIEW_DRAFT).unwrap().unwrap();
    let bytes = store.read_file(at, REVIEW_DRAFT).unwrap().unwrap();
    (blob, load_draft("by hand", &bytes).unwrap())
}

/// The draft at `rev` as a new process reads it (a new `Store`, nothing
/// in memory), and whether the kept file was there and is now.
fn read_fresh(r: &ReviewRepo, rev: &str) -> Draft {
    r.store().read_draft(rev, REVIEW_DRAFT).unwrap()
}

#[test]
fn a_kept_draft_is_what_parsing_gives_and_nothing_else_is_used() {
    let r = review_repo();
    let (blob, expected) = parsed_by_hand(&r, "main");
    let kept = r.store().parsed_path(blob);
    assert!(!kept.exists());
    assert_eq!(read_fresh(&r, "main"), expected);
    assert!(kept.exists(), "a parsed draft is kept");
    let good = std::fs::read(&kept).unwrap();
    // Read back by another process: the same draft.
    assert_eq!(read_fresh(&r, "main"), expected);
    assert_eq!(std::fs::read(&kept).unwrap(), good, "used, not rewritten");

    // A kept draft with a changed body is what the test must catch: the
    // file says "Tổng thu … 412,5" but the body says otherwise. Its hash
    // no longer matches: not used, parsed again, kept anew.
    let text = String::from_utf8(good.clone()).unwrap();
    let lied = text.replace("412,5", "999,9");
    assert_ne!(lied, text);
    let mut flipped = good.clone();
    let last = flipped.len() - 3;
    flipped[last] ^= 0x01;
    let (other_blob, other) = {
        let changed = review_draft_text().replace("99,2%", "98,0%");
        r.commit("main", &[(REVIEW_DRAFT, &changed)], &thang(), 1, "Sửa");
        parsed_by_hand(&r, "main")
    };
    assert_ne!(other, expected);
    assert_eq!(read_fresh(&r, "main"), other);
    let other_file = std::fs::read(r.store().parsed_path(other_blob)).unwrap();
    let damaged: Vec<(&str, Vec<u8>)> = vec![
        ("garbage", b"\x00\xff {{{".to_vec()),
        ("empty", Vec::new()),
        ("cut short", good[..good.len() / 2].to_vec()),
        ("a figure changed", lied.into_bytes()),
        ("one byte changed", flipped),
        ("another blob's", other_file),
        (
            "another version's",
            text.replacen("duyet ", "duyet 0.0.0-other ", 1)
                .into_bytes(),
        ),
        (
            "another format's",
            text.replacen("duyet-parsed-draft 1", "duyet-parsed-draft 2", 1)
                .into_bytes(),
        ),
    ];
    for (what, bytes) in damaged {
        std::fs::write(&kept, &bytes).unwrap();
        assert_eq!(read_fresh(&r, "main~1"), expected, "{what}");
        assert_eq!(std::fs::read(&kept).unwrap(), good, "{what}: kept anew");
    }
    // Too large to be read (sparse: no disk used).
    let f = std::fs::File::create(&kept).unwrap();
    f.set_len(40 << 20).unwrap();
    drop(f);
    assert_eq!(read_fresh(&r, "main~1"), expected);
    assert_eq!(std::fs::read(&kept).unwrap(), good);

    // Another user's file (someone else in the group of a shared
    // repository), saying the figure is another: not used, replaced.
    let lied = text.replace("412,5", "999,9");
    std::fs::write(&kept, forged_hash(lied.as_bytes())).unwrap();
    if common::give_to_another_user(&kept) {
        assert_eq!(read_fresh(&r, "main~1"), expected, "another user's file");
        assert_eq!(std::fs::read(&kept).unwrap(), good);
    }
}

/// A kept draft's bytes with its hash line made to match its body.
fn forged_hash(bytes: &[u8]) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    let mut lines = bytes.splitn(4, |&b| b == b'\n');
    let (magic, key, _, body) = (
        lines.next().unwrap(),
        lines.next().unwrap(),
        lines.next().unwrap(),
        lines.next().unwrap(),
    );
    let hash: String = Sha256::digest(body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    [magic, key, hash.as_bytes(), body].join(&b'\n')
}

#[test]
fn a_draft_that_does_not_parse_is_not_kept_and_says_where() {
    let r = review_repo();
    let broken = review_draft_text().replace("    owner: phong-giao-duc\n", "    owner: [\n");
    r.commit("main", &[(REVIEW_DRAFT, &broken)], &thang(), 1, "Hỏng");
    let store = r.store();
    let at = store.resolve("main").unwrap();
    let blob = store.file_id(at, REVIEW_DRAFT).unwrap().unwrap();
    for _ in 0..2 {
        let err = r.store().read_draft("main", REVIEW_DRAFT).unwrap_err();
        // file:line:col, from the YAML, each time.
        assert!(
            err.to_string().contains("drafts/bao-cao.yaml (main):36:"),
            "{err}"
        );
    }
    assert!(!store.parsed_path(blob).exists());
}

#[test]
fn only_the_latest_few_drafts_are_kept() {
    let r = review_repo();
    for i in 0..40 {
        let text = review_draft_text().replace("99,2%", &format!("9{i},0%"));
        r.commit("main", &[(REVIEW_DRAFT, &text)], &thang(), i + 1, "Sửa");
        read_fresh(&r, "main");
    }
    let at = r.store().resolve("main").unwrap();
    let blob = r.store().file_id(at, REVIEW_DRAFT).unwrap().unwrap();
    let folder = r.store().parsed_path(blob);
    let folder = folder.parent().unwrap();
    let kept = std::fs::read_dir(folder).unwrap().count();
    assert!((1..=24).contains(&kept), "{kept} drafts kept");
    assert!(r.store().parsed_path(blob).exists(), "the latest is kept");
}

#[test]
fn diff_prints_the_same_with_and_without_kept_drafts() {
    let r = review_repo();
    let changed = review_draft_text().replace("412,5 tỷ", "413,0 tỷ");
    r.commit("main", &[(REVIEW_DRAFT, &changed)], &thang(), 1, "Sửa số");
    for args in [
        &["diff", "bao-cao", "main~1", "main", "--json"][..],
        &["diff", "bao-cao", "main~1", "main"][..],
    ] {
        let _ = std::fs::remove_dir_all(r.repo.join(".git/duyet"));
        let cold = ok(&r.duyet_as(None, args));
        assert!(cold.contains("changed") || cold.contains("413,0"), "{cold}");
        assert!(r.repo.join(".git/duyet/parsed").exists());
        let warm = ok(&r.duyet_as(None, args));
        assert_eq!(warm, cold, "{args:?}");
    }
}
