//! The review screen (ratatui + crossterm). The only module that draws.

use std::path::Path;

use crate::core::Identity;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    pub identity: Option<Identity>,
    pub lang: Lang,
}

#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    #[error("terminal: {0}")]
    Io(#[from] std::io::Error),
}

pub fn run(_repo: &Path, _options: Options) -> Result<(), TuiError> {
    Ok(())
}
