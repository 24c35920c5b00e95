//! The admin user API: `/admin/users[/{id}]`, for the functions' system token and GoTrue
//! admins.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use identity_core::form;
use identity_core::wire::{merge_metadata, AdminUserList, AdminUserParams, User};
use serde_json::{json as json_value, Value};

use super::access_token::ensure_token_fits;
use super::auth::AdminAuth;
use super::body::json;
use super::email::{ensure_email_free, validate_email};
use super::error::IdentityApiError;
use super::random::new_user_id;
use super::store::refresh_tokens;
use super::store::users::{self, Page};
use super::store::StoredUser;
use super::user::merge_app_metadata;
use super::IdentityApi;
use crate::clock::now_micros;

const PARAMS: &str = "Could not decode admin user params";

/// Paging of `GET /admin/users`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    /// 1-based page.
    pub page: i64,
    /// Page size.
    pub per_page: i64,
    /// `created_at asc`.
    pub ascending: bool,
    /// Substring of email or full name.
    pub filter: String,
}

impl ListQuery {
    /// Reads `page`, `per_page`, `sort` and `filter`; bad numbers give 400
    /// `Bad Pagination Parameters: ...`.
    pub fn parse(query: &str) -> Result<Self, IdentityApiError> {
        let pairs = form::parse(query);
        let number = |key: &str, default: i64| -> Result<i64, IdentityApiError> {
            match form::first(&pairs, key).filter(|v| !v.is_empty()) {
                None => Ok(default),
                Some(v) => v.parse::<i64>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                    IdentityApiError::bad_request(format!(
                        "Bad Pagination Parameters: invalid {key} {v:?}"
                    ))
                }),
            }
        };
        let sort = form::first(&pairs, "sort")
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let ascending = match sort.as_str() {
            "" | "created_at" | "created_at desc" => false,
            "created_at asc" => true,
            other => {
                return Err(IdentityApiError::bad_request(format!(
                    "Bad Sort Parameters: {other}"
                )))
            }
        };
        Ok(Self {
            page: number("page", 1)?,
            per_page: number("per_page", 50)?.min(1000),
            ascending,
            filter: form::first(&pairs, "filter").unwrap_or("").to_owned(),
        })
    }

    /// The `Link` header: `next` and `last`, and `prev` after page 1.
    pub fn link_header(&self, base: &str, total: i64) -> String {
        let last = ((total + self.per_page - 1) / self.per_page).max(1);
        let url = |page: i64| {
            let mut pairs = vec![
                ("page".to_owned(), page.to_string()),
                ("per_page".to_owned(), self.per_page.to_string()),
            ];
            if self.ascending {
                pairs.push(("sort".to_owned(), "created_at asc".to_owned()));
            }
            if !self.filter.is_empty() {
                pairs.push(("filter".to_owned(), self.filter.clone()));
            }
            let q = form::serialize(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            format!("<{base}?{q}>")
        };
        let mut links = Vec::new();
        if self.page < last {
            links.push(format!("{}; rel=\"next\"", url(self.page + 1)));
        }
        if self.page > 1 {
            links.push(format!("{}; rel=\"prev\"", url(self.page - 1)));
        }
        links.push(format!("{}; rel=\"last\"", url(last)));
        links.join(", ")
    }
}

/// `GET /admin/users`: `{"aud", "users"}` with `X-Total-Count` and `Link`.
pub async fn list(
    State(identity): State<IdentityApi>,
    AdminAuth { aud, .. }: AdminAuth,
    RawQuery(query): RawQuery,
) -> Result<Response, IdentityApiError> {
    let q = ListQuery::parse(query.as_deref().unwrap_or(""))?;
    let mut conn = identity.store.read().await?;
    let page = Page {
        offset: (q.page - 1).saturating_mul(q.per_page),
        limit: q.per_page,
        ascending: q.ascending,
    };
    let (rows, total) = users::list(&mut conn, &aud, &q.filter, page).await?;
    let users = rows
        .iter()
        .map(StoredUser::to_wire)
        .collect::<Result<Vec<User>, _>>()?;
    let base = format!("{}/.netlify/identity/admin/users", identity.site_url);
    let mut response = Json(AdminUserList { aud, users }).into_response();
    let headers = response.headers_mut();
    headers.insert(
        HeaderName::from_static("x-total-count"),
        HeaderValue::from(total),
    );
    if let Ok(link) = HeaderValue::from_str(&q.link_header(&base, total)) {
        headers.insert(axum::http::header::LINK, link);
    }
    Ok(response)
}

fn parse_id(id: &str) -> Result<(), IdentityApiError> {
    uuid::Uuid::parse_str(id)
        .map(|_| ())
        .map_err(|_| IdentityApiError::bad_request("user_id must be an UUID"))
}

/// `POST /admin/users`: creates a user. No email is sent and no hook fires (as in GoTrue).
/// Without a password the user gets none (GoTrue would store a hash of "" and let
/// anyone log in with an empty password).
pub async fn create(
    State(identity): State<IdentityApi>,
    AdminAuth { aud, .. }: AdminAuth,
    body: Bytes,
) -> Result<Json<User>, IdentityApiError> {
    let params: AdminUserParams = json(&body, PARAMS)?;
    let email = params.email.as_deref().unwrap_or("").trim().to_owned();
    validate_email(&email)?;
    let aud = params.aud.clone().filter(|a| !a.is_empty()).unwrap_or(aud);
    let hash = match params.password.as_ref().filter(|p| !p.is_empty()) {
        Some(p) => Some(identity.hash_password(p.expose().to_owned()).await?),
        None => None,
    };
    let now = now_micros();
    let mut tx = identity.store.write().await?;
    ensure_email_free(&mut tx, &aud, &email, None).await?;
    let mut user = StoredUser::new(new_user_id()?, &aud, &email, now);
    user.encrypted_password = hash;
    if let Some(role) = params.role.filter(|r| !r.is_empty()) {
        user.role = role;
    }
    if params.confirm {
        user.confirmed_at = Some(now);
    }
    if let Some(app) = &params.app_metadata {
        user.app_metadata = merge_app_metadata(&user.app_metadata, app)?;
    }
    if let Some(meta) = &params.user_metadata {
        merge_metadata(&mut user.user_metadata, meta);
    }
    ensure_token_fits(&identity, &user)?;
    users::insert(&mut tx, &user).await?;
    tx.commit().await?;
    Ok(Json(user.to_wire()?))
}

/// `GET /admin/users/{id}`.
pub async fn get_one(
    State(identity): State<IdentityApi>,
    AdminAuth { .. }: AdminAuth,
    Path(id): Path<String>,
) -> Result<Json<User>, IdentityApiError> {
    parse_id(&id)?;
    let mut conn = identity.store.read().await?;
    let user = users::find_by_id(&mut conn, &id)
        .await?
        .ok_or_else(|| IdentityApiError::not_found("User not found"))?;
    Ok(Json(user.to_wire()?))
}

/// `PUT /admin/users/{id}`: role, confirm, password, email (set directly), app_metadata and
/// user_metadata (merged, null deletes).
pub async fn update(
    State(identity): State<IdentityApi>,
    AdminAuth { .. }: AdminAuth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<User>, IdentityApiError> {
    parse_id(&id)?;
    let params: AdminUserParams = if body.is_empty() {
        AdminUserParams::default()
    } else {
        json(&body, PARAMS)?
    };
    let hash = identity.hash_new_password(params.password.as_ref()).await?;
    let now = now_micros();
    let mut tx = identity.store.write().await?;
    let mut user = users::find_by_id(&mut tx, &id)
        .await?
        .ok_or_else(|| IdentityApiError::not_found("User not found"))?;
    if let Some(role) = params.role {
        user.role = role;
    }
    if params.confirm && !user.is_confirmed() {
        user.confirmed_at = Some(now);
    }
    if let Some(hash) = hash {
        user.encrypted_password = Some(hash);
        // A password set by an admin (a reset for a user who lost control of the account)
        // ends every session of the user, as a new password of their own ends the others.
        refresh_tokens::delete_for_user(&mut tx, &user.id).await?;
    }
    if let Some(email) = params
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        validate_email(email)?;
        ensure_email_free(&mut tx, &user.aud, email, Some(&user.id)).await?;
        user.email = email.to_owned();
    }
    if let Some(app) = &params.app_metadata {
        user.app_metadata = merge_app_metadata(&user.app_metadata, app)?;
    }
    if let Some(meta) = &params.user_metadata {
        merge_metadata(&mut user.user_metadata, meta);
    }
    user.updated_at = now;
    ensure_token_fits(&identity, &user)?;
    users::update(&mut tx, &user).await?;
    tx.commit().await?;
    Ok(Json(user.to_wire()?))
}

/// `DELETE /admin/users/{id}`: 200 `{}`. The user's refresh tokens go with them.
pub async fn delete(
    State(identity): State<IdentityApi>,
    AdminAuth { .. }: AdminAuth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, IdentityApiError> {
    parse_id(&id)?;
    if !body.is_empty() {
        let _: Value = json(&body, PARAMS)?;
    }
    let mut tx = identity.store.write().await?;
    if !users::delete(&mut tx, &id).await? {
        return Err(IdentityApiError::not_found("User not found"));
    }
    tx.commit().await?;
    Ok(Json(json_value!({})))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_page_one_of_fifty_newest_first() {
        let q = ListQuery::parse("").unwrap();
        assert_eq!((q.page, q.per_page, q.ascending), (1, 50, false));
    }

    #[test]
    fn bad_numbers_are_refused() {
        for bad in ["page=0", "page=x", "per_page=-1"] {
            let e = ListQuery::parse(bad).unwrap_err();
            assert!(e.to_string().contains("Bad Pagination Parameters"), "{bad}");
        }
    }

    #[test]
    fn links_name_next_prev_and_last() {
        let q = ListQuery::parse("page=2&per_page=10").unwrap();
        let link = q.link_header("http://h/a", 35);
        assert_eq!(
            link,
            "<http://h/a?page=3&per_page=10>; rel=\"next\", <http://h/a?page=1&per_page=10>; rel=\"prev\", <http://h/a?page=4&per_page=10>; rel=\"last\""
        );
    }
}
