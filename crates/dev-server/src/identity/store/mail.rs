//! The `mail` table: the dev mailbox.

use serde::Serialize;
use sqlx::{Row, SqliteConnection};

/// Which email GoTrue would have sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MailKind {
    /// Signup confirmation (`#confirmation_token=`).
    Confirmation,
    /// Invite (`#invite_token=`).
    Invite,
    /// Password recovery (`#recovery_token=`).
    Recovery,
    /// Email change, sent to the new address (`#email_change_token=`).
    EmailChange,
}

impl MailKind {
    /// The name stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirmation => "confirmation",
            Self::Invite => "invite",
            Self::Recovery => "recovery",
            Self::EmailChange => "email_change",
        }
    }

    /// GoTrue's default subject.
    pub fn subject(self) -> &'static str {
        match self {
            Self::Confirmation => "Confirm Your Signup",
            Self::Invite => "You have been invited",
            Self::Recovery => "Reset Your Password",
            Self::EmailChange => "Confirm Email Change",
        }
    }

    /// The fragment key of the link.
    pub fn fragment_key(self) -> &'static str {
        match self {
            Self::Confirmation => "confirmation_token",
            Self::Invite => "invite_token",
            Self::Recovery => "recovery_token",
            Self::EmailChange => "email_change_token",
        }
    }
}

/// A stored message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailRow {
    /// Recipient.
    pub to: String,
    /// `confirmation`, `invite`, `recovery` or `email_change`.
    pub kind: String,
    /// Subject line.
    pub subject: String,
    /// The link the email carries.
    pub link: String,
    /// The token in the link.
    pub token: String,
    /// Unix microseconds.
    pub sent_at: i64,
}

/// Stores a message.
pub async fn insert(conn: &mut SqliteConnection, mail: &MailRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO mail (to_address, kind, subject, link, token, sent_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(&mail.to)
    .bind(&mail.kind)
    .bind(&mail.subject)
    .bind(&mail.link)
    .bind(&mail.token)
    .bind(mail.sent_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Every message, newest first.
pub async fn list(conn: &mut SqliteConnection) -> Result<Vec<MailRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT to_address, kind, subject, link, token, sent_at FROM mail ORDER BY id DESC",
    )
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(MailRow {
                to: r.try_get("to_address")?,
                kind: r.try_get("kind")?,
                subject: r.try_get("subject")?,
                link: r.try_get("link")?,
                token: r.try_get("token")?,
                sent_at: r.try_get("sent_at")?,
            })
        })
        .collect()
}
