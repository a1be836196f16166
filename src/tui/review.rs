//! What a review is made of on the screen, as data: what the editor is
//! writing (`Purpose`), the writes the worker makes (`Write`), the question
//! asked before a write (`ConfirmWrite`, `Buttons`), and a refusal of
//! `core::policy` in the screen's words. The review screen's keys are
//! `update::review`; the editor is `editor`.

use crate::core::policy::Refusal;

use super::keys::Action;
use crate::i18n::Lang;

/// What the editor is writing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    Comment {
        draft: String,
        section: String,
        rev: String,
        heading: String,
    },
    RequestChanges {
        draft: String,
        section: String,
        rev: String,
        heading: String,
    },
    Reply {
        record: String,
        author: String,
    },
    Edit {
        draft: String,
        section: String,
        heading: String,
        branch: String,
    },
    /// The office's own merged text of a section on the merge board.
    MergeEdit {
        section: String,
        heading: String,
    },
    /// A lint finding set aside: the text is the reason.
    Dismiss {
        draft: String,
        rev: String,
        key: String,
        /// What the finding says.
        heading: String,
    },
}

impl Purpose {
    /// Identifies the unsent text that belongs to this purpose.
    pub fn key(&self) -> String {
        match self {
            Purpose::Comment { draft, section, .. } => format!("comment {draft} {section}"),
            Purpose::RequestChanges { draft, section, .. } => format!("request {draft} {section}"),
            Purpose::Reply { record, .. } => format!("reply {record}"),
            Purpose::Edit { draft, section, .. } => format!("edit {draft} {section}"),
            Purpose::MergeEdit { section, .. } => format!("merge {section}"),
            Purpose::Dismiss { draft, key, .. } => format!("dismiss {draft} {key}"),
        }
    }
}

/// The two buttons of a question asked before a write (approve, withdraw,
/// merge). "No" has the focus until the person moves it (Tab, ←/→, h/l),
/// and only Enter on "yes" answers yes: no single stray key, and no paste,
/// writes anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Buttons {
    pub yes: bool,
}

/// What a key did to a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Still asking (the focus may have moved).
    Asking,
    Yes,
    No,
}

impl Buttons {
    pub fn press(&mut self, action: Action) -> Answer {
        match action {
            Action::SwitchSide => self.yes = !self.yes,
            Action::Expand => self.yes = true,
            Action::Collapse => self.yes = false,
            Action::Confirm if self.yes => return Answer::Yes,
            Action::Confirm | Action::Cancel => return Answer::No,
            _ => {}
        }
        Answer::Asking
    }
}

/// "Approve this section?" or "Withdraw my decision?", with what exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmWrite {
    pub draft: String,
    pub section: String,
    pub rev: String,
    pub heading: String,
    /// `Approve`, or `Withdraw` of the decision `withdrawing` names.
    pub action: crate::core::review::Action,
    /// For a withdraw: the decision taken back (approve or request-changes).
    pub withdrawing: Option<crate::core::review::Action>,
    pub buttons: Buttons,
}

/// A write for the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Write {
    Comment {
        draft: String,
        section: String,
        rev: String,
        text: String,
    },
    RequestChanges {
        draft: String,
        section: String,
        rev: String,
        text: String,
    },
    Approve {
        draft: String,
        section: String,
        rev: String,
    },
    Reply {
        record: String,
        text: String,
    },
    Resolve {
        record: String,
    },
    Withdraw {
        draft: String,
        section: String,
    },
    Edit {
        draft: String,
        section: String,
        title: Option<String>,
        body: String,
        /// The revision's commit message; `None` for the default.
        message: Option<String>,
    },
    Dismiss {
        draft: String,
        rev: String,
        key: String,
        text: String,
    },
}

impl Write {
    pub fn kind(&self) -> WriteKind {
        match self {
            Write::Comment { .. } => WriteKind::Comment,
            Write::RequestChanges { .. } => WriteKind::RequestChanges,
            Write::Approve { .. } => WriteKind::Approve,
            Write::Reply { .. } => WriteKind::Reply,
            Write::Resolve { .. } => WriteKind::Resolve,
            Write::Withdraw { .. } => WriteKind::Withdraw,
            Write::Edit { .. } => WriteKind::Edit,
            Write::Dismiss { .. } => WriteKind::Dismiss,
        }
    }
}

/// What was written, for the message afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteKind {
    Comment,
    RequestChanges,
    Approve,
    Reply,
    Resolve,
    Withdraw,
    Edit,
    Dismiss,
}

pub use crate::ops::edit::EditSource;

/// A refusal of `core::policy` in the screen's words (the one mapping in
/// `i18n::errors`).
pub fn refusal_text(lang: Lang, refusal: &Refusal) -> String {
    crate::i18n::errors::refusal(refusal, lang, crate::i18n::errors::Where::Screen)
}
