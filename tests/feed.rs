//! Feed normalisation: golden files for the formats, and the real-world
//! corpus in ../shared/feeds (every document gives items or a clear error).

mod common;

use std::path::{Path, PathBuf};

use wirewatch::feed::{self, FeedError};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/feeds")
}

/// Parses each fixture and compares the items with `<name>.expected.json`.
/// Set WIREWATCH_BLESS=1 to write the expected files after reviewing a change.
#[test]
fn fixtures_normalise_as_recorded() {
    let mut checked = 0;
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.ends_with(".expected.json") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let url = format!("https://fixtures.example/{name}");
        let parsed = feed::parse(&bytes, &url, "fixture").unwrap_or_else(|e| panic!("{name}: {e}"));
        let actual = serde_json::to_string_pretty(&serde_json::json!({
            "title": parsed.title,
            "language": parsed.language,
            "ttl_minutes": parsed.ttl_minutes,
            "items": parsed.items,
        }))
        .unwrap();
        let expected_path = path.with_file_name(format!("{name}.expected.json"));
        if std::env::var_os("WIREWATCH_BLESS").is_some() {
            std::fs::write(&expected_path, format!("{actual}\n")).unwrap();
        }
        let expected =
            std::fs::read_to_string(&expected_path).unwrap_or_else(|_| panic!("{} missing", expected_path.display()));
        assert_eq!(actual.trim(), expected.trim(), "{name} differs from {}", expected_path.display());
        checked += 1;
    }
    assert_eq!(checked, 3);
}

#[test]
fn html_is_removed_and_links_resolved() {
    let bytes = std::fs::read(fixtures().join("rss2-html.xml")).unwrap();
    let parsed = feed::parse(&bytes, "https://gazette.example/rss", "gazette").unwrap();
    let storm = &parsed.items[0];
    assert_eq!(storm.title, "Storm closes harbour");
    assert_eq!(storm.summary, "Gales of 90 km/h closed the port.");
    assert!(storm.text.contains("Ferries to the islands were cancelled – the first time since 2019."));
    assert!(!storm.text.contains("track()") && !storm.text.contains(".x{}"));
    assert_eq!(storm.authors, vec!["Ana Lima"]);
    assert_eq!(storm.categories, vec!["Weather", "Transport"]);
    assert_eq!(storm.language.as_deref(), Some("en-gb"));
    assert_eq!(parsed.items[1].link.as_deref(), Some("https://gazette.example/news/library"));
    assert_eq!(parsed.items[1].guid, None);
}

#[test]
fn ids_are_stable_across_parses_even_without_guid_or_link() {
    let bytes = std::fs::read(fixtures().join("rss2-html.xml")).unwrap();
    let a = feed::parse(&bytes, "https://gazette.example/rss", "gazette").unwrap();
    let b = feed::parse(&bytes, "https://gazette.example/rss", "gazette").unwrap();
    let keys = |p: &feed::ParsedFeed| p.items.iter().map(|i| i.key.clone()).collect::<Vec<_>>();
    assert_eq!(keys(&a), keys(&b));
    assert_eq!(a.items[2].key_source, feed::KeySource::Fingerprint);
}

#[test]
fn html_pages_and_empty_bodies_are_clear_errors() {
    assert!(matches!(
        feed::parse(b"<!DOCTYPE html><html><head><title>x</title></head></html>", "https://x.test/", "x"),
        Err(FeedError::Html)
    ));
    assert!(matches!(feed::parse(b"  \n ", "https://x.test/", "x"), Err(FeedError::Empty)));
    assert!(matches!(feed::parse(b"{\"not\": \"a feed\"}", "https://x.test/", "x"), Err(FeedError::Parse(_))));
}

/// A video channel's feed: every description ends with the channel's own
/// lines, one of which names a disease.
fn channel_feed(stories: &[&str]) -> String {
    let items: String = stories
        .iter()
        .enumerate()
        .map(|(i, story)| {
            format!(
                "<item><title>Story {i}</title><description>{story}\nSubscribe for updates on COVID-19 in the country.\n\
                 Follow us: https://social.example/channel</description></item>"
            )
        })
        .collect();
    format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Channel</title>{items}</channel></rss>")
}

fn rss_items(descriptions: &[&str]) -> String {
    let items: String = descriptions
        .iter()
        .enumerate()
        .map(|(i, d)| format!("<item><title>Story {i}</title><description>{d}</description></item>"))
        .collect();
    format!("<rss version=\"2.0\"><channel><title>t</title>{items}</channel></rss>")
}

#[test]
fn the_classifier_reads_items_without_the_lines_their_feed_shares() {
    let stories = ["Flood waters rise in the valley.", "Market prices fall.", "School reopens after repairs."];
    let mut with_footer = stories.to_vec();
    with_footer.push("Mayor opens the new bridge.\nFollow us: https://social.example/channel");
    let parsed = feed::parse(channel_feed(&with_footer).as_bytes(), "http://127.0.0.1/feed", "channel").unwrap();
    for (item, story) in parsed.items.iter().zip(&with_footer) {
        let own = story.lines().next().unwrap();
        assert_eq!(item.own_text.as_deref(), Some(own));
        assert_eq!(wirewatch::pipeline::document(item, None).text, own, "the classifier reads the item's own line");
        // Keyword rules and alerts still see everything.
        assert!(item.text.starts_with(own) && item.text.contains("COVID-19"), "{}", item.text);
        assert!(item.summary.contains("COVID-19"));
    }
    // An item keeps its key whatever the other items of the document are.
    let alone = feed::parse(channel_feed(&stories[..1]).as_bytes(), "http://127.0.0.1/feed", "channel").unwrap();
    assert_eq!(alone.items[0].key, parsed.items[0].key);
    // Two items are too few to tell furniture from news.
    assert_eq!(alone.items[0].own_text, None);
    let two = feed::parse(channel_feed(&stories[..2]).as_bytes(), "http://127.0.0.1/feed", "channel").unwrap();
    assert!(two.items.iter().all(|i| i.own_text.is_none()));
}

#[test]
fn a_shared_line_is_in_at_least_half_of_the_distinct_items() {
    // Seven items: a line in three of them is news, a line in four is the feed's.
    let docs = ["a\nthree", "b\nthree", "c\nthree", "d\nfour", "e\nfour", "f\nfour", "g\nfour"];
    let parsed = feed::parse(rss_items(&docs).as_bytes(), "http://127.0.0.1/feed", "half").unwrap();
    let own: Vec<Option<&str>> = parsed.items.iter().map(|i| i.own_text.as_deref()).collect();
    assert_eq!(own, [None, None, None, Some("d"), Some("e"), Some("f"), Some("g")]);
    // An item listed three times counts once: in five entries of three
    // distinct items, its lines are in one item of three.
    let pinned = "<item><title>Pinned</title><guid>p</guid><description>Pinned story\nsame</description></item>";
    let doc = format!(
        "<rss version=\"2.0\"><channel><title>t</title>{pinned}{pinned}{pinned}\
         <item><title>x</title><guid>x</guid><description>x</description></item>\
         <item><title>y</title><guid>y</guid><description>y</description></item></channel></rss>"
    );
    let parsed = feed::parse(doc.as_bytes(), "http://127.0.0.1/feed", "pinned").unwrap();
    assert!(parsed.items.iter().all(|i| i.own_text.is_none()));
    // An item made only of shared lines is classified by its title alone.
    let parsed = feed::parse(channel_feed(&["", "", ""]).as_bytes(), "http://127.0.0.1/feed", "bare").unwrap();
    assert!(parsed.items.iter().all(|i| i.own_text.as_deref() == Some("") && i.text.contains("COVID-19")));
}

/// An item tagged with thousands of categories (a broken or hostile feed)
/// keeps the first [`feed::MAX_CATEGORIES`] distinct ones, in order: the
/// duplicate check once made such an item take seconds per poll.
#[test]
fn an_item_keeps_a_bounded_list_of_distinct_categories() {
    let tags: String = (0..20_000).map(|i| format!("<category>tag {}</category>", i / 2)).collect();
    let doc = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><link>http://127.0.0.1/</link>\
         <description>d</description><item><title>One</title><link>http://127.0.0.1/1</link>{tags}</item></channel></rss>"
    );
    let parsed = feed::parse(doc.as_bytes(), "http://127.0.0.1/feed", "tags").unwrap();
    let cats = &parsed.items[0].categories;
    assert_eq!(cats.len(), feed::MAX_CATEGORIES);
    assert_eq!(cats[0], "tag 0");
    assert_eq!(cats[1], "tag 1");
    assert_eq!(cats.last().unwrap(), &format!("tag {}", feed::MAX_CATEGORIES - 1));
}

/// feed-rs 3.0.0 rejects these two well-formed feeds at an empty
/// `<media:description>`; we pin 2.4 and keep them as regression tests.
#[test]
fn regression_empty_media_description_feeds_parse() {
    let Some(shared) = common::shared_dir() else {
        eprintln!("skipping: ../shared is absent");
        return;
    };
    for (name, min_items) in [("nytimes-1.xml", 30), ("prothomalo-1.xml", 70)] {
        let bytes = std::fs::read(shared.join("feeds/news").join(name)).unwrap();
        let parsed = feed::parse(&bytes, "https://example.test/feed", name).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert!(parsed.items.len() >= min_items, "{name}: {} items", parsed.items.len());
        assert!(parsed.items.iter().all(|i| !i.title.is_empty()), "{name}");
    }
}

/// Every real news feed parses to items or gives an error; none panics, and
/// well-formed ones lose no item.
#[test]
fn the_news_corpus_parses() {
    let Some(shared) = common::shared_dir() else {
        eprintln!("skipping: ../shared is absent");
        return;
    };
    let manifest = std::fs::read_to_string(shared.join("feeds/manifest.tsv")).unwrap();
    let (mut parsed_ok, mut failed, mut total_items) = (0, Vec::new(), 0);
    let mut lost = Vec::new();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (path, group, items, wellformed) = (cols[0], cols[5], cols[3], cols[9]);
        if group != "news" {
            continue;
        }
        let bytes = std::fs::read(shared.join("feeds").join(path)).unwrap();
        match feed::parse(&bytes, "https://example.test/feed", path) {
            Ok(p) => {
                parsed_ok += 1;
                total_items += p.items.len();
                let expected: usize = items.parse().unwrap_or(0);
                if wellformed == "yes" && p.items.len() != expected {
                    lost.push(format!("{path}: {} of {expected} items", p.items.len()));
                }
            }
            Err(e) => failed.push(format!("{path}: {e}")),
        }
    }
    assert!(lost.is_empty(), "items lost: {lost:#?}");
    assert!(parsed_ok >= 88, "parsed {parsed_ok}; failed: {failed:#?}");
    assert!(total_items > 2800);
}

/// The edge-case suites of 21 feed projects: no document may panic the parser
/// or the normaliser.
#[test]
fn edge_case_documents_never_panic() {
    let Some(shared) = common::shared_dir() else {
        eprintln!("skipping: ../shared is absent");
        return;
    };
    let mut stack = vec![shared.join("feeds/edge")];
    let (mut ok, mut err) = (0usize, 0usize);
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let name = path.display().to_string();
            let result = std::panic::catch_unwind(|| {
                feed::parse(&bytes, "https://example.test/feed", "edge").map(|p| p.items.len())
            });
            match result {
                Ok(Ok(_)) => ok += 1,
                Ok(Err(_)) => err += 1,
                Err(_) => panic!("parsing {name} panicked"),
            }
        }
    }
    assert!(ok + err > 5000, "{ok} ok, {err} errors");
    assert!(ok > 3000, "{ok} ok, {err} errors");
}
