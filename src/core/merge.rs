//! Three-way merge of a department's draft into the consolidated one, section
//! by section: the plan (who changed what since the two diverged) and the
//! result of the office's decisions. Structure changes (moves, renumbering,
//! added and removed sections) merge like text changes.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::diff::{Segment, Status, WordDiff, diff_drafts, word_diff};
use super::draft::{Draft, DraftIndex, Footnote, Section};

/// What merging a department's branch does to one section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MergeAction {
    /// Only the department changed it: take its version.
    Take,
    /// Only `main` changed it, or nobody did: keep `main`'s.
    Keep,
    /// Both changed it, differently: someone must decide.
    Conflict,
    /// Both made the same change.
    Same,
    /// The department added it.
    Add,
    /// The department removed it.
    Remove,
}

impl MergeAction {
    pub fn as_str(self) -> &'static str {
        match self {
            MergeAction::Take => "take",
            MergeAction::Keep => "keep",
            MergeAction::Conflict => "conflict",
            MergeAction::Same => "same",
            MergeAction::Add => "add",
            MergeAction::Remove => "remove",
        }
    }

    /// Whether merging would change `main` here (if accepted).
    pub fn proposes(self) -> bool {
        matches!(
            self,
            MergeAction::Take | MergeAction::Conflict | MergeAction::Add | MergeAction::Remove
        )
    }
}

/// One section in the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionMerge {
    pub id: String,
    pub action: MergeAction,
    /// What `main` and the department each did since the merge base.
    pub main_status: Status,
    pub dept_status: Status,
    /// `main`'s text → the department's: the changes a decision picks from
    /// (title first, then body), as word diffs.
    pub title: WordDiff,
    pub body: WordDiff,
    /// For a conflict: what each side changed since the merge base, so the
    /// office sees both edits rather than one side's as undoing the other's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sides: Option<Box<ConflictSides>>,
}

/// Both sides of a conflict against their merge base (title and body).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConflictSides {
    pub main_title: WordDiff,
    pub main_body: WordDiff,
    pub dept_title: WordDiff,
    pub dept_body: WordDiff,
}

impl SectionMerge {
    /// The separate changes of title and body together (what per-change
    /// decisions are indexed by).
    pub fn change_count(&self) -> usize {
        self.title.hunks + self.body.hunks
    }
}

/// Every section of either side, in the department's reading order then the
/// rest of `main`'s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergePlan {
    pub sections: Vec<SectionMerge>,
}

impl MergePlan {
    pub fn section(&self, id: &str) -> Option<&SectionMerge> {
        self.sections.iter().find(|s| s.id == id)
    }

    pub fn conflicts(&self) -> impl Iterator<Item = &SectionMerge> {
        self.sections
            .iter()
            .filter(|s| s.action == MergeAction::Conflict)
    }
}

/// The office's decision on one section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "decision", content = "value")]
pub enum Decision {
    /// Take the department's version.
    Accept,
    /// Keep `main`'s.
    Reject,
    /// Per change (title's then body's): `true` takes the department's words.
    Changes(Vec<bool>),
    /// The office's own text for the body (title: the department's).
    Edited(String),
}

/// Decisions by section id. A missing entry means the default: accept what
/// only the department changed; a conflict has no default.
pub type Decisions = BTreeMap<String, Decision>;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error("{} conflict(s) not decided: {}", .0.len(), .0.join(", "))]
    Undecided(Vec<String>),
    #[error("decision for `{id}` has {given} change(s), the section has {expected}")]
    WrongChangeCount {
        id: String,
        given: usize,
        expected: usize,
    },
}

/// Classifies every section: `base` is the merge base of `main` and the
/// department's branch.
pub fn plan(base: &Draft, main: &Draft, dept: &Draft) -> MergePlan {
    let to_main = diff_drafts(base, main);
    let to_dept = diff_drafts(base, dept);
    // Every look-up by id through a hash: a walk per section is quadratic.
    let statuses = |d: &super::diff::DraftDiff| -> HashMap<String, Status> {
        let mut map = HashMap::with_capacity(d.sections.len());
        for s in &d.sections {
            map.entry(s.id.clone()).or_insert(s.status);
        }
        map
    };
    let (to_main, to_dept) = (statuses(&to_main), statuses(&to_dept));
    let status =
        |d: &HashMap<String, Status>, id: &str| d.get(id).copied().unwrap_or(Status::Unchanged);
    let (base_index, main_index, dept_index) = (base.index(), main.index(), dept.index());
    let mut seen: HashSet<&str> = HashSet::new();
    let ids: Vec<&str> = dept_index
        .outline
        .iter()
        .chain(&main_index.outline)
        .chain(&base_index.outline)
        .map(|p| p.section.id.as_str())
        .filter(|id| seen.insert(id))
        .collect();
    let sections = ids
        .into_iter()
        .map(|id| {
            let (m, d) = (status(&to_main, id), status(&to_dept, id));
            let (ms, ds) = (main_index.section(id), dept_index.section(id));
            let equal = match (ms, ds) {
                (Some(a), Some(b)) => same_version(&main_index, a, &dept_index, b),
                (None, None) => true,
                _ => false,
            };
            use Status::*;
            let action = match (m, d) {
                (_, Unchanged) => MergeAction::Keep,
                (Unchanged, Changed) => MergeAction::Take,
                (Unchanged, Removed) => MergeAction::Remove,
                (Removed, Removed) => MergeAction::Same,
                (Added, Added) | (Changed, Changed) if equal => MergeAction::Same,
                (_, Added) if ms.is_none() => MergeAction::Add,
                _ => MergeAction::Conflict,
            };
            let text = |s: Option<&Section>, title: bool| -> String {
                s.map(|s| {
                    if title {
                        s.title.clone().unwrap_or_default()
                    } else {
                        s.body.clone()
                    }
                })
                .unwrap_or_default()
            };
            let sides = (action == MergeAction::Conflict).then(|| {
                let bs = base_index.section(id);
                Box::new(ConflictSides {
                    main_title: word_diff(&text(bs, true), &text(ms, true)),
                    main_body: word_diff(&text(bs, false), &text(ms, false)),
                    dept_title: word_diff(&text(bs, true), &text(ds, true)),
                    dept_body: word_diff(&text(bs, false), &text(ds, false)),
                })
            });
            SectionMerge {
                id: id.to_owned(),
                action,
                main_status: m,
                dept_status: d,
                title: word_diff(&text(ms, true), &text(ds, true)),
                body: word_diff(&text(ms, false), &text(ds, false)),
                sides,
            }
        })
        .collect();
    MergePlan { sections }
}

/// Two versions of a section are the same change if everything a reader
/// sees of it (and where it is) is equal.
fn same_version(
    a_draft: &DraftIndex<'_>,
    a: &Section,
    b_draft: &DraftIndex<'_>,
    b: &Section,
) -> bool {
    let notes = |d: &DraftIndex<'_>, s: &Section| -> Vec<(String, String)> {
        d.cited_footnotes(s)
            .into_iter()
            .map(|f| (f.id.clone(), f.text.clone()))
            .collect()
    };
    let parent =
        |d: &DraftIndex<'_>, id: &str| d.placed(id).and_then(|p| p.parent.map(str::to_owned));
    a.title == b.title
        && a.body == b.body
        && a.number == b.number
        && a.owner == b.owner
        && notes(a_draft, a) == notes(b_draft, b)
        && parent(a_draft, &a.id) == parent(b_draft, &b.id)
}

/// The draft that results from `main` with the decisions applied.
pub fn apply(
    plan: &MergePlan,
    base: &Draft,
    main: &Draft,
    dept: &Draft,
    decisions: &Decisions,
) -> Result<Draft, MergeError> {
    let undecided: Vec<String> = plan
        .conflicts()
        .filter(|s| !decisions.contains_key(&s.id))
        .map(|s| s.id.clone())
        .collect();
    if !undecided.is_empty() {
        return Err(MergeError::Undecided(undecided));
    }
    let mut result = main.clone();
    let dept_index = dept.index();
    let dept_places: HashMap<&str, (Option<&str>, Option<&str>)> = {
        let mut places = HashMap::new();
        for p in &dept_index.outline {
            let siblings = match p.parent.and_then(|id| dept_index.section(id)) {
                Some(parent) => &parent.sections[..],
                None => &dept.sections[..],
            };
            let previous = p
                .index
                .checked_sub(1)
                .and_then(|i| siblings.get(i))
                .map(|s| s.id.as_str());
            places.insert(p.section.id.as_str(), (p.parent, previous));
        }
        places
    };
    let moved_in_dept: HashSet<String> = diff_drafts(base, dept)
        .sections
        .into_iter()
        .filter(|s| s.changes.moved)
        .map(|s| s.id)
        .collect();

    // Footnotes cited by the department's version of a section whose
    // text it takes: only their text may change (a rejected section keeps
    // `main`'s footnotes, which are part of its content).
    let mut taken_notes: HashSet<String> = HashSet::new();
    let mut paths = Paths::default();
    for s in &plan.sections {
        if !s.action.proposes() {
            continue;
        }
        let decision = decisions.get(&s.id).cloned().unwrap_or(Decision::Accept);
        if decision == Decision::Reject {
            continue;
        }
        let theirs = dept_index.section(&s.id);
        if let Some(t) = theirs {
            taken_notes.extend(
                dept_index
                    .cited_footnotes(t)
                    .into_iter()
                    .map(|f| f.id.clone()),
            );
        }
        let place = dept_places.get(s.id.as_str()).copied();
        match (theirs, paths.get(&result, &s.id).is_some()) {
            // The department removed it. Its children are decided on their
            // own (later in the plan): until then they take its place, so
            // one the office keeps is not lost with it.
            (None, true) => {
                remove_keeping_children(&mut result.sections, &s.id);
                paths.changed();
            }
            (None, false) => {}
            // Added by the department (or removed by main and kept by it).
            (Some(t), false) => {
                let mut new = t.clone();
                new.sections.clear();
                apply_text(&mut new, s, &decision, t)?;
                let (parent, previous) = place.unwrap_or((None, None));
                insert(&mut result, parent, previous, new);
                paths.changed();
            }
            (Some(t), true) => {
                let path = paths.get(&result, &s.id).expect("checked").clone();
                let mine = at_path(&mut result.sections, &path).expect("a path of the result");
                mine.number = t.number.clone();
                mine.owner = t.owner.clone();
                apply_text(mine, s, &decision, t)?;
                if moved_in_dept.contains(&s.id) {
                    if let (Some(moving), Some((parent, previous))) =
                        (take(&mut result.sections, &s.id), place)
                    {
                        insert(&mut result, parent, previous, moving);
                    }
                    paths.changed();
                }
            }
        }
    }
    carry_footnotes(&mut result, main, base, dept, &taken_notes);
    result.normalize();
    Ok(result)
}

/// Sets the section's title and body from the department's version, or the
/// chosen changes of it, or the office's own text.
fn apply_text(
    mine: &mut Section,
    s: &SectionMerge,
    decision: &Decision,
    theirs: &Section,
) -> Result<(), MergeError> {
    match decision {
        Decision::Accept | Decision::Reject => {
            mine.title = theirs.title.clone();
            mine.body = theirs.body.clone();
        }
        Decision::Edited(text) => {
            mine.title = theirs.title.clone();
            mine.body = text.clone();
        }
        Decision::Changes(mask) => {
            if mask.len() != s.change_count() {
                return Err(MergeError::WrongChangeCount {
                    id: s.id.clone(),
                    given: mask.len(),
                    expected: s.change_count(),
                });
            }
            let (title_mask, body_mask) = mask.split_at(s.title.hunks);
            let title = pick(&s.title, title_mask);
            mine.title = (!title.trim().is_empty()).then_some(title);
            mine.body = pick(&s.body, body_mask);
        }
    }
    Ok(())
}

/// The text with the chosen changes applied: for each change (a deletion
/// and/or insertion between unchanged runs), `true` takes the new words.
pub fn pick(diff: &WordDiff, accept: &[bool]) -> String {
    let mut out = String::new();
    let mut change = 0;
    let mut in_change = false;
    for seg in &diff.segments {
        match seg {
            Segment::Same(t) => {
                if in_change {
                    change += 1;
                    in_change = false;
                }
                out.push_str(t);
            }
            Segment::Deleted(t) => {
                in_change = true;
                if !accept.get(change).copied().unwrap_or(false) {
                    out.push_str(t);
                }
            }
            Segment::Inserted(t) => {
                in_change = true;
                if accept.get(change).copied().unwrap_or(false) {
                    out.push_str(t);
                }
            }
        }
    }
    out
}

/// Where each section of the merge result is (child indexes from the top),
/// by id, so changing a section's text finds it in O(depth). Built when
/// first needed and again after the tree's shape changed.
#[derive(Default)]
struct Paths(Option<HashMap<String, Vec<usize>>>);

impl Paths {
    fn get(&mut self, d: &Draft, id: &str) -> Option<&Vec<usize>> {
        self.0
            .get_or_insert_with(|| {
                fn walk(
                    sections: &[Section],
                    path: &mut Vec<usize>,
                    out: &mut HashMap<String, Vec<usize>>,
                ) {
                    for (i, s) in sections.iter().enumerate() {
                        path.push(i);
                        out.entry(s.id.clone()).or_insert_with(|| path.clone());
                        walk(&s.sections, path, out);
                        path.pop();
                    }
                }
                let mut out = HashMap::new();
                walk(&d.sections, &mut Vec::new(), &mut out);
                out
            })
            .get(id)
    }

    fn changed(&mut self) {
        self.0 = None;
    }
}

fn at_path<'a>(sections: &'a mut [Section], path: &[usize]) -> Option<&'a mut Section> {
    let (first, rest) = path.split_first()?;
    let s = sections.get_mut(*first)?;
    if rest.is_empty() {
        Some(s)
    } else {
        at_path(&mut s.sections, rest)
    }
}

/// Removes a section, putting its children where it was.
fn remove_keeping_children(sections: &mut Vec<Section>, id: &str) -> bool {
    if let Some(i) = sections.iter().position(|s| s.id == id) {
        let removed = sections.remove(i);
        sections.splice(i..i, removed.sections);
        return true;
    }
    sections
        .iter_mut()
        .any(|s| remove_keeping_children(&mut s.sections, id))
}

fn take(sections: &mut Vec<Section>, id: &str) -> Option<Section> {
    if let Some(i) = sections.iter().position(|s| s.id == id) {
        return Some(sections.remove(i));
    }
    sections.iter_mut().find_map(|s| take(&mut s.sections, id))
}

/// Inserts under `parent` right after `previous` (first if absent), falling
/// back to the top level when the parent is not in the result.
fn insert(d: &mut Draft, parent: Option<&str>, previous: Option<&str>, section: Section) {
    let list = match parent {
        Some(p) if d.section(p).is_some() => &mut d.section_mut(p).expect("checked").sections,
        _ => &mut d.sections,
    };
    let at = previous
        .and_then(|prev| list.iter().position(|s| s.id == prev))
        .map_or(0, |i| i + 1);
    list.insert(at.min(list.len()), section);
}

/// Footnotes the merged text cites but `main` lacks come from the department;
/// a footnote only the department changed takes its text if it is cited by
/// a section whose text was taken (`taken_notes`).
fn carry_footnotes(
    result: &mut Draft,
    main: &Draft,
    base: &Draft,
    dept: &Draft,
    taken_notes: &HashSet<String>,
) {
    let cited: Vec<String> = result
        .outline()
        .iter()
        .flat_map(|p| {
            let s = p.section;
            s.title
                .iter()
                .map(String::as_str)
                .chain([s.body.as_str()])
                .flat_map(super::text::footnote_refs)
                .map(|(_, id)| id.to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    let (dept, base, main) = (dept.index(), base.index(), main.index());
    // Where each footnote id first is in the result, kept up to date.
    let mut at: HashMap<String, usize> = HashMap::new();
    for (i, f) in result.footnotes.iter().enumerate() {
        at.entry(f.id.clone()).or_insert(i);
    }
    for id in cited {
        let Some(theirs) = dept.footnote(&id) else {
            continue;
        };
        match at.get(&id).copied() {
            None => {
                at.insert(id.clone(), result.footnotes.len());
                result.footnotes.push(Footnote {
                    id: id.clone(),
                    text: theirs.text.clone(),
                });
            }
            Some(i) => {
                let f = &mut result.footnotes[i];
                let base_text = base.footnote(&id).map(|f| f.text.as_str());
                let main_text = main.footnote(&id).map(|f| f.text.as_str());
                if main_text == base_text && f.text != theirs.text && taken_notes.contains(&id) {
                    f.text = theirs.text.clone();
                }
            }
        }
    }
}
