//! The parts of a report around its body: the header block (issuing body,
//! superior body, Số, place and date, document type, title) and the tail
//! (signature block, Nơi nhận).

use super::lines::{Line, is_list_item, is_upper, strip_stars, unbold};
use super::{Note, NoteKind};
use crate::core::draft::Signature;

#[derive(Debug, Default)]
pub struct Head {
    pub issuing_body: String,
    pub superior_body: String,
    pub document_type: String,
    pub number: String,
    pub place_date: String,
    pub title: String,
}

/// How far into the text the document type is looked for.
const HEADER_LINES: usize = 24;

/// The national motto lines, which a draft does not hold (every report has
/// them); a text extracted from a two-column header may have them on the
/// issuing body's lines.
const MOTTO: &[&str] = &[
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Độc lập – Tự do – Hạnh phúc",
    "Độc lập – Tự do – Hạnh Phúc",
    "Độc lập - Tự do - Hạnh Phúc",
];

/// Words that start the second line of an issuing body written on two
/// lines ("ỦY BAN NHÂN DÂN" / "HUYỆN TÂN YÊN").
const PLACE_WORDS: &[&str] = &[
    "HUYỆN",
    "TỈNH",
    "XÃ",
    "THỊ TRẤN",
    "THỊ XÃ",
    "THÀNH PHỐ",
    "QUẬN",
    "PHƯỜNG",
];

/// The header block and the lines after it. Without a document type in the
/// first lines, there is no header: everything is body.
pub fn header<'a>(lines: &'a [Line], notes: &mut Vec<Note>) -> (Head, &'a [Line]) {
    let mut head = Head::default();
    let first_line = lines.iter().find(|l| !l.is_blank()).map_or(1, |l| l.no);
    let candidates: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].is_blank())
        .take(HEADER_LINES)
        .collect();
    let Some(type_at) = candidates
        .iter()
        .copied()
        .find(|&i| is_document_type(&lines[i].text))
    else {
        notes.push(Note {
            line: first_line,
            kind: NoteKind::DocumentTypeMissing,
        });
        return (head, lines);
    };
    let mut bodies: Vec<String> = Vec::new();
    for &i in candidates.iter().filter(|&&i| i < type_at) {
        let mut text = lines[i].text.clone();
        for motto in MOTTO {
            text = text.replace(motto, " ");
        }
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = strip_stars(&text).to_owned();
        if text.is_empty() || text.chars().all(|c| !c.is_alphanumeric()) {
            continue;
        }
        let (number, place) = split_number_place(&text);
        if let Some(n) = number {
            head.number = n.to_owned();
        }
        if let Some(p) = place {
            head.place_date = p.to_owned();
        }
        if number.is_none() && place.is_none() {
            if is_upper(&text) && head.number.is_empty() {
                bodies.push(text);
            } else {
                notes.push(Note {
                    line: lines[i].no,
                    kind: NoteKind::HeaderLineLeftOut { text },
                });
            }
        }
    }
    match bodies.len() {
        0 => {}
        1 => head.issuing_body = bodies.remove(0),
        _ => {
            // "ỦY BAN NHÂN DÂN" / "HUYỆN TÂN YÊN" is one body on two lines.
            let last = bodies.len() - 1;
            if PLACE_WORDS.iter().any(|w| bodies[last].starts_with(w)) {
                let tail = bodies.pop().unwrap_or_default();
                if let Some(prev) = bodies.last_mut() {
                    prev.push(' ');
                    prev.push_str(&tail);
                }
            }
            head.issuing_body = bodies.pop().unwrap_or_default();
            head.superior_body = bodies.join(" ");
        }
    }
    for (missing, kind) in [
        (head.issuing_body.is_empty(), NoteKind::IssuingBodyMissing),
        (head.number.is_empty(), NoteKind::NumberMissing),
        (head.place_date.is_empty(), NoteKind::PlaceDateMissing),
    ] {
        if missing {
            notes.push(Note {
                line: first_line,
                kind,
            });
        }
    }
    head.document_type = unbold(&lines[type_at].text).to_owned();
    // The title: the next paragraph (it may be wrapped over lines); "V/v"
    // for a letter.
    let mut i = type_at + 1;
    while i < lines.len() && lines[i].is_blank() {
        i += 1;
    }
    let mut title = Vec::new();
    while i < lines.len() && !lines[i].is_blank() {
        title.push(unbold(&lines[i].text).to_owned());
        i += 1;
    }
    if title.is_empty() {
        notes.push(Note {
            line: lines[type_at].no,
            kind: NoteKind::TitleMissing,
        });
    }
    head.title = title.join(" ");
    (head, &lines[i.min(lines.len())..])
}

/// A document type line: capitals, a few words, and one of the names the
/// administration uses.
fn is_document_type(s: &str) -> bool {
    const TYPES: &[&str] = &[
        "BÁO CÁO",
        "KẾ HOẠCH",
        "TỜ TRÌNH",
        "QUYẾT ĐỊNH",
        "NGHỊ QUYẾT",
        "THÔNG BÁO",
        "CHƯƠNG TRÌNH",
        "ĐỀ ÁN",
        "HƯỚNG DẪN",
        "CHỈ THỊ",
        "BIÊN BẢN",
        "CÔNG VĂN",
        "GIẤY MỜI",
        "THÔNG TRI",
        "QUY CHẾ",
        "DỰ THẢO",
    ];
    let s = unbold(s);
    is_upper(s) && s.split(' ').count() <= 6 && TYPES.iter().any(|t| s.starts_with(t))
}

/// "Số: 12/BC-UBND" and "Tân Yên, ngày … tháng … năm …", which a
/// two-column header extracted as text may give on one line.
fn split_number_place(s: &str) -> (Option<&str>, Option<&str>) {
    let after_so = s.strip_prefix("Số").map(str::trim_start);
    if let Some(after) = after_so.filter(|a| a.starts_with([':', '.'])) {
        // The number is the first word after the colon; a place and date
        // may follow on the same line.
        let value = after[1..].trim_start();
        let value_at = s.len() - value.len();
        if let (Some(comma), Some(space)) = (s.find(", ngày"), value.find(' ')) {
            let end = value_at + space;
            if end < comma {
                return (Some(s[..end].trim()), Some(s[end..].trim()));
            }
        }
        return (Some(s), None);
    }
    if s.contains(", ngày") && looks_dated(s) {
        return (None, Some(s));
    }
    (None, None)
}

fn looks_dated(s: &str) -> bool {
    s.contains("ngày") && (s.contains("năm") || s.contains("tháng"))
}

#[derive(Debug, Default)]
pub struct Tail {
    pub signature: Option<Signature>,
    pub recipients: Vec<String>,
}

/// The signature block and the recipients at the end, and the body before
/// them. The tail starts at the first "Nơi nhận" line or signature line
/// (TM., KT., Q., TL., TUQ., PP.) after which no heading follows.
pub fn tail<'a>(lines: &'a [Line], notes: &mut Vec<Note>) -> (&'a [Line], Tail) {
    let mut out = Tail::default();
    let start = lines
        .iter()
        .position(|l| is_recipients_line(&l.text) || is_authority(&l.text));
    let Some(start) = start else {
        let last = lines
            .iter()
            .rev()
            .find(|l| !l.is_blank())
            .map_or(1, |l| l.no);
        notes.push(Note {
            line: last,
            kind: NoteKind::SignatureMissing,
        });
        return (lines, out);
    };
    let (body, rest) = lines.split_at(start);
    let mut in_recipients = false;
    let mut signature: Option<(Signature, usize)> = None;
    for line in rest.iter().filter(|l| !l.is_blank()) {
        let text = strip_stars(&line.text);
        if text.is_empty() {
            continue;
        }
        if is_recipients_line(text) {
            in_recipients = true;
            let after = text
                .split_once(':')
                .map_or("", |(_, a)| a.trim())
                .trim_start_matches(['-', '+', '•', ' ']);
            // Two columns extracted side by side: "Nơi nhận: TM. ỦY BAN…".
            if is_authority(after) {
                signature = Some((
                    Signature {
                        authority: after.to_owned(),
                        position: String::new(),
                        signer: String::new(),
                    },
                    line.no,
                ));
            } else if !after.is_empty() {
                out.recipients.push(after.to_owned());
            }
            continue;
        }
        if is_authority(text) {
            in_recipients = false;
            signature = Some((
                Signature {
                    authority: text.to_owned(),
                    position: String::new(),
                    signer: String::new(),
                },
                line.no,
            ));
            continue;
        }
        if in_recipients && is_list_item(text) {
            out.recipients.push(text[1..].trim_start().to_owned());
            continue;
        }
        match &mut signature {
            Some((sig, _)) if sig.position.is_empty() && is_upper(text) => {
                sig.position = text.to_owned();
            }
            Some((sig, _)) if sig.signer.is_empty() && !is_upper(text) => {
                sig.signer = text.to_owned();
            }
            // A position on the line of its own without TM./KT. (CHỦ TỊCH
            // alone signs for himself).
            None if is_upper(text) && text.split(' ').count() <= 5 => {
                signature = Some((
                    Signature {
                        authority: String::new(),
                        position: text.to_owned(),
                        signer: String::new(),
                    },
                    line.no,
                ));
            }
            _ => notes.push(Note {
                line: line.no,
                kind: NoteKind::NotARecipient {
                    text: text.to_owned(),
                },
            }),
        }
    }
    match signature {
        Some((sig, at)) => {
            if sig.signer.is_empty() {
                notes.push(Note {
                    line: at,
                    kind: NoteKind::SignerMissing,
                });
            }
            out.signature = Some(sig);
        }
        None => notes.push(Note {
            line: rest.first().map_or(1, |l| l.no),
            kind: NoteKind::SignatureMissing,
        }),
    }
    (body, out)
}

fn is_recipients_line(s: &str) -> bool {
    let s = strip_stars(s).to_lowercase();
    s.starts_with("nơi nhận")
}

/// "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "Q. GIÁM ĐỐC", "TL. …", "TUQ. …".
fn is_authority(s: &str) -> bool {
    let s = strip_stars(s);
    ["TM.", "KT.", "Q.", "TL.", "TUQ.", "PP.", "T/M", "K/T"]
        .iter()
        .any(|p| {
            s.strip_prefix(p)
                .is_some_and(|rest| rest.starts_with(' ') && is_upper(rest))
        })
}
