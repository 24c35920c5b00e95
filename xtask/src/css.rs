//! The site's stylesheet, minified after Trunk: every page downloads it on a first
//! visit, and its comments and indentation were a quarter of its gzip size.
//!
//! Trunk could minify it (`minify = "on_release"`), but only together with the HTML
//! and the JS: its JS minifier refuses wasm-bindgen's glue, and its HTML minifier
//! rewrites the page `pages.rs` takes apart. So the stylesheet is minified here and
//! named after the minified text (cached for a year, a name must never serve an old
//! text, even if only this minifier changed), and the page's link to it is swapped
//! for one to the new file, with its `integrity`.

use std::path::Path;

use anyhow::Context;

/// Minifies every stylesheet `index` links to in `dir` into a file named after its
/// text, and gives back `index` linking to those.
pub fn minify_linked(dir: &Path, index: &str) -> anyhow::Result<String> {
    let mut index = index.to_owned();
    for href in stylesheets(&index) {
        let path = dir.join(href.trim_start_matches('/'));
        let source = std::fs::read_to_string(&path).with_context(|| {
            format!("cannot read {}, which index.html links to", path.display())
        })?;
        let minified = minify(&source);
        let renamed = hashed_name(&href, &crate::pages::short_hash(&[minified.as_bytes()]));
        std::fs::write(dir.join(renamed.trim_start_matches('/')), &minified)
            .with_context(|| format!("cannot write {renamed} in {}", dir.display()))?;
        std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        index = index
            .replace(
                &format!(r#"href="{href}""#),
                &format!(r#"href="{renamed}""#),
            )
            .replace(
                &crate::pages::integrity(source.as_bytes()),
                &crate::pages::integrity(minified.as_bytes()),
            );
    }
    Ok(index)
}

/// `/main-<Trunk's hash>.css` as `/main-<hash>.css`.
fn hashed_name(href: &str, hash: &str) -> String {
    let stem = href.strip_suffix(".css").unwrap_or(href);
    let stem = stem.rsplit_once('-').map_or(stem, |(stem, _)| stem);
    format!("{stem}-{hash}.css")
}

/// The `href` of every `<link rel="stylesheet">` Trunk wrote.
fn stylesheets(html: &str) -> Vec<String> {
    html.split("<link ")
        .skip(1)
        .filter_map(|tag| {
            let tag = tag.split('>').next()?;
            if !tag.contains(r#"rel="stylesheet""#) {
                return None;
            }
            let (_, rest) = tag.split_once(r#"href=""#)?;
            Some(rest.split('"').next()?.to_owned())
        })
        .collect()
}

/// `css` without comments and without the whitespace no token needs: runs of
/// whitespace become one space, and none is kept next to `{ } ; , >` or after `:`.
/// A space before `:` stays (`a :hover` is not `a:hover`), strings are kept as they
/// are, and the last `;` of a block goes.
///
/// ```text
/// a ,  b > c {  color:  red ;  }   →   a,b>c{color:red}
/// ```
pub fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    // Whitespace (or a comment) was skipped since the last character written.
    let mut gap = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = '\0';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                gap = true;
            }
            c if c.is_whitespace() => gap = true,
            '"' | '\'' => {
                push_gap(&mut out, &mut gap, c);
                out.push(c);
                let mut escaped = false;
                for inner in chars.by_ref() {
                    out.push(inner);
                    match inner {
                        _ if escaped => escaped = false,
                        '\\' => escaped = true,
                        _ if inner == c => break,
                        _ => {}
                    }
                }
            }
            '}' => {
                if out.ends_with(';') {
                    out.pop();
                }
                gap = false;
                out.push(c);
            }
            c => {
                push_gap(&mut out, &mut gap, c);
                out.push(c);
            }
        }
    }
    out
}

/// Writes the one space a skipped gap needs before `next`, if any.
fn push_gap(out: &mut String, gap: &mut bool, next: char) {
    let needed = !matches!(next, '{' | '}' | ';' | ',' | '>')
        && !out.is_empty()
        && !out.ends_with(['{', '}', ';', ',', '>', ':']);
    if std::mem::take(gap) && needed {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_comments_and_whitespace_no_token_needs() {
        assert_eq!(
            minify("/* a */\na ,  b > c {\n  color:  red ;\n}\n\n"),
            "a,b>c{color:red}"
        );
        assert_eq!(
            minify("@media (prefers-color-scheme: dark) {\n  :root { --bg: #161514; }\n}"),
            "@media (prefers-color-scheme:dark){:root{--bg:#161514}}"
        );
    }

    #[test]
    fn keeps_the_spaces_that_change_meaning() {
        // A descendant combinator before a pseudo-class, the operands of calc(), and
        // the parts of a shorthand.
        assert_eq!(minify("a :hover{x:y}"), "a :hover{x:y}");
        assert_eq!(
            minify("p{width:calc(100% - 2rem);margin:0 auto}"),
            "p{width:calc(100% - 2rem);margin:0 auto}"
        );
        assert_eq!(
            minify("body{font:1rem/1.6 system-ui,sans-serif}"),
            "body{font:1rem/1.6 system-ui,sans-serif}"
        );
    }

    #[test]
    fn keeps_strings_as_they_are() {
        assert_eq!(
            minify(r#"a::after { content: "  /* not a comment */ ; } "; }"#),
            r#"a::after{content:"  /* not a comment */ ; } "}"#
        );
        assert_eq!(
            minify(r"q::before{content:'it\'s  here'}"),
            r"q::before{content:'it\'s  here'}"
        );
    }

    #[test]
    fn the_sites_stylesheet_keeps_every_token() {
        let source = std::fs::read_to_string(crate::root().join("style/main.css")).unwrap();
        let minified = minify(&source);
        // Only whitespace, comments and a block's last `;` may go.
        let tokens = |css: &str| -> String {
            let mut text = String::new();
            let mut rest = css;
            while let Some((before, after)) = rest.split_once("/*") {
                text.push_str(before);
                rest = after.split_once("*/").map_or("", |(_, after)| after);
            }
            text.push_str(rest);
            text.split_whitespace()
                .collect::<String>()
                .replace(";}", "}")
        };
        assert_eq!(tokens(&minified), tokens(&source));
        assert_eq!(
            minify(&minified),
            minified,
            "minifying twice changes nothing"
        );
        assert!(
            minified.len() * 4 < source.len() * 3,
            "{} of {}",
            minified.len(),
            source.len()
        );
    }

    #[test]
    fn the_minified_file_is_named_after_its_text() {
        assert_eq!(
            hashed_name("/main-fde1b7e20cfbb379.css", "0123456789abcdef"),
            "/main-0123456789abcdef.css"
        );
    }

    #[test]
    fn finds_the_stylesheets_trunk_links() {
        let html = r#"<link rel="icon" href="/f.svg"/><link rel="stylesheet" href="/main-1.css" integrity="sha384-x"/><link rel="preload" href="/a.wasm">"#;
        assert_eq!(stylesheets(html), ["/main-1.css"]);
    }
}
