//! Lint on a draft in the repository (`core::lint`), with the dismissals
//! its review records hold; and dismissing a finding, which writes a
//! `dismiss` record (so everyone sees it set aside, and why).

use crate::core::Draft;
use crate::core::lint::{self, Finding};
use crate::core::review::{Action, DraftReview, ReviewRecord};
use crate::store::Store;

use super::review::{Request, Target, heading, read_target, record_for, write};
use super::{OpsError, Result, config};

/// The findings of `draft` (a path) at `rev`, given its review (which holds
/// the dismissals) and `duyet.yaml`.
pub fn findings(
    draft: &Draft,
    review: &DraftReview,
    config: Option<&crate::core::config::Config>,
) -> Findings {
    lint::lint(draft, &lint::Rules { config })
        .into_iter()
        .map(|f| {
            let dismissal = review.dismissal(&f.key).cloned();
            (f, dismissal)
        })
        .collect()
}

/// A finding, and its dismissal if it has one.
pub type Findings = Vec<(Finding, Option<ReviewRecord>)>;

/// Lint on `draft` (a path) at `rev`, dismissals applied, with
/// `duyet.yaml` already read (the command line reads it once).
pub fn check(
    store: &Store,
    draft: &str,
    rev: &str,
    config: Option<&crate::core::config::Config>,
) -> Result<Findings> {
    let (d, review) = super::review::status_with(store, draft, rev, config)?;
    Ok(findings(&d, &review, config))
}

/// The review of `draft` at `rev` (as `review::status`) and its findings,
/// from one reading of the records: what the screen shows.
pub fn status_and_findings(
    store: &Store,
    draft: &str,
    rev: &str,
) -> Result<(DraftReview, Findings)> {
    let config = config(store)?;
    let (d, review) = super::review::status_with(store, draft, rev, config.as_ref())?;
    let findings = findings(&d, &review, config.as_ref());
    Ok((review, findings))
}

/// Lint on a draft read from a file (at `path` in the repository, if it
/// is there): the dismissals are the records' about that path, since a
/// finding's key does not depend on the revision.
pub fn check_file(
    store: Option<&Store>,
    path: &str,
    draft: &Draft,
    config: Option<&crate::core::config::Config>,
) -> Findings {
    let review = store
        .and_then(|s| s.review_log().ok())
        .map(|log| crate::core::review::fold(&log.records, path, draft, config))
        .unwrap_or_default();
    findings(draft, &review, config)
}

/// Dismisses the finding `key` (or a unique prefix of it, at least four
/// characters) of `draft` at `rev`, with `req.text` as the reason.
pub fn dismiss(
    store: &Store,
    draft: &str,
    rev: &str,
    key: &str,
    req: &Request<'_>,
) -> Result<String> {
    if req.text.trim().is_empty() {
        return Err(OpsError::EmptyText {
            action: Action::Dismiss,
        });
    }
    let config = config(store)?;
    crate::core::policy::may_comment(config.as_ref(), req.who)?;
    let d = store.read_draft(rev, draft)?;
    let all = lint::lint(
        &d,
        &lint::Rules {
            config: config.as_ref(),
        },
    );
    let matching: Vec<&Finding> = all
        .iter()
        .filter(|f| key.len() >= 4 && f.key.starts_with(&key.to_ascii_lowercase()))
        .collect();
    let [finding] = matching[..] else {
        return Err(OpsError::NoSuchFinding {
            draft: draft.to_owned(),
            rev: rev.to_owned(),
            key: key.to_owned(),
        });
    };
    let target = Target {
        draft,
        section: &finding.section,
        rev,
    };
    let reviewed = read_target(store, &target)?;
    let mut record = record_for(Action::Dismiss, &target, &reviewed, req.text);
    record.finding = Some(finding.key.clone());
    let summary = format!(
        "Bỏ qua điều kiểm tra {} ({}) ở mục {}",
        finding.key,
        finding.issue.kind(),
        heading(&reviewed.draft, &finding.section)
    );
    write(store, &record, &summary, req)
}
