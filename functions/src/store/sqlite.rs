//! The embedded default: one SQLite file, WAL mode.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::Sqlite;

use super::{SqlStore, StoreError};

/// Comments in a SQLite file. Writers wait for each other (busy timeout) instead of failing.
pub type SqliteStore = SqlStore<Sqlite>;

/// How long a statement waits for a lock another connection or process holds. Past it the
/// client gets 503 with `Retry-After` (`SQLITE_BUSY`); the store's own writes hold the lock
/// for milliseconds.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(3);

impl SqlStore<Sqlite> {
    /// Opens (creating if needed, with its parent directory) the file at `path` and migrates it.
    pub async fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(sqlx::Error::Io)?;
        }
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(BUSY_TIMEOUT);
        Self::connect_with(options).await
    }

    /// A private in-memory database (for demos and benchmarks; gone when the store is dropped).
    pub async fn in_memory() -> Result<Self, StoreError> {
        // Every connection to `:memory:` is its own database, so the pool keeps exactly one,
        // forever.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(SqliteConnectOptions::from_str("sqlite::memory:")?)
            .await?;
        Self::migrate(pool).await
    }

    /// Opens with explicit options and migrates.
    pub async fn connect_with(options: SqliteConnectOptions) -> Result<Self, StoreError> {
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        Self::migrate(pool).await
    }

    async fn migrate(pool: SqlitePool) -> Result<Self, StoreError> {
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        Ok(Self { pool })
    }
}
