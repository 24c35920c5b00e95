use leptos::prelude::*;

use crate::api;
use crate::components::layout::set_title;
use crate::components::post_list::PostList;
use crate::components::status::{LoadError, Loading};
use crate::loader::Loader;

#[component]
pub fn Home() -> impl IntoView {
    set_title("");
    // `None` while the index loads. On the page the app took over, it is here already
    // (`api::fetch_current_page`).
    let index = RwSignal::new(api::arrived_index().map(Ok));
    if index.with_untracked(Option::is_none) {
        Loader::new().run(api::post_index(), move |loaded| index.set(Some(loaded)));
    }
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
