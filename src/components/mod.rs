pub mod comments;
pub mod layout;
pub mod moderation;
pub mod paging;
pub mod post_list;
pub mod status;

#[cfg(all(test, target_arch = "wasm32"))]
pub(crate) mod test_support;
