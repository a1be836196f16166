//! Why a job that writes failed, kept typed on its way from the worker to
//! the screen, so the screen can tell "someone wrote first: try again" from
//! "you may not". Each is put into words, in the person's language, by
//! `i18n::errors` (as on the command line, without the command-line hints).

use std::sync::Arc;

use crate::core::policy::Refusal;
use crate::i18n::errors::{self, Where};
use crate::ops::OpsError;
use crate::store::StoreError;

use crate::i18n::Lang;

#[derive(Debug, Clone)]
pub enum Failure {
    /// A rule of `core::policy` refuses it; nothing was written.
    NotAllowed(Refusal),
    /// Someone else wrote first (a record, the department's branch, `main`);
    /// nothing was written, and the screen refreshes so it can be tried again.
    Moved,
    /// Anything else, as the library gave it.
    Other(Arc<OpsError>),
}

impl PartialEq for Failure {
    fn eq(&self, other: &Failure) -> bool {
        match (self, other) {
            (Failure::NotAllowed(a), Failure::NotAllowed(b)) => a == b,
            (Failure::Moved, Failure::Moved) => true,
            (Failure::Other(a), Failure::Other(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Eq for Failure {}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::from(OpsError::Store(e))
    }
}

impl From<OpsError> for Failure {
    fn from(e: OpsError) -> Self {
        match e {
            OpsError::NotAllowed(refusal) => Failure::NotAllowed(refusal),
            OpsError::MainMoved | OpsError::Store(StoreError::Moved { .. }) => Failure::Moved,
            other => Failure::Other(Arc::new(other)),
        }
    }
}

impl Failure {
    /// What the screen says in its footer ("Lỗi: …" before anything else).
    pub fn say(&self, lang: Lang) -> String {
        match self {
            Failure::Other(_) => format!("{}: {}", lang.t().error, self.text(lang)),
            _ => self.text(lang),
        }
    }

    /// What went wrong and what to do, without a heading (for a pane that
    /// has its own, as a list that could not be read).
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Failure::NotAllowed(refusal) => errors::refusal(refusal, lang, Where::Screen),
            Failure::Moved => lang.t().moved_retry.to_owned(),
            Failure::Other(e) => {
                let said = errors::ops(e, lang, Where::Screen);
                let mut text = said.message;
                for hint in &said.hints {
                    // A hint is a sentence of its own on the screen.
                    let mut chars = hint.chars();
                    text.push_str(". ");
                    text.extend(chars.next().into_iter().flat_map(char::to_uppercase));
                    text.push_str(chars.as_str());
                }
                text
            }
        }
    }
}
