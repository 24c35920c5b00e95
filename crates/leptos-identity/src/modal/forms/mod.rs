//! One form per page of the modal.

mod account;
mod invite;
mod login;
mod recover;
mod set_password;
mod signup;
mod site_url;

use leptos::prelude::*;

use super::ModalCtx;
use crate::i18n::Key;
use crate::Page;

/// The body of whichever page is open.
#[component]
pub(super) fn PageBody(ctx: ModalCtx) -> impl IntoView {
    let identity = ctx.identity;
    move || match identity.modal_page().get() {
        Some(Page::Login) => view! { <login::Login ctx /> }.into_any(),
        Some(Page::Signup) => view! { <signup::Signup ctx /> }.into_any(),
        Some(Page::Recover) => view! { <recover::Recover ctx /> }.into_any(),
        Some(Page::SetPassword) => view! { <set_password::SetPassword ctx /> }.into_any(),
        Some(Page::AcceptInvite { token }) => view! { <invite::Invite ctx token /> }.into_any(),
        Some(Page::User) => view! { <account::LoggedIn ctx /> }.into_any(),
        Some(Page::SiteUrl) => view! { <site_url::SiteUrl ctx /> }.into_any(),
        None => ().into_any(),
    }
}

/// Whether the site signs people in with email and password at all.
pub(super) fn email_enabled(ctx: ModalCtx) -> impl Fn() -> bool + Copy {
    move || {
        ctx.settings
            .with(|s| s.as_ref().is_none_or(|s| s.external.email))
    }
}

/// A text link that moves to another page.
#[component]
pub(super) fn PageLink(ctx: ModalCtx, to: Page, label: Key) -> impl IntoView {
    let to = StoredValue::new(to);
    view! {
        <button type="button" class="ni-link" on:click=move |_| ctx.go(to.get_value())>
            {ctx.t(label)}
        </button>
    }
}
