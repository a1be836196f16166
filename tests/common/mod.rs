//! Helpers shared by the integration tests: small drafts written in YAML or
//! built in Rust, a deterministic pseudo-random generator, `git` and `duyet`
//! commands that never read the user's configuration, the review and merge
//! fixtures, and (in submodules) the screen drawn without a terminal
//! (`screen`) and the real binary in a pseudo-terminal (`pty`).

#![allow(dead_code)] // each test crate uses a different part of this module

pub mod pty;
pub mod screen;

use std::path::Path;
use std::process::{Command, Output};

use duyet::core::{Draft, Footnote, LoadError, Section, load_draft};

/// The top-level keys every test draft needs, before `sections:` (7 lines, so
/// `sections:` is line 8 and the first section's `- id:` line 9).
pub const HEAD: &str = "schema: 1
id: bao-cao-thu
issuing_body: ỦY BAN NHÂN DÂN HUYỆN TÂN YÊN
document_type: BÁO CÁO
number: 'Số:      /BC-UBND'
place_date: Tân Yên, ngày      tháng 11 năm 2026
title: Tình hình kinh tế - xã hội tháng 11
";

/// `HEAD` followed by `rest` (which starts with `sections:` or another key).
pub fn yaml(rest: &str) -> String {
    format!("{HEAD}{rest}")
}

/// Loads a draft that must be valid.
pub fn load_ok(src: &str) -> Draft {
    match load_draft("x.yaml", src.as_bytes()) {
        Ok(d) => d,
        Err(e) => panic!("expected a valid draft, got:\n{e}\n--- source ---\n{src}"),
    }
}

/// Loads a draft that must be refused.
pub fn load_err(src: &str) -> LoadError {
    match load_draft("x.yaml", src.as_bytes()) {
        Ok(_) => panic!("expected the draft to be refused:\n{src}"),
        Err(e) => e,
    }
}

/// A section with a title and a body, owned by `phong-tai-chinh`.
pub fn section(id: &str, number: &str, title: &str, body: &str) -> Section {
    Section {
        id: id.to_owned(),
        number: number.to_owned(),
        title: (!title.is_empty()).then(|| title.to_owned()),
        owner: "phong-tai-chinh".to_owned(),
        body: body.to_owned(),
        sections: Vec::new(),
    }
}

/// `section` with children.
pub fn parent(id: &str, number: &str, title: &str, children: Vec<Section>) -> Section {
    Section {
        sections: children,
        ..section(id, number, title, "")
    }
}

/// A draft holding `sections` and `footnotes`, with the metadata of `HEAD`.
pub fn draft(sections: Vec<Section>, footnotes: &[(&str, &str)]) -> Draft {
    Draft {
        schema: 1,
        id: "bao-cao-thu".to_owned(),
        issuing_body: "ỦY BAN NHÂN DÂN HUYỆN TÂN YÊN".to_owned(),
        superior_body: String::new(),
        document_type: "BÁO CÁO".to_owned(),
        number: "Số:      /BC-UBND".to_owned(),
        place_date: "Tân Yên, ngày      tháng 11 năm 2026".to_owned(),
        title: "Tình hình kinh tế - xã hội tháng 11".to_owned(),
        preamble: String::new(),
        sections,
        closing: String::new(),
        footnotes: footnotes
            .iter()
            .map(|(id, text)| Footnote {
                id: (*id).to_owned(),
                text: (*text).to_owned(),
            })
            .collect(),
        signature: None,
        recipients: Vec::new(),
    }
}

/// A tiny linear congruential generator: deterministic "random" test data
/// without another crate.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Words of a district report, for generated texts.
pub const WORDS: &[&str] = &[
    "Tổng", "thu", "ngân", "sách", "đạt", "412,5", "tỷ", "đồng", "bằng", "104%", "dự", "toán",
    "huyện", "Tân", "Yên", "xã", "Phúc", "Hòa", "nông", "thôn", "mới", "kế", "hoạch", "năm",
    "2023", "tăng", "11,2%", "so", "với", "cùng", "kỳ", "UBND", "HĐND", "giải", "ngân", "vốn",
    "đầu", "tư", "công",
];

/// A text of up to `paragraphs` paragraphs of words from `WORDS`, separated
/// by single spaces and, between sentences, by `,` or `.`.
pub fn random_text(rng: &mut Lcg, paragraphs: usize) -> String {
    let n = rng.below(paragraphs + 1);
    (0..n)
        .map(|_| {
            let words = 1 + rng.below(12);
            let mut p = String::new();
            for i in 0..words {
                if i > 0 {
                    p.push(' ');
                }
                p.push_str(rng.pick(WORDS));
                if rng.below(6) == 0 {
                    p.push_str(rng.pick(&[",", ".", ";"]));
                }
            }
            p
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Edits a text a little: drops, inserts and replaces some words and maybe
/// a paragraph, so the diff of the two is interesting.
pub fn edit_text(rng: &mut Lcg, text: &str) -> String {
    let mut paragraphs: Vec<String> = if text.is_empty() {
        Vec::new()
    } else {
        text.split("\n\n").map(str::to_owned).collect()
    };
    match rng.below(4) {
        0 if !paragraphs.is_empty() => {
            let at = rng.below(paragraphs.len());
            paragraphs.remove(at);
        }
        1 => {
            let at = rng.below(paragraphs.len() + 1);
            paragraphs.insert(at, random_text(rng, 1).replace("\n\n", " "));
            paragraphs.retain(|p| !p.is_empty());
        }
        _ => {}
    }
    for p in &mut paragraphs {
        let mut words: Vec<String> = p.split(' ').map(str::to_owned).collect();
        for _ in 0..rng.below(4) {
            let at = rng.below(words.len() + 1);
            match rng.below(3) {
                0 if at < words.len() && words.len() > 1 => {
                    words.remove(at);
                }
                1 if at < words.len() => words[at] = rng.pick(WORDS).to_owned(),
                _ => words.insert(at, rng.pick(WORDS).to_owned()),
            }
        }
        *p = words.join(" ");
    }
    paragraphs.join("\n\n")
}

/// `git` run in `dir` with no user or system configuration, so tests never
/// depend on (or change) the machine's git setup.
pub fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .args([
            "-c",
            "user.name=Kiểm Thử",
            "-c",
            "user.email=kiem.thu@tanyen.example",
        ]);
    cmd
}

/// Runs `git args…` in `dir`, asserting success; returns stdout.
pub fn git_ok(dir: &Path, args: &[&str]) -> String {
    run_git(git(dir), args)
}

/// `git_ok` with HOME set to `home`.
pub fn git_ok_home(dir: &Path, home: &Path, args: &[&str]) -> String {
    let mut cmd = git(dir);
    cmd.env("HOME", home);
    run_git(cmd, args)
}

fn run_git(mut cmd: Command, args: &[&str]) -> String {
    let out = cmd.args(args).output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("git prints UTF-8")
}

/// The real `duyet` binary, started in `home` (also its HOME) with no user
/// or system git configuration and no colour, speaking English (`--lang
/// en`), which the tests read; `duyet_command_vi` speaks the default.
pub fn duyet_command(home: &Path) -> Command {
    let mut cmd = duyet_command_vi(home);
    cmd.args(["--lang", "en"]);
    cmd
}

/// `duyet_command` in the default language, Vietnamese.
pub fn duyet_command_vi(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_duyet"));
    cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", home)
        .env("NO_COLOR", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("DUYET_LANG")
        .current_dir(home);
    cmd
}

/// A command's stdout, which must be UTF-8.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

/// A command's stderr, which must be UTF-8.
pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// Asserts that a command succeeded; returns its stdout.
pub fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "expected success, got {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        stdout(o),
        stderr(o)
    );
    stdout(o)
}

// ------------------------------------------------------------------------
// Review records (tests/review.rs, tests/review_cli.rs, tests/concurrency.rs):
// a small repository with the sample `duyet.yaml` and one draft, people from
// that file, fixed times, and the real binary.

/// People of the sample `duyet.yaml` as `--as` takes them (and as the
/// screen tests open the screen).
pub const HOA: &str = "Lê Thị Hoa <hoa.lt@tanyen.example>";
pub const DUNG: &str = "Hoàng Văn Dũng <dung.hv@tanyen.example>";
pub const THANG: &str = "Nguyễn Văn Thắng <thang.nv@tanyen.example>";
pub const HUY: &str = "Phạm Quang Huy <huy.pq@tanyen.example>";

/// A person as `--as` and `Store` take them.
pub fn person(name: &str, email: &str) -> duyet::core::Identity {
    duyet::core::Identity {
        name: name.to_owned(),
        email: email.to_owned(),
    }
}

/// Drafter of phong-tai-chinh.
pub fn hoa() -> duyet::core::Identity {
    person("Lê Thị Hoa", "hoa.lt@tanyen.example")
}
/// Reviewer of phong-tai-chinh.
pub fn dung() -> duyet::core::Identity {
    person("Hoàng Văn Dũng", "dung.hv@tanyen.example")
}
/// Reviewer and office, of van-phong.
pub fn thang() -> duyet::core::Identity {
    person("Nguyễn Văn Thắng", "thang.nv@tanyen.example")
}
/// Office only, of van-phong.
pub fn hang() -> duyet::core::Identity {
    person("Trần Thị Thu Hằng", "hang.ttt@tanyen.example")
}
/// Reviewer of phong-noi-vu (not the office).
pub fn long() -> duyet::core::Identity {
    person("Vũ Đức Long", "long.vd@tanyen.example")
}
/// Drafter of phong-giao-duc.
pub fn son() -> duyet::core::Identity {
    person("Đặng Văn Sơn", "son.dv@tanyen.example")
}
/// Not in duyet.yaml.
pub fn stranger() -> duyet::core::Identity {
    person("Người Lạ", "nguoi.la@example.org")
}

/// 14/12/2023 09:00 in Vietnam, plus `minutes`.
pub fn moment(minutes: i64) -> duyet::core::Moment {
    duyet::core::Moment {
        seconds: 1_702_519_200 + minutes * 60,
        offset_minutes: 420,
    }
}

/// The draft of the review fixture.
pub const REVIEW_DRAFT: &str = "drafts/bao-cao.yaml";

/// The review fixture's draft: two top-level sections of the office with
/// children of phong-tai-chinh and phong-giao-duc; `thu-ngan-sach` cites a
/// footnote.
pub fn review_draft_text() -> String {
    yaml(
        "sections:
  - id: kinh-te
    number: I
    title: Kinh tế
    owner: van-phong
    sections:
      - id: thu-ngan-sach
        number: '1'
        title: Thu ngân sách
        owner: phong-tai-chinh
        body: |
          Tổng thu ngân sách trên địa bàn đạt 412,5 tỷ đồng, bằng 104% dự toán[^fn-thu].

          Chi ngân sách đảm bảo kịp thời, đúng chế độ.
      - id: dau-tu-cong
        number: '2'
        title: Đầu tư công
        owner: phong-tai-chinh
        body: |
          Giải ngân vốn đầu tư công đạt 78,4% kế hoạch vốn giao.
  - id: xa-hoi
    number: II
    title: Văn hóa - xã hội
    owner: van-phong
    sections:
      - id: giao-duc
        number: '1'
        title: Giáo dục
        owner: phong-giao-duc
        body: |
          Tỷ lệ học sinh lên lớp đạt 99,2%.
footnotes:
  - id: fn-thu
    text: Số liệu của Chi cục Thuế khu vực Tân Yên.
",
    )
}

/// A temporary folder holding a repository (`repo/`) and used as HOME for
/// every subprocess.
pub struct ReviewRepo {
    pub tmp: tempfile::TempDir,
    pub repo: std::path::PathBuf,
}

impl ReviewRepo {
    pub fn home(&self) -> &Path {
        self.tmp.path()
    }

    pub fn store(&self) -> duyet::store::Store {
        duyet::store::Store::open(Some(&self.repo)).expect("the repository opens")
    }

    /// Commits `files` on `branch` on top of its tip (or as its first commit).
    pub fn commit(
        &self,
        branch: &str,
        files: &[(&str, &str)],
        who: &duyet::core::Identity,
        minutes: i64,
        message: &str,
    ) -> duyet::store::CommitId {
        let store = self.store();
        let tip = store.resolve(branch).ok();
        let changes: Vec<duyet::store::FileChange<'_>> = files
            .iter()
            .map(|(path, contents)| duyet::store::FileChange {
                path,
                contents: contents.as_bytes(),
            })
            .collect();
        store
            .commit_files(branch, tip, &changes, who, Some(moment(minutes)), message)
            .unwrap_or_else(|e| panic!("commit on {branch}: {e}"))
    }

    /// `git args…` in the repository: no user or system configuration, HOME
    /// in the temporary folder, a fixed committer.
    pub fn git(&self) -> Command {
        let mut cmd = git(&self.repo);
        cmd.env("HOME", self.home());
        cmd
    }

    /// Runs `git args…`, asserting success; returns stdout.
    pub fn git_ok(&self, args: &[&str]) -> String {
        run_git(self.git(), args)
    }

    /// The tip of `refs/duyet/reviews`, if any.
    pub fn reviews_tip(&self) -> Option<String> {
        let out = self
            .git()
            .args(["rev-parse", "--verify", "-q", "refs/duyet/reviews"])
            .output()
            .expect("git runs");
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
    }

    /// The authors' e-mails of `refs/duyet/reviews`, newest first (none
    /// before the first record).
    pub fn record_authors(&self) -> Vec<String> {
        if self.reviews_tip().is_none() {
            return Vec::new();
        }
        self.git_ok(&["log", "--format=%ae", "refs/duyet/reviews"])
            .lines()
            .map(str::to_owned)
            .collect()
    }

    /// How many commits `refs/duyet/reviews` holds.
    pub fn record_count(&self) -> usize {
        if self.reviews_tip().is_none() {
            return 0;
        }
        self.git_ok(&["rev-list", "--count", "refs/duyet/reviews"])
            .trim()
            .parse()
            .expect("a number")
    }

    /// `duyet --repo REPO --as WHO args…` (the real binary).
    pub fn duyet_as(
        &self,
        who: Option<&duyet::core::Identity>,
        args: &[&str],
    ) -> std::process::Output {
        let mut cmd = duyet_command(self.home());
        cmd.arg("--repo").arg(&self.repo);
        if let Some(who) = who {
            cmd.arg("--as").arg(who.to_string());
        }
        cmd.args(args).output().expect("the duyet binary runs")
    }
}

/// A repository whose `main` has the sample `duyet.yaml` and `REVIEW_DRAFT`,
/// committed by the office at `moment(0)`.
pub fn review_repo() -> ReviewRepo {
    review_repo_with(Some(duyet::demo::SAMPLE_CONFIG))
}

/// `review_repo` with another `duyet.yaml` (or none).
pub fn review_repo_with(config: Option<&str>) -> ReviewRepo {
    let tmp = tempfile::TempDir::new().expect("a temporary folder");
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(&repo).expect("mkdir");
    duyet::store::Store::init(&repo).expect("git init");
    let r = ReviewRepo { tmp, repo };
    let draft = review_draft_text();
    let mut files = vec![(REVIEW_DRAFT, draft.as_str())];
    if let Some(c) = config {
        files.push(("duyet.yaml", c));
    }
    r.commit("main", &files, &thang(), 0, "Khởi tạo dự thảo");
    r
}

// ------------------------------------------------------------------------
// The merge board (tests/merge.rs, tests/merge_cli.rs): small repositories
// whose `main` and department branches diverge from one base commit, and the
// demo repository wrapped so the same helpers work on it.

/// The draft of the merge fixtures.
pub const MERGE_DRAFT: &str = "drafts/tong-hop.yaml";

/// A repository whose `main` starts with the sample `duyet.yaml` and `base`
/// (as `MERGE_DRAFT`), committed by the office at `moment(0)`; each
/// department branch `(branch, text)` is then made from that first commit
/// with one commit by Lê Thị Hoa at `moment(20 + i)`, and `main` (if
/// `main_text` is given) moves on by one commit of the office at `moment(10)`.
pub fn merge_repo(base: &str, main_text: Option<&str>, depts: &[(&str, &str)]) -> ReviewRepo {
    let tmp = tempfile::TempDir::new().expect("a temporary folder");
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(&repo).expect("mkdir");
    duyet::store::Store::init(&repo).expect("git init");
    let r = ReviewRepo { tmp, repo };
    let first = r.commit(
        "main",
        &[
            (MERGE_DRAFT, base),
            ("duyet.yaml", duyet::demo::SAMPLE_CONFIG),
        ],
        &thang(),
        0,
        "Khởi tạo dự thảo",
    );
    for (i, (branch, text)) in depts.iter().enumerate() {
        r.store()
            .create_branch(branch, first)
            .expect("the department branch is created");
        r.commit(
            branch,
            &[(MERGE_DRAFT, text)],
            &hoa(),
            20 + i as i64,
            "Đề xuất của phòng",
        );
    }
    if let Some(text) = main_text {
        r.commit(
            "main",
            &[(MERGE_DRAFT, text)],
            &thang(),
            10,
            "Văn phòng sửa",
        );
    }
    r
}

/// The demo repository (`duyet::demo::build`), in `repo/` of a temporary
/// folder that is also HOME for subprocesses.
pub fn merge_demo_repo() -> ReviewRepo {
    let tmp = tempfile::TempDir::new().expect("a temporary folder");
    let repo = tmp.path().join("repo");
    duyet::demo::build(&repo).expect("the demo repository builds");
    ReviewRepo { tmp, repo }
}

impl ReviewRepo {
    /// The commit id `rev` points at (full hex), via git itself.
    pub fn rev_parse(&self, rev: &str) -> String {
        self.git_ok(&["rev-parse", "--verify", rev])
            .trim()
            .to_owned()
    }

    /// The text of `path` at `rev`, via `git show`.
    pub fn show(&self, rev: &str, path: &str) -> String {
        self.git_ok(&["show", &format!("{rev}:{path}")])
    }
}

/// The `Duyet-…` trailer lines of a commit message, in order.
pub fn duyet_trailers(message: &str) -> Vec<&str> {
    message
        .lines()
        .filter(|l| l.starts_with("Duyet-"))
        .collect()
}

/// The lines of a draft's YAML text without the own lines of section `id`
/// (its `- id:` line and the keys under it, up to its `sections:` or the
/// next item), so the rest can be compared byte for byte.
pub fn lines_outside_section<'a>(text: &'a str, id: &str) -> Vec<&'a str> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let Some(start) = lines
        .iter()
        .position(|l| l.trim_start().strip_prefix("- id:").map(str::trim) == Some(id))
    else {
        return lines;
    };
    let fields = indent(lines[start]) + 2;
    let mut end = start + 1;
    while end < lines.len() {
        let l = lines[end];
        if !l.trim().is_empty()
            && (indent(l) < fields
                || (indent(l) == fields && l.trim_start().starts_with("sections:")))
        {
            break;
        }
        end += 1;
    }
    lines[..start]
        .iter()
        .chain(&lines[end..])
        .copied()
        .collect()
}

/// One section's own YAML lines at nesting `depth` (0: top level); its
/// children, if any, follow `merge_children(depth)`.
pub fn merge_sec(
    depth: usize,
    id: &str,
    number: &str,
    title: &str,
    owner: &str,
    body: &str,
) -> String {
    let dash = " ".repeat(2 + 4 * depth);
    let f = " ".repeat(4 + 4 * depth);
    let mut s = format!("{dash}- id: {id}\n{f}number: '{number}'\n");
    if !title.is_empty() {
        s += &format!("{f}title: {title}\n");
    }
    s += &format!("{f}owner: {owner}\n");
    if !body.is_empty() {
        s += &format!("{f}body: |\n");
        for line in body.split('\n') {
            if line.is_empty() {
                s.push('\n');
            } else {
                s += &format!("{f}  {line}\n");
            }
        }
    }
    s
}

/// The `sections:` key that opens the children of a section at `depth`.
pub fn merge_children(depth: usize) -> String {
    format!("{}sections:\n", " ".repeat(4 + 4 * depth))
}

/// A whole draft: `HEAD`, then `sections:` and the given parts.
pub fn merge_doc(parts: &[String]) -> String {
    yaml(&format!("sections:\n{}", parts.concat()))
}

// ------------------------------------------------------------------------
// Clones (tests/clone.rs): a repository cloned with plain `git clone`, and
// the refspec that fetches review records.

/// `git clone` of `origin` into `dest` (a new folder), as a person would
/// make one: the branches come as `origin/*`, `refs/duyet/*` does not come.
/// `extra` are more `git clone` options (`-b dept/x`).
pub fn clone_repo(origin: &Path, dest: &Path, extra: &[&str]) {
    let parent = dest.parent().expect("a folder to clone into");
    let mut args = vec!["clone", "-q"];
    args.extend_from_slice(extra);
    let (origin, dest) = (
        origin.to_str().expect("a UTF-8 path"),
        dest.to_str().expect("a UTF-8 path"),
    );
    args.extend_from_slice(&[origin, dest]);
    git_ok(parent, &args);
}

/// The refspec that fetches `remote`'s review records to where duyet reads them.
pub fn records_refspec(remote: &str) -> String {
    format!("+refs/duyet/reviews:refs/remotes/{remote}/duyet/reviews")
}

/// Adds the records refspec to `remote`'s configuration in `dir` (once),
/// then fetches: what the hint tells people to run.
pub fn fetch_records(dir: &Path, remote: &str) {
    let key = format!("remote.{remote}.fetch");
    let refspec = records_refspec(remote);
    if !git_ok(dir, &["config", "--get-all", &key])
        .lines()
        .any(|l| l == refspec)
    {
        git_ok(dir, &["config", "--add", &key, &refspec]);
    }
    git_ok(dir, &["fetch", "-q", remote]);
}

// ------------------------------------------------------------------------
// A department draft that does not load (tests/tui.rs, tests/tui_board.rs).

/// The draft of `broken_draft_repo` on `main`: I (van-phong) with two
/// children of phong-tai-chinh; `chi-ngan-sach`'s title is line 22.
pub fn broken_base() -> String {
    merge_doc(&[
        merge_sec(0, "kinh-te", "I", "Kinh tế", "van-phong", ""),
        merge_children(0),
        merge_sec(
            1,
            "thu-ngan-sach",
            "1",
            "Thu ngân sách",
            "phong-tai-chinh",
            "Tổng thu đạt 412,5 tỷ đồng.",
        ),
        merge_sec(
            1,
            "chi-ngan-sach",
            "2",
            "Chi ngân sách",
            "phong-tai-chinh",
            "Chi đảm bảo kịp thời.",
        ),
    ])
}

/// What loading phong-tai-chinh's draft of `broken_draft_repo` says: a
/// title with an unquoted `: ` (a common slip) at line 22, column 29.
pub const BROKEN_DIAGNOSTIC: &str = "drafts/tong-hop.yaml (dept/phong-tai-chinh):22:29: mapping values are not allowed in this context";

/// A merge repository (`merge_repo`) whose `dept/phong-tai-chinh` has a draft
/// that is not valid YAML (`BROKEN_DIAGNOSTIC`), and whose
/// `dept/phong-giao-duc` proposes one valid change.
pub fn broken_draft_repo() -> ReviewRepo {
    let base = broken_base();
    let line = "        title: Chi ngân sách\n";
    assert_eq!(base.lines().nth(21), Some(line.trim_end_matches('\n')));
    let broken = base.replace(line, "        title: Chi ngân sách: ước thực hiện cả năm\n");
    let valid = base.replace("Tổng thu đạt 412,5", "Tổng thu ước đạt 418,2");
    merge_repo(
        &base,
        None,
        &[
            ("dept/phong-giao-duc", valid.as_str()),
            ("dept/phong-tai-chinh", broken.as_str()),
        ],
    )
}

/// The words on screen inside the frame whose top-left corner is at
/// (`x`, `y`), one column of margin in: its rows trimmed and joined by single
/// spaces, so text wrapped at spaces reads as it was written.
pub fn framed_text(rows: &[String], x: usize, y: usize) -> String {
    let top: Vec<char> = rows[y].chars().collect();
    let right = (x + 1..top.len())
        .find(|&i| top[i] == '┐')
        .expect("the frame's top-right corner");
    let mut words = Vec::new();
    for row in &rows[y + 1..] {
        let cells: Vec<char> = row.chars().collect();
        if cells.get(x) == Some(&'└') {
            break;
        }
        let inside: String = cells[x + 1..right].iter().collect();
        let inside = inside.trim();
        if !inside.is_empty() {
            words.push(inside.to_owned());
        }
    }
    words.join(" ")
}

// ------------------------------------------------------------------------
// Hostile text (tests/hostile_output.rs): commits, records and YAML written
// with plain git and by hand, carrying what duyet itself would refuse to
// write, and the check that what duyet prints is clean.

/// `s` as a double-quoted YAML scalar, with every character that is not
/// printable written as a YAML escape (`\e`, `\a`, `\x9b`, `\u202E`…), so a
/// test can put control and bidi characters into a draft or `duyet.yaml`.
pub fn yaml_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{1b}' => out.push_str("\\e"),
            '\u{7}' => out.push_str("\\a"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() && (c as u32) < 0x100 => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c.is_control() || duyet::core::text::hides_or_reorders(c) => {
                out.push_str(&format!("\\U{:08x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Commits `files` on `branch` with plain git plumbing (a temporary index,
/// `commit-tree`, `update-ref`), as `author_name <author_email>` — which git
/// takes with escape sequences in it, as duyet does not. The branch starts
/// from `from` when it does not exist yet. Returns the new commit id.
pub fn git_commit_as(
    r: &ReviewRepo,
    branch: &str,
    from: &str,
    files: &[(&str, &[u8])],
    (author_name, author_email): (&str, &str),
    message: &str,
) -> String {
    let refname = format!("refs/heads/{branch}");
    let old = r
        .git()
        .args(["rev-parse", "--verify", "-q", &refname])
        .output()
        .expect("git runs");
    let old = old
        .status
        .success()
        .then(|| String::from_utf8_lossy(&old.stdout).trim().to_owned());
    let parent = old.clone().unwrap_or_else(|| r.rev_parse(from));
    let index = r.home().join("plumbing-index");
    let _ = std::fs::remove_file(&index);
    let with_index = |args: &[&str]| {
        let mut cmd = r.git();
        cmd.env("GIT_INDEX_FILE", &index);
        run_git(cmd, args)
    };
    with_index(&["read-tree", &parent]);
    for (path, contents) in files {
        let blob = r.home().join("plumbing-blob");
        std::fs::write(&blob, contents).expect("write the blob's file");
        let id = r.git_ok(&["hash-object", "-w", blob.to_str().expect("a UTF-8 path")]);
        with_index(&[
            "update-index",
            "--add",
            "--cacheinfo",
            &format!("100644,{},{path}", id.trim()),
        ]);
    }
    let tree = with_index(&["write-tree"]);
    let mut cmd = r.git();
    cmd.env("GIT_AUTHOR_NAME", author_name)
        .env("GIT_AUTHOR_EMAIL", author_email)
        .env("GIT_AUTHOR_DATE", "1702530000 +0700")
        .env("GIT_COMMITTER_DATE", "1702530000 +0700");
    let id = run_git(
        cmd,
        &["commit-tree", tree.trim(), "-p", &parent, "-m", message],
    );
    let id = id.trim().to_owned();
    let mut args = vec!["update-ref", refname.as_str(), id.as_str()];
    if let Some(old) = &old {
        args.push(old);
    }
    r.git_ok(&args);
    id
}

/// Appends a review record written by hand (`commit-tree` on
/// `refs/duyet/reviews`) with `message` as is, by `author_name <author_email>`.
pub fn forge_record(
    r: &ReviewRepo,
    (author_name, author_email): (&str, &str),
    message: &str,
) -> String {
    let tree = r.git_ok(&["hash-object", "-t", "tree", "-w", "/dev/null"]);
    let old = r.reviews_tip();
    let mut cmd = r.git();
    cmd.env("GIT_AUTHOR_NAME", author_name)
        .env("GIT_AUTHOR_EMAIL", author_email);
    let mut args = vec!["commit-tree", tree.trim(), "-m", message];
    if let Some(old) = &old {
        args.extend(["-p", old]);
    }
    let id = run_git(cmd, &args).trim().to_owned();
    let mut args = vec!["update-ref", "refs/duyet/reviews", id.as_str()];
    if let Some(old) = &old {
        args.push(old);
    }
    r.git_ok(&args);
    id
}

/// Asserts that `bytes` (what duyet printed on `stream` for `label`) is UTF-8
/// with no control character but the newline — so no ESC, BEL, C1, hence no
/// escape sequence — and no zero-width or bidi character.
pub fn assert_clean(label: &str, stream: &str, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes)
        .unwrap_or_else(|e| panic!("{label}: {stream} is not UTF-8 ({e}): {bytes:?}"));
    for (at, c) in text.char_indices() {
        let bad = (c.is_control() && c != '\n') || duyet::core::text::hides_or_reorders(c);
        assert!(
            !bad,
            "{label}: {stream} holds {c:?} at byte {at}:\n{}",
            text.escape_debug()
        );
    }
}

/// `Store::commit_files` without its identity check: commits `files` on
/// `branch` (its tip must be `parent`) straight with git2, which takes an
/// author with escape sequences in it, as records and commits made by other
/// tools may have. For tests of how such authors are shown.
pub fn commit_unchecked(
    store: &duyet::store::Store,
    branch: &str,
    parent: Option<duyet::store::CommitId>,
    files: &[duyet::store::FileChange<'_>],
    author: &duyet::core::Identity,
    when: Option<duyet::core::Moment>,
    message: &str,
) -> duyet::store::CommitId {
    let repo = git2::Repository::open(store.git_dir()).expect("the repository opens");
    let parent = parent.map(|id| {
        let id = git2::Oid::from_str(&id.to_string()).expect("a commit id");
        repo.find_commit(id).expect("the parent exists")
    });
    let mut index = git2::Index::new().expect("an index in memory");
    if let Some(p) = &parent {
        index.read_tree(&p.tree().unwrap()).unwrap();
    }
    for f in files {
        let id = repo.blob(f.contents).unwrap();
        index
            .add(&git2::IndexEntry {
                ctime: git2::IndexTime::new(0, 0),
                mtime: git2::IndexTime::new(0, 0),
                dev: 0,
                ino: 0,
                mode: 0o100_644,
                uid: 0,
                gid: 0,
                file_size: f.contents.len() as u32,
                id,
                flags: 0,
                flags_extended: 0,
                path: f.path.as_bytes().to_vec(),
            })
            .unwrap();
    }
    let tree = repo.find_tree(index.write_tree_to(&repo).unwrap()).unwrap();
    let sig = match when {
        Some(m) => git2::Signature::new(
            &author.name,
            &author.email,
            &git2::Time::new(m.seconds, m.offset_minutes),
        ),
        None => git2::Signature::now(&author.name, &author.email),
    }
    .expect("git2 takes the author");
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    repo.commit(
        Some(&format!("refs/heads/{branch}")),
        &sig,
        &sig,
        message,
        &tree,
        &parents,
    )
    .expect("the commit is written")
    .to_string()
    .parse()
    .expect("a commit id")
}

// ------------------------------------------------------------------------
// Hostile and broken repositories (tests/hostile_store.rs): objects written
// exactly as given, `git fsck`, and whether file permissions bite.

/// Writes `body` as an object of `kind` exactly as given — git's own checks
/// off (`git hash-object --literally`), as a broken tool or a hostile
/// person could — and returns its id.
pub fn write_raw_object(dir: &Path, kind: &str, body: &[u8]) -> String {
    use std::io::Write as _;
    let mut child = git(dir)
        .args(["hash-object", "-t", kind, "--literally", "-w", "--stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("git runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(body)
        .expect("the object is written to git");
    let out = child.wait_with_output().expect("git ends");
    assert!(
        out.status.success(),
        "git hash-object failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("an id")
        .trim()
        .to_owned()
}

/// `git fsck --strict` finds nothing wrong in `dir` (dangling objects, which
/// lost races leave, are fine); panics with its report otherwise.
pub fn assert_fsck_clean(dir: &Path) {
    let out = git(dir)
        .args(["fsck", "--strict", "--no-dangling", "--no-progress"])
        .output()
        .expect("git runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && !report.contains("error") && !report.contains("warning"),
        "git fsck --strict:\n{report}"
    );
}

/// Whether removing write permission stops this process from writing: not
/// for root (or with CAP_DAC_OVERRIDE), where a permission test proves
/// nothing. Tried for real, in a folder of `scratch`.
pub fn permissions_bite(scratch: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch.join("permission-probe");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let wrote = std::fs::write(dir.join("x"), "x").is_ok();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let _ = std::fs::remove_dir_all(&dir);
    !wrote
}

/// `chmod -R` on `path` with `mode` (`a-w`, `u+w`, …).
pub fn chmod_r(path: &Path, mode: &str) {
    let out = Command::new("chmod")
        .arg("-R")
        .arg(mode)
        .arg(path)
        .output()
        .expect("chmod runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// ------------------------------------------------------------------------
// Bounded work (tests/hostile_input.rs): how much memory a child process
// took, and a guard against one that hangs.

/// What `run_measured` saw of a finished child.
pub struct Measured {
    pub output: Output,
    /// Peak resident memory (`VmHWM` of /proc/<pid>/status), in KiB.
    pub peak_kib: u64,
}

/// Runs `cmd` to its end, reading its peak resident memory from
/// /proc/<pid>/status every few milliseconds (the peak only grows, so the
/// last reading is close to the true one). Panics with "hangs" if it runs
/// longer than `hang_after`, and stops it as soon as it holds more than
/// `kill_above_kib`, so a regression fails fast instead of taking the machine.
pub fn run_measured(
    cmd: &mut Command,
    hang_after: std::time::Duration,
    kill_above_kib: u64,
) -> Measured {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command starts");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("piped")));
    let err = drain(Box::new(child.stderr.take().expect("piped")));
    let status_file = format!("/proc/{}/status", child.id());
    let started = std::time::Instant::now();
    let mut peak_kib = 0;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_file) {
            let hwm = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            peak_kib = peak_kib.max(hwm.unwrap_or(0));
        }
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            break status;
        }
        if peak_kib > kill_above_kib || started.elapsed() > hang_after {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{cmd:?} hangs or grows: stopped after {:?} holding {} MiB",
                started.elapsed(),
                peak_kib / 1024
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    Measured {
        output: Output {
            status,
            stdout: out.join().expect("stdout read"),
            stderr: err.join().expect("stderr read"),
        },
        peak_kib,
    }
}

/// What must hold for any word diff of `old` → `new` (tests/diff.rs and the
/// properties share it): both sides read back exactly; unchanged words are
/// the same on both sides; the word counts are those of the changed
/// segments; no segment is empty, neighbours of one kind are merged and a
/// deletion comes before the insertion that replaces it; a hunk is a run of
/// changes. The first thing that does not hold, with the diff, or `None`.
pub fn word_diff_problem(old: &str, new: &str, w: &duyet::core::WordDiff) -> Option<String> {
    use duyet::core::Segment;
    use duyet::core::text::count_words;
    let ctx = || format!("{old:?} → {new:?}\n{:?}", w.segments);
    let check = |ok: bool, what: &str| (!ok).then(|| format!("{what}: {}", ctx()));
    let words = |keep: fn(&Segment) -> bool| -> usize {
        w.segments
            .iter()
            .filter(|s| keep(s))
            .map(|s| count_words(s.text()))
            .sum()
    };
    let runs = w
        .segments
        .iter()
        .enumerate()
        .filter(|(i, s)| {
            !matches!(s, Segment::Same(_))
                && (*i == 0 || matches!(w.segments[i - 1], Segment::Same(_)))
        })
        .count();
    let bad_pair = w.segments.windows(2).find(|pair| {
        !matches!(
            pair,
            [Segment::Same(_), Segment::Deleted(_) | Segment::Inserted(_)]
                | [Segment::Deleted(_), Segment::Inserted(_) | Segment::Same(_)]
                | [Segment::Inserted(_), Segment::Same(_)]
        )
    });
    check(w.old_text() == old, "old side")
        .or_else(|| check(w.new_text() == new, "new side"))
        .or_else(|| {
            check(
                count_words(old) - w.deleted_words == count_words(new) - w.inserted_words,
                "unchanged words differ between the sides",
            )
        })
        .or_else(|| {
            check(
                (w.deleted_words, w.inserted_words)
                    == (
                        words(|s| matches!(s, Segment::Deleted(_))),
                        words(|s| matches!(s, Segment::Inserted(_))),
                    ),
                "word counts",
            )
        })
        .or_else(|| {
            check(
                w.segments.iter().all(|s| !s.text().is_empty()),
                "empty segment",
            )
        })
        .or_else(|| bad_pair.map(|p| format!("bad neighbours {p:?}: {}", ctx())))
        .or_else(|| check(w.hunks == runs, "hunks"))
        .or_else(|| check(w.is_change() == (old != new), "is_change"))
}

/// Makes `path` belong to another user (nobody), as a file another member
/// of a shared repository's group would have written; false (and says so)
/// when this process may not, not being root.
pub fn give_to_another_user(path: &Path) -> bool {
    const NOBODY: u32 = 65534;
    match std::os::unix::fs::chown(path, Some(NOBODY), None) {
        Ok(()) => true,
        Err(e) => {
            println!(
                "skipped: {} cannot be given to another user here ({e})",
                path.display()
            );
            false
        }
    }
}
