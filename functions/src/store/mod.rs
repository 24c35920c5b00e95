//! Where comments live: one [`CommentStore`] trait, with SQLite ([`SqliteStore`], the embedded
//! default) and PostgreSQL ([`PgStore`], production) behind it. Both are a [`SqlStore`], whose
//! queries are written once for the two; each runs its own migrations
//! (`functions/migrations/{sqlite,postgres}/`, embedded in the binary) when opened.
//!
//! Ordering is by id, which grows with every insert: oldest first is ascending id. Times are
//! stored as integer microseconds since the epoch, so both databases compare them the same way.

mod postgres;
mod row;
mod sql;
mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;
use identity_core::time::UnixTime;

use comment_wire::{Author, Comment, CommentId, CommentStatus, ModerationFilter};

pub use postgres::{PgStore, ACQUIRE_TIMEOUT, DEFAULT_MAX_CONNECTIONS};
pub use sql::SqlStore;
pub use sqlite::{SqliteStore, BUSY_TIMEOUT};

/// Environment variable with the PostgreSQL URL (or a `sqlite:` URL).
pub const DATABASE_URL: &str = "DATABASE_URL";
/// Netlify Database's variable, read when [`DATABASE_URL`] is unset.
pub const NETLIFY_DB_URL: &str = "NETLIFY_DB_URL";
/// Environment variable with the SQLite file to use when no database URL is set.
pub const COMMENTS_DB_PATH: &str = "COMMENTS_DB_PATH";
/// The SQLite file used when nothing is configured (the local stack's data directory).
pub const DEFAULT_SQLITE_PATH: &str = ".data/comments.sqlite3";

/// A comment to store, checked and complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentDraft {
    /// Slug of a known post.
    pub post: String,
    /// The signed-in author.
    pub author: Author,
    /// The text as written.
    pub body: String,
    /// The author's idempotency key.
    pub client_key: String,
    /// When the request arrived.
    pub created_at: UnixTime,
}

/// The result of [`CommentStore::post`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Posted {
    /// A new comment was stored.
    Created(Comment),
    /// The author had already used this client key; this is what was stored then (which may
    /// differ from the draft, or be deleted by now).
    Existing(Comment),
}

/// A database failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The driver reported an error (connection, query, constraint).
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// Migrations failed.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A row holds something the code cannot read (a status it does not know, a bad time).
    #[error("unreadable row: {0}")]
    Corrupt(String),
    /// The configuration names a database this build cannot open.
    #[error("unsupported database URL (expected postgres://, postgresql:// or sqlite:)")]
    UnsupportedUrl,
}

impl StoreError {
    /// Whether the database is down, restarting, unreachable or busy rather than refusing this
    /// request: a retry a moment later can succeed, so the client gets 503 with `Retry-After`
    /// instead of 500. Every store method is one transaction, so a failed one wrote nothing
    /// (or, when the answer was lost after the commit, the retry finds it by its client key).
    ///
    /// PostgreSQL: the connection broke or could not be made (I/O, TLS, pool timeout), class 08
    /// (connection exception), 57P01–57P03 (shutting down, crashed, starting up), class 53
    /// (out of connections or memory), 40001 / 40P01 (serialization failure, deadlock).
    /// SQLite: `SQLITE_BUSY` and `SQLITE_LOCKED` (another connection or process holds the
    /// file past the busy timeout), extended codes included.
    ///
    /// ```
    /// use functions::store::StoreError;
    /// assert!(StoreError::Database(sqlx::Error::PoolTimedOut).is_unavailable());
    /// assert!(!StoreError::Corrupt("status `x`".into()).is_unavailable());
    /// ```
    pub fn is_unavailable(&self) -> bool {
        let error = match self {
            Self::Database(error)
            | Self::Migrate(
                sqlx::migrate::MigrateError::Execute(error)
                | sqlx::migrate::MigrateError::ExecuteMigration(error, _),
            ) => error,
            _ => return false,
        };
        match error {
            sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed => true,
            sqlx::Error::Database(db) => db.code().is_some_and(|code| transient_code(&code)),
            _ => false,
        }
    }
}

/// A PostgreSQL SQLSTATE or SQLite result code that a retry can cure (see
/// [`StoreError::is_unavailable`]).
fn transient_code(code: &str) -> bool {
    if let Ok(sqlite) = code.parse::<u32>() {
        // SQLite codes are numbers; the primary code is the low byte of an extended one.
        return matches!(sqlite & 0xff, 5 | 6);
    }
    code.starts_with("08")
        || code.starts_with("53")
        || matches!(code, "57P01" | "57P02" | "57P03" | "40001" | "40P01")
}

/// The comment store. Every method is one transaction (or one statement).
#[async_trait]
pub trait CommentStore: Send + Sync {
    /// Stores a new comment, unless the author already used `draft.client_key`, in which case
    /// the earlier comment is returned as [`Posted::Existing`] and nothing is written.
    /// Concurrent calls with the same key store exactly one comment.
    async fn post(&self, draft: &CommentDraft) -> Result<Posted, StoreError>;

    /// Up to `limit` visible comments of `post` with ids above `after`, oldest first.
    async fn list_post(
        &self,
        post: &str,
        after: Option<CommentId>,
        limit: u32,
    ) -> Result<Vec<Comment>, StoreError>;

    /// Up to `limit` comments across posts (or of one `post`) whose status passes `filter`,
    /// with ids below `before`, newest first. Deleted comments are never listed.
    async fn list_for_moderation(
        &self,
        filter: ModerationFilter,
        post: Option<&str>,
        before: Option<CommentId>,
        limit: u32,
    ) -> Result<Vec<Comment>, StoreError>;

    /// One comment, whatever its status.
    async fn get(&self, id: CommentId) -> Result<Option<Comment>, StoreError>;

    /// Sets the status of a comment that is not deleted and returns it, or returns the current
    /// comment unchanged when it is deleted (so the caller can tell), or `None` when absent.
    async fn set_status(
        &self,
        id: CommentId,
        status: CommentStatus,
    ) -> Result<Option<Comment>, StoreError>;

    /// Deletes a comment: erases its text and marks it deleted, keeping the record so that a
    /// late retry with the same client key does not bring it back. `None` when absent.
    async fn delete(&self, id: CommentId) -> Result<Option<Comment>, StoreError>;
}

/// Opens the store the environment names: `DATABASE_URL`, else `NETLIFY_DB_URL` (PostgreSQL,
/// or a `sqlite:` URL), else the SQLite file at `COMMENTS_DB_PATH`, else
/// [`DEFAULT_SQLITE_PATH`].
pub async fn open_from_env() -> Result<Arc<dyn CommentStore>, StoreError> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    match var(DATABASE_URL).or_else(|| var(NETLIFY_DB_URL)) {
        Some(url) => open_url(&url).await,
        None => {
            let path = var(COMMENTS_DB_PATH).unwrap_or_else(|| DEFAULT_SQLITE_PATH.to_owned());
            Ok(Arc::new(SqliteStore::open(&path).await?))
        }
    }
}

/// Opens a store by URL: `postgres://` / `postgresql://`, `sqlite:<path>` or `sqlite::memory:`.
pub async fn open_url(url: &str) -> Result<Arc<dyn CommentStore>, StoreError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PgStore::connect(url).await?))
    } else if let Some(path) = url
        .strip_prefix("sqlite://")
        .or(url.strip_prefix("sqlite:"))
    {
        if path == ":memory:" {
            Ok(Arc::new(SqliteStore::in_memory().await?))
        } else {
            Ok(Arc::new(SqliteStore::open(path).await?))
        }
    } else {
        Err(StoreError::UnsupportedUrl)
    }
}

/// Microseconds since the epoch, the unit both schemas store.
pub(crate) fn to_micros(time: UnixTime) -> i64 {
    time.secs
        .saturating_mul(1_000_000)
        .saturating_add(i64::from(time.nanos / 1_000))
}

/// The inverse of [`to_micros`].
pub(crate) fn from_micros(micros: i64) -> UnixTime {
    UnixTime {
        secs: micros.div_euclid(1_000_000),
        // rem_euclid is in 0..1_000_000, so the product fits a u32.
        nanos: u32::try_from(micros.rem_euclid(1_000_000) * 1_000).unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn micros_round_trip_drops_only_sub_microsecond_digits() {
        let t = UnixTime {
            secs: 1_767_225_600,
            nanos: 123_456_789,
        };
        assert_eq!(
            from_micros(to_micros(t)),
            UnixTime {
                secs: 1_767_225_600,
                nanos: 123_456_000
            }
        );
        let before_epoch = UnixTime {
            secs: -2,
            nanos: 500_000_000,
        };
        assert_eq!(from_micros(to_micros(before_epoch)), before_epoch);
    }

    #[tokio::test]
    async fn in_memory_store_keeps_comments_across_calls() {
        let store = open_url("sqlite::memory:").await.unwrap();
        let draft = CommentDraft {
            post: "p".into(),
            author: Author {
                id: "u".into(),
                name: "n".into(),
            },
            body: "b".into(),
            client_key: "k".into(),
            created_at: UnixTime { secs: 1, nanos: 0 },
        };
        let Posted::Created(first) = store.post(&draft).await.unwrap() else {
            panic!("not created");
        };
        assert_eq!(
            store.post(&draft).await.unwrap(),
            Posted::Existing(first.clone())
        );
        assert_eq!(store.list_post("p", None, 10).await.unwrap(), [first]);
    }

    #[tokio::test]
    async fn unknown_url_scheme_is_refused() {
        assert!(matches!(
            open_url("mysql://x").await,
            Err(StoreError::UnsupportedUrl)
        ));
    }
}
