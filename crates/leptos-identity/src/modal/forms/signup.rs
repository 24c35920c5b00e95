use leptos::prelude::*;

use super::email_enabled;
use crate::i18n::Key;
use crate::modal::fields::{EmailField, Form, NameField, PasswordField, Submit};
use crate::modal::providers::Providers;
use crate::modal::{Flash, ModalCtx};
use crate::when::When;
use crate::SignupOutcome;

#[component]
pub(super) fn Signup(ctx: ModalCtx) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let disabled = move || {
        ctx.settings
            .with(|s| s.as_ref().is_some_and(|s| s.disable_signup))
    };
    let on_submit = move |()| {
        let (n, e, p) = (
            name.get_untracked(),
            email.get_untracked(),
            password.get_untracked(),
        );
        ctx.submit(
            // The caller's metadata (`open_with_metadata`); the Name field's `full_name` wins.
            async move {
                let metadata = ctx.identity.signup_metadata();
                ctx.identity.signup(&n, &e, &p, metadata).await
            },
            move |outcome| match outcome {
                SignupOutcome::ConfirmationSent(_) => ctx
                    .flash
                    .set(Some(Flash::Success(ctx.t(Key::MessageConfirm)))),
                SignupOutcome::LoggedIn(_) => ctx.logged_in(),
            },
        );
    };
    view! {
        <When
            when=move || !disabled()
            fallback=move || {
                view! { <p class="ni-flash ni-flash--error" role="alert">{ctx.t(Key::MessageSignupDisabled)}</p> }
            }
        >
            <When
                when=email_enabled(ctx)
                fallback=move || view! { <p class="ni-note">{ctx.t(Key::ProvidersOnly)}</p> }
            >
                <Form ctx dim=true on_submit=Callback::new(on_submit)>
                    <NameField ctx value=name />
                    <EmailField ctx value=email />
                    <PasswordField ctx value=password autocomplete="new-password" />
                    <Submit ctx idle=Key::SignUp busy=Key::SigningUp />
                </Form>
            </When>
            <Providers ctx />
        </When>
    }
}
