use content::Post;
use leptos::prelude::*;

use crate::api::{self, FetchError};
use crate::components::comments::Comments;
use crate::components::layout::set_title;
use crate::components::status::{LoadError, Loading};
use crate::loader::Loader;
use crate::pages::NotFound;
use crate::router::{use_post_slug, Link};

#[component]
pub fn PostPage() -> impl IntoView {
    let slug = use_post_slug();
    // `None` while the post loads; loaded again when the slug changes. A reply for a slug
    // the reader has already left is dropped.
    // On the page the app took over, the post is here already (`api::fetch_current_page`).
    let post = RwSignal::new(api::arrived_post(&slug.get_untracked()).map(Ok));
    let loader = Loader::new();
    Effect::new(move |_| {
        let wanted = slug.get();
        let shown = post.with_untracked(|p| matches!(p, Some(Ok(p)) if p.summary.slug == wanted));
        if shown {
            return;
        }
        post.set(None);
        loader.run(async move { api::post(&wanted).await }, move |loaded| {
            post.set(Some(loaded))
        });
    });
    move || match post.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Ok(post)) => {
            let slug = post.summary.slug.clone();
            view! {
                <PostBody post />
                <Comments slug />
            }
            .into_any()
        }
        Some(Err(FetchError::NotFound)) => view! { <NotFound /> }.into_any(),
        Some(Err(error)) => view! { <LoadError error /> }.into_any(),
    }
}

/// A post as a reader sees it. Its HTML was rendered from the site's own
/// Markdown at build time.
#[component]
pub fn PostBody(post: Post) -> impl IntoView {
    set_title(&post.summary.title);
    let date = post.summary.display_date();
    view! {
        <article class="post">
            <header class="post__header">
                <h1 class="post__title">{post.summary.title}</h1>
                <time class="post__date" datetime=post.summary.date>{date}</time>
            </header>
            <div class="post__body prose" inner_html=post.html></div>
            <footer class="post__footer">
                <Link href="/">"← All posts"</Link>
            </footer>
        </article>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::components::test_support::mount;
    use crate::router::Router;
    use content::PostSummary;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn shows_title_date_and_the_rendered_body() {
        let post = Post {
            summary: PostSummary {
                slug: "hello".into(),
                title: "Hello".into(),
                date: "2026-11-20".into(),
                summary: "Hi.".into(),
            },
            html: "<h2>Part</h2><p>Some <em>text</em>.</p>".into(),
        };
        let host = mount(move || view! { <Router><PostBody post=post.clone() /></Router> }).await;

        let title = host.query_selector("h1.post__title").unwrap().unwrap();
        assert_eq!(title.text_content().as_deref(), Some("Hello"));
        let body = host.query_selector(".post__body").unwrap().unwrap();
        let heading = body.query_selector("h2").unwrap().unwrap();
        assert_eq!(heading.text_content().as_deref(), Some("Part"));
        let emphasis = body.query_selector("p > em").unwrap().unwrap();
        assert_eq!(emphasis.text_content().as_deref(), Some("text"));
        assert_eq!(document().title(), "Hello · Rust Identity Blog");
    }
}
