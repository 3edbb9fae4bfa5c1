//! One poll of one feed: fetch, then parse → pipeline → store off the reactor.

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn, Instrument};
use url::Url;

use super::Shared;
use crate::config::FeedSpec;
use crate::fetch::{retry, FetchOutcome, FetchRequest};
use crate::store::{now_ms, FeedState, FeedUpdate, HealthEvent, PollRecord};

/// How a poll ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollStatus {
    /// A document was fetched and processed.
    Ok,
    /// The server said nothing changed.
    NotModified,
    /// Fetching or parsing failed.
    Failed,
    /// Shutdown interrupted the fetch; nothing was recorded.
    Cancelled,
}

/// What one poll did, for the scheduler and the `once` summary.
#[derive(Debug, Clone, Copy)]
pub struct PollReport {
    /// How it ended.
    pub status: PollStatus,
    /// Items recorded as new.
    pub new_items: usize,
    /// Outbox rows queued.
    pub queued: usize,
    /// When the feed is due again (Unix ms).
    pub next_due: i64,
}

/// Polls `feed` once and records the result.
pub async fn poll_feed(shared: Arc<Shared>, feed: Arc<FeedSpec>, shutdown: CancellationToken) -> PollReport {
    let span = tracing::info_span!("poll", feed = %feed.name);
    poll_inner(shared, feed, shutdown).instrument(span).await
}

async fn poll_inner(shared: Arc<Shared>, feed: Arc<FeedSpec>, shutdown: CancellationToken) -> PollReport {
    let state = {
        let store = shared.store.clone();
        let name = feed.name.clone();
        match tokio::task::spawn_blocking(move || store.feed_state(&name)).await {
            Ok(Ok(Some(state))) => state,
            Ok(Ok(None)) | Ok(Err(_)) | Err(_) => {
                // The feed row is created at start; a missing row or a store
                // error means the store is failing: try again later.
                warn!(feed_url = %feed.url, "cannot read feed state; skipping this poll");
                return PollReport {
                    status: PollStatus::Failed,
                    new_items: 0,
                    queued: 0,
                    next_due: now_ms() + feed.interval.as_millis() as i64,
                };
            }
        }
    };
    let url = Url::parse(&state.url).unwrap_or_else(|_| feed.url.clone());
    let request = FetchRequest {
        url: &url,
        etag: state.etag.as_deref(),
        last_modified: state.last_modified.as_deref(),
        timeout: feed.timeout,
        max_body_size: feed.max_body_size,
    };
    let fetch_started = std::time::Instant::now();
    let outcome = tokio::select! {
        biased;
        () = shutdown.cancelled() => {
            return PollReport { status: PollStatus::Cancelled, new_items: 0, queued: 0, next_due: state.next_due.unwrap_or_else(now_ms) };
        }
        outcome = shared.fetcher.fetch(&request) => outcome,
    };
    if outcome.is_ok() {
        shared.metrics.fetch_seconds.observe(fetch_started.elapsed().as_secs_f64());
    }
    let regular_next = || now_ms() + retry::jittered_interval(feed.interval, fastrand::f64()).as_millis() as i64;
    match outcome {
        Ok(FetchOutcome::NotModified { moved_to }) => {
            note_move(&url, moved_to.as_ref());
            let update = FeedUpdate {
                url: moved_to.map(|u| u.to_string()),
                keep_validators: true,
                status: "not_modified".into(),
                success: true,
                next_due: regular_next(),
                ..FeedUpdate::default()
            };
            debug!(feed_url = %url, "feed not modified");
            shared.metrics.poll("not_modified");
            let next_due = update.next_due;
            record(&shared, &feed, &state, PollRecord { feed: feed.name.clone(), update, ..PollRecord::default() })
                .await;
            PollReport { status: PollStatus::NotModified, new_items: 0, queued: 0, next_due }
        }
        Ok(FetchOutcome::Fetched { body, etag, last_modified, moved_to, final_url }) => {
            note_move(&url, moved_to.as_ref());
            shared.metrics.fetched_bytes.inc_by(body.len() as u64);
            let update = FeedUpdate {
                url: moved_to.map(|u| u.to_string()),
                etag,
                last_modified,
                keep_validators: false,
                status: "ok".into(),
                success: true,
                next_due: regular_next(),
                ..FeedUpdate::default()
            };
            process(shared, feed, state, body, final_url, update).await
        }
        Err(error) => {
            shared.metrics.poll(&error.kind());
            let failures = state.consecutive_failures.saturating_add(1);
            let mut delay = retry::backoff_delay(feed.interval, failures, feed.max_backoff, fastrand::f64());
            if let Some(asked) = error.retry_after() {
                let capped = asked.min(feed.max_retry_after);
                if capped < asked {
                    warn!(feed_url = %url, retry_after_secs = asked.as_secs(), capped_secs = capped.as_secs(), "Retry-After capped");
                }
                delay = delay.max(capped);
            }
            warn!(
                feed = %feed.name,
                feed_url = %url,
                error_kind = %error.kind(),
                error = %error_chain(&error),
                consecutive_failures = failures,
                retry_in_secs = delay.as_secs(),
                "feed poll failed"
            );
            let update = FeedUpdate {
                keep_validators: true,
                status: error.kind(),
                error: Some(error_chain(&error)),
                consecutive_failures: failures,
                next_due: now_ms() + delay.as_millis() as i64,
                success: false,
                ..FeedUpdate::default()
            };
            let next_due = update.next_due;
            record(&shared, &feed, &state, PollRecord { feed: feed.name.clone(), update, ..PollRecord::default() })
                .await;
            PollReport { status: PollStatus::Failed, new_items: 0, queued: 0, next_due }
        }
    }
}

fn note_move(from: &Url, to: Option<&Url>) {
    if let Some(to) = to {
        info!(feed_url = %from, new_url = %to, "feed moved permanently; polling the new URL from now on");
    }
}

/// Parses and processes a fetched document, then records it, off the reactor.
async fn process(
    shared: Arc<Shared>,
    feed: Arc<FeedSpec>,
    state: FeedState,
    body: bytes::Bytes,
    final_url: Url,
    mut update: FeedUpdate,
) -> PollReport {
    let work_shared = shared.clone();
    let work_feed = feed.clone();
    let result = tokio::task::spawn_blocking(move || {
        let parsed = match crate::feed::parse(&body, final_url.as_str(), &work_feed.name) {
            Ok(p) => p,
            Err(e) => return Err(e),
        };
        drop(body);
        let item_count = parsed.items.len();
        let mut keys = Vec::with_capacity(item_count * 2);
        for item in &parsed.items {
            keys.push(item.key.clone());
            keys.extend(item.link_key.clone());
        }
        let key_refs: Vec<_> = keys.iter().collect();
        let known = work_shared.store.seen_keys(&key_refs).unwrap_or_default();
        let alerting = state.initialized || work_feed.backfill;
        let processed = work_shared.pipeline().process(&work_feed, parsed, &known, alerting, chrono::Utc::now());
        Ok((item_count, alerting, processed))
    })
    .await;
    match result {
        Ok(Ok((item_count, alerting, processed))) => {
            let alerts = processed.alerts;
            let next_due = update.next_due;
            let record_in = PollRecord {
                feed: feed.name.clone(),
                update,
                items: processed.items,
                still_present: processed.still_present,
                health: None,
            };
            let written = record(&shared, &feed, &state, record_in).await;
            let (new_items, queued) = written.map_or((0, 0), |r| (r.new_items, r.queued));
            shared.metrics.poll("ok");
            shared.metrics.items_parsed.inc_by(item_count as u64);
            shared.metrics.items_new.inc_by(new_items as u64);
            if new_items > 0 {
                info!(feed = %feed.name, feed_url = %feed.url, items = item_count, new_items, alerts, queued, first_run = !alerting, "new items");
            } else {
                debug!(feed_url = %feed.url, items = item_count, "no new items");
            }
            PollReport { status: PollStatus::Ok, new_items, queued, next_due }
        }
        Ok(Err(parse_error)) => {
            shared.metrics.poll("parse");
            let failures = state.consecutive_failures.saturating_add(1);
            let delay = retry::backoff_delay(feed.interval, failures, feed.max_backoff, fastrand::f64());
            let message = error_chain(&parse_error);
            warn!(feed = %feed.name, feed_url = %feed.url, error_kind = "parse", error = %message, consecutive_failures = failures, retry_in_secs = delay.as_secs(), "feed poll failed");
            // Keep the old validators: a broken document must not be skipped
            // by a 304 next time once the publisher fixes it.
            update.keep_validators = true;
            update.status = "parse".into();
            update.error = Some(message);
            update.success = false;
            update.consecutive_failures = failures;
            update.next_due = now_ms() + delay.as_millis() as i64;
            let next_due = update.next_due;
            record(&shared, &feed, &state, PollRecord { feed: feed.name.clone(), update, ..PollRecord::default() })
                .await;
            PollReport { status: PollStatus::Failed, new_items: 0, queued: 0, next_due }
        }
        Err(join_error) => {
            warn!(feed_url = %feed.url, error = %join_error, "processing the feed panicked; will retry");
            PollReport {
                status: PollStatus::Failed,
                new_items: 0,
                queued: 0,
                next_due: now_ms() + feed.interval.as_millis() as i64,
            }
        }
    }
}

/// Writes a poll record and wakes the deliverers of the sinks it queued for.
async fn record(
    shared: &Arc<Shared>,
    feed: &FeedSpec,
    state: &FeedState,
    mut record: PollRecord,
) -> Option<crate::store::PollResult> {
    record.health = health_transition(shared, feed, state, &mut record.update);
    let store = shared.store.clone();
    let feed = record.feed.clone();
    match tokio::task::spawn_blocking(move || store.record_poll(&record)).await {
        Ok(Ok(result)) => {
            for sink in &result.sinks {
                shared.wake(sink);
            }
            Some(result)
        }
        Ok(Err(error)) => {
            tracing::error!(feed = %feed, error = %error_chain(&error), "cannot record poll; its items will be fetched again");
            None
        }
        Err(error) => {
            tracing::error!(feed = %feed, error = %error, "recording the poll panicked");
            None
        }
    }
}

/// Tracks runs of failures, and raises a feed-health event when a feed has
/// failed continuously for `[health] failing_after`, and again when it recovers.
fn health_transition(
    shared: &Shared,
    feed: &FeedSpec,
    state: &FeedState,
    update: &mut FeedUpdate,
) -> Option<HealthEvent> {
    let now = now_ms();
    if update.success {
        update.failing_since = None;
        update.health_alerted = false;
    } else {
        update.failing_since = Some(state.failing_since.unwrap_or(now));
        update.health_alerted = state.health_alerted;
    }
    let health = shared.health();
    if health.sinks.is_empty() {
        return None;
    }
    let since = state.failing_since.unwrap_or(now);
    let event_state = if update.success && state.health_alerted {
        "recovered"
    } else if !update.success && !state.health_alerted && now - since >= health.failing_after.as_millis() as i64 {
        update.health_alerted = true;
        "failing"
    } else {
        return None;
    };
    let iso = |ms: i64| {
        chrono::DateTime::from_timestamp_millis(ms).map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
    };
    let id = crate::pipeline::event_id(&["feed_health", &feed.name, event_state, &since.to_string()]);
    let payload = serde_json::json!({
        "type": "feed_health",
        "id": id,
        "feed": { "name": feed.name, "url": feed.url.as_str() },
        "state": event_state,
        "failing_since": iso(since),
        "consecutive_failures": if update.success { state.consecutive_failures } else { update.consecutive_failures },
        "error": if update.success { state.last_error.clone() } else { update.error.clone() },
        "detected_at": iso(now),
    });
    if event_state == "failing" {
        tracing::error!(feed = %feed.name, feed_url = %feed.url, failing_since = ?iso(since), error = ?update.error, "feed failing for too long");
    } else {
        info!(feed = %feed.name, feed_url = %feed.url, "feed recovered");
    }
    Some(HealthEvent { id, sinks: health.sinks.clone(), payload: payload.to_string() })
}

/// An error and its sources on one line: "a: b: c".
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut s = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        let msg = e.to_string();
        if !s.contains(&msg) {
            s.push_str(": ");
            s.push_str(&msg);
        }
        source = e.source();
    }
    s
}

/// Spread for the first poll of feeds without a stored due time, so a
/// start with many feeds does not send every request in the same second:
/// 10 ms per feed, at most 10 s and at most the interval.
pub fn initial_spread(interval: Duration, feeds: usize) -> Duration {
    let window = interval.min(Duration::from_secs(10)).min(Duration::from_millis(10 * feeds as u64));
    window.mul_f64(fastrand::f64())
}
