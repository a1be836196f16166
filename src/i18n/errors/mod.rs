//! Every error put into words, in the person's language, with what to do
//! about it: the one place that does it (jujutsu's `command_error.rs`). The
//! library's errors state facts in English (`Display`, for logs and tests)
//! and name no command; the hints here do. A hint that names a command of
//! duyet or one of its flags (`duyet sections …`, `--as`) is given on the
//! command line only (`Where::CommandLine`); one that says what to do in git
//! or on the server is given on the screen too.
//!
//! What a draft's loader found (`file:line:column: …`) keeps its place in
//! both languages; the problem after the place is said in `load.rs`.

mod load;
mod store;

pub use load::{load, problem};
pub use store::store;

use super::Lang;
use crate::core::IdentityError;
use crate::core::identity::IdentityPart;
use crate::core::merge::MergeError;
use crate::core::policy::Refusal;
use crate::core::review::Action;
use crate::demo::DemoError;
use crate::ops::OpsError;

/// What sort of failure it is, so the caller can tell "someone wrote first,
/// try again" from "you may not" (the exit code does not change with it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The command line is incomplete in a way clap cannot see (exit 2).
    Usage,
    /// Input the person can correct: a name, a text, a revision, a file.
    Input,
    /// A rule of `core::policy` refuses it; nothing was written.
    NotAllowed,
    /// Someone else wrote first; nothing was written: look again and retry.
    Moved,
    /// The repository or the system is in the way: a lock, a checked-out
    /// branch with changes, a read-only folder, a broken ref.
    Repository,
    /// A bug in duyet.
    Internal,
}

/// Who reads the words: the command line may name commands and flags, the
/// screen may not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Where {
    CommandLine,
    Screen,
}

/// An error in words: what happened, and what to do (each hint a sentence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    pub kind: Kind,
    pub message: String,
    pub hints: Vec<String>,
}

impl Explained {
    pub fn new(kind: Kind, message: String) -> Self {
        Explained {
            kind,
            message,
            hints: Vec::new(),
        }
    }

    /// A hint for everyone.
    pub fn hint(mut self, hint: String) -> Self {
        self.hints.push(hint);
        self
    }

    /// A hint that names a command or a flag of duyet: the command line only.
    pub fn cli_hint(mut self, at: Where, hint: String) -> Self {
        if at == Where::CommandLine {
            self.hints.push(hint);
        }
        self
    }
}

/// One text in the language asked for. Each side is an expression (often a
/// `format!`), only the chosen one is evaluated.
macro_rules! tr {
    ($lang:expr, $vi:expr, $en:expr $(,)?) => {
        match $lang {
            Lang::Vi => String::from($vi),
            Lang::En => String::from($en),
        }
    };
}
pub(crate) use tr;

/// What the command line writes before a hint.
pub fn hint_label(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "gợi ý",
        Lang::En => "hint",
    }
}

pub fn ops(e: &OpsError, lang: Lang, at: Where) -> Explained {
    use Kind::*;
    match e {
        OpsError::Store(e) => store(e, lang, at),
        OpsError::NoIdentity => Explained::new(
            Input,
            tr!(
                lang,
                "chưa biết bạn là ai: git chưa có user.name và user.email, và chưa chỉ ra người nào",
                "who are you? git's user.name and user.email are not set and no person was given"
            ),
        )
        .cli_hint(
            at,
            tr!(
                lang,
                "đặt tên và e-mail cho git (git config user.name \"Họ Tên\"; git config user.email ten@coquan.gov.vn), hoặc thêm --as \"Họ Tên <email>\"",
                "set git's user.name and user.email (git config user.name \"Name\"; git config user.email name@example.org), or pass --as \"Name <email>\""
            ),
        ),
        OpsError::BadIdentity(i) => Explained::new(
            Input,
            tr!(
                lang,
                format!("danh tính đã chỉ ra không dùng được: {}", identity(i, lang)),
                format!("cannot act as the person given: {}", identity(i, lang))
            ),
        ),
        OpsError::NoSection { draft, id, rev } => Explained::new(
            Input,
            tr!(
                lang,
                format!("{draft} không có mục `{id}` ở phiên bản {rev}"),
                format!("there is no section `{id}` in {draft} at {rev}")
            ),
        )
        .cli_hint(
            at,
            tr!(
                lang,
                format!("`duyet sections {draft} --rev {rev}` liệt kê các mục"),
                format!("`duyet sections {draft} --rev {rev}` lists them")
            ),
        ),
        OpsError::MainMoved => Explained::new(
            Moved,
            tr!(
                lang,
                "main đã có người ghi sau khi lập kế hoạch hợp nhất này nên chưa ghi gì",
                "main has moved since this merge was planned (someone else committed); nothing was written"
            ),
        )
        .hint(tr!(
            lang,
            "mở lại kế hoạch hợp nhất để xem kế hoạch mới",
            "open the merge again to see the new plan"
        )),
        OpsError::NotAllowed(r) => Explained::new(NotAllowed, refusal(r, lang, at)),
        OpsError::EmptyText { action } => Explained::new(
            Input,
            tr!(
                lang,
                format!("{} cần có nội dung", action_vi(*action)),
                format!("{} needs a text", action_en(*action))
            ),
        )
        .cli_hint(
            at,
            tr!(
                lang,
                "ghi nội dung sau -m \"…\"",
                "give it with -m \"…\""
            ),
        ),
        OpsError::UnknownRecord(id) => Explained::new(
            Input,
            tr!(
                lang,
                format!("không có bản ghi duyệt `{id}`"),
                format!("no review record `{id}`")
            ),
        )
        .cli_hint(
            at,
            tr!(
                lang,
                "`duyet log DỰ_THẢO` liệt kê các bản ghi cùng mã của chúng",
                "`duyet log DRAFT` lists the records with their ids"
            ),
        ),
        OpsError::AmbiguousRecord(id) => Explained::new(
            Input,
            tr!(
                lang,
                format!("`{id}` khớp với nhiều bản ghi duyệt"),
                format!("`{id}` matches more than one review record")
            ),
        )
        .hint(tr!(
            lang,
            "ghi thêm vài ký tự của mã bản ghi",
            "give more of its id"
        )),
        OpsError::QuoteNotFound {
            quote,
            section,
            rev,
        } => Explained::new(
            Input,
            tr!(
                lang,
                format!("mục `{section}` ở phiên bản {rev} không có đoạn {quote:?}"),
                format!("the words {quote:?} are not in section `{section}` at {rev}")
            ),
        ),
        OpsError::Config(l) => Explained::new(
            Repository,
            tr!(
                lang,
                format!("duyet.yaml trên main có lỗi:\n{}", load(l, lang)),
                format!("duyet.yaml on main is invalid:\n{}", load(l, lang))
            ),
        )
        .hint(tr!(
            lang,
            "duyet.yaml trên main quy định ai được ghi góp ý và phê duyệt; sửa tệp đó rồi thử lại",
            "duyet.yaml on main says who may write review records and approve; fix it, then try again"
        )),
        OpsError::NothingChanged => Explained::new(
            Input,
            tr!(
                lang,
                "nội dung mục không có gì thay đổi",
                "nothing changed in the section"
            ),
        ),
        OpsError::EmptySection => Explained::new(
            Input,
            tr!(
                lang,
                "mục phải có tên hoặc nội dung; cả hai đều sẽ trống",
                "a section needs a title or a body; both would be empty"
            ),
        ),
        OpsError::EditInvalid(l) => Explained::new(
            Input,
            tr!(
                lang,
                format!(
                    "dự thảo sau khi sửa sẽ không hợp lệ nên chưa lưu gì:\n{}",
                    load(l, lang)
                ),
                format!(
                    "the edited draft would be invalid, nothing was saved: {}",
                    load(l, lang)
                )
            ),
        ),
        OpsError::NotReadBack { what } => Explained::new(
            Internal,
            tr!(
                lang,
                format!(
                    "dự thảo {} đọc lại không đúng như dự định nên chưa ghi gì (lỗi của duyet)",
                    if *what == "merged" { "hợp nhất" } else { "đã sửa" }
                ),
                format!("the {what} draft would not read back as intended; nothing was written")
            ),
        )
        .hint(tr!(
            lang,
            "xin báo lại lỗi này kèm dự thảo",
            "please report this, with the draft"
        )),
        OpsError::NotASection(id) => Explained::new(
            Input,
            tr!(
                lang,
                format!(
                    "`{id}` không phải là mục: các phần không phải mục của báo cáo chỉ góp ý được, không phê duyệt được"
                ),
                format!(
                    "`{id}` is not a section: parts of a report that are not sections are commented on, not approved"
                )
            ),
        ),
        OpsError::NothingToWithdraw {
            email,
            draft,
            section,
        } => Explained::new(
            Input,
            tr!(
                lang,
                format!(
                    "{email} không có phê duyệt hay yêu cầu chỉnh sửa nào còn hiệu lực ở mục `{section}` của {draft}; không có gì để rút lại"
                ),
                format!(
                    "{email} has no approval or change request standing on section `{section}` of {draft}; nothing to withdraw"
                )
            ),
        ),
        OpsError::NoSuchFinding { draft, rev, key } => Explained::new(
            Input,
            tr!(
                lang,
                format!("{draft} ở {rev} không có điều kiểm tra nào mã `{key}`"),
                format!("{draft} at {rev} has no check finding `{key}`")
            ),
        )
        .hint(tr!(
            lang,
            format!("xem các mã bằng `duyet check {draft} --rev {rev}`"),
            format!("see the keys with `duyet check {draft} --rev {rev} --json`")
        )),
        OpsError::NotAnswerable { record, action } => Explained::new(
            Input,
            tr!(
                lang,
                format!(
                    "bản ghi {record} là {}, không phải góp ý hay yêu cầu chỉnh sửa; chỉ trả lời được hai loại đó",
                    action_vi(*action)
                ),
                format!(
                    "record {record} is a {}, not a comment or a change request; only those can be answered",
                    action.as_str()
                )
            ),
        ),
        OpsError::ResolveChangeRequest(record) => Explained::new(
            Input,
            tr!(
                lang,
                format!(
                    "bản ghi {record} là yêu cầu chỉnh sửa: yêu cầu được đóng khi chính người yêu cầu phê duyệt mục hoặc rút lại, không đánh dấu đã giải quyết"
                ),
                format!(
                    "record {record} is a change request: it is closed by its author approving the section or withdrawing it, not resolved"
                )
            ),
        )
        .cli_hint(
            at,
            tr!(
                lang,
                "người yêu cầu rút lại bằng `duyet withdraw`",
                "its author withdraws it with `duyet withdraw`"
            ),
        ),
        OpsError::NotProposed { id, from } => Explained::new(
            Input,
            tr!(
                lang,
                format!("`{id}` không phải là mục mà {from} đề xuất thay đổi"),
                format!("`{id}` is not a section {from} proposes to change")
            ),
        )
        .cli_hint(
            at,
            tr!(
                lang,
                format!("`duyet merge DỰ_THẢO --from {from} --plan` cho biết các mục đề xuất"),
                format!("`duyet merge DRAFT --from {from} --plan` shows what it proposes")
            ),
        ),
        OpsError::Merge(m) => Explained::new(Input, merge(m, lang)).cli_hint(
            at,
            tr!(
                lang,
                "quyết định từng mục xung đột bằng --accept ID hoặc --reject ID",
                "decide each conflict with --accept ID or --reject ID"
            ),
        ),
        OpsError::BadHookInput { line } => Explained::new(
            Internal,
            tr!(
                lang,
                format!("dòng {line} git gửi cho hook không có dạng `<cũ> <mới> <ref>`"),
                e.to_string()
            ),
        ),
        OpsError::NoCommonHistory { from, to } => Explained::new(
            Input,
            tr!(
                lang,
                format!(
                    "{from} và {to} không có lịch sử chung nên không có điểm {to} tách khỏi {from}"
                ),
                format!(
                    "{from} and {to} have no common history, so there is no point where {to} left {from}"
                )
            ),
        )
        .cli_hint(
            at,
            tr!(
                lang,
                format!("so sánh nguyên trạng hai bản: {from}..{to}"),
                format!("compare them as they are: {from}..{to}")
            ),
        ),
    }
}

pub fn merge(e: &MergeError, lang: Lang) -> String {
    match e {
        MergeError::Undecided(ids) => tr!(
            lang,
            format!(
                "còn {} mục xung đột chưa quyết định: {}",
                ids.len(),
                ids.join(", ")
            ),
            e.to_string()
        ),
        MergeError::WrongChangeCount {
            id,
            given,
            expected,
        } => tr!(
            lang,
            format!("quyết định cho `{id}` có {given} chỗ thay đổi, mục có {expected}"),
            e.to_string()
        ),
    }
}

/// Why someone may not do something. The screen speaks to the person
/// ("you"); the command line names them, as it may act for another (`--as`).
pub fn refusal(r: &Refusal, lang: Lang, at: Where) -> String {
    let t = lang.t();
    if at == Where::Screen {
        return match r {
            Refusal::NoConfig => t.no_valid_config.to_owned(),
            Refusal::NotListed { email } => t.not_listed.replace("{email}", email),
            Refusal::NotReviewer { department, .. } => {
                t.may_not_decide.replace("{dept}", department)
            }
            Refusal::NotEditor { department, .. } => t.may_not_edit.replace("{dept}", department),
            Refusal::NotResolver { .. } => t.may_not_resolve.to_owned(),
            Refusal::NotOffice { .. } => t.may_not_merge.to_owned(),
            Refusal::Unsigned { .. }
            | Refusal::BadSignature { .. }
            | Refusal::KeyNotAllowed { .. } => signature_refusal(r, lang),
        };
    }
    let why = refusal_reason(r, lang);
    tr!(
        lang,
        format!("không được phép: {why}"),
        format!("not allowed: {why}")
    )
}

/// Why a rule refuses, naming the person (for a record that does not count,
/// and after "not allowed:" on the command line).
pub fn refusal_reason(r: &Refusal, lang: Lang) -> String {
    match r {
        Refusal::NoConfig => tr!(
            lang,
            "trên main chưa có duyet.yaml hợp lệ nên chưa biết vai trò của ai",
            r.to_string()
        ),
        Refusal::NotListed { email } => tr!(
            lang,
            format!("{email} không có tên trong duyet.yaml"),
            r.to_string()
        ),
        Refusal::NotReviewer { person, department } => tr!(
            lang,
            format!("{person} không phải lãnh đạo của {department} hay của Văn phòng"),
            r.to_string()
        ),
        Refusal::NotEditor { person, department } => tr!(
            lang,
            format!(
                "{person} không thuộc {department}; chỉ phòng đó hoặc Văn phòng được sửa mục này"
            ),
            r.to_string()
        ),
        Refusal::NotResolver { person, department } => tr!(
            lang,
            format!(
                "{person} không được đánh dấu góp ý này là đã giải quyết: chỉ người viết góp ý{} hoặc Văn phòng mới được",
                department
                    .as_ref()
                    .map_or_else(String::new, |d| format!(", lãnh đạo của {d}"))
            ),
            r.to_string()
        ),
        Refusal::NotOffice { person } => tr!(
            lang,
            format!("chỉ Văn phòng được hợp nhất vào main; {person} không có vai trò Văn phòng"),
            r.to_string()
        ),
        Refusal::Unsigned { .. } | Refusal::BadSignature { .. } | Refusal::KeyNotAllowed { .. } => {
            signature_refusal(r, lang)
        }
    }
}

/// Why a record does not count, in words (the screen and `status`).
pub fn not_counted(n: &crate::core::review::NotCounted, lang: Lang) -> String {
    use crate::core::review::NotCounted;
    match n {
        NotCounted::Refused(r) => refusal_reason(r, lang),
        NotCounted::ChangeRequestResolved => tr!(
            lang,
            "yêu cầu sửa do chính người yêu cầu đóng lại, bằng cách phê duyệt hoặc rút yêu cầu",
            n.to_string()
        ),
        NotCounted::DecisionOnPart => tr!(
            lang,
            "phần không phải là mục của báo cáo chỉ được góp ý, không phê duyệt",
            n.to_string()
        ),
    }
}

/// A signature `approval.require_signed` does not accept, in words.
fn signature_refusal(r: &Refusal, lang: Lang) -> String {
    match r {
        Refusal::Unsigned { person } => tr!(
            lang,
            format!(
                "quyết định của {person} chưa được ký, mà duyet.yaml đòi quyết định phải có chữ ký"
            ),
            r.to_string()
        ),
        Refusal::BadSignature { person, why } => tr!(
            lang,
            format!("chữ ký trên bản ghi của {person} không hợp lệ ({why})"),
            r.to_string()
        ),
        Refusal::KeyNotAllowed {
            person,
            fingerprint,
        } => tr!(
            lang,
            format!(
                "bản ghi của {person} được ký bằng khóa {fingerprint}, khóa này không có trong duyet.yaml cho người đó"
            ),
            r.to_string()
        ),
        other => other.to_string(),
    }
}

/// Why an identity cannot go into a commit; characters named by code point.
pub fn identity(e: &IdentityError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    let part = |p: &IdentityPart| match p {
        IdentityPart::Name => "tên",
        IdentityPart::Email => "địa chỉ e-mail",
    };
    let code = |c: &char| format!("U+{:04X}", u32::from(*c));
    match e {
        IdentityError::Empty(p) => format!("{} đang để trống", part(p)),
        IdentityError::TooLong {
            part: p,
            chars,
            max,
        } => format!("{} dài {chars} ký tự; chỉ được tối đa {max}", part(p)),
        IdentityError::LineBreak { part: p, at } => format!(
            "{} có dấu xuống dòng (ký tự thứ {at}); phần đầu commit chỉ có một dòng",
            part(p)
        ),
        IdentityError::Control { part: p, ch, at } => format!(
            "{} có ký tự điều khiển {} (ký tự thứ {at})",
            part(p),
            code(ch)
        ),
        IdentityError::Invisible { part: p, ch, at } => format!(
            "{} có ký tự ẩn {} (ký tự thứ {at}), loại ký tự có thể che hoặc đảo thứ tự chữ",
            part(p),
            code(ch)
        ),
        IdentityError::AngleBracket { part: p, ch, at } => format!(
            "{} có `{ch}` (ký tự thứ {at}); git ghi e-mail giữa < và > nên không phần nào được chứa hai dấu này",
            part(p)
        ),
        IdentityError::Edge {
            part: p,
            ch,
            at_start,
        } => format!(
            "{} {} {}, ký tự git sẽ bỏ khỏi commit",
            part(p),
            if *at_start {
                "bắt đầu bằng"
            } else {
                "kết thúc bằng"
            },
            if ch.is_whitespace() {
                format!("khoảng trắng ({})", code(ch))
            } else {
                format!("`{ch}`")
            }
        ),
        IdentityError::Email { email, why } => {
            format!("`{email}` không phải địa chỉ e-mail: {}", email_why_vi(why))
        }
        IdentityError::Form(why) => format!(
            "không đúng dạng \"Họ Tên <email>\" ({})",
            match *why {
                "no `<` before the e-mail" => "thiếu `<` trước e-mail",
                "it must end with `>` after the e-mail" => "phải kết thúc bằng `>` sau e-mail",
                other => other,
            }
        ),
    }
}

/// The loader's reasons an address is not one (`core::identity`), in
/// Vietnamese.
fn email_why_vi(why: &str) -> &str {
    match why {
        "it contains a space" => "có khoảng trắng",
        "it has no `@`" => "không có `@`",
        "it has more than one `@`" => "có nhiều hơn một `@`",
        "there is nothing before the `@`" => "không có gì trước `@`",
        "there is nothing after the `@`" => "không có gì sau `@`",
        "the part before the `@` holds a character addresses do not use (\" ( ) , : ; [ ] \\)" => {
            "phần trước `@` có ký tự địa chỉ e-mail không dùng (\" ( ) , : ; [ ] \\)"
        }
        "the domain may hold only letters, digits, `-` and `.`" => {
            "tên miền chỉ được có chữ, số, `-` và `.`"
        }
        "the domain has an empty part (a dot at an end, or two dots)" => {
            "tên miền có một phần trống (dấu chấm ở đầu hay cuối, hoặc hai dấu chấm liền nhau)"
        }
        other => other,
    }
}

/// A record's action as a noun, in Vietnamese.
pub fn action_vi(action: Action) -> &'static str {
    match action {
        Action::Comment => "góp ý",
        Action::Reply => "trả lời",
        Action::Resolve => "đánh dấu đã giải quyết",
        Action::Approve => "phê duyệt",
        Action::RequestChanges => "yêu cầu chỉnh sửa",
        Action::Withdraw => "rút lại",
        Action::Dismiss => "bỏ qua một điều kiểm tra",
    }
}

fn action_en(action: Action) -> &'static str {
    match action {
        Action::Comment => "a comment",
        Action::Reply => "a reply",
        Action::Resolve => "a resolution",
        Action::Approve => "an approval",
        Action::RequestChanges => "a change request",
        Action::Withdraw => "a withdrawal",
        Action::Dismiss => "a dismissal of a check finding",
    }
}

pub fn demo(e: &DemoError, lang: Lang, at: Where) -> Explained {
    use Kind::*;
    match e {
        DemoError::NotEmpty { path } => Explained::new(
            Input,
            tr!(
                lang,
                format!("{} đã có và không phải kho mẫu của duyet", path.display()),
                e.to_string()
            ),
        )
        .hint(tr!(
            lang,
            "chọn một thư mục trống hoặc chưa có (duyet demo không bao giờ xoá tệp không do nó tạo ra)",
            "choose an empty or new folder (duyet demo never deletes files it did not make)"
        )),
        DemoError::Exists { path } => {
            let p = path.display();
            Explained::new(
                Input,
                tr!(
                    lang,
                    format!("{p} đã có một kho mẫu của duyet (cùng các ghi nhận duyệt trong đó)"),
                    e.to_string()
                ),
            )
            .cli_hint(
                at,
                tr!(
                    lang,
                    format!("mở bằng `duyet --repo {p}`, hoặc dựng lại bằng `duyet demo {p} --force`"),
                    format!("open it with `duyet --repo {p}`, or rebuild it with `duyet demo {p} --force`")
                ),
            )
        }
        DemoError::Io { path, source } => Explained::new(
            Repository,
            tr!(
                lang,
                format!("không chuẩn bị được {}: {source}", path.display()),
                e.to_string()
            ),
        ),
        DemoError::Scenario(_) | DemoError::Sample(_) => Explained::new(
            Internal,
            tr!(
                lang,
                format!("kho mẫu không dựng được (lỗi của duyet): {e}"),
                e.to_string()
            ),
        ),
        DemoError::Store(s) => store(s, lang, at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::StoreError;

    /// One of each error that used to carry advice, and a few others.
    fn samples() -> Vec<OpsError> {
        let s = String::from;
        vec![
            OpsError::NoIdentity,
            OpsError::NoSection {
                draft: s("d"),
                id: s("x"),
                rev: s("main"),
            },
            OpsError::MainMoved,
            OpsError::EmptyText {
                action: Action::Comment,
            },
            OpsError::UnknownRecord(s("abcd")),
            OpsError::AmbiguousRecord(s("abcd")),
            OpsError::ResolveChangeRequest(s("abcdef1")),
            OpsError::NotProposed {
                id: s("x"),
                from: s("dept/a"),
            },
            OpsError::NoCommonHistory {
                from: s("a"),
                to: s("b"),
            },
            OpsError::Store(StoreError::NoRepository { path: "/x".into() }),
            OpsError::Store(StoreError::UnknownRevision { rev: s("r") }),
            OpsError::Store(StoreError::GitIdentity {
                key: "user.name",
                source: IdentityError::Empty(IdentityPart::Name),
            }),
            OpsError::Store(StoreError::RecordsRef {
                refname: s("refs/duyet/reviews"),
                what: s("a blob"),
            }),
            OpsError::Store(StoreError::Moved { refname: s("main") }),
        ]
    }

    #[test]
    fn the_library_states_facts_and_the_command_line_gives_the_advice() {
        for e in samples() {
            let fact = e.to_string();
            for advice in ["duyet ", "--as", "--repo", "git config", "git update-ref"] {
                assert!(!fact.contains(advice), "{e:?}: {fact}");
            }
            for lang in [Lang::Vi, Lang::En] {
                let screen = ops(&e, lang, Where::Screen);
                for hint in &screen.hints {
                    for cli in ["duyet ", "--as", "--repo", "-m "] {
                        assert!(!hint.contains(cli), "{hint}");
                    }
                }
            }
        }
        let said = ops(&OpsError::NoIdentity, Lang::Vi, Where::CommandLine);
        assert!(said.hints.iter().any(|h| h.contains("--as")), "{said:?}");
        assert!(
            said.hints
                .iter()
                .any(|h| h.contains("git config user.name"))
        );
    }

    #[test]
    fn moved_and_not_allowed_are_told_apart() {
        let moved = ops(&OpsError::MainMoved, Lang::Vi, Where::Screen);
        assert_eq!(moved.kind, Kind::Moved);
        let refused = ops(
            &OpsError::NotAllowed(Refusal::NoConfig),
            Lang::Vi,
            Where::CommandLine,
        );
        assert_eq!(refused.kind, Kind::NotAllowed);
        assert!(
            refused.message.starts_with("không được phép: "),
            "{refused:?}"
        );
    }

    #[test]
    fn every_reason_an_address_is_refused_is_said_in_vietnamese() {
        for bad in [
            "a b@x.vn", "ab.x.vn", "a@b@x.vn", "@x.vn", "a@", "a,b@x.vn", "a@x_y.vn", "a@x..vn",
        ] {
            let e = crate::core::Identity::new("Tên", bad).unwrap_err();
            let said = identity(&e, Lang::Vi);
            let IdentityError::Email { why, .. } = &e else {
                panic!("{e:?}")
            };
            assert!(!said.contains(why), "{said}");
        }
        for bad in ["Tên", "Tên <a@x.vn"] {
            let e = crate::core::Identity::parse(bad).unwrap_err();
            let IdentityError::Form(why) = &e else {
                panic!("{e:?}")
            };
            assert!(!identity(&e, Lang::Vi).contains(why));
        }
    }
}
