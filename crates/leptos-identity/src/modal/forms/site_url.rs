//! Local development against a deployed site: which site's identity API to use, and a way to
//! forget it (the JS widget's "Development Settings").

use leptos::prelude::*;

use crate::i18n::Key;
use crate::modal::fields::{Form, Submit};
use crate::modal::{Flash, ModalCtx};
use crate::when::When;
use crate::Page;

/// Asks for the deployed site's URL; then goes on to the login page.
#[component]
pub(super) fn SiteUrl(ctx: ModalCtx) -> impl IntoView {
    let url = RwSignal::new(String::new());
    let on_submit = move |()| match ctx.identity.set_site_url(Some(&url.get_untracked())) {
        Ok(()) => ctx.go(Page::Login),
        Err(error) => ctx.flash.set(Some(Flash::Error(error.to_string()))),
    };
    view! {
        <Form ctx class="ni-form ni-site-url" dim=true on_submit=Callback::new(on_submit)>
            <p class="ni-note">{ctx.t(Key::SiteUrlMessage)}</p>
            <label class="ni-field">
                <span class="ni-visually-hidden">{ctx.t(Key::SiteUrlLabel)}</span>
                <input
                    type="url"
                    name="url"
                    autocapitalize="off"
                    required
                    placeholder=ctx.t(Key::SiteUrlPlaceholder)
                    bind:value=url
                />
            </label>
            <Submit ctx idle=Key::SiteUrlSubmit busy=Key::SiteUrlSubmit />
        </Form>
    }
}

/// On the login page while a deployed site is in use: which, and "Clear localhost URL".
#[component]
pub(super) fn DevSettings(ctx: ModalCtx) -> impl IntoView {
    let identity = ctx.identity;
    let clear = move |_| {
        // Forgetting needs no checking: `None` is always taken.
        let _ = identity.set_site_url(None);
        ctx.go(Page::Login);
    };
    view! {
        <When when=move || identity.is_dev_site() && identity.site_url().with(Option::is_some)>
            <div class="ni-dev-settings">
                <h3>{ctx.t(Key::SiteUrlTitle)}</h3>
                <p class="ni-note">{move || identity.site_url().get()}</p>
                <button type="button" class="ni-link ni-site-url-clear" on:click=clear>
                    {ctx.t(Key::SiteUrlLinkText)}
                </button>
            </div>
        </When>
    }
}
