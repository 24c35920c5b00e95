//! The app, rendered on the server and hydrated in the browser from the same code.

use leptos::prelude::*;
use leptos::server::SharedValue;
use leptos_identity::{
    provide_identity, use_identity, AccountSettings, IdentityMenu, IdentityModal, IdentityOptions,
};
use leptos_router::components::{ProtectedRoute, Route, Router, Routes, A};
use leptos_router::hooks::use_navigate;
use leptos_router::{path, SsrMode};

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <title>"leptos-identity on an axum server"</title>
                // No favicon: a request for one would be a 404 in the console.
                <link rel="icon" href="data:," />
                <HydrationScripts options />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The identity API. The server reads `IDENTITY_URL` (a Netlify site's
/// `https://<site>/.netlify/identity`, or the local stack's); the browser gets the server's
/// answer in the page, so both talk to the same API.
fn identity_url() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        std::env::var("IDENTITY_URL").ok()
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

#[component]
pub fn App() -> impl IntoView {
    let api_url = SharedValue::new(identity_url).into_inner();
    let identity = provide_identity(IdentityOptions {
        api_url,
        ..IdentityOptions::default()
    });
    view! {
        <Router>
            <header>
                <nav>
                    <ul>
                        <li><A href="/">"Home"</A></li>
                        <li><A href="/account">"Account"</A></li>
                        <li><A href="/admin">"Admin"</A></li>
                    </ul>
                </nav>
                <IdentityMenu />
            </header>
            <main>
                <Routes fallback=|| view! { <h1>"Not found"</h1> }>
                    <Route path=path!("/") view=Home />
                    // `Async`: the server renders a gated page whole before it answers, so a
                    // refusal it can already tell (a verified commenter on /admin) is a real
                    // 302, not a streamed page that redirects once it runs.
                    <ProtectedRoute
                        path=path!("/account")
                        ssr=SsrMode::Async
                        view=Account
                        condition=identity.logged_in_condition()
                        redirect_path=|| "/"
                    />
                    <ProtectedRoute
                        path=path!("/admin")
                        ssr=SsrMode::Async
                        view=Admin
                        condition=identity.role_condition("admin")
                        redirect_path=|| "/"
                    />
                </Routes>
            </main>
            <Modal />
        </Router>
    }
}

/// The modal, going on to the account page through the router after a login.
#[component]
fn Modal() -> impl IntoView {
    let navigate = use_navigate();
    let on_login = Callback::new(move |()| navigate("/account", Default::default()));
    view! { <IdentityModal on_login /> }
}

#[component]
fn Home() -> impl IntoView {
    view! {
        <h1>"Home"</h1>
        <p>"Log in with the menu; the server renders the next page for you."</p>
    }
}

#[component]
fn Account() -> impl IntoView {
    let whoami = ServerAction::<WhoAmI>::new();
    view! {
        <h1>"Your account"</h1>
        <AccountSettings />
        <button type="button" class="whoami" on:click=move |_| { whoami.dispatch(WhoAmI {}); }>
            "Ask the server who I am"
        </button>
        <p class="whoami-answer">
            {move || whoami.value().get().map(|answer| match answer {
                Ok(name) => format!("The server says: {name}"),
                Err(error) => format!("The server refused: {error}"),
            })}
        </p>
    }
}

#[component]
fn Admin() -> impl IntoView {
    let identity = use_identity();
    let name = move || {
        identity
            .user()
            .with(|u| u.as_ref().map(|u| u.email.clone()).unwrap_or_default())
    };
    view! {
        <h1>"Admin"</h1>
        <p class="admin-only">"Only admins see this, " {name} "."</p>
    }
}

/// Whom the server sees: the verified user of the request's `nf_jwt` cookie (or Bearer token).
#[server]
pub async fn who_am_i() -> Result<String, ServerFnError> {
    leptos_identity::server::request_user()
        .map(|user| user.name().to_owned())
        .ok_or_else(|| ServerFnError::new("no verified user"))
}
