//! The pure model: drafts, loading and checking them, comparing revisions,
//! merging them, the rules about people and the review state records add up
//! to. No terminal, no git, no file system: every function here is a
//! function of its arguments, so lint and export can be built on it.
//!
//! Where each concern lives:
//! - `draft.rs` — the report model (`Draft`, `Section`, footnotes, `Part`).
//! - `load.rs` — bytes → a checked draft, every problem with file:line:col.
//! - `problem.rs` — what a problem in a file is (`Problem`, typed; English
//!   `Display`), said in the person's language by `i18n::errors::problem`.
//! - `yaml/` — the only code that names the YAML library, and the shape
//!   check that runs before it.
//! - `config.rs` — `duyet.yaml`: departments, people, approval policy.
//! - `identity.rs` — who is acting, and what an identity must pass.
//! - `policy.rs` — who may comment, decide, resolve, edit, merge; the typed
//!   `Refusal`.
//! - `diff.rs` — two revisions section by section, word diffs.
//! - `merge.rs` — the three-way merge plan and the office's decisions.
//! - `review/` — review records, their hash binding, the fold into
//!   per-section state, "Việc của tôi".
//! - `signature.rs` — what a commit's SSH signature proves (which key).
//! - `text.rs` — NFC, the one sanitiser for the terminal, word tokens.

pub mod config;
pub mod diff;
pub mod draft;
pub mod identity;
pub mod lint;
pub mod load;
pub mod merge;
pub mod policy;
pub mod problem;
pub mod review;
pub mod signature;
pub mod text;
pub mod yaml;

pub use diff::{DraftDiff, SectionDiff, Segment, Status, WordDiff, diff_drafts, word_diff};
pub use draft::{Draft, DraftIndex, Footnote, Part, Section, Signature};
pub use identity::{Identity, IdentityError, Moment};
pub use load::{Diagnostic, LoadError, load_draft};
pub use problem::Problem;
