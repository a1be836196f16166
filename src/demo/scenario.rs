//! What the departments do in `duyet demo`: who edits what, when.
//!
//! Six departments work on their branches during the first two weeks of
//! December 2023, after the office (Văn phòng) put the consolidated draft on
//! `main`. Between them they show every kind of change the review screens
//! know: updated figures, added and removed sentences, a renamed and
//! renumbered section, a moved section, a new section, a new footnote, and one
//! section (`ket-qua-dieu-hanh-kt-xh`, the opening of I.4) edited on two
//! branches at once, which the office later has to reconcile.
//!
//! Steps are listed in the order they happen; their dates only go forward.

use super::{Edit, Step};

/// The office person who creates the initial draft on `main`.
pub const OFFICE_AUTHOR: &str = "thang.nv@tanyen.example";

/// Who a newcomer is in the demo: a drafting officer of the finance
/// department, as in the screen sketches.
pub const DEMO_USER: &str = "hoa.lt@tanyen.example";

/// When the initial draft is committed (local time in Vietnam).
pub const START: (i64, u32, u32, u32, u32) = (2023, 12, 4, 8, 15);

const Y2023: &str = "drafts/bao-cao-ubnd-tan-yen-2023.yaml";
const T11: &str = "drafts/bao-cao-thang-11-2026.yaml";

/// The opening of I.4, edited by both Phòng Tài chính - Kế hoạch (its owner)
/// and Phòng Kinh tế và Hạ tầng.
const KT_XH: &str = "ket-qua-dieu-hanh-kt-xh";
const KT_XH_OLD: &str = "vẫn đạt được kết quả đáng khích lệ trên một số lĩnh vực.";

pub fn steps() -> Vec<Step> {
    vec![
        // Thứ Ba 05/12/2023
        Step {
            department: "phong-noi-vu",
            author: "anh.ntl@tanyen.example",
            at: (2023, 12, 5, 9, 20),
            draft: Y2023,
            message: "Sửa tên và số thứ tự mục Nguyên nhân tại phần Đánh giá chung\n\n\
                Mục “Nguyên nhân” bị đánh trùng số 2 với mục “Tồn tại, hạn chế”; \
                sửa thành mục 3 và ghi rõ tên mục.\n",
            edits: vec![
                Edit::Rename {
                    section: "danh-gia-nguyen-nhan",
                    title: "Nguyên nhân của tồn tại, hạn chế",
                },
                Edit::Renumber {
                    section: "danh-gia-nguyen-nhan",
                    number: "3",
                },
            ],
        },
        Step {
            department: "cong-an",
            author: "binh.tv@tanyen.example",
            at: (2023, 12, 5, 14, 40),
            draft: Y2023,
            message: "Cập nhật kết quả bảo đảm an ninh, trật tự an toàn xã hội năm 2023\n\n\
                Bổ sung số liệu điều tra, xử lý tội phạm và vi phạm trật tự an toàn giao thông; \
                sửa lỗi chính tả “xe hơi nói” thành “xe cơi nới”.\n",
            edits: vec![
                Edit::Replace {
                    section: "dieu-hanh-an-ninh-trat-tu",
                    old: "xe hơi nói thành thùng",
                    new: "xe cơi nới thành thùng",
                },
                Edit::Replace {
                    section: "dieu-hanh-an-ninh-trat-tu",
                    old: "điều kiện an toàn kỹ thuật phương tiện.....",
                    new: "điều kiện an toàn kỹ thuật phương tiện. Năm 2023, Công an huyện đã \
                        điều tra, làm rõ 142/156 vụ phạm tội về trật tự xã hội, đạt 91,0%; \
                        phát hiện, bắt giữ 48 vụ, 76 đối tượng phạm tội về ma túy; xử phạt vi \
                        phạm hành chính 5.214 trường hợp vi phạm trật tự an toàn giao thông, \
                        nộp Kho bạc Nhà nước 9,8 tỷ đồng.",
                },
            ],
        },
        // Thứ Tư 06/12/2023
        Step {
            department: "phong-tai-chinh",
            author: "hoa.lt@tanyen.example",
            at: (2023, 12, 6, 10, 5),
            draft: Y2023,
            message: "Cập nhật số liệu thu ngân sách năm 2023\n\n\
                Số liệu ước thực hiện đến hết tháng 11/2023; sẽ cập nhật lại khi có \
                số liệu của Kho bạc Nhà nước huyện.\n",
            edits: vec![Edit::Replace {
                section: "dieu-hanh-ngan-sach-dau-tu",
                old: "vừa đảm bảo tăng thu ngân sách.",
                new: "vừa đảm bảo tăng thu ngân sách. Tổng thu ngân sách nhà nước trên địa \
                    bàn năm 2023 ước đạt 412,5 tỷ đồng, tăng 6,8% so với năm 2022.",
            }],
        },
        // Thứ Năm 07/12/2023
        Step {
            department: "phong-giao-duc",
            author: "son.dv@tanyen.example",
            at: (2023, 12, 7, 8, 45),
            draft: Y2023,
            message: "Bổ sung số liệu kết quả năm học 2022 - 2023\n",
            edits: vec![
                Edit::Replace {
                    section: "dieu-hanh-giao-duc",
                    old: "khen thưởng học sinh giỏi",
                    new: "khen thưởng 312 học sinh giỏi",
                },
                Edit::Replace {
                    section: "dieu-hanh-giao-duc",
                    old: "nâng cao chất lượng giáo dục toàn diện các cấp học.",
                    new: "nâng cao chất lượng giáo dục toàn diện các cấp học. Đến nay, toàn \
                        huyện có 61/74 trường đạt chuẩn quốc gia, đạt 82,4%.",
                },
            ],
        },
        Step {
            department: "phong-kinh-te",
            author: "manh.td@tanyen.example",
            at: (2023, 12, 7, 15, 10),
            draft: Y2023,
            message: "Bổ sung số liệu thương mại, dịch vụ năm 2023\n\n\
                Sửa lỗi dấu câu trong đoạn về xúc tiến thương mại.\n",
            edits: vec![
                Edit::Replace {
                    section: "dieu-hanh-thuong-mai",
                    old: "Quảng Ninh 2023 ;",
                    new: "Quảng Ninh 2023;",
                },
                Edit::Replace {
                    section: "dieu-hanh-thuong-mai",
                    old: "(Techfest Bắc Giang 2023)\".",
                    new: "(Techfest Bắc Giang 2023).",
                },
                Edit::Replace {
                    section: "dieu-hanh-thuong-mai",
                    old: "để có biện pháp chỉ đạo kịp thời.",
                    new: "để có biện pháp chỉ đạo kịp thời. Tổng mức bán lẻ hàng hóa và doanh \
                        thu dịch vụ năm 2023 ước đạt 8.650 tỷ đồng, tăng 13,0% so với năm 2022.",
                },
            ],
        },
        // Thứ Sáu 08/12/2023
        Step {
            department: "phong-nong-nghiep",
            author: "thuy.dt@tanyen.example",
            at: (2023, 12, 8, 9, 30),
            draft: Y2023,
            message: "Cập nhật kết quả sản xuất nông nghiệp năm 2023\n",
            edits: vec![Edit::Replace {
                section: "dieu-hanh-nong-nghiep",
                old: "chỉ đạo sản xuất, tiêu thụ nông sản thích ứng linh hoạt.",
                new: "chỉ đạo sản xuất, tiêu thụ nông sản thích ứng linh hoạt. Giá trị sản \
                    xuất nông, lâm nghiệp và thủy sản năm 2023 ước tăng 1,9% so với năm 2022; \
                    sản lượng vải thiều đạt 26.500 tấn, giá trị đạt trên 650 tỷ đồng.",
            }],
        },
        // Thứ Hai 11/12/2023
        Step {
            department: "phong-tai-chinh",
            author: "mai.ntt@tanyen.example",
            at: (2023, 12, 11, 9, 30),
            draft: Y2023,
            message: "Cập nhật số liệu thu ngân sách theo số liệu của Kho bạc Nhà nước huyện\n",
            edits: vec![Edit::Replace {
                section: "dieu-hanh-ngan-sach-dau-tu",
                old: "412,5 tỷ đồng, tăng 6,8%",
                new: "418,2 tỷ đồng, bằng 104% dự toán tỉnh giao, tăng 8,3%",
            }],
        },
        Step {
            department: "cong-an",
            author: "cuong.nv@tanyen.example",
            at: (2023, 12, 11, 14, 15),
            draft: Y2023,
            message: "Điều chỉnh vị trí nội dung an ninh, trật tự tại mục I.4\n\n\
                Đưa nội dung bảo đảm an ninh chính trị, trật tự an toàn xã hội lên trước \
                nội dung quốc phòng, quân sự địa phương theo ý kiến của Thường trực UBND huyện.\n",
            edits: vec![Edit::Move {
                section: "dieu-hanh-an-ninh-trat-tu",
                parent: Some(KT_XH),
                index: 12,
            }],
        },
        // Thứ Ba 12/12/2023
        Step {
            department: "phong-noi-vu",
            author: "anh.ntl@tanyen.example",
            at: (2023, 12, 12, 10, 20),
            draft: Y2023,
            message: "Bổ sung kết quả cải cách thủ tục hành chính năm 2023\n\n\
                Bỏ nội dung rà soát, bãi bỏ thủ tục hành chính vì trùng với câu trước.\n",
            edits: vec![
                Edit::Replace {
                    section: "dieu-hanh-cai-cach-hanh-chinh",
                    old: "tiếp tục rà soát đề nghị bãi bỏ những thủ tục hành chính rườm rà; ",
                    new: "",
                },
                Edit::Replace {
                    section: "dieu-hanh-cai-cach-hanh-chinh",
                    old: "thời gian chờ đợi cho người dân và tổ chức.",
                    new: "thời gian chờ đợi cho người dân và tổ chức. Năm 2023, Bộ phận tiếp \
                        nhận và trả kết quả cấp huyện, xã đã tiếp nhận 52.318 hồ sơ, giải quyết \
                        đúng hạn 51.906 hồ sơ, đạt 99,2%; tỷ lệ hồ sơ được tiếp nhận, giải quyết \
                        trực tuyến đạt 42,6%.",
                },
            ],
        },
        Step {
            department: "phong-kinh-te",
            author: "ngoc.lt@tanyen.example",
            at: (2023, 12, 12, 15, 30),
            draft: Y2023,
            message: "Bổ sung tốc độ tăng trưởng công nghiệp, thương mại vào phần mở đầu mục I.4\n\n\
                Đề nghị Phòng Tài chính - Kế hoạch (đơn vị chủ trì mục I.4) xem xét, tổng hợp.\n",
            edits: vec![Edit::Replace {
                section: KT_XH,
                old: KT_XH_OLD,
                new: "vẫn đạt được kết quả đáng khích lệ trên một số lĩnh vực, nhất là công \
                    nghiệp - xây dựng tăng 15,2%, dịch vụ - thương mại tăng 13,0% so với năm 2022.",
            }],
        },
        // Thứ Tư 13/12/2023
        Step {
            department: "phong-giao-duc",
            author: "son.dv@tanyen.example",
            at: (2023, 12, 13, 9, 0),
            draft: Y2023,
            message: "Bổ sung nhiệm vụ giáo dục và đào tạo năm 2024\n\n\
                Thêm mục 7 tại phần Nhiệm vụ, biện pháp chủ yếu năm 2024; bỏ nội dung chuẩn bị \
                kỳ thi tốt nghiệp THPT do Sở Giáo dục và Đào tạo chủ trì.\n",
            edits: vec![
                Edit::Replace {
                    section: "dieu-hanh-giao-duc",
                    old: " Chuẩn bị các điều kiện kỳ thi tốt nghiệp THPT quốc gia.",
                    new: "",
                },
                Edit::Add {
                    parent: Some("nhiem-vu-2024"),
                    index: 6,
                    id: "nhiem-vu-2024-giao-duc",
                    number: "7",
                    title: None,
                    owner: "phong-giao-duc",
                    body: "Nâng cao chất lượng giáo dục toàn diện; thực hiện Chương trình giáo \
                        dục phổ thông 2018 đối với lớp 5, lớp 9 năm học 2024 - 2025. Tăng cường \
                        đầu tư cơ sở vật chất, phấn đấu có thêm 03 trường đạt chuẩn quốc gia; \
                        sắp xếp, bố trí đủ giáo viên theo định mức, khắc phục tình trạng thiếu \
                        giáo viên cục bộ ở một số môn học.",
                },
            ],
        },
        Step {
            department: "phong-tai-chinh",
            author: "hoa.lt@tanyen.example",
            at: (2023, 12, 13, 14, 20),
            draft: Y2023,
            message: "Bổ sung chú thích cơ cấu thu ngân sách năm 2023\n",
            edits: vec![Edit::AddFootnote {
                section: "dieu-hanh-ngan-sach-dau-tu",
                after: "418,2 tỷ đồng",
                id: "fn-thu-ngan-sach",
                text: "Trong đó: thu tiền sử dụng đất 236,4 tỷ đồng; thu từ khu vực công thương \
                    nghiệp ngoài quốc doanh 98,5 tỷ đồng; lệ phí trước bạ 41,2 tỷ đồng; thu phí, \
                    lệ phí và thu khác 42,1 tỷ đồng.",
            }],
        },
        // Thứ Năm 14/12/2023
        Step {
            department: "phong-nong-nghiep",
            author: "khoa.nv@tanyen.example",
            at: (2023, 12, 14, 8, 30),
            draft: Y2023,
            message: "Cập nhật kết quả xây dựng nông thôn mới và chương trình OCOP năm 2023\n",
            edits: vec![
                Edit::Replace {
                    section: "dieu-hanh-nong-nghiep",
                    old: "xã nông thôn mới kiểu mẫu đối với xã Việt Lập;",
                    new: "xã nông thôn mới kiểu mẫu đối với xã Việt Lập, trong năm có 02 xã \
                        Lam Cốt, Ngọc Lý được công nhận đạt chuẩn nông thôn mới nâng cao;",
                },
                Edit::Replace {
                    section: "dieu-hanh-nong-nghiep",
                    old: "chương trình “Mỗi xã một sản phẩm”.",
                    new: "chương trình “Mỗi xã một sản phẩm”, có thêm 08 sản phẩm được công nhận \
                        đạt chuẩn OCOP 3 sao trở lên.",
                },
            ],
        },
        Step {
            department: "phong-tai-chinh",
            author: "dung.hv@tanyen.example",
            at: (2023, 12, 14, 10, 0),
            draft: Y2023,
            message: "Hoàn thiện phần mở đầu mục I.4 về kết quả thực hiện chỉ tiêu kinh tế - xã hội\n",
            edits: vec![Edit::Replace {
                section: KT_XH,
                old: KT_XH_OLD,
                new: "vẫn đạt được nhiều kết quả quan trọng, có 17/17 chỉ tiêu kinh tế - xã \
                    hội chủ yếu đạt và vượt kế hoạch.",
            }],
        },
        Step {
            department: "phong-nong-nghiep",
            author: "thuy.dt@tanyen.example",
            at: (2023, 12, 14, 14, 10),
            draft: T11,
            message: "Cập nhật diện tích gieo trồng cây vụ đông trong báo cáo tháng 11\n",
            edits: vec![Edit::Replace {
                section: "t11-nong-nghiep",
                old: "gieo trồng được 1.240 ha cây vụ đông, đạt 82,7% kế hoạch",
                new: "gieo trồng được 1.385 ha cây vụ đông, đạt 92,3% kế hoạch",
            }],
        },
        // Thứ Sáu 15/12/2023
        Step {
            department: "phong-tai-chinh",
            author: "mai.ntt@tanyen.example",
            at: (2023, 12, 15, 9, 40),
            draft: T11,
            message: "Cập nhật tiến độ giải ngân vốn đầu tư công đến ngày 30/11\n",
            edits: vec![Edit::Replace {
                section: "t11-kinh-te",
                old: "đến ngày 20/11/2026 đạt 412,6 tỷ đồng, bằng 78,4% kế hoạch vốn giao;",
                new: "đến ngày 30/11/2026 đạt 436,8 tỷ đồng, bằng 83,0% kế hoạch vốn giao, \
                    tăng 4,6 điểm phần trăm so với cùng kỳ;",
            }],
        },
    ]
}
