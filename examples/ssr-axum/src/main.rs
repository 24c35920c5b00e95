//! The server half: axum renders every route with `leptos_axum`, knowing who asks from the
//! `nf_jwt` cookie.
//!
//! `IDENTITY_JWT_SECRET` (required): the identity API's JWT secret. `IDENTITY_URL`: the identity
//! API (default: `/.netlify/identity` on this origin). `SSR_ADDR` (default `127.0.0.1:3000`).
//! `SSR_SITE_ROOT`: the directory with `pkg/` (the browser half, built by
//! `cargo xtask ssr-axum`).

use anyhow::Context;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use leptos_identity::server::Verifier;
use ssr_axum::app::{shell, App};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let secret = std::env::var("IDENTITY_JWT_SECRET")
        .context("IDENTITY_JWT_SECRET: the identity API's JWT secret, to verify who asks")?;
    let verifier = Verifier::new(secret);
    let addr = std::env::var("SSR_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".into());
    let site_root = std::env::var("SSR_SITE_ROOT").unwrap_or_else(|_| "target/ssr-axum".into());
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let options = LeptosOptions::builder()
        .output_name("ssr_axum")
        .site_root(site_root)
        .site_addr(listener.local_addr()?)
        .build();

    // Every render and server function gets the verifier: pages, and the 404 page too.
    let context = move || provide_context(verifier.clone());
    let routes = generate_route_list(App);
    let app = Router::new()
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(
            context, shell,
        ))
        .with_state(options);

    // The test harness reads this line for the port.
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}
