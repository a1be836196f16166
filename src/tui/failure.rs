//! Why a job that writes failed, kept typed on its way from the worker to
//! the screen, so the screen can tell "someone wrote first: try again" from
//! "you may not" and say each in the person's language. What the library
//! says of anything else (a file and line in a draft, say) is shown as it is.

use crate::core::policy::Refusal;
use crate::ops::OpsError;
use crate::store::StoreError;

use super::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// A rule of `core::policy` refuses it; nothing was written.
    NotAllowed(Refusal),
    /// Someone else wrote first (a record, the department's branch, `main`);
    /// nothing was written, and the screen refreshes so it can be tried again.
    Moved,
    /// Anything else, in the library's words.
    Other(String),
}

impl From<OpsError> for Failure {
    fn from(e: OpsError) -> Self {
        match e {
            OpsError::NotAllowed(refusal) => Failure::NotAllowed(refusal),
            OpsError::MainMoved | OpsError::Store(StoreError::Moved { .. }) => Failure::Moved,
            other => Failure::Other(other.to_string()),
        }
    }
}

impl Failure {
    /// What the screen says.
    pub fn say(&self, lang: Lang) -> String {
        match self {
            Failure::NotAllowed(refusal) => super::review::refusal_text(lang, refusal),
            Failure::Moved => lang.t().moved_retry.to_owned(),
            Failure::Other(detail) => format!("{}: {detail}", lang.t().error),
        }
    }
}
