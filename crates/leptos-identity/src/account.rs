//! The account page's component: change name, email and password.

use identity_core::wire::{Metadata, UserUpdate};
use leptos::prelude::*;

use crate::i18n::{Key, Locale, Strings};
use crate::identity::use_identity;
use crate::modal::fields::{EmailField, Form, NameField, PasswordField, Submit};
use crate::modal::{inject_styles, AfterLogin, Flash, ModalCtx};
use crate::when::When;
use crate::{Identity, Page};

/// Name, email and password of the logged-in user, each with its own form;
/// a way to log in for anyone else.
///
/// ```rust,ignore
/// view! { <AccountSettings /> }
/// ```
#[component]
pub fn AccountSettings(
    /// The language; default: the widget's ([`Identity::locale`](crate::Identity::locale)).
    #[prop(optional)]
    locale: Option<Locale>,
) -> impl IntoView {
    inject_styles();
    let identity = use_identity();
    let locale = move || locale.unwrap_or_else(|| identity.locale().get());
    move || {
        let strings = StoredValue::new(Strings {
            locale: locale(),
            ..Strings::default()
        });
        settings(identity, strings)
    }
}

fn settings(identity: Identity, strings: StoredValue<Strings>) -> impl IntoView {
    let form = move || ModalCtx::new(identity, strings, AfterLogin::default());
    let user = identity.user();
    view! {
        <When
            when=move || user.with(Option::is_some)
            fallback=move || {
                let ctx = form();
                view! {
                    <div class="ni-account">
                        <p>{ctx.t(Key::LogInToManage)}</p>
                        <button type="button" class="ni-submit" on:click=move |_| identity.open(Page::Login)>
                            {ctx.t(Key::LogIn)}
                        </button>
                    </div>
                }
            }
        >
            <div class="ni-account">
                <NameForm ctx=form() />
                <EmailForm ctx=form() />
                <PasswordForm ctx=form() />
            </div>
        </When>
    }
}

#[component]
fn Section(ctx: ModalCtx, title: Key, children: Children) -> impl IntoView {
    view! {
        <section class="ni-account-section">
            <h2>{ctx.t(title)}</h2>
            {move || ctx.flash.get().map(|flash| match flash {
                Flash::Success(text) => view! { <p class="ni-flash ni-flash--success" role="status">{text}</p> }.into_any(),
                Flash::Error(text) => view! { <p class="ni-flash ni-flash--error" role="alert">{text}</p> }.into_any(),
            })}
            {children()}
        </section>
    }
}

#[component]
fn NameForm(ctx: ModalCtx) -> impl IntoView {
    let identity = ctx.identity;
    let current = identity
        .user()
        .with_untracked(|u| u.as_ref().and_then(|u| u.full_name().map(str::to_owned)));
    let name = RwSignal::new(current.unwrap_or_default());
    let on_submit = move |()| {
        let mut data = Metadata::new();
        data.insert("full_name".into(), name.get_untracked().trim().into());
        let update = UserUpdate {
            data: Some(data),
            ..UserUpdate::default()
        };
        ctx.submit(
            async move { identity.update_user(update).await },
            move |_| {
                ctx.flash
                    .set(Some(Flash::Success(ctx.t(Key::MessageSaved))))
            },
        );
    };
    view! {
        <Section ctx title=Key::AccountName>
            <Form ctx on_submit=Callback::new(on_submit)>
                <NameField ctx value=name />
                <Submit ctx idle=Key::Save busy=Key::Saving />
            </Form>
        </Section>
    }
}

#[component]
fn EmailForm(ctx: ModalCtx) -> impl IntoView {
    let identity = ctx.identity;
    let user = identity.user();
    let email = RwSignal::new(
        user.with_untracked(|u| u.as_ref().map(|u| u.email.clone()).unwrap_or_default()),
    );
    let pending = move || {
        user.with(|u| {
            u.as_ref()
                .and_then(|u| u.pending_email().map(str::to_owned))
        })
    };
    let on_submit = move |()| {
        let update = UserUpdate {
            email: Some(email.get_untracked().trim().to_owned()),
            ..UserUpdate::default()
        };
        ctx.submit(
            async move { identity.update_user(update).await },
            move |_| {
                ctx.flash
                    .set(Some(Flash::Success(ctx.t(Key::MessageEmailChangeSent))))
            },
        );
    };
    view! {
        <Section ctx title=Key::AccountEmail>
            {move || pending().map(|address| view! {
                <p class="ni-note">{ctx.t(Key::PendingEmail)} " " <strong>{address}</strong></p>
            })}
            <Form ctx on_submit=Callback::new(on_submit)>
                <EmailField ctx value=email />
                <Submit ctx idle=Key::Save busy=Key::Saving />
            </Form>
        </Section>
    }
}

#[component]
fn PasswordForm(ctx: ModalCtx) -> impl IntoView {
    let identity = ctx.identity;
    let password = RwSignal::new(String::new());
    let on_submit = move |()| {
        let new_password = password.get_untracked();
        ctx.submit(
            async move { identity.set_password(&new_password).await },
            move |_| {
                password.set(String::new());
                ctx.flash
                    .set(Some(Flash::Success(ctx.t(Key::MessagePasswordChanged))));
            },
        );
    };
    view! {
        <Section ctx title=Key::NewPassword>
            <Form ctx on_submit=Callback::new(on_submit)>
                <PasswordField ctx value=password autocomplete="new-password" />
                <Submit ctx idle=Key::Save busy=Key::Saving />
            </Form>
        </Section>
    }
}
