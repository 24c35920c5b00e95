mod account;
mod home;
mod not_found;
mod post;

pub use account::Account;
pub use home::Home;
pub use not_found::NotFound;
pub use post::{PostBody, PostPage};
