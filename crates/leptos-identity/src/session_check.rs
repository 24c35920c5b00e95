//! A session restored from storage, confirmed with the identity API: a user deleted (or
//! whose token the server refuses) is logged out on load instead of at the next refresh, up to
//! an hour later, as netlify-identity-widget 2 does on `init`. Offline, the session stays.

use identity_core::keeper::{check_restored_session, SessionCheck};
use leptos::prelude::*;

use crate::identity::{Identity, Source};
use crate::IdentityError;

impl Identity {
    /// Asks `GET /user` who the restored session belongs to, and follows the answer: a
    /// newer copy of the user replaces the stored one; a refusal ends the session.
    pub(crate) async fn check_restored_session(self) {
        // A refresh that is due happens here (and a refused one already ends the session).
        let Ok(token) = self.jwt().await else {
            return;
        };
        let answer = self.api().user(&token).await;
        // The session moved on meanwhile (a refresh, a logout, another tab): the answer is
        // about a session that is no longer ours.
        let same = self
            .session
            .with_untracked(|s| s.as_ref().is_some_and(|s| s.token.access_token == token));
        if !same {
            return;
        }
        match answer {
            Ok(user) => {
                let changed = self
                    .session
                    .with_untracked(|s| s.as_ref().is_some_and(|s| s.user != user));
                if changed {
                    self.replace_user(user);
                }
            }
            Err(error) => {
                if check_restored_session(error.status()) == SessionCheck::End {
                    self.set_session(None, Source::ThisTab);
                    self.fail(IdentityError::SessionExpired);
                }
            }
        }
    }
}
