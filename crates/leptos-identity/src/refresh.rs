//! Keeping the access token fresh: a timer a minute before expiry, a check
//! on return to the tab and when the network comes back, one refresh at a
//! time in this tab (a shared future) and across tabs (a Web Lock), and other
//! tabs' changes followed through `storage` events.

use std::time::Duration;

use futures::FutureExt;
use identity_core::keeper::{self, CookieSession, LockedRefresh, RefreshFailure};
use identity_core::wire::{StoredSession, TokenGrant, STORAGE_KEY};
use leptos::prelude::*;

use crate::browser::now_ms;
use crate::identity::{Identity, Source, Status};
use crate::lock::{with_lock, REFRESH_LOCK};
use crate::{cookie, storage, IdentityError, IdentityEvent};

/// setTimeout takes at most 2^31 - 1 ms.
const MAX_TIMER_MS: u64 = 2_147_483_647;

impl Identity {
    pub(crate) fn start(self, handle_hash: bool) {
        let (stored, source) = self.stored_or_cookie_session();
        let user = stored.as_ref().map(|s| s.user.clone());
        self.update_inner(|inner| inner.initialized = true);
        self.emit(IdentityEvent::Init(user));
        if stored.is_some() {
            self.set_session(stored, source);
            leptos::task::spawn_local(async move { self.check_restored_session().await });
        } else {
            self.status.set(Status::LoggedOut);
        }
        self.listen();
        if handle_hash {
            self.handle_url_hash();
        }
    }

    /// The stored session, with what the page's cookies add to it: a server's later tokens,
    /// or, when none is stored, the session a server left there (`@netlify/identity`'s
    /// server-side login). [`check_restored_session`](Self::check_restored_session) confirms
    /// either with the identity API.
    fn stored_or_cookie_session(self) -> (Option<StoredSession>, Source) {
        let stored = storage::load();
        match self.cookie_session(stored.as_ref()) {
            CookieSession::Keep => (stored, Source::Storage),
            CookieSession::Adopt(session) | CookieSession::Newer(session) => {
                (Some(*session), Source::Cookies)
            }
        }
    }

    fn cookie_session(self, stored: Option<&StoredSession>) -> CookieSession {
        let cookies = cookie::session();
        let cookies = cookies.as_ref().map(|(a, r)| (a.as_str(), r.as_str()));
        let url = self.api().url().to_owned();
        keeper::cookie_session(stored, cookies, &url, now_ms() / 1000)
    }

    /// A valid access token for an `Authorization: Bearer` header, refreshed
    /// first only when it expires within the margin. While the network is
    /// down, a token that has not expired yet is still returned.
    pub async fn jwt(self) -> Result<String, IdentityError> {
        let session = self
            .session
            .get_untracked()
            .ok_or(IdentityError::NotLoggedIn)?;
        let margin = self.margin();
        let now = now_ms() / 1000;
        if !session.token.needs_refresh(now, margin) {
            return Ok(session.token.access_token);
        }
        match self.refresh().await {
            Ok(session) => Ok(session.token.access_token),
            Err(IdentityError::Network(_)) if !session.token.needs_refresh(now, 0) => {
                Ok(session.token.access_token)
            }
            Err(error) => Err(error),
        }
    }

    /// Refreshes the session now. Concurrent calls in this tab share one
    /// request; other tabs wait for the lock and adopt the result.
    pub async fn refresh(self) -> Result<StoredSession, IdentityError> {
        // On the server there is nothing to refresh: no session starts there.
        let (pending, logging_out) = self
            .with_inner(|inner| (inner.refreshing.clone(), inner.logging_out))
            .unwrap_or((None, true));
        let future = match pending {
            Some(future) => future,
            None if logging_out => return Err(IdentityError::NotLoggedIn),
            None => {
                let future = self.refresh_once().boxed_local().shared();
                let kept = future.clone();
                self.update_inner(|inner| inner.refreshing = Some(kept));
                future
            }
        };
        let out = future.await;
        self.update_inner(|inner| inner.refreshing = None);
        out
    }

    async fn refresh_once(self) -> Result<StoredSession, IdentityError> {
        let held = self
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.token.refresh_token.clone()))
            .ok_or(IdentityError::NotLoggedIn)?;
        let (api, margin) = self
            .config
            .with_value(|config| (config.api.clone(), config.margin));
        let result = with_lock(REFRESH_LOCK, || async move {
            let mut stored = storage::load();
            if let CookieSession::Newer(session) = self.cookie_session(stored.as_ref()) {
                // A server spent the token we hold: keep its later ones, under the lock.
                storage::save(&session);
                stored = Some(*session);
            }
            match keeper::refresh_under_lock(&held, stored.as_ref(), now_ms(), margin) {
                LockedRefresh::LoggedOut => {
                    self.set_session(None, Source::Storage);
                    Err(IdentityError::SessionExpired)
                }
                LockedRefresh::Adopt(session) => {
                    self.set_session(Some((*session).clone()), Source::Storage);
                    Ok(*session)
                }
                LockedRefresh::Refresh(token) => {
                    let mut session = stored
                        .or_else(|| self.session.get_untracked())
                        .ok_or(IdentityError::NotLoggedIn)?;
                    let response = api.token(&TokenGrant::refresh(token)).await?;
                    session.replace_token(response)?;
                    self.set_session(Some(session.clone()), Source::ThisTab);
                    Ok(session)
                }
            }
        })
        .await;
        match result {
            Ok(session) => {
                self.update_inner(|inner| inner.retry_attempt = 0);
                Ok(session)
            }
            Err(error) => Err(self.after_failed_refresh(error)),
        }
    }

    /// Ends the session when the refresh token was refused, schedules a retry
    /// otherwise; returns the error the caller sees.
    fn after_failed_refresh(self, error: IdentityError) -> IdentityError {
        let api_error = match &error {
            IdentityError::Api(api_error) => Some(api_error),
            _ => None,
        };
        match (&error, keeper::classify_refresh_failure(api_error)) {
            (IdentityError::SessionExpired, _) | (_, RefreshFailure::Rejected) => {
                self.set_session(None, Source::ThisTab);
                self.fail(IdentityError::SessionExpired)
            }
            (IdentityError::NotLoggedIn, _) => error,
            (_, RefreshFailure::Transient) => {
                let attempt = self
                    .update_inner(|inner| {
                        inner.retry_attempt += 1;
                        inner.retry_attempt
                    })
                    .unwrap_or(1);
                self.set_timer(keeper::retry_delay_ms(attempt));
                self.fail(error)
            }
        }
    }

    /// Sets the refresh timer for the current session (or clears it).
    pub(crate) fn schedule_refresh(self) {
        let token = self
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.token.clone()));
        match token {
            Some(token) => {
                let margin = self.margin();
                self.set_timer(keeper::refresh_delay_ms(&token, now_ms(), margin));
            }
            None => self.clear_timer(),
        }
    }

    fn set_timer(self, delay_ms: u64) {
        self.clear_timer();
        let handle = set_timeout_with_handle(
            move || {
                leptos::task::spawn_local(async move {
                    let _ = self.refresh().await;
                });
            },
            Duration::from_millis(delay_ms.min(MAX_TIMER_MS)),
        );
        if let Ok(handle) = handle {
            self.update_inner(|inner| inner.timer = Some(handle));
        }
    }

    pub(crate) fn clear_timer(self) {
        self.update_inner(|inner| {
            if let Some(handle) = inner.timer.take() {
                handle.clear();
            }
        });
    }

    /// Refreshes now if the token is due (timers sleep with the tab).
    fn refresh_if_due(self) {
        let due = self.session.with_untracked(|s| {
            s.as_ref().is_some_and(|s| {
                let margin = self.margin();
                s.token.needs_refresh(now_ms() / 1000, margin)
            })
        });
        if due {
            leptos::task::spawn_local(async move {
                let _ = self.refresh().await;
            });
        }
    }

    fn listen(self) {
        let on_storage = window_event_listener(leptos::ev::storage, move |event| {
            if event.key().as_deref() != Some(STORAGE_KEY) {
                return;
            }
            let stored = event.new_value().as_deref().and_then(storage::parse);
            let ours = self.session.get_untracked();
            match keeper::reconcile(ours.as_ref(), stored.as_ref()) {
                keeper::Reconcile::Unchanged => {}
                keeper::Reconcile::Adopt(session) => {
                    self.set_session(Some(*session), Source::Storage)
                }
                keeper::Reconcile::LoggedOut => self.set_session(None, Source::Storage),
            }
        });
        let on_visible = window_event_listener_untyped("visibilitychange", move |_| {
            let visible = document().visibility_state() == web_sys::VisibilityState::Visible;
            if visible {
                self.refresh_if_due();
            }
        });
        let on_online = window_event_listener(leptos::ev::online, move |_| self.refresh_if_due());
        // A link opened in a tab already on the site changes only the hash.
        let on_hash =
            window_event_listener(leptos::ev::hashchange, move |_| self.handle_url_hash());
        on_cleanup(move || {
            on_storage.remove();
            on_visible.remove();
            on_online.remove();
            on_hash.remove();
        });
    }
}
