//! De-duplication keys and the one transaction that records a poll.

use std::collections::BTreeSet;

use rusqlite::params;

use super::{now_ms, FeedUpdate, Store, StoreError};
use crate::feed::ItemKey;

/// An alert to queue for delivery: one outbox row per sink.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAlert {
    /// Stable alert id (same rule and item → same id).
    pub alert_id: String,
    /// Rule that matched.
    pub rule: String,
    /// Sinks to deliver to.
    pub sinks: Vec<String>,
    /// The alert JSON, as delivered.
    pub payload: String,
}

/// One item a poll found new (as far as the poll could tell).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollItem {
    /// Its keys: the primary key first, then its link key if any.
    pub keys: Vec<ItemKey>,
    /// The alerts it raised; queued only if the item is still new when the
    /// transaction runs (another feed may have recorded it meanwhile).
    pub alerts: Vec<NewAlert>,
}

/// A feed-health event to queue with the poll's state (one row per sink).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthEvent {
    /// Stable event id.
    pub id: String,
    /// Sinks to deliver to.
    pub sinks: Vec<String>,
    /// The event JSON.
    pub payload: String,
}

/// Everything one poll writes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PollRecord {
    /// The feed polled.
    pub feed: String,
    /// Its new state.
    pub update: FeedUpdate,
    /// Items not seen before.
    pub items: Vec<PollItem>,
    /// Keys of known items still in the document: refreshed so that pruning
    /// never forgets an item a feed still carries (which would alert it again).
    pub still_present: Vec<ItemKey>,
    /// A feed-health event the poll raised (failing for too long, or recovered).
    pub health: Option<HealthEvent>,
}

/// What recording a poll did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PollResult {
    /// Items recorded as new.
    pub new_items: usize,
    /// Items that turned out to be known (same article through another feed).
    pub duplicates: usize,
    /// Outbox rows queued.
    pub queued: usize,
    /// Sinks that received rows, so their deliverers can be woken.
    pub sinks: BTreeSet<String>,
}

impl Store {
    /// Which of `keys` have been seen before.
    pub fn seen_keys(&self, keys: &[&ItemKey]) -> Result<BTreeSet<ItemKey>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached("SELECT 1 FROM seen WHERE key = ?1")?;
        let mut out = BTreeSet::new();
        for k in keys {
            if stmt.exists([k.as_str()])? {
                out.insert((*k).clone());
            }
        }
        Ok(out)
    }

    /// Records a poll in one transaction: keys, outbox rows, feed state.
    pub fn record_poll(&self, record: &PollRecord) -> Result<PollResult, StoreError> {
        let now = now_ms();
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let mut result = PollResult::default();
        {
            let mut insert_key = tx.prepare_cached(
                "INSERT OR IGNORE INTO seen (key, feed, first_seen, last_seen) VALUES (?1, ?2, ?3, ?3)",
            )?;
            let mut touch = tx.prepare_cached("UPDATE seen SET last_seen = ?2 WHERE key = ?1 AND last_seen < ?3")?;
            let mut queue = tx.prepare_cached(
                "INSERT OR IGNORE INTO outbox (alert_id, sink, rule, feed, item_key, payload, next_attempt, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?7)",
            )?;
            for key in &record.still_present {
                // Refresh at most once an hour per key: keeps writes low.
                touch.execute(params![key.as_str(), now, now - 3_600_000])?;
            }
            for item in &record.items {
                let mut all_new = true;
                for key in &item.keys {
                    let inserted = insert_key.execute(params![key.as_str(), record.feed, now])?;
                    all_new &= inserted == 1;
                }
                if !all_new {
                    result.duplicates += 1;
                    continue;
                }
                result.new_items += 1;
                let primary = item.keys.first().map(ItemKey::as_str).unwrap_or_default();
                for alert in &item.alerts {
                    for sink in &alert.sinks {
                        result.queued += queue.execute(params![
                            alert.alert_id,
                            sink,
                            alert.rule,
                            record.feed,
                            primary,
                            alert.payload,
                            now
                        ])?;
                        result.sinks.insert(sink.clone());
                    }
                }
            }
        }
        if let Some(event) = &record.health {
            let mut queue = tx.prepare_cached(
                "INSERT OR IGNORE INTO outbox (alert_id, sink, kind, rule, feed, item_key, payload, next_attempt, created_at, updated_at)
                 VALUES (?1, ?2, 'feed_health', '', ?3, '', ?4, ?5, ?5, ?5)",
            )?;
            for sink in &event.sinks {
                result.queued += queue.execute(params![event.id, sink, record.feed, event.payload, now])?;
                result.sinks.insert(sink.clone());
            }
        }
        Store::apply_feed_update(&tx, &record.feed, &record.update, result.new_items as u64)?;
        tx.commit()?;
        Ok(result)
    }
}
