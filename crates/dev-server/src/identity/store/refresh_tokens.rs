//! The `refresh_tokens` table: one row per issued token, revoked on rotation.

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
