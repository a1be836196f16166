//! The command line's errors and how each is said: `CliError` keeps the
//! library's errors typed up to here, and `explain` puts them into words
//! through `i18n::errors` (the same mapping the screen uses), with the
//! hints that name commands and flags.

use std::path::PathBuf;

use crate::core::LoadError;
use crate::i18n::Lang;
use crate::i18n::errors::{self, Explained, Kind, Where, tr};
use crate::store::StoreError;
use crate::{demo, ops, tui};

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Load(#[from] LoadError),
    #[error("{0}")]
    Demo(#[from] demo::DemoError),
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no section `{id}` in {draft} at either revision")]
    NoSection { id: String, draft: String },
    #[error("{0}")]
    Terminal(#[from] tui::TuiError),
    #[error("{0}")]
    Ops(#[from] ops::OpsError),
    /// `duyet edit` with nothing to change.
    #[error("nothing to change")]
    NothingToEdit,
    /// `duyet diff DRAFT A` without a second revision or a range (exit 2).
    #[error("`{rev}` alone is not a comparison")]
    DiffRange { rev: String },
    /// `duyet fmt duyet.yaml` (exit 2).
    #[error("{} is the repository's configuration, not a draft", path.display())]
    FmtConfig { path: PathBuf },
    /// `--as` or `--repo` given twice: which one would act is not clear.
    #[error("{flag} is given more than once")]
    GivenTwice { flag: &'static str },
    /// In restricted mode, what ssh was asked to run is not allowed.
    #[error("`{asked}` is not allowed here")]
    NotAllowedOverSsh { asked: String },
    /// In restricted mode, a command that reaches outside the repository.
    #[error("`{what}` is not available in restricted mode")]
    Restricted { what: &'static str },
    /// `--theme` or `duyet theme` naming no theme.
    #[error("{0}")]
    Theme(#[from] tui::theme::ThemeError),
    /// `duyet admin authorized-key` without `--as`.
    #[error("whose key is it? give the person with --as")]
    NeedsPerson,
    /// A file given as a public key that holds none.
    #[error("{} holds no SSH public key", path.display())]
    NotAPublicKey { path: PathBuf },
    /// `duyet admin install-hook` where another pre-receive hook is.
    #[error("{} exists and is not duyet's; nothing was changed", path.display())]
    HookExists { path: PathBuf },
    /// The hook names duyet by its path, which a shell must be able to read.
    #[error("the path of duyet ({}) is not UTF-8", path.display())]
    ExeNotUtf8 { path: PathBuf },
    /// `duyet export --format docx` without `-o FILE` (exit 2).
    #[error("a DOCX document is not text: give the file to write with -o")]
    DocxNeedsFile,
    /// `duyet export -o FILE` or `duyet import -o FILE` where FILE exists,
    /// without `--force`.
    #[error("{} exists; nothing was written", path.display())]
    OutputExists { path: PathBuf },
    /// `duyet export --final` while sections are not approved: each with
    /// its number and title, and its state.
    #[error("{draft} is not final: {} section(s) not approved", sections.len())]
    NotFinal {
        draft: String,
        sections: Vec<(String, crate::core::review::State)>,
    },
    /// The document could not be put together.
    #[error("{0}")]
    Export(#[from] crate::export::ExportError),
    /// `duyet import` of a file that cannot be imported.
    #[error("{}: {error}", path.display())]
    Import {
        path: PathBuf,
        error: crate::import::ImportError,
    },
    /// `duyet import --owner` that is no id.
    #[error("`{owner}` is not a department id (ASCII letters, digits, - _ .)")]
    BadOwner { owner: String },
    /// Problems already printed (e.g. by `check`); exit non-zero quietly.
    #[error("")]
    Reported,
}

/// `e` in words, for the command line.
pub fn explain(e: &CliError, lang: Lang) -> Explained {
    let at = Where::CommandLine;
    match e {
        CliError::Store(s) => errors::store(s, lang, at),
        CliError::Load(l) => Explained::new(Kind::Input, errors::load(l, lang)),
        CliError::Demo(d) => errors::demo(d, lang, at),
        CliError::Ops(o) => errors::ops(o, lang, at),
        CliError::Import { path, error } => Explained::new(
            Kind::Input,
            crate::i18n::import::error(lang, &path.display().to_string(), error),
        ),
        CliError::BadOwner { owner } => Explained::new(
            Kind::Usage,
            tr!(
                lang,
                format!("«{owner}» không phải mã phòng (chữ ASCII, số, - _ .)"),
                e.to_string()
            ),
        ),
        CliError::Read { path, source } => Explained::new(
            Kind::Input,
            tr!(
                lang,
                format!("không đọc được {}: {source}", path.display()),
                e.to_string()
            ),
        ),
        CliError::Write { path, source } => Explained::new(
            Kind::Repository,
            tr!(
                lang,
                format!("không ghi được {}: {source}", path.display()),
                e.to_string()
            ),
        ),
        CliError::NoSection { id, draft } => Explained::new(
            Kind::Input,
            tr!(
                lang,
                format!("{draft} không có mục `{id}` ở cả hai phiên bản"),
                e.to_string()
            ),
        )
        .hint(tr!(
            lang,
            format!("`duyet sections {draft}` liệt kê các mục"),
            format!("`duyet sections {draft}` lists them")
        )),
        CliError::Terminal(tui::TuiError::Io(io)) => Explained::new(
            Kind::Repository,
            tr!(lang, format!("lỗi terminal: {io}"), e.to_string()),
        ),
        CliError::Terminal(tui::TuiError::ThreadPanicked(what)) => Explained::new(
            Kind::Internal,
            tr!(
                lang,
                format!(
                    "duyet dừng vì một lỗi nội bộ (lỗi của chương trình): {what}. Không có gì ghi dở được commit và văn bản chưa gửi vẫn được giữ"
                ),
                format!(
                    "duyet stopped because of an internal error, which is a bug: {what}. Nothing half-written was committed and unsent text is kept"
                )
            ),
        )
        .hint(tr!(
            lang,
            "xin báo lại thông báo này",
            "please report this message"
        )),
        CliError::GivenTwice { flag } => Explained::new(
            Kind::Usage,
            tr!(lang, format!("{flag} được ghi hơn một lần"), e.to_string()),
        )
        .hint(tr!(
            lang,
            format!("ghi {flag} một lần, trước lệnh con"),
            format!("give {flag} once, before the subcommand")
        )),
        CliError::NotAllowedOverSsh { asked } => Explained::new(
            Kind::Usage,
            tr!(lang, format!("không được chạy `{asked}` ở đây"), e.to_string()),
        )
        .hint(tr!(
            lang,
            "được chạy: drafts, branches, revisions, sections, status, log, diff, comment, reply, resolve, approve, request-changes, withdraw, edit, merge, sync — không có --as, --repo; hoặc ssh không kèm lệnh để mở màn hình",
            "allowed: drafts, branches, revisions, sections, status, log, diff, comment, reply, resolve, approve, request-changes, withdraw, edit, merge, sync — without --as or --repo; or ssh without a command for the screen"
        )),
        CliError::Restricted { what } => Explained::new(
            Kind::Usage,
            tr!(
                lang,
                format!("chế độ hạn chế không cho dùng `{what}`"),
                e.to_string()
            ),
        )
        .hint(tr!(
            lang,
            "ở chế độ hạn chế duyet không đọc, ghi tệp nào ngoài kho; nội dung mới đọc từ đầu vào chuẩn (--body-file -)",
            "in restricted mode duyet reads and writes no file outside the repository; a new text is read from standard input (--body-file -)"
        )),
        CliError::Theme(t) => Explained::new(
            Kind::Usage,
            match t {
                tui::theme::ThemeError::Unknown { name } => tr!(
                    lang,
                    format!(
                        "không có bảng màu `{name}` (có: {})",
                        tui::theme::Theme::names().join(", ")
                    ),
                    e.to_string()
                ),
                tui::theme::ThemeError::Invalid { name, why } => tr!(
                    lang,
                    format!("bảng màu `{name}` có lỗi: {why}"),
                    e.to_string()
                ),
            },
        ),
        CliError::NeedsPerson => Explained::new(
            Kind::Usage,
            tr!(lang, "khóa này của ai? ghi người đó bằng --as", e.to_string()),
        )
        .hint(tr!(
            lang,
            "duyet admin authorized-key --as \"Tên <email>\" --key TỆP.pub",
            "duyet admin authorized-key --as \"Name <email>\" --key FILE.pub"
        )),
        CliError::NotAPublicKey { path } => Explained::new(
            Kind::Input,
            tr!(
                lang,
                format!("{} không chứa khóa công khai SSH nào", path.display()),
                e.to_string()
            ),
        )
        .hint(tr!(
            lang,
            "dùng tệp .pub của người đó (ssh-ed25519 AAAA…)",
            "give the person's .pub file (ssh-ed25519 AAAA…)"
        )),
        CliError::HookExists { path } => Explained::new(
            Kind::Usage,
            tr!(
                lang,
                format!("{} đã có và không phải của duyet; chưa thay đổi gì", path.display()),
                e.to_string()
            ),
        )
        .hint(tr!(lang, "--force để thay nó", "--force replaces it")),
        CliError::ExeNotUtf8 { path } => Explained::new(
            Kind::Usage,
            tr!(
                lang,
                format!("đường dẫn của duyet ({}) không phải UTF-8", path.display()),
                e.to_string()
            ),
        )
        .hint(tr!(
            lang,
            "cài duyet ở thư mục có tên ASCII",
            "install duyet where its path is ASCII"
        )),
        CliError::NothingToEdit => Explained::new(
            Kind::Input,
            tr!(lang, "không có gì để sửa", "nothing to change"),
        )
        .hint(tr!(
            lang,
            "thêm --title, --no-title hoặc --body-file",
            "give --title, --no-title or --body-file"
        )),
        CliError::DiffRange { rev } => Explained::new(
            Kind::Usage,
            tr!(
                lang,
                format!("chỉ có `{rev}` thì chưa so sánh được"),
                format!("`{rev}` alone is not a comparison")
            ),
        )
        .hint(tr!(
            lang,
            format!(
                "ghi hai phiên bản (`{rev} B`), hoặc `A...B` để xem B đã sửa gì từ khi tách khỏi A, hoặc `A..B`"
            ),
            format!(
                "give two revisions (`{rev} B`), or `A...B` for what B changed since it left A, or `A..B`"
            )
        )),
        CliError::FmtConfig { path } => {
            let p = path.display();
            Explained::new(
                Kind::Usage,
                tr!(
                    lang,
                    format!("{p} là tệp cấu hình của kho, không phải dự thảo: `duyet fmt` chỉ trình bày lại dự thảo"),
                    format!("{p} is the repository's configuration, not a draft: `duyet fmt` only lays out drafts")
                ),
            )
            .hint(tr!(
                lang,
                format!("`duyet check {p}` kiểm tra tệp đó"),
                format!("`duyet check {p}` checks it")
            ))
        }
        CliError::DocxNeedsFile => Explained::new(
            Kind::Usage,
            tr!(
                lang,
                "tài liệu DOCX không phải văn bản thuần để in ra màn hình",
                "a DOCX document is not text to print on the terminal"
            ),
        )
        .hint(tr!(
            lang,
            "ghi ra tệp với -o TỆP (ví dụ -o bao-cao.docx)",
            "write it to a file with -o FILE (e.g. -o report.docx)"
        )),
        CliError::OutputExists { path } => {
            let p = path.display();
            Explained::new(
                Kind::Input,
                tr!(
                    lang,
                    format!("{p} đã có; chưa ghi gì"),
                    format!("{p} exists; nothing was written")
                ),
            )
            .hint(tr!(
                lang,
                "thêm --force để ghi đè, hoặc chọn tệp khác với -o",
                "add --force to replace it, or choose another file with -o"
            ))
        }
        CliError::NotFinal { draft, sections } => {
            let list = sections
                .iter()
                .map(|(name, state)| format!("{name} ({})", crate::i18n::cli::state(lang, *state)))
                .collect::<Vec<_>>()
                .join("; ");
            let n = sections.len();
            Explained::new(
                Kind::Input,
                tr!(
                    lang,
                    format!("{draft} chưa thể xuất thành văn bản chính thức: {n} mục chưa được phê duyệt: {list}; chưa ghi gì"),
                    format!("{draft} cannot be exported as final: {n} section(s) not approved: {list}; nothing was written")
                ),
            )
            .hint(tr!(
                lang,
                format!("`duyet status {draft}` cho biết mỗi mục còn thiếu phê duyệt nào; bỏ --final thì văn bản được xuất với dấu DỰ THẢO"),
                format!("`duyet status {draft}` says which approvals each section lacks; without --final the export is marked DỰ THẢO (draft)")
            ))
        }
        CliError::Export(e) => Explained::new(
            Kind::Internal,
            tr!(
                lang,
                format!("không tạo được tài liệu: {e}"),
                e.to_string()
            ),
        ),
        CliError::Reported => Explained::new(Kind::Input, String::new()),
    }
}

/// The lines the command line writes on stderr for `e`: `duyet: message`,
/// then one line per hint.
pub fn lines(e: &CliError, lang: Lang) -> (Kind, String) {
    let said = explain(e, lang);
    let mut text = format!("duyet: {}", said.message);
    for hint in &said.hints {
        text.push('\n');
        text.push_str(errors::hint_label(lang));
        text.push_str(": ");
        text.push_str(hint);
    }
    (said.kind, text)
}
