//! "Continue with GitHub" and the others the site's `/settings` enables.

use std::collections::BTreeMap;

use identity_core::wire::Provider;
use leptos::prelude::*;

use super::ModalCtx;
use crate::i18n::Key;
use crate::when::When;

/// The order of netlify-identity-widget's buttons.
const ORDER: [Provider; 6] = [
    Provider::Google,
    Provider::Github,
    Provider::Gitlab,
    Provider::Bitbucket,
    Provider::Facebook,
    Provider::Saml,
];

/// The provider's name on its button: the site's own from `/settings`' `external_labels`
/// (GoTrue fills `saml` with the SAML name), else ours, as the JS widget picks it.
fn label(provider: Provider, labels: &BTreeMap<String, String>) -> String {
    match labels.get(provider.as_str()) {
        Some(label) if !label.trim().is_empty() => label.clone(),
        _ => default_label(provider).to_owned(),
    }
}

fn default_label(provider: Provider) -> &'static str {
    match provider {
        Provider::Bitbucket => "Bitbucket",
        Provider::Github => "GitHub",
        Provider::Gitlab => "GitLab",
        Provider::Google => "Google",
        Provider::Facebook => "Facebook",
        Provider::Saml => "SAML",
    }
}

/// The enabled providers, each a full-page redirect to `/authorize`. With an
/// invite token the new account is tied to the invite.
#[component]
pub(super) fn Providers(
    ctx: ModalCtx,
    #[prop(optional)] invite_token: Option<String>,
) -> impl IntoView {
    let invite_token = StoredValue::new(invite_token);
    let enabled = move || {
        ctx.settings.with(|s| {
            s.as_ref().map_or_else(Vec::new, |s| {
                ORDER
                    .into_iter()
                    .filter(|p| s.external.is_enabled(*p))
                    .collect()
            })
        })
    };
    let email_too = move || {
        ctx.settings
            .with(|s| s.as_ref().is_none_or(|s| s.external.email))
    };
    view! {
        <When when=move || !enabled().is_empty()>
            <When when=email_too>
                <p class="ni-or"><span>{ctx.t(Key::Or)}</span></p>
            </When>
            <div class="ni-providers">
                {move || {
                    enabled()
                        .into_iter()
                        .map(|provider| {
                            let name = ctx.settings.with(|s| {
                                s.as_ref().map_or_else(
                                    || default_label(provider).to_owned(),
                                    |s| label(provider, &s.external_labels),
                                )
                            });
                            view! {
                                <button
                                    type="button"
                                    class=format!("ni-provider ni-provider--{}", provider.as_str())
                                    on:click=move |_| {
                                        let token = invite_token.get_value();
                                        ctx.identity.login_with_provider_invite(provider.as_str(), token.as_deref())
                                    }
                                >
                                    {format!("{} {name}", ctx.t(Key::ContinueWith))}
                                </button>
                            }
                        })
                        .collect_view()
                }}
            </div>
        </When>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sites_external_labels_name_the_buttons() {
        let labels = BTreeMap::from([
            ("saml".to_owned(), "Acme SSO".to_owned()),
            ("github".to_owned(), " ".to_owned()),
        ]);
        assert_eq!(label(Provider::Saml, &labels), "Acme SSO");
        // A blank label would leave "Continue with" alone: ours instead.
        assert_eq!(label(Provider::Github, &labels), "GitHub");
        assert_eq!(label(Provider::Google, &labels), "Google");
        assert_eq!(label(Provider::Saml, &BTreeMap::new()), "SAML");
    }
}
