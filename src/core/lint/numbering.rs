//! Numbering among sibling sections: each level counts in one style
//! (I, II, III… / 1, 2, 3… / a, b, c… / A, B, C…), from its first value,
//! with no number missing and none twice.

use super::{Finding, Issue, Word, field_word};
use crate::core::draft::Section;

/// A style of numbering, as Vietnamese reports use them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Style {
    Roman,
    Arabic,
    Lower,
    Upper,
}

impl Style {
    pub fn example(self) -> &'static str {
        match self {
            Style::Roman => "I, II, III",
            Style::Arabic => "1, 2, 3",
            Style::Lower => "a, b, c",
            Style::Upper => "A, B, C",
        }
    }

    fn format(self, n: u32) -> String {
        match self {
            Style::Roman => roman(n),
            Style::Arabic => n.to_string(),
            Style::Lower => letter(n, false),
            Style::Upper => letter(n, true),
        }
    }
}

/// What a section's `number` counts: its last part (`2.3` → 3), without
/// the dot or parenthesis that may follow it.
/// `letters`: the level counts in capital letters (one of its numbers is a
/// capital that is no Roman digit), so C and D are letters there.
/// `vietnamese`: the level has đ, so it counts in the Vietnamese order.
fn value(number: &str, letters: bool, vietnamese: bool) -> Option<(Style, u32)> {
    let n = number.trim().trim_end_matches(['.', ')', '-', '/']);
    let last = n.rsplit('.').next().unwrap_or(n).trim();
    if last.is_empty() || last.len() > 12 {
        return None;
    }
    if last.bytes().all(|b| b.is_ascii_digit()) {
        return last.parse().ok().map(|v| (Style::Arabic, v));
    }
    if let Some(v) = parse_roman(last).filter(|_| !(letters && last.len() == 1)) {
        return Some((Style::Roman, v));
    }
    let mut chars = last.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return None;
    };
    let style = if c.is_lowercase() {
        Style::Lower
    } else {
        Style::Upper
    };
    let lower = c.to_lowercase().next()?;
    // Vietnamese points run a, b, c, d, đ, e, g… (no f, j, w, z); a level
    // without đ is read in the Latin order.
    let order = if vietnamese {
        VIETNAMESE_LETTERS
    } else {
        LATIN_LETTERS
    };
    let at = order.chars().position(|l| l == lower)?;
    Some((style, at as u32 + 1))
}

const VIETNAMESE_LETTERS: &str = "abcdđeghiklmnopqrstuvxy";
const LATIN_LETTERS: &str = "abcdefghijklmnopqrstuvwxyz";

fn parse_roman(s: &str) -> Option<u32> {
    if !s.bytes().all(|b| b"IVXLCDM".contains(&b)) {
        return None;
    }
    let digit = |b: u8| match b {
        b'I' => 1,
        b'V' => 5,
        b'X' => 10,
        b'L' => 50,
        b'C' => 100,
        b'D' => 500,
        _ => 1000,
    };
    let bytes = s.as_bytes();
    let mut total = 0i64;
    for (i, &b) in bytes.iter().enumerate() {
        let d = digit(b);
        if bytes.get(i + 1).is_some_and(|&next| digit(next) > d) {
            total -= d;
        } else {
            total += d;
        }
    }
    // Only the canonical spelling (IIII or IC are no numbers).
    let total = u32::try_from(total).ok().filter(|t| *t > 0)?;
    (roman(total) == s).then_some(total)
}

fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

fn letter(n: u32, upper: bool) -> String {
    match LATIN_LETTERS.chars().nth(n as usize - 1) {
        Some(c) if upper => c.to_ascii_uppercase().to_string(),
        Some(c) => c.to_string(),
        None => n.to_string(),
    }
}

/// The findings of one level (the children of `parent`, or the top level),
/// then of every level below it.
pub(super) fn check(sections: &[Section], parent: Option<&str>, out: &mut Vec<Finding>) {
    let letters = sections.iter().any(|s| {
        let n = s.number.trim().trim_end_matches(['.', ')', '-', '/']);
        n.len() == 1
            && n.bytes()
                .all(|b| b.is_ascii_uppercase() && !b"IVXLCDM".contains(&b))
    });
    let vietnamese = sections.iter().any(|s| s.number.contains(['đ', 'Đ']));
    let numbered: Vec<(&Section, Style, u32)> = sections
        .iter()
        .filter_map(|s| value(&s.number, letters, vietnamese).map(|(style, v)| (s, style, v)))
        .collect();
    if let Some(style) = dominant(&numbered) {
        let others: Vec<&(&Section, Style, u32)> =
            numbered.iter().filter(|(_, s, _)| *s != style).collect();
        if let Some((first, other, _)) = others.first() {
            out.push(Finding::new(
                parent.unwrap_or(&first.id),
                Issue::NumberingMixed {
                    expected: style,
                    found: *other,
                },
                others.iter().map(|(s, _, _)| number_word(s)).collect(),
            ));
        }
        let mut previous: Option<u32> = None;
        for (section, _, v) in numbered.iter().filter(|(_, s, _)| *s == style) {
            let expected = previous.map_or(1, |p| p + 1);
            if previous == Some(*v) {
                out.push(Finding::new(
                    &section.id,
                    Issue::NumberingDuplicate {
                        number: section.number.trim().to_owned(),
                    },
                    vec![number_word(section)],
                ));
            } else if *v > expected {
                let missing: Vec<String> =
                    (expected..*v).take(5).map(|n| style.format(n)).collect();
                out.push(Finding::new(
                    &section.id,
                    Issue::NumberingGap {
                        missing,
                        found: section.number.trim().to_owned(),
                    },
                    vec![number_word(section)],
                ));
            } else if *v < expected {
                out.push(Finding::new(
                    &section.id,
                    Issue::NumberingOrder {
                        expected: style.format(expected),
                        found: section.number.trim().to_owned(),
                    },
                    vec![number_word(section)],
                ));
            }
            previous = Some(previous.map_or(*v, |p| p.max(*v)));
        }
    }
    for s in sections {
        check(&s.sections, Some(&s.id), out);
    }
}

/// The style most siblings use; on a tie, the first one's.
fn dominant(numbered: &[(&Section, Style, u32)]) -> Option<Style> {
    let mut counts: Vec<(Style, usize)> = Vec::new();
    for (_, style, _) in numbered {
        match counts.iter_mut().find(|(s, _)| s == style) {
            Some((_, n)) => *n += 1,
            None => counts.push((*style, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts.iter().find(|(_, n)| *n == best).map(|(s, _)| *s)
}

fn number_word(section: &Section) -> Word {
    field_word("number", &section.number, 0, section.number.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_in_their_styles() {
        assert_eq!(value("IV", false, false), Some((Style::Roman, 4)));
        assert_eq!(value("2.3", false, false), Some((Style::Arabic, 3)));
        assert_eq!(value("b)", false, false), Some((Style::Lower, 2)));
        assert_eq!(value("A.", true, false), Some((Style::Upper, 1)));
        assert_eq!(value("C", true, false), Some((Style::Upper, 3)));
        assert_eq!(value("C", false, false), Some((Style::Roman, 100)));
        assert_eq!(value("IIII", false, false), None);
        assert_eq!(value("", false, false), None);
        assert_eq!(value("đ)", false, true), Some((Style::Lower, 5)));
        assert_eq!(value("e)", false, true), Some((Style::Lower, 6)));
        assert_eq!(value("e)", false, false), Some((Style::Lower, 5)));
        assert_eq!(roman(2024), "MMXXIV");
    }
}
