use leptos::prelude::*;
use leptos_identity::{use_identity, IdentityMenu};
use leptos_router::components::A;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let logged_in = use_identity().is_logged_in();
    view! {
        <header class="site-header">
            <div class="site-header__inner">
                <A href="/" attr:class="site-title">
                    "Rust Identity Blog"
                </A>
                <nav class="site-nav" aria-label="Main">
                    <A href="/">"Posts"</A>
                    <Show when=move || logged_in.get()>
                        <A href="/account">"Account"</A>
                    </Show>
                </nav>
                <IdentityMenu class="site-account" />
            </div>
        </header>
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>"Written in Rust, compiled to WebAssembly, deployed on Netlify."</p>
        </footer>
    }
}

/// Sets the document title while a page is shown.
pub fn set_title(page: &str) {
    let title = if page.is_empty() {
        "Rust Identity Blog".to_owned()
    } else {
        format!("{page} · Rust Identity Blog")
    };
    document().set_title(&title);
}
