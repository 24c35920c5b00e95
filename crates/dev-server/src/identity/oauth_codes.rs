//! The fake provider's authorization codes are single-use, as a real provider's are.
//!
//! A code is a five-minute HS256 token (see [`super::consent`]); without a record of the
//! ones redeemed, whoever saw a `/callback?code=..` URL (history, logs, a shoulder) could
//! sign in with it again until it expires. Redeemed code ids are kept in memory until their
//! expiry, and the signing key includes a salt drawn at start, so a restart (which forgets
//! the record) also invalidates every code issued before it.

use std::collections::HashMap;
use std::sync::Mutex;

use super::random::{random_bytes, RandomError};

/// The record of redeemed codes and this process's code-key salt.
pub struct OAuthCodes {
    salt: [u8; 16],
    /// Code id → its `exp` (seconds).
    redeemed: Mutex<HashMap<String, i64>>,
}

impl OAuthCodes {
    /// A fresh salt, nothing redeemed.
    pub fn new() -> Result<Self, RandomError> {
        let mut salt = [0u8; 16];
        random_bytes(&mut salt)?;
        Ok(Self {
            salt,
            redeemed: Mutex::new(HashMap::new()),
        })
    }

    /// The HMAC key of codes: `base` (the JWT secret with a purpose suffix) plus the salt.
    pub fn key(&self, base: &[u8]) -> Vec<u8> {
        let mut key = base.to_vec();
        key.push(b'/');
        key.extend_from_slice(&self.salt);
        key
    }

    /// Records the code `id` (valid until `exp`) as redeemed; `false` when it already was.
    /// Expired records are dropped on the way (their codes fail the signature check anyway).
    pub fn redeem(&self, id: &str, exp: i64, now: i64) -> bool {
        let Ok(mut redeemed) = self.redeemed.lock() else {
            // A poisoned lock: refuse rather than risk a second use.
            return false;
        };
        redeemed.retain(|_, until| *until >= now);
        redeemed.insert(id.to_owned(), exp).is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_redeemed_once() {
        let codes = OAuthCodes::new().unwrap();
        assert!(codes.redeem("a", 100, 0));
        assert!(!codes.redeem("a", 100, 50));
        assert!(codes.redeem("b", 100, 50));
    }

    #[test]
    fn expired_records_are_dropped() {
        let codes = OAuthCodes::new().unwrap();
        assert!(codes.redeem("a", 10, 0));
        assert!(codes.redeem("b", 100, 11));
        assert_eq!(codes.redeemed.lock().unwrap().len(), 1);
    }

    #[test]
    fn each_process_signs_with_its_own_key() {
        let (a, b) = (OAuthCodes::new().unwrap(), OAuthCodes::new().unwrap());
        assert_ne!(a.key(b"k"), b.key(b"k"));
    }
}
