//! Text helpers shared by every layer: NFC normalisation, the one sanitiser
//! that stands between file/commit text and the terminal, word tokens.

use unicode_normalization::{UnicodeNormalization, is_nfc_quick};
use unicode_segmentation::UnicodeSegmentation;

/// Returns `s` in Unicode NFC. Cheap when the text already is (the usual case).
pub fn nfc(s: &str) -> String {
    match is_nfc_quick(s.chars()) {
        unicode_normalization::IsNormalized::Yes => s.to_owned(),
        _ => s.nfc().collect(),
    }
}

/// Normalises a string in place to NFC.
pub fn nfc_in_place(s: &mut String) {
    if !matches!(
        is_nfc_quick(s.chars()),
        unicode_normalization::IsNormalized::Yes
    ) {
        *s = s.nfc().collect();
    }
}

/// Makes text safe to draw: every control character (C0, DEL, C1, which
/// includes ESC and so every escape sequence) and every character that can
/// hide or reorder text (`hides_or_reorders`: zero-width characters, bidi
/// controls) is replaced by `�`, so it shows rather than acts. A newline
/// becomes a space unless `keep_newlines`; a tab becomes a space. Letters of
/// every script, combining marks (Vietnamese tones written decomposed) and
/// other ordinary Unicode pass unchanged.
///
/// Everything that reaches the terminal from a draft, a commit or a ref name
/// goes through here: the TUI does it at the one place it turns text into
/// spans, the command line at the one place it writes a line (`cli::output`).
pub fn sanitize(s: &str, keep_newlines: bool) -> String {
    if s.chars().all(|c| !needs_replacing(c, keep_newlines)) {
        return s.to_owned();
    }
    s.chars()
        .map(|c| {
            if c == '\n' && keep_newlines {
                c
            } else if c == '\n' || c == '\t' {
                ' '
            } else if needs_replacing(c, keep_newlines) {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// A person's text made fit to go into a commit message — an edit's message,
/// a comment, a reply, a record's summary: NFC; `\r\n` and a lone `\r` a
/// line break, a tab a space; every other character `sanitize` replaces
/// (control characters, so every escape sequence, and what hides or
/// reorders text) replaced by `�`, visibly, as every screen and command
/// shows it anyway — so what is stored is what was shown, and `git log`,
/// which prints messages as they are, shows nothing that acts on the
/// terminal; trailing spaces of each line and blank lines at either end
/// dropped. The one rule for such text: nothing is silently removed.
pub fn clean_message(message: &str) -> String {
    let text = nfc(&message.replace("\r\n", "\n"));
    let text: String = text
        .chars()
        .map(|c| match c {
            '\r' => '\n',
            '\t' => ' ',
            c if needs_replacing(c, true) => '\u{FFFD}',
            c => c,
        })
        .collect();
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].join("\n"),
        _ => String::new(),
    }
}

fn needs_replacing(c: char, keep_newlines: bool) -> bool {
    (c.is_control() && !(c == '\n' && keep_newlines)) || hides_or_reorders(c)
}

/// Characters that are not control characters but can still make what a
/// person reads differ from what is there: zero-width spaces and joiners
/// (U+200B–U+200D), the bidi marks, embeddings, overrides and isolates
/// (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069), the other
/// invisible format characters of U+2060–U+206F (word joiner, invisible
/// operators), the line and paragraph separators (U+2028, U+2029), the byte
/// order mark inside text (U+FEFF), and the tag characters (U+E0000–U+E007F)
/// that can smuggle invisible ASCII.
pub fn hides_or_reorders(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{061C}'
            | '\u{FEFF}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// `text` on one line (runs of spaces and newlines become one space) if it
/// has at most `max_chars` characters; otherwise its longest run of whole
/// words that fits with `…` after it. A word is never cut: a first word
/// longer than `max_chars` is kept whole (with `…` when more follows), and a
/// dash or comma left before the cut goes ("kinh tế - xã hội" cut after "-"
/// reads better without it). For labels in commit subjects and headings; a
/// cut to a screen width is the TUI's `truncate`.
pub fn shorten(text: &str, max_chars: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max_chars {
        return text;
    }
    let mut kept = String::new();
    let mut kept_chars = 0;
    for word in text.split(' ') {
        let words = word.chars().count();
        // Room for the space before the word and the `…` after it.
        if kept_chars > 0 && kept_chars + 1 + words + 1 > max_chars {
            let kept = kept.trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—(".contains(c));
            return format!("{kept}…");
        }
        if kept_chars > 0 {
            kept.push(' ');
            kept_chars += 1;
        }
        kept.push_str(word);
        kept_chars += words;
    }
    // One word, longer than `max_chars`: nothing was left out.
    kept
}

/// Splits text into the tokens word diffs work on: words, runs of spaces and
/// single punctuation marks, by the Unicode word boundary rules (UAX #29), so
/// `412,5` and `kinh tế` behave as a reader expects.
pub fn word_tokens(s: &str) -> impl Iterator<Item = &str> {
    s.split_word_bounds()
}

/// Whether a token counts as a word (for "+23 −9 từ"): it has a letter or digit.
pub fn is_word(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

/// Number of words in a piece of text.
pub fn count_words(s: &str) -> usize {
    word_tokens(s).filter(|t| is_word(t)).count()
}

/// Splits a body into paragraphs (separated by one or more blank lines).
pub fn paragraphs(body: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        if blank {
            if let Some(s) = start.take() {
                out.push(body[s..end].trim_end());
            }
        } else {
            if start.is_none() {
                start = Some(offset);
            }
            end = offset + line.len();
        }
        offset += line.len();
    }
    if let Some(s) = start {
        out.push(body[s..end].trim_end());
    }
    out
}

/// Tidies a multi-paragraph text as read from YAML: trailing spaces on lines
/// and trailing blank lines go, paragraphs are separated by exactly one blank line.
pub fn tidy_paragraphs(body: &str) -> String {
    paragraphs(body)
        .iter()
        .map(|p| p.lines().map(str::trim_end).collect::<Vec<_>>().join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Iterates the footnote ids cited in a text as `[^id]`, with their byte offset.
/// Linear in the text: only the id characters after each `[^` are looked at.
pub fn footnote_refs(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.match_indices("[^").filter_map(move |(at, _)| {
        let rest = &s[at + 2..];
        let len = rest.find(|c: char| !is_id_char(c)).unwrap_or(rest.len());
        (len > 0 && rest[len..].starts_with(']')).then_some((at, &rest[..len]))
    })
}

/// Characters allowed in ids (sections, footnotes, drafts, departments).
pub fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// Whether `s` is a valid id: 1–64 of [A-Za-z0-9._-], not starting with `.` or `-`.
pub fn is_valid_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.chars().all(is_id_char) && !s.starts_with(['.', '-'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_composes_decomposed_vietnamese() {
        let decomposed = "Vie\u{0302}\u{0323}t";
        assert_eq!(nfc(decomposed), "Việt");
        assert_eq!(nfc("Việt"), "Việt");
    }

    #[test]
    fn sanitize_removes_escape_sequences_and_bidi() {
        assert_eq!(sanitize("a\u{1b}[31mb", false), "a\u{FFFD}[31mb");
        assert_eq!(sanitize("x\u{9b}y", false), "x\u{FFFD}y");
        assert_eq!(sanitize("l\u{202E}r", false), "l\u{FFFD}r");
        assert_eq!(sanitize("a\nb\tc", false), "a b c");
        assert_eq!(sanitize("a\nb", true), "a\nb");
        assert_eq!(sanitize("a\rb", true), "a\u{FFFD}b");
    }

    #[test]
    fn sanitize_replaces_zero_width_and_bidi_characters() {
        for c in [
            '\u{200B}',
            '\u{200C}',
            '\u{200D}',
            '\u{200E}',
            '\u{200F}',
            '\u{2060}',
            '\u{2064}',
            '\u{FEFF}',
            '\u{202A}',
            '\u{202B}',
            '\u{202C}',
            '\u{202D}',
            '\u{202E}',
            '\u{2066}',
            '\u{2067}',
            '\u{2068}',
            '\u{2069}',
            '\u{061C}',
            '\u{2028}',
            '\u{2029}',
            '\u{E0041}',
        ] {
            assert_eq!(sanitize(&format!("a{c}b"), true), "a\u{FFFD}b", "{c:?}");
            assert!(hides_or_reorders(c), "{c:?}");
        }
        // Every C0, DEL and C1 character but a kept newline.
        for c in (0..0x20).chain(0x7f..0xa0).filter_map(char::from_u32) {
            let clean = sanitize(&format!("a{c}b"), true);
            assert!(!clean.chars().any(char::is_control) || c == '\n', "{c:?}");
        }
    }

    #[test]
    fn a_message_is_cleaned_visibly() {
        assert_eq!(
            clean_message("\n  \nSửa số liệu   \r\n\tquý IV\x1b[31m\u{7}  \n\n"),
            "Sửa số liệu\n quý IV\u{FFFD}[31m\u{FFFD}"
        );
        // C1 (U+009B is a CSI to many terminals), bidi, zero-width, U+2028:
        // each shows as `�`, nothing is dropped.
        assert_eq!(
            clean_message("a\u{9b}2J\u{202E}b\u{200B}c\u{2028}d\re"),
            "a\u{FFFD}2J\u{FFFD}b\u{FFFD}c\u{FFFD}d\ne"
        );
        // NFD (as some keyboards send it) becomes NFC.
        assert_eq!(clean_message("Tha\u{300}nh"), "Thành");
        assert_eq!(clean_message(" \n\t\n"), "");
        assert_eq!(clean_message("Đồng ý, chuẩn."), "Đồng ý, chuẩn.");
    }

    #[test]
    fn sanitize_keeps_vietnamese_and_ordinary_unicode() {
        for text in [
            "Tổng thu ngân sách đạt 412,5 tỷ đồng — bằng 104% dự toán.",
            // Tones written decomposed (combining marks), as some keyboards do.
            "Vie\u{0302}\u{0323}t Nam",
            "« trích dẫn » · “ngoặc” ‘đơn’ № 5 € ½ → ✓ 😀 漢字 العربية עברית",
            "a\u{00A0}b\u{202F}c", // no-break spaces
        ] {
            assert_eq!(sanitize(text, true), text);
        }
        for sample in [
            include_str!("../../drafts/bao-cao-thang-11-2026.yaml"),
            include_str!("../../drafts/bao-cao-ubnd-tan-yen-2023.yaml"),
            include_str!("../../drafts/duyet.yaml"),
        ] {
            assert_eq!(sanitize(sample, true), sample);
        }
    }

    #[test]
    fn words_follow_unicode_boundaries() {
        let tokens: Vec<_> = word_tokens("thu 412,5 tỷ đồng.").collect();
        assert_eq!(tokens, ["thu", " ", "412,5", " ", "tỷ", " ", "đồng", "."]);
        assert_eq!(count_words("thu 412,5 tỷ đồng."), 4);
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        assert_eq!(paragraphs("a\nb\n\n\n c \n\n"), ["a\nb", " c"]);
        assert_eq!(tidy_paragraphs("a  \nb\n\n\nc\n"), "a\nb\n\nc");
        assert!(paragraphs("").is_empty());
    }

    #[test]
    fn footnote_refs_are_found() {
        let refs: Vec<_> = footnote_refs("x[^fn-1] y[^a b] [^] z[^fn-2]").collect();
        assert_eq!(refs, [(1, "fn-1"), (22, "fn-2")]);
    }

    #[test]
    fn ids_are_ascii_slugs() {
        assert!(is_valid_id("ket-qua_1.a"));
        assert!(!is_valid_id("kết-quả"));
        assert!(!is_valid_id("-x"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id(&"a".repeat(65)));
    }

    #[test]
    fn a_short_label_is_kept_whole() {
        assert_eq!(shorten("Về thu ngân sách", 60), "Về thu ngân sách");
        assert_eq!(shorten("  Về thu\n ngân   sách ", 60), "Về thu ngân sách");
    }

    #[test]
    fn a_label_of_exactly_the_limit_is_kept_whole() {
        let label = "Về thu ngân sách"; // 16 characters (NFC)
        assert_eq!(label.chars().count(), 16);
        assert_eq!(shorten(label, 16), label);
        assert_eq!(shorten(label, 15), "Về thu ngân…");
    }

    #[test]
    fn a_long_vietnamese_label_is_cut_between_words() {
        let label = "Về điều hành phát triển kinh tế - xã hội và giải quyết các vấn đề trọng tâm, phát sinh";
        let cut = shorten(label, 60);
        assert_eq!(
            cut,
            "Về điều hành phát triển kinh tế - xã hội và giải quyết các…"
        );
        assert!(cut.chars().count() <= 60, "{cut}");
        // Every word kept is a whole word of the label.
        let kept = cut.trim_end_matches('…');
        assert!(label.starts_with(kept));
        assert_eq!(label[kept.len()..].chars().next(), Some(' '));
        // At 50 (the approval dialog's heading), not "…và giải q".
        assert_eq!(
            shorten(label, 50),
            "Về điều hành phát triển kinh tế - xã hội và giải…"
        );
    }

    #[test]
    fn a_dash_or_comma_before_the_cut_goes() {
        assert_eq!(shorten("một hai - ba bốn năm", 10), "một hai…");
        assert_eq!(shorten("một hai, ba bốn năm", 10), "một hai…");
    }

    #[test]
    fn one_very_long_word_is_not_cut() {
        let word = "a".repeat(70);
        assert_eq!(shorten(&format!("{word} b"), 60), format!("{word}…"));
        assert_eq!(shorten(&word, 60), word);
        let long = "Chương trình mục tiêu quốc gia xây dựng nông thôn mới";
        assert_eq!(shorten(long, 8), "Chương…");
    }
}
