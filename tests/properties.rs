//! Properties that must hold for any input, checked on generated input
//! (proptest): the sanitiser that stands between text and the terminal, the
//! word diff and the draft diff, and review records — their message format,
//! and commits on the records ref read back through git, whatever their
//! bytes. The generators lean toward what breaks terminals, tokenisers and
//! parsers: escape and bidi characters, decomposed Vietnamese, repeated
//! words, runs of spaces and blank lines, malformed headers and trailers.
//!
//! Case counts keep the whole file within some 20 s of a debug build on two
//! cores; the git-backed properties build a repository per case, so they
//! run fewer.

mod common;

use std::collections::HashMap;
use std::time::Instant;

use common::{Lcg, WORDS, draft, parent, section};
use duyet::core::review::{Action, NewRecord, Part, ReviewRecord, named_draft, squash_phrase};
use duyet::core::text::{clean_message, hides_or_reorders, sanitize, tidy_paragraphs};
use duyet::core::{Draft, Identity, Moment, Segment, Status, WordDiff, diff_drafts, word_diff};
use duyet::store::{ReadPath, ReviewLog, Store, StoreError};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        max_shrink_iters: 10_000,
        ..ProptestConfig::default()
    }
}

/// A character from `lo..=hi` (code points that are no `char` are skipped).
fn code(lo: u32, hi: u32) -> BoxedStrategy<char> {
    (lo..=hi)
        .prop_filter_map("a Unicode scalar value", char::from_u32)
        .boxed()
}

// ------------------------------------------------------------ the sanitiser

/// Characters that act on a terminal or hide or reorder text, and some that
/// look as if they might but are ordinary text (NBSP, soft hyphen, the
/// combining grapheme joiner, a variation selector, `�` itself).
const HOSTILE: &[char] = &[
    '\u{1b}',
    '\u{7}',
    '\u{0}',
    '\u{8}',
    '\u{b}',
    '\u{c}',
    '\r',
    '\n',
    '\t',
    '\u{7f}',
    '\u{80}',
    '\u{85}',
    '\u{8d}',
    '\u{90}',
    '\u{9b}',
    '\u{9c}',
    '\u{9d}',
    '\u{9f}',
    '\u{200b}',
    '\u{200c}',
    '\u{200d}',
    '\u{200e}',
    '\u{200f}',
    '\u{202a}',
    '\u{202b}',
    '\u{202c}',
    '\u{202d}',
    '\u{202e}',
    '\u{2066}',
    '\u{2067}',
    '\u{2068}',
    '\u{2069}',
    '\u{061c}',
    '\u{2028}',
    '\u{2029}',
    '\u{2060}',
    '\u{2064}',
    '\u{feff}',
    '\u{e0001}',
    '\u{e0041}',
    '\u{e007f}',
    '\u{a0}',
    '\u{ad}',
    '\u{34f}',
    '\u{fe0f}',
    '\u{fffd}',
    '[',
    ']',
    ';',
    '?',
];

/// Vietnamese letters, precomposed, with the combining marks of the tones
/// and vowels written decomposed (as some keyboards and PDFs give them).
const VIETNAMESE: &[char] = &[
    'a', 'ă', 'â', 'đ', 'Đ', 'e', 'ê', 'ô', 'ơ', 'ư', 'ạ', 'ả', 'ấ', 'ầ', 'ẩ', 'ẫ', 'ậ', 'ắ', 'ằ',
    'ẳ', 'ẵ', 'ặ', 'ế', 'ề', 'ể', 'ễ', 'ệ', 'ỉ', 'ị', 'ố', 'ồ', 'ổ', 'ỗ', 'ộ', 'ớ', 'ờ', 'ở', 'ỡ',
    'ợ', 'ụ', 'ủ', 'ứ', 'ừ', 'ử', 'ữ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ỵ', 'Ỷ', 'Ệ', '\u{300}', '\u{301}',
    '\u{303}', '\u{309}', '\u{323}', '\u{302}', '\u{306}', '\u{31b}',
];

/// Printable text of a report: letters, digits, punctuation, spaces.
const PRINTABLE: &[char] = &[
    ' ', ' ', ' ', ',', '.', ';', ':', '-', '–', '—', '(', ')', '“', '”', '‘', '’', '«', '»', '%',
    '/', '…', '№', '€', '½', '→', '✓', '😀', '漢', 'ع', '\u{a0}', '\u{202f}', '0', '4', '9', 'T',
    'y', 'n', 'g', 'h',
];

fn any_text_char() -> BoxedStrategy<char> {
    prop_oneof![
        4 => select(HOSTILE),
        2 => code(0x00, 0x1f),
        2 => code(0x7f, 0x9f),
        1 => code(0x200b, 0x200f),
        1 => code(0x2028, 0x202e),
        1 => code(0x2060, 0x206f),
        1 => code(0xe0000, 0xe007f),
        4 => select(VIETNAMESE),
        3 => select(PRINTABLE),
        2 => code(0x20, 0x7e),
        2 => any::<char>(),
    ]
    .boxed()
}

fn any_text() -> impl Strategy<Value = String> {
    vec(any_text_char(), 0..80).prop_map(String::from_iter)
}

/// Text a report holds: printable characters and line breaks.
fn printable_text() -> impl Strategy<Value = String> {
    vec(
        prop_oneof![4 => select(VIETNAMESE), 4 => select(PRINTABLE), 1 => Just('\n')],
        0..80,
    )
    .prop_map(String::from_iter)
}

/// What a terminal acts on, or what hides or reorders text — written out
/// from the code charts rather than taken from `sanitize`'s helpers: C0
/// (all but a kept newline), DEL, C1, zero-width characters, bidi marks,
/// embeddings, overrides and isolates, the other invisible format
/// characters of U+2060–U+206F, the line and paragraph separators, U+FEFF
/// and the tag characters.
fn acts_or_hides(c: char, keep_newlines: bool) -> bool {
    let u = u32::from(c);
    (u < 0x20 && !(keep_newlines && c == '\n'))
        || (0x7f..=0x9f).contains(&u)
        || (0x200b..=0x200f).contains(&u)
        || (0x2028..=0x202e).contains(&u)
        || (0x2060..=0x206f).contains(&u)
        || u == 0x061c
        || u == 0xfeff
        || (0xe0000..=0xe007f).contains(&u)
}

proptest! {
    #![proptest_config(config(4000))]

    /// Nothing a terminal would act on survives, and nothing that hides or
    /// reorders text; no line break unless asked to keep them.
    #[test]
    fn sanitized_text_holds_nothing_a_terminal_acts_on(text in any_text(), keep in any::<bool>()) {
        let clean = sanitize(&text, keep);
        for c in clean.chars() {
            prop_assert!(!acts_or_hides(c, keep), "{c:?} left in {clean:?} (from {text:?})");
            prop_assert!(!hides_or_reorders(c), "{c:?} left in {clean:?}");
            prop_assert!(!c.is_control() || (keep && c == '\n'), "{c:?} left in {clean:?}");
        }
        prop_assert!(keep || !clean.contains('\n'));
        prop_assert!(!clean.contains('\x1b'), "ESC in {:?}", clean);
    }

    /// It replaces, never removes: one character for one, a visible `�` for
    /// what would act or hide, a space for a tab (and a newline, unless kept).
    /// So nothing shifts, and what was there can be seen to have been there.
    #[test]
    fn sanitize_replaces_one_for_one_and_only_what_it_must(text in any_text(), keep in any::<bool>()) {
        let clean = sanitize(&text, keep);
        prop_assert_eq!(clean.chars().count(), text.chars().count());
        for (was, is) in text.chars().zip(clean.chars()) {
            let expected = match was {
                '\n' if keep => '\n',
                '\n' | '\t' => ' ',
                c if acts_or_hides(c, keep) => '\u{fffd}',
                c => c,
            };
            prop_assert_eq!(is, expected, "{:?} in {:?}", was, text);
        }
    }

    #[test]
    fn sanitize_is_idempotent(text in any_text(), keep in any::<bool>()) {
        let once = sanitize(&text, keep);
        prop_assert_eq!(sanitize(&once, keep), once.clone());
        // Text sanitised keeping newlines is clean for one line once they go.
        prop_assert_eq!(sanitize(&sanitize(&text, true), false), sanitize(&text, false));
    }

    /// A report's own text reaches the screen as it is.
    #[test]
    fn printable_text_passes_unchanged(text in printable_text()) {
        prop_assert_eq!(sanitize(&text, true), text.clone());
        prop_assert_eq!(sanitize(&text, false), text.replace('\n', " "));
    }
}

// ------------------------------------------------------------ the word diff

/// Pieces of report text: words (repeated ones, numbers with commas, a
/// decomposed word, a footnote citation), punctuation, runs of spaces,
/// line breaks and blank lines, a tab and a CRLF.
const PIECES: &[&str] = &[
    "Tổng",
    "thu",
    "ngân",
    "sách",
    "đạt",
    "412,5",
    "tỷ",
    "đồng",
    "bằng",
    "104%",
    "xã",
    "huyện",
    "Tân",
    "Yên",
    "thu",
    "thu",
    "sách",
    "Vie\u{302}\u{323}t",
    "[^fn-1]",
    "a",
    "b",
    ",",
    ".",
    ";",
    ":",
    "—",
    "-",
    "(",
    ")",
    "“",
    "”",
    "…",
    " ",
    " ",
    " ",
    " ",
    "  ",
    "   ",
    "\n",
    "\n",
    "\n\n",
    "\n\n",
    "\n\n\n",
    " \n",
    "\n ",
    " \n\n ",
    "\t",
    "\r\n",
    "",
];

fn pieces() -> impl Strategy<Value = Vec<&'static str>> {
    vec(select(PIECES), 0..48)
}

/// Two texts, one often an edit of the other (so they share most words,
/// and common starts and ends), sometimes unrelated.
fn text_pair() -> impl Strategy<Value = (String, String)> {
    let edited = (
        pieces(),
        vec((any::<Index>(), 0..3u8, select(PIECES)), 0..6),
    )
        .prop_map(|(old, edits)| {
            let mut new = old.clone();
            for (at, op, piece) in edits {
                let i = at.index(new.len() + 1);
                match op {
                    0 if i < new.len() => {
                        new.remove(i);
                    }
                    1 if i < new.len() => new[i] = piece,
                    _ => new.insert(i, piece),
                }
            }
            (old.concat(), new.concat())
        });
    let unrelated = (pieces(), pieces()).prop_map(|(a, b)| (a.concat(), b.concat()));
    prop_oneof![3 => edited, 1 => unrelated]
}

/// What must hold for any word diff of two draft texts
/// (`common::word_diff_problem`), as a property's failure.
fn check_word_diff(old: &str, new: &str, w: &WordDiff) -> Result<(), TestCaseError> {
    match common::word_diff_problem(old, new, w) {
        Some(problem) => Err(TestCaseError::fail(problem)),
        None => Ok(()),
    }
}

proptest! {
    #![proptest_config(config(3000))]

    /// Texts as a draft holds them (the loader tidies paragraphs): the diff
    /// gives both back exactly, whatever the edit.
    #[test]
    fn word_diff_gives_back_both_texts((old, new) in text_pair()) {
        let (old, new) = (tidy_paragraphs(&old), tidy_paragraphs(&new));
        check_word_diff(&old, &new, &word_diff(&old, &new))?;
        check_word_diff(&new, &old, &word_diff(&new, &old))?;
    }

    /// Any text, tidy or not (a title, the signature block): the diff never
    /// panics, and never loses or changes a word — only blank lines and
    /// spaces at the end of a paragraph may read back otherwise.
    #[test]
    fn word_diff_of_any_texts_loses_no_word((old, new) in text_pair()) {
        let w = word_diff(&old, &new);
        prop_assert_eq!(tidy_paragraphs(&w.old_text()), tidy_paragraphs(&old), "{:?}", w.segments);
        prop_assert_eq!(tidy_paragraphs(&w.new_text()), tidy_paragraphs(&new), "{:?}", w.segments);
    }

    /// A text compared with itself is one unchanged run, exactly the text.
    #[test]
    fn word_diff_of_a_text_with_itself_is_all_same(pieces in pieces()) {
        let text = pieces.concat();
        let w = word_diff(&text, &text);
        let expected = if text.is_empty() { vec![] } else { vec![Segment::Same(text.clone())] };
        prop_assert_eq!(&w.segments, &expected);
        prop_assert_eq!((w.hunks, w.inserted_words, w.deleted_words), (0, 0, 0));
    }
}

/// `paragraphs` paragraphs of `words` words each from `WORDS`, in an order
/// of `rng`'s: two such texts share every word and almost no order, the
/// worst case for the diff.
fn shuffled_text(rng: &mut Lcg, paragraphs: usize, words: usize) -> String {
    (0..paragraphs)
        .map(|_| {
            (0..words)
                .map(|_| rng.pick(WORDS))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Two long texts with the same words in unrelated orders take the word
/// diff past its deadline (300 ms in one call); the result, however
/// coarse, still gives both texts back exactly. The time is printed, not
/// asserted: a loaded machine must not fail the test.
#[test]
fn word_diff_past_its_deadline_still_gives_back_both_texts() {
    let mut rng = Lcg(0x6475_7965);
    let old = shuffled_text(&mut rng, 1, 40_000);
    let new = shuffled_text(&mut rng, 1, 40_000);
    let started = Instant::now();
    let w = word_diff(&old, &new);
    eprintln!(
        "word diff of 2 × 40 000 words: {:?}, {} hunks",
        started.elapsed(),
        w.hunks
    );
    check_word_diff(&old, &new, &w).unwrap();
}

// ------------------------------------------------------------ the draft diff

/// Section ids from a small pool, so two generated drafts share some.
const IDS: &[&str] = &[
    "thu",
    "chi",
    "giai-ngan",
    "kinh-te",
    "xa-hoi",
    "muc-1",
    "muc-2",
    "v.1",
];

/// Sections of a generated draft: up to two levels, unique ids from `IDS`,
/// text as the loader leaves it (tidy).
fn sections() -> impl Strategy<Value = Vec<duyet::core::Section>> {
    let one = (
        select(IDS),
        select(&["I", "II", "1", "2", "a)"][..]),
        pieces(),
        pieces(),
        0..3usize,
        any::<bool>(),
    );
    vec(one, 0..8).prop_map(|specs| {
        let mut used = std::collections::HashSet::new();
        let mut top: Vec<duyet::core::Section> = Vec::new();
        for (id, number, title, body, depth, cite) in specs {
            if !used.insert(id) {
                continue;
            }
            let title = title
                .concat()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let mut body = tidy_paragraphs(&body.concat());
            if cite {
                body.push_str("[^fn-1]");
            }
            if title.is_empty() && body.is_empty() {
                body.push('x');
            }
            let s = section(id, number, &title, &body);
            match top.last_mut() {
                Some(last) if depth > 0 => last.sections.push(s),
                _ => top.push(s),
            }
        }
        top
    })
}

fn any_draft() -> impl Strategy<Value = Draft> {
    (sections(), pieces(), pieces(), pieces()).prop_map(|(sections, note, preamble, closing)| {
        let note = tidy_paragraphs(&note.concat());
        let mut d = draft(sections, &[("fn-1", note.as_str())]);
        d.preamble = tidy_paragraphs(&preamble.concat());
        d.closing = tidy_paragraphs(&closing.concat());
        d
    })
}

/// Every section of a draft, at any depth, by id.
fn outline(d: &Draft) -> HashMap<String, duyet::core::Section> {
    let mut out = HashMap::new();
    let mut stack: Vec<&duyet::core::Section> = d.sections.iter().rev().collect();
    while let Some(s) = stack.pop() {
        out.insert(s.id.clone(), s.clone());
        stack.extend(s.sections.iter().rev());
    }
    out
}

proptest! {
    #![proptest_config(config(600))]

    /// A draft compared with itself: every section is there once, unchanged;
    /// no part changed.
    #[test]
    fn a_draft_compared_with_itself_is_unchanged(d in any_draft()) {
        let diff = diff_drafts(&d, &d);
        prop_assert_eq!(diff.sections.len(), outline(&d).len());
        for s in &diff.sections {
            prop_assert_eq!(s.status, Status::Unchanged, "{}", s.id);
            prop_assert!(!s.changes.any() && s.hunks() == 0, "{}", s.id);
        }
        prop_assert_eq!(diff.changed_count(), 0);
        for part in Part::ALL {
            prop_assert!(!diff.part(part).is_change(), "{:?}", part);
        }
    }

    /// Two drafts: every section of either is listed once, added exactly
    /// when only the new one has it, removed when only the old one does;
    /// each body diff gives back both bodies; unchanged means the same
    /// title, number and body.
    #[test]
    fn a_draft_diff_accounts_for_every_section(old in any_draft(), new in any_draft()) {
        let diff = diff_drafts(&old, &new);
        let (before, after) = (outline(&old), outline(&new));
        let mut seen = std::collections::HashSet::new();
        for s in &diff.sections {
            prop_assert!(seen.insert(s.id.clone()), "{} listed twice", s.id);
            let expected = match (before.get(&s.id), after.get(&s.id)) {
                (Some(_), Some(_)) => s.status,
                (None, Some(_)) => Status::Added,
                (Some(_), None) => Status::Removed,
                (None, None) => unreachable!("a section of neither draft"),
            };
            prop_assert_eq!(s.status, expected, "{}", s.id);
            let body = |side: Option<&duyet::core::Section>| side.map_or(String::new(), |s| s.body.clone());
            check_word_diff(&body(before.get(&s.id)), &body(after.get(&s.id)), &s.body)?;
            if s.status == Status::Unchanged {
                let (o, n) = (&before[&s.id], &after[&s.id]);
                prop_assert_eq!((&o.title, &o.number, &o.body), (&n.title, &n.number, &n.body));
            }
        }
        let mut all: Vec<&String> = before.keys().chain(after.keys()).collect();
        all.sort();
        all.dedup();
        prop_assert_eq!(seen.len(), all.len());
        for part in [Part::Preamble, Part::Closing] {
            check_word_diff(&part.text(&old), &part.text(&new), diff.part(part))?;
        }
    }
}

/// Forty sections whose long bodies were rewritten from end to end: the
/// comparison's shared budget (1 s, each word diff 300 ms) cuts in, and
/// every body still reads back exactly on both sides.
#[test]
fn a_draft_diff_past_its_budget_still_gives_back_every_body() {
    let mut rng = Lcg(0x6b79);
    let ids: Vec<String> = (0..40).map(|i| format!("muc-{i}")).collect();
    let make = |rng: &mut Lcg| {
        let sections = ids
            .iter()
            .map(|id| section(id, "1", "Mục", &shuffled_text(rng, 2, 2_000)))
            .collect();
        draft(vec![parent("chung", "I", "Chung", sections)], &[])
    };
    let (old, new) = (make(&mut rng), make(&mut rng));
    let started = Instant::now();
    let diff = diff_drafts(&old, &new);
    eprintln!(
        "draft diff of 40 × 2 × 4 000 words: {:?}",
        started.elapsed()
    );
    for id in &ids {
        let s = diff.section(id).expect("every section is listed");
        check_word_diff(
            &old.section(id).unwrap().body,
            &new.section(id).unwrap().body,
            &s.body,
        )
        .unwrap();
    }
}

// ------------------------------------------------------------ review records

const ACTIONS: &[Action] = &[
    Action::Comment,
    Action::Reply,
    Action::Resolve,
    Action::Approve,
    Action::RequestChanges,
    Action::Withdraw,
    Action::Dismiss,
];

fn hex(len: usize) -> impl Strategy<Value = String> {
    vec(select(&b"0123456789abcdef"[..]), len).prop_map(|b| String::from_utf8(b).unwrap())
}

/// A draft path as `Store::drafts` lists them: any file name under
/// `drafts/` ending in `.yaml`.
fn draft_path() -> impl Strategy<Value = String> {
    vec(
        prop_oneof![
            4 => select(VIETNAMESE),
            2 => select(&['-', '_', '.', '0', '9', 'x', ':'][..]),
            2 => select(&[' ', '\u{a0}', '\t'][..]),
        ],
        1..24,
    )
    .prop_map(|name| format!("drafts/{}.yaml", String::from_iter(name)))
}

/// What a record is about: a section id or a part of the report.
fn target_id() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z0-9][a-z0-9._-]{0,20}",
        1 => select(&Part::ALL[..]).prop_map(|p| p.id().to_owned()),
    ]
}

/// A record as duyet's writers make one: the text trimmed, the quote
/// squashed to one line (`ops::review`), a summary of any text (it is
/// folded to one line when written).
fn new_record() -> impl Strategy<Value = (NewRecord, String)> {
    (
        (select(ACTIONS), draft_path(), target_id(), hex(40), hex(64)),
        (
            proptest::option::of(hex(40)),
            proptest::option::of(any_text()),
            any_text(),
            any_text(),
            proptest::option::of(hex(12)),
        ),
    )
        .prop_map(
            |(
                (action, draft, section, revision, section_hash),
                (reply_to, quote, text, summary, finding),
            )| {
                let quote = quote.map(|q| squash_phrase(&q)).filter(|q| !q.is_empty());
                let record = NewRecord {
                    action,
                    draft,
                    section,
                    revision,
                    section_hash,
                    reply_to,
                    quote,
                    finding,
                    text: text.trim().to_owned(),
                };
                (record, summary)
            },
        )
}

/// `new_record` with no NUL anywhere (git refuses those, see below).
fn new_record_without_nul() -> impl Strategy<Value = (NewRecord, String)> {
    new_record().prop_map(|(mut r, summary)| {
        let no_nul = |s: &str| s.replace('\0', "\u{fffd}");
        r.text = no_nul(&r.text);
        r.quote = r.quote.as_deref().map(no_nul);
        (r, no_nul(&summary))
    })
}

/// The record `new` must read back as, written with `summary`.
fn expected(
    new: &NewRecord,
    summary: &str,
    id: &str,
    who: &Identity,
    time: Moment,
) -> ReviewRecord {
    ReviewRecord {
        id: id.to_owned(),
        author_name: who.name.clone(),
        author_email: who.email.clone(),
        time,
        action: new.action,
        draft: new.draft.clone(),
        section: new.section.clone(),
        revision: new.revision.clone(),
        section_hash: new.section_hash.clone(),
        reply_to: new.reply_to.clone(),
        quote: new.quote.clone(),
        finding: new.finding.clone(),
        // The summary and the text are cleaned as every message is
        // (control and bidi characters become `�`); trailers are exact.
        summary: clean_message(summary)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        text: clean_message(&new.text),
        signed: Default::default(),
    }
}

/// Pieces of commit messages: trailer lines right and wrong, paragraph
/// breaks, CR, NUL, colons, hostile characters.
const MESSAGE_PIECES: &[&str] = &[
    "Góp ý mục I",
    "\n",
    "\n\n",
    "\r\n",
    "\0",
    ": ",
    ":",
    " ",
    "Duyet-",
    "Duyet-Action: comment",
    "Duyet-Action: approve",
    "Duyet-Action: nope",
    "Duyet-Action:",
    "Duyet-Draft: drafts/a.yaml",
    "Duyet-Draft: ",
    " Duyet-Draft : drafts/b.yaml",
    "Duyet-Section: thu",
    "Duyet-Section:",
    "Duyet-Revision: 0123456789abcdef0123456789abcdef01234567",
    "Duyet-Section-Hash: ab",
    "Duyet-Reply-To: 1111111111111111111111111111111111111111",
    "Duyet-Quote: ngân sách",
    "Signed-off-by: A <a@b>",
    "Key: value",
    "no colon here",
    "\u{1b}[31m",
    "\u{202e}",
    "\u{85}",
    "\u{2028}",
    "ệ",
    "Vie\u{302}\u{323}t",
];

fn any_message() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => vec(select(MESSAGE_PIECES), 0..24).prop_map(|p| p.concat()),
        1 => any_text(),
        // A record duyet wrote, with hostile pieces put in anywhere.
        2 => (new_record(), vec((any::<Index>(), select(MESSAGE_PIECES)), 1..4)).prop_map(
            |((record, summary), inserts)| {
                let mut m = record.message(&summary);
                for (at, piece) in inserts {
                    let mut i = at.index(m.len() + 1);
                    while !m.is_char_boundary(i) {
                        i -= 1;
                    }
                    m.insert_str(i, piece);
                }
                m
            },
        ),
    ]
}

fn hoa_moment() -> Moment {
    Moment {
        seconds: 1_702_519_200,
        offset_minutes: 420,
    }
}

proptest! {
    #![proptest_config(config(3000))]

    /// Any message reads as a record, as no record, or as an unreadable
    /// record with a reason; never a panic. A record read has a known
    /// action and names a draft and a section, trimmed.
    #[test]
    fn any_message_is_a_record_no_record_or_a_reason(message in any_message()) {
        let who = common::hoa();
        let read = ReviewRecord::read("c0ffee".into(), who.name.clone(), who.email.clone(), hoa_moment(), &message);
        let _ = named_draft(&message);
        match read {
            Ok(Some(r)) => {
                prop_assert!(!r.draft.is_empty() && r.draft == r.draft.trim(), "{:?}", r.draft);
                prop_assert!(!r.section.is_empty() && r.section == r.section.trim(), "{:?}", r.section);
                prop_assert!(message.contains(r.action.as_str()));
                prop_assert_eq!(
                    ReviewRecord::parse("c0ffee", &who, hoa_moment(), &message),
                    Some(r)
                );
            }
            Ok(None) => prop_assert!(ReviewRecord::parse("c0ffee", &who, hoa_moment(), &message).is_none()),
            Err(why) => prop_assert!(!why.trim().is_empty()),
        }
    }

    /// What duyet writes, it reads back: every field, for any text, quote
    /// and summary a writer may give and any draft path `Store::drafts` lists.
    #[test]
    fn a_record_duyet_writes_reads_back((new, summary) in new_record()) {
        prop_assume!(!summary.trim().is_empty());
        let who = common::hoa();
        let message = new.message(&summary);
        let read = ReviewRecord::read("c0ffee".into(), who.name.clone(), who.email.clone(), hoa_moment(), &message);
        prop_assert_eq!(
            read,
            Ok(Some(expected(&new, &summary, "c0ffee", &who, hoa_moment()))),
            "{}",
            message
        );
        prop_assert_eq!(named_draft(&message), Some(new.draft.clone()));
    }
}

/// Found by `a_record_duyet_writes_reads_back`: the writer folded every
/// run of whitespace in a trailer value, so a record about a draft whose
/// file name holds two spaces or a no-break space named another file, and
/// never counted for its own draft.
#[test]
fn a_draft_file_name_with_odd_spaces_is_named_exactly() {
    for draft in [
        "drafts/báo cáo  tháng 11.yaml",
        "drafts/báo\u{a0}cáo.yaml",
        "drafts/a\tb.yaml",
    ] {
        let new = NewRecord {
            action: Action::Comment,
            draft: draft.to_owned(),
            section: "thu".to_owned(),
            revision: "0".repeat(40),
            section_hash: "0".repeat(64),
            reply_to: None,
            quote: None,
            finding: None,
            text: "Đề nghị bổ sung.".to_owned(),
        };
        let who = common::hoa();
        let read = ReviewRecord::read(
            String::new(),
            who.name,
            who.email,
            hoa_moment(),
            &new.message("Góp ý"),
        );
        assert_eq!(read.unwrap().unwrap().draft, draft);
    }
}

// ------------------------------------------------------------ records through git

/// A name and an e-mail that `Identity::new` accepts (most generated ones
/// are refused: that is the point of the generator).
fn identity() -> impl Strategy<Value = Identity> {
    let name = vec(
        prop_oneof![4 => select(VIETNAMESE), 2 => select(PRINTABLE), 1 => select(&['.', ',', '\'', '"', ':', '\\', '<'][..])],
        1..30,
    )
    .prop_map(String::from_iter);
    let email = ("[a-z0-9._+-]{1,12}", "[a-z0-9-]{1,8}(\\.[a-z]{2,4}){1,2}")
        .prop_map(|(local, domain)| format!("{local}@{domain}"));
    (name, email).prop_filter_map("an identity duyet accepts", |(n, e)| {
        Identity::new(&n, &e).ok()
    })
}

fn moment() -> impl Strategy<Value = Moment> {
    (0..=i64::from(u32::MAX), -720..=840i32).prop_map(|(seconds, offset_minutes)| Moment {
        seconds,
        offset_minutes,
    })
}

fn new_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::init(dir.path()).expect("git init");
    (dir, store)
}

/// The log read twice (the second time from the index the first wrote)
/// and from git alone: all three agree, so the index is only a cache.
fn log_three_ways(store: &Store) -> Result<ReviewLog, TestCaseError> {
    let first = store.review_log().expect("the records are read");
    let second = store.review_log().expect("the records are read again");
    let full = store
        .review_log_uncached()
        .expect("the records are read from git");
    if first.path != ReadPath::Empty {
        prop_assert_eq!(second.path, ReadPath::Cached);
    }
    for other in [&second, &full] {
        prop_assert_eq!(
            (&first.records, &first.unreadable, &first.warnings),
            (&other.records, &other.unreadable, &other.warnings)
        );
    }
    Ok(first)
}

proptest! {
    #![proptest_config(config(64))]

    /// Records written by duyet's own writer (`Store::append_record`, whose
    /// commit bytes are `commit::encode`'s) read back through git and the
    /// index with every field: author, time, trailers, text, summary.
    #[test]
    fn records_written_through_git_read_back(
        records in vec((new_record(), identity(), moment()), 1..4),
    ) {
        let (_dir, store) = new_store();
        let mut written = Vec::new();
        for ((new, summary), who, when) in &records {
            let summary = format!("Góp ý {summary}");
            let message = new.message(&summary);
            match store.append_record(&message, who, Some(*when)) {
                Ok(id) => written.push(expected(new, &summary, &id.to_string(), who, *when)),
                // Git ends a message at a NUL: refused, not cut short.
                Err(StoreError::NulInMessage) if message.contains('\0') => {}
                Err(e) => prop_assert!(false, "not written: {e}"),
            }
        }
        let log = log_three_ways(&store)?;
        prop_assert!(log.unreadable.is_empty(), "{:?}", log.unreadable);
        prop_assert_eq!(log.records, written);
    }
}

/// Lê Thị Hoa's author line at `when(0)`, as duyet writes it.
const GOOD_AUTHOR: &str = "Lê Thị Hoa <hoa.lt@tanyen.example> 1702519200 +0700";

/// Found by `records_written_through_git_read_back`: git ends a message at
/// its first NUL, so a record whose text held one lost its trailers and
/// silently counted as nothing. In the text a NUL now shows as `�` like any
/// control character; where it cannot be cleaned (a quote, matched exactly
/// against the section) the record is refused, not cut short.
#[test]
fn a_record_holding_a_nul_is_refused_not_cut_short() {
    let (_dir, store) = new_store();
    let mut new = NewRecord {
        action: Action::Comment,
        draft: "drafts/a.yaml".to_owned(),
        section: "thu".to_owned(),
        revision: "0".repeat(40),
        section_hash: "0".repeat(64),
        reply_to: None,
        quote: Some("ngân\0sách".to_owned()),
        finding: None,
        text: "trước\0sau".to_owned(),
    };
    let written = store.append_record(&new.message("Góp ý"), &common::hoa(), Some(hoa_moment()));
    assert!(
        matches!(written, Err(StoreError::NulInMessage)),
        "{written:?}"
    );
    assert_eq!(store.review_log().unwrap().path, ReadPath::Empty);
    new.quote = None;
    store
        .append_record(&new.message("Góp ý"), &common::hoa(), Some(hoa_moment()))
        .expect("a NUL in the text is cleaned");
    let log = store.review_log().unwrap();
    assert_eq!(log.records.len(), 1);
    assert_eq!(log.records[0].text, "trước\u{fffd}sau");
}

/// An author line: a good one, one of the ways git and libgit2 refuse or
/// misread, or any bytes.
fn author_line() -> impl Strategy<Value = Vec<u8>> {
    const LINES: &[&str] = &[
        GOOD_AUTHOR,
        "Lê Thị Hoa <hoa.lt@tanyen.example> 0 -1200",
        "A <a@b> 1 +9999",
        "<a@b> 1 +0000",
        "A<a@b> 1 +0000",
        "A <a@b 1 +0000",
        "A <a@b> 01 +0000",
        "A <a@b> 99999999999999999999 +0000",
        "A <a@b> 1 0700",
        "A <a@b> 1 +07",
        "A <a@b>",
        "A > B <a@b> 1 +0000",
        "A\0B <a@b> 1 +0000",
        "A <a@b> 1 +0000 trailing",
        ", A ; <\"a@b'> 1 +0000",
        "",
    ];
    prop_oneof![
        3 => Just(GOOD_AUTHOR.as_bytes().to_vec()),
        3 => select(LINES).prop_map(|l| l.as_bytes().to_vec()),
        1 => vec(any::<u8>(), 0..40),
        1 => vec(select(&b"Ab <>@ 0179+-\n\0"[..]), 0..40),
    ]
}

/// A commit's message: anything `any_message` makes, or any bytes.
fn message_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => any_message().prop_map(String::into_bytes),
        1 => vec(any::<u8>(), 0..120),
    ]
}

proptest! {
    #![proptest_config(config(64))]

    /// A commit of any author line and message bytes on the records ref,
    /// between two records duyet wrote: the log is read (through the index
    /// too), both records count with every field, and the hostile commit is
    /// at most one thing — a record, an unreadable record, or nothing.
    /// With an author line git accepts, it reads exactly as its message
    /// reads (`ReviewRecord::read`, the message as git gives it: up to a
    /// NUL, leading newlines dropped).
    #[test]
    fn a_hostile_commit_never_hides_the_records_around_it(
        author in author_line(),
        message in message_bytes(),
        (first, second) in (new_record_without_nul(), new_record_without_nul()),
    ) {
        let (dir, store) = new_store();
        let who = common::hoa();
        let when = |minutes: i64| Moment { seconds: 1_702_519_200 + minutes * 60, offset_minutes: 420 };
        let (new_a, summary_a) = &first;
        let summary_a = format!("Góp ý {summary_a}");
        let a = store.append_record(&new_a.message(&summary_a), &who, Some(when(0))).unwrap();

        let repo = git2::Repository::open(dir.path()).unwrap();
        let tree = repo.treebuilder(None).unwrap().write().unwrap();
        let mut bytes = format!("tree {tree}\nparent {a}\nauthor ").into_bytes();
        bytes.extend_from_slice(&author);
        bytes.extend_from_slice("\ncommitter Lê Thị Hoa <hoa.lt@tanyen.example> 1702519260 +0700\n\n".as_bytes());
        bytes.extend_from_slice(&message);
        let x = repo.odb().unwrap().write(git2::ObjectType::Commit, &bytes).unwrap();
        // Written as a file: libgit2 and `git update-ref` refuse some of these.
        std::fs::write(dir.path().join(".git/refs/duyet/reviews"), format!("{x}\n")).unwrap();

        let (new_b, summary_b) = &second;
        let summary_b = format!("Góp ý {summary_b}");
        let b = store.append_record(&new_b.message(&summary_b), &who, Some(when(2))).unwrap();

        let log = log_three_ways(&store)?;
        let a = expected(new_a, &summary_a, &a.to_string(), &who, when(0));
        let b = expected(new_b, &summary_b, &b.to_string(), &who, when(2));
        let x = x.to_string();
        let as_record: Vec<_> = log.records.iter().filter(|r| r.id == x).collect();
        let as_unreadable: Vec<_> = log.unreadable.iter().filter(|u| u.id == x).collect();
        prop_assert!(as_record.len() + as_unreadable.len() <= 1, "{:?} {:?}", as_record, as_unreadable);
        prop_assert_eq!(log.records.first(), Some(&a));
        prop_assert_eq!(log.records.last(), Some(&b));
        prop_assert_eq!(log.records.len(), 2 + as_record.len());
        prop_assert_eq!(log.unreadable.len(), as_unreadable.len());
        prop_assert!(log.warnings.is_empty(), "{:?}", log.warnings);

        // An author line git reads as is: the commit is what its message makes.
        if author.as_slice() == GOOD_AUTHOR.as_bytes() {
            let message = message.split(|&b| b == 0).next().unwrap_or_default();
            let start = message.iter().position(|&b| b != b'\n').unwrap_or(message.len());
            let message = String::from_utf8_lossy(&message[start..]);
            match ReviewRecord::read(x.clone(), who.name.clone(), who.email.clone(), when(0), &message) {
                Ok(Some(r)) => prop_assert_eq!(as_record, vec![&r]),
                Ok(None) => prop_assert!(as_record.is_empty() && as_unreadable.is_empty()),
                Err(why) => {
                    prop_assert!(as_record.is_empty());
                    prop_assert_eq!(as_unreadable.first().map(|u| u.reason.clone()), Some(why));
                }
            }
        }
    }
}
