//! Text written in the editor but not yet sent is kept on disk, per person,
//! in `.git/duyet/unsent-<email>.json`, and rewritten whenever it changes — so
//! a dropped SSH connection (which may end the process at once) loses nothing.
//! The next session offers it again when the same editor is opened. When
//! to read and write is `update`'s to say (`Effect::LoadUnsent`,
//! `Effect::SaveUnsent`); this is only the disk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::store::{Access, write_atomically};

/// Where a person's unsent text is kept.
pub fn path(git_dir: &Path, email: &str) -> PathBuf {
    let safe: String = email
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '@' {
                c
            } else {
                '_'
            }
        })
        .collect();
    git_dir.join("duyet").join(format!("unsent-{safe}.json"))
}

pub fn load(file: &Path) -> BTreeMap<String, String> {
    // (What one person typed and has not sent: far less than this.)
    const MAX_UNSENT_BYTES: u64 = 64 << 20;
    crate::store::read_regular(file, MAX_UNSENT_BYTES)
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// Writes the texts (or removes the file when there are none), readable by
/// the user alone, atomically: a crash mid-write leaves the old file.
pub fn save(file: &Path, texts: &BTreeMap<String, String>) -> std::io::Result<()> {
    if texts.is_empty() {
        return match std::fs::remove_file(file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    }
    let bytes = serde_json::to_vec_pretty(texts).map_err(std::io::Error::other)?;
    write_atomically(file, &bytes, Access::Private)
}

/// The person's unsent-text file as the event loop keeps it: named once
/// `update` says who is writing (`Effect::LoadUnsent`), then rewritten on
/// each `Effect::SaveUnsent`.
#[derive(Debug, Default)]
pub struct Keeper {
    git_dir: Option<PathBuf>,
    file: Option<PathBuf>,
}

impl Keeper {
    /// Keeps unsent text under `git_dir` (nowhere without a repository).
    pub fn new(git_dir: Option<PathBuf>) -> Keeper {
        Keeper {
            git_dir,
            file: None,
        }
    }

    /// Reads what `email` left unsent, and names the file to save to.
    pub fn load(&mut self, email: &str) -> BTreeMap<String, String> {
        let Some(dir) = &self.git_dir else {
            return BTreeMap::new();
        };
        let file = path(dir, email);
        let texts = load(&file);
        self.file = Some(file);
        texts
    }

    /// Saves `texts` (nothing before `load` named the file).
    pub fn save(&self, texts: &BTreeMap<String, String>) -> Result<(), String> {
        match &self.file {
            Some(file) => save(file, texts).map_err(|e| e.to_string()),
            None => Ok(()),
        }
    }
}
