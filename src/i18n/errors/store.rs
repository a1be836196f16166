//! The store's errors in words (see the parent module).

use super::{Explained, Kind, Where, identity, load, tr};
use crate::i18n::Lang;
use crate::store::{StoreError, Uncommitted};

pub fn store(e: &StoreError, lang: Lang, at: Where) -> Explained {
    use Kind::*;
    match e {
        StoreError::NoRepository { path } => {
            let p = path.display();
            Explained::new(
                Input,
                tr!(
                    lang,
                    format!("không có kho git nào ở {p} hay ở thư mục nào bên trên"),
                    format!("no git repository at {p} or any folder above it")
                ),
            )
            .cli_hint(
                at,
                tr!(
                    lang,
                    "chạy duyet trong một kho git, thêm --repo ĐƯỜNG_DẪN, hoặc thử `duyet demo`",
                    "run duyet inside a repository, pass --repo PATH, or try `duyet demo`"
                ),
            )
        }
        StoreError::UnknownRevision { rev } => Explained::new(
            Input,
            tr!(
                lang,
                format!(
                    "không có phiên bản `{rev}`: đó không phải nhánh, thẻ hay commit nào của kho này"
                ),
                format!(
                    "unknown revision `{rev}`: not a branch, tag or commit of this repository"
                )
            ),
        )
        .cli_hint(
            at,
            tr!(
                lang,
                "`duyet branches` hoặc `git branch -a` liệt kê các nhánh",
                "`duyet branches` or `git branch -a` lists the branches"
            ),
        ),
        StoreError::NoSuchFile { path, rev } => Explained::new(
            Input,
            tr!(
                lang,
                format!("phiên bản {rev} không có `{path}`"),
                format!("`{path}` does not exist at revision {rev}")
            ),
        )
        .cli_hint(
            at,
            tr!(
                lang,
                format!("`duyet drafts --rev {rev}` liệt kê các dự thảo"),
                format!("`duyet drafts --rev {rev}` lists the drafts")
            ),
        ),
        StoreError::NotText { path, rev } => Explained::new(
            Input,
            tr!(
                lang,
                format!("`{path}` ở phiên bản {rev} không phải văn bản UTF-8"),
                format!("`{path}` at revision {rev} is not valid UTF-8 text")
            ),
        ),
        StoreError::Load(l) => Explained::new(Input, load(l, lang)),
        StoreError::Moved { refname } => Explained::new(
            Moved,
            tr!(
                lang,
                format!(
                    "`{refname}` vừa thay đổi trong lúc đang ghi (có người ghi trước) nên chưa ghi gì"
                ),
                format!(
                    "`{refname}` moved while this was being written (someone else committed first); nothing was written"
                )
            ),
        )
        .hint(tr!(lang, "hãy xem lại rồi thử lại", "reload and try again")),
        StoreError::Uncommitted {
            branch,
            worktree,
            path,
            why,
        } => {
            let w = worktree.display();
            Explained::new(
                Repository,
                tr!(
                    lang,
                    format!(
                        "chưa ghi gì: nhánh `{branch}` đang được checkout ở {w}, nơi `{path}` {}, mà lần ghi này sẽ thay đổi tệp đó",
                        uncommitted_vi(*why)
                    ),
                    format!(
                        "nothing was written: `{branch}` is checked out in {w}, where `{path}` {why}, and this would change that file"
                    )
                ),
            )
            .hint(tr!(
                lang,
                "xem `git status` ở đó; commit hoặc cất thay đổi đó đi (`git stash`) rồi thử lại, hoặc để duyet làm việc trên một bản sao trần của kho (`git clone --bare`)",
                "see `git status` there; commit or stash that change (`git stash`) and try again, or let duyet work in a bare clone of the repository (`git clone --bare`)"
            ))
        }
        StoreError::IndexLocked { lock, worktree } => Explained::new(
            Repository,
            tr!(
                lang,
                format!(
                    "chưa ghi gì: đang có {} nên một lệnh git khác đang chạy ở {}",
                    lock.display(),
                    worktree.display()
                ),
                format!(
                    "nothing was written: {} exists, so another git command is working in {}",
                    lock.display(),
                    worktree.display()
                )
            ),
        )
        .hint(tr!(
            lang,
            "thử lại khi lệnh đó đã xong (nếu không có lệnh nào đang chạy thì tệp đó do một lệnh bị dừng giữa chừng để lại: xoá nó đi)",
            "try again when it has finished (if none is running, one that crashed left the file: delete it)"
        )),
        StoreError::WorkTree { path, source } => Explained::new(
            Repository,
            tr!(
                lang,
                format!("chưa ghi gì: {}: {source}", path.display()),
                format!("nothing was written: {}: {source}", path.display())
            ),
        ),
        StoreError::CheckoutNotUpdated {
            branch,
            commit,
            worktree,
            paths,
            detail,
        } => {
            let (w, c) = (worktree.display(), commit.short());
            let (listed, spaced) = (paths.join(", "), paths.join(" "));
            Explained::new(
                Repository,
                tr!(
                    lang,
                    format!(
                        "nhánh `{branch}` đã có commit {c}, nhưng ở {w}, nơi nhánh đó đang được checkout, {listed} chưa cập nhật được hết ({detail}); không văn bản nào chưa commit bị ghi đè. Chừng nào chưa sửa, thư mục đó vẫn hiện văn bản cũ như một thay đổi và lần commit tiếp theo ở đó sẽ xoá mất lần ghi này"
                    ),
                    format!(
                        "`{branch}` now has commit {c}, but in {w}, where it is checked out, {listed} could not be fully brought up to date ({detail}); no uncommitted text was overwritten. Until this is mended, `git status` shows the old text as a change and the next `git commit` there would undo this one"
                    )
                ),
            )
            .hint(tr!(
                lang,
                format!(
                    "giữ lại ở nơi khác văn bản của bạn trong {listed} (nếu có), rồi chạy `git checkout HEAD -- {spaced}` trong {w}"
                ),
                format!(
                    "keep any text of yours from {listed} elsewhere, then run `git checkout HEAD -- {spaced}` in {w}"
                )
            ))
        }
        StoreError::GitIdentity { key, source } => Explained::new(
            Input,
            tr!(
                lang,
                format!("không dùng được {key} của git: {}", identity(source, lang)),
                format!("git's {key} cannot be used: {}", identity(source, lang))
            ),
        )
        .cli_hint(
            at,
            tr!(
                lang,
                format!(
                    "sửa bằng `git config {key} …` (thêm --global nếu đã đặt ở đó), hoặc thêm --as \"Họ Tên <email>\""
                ),
                format!(
                    "correct it with `git config {key} …` (with --global if it was set there), or pass --as \"Name <email>\""
                )
            ),
        ),
        StoreError::Author(i) => Explained::new(
            Input,
            tr!(
                lang,
                format!(
                    "chưa ghi gì: không đưa được người viết vào commit: {}",
                    identity(i, lang)
                ),
                format!(
                    "nothing was written: the author cannot be put in a commit: {}",
                    identity(i, lang)
                )
            ),
        ),
        StoreError::RecordsRef { refname, what } => Explained::new(
            Repository,
            tr!(
                lang,
                format!(
                    "`{refname}` trỏ tới {what}, không phải một bản ghi, nên không đọc hay ghi được bản ghi duyệt nào"
                ),
                format!(
                    "`{refname}` points to {what}, not to a record, so no review record can be read or written"
                )
            ),
        )
        .hint(tr!(
            lang,
            format!(
                "trỏ nó về bản ghi tốt cuối cùng bằng `git update-ref {refname} <commit>` (commit nó trỏ tới trước đây có trong `git fsck --lost-found`, ở một bản sao khác, hoặc trong bản sao lưu)"
            ),
            format!(
                "point it back at the last good record with `git update-ref {refname} <commit>` (the commit it pointed to before shows in `git fsck --lost-found`, in another clone, or in a backup)"
            )
        )),
        StoreError::ReadOnly { path, source } => Explained::new(
            Repository,
            tr!(
                lang,
                format!(
                    "bạn chỉ có quyền đọc kho này: không ghi được {} ({source}); chưa ghi gì",
                    path.display()
                ),
                format!(
                    "the repository is read-only for you: {} cannot be written ({source}); nothing was written",
                    path.display()
                )
            ),
        )
        .hint(tr!(
            lang,
            "đề nghị người quản trị máy chủ cấp quyền ghi vào kho (ai tham gia duyệt cũng cần, chẳng hạn qua một nhóm chung và `git config core.sharedRepository group`), hoặc làm việc trên bản sao của riêng bạn",
            "ask whoever looks after the server for write access to the repository (everyone who reviews needs it, e.g. through a shared group and `git config core.sharedRepository group`), or work in a clone of your own"
        )),
        StoreError::Locked { refname, lock, age } => {
            let l = lock.display();
            let minutes = crate::store::STALE_LOCK_AGE.as_secs() / 60;
            Explained::new(
                Repository,
                tr!(
                    lang,
                    format!(
                        "`{refname}` đang bị khoá: có {l}{} nên một lệnh git khác đang sửa nó; chưa ghi gì",
                        age.map(|a| format!(" từ {} giây trước", a.as_secs()))
                            .unwrap_or_default()
                    ),
                    format!(
                        "`{refname}` is locked: {l} exists{}, so another git command is changing it and nothing was written",
                        age.map(|a| format!(" since {} s", a.as_secs()))
                            .unwrap_or_default()
                    )
                ),
            )
            .hint(tr!(
                lang,
                format!(
                    "thử lại sau giây lát. Nếu không có lệnh git nào đang chạy thì tệp khoá do một lệnh bị dừng để lại: xoá nó (`rm {l}`) — duyet tự xoá khoá như vậy khi nó đã quá {minutes} phút"
                ),
                format!(
                    "try again in a moment. If no git command is running, one that was stopped left it: delete it (`rm {l}`) — duyet removes such a lock itself once it is {minutes} minutes old"
                )
            ))
        }
        StoreError::BadSignature { who, why } => Explained::new(
            Input,
            tr!(
                lang,
                format!("chưa ghi gì: không tạo được commit với tên {who}: {why}"),
                format!("nothing was written: a commit cannot be made as {who}: {why}")
            ),
        ),
        StoreError::NulInMessage => Explained::new(
            Input,
            tr!(
                lang,
                "chưa ghi gì: văn bản có ký tự NUL, nơi git kết thúc nội dung commit, nên phần sau nó sẽ mất",
                "nothing was written: the text holds a NUL character, where git ends a commit message, so what follows it would be lost"
            ),
        )
        .hint(tr!(
            lang,
            "bỏ ký tự đó rồi thử lại",
            "remove it and try again"
        )),
        StoreError::RemoteGit {
            remote,
            what,
            detail,
        } => Explained::new(
            Repository,
            tr!(
                lang,
                format!("git {what} với `{remote}` không thành công: {detail}"),
                e.to_string()
            ),
        )
        .hint(tr!(
            lang,
            format!("thử `git {what} {remote}` để xem git báo gì (mạng, khóa SSH, quyền)"),
            format!("try `git {what} {remote}` to see what git says (network, SSH key, access)")
        )),
        StoreError::NoGit { source } => Explained::new(
            Repository,
            tr!(lang, format!("không chạy được git: {source}"), e.to_string()),
        )
        .hint(tr!(
            lang,
            "cài git (Debian: apt install git)",
            "install git (Debian: apt install git)"
        )),
        StoreError::NoRemote { remote, known } => {
            let known = if known.is_empty() {
                tr!(lang, "chưa có", "none")
            } else {
                known.join(", ")
            };
            Explained::new(
                Input,
                tr!(
                    lang,
                    format!("kho này không có remote `{remote}` (các remote: {known})"),
                    format!("no remote `{remote}` is configured here (remotes: {known})")
                ),
            )
            .hint(tr!(
                lang,
                format!("thêm bằng `git remote add {remote} URL`"),
                format!("add it with `git remote add {remote} URL`")
            ))
        }
        StoreError::CannotFollow { branch, path } => Explained::new(
            Repository,
            tr!(
                lang,
                format!(
                    "`{branch}` đang được checkout ở đây và `{path}` đã bị xóa hoặc đổi loại ở bên kia; duyet không đưa thay đổi đó vào thư mục làm việc nên chưa chuyển nhánh"
                ),
                e.to_string()
            ),
        )
        .hint(tr!(
            lang,
            format!("chạy `git merge --ff-only` trên nhánh {branch} trong thư mục đó"),
            format!("run `git merge --ff-only` on {branch} in that work tree")
        )),
        StoreError::SigningUnsupported { format } => Explained::new(
            Input,
            tr!(
                lang,
                format!(
                    "chưa ghi gì: commit.gpgSign của git đòi ký theo định dạng {format}; duyet chỉ ký bằng khóa SSH (gpg.format = ssh)"
                ),
                e.to_string()
            ),
        ),
        StoreError::NoSigningKey => Explained::new(
            Input,
            tr!(
                lang,
                "chưa ghi gì: commit.gpgSign của git đang bật nhưng user.signingKey không chỉ khóa nào",
                e.to_string()
            ),
        ),
        StoreError::SigningFailed { key, why } => Explained::new(
            Input,
            tr!(
                lang,
                format!("chưa ghi gì: ký bằng {key} không được: {why}"),
                e.to_string()
            ),
        ),
        StoreError::Git(g) => Explained::new(Repository, format!("git: {g}")),
    }
}

fn uncommitted_vi(why: Uncommitted) -> &'static str {
    match why {
        Uncommitted::Modified => "có thay đổi chưa commit",
        Uncommitted::Staged => "có thay đổi đã đưa vào chỉ mục (index) nhưng chưa commit",
        Uncommitted::Untracked => "có trên đĩa nhưng chưa commit (git không theo dõi hoặc bỏ qua)",
        Uncommitted::Conflict => "còn xung đột hợp nhất chưa giải quyết",
        Uncommitted::InTheWay => {
            "bị một thư mục, hoặc một tệp hay liên kết trên đường dẫn, chắn chỗ"
        }
    }
}
