//! Writing review records after checking them, and computing review state.

use crate::core::policy;
use crate::core::review::{
    self, Action, DraftReview, NewRecord, Part, ReviewRecord, ReviewSummary, UnreadableRecord,
    part_hash, section_hash,
};
use crate::core::{Draft, Identity, Moment};
use crate::store::{RepoHint, Store};

use super::{OpsError, Result, config};

/// What a record is about: a section of a draft at a revision.
#[derive(Debug, Clone)]
pub struct Target<'a> {
    pub draft: &'a str,
    pub section: &'a str,
    pub rev: &'a str,
}

/// A record to write, before it is checked.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub who: &'a Identity,
    /// Fixed time for tests and the demo; now when `None`.
    pub when: Option<Moment>,
    pub text: &'a str,
}

/// The section reviewed, resolved and read.
pub(super) struct Reviewed {
    pub(super) revision: String,
    pub(super) draft: Draft,
}

pub(super) fn read_target(store: &Store, t: &Target<'_>) -> Result<Reviewed> {
    let at = store.resolve(t.rev)?;
    let draft = store.read_draft_at(at, t.rev, t.draft)?;
    let part = Part::parse(t.section).filter(|p| p.exists(&draft));
    if draft.section(t.section).is_none() && part.is_none() {
        return Err(OpsError::NoSection {
            draft: t.draft.to_owned(),
            id: t.section.to_owned(),
            rev: t.rev.to_owned(),
        });
    }
    Ok(Reviewed {
        revision: at.to_string(),
        draft,
    })
}

pub(super) fn record_for(action: Action, t: &Target<'_>, r: &Reviewed, text: &str) -> NewRecord {
    let hash = match (r.draft.section(t.section), Part::parse(t.section)) {
        (Some(section), _) => section_hash(&r.draft, section),
        (None, Some(part)) => part_hash(&r.draft, part),
        (None, None) => unreachable!("checked by read_target"),
    };
    NewRecord {
        action,
        draft: t.draft.to_owned(),
        section: t.section.to_owned(),
        revision: r.revision.clone(),
        section_hash: hash,
        reply_to: None,
        quote: None,
        finding: None,
        text: text.trim().to_owned(),
    }
}

/// "I.4 Về điều hành…" (or "Phần mở đầu") for summaries.
pub(super) fn heading(draft: &Draft, id: &str) -> String {
    if let Some(part) = Part::parse(id) {
        return part_name(part).to_owned();
    }
    let path = draft.number_path(id);
    let label = draft
        .section(id)
        .map(|s| first_words(s.label()))
        .unwrap_or_default();
    if path.is_empty() {
        label
    } else {
        format!("{path} {label}")
    }
}

/// A part's name in the record's summary line (Vietnamese, as the rest).
fn part_name(part: Part) -> &'static str {
    match part {
        Part::Preamble => "Phần mở đầu",
        Part::Closing => "Phần kết",
        Part::Footnotes => "Chú thích",
        Part::Signature => "Chữ ký và nơi nhận",
    }
}

/// Refuses a record from someone not listed in `duyet.yaml`.
fn may_write(store: &Store, who: &Identity) -> Result<()> {
    Ok(policy::may_comment(config(store)?.as_ref(), who)?)
}

/// The first words of a text for a summary line, cut after a whole word.
fn first_words(text: &str) -> String {
    crate::core::text::shorten(text, 50)
}

/// Writes a comment on a section, optionally about a phrase of it.
pub fn comment(
    store: &Store,
    t: &Target<'_>,
    req: &Request<'_>,
    quote: Option<&str>,
) -> Result<String> {
    if req.text.trim().is_empty() {
        return Err(OpsError::EmptyText {
            action: Action::Comment,
        });
    }
    let r = read_target(store, t)?;
    may_write(store, req.who)?;
    let mut record = record_for(Action::Comment, t, &r, req.text);
    if let Some(q) = quote.map(str::trim).filter(|q| !q.is_empty()) {
        let found = match (r.draft.section(t.section), Part::parse(t.section)) {
            (Some(section), _) => review::contains_phrase(section, q),
            (None, Some(part)) => {
                review::squash_phrase(&part.text(&r.draft)).contains(&review::squash_phrase(q))
            }
            (None, None) => false,
        };
        if !found {
            return Err(OpsError::QuoteNotFound {
                quote: q.to_owned(),
                section: t.section.to_owned(),
                rev: t.rev.to_owned(),
            });
        }
        record.quote = Some(review::squash_phrase(q));
    }
    let summary = format!(
        "Góp ý mục {}: {}",
        heading(&r.draft, t.section),
        first_words(req.text)
    );
    write(store, &record, &summary, req)
}

/// Approves a section's content at a revision.
pub fn approve(store: &Store, t: &Target<'_>, req: &Request<'_>) -> Result<String> {
    decide(store, t, req, Action::Approve)
}

/// Asks for changes to a section; the text says what.
pub fn request_changes(store: &Store, t: &Target<'_>, req: &Request<'_>) -> Result<String> {
    if req.text.trim().is_empty() {
        return Err(OpsError::EmptyText {
            action: Action::RequestChanges,
        });
    }
    decide(store, t, req, Action::RequestChanges)
}

fn decide(store: &Store, t: &Target<'_>, req: &Request<'_>, action: Action) -> Result<String> {
    let r = read_target(store, t)?;
    let config = config(store)?;
    let Some(section) = r.draft.section(t.section) else {
        return Err(OpsError::NotASection(t.section.to_owned()));
    };
    let owner = &section.owner;
    policy::may_decide(config.as_ref(), req.who, owner)?;
    let record = record_for(action, t, &r, req.text);
    let verb = match action {
        Action::Approve => "Phê duyệt",
        _ => "Yêu cầu chỉnh sửa",
    };
    let mut summary = format!("{verb} mục {}", heading(&r.draft, t.section));
    if action == Action::RequestChanges {
        summary = format!("{summary}: {}", first_words(req.text));
    }
    write(store, &record, &summary, req)
}

/// Takes back `who`'s standing approval or change request on a section: a
/// `withdraw` record answering it. Refused when they have none.
pub fn withdraw(store: &Store, draft: &str, section: &str, req: &Request<'_>) -> Result<String> {
    let (records, _) = store.read_records()?;
    let on_section: Vec<&ReviewRecord> = records
        .iter()
        .filter(|r| r.draft == draft && r.section == section)
        .collect();
    let standing = review::standing_decisions(&on_section)
        .into_iter()
        .find(|d| d.author_email.eq_ignore_ascii_case(&req.who.email))
        .ok_or_else(|| OpsError::NothingToWithdraw {
            email: req.who.email.clone(),
            draft: draft.to_owned(),
            section: section.to_owned(),
        })?;
    let new = NewRecord {
        action: Action::Withdraw,
        draft: standing.draft.clone(),
        section: standing.section.clone(),
        revision: standing.revision.clone(),
        section_hash: standing.section_hash.clone(),
        reply_to: Some(standing.id.clone()),
        quote: None,
        finding: None,
        text: req.text.trim().to_owned(),
    };
    let what = match standing.action {
        Action::Approve => "phê duyệt",
        _ => "yêu cầu chỉnh sửa",
    };
    let place = store
        .read_draft(&standing.revision, draft)
        .map_or_else(|_| section.to_owned(), |d| heading(&d, section));
    let mut summary = format!("Rút lại {what} mục {place}");
    if !req.text.trim().is_empty() {
        summary = format!("{summary}: {}", first_words(req.text));
    }
    write(store, &new, &summary, req)
}

/// Answers a comment (or a reply) by its record id or a unique prefix of it.
pub fn reply(store: &Store, record: &str, req: &Request<'_>) -> Result<String> {
    if req.text.trim().is_empty() {
        return Err(OpsError::EmptyText {
            action: Action::Reply,
        });
    }
    answer(store, record, req, Action::Reply)
}

/// Marks a comment's thread resolved.
pub fn resolve(store: &Store, record: &str, req: &Request<'_>) -> Result<String> {
    answer(store, record, req, Action::Resolve)
}

fn answer(store: &Store, record: &str, req: &Request<'_>, action: Action) -> Result<String> {
    let (records, _) = store.read_records()?;
    let target = find_record(&records, record)?;
    if !matches!(
        target.action,
        Action::Comment | Action::Reply | Action::RequestChanges
    ) {
        return Err(OpsError::NotAnswerable {
            record: short(&target.id).to_owned(),
            action: target.action,
        });
    }
    let config = config(store)?;
    policy::may_comment(config.as_ref(), req.who)?;
    if action == Action::Resolve {
        let root = thread_root(&records, target);
        if root.action == Action::RequestChanges {
            return Err(OpsError::ResolveChangeRequest(short(&root.id).to_owned()));
        }
        let owner = store
            .read_draft(&root.revision, &root.draft)
            .or_else(|_| store.read_draft(crate::store::MAIN_BRANCH, &root.draft))
            .ok()
            .and_then(|d| d.section(&root.section).map(|s| s.owner.clone()))
            .unwrap_or_default();
        policy::may_resolve(config.as_ref(), req.who, &owner, &root.author_email)?;
    }
    let new = NewRecord {
        action,
        draft: target.draft.clone(),
        section: target.section.clone(),
        revision: target.revision.clone(),
        section_hash: target.section_hash.clone(),
        reply_to: Some(target.id.clone()),
        quote: None,
        finding: None,
        text: req.text.trim().to_owned(),
    };
    let verb = if action == Action::Reply {
        "Trả lời góp ý"
    } else {
        "Đóng góp ý"
    };
    let summary = format!("{verb} {} về mục {}", short(&target.id), target.section);
    write(store, &new, &summary, req)
}

/// The comment or change request a record answers, following replies back.
fn thread_root<'a>(records: &'a [ReviewRecord], mut r: &'a ReviewRecord) -> &'a ReviewRecord {
    let by_id: std::collections::HashMap<&str, &ReviewRecord> =
        records.iter().map(|x| (x.id.as_str(), x)).collect();
    // Bounded: a cycle of hand-made replies cannot loop forever.
    for _ in 0..records.len() {
        if !matches!(r.action, Action::Reply | Action::Resolve) {
            break;
        }
        match r.reply_to.as_deref().and_then(|to| by_id.get(to)) {
            Some(parent) => r = parent,
            None => break,
        }
    }
    r
}

fn short(id: &str) -> &str {
    &id[..id.len().min(7)]
}

/// Finds a record by its full id or a unique prefix (at least 4 characters).
pub fn find_record<'a>(records: &'a [ReviewRecord], id: &str) -> Result<&'a ReviewRecord> {
    let id = id.trim().to_ascii_lowercase();
    if id.len() < 4 || !id.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(OpsError::UnknownRecord(id));
    }
    let mut found = records.iter().filter(|r| r.id.starts_with(&id));
    match (found.next(), found.next()) {
        (Some(r), None) => Ok(r),
        (Some(_), Some(_)) => Err(OpsError::AmbiguousRecord(id)),
        (None, _) => Err(OpsError::UnknownRecord(id)),
    }
}

pub(super) fn write(
    store: &Store,
    record: &NewRecord,
    summary: &str,
    req: &Request<'_>,
) -> Result<String> {
    let id = store.append_record(&record.message(summary), req.who, req.when)?;
    Ok(id.to_string())
}

/// The review of a draft at a revision, computed from every record; with
/// the commits on the records ref that could not be read (about this draft
/// or naming none) and why the records may not be all there are.
/// Something a reader should know beside the answer: why no approval
/// counts, why records may be missing.
/// Each is put into words by `i18n::cli`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// There is no `duyet.yaml` on `main`: no approval counts (a warning).
    NoConfig,
    /// `duyet.yaml` on `main` does not load (a warning): its problems.
    BadConfig(crate::core::LoadError),
    /// `duyet.yaml` on `main` could not be read at all (a warning): why, as
    /// the store says it.
    ConfigUnreadable(String),
    /// Why records may be missing (a note).
    Repo(RepoHint),
    /// The records' history is short (a warning).
    Read(crate::core::review::ReadWarning),
}

/// What `status` and `log` should say beside their answer: a missing or
/// broken `duyet.yaml` (`config`, as `ops::config` read it, when decisions
/// depend on it), records that were not fetched in a clone, and a history
/// that is short.
pub fn notices(
    store: &Store,
    config: Option<&Result<Option<crate::core::config::Config>>>,
    warnings: &[crate::core::review::ReadWarning],
) -> Vec<Notice> {
    let mut out = Vec::new();
    if let Some(config) = config {
        match config {
            Ok(Some(_)) => {}
            Ok(None) => out.push(Notice::NoConfig),
            Err(OpsError::Config(problems)) => out.push(Notice::BadConfig(problems.clone())),
            Err(e) => out.push(Notice::ConfigUnreadable(e.to_string())),
        }
    }
    out.extend(store.record_hints().into_iter().map(Notice::Repo));
    out.extend(warnings.iter().cloned().map(Notice::Read));
    out
}

/// The review records of `draft` (of one `section` if given), oldest first,
/// with the commits that concern it and are no readable record.
pub fn log(
    store: &Store,
    draft: &str,
    section: Option<&str>,
) -> Result<(Vec<ReviewRecord>, Vec<UnreadableRecord>, Vec<Notice>)> {
    let log = store.review_log()?;
    let notices = notices(store, None, &log.warnings);
    let records = log
        .records
        .into_iter()
        .filter(|r| r.draft == draft && section.is_none_or(|s| r.section == s))
        .collect();
    let unreadable = log
        .unreadable
        .into_iter()
        .filter(|u| u.concerns(draft))
        .collect();
    Ok((records, unreadable, notices))
}

pub fn status(store: &Store, draft: &str, rev: &str) -> Result<(Draft, DraftReview)> {
    // A broken duyet.yaml must not stop anyone reading: every decision then
    // shows as not counted, with the reason.
    let config = config(store).ok().flatten();
    status_with(store, draft, rev, config.as_ref())
}

/// `status` with `duyet.yaml` already read (the command line reads it once,
/// for the review and for its warning).
pub fn status_with(
    store: &Store,
    draft: &str,
    rev: &str,
    config: Option<&crate::core::config::Config>,
) -> Result<(Draft, DraftReview)> {
    let d = store.read_draft(rev, draft)?;
    let log = store.review_log()?;
    let mut review = review::fold(&log.records, draft, &d, config);
    // What could not be read counts as nothing, but is shown, with why
    // the history may be short.
    review.unreadable = concerning(log.unreadable, draft);
    review.warnings = log.warnings;
    Ok((d, review))
}

/// The unreadable records that concern `draft` (or name no draft).
fn concerning(unreadable: Vec<UnreadableRecord>, draft: &str) -> Vec<UnreadableRecord> {
    unreadable
        .into_iter()
        .filter(|u| u.concerns(draft))
        .collect()
}

/// What `duyet status` shows of the review of `draft` at `rev`: the
/// summary the store keeps for this state of the records, the draft and
/// `duyet.yaml` on `main`, when there is one and it holds up
/// (`Store::load_summary`); else folded from the records and kept for next
/// time. Either way the same answer.
///
/// `duyet.yaml` is read here, between the two readings of the key, rather
/// than taken from the caller: a summary is saved only if the key read
/// before the fold and after it are one, so the policy it was folded with
/// is the one its key names even when `main` moves meanwhile.
pub fn status_summary(store: &Store, draft: &str, rev: &str) -> Result<ReviewSummary> {
    let at = store.resolve(rev)?;
    let key = store.summary_key(at, draft)?;
    if let Some(summary) = key.as_ref().and_then(|k| store.load_summary(draft, k)) {
        return Ok(summary);
    }
    // An invalid `duyet.yaml` counts as none, as `status_with`'s callers
    // do; the command line says why. That is what its blob, named in the
    // key, always gives; a failure to read it at all (git's) is not, and
    // what is folded without it is not kept.
    let (config, config_read) = match super::config(store) {
        Ok(config) => (config, true),
        Err(OpsError::Config(_)) => (None, true),
        Err(_) => (None, false),
    };
    // The draft is read on a thread of its own (through a repository of
    // its own: one is not shared between threads) while the records are.
    let git_dir = store.git_dir().to_path_buf();
    let read = std::thread::scope(|scope| {
        let reading = scope.spawn(|| Store::open(Some(&git_dir))?.read_draft_at(at, rev, draft));
        store.review_log_with(move |log, index_beside| {
            let d = match reading.join() {
                Ok(read) => read?,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            Ok::<_, crate::store::StoreError>(ReviewSummary::fold(
                &log.records,
                draft,
                &d,
                config.as_ref(),
                !index_beside,
            ))
        })
    });
    let (log, folded) = match read {
        Ok(read) => read,
        Err(e) => {
            // When both fail, the draft's error is the one reported, as
            // when it was read first.
            store.read_draft_at(at, rev, draft)?;
            return Err(e.into());
        }
    };
    let mut summary = folded?;
    // All the records, no longer needed: freed meanwhile on another
    // thread (50 000 of them take some 25 ms).
    let records = log.records;
    std::thread::spawn(move || drop(records));
    summary.unreadable = concerning(log.unreadable, draft);
    summary.warnings = log.warnings;
    if let Some(key) = key
        && config_read
        && summary.warnings.is_empty()
        && store.summary_key(at, draft)?.as_ref() == Some(&key)
    {
        store.save_summary(draft, &key, &summary);
    }
    Ok(summary)
}
