//! The `log` sink: one structured tracing event per alert.

use super::Delivery;
use crate::store::OutboxRow;

/// Emits each alert as an INFO event with target `wirewatch::alert`, so log
/// monitoring can select alerts by target and read them from fields.
#[derive(Debug)]
pub struct LogSink;

impl LogSink {
    pub(super) fn deliver(&self, row: &OutboxRow) -> Delivery {
        let alert: serde_json::Value = match serde_json::from_str(&row.payload) {
            Ok(v) => v,
            Err(e) => return Delivery::Rejected { error: format!("alert payload is not JSON: {e}") },
        };
        let s = |ptr: &str| alert.pointer(ptr).and_then(|v| v.as_str()).unwrap_or("").to_string();
        let names = |key: &str, field: &str| {
            alert
                .get(key)
                .and_then(|v| v.as_array())
                .map(|a| a.iter().filter_map(|t| t.get(field).and_then(|n| n.as_str())).collect::<Vec<_>>().join(","))
                .unwrap_or_default()
        };
        tracing::info!(
            target: "wirewatch::alert",
            alert_id = %row.alert_id,
            rule = %row.rule,
            feed = %row.feed,
            feed_url = %s("/feed/url"),
            title = %s("/item/title"),
            link = %s("/item/link"),
            published = %s("/item/published"),
            topics = %names("topics", "name"),
            regions = %names("regions", "country"),
            "alert"
        );
        Delivery::Delivered
    }
}
