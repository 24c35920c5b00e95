//! Stage one's life: render, follow other tabs, load stage two when needed,
//! and step aside when it arrives.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use identity_core::hash::parse_fragment;
use identity_core::stage::{
    Visitor, APP_FAILED_EVENT, APP_META, BESIDE_EVENT, HANDOVER_EVENT, MENU_ATTR, SESSION_EVENT,
};
use identity_core::wire::STORAGE_KEY;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    AddEventListenerOptions, Document, Element, Event, EventTarget, HtmlDocument, HtmlElement,
    StorageEvent, Window,
};

use crate::netlify;
use crate::page::{CLICK_ATTR, WAKE_ATTR};
use crate::{menu, page, session, Beside, Extra};

/// How often, and how long apart, stage one looks for stage two's button to
/// replay a click on (stage two may render its menu a moment after mounting).
const REPLAY_TRIES: u32 = 40;
const REPLAY_EVERY_MS: i32 = 50;

/// `sessionStorage` key: this tab already reloaded once because stage two
/// would not load.
const RELOADED: &str = "identity-shell.reloaded";

/// Renders a page's other controls for a visitor (see [`Shell::beside_the_page`]).
pub type RenderControls = Box<dyn Fn(Option<&Visitor>)>;

/// An event listener stage one removes when stage two arrives.
type Listener = (EventTarget, &'static str, Closure<dyn FnMut(Event)>);

/// What the click that woke stage two asked for, done again in stage two's page.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Intent {
    /// A menu button (`button.ni-menu-login`), or what a `data-identity-click`
    /// element names: the element stage two renders there is focused and clicked.
    Click(String),
    /// A `data-identity-wake` button: the element its selector names is scrolled into view.
    Reveal(String),
}

/// Stage one on one page.
pub struct Shell {
    window: Window,
    document: Document,
    /// What the menu shows now; `None` before the first render.
    shown: RefCell<Option<Option<Visitor>>>,
    /// What the click that woke stage two asked for.
    intent: RefCell<Option<Intent>>,
    loading: Cell<bool>,
    /// Loads of stage two started, so a retry asks for a fresh module.
    attempts: Cell<u32>,
    listeners: RefCell<Vec<Listener>>,
    /// Renders the JS widget's controls on the page (`data-netlify-identity-*`), in the
    /// binary that has them.
    controls: RefCell<Option<RenderControls>>,
    /// Readies this page for a stage two beside it, in the binary that has that.
    beside: Option<Beside>,
    /// Stage two has mounted (over the page or beside it).
    handed_over: Cell<bool>,
    /// What this page's stage one does besides the session (the comments).
    extra: Extra,
}

impl Shell {
    pub fn new(
        window: Window,
        document: Document,
        extra: Extra,
        beside: Option<Beside>,
    ) -> Rc<Self> {
        Rc::new(Self {
            controls: RefCell::new(None),
            beside,
            handed_over: Cell::new(false),
            window,
            document,
            extra,
            shown: RefCell::new(None),
            intent: RefCell::new(None),
            loading: Cell::new(false),
            attempts: Cell::new(0),
            listeners: RefCell::new(Vec::new()),
        })
    }

    pub fn start(self: Rc<Self>) {
        let path = self.window.location().pathname().unwrap_or_default();
        let foreign = page::clear_foreign_prerender(&self.document, &path);
        let now = page::wants_stage_two_now(&self.document);
        let window: EventTarget = self.window.clone().into();

        let shell = Rc::clone(&self);
        self.listen(&window, "storage", move |event| {
            let key = event.dyn_ref::<StorageEvent>().and_then(StorageEvent::key);
            // `None` is `localStorage.clear()`.
            if key.is_none() || key.as_deref() == Some(STORAGE_KEY) {
                shell.render();
            }
        });
        let shell = Rc::clone(&self);
        self.listen(&self.document.clone().into(), "click", move |event| {
            shell.on_click(&event);
        });
        // Focus in a box only stage two can fill (the comment box, by keyboard too).
        let shell = Rc::clone(&self);
        self.listen(&self.document.clone().into(), "focusin", move |event| {
            shell.on_focus(&event);
        });
        // A link to `/#invite_token=…` opened on `/` changes only the hash.
        let shell = Rc::clone(&self);
        self.listen(&window, "hashchange", move |_| {
            if shell.hash_is_for_identity() {
                shell.load_stage_two();
            }
        });
        let shell = Rc::clone(&self);
        self.listen(&window, APP_FAILED_EVENT, move |_| shell.stage_two_failed());
        let shell = Rc::clone(&self);
        self.once(HANDOVER_EVENT, move || {
            shell.hand_over();
        });
        if let Some(beside) = self.beside {
            beside(&self);
        }

        // After the listeners, so the menu answers a click as soon as it shows.
        self.render();
        if !foreign {
            (self.extra)(&self.window, &self.document);
        }

        // Email links and OAuth returns land with tokens in the hash: stage two
        // reads them, so it is needed now; so is a page prerendered elsewhere, a
        // frame only stage two can fill, and a session a server left in cookies.
        if foreign || now || self.hash_is_for_identity() || self.cookie_session_waits() {
            self.load_stage_two();
        }
    }

    /// Nothing stored, but a session a server made in `nf_jwt` and `nf_refresh`.
    fn cookie_session_waits(&self) -> bool {
        let cookie = self
            .document
            .dyn_ref::<HtmlDocument>()
            .and_then(|document| document.cookie().ok())
            .unwrap_or_default();
        let shown = self.shown.borrow();
        let stored = shown.as_ref().and_then(Option::as_ref);
        session::adopts_cookie_session(stored, &cookie)
    }

    fn hash_is_for_identity(&self) -> bool {
        let hash = self.window.location().hash().unwrap_or_default();
        parse_fragment(&hash).is_some()
    }

    /// Shows the stored session; leaves the DOM alone when nothing changed, so
    /// focus stays where it is.
    fn render(&self) {
        let visitor = session::stored_visitor(&self.window);
        let previous = self.shown.borrow_mut().replace(visitor.clone());
        match previous {
            Some(shown) if shown == visitor => return,
            // Someone else now: a click meant for the last menu is void.
            Some(_) => *self.intent.borrow_mut() = None,
            None => {}
        }
        for menu_element in page::all(&self.document, &format!("[{MENU_ATTR}]")) {
            menu::render(&menu_element, visitor.as_ref());
        }
        if let Some(render) = self.controls.borrow().as_ref() {
            render(visitor.as_ref());
        }
        page::apply_show_rules(&self.document, visitor.as_ref());
    }

    fn on_click(self: &Rc<Self>, event: &Event) {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let buttons = format!(
            "{}, button[{WAKE_ATTR}], [{CLICK_ATTR}]",
            in_controls("button")
        );
        let Ok(Some(button)) = target.closest(&buttons) else {
            return;
        };
        event.prevent_default();
        let intent = match (
            button.get_attribute(WAKE_ATTR),
            button.get_attribute(CLICK_ATTR),
        ) {
            (Some(selector), _) => Some(Intent::Reveal(selector)),
            (None, Some(selector)) => Some(Intent::Click(selector)),
            (None, None) => {
                menu::button_class(&button).map(|c| Intent::Click(format!("button.{c}")))
            }
        };
        self.wake(&button, intent);
    }

    /// Focus in a `data-identity-click` field wakes stage two as a click does.
    fn on_focus(self: &Rc<Self>, event: &Event) {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        if target.tag_name() == "BUTTON" {
            return;
        }
        if let Some(selector) = target.get_attribute(CLICK_ATTR) {
            self.wake(&target, Some(Intent::Click(selector)));
        }
    }

    fn wake(self: &Rc<Self>, element: &Element, intent: Option<Intent>) {
        // Feedback while the app loads: on a slow network that is a while.
        let _ = element.set_attribute("aria-busy", "true");
        *self.intent.borrow_mut() = intent;
        self.load_stage_two();
    }

    /// Adds `<script type="module" src=…>` for the module in
    /// `<meta name="identity-app">`, once (again only after it failed).
    fn load_stage_two(self: &Rc<Self>) {
        if self.loading.replace(true) {
            return;
        }
        let src = self
            .document
            .query_selector(&format!("meta[name=\"{APP_META}\"]"))
            .ok()
            .flatten()
            .and_then(|meta| meta.get_attribute("content"));
        let Some(mut src) = src else {
            web_sys::console::warn_1(&JsValue::from_str(
                "identity-shell: no <meta name=\"identity-app\">, so no stage two to load",
            ));
            return;
        };
        let attempt = self.attempts.get() + 1;
        self.attempts.set(attempt);
        if attempt > 1 {
            // A module URL runs once per page, even after its wasm failed.
            src.push_str(if src.contains('?') { "&" } else { "?" });
            src.push_str(&format!("retry={attempt}"));
        }
        let Ok(script) = self.document.create_element("script") else {
            return;
        };
        let _ = script.set_attribute("type", "module");
        let _ = script.set_attribute("src", &src);
        let shell = Rc::clone(self);
        let failed = Closure::once_into_js(move |_: Event| shell.stage_two_failed());
        let _ = script.add_event_listener_with_callback("error", failed.unchecked_ref());
        if let Some(head) = self.document.head() {
            let _ = head.append_child(&script);
        }
    }

    /// Stage two did not load. A tab left open across a deploy asks for files
    /// that are gone, so the page itself reloads, once; offline, or after that,
    /// the menu works again and the next click tries again.
    fn stage_two_failed(&self) {
        let online = self.window.navigator().on_line();
        let storage = self.window.session_storage().ok().flatten();
        let reloaded = storage
            .as_ref()
            .and_then(|s| s.get_item(RELOADED).ok().flatten())
            .is_some();
        if online && !reloaded {
            if let Some(storage) = storage {
                let _ = storage.set_item(RELOADED, "1");
                let _ = self.window.location().reload();
                return;
            }
        }
        self.loading.set(false);
        self.clear_busy();
    }

    /// Ends the feedback of [`Shell::wake`] on every control.
    fn clear_busy(&self) {
        let busy = format!(
            "{}, [{WAKE_ATTR}][aria-busy], [{CLICK_ATTR}][aria-busy]",
            in_controls("[aria-busy]")
        );
        for busy in page::all(&self.document, &busy) {
            let _ = busy.remove_attribute("aria-busy");
        }
    }

    /// The page stage one runs on.
    pub fn document(&self) -> &Document {
        &self.document
    }

    /// Renders the page's other controls with `controls`, and readies stage one for a
    /// stage two mounted beside the page: once it is, stage two answers the controls'
    /// clicks and stage one goes on rendering them for the session it tells of.
    pub fn beside_the_page(self: &Rc<Self>, controls: RenderControls) {
        *self.controls.borrow_mut() = Some(controls);
        let shell = Rc::clone(self);
        self.once(BESIDE_EVENT, move || {
            if shell.hand_over() {
                shell.clear_busy();
                let again = Rc::clone(&shell);
                shell.listen(&shell.window.clone().into(), SESSION_EVENT, move |_| {
                    again.render();
                });
                shell.render();
            }
        });
    }

    /// Stage two is mounted: stop listening and replay the click that woke it,
    /// after stage two's own dispatch has returned. False if it already was.
    fn hand_over(self: &Rc<Self>) -> bool {
        if self.handed_over.replace(true) {
            return false;
        }
        for (target, kind, callback) in self.listeners.borrow_mut().drain(..) {
            let _ =
                target.remove_event_listener_with_callback(kind, callback.as_ref().unchecked_ref());
        }
        if let Ok(Some(storage)) = self.window.session_storage() {
            let _ = storage.remove_item(RELOADED);
        }
        if let Some(intent) = self.intent.borrow_mut().take() {
            replay(
                self.window.clone(),
                self.document.clone(),
                intent,
                REPLAY_TRIES,
            );
        }
        true
    }

    /// Calls `callback` the first time the window sees `kind`.
    fn once(&self, kind: &str, callback: impl FnOnce() + 'static) {
        let options = AddEventListenerOptions::new();
        options.set_once(true);
        let callback = Closure::once_into_js(move |_: Event| callback());
        let _ = self
            .window
            .add_event_listener_with_callback_and_add_event_listener_options(
                kind,
                callback.unchecked_ref(),
                &options,
            );
    }

    fn listen(
        &self,
        target: &EventTarget,
        kind: &'static str,
        callback: impl FnMut(Event) + 'static,
    ) {
        let callback = Closure::<dyn FnMut(Event)>::new(callback);
        let _ = target.add_event_listener_with_callback(kind, callback.as_ref().unchecked_ref());
        self.listeners
            .borrow_mut()
            .push((target.clone(), kind, callback));
    }
}

/// A selector for what matches `inner` in the page's identity controls, ours
/// and the JS widget's.
fn in_controls(inner: &str) -> String {
    format!(
        "[{MENU_ATTR}] {inner}, [{menu}] {inner}, [{button}] {inner}",
        menu = netlify::MENU_ATTR,
        button = netlify::BUTTON_ATTR
    )
}

/// Does `intent` in stage two's page as soon as its element is there (focuses
/// and clicks the element, or scrolls to what a wake button named), from a task
/// of its own.
fn replay(window: Window, document: Document, intent: Intent, tries: u32) {
    let again = window.clone();
    let attempt = Closure::once_into_js(move || {
        let selector = match &intent {
            Intent::Click(selector) | Intent::Reveal(selector) => selector.clone(),
        };
        let element = document
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|b| b.dyn_into::<HtmlElement>().ok());
        match (element, &intent) {
            (Some(button), Intent::Click(_)) => {
                // Focused first, so the modal gives focus back to it when it closes.
                let _ = button.focus();
                button.click();
            }
            (Some(element), Intent::Reveal(_)) => element.scroll_into_view(),
            (None, _) if tries > 0 => replay(again, document, intent, tries - 1),
            (None, _) => {}
        }
    });
    let delay = if tries == REPLAY_TRIES {
        0
    } else {
        REPLAY_EVERY_MS
    };
    let _ = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(attempt.unchecked_ref(), delay);
}
