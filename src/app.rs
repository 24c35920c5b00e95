use leptos::prelude::*;
use leptos_identity::{provide_identity, IdentityModal, IdentityOptions};

use crate::components::layout::{SiteFooter, SiteHeader};
use crate::pages::{Account, Admin, Home, NotFound, PostPage};
use crate::router::{use_route, Route, Router};

/// The whole site: header, routed page, footer, and the identity modal.
#[component]
pub fn App() -> impl IntoView {
    provide_identity(IdentityOptions::default());
    view! {
        <Router>
            <SiteHeader />
            <main id="main" class="page">
                <Pages />
            </main>
            <SiteFooter />
            <IdentityModal />
        </Router>
    }
}

/// The page the path names; built anew only when the page changes (a new slug
/// keeps the post page, which follows the slug).
#[component]
fn Pages() -> impl IntoView {
    let route = use_route();
    move || match route.get() {
        Route::Home => view! { <Home /> }.into_any(),
        Route::Post => view! { <PostPage /> }.into_any(),
        Route::Account => view! { <Account /> }.into_any(),
        Route::Admin => view! { <Admin /> }.into_any(),
        Route::NotFound => view! { <NotFound /> }.into_any(),
    }
}
