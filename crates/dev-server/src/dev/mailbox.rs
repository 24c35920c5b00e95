//! The dev mailbox: every email the identity API would have sent.

use axum::extract::State;
use axum::response::Html;
use axum::Json;
use serde::Serialize;

use crate::html::escape;
use crate::identity::store::mail::{self, MailRow};
use crate::identity::store::users::timestamp;
use crate::identity::{IdentityApi, IdentityApiError};

/// One message as `GET /__dev/mail` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct MailJson {
    /// Recipient.
    pub to: String,
    /// `confirmation`, `invite`, `recovery` or `email_change`.
    pub kind: String,
    /// Subject line (GoTrue's default subjects).
    pub subject: String,
    /// The link in the email: `<site>/#<kind>_token=<token>`.
    pub link: String,
    /// The token alone.
    pub token: String,
    /// RFC 3339.
    pub sent_at: String,
}

fn to_json(row: MailRow) -> Result<MailJson, IdentityApiError> {
    Ok(MailJson {
        sent_at: timestamp(row.sent_at)?.to_string(),
        to: row.to,
        kind: row.kind,
        subject: row.subject,
        link: row.link,
        token: row.token,
    })
}

async fn messages(identity: &IdentityApi) -> Result<Vec<MailJson>, IdentityApiError> {
    let mut conn = identity.store.read().await?;
    mail::list(&mut conn)
        .await?
        .into_iter()
        .map(to_json)
        .collect()
}

/// `GET /__dev/mail`: JSON, newest first.
pub async fn list_json(
    State(identity): State<IdentityApi>,
) -> Result<Json<Vec<MailJson>>, IdentityApiError> {
    Ok(Json(messages(&identity).await?))
}

/// `GET /__dev/mailbox`: the same list as a page with clickable links.
pub async fn page(State(identity): State<IdentityApi>) -> Result<Html<String>, IdentityApiError> {
    let list = messages(&identity).await?;
    let mut rows = String::new();
    for m in &list {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td><a href=\"{}\">{}</a></td><td><code>{}</code></td></tr>\n",
            escape(&m.sent_at),
            escape(&m.to),
            escape(&m.subject),
            escape(&m.link),
            escape(&m.link),
            escape(&m.token),
        ));
    }
    if list.is_empty() {
        rows.push_str("<tr><td colspan=\"5\">No mail yet.</td></tr>\n");
    }
    Ok(Html(format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dev mailbox</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem}}table{{border-collapse:collapse;width:100%}}
td,th{{border-bottom:1px solid #ddd;padding:.4rem .6rem;text-align:left;vertical-align:top}}
code{{font-size:.85em}}</style></head>
<body><h1>Dev mailbox</h1>
<p>Every email the local identity API would have sent, newest first. JSON: <a href="/__dev/mail">/__dev/mail</a>.</p>
<table><thead><tr><th>Sent</th><th>To</th><th>Subject</th><th>Link</th><th>Token</th></tr></thead>
<tbody>
{rows}</tbody></table></body></html>"#
    )))
}
