//! `<Link>`: an `<a>` that says when it points at the current page.

use leptos::prelude::*;

use super::{is_current, Location};

/// A link within the site. Clicking it navigates without a reload (the
/// [`Router`](super::Router) handles clicks on every same-origin `<a>`); it
/// carries `aria-current="page"` while its page is shown.
#[component]
pub fn Link(
    /// Where the link goes: a path of this site.
    #[prop(into)]
    href: String,
    /// The `class` of the `<a>`.
    #[prop(optional, into)]
    class: Option<String>,
    /// The link's content.
    children: Children,
) -> impl IntoView {
    let location = use_context::<Location>();
    let target = href.clone();
    let current = move || {
        location
            .is_some_and(|l| l.path.with(|path| is_current(&target, path)))
            .then_some("page")
    };
    view! {
        <a href=href class=class aria-current=current>
            {children()}
        </a>
    }
}
