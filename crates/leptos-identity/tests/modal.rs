//! The modal in a real browser: a proper dialog (labelled, focus in, trapped,
//! ESC and backdrop close, focus back), real forms for password managers.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos_identity::{provide_identity, Identity, IdentityModal, IdentityOptions, Page};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

struct Mounted {
    identity: Identity,
    opener: web_sys::HtmlElement,
}

async fn mount() -> Mounted {
    window().local_storage().unwrap().unwrap().clear().unwrap();
    let host: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    let opener: web_sys::HtmlElement = document()
        .create_element("button")
        .unwrap()
        .unchecked_into();
    opener.set_text_content(Some("open"));
    host.append_child(&opener).unwrap();
    let slot: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    host.append_child(&slot).unwrap();

    let (tx, rx) = futures::channel::oneshot::channel();
    let tx = std::cell::Cell::new(Some(tx));
    leptos::mount::mount_to(slot, move || {
        let identity = provide_identity(IdentityOptions {
            // Nothing listens here: the settings request fails fast.
            api_url: Some("http://127.0.0.1:9/.netlify/identity".into()),
            handle_url_hash: false,
            ..IdentityOptions::default()
        });
        if let Some(tx) = tx.take() {
            let _ = tx.send(identity);
        }
        view! { <IdentityModal locale=leptos_identity::i18n::Locale::En /> }
    })
    .forget();
    let identity = rx.await.unwrap();
    opener.focus().unwrap();
    Mounted { identity, opener }
}

async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            window().request_animation_frame(&resolve).unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }
}

fn dialog() -> Option<web_sys::Element> {
    document().query_selector("[role=dialog]").unwrap()
}

fn active() -> web_sys::Element {
    document().active_element().unwrap()
}

fn key(target: &web_sys::Element, key: &str, shift: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    let not_cancelled = target.dispatch_event(&event).unwrap();
    // A trapped Tab is handled by us: move focus ourselves like the browser would.
    if not_cancelled && key == "Tab" {
        panic!("Tab at the edge of the dialog was not trapped");
    }
}

#[wasm_bindgen_test]
async fn opening_moves_focus_into_a_labelled_modal_dialog() {
    let m = mount().await;
    m.identity.open(Page::Login);
    settle().await;

    let dialog = dialog().expect("dialog shown");
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let label_id = dialog.get_attribute("aria-labelledby").unwrap();
    let title = document().get_element_by_id(&label_id).unwrap();
    assert_eq!(title.text_content().as_deref(), Some("Log in"));
    assert!(dialog.contains(Some(active().unchecked_ref())));
    assert_eq!(
        active().get_attribute("autocomplete").as_deref(),
        Some("email")
    );
    document()
        .query_selector(".ni-backdrop")
        .unwrap()
        .unwrap()
        .remove();
}

#[wasm_bindgen_test]
async fn forms_carry_the_autocomplete_password_managers_use() {
    let m = mount().await;
    m.identity.open(Page::Login);
    settle().await;
    let password = document()
        .query_selector("input[name=password]")
        .unwrap()
        .unwrap();
    assert_eq!(
        password.get_attribute("autocomplete").as_deref(),
        Some("current-password")
    );
    assert_eq!(password.get_attribute("type").as_deref(), Some("password"));

    m.identity.open(Page::Signup);
    settle().await;
    let password = document()
        .query_selector("input[name=password]")
        .unwrap()
        .unwrap();
    assert_eq!(
        password.get_attribute("autocomplete").as_deref(),
        Some("new-password")
    );
    let name = document()
        .query_selector("input[name=name]")
        .unwrap()
        .unwrap();
    assert_eq!(name.get_attribute("autocomplete").as_deref(), Some("name"));

    // Show / hide password.
    let reveal: web_sys::HtmlElement = document()
        .query_selector(".ni-reveal")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(
        reveal.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    reveal.click();
    settle().await;
    let password = document()
        .query_selector("input[name=password]")
        .unwrap()
        .unwrap();
    assert_eq!(password.get_attribute("type").as_deref(), Some("text"));
    assert_eq!(
        reveal.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    m.identity.close();
    settle().await;
}

#[wasm_bindgen_test]
async fn escape_closes_and_focus_returns_to_the_opener() {
    let m = mount().await;
    m.identity.open(Page::Login);
    settle().await;
    key(&active(), "Escape", false);
    settle().await;
    assert!(dialog().is_none(), "ESC closes the dialog");
    assert_eq!(m.identity.modal_page().get_untracked(), None);
    assert_eq!(&active(), m.opener.unchecked_ref::<web_sys::Element>());
}

#[wasm_bindgen_test]
async fn tab_is_trapped_inside_the_dialog() {
    let m = mount().await;
    m.identity.open(Page::Recover);
    settle().await;
    let dialog = dialog().unwrap();
    let controls = dialog
        .query_selector_all("button:not([disabled]), input:not([disabled])")
        .unwrap();
    let last: web_sys::HtmlElement = controls
        .item(controls.length() - 1)
        .unwrap()
        .unchecked_into();
    let first: web_sys::HtmlElement = controls.item(0).unwrap().unchecked_into();

    last.focus().unwrap();
    key(&active(), "Tab", false);
    assert_eq!(&active(), first.unchecked_ref::<web_sys::Element>());
    key(&active(), "Tab", true);
    assert_eq!(&active(), last.unchecked_ref::<web_sys::Element>());
    m.identity.close();
    settle().await;
}

#[wasm_bindgen_test]
async fn a_click_on_the_backdrop_closes_a_click_inside_does_not() {
    let m = mount().await;
    m.identity.open(Page::Login);
    settle().await;
    let mousedown = |target: &web_sys::Element| {
        let init = web_sys::MouseEventInit::new();
        init.set_bubbles(true);
        let event =
            web_sys::MouseEvent::new_with_mouse_event_init_dict("mousedown", &init).unwrap();
        target.dispatch_event(&event).unwrap();
    };
    mousedown(&dialog().unwrap());
    settle().await;
    assert!(dialog().is_some());
    mousedown(&document().query_selector(".ni-backdrop").unwrap().unwrap());
    settle().await;
    assert!(dialog().is_none());
    let _ = m;
}

#[wasm_bindgen_test]
async fn a_failed_settings_request_is_announced() {
    let m = mount().await;
    m.identity.open(Page::Login);
    for _ in 0..50 {
        settle().await;
        if document().query_selector("[role=alert]").unwrap().is_some() {
            break;
        }
    }
    let alert = document()
        .query_selector("[role=alert]")
        .unwrap()
        .expect("an alert");
    assert!(alert.text_content().unwrap().contains("Could not reach"));
    m.identity.close();
    settle().await;
}
