use leptos::prelude::*;

use crate::api;
use crate::components::layout::set_title;
use crate::components::post_list::PostList;
use crate::components::status::{LoadError, Loading};

#[component]
pub fn Home() -> impl IntoView {
    set_title("");
    let index = LocalResource::new(api::post_index);
    view! {
        <section class="home">
            <h1 class="visually-hidden">"Posts"</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match index.await {
                        Ok(index) => view! { <PostList posts=index.posts /> }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
