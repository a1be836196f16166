//! `duyet.yaml`: the departments, the people and the approval policy of a
//! repository. Read from `main`; see `docs/draft-format.md`.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::load::{self, LoadError};
use super::problem::{PersonProblem, Problem};
use super::{signature, text};

/// Where the file lives in the repository.
pub const CONFIG_PATH: &str = "duyet.yaml";

/// Larger files are refused before parsing.
pub const MAX_CONFIG_BYTES: usize = 1024 * 1024;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub schema: u32,
    #[serde(default)]
    pub departments: Vec<Department>,
    #[serde(default)]
    pub people: Vec<Person>,
    #[serde(default)]
    pub approval: ApprovalPolicy,
    /// Public keys of servers whose service account signs on behalf of the
    /// person its forced SSH command pins (`docs/ssh.md`): a record signed
    /// by one counts as signed by the person it names.
    #[serde(default)]
    pub server_keys: Vec<String>,
    /// What `duyet check` looks for besides its own lists.
    #[serde(default)]
    pub lint: LintConfig,
}

/// `lint:` in `duyet.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintConfig {
    /// A misspelling, or a term the office writes another way → the
    /// spelling to use (compared without case, whole words).
    #[serde(default)]
    pub misspellings: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Department {
    pub id: String,
    pub name: String,
    /// A short code shown where space is tight ("TC-KH").
    #[serde(default)]
    pub short: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    pub email: String,
    pub department: String,
    #[serde(default)]
    pub roles: Vec<Role>,
    /// The person's SSH public keys (`ssh-ed25519 AAAA… comment`): the keys
    /// that may sign their records.
    #[serde(default)]
    pub keys: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Drafter,
    Reviewer,
    Office,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovalPolicy {
    #[serde(default)]
    pub required: Vec<Requirement>,
    /// Decisions count only when signed by a key of their author (or of a
    /// server, `server_keys`); any record signed by another key does not.
    #[serde(default)]
    pub require_signed: bool,
}

impl Requirement {
    /// As written in `duyet.yaml`.
    pub fn name(self) -> &'static str {
        match self {
            Requirement::OwnerReviewer => "owner-reviewer",
            Requirement::Office => "office",
        }
    }
}

/// One approval a section needs before it counts as approved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Requirement {
    /// A reviewer of the section's owner department.
    OwnerReviewer,
    /// Someone with the office role.
    Office,
}

impl Config {
    /// Reads and checks `duyet.yaml`; `file` names it in messages. Refused:
    /// what would make who-may-do-what ambiguous or wrong — a department id
    /// or an e-mail listed twice (e-mails compared without case), a person
    /// of an unknown department, a name or e-mail that is not a plausible
    /// identity. Every check is linear in the file.
    pub fn load(file: &str, bytes: &[u8]) -> Result<Config, LoadError> {
        let (config, problems) = Config::read(file, bytes)?;
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems.into_error(file))
        }
    }

    /// `load` and what `duyet check` adds: an approval policy that can be
    /// met (a non-empty `approval.required`, each requirement once). Without
    /// one nothing is ever approved, which reading still allows.
    pub fn check(file: &str, bytes: &[u8]) -> Result<Config, LoadError> {
        let (config, mut problems) = Config::read(file, bytes)?;
        let src = load::decode(file, bytes, MAX_CONFIG_BYTES)?;
        let at = ConfigIndex::new(src);
        let required = &config.approval.required;
        if required.is_empty() {
            problems.push(
                at.key("approval").or(at.key("required")).unwrap_or((1, 1)),
                Problem::NoApprovalRequired,
            );
        }
        let mut seen = HashSet::new();
        for r in required {
            if !seen.insert(r) {
                problems.push(
                    at.key("required").unwrap_or((1, 1)),
                    Problem::RequirementTwice {
                        requirement: r.name(),
                    },
                );
            }
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems.into_error(file))
        }
    }

    fn read(file: &str, bytes: &[u8]) -> Result<(Config, load::Problems), LoadError> {
        let src = load::decode(file, bytes, MAX_CONFIG_BYTES)?;
        let mut config: Config = load::parse_yaml(file, src)?;
        let at = ConfigIndex::new(src);
        let mut problems = load::Problems::default();
        if config.schema != 1 {
            problems.push(
                at.key("schema").unwrap_or((1, 1)),
                Problem::ConfigSchema {
                    found: config.schema,
                    supported: 1,
                },
            );
        }
        let mut departments: HashMap<&str, (usize, usize)> = HashMap::new();
        for d in &config.departments {
            let pos = at.nth("id", &d.id).unwrap_or((1, 1));
            if !text::is_valid_id(&d.id) {
                problems.push(pos, Problem::BadDepartmentId { id: d.id.clone() });
            }
            if let Some(first) = departments.get(d.id.as_str()) {
                problems.push(
                    pos,
                    Problem::DuplicateDepartmentId {
                        id: d.id.clone(),
                        first_line: first.0,
                    },
                );
            } else {
                departments.insert(&d.id, pos);
            }
        }
        let mut emails: HashMap<String, (usize, usize)> = HashMap::new();
        for p in &config.people {
            // The person's lines; a value written with escapes is not found
            // as written, so each falls back on another of the person's.
            let email_at = at.nth("email", &p.email.to_lowercase());
            let name_at = at.nth("name", &p.name);
            let department_at = at.nth("department", &p.department);
            let anywhere = name_at.or(email_at).or(department_at).unwrap_or((1, 1));
            let email_at = email_at.unwrap_or(anywhere);
            if let Some(why) = identity_problem(&p.name, &p.email) {
                let pos = match why {
                    PersonProblem::NameEmpty | PersonProblem::NameCharacter => {
                        name_at.unwrap_or(email_at)
                    }
                    PersonProblem::EmailForm => email_at,
                };
                problems.push(
                    pos,
                    Problem::BadPerson {
                        name: p.name.clone(),
                        email: p.email.clone(),
                        why,
                    },
                );
            }
            match emails.get(&p.email.to_lowercase()) {
                Some(first) => problems.push(
                    email_at,
                    Problem::DuplicateEmail {
                        email: p.email.clone(),
                        first_line: first.0,
                    },
                ),
                None => {
                    emails.insert(p.email.to_lowercase(), email_at);
                }
            }
            let department_at = department_at.unwrap_or(anywhere);
            if !departments.contains_key(p.department.as_str()) {
                problems.push(
                    department_at,
                    Problem::UnknownDepartment {
                        name: p.name.clone(),
                        email: p.email.clone(),
                        department: p.department.clone(),
                    },
                );
            }
        }
        // Keys are kept in the form `Signed::By` names them (no comment), so
        // matching a record's key is a comparison of strings.
        let key_lines: Vec<&mut String> = config
            .people
            .iter_mut()
            .flat_map(|p| p.keys.iter_mut())
            .chain(config.server_keys.iter_mut())
            .collect();
        for key in key_lines {
            match signature::normalise_key(key) {
                Some(bare) => *key = bare,
                None => {
                    let start: String = key
                        .split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .chars()
                        .take(40)
                        .collect();
                    problems.push(load::locate(src, key.trim()), Problem::NotSshKey { start });
                }
            }
        }
        Ok((config, problems))
    }

    /// Whether `key` (as `Signed::By` names it) may sign the records of
    /// `person`: one of theirs, or a server's (both kept in that form).
    pub fn may_sign_for(&self, person: &Person, key: &str) -> bool {
        person
            .keys
            .iter()
            .chain(&self.server_keys)
            .any(|k| k == key)
    }

    pub fn department(&self, id: &str) -> Option<&Department> {
        self.departments.iter().find(|d| d.id == id)
    }

    /// The person with this e-mail address (compared without case).
    pub fn person_by_email(&self, email: &str) -> Option<&Person> {
        self.people
            .iter()
            .find(|p| p.email.eq_ignore_ascii_case(email))
    }

    /// A department's display name, or its id when unknown.
    pub fn department_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.department(id).map_or(id, |d| d.name.as_str())
    }

    /// A department's short code, or its id when unknown or without one.
    pub fn department_short<'a>(&'a self, id: &'a str) -> &'a str {
        match self.department(id) {
            Some(d) if !d.short.is_empty() => &d.short,
            _ => id,
        }
    }
}

/// Why a name and e-mail are not a plausible identity, if they are not.
/// (Names and e-mails travel into commit trailers and onto the screen.)
fn identity_problem(name: &str, email: &str) -> Option<PersonProblem> {
    let bad_char = |c: char| c.is_control() || matches!(c, '<' | '>');
    if name.trim().is_empty() {
        return Some(PersonProblem::NameEmpty);
    }
    if name.chars().any(bad_char) {
        return Some(PersonProblem::NameCharacter);
    }
    let plausible = email.len() <= 254
        && !email.chars().any(|c| bad_char(c) || c.is_whitespace())
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
        });
    (!plausible).then_some(PersonProblem::EmailForm)
}

/// Where keys and values are in `duyet.yaml`, by a line scan (`key: value`,
/// optionally after `- `), for messages about problems found after parsing.
struct ConfigIndex<'a> {
    /// (key, value) → positions, in file order; e-mail values lowercased.
    lines: HashMap<(&'a str, String), Vec<(usize, usize)>>,
    /// How many of each (key, value) `nth` has handed out.
    taken: RefCell<HashMap<(&'a str, String), usize>>,
}

impl<'a> ConfigIndex<'a> {
    fn new(src: &'a str) -> Self {
        let mut lines: HashMap<(&str, String), Vec<(usize, usize)>> = HashMap::new();
        for (i, line) in src.lines().enumerate() {
            let trimmed = line.trim_start();
            let after_dash = trimmed.strip_prefix("- ").map_or(trimmed, str::trim_start);
            let column = line.len() - after_dash.len() + 1;
            let Some((key, value)) = after_dash.split_once(':') else {
                continue;
            };
            let key = key.trim_matches(['"', '\'']);
            if !key.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                continue;
            }
            let value = value.split(" #").next().unwrap_or("").trim();
            let value = value.trim_matches(['"', '\'']);
            let value = if key == "email" {
                value.to_lowercase()
            } else {
                value.to_owned()
            };
            lines.entry((key, value)).or_default().push((i + 1, column));
        }
        ConfigIndex {
            lines,
            taken: RefCell::default(),
        }
    }

    /// The position of the next `key: value` line not handed out yet (the
    /// last one when all were).
    fn nth(&self, key: &'a str, value: &str) -> Option<(usize, usize)> {
        let slot = (key, value.to_owned());
        let found = self.lines.get(&slot)?;
        let mut taken = self.taken.borrow_mut();
        let n = taken.entry(slot).or_default();
        let pos = found.get(*n).or(found.last()).copied();
        *n += 1;
        pos
    }

    /// The first line where `key:` starts (any value).
    fn key(&self, key: &str) -> Option<(usize, usize)> {
        self.lines
            .iter()
            .filter(|((k, _), _)| *k == key)
            .filter_map(|(_, found)| found.first())
            .min()
            .copied()
    }
}
