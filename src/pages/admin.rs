use leptos::prelude::*;
use leptos_identity::identity_core::roles::ADMIN_ROLE;
use leptos_identity::{use_identity, Page};

use crate::components::layout::set_title;
use crate::components::moderation::access::{access, Access};
use crate::components::moderation::ModerationQueue;

/// `/admin`: comments across posts for admins to hide, restore and delete. Everyone else
/// is told why there is nothing here, and the list is never requested for them.
#[component]
pub fn Admin() -> impl IntoView {
    set_title("Moderation");
    let identity = use_identity();
    let is_admin = identity.has_role(ADMIN_ROLE);
    let logged_in = identity.is_logged_in();
    // A refreshed token re-runs the signals above; the page changes only when the answer does.
    let access = Memo::new(move |_| access(is_admin.get(), logged_in.get()));

    let page = move || match access.get() {
        Access::Pending => ().into_any(),
        Access::LoggedOut => view! {
            <h1 id="moderation-title">"Moderation"</h1>
            <div class="moderation-gate">
                <p>"Log in as an admin to moderate comments."</p>
                <button
                    type="button"
                    class="button button--primary"
                    on:click=move |_| identity.open(Page::Login)
                >
                    "Log in"
                </button>
            </div>
        }
        .into_any(),
        Access::NotAllowed => view! {
            <h1 id="moderation-title">"Moderation"</h1>
            <p class="moderation-denied">"You are not allowed to moderate comments."</p>
        }
        .into_any(),
        Access::Allowed => view! {
            <h1 id="moderation-title">"Moderation"</h1>
            <p class="moderation-intro">
                "Every comment on every post, newest first. Hidden comments can be restored; \
                 deleted ones cannot."
            </p>
            <ModerationQueue />
        }
        .into_any(),
    };
    view! {
        <section class="moderation" aria-labelledby="moderation-title">
            {page}
        </section>
    }
}
