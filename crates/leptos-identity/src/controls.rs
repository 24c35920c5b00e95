//! Drop-in controls, like the JS widget's `data-netlify-identity-button` and
//! `data-netlify-identity-menu`, in the widget's language.

use leptos::prelude::*;

use crate::i18n::{Key, Locale};
use crate::identity::{use_identity, Identity};
use crate::when::When;
use crate::Page;

/// The text of `key` in `locale` if given, else in the widget's language (which follows
/// [`Identity::set_locale`]).
fn text(identity: Identity, locale: Option<Locale>, key: Key) -> impl Fn() -> &'static str {
    move || locale.unwrap_or_else(|| identity.locale().get()).text(key)
}

/// "Log in" when nobody is, "Log out" when someone is; opens the modal on the
/// right page. In the widget's language ([`Identity::locale`]).
#[component]
pub fn IdentityButton(
    /// Extra classes on the button.
    #[prop(optional, into)]
    class: MaybeProp<String>,
    /// The language; default: the widget's, which follows [`Identity::set_locale`].
    #[prop(optional)]
    locale: Option<Locale>,
) -> impl IntoView {
    let identity = use_identity();
    let logged_in = identity.is_logged_in();
    let (log_in, log_out) = (
        text(identity, locale, Key::LogIn),
        text(identity, locale, Key::LogOut),
    );
    view! {
        <button
            type="button"
            class=move || format!("ni-button {}", class.get().unwrap_or_default())
            on:click=move |_| identity.open(Page::Login)
        >
            {move || if logged_in.get() { log_out() } else { log_in() }}
        </button>
    }
}

/// Logged out: "Sign up" and "Log in". Logged in: "Welcome, <name>" and a
/// "Log out" that logs out at once (the JS widget's only opened the modal).
/// In the widget's language ([`Identity::locale`]); the markup is the same in every language
/// (`identity-shell` renders it in English on prerendered pages).
#[component]
pub fn IdentityMenu(
    /// Extra classes on the list.
    #[prop(optional, into)]
    class: MaybeProp<String>,
    /// The language; default: the widget's, which follows [`Identity::set_locale`].
    #[prop(optional)]
    locale: Option<Locale>,
) -> impl IntoView {
    let identity = use_identity();
    let user = identity.user();
    let name = move || {
        user.with(|u| {
            u.as_ref()
                .map(|u| u.full_name().unwrap_or(&u.email).to_owned())
                .unwrap_or_default()
        })
    };
    let t = move |key| text(identity, locale, key);
    view! {
        <ul class=move || format!("ni-menu {}", class.get().unwrap_or_default())>
            <When
                when=move || user.with(Option::is_some)
                fallback=move || {
                    view! {
                        <li>
                            <button type="button" class="ni-menu-signup" on:click=move |_| identity.open(Page::Signup)>
                                {t(Key::SignUp)}
                            </button>
                        </li>
                        <li>
                            <button type="button" class="ni-menu-login" on:click=move |_| identity.open(Page::Login)>
                                {t(Key::LogIn)}
                            </button>
                        </li>
                    }
                }
            >
                // <bdi>: a right-to-left name cannot reorder the words around it.
                <li class="ni-menu-user">{t(Key::Welcome)} <bdi class="ni-menu-name">{name}</bdi></li>
                <li>
                    <button
                        type="button"
                        class="ni-menu-logout"
                        on:click=move |_| leptos::task::spawn_local(async move { identity.logout().await })
                    >
                        {t(Key::LogOut)}
                    </button>
                </li>
            </When>
        </ul>
    }
}
