//! The list of comments under a post, and the pure helpers that word it.

use comment_wire::Comment;
use leptos::prelude::*;

use leptos_identity::identity_core::time::UnixTime;

/// The heading over the list: how many comments are shown, with a `+` while more of them
/// wait behind "Show more".
///
/// ```
/// use blog::components::comments::list::count_label;
/// assert_eq!(count_label(0, false), "No comments yet");
/// assert_eq!(count_label(1, false), "1 comment");
/// assert_eq!(count_label(20, true), "20+ comments");
/// ```
pub fn count_label(shown: usize, more: bool) -> String {
    match (shown, more) {
        (0, false) => "No comments yet".to_owned(),
        (1, false) => "1 comment".to_owned(),
        (n, false) => format!("{n} comments"),
        (n, true) => format!("{n}+ comments"),
    }
}

/// A comment's time as a reader expects it, `26 November 2026 at 14:05`, in the zone
/// `offset_minutes` east of UTC. Text that is not RFC 3339 is shown as it came.
///
/// ```
/// use blog::components::comments::list::readable_date;
/// assert_eq!(readable_date("2026-11-26T14:05:09.5Z", 0), "26 November 2026 at 14:05");
/// assert_eq!(readable_date("2026-11-26T23:30:00Z", 60), "27 November 2026 at 00:30");
/// ```
pub fn readable_date(rfc3339: &str, offset_minutes: i64) -> String {
    let local = UnixTime::parse_rfc3339(rfc3339).ok().and_then(|time| {
        UnixTime {
            secs: time.secs.checked_add(offset_minutes * 60)?,
            nanos: 0,
        }
        .to_rfc3339()
        .ok()
    });
    // `YYYY-MM-DDTHH:MM:SSZ`, always ASCII.
    let parsed = local.and_then(|text| {
        let day = content::readable_day(&text)?;
        let time = text.get(11..16)?;
        Some(format!("{day} at {time}"))
    });
    parsed.unwrap_or_else(|| rfc3339.to_owned())
}

/// Minutes the browser's time zone is east of UTC, now.
pub fn local_offset_minutes() -> i64 {
    // `getTimezoneOffset` counts the other way: minutes to add to local time to get UTC.
    -(js_sys::Date::new_0().get_timezone_offset() as i64)
}

/// The comments, oldest first. Bodies are text nodes: markup in a comment is shown, never run.
#[component]
pub fn CommentList(
    /// The comments to show, in order.
    #[prop(into)]
    comments: Signal<Vec<Comment>>,
) -> impl IntoView {
    view! {
        <ol class="comment-list">
            <For each=move || comments.get() key=|comment| comment.id let:comment>
                <CommentItem comment />
            </For>
        </ol>
    }
}

#[component]
fn CommentItem(comment: Comment) -> impl IntoView {
    let when = comment.created_at.as_str().to_owned();
    let readable = readable_date(&when, local_offset_minutes());
    view! {
        <li class="comment" id=format!("comment-{}", comment.id)>
            <p class="comment__meta">
                <bdi class="comment__author">{comment.author.name}</bdi>
                " · "
                <time class="comment__date" datetime=when>{readable}</time>
            </p>
            <p class="comment__body">{comment.body}</p>
        </li>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::components::test_support::mount;
    use comment_wire::{Author, CommentPage, CommentStatus};
    use leptos_identity::identity_core::time::Timestamp;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn comment(id: i64, name: &str, body: &str) -> Comment {
        Comment {
            id,
            post: "hello".into(),
            author: Author {
                id: format!("u{id}"),
                name: name.into(),
            },
            body: body.into(),
            created_at: Timestamp::new("2026-11-26T14:05:09Z"),
            status: CommentStatus::Visible,
        }
    }

    #[wasm_bindgen_test]
    async fn a_malicious_body_shows_as_text_and_runs_nothing() {
        let page = CommentPage {
            comments: vec![
                comment(1, "Jane", "First!"),
                comment(2, "<b>Mallory</b>", "<img src=x onerror=alert(1)>"),
            ],
            next_cursor: None,
        };
        let host = mount(move || view! { <CommentList comments=page.comments.clone() /> }).await;

        let items = host
            .query_selector_all("ol.comment-list > li.comment")
            .unwrap();
        assert_eq!(items.length(), 2);
        assert!(host.query_selector("img").unwrap().is_none());
        assert!(host.query_selector("b").unwrap().is_none());
        let bodies = host.query_selector_all(".comment__body").unwrap();
        let second = bodies.item(1).unwrap();
        assert_eq!(
            second.text_content().as_deref(),
            Some("<img src=x onerror=alert(1)>")
        );
        let author = host
            .query_selector("#comment-2 .comment__author")
            .unwrap()
            .unwrap();
        assert_eq!(author.text_content().as_deref(), Some("<b>Mallory</b>"));
    }

    #[wasm_bindgen_test]
    async fn each_comment_has_a_machine_readable_time() {
        let comments = vec![comment(7, "Jane", "Hi")];
        let host = mount(move || view! { <CommentList comments=comments.clone() /> }).await;
        let time = host.query_selector("time.comment__date").unwrap().unwrap();
        assert_eq!(
            time.get_attribute("datetime").as_deref(),
            Some("2026-11-26T14:05:09Z")
        );
        let shown = time.text_content().unwrap_or_default();
        assert!(shown.contains("November 2026 at"), "{shown}");
    }

    #[wasm_bindgen_test]
    fn count_label_reads_naturally() {
        assert_eq!(count_label(0, false), "No comments yet");
        assert_eq!(count_label(1, false), "1 comment");
        assert_eq!(count_label(3, false), "3 comments");
        assert_eq!(count_label(20, true), "20+ comments");
    }

    #[wasm_bindgen_test]
    fn dates_are_spelled_out_in_the_readers_zone() {
        assert_eq!(
            readable_date("2026-11-26T14:05:09.123456Z", 0),
            "26 November 2026 at 14:05"
        );
        assert_eq!(
            readable_date("2026-12-31T23:30:00Z", 90),
            "1 January 2027 at 01:00"
        );
        assert_eq!(
            readable_date("2026-01-01T00:10:00Z", -60),
            "31 December 2025 at 23:10"
        );
        assert_eq!(readable_date("yesterday", 0), "yesterday");
    }
}
