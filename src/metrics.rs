//! Metrics (Prometheus) and the HTTP endpoints `/metrics`, `/health`, `/feeds`.
//!
//! Labels have low cardinality: outcome kinds, sink and rule names, never
//! feed URLs (with 10,000 feeds that would be 10,000 series). Per-feed state
//! lives in the store and is served as JSON on `/feeds` instead. Queue depths
//! (outbox rows per sink and state) and feeds per health state are read from
//! the store when scraped, so they are always exact.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::Full;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use tokio_util::sync::CancellationToken;

use crate::store::{now_ms, Store};

/// One label: `outcome`.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutcomeLabel {
    /// `ok`, `not_modified`, or an error kind (`timeout`, `http_4xx`, `parse`...).
    pub outcome: String,
}

/// One label: `rule`.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RuleLabel {
    /// Rule name.
    pub rule: String,
}

/// Labels `sink` and `outcome`.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct SinkOutcomeLabels {
    /// Sink name.
    pub sink: String,
    /// `delivered`, `errored`, `rejected`, `dead` or `folded`.
    pub outcome: String,
}

/// Labels `sink` and `state`.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct SinkStateLabels {
    /// Sink name.
    pub sink: String,
    /// Outbox state.
    pub state: String,
}

/// One label: `state` (feed health).
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StateLabel {
    /// `ok`, `failing` or `never_polled`.
    pub state: String,
}

/// One label: `version`.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct VersionLabel {
    /// The wirewatch version.
    pub version: String,
}

/// Every metric wirewatch keeps.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    /// Polls by outcome.
    pub polls: Family<OutcomeLabel, Counter>,
    /// Time to fetch a document (successful fetches and 304s).
    pub fetch_seconds: Histogram,
    /// Body bytes fetched.
    pub fetched_bytes: Counter,
    /// Items parsed from documents.
    pub items_parsed: Counter,
    /// Items not seen before.
    pub items_new: Counter,
    /// Items classified.
    pub items_classified: Counter,
    /// Time to classify one item.
    pub classify_seconds: Histogram,
    /// Alerts raised, by rule.
    pub alerts: Family<RuleLabel, Counter>,
    /// Delivery attempts by sink and outcome.
    pub deliveries: Family<SinkOutcomeLabels, Counter>,
    outbox: Family<SinkStateLabels, Gauge>,
    feeds: Family<StateLabel, Gauge>,
    /// Unix time (ms) of the scheduler loop's last turn; 0 before it starts.
    pub heartbeat_ms: AtomicI64,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    /// Creates and registers every metric.
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("wirewatch");
        let polls = Family::<OutcomeLabel, Counter>::default();
        registry.register("polls", "Feed polls by outcome", polls.clone());
        let fetch_seconds = Histogram::new(exponential_buckets(0.01, 2.0, 14));
        registry.register("fetch_duration_seconds", "Time to fetch a feed document", fetch_seconds.clone());
        let fetched_bytes = Counter::default();
        registry.register("fetched_bytes", "Feed body bytes fetched", fetched_bytes.clone());
        let items_parsed = Counter::default();
        registry.register("items_parsed", "Items parsed from feed documents", items_parsed.clone());
        let items_new = Counter::default();
        registry.register("items_new", "Items not seen before", items_new.clone());
        let items_classified = Counter::default();
        registry.register("items_classified", "Items classified", items_classified.clone());
        let classify_seconds = Histogram::new(exponential_buckets(0.00001, 3.0, 12));
        registry.register("classify_duration_seconds", "Time to classify one item", classify_seconds.clone());
        let alerts = Family::<RuleLabel, Counter>::default();
        registry.register("alerts", "Alerts raised, by rule", alerts.clone());
        let deliveries = Family::<SinkOutcomeLabels, Counter>::default();
        registry.register("deliveries", "Delivery attempts by sink and outcome", deliveries.clone());
        let outbox = Family::<SinkStateLabels, Gauge>::default();
        registry.register("outbox_rows", "Outbox rows by sink and state", outbox.clone());
        let feeds = Family::<StateLabel, Gauge>::default();
        registry.register("feeds", "Configured feeds by health state", feeds.clone());
        let start = Gauge::<i64>::default();
        start.set(chrono::Utc::now().timestamp());
        registry.register("process_start_time_seconds", "Start time of the process, Unix seconds", start);
        let build = Family::<VersionLabel, Gauge>::default();
        build.get_or_create(&VersionLabel { version: env!("CARGO_PKG_VERSION").into() }).set(1);
        registry.register("build_info", "Build information", build);
        Metrics {
            registry,
            polls,
            fetch_seconds,
            fetched_bytes,
            items_parsed,
            items_new,
            items_classified,
            classify_seconds,
            alerts,
            deliveries,
            outbox,
            feeds,
            heartbeat_ms: AtomicI64::new(0),
        }
    }

    /// Counts one poll outcome; HTTP statuses are grouped (`http_4xx`) to keep
    /// the label set small.
    pub fn poll(&self, outcome: &str) {
        let outcome = match outcome.strip_prefix("http_") {
            Some(code) if code.starts_with('4') && code != "429" => "http_4xx".to_string(),
            Some(code) if code.starts_with('5') => "http_5xx".to_string(),
            _ => outcome.to_string(),
        };
        self.polls.get_or_create(&OutcomeLabel { outcome }).inc();
    }

    /// Counts one delivery outcome of `sink`.
    pub fn delivery(&self, sink: &str, outcome: &str, n: u64) {
        self.deliveries.get_or_create(&SinkOutcomeLabels { sink: sink.into(), outcome: outcome.into() }).inc_by(n);
    }

    /// The scheduler loop is alive.
    pub fn beat(&self) {
        self.heartbeat_ms.store(now_ms(), Ordering::Relaxed);
    }

    /// Refreshes the gauges read from the store, then encodes everything.
    pub fn render(&self, store: &Store, feed_names: &[String]) -> String {
        if let Ok(counts) = store.outbox_counts() {
            self.outbox.clear();
            for c in counts {
                for (state, n) in
                    [("pending", c.pending), ("folded", c.folded), ("dead", c.dead), ("delivered", c.delivered)]
                {
                    self.outbox
                        .get_or_create(&SinkStateLabels { sink: c.sink.clone(), state: state.into() })
                        .set(n as i64);
                }
            }
        }
        if let Ok(states) = store.feed_states() {
            let (mut ok, mut failing, mut never) = (0, 0, 0);
            for s in states.iter().filter(|s| feed_names.contains(&s.name)) {
                match (s.last_poll, s.consecutive_failures) {
                    (None, _) => never += 1,
                    (Some(_), 0) => ok += 1,
                    _ => failing += 1,
                }
            }
            for (state, n) in [("ok", ok), ("failing", failing), ("never_polled", never)] {
                self.feeds.get_or_create(&StateLabel { state: state.into() }).set(n);
            }
        }
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry).expect("writing to a String cannot fail");
        out
    }
}

/// Whether the daemon is healthy: the scheduler loop turned recently and the
/// store takes writes. `Err` carries the reason, for `/health` and the watchdog.
pub fn health(metrics: &Metrics, store: &Store) -> Result<(), String> {
    let beat = metrics.heartbeat_ms.load(Ordering::Relaxed);
    if beat == 0 {
        return Err("the scheduler has not started".into());
    }
    let age = now_ms() - beat;
    if age > 30_000 {
        return Err(format!("the scheduler loop has not run for {} s", age / 1000));
    }
    store
        .check_writable()
        .map_err(|e| format!("the state database does not take writes: {}", crate::daemon::poll::error_chain(&e)))
}

/// What the endpoints serve from.
#[derive(Debug, Clone)]
pub struct Endpoints {
    /// The metrics.
    pub metrics: Arc<Metrics>,
    /// The store.
    pub store: Arc<Store>,
    /// Names of the configured feeds (swapped on reload).
    pub feeds: Arc<Mutex<Vec<String>>>,
}

fn response(status: StatusCode, content_type: &str, body: impl Into<Bytes>) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(body.into()));
    *r.status_mut() = status;
    r.headers_mut().insert(hyper::header::CONTENT_TYPE, content_type.parse().expect("static content type"));
    r
}

async fn handle(endpoints: Endpoints, req: Request<hyper::body::Incoming>) -> Response<Full<Bytes>> {
    if req.method() != Method::GET {
        return response(StatusCode::METHOD_NOT_ALLOWED, "text/plain", "GET only\n");
    }
    let path = req.uri().path().to_string();
    let e = endpoints.clone();
    let result = tokio::task::spawn_blocking(move || match path.as_str() {
        "/metrics" => {
            let names = e.feeds.lock().unwrap_or_else(|p| p.into_inner()).clone();
            response(StatusCode::OK, "text/plain; version=0.0.4; charset=utf-8", e.metrics.render(&e.store, &names))
        }
        "/health" => match health(&e.metrics, &e.store) {
            Ok(()) => response(StatusCode::OK, "application/json", "{\"status\":\"ok\"}\n"),
            Err(reason) => response(
                StatusCode::SERVICE_UNAVAILABLE,
                "application/json",
                serde_json::json!({ "status": "unhealthy", "reason": reason }).to_string(),
            ),
        },
        "/feeds" => {
            let names = e.feeds.lock().unwrap_or_else(|p| p.into_inner()).clone();
            match e.store.feed_states() {
                Ok(states) => {
                    let states: Vec<_> = states.into_iter().filter(|s| names.contains(&s.name)).collect();
                    response(StatusCode::OK, "application/json", serde_json::to_string(&states).unwrap_or_default())
                }
                Err(err) => response(StatusCode::SERVICE_UNAVAILABLE, "text/plain", format!("{err}\n")),
            }
        }
        _ => response(StatusCode::NOT_FOUND, "text/plain", "not found: try /metrics, /health or /feeds\n"),
    })
    .await;
    result.unwrap_or_else(|_| response(StatusCode::INTERNAL_SERVER_ERROR, "text/plain", "internal error\n"))
}

/// Binds `addr` and serves the endpoints until `shutdown`.
pub async fn serve(addr: SocketAddr, endpoints: Endpoints, shutdown: CancellationToken) -> std::io::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    tokio::spawn(async move {
        loop {
            let accepted = tokio::select! {
                () = shutdown.cancelled() => return,
                a = listener.accept() => a,
            };
            let Ok((stream, _)) = accepted else { continue };
            let e = endpoints.clone();
            tokio::spawn(async move {
                let service = service_fn(move |req| {
                    let e = e.clone();
                    async move { Ok::<_, Infallible>(handle(e, req).await) }
                });
                let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
            });
        }
    });
    Ok(local)
}
