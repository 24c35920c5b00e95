//! The `users` table.

use identity_core::time::{TimeError, Timestamp, UnixTime};
use identity_core::wire::{AppMetadata, Metadata, User};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

/// A user row: the wire [`User`] plus what GoTrue never serialises (password hash and the
/// single-use tokens). Times are unix microseconds.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredUser {
    /// UUID v4.
    pub id: String,
    /// Audience (`""` on Netlify).
    pub aud: String,
    /// GoTrue's single group role (`"admin"` makes a GoTrue admin).
    pub role: String,
    /// Current address.
    pub email: String,
    /// Argon2id PHC string; `None` means the user has no password.
    pub encrypted_password: Option<String>,
    /// When the address was confirmed.
    pub confirmed_at: Option<i64>,
    /// When the invite was sent.
    pub invited_at: Option<i64>,
    /// Pending signup / invite token.
    pub confirmation_token: Option<String>,
    /// When the confirmation mail was sent.
    pub confirmation_sent_at: Option<i64>,
    /// Pending recovery token.
    pub recovery_token: Option<String>,
    /// When the recovery mail was sent.
    pub recovery_sent_at: Option<i64>,
    /// Pending email-change token.
    pub email_change_token: Option<String>,
    /// The pending new address.
    pub email_change: Option<String>,
    /// When the email-change mail was sent.
    pub email_change_sent_at: Option<i64>,
    /// Last password or OAuth login.
    pub last_sign_in_at: Option<i64>,
    /// `provider`, `roles`, ...
    pub app_metadata: AppMetadata,
    /// User-editable metadata.
    pub user_metadata: Metadata,
    /// Creation time.
    pub created_at: i64,
    /// Last change.
    pub updated_at: i64,
}

/// Columns in the order [`from_row`] and the inserts use.
const COLUMNS: &str = "id, aud, role, email, encrypted_password, confirmed_at, invited_at, \
     confirmation_token, confirmation_sent_at, recovery_token, recovery_sent_at, \
     email_change_token, email_change, email_change_sent_at, last_sign_in_at, \
     app_metadata, user_metadata, created_at, updated_at";

impl StoredUser {
    /// A fresh email user: `provider: "email"`, no roles, no password, nothing confirmed.
    pub fn new(id: String, aud: &str, email: &str, now: i64) -> Self {
        Self {
            id,
            aud: aud.to_owned(),
            role: String::new(),
            email: email.to_owned(),
            encrypted_password: None,
            confirmed_at: None,
            invited_at: None,
            confirmation_token: None,
            confirmation_sent_at: None,
            recovery_token: None,
            recovery_sent_at: None,
            email_change_token: None,
            email_change: None,
            email_change_sent_at: None,
            last_sign_in_at: None,
            app_metadata: AppMetadata {
                provider: Some("email".to_owned()),
                ..AppMetadata::default()
            },
            user_metadata: Metadata::new(),
            created_at: now,
            updated_at: now,
        }
    }

    /// Whether the address is confirmed.
    pub fn is_confirmed(&self) -> bool {
        self.confirmed_at.is_some()
    }

    /// The user as GoTrue serialises it.
    pub fn to_wire(&self) -> Result<User, TimeError> {
        let ts = |t: Option<i64>| t.map(timestamp).transpose();
        Ok(User {
            id: self.id.clone(),
            aud: self.aud.clone(),
            role: self.role.clone(),
            email: self.email.clone(),
            confirmed_at: ts(self.confirmed_at)?,
            invited_at: ts(self.invited_at)?,
            confirmation_sent_at: ts(self.confirmation_sent_at)?,
            recovery_sent_at: ts(self.recovery_sent_at)?,
            new_email: self.email_change.clone().filter(|e| !e.is_empty()),
            email_change_sent_at: ts(self.email_change_sent_at)?,
            // GoTrue never stores it, so clients never see it; stay identical.
            last_sign_in_at: None,
            app_metadata: self.app_metadata.clone(),
            user_metadata: self.user_metadata.clone(),
            created_at: timestamp(self.created_at)?,
            updated_at: timestamp(self.updated_at)?,
        })
    }
}

/// Unix microseconds as an RFC 3339 timestamp with fractional seconds, as Go writes them.
pub fn timestamp(micros: i64) -> Result<Timestamp, TimeError> {
    let secs = micros.div_euclid(1_000_000);
    let sub = micros.rem_euclid(1_000_000);
    // rem_euclid keeps `sub` in 0..1_000_000, so this fits in u32.
    let nanos = u32::try_from(sub * 1000).map_err(|_| TimeError::OutOfRange)?;
    Timestamp::from_unix_time(UnixTime { secs, nanos })
}

fn from_row(row: &SqliteRow) -> Result<StoredUser, sqlx::Error> {
    let json = |column: &str| -> Result<String, sqlx::Error> { row.try_get(column) };
    let app_metadata: AppMetadata = serde_json::from_str(&json("app_metadata")?)
        .map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    let user_metadata: Metadata = serde_json::from_str(&json("user_metadata")?)
        .map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    Ok(StoredUser {
        id: row.try_get("id")?,
        aud: row.try_get("aud")?,
        role: row.try_get("role")?,
        email: row.try_get("email")?,
        encrypted_password: row.try_get("encrypted_password")?,
        confirmed_at: row.try_get("confirmed_at")?,
        invited_at: row.try_get("invited_at")?,
        confirmation_token: row.try_get("confirmation_token")?,
        confirmation_sent_at: row.try_get("confirmation_sent_at")?,
        recovery_token: row.try_get("recovery_token")?,
        recovery_sent_at: row.try_get("recovery_sent_at")?,
        email_change_token: row.try_get("email_change_token")?,
        email_change: row.try_get("email_change")?,
        email_change_sent_at: row.try_get("email_change_sent_at")?,
        last_sign_in_at: row.try_get("last_sign_in_at")?,
        app_metadata,
        user_metadata,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, sqlx::Error> {
    serde_json::to_string(value).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

async fn find_one(
    conn: &mut SqliteConnection,
    sql: &'static str,
    key: &str,
) -> Result<Option<StoredUser>, sqlx::Error> {
    sqlx::query(sql)
        .bind(key)
        .fetch_optional(conn)
        .await?
        .map(|row| from_row(&row))
        .transpose()
}

/// The user with this id.
pub async fn find_by_id(
    conn: &mut SqliteConnection,
    id: &str,
) -> Result<Option<StoredUser>, sqlx::Error> {
    find_one(conn, "SELECT * FROM users WHERE id = ?", id).await
}

/// The user with this address in `aud`, compared case-insensitively (as GoTrue's MySQL
/// collation does).
pub async fn find_by_email(
    conn: &mut SqliteConnection,
    aud: &str,
    email: &str,
) -> Result<Option<StoredUser>, sqlx::Error> {
    sqlx::query("SELECT * FROM users WHERE aud = ? AND email = ? COLLATE NOCASE")
        .bind(aud)
        .bind(email)
        .fetch_optional(conn)
        .await?
        .map(|row| from_row(&row))
        .transpose()
}

/// The user holding this signup/invite token.
pub async fn find_by_confirmation_token(
    conn: &mut SqliteConnection,
    token: &str,
) -> Result<Option<StoredUser>, sqlx::Error> {
    find_one(
        conn,
        "SELECT * FROM users WHERE confirmation_token = ?",
        token,
    )
    .await
}

/// The user holding this recovery token.
pub async fn find_by_recovery_token(
    conn: &mut SqliteConnection,
    token: &str,
) -> Result<Option<StoredUser>, sqlx::Error> {
    find_one(conn, "SELECT * FROM users WHERE recovery_token = ?", token).await
}

/// Whether a user of `aud` other than `except_id` (any user, for `None`) already has `email`.
pub async fn email_taken(
    conn: &mut SqliteConnection,
    aud: &str,
    email: &str,
    except_id: Option<&str>,
) -> Result<bool, sqlx::Error> {
    // `IS NOT NULL` holds for every row, so `None` excepts no one.
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE aud = ? AND email = ? COLLATE NOCASE AND id IS NOT ?",
    )
    .bind(aud)
    .bind(email)
    .bind(except_id)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// Inserts a new user.
pub async fn insert(conn: &mut SqliteConnection, user: &StoredUser) -> Result<(), sqlx::Error> {
    bind_all(sqlx::query(INSERT), user)?.execute(conn).await?;
    Ok(())
}

const INSERT: &str =
    "INSERT INTO users (id, aud, role, email, encrypted_password, confirmed_at, invited_at, \
     confirmation_token, confirmation_sent_at, recovery_token, recovery_sent_at, \
     email_change_token, email_change, email_change_sent_at, last_sign_in_at, \
     app_metadata, user_metadata, created_at, updated_at) \
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/// Writes every column of an existing user.
pub async fn update(conn: &mut SqliteConnection, user: &StoredUser) -> Result<(), sqlx::Error> {
    let sql = "UPDATE users SET id = ?, aud = ?, role = ?, email = ?, encrypted_password = ?, \
         confirmed_at = ?, invited_at = ?, confirmation_token = ?, confirmation_sent_at = ?, \
         recovery_token = ?, recovery_sent_at = ?, email_change_token = ?, email_change = ?, \
         email_change_sent_at = ?, last_sign_in_at = ?, app_metadata = ?, user_metadata = ?, \
         created_at = ?, updated_at = ? WHERE id = ?";
    bind_all(sqlx::query(sql), user)?
        .bind(&user.id)
        .execute(conn)
        .await?;
    Ok(())
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>;

fn bind_all<'q>(query: Query<'q>, u: &'q StoredUser) -> Result<Query<'q>, sqlx::Error> {
    Ok(query
        .bind(&u.id)
        .bind(&u.aud)
        .bind(&u.role)
        .bind(&u.email)
        .bind(&u.encrypted_password)
        .bind(u.confirmed_at)
        .bind(u.invited_at)
        .bind(&u.confirmation_token)
        .bind(u.confirmation_sent_at)
        .bind(&u.recovery_token)
        .bind(u.recovery_sent_at)
        .bind(&u.email_change_token)
        .bind(&u.email_change)
        .bind(u.email_change_sent_at)
        .bind(u.last_sign_in_at)
        .bind(to_json(&u.app_metadata)?)
        .bind(to_json(&u.user_metadata)?)
        .bind(u.created_at)
        .bind(u.updated_at))
}

/// Deletes a user (their refresh tokens go with them). Returns whether one existed.
pub async fn delete(conn: &mut SqliteConnection, id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM users WHERE id = ?")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// One page of the admin list.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
    /// `created_at asc` instead of the default `desc`.
    pub ascending: bool,
}

fn like_pattern(filter: &str) -> String {
    let mut out = String::from("%");
    for c in filter.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

const FILTER: &str = "aud = ?1 AND (?2 = '' OR email LIKE ?3 ESCAPE '\\' \
     OR json_extract(user_metadata, '$.full_name') LIKE ?3 ESCAPE '\\')";

/// Users of `aud` whose email or `full_name` contains `filter`, newest first unless
/// `page.ascending`, and how many match in all.
pub async fn list(
    conn: &mut SqliteConnection,
    aud: &str,
    filter: &str,
    page: Page,
) -> Result<(Vec<StoredUser>, i64), sqlx::Error> {
    let pattern = like_pattern(filter);
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM users WHERE {FILTER}"
    )))
    .bind(aud)
    .bind(filter)
    .bind(&pattern)
    .fetch_one(&mut *conn)
    .await?;
    let order = if page.ascending { "ASC" } else { "DESC" };
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM users WHERE {FILTER} \
         ORDER BY created_at {order}, rowid {order} LIMIT ?4 OFFSET ?5"
    )))
    .bind(aud)
    .bind(filter)
    .bind(&pattern)
    .bind(page.limit)
    .bind(page.offset)
    .fetch_all(conn)
    .await?;
    let users = rows.iter().map(from_row).collect::<Result<_, _>>()?;
    Ok((users, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_carry_microseconds_only_when_there_are_some() {
        assert_eq!(timestamp(0).unwrap().as_str(), "1970-01-01T00:00:00Z");
        assert_eq!(
            timestamp(1_767_225_600_436_230).unwrap().as_str(),
            "2026-01-01T00:00:00.43623Z"
        );
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern("a_b%c\\"), "%a\\_b\\%c\\\\%");
    }

    #[test]
    fn wire_user_hides_secrets() {
        let mut u = StoredUser::new("id".into(), "", "a@b.c", 0);
        u.encrypted_password = Some("$argon2id$...".into());
        u.confirmation_token = Some("tok".into());
        u.email_change = Some(String::new());
        let json = serde_json::to_string(&u.to_wire().unwrap()).unwrap();
        assert!(!json.contains("argon2") && !json.contains("tok") && !json.contains("new_email"));
    }
}
