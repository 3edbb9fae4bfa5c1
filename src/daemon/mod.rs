//! The daemon: schedules polls, runs the pipeline, delivers alerts.
//!
//! [`run`] takes the validated config and a shutdown token (shutdown is an
//! input, as in mini-redis). It opens the store, starts one deliverer per
//! sink and a scheduler that polls each feed when it is due, at most
//! `concurrency` at a time. `once` uses the same code: every feed is polled
//! once, then the deliverers drain what is due and the run ends.
//!
//! On shutdown the scheduler stops starting polls; fetches in flight are
//! abandoned (nothing is recorded, so they are simply polled again next
//! start), documents already fetched are processed and recorded, and each
//! deliverer finishes the row in hand. What is not delivered stays owed in
//! the outbox.

mod deliver;
pub mod poll;
pub mod schedule;
pub mod systemd;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, Notify, Semaphore};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::{error, info, warn};

pub use deliver::{DeliverMode, DeliverStats};
use poll::{error_chain, poll_feed, PollReport, PollStatus};

use crate::classify::{Classifier, ClassifierSettings, ClassifyError};
use crate::config::{Config, FeedSpec};
use crate::fetch::{Fetcher, FetcherSettings};
use crate::pipeline::Pipeline;
use crate::rules::RuleSet;
use crate::sinks::Sink;
use crate::store::{now_ms, Store, StoreError};

/// Why the daemon could not start.
#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    /// The store could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The HTTP client could not be built.
    #[error("cannot build the HTTP client")]
    Client(#[source] reqwest::Error),
    /// The classifier could not be built.
    #[error("cannot build the classifier")]
    Classifier(#[source] ClassifyError),
    /// A start-up task panicked.
    #[error("start-up task failed")]
    Join(#[from] tokio::task::JoinError),
}

/// `run` polls on schedule until shutdown; `once` polls every feed once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Poll each feed on its schedule until shutdown.
    Run,
    /// Poll every feed once, deliver what is due, stop.
    Once,
}

/// Totals of a run.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunSummary {
    /// Polls that fetched and processed a document.
    pub ok: usize,
    /// Polls answered with 304 Not Modified.
    pub not_modified: usize,
    /// Polls that failed.
    pub failed: usize,
    /// New items recorded.
    pub new_items: usize,
    /// Outbox rows queued.
    pub queued: usize,
    /// Rows delivered.
    pub delivered: usize,
    /// Failed delivery attempts.
    pub delivery_errors: usize,
    /// Rows rejected by their sinks.
    pub rejected: usize,
    /// Rows still owed when the run ended.
    pub owed: u64,
}

/// What every poll task shares.
#[derive(Debug)]
pub struct Shared {
    pub(crate) store: Arc<Store>,
    pub(crate) fetcher: Fetcher,
    pub(crate) pipeline: Pipeline,
    pub(crate) wakers: HashMap<String, Arc<Notify>>,
    pub(crate) health: crate::config::HealthSettings,
    pub(crate) metrics: Arc<crate::metrics::Metrics>,
}

/// Builds the classifier for `config` (used by `run`, `once` and `classify`).
pub fn build_classifier(_config: Option<&Config>) -> Result<Classifier, ClassifyError> {
    Classifier::new(&ClassifierSettings::default())
}

/// Runs the daemon until `shutdown` (mode `Run`) or one round (mode `Once`).
pub async fn run(config: Config, mode: Mode, shutdown: CancellationToken) -> Result<RunSummary, DaemonError> {
    let db_path = config.database_path();
    let store = Arc::new(tokio::task::spawn_blocking(move || Store::open(&db_path)).await??);
    let states = {
        let (store, feeds) = (store.clone(), config.feeds.clone());
        tokio::task::spawn_blocking(move || store.sync_feeds(&feeds)).await??
    };
    let classifier = {
        let config = config.clone();
        tokio::task::spawn_blocking(move || build_classifier(Some(&config))).await?.map_err(DaemonError::Classifier)?
    };
    let fetcher = Fetcher::new(&FetcherSettings {
        user_agent: config.daemon.user_agent.clone(),
        connect_timeout: config.feeds.first().map_or(Duration::from_secs(10), |f| f.connect_timeout),
        per_host_concurrency: config.daemon.per_host_concurrency,
    })
    .map_err(DaemonError::Client)?;

    let mut wakers = HashMap::new();
    let mut sinks = Vec::new();
    for spec in &config.sinks {
        wakers.insert(spec.name.clone(), Arc::new(Notify::new()));
        match Sink::build(spec) {
            Ok(sink) => {
                if let Err(e) = sink.healthcheck().await {
                    error!(sink = %spec.name, error = %error_chain(&e), "sink failed its health check; its alerts stay owed until it recovers");
                }
                sinks.push((spec.clone(), Arc::new(sink)));
            }
            Err(e) => {
                error!(sink = %spec.name, error = %error_chain(&e), "cannot build sink; its alerts stay owed");
            }
        }
    }
    let metrics = Arc::new(crate::metrics::Metrics::new());
    let shared = Arc::new(Shared {
        store: store.clone(),
        fetcher,
        pipeline: Pipeline::new(Arc::new(classifier), RuleSet::new(&config.rules, &config.feeds))
            .with_metrics(metrics.clone()),
        wakers,
        health: config.health.clone(),
        metrics: metrics.clone(),
    });
    let listener_shutdown = CancellationToken::new();
    if let (Mode::Run, Some(addr)) = (mode, config.daemon.listen) {
        let endpoints = crate::metrics::Endpoints {
            metrics: metrics.clone(),
            store: store.clone(),
            feeds: Arc::new(std::sync::Mutex::new(config.feeds.iter().map(|f| f.name.clone()).collect())),
        };
        match crate::metrics::serve(addr, endpoints, listener_shutdown.clone()).await {
            Ok(local) => info!(listen = %local, "serving /metrics, /health and /feeds"),
            Err(e) => error!(listen = %addr, error = %e, "cannot listen; metrics and health endpoints are off"),
        }
    }

    let deliver_mode = match mode {
        Mode::Run => DeliverMode::Forever,
        Mode::Once => DeliverMode::Drain,
    };
    // Deliverers stop on their own token so that they outlive the pollers in
    // `once` mode and can be given the drain deadline on shutdown.
    let deliver_shutdown = CancellationToken::new();
    if mode == Mode::Once {
        // A signal during `once` stops delivery too; what is left stays owed.
        let (signal, deliver) = (shutdown.clone(), deliver_shutdown.clone());
        tokio::spawn(async move {
            signal.cancelled().await;
            deliver.cancel();
        });
    }
    let deliverers = TaskTracker::new();
    let mut deliver_handles = Vec::new();
    let rule_limits = |sink: &str| -> HashMap<String, crate::config::RateLimit> {
        config
            .rules
            .iter()
            .filter(|r| r.sinks.iter().any(|s| s == sink))
            .filter_map(|r| r.rate_limit.map(|l| (r.name.clone(), l)))
            .collect()
    };
    let spawn_deliverers = |deliver_handles: &mut Vec<_>| {
        for (spec, sink) in &sinks {
            let deliverer = deliver::Deliverer {
                name: spec.name.clone(),
                sink: sink.clone(),
                retry: spec.retry.clone(),
                sink_limit: spec.rate_limit,
                rule_limits: rule_limits(&spec.name),
                store: store.clone(),
                wake: shared.wakers[&spec.name].clone(),
                mode: deliver_mode,
                shutdown: deliver_shutdown.clone(),
                metrics: metrics.clone(),
            };
            deliver_handles.push(deliverers.spawn(deliverer.run()));
        }
    };
    if mode == Mode::Run {
        spawn_deliverers(&mut deliver_handles);
    }

    let feeds: Vec<Arc<FeedSpec>> = config.feeds.iter().cloned().map(Arc::new).collect();
    info!(feeds = feeds.len(), rules = config.rules.len(), sinks = config.sinks.len(), state = %store.path().display(), "wirewatch started");
    systemd::ready();

    let mut summary = RunSummary::default();
    let pollers = TaskTracker::new();
    let limit = Arc::new(Semaphore::new(config.daemon.concurrency));
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<(usize, PollReport)>();
    let spawn_poll = |idx: usize| {
        let (shared, feed, limit, done, token) =
            (shared.clone(), feeds[idx].clone(), limit.clone(), done_tx.clone(), shutdown.clone());
        pollers.spawn(async move {
            let report = tokio::select! {
                permit = limit.acquire_owned() => {
                    let _permit = permit.expect("never closed");
                    poll_feed(shared, feed, token).await
                }
                () = token.cancelled() => PollReport { status: PollStatus::Cancelled, new_items: 0, queued: 0, next_due: now_ms() },
            };
            let _ = done.send((idx, report));
        });
    };

    match mode {
        Mode::Once => {
            for idx in 0..feeds.len() {
                spawn_poll(idx);
            }
            for _ in 0..feeds.len() {
                let Some((_, report)) = done_rx.recv().await else { break };
                tally(&mut summary, &report);
            }
            spawn_deliverers(&mut deliver_handles);
        }
        Mode::Run => {
            let (now_wall, now) = (now_ms(), Instant::now());
            let mut queue = schedule::DueQueue::new();
            for (idx, (feed, state)) in feeds.iter().zip(&states).enumerate() {
                match state.next_due {
                    Some(ms) => queue.push_wall(idx, ms, now_wall, now),
                    None => queue.push(idx, now + poll::initial_spread(feed.interval, feeds.len())),
                }
            }
            let watchdog = systemd::watchdog_interval();
            // The loop turns at least this often, so /health and the watchdog
            // see it alive; a stuck loop stops both.
            let mut heartbeat = tokio::time::interval(watchdog.unwrap_or(Duration::from_secs(5)).min(Duration::from_secs(5)));
            metrics.beat();
            let mut prune_tick = tokio::time::interval(Duration::from_secs(3600));
            loop {
                let next = queue.next_at();
                tokio::select! {
                    () = shutdown.cancelled() => break,
                    () = sleep_until_opt(next) => {
                        for idx in queue.pop_due(Instant::now()) {
                            spawn_poll(idx);
                        }
                    }
                    Some((idx, report)) = done_rx.recv() => {
                        tally(&mut summary, &report);
                        if report.status != PollStatus::Cancelled {
                            queue.push_wall(idx, report.next_due, now_ms(), Instant::now());
                        }
                    }
                    _ = heartbeat.tick() => {
                        metrics.beat();
                        if watchdog.is_some() {
                            // Same check as /health: the loop is alive (it is
                            // running this) and the store takes writes.
                            let (m, st) = (metrics.clone(), store.clone());
                            match tokio::task::spawn_blocking(move || crate::metrics::health(&m, &st)).await {
                                Ok(Ok(())) => systemd::watchdog(),
                                Ok(Err(reason)) => error!(reason = %reason, "unhealthy; not pinging the watchdog"),
                                Err(_) => {}
                            }
                        }
                    }
                    _ = prune_tick.tick() => {
                        let (store, retention) = (store.clone(), config.daemon.seen_retention);
                        match tokio::task::spawn_blocking(move || store.prune(retention)).await {
                            Ok(Ok((keys, rows))) if keys + rows > 0 => info!(keys, rows, "pruned old state"),
                            Ok(Err(e)) => warn!(error = %error_chain(&e), "cannot prune old state"),
                            _ => {}
                        }
                    }
                }
            }
            systemd::stopping();
            info!("shutting down");
        }
    }

    // Stop: let polls in flight finish processing (fetches were cancelled).
    pollers.close();
    let deadline = config.daemon.shutdown_timeout;
    if tokio::time::timeout(deadline, pollers.wait()).await.is_err() {
        warn!(
            timeout_secs = deadline.as_secs(),
            "polls still running at the shutdown deadline; their feeds will be polled again"
        );
    }
    while let Ok((_, report)) = done_rx.try_recv() {
        tally(&mut summary, &report);
    }

    deliverers.close();
    if mode == Mode::Run {
        deliver_shutdown.cancel();
    }
    let drained = match mode {
        // `once` delivers everything due; no deadline but the sinks' own timeouts.
        Mode::Once => {
            deliverers.wait().await;
            true
        }
        Mode::Run => tokio::time::timeout(deadline, deliverers.wait()).await.is_ok(),
    };
    if !drained {
        warn!("deliveries still in flight at the shutdown deadline; they stay owed");
    }
    for handle in deliver_handles {
        if handle.is_finished() {
            if let Ok(stats) = handle.await {
                summary.delivered += stats.delivered;
                summary.delivery_errors += stats.errored;
                summary.rejected += stats.rejected;
            }
        }
    }
    let counts = {
        let store = store.clone();
        tokio::task::spawn_blocking(move || store.outbox_counts()).await?
    };
    summary.owed = counts.map(|c| c.iter().map(|c| c.pending).sum()).unwrap_or(0);
    info!(
        polls_ok = summary.ok,
        not_modified = summary.not_modified,
        failed = summary.failed,
        new_items = summary.new_items,
        delivered = summary.delivered,
        owed = summary.owed,
        "wirewatch stopped"
    );
    listener_shutdown.cancel();
    drop(shared);
    Ok(summary)
}

fn tally(summary: &mut RunSummary, report: &PollReport) {
    match report.status {
        PollStatus::Ok => summary.ok += 1,
        PollStatus::NotModified => summary.not_modified += 1,
        PollStatus::Failed => summary.failed += 1,
        PollStatus::Cancelled => {}
    }
    summary.new_items += report.new_items;
    summary.queued += report.queued;
}

async fn sleep_until_opt(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}
