//! Comparing a draft between two revisions, as a reviewer reads it: by
//! default what the "to" side changed since it left the "from" side (git's
//! three-dot `A...B`, GitHub's pull-request view), or the two revisions as
//! they are (two-dot `A..B`).

use crate::core::{Draft, DraftDiff, diff_drafts};
use crate::store::{CommitId, Store, StoreError};

use super::{OpsError, Result};

/// Which comparison of two revisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Range {
    /// From the merge base of the two to the second: what the second side
    /// changed since it left the first. Merging one department into `main`
    /// never changes what another department appears to propose.
    #[default]
    SinceFork,
    /// The first revision as it is now against the second.
    Direct,
}

impl Range {
    /// Splits `A...B` (since the fork) or `A..B` (direct) into its revisions.
    pub fn parse(spec: &str) -> Option<(&str, &str, Range)> {
        let (a, b, range) = if let Some((a, b)) = spec.split_once("...") {
            (a, b, Range::SinceFork)
        } else {
            let (a, b) = spec.split_once("..")?;
            (a, b, Range::Direct)
        };
        // An empty side means HEAD, as in git.
        fn side(s: &str) -> &str {
            if s.is_empty() { "HEAD" } else { s }
        }
        Some((side(a), side(b), range))
    }
}

/// A draft compared between two revisions.
#[derive(Debug, Clone)]
pub struct Compared {
    pub old: Draft,
    pub new: Draft,
    pub diff: DraftDiff,
    /// The commit the old side was read from: the merge base when comparing
    /// since the fork.
    pub old_commit: CommitId,
    /// The commit the new side was read from.
    pub new_commit: CommitId,
}

/// Reads `draft` at `from` and `to` and compares them.
pub fn compare(store: &Store, draft: &str, from: &str, to: &str, range: Range) -> Result<Compared> {
    let from_id = store.resolve(from)?;
    let new_commit = store.resolve(to)?;
    let (old_commit, old_label) = match range {
        Range::Direct => (from_id, from.to_owned()),
        Range::SinceFork => {
            let base = super::merge::merge_base(store, draft, from_id, new_commit).map_err(
                |e| match e {
                    OpsError::Store(StoreError::Git(_)) => OpsError::NoCommonHistory {
                        from: from.to_owned(),
                        to: to.to_owned(),
                    },
                    other => other,
                },
            )?;
            (base, format!("{from}...{to}"))
        }
    };
    // Both sides parsed at once (`Store::read_drafts_at`).
    let [new, old]: [_; 2] = store
        .read_drafts_at(&[(new_commit, to), (old_commit, &old_label)], draft)
        .try_into()
        .expect("one answer per revision asked");
    let new = new?;
    let old = match (range, old) {
        // The department created the draft: every section is added.
        (Range::SinceFork, Err(StoreError::NoSuchFile { .. })) => empty_like(&new),
        (_, old) => old?,
    };
    let diff = diff_drafts(&old, &new);
    Ok(Compared {
        old,
        new,
        diff,
        old_commit,
        new_commit,
    })
}

/// `like` without sections or footnotes: the draft before it existed.
pub fn empty_like(like: &Draft) -> Draft {
    let mut d = like.clone();
    d.sections.clear();
    d.footnotes.clear();
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_parse_as_git_reads_them() {
        assert_eq!(
            Range::parse("main...dept/x"),
            Some(("main", "dept/x", Range::SinceFork))
        );
        assert_eq!(
            Range::parse("main..dept/x"),
            Some(("main", "dept/x", Range::Direct))
        );
        assert_eq!(
            Range::parse("...dept/x"),
            Some(("HEAD", "dept/x", Range::SinceFork))
        );
        assert_eq!(Range::parse("main"), None);
    }
}
