//! Comparing two revisions of a draft, section by section: which sections
//! were added, removed, moved, renumbered, renamed or rewritten, and a
//! word-level diff of their text.
//!
//! Sections are matched by `id`, never by position or title, so a section keeps
//! its identity through renumbering, moves and renames. Unchanged text is
//! skipped by comparison before any diffing, and inside a changed body only the
//! paragraphs that differ are diffed word by word.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use serde::Serialize;
use similar::{Algorithm, ChangeTag, DiffTag, TextDiff, capture_diff_slices_deadline};

use super::draft::{Draft, DraftIndex, Part, Placed, Section};
use super::text;

/// A word diff that takes longer than this gives up on minimality (similar's
/// deadline), so a pathological edit can never freeze the screen.
const WORD_DIFF_TIMEOUT: Duration = Duration::from_millis(300);

/// What separates paragraphs in a diff's text.
const PARAGRAPH_BREAK: &str = "\n\n";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Unchanged,
    Added,
    Removed,
    Changed,
}

/// What changed about a section present in both revisions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    /// Body or the text of a footnote it cites.
    pub text: bool,
    /// Title (renamed).
    pub title: bool,
    /// Another parent, or another order among its siblings.
    pub moved: bool,
    /// The printed number.
    pub renumbered: bool,
}

impl Changes {
    pub fn any(self) -> bool {
        self.text || self.title || self.moved || self.renumbered
    }

    /// The names used in `--json` output, in a fixed order.
    pub fn names(self) -> Vec<&'static str> {
        [
            (self.text, "text"),
            (self.title, "title"),
            (self.moved, "moved"),
            (self.renumbered, "renumbered"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect()
    }
}

impl Serialize for Changes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.names().serialize(s)
    }
}

/// A run of text in a diff. Paragraph breaks are `"\n\n"` inside the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", content = "text", rename_all = "lowercase")]
pub enum Segment {
    Same(String),
    Deleted(String),
    Inserted(String),
}

impl Segment {
    pub fn text(&self) -> &str {
        match self {
            Segment::Same(t) | Segment::Deleted(t) | Segment::Inserted(t) => t,
        }
    }
}

/// A word-level diff of one piece of text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WordDiff {
    pub segments: Vec<Segment>,
    pub inserted_words: usize,
    pub deleted_words: usize,
    /// Number of separate places that changed (groups of adjacent
    /// deletions and insertions): what n/N jumps between.
    pub hunks: usize,
}

impl WordDiff {
    pub fn is_change(&self) -> bool {
        self.hunks > 0
    }

    /// The text as it was (deleted and unchanged runs).
    pub fn old_text(&self) -> String {
        self.side(|s| !matches!(s, Segment::Inserted(_)))
    }

    /// The text as it is now (inserted and unchanged runs).
    pub fn new_text(&self) -> String {
        self.side(|s| !matches!(s, Segment::Deleted(_)))
    }

    fn side(&self, keep: impl Fn(&Segment) -> bool) -> String {
        self.segments
            .iter()
            .filter(|s| keep(s))
            .map(Segment::text)
            .collect()
    }

    /// The diff with `[-deleted-]{+inserted+}` markers, readable without colour.
    /// The paragraph break that goes with a whole paragraph added or removed
    /// is written outside the markers, so the paragraph reads as one block.
    pub fn marked(&self) -> String {
        let mut out = String::new();
        for s in &self.segments {
            let (open, close, t) = match s {
                Segment::Same(t) => {
                    out.push_str(t);
                    continue;
                }
                Segment::Deleted(t) => ("[-", "-]", t.as_str()),
                Segment::Inserted(t) => ("{+", "+}", t.as_str()),
            };
            let (before, t) = match t.strip_prefix(PARAGRAPH_BREAK) {
                Some(rest) if !rest.is_empty() => (PARAGRAPH_BREAK, rest),
                _ => ("", t),
            };
            let (t, after) = match t.strip_suffix(PARAGRAPH_BREAK) {
                Some(rest) if !rest.is_empty() && before.is_empty() => (rest, PARAGRAPH_BREAK),
                _ => (t, ""),
            };
            for part in [before, open, t, close, after] {
                out.push_str(part);
            }
        }
        out
    }
}

/// Where a section sits in one revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    pub number: String,
    pub title: Option<String>,
    pub owner: String,
    pub depth: usize,
    pub parent: Option<String>,
    pub index: usize,
}

impl Place {
    fn of(p: &Placed<'_>) -> Self {
        Place {
            number: p.section.number.clone(),
            title: p.section.title.clone(),
            owner: p.section.owner.clone(),
            depth: p.depth,
            parent: p.parent.map(str::to_owned),
            index: p.index,
        }
    }
}

/// A footnote cited by a section, compared between the revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FootnoteDiff {
    pub id: String,
    pub diff: WordDiff,
}

/// One section compared between two revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionDiff {
    pub id: String,
    pub status: Status,
    pub changes: Changes,
    pub old: Option<Place>,
    pub new: Option<Place>,
    pub title: WordDiff,
    pub body: WordDiff,
    pub footnotes: Vec<FootnoteDiff>,
    pub inserted_words: usize,
    pub deleted_words: usize,
}

impl SectionDiff {
    /// The place to show: the new one, or the old one for a removed section.
    pub fn place(&self) -> &Place {
        self.new
            .as_ref()
            .or(self.old.as_ref())
            .expect("a section diff has at least one side")
    }

    /// Number of separate changes in its text (title, body and footnotes).
    pub fn hunks(&self) -> usize {
        self.title.hunks
            + self.body.hunks
            + self.footnotes.iter().map(|f| f.diff.hunks).sum::<usize>()
    }

    /// "I.4"-style heading text of the section as shown in the outline.
    pub fn label(&self) -> String {
        let p = self.place();
        match &p.title {
            Some(t) => t.clone(),
            None => {
                let body = if self.status == Status::Removed {
                    self.body.old_text()
                } else {
                    self.body.new_text()
                };
                body.lines().next().unwrap_or("").to_owned()
            }
        }
    }
}

/// Two revisions of a draft compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftDiff {
    /// Every section of either revision: the new reading order, with removed
    /// sections shown where they used to be.
    pub sections: Vec<SectionDiff>,
    pub preamble: WordDiff,
    pub closing: WordDiff,
    /// The signature block and the recipients, as `Part::Signature` reads.
    pub signature: WordDiff,
    /// Every footnote, as `Part::Footnotes` reads them.
    pub footnotes: WordDiff,
}

impl DraftDiff {
    pub fn changed_count(&self) -> usize {
        self.sections
            .iter()
            .filter(|s| s.status != Status::Unchanged)
            .count()
    }

    pub fn section(&self, id: &str) -> Option<&SectionDiff> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// The diff of a part that is not a section.
    pub fn part(&self, part: Part) -> &WordDiff {
        match part {
            Part::Preamble => &self.preamble,
            Part::Closing => &self.closing,
            Part::Signature => &self.signature,
            Part::Footnotes => &self.footnotes,
        }
    }
}

/// However many sections differ, the word diffs of one comparison give up
/// on minimality once this much time has gone (each one also after
/// `WORD_DIFF_TIMEOUT`), so comparing two huge, entirely different drafts
/// stays within seconds.
const DRAFT_DIFF_BUDGET: Duration = Duration::from_millis(1000);

/// Compares two revisions of a draft.
pub fn diff_drafts(old: &Draft, new: &Draft) -> DraftDiff {
    let budget = Instant::now() + DRAFT_DIFF_BUDGET;
    let deadline = || budget.min(Instant::now() + WORD_DIFF_TIMEOUT);
    let old_index = old.index();
    let new_index = new.index();
    let moved = moved_sections(&old_index, &new_index, budget);

    let mut sections: Vec<SectionDiff> = new_index
        .outline
        .iter()
        .map(|n| match old_index.placed(&n.section.id) {
            Some(o) => compare(
                (&old_index, o),
                (&new_index, n),
                moved.contains(n.section.id.as_str()),
                deadline(),
            ),
            None => one_sided(&new_index, n, Status::Added),
        })
        .collect();
    place_removed(old, &old_index, &new_index, &mut sections);

    DraftDiff {
        sections,
        preamble: word_diff_until(&old.preamble, &new.preamble, deadline()),
        closing: word_diff_until(&old.closing, &new.closing, deadline()),
        signature: word_diff_until(
            &Part::Signature.text(old),
            &Part::Signature.text(new),
            deadline(),
        ),
        footnotes: word_diff_until(
            &Part::Footnotes.text(old),
            &Part::Footnotes.text(new),
            deadline(),
        ),
    }
}

/// Puts the removed sections where they were, in their old order: after
/// their previous sibling and everything now under it, else first under
/// their parent, else at the top. The list is linked while they go in, so
/// each insertion is O(1) plus the walk over the previous sibling's subtree.
fn place_removed(
    old_draft: &Draft,
    old: &DraftIndex<'_>,
    new: &DraftIndex<'_>,
    sections: &mut Vec<SectionDiff>,
) {
    let removed: Vec<&Placed<'_>> = old
        .outline
        .iter()
        .filter(|o| new.placed(&o.section.id).is_none())
        .collect();
    if removed.is_empty() {
        return;
    }
    let mut nodes: Vec<SectionDiff> = std::mem::take(sections);
    // next[i]: the node after node i; `head` the first. Node ids are indexes
    // into `nodes`, which only grows.
    let mut next: Vec<Option<usize>> = (1..=nodes.len())
        .map(|i| (i < nodes.len()).then_some(i))
        .collect();
    let mut head = (!nodes.is_empty()).then_some(0);
    let mut by_id: HashMap<String, usize> = HashMap::with_capacity(nodes.len() + removed.len());
    for (i, s) in nodes.iter().enumerate() {
        by_id.entry(s.id.clone()).or_insert(i);
    }
    for o in removed {
        let siblings = match o.parent {
            Some(p) => old.section(p).map_or(&[][..], |s| &s.sections[..]),
            None => &old_draft.sections[..],
        };
        let previous = o.index.checked_sub(1).and_then(|i| siblings.get(i));
        // The node to insert after (`None`: at the top).
        let after = match (previous, o.parent) {
            (Some(previous), _) => by_id.get(previous.id.as_str()).map(|&i| {
                let depth = nodes[i].place().depth;
                let mut last = i;
                while let Some(n) = next[last].filter(|&n| nodes[n].place().depth > depth) {
                    last = n;
                }
                last
            }),
            (None, Some(parent)) => by_id.get(parent).copied(),
            (None, None) => None,
        };
        let id = nodes.len();
        nodes.push(one_sided(old, o, Status::Removed));
        by_id.entry(o.section.id.clone()).or_insert(id);
        match after {
            Some(a) => {
                next.push(next[a]);
                next[a] = Some(id);
            }
            None => {
                next.push(head);
                head = Some(id);
            }
        }
    }
    let mut order = Vec::with_capacity(nodes.len());
    let mut at = head;
    while let Some(i) = at {
        order.push(i);
        at = next[i];
    }
    let mut slots: Vec<Option<SectionDiff>> = nodes.into_iter().map(Some).collect();
    sections.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// Ids of sections that moved: to another parent, or out of order among the
/// siblings they share with the old revision. A section merely shifted by an
/// insertion or removal next to it keeps its relative order and is not moved.
fn moved_sections<'a>(
    old: &DraftIndex<'a>,
    new: &DraftIndex<'a>,
    deadline: Instant,
) -> HashSet<&'a str> {
    let mut moved = HashSet::new();
    // Per parent (in the new revision), the children that had the same
    // parent before, in the new order and in the old.
    let mut new_groups: HashMap<Option<&str>, Vec<&str>> = HashMap::new();
    for n in &new.outline {
        let id = n.section.id.as_str();
        match old.placed(id) {
            Some(o) if o.parent == n.parent => {
                new_groups.entry(n.parent).or_default().push(id);
            }
            Some(_) => {
                moved.insert(id);
            }
            None => {}
        }
    }
    let mut old_groups: HashMap<Option<&str>, Vec<&str>> = HashMap::new();
    for o in &old.outline {
        let id = o.section.id.as_str();
        if new.placed(id).is_some_and(|n| n.parent == o.parent) {
            old_groups.entry(o.parent).or_default().push(id);
        }
    }
    for (parent, new_order) in new_groups {
        let old_order = old_groups.remove(&parent).unwrap_or_default();
        if old_order == new_order {
            continue;
        }
        let ops =
            capture_diff_slices_deadline(Algorithm::Myers, &old_order, &new_order, Some(deadline));
        for op in ops {
            if op.tag() != DiffTag::Equal {
                moved.extend(new_order[op.new_range()].iter().copied());
            }
        }
    }
    moved
}

fn compare(
    (old, o): (&DraftIndex<'_>, &Placed<'_>),
    (new, n): (&DraftIndex<'_>, &Placed<'_>),
    moved: bool,
    deadline: Instant,
) -> SectionDiff {
    let (os, ns) = (o.section, n.section);
    let title = word_diff_until(
        os.title.as_deref().unwrap_or(""),
        ns.title.as_deref().unwrap_or(""),
        deadline,
    );
    let body = word_diff_until(&os.body, &ns.body, deadline);
    let footnotes = footnote_diffs(old, os, new, ns, deadline);
    let changes = Changes {
        text: body.is_change() || footnotes.iter().any(|f| f.diff.is_change()),
        title: title.is_change() || os.title.is_some() != ns.title.is_some(),
        moved,
        renumbered: os.number != ns.number,
    };
    let (inserted_words, deleted_words) = word_counts(&title, &body, &footnotes);
    SectionDiff {
        id: ns.id.clone(),
        status: if changes.any() {
            Status::Changed
        } else {
            Status::Unchanged
        },
        changes,
        old: Some(Place::of(o)),
        new: Some(Place::of(n)),
        title,
        body,
        footnotes,
        inserted_words,
        deleted_words,
    }
}

fn one_sided(draft: &DraftIndex<'_>, p: &Placed<'_>, status: Status) -> SectionDiff {
    let s = p.section;
    let whole = |t: &str| {
        let empty = "";
        if status == Status::Added {
            word_diff(empty, t)
        } else {
            word_diff(t, empty)
        }
    };
    let title = whole(s.title.as_deref().unwrap_or(""));
    let body = whole(&s.body);
    let footnotes: Vec<FootnoteDiff> = draft
        .cited_footnotes(s)
        .into_iter()
        .map(|f| FootnoteDiff {
            id: f.id.clone(),
            diff: whole(&f.text),
        })
        .collect();
    let (inserted_words, deleted_words) = word_counts(&title, &body, &footnotes);
    let place = Place::of(p);
    let (old, new) = if status == Status::Added {
        (None, Some(place))
    } else {
        (Some(place), None)
    };
    SectionDiff {
        id: s.id.clone(),
        status,
        changes: Changes::default(),
        old,
        new,
        title,
        body,
        footnotes,
        inserted_words,
        deleted_words,
    }
}

fn footnote_diffs(
    old: &DraftIndex<'_>,
    os: &Section,
    new: &DraftIndex<'_>,
    ns: &Section,
    deadline: Instant,
) -> Vec<FootnoteDiff> {
    let old_notes = old.cited_footnotes(os);
    let new_notes = new.cited_footnotes(ns);
    fn text_of<'a>(notes: &[&'a super::draft::Footnote]) -> HashMap<&'a str, &'a str> {
        notes
            .iter()
            .map(|f| (f.id.as_str(), f.text.as_str()))
            .collect()
    }
    let (old_text, new_text) = (text_of(&old_notes), text_of(&new_notes));
    let mut ids: Vec<&str> = new_notes.iter().map(|f| f.id.as_str()).collect();
    ids.extend(
        old_notes
            .iter()
            .map(|f| f.id.as_str())
            .filter(|id| !new_text.contains_key(id)),
    );
    ids.into_iter()
        .map(|id| FootnoteDiff {
            id: id.to_owned(),
            diff: word_diff_until(
                old_text.get(id).copied().unwrap_or(""),
                new_text.get(id).copied().unwrap_or(""),
                deadline,
            ),
        })
        .collect()
}

fn word_counts(title: &WordDiff, body: &WordDiff, footnotes: &[FootnoteDiff]) -> (usize, usize) {
    let all = [title, body]
        .into_iter()
        .chain(footnotes.iter().map(|f| &f.diff));
    all.fold((0, 0), |(i, d), w| {
        (i + w.inserted_words, d + w.deleted_words)
    })
}

/// Word-level diff of two texts made of paragraphs. Equal paragraphs are
/// matched first and passed through untouched; only runs of paragraphs that
/// differ are tokenised and diffed word by word.
pub fn word_diff(old: &str, new: &str) -> WordDiff {
    word_diff_until(old, new, Instant::now() + WORD_DIFF_TIMEOUT)
}

/// `word_diff`, giving up on minimality at `deadline`.
fn word_diff_until(old: &str, new: &str, deadline: Instant) -> WordDiff {
    let mut out = DiffBuilder::default();
    if old == new {
        out.same(old);
        return out.finish();
    }
    let old_p = text::paragraphs(old);
    let new_p = text::paragraphs(new);
    for op in capture_diff_slices_deadline(Algorithm::Myers, &old_p, &new_p, Some(deadline)) {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => {
                for p in &old_p[o] {
                    out.paragraph_break(true, true);
                    out.same(p);
                }
            }
            DiffTag::Delete => {
                for p in &old_p[o] {
                    out.paragraph_break(true, false);
                    out.change(ChangeTag::Delete, p);
                }
            }
            DiffTag::Insert => {
                for p in &new_p[n] {
                    out.paragraph_break(false, true);
                    out.change(ChangeTag::Insert, p);
                }
            }
            DiffTag::Replace => {
                out.paragraph_break(true, true);
                let a = old_p[o].join("\n\n");
                let b = new_p[n].join("\n\n");
                // Most edits touch one or two places in a long paragraph: the
                // common start and end are passed through without tokenising.
                let (head, tail) = common_ends(&a, &b);
                out.same(&a[..head]);
                let diff = TextDiff::configure()
                    .algorithm(Algorithm::Patience)
                    .deadline(deadline)
                    .diff_unicode_words(&a[head..a.len() - tail], &b[head..b.len() - tail]);
                for change in diff.iter_all_changes() {
                    out.change(change.tag(), change.value());
                }
                out.same(&a[a.len() - tail..]);
            }
        }
    }
    out.finish()
}

/// Lengths in bytes of the longest common start and end of `a` and `b` that
/// end (start) at a word boundary in both — a space followed by a letter or
/// digit for the start, a letter or digit followed by a space for the end — so
/// diffing only the middle tokenises it exactly as the whole would be.
fn common_ends(a: &str, b: &str) -> (usize, usize) {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let prefix = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let mut head = prefix;
    while head > 0 {
        let cut = a.is_char_boundary(head)
            && a[..head].ends_with(' ')
            && word(a[head..].chars().next())
            && word(b[head..].chars().next());
        if cut {
            break;
        }
        head -= 1;
    }
    let max_tail = a.len().min(b.len()) - head;
    let suffix = a
        .bytes()
        .rev()
        .zip(b.bytes().rev())
        .take(max_tail)
        .take_while(|(x, y)| x == y)
        .count();
    let mut tail = suffix;
    while tail > 0 {
        let (ca, cb) = (a.len() - tail, b.len() - tail);
        let cut = a.is_char_boundary(ca)
            && a[ca..].starts_with(' ')
            && word(a[..ca].chars().next_back())
            && word(b[..cb].chars().next_back());
        if cut {
            break;
        }
        tail -= 1;
    }
    (head, tail)
}

/// Collects tokens into segments. Spaces between two replacements are folded
/// into both sides, so "[-a b-]{+c d+}" reads as one edit rather than two;
/// both sides stay exact (old text = same + deleted, new = same + inserted).
#[derive(Default)]
struct DiffBuilder {
    done: Vec<Segment>,
    deleted: String,
    inserted: String,
    /// Unchanged spaces seen inside a replacement, not yet known to belong to it.
    pending_space: String,
    /// Whether the old / new side has text yet (so needs a paragraph break
    /// before its next paragraph).
    old_started: bool,
    new_started: bool,
    diff: WordDiff,
}

impl DiffBuilder {
    /// The break before a paragraph present in the old and/or new text: kept
    /// only on the sides that already have text, so that each side reads
    /// back exactly (`"[-P1\n\n-]P2"` when the first paragraph was deleted).
    fn paragraph_break(&mut self, old: bool, new: bool) {
        match (old && self.old_started, new && self.new_started) {
            (true, true) => self.same(PARAGRAPH_BREAK),
            (true, false) => self.change(ChangeTag::Delete, PARAGRAPH_BREAK),
            (false, true) => self.change(ChangeTag::Insert, PARAGRAPH_BREAK),
            (false, false) => {}
        }
    }

    fn same(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.old_started = true;
        self.new_started = true;
        let replacing = !self.deleted.is_empty() && !self.inserted.is_empty();
        if replacing && text.chars().all(|c| c == ' ') {
            self.pending_space.push_str(text);
            return;
        }
        self.flush();
        push_same(&mut self.done, text);
    }

    fn change(&mut self, tag: ChangeTag, token: &str) {
        if tag == ChangeTag::Equal {
            return self.same(token);
        }
        match tag {
            ChangeTag::Delete => self.old_started = true,
            _ => self.new_started = true,
        }
        if !self.pending_space.is_empty() {
            let space = std::mem::take(&mut self.pending_space);
            self.deleted.push_str(&space);
            self.inserted.push_str(&space);
        }
        if self.deleted.is_empty() && self.inserted.is_empty() {
            self.diff.hunks += 1;
        }
        let words = text::count_words(token);
        if tag == ChangeTag::Delete {
            self.deleted.push_str(token);
            self.diff.deleted_words += words;
        } else {
            self.inserted.push_str(token);
            self.diff.inserted_words += words;
        }
    }

    fn flush(&mut self) {
        if !self.deleted.is_empty() {
            self.done
                .push(Segment::Deleted(std::mem::take(&mut self.deleted)));
        }
        if !self.inserted.is_empty() {
            self.done
                .push(Segment::Inserted(std::mem::take(&mut self.inserted)));
        }
        let space = std::mem::take(&mut self.pending_space);
        push_same(&mut self.done, &space);
    }

    fn finish(mut self) -> WordDiff {
        self.flush();
        self.diff.segments = self.done;
        self.diff
    }
}

fn push_same(done: &mut Vec<Segment>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Segment::Same(last)) = done.last_mut() {
        last.push_str(text);
    } else {
        done.push(Segment::Same(text.to_owned()));
    }
}
