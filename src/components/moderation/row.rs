//! One comment in the moderation list: where and by whom, the text (as text), its status,
//! and the actions its status allows. The row keeps the comment it shows and replaces it
//! with whatever `moderate-comment` answers, so it changes in place.

use comment_wire::{Comment, CommentStatus, ModerationAction, ModerationRequest};
use leptos::html;
use leptos::prelude::*;
use leptos_identity::{use_identity, Page};

use super::api::{self, action_message};
use crate::components::comments::api::CommentError;
use crate::components::comments::list::{local_offset_minutes, readable_date};
use crate::loader::Loader;
use crate::router::Link;

/// Whether `action` makes sense for a comment in `status`: hide what is visible, restore
/// what is hidden, delete anything not deleted yet.
///
/// ```
/// use blog::components::moderation::row::can;
/// use comment_wire::{CommentStatus, ModerationAction};
/// assert!(can(CommentStatus::Visible, ModerationAction::Hide));
/// assert!(!can(CommentStatus::Deleted, ModerationAction::Delete));
/// ```
pub fn can(status: CommentStatus, action: ModerationAction) -> bool {
    match action {
        ModerationAction::Hide => status == CommentStatus::Visible,
        ModerationAction::Restore => status == CommentStatus::Hidden,
        ModerationAction::Delete => status != CommentStatus::Deleted,
    }
}

/// What the button of `action` says, and says while its request is under way.
pub fn action_label(action: ModerationAction, busy: bool) -> &'static str {
    match (action, busy) {
        (ModerationAction::Hide, false) => "Hide",
        (ModerationAction::Hide, true) => "Hiding…",
        (ModerationAction::Restore, false) => "Restore",
        (ModerationAction::Restore, true) => "Restoring…",
        (ModerationAction::Delete, false) => "Delete",
        (ModerationAction::Delete, true) => "Deleting…",
    }
}

/// The status as the admin reads it.
pub fn status_label(status: CommentStatus) -> &'static str {
    match status {
        CommentStatus::Visible => "Visible",
        CommentStatus::Hidden => "Hidden",
        CommentStatus::Deleted => "Deleted",
    }
}

/// The comment as `moderate-comment` keeps a deleted one: the record without its text.
/// Used when the function answers 409, which says the comment was deleted meanwhile.
pub fn mark_deleted(comment: &mut Comment) {
    comment.status = CommentStatus::Deleted;
    comment.body.clear();
}

/// A comment in the moderation list, with Hide / Restore / Delete. Delete asks once more
/// in the row ("Really delete?") before anything is sent.
#[component]
pub fn ModerationRow(
    /// The comment as the list loaded it.
    comment: Comment,
) -> impl IntoView {
    let identity = use_identity();
    let id = comment.id;
    let post = comment.post.clone();
    let author = comment.author.name.clone();
    let when = comment.created_at.as_str().to_owned();
    let readable = readable_date(&when, local_offset_minutes());
    let comment = RwSignal::new(comment);
    let status = Memo::new(move |_| comment.with(|c| c.status));
    // The action on its way, if any.
    let acting = Loader::<ModerationAction>::new();
    let error = RwSignal::new(None::<CommentError>);
    let confirming = RwSignal::new(false);
    let delete_button = NodeRef::<html::Button>::new();
    let really_button = NodeRef::<html::Button>::new();

    let act = move |action: ModerationAction| {
        let started = acting.start_if_idle(
            action,
            async move { api::act(identity, ModerationRequest { id, action }).await },
            move |result| {
                confirming.set(false);
                match result {
                    Ok(updated) => comment.set(updated),
                    Err(failure) => {
                        if matches!(failure, CommentError::Conflict(_)) {
                            comment.update(mark_deleted);
                        }
                        if failure == CommentError::SessionExpired {
                            identity.open(Page::Login);
                        }
                        error.set(Some(failure));
                    }
                }
            },
        );
        if started {
            error.set(None);
        }
    };
    // Keyboard users land on the question when it appears, and back on Delete when it is
    // dismissed.
    Effect::new(move |was_confirming: Option<bool>| {
        let now = confirming.get();
        if now {
            if let Some(button) = really_button.get() {
                let _ = button.focus();
            }
        } else if was_confirming == Some(true) {
            if let Some(button) = delete_button.get() {
                let _ = button.focus();
            }
        }
        now
    });

    let button = move |action: ModerationAction, class: &'static str| {
        view! {
            <button
                type="button"
                class=format!("button {class}")
                disabled=move || acting.busy()
                aria-busy=move || acting.runs(&action).to_string()
                on:click=move |_| act(action)
            >
                {move || action_label(action, acting.runs(&action))}
            </button>
        }
    };
    let body = move || {
        comment.with(|c| {
            if c.status == CommentStatus::Deleted {
                view! {
                    <p class="moderation-item__body is-deleted">"The text of this comment was deleted."</p>
                }
                .into_any()
            } else {
                // Plain text, never markup.
                view! { <p class="moderation-item__body">{c.body.clone()}</p> }.into_any()
            }
        })
    };

    view! {
        <li
            class="moderation-item"
            id=format!("moderation-{id}")
            data-status=move || status.get().as_str()
        >
            <p class="moderation-item__meta">
                <Link href=format!("/posts/{post}") class="moderation-item__post">
                    {post.clone()}
                </Link>
                " · "
                <bdi class="moderation-item__author">{author}</bdi>
                " · "
                <time class="moderation-item__date" datetime=when>
                    {readable}
                </time>
                <span class=move || {
                    format!("moderation-item__status is-{}", status.get().as_str())
                }>{move || status_label(status.get())}</span>
            </p>
            {body}
            <div class="moderation-item__actions">
                <Show
                    when=move || confirming.get()
                    fallback=move || {
                        view! {
                            <Show when=move || can(status.get(), ModerationAction::Hide)>
                                {button(ModerationAction::Hide, "moderation-hide")}
                            </Show>
                            <Show when=move || can(status.get(), ModerationAction::Restore)>
                                {button(ModerationAction::Restore, "moderation-restore")}
                            </Show>
                            <Show when=move || can(status.get(), ModerationAction::Delete)>
                                <button
                                    type="button"
                                    class="button moderation-delete"
                                    node_ref=delete_button
                                    disabled=move || acting.busy()
                                    on:click=move |_| confirming.set(true)
                                >
                                    "Delete"
                                </button>
                            </Show>
                        }
                    }
                >
                    <span class="moderation-item__question" id=format!("moderation-{id}-question")>
                        "Delete this comment for good? Its text cannot be brought back."
                    </span>
                    <button
                        type="button"
                        class="button button--danger moderation-confirm-delete"
                        node_ref=really_button
                        aria-describedby=format!("moderation-{id}-question")
                        disabled=move || acting.busy()
                        aria-busy=move || acting.busy().to_string()
                        on:click=move |_| act(ModerationAction::Delete)
                    >
                        {move || {
                            if acting.busy() { "Deleting…" } else { "Really delete?" }
                        }}
                    </button>
                    <button
                        type="button"
                        class="button moderation-cancel"
                        disabled=move || acting.busy()
                        on:click=move |_| confirming.set(false)
                    >
                        "Cancel"
                    </button>
                </Show>
            </div>
            {move || {
                error
                    .get()
                    .map(|error| {
                        view! {
                            <p class="moderation-item__error" role="alert">
                                {action_message(&error)}
                            </p>
                        }
                    })
            }}
        </li>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use comment_wire::Author;
    use leptos_identity::identity_core::time::Timestamp;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    const ALL: [ModerationAction; 3] = [
        ModerationAction::Hide,
        ModerationAction::Restore,
        ModerationAction::Delete,
    ];

    fn allowed(status: CommentStatus) -> Vec<ModerationAction> {
        ALL.into_iter().filter(|a| can(status, *a)).collect()
    }

    #[wasm_bindgen_test]
    fn each_status_offers_only_what_the_function_accepts() {
        use ModerationAction::*;
        assert_eq!(allowed(CommentStatus::Visible), [Hide, Delete]);
        assert_eq!(allowed(CommentStatus::Hidden), [Restore, Delete]);
        assert_eq!(allowed(CommentStatus::Deleted), []);
    }

    #[wasm_bindgen_test]
    fn buttons_say_what_they_do_and_are_doing() {
        assert_eq!(action_label(ModerationAction::Hide, false), "Hide");
        assert_eq!(action_label(ModerationAction::Restore, true), "Restoring…");
        assert_eq!(status_label(CommentStatus::Hidden), "Hidden");
    }

    #[wasm_bindgen_test]
    fn a_comment_deleted_meanwhile_loses_its_text() {
        let mut comment = Comment {
            id: 4,
            post: "hello".into(),
            author: Author {
                id: "u".into(),
                name: "Jane".into(),
            },
            body: "gone soon".into(),
            created_at: Timestamp::new("2026-11-26T14:05:09Z"),
            status: CommentStatus::Hidden,
        };
        mark_deleted(&mut comment);
        assert_eq!(comment.status, CommentStatus::Deleted);
        assert!(comment.body.is_empty());
    }
}
