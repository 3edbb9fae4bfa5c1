//! Templates for alert bodies, subjects and chat messages (minijinja).
//!
//! A template sees the delivered document as `alert`: an alert (see the
//! README for its schema), a summary of folded alerts (`alert.type ==
//! "summary"`) or a feed-health event (`alert.type == "feed_health"`).
//! Digest emails see the list as `alerts`. Undefined variables are errors, so
//! a typo in a template is caught by `wirewatch check`, which renders every
//! template against a sample alert.

use minijinja::{Environment, UndefinedBehavior, Value};

/// A template environment with wirewatch's settings.
pub fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env
}

/// Renders `source` with `alert` in scope.
pub fn render(source: &str, alert: &serde_json::Value) -> Result<String, minijinja::Error> {
    environment().render_str(source, minijinja::context! { alert => Value::from_serialize(alert) })
}

/// Renders `source` with the digest's `alerts` in scope (and the first as `alert`).
pub fn render_digest(source: &str, alerts: &[serde_json::Value]) -> Result<String, minijinja::Error> {
    let first = alerts.first().cloned().unwrap_or(serde_json::Value::Null);
    environment().render_str(
        source,
        minijinja::context! { alert => Value::from_serialize(&first), alerts => Value::from_serialize(alerts) },
    )
}

/// Checks that `source` compiles and renders against a sample alert.
pub fn check(source: &str) -> Result<(), String> {
    render(source, &sample_alert()).map(drop).map_err(|e| {
        let mut msg = e.to_string();
        let mut cause = std::error::Error::source(&e);
        while let Some(c) = cause {
            msg.push_str(&format!(": {c}"));
            cause = c.source();
        }
        msg
    })
}

/// An alert with every field of the schema filled, for checking templates.
pub fn sample_alert() -> serde_json::Value {
    serde_json::json!({
        "type": "alert",
        "id": "0123456789abcdef0123456789abcdef",
        "rule": "example-rule",
        "feed": {"name": "example-feed", "url": "https://example.com/feed.xml"},
        "item": {
            "id": "fedcba9876543210fedcba9876543210",
            "title": "Example title",
            "link": "https://example.com/story",
            "published": "2026-01-01T00:00:00Z",
            "summary": "Example summary.",
            "authors": ["A. Writer"],
            "categories": ["World"]
        },
        "topics": [{"id": "medtop:16000000", "name": "conflict, war and peace", "score": 0.9, "evidence": []}],
        "regions": [{"country": "UA", "name": "Ukraine", "score": 0.9, "subregion": "Eastern Europe", "region": "Europe", "evidence": []}],
        "detected_at": "2026-01-01T00:00:05Z"
    })
}

/// A one-line plain-text description of a delivered document, the default
/// message of chat presets and email subjects.
pub fn headline(doc: &serde_json::Value) -> String {
    let s = |p: &str| doc.pointer(p).and_then(|v| v.as_str()).unwrap_or("");
    match s("/type") {
        "summary" => format!("[wirewatch] {} more alerts for rule {}", doc["count"], s("/rule")),
        "feed_health" => format!("[wirewatch] feed {} is {}", s("/feed/name"), s("/state")),
        _ => format!("[{}] {}", s("/rule"), s("/item/title")),
    }
}

/// The default plain-text body of a document, used by chat presets and email
/// when no template is configured: headline, link, and what it is about.
pub fn default_text(doc: &serde_json::Value) -> String {
    let s = |p: &str| doc.pointer(p).and_then(|v| v.as_str()).unwrap_or("");
    let mut out = headline(doc);
    match s("/type") {
        "summary" => {
            out.push_str(&format!(
                "\nFolded by the rate limit between {} and {}:",
                s("/window_start"),
                s("/window_end")
            ));
            for a in doc["alerts"].as_array().into_iter().flatten().take(20) {
                let title = a.pointer("/item/title").and_then(|v| v.as_str()).unwrap_or("");
                let link = a.pointer("/item/link").and_then(|v| v.as_str()).unwrap_or("");
                out.push_str(&format!("\n- {title} {link}"));
            }
            let n = doc["alerts"].as_array().map_or(0, Vec::len);
            if n > 20 {
                out.push_str(&format!("\n… and {} more", n - 20));
            }
        }
        "feed_health" => {
            out.push_str(&format!("\n{}", s("/feed/url")));
            if !s("/error").is_empty() {
                out.push_str(&format!("\nLast error: {}", s("/error")));
            }
            if !s("/failing_since").is_empty() {
                out.push_str(&format!("\nFailing since {}", s("/failing_since")));
            }
        }
        _ => {
            if !s("/item/link").is_empty() {
                out.push_str(&format!("\n{}", s("/item/link")));
            }
            let list = |key: &str, field: &str| -> String {
                doc[key]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|t| t["score"].as_f64().unwrap_or(0.0) >= 0.5)
                    .filter_map(|t| t[field].as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let (topics, regions) = (list("topics", "name"), list("regions", "name"));
            if !topics.is_empty() || !regions.is_empty() {
                out.push_str(&format!("\nTopics: {topics} · Regions: {regions}"));
            }
            if !s("/item/summary").is_empty() {
                out.push_str(&format!("\n{}", s("/item/summary")));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_alert_fields() {
        let out = render("{{ alert.rule }}: {{ alert.item.title }} ({{ alert.regions[0].country }})", &sample_alert())
            .unwrap();
        assert_eq!(out, "example-rule: Example title (UA)");
    }

    #[test]
    fn typos_and_syntax_errors_are_found() {
        assert!(check("{{ alert.item.titel }}").is_err());
        assert!(check("{% if alert.rule %}unclosed").is_err());
        assert!(check("{{ alert.item.title | upper }}").is_ok());
        assert!(check("{{ alert | tojson }}").is_ok());
    }
}
