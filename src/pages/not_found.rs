use leptos::prelude::*;

use crate::components::layout::set_title;
use crate::router::Link;

#[component]
pub fn NotFound() -> impl IntoView {
    set_title("Page not found");
    view! {
        <section class="not-found">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. It may have moved, or never existed."</p>
            <p>
                <Link href="/">"Back to all posts"</Link>
            </p>
        </section>
    }
}
