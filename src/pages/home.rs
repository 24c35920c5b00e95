use leptos::prelude::*;

use crate::api;
use crate::components::layout::set_title;
use crate::components::post_list::PostList;
use crate::components::status::{LoadError, Loading};
use crate::loader::Loader;

#[component]
pub fn Home() -> impl IntoView {
    set_title("");
    // `None` while the index loads.
    let index = RwSignal::new(None);
    Loader::new().run(api::post_index(), move |loaded| index.set(Some(loaded)));
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
