mod account;
mod admin;
mod home;
mod not_found;
mod post;

pub use account::Account;
pub use admin::Admin;
pub use home::Home;
pub use not_found::NotFound;
pub use post::{PostBody, PostPage};
