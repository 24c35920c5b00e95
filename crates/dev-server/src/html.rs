//! Text into the stack's hand-written pages (the dev mailbox, the fake consent page), escaped
//! by the project's one HTML escaper: pulldown-cmark's, which also renders the posts.

/// `text` with `&`, `<`, `>`, `"` and `'` escaped, safe in element content and in a quoted
/// attribute value.
///
/// ```
/// use dev_server::html::escape;
/// assert_eq!(escape(r#"<b class="x">&'</b>"#), "&lt;b class=&quot;x&quot;&gt;&amp;&#39;&lt;/b&gt;");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}
