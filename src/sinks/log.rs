//! The `log` sink: one structured tracing event per alert.

use super::Outgoing;

/// Emits each alert as an INFO event with target `wirewatch::alert`, so log
/// monitoring can select alerts by target and read them from fields.
/// Summaries and feed-health events use the same target with their `type`.
#[derive(Debug)]
pub struct LogSink;

impl LogSink {
    pub(super) fn deliver(&self, doc: &Outgoing) {
        let alert = &doc.json;
        let s = |ptr: &str| alert.pointer(ptr).and_then(|v| v.as_str()).unwrap_or("").to_string();
        let names = |key: &str, field: &str| {
            alert
                .get(key)
                .and_then(|v| v.as_array())
                .map(|a| a.iter().filter_map(|t| t.get(field).and_then(|n| n.as_str())).collect::<Vec<_>>().join(","))
                .unwrap_or_default()
        };
        match s("/type").as_str() {
            "summary" => tracing::info!(
                target: "wirewatch::alert",
                alert_id = %doc.id,
                rule = %doc.rule,
                count = alert["count"].as_u64().unwrap_or(0),
                "alert summary"
            ),
            "feed_health" => tracing::info!(
                target: "wirewatch::alert",
                alert_id = %doc.id,
                feed = %doc.feed,
                state = %s("/state"),
                error = %s("/error"),
                "feed health"
            ),
            _ => tracing::info!(
                target: "wirewatch::alert",
                alert_id = %doc.id,
                rule = %doc.rule,
                feed = %doc.feed,
                feed_url = %s("/feed/url"),
                title = %s("/item/title"),
                link = %s("/item/link"),
                published = %s("/item/published"),
                topics = %names("topics", "name"),
                regions = %names("regions", "country"),
                "alert"
            ),
        }
    }
}
