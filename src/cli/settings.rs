//! Each person's settings, outside any repository: the colour theme, for
//! now. Officers may share one Unix account (the forced-command deployment
//! of `docs/ssh.md`), so the settings are keyed by the person's e-mail, in
//! duyet's config folder (`$XDG_CONFIG_HOME/duyet/settings.yaml`, else
//! `~/.config/duyet/settings.yaml`):
//!
//! ```yaml
//! themes:
//!   hoa.lt@tanyen.example: light
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use super::CliError;
use crate::core::{Identity, yaml};
use crate::store::{Access, write_atomically};

/// Larger settings files are not read (they are a few lines).
const MAX_BYTES: u64 = 256 * 1024;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    #[serde(default)]
    themes: BTreeMap<String, String>,
}

/// Where the settings live; `None` without a home folder.
pub fn path() -> Option<PathBuf> {
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(config.join("duyet").join("settings.yaml"))
}

/// The settings as they are on disk (none when the file is missing,
/// unreadable or too large: settings never stop duyet from starting).
fn read() -> Settings {
    let Some(path) = path() else {
        return Settings::default();
    };
    let too_large = std::fs::metadata(&path).is_ok_and(|m| m.len() > MAX_BYTES);
    match std::fs::read_to_string(&path) {
        Ok(text) if !too_large => yaml::parse(&text).unwrap_or_default(),
        _ => Settings::default(),
    }
}

/// The theme `who` chose, if any.
pub fn theme_of(who: &Identity) -> Option<String> {
    read().themes.get(&who.email.to_lowercase()).cloned()
}

/// Keeps `theme` as `who`'s choice (`None`: back to the default).
pub fn set_theme(who: &Identity, theme: Option<&str>) -> Result<PathBuf, CliError> {
    let path = path().ok_or_else(|| CliError::Write {
        path: PathBuf::from("~/.config/duyet/settings.yaml"),
        source: std::io::Error::new(std::io::ErrorKind::NotFound, "no home folder"),
    })?;
    let mut settings = read();
    match theme {
        Some(t) => settings
            .themes
            .insert(who.email.to_lowercase(), t.to_owned()),
        None => settings.themes.remove(&who.email.to_lowercase()),
    };
    let mut text = String::from(
        "# duyet's settings, per person (several people may share this account).\nthemes:\n",
    );
    for (email, theme) in &settings.themes {
        text.push_str(&format!(
            "  {}: {}\n",
            yaml::scalar(email),
            yaml::scalar(theme)
        ));
    }
    write_atomically(&path, text.as_bytes(), Access::Umask).map_err(|source| CliError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}
