//! The widget rendered on the host with Leptos `ssr`, as a server-rendered app renders it for
//! a document request: no browser API touched, and, with a verified `nf_jwt` cookie, the page
//! already says who is logged in.
#![cfg(all(feature = "ssr", not(target_arch = "wasm32")))]

use identity_core::jwt::{encode, Claims};
use leptos::prelude::*;
use leptos_identity::server::Verifier;
use leptos_identity::{
    provide_identity, AccountSettings, IdentityMenu, IdentityModal, IdentityOptions,
};

const SECRET: &str = "ssr-test-secret";

fn token(secret: &str, exp: i64) -> String {
    let claims: Claims = serde_json::from_value(serde_json::json!({
        "exp": exp, "sub": "u-ann", "email": "ann@example.com",
        "app_metadata": {"provider": "email", "roles": ["admin"]},
        "user_metadata": {"full_name": "Ann Admin"},
    }))
    .unwrap();
    encode(&claims, secret.as_bytes()).unwrap()
}

fn in_an_hour() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        + 3600
}

/// Renders the menu, the modal and the account settings for a request with these headers.
fn render(headers: &[(&str, String)]) -> String {
    let mut request = http::Request::builder().uri("/account");
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    let (parts, ()) = request.body(()).unwrap().into_parts();
    // Effects are spawned when a build enables them (a workspace build with every feature).
    let _ = any_spawner::Executor::init_futures_executor();
    let owner = Owner::new();
    owner.with(|| {
        provide_context(parts);
        provide_context(Verifier::new(SECRET));
        view! { <App /> }.to_html()
    })
}

#[component]
fn App() -> impl IntoView {
    let identity = provide_identity(IdentityOptions {
        api_url: Some("http://127.0.0.1:8888/.netlify/identity".into()),
        ..IdentityOptions::default()
    });
    let admin = identity.has_role("admin");
    view! {
        <IdentityMenu />
        <IdentityModal />
        <AccountSettings />
        <p class="gate">{move || format!("{:?}", admin.get())}</p>
    }
}

#[test]
fn a_logged_out_request_renders_the_logged_out_menu() {
    let html = render(&[]);
    assert!(html.contains("ni-menu-login"), "{html}");
    assert!(html.contains("Sign up"), "{html}");
    assert!(!html.contains("Welcome"), "{html}");
    assert!(html.contains("Log in to manage your account."), "{html}");
    // Nobody known yet: a role gate waits instead of refusing. (Leptos may end the dynamic
    // text with a marker, `<!>`, depending on `erase_components`.)
    assert!(html.contains(r#"<p class="gate">None<"#), "{html}");
}

#[test]
fn a_verified_cookie_renders_the_logged_in_menu_and_account() {
    let cookie = format!("theme=dark; nf_jwt={}", token(SECRET, in_an_hour()));
    let html = render(&[("cookie", cookie)]);
    assert!(html.contains("Welcome, "), "{html}");
    assert!(html.contains("Ann Admin"), "{html}");
    assert!(html.contains("ni-menu-logout"), "{html}");
    assert!(!html.contains("ni-menu-login"), "{html}");
    assert!(!html.contains("Log in to manage"), "{html}");
    assert!(html.contains(r#"value="Ann Admin""#), "{html}");
    assert!(html.contains(r#"<p class="gate">Some(true)<"#), "{html}");
}

#[test]
fn a_bearer_token_counts_like_the_cookie() {
    let bearer = format!("Bearer {}", token(SECRET, in_an_hour()));
    assert!(render(&[("authorization", bearer)]).contains("Ann Admin"));
}

#[test]
fn a_forged_or_expired_cookie_is_nobody() {
    for jwt in [
        token("someone-else", in_an_hour()),
        token(SECRET, in_an_hour() - 7200),
        "not.a.token".to_owned(),
    ] {
        let html = render(&[("cookie", format!("nf_jwt={jwt}"))]);
        assert!(!html.contains("Ann Admin"), "{html}");
        assert!(html.contains("ni-menu-login"), "{html}");
    }
}

#[test]
fn the_request_language_is_the_widget_language() {
    let html = render(&[("accept-language", "ja, fr-CA;q=0.9, en;q=0.5".to_owned())]);
    assert!(
        html.contains("Connectez-vous pour gérer votre compte."),
        "{html}"
    );
    // The menu too, in the same markup.
    assert!(html.contains(">Inscription<"), "{html}");
    assert!(html.contains(">Connexion<"), "{html}");
    assert!(!html.contains(">Sign up<"), "{html}");
}

#[test]
fn a_verified_french_reader_is_welcomed_in_french() {
    let cookie = format!("nf_jwt={}", token(SECRET, in_an_hour()));
    let html = render(&[("cookie", cookie), ("accept-language", "fr".to_owned())]);
    assert!(html.contains("Bienvenue, "), "{html}");
    assert!(html.contains(">Déconnexion<"), "{html}");
    assert!(!html.contains("Welcome"), "{html}");
}
