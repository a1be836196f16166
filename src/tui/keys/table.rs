//! The table itself: every binding of every mode (the footers' hints are
//! `hints.rs`, the legend of markers `legend.rs`). The types and what reads them
//! are in `keys`.

use crossterm::event::KeyCode;

use super::{Action, Binding, Key, Mode, Typing, bind, ch, ctrl, key};

use Mode::*;

// Keys several modes share.
const J: &[Key] = &[ch('j', "j"), key(KeyCode::Down, "↓")];
const K: &[Key] = &[ch('k', "k"), key(KeyCode::Up, "↑")];
const FIRST: &[Key] = &[ch('g', "g"), key(KeyCode::Home, "Home")];
const LAST: &[Key] = &[ch('G', "G"), key(KeyCode::End, "End")];
const PG_DOWN: &[Key] = &[
    key(KeyCode::PageDown, "PgDn"),
    ch(' ', "Space"),
    ctrl('d', "Ctrl+D"),
];
const PG_UP: &[Key] = &[
    key(KeyCode::PageUp, "PgUp"),
    ch('b', "b"),
    ctrl('u', "Ctrl+U"),
];
const LINE_DOWN: &[Key] = &[ch('J', "J"), ctrl('e', "Ctrl+E")];
const LINE_UP: &[Key] = &[ch('K', "K"), ctrl('y', "Ctrl+Y")];
const HELP: &[Key] = &[ch('?', "?"), key(KeyCode::F(1), "F1")];
const REFRESH: &[Key] = &[ch('R', "R"), key(KeyCode::F(5), "F5")];
const CTRL_C: &[Key] = &[ctrl('c', "Ctrl+C")];
const ESC_Q: &[Key] = &[key(KeyCode::Esc, "Esc"), ch('q', "q")];
const TAB: &[Key] = &[key(KeyCode::Tab, "Tab"), key(KeyCode::BackTab, "Shift+Tab")];
const RIGHT: &[Key] = &[key(KeyCode::Right, "→"), ch('l', "l")];
const LEFT: &[Key] = &[key(KeyCode::Left, "←"), ch('h', "h")];
const ENTER: &[Key] = &[key(KeyCode::Enter, "Enter")];

/// Lists of rows: the cursor moves with j/k, g/G.
const LISTS: &[Mode] = &[
    Review, Threads, Picker, Drafts, MyWork, Check, BoardList, BoardPlan,
];
/// The review screen, the outline or the text having the keys.
const REVIEW: &[Mode] = &[Review, Text];
/// Where the text beside a list scrolls.
const TEXT: &[Mode] = &[Review, Threads, BoardPlan];
#[cfg(test)]
/// Overlays that close with Esc or q (the help, the board and the reading
/// windows included): q there never quits.
pub(super) const OVERLAYS: &[Mode] = &[Picker, Drafts, MyWork, Check, Reading, BoardList, Help];
/// Where ? opens this help.
const WITH_HELP: &[Mode] = &[
    Review, Text, Threads, Picker, Drafts, MyWork, Check, Reading, BoardList, BoardPlan,
];
/// Where Ctrl+C quits (everywhere but the editor, where it copies).
const NOT_EDITING: &[Mode] = &[
    Review, Text, Threads, Picker, Drafts, MyWork, Check, Reading, BoardList, BoardPlan, Confirm,
    Help, Search, Jump, TooSmall,
];

/// Every key of the screen. Within a mode no key is bound twice (a test
/// checks), and what a mode's handler ignores is not bound there.
pub static BINDINGS: &[Binding] = &[
    // Moving in lists (the outline, the picker, the board, comments…).
    bind(
        LISTS,
        Action::Down,
        J,
        "dòng sau (mục sau)",
        "next row (next section)",
    ),
    bind(
        LISTS,
        Action::Up,
        K,
        "dòng trước (mục trước)",
        "previous row (previous section)",
    ),
    bind(
        &[
            Review, Text, Threads, Picker, Drafts, MyWork, Check, BoardList, BoardPlan, Help,
        ],
        Action::First,
        FIRST,
        "đầu danh sách / đầu nội dung",
        "first row / top of the text",
    ),
    bind(
        &[
            Review, Text, Threads, Picker, Drafts, MyWork, Check, BoardList, BoardPlan, Help,
        ],
        Action::Last,
        LAST,
        "cuối danh sách / cuối nội dung",
        "last row / end of the text",
    ),
    bind(
        REVIEW,
        Action::NextChange,
        &[ch('n', "n")],
        "chỗ thay đổi tiếp theo (sang mục sau nếu hết)",
        "next change (on to the next section)",
    ),
    bind(
        REVIEW,
        Action::PrevChange,
        &[ch('N', "N")],
        "chỗ thay đổi trước đó",
        "previous change",
    ),
    // Scrolling text.
    bind(
        &[Review, Text, Threads, BoardPlan, Reading, Help],
        Action::PageDown,
        PG_DOWN,
        "cuộn xuống một trang",
        "scroll down a page",
    ),
    bind(
        &[Review, Text, Threads, BoardPlan, Reading, Help],
        Action::PageUp,
        PG_UP,
        "cuộn lên một trang",
        "scroll up a page",
    ),
    bind(
        TEXT,
        Action::ScrollDown,
        LINE_DOWN,
        "cuộn nội dung xuống một dòng",
        "scroll the text down a line",
    ),
    bind(
        TEXT,
        Action::ScrollUp,
        LINE_UP,
        "cuộn nội dung lên một dòng",
        "scroll the text up a line",
    ),
    bind(
        &[Text, Reading, Help],
        Action::ScrollDown,
        &[
            ch('j', "j"),
            key(KeyCode::Down, "↓"),
            ch('J', "J"),
            ctrl('e', "Ctrl+E"),
        ],
        "cuộn xuống một dòng",
        "scroll down a line",
    ),
    bind(
        &[Text, Reading, Help],
        Action::ScrollUp,
        &[
            ch('k', "k"),
            key(KeyCode::Up, "↑"),
            ch('K', "K"),
            ctrl('y', "Ctrl+Y"),
        ],
        "cuộn lên một dòng",
        "scroll up a line",
    ),
    // Viewing and comparing.
    bind(
        REVIEW,
        Action::SwitchPane,
        TAB,
        "chuyển giữa danh sách mục và nội dung (j/k cuộn nội dung)",
        "move between the outline and the text (j/k scroll the text)",
    ),
    bind(
        REVIEW,
        Action::ToggleSideBySide,
        &[ch('s', "s")],
        "xem song song (cũ | mới) hoặc xen kẽ",
        "side by side (old | new) or inline",
    ),
    bind(
        REVIEW,
        Action::ToggleOutline,
        &[ch('z', "z")],
        "ẩn / hiện danh sách mục (nội dung rộng ra)",
        "hide / show the outline (text full width)",
    ),
    bind(
        REVIEW,
        Action::ToggleChangedOnly,
        &[ch('f', "f")],
        "chỉ hiện mục có thay đổi / hiện tất cả",
        "show only changed sections / all",
    ),
    bind(
        REVIEW,
        Action::OpenCompare,
        &[ch('r', "r")],
        "chọn hai phiên bản để so sánh",
        "choose the two revisions to compare",
    ),
    bind(
        REVIEW,
        Action::OpenDrafts,
        &[ch('d', "d")],
        "chọn dự thảo khác",
        "open another draft",
    ),
    bind(
        REVIEW,
        Action::ToggleRange,
        &[ch('.', ".")],
        "so từ khi tách nhánh (mặc định) / so với bản hiện tại",
        "changes since the fork (default) / against it now",
    ),
    // Reviewing.
    bind(
        &[Review, Text, Threads],
        Action::Comment,
        &[ch('c', "c")],
        "góp ý về mục đang xem",
        "comment on this section",
    ),
    bind(
        REVIEW,
        Action::Approve,
        &[ch('a', "a")],
        "phê duyệt mục (hỏi lại trước khi ghi)",
        "approve this section (asks first)",
    ),
    bind(
        REVIEW,
        Action::RequestChanges,
        &[ch('x', "x")],
        "yêu cầu chỉnh sửa (cần ghi lý do)",
        "request changes (a reason is required)",
    ),
    bind(
        REVIEW,
        Action::Withdraw,
        &[ch('W', "W")],
        "rút lại phê duyệt / yêu cầu chỉnh sửa của tôi (hỏi lại)",
        "withdraw my approval / change request (asks first)",
    ),
    bind(
        REVIEW,
        Action::Threads,
        &[ch('t', "t")],
        "mở khung góp ý của mục",
        "open the section's comments",
    ),
    bind(
        REVIEW,
        Action::MyWork,
        &[ch('w', "w")],
        "việc của tôi: mục chờ tôi duyệt, góp ý chờ trả lời",
        "my work: sections awaiting me, comments to answer",
    ),
    bind(
        REVIEW,
        Action::Check,
        &[ch('i', "i")],
        "kiểm tra: đánh số, chú thích, tên viết hai kiểu, chính tả, ngày tháng…",
        "check: numbering, footnotes, names spelled two ways, spelling, dates…",
    ),
    bind(
        REVIEW,
        Action::SinceApproved,
        &[ch('u', "u")],
        "thay đổi kể từ lần tôi phê duyệt mục này",
        "changes since I last approved this section",
    ),
    bind(
        REVIEW,
        Action::Edit,
        &[ch('e', "e")],
        "sửa mục (ghi phiên bản mới lên nhánh của phòng)",
        "edit the section (a new revision on your department's branch)",
    ),
    bind(
        REVIEW,
        Action::AllDepartments,
        &[ch('o', "o")],
        "mục này ở tất cả các phòng (so với bản tổng hợp)",
        "this section in every department (against main)",
    ),
    bind(
        REVIEW,
        Action::Board,
        &[ch('m', "m")],
        "bảng tổng hợp: đóng góp của các phòng, hợp nhất vào bản chung",
        "merge board: the departments' contributions, merged into main",
    ),
    // The comments pane.
    bind(
        &[Threads],
        Action::Confirm,
        ENTER,
        "trả lời góp ý đang chọn",
        "reply to the selected comment",
    ),
    bind(
        &[Threads],
        Action::Resolve,
        &[ch('v', "v")],
        "đánh dấu góp ý đã giải quyết",
        "mark the comment resolved",
    ),
    bind(
        &[Threads],
        Action::Threads,
        &[key(KeyCode::Esc, "Esc"), ch('t', "t")],
        "đóng khung góp ý",
        "close the comments pane",
    ),
    // The picker.
    bind(
        &[Picker],
        Action::SwitchSide,
        TAB,
        "đổi giữa Từ (cũ) và Đến (mới)",
        "switch between From (old) and To (new)",
    ),
    bind(
        &[Picker],
        Action::Expand,
        RIGHT,
        "mở các phiên bản của nhánh",
        "show a branch's revisions",
    ),
    bind(
        &[Picker],
        Action::Collapse,
        LEFT,
        "đóng các phiên bản",
        "hide the revisions",
    ),
    bind(
        &[Picker],
        Action::Confirm,
        ENTER,
        "chọn nhánh / phiên bản này",
        "choose this branch / revision",
    ),
    bind(
        &[Picker],
        Action::Cancel,
        &[key(KeyCode::Esc, "Esc"), ch('q', "q"), ch('r', "r")],
        "đóng, không đổi gì",
        "close, changing nothing",
    ),
    // Drafts and my work.
    bind(
        &[Drafts],
        Action::Confirm,
        ENTER,
        "mở dự thảo này",
        "open this draft",
    ),
    bind(
        &[Drafts],
        Action::Cancel,
        &[key(KeyCode::Esc, "Esc"), ch('q', "q"), ch('d', "d")],
        "đóng, không đổi gì",
        "close, changing nothing",
    ),
    bind(
        &[MyWork],
        Action::Confirm,
        ENTER,
        "tới mục (hoặc góp ý) này",
        "go to this section (or comment)",
    ),
    bind(
        &[MyWork],
        Action::Cancel,
        &[key(KeyCode::Esc, "Esc"), ch('q', "q"), ch('w', "w")],
        "đóng",
        "close",
    ),
    bind(
        &[Check],
        Action::Confirm,
        ENTER,
        "tới mục có điều này",
        "go to the section it is in",
    ),
    bind(
        &[Check],
        Action::Dismiss,
        &[ch('x', "x")],
        "bỏ qua điều này (cần ghi lý do; ai cũng thấy)",
        "dismiss it (a reason is required; everyone sees it)",
    ),
    bind(
        &[Check],
        Action::Cancel,
        &[key(KeyCode::Esc, "Esc"), ch('q', "q"), ch('i', "i")],
        "đóng",
        "close",
    ),
    // Reading windows.
    bind(
        &[Reading],
        Action::Cancel,
        &[
            key(KeyCode::Esc, "Esc"),
            ch('q', "q"),
            key(KeyCode::Enter, "Enter"),
        ],
        "đóng",
        "close",
    ),
    // The merge board.
    bind(
        &[BoardList],
        Action::Confirm,
        &[
            key(KeyCode::Enter, "Enter"),
            ch('l', "l"),
            key(KeyCode::Right, "→"),
        ],
        "xem kế hoạch hợp nhất của phòng (hoặc lỗi của nhánh)",
        "see the department's merge plan (or the branch's error)",
    ),
    bind(
        &[BoardList],
        Action::Cancel,
        &[key(KeyCode::Esc, "Esc"), ch('q', "q"), ch('m', "m")],
        "đóng bảng tổng hợp",
        "close the merge board",
    ),
    bind(
        &[BoardPlan],
        Action::Approve,
        &[ch('a', "a")],
        "nhận thay đổi của phòng cho cả mục",
        "take the department's changes for the whole section",
    ),
    bind(
        &[BoardPlan],
        Action::RequestChanges,
        &[ch('x', "x")],
        "bỏ thay đổi của phòng cho cả mục (giữ bản chung)",
        "reject the section's changes (keep main's)",
    ),
    bind(
        &[BoardPlan],
        Action::NextChange,
        &[ch('n', "n")],
        "chỗ thay đổi sau (cuộn tới đó)",
        "next change (scrolls to it)",
    ),
    bind(
        &[BoardPlan],
        Action::PrevChange,
        &[ch('N', "N")],
        "chỗ thay đổi trước",
        "previous change",
    ),
    bind(
        &[BoardPlan],
        Action::Confirm,
        ENTER,
        "nhận / bỏ chỗ thay đổi đang chọn",
        "take / reject the selected change",
    ),
    bind(
        &[BoardPlan],
        Action::Edit,
        &[ch('e', "e")],
        "tự sửa nội dung hợp nhất của mục",
        "write the merged text yourself",
    ),
    bind(
        &[BoardPlan],
        Action::Send,
        &[ctrl('s', "Ctrl+S")],
        "ghi bản hợp nhất vào main (hỏi lại)",
        "write the merge into main (asks first)",
    ),
    bind(
        &[BoardPlan],
        Action::Cancel,
        &[key(KeyCode::Esc, "Esc"), ch('q', "q"), ch('m', "m")],
        "về danh sách các phòng",
        "back to the departments",
    ),
    // A question before a write.
    bind(
        &[Confirm],
        Action::SwitchSide,
        TAB,
        "đổi nút",
        "switch button",
    ),
    bind(
        &[Confirm],
        Action::Expand,
        RIGHT,
        "sang nút Đồng ý",
        "to the Yes button",
    ),
    bind(
        &[Confirm],
        Action::Collapse,
        LEFT,
        "sang nút Không",
        "to the No button",
    ),
    bind(
        &[Confirm],
        Action::Confirm,
        ENTER,
        "trả lời bằng nút đang chọn (mặc định: Không)",
        "answer with the focused button (No at first)",
    ),
    bind(
        &[Confirm],
        Action::Cancel,
        ESC_Q,
        "thôi, không ghi",
        "no, write nothing",
    ),
    // The editor: keys are text, except these.
    bind(
        &[Editor],
        Action::Send,
        &[ctrl('s', "Ctrl+S"), key(KeyCode::F(2), "F2")],
        "gửi / lưu nội dung đang soạn",
        "send / save what you are writing",
    ),
    bind(
        &[Editor],
        Action::ExternalEditor,
        &[key(KeyCode::F(3), "F3")],
        "soạn tiếp trong $EDITOR",
        "continue in $EDITOR",
    ),
    bind(
        &[Editor],
        Action::NextField,
        &[key(KeyCode::Tab, "Tab")],
        "(sửa mục) sang ô sau: tên mục, nội dung, ghi chú",
        "(editing a section) next field: title, text, note",
    ),
    bind(
        &[Editor],
        Action::PrevField,
        &[key(KeyCode::BackTab, "Shift+Tab")],
        "(sửa mục) về ô trước",
        "(editing a section) previous field",
    ),
    bind(
        &[Editor],
        Action::Cancel,
        &[key(KeyCode::Esc, "Esc")],
        "đóng, giữ lại nội dung chưa gửi",
        "close, keeping the unsent text",
    ),
    bind(
        &[Editor],
        Action::Type(Typing::DeleteBack),
        &[ctrl('h', "Ctrl+H"), key(KeyCode::Backspace, "Backspace")],
        "xoá lùi (Unikey gửi Ctrl+H)",
        "delete the character before the cursor",
    ),
    bind(
        &[Editor],
        Action::Type(Typing::DeleteForward),
        &[key(KeyCode::Delete, "Delete"), ctrl('d', "Ctrl+D")],
        "xoá chữ sau con trỏ",
        "delete the character after the cursor",
    ),
    bind(
        &[Editor],
        Action::Type(Typing::DeleteWord),
        &[ctrl('w', "Ctrl+W")],
        "xoá từ trước con trỏ",
        "delete the word before the cursor",
    ),
    bind(
        &[Editor],
        Action::Type(Typing::DeleteToEnd),
        &[ctrl('k', "Ctrl+K")],
        "xoá đến cuối dòng",
        "delete to the end of the line",
    ),
    bind(
        &[Editor],
        Action::Type(Typing::Undo),
        &[ctrl('u', "Ctrl+U")],
        "hoàn tác",
        "undo",
    ),
    bind(
        &[Editor],
        Action::Type(Typing::Redo),
        &[ctrl('r', "Ctrl+R")],
        "làm lại",
        "redo",
    ),
    bind(
        &[Editor],
        Action::Type(Typing::Cut),
        &[ctrl('x', "Ctrl+X")],
        "cắt vùng đã chọn",
        "cut the selection",
    ),
    bind(
        &[Editor],
        Action::Type(Typing::PasteCut),
        &[ctrl('y', "Ctrl+Y")],
        "dán đoạn vừa cắt hoặc xoá",
        "paste what was cut or deleted",
    ),
    bind(
        &[Editor],
        Action::Type(Typing::Move),
        &[
            key(KeyCode::Left, "←"),
            key(KeyCode::Right, "→"),
            key(KeyCode::Up, "↑"),
            key(KeyCode::Down, "↓"),
        ],
        "di chuyển con trỏ",
        "move the cursor",
    ),
    bind(
        &[Editor],
        Action::Type(Typing::LineStart),
        &[key(KeyCode::Home, "Home"), ctrl('a', "Ctrl+A")],
        "đầu dòng",
        "start of the line",
    ),
    bind(
        &[Editor],
        Action::Type(Typing::LineEnd),
        &[key(KeyCode::End, "End"), ctrl('e', "Ctrl+E")],
        "cuối dòng",
        "end of the line",
    ),
    bind(
        &[Editor],
        Action::Type(Typing::NewLine),
        ENTER,
        "xuống dòng (ở tên mục: sang nội dung)",
        "new line (in the title: on to the text)",
    ),
    bind(
        &[Review],
        Action::Cancel,
        &[key(KeyCode::Esc, "Esc")],
        "bỏ tìm kiếm, xoá thông báo ở dòng cuối",
        "clear the search and the message in the bottom row",
    ),
    bind(
        REVIEW,
        Action::ToggleMouse,
        &[ch('M', "M")],
        "bật / tắt chuột (bánh xe cuộn, bấm để chọn; tắt để bôi đen chữ)",
        "mouse on / off (wheel scrolls, click selects; off to select text)",
    ),
    bind(
        &[Text],
        Action::Cancel,
        &[key(KeyCode::Esc, "Esc")],
        "về danh sách mục",
        "back to the outline",
    ),
    // Searching and jumping.
    bind(
        REVIEW,
        Action::Search,
        &[ch('/', "/")],
        "tìm trong tên và nội dung mục (n/N: kết quả sau/trước)",
        "search section titles and text (n/N: next/previous match)",
    ),
    bind(
        REVIEW,
        Action::JumpTo,
        &[ch(':', ":")],
        "tới mục theo số: I.4, V.2.a",
        "go to a section by number: I.4, V.2.a",
    ),
    bind(
        &[Search],
        Action::Confirm,
        ENTER,
        "tìm (gõ không dấu cũng được)",
        "search (typing without diacritics works too)",
    ),
    bind(
        &[Jump],
        Action::Confirm,
        ENTER,
        "tới mục có số này",
        "go to the section with this number",
    ),
    bind(
        &[Search, Jump],
        Action::Type(Typing::DeleteBack),
        &[ctrl('h', "Ctrl+H"), key(KeyCode::Backspace, "Backspace")],
        "xoá lùi",
        "delete the last character",
    ),
    bind(
        &[Search, Jump],
        Action::Cancel,
        &[key(KeyCode::Esc, "Esc")],
        "thôi (và bỏ tìm kiếm)",
        "cancel (and clear the search)",
    ),
    // Everywhere.
    bind(
        &[Review, Text, BoardList, BoardPlan],
        Action::Refresh,
        REFRESH,
        "làm mới ngay (màn hình tự cập nhật mỗi giây)",
        "refresh now (the screen also follows changes every second)",
    ),
    bind(
        WITH_HELP,
        Action::Help,
        HELP,
        "trợ giúp: các phím và ký hiệu",
        "help: keys and markers",
    ),
    bind(
        &[Help],
        Action::Cancel,
        &[
            key(KeyCode::Esc, "Esc"),
            ch('q', "q"),
            ch('?', "?"),
            key(KeyCode::F(1), "F1"),
            key(KeyCode::Enter, "Enter"),
        ],
        "đóng trợ giúp",
        "close the help",
    ),
    bind(
        &[Review, Text, Threads, TooSmall],
        Action::Quit,
        &[ch('q', "q")],
        "thoát",
        "quit",
    ),
    bind(
        NOT_EDITING,
        Action::Quit,
        CTRL_C,
        "thoát ngay (cả khi đang mở cửa sổ khác)",
        "quit at once (from any window)",
    ),
];
