//! Reading files at a revision straight from the object database (no
//! checkout, no index): bytes, drafts (parsed once per blob), `duyet.yaml`,
//! the list of drafts.

use std::path::Path;

use git2::{ErrorCode, ObjectType, Oid};

use super::{CommitId, DRAFTS_DIR, FileId, Result, Store, StoreError, commit};
use crate::core::config::{CONFIG_PATH, Config};
use crate::core::{Draft, load_draft};

/// How many parsed drafts a `Store` keeps.
const PARSED_CACHE: usize = 6;

impl Store {
    /// The bytes of `path` at commit `at`, or `None` if it does not exist there.
    pub fn read_file(&self, at: CommitId, path: &str) -> Result<Option<Vec<u8>>> {
        let Some(entry) = entry_in(&self.tree_of(at.git())?, path)? else {
            return Ok(None);
        };
        match entry.to_object(&self.repo)?.into_blob() {
            Ok(blob) => Ok(Some(blob.content().to_vec())),
            Err(_) => Ok(None),
        }
    }

    /// Reads and checks the draft at `path` in revision `rev`.
    pub fn read_draft(&self, rev: &str, path: &str) -> Result<Draft> {
        let at = self.resolve(rev)?;
        self.read_draft_at(at, rev, path)
    }

    /// Reads a draft at a resolved commit; `rev` is only for messages.
    pub fn read_draft_at(&self, at: CommitId, rev: &str, path: &str) -> Result<Draft> {
        self.read_drafts_at(&[(at, rev)], path)
            .pop()
            .expect("one answer per revision asked")
    }

    /// `read_draft_at` for several commits at once: the files are read here
    /// (the repository is not shared between threads), then those not
    /// parsed before are parsed on as many threads as there are drafts —
    /// parsing is most of what a comparison costs, and a machine has more
    /// than one core. Each answer is what `read_draft_at` would give.
    pub fn read_drafts_at(&self, at: &[(CommitId, &str)], path: &str) -> Vec<Result<Draft>> {
        let mut answers: Vec<Option<Result<Draft>>> = Vec::with_capacity(at.len());
        // (answer's place, blob, label, bytes) of the drafts to parse.
        let mut to_parse: Vec<(usize, FileId, String, Vec<u8>)> = Vec::new();
        // (answer's place, place of the same blob's answer): read once.
        let mut same: Vec<(usize, usize)> = Vec::new();
        for (n, &(commit, rev)) in at.iter().enumerate() {
            let missing = || StoreError::NoSuchFile {
                path: path.to_owned(),
                rev: rev.to_owned(),
            };
            let blob = match self.file_id(commit, path) {
                Ok(Some(blob)) => blob,
                Ok(None) => {
                    answers.push(Some(Err(missing())));
                    continue;
                }
                Err(e) => {
                    answers.push(Some(Err(e)));
                    continue;
                }
            };
            if let Some((_, d)) = self.parsed.borrow().iter().find(|(id, _)| *id == blob) {
                answers.push(Some(Ok(d.clone())));
                continue;
            }
            // Kept parsed by an earlier process: the blob is not even read.
            if let Some(d) = self.kept_draft(blob) {
                self.remember_parsed(blob, &d);
                answers.push(Some(Ok(d)));
                continue;
            }
            if let Some((first, ..)) = to_parse.iter().find(|(_, b, ..)| *b == blob) {
                same.push((n, *first));
                answers.push(None);
                continue;
            }
            match self.read_file(commit, path) {
                Ok(Some(bytes)) => {
                    to_parse.push((n, blob, format!("{path} ({rev})"), bytes));
                    answers.push(None);
                }
                Ok(None) => answers.push(Some(Err(missing()))),
                Err(e) => answers.push(Some(Err(e))),
            }
        }
        let parse = |label: &str, bytes: &[u8]| load_draft(label, bytes).map_err(StoreError::from);
        let parsed: Vec<(usize, FileId, Result<Draft>)> = if to_parse.len() < 2 {
            // One draft: no thread to start.
            to_parse
                .into_iter()
                .map(|(n, blob, label, bytes)| (n, blob, parse(&label, &bytes)))
                .collect()
        } else {
            std::thread::scope(|scope| {
                let handles: Vec<_> = to_parse
                    .into_iter()
                    .map(|(n, blob, label, bytes)| {
                        (n, blob, scope.spawn(move || parse(&label, &bytes)))
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|(n, blob, handle)| match handle.join() {
                        Ok(result) => (n, blob, result),
                        Err(panic) => std::panic::resume_unwind(panic),
                    })
                    .collect()
            })
        };
        for (n, blob, result) in parsed {
            if let Ok(draft) = &result {
                self.remember_parsed(blob, draft);
                self.keep_draft(blob, draft);
            }
            answers[n] = Some(result);
        }
        for (n, first) in same {
            answers[n] = match &answers[first] {
                Some(Ok(draft)) => Some(Ok(draft.clone())),
                // Its error again, as read for this revision.
                _ => Some(self.read_draft_at(at[n].0, at[n].1, path)),
            };
        }
        answers
            .into_iter()
            .map(|a| a.expect("every revision answered"))
            .collect()
    }

    /// Keeps `draft`, parsed from `blob`, among the last few in memory.
    fn remember_parsed(&self, blob: FileId, draft: &Draft) {
        let mut cache = self.parsed.borrow_mut();
        if cache.len() >= PARSED_CACHE {
            cache.remove(0);
        }
        cache.push((blob, draft.clone()));
    }

    /// The id of the blob at `path` in commit `at` (equal ids: equal files).
    pub fn file_id(&self, at: CommitId, path: &str) -> Result<Option<FileId>> {
        Ok(entry_in(&self.tree_of(at.git())?, path)?.map(|e| FileId::from_git(e.id())))
    }

    /// `duyet.yaml` as `rev` has it; `Ok(None)` when the repository has none.
    pub fn read_config(&self, rev: &str) -> Result<Option<Config>> {
        let at = match self.resolve(rev) {
            Ok(at) => at,
            Err(StoreError::UnknownRevision { .. }) => return Ok(None),
            Err(e) => return Err(e),
        };
        match self.read_file(at, CONFIG_PATH)? {
            None => Ok(None),
            Some(bytes) => Ok(Some(Config::load(
                &format!("{CONFIG_PATH} ({rev})"),
                &bytes,
            )?)),
        }
    }

    /// The draft files (`drafts/*.yaml`) at `rev`, sorted by path.
    pub fn drafts(&self, rev: &str) -> Result<Vec<String>> {
        let at = self.resolve(rev)?;
        let tree = self.tree_of(at.git())?;
        let Ok(entry) = tree.get_path(Path::new(DRAFTS_DIR)) else {
            return Ok(Vec::new());
        };
        let Ok(dir) = entry.to_object(&self.repo)?.into_tree() else {
            return Ok(Vec::new());
        };
        let mut out: Vec<String> = dir
            .iter()
            .filter(|e| e.kind() == Some(ObjectType::Blob))
            .filter_map(|e| e.name().ok().map(str::to_owned))
            .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
            .map(|n| format!("{DRAFTS_DIR}/{n}"))
            .collect();
        out.sort();
        Ok(out)
    }

    /// The tree of commit `id`: libgit2's, or — for a commit libgit2 cannot
    /// parse (a malformed author) — the one its header names.
    pub(super) fn tree_of(&self, id: Oid) -> Result<git2::Tree<'_>> {
        match self.repo.find_commit(id) {
            Ok(c) => Ok(c.tree()?),
            Err(e) if e.code() == ErrorCode::NotFound => Err(e.into()),
            Err(e) => {
                let tree = self
                    .repo
                    .odb()?
                    .read(id)
                    .ok()
                    .filter(|o| o.kind() == ObjectType::Commit)
                    .and_then(|o| commit::parse(o.data()).tree);
                match tree {
                    Some(tree) => Ok(self.repo.find_tree(tree)?),
                    None => Err(e.into()),
                }
            }
        }
    }
}

/// The tree entry at `path` in a commit's tree; `None` when there is none.
fn entry_in(tree: &git2::Tree<'_>, path: &str) -> Result<Option<git2::TreeEntry<'static>>> {
    match tree.get_path(Path::new(path)) {
        Ok(e) => Ok(Some(e)),
        Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The blob id at `path` in a commit's tree (for "did this commit change it?").
pub(super) fn blob_id(tree: &git2::Tree<'_>, path: &str) -> Option<Oid> {
    entry_in(tree, path).ok().flatten().map(|e| e.id())
}
