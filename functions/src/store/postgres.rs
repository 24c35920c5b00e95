//! Production storage: PostgreSQL (Netlify Database, Neon, Supabase, ...), TLS via rustls.

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};

use super::row::{columns, comment_from_row, status_pair};
use super::{to_micros, CommentDraft, CommentStore, Posted, StoreError};
use comment_wire::{Comment, CommentId, CommentStatus, ModerationFilter};

/// Connections per process. A function instance serves one request at a time, so two is
/// plenty, and it keeps many warm instances within a small database's connection limit.
pub const DEFAULT_MAX_CONNECTIONS: u32 = 2;

/// Comments in PostgreSQL.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to `url` (`postgres://...`; add `?sslmode=require` for a hosted database) with
    /// [`DEFAULT_MAX_CONNECTIONS`](super::DEFAULT_MAX_CONNECTIONS), and migrates.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options = PgConnectOptions::from_str(url)?;
        Self::connect_with(options, DEFAULT_MAX_CONNECTIONS).await
    }

    /// Connects with explicit options (e.g. a `search_path`) and pool size, and migrates.
    pub async fn connect_with(
        options: PgConnectOptions,
        max_connections: u32,
    ) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(1))
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Ok(Self { pool })
    }

    /// Closes the pool (tests drop their schema afterwards).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    async fn by_key(
        &self,
        author_id: &str,
        client_key: &str,
    ) -> Result<Option<Comment>, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM comments WHERE author_id = $1 AND client_key = $2"
        ))
        .bind(author_id)
        .bind(client_key)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(comment_from_row).transpose()
    }
}

#[async_trait]
impl CommentStore for PgStore {
    async fn post(&self, draft: &CommentDraft) -> Result<Posted, StoreError> {
        // ON CONFLICT waits for a concurrent insert of the same key to commit, so after a
        // conflict the other row is visible to the next statement. If that insert rolled back
        // instead, the key is free again: try once more.
        for _ in 0..3 {
            let inserted = sqlx::query(concat!(
                "INSERT INTO comments (post, author_id, author_name, body, client_key, created_at_us, status) ",
                "VALUES ($1, $2, $3, $4, $5, $6, 'visible') ",
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
            if let Some(existing) = self.by_key(&draft.author.id, &draft.client_key).await? {
                return Ok(Posted::Existing(existing));
            }
        }
        Err(StoreError::Corrupt(
            "client key kept conflicting but no row holds it".to_owned(),
        ))
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
            "WHERE post = $1 AND status = 'visible' AND id > $2 ORDER BY id LIMIT $3"
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
            "WHERE status IN ($1, $2) AND ($3::text IS NULL OR post = $3) AND id < $4 ",
            "ORDER BY id DESC LIMIT $5"
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
            " FROM comments WHERE id = $1"
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
            "UPDATE comments SET status = $1 WHERE id = $2 AND status <> 'deleted' RETURNING ",
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
            "UPDATE comments SET status = 'deleted', body = '' WHERE id = $1 RETURNING ",
            columns!()
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(comment_from_row).transpose()
    }
}
