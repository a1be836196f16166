//! `cargo bench --bench whole_process`: the release binary against git, as
//! whole processes, on a large repository (issue 12).
//!
//! Builds once, deterministically, a repository of one draft (200 sections,
//! about 500 KB of YAML) with 100 revisions on `main`, 8 department branches
//! of 100 revisions each, and 50 000 review records on `refs/duyet/reviews`,
//! and keeps it under `target/tmp/whole-process/`, keyed by `FIXTURE_VERSION`
//! and the sizes, so that a second run starts measuring at once. Then it
//! starts `duyet` (the release binary cargo built for this bench) and `git`
//! in turn — duyet, git, duyet, git… so that noise from other processes hits
//! both alike — and prints, per row, the median and the min–max of each, the
//! ratio of the medians, and the peak memory of each process (its maximum
//! resident set, from `wait4`). Then how two rows grow: `status` without its
//! cache with 1/10, 2/5 and all of the records, `diff` with 3/10, 1 and 3
//! times the sections.
//!
//! Environment: `DUYET_BENCH_RUNS` (runs of each process per row, default
//! 11), `DUYET_BENCH_RECORDS` (default 50 000), `DUYET_BENCH_SECTIONS`
//! (default 200), `DUYET_BENCH_REVISIONS` (per branch, `main` included;
//! default 100), `DUYET_BENCH_SCALING=0` to skip the scaling tables,
//! `DUYET_BENCH_SCREEN=0` to skip the screen in a pseudo-terminal (the
//! time to its first frames against `git log --oneline --all`, and the bytes
//! written per `j` at 80×24).
//!
//! It asserts nothing about time: a loaded machine must not fail a build.

#[path = "common/mod.rs"]
mod common;

use std::fs::File;
use std::io::{Read as _, Seek as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use duyet::core::config::Config;
use duyet::core::review::REVIEWS_REF;
use duyet::store::Store;

use common::{
    DRAFT_PATH, HistorySpec, RecordGen, build_history, git, git_output, import_records, run_git,
};

/// Bump when what is built changes (the generator, the shapes, the packing):
/// repositories cached under another version are built again.
const FIXTURE_VERSION: u32 = 1;

/// The departments' branches and how far back from `main`'s tip (in
/// hundredths of its revisions) each forked.
const DEPT_BRANCHES: &[(&str, usize)] = &[
    ("phong-tai-chinh", 5),
    ("phong-noi-vu", 10),
    ("phong-tu-phap", 20),
    ("phong-kinh-te", 30),
    ("phong-nong-nghiep", 45),
    ("phong-tai-nguyen", 60),
    ("phong-giao-duc", 75),
    ("phong-y-te", 90),
];

/// Paragraphs of a section's body, 2 to this many: 200 sections make about
/// 500 KB of YAML, as in the issue.
const PARAGRAPHS: usize = 4;

/// The branch every row compares with `main`: forked 30 revisions back.
const MEASURED_BRANCH: &str = "dept/phong-kinh-te";

/// The goals, as (row, greatest ratio to git).
const GOALS: &[(&str, f64)] = &[
    ("diff", 1.0),
    ("status, no cache", 1.0),
    ("status, cache", 0.1),
    ("merge --plan", 1.5),
];
/// The goal for the peak memory of `status` without its cache.
const MEMORY_GOAL_MIB: f64 = 100.0;

// ---------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------

struct Settings {
    runs: usize,
    records: usize,
    sections: usize,
    revisions: usize,
    scaling: bool,
    screen: bool,
}

fn env_number(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .replace('_', "")
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v}: a whole number is expected")),
        Err(_) => default,
    }
}

impl Settings {
    fn from_env() -> Settings {
        Settings {
            runs: env_number("DUYET_BENCH_RUNS", 11).max(1),
            records: env_number("DUYET_BENCH_RECORDS", 50_000).max(10),
            sections: env_number("DUYET_BENCH_SECTIONS", 200).max(10),
            revisions: env_number("DUYET_BENCH_REVISIONS", 100).max(1),
            scaling: std::env::var("DUYET_BENCH_SCALING").map_or(true, |v| v != "0"),
            screen: std::env::var("DUYET_BENCH_SCREEN").map_or(true, |v| v != "0"),
        }
    }
}

// ---------------------------------------------------------------------------
// The repositories, built once and kept under target/
// ---------------------------------------------------------------------------

/// A repository ready to measure, and what it holds.
struct Fixture {
    path: PathBuf,
    yaml_bytes: usize,
    sections: usize,
    commits: usize,
    records: usize,
    /// Seconds it took to build (when it was built, maybe by an earlier run):
    /// all of it, and of that the draft's history.
    build_seconds: f64,
    history_seconds: f64,
    /// Built by this run (not found in the cache).
    fresh: bool,
}

fn cache_root() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("whole-process")
}

/// What a fixture's folder keeps about itself, beside `.git`.
const INFO_FILE: &str = "bench-info.txt";

fn read_info(dir: &Path) -> Option<Fixture> {
    let text = std::fs::read_to_string(dir.join(INFO_FILE)).ok()?;
    let value = |key: &str| -> Option<&str> {
        text.lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
    };
    Some(Fixture {
        path: dir.to_path_buf(),
        yaml_bytes: value("yaml_bytes")?.parse().ok()?,
        sections: value("sections")?.parse().ok()?,
        commits: value("commits")?.parse().ok()?,
        records: value("records")?.parse().ok()?,
        build_seconds: value("build_seconds")?.parse().ok()?,
        history_seconds: value("history_seconds")?.parse().ok()?,
        fresh: false,
    })
}

fn write_info(f: &Fixture) {
    let text = format!(
        "yaml_bytes={}\nsections={}\ncommits={}\nrecords={}\nbuild_seconds={:.1}\nhistory_seconds={:.1}\n",
        f.yaml_bytes, f.sections, f.commits, f.records, f.build_seconds, f.history_seconds
    );
    std::fs::write(f.path.join(INFO_FILE), text).expect("write the fixture's info");
}

/// The cached fixture in `name`, or one built by `build` into a scratch
/// folder and renamed into place when complete (an interrupted build is
/// never taken for a finished one).
fn cached(name: &str, build: impl FnOnce(&Path) -> Fixture) -> Fixture {
    let dir = cache_root().join(name);
    if let Some(f) = read_info(&dir) {
        return f;
    }
    let scratch = cache_root().join(format!("{name}.partial"));
    let _ = std::fs::remove_dir_all(&scratch);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&scratch).expect("create the fixture's folder");
    let started = Instant::now();
    let mut f = build(&scratch);
    f.build_seconds = started.elapsed().as_secs_f64() + f.history_seconds;
    f.path = scratch.clone();
    write_info(&f);
    std::fs::rename(&scratch, &dir).expect("move the fixture into place");
    f.path = dir;
    f.fresh = true;
    f
}

fn branches(revisions: usize) -> Vec<(&'static str, usize)> {
    DEPT_BRANCHES
        .iter()
        .map(|&(d, hundredths)| (d, (revisions * hundredths / 100).max(1).min(revisions)))
        .collect()
}

/// The draft's history, without records: `main` and every department branch.
fn history(sections: usize, revisions: usize) -> Fixture {
    let name = format!(
        "v{FIXTURE_VERSION}-s{sections}-r{revisions}-b{}",
        DEPT_BRANCHES.len()
    );
    cached(&name, |dir| {
        let store = Store::init(dir).expect("git init");
        let forks = branches(revisions);
        let built = build_history(
            &store,
            &HistorySpec {
                sections,
                paragraphs: PARAGRAPHS,
                main_revisions: revisions,
                branches: &forks,
                dept_revisions: revisions,
            },
        );
        drop(store);
        // As a repository someone cloned or synced: one pack, with deltas.
        run_git(dir, &["repack", "-a", "-d", "-q"]);
        Fixture {
            path: dir.to_path_buf(),
            yaml_bytes: built.yaml_bytes,
            sections: built.sections,
            commits: built.commits,
            records: 0,
            build_seconds: 0.0,
            history_seconds: 0.0,
            fresh: true,
        }
    })
}

/// The history of `sections` sections with `records` review records on
/// `refs/duyet/reviews`, about its current revision on `main` and its first.
fn with_records(sections: usize, revisions: usize, records: usize) -> Fixture {
    let base = history(sections, revisions);
    let name = format!(
        "v{FIXTURE_VERSION}-s{sections}-r{revisions}-b{}-rec{records}",
        DEPT_BRANCHES.len()
    );
    cached(&name, |dir| {
        copy_dir(&base.path, dir);
        let store = Store::open(Some(dir)).expect("open the copy");
        let config = Config::load("duyet.yaml", duyet::demo::SAMPLE_CONFIG.as_bytes())
            .expect("the sample config");
        let now = store.resolve("main").expect("main").to_string();
        let first = store
            .resolve(&format!("main~{revisions}"))
            .expect("the first revision")
            .to_string();
        let current = store.read_draft(&now, DRAFT_PATH).expect("main's draft");
        let old = store
            .read_draft(&first, DRAFT_PATH)
            .expect("the first draft");
        let mut generator = RecordGen::new(&config, (&now, &current), (&first, &old));
        // One `git fast-import` writes them all, as `Store::append_record`
        // would one by one (the ids are checked): seconds, not an hour.
        import_records(dir, &mut generator, records);
        drop(store);
        run_git(dir, &["repack", "-a", "-d", "-q"]);
        Fixture {
            records,
            history_seconds: base.build_seconds,
            ..base
        }
    })
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a folder");
    for entry in std::fs::read_dir(from).expect("read a folder") {
        let entry = entry.expect("a folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

// ---------------------------------------------------------------------------
// Whole processes
// ---------------------------------------------------------------------------

/// One process: how long from spawning it to reaping it, its peak memory,
/// and how much it printed.
#[derive(Clone, Copy)]
struct Run {
    time: Duration,
    max_rss_kib: u64,
    out_bytes: usize,
}

/// A command in the environment both programs get: no user or system git
/// configuration, the C.UTF-8 locale.
fn duyet(repo: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_duyet"));
    c.arg("--repo")
        .arg(repo)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("LC_ALL", "C.UTF-8");
    c
}

/// Set (to a file) when this program runs as the probe below.
const PROBE_REPORT: &str = "DUYET_BENCH_PROBE_REPORT";

/// The probe: this bench's own binary, started with the program to measure
/// as its arguments. It starts that program (stdio inherited), reaps it with
/// `wait4` and writes what the kernel says into the report file. The probe
/// exists for the peak memory: a child's `ru_maxrss` starts at the high-water
/// mark of the process it was spawned from (`exec` keeps it), so children
/// of the bench itself, which holds tens of MiB, would all show the bench's
/// size; the probe is a few MiB, far below anything measured.
fn probe(report: &str) -> ! {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let (program, rest) = args.split_first().expect("the probe is given a program");
    let start = Instant::now();
    let child = Command::new(program)
        .args(rest)
        .env_remove(PROBE_REPORT)
        .spawn()
        .unwrap_or_else(|e| panic!("start {program:?}: {e}"));
    let (status, usage) = reap(&child);
    let nanos = start.elapsed().as_nanos();
    std::fs::write(report, format!("{nanos} {} {status}\n", usage.ru_maxrss))
        .expect("write the report");
    drop(child);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        128
    };
    std::process::exit(code)
}

/// Waits for `child` with `wait4`: its wait status and resources.
fn reap(child: &std::process::Child) -> (libc::c_int, libc::rusage) {
    let pid = libc::pid_t::try_from(child.id()).expect("a pid");
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain data, all zeros is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: the pointers are to live locals; `pid` is our child,
        // which nothing else waits for (so dropping `Child` later does not).
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            return (status, usage);
        }
        let e = std::io::Error::last_os_error();
        assert_eq!(e.kind(), std::io::ErrorKind::Interrupted, "wait4: {e}");
    }
}

/// Runs `command` to its end, through the probe, with its output read
/// through a pipe (as a program or a terminal reading it would). The time is
/// the probe's, from spawning the program to reaping it. A failure is a
/// broken bench, not a slow one.
fn run(command: &Command, io: &mut ProcessFiles) -> Run {
    io.stderr.set_len(0).expect("truncate stderr's file");
    io.stderr.rewind().expect("rewind stderr's file");
    let _ = std::fs::remove_file(&io.report);
    let mut probe = Command::new(std::env::current_exe().expect("this bench's path"));
    probe.arg(command.get_program()).args(command.get_args());
    for (key, value) in command.get_envs() {
        match value {
            Some(v) => probe.env(key, v),
            None => probe.env_remove(key),
        };
    }
    probe
        .env(PROBE_REPORT, &io.report)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::from(io.stderr.try_clone().expect("stderr's file")));
    let mut child = probe.spawn().expect("start the probe");
    let mut out = child.stdout.take().expect("stdout");
    let mut sink = [0u8; 64 * 1024];
    let mut out_bytes = 0;
    loop {
        match out.read(&mut sink) {
            Ok(0) => break,
            Ok(n) => out_bytes += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => panic!("reading the process's output: {e}"),
        }
    }
    let status = child.wait().expect("the probe");
    let report = std::fs::read_to_string(&io.report).unwrap_or_default();
    let fields: Vec<&str> = report.split_whitespace().collect();
    if !status.success() || fields.len() != 3 {
        let mut said = String::new();
        let _ = io.stderr.rewind();
        let _ = io.stderr.read_to_string(&mut said);
        panic!("{command:?} failed ({status}; probe said {report:?}):\n{said}");
    }
    let number = |i: usize| -> u64 { fields[i].parse().expect("a number from the probe") };
    Run {
        time: Duration::from_nanos(number(0)),
        // Linux gives ru_maxrss in KiB.
        max_rss_kib: number(1),
        out_bytes,
    }
}

/// Where the processes' stderr and the probe's report go.
struct ProcessFiles {
    stderr: File,
    report: PathBuf,
    _dir: tempfile::TempDir,
}

impl ProcessFiles {
    fn new() -> ProcessFiles {
        let dir = tempfile::tempdir().expect("a temporary folder");
        ProcessFiles {
            stderr: tempfile::tempfile().expect("a file for stderr"),
            report: dir.path().join("probe-report"),
            _dir: dir,
        }
    }
}

struct Summary {
    median: Duration,
    min: Duration,
    max: Duration,
    rss_kib: u64,
    out_bytes: usize,
}

fn summarise(runs: &[Run]) -> Summary {
    let mut times: Vec<Duration> = runs.iter().map(|r| r.time).collect();
    times.sort();
    let mut rss: Vec<u64> = runs.iter().map(|r| r.max_rss_kib).collect();
    rss.sort();
    Summary {
        median: times[times.len() / 2],
        min: times[0],
        max: times[times.len() - 1],
        rss_kib: rss[rss.len() / 2],
        out_bytes: runs.last().map_or(0, |r| r.out_bytes),
    }
}

/// One row: duyet's command and git's, with an untimed step before each of
/// duyet's runs (deleting its cache, say).
struct Row<'a> {
    name: &'static str,
    duyet: Box<dyn Fn() -> Command + 'a>,
    git: Box<dyn Fn() -> Command + 'a>,
    before: Box<dyn Fn() + 'a>,
}

struct Measured {
    duyet: Summary,
    git: Summary,
}

impl Measured {
    fn ratio(&self) -> f64 {
        self.duyet.median.as_secs_f64() / self.git.median.as_secs_f64()
    }
}

/// One warm-up run of each (untimed: the files in the page cache, duyet's
/// cache written where it keeps one), then `runs` of each, interleaved.
fn measure(row: &Row<'_>, runs: usize, io: &mut ProcessFiles) -> Measured {
    (row.before)();
    run(&(row.duyet)(), io);
    run(&(row.git)(), io);
    let mut ours = Vec::with_capacity(runs);
    let mut theirs = Vec::with_capacity(runs);
    for _ in 0..runs {
        (row.before)();
        ours.push(run(&(row.duyet)(), io));
        theirs.push(run(&(row.git)(), io));
    }
    Measured {
        duyet: summarise(&ours),
        git: summarise(&theirs),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1e3)
}

fn mib(kib: u64) -> String {
    format!("{:.1}", kib as f64 / 1024.0)
}

fn spread(s: &Summary) -> String {
    format!("{} ({}–{})", ms(s.median), ms(s.min), ms(s.max))
}

fn table_heading(first: &str) {
    println!(
        "  {first:<18} {:>26} {:>24} {:>6} {:>9} {:>9}",
        "duyet ms: median (min–max)", "git ms: median (min–max)", "ratio", "duyet MiB", "git MiB"
    );
}

fn table_row(label: &str, m: &Measured) {
    println!(
        "  {label:<18} {:>26} {:>24} {:>6.2} {:>9} {:>9}",
        spread(&m.duyet),
        spread(&m.git),
        m.ratio(),
        mib(m.duyet.rss_kib),
        mib(m.git.rss_kib)
    );
}

/// The machine, as `docs/performance.md` quotes it.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines().find_map(|l| {
                l.strip_prefix("model name")?
                    .split_once(':')
                    .map(|(_, m)| m.trim().to_owned())
            })
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let version = String::from_utf8_lossy(&git_output(Path::new("."), &["--version"]))
        .trim()
        .to_owned();
    format!("{cores} cores available, {cpu}; {version}")
}

fn remove_cache(repo: &Path) {
    let _ = std::fs::remove_dir_all(repo.join(".git").join("duyet"));
}

fn describe(f: &Fixture) -> String {
    let took = if f.history_seconds > 0.0 {
        format!(
            "{:.1} s: the draft's history {:.1} s, the records {:.1} s",
            f.build_seconds,
            f.history_seconds,
            f.build_seconds - f.history_seconds
        )
    } else {
        format!("{:.1} s", f.build_seconds)
    };
    let built = if f.fresh {
        format!("built now in {took}")
    } else {
        format!("taken from the cache (built by an earlier run in {took})")
    };
    format!(
        "{} sections, {} KB of YAML, {} commits of the draft, {} records; {built}",
        f.sections,
        f.yaml_bytes / 1024,
        f.commits,
        f.records
    )
}

/// The diff and merge plan rows: `cold`, duyet's drafts kept parsed under
/// `.git/duyet/` are deleted before each run.
fn diff_rows<'a>(repo: &'a Path, cold: bool) -> (Row<'a>, Row<'a>) {
    let before = move || {
        if cold {
            remove_cache(repo);
        }
    };
    let word_diff = move || {
        let mut c = git(repo);
        c.args([
            "diff",
            "--word-diff=porcelain",
            "main",
            MEASURED_BRANCH,
            "--",
            DRAFT_PATH,
        ]);
        c
    };
    let diff = Row {
        name: if cold { "diff, no cache" } else { "diff" },
        duyet: Box::new(move || {
            let mut c = duyet(repo);
            c.args(["diff", DRAFT_PATH, "main", MEASURED_BRANCH, "--json"]);
            c
        }),
        git: Box::new(word_diff),
        before: Box::new(before),
    };
    let merge = Row {
        name: if cold {
            "merge --plan, no cache"
        } else {
            "merge --plan"
        },
        duyet: Box::new(move || {
            let mut c = duyet(repo);
            c.args([
                "merge",
                DRAFT_PATH,
                "--from",
                MEASURED_BRANCH,
                "--plan",
                "--json",
            ]);
            c
        }),
        git: Box::new(word_diff),
        before: Box::new(before),
    };
    (diff, merge)
}

fn status_row<'a>(repo: &'a Path, name: &'static str, cold: bool) -> Row<'a> {
    Row {
        name,
        duyet: Box::new(move || {
            let mut c = duyet(repo);
            c.args(["status", DRAFT_PATH, "--json"]);
            c
        }),
        git: Box::new(move || {
            let mut c = git(repo);
            c.args(["log", "--format=%B", REVIEWS_REF]);
            c
        }),
        before: Box::new(move || {
            if cold {
                remove_cache(repo);
            }
        }),
    }
}

fn main() {
    if let Ok(report) = std::env::var(PROBE_REPORT) {
        probe(&report);
    }
    // SAFETY: nothing else runs yet (no other thread exists); libgit2 and the
    // git processes started later read these.
    unsafe {
        std::env::set_var("GIT_CONFIG_GLOBAL", "/dev/null");
        std::env::set_var("GIT_CONFIG_NOSYSTEM", "1");
    }
    let total = Instant::now();
    let settings = Settings::from_env();
    let mut io = ProcessFiles::new();

    println!("duyet whole-process benchmark (issue 12)");
    println!("  machine: {}", machine());
    println!(
        "  {} runs of each process per row, interleaved (duyet, git, duyet, git, …) after one untimed warm-up of each",
        settings.runs
    );
    println!("  repositories kept in {}", cache_root().display());

    let started = Instant::now();
    let main_fixture = with_records(settings.sections, settings.revisions, settings.records);
    let repo = main_fixture.path.as_path();
    println!("  repository: {}", describe(&main_fixture));
    println!(
        "  {} branches dept/* of {} revisions each on top of {} on main; rows compare main with {MEASURED_BRANCH}",
        DEPT_BRANCHES.len(),
        settings.revisions,
        settings.revisions
    );
    println!(
        "  ready to measure after {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let floor = summarise(
        &(0..5)
            .map(|_| run(&Command::new("true"), &mut io))
            .collect::<Vec<_>>(),
    );
    println!(
        "  peak memory is each process's own (ru_maxrss from wait4, through a small probe): `true` shows {} MiB, the floor",
        mib(floor.rss_kib)
    );

    let (diff, merge) = diff_rows(repo, false);
    let (cold_diff, cold_merge) = diff_rows(repo, true);
    let rows = [
        cold_diff,
        diff,
        status_row(repo, "status, no cache", true),
        status_row(repo, "status, cache", false),
        cold_merge,
        merge,
    ];
    println!();
    println!("Whole processes (the git command each row is compared with is listed below)");
    table_heading("");
    let mut results = Vec::new();
    for row in &rows {
        let m = measure(row, settings.runs, &mut io);
        table_row(row.name, &m);
        results.push((row.name, m));
    }
    println!("  compared with:");
    println!(
        "    diff, merge --plan: git diff --word-diff=porcelain main {MEASURED_BRANCH} -- {DRAFT_PATH}"
    );
    println!("    status:             git log --format=%B {REVIEWS_REF}");
    println!(
        "  duyet's commands: diff {DRAFT_PATH} main {MEASURED_BRANCH} --json; status {DRAFT_PATH} --json"
    );
    println!(
        "    (no cache: .git/duyet/ deleted before each run, untimed); merge {DRAFT_PATH} --from {MEASURED_BRANCH} --plan --json"
    );
    let bytes: Vec<String> = results
        .iter()
        .map(|(name, m)| format!("{name} {} / {}", m.duyet.out_bytes, m.git.out_bytes))
        .collect();
    println!("  bytes printed (duyet / git): {}", bytes.join("; "));

    println!();
    println!("Against the issue's goals (figures, not assertions)");
    for (name, goal) in GOALS {
        if let Some((_, m)) = results.iter().find(|(n, _)| n == name) {
            let ratio = m.ratio();
            println!(
                "  [{}] {name}: {ratio:.2}× git (goal ≤ {goal}×)",
                if ratio <= *goal { " ok " } else { "MISS" }
            );
        }
    }
    if let Some((_, m)) = results.iter().find(|(n, _)| *n == "status, no cache") {
        let peak = m.duyet.rss_kib as f64 / 1024.0;
        println!(
            "  [{}] status, no cache: peak memory {peak:.1} MiB (git log {} MiB; goal ≤ {MEMORY_GOAL_MIB} MiB)",
            if peak <= MEMORY_GOAL_MIB {
                " ok "
            } else {
                "MISS"
            },
            mib(m.git.rss_kib)
        );
    }

    if settings.screen {
        screen(repo, settings.runs);
    }
    if settings.scaling {
        scaling(&settings, &results, &mut io);
    }
    println!();
    println!("benchmark ran in {:.1} s", total.elapsed().as_secs_f64());
}

// ---------------------------------------------------------------------------
// The screen, through a pseudo-terminal
// ---------------------------------------------------------------------------

/// The screen every officer has over SSH.
const SCREEN: (u16, u16) = (80, 24);
/// `j` presses whose output is counted.
const PRESSES: usize = 50;
/// Output is over when nothing more came for this long.
const QUIET: Duration = Duration::from_millis(60);
/// A guard against a hang only; nothing is asserted about speed.
const PATIENCE: Duration = Duration::from_secs(30);

/// What a program wrote to its terminal, as the reader thread saw it.
struct Seen {
    /// Emulated only for duyet: git's 50 000 lines would slow the reading.
    parser: Option<vt100::Parser>,
    bytes: usize,
    last_output: Option<Instant>,
    first_output: Option<Instant>,
    /// The first time the screen showed anything.
    first_frame: Option<Instant>,
    /// The first time it showed something and no "loading".
    useful_frame: Option<Instant>,
    closed: Option<Instant>,
}

/// A program in a pseudo-terminal of 80×24, its output read as it comes.
struct Terminal {
    started: Instant,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn std::io::Write + Send>,
    seen: std::sync::Arc<std::sync::Mutex<Seen>>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Terminal {
    fn start(program: &str, args: &[&str], emulate: bool) -> Terminal {
        use portable_pty::{CommandBuilder, PtySize, native_pty_system};
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: SCREEN.1,
                cols: SCREEN.0,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env_clear();
        if let Some(path) = std::env::var_os("PATH") {
            cmd.env("PATH", path);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env("GIT_CONFIG_GLOBAL", "/dev/null");
        cmd.env("GIT_CONFIG_NOSYSTEM", "1");
        cmd.env("GIT_PAGER", "cat");
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Seen {
            parser: emulate.then(|| {
                let size = |n: u16| std::num::NonZeroU16::new(n).expect("a screen size");
                vt100::Parser::new(size(SCREEN.1), size(SCREEN.0), 0)
            }),
            bytes: 0,
            last_output: None,
            first_output: None,
            first_frame: None,
            useful_frame: None,
            closed: None,
        }));
        let mut reader = pty.master.try_clone_reader().expect("a reader");
        let started = Instant::now();
        let child = pty.slave.spawn_command(cmd).expect("start in the terminal");
        drop(pty.slave);
        let shared = std::sync::Arc::clone(&seen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 64 * 1024];
            loop {
                let n = match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                let now = Instant::now();
                let mut s = shared.lock().expect("the output");
                s.bytes += n;
                s.last_output = Some(now);
                s.first_output.get_or_insert(now);
                if let Some(parser) = s.parser.as_mut() {
                    parser.process(&buf[..n]);
                    let text = parser.screen().contents();
                    let drawn = !text.trim().is_empty();
                    if drawn && s.first_frame.is_none() {
                        s.first_frame = Some(now);
                    }
                    if drawn && !text.contains("Đang tải") && s.useful_frame.is_none() {
                        s.useful_frame = Some(now);
                    }
                }
            }
            shared.lock().expect("the output").closed = Some(Instant::now());
        });
        let writer = pty.master.take_writer().expect("a writer");
        Terminal {
            started,
            child,
            writer,
            seen,
            _master: pty.master,
        }
    }

    /// Waits until `done` holds of what was seen; `None` after PATIENCE.
    fn wait<T>(&self, done: impl Fn(&Seen) -> Option<T>) -> Option<T> {
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            if let Some(v) = done(&self.seen.lock().expect("the output")) {
                return Some(v);
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        None
    }

    /// Waits until no output came for QUIET; the bytes seen by then.
    fn settle(&self) -> usize {
        self.wait(|s| match s.last_output {
            Some(t) if t.elapsed() >= QUIET => Some(s.bytes),
            _ => None,
        })
        .expect("the output stops")
    }

    fn send(&mut self, keys: &[u8]) {
        self.writer.write_all(keys).expect("type into the terminal");
        self.writer.flush().expect("type into the terminal");
    }

    /// Ends the program (it was asked to quit, or it is done), by its id.
    fn finish(mut self) {
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The review screen against `git log --oneline --all`, both in an 80×24
/// pseudo-terminal, interleaved; then the bytes a `j` costs on the screen.
fn screen(repo: &Path, runs: usize) {
    let repo_arg = repo.to_str().expect("a UTF-8 path");
    let who = "Lê Thị Hoa <hoa.lt@tanyen.example>";
    let duyet_args = ["--repo", repo_arg, "--as", who];
    let git_args = ["-C", repo_arg, "log", "--oneline", "--all"];
    let ms_since = |t: &Terminal, at: Option<Instant>| at.map(|a| a - t.started);
    let (mut first, mut useful, mut git_first, mut git_done) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for round in 0..=runs {
        let mut t = Terminal::start(env!("CARGO_BIN_EXE_duyet"), &duyet_args, true);
        let (f, u) = t
            .wait(|s| Some((s.first_frame?, s.useful_frame?)))
            .expect("the screen shows the comparison");
        t.settle();
        let (f, u) = (ms_since(&t, Some(f)), ms_since(&t, Some(u)));
        t.send(b"q");
        t.finish();
        let g = Terminal::start("git", &git_args, false);
        let (gf, gd) = g
            .wait(|s| Some((s.first_output?, s.closed?)))
            .expect("git log ends");
        let (gf, gd) = (ms_since(&g, Some(gf)), ms_since(&g, Some(gd)));
        g.finish();
        // The first round warms the page cache and is not counted.
        if round > 0 {
            first.extend(f);
            useful.extend(u);
            git_first.extend(gf);
            git_done.extend(gd);
        }
    }
    let line = |label: &str, v: &mut Vec<Duration>| {
        v.sort();
        println!(
            "  {label:<52} {:>8} ms ({}–{})",
            ms(v[v.len() / 2]),
            ms(v[0]),
            ms(v[v.len() - 1])
        );
    };
    println!();
    println!(
        "The screen in an 80×24 pseudo-terminal ({runs} runs each, interleaved; median (min–max))"
    );
    line("duyet: first frame drawn", &mut first);
    line("duyet: nothing \"Đang tải…\" left (all drawn)", &mut useful);
    line("git log --oneline --all: first output", &mut git_first);
    line("git log --oneline --all: all output, exit", &mut git_done);

    let mut t = Terminal::start(env!("CARGO_BIN_EXE_duyet"), &duyet_args, true);
    t.wait(|s| s.useful_frame).expect("the screen loads");
    let mut before = t.settle();
    let mut costs = Vec::with_capacity(PRESSES);
    for _ in 0..PRESSES {
        t.send(b"j");
        // Something is drawn for each `j` until the last section; then
        // nothing may come, which counts as 0.
        std::thread::sleep(QUIET);
        let after = t.settle();
        costs.push(after - before);
        before = after;
    }
    t.send(b"q");
    t.finish();
    let total: usize = costs.iter().sum();
    println!(
        "  bytes written per j at 80×24: mean {:.0} over {PRESSES} presses (min {}, max {})",
        total as f64 / PRESSES as f64,
        costs.iter().min().unwrap_or(&0),
        costs.iter().max().unwrap_or(&0)
    );
}

/// How `status` without its cache grows with the records, and `diff` with
/// the sections: the same shapes, other sizes.
fn scaling(settings: &Settings, results: &[(&str, Measured)], io: &mut ProcessFiles) {
    println!();
    println!("Scaling: status without its cache against git log, by records");
    table_heading("records");
    let n = settings.records;
    for records in [n / 10, n * 2 / 5, n] {
        if records == n {
            if let Some((_, m)) = results.iter().find(|(name, _)| *name == "status, no cache") {
                table_row(&format!("{records} (above)"), m);
            }
            continue;
        }
        let f = with_records(settings.sections, settings.revisions, records);
        let row = status_row(&f.path, "status, no cache", true);
        let m = measure(&row, settings.runs, io);
        table_row(&records.to_string(), &m);
    }
    println!();
    println!("Scaling: diff against git's word diff, by sections (the same history, no records)");
    table_heading("sections (KB)");
    let s = settings.sections;
    for sections in [s * 3 / 10, s, s * 3] {
        let f = history(sections, settings.revisions);
        let (row, _) = diff_rows(&f.path, false);
        let m = measure(&row, settings.runs, io);
        table_row(&format!("{} ({})", f.sections, f.yaml_bytes / 1024), &m);
        if f.fresh {
            println!("    (built now in {:.1} s)", f.build_seconds);
        }
    }
}
