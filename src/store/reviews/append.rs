//! Appending a record to `refs/duyet/reviews` with compare-and-swap, rebuilt
//! on the new tip and tried again when another writer moved it first.

use crate::core::review::REVIEWS_REF;
use crate::core::{Identity, Moment};
use crate::store::{CommitId, Result, Store, StoreError, Swap, signature};

/// How many times a record is re-parented onto a moved tip before giving up.
const MAX_ATTEMPTS: u32 = 1000;

impl Store {
    /// Appends one record (a commit with an empty tree whose message is
    /// `message`) to the records ref. The commit is built on the tip as read;
    /// the ref moves only if it is still there (compare-and-swap). If another
    /// writer moved it first, the commit is rebuilt on the new tip and the
    /// swap tried again, so no record is lost or written twice.
    ///
    /// Its parents are the tips of the union as read (`union_tips`): the
    /// local tip, or the remote's when there is no local ref yet, and any
    /// fetched records not in its history — then the record unites them, and
    /// comes after every record read, as it does on a plain local ref. The
    /// commit is written by duyet (`commit::encode`) from the parents' ids,
    /// so a tip libgit2 cannot parse (a malformed author) is built on too.
    pub fn append_record(
        &self,
        message: &str,
        who: &Identity,
        when: Option<Moment>,
    ) -> Result<CommitId> {
        let sig = signature(who, when)?;
        let tree = self.as_writer(|| Ok(self.repo.treebuilder(None)?.write()?))?;
        for attempt in 0..MAX_ATTEMPTS {
            let local = self.local_tip()?;
            let (tips, _) = self.review_tips_with(local.map(|(_, tip)| tip))?;
            let parents = self.union_tips(tips)?;
            let id = self.as_writer(|| self.write_commit(tree, &parents, &sig, message))?;
            let expected = local.map(|(named, _)| named);
            match self.swap_ref(REVIEWS_REF, expected, id, "duyet: review record")? {
                Swap::Done => return Ok(CommitId::from_git(id)),
                Swap::Moved => {
                    // Someone else wrote first; back off a little (spread by
                    // process id so writers do not retry in lockstep).
                    let spread = u64::from(std::process::id() % 7) + u64::from(attempt % 5);
                    std::thread::sleep(std::time::Duration::from_micros(200 * (1 + spread)));
                }
            }
        }
        Err(StoreError::Moved {
            refname: REVIEWS_REF.to_owned(),
        })
    }
}
