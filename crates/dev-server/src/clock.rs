//! The wall clock, read in one place for the whole stack.
//!
//! The identity store keeps unix microseconds, JWTs carry unix seconds and the `/token`
//! limiter counts milliseconds; all three are this one reading, so a clock set before 1970
//! reads as the epoch and one past the representable range saturates, the same everywhere.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn since_epoch() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
}

/// Now, unix microseconds (the store's timestamps).
pub fn now_micros() -> i64 {
    i64::try_from(since_epoch().as_micros()).unwrap_or(i64::MAX)
}

/// Now, unix seconds (`exp` and `iat` of the tokens the stack signs and checks).
pub fn now_secs() -> i64 {
    i64::try_from(since_epoch().as_secs()).unwrap_or(i64::MAX)
}

/// Now, unix milliseconds (the `/token` limiter's windows).
pub fn now_millis() -> u64 {
    u64::try_from(since_epoch().as_millis()).unwrap_or(u64::MAX)
}

/// Seconds to microseconds, saturating (a configured lifetime against a stored timestamp).
///
/// ```
/// assert_eq!(dev_server::clock::secs_to_micros(2), 2_000_000);
/// assert_eq!(dev_server::clock::secs_to_micros(i64::MAX), i64::MAX);
/// ```
pub fn secs_to_micros(secs: i64) -> i64 {
    secs.saturating_mul(1_000_000)
}

/// Unix microseconds to whole seconds, rounding down (a stored timestamp as a JWT time).
///
/// ```
/// assert_eq!(dev_server::clock::micros_to_secs(1_999_999), 1);
/// assert_eq!(dev_server::clock::micros_to_secs(-1), -1);
/// ```
pub fn micros_to_secs(micros: i64) -> i64 {
    micros.div_euclid(1_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_readings_agree() {
        let secs = now_secs();
        let micros = now_micros();
        let millis = now_millis();
        assert!((micros_to_secs(micros) - secs).abs() <= 1);
        assert!((i64::try_from(millis / 1000).unwrap() - secs).abs() <= 1);
    }
}
