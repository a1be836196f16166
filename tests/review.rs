//! Review records on real repositories in temporary folders: what each
//! record looks like to plain `git`, what is refused (and then never
//! written), the review state they add up to, the index of records, and a
//! drafting officer's edit of a section.

mod common;

use common::{
    REVIEW_DRAFT, ReviewRepo, dung, hang, hoa, long, moment, person, review_repo, son, stranger,
    thang,
};
use duyet::core::review::{Action, DraftReview, ReviewRecord, SectionReview, State, section_hash};
use duyet::core::yaml::write_draft;
use duyet::core::{Draft, Identity, load_draft};
use duyet::ops::OpsError;
use duyet::ops::edit::{SectionEdit, edit_section};
use duyet::ops::review::{self, Request, Target};
use duyet::store::{FileChange, ReadPath, Store, StoreError};

fn target(section: &str) -> Target<'_> {
    Target {
        draft: REVIEW_DRAFT,
        section,
        rev: "main",
    }
}

fn at<'a>(section: &'a str, rev: &'a str) -> Target<'a> {
    Target {
        draft: REVIEW_DRAFT,
        section,
        rev,
    }
}

fn req<'a>(who: &'a Identity, text: &'a str, minutes: i64) -> Request<'a> {
    Request {
        who,
        when: Some(moment(minutes)),
        text,
    }
}

/// The draft on `main`, parsed.
fn main_draft(r: &ReviewRepo) -> Draft {
    r.store().read_draft("main", REVIEW_DRAFT).unwrap()
}

/// Commits a changed draft on `main` (the draft is written canonically).
fn commit_draft(r: &ReviewRepo, d: &Draft, minutes: i64, message: &str) -> String {
    let text = write_draft(d);
    load_draft("check", text.as_bytes()).expect("the changed draft is valid");
    r.commit("main", &[(REVIEW_DRAFT, &text)], &thang(), minutes, message)
        .to_string()
}

fn status(r: &ReviewRepo, rev: &str) -> DraftReview {
    review::status(&r.store(), REVIEW_DRAFT, rev).unwrap().1
}

fn section<'a>(review: &'a DraftReview, id: &str) -> &'a SectionReview {
    review
        .section(id)
        .unwrap_or_else(|| panic!("no section {id} in the review"))
}

fn state(r: &ReviewRepo, id: &str) -> State {
    section(&status(r, "main"), id).state
}

fn approver_emails(s: &SectionReview) -> Vec<String> {
    let mut v: Vec<String> = s
        .approvals()
        .map(|d| d.record.author_email.clone())
        .collect();
    v.sort();
    v
}

/// A trailer's value(s) as `git log` reads them.
fn git_trailer(r: &ReviewRepo, id: &str, key: &str) -> String {
    r.git_ok(&[
        "log",
        "-1",
        &format!("--format=%(trailers:key={key},valueonly)"),
        id,
    ])
    .trim()
    .to_owned()
}

// ------------------------------------------------------------ 1. records

#[test]
fn every_record_is_one_commit_with_trailers_git_can_read() {
    let r = review_repo();
    let store = r.store();
    let main = store.resolve("main").unwrap().to_string();
    let d = main_draft(&r);
    let hash = section_hash(&d, d.section("thu-ngan-sach").unwrap());
    assert_eq!(hash.len(), 64);
    assert!(r.reviews_tip().is_none(), "no records yet");

    let comment_text = "Đề nghị ghi rõ nguồn số liệu “thu ngân sách”: Chi cục Thuế hay Kho bạc?\n\nĐoạn thứ hai: bổ sung so sánh với cùng kỳ năm 2022.";
    let comment = review::comment(
        &store,
        &target("thu-ngan-sach"),
        &req(&dung(), comment_text, 1),
        Some("412,5 tỷ đồng"),
    )
    .unwrap();
    let approve = review::approve(&store, &target("thu-ngan-sach"), &req(&dung(), "", 2)).unwrap();
    let changes = review::request_changes(
        &store,
        &target("dau-tu-cong"),
        &req(
            &thang(),
            "Bổ sung số liệu giải ngân của từng chủ đầu tư.",
            3,
        ),
    )
    .unwrap();
    let reply = review::reply(
        &store,
        &comment,
        &req(
            &hoa(),
            "Số liệu do Chi cục Thuế cung cấp; đã ghi chú ở chân trang.",
            4,
        ),
    )
    .unwrap();
    let resolve = review::resolve(&store, &comment[..10], &req(&dung(), "", 5)).unwrap();

    // One commit each, in order, the tip the last one.
    assert_eq!(r.record_count(), 5);
    assert_eq!(r.reviews_tip().as_deref(), Some(resolve.as_str()));
    let listed: Vec<String> = r
        .git_ok(&["rev-list", "--reverse", "refs/duyet/reviews"])
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        listed,
        [&comment, &approve, &changes, &reply, &resolve].map(String::clone)
    );

    // What `git log --format=%B` shows.
    let body = r.git_ok(&["log", "-1", "--format=%B", &comment]);
    for line in [
        "Duyet-Action: comment".to_owned(),
        format!("Duyet-Draft: {REVIEW_DRAFT}"),
        "Duyet-Section: thu-ngan-sach".to_owned(),
        format!("Duyet-Revision: {main}"),
        format!("Duyet-Section-Hash: {hash}"),
        "Duyet-Quote: 412,5 tỷ đồng".to_owned(),
    ] {
        assert!(body.lines().any(|l| l == line), "no `{line}` in:\n{body}");
    }
    assert!(!body.contains("Duyet-Reply-To"), "{body}");
    assert!(body.contains(comment_text), "the text, verbatim:\n{body}");
    assert!(
        body.lines()
            .next()
            .unwrap()
            .starts_with("Góp ý mục I.1 Thu ngân sách"),
        "{body}"
    );

    let expected: [(&str, &str, &str, &Identity, Option<&str>); 5] = [
        (&comment, "comment", "thu-ngan-sach", &dung(), None),
        (&approve, "approve", "thu-ngan-sach", &dung(), None),
        (&changes, "request-changes", "dau-tu-cong", &thang(), None),
        (&reply, "reply", "thu-ngan-sach", &hoa(), Some(&comment)),
        (
            &resolve,
            "resolve",
            "thu-ngan-sach",
            &dung(),
            Some(&comment),
        ),
    ];
    for (id, action, section, who, reply_to) in expected {
        // Plain git reads the trailers.
        assert_eq!(git_trailer(&r, id, "Duyet-Action"), action);
        assert_eq!(git_trailer(&r, id, "Duyet-Draft"), REVIEW_DRAFT);
        assert_eq!(git_trailer(&r, id, "Duyet-Section"), section);
        assert_eq!(git_trailer(&r, id, "Duyet-Revision"), main);
        assert_eq!(git_trailer(&r, id, "Duyet-Revision").len(), 40, "a full id");
        let sect = d.section(section).unwrap();
        assert_eq!(
            git_trailer(&r, id, "Duyet-Section-Hash"),
            section_hash(&d, sect)
        );
        assert_eq!(
            git_trailer(&r, id, "Duyet-Reply-To"),
            reply_to.unwrap_or("")
        );
        // The author is the person, Vietnamese name intact.
        let author = r.git_ok(&["log", "-1", "--format=%an <%ae>", id]);
        assert_eq!(author.trim(), who.to_string());

        // `git interpret-trailers --parse` agrees.
        let msg = r.git_ok(&["log", "-1", "--format=%B", id]);
        let file = r.home().join("message.txt");
        std::fs::write(&file, &msg).unwrap();
        let parsed = r.git_ok(&["interpret-trailers", "--parse", file.to_str().unwrap()]);
        assert!(
            parsed
                .lines()
                .any(|l| l == format!("Duyet-Action: {action}")),
            "{parsed}"
        );
        assert!(
            parsed
                .lines()
                .any(|l| l == format!("Duyet-Section: {section}")),
            "{parsed}"
        );
        assert_eq!(
            parsed.lines().any(|l| l.starts_with("Duyet-Reply-To: ")),
            reply_to.is_some(),
            "{parsed}"
        );
    }
    // All actions at once, as a script would list them.
    let actions = r.git_ok(&[
        "log",
        "--reverse",
        "--format=%(trailers:key=Duyet-Action,valueonly,separator=)",
        "refs/duyet/reviews",
    ]);
    let actions: Vec<&str> = actions.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(
        actions,
        ["comment", "approve", "request-changes", "reply", "resolve"]
    );

    // Read back by duyet: text and names round-trip.
    let records = store.read_records_uncached().unwrap();
    assert_eq!(records.len(), 5);
    assert_eq!(records[0].id, comment);
    assert_eq!(records[0].text, comment_text);
    assert_eq!(records[0].quote.as_deref(), Some("412,5 tỷ đồng"));
    assert_eq!(records[0].author_name, "Hoàng Văn Dũng");
    assert_eq!(records[0].time, moment(1));
    assert_eq!(records[1].action, Action::Approve);
    assert_eq!(records[1].text, "");
    assert_eq!(records[3].reply_to.as_deref(), Some(comment.as_str()));
    assert_eq!(records[3].author_name, "Lê Thị Hoa");
    assert_eq!(
        records[3].text,
        "Số liệu do Chi cục Thuế cung cấp; đã ghi chú ở chân trang."
    );
    assert_eq!(records[4].reply_to.as_deref(), Some(comment.as_str()));
    // Every record's commit has an empty tree and the previous one as parent.
    assert_eq!(
        r.git_ok(&["log", "--format=%T", "refs/duyet/reviews"])
            .lines()
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        1
    );
    assert_eq!(r.git_ok(&["ls-tree", &resolve]), "");
}

#[test]
fn a_text_that_looks_like_trailers_stays_text() {
    let r = review_repo();
    let store = r.store();
    let text = "Ghi chú\n\nDuyet-Action: approve\nDuyet-Section: giao-duc";
    let id = review::comment(&store, &target("dau-tu-cong"), &req(&hoa(), text, 1), None).unwrap();
    assert_eq!(git_trailer(&r, &id, "Duyet-Action"), "comment");
    assert_eq!(git_trailer(&r, &id, "Duyet-Section"), "dau-tu-cong");
    let records = store.read_records_uncached().unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].action, Action::Comment);
    assert_eq!(records[0].section, "dau-tu-cong");
    assert_eq!(records[0].text, text);
    let review = status(&r, "main");
    assert_eq!(section(&review, "giao-duc").decisions.len(), 0);
}

#[test]
fn the_hash_is_the_same_for_nfc_and_nfd_text() {
    use unicode_normalization::UnicodeNormalization;
    let nfc = common::review_draft_text();
    let nfd: String = nfc.nfd().collect();
    assert_ne!(nfc, nfd);
    let a = load_draft("a", nfc.as_bytes()).unwrap();
    let b = load_draft("b", nfd.as_bytes()).unwrap();
    for id in ["thu-ngan-sach", "dau-tu-cong", "giao-duc", "kinh-te"] {
        assert_eq!(
            section_hash(&a, a.section(id).unwrap()),
            section_hash(&b, b.section(id).unwrap())
        );
    }
    // …and different for different sections.
    assert_ne!(
        section_hash(&a, a.section("thu-ngan-sach").unwrap()),
        section_hash(&a, a.section("dau-tu-cong").unwrap())
    );
}

// ------------------------------------------------------------ 2. refusals

/// Runs `f`, which must fail with a message holding every word of `words`,
/// and checks that the records ref did not move and no record was added.
fn refused<T: std::fmt::Debug>(
    r: &ReviewRepo,
    what: &str,
    words: &[&str],
    f: impl FnOnce(&Store) -> Result<T, OpsError>,
) {
    let before = (r.reviews_tip(), r.record_count());
    let store = r.store();
    let err = match f(&store) {
        Ok(v) => panic!("{what}: expected a refusal, got {v:?}"),
        Err(e) => e.to_string(),
    };
    for w in words {
        assert!(err.contains(w), "{what}: no `{w}` in the message: {err}");
    }
    assert_eq!(
        (r.reviews_tip(), r.record_count()),
        before,
        "{what}: the ref moved"
    );
    let dangling = r.git_ok(&["fsck", "--no-reflogs", "--unreachable", "--no-progress"]);
    assert!(
        !dangling.contains("commit"),
        "{what}: a commit was created though refused:\n{dangling}"
    );
}

fn all_refusals(r: &ReviewRepo, comment_id: Option<&str>) {
    let t = target("thu-ngan-sach");
    refused(
        r,
        "nonexistent draft",
        &["drafts/khong-co.yaml", "does not exist"],
        |s| {
            review::comment(
                s,
                &Target {
                    draft: "drafts/khong-co.yaml",
                    ..t.clone()
                },
                &req(&dung(), "Góp ý", 1),
                None,
            )
        },
    );
    refused(
        r,
        "nonexistent section",
        &["khong-co-muc", "no section"],
        |s| review::comment(s, &target("khong-co-muc"), &req(&dung(), "Góp ý", 1), None),
    );
    refused(r, "nonexistent section (approve)", &["khong-co-muc"], |s| {
        review::approve(s, &target("khong-co-muc"), &req(&dung(), "", 1))
    });
    refused(
        r,
        "nonexistent revision",
        &["unknown revision", "nhanh-la"],
        |s| review::approve(s, &at("thu-ngan-sach", "nhanh-la"), &req(&dung(), "", 1)),
    );
    refused(r, "nonexistent commit id", &["unknown revision"], |s| {
        review::comment(
            s,
            &at("thu-ngan-sach", "0123456789abcdef0123456789abcdef01234567"),
            &req(&dung(), "Góp ý", 1),
            None,
        )
    });
    refused(r, "empty comment", &["needs a text"], |s| {
        review::comment(s, &t, &req(&dung(), " \n\n  ", 1), None)
    });
    refused(r, "request-changes without text", &["needs a text"], |s| {
        review::request_changes(s, &t, &req(&dung(), "", 1))
    });
    refused(
        r,
        "approve by a drafter",
        &["not allowed", "Lê Thị Hoa"],
        |s| review::approve(s, &t, &req(&hoa(), "", 1)),
    );
    refused(r, "request-changes by a drafter", &["not allowed"], |s| {
        review::request_changes(s, &t, &req(&hoa(), "Sửa lại", 1))
    });
    refused(
        r,
        "approve by a reviewer of another department",
        &["not allowed", "Vũ Đức Long", "Phòng Tài chính - Kế hoạch"],
        |s| review::approve(s, &t, &req(&long(), "", 1)),
    );
    refused(
        r,
        "approve by someone not in duyet.yaml",
        &["nguoi.la@example.org", "not listed in duyet.yaml"],
        |s| review::approve(s, &t, &req(&stranger(), "", 1)),
    );
    refused(
        r,
        "reply to an unknown record",
        &["no review record", "deadbeef"],
        |s| review::reply(s, "deadbeef", &req(&hoa(), "Trả lời", 1)),
    );
    refused(r, "reply to a non-id", &["no review record"], |s| {
        review::reply(s, "xyz", &req(&hoa(), "Trả lời", 1))
    });
    refused(r, "resolve an unknown record", &["no review record"], |s| {
        review::resolve(s, "abcdef12", &req(&hoa(), "", 1))
    });
    refused(
        r,
        "quote not in the section",
        &["not in section", "thu-ngan-sach"],
        |s| review::comment(s, &t, &req(&dung(), "Góp ý", 1), Some("99,2%")),
    );
    if let Some(id) = comment_id {
        refused(r, "empty reply", &["needs a text"], |s| {
            review::reply(s, id, &req(&hoa(), "  ", 1))
        });
    }
}

#[test]
fn refused_writes_leave_the_ref_unchanged() {
    let r = review_repo();
    // With no records yet: the ref is not even created.
    all_refusals(&r, None);
    assert!(r.reviews_tip().is_none());
    // With records: the tip stays where it was.
    let store = r.store();
    let c = review::comment(
        &store,
        &target("thu-ngan-sach"),
        &req(&dung(), "Góp ý", 1),
        None,
    )
    .unwrap();
    let a = review::approve(&store, &target("giao-duc"), &req(&thang(), "", 2)).unwrap();
    all_refusals(&r, Some(&c));
    refused(&r, "reply to an approval", &["not a comment"], |s| {
        review::reply(s, &a, &req(&hoa(), "Trả lời", 3))
    });
    assert_eq!(r.record_count(), 2);
}

// ------------------------------------------------------------ 3. state

#[test]
fn a_section_needs_the_owner_reviewer_and_the_office() {
    let r = review_repo();
    let store = r.store();
    let s0 = status(&r, "main");
    assert_eq!(s0.sections.len(), 5);
    assert!(s0.sections.iter().all(|s| s.state == State::Pending));
    assert_eq!(s0.approved_count(), 0);

    review::approve(&store, &target("thu-ngan-sach"), &req(&dung(), "", 1)).unwrap();
    let s = status(&r, "main");
    let tnc = section(&s, "thu-ngan-sach");
    assert_eq!(tnc.state, State::Pending, "the office has not approved yet");
    assert_eq!(approver_emails(tnc), ["dung.hv@tanyen.example"]);
    assert_eq!(tnc.missing.len(), 1);

    // The office alone (an office person with no reviewer role) is not enough either.
    review::approve(&store, &target("dau-tu-cong"), &req(&hang(), "", 2)).unwrap();
    assert_eq!(state(&r, "dau-tu-cong"), State::Pending);

    // E-mail addresses compare without case.
    let hang_upper = person("Trần Thị Thu Hằng", "HANG.TTT@tanyen.example");
    review::approve(&store, &target("thu-ngan-sach"), &req(&hang_upper, "", 3)).unwrap();
    let s = status(&r, "main");
    let tnc = section(&s, "thu-ngan-sach");
    assert_eq!(tnc.state, State::Approved);
    assert!(tnc.missing.is_empty());
    assert_eq!(
        approver_emails(tnc),
        ["HANG.TTT@tanyen.example", "dung.hv@tanyen.example"]
    );
    assert_eq!(s.approved_count(), 1);
    // The other sections are untouched.
    assert_eq!(section(&s, "giao-duc").state, State::Pending);
    assert_eq!(section(&s, "dau-tu-cong").state, State::Pending);
}

/// Approves `id` on main by Dũng (owner reviewer of phong-tai-chinh) and
/// Thắng (office).
fn approve_both(r: &ReviewRepo, id: &str, minutes: i64) {
    let store = r.store();
    review::approve(&store, &target(id), &req(&dung(), "", minutes)).unwrap();
    review::approve(&store, &target(id), &req(&thang(), "", minutes + 1)).unwrap();
}

#[test]
fn one_changed_word_makes_the_approval_stale_and_nothing_else_does() {
    let r = review_repo();
    approve_both(&r, "thu-ngan-sach", 1);
    approve_both(&r, "dau-tu-cong", 3);
    let v1 = r.store().resolve("main").unwrap().to_string();
    assert_eq!(state(&r, "thu-ngan-sach"), State::Approved);
    assert_eq!(state(&r, "dau-tu-cong"), State::Approved);

    // One word of thu-ngan-sach's body.
    let mut d = main_draft(&r);
    let s = d.section_mut("thu-ngan-sach").unwrap();
    s.body = s.body.replace("kịp thời", "đúng hạn");
    let v2 = commit_draft(&r, &d, 10, "Sửa một từ");
    let s = status(&r, "main");
    assert_eq!(section(&s, "thu-ngan-sach").state, State::Stale);
    assert!(section(&s, "thu-ngan-sach").approvals().next().is_none());
    assert_eq!(
        section(&s, "thu-ngan-sach")
            .decisions
            .iter()
            .filter(|d| d.stale)
            .count(),
        2
    );
    // Another section changed: dau-tu-cong stays approved.
    assert_eq!(section(&s, "dau-tu-cong").state, State::Approved);
    // At the revision approved, still approved (state is per revision).
    let old = status(&r, &v1);
    assert_eq!(section(&old, "thu-ngan-sach").state, State::Approved);

    // Renumbered only: still approved.
    let mut d = main_draft(&r);
    d.section_mut("dau-tu-cong").unwrap().number = "3".into();
    commit_draft(&r, &d, 11, "Đánh số lại");
    assert_eq!(state(&r, "dau-tu-cong"), State::Approved);

    // Moved to another parent (and renumbered): still approved.
    let mut d = main_draft(&r);
    let kinh_te = d.sections.iter_mut().find(|s| s.id == "kinh-te").unwrap();
    let at = kinh_te
        .sections
        .iter()
        .position(|s| s.id == "dau-tu-cong")
        .unwrap();
    let mut moved = kinh_te.sections.remove(at);
    moved.number = "2".into();
    let xa_hoi = d.sections.iter_mut().find(|s| s.id == "xa-hoi").unwrap();
    xa_hoi.sections.push(moved);
    commit_draft(&r, &d, 12, "Chuyển mục");
    let moved_draft = main_draft(&r);
    assert_eq!(moved_draft.number_path("dau-tu-cong"), "II.2");
    assert_eq!(state(&r, "dau-tu-cong"), State::Approved);

    // Children changing do not touch the parent's own content… but the
    // parent's own title does.
    let mut d = main_draft(&r);
    d.section_mut("dau-tu-cong").unwrap().title = Some("Đầu tư công năm 2023".into());
    commit_draft(&r, &d, 13, "Đổi tên");
    assert_eq!(state(&r, "dau-tu-cong"), State::Stale);

    // A whitespace-only or NFD re-encoding of the same words is not a change.
    approve_both(&r, "thu-ngan-sach", 20);
    assert_eq!(state(&r, "thu-ngan-sach"), State::Approved);
    let text = {
        use unicode_normalization::UnicodeNormalization;
        write_draft(&main_draft(&r)).nfd().collect::<String>()
    };
    r.commit("main", &[(REVIEW_DRAFT, &text)], &thang(), 21, "NFD");
    assert_eq!(state(&r, "thu-ngan-sach"), State::Approved);
    assert_ne!(v2, r.store().resolve("main").unwrap().to_string());
}

#[test]
fn a_cited_footnote_is_part_of_the_content() {
    let r = review_repo();
    approve_both(&r, "thu-ngan-sach", 1);
    approve_both(&r, "dau-tu-cong", 3);
    let mut d = main_draft(&r);
    d.footnotes[0].text = "Số liệu của Kho bạc Nhà nước Tân Yên.".into();
    commit_draft(&r, &d, 10, "Sửa chú thích");
    let s = status(&r, "main");
    assert_eq!(section(&s, "thu-ngan-sach").state, State::Stale);
    assert_eq!(section(&s, "dau-tu-cong").state, State::Approved);
}

#[test]
fn an_approval_is_bound_to_content_not_to_a_commit() {
    let r = review_repo();
    let v1 = r.store().resolve("main").unwrap().to_string();
    // main moves on, changing only giao-duc.
    let mut d = main_draft(&r);
    let s = d.section_mut("giao-duc").unwrap();
    s.body = s.body.replace("99,2%", "99,5%");
    commit_draft(&r, &d, 5, "Giáo dục");
    // Approvals given at the older revision count on main: the content is the same.
    let store = r.store();
    review::approve(&store, &at("thu-ngan-sach", &v1), &req(&dung(), "", 6)).unwrap();
    review::approve(&store, &at("thu-ngan-sach", &v1), &req(&thang(), "", 7)).unwrap();
    assert_eq!(state(&r, "thu-ngan-sach"), State::Approved);

    // A department's proposal: approved there, stale on main.
    let mut d = main_draft(&r);
    let s = d.section_mut("dau-tu-cong").unwrap();
    s.body = s.body.replace("78,4%", "81,0%");
    let text = write_draft(&d);
    r.commit(
        "dept/phong-tai-chinh",
        &[(REVIEW_DRAFT, &text)],
        &hoa(),
        8,
        "Cập nhật số liệu",
    );
    let store = r.store();
    let dept = "dept/phong-tai-chinh";
    review::approve(&store, &at("dau-tu-cong", dept), &req(&dung(), "", 9)).unwrap();
    review::approve(&store, &at("dau-tu-cong", dept), &req(&thang(), "", 10)).unwrap();
    assert_eq!(
        section(&status(&r, dept), "dau-tu-cong").state,
        State::Approved
    );
    assert_eq!(state(&r, "dau-tu-cong"), State::Stale);
}

#[test]
fn changes_requested_until_the_same_person_approves() {
    let r = review_repo();
    let store = r.store();
    approve_both(&r, "dau-tu-cong", 1);
    review::request_changes(
        &store,
        &target("dau-tu-cong"),
        &req(&dung(), "Thiếu số liệu từng dự án.", 5),
    )
    .unwrap();
    let s = status(&r, "main");
    let sec = section(&s, "dau-tu-cong");
    assert_eq!(sec.state, State::ChangesRequested);
    assert_eq!(approver_emails(sec), ["thang.nv@tanyen.example"]);

    // Another person's approval does not clear it.
    review::approve(&store, &target("dau-tu-cong"), &req(&hang(), "", 6)).unwrap();
    assert_eq!(state(&r, "dau-tu-cong"), State::ChangesRequested);

    // The same person's later approval does.
    review::approve(
        &store,
        &target("dau-tu-cong"),
        &req(&dung(), "Đã bổ sung.", 7),
    )
    .unwrap();
    assert_eq!(state(&r, "dau-tu-cong"), State::Approved);

    // The office may request changes too; its own later approval clears it.
    review::request_changes(&store, &target("giao-duc"), &req(&thang(), "Viết lại.", 8)).unwrap();
    assert_eq!(state(&r, "giao-duc"), State::ChangesRequested);
    review::approve(&store, &target("giao-duc"), &req(&thang(), "", 9)).unwrap();
    assert_eq!(
        state(&r, "giao-duc"),
        State::Pending,
        "no reviewer of phong-giao-duc yet"
    );
    let nguyet = person("Nguyễn Thị Minh Nguyệt", "nguyet.ntm@tanyen.example");
    review::approve(&store, &target("giao-duc"), &req(&nguyet, "", 10)).unwrap();
    assert_eq!(state(&r, "giao-duc"), State::Approved);
}

#[test]
fn comment_threads_open_reply_resolve_reopen() {
    let r = review_repo();
    let store = r.store();
    let open = |r: &ReviewRepo| {
        let s = status(r, "main");
        let sec = section(&s, "giao-duc");
        (sec.open_threads(), sec.threads.len())
    };
    assert_eq!(open(&r), (0, 0));
    let c = review::comment(
        &store,
        &target("giao-duc"),
        &req(&thang(), "Nêu rõ cấp học.", 1),
        None,
    )
    .unwrap();
    assert_eq!(open(&r), (1, 1));
    let rep = review::reply(&store, &c, &req(&son(), "Đã bổ sung cấp THCS.", 2)).unwrap();
    assert_eq!(open(&r), (1, 1), "a reply keeps the thread open");
    review::resolve(&store, &c, &req(&thang(), "", 3)).unwrap();
    assert_eq!(open(&r), (0, 1), "resolved");
    // Answering a reply lands in the same thread, and reopens it.
    review::reply(&store, &rep, &req(&thang(), "Còn thiếu cấp tiểu học.", 4)).unwrap();
    assert_eq!(open(&r), (1, 1), "a reply after resolve reopens");
    let s = status(&r, "main");
    let t = &section(&s, "giao-duc").threads[0];
    assert_eq!(t.replies.len(), 2);
    assert_eq!(t.root.id, c);
    // A second comment is a second thread; comments elsewhere do not count here.
    review::comment(
        &store,
        &target("giao-duc"),
        &req(&hoa(), "Góp ý thêm.", 5),
        None,
    )
    .unwrap();
    review::comment(
        &store,
        &target("dau-tu-cong"),
        &req(&hoa(), "Góp ý.", 6),
        None,
    )
    .unwrap();
    assert_eq!(open(&r), (2, 2));
    // Comments do not change the approval state.
    assert_eq!(state(&r, "giao-duc"), State::Pending);
}

#[test]
fn a_quoted_phrase_is_followed_through_revisions() {
    let r = review_repo();
    let store = r.store();
    // Spacing in the quote does not matter.
    review::comment(
        &store,
        &target("giao-duc"),
        &req(&thang(), "Số liệu này của năm học nào?", 1),
        Some("lên  lớp\nđạt 99,2%"),
    )
    .unwrap();
    let v1 = store.resolve("main").unwrap().to_string();
    let quote_found = |rev: &str| section(&status(&r, rev), "giao-duc").threads[0].quote_found;
    assert_eq!(quote_found("main"), Some(true));
    // A change elsewhere in the section keeps the phrase.
    let mut d = main_draft(&r);
    let s = d.section_mut("giao-duc").unwrap();
    s.body = format!("{}\n\nHoàn thành phổ cập giáo dục.", s.body);
    commit_draft(&r, &d, 2, "Thêm đoạn");
    assert_eq!(quote_found("main"), Some(true));
    // The phrase edited away.
    let mut d = main_draft(&r);
    let s = d.section_mut("giao-duc").unwrap();
    s.body = s.body.replace("99,2%", "99,5%");
    commit_draft(&r, &d, 3, "Sửa số liệu");
    assert_eq!(quote_found("main"), Some(false));
    assert_eq!(quote_found(&v1), Some(true));
    // A comment without a quote has no quote state.
    review::comment(
        &store,
        &target("giao-duc"),
        &req(&thang(), "Chung.", 4),
        None,
    )
    .unwrap();
    assert_eq!(
        section(&status(&r, "main"), "giao-duc").threads[1].quote_found,
        None
    );
}

#[test]
fn a_quote_typed_in_nfd_matches_the_nfc_draft() {
    use unicode_normalization::UnicodeNormalization;
    let r = review_repo();
    let store = r.store();
    let quote: String = "Tỷ lệ học sinh lên lớp".nfd().collect();
    review::comment(
        &store,
        &target("giao-duc"),
        &req(&thang(), "Góp ý", 1),
        Some(&quote),
    )
    .expect("the same words, in another Unicode form, are in the section");
    let records = store.read_records_uncached().unwrap();
    assert_eq!(
        records[0].quote.as_deref(),
        Some("Tỷ lệ học sinh lên lớp"),
        "stored as NFC"
    );
    assert_eq!(
        section(&status(&r, "main"), "giao-duc").threads[0].quote_found,
        Some(true)
    );
}

#[test]
fn records_of_another_draft_or_a_removed_section_do_not_leak() {
    let r = review_repo();
    let store = r.store();
    approve_both(&r, "dau-tu-cong", 1);
    // The section is removed from the draft: its records become orphans.
    let mut d = main_draft(&r);
    d.sections[0].sections.retain(|s| s.id != "dau-tu-cong");
    commit_draft(&r, &d, 5, "Bỏ mục");
    let s = status(&r, "main");
    assert!(s.section("dau-tu-cong").is_none());
    assert_eq!(s.orphans.len(), 2);
    assert_eq!(s.approved_count(), 0);
    // Another draft with a section of the same id sees nothing.
    let other = common::review_draft_text().replace("id: bao-cao-thu", "id: bao-cao-khac");
    r.commit(
        "main",
        &[("drafts/khac.yaml", &other)],
        &thang(),
        6,
        "Dự thảo khác",
    );
    let (_, other) = review::status(&store, "drafts/khac.yaml", "main").unwrap();
    assert!(other.sections.iter().all(|s| s.decisions.is_empty()));
    assert!(other.orphans.is_empty());
}

// ------------------------------------------------------------ 6. index

fn index_file(r: &ReviewRepo) -> std::path::PathBuf {
    r.repo.join(".git/duyet/reviews-index")
}

/// `read_records` (through the index) must equal a full read.
fn read_checked(store: &Store) -> (Vec<ReviewRecord>, ReadPath) {
    let (records, path) = store.read_records().unwrap();
    let full = store.read_records_uncached().unwrap();
    assert_eq!(records, full, "the index disagrees with the log ({path:?})");
    (records, path)
}

/// A record message written by hand, as another clone or plain git would.
fn hand_record(action: &str, section: &str, text: &str) -> String {
    format!(
        "Ghi tay\n\n{text}\n\nDuyet-Action: {action}\nDuyet-Draft: {REVIEW_DRAFT}\nDuyet-Section: {section}\nDuyet-Revision: 0000000000000000000000000000000000000000\nDuyet-Section-Hash: 00\n"
    )
}

/// `git commit-tree` with an empty tree, `parents`, and `message`; the author
/// is `who`.
fn commit_tree(r: &ReviewRepo, parents: &[&str], message: &str, who: &Identity) -> String {
    let tree = r.git_ok(&["hash-object", "-t", "tree", "-w", "/dev/null"]);
    let mut cmd = r.git();
    cmd.arg("commit-tree").arg(tree.trim());
    for p in parents {
        cmd.args(["-p", p]);
    }
    cmd.args(["-m", message])
        .env("GIT_AUTHOR_NAME", &who.name)
        .env("GIT_AUTHOR_EMAIL", &who.email)
        .env("GIT_AUTHOR_DATE", "1702519200 +0700")
        .env("GIT_COMMITTER_DATE", "1702519200 +0700");
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

#[test]
fn the_index_always_equals_a_full_read() {
    let r = review_repo();
    let store = r.store();
    assert_eq!(store.read_records().unwrap(), (Vec::new(), ReadPath::Empty));
    assert!(!index_file(&r).exists());

    for i in 0..3 {
        review::comment(
            &store,
            &target("thu-ngan-sach"),
            &req(&dung(), &format!("Góp ý số {i}"), i),
            None,
        )
        .unwrap();
    }
    let (records, path) = read_checked(&store);
    assert_eq!((records.len(), path), (3, ReadPath::Full));
    assert!(index_file(&r).exists());
    assert_eq!(read_checked(&store).1, ReadPath::Cached);
    // Another handle (another process) uses the same index.
    assert_eq!(read_checked(&r.store()).1, ReadPath::Cached);

    // New records: only they are read.
    approve_both(&r, "thu-ngan-sach", 10);
    let (records, path) = read_checked(&store);
    assert_eq!((records.len(), path), (5, ReadPath::Updated(2)));
    assert_eq!(read_checked(&store).1, ReadPath::Cached);
    // A commit on the ref that is not a record: read, skipped, counted as no record.
    let tip = r.reviews_tip().unwrap();
    let junk = commit_tree(&r, &[&tip], "không phải bản ghi\n\nFoo: bar\n", &hoa());
    r.git_ok(&["update-ref", "refs/duyet/reviews", &junk, &tip]);
    review::comment(
        &store,
        &target("giao-duc"),
        &req(&hoa(), "Sau rác", 20),
        None,
    )
    .unwrap();
    let (records, path) = read_checked(&store);
    assert_eq!((records.len(), path), (6, ReadPath::Updated(1)));

    // A corrupted index: garbage bytes, then an empty file, then JSON of another shape.
    for garbage in [
        &b"\x00\xff\xfe garbage {{{"[..],
        b"",
        b"{\"version\":1}",
        b"[1,2,3]",
    ] {
        std::fs::write(index_file(&r), garbage).unwrap();
        let (records, path) = read_checked(&store);
        assert_eq!((records.len(), path), (6, ReadPath::Full));
        assert_eq!(read_checked(&store).1, ReadPath::Cached);
    }
    // An index whose tip is a commit that no longer exists.
    let text = std::fs::read_to_string(index_file(&r)).unwrap();
    let tip = r.reviews_tip().unwrap();
    std::fs::write(
        index_file(&r),
        text.replace(&tip, "1111111111111111111111111111111111111111"),
    )
    .unwrap();
    assert_eq!(read_checked(&store).1, ReadPath::Full);

    // The ref rewound to an older record: full re-read, the newer ones gone.
    let older = r.git_ok(&["rev-parse", "refs/duyet/reviews~3"]);
    r.git_ok(&["update-ref", "refs/duyet/reviews", older.trim()]);
    let (records, path) = read_checked(&store);
    assert_eq!((records.len(), path), (4, ReadPath::Full));

    // The ref rewritten to an unrelated history.
    let other = commit_tree(
        &r,
        &[],
        &hand_record("comment", "giao-duc", "Lịch sử khác"),
        &hoa(),
    );
    r.git_ok(&["update-ref", "refs/duyet/reviews", &other]);
    let (records, path) = read_checked(&store);
    assert_eq!(path, ReadPath::Full);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].text, "Lịch sử khác");
    assert_eq!(read_checked(&store).1, ReadPath::Cached);

    // The ref deleted.
    r.git_ok(&["update-ref", "-d", "refs/duyet/reviews"]);
    assert_eq!(store.read_records().unwrap(), (Vec::new(), ReadPath::Empty));
    // …and written again from nothing.
    review::comment(
        &store,
        &target("giao-duc"),
        &req(&hoa(), "Lại từ đầu", 30),
        None,
    )
    .unwrap();
    let (records, path) = read_checked(&store);
    assert_eq!(records.len(), 1);
    assert_eq!(path, ReadPath::Full);
}

#[test]
fn the_index_equals_a_full_read_after_a_merge_of_two_clones() {
    merge_of_two_clones(false);
    merge_of_two_clones(true);
}

/// Our records are in the index; theirs arrive with a merge commit (ours
/// as the first parent, or theirs).
fn merge_of_two_clones(theirs_first: bool) {
    let r = review_repo();
    let store = r.store();
    review::comment(&store, &target("giao-duc"), &req(&hoa(), "Gốc", 0), None).unwrap();
    let base = r.reviews_tip().unwrap();
    // "Their" clone: two records on the same base, written by plain git.
    let mut theirs = base.clone();
    for (i, email) in ["dung.hv@tanyen.example", "hoa.lt@tanyen.example"]
        .iter()
        .enumerate()
    {
        let who = person("Người khác", email);
        let msg = hand_record("comment", "giao-duc", &format!("Bản sao khác {i}"));
        theirs = commit_tree(&r, &[&theirs], &msg, &who);
    }
    // "Our" records, read into the index.
    for i in 0..3 {
        review::comment(
            &store,
            &target("thu-ngan-sach"),
            &req(&dung(), &format!("Của ta {i}"), 10 + i),
            None,
        )
        .unwrap();
    }
    assert_eq!(read_checked(&store).0.len(), 4);
    // The union: a merge commit whose parents are both tips.
    let ours = r.reviews_tip().unwrap();
    let parents: [&str; 2] = if theirs_first {
        [&theirs, &ours]
    } else {
        [&ours, &theirs]
    };
    let merge = commit_tree(&r, &parents, "Merge review records", &thang());
    r.git_ok(&["update-ref", "refs/duyet/reviews", &merge, &ours]);
    let (records, _) = read_checked(&store);
    assert_eq!(records.len(), 6);
    assert_eq!(read_checked(&store).1, ReadPath::Cached);
    // A record after the merge, then a fresh start without the index.
    review::comment(
        &store,
        &target("giao-duc"),
        &req(&hoa(), "Sau hợp nhất", 40),
        None,
    )
    .unwrap();
    assert_eq!(read_checked(&store).0.len(), 7);
    std::fs::remove_file(index_file(&r)).unwrap();
    assert_eq!(read_checked(&store).0.len(), 7);
    // And the state from the index equals the state from the log.
    let from_index = status(&r, "main");
    std::fs::remove_file(index_file(&r)).unwrap();
    let d = main_draft(&r);
    let config = duyet::ops::config(&store).unwrap();
    let from_log = duyet::core::review::fold(
        &store.read_records_uncached().unwrap(),
        REVIEW_DRAFT,
        &d,
        config.as_ref(),
    );
    assert_eq!(from_index, from_log);
}

// ------------------------------------------------------------ 8. edit

/// The lines of `thu-ngan-sach`'s own fields: from its `- id:` line to the
/// next section's `- id:` line.
fn split_around<'a>(text: &'a str, id: &str, next: &str) -> (&'a str, &'a str, &'a str) {
    let start = text
        .find(&format!("- id: {id}\n"))
        .expect("the section is in the text");
    let start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let end = start
        + text[start..]
            .find(&format!("- id: {next}\n"))
            .expect("the next section");
    let end = text[..end].rfind('\n').map_or(0, |i| i + 1);
    (&text[..start], &text[start..end], &text[end..])
}

fn edit_body(body: &str) -> SectionEdit {
    SectionEdit {
        title: None,
        body: Some(body.to_owned()),
        message: None,
    }
}

#[test]
fn a_drafter_edits_a_section_of_their_department() {
    let r = review_repo();
    let store = r.store();
    let main = store.resolve("main").unwrap();
    let old = String::from_utf8(store.read_file(main, REVIEW_DRAFT).unwrap().unwrap()).unwrap();
    assert!(
        store.resolve("dept/phong-tai-chinh").is_err(),
        "no branch yet"
    );

    let new_body = "Tổng thu ngân sách trên địa bàn đạt 415,0 tỷ đồng, bằng 104,7% dự toán[^fn-thu].\n\nChi ngân sách đảm bảo kịp thời, đúng chế độ.";
    let done = edit_section(
        &store,
        &hoa(),
        Some(moment(5)),
        REVIEW_DRAFT,
        "thu-ngan-sach",
        &edit_body(new_body),
    )
    .unwrap();
    assert_eq!(done.branch, "dept/phong-tai-chinh");
    let tip = store.resolve("dept/phong-tai-chinh").unwrap();
    assert_eq!(done.commit, tip.to_string());
    assert_eq!(store.resolve("main").unwrap(), main, "main untouched");
    assert_eq!(
        r.git_ok(&["rev-parse", &format!("{}^", done.commit)])
            .trim(),
        main.to_string(),
        "the branch starts from main"
    );
    let new = String::from_utf8(store.read_file(tip, REVIEW_DRAFT).unwrap().unwrap()).unwrap();
    let (a0, a1, a2) = split_around(&old, "thu-ngan-sach", "dau-tu-cong");
    let (b0, b1, b2) = split_around(&new, "thu-ngan-sach", "dau-tu-cong");
    assert_eq!(a0, b0, "the lines before the section are byte-identical");
    assert_eq!(a2, b2, "the lines after the section are byte-identical");
    assert_ne!(a1, b1);
    assert!(b1.contains("415,0 tỷ đồng"), "{b1}");
    // Only the body's changed line differs within the section too.
    let changed: Vec<(&str, &str)> = a1.lines().zip(b1.lines()).filter(|(x, y)| x != y).collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    // The commit: author, message naming the section, only the draft changed.
    let log = r.git_ok(&["log", "-1", "--format=%an <%ae>%n%B", &done.commit]);
    assert!(
        log.starts_with("Lê Thị Hoa <hoa.lt@tanyen.example>\n"),
        "{log}"
    );
    assert!(log.contains("I.1 Thu ngân sách"), "{log}");
    assert!(log.contains("Duyet-Section: thu-ngan-sach"), "{log}");
    assert_eq!(
        r.git_ok(&[
            "diff",
            "--name-only",
            &format!("{}^", done.commit),
            &done.commit
        ])
        .trim(),
        REVIEW_DRAFT
    );
    let d = load_draft("new", new.as_bytes()).unwrap();
    assert_eq!(d.section("thu-ngan-sach").unwrap().body, new_body);

    // A second edit goes on top of the branch.
    let second = edit_section(
        &store,
        &person("Ngô Thị Thanh Mai", "mai.ntt@tanyen.example"),
        Some(moment(6)),
        REVIEW_DRAFT,
        "dau-tu-cong",
        &SectionEdit {
            title: Some(Some("Giải ngân vốn đầu tư công".into())),
            body: None,
            message: None,
        },
    )
    .unwrap();
    assert_eq!(
        r.git_ok(&["rev-parse", &format!("{}^", second.commit)])
            .trim(),
        done.commit
    );
    let d = store
        .read_draft("dept/phong-tai-chinh", REVIEW_DRAFT)
        .unwrap();
    assert_eq!(
        d.section("thu-ngan-sach").unwrap().body,
        new_body,
        "first edit kept"
    );
    assert_eq!(
        d.section("dau-tu-cong").unwrap().title.as_deref(),
        Some("Giải ngân vốn đầu tư công")
    );

    // An approval on main shows as stale on the department's revision.
    approve_both(&r, "thu-ngan-sach", 10);
    assert_eq!(state(&r, "thu-ngan-sach"), State::Approved);
    assert_eq!(
        section(&status(&r, "dept/phong-tai-chinh"), "thu-ngan-sach").state,
        State::Stale
    );
}

/// `f` must be refused with a message holding `words`, and no branch moved.
fn edit_refused(
    r: &ReviewRepo,
    what: &str,
    words: &[&str],
    f: impl FnOnce(&Store) -> Result<duyet::ops::edit::Edited, OpsError>,
) {
    let before = r.git_ok(&["for-each-ref", "--format=%(refname) %(objectname)"]);
    let err = match f(&r.store()) {
        Ok(e) => panic!("{what}: expected a refusal, got {e:?}"),
        Err(e) => e.to_string(),
    };
    for w in words {
        assert!(err.contains(w), "{what}: no `{w}` in: {err}");
    }
    assert_eq!(
        r.git_ok(&["for-each-ref", "--format=%(refname) %(objectname)"]),
        before,
        "{what}: a ref moved"
    );
}

#[test]
fn editing_is_refused_outside_ones_department_and_when_nothing_changes() {
    let r = review_repo();
    edit_refused(
        &r,
        "another department",
        &["not allowed", "Phòng Giáo dục và Đào tạo"],
        |s| {
            edit_section(
                s,
                &hoa(),
                None,
                REVIEW_DRAFT,
                "giao-duc",
                &edit_body("Khác."),
            )
        },
    );
    assert!(
        r.store().resolve("dept/phong-tai-chinh").is_err(),
        "no branch was made"
    );
    edit_refused(
        &r,
        "a reviewer of another department",
        &["not allowed"],
        |s| {
            edit_section(
                s,
                &long(),
                None,
                REVIEW_DRAFT,
                "giao-duc",
                &edit_body("Khác."),
            )
        },
    );
    edit_refused(
        &r,
        "not in duyet.yaml",
        &["not allowed", "nguoi.la@example.org"],
        |s| {
            edit_section(
                s,
                &stranger(),
                None,
                REVIEW_DRAFT,
                "giao-duc",
                &edit_body("Khác."),
            )
        },
    );
    edit_refused(&r, "unknown section", &["khong-co"], |s| {
        edit_section(
            s,
            &hoa(),
            None,
            REVIEW_DRAFT,
            "khong-co",
            &edit_body("Khác."),
        )
    });
    edit_refused(&r, "unknown draft", &["drafts/khong-co.yaml"], |s| {
        edit_section(
            s,
            &hoa(),
            None,
            "drafts/khong-co.yaml",
            "giao-duc",
            &edit_body("Khác."),
        )
    });
    let same = main_draft(&r)
        .section("thu-ngan-sach")
        .unwrap()
        .body
        .clone();
    edit_refused(&r, "nothing changed", &["nothing changed"], |s| {
        edit_section(
            s,
            &hoa(),
            None,
            REVIEW_DRAFT,
            "thu-ngan-sach",
            &edit_body(&same),
        )
    });
    edit_refused(&r, "only trailing spaces", &["nothing changed"], |s| {
        edit_section(
            s,
            &hoa(),
            None,
            REVIEW_DRAFT,
            "thu-ngan-sach",
            &edit_body(&format!("{same}  \n\n\n")),
        )
    });
    edit_refused(&r, "no title and no body", &["title or a body"], |s| {
        edit_section(
            s,
            &hoa(),
            None,
            REVIEW_DRAFT,
            "thu-ngan-sach",
            &SectionEdit {
                title: Some(None),
                body: Some(String::new()),
                message: None,
            },
        )
    });
    edit_refused(
        &r,
        "a citation of a missing footnote",
        &["fn-khong-co"],
        |s| {
            edit_section(
                s,
                &hoa(),
                None,
                REVIEW_DRAFT,
                "thu-ngan-sach",
                &edit_body("Số liệu[^fn-khong-co]."),
            )
        },
    );
    assert_eq!(
        r.git_ok(&["branch", "--format=%(refname:short)"]).trim(),
        "main",
        "no department branch left behind"
    );

    // The office may edit any department's section (on its own branch).
    let tuan = person("Đỗ Minh Tuấn", "tuan.dm@tanyen.example");
    let done = edit_section(
        &r.store(),
        &tuan,
        Some(moment(3)),
        REVIEW_DRAFT,
        "giao-duc",
        &edit_body("Tỷ lệ học sinh lên lớp đạt 99,3%."),
    )
    .unwrap();
    assert_eq!(done.branch, "dept/van-phong");
    // A department's own drafter may too.
    let done = edit_section(
        &r.store(),
        &son(),
        Some(moment(4)),
        REVIEW_DRAFT,
        "giao-duc",
        &edit_body("Tỷ lệ học sinh lên lớp đạt 99,4%."),
    )
    .unwrap();
    assert_eq!(done.branch, "dept/phong-giao-duc");
}

#[test]
fn a_branch_that_moved_between_read_and_write_is_not_overwritten() {
    let r = review_repo();
    let store = r.store();
    let first = edit_section(
        &store,
        &hoa(),
        Some(moment(1)),
        REVIEW_DRAFT,
        "thu-ngan-sach",
        &edit_body("Tổng thu đạt 415 tỷ đồng[^fn-thu]."),
    )
    .unwrap();
    let stale = store.resolve("main").unwrap(); // what a slow writer read
    let moved = store.resolve("dept/phong-tai-chinh").unwrap();
    assert_eq!(moved.to_string(), first.commit);
    let err = store
        .commit_files(
            "dept/phong-tai-chinh",
            Some(stale),
            &[FileChange {
                path: REVIEW_DRAFT,
                contents: b"schema: 1\n",
            }],
            &hoa(),
            Some(moment(2)),
            "ghi đè",
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Moved { .. }), "{err:?}");
    assert!(err.to_string().contains("dept/phong-tai-chinh"), "{err}");
    assert_eq!(store.resolve("dept/phong-tai-chinh").unwrap(), moved);
    // Creating a branch that already exists is a race too.
    let err = store
        .commit_files(
            "dept/phong-tai-chinh",
            None,
            &[FileChange {
                path: REVIEW_DRAFT,
                contents: b"schema: 1\n",
            }],
            &hoa(),
            Some(moment(2)),
            "ghi đè",
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Moved { .. }), "{err:?}");
    assert_eq!(store.resolve("dept/phong-tai-chinh").unwrap(), moved);
}
