use leptos::prelude::*;

use crate::i18n::Key;
use crate::modal::fields::{Form, PasswordField, Submit};
use crate::modal::ModalCtx;
use crate::Page;

/// After a recovery link: the user is logged in and chooses a new password.
#[component]
pub(super) fn SetPassword(ctx: ModalCtx) -> impl IntoView {
    let password = RwSignal::new(String::new());
    let on_submit = move |()| {
        let password = password.get_untracked();
        ctx.submit(
            async move { ctx.identity.set_password(&password).await },
            move |_| ctx.go(Page::User),
        );
    };
    view! {
        <Form ctx dim=true on_submit=Callback::new(on_submit)>
            <PasswordField ctx value=password autocomplete="new-password" />
            <Submit ctx idle=Key::UpdatePassword busy=Key::UpdatingPassword />
        </Form>
    }
}
