use leptos::prelude::*;

use crate::i18n::Key;
use crate::modal::fields::{PasswordField, Submit};
use crate::modal::ModalCtx;
use crate::Page;

/// After a recovery link: the user is logged in and chooses a new password.
#[component]
pub(super) fn SetPassword(ctx: ModalCtx) -> impl IntoView {
    let password = RwSignal::new(String::new());
    let on_submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        let password = password.get_untracked();
        ctx.submit(
            async move { ctx.identity.set_password(&password).await },
            move |_| ctx.go(Page::User),
        );
    };
    view! {
        <form class="ni-form" class:ni-disabled=move || ctx.saving.get() on:submit=on_submit>
            <PasswordField ctx value=password autocomplete="new-password" />
            <Submit ctx idle=Key::UpdatePassword busy=Key::UpdatingPassword />
        </form>
    }
}
