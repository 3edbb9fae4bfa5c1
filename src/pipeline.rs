//! Item → de-duplication → classification → rules → alerts.
//!
//! The one place the stages meet. It does no I/O: the caller passes in which
//! keys the store already knows and writes the result in one transaction, so
//! the whole decision can be tested without a network or a database.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::classify::{Classification, Classifier, Document, RegionScore, TopicScore};
use crate::config::FeedSpec;
use crate::feed::{Item, ItemKey, ParsedFeed};
use crate::rules::RuleSet;
use crate::store::{NewAlert, PollItem};

/// The stages after parsing, shared by every poll.
#[derive(Debug)]
pub struct Pipeline {
    classifier: Arc<Classifier>,
    rules: RuleSet,
    metrics: Option<Arc<crate::metrics::Metrics>>,
}

/// What processing one parsed document produced.
#[derive(Debug, Default)]
pub struct Processed {
    /// Items not seen before, oldest first, with their alerts.
    pub items: Vec<PollItem>,
    /// Keys of items already known, still in the document.
    pub still_present: Vec<ItemKey>,
    /// Items classified.
    pub classified: usize,
    /// Alerts raised (one per rule and item).
    pub alerts: usize,
}

/// One alert, as written to sinks. The schema is documented in the README.
#[derive(Debug, Clone, Serialize)]
pub struct Alert<'a> {
    /// Always `"alert"`; summaries and feed-health events have their own types.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Stable id: the same rule and item always give the same id.
    pub id: String,
    /// The rule that matched.
    pub rule: &'a str,
    /// The feed the item came from.
    pub feed: AlertFeed<'a>,
    /// The item.
    pub item: AlertItem<'a>,
    /// Topics, highest score first.
    pub topics: &'a [TopicScore],
    /// Countries, highest score first.
    pub regions: &'a [RegionScore],
    /// When wirewatch detected the item (RFC 3339).
    pub detected_at: String,
}

/// The feed part of an alert.
#[derive(Debug, Clone, Serialize)]
pub struct AlertFeed<'a> {
    /// Feed name from the config.
    pub name: &'a str,
    /// Feed URL from the config.
    pub url: &'a str,
}

/// The item part of an alert.
#[derive(Debug, Clone, Serialize)]
pub struct AlertItem<'a> {
    /// The item's stable key.
    pub id: &'a str,
    /// Title, plain text.
    pub title: &'a str,
    /// Link to the article.
    pub link: Option<&'a str>,
    /// Publication time (RFC 3339), if the feed gave one.
    pub published: Option<String>,
    /// Short plain-text summary.
    pub summary: &'a str,
    /// Authors.
    pub authors: &'a [String],
    /// The feed's categories for the item.
    pub categories: &'a [String],
}

/// The stable id of the alert for `rule` and the item with key `item`.
pub fn alert_id(rule: &str, item: &ItemKey) -> String {
    event_id(&[rule, item.as_str()])
}

/// A stable id from parts: 128 bits of SHA-256 over the parts, in hex.
pub fn event_id(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h.update([0]);
        }
        h.update(p.as_bytes());
    }
    h.finalize()[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// The classifier's view of an item from `feed`: the feed's configured
/// home country, and its configured language, which wins over the language
/// the feed declares (an operator sets it for a feed that declares none, or
/// a wrong one); without either, the classifier guesses.
pub fn document<'a>(item: &'a Item, feed: Option<&'a FeedSpec>) -> Document<'a> {
    Document {
        title: &item.title,
        text: item.own_text.as_deref().unwrap_or(&item.text),
        categories: &item.categories,
        language: feed.and_then(|f| f.language.as_deref()).or(item.language.as_deref()),
        home_region: feed.and_then(|f| f.region.as_deref()),
    }
}

impl Pipeline {
    /// A pipeline classifying with `classifier` and matching `rules`.
    pub fn new(classifier: Arc<Classifier>, rules: RuleSet) -> Pipeline {
        Pipeline { classifier, rules, metrics: None }
    }

    /// Counts classifications and alerts in `metrics`.
    pub fn with_metrics(mut self, metrics: Arc<crate::metrics::Metrics>) -> Pipeline {
        self.metrics = Some(metrics);
        self
    }

    /// The classifier.
    pub fn classifier(&self) -> &Classifier {
        &self.classifier
    }

    /// The rules.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Processes a parsed document of `feed`. `known` holds the keys the store
    /// has already seen. With `alerting` false (the first-run guard) new items
    /// are recorded without alerts.
    pub fn process(
        &self,
        feed: &FeedSpec,
        parsed: ParsedFeed,
        known: &BTreeSet<ItemKey>,
        alerting: bool,
        now: DateTime<Utc>,
    ) -> Processed {
        let mut out = Processed::default();
        let mut fresh: Vec<Item> = Vec::new();
        let mut in_document = BTreeSet::new();
        for item in parsed.items {
            if !in_document.insert(item.key.clone()) {
                continue; // the same item twice in one document
            }
            let seen = known.contains(&item.key) || item.link_key.as_ref().is_some_and(|k| known.contains(k));
            if seen {
                out.still_present.push(item.key);
            } else {
                fresh.push(item);
            }
        }
        // Oldest first, so alerts come in the order things happened.
        fresh.sort_by_key(|i| i.published);
        let detected_at = now.to_rfc3339_opts(SecondsFormat::Secs, true);
        for item in fresh {
            let mut alerts = Vec::new();
            if alerting && !self.rules.is_empty() {
                let started = std::time::Instant::now();
                let class = self.classifier.classify(&document(&item, Some(feed)));
                out.classified += 1;
                if let Some(m) = &self.metrics {
                    m.classify_seconds.observe(started.elapsed().as_secs_f64());
                    m.items_classified.inc();
                }
                for rule in self.rules.evaluate(&feed.name, &item, &class) {
                    if let Some(m) = &self.metrics {
                        m.alerts.get_or_create(&crate::metrics::RuleLabel { rule: rule.spec.name.clone() }).inc();
                    }
                    let alert = build_alert(&rule.spec.name, feed, &item, &class, &detected_at);
                    alerts.push(NewAlert {
                        alert_id: alert.id.clone(),
                        rule: rule.spec.name.clone(),
                        sinks: rule.spec.sinks.clone(),
                        payload: serde_json::to_string(&alert).expect("alerts serialize"),
                    });
                }
            }
            out.alerts += alerts.len();
            let mut keys = vec![item.key.clone()];
            keys.extend(item.link_key.clone());
            out.items.push(PollItem { keys, alerts });
        }
        out
    }
}

fn build_alert<'a>(
    rule: &'a str,
    feed: &'a FeedSpec,
    item: &'a Item,
    class: &'a Classification,
    detected_at: &str,
) -> Alert<'a> {
    Alert {
        kind: "alert",
        id: alert_id(rule, &item.key),
        rule,
        feed: AlertFeed { name: &feed.name, url: feed.url.as_str() },
        item: AlertItem {
            id: item.key.as_str(),
            title: &item.title,
            link: item.link.as_deref(),
            published: item.published.map(|p| p.to_rfc3339_opts(SecondsFormat::Secs, true)),
            summary: &item.summary,
            authors: &item.authors,
            categories: &item.categories,
        },
        topics: &class.topics,
        regions: &class.regions,
        detected_at: detected_at.to_string(),
    }
}
