//! What every mark on the screen means, for the help's legend.

/// The markers and badges the screen draws, with what they mean:
/// (marker, Vietnamese, English).
pub static LEGEND: &[(&str, &str, &str)] = &[
    ("~", "mục sửa nội dung", "section text changed"),
    ("✎", "mục đổi tên", "section renamed"),
    ("↕", "mục chuyển chỗ", "section moved"),
    ("#", "mục đánh số lại", "section renumbered"),
    ("+", "mục mới", "section added"),
    ("−", "mục đã xoá", "section removed"),
    (
        "[-…-] {+…+}",
        "chữ bị xoá, chữ được thêm",
        "words deleted, words added",
    ),
    ("•", "chờ duyệt", "awaiting review"),
    (
        "✓",
        "đã phê duyệt (bảng tổng hợp: nhận)",
        "approved (merge board: taken)",
    ),
    (
        "≈",
        "phê duyệt cũ: mục đã đổi sau khi duyệt",
        "stale approval: changed since",
    ),
    (
        "✗",
        "yêu cầu chỉnh sửa (bảng tổng hợp: bỏ; lỗi)",
        "changes requested (board: rejected; an error)",
    ),
    (
        "[n]",
        "số góp ý chưa giải quyết của mục",
        "the section's open comments",
    ),
    (
        "!n",
        "số điều kiểm tra chưa bỏ qua của mục (i)",
        "the section's check findings not dismissed (i)",
    ),
    (
        "[n✓] [n✗] [n?]",
        "chỗ thay đổi thứ n: nhận, bỏ, chưa quyết",
        "change n: taken, rejected, undecided",
    ),
    ("▶", "dòng đang chọn", "the selected row"),
    ("⇣", "nhánh ở kho từ xa (remote)", "a branch of the remote"),
];
