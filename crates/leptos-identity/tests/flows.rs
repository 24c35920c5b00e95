//! Every flow of the headless core against the local stack's identity API
//! (started by `cargo xtask test`, which sets `IDENTITY_TEST_ORIGIN`), in
//! headless Chromium.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use futures::future::join;
use identity_core::wire::{Metadata, StoredSession, TokenGrant, UserUpdate};
use leptos::prelude::*;
use leptos_identity::cookie::{CookieDomain, ServerCookie};
use leptos_identity::i18n::Locale;
use leptos_identity::{
    provide_identity, EventKind, GoTrue, Identity, IdentityButton, IdentityError, IdentityEvent,
    IdentityMenu, IdentityModal, IdentityOptions, Page, SignupOutcome, Status,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PASSWORD: &str = "correct horse battery";

fn origin() -> &'static str {
    match option_env!("IDENTITY_TEST_ORIGIN") {
        Some(origin) => origin,
        None => panic!("run through `cargo xtask test`, which starts the local stack"),
    }
}

fn api_url() -> String {
    format!("{}/.netlify/identity", origin())
}

fn start_with(api_url: String) -> Identity {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    Owner::new().set();
    provide_identity(IdentityOptions {
        api_url: Some(api_url),
        handle_url_hash: false,
        ..IdentityOptions::default()
    })
}

fn start() -> Identity {
    start_with(api_url())
}

fn fresh_storage() {
    window().local_storage().unwrap().unwrap().clear().unwrap();
}

fn stored() -> Option<StoredSession> {
    leptos_identity::storage::load()
}

fn unique_email(tag: &str) -> String {
    let n = (js_sys::Math::random() * 1e12) as u64;
    format!("{tag}-{n}@example.com")
}

/// The newest token of `kind` mailed to `to`, from the dev mailbox.
async fn mailed_token(to: &str, kind: &str) -> String {
    let mail: serde_json::Value = gloo_net::http::Request::get(&format!("{}/__dev/mail", origin()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    mail.as_array()
        .unwrap()
        .iter()
        .find(|m| m["to"] == to && m["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} mail to {to}: {mail}"))["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn confirmed_user(tag: &str) -> String {
    fresh_storage();
    let identity = start();
    let email = unique_email(tag);
    identity
        .signup("Test User", &email, PASSWORD, Metadata::new())
        .await
        .unwrap();
    let token = mailed_token(&email, "confirmation").await;
    identity.confirm(&token).await.unwrap();
    identity.logout().await;
    fresh_storage();
    email
}

fn record(identity: Identity) -> Rc<RefCell<Vec<IdentityEvent>>> {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    identity.on(None, move |e| sink.borrow_mut().push(e.clone()));
    seen
}

#[wasm_bindgen_test]
async fn signup_then_the_confirmation_link_logs_in_and_survives_a_reload() {
    fresh_storage();
    let identity = start();
    let email = unique_email("signup");
    let outcome = identity
        .signup("Jane Doe", &email, PASSWORD, Metadata::new())
        .await
        .unwrap();
    assert!(matches!(outcome, SignupOutcome::ConfirmationSent(_)));
    assert_eq!(identity.status().get_untracked(), Status::LoggedOut);

    let token = mailed_token(&email, "confirmation").await;
    let user = identity.confirm(&token).await.unwrap();
    assert_eq!(user.email, email);
    assert_eq!(user.full_name(), Some("Jane Doe"));
    assert_eq!(identity.status().get_untracked(), Status::LoggedIn);

    // A reload: a new identity reads the stored session.
    let reloaded = start();
    assert_eq!(
        reloaded.user().get_untracked().map(|u| u.email),
        Some(email)
    );
    let events = record(reloaded);
    assert!(matches!(
        &events.borrow()[1],
        IdentityEvent::Login { restored: true, .. }
    ));
    fresh_storage();
}

#[wasm_bindgen_test]
async fn the_seeded_admin_logs_in_with_the_admin_role() {
    fresh_storage();
    let identity = start();
    let events = record(identity);
    identity
        .login("admin@example.com", "admin-password")
        .await
        .unwrap();
    assert_eq!(identity.has_role("admin").get_untracked(), Some(true));
    assert!(events.borrow().iter().any(|e| matches!(
        e,
        IdentityEvent::Login {
            restored: false,
            ..
        }
    )));
    identity.logout().await;
}

#[wasm_bindgen_test]
async fn a_wrong_password_shows_the_servers_message_and_fires_error() {
    fresh_storage();
    let identity = start();
    let events = record(identity);
    let error = identity
        .login("admin@example.com", "not the password")
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(400));
    assert!(!error.to_string().is_empty());
    assert_eq!(identity.status().get_untracked(), Status::LoggedOut);
    assert!(events
        .borrow()
        .iter()
        .any(|e| matches!(e, IdentityEvent::Error(IdentityError::Api(_)))));
}

#[wasm_bindgen_test]
async fn a_fresh_token_is_used_as_it_is() {
    let email = confirmed_user("fresh").await;
    let identity = start();
    identity.login(&email, PASSWORD).await.unwrap();
    let before = stored().unwrap();
    let events = record(identity);
    let token = identity.jwt().await.unwrap();
    assert_eq!(token, before.token.access_token);
    assert!(!events
        .borrow()
        .iter()
        .any(|e| e.kind() == EventKind::TokenRefresh));
    identity.logout().await;
}

#[wasm_bindgen_test]
async fn concurrent_refreshes_in_a_tab_share_one_request() {
    let email = confirmed_user("single").await;
    let identity = start();
    identity.login(&email, PASSWORD).await.unwrap();
    let (a, b) = join(identity.refresh(), identity.refresh()).await;
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.token.refresh_token, b.token.refresh_token);
    // Had two requests spent the same token, the second would have been
    // refused and the user logged out.
    assert_eq!(identity.status().get_untracked(), Status::LoggedIn);
    assert!(
        identity.refresh().await.is_ok(),
        "the stored token still works"
    );
    identity.logout().await;
}

#[wasm_bindgen_test]
async fn a_tab_that_waited_adopts_the_token_another_tab_stored() {
    let email = confirmed_user("adopt").await;
    let identity = start();
    identity.login(&email, PASSWORD).await.unwrap();
    let before = stored().unwrap();

    // Another tab refreshes and stores the result.
    let gotrue = GoTrue::new(api_url());
    let rotated = gotrue
        .token(&TokenGrant::refresh(before.token.refresh_token.clone()))
        .await
        .unwrap();
    let mut theirs = before.clone();
    theirs.replace_token(rotated).unwrap();
    leptos_identity::storage::save(&theirs);

    let adopted = identity.refresh().await.unwrap();
    assert_eq!(adopted.token.refresh_token, theirs.token.refresh_token);
    assert_eq!(identity.status().get_untracked(), Status::LoggedIn);
    identity.logout().await;
}

#[wasm_bindgen_test]
async fn a_network_failure_during_refresh_keeps_the_user_logged_in() {
    let email = confirmed_user("offline").await;
    let online = start();
    online.login(&email, PASSWORD).await.unwrap();

    // The same session, in a tab whose network is gone.
    let offline = start_with("http://127.0.0.1:9/.netlify/identity".into());
    assert_eq!(offline.status().get_untracked(), Status::LoggedIn);
    let events = record(offline);
    let error = offline.refresh().await.unwrap_err();
    assert!(matches!(error, IdentityError::Network(_)), "{error:?}");
    assert_eq!(offline.status().get_untracked(), Status::LoggedIn);
    assert!(stored().is_some(), "the session stays stored");
    assert!(events
        .borrow()
        .iter()
        .any(|e| matches!(e, IdentityEvent::Error(IdentityError::Network(_)))));
    // And the token, not yet expired, still serves requests.
    assert!(offline.jwt().await.is_ok());
    online.logout().await;
}

#[wasm_bindgen_test]
async fn a_reused_refresh_token_ends_the_session() {
    let email = confirmed_user("reuse").await;
    let identity = start();
    identity.login(&email, PASSWORD).await.unwrap();
    let old = stored().unwrap();
    identity.refresh().await.unwrap();

    // A stale copy comes back (say, restored from a backup of storage).
    leptos_identity::storage::save(&old);
    let stale = start();
    let error = stale.refresh().await.unwrap_err();
    assert_eq!(error, IdentityError::SessionExpired);
    assert_eq!(stale.status().get_untracked(), Status::LoggedOut);
    assert!(stored().is_none());
}

#[wasm_bindgen_test]
async fn logout_revokes_the_refresh_token_on_the_server() {
    let email = confirmed_user("logout").await;
    let identity = start();
    identity.login(&email, PASSWORD).await.unwrap();
    let session = stored().unwrap();
    identity.logout().await;
    assert_eq!(identity.status().get_untracked(), Status::LoggedOut);
    assert!(stored().is_none());
    let refused = GoTrue::new(api_url())
        .token(&TokenGrant::refresh(session.token.refresh_token))
        .await
        .unwrap_err();
    assert_eq!(refused.status(), Some(400));
}

#[wasm_bindgen_test]
async fn a_recovery_link_logs_in_and_a_new_password_works() {
    let email = confirmed_user("recover").await;
    let identity = start();
    identity.request_password_recovery(&email).await.unwrap();
    let token = mailed_token(&email, "recovery").await;
    identity.recover(&token).await.unwrap();
    assert_eq!(identity.status().get_untracked(), Status::LoggedIn);
    identity.set_password("a brand new secret").await.unwrap();
    identity.logout().await;
    identity.login(&email, "a brand new secret").await.unwrap();
    identity.logout().await;
}

#[wasm_bindgen_test]
async fn an_email_change_is_confirmed_from_the_new_address() {
    let email = confirmed_user("change").await;
    let identity = start();
    identity.login(&email, PASSWORD).await.unwrap();
    let new_email = unique_email("changed");
    identity
        .update_user(UserUpdate {
            email: Some(new_email.clone()),
            ..UserUpdate::default()
        })
        .await
        .unwrap();
    let token = mailed_token(&new_email, "email_change").await;
    let user = identity.confirm_email_change(&token).await.unwrap();
    assert_eq!(user.email, new_email);
    assert_eq!(
        identity.user().get_untracked().map(|u| u.email),
        Some(new_email)
    );
    identity.logout().await;
}

#[wasm_bindgen_test]
async fn a_name_change_is_stored_and_announced() {
    let email = confirmed_user("rename").await;
    let identity = start();
    identity.login(&email, PASSWORD).await.unwrap();
    let events = record(identity);
    let mut data = Metadata::new();
    data.insert("full_name".into(), "Renamed Person".into());
    identity
        .update_user(UserUpdate {
            data: Some(data),
            ..UserUpdate::default()
        })
        .await
        .unwrap();
    assert_eq!(stored().unwrap().user.full_name(), Some("Renamed Person"));
    assert!(events.borrow().iter().any(
        |e| matches!(e, IdentityEvent::UserUpdated(u) if u.full_name() == Some("Renamed Person"))
    ));
    identity.logout().await;
}

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Mounts `<IdentityModal redirect_after_login=…/>` under a fresh identity that acts on the
/// URL hash; events are recorded from the start.
async fn mount_modal(redirect: &'static str) -> (Identity, Rc<RefCell<Vec<IdentityEvent>>>) {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let host: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    let (tx, rx) = futures::channel::oneshot::channel();
    let tx = std::cell::Cell::new(Some(tx));
    leptos::mount::mount_to(host, move || {
        let identity = provide_identity(IdentityOptions {
            api_url: Some(api_url()),
            ..IdentityOptions::default()
        });
        let events = record(identity);
        if let Some(tx) = tx.take() {
            let _ = tx.send((identity, events));
        }
        view! { <IdentityModal redirect_after_login=redirect locale=leptos_identity::i18n::Locale::En /> }
    })
    .forget();
    rx.await.unwrap()
}

fn set_hash(hash: &str) {
    let location = window().location();
    let url = format!(
        "{}{}{hash}",
        location.pathname().unwrap(),
        location.search().unwrap()
    );
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        .unwrap();
}

async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..200 {
        if done() {
            return;
        }
        sleep_ms(25).await;
    }
    panic!("timed out waiting for {what}");
}

#[wasm_bindgen_test]
async fn a_recovery_link_with_redirect_after_login_reaches_the_new_password_page() {
    let email = confirmed_user("recover-redirect").await;
    start().request_password_recovery(&email).await.unwrap();
    let token = mailed_token(&email, "recovery").await;
    // The link as the email has it; set without a `hashchange`, as on a page load.
    set_hash(&format!("#recovery_token={token}"));
    let (identity, events) = mount_modal("#redirected-after-login").await;

    until("the new-password page", || {
        identity.modal_page().get_untracked() == Some(Page::SetPassword)
    })
    .await;
    // Give a stray redirect or close the time to happen.
    sleep_ms(200).await;
    assert_eq!(identity.status().get_untracked(), Status::LoggedIn);
    assert_eq!(
        identity.modal_page().get_untracked(),
        Some(Page::SetPassword)
    );
    assert_ne!(
        window().location().hash().unwrap(),
        "#redirected-after-login",
        "a recovery is not a login from the modal: it must not follow redirect_after_login"
    );
    assert!(
        !events
            .borrow()
            .iter()
            .any(|e| matches!(e, IdentityEvent::Close)),
        "the modal stayed open from the link to the new-password page: {:?}",
        events.borrow()
    );
    identity.close();
    identity.logout().await;
    set_hash("");
}

#[wasm_bindgen_test]
async fn a_login_in_the_modal_closes_it_and_follows_redirect_after_login() {
    let email = confirmed_user("modal-login").await;
    set_hash("");
    let (identity, _) = mount_modal("#after-modal-login").await;
    identity.open(Page::Login);
    until("the login form", || {
        document()
            .query_selector(".ni-form input[type=email]")
            .unwrap()
            .is_some()
    })
    .await;
    let input = |selector: &str| -> web_sys::HtmlInputElement {
        document()
            .query_selector(selector)
            .unwrap()
            .unwrap()
            .unchecked_into()
    };
    input(".ni-form input[type=email]").set_value(&email);
    input(".ni-form input[type=password]").set_value(PASSWORD);
    // The fields are bound with `bind:value`/`on:input`: tell them.
    for selector in [
        ".ni-form input[type=email]",
        ".ni-form input[type=password]",
    ] {
        let event = web_sys::Event::new("input").unwrap();
        input(selector).dispatch_event(&event).unwrap();
    }
    submit_form();

    until("the login to close the modal", || {
        identity.modal_page().get_untracked().is_none()
    })
    .await;
    assert_eq!(identity.status().get_untracked(), Status::LoggedIn);
    until("the redirect", || {
        window().location().hash().unwrap() == "#after-modal-login"
    })
    .await;
    identity.logout().await;
    set_hash("");
}

#[wasm_bindgen_test]
async fn logging_out_while_a_refresh_is_due_sends_no_refresh() {
    let email = confirmed_user("logout-due").await;
    start().login(&email, PASSWORD).await.unwrap();
    let before = stored().unwrap();
    // Under this margin every token is due: the identity refreshes as soon as it starts.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    Owner::new().set();
    let identity = provide_identity(IdentityOptions {
        api_url: Some(api_url()),
        handle_url_hash: false,
        refresh_margin_secs: 7200,
        ..IdentityOptions::default()
    });
    let events = record(identity);
    identity.logout().await;
    sleep_ms(300).await;
    assert_eq!(identity.status().get_untracked(), Status::LoggedOut);
    assert!(
        !events
            .borrow()
            .iter()
            .any(|e| matches!(e, IdentityEvent::Error(_) | IdentityEvent::TokenRefresh)),
        "the logout started a refresh: {:?}",
        events.borrow()
    );
    // The session's own refresh token is the one revoked.
    let refused = GoTrue::new(api_url())
        .token(&TokenGrant::refresh(before.token.refresh_token))
        .await
        .unwrap_err();
    assert_eq!(refused.status(), Some(400));
}

#[wasm_bindgen_test]
async fn a_deleted_user_is_logged_out_when_the_stored_session_is_restored() {
    let email = confirmed_user("deleted").await;
    let user = start().login(&email, PASSWORD).await.unwrap();
    let admin = GoTrue::new(api_url())
        .token(&TokenGrant::password("admin@example.com", "admin-password"))
        .await
        .unwrap();
    let deleted =
        gloo_net::http::Request::delete(&format!("{}/admin/users/{}", api_url(), user.id))
            .header("Authorization", &format!("Bearer {}", admin.access_token))
            .send()
            .await
            .unwrap();
    assert_eq!(deleted.status(), 200);

    // A reload: the stored session belongs to a user who is gone; its token has not expired.
    let reloaded = start();
    let events = record(reloaded);
    until("the deleted user's logout", || {
        reloaded.status().get_untracked() == Status::LoggedOut
    })
    .await;
    assert!(stored().is_none());
    assert!(events
        .borrow()
        .iter()
        .any(|e| matches!(e, IdentityEvent::Error(IdentityError::SessionExpired))));
}

#[wasm_bindgen_test]
async fn a_restored_session_stays_when_the_identity_api_cannot_be_reached() {
    let email = confirmed_user("offline").await;
    start().login(&email, PASSWORD).await.unwrap();
    let reloaded = start_with("http://127.0.0.1:9/.netlify/identity".into());
    sleep_ms(300).await;
    assert_eq!(reloaded.status().get_untracked(), Status::LoggedIn);
    assert!(stored().is_some());
}

/// Mounts `view` under a fresh identity (English to start, no URL hash) in its own element.
async fn mount_in_host(view: fn() -> AnyView) -> (Identity, web_sys::HtmlElement) {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let host: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    let (tx, rx) = futures::channel::oneshot::channel();
    let tx = std::cell::Cell::new(Some(tx));
    leptos::mount::mount_to(host.clone(), move || {
        let identity = provide_identity(IdentityOptions {
            api_url: Some(api_url()),
            handle_url_hash: false,
            locale: Some(Locale::En),
            ..IdentityOptions::default()
        });
        if let Some(tx) = tx.take() {
            let _ = tx.send(identity);
        }
        view()
    })
    .forget();
    (rx.await.unwrap(), host)
}

fn text_of(host: &web_sys::HtmlElement, selector: &str) -> String {
    host.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_menu_and_the_button_follow_the_widget_locale() {
    let email = confirmed_user("menu-locale").await;
    let (identity, host) =
        mount_in_host(|| view! { <IdentityMenu /> <IdentityButton /> }.into_any()).await;
    until("the logged-out menu", || {
        text_of(&host, ".ni-menu") == "Sign upLog in"
    })
    .await;
    assert_eq!(text_of(&host, ".ni-button"), "Log in");

    identity.set_locale(Locale::De);
    until("the German menu", || {
        text_of(&host, ".ni-menu") == "RegistrierenAnmelden"
    })
    .await;
    assert_eq!(text_of(&host, ".ni-button"), "Anmelden");

    identity.login(&email, PASSWORD).await.unwrap();
    until("the German welcome", || {
        text_of(&host, ".ni-menu-user") == "Willkommen, Test User"
    })
    .await;
    assert_eq!(text_of(&host, ".ni-menu-logout"), "Abmelden");
    assert_eq!(text_of(&host, ".ni-button"), "Abmelden");

    // Right to left: the name stays isolated in its <bdi>.
    identity.set_locale(Locale::Ar);
    until("the Arabic welcome", || {
        text_of(&host, ".ni-menu-user") == "مرحبًا، Test User"
    })
    .await;
    assert_eq!(text_of(&host, ".ni-menu-name"), "Test User");
    assert_eq!(text_of(&host, ".ni-menu-logout"), "تسجيل الخروج");

    identity.logout().await;
    host.remove();
}

fn input(selector: &str) -> web_sys::HtmlInputElement {
    document()
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into()
}

/// Types `value` into the field as a user would (the fields listen to `input`).
fn type_into(selector: &str, value: &str) {
    let field = input(selector);
    field.set_value(value);
    field
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

/// Submits the modal's form, as its submit button would.
fn submit_form() {
    document()
        .query_selector(".ni-form")
        .unwrap()
        .unwrap_or_else(|| panic!("no .ni-form"))
        .unchecked_into::<web_sys::HtmlFormElement>()
        .request_submit()
        .unwrap();
}

fn click(selector: &str) {
    document()
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

#[wasm_bindgen_test]
async fn a_signup_in_the_modal_sends_the_callers_metadata_beside_the_name() {
    set_hash("");
    fresh_storage();
    let (identity, _) = mount_modal("#after-metadata-signup").await;
    let mut metadata = Metadata::new();
    metadata.insert("plan".into(), "pro".into());
    metadata.insert("full_name".into(), "Not The Name Field".into());
    identity.open_with_metadata(Page::Signup, metadata);
    until("the signup form", || {
        document()
            .query_selector(".ni-form input[name=name]")
            .unwrap()
            .is_some()
    })
    .await;
    // Moving between the modal's pages keeps the caller's metadata.
    click(".ni-tab:not([aria-current])");
    until("the login tab", || {
        identity.modal_page().get_untracked() == Some(Page::Login)
    })
    .await;
    click(".ni-tab:not([aria-current])");
    until("the signup form again", || {
        document()
            .query_selector(".ni-form input[name=name]")
            .unwrap()
            .is_some()
    })
    .await;

    let email = unique_email("metadata");
    type_into(".ni-form input[name=name]", "Meta Person");
    type_into(".ni-form input[type=email]", &email);
    type_into(".ni-form input[type=password]", PASSWORD);
    submit_form();
    until("the confirmation message", || {
        document()
            .query_selector(".ni-flash--success")
            .unwrap()
            .is_some()
    })
    .await;
    identity.close();

    let token = mailed_token(&email, "confirmation").await;
    let user = identity.confirm(&token).await.unwrap();
    assert_eq!(user.user_metadata["plan"], "pro");
    assert_eq!(user.user_metadata["full_name"], "Meta Person");
    identity.logout().await;
}

fn page_cookies() -> String {
    document()
        .unchecked_into::<web_sys::HtmlDocument>()
        .cookie()
        .unwrap()
}

fn nf_jwt_values() -> Vec<String> {
    page_cookies()
        .split("; ")
        .filter_map(|c| c.strip_prefix("nf_jwt="))
        .map(str::to_owned)
        .collect()
}

#[wasm_bindgen_test]
async fn with_a_cookie_domain_login_sets_one_nf_jwt_and_logout_leaves_none() {
    let email = confirmed_user("cookie-domain").await;
    // What the JS widget leaves after an OAuth return: the host's own cookie, no attributes.
    document()
        .unchecked_into::<web_sys::HtmlDocument>()
        .set_cookie("nf_jwt=left-by-the-js-widget; path=/")
        .unwrap();
    let host = window().location().hostname().unwrap();
    let _ = any_spawner::Executor::init_wasm_bindgen();
    Owner::new().set();
    let identity = provide_identity(IdentityOptions {
        api_url: Some(api_url()),
        handle_url_hash: false,
        cookie_domain: Some(CookieDomain::new(host).unwrap()),
        ..IdentityOptions::default()
    });
    identity.login(&email, PASSWORD).await.unwrap();
    let access = stored().unwrap().token.access_token;
    assert_eq!(nf_jwt_values(), vec![access], "{}", page_cookies());

    identity.logout().await;
    assert!(nf_jwt_values().is_empty(), "{}", page_cookies());
}

fn remembered_site() -> Option<String> {
    window()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item("netlifySiteURL")
        .unwrap()
}

#[wasm_bindgen_test]
async fn on_a_local_host_the_modal_asks_for_the_sites_url_and_the_widget_remembers_it() {
    set_hash("");
    // A user of the deployed site (this clears storage: first).
    let email = confirmed_user("site-url").await;
    // The test page is served from 127.0.0.1: a local host.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let host: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    let (tx, rx) = futures::channel::oneshot::channel();
    let tx = std::cell::Cell::new(Some(tx));
    leptos::mount::mount_to(host.clone(), move || {
        let identity = provide_identity(IdentityOptions {
            handle_url_hash: false,
            site_url_on_localhost: true,
            ..IdentityOptions::default()
        });
        if let Some(tx) = tx.take() {
            let _ = tx.send(identity);
        }
        view! { <IdentityModal locale=Locale::En /> }
    })
    .forget();
    let identity = rx.await.unwrap();
    assert_eq!(identity.site_url().get_untracked(), None);

    identity.open(Page::Login);
    until("the site URL page", || {
        identity.modal_page().get_untracked() == Some(Page::SiteUrl)
            && host.query_selector("input[name=url]").unwrap().is_some()
    })
    .await;
    // As the JS widget's form takes it: the API's own URL is the site's.
    type_into(
        "input[name=url]",
        &format!("{}/.netlify/identity/", origin()),
    );
    host.query_selector(".ni-site-url")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlFormElement>()
        .request_submit()
        .unwrap();
    until("the login page", || {
        identity.modal_page().get_untracked() == Some(Page::Login)
    })
    .await;
    assert_eq!(remembered_site().as_deref(), Some(origin()));
    assert_eq!(identity.api_url(), api_url());
    assert_eq!(
        identity.site_url().get_untracked().as_deref(),
        Some(origin())
    );
    // The deployed site's own settings: its provider buttons.
    until("the site's provider buttons", || {
        host.query_selector(".ni-provider--github")
            .unwrap()
            .is_some()
    })
    .await;
    // And its users.
    identity.login(&email, PASSWORD).await.unwrap();
    identity.logout().await;

    // A reload talks to the remembered site at once.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    Owner::new().set();
    let reloaded = provide_identity(IdentityOptions {
        handle_url_hash: false,
        site_url_on_localhost: true,
        ..IdentityOptions::default()
    });
    assert_eq!(reloaded.api_url(), api_url());

    // "Clear localhost URL" forgets it and asks again.
    identity.open(Page::Login);
    until("the development settings", || {
        host.query_selector(".ni-site-url-clear").unwrap().is_some()
    })
    .await;
    host.query_selector(".ni-site-url-clear")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    until("the site URL page again", || {
        identity.modal_page().get_untracked() == Some(Page::SiteUrl)
    })
    .await;
    assert_eq!(remembered_site(), None);
    assert_ne!(identity.api_url(), api_url());
    identity.close();
    host.remove();
}

/// Whether an `HttpOnly` `nf_jwt` (one only a server can set) holds the name: a browser
/// refuses a script's cookie that would replace one, so a probe written from here is missing.
fn an_http_only_nf_jwt_is_set() -> bool {
    let cookies = document().unchecked_into::<web_sys::HtmlDocument>();
    cookies.set_cookie("nf_jwt=probe; Path=/").unwrap();
    let probe_kept = nf_jwt_values().iter().any(|v| v == "probe");
    if probe_kept {
        cookies.set_cookie("nf_jwt=; Path=/; Max-Age=0").unwrap();
    }
    !probe_kept
}

fn start_without_client_cookie(server_cookie: Option<ServerCookie>) -> Identity {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    Owner::new().set();
    provide_identity(IdentityOptions {
        api_url: Some(api_url()),
        handle_url_hash: false,
        sync_cookie: false,
        server_cookie,
        ..IdentityOptions::default()
    })
}

#[wasm_bindgen_test]
async fn the_server_cookie_opt_in_has_gotrue_keep_an_http_only_nf_jwt_until_logout() {
    let email = confirmed_user("server-cookie").await;
    // Without it (gotrue-js's default) the identity API sets no cookie.
    let plain = start_without_client_cookie(None);
    plain.login(&email, PASSWORD).await.unwrap();
    assert!(!an_http_only_nf_jwt_is_set());
    plain.logout().await;

    let identity = start_without_client_cookie(Some(ServerCookie::Persistent));
    identity.login(&email, PASSWORD).await.unwrap();
    assert!(
        an_http_only_nf_jwt_is_set(),
        "no HttpOnly nf_jwt after a login with X-Use-Cookie"
    );
    // A refresh asks for it again (GoTrue re-sets it with the new token).
    identity.refresh().await.unwrap();
    assert!(an_http_only_nf_jwt_is_set());
    // GoTrue's /logout clears it, and the browser takes that from the other origin too.
    identity.logout().await;
    assert!(
        !an_http_only_nf_jwt_is_set(),
        "the HttpOnly nf_jwt outlived the logout"
    );
}

/// A user of `email` who asked to move to a new address: the new address and the link's token.
async fn email_change_requested(email: &str) -> (String, String) {
    let identity = start();
    identity.login(email, PASSWORD).await.unwrap();
    let new_email = unique_email("moved");
    identity
        .update_user(UserUpdate {
            email: Some(new_email.clone()),
            ..UserUpdate::default()
        })
        .await
        .unwrap();
    let token = mailed_token(&new_email, "email_change").await;
    identity.logout().await;
    (new_email, token)
}

fn flash_text() -> String {
    document()
        .query_selector(".ni-flash")
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn an_email_change_link_opened_logged_out_is_applied_after_the_login_it_asks_for() {
    let email = confirmed_user("change-later").await;
    let (new_email, token) = email_change_requested(&email).await;
    fresh_storage();
    set_hash(&format!("#email_change_token={token}"));
    let (identity, events) = mount_modal("#after-email-change-login").await;
    until("the login page", || {
        identity.modal_page().get_untracked() == Some(Page::Login)
            && document()
                .query_selector(".ni-form input[type=email]")
                .unwrap()
                .is_some()
    })
    .await;
    assert!(
        !events
            .borrow()
            .iter()
            .any(|e| matches!(e, IdentityEvent::Error(_))),
        "a link kept for later is no error: {:?}",
        events.borrow()
    );
    // The old address still logs in: the change waits for this login.
    type_into(".ni-form input[type=email]", &email);
    type_into(".ni-form input[type=password]", PASSWORD);
    submit_form();
    until("the email-changed message", || {
        flash_text() == "Your email address has been updated!"
    })
    .await;
    assert_eq!(identity.modal_page().get_untracked(), Some(Page::User));
    assert_eq!(
        identity.user().get_untracked().map(|u| u.email),
        Some(new_email.clone())
    );
    assert_eq!(stored().map(|s| s.user.email), Some(new_email));
    identity.close();
    identity.logout().await;
    set_hash("");
}

#[wasm_bindgen_test]
async fn an_email_change_link_opened_logged_in_says_the_address_changed() {
    let email = confirmed_user("change-now").await;
    let (new_email, token) = email_change_requested(&email).await;
    start().login(&email, PASSWORD).await.unwrap();
    set_hash(&format!("#email_change_token={token}"));
    let (identity, _) = mount_modal("#after-email-change").await;
    until("the email-changed message", || {
        flash_text() == "Your email address has been updated!"
    })
    .await;
    assert_eq!(identity.modal_page().get_untracked(), Some(Page::User));
    assert_eq!(
        identity.user().get_untracked().map(|u| u.email),
        Some(new_email)
    );
    identity.close();
    identity.logout().await;
    set_hash("");
}

#[wasm_bindgen_test]
async fn a_bad_confirmation_link_shows_the_verification_error_on_the_signup_page() {
    fresh_storage();
    set_hash("#confirmation_token=not-a-real-token");
    let (identity, events) = mount_modal("#after-bad-confirmation").await;
    until("the verification error", || {
        flash_text()
            == "There was an error verifying your account. Please try again or contact an administrator."
    })
    .await;
    assert_eq!(identity.modal_page().get_untracked(), Some(Page::Signup));
    assert_eq!(identity.status().get_untracked(), Status::LoggedOut);
    // Listeners still hear the server's own error.
    assert!(events
        .borrow()
        .iter()
        .any(|e| matches!(e, IdentityEvent::Error(IdentityError::Api(_)))));
    identity.close();
    set_hash("");
}
