//! Expiry arithmetic. Time always comes in as a parameter (`now`, unix seconds).

use super::Claims;

/// How long before `exp` a client refreshes: gotrue-js's `ExpiryMargin` and the 60 s that
/// `@netlify/identity` uses.
pub const REFRESH_MARGIN_SECS: i64 = 60;

impl Claims {
    /// Whether the token is expired at `now`. Stricter than golang-jwt by one second: a token
    /// is expired from the second `exp` itself (RFC 7519 §4.1.4).
    ///
    /// ```
    /// # use identity_core::jwt::Claims;
    /// # let claims: Claims = serde_json::from_str(r#"{"exp":100,"sub":"u"}"#).unwrap();
    /// assert!(!claims.is_expired(99));
    /// assert!(claims.is_expired(100));
    /// ```
    pub fn is_expired(&self, now: i64) -> bool {
        self.expires_within(now, 0)
    }

    /// Whether the token expires within `window` seconds of `now` (or already has).
    /// `expires_within(now, REFRESH_MARGIN_SECS)` is the "refresh now" test.
    ///
    /// ```
    /// # use identity_core::jwt::{Claims, REFRESH_MARGIN_SECS};
    /// # let claims: Claims = serde_json::from_str(r#"{"exp":1000,"sub":"u"}"#).unwrap();
    /// assert!(!claims.expires_within(939, REFRESH_MARGIN_SECS));
    /// assert!(claims.expires_within(940, REFRESH_MARGIN_SECS));
    /// ```
    pub fn expires_within(&self, now: i64, window: i64) -> bool {
        self.exp <= now.saturating_add(window)
    }

    /// Seconds from `now` until `exp`; negative once expired.
    pub fn seconds_until_expiry(&self, now: i64) -> i64 {
        self.exp.saturating_sub(now)
    }

    /// Seconds to wait before refreshing so that `margin` seconds remain; `0` means refresh
    /// now. Consistent with [`Claims::expires_within`]: it is `0` exactly when
    /// `expires_within(now, margin)` holds.
    ///
    /// ```
    /// # use identity_core::jwt::Claims;
    /// # let claims: Claims = serde_json::from_str(r#"{"exp":3600,"sub":"u"}"#).unwrap();
    /// assert_eq!(claims.seconds_until_refresh(0, 60), 3540);
    /// assert_eq!(claims.seconds_until_refresh(4000, 60), 0);
    /// ```
    pub fn seconds_until_refresh(&self, now: i64, margin: i64) -> i64 {
        self.exp.saturating_sub(margin).saturating_sub(now).max(0)
    }

    /// `exp` in milliseconds: the `token.expires_at` gotrue-js stores.
    pub fn expires_at_millis(&self) -> i64 {
        self.exp.saturating_mul(1000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn claims(exp: i64) -> Claims {
        serde_json::from_value(serde_json::json!({"exp": exp, "sub": "u"})).unwrap()
    }

    #[test]
    fn expiry_is_at_the_exp_second() {
        let c = claims(1000);
        assert!(!c.is_expired(999));
        assert!(c.is_expired(1000));
        assert_eq!(c.seconds_until_expiry(1001), -1);
        assert_eq!(c.expires_at_millis(), 1_000_000);
    }

    #[test]
    fn extreme_values_saturate() {
        assert!(claims(i64::MIN).is_expired(0));
        assert!(!claims(i64::MAX).is_expired(i64::MAX - 1));
        assert_eq!(claims(i64::MAX).expires_at_millis(), i64::MAX);
        assert_eq!(claims(i64::MIN).seconds_until_refresh(i64::MAX, 60), 0);
    }

    proptest! {
        // A fixed seed: the suite runs the same cases every time (a failure reproduces);
        // PROPTEST_CASES sets how many (256 by default; `cargo xtask fuzz` runs more).
        #![proptest_config(ProptestConfig {
            rng_seed: proptest::test_runner::RngSeed::Fixed(15),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn refresh_wait_is_zero_exactly_when_expiring_within_margin(
            exp in -1_000_000i64..5_000_000_000,
            now in -1_000_000i64..5_000_000_000,
            margin in 0i64..86_400,
        ) {
            let c = claims(exp);
            prop_assert_eq!(c.seconds_until_refresh(now, margin) == 0, c.expires_within(now, margin));
        }
    }
}
