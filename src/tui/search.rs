//! `/` and `:` on the review screen: a one-line prompt in the footer, then
//! n/N between the outline rows whose title or text matches, or a jump to a
//! section by its number path ("I.4", "V.2.a").
//!
//! Typed Vietnamese is compared in NFC and without case; a query typed
//! without diacritics (no Unikey at hand) also finds the words with them.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::app::App;
use super::keys::{Action, Typing};
use super::model::{Comparison, OutlineRow};

pub use super::app::{Prompt, PromptKind};

/// Lower case, NFC; without every diacritic (đ as d) when `marks` is false.
pub fn fold(s: &str, marks: bool) -> String {
    let lower = s.to_lowercase();
    if marks {
        return lower.nfc().collect();
    }
    lower
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// Whether `text` contains `query`: with diacritics as typed, or, for a
/// query typed without any, ignoring them in the text too.
pub fn contains(text: &str, query: &str) -> bool {
    let exact = fold(query, true);
    let bare = fold(query, false);
    if exact == bare.nfc().collect::<String>() {
        fold(text, false).contains(&bare)
    } else {
        fold(text, true).contains(&exact)
    }
}

/// Whether an outline row's title or text (old or new) contains `query`.
pub fn row_matches(cmp: &Comparison, row: OutlineRow, query: &str) -> bool {
    match row {
        OutlineRow::Part(p) => {
            let d = cmp.diff.part(p);
            contains(&d.new_text(), query) || contains(&d.old_text(), query)
        }
        OutlineRow::Section(i) => {
            let s = &cmp.diff.sections[i];
            [
                s.title.new_text(),
                s.title.old_text(),
                s.body.new_text(),
                s.body.old_text(),
            ]
            .iter()
            .any(|t| contains(t, query))
        }
    }
}

/// The outline row of the section numbered `path` ("i.4" finds "I.4").
fn row_of_path(app: &App, cmp: &Comparison, path: &str) -> Option<usize> {
    let wanted = fold(path.trim().trim_end_matches('.'), true);
    app.review.rows.iter().position(|r| match r {
        OutlineRow::Section(i) => fold(&cmp.paths[*i], true) == wanted,
        OutlineRow::Part(_) => false,
    })
}

/// The next (or previous) row matching the search, wrapping around; the
/// selected row itself only when `from_here`.
fn next_match(app: &App, query: &str, forward: bool, from_here: bool) -> Option<usize> {
    let cmp = app.review.comparison.ready()?;
    let n = app.review.rows.len();
    let start = usize::from(!from_here);
    (start..n + start)
        .map(|k| {
            if forward {
                (app.review.selected + k) % n
            } else {
                (app.review.selected + n * 2 - k) % n
            }
        })
        .find(|&i| row_matches(cmp, app.review.rows[i], query))
}

/// n/N while a search is active: the next match, or why there is none.
pub fn go(app: &mut App, forward: bool, from_here: bool) {
    let Some(query) = app.review.search.clone() else {
        return;
    };
    match next_match(app, &query, forward, from_here) {
        Some(i) => app.select(i),
        None => {
            app.message = Some(app.lang.t().search_none.replace("{q}", &query));
        }
    }
}

/// A key while the prompt is open.
pub fn on_prompt_key(app: &mut App, action: Action) {
    let Some(prompt) = app.review.prompt.as_mut() else {
        return;
    };
    match action {
        Action::Type(Typing::DeleteBack) => {
            prompt.text.pop();
        }
        Action::Cancel => {
            if prompt.kind == PromptKind::Search {
                app.review.search = None;
            }
            app.review.prompt = None;
        }
        Action::Confirm => {
            let Some(Prompt { kind, text }) = app.review.prompt.take() else {
                return;
            };
            let text = text.trim().to_owned();
            match kind {
                PromptKind::Search if text.is_empty() => app.review.search = None,
                PromptKind::Search => {
                    app.review.search = Some(text);
                    go(app, true, true);
                }
                PromptKind::Jump => jump(app, &text),
            }
        }
        Action::Quit => app.quit = true,
        _ => {}
    }
}

/// Typed (or pasted) text for the prompt: one line of it.
pub fn type_text(app: &mut App, text: &str) {
    if let Some(prompt) = app.review.prompt.as_mut() {
        let line = text.lines().next().unwrap_or_default();
        prompt.text.extend(line.chars().filter(|c| !c.is_control()));
    }
}

/// `:` then Enter: selects the section numbered `path`, showing every
/// section if the "changed only" filter hides it.
fn jump(app: &mut App, path: &str) {
    let Some(cmp) = app.review.comparison.ready().cloned() else {
        return;
    };
    if path.is_empty() {
        return;
    }
    if row_of_path(app, &cmp, path).is_none() && app.review.changed_only {
        app.review.changed_only = false;
        app.rebuild_rows();
    }
    match row_of_path(app, &cmp, path) {
        Some(i) => app.select(i),
        None => app.message = Some(app.lang.t().jump_none.replace("{p}", path)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_matches_in_nfc_without_case_and_without_marks_when_typed_so() {
        // "Ngân sách" typed in NFD (as some keyboards send it) and upper case.
        let nfd: String = "NGÂN SÁCH".nfd().collect();
        assert!(contains("Tổng thu ngân sách đạt", &nfd));
        assert!(contains("Tổng thu ngân sách đạt", "ngan sach"));
        assert!(contains("Đường giao thông", "duong"));
        // With marks typed, the marks count.
        assert!(!contains("Tổng thu ngân sách", "ngàn"));
        assert!(contains("Tổng thu ngân sách", "ngân"));
    }
}
