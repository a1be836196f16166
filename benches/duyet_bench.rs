//! `cargo bench`: how duyet copes with a large draft and a long history.
//!
//! Builds, deterministically (a fixed LCG, fixed authors and dates), a draft of
//! 222 sections in three levels (I / 1 / a) with Vietnamese text, well over
//! 500 KB of canonical YAML, and a repository with more than 100 revisions of
//! it on `main` and five `dept/*` branches. Then it measures, in one run:
//!
//! - reading and parsing one revision (and parsing only);
//! - matching and diffing all sections between two revisions, against
//!   `git diff --word-diff=porcelain` on the same two revisions;
//! - drawing one frame of the review screen at 80×24 (TestBackend);
//! - the time to the first frame and to the first useful frame.
//!
//! It prints a table of figures and how each compares to its target; it
//! asserts nothing about time (a loaded CI machine must not fail the build).

#[path = "common/mod.rs"]
mod common;

use std::cell::RefCell;
use std::hint::black_box;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use duyet::core::config::Config;
use duyet::core::load::{MAX_DRAFT_BYTES, decode, parse_yaml};
use duyet::core::review::{REVIEWS_REF, fold};
use duyet::core::yaml::write_draft;
use duyet::core::{Draft, Identity, diff_drafts, load_draft};
use duyet::ops::review as review_ops;
use duyet::store::{ReadPath, Store};
use duyet::tui::app::{App, Job, Loadable, Msg};
use duyet::tui::keys::Action as Key;
use duyet::tui::theme::Theme;
use duyet::tui::update::{Effect, update};
use duyet::tui::view::draw;
use duyet::tui::{Lang, open_inline, worker};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use common::{
    DRAFT_PATH, HistorySpec, RecordGen, TOPICS, WORDS, build_history, git_output, import_records,
    people, run_git,
};

/// Sections of the draft (6 × 6 × 5).
const SECTIONS: usize = 222;
/// Revisions on `main` after the first one (so `main~100` is the first).
const MAIN_REVISIONS: usize = 100;
/// Department branches, each forked from an older `main` with a few revisions.
const DEPT_BRANCHES: &[(&str, usize)] = &[
    ("phong-giao-duc", 30),
    ("phong-kinh-te", 12),
    ("phong-nong-nghiep", 45),
    ("phong-tai-chinh", 5),
    ("phong-y-te", 60),
];
const DEPT_REVISIONS: usize = 4;
/// The screen size every officer has over SSH.
const SCREEN: (u16, u16) = (80, 24);
/// "Within a few hundred milliseconds": the bar for the first useful frame.
const FIRST_USEFUL_FRAME_TARGET: Duration = Duration::from_millis(300);
/// The loading frame must come at once: well under one screen refresh of a
/// slow SSH link.
const FIRST_FRAME_TARGET: Duration = Duration::from_millis(50);

// ---------------------------------------------------------------------------
// The repository
// ---------------------------------------------------------------------------

struct Fixture {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    first: Draft,
    yaml_bytes: usize,
    sections: usize,
    footnotes: usize,
    commits: usize,
    build_time: Duration,
}

fn build_repository() -> Fixture {
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().to_path_buf();
    let store = Store::init(&path).expect("git init");
    let built = build_history(
        &store,
        &HistorySpec {
            sections: SECTIONS,
            paragraphs: 6,
            main_revisions: MAIN_REVISIONS,
            branches: DEPT_BRANCHES,
            dept_revisions: DEPT_REVISIONS,
        },
    );
    assert!(built.sections >= 200, "only {} sections", built.sections);
    assert!(
        built.yaml_bytes >= 500 * 1024,
        "only {} bytes",
        built.yaml_bytes
    );
    Fixture {
        _dir: dir,
        path,
        yaml_bytes: built.yaml_bytes,
        sections: built.sections,
        footnotes: built.footnotes,
        first: built.first,
        commits: built.commits,
        build_time: started.elapsed(),
    }
}

// ---------------------------------------------------------------------------
// Review records
// ---------------------------------------------------------------------------

/// Sizes of `refs/duyet/reviews` in section g, to show how each figure grows.
const RECORD_COUNTS: [usize; 3] = [5_000, 20_000, 50_000];
/// Records written by others between two starts (ReadPath::Updated).
const NEW_RECORDS: usize = 100;
/// "Within tens of milliseconds": the state on a later start, from the index.
const CACHED_TARGET: Duration = Duration::from_millis(100);

fn remove_quietly(path: &Path) {
    let _ = std::fs::remove_file(path);
}

/// A task for `measure_rounds_prepared`: an untimed setup, then the timed part.
type Prepared<'a> = (&'a mut dyn FnMut(), &'a mut dyn FnMut());

/// Like `measure_rounds`, but each task has an untimed setup run before it.
fn measure_rounds_prepared(rounds: usize, tasks: &mut [Prepared<'_>]) -> Vec<Stats> {
    for (setup, t) in tasks.iter_mut() {
        setup();
        t();
    }
    let mut times: Vec<Vec<Duration>> = vec![Vec::with_capacity(rounds); tasks.len()];
    for _ in 0..rounds {
        for ((setup, t), out) in tasks.iter_mut().zip(&mut times) {
            setup();
            let start = Instant::now();
            t();
            out.push(start.elapsed());
        }
    }
    times.into_iter().map(summarise).collect()
}

/// One size's figures, for the growth table.
struct RecordFigures {
    count: usize,
    git_log: Duration,
    full_read: Duration,
    full_status: Duration,
    cached_read: Duration,
    cached_status: Duration,
    updated_read: Duration,
    fold: Duration,
    approve: Duration,
    comment: Duration,
    index_bytes: u64,
}

fn per_record_us(small: Duration, large: Duration, records: usize) -> f64 {
    (large.as_secs_f64() - small.as_secs_f64()) * 1e6 / records as f64
}

// ---------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------

#[derive(Clone, Copy)]
struct Stats {
    median: Duration,
    min: Duration,
    runs: usize,
}

/// Runs `f` once to warm up, then `runs` times; the median and the minimum.
fn measure<T>(runs: usize, mut f: impl FnMut() -> T) -> Stats {
    black_box(f());
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    Stats {
        median: times[times.len() / 2],
        min: times[0],
        runs,
    }
}

/// Like `measure`, but what `f` returns is dropped after the timing (as a
/// process that exits does not free it).
fn measure_keep<T>(runs: usize, mut f: impl FnMut() -> T) -> Stats {
    drop(black_box(f()));
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let kept = black_box(f());
        times.push(start.elapsed());
        drop(kept);
    }
    summarise(times)
}

/// Runs every task once per round (after one warm-up round), `rounds`
/// times, so that noise from other processes hits all of them alike.
fn measure_rounds(rounds: usize, tasks: &mut [&mut dyn FnMut()]) -> Vec<Stats> {
    for t in tasks.iter_mut() {
        t();
    }
    let mut times: Vec<Vec<Duration>> = vec![Vec::with_capacity(rounds); tasks.len()];
    for _ in 0..rounds {
        for (t, out) in tasks.iter_mut().zip(&mut times) {
            let start = Instant::now();
            t();
            out.push(start.elapsed());
        }
    }
    times
        .into_iter()
        .map(|mut v| {
            v.sort();
            Stats {
                median: v[v.len() / 2],
                min: v[0],
                runs: rounds,
            }
        })
        .collect()
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms < 1.0 {
        format!("{ms:.4} ms")
    } else {
        format!("{ms:.2} ms")
    }
}

fn row(label: &str, s: Stats) {
    println!(
        "  {label:<54} {:>12} {:>12} {:>5}",
        ms(s.median),
        ms(s.min),
        s.runs
    );
}

fn heading(title: &str) {
    println!();
    println!("{title}");
    println!("  {:<54} {:>12} {:>12} {:>5}", "", "median", "min", "runs");
}

struct Verdict {
    text: String,
    met: bool,
}

fn ratio_verdict(what: &str, ours: Duration, theirs: Duration, against: &str) -> Verdict {
    let ratio = ours.as_secs_f64() / theirs.as_secs_f64();
    let met = ratio <= 1.0;
    Verdict {
        text: format!(
            "{what}: {} vs {against} {} → ratio {ratio:.2} (target ≤ 1)",
            ms(ours),
            ms(theirs)
        ),
        met,
    }
}

fn bound_verdict(what: &str, ours: Duration, target: Duration) -> Verdict {
    Verdict {
        text: format!("{what}: {} (target ≤ {})", ms(ours), ms(target)),
        met: ours <= target,
    }
}

/// How long `tui::event_loop` waits for a key before looking at worker events.
const EVENT_LOOP_POLL: Duration = Duration::from_millis(40);

/// Starts the screen as `tui::run` does, with a worker thread, `runs` times
/// (calling `before_each` first, untimed): when the loading frame was drawn,
/// when the first frame showing the comparison was, and when the review
/// state was shown too. With `poll`, worker events are only looked at after
/// waiting that long for a key that never comes, as the event loop does.
fn first_frames(
    repo: &Path,
    me: &Identity,
    theme: &Theme,
    poll: Option<Duration>,
    runs: usize,
    before_each: &mut dyn FnMut(),
) -> [Stats; 3] {
    let mut first = Vec::new();
    let mut useful = Vec::new();
    let mut complete = Vec::new();
    for _ in 0..runs {
        before_each();
        let start = Instant::now();
        let (job_tx, job_rx) = mpsc::channel::<Job>();
        let (event_tx, event_rx) = mpsc::channel::<duyet::tui::Update>();
        let path = repo.to_path_buf();
        let who = Some(me.clone());
        let handle = std::thread::spawn(move || worker::run(path, who, job_rx, event_tx));
        let mut app = App::new(Lang::Vi, SCREEN);
        let mut t = new_terminal();
        t.draw(|f| draw(f, &app, theme)).expect("draw");
        first.push(start.elapsed());
        let mut diff_shown = false;
        while !diff_shown || matches!(app.review.records, Loadable::Loading) {
            let events: Vec<duyet::tui::Update> = match poll {
                None => vec![
                    event_rx
                        .recv_timeout(Duration::from_secs(30))
                        .expect("the worker answers"),
                ],
                Some(wait) => {
                    std::thread::sleep(wait);
                    event_rx.try_iter().collect()
                }
            };
            let events = events.into_iter().filter_map(|u| match u {
                duyet::tui::Update::Worker(e) => Some(e),
                duyet::tui::Update::Refs(_) => None,
                duyet::tui::Update::Panicked(m) => panic!("the worker panicked: {m}"),
            });
            let mut dirty = false;
            for event in events {
                dirty = true;
                // Only the jobs: the event loop's other effects (unsent
                // text, $EDITOR) are not what is measured.
                for effect in update(&mut app, Msg::Worker(event)) {
                    if let Effect::Job(job) = effect {
                        job_tx.send(job).expect("worker alive");
                    }
                }
            }
            if dirty {
                t.draw(|f| draw(f, &app, theme)).expect("draw");
                if !diff_shown && app.review.comparison.ready().is_some() {
                    diff_shown = true;
                    useful.push(start.elapsed());
                    assert!(!screen_text(&t).contains("Đang tải"));
                }
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "the screen never loaded"
            );
        }
        complete.push(start.elapsed());
        // The last frame drawn shows the review badges in the outline.
        let shown = screen_text(&t);
        assert!(
            app.review.records.ready().is_some() && shown.contains(['✓', '≈', '✗', '•']),
            "the review state is drawn:\n{shown}"
        );
        drop(job_tx);
        handle.join().expect("worker thread");
    }
    [summarise(first), summarise(useful), summarise(complete)]
}

fn summarise(mut v: Vec<Duration>) -> Stats {
    v.sort();
    Stats {
        median: v[v.len() / 2],
        min: v[0],
        runs: v.len(),
    }
}

fn new_terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(SCREEN.0, SCREEN.1)).expect("test terminal")
}

/// The screen as text, to check a frame really shows what it claims.
fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

fn main() {
    // SAFETY: nothing else runs yet (no other thread exists), and the only
    // readers are git subprocesses and libgit2 started after this point.
    unsafe {
        std::env::set_var("GIT_CONFIG_GLOBAL", "/dev/null");
        std::env::set_var("GIT_CONFIG_NOSYSTEM", "1");
    }
    // `cargo bench` passes `--bench`; a filter argument has no meaning here.
    let total = Instant::now();
    for w in WORDS.iter().chain(TOPICS) {
        assert_eq!(duyet::core::text::nfc(w), *w, "word list must be NFC");
    }

    let fx = build_repository();
    let repo = fx.path.as_path();
    let store = Store::open(Some(repo)).expect("open the repository");
    let me = people()[0].clone();
    let theme = Theme::builtin(false);

    let head = store.resolve("main").expect("main").to_string();
    let far = store
        .resolve(&format!("main~{MAIN_REVISIONS}"))
        .expect("first revision")
        .to_string();
    let near = store.resolve("main~1").expect("main~1").to_string();

    println!(
        "duyet benchmark — {} cores",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!();
    println!("Data");
    println!(
        "  draft {DRAFT_PATH}: {} bytes of YAML ({:.0} KB, {:.1}% of the {} MiB limit)",
        fx.yaml_bytes,
        fx.yaml_bytes as f64 / 1024.0,
        100.0 * fx.yaml_bytes as f64 / MAX_DRAFT_BYTES as f64,
        MAX_DRAFT_BYTES / (1024 * 1024)
    );
    let words: usize = fx
        .first
        .outline()
        .iter()
        .map(|p| duyet::core::text::count_words(&p.section.body))
        .sum();
    println!(
        "  {} sections in 3 levels, {} footnotes, {words} words of body text",
        fx.sections, fx.footnotes
    );
    println!(
        "  repository: {} commits, all revisions of the draft ({} on main, {} branches dept/* × {DEPT_REVISIONS}); built in {}",
        fx.commits,
        MAIN_REVISIONS + 1,
        DEPT_BRANCHES.len(),
        ms(fx.build_time)
    );
    let mut distinct = std::collections::HashSet::new();
    for branch in std::iter::once("main".to_owned())
        .chain(DEPT_BRANCHES.iter().map(|(d, _)| format!("dept/{d}")))
    {
        let list = store
            .revisions(&branch, DRAFT_PATH, 1_000)
            .expect("revisions");
        distinct.extend(list.into_iter().map(|r| r.id));
    }
    println!(
        "  store.revisions finds {} distinct revisions of the draft",
        distinct.len()
    );
    assert_eq!(distinct.len(), fx.commits, "every commit is a revision");
    assert!(distinct.len() >= 100);

    // Figures printed at the end against their targets.
    let mut verdicts: Vec<Verdict> = Vec::new();

    // --- a. read and parse ------------------------------------------------
    heading("a. Reading one revision (draft of main)");
    let main_id = store.resolve("main").expect("main");
    let bytes = store
        .read_file(main_id, DRAFT_PATH)
        .expect("read")
        .expect("draft exists");
    let read_blob = measure(30, || store.read_file(main_id, DRAFT_PATH).expect("read"));
    row("read the blob from git (libgit2, no parse)", read_blob);
    let parse = measure(15, || load_draft(DRAFT_PATH, &bytes).expect("valid"));
    row("parse + check only (load_draft on bytes)", parse);
    // The steps of load_draft, to see where parsing goes.
    let decoding = measure(15, || {
        decode(DRAFT_PATH, &bytes, MAX_DRAFT_BYTES).map(str::len)
    });
    row("  of which: decode (size, UTF-8, no tabs)", decoding);
    let src = decode(DRAFT_PATH, &bytes, MAX_DRAFT_BYTES).expect("decodes");
    let yaml_only = measure(15, || parse_yaml::<Draft>(DRAFT_PATH, src).expect("parses"));
    row("  of which: YAML → Draft (serde_yaml)", yaml_only);
    let raw: Draft = parse_yaml(DRAFT_PATH, src).expect("parses");
    let normalize = measure(15, || {
        let mut d = raw.clone();
        d.normalize();
        d
    });
    let clone = measure(15, || raw.clone());
    row(
        "  of which: normalize (NFC, paragraphs) + a clone",
        normalize,
    );
    row("  (the clone alone)", clone);
    // A new Store each time: its cache of parsed drafts would otherwise
    // answer from memory after the first run.
    let read_parse = measure(15, || {
        let cold = Store::open(Some(repo)).expect("open");
        cold.read_draft("main", DRAFT_PATH).expect("valid")
    });
    row("read + parse + check (store.read_draft, cold)", read_parse);
    let cached = measure(15, || store.read_draft("main", DRAFT_PATH).expect("valid"));
    row("the same again from the Store's parse cache", cached);
    let write = {
        let d = load_draft(DRAFT_PATH, &bytes).expect("valid");
        measure(15, || write_draft(&d))
    };
    row("write canonical YAML (write_draft), for scale", write);

    // --- b/c. diff vs git --------------------------------------------------
    let pairs: Vec<(String, String, String)> = {
        let dept = format!("dept/{}", DEPT_BRANCHES[0].0);
        let dept_id = store.resolve(&dept).expect("dept branch").to_string();
        vec![
            (
                format!("main~{MAIN_REVISIONS} → main (far apart)"),
                far.clone(),
                head.clone(),
            ),
            (
                "main~1 → main (one revision)".to_owned(),
                near.clone(),
                head.clone(),
            ),
            (
                format!("main → {dept} (the first screen)"),
                head.clone(),
                dept_id,
            ),
        ]
    };
    for (label, from, to) in &pairs {
        let (from, to) = (from.as_str(), to.as_str());
        println!();
        println!("b/c. Comparing {label}");
        let old = store.read_draft(from, DRAFT_PATH).expect("old");
        let new = store.read_draft(to, DRAFT_PATH).expect("new");
        let diff = diff_drafts(&old, &new);
        let changed = diff.changed_count();
        let (ins, del) = diff.sections.iter().fold((0, 0), |(i, d), s| {
            (i + s.inserted_words, d + s.deleted_words)
        });
        let word_args = ["diff", "--word-diff=porcelain", from, to, "--", DRAFT_PATH];
        let line_args = ["diff", from, to, "--", DRAFT_PATH];
        let porcelain = git_output(repo, &word_args);
        let plain = git_output(repo, &line_args);
        println!(
            "  {changed} of {} sections changed, +{ins} −{del} words; git: {} lines of unified diff, {} of word-diff porcelain",
            diff.sections.len(),
            plain.iter().filter(|&&b| b == b'\n').count(),
            porcelain.iter().filter(|&&b| b == b'\n').count(),
        );
        println!("  {:<54} {:>12} {:>12} {:>5}", "", "median", "min", "runs");
        // Interleaved, so a busy machine slows duyet and git alike.
        let stats = measure_rounds(
            15,
            &mut [
                &mut || drop(black_box(diff_drafts(&old, &new))),
                &mut || {
                    // Cold: a new Store, nothing parsed yet.
                    let store = Store::open(Some(repo)).expect("open");
                    let old = store.read_draft(from, DRAFT_PATH).expect("old");
                    let new = store.read_draft(to, DRAFT_PATH).expect("new");
                    drop(black_box(diff_drafts(&old, &new)));
                },
                &mut || {
                    let store = Store::open(Some(repo)).expect("open");
                    let c = worker::compare(&store, DRAFT_PATH, from, to, Default::default())
                        .expect("compare");
                    drop(black_box(c));
                },
                &mut || {
                    // What-if: the two revisions read and parsed on two threads.
                    let (old, new) = std::thread::scope(|s| {
                        let other = s.spawn(|| {
                            let store = Store::open(Some(repo)).expect("open");
                            store.read_draft(from, DRAFT_PATH).expect("old")
                        });
                        let store = Store::open(Some(repo)).expect("open");
                        let new = store.read_draft(to, DRAFT_PATH).expect("new");
                        (other.join().expect("thread"), new)
                    });
                    drop(black_box(diff_drafts(&old, &new)));
                },
                &mut || run_git(repo, &word_args),
                &mut || run_git(repo, &line_args),
                &mut || run_git(repo, &["rev-parse", "--verify", "-q", "HEAD"]),
            ],
        );
        let [diff_only, full, job, parallel, word, lines, noop] = stats[..] else {
            unreachable!("seven tasks")
        };
        row("duyet: match + diff all sections (diff_drafts)", diff_only);
        row("duyet: read both + parse + diff (cold)", full);
        row("duyet: the screen's Diff job (worker::compare, cold)", job);
        row(
            "what-if: read + parse the two on two threads + diff",
            parallel,
        );
        row("git diff --word-diff=porcelain (whole process)", word);
        row("git diff (lines only, whole process)", lines);
        row("git rev-parse HEAD (process start-up, for scale)", noop);
        verdicts.push(ratio_verdict(
            &format!("{label}: diff all sections"),
            diff_only.median,
            word.median,
            "git diff --word-diff",
        ));
        verdicts.push(ratio_verdict(
            &format!("{label}: read both + parse + diff"),
            full.median,
            word.median,
            "git diff --word-diff",
        ));
    }

    // --- d. drawing --------------------------------------------------------
    heading("d. Drawing one frame at 80×24 (ratatui TestBackend)");
    let mut terminal = new_terminal();
    let loading_app = App::new(Lang::Vi, SCREEN);
    let loading = measure(200, || {
        terminal
            .draw(|f| draw(f, &loading_app, &theme))
            .expect("draw")
            .area
    });
    row("loading frame (App::new, nothing loaded yet)", loading);
    assert!(screen_text(&terminal).contains("Đang tải"));
    let cold_first = measure(50, || {
        let app = App::new(Lang::Vi, SCREEN);
        let mut t = new_terminal();
        t.draw(|f| draw(f, &app, &theme)).expect("draw").area
    });
    row("App::new + new terminal + loading frame", cold_first);

    let mut app = App::new(Lang::Vi, SCREEN);
    open_inline(&store, &mut app, Some(me.clone()));
    assert!(
        app.review.comparison.ready().is_some(),
        "the comparison loaded"
    );
    let loaded = measure(300, || {
        terminal.draw(|f| draw(f, &app, &theme)).expect("draw").area
    });
    row("loaded frame (first change selected)", loaded);
    let shown = screen_text(&terminal);
    assert!(
        !shown.contains("Đang tải"),
        "the frame shows the diff:\n{shown}"
    );
    let rows = app.review.rows.len();
    let stepping = {
        let mut app = App::new(Lang::Vi, SCREEN);
        open_inline(&store, &mut app, Some(me.clone()));
        update(&mut app, Msg::Key(Key::First));
        let mut step = 0usize;
        measure(rows.min(400), || {
            step += 1;
            let key = if step % rows == 0 {
                Key::First
            } else {
                Key::Down
            };
            update(&mut app, Msg::Key(key));
            terminal.draw(|f| draw(f, &app, &theme)).expect("draw").area
        })
    };
    row(
        &format!("key ↓ + frame, over all {rows} outline rows"),
        stepping,
    );
    let side = {
        let mut app = App::new(Lang::Vi, SCREEN);
        open_inline(&store, &mut app, Some(me.clone()));
        update(&mut app, Msg::Key(Key::ToggleSideBySide));
        measure(200, || {
            terminal.draw(|f| draw(f, &app, &theme)).expect("draw").area
        })
    };
    row("loaded frame, side by side", side);

    // --- e. first useful frame ---------------------------------------------
    heading("e. From start to the first useful frame");
    let open = measure(10, || {
        let s = Store::open(Some(repo)).expect("open");
        duyet::ops::overview::open(&s, Some(me.clone())).expect("open_repo")
    });
    row(
        "Store::open + ops::overview::open (branches, config…)",
        open,
    );
    let info = duyet::ops::overview::open(&store, Some(me.clone())).expect("open_repo");
    let first_job = measure(10, || {
        worker::compare(&store, DRAFT_PATH, &info.from, &info.to, Default::default())
            .expect("compare")
    });
    row(
        &format!("first Diff job ({} → {})", info.from, info.to),
        first_job,
    );
    let review_job = measure(10, || {
        worker::execute(
            &store,
            Job::Review {
                generation: 1,
                draft: DRAFT_PATH.to_owned(),
                rev: info.to.clone(),
            },
        )
    });
    row(
        &format!("first Review job (review state at {})", info.to),
        review_job,
    );
    let revisions = measure(10, || {
        store
            .revisions("main", DRAFT_PATH, 200)
            .expect("revisions")
            .len()
    });
    row(
        "picker: revisions of main (store.revisions, ≤ 200)",
        revisions,
    );
    let inline = measure(10, || {
        let s = Store::open(Some(repo)).expect("open");
        let mut app = App::new(Lang::Vi, SCREEN);
        open_inline(&s, &mut app, Some(me.clone()));
        let mut t = new_terminal();
        t.draw(|f| draw(f, &app, &theme)).expect("draw").area
    });
    row(
        "open + open_inline + draw: diff and review, one thread",
        inline,
    );

    // As the real screen does it: a worker thread does the git work while
    // the drawing thread shows the loading frame at once. First with the
    // drawing thread woken by each worker event, then as `tui::event_loop`
    // does it today: worker events are picked up after `event::poll` times
    // out (40 ms) when no key is pressed.
    let [first, useful, complete] = first_frames(repo, &me, &theme, None, 8, &mut || {});
    let [_, polled, polled_complete] =
        first_frames(repo, &me, &theme, Some(EVENT_LOOP_POLL), 8, &mut || {});
    row("worker thread: first frame (loading) drawn after", first);
    row("worker thread: first useful frame (the diff) after", useful);
    row("worker thread: diff and review state shown after", complete);
    row(
        "  first useful frame, events seen after 40 ms polls",
        polled,
    );
    row(
        "  diff and review state, events seen after 40 ms polls",
        polled_complete,
    );

    verdicts.push(bound_verdict(
        "first frame (loading, worker thread started)",
        first.median,
        FIRST_FRAME_TARGET,
    ));
    verdicts.push(bound_verdict(
        "first useful frame, worker thread, woken by events",
        useful.median,
        FIRST_USEFUL_FRAME_TARGET,
    ));
    verdicts.push(bound_verdict(
        "first useful frame, worker thread, 40 ms poll (as run())",
        polled.median,
        FIRST_USEFUL_FRAME_TARGET,
    ));
    verdicts.push(bound_verdict(
        "diff and review state shown, 40 ms poll (as run())",
        polled_complete.median,
        FIRST_USEFUL_FRAME_TARGET,
    ));
    verdicts.push(bound_verdict(
        "diff and review state, one thread (open_inline)",
        inline.median,
        FIRST_USEFUL_FRAME_TARGET,
    ));
    verdicts.push(bound_verdict(
        "one loaded frame at 80×24",
        loaded.median,
        Duration::from_millis(16),
    ));

    // --- f. what-ifs ---------------------------------------------------------
    // Not what duyet does today: figures for changes proposed to src/.
    heading("f. What-ifs (libgit2 settings duyet does not use today)");
    // libgit2 re-hashes (SHA-1 with collision detection) every object it
    // reads; git itself does not when it only reads a blob to diff it.
    git2::opts::strict_hash_verification(false);
    let read_unverified = measure(30, || store.read_file(main_id, DRAFT_PATH).expect("read"));
    row(
        "read the blob, strict_hash_verification(false)",
        read_unverified,
    );
    let read_parse_unverified =
        measure(15, || store.read_draft("main", DRAFT_PATH).expect("valid"));
    row(
        "read + parse + check, strict_hash_verification(false)",
        read_parse_unverified,
    );
    git2::opts::strict_hash_verification(true);

    // --- g. review records -----------------------------------------------------
    println!();
    println!("g. Review records on {REVIEWS_REF}");
    let config = Config::load("duyet.yaml", duyet::demo::SAMPLE_CONFIG.as_bytes()).expect("config");
    let to_id = store
        .resolve(&info.to)
        .expect("the first screen's revision");
    let to_hex = to_id.to_string();
    let current = store.read_draft(&info.to, DRAFT_PATH).expect("draft");
    let old = store.read_draft(&far, DRAFT_PATH).expect("old draft");
    assert!(
        store.reviews_tip().expect("tip").is_none(),
        "no records yet"
    );
    let mut generator = RecordGen::new(&config, (&to_hex, &current), (&far, &old));
    let largest = RECORD_COUNTS[RECORD_COUNTS.len() - 1];
    let started = Instant::now();
    let ids = import_records(repo, &mut generator, largest);
    let mix = &generator.mix;
    println!(
        "  {largest} records written with git fast-import in {} (setup): {} comments ({} on a quoted phrase), {} replies, {} resolves,",
        ms(started.elapsed()),
        mix.comments,
        mix.quoted,
        mix.replies,
        mix.resolves
    );
    println!(
        "  {} approvals of the content at {} and {} of the content at main~{MAIN_REVISIONS} (stale where it changed), {} change requests;",
        mix.approvals_current, info.to, mix.approvals_old, mix.change_requests
    );
    println!(
        "  {} decisions by people the policy does not count, {} records about another draft; {} sections, {} people",
        mix.not_counted,
        mix.other_draft,
        generator.sections.len(),
        generator.people.len()
    );
    let index = store.records_index_path();
    let decider = Identity {
        name: "Nguyễn Văn Thắng".to_owned(),
        email: "thang.nv@tanyen.example".to_owned(),
    };
    let section_ids: Vec<String> = current
        .outline()
        .iter()
        .map(|p| p.section.id.clone())
        .collect();
    let log_args = ["log", "--format=%B", REVIEWS_REF];
    let mut figures: Vec<RecordFigures> = Vec::new();
    for &n in &RECORD_COUNTS {
        run_git(repo, &["update-ref", REVIEWS_REF, &ids[n - 1]]);
        remove_quietly(&index);
        let rounds = if n <= 5_000 { 5 } else { 3 };
        let runs = if n <= 5_000 { 10 } else { 5 };
        heading(&format!(
            "g. {n} records; review state of {DRAFT_PATH} at {}",
            info.to
        ));
        // Each first start opens the repository anew, as a new process
        // does (libgit2 keeps the objects it has read in a cache per
        // repository, which would make a second full read in one `Store`
        // much cheaper); the draft is parsed already, as the diff job did.
        // What a run returns is dropped afterwards, untimed, as a process
        // that exits does not free it.
        let fresh: RefCell<Option<Store>> = RefCell::new(None);
        let kept: RefCell<Vec<Box<dyn std::any::Any>>> = RefCell::new(Vec::new());
        let open_fresh = || {
            kept.borrow_mut().clear();
            fresh.borrow_mut().take();
            remove_quietly(&index);
            let s = Store::open(Some(repo)).expect("open");
            s.read_draft(&info.to, DRAFT_PATH).expect("draft");
            *fresh.borrow_mut() = Some(s);
        };
        let with_fresh = |f: &dyn Fn(&Store) -> Box<dyn std::any::Any>| {
            let s = fresh.borrow_mut().take().expect("opened");
            let out = f(&s);
            kept.borrow_mut().push(out);
            kept.borrow_mut().push(Box::new(s));
        };
        let stats = measure_rounds_prepared(
            rounds,
            &mut [
                (&mut || {}, &mut || run_git(repo, &log_args)),
                (&mut || open_fresh(), &mut || {
                    with_fresh(&|s| {
                        let r = s.read_records_uncached().expect("read");
                        assert_eq!(r.len(), n);
                        Box::new(r)
                    })
                }),
                (&mut || open_fresh(), &mut || {
                    with_fresh(&|s| {
                        let (r, path) = s.read_records().expect("read");
                        assert_eq!(path, ReadPath::Full);
                        assert_eq!(r.len(), n);
                        Box::new(r)
                    })
                }),
                (&mut || open_fresh(), &mut || {
                    with_fresh(&|s| {
                        Box::new(review_ops::status(s, DRAFT_PATH, &info.to).expect("status"))
                    })
                }),
            ],
        );
        kept.borrow_mut().clear();
        fresh.borrow_mut().take();
        let [git_log, walk, full_read, full_status] = stats[..] else {
            unreachable!("four tasks")
        };
        row(
            "git log --format=%B refs/duyet/reviews > /dev/null",
            git_log,
        );
        row("read every record, no index (read_records_uncached)", walk);
        row(
            "first start: read_records, no index (Full + write)",
            full_read,
        );
        row(
            "first start: ops::review::status (read + fold)",
            full_status,
        );
        let index_bytes = std::fs::metadata(&index).map_or(0, |m| m.len());

        let cached_read = measure_keep(runs, || {
            let (r, path) = store.read_records().expect("read");
            assert_eq!(path, ReadPath::Cached);
            r
        });
        row(
            "later start: read_records from the index (Cached)",
            cached_read,
        );
        let cached_status = measure_keep(runs, || {
            review_ops::status(&store, DRAFT_PATH, &info.to).expect("status")
        });
        row("later start: ops::review::status", cached_status);
        let new_process = measure_keep(runs, || {
            let s = Store::open(Some(repo)).expect("open");
            (
                review_ops::status(&s, DRAFT_PATH, &info.to).expect("status"),
                s,
            )
        });
        row("  Store::open + status (draft parsed again)", new_process);
        let (records, _) = store.read_records().expect("read");
        let fold_only = measure_keep(runs, || fold(&records, DRAFT_PATH, &current, Some(&config)));
        row(
            "  of which: fold (records → state of 230 sections)",
            fold_only,
        );
        drop(records);

        // Others write NEW_RECORDS records; the next start reads only those.
        let saved = std::fs::read(&index).expect("the index was written");
        let mut appends = Vec::with_capacity(NEW_RECORDS);
        for _ in 0..NEW_RECORDS {
            let p = generator.next();
            let start = Instant::now();
            let id = store
                .append_record(&p.message, &p.who, Some(p.when))
                .expect("append");
            appends.push(start.elapsed());
            generator.written(&p, id.to_string());
        }
        let mut updated = Vec::with_capacity(runs);
        for _ in 0..runs {
            std::fs::write(&index, &saved).expect("restore the index");
            let start = Instant::now();
            let (r, path) = store.read_records().expect("read");
            updated.push(start.elapsed());
            assert_eq!(path, ReadPath::Updated(NEW_RECORDS));
            assert_eq!(r.len(), n + NEW_RECORDS);
        }
        let updated = summarise(updated);
        row(
            &format!("later start after {NEW_RECORDS} new records (Updated)"),
            updated,
        );
        row(
            "append_record alone (one commit + ref swap)",
            summarise(appends),
        );

        let mut k = 0;
        let approve = measure(20, || {
            k += 1;
            let t = review_ops::Target {
                draft: DRAFT_PATH,
                section: &section_ids[k % section_ids.len()],
                rev: &info.to,
            };
            let req = review_ops::Request {
                who: &decider,
                when: None,
                text: "",
            };
            review_ops::approve(&store, &t, &req).expect("approve")
        });
        row("record one approval (ops::review::approve)", approve);
        let comment = measure(20, || {
            k += 1;
            let t = review_ops::Target {
                draft: DRAFT_PATH,
                section: &section_ids[k % section_ids.len()],
                rev: &info.to,
            };
            let req = review_ops::Request {
                who: &me,
                when: None,
                text: "Đề nghị bổ sung số liệu so với cùng kỳ năm trước.",
            };
            review_ops::comment(&store, &t, &req, None).expect("comment")
        });
        row("record one comment (ops::review::comment)", comment);
        println!(
            "  index: {:.1} MB, {:.0} bytes per record",
            index_bytes as f64 / 1e6,
            index_bytes as f64 / n as f64
        );
        figures.push(RecordFigures {
            count: n,
            git_log: git_log.median,
            full_read: full_read.median,
            full_status: full_status.median,
            cached_read: cached_read.median,
            cached_status: cached_status.median,
            updated_read: updated.median,
            fold: fold_only.median,
            approve: approve.median,
            comment: comment.median,
            index_bytes,
        });
    }

    // The screen at the largest size: the first frame must not wait, the
    // badges come when the state is read.
    heading(&format!(
        "g. The screen with {largest}+ records (worker thread, woken by events)"
    ));
    let [first_cold, useful_cold, badges_cold] =
        first_frames(repo, &me, &theme, None, 3, &mut || remove_quietly(&index));
    store.read_records().expect("index up to date");
    let [first_warm, useful_warm, badges_warm] =
        first_frames(repo, &me, &theme, None, 5, &mut || {});
    row("no index: first frame (loading) drawn after", first_cold);
    row("no index: first useful frame (the diff) after", useful_cold);
    row("no index: review badges drawn after", badges_cold);
    row("index up to date: first frame drawn after", first_warm);
    row("index up to date: first useful frame after", useful_warm);
    row("index up to date: review badges drawn after", badges_warm);

    println!();
    println!("g. How the figures grow with the number of records (medians, ms)");
    println!(
        "  {:>7} {:>8} {:>9} {:>9} {:>6} {:>8} {:>8} {:>8} {:>7} {:>8} {:>8} {:>7}",
        "records",
        "git log",
        "1st read",
        "1st state",
        "ratio",
        "cached",
        "state",
        "+100",
        "fold",
        "approve",
        "comment",
        "index"
    );
    let f2 = |d: Duration| format!("{:.2}", d.as_secs_f64() * 1e3);
    for f in &figures {
        println!(
            "  {:>7} {:>8} {:>9} {:>9} {:>6.2} {:>8} {:>8} {:>8} {:>7} {:>8} {:>8} {:>6.1}M",
            f.count,
            f2(f.git_log),
            f2(f.full_read),
            f2(f.full_status),
            f.full_status.as_secs_f64() / f.git_log.as_secs_f64(),
            f2(f.cached_read),
            f2(f.cached_status),
            f2(f.updated_read),
            f2(f.fold),
            f2(f.approve),
            f2(f.comment),
            f.index_bytes as f64 / 1e6
        );
    }
    let (small, large) = (&figures[0], &figures[figures.len() - 1]);
    let extra = large.count - small.count;
    let slope = |a: Duration, b: Duration| per_record_us(a, b, extra);
    println!(
        "  per record ({} → {}): git log {:.2} µs, first read {:.2} µs, first state {:.2} µs, cached read {:.2} µs, cached state {:.2} µs, +100 {:.2} µs, fold {:.2} µs",
        small.count,
        large.count,
        slope(small.git_log, large.git_log),
        slope(small.full_read, large.full_read),
        slope(small.full_status, large.full_status),
        slope(small.cached_read, large.cached_read),
        slope(small.cached_status, large.cached_status),
        slope(small.updated_read, large.updated_read),
        slope(small.fold, large.fold),
    );
    println!(
        "  one approval: {} at {} records, {} at {}; one comment: {} → {}",
        ms(small.approve),
        small.count,
        ms(large.approve),
        large.count,
        ms(small.comment),
        ms(large.comment)
    );

    verdicts.push(ratio_verdict(
        &format!("{largest} records, first start: review state (status)"),
        large.full_status,
        large.git_log,
        "git log --format=%B",
    ));
    verdicts.push(ratio_verdict(
        &format!("{largest} records, first start: read_records"),
        large.full_read,
        large.git_log,
        "git log --format=%B",
    ));
    verdicts.push(bound_verdict(
        &format!("{largest} records, later start: review state (status, index)"),
        large.cached_status,
        CACHED_TARGET,
    ));
    verdicts.push(bound_verdict(
        &format!("{largest} records, later start after {NEW_RECORDS} new: read_records"),
        large.updated_read,
        CACHED_TARGET,
    ));
    verdicts.push(bound_verdict(
        &format!("{largest} records, no index: first frame (loading)"),
        first_cold.median,
        FIRST_FRAME_TARGET,
    ));
    verdicts.push(bound_verdict(
        &format!("{largest} records, no index: first useful frame (the diff)"),
        useful_cold.median,
        FIRST_USEFUL_FRAME_TARGET,
    ));
    verdicts.push(bound_verdict(
        &format!("{largest} records, index up to date: review badges drawn"),
        badges_warm.median,
        FIRST_USEFUL_FRAME_TARGET,
    ));

    println!();
    println!("Against the targets");
    for v in &verdicts {
        println!("  [{}] {}", if v.met { " ok " } else { "MISS" }, v.text);
    }
    println!();
    println!("benchmark ran in {}", ms(total.elapsed()));
}
