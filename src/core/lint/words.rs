//! Words: names spelled two ways, tone marks placed two ways, known
//! misspellings (a list shipped here, extended by `duyet.yaml`'s
//! `lint.misspellings`), spacing around punctuation.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use super::{Finding, Issue, Places, Rules, Unit, Word};

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

/// Syllables a name may have (Tây Yên Tử, Thành phố Hồ Chí Minh).
const MAX_NAME_SYLLABLES: usize = 6;
/// Letters a name may have, marks left out.
const MAX_NAME_CHARS: usize = 48;
/// Forms one letter apart beyond which none is taken for a misspelling.
const MAX_VARIANTS: usize = 8;
/// Places a finding lists (the rest are not listed).
const MAX_PLACES: usize = 50;

pub(super) fn check(units: &[Unit], rules: &Rules, out: &mut Vec<Finding>) {
    names(units, out);
    tones(units, out);
    misspellings(units, rules, out);
    spacing(units, out);
}

/// Where a form was seen: (unit index, byte start, byte end).
type Seen = Vec<(usize, usize, usize)>;

/// Reports each `odd` form (seen less often than a `usual` one it is a
/// variant of) once per section, with all its places there.
fn report(
    units: &[Unit],
    places: &Seen,
    usual: &str,
    usual_count: usize,
    issue: impl Fn(String, String, usize) -> Issue,
    out: &mut Vec<Finding>,
) {
    let mut by_section: Vec<(&str, Vec<Word>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    // The places come in reading order: one count per text.
    let mut cursor: Option<(usize, Places)> = None;
    for &(u, s, e) in places {
        let unit = &units[u];
        let at = *index.entry(unit.section).or_insert_with(|| {
            by_section.push((unit.section, Vec::new()));
            by_section.len() - 1
        });
        // (Each place costs a count of characters up to it: only those
        // listed are counted.)
        if by_section[at].1.len() < MAX_PLACES {
            if cursor.as_ref().is_none_or(|(c, _)| *c != u) {
                cursor = Some((u, Places::new(unit.text)));
            }
            let (_, p) = cursor.as_mut().expect("set above");
            by_section[at].1.push(p.word(&unit.field, s, e));
        }
    }
    for (section, words) in by_section {
        let found = words[0].text.clone();
        out.push(Finding::new(
            section,
            issue(found, usual.to_owned(), usual_count),
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
                // A name has a few syllables; a long run of capitals (a
                // heading in title case) is none, and is not indexed.
                if (2..=MAX_NAME_SYLLABLES).contains(&n) || (n == 1 && is_foreign_name(form)) {
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
        if sk.len() < 6 || sk.len() > MAX_NAME_CHARS {
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
    // Many forms one letter apart are no name spelled two ways (a list of
    // similar codes): such a group is left alone, which also bounds the
    // pairs compared.
    for forms in near.values().filter(|f| f.len() <= MAX_VARIANTS) {
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
    let mut reported: std::collections::HashSet<&str> = std::collections::HashSet::new();
    pairs.sort_by_key(|(odd, usual)| (*odd, std::cmp::Reverse(seen[*usual].len())));
    for (odd, usual) in pairs {
        if reported.insert(odd) {
            report(
                units,
                &seen[odd],
                usual,
                seen[usual].len(),
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
    // First the spellings and how often each is used (its first place
    // breaks ties); then, in a second pass, the places of the rarer ones
    // only: no list of every word of the draft is kept.
    let mut used: HashMap<String, (usize, (usize, usize))> = HashMap::new();
    let mut by_key: HashMap<(String, char), Vec<String>> = HashMap::new();
    let toned = |token: &str| -> Option<(String, (String, char))> {
        if !token.chars().any(|c| !c.is_ascii() && c.is_alphabetic()) {
            return None;
        }
        let lower = token.to_lowercase();
        let decomposed: String = lower.nfd().collect();
        let tone = decomposed.chars().find(|c| TONES.contains(c))?;
        let letters = decomposed.chars().filter(|c| *c != tone).collect();
        Some((lower, (letters, tone)))
    };
    for (u, unit) in units.iter().enumerate() {
        for (at, token) in unit.text.split_word_bound_indices() {
            let Some((lower, key)) = toned(token) else {
                continue;
            };
            let forms = by_key.entry(key).or_default();
            if !forms.contains(&lower) {
                forms.push(lower.clone());
            }
            used.entry(lower).or_insert((0, (u, at))).0 += 1;
        }
    }
    let mut groups: Vec<&Vec<String>> = by_key.values().filter(|f| f.len() > 1).collect();
    groups.sort();
    let rank = |f: &String| (used[f].0, std::cmp::Reverse(used[f].1));
    let mut odd: HashMap<&str, &str> = HashMap::new();
    for forms in &groups {
        let usual = forms
            .iter()
            .max_by_key(|f| rank(f))
            .map(String::as_str)
            .unwrap_or_default();
        for f in forms.iter().filter(|f| *f != usual) {
            odd.insert(f, usual);
        }
    }
    if odd.is_empty() {
        return;
    }
    let mut places: HashMap<&str, Seen> = HashMap::new();
    for (u, unit) in units.iter().enumerate() {
        for (at, token) in unit.text.split_word_bound_indices() {
            if let Some((lower, _)) = toned(token) {
                if let Some((form, _)) = odd.get_key_value(lower.as_str()) {
                    places
                        .entry(form)
                        .or_default()
                        .push((u, at, at + token.len()));
                }
            }
        }
    }
    for forms in groups {
        for f in forms.iter().filter(|f| odd.contains_key(f.as_str())) {
            let usual = odd[f.as_str()];
            report(
                units,
                &places[f.as_str()],
                usual,
                used[usual].0,
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
        let mut places = Places::new(unit.text);
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
                vec![places.word(&unit.field, m.start(), m.end())],
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
            .take(MAX_PLACES)
            .collect();
        if places.is_empty() {
            continue;
        }
        let mut at = Places::new(unit.text);
        let words: Vec<Word> = places
            .iter()
            .map(|&(s, e)| {
                // The words on either side, for the reader.
                let s = unit.text[..s].rfind(' ').map_or(0, |i| i + 1).min(s);
                let e = unit.text[e..].find(' ').map_or(unit.text.len(), |i| e + i);
                at.word(&unit.field, s, e)
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
