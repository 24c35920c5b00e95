//! Stage two of a static page: the session and the modal, mounted beside the
//! page's own content. Stage one (`identity-shell`) renders the page's controls
//! and loads this on their first click.

fn main() {
    leptos_identity::mount_beside_page(leptos_identity::IdentityOptions::default());
}
