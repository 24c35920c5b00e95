use leptos::prelude::*;

use super::site_url::DevSettings;
use super::{email_enabled, PageLink};
use crate::i18n::Key;
use crate::modal::fields::{EmailField, Form, PasswordField, Submit};
use crate::modal::providers::Providers;
use crate::modal::ModalCtx;
use crate::when::When;
use crate::Page;

#[component]
pub(super) fn Login(ctx: ModalCtx) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let on_submit = move |()| {
        let (email, password) = (email.get_untracked(), password.get_untracked());
        ctx.submit(
            async move { ctx.identity.login(&email, &password).await },
            move |_| ctx.logged_in(),
        );
    };
    view! {
        <DevSettings ctx />
        <When
            when=email_enabled(ctx)
            fallback=move || view! { <p class="ni-note">{ctx.t(Key::ProvidersOnly)}</p> }
        >
            <Form ctx dim=true on_submit=Callback::new(on_submit)>
                <EmailField ctx value=email />
                <PasswordField ctx value=password autocomplete="current-password" />
                <Submit ctx idle=Key::LogIn busy=Key::LoggingIn />
            </Form>
            <PageLink ctx to=Page::Recover label=Key::ForgotPassword />
        </When>
        <Providers ctx />
    }
}
