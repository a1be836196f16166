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

use std::cell::RefCell;
use std::hint::black_box;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use duyet::core::config::Config;
use duyet::core::load::{MAX_DRAFT_BYTES, decode, parse_yaml};
use duyet::core::policy::may_decide;
use duyet::core::review::{Action, NewRecord, REVIEWS_REF, fold, section_hash};
use duyet::core::yaml::write_draft;
use duyet::core::{Draft, Footnote, Identity, Moment, Section, Signature, diff_drafts, load_draft};
use duyet::ops::review as review_ops;
use duyet::store::{FileChange, ReadPath, Store};
use duyet::tui::app::{App, Job, Loadable, Msg};
use duyet::tui::keys::Action as Key;
use duyet::tui::theme::Theme;
use duyet::tui::update::{Effect, update};
use duyet::tui::view::draw;
use duyet::tui::{Lang, open_inline, worker};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Where the draft lives in the repository.
const DRAFT_PATH: &str = "drafts/bao-cao-tong-ket-2023.yaml";
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
// Deterministic text
// ---------------------------------------------------------------------------

/// Knuth's MMIX LCG; the high bits are good enough for picking words.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A number in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Words and phrases of a district report (precomposed, NFC; checked at start).
const WORDS: &[&str] = &[
    "kinh tế",
    "xã hội",
    "phát triển",
    "tăng trưởng",
    "sản xuất",
    "nông nghiệp",
    "công nghiệp",
    "tiểu thủ công nghiệp",
    "thương mại",
    "dịch vụ",
    "du lịch",
    "xây dựng",
    "giao thông",
    "thủy lợi",
    "đê điều",
    "nông thôn mới",
    "đô thị",
    "đất đai",
    "tài nguyên",
    "môi trường",
    "khoáng sản",
    "ngân sách",
    "thu",
    "chi",
    "đầu tư công",
    "dự án",
    "công trình",
    "hạ tầng",
    "giải phóng mặt bằng",
    "bồi thường",
    "tái định cư",
    "giáo dục",
    "đào tạo",
    "y tế",
    "dân số",
    "văn hóa",
    "thông tin",
    "thể dục thể thao",
    "lao động",
    "việc làm",
    "giảm nghèo",
    "an sinh xã hội",
    "bảo hiểm y tế",
    "chính sách",
    "người có công",
    "quốc phòng",
    "an ninh",
    "trật tự",
    "an toàn giao thông",
    "phòng cháy, chữa cháy",
    "cải cách hành chính",
    "chuyển đổi số",
    "thủ tục",
    "hồ sơ",
    "trực tuyến",
    "thanh tra",
    "khiếu nại",
    "tố cáo",
    "tiếp công dân",
    "phòng, chống tham nhũng",
    "tư pháp",
    "hộ tịch",
    "chứng thực",
    "cán bộ",
    "công chức",
    "viên chức",
    "bộ máy",
    "biên chế",
    "thi đua",
    "khen thưởng",
    "huyện",
    "xã",
    "thị trấn",
    "thôn",
    "tổ dân phố",
    "hộ gia đình",
    "người dân",
    "doanh nghiệp",
    "hợp tác xã",
    "trang trại",
    "cây trồng",
    "vật nuôi",
    "lúa",
    "vải thiều",
    "cây ăn quả",
    "chăn nuôi",
    "thủy sản",
    "lâm nghiệp",
    "trồng rừng",
    "diện tích",
    "năng suất",
    "sản lượng",
    "giá trị",
    "tổng",
    "bình quân",
    "thu nhập",
    "tỷ lệ",
    "hộ nghèo",
    "hộ cận nghèo",
    "trường học",
    "đạt chuẩn quốc gia",
    "học sinh",
    "giáo viên",
    "trạm y tế",
    "bác sĩ",
    "tiêm chủng",
    "dịch bệnh",
    "thực hiện",
    "triển khai",
    "tổ chức",
    "chỉ đạo",
    "điều hành",
    "tập trung",
    "đẩy mạnh",
    "tăng cường",
    "nâng cao",
    "hoàn thành",
    "đạt",
    "vượt",
    "tăng",
    "giảm",
    "so với",
    "cùng kỳ",
    "kế hoạch",
    "chỉ tiêu",
    "nhiệm vụ",
    "giải pháp",
    "kết quả",
    "hạn chế",
    "tồn tại",
    "nguyên nhân",
    "khó khăn",
    "vướng mắc",
    "kịp thời",
    "hiệu quả",
    "nghiêm túc",
    "đúng quy định",
    "theo",
    "trong",
    "của",
    "và",
    "các",
    "những",
    "được",
    "đã",
    "đang",
    "cơ bản",
    "ổn định",
    "tiếp tục",
    "quan tâm",
    "chú trọng",
    "năm",
    "tháng",
    "quý",
    "trên",
    "địa bàn",
    "toàn",
    "ước",
    "đến nay",
    "UBND huyện",
    "HĐND huyện",
    "tỉnh Bắc Giang",
    "Tân Yên",
    "Nhã Nam",
    "Cao Thượng",
    "Liên Chung",
    "Phúc Hòa",
    "phối hợp",
    "kiểm tra",
    "giám sát",
    "đôn đốc",
    "rà soát",
    "hướng dẫn",
    "tuyên truyền",
    "vận động",
    "nhân dân",
    "cơ sở",
    "phong trào",
    "chất lượng",
    "đời sống",
    "vật chất",
    "tinh thần",
    "được nâng lên",
    "rõ rệt",
    "đồng bộ",
    "toàn diện",
    "bền vững",
    "trọng tâm",
    "trọng điểm",
    "quy hoạch",
    "sử dụng đất",
    "cấp giấy chứng nhận",
    "quyền sử dụng đất",
    "vi phạm",
    "xử lý",
    "dứt điểm",
    "tồn đọng",
    "kéo dài",
    "mô hình",
    "sản phẩm OCOP",
    "liên kết",
    "tiêu thụ",
    "xuất khẩu",
];

/// Units for figures: (before the number, after it).
const FIGURES: &[(&str, &str)] = &[
    ("đạt", "tỷ đồng"),
    ("tăng", "% so với cùng kỳ"),
    ("bằng", "% kế hoạch năm"),
    ("đạt", "triệu đồng/người/năm"),
    ("giảm còn", "%"),
    ("thu hoạch", "tấn"),
    ("gieo trồng", "ha"),
    ("giải quyết việc làm cho", "lao động"),
    ("cấp", "giấy chứng nhận"),
    ("tiếp nhận", "hồ sơ"),
];

const TOPICS: &[&str] = &[
    "phát triển kinh tế",
    "sản xuất nông nghiệp",
    "công nghiệp, tiểu thủ công nghiệp",
    "thương mại, dịch vụ",
    "thu, chi ngân sách",
    "đầu tư công",
    "quản lý đất đai",
    "tài nguyên và môi trường",
    "giáo dục và đào tạo",
    "y tế, dân số",
    "văn hóa, thông tin",
    "lao động, việc làm",
    "giảm nghèo và an sinh xã hội",
    "quốc phòng, an ninh",
    "cải cách hành chính",
    "chuyển đổi số",
    "thanh tra, tiếp công dân",
    "tư pháp, hộ tịch",
    "tổ chức bộ máy",
    "xây dựng nông thôn mới",
    "giao thông, thủy lợi",
    "phòng cháy, chữa cháy",
];

/// Departments of the sample `duyet.yaml`, as owners.
const DEPARTMENTS: &[&str] = &[
    "van-phong",
    "phong-tai-chinh",
    "phong-noi-vu",
    "phong-tu-phap",
    "phong-kinh-te",
    "phong-nong-nghiep",
    "phong-tai-nguyen",
    "phong-giao-duc",
    "phong-y-te",
    "phong-van-hoa",
    "phong-lao-dong",
    "thanh-tra",
    "cong-an",
    "quan-su",
];

const FOOTNOTES: usize = 10;

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A number as Vietnamese reports print it: `412,5`.
fn figure(rng: &mut Lcg) -> String {
    format!("{},{}", rng.range(1, 2_000), rng.below(10))
}

/// One sentence of 8–22 words, sometimes with a figure, ending in a full stop.
/// Returns the sentence and its number of words (syllables).
fn sentence(rng: &mut Lcg) -> (String, usize) {
    let target = rng.range(8, 22);
    let mut words: Vec<String> = Vec::new();
    let mut count = 0;
    while count < target {
        let w = *rng.pick(WORDS);
        count += w.split_whitespace().count();
        words.push(w.to_owned());
        if rng.chance(12) {
            let (before, after) = *rng.pick(FIGURES);
            let f = format!("{before} {} {after}", figure(rng));
            count += f.split_whitespace().count();
            words.push(f);
        }
    }
    (format!("{}.", capitalise(&words.join(" "))), count)
}

/// A paragraph of 60–200 words.
fn paragraph(rng: &mut Lcg) -> String {
    let target = rng.range(60, 200);
    let mut out: Vec<String> = Vec::new();
    let mut count = 0;
    while count < target {
        let (s, n) = sentence(rng);
        // A sentence is at most ~30 words, so this never stops below 60.
        if count + n > 200 {
            break;
        }
        out.push(s);
        count += n;
    }
    out.join(" ")
}

/// A body of 2–6 paragraphs.
fn body(rng: &mut Lcg, paragraphs: (usize, usize)) -> String {
    let n = rng.range(paragraphs.0, paragraphs.1);
    (0..n)
        .map(|_| paragraph(rng))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn roman(n: usize) -> String {
    const NUMERALS: &[(usize, &str)] = &[(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut n = n;
    let mut out = String::new();
    for &(value, s) in NUMERALS {
        while n >= value {
            out.push_str(s);
            n -= value;
        }
    }
    out
}

/// The printed number of the `index`-th (from 0) section at `depth`.
fn number(depth: usize, index: usize) -> String {
    match depth {
        0 => roman(index + 1),
        1 => (index + 1).to_string(),
        _ => {
            let letters = "abcdefghiklmnopqrstuvxy".as_bytes();
            let mut s = String::new();
            let mut i = index;
            loop {
                s.insert(0, char::from(letters[i % letters.len()]));
                if i < letters.len() {
                    break;
                }
                i = i / letters.len() - 1;
            }
            s
        }
    }
}

fn renumber(sections: &mut [Section], depth: usize) {
    for (i, s) in sections.iter_mut().enumerate() {
        s.number = number(depth, i);
    }
}

fn title(rng: &mut Lcg, depth: usize) -> String {
    let topic = *rng.pick(TOPICS);
    match depth {
        0 => format!("KẾT QUẢ THỰC HIỆN NHIỆM VỤ {}", topic.to_uppercase()),
        1 => format!("Về {topic}"),
        _ => capitalise(&format!("{} {}", rng.pick(WORDS), rng.pick(WORDS))),
    }
}

/// The large draft: 6 × 6 × 5 sections (222 in all), every body 2–6
/// paragraphs, ten footnotes each cited from two sections.
fn generate_draft(rng: &mut Lcg) -> Draft {
    let mut sections = Vec::new();
    let mut serial = 0;
    for i in 0..6 {
        let mut children = Vec::new();
        for j in 0..6 {
            let owner = DEPARTMENTS[1 + (i * 6 + j) % (DEPARTMENTS.len() - 1)];
            let mut leaves = Vec::new();
            for k in 0..5 {
                serial += 1;
                leaves.push(Section {
                    id: format!("muc-{}-{}-{}", i + 1, j + 1, k + 1),
                    number: number(2, k),
                    title: Some(title(rng, 2)),
                    owner: owner.to_owned(),
                    body: body(rng, (2, 6)),
                    sections: Vec::new(),
                });
            }
            serial += 1;
            children.push(Section {
                id: format!("muc-{}-{}", i + 1, j + 1),
                number: number(1, j),
                title: Some(title(rng, 1)),
                owner: owner.to_owned(),
                body: body(rng, (2, 6)),
                sections: leaves,
            });
        }
        serial += 1;
        sections.push(Section {
            id: format!("muc-{}", i + 1),
            number: number(0, i),
            title: Some(title(rng, 0)),
            owner: "van-phong".to_owned(),
            body: body(rng, (2, 6)),
            sections: children,
        });
    }
    assert_eq!(serial, 222);
    let footnotes: Vec<Footnote> = (1..=FOOTNOTES)
        .map(|n| Footnote {
            id: format!("fn-{n:02}"),
            text: format!(
                "Theo Báo cáo số {}/BC-{} ngày {}/{}/2023; số liệu {} {} {}.",
                rng.range(100, 999),
                ["UBND", "TCKH", "NNPTNT", "GDĐT"][n % 4],
                rng.range(1, 28),
                rng.range(1, 12),
                rng.pick(WORDS),
                figure(rng),
                rng.pick(FIGURES).1,
            ),
        })
        .collect();
    let mut draft = Draft {
        schema: 1,
        id: "bao-cao-tong-ket-2023".to_owned(),
        issuing_body: "ỦY BAN NHÂN DÂN HUYỆN TÂN YÊN".to_owned(),
        superior_body: String::new(),
        document_type: "BÁO CÁO".to_owned(),
        number: "Số:      /BC-UBND".to_owned(),
        place_date: "Tân Yên, ngày      tháng 12 năm 2023".to_owned(),
        title: "Tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2023; \
                phương hướng, nhiệm vụ năm 2024"
            .to_owned(),
        preamble: body(rng, (2, 2)),
        sections,
        closing: "Trên đây là báo cáo tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội \
                  năm 2023 của UBND huyện Tân Yên./."
            .to_owned(),
        footnotes,
        signature: Some(Signature {
            authority: "TM. ỦY BAN NHÂN DÂN".to_owned(),
            position: "CHỦ TỊCH".to_owned(),
            signer: "Nguyễn Văn A".to_owned(),
        }),
        recipients: vec![
            "UBND tỉnh Bắc Giang (b/c);".to_owned(),
            "Thường trực Huyện ủy, HĐND huyện;".to_owned(),
            "Lưu: VT.".to_owned(),
        ],
    };
    // Each footnote cited from two sections, at the end of a paragraph.
    let ids: Vec<String> = draft
        .outline()
        .iter()
        .map(|p| p.section.id.clone())
        .collect();
    for n in 1..=FOOTNOTES {
        for at in [n * 19 % ids.len(), (n * 19 + 97) % ids.len()] {
            let s = draft.section_mut(&ids[at]).expect("generated id");
            let mut paras: Vec<String> = s.body.split("\n\n").map(str::to_owned).collect();
            let last = paras.last_mut().expect("a body has paragraphs");
            last.pop(); // the full stop
            last.push_str(&format!("[^fn-{n:02}]."));
            s.body = paras.join("\n\n");
        }
    }
    draft
}

// ---------------------------------------------------------------------------
// Revisions: the edits departments make
// ---------------------------------------------------------------------------

fn paragraphs_of(body: &str) -> Vec<String> {
    body.split("\n\n").map(str::to_owned).collect()
}

/// Replaces one figure in the text (or adds a sentence with one).
fn change_figure(rng: &mut Lcg, text: &str) -> String {
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b',') {
                i += 1;
            }
            // A trailing comma is punctuation, not part of the number.
            let end = if bytes[i - 1] == b',' { i - 1 } else { i };
            // Leave the digits of footnote ids (`[^fn-01]`) alone.
            if start < 3 || &bytes[start - 3..start] != b"fn-" {
                runs.push(start..end);
            }
        } else {
            i += 1;
        }
    }
    if runs.is_empty() {
        let mut paras = paragraphs_of(text);
        let (before, after) = *rng.pick(FIGURES);
        let at = rng.below(paras.len());
        paras[at].push_str(&format!(" Ước {before} {} {after}.", figure(rng)));
        return paras.join("\n\n");
    }
    let run = rng.pick(&runs).clone();
    format!("{}{}{}", &text[..run.start], figure(rng), &text[run.end..])
}

/// Sentences of a paragraph, each with its trailing space (but the last).
fn sentences(p: &str) -> Vec<&str> {
    p.split_inclusive(". ").collect()
}

fn add_sentence(rng: &mut Lcg, body: &str) -> String {
    let mut paras = paragraphs_of(body);
    let at = rng.below(paras.len());
    let mut parts: Vec<String> = sentences(&paras[at])
        .into_iter()
        .map(|s| s.trim_end().to_owned())
        .collect();
    let pos = rng.range(0, parts.len());
    parts.insert(pos, sentence(rng).0);
    paras[at] = parts.join(" ");
    paras.join("\n\n")
}

fn remove_sentence(rng: &mut Lcg, body: &str) -> String {
    let mut paras = paragraphs_of(body);
    let at = rng.below(paras.len());
    let mut parts: Vec<String> = sentences(&paras[at])
        .into_iter()
        .map(|s| s.trim_end().to_owned())
        .collect();
    if parts.len() < 2 {
        return add_sentence(rng, body);
    }
    let pos = rng.below(parts.len());
    parts.remove(pos);
    paras[at] = parts.join(" ");
    paras.join("\n\n")
}

/// The list of children of `parent` (`None`: the top level).
fn siblings_mut<'a>(draft: &'a mut Draft, parent: Option<&str>) -> &'a mut Vec<Section> {
    match parent {
        None => &mut draft.sections,
        Some(id) => &mut draft.section_mut(id).expect("parent exists").sections,
    }
}

/// Where a section is: (parent id, depth, index among siblings).
fn place_of(draft: &Draft, id: &str) -> (Option<String>, usize, usize) {
    let outline = draft.outline();
    let p = outline
        .iter()
        .find(|p| p.section.id == id)
        .expect("section exists");
    (p.parent.map(str::to_owned), p.depth, p.index)
}

/// Applies one edit to the section `id`; returns a few words for the commit
/// message.
fn edit(rng: &mut Lcg, draft: &mut Draft, id: &str, serial: &mut usize) -> String {
    let roll = rng.below(100);
    let (parent, depth, index) = place_of(draft, id);
    match roll {
        0..35 => {
            let s = draft.section_mut(id).expect("id");
            s.body = change_figure(rng, &s.body);
            format!("cập nhật số liệu mục {id}")
        }
        35..60 => {
            let s = draft.section_mut(id).expect("id");
            s.body = add_sentence(rng, &s.body);
            format!("bổ sung nội dung mục {id}")
        }
        60..80 => {
            let s = draft.section_mut(id).expect("id");
            s.body = remove_sentence(rng, &s.body);
            format!("lược bớt mục {id}")
        }
        80..87 => {
            let s = draft.section_mut(id).expect("id");
            s.title = Some(title(rng, depth));
            format!("đổi tên mục {id}")
        }
        87..92 => {
            // Swap with a neighbour: both move and are renumbered.
            let list = siblings_mut(draft, parent.as_deref());
            if list.len() > 1 {
                let other = if index + 1 < list.len() {
                    index + 1
                } else {
                    index - 1
                };
                list.swap(index, other);
                renumber(list, depth);
            }
            format!("đổi thứ tự mục {id}")
        }
        92..96 => {
            // A new sub-section at the end of a level-2 section.
            *serial += 1;
            let host = match depth {
                0 => draft.sections[index].sections[0].id.clone(),
                1 => id.to_owned(),
                _ => parent.clone().expect("a leaf has a parent"),
            };
            let host_owner = draft.section(&host).expect("host").owner.clone();
            let new = Section {
                id: format!("muc-moi-{serial}"),
                number: String::new(),
                title: Some(title(rng, 2)),
                owner: host_owner,
                body: body(rng, (2, 3)),
                sections: Vec::new(),
            };
            let list = siblings_mut(draft, Some(&host));
            list.push(new);
            renumber(list, 2);
            format!("thêm mục mới vào {host}")
        }
        96..98 if depth == 2 && !draft.section(id).expect("id").body.contains("[^") => {
            let list = siblings_mut(draft, parent.as_deref());
            list.remove(index);
            renumber(list, depth);
            format!("bỏ mục {id}")
        }
        96..98 if depth == 2 => {
            // Move a leaf to the end of another level-2 section.
            let taken = siblings_mut(draft, parent.as_deref()).remove(index);
            renumber(siblings_mut(draft, parent.as_deref()), depth);
            let hosts: Vec<String> = draft
                .outline()
                .iter()
                .filter(|p| p.depth == 1 && Some(p.section.id.as_str()) != parent.as_deref())
                .map(|p| p.section.id.clone())
                .collect();
            let host = rng.pick(&hosts).clone();
            let list = siblings_mut(draft, Some(&host));
            list.push(taken);
            renumber(list, 2);
            format!("chuyển mục {id} sang {host}")
        }
        _ => {
            let at = rng.below(draft.footnotes.len());
            let f = &mut draft.footnotes[at];
            f.text = change_figure(rng, &f.text);
            format!("sửa chú thích {}", f.id)
        }
    }
}

/// One revision: 1–5 edits, on the sections a department owns when it has some.
fn revise(
    rng: &mut Lcg,
    draft: &mut Draft,
    department: Option<&str>,
    serial: &mut usize,
) -> String {
    let edits = rng.range(1, 5);
    let mut what = Vec::new();
    for _ in 0..edits {
        let ids: Vec<String> = draft
            .outline()
            .iter()
            .filter(|p| department.is_none_or(|d| p.section.owner == d))
            .map(|p| p.section.id.clone())
            .collect();
        let ids = if ids.is_empty() {
            draft
                .outline()
                .iter()
                .map(|p| p.section.id.clone())
                .collect()
        } else {
            ids
        };
        let id = rng.pick(&ids).clone();
        what.push(edit(rng, draft, &id, serial));
    }
    capitalise(&what.join("; "))
}

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

fn people() -> Vec<Identity> {
    [
        ("Đỗ Minh Tuấn", "tuan.dm@tanyen.example"),
        ("Lê Thị Hoa", "hoa.lt@tanyen.example"),
        ("Nguyễn Văn Thắng", "thang.nv@tanyen.example"),
        ("Trần Thị Thu Hằng", "hang.ttt@tanyen.example"),
        ("Hoàng Văn Đức", "duc.hv@tanyen.example"),
    ]
    .iter()
    .map(|(name, email)| Identity {
        name: (*name).to_owned(),
        email: (*email).to_owned(),
    })
    .collect()
}

fn moment(n: usize) -> Moment {
    Moment {
        // 2023-11-01 08:00 in Hanoi, then one revision an hour.
        seconds: 1_698_800_400 + 3_600 * n as i64,
        offset_minutes: 7 * 60,
    }
}

fn build_repository() -> Fixture {
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().to_path_buf();
    let store = Store::init(&path).expect("git init");
    let who = people();
    let mut rng = Lcg(0x6475_7965_7462_656e); // "duyetben"

    let first = generate_draft(&mut rng);
    let yaml = write_draft(&first);
    let reread = load_draft(DRAFT_PATH, yaml.as_bytes()).expect("the generated draft is valid");
    assert_eq!(reread, first, "the generated draft must be canonical");
    assert_eq!(write_draft(&reread), yaml, "write_draft must be stable");
    let sections = first.outline().len();
    assert!(sections >= 200, "only {sections} sections");
    for p in first.outline() {
        let paragraphs: Vec<&str> = p.section.body.split("\n\n").collect();
        assert!((2..=6).contains(&paragraphs.len()), "{}", p.section.id);
        for text in paragraphs {
            let words = text.split_whitespace().count();
            assert!(
                (60..=200).contains(&words),
                "{}: {words} words",
                p.section.id
            );
        }
    }
    assert!(yaml.len() >= 500 * 1024, "only {} bytes", yaml.len());
    assert!(yaml.len() <= MAX_DRAFT_BYTES);

    let mut tick = 0;
    let mut tip = store
        .commit_files(
            "main",
            None,
            &[
                FileChange {
                    path: "duyet.yaml",
                    contents: duyet::demo::SAMPLE_CONFIG.as_bytes(),
                },
                FileChange {
                    path: DRAFT_PATH,
                    contents: yaml.as_bytes(),
                },
            ],
            &who[0],
            Some(moment(tick)),
            "Dự thảo báo cáo tổng kết năm 2023",
        )
        .expect("first commit");
    let mut commits = 1;
    let mut serial = 0;
    let mut draft = first.clone();
    let mut history = vec![(tip, draft.clone())];
    for n in 1..=MAIN_REVISIONS {
        tick += 1;
        let message = revise(&mut rng, &mut draft, None, &mut serial);
        let yaml = write_draft(&draft);
        tip = store
            .commit_files(
                "main",
                Some(tip),
                &[FileChange {
                    path: DRAFT_PATH,
                    contents: yaml.as_bytes(),
                }],
                &who[n % who.len()],
                Some(moment(tick)),
                &message,
            )
            .expect("commit on main");
        commits += 1;
        history.push((tip, draft.clone()));
    }
    // The last revision must read back as written (the edits keep it valid).
    let last = store
        .read_draft("main", DRAFT_PATH)
        .expect("main reads back");
    assert_eq!(last, draft, "the edited draft must be canonical");

    for (i, (department, back)) in DEPT_BRANCHES.iter().enumerate() {
        let branch = format!("dept/{department}");
        let (base, base_draft) = history[MAIN_REVISIONS - back].clone();
        store.create_branch(&branch, base).expect("create branch");
        let mut dept_tip = base;
        let mut dept_draft = base_draft;
        for _ in 0..DEPT_REVISIONS {
            tick += 1;
            let message = revise(&mut rng, &mut dept_draft, Some(department), &mut serial);
            let yaml = write_draft(&dept_draft);
            dept_tip = store
                .commit_files(
                    &branch,
                    Some(dept_tip),
                    &[FileChange {
                        path: DRAFT_PATH,
                        contents: yaml.as_bytes(),
                    }],
                    &who[(i + 1) % who.len()],
                    Some(moment(tick)),
                    &message,
                )
                .expect("commit on a department branch");
            commits += 1;
        }
    }
    Fixture {
        _dir: dir,
        path,
        yaml_bytes: yaml.len(),
        sections,
        footnotes: first.footnotes.len(),
        first,
        commits,
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
/// git's empty tree: every record commit has it.
const EMPTY_TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
/// A second draft some records are about (the fold skips them).
const OTHER_DRAFT: &str = "drafts/bao-cao-quy-3-2023.yaml";

/// A record planned by `RecordGen`, not yet written.
struct Planned {
    who: Identity,
    when: Moment,
    message: String,
    section: usize,
    action: ReviewAction,
    /// For a reply: the thread it joins.
    thread: Option<usize>,
}

/// A comment thread so far: its records' ids, and the revision and content
/// hash of its first comment (which a reply or resolve repeats, as ops does).
struct GenThread {
    ids: Vec<String>,
    revision: String,
    hash: String,
    resolved: bool,
}

/// What the generated records contain, to print.
#[derive(Default)]
struct RecordMix {
    comments: usize,
    quoted: usize,
    replies: usize,
    resolves: usize,
    approvals_current: usize,
    approvals_old: usize,
    not_counted: usize,
    change_requests: usize,
    other_draft: usize,
}

/// Plausible review records on the sections of the first screen's draft:
/// comments (some on a quoted phrase, some of which is gone since), replies
/// and resolutions in threads, approvals of the current content (valid) or of
/// the content at `main~100` (stale where the section changed since), change
/// requests; authors from `drafts/duyet.yaml`, mostly people allowed to
/// decide, a few not (shown as not counted).
struct RecordGen<'a> {
    rng: Lcg,
    people: Vec<Identity>,
    /// Per section: the people allowed to approve it.
    deciders: Vec<Vec<Identity>>,
    sections: Vec<&'a Section>,
    headings: Vec<String>,
    /// Per section: the content hash now, and at the old revision.
    hashes: Vec<(String, Option<String>)>,
    old_bodies: Vec<Option<&'a str>>,
    current_rev: String,
    old_rev: String,
    threads: Vec<Vec<GenThread>>,
    serial: usize,
    mix: RecordMix,
}

#[derive(Clone, Copy, PartialEq)]
enum ReviewAction {
    Comment,
    Reply,
    Resolve,
    Approve,
    RequestChanges,
}

impl<'a> RecordGen<'a> {
    fn new(config: &Config, current: (&str, &'a Draft), old: (&str, &'a Draft)) -> RecordGen<'a> {
        let people: Vec<Identity> = config
            .people
            .iter()
            .map(|p| Identity {
                name: p.name.clone(),
                email: p.email.clone(),
            })
            .collect();
        let (current_rev, draft) = current;
        let (old_rev, old_draft) = old;
        let sections: Vec<&Section> = draft.outline().iter().map(|p| p.section).collect();
        let deciders = sections
            .iter()
            .map(|s| {
                people
                    .iter()
                    .filter(|p| may_decide(Some(config), p, &s.owner).is_ok())
                    .cloned()
                    .collect()
            })
            .collect();
        let headings = sections
            .iter()
            .map(|s| {
                let label: String = s.label().chars().take(50).collect();
                format!("{} {label}", draft.number_path(&s.id))
            })
            .collect();
        let hashes = sections
            .iter()
            .map(|s| {
                let old = old_draft.section(&s.id).map(|o| section_hash(old_draft, o));
                (section_hash(draft, s), old)
            })
            .collect();
        let old_bodies = sections
            .iter()
            .map(|s| old_draft.section(&s.id).map(|o| o.body.as_str()))
            .collect();
        RecordGen {
            rng: Lcg(0x7265_7669_6577_7321), // "reviews!"
            people,
            deciders,
            threads: sections.iter().map(|_| Vec::new()).collect(),
            sections,
            headings,
            hashes,
            old_bodies,
            current_rev: current_rev.to_owned(),
            old_rev: old_rev.to_owned(),
            serial: 0,
            mix: RecordMix::default(),
        }
    }

    /// A comment text of 5–40 words.
    fn text(&mut self) -> String {
        let target = self.rng.range(5, 40);
        let mut words: Vec<&str> = Vec::new();
        let mut count = 0;
        while count < target {
            let w = *self.rng.pick(WORDS);
            let n = w.split_whitespace().count();
            if count + n > 40 {
                continue;
            }
            count += n;
            words.push(w);
        }
        format!("{}.", capitalise(&words.join(" ")))
    }

    /// 3–6 consecutive words of a body.
    fn phrase(&mut self, body: &str) -> Option<String> {
        let words: Vec<&str> = body.split_whitespace().collect();
        let len = self.rng.range(3, 6);
        if words.len() <= len {
            return None;
        }
        let at = self.rng.below(words.len() - len);
        Some(words[at..at + len].join(" "))
    }

    fn next(&mut self) -> Planned {
        self.serial += 1;
        let s = self.rng.below(self.sections.len());
        let open: Vec<usize> = (0..self.threads[s].len())
            .filter(|&t| !self.threads[s][t].resolved)
            .collect();
        let roll = self.rng.below(100);
        let mut action = match roll {
            0..36 => ReviewAction::Comment,
            36..63 => ReviewAction::Reply,
            63..73 => ReviewAction::Resolve,
            73..95 => ReviewAction::Approve,
            _ => ReviewAction::RequestChanges,
        };
        if matches!(action, ReviewAction::Reply | ReviewAction::Resolve) && open.is_empty() {
            action = ReviewAction::Comment;
        }
        let section = self.sections[s];
        let (hash_now, hash_old) = self.hashes[s].clone();
        let mut record = NewRecord {
            action: Action::Comment,
            draft: DRAFT_PATH.to_owned(),
            section: section.id.clone(),
            revision: self.current_rev.clone(),
            section_hash: hash_now.clone(),
            reply_to: None,
            quote: None,
            finding: None,
            text: String::new(),
        };
        let mut who = self.rng.pick(&self.people).clone();
        let mut thread = None;
        let summary = match action {
            ReviewAction::Comment => {
                record.text = self.text();
                if self.rng.chance(20) {
                    // Mostly words still there; some from the old text.
                    let body = match self.old_bodies[s] {
                        Some(old) if self.rng.chance(25) => old,
                        _ => section.body.as_str(),
                    };
                    record.quote = self.phrase(body);
                    self.mix.quoted += usize::from(record.quote.is_some());
                }
                self.mix.comments += 1;
                let first: String = record.text.chars().take(50).collect();
                format!("Góp ý mục {}: {first}", self.headings[s])
            }
            ReviewAction::Reply | ReviewAction::Resolve => {
                let t = *self.rng.pick(&open);
                let th = &self.threads[s][t];
                let to = self.rng.pick(&th.ids).clone();
                record.revision = th.revision.clone();
                record.section_hash = th.hash.clone();
                record.reply_to = Some(to.clone());
                // Mostly the owner department answers.
                if let Some(d) = self.deciders[s].first() {
                    if self.rng.chance(50) {
                        who = d.clone();
                    }
                }
                if action == ReviewAction::Reply {
                    record.action = Action::Reply;
                    record.text = self.text();
                    thread = Some(t);
                    self.mix.replies += 1;
                    format!("Trả lời góp ý {} về mục {}", &to[..7], section.id)
                } else {
                    record.action = Action::Resolve;
                    self.threads[s][t].resolved = true;
                    self.mix.resolves += 1;
                    format!("Đóng góp ý {} về mục {}", &to[..7], section.id)
                }
            }
            ReviewAction::Approve | ReviewAction::RequestChanges => {
                if self.rng.chance(95) && !self.deciders[s].is_empty() {
                    who = self.rng.pick(&self.deciders[s]).clone();
                } else {
                    self.mix.not_counted += 1;
                }
                if action == ReviewAction::Approve {
                    record.action = Action::Approve;
                    match hash_old {
                        Some(old) if self.rng.chance(30) => {
                            record.revision = self.old_rev.clone();
                            record.section_hash = old;
                            self.mix.approvals_old += 1;
                        }
                        _ => self.mix.approvals_current += 1,
                    }
                    format!("Phê duyệt mục {}", self.headings[s])
                } else {
                    record.action = Action::RequestChanges;
                    record.text = self.text();
                    self.mix.change_requests += 1;
                    let first: String = record.text.chars().take(50).collect();
                    format!("Yêu cầu chỉnh sửa mục {}: {first}", self.headings[s])
                }
            }
        };
        if self.rng.chance(3) {
            record.draft = OTHER_DRAFT.to_owned();
            self.mix.other_draft += 1;
        }
        Planned {
            who,
            // 2023-12-01 08:00 in Hanoi, then one record every 37 seconds.
            when: Moment {
                seconds: 1_701_392_400 + 37 * self.serial as i64,
                offset_minutes: 7 * 60,
            },
            message: record.message(&summary),
            section: s,
            action,
            thread,
        }
    }

    /// Remembers the commit id of a record written, for later replies.
    fn written(&mut self, p: &Planned, id: String) {
        match p.action {
            ReviewAction::Comment => {
                let (hash, _) = &self.hashes[p.section];
                self.threads[p.section].push(GenThread {
                    ids: vec![id],
                    revision: self.current_rev.clone(),
                    hash: hash.clone(),
                    resolved: false,
                });
            }
            ReviewAction::Reply => {
                if let Some(t) = p.thread {
                    self.threads[p.section][t].ids.push(id);
                }
            }
            _ => {}
        }
    }
}

/// `+0700` from minutes east of UTC.
fn git_offset(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    format!("{sign}{:02}{:02}", m / 60, m % 60)
}

/// Writes `total` records on `refs/duyet/reviews` (which must not exist yet)
/// with `git fast-import`, one commit each on top of the last, exactly as
/// `Store::append_record` would write them (empty tree, author = committer).
/// Replies name earlier records by id, so every commit id is computed here
/// first (`Oid::hash_object`); the ref's tip after the import proves they
/// match. Returns the ids, oldest first.
fn import_records(repo: &Path, generator: &mut RecordGen<'_>, total: usize) -> Vec<String> {
    use std::io::Write as _;
    let mut child = git(repo)
        .args(["fast-import", "--quiet", "--done"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import");
    let mut ids: Vec<String> = Vec::with_capacity(total);
    {
        let mut out = std::io::BufWriter::new(child.stdin.take().expect("stdin"));
        let mut object = String::new();
        for _ in 0..total {
            let p = generator.next();
            let sig = format!(
                "{} <{}> {} {}",
                p.who.name,
                p.who.email,
                p.when.seconds,
                git_offset(p.when.offset_minutes)
            );
            object.clear();
            object.push_str("tree ");
            object.push_str(EMPTY_TREE);
            object.push('\n');
            if let Some(parent) = ids.last() {
                object.push_str("parent ");
                object.push_str(parent);
                object.push('\n');
            }
            object.push_str(&format!("author {sig}\ncommitter {sig}\n\n"));
            object.push_str(&p.message);
            let id = git2::Oid::hash_object(git2::ObjectType::Commit, object.as_bytes())
                .expect("hash")
                .to_string();
            write!(
                out,
                "commit {REVIEWS_REF}\nauthor {sig}\ncommitter {sig}\ndata {}\n{}\n",
                p.message.len(),
                p.message
            )
            .expect("write to fast-import");
            generator.written(&p, id.clone());
            ids.push(id);
        }
        out.write_all(b"done\n").expect("write to fast-import");
    }
    let status = child.wait().expect("git fast-import");
    assert!(status.success(), "git fast-import failed: {status}");
    let tip = git_output(repo, &["rev-parse", REVIEWS_REF]);
    assert_eq!(
        String::from_utf8_lossy(&tip).trim(),
        ids.last().expect("some records").as_str(),
        "fast-import wrote other commits than the ones computed"
    );
    ids
}

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

/// A `git` that reads no configuration but the repository's own.
fn git(repo: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C")
        .arg(repo)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_PAGER", "cat")
        .env("LC_ALL", "C.UTF-8")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    c
}

fn run_git(repo: &Path, args: &[&str]) {
    let status = git(repo).args(args).status().expect("run git");
    // `git diff --exit-code` is not used: 0 is the only success here.
    assert!(status.success(), "git {args:?} failed: {status}");
}

fn git_output(repo: &Path, args: &[&str]) -> Vec<u8> {
    git(repo)
        .args(args)
        .stdout(Stdio::piped())
        .output()
        .expect("run git")
        .stdout
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
