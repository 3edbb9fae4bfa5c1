//! The normalised item model every later stage works on.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::identity::{ItemKey, KeySource};

/// One feed entry, normalised across RSS 0.9x/1.0/2.0, Atom and JSON Feed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// Stable identity (see [`super::identity`]).
    pub key: ItemKey,
    /// What `key` was derived from.
    pub key_source: KeySource,
    /// Key of the canonical link when it differs from `key`, so that the same
    /// article in two feeds is alerted once.
    #[serde(skip)]
    pub link_key: Option<ItemKey>,
    /// The feed's own id for the item: RSS `<guid>`, Atom `<id>`, JSON Feed `id`.
    /// `None` when the feed gave none.
    pub guid: Option<String>,
    /// Plain-text title: RSS/Atom `<title>`, JSON Feed `title`; HTML removed.
    /// Empty when the entry has none.
    pub title: String,
    /// The article URL: RSS `<link>`, the Atom `<link rel="alternate">` (or
    /// the first link), JSON Feed `url`; resolved against the feed URL.
    pub link: Option<String>,
    /// A short plain-text summary for alerts: RSS `<description>`, Atom
    /// `<summary>`, JSON Feed `summary`; else the start of `text`.
    pub summary: String,
    /// The longest plain text available: RSS `<content:encoded>`, Atom
    /// `<content>`, JSON Feed `content_html`/`content_text`; else the summary
    /// or a media description. Used for keywords, and for classification
    /// unless there is an `own_text`.
    pub text: String,
    /// `text` without the lines that the document's other items share (a
    /// channel's standard description, a "Follow us" footer), where it has
    /// such lines; empty where it has nothing else. What the classifier
    /// reads, so that the feed's furniture does not give every item the
    /// same topics and places. Keyword rules and alerts keep the whole
    /// `text`, since a shared line may be news (the advice in a run of
    /// weather warnings).
    #[serde(skip)]
    pub own_text: Option<String>,
    /// RSS `<pubDate>`/`<dc:date>`, Atom `<published>` (else `<updated>`),
    /// JSON Feed `date_published`.
    pub published: Option<DateTime<Utc>>,
    /// Author names: RSS `<author>`/`<dc:creator>`, Atom `<author>`, JSON Feed `authors`.
    pub authors: Vec<String>,
    /// Category terms or labels: RSS `<category>`, Atom `<category term>`, JSON Feed `tags`;
    /// distinct, at most [`MAX_CATEGORIES`](super::MAX_CATEGORIES), in document order.
    pub categories: Vec<String>,
    /// Language tag: the feed's `<language>`/`xml:lang`/JSON `language`.
    pub language: Option<String>,
}
