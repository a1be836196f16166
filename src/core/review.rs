//! Review records — comments, replies, resolutions, approvals and change
//! requests — and the review state they add up to.
//!
//! A record is the message of one commit on `refs/duyet/reviews`: a summary
//! line, the text, then git trailers with ASCII keys (see `docs/reviews.md`).
//! This module formats and parses those messages and folds a list of records
//! into a per-section state. It never stores state: the state is recomputed
//! from the records, so it can never disagree with `git log`.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::config::{Config, Requirement, Role};
pub use super::draft::Part;
use super::draft::{Draft, DraftIndex, Footnote, Section};
use super::policy;
use super::text::clean_message;
use super::{Identity, Moment};

/// The ref that holds every record.
pub const REVIEWS_REF: &str = "refs/duyet/reviews";

/// What a record does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    Comment,
    Reply,
    Resolve,
    Approve,
    RequestChanges,
    /// Takes back the author's own approval or change request (the record
    /// it answers); history keeps both.
    Withdraw,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Comment => "comment",
            Action::Reply => "reply",
            Action::Resolve => "resolve",
            Action::Approve => "approve",
            Action::RequestChanges => "request-changes",
            Action::Withdraw => "withdraw",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Some(match s {
            "comment" => Action::Comment,
            "reply" => Action::Reply,
            "resolve" => Action::Resolve,
            "approve" => Action::Approve,
            "request-changes" => Action::RequestChanges,
            "withdraw" => Action::Withdraw,
            _ => return None,
        })
    }
}

/// Trailer keys. ASCII, so `git interpret-trailers` and `git log --format`
/// read them too.
pub mod trailer {
    pub const ACTION: &str = "Duyet-Action";
    pub const DRAFT: &str = "Duyet-Draft";
    pub const SECTION: &str = "Duyet-Section";
    pub const REVISION: &str = "Duyet-Revision";
    pub const SECTION_HASH: &str = "Duyet-Section-Hash";
    pub const REPLY_TO: &str = "Duyet-Reply-To";
    pub const QUOTE: &str = "Duyet-Quote";
}

/// A record about to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRecord {
    pub action: Action,
    pub draft: String,
    pub section: String,
    /// The commit id of the draft revision reviewed.
    pub revision: String,
    pub section_hash: String,
    pub reply_to: Option<String>,
    /// The words commented on, if the comment is about a phrase.
    pub quote: Option<String>,
    pub text: String,
}

impl NewRecord {
    /// The commit message: `summary`, the text, then the trailers. The
    /// summary (which quotes a section's title) and the text are cleaned as
    /// every message is (`text::clean_message`: control and bidi characters
    /// show as `�`, nothing is dropped).
    pub fn message(&self, summary: &str) -> String {
        let mut m = one_line(&clean_message(summary));
        m.push_str("\n\n");
        let text = clean_message(&self.text);
        if !text.is_empty() {
            m.push_str(&text);
            m.push_str("\n\n");
        }
        let mut t = |k: &str, v: &str| {
            let _ = writeln!(m, "{k}: {}", trailer_value(v));
        };
        t(trailer::ACTION, self.action.as_str());
        t(trailer::DRAFT, &self.draft);
        t(trailer::SECTION, &self.section);
        t(trailer::REVISION, &self.revision);
        t(trailer::SECTION_HASH, &self.section_hash);
        if let Some(r) = &self.reply_to {
            t(trailer::REPLY_TO, r);
        }
        if let Some(q) = &self.quote {
            t(trailer::QUOTE, q);
        }
        m
    }
}

/// Text on one line, runs of spaces and newlines as one space: the summary.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A newline in a trailer value would end the trailer; it becomes a space.
/// Nothing else changes (the reader trims the ends): a value is matched
/// exactly, and a draft's file name may hold two spaces or a no-break space.
fn trailer_value(s: &str) -> String {
    s.trim().replace('\n', " ")
}

/// A record read back from the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ReviewRecord {
    /// The commit id.
    pub id: String,
    pub author_name: String,
    pub author_email: String,
    pub time: Moment,
    pub action: Action,
    pub draft: String,
    pub section: String,
    pub revision: String,
    pub section_hash: String,
    pub reply_to: Option<String>,
    pub quote: Option<String>,
    pub summary: String,
    pub text: String,
}

impl ReviewRecord {
    pub fn author(&self) -> Identity {
        Identity {
            name: self.author_name.clone(),
            email: self.author_email.clone(),
        }
    }

    /// Parses a commit message; `None` if it is not a duyet record (a merge
    /// commit of two clones' records, or anything else on the ref) or if its
    /// trailers do not make one (`read` says why).
    pub fn parse(id: &str, author: &Identity, time: Moment, message: &str) -> Option<ReviewRecord> {
        let fields = Fields::parse(message).ok()??;
        Some(fields.into_record(
            id.to_owned(),
            author.name.clone(),
            author.email.clone(),
            time,
        ))
    }

    /// Reads the record a commit holds, taking its id and author by value
    /// (the store reads tens of thousands of records; this saves copying
    /// them). `Ok(None)`: the message is no record — its last paragraph
    /// names no `Duyet-` key (a merge uniting two clones' records). `Err`:
    /// it does, but they do not make a record; the reason says what is
    /// wrong, and the commit is an unreadable record.
    pub fn read(
        id: String,
        author_name: String,
        author_email: String,
        time: Moment,
        message: &str,
    ) -> Result<Option<ReviewRecord>, String> {
        Ok(Fields::parse(message)?.map(|f| f.into_record(id, author_name, author_email, time)))
    }
}

/// A commit on the records ref that duyet could not read as a record — a
/// malformed commit (an author line git itself calls broken), an object
/// that is no commit where the history names one, or trailers that do not
/// make a record. It counts as nothing; it is listed, with the reason, so
/// that nobody wonders why a record they expected does not count, and the
/// records around it are read as usual.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct UnreadableRecord {
    /// The object's id.
    pub id: String,
    /// What is wrong with it, in English (git's own terms where it has them).
    pub reason: String,
    /// The draft its trailers name, when they can be read that far: it is
    /// shown with that draft's status (one naming none, with every draft's).
    pub draft: Option<String>,
}

impl UnreadableRecord {
    /// Whether it is shown with the review of the draft at `path`.
    pub fn concerns(&self, path: &str) -> bool {
        self.draft.as_deref().is_none_or(|d| d == path)
    }
}

/// Why the records read may not be all the records there are. Never
/// silent: `duyet status`, `duyet log` and the screen say it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ReadWarning {
    /// A shallow clone: the history stops at `commit` (listed in
    /// `.git/shallow`), so the records before it are not here.
    Shallow { commit: String },
    /// A commit the history names is not in the repository or cannot be
    /// read (`why` says which, from `commit`'s side), so the records before
    /// it are not either.
    Incomplete { commit: String, why: String },
    /// A fetched records ref (`refs/remotes/<remote>/duyet/reviews`) that
    /// names no commit: its records are not read.
    RemoteRef { refname: String, problem: String },
}

impl std::fmt::Display for ReadWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let short = |id: &str| id.chars().take(7).collect::<String>();
        match self {
            ReadWarning::Shallow { commit } => write!(
                f,
                "the review records' history is shallow: it stops at {} (a shallow clone), so older records are not in this repository and are not counted; fetch them with `git fetch --unshallow`",
                short(commit)
            ),
            ReadWarning::Incomplete { commit: _, why } => write!(
                f,
                "the review records' history is incomplete: {why}, so the records before it are not counted; fetch them again (`git fetch`) or restore the object from a backup, then check with `git fsck`"
            ),
            ReadWarning::RemoteRef { refname, problem } => write!(
                f,
                "{refname} {problem}, so its records are not read; fetch it again (`git fetch`) or remove it (`git update-ref -d {refname}`)"
            ),
        }
    }
}

/// The draft a record's trailers name (`Duyet-Draft`), read from its last
/// paragraph however the rest of it looks: for an unreadable record.
pub fn named_draft(message: &str) -> Option<String> {
    let message = message.trim_end();
    let trailers = message
        .rfind("\n\n")
        .map_or(message, |at| &message[at + 2..]);
    trailers
        .lines()
        .find_map(|l| l.strip_prefix(trailer::DRAFT)?.strip_prefix(": "))
        .map(|d| d.trim().to_owned())
        .filter(|d| !d.is_empty())
}

/// A value quoted in a reason, cut short (it comes from the commit as is;
/// the screen and the CLI sanitise it).
fn quoted(value: &str) -> String {
    let mut out: String = value.chars().take(40).collect();
    if value.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// The parts of a record's message, borrowed from it.
struct Fields<'a> {
    action: Action,
    draft: &'a str,
    section: &'a str,
    revision: Option<&'a str>,
    section_hash: Option<&'a str>,
    reply_to: Option<&'a str>,
    quote: Option<&'a str>,
    summary: &'a str,
    text: &'a str,
}

impl<'a> Fields<'a> {
    /// The trailers are the last paragraph; every line of it must be
    /// `Key: value`, and for a key given twice the first value counts.
    /// `Ok(None)` when no line of it starts with `Duyet-` (no record);
    /// `Err` when one does but they do not make a record.
    fn parse(message: &'a str) -> Result<Option<Fields<'a>>, String> {
        let message = message.trim_end();
        let (head, trailers) = match message.rfind("\n\n") {
            Some(at) => (Some(&message[..at]), &message[at + 2..]),
            None => (None, message),
        };
        if !trailers
            .lines()
            .any(|l| l.trim_start().starts_with("Duyet-"))
        {
            return Ok(None);
        }
        let Some(head) = head else {
            return Err("its trailers are not after a summary line".into());
        };
        // Slots for the keys duyet reads (other keys are allowed, and skipped).
        let mut slots: [Option<&str>; 7] = [None; 7];
        for (n, line) in trailers.lines().enumerate() {
            let (k, v) = match line.split_once(": ") {
                Some(kv) => kv,
                // `Key:` with nothing after it (the space was trimmed).
                None => match line.strip_suffix(':') {
                    Some(k) => (k, ""),
                    None => {
                        return Err(format!(
                            "line {} of its trailers is not `Key: value`: `{}`",
                            n + 1,
                            quoted(line)
                        ));
                    }
                },
            };
            let slot = match k.trim() {
                trailer::ACTION => 0,
                trailer::DRAFT => 1,
                trailer::SECTION => 2,
                trailer::REVISION => 3,
                trailer::SECTION_HASH => 4,
                trailer::REPLY_TO => 5,
                trailer::QUOTE => 6,
                _ => continue,
            };
            slots[slot].get_or_insert(v.trim());
        }
        let [
            action,
            draft,
            section,
            revision,
            section_hash,
            reply_to,
            quote,
        ] = slots;
        let missing = |key: &str| format!("it has no {key} trailer");
        let action = action.ok_or_else(|| missing(trailer::ACTION))?;
        let action = Action::parse(action)
            .ok_or_else(|| format!("unknown {}: `{}`", trailer::ACTION, quoted(action)))?;
        let draft = draft
            .filter(|d| !d.is_empty())
            .ok_or_else(|| missing(trailer::DRAFT))?;
        let section = section
            .filter(|s| !s.is_empty())
            .ok_or_else(|| missing(trailer::SECTION))?;
        let (summary, text) = match head.split_once("\n\n") {
            Some((s, t)) => (s, t.trim()),
            None => (head, ""),
        };
        Ok(Some(Fields {
            action,
            draft,
            section,
            revision,
            section_hash,
            reply_to,
            quote,
            summary: summary.trim(),
            text,
        }))
    }

    fn into_record(
        self,
        id: String,
        author_name: String,
        author_email: String,
        time: Moment,
    ) -> ReviewRecord {
        ReviewRecord {
            id,
            author_name,
            author_email,
            time,
            action: self.action,
            draft: self.draft.to_owned(),
            section: self.section.to_owned(),
            revision: self.revision.unwrap_or_default().to_owned(),
            section_hash: self.section_hash.unwrap_or_default().to_owned(),
            reply_to: self.reply_to.map(str::to_owned),
            quote: self.quote.map(str::to_owned),
            summary: self.summary.to_owned(),
            text: self.text.to_owned(),
        }
    }
}

/// The hash an approval is bound to: the section's title, its own body and
/// the text of the footnotes it cites — not its number, place or children, so
/// renumbering or moving it keeps the approval, and changing one word does not.
/// Text is NFC already (the loader normalises it).
pub fn section_hash(draft: &Draft, section: &Section) -> String {
    hash_of(section, &draft.cited_footnotes(section))
}

/// `section_hash` given the footnotes the section cites (`fold` looks them
/// up in a `DraftIndex`, so hashing every section stays linear).
fn hash_of(section: &Section, cited: &[&Footnote]) -> String {
    let mut h = Sha256::new();
    let mut field = |name: &str, value: &str| {
        h.update(name.as_bytes());
        h.update(value.len().to_string().as_bytes());
        h.update(b":");
        h.update(value.as_bytes());
        h.update(b"\n");
    };
    field("duyet-section-v1", "");
    field("title", section.title.as_deref().unwrap_or(""));
    field("body", &section.body);
    for f in cited {
        field("footnote-id", &f.id);
        field("footnote-text", &f.text);
    }
    let digest = h.finalize();
    let mut out = String::with_capacity(64);
    for b in digest {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The hash a record about a part is bound to (its text, NFC).
pub fn part_hash(draft: &Draft, part: Part) -> String {
    let mut h = Sha256::new();
    let text = part.text(draft);
    for (name, value) in [
        ("duyet-part-v1", ""),
        ("part", part.id()),
        ("text", text.as_str()),
    ] {
        h.update(name.as_bytes());
        h.update(value.len().to_string().as_bytes());
        h.update(b":");
        h.update(value.as_bytes());
        h.update(b"\n");
    }
    let mut out = String::with_capacity(64);
    for b in h.finalize() {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// A section's review state, as `duyet status` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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

/// An approval or change request, judged against the policy and the content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub record: ReviewRecord,
    /// The requirements of the policy this decision meets (empty if it meets none).
    pub meets: Vec<Requirement>,
    /// Why it does not count, if it does not.
    pub not_counted: Option<String>,
    /// The section's content changed since (the hash no longer matches).
    pub stale: bool,
}

impl Decision {
    pub fn counts(&self) -> bool {
        self.not_counted.is_none()
    }
}

/// A comment, or a change request, and the replies to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Thread {
    /// A `comment` or a `request-changes` record.
    pub root: ReviewRecord,
    pub replies: Vec<ReviewRecord>,
    pub resolved_by: Option<ReviewRecord>,
    /// For a comment on a phrase: whether the phrase is still in the section.
    pub quote_found: Option<bool>,
    /// A change request its author has since replaced (by approving or by
    /// another decision) or withdrawn: the thread is closed.
    pub superseded: bool,
    /// Why the thread does not count (its author is not in `duyet.yaml`).
    pub not_counted: Option<String>,
}

impl Thread {
    pub fn is_open(&self) -> bool {
        self.resolved_by.is_none() && !self.superseded && self.not_counted.is_none()
    }

    /// Whether this is a change request's thread (rather than a comment's).
    pub fn is_change_request(&self) -> bool {
        self.root.action == Action::RequestChanges
    }

    /// The last time anyone wrote in this thread.
    pub fn last(&self) -> &ReviewRecord {
        self.replies.last().unwrap_or(&self.root)
    }
}

/// Everything known about one section's review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionReview {
    pub id: String,
    pub owner: String,
    pub state: State,
    /// The content hash now.
    pub hash: String,
    /// Each person's latest approval or change request, oldest first.
    pub decisions: Vec<Decision>,
    /// Requirements not met by a valid approval.
    pub missing: Vec<Requirement>,
    pub threads: Vec<Thread>,
    /// Replies and resolutions that do not count, each with the reason (the
    /// writer is not in `duyet.yaml`, or may not resolve that thread).
    pub not_counted: Vec<(ReviewRecord, String)>,
}

impl SectionReview {
    /// Open comment threads (change requests show as the section's state).
    pub fn open_threads(&self) -> usize {
        self.threads
            .iter()
            .filter(|t| t.is_open() && !t.is_change_request())
            .count()
    }

    /// Counted, current approvals.
    pub fn approvals(&self) -> impl Iterator<Item = &Decision> {
        self.decisions
            .iter()
            .filter(|d| d.record.action == Action::Approve && d.counts() && !d.stale)
    }

    /// This person's latest counted approval, if any (current or stale).
    pub fn approval_by(&self, email: &str) -> Option<&Decision> {
        self.decisions.iter().find(|d| {
            d.record.action == Action::Approve && d.record.author_email.eq_ignore_ascii_case(email)
        })
    }
}

/// The review of a whole draft at one revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
}

impl DraftReview {
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
    fold_split(records, path, draft, config, FOLD_PARALLEL_FROM)
}

/// `fold`, on two threads from `parallel_from` records on.
fn fold_split(
    records: &[ReviewRecord],
    path: &str,
    draft: &Draft,
    config: Option<&Config>,
    parallel_from: usize,
) -> DraftReview {
    let index = draft.index();
    let outline = &index.outline;
    let mut by_section: HashMap<&str, Vec<&ReviewRecord>> = HashMap::new();
    let mut orphans = Vec::new();
    let known: std::collections::HashSet<&str> =
        outline.iter().map(|p| p.section.id.as_str()).collect();
    let mut by_part: HashMap<Part, Vec<&ReviewRecord>> = HashMap::new();
    for r in records.iter().filter(|r| r.draft == path) {
        if known.contains(r.section.as_str()) {
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
    let review = |jobs: &[(&Section, &[&ReviewRecord])]| -> Vec<SectionReview> {
        jobs.iter()
            .map(|(s, records)| review_section(&index, s, records, config))
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
    DraftReview {
        sections,
        parts,
        orphans,
        unreadable: Vec::new(),
        warnings: Vec::new(),
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

fn review_section(
    index: &DraftIndex<'_>,
    section: &Section,
    records: &[&ReviewRecord],
    config: Option<&Config>,
) -> SectionReview {
    let hash = hash_of(section, &index.cited_footnotes(section));
    let standing = standing_decisions(records);

    let decisions: Vec<Decision> = standing
        .iter()
        .map(|r| {
            let who = r.author();
            let not_counted = policy::may_decide(config, &who, &section.owner)
                .err()
                .map(|r| r.to_string());
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
    SectionReview {
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
        not_counted.push((
            (*r).clone(),
            "parts of a report that are not sections are commented on, not approved".into(),
        ));
    }
    SectionReview {
        id: part.id().to_owned(),
        owner: String::new(),
        state: State::Pending,
        hash: part_hash(draft, part),
        decisions: Vec::new(),
        missing: Vec::new(),
        threads,
        not_counted,
    }
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
fn threads(
    text: impl FnOnce() -> SectionText,
    records: &[&ReviewRecord],
    config: Option<&Config>,
    owner: &str,
    standing: &std::collections::HashSet<&str>,
) -> (Vec<Thread>, Vec<(ReviewRecord, String)>) {
    let mut threads: Vec<Thread> = Vec::new();
    let mut not_counted = Vec::new();
    // Which thread each record id belongs to, so a reply to a reply lands in
    // the thread of the first comment.
    let mut home: HashMap<&str, usize> = HashMap::new();
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
                let refusal = if change_request {
                    policy::may_decide(config, &r.author(), owner)
                        .err()
                        .map(|r| r.to_string())
                } else {
                    policy::may_comment(config, &r.author())
                        .err()
                        .map(|r| r.to_string())
                };
                threads.push(Thread {
                    root: (*r).clone(),
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
                let refusal = if r.action == Action::Reply {
                    policy::may_comment(config, &r.author())
                        .err()
                        .map(|r| r.to_string())
                } else if thread.is_change_request() {
                    Some(
                        "a change request is closed by its author approving or withdrawing it"
                            .to_owned(),
                    )
                } else {
                    policy::may_resolve(config, &r.author(), owner, &thread.root.author_email)
                        .err()
                        .map(|r| r.to_string())
                };
                if let Some(why) = refusal {
                    not_counted.push(((*r).clone(), why));
                    continue;
                }
                home.insert(&r.id, t);
                if r.action == Action::Reply {
                    thread.replies.push((*r).clone());
                    // Writing in a resolved thread opens it again.
                    thread.resolved_by = None;
                } else {
                    thread.resolved_by = Some((*r).clone());
                }
            }
            Action::Approve | Action::Withdraw => {}
        }
    }
    (threads, not_counted)
}

/// A quoted phrase as it is stored and compared: NFC, spacing squashed.
pub fn squash_phrase(quote: &str) -> String {
    super::text::nfc(quote)
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

/// Something in a draft that waits for a particular person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum WorkItem {
    /// A section I may approve that still lacks the approval I can give.
    AwaitingMyApproval { section: String },
    /// An open comment on my department's section whose last word is not
    /// from my department.
    UnansweredComment { section: String, thread: String },
    /// Changes requested on my department's section.
    ChangesRequested { section: String },
    /// A section I approved whose content has changed since.
    MyStaleApproval { section: String },
}

impl WorkItem {
    pub fn section(&self) -> &str {
        match self {
            WorkItem::AwaitingMyApproval { section }
            | WorkItem::UnansweredComment { section, .. }
            | WorkItem::ChangesRequested { section }
            | WorkItem::MyStaleApproval { section } => section,
        }
    }
}

/// What needs `me` in this draft ("Việc của tôi"), in reading order.
pub fn my_work(review: &DraftReview, config: &Config, me: &Identity) -> Vec<WorkItem> {
    let Some(person) = config.person_by_email(&me.email) else {
        return Vec::new();
    };
    let same_dept = |email: &str| {
        config
            .person_by_email(email)
            .is_some_and(|p| p.department == person.department)
    };
    let mut out = Vec::new();
    for s in &review.sections {
        let mine = s.owner == person.department;
        let my_decision = s
            .decisions
            .iter()
            .find(|d| d.record.author_email.eq_ignore_ascii_case(&me.email));
        let i_meet = policy::meets(config, person, &s.owner);
        let i_approved_now = my_decision
            .is_some_and(|d| d.record.action == Action::Approve && !d.stale && d.counts());
        if s.state != State::Approved
            && !i_approved_now
            && i_meet.iter().any(|r| s.missing.contains(r))
        {
            out.push(WorkItem::AwaitingMyApproval {
                section: s.id.clone(),
            });
        }
        if mine && s.state == State::ChangesRequested {
            out.push(WorkItem::ChangesRequested {
                section: s.id.clone(),
            });
        }
        if mine {
            for t in s
                .threads
                .iter()
                .filter(|t| t.is_open() && !t.is_change_request())
            {
                if !same_dept(&t.last().author_email) {
                    out.push(WorkItem::UnansweredComment {
                        section: s.id.clone(),
                        thread: t.root.id.clone(),
                    });
                }
            }
        }
        if my_decision.is_some_and(|d| d.record.action == Action::Approve && d.stale) {
            out.push(WorkItem::MyStaleApproval {
                section: s.id.clone(),
            });
        }
    }
    // The parts that are not sections are the office's to answer.
    if person.roles.contains(&Role::Office) {
        let office = |email: &str| {
            config
                .person_by_email(email)
                .is_some_and(|p| p.roles.contains(&Role::Office))
        };
        for p in &review.parts {
            for t in p.threads.iter().filter(|t| t.is_open()) {
                if !office(&t.last().author_email) {
                    out.push(WorkItem::UnansweredComment {
                        section: p.id.clone(),
                        thread: t.root.id.clone(),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
                summary: format!("Bản ghi {i}"),
                text: format!("Nội dung {i}"),
            });
        }
        out
    }

    #[test]
    fn folding_on_two_threads_gives_the_same_review() {
        let draft = crate::core::load_draft(
            "drafts/bao-cao-ubnd-tan-yen-2023.yaml",
            include_bytes!("../../drafts/bao-cao-ubnd-tan-yen-2023.yaml"),
        )
        .expect("the sample draft loads");
        let config = Config::load("duyet.yaml", include_bytes!("../../drafts/duyet.yaml"))
            .expect("the sample config loads");
        for n in [0, 1, 40, 3000] {
            let records = records(&draft, &config, n);
            for config in [Some(&config), None] {
                let one = fold_split(&records, "drafts/a.yaml", &draft, config, usize::MAX);
                let two = fold_split(&records, "drafts/a.yaml", &draft, config, 0);
                assert_eq!(one, two, "{n} records");
                assert_eq!(fold(&records, "drafts/a.yaml", &draft, config), one);
            }
        }
    }

    #[test]
    fn quotes_are_found_as_before() {
        let draft = crate::core::load_draft(
            "drafts/bao-cao-ubnd-tan-yen-2023.yaml",
            include_bytes!("../../drafts/bao-cao-ubnd-tan-yen-2023.yaml"),
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
