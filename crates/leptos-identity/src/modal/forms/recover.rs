use leptos::prelude::*;

use super::PageLink;
use crate::i18n::Key;
use crate::modal::fields::{EmailField, Form, Submit};
use crate::modal::{Flash, ModalCtx};
use crate::Page;

/// "Forgot password?": emails a recovery link.
#[component]
pub(super) fn Recover(ctx: ModalCtx) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let on_submit = move |()| {
        let email = email.get_untracked();
        ctx.submit(
            async move { ctx.identity.request_password_recovery(&email).await },
            move |()| {
                ctx.flash
                    .set(Some(Flash::Success(ctx.t(Key::MessagePasswordMail))))
            },
        );
    };
    view! {
        <Form ctx dim=true on_submit=Callback::new(on_submit)>
            <EmailField ctx value=email />
            <Submit ctx idle=Key::SendRecoveryEmail busy=Key::SendingRecoveryEmail />
        </Form>
        <PageLink ctx to=Page::Login label=Key::NeverMind />
    }
}
