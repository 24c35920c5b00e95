//! GoTrue access tokens: the claim set, unverified decoding and expiry maths for the browser,
//! and (feature `sign`) HS256 signing and strict verification for servers.
//!
//! ```
//! use identity_core::jwt::{decode_unverified, REFRESH_MARGIN_SECS};
//! # let token = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE3NjcyMjU2MDAsInN1YiI6InUxIn0.sig";
//! # let now = 1_767_222_000;
//! let claims = decode_unverified(token)?;
//! let wait = claims.seconds_until_refresh(now, REFRESH_MARGIN_SECS);
//! assert_eq!(wait, 3540);
//! # Ok::<(), identity_core::jwt::JwtError>(())
//! ```

mod claims;
mod decode;
mod error;
mod expiry;
#[cfg(feature = "sign")]
mod verify;

pub use claims::{Claims, SystemClaims, SYSTEM_SUBJECT, SYSTEM_SUBJECT_UUID};
pub use decode::decode_unverified;
pub use error::{JwtError, Part};
pub use expiry::REFRESH_MARGIN_SECS;
#[cfg(feature = "sign")]
pub use verify::{encode, verify};

/// The only algorithm GoTrue issues and accepts.
pub const ALGORITHM: &str = "HS256";

/// The `kid` GoTrue has put in its header since 2026-02. Verification does not require it.
pub const KEY_ID: &str = "nf-ident";

/// The exact header GoTrue writes, byte for byte.
pub const HEADER_JSON: &str = r#"{"alg":"HS256","kid":"nf-ident","typ":"JWT"}"#;

/// Longest token accepted or issued, in bytes. A GoTrue token with ordinary metadata is well
/// under 1 KiB; the cap keeps hostile input from costing decode and HMAC time, and stays under
/// common 8 KiB header limits of proxies.
pub const MAX_TOKEN_LEN: usize = 8 * 1024;
