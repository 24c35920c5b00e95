//! Moderation: every comment across posts, newest first, with hide, restore and delete.
//!
//! - [`access`]: who sees the page (a plain decision, tested on its own);
//! - [`api`]: the `moderate-comment` calls and what their failures tell an admin;
//! - [`row`]: one comment and its actions.
//!
//! The page is a convenience for admins only: `moderate-comment` refuses anyone without the
//! admin role in the token, whatever the page shows.

pub mod access;
pub mod api;
pub mod row;

use comment_wire::{Comment, ModerationFilter};
use leptos::prelude::*;
use leptos_identity::{use_identity, Page};

use self::row::ModerationRow;
use crate::components::comments::api::CommentError;
use crate::components::paging::PagingFooter;
use crate::loader::Loader;

/// Adds `page` to the comments already shown, newest (highest id) first, each once.
///
/// ```
/// # use blog::components::moderation::merge_newest_first;
/// let mut shown: Vec<comment_wire::Comment> = vec![];
/// merge_newest_first(&mut shown, vec![]);
/// assert!(shown.is_empty());
/// ```
pub fn merge_newest_first(shown: &mut Vec<Comment>, page: Vec<Comment>) {
    shown.extend(page);
    // Stable: of two copies of one comment, the one already shown stays.
    shown.sort_by_key(|comment| std::cmp::Reverse(comment.id));
    shown.dedup_by_key(|comment| comment.id);
}

/// The filter's name in the picker.
pub fn filter_label(filter: ModerationFilter) -> &'static str {
    match filter {
        ModerationFilter::All => "All",
        ModerationFilter::Visible => "Visible",
        ModerationFilter::Hidden => "Hidden",
    }
}

/// What an empty list says under `filter`.
pub fn empty_message(filter: ModerationFilter) -> &'static str {
    match filter {
        ModerationFilter::All => "No comments yet.",
        ModerationFilter::Visible => "No visible comments.",
        ModerationFilter::Hidden => "No hidden comments.",
    }
}

/// The admin's list: the filter, the comments with their actions, and "Show more".
/// Mount it only for an admin (see [`access::access`]): it loads as soon as it is shown.
#[component]
pub fn ModerationQueue() -> impl IntoView {
    let identity = use_identity();
    let filter = RwSignal::new(ModerationFilter::All);
    let comments = RwSignal::new(Vec::<Comment>::new());
    let next_cursor = RwSignal::new(None::<String>);
    let loaded = RwSignal::new(false);
    // Only the answer to the latest request counts: a change of filter while a page is
    // on its way must not mix that page into the new list.
    let loader = Loader::new();
    let load_error = RwSignal::new(None::<CommentError>);

    let load = move |cursor: Option<String>| {
        let first_page = cursor.is_none();
        let shown_filter = filter.get_untracked();
        load_error.set(None);
        loader.run(
            async move { api::list(identity, shown_filter, cursor.as_deref()).await },
            move |result| match result {
                Ok(page) => {
                    comments.update(|shown| {
                        if first_page {
                            shown.clear();
                        }
                        merge_newest_first(shown, page.comments);
                    });
                    next_cursor.set(page.next_cursor);
                    loaded.set(true);
                }
                Err(error) => {
                    if error == CommentError::SessionExpired {
                        identity.open(Page::Login);
                    }
                    load_error.set(Some(error));
                }
            },
        );
    };
    load(None);
    let loading = Signal::derive(move || loader.busy());

    let choose = move |chosen: ModerationFilter| {
        if filter.get_untracked() == chosen {
            return;
        }
        filter.set(chosen);
        comments.set(Vec::new());
        next_cursor.set(None);
        loaded.set(false);
        load(None);
    };

    view! {
        <fieldset class="moderation-filter">
            <legend>"Show"</legend>
            {ModerationFilter::ALL
                .into_iter()
                .map(|option| {
                    view! {
                        <label class="moderation-filter__option">
                            <input
                                type="radio"
                                name="moderation-filter"
                                value=option.as_query()
                                prop:checked=move || filter.get() == option
                                on:change=move |_| choose(option)
                            />
                            <span>{filter_label(option)}</span>
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
        <Show when=move || loading.get() && !loaded.get()>
            <p class="loading" aria-busy="true">
                "Loading comments…"
            </p>
        </Show>
        <Show when=move || loaded.get() && comments.with(Vec::is_empty)>
            <p class="empty moderation-empty">{move || empty_message(filter.get())}</p>
        </Show>
        <Show when=move || comments.with(|c| !c.is_empty())>
            <ol class="moderation-list" aria-label="Comments, newest first">
                <For
                    each=move || comments.get()
                    key=|comment| comment.id
                    let:comment
                >
                    <ModerationRow comment />
                </For>
            </ol>
        </Show>
        <PagingFooter
            load_error
            next_cursor
            loading
            load=Callback::new(load)
            message=api::load_message
            error_class="moderation-error"
            more_class="moderation-more"
        />
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::components::test_support::{mount, sleep};
    use crate::router::Router;
    use comment_wire::{Author, CommentStatus};
    use leptos_identity::identity_core::time::Timestamp;
    use leptos_identity::{provide_identity, IdentityOptions};
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn comment(id: i64, body: &str) -> Comment {
        Comment {
            id,
            post: "hello".into(),
            author: Author {
                id: "u1".into(),
                name: "<b>Mallory</b>".into(),
            },
            body: body.into(),
            created_at: Timestamp::new("2026-11-26T14:05:09Z"),
            status: CommentStatus::Visible,
        }
    }

    fn ids(comments: &[Comment]) -> Vec<i64> {
        comments.iter().map(|c| c.id).collect()
    }

    #[wasm_bindgen_test]
    fn pages_join_newest_first_without_repeats() {
        let mut shown = vec![comment(9, "a"), comment(7, "b")];
        merge_newest_first(&mut shown, vec![comment(7, "b"), comment(3, "c")]);
        assert_eq!(ids(&shown), vec![9, 7, 3]);
    }

    #[wasm_bindgen_test]
    fn empty_lists_name_the_filter() {
        assert_eq!(
            empty_message(ModerationFilter::Hidden),
            "No hidden comments."
        );
        assert_eq!(filter_label(ModerationFilter::All), "All");
    }

    #[wasm_bindgen_test]
    async fn a_row_shows_markup_as_text_and_asks_before_deleting() {
        let host = mount(|| {
            provide_identity(IdentityOptions {
                api_url: Some("http://127.0.0.1:1/.netlify/identity".into()),
                handle_url_hash: false,
                ..IdentityOptions::default()
            });
            view! {
                <Router>
                    <ol>
                        <ModerationRow comment=comment(5, "<img src=x onerror=alert(1)>") />
                    </ol>
                </Router>
            }
        })
        .await;
        assert!(host.query_selector("img").unwrap().is_none());
        assert!(host.query_selector("b").unwrap().is_none());
        let body = host
            .query_selector("#moderation-5 .moderation-item__body")
            .unwrap()
            .unwrap();
        assert_eq!(
            body.text_content().as_deref(),
            Some("<img src=x onerror=alert(1)>")
        );
        let link = host
            .query_selector("#moderation-5 a.moderation-item__post")
            .unwrap()
            .unwrap();
        assert_eq!(link.get_attribute("href").as_deref(), Some("/posts/hello"));
        assert!(host.query_selector(".moderation-hide").unwrap().is_some());
        assert!(host
            .query_selector(".moderation-restore")
            .unwrap()
            .is_none());

        let delete: web_sys::HtmlElement = host
            .query_selector(".moderation-delete")
            .unwrap()
            .unwrap()
            .unchecked_into();
        delete.click();
        leptos::task::tick().await;
        sleep(20).await;
        let really = host
            .query_selector(".moderation-confirm-delete")
            .unwrap()
            .expect("a second, explicit button");
        assert_eq!(really.text_content().as_deref(), Some("Really delete?"));
        assert_eq!(
            document().active_element().as_ref(),
            Some(&really),
            "focus moves to the question"
        );
        // Nothing was sent: the comment is still shown as visible.
        let status = host
            .query_selector("#moderation-5 .moderation-item__status")
            .unwrap()
            .unwrap();
        assert_eq!(status.text_content().as_deref(), Some("Visible"));

        let cancel: web_sys::HtmlElement = host
            .query_selector(".moderation-cancel")
            .unwrap()
            .unwrap()
            .unchecked_into();
        cancel.click();
        leptos::task::tick().await;
        sleep(20).await;
        assert!(host
            .query_selector(".moderation-confirm-delete")
            .unwrap()
            .is_none());
        assert!(host.query_selector(".moderation-delete").unwrap().is_some());
    }
}
