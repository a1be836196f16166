//! Whether a commit is signed, and by which key: the SSH signature git
//! writes in a commit's `gpgsig` header (`git commit -S` with `gpg.format =
//! ssh`), checked as `git verify-commit` checks it — the namespace `git`,
//! the signature over the commit's bytes without that header. Which keys
//! may sign for whom is `core::policy`'s business; this only says what the
//! bytes prove. The cryptography is the `ssh-key` crate's.

use serde::{Deserialize, Serialize};
use ssh_key::{PublicKey, SshSig};

/// What a commit's signature proves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum Signed {
    /// No signature.
    #[default]
    #[serde(rename = "none")]
    No,
    /// A valid signature by this key (OpenSSH form, without comment:
    /// `ssh-ed25519 AAAA…`).
    #[serde(rename = "valid")]
    By { key: String },
    /// A signature that does not hold: why.
    Invalid { why: String },
}

/// The namespace git signs commits in.
const NAMESPACE: &str = "git";

/// Checks `armored` (`-----BEGIN SSH SIGNATURE-----…`) over `payload`.
pub fn verify(payload: &[u8], armored: &str) -> Signed {
    let invalid = |why: String| Signed::Invalid { why };
    let sig = match SshSig::from_pem(armored.trim()) {
        Ok(sig) => sig,
        Err(e) => return invalid(format!("the signature cannot be read ({e})")),
    };
    if sig.namespace() != NAMESPACE {
        return invalid(format!(
            "the signature is for `{}`, not for git commits",
            sig.namespace()
        ));
    }
    let key = PublicKey::new(sig.public_key().clone(), "");
    match key.verify(NAMESPACE, payload, &sig) {
        Ok(()) => Signed::By { key: openssh(&key) },
        Err(e) => invalid(format!("the signature does not match the commit ({e})")),
    }
}

/// A public key as `duyet.yaml` or `authorized_keys` gives it (a comment
/// after the key is allowed), in the form `Signed::By` names keys; `None`
/// if it is no public key.
pub fn normalise_key(line: &str) -> Option<String> {
    PublicKey::from_openssh(line.trim())
        .ok()
        .map(|k| openssh(&PublicKey::new(k.key_data().clone(), "")))
}

/// The key's SHA-256 fingerprint, as `ssh-keygen -l` prints it.
pub fn fingerprint(key: &str) -> String {
    PublicKey::from_openssh(key)
        .map(|k| k.fingerprint(Default::default()).to_string())
        .unwrap_or_else(|_| key.to_owned())
}

fn openssh(key: &PublicKey) -> String {
    key.to_openssh()
        .map(|s| s.trim().to_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_an_invalid_signature_not_a_panic() {
        for armored in [
            "",
            "-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----",
            "x",
        ] {
            assert!(matches!(verify(b"commit", armored), Signed::Invalid { .. }));
        }
        assert_eq!(normalise_key("ssh-ed25519 not-base64"), None);
    }
}
