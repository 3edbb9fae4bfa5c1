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
pub mod reload;
pub mod schedule;
pub mod systemd;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
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

/// What every poll task shares. The parts a reload replaces sit behind locks
/// and are read once per poll, so a poll works with one consistent version.
#[derive(Debug)]
pub struct Shared {
    pub(crate) store: Arc<Store>,
    pub(crate) fetcher: Fetcher,
    pipeline: RwLock<Arc<Pipeline>>,
    wakers: RwLock<HashMap<String, Arc<Notify>>>,
    health: RwLock<crate::config::HealthSettings>,
    pub(crate) metrics: Arc<crate::metrics::Metrics>,
}

impl Shared {
    /// The current pipeline (rules and classifier).
    pub(crate) fn pipeline(&self) -> Arc<Pipeline> {
        self.pipeline.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Wakes the deliverer of `sink`, if it runs.
    pub(crate) fn wake(&self, sink: &str) {
        if let Some(w) = self.wakers.read().unwrap_or_else(|p| p.into_inner()).get(sink) {
            w.notify_one();
        }
    }

    /// The current feed-health settings.
    pub(crate) fn health(&self) -> crate::config::HealthSettings {
        self.health.read().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

/// Builds the classifier for `config` (used by `run`, `once` and `classify`).
pub fn build_classifier(config: Option<&Config>) -> Result<Classifier, ClassifyError> {
    Classifier::new(&classifier_settings(config))
}

/// The classifier settings of `config` (the defaults without one).
pub fn classifier_settings(config: Option<&Config>) -> ClassifierSettings {
    match config {
        None => ClassifierSettings::default(),
        Some(c) => ClassifierSettings {
            extra_topic_terms: c.classify.terms.clone(),
            place_aliases: c.classify.aliases.clone(),
            custom_topics: c.classify.custom_topics.clone(),
            model: c.classify.model.as_ref().map(|m| m.model.clone()),
            model_weight: Some(c.classify.model_weight),
        },
    }
}

/// Runs the daemon until `shutdown` (mode `Run`) or one round (mode `Once`).
pub async fn run(config: Config, mode: Mode, shutdown: CancellationToken) -> Result<RunSummary, DaemonError> {
    run_with(config, mode, shutdown, RunOptions::default()).await
}

/// Called after each poll of a `once` round with (polls done, polls in all).
pub type ProgressFn = Arc<dyn Fn(usize, usize) + Send + Sync>;

/// Optional inputs of [`run_with`].
#[derive(Default)]
pub struct RunOptions {
    /// Each notification re-reads the config file and applies the difference (`run` only).
    pub reload: Option<Arc<Notify>>,
    /// Progress of a `once` round.
    pub progress: Option<ProgressFn>,
}

impl std::fmt::Debug for RunOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunOptions")
            .field("reload", &self.reload.is_some())
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// A running sink deliverer.
#[derive(Debug)]
struct RunningSink {
    token: CancellationToken,
    handle: tokio::task::JoinHandle<DeliverStats>,
}

/// The deliverers of the current configuration.
#[derive(Debug)]
struct Deliverers {
    running: HashMap<String, RunningSink>,
    tracker: TaskTracker,
    mode: DeliverMode,
    /// Cancelled on shutdown; each deliverer's token is a child of it.
    shutdown: CancellationToken,
}

impl Deliverers {
    /// Starts one deliverer per sink of `config`.
    async fn start(&mut self, config: &Config, shared: &Arc<Shared>) {
        let mut wakers = HashMap::new();
        for spec in &config.sinks {
            let wake = Arc::new(Notify::new());
            wakers.insert(spec.name.clone(), wake.clone());
            let sink = match Sink::build(spec) {
                Ok(sink) => sink,
                Err(e) => {
                    error!(sink = %spec.name, error = %error_chain(&e), "cannot build sink; its alerts stay owed");
                    continue;
                }
            };
            if let Err(e) = sink.healthcheck().await {
                error!(sink = %spec.name, error = %error_chain(&e), "sink failed its health check; its alerts stay owed until it recovers");
            }
            let rule_limits = config
                .rules
                .iter()
                .filter(|r| r.sinks.contains(&spec.name))
                .filter_map(|r| r.rate_limit.map(|l| (r.name.clone(), l)))
                .collect();
            let token = self.shutdown.child_token();
            let deliverer = deliver::Deliverer {
                name: spec.name.clone(),
                sink: Arc::new(sink),
                retry: spec.retry.clone(),
                sink_limit: spec.rate_limit,
                rule_limits,
                store: shared.store.clone(),
                wake,
                mode: self.mode,
                shutdown: token.clone(),
                metrics: shared.metrics.clone(),
            };
            let handle = self.tracker.spawn(deliverer.run());
            self.running.insert(spec.name.clone(), RunningSink { token, handle });
        }
        *shared.wakers.write().unwrap_or_else(|p| p.into_inner()) = wakers;
    }

    /// Waits for every deliverer and adds up their work. With `cancel`, each
    /// stops after the delivery in hand (shutdown, reload); without, drain-mode
    /// deliverers finish on their own. Waiting means no two deliverers ever
    /// work on one sink's rows.
    async fn finish(&mut self, cancel: bool) -> DeliverStats {
        let mut total = DeliverStats::default();
        for (_, running) in self.running.drain() {
            if cancel {
                running.token.cancel();
            }
            if let Ok(stats) = running.handle.await {
                total.delivered += stats.delivered;
                total.errored += stats.errored;
                total.rejected += stats.rejected;
                total.folded += stats.folded;
            }
        }
        total
    }
}

/// One feed's place in the schedule. A reload that changes or removes a feed
/// retires its slot; queue entries of retired slots are skipped.
#[derive(Debug)]
struct Slot {
    feed: Arc<FeedSpec>,
    current: bool,
}

/// Runs the daemon with [`RunOptions`].
pub async fn run_with(
    config: Config,
    mode: Mode,
    shutdown: CancellationToken,
    options: RunOptions,
) -> Result<RunSummary, DaemonError> {
    let RunOptions { reload, progress } = options;
    let mut config = config;
    let db_path = config.database_path();
    let store = Arc::new(tokio::task::spawn_blocking(move || Store::open(&db_path)).await??);
    let states = {
        let (store, feeds) = (store.clone(), config.feeds.clone());
        tokio::task::spawn_blocking(move || store.sync_feeds(&feeds)).await??
    };
    let mut classifier = {
        let config = config.clone();
        Arc::new(
            tokio::task::spawn_blocking(move || build_classifier(Some(&config)))
                .await?
                .map_err(DaemonError::Classifier)?,
        )
    };
    let fetcher = Fetcher::new(&FetcherSettings {
        user_agent: config.daemon.user_agent.clone(),
        connect_timeout: config.feeds.first().map_or(Duration::from_secs(10), |f| f.connect_timeout),
        per_host_concurrency: config.daemon.per_host_concurrency,
    })
    .map_err(DaemonError::Client)?;
    let metrics = Arc::new(crate::metrics::Metrics::new());
    let shared = Arc::new(Shared {
        store: store.clone(),
        fetcher,
        pipeline: RwLock::new(Arc::new(
            Pipeline::new(classifier.clone(), RuleSet::new(&config.rules, &config.feeds)).with_metrics(metrics.clone()),
        )),
        wakers: RwLock::new(HashMap::new()),
        health: RwLock::new(config.health.clone()),
        metrics: metrics.clone(),
    });
    let endpoint_feeds =
        Arc::new(std::sync::Mutex::new(config.feeds.iter().map(|f| f.name.clone()).collect::<Vec<_>>()));
    let listener_shutdown = CancellationToken::new();
    if let (Mode::Run, Some(addr)) = (mode, config.daemon.listen) {
        let endpoints =
            crate::metrics::Endpoints { metrics: metrics.clone(), store: store.clone(), feeds: endpoint_feeds.clone() };
        match crate::metrics::serve(addr, endpoints, listener_shutdown.clone()).await {
            Ok(local) => info!(listen = %local, "serving /metrics, /health and /feeds"),
            Err(e) => error!(listen = %addr, error = %e, "cannot listen; metrics and health endpoints are off"),
        }
    }

    let mut deliverers = Deliverers {
        running: HashMap::new(),
        tracker: TaskTracker::new(),
        mode: match mode {
            Mode::Run => DeliverMode::Forever,
            Mode::Once => DeliverMode::Drain,
        },
        shutdown: CancellationToken::new(),
    };
    if mode == Mode::Once {
        // A signal during `once` stops delivery too; what is left stays owed.
        let (signal, deliver) = (shutdown.clone(), deliverers.shutdown.clone());
        tokio::spawn(async move {
            signal.cancelled().await;
            deliver.cancel();
        });
    } else {
        deliverers.start(&config, &shared).await;
    }

    info!(feeds = config.feeds.len(), rules = config.rules.len(), sinks = config.sinks.len(), state = %store.path().display(), "wirewatch started");
    systemd::ready();

    let mut summary = RunSummary::default();
    let pollers = TaskTracker::new();
    let limit = Arc::new(Semaphore::new(config.daemon.concurrency));
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<(usize, PollReport)>();
    let mut slots: Vec<Slot> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let spawn_poll = |idx: usize, feed: Arc<FeedSpec>| {
        let (shared, limit, done, token) = (shared.clone(), limit.clone(), done_tx.clone(), shutdown.clone());
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
    for feed in &config.feeds {
        by_name.insert(feed.name.clone(), slots.len());
        slots.push(Slot { feed: Arc::new(feed.clone()), current: true });
    }

    match mode {
        Mode::Once => {
            for (idx, slot) in slots.iter().enumerate() {
                spawn_poll(idx, slot.feed.clone());
            }
            for done in 0..slots.len() {
                let Some((_, report)) = done_rx.recv().await else { break };
                tally(&mut summary, &report);
                if let Some(p) = &progress {
                    p(done + 1, slots.len());
                }
            }
            deliverers.start(&config, &shared).await;
        }
        Mode::Run => {
            let (now_wall, now) = (now_ms(), Instant::now());
            let mut queue = schedule::DueQueue::new();
            let count = slots.len();
            for (idx, state) in states.iter().enumerate() {
                match state.next_due {
                    Some(ms) => queue.push_wall(idx, ms, now_wall, now),
                    None => queue.push(idx, now + poll::initial_spread(slots[idx].feed.interval, count)),
                }
            }
            let watchdog = systemd::watchdog_interval();
            // The loop turns at least this often, so /health and the watchdog
            // see it alive; a stuck loop stops both.
            let mut heartbeat =
                tokio::time::interval(watchdog.unwrap_or(Duration::from_secs(5)).min(Duration::from_secs(5)));
            metrics.beat();
            let mut prune_tick = tokio::time::interval(Duration::from_secs(3600));
            let reload = reload.unwrap_or_else(|| Arc::new(Notify::new()));
            loop {
                let next = queue.next_at();
                tokio::select! {
                    () = shutdown.cancelled() => break,
                    () = sleep_until_opt(next) => {
                        for idx in queue.pop_due(Instant::now()) {
                            if slots[idx].current {
                                spawn_poll(idx, slots[idx].feed.clone());
                            }
                        }
                    }
                    Some((idx, report)) = done_rx.recv() => {
                        tally(&mut summary, &report);
                        if report.status != PollStatus::Cancelled && slots[idx].current {
                            queue.push_wall(idx, report.next_due, now_ms(), Instant::now());
                        }
                    }
                    () = reload.notified() => {
                        systemd::reloading();
                        match reload::load(&config.path).await {
                            Ok(mut new) => {
                                let diff = reload::ConfigDiff::between(&config, &new);
                                let synced = {
                                    let (store, feeds) = (store.clone(), new.feeds.clone());
                                    tokio::task::spawn_blocking(move || store.sync_feeds(&feeds)).await
                                };
                                let new_states = match synced {
                                    Ok(Ok(states)) => states,
                                    Ok(Err(e)) => {
                                        error!(error = %error_chain(&e), "reload failed: cannot update feed state; keeping the old config");
                                        systemd::ready();
                                        continue;
                                    }
                                    Err(e) => {
                                        error!(error = %e, "reload failed; keeping the old config");
                                        systemd::ready();
                                        continue;
                                    }
                                };
                                // Feeds: retire removed and changed slots, schedule new and changed ones.
                                let (now_wall, now) = (now_ms(), Instant::now());
                                for name in diff.feeds.removed.iter().chain(&diff.feeds.changed) {
                                    if let Some(idx) = by_name.remove(name) {
                                        slots[idx].current = false;
                                    }
                                }
                                for (feed, state) in new.feeds.iter().zip(&new_states) {
                                    if !diff.feeds.added.contains(&feed.name) && !diff.feeds.changed.contains(&feed.name) {
                                        continue;
                                    }
                                    let idx = slots.len();
                                    slots.push(Slot { feed: Arc::new(feed.clone()), current: true });
                                    by_name.insert(feed.name.clone(), idx);
                                    // A changed interval applies from the last poll; a new or moved feed is polled soon.
                                    let due = match (state.last_poll, state.next_due) {
                                        (Some(last), Some(_)) if state.config_url == feed.url.as_str() => last + feed.interval.as_millis() as i64,
                                        _ => now_wall + poll::initial_spread(feed.interval, diff.feeds.added.len() + 1).as_millis() as i64,
                                    };
                                    queue.push_wall(idx, due, now_wall, now);
                                }
                                // [classify]: a new classifier (terms, topics, aliases, model),
                                // built off the reactor; if it cannot be built the old one stays.
                                let classify_changed = config.classify != new.classify;
                                if classify_changed {
                                    let settings = new.clone();
                                    let built = tokio::task::spawn_blocking(move || build_classifier(Some(&settings)))
                                        .await
                                        .map_err(|e| e.to_string())
                                        .and_then(|r| r.map_err(|e| error_chain(&e)));
                                    match built {
                                        Ok(c) => classifier = Arc::new(c),
                                        Err(reason) => {
                                            error!(error = %reason, "reload: cannot build the new classifier; keeping the old one");
                                            // The running config keeps describing the running classifier.
                                            new.classify = config.classify.clone();
                                        }
                                    }
                                }
                                // Rules, sinks and health: swap, then restart the deliverers.
                                let pipeline = Pipeline::new(classifier.clone(), RuleSet::new(&new.rules, &new.feeds)).with_metrics(metrics.clone());
                                *shared.pipeline.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(pipeline);
                                *shared.health.write().unwrap_or_else(|p| p.into_inner()) = new.health.clone();
                                *endpoint_feeds.lock().unwrap_or_else(|p| p.into_inner()) = new.feeds.iter().map(|f| f.name.clone()).collect();
                                if diff.sinks_or_rules_changed() {
                                    let stats = deliverers.finish(true).await;
                                    summary.delivered += stats.delivered;
                                    summary.delivery_errors += stats.errored;
                                    summary.rejected += stats.rejected;
                                    deliverers.start(&new, &shared).await;
                                }
                                if diff.daemon_changed {
                                    warn!("[daemon] settings changed; they take effect at the next restart");
                                }
                                info!(
                                    feeds_added = ?diff.feeds.added, feeds_removed = ?diff.feeds.removed, feeds_changed = ?diff.feeds.changed,
                                    rules_added = ?diff.rules.added, rules_removed = ?diff.rules.removed, rules_changed = ?diff.rules.changed,
                                    sinks_added = ?diff.sinks.added, sinks_removed = ?diff.sinks.removed, sinks_changed = ?diff.sinks.changed,
                                    classify_changed,
                                    "config reloaded"
                                );
                                config = new;
                            }
                            Err(errors) => {
                                error!(errors = %errors.to_string().replace('\n', "; "), count = errors.errors.len(), "config reload rejected; keeping the running config");
                            }
                        }
                        systemd::ready();
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

    if mode == Mode::Run {
        deliverers.shutdown.cancel();
    }
    // `once` delivers everything due; `run` gives deliveries in flight the deadline.
    let stats = match mode {
        Mode::Once => Some(deliverers.finish(false).await),
        Mode::Run => tokio::time::timeout(deadline, deliverers.finish(true)).await.ok(),
    };
    match stats {
        Some(stats) => {
            summary.delivered += stats.delivered;
            summary.delivery_errors += stats.errored;
            summary.rejected += stats.rejected;
        }
        None => warn!("deliveries still in flight at the shutdown deadline; they stay owed"),
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
