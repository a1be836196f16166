//! The review screen's own state (`ReviewScreen`): what is compared, the
//! comparison and the review records read for it, the outline and its
//! selection, the text's scroll, the comments pane, and `/` and `:`.
//! `App` holds it beside what every screen shares.

use std::sync::Arc;

use crate::core::review::DraftReview;
use crate::ops::compare::Range;

use super::super::job::Job;
use super::super::model::{Comparison, Loadable, OutlineRow, RowKey};

/// What the prompt in the footer asks for (`search`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// `/`: words in section titles and text.
    Search,
    /// `:`: a section's number path.
    Jump,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
}

/// Which pane of the review screen has the keys (`Tab`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    /// j/k move between sections.
    #[default]
    Outline,
    /// j/k scroll the section's text, g/G go to its top and end.
    Text,
}

pub struct ReviewScreen {
    pub draft: Option<String>,
    pub from: String,
    pub to: String,
    /// Since the fork (the default) or as they are.
    pub range: Range,
    pub comparison: Loadable<Arc<Comparison>>,
    /// Bumped on every new comparison asked for; older results are dropped.
    pub generation: u64,
    /// The review records of the draft at the "to" revision, folded.
    pub records: Loadable<Arc<DraftReview>>,
    /// What lint finds in the draft at the "to" revision, each with its
    /// dismissal (read with the records).
    pub findings: Arc<crate::ops::lint::Findings>,
    pub rows: Vec<OutlineRow>,
    pub selected: usize,
    /// The selected row's identity; `None` means "the first change" (a new
    /// draft or comparison starts there).
    pub selected_key: Option<RowKey>,
    pub outline_offset: usize,
    pub scroll: usize,
    /// The pane that has the keys; back to the outline on another section.
    pub focus: Pane,
    pub side_by_side: bool,
    /// The outline is hidden (`z`): the text takes the whole width.
    pub outline_hidden: bool,
    pub changed_only: bool,
    /// The comments pane is open (and has the keys).
    pub threads_open: bool,
    pub thread_cursor: usize,
    /// Extra rows scrolled in the comments pane or a reading overlay (J/K).
    pub pane_scroll: usize,
    /// The one-line prompt of `/` or `:` in the footer, while typed.
    pub prompt: Option<Prompt>,
    /// The words `/` looks for; n/N go from match to match while set.
    pub search: Option<String>,
}

impl Default for ReviewScreen {
    fn default() -> ReviewScreen {
        ReviewScreen {
            draft: None,
            from: String::new(),
            to: String::new(),
            range: Range::SinceFork,
            comparison: Loadable::Loading,
            generation: 0,
            records: Loadable::Loading,
            findings: Arc::default(),
            rows: Vec::new(),
            selected: 0,
            selected_key: None,
            outline_offset: 0,
            scroll: 0,
            focus: Pane::Outline,
            side_by_side: false,
            outline_hidden: false,
            changed_only: false,
            threads_open: false,
            thread_cursor: 0,
            pane_scroll: 0,
            prompt: None,
            search: None,
        }
    }
}

impl ReviewScreen {
    pub fn selected_row(&self) -> Option<OutlineRow> {
        self.rows.get(self.selected).copied()
    }

    /// Asks for a new comparison with the current draft and revisions.
    pub(crate) fn request_diff(&mut self) -> Vec<Job> {
        if self.draft.is_none() {
            return Vec::new();
        }
        self.comparison = Loadable::Loading;
        self.records = Loadable::Loading;
        self.refresh()
    }

    /// Reads the comparison and the review again, showing the current ones
    /// until the new arrive (no "loading" flash; selection and scroll kept).
    pub(crate) fn refresh(&mut self) -> Vec<Job> {
        let Some(draft) = self.draft.clone() else {
            return Vec::new();
        };
        self.generation += 1;
        vec![
            Job::Diff {
                generation: self.generation,
                draft: draft.clone(),
                from: self.from.clone(),
                to: self.to.clone(),
                range: self.range,
            },
            self.review_job(draft),
        ]
    }

    /// Asks for the review state again (after a record was written).
    pub(crate) fn review_job(&self, draft: String) -> Job {
        Job::Review {
            generation: self.generation,
            draft,
            rev: self.to.clone(),
        }
    }
}
