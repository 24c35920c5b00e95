//! Every page of the site as the build writes it: one file per route, each with its
//! `<title>`, description, canonical link and Open Graph tags, and the content of its
//! `<main>` as the app renders it, so a reader (or a crawler) gets the page without the app.
//!
//! This is the content of each page; `xtask/src/pages.rs` puts it into the page Trunk
//! wrote (header, footer, scripts), so the chrome is written once, in `index.html`.
//!
//! The markup is `src/pages/*.rs`'s and `src/components/comments/mod.rs`'s, kept in
//! step by hand (string templates, as [`home_html`](super::home_html) is) until the blog's
//! own Leptos components can render on the host; the end-to-end tests check that the
//! app takes over a post page with the same text.

use super::escape::html as escape;
use super::{home_html, Blog};
use crate::{Post, PostSummary};

/// What kind of page a [`Page`] is: what its head says and when stage one wakes the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// `/`: the post list.
    Home,
    /// `/posts/<slug>`: one post, and the frame of its comments.
    Post,
    /// `/account` and `/admin`: frames the app fills at once (their content is the reader's).
    App,
    /// `404.html`: served by Netlify (and the local stack) for every path nothing answers.
    NotFound,
}

/// One page of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The path readers use, e.g. `/posts/hello`: the canonical link, and what
    /// `data-identity-prerendered` names (`*` for the 404 page, which answers every path).
    pub path: String,
    /// The file under the site root that Netlify's pretty URLs serve at [`Page::path`],
    /// e.g. `posts/hello.html`.
    pub file: String,
    /// The whole `<title>`: `Post title · Blog`, or the blog's name on the home page.
    pub title: String,
    /// `<meta name="description">`; `None` keeps the site's own.
    pub description: Option<String>,
    /// The inner HTML of `<main>`.
    pub main: String,
    pub kind: PageKind,
}

/// The value of `data-identity-prerendered` on the 404 page: right at every path.
pub const ANY_PATH: &str = "*";

impl Page {
    /// What `<main data-identity-prerendered>` says: the path the content is for.
    pub fn prerendered_for(&self) -> &str {
        match self.kind {
            PageKind::NotFound => ANY_PATH,
            _ => &self.path,
        }
    }

    /// Whether the app is needed as soon as the page loads (its content depends on who
    /// reads it), rather than on the first interaction.
    pub fn needs_app_at_once(&self) -> bool {
        self.kind == PageKind::App
    }

    /// The tags that go into `<head>` beside the title: the canonical link and Open Graph
    /// for pages that have one address, `noindex` for the others.
    ///
    /// ```
    /// # use content::{Post, PostSummary};
    /// let blog = content::render::Blog { url: "https://blog.example".parse().unwrap(), title: "Blog".into() };
    /// let post = Post {
    ///     summary: PostSummary { slug: "hi".into(), title: "Hi & bye".into(), date: "2026-11-20".into(), summary: "S".into() },
    ///     html: "<p>x</p>".into(),
    /// };
    /// let page = content::render::post_page(&blog, &post);
    /// let head = page.head(&blog);
    /// assert!(head.contains(r#"<link rel="canonical" href="https://blog.example/posts/hi">"#));
    /// assert!(head.contains(r#"<meta property="og:title" content="Hi &amp; bye">"#));
    /// assert!(head.contains(r#"<meta property="og:type" content="article">"#));
    /// ```
    pub fn head(&self, blog: &Blog) -> String {
        let og_type = match self.kind {
            PageKind::Home => "website",
            PageKind::Post => "article",
            PageKind::App | PageKind::NotFound => {
                return r#"<meta name="robots" content="noindex">"#.to_owned();
            }
        };
        let url = escape(&blog.url.join(&self.path));
        let og_title = match self.kind {
            PageKind::Post => self
                .title
                .strip_suffix(&format!(" · {}", blog.title))
                .unwrap_or(&self.title),
            _ => &self.title,
        };
        let mut out = format!(
            concat!(
                r#"<link rel="canonical" href="{url}">"#,
                r#"<meta property="og:type" content="{og_type}">"#,
                r#"<meta property="og:site_name" content="{site}">"#,
                r#"<meta property="og:title" content="{title}">"#,
                r#"<meta property="og:url" content="{url}">"#,
            ),
            url = url,
            og_type = og_type,
            site = escape(&blog.title),
            title = escape(og_title),
        );
        if let Some(description) = &self.description {
            out.push_str(&format!(
                r#"<meta property="og:description" content="{}">"#,
                escape(description)
            ));
        }
        out
    }
}

/// The whole `<title>` of a page called `page` (the app's `set_title`).
fn title(blog: &Blog, page: &str) -> String {
    format!("{page} · {}", blog.title)
}

/// Every page of the site, for `posts` (newest first): home, one per post, account,
/// moderation and the 404 page.
pub fn site_pages(blog: &Blog, posts: &[Post]) -> Vec<Page> {
    let summaries: Vec<PostSummary> = posts.iter().map(|p| p.summary.clone()).collect();
    let mut pages = Vec::with_capacity(posts.len() + 4);
    pages.push(Page {
        path: "/".into(),
        file: "index.html".into(),
        title: blog.title.clone(),
        description: None,
        main: home_html(&summaries),
        kind: PageKind::Home,
    });
    pages.extend(posts.iter().map(|post| post_page(blog, post)));
    pages.push(Page {
        path: "/account".into(),
        file: "account.html".into(),
        title: title(blog, "Your account"),
        description: None,
        main: r#"<section class="account"><h1>Your account</h1><p class="loading" aria-busy="true">Loading…</p></section>"#.into(),
        kind: PageKind::App,
    });
    pages.push(Page {
        path: "/admin".into(),
        file: "admin.html".into(),
        title: title(blog, "Moderation"),
        description: None,
        main: concat!(
            r#"<section class="moderation" aria-labelledby="moderation-title">"#,
            r#"<h1 id="moderation-title">Moderation</h1><p class="loading" aria-busy="true">Loading…</p></section>"#,
        )
        .into(),
        kind: PageKind::App,
    });
    pages.push(not_found_page(blog));
    pages
}

/// `/posts/<slug>`: the post and the frame of its comments.
pub fn post_page(blog: &Blog, post: &Post) -> Page {
    Page {
        path: format!("/posts/{}", post.summary.slug),
        file: format!("posts/{}.html", post.summary.slug),
        title: title(blog, &post.summary.title),
        description: Some(post.summary.summary.clone()),
        main: post_html(post),
        kind: PageKind::Post,
    }
}

/// The 404 page (`src/pages/not_found.rs`).
pub fn not_found_page(blog: &Blog) -> Page {
    Page {
        path: "/404".into(),
        file: "404.html".into(),
        title: title(blog, "Page not found"),
        description: None,
        main: concat!(
            r#"<section class="not-found"><h1>Page not found</h1>"#,
            "<p>There is nothing at this address. It may have moved, or never existed.</p>",
            r#"<p><a href="/">Back to all posts</a></p></section>"#,
        )
        .into(),
        kind: PageKind::NotFound,
    }
}

/// The comments section's frame under a post, as `Comments` renders it before its
/// first answer, for stage one (`crates/identity-shell/src/comments.rs`) to fill
/// without the app: it fetches `list-comments` for the slug in `data-comments-for`,
/// clones [`COMMENT_TEMPLATE`] for each comment and fills in its text (as text, never
/// markup), counts them in the heading, and shows the compose area for the reader
/// (`data-identity-show`). A click in that area loads the app, which then focuses or
/// clicks what `data-identity-click` names in its own markup.
///
/// The markup is `src/components/comments/{mod,list,form}.rs`'s and
/// `src/components/paging.rs`'s, kept in step by hand; the end-to-end tests check
/// that the app takes the section over with the same text.
pub fn comments_frame(slug: &str) -> String {
    format!(
        concat!(
            r#"<section class="comments" aria-labelledby="comments-title" data-comments-for="{slug}">"#,
            r#"<h2 id="comments-title" class="comments__title">Comments</h2>"#,
            r#"<ol class="comment-list" hidden></ol>"#,
            r#"<p class="loading" aria-busy="true" data-comments-loading hidden>Loading comments…</p>"#,
            r#"<button type="button" class="button comments__more" data-comments-more hidden>Show more comments</button>"#,
            r#"<div class="comment-compose">"#,
            // Both hidden until stage one knows who reads: the app shows neither
            // before it has read the session.
            r#"<div class="comment-login" data-identity-show="guest" hidden>"#,
            "<p>Log in to join the conversation.</p>",
            r#"<button type="button" class="button button--primary" data-identity-click=".comment-login button">Log in to comment</button></div>"#,
            r#"<div class="comment-form" data-identity-show="user" hidden>"#,
            r#"<label class="comment-form__label" for="comment-box">Your comment</label>"#,
            r##"<textarea id="comment-box" class="comment-form__body" rows="5" readonly data-identity-click="#comment-body"></textarea>"##,
            r#"<div class="comment-form__meta"><span class="comment-form__as"></span><span class="comment-form__count">0 / {max}</span></div>"#,
            r##"<div class="comment-form__actions"><button type="button" class="button button--primary" data-identity-click="#comment-body">Post comment</button></div></div>"##,
            "</div>{item}{error}</section>",
        ),
        slug = escape(slug),
        max = comment_wire::validate::MAX_BODY_CHARS,
        item = COMMENT_TEMPLATE,
        error = COMMENTS_ERROR_TEMPLATE,
    )
}

/// One comment (`CommentItem`): stage one clones it, sets `id="comment-<id>"`, the
/// author, the date (`datetime` and its readable text) and the body, each as text.
pub const COMMENT_TEMPLATE: &str = concat!(
    r#"<template data-comments-item><li class="comment"><p class="comment__meta">"#,
    r#"<bdi class="comment__author"></bdi> · <time class="comment__date"></time></p>"#,
    r#"<p class="comment__body"></p></li></template>"#,
);

/// Why the comments could not be loaded (`PagingFooter`'s error box): stage one
/// writes the reason into the `<p>`; "Try again" asks again.
pub const COMMENTS_ERROR_TEMPLATE: &str = concat!(
    r#"<template data-comments-error><div class="comments__error" role="alert"><p></p>"#,
    r#"<button type="button" class="button" data-comments-retry>Try again</button></div></template>"#,
);

/// A post as `PostBody` renders it, then the comments section's frame
/// ([`comments_frame`]).
///
/// ```
/// # use content::{Post, PostSummary};
/// let post = Post {
///     summary: PostSummary { slug: "a".into(), title: "<A>".into(), date: "2026-11-02".into(), summary: "".into() },
///     html: "<p>Body</p>\n".into(),
/// };
/// let html = content::render::post_html(&post);
/// assert!(html.starts_with(r#"<article class="post"><header class="post__header"><h1 class="post__title">&lt;A&gt;</h1>"#));
/// assert!(html.contains(r#"<div class="post__body prose"><p>Body</p>"#));
/// assert!(html.contains(r#"<h2 id="comments-title" class="comments__title">Comments</h2>"#));
/// assert!(html.contains(r#"data-comments-for="a""#));
/// ```
pub fn post_html(post: &Post) -> String {
    let summary = &post.summary;
    format!(
        concat!(
            r#"<article class="post"><header class="post__header">"#,
            r#"<h1 class="post__title">{title}</h1>"#,
            r#"<time class="post__date" datetime="{date}">{day}</time></header>"#,
            r#"<div class="post__body prose">{body}</div>"#,
            r#"<footer class="post__footer"><a href="/">← All posts</a></footer></article>"#,
            "{comments}",
        ),
        title = escape(&summary.title),
        date = escape(&summary.date),
        day = escape(&summary.display_date()),
        body = post.html,
        comments = comments_frame(&summary.slug),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blog() -> Blog {
        Blog {
            url: "https://blog.example".parse().unwrap(),
            title: "Blog".into(),
        }
    }

    fn post(slug: &str, title: &str) -> Post {
        Post {
            summary: PostSummary {
                slug: slug.into(),
                title: title.into(),
                date: "2026-11-20".into(),
                summary: r#"Why "quotes" & <tags>"#.into(),
            },
            html: "<p>Body <em>text</em></p>\n".into(),
        }
    }

    #[test]
    fn every_route_is_a_file() {
        let pages = site_pages(&blog(), &[post("new", "New"), post("old", "Old")]);
        let files: Vec<_> = pages.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(
            files,
            [
                "index.html",
                "posts/new.html",
                "posts/old.html",
                "account.html",
                "admin.html",
                "404.html"
            ]
        );
        let paths: Vec<_> = pages.iter().map(Page::prerendered_for).collect();
        assert_eq!(
            paths,
            ["/", "/posts/new", "/posts/old", "/account", "/admin", "*"]
        );
        let at_once: Vec<_> = pages.iter().map(Page::needs_app_at_once).collect();
        assert_eq!(at_once, [false, false, false, true, true, false]);
    }

    #[test]
    fn a_post_page_has_its_text_title_description_and_address() {
        let blog = blog();
        let page = post_page(&blog, &post("hello", "Hello <you>"));
        assert_eq!(page.title, "Hello <you> · Blog");
        assert_eq!(
            page.description.as_deref(),
            Some(r#"Why "quotes" & <tags>"#)
        );
        assert!(page.main.contains("<p>Body <em>text</em></p>"));
        assert!(page.main.contains(">Hello &lt;you&gt;</h1>"));
        assert!(page
            .main
            .contains(r#"<time class="post__date" datetime="2026-11-20">20 November 2026</time>"#));
        let head = page.head(&blog);
        for tag in [
            r#"<link rel="canonical" href="https://blog.example/posts/hello">"#,
            r#"<meta property="og:url" content="https://blog.example/posts/hello">"#,
            r#"<meta property="og:title" content="Hello &lt;you&gt;">"#,
            r#"<meta property="og:site_name" content="Blog">"#,
            r#"<meta property="og:description" content="Why &quot;quotes&quot; &amp; &lt;tags&gt;">"#,
        ] {
            assert!(head.contains(tag), "{tag} not in {head}");
        }
        assert!(!head.contains("noindex"));
    }

    #[test]
    fn pages_without_one_address_are_not_indexed() {
        let blog = blog();
        for page in site_pages(&blog, &[]) {
            let head = page.head(&blog);
            let indexed = !head.contains("noindex");
            assert_eq!(indexed, head.contains("rel=\"canonical\""), "{}", page.file);
            assert_eq!(
                indexed,
                matches!(page.kind, PageKind::Home | PageKind::Post),
                "{}",
                page.file
            );
        }
    }

    #[test]
    fn a_post_page_has_the_comment_frame_and_templates_stage_one_fills() {
        let page = post_page(&blog(), &post("a-b", "A"));
        assert!(page.main.contains(r#"data-comments-for="a-b""#));
        for marker in [
            r#"<ol class="comment-list" hidden></ol>"#,
            "<template data-comments-item><li class=\"comment\">",
            r#"<p class="comment__body"></p>"#,
            "<template data-comments-error>",
            "data-comments-retry",
            r#"data-comments-more hidden>Show more comments</button>"#,
            r#"<div class="comment-login" data-identity-show="guest" hidden>"#,
            r#"<div class="comment-form" data-identity-show="user" hidden>"#,
            r##"data-identity-click="#comment-body""##,
            ">0 / 5000</span>",
        ] {
            assert!(page.main.contains(marker), "{marker} not in {}", page.main);
        }
        // Nothing that a click would have to wake the app for just to read.
        assert!(!page.main.contains("data-identity-wake"));
        // The app's own textarea id is left for the app: a reader never types into a
        // box the takeover throws away.
        assert!(!page.main.contains(r#"id="comment-body""#));
    }

    #[test]
    fn the_404_page_says_so_and_links_home() {
        let page = not_found_page(&blog());
        assert_eq!(page.title, "Page not found · Blog");
        assert!(page.main.contains("<h1>Page not found</h1>"));
        assert!(page.main.contains(r#"<a href="/">Back to all posts</a>"#));
    }
}
