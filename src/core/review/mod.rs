//! Review records — comments, replies, resolutions, approvals and change
//! requests — and the review state they add up to.
//!
//! A record is the message of one commit on `refs/duyet/reviews`: a summary
//! line, the text, then git trailers with ASCII keys (see `docs/reviews.md`).
//! This module formats and parses those messages and folds a list of records
//! into a per-section state. It never stores state: the state is recomputed
//! from the records, so it can never disagree with `git log`.
//!
//! Where each concern lives: `record.rs` the message format (trailers,
//! `NewRecord`, `ReviewRecord::read`, unreadable records and short
//! histories); `hash.rs` what an approval is bound to; `fold.rs` records →
//! per-section state and threads; `summary.rs` what `status` shows of it; `work.rs` "Việc của tôi".

pub use super::draft::Part;

mod fold;
mod hash;
mod record;
mod summary;
mod work;

pub use fold::*;
pub use hash::*;
pub use record::*;
pub use summary::*;
pub use work::*;
