//! Feed documents → normalised [`Item`]s. The only user of `feed_rs`.
//!
//! Every feed-rs quirk is handled here: the parser gets the raw bytes so it
//! can honour the XML encoding declaration; entries without an id get an
//! empty id rather than a random one; titles and bodies are turned into
//! plain text; relative links are resolved against the feed URL.

pub mod identity;
mod item;
pub mod text;

use std::collections::{HashMap, HashSet};

pub use identity::{ItemKey, KeySource};
pub use item::Item;

/// Longest summary kept for alerts, in characters.
const SUMMARY_CHARS: usize = 600;

/// Most categories kept per item, the first ones in document order. Feeds
/// tag an item with a handful; a broken or hostile feed may give one item
/// a hundred thousand, which would cost every later stage time for nothing.
pub const MAX_CATEGORIES: usize = 64;

/// Why a document could not be read as a feed.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    /// The body is an HTML page, not a feed (a common misconfiguration or a login wall).
    #[error("document is an HTML page, not a feed")]
    Html,
    /// The body is empty.
    #[error("document is empty")]
    Empty,
    /// feed-rs rejected the document.
    #[error("cannot parse feed")]
    Parse(#[source] feed_rs::parser::ParseFeedError),
}

/// A parsed feed: its items and what the feed says about itself.
#[derive(Debug, Clone)]
pub struct ParsedFeed {
    /// Feed title, plain text.
    pub title: String,
    /// Feed-level language, if declared.
    pub language: Option<String>,
    /// The feed's `<ttl>` in minutes, if any (RSS 2.0).
    pub ttl_minutes: Option<u32>,
    /// Items in document order.
    pub items: Vec<Item>,
}

/// Parses `bytes` fetched from `feed_url` for the feed named `feed_name`.
pub fn parse(bytes: &[u8], feed_url: &str, feed_name: &str) -> Result<ParsedFeed, FeedError> {
    let trimmed = trim_leading_whitespace(bytes);
    if trimmed.is_empty() {
        return Err(FeedError::Empty);
    }
    if looks_like_html(trimmed) {
        return Err(FeedError::Html);
    }
    let parser = feed_rs::parser::Builder::new().base_uri(Some(feed_url)).id_generator(|_, _, _| String::new()).build();
    let mut feed = parser.parse(trimmed).map_err(FeedError::Parse)?;
    if feed.entries.is_empty() {
        // feed-rs finds no items when the namespace is one it does not
        // expect; real feeds do both of these.
        if let Some(fixed) = rss090_as_rss10(trimmed).or_else(|| without_rss_default_namespace(trimmed)) {
            if let Ok(again) = parser.parse(fixed.as_slice()) {
                feed = again;
            }
        }
    }
    let language = feed.language.clone().filter(|l| !l.trim().is_empty());
    let title = feed.title.as_ref().map(|t| text::html_to_text(&t.content)).unwrap_or_default();
    let base = url::Url::parse(feed_url).ok();
    let mut items: Vec<Item> =
        feed.entries.into_iter().map(|e| normalise(e, base.as_ref(), feed_name, language.as_deref())).collect();
    drop_shared_link_keys(&mut items);
    mark_shared_lines(&mut items, feed_name);
    Ok(ParsedFeed { title, language, ttl_minutes: feed.ttl, items })
}

/// Fewest distinct items a line must appear in to be the feed's rather
/// than the item's: see [`mark_shared_lines`].
const SHARED_LINE_MIN_ITEMS: usize = 3;

/// And the least share of the document's distinct items it must appear in.
const SHARED_LINE_MIN_SHARE: f64 = 0.5;

/// Many feeds add the same lines to every item: a video channel's
/// standard description ("Subscribe for updates on COVID-19…"), "Follow us
/// on Twitter", "Read more of this story at Slashdot", a publisher's
/// credit. Read by the classifier, they would give every item the same
/// topics and places: a news channel whose description mentions COVID-19
/// made every video a health story. A line found in at least
/// [`SHARED_LINE_MIN_ITEMS`] items and in at least half of them (items
/// counted once per key: a feed may list an item twice) is the feed's. An
/// item that has such lines gets the rest as [`Item::own_text`], which the
/// classifier reads with the title (nothing but the title where every line
/// is shared: those lines say nothing of this item that they do not say of
/// the others). `text` and `summary` stay whole for keyword rules and
/// alerts, since a shared line may be news: the advice in a run of weather
/// warnings for different regions.
fn mark_shared_lines(items: &mut [Item], feed_name: &str) {
    let mut seen_keys = HashSet::new();
    let distinct: Vec<usize> = (0..items.len()).filter(|&i| seen_keys.insert(&items[i].key)).collect();
    if distinct.len() < SHARED_LINE_MIN_ITEMS {
        return;
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut distinct_lines: Vec<&str> = Vec::new();
    for &i in &distinct {
        distinct_lines.clear();
        // Text has no blank lines; an empty text has no lines at all.
        distinct_lines.extend(items[i].text.split('\n').filter(|l| !l.is_empty()));
        distinct_lines.sort_unstable();
        distinct_lines.dedup();
        for line in &distinct_lines {
            *counts.entry(line).or_default() += 1;
        }
    }
    let least = SHARED_LINE_MIN_ITEMS.max((SHARED_LINE_MIN_SHARE * distinct.len() as f64).ceil() as usize);
    let shared: HashSet<String> =
        counts.into_iter().filter(|&(_, n)| n >= least).map(|(line, _)| line.to_string()).collect();
    if shared.is_empty() {
        return;
    }
    let mut marked = 0;
    for item in items.iter_mut() {
        let (own, theirs): (Vec<&str>, Vec<&str>) = item.text.split('\n').partition(|l| !shared.contains(*l));
        if !theirs.is_empty() {
            item.own_text = Some(own.join("\n"));
            marked += 1;
        }
    }
    tracing::debug!(
        feed = feed_name,
        lines = shared.len(),
        items = marked,
        "classifying items without the lines the feed's items share"
    );
}

/// Some feeds point every item at the same page. A link shared within one
/// document identifies nothing, so it must not make items look like duplicates.
fn drop_shared_link_keys(items: &mut [Item]) {
    let mut counts: HashMap<ItemKey, usize> = HashMap::new();
    for item in items.iter() {
        if let Some(k) = &item.link_key {
            *counts.entry(k.clone()).or_default() += 1;
        }
    }
    for item in items.iter_mut() {
        if item.link_key.as_ref().is_some_and(|k| counts[k] > 1) {
            item.link_key = None;
        }
    }
}

fn normalise(entry: feed_rs::model::Entry, base: Option<&url::Url>, feed_name: &str, language: Option<&str>) -> Item {
    let title = entry.title.as_ref().map(|t| text::html_to_text(&t.content)).unwrap_or_default();
    let link = pick_link(&entry.links).map(|href| resolve(base, href));
    let summary_text = entry.summary.as_ref().map(|s| text::html_to_text(&s.content)).unwrap_or_default();
    let content_text =
        entry.content.as_ref().and_then(|c| c.body.as_deref()).map(text::html_to_text).unwrap_or_default();
    let media_text = entry
        .media
        .iter()
        .filter_map(|m| m.description.as_ref())
        .map(|d| text::html_to_text(&d.content))
        .find(|s| !s.is_empty())
        .unwrap_or_default();
    let text =
        [&content_text, &summary_text, &media_text].into_iter().max_by_key(|s| s.len()).cloned().unwrap_or_default();
    let summary = if summary_text.is_empty() { &text } else { &summary_text };
    let summary = text::truncate_words(summary, SUMMARY_CHARS);
    let guid = Some(entry.id.trim().to_string()).filter(|g| !g.is_empty());
    let id = identity::identify(feed_name, guid.as_deref(), link.as_deref(), &title, &text);
    let mut categories: Vec<String> = Vec::new();
    for c in &entry.categories {
        let label = c.label.as_deref().filter(|l| !l.trim().is_empty()).unwrap_or(&c.term);
        let label = text::html_to_text(label);
        // A linear search: the list never holds more than MAX_CATEGORIES.
        if label.is_empty() || categories.contains(&label) {
            continue;
        }
        if categories.len() == MAX_CATEGORIES {
            // Logged only when a distinct category is actually dropped.
            tracing::debug!(
                feed = feed_name,
                item = %title,
                categories = entry.categories.len(),
                kept = MAX_CATEGORIES,
                "item has more categories than are kept"
            );
            break;
        }
        categories.push(label);
    }
    Item {
        key: id.key,
        key_source: id.source,
        link_key: id.link_key,
        guid,
        title,
        link,
        summary,
        text,
        own_text: None,
        published: entry.published.or(entry.updated),
        authors: entry
            .authors
            .iter()
            .map(|p| text::repair_mojibake(p.name.trim()).into_owned())
            .filter(|n| !n.is_empty())
            .collect(),
        categories,
        language: language.map(str::to_string),
    }
}

/// The alternate link if there is one, else the first link.
fn pick_link(links: &[feed_rs::model::Link]) -> Option<&str> {
    links
        .iter()
        .find(|l| {
            l.rel.as_deref().is_none_or(|r| r == "alternate")
                && l.media_type.as_deref().is_none_or(|m| m.contains("html"))
        })
        .or_else(|| links.first())
        .map(|l| l.href.trim())
        .filter(|h| !h.is_empty())
}

fn resolve(base: Option<&url::Url>, href: &str) -> String {
    match base {
        Some(b) if matches!(b.scheme(), "http" | "https") => {
            b.join(href).map_or_else(|_| href.to_string(), |u| u.to_string())
        }
        _ => href.to_string(),
    }
}

/// An RSS 0.90 document with its namespace swapped for RSS 1.0's, if it is one.
fn rss090_as_rss10(bytes: &[u8]) -> Option<Vec<u8>> {
    const RSS090: &[u8] = b"http://my.netscape.com/rdf/simple/0.9/";
    const RSS10: &[u8] = b"http://purl.org/rss/1.0/";
    let at = bytes.windows(RSS090.len()).position(|w| w == RSS090)?;
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..at]);
    out.extend_from_slice(RSS10);
    out.extend_from_slice(&bytes[at + RSS090.len()..]);
    Some(out)
}

/// An RSS 2.0 document whose `<rss>` element declares a default namespace
/// (`xmlns="http://backend.userland.com/rss2"` and the like), with that
/// declaration removed.
fn without_rss_default_namespace(bytes: &[u8]) -> Option<Vec<u8>> {
    let head = &bytes[..bytes.len().min(4096)];
    let start = head.windows(4).position(|w| w == b"<rss")?;
    let end = start + head[start..].iter().position(|b| *b == b'>')?;
    let tag = &head[start..end];
    let attr = tag.windows(7).position(|w| w == b"xmlns=\"" || w == b"xmlns='")?;
    let quote = tag[attr + 6];
    let value_end = attr + 7 + tag[attr + 7..].iter().position(|b| *b == quote)?;
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..start + attr]);
    out.extend_from_slice(&bytes[start + value_end + 1..]);
    Some(out)
}

fn trim_leading_whitespace(bytes: &[u8]) -> &[u8] {
    // A UTF-8 BOM or blank lines before the XML declaration make strict parsers
    // fail; real feeds have both.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    &bytes[start..]
}

fn looks_like_html(bytes: &[u8]) -> bool {
    let head: Vec<u8> = bytes.iter().take(512).map(u8::to_ascii_lowercase).collect();
    let head = String::from_utf8_lossy(&head);
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (head.contains("<html") && !head.contains("<rss") && !head.contains("<feed") && !head.contains("<rdf"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss090_items_are_read() {
        let doc = br#"<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>t</title><link>https://a.test/</link><description>d</description></channel><item><title>One</title><link>https://a.test/1</link></item><item><title>Two</title><link>https://a.test/2</link></item></rdf:RDF>"#;
        let parsed = parse(doc, "https://a.test/feed", "a").unwrap();
        assert_eq!(parsed.items.len(), 2);
        assert_eq!(parsed.items[1].title, "Two");
    }

    #[test]
    fn rss2_with_a_default_namespace_is_read() {
        let doc = br#"<?xml version="1.0"?><rss version="2.0" xmlns="http://backend.userland.com/rss2" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>t</title><item><title>One</title><guid>1</guid></item></channel></rss>"#;
        let parsed = parse(doc, "https://a.test/feed", "a").unwrap();
        assert_eq!(parsed.items.len(), 1);
        assert_eq!(parsed.items[0].guid.as_deref(), Some("1"));
    }

    #[test]
    fn a_shared_link_does_not_make_items_duplicates() {
        let doc = br#"<rss version="2.0"><channel><title>t</title><item><title>A</title><guid>1</guid><link>https://a.test/</link></item><item><title>B</title><guid>2</guid><link>https://a.test/</link></item></channel></rss>"#;
        let parsed = parse(doc, "https://a.test/feed", "a").unwrap();
        assert!(parsed.items.iter().all(|i| i.link_key.is_none()));
        assert_ne!(parsed.items[0].key, parsed.items[1].key);
    }
}
