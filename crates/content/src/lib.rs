//! The blog's posts as the site fetches them.
//!
//! Posts are Markdown files with front matter in `content/posts/`. At build time
//! [`render::write_site`] turns them into JSON under `content/` in the site root:
//! one index with every post's summary ([`INDEX_PATH`]) and one file per post
//! ([`post_path`]). The browser fetches only what it shows, so a visit costs the
//! same with 3 posts or 3,000, and no Markdown parser ships in the wasm. The same
//! posts become the Atom feed (`/feed.xml`) and the sitemap (`/sitemap.xml`).
//!
//! The types build everywhere (the browser reads them); the renderer is behind the `render`
//! feature and runs on the host only: the browser build never links it.

use serde::{Deserialize, Serialize};

#[cfg(feature = "render")]
pub mod render;

/// Where the post index is served, relative to the site root.
pub const INDEX_PATH: &str = "/content/posts.json";

/// Where one post is served, relative to the site root.
///
/// ```
/// assert_eq!(content::post_path("hello"), "/content/posts/hello.json");
/// ```
pub fn post_path(slug: &str) -> String {
    format!("/content/posts/{slug}.json")
}

/// What the home page shows of a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostSummary {
    /// URL name of the post, `[a-z0-9-]+`, taken from its file name.
    pub slug: String,
    pub title: String,
    /// Publication date, `YYYY-MM-DD`.
    pub date: String,
    pub summary: String,
}

impl PostSummary {
    /// The date as a reader expects it, e.g. `20 November 2026`; the raw
    /// value if it is not `YYYY-MM-DD`.
    ///
    /// ```
    /// # use content::PostSummary;
    /// let post = PostSummary { slug: "a".into(), title: "A".into(), date: "2026-11-02".into(), summary: "".into() };
    /// assert_eq!(post.display_date(), "2 November 2026");
    /// ```
    pub fn display_date(&self) -> String {
        readable_day(&self.date).unwrap_or_else(|| self.date.clone())
    }
}

/// The day a `YYYY-MM-DD` text (or the start of an RFC 3339 time) names, as a
/// reader expects it; `None` when it is not such a date.
///
/// ```
/// assert_eq!(content::readable_day("2026-11-02").as_deref(), Some("2 November 2026"));
/// assert_eq!(content::readable_day("2026-11-26T14:05:09Z").as_deref(), Some("26 November 2026"));
/// assert_eq!(content::readable_day("2026-13-01"), None);
/// assert_eq!(content::readable_day("2026-11-99"), None);
/// ```
pub fn readable_day(text: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let date = text.get(0..10)?;
    if text.len() > 10 && !text[10..].starts_with('T') {
        return None;
    }
    let mut parts = date.splitn(3, '-');
    let year = parts.next().filter(|y| y.len() == 4)?;
    let month: usize = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    if !is_calendar_day(year.parse().ok()?, u32::try_from(month).ok()?, day) {
        return None;
    }
    let month = MONTHS.get(month.checked_sub(1)?)?;
    Some(format!("{day} {month} {year}"))
}

/// Whether `day` is a day of `month` (1–12) in `year`, leap years included.
///
/// ```
/// assert!(content::is_calendar_day(2028, 2, 29));
/// assert!(!content::is_calendar_day(2026, 2, 29));
/// assert!(!content::is_calendar_day(2026, 11, 31));
/// assert!(!content::is_calendar_day(2026, 13, 1));
/// ```
pub fn is_calendar_day(year: u32, month: u32, day: u32) -> bool {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// The list of posts, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PostIndex {
    pub posts: Vec<PostSummary>,
}

/// A whole post, its body already rendered to HTML at build time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Post {
    #[serde(flatten)]
    pub summary: PostSummary,
    pub html: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(date: &str) -> PostSummary {
        PostSummary {
            slug: "s".into(),
            title: "t".into(),
            date: date.into(),
            summary: String::new(),
        }
    }

    #[test]
    fn display_date_spells_the_month() {
        assert_eq!(summary("2026-01-31").display_date(), "31 January 2026");
        assert_eq!(summary("2026-12-01").display_date(), "1 December 2026");
    }

    #[test]
    fn display_date_keeps_what_it_cannot_read() {
        for raw in ["soon", "2026-13-01", "2026-00-01", "2026-xx-01"] {
            assert_eq!(summary(raw).display_date(), raw);
        }
    }

    #[test]
    fn post_json_is_flat() {
        let post = Post {
            summary: summary("2026-01-01"),
            html: "<p>x</p>".into(),
        };
        let json = serde_json::to_value(&post).unwrap();
        assert_eq!(json["slug"], "s");
        assert_eq!(json["html"], "<p>x</p>");
    }
}
