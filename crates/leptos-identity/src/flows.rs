//! What a user does: log in, sign up, confirm, recover, accept an invite,
//! change their account, log out.

use identity_core::wire::{
    Metadata, Password, SignupRequest, StoredSession, TokenGrant, TokenResponse, User, UserUpdate,
    VerifyRequest, VerifyType,
};

use leptos::prelude::*;

use crate::identity::{Identity, Notice, Source};
use crate::{storage, IdentityError};

/// What a signup led to.
#[derive(Debug, Clone, PartialEq)]
pub enum SignupOutcome {
    /// A confirmation email is on its way; nobody is logged in yet.
    ConfirmationSent(User),
    /// The site confirms automatically: the user is logged in.
    LoggedIn(User),
}

impl Identity {
    /// Logs in with email and password. An email change link opened while nobody was logged
    /// in is applied then (as the JS widget does); its failure is an `Error` event, not this
    /// login's.
    pub async fn login(self, email: &str, password: &str) -> Result<User, IdentityError> {
        let grant = TokenGrant::password(email.trim(), password);
        let result = async {
            let token = self.api().token(&grant).await?;
            self.start_session(token).await
        }
        .await;
        let user = result.map_err(|e| self.fail(e))?;
        let pending = self
            .pending_email_change
            .try_update_value(Option::take)
            .flatten();
        if let Some(token) = pending {
            return Ok(match self.confirm_email_change(&token).await {
                Ok(changed) => {
                    self.notify(Some(Notice::EmailChanged));
                    changed
                }
                Err(error) => {
                    self.notify(Some(Notice::EmailChangeFailed(error)));
                    user
                }
            });
        }
        Ok(user)
    }

    /// Signs up with a name (stored as `user_metadata.full_name`) and any
    /// extra metadata; logs in at once when the site autoconfirms.
    pub async fn signup(
        self,
        name: &str,
        email: &str,
        password: &str,
        mut data: Metadata,
    ) -> Result<SignupOutcome, IdentityError> {
        if !name.trim().is_empty() {
            data.insert("full_name".into(), name.trim().into());
        }
        let mut request = SignupRequest::new(email.trim(), password);
        request.data = Some(data);
        let user = self
            .api()
            .signup(&request)
            .await
            .map_err(|e| self.fail(e))?;
        if user.is_confirmed() {
            self.login(email, password)
                .await
                .map(SignupOutcome::LoggedIn)
        } else {
            Ok(SignupOutcome::ConfirmationSent(user))
        }
    }

    /// Redeems a signup confirmation token: the user is logged in.
    pub async fn confirm(self, token: &str) -> Result<User, IdentityError> {
        self.verify(VerifyRequest::new(VerifyType::Signup, token))
            .await
    }

    /// Redeems a recovery token: the user is logged in and should choose a
    /// new password ([`Identity::update_user`]).
    pub async fn recover(self, token: &str) -> Result<User, IdentityError> {
        self.verify(VerifyRequest::new(VerifyType::Recovery, token))
            .await
    }

    /// Finishes an invited account with its first password.
    pub async fn accept_invite(self, token: &str, password: &str) -> Result<User, IdentityError> {
        self.verify(VerifyRequest::accept_invite(token, password))
            .await
    }

    /// Emails a recovery link to `email`.
    pub async fn request_password_recovery(self, email: &str) -> Result<(), IdentityError> {
        self.api()
            .recover(email.trim())
            .await
            .map_err(|e| self.fail(e))
    }

    /// Changes the logged-in user: name and metadata (`data`, where `null`
    /// deletes a key), password, or email (which sends a confirmation link).
    pub async fn update_user(self, update: UserUpdate) -> Result<User, IdentityError> {
        let result = async {
            let token = self.jwt().await?;
            self.api().update_user(&token, &update).await
        }
        .await;
        let user = result.map_err(|e| self.fail(e))?;
        self.replace_user(user.clone());
        Ok(user)
    }

    /// Sets a new password for the logged-in user.
    pub async fn set_password(self, password: &str) -> Result<User, IdentityError> {
        self.update_user(UserUpdate {
            password: Some(Password::from(password)),
            ..UserUpdate::default()
        })
        .await
    }

    /// Confirms a new email address with the token from the email.
    pub async fn confirm_email_change(self, token: &str) -> Result<User, IdentityError> {
        self.update_user(UserUpdate {
            email_change_token: Some(token.to_owned()),
            ..UserUpdate::default()
        })
        .await
    }

    /// Sends the browser to log in with an external provider (`github`,
    /// `gitlab`, `google`, `bitbucket`); it comes back with a URL hash that
    /// [`provide_identity`](crate::provide_identity) turns into a session.
    pub fn login_with_provider(self, provider: &str) {
        self.login_with_provider_invite(provider, None);
    }

    /// Like [`Identity::login_with_provider`], accepting an invite with the
    /// provider's account.
    pub fn login_with_provider_invite(self, provider: &str, invite_token: Option<&str>) {
        let url = self.api().authorize_url(provider, invite_token);
        if let Some(window) = crate::browser::window() {
            let _ = window.location().set_href(&url);
        }
    }

    /// Logs out here and in every tab. The server revokes the refresh
    /// tokens when it can be reached; the session ends locally either way.
    pub async fn logout(self) {
        // A refresh sent now would meet the tokens this logout revokes (GoTrue answers 400
        // `invalid_grant`): none may start, and one already on its way lands first, so the
        // logout revokes the newest token.
        self.clear_timer();
        self.update_inner(|inner| inner.logging_out = true);
        let pending = self.with_inner(|inner| inner.refreshing.clone()).flatten();
        if let Some(pending) = pending {
            let _ = pending.await;
        }
        if let Some(session) = self.session.get_untracked() {
            let _ = self.api().logout(&session.token.access_token).await;
        }
        self.set_session(None, Source::ThisTab);
        self.update_inner(|inner| inner.logging_out = false);
    }

    async fn verify(self, request: VerifyRequest) -> Result<User, IdentityError> {
        let result = async {
            let token = self.api().verify(&request).await?;
            self.start_session(token).await
        }
        .await;
        result.map_err(|e| self.fail(e))
    }

    /// Tokens in hand: fetch the user, store the session, announce the login.
    pub(crate) async fn start_session(self, token: TokenResponse) -> Result<User, IdentityError> {
        let api = self.api();
        let user = api.user(&token.access_token).await?;
        let session = StoredSession::new(api.url(), "", token, user.clone())?;
        self.set_session(Some(session), Source::ThisTab);
        Ok(user)
    }

    pub(crate) fn replace_user(self, user: User) {
        if let Some(mut session) = self.session.get_untracked() {
            session.user = user;
            self.set_session(Some(session), Source::ThisTab);
        } else {
            storage::clear();
        }
    }
}
