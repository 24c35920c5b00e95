//! The decisions of a client's session keeper, as plain functions over plain
//! data: when to refresh, what a failed refresh means, and what another tab's
//! copy of the session means for ours. The browser widget moves data between
//! the world and these functions; they are tested here, on the host.

use crate::wire::{ApiError, StoredSession, StoredToken};

/// Refresh this long before the access token expires (gotrue-js uses 60 s).
pub const REFRESH_MARGIN_SECS: i64 = crate::jwt::REFRESH_MARGIN_SECS;

/// Milliseconds from `now_ms` until the token should be refreshed so that
/// `margin_secs` remain; `0` means now.
///
/// ```
/// use identity_core::keeper::refresh_delay_ms;
/// use identity_core::wire::StoredToken;
/// let token = StoredToken { access_token: "x".into(), token_type: "bearer".into(),
///     expires_in: 3600, refresh_token: "r".into(), expires_at: Some(3_600_000) };
/// assert_eq!(refresh_delay_ms(&token, 0, 60), 3_540_000);
/// assert_eq!(refresh_delay_ms(&token, 3_600_000, 60), 0);
/// ```
pub fn refresh_delay_ms(token: &StoredToken, now_ms: i64, margin_secs: i64) -> u64 {
    let Some(expires_at) = token.expires_at_millis() else {
        return 0;
    };
    let due = expires_at.saturating_sub(margin_secs.saturating_mul(1000));
    u64::try_from(due.saturating_sub(now_ms)).unwrap_or(0)
}

/// How long to wait before trying a refresh again after the `attempt`-th
/// transient failure (1-based): 1 s, 2 s, 4 s … capped at 60 s.
///
/// ```
/// use identity_core::keeper::retry_delay_ms;
/// assert_eq!(retry_delay_ms(1), 1_000);
/// assert_eq!(retry_delay_ms(3), 4_000);
/// assert_eq!(retry_delay_ms(30), 60_000);
/// ```
pub fn retry_delay_ms(attempt: u32) -> u64 {
    let exponent = attempt.saturating_sub(1).min(16);
    (1_000u64 << exponent).min(60_000)
}

/// Why a refresh did not produce a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshFailure {
    /// The server refused the refresh token (`invalid_grant`): the session is
    /// over, on every tab.
    Rejected,
    /// Anything else — no network, a timeout, a 5xx, a rate limit: keep the
    /// session and try again later. A user is never logged out for these.
    Transient,
}

/// Classifies a failed refresh. `None` means no HTTP answer at all.
///
/// ```
/// use identity_core::keeper::{classify_refresh_failure, RefreshFailure};
/// use identity_core::wire::ApiError;
/// let refused = ApiError::from_response(400,
///     r#"{"error":"invalid_grant","error_description":"Invalid Refresh Token"}"#);
/// assert_eq!(classify_refresh_failure(Some(&refused)), RefreshFailure::Rejected);
/// assert_eq!(classify_refresh_failure(None), RefreshFailure::Transient);
/// ```
pub fn classify_refresh_failure(error: Option<&ApiError>) -> RefreshFailure {
    match error {
        Some(error) if error.is_invalid_grant() => RefreshFailure::Rejected,
        _ => RefreshFailure::Transient,
    }
}

/// What the identity API's answer to `GET /user` means for a session restored from storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionCheck {
    /// The user is there (or the answer says nothing about them): keep the session.
    Keep,
    /// The user is gone or the token is refused: end the session now, not at the next refresh.
    End,
}

/// Decides on the answer to the `GET /user` a client sends for a restored session (as
/// netlify-identity-widget 2 does on init). `None` means no HTTP answer: offline keeps the
/// session, as does a server error; 401 (token refused), 403 and 404 (user deleted) end it.
///
/// ```
/// use identity_core::keeper::{check_restored_session, SessionCheck};
/// assert_eq!(check_restored_session(Some(404)), SessionCheck::End);
/// assert_eq!(check_restored_session(None), SessionCheck::Keep);
/// assert_eq!(check_restored_session(Some(503)), SessionCheck::Keep);
/// ```
pub fn check_restored_session(status: Option<u16>) -> SessionCheck {
    match status {
        Some(401 | 403 | 404) => SessionCheck::End,
        _ => SessionCheck::Keep,
    }
}

/// What the session in shared storage means for this tab's copy.
#[derive(Debug, Clone, PartialEq)]
pub enum Reconcile {
    /// Nothing changed that this tab needs to know.
    Unchanged,
    /// Another tab logged in, refreshed or updated the user: take its copy.
    Adopt(Box<StoredSession>),
    /// Another tab logged out.
    LoggedOut,
}

/// Compares this tab's session with the one in shared storage (after a
/// `storage` event, or inside the refresh lock).
pub fn reconcile(ours: Option<&StoredSession>, stored: Option<&StoredSession>) -> Reconcile {
    match (ours, stored) {
        (_, None) if ours.is_some() => Reconcile::LoggedOut,
        (_, None) => Reconcile::Unchanged,
        (Some(ours), Some(stored)) if ours == stored => Reconcile::Unchanged,
        (_, Some(stored)) => Reconcile::Adopt(Box::new(stored.clone())),
    }
}

/// Inside the cross-tab refresh lock: whether this tab must still refresh.
#[derive(Debug, Clone, PartialEq)]
pub enum LockedRefresh {
    /// Nobody refreshed yet: spend this refresh token.
    Refresh(String),
    /// Another tab refreshed while we waited for the lock: use its token and
    /// do not spend the (now revoked) one we hold.
    Adopt(Box<StoredSession>),
    /// Another tab logged out meanwhile.
    LoggedOut,
}

/// Decides, holding the lock, from what shared storage holds now.
///
/// `held` is the refresh token this tab wanted to spend. If storage holds a
/// different session that is still fresh, another tab got there first.
pub fn refresh_under_lock(
    held: &str,
    stored: Option<&StoredSession>,
    now_ms: i64,
    margin_secs: i64,
) -> LockedRefresh {
    match stored {
        None => LockedRefresh::LoggedOut,
        Some(stored) if stored.token.refresh_token != held => {
            if refresh_delay_ms(&stored.token, now_ms, margin_secs) > 0 {
                LockedRefresh::Adopt(Box::new(stored.clone()))
            } else {
                LockedRefresh::Refresh(stored.token.refresh_token.clone())
            }
        }
        Some(_) => LockedRefresh::Refresh(held.to_owned()),
    }
}

/// What the page's cookies mean for the session this browser stores (see
/// [`StoredSession::from_cookies`] and [`StoredSession::with_cookie_tokens`]).
#[derive(Debug, Clone, PartialEq)]
pub enum CookieSession {
    /// Nothing to take from them.
    Keep,
    /// A server left a session and the browser stores none: take it up (what
    /// `@netlify/identity`'s `hydrateSession()` does).
    Adopt(Box<StoredSession>),
    /// A server refreshed the stored session: the cookies hold its later tokens.
    Newer(Box<StoredSession>),
}

/// Compares the stored session with the tokens in the page's `nf_jwt` and `nf_refresh`
/// cookies (`cookies`, as [`crate::visitor::cookie_session`] reads them); `url` is the
/// identity API's, `now` unix seconds.
///
/// ```
/// use identity_core::keeper::{cookie_session, CookieSession};
/// let access = "h.eyJleHAiOjM3MDAsInN1YiI6InUxIn0.s"; // exp 3700, sub u1
/// assert!(matches!(cookie_session(None, Some((access, "r1")), "/i", 100), CookieSession::Adopt(_)));
/// assert_eq!(cookie_session(None, None, "/i", 100), CookieSession::Keep);
/// assert_eq!(cookie_session(None, Some(("junk", "r1")), "/i", 100), CookieSession::Keep);
/// ```
pub fn cookie_session(
    stored: Option<&StoredSession>,
    cookies: Option<(&str, &str)>,
    url: &str,
    now: i64,
) -> CookieSession {
    let Some((access, refresh)) = cookies else {
        return CookieSession::Keep;
    };
    match stored {
        None => StoredSession::from_cookies(url, access, refresh, now)
            .map_or(CookieSession::Keep, |s| CookieSession::Adopt(Box::new(s))),
        Some(stored) => {
            let next = stored.clone().with_cookie_tokens(access, refresh);
            if next == *stored {
                CookieSession::Keep
            } else {
                CookieSession::Newer(Box::new(next))
            }
        }
    }
}

/// A change of session, as the widget's events name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A user is now logged in where nobody was.
    Login,
    /// Nobody is logged in any more.
    Logout,
    /// Same user, new access token.
    TokenRefresh,
    /// Same user, changed fields or metadata.
    UserUpdated,
}

/// The events a move from `before` to `after` fires, in order.
///
/// ```
/// use identity_core::keeper::{changes, Change};
/// assert_eq!(changes(None, None), vec![]);
/// ```
pub fn changes(before: Option<&StoredSession>, after: Option<&StoredSession>) -> Vec<Change> {
    match (before, after) {
        (None, None) => vec![],
        (None, Some(_)) => vec![Change::Login],
        (Some(_), None) => vec![Change::Logout],
        (Some(before), Some(after)) if before.user.id != after.user.id => {
            vec![Change::Logout, Change::Login]
        }
        (Some(before), Some(after)) => {
            let mut out = Vec::new();
            if before.token.access_token != after.token.access_token {
                out.push(Change::TokenRefresh);
            }
            if before.user != after.user {
                out.push(Change::UserUpdated);
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn session(user: &str, access: &str, refresh: &str, expires_at_ms: i64) -> StoredSession {
        serde_json::from_value(json!({
            "url": "/.netlify/identity", "audience": "",
            "token": {"access_token": access, "token_type": "bearer", "expires_in": 3600,
                      "refresh_token": refresh, "expires_at": expires_at_ms},
            "id": user, "aud": "", "role": "", "email": format!("{user}@example.com"),
            "app_metadata": {"provider": "email"}, "user_metadata": {},
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"
        }))
        .unwrap()
    }

    /// A JWT (unsigned: only its claims are read) for `sub`, expiring at `exp`.
    fn jwt(sub: &str, exp: i64) -> String {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        use base64::Engine;
        let claims = json!({"exp": exp, "sub": sub, "email": format!("{sub}@example.com")});
        format!("h.{}.s", URL_SAFE_NO_PAD.encode(claims.to_string()))
    }

    #[test]
    fn a_server_refresh_in_the_cookies_is_adopted_and_the_spent_token_never_sent() {
        let ours = session("u", &jwt("u", 3700), "r1", 3_700_000);
        // A server (@netlify/identity's refreshSession) spent r1 and left r2 in the cookies.
        let cookies = (jwt("u", 7300), "r2".to_owned());
        let cookies = Some((cookies.0.as_str(), cookies.1.as_str()));
        let CookieSession::Newer(next) = cookie_session(Some(&ours), cookies, "/i", 3650) else {
            panic!("later tokens of the same user are newer");
        };
        assert_eq!(next.token.refresh_token, "r2");
        assert_eq!(next.user.email, ours.user.email);
        // Held under the lock, the widget adopts them instead of spending r1.
        match refresh_under_lock("r1", Some(&next), 3_650_000, 60) {
            LockedRefresh::Adopt(adopted) => assert_eq!(adopted.token.refresh_token, "r2"),
            other => panic!("{other:?}"),
        }
        // When they are due too, it spends the server's r2, never r1.
        assert_eq!(
            refresh_under_lock("r1", Some(&next), 7_250_000, 60),
            LockedRefresh::Refresh("r2".into())
        );
    }

    #[test]
    fn cookies_of_another_user_or_an_older_pair_are_kept_out() {
        let ours = session("u", &jwt("u", 3700), "r1", 3_700_000);
        for (access, refresh) in [
            (jwt("mallory", 7300), "r2"),
            (jwt("u", 100), "r0"),
            (jwt("u", 3700), "r1"),
            ("junk".to_owned(), "r2"),
        ] {
            assert_eq!(
                cookie_session(Some(&ours), Some((&access, refresh)), "/i", 3650),
                CookieSession::Keep,
                "{access} {refresh}"
            );
        }
        let CookieSession::Adopt(found) =
            cookie_session(None, Some((&jwt("u", 3700), "r1")), "/i", 100)
        else {
            panic!("a session in the cookies is taken up when none is stored");
        };
        assert_eq!((found.user.id.as_str(), found.url.as_str()), ("u", "/i"));
    }

    #[test]
    fn refresh_is_due_a_margin_before_expiry() {
        let s = session("u", "a", "r", 100_000);
        assert_eq!(refresh_delay_ms(&s.token, 0, 60), 40_000);
        assert_eq!(refresh_delay_ms(&s.token, 39_999, 60), 1);
        assert_eq!(refresh_delay_ms(&s.token, 40_000, 60), 0);
        assert_eq!(refresh_delay_ms(&s.token, 500_000, 60), 0);
    }

    #[test]
    fn unreadable_expiry_means_refresh_now() {
        let mut s = session("u", "not-a-jwt", "r", 0);
        s.token.expires_at = None;
        assert_eq!(refresh_delay_ms(&s.token, 0, 60), 0);
    }

    #[test]
    fn only_invalid_grant_ends_a_session() {
        let refused = ApiError::from_response(
            400,
            r#"{"error":"invalid_grant","error_description":"Invalid Refresh Token"}"#,
        );
        assert_eq!(
            classify_refresh_failure(Some(&refused)),
            RefreshFailure::Rejected
        );
        for (status, body) in [
            (500, r#"{"code":500,"msg":"boom"}"#),
            (502, "Bad gateway"),
            (429, r#"{"code":429,"msg":"Rate limit exceeded"}"#),
            (
                400,
                r#"{"error":"invalid_request","error_description":"x"}"#,
            ),
        ] {
            let error = ApiError::from_response(status, body);
            assert_eq!(
                classify_refresh_failure(Some(&error)),
                RefreshFailure::Transient,
                "{status} {body}"
            );
        }
        assert_eq!(classify_refresh_failure(None), RefreshFailure::Transient);
    }

    #[test]
    fn retries_back_off_to_a_minute() {
        let delays: Vec<u64> = (1..=8).map(retry_delay_ms).collect();
        assert_eq!(
            delays,
            [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]
        );
        assert_eq!(retry_delay_ms(0), 1_000);
        assert_eq!(retry_delay_ms(u32::MAX), 60_000);
    }

    #[test]
    fn reconcile_follows_other_tabs() {
        let a = session("u", "a1", "r1", 100_000);
        let b = session("u", "a2", "r2", 200_000);
        assert_eq!(reconcile(None, None), Reconcile::Unchanged);
        assert_eq!(reconcile(Some(&a), Some(&a)), Reconcile::Unchanged);
        assert_eq!(reconcile(Some(&a), None), Reconcile::LoggedOut);
        assert_eq!(
            reconcile(None, Some(&a)),
            Reconcile::Adopt(Box::new(a.clone()))
        );
        assert_eq!(reconcile(Some(&a), Some(&b)), Reconcile::Adopt(Box::new(b)));
    }

    #[test]
    fn a_tab_that_waited_for_the_lock_adopts_the_fresh_token() {
        let rotated = session("u", "a2", "r2", 3_600_000);
        assert_eq!(
            refresh_under_lock("r1", Some(&rotated), 0, 60),
            LockedRefresh::Adopt(Box::new(rotated.clone()))
        );
    }

    #[test]
    fn a_tab_with_the_current_token_refreshes_it() {
        let current = session("u", "a1", "r1", 10_000);
        assert_eq!(
            refresh_under_lock("r1", Some(&current), 0, 60),
            LockedRefresh::Refresh("r1".into())
        );
    }

    #[test]
    fn a_stale_token_from_another_tab_is_refreshed_not_adopted() {
        // Another tab (say the JS widget) stored a newer refresh token but its
        // access token is also due: spend the newer one, never the revoked one.
        let newer = session("u", "a2", "r2", 10_000);
        assert_eq!(
            refresh_under_lock("r1", Some(&newer), 0, 60),
            LockedRefresh::Refresh("r2".into())
        );
    }

    #[test]
    fn logout_elsewhere_wins_under_the_lock() {
        assert_eq!(
            refresh_under_lock("r1", None, 0, 60),
            LockedRefresh::LoggedOut
        );
    }

    #[test]
    fn changes_name_what_happened() {
        let a = session("u", "a1", "r1", 100_000);
        let refreshed = session("u", "a2", "r2", 200_000);
        let mut renamed = a.clone();
        renamed
            .user
            .user_metadata
            .insert("full_name".into(), json!("New"));
        let other = session("v", "b1", "s1", 100_000);

        assert_eq!(changes(None, Some(&a)), [Change::Login]);
        assert_eq!(changes(Some(&a), None), [Change::Logout]);
        assert_eq!(changes(Some(&a), Some(&a)), []);
        assert_eq!(changes(Some(&a), Some(&refreshed)), [Change::TokenRefresh]);
        assert_eq!(changes(Some(&a), Some(&renamed)), [Change::UserUpdated]);
        assert_eq!(
            changes(Some(&a), Some(&other)),
            [Change::Logout, Change::Login]
        );
    }

    #[test]
    fn a_restored_session_ends_only_when_the_server_says_the_user_is_gone() {
        for status in [401, 403, 404] {
            assert_eq!(
                check_restored_session(Some(status)),
                SessionCheck::End,
                "{status}"
            );
        }
        for status in [
            None,
            Some(200),
            Some(400),
            Some(429),
            Some(500),
            Some(502),
            Some(503),
        ] {
            assert_eq!(
                check_restored_session(status),
                SessionCheck::Keep,
                "{status:?}"
            );
        }
    }
}
