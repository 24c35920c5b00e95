//! The build step: Markdown posts in; JSON, every page's content, the Atom feed and
//! the sitemap out.

mod escape;
mod feed;
mod front_matter;
mod home;
mod pages;
mod site;
mod site_url;
mod sitemap;

pub use escape::html as escape_html;
pub use feed::{atom_feed, Blog, FEED_PATH};
pub use front_matter::{parse_post, FrontMatter};
pub use home::home_html;
pub use pages::{
    comments_frame, not_found_page, post_html, post_page, site_pages, Page, PageKind, ANY_PATH,
    COMMENTS_ERROR_TEMPLATE, COMMENT_TEMPLATE,
};
pub use site::{load_posts, write_site};
pub use site_url::{InvalidSiteUrl, SiteUrl};
pub use sitemap::{sitemap, SITEMAP_PATH};

use std::path::PathBuf;

/// Why a post could not be turned into JSON.
#[derive(Debug, thiserror::Error)]
pub enum ContentError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("two posts share the slug `{0}`")]
    DuplicateSlug(String),
    #[error("could not encode JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Markdown to HTML with the CommonMark extensions a blog post uses.
///
/// ```
/// let html = content::render::markdown_to_html("## Hi\n\n*there*");
/// assert_eq!(html, "<h2>Hi</h2>\n<p><em>there</em></p>\n");
/// ```
pub fn markdown_to_html(markdown: &str) -> String {
    use pulldown_cmark::{html, Options, Parser};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, Parser::new_ext(markdown, options));
    out
}
