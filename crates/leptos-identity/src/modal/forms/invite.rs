use leptos::prelude::*;

use crate::i18n::Key;
use crate::modal::fields::{Form, PasswordField, Submit};
use crate::modal::providers::Providers;
use crate::modal::ModalCtx;

/// After an invite link: a password (or a provider) finishes the account.
#[component]
pub(super) fn Invite(ctx: ModalCtx, token: String) -> impl IntoView {
    let password = RwSignal::new(String::new());
    let token = StoredValue::new(token);
    let on_submit = move |()| {
        let (token, password) = (token.get_value(), password.get_untracked());
        ctx.submit(
            async move { ctx.identity.accept_invite(&token, &password).await },
            move |_| ctx.logged_in(),
        );
    };
    view! {
        <Form ctx dim=true on_submit=Callback::new(on_submit)>
            <PasswordField ctx value=password autocomplete="new-password" />
            <Submit ctx idle=Key::SignUp busy=Key::SigningUp />
        </Form>
        <Providers ctx invite_token=token.get_value() />
    }
}
