//! The deliverer of one sink: takes owed outbox rows in order and records
//! each outcome. A row is marked delivered only after the sink confirmed it.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tracing::{error, warn};

use super::poll::error_chain;
use crate::sinks::{Delivery, Sink};
use crate::store::{now_ms, Store};

/// Rows fetched from the store per round.
const BATCH: usize = 100;
/// First retry delay; doubles per attempt.
const RETRY_BASE: Duration = Duration::from_secs(2);
/// Longest retry delay.
const RETRY_CAP: Duration = Duration::from_secs(600);

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
}

/// Retry delay after `attempts` failures: exponential with full jitter.
fn retry_delay(attempts: u32) -> Duration {
    let bound = RETRY_BASE.saturating_mul(1 << attempts.min(16)).min(RETRY_CAP);
    bound.mul_f64(0.5 + 0.5 * fastrand::f64())
}

/// Delivers `sink`'s rows until shutdown (or, in drain mode, until none is due).
pub(super) async fn deliver_loop(
    name: String,
    sink: Arc<Sink>,
    store: Arc<Store>,
    wake: Arc<Notify>,
    mode: DeliverMode,
    shutdown: CancellationToken,
) -> DeliverStats {
    let mut stats = DeliverStats::default();
    loop {
        if shutdown.is_cancelled() {
            return stats;
        }
        let rows = {
            let store = store.clone();
            let name = name.clone();
            tokio::task::spawn_blocking(move || store.pending(&name, BATCH)).await
        };
        let rows = match rows {
            Ok(Ok(rows)) => rows,
            Ok(Err(e)) => {
                error!(sink = %name, error = %error_chain(&e), "cannot read the outbox");
                Vec::new()
            }
            Err(_) => Vec::new(),
        };
        let mut wait_until: Option<i64> = None;
        let mut progressed = false;
        for row in &rows {
            if shutdown.is_cancelled() {
                return stats;
            }
            let now = now_ms();
            if row.next_attempt > now {
                wait_until = Some(row.next_attempt);
                break;
            }
            let outcome = sink.deliver(row).await;
            let store_result = {
                let store = store.clone();
                let (id, attempts) = (row.id, row.attempts);
                let outcome = outcome.clone();
                tokio::task::spawn_blocking(move || match &outcome {
                    Delivery::Delivered => store.mark_delivered(id),
                    Delivery::Errored { error, retry_after } => {
                        let delay = retry_after.unwrap_or_else(|| retry_delay(attempts)).max(Duration::from_millis(100));
                        store.mark_retry(id, now_ms() + delay.as_millis() as i64, error)
                    }
                    Delivery::Rejected { error } => store.mark_dead(id, error),
                })
                .await
            };
            if let Ok(Err(e)) = &store_result {
                error!(sink = %name, alert_id = %row.alert_id, error = %error_chain(e), "cannot record a delivery; it may be repeated");
            }
            match outcome {
                Delivery::Delivered => {
                    stats.delivered += 1;
                    progressed = true;
                }
                Delivery::Errored { error, .. } => {
                    stats.errored += 1;
                    if row.attempts == 0 || row.attempts % 10 == 9 {
                        error!(sink = %name, rule = %row.rule, feed = %row.feed, alert_id = %row.alert_id, attempts = row.attempts + 1, error = %error, "alert delivery failed; will retry");
                    } else {
                        warn!(sink = %name, alert_id = %row.alert_id, attempts = row.attempts + 1, error = %error, "alert delivery failed; will retry");
                    }
                    // Keep order: nothing after this row goes first.
                    wait_until = Some(now_ms() + 100);
                    if mode == DeliverMode::Drain {
                        return stats;
                    }
                    break;
                }
                Delivery::Rejected { error } => {
                    stats.rejected += 1;
                    progressed = true;
                    error!(sink = %name, rule = %row.rule, feed = %row.feed, alert_id = %row.alert_id, error = %error, "alert rejected by sink; moved to dead letters");
                }
            }
        }
        if progressed && wait_until.is_none() && rows.len() == BATCH {
            continue; // more rows may be waiting
        }
        if mode == DeliverMode::Drain {
            if rows.is_empty() || wait_until.is_some() {
                return stats;
            }
            continue;
        }
        let sleep = match wait_until {
            Some(at) => Duration::from_millis((at - now_ms()).max(0) as u64),
            None if progressed => Duration::ZERO,
            None => Duration::from_secs(3600),
        };
        if sleep.is_zero() {
            continue;
        }
        tokio::select! {
            () = shutdown.cancelled() => return stats,
            () = wake.notified() => {}
            () = tokio::time::sleep(sleep) => {}
        }
    }
}
