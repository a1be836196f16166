//! Many people writing review records at once: 8 writers × 50 records, as
//! separate processes of the real binary and as threads with their own
//! `Store`. Every record must land exactly once, the history must stay a
//! clean chain that `git fsck` accepts, and readers running meanwhile must
//! only ever see a prefix of the final log.

mod common;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::{REVIEW_DRAFT, ReviewRepo, dung, hang, hoa, review_repo, son, thang};
use duyet::core::Identity;
use duyet::core::review::{Action, NewRecord, ReviewRecord};
use duyet::store::Store;

const WRITERS: usize = 8;
const PER_WRITER: usize = 50;
const SECTIONS: [&str; 3] = ["thu-ngan-sach", "dau-tu-cong", "giao-duc"];

fn writer_identity(w: usize) -> Identity {
    [hoa(), dung(), thang(), hang(), son()][w % 5].clone()
}

fn text_of(w: usize, i: usize) -> String {
    format!("Ý kiến của người viết {w}, lần {i}: số liệu cần đối chiếu.")
}

/// Checks the final state: exactly `WRITERS × PER_WRITER` records, one per
/// text, a linear chain, the index equal to the log, and `git fsck` clean.
fn check_final(r: &ReviewRepo, ids: &HashSet<String>) {
    let total = WRITERS * PER_WRITER;
    assert_eq!(r.record_count(), total, "git rev-list --count");
    assert_eq!(
        r.git_ok(&[
            "rev-list",
            "--count",
            "--min-parents=2",
            "refs/duyet/reviews"
        ])
        .trim(),
        "0",
        "no merge commits: every record was re-parented, not merged"
    );
    let store = r.store();
    let records = store.read_records_uncached().unwrap();
    assert_eq!(records.len(), total, "every commit parses as a record");
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for rec in &records {
        assert_eq!(rec.action, Action::Comment);
        assert_eq!(rec.draft, REVIEW_DRAFT);
        *seen.entry(rec.text.as_str()).or_default() += 1;
    }
    for w in 0..WRITERS {
        for i in 0..PER_WRITER {
            let t = text_of(w, i);
            assert_eq!(
                seen.get(t.as_str()),
                Some(&1),
                "`{t}` must be there exactly once"
            );
        }
    }
    // Each writer's records are in the order it wrote them.
    for w in 0..WRITERS {
        let prefix = format!("người viết {w},");
        let mine: Vec<&ReviewRecord> = records
            .iter()
            .filter(|r| r.text.contains(&prefix))
            .collect();
        for (i, rec) in mine.iter().enumerate() {
            assert_eq!(rec.text, text_of(w, i));
        }
    }
    let record_ids: HashSet<String> = records.iter().map(|r| r.id.clone()).collect();
    assert_eq!(
        &record_ids, ids,
        "the ids the writers got are the ids in the log"
    );
    let (cached, _) = store.read_records().unwrap();
    assert_eq!(cached, records, "the index equals the log");

    let out = r
        .git()
        .args(["fsck", "--full", "--strict", "--no-progress"])
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "git fsck failed:\n{report}");
    for bad in ["error", "missing", "broken", "corrupt", "invalid"] {
        assert!(
            !report.to_lowercase().contains(bad),
            "git fsck reports `{bad}`:\n{report}"
        );
    }
    // Commits left by lost races are unreachable, never on the ref.
    let dangling = report
        .lines()
        .filter(|l| l.starts_with("dangling commit"))
        .count();
    eprintln!("git fsck: clean; {dangling} dangling commit(s) from retried races");
}

#[test]
fn eight_processes_write_fifty_records_each() {
    let r = Arc::new(review_repo());
    // One record first, so every writer starts from an existing ref too.
    let start = Instant::now();
    let go = Arc::new(std::sync::Barrier::new(WRITERS));
    let writing = Arc::new(AtomicBool::new(true));
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let r = Arc::clone(&r);
            let go = Arc::clone(&go);
            std::thread::spawn(move || {
                let who = writer_identity(w);
                go.wait();
                let mut ids = Vec::new();
                for i in 0..PER_WRITER {
                    let section = SECTIONS[(w + i) % SECTIONS.len()];
                    let out = r.duyet_as(
                        Some(&who),
                        &["comment", "bao-cao", section, "-m", &text_of(w, i)],
                    );
                    assert!(
                        out.status.success(),
                        "writer {w}, record {i}: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    ids.push(String::from_utf8(out.stdout).unwrap().trim().to_owned());
                }
                ids
            })
        })
        .collect();
    // A reader process meanwhile (it also rewrites the index while others write).
    let reader = {
        let r = Arc::clone(&r);
        let writing = Arc::clone(&writing);
        std::thread::spawn(move || {
            let mut last = 0;
            let mut reads = 0;
            while writing.load(Ordering::Relaxed) {
                let out = r.duyet_as(None, &["log", "bao-cao", "--json"]);
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                let n = v["records"].as_array().unwrap().len();
                assert!(n >= last, "records went from {last} to {n}");
                last = n;
                reads += 1;
            }
            reads
        })
    };
    let mut ids = HashSet::new();
    for w in writers {
        for id in w.join().expect("a writer failed") {
            assert!(ids.insert(id), "an id was printed twice");
        }
    }
    let elapsed = start.elapsed();
    writing.store(false, Ordering::Relaxed);
    let reads = reader.join().expect("the reader failed");
    let total = WRITERS * PER_WRITER;
    eprintln!(
        "{total} records by {WRITERS} concurrent processes in {:.2} s ({:.1} ms per record, wall; {reads} concurrent `duyet log` reads)",
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1000.0 / total as f64
    );
    check_final(&r, &ids);
    assert!(
        elapsed < Duration::from_secs(120),
        "400 processes took {elapsed:?}"
    );
}

#[test]
fn eight_threads_append_fifty_records_each_through_their_own_store() {
    let r = Arc::new(review_repo());
    let main = r.store().resolve("main").unwrap().to_string();
    let go = Arc::new(std::sync::Barrier::new(WRITERS + 2));
    let writing = Arc::new(AtomicBool::new(true));
    let start = Instant::now();
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let (r, go, main) = (Arc::clone(&r), Arc::clone(&go), main.clone());
            std::thread::spawn(move || {
                let store = Store::open(Some(&r.repo)).unwrap();
                let who = writer_identity(w);
                go.wait();
                (0..PER_WRITER)
                    .map(|i| {
                        let record = NewRecord {
                            action: Action::Comment,
                            draft: REVIEW_DRAFT.to_owned(),
                            section: SECTIONS[(w + i) % SECTIONS.len()].to_owned(),
                            revision: main.clone(),
                            section_hash: "0".repeat(64),
                            reply_to: None,
                            quote: None,
                            finding: None,
                            text: text_of(w, i),
                        };
                        store
                            .append_record(&record.message(&format!("Góp ý {w}-{i}")), &who, None)
                            .unwrap_or_else(|e| panic!("writer {w}, record {i}: {e}"))
                            .to_string()
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    // Two readers in the same process, sharing the index file.
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let (r, go, writing) = (Arc::clone(&r), Arc::clone(&go), Arc::clone(&writing));
            std::thread::spawn(move || {
                let store = Store::open(Some(&r.repo)).unwrap();
                go.wait();
                let mut reads = 0;
                while writing.load(Ordering::Relaxed) {
                    let (seen, _) = store.read_records().unwrap();
                    let later = store.read_records_uncached().unwrap();
                    assert!(
                        later.len() >= seen.len() && later[..seen.len()] == seen[..],
                        "a read ({} records) is not a prefix of the log ({})",
                        seen.len(),
                        later.len()
                    );
                    reads += 1;
                }
                reads
            })
        })
        .collect();
    let mut ids = HashSet::new();
    for w in writers {
        for id in w.join().expect("a writer failed") {
            assert!(ids.insert(id), "an id was returned twice");
        }
    }
    let elapsed = start.elapsed();
    writing.store(false, Ordering::Relaxed);
    let reads: usize = readers
        .into_iter()
        .map(|h| h.join().expect("a reader failed"))
        .sum();
    eprintln!(
        "{} records by {WRITERS} threads in {:.2} s ({reads} concurrent reads)",
        WRITERS * PER_WRITER,
        elapsed.as_secs_f64()
    );
    check_final(&r, &ids);
}

/// The first record creates the ref. Creating it must be a compare-and-swap
/// too ("must not exist yet", checked under the lock): with a plain
/// create-if-missing, two first writers both succeeded and one record was
/// lost. Many rounds of eight writers racing for the very first record.
#[test]
fn writers_racing_for_the_first_record_lose_nothing() {
    for round in 0..25 {
        let tmp = tempfile::TempDir::new().unwrap();
        Store::init(tmp.path()).unwrap();
        let go = Arc::new(std::sync::Barrier::new(WRITERS));
        let writers: Vec<_> = (0..WRITERS)
            .map(|w| {
                let (dir, go) = (tmp.path().to_path_buf(), Arc::clone(&go));
                std::thread::spawn(move || {
                    let store = Store::open(Some(&dir)).unwrap();
                    go.wait();
                    store
                        .append_record(
                            &format!("Ghi {w}\n\nDuyet-Action: comment\n"),
                            &writer_identity(w),
                            None,
                        )
                        .unwrap()
                })
            })
            .collect();
        for w in writers {
            w.join().unwrap();
        }
        let out = std::process::Command::new("git")
            .args(["rev-list", "--count", "refs/duyet/reviews"])
            .current_dir(tmp.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", tmp.path())
            .output()
            .unwrap();
        let count: usize = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
        assert_eq!(count, WRITERS, "round {round}: records on the ref");
    }
}
