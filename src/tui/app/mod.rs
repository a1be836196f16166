//! The screen's state (`App`): what every screen shares (language, size,
//! the repository, the overlay open, the footer's message, `--restricted`,
//! unsent texts), and each screen's own state beside it: the review
//! screen's (`ReviewScreen`, in `review.rs`), the picker's and the drafts
//! list's (`picker::PickerState`, `picker::DraftsState`), the merge board's
//! (`board::BoardState`) and the editor's (`Overlay::Editor`); and `Msg`,
//! what comes in. Reading helpers the view and `update` share live here
//! (`mode`, `geometry`, `content`, `picker_rows`, `work_items`); how a
//! message changes the state is `update`, how it is drawn is `view`.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::core::Identity;
use crate::core::Part;
use crate::core::config::Config;

use super::board;
use super::content;
use super::editor::Editor;
use super::keys::{Action, Mode, Offer};
use super::picker;
use super::review::ConfirmWrite;
use crate::i18n::Lang;

pub use super::job::{Job, WorkerEvent};
mod review;
pub use review::{Pane, Prompt, PromptKind, ReviewScreen};

pub use super::model::{
    Comparison, DepartmentVersion, Loadable, OutlineRow, RepoInfo, RowKey, marker, section_marker,
};
pub use super::picker::{DraftsState, PickerRow, PickerState, Side};

/// Below this the screen says it is too small instead of drawing.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

#[derive(Debug, Clone)]
pub enum Overlay {
    None,
    /// The key table's help, opened from `from` over `under` (shown again
    /// when the help closes).
    Help {
        scroll: usize,
        from: Mode,
        under: Box<Overlay>,
    },
    /// The compare picker (its state is `App::picker`).
    Compare,
    /// The drafts list (its state is `App::drafts`).
    Drafts,
    /// Writing a comment, reply, change request or section text.
    Editor(Box<Editor>),
    /// "Approve this section?", "Withdraw my decision?"
    Confirm(ConfirmWrite),
    /// "Việc của tôi".
    MyWork {
        cursor: usize,
    },
    /// "Kiểm tra": the draft's lint findings (`App::check_items`).
    Check {
        cursor: usize,
    },
    /// The selected section between the content I approved and now.
    Since(Loadable<Arc<Comparison>>),
    /// The merge board (its state is `App::board`, which outlives the editor).
    Board,
    /// The selected section in every department branch.
    AllDepartments(Loadable<Arc<Vec<DepartmentVersion>>>),
}

#[derive(Debug)]
pub enum Msg {
    Key(Action),
    /// A key that came with others at once, faster than anyone types (a
    /// paste into a terminal without bracketed paste, a stuck key): it may
    /// move around, never answer a question or start a write.
    Burst(Action),
    /// The unsent text was written to disk, or could not be (why).
    UnsentSaved(Result<(), String>),
    /// The person's unsent text as kept on disk (`Effect::LoadUnsent`).
    UnsentLoaded(BTreeMap<String, String>),
    /// Text pasted (bracketed paste): goes into the editor, if one is open.
    Paste(String),
    /// Someone (or this person elsewhere) changed the repository.
    RefsMoved(super::watch::RefsMoved),
    /// A key typed while the editor is open: text, not a command.
    Text(crossterm::event::KeyEvent),
    /// The editor's text, replaced (after editing it in $EDITOR).
    ReplaceText(String),
    Resize(u16, u16),
    /// The wheel or a click (only while `App::mouse` is on).
    Mouse(crossterm::event::MouseEvent),
    Worker(WorkerEvent),
}

pub struct App {
    pub lang: Lang,
    pub size: (u16, u16),
    pub repo: Loadable<RepoInfo>,
    /// The review screen: what is compared, the outline and the text.
    pub review: ReviewScreen,
    /// The compare picker (`r`), kept while closed.
    pub picker: PickerState,
    /// The drafts list (`d`), kept while closed.
    pub drafts: DraftsState,
    pub overlay: Overlay,
    /// Text written but not sent, per editor purpose: closing the editor
    /// or a failed write never loses it.
    pub unsent: HashMap<String, String>,
    /// Why the unsent text could not be kept on disk the last time it
    /// changed (a read-only repository): shown until a save succeeds, since
    /// a dropped connection would lose it.
    pub unsent_not_saved: Option<String>,
    /// What was last asked to be kept on disk (`Effect::SaveUnsent`), once
    /// the person's file has been read; `None` before (nothing is saved
    /// before the texts kept from an earlier session are known).
    pub unsent_kept: Option<BTreeMap<String, String>>,
    /// A write is on its way to git.
    pub writing: bool,
    /// The merge board, while it is open.
    pub board: Option<Box<board::BoardState>>,
    pub message: Option<String>,
    /// `--restricted`: no external editor (the help and footer leave it out).
    pub restricted: bool,
    /// Where the windows over the screen were when they closed.
    pub kept: Kept,
    /// The terminal reports the mouse (`M`; off at first, since it takes
    /// the terminal's own text selection away).
    pub mouse: bool,
    pub quit: bool,
}

/// Which reading window (`u`, `o`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    Since,
    AllDepartments,
}

/// Where the windows over the review screen were when they last closed, so
/// each opens again there as long as what it lists is the same (the
/// picker's and the drafts list's own states keep theirs).
#[derive(Debug, Clone, Default)]
pub struct Kept {
    /// "Việc của tôi": its items and the cursor.
    pub my_work: Option<(Vec<crate::core::review::WorkItem>, usize)>,
    /// The help: opened from which mode, at which size, and its scroll.
    pub help: Option<(Mode, (u16, u16), usize)>,
    /// A reading window: which, of which (draft, section), and its scroll.
    pub reading: Option<(Reading, String, String, usize)>,
    /// The merge board's list: the branch selected.
    pub board_branch: Option<String>,
}

/// Sizes derived from the terminal size; the view lays out the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    pub outline_width: u16,
    /// Rows inside the outline frame.
    pub body_height: u16,
    /// Rows inside the diff frame (less when the comments pane is open).
    pub diff_height: u16,
    /// Rows of the comments frame, borders included (0 when closed).
    pub threads_height: u16,
    /// Columns of text in the diff frame.
    pub diff_width: u16,
}

impl Geometry {
    pub fn of((w, h): (u16, u16), threads_open: bool) -> Geometry {
        let outline_width = (w * 3 / 8).clamp(24, 40);
        let body = h.saturating_sub(2);
        let threads_height = if threads_open { body * 9 / 20 } else { 0 };
        Geometry {
            outline_width,
            body_height: body.saturating_sub(2),
            diff_height: body.saturating_sub(threads_height).saturating_sub(2),
            threads_height,
            // Outline and diff frames (2 borders each), one column of margin
            // on each side of the text.
            diff_width: w.saturating_sub(outline_width + 2 + 2 + 2),
        }
    }
}

impl App {
    pub fn new(lang: Lang, size: (u16, u16)) -> App {
        App {
            lang,
            size,
            repo: Loadable::Loading,
            review: ReviewScreen::default(),
            picker: PickerState::default(),
            drafts: DraftsState::default(),
            overlay: Overlay::None,
            unsent: HashMap::new(),
            unsent_not_saved: None,
            unsent_kept: None,
            writing: false,
            board: None,
            message: None,
            restricted: false,
            mouse: false,
            kept: Kept::default(),
            quit: false,
        }
    }

    pub fn geometry(&self) -> Geometry {
        let g = Geometry::of(self.size, self.review.threads_open);
        if self.review.outline_hidden {
            // The diff frame alone: its 2 borders and a column of margin
            // on each side.
            Geometry {
                outline_width: 0,
                diff_width: self.size.0.saturating_sub(2 + 2),
                ..g
            }
        } else {
            g
        }
    }

    /// The person using the screen, if known.
    pub fn me(&self) -> Option<&Identity> {
        self.repo.ready().and_then(|r| r.identity.as_ref())
    }

    pub fn config(&self) -> Option<&Config> {
        self.repo.ready().and_then(|r| r.config.as_ref())
    }

    /// The review of the selected section, once loaded.
    /// The review of the selected row: a section's, or a part's comments.
    pub fn selected_review(&self) -> Option<&crate::core::review::SectionReview> {
        let review = self.review.records.ready()?;
        match self.selected_row()? {
            OutlineRow::Section(i) => {
                review.section(&self.review.comparison.ready()?.diff.sections[i].id)
            }
            OutlineRow::Part(p) => review.part(p),
        }
    }

    /// The id of the selected section (not the preamble or closing).
    pub fn selected_section_id(&self) -> Option<&str> {
        match self.selected_row()? {
            OutlineRow::Section(i) => {
                Some(self.review.comparison.ready()?.diff.sections[i].id.as_str())
            }
            _ => None,
        }
    }

    /// Whether the terminal is too small to draw the screen (keys but quit
    /// do nothing then).
    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// What the screen is doing, which decides what a key means (see
    /// `keys::BINDINGS`).
    pub fn mode(&self) -> Mode {
        if self.too_small() {
            return Mode::TooSmall;
        }
        match &self.overlay {
            Overlay::None if self.review.prompt.is_some() => {
                match self.review.prompt.as_ref().map(|p| p.kind) {
                    Some(PromptKind::Jump) => Mode::Jump,
                    _ => Mode::Search,
                }
            }
            Overlay::None if self.review.threads_open => Mode::Threads,
            Overlay::None if self.review.focus == Pane::Text => Mode::Text,
            Overlay::None => Mode::Review,
            Overlay::Help { .. } => Mode::Help,
            Overlay::Compare => Mode::Picker,
            Overlay::Drafts => Mode::Drafts,
            Overlay::Editor(_) => Mode::Editor,
            Overlay::Confirm(_) => Mode::Confirm,
            Overlay::MyWork { .. } => Mode::MyWork,
            Overlay::Check { .. } => Mode::Check,
            Overlay::Since(_) | Overlay::AllDepartments(_) => Mode::Reading,
            Overlay::Board => match self.board.as_deref() {
                Some(board::BoardState::Branches {
                    reading: Some(_), ..
                }) => Mode::Reading,
                Some(board::BoardState::Plan(p)) if p.confirming.is_some() => Mode::Confirm,
                Some(board::BoardState::Plan(_)) => Mode::BoardPlan,
                _ => Mode::BoardList,
            },
        }
    }

    /// What the key table offers here beyond the mode.
    pub fn offer(&self) -> Offer {
        Offer {
            fields: matches!(&self.overlay, Overlay::Editor(e) if e.title.is_some()),
            restricted: self.restricted,
            searching: false,
        }
    }

    /// Opens the help over what is open, on the keys of the current mode.
    pub(super) fn open_help(&mut self) {
        let from = self.mode();
        let under = Box::new(std::mem::replace(&mut self.overlay, Overlay::None));
        let scroll = match self.kept.help {
            Some((mode, size, scroll)) if mode == from && size == self.size => scroll,
            _ => 0,
        };
        self.overlay = Overlay::Help {
            scroll,
            from,
            under,
        };
    }

    /// Everything unsent now: texts kept from closed editors and what the
    /// open editor holds (if anything), by the editor's purpose.
    pub fn unsent_now(&self) -> BTreeMap<String, String> {
        let mut all: BTreeMap<String, String> = self
            .unsent
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if let Overlay::Editor(e) = &self.overlay {
            let text = e.text();
            if !text.trim().is_empty() {
                all.insert(e.purpose_key(), text);
            }
        }
        all
    }

    /// The items of "Việc của tôi" for the current draft: what awaits an
    /// approval is what the comparison on screen shows changed.
    /// The findings the "Kiểm tra" panel lists: those not dismissed first,
    /// each group in reading order.
    pub fn check_items(
        &self,
    ) -> Vec<&(
        crate::core::lint::Finding,
        Option<crate::core::review::ReviewRecord>,
    )> {
        let mut items: Vec<_> = self.review.findings.iter().collect();
        items.sort_by_key(|(_, dismissed)| dismissed.is_some());
        items
    }

    pub fn work_items(&self) -> Vec<crate::core::review::WorkItem> {
        let (Some(r), Some(c), Some(me), Some(cmp)) = (
            self.review.records.ready(),
            self.config(),
            self.me(),
            self.review.comparison.ready(),
        ) else {
            return Vec::new();
        };
        let changed: std::collections::HashSet<&str> = cmp
            .diff
            .sections
            .iter()
            .filter(|s| s.status != crate::core::diff::Status::Unchanged)
            .map(|s| s.id.as_str())
            .collect();
        crate::core::review::my_work(r, c, me, |id| changed.contains(id))
    }

    /// The (draft, section) a reading window is about: the selected one.
    fn reading_key(&self) -> Option<(String, String)> {
        Some((
            self.review.draft.clone()?,
            self.selected_section_id()?.to_owned(),
        ))
    }

    /// Opens a reading window on the selected section, scrolled where it
    /// was when it last closed on the same one.
    pub(super) fn open_reading(&mut self, which: Reading) {
        self.overlay = match which {
            Reading::Since => Overlay::Since(Loadable::Loading),
            Reading::AllDepartments => Overlay::AllDepartments(Loadable::Loading),
        };
        let here = self.reading_key();
        self.review.pane_scroll = match &self.kept.reading {
            Some((w, draft, section, scroll))
                if *w == which && here.as_ref() == Some(&(draft.clone(), section.clone())) =>
            {
                *scroll
            }
            _ => 0,
        };
    }

    /// Closes the reading window open, keeping where it was.
    pub(super) fn close_reading(&mut self) {
        let which = match self.overlay {
            Overlay::Since(_) => Reading::Since,
            Overlay::AllDepartments(_) => Reading::AllDepartments,
            _ => return,
        };
        if let Some((draft, section)) = self.reading_key() {
            self.kept.reading = Some((which, draft, section, self.review.pane_scroll));
        }
        self.overlay = Overlay::None;
    }

    /// Whether keys are text for the editor rather than commands.
    pub fn editing(&self) -> bool {
        matches!(self.overlay, Overlay::Editor(_))
    }

    pub fn selected_row(&self) -> Option<OutlineRow> {
        self.review.selected_row()
    }

    /// The wrapped text of the selected section, as the diff pane shows it.
    pub fn content(&self) -> Option<super::wrap::Wrapped> {
        let cmp = self.review.comparison.ready()?;
        let row = self.selected_row()?;
        let g = self.geometry();
        let repo = self.repo.ready();
        let config = repo.and_then(|r| r.config.as_ref());
        let review = self.selected_review();
        let width = usize::from(g.diff_width);
        let mut out = content::full_title(cmp, row, width).unwrap_or_default();
        out.append(content::section(
            cmp,
            row,
            width,
            self.review.side_by_side,
            self.lang,
            config,
            review,
        ));
        Some(out)
    }

    /// What the picker and the drafts list read of the screen.
    pub fn picker_context(&self) -> picker::Context<'_> {
        picker::Context {
            repo: self.repo.ready(),
            draft: self.review.draft.as_deref(),
            to: &self.review.to,
        }
    }

    /// The rows of the compare picker.
    pub fn picker_rows(&self) -> Vec<PickerRow> {
        picker::rows(&self.picker, &self.picker_context())
    }

    pub(super) fn rebuild_rows(&mut self) {
        self.review.rows.clear();
        let Some(cmp) = self.review.comparison.ready() else {
            return;
        };
        let cmp = Arc::clone(cmp);
        let show = |row: OutlineRow| !self.review.changed_only || row.is_changed(&cmp);
        // A part is listed when either revision has it.
        let part = |p: Part| {
            let d = cmp.diff.part(p);
            (!d.segments.is_empty() || d.is_change()).then_some(OutlineRow::Part(p))
        };
        let rows = part(Part::Preamble)
            .into_iter()
            .chain((0..cmp.diff.sections.len()).map(OutlineRow::Section))
            .chain(
                [Part::Closing, Part::Signature, Part::Footnotes]
                    .into_iter()
                    .filter_map(part),
            );
        self.review.rows = rows.filter(|r| show(*r)).collect();
        let kept = self
            .review
            .selected_key
            .as_ref()
            .and_then(|k| self.review.rows.iter().position(|r| k.matches(*r, &cmp)));
        // Nothing to keep: start on the first change, which is what the
        // user came to see.
        self.review.selected = kept
            .or_else(|| self.review.rows.iter().position(|r| r.is_changed(&cmp)))
            .unwrap_or(0);
        self.review.selected_key = self
            .review
            .rows
            .get(self.review.selected)
            .map(|r| RowKey::of(*r, &cmp));
        self.clamp_outline();
    }

    pub(super) fn select(&mut self, index: usize) {
        if self.review.rows.is_empty() {
            return;
        }
        let index = index.min(self.review.rows.len() - 1);
        if index != self.review.selected {
            self.review.selected = index;
            self.review.scroll = 0;
            self.review.focus = Pane::Outline;
        }
        if let Some(cmp) = self.review.comparison.ready() {
            self.review.selected_key = Some(RowKey::of(self.review.rows[index], cmp));
        }
        self.clamp_outline();
    }

    /// Keeps the selected row in view. Past an edge the outline moves by
    /// half a page (as `less` and vim's scrolloff do), not one row: the
    /// rows in between are then moved over without redrawing the outline,
    /// which over SSH is most of what a key costs.
    pub(crate) fn clamp_outline(&mut self) {
        let height = usize::from(self.geometry().body_height).max(1);
        let half = height / 2;
        if self.review.selected < self.review.outline_offset {
            self.review.outline_offset = self.review.selected.saturating_sub(half);
        } else if self.review.selected >= self.review.outline_offset + height {
            self.review.outline_offset = self.review.selected + 1 + half - height;
        }
        let max_offset = self.review.rows.len().saturating_sub(height);
        self.review.outline_offset = self.review.outline_offset.min(max_offset);
    }

    /// The most the text of the selected section scrolls.
    pub fn max_scroll(&self) -> usize {
        let rows = self.content().map_or(0, |c| c.rows.len());
        rows.saturating_sub(usize::from(self.geometry().diff_height))
    }

    pub(crate) fn scroll_by(&mut self, delta: isize) {
        let max = self.max_scroll();
        self.review.scroll = self.review.scroll.saturating_add_signed(delta).min(max);
    }

    /// Moves to the next (or previous) change: within the section first, then
    /// on to the next changed section.
    pub(crate) fn jump_change(&mut self, forward: bool) {
        // A change is shown one row below the top; near the end of the text
        // the scroll stops at its maximum, so targets are clamped before they
        // are compared (else the last change would be "found" forever).
        let max = self.max_scroll();
        let target = |hunk: usize| hunk.saturating_sub(1).min(max);
        if let Some(content) = self.content() {
            let mut targets = content.hunks.iter().map(|&h| target(h));
            let found = if forward {
                targets.find(|&t| t > self.review.scroll)
            } else {
                targets.rev().find(|&t| t < self.review.scroll)
            };
            if let Some(t) = found {
                self.review.scroll = t;
                return;
            }
        }
        let Some(cmp) = self.review.comparison.ready().cloned() else {
            return;
        };
        let next = if forward {
            (self.review.selected + 1..self.review.rows.len())
                .find(|&i| self.review.rows[i].is_changed(&cmp))
        } else {
            (0..self.review.selected)
                .rev()
                .find(|&i| self.review.rows[i].is_changed(&cmp))
        };
        match next {
            Some(i) => {
                self.select(i);
                let hunks = self.content().map(|c| c.hunks).unwrap_or_default();
                let first = if forward { hunks.first() } else { hunks.last() };
                let max = self.max_scroll();
                self.review.scroll = first.map_or(0, |&h| h.saturating_sub(1).min(max));
            }
            None => {
                let t = self.lang.t();
                let text = if forward {
                    t.no_more_changes
                } else {
                    t.no_changes_above
                };
                self.message = Some(text.to_owned());
            }
        }
    }
}
