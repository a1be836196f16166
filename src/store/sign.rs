//! Signing the commits duyet writes the way `git commit -S` does with SSH
//! keys: when git's configuration asks for it (`commit.gpgSign = true`,
//! `gpg.format = ssh`, `user.signingKey` a key file or `key::<public key>`
//! held by an agent), the commit's bytes are signed by `ssh-keygen -Y sign
//! -n git` (or `gpg.ssh.program`), as git runs it, and the signature goes in
//! the commit's `gpgsig` header — so `git verify-commit` and `git log
//! --show-signature` check it. No cryptography is written here.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use git2::{Config, Repository};

use super::{Result, StoreError};

/// How this repository's commits are signed (`None` from `from_config`:
/// they are not).
#[derive(Debug, Clone)]
pub(super) struct Signer {
    program: String,
    key: Key,
}

#[derive(Debug, Clone)]
enum Key {
    /// A private key file, or a public key file whose private half an agent
    /// holds (`ssh-keygen` finds out which).
    File(PathBuf),
    /// `key::ssh-ed25519 AAAA…`: a public key whose private half an agent
    /// holds.
    Literal(String),
}

impl Signer {
    /// What git's configuration (the repository's, the user's, the
    /// system's) says about signing commits.
    pub(super) fn from_config(repo: &Repository) -> Result<Option<Signer>> {
        let config = repo.config()?;
        if !config.get_bool("commit.gpgSign").unwrap_or(false) {
            return Ok(None);
        }
        let format = string(&config, "gpg.format").unwrap_or_else(|| "openpgp".to_owned());
        if format != "ssh" {
            return Err(StoreError::SigningUnsupported { format });
        }
        let Some(key) = string(&config, "user.signingKey") else {
            return Err(StoreError::NoSigningKey);
        };
        let key = match key.strip_prefix("key::") {
            Some(literal) => Key::Literal(literal.trim().to_owned()),
            None => Key::File(expand_home(&key)),
        };
        let program = string(&config, "gpg.ssh.program").unwrap_or_else(|| "ssh-keygen".to_owned());
        Ok(Some(Signer { program, key }))
    }

    /// The armoured SSH signature of `payload` (namespace `git`).
    pub(super) fn sign(&self, payload: &[u8]) -> Result<String> {
        // An agent's key is named by its public half, in a file that lives
        // until the signature is made.
        let mut public_file = None;
        let (file, agent) = match &self.key {
            Key::File(path) => (path.clone(), false),
            Key::Literal(public) => {
                let mut f = tempfile::NamedTempFile::new()
                    .map_err(|e| self.failed(format!("a temporary file: {e}")))?;
                writeln!(f, "{public}").map_err(|e| self.failed(e.to_string()))?;
                let path = f.path().to_path_buf();
                public_file = Some(f);
                (path, true)
            }
        };
        let mut cmd = Command::new(&self.program);
        cmd.args(["-Y", "sign", "-n", "git", "-f"])
            .arg(&file)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if agent {
            cmd.arg("-U");
        }
        let mut child = cmd
            .spawn()
            .map_err(|e| self.failed(format!("{} could not be run: {e}", self.program)))?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(payload)
                .map_err(|e| self.failed(e.to_string()))?;
        }
        let out = child
            .wait_with_output()
            .map_err(|e| self.failed(e.to_string()))?;
        drop(public_file);
        let signature = String::from_utf8_lossy(&out.stdout).into_owned();
        if !out.status.success() || !signature.starts_with("-----BEGIN SSH SIGNATURE-----") {
            let said = String::from_utf8_lossy(&out.stderr);
            let said = said
                .lines()
                .filter(|l| !l.starts_with("Signing data on standard input"))
                .collect::<Vec<_>>()
                .join("; ");
            return Err(self.failed(said));
        }
        Ok(signature)
    }

    fn failed(&self, why: String) -> StoreError {
        StoreError::SigningFailed {
            key: match &self.key {
                Key::File(p) => p.display().to_string(),
                Key::Literal(k) => k.split_whitespace().take(2).collect::<Vec<_>>().join(" "),
            },
            why,
        }
    }
}

/// `commit` (as `commit::encode` writes it) with `signature` in a `gpgsig`
/// header after the committer line, where git puts it: each line of the
/// signature after the first is continued with one space.
pub(super) fn with_signature(commit: &[u8], signature: &str) -> Vec<u8> {
    let end = commit
        .windows(2)
        .position(|w| w == b"\n\n")
        .map_or(commit.len(), |i| i + 1);
    let mut header = String::from("gpgsig");
    for (i, line) in signature.trim_end().lines().enumerate() {
        header.push(if i == 0 { ' ' } else { '\n' });
        if i > 0 {
            header.push(' ');
        }
        header.push_str(line);
    }
    header.push('\n');
    let mut out = Vec::with_capacity(commit.len() + header.len());
    out.extend_from_slice(&commit[..end]);
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(&commit[end..]);
    out
}

fn string(config: &Config, key: &str) -> Option<String> {
    config.get_string(key).ok().filter(|s| !s.trim().is_empty())
}

/// `~/` at the start of a key path, as git expands it.
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_goes_after_the_committer_line_with_continued_lines() {
        let commit = b"tree 1\nauthor a <a> 1 +0000\ncommitter a <a> 1 +0000\n\nmessage\n\nbody\n";
        let signed = with_signature(commit, "-----BEGIN X-----\nabc\n-----END X-----\n");
        assert_eq!(
            String::from_utf8(signed).unwrap(),
            "tree 1\nauthor a <a> 1 +0000\ncommitter a <a> 1 +0000\n\
             gpgsig -----BEGIN X-----\n abc\n -----END X-----\n\nmessage\n\nbody\n"
        );
    }
}
