//! Soft-wrapping of diff text into screen rows. ratatui's own wrapping does not
//! say where each change lands, which n/N and side-by-side need; this does,
//! and keeps markers glued to the words they mark.

use unicode_width::UnicodeWidthStr;

/// What a piece of text is, for styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Dim,
    Heading,
    Deleted,
    Inserted,
    /// The `[-`, `-]`, `{+`, `+}` markers and outline badges.
    Marker,
    /// The item the keys act on (the selected change on the merge board).
    Current,
    Error,
}

/// One screen row: styled pieces, already sanitised.
pub type Row = Vec<(Kind, String)>;

/// Rows ready to draw, and the rows on which a change starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wrapped {
    pub rows: Vec<Row>,
    pub hunks: Vec<usize>,
}

impl Wrapped {
    pub fn push_row(&mut self, row: Row) {
        self.rows.push(row);
    }

    pub fn blank(&mut self) {
        self.rows.push(Vec::new());
    }

    /// Appends other rows below these.
    pub fn append(&mut self, other: Wrapped) {
        let base = self.rows.len();
        self.hunks.extend(other.hunks.iter().map(|h| h + base));
        self.rows.extend(other.rows);
    }
}

/// A piece of text to wrap: its kind, its text, and whether a change starts here.
pub struct Piece<'a> {
    pub kind: Kind,
    pub text: &'a str,
    pub hunk_start: bool,
}

/// Wraps pieces into rows of at most `width` columns. Breaks at spaces; a
/// word longer than the row is split. `\n` starts a new row. Text must be
/// sanitised already (no control characters but `\n`).
pub fn wrap(pieces: &[Piece<'_>], width: usize) -> Wrapped {
    let width = width.max(4);
    let mut out = Wrapped::default();
    let mut row: Row = Vec::new();
    let mut row_width = 0;
    // The row that began at a line start of the text (not by wrapping):
    // spaces at its start are indentation and are kept.
    let mut explicit_row = 0;
    // The word being gathered (possibly spanning pieces, e.g. "[-412,5-]").
    let mut word: Row = Vec::new();
    let mut word_width = 0;
    let mut word_hunk = false;

    fn push(row: &mut Row, kind: Kind, s: &str) {
        match row.last_mut() {
            Some((k, t)) if *k == kind => t.push_str(s),
            _ => row.push((kind, s.to_owned())),
        }
    }

    let flush_word = |out: &mut Wrapped,
                      row: &mut Row,
                      row_width: &mut usize,
                      word: &mut Row,
                      word_width: &mut usize,
                      word_hunk: &mut bool| {
        if word.is_empty() {
            return;
        }
        if *row_width + *word_width > width && *row_width > 0 {
            trim_trailing_spaces(row);
            out.rows.push(std::mem::take(row));
            *row_width = 0;
        }
        if *word_hunk {
            out.hunks.push(out.rows.len());
            *word_hunk = false;
        }
        for (kind, text) in word.drain(..) {
            for g in text.split_inclusive(|_: char| true) {
                let w = g.width();
                if *row_width + w > width && *row_width > 0 {
                    out.rows.push(std::mem::take(row));
                    *row_width = 0;
                }
                push(row, kind, g);
                *row_width += w;
            }
        }
        *word_width = 0;
    };

    for piece in pieces {
        if piece.hunk_start {
            word_hunk = true;
        }
        for (i, line) in piece.text.split('\n').enumerate() {
            if i > 0 {
                flush_word(
                    &mut out,
                    &mut row,
                    &mut row_width,
                    &mut word,
                    &mut word_width,
                    &mut word_hunk,
                );
                trim_trailing_spaces(&mut row);
                out.rows.push(std::mem::take(&mut row));
                row_width = 0;
                explicit_row = out.rows.len();
            }
            for part in line.split_inclusive(' ') {
                let (body, space) = match part.strip_suffix(' ') {
                    Some(b) => (b, true),
                    None => (part, false),
                };
                if !body.is_empty() {
                    push(&mut word, piece.kind, body);
                    word_width += body.width();
                }
                if space {
                    flush_word(
                        &mut out,
                        &mut row,
                        &mut row_width,
                        &mut word,
                        &mut word_width,
                        &mut word_hunk,
                    );
                    if word_hunk {
                        // A change that starts with a space starts on this row.
                        out.hunks.push(out.rows.len());
                        word_hunk = false;
                    }
                    // No space at the start of a wrapped row, unless it is the
                    // change itself (a deleted space must stay visible).
                    let indent = row_width == 0 && out.rows.len() == explicit_row;
                    if row_width > 0
                        || indent
                        || matches!(piece.kind, Kind::Deleted | Kind::Inserted)
                    {
                        if row_width + 1 > width {
                            out.rows.push(std::mem::take(&mut row));
                            row_width = 0;
                        } else {
                            push(&mut row, piece.kind, " ");
                            row_width += 1;
                        }
                    }
                }
            }
        }
    }
    flush_word(
        &mut out,
        &mut row,
        &mut row_width,
        &mut word,
        &mut word_width,
        &mut word_hunk,
    );
    if !row.is_empty() {
        trim_trailing_spaces(&mut row);
        out.rows.push(row);
    }
    out.hunks.dedup();
    out
}

fn trim_trailing_spaces(row: &mut Row) {
    while let Some((kind, text)) = row.last_mut() {
        if matches!(kind, Kind::Deleted | Kind::Inserted) {
            return;
        }
        let trimmed = text.trim_end_matches(' ').len();
        text.truncate(trimmed);
        if text.is_empty() {
            row.pop();
        } else {
            return;
        }
    }
}

/// Display width of a row.
pub fn row_width(row: &Row) -> usize {
    row.iter().map(|(_, t)| t.width()).sum()
}

/// An error message as rows of at most `width` columns: each of its lines
/// (a draft's diagnostics, `file:line:column: message`, one a line) starts a
/// row and wraps at spaces, so the whole of it can be read however narrow the
/// pane. Sanitised here (newlines kept).
pub fn error_rows(message: &str, width: usize) -> Vec<Row> {
    let text = crate::core::text::sanitize(message.trim_end(), true);
    wrap(
        &[Piece {
            kind: Kind::Error,
            text: &text,
            hunk_start: false,
        }],
        width,
    )
    .rows
}

/// How many characters of a section's label a heading keeps (the editor's
/// and the approval dialog's title): `core::text::shorten` cuts it after a
/// whole word; `truncate` then fits it to the screen.
pub const HEADING_CHARS: usize = 50;

/// Cuts a string to at most `width` columns, ending with "…" when cut.
/// It is cut after a whole word when that keeps at least half of what fits
/// ("Chỉ đạo đẩy mạnh…", not "Chỉ đạo đẩy mạnh ph…"); a long single word
/// (a branch name, an e-mail) is cut where it must be.
pub fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut w = 0;
    // Where the last word that fits whole ends (in bytes of `out`).
    let mut word_end = None;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > width {
            if c.is_whitespace() {
                word_end = Some(out.len());
            }
            break;
        }
        if c.is_whitespace() && !out.ends_with(char::is_whitespace) {
            word_end = Some(out.len());
        }
        out.push(c);
        w += cw;
    }
    if let Some(end) = word_end {
        let kept = out[..end].trim_end();
        if kept.width() * 2 >= width.saturating_sub(1) && !kept.is_empty() {
            out.truncate(kept.len());
        }
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(rows: &Wrapped) -> Vec<String> {
        rows.rows
            .iter()
            .map(|r| r.iter().map(|(_, t)| t.as_str()).collect())
            .collect()
    }

    fn plain(s: &str) -> Piece<'_> {
        Piece {
            kind: Kind::Text,
            text: s,
            hunk_start: false,
        }
    }

    #[test]
    fn wraps_vietnamese_at_spaces() {
        let w = wrap(
            &[plain("Tổng thu ngân sách nhà nước đạt 418,2 tỷ đồng")],
            20,
        );
        assert_eq!(
            text(&w),
            ["Tổng thu ngân sách", "nhà nước đạt 418,2", "tỷ đồng"]
        );
        for row in &w.rows {
            assert!(row_width(row) <= 20);
        }
    }

    #[test]
    fn markers_stay_with_their_words_and_hunks_are_found() {
        let pieces = [
            plain("thu đạt "),
            Piece {
                kind: Kind::Marker,
                text: "[-",
                hunk_start: true,
            },
            Piece {
                kind: Kind::Deleted,
                text: "412,5",
                hunk_start: false,
            },
            Piece {
                kind: Kind::Marker,
                text: "-]",
                hunk_start: false,
            },
            plain(" tỷ"),
        ];
        let w = wrap(&pieces, 12);
        assert_eq!(text(&w), ["thu đạt", "[-412,5-] tỷ"]);
        assert_eq!(w.hunks, [1]);
    }

    #[test]
    fn an_error_wraps_with_each_diagnostic_on_its_own_rows() {
        let message = "drafts/a.yaml (dept/x):12:5: did not find expected key\n\
                       drafts/a.yaml (dept/x):14:1: tab\u{1b}[31m";
        let rows = error_rows(message, 30);
        let lines: Vec<String> = rows
            .iter()
            .map(|r| r.iter().map(|(_, t)| t.as_str()).collect())
            .collect();
        assert_eq!(
            lines,
            [
                "drafts/a.yaml (dept/x):12:5:",
                "did not find expected key",
                "drafts/a.yaml (dept/x):14:1:",
                "tab\u{FFFD}[31m",
            ]
        );
        assert!(rows.iter().flatten().all(|(k, _)| *k == Kind::Error));
    }

    #[test]
    fn newlines_and_long_words() {
        let w = wrap(&[plain("a\n\nbbbbbbbbbb")], 4);
        assert_eq!(text(&w), ["a", "", "bbbb", "bbbb", "bb"]);
    }

    #[test]
    fn truncates_with_ellipsis() {
        assert_eq!(truncate("Về điều hành phát triển", 10), "Về điều…");
        assert_eq!(
            truncate("Chỉ đạo đẩy mạnh phát triển", 20),
            "Chỉ đạo đẩy mạnh…"
        );
        // Cut exactly at a space: the word before it is whole.
        assert_eq!(truncate("một hai ba", 8), "một hai…");
        // One long word is cut where it must be.
        assert_eq!(
            truncate("dept/phong-tai-chinh-ke-hoach", 12),
            "dept/phong-…"
        );
        assert_eq!(truncate("ab cdefghijklmnop", 10), "ab cdefgh…");
        assert_eq!(truncate("ngắn", 10), "ngắn");
    }
}
