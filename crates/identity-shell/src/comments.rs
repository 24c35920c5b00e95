//! A list of comments under a prerendered post, shown without the app.
//!
//! The page carries the section's frame and a `<template>` of one comment
//! (`crates/content/src/render/pages.rs`, the markup of the blog's `Comments`);
//! stage one fetches the answer of `list-comments` for the slug the section
//! names, clones the template for each comment and fills in its text, as text:
//! stage one writes no markup of its own, and nothing a commenter wrote can
//! become markup. The answers are left on `window` for the app, which shows the
//! same list when it takes over instead of fetching it again.
//!
//! `comment_wire::CommentPage` is the definition of the answer; as for the
//! stored session, serde would cost stage one most of its budget, so the
//! browser's `JSON.parse` reads it and this module refuses what that type
//! refuses. Both readers are tested against the same fixtures
//! (`crates/comment-wire/fixtures/comment-pages.json`).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Date, Object, Reflect, JSON};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Event, HtmlTemplateElement, Response, Window};

use crate::page;

/// The public list function (`comment_wire::LIST_PATH`).
const LIST_PATH: &str = "/.netlify/functions/list-comments";

/// On the comments `<section>`: the slug of the post whose comments it shows.
pub const FOR_ATTR: &str = "data-comments-for";

/// `window[HANDOFF]`: `{ post, pages }`, the slug and every `list-comments`
/// answer stage one showed, as text, in order; the blog's app reads it
/// (`src/components/comments/api.rs`).
pub const HANDOFF: &str = "__identityShellComments";

/// One comment as stage one shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownComment {
    pub id: i64,
    pub author: String,
    pub body: String,
    pub created_at: String,
}

/// One page of `list-comments`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownPage {
    pub comments: Vec<ShownComment>,
    pub next_cursor: Option<String>,
}

/// Reads an answer of `list-comments`; `None` for anything `CommentPage`
/// would refuse (a missing or mistyped field, a fractional id, an unknown status).
pub fn page_from_json(raw: &str) -> Option<ShownPage> {
    let page = JSON::parse(raw).ok().filter(is_record)?;
    let comments: Array = field(&page, "comments")?.dyn_into().ok()?;
    let next_cursor = match field(&page, "next_cursor").filter(|v| !v.is_null()) {
        Some(cursor) => Some(cursor.as_string()?),
        None => None,
    };
    let mut shown = Vec::new();
    for c in comments.iter() {
        shown.push(comment(&c)?);
    }
    let comments = shown;
    Some(ShownPage {
        comments,
        next_cursor,
    })
}

fn comment(value: &JsValue) -> Option<ShownComment> {
    if !is_record(value) {
        return None;
    }
    let id = field(value, "id")?
        .as_f64()
        .filter(|n| n.fract() == 0.0 && *n >= i64::MIN as f64 && *n < i64::MAX as f64)?
        as i64;
    text(value, "post")?;
    let author = field(value, "author").filter(is_record)?;
    text(&author, "id")?;
    let status = text(value, "status")?;
    if !matches!(status.as_str(), "visible" | "hidden" | "deleted") {
        return None;
    }
    Some(ShownComment {
        id,
        author: text(&author, "name")?,
        body: text(value, "body")?,
        created_at: text(value, "created_at")?,
    })
}

fn is_record(value: &JsValue) -> bool {
    value.is_object() && !Array::is_array(value)
}

fn field(object: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(object, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined())
}

fn text(object: &JsValue, key: &str) -> Option<String> {
    field(object, key)?.as_string()
}

/// The heading over the list (the app's `count_label`).
pub fn count_label(shown: usize, more: bool) -> String {
    match (shown, more) {
        (0, false) => "No comments yet".to_owned(),
        (1, false) => "1 comment".to_owned(),
        (n, false) => format!("{n} comments"),
        (n, true) => format!("{n}+ comments"),
    }
}

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

/// `26 November 2026 at 14:05` in the zone `offset_minutes` east of UTC (the
/// app's `readable_date`, which takes the offset of now for every date); text
/// that is not an RFC 3339 time is shown as it came.
pub fn readable_date(rfc3339: &str, offset_minutes: f64) -> String {
    let b = rfc3339.as_bytes();
    let shaped = b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && matches!(b[10], b'T' | b't' | b' ')
        && b[13] == b':';
    let ms = Date::parse(rfc3339);
    if !shaped || ms.is_nan() {
        return rfc3339.to_owned();
    }
    // Whole seconds, as the app drops the fraction before it shifts the zone.
    let local = Date::new(&JsValue::from_f64(
        (ms / 1000.0).floor() * 1000.0 + offset_minutes * 60_000.0,
    ));
    let year = local.get_utc_full_year();
    let month = MONTHS.get(local.get_utc_month() as usize);
    match month {
        Some(month) if (1000..=9999).contains(&year) => format!(
            "{} {month} {year} at {:02}:{:02}",
            local.get_utc_date(),
            local.get_utc_hours(),
            local.get_utc_minutes()
        ),
        _ => rfc3339.to_owned(),
    }
}

/// Minutes the browser's zone is east of UTC, now.
fn local_offset_minutes() -> f64 {
    -Date::new_0().get_timezone_offset()
}

/// What the reader is told when a page of comments could not be loaded (the
/// app's `load_message`).
pub fn failure_message(status: Option<u16>, body: &str) -> String {
    let Some(status) = status else {
        return "Comments could not be loaded: you seem to be offline.".to_owned();
    };
    match status {
        500..=599 => format!("Comments could not be loaded: the server failed ({status})."),
        400..=499 => {
            // The comment API's `ErrorBody`: its message is for readers.
            let message = JSON::parse(body)
                .ok()
                .filter(|e| text(e, "error").is_some())
                .and_then(|e| text(&e, "message"));
            let message =
                message.unwrap_or_else(|| format!("The server refused the request ({status})."));
            format!("Comments could not be loaded. {message}")
        }
        200..=299 => "Comments could not be loaded. The server sent an unexpected answer \
                      (unreadable comments). Try again."
            .to_owned(),
        _ => format!(
            "Comments could not be loaded. The server sent an unexpected answer \
             (status {status}). Try again."
        ),
    }
}

/// Starts every comment list on the page.
pub fn start(window: &Window, document: &Document) {
    for section in page::all(document, &format!("[{FOR_ATTR}]")) {
        let slug = section.get_attribute(FOR_ATTR).unwrap_or_default();
        let list = Rc::new(List {
            window: window.clone(),
            section,
            slug,
            next_cursor: RefCell::new(None),
            answers: Array::new(),
            shown: Cell::new(0),
            busy: Cell::new(false),
        });
        list.listen();
        list.load();
    }
}

/// One comment list and the pages it showed.
struct List {
    window: Window,
    section: Element,
    slug: String,
    next_cursor: RefCell<Option<String>>,
    /// Every answer shown, as text, for the app.
    answers: Array,
    shown: Cell<usize>,
    busy: Cell<bool>,
}

impl List {
    fn find(&self, selector: &str) -> Option<Element> {
        self.section.query_selector(selector).ok().flatten()
    }

    /// "Show more comments" and "Try again".
    fn listen(self: &Rc<Self>) {
        let list = Rc::clone(self);
        let on_click = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
            let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
                return;
            };
            let asked = target
                .closest("[data-comments-more], [data-comments-retry]")
                .ok()
                .flatten();
            if asked.is_some() {
                list.load();
            }
        });
        let _ = self
            .section
            .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        // The section lives as long as the page (the app replaces it whole).
        on_click.forget();
    }

    /// Asks for the page after the last one shown (the first page at first).
    fn load(self: &Rc<Self>) {
        if self.busy.replace(true) {
            return;
        }
        if let Some(error) = self.find(".comments__error") {
            error.remove();
        }
        let cursor = self.next_cursor.borrow().clone();
        let mut url = format!(
            "{LIST_PATH}?post={}",
            String::from(js_sys::encode_uri_component(&self.slug))
        );
        match &cursor {
            Some(cursor) => {
                url.push_str("&cursor=");
                url.push_str(&String::from(js_sys::encode_uri_component(cursor)));
                self.more_busy(true);
            }
            None => self.show("[data-comments-loading]", true),
        }

        let list = Rc::clone(self);
        let on_response = Closure::once(move |response: JsValue| list.read(response));
        let list = Rc::clone(self);
        let offline = Closure::once(move |_: JsValue| list.done(None, ""));
        let _ = self
            .window
            .fetch_with_str(&url)
            .then2(&on_response, &offline);
        // Each runs at most once; the other is dropped with the page.
        on_response.forget();
        offline.forget();
    }

    fn read(self: &Rc<Self>, response: JsValue) {
        let Ok(response) = response.dyn_into::<Response>() else {
            return self.done(None, "");
        };
        let status = response.status();
        let Ok(body) = response.text() else {
            return self.done(None, "");
        };
        let list = Rc::clone(self);
        let on_text = Closure::once(move |body: JsValue| {
            list.done(Some(status), &body.as_string().unwrap_or_default())
        });
        let list = Rc::clone(self);
        let offline = Closure::once(move |_: JsValue| list.done(None, ""));
        let _ = body.then2(&on_text, &offline);
        on_text.forget();
        offline.forget();
    }

    fn done(&self, status: Option<u16>, body: &str) {
        self.busy.set(false);
        self.show("[data-comments-loading]", false);
        self.more_busy(false);
        let page = match status {
            Some(200..=299) => page_from_json(body),
            _ => None,
        };
        match page {
            Some(page) => self.add(page, body),
            None => self.fail(&failure_message(status, body)),
        }
    }

    fn add(&self, page: ShownPage, raw: &str) {
        let template = self
            .find("template[data-comments-item]")
            .and_then(|t| t.dyn_into::<HtmlTemplateElement>().ok());
        let (Some(template), Some(list)) = (template, self.find("ol.comment-list")) else {
            return;
        };
        let offset = local_offset_minutes();
        for comment in &page.comments {
            let id = format!("comment-{}", comment.id);
            if self.find(&format!("#{id}")).is_some() {
                continue;
            }
            let Some(item) = template
                .content()
                .first_element_child()
                .and_then(|item| item.clone_node_with_deep(true).ok())
                .and_then(|item| item.dyn_into::<Element>().ok())
            else {
                return;
            };
            item.set_id(&id);
            let fill = |selector: &str, value: &str| {
                if let Ok(Some(element)) = item.query_selector(selector) {
                    element.set_text_content(Some(value));
                }
            };
            fill(".comment__author", &comment.author);
            fill(".comment__body", &comment.body);
            fill(
                ".comment__date",
                &readable_date(&comment.created_at, offset),
            );
            if let Ok(Some(date)) = item.query_selector(".comment__date") {
                let _ = date.set_attribute("datetime", &comment.created_at);
            }
            if list.append_child(&item).is_ok() {
                self.shown.set(self.shown.get() + 1);
            }
        }
        let _ = list.toggle_attribute_with_force("hidden", self.shown.get() == 0);
        let more = page.next_cursor.is_some();
        *self.next_cursor.borrow_mut() = page.next_cursor;
        self.show("[data-comments-more]", more);
        if let Some(heading) = self.find(".comments__title") {
            heading.set_text_content(Some(&count_label(self.shown.get(), more)));
        }
        self.answers.push(&JsValue::from_str(raw));
        let handoff = Object::new();
        let _ = Reflect::set(&handoff, &"post".into(), &JsValue::from_str(&self.slug));
        let _ = Reflect::set(&handoff, &"pages".into(), &self.answers);
        let _ = Reflect::set(&self.window, &HANDOFF.into(), &handoff);
    }

    /// The error box, from its template, where the app puts it: before "Show more".
    fn fail(&self, message: &str) {
        self.show("[data-comments-more]", false);
        if let Some(shown) = self.find(".comments__error") {
            shown.remove();
        }
        let template = self
            .find("template[data-comments-error]")
            .and_then(|t| t.dyn_into::<HtmlTemplateElement>().ok());
        let Some(error) = template
            .and_then(|t| t.content().first_element_child())
            .and_then(|e| e.clone_node_with_deep(true).ok())
            .and_then(|e| e.dyn_into::<Element>().ok())
        else {
            return;
        };
        if let Ok(Some(p)) = error.query_selector("p") {
            p.set_text_content(Some(message));
        }
        let _ = self.section.insert_before(
            &error,
            self.find("[data-comments-more]").as_ref().map(|e| e as _),
        );
    }

    fn show(&self, selector: &str, shown: bool) {
        if let Some(element) = self.find(selector) {
            let _ = element.toggle_attribute_with_force("hidden", !shown);
        }
    }

    /// "Show more comments" while its page loads: "Loading…", disabled.
    fn more_busy(&self, busy: bool) {
        let Some(more) = self.find("[data-comments-more]") else {
            return;
        };
        let _ = more.toggle_attribute_with_force("disabled", busy);
        let _ = more.set_attribute("aria-busy", if busy { "true" } else { "false" });
        more.set_text_content(Some(if busy {
            "Loading…"
        } else {
            "Show more comments"
        }));
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    const FIXTURES: &str = include_str!("../../comment-wire/fixtures/comment-pages.json");

    /// The same cases `comment-wire` reads with serde: both readers agree.
    #[wasm_bindgen_test]
    fn reads_every_fixture_page_as_the_serde_type_does() {
        let cases: Array = JSON::parse(FIXTURES).unwrap().dyn_into().unwrap();
        assert!(cases.length() >= 20);
        for case in cases.iter() {
            let name = text(&case, "case").unwrap();
            let answer = text(&case, "answer").unwrap();
            let expected = field(&case, "page").filter(|v| !v.is_null()).map(|page| {
                let comments: Array = field(&page, "comments").unwrap().dyn_into().unwrap();
                ShownPage {
                    comments: comments
                        .iter()
                        .map(|c| ShownComment {
                            id: field(&c, "id").unwrap().as_f64().unwrap() as i64,
                            author: text(&field(&c, "author").unwrap(), "name").unwrap(),
                            body: text(&c, "body").unwrap(),
                            created_at: text(&c, "created_at").unwrap(),
                        })
                        .collect(),
                    next_cursor: text(&page, "next_cursor"),
                }
            });
            assert_eq!(page_from_json(&answer), expected, "case {name}");
        }
    }

    #[wasm_bindgen_test]
    fn dates_and_counts_read_as_the_app_writes_them() {
        assert_eq!(
            readable_date("2026-11-26T14:05:09.123456Z", 0.0),
            "26 November 2026 at 14:05"
        );
        assert_eq!(
            readable_date("2026-12-31T23:30:00Z", 90.0),
            "1 January 2027 at 01:00"
        );
        assert_eq!(
            readable_date("2026-01-01T00:10:00Z", -60.0),
            "31 December 2025 at 23:10"
        );
        assert_eq!(readable_date("yesterday", 0.0), "yesterday");
        assert_eq!(readable_date("2026-11-26", 0.0), "2026-11-26");
        assert_eq!(count_label(0, false), "No comments yet");
        assert_eq!(count_label(1, false), "1 comment");
        assert_eq!(count_label(20, true), "20+ comments");
    }

    #[wasm_bindgen_test]
    fn failures_are_worded_as_the_app_words_them() {
        assert_eq!(
            failure_message(None, ""),
            "Comments could not be loaded: you seem to be offline."
        );
        assert_eq!(
            failure_message(Some(503), "{}"),
            "Comments could not be loaded: the server failed (503)."
        );
        assert_eq!(
            failure_message(
                Some(404),
                r#"{"error":"unknown_post","message":"No such post."}"#
            ),
            "Comments could not be loaded. No such post."
        );
        assert_eq!(
            failure_message(Some(413), "too big"),
            "Comments could not be loaded. The server refused the request (413)."
        );
    }

    fn section(html: &str) -> (Window, Element) {
        let window = web_sys::window().unwrap();
        let document = window.document().unwrap();
        let host = document.create_element("div").unwrap();
        host.set_inner_html(html);
        document.body().unwrap().append_child(&host).unwrap();
        (window, host)
    }

    fn frame() -> String {
        concat!(
            r#"<section class="comments" data-comments-for="x">"#,
            r#"<h2 class="comments__title">Comments</h2><ol class="comment-list" hidden></ol>"#,
            r#"<p data-comments-loading hidden>Loading comments…</p>"#,
            r#"<button data-comments-more hidden>Show more comments</button>"#,
            r#"<template data-comments-item><li class="comment"><bdi class="comment__author"></bdi>"#,
            r#"<time class="comment__date"></time><p class="comment__body"></p></li></template>"#,
            r#"<template data-comments-error><div class="comments__error"><p></p>"#,
            r#"<button data-comments-retry>Try again</button></div></template></section>"#,
        )
        .to_owned()
    }

    fn new_list(window: &Window, host: &Element) -> Rc<List> {
        Rc::new(List {
            window: window.clone(),
            section: host.query_selector("section").unwrap().unwrap(),
            slug: "x".into(),
            next_cursor: RefCell::new(None),
            answers: Array::new(),
            shown: Cell::new(0),
            busy: Cell::new(false),
        })
    }

    #[wasm_bindgen_test]
    fn comments_are_cloned_from_the_template_as_text_and_handed_to_the_app() {
        let (window, host) = section(&frame());
        let list = new_list(&window, &host);
        let raw = r#"{"comments":[{"id":2,"post":"x","author":{"id":"u","name":"<b>M</b>"},
            "body":"<img src=x onerror=alert(1)>","created_at":"2026-11-26T14:05:09Z","status":"visible"}],
            "next_cursor":"c"}"#;
        list.done(Some(200), raw);
        let item = host
            .query_selector("ol:not([hidden]) > li#comment-2")
            .unwrap()
            .unwrap();
        assert!(host.query_selector("img, b").unwrap().is_none());
        let body = item.query_selector(".comment__body").unwrap().unwrap();
        assert_eq!(body.text_content().unwrap(), "<img src=x onerror=alert(1)>");
        let date = item.query_selector("time").unwrap().unwrap();
        assert_eq!(
            date.get_attribute("datetime").unwrap(),
            "2026-11-26T14:05:09Z"
        );
        let heading = host.query_selector(".comments__title").unwrap().unwrap();
        assert_eq!(heading.text_content().unwrap(), "1+ comments");
        assert!(!host
            .query_selector("[data-comments-more]")
            .unwrap()
            .unwrap()
            .has_attribute("hidden"));
        // The same comment in a later page is not shown twice.
        list.done(
            Some(200),
            &raw.replace(r#""next_cursor":"c""#, r#""next_cursor":null"#),
        );
        assert_eq!(host.query_selector_all("li.comment").unwrap().length(), 1);
        assert_eq!(heading.text_content().unwrap(), "1 comment");
        let handoff = Reflect::get(&window, &HANDOFF.into()).unwrap();
        assert_eq!(text(&handoff, "post").as_deref(), Some("x"));
        let pages: Array = field(&handoff, "pages").unwrap().dyn_into().unwrap();
        assert_eq!(pages.length(), 2);
        host.remove();
    }

    #[wasm_bindgen_test]
    fn no_comments_and_a_failure_show_as_the_app_shows_them() {
        let (window, host) = section(&frame());
        let list = new_list(&window, &host);
        list.done(Some(200), r#"{"comments":[]}"#);
        let heading = host.query_selector(".comments__title").unwrap().unwrap();
        assert_eq!(heading.text_content().unwrap(), "No comments yet");
        assert!(host.query_selector("ol[hidden]").unwrap().is_some());
        host.remove();

        let (window, host) = section(&frame());
        let list = new_list(&window, &host);
        list.done(Some(502), "<html>Bad gateway</html>");
        let error = host
            .query_selector("section > .comments__error")
            .unwrap()
            .unwrap();
        assert_eq!(
            error
                .query_selector("p")
                .unwrap()
                .unwrap()
                .text_content()
                .unwrap(),
            "Comments could not be loaded: the server failed (502)."
        );
        let heading = host.query_selector(".comments__title").unwrap().unwrap();
        assert_eq!(heading.text_content().unwrap(), "Comments");
        // A 200 that is not a page is a failure too, not an empty list.
        list.done(Some(200), r#"{"comments":"none"}"#);
        assert_eq!(
            host.query_selector_all(".comments__error")
                .unwrap()
                .length(),
            1
        );
        assert!(host.query_selector("li.comment").unwrap().is_none());
        host.remove();
    }
}
