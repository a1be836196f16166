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

use std::hint::black_box;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use duyet::core::load::{MAX_DRAFT_BYTES, decode, parse_yaml};
use duyet::core::yaml::write_draft;
use duyet::core::{Draft, Footnote, Identity, Moment, Section, Signature, diff_drafts, load_draft};
use duyet::store::{FileChange, Store};
use duyet::tui::app::{App, Job, Loadable, Msg, WorkerEvent, update};
use duyet::tui::keys::Action;
use duyet::tui::theme::Theme;
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

/// Starts the screen as `tui::run` does, with a worker thread, eight times:
/// when the loading frame was drawn, when the first frame showing the
/// comparison was, and when the review state was shown too. With `poll`,
/// worker events are only looked at after waiting that long for a key that
/// never comes, as the event loop does.
fn first_frames(repo: &Path, me: &Identity, theme: &Theme, poll: Option<Duration>) -> [Stats; 3] {
    let mut first = Vec::new();
    let mut useful = Vec::new();
    let mut complete = Vec::new();
    for _ in 0..8 {
        let start = Instant::now();
        let (job_tx, job_rx) = mpsc::channel::<Job>();
        let (event_tx, event_rx) = mpsc::channel::<WorkerEvent>();
        let path = repo.to_path_buf();
        let who = Some(me.clone());
        let handle = std::thread::spawn(move || worker::run(path, who, job_rx, event_tx));
        let mut app = App::new(Lang::Vi, SCREEN);
        let mut t = new_terminal();
        t.draw(|f| draw(f, &app, theme)).expect("draw");
        first.push(start.elapsed());
        let mut diff_shown = false;
        while !diff_shown || matches!(app.review, Loadable::Loading) {
            let events: Vec<WorkerEvent> = match poll {
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
            let dirty = !events.is_empty();
            for event in events {
                for job in update(&mut app, Msg::Worker(event)) {
                    job_tx.send(job).expect("worker alive");
                }
            }
            if dirty {
                t.draw(|f| draw(f, &app, theme)).expect("draw");
                if !diff_shown && app.comparison.ready().is_some() {
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
    let read_parse = measure(15, || store.read_draft("main", DRAFT_PATH).expect("valid"));
    row("read + parse + check (store.read_draft)", read_parse);
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
                    let old = store.read_draft(from, DRAFT_PATH).expect("old");
                    let new = store.read_draft(to, DRAFT_PATH).expect("new");
                    drop(black_box(diff_drafts(&old, &new)));
                },
                &mut || {
                    let c = worker::compare(&store, DRAFT_PATH, from, to).expect("compare");
                    drop(black_box(c));
                },
                &mut || {
                    // What-if: the two revisions read and parsed on two threads.
                    let (old, new) = std::thread::scope(|s| {
                        let other = s.spawn(|| {
                            let store = Store::open(Some(repo)).expect("open");
                            store.read_draft(from, DRAFT_PATH).expect("old")
                        });
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
        row("duyet: read both + parse + diff", full);
        row("duyet: the screen's Diff job (worker::compare)", job);
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
    assert!(app.comparison.ready().is_some(), "the comparison loaded");
    let loaded = measure(300, || {
        terminal.draw(|f| draw(f, &app, &theme)).expect("draw").area
    });
    row("loaded frame (first change selected)", loaded);
    let shown = screen_text(&terminal);
    assert!(
        !shown.contains("Đang tải"),
        "the frame shows the diff:\n{shown}"
    );
    let rows = app.rows.len();
    let stepping = {
        let mut app = App::new(Lang::Vi, SCREEN);
        open_inline(&store, &mut app, Some(me.clone()));
        update(&mut app, Msg::Key(Action::First));
        let mut step = 0usize;
        measure(rows.min(400), || {
            step += 1;
            let key = if step % rows == 0 {
                Action::First
            } else {
                Action::Down
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
        update(&mut app, Msg::Key(Action::ToggleSideBySide));
        measure(200, || {
            terminal.draw(|f| draw(f, &app, &theme)).expect("draw").area
        })
    };
    row("loaded frame, side by side", side);

    // --- e. first useful frame ---------------------------------------------
    heading("e. From start to the first useful frame");
    let open = measure(10, || {
        let s = Store::open(Some(repo)).expect("open");
        worker::open_repo(&s, Some(me.clone())).expect("open_repo")
    });
    row("Store::open + worker::open_repo (branches, config…)", open);
    let info = worker::open_repo(&store, Some(me.clone())).expect("open_repo");
    let first_job = measure(10, || {
        worker::compare(&store, DRAFT_PATH, &info.from, &info.to).expect("compare")
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
    let [first, useful, complete] = first_frames(repo, &me, &theme, None);
    let [_, polled, polled_complete] = first_frames(repo, &me, &theme, Some(EVENT_LOOP_POLL));
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

    println!();
    println!("Against the targets");
    for v in &verdicts {
        println!("  [{}] {}", if v.met { " ok " } else { "MISS" }, v.text);
    }
    println!();
    println!("benchmark ran in {}", ms(total.elapsed()));
}
