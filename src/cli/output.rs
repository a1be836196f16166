//! What the subcommands print: readable text, or JSON with `--json`. Every
//! line is written through `print` (`outln`, `out_text`, `json_out`), which
//! sanitises it; values from drafts, commits and refs are formatted as they are.

use std::io::Write;

use serde_json::json;

use super::CliError;
use super::print::{json_out, out_text, outln};
use crate::core::Draft;
use crate::core::config::Requirement;
use crate::core::diff::{DraftDiff, SectionDiff, Status};
use crate::core::merge::MergeAction;
use crate::core::review::{Action, ReviewRecord, ReviewSummary, UnreadableRecord};
use crate::i18n::errors::Where;
use crate::i18n::{Lang, cli as words};
use crate::ops::merge::Board;
use crate::store::{RevisionInfo, Store};

pub fn drafts(
    store: &Store,
    rev: &str,
    json: bool,
    lang: Lang,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let w = lang.cli();
    let at = store.resolve(rev)?;
    let mut rows = Vec::new();
    // What is wrong with each draft that does not load, in `lang` (the
    // JSON keeps the library's words).
    let mut problems = Vec::new();
    for path in store.drafts(rev)? {
        match store.read_draft_at(at, rev, &path) {
            Ok(d) => rows.push(json!({
                "path": path, "id": d.id, "title": d.title,
                "sections": d.outline().len(), "valid": true,
            })),
            Err(e) => {
                let said = crate::i18n::errors::store(&e, lang, Where::CommandLine).message;
                rows.push(json!({ "path": path, "valid": false, "error": e.to_string() }));
                problems.push(said);
            }
        }
    }
    if json {
        json_out(out, &json!({ "rev": rev, "drafts": rows }));
        return Ok(());
    }
    let mut problems = problems.into_iter();
    for r in &rows {
        let path = r["path"].as_str().unwrap_or_default();
        if r["valid"] == true {
            outln(
                out,
                &format!(
                    "{path}  {}  {}",
                    w.n_sections.replace("{n}", &r["sections"].to_string()),
                    r["title"].as_str().unwrap_or_default()
                ),
            );
        } else {
            outln(
                out,
                &format!(
                    "{path}  {}: {}",
                    w.invalid,
                    problems.next().unwrap_or_default()
                ),
            );
        }
    }
    Ok(())
}

pub fn branches(
    store: &Store,
    json: bool,
    lang: Lang,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let list = store.branches()?;
    if json {
        json_out(out, &json!({ "branches": list }));
        return Ok(());
    }
    for b in list {
        let remote = if b.remote.is_some() {
            format!("  {}", lang.cli().remote_tracking)
        } else {
            String::new()
        };
        outln(
            out,
            &format!("{}  {}{remote}", crate::store::short(b.tip), b.name),
        );
    }
    Ok(())
}

pub fn revisions(revs: &[RevisionInfo], json: bool, out: &mut impl Write) -> Result<(), CliError> {
    if json {
        json_out(out, &json!({ "revisions": revs }));
        return Ok(());
    }
    for r in revs {
        outln(
            out,
            &format!(
                "{}  {}  {}  {}",
                r.short_id(),
                r.time.display(),
                r.author,
                r.summary
            ),
        );
    }
    Ok(())
}

pub fn sections(draft: &Draft, json: bool, out: &mut impl Write) -> Result<(), CliError> {
    let outline = draft.outline();
    if json {
        let rows: Vec<_> = outline
            .iter()
            .map(|p| {
                json!({
                    "id": p.section.id, "number": p.section.number, "title": p.section.title,
                    "owner": p.section.owner, "depth": p.depth, "parent": p.parent,
                    "words": crate::core::text::count_words(&p.section.body),
                })
            })
            .collect();
        json_out(out, &json!({ "draft": draft.id, "sections": rows }));
        return Ok(());
    }
    for p in outline {
        let label: String = p.section.label().chars().take(70).collect();
        outln(
            out,
            &format!(
                "{}{:<4} {}  [{}] ({})",
                "  ".repeat(p.depth),
                p.section.number,
                label,
                p.section.id,
                p.section.owner
            ),
        );
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub fn diff(
    d: &DraftDiff,
    path: &str,
    rev_a: &str,
    rev_b: &str,
    range: &str,
    json: bool,
    all: bool,
    lang: Lang,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let w = lang.cli();
    if json {
        let rows: Vec<_> = d
            .sections
            .iter()
            .map(|s| {
                json!({
                    "id": s.id, "status": s.status, "changes": s.changes,
                    "inserted_words": s.inserted_words, "deleted_words": s.deleted_words,
                    "number": s.place().number, "title": s.place().title,
                })
            })
            .collect();
        json_out(
            out,
            &json!({ "draft": path, "from": rev_a, "to": rev_b, "range": range, "sections": rows }),
        );
        return Ok(());
    }
    outln(out, &format!("{path}: {range}"));
    for (what, part) in [(w.preamble, &d.preamble), (w.closing, &d.closing)] {
        if part.is_change() {
            outln(out, "");
            outln(
                out,
                &format!(
                    "== ({what}) +{} −{}",
                    part.inserted_words, part.deleted_words
                ),
            );
            out_text(out, &part.marked());
        }
    }
    for s in &d.sections {
        if s.status == Status::Unchanged && !all {
            continue;
        }
        section(s, lang, out);
    }
    outln(out, "");
    outln(
        out,
        &w.diff_total
            .replace("{total}", &d.sections.len().to_string())
            .replace("{changed}", &d.changed_count().to_string()),
    );
    Ok(())
}

fn section(s: &SectionDiff, lang: Lang, out: &mut impl Write) {
    let w = lang.cli();
    let p = s.place();
    let mut kinds: Vec<&str> = vec![match s.status {
        Status::Unchanged => w.unchanged,
        Status::Added => w.added,
        Status::Removed => w.removed,
        Status::Changed => w.changed,
    }];
    kinds.extend(
        s.changes
            .names()
            .into_iter()
            .map(|n| words::change_kind(lang, n)),
    );
    let number = match (&s.old, &s.new) {
        (Some(o), Some(n)) if o.number != n.number => format!("{} → {}", o.number, n.number),
        _ => p.number.clone(),
    };
    outln(out, "");
    outln(
        out,
        &format!(
            "== {} {} [{}] ({}) +{} −{}",
            number,
            heading_label(s),
            s.id,
            kinds.join(", "),
            s.inserted_words,
            s.deleted_words
        ),
    );
    if s.title.is_change() {
        outln(out, &format!("{}: {}", w.title, s.title.marked()));
    }
    if s.body.is_change() || s.status == Status::Unchanged {
        out_text(out, &s.body.marked());
    }
    for f in &s.footnotes {
        if f.diff.is_change() {
            out_text(out, &format!("[^{}]: {}", f.id, f.diff.marked()));
        }
    }
}

/// A section's title, or the start of its text for an untitled item.
fn heading_label(s: &SectionDiff) -> String {
    let label = s.label();
    if s.place().title.is_some() || label.chars().count() <= 60 {
        label
    } else {
        format!("{}…", label.chars().take(60).collect::<String>())
    }
}

pub fn status(
    review: &ReviewSummary,
    path: &str,
    rev: &str,
    json: bool,
    lang: Lang,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let w = lang.cli();
    if json {
        let rows: Vec<_> = review
            .sections
            .iter()
            .map(|s| {
                let approvers: Vec<_> = s
                    .approvals()
                    .map(|d| json!({"name": d.record.author_name, "email": d.record.author_email,
                                    "record": d.record.id, "meets": d.meets}))
                    .collect();
                let requested: Vec<_> = s
                    .decisions
                    .iter()
                    .filter(|d| d.counts() && d.record.action == Action::RequestChanges)
                    .map(|d| json!({"name": d.record.author_name, "email": d.record.author_email,
                                    "record": d.record.id, "text": d.record.text}))
                    .collect();
                let stale: Vec<_> = s
                    .decisions
                    .iter()
                    .filter(|d| d.counts() && d.record.action == Action::Approve && d.stale)
                    .map(|d| json!({"name": d.record.author_name, "email": d.record.author_email, "record": d.record.id}))
                    .collect();
                let not_counted: Vec<_> = s
                    .decisions
                    .iter()
                    .filter_map(|d| d.not_counted.as_ref().map(|why| json!({
                        "name": d.record.author_name, "email": d.record.author_email,
                        "record": d.record.id, "action": d.record.action, "reason": why.to_string()})))
                    .collect();
                json!({
                    "id": s.id, "owner": s.owner, "state": s.state,
                    "approvers": approvers, "stale_approvers": stale,
                    "changes_requested_by": requested, "not_counted": not_counted,
                    "missing": s.missing,
                    "open_comments": s.open_comments, "comments": s.comments,
                })
            })
            .collect();
        let parts: Vec<_> = review
            .parts
            .iter()
            .map(|p| json!({"id": p.id, "open_comments": p.open_comments, "comments": p.comments}))
            .collect();
        json_out(
            out,
            &json!({"draft": path, "rev": rev, "approved": review.approved_count(),
                    "total": review.sections.len(), "sections": rows, "parts": parts,
                    "unreadable": review.unreadable, "warnings": review.warnings}),
        );
        return Ok(());
    }
    outln(
        out,
        &w.status_head
            .replace("{path}", path)
            .replace("{rev}", rev)
            .replace("{approved}", &review.approved_count().to_string())
            .replace("{total}", &review.sections.len().to_string()),
    );
    for s in &review.sections {
        let heading = format!("{} {}", s.number, s.label);
        let mut notes = Vec::new();
        for d in &s.decisions {
            let who = &d.record.author_name;
            match (&d.not_counted, d.record.action, d.stale) {
                (Some(why), _, _) => notes.push(format!(
                    "{}: {who} ({})",
                    w.not_counted,
                    crate::i18n::errors::not_counted(why, lang)
                )),
                (None, Action::Approve, false) => notes.push(w.approved_by.replace("{who}", who)),
                (None, Action::Approve, true) => notes.push(w.stale_by.replace("{who}", who)),
                (None, _, _) => notes.push(format!(
                    "{}: {}",
                    w.requested_by.replace("{who}", who),
                    d.record.text
                )),
            }
        }
        if !s.missing.is_empty() && s.state != crate::core::review::State::ChangesRequested {
            let missing: Vec<&str> = s
                .missing
                .iter()
                .map(|r| match r {
                    Requirement::OwnerReviewer => w.need_owner_reviewer,
                    Requirement::Office => w.need_office,
                })
                .collect();
            notes.push(format!("{} {}", w.needs, missing.join(w.and)));
        }
        if s.open_comments > 0 {
            notes.push(w.open_comments.replace("{n}", &s.open_comments.to_string()));
        }
        outln(
            out,
            &format!(
                "{:<18} {:<48} [{}] {}",
                words::state(lang, s.state),
                heading,
                s.id,
                notes.join("; ")
            ),
        );
    }
    unreadable_lines(&review.unreadable, lang, out);
    Ok(())
}

/// "not counted: unreadable record <id>: <reason>", one line each.
fn unreadable_lines(unreadable: &[UnreadableRecord], lang: Lang, out: &mut impl Write) {
    for u in unreadable {
        outln(
            out,
            &lang
                .cli()
                .unreadable
                .replace("{id}", &u.id)
                .replace("{reason}", &u.reason),
        );
    }
}

pub fn log(
    records: &[ReviewRecord],
    unreadable: &[UnreadableRecord],
    json: bool,
    lang: Lang,
    out: &mut impl Write,
) -> Result<(), CliError> {
    if json {
        json_out(
            out,
            &json!({ "records": records, "unreadable": unreadable }),
        );
        return Ok(());
    }
    unreadable_lines(unreadable, lang, out);
    for r in records {
        let reply = r
            .reply_to
            .as_deref()
            .map(|to| format!(" → {}", abbreviated(to)))
            .unwrap_or_default();
        outln(
            out,
            &format!(
                "{}  {}  {:<15} {:<24} {}{}  {}",
                abbreviated(&r.id),
                r.time.display(),
                words::action(lang, r.action),
                r.section,
                r.author_name,
                reply,
                r.text
            ),
        );
    }
    Ok(())
}

/// The first 7 characters of a record id. A `Duyet-Reply-To` is whatever
/// its writer put there, so it is cut by characters, never by bytes.
fn abbreviated(id: &str) -> String {
    id.chars().take(7).collect()
}

pub fn merge_plan(
    board: &Board,
    json: bool,
    lang: Lang,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let w = lang.cli();
    if json {
        let rows: Vec<_> = board
            .plan
            .sections
            .iter()
            .map(|s| {
                json!({"id": s.id, "action": s.action.as_str(),
                       "main": s.main_status, "department": s.dept_status,
                       "inserted_words": s.title.inserted_words + s.body.inserted_words,
                       "deleted_words": s.title.deleted_words + s.body.deleted_words,
                       "changes": s.change_count()})
            })
            .collect();
        json_out(
            out,
            &json!({"draft": board.draft, "from": board.from,
                    "main": board.main_tip.to_string(), "department": board.dept_tip.to_string(),
                    "sections": rows}),
        );
        return Ok(());
    }
    outln(
        out,
        &w.merging
            .replace("{draft}", &board.draft)
            .replace("{from}", &board.from),
    );
    let mut shown = 0;
    let (dept, main) = (board.dept.index(), board.main.index());
    for s in &board.plan.sections {
        if s.action == MergeAction::Keep {
            continue;
        }
        shown += 1;
        let section = dept.section(&s.id).or_else(|| main.section(&s.id));
        let label: String = section
            .map(|x| x.label().chars().take(50).collect())
            .unwrap_or_default();
        outln(
            out,
            &format!(
                "{:<9} {:<40} {} (+{} −{}, {})",
                words::merge_action(lang, s.action),
                s.id,
                label,
                s.title.inserted_words + s.body.inserted_words,
                s.title.deleted_words + s.body.deleted_words,
                w.n_changes.replace("{n}", &s.change_count().to_string())
            ),
        );
    }
    if shown == 0 {
        outln(out, w.nothing_to_merge);
    }
    Ok(())
}
