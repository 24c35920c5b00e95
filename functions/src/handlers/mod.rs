//! One module per function, plus the request checks they share.
//!
//! Each handler takes the [`crate::App`], the [`crate::Request`] and (when it cares who is
//! calling) the [`crate::NetlifyContext`], and returns a [`crate::Response`]; refusals are
//! [`crate::ApiError`]s turned into JSON error bodies.

pub mod identity_signup;
pub mod list;
pub mod moderate;
pub mod submit;

mod input;
