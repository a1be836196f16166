//! Comparing revisions: section matching (added, removed, moved, renamed,
//! renumbered, rewritten) and word diffs.

mod common;

use common::{Lcg, draft, edit_text, load_ok, parent, random_text, section, yaml};
use duyet::core::diff::Changes;
use duyet::core::text::count_words;
use duyet::core::{Draft, DraftDiff, Segment, Status, WordDiff, diff_drafts, word_diff};

/// `(id, status, changes)` of every section, in the diff's order.
fn summary(d: &DraftDiff) -> Vec<(String, Status, Vec<&'static str>)> {
    d.sections
        .iter()
        .map(|s| (s.id.clone(), s.status, s.changes.names()))
        .collect()
}

fn row(id: &str, status: Status, changes: &[&'static str]) -> (String, Status, Vec<&'static str>) {
    (id.to_owned(), status, changes.to_vec())
}

fn ids(d: &DraftDiff) -> Vec<&str> {
    d.sections.iter().map(|s| s.id.as_str()).collect()
}

const THU: &str = "Tổng thu ngân sách trên địa bàn đạt 412,5 tỷ đồng.";
const CHI: &str = "Tổng chi ngân sách huyện đạt 785,3 tỷ đồng.";
const DAU_TU: &str = "Giải ngân vốn đầu tư công đạt 78,4% kế hoạch.";

/// I (a, b) and II (c): the report most tests start from.
fn base() -> Draft {
    draft(
        vec![
            parent(
                "kinh-te",
                "I",
                "Về kinh tế",
                vec![
                    section("thu", "1", "Thu ngân sách", THU),
                    section("chi", "2", "Chi ngân sách", CHI),
                ],
            ),
            parent(
                "dau-tu",
                "II",
                "Về đầu tư",
                vec![section("giai-ngan", "1", "Giải ngân", DAU_TU)],
            ),
        ],
        &[],
    )
}

// ---------------------------------------------------------------- section matching

#[test]
fn identical_drafts_are_unchanged() {
    let d = diff_drafts(&base(), &base());
    assert_eq!(ids(&d), ["kinh-te", "thu", "chi", "dau-tu", "giai-ngan"]);
    for s in &d.sections {
        assert_eq!(s.status, Status::Unchanged, "{}", s.id);
        assert_eq!(s.changes, Changes::default());
        assert_eq!((s.inserted_words, s.deleted_words, s.hunks()), (0, 0, 0));
        assert!(s.old.is_some() && s.new.is_some());
    }
    assert_eq!(d.changed_count(), 0);
    assert!(!d.preamble.is_change() && !d.closing.is_change());
    assert_eq!(d.section("thu").unwrap().body.marked(), THU);
}

#[test]
fn added_section_is_listed_where_it_is() {
    let mut new = base();
    new.sections[0].sections.insert(
        1,
        section("vay", "2", "Vay nợ", "Dư nợ vay đạt 12 tỷ đồng."),
    );
    new.sections[0].sections[2].number = "3".into();
    let d = diff_drafts(&base(), &new);
    assert_eq!(
        summary(&d),
        [
            row("kinh-te", Status::Unchanged, &[]),
            row("thu", Status::Unchanged, &[]),
            row("vay", Status::Added, &[]),
            row("chi", Status::Changed, &["renumbered"]),
            row("dau-tu", Status::Unchanged, &[]),
            row("giai-ngan", Status::Unchanged, &[]),
        ]
    );
    let vay = d.section("vay").unwrap();
    assert!(vay.old.is_none());
    let place = vay.new.as_ref().unwrap();
    assert_eq!(
        (place.parent.as_deref(), place.index, place.depth),
        (Some("kinh-te"), 1, 1)
    );
    // "Vay nợ" + "Dư nợ vay đạt 12 tỷ đồng."
    assert_eq!((vay.inserted_words, vay.deleted_words), (2 + 7, 0));
    assert_eq!(vay.body.marked(), "{+Dư nợ vay đạt 12 tỷ đồng.+}");
    assert_eq!(vay.label(), "Vay nợ");
    assert_eq!(d.changed_count(), 2);
}

#[test]
fn removed_section_is_listed_where_it_was() {
    let mut new = base();
    new.sections[0].sections.remove(1); // chi
    let d = diff_drafts(&base(), &new);
    assert_eq!(ids(&d), ["kinh-te", "thu", "chi", "dau-tu", "giai-ngan"]);
    let chi = d.section("chi").unwrap();
    assert_eq!(chi.status, Status::Removed);
    assert!(chi.new.is_none());
    assert_eq!(chi.place().parent.as_deref(), Some("kinh-te"));
    assert_eq!((chi.inserted_words, chi.deleted_words), (0, 3 + 9));
    assert_eq!(chi.body.old_text(), CHI);
    assert_eq!(chi.body.new_text(), "");
    assert_eq!(chi.label(), "Chi ngân sách");

    // A removed first section goes to the top; a removed parent brings its
    // children, in their old order.
    let mut new = base();
    new.sections.remove(0);
    let d = diff_drafts(&base(), &new);
    assert_eq!(
        summary(&d),
        [
            row("kinh-te", Status::Removed, &[]),
            row("thu", Status::Removed, &[]),
            row("chi", Status::Removed, &[]),
            row("dau-tu", Status::Unchanged, &[]),
            row("giai-ngan", Status::Unchanged, &[]),
        ]
    );

    // A removed last section stays last.
    let mut new = base();
    new.sections[1].sections.clear();
    let d = diff_drafts(&base(), &new);
    assert_eq!(ids(&d).last(), Some(&"giai-ngan"));
    assert_eq!(d.sections.last().unwrap().status, Status::Removed);
}

#[test]
fn removed_section_goes_after_its_previous_sibling_and_all_under_it() {
    // I gains a child while II, after it, is removed: II must not appear
    // between I and I's new child (it would look like the child's parent).
    let mut new = base();
    new.sections.remove(1);
    new.sections[0]
        .sections
        .push(section("vay", "3", "Vay nợ", "Dư nợ vay."));
    let d = diff_drafts(&base(), &new);
    assert_eq!(
        summary(&d),
        [
            row("kinh-te", Status::Unchanged, &[]),
            row("thu", Status::Unchanged, &[]),
            row("chi", Status::Unchanged, &[]),
            row("vay", Status::Added, &[]),
            row("dau-tu", Status::Removed, &[]),
            row("giai-ngan", Status::Removed, &[]),
        ]
    );
    let depths: Vec<usize> = d.sections.iter().map(|s| s.place().depth).collect();
    assert_eq!(depths, [0, 1, 1, 1, 0, 1]);

    // A removed first child goes first under its parent, even when the
    // parent gained children after it.
    let mut new = base();
    new.sections[0].sections.remove(0);
    new.sections[0]
        .sections
        .insert(1, section("vay", "2", "Vay nợ", "Dư nợ vay."));
    let d = diff_drafts(&base(), &new);
    assert_eq!(
        ids(&d),
        ["kinh-te", "thu", "chi", "vay", "dau-tu", "giai-ngan"]
    );
    assert_eq!(d.section("thu").unwrap().status, Status::Removed);

    // Two removed in a row keep their order.
    let mut new = base();
    new.sections[0].sections.clear();
    let d = diff_drafts(&base(), &new);
    assert_eq!(ids(&d), ["kinh-te", "thu", "chi", "dau-tu", "giai-ngan"]);
}

#[test]
fn removed_and_added_in_the_same_place() {
    let mut new = base();
    new.sections[0].sections[1] = section("chi-moi", "2", "Chi ngân sách", CHI);
    let d = diff_drafts(&base(), &new);
    assert_eq!(
        summary(&d),
        [
            row("kinh-te", Status::Unchanged, &[]),
            row("thu", Status::Unchanged, &[]),
            row("chi", Status::Removed, &[]),
            row("chi-moi", Status::Added, &[]),
            row("dau-tu", Status::Unchanged, &[]),
            row("giai-ngan", Status::Unchanged, &[]),
        ],
        "sections are matched by id, never by title or position"
    );
}

#[test]
fn text_change_counts_inserted_and_deleted_words() {
    let mut new = base();
    new.section_mut("thu").unwrap().body =
        "Tổng thu ngân sách trên địa bàn đạt 418,2 tỷ đồng, bằng 104% dự toán.".into();
    let d = diff_drafts(&base(), &new);
    assert_eq!(d.changed_count(), 1);
    let thu = d.section("thu").unwrap();
    assert_eq!(thu.status, Status::Changed);
    assert_eq!(thu.changes.names(), ["text"]);
    // +418,2 bằng 104 dự toán, −412,5 ("%" and "," are not words).
    assert_eq!((thu.inserted_words, thu.deleted_words), (5, 1));
    assert_eq!(thu.body.hunks, 2);
    assert_eq!(thu.hunks(), 2);
    assert_eq!(
        thu.body.marked(),
        "Tổng thu ngân sách trên địa bàn đạt [-412,5-]{+418,2+} tỷ đồng{+, bằng 104% dự toán+}."
    );
    assert!(!thu.title.is_change());
}

#[test]
fn renamed_section() {
    let mut new = base();
    new.section_mut("chi").unwrap().title = Some("Chi ngân sách địa phương".into());
    let d = diff_drafts(&base(), &new);
    let chi = d.section("chi").unwrap();
    assert_eq!(
        (chi.status, chi.changes.names()),
        (Status::Changed, vec!["title"])
    );
    assert_eq!((chi.inserted_words, chi.deleted_words), (2, 0));
    assert_eq!(chi.title.marked(), "Chi ngân sách{+ địa phương+}");
    assert_eq!(chi.label(), "Chi ngân sách địa phương");
    assert!(!chi.body.is_change());

    // Losing or gaining a title is a rename too.
    let mut new = base();
    new.section_mut("chi").unwrap().title = None;
    let d = diff_drafts(&base(), &new);
    assert_eq!(d.section("chi").unwrap().changes.names(), ["title"]);
}

#[test]
fn renumbered_only() {
    let mut new = base();
    new.sections[1].number = "III".into();
    let d = diff_drafts(&base(), &new);
    assert_eq!(
        summary(&d)[3],
        row("dau-tu", Status::Changed, &["renumbered"])
    );
    let s = d.section("dau-tu").unwrap();
    assert_eq!((s.inserted_words, s.deleted_words, s.hunks()), (0, 0, 0));
    assert_eq!(s.old.as_ref().unwrap().number, "II");
    assert_eq!(s.new.as_ref().unwrap().number, "III");
    assert_eq!(d.changed_count(), 1);
}

#[test]
fn moved_to_another_parent() {
    let mut new = base();
    let giai_ngan = new.sections[1].sections.remove(0);
    new.sections[0].sections.push(giai_ngan);
    let d = diff_drafts(&base(), &new);
    assert_eq!(
        summary(&d),
        [
            row("kinh-te", Status::Unchanged, &[]),
            row("thu", Status::Unchanged, &[]),
            row("chi", Status::Unchanged, &[]),
            row("giai-ngan", Status::Changed, &["moved"]),
            row("dau-tu", Status::Unchanged, &[]),
        ]
    );
    let s = d.section("giai-ngan").unwrap();
    assert_eq!(s.old.as_ref().unwrap().parent.as_deref(), Some("dau-tu"));
    assert_eq!(s.new.as_ref().unwrap().parent.as_deref(), Some("kinh-te"));
    assert_eq!((s.inserted_words, s.deleted_words), (0, 0));
}

#[test]
fn moving_a_parent_does_not_move_its_children() {
    let mut new = base();
    let kinh_te = new.sections.remove(0);
    new.sections[0].sections.push(kinh_te);
    let d = diff_drafts(&base(), &new);
    assert_eq!(
        summary(&d),
        [
            row("dau-tu", Status::Unchanged, &[]),
            row("giai-ngan", Status::Unchanged, &[]),
            row("kinh-te", Status::Changed, &["moved"]),
            row("thu", Status::Unchanged, &[]),
            row("chi", Status::Unchanged, &[]),
        ]
    );
}

#[test]
fn reordered_siblings_are_moved_but_shifted_ones_are_not() {
    let flat = |order: &[&str]| {
        draft(
            order
                .iter()
                .map(|id| section(id, "", &format!("Mục {id}"), ""))
                .collect(),
            &[],
        )
    };
    let moved = |old: &[&str], new: &[&str]| -> Vec<String> {
        diff_drafts(&flat(old), &flat(new))
            .sections
            .iter()
            .filter(|s| s.changes.moved)
            .map(|s| s.id.clone())
            .collect()
    };
    // Reordered: the one that jumped is moved, the others keep their order.
    assert_eq!(moved(&["a", "b", "c", "d"], &["d", "a", "b", "c"]), ["d"]);
    assert_eq!(moved(&["a", "b", "c", "d"], &["a", "c", "d", "b"]), ["b"]);
    assert_eq!(moved(&["a", "b"], &["b", "a"]).len(), 1);
    // Shifted by an insertion or a removal before them: not moved.
    assert!(moved(&["a", "b", "c"], &["x", "a", "b", "c"]).is_empty());
    assert!(moved(&["a", "b", "c"], &["a", "x", "y", "b", "c"]).is_empty());
    assert!(moved(&["a", "b", "c"], &["b", "c"]).is_empty());
    assert!(moved(&["a", "b", "c"], &["a", "c", "x"]).is_empty());
    // An insertion and a reorder together: only the reordered one.
    assert_eq!(moved(&["a", "b", "c"], &["x", "c", "a", "b"]), ["c"]);

    let d = diff_drafts(&flat(&["a", "b", "c"]), &flat(&["x", "a", "b", "c"]));
    for s in &d.sections[1..] {
        assert_eq!(s.status, Status::Unchanged, "{} only shifted", s.id);
        assert_ne!(s.old.as_ref().unwrap().index, s.new.as_ref().unwrap().index);
    }
}

#[test]
fn moved_and_rewritten_lists_both() {
    let mut new = base();
    let mut thu = new.sections[0].sections.remove(0);
    thu.body.push_str(" Vượt dự toán.");
    thu.number = "2".into();
    new.sections[1].sections.push(thu);
    let d = diff_drafts(&base(), &new);
    let s = d.section("thu").unwrap();
    assert_eq!(s.changes.names(), ["text", "moved", "renumbered"]);
    assert_eq!((s.inserted_words, s.deleted_words), (3, 0));
}

#[test]
fn footnote_change_is_a_text_change_of_the_sections_citing_it() {
    let with_note = |note: &str| {
        let mut d = base();
        d.section_mut("thu").unwrap().body = format!("{THU}[^fn-thu]");
        d.section_mut("chi").unwrap().title = Some("Chi ngân sách[^fn-thu]".into());
        d.footnotes = draft(vec![], &[("fn-thu", note), ("fn-khac", "Không ai trích.")]).footnotes;
        d
    };
    let old = with_note("Số liệu ước thực hiện đến hết tháng 11.");
    let new = with_note("Số liệu chính thức đến hết tháng 11.");
    let d = diff_drafts(&old, &new);
    assert_eq!(
        summary(&d),
        [
            row("kinh-te", Status::Unchanged, &[]),
            row("thu", Status::Changed, &["text"]),
            row("chi", Status::Changed, &["text"]),
            row("dau-tu", Status::Unchanged, &[]),
            row("giai-ngan", Status::Unchanged, &[]),
        ]
    );
    let thu = d.section("thu").unwrap();
    assert!(!thu.body.is_change());
    assert_eq!(thu.footnotes.len(), 1);
    assert_eq!(thu.footnotes[0].id, "fn-thu");
    assert_eq!(
        thu.footnotes[0].diff.marked(),
        "Số liệu [-ước thực hiện-]{+chính thức+} đến hết tháng 11."
    );
    assert_eq!((thu.inserted_words, thu.deleted_words), (2, 3));
    assert_eq!(thu.hunks(), 1);

    // A footnote nobody cites changes nothing.
    let mut new = old.clone();
    new.footnotes[1].text = "Đã sửa.".into();
    assert_eq!(diff_drafts(&old, &new).changed_count(), 0);
}

#[test]
fn added_section_counts_the_footnotes_it_cites() {
    let mut new = base();
    new.sections[1]
        .sections
        .push(section("no", "2", "Nợ", "Dư nợ[^fn-no]"));
    new.footnotes = draft(vec![], &[("fn-no", "Đến 30/11 năm nay.")]).footnotes;
    let d = diff_drafts(&base(), &new);
    let s = d.section("no").unwrap();
    assert_eq!(s.status, Status::Added);
    assert_eq!(s.footnotes.len(), 1);
    // Every word of the title, the body and the footnote it cites.
    let words =
        count_words("Nợ") + count_words("Dư nợ[^fn-no]") + count_words("Đến 30/11 năm nay.");
    assert_eq!(s.inserted_words, words);
    assert_eq!(s.footnotes[0].diff.marked(), "{+Đến 30/11 năm nay.+}");
}

#[test]
fn preamble_and_closing_are_compared() {
    let mut new = base();
    new.preamble = "Thực hiện chương trình công tác.".into();
    new.closing = "Trên đây là báo cáo.".into();
    let mut old = base();
    old.closing = "Trên đây là báo cáo tình hình.".into();
    let d = diff_drafts(&old, &new);
    assert_eq!(d.preamble.marked(), "{+Thực hiện chương trình công tác.+}");
    assert_eq!(d.closing.marked(), "Trên đây là báo cáo[- tình hình-].");
    assert_eq!(d.changed_count(), 0, "sections are unchanged");
}

#[test]
fn nfd_and_nfc_text_compare_equal_after_load() {
    let src = |title: &str, body: &str| {
        yaml(&format!(
            "sections:\n  - id: a\n    title: {title}\n    owner: o\n    body: |\n      {body}\n"
        ))
    };
    let nfc = load_ok(&src("Về kinh tế", "Tổng thu ngân sách tăng trưởng."));
    let nfd = load_ok(&src(
        "Ve\u{0302}\u{0300} kinh te\u{0302}\u{0301}",
        "To\u{0302}\u{0309}ng thu nga\u{0302}n sa\u{0301}ch ta\u{0306}ng tru\u{031B}o\u{031B}\u{0309}ng.",
    ));
    let d = diff_drafts(&nfc, &nfd);
    assert_eq!(d.changed_count(), 0, "{:?}", summary(&d));
    assert!(!word_diff(&nfc.sections[0].body, &nfd.sections[0].body).is_change());
}

#[test]
fn changes_are_named_in_a_fixed_order() {
    let all = Changes {
        text: true,
        title: true,
        moved: true,
        renumbered: true,
    };
    assert_eq!(all.names(), ["text", "title", "moved", "renumbered"]);
    assert_eq!(
        serde_json::to_value(all).unwrap(),
        serde_json::json!(["text", "title", "moved", "renumbered"])
    );
    assert!(!Changes::default().any());
    assert!(Changes::default().names().is_empty());
}

// ---------------------------------------------------------------- word diffs

#[test]
fn word_diff_marks_a_replaced_number_and_an_added_clause() {
    let old = "Tổng thu đạt 412,5 tỷ đồng";
    let new = "Tổng thu đạt 418,2 tỷ đồng, bằng 104% dự toán";
    let w = word_diff(old, new);
    assert_eq!(
        w.marked(),
        "Tổng thu đạt [-412,5-]{+418,2+} tỷ đồng{+, bằng 104% dự toán+}"
    );
    assert_eq!(
        w.segments,
        [
            Segment::Same("Tổng thu đạt ".into()),
            Segment::Deleted("412,5".into()),
            Segment::Inserted("418,2".into()),
            Segment::Same(" tỷ đồng".into()),
            Segment::Inserted(", bằng 104% dự toán".into()),
        ]
    );
    assert_eq!(w.old_text(), old);
    assert_eq!(w.new_text(), new);
    assert_eq!((w.inserted_words, w.deleted_words, w.hunks), (5, 1, 2));
    assert!(w.is_change());
}

#[test]
fn word_diff_of_equal_or_empty_texts() {
    let same = word_diff(THU, THU);
    assert!(!same.is_change());
    assert_eq!(same.marked(), THU);
    assert_eq!(same.segments, [Segment::Same(THU.into())]);
    let empty = word_diff("", "");
    assert!(empty.segments.is_empty() && !empty.is_change());
    let added = word_diff("", "Hai từ");
    assert_eq!(
        (added.marked(), added.inserted_words, added.hunks),
        ("{+Hai từ+}".into(), 2, 1)
    );
    let removed = word_diff("Hai từ", "");
    assert_eq!(
        (removed.marked(), removed.deleted_words),
        ("[-Hai từ-]".into(), 2)
    );
}

#[test]
fn adjacent_replacements_read_as_one_edit() {
    let w = word_diff("xã Phúc Hòa đạt chuẩn", "xã Ngọc Thiện đạt chuẩn");
    assert_eq!(w.marked(), "xã [-Phúc Hòa-]{+Ngọc Thiện+} đạt chuẩn");
    assert_eq!((w.inserted_words, w.deleted_words, w.hunks), (2, 2, 1));
}

#[test]
fn whole_paragraphs_added_or_removed_keep_both_sides_exact() {
    let cases = [
        ("Một.\n\nHai.", "Hai."),
        ("Một.\n\nHai.", "Một."),
        ("Một.\n\nBa.", "Một.\n\nHai.\n\nBa."),
        ("Hai.", "Một.\n\nHai."),
        ("Một.\n\nHai.\n\nBa.", "Ba."),
        ("Một.", "Một.\n\nHai.\n\nBa."),
        ("Một.\n\nHai.", "Ba.\n\nBốn."),
        ("Một.\n\nHai.", ""),
    ];
    for (old, new) in cases {
        let w = word_diff(old, new);
        assert_eq!(
            w.old_text(),
            old,
            "old side of {old:?} → {new:?}: {:?}",
            w.segments
        );
        assert_eq!(
            w.new_text(),
            new,
            "new side of {old:?} → {new:?}: {:?}",
            w.segments
        );
        assert!(w.hunks >= 1, "{old:?} → {new:?}: {}", w.marked());
    }
    // The break that goes with a whole paragraph sits outside the markers.
    assert_eq!(
        word_diff("Một.\n\nHai.", "Hai.").marked(),
        "[-Một.-]\n\nHai."
    );
    assert_eq!(
        word_diff("Một.\n\nHai.", "Một.").marked(),
        "Một.\n\n[-Hai.-]"
    );
    assert_eq!(
        word_diff("Một.\n\nBa.", "Một.\n\nHai.\n\nBa.").marked(),
        "Một.\n\n{+Hai.+}\n\nBa."
    );
}

#[test]
fn section_label_of_an_untitled_section_whose_first_paragraph_went() {
    let old = draft(vec![section("a", "", "", "Đoạn đầu.\n\nĐoạn sau.")], &[]);
    let new = draft(vec![section("a", "", "", "Đoạn sau.")], &[]);
    let d = diff_drafts(&old, &new);
    assert_eq!(d.sections[0].label(), "Đoạn sau.");
    let d = diff_drafts(&new, &old);
    assert_eq!(d.sections[0].label(), "Đoạn đầu.");
}

/// Checks what must hold for any word diff of `old` → `new`.
fn check_word_diff(old: &str, new: &str, w: &WordDiff) {
    if let Some(problem) = common::word_diff_problem(old, new, w) {
        panic!("{problem}");
    }
}

#[test]
fn generated_word_diffs_reconstruct_both_texts() {
    let mut rng = Lcg(0x7a6e_7965);
    for _ in 0..1500 {
        let old = random_text(&mut rng, 4);
        let new = if rng.below(10) == 0 {
            random_text(&mut rng, 4)
        } else {
            edit_text(&mut rng, &old)
        };
        check_word_diff(&old, &new, &word_diff(&old, &new));
        check_word_diff(&new, &old, &word_diff(&new, &old));
        check_word_diff(&old, &old, &word_diff(&old, &old));
    }
}

#[test]
fn generated_section_diffs_are_consistent() {
    let mut rng = Lcg(11);
    for _ in 0..200 {
        let mut old = base();
        for s in ["thu", "chi", "giai-ngan"] {
            old.section_mut(s).unwrap().body = random_text(&mut rng, 3) + "x";
        }
        let mut new = old.clone();
        for s in ["thu", "chi", "giai-ngan"] {
            let body = &mut new.section_mut(s).unwrap().body;
            *body = edit_text(&mut rng, body) + "y";
        }
        let d = diff_drafts(&old, &new);
        assert_eq!(d.sections.len(), 5);
        for s in &d.sections {
            let (o, n) = (
                old.section(&s.id).unwrap().body.as_str(),
                new.section(&s.id).unwrap().body.as_str(),
            );
            check_word_diff(o, n, &s.body);
            assert_eq!(s.status == Status::Changed, o != n);
            assert_eq!(s.changes.text, o != n);
            assert_eq!(
                (s.inserted_words, s.deleted_words),
                (s.body.inserted_words, s.body.deleted_words)
            );
        }
    }
}

// ---------------------------------------------------------------- how diffs look (snapshots)

const P1: &str = "Tổng thu ngân sách nhà nước trên địa bàn năm 2023 ước đạt 412,5 tỷ đồng, bằng 104,2% dự toán tỉnh giao.";
const P2: &str = "Tổng chi ngân sách huyện ước đạt 785,3 tỷ đồng, bằng 96,1% dự toán; chi đảm bảo kịp thời, đúng chế độ.";
const P3: &str = "Giải ngân vốn đầu tư công đến ngày 30/11/2023 đạt 78,4% kế hoạch vốn giao.";

fn shown(old: &str, new: &str) -> String {
    let w = word_diff(old, new);
    check_word_diff(old, new, &w);
    format!(
        "+{} −{} từ, {} chỗ sửa\n\n{}",
        w.inserted_words,
        w.deleted_words,
        w.hunks,
        w.marked()
    )
}

#[test]
fn snapshot_paragraph_edited() {
    let old = format!("{P1}\n\n{P2}\n\n{P3}");
    let new = format!(
        "{P1}\n\n{}\n\n{P3}",
        P2.replace("785,3", "801,6")
            .replace("96,1%", "98,0%")
            .replace("; chi đảm bảo", ", trong đó chi thường xuyên đảm bảo")
    );
    insta::assert_snapshot!("paragraph_edited", shown(&old, &new));
}

#[test]
fn snapshot_paragraph_added_between_two() {
    let old = format!("{P1}\n\n{P3}");
    let new = format!("{P1}\n\n{P2}\n\n{P3}");
    insta::assert_snapshot!("paragraph_added_between_two", shown(&old, &new));
}

#[test]
fn snapshot_paragraph_deleted() {
    let old = format!("{P1}\n\n{P2}\n\n{P3}");
    let new = format!("{P1}\n\n{P3}");
    insta::assert_snapshot!("paragraph_deleted", shown(&old, &new));
}

#[test]
fn snapshot_two_adjacent_words_replaced() {
    let old = "Hoàn thiện hồ sơ đề nghị công nhận xã Phúc Hòa đạt chuẩn nông thôn mới nâng cao.";
    let new = "Hoàn thiện hồ sơ đề nghị công nhận xã Ngọc Thiện đạt chuẩn nông thôn mới nâng cao.";
    insta::assert_snapshot!("two_adjacent_words_replaced", shown(old, new));
}

#[test]
fn snapshot_first_paragraph_replaced_and_last_added() {
    let old = format!("{P1}\n\n{P2}");
    let new = format!(
        "{}\n\n{P2}\n\n{P3}",
        P1.replace("ước đạt 412,5 tỷ đồng", "đạt 418,2 tỷ đồng")
    );
    insta::assert_snapshot!("first_paragraph_replaced_and_last_added", shown(&old, &new));
}
