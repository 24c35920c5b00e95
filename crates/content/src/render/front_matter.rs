use crate::{Post, PostSummary};

/// The `key: value` lines between the two `---` fences at the top of a post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: String,
    pub date: String,
    pub summary: String,
}

/// Parses one post file: front matter, then a Markdown body rendered to HTML.
///
/// The slug comes from the file name and is checked here too, so that every
/// rule about what makes a post valid lives in one place.
///
/// ```
/// let post = content::render::parse_post(
///     "hello",
///     "---\ntitle: Hello\ndate: 2026-11-20\nsummary: A first post.\n---\n\nHi!\n",
/// ).unwrap();
/// assert_eq!(post.summary.title, "Hello");
/// assert_eq!(post.html, "<p>Hi!</p>\n");
/// ```
pub fn parse_post(slug: &str, source: &str) -> Result<Post, String> {
    check_slug(slug)?;
    let (front, body) = split_front_matter(source)?;
    let front = parse_front_matter(front)?;
    Ok(Post {
        summary: PostSummary {
            slug: slug.to_owned(),
            title: front.title,
            date: front.date,
            summary: front.summary,
        },
        html: super::markdown_to_html(body),
    })
}

fn check_slug(slug: &str) -> Result<(), String> {
    let valid = !slug.is_empty()
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "the file name `{slug}` is not a valid slug: use lowercase letters, digits and inner dashes"
        ))
    }
}

fn split_front_matter(source: &str) -> Result<(&str, &str), String> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let rest = source
        .strip_prefix("---\n")
        .or_else(|| source.strip_prefix("---\r\n"))
        .ok_or("a post must start with a `---` line opening its front matter")?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    Err("the front matter is not closed by a `---` line".into())
}

fn parse_front_matter(front: &str) -> Result<FrontMatter, String> {
    let (mut title, mut date, mut summary) = (None, None, None);
    for (number, line) in front.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once(':')
            .ok_or_else(|| format!("front matter line {}: expected `key: value`", number + 1))?;
        let value = value.trim().to_owned();
        let slot = match key.trim() {
            "title" => &mut title,
            "date" => &mut date,
            "summary" => &mut summary,
            other => return Err(format!("unknown front matter key `{other}`")),
        };
        if slot.replace(value).is_some() {
            return Err(format!("front matter key `{}` appears twice", key.trim()));
        }
    }
    let required = |value: Option<String>, key: &str| match value {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(format!("front matter needs a non-empty `{key}`")),
    };
    let front = FrontMatter {
        title: required(title, "title")?,
        date: required(date, "date")?,
        summary: required(summary, "summary")?,
    };
    check_date(&front.date)?;
    Ok(front)
}

fn check_date(date: &str) -> Result<(), String> {
    let bad = || format!("`{date}` is not a date of the form YYYY-MM-DD");
    let parts: Vec<&str> = date.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return Err(bad());
    }
    let number = |s: &str| s.parse::<u32>().map_err(|_| bad());
    if !crate::is_calendar_day(number(y)?, number(m)?, number(d)?) {
        return Err(format!("`{date}` is not a day of the calendar"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "---\ntitle: Hello: world\ndate: 2026-11-20\nsummary: Short.\n---\n\n## Part\n\nText with <b>html</b>.\n";

    #[test]
    fn parses_front_matter_and_renders_body() {
        let post = parse_post("hello", GOOD).unwrap();
        assert_eq!(post.summary.title, "Hello: world");
        assert_eq!(post.summary.date, "2026-11-20");
        assert_eq!(post.summary.summary, "Short.");
        assert_eq!(post.html, "<h2>Part</h2>\n<p>Text with <b>html</b>.</p>\n");
    }

    #[test]
    fn accepts_crlf_line_endings() {
        let post = parse_post("hello", &GOOD.replace('\n', "\r\n")).unwrap();
        assert_eq!(post.summary.summary, "Short.");
    }

    #[test]
    fn refuses_a_post_without_front_matter() {
        let err = parse_post("hello", "# Just markdown\n").unwrap_err();
        assert!(err.contains("must start with a `---`"), "{err}");
    }

    #[test]
    fn refuses_unclosed_front_matter() {
        let err = parse_post("hello", "---\ntitle: x\n").unwrap_err();
        assert!(err.contains("not closed"), "{err}");
    }

    #[test]
    fn refuses_missing_and_unknown_keys() {
        let missing = parse_post("a", "---\ntitle: x\ndate: 2026-01-01\n---\n").unwrap_err();
        assert!(missing.contains("`summary`"), "{missing}");
        let unknown = parse_post("a", "---\ntitle: x\nauthor: y\n---\n").unwrap_err();
        assert!(
            unknown.contains("unknown front matter key `author`"),
            "{unknown}"
        );
        let twice = parse_post("a", "---\ntitle: x\ntitle: y\n---\n").unwrap_err();
        assert!(twice.contains("twice"), "{twice}");
    }

    #[test]
    fn refuses_bad_dates() {
        for date in [
            "2026-13-01",
            "26-01-01",
            "2026-1-1",
            "yesterday",
            "2026-01-00",
            "2026-02-31",
            "2026-02-29",
            "2026-04-31",
        ] {
            let source = format!("---\ntitle: x\ndate: {date}\nsummary: s\n---\n");
            assert!(parse_post("a", &source).is_err(), "{date} accepted");
        }
    }

    #[test]
    fn refuses_bad_slugs() {
        for slug in ["", "Hello", "a b", "-a", "a-", "a_b", "é"] {
            assert!(parse_post(slug, GOOD).is_err(), "{slug:?} accepted");
        }
        assert!(parse_post("a-1-b", GOOD).is_ok());
    }
}
