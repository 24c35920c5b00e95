//! `/sitemap.xml`: the home page and every post, for search engines (sitemaps.org 0.9).

use std::fmt::Write as _;

use super::escape::xml as escape;
use super::site::newest_first;
use super::SiteUrl;
use crate::PostSummary;

/// Where the sitemap is served, relative to the site root.
pub const SITEMAP_PATH: &str = "/sitemap.xml";

/// The sitemap: the home page (last changed with its newest post), then every post,
/// newest first, each with its date as `lastmod`.
///
/// ```
/// # use content::PostSummary;
/// let post = PostSummary { slug: "hello".into(), title: "Hello".into(), date: "2026-11-20".into(), summary: "Hi.".into() };
/// let map = content::render::sitemap(&"https://blog.example".parse().unwrap(), &[post]);
/// assert!(map.contains("<url><loc>https://blog.example/</loc><lastmod>2026-11-20</lastmod></url>"));
/// assert!(map.contains("<url><loc>https://blog.example/posts/hello</loc><lastmod>2026-11-20</lastmod></url>"));
/// ```
pub fn sitemap(site: &SiteUrl, posts: &[PostSummary]) -> String {
    let mut posts: Vec<&PostSummary> = posts.iter().collect();
    posts.sort_by(|a, b| newest_first(a, b));
    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n",
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    ));
    // Writing to a String cannot fail.
    let home = escape(&site.join("/"));
    let _ = match posts.first() {
        Some(newest) => writeln!(
            out,
            "  <url><loc>{home}</loc><lastmod>{}</lastmod></url>",
            escape(&newest.date)
        ),
        None => writeln!(out, "  <url><loc>{home}</loc></url>"),
    };
    for post in posts {
        let _ = writeln!(
            out,
            "  <url><loc>{}</loc><lastmod>{}</lastmod></url>",
            escape(&site.join(&format!("/posts/{}", post.slug))),
            escape(&post.date),
        );
    }
    out.push_str("</urlset>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(slug: &str, date: &str) -> PostSummary {
        PostSummary {
            slug: slug.into(),
            title: "Fish & <chips> \"q\" \u{7}".into(),
            date: date.into(),
            summary: String::new(),
        }
    }

    /// `(loc, lastmod)` of every `<url>`, read back by an XML parser.
    fn urls(map: &str) -> Vec<(String, Option<String>)> {
        let doc = roxmltree::Document::parse(map).unwrap_or_else(|e| panic!("{e}\n{map}"));
        let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        assert!(doc.root_element().has_tag_name((ns, "urlset")));
        doc.root_element()
            .children()
            .filter(|n| n.has_tag_name((ns, "url")))
            .map(|url| {
                let field = |name: &str| {
                    url.children()
                        .find(|n| n.has_tag_name((ns, name)))
                        .and_then(|n| n.text())
                        .map(str::to_owned)
                };
                (field("loc").unwrap_or_default(), field("lastmod"))
            })
            .collect()
    }

    #[test]
    fn lists_the_home_page_then_every_post_newest_first() {
        for origin in [
            "https://blog.example",
            "https://blog.example/",
            "http://127.0.0.1:8888",
        ] {
            let home = origin.trim_end_matches('/');
            let map = sitemap(
                &origin.parse().unwrap(),
                &[post("old", "2026-01-05"), post("new", "2026-11-20")],
            );
            let some = |s: &str| Some(s.to_owned());
            assert_eq!(
                urls(&map),
                [
                    (format!("{home}/"), some("2026-11-20")),
                    (format!("{home}/posts/new"), some("2026-11-20")),
                    (format!("{home}/posts/old"), some("2026-01-05")),
                ]
            );
            assert!(!map.replace("://", "").contains("//"), "{map}");
        }
    }

    #[test]
    fn an_empty_blog_lists_the_home_page() {
        assert_eq!(
            urls(&sitemap(&"https://blog.example".parse().unwrap(), &[])),
            [("https://blog.example/".to_owned(), None)]
        );
    }
}
