use foldhash::HashMap;
use std::borrow::Borrow;

use serde::{Deserialize, Serialize};

use super::*;
use crate::core::config::{Config, Requirement};
use crate::core::draft::{Draft, DraftIndex, Section};
use crate::core::policy;

/// A section's review state, as `duyet status` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    Pending,
    Approved,
    Stale,
    ChangesRequested,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Approved => "approved",
            State::Stale => "stale",
            State::ChangesRequested => "changes-requested",
        }
    }
}

/// Why a record does not count. `Display` is the English fact (what
/// `status --json` prints); people read it through `i18n::errors`. Its
/// serde form is the cache's (`ReviewSummary`), not for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NotCounted {
    /// A rule of `core::policy` (who may, what must be signed).
    #[error("{0}")]
    Refused(policy::Refusal),
    /// A resolution of a change request, which its author closes instead.
    #[error("a change request is closed by its author approving or withdrawing it")]
    ChangeRequestResolved,
    /// A decision about a part of the report that is not a section.
    #[error("parts of a report that are not sections are commented on, not approved")]
    DecisionOnPart,
}

/// An approval or change request, judged against the policy and the content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub record: ReviewRecord,
    /// The requirements of the policy this decision meets (empty if it meets none).
    pub meets: Vec<Requirement>,
    /// Why it does not count, if it does not.
    pub not_counted: Option<NotCounted>,
    /// The section's content changed since (the hash no longer matches).
    pub stale: bool,
}

impl Decision {
    pub fn counts(&self) -> bool {
        self.not_counted.is_none()
    }

    /// A counted approval of the content as it is now.
    pub fn is_current_approval(&self) -> bool {
        self.record.action == Action::Approve && self.counts() && !self.stale
    }
}

/// A comment, or a change request, and the replies to it.
pub type Thread = ThreadOf<ReviewRecord>;

/// A thread whose records are held as `R`: owned (`Thread`), or borrowed
/// from the records folded (`review_section`), so that a summary that only
/// counts threads never copies their texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThreadOf<R> {
    /// A `comment` or a `request-changes` record.
    pub root: R,
    pub replies: Vec<R>,
    pub resolved_by: Option<R>,
    /// For a comment on a phrase: whether the phrase is still in the section.
    pub quote_found: Option<bool>,
    /// A change request its author has since replaced (by approving or by
    /// another decision) or withdrawn: the thread is closed.
    pub superseded: bool,
    /// Why the thread does not count (its author is not in `duyet.yaml`).
    pub not_counted: Option<NotCounted>,
}

impl<R: Borrow<ReviewRecord>> ThreadOf<R> {
    pub fn is_open(&self) -> bool {
        self.resolved_by.is_none() && !self.superseded && self.not_counted.is_none()
    }

    /// Whether this is a change request's thread (rather than a comment's).
    pub fn is_change_request(&self) -> bool {
        self.root.borrow().action == Action::RequestChanges
    }

    /// The last time anyone wrote in this thread.
    pub fn last(&self) -> &ReviewRecord {
        self.replies.last().unwrap_or(&self.root).borrow()
    }
}

impl ThreadOf<&ReviewRecord> {
    /// The thread with its records copied.
    pub fn owned(self) -> Thread {
        ThreadOf {
            root: self.root.clone(),
            replies: self.replies.into_iter().cloned().collect(),
            resolved_by: self.resolved_by.cloned(),
            quote_found: self.quote_found,
            superseded: self.superseded,
            not_counted: self.not_counted,
        }
    }
}

/// Everything known about one section's review.
pub type SectionReview = SectionReviewOf<ReviewRecord>;

/// A section's review whose threads hold their records as `R` (as
/// `ThreadOf`). Decisions are always copied: they are few.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionReviewOf<R> {
    pub id: String,
    pub owner: String,
    pub state: State,
    /// The content hash now.
    pub hash: String,
    /// Each person's latest approval or change request, oldest first.
    pub decisions: Vec<Decision>,
    /// Requirements not met by a valid approval.
    pub missing: Vec<Requirement>,
    pub threads: Vec<ThreadOf<R>>,
    /// Replies and resolutions that do not count, each with the reason (the
    /// writer is not in `duyet.yaml`, or may not resolve that thread).
    pub not_counted: Vec<(R, NotCounted)>,
}

impl SectionReviewOf<&ReviewRecord> {
    /// The review with its threads' records copied.
    pub fn owned(self) -> SectionReview {
        SectionReviewOf {
            id: self.id,
            owner: self.owner,
            state: self.state,
            hash: self.hash,
            decisions: self.decisions,
            missing: self.missing,
            threads: self.threads.into_iter().map(ThreadOf::owned).collect(),
            not_counted: self
                .not_counted
                .into_iter()
                .map(|(r, why)| (r.clone(), why))
                .collect(),
        }
    }
}

impl<R: Borrow<ReviewRecord>> SectionReviewOf<R> {
    /// Open comment threads (change requests show as the section's state).
    pub fn open_threads(&self) -> usize {
        self.threads
            .iter()
            .filter(|t| t.is_open() && !t.is_change_request())
            .count()
    }

    /// Counted, current approvals.
    pub fn approvals(&self) -> impl Iterator<Item = &Decision> {
        self.decisions.iter().filter(|d| d.is_current_approval())
    }

    /// This person's latest counted approval, if any (current or stale).
    pub fn approval_by(&self, email: &str) -> Option<&Decision> {
        self.decisions.iter().find(|d| {
            d.record.action == Action::Approve && d.record.author_email.eq_ignore_ascii_case(email)
        })
    }
}

/// The review of a whole draft at one revision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DraftReview {
    pub sections: Vec<SectionReview>,
    /// The parts that are not sections (`Part`), each with its comments.
    pub parts: Vec<SectionReview>,
    /// Records about this draft whose section no longer exists.
    pub orphans: Vec<ReviewRecord>,
    /// Commits on the records ref that could not be read as records and
    /// concern this draft (or name none): they count as nothing, and are
    /// shown as "not counted: unreadable record". `fold` leaves this empty;
    /// `ops::review::status` fills it from what the store read.
    pub unreadable: Vec<UnreadableRecord>,
    /// Why the records may not be all there are (a shallow or incomplete
    /// history); filled like `unreadable`.
    pub warnings: Vec<ReadWarning>,
    /// Lint findings set aside, each by its latest dismissal that counts (by
    /// someone who may comment, its signature holding when required).
    pub dismissed: Vec<ReviewRecord>,
}

impl DraftReview {
    /// The dismissal of the lint finding `key`, if it is dismissed.
    pub fn dismissal(&self, key: &str) -> Option<&ReviewRecord> {
        self.dismissed
            .iter()
            .find(|r| r.finding.as_deref() == Some(key))
    }

    pub fn section(&self, id: &str) -> Option<&SectionReview> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// The review of a part (`_preamble`, …).
    pub fn part(&self, part: Part) -> Option<&SectionReview> {
        self.parts.iter().find(|s| s.id == part.id())
    }

    pub fn approved_count(&self) -> usize {
        self.sections
            .iter()
            .filter(|s| s.state == State::Approved)
            .count()
    }
}

/// Folds records (oldest first) into the review of `draft` (at `path`).
pub fn fold(
    records: &[ReviewRecord],
    path: &str,
    draft: &Draft,
    config: Option<&Config>,
) -> DraftReview {
    let folded = fold_split(records, path, draft, config, FOLD_PARALLEL_FROM, &|s| {
        s.owned()
    });
    DraftReview {
        sections: folded.sections,
        parts: folded.parts,
        orphans: folded.orphans,
        unreadable: Vec::new(),
        warnings: Vec::new(),
        dismissed: folded.dismissed,
    }
}

/// What `fold_with` gives: each section's review as `keep` kept it.
#[derive(Debug, PartialEq)]
pub(super) struct Folded<T> {
    pub sections: Vec<T>,
    pub parts: Vec<SectionReview>,
    pub orphans: Vec<ReviewRecord>,
    pub dismissed: Vec<ReviewRecord>,
}

/// `fold`, each section's review handed to `keep` as soon as it is folded
/// — so that a caller keeping less of it (`ReviewSummary`) never holds
/// every section's threads at once. On two threads when there are many
/// records and `parallel`.
pub(super) fn fold_with<T: Send>(
    records: &[ReviewRecord],
    path: &str,
    draft: &Draft,
    config: Option<&Config>,
    parallel: bool,
    keep: &(dyn Fn(SectionReviewOf<&ReviewRecord>) -> T + Sync),
) -> Folded<T> {
    let from = if parallel {
        FOLD_PARALLEL_FROM
    } else {
        usize::MAX
    };
    fold_split(records, path, draft, config, from, keep)
}

/// `fold_with`, on two threads from `parallel_from` records on.
fn fold_split<T: Send>(
    records: &[ReviewRecord],
    path: &str,
    draft: &Draft,
    config: Option<&Config>,
    parallel_from: usize,
    keep: &(dyn Fn(SectionReviewOf<&ReviewRecord>) -> T + Sync),
) -> Folded<T> {
    let index = draft.index();
    let outline = &index.outline;
    let mut by_section: HashMap<&str, Vec<&ReviewRecord>> = HashMap::default();
    let mut orphans = Vec::new();
    let known: foldhash::HashSet<&str> = outline.iter().map(|p| p.section.id.as_str()).collect();
    let mut by_part: HashMap<Part, Vec<&ReviewRecord>> = HashMap::default();
    let mut dismissed: Vec<ReviewRecord> = Vec::new();
    for r in records.iter().filter(|r| r.draft == path) {
        if r.action == Action::Dismiss {
            let who = r.author();
            let counts = policy::may_comment(config, &who)
                .and_then(|()| policy::signature_holds(config, &who, &r.signed, false))
                .is_ok();
            if let (true, Some(key)) = (counts, &r.finding) {
                dismissed.retain(|d| d.finding.as_ref() != Some(key));
                dismissed.push(r.clone());
            }
        } else if known.contains(r.section.as_str()) {
            by_section.entry(r.section.as_str()).or_default().push(r);
        } else if let Some(part) = Part::parse(&r.section) {
            by_part.entry(part).or_default().push(r);
        } else {
            orphans.push(r.clone());
        }
    }
    let parts = Part::ALL
        .into_iter()
        .filter(|p| p.exists(draft) || by_part.contains_key(p))
        .map(|p| {
            let records = by_part.get(&p).map(Vec::as_slice).unwrap_or_default();
            review_part(draft, p, records, config)
        })
        .collect();
    // Each section's records (a repeated id gets them the first time only).
    let mut given: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let jobs: Vec<(&Section, &[&ReviewRecord])> = outline
        .iter()
        .map(|p| {
            let s = p.section;
            let records = match by_section.get(s.id.as_str()) {
                Some(list) if given.insert(s.id.as_str()) => list.as_slice(),
                _ => &[],
            };
            (s, records)
        })
        .collect();
    let review = |jobs: &[(&Section, &[&ReviewRecord])]| -> Vec<T> {
        jobs.iter()
            .map(|(s, records)| keep(review_section(&index, s, records, config)))
            .collect()
    };
    let sections = match split_for_threads(&jobs, records.len(), parallel_from) {
        // Many records: the second half of the sections (by records) on
        // another thread. Most of the time goes to copying the records the
        // review keeps (threads, decisions), which the halves do apart.
        Some(at) => std::thread::scope(|scope| {
            let (first, second) = jobs.split_at(at);
            let other = scope.spawn(move || review(second));
            let mut sections = review(first);
            match other.join() {
                Ok(rest) => sections.extend(rest),
                Err(panic) => std::panic::resume_unwind(panic),
            }
            sections
        }),
        None => review(&jobs),
    };
    Folded {
        sections,
        parts,
        orphans,
        dismissed,
    }
}

/// Below this many records, `fold` uses one thread.
const FOLD_PARALLEL_FROM: usize = 8192;

/// Where to cut the sections so that each half has about half the records,
/// if there are enough records and more than one processor to share them.
fn split_for_threads(
    jobs: &[(&Section, &[&ReviewRecord])],
    records: usize,
    parallel_from: usize,
) -> Option<usize> {
    if records < parallel_from || std::thread::available_parallelism().map_or(1, |n| n.get()) < 2 {
        return None;
    }
    let total: usize = jobs.iter().map(|(_, r)| r.len()).sum();
    let mut sum = 0;
    let at = jobs.iter().position(|(_, r)| {
        sum += r.len();
        sum * 2 >= total
    })?;
    Some(at + 1).filter(|&at| at < jobs.len())
}

fn review_section<'r>(
    index: &DraftIndex<'_>,
    section: &Section,
    records: &[&'r ReviewRecord],
    config: Option<&Config>,
) -> SectionReviewOf<&'r ReviewRecord> {
    let hash = hash_of(section, &index.cited_footnotes(section));
    let standing = standing_decisions(records);

    let decisions: Vec<Decision> = standing
        .iter()
        .map(|r| {
            let who = r.author();
            let not_counted = policy::may_decide(config, &who, &section.owner)
                .and_then(|()| policy::signature_holds(config, &who, &r.signed, true))
                .err()
                .map(NotCounted::Refused);
            let meets = match (config, &not_counted) {
                (Some(c), None) => c
                    .person_by_email(&who.email)
                    .map(|p| policy::meets(c, p, &section.owner))
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            Decision {
                record: (*r).clone(),
                meets,
                not_counted,
                stale: r.section_hash != hash,
            }
        })
        .collect();

    let required: Vec<Requirement> = config
        .map(|c| c.approval.required.clone())
        .unwrap_or_default();
    let met_by = |stale: bool| {
        let decisions = &decisions;
        move |req: &Requirement| {
            decisions.iter().any(|d| {
                d.counts()
                    && d.record.action == Action::Approve
                    && d.stale == stale
                    && d.meets.contains(req)
            })
        }
    };
    let missing: Vec<Requirement> = required
        .iter()
        .filter(|r| !met_by(false)(r))
        .copied()
        .collect();
    let requested = decisions
        .iter()
        .any(|d| d.counts() && d.record.action == Action::RequestChanges);
    let state = if requested {
        State::ChangesRequested
    } else if config.is_some() && !required.is_empty() && missing.is_empty() {
        State::Approved
    } else if missing.iter().any(|r| met_by(true)(r)) {
        State::Stale
    } else {
        State::Pending
    };

    let standing_ids: std::collections::HashSet<&str> =
        standing.iter().map(|r| r.id.as_str()).collect();
    let (threads, not_counted) = threads(
        || SectionText::new(section),
        records,
        config,
        &section.owner,
        &standing_ids,
    );
    SectionReviewOf {
        id: section.id.clone(),
        owner: section.owner.clone(),
        state,
        hash,
        decisions,
        missing,
        threads,
        not_counted,
    }
}

/// The comments on a part of the report that is not a section. Parts are
/// commented on, not approved: a decision about one does not count.
fn review_part(
    draft: &Draft,
    part: Part,
    records: &[&ReviewRecord],
    config: Option<&Config>,
) -> SectionReview {
    let text = part.text(draft);
    let (threads, mut not_counted) = threads(
        || SectionText::from_text(None, &text),
        records,
        config,
        "",
        &std::collections::HashSet::new(),
    );
    for r in records
        .iter()
        .filter(|r| matches!(r.action, Action::Approve | Action::RequestChanges))
    {
        not_counted.push((*r, NotCounted::DecisionOnPart));
    }
    SectionReviewOf {
        id: part.id().to_owned(),
        owner: String::new(),
        state: State::Pending,
        hash: part_hash(draft, part),
        decisions: Vec::new(),
        missing: Vec::new(),
        threads,
        not_counted,
    }
    .owned()
}

/// Each person's standing decision on a section, oldest first: their latest
/// approval or change request (an approval after a change request replaces
/// it, and the other way round), unless they withdrew it since. A withdraw
/// counts only from the decision's own author and only for the decision
/// still standing; any other is ignored.
pub fn standing_decisions<'a>(records: &[&'a ReviewRecord]) -> Vec<&'a ReviewRecord> {
    // (author, their standing decision), in order of first appearance.
    let mut latest: Vec<(&str, Option<&ReviewRecord>)> = Vec::new();
    for r in records {
        let decides = matches!(r.action, Action::Approve | Action::RequestChanges);
        if !decides && r.action != Action::Withdraw {
            continue;
        }
        let slot = match latest
            .iter()
            .position(|(who, _)| who.eq_ignore_ascii_case(&r.author_email))
        {
            Some(i) => &mut latest[i].1,
            None => {
                latest.push((r.author_email.as_str(), None));
                &mut latest.last_mut().expect("pushed").1
            }
        };
        if decides {
            *slot = Some(r);
        } else if slot.is_some_and(|d| r.reply_to.as_deref() == Some(d.id.as_str())) {
            *slot = None;
        }
    }
    latest.into_iter().filter_map(|(_, d)| d).collect()
}

/// The threads of one section (or part), and the records in them that do
/// not count: comments and replies from people not in `duyet.yaml`, and
/// resolutions by someone who may not resolve that thread. `standing` holds
/// the ids of the change requests still standing (others' threads are closed).
#[allow(clippy::type_complexity)]
fn threads<'r>(
    text: impl FnOnce() -> SectionText,
    records: &[&'r ReviewRecord],
    config: Option<&Config>,
    owner: &str,
    standing: &std::collections::HashSet<&str>,
) -> (
    Vec<ThreadOf<&'r ReviewRecord>>,
    Vec<(&'r ReviewRecord, NotCounted)>,
) {
    let mut threads: Vec<ThreadOf<&ReviewRecord>> = Vec::new();
    let mut not_counted = Vec::new();
    // Which thread each record id belongs to, so a reply to a reply lands in
    // the thread of the first comment.
    let mut home: HashMap<&str, usize> = HashMap::default();
    // The section's text squashed once, when the first quote needs it
    // (squashing a long body for every quoted comment is what took time).
    let mut text = Some(text);
    let mut phrases: Option<SectionText> = None;
    for r in records {
        match r.action {
            Action::Comment | Action::RequestChanges => {
                home.insert(&r.id, threads.len());
                let quote_found = r.quote.as_ref().map(|q| {
                    phrases
                        .get_or_insert_with(|| text.take().map(|f| f()).unwrap_or_default())
                        .contains(q)
                });
                let change_request = r.action == Action::RequestChanges;
                let who = r.author();
                let refusal = if change_request {
                    policy::may_decide(config, &who, owner)
                } else {
                    policy::may_comment(config, &who)
                }
                .and_then(|()| policy::signature_holds(config, &who, &r.signed, change_request))
                .err()
                .map(NotCounted::Refused);
                threads.push(ThreadOf {
                    root: *r,
                    replies: Vec::new(),
                    resolved_by: None,
                    quote_found,
                    superseded: change_request && !standing.contains(r.id.as_str()),
                    not_counted: refusal,
                });
            }
            Action::Reply | Action::Resolve => {
                let Some(&t) = r.reply_to.as_deref().and_then(|to| home.get(to)) else {
                    continue;
                };
                let thread = &mut threads[t];
                let signed = policy::signature_holds(config, &r.author(), &r.signed, false);
                let refusal = if let Err(refusal) = signed {
                    Some(NotCounted::Refused(refusal))
                } else if r.action == Action::Reply {
                    policy::may_comment(config, &r.author())
                        .err()
                        .map(NotCounted::Refused)
                } else if thread.is_change_request() {
                    Some(NotCounted::ChangeRequestResolved)
                } else {
                    policy::may_resolve(config, &r.author(), owner, &thread.root.author_email)
                        .err()
                        .map(NotCounted::Refused)
                };
                if let Some(why) = refusal {
                    not_counted.push((*r, why));
                    continue;
                }
                home.insert(&r.id, t);
                if r.action == Action::Reply {
                    thread.replies.push(*r);
                    // Writing in a resolved thread opens it again.
                    thread.resolved_by = None;
                } else {
                    thread.resolved_by = Some(*r);
                }
            }
            Action::Approve | Action::Withdraw | Action::Dismiss => {}
        }
    }
    (threads, not_counted)
}

/// A quoted phrase as it is stored and compared: NFC, spacing squashed.
pub fn squash_phrase(quote: &str) -> String {
    super::super::text::nfc(quote)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a quoted phrase is in the section (title or body), ignoring
/// differences in spacing and Unicode form. The writer checks a new quote
/// with this too, so a quote accepted when written is found at that revision.
pub fn contains_phrase(section: &Section, quote: &str) -> bool {
    SectionText::new(section).contains(quote)
}

/// A section's title and body as `contains_phrase` compares them, so that
/// many quotes can be looked up in one section squashing it once.
#[derive(Default)]
struct SectionText {
    title: String,
    body: String,
}

impl SectionText {
    fn new(section: &Section) -> SectionText {
        SectionText::from_text(section.title.as_deref(), &section.body)
    }

    fn from_text(title: Option<&str>, body: &str) -> SectionText {
        SectionText {
            title: title.map(squash_phrase).unwrap_or_default(),
            body: squash_phrase(body),
        }
    }

    fn contains(&self, quote: &str) -> bool {
        let quote = squash_phrase(quote);
        self.body.contains(&quote) || self.title.contains(&quote)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::Config;
    use crate::core::{Draft, Moment};

    /// Records of every kind on the sample report's sections, some on
    /// sections or drafts that do not exist, some answering nothing.
    fn records(draft: &Draft, config: &Config, n: usize) -> Vec<ReviewRecord> {
        let ids: Vec<&str> = draft
            .outline()
            .iter()
            .map(|p| p.section.id.as_str())
            .collect();
        let mut out: Vec<ReviewRecord> = Vec::new();
        for i in 0..n {
            let person = &config.people[i * 7 % config.people.len()];
            let section = match i % 53 {
                0 => "khong-con-nua",
                _ => ids[i * 13 % ids.len()],
            };
            let action = [
                Action::Comment,
                Action::Reply,
                Action::Resolve,
                Action::Approve,
                Action::RequestChanges,
            ][i * 3 % 5];
            let reply_to = match action {
                Action::Reply | Action::Resolve if i > 10 => Some(out[i * 31 % i].id.clone()),
                Action::Reply => Some("0".repeat(40)),
                _ => None,
            };
            let hash = match draft.section(section) {
                Some(s) if i % 3 > 0 => section_hash(draft, s),
                _ => "cu".to_owned(),
            };
            out.push(ReviewRecord {
                id: format!("{i:040x}"),
                author_name: person.name.clone(),
                author_email: person.email.clone(),
                time: Moment {
                    seconds: 1_700_000_000 + i as i64,
                    offset_minutes: 420,
                },
                action,
                draft: if i % 41 == 0 {
                    "drafts/khac.yaml"
                } else {
                    "drafts/a.yaml"
                }
                .to_owned(),
                section: section.to_owned(),
                revision: String::new(),
                section_hash: hash,
                reply_to,
                quote: (i % 11 == 0).then(|| ["ngân sách", "không có đâu"][i % 2].to_owned()),
                finding: None,
                summary: format!("Bản ghi {i}"),
                text: format!("Nội dung {i}"),
                signed: Default::default(),
            });
        }
        out
    }

    #[test]
    fn folding_on_two_threads_gives_the_same_review() {
        let draft = crate::core::load_draft(
            "drafts/bao-cao-ubnd-tan-yen-2023.yaml",
            include_bytes!("../../../drafts/bao-cao-ubnd-tan-yen-2023.yaml"),
        )
        .expect("the sample draft loads");
        let config = Config::load("duyet.yaml", include_bytes!("../../../drafts/duyet.yaml"))
            .expect("the sample config loads");
        for n in [0, 1, 40, 3000] {
            let records = records(&draft, &config, n);
            for config in [Some(&config), None] {
                let one = fold_split(
                    &records,
                    "drafts/a.yaml",
                    &draft,
                    config,
                    usize::MAX,
                    &|s| s.owned(),
                );
                let two = fold_split(&records, "drafts/a.yaml", &draft, config, 0, &|s| s.owned());
                assert_eq!(one, two, "{n} records");
                let whole = fold(&records, "drafts/a.yaml", &draft, config);
                assert_eq!(
                    super::super::ReviewSummary::fold(
                        &records,
                        "drafts/a.yaml",
                        &draft,
                        config,
                        n % 2 == 0
                    ),
                    super::super::ReviewSummary::of(&draft, &whole),
                    "{n} records: summarised as folded"
                );
                assert_eq!(
                    (whole.sections, whole.parts, whole.orphans, whole.dismissed),
                    (one.sections, one.parts, one.orphans, one.dismissed)
                );
            }
        }
    }

    #[test]
    fn quotes_are_found_as_before() {
        let draft = crate::core::load_draft(
            "drafts/bao-cao-ubnd-tan-yen-2023.yaml",
            include_bytes!("../../../drafts/bao-cao-ubnd-tan-yen-2023.yaml"),
        )
        .expect("the sample draft loads");
        for p in draft.outline() {
            let s = p.section;
            let text = SectionText::new(s);
            let words: Vec<&str> = s.body.split_whitespace().take(4).collect();
            for quote in [words.join("  "), "không có đâu".to_owned(), String::new()] {
                // As `contains_phrase` was written before it squashed once.
                let squashed = squash_phrase(&quote);
                let title = s.title.as_deref().map(squash_phrase).unwrap_or_default();
                let expected =
                    squash_phrase(&s.body).contains(&squashed) || title.contains(&squashed);
                assert_eq!(text.contains(&quote), expected);
                assert_eq!(contains_phrase(s, &quote), expected);
            }
        }
    }
}
