//! What a moderator sends: an action on one comment, and which comments to list.

use serde::{Deserialize, Serialize};

use crate::comment::{CommentId, CommentStatus};

/// What a moderator can do to a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModerationAction {
    /// Hide a visible comment from readers.
    Hide,
    /// Show a hidden comment again.
    Restore,
    /// Erase the text for good.
    Delete,
}

/// Body of `POST moderate-comment`. Unknown fields are refused.
///
/// ```
/// use comment_wire::{ModerationAction, ModerationRequest};
/// let r: ModerationRequest = serde_json::from_str(r#"{"id":7,"action":"hide"}"#).unwrap();
/// assert_eq!(r.action, ModerationAction::Hide);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModerationRequest {
    /// The comment.
    pub id: CommentId,
    /// What to do with it.
    pub action: ModerationAction,
}

/// Which comments the moderation list shows (`?status=`); deleted ones are never listed.
///
/// The browser writes the query with [`ModerationFilter::as_query`], `moderate-comment` reads
/// it with [`ModerationFilter::from_query`]:
///
/// ```
/// use comment_wire::ModerationFilter;
/// let written = ModerationFilter::Hidden.as_query();
/// assert_eq!((ModerationFilter::QUERY_NAME, written), ("status", "hidden"));
/// assert_eq!(ModerationFilter::from_query(Some(written)), Ok(ModerationFilter::Hidden));
/// assert_eq!(ModerationFilter::from_query(None), Ok(ModerationFilter::All));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModerationFilter {
    /// Visible and hidden comments (the default).
    #[default]
    All,
    /// Only visible comments.
    Visible,
    /// Only hidden comments.
    Hidden,
}

/// A `status` query value that names no [`ModerationFilter`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`status` must be all, visible or hidden.")]
pub struct UnknownFilter;

impl ModerationFilter {
    /// The name of the query parameter that carries the filter.
    pub const QUERY_NAME: &'static str = "status";

    /// Every filter, in the order the moderation page offers them.
    pub const ALL: [Self; 3] = [Self::All, Self::Visible, Self::Hidden];

    /// The filter for a `status` query value.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_query() == value)
    }

    /// The filter a request asks for: its `status` value, or [`ModerationFilter::All`] when
    /// there is none.
    pub fn from_query(value: Option<&str>) -> Result<Self, UnknownFilter> {
        match value {
            None => Ok(Self::default()),
            Some(value) => Self::parse(value).ok_or(UnknownFilter),
        }
    }

    /// The `status` query value for this filter.
    pub fn as_query(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Visible => "visible",
            Self::Hidden => "hidden",
        }
    }

    /// The statuses this filter lets through.
    pub fn statuses(self) -> &'static [CommentStatus] {
        match self {
            Self::All => &[CommentStatus::Visible, CommentStatus::Hidden],
            Self::Visible => &[CommentStatus::Visible],
            Self::Hidden => &[CommentStatus::Hidden],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_filter_has_the_query_value_the_function_parses() {
        for filter in ModerationFilter::ALL {
            assert_eq!(ModerationFilter::parse(filter.as_query()), Some(filter));
            assert_eq!(
                ModerationFilter::from_query(Some(filter.as_query())),
                Ok(filter)
            );
        }
    }

    #[test]
    fn query_values_are_the_serde_names() {
        for filter in ModerationFilter::ALL {
            assert_eq!(
                serde_json::to_value(filter).unwrap(),
                serde_json::json!(filter.as_query())
            );
        }
    }

    #[test]
    fn a_missing_status_lists_all_and_an_unknown_one_is_refused() {
        assert_eq!(
            ModerationFilter::from_query(None),
            Ok(ModerationFilter::All)
        );
        for bad in ["", "deleted", "Hidden", "all "] {
            assert_eq!(
                ModerationFilter::from_query(Some(bad)),
                Err(UnknownFilter),
                "{bad:?}"
            );
        }
    }
}
