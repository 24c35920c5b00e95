#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod form;
pub mod hash;
pub mod jwt;
pub mod keeper;
pub mod roles;
pub mod stage;
pub mod time;
pub mod visitor;
pub mod wire;
