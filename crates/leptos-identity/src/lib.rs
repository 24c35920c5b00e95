#![doc = include_str!("../README.md")]

mod account;
mod api;
mod browser;
mod controls;
pub mod cookie;
mod error;
mod events;
mod fetch;
mod flows;
mod hash_route;
pub mod i18n;
mod identity;
mod lock;
mod modal;
mod page;
mod refresh;
#[cfg(feature = "ssr")]
pub mod server;
mod session_check;
pub mod site_url;
mod stage;
pub mod storage;
mod when;

pub use account::AccountSettings;
pub use api::GoTrue;
pub use controls::{IdentityButton, IdentityMenu};
pub use error::IdentityError;
pub use events::{EventKind, IdentityEvent};
pub use flows::SignupOutcome;
pub use identity::{
    provide_identity, try_use_identity, use_identity, Identity, IdentityOptions, Status,
    Subscription,
};
pub use identity_core;
pub use modal::{inject_styles, IdentityModal};
pub use page::Page;
pub use stage::mount_beside_page;
pub use stage::mount_over_shell;
