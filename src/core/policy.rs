//! Who may do what: the one home of every rule about people. The writers in
//! `ops` refuse with these answers (nothing is written), the fold in
//! `core::review` uses the same answers to show a record as not counted, and
//! the screen and the command line only put a `Refusal` into words.
//!
//! | may… | who |
//! | --- | --- |
//! | comment, reply | anyone listed in `duyet.yaml` |
//! | decide (approve, request changes) | a reviewer the approval rules ask for on the section's department, or the office |
//! | resolve a thread | its author, a reviewer of the section's department, or the office |
//! | edit a section | someone of its department, or the office |
//! | merge into `main` | the office |
//! | sign (with `approval.require_signed`) | a key of the author's (`keys:`) or a server's (`server_keys:`); decisions must be signed |
//!
//! Without a valid `duyet.yaml` on `main` nobody's role is known, so nothing
//! is allowed (reading is always allowed).

use super::config::{Config, Person, Requirement, Role};
use super::identity::Identity;
use super::signature::{self, Signed};

/// Why someone may not do something. `Display` gives the English sentence
/// the command line prints; the screen has its own words for each kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Refusal {
    /// There is no valid `duyet.yaml` on `main`.
    #[error("there is no valid duyet.yaml on main, so no one's role is known")]
    NoConfig,
    /// The person's e-mail is not in `duyet.yaml`.
    #[error("{email} is not listed in duyet.yaml")]
    NotListed { email: String },
    /// Approving or requesting changes on a section of `department`.
    #[error("{person} is not a reviewer of {department} nor of the office")]
    NotReviewer { person: String, department: String },
    /// Editing a section of `department`.
    #[error("{person} is not of {department}; only its department or the office may edit it")]
    NotEditor { person: String, department: String },
    /// Resolving someone else's thread; `department` is `None` for a part of
    /// the report that is not a section (the preamble, say).
    #[error(
        "{person} may not resolve this thread: only its author{} or the office may",
        department.as_ref().map_or_else(String::new, |d| format!(", a reviewer of {d}"))
    )]
    NotResolver {
        person: String,
        department: Option<String>,
    },
    /// Merging into `main`.
    #[error("only the office merges into main; {person} does not have the office role")]
    NotOffice { person: String },
    /// `approval.require_signed`: a decision without a signature.
    #[error("{person}'s decision is not signed, and duyet.yaml requires signed decisions")]
    Unsigned { person: String },
    /// A signature that does not hold (damaged, or not over this record).
    #[error("{person}'s record has a signature that does not hold: {why}")]
    BadSignature { person: String, why: String },
    /// Signed by a key duyet.yaml does not give the person (nor a server).
    #[error(
        "{person}'s record is signed by the key {fingerprint}, which duyet.yaml does not list for them"
    )]
    KeyNotAllowed { person: String, fingerprint: String },
}

/// Whether a record of `who` holds up as signed, when `duyet.yaml` asks for
/// signatures (`approval.require_signed`; otherwise every record does): a
/// decision must be signed by a key of its author's or of a server's; any
/// record signed by another key, or with a signature that does not hold,
/// does not count.
pub fn signature_holds(
    config: Option<&Config>,
    who: &Identity,
    signed: &Signed,
    decision: bool,
) -> Result<(), Refusal> {
    let Some(config) = config.filter(|c| c.approval.require_signed) else {
        return Ok(());
    };
    let (config, p) = person(Some(config), who)?;
    match signed {
        Signed::No if decision => Err(Refusal::Unsigned {
            person: p.name.clone(),
        }),
        Signed::No => Ok(()),
        Signed::Invalid { why } => Err(Refusal::BadSignature {
            person: p.name.clone(),
            why: why.clone(),
        }),
        Signed::By { key } if config.may_sign_for(p, key) => Ok(()),
        Signed::By { key } => Err(Refusal::KeyNotAllowed {
            person: p.name.clone(),
            fingerprint: signature::fingerprint(key),
        }),
    }
}

/// The configuration and the person `who` is in it, or why no rule can let
/// them do anything.
pub fn person<'a>(
    config: Option<&'a Config>,
    who: &Identity,
) -> Result<(&'a Config, &'a Person), Refusal> {
    let config = config.ok_or(Refusal::NoConfig)?;
    let person = config
        .person_by_email(&who.email)
        .ok_or_else(|| Refusal::NotListed {
            email: who.email.clone(),
        })?;
    Ok((config, person))
}

/// Writing review records at all (a comment, a reply).
pub fn may_comment(config: Option<&Config>, who: &Identity) -> Result<(), Refusal> {
    person(config, who).map(|_| ())
}

/// Approving or requesting changes on a section owned by `owner`.
pub fn may_decide(config: Option<&Config>, who: &Identity, owner: &str) -> Result<(), Refusal> {
    let (config, p) = person(config, who)?;
    if meets(config, p, owner).is_empty() {
        return Err(Refusal::NotReviewer {
            person: p.name.clone(),
            department: config.department_name(owner).to_owned(),
        });
    }
    Ok(())
}

/// Resolving a thread started by `author` (an e-mail) on a section owned by
/// `owner` (empty for a part of the report that is not a section).
pub fn may_resolve(
    config: Option<&Config>,
    who: &Identity,
    owner: &str,
    author: &str,
) -> Result<(), Refusal> {
    let (config, p) = person(config, who)?;
    let reviewer = !owner.is_empty() && p.department == owner && p.roles.contains(&Role::Reviewer);
    if who.email.eq_ignore_ascii_case(author) || reviewer || p.roles.contains(&Role::Office) {
        return Ok(());
    }
    Err(Refusal::NotResolver {
        person: p.name.clone(),
        department: (!owner.is_empty()).then(|| config.department_name(owner).to_owned()),
    })
}

/// Editing a section owned by `owner`.
pub fn may_edit(config: Option<&Config>, who: &Identity, owner: &str) -> Result<(), Refusal> {
    let (config, p) = person(config, who)?;
    if p.department == owner || p.roles.contains(&Role::Office) {
        return Ok(());
    }
    Err(Refusal::NotEditor {
        person: p.name.clone(),
        department: config.department_name(owner).to_owned(),
    })
}

/// Merging a department's branch into `main`.
pub fn may_merge(config: Option<&Config>, who: &Identity) -> Result<(), Refusal> {
    let (_, p) = person(config, who)?;
    if p.roles.contains(&Role::Office) {
        return Ok(());
    }
    Err(Refusal::NotOffice {
        person: p.name.clone(),
    })
}

/// The approval requirements a person meets on a section owned by `owner`.
pub fn meets(config: &Config, person: &Person, owner: &str) -> Vec<Requirement> {
    let mut out = Vec::new();
    for r in &config.approval.required {
        let ok = match r {
            Requirement::OwnerReviewer => {
                person.department == owner && person.roles.contains(&Role::Reviewer)
            }
            Requirement::Office => person.roles.contains(&Role::Office),
        };
        if ok && !out.contains(r) {
            out.push(*r);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "schema: 1
departments:
  - {id: van-phong, name: Văn phòng}
  - {id: tc, name: Phòng Tài chính}
  - {id: tp, name: Phòng Tư pháp}
people:
  - {name: Chánh Văn phòng, email: vp@x.vn, department: van-phong, roles: [reviewer, office]}
  - {name: Trưởng phòng TC, email: tp.tc@x.vn, department: tc, roles: [reviewer]}
  - {name: Chuyên viên TC, email: cv.tc@x.vn, department: tc, roles: [drafter]}
  - {name: Trưởng phòng TP, email: tp.tp@x.vn, department: tp, roles: [reviewer]}
approval:
  required: [owner-reviewer, office]
";

    fn who(email: &str) -> Identity {
        Identity {
            name: "x".into(),
            email: email.into(),
        }
    }

    /// Every rule for every kind of person, as the table at the top says.
    #[test]
    fn the_rules_of_the_table() {
        let config = Config::load("duyet.yaml", CONFIG.as_bytes()).unwrap();
        let c = Some(&config);
        let ok = |r: Result<(), Refusal>| r.is_ok();
        // (email, comment, decide on tc, edit tc, resolve another's on tc, merge)
        for (email, rules) in [
            ("vp@x.vn", [true, true, true, true, true]),
            ("tp.tc@x.vn", [true, true, true, true, false]),
            ("cv.tc@x.vn", [true, false, true, false, false]),
            ("tp.tp@x.vn", [true, false, false, false, false]),
            ("stranger@x.vn", [false, false, false, false, false]),
        ] {
            let w = who(email);
            let got = [
                ok(may_comment(c, &w)),
                ok(may_decide(c, &w, "tc")),
                ok(may_edit(c, &w, "tc")),
                ok(may_resolve(c, &w, "tc", "someone@x.vn")),
                ok(may_merge(c, &w)),
            ];
            assert_eq!(got, rules, "{email}");
        }
        // A thread's author may resolve it, whoever they are (if listed).
        assert!(may_resolve(c, &who("tp.tp@x.vn"), "tc", "TP.TP@x.vn").is_ok());
        assert!(may_resolve(c, &who("tp.tp@x.vn"), "", "a@x.vn").is_err());
    }

    #[test]
    fn without_duyet_yaml_nothing_is_allowed_and_refusals_say_why() {
        let w = who("vp@x.vn");
        assert_eq!(may_comment(None, &w), Err(Refusal::NoConfig));
        assert_eq!(may_merge(None, &w), Err(Refusal::NoConfig));
        let config = Config::load("duyet.yaml", CONFIG.as_bytes()).unwrap();
        let refusal = may_decide(Some(&config), &who("tp.tp@x.vn"), "tc").unwrap_err();
        assert_eq!(
            refusal.to_string(),
            "Trưởng phòng TP is not a reviewer of Phòng Tài chính nor of the office"
        );
        let refusal = may_resolve(Some(&config), &who("cv.tc@x.vn"), "", "a@x.vn").unwrap_err();
        assert_eq!(
            refusal.to_string(),
            "Chuyên viên TC may not resolve this thread: only its author or the office may"
        );
        let refusal = may_edit(Some(&config), &who("stranger@x.vn"), "tc").unwrap_err();
        assert_eq!(
            refusal.to_string(),
            "stranger@x.vn is not listed in duyet.yaml"
        );
    }
}
