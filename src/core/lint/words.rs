//! Words: names spelled two ways, tone marks placed two ways, known
//! misspellings (a list shipped here, extended by `duyet.yaml`'s
//! `lint.misspellings`), spacing around punctuation.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use super::{Finding, Issue, Rules, Unit, Word, field_word};

/// Common misspellings in Vietnamese administrative writing, and the
/// spelling to use. Compared without case, whole words only.
const MISSPELLINGS: &[(&str, &str)] = &[
    ("sát nhập", "sáp nhập"),
    ("xát nhập", "sáp nhập"),
    ("sử lý", "xử lý"),
    ("xắp xếp", "sắp xếp"),
    ("bổ xung", "bổ sung"),
    ("sản suất", "sản xuất"),
    ("năng xuất", "năng suất"),
    ("suất sắc", "xuất sắc"),
    ("đột suất", "đột xuất"),
    ("sơ xuất", "sơ suất"),
    ("giám xát", "giám sát"),
    ("kiểm xoát", "kiểm soát"),
    ("xâu sát", "sâu sát"),
    ("trách nghiệm", "trách nhiệm"),
    ("nghành", "ngành"),
    ("chuẩn đoán", "chẩn đoán"),
    ("chỉnh chu", "chỉn chu"),
    ("tựu chung", "tựu trung"),
    ("vô hình chung", "vô hình trung"),
    ("sáng lạn", "xán lạn"),
    ("dấu diếm", "giấu giếm"),
    ("giàn dựng", "dàn dựng"),
    ("cọ sát", "cọ xát"),
    ("xuất xắc", "xuất sắc"),
    ("tham quan học tập", "thăm quan học tập"),
    ("đảm đương", "đảm đang"),
    ("XDCCB", "XDCB"),
    ("UBNN", "UBND"),
    ("HĐNN", "HĐND"),
];

pub(super) fn check(units: &[Unit], rules: &Rules, out: &mut Vec<Finding>) {
    names(units, out);
    tones(units, out);
    misspellings(units, rules, out);
    spacing(units, out);
}

fn chars(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

fn word_at(unit: &Unit, start: usize, end: usize) -> Word {
    let s = chars(unit.text, start);
    field_word(
        &unit.field,
        unit.text,
        s,
        s + unit.text[start..end].chars().count(),
    )
}

/// Where a form was seen: (unit index, byte start, byte end).
type Seen = Vec<(usize, usize, usize)>;

/// Reports each `odd` form (seen less often than a `usual` one it is a
/// variant of) once per section, with all its places there.
fn report(
    units: &[Unit],
    seen: &HashMap<String, Seen>,
    odd: &str,
    usual: &str,
    issue: impl Fn(String, String, usize) -> Issue,
    out: &mut Vec<Finding>,
) {
    let mut by_section: Vec<(&str, Vec<Word>)> = Vec::new();
    for &(u, s, e) in &seen[odd] {
        let unit = &units[u];
        let word = word_at(unit, s, e);
        match by_section.iter_mut().find(|(id, _)| *id == unit.section) {
            Some((_, words)) => words.push(word),
            None => by_section.push((unit.section, vec![word])),
        }
    }
    for (section, words) in by_section {
        let found = words[0].text.clone();
        out.push(Finding::new(
            section,
            issue(found, usual.to_owned(), seen[usual].len()),
            words,
        ));
    }
}

/// Of two variants, the one to report: the rarer; of two as frequent, the
/// one first seen later.
fn odd_one<'a>(seen: &HashMap<String, Seen>, a: &'a str, b: &'a str) -> (&'a str, &'a str) {
    let key = |x: &str| (seen[x].len(), std::cmp::Reverse(seen[x][0]));
    if key(a) < key(b) { (a, b) } else { (b, a) }
}

/// Letters without their marks, lowercase (`Giới` → `gioi`, `Đ` → `d`).
fn skeleton(s: &str) -> String {
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| if c == 'đ' || c == 'Đ' { 'd' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_name_syllable(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(char::is_uppercase)
        && w.chars().count() > 1
        && cs.all(|c| c.is_lowercase())
}

/// A foreign name: one capitalised word of plain letters (Ukraine).
fn is_foreign_name(w: &str) -> bool {
    is_name_syllable(w) && w.len() >= 6 && w.bytes().all(|b| b.is_ascii_alphabetic())
}

/// Proper names: runs of two or more capitalised syllables (Tân Yên, Lan
/// Giới) and capitalised foreign words; two forms are the same name
/// spelled two ways when they differ by case, marks or one letter.
fn names(units: &[Unit], out: &mut Vec<Finding>) {
    let mut seen: HashMap<String, Seen> = HashMap::new();
    for (u, unit) in units.iter().enumerate() {
        let mut run: Option<(usize, usize, usize)> = None; // start, end, syllables
        let mut end_run = |run: &mut Option<(usize, usize, usize)>| {
            if let Some((s, e, n)) = run.take() {
                let form = &unit.text[s..e];
                if n >= 2 || is_foreign_name(form) {
                    seen.entry(form.to_owned()).or_default().push((u, s, e));
                }
            }
        };
        for (at, token) in unit.text.split_word_bound_indices() {
            if is_name_syllable(token) {
                run = Some(match run {
                    Some((s, _, n)) => (s, at + token.len(), n + 1),
                    None => (at, at + token.len(), 1),
                });
            } else if token != " " || run.is_none_or(|(_, e, _)| e != at) {
                end_run(&mut run);
            }
        }
        end_run(&mut run);
    }
    // Forms one edit apart share a skeleton with one letter left out (or
    // the whole skeleton): a linear index instead of comparing every pair.
    let mut near: HashMap<String, Vec<&str>> = HashMap::new();
    for form in seen.keys() {
        let sk: Vec<char> = skeleton(form).chars().collect();
        if sk.len() < 6 {
            continue;
        }
        let mut keys = vec![sk.iter().collect::<String>()];
        for i in 0..sk.len() {
            keys.push(sk[..i].iter().chain(&sk[i + 1..]).collect());
        }
        keys.sort();
        keys.dedup();
        for k in keys {
            near.entry(k).or_default().push(form);
        }
    }
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for forms in near.values() {
        for (i, a) in forms.iter().enumerate() {
            for b in &forms[i + 1..] {
                let same_words = a.split(' ').count() == b.split(' ').count();
                if a != b && same_words {
                    let (odd, usual) = odd_one(&seen, a, b);
                    pairs.push((odd, usual));
                }
            }
        }
    }
    pairs.sort();
    pairs.dedup();
    // Each odd form once, against its most frequent variant.
    let mut reported: Vec<&str> = Vec::new();
    pairs.sort_by_key(|(odd, usual)| (*odd, std::cmp::Reverse(seen[*usual].len())));
    for (odd, usual) in pairs {
        if !reported.contains(&odd) {
            reported.push(odd);
            report(
                units,
                &seen,
                odd,
                usual,
                |found, usual, count| Issue::NameVariant {
                    found,
                    usual,
                    count,
                },
                out,
            );
        }
    }
}

const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// The same syllable with its tone mark on another vowel (hóa / hoá, ủy /
/// uỷ): the letters and the tone are the same, the spelling is not.
fn tones(units: &[Unit], out: &mut Vec<Finding>) {
    let mut seen: HashMap<String, Seen> = HashMap::new();
    let mut by_key: HashMap<(String, char), Vec<String>> = HashMap::new();
    for (u, unit) in units.iter().enumerate() {
        for (at, token) in unit.text.split_word_bound_indices() {
            if !token.chars().any(|c| !c.is_ascii() && c.is_alphabetic()) {
                continue;
            }
            let lower = token.to_lowercase();
            let decomposed: String = lower.nfd().collect();
            let Some(tone) = decomposed.chars().find(|c| TONES.contains(c)) else {
                continue;
            };
            let forms = by_key
                .entry((decomposed.chars().filter(|c| *c != tone).collect(), tone))
                .or_default();
            if !forms.contains(&lower) {
                forms.push(lower.clone());
            }
            seen.entry(lower)
                .or_default()
                .push((u, at, at + token.len()));
        }
    }
    let mut groups: Vec<&Vec<String>> = by_key.values().filter(|f| f.len() > 1).collect();
    groups.sort();
    for forms in groups {
        let usual = forms
            .iter()
            .max_by_key(|f| (seen[*f].len(), std::cmp::Reverse(seen[*f][0])))
            .map(String::as_str)
            .unwrap_or_default();
        for odd in forms.iter().filter(|f| *f != usual) {
            report(
                units,
                &seen,
                odd,
                usual,
                |found, usual, count| Issue::ToneVariant {
                    found,
                    usual,
                    count,
                },
                out,
            );
        }
    }
}

fn misspellings(units: &[Unit], rules: &Rules, out: &mut Vec<Finding>) {
    let mut list: Vec<(String, String)> = MISSPELLINGS
        .iter()
        .map(|(w, r)| ((*w).to_owned(), (*r).to_owned()))
        .collect();
    if let Some(config) = rules.config {
        list.extend(
            config
                .lint
                .misspellings
                .iter()
                .map(|(w, r)| (w.clone(), r.clone())),
        );
    }
    list.retain(|(w, _)| !w.trim().is_empty());
    let pattern = format!(
        r"(?i)\b(?:{})\b",
        list.iter()
            .map(|(w, _)| regex::escape(w.trim()))
            .collect::<Vec<_>>()
            .join("|")
    );
    // A list too large for the regex engine's bounds is left unchecked
    // rather than slowing every check down.
    let Ok(re) = regex::RegexBuilder::new(&pattern)
        .size_limit(1 << 22)
        .build()
    else {
        return;
    };
    for unit in units {
        for m in re.find_iter(unit.text) {
            let found = m.as_str().to_lowercase();
            let Some((_, right)) = list.iter().find(|(w, _)| w.trim().to_lowercase() == found)
            else {
                continue;
            };
            out.push(Finding::new(
                unit.section,
                Issue::Misspelling {
                    found: m.as_str().to_owned(),
                    suggested: right.clone(),
                },
                vec![word_at(unit, m.start(), m.end())],
            ));
        }
    }
}

/// A space before `;` or `,`, and a dash with a space on one side only
/// (`kinh tế- xã hội`, `2023 -2025`): one finding per text, every place.
fn spacing(units: &[Unit], out: &mut Vec<Finding>) {
    static SPACING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\w( +[;,])|\w([-–] \w)|\w( [-–]\w)").expect("a valid pattern")
    });
    for unit in units {
        let places: Vec<(usize, usize)> = SPACING
            .captures_iter(unit.text)
            .filter_map(|c| {
                c.iter()
                    .skip(1)
                    .flatten()
                    .next()
                    .map(|m| (m.start(), m.end()))
            })
            .collect();
        if places.is_empty() {
            continue;
        }
        let words: Vec<Word> = places
            .iter()
            .map(|&(s, e)| {
                // The words on either side, for the reader.
                let s = unit.text[..s].rfind(' ').map_or(0, |i| i + 1).min(s);
                let e = unit.text[e..].find(' ').map_or(unit.text.len(), |i| e + i);
                word_at(unit, s, e)
            })
            .collect();
        out.push(Finding::new(
            unit.section,
            Issue::Spacing {
                found: words.iter().map(|w| w.text.clone()).collect(),
            },
            words,
        ));
    }
}
