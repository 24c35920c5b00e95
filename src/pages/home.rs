use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::layout::set_title;
use crate::components::post_list::PostList;
use crate::components::status::{LoadError, Loading};

#[component]
pub fn Home() -> impl IntoView {
    set_title("");
    // `None` while the index loads. A signal and a task, as the comments do: Suspense and
    // LocalResource would add their async machinery to the wasm for this one fetch.
    let index = RwSignal::new(None);
    spawn_local(async move {
        index.try_set(Some(api::post_index().await));
    });
    view! {
        <section class="home">
            <h1 class="visually-hidden">"Posts"</h1>
            {move || match index.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Ok(index)) => view! { <PostList posts=index.posts /> }.into_any(),
                Some(Err(error)) => view! { <LoadError error /> }.into_any(),
            }}
        </section>
    }
}
