//! What the diff pane shows for one outline row, as wrapped rows. Used by
//! the view to draw and by `update` to find where changes are (n/N).

use crate::core::config::{Config, Requirement};
use crate::core::diff::{SectionDiff, Status};
use crate::core::review::{Action, ReviewRecord, SectionReview, State};
use crate::core::text::sanitize;
use crate::core::{Segment, WordDiff};

use super::model::{Comparison, OutlineRow};
use super::wrap::{Kind, Piece, Row, Wrapped, wrap};
use crate::i18n::Lang;

/// Builds the pane's rows for `row` at `width` columns.
/// The selected section's whole title, wrapped to `width`, when the text
/// pane's frame cuts it to fit (`view::draw_diff` writes the same words
/// there): the text then starts with it.
pub fn full_title(cmp: &Comparison, row: OutlineRow, width: usize) -> Option<Wrapped> {
    let OutlineRow::Section(i) = row else {
        return None;
    };
    let path = cmp.paths.get(i)?;
    // An item without a title is named by its first words: the text itself
    // follows, whole.
    let title = cmp.diff.sections.get(i)?.place().title.as_deref()?;
    let label = sanitize(title, false);
    let heading = if path.is_empty() {
        label
    } else {
        format!("{} {label}", sanitize(path, false))
    };
    (unicode_width::UnicodeWidthStr::width(heading.as_str()) > width.saturating_sub(1))
        .then(|| wrapped(&vec![(Kind::Heading, heading)], width))
}

pub fn section(
    cmp: &Comparison,
    row: OutlineRow,
    width: usize,
    side_by_side: bool,
    lang: Lang,
    config: Option<&Config>,
    review: Option<&SectionReview>,
) -> Wrapped {
    let t = lang.t();
    let mut out = Wrapped::default();
    let text_diff = |out: &mut Wrapped, diff: &WordDiff| {
        if side_by_side {
            out.append(side_by_side_rows(diff, width, lang));
        } else {
            out.append(inline_rows(diff, width, &[]));
        }
    };
    match row {
        OutlineRow::Part(part) => {
            let diff = cmp.diff.part(part);
            out.append(wrapped(
                &summary_row(diff.is_change(), None, diff, lang),
                width,
            ));
            // Parts are commented on, not approved: only the comments.
            if let Some(r) = review.filter(|r| !r.threads.is_empty()) {
                let row = vec![(
                    Kind::Dim,
                    format!(
                        "{}: {}/{} (t)",
                        t.comments,
                        r.open_threads(),
                        r.threads.len()
                    ),
                )];
                out.append(wrapped(&row, width));
            }
            out.blank();
            text_diff(&mut out, diff);
        }
        OutlineRow::Section(i) => {
            let s = &cmp.diff.sections[i];
            let summary = summary_row(s.status != Status::Unchanged, Some(s), &s.body, lang);
            out.append(wrapped(&summary, width));
            let owner = &s.place().owner;
            let owner_name = config.map_or(owner.as_str(), |c| c.department_name(owner));
            let owner_row = vec![(
                Kind::Dim,
                format!("{}: {}", t.owner, sanitize(owner_name, false)),
            )];
            out.append(wrapped(&owner_row, width));
            if let Some(r) = review {
                out.append(review_rows(r, config, lang, width));
            }
            if let (Some(o), Some(n)) = (&s.old, &s.new) {
                if o.number != n.number {
                    out.push_row(vec![
                        (Kind::Dim, format!("{}: ", t.number_label)),
                        (Kind::Deleted, sanitize(&o.number, false)),
                        (Kind::Text, " → ".into()),
                        (Kind::Inserted, sanitize(&n.number, false)),
                    ]);
                }
                if s.changes.moved {
                    let parent = |p: &Option<String>| match p {
                        Some(id) => cmp.path_of(id).map_or(id.clone(), str::to_owned),
                        None => t.top_level.to_owned(),
                    };
                    let moved = vec![
                        (Kind::Dim, format!("{}: ", t.moved_label)),
                        (
                            Kind::Text,
                            format!(
                                "{} ({} {}) → ({} {})",
                                t.change_moved,
                                parent(&o.parent),
                                o.index + 1,
                                parent(&n.parent),
                                n.index + 1
                            ),
                        ),
                    ];
                    out.append(wrapped(&moved, width));
                }
            }
            if s.title.is_change() {
                let label = format!("{}: ", t.title_label);
                out.append(inline_rows(&s.title, width, &[(Kind::Dim, &label)]));
            }
            out.blank();
            text_diff(&mut out, &s.body);
            for f in &s.footnotes {
                out.blank();
                let label = format!("{} [^{}]: ", t.footnote, f.id);
                out.append(inline_rows(&f.diff, width, &[(Kind::Dim, &label)]));
            }
        }
    }
    out
}

/// A row of labels wrapped like the text (long labels at narrow widths).
pub(crate) fn wrapped(row: &Row, width: usize) -> Wrapped {
    let pieces: Vec<Piece<'_>> = row
        .iter()
        .map(|(kind, text)| Piece {
            kind: *kind,
            text,
            hunk_start: false,
        })
        .collect();
    wrap(&pieces, width)
}

fn summary_row(changed: bool, s: Option<&SectionDiff>, body: &WordDiff, lang: Lang) -> Row {
    let t = lang.t();
    let (marker, what) = match s {
        Some(s) => {
            let what = match s.status {
                Status::Unchanged => t.status_unchanged.to_owned(),
                Status::Added => t.status_added.to_owned(),
                Status::Removed => t.status_removed.to_owned(),
                Status::Changed => {
                    let c = s.changes;
                    [
                        (c.text, t.change_text),
                        (c.title, t.change_title),
                        (c.moved, t.change_moved),
                        (c.renumbered, t.change_renumbered),
                    ]
                    .iter()
                    .filter(|(on, _)| *on)
                    .map(|(_, name)| *name)
                    .collect::<Vec<_>>()
                    .join(", ")
                }
            };
            (super::model::section_marker(s).unwrap_or(""), what)
        }
        None if changed => ("~", t.change_text.to_owned()),
        None => ("", t.status_unchanged.to_owned()),
    };
    let (ins, del, hunks) = match s {
        Some(s) => (s.inserted_words, s.deleted_words, s.hunks()),
        None => (body.inserted_words, body.deleted_words, body.hunks),
    };
    let mut row = Vec::new();
    if !marker.is_empty() {
        row.push((Kind::Marker, format!("{marker} ")));
    }
    row.push((Kind::Heading, what));
    if changed {
        row.push((
            Kind::Text,
            format!(" · +{ins} −{del} {} · {hunks} {}", t.words, t.places),
        ));
    }
    row
}

/// A diff's changes with a few words of unchanged text around each, `…`
/// standing for the rest: enough to recognise the place, short enough to
/// read both sides of a conflict on one screen.
pub(crate) fn changes_in_context(diff: &WordDiff, width: usize) -> Wrapped {
    const CONTEXT: usize = 8;
    let last = diff.segments.len().saturating_sub(1);
    let segments: Vec<Segment> = diff
        .segments
        .iter()
        .enumerate()
        .map(|(i, seg)| {
            let Segment::Same(text) = seg else {
                return seg.clone();
            };
            let words: Vec<&str> = text.split_whitespace().collect();
            let (keep_start, keep_end) = match (i == 0, i == last) {
                (true, true) => (0, 0),
                (true, false) => (0, CONTEXT),
                (false, true) => (CONTEXT, 0),
                (false, false) => (CONTEXT, CONTEXT),
            };
            if words.len() <= keep_start + keep_end + 1 {
                return seg.clone();
            }
            let lead = if text.starts_with(char::is_whitespace) {
                " "
            } else {
                ""
            };
            let trail = if text.ends_with(char::is_whitespace) {
                " "
            } else {
                ""
            };
            let mut out = String::from(lead);
            if keep_start > 0 {
                out.push_str(&words[..keep_start].join(" "));
                out.push(' ');
            }
            out.push('…');
            if keep_end > 0 {
                out.push(' ');
                out.push_str(&words[words.len() - keep_end..].join(" "));
            }
            out.push_str(trail);
            Segment::Same(out)
        })
        .collect();
    inline_rows(
        &WordDiff {
            segments,
            ..WordDiff::default()
        },
        width,
        &[],
    )
}

/// The diff with markers in one column: `[-old-]{+new+}`.
pub(crate) fn inline_rows(diff: &WordDiff, width: usize, prefix: &[(Kind, &str)]) -> Wrapped {
    let texts: Vec<(Kind, String)> = diff
        .segments
        .iter()
        .map(|s| match s {
            Segment::Same(t) => (Kind::Text, sanitize(t, true)),
            Segment::Deleted(t) => (Kind::Deleted, sanitize(t, true)),
            Segment::Inserted(t) => (Kind::Inserted, sanitize(t, true)),
        })
        .collect();
    let mut pieces: Vec<Piece<'_>> = prefix
        .iter()
        .map(|(kind, text)| Piece {
            kind: *kind,
            text,
            hunk_start: false,
        })
        .collect();
    pieces.extend(marked(&texts));
    wrap(&pieces, width)
}

/// Pieces with `[-…-]` around deletions and `{+…+}` around insertions, and
/// the start of each change (a deletion directly followed by its
/// replacement is one change).
fn marked(texts: &[(Kind, String)]) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut previous = Kind::Text;
    for (kind, text) in texts {
        let (open, close) = match kind {
            Kind::Deleted => ("[-", "-]"),
            Kind::Inserted => ("{+", "+}"),
            _ => {
                pieces.push(Piece {
                    kind: *kind,
                    text,
                    hunk_start: false,
                });
                previous = *kind;
                continue;
            }
        };
        let starts = !(previous == Kind::Deleted && *kind == Kind::Inserted);
        // Spaces at the ends of a change are drawn outside its markers, so
        // "{+nhiều+} kết" reads as the words it is (display only).
        let (lead, core, trail) = match text.trim_matches(' ') {
            // A change that is only spaces keeps them inside, to be seen.
            "" => ("", text.as_str(), ""),
            core => {
                let lead = &text[..text.len() - text.trim_start_matches(' ').len()];
                let trail = &text[text.trim_end_matches(' ').len()..];
                (lead, core, trail)
            }
        };
        if !lead.is_empty() {
            pieces.push(Piece {
                kind: Kind::Text,
                text: lead,
                hunk_start: false,
            });
        }
        pieces.push(Piece {
            kind: Kind::Marker,
            text: open,
            hunk_start: starts,
        });
        pieces.push(Piece {
            kind: *kind,
            text: core,
            hunk_start: false,
        });
        pieces.push(Piece {
            kind: Kind::Marker,
            text: close,
            hunk_start: false,
        });
        if !trail.is_empty() {
            pieces.push(Piece {
                kind: Kind::Text,
                text: trail,
                hunk_start: false,
            });
        }
        previous = *kind;
    }
    pieces
}

/// Old text on the left, new on the right, paragraph by paragraph so that
/// the two sides stay level.
fn side_by_side_rows(diff: &WordDiff, width: usize, lang: Lang) -> Wrapped {
    let t = lang.t();
    let gutter = 3; // " │ "
    let col = width.saturating_sub(gutter) / 2;
    let mut out = Wrapped::default();
    out.push_row(vec![
        (Kind::Heading, pad(t.old, col)),
        (Kind::Dim, " │ ".into()),
        (Kind::Heading, t.new.to_owned()),
    ]);

    // Split into paragraphs at breaks in unchanged text.
    let mut paragraphs: Vec<Vec<(Kind, String)>> = vec![Vec::new()];
    for s in &diff.segments {
        match s {
            Segment::Same(text) => {
                for (i, part) in text.split("\n\n").enumerate() {
                    if i > 0 {
                        paragraphs.push(Vec::new());
                    }
                    if let (false, Some(p)) = (part.is_empty(), paragraphs.last_mut()) {
                        p.push((Kind::Text, sanitize(part, true)));
                    }
                }
            }
            Segment::Deleted(text) | Segment::Inserted(text) => {
                let kind = if matches!(s, Segment::Deleted(_)) {
                    Kind::Deleted
                } else {
                    Kind::Inserted
                };
                if let Some(p) = paragraphs.last_mut() {
                    p.push((kind, sanitize(text, true)));
                }
            }
        }
    }
    for (n, paragraph) in paragraphs.iter().enumerate() {
        if n > 0 {
            out.blank();
        }
        let side = |keep: Kind| {
            let kept: Vec<(Kind, String)> = paragraph
                .iter()
                .filter(|(k, _)| *k == Kind::Text || *k == keep)
                .cloned()
                .collect();
            wrap(&marked(&kept), col)
        };
        let old = side(Kind::Deleted);
        let new = side(Kind::Inserted);
        let base = out.rows.len();
        let mut hunks: Vec<usize> = old
            .hunks
            .iter()
            .chain(&new.hunks)
            .map(|h| h + base)
            .collect();
        hunks.sort_unstable();
        hunks.dedup();
        out.hunks.extend(hunks);
        let height = old.rows.len().max(new.rows.len());
        for i in 0..height {
            let mut row: Row = old.rows.get(i).cloned().unwrap_or_default();
            let used = super::wrap::row_width(&row);
            row.push((Kind::Text, " ".repeat(col.saturating_sub(used))));
            row.push((Kind::Dim, " │ ".into()));
            row.extend(new.rows.get(i).cloned().unwrap_or_default());
            out.push_row(row);
        }
    }
    out
}

fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// The badge for a review state, readable without colour.
pub fn state_badge(state: State) -> &'static str {
    match state {
        State::Approved => "✓",
        State::Stale => "≈",
        State::ChangesRequested => "✗",
        State::Pending => "•",
    }
}

pub fn state_text(state: State, lang: Lang) -> &'static str {
    let t = lang.t();
    match state {
        State::Approved => t.state_approved,
        State::Stale => t.state_stale,
        State::ChangesRequested => t.state_changes_requested,
        State::Pending => t.state_pending,
    }
}

/// "Lê Thị Hoa (TC-KH)": a record's author with their department.
pub fn person(record: &ReviewRecord, config: Option<&Config>) -> String {
    let dept = config
        .and_then(|c| {
            c.person_by_email(&record.author_email)
                .map(|p| c.department_short(&p.department).to_owned())
        })
        .map(|d| format!(" ({})", sanitize(&d, false)))
        .unwrap_or_default();
    format!("{}{dept}", sanitize(&record.author_name, false))
}

/// The section's review: state, who approved or asked for changes, what is
/// still needed, how many comments are open.
fn review_rows(r: &SectionReview, config: Option<&Config>, lang: Lang, width: usize) -> Wrapped {
    let t = lang.t();
    let mut out = Wrapped::default();
    let mut head = vec![
        (Kind::Marker, format!("{} ", state_badge(r.state))),
        (Kind::Heading, state_text(r.state, lang).to_owned()),
    ];
    if !r.missing.is_empty() && r.state != State::Approved {
        let needs: Vec<&str> = r
            .missing
            .iter()
            .map(|m| match m {
                Requirement::OwnerReviewer => t.need_owner_reviewer,
                Requirement::Office => t.need_office,
            })
            .collect();
        head.push((Kind::Dim, format!(" · {}: {}", t.needs, needs.join(", "))));
    }
    out.append(wrapped(&head, width));
    for d in &r.decisions {
        let who = person(&d.record, config);
        let when = d.record.time.display();
        let row = match (&d.not_counted, d.record.action, d.stale) {
            (Some(why), _, _) => vec![(
                Kind::Dim,
                format!(
                    "  – {}: {who} — {}",
                    t.not_counted,
                    sanitize(&crate::i18n::errors::not_counted(why, lang), false)
                ),
            )],
            (None, Action::Approve, false) => vec![
                (Kind::Marker, "  ✓ ".to_owned()),
                (Kind::Text, format!("{}: {who} · {when}", t.approved_by)),
            ],
            (None, Action::Approve, true) => vec![
                (Kind::Marker, "  ≈ ".to_owned()),
                (Kind::Text, format!("{}: {who} · {when} (u)", t.stale_by)),
            ],
            (None, _, _) => vec![
                (Kind::Marker, "  ✗ ".to_owned()),
                (Kind::Text, format!("{}: {who} · {when}: ", t.requested_by)),
                (Kind::Text, sanitize(&d.record.text, false)),
            ],
        };
        out.append(wrapped(&row, width));
        // A change request is a thread: the answers to it, under it.
        if let Some(thread) = r.threads.iter().find(|th| th.root.id == d.record.id) {
            for reply in &thread.replies {
                let row = vec![
                    (Kind::Dim, "    ↳ ".to_owned()),
                    (Kind::Text, format!("{}: ", person(reply, config))),
                    (Kind::Text, sanitize(&reply.text, false)),
                ];
                out.append(wrapped(&row, width));
            }
        }
    }
    let comments = r
        .threads
        .iter()
        .filter(|th| !th.is_change_request())
        .count();
    if comments > 0 {
        let row = vec![(
            Kind::Dim,
            format!("  {}: {}/{comments} (t)", t.comments, r.open_threads()),
        )];
        out.append(wrapped(&row, width));
    }
    out
}

/// The comments pane: every thread of the section, the selected one marked;
/// `hunks` holds the row each thread starts on.
pub fn threads(
    r: &SectionReview,
    config: Option<&Config>,
    lang: Lang,
    width: usize,
    cursor: usize,
) -> Wrapped {
    let t = lang.t();
    let mut out = Wrapped::default();
    if r.threads.is_empty() {
        out.append(wrapped(&vec![(Kind::Dim, t.no_comments.to_owned())], width));
        return out;
    }
    for (n, thread) in r.threads.iter().enumerate() {
        if n > 0 {
            out.blank();
        }
        out.hunks.push(out.rows.len());
        let pointer = if n == cursor { "▶ " } else { "  " };
        let status = match (&thread.not_counted, thread.is_change_request()) {
            (Some(why), _) => format!(
                " · {}: {}",
                t.not_counted,
                sanitize(&crate::i18n::errors::not_counted(why, lang), false)
            ),
            _ if thread.is_open() => String::new(),
            (None, true) => format!(" · {}", t.request_closed),
            (None, false) => format!(" · ✓ {}", t.resolved),
        };
        let kind = if thread.is_change_request() {
            format!("✗ {}: ", t.requested_by)
        } else {
            String::new()
        };
        let root_kind = if thread.is_open() {
            Kind::Heading
        } else {
            Kind::Dim
        };
        let head = vec![
            (Kind::Marker, pointer.to_owned()),
            (root_kind, format!("{kind}{}", person(&thread.root, config))),
            (
                Kind::Dim,
                format!(" · {}{status}", thread.root.time.day_and_time()),
            ),
        ];
        out.append(wrapped(&head, width));
        if let Some(q) = &thread.root.quote {
            let mut row = vec![(Kind::Dim, format!("  « {} »", sanitize(q, false)))];
            if thread.quote_found == Some(false) {
                row.push((Kind::Error, format!(" ({})", t.quote_gone)));
            }
            out.append(wrapped(&row, width));
        }
        let body = vec![(
            Kind::Text,
            format!("  {}", sanitize(&thread.root.text, true)),
        )];
        out.append(wrapped(&body, width));
        for reply in &thread.replies {
            let head = vec![
                (Kind::Dim, "    ↳ ".to_owned()),
                (Kind::Heading, person(reply, config)),
                (Kind::Dim, format!(" · {}", reply.time.day_and_time())),
            ];
            out.append(wrapped(&head, width));
            let body = vec![(Kind::Text, format!("      {}", sanitize(&reply.text, true)))];
            out.append(wrapped(&body, width));
        }
    }
    // Answers and resolutions that do not count, with the reason.
    for (record, why) in &r.not_counted {
        out.blank();
        let row = vec![(
            Kind::Dim,
            format!(
                "  – {}: {} ({}) — {}",
                t.not_counted,
                person(record, config),
                record.action.as_str(),
                sanitize(&crate::i18n::errors::not_counted(why, lang), false)
            ),
        )];
        out.append(wrapped(&row, width));
    }
    out
}
