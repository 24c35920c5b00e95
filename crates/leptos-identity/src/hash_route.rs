//! The links GoTrue sends land on the site with a token in the URL hash.
//! On load, act on it from whatever page it arrives, then clean the URL.

use identity_core::hash::{parse_url, EmailTokenKind, HashRoute};
use identity_core::wire::ApiError;

use leptos::prelude::*;

use crate::identity::{Identity, Notice};
use crate::{IdentityError, Page};

impl Identity {
    pub(crate) fn handle_url_hash(self) {
        let Some(window) = crate::browser::window() else {
            return;
        };
        let Ok(href) = window.location().href() else {
            return;
        };
        let Some(route) = parse_url(&href) else {
            return;
        };
        if let HashRoute::OAuthSuccess(ret) = &route {
            // Netlify CMS runs its own implicit flow through the same hash.
            if ret.is_implicit_grant() {
                return;
            }
        }
        clean_hash(&window);
        leptos::task::spawn_local(async move { self.follow(route).await });
    }

    async fn follow(self, route: HashRoute) {
        match route {
            HashRoute::EmailToken { kind, token } => match kind {
                EmailTokenKind::Confirmation => {
                    if self.session.with_untracked(Option::is_none) {
                        self.open(Page::Login);
                    }
                    if self.confirm(&token).await.is_ok() {
                        self.close();
                    } else {
                        // As the JS widget: the signup page, with its verification-error
                        // message (the server's own words went out as an `Error` event).
                        self.show(Page::Signup);
                        self.notify(Some(Notice::VerificationError));
                    }
                }
                EmailTokenKind::Recovery => {
                    self.open(Page::Login);
                    if self.recover(&token).await.is_ok() {
                        self.open(Page::SetPassword);
                    }
                }
                EmailTokenKind::Invite => self.open(Page::AcceptInvite { token }),
                EmailTokenKind::EmailChange => {
                    if self.session.with_untracked(Option::is_some) {
                        // A failure is told in the modal (its error listener).
                        self.open(Page::User);
                        if self.confirm_email_change(&token).await.is_ok() {
                            self.notify(Some(Notice::EmailChanged));
                        }
                    } else {
                        // Kept for the login the modal asks for (the JS widget's way), then
                        // applied by `login`.
                        self.pending_email_change.set_value(Some(token));
                        self.open(Page::Login);
                    }
                }
            },
            HashRoute::OAuthSuccess(ret) => {
                if let Err(error) = self.start_session(ret.token).await {
                    self.fail(error);
                }
            }
            HashRoute::OAuthError(error) => {
                let status = ApiError {
                    status: 400,
                    body: identity_core::wire::ErrorBody::OAuth(error),
                };
                self.open(Page::Login);
                self.fail(IdentityError::Api(status));
            }
        }
    }
}

fn clean_hash(window: &web_sys::Window) {
    let location = window.location();
    let (Ok(path), Ok(search)) = (location.pathname(), location.search()) else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{search}")),
        );
    }
}
