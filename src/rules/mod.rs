//! Alert rules: which classified items raise alerts, and to which sinks.
//!
//! A rule's conditions must all hold; the values within one condition are
//! alternatives. Topics and regions count from the rule's threshold up, so a
//! passing mention (a low score) does not fire a rule. Keywords match whole
//! words or phrases, case-insensitively, in the title, text and categories.

pub mod testing;

use std::collections::BTreeSet;

use crate::classify::Classification;
use crate::config::{FeedSpec, RuleSpec};
use crate::feed::Item;

/// A rule ready to evaluate: its feed restriction resolved to feed names.
#[derive(Debug, Clone)]
pub struct Rule {
    /// The validated rule.
    pub spec: RuleSpec,
    /// Feeds the rule applies to; `None` for all.
    feeds: Option<BTreeSet<String>>,
    keywords: Vec<String>,
    exclude: Vec<String>,
}

/// Why a rule did or did not match an item.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Decision {
    /// The rule.
    pub rule: String,
    /// Whether every condition held.
    pub matched: bool,
    /// The condition that decided: the first that failed, or a summary of what held.
    pub reason: String,
}

/// All rules of a configuration.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
}

impl RuleSet {
    /// Builds the rules; feed names and tags are resolved against `feeds`.
    pub fn new(rules: &[RuleSpec], feeds: &[FeedSpec]) -> RuleSet {
        let rules = rules
            .iter()
            .map(|spec| {
                let feeds = (!spec.feeds.is_empty()).then(|| {
                    feeds
                        .iter()
                        .filter(|f| spec.feeds.iter().any(|n| *n == f.name || f.tags.contains(n)))
                        .map(|f| f.name.clone())
                        .collect()
                });
                Rule {
                    feeds,
                    keywords: spec.keywords.iter().map(|k| k.to_lowercase()).collect(),
                    exclude: spec.exclude.iter().map(|k| k.to_lowercase()).collect(),
                    spec: spec.clone(),
                }
            })
            .collect();
        RuleSet { rules }
    }

    /// The rules, in config order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The rules `item` from feed `feed` matches.
    pub fn evaluate<'r>(&'r self, feed: &str, item: &Item, class: &Classification) -> Vec<&'r Rule> {
        let haystack = Haystack::new(item);
        self.rules.iter().filter(|r| r.decide(feed, &haystack, class).is_ok()).collect()
    }

    /// Every rule's decision on `item`, with the condition that decided it.
    pub fn explain(&self, feed: &str, item: &Item, class: &Classification) -> Vec<Decision> {
        let haystack = Haystack::new(item);
        self.rules
            .iter()
            .map(|r| match r.decide(feed, &haystack, class) {
                Ok(reason) => Decision { rule: r.spec.name.clone(), matched: true, reason },
                Err(reason) => Decision { rule: r.spec.name.clone(), matched: false, reason },
            })
            .collect()
    }
}

/// The lower-cased text keywords are searched in, built once per item.
struct Haystack(String);

impl Haystack {
    fn new(item: &Item) -> Haystack {
        let mut s = String::with_capacity(item.title.len() + item.text.len() + 64);
        s.push_str(&item.title);
        s.push('\n');
        s.push_str(&item.text);
        for c in &item.categories {
            s.push('\n');
            s.push_str(c);
        }
        Haystack(s.to_lowercase())
    }

    fn first_of<'k>(&self, words: &'k [String]) -> Option<&'k str> {
        words.iter().find(|w| contains_word(&self.0, w)).map(String::as_str)
    }
}

impl Rule {
    /// `Ok(why it matched)` or `Err(the condition that failed)`.
    fn decide(&self, feed: &str, haystack: &Haystack, class: &Classification) -> Result<String, String> {
        let spec = &self.spec;
        let mut held = Vec::new();
        if let Some(feeds) = &self.feeds {
            if !feeds.contains(feed) {
                return Err(format!("feed '{feed}' is not one of {:?}", spec.feeds));
            }
            held.push(format!("feed '{feed}'"));
        }
        if !spec.topics.is_empty() {
            let hit =
                class.topics.iter().find(|t| t.score >= spec.threshold && spec.topics.iter().any(|id| *id == t.id));
            match hit {
                Some(t) => held.push(format!("topic '{}' scored {:.2}", t.name, t.score)),
                None => return Err(format!("no topic of {:?} scored {:.2} or more", spec.topics, spec.threshold)),
            }
        }
        if let Some(countries) = &spec.countries {
            let hit = class.regions.iter().find(|r| r.score >= spec.threshold && countries.contains(&*r.country));
            match hit {
                Some(r) => held.push(format!("region '{}' scored {:.2}", r.country, r.score)),
                None => return Err(format!("no region of the rule scored {:.2} or more", spec.threshold)),
            }
        }
        if !self.keywords.is_empty() {
            match haystack.first_of(&self.keywords) {
                Some(k) => held.push(format!("keyword '{k}'")),
                None => return Err("none of the keywords occurs".into()),
            }
        }
        if let Some(k) = haystack.first_of(&self.exclude) {
            return Err(format!("excluded word '{k}' occurs"));
        }
        if held.is_empty() {
            held.push("the rule has no conditions".into());
        }
        Ok(held.join(", "))
    }
}

/// Whether `needle` occurs in `haystack` as a whole word or phrase.
/// Both are lower-case. Scripts without spaces between words (CJK, Thai)
/// match anywhere, since word boundaries mean nothing there.
pub fn contains_word(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let spaceless = needle.chars().any(is_spaceless_script);
    haystack.match_indices(needle).any(|(i, m)| {
        if spaceless {
            return true;
        }
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + m.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

fn is_spaceless_script(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0x0E00..=0x0E7F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_on_boundaries_only() {
        assert!(contains_word("a ceasefire was agreed", "ceasefire"));
        assert!(contains_word("ceasefire.", "ceasefire"));
        assert!(!contains_word("ceasefires agreed", "ceasefire"));
        assert!(!contains_word("the ambassador spoke", "syria"));
        assert!(contains_word("peace talks in jeddah", "peace talks"));
        assert!(!contains_word("peace talksmen", "peace talks"));
        assert!(contains_word("东京发生地震", "地震"));
    }
}
