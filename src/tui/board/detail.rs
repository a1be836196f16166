//! The text of a section on the merge board (`board_detail`): what it is
//! and what is decided, what each side changed, the changes to pick from,
//! and the text the merge would write. The view draws it; the keys scroll
//! it and bring the selected change into view.

use crate::core::text::sanitize;
use crate::core::{Segment, WordDiff};
use crate::i18n::Lang;
use crate::tui::content::{changes_in_context, inline_rows, wrapped};
use crate::tui::wrap::{Kind, Piece, Row, Wrapped, wrap};

use super::{PlanState, action_label, section_heading};

/// Everything the merge board shows for the selected section, top to
/// bottom: what it is and what is decided; for a conflict, what main and the
/// department each changed since the fork; the changes to pick from
/// (main → department, numbered, the selected one marked); and the text the
/// merge would write. `hunks` holds the row of each change to pick, so the
/// board can scroll to the selected one.
pub fn board_detail(
    s: &crate::core::merge::SectionMerge,
    plan: &PlanState,
    width: usize,
    lang: Lang,
) -> Wrapped {
    use crate::core::merge::Decision;
    let t = lang.t();
    let decision = match plan.decision(s) {
        None => t.decision_undecided,
        Some(Decision::Accept) => t.decision_take,
        Some(Decision::Reject) => t.decision_reject,
        Some(Decision::Changes(_)) => t.decision_partly,
        Some(Decision::Edited(_)) => t.decision_edited,
    };
    let head: Row = vec![
        (
            Kind::Heading,
            sanitize(&section_heading(&plan.board, &s.id), false),
        ),
        (
            Kind::Dim,
            format!(
                " · {} · +{} −{} {} · {}: {decision}",
                action_label(s.action, lang),
                s.title.inserted_words + s.body.inserted_words,
                s.title.deleted_words + s.body.deleted_words,
                t.words,
                t.decision_label
            ),
        ),
    ];
    let mut out = wrapped(&head, width);
    out.blank();
    // Both sides of a conflict, each against the fork; their changes are
    // for reading, not for picking (no hunks).
    if let Some(sides) = &s.sides {
        for (label, title, body) in [
            (t.main_changed_since, &sides.main_title, &sides.main_body),
            (t.dept_changed_since, &sides.dept_title, &sides.dept_body),
        ] {
            out.push_row(vec![(Kind::Heading, format!("{label}:"))]);
            if title.is_change() {
                let prefix = format!("{}: ", t.title_label);
                let mut rows = inline_rows(title, width, &[(Kind::Dim, &prefix)]);
                rows.hunks.clear();
                out.append(rows);
            }
            let mut rows = changes_in_context(body, width);
            rows.hunks.clear();
            out.append(rows);
            out.blank();
        }
        out.push_row(vec![(Kind::Heading, format!("{}:", t.choose_changes))]);
    }
    if !matches!(plan.decision(s), Some(Decision::Edited(_))) {
        out.append(merge_changes(s, plan, width, lang));
        out.blank();
    }
    out.push_row(vec![(Kind::Heading, format!("{}:", t.merged_text))]);
    let merged = plan.preview.as_ref().and_then(|d| d.section(&s.id));
    match (plan.decision(s), merged) {
        (None, _) => out.push_row(vec![(Kind::Dim, t.decision_undecided.to_owned())]),
        (Some(_), None) => out.push_row(vec![(Kind::Dim, t.section_not_written.to_owned())]),
        (Some(_), Some(m)) => {
            if let Some(title) = &m.title {
                out.append(wrapped(
                    &vec![
                        (Kind::Dim, format!("{}: ", t.title_label)),
                        (Kind::Text, sanitize(title, false)),
                    ],
                    width,
                ));
            }
            let body = sanitize(&m.body, true);
            out.append(wrap(
                &[Piece {
                    kind: Kind::Text,
                    text: &body,
                    hunk_start: false,
                }],
                width,
            ));
        }
    }
    out
}

/// A section of the merge plan: `main`'s text → the department's, each change
/// numbered with whether it is taken (`[2✓]`, `[3✗]`, `[1?]` undecided); the
/// selected change is marked as current. `hunks` holds each change's row.
pub fn merge_changes(
    s: &crate::core::merge::SectionMerge,
    plan: &PlanState,
    width: usize,
    lang: Lang,
) -> Wrapped {
    let t = lang.t();
    let mut number = 0;
    let label_for = |number: usize| -> String {
        let mark = match plan.change_taken(s, number) {
            Some(true) => "✓",
            Some(false) => "✗",
            None => "?",
        };
        format!("[{}{mark}]", number + 1)
    };
    let mut build = |diff: &WordDiff| -> Vec<(Kind, String, bool)> {
        let mut out = Vec::new();
        let mut previous_changed = false;
        for seg in &diff.segments {
            let (kind, text, open, close) = match seg {
                Segment::Same(x) => (Kind::Text, x, "", ""),
                Segment::Deleted(x) => (Kind::Deleted, x, "[-", "-]"),
                Segment::Inserted(x) => (Kind::Inserted, x, "{+", "+}"),
            };
            if kind == Kind::Text {
                previous_changed = false;
                out.push((Kind::Text, sanitize(text, true), false));
                continue;
            }
            if !previous_changed {
                let label = label_for(number);
                let k = if number == plan.change {
                    Kind::Current
                } else {
                    Kind::Marker
                };
                out.push((k, label, true));
                number += 1;
            }
            previous_changed = true;
            out.push((Kind::Marker, open.to_owned(), false));
            out.push((kind, sanitize(text, true), false));
            out.push((Kind::Marker, close.to_owned(), false));
        }
        out
    };
    let title = build(&s.title);
    let body = build(&s.body);
    let mut out = Wrapped::default();
    fn to_pieces(items: &[(Kind, String, bool)]) -> Vec<Piece<'_>> {
        items
            .iter()
            .map(|(kind, text, start)| Piece {
                kind: *kind,
                text,
                hunk_start: *start,
            })
            .collect()
    }
    if s.title.is_change() {
        let label = format!("{}: ", t.title_label);
        let mut pieces = vec![Piece {
            kind: Kind::Dim,
            text: &label,
            hunk_start: false,
        }];
        pieces.extend(to_pieces(&title));
        out.append(wrap(&pieces, width));
        out.blank();
    }
    out.append(wrap(&to_pieces(&body), width));
    out
}
