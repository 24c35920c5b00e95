//! Which posts exist, so comments cannot be filed under a slug nobody reads.

use std::collections::BTreeSet;
use std::path::Path;

/// The set of post slugs comments may belong to.
///
/// The functions never guess: a slug that is not known is refused. Implement this for any
/// source of truth; [`PostSlugs`] covers the site's `content/posts.json` and fixed lists.
pub trait KnownPosts: Send + Sync {
    /// Whether `slug` names a published post.
    fn contains(&self, slug: &str) -> bool;
}

/// Why the post index could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PostsError {
    /// The file could not be read.
    #[error("cannot read the post index {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not a post index.
    #[error("the post index is not valid: {0}")]
    Json(#[from] serde_json::Error),
}

/// A fixed set of slugs.
///
/// ```
/// use functions::{KnownPosts, PostSlugs};
/// let posts = PostSlugs::from_index_json(r#"{"posts":[{"slug":"hello","title":"Hello",
///     "date":"2026-11-01","summary":""}]}"#).unwrap();
/// assert!(posts.contains("hello"));
/// assert!(!posts.contains("nope"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostSlugs(BTreeSet<String>);

impl PostSlugs {
    /// The given slugs.
    pub fn from_slugs<I, S>(slugs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self(slugs.into_iter().map(Into::into).collect())
    }

    /// The slugs of the site's post index (`content/posts.json`, written by the `content` crate).
    pub fn from_index_json(json: &str) -> Result<Self, PostsError> {
        let index: content::PostIndex = serde_json::from_str(json)?;
        Ok(Self::from_slugs(index.posts.into_iter().map(|p| p.slug)))
    }

    /// Reads a post index file.
    pub fn load(path: &Path) -> Result<Self, PostsError> {
        let json = std::fs::read_to_string(path).map_err(|source| PostsError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_index_json(&json)
    }

    /// How many posts there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl KnownPosts for PostSlugs {
    fn contains(&self, slug: &str) -> bool {
        self.0.contains(slug)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_index_is_an_error_not_an_empty_set() {
        assert!(PostSlugs::from_index_json("[]").is_err());
        assert!(PostSlugs::from_index_json("{").is_err());
    }

    #[test]
    fn missing_file_names_the_path() {
        let err = PostSlugs::load(Path::new("/nonexistent/posts.json")).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/posts.json"));
    }
}
