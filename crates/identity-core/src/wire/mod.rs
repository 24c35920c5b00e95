//! GoTrue's JSON (and form) wire formats, shared by the widget, the local stack and the
//! functions so that both ends of every call use one definition.
//!
//! Shapes follow `netlify/gotrue` exactly: key order, which keys are left out when empty, and
//! the two error bodies. Readers are lenient where GoTrue or gotrue-js are (`null` metadata,
//! numeric strings, missing request fields); writers produce what GoTrue produces.

mod error;
mod grant;
mod hook;
pub(crate) mod metadata;
mod password;
mod provider;
mod requests;
mod session;
mod settings;
mod token;
mod user;

pub use error::{ApiError, ErrorBody, HttpError, OAuthError};
pub use grant::{GrantError, TokenGrant};
pub use hook::{HookAnswer, HookEvent, HookPayload, INSTANCE_ID};
pub use metadata::{merge_metadata, Metadata};
pub use password::Password;
pub use provider::{Provider, UnknownProvider};
pub use requests::{
    AdminUserParams, InviteRequest, RecoverRequest, SignupRequest, UserUpdate, VerifyRequest,
    VerifyType,
};
pub use session::{StoredSession, StoredToken, STORAGE_KEY};
pub use settings::{ExternalProviders, Health, Settings};
pub use token::{TokenResponse, BEARER};
pub use user::{AdminUserList, AppMetadata, User};
