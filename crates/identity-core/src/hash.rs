//! The URL fragments the site can land with, and what each one asks for.
//!
//! GoTrue sends users back to the site with the action in the fragment: email links carry
//! `#confirmation_token=T`, `#invite_token=T`, `#recovery_token=T` or `#email_change_token=T`;
//! the OAuth callback ends in `#access_token=..&expires_in=..&refresh_token=..&token_type=bearer`
//! or `#error=..&error_description=..`. [`parse_fragment`] turns such a fragment into a
//! [`HashRoute`]; anything else gives `None`, so the site's own anchors are left alone.
//!
//! Unlike netlify-identity-widget, values are URL-decoded (GoTrue form-encodes error
//! descriptions), keys must match exactly (not just appear somewhere), and a leading `#`, `/`
//! or `#/` is accepted so hash routers work.
//!
//! ```
//! use identity_core::hash::{parse_fragment, EmailTokenKind, HashRoute};
//! assert_eq!(
//!     parse_fragment("#recovery_token=Iyo9xHvsGVbW-9A9v4sDmQ"),
//!     Some(HashRoute::EmailToken { kind: EmailTokenKind::Recovery, token: "Iyo9xHvsGVbW-9A9v4sDmQ".into() })
//! );
//! assert_eq!(parse_fragment("#comments"), None);
//! ```

use std::fmt;

use crate::form;
use crate::wire::{OAuthError, TokenResponse, VerifyType};

/// The four kinds of emailed token, named by their fragment key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EmailTokenKind {
    /// `confirmation_token`: signup confirmation.
    Confirmation,
    /// `invite_token`: an invite; the user chooses a password (or a provider) first.
    Invite,
    /// `recovery_token`: password reset; verifying it logs the user in.
    Recovery,
    /// `email_change_token`: confirms a new address; needs the user to be logged in.
    EmailChange,
}

impl EmailTokenKind {
    /// Every kind, in the order [`parse_fragment`] looks for them (the order of
    /// `@netlify/identity`'s `handleAuthCallback`).
    pub const ALL: [EmailTokenKind; 4] = [
        EmailTokenKind::Confirmation,
        EmailTokenKind::Recovery,
        EmailTokenKind::Invite,
        EmailTokenKind::EmailChange,
    ];

    /// The fragment key, e.g. `"confirmation_token"`.
    pub fn fragment_key(self) -> &'static str {
        match self {
            EmailTokenKind::Confirmation => "confirmation_token",
            EmailTokenKind::Invite => "invite_token",
            EmailTokenKind::Recovery => "recovery_token",
            EmailTokenKind::EmailChange => "email_change_token",
        }
    }

    /// The `POST /verify` type that redeems this token. Invites are redeemed as `signup`;
    /// an email change is not redeemed by `/verify` but by `PUT /user {email_change_token}`.
    ///
    /// ```
    /// use identity_core::{hash::EmailTokenKind, wire::VerifyType};
    /// assert_eq!(EmailTokenKind::Invite.verify_type(), Some(VerifyType::Signup));
    /// assert_eq!(EmailTokenKind::EmailChange.verify_type(), None);
    /// ```
    pub fn verify_type(self) -> Option<VerifyType> {
        match self {
            EmailTokenKind::Confirmation | EmailTokenKind::Invite => Some(VerifyType::Signup),
            EmailTokenKind::Recovery => Some(VerifyType::Recovery),
            EmailTokenKind::EmailChange => None,
        }
    }
}

impl fmt::Display for EmailTokenKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.fragment_key())
    }
}

/// A successful OAuth return: the tokens, and `state` when the redirect carried one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthReturn {
    /// `access_token`, `token_type`, `expires_in`, `refresh_token` from the fragment.
    pub token: TokenResponse,
    /// The `state` value, decoded.
    pub state: Option<String>,
}

impl OAuthReturn {
    /// Whether `state` is JSON with `"auth_type": "implicit"`: the fragment belongs to
    /// Netlify/Decap CMS's own implicit flow and must be left for it (widget issue #223).
    ///
    /// ```
    /// use identity_core::hash::{parse_fragment, HashRoute};
    /// let f = "access_token=a.b.c&expires_in=3600&refresh_token=r&state=%7B%22auth_type%22%3A%22implicit%22%7D&token_type=bearer";
    /// let Some(HashRoute::OAuthSuccess(ret)) = parse_fragment(f) else { panic!() };
    /// assert!(ret.is_implicit_grant());
    /// ```
    pub fn is_implicit_grant(&self) -> bool {
        self.state
            .as_deref()
            .and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok())
            .is_some_and(|v| v.get("auth_type").and_then(|t| t.as_str()) == Some("implicit"))
    }
}

/// What a fragment asks the site to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HashRoute {
    /// An emailed token to redeem.
    EmailToken {
        /// Which token.
        kind: EmailTokenKind,
        /// The token, decoded (22 base64url characters from GoTrue).
        token: String,
    },
    /// Back from an OAuth provider, logged in.
    OAuthSuccess(OAuthReturn),
    /// Back from an OAuth provider with an error, e.g. `access_denied` /
    /// `Signups not allowed for this instance`.
    OAuthError(OAuthError),
}

impl HashRoute {
    /// The fragment (without `#`) GoTrue would send for this route: keys in alphabetical order
    /// and values form-encoded, like Go's `url.Values.Encode()`.
    ///
    /// ```
    /// use identity_core::{hash::HashRoute, wire::OAuthError};
    /// let route = HashRoute::OAuthError(OAuthError::new("access_denied", "Signups not allowed for this instance"));
    /// assert_eq!(route.to_fragment(), "error=access_denied&error_description=Signups+not+allowed+for+this+instance");
    /// ```
    pub fn to_fragment(&self) -> String {
        match self {
            HashRoute::EmailToken { kind, token } => {
                form::serialize([(kind.fragment_key(), token.as_str())])
            }
            HashRoute::OAuthSuccess(OAuthReturn { token, state }) => {
                let expires_in = token.expires_in.to_string();
                let mut pairs = vec![
                    ("access_token", token.access_token.as_str()),
                    ("expires_in", expires_in.as_str()),
                    ("refresh_token", token.refresh_token.as_str()),
                ];
                if let Some(state) = state {
                    pairs.push(("state", state.as_str()));
                }
                pairs.push(("token_type", token.token_type.as_str()));
                form::serialize(pairs)
            }
            HashRoute::OAuthError(e) => {
                let mut pairs = vec![("error", e.error.as_str())];
                if let Some(d) = &e.error_description {
                    pairs.push(("error_description", d.as_str()));
                }
                form::serialize(pairs)
            }
        }
    }
}

/// Reads a fragment, with or without the leading `#` (and an optional `/` after it).
///
/// Precedence when several keys are present: `access_token`, then `error`, then the email
/// tokens in [`EmailTokenKind::ALL`] order. An OAuth success needs a non-empty `access_token`
/// and `refresh_token` and a numeric `expires_in` (`token_type` defaults to `bearer`); an error
/// needs a non-empty `error`; an email token needs a non-empty value. For a repeated key the
/// first value counts.
pub fn parse_fragment(fragment: &str) -> Option<HashRoute> {
    let trimmed = fragment.strip_prefix('#').unwrap_or(fragment);
    let trimmed = trimmed.strip_prefix('/').unwrap_or(trimmed);
    let pairs = form::parse(trimmed);
    let get = |key: &str| form::first(&pairs, key).filter(|v| !v.is_empty());

    if let Some(access_token) = get("access_token") {
        let token = TokenResponse {
            access_token: access_token.to_owned(),
            token_type: get("token_type").unwrap_or("bearer").to_owned(),
            expires_in: get("expires_in")?.parse().ok()?,
            refresh_token: get("refresh_token")?.to_owned(),
        };
        return Some(HashRoute::OAuthSuccess(OAuthReturn {
            token,
            state: get("state").map(str::to_owned),
        }));
    }
    if let Some(error) = get("error") {
        return Some(HashRoute::OAuthError(OAuthError {
            error: error.to_owned(),
            error_description: get("error_description").map(str::to_owned),
        }));
    }
    EmailTokenKind::ALL.into_iter().find_map(|kind| {
        get(kind.fragment_key()).map(|token| HashRoute::EmailToken {
            kind,
            token: token.to_owned(),
        })
    })
}

/// Reads the fragment of a whole URL (everything after the first `#`); `None` without one.
///
/// ```
/// use identity_core::hash::{parse_url, HashRoute};
/// let route = parse_url("https://example.com/#invite_token=abc").unwrap();
/// assert!(matches!(route, HashRoute::EmailToken { .. }));
/// assert_eq!(parse_url("https://example.com/?invite_token=abc"), None);
/// ```
pub fn parse_url(url: &str) -> Option<HashRoute> {
    url.split_once('#')
        .and_then(|(_, fragment)| parse_fragment(fragment))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn email(kind: EmailTokenKind, token: &str) -> Option<HashRoute> {
        Some(HashRoute::EmailToken {
            kind,
            token: token.to_owned(),
        })
    }

    #[test]
    fn every_email_token_kind_is_recognised() {
        for kind in EmailTokenKind::ALL {
            let fragment = format!("#{}=Iyo9xHvsGVbW-9A9v4sDmQ", kind.fragment_key());
            assert_eq!(
                parse_fragment(&fragment),
                email(kind, "Iyo9xHvsGVbW-9A9v4sDmQ")
            );
        }
    }

    #[test]
    fn hash_router_prefixes_are_accepted() {
        for fragment in ["#/invite_token=T", "/invite_token=T", "invite_token=T"] {
            assert_eq!(parse_fragment(fragment), email(EmailTokenKind::Invite, "T"));
        }
    }

    #[test]
    fn gotrue_oauth_success_is_parsed() {
        let f = "#access_token=h.p.s&expires_in=3600&refresh_token=Iyo9xHvsGVbW-9A9v4sDmQ&token_type=bearer";
        let Some(HashRoute::OAuthSuccess(ret)) = parse_fragment(f) else {
            panic!("not parsed")
        };
        assert_eq!(
            ret.token,
            TokenResponse::bearer("h.p.s", 3600, "Iyo9xHvsGVbW-9A9v4sDmQ")
        );
        assert_eq!(ret.state, None);
        assert!(!ret.is_implicit_grant());
    }

    #[test]
    fn incomplete_oauth_success_is_not_a_route() {
        for f in [
            "access_token=a&expires_in=3600&token_type=bearer",
            "access_token=a&refresh_token=r&token_type=bearer",
            "access_token=a&expires_in=soon&refresh_token=r",
            "access_token=&expires_in=1&refresh_token=r",
        ] {
            assert_eq!(parse_fragment(f), None, "{f}");
        }
        let f = "access_token=a&expires_in=1&refresh_token=r";
        assert!(
            matches!(parse_fragment(f), Some(HashRoute::OAuthSuccess(r)) if r.token.token_type == "bearer")
        );
    }

    #[test]
    fn oauth_errors_are_decoded() {
        let f = "#error=access_denied&error_description=Signups+not+allowed+for+this+instance";
        assert_eq!(
            parse_fragment(f),
            Some(HashRoute::OAuthError(OAuthError::new(
                "access_denied",
                "Signups not allowed for this instance"
            )))
        );
        assert_eq!(
            parse_fragment("error=server_error&error_description=Bad%20%26%20sad"),
            Some(HashRoute::OAuthError(OAuthError::new(
                "server_error",
                "Bad & sad"
            )))
        );
        assert_eq!(
            parse_fragment("error=access_denied"),
            Some(HashRoute::OAuthError(OAuthError::new("access_denied", "")))
        );
    }

    #[test]
    fn other_fragments_are_left_alone() {
        for f in [
            "",
            "#",
            "#/",
            "#top",
            "#/posts/hello",
            "#xconfirmation_token=T",
            "#confirmation_token=",
            "#confirmation_token",
            "#error=",
            "#error_description=x",
            "#token=abc",
        ] {
            assert_eq!(parse_fragment(f), None, "{f}");
        }
    }

    #[test]
    fn precedence_follows_netlify_identity() {
        assert_eq!(
            parse_fragment("invite_token=I&confirmation_token=C"),
            email(EmailTokenKind::Confirmation, "C")
        );
        assert!(matches!(
            parse_fragment("error=e&access_token=a&expires_in=1&refresh_token=r"),
            Some(HashRoute::OAuthSuccess(_))
        ));
        assert!(matches!(
            parse_fragment("confirmation_token=C&error=e"),
            Some(HashRoute::OAuthError(_))
        ));
    }

    #[test]
    fn token_values_are_percent_decoded() {
        assert_eq!(
            parse_fragment("recovery_token=a%2Fb%3D"),
            email(EmailTokenKind::Recovery, "a/b=")
        );
    }

    #[test]
    fn oauth_success_fragment_is_in_go_key_order() {
        let route = HashRoute::OAuthSuccess(OAuthReturn {
            token: TokenResponse::bearer("h.p.s", 3600, "r"),
            state: None,
        });
        assert_eq!(
            route.to_fragment(),
            "access_token=h.p.s&expires_in=3600&refresh_token=r&token_type=bearer"
        );
    }

    #[test]
    fn verify_types_match_gotrue() {
        assert_eq!(
            EmailTokenKind::Confirmation.verify_type(),
            Some(VerifyType::Signup)
        );
        assert_eq!(
            EmailTokenKind::Recovery.verify_type(),
            Some(VerifyType::Recovery)
        );
        assert_eq!(EmailTokenKind::Invite.to_string(), "invite_token");
    }

    fn arb_route() -> impl Strategy<Value = HashRoute> {
        let kind = prop::sample::select(EmailTokenKind::ALL.to_vec());
        prop_oneof![
            (kind, ".+").prop_map(|(kind, token)| HashRoute::EmailToken { kind, token }),
            (".+", any::<u64>(), ".+", ".+", proptest::option::of(".+")).prop_map(
                |(access, expires_in, refresh, token_type, state)| {
                    HashRoute::OAuthSuccess(OAuthReturn {
                        token: TokenResponse {
                            access_token: access,
                            token_type,
                            expires_in,
                            refresh_token: refresh,
                        },
                        state,
                    })
                }
            ),
            (".+", proptest::option::of(".+")).prop_map(|(error, d)| {
                HashRoute::OAuthError(OAuthError {
                    error,
                    error_description: d,
                })
            }),
        ]
    }

    proptest! {
        // A fixed seed: the suite runs the same cases every time (a failure reproduces);
        // PROPTEST_CASES sets how many (256 by default; `cargo xtask fuzz` runs more).
        #![proptest_config(ProptestConfig {
            rng_seed: proptest::test_runner::RngSeed::Fixed(15),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn parse_never_panics(text in any::<String>()) {
            let _ = parse_fragment(&text);
            let _ = parse_url(&text);
        }

        #[test]
        fn parse_never_panics_on_fragment_like_input(text in "#?/?([a-z_]{0,20}=?[A-Za-z0-9%+._-]{0,20}&?){0,6}") {
            let _ = parse_fragment(&text);
        }

        #[test]
        fn built_fragments_parse_back(route in arb_route()) {
            let fragment = format!("#{}", route.to_fragment());
            prop_assert_eq!(parse_fragment(&fragment), Some(route));
        }

        #[test]
        fn unknown_keys_never_route(key in "[a-z]{1,12}", value in ".*") {
            prop_assume!(!["access_token", "error"].contains(&key.as_str()));
            prop_assume!(!key.ends_with("_token"));
            let fragment = form::serialize([(key.as_str(), value.as_str())]);
            prop_assert_eq!(parse_fragment(&fragment), None);
        }
    }
}
