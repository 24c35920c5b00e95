//! Writing a comment: the form for a logged-in reader, "Log in to comment" for the others.
//!
//! The text and its idempotency key live in a [`Draft`] that is written to `localStorage` on
//! every keystroke and cleared only once the server has stored the comment. A failed post
//! keeps both, so "Try again" sends the same key and can never store the comment twice.

use comment_wire::validate::{check_body, MAX_BODY_CHARS};
use comment_wire::{author_name, Comment, NewComment};
use leptos::prelude::*;
use leptos_identity::{use_identity, Page, Status};

use super::api::{self, CommentError};
use super::draft::{self, Draft};
use crate::loader::Loader;

/// `1234 / 5000`: the length a person counts (Unicode scalar values, as the server does).
///
/// ```
/// use blog::components::comments::form::char_count_label;
/// assert_eq!(char_count_label("héllo"), "5 / 5000");
/// ```
pub fn char_count_label(body: &str) -> String {
    format!("{} / {MAX_BODY_CHARS}", body.chars().count())
}

/// What the submit button says.
fn submit_label(sending: bool, error: Option<&CommentError>) -> &'static str {
    match (sending, error) {
        (true, _) => "Posting…",
        (false, Some(error)) if error.is_retryable() => "Try again",
        _ => "Post comment",
    }
}

/// The comment box under a post.
#[component]
pub fn CommentForm(
    /// Slug of the post the comment is for.
    #[prop(into)]
    slug: String,
    /// Called with the stored comment once the server has it.
    #[prop(into)]
    on_posted: Callback<Comment>,
) -> impl IntoView {
    let identity = use_identity();
    let draft = RwSignal::new(draft::load(&slug).unwrap_or_else(Draft::fresh));
    let slug = StoredValue::new(slug);
    let sender = Loader::new();
    let error = RwSignal::new(None::<CommentError>);
    let posted = RwSignal::new(false);

    let edit = move |body: String| {
        draft.update(|d| d.body = body);
        draft.with_untracked(|d| slug.with_value(|slug| draft::save(slug, d)));
        posted.set(false);
    };
    let send = move || {
        if sender.busy_untracked() {
            return;
        }
        let current = draft.get_untracked();
        if let Err(invalid) = check_body(&current.body) {
            // The same words the server would answer with.
            error.set(Some(CommentError::Refused(invalid.to_string())));
            return;
        }
        slug.with_value(|slug| draft::save(slug, &current));
        let new = NewComment {
            post: slug.get_value(),
            body: current.body,
            client_key: current.client_key,
        };
        error.set(None);
        posted.set(false);
        let post = new.post.clone();
        sender.run(
            async move { api::submit(identity, &new).await },
            move |result| match result {
                Ok(comment) => {
                    draft::clear(&post);
                    draft.set(Draft::fresh());
                    posted.set(true);
                    on_posted.run(comment);
                }
                Err(failure) => {
                    if failure == CommentError::SessionExpired {
                        identity.open(Page::Login);
                    }
                    error.set(Some(failure));
                }
            },
        );
    };
    let sending = move || sender.busy();
    // After a 409 the key is spent: the same text goes out as a new comment under a new key.
    let send_as_new = move |_| {
        draft.update(|d| d.client_key = draft::new_client_key());
        draft.with_untracked(|d| slug.with_value(|slug| draft::save(slug, d)));
        send();
    };

    let status = identity.status();
    let user = identity.user();
    // Logged in again after a 401: that message has done its job; the draft is still here.
    Effect::new(move |_| {
        let expired = error.with_untracked(|e| matches!(e, Some(CommentError::SessionExpired)));
        if status.get() == Status::LoggedIn && expired {
            error.set(None);
        }
    });
    let body = Signal::derive(move || draft.with(|d| d.body.clone()));
    let too_long = move || body.with(|b| b.chars().count() > MAX_BODY_CHARS);

    let form = move || {
        view! {
            <form
                class="comment-form"
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    send();
                }
            >
                <label class="comment-form__label" for="comment-body">
                    "Your comment"
                </label>
                <textarea
                    id="comment-body"
                    class="comment-form__body"
                    name="body"
                    rows="5"
                    aria-describedby="comment-count comment-as"
                    aria-invalid=move || too_long().to_string()
                    readonly=sending
                    prop:value=move || body.get()
                    on:input=move |ev| edit(event_target_value(&ev))
                ></textarea>
                <div class="comment-form__meta">
                    <span id="comment-as" class="comment-form__as">
                        {move || user.with(|u| u.as_ref().map(|u| format!("Posting as {}", author_name(u.full_name(), &u.email))))}
                    </span>
                    <span
                        id="comment-count"
                        class="comment-form__count"
                        class:is-over=too_long
                    >
                        {move || body.with(|b| char_count_label(b))}
                    </span>
                </div>
                <div class="comment-form__actions">
                    <button
                        type="submit"
                        class="button button--primary"
                        disabled=sending
                        aria-busy=move || sending().to_string()
                    >
                        {move || error.with(|e| submit_label(sending(), e.as_ref()))}
                    </button>
                    <Show when=move || {
                        !sending() && error.with(|e| matches!(e, Some(CommentError::Conflict(_))))
                    }>
                        <button type="button" class="button" on:click=send_as_new>
                            "Post as a new comment"
                        </button>
                    </Show>
                </div>
            </form>
        }
    };
    let login_prompt = move || {
        view! {
            <div class="comment-login">
                <p>
                    {move || if body.with(String::is_empty) {
                        "Log in to join the conversation."
                    } else {
                        "Your draft is kept here. Log in to post it."
                    }}
                </p>
                <Show when=move || !body.with(String::is_empty)>
                    <p class="comment-login__draft">{move || body.get()}</p>
                </Show>
                <button
                    type="button"
                    class="button button--primary"
                    on:click=move |_| identity.open(Page::Login)
                >
                    "Log in to comment"
                </button>
            </div>
        }
    };

    view! {
        <div class="comment-compose">
            // Nothing until the session is read, so a logged-in reader never sees the prompt flash.
            {move || match status.get() {
                Status::Initializing => ().into_any(),
                Status::LoggedIn => form().into_any(),
                Status::LoggedOut => login_prompt().into_any(),
            }}
            // Outside the match: a 401 logs the reader out and its message must stay.
            {move || error.get().map(|e| view! {
                <p class="comment-compose__error" role="alert">{e.message()}</p>
            })}
            <Show when=move || posted.get()>
                <p class="comment-compose__done" role="status">"Your comment is posted."</p>
            </Show>
        </div>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::components::test_support::mount;
    use crate::components::test_support::sleep;
    use leptos_identity::{provide_identity, IdentityOptions};
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn the_count_is_in_characters_against_the_servers_limit() {
        assert_eq!(char_count_label(""), "0 / 5000");
        assert_eq!(char_count_label("é😀"), "2 / 5000");
    }

    #[wasm_bindgen_test]
    fn the_button_offers_a_retry_only_when_one_can_help() {
        assert_eq!(submit_label(true, None), "Posting…");
        assert_eq!(submit_label(false, None), "Post comment");
        assert_eq!(
            submit_label(false, Some(&CommentError::Offline)),
            "Try again"
        );
        assert_eq!(
            submit_label(false, Some(&CommentError::Server(500))),
            "Try again"
        );
        assert_eq!(
            submit_label(false, Some(&CommentError::Refused("Too long.".into()))),
            "Post comment"
        );
    }

    #[wasm_bindgen_test]
    async fn a_logged_out_reader_keeps_the_draft_and_can_open_the_login() {
        let slug = "form-logged-out";
        draft::save(
            slug,
            &Draft {
                body: "Kept <i>across</i> the login".into(),
                client_key: "key-logged-out".into(),
            },
        );
        let shared: Rc<Cell<Option<leptos_identity::Identity>>> = Rc::new(Cell::new(None));
        let out = shared.clone();
        let host = mount(move || {
            out.set(Some(provide_identity(IdentityOptions {
                handle_url_hash: false,
                ..IdentityOptions::default()
            })));
            view! { <CommentForm slug=slug on_posted=|_| {} /> }
        })
        .await;

        assert!(host.query_selector("textarea").unwrap().is_none());
        let kept = host
            .query_selector(".comment-login__draft")
            .unwrap()
            .unwrap();
        assert_eq!(
            kept.text_content().as_deref(),
            Some("Kept <i>across</i> the login")
        );
        assert!(host.query_selector("i").unwrap().is_none());
        let button: web_sys::HtmlElement = host
            .query_selector(".comment-login button")
            .unwrap()
            .unwrap()
            .unchecked_into();
        assert_eq!(button.text_content().as_deref(), Some("Log in to comment"));
        button.click();
        let identity = shared.get().unwrap();
        assert_eq!(identity.modal_page().get_untracked(), Some(Page::Login));
        // Nothing typed was lost by showing it.
        assert_eq!(draft::load(slug).unwrap().client_key, "key-logged-out");
        draft::clear(slug);
    }

    /// An access token a client can read (exp in 2100, name "Jane"); the signature does not
    /// matter to a client.
    const ACCESS: &str = "eyJhbGciOiJIUzI1NiIsImtpZCI6Im5mLWlkZW50IiwidHlwIjoiSldUIn0.eyJleHAiOjQxMDI0NDQ4MDAsInN1YiI6InUxIiwiZW1haWwiOiJqYW5lQGV4YW1wbGUuY29tIiwiYXBwX21ldGFkYXRhIjp7InByb3ZpZGVyIjoiZW1haWwiLCJyb2xlcyI6WyJhZG1pbiJdfSwidXNlcl9tZXRhZGF0YSI6eyJmdWxsX25hbWUiOiJKYW5lIn19.c2ln";

    fn log_in_as_jane() {
        let session = format!(
            r#"{{"url":"http://127.0.0.1:1/.netlify/identity","audience":"","token":{{"access_token":"{ACCESS}","token_type":"bearer","expires_in":3600,"refresh_token":"r1","expires_at":4102444800000}},"id":"u1","aud":"","role":"","email":"jane@example.com","confirmed_at":"2026-11-20T10:00:00Z","app_metadata":{{"provider":"email"}},"user_metadata":{{"full_name":"Jane"}},"created_at":"2026-11-20T09:59:00Z","updated_at":"2026-11-20T10:00:00Z"}}"#
        );
        window()
            .local_storage()
            .unwrap()
            .unwrap()
            .set_item("gotrue.user", &session)
            .unwrap();
    }

    fn type_into(area: &web_sys::HtmlTextAreaElement, text: &str) {
        area.set_value(text);
        let event = web_sys::Event::new("input").unwrap();
        area.dispatch_event(&event).unwrap();
    }

    #[wasm_bindgen_test]
    async fn a_logged_in_reader_writes_checks_and_keeps_the_draft_when_a_post_fails() {
        let slug = "form-logged-in";
        draft::clear(slug);
        log_in_as_jane();
        let host = mount(move || {
            provide_identity(IdentityOptions {
                api_url: Some("http://127.0.0.1:1/.netlify/identity".into()),
                handle_url_hash: false,
                ..IdentityOptions::default()
            });
            view! { <CommentForm slug=slug on_posted=|_| {} /> }
        })
        .await;
        window()
            .local_storage()
            .unwrap()
            .unwrap()
            .remove_item("gotrue.user")
            .unwrap();

        let label = host
            .query_selector("label[for=comment-body]")
            .unwrap()
            .unwrap();
        assert_eq!(label.text_content().as_deref(), Some("Your comment"));
        let area: web_sys::HtmlTextAreaElement = host
            .query_selector("textarea#comment-body")
            .unwrap()
            .unwrap()
            .unchecked_into();
        let text = |selector: &str| {
            host.query_selector(selector)
                .unwrap()
                .and_then(|e| e.text_content())
        };
        assert_eq!(text("#comment-as").as_deref(), Some("Posting as Jane"));
        let submit: web_sys::HtmlElement = host
            .query_selector("button[type=submit]")
            .unwrap()
            .unwrap()
            .unchecked_into();

        // Checked before sending, in the server's own words.
        submit.click();
        leptos::task::tick().await;
        assert_eq!(
            text("[role=alert]"),
            Some(comment_wire::validate::Invalid::EmptyBody.to_string())
        );

        type_into(&area, "Hello <b>there</b>");
        leptos::task::tick().await;
        assert_eq!(text("#comment-count").as_deref(), Some("18 / 5000"));
        let kept = draft::load(slug).unwrap();
        assert_eq!(kept.body, "Hello <b>there</b>");

        // The test server has no submit-comment: the post fails, and nothing is lost.
        submit.click();
        leptos::task::tick().await;
        assert_eq!(submit.text_content().as_deref(), Some("Posting…"));
        assert!(text("[role=alert]").is_none());
        for _ in 0..150 {
            if text("[role=alert]").is_some() {
                break;
            }
            sleep(20).await;
        }
        let alert = text("[role=alert]").unwrap_or_default();
        assert!(alert.contains("refused"), "{alert}");
        assert_eq!(area.value(), "Hello <b>there</b>");
        assert_eq!(draft::load(slug), Some(kept));
        draft::clear(slug);
    }
}
