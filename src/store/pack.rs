//! Commits read straight from git's pack files, many at once.
//!
//! libgit2 reads one object at a time through one object database: each
//! read looks the id up, inflates with a fresh zlib state, re-hashes the
//! object and caches it. For the tens of thousands of record commits a
//! first `status` reads, that is as much work as `git log` does in all,
//! on one core. Here a pack's index (`.idx`, version 2) is read once, the
//! run of commits git writes at the start of every pack is found, and that
//! run is cut in ranges that can be inflated on several cores.
//!
//! Only what is certain is given out: a commit whose bytes inflate to the
//! size its header states (or are rebuilt from a chain of deltas on an
//! earlier commit of the pack, as git stores commits alike) and hash to the
//! id the index gives it. A commit in a pack this cannot read, a delta
//! named by id, a loose one, or one that fails a check is simply not given;
//! whoever asked reads it through libgit2 as before, which also reports
//! what is wrong with it.
//! Nothing here is believed without that check, so a damaged or hostile
//! pack can only make the reading slower, never different.

use std::collections::HashMap;
use std::fs::File;
use std::os::unix::fs::FileExt as _;
use std::path::{Path, PathBuf};

use flate2::{Decompress, FlushDecompress, Status};
use git2::Oid;
use sha1::{Digest as _, Sha1};

use super::files;

/// An index larger than this is not read (some 9 million objects).
const MAX_INDEX_BYTES: u64 = 256 << 20;
/// A commit whose compressed bytes are longer than this is left to
/// libgit2 (no record comes near it); so is one said to inflate to more
/// than `MAX_INFLATED`.
const MAX_COMMIT_BYTES: u64 = 4 << 20;
const MAX_INFLATED: u64 = 16 << 20;
/// How much of a pack one read takes (a few thousand records).
const BLOCK_BYTES: u64 = 1 << 20;

/// Where a pack's object lies: `[offset, end)`.
#[derive(Clone, Copy)]
pub(in crate::store) struct Span {
    pub id: Oid,
    offset: u64,
    end: u64,
}

/// The commits at the start of one pack, in the order they lie in it
/// (entries of other kinds among them, in a pack git did not lay out, are
/// passed over when read).
pub(in crate::store) struct PackCommits {
    file: File,
    pub commits: Vec<Span>,
}

/// The leading run of commits of every pack in `objects/pack` whose index
/// can be read; packs that cannot be are left out (libgit2 reads them).
pub(in crate::store) fn leading_commits(objects: &Path) -> Vec<PackCommits> {
    let Ok(dir) = std::fs::read_dir(objects.join("pack")) else {
        return Vec::new();
    };
    let mut indexes: Vec<PathBuf> = dir
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "idx"))
        .collect();
    indexes.sort();
    indexes
        .iter()
        .filter_map(|idx| PackCommits::open(idx))
        .filter(|p| !p.commits.is_empty())
        .collect()
}

impl PackCommits {
    fn open(idx: &Path) -> Option<PackCommits> {
        let index = files::read_regular(idx, MAX_INDEX_BYTES)?;
        let mut objects = objects_of(&index)?;
        let (file, meta) = files::open_regular(&idx.with_extension("pack"))?;
        let mut head = [0u8; 12];
        file.read_exact_at(&mut head, 0).ok()?;
        let count = u32::from_be_bytes(head[8..12].try_into().ok()?);
        let version = u32::from_be_bytes(head[4..8].try_into().ok()?);
        if &head[..4] != b"PACK" || !(2..=3).contains(&version) || count as usize != objects.len() {
            return None;
        }
        // The pack ends with its own checksum.
        let data_end = meta.len().checked_sub(20)?;
        objects.sort_unstable_by_key(|&(offset, _)| offset);
        let mut spans = Vec::with_capacity(objects.len());
        for (i, &(offset, id)) in objects.iter().enumerate() {
            let end = objects.get(i + 1).map_or(data_end, |next| next.0);
            if offset < 12 || end <= offset || end > data_end {
                return None;
            }
            spans.push(Span { id, offset, end });
        }
        let end = leading_run(&file, &spans)?;
        spans.truncate(end);
        spans.shrink_to_fit();
        Some(PackCommits {
            file,
            commits: spans,
        })
    }

    /// Each commit of `spans` (a part of `commits`, in order) whose bytes
    /// hold up, given to `each` with its place in `spans` and its id.
    pub fn read(
        &self,
        spans: &[Span],
        inflater: &mut Inflater,
        mut each: impl FnMut(usize, Oid, &[u8]),
    ) {
        let mut block = Vec::new();
        let mut at = 0;
        while at < spans.len() {
            // As many neighbours as one block holds (at least one).
            let start = spans[at].offset;
            let mut upto = at + 1;
            while upto < spans.len() && spans[upto].end - start <= BLOCK_BYTES {
                upto += 1;
            }
            let batch = &spans[at..upto];
            let at_batch = at;
            at = upto;
            let len = batch[batch.len() - 1].end - start;
            if len > BLOCK_BYTES.max(MAX_COMMIT_BYTES) {
                continue;
            }
            block.resize(len as usize, 0);
            if self.file.read_exact_at(&mut block, start).is_err() {
                continue;
            }
            for (i, span) in batch.iter().enumerate() {
                let from = (span.offset - start) as usize;
                let to = (span.end - start) as usize;
                if let Some(data) = inflater.commit(self, &block[from..to], span) {
                    each(at_batch + i, span.id, data);
                }
            }
        }
    }

    /// The bytes of the entry at `offset`, if it is one of `commits`.
    fn entry_at(&self, offset: u64) -> Option<Vec<u8>> {
        let at = self
            .commits
            .binary_search_by_key(&offset, |s| s.offset)
            .ok()?;
        let span = self.commits[at];
        if span.end - span.offset > MAX_COMMIT_BYTES {
            return None;
        }
        let mut entry = vec![0; (span.end - span.offset) as usize];
        self.file.read_exact_at(&mut entry, offset).ok()?;
        Some(entry)
    }
}

/// A zlib state and an output buffer, kept from one object to the next,
/// and the commits lately rebuilt from deltas (by offset), which the next
/// deltas are most often made on.
pub(in crate::store) struct Inflater {
    zlib: Decompress,
    out: Vec<u8>,
    /// The latest rebuilt, and the `REBUILT_KEPT` before them.
    rebuilt: HashMap<u64, Vec<u8>>,
    older: HashMap<u64, Vec<u8>>,
}

impl Default for Inflater {
    fn default() -> Inflater {
        Inflater {
            zlib: Decompress::new(true),
            out: Vec::new(),
            rebuilt: HashMap::new(),
            older: HashMap::new(),
        }
    }
}

/// How many rebuilt commits an `Inflater` keeps, twice (some 1.5 MB).
const REBUILT_KEPT: usize = 1024;

/// How long a chain of deltas is followed (git makes them at most 50 long).
const MAX_DEPTH: u32 = 64;

impl Inflater {
    /// The bytes of the commit at `span` of `pack` whose entry is `entry`,
    /// if it is a commit, or a delta on one, whose bytes hash to its id.
    fn commit(&mut self, pack: &PackCommits, entry: &[u8], span: &Span) -> Option<&[u8]> {
        let (kind, size, header) = entry_header(entry)?;
        let data = match kind {
            COMMIT => {
                inflate(&mut self.zlib, &entry[header..], size, &mut self.out)?;
                &self.out[..]
            }
            OFS_DELTA => {
                self.rebuild(pack, entry, span.offset, 0)?;
                self.rebuilt_at(span.offset)?
            }
            _ => return None,
        };
        let mut hash = Sha1::new();
        hash.update(format!("commit {}\0", data.len()).as_bytes());
        hash.update(data);
        (hash.finalize().as_slice() == span.id.as_bytes()).then_some(data)
    }

    /// Rebuilds the commit whose entry (at `offset`) is `entry` — a delta
    /// on a commit earlier in the pack, itself perhaps a delta — into
    /// `rebuilt`. Not checked against any id: only the commit asked for is.
    fn rebuild(&mut self, pack: &PackCommits, entry: &[u8], offset: u64, depth: u32) -> Option<()> {
        if self.rebuilt_at(offset).is_some() {
            return Some(());
        }
        let (kind, size, header) = entry_header(entry)?;
        let mut data = Vec::new();
        match kind {
            COMMIT => inflate(&mut self.zlib, &entry[header..], size, &mut data)?,
            OFS_DELTA if depth < MAX_DEPTH => {
                let (back, len) = base_distance(&entry[header..])?;
                let base_at = offset.checked_sub(back)?;
                let base_entry = pack.entry_at(base_at)?;
                self.rebuild(pack, &base_entry, base_at, depth + 1)?;
                let mut delta = Vec::new();
                inflate(&mut self.zlib, &entry[header + len..], size, &mut delta)?;
                apply_delta(self.rebuilt_at(base_at)?, &delta, &mut data)?;
            }
            _ => return None,
        }
        if self.rebuilt.len() >= REBUILT_KEPT {
            self.older = std::mem::take(&mut self.rebuilt);
        }
        self.rebuilt.insert(offset, data);
        Some(())
    }

    fn rebuilt_at(&self, offset: u64) -> Option<&[u8]> {
        let found = self
            .rebuilt
            .get(&offset)
            .or_else(|| self.older.get(&offset));
        found.map(Vec::as_slice)
    }
}

/// Inflates the zlib stream `input` with `zlib` (reset first) into `out`,
/// which must come to exactly `size` bytes.
fn inflate(zlib: &mut Decompress, input: &[u8], size: u64, out: &mut Vec<u8>) -> Option<()> {
    if size > MAX_INFLATED {
        return None;
    }
    let size = usize::try_from(size).ok()?;
    zlib.reset(true);
    out.clear();
    out.reserve(size);
    let status = zlib
        .decompress_vec(input, out, FlushDecompress::Finish)
        .ok()?;
    (status == Status::StreamEnd && out.len() == size).then_some(())
}

/// How far back an offset delta's base is, and the length of that number
/// (git's encoding: big-endian groups of 7 bits, each continuation adding
/// one, so that every distance has one form).
fn base_distance(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut at = 0;
    let mut byte = *bytes.first()?;
    let mut distance = u64::from(byte & 0x7f);
    while byte & 0x80 != 0 {
        at += 1;
        byte = *bytes.get(at)?;
        distance = distance
            .checked_add(1)?
            .checked_mul(128)?
            .checked_add(u64::from(byte & 0x7f))?;
    }
    Some((distance, at + 1))
}

/// `base` with git's `delta` applied, into `out`; `None` if the delta is
/// not one for `base` or does not hold together.
fn apply_delta(base: &[u8], delta: &[u8], out: &mut Vec<u8>) -> Option<()> {
    let size = |at: &mut usize| -> Option<u64> {
        let mut value = 0u64;
        let mut shift = 0;
        loop {
            let byte = *delta.get(*at)?;
            *at += 1;
            if shift > 57 {
                return None;
            }
            value |= u64::from(byte & 0x7f) << shift;
            shift += 7;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
    };
    let mut at = 0;
    if size(&mut at)? != base.len() as u64 {
        return None;
    }
    let result = size(&mut at)?;
    if result > MAX_INFLATED {
        return None;
    }
    out.clear();
    out.reserve(result as usize);
    while at < delta.len() {
        let op = delta[at];
        at += 1;
        if op & 0x80 != 0 {
            // Copy from the base: which bytes of offset and size follow.
            let mut offset = 0usize;
            let mut len = 0usize;
            for bit in 0..4 {
                if op & (1 << bit) != 0 {
                    offset |= usize::from(*delta.get(at)?) << (8 * bit);
                    at += 1;
                }
            }
            for bit in 0..3 {
                if op & (0x10 << bit) != 0 {
                    len |= usize::from(*delta.get(at)?) << (8 * bit);
                    at += 1;
                }
            }
            if len == 0 {
                len = 0x10000;
            }
            out.extend_from_slice(base.get(offset..offset.checked_add(len)?)?);
        } else if op != 0 {
            out.extend_from_slice(delta.get(at..at + usize::from(op))?);
            at += usize::from(op);
        } else {
            return None;
        }
        if out.len() as u64 > result {
            return None;
        }
    }
    (out.len() as u64 == result).then_some(())
}

const COMMIT: u8 = 1;
const OFS_DELTA: u8 = 6;
const REF_DELTA: u8 = 7;

/// A pack entry's type, the size it inflates to and the length of its
/// header.
fn entry_header(entry: &[u8]) -> Option<(u8, u64, usize)> {
    let first = *entry.first()?;
    let kind = (first >> 4) & 7;
    let mut size = u64::from(first & 15);
    let mut shift = 4;
    let mut at = 1;
    let mut byte = first;
    while byte & 0x80 != 0 {
        byte = *entry.get(at)?;
        if shift > 57 {
            return None;
        }
        size |= u64::from(byte & 0x7f) << shift;
        shift += 7;
        at += 1;
    }
    Some((kind, size, at))
}

/// How many of `spans` (in pack order) are the run of commits git writes
/// first in every pack: found by halving, one byte read each time, on the
/// way git lays a pack out (commits and deltas on them, then trees, blobs
/// and tags) rather than by reading the whole run. A pack laid out
/// otherwise is only read less far ahead: whatever lies in the run is
/// checked entry by entry when it is read (`Inflater::commit`), and a
/// commit after it is read through libgit2. `None` if the pack cannot be
/// read.
fn leading_run(file: &File, spans: &[Span]) -> Option<usize> {
    let in_run = |span: &Span| -> Option<bool> {
        let mut first = [0u8];
        file.read_exact_at(&mut first, span.offset).ok()?;
        Some(matches!(
            (first[0] >> 4) & 7,
            COMMIT | OFS_DELTA | REF_DELTA
        ))
    };
    // The first entry not in the run lies in `low..high`.
    let (mut low, mut high) = (0, spans.len());
    while low < high {
        let middle = low + (high - low) / 2;
        if in_run(&spans[middle])? {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    Some(low)
}

/// Every object a version 2 pack index lists: (offset in the pack, id).
/// `None` unless the file is laid out exactly as git writes it.
fn objects_of(index: &[u8]) -> Option<Vec<(u64, Oid)>> {
    const FANOUT: usize = 8;
    const NAMES: usize = FANOUT + 256 * 4;
    let word = |at: usize| -> Option<u32> {
        Some(u32::from_be_bytes(index.get(at..at + 4)?.try_into().ok()?))
    };
    if index.get(..4)? != b"\xfftOc" || word(4)? != 2 {
        return None;
    }
    let count = word(NAMES - 4)? as usize;
    let offsets = NAMES.checked_add(count.checked_mul(24)?)?;
    let large = offsets.checked_add(count.checked_mul(4)?)?;
    let mut objects = Vec::with_capacity(count);
    let mut large_count = 0usize;
    for i in 0..count {
        let id = Oid::from_bytes(index.get(NAMES + 20 * i..NAMES + 20 * (i + 1))?).ok()?;
        let small = word(offsets + 4 * i)?;
        let offset = if small & 0x8000_0000 == 0 {
            u64::from(small)
        } else {
            let at = large.checked_add(8 * (small & 0x7fff_ffff) as usize)?;
            large_count = large_count.max((small & 0x7fff_ffff) as usize + 1);
            u64::from_be_bytes(index.get(at..at + 8)?.try_into().ok()?)
        };
        objects.push((offset, id));
    }
    // Then the pack's checksum and the index's own.
    (index.len() == large.checked_add(8 * large_count)?.checked_add(40)?).then_some(objects)
}

#[cfg(test)]
mod tests {
    use super::{apply_delta, base_distance, entry_header};

    #[test]
    fn deltas_are_applied_as_git_writes_them() {
        assert_eq!(base_distance(&[0x05]), Some((5, 1)));
        // 0x81 0x00: (1 + 1) * 128 + 0.
        assert_eq!(base_distance(&[0x81, 0x00]), Some((256, 2)));
        assert_eq!(base_distance(&[0x81]), None);
        let base = b"hello world";
        // From 11 bytes to 6: copy 5 from offset 6, then insert "!".
        let delta = [11, 6, 0x91, 6, 5, 1, b'!'];
        let mut out = Vec::new();
        assert_eq!(apply_delta(base, &delta, &mut out), Some(()));
        assert_eq!(out, b"world!");
        // Made for another base, copying past its end, a zero opcode, a
        // result of another size.
        for bad in [
            &[10, 6, 0x91, 6, 5, 1, b'!'][..],
            &[11, 6, 0x91, 7, 5, 1, b'!'],
            &[11, 6, 0x91, 6, 5, 0],
            &[11, 7, 0x91, 6, 5, 1, b'!'],
        ] {
            assert_eq!(apply_delta(base, bad, &mut out), None, "{bad:?}");
        }
    }

    #[test]
    fn entry_headers_are_read_as_git_writes_them() {
        // A commit of 11 bytes; a blob of 300 (0x12c): 0xbc = continue,
        // blob (3), low bits 0xc; then 0x12.
        assert_eq!(entry_header(&[0x1b, 0]), Some((1, 11, 1)));
        assert_eq!(entry_header(&[0xbc, 0x12, 0]), Some((3, 300, 2)));
        // Cut short, or a size that does not fit.
        assert_eq!(entry_header(&[0x9c]), None);
        assert_eq!(entry_header(&[0xff; 12]), None);
        assert_eq!(entry_header(&[]), None);
    }
}
