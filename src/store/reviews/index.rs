//! The records index: a cache of parsed records, keyed by the ref's tip.
//!
//! UTF-8 text, so that it can be looked at (and is checked as UTF-8 once,
//! rather than string by string): a first line naming the format, then
//! chunks. A chunk holds what was read from one tip (`base`, or `-` for the
//! first chunk) up to another (`tip`). A later start that finds new records
//! on top of the tip appends one chunk; a chunk whose base is not the tip so
//! far (two processes appended at once) is skipped. A hash that does not
//! match, or anything else out of place, makes the whole file unusable (the
//! records are then read from git again); a chunk cut short at the end (a
//! write interrupted) ends the file there.
//!
//! A chunk is `<header length> <SHA-256 of the header>\n`, the header, then
//! its blocks of records. The header: `<base> <tip> <records> <strings>
//! <blocks> <unreadable>\n`; the strings that repeat from record to record
//! (authors, drafts, sections, revisions, content hashes), once each; for
//! each block its length in bytes, its number of records and its SHA-256;
//! then the unreadable records (`<id> <reason>` and the draft they name, if
//! any). The records follow, `BLOCK` to a block, so that the blocks can be
//! checked and decoded on several threads. A string is written as
//! `<length in bytes>:<text>`, a repeated one as its number in the list.
//!
//! So every byte of a chunk is covered by a SHA-256 that also covers the
//! tips it was read between: a file cut, damaged, edited by hand or copied
//! from another repository does not decode as this repository's records.
//! The hashes are no secret — whoever can write `.git` can write a file
//! that decodes; `cache.rs` (`index_holds_up`) checks what the file says
//! against git before believing it.

use git2::Oid;
use sha2::{Digest, Sha256};

use crate::core::Moment;
use crate::core::review::{Action, ReviewRecord, UnreadableRecord};
use crate::core::signature::Signed;

/// The format's name and version: the file's first line.
pub const MAGIC: &[u8] = b"duyet-reviews-index 6\n";

/// Records per block.
const BLOCK: usize = 2048;
/// Below this many records, one thread decodes them all.
const PARALLEL_FROM: usize = 3 * BLOCK;
/// At most this many threads decode one chunk.
const MAX_THREADS: usize = 4;

pub struct Loaded {
    /// The ref's tip the records were read up to.
    pub tip: Oid,
    /// Every tip a chunk that counts was read up to, oldest first (the
    /// last is `tip`).
    pub tips: Vec<Oid>,
    /// Oldest first, as `walk_records` gives them.
    pub records: Vec<ReviewRecord>,
    /// In the same order.
    pub unreadable: Vec<UnreadableRecord>,
    /// The file ends with a whole chunk, so one can be appended.
    pub appendable: bool,
}

const ACTIONS: [Action; 7] = [
    Action::Comment,
    Action::Reply,
    Action::Resolve,
    Action::Approve,
    Action::RequestChanges,
    Action::Withdraw,
    Action::Dismiss,
];

pub fn encode_chunk(
    out: &mut Vec<u8>,
    base: Option<Oid>,
    tip: Oid,
    records: &[ReviewRecord],
    unreadable: &[UnreadableRecord],
) {
    write_chunk(out, base, tip, records, unreadable).expect("writing to memory does not fail");
}

/// `encode_chunk`, written to `w` as it is encoded: the header must come
/// first and holds each block's hash, so the blocks are encoded twice —
/// once to hash them, once to write them — and never all held at once
/// (at 50 000 records they are some 14 MB).
pub fn write_chunk(
    w: &mut impl std::io::Write,
    base: Option<Oid>,
    tip: Oid,
    records: &[ReviewRecord],
    unreadable: &[UnreadableRecord],
) -> std::io::Result<()> {
    // The records in blocks, numbering the repeated strings.
    // (Their numbers are noted in order, to be written again below
    // without looking them up twice.)
    let mut shared: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
    let mut numbers: Vec<u32> = Vec::new();
    let mut table: Vec<&str> = Vec::new();
    let mut scratch = Vec::new();
    let mut blocks: Vec<(usize, usize, String)> = Vec::new();
    for block in records.chunks(BLOCK) {
        scratch.clear();
        for r in block {
            record(&mut scratch, r, |s| {
                let n = *shared.entry(s).or_insert_with(|| {
                    table.push(s);
                    table.len() - 1
                });
                numbers.push(n as u32);
                n
            });
        }
        blocks.push((scratch.len(), block.len(), sha256_hex(&scratch)));
    }

    let mut header = Vec::with_capacity(table.len() * 48 + blocks.len() * 80 + 128);
    match base {
        Some(b) => header.extend_from_slice(b.to_string().as_bytes()),
        None => header.push(b'-'),
    }
    header.push(b' ');
    header.extend_from_slice(tip.to_string().as_bytes());
    for n in [records.len(), table.len(), blocks.len(), unreadable.len()] {
        header.push(b' ');
        number(&mut header, n as i64);
    }
    header.push(b'\n');
    for s in &table {
        string(&mut header, s);
        header.push(b'\n');
    }
    for (bytes, count, hash) in &blocks {
        number(&mut header, *bytes as i64);
        header.push(b' ');
        number(&mut header, *count as i64);
        header.push(b' ');
        header.extend_from_slice(hash.as_bytes());
        header.push(b'\n');
    }
    for u in unreadable {
        string(&mut header, &u.id);
        header.push(b' ');
        string(&mut header, &u.reason);
        if let Some(d) = &u.draft {
            header.push(b' ');
            string(&mut header, d);
        }
        header.push(b'\n');
    }
    w.write_all(format!("{} {}\n", header.len(), sha256_hex(&header)).as_bytes())?;
    w.write_all(&header)?;
    drop(shared);
    let mut noted = numbers.into_iter();
    for block in records.chunks(BLOCK) {
        scratch.clear();
        for r in block {
            record(&mut scratch, r, |_| {
                noted.next().unwrap_or_default() as usize
            });
        }
        w.write_all(&scratch)?;
    }
    Ok(())
}

/// One record, one line (its text may hold more lines): flags, action and
/// signature (`0` none, `1` a key's, `2` one that does not hold), time, id,
/// the six repeated fields by number, the signing key by number or why the
/// signature does not hold, then the answered record and the quote if there
/// are, the dismissed finding if there is, the summary and the text.
fn record<'r>(out: &mut Vec<u8>, r: &'r ReviewRecord, mut number_of: impl FnMut(&'r str) -> usize) {
    let raw_id = is_commit_id(&r.id);
    let flags = u8::from(r.reply_to.is_some())
        | u8::from(r.quote.is_some()) << 1
        | u8::from(raw_id) << 2
        | u8::from(r.finding.is_some()) << 3;
    out.push(b'0' + flags);
    out.push(b'0' + ACTIONS.iter().position(|a| *a == r.action).unwrap_or(0) as u8);
    out.push(match r.signed {
        Signed::No => b'0',
        Signed::By { .. } => b'1',
        Signed::Invalid { .. } => b'2',
    });
    out.push(b' ');
    number(out, r.time.seconds);
    out.push(b' ');
    number(out, i64::from(r.time.offset_minutes));
    out.push(b' ');
    if raw_id {
        out.extend_from_slice(r.id.as_bytes());
    } else {
        string(out, &r.id);
    }
    for s in [
        &r.author_name,
        &r.author_email,
        &r.draft,
        &r.section,
        &r.revision,
        &r.section_hash,
    ] {
        out.push(b' ');
        number(out, number_of(s) as i64);
    }
    match &r.signed {
        Signed::No => {}
        Signed::By { key } => {
            out.push(b' ');
            number(out, number_of(key) as i64);
        }
        Signed::Invalid { why } => {
            out.push(b' ');
            string(out, why);
        }
    }
    for s in [&r.reply_to, &r.quote, &r.finding].into_iter().flatten() {
        out.push(b' ');
        string(out, s);
    }
    out.push(b' ');
    string(out, &r.summary);
    out.push(b' ');
    string(out, &r.text);
    out.push(b'\n');
}

fn number(out: &mut Vec<u8>, n: i64) {
    if n < 0 {
        out.push(b'-');
    }
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut v = n.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

fn string(out: &mut Vec<u8>, s: &str) {
    number(out, s.len() as i64);
    out.push(b':');
    out.extend_from_slice(s.as_bytes());
}

/// A commit id as `Oid` writes it: 40 lowercase hex digits.
fn is_commit_id(id: &str) -> bool {
    id.len() == 40 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn sha256_hex(data: &[u8]) -> String {
    let mut out = String::with_capacity(64);
    for b in Sha256::digest(data) {
        out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        out.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    out
}

/// Whether `data` hashes to `hex` (a SHA-256 written by `sha256_hex`).
fn hashes_to(data: &[u8], hex: &[u8]) -> bool {
    hex.len() == 64 && sha256_hex(data).as_bytes() == hex
}

pub fn decode(bytes: &[u8]) -> Option<Loaded> {
    let mut rest = bytes.strip_prefix(MAGIC)?;
    let mut tips: Vec<Oid> = Vec::new();
    let mut records = Vec::new();
    let mut unreadable = Vec::new();
    let mut appendable = true;
    while !rest.is_empty() {
        let Some((header, after)) = header(rest)? else {
            // Cut short: what came before is still good.
            appendable = false;
            break;
        };
        let mut r = Reader(header);
        let base = r.word()?;
        let chunk_tip = Oid::from_str(r.word_str()?).ok()?;
        let layout = Layout::read(&mut r)?;
        let Some(body) = after.get(..layout.body_len()?) else {
            appendable = false;
            break;
        };
        rest = &after[body.len()..];
        let follows = match (tips.last(), base) {
            (None, b"-") => true,
            (Some(t), base) => std::str::from_utf8(base).ok() == Some(&t.to_string()[..]),
            _ => false,
        };
        if !follows {
            continue;
        }
        layout.decode(body, &mut records, &mut unreadable)?;
        tips.push(chunk_tip);
    }
    Some(Loaded {
        tip: *tips.last()?,
        tips,
        records,
        unreadable,
        appendable,
    })
}

/// A chunk's checked header and what follows it; `Some(None)` if the chunk
/// is cut short, `None` if it is damaged.
fn header(bytes: &[u8]) -> Option<Option<(&[u8], &[u8])>> {
    let Some(eol) = bytes.iter().position(|&b| b == b'\n') else {
        return Some(None);
    };
    let (len, hash) = std::str::from_utf8(&bytes[..eol]).ok()?.split_once(' ')?;
    let len: usize = len.parse().ok()?;
    let Some(header) = bytes.get(eol + 1..).and_then(|b| b.get(..len)) else {
        return Some(None);
    };
    if !hashes_to(header, hash.as_bytes()) {
        return None;
    }
    Some(Some((header, &bytes[eol + 1 + len..])))
}

/// A chunk's header after its tips: its strings, blocks and unreadable
/// records (which the header's hash covers).
struct Layout<'a> {
    count: usize,
    table: Vec<&'a str>,
    /// (bytes, records, SHA-256 in hex) of each block.
    blocks: Vec<(usize, usize, &'a [u8])>,
    unreadable: Vec<UnreadableRecord>,
}

impl<'a> Layout<'a> {
    fn read(r: &mut Reader<'a>) -> Option<Layout<'a>> {
        // No count is believed beyond what the header's bytes could hold
        // (a string takes at least 3 bytes, a block's line 68, an
        // unreadable record 6), so a forged count cannot ask for memory.
        let room = r.0.len();
        let bounded = |n: usize, least: usize| (n <= room / least).then_some(n);
        let count = r.count()?;
        let table_len = bounded(r.count()?, 3)?;
        let block_count = bounded(r.count()?, 68)?;
        let unreadable_count = bounded(r.count()?, 6)?;
        r.newline()?;
        let mut table = Vec::with_capacity(table_len);
        for _ in 0..table_len {
            table.push(r.string()?);
            r.newline()?;
        }
        let mut blocks = Vec::with_capacity(block_count);
        for _ in 0..block_count {
            let bytes = r.count()?;
            let n = r.count()?;
            let hash = r.word()?;
            blocks.push((bytes, n, hash));
        }
        let mut unreadable = Vec::with_capacity(unreadable_count);
        for _ in 0..unreadable_count {
            let id = r.string()?.to_owned();
            r.space();
            let reason = r.string()?.to_owned();
            let draft = if r.0.first() == Some(&b' ') {
                r.space();
                Some(r.string()?.to_owned())
            } else {
                None
            };
            r.newline()?;
            unreadable.push(UnreadableRecord { id, reason, draft });
        }
        let total = blocks
            .iter()
            .try_fold(0usize, |sum, b| sum.checked_add(b.1))?;
        if !r.0.is_empty() || total != count {
            return None;
        }
        Some(Layout {
            count,
            table,
            blocks,
            unreadable,
        })
    }

    /// The length of the blocks that follow the header.
    fn body_len(&self) -> Option<usize> {
        self.blocks
            .iter()
            .try_fold(0usize, |sum, b| sum.checked_add(b.0))
    }

    /// Checks and decodes the blocks onto the end of `out`.
    fn decode(
        self,
        body: &[u8],
        out: &mut Vec<ReviewRecord>,
        unreadable: &mut Vec<UnreadableRecord>,
    ) -> Option<()> {
        let mut blocks: Vec<(&[u8], usize, &[u8])> = Vec::with_capacity(self.blocks.len());
        let mut at = 0;
        for (bytes, n, hash) in self.blocks {
            blocks.push((body.get(at..at + bytes)?, n, hash));
            at += bytes;
        }
        // Every record takes more than one byte: a count beyond that is a lie.
        if self.count > body.len() {
            return None;
        }
        out.reserve(self.count);
        let table = &self.table;
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(MAX_THREADS)
            .min(blocks.len());
        if self.count < PARALLEL_FROM || threads < 2 {
            decode_blocks(&blocks, table, out)?;
        } else {
            // Contiguous runs of blocks, one per thread; this thread takes
            // the first run, straight into `out`, the others are appended
            // in order.
            let per = blocks.len().div_ceil(threads);
            let mut runs = blocks.chunks(per);
            let first = runs.next().unwrap_or_default();
            std::thread::scope(|s| {
                let others: Vec<_> = runs
                    .map(|run| {
                        s.spawn(move || {
                            let mut part = Vec::with_capacity(run.iter().map(|b| b.1).sum());
                            decode_blocks(run, table, &mut part).map(|()| part)
                        })
                    })
                    .collect();
                let mine = decode_blocks(first, table, out);
                let mut ok = mine.is_some();
                for handle in others {
                    match handle.join().ok().flatten() {
                        Some(part) if ok => out.extend(part),
                        _ => ok = false,
                    }
                }
                ok.then_some(())
            })?;
        }
        unreadable.extend(self.unreadable);
        Some(())
    }
}

fn decode_blocks(
    blocks: &[(&[u8], usize, &[u8])],
    table: &[&str],
    out: &mut Vec<ReviewRecord>,
) -> Option<()> {
    for &(bytes, count, hash) in blocks {
        if !hashes_to(bytes, hash) {
            return None;
        }
        // The block is checked as UTF-8 once; its strings are slices of it.
        let text = std::str::from_utf8(bytes).ok()?;
        let mut r = Reader(text.as_bytes());
        for _ in 0..count {
            let record = r.record(text, table)?;
            out.push(record);
        }
        if !r.0.is_empty() {
            return None;
        }
    }
    Some(())
}

/// Reads a chunk's text from the front.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Some(head)
    }

    fn byte(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn newline(&mut self) -> Option<()> {
        (self.byte()? == b'\n').then_some(())
    }

    /// Up to the next space or newline (which is skipped).
    fn word(&mut self) -> Option<&'a [u8]> {
        let end = self
            .0
            .iter()
            .position(|&b| b == b' ' || b == b'\n')
            .unwrap_or(self.0.len());
        let word = self.take(end)?;
        if matches!(self.0.first(), Some(b' ' | b'\n')) {
            self.0 = &self.0[1..];
        }
        Some(word)
    }

    fn word_str(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.word()?).ok()
    }

    /// A decimal number ending at a space, a newline, a colon or the end.
    fn int(&mut self) -> Option<i64> {
        let negative = self.0.first() == Some(&b'-');
        if negative {
            self.0 = &self.0[1..];
        }
        let digits = self.0.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || digits > 18 {
            return None;
        }
        let n = self.0[..digits]
            .iter()
            .fold(0i64, |n, d| n * 10 + i64::from(d - b'0'));
        self.0 = &self.0[digits..];
        Some(if negative { -n } else { n })
    }

    fn count(&mut self) -> Option<usize> {
        let n = usize::try_from(self.int()?).ok()?;
        self.space();
        Some(n)
    }

    fn space(&mut self) {
        if self.0.first() == Some(&b' ') {
            self.0 = &self.0[1..];
        }
    }

    /// `<length>:<bytes>`, checked as UTF-8 (for the header's strings).
    fn string(&mut self) -> Option<&'a str> {
        let len = usize::try_from(self.int()?).ok()?;
        if self.byte()? != b':' {
            return None;
        }
        std::str::from_utf8(self.take(len)?).ok()
    }

    /// `<length>:<bytes>` inside `text`, which this reader reads and
    /// which is UTF-8 already: only the ends are checked.
    fn slice(&mut self, text: &'a str) -> Option<&'a str> {
        let len = usize::try_from(self.int()?).ok()?;
        if self.byte()? != b':' {
            return None;
        }
        let start = text.len() - self.0.len();
        self.take(len)?;
        text.get(start..start + len)
    }

    fn record(&mut self, text: &'a str, table: &[&str]) -> Option<ReviewRecord> {
        let flags = self.byte()?.checked_sub(b'0').filter(|f| *f < 16)?;
        let action = *ACTIONS.get(usize::from(self.byte()?.checked_sub(b'0')?))?;
        let signature = self.byte()?;
        self.space();
        let seconds = self.int()?;
        self.space();
        let offset_minutes = i32::try_from(self.int()?).ok()?;
        self.space();
        let id = if flags & 4 != 0 {
            let start = text.len() - self.0.len();
            self.take(40)?;
            text.get(start..start + 40)?.to_owned()
        } else {
            self.slice(text)?.to_owned()
        };
        let mut shared = || -> Option<String> {
            self.space();
            let n = usize::try_from(self.int()?).ok()?;
            table.get(n).map(|s| (*s).to_owned())
        };
        let author_name = shared()?;
        let author_email = shared()?;
        let draft = shared()?;
        let section = shared()?;
        let revision = shared()?;
        let section_hash = shared()?;
        let signed = match signature {
            b'0' => Signed::No,
            b'1' => Signed::By { key: shared()? },
            b'2' => {
                self.space();
                Signed::Invalid {
                    why: self.slice(text)?.to_owned(),
                }
            }
            _ => return None,
        };
        let mut optional = |present: bool| -> Option<Option<String>> {
            if !present {
                return Some(None);
            }
            self.space();
            Some(Some(self.slice(text)?.to_owned()))
        };
        let reply_to = optional(flags & 1 != 0)?;
        let quote = optional(flags & 2 != 0)?;
        let finding = optional(flags & 8 != 0)?;
        self.space();
        let summary = self.slice(text)?.to_owned();
        self.space();
        let body = self.slice(text)?.to_owned();
        self.newline()?;
        Some(ReviewRecord {
            id,
            author_name,
            author_email,
            time: Moment {
                seconds,
                offset_minutes,
            },
            action,
            draft,
            section,
            revision,
            section_hash,
            reply_to,
            quote,
            finding,
            summary,
            text: body,
            signed,
        })
    }
}
