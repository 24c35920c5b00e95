use std::cmp::Ordering;
use std::fs;
use std::path::{Path, PathBuf};

use super::{atom_feed, parse_post, sitemap, Blog, ContentError, FEED_PATH, SITEMAP_PATH};
use crate::{Post, PostIndex, PostSummary};

/// Reads every `*.md` file in `dir` as a post, newest first (ties by slug).
pub fn load_posts(dir: &Path) -> Result<Vec<Post>, ContentError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ContentError::Io { path, source }
    };
    let mut posts = Vec::new();
    for entry in fs::read_dir(dir).map_err(io(dir))? {
        let path = entry.map_err(io(dir))?.path();
        if path.extension().is_none_or(|ext| ext != "md") {
            continue;
        }
        let slug = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let source = fs::read_to_string(&path).map_err(io(&path))?;
        let post = parse_post(&slug, &source)
            .map_err(|message| ContentError::Invalid { path, message })?;
        posts.push(post);
    }
    posts.sort_by(|a, b| newest_first(&a.summary, &b.summary));
    Ok(posts)
}

/// The order of every list of posts the build writes: newest first, ties by slug.
pub(crate) fn newest_first(a: &PostSummary, b: &PostSummary) -> Ordering {
    (b.date.as_str(), a.slug.as_str()).cmp(&(a.date.as_str(), b.slug.as_str()))
}

/// Writes the post index and one JSON file per post under `site_root/content/`,
/// and the Atom feed ([`FEED_PATH`]) and sitemap ([`SITEMAP_PATH`]) of the same
/// posts, with absolute URLs on `blog.url`.
///
/// Everything is rendered before anything is written, so a bad post leaves the
/// previous output untouched. Returns the posts, newest first, as the index
/// lists them, for the pages the build writes from them.
pub fn write_site(
    posts_dir: &Path,
    site_root: &Path,
    blog: &Blog,
) -> Result<Vec<Post>, ContentError> {
    let posts = load_posts(posts_dir)?;
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::with_capacity(posts.len() + 3);
    let index = PostIndex {
        posts: posts.iter().map(|p| p.summary.clone()).collect(),
    };
    files.push((
        site_root.join("content/posts.json"),
        serde_json::to_vec(&index)?,
    ));
    for (i, post) in posts.iter().enumerate() {
        if posts[..i]
            .iter()
            .any(|p| p.summary.slug == post.summary.slug)
        {
            return Err(ContentError::DuplicateSlug(post.summary.slug.clone()));
        }
        let path = site_root.join(format!("content/posts/{}.json", post.summary.slug));
        files.push((path, serde_json::to_vec(post)?));
    }
    let at_root = |path: &str| site_root.join(path.trim_start_matches('/'));
    files.push((at_root(FEED_PATH), atom_feed(blog, &posts).into_bytes()));
    files.push((
        at_root(SITEMAP_PATH),
        sitemap(&blog.url, &index.posts).into_bytes(),
    ));
    let posts_out = site_root.join("content/posts");
    fs::create_dir_all(&posts_out).map_err(|source| ContentError::Io {
        path: posts_out.clone(),
        source,
    })?;
    for (path, bytes) in &files {
        fs::write(path, bytes).map_err(|source| ContentError::Io {
            path: path.clone(),
            source,
        })?;
    }
    Ok(posts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(date: &str) -> String {
        format!("---\ntitle: T {date}\ndate: {date}\nsummary: S\n---\nBody\n")
    }

    fn blog() -> Blog {
        Blog {
            url: "https://blog.example".parse().unwrap(),
            title: "Blog".into(),
        }
    }

    #[test]
    fn writes_index_newest_first_and_one_file_per_post() {
        let src = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        fs::write(src.path().join("old.md"), post("2026-01-01")).unwrap();
        fs::write(src.path().join("new.md"), post("2026-02-01")).unwrap();
        fs::write(src.path().join("notes.txt"), "ignored").unwrap();

        let written = write_site(src.path(), out.path(), &blog()).unwrap();
        let written: Vec<_> = written.iter().map(|p| p.summary.slug.as_str()).collect();
        assert_eq!(written, ["new", "old"]);

        let index: PostIndex =
            serde_json::from_slice(&fs::read(out.path().join("content/posts.json")).unwrap())
                .unwrap();
        let slugs: Vec<_> = index.posts.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs, ["new", "old"]);
        let old: Post =
            serde_json::from_slice(&fs::read(out.path().join("content/posts/old.json")).unwrap())
                .unwrap();
        assert_eq!(old.html, "<p>Body</p>\n");
    }

    #[test]
    fn the_feed_and_sitemap_list_the_posts_the_index_lists() {
        let src = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        fs::write(src.path().join("old.md"), post("2026-01-01")).unwrap();
        fs::write(src.path().join("new.md"), post("2026-02-01")).unwrap();
        write_site(src.path(), out.path(), &blog()).unwrap();

        let feed = fs::read_to_string(out.path().join("feed.xml")).unwrap();
        let feed = roxmltree::Document::parse(&feed).unwrap();
        let ids: Vec<_> = feed
            .descendants()
            .filter(|n| n.has_tag_name("id") && n.parent().is_some_and(|p| p.has_tag_name("entry")))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(
            ids,
            [
                "https://blog.example/posts/new",
                "https://blog.example/posts/old"
            ]
        );

        let map = fs::read_to_string(out.path().join("sitemap.xml")).unwrap();
        let map = roxmltree::Document::parse(&map).unwrap();
        let locs: Vec<_> = map
            .descendants()
            .filter(|n| n.has_tag_name("loc"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(
            locs,
            [
                "https://blog.example/",
                "https://blog.example/posts/new",
                "https://blog.example/posts/old"
            ]
        );
    }

    #[test]
    fn a_bad_post_writes_nothing() {
        let src = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        fs::write(src.path().join("good.md"), post("2026-01-01")).unwrap();
        fs::write(src.path().join("bad.md"), "no front matter").unwrap();

        let err = write_site(src.path(), out.path(), &blog()).unwrap_err();
        assert!(err.to_string().contains("bad.md"), "{err}");
        assert!(!out.path().join("content").exists());
        assert!(!out.path().join("feed.xml").exists());
    }
}
