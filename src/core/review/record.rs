use std::fmt::Write as _;

use serde::Serialize;

use crate::core::text::clean_message;
use crate::core::{Identity, Moment};

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
    /// Sets a lint finding aside (`Duyet-Finding` names it), with the reason
    /// as its text, so everyone sees it dismissed.
    Dismiss,
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
            Action::Dismiss => "dismiss",
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
            "dismiss" => Action::Dismiss,
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
    pub const FINDING: &str = "Duyet-Finding";
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
    /// The lint finding a dismissal sets aside (its key).
    pub finding: Option<String>,
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
        if let Some(f) = &self.finding {
            t(trailer::FINDING, f);
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
    /// A dismissal's lint finding (`core::lint::Finding::key`).
    #[serde(default)]
    pub finding: Option<String>,
    pub summary: String,
    pub text: String,
    /// What the commit's signature proves (read by the store).
    #[serde(default)]
    pub signed: crate::core::signature::Signed,
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
    finding: Option<&'a str>,
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
        let mut slots: [Option<&str>; 8] = [None; 8];
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
                trailer::FINDING => 7,
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
            finding,
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
            finding,
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
            finding: self.finding.map(str::to_owned),
            summary: self.summary.to_owned(),
            text: self.text.to_owned(),
            signed: Default::default(),
        }
    }
}
