//! Stage one's life: render, follow other tabs, load stage two when needed,
//! and step aside when it arrives.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use identity_core::hash::parse_fragment;
use identity_core::stage::{Visitor, APP_META, HANDOVER_EVENT, MENU_ATTR};
use identity_core::wire::STORAGE_KEY;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Event, EventTarget, HtmlElement, StorageEvent, Window};

use crate::{menu, page, session};

/// How often, and how long apart, stage one looks for stage two's button to
/// replay a click on (stage two may render its menu a moment after mounting).
const REPLAY_TRIES: u32 = 40;
const REPLAY_EVERY_MS: i32 = 50;

/// An event listener stage one removes when stage two arrives.
type Listener = (EventTarget, &'static str, Closure<dyn FnMut(Event)>);

/// Stage one on one page.
pub struct Shell {
    window: Window,
    document: Document,
    /// What the menu shows now; `None` before the first render.
    shown: RefCell<Option<Option<Visitor>>>,
    /// The menu button whose click woke stage two.
    intent: RefCell<Option<String>>,
    loading: Cell<bool>,
    listeners: RefCell<Vec<Listener>>,
}

impl Shell {
    pub fn new(window: Window, document: Document) -> Rc<Self> {
        Rc::new(Self {
            window,
            document,
            shown: RefCell::new(None),
            intent: RefCell::new(None),
            loading: Cell::new(false),
            listeners: RefCell::new(Vec::new()),
        })
    }

    pub fn start(self: Rc<Self>) {
        let path = self.window.location().pathname().unwrap_or_default();
        let foreign = page::clear_foreign_prerender(&self.document, &path);

        let shell = Rc::clone(&self);
        self.listen(self.window.clone().into(), "storage", move |event| {
            let key = event.dyn_ref::<StorageEvent>().and_then(StorageEvent::key);
            // `None` is `localStorage.clear()`.
            if key.is_none() || key.as_deref() == Some(STORAGE_KEY) {
                shell.render();
            }
        });
        let shell = Rc::clone(&self);
        self.listen(self.document.clone().into(), "click", move |event| {
            shell.on_click(&event);
        });
        // A link to `/#invite_token=…` opened on `/` changes only the hash.
        let shell = Rc::clone(&self);
        self.listen(self.window.clone().into(), "hashchange", move |_| {
            if shell.hash_is_for_identity() {
                shell.load_stage_two();
            }
        });
        let shell = Rc::clone(&self);
        let handover = Closure::once_into_js(move |_: Event| shell.hand_over());
        let _ = self
            .window
            .add_event_listener_with_callback(HANDOVER_EVENT, handover.unchecked_ref());

        // After the listeners, so the menu answers a click as soon as it shows.
        self.render();

        // Email links and OAuth returns land with tokens in the hash: stage two
        // reads them, so it is needed now; so is a page prerendered elsewhere.
        if foreign || self.hash_is_for_identity() {
            self.load_stage_two();
        }
    }

    fn hash_is_for_identity(&self) -> bool {
        let hash = self.window.location().hash().unwrap_or_default();
        parse_fragment(&hash).is_some()
    }

    /// Shows the stored session; leaves the DOM alone when nothing changed, so
    /// focus stays where it is.
    fn render(&self) {
        let visitor = session::stored_visitor(&self.window);
        if self.shown.borrow().as_ref() == Some(&visitor) {
            return;
        }
        for menu_element in page::all(&self.document, &format!("[{MENU_ATTR}]")) {
            menu::render(&menu_element, visitor.as_ref());
        }
        page::apply_show_rules(&self.document, visitor.as_ref());
        *self.shown.borrow_mut() = Some(visitor);
    }

    fn on_click(self: &Rc<Self>, event: &Event) {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let Ok(Some(button)) = target.closest(&format!("[{MENU_ATTR}] button")) else {
            return;
        };
        event.prevent_default();
        // Feedback while the app loads: on a slow network that is a while.
        let _ = button.set_attribute("aria-busy", "true");
        *self.intent.borrow_mut() = menu::button_class(&button);
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
        let Some(src) = src else {
            web_sys::console::warn_1(&JsValue::from_str(
                "identity-shell: no <meta name=\"identity-app\">, so no stage two to load",
            ));
            return;
        };
        let Ok(script) = self.document.create_element("script") else {
            return;
        };
        let _ = script.set_attribute("type", "module");
        let _ = script.set_attribute("src", &src);
        // Offline, say: the menu works again, and the next click tries again.
        let shell = Rc::clone(self);
        let failed = Closure::once_into_js(move |_: Event| {
            shell.loading.set(false);
            for busy in page::all(&shell.document, &format!("[{MENU_ATTR}] [aria-busy]")) {
                let _ = busy.remove_attribute("aria-busy");
            }
        });
        let _ = script.add_event_listener_with_callback("error", failed.unchecked_ref());
        if let Some(head) = self.document.head() {
            let _ = head.append_child(&script);
        }
    }

    /// Stage two is mounted: stop listening and replay the click that woke it.
    fn hand_over(&self) {
        for (target, kind, callback) in self.listeners.borrow_mut().drain(..) {
            let _ =
                target.remove_event_listener_with_callback(kind, callback.as_ref().unchecked_ref());
        }
        if let Some(class) = self.intent.borrow_mut().take() {
            replay(
                self.window.clone(),
                self.document.clone(),
                class,
                REPLAY_TRIES,
            );
        }
    }

    fn listen(
        &self,
        target: EventTarget,
        kind: &'static str,
        callback: impl FnMut(Event) + 'static,
    ) {
        let callback = Closure::<dyn FnMut(Event)>::new(callback);
        let _ = target.add_event_listener_with_callback(kind, callback.as_ref().unchecked_ref());
        self.listeners.borrow_mut().push((target, kind, callback));
    }
}

/// Clicks stage two's `.class` button as soon as it is there.
fn replay(window: Window, document: Document, class: String, tries: u32) {
    let button = document
        .query_selector(&format!("button.{class}"))
        .ok()
        .flatten()
        .and_then(|b| b.dyn_into::<HtmlElement>().ok());
    if let Some(button) = button {
        // Focused first, so the modal gives focus back to it when it closes.
        let _ = button.focus();
        button.click();
        return;
    }
    if tries == 0 {
        return;
    }
    let again = window.clone();
    let retry = Closure::once_into_js(move || replay(again, document, class, tries - 1));
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
        retry.unchecked_ref(),
        REPLAY_EVERY_MS,
    );
}
