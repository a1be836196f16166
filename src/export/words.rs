//! The words of an exported document that are not the draft's own. They are
//! in Vietnamese whatever `--lang` says: they are part of the document, and
//! the document is in the language of the administration.

use crate::core::review::State;

/// Quốc hiệu (Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.1).
pub const NATIONAL_NAME: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// Tiêu ngữ.
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";
/// Before the list of recipients.
pub const RECIPIENTS: &str = "Nơi nhận:";
/// The mark of a document not every section of which is approved.
pub const DRAFT_MARK: &str = "DỰ THẢO";
/// The banner beside the mark (HTML, Markdown).
pub const DRAFT_NOTE: &str = "Chưa phải văn bản chính thức: còn mục chưa được phê duyệt.";
/// The review annex's heading and subheading.
pub const ANNEX: &str = "PHỤ LỤC";
pub const ANNEX_TITLE: &str = "TÌNH TRẠNG DUYỆT CÁC MỤC CỦA DỰ THẢO";
/// "(Dự thảo {draft}, phiên bản {rev}, {commit})" under the annex title.
pub const ANNEX_SOURCE: &str = "Dự thảo {draft}, phiên bản {rev} ({commit})";
/// The annex table's column headings.
pub const COL_NUMBER: &str = "Mục";
pub const COL_TITLE: &str = "Tiêu đề";
pub const COL_OWNER: &str = "Phòng ban";
pub const COL_STATE: &str = "Trạng thái";
pub const COL_APPROVERS: &str = "Người phê duyệt";
pub const COL_OPEN: &str = "Góp ý chưa giải quyết";
/// The headings in the table's order (`ReviewRow::cells`).
pub const COLUMNS: [&str; 6] = [
    COL_NUMBER,
    COL_TITLE,
    COL_OWNER,
    COL_STATE,
    COL_APPROVERS,
    COL_OPEN,
];
/// The annex's summary line: `{approved}`, `{total}`.
pub const ANNEX_SUMMARY: &str = "Đã phê duyệt {approved}/{total} mục.";
/// The footnotes' heading (HTML, Markdown; Word puts them at the foot of
/// the page).
pub const FOOTNOTES: &str = "Chú thích";
/// The title of a back-link from a footnote to its citation (HTML).
pub const BACK_TO_TEXT: &str = "Trở lại chỗ trích dẫn";

/// A section's review state in the annex, as `duyet status` says it in
/// Vietnamese.
pub fn state(s: State) -> &'static str {
    match s {
        State::Pending => "Chờ duyệt",
        State::Approved => "Đã phê duyệt",
        State::Stale => "Phê duyệt đã cũ (nội dung đã đổi)",
        State::ChangesRequested => "Yêu cầu chỉnh sửa",
    }
}
