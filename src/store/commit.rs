//! Commit objects read and written by duyet itself, byte for byte.
//!
//! libgit2 refuses to parse a commit whose author line is malformed
//! ("failed to parse signature"), and with it every walk that passes
//! through that commit — so one bad commit on a shared ref would stop
//! everyone. `parse` reads any object's bytes without failing: what
//! `git fsck` would call a broken commit header comes back with the reason
//! (and its parents, when they can be read), and a well-formed commit gives
//! what libgit2 gives. `encode` writes a commit from parent *ids*, so a
//! record can be appended on top of a commit libgit2 cannot parse; its
//! bytes are libgit2's (`git_commit__create_buffer_internal`), so commit ids
//! are what they always were.

use git2::{ObjectType, Odb, Oid, Signature};

use crate::core::Moment;

/// A commit's header as read here. `problem` is the first thing `git fsck`
/// would refuse in it; the other fields are what could be read regardless.
pub struct Header<'a> {
    pub tree: Option<Oid>,
    pub parents: Vec<Oid>,
    /// Every `parent` line was read (a malformed one is not followed).
    pub parents_complete: bool,
    /// The author line after `author `, if there is one.
    pub author: Option<&'a [u8]>,
    /// The committer line after `committer `, if there is one.
    pub committer: Option<&'a [u8]>,
    /// The message: after the blank line that ends the header.
    pub message: &'a [u8],
    /// Where the `gpgsig` header (a signature, with its continuation lines
    /// and final newline) lies in the commit's bytes.
    pub signature: Option<std::ops::Range<usize>>,
    pub problem: Option<String>,
}

impl Header<'_> {
    /// The signature's text (the `gpgsig` header's value, continuation
    /// spaces removed) and the bytes it signs: the commit without that
    /// header, as `git verify-commit` checks it.
    pub fn signed_payload(&self, data: &[u8]) -> Option<(String, Vec<u8>)> {
        let range = self.signature.clone()?;
        let header = data.get(range.clone())?;
        let value = header.strip_prefix(b"gpgsig ")?;
        let text: String = String::from_utf8_lossy(value)
            .split('\n')
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n");
        let mut payload = Vec::with_capacity(data.len() - header.len());
        payload.extend_from_slice(&data[..range.start]);
        payload.extend_from_slice(&data[range.end..]);
        Some((text, payload))
    }
}

impl<'a> Header<'a> {
    /// The message as `git_commit_message` gives it: up to a NUL byte if
    /// there is one, leading newlines removed.
    pub fn message(&self) -> &'a [u8] {
        let message = until_nul(self.message);
        let start = message
            .iter()
            .position(|&b| b != b'\n')
            .unwrap_or(message.len());
        &message[start..]
    }
}

impl Header<'_> {
    /// The first paragraph of the message on one line, as
    /// `git_commit_summary` gives it (a commit's subject).
    pub fn summary(&self) -> String {
        let message = String::from_utf8_lossy(self.message());
        let mut lines = Vec::new();
        for line in message.split('\n') {
            if line.trim().is_empty() {
                break;
            }
            lines.push(line.trim());
        }
        lines.join(" ")
    }
}

/// Reads a commit object's bytes; never fails.
pub fn parse(data: &[u8]) -> Header<'_> {
    let mut problem: Option<String> = None;
    let mut fail = |why: String| {
        problem.get_or_insert(why);
    };
    // The header ends at the first blank line; a commit with no message
    // ends with the header's last newline (as `git fsck` allows).
    let (header, message) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(at) => (&data[..=at], &data[at + 2..]),
        None if data.last() == Some(&b'\n') => (data, &data[data.len()..]),
        None => {
            fail("its header does not end with a newline".into());
            (data, &data[data.len()..])
        }
    };
    if header.contains(&0) {
        fail("its header holds a NUL byte".into());
    }
    let mut rest = header;
    let mut next_with = |prefix: &[u8]| take_line(&mut rest, prefix);
    let tree = match next_with(b"tree ") {
        Some(hex) => {
            let id = oid(hex);
            if id.is_none() {
                fail("its tree line is malformed".into());
            }
            id
        }
        None => {
            fail("it has no tree line".into());
            None
        }
    };
    let mut parents = Vec::with_capacity(1);
    let mut parents_complete = true;
    while let Some(hex) = next_with(b"parent ") {
        match oid(hex) {
            Some(id) => parents.push(id),
            None => {
                parents_complete = false;
                fail("a parent line is malformed".into());
            }
        }
    }
    let author = next_with(b"author ");
    match author.map(ident) {
        Some(Ok(_)) => {}
        Some(Err(why)) => fail(format!("its author line is malformed ({why})")),
        None => fail("it has no author line".into()),
    }
    // libgit2 skips further author lines; `git fsck` refuses them.
    let mut more_authors = false;
    while next_with(b"author ").is_some() {
        more_authors = true;
    }
    if more_authors {
        fail("it has more than one author line".into());
    }
    let committer = next_with(b"committer ");
    match committer.map(ident) {
        Some(Ok(_)) => {}
        Some(Err(why)) => fail(format!("its committer line is malformed ({why})")),
        None => fail("it has no committer line".into()),
    }
    let signature = signature_range(data, header.len() - rest.len(), header.len());
    Header {
        tree,
        parents,
        parents_complete,
        author,
        committer,
        message,
        signature,
        problem,
    }
}

/// The `gpgsig` header among the header lines from `from` to `end`: its
/// first line and every continuation line (starting with a space) after it.
fn signature_range(data: &[u8], from: usize, end: usize) -> Option<std::ops::Range<usize>> {
    let mut at = from;
    let mut found: Option<std::ops::Range<usize>> = None;
    while at < end {
        let eol = data[at..end]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(end, |i| at + i + 1);
        let line = &data[at..eol];
        match &mut found {
            None if line.starts_with(b"gpgsig ") => found = Some(at..eol),
            Some(range) if line.starts_with(b" ") && range.end == at => range.end = eol,
            Some(_) => break,
            None => {}
        }
        at = eol;
    }
    found
}

/// The next header line, without its newline, if it starts with `prefix`
/// (which is taken off); `rest` moves past it.
fn take_line<'a>(rest: &mut &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    let all: &'a [u8] = rest;
    let after = all.strip_prefix(prefix)?;
    let eol = after
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(after.len());
    *rest = after.get(eol + 1..).unwrap_or_default();
    Some(&after[..eol])
}

/// A name, an e-mail and a time, as an author line holds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ident<'a> {
    pub name: &'a [u8],
    pub email: &'a [u8],
    pub time: Moment,
}

/// `Name <email> 1700000000 +0700`, checked as `git fsck` checks it
/// (`fsck_ident`): a name without `<` or `>` and a space before the e-mail,
/// an e-mail without `<`, a space, a date of digits not padded with zeros
/// (at most 18, which git's own date type holds), a space, a sign and four
/// digits, nothing after. Name and e-mail are then taken as libgit2 takes
/// them (its "crud" trimmed from both ends), and a zone whose hours are
/// above 14 or minutes above 59 is read as UTC, as libgit2 reads it.
pub fn ident(line: &[u8]) -> Result<Ident<'_>, &'static str> {
    let lt = match line.iter().position(|&b| b == b'<' || b == b'>') {
        Some(0) => return Err("no name before the e-mail"),
        Some(i) if line[i] == b'<' => i,
        Some(_) => return Err("a `>` in the name"),
        None => return Err("no e-mail"),
    };
    if line[lt - 1] != b' ' {
        return Err("no space before the e-mail");
    }
    let gt = match line[lt + 1..].iter().position(|&b| b == b'<' || b == b'>') {
        Some(i) if line[lt + 1 + i] == b'>' => lt + 1 + i,
        _ => return Err("a malformed e-mail"),
    };
    let when = line[gt + 1..]
        .strip_prefix(b" ")
        .ok_or("no space before the date")?;
    let space = when
        .iter()
        .position(|&b| b == b' ')
        .ok_or("a malformed date")?;
    let (digits, zone) = (&when[..space], &when[space + 1..]);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err("a malformed date");
    }
    if digits.len() > 1 && digits[0] == b'0' {
        return Err("a date padded with zeros");
    }
    if digits.len() > 18 {
        return Err("a date out of range");
    }
    let [sign @ (b'+' | b'-'), h1, h2, m1, m2] = *zone else {
        return Err("a malformed time zone");
    };
    if ![h1, h2, m1, m2].iter().all(u8::is_ascii_digit) {
        return Err("a malformed time zone");
    }
    let seconds = digits
        .iter()
        .fold(0i64, |n, d| n * 10 + i64::from(d - b'0'));
    let hours = i32::from(h1 - b'0') * 10 + i32::from(h2 - b'0');
    let minutes = i32::from(m1 - b'0') * 10 + i32::from(m2 - b'0');
    let offset_minutes = if hours <= 14 && minutes <= 59 {
        let m = hours * 60 + minutes;
        if sign == b'-' { -m } else { m }
    } else {
        0
    };
    Ok(Ident {
        name: trim_crud(&line[..lt]),
        email: trim_crud(&line[lt + 1..gt]),
        time: Moment {
            seconds,
            offset_minutes,
        },
    })
}

/// An author line read as well as it can be, for listing a commit whatever
/// its state: as `ident` reads it, else the text before the last `<` as
/// the name (the whole line without one), the e-mail between it and the
/// last `>`, and the time if one follows (else 0).
pub fn ident_lossy(line: &[u8]) -> Ident<'_> {
    if let Ok(ident) = ident(line) {
        return ident;
    }
    let line = until_nul(line);
    let lt = line.iter().rposition(|&b| b == b'<');
    let gt = line.iter().rposition(|&b| b == b'>');
    let (name, email, after) = match (lt, gt) {
        (Some(lt), Some(gt)) if lt < gt => (&line[..lt], &line[lt + 1..gt], &line[gt + 1..]),
        _ => (line, &line[..0], &line[..0]),
    };
    let seconds = after
        .split(|&b| b == b' ')
        .find(|w| !w.is_empty())
        .filter(|w| w.len() <= 18 && w.iter().all(u8::is_ascii_digit))
        .map_or(0, |w| {
            w.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0'))
        });
    Ident {
        name: trim_crud(name),
        email: trim_crud(email),
        time: Moment {
            seconds,
            offset_minutes: 0,
        },
    }
}

/// What a ref names, followed through tags to a commit: its id, or what
/// it names instead ("a blob 1a2b3c4", "a tag of a tree 1a2b3c4", "1a2b3c4,
/// which is not in the repository").
pub fn peel_to_commit(odb: &Odb<'_>, id: Oid) -> Result<Oid, String> {
    let mut at = id;
    let mut tags = 0;
    loop {
        let of = if tags > 0 { "a tag of " } else { "" };
        let short = &at.to_string()[..7];
        let kind = match odb.read_header(at) {
            Ok((_, kind)) => kind,
            Err(e) if e.code() == git2::ErrorCode::NotFound => {
                return Err(format!("{of}{short}, which is not in the repository"));
            }
            Err(e) => {
                return Err(format!(
                    "{of}{short}, which cannot be read ({})",
                    e.message()
                ));
            }
        };
        match kind {
            ObjectType::Commit => return Ok(at),
            ObjectType::Tag if tags < 8 => {
                let target = odb.read(at).ok().and_then(|tag| {
                    oid(tag
                        .data()
                        .strip_prefix(b"object ")?
                        .split(|&b| b == b'\n')
                        .next()?)
                });
                match target {
                    Some(t) => at = t,
                    None => return Err(format!("{of}a malformed tag {short}")),
                }
                tags += 1;
            }
            other => return Err(format!("{of}{} {short}", article(other))),
        }
    }
}

/// "a blob", "a tree", …: an object's kind as a message names it.
pub fn article(kind: ObjectType) -> String {
    let name = kind.str();
    match name.as_bytes().first() {
        Some(b'a' | b'e' | b'i' | b'o' | b'u') => format!("an {name}"),
        _ => format!("a {name}"),
    }
}

/// The bytes of a commit, exactly as libgit2 writes them
/// (`git_commit__create_buffer_internal`, `git_signature__writebuf`).
/// `None` for a time git's format cannot hold as libgit2 writes it
/// (before 1970, or after 2106, where libgit2 cuts it to 32 bits).
pub fn encode(
    tree: Oid,
    parents: &[Oid],
    author: &Signature<'_>,
    committer: &Signature<'_>,
    message: &str,
) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(256 + message.len());
    out.extend_from_slice(format!("tree {tree}\n").as_bytes());
    for p in parents {
        out.extend_from_slice(format!("parent {p}\n").as_bytes());
    }
    for (header, sig) in [(&b"author "[..], author), (b"committer ", committer)] {
        let when = sig.when();
        let seconds = u32::try_from(when.seconds()).ok()?;
        let offset = when.offset_minutes();
        let sign = if offset < 0 || when.sign() == '-' {
            '-'
        } else {
            '+'
        };
        let offset = offset.unsigned_abs();
        out.extend_from_slice(header);
        out.extend_from_slice(sig.name_bytes());
        out.extend_from_slice(b" <");
        out.extend_from_slice(sig.email_bytes());
        out.extend_from_slice(
            format!("> {seconds} {sign}{:02}{:02}\n", offset / 60, offset % 60).as_bytes(),
        );
    }
    out.push(b'\n');
    out.extend_from_slice(message.as_bytes());
    Some(out)
}

/// `<40 hex digits>` (either case, as git and libgit2 read them).
pub fn oid(hex: &[u8]) -> Option<Oid> {
    if hex.len() != 40 {
        return None;
    }
    let mut bytes = [0u8; 20];
    for (i, pair) in hex.chunks_exact(2).enumerate() {
        bytes[i] = (hex_digit(pair[0])? << 4) | hex_digit(pair[1])?;
    }
    Oid::from_bytes(&bytes).ok()
}

fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// libgit2's `is_crud`: control characters, space and `,:;<>"\'` are
/// trimmed from both ends of a name or e-mail.
fn trim_crud(mut s: &[u8]) -> &[u8] {
    let crud =
        |b: u8| b <= 32 || matches!(b, b',' | b':' | b';' | b'<' | b'>' | b'"' | b'\\' | b'\'');
    while let [first, tail @ ..] = s {
        if !crud(*first) {
            break;
        }
        s = tail;
    }
    while let [head @ .., last] = s {
        if !crud(*last) {
            break;
        }
        s = head;
    }
    s
}

/// A C string ends at its first NUL: what libgit2 hands back does too.
fn until_nul(s: &[u8]) -> &[u8] {
    &s[..s.iter().position(|&b| b == 0).unwrap_or(s.len())]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `encode` writes is byte for byte what libgit2 writes, so commit
    /// ids are what they were when libgit2 wrote every commit.
    #[test]
    fn commits_are_encoded_as_libgit2_encodes_them() {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        let tree = repo
            .find_tree(repo.treebuilder(None).unwrap().write().unwrap())
            .unwrap();
        let first = Signature::new(
            "Lê Thị Hoa",
            "hoa.lt@tanyen.example",
            &git2::Time::new(1_702_519_200, 420),
        )
        .unwrap();
        let root = repo
            .commit(None, &first, &first, "Gốc\n", &tree, &[])
            .unwrap();
        let other = repo
            .commit(None, &first, &first, "Khác", &tree, &[])
            .unwrap();
        let (root, other) = (
            repo.find_commit(root).unwrap(),
            repo.find_commit(other).unwrap(),
        );
        let signatures = [
            first.clone(),
            Signature::new("Đỗ Minh Tuấn", "tuan@x", &git2::Time::new(1, -90)).unwrap(),
            Signature::new("  A  ", " a@b ", &git2::Time::new(4_000_000_000, 330)).unwrap(),
            Signature::new("B", "b@c", &git2::Time::new(1_700_000_000, 0)).unwrap(),
            Signature::now("Bây Giờ", "now@x").unwrap(),
        ];
        for sig in &signatures {
            for parents in [vec![], vec![&root], vec![&root, &other]] {
                for message in ["", "Một dòng", "Tiêu đề\n\nThân\n\nDuyet-Action: comment\n"]
                {
                    let theirs = repo
                        .commit_create_buffer(sig, &first, message, &tree, &parents)
                        .unwrap();
                    let ids: Vec<Oid> = parents.iter().map(|p| p.id()).collect();
                    let ours = encode(tree.id(), &ids, sig, &first, message).unwrap();
                    assert_eq!(
                        String::from_utf8_lossy(&ours),
                        String::from_utf8_lossy(&theirs)
                    );
                    assert_eq!(ours, theirs.to_vec());
                }
            }
        }
        let before_1970 = Signature::new("A", "a@b", &git2::Time::new(-5, 0)).unwrap();
        assert!(encode(tree.id(), &[], &before_1970, &first, "x").is_none());
    }

    #[test]
    fn an_author_line_is_read_as_well_as_it_can_be() {
        let line = ident_lossy(b"L\xc3\xaa Th\xe1\xbb\x8b");
        assert_eq!(
            (line.name, line.email),
            (&b"L\xc3\xaa Th\xe1\xbb\x8b"[..], &b""[..])
        );
        let line = ident_lossy(b"A <b> <c@d> 99 +1500");
        assert_eq!(
            (line.name, line.email, line.time.seconds),
            (&b"A <b"[..], &b"c@d"[..], 99)
        );
        assert_eq!(ident_lossy(b"").name, b"");
    }
}
