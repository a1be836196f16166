//! What `duyet sync` prints: one line for the records, one per branch that
//! moved or needs someone, and what the remote refused — or the report as
//! JSON with `--json`.

use std::io::Write;

use super::print::{json_out, outln};
use crate::i18n::Lang;
use crate::i18n::cli as words;
use crate::ops::sync::{Outcome, SyncReport};

/// Prints the report; `true` when something needs a person (a branch that
/// diverged or could not move, a refusal), which makes the exit status 1.
pub fn report(report: &SyncReport, json: bool, lang: Lang, out: &mut impl Write) -> bool {
    let needs_someone = !report.refused.is_empty()
        || report.branches.iter().any(|b| {
            matches!(
                b.outcome,
                Outcome::Diverged { .. } | Outcome::NotMoved { .. }
            )
        });
    if json {
        match serde_json::to_value(report) {
            Ok(value) => json_out(out, &value),
            Err(e) => outln(out, &format!("{{\"error\": \"{e}\"}}")),
        }
        return needs_someone;
    }
    let remote = &report.remote;
    outln(
        out,
        &words::sync_records(lang, remote, report.records_received, report.records_sent),
    );
    for b in &report.branches {
        if let Some(line) = words::sync_branch(lang, remote, &b.branch, &b.outcome) {
            outln(out, &line);
        }
    }
    for r in &report.refused {
        outln(
            out,
            &words::sync_refused(lang, remote, &r.refname, &r.reason),
        );
    }
    for line in &report.remote_said {
        outln(out, &format!("  {remote}: {line}"));
    }
    if !needs_someone {
        outln(out, words::in_sync(lang));
    }
    needs_someone
}
