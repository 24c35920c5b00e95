//! The built blog as a reader meets it: served by the local stack, in headless
//! Chromium. A blank page (a broken wasm, a failed fetch) fails every test.

use std::time::Duration;

use crate::post_page;

use e2e::page::{click, find, screenshot, text, wait_gone, wait_text, WAIT};
use e2e::{open, Stack};
use fantoccini::{Client, Locator};
use serde_json::{json, Value};

fn built_json(path: &str) -> Value {
    let file = e2e::dist().join(path.trim_start_matches('/'));
    let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    serde_json::from_slice(&bytes).expect("built JSON")
}

#[tokio::test(flavor = "multi_thread")]
async fn home_lists_every_post_newest_first() {
    let (_stack, browser) = open("/").await;
    let client = &browser.client;
    let index = built_json("/content/posts.json");
    let posts = index["posts"].as_array().expect("posts array");
    assert!(posts.len() >= 3, "the blog ships at least three posts");

    text(client, ".post-card__title a").await;
    let titles = client
        .find_all(Locator::Css(".post-card__title a"))
        .await
        .expect("titles");
    assert_eq!(titles.len(), posts.len());
    for (element, post) in titles.iter().zip(posts) {
        assert_eq!(
            element.text().await.unwrap(),
            post["title"].as_str().unwrap()
        );
        let href = element.attr("href").await.unwrap().unwrap_or_default();
        assert_eq!(href, format!("/posts/{}", post["slug"].as_str().unwrap()));
    }
    let first_summary = text(client, ".post-card__summary").await;
    assert_eq!(first_summary, posts[0]["summary"].as_str().unwrap());
    let title = client.title().await.unwrap();
    assert_eq!(title, "Rust Identity Blog");
    screenshot(client, "home").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_link_on_the_home_page_opens_the_post() {
    let (stack, browser) = open("/").await;
    let client = &browser.client;
    let index = built_json("/content/posts.json");
    let summary = &index["posts"][1];
    let slug = summary["slug"].as_str().unwrap();

    let link = client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(&format!(
            ".post-card__title a[href='/posts/{slug}']"
        )))
        .await
        .expect("link to the second post");
    link.click().await.expect("click");

    let heading = text(client, "article.post h1").await;
    assert_eq!(heading, summary["title"].as_str().unwrap());
    assert_eq!(
        client.current_url().await.unwrap().as_str(),
        stack.url(&format!("/posts/{slug}"))
    );
    assert_eq!(
        client.title().await.unwrap(),
        format!("{heading} · Rust Identity Blog")
    );

    // The body shown is the post's own HTML, as the browser itself reads it.
    let post = built_json(&format!("/content/posts/{slug}.json"));
    let shown = text(client, ".post__body").await;
    assert_eq!(
        e2e::page::words(&shown),
        e2e::page::text_of_html(client, &post["html"]).await
    );
    assert!(shown.len() > 500, "a real post, not a stub: {shown:?}");
    screenshot(client, "post").await;

    // And back.
    client
        .find(Locator::Css(".post__footer a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    text(client, ".post-card__title a").await;
    assert_eq!(client.current_url().await.unwrap().as_str(), stack.url("/"));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_posts_and_paths_answer_404_with_the_404_page() {
    let stack = Stack::start(&e2e::dist()).await.expect("local stack");
    for path in [
        "/posts/no-such-post",
        "/posts/no-such-post/",
        "/nope",
        "/this/does/not/exist",
        "/posts",
    ] {
        let response = reqwest::get(stack.url(path)).await.expect(path);
        assert_eq!(response.status(), 404, "GET {path}");
        let html = response.text().await.expect("body");
        assert!(
            html.contains("<title>Page not found · Rust Identity Blog</title>"),
            "{path}: {html}"
        );
        assert!(
            html.contains(r#"data-identity-prerendered="*"><section class="not-found"><h1>Page not found</h1>"#),
            "{path}"
        );
        assert!(
            html.contains(r#"<meta name="robots" content="noindex">"#),
            "{path}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_post_shows_the_not_found_page() {
    let (_stack, browser) = open("/posts/no-such-post").await;
    let client = &browser.client;
    assert_eq!(text(client, ".not-found h1").await, "Page not found");
    assert_eq!(
        client.title().await.unwrap(),
        "Page not found · Rust Identity Blog"
    );
    // The 404 page needs no app.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let wasm = post_page::wasm_fetched(client).await;
    assert!(post_page::only_stage_one(&wasm), "{wasm:?}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_address_shows_the_not_found_page() {
    let (_stack, browser) = open("/this/does/not/exist").await;
    assert_eq!(
        text(&browser.client, ".not-found h1").await,
        "Page not found"
    );
    let back = browser
        .client
        .find(Locator::Css(".not-found a"))
        .await
        .unwrap();
    assert_eq!(back.attr("href").await.unwrap().as_deref(), Some("/"));
    browser.close().await;
}

/// The site's address the build wrote absolute links for: the sitemap's first `<loc>`
/// (the home page), without its `/`.
fn built_site_url() -> String {
    let file = e2e::dist().join("sitemap.xml");
    let map = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let loc = map
        .split("<loc>")
        .nth(1)
        .and_then(|rest| rest.split("</loc>").next())
        .expect("a <loc> in the sitemap");
    loc.trim_end_matches('/').to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_post_page_has_its_title_description_canonical_link_and_open_graph() {
    let (stack, browser) = open("/").await;
    let client = &browser.client;
    let site = built_site_url();
    let index = built_json("/content/posts.json");
    let posts = index["posts"].as_array().expect("posts array");
    for post in posts {
        let slug = post["slug"].as_str().unwrap();
        let (title, summary) = (
            post["title"].as_str().unwrap(),
            post["summary"].as_str().unwrap(),
        );
        client
            .goto(&stack.url(&format!("/posts/{slug}")))
            .await
            .expect("post page");
        text(client, "article.post h1").await;
        let head = client
            .execute(
                "const meta = (attr, name) => {
                   const el = document.head.querySelector(`meta[${attr}=\"${name}\"]`);
                   return el && el.content;
                 };
                 const canonical = document.head.querySelectorAll('link[rel=canonical]');
                 return {
                   title: document.title,
                   description: meta('name', 'description'),
                   canonical: [...canonical].map(l => l.getAttribute('href')),
                   og_title: meta('property', 'og:title'),
                   og_description: meta('property', 'og:description'),
                   og_url: meta('property', 'og:url'),
                   og_type: meta('property', 'og:type'),
                   og_site_name: meta('property', 'og:site_name'),
                 };",
                vec![],
            )
            .await
            .unwrap();
        let url = format!("{site}/posts/{slug}");
        assert_eq!(
            head,
            json!({
                "title": format!("{title} · Rust Identity Blog"),
                "description": summary,
                "canonical": [url],
                "og_title": title,
                "og_description": summary,
                "og_url": url,
                "og_type": "article",
                "og_site_name": "Rust Identity Blog",
            }),
            "{slug}"
        );
    }
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn once_the_app_runs_links_change_pages_without_a_reload() {
    let stack = Stack::start(&e2e::dist()).await.expect("local stack");
    let index = built_json("/content/posts.json");
    let (first, second) = (&index["posts"][0], &index["posts"][1]);
    let slug = first["slug"].as_str().unwrap().to_owned();
    drop(stack);
    let (stack, browser) = open(&format!("/posts/{slug}")).await;
    let client = &browser.client;
    // Stage one shows the comments; the first click that needs the app loads it.
    post_page::comments_loaded(client).await;
    click(client, ".ni-menu-login").await;
    wait_text(client, "#ni-title", "Log in").await;
    click(client, ".ni-close").await;
    wait_gone(client, "[role=dialog]").await;
    client
        .execute("window.__same_document = true", vec![])
        .await
        .unwrap();

    // To the home page and on to another post, in the app.
    find(client, ".post__footer a").await.click().await.unwrap();
    text(client, ".post-card__title a").await;
    assert_eq!(client.current_url().await.unwrap().as_str(), stack.url("/"));
    let second_slug = second["slug"].as_str().unwrap();
    find(
        client,
        &format!(".post-card__title a[href='/posts/{second_slug}']"),
    )
    .await
    .click()
    .await
    .unwrap();
    let heading = text(client, "article.post h1").await;
    assert_eq!(heading, second["title"].as_str().unwrap());
    assert_eq!(
        client.title().await.unwrap(),
        format!("{heading} · Rust Identity Blog")
    );
    post_page::comments_loaded(client).await;
    let same = client
        .execute("return window.__same_document === true", vec![])
        .await
        .unwrap();
    assert_eq!(same, Value::Bool(true), "a link reloaded the page");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn log_in_in_the_header_opens_the_login_dialog() {
    let (_stack, browser) = open("/").await;
    let client = &browser.client;
    text(client, ".post-card__title a").await;
    client
        .find(Locator::Css(".ni-menu-login"))
        .await
        .expect("a Log in button in the header")
        .click()
        .await
        .unwrap();
    let dialog = client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[role=dialog][aria-modal=true]"))
        .await
        .expect("the login dialog");
    assert_eq!(text(client, "#ni-title").await, "Log in");
    let focused = client
        .execute("return document.activeElement.getAttribute('name')", vec![])
        .await
        .unwrap();
    assert_eq!(focused, "email", "focus moves into the dialog");
    let email = dialog
        .find(Locator::Css("input[name=email]"))
        .await
        .unwrap();
    assert_eq!(
        email.attr("autocomplete").await.unwrap().as_deref(),
        Some("email")
    );
    // Let the entrance animation finish before the picture.
    tokio::time::sleep(Duration::from_millis(400)).await;
    screenshot(client, "login-modal").await;
    browser.close().await;
}

/// The slugs of `content/posts/*.md`, sorted: every list the build writes holds them all.
fn post_slugs() -> Vec<String> {
    let dir = e2e::workspace().join("content/posts");
    let mut slugs: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    slugs.sort();
    slugs
}

/// `GET path` on the stack: the media type (without parameters) and the body, after
/// checking that it answered 200.
async fn get_ok(stack: &Stack, path: &str) -> (String, String) {
    let response = reqwest::get(stack.url(path)).await.expect(path);
    assert_eq!(response.status(), 200, "GET {path}");
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let media_type = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    (media_type, response.text().await.expect("body"))
}

fn is_xml(media_type: &str) -> bool {
    matches!(media_type, "application/xml" | "text/xml") || media_type.ends_with("+xml")
}

/// Parses `xml` with the browser's own XML parser, then runs `reader` (JavaScript that
/// sees the document as `doc` and returns what the test reads). Panics with the parser's
/// message if the text is not well-formed XML.
async fn read_xml(client: &Client, xml: &str, reader: &str) -> Value {
    let script = format!(
        "const doc = new DOMParser().parseFromString(arguments[0], 'application/xml');
         const error = doc.getElementsByTagName('parsererror')[0];
         if (error) return {{ error: error.textContent }};
         const kids = (el, ns, name) => [...el.children].filter(c => c.namespaceURI === ns && c.localName === name);
         const text = (el, ns, name) => {{ const c = kids(el, ns, name)[0]; return c ? c.textContent : null; }};
         {reader}"
    );
    let value = client
        .execute(&script, vec![Value::from(xml)])
        .await
        .expect("run the XML parser");
    assert!(
        value.get("error").is_none(),
        "not well-formed XML: {value}\n{xml}"
    );
    value
}

/// An absolute http(s) URL with a single `/` wherever a path segment starts.
fn absolute(href: &Value) -> url::Url {
    let href = href.as_str().unwrap_or_else(|| panic!("no URL: {href}"));
    let url = url::Url::parse(href).unwrap_or_else(|e| panic!("{href} is not absolute: {e}"));
    assert!(matches!(url.scheme(), "http" | "https"), "{href}");
    assert!(!url.path().contains("//"), "doubled slash in {href}");
    url
}

#[tokio::test(flavor = "multi_thread")]
async fn the_feed_lists_every_post_newest_first_as_atom() {
    let (stack, browser) = open("/").await;
    let client = &browser.client;
    let (media_type, feed) = get_ok(&stack, "/feed.xml").await;
    assert!(is_xml(&media_type), "{media_type}");
    assert_eq!(media_type, "application/atom+xml");

    let feed = read_xml(
        client,
        &feed,
        "const atom = 'http://www.w3.org/2005/Atom';
         const link = (el, rel) => {
           const l = kids(el, atom, 'link').find(l => (l.getAttribute('rel') || 'alternate') === rel);
           return l ? l.getAttribute('href') : null;
         };
         const root = doc.documentElement;
         return {
           root: root.namespaceURI + ' ' + root.localName,
           id: text(root, atom, 'id'), title: text(root, atom, 'title'), updated: text(root, atom, 'updated'),
           self: link(root, 'self'), home: link(root, 'alternate'),
           author: kids(root, atom, 'author').map(a => text(a, atom, 'name'))[0] || null,
           entries: kids(root, atom, 'entry').map(e => ({
             id: text(e, atom, 'id'), title: text(e, atom, 'title'), link: link(e, 'alternate'),
             published: text(e, atom, 'published'), updated: text(e, atom, 'updated'),
             summary: text(e, atom, 'summary'), content: text(e, atom, 'content'),
           })),
         };",
    )
    .await;
    assert_eq!(feed["root"], "http://www.w3.org/2005/Atom feed");
    assert_eq!(feed["title"], client.title().await.unwrap().as_str());
    assert!(
        feed["author"].as_str().is_some_and(|name| !name.is_empty()),
        "{feed}"
    );
    let self_link = absolute(&feed["self"]);
    assert_eq!(self_link.path(), "/feed.xml");
    // Every URL is on the one configured origin (SITE_URL), whatever port this stack has.
    let origin = self_link.origin();
    for href in [&feed["id"], &feed["home"]] {
        let url = absolute(href);
        assert_eq!((url.origin(), url.path()), (origin.clone(), "/"), "{href}");
    }

    let index = built_json("/content/posts.json");
    let posts = index["posts"].as_array().expect("posts array");
    let mut listed: Vec<&str> = posts.iter().map(|p| p["slug"].as_str().unwrap()).collect();
    listed.sort_unstable();
    assert_eq!(
        listed,
        post_slugs(),
        "the index lists every post of content/posts/"
    );

    let entries = feed["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), posts.len(), "{feed}");
    assert_eq!(
        feed["updated"],
        format!("{}T00:00:00Z", posts[0]["date"].as_str().unwrap())
    );
    // In the index's order, newest first.
    for (entry, post) in entries.iter().zip(posts) {
        let slug = post["slug"].as_str().unwrap();
        for href in [&entry["id"], &entry["link"]] {
            let url = absolute(href);
            assert_eq!(
                (url.origin(), url.path()),
                (origin.clone(), format!("/posts/{slug}").as_str())
            );
        }
        let time = format!("{}T00:00:00Z", post["date"].as_str().unwrap());
        assert_eq!(
            (&entry["published"], &entry["updated"]),
            (&json!(time), &json!(time))
        );
        assert_eq!(entry["title"], post["title"]);
        assert_eq!(entry["summary"], post["summary"]);
        // The content is the post's own rendered HTML, once the XML escapes are read.
        let body = built_json(&format!("/content/posts/{slug}.json"));
        assert_eq!(entry["content"], body["html"], "{slug}");
    }
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sitemap_lists_the_home_page_and_every_post() {
    let (stack, browser) = open("/").await;
    let (media_type, sitemap) = get_ok(&stack, "/sitemap.xml").await;
    assert!(is_xml(&media_type), "{media_type}");

    let urls = read_xml(
        &browser.client,
        &sitemap,
        "const ns = 'http://www.sitemaps.org/schemas/sitemap/0.9';
         const root = doc.documentElement;
         if (root.namespaceURI !== ns || root.localName !== 'urlset') return { error: 'not a urlset: ' + root.localName };
         return kids(root, ns, 'url').map(u => [text(u, ns, 'loc'), text(u, ns, 'lastmod')]);",
    )
    .await;
    let urls = urls.as_array().expect("urls");
    let index = built_json("/content/posts.json");
    let posts = index["posts"].as_array().expect("posts array");
    assert_eq!(urls.len(), posts.len() + 1, "{urls:?}");

    let home = absolute(&urls[0][0]);
    assert_eq!(home.path(), "/");
    assert_eq!(
        urls[0][1], posts[0]["date"],
        "the home page changes with its newest post"
    );
    let mut listed = Vec::new();
    for (url, post) in urls[1..].iter().zip(posts) {
        let loc = absolute(&url[0]);
        assert_eq!(loc.origin(), home.origin());
        let slug = post["slug"].as_str().unwrap();
        assert_eq!(loc.path(), format!("/posts/{slug}"));
        assert_eq!(url[1], post["date"]);
        listed.push(slug.to_owned());
    }
    listed.sort();
    assert_eq!(listed, post_slugs(), "every post of content/posts/");
    browser.close().await;
}

/// The `href` and `title` of the page's Atom `<link rel="alternate">`, as the browser has it.
async fn feed_link(client: &Client) -> Value {
    client
        .execute(
            "const links = document.head.querySelectorAll('link[rel=alternate][type=\"application/atom+xml\"]');
             return [...links].map(l => [l.getAttribute('href'), l.title]);",
            vec![],
        )
        .await
        .expect("read the head")
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_links_the_feed() {
    let (stack, browser) = open("/").await;
    let client = &browser.client;
    let slug = e2e::first_post(&stack).await;
    let expected = json!([["/feed.xml", "Rust Identity Blog"]]);

    // In the HTML as served, for readers and crawlers that run no script…
    for path in ["/".to_owned(), format!("/posts/{slug}")] {
        let (media_type, html) = get_ok(&stack, &path).await;
        assert_eq!(media_type, "text/html", "{path}");
        assert!(
            html.contains(r#"<link rel="alternate" type="application/atom+xml""#),
            "{path}"
        );
    }
    // …and in the page once the app runs.
    text(client, ".post-card__title a").await;
    assert_eq!(feed_link(client).await, expected, "home page");
    client
        .goto(&stack.url(&format!("/posts/{slug}")))
        .await
        .expect("post page");
    text(client, "article.post h1").await;
    assert_eq!(feed_link(client).await, expected, "post page");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_post_on_a_phone_scrolls_its_code_not_the_page() {
    let (stack, browser) = open("/").await;
    let client = &browser.client;
    // A phone's viewport: ChromeDriver cannot make a window narrower than 500 px.
    e2e::cdp(
        client,
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": true }),
    )
    .await
    .expect("phone viewport");
    let index = built_json("/content/posts.json");
    let mut widest_code = (0, String::new());
    for post in index["posts"].as_array().expect("posts array") {
        let slug = post["slug"].as_str().unwrap();
        client
            .goto(&stack.url(&format!("/posts/{slug}")))
            .await
            .expect("post page");
        text(client, "article.post h1").await;
        find(client, ".comments").await;
        // The comments' first answer may change the layout.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let sizes = client
            .execute(
                "const page = document.documentElement;
                 const code = [...document.querySelectorAll('.post__body pre')];
                 return {
                   inner: innerWidth, client: page.clientWidth, scroll: page.scrollWidth,
                   code: code.map(pre => [pre.scrollWidth - pre.clientWidth, getComputedStyle(pre).overflowX,
                                          parseFloat(getComputedStyle(pre.querySelector('code') || pre).fontSize)]),
                 };",
                vec![],
            )
            .await
            .unwrap();
        // The layout viewport is the phone's. A phone zooms out to show a page wider
        // than itself, which widens `innerWidth` too: compare with `clientWidth`.
        assert_eq!(sizes["client"], 375, "{slug}: {sizes}");
        assert!(
            sizes["scroll"].as_i64() <= sizes["client"].as_i64(),
            "{slug} is wider than the phone: {sizes}"
        );
        assert_eq!(sizes["inner"], 375, "{slug}: the phone zoomed out: {sizes}");
        for code in sizes["code"].as_array().unwrap() {
            let hidden = code[0].as_i64().unwrap();
            if hidden > 0 {
                assert_eq!(
                    code[1], "auto",
                    "{slug}: a long code line must scroll: {sizes}"
                );
            }
            assert!(
                code[2].as_f64().unwrap() >= 13.0,
                "{slug}: code too small to read: {sizes}"
            );
            if hidden > widest_code.0 {
                widest_code = (hidden, slug.to_owned());
            }
        }
        if slug == widest_code.1 {
            client
                .execute(
                    "const pres = [...document.querySelectorAll('.post__body pre')];
                     pres.sort((a, b) => (b.scrollWidth - b.clientWidth) - (a.scrollWidth - a.clientWidth));
                     pres[0].scrollIntoView({ block: 'center' });",
                    vec![],
                )
                .await
                .unwrap();
            screenshot(client, "post-on-a-phone").await;
        }
    }
    assert!(
        widest_code.0 > 100,
        "no post has a code line much wider than a phone, so nothing was tested: {widest_code:?}"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_at_its_file_name_is_the_same_page_once_the_app_runs() {
    let stack = Stack::start(&e2e::dist()).await.expect("local stack");
    let admin = reqwest::get(stack.url("/admin.html"))
        .await
        .expect("admin.html");
    assert_eq!(
        admin.status(),
        403,
        "the moderation page's file is gated too"
    );
    drop(stack);
    let index = built_json("/content/posts.json");
    let post = &index["posts"][0];
    let slug = post["slug"].as_str().unwrap();
    // Stage one sees another path than the page's and hands it to the app at once.
    let (_stack, browser) = open(&format!("/posts/{slug}.html")).await;
    let client = &browser.client;
    post_page::comments_loaded(client).await;
    assert_eq!(
        text(client, "article.post h1").await,
        post["title"].as_str().unwrap()
    );
    assert!(post_page::absent(client, ".not-found").await);
    browser.close().await;
}
