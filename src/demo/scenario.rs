//! What the departments do in `duyet demo`: who edits what, when.

use super::{Edit, Step};

/// The office person who creates the initial draft on `main`.
pub const OFFICE_AUTHOR: &str = "thang.nv@tanyen.example";

/// When the initial draft is committed (local time in Vietnam).
pub const START: (i64, u32, u32, u32, u32) = (2023, 12, 4, 8, 15);

const Y2023: &str = "drafts/bao-cao-ubnd-tan-yen-2023.yaml";

pub fn steps() -> Vec<Step> {
    vec![Step {
        department: "phong-tai-chinh",
        author: "hoa.lt@tanyen.example",
        at: (2023, 12, 11, 9, 30),
        draft: Y2023,
        message: "Cập nhật số liệu thu ngân sách",
        edits: vec![Edit::AppendParagraph {
            section: "dieu-hanh-ngan-sach-dau-tu",
            text: "Tổng thu ngân sách nhà nước trên địa bàn năm 2023 ước đạt 418,2 tỷ đồng, bằng 104% dự toán.",
        }],
    }]
}
