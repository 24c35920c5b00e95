use leptos::prelude::*;
use leptos_identity::{provide_identity, IdentityModal, IdentityOptions};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::layout::{SiteFooter, SiteHeader};
use crate::pages::{Account, Admin, Home, NotFound, PostPage};

/// The whole site: header, routed page, footer, and the identity modal.
#[component]
pub fn App() -> impl IntoView {
    provide_identity(IdentityOptions::default());
    view! {
        <Router>
            <SiteHeader />
            <main id="main" class="page">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/posts/:slug") view=PostPage />
                    <Route path=path!("/account") view=Account />
                    <Route path=path!("/admin") view=Admin />
                </Routes>
            </main>
            <SiteFooter />
            <IdentityModal />
        </Router>
    }
}
