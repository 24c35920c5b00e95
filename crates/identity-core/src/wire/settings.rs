//! `GET /settings` and `GET /health`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::metadata::null_as_default;
use super::provider::Provider;

/// Which login methods are on (`settings.external`). Keys are in GoTrue's order; a key missing
/// from a response reads as `false`, and keys this crate does not know are kept in `other`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalProviders {
    /// Bitbucket OAuth.
    #[serde(default)]
    pub bitbucket: bool,
    /// GitHub OAuth.
    #[serde(default)]
    pub github: bool,
    /// GitLab OAuth.
    #[serde(default)]
    pub gitlab: bool,
    /// Google OAuth.
    #[serde(default)]
    pub google: bool,
    /// Facebook OAuth.
    #[serde(default)]
    pub facebook: bool,
    /// Email and password.
    #[serde(default)]
    pub email: bool,
    /// SAML single sign-on.
    #[serde(default)]
    pub saml: bool,
    /// Provider switches added by newer servers.
    #[serde(flatten)]
    pub other: BTreeMap<String, bool>,
}

impl Default for ExternalProviders {
    /// GoTrue's default: only email login.
    fn default() -> Self {
        Self {
            bitbucket: false,
            github: false,
            gitlab: false,
            google: false,
            facebook: false,
            email: true,
            saml: false,
            other: BTreeMap::new(),
        }
    }
}

impl ExternalProviders {
    /// Whether `provider` is switched on.
    pub fn is_enabled(&self, provider: Provider) -> bool {
        match provider {
            Provider::Bitbucket => self.bitbucket,
            Provider::Github => self.github,
            Provider::Gitlab => self.gitlab,
            Provider::Google => self.google,
            Provider::Facebook => self.facebook,
            Provider::Saml => self.saml,
        }
    }

    /// Switches `provider` on or off.
    pub fn set(&mut self, provider: Provider, enabled: bool) {
        let slot = match provider {
            Provider::Bitbucket => &mut self.bitbucket,
            Provider::Github => &mut self.github,
            Provider::Gitlab => &mut self.gitlab,
            Provider::Google => &mut self.google,
            Provider::Facebook => &mut self.facebook,
            Provider::Saml => &mut self.saml,
        };
        *slot = enabled;
    }

    /// The external providers that are on, in GoTrue's order (for the widget's buttons).
    pub fn enabled(&self) -> Vec<Provider> {
        Provider::ALL
            .into_iter()
            .filter(|p| self.is_enabled(*p))
            .collect()
    }
}

/// The public configuration from `GET /settings`.
///
/// ```
/// use identity_core::wire::{Provider, Settings};
/// let s: Settings = serde_json::from_str(r#"{"external":{"github":true,"email":true},
///     "disable_signup":false,"autoconfirm":true}"#).unwrap();
/// assert_eq!(s.external.enabled(), vec![Provider::Github]);
/// assert!(s.autoconfirm);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Login methods that are switched on.
    #[serde(default, deserialize_with = "null_as_default")]
    pub external: ExternalProviders,
    /// Display names, e.g. `{"saml": "Acme SSO"}`; empty unless a SAML name is set.
    #[serde(default, deserialize_with = "null_as_default")]
    pub external_labels: BTreeMap<String, String>,
    /// Invite-only site: `POST /signup` gives 403.
    #[serde(default)]
    pub disable_signup: bool,
    /// New users are confirmed at signup without an email.
    #[serde(default)]
    pub autoconfirm: bool,
}

/// `GET /health`: `{"version": .., "name": "GoTrue", "description": ..}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// Server version string.
    #[serde(default)]
    pub version: String,
    /// `"GoTrue"`.
    #[serde(default)]
    pub name: String,
    /// `"GoTrue is a user registration and authentication API"`.
    #[serde(default)]
    pub description: String,
}

impl Health {
    /// The body GoTrue answers with, for a given version string.
    pub fn gotrue(version: impl Into<String>) -> Self {
        Self {
            version: version.into(),
            name: "GoTrue".to_owned(),
            description: "GoTrue is a user registration and authentication API".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn default_settings_serialise_every_key_in_gotrue_order() {
        let text = serde_json::to_string(&Settings::default()).unwrap();
        assert_eq!(
            text,
            r#"{"external":{"bitbucket":false,"github":false,"gitlab":false,"google":false,"facebook":false,"email":true,"saml":false},"external_labels":{},"disable_signup":false,"autoconfirm":false}"#
        );
    }

    #[test]
    fn unknown_providers_are_kept_and_missing_ones_are_off() {
        let s: Settings = serde_json::from_value(json!({
            "external": {"github": true, "apple": true},
            "external_labels": null
        }))
        .unwrap();
        assert!(!s.external.email);
        assert_eq!(s.external.other.get("apple"), Some(&true));
        assert_eq!(s.external.enabled(), vec![Provider::Github]);
    }

    #[test]
    fn external_labels_read_and_write_as_gotrue_sends_them() {
        // GoTrue (`api/settings.go`) with a SAML name set.
        let body = r#"{"external":{"bitbucket":false,"github":false,"gitlab":false,"google":false,"facebook":false,"email":true,"saml":true},"external_labels":{"saml":"Acme SSO"},"disable_signup":false,"autoconfirm":false}"#;
        let s: Settings = serde_json::from_str(body).unwrap();
        assert_eq!(
            s.external_labels.get("saml").map(String::as_str),
            Some("Acme SSO")
        );
        assert_eq!(s.external.enabled(), vec![Provider::Saml]);
        assert_eq!(serde_json::to_string(&s).unwrap(), body);
        // An older server that sends no labels at all.
        let s: Settings = serde_json::from_value(json!({"external": {"email": true}})).unwrap();
        assert!(s.external_labels.is_empty());
    }

    #[test]
    fn set_switches_one_provider() {
        let mut e = ExternalProviders::default();
        for p in Provider::ALL {
            e.set(p, true);
            assert!(e.is_enabled(p));
        }
        assert_eq!(e.enabled(), Provider::ALL.to_vec());
    }

    #[test]
    fn health_matches_gotrue() {
        assert_eq!(
            serde_json::to_value(Health::gotrue("v1")).unwrap(),
            json!({"version": "v1", "name": "GoTrue",
                   "description": "GoTrue is a user registration and authentication API"})
        );
    }
}
