//! `examples/widget-demo` without the widget: the same header and main, a
//! signal in place of the session.

use leptos::prelude::*;

#[component]
fn App() -> impl IntoView {
    let who = RwSignal::new(None::<String>);
    view! {
        <header>
            <h1>"Bare Leptos"</h1>
            <button on:click=move |_| who.set(Some("someone".to_owned()))>"Log in"</button>
        </header>
        <main>
            {move || match who.get() {
                Some(name) => format!("Logged in as {name}"),
                None => "Nobody is logged in.".to_owned(),
            }}
        </main>
    }
}

fn main() {
    leptos::mount::mount_to_body(App);
}
