//! The identity widget in a fresh Leptos app: a menu, the modal, and the
//! events as they happen. Everything identity-related is the four lines
//! marked below.

use leptos::prelude::*;
use leptos_identity::{
    provide_identity, use_identity, IdentityMenu, IdentityModal, IdentityOptions,
};

#[component]
fn App() -> impl IntoView {
    provide_identity(IdentityOptions::default()); // 1. the session, at <origin>/.netlify/identity
    view! {
        <header>
            <h1>"Widget demo"</h1>
            <IdentityMenu /> // 2. "Sign up" / "Log in", or "Welcome, …" / "Log out"
        </header>
        <main>
            <Who />
            <Events />
        </main>
        <IdentityModal /> // 3. the modal, with its own CSS
    }
}

/// Who is logged in, straight from the signals.
#[component]
fn Who() -> impl IntoView {
    let user = use_identity().user(); // 4. read it anywhere
    move || match user.get() {
        Some(user) => format!(
            "Logged in as {} (roles: {:?})",
            user.email, user.app_metadata.roles
        ),
        None => "Nobody is logged in.".to_owned(),
    }
}

/// Every event the widget fires, newest first.
#[component]
fn Events() -> impl IntoView {
    let log = RwSignal::new(Vec::<String>::new());
    let subscription = use_identity().on(None, move |event| {
        log.update(|log| log.insert(0, format!("{event:?}")));
    });
    on_cleanup(move || subscription.unsubscribe());
    view! {
        <h2>"Events"</h2>
        <ol>{move || log.get().into_iter().map(|line| view! { <li><code>{line}</code></li> }).collect_view()}</ol>
    }
}

fn main() {
    leptos::mount::mount_to_body(App);
}
