//! Twiggy's items summed by crate and by part of the app (Leptos, the widget,
//! serde, …), and the tables BENCHMARKS.md shows of them.

use std::collections::BTreeMap;

use super::owner::{clean, owner, DATA, GLUE, NAMES, STD, STRUCTURE};

/// The parts the report groups crates into, in order.
const GROUPS: &[(&str, &[&str])] = &[
    (
        "Leptos (leptos, reactive_graph, tachys, …)",
        &[
            "leptos",
            "reactive_graph",
            "tachys",
            "leptos_dom",
            "leptos_macro",
            "leptos_server",
            "leptos_config",
            "either_of",
            "oco_ref",
            "any_spawner",
            "throw_error",
            "hydration_context",
            "send_wrapper",
            "slotmap",
            "guardian",
            "or_poisoned",
            "next_tuple",
            "reactive_stores",
            "server_fn",
            "wasm_split_helpers",
        ],
    ),
    ("leptos_router", &["leptos_router"]),
    ("identity widget: leptos_identity", &["leptos_identity"]),
    ("identity widget: identity_core", &["identity_core"]),
    (
        "serde, serde_json",
        &["serde", "serde_core", "serde_json", "zmij", "ryu", "itoa"],
    ),
    ("gloo", &["gloo_net", "gloo_utils", "gloo_timers"]),
    (
        "wasm-bindgen, js-sys, web-sys",
        &[
            "wasm_bindgen",
            "js_sys",
            "web_sys",
            "wasm_bindgen_futures",
            "wasm_streams",
            GLUE,
        ],
    ),
    ("std, alloc, core (with dlmalloc)", STD),
    ("the blog", &["blog"]),
    (
        "the blog's shared crates (content, comment_wire)",
        // `functions` too: a build from before `comment_wire` was its own crate.
        &["content", "comment_wire", "functions"],
    ),
    ("the demo app", &["widget_demo"]),
    (
        "futures, async-lock, event-listener",
        &[
            "futures_util",
            "futures_core",
            "futures_channel",
            "futures_task",
            "futures_io",
            "futures_executor",
            "async_lock",
            "event_listener",
            "event_listener_strategy",
            "slab",
            "pin_project_lite",
        ],
    ),
    ("indexmap, hashbrown", &["indexmap", "hashbrown"]),
    (".rodata (strings, constants, vtables)", &[DATA]),
    ("module structure (types, tables, headers)", &[STRUCTURE]),
];

/// A wasm's bytes by the crate that owns them, the name section left out.
pub struct Parts {
    by_crate: BTreeMap<String, u64>,
}

fn group_of(krate: &str) -> &'static str {
    GROUPS
        .iter()
        .find(|(_, crates)| crates.contains(&krate))
        .map_or("other crates", |(name, _)| name)
}

fn pct(part: u64, whole: u64) -> String {
    format!("{:.1}%", 100.0 * part as f64 / whole as f64)
}

impl Parts {
    /// Sums twiggy's items by [`owner`].
    pub fn of(items: &[(String, u64)]) -> Parts {
        let mut by_crate = BTreeMap::new();
        for (name, size) in items {
            let owner = owner(name);
            if owner == NAMES {
                continue;
            }
            *by_crate.entry(owner).or_insert(0) += size;
        }
        Parts { by_crate }
    }

    /// The code's bytes: every crate's, without the name section.
    pub fn total(&self) -> u64 {
        self.by_crate.values().sum()
    }

    /// The identity widget's own crates, by name.
    pub fn widget(&self) -> u64 {
        ["leptos_identity", "identity_core"]
            .iter()
            .filter_map(|k| self.by_crate.get(*k))
            .sum()
    }

    /// A Markdown table of the parts of [`GROUPS`], largest first.
    pub fn group_table(&self, total: u64) -> String {
        let mut groups: Vec<(&str, u64, Vec<&str>)> = Vec::new();
        for (krate, size) in &self.by_crate {
            let group = group_of(krate);
            match groups.iter_mut().find(|(g, _, _)| *g == group) {
                Some((_, sum, crates)) => {
                    *sum += size;
                    crates.push(krate);
                }
                None => groups.push((group, *size, vec![krate])),
            }
        }
        groups.sort_by_key(|g| std::cmp::Reverse(g.1));
        let mut out = String::from("| part | bytes | share |\n|---|---:|---:|\n");
        for (group, size, crates) in &groups {
            let label = if *group == "other crates" {
                format!("other crates ({})", crates.join(", "))
            } else {
                group.to_string()
            };
            out.push_str(&format!("| {label} | {size} | {} |\n", pct(*size, total)));
        }
        out.push_str(&format!("| **total** | {total} | 100% |\n"));
        out
    }

    /// A Markdown table of the `n` largest crates.
    pub fn crate_table(&self, total: u64, n: usize) -> String {
        let mut crates: Vec<(&String, &u64)> = self.by_crate.iter().collect();
        crates.sort_by_key(|c| std::cmp::Reverse(*c.1));
        let mut out = String::from("| crate | part | bytes | share |\n|---|---|---:|---:|\n");
        for (krate, size) in crates.into_iter().take(n) {
            out.push_str(&format!(
                "| `{krate}` | {} | {size} | {} |\n",
                group_of(krate),
                pct(*size, total)
            ));
        }
        out
    }
}

/// A Markdown table of the `n` largest items, names shortened to fit a line.
pub fn top_items(items: &[(String, u64)], total: u64, n: usize) -> String {
    let mut sorted: Vec<&(String, u64)> = items
        .iter()
        .filter(|(name, _)| owner(name) != NAMES)
        .collect();
    sorted.sort_by_key(|item| std::cmp::Reverse(item.1));
    let mut out = String::from("| item | crate | bytes | share |\n|---|---|---:|---:|\n");
    for (name, size) in sorted.into_iter().take(n) {
        let mut shown = clean(name);
        if shown.chars().count() > 110 {
            shown = shown.chars().take(109).collect::<String>() + "…";
        }
        out.push_str(&format!(
            "| `{}` | {} | {size} | {} |\n",
            shown.replace('|', "\\|").replace('`', "'"),
            owner(name),
            pct(*size, total)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_comment_wire_crate_counts_with_the_blogs_shared_crates() {
        assert_eq!(group_of("comment_wire"), group_of("content"));
        assert_eq!(
            group_of("comment_wire"),
            "the blog's shared crates (content, comment_wire)"
        );
    }

    #[test]
    fn a_crate_in_no_group_is_named_among_the_other_crates() {
        let parts = Parts::of(&[
            ("leptos::mount::mount_to::h0123456789abcdef".to_owned(), 60),
            ("unheard_of::f".to_owned(), 40),
        ]);

        let table = parts.group_table(parts.total());

        assert!(
            table.contains("| other crates (unheard_of) | 40 | 40.0% |"),
            "{table}"
        );
        assert!(table.contains("| **total** | 100 | 100% |"), "{table}");
    }
}
