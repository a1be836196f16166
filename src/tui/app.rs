//! The review screen's state and its update function: a key or a worker
//! result comes in, the state changes, and the git work to start next comes
//! out as plain data (`Job`). No I/O here, so every transition is testable.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::core::config::Config;
use crate::core::diff::{DraftDiff, Status};
use crate::core::review::DraftReview;
use crate::core::{Identity, Part};
use crate::ops::compare::Range;
use crate::store::{BranchInfo, RevisionInfo};

use super::board;
use super::content;
use super::i18n::Lang;
use super::keys::{Action, Mode, Offer};
use super::review::{self, ConfirmWrite, Editor, Write, WriteKind};

/// Below this the screen says it is too small instead of drawing.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Something being fetched by the worker.
#[derive(Debug, Clone)]
pub enum Loadable<T> {
    Loading,
    Ready(T),
    Failed(String),
}

impl<T> Loadable<T> {
    pub fn ready(&self) -> Option<&T> {
        match self {
            Loadable::Ready(t) => Some(t),
            _ => None,
        }
    }
}

pub use crate::ops::overview::Overview as RepoInfo;

/// A draft compared between two revisions, ready to show.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub draft: String,
    pub title: String,
    pub from: String,
    pub to: String,
    /// The commit `to` named when the comparison was read: what the screen
    /// shows, and so what an approval or comment made from it is bound to.
    pub to_commit: String,
    /// How `from` and `to` are compared.
    pub range: Range,
    /// The commit the old side was read from (the merge base when comparing
    /// since the fork).
    pub from_commit: String,
    pub diff: DraftDiff,
    /// For each section of `diff.sections`, its printed number path ("I.4").
    pub paths: Vec<String>,
}

impl Comparison {
    pub fn new(draft: String, title: String, from: String, to: String, diff: DraftDiff) -> Self {
        let index: HashMap<&str, usize> = diff
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let paths = diff
            .sections
            .iter()
            .map(|s| {
                let mut numbers = vec![s.place().number.clone()];
                let mut parent = s.place().parent.clone();
                while let Some(p) = parent {
                    let Some(&i) = index.get(p.as_str()) else {
                        break;
                    };
                    numbers.push(diff.sections[i].place().number.clone());
                    parent = diff.sections[i].place().parent.clone();
                }
                numbers.retain(|n| !n.is_empty());
                numbers.reverse();
                numbers.join(".")
            })
            .collect();
        Comparison {
            draft,
            title,
            from_commit: from.clone(),
            range: Range::Direct,
            from,
            to_commit: to.clone(),
            to,
            diff,
            paths,
        }
    }

    /// The printed number path of the section with this id.
    pub fn path_of(&self, id: &str) -> Option<&str> {
        self.diff
            .sections
            .iter()
            .position(|s| s.id == id)
            .map(|i| self.paths[i].as_str())
    }
}

/// A row of the outline: a section, or a part of the report that is not
/// one (the preamble, the closing, the signature block, the footnotes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutlineRow {
    Section(usize),
    Part(Part),
}

impl OutlineRow {
    pub fn is_changed(self, cmp: &Comparison) -> bool {
        match self {
            OutlineRow::Part(p) => cmp.diff.part(p).is_change(),
            OutlineRow::Section(i) => cmp.diff.sections[i].status != Status::Unchanged,
        }
    }
}

/// What a selected outline row is, independent of any one comparison, so
/// the selection survives a reload that adds or removes sections before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKey {
    Section(String),
    Part(Part),
}

impl RowKey {
    fn of(row: OutlineRow, cmp: &Comparison) -> RowKey {
        match row {
            OutlineRow::Part(p) => RowKey::Part(p),
            OutlineRow::Section(i) => RowKey::Section(cmp.diff.sections[i].id.clone()),
        }
    }

    fn matches(&self, row: OutlineRow, cmp: &Comparison) -> bool {
        match (self, row) {
            (RowKey::Part(a), OutlineRow::Part(b)) => *a == b,
            (RowKey::Section(id), OutlineRow::Section(i)) => cmp.diff.sections[i].id == *id,
            _ => false,
        }
    }
}

/// Which revision the picker is choosing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    From,
    To,
}

#[derive(Debug, Clone)]
pub struct Picker {
    pub side: Side,
    pub cursor: usize,
    pub expanded: HashSet<String>,
}

/// A row of the picker list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickerRow {
    Branch(usize),
    Revision { branch: String, index: usize },
    Loading(String),
    Failed(String, String),
}

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
    Compare(Picker),
    Drafts {
        cursor: usize,
    },
    /// Writing a comment, reply, change request or section text.
    Editor(Box<Editor>),
    /// "Approve this section?", "Withdraw my decision?"
    Confirm(ConfirmWrite),
    /// "Việc của tôi".
    MyWork {
        cursor: usize,
    },
    /// The selected section between the content I approved and now.
    Since(Loadable<Arc<Comparison>>),
    /// The merge board (its state is `App::board`, which outlives the editor).
    Board,
    /// The selected section in every department branch.
    AllDepartments(Loadable<Arc<Vec<DepartmentVersion>>>),
}

pub use crate::ops::overview::DepartmentVersion;

/// Work for the git worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    Diff {
        generation: u64,
        draft: String,
        from: String,
        to: String,
        range: Range,
    },
    Revisions {
        branch: String,
        draft: String,
    },
    /// The review state of `draft` at `rev` (from every record).
    Review {
        generation: u64,
        draft: String,
        rev: String,
    },
    /// Write a review record or a section edit as `who`; `purpose` names the
    /// editor it came from, so its answer closes that editor and no other.
    Write {
        who: Identity,
        write: Write,
        purpose: Option<String>,
    },
    /// Compare a section between two revisions (since my approval).
    Since {
        draft: String,
        from: String,
        to: String,
    },
    /// Read a section for editing from the person's department branch.
    LoadForEdit {
        who: Identity,
        draft: String,
        section: String,
    },
    /// Every department branch with what it proposes for `draft`.
    Contributions {
        draft: String,
    },
    /// Plan merging `from` into main (and load saved decisions).
    OpenBoard {
        draft: String,
        from: String,
        who: Option<Identity>,
    },
    SaveDecisions {
        who: Identity,
        board: Arc<crate::ops::merge::Board>,
        decisions: crate::core::merge::Decisions,
    },
    Merge {
        who: Identity,
        board: Arc<crate::ops::merge::Board>,
        decisions: crate::core::merge::Decisions,
    },
    /// One section in every department branch.
    AllDepartments {
        draft: String,
        section: String,
        range: Range,
    },
    /// The branches again (one moved, appeared or went away).
    Branches,
}

/// What the worker sends back.
#[derive(Debug)]
pub enum WorkerEvent {
    Repo(Result<Box<RepoInfo>, String>),
    Diff {
        generation: u64,
        result: Result<Box<Comparison>, String>,
    },
    Revisions {
        branch: String,
        draft: String,
        result: Result<Vec<RevisionInfo>, String>,
    },
    Review {
        generation: u64,
        result: Result<Box<DraftReview>, String>,
    },
    Written {
        kind: WriteKind,
        purpose: Option<String>,
        result: Result<String, String>,
    },
    Since(Result<Box<Comparison>, String>),
    EditReady(Result<Box<review::EditSource>, String>),
    Contributions(Result<Vec<board::BranchRow>, String>),
    BoardReady(Result<Box<board::BoardReady>, String>),
    DecisionsSaved(Result<(), String>),
    Merged(Result<String, String>),
    AllDepartments(Result<Vec<DepartmentVersion>, String>),
    Branches(Result<(Vec<BranchInfo>, HashMap<String, usize>), String>),
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
    /// Text pasted (bracketed paste): goes into the editor, if one is open.
    Paste(String),
    /// Someone (or this person elsewhere) changed the repository.
    RefsMoved(super::watch::RefsMoved),
    /// A key typed while the editor is open: text, not a command.
    Text(crossterm::event::KeyEvent),
    /// The editor's text, replaced (after editing it in $EDITOR).
    ReplaceText(String),
    Resize(u16, u16),
    Worker(WorkerEvent),
}

pub struct App {
    pub lang: Lang,
    pub size: (u16, u16),
    pub repo: Loadable<RepoInfo>,
    pub draft: Option<String>,
    pub from: String,
    pub to: String,
    /// Since the fork (the default) or as they are.
    pub range: Range,
    pub comparison: Loadable<Arc<Comparison>>,
    /// Bumped on every new comparison asked for; older results are dropped.
    pub generation: u64,
    pub rows: Vec<OutlineRow>,
    pub selected: usize,
    /// The selected row's identity; `None` means "the first change" (a new
    /// draft or comparison starts there).
    pub selected_key: Option<RowKey>,
    pub outline_offset: usize,
    pub scroll: usize,
    pub side_by_side: bool,
    pub changed_only: bool,
    pub overlay: Overlay,
    /// Revisions per (branch, draft), fetched when a branch is expanded.
    pub revisions: HashMap<(String, String), Loadable<Vec<RevisionInfo>>>,
    /// The review state of the draft at the "to" revision.
    pub review: Loadable<Arc<DraftReview>>,
    /// The comments pane is open (and has the keys).
    pub threads_open: bool,
    pub thread_cursor: usize,
    /// Extra rows scrolled in the comments pane or a reading overlay (J/K).
    pub pane_scroll: usize,
    /// Text written but not sent, per editor purpose: closing the editor
    /// or a failed write never loses it.
    pub unsent: HashMap<String, String>,
    /// Why the unsent text could not be kept on disk the last time it
    /// changed (a read-only repository): shown until a save succeeds, since
    /// a dropped connection would lose it.
    pub unsent_not_saved: Option<String>,
    /// A write is on its way to git.
    pub writing: bool,
    /// The merge board, while it is open.
    pub board: Option<Box<board::BoardState>>,
    pub message: Option<String>,
    /// The one-line prompt of `/` or `:` in the footer, while typed.
    pub prompt: Option<super::search::Prompt>,
    /// The words `/` looks for; n/N go from match to match while set.
    pub search: Option<String>,
    /// `--restricted`: no external editor (the help and footer leave it out).
    pub restricted: bool,
    pub quit: bool,
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
            draft: None,
            from: String::new(),
            to: String::new(),
            range: Range::SinceFork,
            comparison: Loadable::Loading,
            generation: 0,
            rows: Vec::new(),
            selected: 0,
            selected_key: None,
            outline_offset: 0,
            scroll: 0,
            side_by_side: false,
            changed_only: false,
            overlay: Overlay::None,
            revisions: HashMap::new(),
            review: Loadable::Loading,
            threads_open: false,
            thread_cursor: 0,
            pane_scroll: 0,
            unsent: HashMap::new(),
            unsent_not_saved: None,
            writing: false,
            board: None,
            message: None,
            prompt: None,
            search: None,
            restricted: false,
            quit: false,
        }
    }

    pub fn geometry(&self) -> Geometry {
        Geometry::of(self.size, self.threads_open)
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
        let review = self.review.ready()?;
        match self.selected_row()? {
            OutlineRow::Section(i) => review.section(&self.comparison.ready()?.diff.sections[i].id),
            OutlineRow::Part(p) => review.part(p),
        }
    }

    /// The id of the selected section (not the preamble or closing).
    pub fn selected_section_id(&self) -> Option<&str> {
        match self.selected_row()? {
            OutlineRow::Section(i) => Some(self.comparison.ready()?.diff.sections[i].id.as_str()),
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
            Overlay::None if self.prompt.is_some() => match self.prompt.as_ref().map(|p| p.kind) {
                Some(super::search::PromptKind::Jump) => Mode::Jump,
                _ => Mode::Search,
            },
            Overlay::None if self.threads_open => Mode::Threads,
            Overlay::None => Mode::Review,
            Overlay::Help { .. } => Mode::Help,
            Overlay::Compare(_) => Mode::Picker,
            Overlay::Drafts { .. } => Mode::Drafts,
            Overlay::Editor(_) => Mode::Editor,
            Overlay::Confirm(_) => Mode::Confirm,
            Overlay::MyWork { .. } => Mode::MyWork,
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
        }
    }

    /// Opens the help over what is open, on the keys of the current mode.
    pub(super) fn open_help(&mut self) {
        let from = self.mode();
        let under = Box::new(std::mem::replace(&mut self.overlay, Overlay::None));
        self.overlay = Overlay::Help {
            scroll: 0,
            from,
            under,
        };
    }

    /// Whether keys are text for the editor rather than commands.
    pub fn editing(&self) -> bool {
        matches!(self.overlay, Overlay::Editor(_))
    }

    pub fn selected_row(&self) -> Option<OutlineRow> {
        self.rows.get(self.selected).copied()
    }

    /// The wrapped text of the selected section, as the diff pane shows it.
    pub fn content(&self) -> Option<super::wrap::Wrapped> {
        let cmp = self.comparison.ready()?;
        let row = self.selected_row()?;
        let g = self.geometry();
        let repo = self.repo.ready();
        let config = repo.and_then(|r| r.config.as_ref());
        let review = self.selected_review();
        Some(content::section(
            cmp,
            row,
            usize::from(g.diff_width),
            self.side_by_side,
            self.lang,
            config,
            review,
        ))
    }

    /// The rows of the compare picker.
    pub fn picker_rows(&self, picker: &Picker) -> Vec<PickerRow> {
        let Some(repo) = self.repo.ready() else {
            return Vec::new();
        };
        let draft = self.draft.clone().unwrap_or_default();
        let mut out = Vec::new();
        for (i, b) in repo.branches.iter().enumerate() {
            out.push(PickerRow::Branch(i));
            if picker.expanded.contains(&b.name) {
                match self.revisions.get(&(b.name.clone(), draft.clone())) {
                    None | Some(Loadable::Loading) => out.push(PickerRow::Loading(b.name.clone())),
                    Some(Loadable::Failed(e)) => {
                        out.push(PickerRow::Failed(b.name.clone(), e.clone()))
                    }
                    Some(Loadable::Ready(list)) => {
                        out.extend((0..list.len()).map(|index| PickerRow::Revision {
                            branch: b.name.clone(),
                            index,
                        }))
                    }
                }
            }
        }
        out
    }

    pub(super) fn rebuild_rows(&mut self) {
        self.rows.clear();
        let Some(cmp) = self.comparison.ready() else {
            return;
        };
        let cmp = Arc::clone(cmp);
        let show = |row: OutlineRow| !self.changed_only || row.is_changed(&cmp);
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
        self.rows = rows.filter(|r| show(*r)).collect();
        let kept = self
            .selected_key
            .as_ref()
            .and_then(|k| self.rows.iter().position(|r| k.matches(*r, &cmp)));
        // Nothing to keep: start on the first change, which is what the
        // user came to see.
        self.selected = kept
            .or_else(|| self.rows.iter().position(|r| r.is_changed(&cmp)))
            .unwrap_or(0);
        self.selected_key = self.rows.get(self.selected).map(|r| RowKey::of(*r, &cmp));
        self.clamp_outline();
    }

    pub(super) fn select(&mut self, index: usize) {
        if self.rows.is_empty() {
            return;
        }
        let index = index.min(self.rows.len() - 1);
        if index != self.selected {
            self.selected = index;
            self.scroll = 0;
        }
        if let Some(cmp) = self.comparison.ready() {
            self.selected_key = Some(RowKey::of(self.rows[index], cmp));
        }
        self.clamp_outline();
    }

    fn clamp_outline(&mut self) {
        let height = usize::from(self.geometry().body_height).max(1);
        if self.selected < self.outline_offset {
            self.outline_offset = self.selected;
        } else if self.selected >= self.outline_offset + height {
            self.outline_offset = self.selected + 1 - height;
        }
        let max_offset = self.rows.len().saturating_sub(height);
        self.outline_offset = self.outline_offset.min(max_offset);
    }

    fn max_scroll(&self) -> usize {
        let rows = self.content().map_or(0, |c| c.rows.len());
        rows.saturating_sub(usize::from(self.geometry().diff_height))
    }

    fn scroll_by(&mut self, delta: isize) {
        let max = self.max_scroll();
        self.scroll = self.scroll.saturating_add_signed(delta).min(max);
    }

    /// Asks for a new comparison with the current draft and revisions.
    pub(super) fn request_diff(&mut self) -> Vec<Job> {
        if self.draft.is_none() {
            return Vec::new();
        }
        self.comparison = Loadable::Loading;
        self.review = Loadable::Loading;
        self.refresh()
    }

    /// Reads the comparison and the review again, showing the current ones
    /// until the new arrive (no "loading" flash; selection and scroll kept).
    pub(super) fn refresh(&mut self) -> Vec<Job> {
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
    pub(super) fn review_job(&self, draft: String) -> Job {
        Job::Review {
            generation: self.generation,
            draft,
            rev: self.to.clone(),
        }
    }

    /// Moves to the next (or previous) change: within the section first, then
    /// on to the next changed section.
    fn jump_change(&mut self, forward: bool) {
        // A change is shown one row below the top; near the end of the text
        // the scroll stops at its maximum, so targets are clamped before they
        // are compared (else the last change would be "found" forever).
        let max = self.max_scroll();
        let target = |hunk: usize| hunk.saturating_sub(1).min(max);
        if let Some(content) = self.content() {
            let mut targets = content.hunks.iter().map(|&h| target(h));
            let found = if forward {
                targets.find(|&t| t > self.scroll)
            } else {
                targets.rev().find(|&t| t < self.scroll)
            };
            if let Some(t) = found {
                self.scroll = t;
                return;
            }
        }
        let Some(cmp) = self.comparison.ready().cloned() else {
            return;
        };
        let next = if forward {
            (self.selected + 1..self.rows.len()).find(|&i| self.rows[i].is_changed(&cmp))
        } else {
            (0..self.selected)
                .rev()
                .find(|&i| self.rows[i].is_changed(&cmp))
        };
        match next {
            Some(i) => {
                self.select(i);
                let hunks = self.content().map(|c| c.hunks).unwrap_or_default();
                let first = if forward { hunks.first() } else { hunks.last() };
                let max = self.max_scroll();
                self.scroll = first.map_or(0, |&h| h.saturating_sub(1).min(max));
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

/// Applies one message to the state; returns the git work to start.
pub fn update(app: &mut App, msg: Msg) -> Vec<Job> {
    match msg {
        Msg::Resize(w, h) => {
            app.size = (w, h);
            app.scroll = app.scroll.min(app.max_scroll());
            app.clamp_outline();
            Vec::new()
        }
        Msg::Worker(event) => on_worker(app, event),
        Msg::UnsentSaved(result) => {
            let first = app.unsent_not_saved.is_none();
            app.unsent_not_saved = result.err();
            if let (true, Some(why)) = (first, &app.unsent_not_saved) {
                app.message = Some(format!("{}: {why}", app.lang.t().unsent_not_saved));
            }
            Vec::new()
        }
        Msg::RefsMoved(moved) => on_refs_moved(app, &moved),
        // Too small to see: only quitting works until the terminal grows.
        Msg::Key(action) | Msg::Burst(action) if app.too_small() && action != Action::Quit => {
            Vec::new()
        }
        Msg::Text(_) | Msg::Paste(_) | Msg::ReplaceText(_) if app.too_small() => Vec::new(),
        Msg::Burst(action) if !asking(app) && !action.writes() && !on_plan(app) => {
            // The rest of a burst does not hide that part of it was ignored.
            let ignored = app.lang.t().burst_ignored;
            let note = app.message.clone().filter(|m| m == ignored);
            let jobs = update(app, Msg::Key(action));
            if app.message.is_none() {
                app.message = note;
            }
            jobs
        }
        Msg::Burst(_) => {
            app.message = Some(app.lang.t().burst_ignored.to_owned());
            Vec::new()
        }
        Msg::Paste(text) if app.prompt.is_some() => {
            super::search::type_text(app, &text);
            Vec::new()
        }
        Msg::Text(key) if app.prompt.is_some() => {
            if let crossterm::event::KeyCode::Char(c) = key.code {
                super::search::type_text(app, &c.to_string());
            }
            Vec::new()
        }
        Msg::Paste(text) if app.editing() => {
            review::paste(app, &text);
            Vec::new()
        }
        Msg::Paste(_) => {
            app.message = Some(app.lang.t().paste_ignored.to_owned());
            Vec::new()
        }
        Msg::Text(key) => review::on_text(app, key),
        Msg::ReplaceText(text) => {
            review::replace_text(app, &text);
            Vec::new()
        }
        Msg::Key(action) => {
            app.message = None;
            match app.overlay.clone() {
                Overlay::None if app.prompt.is_some() => {
                    super::search::on_prompt_key(app, action);
                    Vec::new()
                }
                Overlay::None if app.threads_open => review::on_threads_key(app, action),
                Overlay::None => on_key(app, action),
                Overlay::Editor(_) => Vec::new(),
                Overlay::Confirm(c) => review::on_confirm_key(app, c, action),
                Overlay::MyWork { cursor } => review::on_my_work_key(app, cursor, action),
                Overlay::Board => board::on_key(app, action),
                // Reading overlays: scroll, or close.
                Overlay::AllDepartments(_) | Overlay::Since(_) => {
                    match action {
                        Action::ScrollDown => app.pane_scroll += 1,
                        Action::ScrollUp => app.pane_scroll = app.pane_scroll.saturating_sub(1),
                        Action::PageDown => app.pane_scroll += 10,
                        Action::PageUp => app.pane_scroll = app.pane_scroll.saturating_sub(10),
                        Action::Help => app.open_help(),
                        Action::Quit => app.quit = true,
                        Action::Cancel => app.overlay = Overlay::None,
                        _ => {}
                    }
                    Vec::new()
                }
                Overlay::Help {
                    scroll,
                    from,
                    under,
                } => {
                    let offer = app.offer();
                    let visible = super::keys::help_size(app.size).2;
                    let max = super::keys::help_lines(app.lang, from, offer, app.size)
                        .len()
                        .saturating_sub(visible);
                    let page = visible.saturating_sub(1).max(1);
                    let scroll = match action {
                        Action::ScrollDown | Action::Down => scroll + 1,
                        Action::ScrollUp | Action::Up => scroll.saturating_sub(1),
                        Action::PageDown => scroll + page,
                        Action::PageUp => scroll.saturating_sub(page),
                        Action::First => 0,
                        Action::Last => max,
                        Action::Quit => {
                            app.quit = true;
                            scroll
                        }
                        Action::Cancel => {
                            // Back to what was open, as it was.
                            app.overlay = *under;
                            return Vec::new();
                        }
                        _ => scroll,
                    };
                    app.overlay = Overlay::Help {
                        scroll: scroll.min(max),
                        from,
                        under,
                    };
                    Vec::new()
                }
                Overlay::Compare(picker) => on_picker_key(app, picker, action),
                Overlay::Drafts { cursor } => on_drafts_key(app, cursor, action),
            }
        }
    }
}

/// The repository changed under the open screen: reload what it shows from
/// what moved, keeping the selection and the scroll, and say what happened
/// (others' writes only: one's own are already on the screen).
fn on_refs_moved(app: &mut App, moved: &super::watch::RefsMoved) -> Vec<Job> {
    let t = app.lang.t();
    if app.repo.ready().is_none() {
        return Vec::new();
    }
    let mut notes = Vec::new();
    if moved.new_records > 0 {
        notes.push(t.new_records.replace("{n}", &moved.new_records.to_string()));
    }
    let shown = |b: &str| b == app.from || b == app.to || b == crate::store::MAIN_BRANCH;
    for m in moved.moved.iter().filter(|m| !m.by_me && shown(&m.branch)) {
        notes.push(t.branch_moved.replace("{b}", &m.branch));
    }
    let names: Vec<&str> = moved.moved.iter().map(|m| m.branch.as_str()).collect();
    // Revision lists of moved branches are read again when next opened.
    app.revisions
        .retain(|(branch, _), _| !names.contains(&branch.as_str()));
    let mut jobs = Vec::new();
    if !names.is_empty() {
        jobs.push(Job::Branches);
    }
    // `main` moving can move the point a branch left it: compare again.
    if names.iter().any(|b| shown(b)) {
        jobs.extend(app.refresh());
    } else if moved.reviews {
        jobs.extend(app.draft.clone().map(|d| app.review_job(d)));
    }
    jobs.extend(board::on_refs_moved(app, &names));
    if !notes.is_empty() {
        app.message = Some(notes.join(" · "));
    }
    jobs
}

/// Whether the merge board shows a plan (where Enter, a and x decide).
fn on_plan(app: &App) -> bool {
    matches!(app.overlay, Overlay::Board)
        && matches!(app.board.as_deref(), Some(board::BoardState::Plan(_)))
}

/// Whether a question before a write is open (a key there could answer it).
fn asking(app: &App) -> bool {
    matches!(app.overlay, Overlay::Confirm(_))
        || matches!(app.board.as_deref(), Some(board::BoardState::Plan(p)) if p.confirming.is_some())
}

fn on_key(app: &mut App, action: Action) -> Vec<Job> {
    let page = usize::from(app.geometry().diff_height.saturating_sub(2)).max(1) as isize;
    match action {
        Action::Down => app.select(app.selected + 1),
        Action::Up => app.select(app.selected.saturating_sub(1)),
        Action::First => app.select(0),
        Action::Last => app.select(app.rows.len().saturating_sub(1)),
        Action::PageDown => app.scroll_by(page),
        Action::PageUp => app.scroll_by(-page),
        Action::ScrollDown => app.scroll_by(1),
        Action::ScrollUp => app.scroll_by(-1),
        Action::NextChange | Action::PrevChange if app.search.is_some() => {
            super::search::go(app, action == Action::NextChange, false)
        }
        Action::NextChange => app.jump_change(true),
        Action::PrevChange => app.jump_change(false),
        Action::Search | Action::JumpTo => {
            let kind = match action {
                Action::Search => super::search::PromptKind::Search,
                _ => super::search::PromptKind::Jump,
            };
            app.prompt = Some(super::search::Prompt {
                kind,
                text: String::new(),
            });
        }
        // Esc clears the search (and, like any key, the message).
        Action::Cancel => app.search = None,
        Action::ToggleSideBySide => {
            app.side_by_side = !app.side_by_side;
            app.scroll = 0;
        }
        Action::ToggleChangedOnly => {
            app.changed_only = !app.changed_only;
            app.rebuild_rows();
        }
        Action::OpenCompare => {
            if let Some(repo) = app.repo.ready() {
                let cursor = repo
                    .branches
                    .iter()
                    .position(|b| b.name == app.to)
                    .unwrap_or(0);
                app.overlay = Overlay::Compare(Picker {
                    side: Side::To,
                    cursor,
                    expanded: HashSet::new(),
                });
            }
        }
        Action::OpenDrafts => {
            if let Some(repo) = app.repo.ready() {
                let cursor = repo
                    .drafts
                    .iter()
                    .position(|d| Some(d) == app.draft.as_ref())
                    .unwrap_or(0);
                app.overlay = Overlay::Drafts { cursor };
            }
        }
        Action::ToggleRange => {
            app.range = match app.range {
                Range::SinceFork => Range::Direct,
                Range::Direct => Range::SinceFork,
            };
            return app.request_diff();
        }
        Action::Refresh => {
            let mut jobs = vec![Job::Branches];
            app.revisions.clear();
            jobs.extend(app.refresh());
            app.message = Some(app.lang.t().refreshed.to_owned());
            return jobs;
        }
        Action::Help => app.open_help(),
        Action::Quit => app.quit = true,
        Action::Comment
        | Action::Approve
        | Action::RequestChanges
        | Action::Threads
        | Action::MyWork
        | Action::SinceApproved
        | Action::Withdraw
        | Action::Edit => return review::on_review_key(app, action),
        Action::Board => return board::open(app),
        Action::AllDepartments => {
            if let (Some(draft), Some(section)) = (
                app.draft.clone(),
                app.selected_section_id().map(str::to_owned),
            ) {
                app.overlay = Overlay::AllDepartments(Loadable::Loading);
                app.pane_scroll = 0;
                return vec![Job::AllDepartments {
                    draft,
                    section,
                    range: app.range,
                }];
            }
        }
        Action::Resolve | Action::Send => {}
        Action::NextField | Action::PrevField | Action::ExternalEditor | Action::Type(_) => {}
        Action::SwitchSide | Action::Expand | Action::Collapse | Action::Confirm => {}
    }
    Vec::new()
}

fn on_picker_key(app: &mut App, mut picker: Picker, action: Action) -> Vec<Job> {
    let rows = app.picker_rows(&picker);
    let mut jobs = Vec::new();
    let branch_at = |app: &App, row: Option<&PickerRow>| -> Option<String> {
        let repo = app.repo.ready()?;
        match row? {
            PickerRow::Branch(i) => Some(repo.branches[*i].name.clone()),
            PickerRow::Revision { branch, .. }
            | PickerRow::Loading(branch)
            | PickerRow::Failed(branch, _) => Some(branch.clone()),
        }
    };
    match action {
        Action::Down => picker.cursor = (picker.cursor + 1).min(rows.len().saturating_sub(1)),
        Action::Up => picker.cursor = picker.cursor.saturating_sub(1),
        Action::First => picker.cursor = 0,
        Action::Last => picker.cursor = rows.len().saturating_sub(1),
        Action::SwitchSide => {
            picker.side = match picker.side {
                Side::From => Side::To,
                Side::To => Side::From,
            }
        }
        Action::Expand => {
            if let (Some(branch), Some(draft)) =
                (branch_at(app, rows.get(picker.cursor)), app.draft.clone())
            {
                if picker.expanded.insert(branch.clone())
                    && !app.revisions.contains_key(&(branch.clone(), draft.clone()))
                {
                    app.revisions
                        .insert((branch.clone(), draft.clone()), Loadable::Loading);
                    jobs.push(Job::Revisions { branch, draft });
                }
            }
        }
        Action::Collapse => {
            if let Some(branch) = branch_at(app, rows.get(picker.cursor)) {
                picker.expanded.remove(&branch);
                let rows = app.picker_rows(&picker);
                picker.cursor = rows
                    .iter()
                    .position(|r| {
                        matches!(r, PickerRow::Branch(i)
                        if app.repo.ready().is_some_and(|repo| repo.branches[*i].name == branch))
                    })
                    .unwrap_or(0);
            }
        }
        Action::Confirm => {
            let chosen = match rows.get(picker.cursor) {
                Some(PickerRow::Branch(i)) => app.repo.ready().map(|r| r.branches[*i].name.clone()),
                Some(PickerRow::Revision { branch, index }) => app
                    .revisions
                    .get(&(branch.clone(), app.draft.clone().unwrap_or_default()))
                    .and_then(Loadable::ready)
                    .and_then(|list| list.get(*index))
                    .map(|r| r.id.to_string()),
                _ => None,
            };
            if let Some(rev) = chosen {
                match picker.side {
                    Side::From => app.from = rev,
                    Side::To => app.to = rev,
                }
                app.overlay = Overlay::None;
                return app.request_diff();
            }
        }
        Action::Cancel | Action::OpenCompare => {
            app.overlay = Overlay::None;
            return jobs;
        }
        Action::Quit => {
            app.quit = true;
            return jobs;
        }
        Action::Help => {
            app.overlay = Overlay::Compare(picker);
            app.open_help();
            return jobs;
        }
        _ => {}
    }
    app.overlay = Overlay::Compare(picker);
    jobs
}

fn on_drafts_key(app: &mut App, cursor: usize, action: Action) -> Vec<Job> {
    let count = app.repo.ready().map_or(0, |r| r.drafts.len());
    app.overlay = match action {
        Action::Down => Overlay::Drafts {
            cursor: (cursor + 1).min(count.saturating_sub(1)),
        },
        Action::Up => Overlay::Drafts {
            cursor: cursor.saturating_sub(1),
        },
        Action::First => Overlay::Drafts { cursor: 0 },
        Action::Last => Overlay::Drafts {
            cursor: count.saturating_sub(1),
        },
        Action::Help => {
            app.open_help();
            return Vec::new();
        }
        Action::Confirm => {
            let chosen = app.repo.ready().and_then(|r| r.drafts.get(cursor).cloned());
            app.overlay = Overlay::None;
            if let Some(d) = chosen {
                if app.draft.as_ref() != Some(&d) {
                    app.draft = Some(d);
                    app.selected_key = None;
                    app.scroll = 0;
                    return app.request_diff();
                }
            }
            Overlay::None
        }
        Action::Quit => {
            app.quit = true;
            Overlay::None
        }
        Action::Cancel | Action::OpenDrafts => Overlay::None,
        _ => Overlay::Drafts { cursor },
    };
    Vec::new()
}

fn on_worker(app: &mut App, event: WorkerEvent) -> Vec<Job> {
    match event {
        WorkerEvent::Repo(Ok(info)) => {
            if let Some(e) = &info.config_error {
                app.message = Some(format!("{}: {e}", app.lang.t().config_problem));
            }
            if let Some(e) = &info.identity_error {
                app.message = Some(format!("{}: {e}", app.lang.t().error));
            }
            app.message = app
                .message
                .take()
                .or_else(|| super::i18n::repo_hint(app.lang, &info.hints));
            app.draft = info.draft.clone();
            app.from = info.from.clone();
            app.to = info.to.clone();
            app.repo = Loadable::Ready(*info);
            app.request_diff()
        }
        WorkerEvent::Repo(Err(e)) => {
            app.repo = Loadable::Failed(e);
            Vec::new()
        }
        WorkerEvent::Diff { generation, result } => {
            if generation != app.generation {
                // An answer to an older question: the user has moved on.
                return Vec::new();
            }
            app.comparison = match result {
                Ok(c) => Loadable::Ready(Arc::new(*c)),
                Err(e) => Loadable::Failed(e),
            };
            app.rebuild_rows();
            app.scroll = app.scroll.min(app.max_scroll());
            Vec::new()
        }
        WorkerEvent::Review { generation, result } => {
            if generation == app.generation {
                app.review = match result {
                    Ok(r) => Loadable::Ready(Arc::new(*r)),
                    Err(e) => Loadable::Failed(e),
                };
                app.scroll = app.scroll.min(app.max_scroll());
            }
            Vec::new()
        }
        WorkerEvent::Written {
            kind,
            purpose,
            result,
        } => review::on_written(app, kind, purpose, result),
        WorkerEvent::Since(result) => {
            if matches!(app.overlay, Overlay::Since(_)) {
                app.overlay = Overlay::Since(match result {
                    Ok(c) => Loadable::Ready(Arc::new(*c)),
                    Err(e) => Loadable::Failed(e),
                });
            }
            Vec::new()
        }
        WorkerEvent::EditReady(result) => review::on_edit_ready(app, result),
        WorkerEvent::Contributions(result) => {
            board::on_contributions(app, result);
            Vec::new()
        }
        WorkerEvent::BoardReady(result) => {
            board::on_board_ready(app, result);
            Vec::new()
        }
        WorkerEvent::DecisionsSaved(result) => {
            if let Err(e) = result {
                app.message = Some(format!("{}: {e}", app.lang.t().error));
            }
            Vec::new()
        }
        WorkerEvent::Merged(result) => board::on_merged(app, result),
        WorkerEvent::AllDepartments(result) => {
            if matches!(app.overlay, Overlay::AllDepartments(_)) {
                app.overlay = Overlay::AllDepartments(match result {
                    Ok(v) => Loadable::Ready(Arc::new(v)),
                    Err(e) => Loadable::Failed(e),
                });
            }
            Vec::new()
        }
        WorkerEvent::Branches(Ok((branches, ahead))) => {
            if let Loadable::Ready(repo) = &mut app.repo {
                repo.branches = branches;
                repo.ahead = ahead;
            }
            Vec::new()
        }
        WorkerEvent::Branches(Err(e)) => {
            app.message = Some(format!("{}: {e}", app.lang.t().error));
            Vec::new()
        }
        WorkerEvent::Revisions {
            branch,
            draft,
            result,
        } => {
            let value = match result {
                Ok(list) => Loadable::Ready(list),
                Err(e) => Loadable::Failed(e),
            };
            app.revisions.insert((branch, draft), value);
            Vec::new()
        }
    }
}

/// Short marker for a section's change, readable without colour.
pub fn marker(cmp: &Comparison, row: OutlineRow) -> &'static str {
    match row {
        OutlineRow::Part(p) if cmp.diff.part(p).is_change() => "~",
        OutlineRow::Part(_) => " ",
        OutlineRow::Section(i) => section_marker(&cmp.diff.sections[i]).unwrap_or(" "),
    }
}

/// The marker of what happened to a section (`None` when unchanged); the
/// outline and the diff pane's summary both show it.
pub fn section_marker(s: &crate::core::SectionDiff) -> Option<&'static str> {
    Some(match s.status {
        Status::Unchanged => return None,
        Status::Added => "+",
        Status::Removed => "−",
        Status::Changed if s.changes.text => "~",
        Status::Changed if s.changes.title => "✎",
        Status::Changed if s.changes.moved => "↕",
        Status::Changed => "#",
    })
}
