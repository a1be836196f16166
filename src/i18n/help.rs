//! `duyet --help`, in Vietnamese and English: the program, every subcommand
//! and every argument. `cli::command(lang)` builds clap's command from this
//! table; a test checks that nothing clap knows of is missing from it.
//! (clap's own words, such as "Usage:", stay as clap writes them.)

use super::Lang;

/// `(key, Vietnamese, English)`. The key is `about`/`long_about` for the
/// program, an argument's id for a global argument, a subcommand's name,
/// and `subcommand.argument` for a subcommand's arguments.
const HELP: &[(&str, &str, &str)] = &[
    (
        "about",
        "Duyệt và tổng hợp báo cáo soạn bằng YAML trong git",
        "Review and assemble official reports drafted as YAML in git",
    ),
    (
        "long_about",
        "duyet cho xem, từng mục một, mỗi phòng đã sửa gì trong một báo cáo soạn bằng YAML trong git.\n\nKhông có lệnh con thì mở màn hình duyệt trên kho.",
        "duyet (duyệt: to review and approve) shows, section by section, what each department changed in a report drafted as YAML in git.\n\nWithout a subcommand it opens the review screen on the repository.",
    ),
    (
        "repo",
        "Kho làm việc (mặc định: kho chứa thư mục hiện tại).",
        "The repository to work on (default: the one containing the current folder).",
    ),
    (
        "as_identity",
        "Làm với tư cách người này thay cho user.name/user.email của git.",
        "Act as this person instead of git's user.name/user.email.",
    ),
    (
        "restricted",
        "Chế độ hạn chế (cho lệnh SSH bắt buộc): không mở trình soạn thảo ngoài.",
        "Restricted mode (for a forced SSH command): no external editor.",
    ),
    (
        "lang",
        "Ngôn ngữ giao diện: vi (mặc định) hoặc en.",
        "Interface language: vi (default) or en.",
    ),
    (
        "theme_choice",
        "Bảng màu: default, light, high-contrast hoặc mono (mặc định: bảng màu bạn đã chọn, hoặc default).",
        "Colour theme: default, light, high-contrast or mono (default: the one you chose, or default).",
    ),
    (
        "check",
        "Kiểm tra dự thảo (hoặc duyet.yaml): lỗi kèm tệp:dòng:cột, rồi những điều nên xem lại (đánh số, chú thích, tên viết hai kiểu, chính tả, giai đoạn, ngày tháng, mục trống).",
        "Check drafts (or duyet.yaml): problems with file:line:column, then findings worth a look (numbering, footnotes, names spelled two ways, misspellings, periods, dates, empty sections).",
    ),
    (
        "check.files",
        "Tệp cần kiểm tra; tên dự thảo (bao-cao) hoặc tệp không có trên đĩa thì đọc từ kho.",
        "The files to check; a draft name (bao-cao), or a file not on disk, is read from the repository.",
    ),
    (
        "check.rev",
        "Đọc dự thảo từ kho ở phiên bản này (mặc định khi đọc từ kho: main).",
        "Read the drafts from the repository at this revision (default when read from it: main).",
    ),
    (
        "check.json",
        "In kết quả dạng JSON: {\"file\", \"valid\", \"findings\": [{\"kind\", \"section\", \"message\", \"words\"}]}.",
        "Print JSON: {\"file\", \"valid\", \"findings\": [{\"kind\", \"section\", \"message\", \"words\"}]}.",
    ),
    (
        "check.strict",
        "Có điều nên xem lại (chưa được bỏ qua) cũng thoát với mã 1.",
        "Exit with status 1 on findings (not dismissed) too.",
    ),
    (
        "fmt",
        "Trình bày lại tệp dự thảo theo bố cục chuẩn (hoặc, với --check, cho biết tệp nào chưa theo).",
        "Rewrite draft files in the canonical layout (or, with --check, say which are not).",
    ),
    ("fmt.files", "Tệp dự thảo.", "The draft files."),
    (
        "fmt.check",
        "Chỉ kiểm tra, không ghi lại tệp nào.",
        "Only check; rewrite nothing.",
    ),
    (
        "import",
        "Chuyển một báo cáo có sẵn (tệp văn bản .txt hoặc .docx) thành dự thảo: phần đầu, trích yếu, các mục đánh số, đoạn văn (nối lại chỗ bị ngắt trang), chú thích, chữ ký, nơi nhận. Điều gì không quyết được thì báo kèm số dòng.",
        "Turn an existing report (a .txt text or a .docx) into a draft: header, title, numbered sections, paragraphs (rejoined where a page break split them), footnotes, signature, recipients. What it cannot decide it says, with the line number.",
    ),
    (
        "import.file",
        "Tệp báo cáo: .txt (UTF-8) hoặc .docx.",
        "The report: a .txt (UTF-8) or a .docx.",
    ),
    (
        "import.output",
        "Ghi dự thảo vào tệp này (ví dụ drafts/bao-cao.yaml); không có thì in ra màn hình.",
        "Write the draft to this file (e.g. drafts/bao-cao.yaml); without it, print it.",
    ),
    (
        "import.owner",
        "Phòng phụ trách mọi mục (mặc định: van-phong nếu duyet.yaml có, nếu không thì phòng đầu tiên của duyet.yaml).",
        "The department that owns every section (default: van-phong where duyet.yaml has it, else duyet.yaml's first department).",
    ),
    (
        "import.force",
        "Ghi đè tệp -o đã có.",
        "Overwrite the -o file if it exists.",
    ),
    (
        "demo",
        "Dựng một kho mẫu từ các dự thảo có sẵn rồi mở nó (kho mẫu đã dựng ở đó trước thì mở nguyên như cũ; --force dựng lại).",
        "Build a sample repository from the embedded drafts and open it (a demo built there before is opened as it is; --force rebuilds it).",
    ),
    (
        "demo.dir",
        "Nơi dựng kho (mặc định: duyet-demo trong thư mục tạm).",
        "Where to build it (default: duyet-demo in the temporary folder).",
    ),
    (
        "demo.no_tui",
        "Chỉ dựng kho, không mở màn hình duyệt.",
        "Only build the repository; do not open the review screen.",
    ),
    (
        "demo.force",
        "Xoá kho mẫu đã dựng ở đó trước, cùng các bản ghi duyệt, rồi dựng lại. Thư mục không phải kho mẫu thì không bao giờ bị xoá.",
        "Delete a demo built there before, with its review records, and build it again. A folder that is not a demo is never deleted.",
    ),
    (
        "drafts",
        "Liệt kê các dự thảo của một phiên bản.",
        "List the drafts of a revision.",
    ),
    (
        "branches",
        "Liệt kê các nhánh: main, nhánh của các phòng, các nhánh khác.",
        "List the branches: main, department branches, others.",
    ),
    (
        "revisions",
        "Liệt kê các phiên bản của một dự thảo (các commit đã sửa nó), mới nhất trước.",
        "List the revisions of a draft (commits that changed it), newest first.",
    ),
    (
        "revisions.limit",
        "Liệt kê nhiều nhất chừng này phiên bản.",
        "List at most this many revisions.",
    ),
    (
        "sections",
        "Liệt kê các mục của một dự thảo ở một phiên bản.",
        "List the sections of a draft at a revision.",
    ),
    (
        "comment",
        "Góp ý một mục (có thể về một đoạn trong mục, với --quote).",
        "Comment on a section (optionally on a phrase of it, with --quote).",
    ),
    (
        "comment.quote",
        "Đoạn văn được góp ý; góp ý đi theo đoạn đó qua các phiên bản sau.",
        "The words the comment is about; it follows them through later revisions.",
    ),
    (
        "reply",
        "Trả lời một góp ý, theo mã bản ghi (xem `duyet log`).",
        "Answer a comment, by its record id (from `duyet log`).",
    ),
    (
        "resolve",
        "Đánh dấu một góp ý là đã giải quyết.",
        "Mark a comment's thread resolved.",
    ),
    (
        "approve",
        "Phê duyệt nội dung một mục ở một phiên bản.",
        "Approve a section's content at a revision.",
    ),
    (
        "request-changes",
        "Yêu cầu chỉnh sửa một mục (nội dung ghi rõ cần sửa gì).",
        "Ask for changes to a section (the text says what).",
    ),
    (
        "withdraw",
        "Rút lại phê duyệt hoặc yêu cầu chỉnh sửa của bạn ở một mục (một bản ghi mới; lịch sử giữ cả hai).",
        "Take back your approval or change request on a section (a new record; history keeps both).",
    ),
    (
        "withdraw.text",
        "Lý do (không bắt buộc).",
        "Why (optional).",
    ),
    (
        "dismiss",
        "Bỏ qua một điều `duyet check` tìm thấy, kèm lý do (một bản ghi duyệt: mọi người đều thấy điều đó đã được bỏ qua, ai bỏ qua và vì sao).",
        "Dismiss a finding of `duyet check`, with a reason (a review record: everyone sees it dismissed, by whom and why).",
    ),
    (
        "dismiss.key",
        "Mã của điều kiểm tra (như `duyet check` in ra; đủ 4 ký tự đầu nếu không trùng).",
        "The finding's key (as `duyet check` prints it; its first 4 characters do if unique).",
    ),
    ("dismiss.text", "Lý do (bắt buộc).", "Why (required)."),
    (
        "dismiss.rev",
        "Phiên bản có điều kiểm tra đó (mặc định: main).",
        "The revision that has the finding (default: main).",
    ),
    (
        "edit",
        "Sửa một mục do phòng bạn phụ trách: ghi một phiên bản mới lên nhánh dept/<phòng của bạn>.",
        "Edit a section your department owns: writes a new revision on dept/<your department>.",
    ),
    ("edit.title", "Tên mục mới.", "The new title."),
    (
        "edit.no_title",
        "Bỏ tên mục (một ý chỉ có đoạn văn).",
        "Remove the title (an item that is only a paragraph).",
    ),
    (
        "edit.body_file",
        "Đọc nội dung mới từ tệp này (`-` là đầu vào chuẩn).",
        "Read the new body from this file (`-` for standard input).",
    ),
    (
        "edit.message",
        "Ghi chú của phiên bản: dòng đầu là tiêu đề, phần còn lại là nội dung (mặc định: «Sửa mục <số> <tên>»).",
        "The revision's commit message: the first line is its subject, the rest its body (default: \"Sửa mục <number> <title>\").",
    ),
    (
        "merge",
        "Hợp nhất nhánh của một phòng vào main, từng mục một (chỉ Văn phòng).",
        "Merge a department's branch into main, section by section (office only).",
    ),
    (
        "merge.from",
        "Nhánh của phòng, ví dụ dept/phong-tai-chinh.",
        "The department branch, e.g. dept/phong-tai-chinh.",
    ),
    (
        "merge.plan",
        "In kế hoạch hợp nhất, không thay đổi gì.",
        "Print the plan and change nothing.",
    ),
    (
        "merge.take_all",
        "Nhận mọi thay đổi; bị từ chối nếu còn mục xung đột.",
        "Take every change; refused if any section is in conflict.",
    ),
    (
        "merge.accept",
        "Nhận các mục này (và mọi thay đổi không xung đột khác).",
        "Take these sections (and every other non-conflicting change).",
    ),
    (
        "merge.reject",
        "Giữ bản của main cho các mục này.",
        "Keep main's version of these sections.",
    ),
    (
        "status",
        "Trạng thái duyệt của từng mục trong một dự thảo.",
        "The review state of every section of a draft.",
    ),
    (
        "log",
        "Các bản ghi duyệt của một dự thảo (hoặc của một mục), cũ nhất trước.",
        "The review records of a draft (or of one section), oldest first.",
    ),
    ("log.section", "Chỉ mục này.", "Only this section."),
    (
        "diff",
        "So sánh một dự thảo giữa hai phiên bản, từng mục một: `A B` hoặc `A..B` là so nguyên trạng, `A...B` là những gì B đã sửa từ khi tách khỏi A (như git).",
        "Compare a draft between two revisions, section by section: `A B` or `A..B` as they are, `A...B` what B changed since it left A (as git).",
    ),
    (
        "diff.rev_a",
        "`A...B`, `A..B`, hoặc phiên bản thứ nhất trong hai phiên bản.",
        "`A...B`, `A..B`, or the first of two revisions.",
    ),
    (
        "diff.rev_b",
        "Phiên bản thứ hai, khi phiên bản thứ nhất được ghi riêng.",
        "The second revision, when the first is given alone.",
    ),
    ("diff.section", "Chỉ mục này.", "Only this section."),
    (
        "diff.all",
        "Liệt kê cả các mục không thay đổi.",
        "List unchanged sections too.",
    ),
    (
        "export",
        "Xuất một dự thảo thành văn bản trình ký: DOCX theo thể thức Nghị định 30/2020/NĐ-CP (chú thích cuối trang thật), hoặc Markdown, HTML để đọc. Còn mục chưa được phê duyệt thì văn bản có dấu DỰ THẢO.",
        "Export a draft as the document that goes for signature: DOCX laid out per Decree 30/2020/NĐ-CP (real footnotes), or Markdown or HTML for reading. While a section is not approved the document is marked DỰ THẢO (draft).",
    ),
    (
        "export.draft",
        "Dự thảo: tên (bao-cao) hoặc đường dẫn (drafts/bao-cao.yaml).",
        "The draft: a name (bao-cao) or a path (drafts/bao-cao.yaml).",
    ),
    (
        "export.rev",
        "Phiên bản để đọc dự thảo (mặc định: main).",
        "The revision to read the draft at (default: main).",
    ),
    (
        "export.format",
        "Định dạng: docx, md (Markdown) hoặc html (một tệp, có sẵn kiểu in A4).",
        "The format: docx, md (Markdown) or html (one file, with an A4 print style).",
    ),
    (
        "export.output",
        "Tệp để ghi (ghi trọn vẹn hoặc không ghi gì); `-` hoặc bỏ trống: in ra màn hình (chỉ md, html).",
        "The file to write (whole or not at all); `-` or none: stdout (md and html only).",
    ),
    (
        "export.with_reviews",
        "Thêm phụ lục tình trạng duyệt: từng mục, trạng thái, người phê duyệt, số góp ý chưa giải quyết.",
        "Add an annex with the review state: every section, its state, approvers and open comments.",
    ),
    (
        "export.final_only",
        "Bản chính thức: từ chối (không ghi gì) khi còn mục chưa được phê duyệt.",
        "Final: refuse (writing nothing) while any section is not approved.",
    ),
    (
        "export.force",
        "Ghi đè tệp đã có.",
        "Replace the file if it exists.",
    ),
    (
        "sync",
        "Trao đổi dự thảo và ý kiến với kho khác (kho trung tâm các phòng cùng đẩy lên): ý kiến được hợp nhất, nhánh chỉ tiến lên, nhánh bị sửa ở cả hai nơi thì được báo lại chứ không bị ghi đè.",
        "Exchange drafts and review records with another repository (a hub every department pushes to): records are united, branches only move forward, and a branch changed on both sides is reported, not overwritten.",
    ),
    (
        "sync.remote",
        "Remote, như `git remote` liệt kê (mặc định: origin).",
        "The remote, as `git remote` lists it (default: origin).",
    ),
    (
        "theme",
        "Xem các bảng màu, hoặc chọn một bảng màu cho riêng bạn (lưu theo e-mail của bạn).",
        "List the colour themes, or choose one for yourself (kept by your e-mail).",
    ),
    ("theme.name", "Bảng màu cần chọn.", "The theme to choose."),
    (
        "theme.reset",
        "Trở về bảng màu mặc định.",
        "Back to the default theme.",
    ),
    (
        "admin",
        "Dành cho người quản trị kho trung tâm hoặc máy chủ.",
        "For whoever looks after a hub or a server.",
    ),
    (
        "admin.install-hook",
        "Cài hook pre-receive vào kho (trung tâm) này: từ chối lần đẩy làm mất hoặc viết lại ý kiến, thêm bản ghi mà người viết không có quyền viết, hoặc sửa main mà không phải Văn phòng.",
        "Install the pre-receive hook in this (hub) repository: it refuses a push that would rewind or delete the review records, add records their authors may not write, or change main other than by the office.",
    ),
    (
        "admin.install-hook.force",
        "Thay hook pre-receive đang có dù không phải của duyet.",
        "Replace a pre-receive hook that is not duyet's.",
    ),
    (
        "admin.authorized-key",
        "In dòng authorized_keys mở duyet (chế độ hạn chế) với tư cách người ghi ở --as (phải có trong duyet.yaml), cho khóa của người đó.",
        "Print the authorized_keys line that opens duyet, restricted, as the person given with --as (who must be in duyet.yaml), for their key.",
    ),
    (
        "admin.authorized-key.key",
        "Tệp khóa công khai của người đó (.pub).",
        "The person's public key file (.pub).",
    ),
    (
        "admin.allowed-signers",
        "In tệp cho gpg.ssh.allowedSignersFile của git, từ các khóa trong duyet.yaml (của từng người, và của máy chủ cho mọi người).",
        "Print the file for git's gpg.ssh.allowedSignersFile, from the keys duyet.yaml lists (people's, and servers' for everyone).",
    ),
    (
        "hook",
        "Do git chạy trên kho trung tâm (cài bằng `duyet admin install-hook`).",
        "Run by git on a hub (installed by `duyet admin install-hook`).",
    ),
    (
        "hook.name",
        "Tên hook: pre-receive.",
        "The hook: pre-receive.",
    ),
    // Arguments many subcommands share, by id.
    (
        "*.draft",
        "Dự thảo: tên (bao-cao) hoặc đường dẫn (drafts/bao-cao.yaml).",
        "The draft: a name (bao-cao) or a path (drafts/bao-cao.yaml).",
    ),
    (
        "*.section",
        "Mã (id) của mục, hoặc của phần không phải mục (_preamble…).",
        "The section's id, or a part's that is not a section (_preamble…).",
    ),
    (
        "*.rev",
        "Phiên bản: nhánh, thẻ hoặc commit (mặc định: main).",
        "The revision: a branch, tag or commit (default: main).",
    ),
    (
        "*.json",
        "In JSON cho chương trình khác đọc.",
        "Print JSON, for scripts.",
    ),
    (
        "*.record",
        "Mã bản ghi duyệt, hoặc vài ký tự đầu của nó (xem `duyet log`).",
        "The review record's id, or its first few characters (from `duyet log`).",
    ),
    ("*.text", "Nội dung.", "The text."),
];

/// The help text of `key` (see `HELP`): a subcommand's own entry first,
/// then the shared one for its argument.
pub fn text(lang: Lang, key: &str) -> Option<&'static str> {
    let find = |k: &str| {
        HELP.iter()
            .find(|(key, ..)| *key == k)
            .map(|(_, vi, en)| match lang {
                Lang::Vi => *vi,
                Lang::En => *en,
            })
    };
    find(key).or_else(|| {
        let (_, arg) = key.split_once('.')?;
        find(&format!("*.{arg}"))
    })
}

/// A placeholder in the usage (`FILE`) in `lang`.
pub fn value_name(lang: Lang, name: &str) -> &'static str {
    const NAMES: &[(&str, &str, &str)] = &[
        ("PATH", "ĐƯỜNG_DẪN", "PATH"),
        ("FILE", "TỆP", "FILE"),
        ("FILES", "TỆP", "FILE"),
        ("TEXT", "NỘI_DUNG", "TEXT"),
        ("WORDS", "ĐOẠN_VĂN", "WORDS"),
        ("ID", "MÃ_MỤC", "ID"),
        ("BRANCH", "NHÁNH", "BRANCH"),
        ("MESSAGE", "GHI_CHÚ", "MESSAGE"),
        ("LANG", "NGÔN_NGỮ", "LANG"),
        ("THEME", "BẢNG_MÀU", "THEME"),
        ("DRAFT", "DỰ_THẢO", "DRAFT"),
        ("SECTION", "MỤC", "SECTION"),
        ("RECORD", "MÃ_BẢN_GHI", "RECORD"),
        ("KEY", "MÃ", "KEY"),
        ("REV", "PHIÊN_BẢN", "REV"),
        ("LIMIT", "SỐ_LƯỢNG", "LIMIT"),
        ("DIR", "THƯ_MỤC", "DIR"),
        ("DEPT", "MÃ_PHÒNG", "DEPT"),
        ("TITLE", "TÊN_MỤC", "TITLE"),
        ("FROM", "NHÁNH", "FROM"),
        ("REMOTE", "TÊN_REMOTE", "REMOTE"),
        ("NAME", "TÊN", "NAME"),
        ("FORMAT", "ĐỊNH_DẠNG", "FORMAT"),
        ("A...B | A", "A...B | A", "A...B | A"),
        ("B", "B", "B"),
        ("\"Name <email>\"", "\"Họ Tên <email>\"", "\"Name <email>\""),
    ];
    NAMES
        .iter()
        .find(|(n, ..)| *n == name)
        .map_or("?", |(_, vi, en)| match lang {
            Lang::Vi => vi,
            Lang::En => en,
        })
}
