//! The identity modal: every page of netlify-identity-widget, as real forms in
//! the page (no iframe), so password managers fill them.

mod dialog;
pub(crate) mod fields;
mod forms;
mod providers;
mod style;

use std::collections::HashMap;
use std::future::Future;

use futures::future::LocalBoxFuture;
use identity_core::wire::Settings;
use leptos::prelude::*;

use crate::events::{EventKind, IdentityEvent};
use crate::i18n::{Key, Locale, Strings};
use crate::identity::use_identity;
use crate::when::When;
use crate::{Identity, IdentityError, Page};

pub use style::inject_styles;

/// A message shown above the form; errors are announced to screen readers.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Flash {
    Success(String),
    Error(String),
}

/// What a login made in the modal's forms leads to (the modal's props).
pub(crate) struct AfterLogin {
    pub close: bool,
    pub redirect: Option<String>,
    pub callback: Option<Callback<()>>,
}

impl Default for AfterLogin {
    fn default() -> Self {
        Self {
            close: true,
            redirect: None,
            callback: None,
        }
    }
}

/// What a form does once its call has succeeded.
type OnOk = Box<dyn FnOnce()>;

/// What every page of the modal shares.
#[derive(Clone, Copy)]
pub(crate) struct ModalCtx {
    pub identity: Identity,
    pub strings: StoredValue<Strings>,
    pub flash: RwSignal<Option<Flash>>,
    pub saving: RwSignal<bool>,
    pub settings: RwSignal<Option<Settings>>,
    after_login: StoredValue<AfterLogin>,
}

impl ModalCtx {
    pub fn new(identity: Identity, strings: StoredValue<Strings>, after_login: AfterLogin) -> Self {
        Self {
            identity,
            strings,
            flash: RwSignal::new(None),
            saving: RwSignal::new(false),
            settings: RwSignal::new(None),
            after_login: StoredValue::new(after_login),
        }
    }

    pub fn t(self, key: Key) -> String {
        self.strings.with_value(|s| s.get(key))
    }

    /// Runs an identity call with the form disabled, and shows its error.
    pub fn submit<F, T>(self, call: F, on_ok: impl FnOnce(T) + 'static)
    where
        F: Future<Output = Result<T, IdentityError>> + 'static,
        T: 'static,
    {
        self.run(Box::pin(async move {
            let value = call.await?;
            Ok(Box::new(move || on_ok(value)) as OnOk)
        }));
    }

    /// The part of [`submit`](Self::submit) that does not depend on the call: one copy
    /// for every form instead of one each.
    fn run(self, call: LocalBoxFuture<'static, Result<OnOk, IdentityError>>) {
        if self.saving.get_untracked() {
            return;
        }
        self.saving.set(true);
        self.flash.set(None);
        self.identity.notify(None);
        leptos::task::spawn_local(async move {
            let result = call.await;
            self.saving.set(false);
            match result {
                Ok(on_ok) => on_ok(),
                Err(error) => self.show_error(&error),
            }
        });
    }

    pub fn show_error(self, error: &IdentityError) {
        self.flash.set(Some(Flash::Error(self.error_text(error))));
    }

    /// What the modal says for `error`: the server's words, translated where the original
    /// widget translated them.
    pub fn error_text(self, error: &IdentityError) -> String {
        match error {
            IdentityError::Api(api) => self
                .strings
                .with_value(|s| s.server_message(&api.to_string())),
            other => other.to_string(),
        }
    }

    pub fn go(self, page: Page) {
        self.flash.set(None);
        self.identity.show(page);
    }

    /// A form of the modal logged someone in: close (or show the account) and follow
    /// `redirect_after_login`. The forms call this directly; a login that comes from elsewhere
    /// (another tab, an email link, an OAuth return) leaves the modal where it is.
    pub fn logged_in(self) {
        // A login that completed an email change shows that instead of going on.
        if self.identity.notice.get_untracked().is_some() {
            self.identity.show(Page::User);
            return;
        }
        let (close, redirect, callback) = self
            .after_login
            .with_value(|after| (after.close, after.redirect.clone(), after.callback));
        if close {
            self.identity.close();
        } else {
            self.go(Page::User);
        }
        if let Some(callback) = callback {
            callback.run(());
        } else if let (Some(url), Some(window)) = (redirect, crate::browser::window()) {
            let _ = window.location().assign(&url);
        }
    }
}

/// The login / signup modal. Put it once anywhere under
/// [`provide_identity`](crate::provide_identity); open it with
/// [`Identity::open`] or an [`IdentityButton`](crate::IdentityButton).
///
/// ```rust,ignore
/// view! { <IdentityModal redirect_after_login="/account" /> }
/// ```
///
/// In an app with a router, go on through the router instead of a page load:
///
/// ```rust,ignore
/// let navigate = leptos_router::hooks::use_navigate();
/// view! { <IdentityModal on_login=Callback::new(move |()| navigate("/account", Default::default())) /> }
/// ```
#[component]
pub fn IdentityModal(
    /// Close when someone logs in with the modal, instead of showing "Logged in as".
    #[prop(optional, default = true)]
    close_on_login: bool,
    /// Go to this address after a login made in the modal (email and password, a signup
    /// that logs in at once, an accepted invite); not after a recovery or confirmation link.
    #[prop(optional, into)]
    redirect_after_login: Option<String>,
    /// Called after a login made in the modal, in place of `redirect_after_login`: say, to
    /// navigate with the app's router (`use_navigate`) rather than load a page.
    #[prop(optional, into)]
    on_login: Option<Callback<()>>,
    /// The language; default: the widget's ([`Identity::locale`]), which follows
    /// [`Identity::set_locale`].
    #[prop(optional)]
    locale: Option<Locale>,
    /// Replacements for single strings, whatever the language.
    #[prop(optional)]
    overrides: HashMap<Key, String>,
    /// Extra classes on the dialog.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    inject_styles();
    let identity = use_identity();
    let locale = move || locale.unwrap_or_else(|| identity.locale().get());
    let ctx = ModalCtx::new(
        identity,
        StoredValue::new(Strings {
            locale: untrack(locale),
            overrides,
        }),
        AfterLogin {
            close: close_on_login,
            redirect: redirect_after_login,
            callback: on_login,
        },
    );

    // Settings decide the tabs and the provider buttons: fetched on first open, and again
    // after a change of the deployed site used in local development.
    Effect::new(move |site_before: Option<Option<String>>| {
        let site = identity.site_url().get();
        if site_before.is_some_and(|before| before != site) {
            ctx.settings.set(None);
        }
        // Not while asking which site: this origin's API is not the one wanted.
        let open = identity
            .modal_page()
            .with(|page| page.as_ref().is_some_and(|page| *page != Page::SiteUrl));
        if open && ctx.settings.get_untracked().is_none() {
            leptos::task::spawn_local(async move {
                match identity.api().settings().await {
                    Ok(settings) => ctx.settings.set(Some(settings)),
                    Err(error) => {
                        ctx.settings.set(Some(Settings::default()));
                        ctx.show_error(&error);
                    }
                }
            });
        }
        site
    });

    // Errors of what happens outside the forms (an email link, an OAuth
    // return, a refresh) are told in the open modal too.
    let errors = identity.on(Some(EventKind::Error), move |event| {
        if let IdentityEvent::Error(error) = event {
            if identity.modal_page().get_untracked().is_some() && !ctx.saving.get_untracked() {
                ctx.show_error(error);
            }
        }
    });
    on_cleanup(move || errors.unsubscribe());

    view! {
        <When when=move || identity.modal_page().get().is_some()>
            {move || {
                let locale = locale();
                ctx.strings.update_value(|s| s.locale = locale);
                let dir = if locale.is_rtl() { "rtl" } else { "ltr" };
                view! { <dialog::Dialog ctx class=class lang=locale.code() dir=dir /> }
            }}
        </When>
    }
}
