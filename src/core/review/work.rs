use serde::Serialize;

use super::*;
use crate::core::Identity;
use crate::core::config::{Config, Role};
use crate::core::policy;

/// Something in a draft that waits for a particular person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum WorkItem {
    /// A section I may approve that still lacks the approval I can give.
    AwaitingMyApproval { section: String },
    /// An open comment on my department's section whose last word is not
    /// from my department.
    UnansweredComment { section: String, thread: String },
    /// Changes requested on my department's section.
    ChangesRequested { section: String },
    /// A section I approved whose content has changed since.
    MyStaleApproval { section: String },
}

impl WorkItem {
    pub fn section(&self) -> &str {
        match self {
            WorkItem::AwaitingMyApproval { section }
            | WorkItem::UnansweredComment { section, .. }
            | WorkItem::ChangesRequested { section }
            | WorkItem::MyStaleApproval { section } => section,
        }
    }
}

/// What needs `me` in this draft ("Việc của tôi"), in reading order: a
/// section awaits my approval only when it differs in what I am reviewing
/// (`changed`, by section id: the comparison on screen); a section nobody
/// touched is not work. Comments waiting for my department, change requests
/// on its sections and my own stale approvals are listed wherever they are.
pub fn my_work(
    review: &DraftReview,
    config: &Config,
    me: &Identity,
    changed: impl Fn(&str) -> bool,
) -> Vec<WorkItem> {
    let Some(person) = config.person_by_email(&me.email) else {
        return Vec::new();
    };
    let same_dept = |email: &str| {
        config
            .person_by_email(email)
            .is_some_and(|p| p.department == person.department)
    };
    let mut out = Vec::new();
    for s in &review.sections {
        let mine = s.owner == person.department;
        let my_decision = s
            .decisions
            .iter()
            .find(|d| d.record.author_email.eq_ignore_ascii_case(&me.email));
        let i_meet = policy::meets(config, person, &s.owner);
        let i_approved_now = my_decision
            .is_some_and(|d| d.record.action == Action::Approve && !d.stale && d.counts());
        if s.state != State::Approved
            && changed(&s.id)
            && !i_approved_now
            && i_meet.iter().any(|r| s.missing.contains(r))
        {
            out.push(WorkItem::AwaitingMyApproval {
                section: s.id.clone(),
            });
        }
        if mine && s.state == State::ChangesRequested {
            out.push(WorkItem::ChangesRequested {
                section: s.id.clone(),
            });
        }
        if mine {
            for t in s
                .threads
                .iter()
                .filter(|t| t.is_open() && !t.is_change_request())
            {
                if !same_dept(&t.last().author_email) {
                    out.push(WorkItem::UnansweredComment {
                        section: s.id.clone(),
                        thread: t.root.id.clone(),
                    });
                }
            }
        }
        if my_decision.is_some_and(|d| d.record.action == Action::Approve && d.stale) {
            out.push(WorkItem::MyStaleApproval {
                section: s.id.clone(),
            });
        }
    }
    // The parts that are not sections are the office's to answer.
    if person.roles.contains(&Role::Office) {
        let office = |email: &str| {
            config
                .person_by_email(email)
                .is_some_and(|p| p.roles.contains(&Role::Office))
        };
        for p in &review.parts {
            for t in p.threads.iter().filter(|t| t.is_open()) {
                if !office(&t.last().author_email) {
                    out.push(WorkItem::UnansweredComment {
                        section: p.id.clone(),
                        thread: t.root.id.clone(),
                    });
                }
            }
        }
    }
    out
}
