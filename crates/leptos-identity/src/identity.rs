//! The whole identity state: one `Copy` struct of signals, provided in
//! context.

use std::rc::Rc;

use futures::future::{LocalBoxFuture, Shared};
use identity_core::keeper::{self, Change};
use identity_core::wire::{Metadata, StoredSession, User};
use leptos::prelude::*;

use leptos::server::SharedValue;
use serde::{Deserialize, Serialize};

use crate::api::GoTrue;
use crate::browser::{self, Phase};
use crate::cookie::{CookieDomain, ServerCookie};
use crate::events::{EventKind, IdentityEvent};
use crate::i18n::Locale;
use crate::{storage, IdentityError, Page};

/// How the widget is set up. `IdentityOptions::default()` suits a site on
/// Netlify.
#[derive(Debug, Clone)]
pub struct IdentityOptions {
    /// The identity API. Default: `<this origin>/.netlify/identity`.
    pub api_url: Option<String>,
    /// Refresh the access token this many seconds before it expires.
    pub refresh_margin_secs: i64,
    /// Act on `#confirmation_token=…`, `#recovery_token=…`, `#invite_token=…`,
    /// `#email_change_token=…` and OAuth returns found in the URL on load.
    pub handle_url_hash: bool,
    /// Keep the access token in the `nf_jwt` cookie, which Netlify reads for
    /// role-based redirects (`conditions = { Role = ["admin"] }`); when the session ends,
    /// remove it (on the host and on [`cookie_domain`](Self::cookie_domain)).
    pub sync_cookie: bool,
    /// The `Domain` of the `nf_jwt` cookie, so every subdomain gets it: the JS widget's
    /// `cookieDomain`. Default: the page's host alone.
    ///
    /// ```
    /// use leptos_identity::{cookie::CookieDomain, IdentityOptions};
    /// let options = IdentityOptions {
    ///     cookie_domain: Some(CookieDomain::new(".example.com").unwrap()),
    ///     ..IdentityOptions::default()
    /// };
    /// # let _ = options;
    /// ```
    pub cookie_domain: Option<CookieDomain>,
    /// GoTrue's own remember flow, opt-in: the identity API keeps the access token in an
    /// `HttpOnly` `nf_jwt` of its own (`X-Use-Cookie`), out of script's reach;
    /// [`ServerCookie::Persistent`] survives a browser restart. Ignored with a
    /// [`cookie_domain`](Self::cookie_domain), as the JS widget ignores its server cookie
    /// then (the two would be two cookies of one name). Default: off, as gotrue-js.
    pub server_cookie: Option<ServerCookie>,
    /// Local development against a deployed site, as the JS widget offers it: on a local host
    /// (`localhost`, `127.0.0.1`, `0.0.0.0`) and without [`api_url`](Self::api_url), talk to the
    /// identity API of the Netlify site remembered in `localStorage["netlifySiteURL"]` (the JS
    /// widget's key); until one is remembered, the modal asks for it before login or signup.
    /// Change it with [`Identity::set_site_url`]. Default: off (the page's own origin).
    pub site_url_on_localhost: bool,
    /// The language of every component of the widget. Default: on the server, the request's
    /// `Accept-Language`; in the browser, its preferred languages (the server's choice while
    /// hydrating, so both render the same). Change it later with [`Identity::set_locale`].
    pub locale: Option<Locale>,
}

impl Default for IdentityOptions {
    fn default() -> Self {
        Self {
            api_url: None,
            refresh_margin_secs: keeper::REFRESH_MARGIN_SECS,
            handle_url_hash: true,
            sync_cookie: true,
            cookie_domain: None,
            server_cookie: None,
            site_url_on_localhost: false,
            locale: None,
        }
    }
}

/// A message of the modal that outlives the form or link that caused it (the JS widget's
/// `store.message`): shown until the modal is opened or closed from outside, or a form is sent.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Notice {
    /// An email change link was applied: "Your email address has been updated!".
    EmailChanged,
    /// An email change link kept for a login was refused after it.
    EmailChangeFailed(IdentityError),
    /// A confirmation link was refused: "There was an error verifying your account…".
    VerificationError,
}

/// Where the session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Storage not read yet.
    Initializing,
    /// Nobody is logged in.
    LoggedOut,
    /// A user is logged in.
    LoggedIn,
}

/// Where a new session state comes from: it decides whether the state is written to
/// storage and whether a login it starts is fresh or restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// Made in this tab (a login, a refresh, a logout): written to storage; a login is fresh.
    ThisTab,
    /// Read from storage (on start, or written there by another tab), which already holds
    /// it: not written again; a login is restored.
    Storage,
    /// Found in the page's `nf_jwt` and `nf_refresh` cookies, where a server (its
    /// `@netlify/identity`) left it or its later tokens: written to storage; a login is
    /// restored.
    Cookies,
}

type Listener = Rc<dyn Fn(&IdentityEvent)>;
pub(crate) type RefreshFuture =
    Shared<LocalBoxFuture<'static, Result<StoredSession, IdentityError>>>;

/// What the widget was set up with: the same on the server and in the browser.
pub(crate) struct Config {
    pub api: GoTrue,
    pub margin: i64,
    pub sync_cookie: bool,
    pub cookie_domain: Option<CookieDomain>,
    /// On a local host with [`IdentityOptions::site_url_on_localhost`]: the API follows the
    /// remembered site URL.
    pub dev_site: bool,
    /// `IdentityOptions::server_cookie`, unless a cookie domain is set.
    pub server_cookie: Option<ServerCookie>,
}

/// What runs in the browser: listeners, the refresh in flight, the timer. Not `Send`, so it
/// exists only in the browser: a server renders on many threads.
pub(crate) struct Inner {
    pub listeners: Vec<(u64, Option<EventKind>, Listener)>,
    pub next_listener: u64,
    pub refreshing: Option<RefreshFuture>,
    pub timer: Option<TimeoutHandle>,
    pub retry_attempt: u32,
    pub initialized: bool,
    /// A logout is on its way: no refresh may start (it would spend a token the logout
    /// revokes).
    pub logging_out: bool,
}

/// The identity of whoever uses the site: session, status, modal, events.
///
/// `Copy`, so handlers and closures take it by value. Get it with
/// [`use_identity`] after [`provide_identity`].
#[derive(Clone, Copy)]
pub struct Identity {
    pub(crate) session: RwSignal<Option<StoredSession>>,
    pub(crate) status: RwSignal<Status>,
    pub(crate) last_event: RwSignal<Option<IdentityEvent>>,
    pub(crate) modal: RwSignal<Option<Page>>,
    pub(crate) locale: RwSignal<Locale>,
    /// What the caller gave [`Identity::open_with_metadata`], sent with a signup made in the
    /// modal.
    pub(crate) signup_metadata: StoredValue<Metadata>,
    /// The deployed site whose identity API is used in local development (see
    /// [`IdentityOptions::site_url_on_localhost`]).
    pub(crate) site_url: RwSignal<Option<String>>,
    /// The modal's message (see [`Notice`]).
    pub(crate) notice: RwSignal<Option<Notice>>,
    /// An email change link opened while nobody was logged in: applied after the next login
    /// with a password, as the JS widget does.
    pub(crate) pending_email_change: StoredValue<Option<String>>,
    /// Who the server rendered the page for (a verified `nf_jwt`), shown until storage is read.
    pub(crate) first_user: StoredValue<Option<User>>,
    pub(crate) config: StoredValue<Config>,
    /// `None` on the server.
    pub(crate) inner: Option<StoredValue<Inner, LocalStorage>>,
}

/// What the first render knows before storage is read: the same on the server and, carried in
/// the page, in the browser that hydrates it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct FirstRender {
    user: Option<User>,
    locale: Locale,
}

/// Creates the identity state, provides it in context, and starts it: reads
/// the stored session, acts on the URL hash, and keeps the token fresh.
///
/// In a server-rendered app it starts nothing on the server, and in the browser only once
/// hydration is done. With the `ssr` feature and a [`Verifier`](crate::server::Verifier) in
/// context, the server renders for the user of the request's `nf_jwt` cookie, and the browser's
/// first render matches it.
pub fn provide_identity(options: IdentityOptions) -> Identity {
    let dev_site = options.site_url_on_localhost
        && options.api_url.is_none()
        && crate::site_url::on_local_host();
    let site_url = dev_site.then(crate::site_url::load).flatten();
    let server_cookie = options
        .server_cookie
        .filter(|_| options.cookie_domain.is_none());
    let api_url = match (&options.api_url, &site_url) {
        (Some(api_url), _) => api_url.clone(),
        (None, Some(site)) => crate::site_url::identity_api(site),
        (None, None) => default_api_url(),
    };
    let explicit_locale = options.locale;
    let phase = browser::phase();
    let first = SharedValue::new(move || FirstRender {
        user: request_user(),
        locale: explicit_locale.unwrap_or_else(request_locale),
    })
    .into_inner();
    let identity = Identity {
        session: RwSignal::new(None),
        status: RwSignal::new(Status::Initializing),
        last_event: RwSignal::new(None),
        modal: RwSignal::new(None),
        locale: RwSignal::new(first.locale),
        signup_metadata: StoredValue::new(Metadata::new()),
        site_url: RwSignal::new(site_url),
        notice: RwSignal::new(None),
        pending_email_change: StoredValue::new(None),
        first_user: StoredValue::new(first.user),
        config: StoredValue::new(Config {
            api: GoTrue::new(api_url).with_server_cookie(server_cookie),
            margin: options.refresh_margin_secs,
            sync_cookie: options.sync_cookie,
            cookie_domain: options.cookie_domain.clone(),
            dev_site,
            server_cookie,
        }),
        inner: (phase != Phase::Server).then(|| {
            StoredValue::new_local(Inner {
                listeners: Vec::new(),
                next_listener: 0,
                refreshing: None,
                timer: None,
                retry_attempt: 0,
                initialized: false,
                logging_out: false,
            })
        }),
    };
    provide_context(identity);
    let handle_hash = options.handle_url_hash;
    match phase {
        Phase::Server => {}
        // Effects run after hydration; `untrack` keeps this one from ever running again.
        Phase::Hydrating => {
            Effect::new(move |_| untrack(|| identity.start(handle_hash)));
        }
        Phase::Browser => identity.start(handle_hash),
    }
    identity
}

/// The verified user of the request being rendered on the server.
fn request_user() -> Option<User> {
    #[cfg(feature = "ssr")]
    {
        crate::server::request_user().map(|user| user.claims().user())
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// The request's `Accept-Language` on the server, the browser's languages in a browser.
fn request_locale() -> Locale {
    #[cfg(feature = "ssr")]
    if let Some(locale) = crate::server::request_locale() {
        return locale;
    }
    Locale::from_browser()
}

/// The identity provided by [`provide_identity`].
///
/// # Panics
/// When no ancestor called [`provide_identity`]: that is a bug in the app, not
/// something a user can cause.
pub fn use_identity() -> Identity {
    expect_context::<Identity>()
}

/// The identity, if one was provided.
pub fn try_use_identity() -> Option<Identity> {
    use_context::<Identity>()
}

fn default_api_url() -> String {
    let origin = browser::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}/.netlify/identity")
}

/// A subscription made with [`Identity::on`]; call
/// [`unsubscribe`](Subscription::unsubscribe) to stop it.
#[derive(Clone, Copy)]
pub struct Subscription {
    identity: Identity,
    id: u64,
}

impl Subscription {
    /// Stops the callback.
    pub fn unsubscribe(self) {
        self.identity.update_inner(|inner| {
            inner.listeners.retain(|(id, _, _)| *id != self.id);
        });
    }
}

impl Identity {
    /// The logged-in user, or `None`.
    /// While the stored session is not read yet, that is the user the server rendered the page
    /// for, if it knew one.
    pub fn user(self) -> Signal<Option<User>> {
        let (session, status, first) = (self.session, self.status, self.first_user);
        Signal::derive(move || match status.get() {
            Status::Initializing => first.get_value(),
            _ => session.with(|s| s.as_ref().map(|s| s.user.clone())),
        })
    }

    /// Where the session stands.
    pub fn status(self) -> Signal<Status> {
        self.status.into()
    }

    /// Whether a user is logged in.
    /// (While the stored session is not read yet: whether the server knew a user.)
    pub fn is_logged_in(self) -> Signal<bool> {
        let (status, first) = (self.status, self.first_user);
        Signal::derive(move || match status.get() {
            Status::Initializing => first.with_value(Option::is_some),
            status => status == Status::LoggedIn,
        })
    }

    /// Whether the logged-in user has `role` in `app_metadata.roles`; `None`
    /// until the session is read, so a page can wait instead of flashing (unless the server
    /// rendered the page for a verified user, whose roles answer until then).
    pub fn has_role(self, role: &'static str) -> Signal<Option<bool>> {
        let (status, session, first) = (self.status, self.session, self.first_user);
        Signal::derive(move || match status.get() {
            Status::Initializing => first.with_value(|u| u.as_ref().map(|u| u.has_role(role))),
            _ => Some(session.with(|s| s.as_ref().is_some_and(|s| s.user.has_role(role)))),
        })
    }

    /// A condition for `leptos_router`'s `ProtectedRoute`: `Some(true)` when a user is logged
    /// in, `Some(false)` when nobody is, `None` while the stored session is not read yet (and
    /// the server knew nobody), so the route waits instead of redirecting a returning user.
    ///
    /// ```rust,ignore
    /// <ProtectedRoute path=path!("/account") view=Account
    ///     condition=identity.logged_in_condition() redirect_path=|| "/" />
    /// ```
    pub fn logged_in_condition(self) -> impl Fn() -> Option<bool> + Clone + Send + Sync + 'static {
        let (status, first) = (self.status, self.first_user);
        move || match status.get() {
            Status::Initializing => first.with_value(Option::is_some).then_some(true),
            status => Some(status == Status::LoggedIn),
        }
    }

    /// A condition for `ProtectedRoute`: whether the user has `role`, `None` while not known
    /// (see [`Identity::has_role`]).
    ///
    /// ```rust,ignore
    /// <ProtectedRoute path=path!("/admin") view=Admin
    ///     condition=identity.role_condition("admin") redirect_path=|| "/" />
    /// ```
    pub fn role_condition(
        self,
        role: &'static str,
    ) -> impl Fn() -> Option<bool> + Clone + Send + Sync + 'static {
        let has_role = self.has_role(role);
        move || has_role.get()
    }

    /// The language of the widget's components.
    pub fn locale(self) -> Signal<Locale> {
        self.locale.into()
    }

    /// Changes the language of every component of the widget, as the JS widget's `setLocale`.
    pub fn set_locale(self, locale: Locale) {
        if self.locale.get_untracked() != locale {
            self.locale.set(locale);
        }
    }

    /// The last event, as a signal.
    pub fn last_event(self) -> Signal<Option<IdentityEvent>> {
        self.last_event.into()
    }

    /// The modal's page, or `None` when it is closed.
    pub fn modal_page(self) -> Signal<Option<Page>> {
        self.modal.into()
    }

    /// The identity API this widget talks to.
    pub fn api_url(self) -> String {
        self.config.with_value(|config| config.api.url().to_owned())
    }

    /// The deployed site whose identity API the widget uses in local development, as a
    /// signal; `None` when it uses its own (see [`IdentityOptions::site_url_on_localhost`]).
    pub fn site_url(self) -> Signal<Option<String>> {
        self.site_url.into()
    }

    /// Whether the widget works against a deployed site from a local host: the modal then
    /// offers to forget the site ("Clear localhost URL").
    pub fn is_dev_site(self) -> bool {
        self.config.with_value(|config| config.dev_site)
    }

    /// Local development: use the identity API of the deployed site at `url` (e.g.
    /// `https://example.netlify.app`, with or without `/.netlify/identity`) and remember it in
    /// `localStorage["netlifySiteURL"]`; `None` forgets it and goes back to this origin's API.
    /// Only with [`IdentityOptions::site_url_on_localhost`] on a local host; anywhere else it
    /// changes nothing. The stored session is kept, as the JS widget keeps it.
    pub fn set_site_url(self, url: Option<&str>) -> Result<(), crate::site_url::InvalidSiteUrl> {
        let url = url.map(crate::site_url::site_url).transpose()?;
        if !self.is_dev_site() {
            return Ok(());
        }
        crate::site_url::save(url.as_deref());
        let api_url = url
            .as_deref()
            .map_or_else(default_api_url, crate::site_url::identity_api);
        self.config.update_value(|config| {
            config.api = GoTrue::new(api_url).with_server_cookie(config.server_cookie)
        });
        self.site_url.set(url);
        Ok(())
    }

    /// Whether the modal must ask for the deployed site's URL before anything else.
    fn asks_site_url(self) -> bool {
        self.is_dev_site() && self.site_url.with_untracked(Option::is_none)
    }

    /// Calls `callback` on every event of `kind` (or every event, with
    /// `None`). A late subscriber learns the current state at once: `Init`
    /// after initialisation, and `Login { restored: true }` while a user is
    /// logged in (state, not a fresh login).
    pub fn on(
        self,
        kind: Option<EventKind>,
        callback: impl Fn(&IdentityEvent) + 'static,
    ) -> Subscription {
        let callback: Listener = Rc::new(callback);
        let (id, initialized) = self
            .update_inner(|inner| {
                let id = inner.next_listener;
                inner.next_listener += 1;
                inner.listeners.push((id, kind, callback.clone()));
                (id, inner.initialized)
            })
            .unwrap_or_default();
        let user = self
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.user.clone()));
        if initialized {
            let mut replay = vec![IdentityEvent::Init(user.clone())];
            if let Some(user) = user {
                replay.push(IdentityEvent::Login {
                    user,
                    restored: true,
                });
            }
            for event in replay {
                if kind.is_none_or(|k| k == event.kind()) {
                    callback(&event);
                }
            }
        }
        Subscription { identity: self, id }
    }

    /// Opens the modal on `page` (a logged-in user asking for login or signup
    /// sees their account). Metadata an earlier [`Identity::open_with_metadata`] gave is
    /// dropped, as the JS widget's `open(action)` drops it.
    pub fn open(self, page: Page) {
        self.open_with_metadata(page, Metadata::new());
    }

    /// Opens the modal on `page`, and a signup made in it sends `metadata` in the request's
    /// `data` (it becomes `user_metadata`) beside the Name field's `full_name`, which wins over a
    /// `full_name` in `metadata`: the JS widget's `open("signup", metadata)`. It lasts while the
    /// modal moves between its pages, until the next `open`.
    ///
    /// ```rust,ignore
    /// let mut metadata = identity_core::wire::Metadata::new();
    /// metadata.insert("plan".into(), "pro".into());
    /// identity.open_with_metadata(Page::Signup, metadata);
    /// ```
    pub fn open_with_metadata(self, page: Page, metadata: Metadata) {
        self.signup_metadata.set_value(metadata);
        self.notify(None);
        self.show(page);
    }

    /// The metadata a signup made in the modal sends (see [`Identity::open_with_metadata`]).
    pub fn signup_metadata(self) -> Metadata {
        self.signup_metadata.get_value()
    }

    /// Moves the modal to `page` from inside it: the caller's signup metadata stays.
    pub(crate) fn show(self, page: Page) {
        let logged_in = self.status.get_untracked() == Status::LoggedIn;
        let page = match page.resolve(logged_in) {
            Page::Login | Page::Signup if self.asks_site_url() => Page::SiteUrl,
            page => page,
        };
        self.modal.set(Some(page.clone()));
        self.emit(IdentityEvent::Open(page));
    }

    /// Closes the modal.
    pub fn close(self) {
        self.notify(None);
        if self.modal.get_untracked().is_some() {
            self.modal.set(None);
            self.emit(IdentityEvent::Close);
        }
    }

    /// Sets (or clears) the modal's message.
    pub(crate) fn notify(self, notice: Option<Notice>) {
        if self.notice.get_untracked() != notice {
            self.notice.set(notice);
        }
    }

    pub(crate) fn emit(self, event: IdentityEvent) {
        let listeners: Vec<Listener> = self
            .with_inner(|inner| {
                inner
                    .listeners
                    .iter()
                    .filter(|(_, kind, _)| kind.is_none_or(|k| k == event.kind()))
                    .map(|(_, _, listener)| listener.clone())
                    .collect()
            })
            .unwrap_or_default();
        self.last_event.set(Some(event.clone()));
        for listener in listeners {
            listener(&event);
        }
    }

    pub(crate) fn fail(self, error: IdentityError) -> IdentityError {
        self.emit(IdentityEvent::Error(error.clone()));
        error
    }

    /// Moves to a new session: the signals, storage when it was made here, the
    /// events, and the refresh timer.
    pub(crate) fn set_session(self, next: Option<StoredSession>, source: Source) {
        let before = self.session.get_untracked();
        let restored = source != Source::ThisTab;
        if source != Source::Storage {
            match &next {
                Some(session) => storage::save(session),
                None => storage::clear(),
            }
        }
        let changes = keeper::changes(before.as_ref(), next.as_ref());
        self.status.set(if next.is_some() {
            Status::LoggedIn
        } else {
            Status::LoggedOut
        });
        self.session.set(next.clone());
        let (sync_cookie, domain) = self
            .config
            .with_value(|config| (config.sync_cookie, config.cookie_domain.clone()));
        if sync_cookie {
            let tokens = next.as_ref().map(|s| {
                (
                    s.token.access_token.as_str(),
                    s.token.refresh_token.as_str(),
                )
            });
            crate::cookie::sync(tokens, domain.as_ref());
        }
        self.schedule_refresh();
        for change in changes {
            let event = match (change, &next) {
                (Change::Login, Some(session)) => IdentityEvent::Login {
                    user: session.user.clone(),
                    restored,
                },
                (Change::UserUpdated, Some(session)) => {
                    IdentityEvent::UserUpdated(session.user.clone())
                }
                (Change::TokenRefresh, _) => IdentityEvent::TokenRefresh,
                (Change::Logout, _) => IdentityEvent::Logout,
                _ => continue,
            };
            self.emit(event);
        }
    }

    pub(crate) fn api(self) -> GoTrue {
        self.config.with_value(|config| config.api.clone())
    }

    pub(crate) fn margin(self) -> i64 {
        self.config.with_value(|config| config.margin)
    }

    /// Reads the browser-side state; `None` on the server.
    pub(crate) fn with_inner<R>(self, f: impl FnOnce(&Inner) -> R) -> Option<R> {
        self.inner?.try_with_value(f)
    }

    /// Changes the browser-side state; `None` on the server.
    pub(crate) fn update_inner<R>(self, f: impl FnOnce(&mut Inner) -> R) -> Option<R> {
        self.inner?.try_update_value(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata(key: &str, value: &str) -> Metadata {
        let mut metadata = Metadata::new();
        metadata.insert(key.into(), value.into());
        metadata
    }

    #[test]
    fn signup_metadata_lasts_across_the_modals_pages_until_the_next_open() {
        let owner = Owner::new();
        owner.with(|| {
            let identity = provide_identity(IdentityOptions::default());
            identity.open_with_metadata(Page::Signup, metadata("plan", "pro"));
            assert_eq!(identity.modal_page().get_untracked(), Some(Page::Signup));
            identity.show(Page::Login);
            identity.show(Page::Signup);
            assert_eq!(identity.signup_metadata(), metadata("plan", "pro"));
            identity.open(Page::Signup);
            assert!(identity.signup_metadata().is_empty());
        });
    }
}
