use leptos::prelude::*;
use leptos_identity::AccountSettings;

use crate::components::layout::set_title;

/// `/account`: the widget's account component, as an outsider would embed it.
#[component]
pub fn Account() -> impl IntoView {
    set_title("Your account");
    view! {
        <section class="account">
            <h1>"Your account"</h1>
            <AccountSettings />
        </section>
    }
}
