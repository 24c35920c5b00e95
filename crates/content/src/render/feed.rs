//! `/feed.xml`: the posts as an Atom 1.0 feed (RFC 4287), for feed readers.

use std::fmt::Write as _;

use super::escape::xml as escape;
use super::site::newest_first;
use super::SiteUrl;
use crate::{Post, PostSummary};

/// Where the feed is served, relative to the site root (every page links to it).
pub const FEED_PATH: &str = "/feed.xml";

/// What the feed says about the blog itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blog {
    /// Where the site is served: every URL in the feed and the sitemap is absolute.
    pub url: SiteUrl,
    /// The blog's name: the feed's title, and its author, since posts name none.
    pub title: String,
}

/// The Atom feed of `posts`, newest first, each with its rendered HTML as content.
///
/// Every text is escaped, and characters XML 1.0 forbids are dropped, so the feed is
/// well-formed whatever a post holds. Times are the posts' dates at midnight UTC.
///
/// ```
/// # use content::{Post, PostSummary};
/// let blog = content::render::Blog { url: "https://blog.example/".parse().unwrap(), title: "A & B".into() };
/// let post = Post {
///     summary: PostSummary { slug: "hello".into(), title: "Hello".into(), date: "2026-11-20".into(), summary: "Hi.".into() },
///     html: "<p>Hi!</p>\n".into(),
/// };
/// let feed = content::render::atom_feed(&blog, &[post]);
/// assert!(feed.contains("<title>A &amp; B</title>"));
/// assert!(feed.contains("<id>https://blog.example/posts/hello</id>"));
/// assert!(feed.contains("<updated>2026-11-20T00:00:00Z</updated>"));
/// assert!(feed.contains(r#"<content type="html">&lt;p&gt;Hi!&lt;/p&gt;"#));
/// ```
pub fn atom_feed(blog: &Blog, posts: &[Post]) -> String {
    let mut posts: Vec<&Post> = posts.iter().collect();
    posts.sort_by(|a, b| newest_first(&a.summary, &b.summary));
    let home = escape(&blog.url.join("/"));
    let title = escape(&blog.title);
    // Atom requires `updated`; a blog without posts has never been updated.
    let updated = posts.first().map_or_else(
        || "1970-01-01T00:00:00Z".to_owned(),
        |p| midnight_utc(&p.summary),
    );
    let mut out =
        String::with_capacity(1024 + posts.iter().map(|p| p.html.len() * 5 / 4).sum::<usize>());
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        concat!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n",
            // xml:base: readers resolve the posts' own relative links (`/posts/…`) on the site.
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"{home}\">\n",
            "  <id>{home}</id>\n",
            "  <title>{title}</title>\n",
            "  <updated>{updated}</updated>\n",
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{feed}\"/>\n",
            "  <link rel=\"alternate\" type=\"text/html\" href=\"{home}\"/>\n",
            "  <author><name>{title}</name><uri>{home}</uri></author>\n",
        ),
        home = home,
        title = title,
        updated = updated,
        feed = escape(&blog.url.join(FEED_PATH)),
    );
    for post in posts {
        let url = escape(&blog.url.join(&format!("/posts/{}", post.summary.slug)));
        let time = midnight_utc(&post.summary);
        let _ = write!(
            out,
            concat!(
                "  <entry>\n",
                "    <id>{url}</id>\n",
                "    <title>{title}</title>\n",
                "    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n",
                "    <published>{time}</published>\n",
                "    <updated>{time}</updated>\n",
                "    <summary>{summary}</summary>\n",
                "    <content type=\"html\">{html}</content>\n",
                "  </entry>\n",
            ),
            url = url,
            title = escape(&post.summary.title),
            time = time,
            summary = escape(&post.summary.summary),
            html = escape(&post.html),
        );
    }
    out.push_str("</feed>\n");
    out
}

/// A post's `YYYY-MM-DD` date as an RFC 3339 time, at the start of that day in UTC.
fn midnight_utc(post: &PostSummary) -> String {
    escape(&format!("{}T00:00:00Z", post.date))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blog(url: &str, title: &str) -> Blog {
        Blog {
            url: url.parse().unwrap(),
            title: title.into(),
        }
    }

    fn post(slug: &str, date: &str, title: &str) -> Post {
        Post {
            summary: PostSummary {
                slug: slug.into(),
                title: title.into(),
                date: date.into(),
                summary: format!("About {title}"),
            },
            html: format!("<p>{slug} &amp; <a href=\"/posts/{slug}\">more</a></p>\n"),
        }
    }

    fn atom(name: &str) -> (&'static str, &str) {
        ("http://www.w3.org/2005/Atom", name)
    }

    fn child<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> roxmltree::Node<'a, 'a> {
        node.children()
            .find(|n| n.has_tag_name(atom(name)))
            .unwrap_or_else(|| panic!("no <{name}> in <{}>", node.tag_name().name()))
    }

    fn text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> &'a str {
        child(node, name).text().unwrap_or_default()
    }

    fn entries<'a>(feed: &'a roxmltree::Document<'a>) -> Vec<roxmltree::Node<'a, 'a>> {
        feed.root_element()
            .children()
            .filter(|n| n.has_tag_name(atom("entry")))
            .collect()
    }

    #[test]
    fn any_title_makes_well_formed_xml() {
        let nasty = "Fish & <chips> \"quoted\" 'single' bell\u{7}escape\u{1b}nul\u{0}end";
        let feed = atom_feed(
            &blog("https://blog.example", nasty),
            &[post("nasty", "2026-11-20", nasty)],
        );
        let doc = roxmltree::Document::parse(&feed).unwrap_or_else(|e| panic!("{e}\n{feed}"));
        let clean = "Fish & <chips> \"quoted\" 'single' bellescapenulend";
        assert_eq!(text(doc.root_element(), "title"), clean);
        let entry = entries(&doc)[0];
        assert_eq!(text(entry, "title"), clean);
        assert_eq!(text(entry, "summary"), format!("About {clean}"));
        // The content is the post's HTML itself once the XML escapes are read back.
        assert_eq!(
            text(entry, "content"),
            "<p>nasty &amp; <a href=\"/posts/nasty\">more</a></p>\n"
        );
        assert_eq!(child(entry, "content").attribute("type"), Some("html"));
    }

    #[test]
    fn a_control_character_in_the_body_is_dropped_too() {
        let mut p = post("p", "2026-11-20", "P");
        p.html = "<pre><code>\u{8}ls\u{ffff}\n</code></pre>\n".into();
        let feed = atom_feed(&blog("https://blog.example", "B"), &[p]);
        let doc = roxmltree::Document::parse(&feed).unwrap_or_else(|e| panic!("{e}\n{feed}"));
        assert_eq!(
            text(entries(&doc)[0], "content"),
            "<pre><code>ls\n</code></pre>\n"
        );
    }

    #[test]
    fn entries_are_newest_first_and_the_feed_is_as_new_as_the_newest() {
        let posts = [
            post("old", "2026-01-05", "Old"),
            post("new", "2026-11-20", "New"),
            post("middle", "2026-06-01", "Middle"),
        ];
        let feed = atom_feed(&blog("https://blog.example", "B"), &posts);
        let doc = roxmltree::Document::parse(&feed).unwrap();
        let titles: Vec<_> = entries(&doc)
            .into_iter()
            .map(|e| text(e, "title"))
            .collect();
        assert_eq!(titles, ["New", "Middle", "Old"]);
        assert_eq!(text(doc.root_element(), "updated"), "2026-11-20T00:00:00Z");
        let entry = entries(&doc)[2];
        assert_eq!(text(entry, "published"), "2026-01-05T00:00:00Z");
        assert_eq!(text(entry, "updated"), "2026-01-05T00:00:00Z");
    }

    #[test]
    fn every_url_is_absolute_and_undoubled() {
        for origin in ["http://127.0.0.1:8888", "https://blog.example/"] {
            let feed = atom_feed(&blog(origin, "B"), &[post("hello", "2026-11-20", "Hello")]);
            let doc = roxmltree::Document::parse(&feed).unwrap();
            let home = origin.trim_end_matches('/');
            let root = doc.root_element();
            assert_eq!(text(root, "id"), format!("{home}/"));
            let links: Vec<_> = root
                .children()
                .filter(|n| n.has_tag_name(atom("link")))
                .map(|n| (n.attribute("rel").unwrap(), n.attribute("href").unwrap()))
                .collect();
            assert_eq!(
                links,
                [
                    ("self", format!("{home}/feed.xml").as_str()),
                    ("alternate", format!("{home}/").as_str())
                ]
            );
            let entry = entries(&doc)[0];
            assert_eq!(text(entry, "id"), format!("{home}/posts/hello"));
            assert_eq!(
                child(entry, "link").attribute("href"),
                Some(format!("{home}/posts/hello").as_str())
            );
            assert_eq!(text(child(root, "author"), "name"), "B");
            assert!(!feed.replace("://", "").contains("//"), "{feed}");
        }
    }

    #[test]
    fn a_blog_without_posts_still_has_a_valid_feed() {
        let feed = atom_feed(&blog("https://blog.example", "B"), &[]);
        let doc = roxmltree::Document::parse(&feed).unwrap();
        assert!(entries(&doc).is_empty());
        assert_eq!(text(doc.root_element(), "updated"), "1970-01-01T00:00:00Z");
    }
}
