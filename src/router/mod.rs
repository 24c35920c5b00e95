//! The site's routing: the page comes from the path, and same-origin links
//! change the path without a reload (History API), with back and forward.
//!
//! The site has four pages and one parameter, so this replaces leptos_router,
//! which cost about 46 KB (gzip -9) of the wasm. What it keeps from it: every
//! same-origin `<a>` navigates on the client (post bodies included) unless it
//! has a `target`, `download` or `rel="external"`, or a modifier key or another
//! button is used; a new page scrolls to the top, or to the element the `#hash`
//! names; `data-noscroll` keeps the scroll position.

mod link;
mod route;

pub use link::Link;
pub use route::{is_current, post_slug, Route};

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlAnchorElement, MouseEvent};

/// The path the browser shows, in context under a [`Router`].
#[derive(Debug, Clone, Copy)]
pub struct Location {
    path: RwSignal<String>,
}

impl Location {
    /// The current `location.pathname`.
    pub fn path(self) -> Signal<String> {
        self.path.into()
    }
}

/// The current [`Location`].
///
/// # Panics
/// Outside a [`Router`].
pub fn use_location() -> Location {
    expect_context()
}

/// The page the current path shows; changes only when the page does.
pub fn use_route() -> Memo<Route> {
    let location = use_location();
    Memo::new(move |_| location.path.with(|path| Route::of(path)))
}

/// The `:slug` of `/posts/:slug`, or `""` elsewhere.
pub fn use_post_slug() -> Memo<String> {
    let location = use_location();
    Memo::new(move |_| {
        location
            .path
            .with(|path| post_slug(path).unwrap_or_default().to_owned())
    })
}

/// Provides the [`Location`] to `children`, and keeps it in step with link
/// clicks and the browser's back and forward buttons.
#[component]
pub fn Router(children: Children) -> impl IntoView {
    let path = RwSignal::new(current_path());
    provide_context(Location { path });
    let click = window_event_listener(ev::click, move |event| {
        if let Some(link) = same_site_link(&event) {
            event.prevent_default();
            navigate(path, &link);
        } else {
            // Left to the browser, or to another script that may have pushed
            // an address of its own.
            set_if_changed(path, current_path());
        }
    });
    let popstate = window_event_listener(ev::popstate, move |_| {
        set_if_changed(path, current_path());
    });
    on_cleanup(move || {
        click.remove();
        popstate.remove();
    });
    children()
}

/// A click that the site handles itself: the primary button with no modifier,
/// on an `<a>` to one of this site's pages that opens in this tab. Files,
/// endpoints (`/.netlify/…`) and unknown paths load as the browser would, and
/// a link to a `#fragment` of the page shown is left to the browser so that
/// `hashchange` and `:target` work (the identity widget reads tokens from
/// `hashchange`).
fn same_site_link(event: &MouseEvent) -> Option<HtmlAnchorElement> {
    if event.default_prevented()
        || event.button() != 0
        || event.meta_key()
        || event.alt_key()
        || event.ctrl_key()
        || event.shift_key()
    {
        return None;
    }
    let anchor = event
        .composed_path()
        .iter()
        .find_map(|target| target.dyn_into::<HtmlAnchorElement>().ok())?;
    let location = window().location();
    let external = anchor
        .rel()
        .split_ascii_whitespace()
        .any(|part| part.eq_ignore_ascii_case("external"));
    let target = anchor.target();
    let other_tab = !(target.is_empty() || target.eq_ignore_ascii_case("_self"));
    let fragment_here = !anchor.hash().is_empty()
        && location.pathname().ok()? == anchor.pathname()
        && location.search().ok()? == anchor.search();
    let leaves = other_tab
        || anchor.href().is_empty()
        || anchor.has_attribute("download")
        || external
        || fragment_here
        || anchor.origin() != location.origin().ok()?
        || Route::of(&anchor.pathname()) == Route::NotFound;
    (!leaves).then_some(anchor)
}

/// Pushes the link's URL (unless it is the current one), shows its page, then
/// scrolls to the `#hash` element, else to the top.
fn navigate(path: RwSignal<String>, link: &HtmlAnchorElement) {
    let to = format!("{}{}{}", link.pathname(), link.search(), link.hash());
    let location = window().location();
    let here = format!(
        "{}{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
        location.hash().unwrap_or_default()
    );
    if to != here {
        if let Ok(history) = window().history() {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&to));
        }
    }
    set_if_changed(path, current_path());
    let scroll = !link.has_attribute("noscroll") && !link.has_attribute("data-noscroll");
    // After the new page is on screen.
    request_animation_frame(move || scroll_to_hash_or_top(scroll));
}

/// How often, 100 ms apart, the element a `#fragment` names is looked for: a post's
/// comments, say, arrive after the page.
const FRAGMENT_TRIES: u32 = 30;

fn scroll_to_hash_or_top(scroll: bool) {
    if scroll {
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }
    if let Some(id) = fragment_id() {
        scroll_to_element(id, FRAGMENT_TRIES);
    }
}

/// Scrolls to the element `id` once it is there, while the address still names it.
fn scroll_to_element(id: String, tries_left: u32) {
    if fragment_id().as_deref() != Some(id.as_str()) {
        return;
    }
    if let Some(element) = document().get_element_by_id(&id) {
        element.scroll_into_view();
    } else if tries_left > 0 {
        set_timeout(
            move || scroll_to_element(id, tries_left - 1),
            std::time::Duration::from_millis(100),
        );
    }
}

/// The decoded `#fragment` of the address, if it has one.
fn fragment_id() -> Option<String> {
    let hash = window().location().hash().ok()?;
    let id = hash.strip_prefix('#').filter(|id| !id.is_empty())?;
    Some(
        js_sys::decode_uri(id)
            .ok()
            .and_then(|decoded| decoded.as_string())
            .unwrap_or_else(|| id.to_owned()),
    )
}

fn current_path() -> String {
    window()
        .location()
        .pathname()
        .unwrap_or_else(|_| "/".into())
}

fn set_if_changed(path: RwSignal<String>, new: String) {
    if path.with_untracked(|old| *old != new) {
        path.set(new);
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::components::test_support::{mount, sleep};
    use wasm_bindgen_test::*;
    use web_sys::{HtmlElement, MouseEventInit};

    wasm_bindgen_test_configure!(run_in_browser);

    fn anchor(host: &HtmlElement, selector: &str) -> HtmlElement {
        host.query_selector(selector)
            .unwrap()
            .unwrap()
            .unchecked_into()
    }

    /// A click as a reader makes it, with `ctrl` held or not. Its default
    /// action is cancelled after the router saw it, so a link the router leaves
    /// alone does not take the test page away.
    fn click(element: &HtmlElement, ctrl: bool) {
        let stop = window_event_listener(ev::click, |event| event.prevent_default());
        let init = MouseEventInit::new();
        init.set_bubbles(true);
        init.set_cancelable(true);
        init.set_ctrl_key(ctrl);
        let event = MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
        element.dispatch_event(&event).unwrap();
        stop.remove();
    }

    #[wasm_bindgen_test]
    async fn links_navigate_in_place_and_back_returns() {
        let start = current_path();
        let host = mount(|| {
            view! {
                <Router>
                    <Link href="/posts/router-test-a" class="to-a">"A"</Link>
                    <p class="path">{move || use_location().path().get()}</p>
                </Router>
            }
        })
        .await;
        let link = anchor(&host, ".to-a");
        assert_eq!(link.get_attribute("aria-current"), None);

        click(&link, false);
        sleep(20).await;
        assert_eq!(current_path(), "/posts/router-test-a");
        let shown = host.query_selector(".path").unwrap().unwrap();
        assert_eq!(
            shown.text_content().as_deref(),
            Some("/posts/router-test-a")
        );
        assert_eq!(link.get_attribute("aria-current").as_deref(), Some("page"));

        window().history().unwrap().back().unwrap();
        sleep(100).await;
        assert_eq!(current_path(), start);
        assert_eq!(shown.text_content(), Some(start));
        assert_eq!(link.get_attribute("aria-current"), None);
    }

    #[wasm_bindgen_test]
    async fn a_fragment_that_arrives_after_the_page_is_scrolled_to() {
        let host = mount(|| {
            view! {
                <Router>
                    <Link href="/posts/router-test-late#late" class="to-late">"late"</Link>
                </Router>
            }
        })
        .await;
        window().scroll_to_with_x_and_y(0.0, 0.0);
        click(&anchor(&host, ".to-late"), false);
        sleep(250).await;
        // The element comes later, below a long page, as comments do.
        let spacer = document().create_element("div").unwrap();
        spacer.set_attribute("style", "height: 5000px").unwrap();
        let late = document().create_element("p").unwrap();
        late.set_id("late");
        late.set_text_content(Some("here"));
        host.append_child(&spacer).unwrap();
        host.append_child(&late).unwrap();
        sleep(300).await;
        assert!(window().scroll_y().unwrap() > 1000.0);
        window().history().unwrap().back().unwrap();
        sleep(100).await;
        spacer.remove();
        late.remove();
    }

    #[wasm_bindgen_test]
    async fn links_that_leave_or_open_elsewhere_are_left_to_the_browser() {
        let start = current_path();
        let start_hash = window().location().hash().unwrap();
        let host = mount(|| {
            view! {
                <Router>
                    <a class="external" href="/posts/x" rel="nofollow\nExternal">"x"</a>
                    <a class="download" href="/posts/x" download>"x"</a>
                    <a class="blank" href="/posts/x" target="_blank">"x"</a>
                    <a class="away" href="https://example.com/posts/x">"x"</a>
                    <a class="file" href="/content/posts.json">"x"</a>
                    <a class="endpoint" href="/.netlify/identity/settings">"x"</a>
                    <a class="fragment" href="#recovery_token=abc">"x"</a>
                    <a class="plain" href="/posts/x">"x"</a>
                    <a class="self" href="/posts/y" target="_self">"x"</a>
                </Router>
            }
        })
        .await;
        for selector in [
            ".external",
            ".download",
            ".blank",
            ".away",
            ".file",
            ".endpoint",
            ".fragment",
        ] {
            click(&anchor(&host, selector), false);
            assert_eq!(current_path(), start, "{selector} was taken over");
            let hash = window().location().hash().unwrap();
            assert_eq!(hash, start_hash, "{selector} was taken over");
        }
        click(&anchor(&host, ".plain"), true);
        assert_eq!(current_path(), start, "a ctrl-click was taken over");
        // `_self` is this tab: the router navigates.
        click(&anchor(&host, ".self"), false);
        assert_eq!(current_path(), "/posts/y");
        window().history().unwrap().back().unwrap();
        sleep(100).await;
    }
}
