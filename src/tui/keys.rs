//! The one table that binds keys to actions. The key handler and the help
//! screen both read it, so they cannot drift apart.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::i18n::Lang;

/// What a key asks for. What it does depends on what is open (see `app::update`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Down,
    Up,
    First,
    Last,
    PageDown,
    PageUp,
    ScrollDown,
    ScrollUp,
    NextChange,
    PrevChange,
    ToggleSideBySide,
    ToggleChangedOnly,
    OpenCompare,
    OpenDrafts,
    ToggleRange,
    Comment,
    Approve,
    RequestChanges,
    Threads,
    Resolve,
    MyWork,
    SinceApproved,
    Edit,
    Send,
    Board,
    AllDepartments,
    Withdraw,
    Refresh,
    SwitchSide,
    Expand,
    Collapse,
    Confirm,
    Help,
    Cancel,
    Quit,
}

impl Action {
    /// Whether the action writes a record or opens the question before one
    /// (what a burst of keys — a paste — must never do).
    pub fn writes(self) -> bool {
        matches!(
            self,
            Action::Approve
                | Action::RequestChanges
                | Action::Withdraw
                | Action::Resolve
                | Action::Send
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Move,
    View,
    Compare,
    Review,
    Merge,
    Editor,
    General,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    /// How the help screen writes it.
    pub label: &'static str,
}

const fn key(code: KeyCode, label: &'static str) -> Key {
    Key {
        code,
        ctrl: false,
        label,
    }
}

const fn ctrl(c: char, label: &'static str) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
        label,
    }
}

const fn ch(c: char, label: &'static str) -> Key {
    key(KeyCode::Char(c), label)
}

#[derive(Debug, PartialEq, Eq)]
pub struct Binding {
    pub action: Action,
    pub group: Group,
    pub keys: &'static [Key],
    pub vi: &'static str,
    pub en: &'static str,
}

impl Binding {
    pub fn describe(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => self.vi,
            Lang::En => self.en,
        }
    }

    pub fn key_labels(&self) -> String {
        self.keys
            .iter()
            .map(|k| k.label)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

pub static BINDINGS: &[Binding] = &[
    Binding {
        action: Action::Down,
        group: Group::Move,
        keys: &[ch('j', "j"), key(KeyCode::Down, "↓")],
        vi: "mục sau / dòng sau trong danh sách",
        en: "next section / next row in a list",
    },
    Binding {
        action: Action::Up,
        group: Group::Move,
        keys: &[ch('k', "k"), key(KeyCode::Up, "↑")],
        vi: "mục trước / dòng trước trong danh sách",
        en: "previous section / previous row in a list",
    },
    Binding {
        action: Action::First,
        group: Group::Move,
        keys: &[ch('g', "g"), key(KeyCode::Home, "Home")],
        vi: "mục đầu tiên",
        en: "first section",
    },
    Binding {
        action: Action::Last,
        group: Group::Move,
        keys: &[ch('G', "G"), key(KeyCode::End, "End")],
        vi: "mục cuối cùng",
        en: "last section",
    },
    Binding {
        action: Action::NextChange,
        group: Group::Move,
        keys: &[ch('n', "n")],
        vi: "chỗ thay đổi tiếp theo (sang mục sau nếu hết)",
        en: "next change (on to the next section)",
    },
    Binding {
        action: Action::PrevChange,
        group: Group::Move,
        keys: &[ch('N', "N")],
        vi: "chỗ thay đổi trước đó",
        en: "previous change",
    },
    Binding {
        action: Action::PageDown,
        group: Group::View,
        keys: &[
            key(KeyCode::PageDown, "PgDn"),
            ch(' ', "Space"),
            ctrl('d', "Ctrl+D"),
        ],
        vi: "cuộn nội dung xuống một trang",
        en: "scroll the text down a page",
    },
    Binding {
        action: Action::PageUp,
        group: Group::View,
        keys: &[
            key(KeyCode::PageUp, "PgUp"),
            ch('b', "b"),
            ctrl('u', "Ctrl+U"),
        ],
        vi: "cuộn nội dung lên một trang",
        en: "scroll the text up a page",
    },
    Binding {
        action: Action::ScrollDown,
        group: Group::View,
        keys: &[ch('J', "J"), ctrl('e', "Ctrl+E")],
        vi: "cuộn nội dung xuống một dòng",
        en: "scroll the text down a line",
    },
    Binding {
        action: Action::ScrollUp,
        group: Group::View,
        keys: &[ch('K', "K"), ctrl('y', "Ctrl+Y")],
        vi: "cuộn nội dung lên một dòng",
        en: "scroll the text up a line",
    },
    Binding {
        action: Action::ToggleSideBySide,
        group: Group::View,
        keys: &[ch('s', "s")],
        vi: "xem song song (cũ | mới) hoặc xen kẽ",
        en: "side by side (old | new) or inline",
    },
    Binding {
        action: Action::ToggleChangedOnly,
        group: Group::View,
        keys: &[ch('f', "f")],
        vi: "chỉ hiện mục có thay đổi / hiện tất cả",
        en: "show only changed sections / all",
    },
    Binding {
        action: Action::OpenCompare,
        group: Group::Compare,
        keys: &[ch('r', "r")],
        vi: "chọn hai phiên bản để so sánh",
        en: "choose the two revisions to compare",
    },
    Binding {
        action: Action::OpenDrafts,
        group: Group::Compare,
        keys: &[ch('d', "d")],
        vi: "chọn dự thảo khác",
        en: "open another draft",
    },
    Binding {
        action: Action::ToggleRange,
        group: Group::Compare,
        keys: &[ch('.', ".")],
        vi: "so từ khi tách nhánh (mặc định) / so với bản hiện tại",
        en: "changes since the fork (default) / against it now",
    },
    Binding {
        action: Action::SwitchSide,
        group: Group::Compare,
        keys: &[key(KeyCode::Tab, "Tab")],
        vi: "(khi so sánh) đổi giữa Từ và Đến; (khi hỏi lại) đổi nút",
        en: "(comparing) switch From/To; (when asked) switch button",
    },
    Binding {
        action: Action::Expand,
        group: Group::Compare,
        keys: &[ch('l', "l"), key(KeyCode::Right, "→")],
        vi: "(khi so sánh) mở các phiên bản của nhánh",
        en: "(comparing) show a branch's revisions",
    },
    Binding {
        action: Action::Collapse,
        group: Group::Compare,
        keys: &[ch('h', "h"), key(KeyCode::Left, "←")],
        vi: "(khi so sánh) đóng các phiên bản",
        en: "(comparing) hide the revisions",
    },
    Binding {
        action: Action::Confirm,
        group: Group::Compare,
        keys: &[key(KeyCode::Enter, "Enter")],
        vi: "chọn",
        en: "choose",
    },
    Binding {
        action: Action::Comment,
        group: Group::Review,
        keys: &[ch('c', "c")],
        vi: "góp ý về mục đang xem",
        en: "comment on this section",
    },
    Binding {
        action: Action::Approve,
        group: Group::Review,
        keys: &[ch('a', "a")],
        vi: "phê duyệt mục (hỏi lại trước khi ghi)",
        en: "approve this section (asks first)",
    },
    Binding {
        action: Action::RequestChanges,
        group: Group::Review,
        keys: &[ch('x', "x")],
        vi: "yêu cầu chỉnh sửa (cần ghi lý do)",
        en: "request changes (a reason is required)",
    },
    Binding {
        action: Action::Withdraw,
        group: Group::Review,
        keys: &[ch('W', "W")],
        vi: "rút lại phê duyệt / yêu cầu chỉnh sửa của tôi (hỏi lại)",
        en: "withdraw my approval / change request (asks first)",
    },
    Binding {
        action: Action::Threads,
        group: Group::Review,
        keys: &[ch('t', "t")],
        vi: "mở/đóng các góp ý của mục; Enter trả lời",
        en: "open/close the section's comments; Enter replies",
    },
    Binding {
        action: Action::Resolve,
        group: Group::Review,
        keys: &[ch('v', "v")],
        vi: "(trong góp ý) đánh dấu đã giải quyết",
        en: "(in comments) mark resolved",
    },
    Binding {
        action: Action::MyWork,
        group: Group::Review,
        keys: &[ch('w', "w")],
        vi: "việc của tôi: mục chờ tôi duyệt, góp ý chờ trả lời",
        en: "my work: sections awaiting me, comments to answer",
    },
    Binding {
        action: Action::SinceApproved,
        group: Group::Review,
        keys: &[ch('u', "u")],
        vi: "thay đổi kể từ lần tôi phê duyệt mục này",
        en: "changes since I last approved this section",
    },
    Binding {
        action: Action::Edit,
        group: Group::Review,
        keys: &[ch('e', "e")],
        vi: "sửa mục (ghi phiên bản mới lên nhánh của phòng)",
        en: "edit the section (a new revision on your department's branch)",
    },
    Binding {
        action: Action::AllDepartments,
        group: Group::Review,
        keys: &[ch('o', "o")],
        vi: "mục này ở tất cả các phòng (so với bản tổng hợp)",
        en: "this section in every department (against main)",
    },
    Binding {
        action: Action::Board,
        group: Group::Merge,
        keys: &[ch('m', "m")],
        vi: "bảng tổng hợp: đóng góp của các phòng, hợp nhất vào bản chung",
        en: "merge board: the departments' contributions, merged into main",
    },
    Binding {
        action: Action::Send,
        group: Group::Editor,
        keys: &[ctrl('s', "Ctrl+S"), key(KeyCode::F(2), "F2")],
        vi: "gửi / lưu nội dung đang soạn",
        en: "send / save what you are writing",
    },
    Binding {
        action: Action::Refresh,
        group: Group::General,
        keys: &[ch('R', "R"), key(KeyCode::F(5), "F5")],
        vi: "làm mới ngay (màn hình tự cập nhật mỗi giây)",
        en: "refresh now (the screen also follows changes every second)",
    },
    Binding {
        action: Action::Help,
        group: Group::General,
        keys: &[ch('?', "?"), key(KeyCode::F(1), "F1")],
        vi: "trợ giúp: danh sách phím",
        en: "help: every key",
    },
    Binding {
        action: Action::Cancel,
        group: Group::General,
        keys: &[key(KeyCode::Esc, "Esc")],
        vi: "đóng cửa sổ đang mở",
        en: "close what is open",
    },
    Binding {
        action: Action::Quit,
        group: Group::General,
        keys: &[ch('q', "q"), ctrl('c', "Ctrl+C")],
        vi: "thoát",
        en: "quit",
    },
];

/// The action bound to a key press, if any.
pub fn action_for(event: KeyEvent) -> Option<Action> {
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    // Terminals differ in whether Shift+j arrives as 'J' or as 'j' with SHIFT.
    let code = match event.code {
        KeyCode::Char(c) if event.modifiers.contains(KeyModifiers::SHIFT) => {
            KeyCode::Char(c.to_ascii_uppercase())
        }
        KeyCode::BackTab => KeyCode::Tab,
        other => other,
    };
    BINDINGS
        .iter()
        .find(|b| b.keys.iter().any(|k| k.code == code && k.ctrl == ctrl))
        .map(|b| b.action)
}

/// Keys of the merge board (its own meanings of the common keys), listed in
/// the help under "Tổng hợp".
pub static BOARD_KEYS: &[(&str, &str, &str)] = &[
    (
        "a / x",
        "(bảng tổng hợp) nhận / bỏ thay đổi của phòng cho cả mục",
        "(board) take / reject the section's changes",
    ),
    (
        "n N Enter",
        "(bảng tổng hợp) chọn từng chỗ thay đổi, Enter nhận/bỏ chỗ đó",
        "(board) pick a change, Enter takes/rejects it",
    ),
    (
        "J K PgDn PgUp",
        "(bảng tổng hợp) cuộn nội dung của mục; n/N cuộn tới chỗ thay đổi",
        "(board) scroll the section's text; n/N scroll to the change",
    ),
    (
        "e",
        "(bảng tổng hợp) tự sửa nội dung hợp nhất của mục",
        "(board) write the merged text yourself",
    ),
    (
        "Ctrl+S",
        "(bảng tổng hợp) ghi bản hợp nhất vào main (hỏi lại)",
        "(board) write the merge into main (asks first)",
    ),
];

/// Keys the text editor handles itself, listed in the help under "Soạn thảo".
pub static EDITOR_KEYS: &[(&str, &str, &str)] = &[
    (
        "Backspace Ctrl+H",
        "xoá chữ trước con trỏ (Unikey gửi Ctrl+H)",
        "delete the character before the cursor",
    ),
    (
        "Tab",
        "(khi sửa mục) chuyển giữa tên mục, nội dung và ghi chú phiên bản",
        "(editing a section) move between title, text and revision note",
    ),
    (
        "Esc",
        "đóng, giữ lại nội dung chưa gửi",
        "close, keeping the unsent text",
    ),
];

/// One row of the help screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpRow {
    Blank,
    Group(Group),
    Binding(&'static Binding),
    /// A key of the text editor: (keys, Vietnamese, English).
    EditorKey(&'static (&'static str, &'static str, &'static str)),
}

/// The help screen's rows: per group a heading and its bindings, with a
/// blank row between groups.
pub fn help_rows(_lang: Lang) -> Vec<HelpRow> {
    let mut out = Vec::new();
    for group in [
        Group::Move,
        Group::View,
        Group::Compare,
        Group::Review,
        Group::Merge,
        Group::Editor,
        Group::General,
    ] {
        if !out.is_empty() {
            out.push(HelpRow::Blank);
        }
        out.push(HelpRow::Group(group));
        out.extend(
            BINDINGS
                .iter()
                .filter(|b| b.group == group)
                .map(HelpRow::Binding),
        );
        if group == Group::Editor {
            out.extend(EDITOR_KEYS.iter().map(HelpRow::EditorKey));
        }
        if group == Group::Merge {
            out.extend(BOARD_KEYS.iter().map(HelpRow::EditorKey));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice() {
        let mut seen = Vec::new();
        for b in BINDINGS {
            for k in b.keys {
                let id = (k.code, k.ctrl);
                assert!(!seen.contains(&id), "{} bound twice", k.label);
                seen.push(id);
            }
        }
    }

    #[test]
    fn vim_keys_and_arrows_agree() {
        let press = |code| action_for(KeyEvent::new(code, KeyModifiers::NONE));
        assert_eq!(press(KeyCode::Char('j')), press(KeyCode::Down));
        assert_eq!(press(KeyCode::Char('k')), press(KeyCode::Up));
        assert_eq!(press(KeyCode::Char('l')), press(KeyCode::Right));
        assert_eq!(press(KeyCode::Char('h')), press(KeyCode::Left));
        let shifted = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::SHIFT);
        assert_eq!(action_for(shifted), Some(Action::PrevChange));
    }

    #[test]
    fn help_lists_every_binding() {
        let rows = help_rows(Lang::Vi);
        for b in BINDINGS {
            assert!(rows.contains(&HelpRow::Binding(b)));
        }
    }
}
