//! The comment queries, written once for both databases.
//!
//! Both drivers bind `$N` placeholders and both read `CAST(.. AS TEXT)`, so one SQL text serves
//! SQLite and PostgreSQL alike. What must differ lives elsewhere: the schema (how the id grows,
//! `migrations/{sqlite,postgres}/`) and how a pool is opened (`sqlite.rs`, `postgres.rs`).

use async_trait::async_trait;
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Pool, Type};

use super::row::{columns, comment_from_row, status_pair};
use super::{to_micros, CommentDraft, CommentStore, Posted, StoreError};
use comment_wire::{Comment, CommentId, CommentStatus, ModerationFilter};

const BY_KEY: &str = concat!(
    "SELECT ",
    columns!(),
    " FROM comments WHERE author_id = $1 AND client_key = $2"
);

const INSERT: &str = concat!(
    "INSERT INTO comments (post, author_id, author_name, body, client_key, created_at_us, status) ",
    "VALUES ($1, $2, $3, $4, $5, $6, 'visible') ",
    "ON CONFLICT (author_id, client_key) DO NOTHING ",
    "RETURNING ",
    columns!()
);

const LIST_POST: &str = concat!(
    "SELECT ",
    columns!(),
    " FROM comments ",
    "WHERE post = $1 AND status = 'visible' AND id > $2 ORDER BY id LIMIT $3"
);

// PostgreSQL must know the type of `$3` in `$3 IS NULL`; the cast tells it, and SQLite reads
// the same cast.
const LIST_FOR_MODERATION: &str = concat!(
    "SELECT ",
    columns!(),
    " FROM comments ",
    "WHERE status IN ($1, $2) AND (CAST($3 AS TEXT) IS NULL OR post = $3) AND id < $4 ",
    "ORDER BY id DESC LIMIT $5"
);

const GET: &str = concat!("SELECT ", columns!(), " FROM comments WHERE id = $1");

const SET_STATUS: &str = concat!(
    "UPDATE comments SET status = $1 WHERE id = $2 AND status <> 'deleted' RETURNING ",
    columns!()
);

const DELETE: &str = concat!(
    "UPDATE comments SET status = 'deleted', body = '' WHERE id = $1 RETURNING ",
    columns!()
);

/// Comments in a SQL database: [`super::SqliteStore`] or [`super::PgStore`].
#[derive(Debug)]
pub struct SqlStore<DB: Database> {
    pub(super) pool: Pool<DB>,
}

impl<DB: Database> Clone for SqlStore<DB> {
    fn clone(&self) -> Self {
        Self {
            pool: self.pool.clone(),
        }
    }
}

impl<DB: Database> SqlStore<DB> {
    /// Closes the pool (tests drop their schema or file afterwards).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

#[async_trait]
impl<DB> CommentStore for SqlStore<DB>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    for<'t> i64: Encode<'t, DB> + Decode<'t, DB> + Type<DB>,
    for<'t> String: Decode<'t, DB> + Type<DB>,
    for<'t> &'t str: Encode<'t, DB> + Type<DB>,
    for<'t> Option<&'t str>: Encode<'t, DB> + Type<DB>,
    &'static str: ColumnIndex<DB::Row>,
{
    async fn post(&self, draft: &CommentDraft) -> Result<Posted, StoreError> {
        // ON CONFLICT waits for a concurrent insert of the same key to commit, so after a
        // conflict the other row is visible to the next statement. If that insert rolled back
        // instead (PostgreSQL; SQLite serialises writers), the key is free again: try again.
        for _ in 0..3 {
            let inserted = sqlx::query(INSERT)
                .bind(draft.post.as_str())
                .bind(draft.author.id.as_str())
                .bind(draft.author.name.as_str())
                .bind(draft.body.as_str())
                .bind(draft.client_key.as_str())
                .bind(to_micros(draft.created_at))
                .fetch_optional(&self.pool)
                .await?;
            if let Some(row) = inserted {
                return Ok(Posted::Created(comment_from_row(&row)?));
            }
            let existing = sqlx::query(BY_KEY)
                .bind(draft.author.id.as_str())
                .bind(draft.client_key.as_str())
                .fetch_optional(&self.pool)
                .await?;
            if let Some(row) = existing {
                return Ok(Posted::Existing(comment_from_row(&row)?));
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
        let rows = sqlx::query(LIST_POST)
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
        let rows = sqlx::query(LIST_FOR_MODERATION)
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
        let row = sqlx::query(GET).bind(id).fetch_optional(&self.pool).await?;
        row.as_ref().map(comment_from_row).transpose()
    }

    async fn set_status(
        &self,
        id: CommentId,
        status: CommentStatus,
    ) -> Result<Option<Comment>, StoreError> {
        let row = sqlx::query(SET_STATUS)
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
        let row = sqlx::query(DELETE)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(comment_from_row).transpose()
    }
}
