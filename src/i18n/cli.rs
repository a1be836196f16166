//! What the command line prints, in Vietnamese and English: the words
//! around the values of `status`, `log`, `drafts`, `branches`, `diff`,
//! `merge --plan`, `check`, `fmt` and `demo`, and the notices beside them.
//! `{…}` in a text is replaced by the caller. JSON (`--json`) is for
//! scripts and is not translated.

use super::Lang;
use super::errors::tr;
use crate::core::merge::MergeAction;
use crate::core::review::{Action, ReadWarning, State};
use crate::store::RepoHint;

/// The command line's words.
pub struct Words {
    /// `status`'s first line: `{path}`, `{rev}`, `{approved}`, `{total}`.
    pub status_head: &'static str,
    pub approved_by: &'static str,
    pub stale_by: &'static str,
    pub requested_by: &'static str,
    pub not_counted: &'static str,
    pub needs: &'static str,
    pub and: &'static str,
    pub need_owner_reviewer: &'static str,
    pub need_office: &'static str,
    /// `{n}` open comments.
    pub open_comments: &'static str,
    /// A record that cannot be read: `{id}`, `{reason}`.
    pub unreadable: &'static str,
    /// `drafts`: `{n}` sections; a draft that does not load.
    pub n_sections: &'static str,
    pub invalid: &'static str,
    pub remote_tracking: &'static str,
    /// `diff`.
    pub preamble: &'static str,
    pub closing: &'static str,
    pub title: &'static str,
    pub unchanged: &'static str,
    pub added: &'static str,
    pub removed: &'static str,
    pub changed: &'static str,
    /// `{total}` sections, `{changed}` changed.
    pub diff_total: &'static str,
    /// `merge --plan`: `{draft}`, `{from}`; `{n}` changes; nothing to merge.
    pub merging: &'static str,
    pub n_changes: &'static str,
    pub nothing_to_merge: &'static str,
    /// `check`, `fmt`.
    pub ok: &'static str,
    pub not_canonical: &'static str,
    pub rewritten: &'static str,
    /// Before a notice on stderr.
    pub warning: &'static str,
    pub note: &'static str,
    /// `demo`: `{path}`, `{revisions}`, `{branches}`; kept as it was.
    pub demo_built: &'static str,
    pub demo_kept: &'static str,
    /// `theme NAME`: `{theme}`, `{path}` of the settings file.
    pub theme_set: &'static str,
    /// `export -o FILE`: `{path}`, `{format}`; the mark of a document with
    /// sections not approved: `{n}`.
    pub export_written: &'static str,
    pub export_marked: &'static str,
}

pub static VI: Words = Words {
    status_head: "{path} tại {rev}: đã phê duyệt {approved}/{total} mục",
    approved_by: "phê duyệt: {who}",
    stale_by: "phê duyệt đã cũ: {who}",
    requested_by: "yêu cầu chỉnh sửa: {who}",
    not_counted: "không tính",
    needs: "còn cần",
    and: " và ",
    need_owner_reviewer: "lãnh đạo phòng phụ trách",
    need_office: "Văn phòng",
    open_comments: "{n} góp ý chưa giải quyết",
    unreadable: "không tính: bản ghi không đọc được {id}: {reason}",
    n_sections: "{n} mục",
    invalid: "KHÔNG HỢP LỆ",
    remote_tracking: "(nhánh theo dõi kho từ xa)",
    preamble: "phần mở đầu",
    closing: "phần kết",
    title: "tên mục",
    unchanged: "không đổi",
    added: "mục mới",
    removed: "đã xoá",
    changed: "có thay đổi",
    diff_total: "{total} mục, {changed} mục thay đổi",
    merging: "{draft}: hợp nhất {from} vào main",
    n_changes: "{n} chỗ thay đổi",
    nothing_to_merge: "không có gì để hợp nhất: main đã có mọi thay đổi của nhánh này",
    ok: "hợp lệ",
    not_canonical: "chưa theo bố cục chuẩn",
    rewritten: "đã trình bày lại",
    warning: "cảnh báo",
    note: "lưu ý",
    demo_built: "Kho mẫu: {path} ({revisions} phiên bản, nhánh {branches})",
    demo_kept: "Kho mẫu {path} đã có từ trước nên được giữ nguyên, cùng các ghi nhận duyệt trong đó. Dựng lại từ đầu (mất các ghi nhận): duyet demo {path} --force",
    theme_set: "Bảng màu của bạn: {theme} (lưu trong {path})",
    export_written: "{path}: đã ghi ({format})",
    export_marked: "có dấu DỰ THẢO: {n} mục chưa được phê duyệt",
};

pub static EN: Words = Words {
    status_head: "{path} at {rev}: {approved} of {total} sections approved",
    approved_by: "approved by {who}",
    stale_by: "stale approval by {who}",
    requested_by: "changes requested by {who}",
    not_counted: "not counted",
    needs: "needs",
    and: " and ",
    need_owner_reviewer: "a reviewer of the owner department",
    need_office: "the office",
    open_comments: "{n} open comment(s)",
    unreadable: "not counted: unreadable record {id}: {reason}",
    n_sections: "{n} sections",
    invalid: "INVALID",
    remote_tracking: "(remote-tracking)",
    preamble: "preamble",
    closing: "closing",
    title: "title",
    unchanged: "unchanged",
    added: "added",
    removed: "removed",
    changed: "changed",
    diff_total: "{total} sections, {changed} changed",
    merging: "{draft}: merging {from} into main",
    n_changes: "{n} change(s)",
    nothing_to_merge: "nothing to merge: main already has everything this branch changed",
    ok: "ok",
    not_canonical: "not in canonical layout",
    rewritten: "rewritten",
    warning: "warning",
    note: "note",
    demo_built: "Demo repository: {path} ({revisions} revisions, branches {branches})",
    demo_kept: "The demo repository {path} was already there and was kept as it is, with its review records. To rebuild it from scratch (losing them): duyet demo {path} --force",
    theme_set: "Your theme: {theme} (kept in {path})",
    export_written: "{path}: written ({format})",
    export_marked: "marked DỰ THẢO (draft): {n} section(s) not approved",
};

impl Lang {
    /// The command line's words.
    pub fn cli(self) -> &'static Words {
        match self {
            Lang::Vi => &VI,
            Lang::En => &EN,
        }
    }
}

/// A section's review state, as `status` shows it (English: the state's
/// name, as `--json` gives it).
pub fn state(lang: Lang, s: State) -> &'static str {
    let t = lang.t();
    match lang {
        Lang::En => s.as_str(),
        Lang::Vi => match s {
            State::Pending => t.state_pending,
            State::Approved => t.state_approved,
            State::Stale => "phê duyệt đã cũ",
            State::ChangesRequested => t.state_changes_requested,
        },
    }
}

/// A record's action, as `log` shows it (English: its name in the record).
pub fn action(lang: Lang, a: Action) -> &'static str {
    match lang {
        Lang::En => a.as_str(),
        Lang::Vi => super::errors::action_vi(a),
    }
}

/// A section's lot in a merge, as `merge --plan` shows it (English: its
/// name in `--json`).
pub fn merge_action(lang: Lang, a: MergeAction) -> &'static str {
    match lang {
        Lang::En => a.as_str(),
        Lang::Vi => lang.t().merge_action(a),
    }
}

/// A kind of change to a section, as `diff` lists it (`Changes::names`).
pub fn change_kind(lang: Lang, name: &'static str) -> &'static str {
    let t = lang.t();
    match (lang, name) {
        (Lang::Vi, "text") => t.change_text,
        (Lang::Vi, "title") | (Lang::Vi, "renamed") => t.change_title,
        (Lang::Vi, "moved") => t.change_moved,
        (Lang::Vi, "renumbered") => t.change_renumbered,
        _ => name,
    }
}

/// Why records may be missing (`store::RepoHint`), for `status` and `log`.
pub fn repo_hint(lang: Lang, hint: &RepoHint) -> String {
    let fetch = hint.fetch_command().unwrap_or_default();
    let reviews = crate::core::review::REVIEWS_REF;
    match hint {
        RepoHint::RecordsNotFetched { remote, .. } => tr!(
            lang,
            format!(
                "`{remote}` có bản ghi duyệt ({reviews}) chưa được tải về nên ở đây không thấy góp ý hay phê duyệt nào; tải về bằng\n  {fetch}\n(sau này `duyet sync` sẽ làm việc này)"
            ),
            hint.to_string()
        ),
        RepoHint::RecordsMaybeOnRemote { remote } => tr!(
            lang,
            format!(
                "kho này chưa có bản ghi duyệt nào; nếu `{remote}` có thì tải về bằng\n  {fetch}"
            ),
            hint.to_string()
        ),
        RepoHint::NoDepartmentBranches => tr!(
            lang,
            "chưa có nhánh dept/… nào để so với main: các phòng tạo nhánh bằng `duyet edit` hoặc `git branch dept/<mã phòng> main`",
            hint.to_string()
        ),
    }
}

/// Why the records' history may be short (`core::review::ReadWarning`).
pub fn read_warning(lang: Lang, w: &ReadWarning) -> String {
    let short = |id: &str| id.chars().take(7).collect::<String>();
    match (lang, w) {
        (Lang::En, _) => w.to_string(),
        (Lang::Vi, ReadWarning::Shallow { commit }) => format!(
            "lịch sử bản ghi duyệt bị cắt ngắn: dừng ở {} (bản sao nông), nên các bản ghi cũ hơn không có trong kho này và không được tính; tải về bằng `git fetch --unshallow`",
            short(commit)
        ),
        (Lang::Vi, ReadWarning::Incomplete { why, .. }) => format!(
            "lịch sử bản ghi duyệt không đầy đủ: {why}, nên các bản ghi trước đó không được tính; tải lại (`git fetch`) hoặc khôi phục đối tượng từ bản sao lưu, rồi kiểm tra bằng `git fsck`"
        ),
        (Lang::Vi, ReadWarning::RemoteRef { refname, problem }) => format!(
            "{refname} {problem}, nên các bản ghi của nó không được đọc; tải lại (`git fetch`) hoặc xoá nó (`git update-ref -d {refname}`)"
        ),
    }
}

/// A notice beside `status` or `log`, with its label (`cảnh báo`/`lưu ý`).
pub fn notice(lang: Lang, n: &crate::ops::review::Notice) -> String {
    use crate::ops::review::Notice;
    let w = lang.cli();
    match n {
        Notice::NoConfig => format!(
            "{}: {}",
            w.warning,
            tr!(
                lang,
                "trên main chưa có duyet.yaml nên chưa phê duyệt nào được tính",
                "there is no duyet.yaml on main, so no approval is counted"
            )
        ),
        Notice::BadConfig(problems) => bad_config(lang, &super::errors::load(problems, lang)),
        Notice::ConfigUnreadable(why) => bad_config(lang, why),
        Notice::Repo(hint) => format!("{}: {}", w.note, repo_hint(lang, hint)),
        Notice::Read(warning) => format!("{}: {}", w.warning, read_warning(lang, warning)),
    }
}

/// The warning for a `duyet.yaml` on main that cannot be used, and why.
fn bad_config(lang: Lang, why: &str) -> String {
    format!(
        "{}: {}",
        lang.cli().warning,
        tr!(
            lang,
            format!("chưa phê duyệt nào được tính: duyet.yaml trên main có lỗi:\n{why}"),
            format!("no approval is counted: duyet.yaml on main is invalid:\n{why}")
        )
    )
}

/// `duyet sync`: what the records did.
pub fn sync_records(lang: Lang, remote: &str, received: usize, sent: usize) -> String {
    tr!(
        lang,
        format!("Ý kiến: nhận {received} từ {remote}, gửi {sent}."),
        format!("Records: {received} received from {remote}, {sent} sent.")
    )
}

/// `duyet sync`: what a branch did (`None`: nothing to say, it was up to date).
pub fn sync_branch(
    lang: Lang,
    remote: &str,
    name: &str,
    outcome: &crate::ops::sync::Outcome,
) -> Option<String> {
    use crate::ops::sync::Outcome;
    Some(match outcome {
        Outcome::UpToDate => return None,
        Outcome::Received { commits } => tr!(
            lang,
            format!("{name}: nhận {commits} lần sửa từ {remote}."),
            format!("{name}: {commits} commit(s) received from {remote}.")
        ),
        Outcome::Created => tr!(
            lang,
            format!("{name}: nhánh mới từ {remote}."),
            format!("{name}: new branch from {remote}.")
        ),
        Outcome::Sent { commits } => tr!(
            lang,
            format!("{name}: gửi {commits} lần sửa."),
            format!("{name}: {commits} commit(s) sent.")
        ),
        Outcome::Diverged { here, there } => tr!(
            lang,
            format!(
                "{name}: ở đây có {here} lần sửa, {remote} có {there} lần sửa mà bên kia chưa có; \
                 không bên nào bị ghi đè. Hợp nhất bằng git (`git merge {remote}/{name}` trên \
                 nhánh {name}), rồi chạy lại duyet sync."
            ),
            format!(
                "{name}: {here} commit(s) here and {there} on {remote} that the other side lacks; \
                 neither was overwritten. Merge them with git (`git merge {remote}/{name}` on \
                 {name}), then run duyet sync again."
            )
        ),
        Outcome::NotMoved { why } => {
            let why = super::errors::store(why, lang, super::errors::Where::CommandLine);
            let mut text = why.message;
            for hint in why.hints {
                text.push_str(&format!(" ({}: {hint})", super::errors::hint_label(lang)));
            }
            tr!(
                lang,
                format!("{name}: chưa cập nhật được: {text}"),
                format!("{name}: not brought up to date: {text}")
            )
        }
    })
}

/// `duyet sync`: a ref the remote refused.
pub fn sync_refused(lang: Lang, remote: &str, refname: &str, reason: &str) -> String {
    tr!(
        lang,
        format!("{remote} từ chối {refname}: {reason}"),
        format!("{remote} refused {refname}: {reason}")
    )
}

pub fn in_sync(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Đã đồng bộ.",
        Lang::En => "In sync.",
    }
}
