//! The deliverer of one sink: takes owed outbox rows in order and records
//! each outcome. A row is marked delivered only after the sink confirmed it.
//!
//! Per round it (1) turns folded rows whose rate-limit window ended into one
//! summary row, (2) walks the pending rows in order: rows past the sink's
//! retry limits go to the dead letters, rows over a rate limit are folded,
//! the rest are delivered (grouped per rule for digest sinks). An Errored
//! row stops the round, so nothing overtakes it; it is retried with
//! exponential backoff and full jitter.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tracing::{error, info, warn};

use super::poll::error_chain;
use crate::config::{RateLimit, RetryPolicy};
use crate::sinks::{Delivery, Outgoing, Sink};
use crate::store::{now_ms, OutboxRow, Store};

/// Rows fetched from the store per round.
const BATCH: usize = 100;
/// Most alerts in one digest message.
const DIGEST_MAX: usize = 200;

/// Whether a deliverer runs until shutdown or stops once nothing is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliverMode {
    /// Keep going until shutdown (`run`).
    Forever,
    /// Deliver what is due now, then return (`once`).
    Drain,
}

/// Counts of one deliverer's work.
#[derive(Debug, Clone, Copy, Default)]
pub struct DeliverStats {
    /// Rows delivered.
    pub delivered: usize,
    /// Failed attempts (rows stay owed).
    pub errored: usize,
    /// Rows given up on.
    pub rejected: usize,
    /// Rows folded by a rate limit.
    pub folded: usize,
}

/// Everything one deliverer needs.
#[derive(Debug)]
pub(super) struct Deliverer {
    pub(super) name: String,
    pub(super) sink: Arc<Sink>,
    pub(super) retry: RetryPolicy,
    pub(super) sink_limit: Option<RateLimit>,
    pub(super) rule_limits: HashMap<String, RateLimit>,
    pub(super) store: Arc<Store>,
    pub(super) wake: Arc<Notify>,
    pub(super) mode: DeliverMode,
    pub(super) shutdown: CancellationToken,
    pub(super) metrics: Arc<crate::metrics::Metrics>,
}

/// Retry delay after `attempts` failures: exponential with full jitter.
pub(super) fn retry_delay(policy: &RetryPolicy, attempts: u32) -> Duration {
    let bound = policy.base.saturating_mul(1u32 << attempts.min(20)).min(policy.max_delay);
    bound.mul_f64(fastrand::f64()).max(Duration::from_millis(50))
}

/// Start and end (Unix ms) of the fixed window of length `per` containing `now`.
fn window(now: i64, per: Duration) -> (i64, i64) {
    let per = per.as_millis().max(1) as i64;
    let start = now - now.rem_euclid(per);
    (start, start + per)
}

/// What to do with a row.
enum Step {
    Deliver(Vec<OutboxRow>),
    Fold { key: String, until: i64 },
    Dead(String),
    WaitUntil(i64),
}

impl Deliverer {
    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, crate::store::StoreError> + Send + 'static,
    ) -> Option<T> {
        let store = self.store.clone();
        match tokio::task::spawn_blocking(move || f(&store)).await {
            Ok(Ok(v)) => Some(v),
            Ok(Err(e)) => {
                error!(sink = %self.name, error = %error_chain(&e), "outbox database error");
                None
            }
            Err(e) => {
                error!(sink = %self.name, error = %e, "outbox task failed");
                None
            }
        }
    }

    /// Turns folded rows whose window ended into summary rows.
    async fn summarize_due(&self) {
        let name = self.name.clone();
        let Some(groups) = self.blocking(move |s| s.folded_due(&name, now_ms())).await else { return };
        for group in groups {
            let alerts: Vec<serde_json::Value> =
                group.rows.iter().filter_map(|r| serde_json::from_str(&r.payload).ok()).collect();
            let (per_start, _) = (group.rows.first().map_or(group.window_end, |r| r.created_at), ());
            let ids: Vec<&str> = group.rows.iter().map(|r| r.alert_id.as_str()).collect();
            let mut parts = vec!["summary", self.name.as_str(), group.fold_key.as_str()];
            parts.extend(ids.iter().copied());
            let id = crate::pipeline::event_id(&parts);
            let iso = |ms: i64| {
                chrono::DateTime::from_timestamp_millis(ms)
                    .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            };
            let rule = if group.fold_key.is_empty() { None } else { Some(group.fold_key.clone()) };
            let payload = serde_json::json!({
                "type": "summary",
                "id": id,
                "rule": rule,
                "sink": self.name,
                "count": alerts.len(),
                "window_start": iso(per_start),
                "window_end": iso(group.window_end),
                "alerts": alerts,
                "detected_at": iso(now_ms()),
            })
            .to_string();
            info!(sink = %self.name, rule = rule.as_deref().unwrap_or(""), count = ids.len(), alert_id = %id, "rate limit: alerts folded into a summary");
            let (name, folded, key) =
                (self.name.clone(), group.rows.iter().map(|r| r.id).collect::<Vec<_>>(), group.fold_key.clone());
            self.blocking(move |s| s.summarize(&name, &folded, &id, &key, &payload)).await;
        }
    }

    /// Decides what to do with `row` (the first pending row not yet handled).
    async fn step(&self, row: &OutboxRow, now: i64) -> Step {
        if self.retry.max_attempts.is_some_and(|max| row.attempts >= max) {
            return Step::Dead(format!("gave up after {} attempts", row.attempts));
        }
        if self.retry.max_age.is_some_and(|age| now - row.created_at > age.as_millis() as i64) {
            return Step::Dead(format!("gave up: older than {:?}", self.retry.max_age.unwrap_or_default()));
        }
        if row.next_attempt > now {
            return Step::WaitUntil(row.next_attempt);
        }
        if row.kind == "alert" {
            let limits = [(self.sink_limit, None), (self.rule_limits.get(&row.rule).copied(), Some(row.rule.clone()))];
            for (limit, rule) in limits {
                let Some(limit) = limit else { continue };
                let (start, end) = window(now, limit.per);
                let (name, r) = (self.name.clone(), rule.clone());
                let used = self.blocking(move |s| s.delivered_since(&name, r.as_deref(), start)).await.unwrap_or(0);
                if used >= limit.count {
                    return Step::Fold { key: rule.unwrap_or_default(), until: end };
                }
            }
        }
        if let Some(digest) = self.sink.digest_window() {
            let ready_at = row.created_at + digest.as_millis() as i64;
            if ready_at > now {
                return Step::WaitUntil(ready_at);
            }
            let (name, rule) = (self.name.clone(), row.rule.clone());
            if let Some(rows) = self.blocking(move |s| s.pending_for_rule(&name, &rule, DIGEST_MAX)).await {
                let due: Vec<OutboxRow> =
                    rows.into_iter().filter(|r| r.next_attempt <= now && r.kind == row.kind).collect();
                if !due.is_empty() {
                    return Step::Deliver(due);
                }
            }
        }
        Step::Deliver(vec![row.clone()])
    }

    /// Delivers rows until shutdown (or, in drain mode, until none is due).
    pub(super) async fn run(self) -> DeliverStats {
        let mut stats = DeliverStats::default();
        loop {
            if self.shutdown.is_cancelled() {
                return stats;
            }
            self.summarize_due().await;
            let name = self.name.clone();
            let rows = self.blocking(move |s| s.pending(&name, BATCH)).await.unwrap_or_default();
            let mut wait_until: Option<i64> = None;
            let mut handled = 0usize;
            let mut done_in_batch = std::collections::HashSet::new();
            for row in &rows {
                if self.shutdown.is_cancelled() {
                    return stats;
                }
                if done_in_batch.contains(&row.id) {
                    continue;
                }
                let now = now_ms();
                match self.step(row, now).await {
                    Step::WaitUntil(at) => {
                        wait_until = Some(at);
                        break;
                    }
                    Step::Dead(why) => {
                        error!(sink = %self.name, rule = %row.rule, feed = %row.feed, alert_id = %row.alert_id, error = %why, last_error = row.last_error.as_deref().unwrap_or(""), "alert moved to dead letters");
                        let id = row.id;
                        self.blocking(move |s| s.mark_dead(&[id], &why)).await;
                        self.metrics.delivery(&self.name, "dead", 1);
                        stats.rejected += 1;
                        handled += 1;
                    }
                    Step::Fold { key, until } => {
                        let id = row.id;
                        self.blocking(move |s| s.mark_folded(id, &key, until)).await;
                        self.metrics.delivery(&self.name, "folded", 1);
                        stats.folded += 1;
                        handled += 1;
                    }
                    Step::Deliver(batch) => {
                        let docs: Vec<Outgoing> = batch
                            .iter()
                            .filter_map(|r| Outgoing::new(&r.alert_id, &r.rule, &r.feed, r.payload.clone()).ok())
                            .collect();
                        let ids: Vec<i64> = batch.iter().map(|r| r.id).collect();
                        done_in_batch.extend(ids.iter().copied());
                        let outcome = if docs.len() == batch.len() {
                            self.sink.deliver(&docs).await
                        } else {
                            Delivery::rejected("stored alert is not valid JSON")
                        };
                        handled += batch.len();
                        match outcome {
                            Delivery::Delivered => {
                                self.metrics.delivery(&self.name, "delivered", batch.len() as u64);
                                stats.delivered += batch.len();
                                self.blocking(move |s| s.mark_delivered(&ids)).await;
                            }
                            Delivery::Rejected { error } => {
                                self.metrics.delivery(&self.name, "rejected", batch.len() as u64);
                                stats.rejected += batch.len();
                                error!(sink = %self.name, rule = %row.rule, feed = %row.feed, alert_id = %row.alert_id, error = %error, "alert rejected by sink; moved to dead letters");
                                self.blocking(move |s| s.mark_dead(&ids, &error)).await;
                            }
                            Delivery::Errored { error, retry_after } => {
                                self.metrics.delivery(&self.name, "errored", 1);
                                stats.errored += 1;
                                let delay = retry_after.unwrap_or_else(|| retry_delay(&self.retry, row.attempts));
                                let next = now_ms() + delay.as_millis() as i64;
                                if row.attempts == 0 || row.attempts % 10 == 9 {
                                    error!(sink = %self.name, rule = %row.rule, feed = %row.feed, alert_id = %row.alert_id, attempts = row.attempts + 1, retry_in_ms = delay.as_millis() as u64, error = %error, "alert delivery failed; will retry");
                                } else {
                                    warn!(sink = %self.name, alert_id = %row.alert_id, attempts = row.attempts + 1, retry_in_ms = delay.as_millis() as u64, error = %error, "alert delivery failed; will retry");
                                }
                                self.blocking(move |s| s.mark_retry(&ids, next, &error)).await;
                                // Keep order: nothing behind this row goes first.
                                wait_until = Some(next);
                                break;
                            }
                        }
                    }
                }
            }
            if self.mode == DeliverMode::Drain {
                if wait_until.is_some() || handled == 0 {
                    return stats;
                }
                continue;
            }
            if handled > 0 && wait_until.is_none() {
                continue; // more rows may be waiting
            }
            let name = self.name.clone();
            let fold_end = self.blocking(move |s| s.next_fold_end(&name)).await.flatten();
            let wake_at = [wait_until, fold_end].into_iter().flatten().min();
            let sleep =
                wake_at.map_or(Duration::from_secs(3600), |at| Duration::from_millis((at - now_ms()).max(0) as u64));
            if sleep.is_zero() {
                continue;
            }
            tokio::select! {
                () = self.shutdown.cancelled() => return stats,
                () = self.wake.notified() => {}
                () = tokio::time::sleep(sleep) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_fixed_and_aligned() {
        let hour = Duration::from_secs(3600);
        assert_eq!(window(7_200_000 + 5, hour), (7_200_000, 10_800_000));
        assert_eq!(window(7_200_000, hour), (7_200_000, 10_800_000));
    }

    #[test]
    fn retry_delays_grow_with_jitter_and_stay_capped() {
        let policy = RetryPolicy {
            base: Duration::from_secs(1),
            max_delay: Duration::from_secs(60),
            max_attempts: None,
            max_age: None,
        };
        for attempts in 0..30 {
            let d = retry_delay(&policy, attempts);
            let bound = Duration::from_secs(1u64 << attempts.min(20)).min(Duration::from_secs(60));
            assert!(d <= bound.max(Duration::from_millis(50)), "{attempts}: {d:?} > {bound:?}");
        }
    }
}
