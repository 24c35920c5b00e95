//! The embedded default: one SQLite file, WAL mode.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use super::row::{columns, comment_from_row, status_pair};
use super::{to_micros, CommentDraft, CommentStore, Posted, StoreError};
use comment_wire::{Comment, CommentId, CommentStatus, ModerationFilter};

/// Comments in a SQLite file. Writers wait for each other (busy timeout) instead of failing.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
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
            .busy_timeout(Duration::from_secs(10));
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

    async fn by_key(
        &self,
        author_id: &str,
        client_key: &str,
    ) -> Result<Option<Comment>, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM comments WHERE author_id = ? AND client_key = ?"
        ))
        .bind(author_id)
        .bind(client_key)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(comment_from_row).transpose()
    }
}

#[async_trait]
impl CommentStore for SqliteStore {
    async fn post(&self, draft: &CommentDraft) -> Result<Posted, StoreError> {
        let inserted = sqlx::query(concat!(
            "INSERT INTO comments (post, author_id, author_name, body, client_key, created_at_us, status) ",
            "VALUES (?, ?, ?, ?, ?, ?, 'visible') ",
            "ON CONFLICT (author_id, client_key) DO NOTHING ",
            "RETURNING ", columns!()
        ))
        .bind(&draft.post)
        .bind(&draft.author.id)
        .bind(&draft.author.name)
        .bind(&draft.body)
        .bind(&draft.client_key)
        .bind(to_micros(draft.created_at))
        .fetch_optional(&self.pool)
        .await?;
        if let Some(row) = inserted {
            return Ok(Posted::Created(comment_from_row(&row)?));
        }
        // The key is taken, and writes are serialised, so the row is there to read.
        match self.by_key(&draft.author.id, &draft.client_key).await? {
            Some(existing) => Ok(Posted::Existing(existing)),
            None => Err(StoreError::Corrupt(
                "client key conflicted but no row holds it".to_owned(),
            )),
        }
    }

    async fn list_post(
        &self,
        post: &str,
        after: Option<CommentId>,
        limit: u32,
    ) -> Result<Vec<Comment>, StoreError> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM comments ",
            "WHERE post = ? AND status = 'visible' AND id > ? ORDER BY id LIMIT ?"
        ))
        .bind(post)
        .bind(after.unwrap_or(0))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(comment_from_row).collect()
    }

    async fn list_for_moderation(
        &self,
        filter: ModerationFilter,
        post: Option<&str>,
        before: Option<CommentId>,
        limit: u32,
    ) -> Result<Vec<Comment>, StoreError> {
        let (first, second) = status_pair(filter);
        let rows = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM comments ",
            "WHERE status IN (?1, ?2) AND (?3 IS NULL OR post = ?3) AND id < ?4 ",
            "ORDER BY id DESC LIMIT ?5"
        ))
        .bind(first)
        .bind(second)
        .bind(post)
        .bind(before.unwrap_or(CommentId::MAX))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(comment_from_row).collect()
    }

    async fn get(&self, id: CommentId) -> Result<Option<Comment>, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM comments WHERE id = ?"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(comment_from_row).transpose()
    }

    async fn set_status(
        &self,
        id: CommentId,
        status: CommentStatus,
    ) -> Result<Option<Comment>, StoreError> {
        let row = sqlx::query(concat!(
            "UPDATE comments SET status = ? WHERE id = ? AND status <> 'deleted' RETURNING ",
            columns!()
        ))
        .bind(status.as_str())
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => comment_from_row(&row).map(Some),
            None => self.get(id).await,
        }
    }

    async fn delete(&self, id: CommentId) -> Result<Option<Comment>, StoreError> {
        let row = sqlx::query(concat!(
            "UPDATE comments SET status = 'deleted', body = '' WHERE id = ? RETURNING ",
            columns!()
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(comment_from_row).transpose()
    }
}
