#![doc = include_str!("../README.md")]

mod api;
mod error;
mod events;
mod flows;
mod hash_route;
mod identity;
mod lock;
mod page;
mod refresh;
pub mod storage;

pub use api::GoTrue;
pub use error::IdentityError;
pub use events::{EventKind, IdentityEvent};
pub use flows::SignupOutcome;
pub use identity::{
    provide_identity, try_use_identity, use_identity, Identity, IdentityOptions, Status,
    Subscription,
};
pub use identity_core;
pub use page::Page;
