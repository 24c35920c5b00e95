//! SQLite persistence for the identity API: users, refresh tokens and the dev mailbox.
//!
//! The database lives at `<data>/identity.db`. Every multi-statement write runs in one
//! `BEGIN IMMEDIATE` transaction (see [`Store::write`]), so a crash mid-request leaves no
//! half-made user, and two writers never race between a read and the write that depends on it.

pub mod mail;
pub mod refresh_tokens;
pub mod users;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Sqlite, Transaction};

pub use users::StoredUser;

/// A failure opening or migrating the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The data directory could not be created.
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        /// The directory.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// SQLite refused to open the file.
    #[error("cannot open {path}: {source}")]
    Open {
        /// The database file.
        path: String,
        /// Why.
        source: sqlx::Error,
    },
    /// A migration failed.
    #[error("cannot migrate the identity database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// The identity database.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
}

/// A write transaction (`BEGIN IMMEDIATE`).
pub type Tx = Transaction<'static, Sqlite>;

impl Store {
    /// Opens (creating if needed) `<data>/identity.db` and applies the migrations.
    pub async fn open(data: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(data).map_err(|source| StoreError::DataDir {
            path: data.display().to_string(),
            source,
        })?;
        let path = data.join("identity.db");
        let open_err = |source| StoreError::Open {
            path: path.display().to_string(),
            source,
        };
        let options = SqliteConnectOptions::from_str("sqlite:")
            .map_err(open_err)?
            .filename(&path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(open_err)?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Self { pool })
    }

    /// Starts a write transaction. `BEGIN IMMEDIATE` takes SQLite's write lock up front, so
    /// a read-then-write inside it cannot be interleaved with another writer.
    pub async fn write(&self) -> Result<Tx, sqlx::Error> {
        self.pool.begin_with("BEGIN IMMEDIATE").await
    }

    /// A pooled connection for reads.
    pub async fn read(&self) -> Result<sqlx::pool::PoolConnection<Sqlite>, sqlx::Error> {
        self.pool.acquire().await
    }

    /// Closes the pool (tests restart a server on the same data directory).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Reads a value from the `meta` table.
    pub async fn meta(&self, key: &str) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT value FROM meta WHERE key = ?")
            .bind(key)
            .fetch_optional(&self.pool)
            .await
    }
}

/// Writes a value to the `meta` table inside a transaction.
pub async fn set_meta(tx: &mut Tx, key: &str, value: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(key)
        .bind(value)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
