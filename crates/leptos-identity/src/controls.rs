//! Drop-in controls, like the JS widget's `data-netlify-identity-button` and
//! `data-netlify-identity-menu`.

use leptos::prelude::*;

use crate::identity::use_identity;
use crate::Page;

/// "Log in" when nobody is, "Log out" when someone is; opens the modal on the
/// right page.
#[component]
pub fn IdentityButton(
    /// Extra classes on the button.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let identity = use_identity();
    let logged_in = identity.is_logged_in();
    view! {
        <button
            type="button"
            class=move || format!("ni-button {}", class.get().unwrap_or_default())
            on:click=move |_| identity.open(Page::Login)
        >
            {move || if logged_in.get() { "Log out" } else { "Log in" }}
        </button>
    }
}

/// Logged out: "Sign up" and "Log in". Logged in: "Welcome, <name>" and a
/// "Log out" that logs out at once (the JS widget's only opened the modal).
#[component]
pub fn IdentityMenu(
    /// Extra classes on the list.
    #[prop(optional, into)]
    class: MaybeProp<String>,
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
    view! {
        <ul class=move || format!("ni-menu {}", class.get().unwrap_or_default())>
            <Show
                when=move || user.with(Option::is_some)
                fallback=move || {
                    view! {
                        <li>
                            <button type="button" class="ni-menu-signup" on:click=move |_| identity.open(Page::Signup)>
                                "Sign up"
                            </button>
                        </li>
                        <li>
                            <button type="button" class="ni-menu-login" on:click=move |_| identity.open(Page::Login)>
                                "Log in"
                            </button>
                        </li>
                    }
                }
            >
                // <bdi>: a right-to-left name cannot reorder the words around it.
                <li class="ni-menu-user">"Welcome, " <bdi class="ni-menu-name">{name}</bdi></li>
                <li>
                    <button
                        type="button"
                        class="ni-menu-logout"
                        on:click=move |_| leptos::task::spawn_local(async move { identity.logout().await })
                    >
                        "Log out"
                    </button>
                </li>
            </Show>
        </ul>
    }
}
