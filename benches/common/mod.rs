//! What both benchmarks build: a deterministic large draft (a fixed LCG,
//! Vietnamese text of a district report), the edits departments make to it,
//! a repository of its revisions on `main` and `dept/*` branches, and
//! plausible review records on `refs/duyet/reviews`; and a `git` that reads
//! no configuration but the repository's own.
//!
//! Included by `duyet_bench.rs` (in-process figures) and `whole_process.rs`
//! (the release binary and git as whole processes).

#![allow(dead_code)] // each bench uses a different part of this module

use std::path::Path;
use std::process::{Command, Stdio};

use duyet::core::config::Config;
use duyet::core::load::MAX_DRAFT_BYTES;
use duyet::core::policy::may_decide;
use duyet::core::review::{Action, NewRecord, REVIEWS_REF, section_hash};
use duyet::core::yaml::write_draft;
use duyet::core::{Draft, Footnote, Identity, Moment, Section, Signature, load_draft};
use duyet::store::{FileChange, Store};

/// Where the draft lives in the repository.
pub const DRAFT_PATH: &str = "drafts/bao-cao-tong-ket-2023.yaml";

// ---------------------------------------------------------------------------
// Deterministic text
// ---------------------------------------------------------------------------

/// Knuth's MMIX LCG; the high bits are good enough for picking words.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Words and phrases of a district report (precomposed, NFC; checked at start).
pub const WORDS: &[&str] = &[
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
pub const FIGURES: &[(&str, &str)] = &[
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

pub const TOPICS: &[&str] = &[
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
pub const DEPARTMENTS: &[&str] = &[
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

pub const FOOTNOTES: usize = 10;

pub fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A number as Vietnamese reports print it: `412,5`.
pub fn figure(rng: &mut Lcg) -> String {
    format!("{},{}", rng.range(1, 2_000), rng.below(10))
}

/// One sentence of 8–22 words, sometimes with a figure, ending in a full stop.
/// Returns the sentence and its number of words (syllables).
pub fn sentence(rng: &mut Lcg) -> (String, usize) {
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
pub fn paragraph(rng: &mut Lcg) -> String {
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

/// A body of `paragraphs.0` to `paragraphs.1` paragraphs.
pub fn body(rng: &mut Lcg, paragraphs: (usize, usize)) -> String {
    let n = rng.range(paragraphs.0, paragraphs.1);
    (0..n)
        .map(|_| paragraph(rng))
        .collect::<Vec<_>>()
        .join("\n\n")
}

pub fn roman(n: usize) -> String {
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
pub fn number(depth: usize, index: usize) -> String {
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

pub fn renumber(sections: &mut [Section], depth: usize) {
    for (i, s) in sections.iter_mut().enumerate() {
        s.number = number(depth, i);
    }
}

pub fn title(rng: &mut Lcg, depth: usize) -> String {
    let topic = *rng.pick(TOPICS);
    match depth {
        0 => format!("KẾT QUẢ THỰC HIỆN NHIỆM VỤ {}", topic.to_uppercase()),
        1 => format!("Về {topic}"),
        _ => capitalise(&format!("{} {}", rng.pick(WORDS), rng.pick(WORDS))),
    }
}

/// How `sections` sections are laid out in three levels (I / 1 / a): about
/// one top-level section in 37, each with about six level-2 sections of about
/// five leaves each, so that 222 gives exactly 6 × 6 × 5.
fn layout(sections: usize) -> (usize, usize, usize) {
    let tops = ((sections + 18) / 37).clamp(1, sections.max(1));
    let rest = sections.saturating_sub(tops);
    let children = rest.div_ceil(6);
    (tops, children, rest - children)
}

/// The `i`-th of `n` shares of `total`, the first ones one larger.
fn share(total: usize, n: usize, i: usize) -> usize {
    match (total.checked_div(n), total.checked_rem(n)) {
        (Some(each), Some(left)) => each + usize::from(i < left),
        _ => 0,
    }
}

/// A large draft of `count` sections in three levels (222: 6 × 6 × 5), every
/// body 2 to `paragraphs` paragraphs, ten footnotes each cited from two
/// sections.
pub fn generate_draft(rng: &mut Lcg, count: usize, paragraphs: usize) -> Draft {
    let (tops, children, leaves) = layout(count);
    let mut sections = Vec::new();
    let mut serial = 0;
    let mut child = 0;
    for i in 0..tops {
        let mut level2 = Vec::new();
        for j in 0..share(children, tops, i) {
            let owner = DEPARTMENTS[1 + child % (DEPARTMENTS.len() - 1)];
            let mut level3 = Vec::new();
            for k in 0..share(leaves, children, child) {
                serial += 1;
                level3.push(Section {
                    id: format!("muc-{}-{}-{}", i + 1, j + 1, k + 1),
                    number: number(2, k),
                    title: Some(title(rng, 2)),
                    owner: owner.to_owned(),
                    body: body(rng, (2, paragraphs)),
                    sections: Vec::new(),
                });
            }
            serial += 1;
            child += 1;
            level2.push(Section {
                id: format!("muc-{}-{}", i + 1, j + 1),
                number: number(1, j),
                title: Some(title(rng, 1)),
                owner: owner.to_owned(),
                body: body(rng, (2, paragraphs)),
                sections: level3,
            });
        }
        serial += 1;
        sections.push(Section {
            id: format!("muc-{}", i + 1),
            number: number(0, i),
            title: Some(title(rng, 0)),
            owner: "van-phong".to_owned(),
            body: body(rng, (2, paragraphs)),
            sections: level2,
        });
    }
    assert_eq!(serial, count.max(1));
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

pub fn paragraphs_of(body: &str) -> Vec<String> {
    body.split("\n\n").map(str::to_owned).collect()
}

/// Replaces one figure in the text (or adds a sentence with one).
pub fn change_figure(rng: &mut Lcg, text: &str) -> String {
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
pub fn sentences(p: &str) -> Vec<&str> {
    p.split_inclusive(". ").collect()
}

pub fn add_sentence(rng: &mut Lcg, body: &str) -> String {
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

pub fn remove_sentence(rng: &mut Lcg, body: &str) -> String {
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
pub fn siblings_mut<'a>(draft: &'a mut Draft, parent: Option<&str>) -> &'a mut Vec<Section> {
    match parent {
        None => &mut draft.sections,
        Some(id) => &mut draft.section_mut(id).expect("parent exists").sections,
    }
}

/// Where a section is: (parent id, depth, index among siblings).
pub fn place_of(draft: &Draft, id: &str) -> (Option<String>, usize, usize) {
    let outline = draft.outline();
    let p = outline
        .iter()
        .find(|p| p.section.id == id)
        .expect("section exists");
    (p.parent.map(str::to_owned), p.depth, p.index)
}

/// Applies one edit to the section `id`; returns a few words for the commit
/// message.
pub fn edit(rng: &mut Lcg, draft: &mut Draft, id: &str, serial: &mut usize) -> String {
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
pub fn revise(
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

pub fn people() -> Vec<Identity> {
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

pub fn moment(n: usize) -> Moment {
    Moment {
        // 2023-11-01 08:00 in Hanoi, then one revision an hour.
        seconds: 1_698_800_400 + 3_600 * n as i64,
        offset_minutes: 7 * 60,
    }
}

// ---------------------------------------------------------------------------
// The repository
// ---------------------------------------------------------------------------

/// The shape of a repository of one draft's revisions.
pub struct HistorySpec<'a> {
    pub sections: usize,
    /// Paragraphs of a section's body: 2 to this many (each 60–200 words).
    pub paragraphs: usize,
    /// Revisions on `main` after the first one (so `main~N` is the first).
    pub main_revisions: usize,
    /// Department branches `dept/<department>`, each forked from `main` that
    /// many revisions back from its tip.
    pub branches: &'a [(&'a str, usize)],
    /// Revisions on each department branch.
    pub dept_revisions: usize,
}

/// What `build_history` wrote.
pub struct History {
    /// The first revision of the draft.
    pub first: Draft,
    /// The draft on `main` at the tip.
    pub last: Draft,
    /// Size of the first revision's YAML.
    pub yaml_bytes: usize,
    pub sections: usize,
    pub footnotes: usize,
    pub commits: usize,
}

/// Writes the draft's revisions into `store` (an empty repository) with the
/// library, with fixed authors and dates: `duyet.yaml` and the first
/// revision, `main_revisions` more on `main`, then each department branch.
/// The same spec always gives the same commit ids.
pub fn build_history(store: &Store, spec: &HistorySpec<'_>) -> History {
    let who = people();
    let mut rng = Lcg(0x6475_7965_7462_656e); // "duyetben"

    let first = generate_draft(&mut rng, spec.sections, spec.paragraphs);
    let yaml = write_draft(&first);
    let reread = load_draft(DRAFT_PATH, yaml.as_bytes()).expect("the generated draft is valid");
    assert_eq!(reread, first, "the generated draft must be canonical");
    assert_eq!(write_draft(&reread), yaml, "write_draft must be stable");
    let sections = first.outline().len();
    for p in first.outline() {
        let paragraphs: Vec<&str> = p.section.body.split("\n\n").collect();
        assert!(
            (2..=spec.paragraphs).contains(&paragraphs.len()),
            "{}",
            p.section.id
        );
        for text in paragraphs {
            let words = text.split_whitespace().count();
            assert!(
                (60..=200).contains(&words),
                "{}: {words} words",
                p.section.id
            );
        }
    }
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
    for n in 1..=spec.main_revisions {
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

    for (i, (department, back)) in spec.branches.iter().enumerate() {
        let branch = format!("dept/{department}");
        let (base, base_draft) = history[spec.main_revisions - back].clone();
        store.create_branch(&branch, base).expect("create branch");
        let mut dept_tip = base;
        let mut dept_draft = base_draft;
        for _ in 0..spec.dept_revisions {
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
    History {
        yaml_bytes: yaml.len(),
        sections,
        footnotes: first.footnotes.len(),
        first,
        last: draft,
        commits,
    }
}

// ---------------------------------------------------------------------------
// Review records
// ---------------------------------------------------------------------------

/// git's empty tree: every record commit has it.
pub const EMPTY_TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
/// A second draft some records are about (the fold skips them).
pub const OTHER_DRAFT: &str = "drafts/bao-cao-quy-3-2023.yaml";

/// A record planned by `RecordGen`, not yet written.
pub struct Planned {
    pub who: Identity,
    pub when: Moment,
    pub message: String,
    pub section: usize,
    pub action: ReviewAction,
    /// For a reply: the thread it joins.
    pub thread: Option<usize>,
}

/// A comment thread so far: its records' ids, and the revision and content
/// hash of its first comment (which a reply or resolve repeats, as ops does).
pub struct GenThread {
    pub ids: Vec<String>,
    pub revision: String,
    pub hash: String,
    pub resolved: bool,
}

/// What the generated records contain, to print.
#[derive(Default)]
pub struct RecordMix {
    pub comments: usize,
    pub quoted: usize,
    pub replies: usize,
    pub resolves: usize,
    pub approvals_current: usize,
    pub approvals_old: usize,
    pub not_counted: usize,
    pub change_requests: usize,
    pub other_draft: usize,
}

/// Plausible review records on the sections of the first screen's draft:
/// comments (some on a quoted phrase, some of which is gone since), replies
/// and resolutions in threads, approvals of the current content (valid) or of
/// the content at `main~100` (stale where the section changed since), change
/// requests; authors from `drafts/duyet.yaml`, mostly people allowed to
/// decide, a few not (shown as not counted).
pub struct RecordGen<'a> {
    pub rng: Lcg,
    pub people: Vec<Identity>,
    /// Per section: the people allowed to approve it.
    pub deciders: Vec<Vec<Identity>>,
    pub sections: Vec<&'a Section>,
    pub headings: Vec<String>,
    /// Per section: the content hash now, and at the old revision.
    pub hashes: Vec<(String, Option<String>)>,
    pub old_bodies: Vec<Option<&'a str>>,
    pub current_rev: String,
    pub old_rev: String,
    pub threads: Vec<Vec<GenThread>>,
    pub serial: usize,
    pub mix: RecordMix,
}

#[derive(Clone, Copy, PartialEq)]
pub enum ReviewAction {
    Comment,
    Reply,
    Resolve,
    Approve,
    RequestChanges,
}

impl<'a> RecordGen<'a> {
    pub fn new(
        config: &Config,
        current: (&str, &'a Draft),
        old: (&str, &'a Draft),
    ) -> RecordGen<'a> {
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
    pub fn text(&mut self) -> String {
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
    pub fn phrase(&mut self, body: &str) -> Option<String> {
        let words: Vec<&str> = body.split_whitespace().collect();
        let len = self.rng.range(3, 6);
        if words.len() <= len {
            return None;
        }
        let at = self.rng.below(words.len() - len);
        Some(words[at..at + len].join(" "))
    }

    pub fn next(&mut self) -> Planned {
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
    pub fn written(&mut self, p: &Planned, id: String) {
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
pub fn git_offset(minutes: i32) -> String {
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
pub fn import_records(repo: &Path, generator: &mut RecordGen<'_>, total: usize) -> Vec<String> {
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

/// A `git` that reads no configuration but the repository's own.
pub fn git(repo: &Path) -> Command {
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

pub fn run_git(repo: &Path, args: &[&str]) {
    let status = git(repo).args(args).status().expect("run git");
    // `git diff --exit-code` is not used: 0 is the only success here.
    assert!(status.success(), "git {args:?} failed: {status}");
}

pub fn git_output(repo: &Path, args: &[&str]) -> Vec<u8> {
    git(repo)
        .args(args)
        .stdout(Stdio::piped())
        .output()
        .expect("run git")
        .stdout
}
