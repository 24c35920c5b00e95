use leptos::prelude::*;

use crate::i18n::Key;
use crate::modal::fields::{Form, Submit};
use crate::modal::ModalCtx;

/// Who is logged in, a way out, and a way back to the site.
#[component]
pub(super) fn LoggedIn(ctx: ModalCtx) -> impl IntoView {
    let identity = ctx.identity;
    let name = move || {
        identity.user().with(|user| {
            user.as_ref()
                .map(|u| u.full_name().unwrap_or(&u.email).to_owned())
                .unwrap_or_default()
        })
    };
    let on_submit = move |()| {
        ctx.submit(
            async move {
                identity.logout().await;
                Ok(())
            },
            move |()| identity.close(),
        );
    };
    view! {
        <p class="ni-user">
            {ctx.t(Key::LoggedInAs)} " " <strong class="ni-user-name">{name}</strong>
        </p>
        <Form ctx on_submit=Callback::new(on_submit)>
            <Submit ctx idle=Key::LogOut busy=Key::LoggingOut />
        </Form>
        <button type="button" class="ni-link" on:click=move |_| identity.close()>
            {ctx.t(Key::Close)}
        </button>
    }
}
