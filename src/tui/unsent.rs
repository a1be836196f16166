//! Text written in the editor but not yet sent is kept on disk, per person,
//! in `.git/duyet/unsent-<email>.json`, and rewritten whenever it changes — so
//! a dropped SSH connection (which may end the process at once) loses nothing.
//! The next session offers it again when the same editor is opened.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::app::{App, Msg, Overlay};
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

/// Everything unsent now: saved texts and what the open editor holds.
pub fn snapshot(app: &App) -> BTreeMap<String, String> {
    let mut all: BTreeMap<String, String> = app
        .unsent
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if let Overlay::Editor(e) = &app.overlay {
        let text = e.text();
        if !text.trim().is_empty() {
            all.insert(e.purpose_key(), text);
        }
    }
    all
}

pub fn load(file: &Path) -> BTreeMap<String, String> {
    std::fs::read(file)
        .ok()
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

/// Saves what is unsent now if it changed since the last try (`tried`):
/// the outcome, for `Msg::UnsentSaved`, or `None` when nothing changed. A
/// failed save is not tried again until the text changes, so a repository
/// that cannot be written costs one attempt per change, not one per frame.
pub fn keep(file: &Path, app: &App, tried: &mut BTreeMap<String, String>) -> Option<Msg> {
    let now = snapshot(app);
    if now == *tried {
        return None;
    }
    let saved = save(file, &now).map_err(|e| e.to_string());
    *tried = now;
    Some(Msg::UnsentSaved(saved))
}
