use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::layout::{SiteFooter, SiteHeader};
use crate::pages::{Home, NotFound, PostPage};

/// The whole site: header, routed page, footer.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <SiteHeader />
            <main id="main" class="page">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/posts/:slug") view=PostPage />
                </Routes>
            </main>
            <SiteFooter />
        </Router>
    }
}
