//! A post file's front matter and the dates shown for it, fed generated input (proptest, fixed
//! seed, so a run is repeatable): front matter written by the rules reads back as written, in
//! any key order, with comments, blank lines, CRLF or a BOM; a missing, repeated or unknown
//! key, a date not of the form `YYYY-MM-DD`, a bad slug or a missing fence is refused; any
//! text at all is a post or a refusal, never a panic.

use content::readable_day;
use content::render::{markdown_to_html, parse_post};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

/// A fixed seed, so a run is repeatable (a failure reproduces); `PROPTEST_CASES` sets how many
/// cases each property runs (proptest's default of 256 otherwise; `cargo xtask fuzz` runs more).
fn config() -> ProptestConfig {
    ProptestConfig {
        rng_seed: RngSeed::Fixed(0x15),
        failure_persistence: None,
        ..ProptestConfig::default()
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

/// A front matter value as an author writes it: one line of any script, a colon or a `#`
/// inside, no surrounding space (the reader trims it).
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "\\PC{1,24}",
        1 => "[a-z]{1,6}(: |#| --- )[a-z]{1,6}",
    ]
    .prop_map(|v| v.trim().to_owned())
    .prop_filter("visible", |v| !v.is_empty())
}

/// A day of the calendar: the 29th of February only in a leap year.
fn date() -> impl Strategy<Value = (u32, u32, u32)> {
    (0u32..=9999, 1u32..=12).prop_flat_map(|(y, m)| {
        let last = (28..=31)
            .rev()
            .find(|&d| content::is_calendar_day(y, m, d))
            .unwrap_or(28);
        (Just(y), Just(m), 1..=last)
    })
}

fn ymd((y, m, d): (u32, u32, u32)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

fn slug() -> impl Strategy<Value = String> {
    "[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,3}"
}

/// Space an author may put around a key and its colon.
fn space() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just(""), Just(" "), Just("  "), Just("\t")]
}

/// A Markdown body: lines of text, `---` rules and headings among them.
fn body() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => "\\PC{0,30}",
            1 => Just("---".to_owned()),
            1 => Just(String::new()),
            1 => "#{1,3} [a-z]{1,8}",
        ],
        0..6,
    )
    .prop_map(|lines| lines.join("\n"))
}

/// The pieces of a valid post file, before they are put together.
#[derive(Debug, Clone)]
struct Written {
    fields: Vec<(String, String, (&'static str, &'static str))>,
    extra: Vec<String>,
    body: String,
    crlf: bool,
    bom: bool,
}

impl Written {
    fn source(&self) -> String {
        let mut text = String::from(if self.bom { "\u{feff}---\n" } else { "---\n" });
        for (i, (key, value, (before, after))) in self.fields.iter().enumerate() {
            if let Some(line) = self.extra.get(i) {
                text.push_str(line);
                text.push('\n');
            }
            text.push_str(&format!("{before}{key}{after}:{after}{value}{before}\n"));
        }
        text.push_str("---\n");
        text.push_str(&self.body);
        if self.crlf {
            text.replace('\n', "\r\n")
        } else {
            text
        }
    }

    fn get(&self, key: &str) -> &str {
        let (_, value, _) = self.fields.iter().find(|(k, ..)| *k == key).expect("a key");
        value
    }
}

fn written() -> impl Strategy<Value = Written> {
    (
        (value(), date(), value()),
        proptest::collection::vec((space(), space()), 3),
        Just(vec![0usize, 1, 2]).prop_shuffle(),
        proptest::collection::vec(
            prop_oneof![Just(String::new()), Just("   ".to_owned()), "# \\PC{0,12}"],
            0..3,
        ),
        body(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |((title, date, summary), spaces, order, extra, body, crlf, bom)| {
                let values = [("title", title), ("date", ymd(date)), ("summary", summary)];
                let fields = order
                    .iter()
                    .zip(spaces)
                    .map(|(&i, space)| (values[i].0.to_owned(), values[i].1.clone(), space))
                    .collect();
                Written {
                    fields,
                    extra,
                    body,
                    crlf,
                    bom,
                }
            },
        )
}

/// Lines of a file that looks like a post: fences, key lines of every kind, junk.
fn post_like_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---".to_owned()),
        Just("--- ".to_owned()),
        Just(" ---".to_owned()),
        (
            prop_oneof![
                Just("title"),
                Just("date"),
                Just("summary"),
                Just("Title"),
                Just("")
            ],
            "[ :]{0,2}",
            "\\PC{0,12}"
        )
            .prop_map(|(k, c, v)| format!("{k}{c}{v}")),
        "date: [0-9-]{0,12}",
        "#\\PC{0,8}",
        "\\PC{0,20}",
        ".{0,8}",
    ]
}

proptest! {
    #![proptest_config(config())]

    /// Front matter written by the rules reads back as written, and the body after it is
    /// rendered as Markdown, `---` lines included.
    #[test]
    fn written_front_matter_reads_back_as_written(post in written(), slug in slug()) {
        let source = post.source();
        let read = parse_post(&slug, &source);
        prop_assert!(read.is_ok(), "{:?}: {:?}", source, read);
        let read = read.expect("checked");
        prop_assert_eq!(&read.summary.slug, &slug);
        prop_assert_eq!(read.summary.title.as_str(), post.get("title"));
        prop_assert_eq!(read.summary.date.as_str(), post.get("date"));
        prop_assert_eq!(read.summary.summary.as_str(), post.get("summary"));
        let body = if post.crlf { post.body.replace('\n', "\r\n") } else { post.body.clone() };
        prop_assert_eq!(read.html, markdown_to_html(&body));
    }

    /// Each of the three keys is needed, once.
    #[test]
    fn a_missing_or_repeated_key_is_refused(post in written(), which in 0usize..3, repeat in any::<bool>()) {
        let mut post = post;
        if repeat {
            let again = post.fields[which].clone();
            post.fields.push(again);
        } else {
            post.fields.remove(which);
        }
        prop_assert!(parse_post("a", &post.source()).is_err(), "{:?}", post.source());
    }

    /// A key the blog does not know (a typo, a capital, another generator's field) is refused,
    /// not ignored.
    #[test]
    fn an_unknown_key_is_refused(
        post in written(),
        key in prop_oneof![
            "[a-z_]{1,10}".prop_filter("unknown", |k| !["title", "date", "summary"].contains(&k.as_str())),
            Just("Title".to_owned()),
            Just("summary s".to_owned()),
        ],
        value in value(),
        at in 0usize..4,
    ) {
        let mut post = post;
        let (_, _, space) = post.fields[0];
        post.fields.insert(at.min(post.fields.len()), (key, value, space));
        prop_assert!(parse_post("a", &post.source()).is_err(), "{:?}", post.source());
    }

    /// A date not of the form `YYYY-MM-DD` (month 1 to 12, day 1 to 31) is refused.
    #[test]
    fn a_date_not_of_the_form_is_refused(
        post in written(),
        bad in prop_oneof![
            (0u32..=9999, prop_oneof![Just(0u32), 13u32..=99], 1u32..=31).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
            (0u32..=9999, 1u32..=12, prop_oneof![Just(0u32), 32u32..=99]).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
            (0u32..=999, 1u32..=12, 1u32..=31).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
            (0u32..=9999, 1u32..=9, 1u32..=9).prop_map(|(y, m, d)| format!("{y:04}-{m}-{d}")),
            (date(), any::<prop::sample::Index>(), "[^0-9-]").prop_map(|(date, at, c)| {
                let mut text: Vec<char> = ymd(date).chars().collect();
                let i = at.index(text.len());
                text[i] = c.chars().next().unwrap_or('x');
                text.into_iter().collect::<String>()
            }),
            (date(), "[!-~]{1,3}").prop_map(|(date, tail)| format!("{}{tail}", ymd(date))),
        ],
    ) {
        let mut post = post;
        for field in &mut post.fields {
            if field.0 == "date" {
                field.1 = bad.clone();
            }
        }
        prop_assert!(parse_post("a", &post.source()).is_err(), "date {:?} accepted", bad);
    }

    /// A slug must be lowercase letters, digits and inner dashes: it names a file and a URL.
    #[test]
    fn a_bad_slug_is_refused(
        post in written(),
        slug in slug(),
        bad in prop_oneof![
            "[^a-z0-9-]".prop_map(|c| (c, 0usize)),
            Just(("-".to_owned(), 1usize)),
            Just(("-".to_owned(), 2usize)),
        ],
        at in any::<prop::sample::Index>(),
    ) {
        let (piece, place) = bad;
        let slug = match place {
            1 => format!("-{slug}"),
            2 => format!("{slug}-"),
            _ => {
                let i = at.index(slug.len() + 1);
                format!("{}{piece}{}", &slug[..i], &slug[i..])
            }
        };
        prop_assert!(parse_post(&slug, &post.source()).is_err(), "slug {:?} accepted", slug);
        prop_assert!(parse_post("", &post.source()).is_err());
    }

    /// Without its opening fence, or with the closing one gone from a body that has no `---`
    /// line of its own, the front matter is refused.
    #[test]
    fn front_matter_without_its_fences_is_refused(post in written(), opening in any::<bool>()) {
        let mut post = post;
        if !opening {
            // A body `---` line would close the front matter in the fence's place.
            post.body = post
                .body
                .split('\n')
                .map(|l| if l.trim_end() == "---" { "***" } else { l })
                .collect::<Vec<_>>()
                .join("\n");
        }
        let source = post.source();
        let source = source.strip_prefix('\u{feff}').unwrap_or(&source);
        let newline = if post.crlf { "\r\n" } else { "\n" };
        let fence = format!("---{newline}");
        let broken = if opening {
            source.replacen(&fence, "", 1)
        } else {
            // The closing fence is the first `---` line: no front matter line is one.
            let closing = format!("{newline}---{newline}");
            let (front, body) = source[fence.len()..].split_once(&closing).expect("closed");
            format!("{fence}{front}{newline}{body}")
        };
        prop_assert!(parse_post("a", &broken).is_err(), "{:?}", broken);
    }

    /// Text of any shape, post-like or not: a post or a refusal, never a panic.
    #[test]
    fn any_text_is_a_post_or_a_refusal(
        lines in proptest::collection::vec(post_like_line(), 0..10),
        crlf in any::<bool>(),
        junk in ".{0,60}",
        slug in prop_oneof![slug(), ".{0,8}"],
    ) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        for source in [text.as_str(), junk.as_str()] {
            if let Ok(post) = parse_post(&slug, source) {
                // Whatever is accepted keeps the documented promises.
                prop_assert!(!post.summary.title.is_empty());
                prop_assert_eq!(post.summary.date.len(), 10);
                prop_assert!(readable_day(&post.summary.date).is_some());
            }
        }
    }

    /// The day shown for a post: `2 November 2026` for `2026-11-02`, with or without a time
    /// after it; `None` for a month outside 1 to 12; any text at all without a panic.
    #[test]
    fn a_date_is_shown_as_its_day(
        date in date(),
        time in prop_oneof![Just(String::new()), "T[0-9:]{8}Z"],
        month in prop_oneof![Just(0u32), 13u32..=99],
        junk in ".{0,16}",
    ) {
        let (y, m, d) = date;
        prop_assert_eq!(
            readable_day(&format!("{}{time}", ymd(date))),
            Some(format!("{d} {} {y:04}", MONTHS[m as usize - 1]))
        );
        prop_assert_eq!(readable_day(&format!("{y:04}-{month:02}-{d:02}")), None);
        let _ = readable_day(&junk);
    }
}
