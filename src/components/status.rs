use leptos::prelude::*;

use crate::api::FetchError;

/// Shown while a page waits for its data.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" aria-busy="true">"Loading…"</p> }
}

/// Shown when a page could not get its data, with a way to try again.
#[component]
pub fn LoadError(error: FetchError) -> impl IntoView {
    view! {
        <div class="load-error" role="alert">
            <p>"Sorry, this page could not be loaded (" {error.to_string()} ")."</p>
            <button type="button" on:click=|_| { let _ = window().location().reload(); }>
                "Try again"
            </button>
        </div>
    }
}
