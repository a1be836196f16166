//! Tests of the records' reader, walk and index against libgit2 and git.

use std::collections::HashSet;

use git2::{ObjectType, Oid};

use super::reader::{CommitReader, Entry, Object};
use super::{ReadPath, hex, index};
use crate::core::review::{Action, NewRecord, REVIEWS_REF, ReviewRecord, UnreadableRecord};
use crate::core::signature::Signed;
use crate::core::{Identity, Moment};
use crate::store::{Result, Store};

fn new_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::init(dir.path()).expect("git init");
    (dir, store)
}

fn message(i: usize, reply_to: Option<String>) -> String {
    NewRecord {
        action: [Action::Comment, Action::Reply, Action::Approve][i % 3],
        draft: "drafts/a.yaml".to_owned(),
        section: format!("muc-{}", i % 7),
        revision: "ab".repeat(20),
        section_hash: "cd".repeat(32),
        reply_to,
        quote: (i % 5 == 0).then(|| "ngân sách".to_owned()),
        finding: None,
        text: format!("Đề nghị bổ sung số liệu {i}.\n\nĐoạn hai: có dấu hai chấm."),
    }
    .message(&format!("Góp ý mục {i}"))
}

/// A commit read by libgit2 as the walk read it before it parsed
/// commits itself: its parents, and its record if it is one.
fn with_libgit2(store: &Store, id: Oid) -> Result<(Vec<Oid>, Option<ReviewRecord>)> {
    let commit = store.repo.find_commit(id)?;
    let author = commit.author();
    let when = author.when();
    let record = ReviewRecord::read(
        hex(commit.id()),
        String::from_utf8_lossy(author.name_bytes()).into_owned(),
        String::from_utf8_lossy(author.email_bytes()).into_owned(),
        Moment {
            seconds: when.seconds(),
            offset_minutes: when.offset_minutes(),
        },
        &String::from_utf8_lossy(commit.message_bytes()),
    )
    .ok()
    .flatten();
    Ok((commit.parent_ids().collect(), record))
}

/// The walk as it was written before it read commits itself: libgit2
/// parses each commit.
fn walk_with_libgit2(store: &Store, tip: Oid) -> Vec<ReviewRecord> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    seen.insert(tip);
    let mut stack = vec![(with_libgit2(store, tip).unwrap(), 0)];
    while let Some(((parents, _), done)) = stack.last_mut() {
        if let Some(&parent) = parents.get(*done) {
            *done += 1;
            if seen.insert(parent) {
                stack.push((with_libgit2(store, parent).unwrap(), 0));
            }
        } else if let Some(((_, record), _)) = stack.pop() {
            out.extend(record);
        }
    }
    out
}

/// Every commit libgit2 reads and `git fsck` accepts reads here as
/// libgit2 reads it; any other is an unreadable record, with a reason
/// (libgit2 fails on some of them, reads others against git's rules).
#[test]
fn the_commit_parser_agrees_with_libgit2() {
    let (_dir, store) = new_store();
    let odb = store.repo.odb().unwrap();
    let tree = store.repo.treebuilder(None).unwrap().write().unwrap();
    let msg = message(0, None);
    let (p1, p2) = ("1".repeat(40), "2".repeat(40));
    let sig = "Lê Thị Hoa <hoa.lt@tanyen.example> 1700000000 +0700";
    // (commit, what this reader makes of it: None if it reads as
    // libgit2 does, else a word of the reason it gives)
    let cases: Vec<(Vec<u8>, Option<&str>)> = vec![
        (format!("tree {tree}\nauthor {sig}\ncommitter {sig}\n\n{msg}").into(), None),
        (
            format!(
                "tree {tree}\nparent {p1}\nparent {p2}\nauthor  \"Đỗ Minh Tuấn\",  <  tuan.dm@x ; > 1700000000 -0130\ncommitter A <a@b> 1 +1460\nencoding UTF-8\ngpgsig -----BEGIN-----\n abc\n -----END-----\n\n\n\n{msg}"
            )
            .into(),
            None,
        ),
        (
            format!("tree {tree}\nparent {p1}\nauthor A <c@d> 99 +1500\ncommitter A <a@b> 1 +0000\n\n{msg}\0after a NUL").into(),
            None,
        ),
        (
            format!("tree {}\nauthor A <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\n{msg}", tree.to_string().to_uppercase()).into(),
            None,
        ),
        (format!("tree {tree}\nauthor A <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n").into(), None),
        // Not UTF-8 (Latin-1) in the name and the message.
        (
            [
                format!("tree {tree}\nauthor Ho").into_bytes(),
                vec![0xe0],
                b"ng <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\nx".to_vec(),
                vec![0xff, b'\n'],
                msg.clone().into_bytes(),
            ]
            .concat(),
            None,
        ),
        // libgit2 refuses these ("failed to parse signature"), and with
        // them any walk through them.
        (format!("tree {tree}\nauthor A <a@b> 1 +0000\ncommitter A <a@b> 1 +0000").into(), Some("newline")),
        (format!("tree {tree}\nauthor Lê\nThị <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("author")),
        (format!("tree {tree}\nauthor A <a\nb> 1 +0000\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("author")),
        (format!("tree {tree}\nauthor Nobody 1 +0000\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("author")),
        (format!("tree {tree}\nauthor A <a@b> 1 +0000\ncommitter broken\n\n{msg}").into(), Some("committer")),
        (format!("author A <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("tree")),
        (format!("tree xyz\nauthor A <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("tree")),
        (format!("tree {tree}\nparent 123\nauthor A <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("parent")),
        // libgit2 reads these; `git fsck` refuses them, and so does duyet.
        (format!("tree {tree}\nauthor A <a@b>\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("date")),
        (
            format!("tree {tree}\nauthor A <a@b> 1 +0000\nauthor B <b@c> 2 +0000\ncommitter A <a@b> 1 +0000\n\n{msg}").into(),
            Some("more than one"),
        ),
        (format!("tree {tree}\nauthor A <a@b> 1x +0000\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("date")),
        (format!("tree {tree}\nauthor A <b> <c@d> 99 +1500\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("date")),
        (format!("tree {tree}\nauthor A\0B <a@b> 5 +0000\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("NUL")),
        (format!("tree {tree}\nauthor A<a@b> 5 +0000\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("space")),
        (format!("tree {tree}\nauthor A <a@b> 05 +0000\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("zeros")),
        (format!("tree {tree}\nauthor A <a@b> 5 +00\ncommitter A <a@b> 1 +0000\n\n{msg}").into(), Some("zone")),
        // A tree that is not in the repository.
        (format!("tree {p1}\nauthor {sig}\ncommitter {sig}\n\n{msg}").into(), Some("tree 1111111")),
        // Trailers that do not make a record.
        (
            format!("tree {tree}\nauthor {sig}\ncommitter {sig}\n\n{}", msg.replace("Duyet-Action: comment", "Duyet-Action: phe-duyet")).into(),
            Some("unknown Duyet-Action"),
        ),
        (
            format!("tree {tree}\nauthor {sig}\ncommitter {sig}\n\n{}", msg.replace("Duyet-Section:", "Duyet-Sectoin:")).into(),
            Some("no Duyet-Section"),
        ),
        (
            format!("tree {tree}\nauthor {sig}\ncommitter {sig}\n\n{msg}garbage line\n").into(),
            Some("not `Key: value`"),
        ),
    ];
    let reader = CommitReader::new(&store.repo).unwrap();
    for (body, expected) in cases {
        let shown = String::from_utf8_lossy(&body).into_owned();
        let id = odb.write(ObjectType::Commit, &body).unwrap();
        let Object::Commit(node) = reader.read(id) else {
            panic!("{shown}: read as no commit");
        };
        match (expected, &node.entry) {
            (None, entry) => {
                let (parents, record) = with_libgit2(&store, id)
                    .unwrap_or_else(|e| panic!("{shown}: libgit2 fails: {e}"));
                let mine: Vec<Oid> = node
                    .parents
                    .first
                    .into_iter()
                    .chain(node.parents.others.clone())
                    .collect();
                assert_eq!(mine, parents, "{shown}");
                let mut got = match entry {
                    Entry::Record(r) => Some(r.clone()),
                    Entry::Nothing => None,
                    Entry::Unreadable(u) => panic!("{shown}: unreadable: {}", u.reason),
                };
                // libgit2 does not check signatures; a `gpgsig` header that
                // holds no signature is one that does not hold.
                if let Some(r) = got.as_mut().filter(|_| shown.contains("gpgsig ")) {
                    assert!(matches!(r.signed, Signed::Invalid { .. }), "{shown}");
                    r.signed = Signed::No;
                }
                assert_eq!(got, record, "{shown}");
            }
            (Some(word), Entry::Unreadable(u)) => {
                assert!(u.reason.contains(word), "{shown}: {}", u.reason);
                assert_eq!(u.id, id.to_string());
                // Each names the draft of its trailers.
                if shown.contains("Duyet-Draft") {
                    assert_eq!(u.draft.as_deref(), Some("drafts/a.yaml"), "{shown}");
                }
            }
            (Some(_), _) => panic!("{shown}: read as a record"),
        }
    }
}

/// A long chain (longer than a walk's first batches) with a merge of
/// another chain in the middle: the walk gives the records in the same
/// order as libgit2 parsing each commit, and the index keeps them.
#[test]
fn a_long_walk_reads_what_libgit2_reads() {
    let (_dir, store) = new_store();
    let odb = store.repo.odb().unwrap();
    let tree = store.repo.treebuilder(None).unwrap().write().unwrap();
    let mut ids: Vec<Oid> = Vec::new();
    let commit = |parents: &[Oid], i: usize, ids: &[Oid]| -> Oid {
        let mut body = format!("tree {tree}\n");
        for p in parents {
            body.push_str(&format!("parent {p}\n"));
        }
        let reply_to = (i % 3 == 1 && ids.len() > 3).then(|| ids[ids.len() / 2].to_string());
        body.push_str(&format!(
            "author Người {i} <n{}@x> {} +0700\ncommitter A <a@b> 1 +0000\n\n{}",
            i % 9,
            1_700_000_000 + i,
            message(i, reply_to)
        ));
        odb.write(ObjectType::Commit, body.as_bytes()).unwrap()
    };
    let mut tip = commit(&[], 0, &ids);
    ids.push(tip);
    let mut side = tip;
    for i in 1..1600 {
        if i == 700 {
            // Another clone's records, merged in.
            for j in 0..300 {
                side = commit(&[side], 10_000 + j, &ids);
            }
            tip = commit(&[tip, side], i, &ids);
        } else {
            tip = commit(&[tip], i, &ids);
        }
        ids.push(tip);
    }
    store
        .repo
        .reference(REVIEWS_REF, tip, true, "test")
        .unwrap();
    let expected = walk_with_libgit2(&store, tip);
    assert!(expected.len() > 1800);
    assert_eq!(store.read_records_uncached().unwrap(), expected);
    let (records, path) = store.read_records().unwrap();
    assert_eq!((records == expected, path), (true, ReadPath::Full));
    let (records, path) = store.read_records().unwrap();
    assert_eq!((records == expected, path), (true, ReadPath::Cached));
}

#[test]
fn a_later_start_appends_only_the_new_records() {
    let (_dir, store) = new_store();
    let who = Identity {
        name: "Lê Thị Hoa".to_owned(),
        email: "hoa.lt@tanyen.example".to_owned(),
    };
    let mut append = |i: usize| {
        store.append_record(&message(i, None), &who, None).unwrap();
    };
    (0..3).for_each(&mut append);
    assert_eq!(store.read_records().unwrap().1, ReadPath::Full);
    let path = store.records_index_path();
    let first = std::fs::read(&path).unwrap();
    (3..5).for_each(&mut append);
    let (records, read) = store.read_records().unwrap();
    assert_eq!((records.len(), read), (5, ReadPath::Updated(2)));
    let second = std::fs::read(&path).unwrap();
    assert!(second.len() > first.len());
    assert_eq!(
        &second[..first.len()],
        &first[..],
        "the index grew at its end"
    );
    assert_eq!(store.read_records().unwrap().1, ReadPath::Cached);

    // Two processes appended the same new records at once: the second
    // chunk does not follow on from the first, and is skipped.
    append(5);
    store.read_records().unwrap();
    let third = std::fs::read(&path).unwrap();
    let mut twice = third.clone();
    twice.extend_from_slice(&third[second.len()..]);
    std::fs::write(&path, &twice).unwrap();
    let (records, read) = store.read_records().unwrap();
    assert_eq!(read, ReadPath::Cached);
    assert_eq!(records, store.read_records_uncached().unwrap());

    // A chunk cut short (a write interrupted): the records before it
    // still count, and the next start writes the index whole again.
    std::fs::write(&path, &third[..third.len() - 5]).unwrap();
    let (records, read) = store.read_records().unwrap();
    assert_eq!(read, ReadPath::Updated(1));
    assert_eq!(records, store.read_records_uncached().unwrap());
    let (records, read) = store.read_records().unwrap();
    assert_eq!(read, ReadPath::Cached);
    assert_eq!(records, store.read_records_uncached().unwrap());
}

fn sample(n: usize) -> Vec<ReviewRecord> {
    (0..n)
        .map(|i| ReviewRecord {
            id: if i % 97 == 5 {
                format!("không phải mã {i}")
            } else {
                format!("{i:040x}")
            },
            author_name: format!("Người {}", i % 13),
            author_email: format!("n{}@x", i % 13),
            time: Moment {
                seconds: 1_700_000_000 - i as i64 * 1_000_000,
                offset_minutes: [420, -90, 0][i % 3],
            },
            action: [
                Action::Comment,
                Action::Reply,
                Action::Resolve,
                Action::Approve,
                Action::RequestChanges,
            ][i % 5],
            draft: "drafts/a.yaml".to_owned(),
            section: format!("muc-{}", i % 31),
            revision: if i % 2 == 0 {
                String::new()
            } else {
                "ab".repeat(20)
            },
            section_hash: format!("{:064x}", i % 17),
            reply_to: (i % 4 == 1).then(|| format!("{:040x}", i / 2)),
            quote: (i % 6 == 0).then(|| format!("cụm {i}: có\nhai dòng")),
            finding: None,
            summary: format!("Góp ý {i}"),
            text: if i % 7 == 0 {
                String::new()
            } else {
                format!("Dòng một {i}.\n\n12:34 dòng hai\n")
            },
            signed: match i % 5 {
                1 | 3 => Signed::By {
                    key: format!("ssh-ed25519 AAAAkhóa{}", i % 3),
                },
                2 => Signed::Invalid {
                    why: format!("chữ ký {i} không khớp\nhai dòng"),
                },
                _ => Signed::No,
            },
        })
        .collect()
}

#[test]
fn the_index_reads_back_what_it_wrote() {
    let oid = |c: char| Oid::from_str(&c.to_string().repeat(40)).unwrap();
    for n in [0, 1, 5, 7_000] {
        let records = sample(n);
        let half = n / 2;
        let lost: Vec<UnreadableRecord> = (0..n.min(3))
            .map(|i| UnreadableRecord {
                id: format!("{i:040x}"),
                reason: format!("its author line is malformed ({i}: no e-mail)"),
                draft: (i % 2 == 0).then(|| "drafts/a.yaml".to_owned()),
            })
            .collect();
        let mut bytes = index::MAGIC.to_vec();
        index::encode_chunk(&mut bytes, None, oid('a'), &records[..half], &[]);
        let one = bytes.len();
        let loaded = index::decode(&bytes).expect("decodes");
        assert_eq!((loaded.tip, loaded.appendable), (oid('a'), true));
        assert!(loaded.records == records[..half]);
        assert!(std::str::from_utf8(&bytes).is_ok(), "the index is text");

        index::encode_chunk(
            &mut bytes,
            Some(oid('a')),
            oid('b'),
            &records[half..],
            &lost,
        );
        let loaded = index::decode(&bytes).expect("decodes");
        assert_eq!(loaded.tip, oid('b'));
        assert_eq!(loaded.tips, [oid('a'), oid('b')]);
        assert!(loaded.records == records);
        assert_eq!(loaded.unreadable, lost);

        // A chunk that does not follow on is skipped.
        let mut raced = bytes.clone();
        index::encode_chunk(
            &mut raced,
            Some(oid('a')),
            oid('c'),
            &records[..n.min(1)],
            &[],
        );
        let loaded = index::decode(&raced).expect("decodes");
        assert_eq!((loaded.tip, loaded.appendable), (oid('b'), true));
        assert!(loaded.records == records);

        // Cut short: what came before.
        let loaded = index::decode(&bytes[..bytes.len() - 1]).expect("decodes");
        assert_eq!((loaded.tip, loaded.appendable), (oid('a'), false));
        assert!(loaded.records == records[..half]);
        assert!(loaded.unreadable.is_empty());

        // Damaged anywhere in a chunk: unusable.
        for at in [index::MAGIC.len() + 30, one + 40, bytes.len() - 2] {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x01;
            assert!(index::decode(&damaged).is_none(), "damage at {at}");
        }
    }
    for garbage in [
        &b""[..],
        b"duyet-reviews-index 4\n",
        b"duyet-reviews-index 3\n12 0123456789abcdef\n",
        b"{\"version\":1}",
        b"\xff\xfe",
    ] {
        assert!(index::decode(garbage).is_none());
    }
}

/// An index rewritten by someone who knows its format (its hashes made
/// anew) to count what git does not hold is not believed: what it says
/// about the records that decide a section's state is checked against
/// git, and the records are read from git again.
#[test]
fn a_forged_index_does_not_count_what_git_does_not_hold() {
    let (_dir, store) = new_store();
    let who = |i: usize| Identity {
        name: format!("Người {}", i % 3),
        email: format!("n{}@x", i % 3),
    };
    let mut ids = Vec::new();
    for i in 0..12 {
        ids.push(
            store
                .append_record(&message(i, None), &who(i), None)
                .unwrap(),
        );
    }
    // A withdrawal of the approval of record 2 (by the same person).
    let withdraw = NewRecord {
        action: Action::Withdraw,
        draft: "drafts/a.yaml".to_owned(),
        section: "muc-2".to_owned(),
        revision: "ab".repeat(20),
        section_hash: "cd".repeat(32),
        reply_to: Some(ids[2].to_string()),
        quote: None,
        finding: None,
        text: String::new(),
    };
    store
        .append_record(&withdraw.message("Rút lại"), &who(2), None)
        .unwrap();
    let full = store.review_log_uncached().unwrap();
    assert_eq!(store.read_records().unwrap().1, ReadPath::Full);
    let path = store.records_index_path();
    let good = index::decode(&std::fs::read(&path).unwrap()).unwrap();
    let approvals: Vec<usize> = (0..good.records.len())
        .filter(|&i| good.records[i].action == Action::Approve)
        .collect();
    let last_approval = *approvals.last().unwrap();
    let comment = good
        .records
        .iter()
        .position(|r| r.action == Action::Comment)
        .unwrap();
    let forge = |what: &str, tip: Oid, edit: &dyn Fn(&mut Vec<ReviewRecord>)| {
        let mut records = good.records.clone();
        edit(&mut records);
        let mut bytes = index::MAGIC.to_vec();
        index::encode_chunk(&mut bytes, None, tip, &records, &good.unreadable);
        assert!(
            index::decode(&bytes).is_some(),
            "{what}: the forged file decodes"
        );
        std::fs::write(&path, &bytes).unwrap();
        let log = store.review_log().unwrap();
        assert_eq!(
            log.path,
            ReadPath::Full,
            "{what}: the forged index was believed"
        );
        assert_eq!(
            (&log.records, &log.unreadable),
            (&full.records, &full.unreadable),
            "{what}"
        );
        assert_eq!(store.review_log().unwrap().path, ReadPath::Cached, "{what}");
    };
    forge("an approval in no commit", good.tip, &|records| {
        let mut fake = records[last_approval].clone();
        fake.id = "f".repeat(40);
        fake.author_email = "n9@x".to_owned();
        records.push(fake);
    });
    forge("an approval's author changed", good.tip, &|records| {
        records[last_approval].author_email = "n9@x".to_owned();
    });
    forge(
        "an approval moved to another section",
        good.tip,
        &|records| {
            records[last_approval].section = "muc-6".to_owned();
        },
    );
    forge(
        "an approval given another commit's id",
        good.tip,
        &|records| {
            records[last_approval].id = records[comment].id.clone();
        },
    );
    forge("a comment made an approval", good.tip, &|records| {
        records[comment].action = Action::Approve;
    });
    forge("a withdrawal in no commit", good.tip, &|records| {
        let mut fake = records.last().unwrap().clone();
        fake.id = "e".repeat(40);
        fake.reply_to = Some(records[approvals[0]].id.clone());
        fake.author_email = records[approvals[0]].author_email.clone();
        records.push(fake);
    });
    forge(
        "read up to no commit",
        Oid::from_str(&"d".repeat(40)).unwrap(),
        &|_| {},
    );
}

/// A header that claims more than its bytes could hold asks for no
/// memory: the file is unusable, at once.
#[test]
fn an_index_that_claims_too_much_is_unusable() {
    use sha2::{Digest, Sha256};
    let tip = "a".repeat(40);
    for header in [
        format!("- {tip} 999999999999 0 0 0\n"),
        format!("- {tip} 5 999999999999 0 0\n"),
        format!("- {tip} 5 0 999999999999 0\n"),
        format!("- {tip} 5 0 0 999999999999\n"),
        format!(
            "- {tip} 999999999999 0 1 0\n10 999999999999 {}\n",
            "0".repeat(64)
        ),
        format!(
            "- {tip} 18446744073709551615 0 2 0\n1 18446744073709551615 {z}\n1 5 {z}\n",
            z = "0".repeat(64)
        ),
    ] {
        let hash: String = Sha256::digest(header.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let mut bytes = index::MAGIC.to_vec();
        bytes.extend_from_slice(format!("{} {hash}\n{header}0123456789", header.len()).as_bytes());
        assert!(index::decode(&bytes).is_none(), "{header}");
    }
}

/// Record commits written straight to the object database (loose): a
/// chain of `n` on `parent`, numbered from `from`; its tip.
fn record_chain(store: &Store, parent: Option<Oid>, from: usize, n: usize) -> Oid {
    let odb = store.repo.odb().unwrap();
    let tree = store.repo.treebuilder(None).unwrap().write().unwrap();
    let mut tip = parent;
    for i in from..from + n {
        let mut body = format!("tree {tree}\n");
        if let Some(p) = tip {
            body.push_str(&format!("parent {p}\n"));
        }
        let reply_to = (i % 3 == 1).then(|| tip.map(|t| t.to_string())).flatten();
        body.push_str(&format!(
            "author Người {i} <n{}@x> {} +0700\ncommitter A <a@b> 1 +0000\n\n{}",
            i % 9,
            1_700_000_000 + i,
            message(i, reply_to)
        ));
        tip = Some(odb.write(ObjectType::Commit, body.as_bytes()).unwrap());
    }
    store
        .repo
        .reference(REVIEWS_REF, tip.unwrap(), true, "test")
        .unwrap();
    tip.unwrap()
}

/// Runs git in `dir` with no configuration but its own.
fn git(dir: &std::path::Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// For each commit in the repository's packs, whether it is stored as a
/// delta (`git verify-pack -v`).
fn packed_commits(dir: &std::path::Path) -> Vec<bool> {
    let pack = dir.join(".git/objects/pack");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&pack).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "idx") {
            let listing = git(dir, &["verify-pack", "-v", path.to_str().unwrap()]);
            for line in listing.lines() {
                let fields: Vec<&str> = line.split_whitespace().collect();
                if fields.get(1) == Some(&"commit") {
                    out.push(fields.len() >= 7);
                }
            }
        }
    }
    out
}

/// Everything a full read gives, and how many of its commits the walk took
/// from those read ahead.
fn full_read(store: &Store) -> (super::ReviewLog, usize) {
    let tips = store.review_tips().unwrap();
    let walked = store
        .walk_records(&store.union_tips(tips).unwrap())
        .unwrap();
    (store.review_log_uncached().unwrap(), walked.read_ahead)
}

/// Records packed by git (one pack, then a second, then loose ones on top,
/// a merge of two chains among them) are read ahead from the packs once the
/// walk has read `READ_AHEAD_AFTER` (1 024) through libgit2, and the
/// walk gives exactly what it gives reading every commit through libgit2;
/// so it does when git stores the commits as deltas of each other.
#[test]
fn records_read_ahead_from_packs_are_what_libgit2_reads() {
    let (dir, store) = new_store();
    let side = record_chain(&store, None, 20_000, 300);
    let main = record_chain(&store, None, 0, 5000);
    // The two chains merged, as two clones' records are.
    let odb = store.repo.odb().unwrap();
    let tree = store.repo.treebuilder(None).unwrap().write().unwrap();
    let merge = format!(
        "tree {tree}\nparent {main}\nparent {side}\nauthor A <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\nHợp nhất\n"
    );
    let merge = odb.write(ObjectType::Commit, merge.as_bytes()).unwrap();
    let top = record_chain(&store, Some(merge), 6000, 100);
    let loose = super::ahead::without(|| store.review_log_uncached().unwrap());
    assert!(loose.records.len() > 5000);
    assert_eq!(full_read(&store), (loose.clone(), 0), "nothing packed yet");

    // Records this alike git stores as deltas of each other: first
    // without, then with.
    git(
        dir.path(),
        &["repack", "-a", "-d", "-f", "-q", "--window=0"],
    );
    assert!(!packed_commits(dir.path()).contains(&true));
    let (packed, ahead) = full_read(&store);
    assert_eq!(packed, loose);
    assert!(ahead > 4000, "{ahead} commits taken from those read ahead");
    git(dir.path(), &["repack", "-a", "-d", "-f", "-q"]);
    assert!(
        packed_commits(dir.path())
            .iter()
            .filter(|&&delta| delta)
            .count()
            > 5000
    );
    let (packed, ahead) = full_read(&store);
    assert_eq!(packed, loose);
    assert!(ahead > 4000, "{ahead} commits rebuilt from deltas");
    git(
        dir.path(),
        &["repack", "-a", "-d", "-f", "-q", "--window=0"],
    );

    // More records on top: a second pack, then loose ones.
    let tip = record_chain(&store, Some(top), 7000, 700);
    git(dir.path(), &["repack", "-d", "-q", "--window=0"]);
    let tip = record_chain(&store, Some(tip), 8000, 50);
    let expected = super::ahead::without(|| store.review_log_uncached().unwrap());
    assert_eq!(
        expected.records.last().map(|r| r.id.clone()),
        Some(hex(tip))
    );
    let (read, ahead) = full_read(&store);
    assert_eq!(read, expected);
    assert!(ahead > 5000, "{ahead} commits read ahead from two packs");
}

/// A pack or pack index that is damaged, or that lies, changes nothing:
/// what is read ahead is only what hashes to its id, the rest is read
/// through libgit2, which says what is wrong with it.
#[test]
fn a_damaged_or_lying_pack_reads_as_libgit2_reads_it() {
    damaged_pack_reads_as_libgit2_reads_it("--window=0");
    // The commits stored as deltas of each other.
    damaged_pack_reads_as_libgit2_reads_it("--window=10");
}

fn damaged_pack_reads_as_libgit2_reads_it(window: &str) {
    let (dir, store) = new_store();
    record_chain(&store, None, 0, 1500);
    git(dir.path(), &["repack", "-a", "-d", "-q", window]);
    drop(store);
    let pack_dir = dir.path().join(".git/objects/pack");
    let file = |ext: &str| {
        std::fs::read_dir(&pack_dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == ext))
            .unwrap()
    };
    let (pack, idx) = (file("pack"), file("idx"));
    // A commit in the middle of the pack: its offset.
    let listing = git(dir.path(), &["verify-pack", "-v", idx.to_str().unwrap()]);
    let offsets: Vec<usize> = listing
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f.get(1) == Some(&"commit")).then(|| f[4].parse().unwrap())
        })
        .collect();
    let middle = offsets[offsets.len() / 2];
    let count = offsets.len();
    type Damage = Box<dyn Fn(&mut Vec<u8>, &mut Vec<u8>)>;
    let damages: Vec<(&str, Damage)> = vec![
        (
            "a byte of a commit's data changed",
            Box::new(move |pack, _| pack[middle + 12] ^= 0x40),
        ),
        (
            "a commit's size changed",
            Box::new(move |pack, _| pack[middle] ^= 0x01),
        ),
        (
            "two objects' offsets swapped in the index",
            Box::new(move |_, idx| {
                let offsets = 8 + 256 * 4 + count * 24;
                let (a, b) = (offsets + 4 * 10, offsets + 4 * 11);
                for i in 0..4 {
                    idx.swap(a + i, b + i);
                }
            }),
        ),
        (
            "the index cut short",
            Box::new(|_, idx| idx.truncate(idx.len() / 2)),
        ),
        (
            "the pack's count changed",
            Box::new(|pack, _| pack[11] ^= 0x01),
        ),
        (
            "the pack cut short",
            Box::new(move |pack, _| pack.truncate(middle + 40)),
        ),
    ];
    let (pack_bytes, idx_bytes) = (std::fs::read(&pack).unwrap(), std::fs::read(&idx).unwrap());
    let store = Store::open(Some(dir.path())).unwrap();
    let undamaged = format!("{:?}", store.review_log_uncached());
    drop(store);
    for (what, damage) in damages {
        let (mut p, mut i) = (pack_bytes.clone(), idx_bytes.clone());
        damage(&mut p, &mut i);
        for (path, bytes) in [(&pack, &p), (&idx, &i)] {
            let _ = std::fs::remove_file(path);
            std::fs::write(path, bytes).unwrap();
        }
        // Each time a repository opened anew (libgit2 keeps packs open).
        let store = Store::open(Some(dir.path())).unwrap();
        let reference = super::ahead::without(|| format!("{:?}", store.review_log_uncached()));
        let store = Store::open(Some(dir.path())).unwrap();
        let read = format!("{:?}", store.review_log_uncached());
        assert!(
            read == reference,
            "{what} ({window}): not what libgit2 reads"
        );
        // (Each damage is one libgit2 sees: the read is not what it was.)
        assert_ne!(reference, undamaged, "{what} ({window})");
    }
}
