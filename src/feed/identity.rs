//! Stable item identities.
//!
//! An item must get the same key on every poll, or de-duplication fails and
//! users get the same alert again. In order of trust:
//! 1. the GUID/id the feed gives (a URL-shaped GUID is treated as a link, so
//!    the same article in two feeds gets one key);
//! 2. the canonical link (scheme, fragment and tracking parameters removed);
//! 3. a fingerprint of feed, title and text.
//!
//! feed-rs invents an id when an entry has none; [`super::parse`] tells it to
//! leave the id empty instead, so an invented id never reaches this module.

use std::fmt;

use sha2::{Digest, Sha256};
use url::Url;

/// A de-duplication key: 128 bits of SHA-256 over the identity string, in hex.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct ItemKey(String);

impl ItemKey {
    fn digest(kind: &str, parts: &[&str]) -> ItemKey {
        let mut h = Sha256::new();
        h.update(kind.as_bytes());
        for p in parts {
            h.update([0u8]);
            h.update(p.as_bytes());
        }
        let bytes = h.finalize();
        ItemKey(bytes[..16].iter().map(|b| format!("{b:02x}")).collect())
    }

    /// The key as stored and shown.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Wraps a key read back from the store.
    pub fn from_stored(s: String) -> ItemKey {
        ItemKey(s)
    }
}

impl fmt::Display for ItemKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where an item's primary key came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeySource {
    /// The feed's GUID or id.
    Guid,
    /// The item's canonical link.
    Link,
    /// A hash of title and text: the feed gave neither id nor link.
    Fingerprint,
}

/// The identity of one item: its primary key and an optional link key used to
/// recognise the same article arriving through another feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The key the item is remembered under.
    pub key: ItemKey,
    /// What the key was derived from.
    pub source: KeySource,
    /// The canonical-link key when it differs from `key`.
    pub link_key: Option<ItemKey>,
}

/// Computes the identity of an item of feed `feed_name`.
pub fn identify(feed_name: &str, guid: Option<&str>, link: Option<&str>, title: &str, text: &str) -> Identity {
    let link_key = link.and_then(canonical_link).map(|c| ItemKey::digest("url", &[&c]));
    if let Some(guid) = guid.map(str::trim).filter(|g| !g.is_empty()) {
        if let Some(canonical) = canonical_link(guid) {
            let key = ItemKey::digest("url", &[&canonical]);
            let link_key = link_key.filter(|k| *k != key);
            return Identity { key, source: KeySource::Guid, link_key };
        }
        return Identity { key: ItemKey::digest("guid", &[feed_name, guid]), source: KeySource::Guid, link_key };
    }
    if let Some(key) = link_key {
        return Identity { key, source: KeySource::Link, link_key: None };
    }
    Identity {
        key: ItemKey::digest("fp", &[feed_name, title.trim(), text.trim()]),
        source: KeySource::Fingerprint,
        link_key: None,
    }
}

/// Query parameters that track readers and never identify content.
fn is_tracking_param(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.starts_with("utm_")
        || matches!(
            n.as_str(),
            "fbclid"
                | "gclid"
                | "mc_cid"
                | "mc_eid"
                | "cmpid"
                | "at_medium"
                | "at_campaign"
                | "ocid"
                | "ito"
                | "rss"
                | "src"
                | "ref"
                | "smid"
                | "partner"
        )
}

/// The canonical form of an http(s) URL, or `None` if `s` is not one.
/// Scheme, `www.`, fragment, tracking parameters and a trailing slash are dropped.
pub fn canonical_link(s: &str) -> Option<String> {
    let url = Url::parse(s.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let mut out = String::with_capacity(s.len());
    out.push_str(host);
    if let Some(port) = url.port() {
        out.push_str(&format!(":{port}"));
    }
    let path = url.path();
    out.push_str(if path.len() > 1 { path.trim_end_matches('/') } else { "" });
    let query: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !is_tracking_param(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if !query.is_empty() {
        out.push('?');
        let encoded = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(query).finish();
        out.push_str(&encoded);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_link_ignores_scheme_www_fragment_and_tracking() {
        let a = canonical_link("https://www.example.com/news/1/?utm_source=rss&id=7#top").unwrap();
        let b = canonical_link("http://example.com/news/1?id=7").unwrap();
        assert_eq!(a, b);
        assert_eq!(a, "example.com/news/1?id=7");
        assert!(canonical_link("urn:uuid:1234").is_none());
        assert!(canonical_link("not a url").is_none());
    }

    #[test]
    fn guid_beats_link_and_is_scoped_to_the_feed() {
        let a = identify("a", Some("1234"), Some("https://x.test/1"), "t", "");
        let b = identify("b", Some("1234"), Some("https://x.test/2"), "t", "");
        assert_eq!(a.source, KeySource::Guid);
        assert_ne!(a.key, b.key, "plain GUIDs are only unique within a feed");
        assert!(a.link_key.is_some());
    }

    #[test]
    fn url_guids_and_links_agree_across_feeds() {
        let a = identify("a", Some("https://x.test/story?utm_medium=rss"), None, "t", "");
        let b = identify("b", None, Some("http://www.x.test/story"), "other title", "");
        assert_eq!(a.key, b.key);
    }

    #[test]
    fn fingerprint_is_stable() {
        let a = identify("f", None, None, "Title", "Body");
        let b = identify("f", None, None, "Title", "Body");
        let c = identify("f", None, None, "Title", "Other body");
        assert_eq!(a, b);
        assert_ne!(a.key, c.key);
        assert_eq!(a.source, KeySource::Fingerprint);
    }
}
