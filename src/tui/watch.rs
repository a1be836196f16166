//! Following the repository while the screen is open: officers work at the
//! same time on one server, so a comment, an approval, a new revision or a
//! merge made elsewhere must reach an open screen without a key. A thread of
//! its own compares the refs' tips once a second — reading ref files only,
//! never an object, so watching costs next to nothing while nothing changes —
//! and says what moved. The screen then reloads what it shows, keeping the
//! selection (`app::on_refs_moved`).

use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::time::Duration;

use crate::core::review::REVIEWS_REF;
use crate::store::{CommitId, RefTips, Store};

/// How often the refs are compared.
pub const INTERVAL: Duration = Duration::from_secs(1);

/// At most this many new records are counted for the message.
const COUNT_LIMIT: usize = 1000;

/// What changed in the repository since the last look.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RefsMoved {
    /// Branches (short names: `main`, `dept/x`, `origin/dept/x`) that moved,
    /// appeared or went away.
    pub moved: Vec<Moved>,
    /// The review records changed (locally or a fetched copy).
    pub reviews: bool,
    /// New review records written by someone else.
    pub new_records: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub branch: String,
    /// The new tip is the user's own commit (no need to tell them).
    pub by_me: bool,
}

/// The short name of a branch ref; `None` for other refs.
fn branch_name(refname: &str) -> Option<&str> {
    refname
        .strip_prefix("refs/heads/")
        .or_else(|| refname.strip_prefix("refs/remotes/"))
        .filter(|n| !n.ends_with("/HEAD") && !n.ends_with("duyet/reviews"))
}

fn is_reviews(refname: &str) -> bool {
    refname == REVIEWS_REF || refname.ends_with("/duyet/reviews")
}

/// What differs between two readings of the tips.
pub fn changes(store: &Store, before: &RefTips, now: &RefTips, me: Option<&str>) -> RefsMoved {
    let mut out = RefsMoved::default();
    let oid = |hex: Option<&String>| hex.and_then(|h| h.parse::<CommitId>().ok());
    let names: std::collections::BTreeSet<&String> = before.keys().chain(now.keys()).collect();
    for name in names {
        let (old, new) = (before.get(name), now.get(name));
        if old == new {
            continue;
        }
        if is_reviews(name) {
            out.reviews = true;
            if let Some(new) = oid(new) {
                out.new_records += store
                    .new_commits_by_others(oid(old), new, me, COUNT_LIMIT)
                    .unwrap_or(0);
            }
        } else if let Some(branch) = branch_name(name) {
            let by_me = match (me, oid(new)) {
                (Some(me), Some(tip)) => store
                    .author_email(tip)
                    .is_some_and(|e| e.eq_ignore_ascii_case(me)),
                _ => false,
            };
            out.moved.push(Moved {
                branch: branch.to_owned(),
                by_me,
            });
        }
    }
    out
}

/// Looks at the refs every `INTERVAL` from `baseline` on, and sends what
/// moved (as `wrap` puts it for the event loop), until the screen stops
/// listening.
pub fn run<T>(
    repo: PathBuf,
    baseline: RefTips,
    me: Option<String>,
    events: Sender<T>,
    wrap: impl Fn(RefsMoved) -> T,
) {
    let Ok(store) = Store::open(Some(&repo)) else {
        return;
    };
    let mut last = baseline;
    loop {
        std::thread::sleep(INTERVAL);
        let Ok(now) = store.ref_tips() else {
            continue;
        };
        if now == last {
            continue;
        }
        let moved = changes(&store, &last, &now, me.as_deref());
        last = now;
        if events.send(wrap(moved)).is_err() {
            return;
        }
    }
}
