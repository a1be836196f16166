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
//! size its header states and hash to the id the index gives it. A
//! deltified commit, one in a pack this cannot read, a loose one, or one
//! that fails either check is simply not given; whoever asked reads it
//! through libgit2 as before, which also reports what is wrong with it.
//! Nothing here is believed without that check, so a damaged or hostile
//! pack can only make the reading slower, never different.

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

/// The commits at the start of one pack, in the order they lie in it.
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
        let commits = leading_run(&file, &spans)?;
        Some(PackCommits { file, commits })
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
                if let Some(data) = inflater.commit(&block[from..to], span.id) {
                    each(at_batch + i, span.id, data);
                }
            }
        }
    }
}

/// A zlib state and an output buffer, kept from one object to the next.
pub(in crate::store) struct Inflater {
    zlib: Decompress,
    out: Vec<u8>,
}

impl Default for Inflater {
    fn default() -> Inflater {
        Inflater {
            zlib: Decompress::new(true),
            out: Vec::new(),
        }
    }
}

impl Inflater {
    /// The bytes of the commit whose pack entry is `entry`, if it is one
    /// (not a delta), inflates to the size it states and hashes to `id`.
    fn commit(&mut self, entry: &[u8], id: Oid) -> Option<&[u8]> {
        let (kind, size, header) = entry_header(entry)?;
        if kind != COMMIT || size > MAX_INFLATED {
            return None;
        }
        let size = usize::try_from(size).ok()?;
        self.zlib.reset(true);
        self.out.clear();
        self.out.reserve(size);
        let status = self
            .zlib
            .decompress_vec(&entry[header..], &mut self.out, FlushDecompress::Finish)
            .ok()?;
        if status != Status::StreamEnd || self.out.len() != size {
            return None;
        }
        let mut hash = Sha1::new();
        hash.update(format!("commit {size}\0").as_bytes());
        hash.update(&self.out);
        (hash.finalize().as_slice() == id.as_bytes()).then_some(&self.out[..])
    }
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

/// The commits before the first object of another kind (a tree, a blob or
/// a tag; deltas are passed over, they may be commits), in pack order: git
/// writes every commit of a pack first. `None` if the pack cannot be read.
fn leading_run(file: &File, spans: &[Span]) -> Option<Vec<Span>> {
    let mut commits = Vec::new();
    let mut block = Vec::new();
    let mut block_start = 0u64;
    for span in spans {
        let inside = span.offset >= block_start && span.offset < block_start + block.len() as u64;
        if !inside {
            let end = spans.last().map_or(span.offset, |s| s.end);
            let len = (end - span.offset).min(BLOCK_BYTES);
            block.resize(len as usize, 0);
            file.read_exact_at(&mut block, span.offset).ok()?;
            block_start = span.offset;
        }
        let kind = (block[(span.offset - block_start) as usize] >> 4) & 7;
        match kind {
            COMMIT => commits.push(*span),
            OFS_DELTA | REF_DELTA => {}
            _ => break,
        }
    }
    Some(commits)
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
    use super::entry_header;

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
