//! What `duyet sync` prints: one line for the records, one per branch that
//! moved or needs someone, and what the remote refused — or the report as
//! JSON with `--json`.

use std::io::Write;

use super::print::{json_out, outln};
use crate::ops::sync::{Outcome, SyncReport};
use crate::tui::Lang;

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
    let vi = lang == Lang::Vi;
    let remote = &report.remote;
    outln(
        out,
        &if vi {
            format!(
                "Ý kiến: nhận {} từ {remote}, gửi {}.",
                report.records_received, report.records_sent
            )
        } else {
            format!(
                "Records: {} received from {remote}, {} sent.",
                report.records_received, report.records_sent
            )
        },
    );
    for b in &report.branches {
        let name = &b.branch;
        let line = match (&b.outcome, vi) {
            (Outcome::UpToDate, _) => continue,
            (Outcome::Received { commits }, true) => {
                format!("{name}: nhận {commits} lần sửa từ {remote}.")
            }
            (Outcome::Received { commits }, false) => {
                format!("{name}: {commits} commit(s) received from {remote}.")
            }
            (Outcome::Created, true) => format!("{name}: nhánh mới từ {remote}."),
            (Outcome::Created, false) => format!("{name}: new branch from {remote}."),
            (Outcome::Sent { commits }, true) => format!("{name}: gửi {commits} lần sửa."),
            (Outcome::Sent { commits }, false) => format!("{name}: {commits} commit(s) sent."),
            (Outcome::Diverged { here, there }, true) => format!(
                "{name}: ở đây có {here} lần sửa, {remote} có {there} lần sửa mà bên kia chưa có; \
                 không bên nào bị ghi đè. Hợp nhất bằng git (`git merge {remote}/{name}` trên \
                 nhánh {name}), rồi chạy lại duyet sync."
            ),
            (Outcome::Diverged { here, there }, false) => format!(
                "{name}: {here} commit(s) here and {there} on {remote} that the other side lacks; \
                 neither was overwritten. Merge them with git (`git merge {remote}/{name}` on \
                 {name}), then run duyet sync again."
            ),
            (Outcome::NotMoved { why }, true) => format!("{name}: chưa cập nhật được: {why}"),
            (Outcome::NotMoved { why }, false) => format!("{name}: not brought up to date: {why}"),
        };
        outln(out, &line);
    }
    for r in &report.refused {
        outln(
            out,
            &if vi {
                format!("{remote} từ chối {}: {}", r.refname, r.reason)
            } else {
                format!("{remote} refused {}: {}", r.refname, r.reason)
            },
        );
    }
    for line in &report.remote_said {
        outln(out, &format!("  {remote}: {line}"));
    }
    if !needs_someone {
        outln(out, if vi { "Đã đồng bộ." } else { "In sync." });
    }
    needs_someone
}
