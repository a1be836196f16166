//! `duyet demo`: builds, from the drafts embedded in the binary, a repository
//! a newcomer can explore at once — `main` with the drafts and `duyet.yaml`,
//! and department branches whose revisions edit their sections the way
//! departments really do. Authors and dates are fixed, so the repository (and
//! every commit id) is the same each time.
//!
//! `mod.rs` builds the repository (and refuses to delete a folder that is
//! not a demo); `scenario.rs` says who edits what, when; `edit.rs` applies
//! one edit to a draft and fails loudly if the sample no longer fits it.

mod edit;
mod scenario;

use std::path::{Path, PathBuf};

pub use edit::{Edit, EditError};

use crate::core::config::CONFIG_PATH;
use crate::core::yaml::write_draft;
use crate::core::{Draft, Identity, Moment, load_draft};
use crate::store::{FileChange, MAIN_BRANCH, Store, StoreError};

/// The drafts shipped in the binary: (path in the demo repository, contents).
pub const SAMPLE_DRAFTS: &[(&str, &str)] = &[
    (
        "drafts/bao-cao-ubnd-tan-yen-2023.yaml",
        include_str!("../../drafts/bao-cao-ubnd-tan-yen-2023.yaml"),
    ),
    (
        "drafts/bao-cao-thang-11-2026.yaml",
        include_str!("../../drafts/bao-cao-thang-11-2026.yaml"),
    ),
];

/// The sample `duyet.yaml` (departments, people, approval policy).
pub const SAMPLE_CONFIG: &str = include_str!("../../drafts/duyet.yaml");

/// A marker file inside `.git` saying the repository was made by `duyet demo`
/// and may be rebuilt by it.
const MARKER: &str = "duyet-demo";

/// The UTC offset of every demo commit: Vietnam, UTC+7.
const VIETNAM: i32 = 7 * 60;

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("{} exists and is not a duyet demo repository", path.display())]
    NotEmpty { path: PathBuf },
    #[error("{} already holds a duyet demo (with its review records)", path.display())]
    Exists { path: PathBuf },
    #[error("cannot prepare {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the demo scenario does not fit the sample draft: {0}")]
    Scenario(#[from] EditError),
    #[error("the embedded sample is invalid: {0}")]
    Sample(#[from] crate::core::LoadError),
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// One revision on a department branch.
pub struct Step {
    /// Department id: the branch is `dept/<department>`.
    pub department: &'static str,
    /// E-mail of the author, a person of `duyet.yaml`.
    pub author: &'static str,
    /// Local date and time in Vietnam: (year, month, day, hour, minute).
    pub at: (i64, u32, u32, u32, u32),
    pub draft: &'static str,
    pub message: &'static str,
    pub edits: Vec<Edit>,
}

/// What `build` made, for the message printed to the user.
pub struct DemoSummary {
    pub path: PathBuf,
    pub branches: Vec<String>,
    pub revisions: usize,
}

/// Builds the demo repository in `dir`, a missing or empty folder (created if
/// missing). A demo made there before is kept (`DemoError::Exists`: people's
/// review records may be in it; `rebuild` replaces it); any other non-empty
/// folder is refused. The repository is built beside `dir` and renamed into
/// place, so a failure leaves nothing half-made.
pub fn build(dir: &Path) -> Result<DemoSummary, DemoError> {
    make(dir, false)
}

/// Like `build`, but a demo made in `dir` before is deleted and built again
/// (what `duyet demo --force` does). A non-empty folder that is not a demo is
/// still refused: the demo never deletes files it did not make.
pub fn rebuild(dir: &Path) -> Result<DemoSummary, DemoError> {
    make(dir, true)
}

fn make(dir: &Path, replace: bool) -> Result<DemoSummary, DemoError> {
    let found = folder(dir)?;
    match found {
        Folder::Free => {}
        Folder::Demo if replace => {}
        Folder::Demo => {
            return Err(DemoError::Exists {
                path: dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()),
            });
        }
        Folder::Other => {
            return Err(DemoError::NotEmpty {
                path: dir.to_path_buf(),
            });
        }
    }
    let name = dir
        .file_name()
        .map_or("duyet-demo".into(), |n| n.to_string_lossy().into_owned());
    let staging = dir.with_file_name(format!(".{name}.building-{}", std::process::id()));
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| DemoError::Io { path, source }
    };
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
    }
    std::fs::create_dir_all(&staging).map_err(io(&staging))?;
    let built = build_into(&staging);
    let summary = match built {
        Ok(s) => s,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    // Only what was checked above goes: an empty folder with `remove_dir`
    // (which fails if files appeared in it meanwhile), a demo as a whole.
    let cleared = match found {
        Folder::Free if dir.exists() => std::fs::remove_dir(dir),
        Folder::Demo => std::fs::remove_dir_all(dir),
        _ => Ok(()),
    };
    if let Err(source) = cleared {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(DemoError::Io {
            path: dir.to_path_buf(),
            source,
        });
    }
    std::fs::rename(&staging, dir).map_err(io(dir))?;
    Ok(DemoSummary {
        path: dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()),
        ..summary
    })
}

fn build_into(dir: &Path) -> Result<DemoSummary, DemoError> {
    let store = Store::init(dir)?;
    let config = crate::core::config::Config::load(CONFIG_PATH, SAMPLE_CONFIG.as_bytes())?;
    let person = |email: &str| -> Identity {
        config.person_by_email(email).map_or_else(
            || Identity {
                name: email.to_owned(),
                email: email.to_owned(),
            },
            |p| Identity {
                name: p.name.clone(),
                email: p.email.clone(),
            },
        )
    };

    let mut files: Vec<(&str, &[u8])> = vec![(CONFIG_PATH, SAMPLE_CONFIG.as_bytes())];
    files.extend(SAMPLE_DRAFTS.iter().map(|(p, c)| (*p, c.as_bytes())));
    let changes: Vec<FileChange<'_>> = files
        .iter()
        .map(|(path, contents)| FileChange { path, contents })
        .collect();
    let base = store.commit_files(
        MAIN_BRANCH,
        None,
        &changes,
        &person(scenario::OFFICE_AUTHOR),
        Some(local_time(scenario::START)),
        "Khởi tạo các dự thảo báo cáo và danh sách phòng ban\n\nVăn phòng tạo dự thảo chung; các phòng làm việc trên nhánh dept/<phòng>.\n",
    )?;

    let mut branches: Vec<String> = Vec::new();
    let mut tips: Vec<(String, crate::store::CommitId)> = Vec::new();
    let steps = scenario::steps();
    for step in &steps {
        let branch = format!("{}{}", crate::store::DEPT_PREFIX, step.department);
        let tip = match tips.iter().find(|(b, _)| *b == branch) {
            Some((_, tip)) => *tip,
            None => {
                store.create_branch(&branch, base)?;
                branches.push(branch.clone());
                base
            }
        };
        let source = store
            .read_file(tip, step.draft)?
            .ok_or_else(|| StoreError::NoSuchFile {
                path: step.draft.to_owned(),
                rev: branch.clone(),
            })?;
        let mut draft: Draft = load_draft(step.draft, &source)?;
        for edit in &step.edits {
            edit.apply(&mut draft)?;
        }
        let text = write_draft(&draft);
        // The edited draft must still be a valid draft.
        load_draft(step.draft, text.as_bytes())?;
        let id = store.commit_files(
            &branch,
            Some(tip),
            &[FileChange {
                path: step.draft,
                contents: text.as_bytes(),
            }],
            &person(step.author),
            Some(local_time(step.at)),
            step.message,
        )?;
        match tips.iter_mut().find(|(b, _)| *b == branch) {
            Some(entry) => entry.1 = id,
            None => tips.push((branch, id)),
        }
    }
    store.checkout_main()?;
    store.set_local_identity(&person(scenario::DEMO_USER))?;
    let marker = dir.join(".git").join(MARKER);
    std::fs::write(
        &marker,
        "made by `duyet demo`; `duyet demo --force` may delete and rebuild this repository\n",
    )
    .map_err(|source| DemoError::Io {
        path: marker,
        source,
    })?;
    Ok(DemoSummary {
        path: store.path().to_path_buf(),
        branches,
        revisions: steps.len() + 1,
    })
}

/// The folder `duyet demo` uses when none is given.
pub fn default_dir() -> PathBuf {
    std::env::temp_dir().join("duyet-demo")
}

/// What is at the folder `duyet demo` was given.
enum Folder {
    /// Nothing, or an empty folder: the demo may be built there.
    Free,
    /// A repository made by an earlier `duyet demo` (it has the marker).
    Demo,
    /// Someone's files.
    Other,
}

fn folder(dir: &Path) -> Result<Folder, DemoError> {
    let empty = match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_none(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
        Err(source) => {
            return Err(DemoError::Io {
                path: dir.to_path_buf(),
                source,
            });
        }
    };
    Ok(if empty {
        Folder::Free
    } else if dir.join(".git").join(MARKER).is_file() {
        Folder::Demo
    } else {
        Folder::Other
    })
}

/// A local time in Vietnam as a git moment.
fn local_time((y, m, d, h, min): (i64, u32, u32, u32, u32)) -> Moment {
    let days = days_from_civil(y, m, d);
    let local = days * 86_400 + i64::from(h) * 3600 + i64::from(min) * 60;
    Moment {
        seconds: local - i64::from(VIETNAM) * 60,
        offset_minutes: VIETNAM,
    }
}

/// Days since 1970-01-01 of a Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_time_round_trips_through_moment() {
        let m = local_time((2023, 12, 14, 9, 30));
        assert_eq!(m.display(), "14/12/2023 09:30");
    }

    #[test]
    fn samples_are_valid_and_canonical() {
        for (path, text) in SAMPLE_DRAFTS {
            let draft = load_draft(path, text.as_bytes()).unwrap();
            assert_eq!(
                &write_draft(&draft),
                text,
                "{path} is not in canonical form: run `duyet fmt {path}`"
            );
        }
    }
}
