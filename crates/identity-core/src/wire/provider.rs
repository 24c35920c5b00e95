//! External login providers GoTrue knows (`/authorize?provider=...`, `settings.external`).

use std::fmt;
use std::str::FromStr;

/// An external provider of Netlify's GoTrue. `email` is not one: it is the password login.
///
/// Names parse case-insensitively, as `/authorize` does.
///
/// ```
/// use identity_core::wire::Provider;
/// assert_eq!("GitHub".parse::<Provider>(), Ok(Provider::Github));
/// assert_eq!(Provider::Gitlab.as_str(), "gitlab");
/// assert!("twitter".parse::<Provider>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Provider {
    /// Bitbucket OAuth.
    Bitbucket,
    /// GitHub OAuth.
    Github,
    /// GitLab OAuth.
    Gitlab,
    /// Google OAuth.
    Google,
    /// Facebook OAuth.
    Facebook,
    /// SAML single sign-on.
    Saml,
}

impl Provider {
    /// Every provider, in the order GoTrue's settings list them.
    pub const ALL: [Provider; 6] = [
        Provider::Bitbucket,
        Provider::Github,
        Provider::Gitlab,
        Provider::Google,
        Provider::Facebook,
        Provider::Saml,
    ];

    /// The lower-case wire name (`"github"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Bitbucket => "bitbucket",
            Provider::Github => "github",
            Provider::Gitlab => "gitlab",
            Provider::Google => "google",
            Provider::Facebook => "facebook",
            Provider::Saml => "saml",
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The name did not match a provider; holds the name as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Unsupported provider: {0}")]
pub struct UnknownProvider(pub String);

impl FromStr for Provider {
    type Err = UnknownProvider;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Provider::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(name))
            .ok_or_else(|| UnknownProvider(name.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_round_trips() {
        for p in Provider::ALL {
            assert_eq!(p.as_str().parse(), Ok(p));
            assert_eq!(p.to_string().to_uppercase().parse(), Ok(p));
        }
    }

    #[test]
    fn unknown_provider_message_matches_gotrue() {
        let err = "email".parse::<Provider>().unwrap_err();
        assert_eq!(err.to_string(), "Unsupported provider: email");
    }
}
