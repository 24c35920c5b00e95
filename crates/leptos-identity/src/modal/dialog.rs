//! The dialog frame: backdrop, labelled dialog, close button, messages, and
//! keyboard behaviour (focus moves in, is trapped, ESC closes, focus goes
//! back where it was).

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::forms::PageBody;
use super::{Flash, ModalCtx};
use crate::i18n::Key;
use crate::identity::Notice;
use crate::when::When;
use crate::Page;

const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]:not([tabindex='-1'])";

#[component]
pub(super) fn Dialog(
    ctx: ModalCtx,
    class: MaybeProp<String>,
    lang: &'static str,
    dir: &'static str,
) -> impl IntoView {
    let identity = ctx.identity;
    let dialog_ref = NodeRef::<html::Div>::new();
    let opener = document()
        .active_element()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());

    // Focus moves into the dialog when it opens and on every page change.
    Effect::new(move |_| {
        let _page = identity.modal_page().get();
        if let Some(dialog) = dialog_ref.get() {
            request_animation_frame(move || focus_first(&dialog));
        }
    });
    on_cleanup(move || {
        if let Some(opener) = opener {
            let _ = opener.focus();
        }
    });

    let on_keydown = move |event: web_sys::KeyboardEvent| match event.key().as_str() {
        "Escape" => {
            event.prevent_default();
            identity.close();
        }
        "Tab" => {
            if let Some(dialog) = dialog_ref.get_untracked() {
                trap_tab(&dialog, &event);
            }
        }
        _ => {}
    };
    let on_backdrop = move |event: web_sys::MouseEvent| {
        if event.target() == event.current_target() {
            identity.close();
        }
    };

    let title = move || {
        let key = match identity.modal_page().get() {
            Some(Page::Recover | Page::SetPassword) => Key::RecoverPassword,
            Some(Page::AcceptInvite { .. }) => Key::CompleteYourSignup,
            Some(Page::User) => Key::LoggedIn,
            Some(Page::Signup) => Key::SignUp,
            Some(Page::SiteUrl) => Key::SiteUrlTitle,
            _ => Key::LogIn,
        };
        ctx.t(key)
    };
    // The tabs already say "Log in" / "Sign up": the heading stays for
    // screen readers only.
    let title_class = move || match identity.modal_page().get() {
        Some(Page::Login | Page::Signup) => "ni-title ni-visually-hidden",
        _ => "ni-title",
    };
    let dialog_class = move || match class.get() {
        Some(extra) => format!("ni-dialog {extra}"),
        None => "ni-dialog".to_owned(),
    };

    view! {
        <div class="ni-backdrop" on:mousedown=on_backdrop lang=lang dir=dir>
            <div
                class=dialog_class
                role="dialog"
                aria-modal="true"
                aria-labelledby="ni-title"
                node_ref=dialog_ref
                on:keydown=on_keydown
            >
                <button
                    type="button"
                    class="ni-close"
                    aria-label=move || ctx.t(Key::Close)
                    on:click=move |_| identity.close()
                >
                    "×"
                </button>
                <Tabs ctx />
                <h2 id="ni-title" class=title_class>{title}</h2>
                <FlashMessage ctx />
                <PageBody ctx />
            </div>
        </div>
    }
}

/// "Sign up" / "Log in" tabs on those two pages; no signup tab when the site
/// takes no signups.
#[component]
fn Tabs(ctx: ModalCtx) -> impl IntoView {
    let identity = ctx.identity;
    let page = move || identity.modal_page().get();
    let signup_open = move || {
        ctx.settings
            .with(|s| s.as_ref().is_none_or(|s| !s.disable_signup))
    };
    view! {
        <When when=move || matches!(page(), Some(Page::Login | Page::Signup))>
            <div class="ni-tabs">
                <When when=signup_open>
                    <button
                        type="button"
                        class="ni-tab"
                        aria-current=move || (page() == Some(Page::Signup)).then_some("page")
                        on:click=move |_| ctx.go(Page::Signup)
                    >
                        {move || ctx.t(Key::SignUp)}
                    </button>
                </When>
                <button
                    type="button"
                    class="ni-tab"
                    aria-current=move || (page() == Some(Page::Login)).then_some("page")
                    on:click=move |_| ctx.go(Page::Login)
                >
                    {move || ctx.t(Key::LogIn)}
                </button>
            </div>
        </When>
    }
}

#[component]
fn FlashMessage(ctx: ModalCtx) -> impl IntoView {
    move || {
        // The identity's message first: a form sent since has cleared it.
        let notice = ctx.identity.notice.get().map(|notice| match notice {
            Notice::EmailChanged => Flash::Success(ctx.t(Key::MessageEmailChanged)),
            Notice::EmailChangeFailed(error) => Flash::Error(ctx.error_text(&error)),
            Notice::VerificationError => Flash::Error(ctx.t(Key::MessageVerificationError)),
        });
        notice.or_else(|| ctx.flash.get()).map(|flash| match flash {
            Flash::Success(text) => {
                view! { <p class="ni-flash ni-flash--success" role="status">{text}</p> }.into_any()
            }
            Flash::Error(text) => {
                view! { <p class="ni-flash ni-flash--error" role="alert">{text}</p> }.into_any()
            }
        })
    }
}

fn focusables(dialog: &web_sys::HtmlElement) -> Vec<web_sys::HtmlElement> {
    let Ok(list) = dialog.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

/// The first field, or else the first control that is not the close button.
fn focus_first(dialog: &web_sys::HtmlElement) {
    let all = focusables(dialog);
    let input = all.iter().find(|e| e.tag_name() == "INPUT");
    let other = all.iter().find(|e| !e.class_list().contains("ni-close"));
    if let Some(target) = input.or(other).or(all.first()) {
        let _ = target.focus();
    }
}

fn trap_tab(dialog: &web_sys::HtmlElement, event: &web_sys::KeyboardEvent) {
    let all = focusables(dialog);
    let (Some(first), Some(last)) = (all.first(), all.last()) else {
        return;
    };
    let active = document().active_element();
    let is = |element: &web_sys::HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == element.unchecked_ref::<web_sys::Element>())
    };
    let inside = active
        .as_ref()
        .is_some_and(|a| dialog.contains(Some(a.unchecked_ref())));
    if event.shift_key() && (is(first) || !inside) {
        event.prevent_default();
        let _ = last.focus();
    } else if !event.shift_key() && (is(last) || !inside) {
        event.prevent_default();
        let _ = first.focus();
    }
}
