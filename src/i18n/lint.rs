//! What `duyet check` and the screen's "Kiểm tra" panel say of a lint
//! finding (`core::lint`), in Vietnamese and English. English is the
//! finding's own `Display`.

use super::Lang;
use crate::core::lint::{Issue, Style};

/// A finding's sentence in the person's language.
pub fn issue(issue: &Issue, lang: Lang) -> String {
    if lang == Lang::En {
        return issue.to_string();
    }
    match issue {
        Issue::NumberingGap { missing, found } => {
            format!("thiếu số {} trước {found}", missing.join(", "))
        }
        Issue::NumberingDuplicate { number } => format!("số {number} bị đánh hai lần"),
        Issue::NumberingOrder { expected, found } => {
            format!("{found} đứng ở chỗ lẽ ra là {expected}")
        }
        Issue::NumberingMixed { expected, found } => format!(
            "đánh số kiểu {} giữa các mục cùng cấp đánh số kiểu {}",
            style(*found),
            style(*expected)
        ),
        Issue::FootnoteUnused { id } => format!("chú thích [^{id}] không được dẫn ở đâu"),
        Issue::FootnoteOrder { id, cited, listed } => {
            format!("chú thích [^{id}] được dẫn thứ {cited} nhưng xếp thứ {listed}")
        }
        Issue::NameVariant {
            found,
            usual,
            count,
        } => {
            format!("«{found}» ở chỗ khác viết là «{usual}» ({count} lần)")
        }
        Issue::ToneVariant {
            found,
            usual,
            count,
        } => format!("«{found}» đặt dấu thanh khác với «{usual}» (dùng {count} lần)"),
        Issue::Misspelling { found, suggested } => format!("«{found}»: nên viết «{suggested}»"),
        Issue::Spacing { found } => {
            format!("khoảng trắng quanh dấu câu: {}", found.join(" · "))
        }
        Issue::PeriodVariant { found, usual } => {
            format!("giai đoạn {found} ở chỗ khác viết là {usual}")
        }
        Issue::PeriodLength { found, years } => format!("{found} không phải {years} năm"),
        Issue::PeriodReversed { found } => format!("giai đoạn {found} kết thúc trước khi bắt đầu"),
        Issue::ImpossibleDate { found } => format!("{found} không phải ngày có thật"),
        Issue::EmptySection => "mục không có nội dung và không có mục con".to_owned(),
        Issue::NoReviewer { owner } => {
            format!("duyet.yaml không có người duyệt nào của {owner} để phê duyệt mục này")
        }
    }
}

fn style(s: Style) -> &'static str {
    s.example()
}

/// `check`'s line after a valid draft with findings: `{n}`.
pub fn n_findings(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "hợp lệ; {n} điều nên xem lại",
        Lang::En => "valid; {n} findings",
    }
}

/// `{n}` findings dismissed (not listed).
pub fn n_dismissed(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "{n} điều đã được bỏ qua (có lý do)",
        Lang::En => "{n} dismissed (with a reason)",
    }
}
