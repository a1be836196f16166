//! The pure model: drafts, loading and checking them, comparing revisions.
//! No terminal, no git, no file system: every function here is a function of
//! its arguments, so lint and export can be built on it later.

pub mod config;
pub mod diff;
pub mod draft;
pub mod identity;
pub mod load;
pub mod merge;
pub mod policy;
pub mod review;
pub mod text;
pub mod yaml;

pub use diff::{DraftDiff, SectionDiff, Segment, Status, WordDiff, diff_drafts, word_diff};
pub use draft::{Draft, DraftIndex, Footnote, Part, Section, Signature};
pub use identity::{Identity, IdentityError, Moment};
pub use load::{Diagnostic, LoadError, load_draft};
