//! What `duyet import` says, in Vietnamese and English: each note about
//! what the import could not decide (`import::NoteKind`, typed, so a new
//! kind cannot be left unsaid), why a file cannot be imported
//! (`import::ImportError`), and the summary.

use super::Lang;
use super::errors::tr;
use crate::import::{ImportError, Note, NoteKind, Unit};

/// Where a note is: "dòng 12" / "line 12", "đoạn 3" / "paragraph 3".
pub fn place(lang: Lang, unit: Unit, at: usize) -> String {
    match (lang, unit) {
        (Lang::Vi, Unit::Line) => format!("dòng {at}"),
        (Lang::Vi, Unit::Paragraph) => format!("đoạn {at}"),
        (Lang::En, Unit::Line) => format!("line {at}"),
        (Lang::En, Unit::Paragraph) => format!("paragraph {at}"),
    }
}

/// One note as a line on stderr: `FILE:12: cảnh báo: …` (a line, as
/// compilers and `duyet check` say it), `FILE, đoạn 3: cảnh báo: …` (a
/// .docx's paragraph).
pub fn note(lang: Lang, file: &str, unit: Unit, n: &Note) -> String {
    let warning = lang.cli().warning;
    let what = note_kind(lang, unit, &n.kind);
    match unit {
        Unit::Line => format!("{file}:{}: {warning}: {what}", n.line),
        Unit::Paragraph => format!("{file}, {}: {warning}: {what}", place(lang, unit, n.line)),
    }
}

/// What a note says.
pub fn note_kind(lang: Lang, unit: Unit, kind: &NoteKind) -> String {
    match kind {
        NoteKind::IssuingBodyMissing => tr!(
            lang,
            "không thấy tên cơ quan ban hành ở đầu văn bản; issuing_body để trống, cần điền",
            "no issuing body found at the top; issuing_body is left empty, to fill in"
        ),
        NoteKind::HeaderLineLeftOut { text } => tr!(
            lang,
            format!(
                "dòng ở phần đầu văn bản không phải tên cơ quan, số hay ngày tháng, bị bỏ qua: «{text}»"
            ),
            format!(
                "a header line that is neither the issuing body, the number nor the date, left out: `{text}`"
            )
        ),
        NoteKind::NumberMissing => tr!(
            lang,
            "không thấy dòng «Số: …»; number để trống",
            "no `Số: …` line found; number is left empty"
        ),
        NoteKind::PlaceDateMissing => tr!(
            lang,
            "không thấy dòng địa danh, ngày tháng («…, ngày … tháng … năm …»); place_date để trống",
            "no place and date line (`…, ngày … tháng … năm …`) found; place_date is left empty"
        ),
        NoteKind::DocumentTypeMissing => tr!(
            lang,
            "không thấy tên loại văn bản (BÁO CÁO, KẾ HOẠCH…) nên không tách được phần đầu (cơ quan, số, ngày, trích yếu); cả văn bản được đọc là nội dung",
            "no document type (BÁO CÁO, KẾ HOẠCH…) found, so there is no header (issuing body, number, date, title); the whole text is read as the body"
        ),
        NoteKind::TitleMissing => tr!(
            lang,
            "không thấy trích yếu sau tên loại văn bản; title để trống",
            "no title after the document type; title is left empty"
        ),
        NoteKind::JoinedAcrossBreak { previous } => {
            let at = place(lang, unit, *previous);
            tr!(
                lang,
                format!(
                    "nối vào đoạn văn ở {at} (đoạn đó không kết thúc bằng dấu câu) dù phần này bắt đầu bằng chữ hoa: kiểm tra xem có đúng là một đoạn bị ngắt trang không"
                ),
                format!(
                    "joined to the paragraph at {at} (which ends without punctuation) though this starts with a capital: check it is one paragraph split by a page break"
                )
            )
        }
        NoteKind::NumberOutOfSequence { number, expected } => tr!(
            lang,
            format!(
                "mục số «{number}» không theo thứ tự (chờ «{expected}»); giữ nguyên như bản gốc"
            ),
            format!(
                "heading number `{number}` is out of sequence (expected `{expected}`); kept as printed"
            )
        ),
        NoteKind::TooDeep { number } => tr!(
            lang,
            format!(
                "mục «{number}» lồng sâu quá mức một dự thảo cho phép; giữ là một đoạn văn của mục trên"
            ),
            format!(
                "heading `{number}` is nested deeper than a draft allows; kept as a paragraph of the section above"
            )
        ),
        NoteKind::FootnoteNotCited { number } => tr!(
            lang,
            format!(
                "chú thích {number} không được dẫn ở đâu trong văn bản; vẫn giữ trong footnotes"
            ),
            format!("footnote {number} is cited nowhere in the text; kept in footnotes")
        ),
        NoteKind::FootnoteTextMissing { marker } => tr!(
            lang,
            format!("dấu chú thích «{marker}» không có lời chú thích; giữ nguyên trong văn bản"),
            format!("footnote marker `{marker}` has no footnote text; left in the text as it is")
        ),
        NoteKind::FootnoteDuplicate { number, id } => tr!(
            lang,
            format!("có hai lời chú thích số {number}; lời thứ hai thành {id} và không được dẫn"),
            format!(
                "two footnote texts are numbered {number}; the second is {id} and is not cited"
            )
        ),
        NoteKind::SignatureMissing => tr!(
            lang,
            "không thấy phần chữ ký (TM./KT. …, chức vụ, họ tên)",
            "no signature block (TM./KT. …, position, name) found"
        ),
        NoteKind::SignerMissing => tr!(
            lang,
            "phần chữ ký không có họ tên người ký",
            "the signature block has no signer's name"
        ),
        NoteKind::NotARecipient { text } => tr!(
            lang,
            format!("dòng ở cuối văn bản không phải nơi nhận hay chữ ký, bị bỏ qua: «{text}»"),
            format!(
                "a line at the end is neither a recipient nor the signature, left out: `{text}`"
            )
        ),
        NoteKind::DocxFootnotesNotRead { count } => tr!(
            lang,
            format!(
                "tệp .docx có {count} chú thích nhưng không đọc được chúng (bộ đọc .docx không cho biết vị trí hoặc lời chú thích): dấu và lời chú thích không có trong dự thảo, cần thêm bằng tay (hoặc lưu tệp thành .txt rồi nhập lại)"
            ),
            format!(
                "the .docx has {count} footnote(s) but they could not be read (the .docx reader gives neither where they are cited nor their texts): their markers and texts are missing from the draft; add them by hand (or save the file as .txt and import that)"
            )
        ),
        NoteKind::DocxTable => tr!(
            lang,
            "tệp .docx có bảng: các ô được đọc thành đoạn văn, theo từng hàng",
            "the .docx has tables: their cells were read as paragraphs, row by row"
        ),
    }
}

/// After the notes listed, how many more there are.
pub fn more_notes(lang: Lang, n: usize) -> String {
    tr!(
        lang,
        format!("… và {n} cảnh báo khác"),
        format!("… and {n} more warnings")
    )
}

/// Why a file cannot be imported, naming it.
pub fn error(lang: Lang, file: &str, e: &ImportError) -> String {
    let what = match e {
        ImportError::TooLarge { size, limit } => tr!(
            lang,
            format!("{size} byte, quá giới hạn {limit} byte của một tệp được nhập"),
            e.to_string()
        ),
        ImportError::InvalidUtf8 { offset, line, byte } => tr!(
            lang,
            format!(
                "không phải văn bản UTF-8: byte {byte:#04x} ở vị trí {offset} (dòng {line}); lưu lại tệp với mã UTF-8"
            ),
            format!("{e}; save the file as UTF-8")
        ),
        ImportError::WideEncoding => tr!(
            lang,
            "văn bản mã UTF-16 hoặc UTF-32, không phải UTF-8; lưu lại tệp với mã UTF-8",
            format!("{e}; save the file as UTF-8")
        ),
        ImportError::NotDocx { reason } => tr!(
            lang,
            format!("không phải tệp .docx đọc được (tệp nén có word/document.xml): {reason}"),
            e.to_string()
        ),
        ImportError::TooManyEntries { limit } => tr!(
            lang,
            format!("tệp .docx có hơn {limit} thành phần"),
            e.to_string()
        ),
        ImportError::EntryTooLarge { name, limit } => tr!(
            lang,
            format!("thành phần «{name}» của tệp .docx giải nén ra hơn {limit} byte"),
            e.to_string()
        ),
        ImportError::XmlTooDeep { name, limit } => tr!(
            lang,
            format!("thành phần «{name}» của tệp .docx lồng XML sâu hơn {limit} mức"),
            e.to_string()
        ),
        ImportError::TookTooLong { seconds } => tr!(
            lang,
            format!("đọc tệp .docx mất hơn {seconds} giây nên đã dừng"),
            e.to_string()
        ),
        ImportError::InflatesTooMuch { limit } => tr!(
            lang,
            format!("các thành phần của tệp .docx giải nén ra hơn {limit} byte"),
            e.to_string()
        ),
    };
    format!("{file}: {what}")
}

/// The summary after a draft is written: `{path}`, `{sections}`,
/// `{footnotes}`, `{notes}`.
pub fn written(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "{path}: {sections} mục, {footnotes} chú thích, {notes} cảnh báo",
        Lang::En => "{path}: {sections} sections, {footnotes} footnotes, {notes} warnings",
    }
}

/// Where the sections' owner came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnerFrom {
    Option,
    Office,
    FirstDepartment,
    Default,
}

/// "owner of every section: X (why)".
pub fn owner(lang: Lang, owner: &str, from: OwnerFrom) -> String {
    let why = match (lang, from) {
        (Lang::Vi, OwnerFrom::Option) => "theo --owner",
        (Lang::Vi, OwnerFrom::Office) => "Văn phòng, theo duyet.yaml",
        (Lang::Vi, OwnerFrom::FirstDepartment) => "phòng đầu tiên của duyet.yaml trên main",
        (Lang::Vi, OwnerFrom::Default) => "mặc định; không có duyet.yaml",
        (Lang::En, OwnerFrom::Option) => "from --owner",
        (Lang::En, OwnerFrom::Office) => "the office, from duyet.yaml",
        (Lang::En, OwnerFrom::FirstDepartment) => "the first department of duyet.yaml on main",
        (Lang::En, OwnerFrom::Default) => "the default; no duyet.yaml",
    };
    tr!(
        lang,
        format!("mọi mục giao cho phòng {owner} ({why}); đổi bằng --owner"),
        format!("every section is owned by {owner} ({why}); change it with --owner")
    )
}

/// `--owner` naming no department of duyet.yaml.
pub fn unknown_owner(lang: Lang, owner: &str) -> String {
    tr!(
        lang,
        format!(
            "{owner} không phải một phòng trong duyet.yaml: `duyet check` sẽ báo lỗi ở mọi mục"
        ),
        format!("{owner} is no department of duyet.yaml: `duyet check` will refuse every section")
    )
}
