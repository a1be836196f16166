//! The text as numbered lines, and what a line looks like: a heading's
//! number, a footnote's text, a list item, capitals.

/// One line of the input, tidied: no line break, tabs as spaces, no spaces
/// at either end. Blank for an empty line and for a page break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based, as an editor counts the input's lines.
    pub no: usize,
    pub text: String,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// The input's lines: CRLF and a lone CR end a line, a form feed (page
/// break) is a blank line of its own, tabs and other spaces become one
/// space, control characters go.
pub fn split(text: &str) -> Vec<Line> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut out = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        // A lone CR (old Mac files) ends a line too; counted as one here.
        for (k, piece) in raw.split(['\r', '\u{c}']).enumerate() {
            if k > 0 {
                out.push(Line {
                    no: i + 1,
                    text: String::new(),
                });
            }
            out.push(Line {
                no: i + 1,
                text: tidy(piece),
            });
        }
    }
    out
}

/// Whitespace runs as one space, control and invisible characters dropped,
/// trimmed.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else if c.is_control() || crate::core::text::hides_or_reorders(c) {
            continue;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// `**text**` without its stars (the bold of a text extracted from Word).
pub fn unbold(s: &str) -> &str {
    let t = s.trim();
    t.strip_prefix("**")
        .and_then(|t| t.strip_suffix("**"))
        .map_or(t, str::trim)
}

/// Leading and trailing `**` removed, each on its own (bold that spans
/// several lines leaves a half on each).
pub fn strip_stars(s: &str) -> &str {
    let t = s.trim();
    let t = t.strip_prefix("**").unwrap_or(t);
    t.strip_suffix("**").unwrap_or(t).trim()
}

/// Whether every letter is a capital, with at least two letters.
pub fn is_upper(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| !c.is_lowercase())
}

/// Whether the first letter is a small letter.
pub fn starts_lower(s: &str) -> bool {
    s.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(char::is_lowercase)
}

/// Whether the text ends a sentence or a clause (so what follows after a
/// break is a new paragraph): `.`, `:`, `;`, `!`, `?`, `…`, after closing
/// quotes, brackets, stars and footnote markers.
pub fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(|c: char| {
        matches!(c, '"' | '”' | '’' | '\'' | '*' | ')' | ']') || superscript_digit(c).is_some()
    });
    let t = strip_bracket_markers(t);
    t.ends_with(['.', ':', ';', '!', '?', '…'])
}

/// `text[1]` → `text` (footnote markers written in brackets at the end).
fn strip_bracket_markers(mut t: &str) -> &str {
    while let Some(open) = t.rfind('[') {
        let inner = &t[open + 1..];
        if inner.is_empty() || !inner.chars().all(|c| c.is_ascii_digit()) {
            break;
        }
        t = &t[..open];
    }
    t
}

/// A list item (`- `, `+ `, `• `, `– `): always a paragraph of its own.
pub fn is_list_item(s: &str) -> bool {
    ["- ", "+ ", "• ", "– ", "* "]
        .iter()
        .any(|m| s.starts_with(m))
        && s.len() > 2
}

/// The digit a superscript character stands for.
pub fn superscript_digit(c: char) -> Option<u32> {
    Some(match c {
        '⁰' => 0,
        '¹' => 1,
        '²' => 2,
        '³' => 3,
        '⁴' => 4,
        '⁵' => 5,
        '⁶' => 6,
        '⁷' => 7,
        '⁸' => 8,
        '⁹' => 9,
        _ => return None,
    })
}

/// A footnote's text line: `¹ text`, `¹text`, `[1] text`; its number (as
/// digits) and text.
pub fn footnote_text(s: &str) -> Option<(String, &str)> {
    let digits: String = s
        .chars()
        .map_while(superscript_digit)
        .map(|d| char::from_digit(d, 10).unwrap_or('0'))
        .collect();
    if !digits.is_empty() {
        let skip: usize = s.chars().take(digits.len()).map(char::len_utf8).sum();
        let rest = s[skip..].trim_start();
        return (!rest.is_empty()).then_some((digits, rest));
    }
    let inner = s.strip_prefix('[')?;
    let close = inner.find(']')?;
    let number = &inner[..close];
    let rest = inner[close + 1..].trim_start();
    let ok = (1..=3).contains(&number.len()) && number.chars().all(|c| c.is_ascii_digit());
    (ok && !rest.is_empty()).then(|| (number.to_owned(), rest))
}

/// The kinds of numbering Vietnamese reports use, outermost first as they
/// usually nest (the nesting of a document is what it shows, though).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Phần thứ nhất, PHẦN I
    Part,
    /// A. / A-
    Capital,
    /// I. / I-
    Roman,
    /// 1. / 1-
    Arabic,
    /// a) / a.
    Lower,
    /// A heading without a number: a bold or capitals line.
    Unnumbered,
}

/// A heading as printed: its kind, number and the rest of the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading<'a> {
    pub kind: Kind,
    pub number: String,
    pub rest: &'a str,
}

/// The heading `s` starts with, if any. `roman_first` says whether a letter
/// that is also a Roman numeral (I, V, X…) is read as one.
pub fn heading(s: &str, roman_first: bool) -> Option<Heading<'_>> {
    let s = unbold(s);
    if let Some(h) = part(s) {
        return Some(h);
    }
    let token_end = s.find(['.', '-', '–', ')', ' '])?;
    let (token, after) = s.split_at(token_end);
    let sep = after.chars().next()?;
    let rest = after[sep.len_utf8()..].trim_start_matches([' ', '.']);
    // "1." must be followed by a space (so "1.2" and "3.000" are no headings).
    let spaced = after[sep.len_utf8()..].starts_with(' ') || rest.is_empty();
    if sep == ' ' || !spaced {
        return None;
    }
    let kind = if !token.is_empty() && token.len() <= 3 && token.chars().all(|c| c.is_ascii_digit())
    {
        Kind::Arabic
    } else if is_roman(token) && (roman_first || token.len() > 1) {
        Kind::Roman
    } else if token.len() == 1 && token.chars().all(|c| c.is_ascii_uppercase()) {
        Kind::Capital
    } else if token.chars().count() == 1
        && token.chars().all(|c| c.is_ascii_lowercase() || c == 'đ')
        && matches!(sep, ')' | '.')
    {
        Kind::Lower
    } else {
        return None;
    };
    // A lone number with nothing after it is a page number, not a heading;
    // and "1) …" reads as an item only for letters.
    if rest.is_empty() && matches!(kind, Kind::Arabic | Kind::Lower) {
        return None;
    }
    if sep == ')' && matches!(kind, Kind::Roman | Kind::Capital) {
        return None;
    }
    Some(Heading {
        kind,
        number: token.to_owned(),
        rest,
    })
}

/// "Phần thứ nhất: …", "PHẦN THỨ HAI", "Phần I", "PHẦN 2".
fn part(s: &str) -> Option<Heading<'_>> {
    let lower = s.to_lowercase();
    if !lower.starts_with("phần ") {
        return None;
    }
    let words: Vec<&str> = s.split(' ').collect();
    let ordinal = [
        "nhất", "một", "hai", "ba", "tư", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười",
    ];
    let clean = |w: &str| w.trim_end_matches([':', '.', ',']).to_lowercase();
    let take = if words.len() >= 3
        && clean(words[1]) == "thứ"
        && ordinal.contains(&clean(words[2]).as_str())
    {
        3
    } else if words.len() >= 2 && {
        let w = clean(words[1]);
        is_roman(&w.to_uppercase()) || (!w.is_empty() && w.chars().all(|c| c.is_ascii_digit()))
    } {
        2
    } else {
        return None;
    };
    let number_len: usize = words[..take].iter().map(|w| w.len() + 1).sum::<usize>() - 1;
    let number = s[..number_len].trim_end_matches([':', '.', ',']).to_owned();
    let rest = s[number_len..].trim_start_matches([':', '.', ',', ' ', '-', '–']);
    Some(Heading {
        kind: Kind::Part,
        number,
        rest,
    })
}

pub fn is_roman(s: &str) -> bool {
    !s.is_empty() && s.len() <= 6 && roman_value(s).is_some()
}

/// The value of a Roman numeral written the usual way (I…XXXIX), else None.
pub fn roman_value(s: &str) -> Option<u32> {
    (1..40).find(|&n| to_roman(n) == s)
}

pub fn to_roman(mut n: u32) -> String {
    let mut out = String::new();
    for (value, digits) in [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// The number that should follow `number` of `kind` (None where there is
/// no rule: parts, unnumbered headings).
pub fn next_number(kind: Kind, number: Option<&str>) -> Option<String> {
    const VI_LETTERS: &str = "abcdđeghiklmnopqrstuvxy";
    match (kind, number) {
        (Kind::Arabic, None) => Some("1".into()),
        (Kind::Arabic, Some(n)) => n.parse::<u32>().ok().map(|n| (n + 1).to_string()),
        (Kind::Roman, None) => Some("I".into()),
        (Kind::Roman, Some(n)) => roman_value(n).map(|v| to_roman(v + 1)),
        (Kind::Capital, None) => Some("A".into()),
        (Kind::Capital, Some(n)) => n
            .chars()
            .next()
            .and_then(|c| char::from_u32(c as u32 + 1))
            .map(String::from),
        (Kind::Lower, None) => Some("a".into()),
        (Kind::Lower, Some(n)) => {
            let letters: Vec<char> = VI_LETTERS.chars().collect();
            let at = letters.iter().position(|c| n.starts_with(*c))?;
            letters.get(at + 1).map(|c| c.to_string())
        }
        (Kind::Part | Kind::Unnumbered, _) => None,
    }
}

/// Whether `number` may follow `previous` (Vietnamese lettering skips f, j,
/// w, z and has đ; a list lettered the Latin way is accepted too).
pub fn follows(kind: Kind, previous: Option<&str>, number: &str) -> Option<String> {
    let expected = next_number(kind, previous)?;
    if expected == number {
        return None;
    }
    if kind == Kind::Lower {
        let latin = previous
            .and_then(|p| p.chars().next())
            .and_then(|c| char::from_u32(c as u32 + 1))
            .map_or('a', |c| c);
        if number.starts_with(latin) && number.chars().count() == 1 {
            return None;
        }
    }
    Some(expected)
}
