//! What can go wrong reading, signing or verifying a token.

use std::fmt;

/// The three dot-separated parts of a compact JWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// `{"alg":..}`.
    Header,
    /// The claims.
    Payload,
    /// The HMAC.
    Signature,
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Part::Header => "header",
            Part::Payload => "payload",
            Part::Signature => "signature",
        })
    }
}

/// A token was refused. Messages follow golang-jwt v4 where GoTrue shows them to clients
/// (a server answers `401 {"msg": "Invalid token: <this error>"}` like GoTrue does).
///
/// ```
/// use identity_core::jwt::JwtError;
/// let e = JwtError::Expired { exp: 100, now: 162 };
/// assert_eq!(e.to_string(), "token is expired by 1m2s");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    /// The token is the empty string.
    #[error("token is empty")]
    Empty,
    /// The token is longer than [`MAX_TOKEN_LEN`](super::MAX_TOKEN_LEN); it is not looked at.
    #[error("token is {len} bytes, more than the {max} allowed")]
    TooLong {
        /// Length of the refused token.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// Not three non-empty dot-separated parts (the signature may be empty only when unverified).
    #[error("token contains an invalid number of segments")]
    Malformed,
    /// A part is not unpadded base64url.
    #[error("token {0} is not valid base64url")]
    Base64(Part),
    /// A part decoded but is not the JSON expected (includes a missing or mistyped `exp`,
    /// `sub`, or an `aud` that is not a string).
    #[error("token {part} could not be read: {reason}")]
    Json {
        /// Which part.
        part: Part,
        /// What serde said.
        reason: String,
    },
    /// The header names an algorithm other than `HS256` (including `none`).
    #[error("signing method {0} is invalid")]
    Algorithm(String),
    /// The header lists `crit` extensions, which this verifier does not implement.
    #[error("token header has critical extensions")]
    CriticalHeader,
    /// The HMAC does not match (wrong secret or tampered token).
    #[error("signature is invalid")]
    Signature,
    /// `now` is at or past `exp`.
    #[error("token is expired by {}", go_duration(now.saturating_sub(*exp)))]
    Expired {
        /// The token's `exp`.
        exp: i64,
        /// The time it was checked at.
        now: i64,
    },
    /// `now` is before the token's `nbf`.
    #[error("token is not valid yet")]
    NotYetValid,
    /// `now` is before the token's `iat`.
    #[error("Token used before issued")]
    IssuedInFuture,
    /// An empty HMAC secret was given; nothing is signed or verified with it.
    #[error("the JWT secret is empty")]
    EmptySecret,
}

/// Formats whole seconds the way Go's `time.Duration.String` does (`0s`, `59s`, `1m2s`,
/// `1h0m5s`).
pub(crate) fn go_duration(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    let total = secs.unsigned_abs();
    let (h, m, s) = (total / 3600, total % 3600 / 60, total % 60);
    if h > 0 {
        format!("{sign}{h}h{m}m{s}s")
    } else if m > 0 {
        format!("{sign}{m}m{s}s")
    } else {
        format!("{sign}{s}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_go() {
        assert_eq!(go_duration(0), "0s");
        assert_eq!(go_duration(59), "59s");
        assert_eq!(go_duration(62), "1m2s");
        assert_eq!(go_duration(3605), "1h0m5s");
        assert_eq!(go_duration(-5), "-5s");
        assert_eq!(go_duration(i64::MIN), "-2562047788015215h30m8s");
    }
}
