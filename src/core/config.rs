//! `duyet.yaml`: the departments, the people and the approval policy of a
//! repository. Read from `main`; see `docs/draft-format.md`.

use serde::{Deserialize, Serialize};

use super::load::{self, LoadError};

/// Where the file lives in the repository.
pub const CONFIG_PATH: &str = "duyet.yaml";

const MAX_CONFIG_BYTES: usize = 1024 * 1024;

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
    /// Reads and checks `duyet.yaml`; `file` names it in messages.
    pub fn load(file: &str, bytes: &[u8]) -> Result<Config, LoadError> {
        let src = load::decode(file, bytes, MAX_CONFIG_BYTES)?;
        let config: Config = load::parse_yaml(file, src)?;
        let mut problems = Vec::new();
        if config.schema != 1 {
            problems.push((
                load::locate(src, "schema:"),
                format!("schema {} is not supported; expected 1", config.schema),
            ));
        }
        for p in &config.people {
            if config.department(&p.department).is_none() {
                problems.push((
                    load::locate(src, &format!("department: {}", p.department)),
                    format!(
                        "person {} <{}> belongs to unknown department `{}`; add it under `departments:`",
                        p.name, p.email, p.department
                    ),
                ));
            }
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(LoadError {
                file: file.to_owned(),
                diagnostics: problems
                    .into_iter()
                    .map(|((line, column), message)| load::Diagnostic {
                        line,
                        column,
                        message,
                    })
                    .collect(),
            })
        }
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
