//! Files duyet keeps beside git's own: its caches and notes under
//! `.git/duyet/` (written whole, atomically, with the user's umask — or
//! private to the user), the lock files git leaves when a process dies in
//! the middle of a ref update, and telling a repository that is read-only
//! for this user from any other failure to write.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// duyet's folder inside the git folder.
pub const DUYET_DIR: &str = "duyet";

/// A lock file at least this old was left by a process that died: a ref
/// lock is only held for the instant of one ref update (see
/// `clear_stale_lock`).
pub const STALE_LOCK_AGE: Duration = Duration::from_secs(120);

/// The notes file (`.git/duyet/log`) is started again past this size (the
/// previous one is kept as `log.old`).
const LOG_LIMIT: u64 = 256 * 1024;

/// Who may read a file duyet writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// As the user's umask allows (caches, merge decisions).
    Umask,
    /// The user alone (0600): text a person wrote and has not sent.
    Private,
}

/// `.git/duyet`, made if missing. Made with the umask like any folder;
/// in a repository shared through a group (a group-writable `.git`, as
/// `core.sharedRepository` makes it), also group-writable and set-group-id
/// like git's own folders there, so that every person's duyet can keep its
/// files in it.
pub fn duyet_dir(git_dir: &Path) -> std::io::Result<PathBuf> {
    let dir = git_dir.join(DUYET_DIR);
    make_dir(&dir)?;
    Ok(dir)
}

/// Makes `dir` if it is missing, shared like the folder it is in (see
/// `duyet_dir`).
fn make_dir(dir: &Path) -> std::io::Result<()> {
    // (`Path::new("x.yaml").parent()` is the empty path: the current folder.)
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    // Each missing level shared like the one above it (`.git/duyet/parsed`
    // made at once makes `.git/duyet` too).
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(parent) = parent {
        make_dir(parent)?;
    }
    match std::fs::create_dir(dir) {
        Ok(()) => {}
        // Made meanwhile by another process.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => return Ok(()),
        Err(e) => return Err(e),
    }
    if let Some(parent) = parent {
        share_like(parent, dir);
    }
    Ok(())
}

#[cfg(unix)]
fn share_like(git_dir: &Path, dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(shared) = std::fs::metadata(git_dir).map(|m| m.permissions().mode()) else {
        return;
    };
    if shared & 0o020 == 0 {
        return;
    }
    if let Ok(meta) = std::fs::metadata(dir) {
        let mode = meta.permissions().mode() | 0o070 | (shared & 0o2000);
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode & 0o7777));
    }
}

#[cfg(not(unix))]
fn share_like(_git_dir: &Path, _dir: &Path) {}

/// Replaces `path` with `bytes` at once: written to a temporary file in the
/// same folder (created new, with `access`), then renamed into place, so a
/// reader never sees half of it and a crash leaves the old file. The folder
/// is made if missing (shared like `.git/duyet`). The one way duyet writes
/// a whole file of its own under `.git/duyet/`.
pub fn write_atomically(path: &Path, bytes: &[u8], access: Access) -> std::io::Result<()> {
    write_atomically_with(path, access, |w| w.write_all(bytes))
}

/// `write_atomically` of what `write` writes (buffered): a large file is
/// written as it is made, never first held whole.
pub(super) fn write_atomically_with(
    path: &Path,
    access: Access,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    make_dir(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.{}.{}.tmp", std::process::id(), unique()));
    let written = create_new(&tmp, access).and_then(|f| {
        let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
        write(&mut w)?;
        w.flush()
    });
    let done = written.and_then(|()| std::fs::rename(&tmp, path));
    if done.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    done
}

fn create_new(path: &Path, access: Access) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(match access {
            Access::Umask => 0o666,
            Access::Private => 0o600,
        });
    }
    #[cfg(not(unix))]
    let _ = access;
    options.open(path)
}

/// A number no other call in this process gets (temporary file names).
fn unique() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Whether an I/O error means "you may not write here": permissions, or a
/// file system mounted read-only.
pub fn is_read_only(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    )
}

/// Whether this user may create files in `dir` (or, if it does not exist
/// yet, in the nearest folder above it that does): the error if not.
/// Tried for real (a file created and removed at once), since permission
/// bits do not tell: root, ACLs, read-only mounts. The file's name starts
/// with a dot and ends in `.lock`, which git never takes for a ref.
pub fn probe_writable(dir: &Path) -> std::io::Result<()> {
    let mut at = dir;
    while !at.is_dir() {
        match at.parent() {
            Some(up) => at = up,
            None => return Ok(()),
        }
    }
    let probe = at.join(format!(
        ".duyet-probe-{}-{}.lock",
        std::process::id(),
        unique()
    ));
    create_new(&probe, Access::Private)?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// What `clear_stale_lock` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    /// No lock file (any more): try again.
    Gone,
    /// A lock file this old (if its age could be told), left in place.
    Held(Option<Duration>),
    /// A stale lock file, this old, was removed.
    Removed(Duration),
}

/// Removes the lock file `lock` if it is at least `STALE_LOCK_AGE` old.
///
/// git never removes a lock it did not take, since it cannot know whether
/// the process that took it still runs — on a shared server, maybe on
/// another machine over NFS. duyet goes by age alone: git holds a ref's
/// lock only for the instant of writing the ref's new value and renaming
/// the lock onto the ref, so a lock minutes old belongs to a process that
/// died (killed, the machine restarted). The file is first renamed aside
/// (the rename is atomic), then checked to be the very file judged old —
/// between looking and renaming, its owner may have finished and another
/// writer taken a new lock, which is then put back.
pub fn clear_stale_lock(lock: &Path) -> Lock {
    let before = match std::fs::symlink_metadata(lock) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Lock::Gone,
        Err(_) => return Lock::Held(None),
    };
    let Some(age) = age_of(&before) else {
        return Lock::Held(None);
    };
    if age < STALE_LOCK_AGE {
        return Lock::Held(Some(age));
    }
    let name = lock
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".lock"))
        .unwrap_or("ref");
    let aside = lock.with_file_name(format!(
        "{name}.stale-{}-{}.lock",
        std::process::id(),
        unique()
    ));
    match std::fs::rename(lock, &aside) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Lock::Gone,
        Err(_) => return Lock::Held(Some(age)),
    }
    let same = std::fs::symlink_metadata(&aside).is_ok_and(|after| same_file(&before, &after));
    if !same {
        // Another writer's fresh lock: give it back (unless yet another
        // has been taken meanwhile, which `hard_link` does not replace).
        let _ = std::fs::hard_link(&aside, lock);
        let _ = std::fs::remove_file(&aside);
        return Lock::Held(None);
    }
    let _ = std::fs::remove_file(&aside);
    Lock::Removed(age)
}

/// How long ago a file was last modified (none for a time in the future).
fn age_of(meta: &std::fs::Metadata) -> Option<Duration> {
    SystemTime::now()
        .duration_since(meta.modified().ok()?)
        .ok()
        .or(Some(Duration::ZERO))
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino(), a.mtime(), a.mtime_nsec()) == (b.dev(), b.ino(), b.mtime(), b.mtime_nsec())
}

#[cfg(not(unix))]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    (a.len(), a.modified().ok()) == (b.len(), b.modified().ok())
}

/// A cache file's bytes: a line naming its format (`magic`), a line naming
/// what it holds (`key`), the SHA-256 of the body (hex), then the body,
/// `value` as JSON. `None` if it does not serialise.
pub(super) fn seal<T: serde::Serialize>(magic: &str, key: &str, value: &T) -> Option<Vec<u8>> {
    use sha2::{Digest, Sha256};
    let body = serde_json::to_vec(value).ok()?;
    let hash = super::id::hex_bytes(&Sha256::digest(&body));
    let mut bytes = format!("{magic}\n{key}\n{hash}\n").into_bytes();
    bytes.extend_from_slice(&body);
    Some(bytes)
}

/// What `seal` sealed, if `bytes` name `magic` and `key`, the hash matches
/// the body and the body decodes.
pub(super) fn unseal<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    magic: &str,
    key: &str,
) -> Option<T> {
    use sha2::{Digest, Sha256};
    let mut lines = bytes.splitn(4, |&b| b == b'\n');
    if lines.next()? != magic.as_bytes() || lines.next()? != key.as_bytes() {
        return None;
    }
    let hash = lines.next()?;
    let body = lines.next()?;
    if hash != super::id::hex_bytes(&Sha256::digest(body)).as_bytes() {
        return None;
    }
    serde_json::from_slice(body).ok()
}

/// The bytes of the regular file `path`, if it is at most `limit` bytes;
/// `None` when it is missing, larger, or not a regular file. A symbolic
/// link is not followed and a FIFO is not waited on (`.git/duyet/` may be
/// writable by a whole group: a FIFO planted where duyet reads a file of
/// its own would otherwise hang it, a link to a terminal wait for input).
pub fn read_regular(path: &Path, limit: u64) -> Option<Vec<u8>> {
    let (file, meta) = open_regular(path)?;
    read_at_most(file, &meta, limit)
}

/// The bytes of a cache file under `.git/duyet/` that this user wrote, as
/// `read_regular`; `None` also when it is another user's. In a repository
/// shared through a group, everyone may write `.git/duyet/`: a file
/// someone else made there is not believed (they could have written
/// anything in it), only rewritten with one's own (`user_tag` keeps each
/// user's apart, so they do not take turns).
pub(super) fn read_own(path: &Path, limit: u64) -> Option<Vec<u8>> {
    let (file, meta) = open_regular(path)?;
    if !mine(&meta) {
        return None;
    }
    read_at_most(file, &meta, limit)
}

pub(in crate::store) fn open_regular(path: &Path) -> Option<(std::fs::File, std::fs::Metadata)> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // (O_NONBLOCK changes nothing for a regular file's reads.)
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path).ok()?;
    let meta = file.metadata().ok()?;
    meta.is_file().then_some((file, meta))
}

fn read_at_most(file: std::fs::File, meta: &std::fs::Metadata, limit: u64) -> Option<Vec<u8>> {
    use std::io::Read as _;
    if meta.len() > limit {
        return None;
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).ok()?);
    file.take(limit + 1).read_to_end(&mut bytes).ok()?;
    (bytes.len() as u64 <= limit).then_some(bytes)
}

#[cfg(unix)]
fn mine(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // Safety: geteuid has no preconditions and cannot fail.
    meta.uid() == unsafe { libc::geteuid() }
}

#[cfg(not(unix))]
fn mine(_meta: &std::fs::Metadata) -> bool {
    true
}

/// What tells this user's cache files from others' in their names.
pub(super) fn user_tag() -> String {
    #[cfg(unix)]
    // Safety: as in `mine`.
    return format!("u{}", unsafe { libc::geteuid() });
    #[cfg(not(unix))]
    return String::from("u");
}

/// A debug-level note: written to stderr only when `DUYET_DEBUG` is set
/// (a screen is not drawn over otherwise). For what the user need not act
/// on, such as a cache rebuilt.
pub fn debug(message: &str) {
    if std::env::var_os("DUYET_DEBUG").is_some_and(|v| !v.is_empty()) {
        eprintln!("duyet: debug: {message}");
    }
}

/// Something duyet did to the repository beyond its own writes (a stale
/// lock removed), kept in `.git/duyet/log` with the time and process, so
/// that whoever looks after the server can find it later; and a debug note.
/// Best effort: a repository that cannot be written keeps no note.
pub fn log(git_dir: &Path, message: &str) {
    debug(message);
    let Ok(dir) = duyet_dir(git_dir) else {
        return;
    };
    let path = dir.join("log");
    if std::fs::metadata(&path).is_ok_and(|m| m.len() > LOG_LIMIT) {
        let _ = std::fs::rename(&path, dir.join("log.old"));
    }
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let when = crate::core::Moment {
        seconds: i64::try_from(now).unwrap_or(0),
        offset_minutes: 0,
    };
    let line = format!(
        "{} UTC pid {} {}\n",
        when.display(),
        std::process::id(),
        message.replace('\n', " ")
    );
    let file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path);
    if let Ok(mut file) = file {
        let _ = file.write_all(line.as_bytes());
    }
}

impl super::Store {
    /// `.git/duyet/<name>`, where duyet keeps a file of its own: the records
    /// index, a person's unsent text, a person's merge decisions. Each is
    /// written whole with `write_atomically` (the index may also grow by an
    /// appended chunk, and `log` by a line).
    pub fn local_file(&self, name: &str) -> PathBuf {
        self.repo.path().join(DUYET_DIR).join(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_is_removed_only_when_old() {
        let dir = tempfile::tempdir().unwrap();
        let lock = dir.path().join("reviews.lock");
        assert_eq!(clear_stale_lock(&lock), Lock::Gone);
        std::fs::write(&lock, "").unwrap();
        assert!(matches!(clear_stale_lock(&lock), Lock::Held(Some(_))));
        assert!(lock.exists());
        let old = SystemTime::now() - Duration::from_secs(600);
        std::fs::File::options()
            .write(true)
            .open(&lock)
            .unwrap()
            .set_modified(old)
            .unwrap();
        assert!(matches!(clear_stale_lock(&lock), Lock::Removed(age) if age >= STALE_LOCK_AGE));
        assert!(!lock.exists());
        // Nothing is left beside it.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn files_are_replaced_whole_with_the_access_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("unsent-a@b.json");
        write_atomically(&path, b"one", Access::Private).unwrap();
        write_atomically(&path, b"two", Access::Private).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
