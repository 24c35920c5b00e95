//! Production storage: PostgreSQL (Netlify Database, Neon, Supabase, ...), TLS via rustls.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::Postgres;

use super::{SqlStore, StoreError};

/// Connections per process. A function instance serves one request at a time, so two is
/// plenty, and it keeps many warm instances within a small database's connection limit.
pub const DEFAULT_MAX_CONNECTIONS: u32 = 2;

/// How long a request waits for a connection. While the database is down or restarting, the
/// pool retries connecting until then; past it the client gets 503 with `Retry-After` instead
/// of hanging. Long enough for a scale-to-zero database (Neon) to wake, short enough that the
/// answer comes well inside a synchronous function's time limit rather than the platform
/// cutting the function off with an error of its own.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// Comments in PostgreSQL.
pub type PgStore = SqlStore<Postgres>;

impl SqlStore<Postgres> {
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
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Ok(Self { pool })
    }
}
