//! The home page's post list as HTML, written into `index.html` at build time
//! so the first visit shows the posts before any wasm has run.
//!
//! It is the markup `src/pages/home.rs` and `src/components/post_list.rs`
//! render in the browser; the end-to-end tests check the two stay the same.

use super::escape::html as escape;
use crate::PostSummary;

/// The home page's `<section>`: a heading for screen readers and the list.
///
/// ```
/// # use content::PostSummary;
/// let post = PostSummary { slug: "a-b".into(), title: "A & B".into(),
///     date: "2026-11-02".into(), summary: "<why>".into() };
/// let html = content::render::home_html(&[post]);
/// assert!(html.contains(r#"<a href="/posts/a-b">A &amp; B</a>"#));
/// assert!(html.contains(r#"<time class="post-card__date" datetime="2026-11-02">2 November 2026</time>"#));
/// assert!(html.contains("&lt;why&gt;"));
/// ```
pub fn home_html(posts: &[PostSummary]) -> String {
    let mut out = String::from(r#"<section class="home"><h1 class="visually-hidden">Posts</h1>"#);
    if posts.is_empty() {
        out.push_str(r#"<p class="empty">No posts yet.</p>"#);
    } else {
        out.push_str(r#"<ul class="post-list">"#);
        for post in posts {
            let href = escape(&format!("/posts/{}", post.slug));
            out.push_str(&format!(
                concat!(
                    r#"<li class="post-card"><h2 class="post-card__title"><a href="{href}">{title}</a></h2>"#,
                    r#"<time class="post-card__date" datetime="{date}">{day}</time>"#,
                    r#"<p class="post-card__summary">{summary}</p>"#,
                    r#"<a class="post-card__more" href="{href}">Read the post</a></li>"#,
                ),
                href = href,
                title = escape(&post.title),
                date = escape(&post.date),
                day = escape(&post.display_date()),
                summary = escape(&post.summary),
            ));
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_blog_says_so() {
        assert_eq!(
            home_html(&[]),
            r#"<section class="home"><h1 class="visually-hidden">Posts</h1><p class="empty">No posts yet.</p></section>"#
        );
    }

    #[test]
    fn markup_in_front_matter_stays_text() {
        let post = PostSummary {
            slug: "x".into(),
            title: r#"<img src=x onerror="alert(1)">"#.into(),
            date: "2026-01-02".into(),
            summary: "'quoted'".into(),
        };
        let html = home_html(&[post]);
        assert!(!html.contains("<img"));
        assert!(html.contains("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"));
        assert!(html.contains("&#39;quoted&#39;"));
    }

    #[test]
    fn posts_keep_their_order() {
        let post = |slug: &str| PostSummary {
            slug: slug.into(),
            title: slug.into(),
            date: "2026-01-02".into(),
            summary: String::new(),
        };
        let html = home_html(&[post("newer"), post("older")]);
        let (newer, older) = (html.find("/posts/newer"), html.find("/posts/older"));
        assert!(newer.is_some() && newer < older);
        assert_eq!(html.matches(r#"<li class="post-card">"#).count(), 2);
    }
}
