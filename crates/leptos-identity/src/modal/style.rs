//! The modal carries its own CSS, added to the page once. It goes in as a
//! constructed stylesheet where the browser has them, which a strict
//! Content-Security-Policy allows without `'unsafe-inline'`.

use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};

const CSS: &str = include_str!("modal.css");
const MARKER: &str = "__leptosIdentityStyles";

/// Adds the widget's CSS to the document, once.
pub fn inject_styles() {
    let Some(document) = crate::browser::document() else {
        return;
    };
    if Reflect::has(&document, &MARKER.into()).unwrap_or(false) {
        return;
    }
    let _ = Reflect::set(&document, &MARKER.into(), &JsValue::TRUE);
    if adopt(&document).is_none() {
        if let (Ok(style), Some(head)) = (document.create_element("style"), document.head()) {
            style.set_text_content(Some(CSS));
            let _ = head.append_child(&style);
        }
    }
}

fn adopt(document: &web_sys::Document) -> Option<()> {
    let constructor = Reflect::get(&js_sys::global(), &"CSSStyleSheet".into()).ok()?;
    let constructor: js_sys::Function = constructor.dyn_into().ok()?;
    let sheet = Reflect::construct(&constructor, &Array::new()).ok()?;
    let replace: js_sys::Function = Reflect::get(&sheet, &"replaceSync".into())
        .ok()?
        .dyn_into()
        .ok()?;
    replace.call1(&sheet, &CSS.into()).ok()?;
    let adopted = Reflect::get(document, &"adoptedStyleSheets".into()).ok()?;
    let adopted: Array = adopted.dyn_into().ok()?;
    let next = Array::new();
    for sheet in adopted.iter() {
        next.push(&sheet);
    }
    next.push(&sheet);
    Reflect::set(document, &"adoptedStyleSheets".into(), &next).ok()?;
    Some(())
}
