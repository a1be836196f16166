//! What `duyet status` shows of a draft's review and no more: each
//! section's state, the decisions it rests on and how many comments are
//! open — without the threads' texts, so it stays a few hundred bytes a
//! section however many records there are. The store keeps it as a cache
//! keyed by everything it is folded from (`store::reviews::summary`), so a
//! later `status` reads it instead of every record.

use serde::{Deserialize, Serialize};

use super::fold::fold_with;
use std::borrow::Borrow;

use super::{
    Decision, ReadWarning, ReviewRecord, SectionReview, SectionReviewOf, State, UnreadableRecord,
};
use crate::core::config::{Config, Requirement};
use crate::core::draft::{Draft, DraftIndex};

/// How many characters of a section's label the summary keeps (what the
/// status line shows).
pub const LABEL_CHARS: usize = 50;

/// A draft's review as `status` shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewSummary {
    pub sections: Vec<SectionSummary>,
    /// The parts that are not sections: only their comments.
    pub parts: Vec<PartSummary>,
    /// As `DraftReview::unreadable`.
    pub unreadable: Vec<UnreadableRecord>,
    /// As `DraftReview::warnings`. Never kept in the cache: a review read
    /// from a short history is not saved.
    #[serde(skip)]
    pub warnings: Vec<ReadWarning>,
}

/// One section's line of `status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionSummary {
    pub id: String,
    pub owner: String,
    /// Its number in the outline ("I.4"; empty for an unnumbered section).
    pub number: String,
    /// The first `LABEL_CHARS` characters of its label.
    pub label: String,
    pub state: State,
    /// As `SectionReview::decisions`.
    pub decisions: Vec<Decision>,
    pub missing: Vec<Requirement>,
    /// Open comment threads (`SectionReview::open_threads`).
    pub open_comments: usize,
    /// All threads, open or not.
    pub comments: usize,
}

/// A part's comments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartSummary {
    pub id: String,
    pub open_comments: usize,
    pub comments: usize,
}

impl ReviewSummary {
    /// The summary of `review`, the review of `draft`: what `fold` must
    /// give, which the tests check.
    #[cfg(test)]
    pub(crate) fn of(draft: &Draft, review: &super::DraftReview) -> ReviewSummary {
        let index = draft.index();
        ReviewSummary {
            sections: review
                .sections
                .iter()
                .map(|s| SectionSummary::of(&index, s.clone()))
                .collect(),
            parts: review.parts.iter().map(PartSummary::of).collect(),
            unreadable: review.unreadable.clone(),
            warnings: review.warnings.clone(),
        }
    }

    /// `fold` of `records` summarised section by section as each is folded:
    /// the same as `ReviewSummary::of` the fold, without ever holding every
    /// section's threads (all the records' texts, copied) at once.
    /// `unreadable` and `warnings` are the caller's to fill, as for `fold`.
    /// `parallel`: on two threads when there are many records (not when
    /// another thread is busy beside it).
    pub fn fold(
        records: &[ReviewRecord],
        path: &str,
        draft: &Draft,
        config: Option<&Config>,
        parallel: bool,
    ) -> ReviewSummary {
        let index = draft.index();
        let folded = fold_with(records, path, draft, config, parallel, &|s| {
            SectionSummary::of(&index, s)
        });
        ReviewSummary {
            sections: folded.sections,
            parts: folded.parts.iter().map(PartSummary::of).collect(),
            unreadable: Vec::new(),
            warnings: Vec::new(),
        }
    }

    pub fn approved_count(&self) -> usize {
        self.sections
            .iter()
            .filter(|s| s.state == State::Approved)
            .count()
    }

    /// Every decision it shows, for checking against git.
    pub fn decisions(&self) -> impl Iterator<Item = &Decision> {
        self.sections.iter().flat_map(|s| s.decisions.iter())
    }
}

impl SectionSummary {
    fn of<R: Borrow<ReviewRecord>>(
        index: &DraftIndex<'_>,
        s: SectionReviewOf<R>,
    ) -> SectionSummary {
        SectionSummary {
            number: index.number_path(&s.id),
            label: index
                .section(&s.id)
                .map(|sec| sec.label().chars().take(LABEL_CHARS).collect())
                .unwrap_or_default(),
            state: s.state,
            open_comments: s.open_threads(),
            comments: s.threads.len(),
            id: s.id,
            owner: s.owner,
            decisions: s.decisions,
            missing: s.missing,
        }
    }

    /// Counted, current approvals (as `SectionReview::approvals`).
    pub fn approvals(&self) -> impl Iterator<Item = &Decision> {
        self.decisions.iter().filter(|d| d.is_current_approval())
    }
}

impl PartSummary {
    fn of(p: &SectionReview) -> PartSummary {
        PartSummary {
            id: p.id.clone(),
            open_comments: p.open_threads(),
            comments: p.threads.len(),
        }
    }
}
