use std::fs;
use std::path::{Path, PathBuf};

use super::{parse_post, ContentError};
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
    posts.sort_by(|a, b| {
        (b.summary.date.as_str(), a.summary.slug.as_str())
            .cmp(&(a.summary.date.as_str(), b.summary.slug.as_str()))
    });
    Ok(posts)
}

/// Writes the post index and one JSON file per post under `site_root/content/`.
///
/// Everything is rendered before anything is written, so a bad post leaves the
/// previous output untouched. Returns the posts' summaries, newest first, as
/// the index lists them.
pub fn write_site(posts_dir: &Path, site_root: &Path) -> Result<Vec<PostSummary>, ContentError> {
    let posts = load_posts(posts_dir)?;
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::with_capacity(posts.len() + 1);
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
    Ok(index.posts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(date: &str) -> String {
        format!("---\ntitle: T {date}\ndate: {date}\nsummary: S\n---\nBody\n")
    }

    #[test]
    fn writes_index_newest_first_and_one_file_per_post() {
        let src = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        fs::write(src.path().join("old.md"), post("2026-01-01")).unwrap();
        fs::write(src.path().join("new.md"), post("2026-02-01")).unwrap();
        fs::write(src.path().join("notes.txt"), "ignored").unwrap();

        let written = write_site(src.path(), out.path()).unwrap();
        let written: Vec<_> = written.iter().map(|p| p.slug.as_str()).collect();
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
    fn a_bad_post_writes_nothing() {
        let src = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        fs::write(src.path().join("good.md"), post("2026-01-01")).unwrap();
        fs::write(src.path().join("bad.md"), "no front matter").unwrap();

        let err = write_site(src.path(), out.path()).unwrap_err();
        assert!(err.to_string().contains("bad.md"), "{err}");
        assert!(!out.path().join("content").exists());
    }
}
