//! Drop-in controls, like the JS widget's `data-netlify-identity-button` and
//! `data-netlify-identity-menu`, in the widget's language.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

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

/// What a click on a button of the page's own controls asks for, as stage one
/// (`identity-shell`) renders them on a page stage two mounted beside
/// ([`mount_beside_page`](crate::mount_beside_page)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PageControl {
    Open(Page),
    LogOut,
}

/// The buttons of those controls: the JS widget's and stage one's own menu.
const PAGE_CONTROL_BUTTONS: &str = "[data-netlify-identity-menu] button, \
    [data-netlify-identity-button] button, [data-identity-menu] button";

/// The control a button's class names. The JS widget's classes mean what they
/// did there, but for "Log out": it logs out at once, as `IdentityMenu`'s does,
/// where the JS widget's only opened the modal on a second "Log out".
pub(crate) fn page_control(class: &str) -> Option<PageControl> {
    match class {
        // A logged-in user asking for login sees their account (`Page::resolve`),
        // which is what the JS widget's button opens then.
        "netlify-identity-login" | "netlify-identity-button" | "ni-menu-login" => {
            Some(PageControl::Open(Page::Login))
        }
        "netlify-identity-signup" | "ni-menu-signup" => Some(PageControl::Open(Page::Signup)),
        "netlify-identity-logout" | "ni-menu-logout" => Some(PageControl::LogOut),
        _ => None,
    }
}

/// Answers clicks on the page's controls for as long as the page lives.
pub(crate) fn answer_page_controls(identity: Identity) {
    // One listener for every control, those stage one renders later included.
    let _page_lifetime = window_event_listener(leptos::ev::click, move |event| {
        let button = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|target| target.closest(PAGE_CONTROL_BUTTONS).ok().flatten());
        let Some(button) = button else {
            return;
        };
        let classes = button.class_list();
        let control = (0..classes.length())
            .filter_map(|i| classes.item(i))
            .find_map(|class| page_control(&class));
        let Some(control) = control else {
            return;
        };
        event.prevent_default();
        match control {
            PageControl::Open(page) => identity.open(page),
            PageControl::LogOut => {
                leptos::task::spawn_local(async move { identity.logout().await })
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_js_widgets_controls_open_the_pages_they_opened() {
        for class in [
            "netlify-identity-login",
            "netlify-identity-button",
            "ni-menu-login",
        ] {
            assert_eq!(
                page_control(class),
                Some(PageControl::Open(Page::Login)),
                "{class}"
            );
        }
        for class in ["netlify-identity-signup", "ni-menu-signup"] {
            assert_eq!(
                page_control(class),
                Some(PageControl::Open(Page::Signup)),
                "{class}"
            );
        }
    }

    #[test]
    fn log_out_logs_out_at_once() {
        assert_eq!(
            page_control("netlify-identity-logout"),
            Some(PageControl::LogOut)
        );
        assert_eq!(page_control("ni-menu-logout"), Some(PageControl::LogOut));
    }

    #[test]
    fn other_classes_are_not_controls() {
        for class in [
            "netlify-identity-item",
            "netlify-identity-user",
            "ni-menu-name",
            "",
        ] {
            assert_eq!(page_control(class), None, "{class}");
        }
    }
}
