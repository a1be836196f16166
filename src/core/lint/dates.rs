//! Periods (2021-2025) and dates (08/02/2023, ngày 8 tháng 2 năm 2023):
//! a period written with another end than elsewhere, a period as long as
//! it says it is not, one that ends before it begins, a date that does not
//! exist.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::{Finding, Issue, Places, Unit};

static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:\b(\d{1,2}) năm (?:giai đoạn |nhiệm kỳ )?)?\b((?:19|20)\d\d) ?[-–] ?((?:19|20)\d\d)\b",
    )
    .expect("a valid pattern")
});

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b|(?i:ngày) (\d{1,2}) (?i:tháng) (\d{1,2}) (?i:năm) ((?:19|20)\d\d)\b",
    )
    .expect("a valid pattern")
});

pub(super) fn check(units: &[Unit], out: &mut Vec<Finding>) {
    periods(units, out);
    dates(units, out);
}

fn periods(units: &[Unit], out: &mut Vec<Finding>) {
    // (unit, start, end, from, to)
    let mut all: Vec<(usize, usize, usize, u32, u32)> = Vec::new();
    for (u, unit) in units.iter().enumerate() {
        let mut places = Places::new(unit.text);
        for c in PERIOD.captures_iter(unit.text) {
            let (Some(from), Some(to)) = (c.get(2), c.get(3)) else {
                continue;
            };
            let (a, b): (u32, u32) = match (from.as_str().parse(), to.as_str().parse()) {
                (Ok(a), Ok(b)) => (a, b),
                _ => continue,
            };
            let whole = c
                .get(0)
                .map_or((from.start(), to.end()), |m| (m.start(), m.end()));
            let span = (from.start(), to.end());
            if b < a {
                out.push(Finding::new(
                    unit.section,
                    Issue::PeriodReversed {
                        found: unit.text[span.0..span.1].to_owned(),
                    },
                    vec![places.word(&unit.field, span.0, span.1)],
                ));
                continue;
            }
            if let Some(years) = c.get(1).and_then(|n| n.as_str().parse::<u32>().ok()) {
                if years >= 2 && b - a + 1 != years {
                    out.push(Finding::new(
                        unit.section,
                        Issue::PeriodLength {
                            found: unit.text[whole.0..whole.1].to_owned(),
                            years,
                        },
                        vec![places.word(&unit.field, whole.0, whole.1)],
                    ));
                    continue;
                }
            }
            all.push((u, span.0, span.1, a, b));
        }
    }
    // The same start, an end one year off: the same plan period written
    // two ways (a school year, 2023-2024, is no plan). The rarer is reported.
    all.retain(|&(_, _, _, a, b)| b - a >= 3);
    let mut count: HashMap<(u32, u32), usize> = HashMap::new();
    for (_, _, _, a, b) in &all {
        *count.entry((*a, *b)).or_default() += 1;
    }
    let mut cursor: Option<(usize, Places)> = None;
    for &(u, s, e, a, b) in &all {
        let mine = count[&(a, b)];
        let usual = [b.wrapping_sub(1), b + 1]
            .into_iter()
            .filter_map(|other| count.get(&(a, other)).map(|n| (other, *n)))
            .filter(|(other, n)| *n > mine || (*n == mine && *other < b))
            .max_by_key(|(_, n)| *n);
        if let Some((other, _)) = usual {
            if cursor.as_ref().is_none_or(|(c, _)| *c != u) {
                cursor = Some((u, Places::new(units[u].text)));
            }
            let (_, places) = cursor.as_mut().expect("set above");
            out.push(Finding::new(
                units[u].section,
                Issue::PeriodVariant {
                    found: format!("{a}-{b}"),
                    usual: format!("{a}-{other}"),
                },
                vec![places.word(&units[u].field, s, e)],
            ));
        }
    }
}

fn days_in(month: u32, year: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn dates(units: &[Unit], out: &mut Vec<Finding>) {
    for unit in units {
        let mut places = Places::new(unit.text);
        for c in DATE.captures_iter(unit.text) {
            let nums: Vec<u32> = [1, 2, 3, 4, 5, 6]
                .into_iter()
                .filter_map(|i| c.get(i).and_then(|m| m.as_str().parse().ok()))
                .collect();
            let [d, m, y] = nums[..] else { continue };
            if d == 0 || m == 0 || m > 12 || d > days_in(m, y) {
                let whole = c.get(0).expect("a match has its whole");
                out.push(Finding::new(
                    unit.section,
                    Issue::ImpossibleDate {
                        found: whole.as_str().to_owned(),
                    },
                    vec![places.word(&unit.field, whole.start(), whole.end())],
                ));
            }
        }
    }
}
