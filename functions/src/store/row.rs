//! Reading a `comments` row, the same way for both databases.

use identity_core::time::Timestamp;
use sqlx::{ColumnIndex, Decode, Row, Type};

use super::{from_micros, StoreError};
use comment_wire::{Author, Comment, CommentStatus, ModerationFilter};

/// The columns every query returns, as a literal for `concat!`.
macro_rules! columns {
    () => {
        "id, post, author_id, author_name, body, created_at_us, status"
    };
}
pub(super) use columns;

/// Builds a [`Comment`] from a row selected with `columns!()`.
pub(super) fn comment_from_row<R>(row: &R) -> Result<Comment, StoreError>
where
    R: Row,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    &'static str: ColumnIndex<R>,
{
    let status: String = row.try_get("status")?;
    let status = CommentStatus::parse(&status)
        .ok_or_else(|| StoreError::Corrupt(format!("unknown status `{status}`")))?;
    let micros: i64 = row.try_get("created_at_us")?;
    let created_at = Timestamp::from_unix_time(from_micros(micros))
        .map_err(|e| StoreError::Corrupt(format!("created_at_us {micros}: {e}")))?;
    Ok(Comment {
        id: row.try_get("id")?,
        post: row.try_get("post")?,
        author: Author {
            id: row.try_get("author_id")?,
            name: row.try_get("author_name")?,
        },
        body: row.try_get("body")?,
        created_at,
        status,
    })
}

/// The two statuses a filter lets through, repeated when it is one (so the SQL stays static).
pub(super) fn status_pair(filter: ModerationFilter) -> (&'static str, &'static str) {
    match filter.statuses() {
        [one] => (one.as_str(), one.as_str()),
        [a, b, ..] => (a.as_str(), b.as_str()),
        [] => ("", ""),
    }
}
