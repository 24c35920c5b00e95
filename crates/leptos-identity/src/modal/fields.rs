//! The widget's forms and their fields, with the `autocomplete` attributes password
//! managers look for.

use leptos::prelude::*;

use super::ModalCtx;
use crate::i18n::Key;

/// A form of the widget: submitting it runs `on_submit` instead of loading a page. One
/// component for every form, so the wasm holds the form element's code once.
#[component]
pub(crate) fn Form(
    ctx: ModalCtx,
    /// What to do on submit (Enter or the submit button).
    on_submit: Callback<()>,
    /// The form's classes.
    #[prop(optional, default = "ni-form")]
    class: &'static str,
    /// Dim the form (`ni-disabled`) while a call runs.
    #[prop(optional)]
    dim: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <form
            class=class
            class:ni-disabled=move || dim && ctx.saving.get()
            on:submit=move |event: web_sys::SubmitEvent| {
                event.prevent_default();
                on_submit.run(());
            }
        >
            {children()}
        </form>
    }
}

#[component]
pub(crate) fn NameField(ctx: ModalCtx, value: RwSignal<String>) -> impl IntoView {
    view! {
        <label class="ni-field">
            <span class="ni-visually-hidden">{ctx.t(Key::FormNameLabel)}</span>
            <input
                type="text"
                name="name"
                autocomplete="name"
                required
                placeholder=ctx.t(Key::FormNamePlaceholder)
                // The initial value as an attribute too: server-rendered HTML shows it.
                value=value.get_untracked()
                bind:value=value
            />
        </label>
    }
}

#[component]
pub(crate) fn EmailField(ctx: ModalCtx, value: RwSignal<String>) -> impl IntoView {
    view! {
        <label class="ni-field">
            <span class="ni-visually-hidden">{ctx.t(Key::FormEmailLabel)}</span>
            <input
                type="email"
                name="email"
                autocomplete="email"
                inputmode="email"
                required
                placeholder=ctx.t(Key::FormEmailPlaceholder)
                // The initial value as an attribute too: server-rendered HTML shows it.
                value=value.get_untracked()
                bind:value=value
            />
        </label>
    }
}

/// A password with a show/hide toggle. `autocomplete` is `current-password`
/// on login and `new-password` where one is chosen.
#[component]
pub(crate) fn PasswordField(
    ctx: ModalCtx,
    value: RwSignal<String>,
    autocomplete: &'static str,
) -> impl IntoView {
    let shown = RwSignal::new(false);
    view! {
        <div class="ni-field ni-field--password">
            <label>
                <span class="ni-visually-hidden">{ctx.t(Key::FormPasswordLabel)}</span>
                <input
                    type=move || if shown.get() { "text" } else { "password" }
                    name="password"
                    autocomplete=autocomplete
                    required
                    placeholder=ctx.t(Key::FormPasswordPlaceholder)
                    bind:value=value
                />
            </label>
            <button
                type="button"
                class="ni-reveal"
                aria-pressed=move || if shown.get() { "true" } else { "false" }
                on:click=move |_| shown.update(|s| *s = !*s)
            >
                {move || ctx.t(if shown.get() { Key::HidePassword } else { Key::ShowPassword })}
            </button>
        </div>
    }
}

/// The submit button; shows "<verb>ing…" while the call runs.
#[component]
pub(crate) fn Submit(ctx: ModalCtx, idle: Key, busy: Key) -> impl IntoView {
    view! {
        <button type="submit" class="ni-submit" class:ni-saving=move || ctx.saving.get()
            aria-busy=move || if ctx.saving.get() { "true" } else { "false" }>
            {move || if ctx.saving.get() { format!("{}…", ctx.t(busy)) } else { ctx.t(idle) }}
        </button>
    }
}
