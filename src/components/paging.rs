//! The foot of a paged list: why the last page did not load, with "Try
//! again", and "Show more comments" while the server has more.

use leptos::prelude::*;

use crate::components::comments::api::CommentError;

/// Shared by the comments under a post and the moderation list.
#[component]
pub fn PagingFooter(
    /// The failure of the last load, if it failed.
    load_error: RwSignal<Option<CommentError>>,
    /// The cursor of the next page, while there is one.
    next_cursor: RwSignal<Option<String>>,
    /// Whether a page is loading.
    #[prop(into)]
    loading: Signal<bool>,
    /// Loads the page after `cursor` (the first page for `None`).
    load: Callback<Option<String>>,
    /// Words the failure for this list's readers.
    message: fn(&CommentError) -> String,
    /// Class of the error box.
    error_class: &'static str,
    /// Class of the "Show more" button, beside `button`.
    more_class: &'static str,
) -> impl IntoView {
    view! {
        {move || load_error.get().map(|error| view! {
            <div class=error_class role="alert">
                <p>{message(&error)}</p>
                <button
                    type="button"
                    class="button"
                    on:click=move |_| load.run(next_cursor.get_untracked())
                >
                    "Try again"
                </button>
            </div>
        })}
        <Show when=move || next_cursor.with(Option::is_some) && load_error.with(Option::is_none)>
            <button
                type="button"
                class=format!("button {more_class}")
                disabled=move || loading.get()
                aria-busy=move || loading.get().to_string()
                on:click=move |_| load.run(next_cursor.get_untracked())
            >
                {move || if loading.get() { "Loading…" } else { "Show more comments" }}
            </button>
        </Show>
    }
}
