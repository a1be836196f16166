//! Helpers shared by the integration tests: small drafts written in YAML or
//! built in Rust, a deterministic pseudo-random generator, and a `git`
//! command that never reads the user's configuration.

#![allow(dead_code)] // each test crate uses a different part of this module

use std::path::Path;
use std::process::Command;

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
    let out = git(dir).args(args).output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("git prints UTF-8")
}
