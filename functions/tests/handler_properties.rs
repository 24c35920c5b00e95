//! Every function fed generated requests (proptest, fixed seed): comment posts, moderation
//! requests, list queries and cursors, identity events, Lambda events and client contexts of
//! any shape. None may panic; every refusal is a 4xx with the functions' JSON error body
//! (never a 5xx: the store here is a real SQLite that is up); nothing refused is stored.

use std::sync::Arc;

use functions::event_signature::{EventSignature, SIGNATURE_HEADER};
use functions::identity_admin::{IdentityAdmin, IdentityAdminError};
use functions::lambda::NetlifyEvent;
use functions::store::SqliteStore;
use functions::{AdminToken, App, Function, IdentityEndpoint, NetlifyContext, PostSlugs, Request};
use identity_core::wire::User;
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use serde_json::{json, Value};

const POST: &str = "hello-world";
const ADMIN: &str = "33333333-3333-4333-8333-333333333333";

/// The identity API's answer for the admin: still an admin. (The functions crate has no
/// identity API of its own; the local stack's real one is exercised in dev-server's tests.)
struct StillAdmin;

#[async_trait::async_trait]
impl IdentityAdmin for StillAdmin {
    async fn user(
        &self,
        _endpoint: &IdentityEndpoint,
        id: &str,
    ) -> Result<Option<User>, IdentityAdminError> {
        let user = serde_json::from_value(json!({
            "id": id, "aud": "", "role": "", "email": "ada@example.com",
            "app_metadata": {"provider": "email", "roles": ["admin"]},
            "created_at": "2026-01-01T09:00:00Z", "updated_at": "2026-01-01T09:00:00Z"
        }))
        .map_err(|e| IdentityAdminError::Unreadable(e.to_string()))?;
        Ok(Some(user))
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn app(rt: &tokio::runtime::Runtime) -> App {
    let store = rt
        .block_on(SqliteStore::in_memory())
        .expect("in-memory SQLite");
    App::new(Arc::new(store), Arc::new(PostSlugs::from_slugs([POST])))
        .with_identity_admin(Arc::new(StillAdmin))
}

fn admin_context() -> NetlifyContext {
    let claims = serde_json::from_value(json!({
        "exp": 4_000_000_000_i64, "sub": ADMIN, "email": "ada@example.com",
        "app_metadata": {"provider": "email", "roles": ["admin"]}, "user_metadata": {"full_name": "Ada"}
    }))
    .expect("claims");
    NetlifyContext {
        identity: Some(IdentityEndpoint {
            url: "https://site.example/.netlify/identity".to_owned(),
            token: AdminToken::new("admin.jwt"),
        }),
        user: Some(claims),
        site_url: None,
    }
}

/// A fixed seed, so a run is repeatable (a failure reproduces); `PROPTEST_CASES` sets how many
/// cases each property runs (proptest's default of 256 otherwise; `cargo xtask fuzz` runs more).
fn config() -> ProptestConfig {
    ProptestConfig {
        rng_seed: RngSeed::Fixed(0x15),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// JSON values of every kind, nested a little.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
        Just(Value::from(POST)),
        Just(Value::from("hide")),
        Just(Value::from("delete")),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec(
                (
                    prop_oneof![
                        Just("post".to_owned()),
                        Just("body".to_owned()),
                        Just("client_key".to_owned()),
                        Just("id".to_owned()),
                        Just("action".to_owned()),
                        Just("event".to_owned()),
                        Just("user".to_owned()),
                        "[a-z_]{1,8}",
                    ],
                    inner
                ),
                0..5
            )
            .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

/// A request body: JSON of any shape, a near-miss of the real shape, or bytes.
fn any_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        2 => any_json().prop_map(|v| v.to_string().into_bytes()),
        1 => (
            any_json(),
            "\\PC{0,40}",
            "[ -~]{0,20}",
            prop_oneof![
                Just(json!(1)),
                Just(json!("1")),
                Just(json!(-1)),
                Just(json!(i64::MAX))
            ]
        )
            .prop_map(|(extra, body, key, id)| {
                json!({"post": POST, "body": body, "client_key": key, "id": id, "action": extra})
                    .to_string()
                    .into_bytes()
            }),
        3 => (
            "\\PC{0,40}",
            prop_oneof![3 => "[A-Za-z0-9_-]{8,24}", 1 => "[ -~]{0,20}"]
        )
            .prop_map(|(body, key)| {
            json!({"post": POST, "body": body, "client_key": key})
                .to_string()
                .into_bytes()
        }),
        2 => (
            0i64..4,
            prop_oneof![Just("hide"), Just("restore"), Just("delete"), Just("x")]
        )
            .prop_map(|(id, action)| json!({"id": id, "action": action}).to_string().into_bytes()),
        1 => proptest::collection::vec(any::<u8>(), 0..64),
    ]
}

fn method() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => Just("POST".to_owned()),
        2 => Just("GET".to_owned()),
        1 => Just("PUT".to_owned()),
        1 => "[A-Z]{0,7}",
    ]
}

fn content_type() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        6 => Just(Some("application/json".to_owned())),
        1 => Just(Some("Application/JSON; charset=utf-8".to_owned())),
        1 => Just(Some("text/plain".to_owned())),
        1 => Just(None),
        1 => "[ -~]{0,20}".prop_map(Some),
    ]
}

/// A refusal must be a 4xx with the functions' JSON error body.
fn check(function: Function, response: &functions::Response) -> Result<(), TestCaseError> {
    prop_assert!(
        response.status < 500,
        "{function}: {} {}",
        response.status,
        String::from_utf8_lossy(&response.body)
    );
    if response.status >= 400 {
        prop_assert!(
            response.error_body().is_some(),
            "{function}: {} without a JSON error body: {}",
            response.status,
            String::from_utf8_lossy(&response.body)
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_function_answers_any_request_without_a_panic_or_a_5xx(
        method in method(),
        content_type in content_type(),
        body in any_body(),
        query in "[a-z_=&%0-9A-Z.-]{0,40}",
        signed in any::<bool>(),
    ) {
        let rt = runtime();
        let app = app(&rt);
        let ctx = admin_context();
        for function in Function::ALL {
            let mut req = Request::new(&method).with_query_string(&query).with_body(body.clone());
            if let Some(ct) = &content_type {
                req = req.with_header("content-type", ct);
            }
            if signed {
                let instance = serde_json::from_slice::<Value>(&body)
                    .ok()
                    .and_then(|v| v.get("instance_id").and_then(Value::as_str).map(str::to_owned))
                    .unwrap_or_default();
                if let Some(sig) = EventSignature::for_body(&body, &instance, 1).sign(b"s") {
                    req = req.with_header(SIGNATURE_HEADER, &sig);
                }
            }
            let count = |app: &App| {
                rt.block_on(app.store().list_for_moderation(
                    comment_wire::ModerationFilter::All,
                    None,
                    None,
                    1000,
                ))
                .map_or(usize::MAX, |c| c.len())
            };
            let before = count(&app);
            let response = rt.block_on(app.handle(function, &req, &ctx));
            check(function, &response)?;
            // A refusal changed nothing; a 201 added one comment.
            let after = count(&app);
            if response.status >= 400 {
                prop_assert_eq!(after, before, "{} refused with {} but changed the store", function, response.status);
            } else if response.status == 201 {
                prop_assert_eq!(after, before + 1, "{}: 201", function);
            }
        }
    }

    /// Lambda events of any shape become a request or a 400, never a panic.
    #[test]
    fn lambda_events_of_any_shape_become_a_request_or_a_refusal(
        event in any_json(),
        body in prop_oneof![Just(None), "\\PC{0,20}".prop_map(Some), "[A-Za-z0-9+/=%]{0,24}".prop_map(Some)],
        base64 in any::<bool>(),
        headers in any_json(),
        query in any_json(),
    ) {
        let mut value = match event {
            Value::Object(map) => Value::Object(map),
            other => json!({"extra": other}),
        };
        value["body"] = body.map_or(Value::Null, Value::from);
        value["isBase64Encoded"] = Value::from(base64);
        value["headers"] = headers;
        value["multiValueQueryStringParameters"] = query;
        if let Ok(event) = serde_json::from_value::<NetlifyEvent>(value) {
            if let Err(error) = event.into_request() {
                prop_assert!(functions::Response::from(error).status < 500);
            }
        }
    }

    /// Client contexts of any shape give a verified-looking user or none, never a panic.
    #[test]
    fn client_contexts_of_any_shape_decode_or_give_no_user(
        context in any_json(),
        raw in "[A-Za-z0-9+/=]{0,60}",
    ) {
        use base64::Engine;
        let encoded = base64::engine::general_purpose::STANDARD.encode(context.to_string());
        for text in [encoded, raw] {
            let ctx = NetlifyContext::decode(&text, 1_767_225_600);
            if let Some(user) = ctx.caller() {
                prop_assert!(user.exp > 1_767_225_600);
            }
        }
    }
}
