//! Email addresses: the light validity check, and one account per address.

use sqlx::SqliteConnection;

use super::error::IdentityApiError;
use super::store::users;

/// A light email check: one `@`, something on both sides, a dot-free-or-not domain without
/// spaces. GoTrue without SMTP accepts any non-empty string; a typo'd address that can never
/// receive mail helps no one, so the local stack refuses obvious junk with GoTrue's 422.
pub fn validate_email(email: &str) -> Result<(), IdentityApiError> {
    let invalid = |why: &str| {
        IdentityApiError::unprocessable(format!("Unable to validate email address: {why}"))
    };
    if email.is_empty() {
        return Err(IdentityApiError::unprocessable(
            "An email address is required",
        ));
    }
    if email.len() > 254 {
        return Err(invalid("address is too long"));
    }
    if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid("address contains whitespace"));
    }
    let Some((local, domain)) = email.rsplit_once('@') else {
        return Err(invalid("mail: missing '@' or angle-addr"));
    };
    if local.is_empty() || domain.is_empty() || local.contains('@') {
        return Err(invalid("mail: no address"));
    }
    if domain.starts_with('.') || domain.ends_with('.') || domain.contains("..") {
        return Err(invalid("mail: invalid domain"));
    }
    Ok(())
}

/// Refuses `email` with 422 when another user of `aud` has it (compared case-insensitively);
/// `except` is the user whose own address does not count. GoTrue has no unique index, and
/// answers an admin update to a taken address with 500 `Error updating user`.
pub async fn ensure_email_free(
    conn: &mut SqliteConnection,
    aud: &str,
    email: &str,
    except: Option<&str>,
) -> Result<(), IdentityApiError> {
    if users::email_taken(conn, aud, email, except).await? {
        return Err(IdentityApiError::unprocessable(
            "Email address already registered by another user",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(validate_email("a@b.c").is_ok());
        assert!(validate_email("a+tag@localhost").is_ok());
        for bad in ["", "ab", "@b", "a@", "a b@c.d", "a@b@c", "a@.b", "a@b..c"] {
            assert!(validate_email(bad).is_err(), "{bad}");
        }
    }
}
