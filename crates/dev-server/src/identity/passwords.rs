//! Password hashing.
//!
//! **Argon2id**, not GoTrue's bcrypt: it is memory-hard (GPU and ASIC guessing costs memory,
//! not just time), it is OWASP's first recommendation, and it has no 72-byte input limit
//! (bcrypt silently ignores the rest of a longer password). Hashes are PHC strings
//! (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`), so the cost is stored with each hash
//! and can be raised later without breaking existing users.
//!
//! The default cost is OWASP's minimum for Argon2id (19 MiB, 2 iterations, 1 lane). Tests
//! use [`PasswordParams::fast_for_tests`] so a test suite does not spend minutes hashing.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use super::random::{random_bytes, RandomError};

/// Argon2id cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordParams {
    /// Memory in KiB (OWASP: 19456).
    pub memory_kib: u32,
    /// Passes over memory (OWASP: 2).
    pub iterations: u32,
    /// Lanes (OWASP: 1).
    pub parallelism: u32,
}

impl Default for PasswordParams {
    /// OWASP Password Storage Cheat Sheet: `m=19456 (19 MiB), t=2, p=1`.
    fn default() -> Self {
        Self {
            memory_kib: 19_456,
            iterations: 2,
            parallelism: 1,
        }
    }
}

impl PasswordParams {
    /// The cheapest cost Argon2 allows; for tests only.
    pub fn fast_for_tests() -> Self {
        Self {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        }
    }
}

/// Hashing failed.
#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    /// The cost parameters are out of Argon2's range.
    #[error("invalid Argon2 parameters: {0}")]
    Params(String),
    /// Hashing itself failed.
    #[error("cannot hash the password: {0}")]
    Hash(String),
    /// No randomness for the salt.
    #[error(transparent)]
    Random(#[from] RandomError),
}

/// Hashes and checks passwords with one set of parameters.
#[derive(Clone)]
pub struct PasswordHasherArgon {
    argon: Argon2<'static>,
    /// A real hash of a random password: checked when the user does not exist or has no
    /// password, so that answer takes as long as a wrong password.
    dummy: String,
}

impl std::fmt::Debug for PasswordHasherArgon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordHasherArgon")
            .finish_non_exhaustive()
    }
}

impl PasswordHasherArgon {
    /// A hasher with these parameters.
    pub fn new(params: PasswordParams) -> Result<Self, PasswordError> {
        let p = Params::new(
            params.memory_kib,
            params.iterations,
            params.parallelism,
            None,
        )
        .map_err(|e| PasswordError::Params(e.to_string()))?;
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, p);
        let mut hasher = Self {
            argon,
            dummy: String::new(),
        };
        let mut secret = [0u8; 16];
        random_bytes(&mut secret)?;
        hasher.dummy = hasher.hash(&base64_of(&secret))?;
        Ok(hasher)
    }

    /// A PHC string for `password` with a fresh 16-byte salt.
    pub fn hash(&self, password: &str) -> Result<String, PasswordError> {
        let mut salt = [0u8; 16];
        random_bytes(&mut salt)?;
        let salt = SaltString::encode_b64(&salt).map_err(|e| PasswordError::Hash(e.to_string()))?;
        self.argon
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| PasswordError::Hash(e.to_string()))
    }

    /// Whether `password` matches `stored`. With no stored hash a dummy hash is checked (and
    /// the answer is `false`), so timing does not tell whether the account exists. A stored
    /// hash that does not parse never matches.
    pub fn verify(&self, password: &str, stored: Option<&str>) -> bool {
        let (hash, real) = match stored {
            Some(h) => (h, true),
            None => (self.dummy.as_str(), false),
        };
        let Ok(parsed) = PasswordHash::new(hash) else {
            return false;
        };
        // Verify with the parameters stored in the hash (`Argon2::default()` reads them).
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        ok && real
    }
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hasher() -> PasswordHasherArgon {
        PasswordHasherArgon::new(PasswordParams::fast_for_tests()).unwrap()
    }

    #[test]
    fn right_password_matches_and_wrong_does_not() {
        let h = hasher();
        let stored = h.hash("correct horse").unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=64,t=1,p=1$"));
        assert!(h.verify("correct horse", Some(&stored)));
        assert!(!h.verify("correct horsE", Some(&stored)));
        assert!(!h.verify("", Some(&stored)));
    }

    #[test]
    fn same_password_gets_different_salts() {
        let h = hasher();
        assert_ne!(h.hash("pw").unwrap(), h.hash("pw").unwrap());
    }

    #[test]
    fn missing_or_garbage_hash_never_matches() {
        let h = hasher();
        assert!(!h.verify("anything", None));
        assert!(!h.verify("", None));
        assert!(!h.verify("pw", Some("not a phc string")));
        assert!(!h.verify("pw", Some("")));
    }

    #[test]
    fn hashes_made_with_other_costs_still_verify() {
        let strong = PasswordHasherArgon::new(PasswordParams {
            memory_kib: 256,
            iterations: 2,
            parallelism: 1,
        })
        .unwrap();
        let stored = strong.hash("pw").unwrap();
        assert!(hasher().verify("pw", Some(&stored)));
    }

    #[test]
    fn default_cost_is_owasps() {
        assert_eq!(
            PasswordParams::default(),
            PasswordParams {
                memory_kib: 19_456,
                iterations: 2,
                parallelism: 1
            }
        );
    }
}
