use leptos::prelude::*;
use leptos_identity::identity_core::roles::ADMIN_ROLE;
use leptos_identity::{use_identity, IdentityMenu};

use crate::router::Link;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let identity = use_identity();
    let logged_in = identity.is_logged_in();
    let is_admin = identity.has_role(ADMIN_ROLE);
    view! {
        <header class="site-header">
            <div class="site-header__inner">
                <Link href="/" class="site-title">
                    "Rust Identity Blog"
                </Link>
                <nav class="site-nav" aria-label="Main">
                    <Link href="/">"Posts"</Link>
                    <Show when=move || logged_in.get()>
                        <Link href="/account">"Account"</Link>
                    </Show>
                    <Show when=move || is_admin.get() == Some(true)>
                        <Link href="/admin">"Admin"</Link>
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
