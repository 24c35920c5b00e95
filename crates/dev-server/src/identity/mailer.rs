//! The emails GoTrue would send, kept on the machine: stored in the dev mailbox (inside the
//! caller's transaction, so a rolled-back request sends nothing) and logged on the console.

use super::store::mail::{self, MailKind, MailRow};
use super::store::Tx;
use super::IdentityApi;

/// The link an email carries, as GoTrue builds it with the default URL paths:
/// `<site_url>/#<kind>_token=<token>`.
pub fn link(site_url: &str, kind: MailKind, token: &str) -> String {
    format!(
        "{}/#{}={}",
        site_url.trim_end_matches('/'),
        kind.fragment_key(),
        token
    )
}

/// "Sends" one email: stores it in the mailbox and prints a console line.
pub async fn send(
    identity: &IdentityApi,
    tx: &mut Tx,
    to: &str,
    kind: MailKind,
    token: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let row = MailRow {
        to: to.to_owned(),
        kind: kind.as_str().to_owned(),
        subject: kind.subject().to_owned(),
        link: link(&identity.site_url, kind, token),
        token: token.to_owned(),
        sent_at: now,
    };
    mail::insert(tx, &row).await?;
    tracing::info!(to = %row.to, kind = %row.kind, "mail: {} -> {}", row.subject, row.link);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_point_at_the_site_root_fragment() {
        assert_eq!(
            link("http://127.0.0.1:8888/", MailKind::Confirmation, "T0k"),
            "http://127.0.0.1:8888/#confirmation_token=T0k"
        );
        assert_eq!(
            link("https://blog.example", MailKind::EmailChange, "x"),
            "https://blog.example/#email_change_token=x"
        );
    }
}
