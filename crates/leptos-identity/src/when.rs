//! `<When>`: what `<Show>` does, in one copy of code for every use.
//!
//! `<Show>` is generic over its children's view type, so each use compiles
//! its own render, rebuild and hydrate code; the widget had two dozen of
//! them. `<When>` turns both branches into an `AnyView` at the call site, so
//! only the condition's closure is generic and the rest exists once.

use leptos::prelude::*;

/// Renders `children` while `when` is true and `fallback` (by default,
/// nothing) while it is false, re-rendering only when the answer changes.
///
/// ```ignore
/// view! { <When when=move || user.with(Option::is_some)>"Welcome"</When> }
/// ```
#[component]
pub(crate) fn When<W>(
    /// What is shown while `when` is true; built again each time it turns true.
    children: ChildrenFn,
    /// The condition, read in a memo: the branch is rebuilt only when its value changes.
    when: W,
    /// What is shown while `when` is false; nothing by default.
    #[prop(optional, into)]
    fallback: ViewFn,
) -> impl IntoView
where
    W: Fn() -> bool + Send + Sync + 'static,
{
    either(Memo::new(move |_| when()), children, fallback)
}

/// The part of [`When`] that does not depend on the condition's type.
fn either(when: Memo<bool>, children: ChildrenFn, fallback: ViewFn) -> impl IntoView {
    move || {
        if when.get() {
            children()
        } else {
            fallback.run()
        }
    }
}
