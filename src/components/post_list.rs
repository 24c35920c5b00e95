use content::PostSummary;
use leptos::prelude::*;

use crate::router::Link;

/// The home page's list of posts: title, date, summary, link.
#[component]
pub fn PostList(posts: Vec<PostSummary>) -> impl IntoView {
    if posts.is_empty() {
        return view! { <p class="empty">"No posts yet."</p> }.into_any();
    }
    view! {
        <ul class="post-list">
            {posts.into_iter().map(|post| view! { <PostCard post /> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn PostCard(post: PostSummary) -> impl IntoView {
    let href = format!("/posts/{}", post.slug);
    let date = post.display_date();
    view! {
        <li class="post-card">
            <h2 class="post-card__title">
                <Link href=href.clone()>{post.title}</Link>
            </h2>
            <time class="post-card__date" datetime=post.date>{date}</time>
            <p class="post-card__summary">{post.summary}</p>
            <Link href=href class="post-card__more">"Read the post"</Link>
        </li>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::components::test_support::mount;
    use crate::router::Router;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn summary(slug: &str, title: &str, date: &str) -> PostSummary {
        PostSummary {
            slug: slug.into(),
            title: title.into(),
            date: date.into(),
            summary: format!("About {title}."),
        }
    }

    #[wasm_bindgen_test]
    async fn lists_each_post_with_title_date_summary_and_link() {
        let posts = vec![
            summary("second", "Second <post>", "2026-11-25"),
            summary("first", "First", "2026-01-02"),
        ];
        let host = mount(move || view! { <Router><PostList posts=posts.clone() /></Router> }).await;

        let cards = host.query_selector_all(".post-card").unwrap();
        assert_eq!(cards.length(), 2);
        let link = host.query_selector(".post-card__title a").unwrap().unwrap();
        assert_eq!(link.get_attribute("href").as_deref(), Some("/posts/second"));
        // Titles are text, never markup.
        assert_eq!(link.text_content().as_deref(), Some("Second <post>"));
        let date = host.query_selector(".post-card__date").unwrap().unwrap();
        assert_eq!(date.text_content().as_deref(), Some("25 November 2026"));
        assert_eq!(
            date.get_attribute("datetime").as_deref(),
            Some("2026-11-25")
        );
        let summary = host.query_selector(".post-card__summary").unwrap().unwrap();
        assert_eq!(
            summary.text_content().as_deref(),
            Some("About Second <post>.")
        );
    }

    #[wasm_bindgen_test]
    async fn says_so_when_there_are_no_posts() {
        let host = mount(|| view! { <Router><PostList posts=vec![] /></Router> }).await;
        assert!(host.query_selector(".post-card").unwrap().is_none());
        assert_eq!(host.text_content().as_deref(), Some("No posts yet."));
    }
}
