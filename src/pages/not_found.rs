use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::layout::set_title;

#[component]
pub fn NotFound() -> impl IntoView {
    set_title("Page not found");
    view! {
        <section class="not-found">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. It may have moved, or never existed."</p>
            <p>
                <A href="/">"Back to all posts"</A>
            </p>
        </section>
    }
}
