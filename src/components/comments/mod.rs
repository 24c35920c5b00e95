//! Comments under a post: the visible ones, oldest first and paged, and the form to add one.
//!
//! - [`api`]: the `list-comments` and `submit-comment` calls and what their failures mean;
//! - [`list`]: the list itself, bodies as text;
//! - [`form`]: the comment box, or "Log in to comment";
//! - [`draft`]: the text being written and its idempotency key, kept in `localStorage`.

pub mod api;
pub mod draft;
pub mod form;
pub mod list;

use comment_wire::Comment;
use leptos::prelude::*;

use crate::components::paging::PagingFooter;
use crate::loader::Loader;

use self::api::CommentError;
use self::form::CommentForm;
use self::list::{count_label, CommentList};

/// Adds `page` to the comments already shown: ordered by id (the order they were stored
/// in), each once. A comment just posted may come back in a later page, and a page loaded
/// after a post holds comments older than it.
///
/// ```
/// # use blog::components::comments::merge;
/// let mut shown: Vec<comment_wire::Comment> = vec![];
/// merge(&mut shown, vec![]);
/// assert!(shown.is_empty());
/// ```
pub fn merge(shown: &mut Vec<Comment>, page: Vec<Comment>) {
    shown.extend(page);
    shown.sort_by_key(|comment| comment.id);
    shown.dedup_by_key(|comment| comment.id);
}

/// What a reader is told when the list could not be loaded.
pub fn load_message(error: &CommentError) -> String {
    match error {
        CommentError::Offline => "Comments could not be loaded: you seem to be offline.".to_owned(),
        CommentError::Server(status) => {
            format!("Comments could not be loaded: the server failed ({status}).")
        }
        other => format!("Comments could not be loaded. {}", other.message()),
    }
}

/// The comments section under the post `slug`: count, list, "Show more", and the form.
#[component]
pub fn Comments(
    /// Slug of the post.
    #[prop(into)]
    slug: String,
) -> impl IntoView {
    let comments = RwSignal::new(Vec::<Comment>::new());
    let next_cursor = RwSignal::new(None::<String>);
    let loaded = RwSignal::new(false);
    let loader = Loader::new();
    let load_error = RwSignal::new(None::<CommentError>);
    let slug_value = StoredValue::new(slug.clone());

    let load = move |cursor: Option<String>| {
        let slug = slug_value.get_value();
        let started = loader.run_if_idle(
            async move { api::list(&slug, cursor.as_deref()).await },
            move |result| match result {
                Ok(page) => {
                    comments.update(|shown| merge(shown, page.comments));
                    next_cursor.set(page.next_cursor);
                    loaded.set(true);
                }
                Err(error) => load_error.set(Some(error)),
            },
        );
        if started {
            load_error.set(None);
        }
    };
    // On a prerendered post, stage one has shown the comments already: the same list,
    // no second request and no "Loading comments…" in its place.
    match api::handed_over(&slug) {
        Some(page) => {
            comments.set(page.comments);
            next_cursor.set(page.next_cursor);
            loaded.set(true);
        }
        None => load(None),
    }
    let loading = Signal::derive(move || loader.busy());

    let heading = move || {
        if loaded.get() {
            count_label(comments.with(Vec::len), next_cursor.with(Option::is_some))
        } else {
            "Comments".to_owned()
        }
    };
    let on_posted = Callback::new(move |comment: Comment| {
        comments.update(|shown| merge(shown, vec![comment]));
    });

    view! {
        <section class="comments" aria-labelledby="comments-title">
            <h2 id="comments-title" class="comments__title">{heading}</h2>
            <Show when=move || comments.with(|c| !c.is_empty())>
                <CommentList comments=comments />
            </Show>
            <Show when=move || loading.get() && !loaded.get()>
                <p class="loading" aria-busy="true">"Loading comments…"</p>
            </Show>
            <PagingFooter
                load_error
                next_cursor
                loading
                load=Callback::new(load)
                message=load_message
                error_class="comments__error"
                more_class="comments__more"
            />
            <CommentForm slug on_posted />
        </section>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::components::test_support::mount;
    use crate::components::test_support::sleep;
    use comment_wire::{Author, CommentStatus};
    use leptos_identity::identity_core::time::Timestamp;
    use leptos_identity::{provide_identity, IdentityOptions};
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn comment(id: i64) -> Comment {
        Comment {
            id,
            post: "hello".into(),
            author: Author {
                id: "u1".into(),
                name: "Jane".into(),
            },
            body: format!("comment {id}"),
            created_at: Timestamp::new("2026-11-26T14:05:09Z"),
            status: CommentStatus::Visible,
        }
    }

    fn ids(comments: &[Comment]) -> Vec<i64> {
        comments.iter().map(|c| c.id).collect()
    }

    #[wasm_bindgen_test]
    fn a_posted_comment_is_not_shown_twice_when_its_page_arrives() {
        let mut shown = vec![comment(1), comment(2)];
        merge(&mut shown, vec![comment(9)]);
        merge(&mut shown, vec![comment(3), comment(9)]);
        assert_eq!(ids(&shown), vec![1, 2, 3, 9]);
    }

    #[wasm_bindgen_test]
    fn load_failures_say_what_to_do() {
        assert_eq!(
            load_message(&CommentError::Offline),
            "Comments could not be loaded: you seem to be offline."
        );
        assert!(load_message(&CommentError::Server(503)).contains("server failed (503)"));
    }

    #[wasm_bindgen_test]
    async fn the_section_is_labelled_and_a_failed_load_offers_a_retry() {
        let host = mount(|| {
            provide_identity(IdentityOptions {
                api_url: Some("http://127.0.0.1:1/.netlify/identity".into()),
                handle_url_hash: false,
                ..IdentityOptions::default()
            });
            view! { <Comments slug="no-such-post" /> }
        })
        .await;
        let section = host.query_selector("section.comments").unwrap().unwrap();
        assert_eq!(
            section.get_attribute("aria-labelledby").as_deref(),
            Some("comments-title")
        );
        assert!(host.query_selector("h2#comments-title").unwrap().is_some());
        // The test server has no list-comments.
        let mut alert = None;
        for _ in 0..100 {
            alert = host.query_selector(".comments__error[role=alert]").unwrap();
            if alert.is_some() {
                break;
            }
            leptos::task::tick().await;
            sleep(20).await;
        }
        let alert = alert.expect("a load error");
        let text = alert.text_content().unwrap_or_default();
        assert!(text.starts_with("Comments could not be loaded"), "{text}");
        assert!(text.ends_with("Try again"), "{text}");
        // Logged out: the way to log in is there, the form is not.
        assert!(host
            .query_selector(".comment-login button")
            .unwrap()
            .is_some());
        assert!(host.query_selector("textarea").unwrap().is_none());
    }
}
