//! `IdentityMenu`'s markup, as `leptos-identity` renders it, so stage two takes
//! over a menu that looks and reads the same.

use identity_core::stage::Visitor;
use web_sys::Element;

const LOGGED_OUT: &str = concat!(
    r#"<li><button type="button" class="ni-menu-signup">Sign up</button></li>"#,
    r#"<li><button type="button" class="ni-menu-login">Log in</button></li>"#,
);

const LOGGED_IN: &str = concat!(
    r#"<li class="ni-menu-user">Welcome, <bdi class="ni-menu-name"></bdi></li>"#,
    r#"<li><button type="button" class="ni-menu-logout">Log out</button></li>"#,
);

/// Fills `menu` for `visitor`. The name goes in as text, never as markup.
pub fn render(menu: &Element, visitor: Option<&Visitor>) {
    match visitor {
        None => menu.set_inner_html(LOGGED_OUT),
        Some(visitor) => {
            menu.set_inner_html(LOGGED_IN);
            if let Ok(Some(name)) = menu.query_selector(".ni-menu-name") {
                name.set_text_content(Some(&visitor.name));
            }
        }
    }
}

/// The class that names a menu button (`ni-menu-login`, or the JS widget's
/// `netlify-identity-login`, …), to click the same button once stage two is there.
pub fn button_class(button: &Element) -> Option<String> {
    let classes = button.class_list();
    (0..classes.length())
        .filter_map(|i| classes.item(i))
        .find(|class| class.starts_with("ni-menu-") || class.starts_with("netlify-identity-"))
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn menu() -> Element {
        let document = web_sys::window().unwrap().document().unwrap();
        document.create_element("ul").unwrap()
    }

    #[wasm_bindgen_test]
    fn logged_out_offers_sign_up_and_log_in() {
        let menu = menu();
        render(&menu, None);
        assert_eq!(menu.text_content().as_deref(), Some("Sign upLog in"));
        let login = menu
            .query_selector("button.ni-menu-login")
            .unwrap()
            .unwrap();
        assert_eq!(button_class(&login).as_deref(), Some("ni-menu-login"));
    }

    #[wasm_bindgen_test]
    fn logged_in_welcomes_by_name_as_text() {
        let menu = menu();
        let visitor = Visitor {
            name: "<img src=x onerror=alert(1)>".into(),
            roles: vec![],
        };
        render(&menu, Some(&visitor));
        assert_eq!(
            menu.text_content().as_deref(),
            Some("Welcome, <img src=x onerror=alert(1)>Log out")
        );
        assert!(menu.query_selector("img").unwrap().is_none());
        assert!(menu
            .query_selector("button.ni-menu-logout")
            .unwrap()
            .is_some());
    }
}
