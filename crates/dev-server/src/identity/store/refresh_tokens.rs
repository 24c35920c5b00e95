//! The `refresh_tokens` table: one row per issued token, revoked on rotation; every row of
//! a user but one deleted when the password changes.

use std::ops::Range;

use sqlx::{Row, SqliteConnection};

/// A refresh token row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshTokenRow {
    /// Row id.
    pub id: i64,
    /// The owner.
    pub user_id: String,
    /// Rotated or otherwise spent.
    pub revoked: bool,
    /// Issue time, unix microseconds; the 30-day lifetime counts from here.
    pub created_at: i64,
}

/// Stores a new token for `user_id`.
pub async fn insert(
    conn: &mut SqliteConnection,
    token: &str,
    user_id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO refresh_tokens (token, user_id, revoked, created_at) VALUES (?, ?, 0, ?)",
    )
    .bind(token)
    .bind(user_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Looks a token up.
pub async fn find(
    conn: &mut SqliteConnection,
    token: &str,
) -> Result<Option<RefreshTokenRow>, sqlx::Error> {
    let row =
        sqlx::query("SELECT id, user_id, revoked, created_at FROM refresh_tokens WHERE token = ?")
            .bind(token)
            .fetch_optional(conn)
            .await?;
    row.map(|r| {
        Ok(RefreshTokenRow {
            id: r.try_get("id")?,
            user_id: r.try_get("user_id")?,
            revoked: r.try_get::<i64, _>("revoked")? != 0,
            created_at: r.try_get("created_at")?,
        })
    })
    .transpose()
}

/// Marks a live token revoked. Returns `false` when it was already revoked (someone else
/// rotated it first).
pub async fn revoke(conn: &mut SqliteConnection, id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE refresh_tokens SET revoked = 1 WHERE id = ? AND revoked = 0")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes every token of a user (logout: all devices).
pub async fn delete_for_user(
    conn: &mut SqliteConnection,
    user_id: &str,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM refresh_tokens WHERE user_id = ?")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

/// The instants (unix microseconds) in which the session holding an access token that
/// expires at `exp` was issued. A session's refresh token is stored at the instant its
/// access token is signed, and the access token tells that instant only through `exp`
/// (`exp - jwt_exp`, in whole seconds): GoTrue's tokens carry neither `iat` nor a session
/// id. A token signed under another `GOTRUE_JWT_EXP` names a second no session was issued
/// in.
///
/// ```
/// use dev_server::identity::store::refresh_tokens::issued_with;
/// let issued = issued_with(1_700_003_600, 3600);
/// assert_eq!(issued, 1_700_000_000_000_000..1_700_000_001_000_000);
/// ```
pub fn issued_with(exp: i64, jwt_exp: u64) -> Range<i64> {
    let issued = exp.saturating_sub(i64::try_from(jwt_exp).unwrap_or(i64::MAX));
    let start = issued.saturating_mul(1_000_000);
    start..start.saturating_add(1_000_000)
}

/// A new password: deletes every refresh token of `user_id` except the live one issued in
/// `changed_from` (see [`issued_with`]), the session that made the change, so that client
/// stays logged in and every other one is refused at its next refresh. When no live token
/// or more than one was issued in that second, the session cannot be told apart and every
/// token goes (that client logs in again). Returns how many were deleted.
pub async fn end_other_sessions(
    conn: &mut SqliteConnection,
    user_id: &str,
    changed_from: Range<i64>,
) -> Result<u64, sqlx::Error> {
    let candidates: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM refresh_tokens \
         WHERE user_id = ? AND revoked = 0 AND created_at >= ? AND created_at < ?",
    )
    .bind(user_id)
    .bind(changed_from.start)
    .bind(changed_from.end)
    .fetch_all(&mut *conn)
    .await?;
    let done = match candidates.as_slice() {
        [keep] => {
            sqlx::query("DELETE FROM refresh_tokens WHERE user_id = ? AND id != ?")
                .bind(user_id)
                .bind(keep)
                .execute(conn)
                .await?
        }
        _ => {
            sqlx::query("DELETE FROM refresh_tokens WHERE user_id = ?")
                .bind(user_id)
                .execute(conn)
                .await?
        }
    };
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::micros_to_secs;

    #[test]
    fn the_second_of_an_access_token_holds_its_refresh_token() {
        // `token::issue` stores the refresh token at `now` and signs `exp` from `now`.
        for now in [0, 999_999, 1_000_000, 1_764_765_432_123_456] {
            for jwt_exp in [60, 3600] {
                let exp = micros_to_secs(now) + i64::try_from(jwt_exp).unwrap();
                assert!(issued_with(exp, jwt_exp).contains(&now), "{now} {jwt_exp}");
                assert!(!issued_with(exp, jwt_exp).contains(&(now + 1_000_000)));
            }
        }
    }
}
