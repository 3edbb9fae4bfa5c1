//! Config tests (`[[tests]]`) and rule explanations: "would this match, and why?"

use crate::classify::{Classification, Classifier};
use crate::config::{Config, TestSpec};
use crate::feed::{identity, Item};
use crate::pipeline::document;

use super::{Decision, RuleSet};

/// A sample item as the pipeline would see it.
pub fn sample_item(title: &str, text: &str, categories: &[String], feed: &str) -> Item {
    let id = identity::identify(feed, None, None, title, text);
    Item {
        key: id.key,
        key_source: id.source,
        link_key: None,
        guid: None,
        title: title.to_string(),
        link: None,
        summary: crate::feed::text::truncate_words(text, 600),
        text: text.to_string(),
        own_text: None,
        published: None,
        authors: Vec::new(),
        categories: categories.to_vec(),
        language: None,
    }
}

/// Everything decided about one item.
#[derive(Debug, Clone)]
pub struct Explanation {
    /// The classification.
    pub classification: Classification,
    /// Each rule's decision, in config order.
    pub decisions: Vec<Decision>,
}

/// Classifies `item` (from `feed`) and evaluates every rule of `config`.
pub fn explain(config: &Config, classifier: &Classifier, item: &Item, feed: &str) -> Explanation {
    let classification = classifier.classify(&document(item, config.feed(feed)));
    let decisions = RuleSet::new(&config.rules, &config.feeds).explain(feed, item, &classification);
    Explanation { classification, decisions }
}

/// The result of one config test.
#[derive(Debug, Clone)]
pub struct TestOutcome {
    /// The test.
    pub test: TestSpec,
    /// What went wrong; empty when the test passed.
    pub failures: Vec<String>,
    /// What happened.
    pub explanation: Explanation,
}

/// Runs every `[[tests]]` entry of `config`.
pub fn run_tests(config: &Config, classifier: &Classifier) -> Vec<TestOutcome> {
    config
        .tests
        .iter()
        .map(|test| {
            let feed = test.feed.as_deref().unwrap_or("");
            let item = sample_item(&test.title, &test.text, &test.categories, feed);
            let explanation = explain(config, classifier, &item, feed);
            let threshold = config.classify.threshold;
            let mut failures = Vec::new();
            let decision = |rule: &str| explanation.decisions.iter().find(|d| d.rule == rule);
            for rule in &test.expect_rules {
                if let Some(d) = decision(rule).filter(|d| !d.matched) {
                    failures.push(format!("rule '{rule}' should match but did not: {}", d.reason));
                }
            }
            for rule in &test.expect_no_rules {
                if let Some(d) = decision(rule).filter(|d| d.matched) {
                    failures.push(format!("rule '{rule}' should not match but did: {}", d.reason));
                }
            }
            let class = &explanation.classification;
            for topic in &test.expect_topics {
                let score = class.topics.iter().find(|t| t.id == *topic).map_or(0.0, |t| t.score);
                if score < threshold {
                    let name = crate::classify::resolve_topic(topic).map_or(topic.as_str(), |t| t.name);
                    failures.push(format!("expected topic '{name}' (score {score:.2}, needs {threshold:.2})"));
                }
            }
            for (region, countries) in &test.expect_regions {
                let best = class
                    .regions
                    .iter()
                    .filter(|r| countries.contains(&*r.country))
                    .map(|r| r.score)
                    .fold(0.0f32, f32::max);
                if best < threshold {
                    failures.push(format!("expected region '{region}' (best score {best:.2}, needs {threshold:.2})"));
                }
            }
            TestOutcome { test: test.clone(), failures, explanation }
        })
        .collect()
}
