//! The headless core in a real browser: the stored session in gotrue-js's
//! shape both ways, events, and other tabs' changes.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos_identity::{
    provide_identity, EventKind, Identity, IdentityEvent, IdentityOptions, Status,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// An access token whose payload a client can read (exp in 2100); the
/// signature does not matter to a client.
const ACCESS: &str = "eyJhbGciOiJIUzI1NiIsImtpZCI6Im5mLWlkZW50IiwidHlwIjoiSldUIn0.eyJleHAiOjQxMDI0NDQ4MDAsInN1YiI6InUxIiwiZW1haWwiOiJqYW5lQGV4YW1wbGUuY29tIiwiYXBwX21ldGFkYXRhIjp7InByb3ZpZGVyIjoiZW1haWwiLCJyb2xlcyI6WyJhZG1pbiJdfSwidXNlcl9tZXRhZGF0YSI6eyJmdWxsX25hbWUiOiJKYW5lIn19.c2ln";

/// Exactly what gotrue-js 1.0 writes after a login.
fn gotrue_js_session(email: &str, refresh: &str) -> String {
    format!(
        r#"{{"url":"http://127.0.0.1:1/.netlify/identity","audience":"","token":{{"access_token":"{ACCESS}","token_type":"bearer","expires_in":3600,"refresh_token":"{refresh}","expires_at":4102444800000}},"id":"u1","aud":"","role":"","email":"{email}","confirmed_at":"2026-11-20T10:00:00Z","app_metadata":{{"provider":"email","roles":["admin"]}},"user_metadata":{{"full_name":"Jane"}},"created_at":"2026-11-20T09:59:00Z","updated_at":"2026-11-20T10:00:00Z","_fromStorage":true}}"#
    )
}

fn storage() -> web_sys::Storage {
    window().local_storage().unwrap().unwrap()
}

fn start() -> Identity {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    Owner::new().set();
    provide_identity(IdentityOptions {
        api_url: Some("http://127.0.0.1:1/.netlify/identity".into()),
        handle_url_hash: false,
        ..IdentityOptions::default()
    })
}

fn record(identity: Identity, kind: Option<EventKind>) -> Rc<RefCell<Vec<IdentityEvent>>> {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    identity.on(kind, move |event| sink.borrow_mut().push(event.clone()));
    seen
}

fn other_tab_writes(new_value: Option<&str>) {
    let init = web_sys::StorageEventInit::new();
    init.set_key(Some("gotrue.user"));
    init.set_new_value(new_value);
    let event = web_sys::StorageEvent::new_with_event_init_dict("storage", &init).unwrap();
    window().dispatch_event(event.unchecked_ref()).unwrap();
}

#[wasm_bindgen_test]
fn a_gotrue_js_session_is_restored_on_load() {
    storage()
        .set_item("gotrue.user", &gotrue_js_session("jane@example.com", "r1"))
        .unwrap();
    let identity = start();

    assert_eq!(identity.status().get_untracked(), Status::LoggedIn);
    let user = identity.user().get_untracked().expect("restored user");
    assert_eq!(user.email, "jane@example.com");
    assert_eq!(user.full_name(), Some("Jane"));
    assert_eq!(identity.has_role("admin").get_untracked(), Some(true));

    // A late subscriber learns the state, and a restored session is told
    // apart from a fresh login.
    let seen = record(identity, None);
    let seen = seen.borrow();
    assert!(matches!(&seen[0], IdentityEvent::Init(Some(u)) if u.email == "jane@example.com"));
    assert!(matches!(
        &seen[1],
        IdentityEvent::Login { restored: true, .. }
    ));
    storage().clear().unwrap();
}

#[wasm_bindgen_test]
fn no_session_means_logged_out_and_init_with_nobody() {
    storage().clear().unwrap();
    let identity = start();
    assert_eq!(identity.status().get_untracked(), Status::LoggedOut);
    assert_eq!(identity.has_role("admin").get_untracked(), Some(false));
    let seen = record(identity, Some(EventKind::Init));
    assert_eq!(*seen.borrow(), vec![IdentityEvent::Init(None)]);
}

#[wasm_bindgen_test]
fn an_unreadable_stored_value_is_no_session() {
    storage().set_item("gotrue.user", "{not json").unwrap();
    let identity = start();
    assert_eq!(identity.status().get_untracked(), Status::LoggedOut);
    storage().clear().unwrap();
}

#[wasm_bindgen_test]
fn what_we_store_has_the_shape_gotrue_js_reads() {
    storage().clear().unwrap();
    let identity = start();
    let restored: identity_core::wire::StoredSession =
        serde_json::from_str(&gotrue_js_session("jane@example.com", "r1")).unwrap();
    leptos_identity::storage::save(&restored);

    let raw = storage().get_item("gotrue.user").unwrap().unwrap();
    let stored: serde_json::Value = serde_json::from_str(&raw).unwrap();
    // gotrue-js reads the user's fields flat beside url and token, and
    // expires_at in milliseconds.
    assert_eq!(stored["url"], "http://127.0.0.1:1/.netlify/identity");
    assert_eq!(stored["email"], "jane@example.com");
    assert_eq!(stored["id"], "u1");
    assert_eq!(stored["token"]["access_token"], ACCESS);
    assert_eq!(stored["token"]["refresh_token"], "r1");
    assert_eq!(stored["token"]["expires_at"], 4_102_444_800_000i64);
    assert_eq!(stored["app_metadata"]["roles"][0], "admin");
    assert_eq!(stored["user_metadata"]["full_name"], "Jane");
    let _ = identity;
    storage().clear().unwrap();
}

#[wasm_bindgen_test]
fn login_and_logout_in_another_tab_reach_this_one() {
    storage().clear().unwrap();
    let identity = start();
    let seen = record(identity, None);
    seen.borrow_mut().clear();

    other_tab_writes(Some(&gotrue_js_session("jane@example.com", "r1")));
    assert_eq!(identity.status().get_untracked(), Status::LoggedIn);
    assert!(matches!(
        &seen.borrow()[0],
        IdentityEvent::Login { restored: true, .. }
    ));

    other_tab_writes(Some(&gotrue_js_session("jane@example.com", "r2")));
    assert_eq!(
        identity.user().get_untracked().map(|u| u.email),
        Some("jane@example.com".into())
    );

    // Netlify's role-based redirects read the token from the nf_jwt cookie.
    assert!(cookies().contains(&format!("nf_jwt={ACCESS}")));

    other_tab_writes(None);
    assert_eq!(identity.status().get_untracked(), Status::LoggedOut);
    assert_eq!(seen.borrow().last(), Some(&IdentityEvent::Logout));
    assert!(!cookies().contains("nf_jwt="));
}

fn cookies() -> String {
    document()
        .unchecked_into::<web_sys::HtmlDocument>()
        .cookie()
        .unwrap()
}

#[wasm_bindgen_test]
fn unsubscribed_callbacks_hear_nothing() {
    storage().clear().unwrap();
    let identity = start();
    let seen = Rc::new(RefCell::new(0));
    let sink = seen.clone();
    let subscription = identity.on(Some(EventKind::Open), move |_| *sink.borrow_mut() += 1);
    identity.open(leptos_identity::Page::Login);
    subscription.unsubscribe();
    identity.close();
    identity.open(leptos_identity::Page::Signup);
    assert_eq!(*seen.borrow(), 1);
}

#[wasm_bindgen_test]
fn a_logged_in_user_asking_for_login_sees_their_account() {
    storage()
        .set_item("gotrue.user", &gotrue_js_session("jane@example.com", "r1"))
        .unwrap();
    let identity = start();
    identity.open(leptos_identity::Page::Login);
    assert_eq!(
        identity.modal_page().get_untracked(),
        Some(leptos_identity::Page::User)
    );
    storage().clear().unwrap();
}
