//! Shared test helpers: a real HTTP server on 127.0.0.1:0 whose routes the
//! tests define, configs with a temporary state directory, and alert readers.
#![allow(dead_code, missing_docs, unreachable_pub)]

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// What the server saw of one request.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: HashMap<String, String>,
    pub body: Bytes,
}

impl Seen {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
}

/// What a route answers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
    /// Wait this long before answering (without blocking other requests).
    pub delay: Option<std::time::Duration>,
}

impl Reply {
    pub fn ok(body: impl Into<Bytes>, content_type: &str) -> Reply {
        Reply {
            status: 200,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.into(),
            delay: None,
        }
    }
    pub fn status(status: u16) -> Reply {
        Reply { status, headers: Vec::new(), body: Bytes::new(), delay: None }
    }
    pub fn delayed(mut self, delay: std::time::Duration) -> Reply {
        self.delay = Some(delay);
        self
    }
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }
}

type Handler = Arc<dyn Fn(&Seen) -> Reply + Send + Sync>;

/// A local HTTP/1.1 server with routes set by the test.
#[derive(Clone)]
pub struct TestServer {
    pub addr: SocketAddr,
    routes: Arc<Mutex<HashMap<String, Handler>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl TestServer {
    /// Starts a server on its own thread and runtime, so it serves whatever
    /// the test's runtime does (paused clocks included).
    pub fn start() -> TestServer {
        let routes: Arc<Mutex<HashMap<String, Handler>>> = Arc::default();
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let (tx, rx) = std::sync::mpsc::channel();
        let (r, s) = (routes.clone(), seen.clone());
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async move {
                let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
                tx.send(listener.local_addr().unwrap()).unwrap();
                loop {
                    let Ok((stream, _)) = listener.accept().await else { continue };
                    let (r, s) = (r.clone(), s.clone());
                    tokio::spawn(async move {
                        let service = service_fn(move |req: Request<Incoming>| {
                            let (r, s) = (r.clone(), s.clone());
                            async move {
                                let (parts, body) = req.into_parts();
                                let body = http_body_util::BodyExt::collect(body)
                                    .await
                                    .map(|b| b.to_bytes())
                                    .unwrap_or_default();
                                let (response, delay) = answer(&r, &s, &parts, body);
                                if let Some(delay) = delay {
                                    tokio::time::sleep(delay).await;
                                }
                                Ok::<_, Infallible>(response)
                            }
                        });
                        let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
                    });
                }
            });
        });
        let addr = rx.recv().unwrap();
        TestServer { addr, routes, seen }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn route(&self, path: &str, handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static) {
        self.routes.lock().unwrap().insert(path.to_string(), Arc::new(handler));
    }

    /// Serves `body` with an ETag and Last-Modified, answering 304 to a request
    /// that sends either validator back.
    pub fn feed(&self, path: &str, body: &str, etag: &str) {
        let (body, etag) = (body.to_string(), etag.to_string());
        self.route(path, move |req| {
            let lm = "Wed, 21 Oct 2026 07:28:00 GMT";
            // As RFC 9110 says: If-None-Match, when sent, decides alone.
            let unchanged = match req.headers.get("if-none-match") {
                Some(inm) => *inm == etag,
                None => req.headers.get("if-modified-since").map(String::as_str) == Some(lm),
            };
            if unchanged {
                return Reply::status(304).header("etag", &etag);
            }
            Reply::ok(body.clone(), "application/rss+xml").header("etag", &etag).header("last-modified", lm)
        });
    }

    /// Requests seen for `path`.
    pub fn requests(&self, path: &str) -> Vec<Seen> {
        self.seen.lock().unwrap().iter().filter(|s| s.path == path).cloned().collect()
    }
}

fn answer(
    routes: &Mutex<HashMap<String, Handler>>,
    seen: &Mutex<Vec<Seen>>,
    req: &hyper::http::request::Parts,
    body: Bytes,
) -> (Response<Full<Bytes>>, Option<std::time::Duration>) {
    let record = Seen {
        method: req.method.to_string(),
        path: req.uri.path().to_string(),
        headers: req
            .headers
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
            .collect(),
        body,
    };
    seen.lock().unwrap().push(record.clone());
    let handler = routes.lock().unwrap().get(&record.path).cloned();
    let reply = match handler {
        Some(h) => h(&record),
        None => Reply::status(404),
    };
    let mut response = Response::builder().status(StatusCode::from_u16(reply.status).unwrap());
    for (k, v) in &reply.headers {
        response = response.header(k, v);
    }
    (response.body(Full::new(reply.body)).unwrap(), reply.delay)
}

/// An RSS 2.0 document with the given (guid, title, description) items.
pub fn rss(items: &[(&str, &str, &str)]) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Test feed</title><link>http://example.test/</link><description>test</description>"#,
    );
    for (i, (guid, title, desc)) in items.iter().enumerate() {
        s.push_str(&format!(
            "<item><guid isPermaLink=\"false\">{guid}</guid><title>{title}</title><link>http://example.test/{guid}</link><description>{desc}</description><pubDate>Tue, 11 Mar 2025 {:02}:00:00 GMT</pubDate></item>",
            10 + i
        ));
    }
    s.push_str("</channel></rss>");
    s
}

/// A conflict story about Ukraine that the example rules match.
pub const UKRAINE: (&str, &str) = (
    "Ukraine and Russia trade drone strikes as ceasefire talks stall",
    "Russian forces launched missiles and drones at Kyiv overnight, the Ukrainian military said, as troops fought near the front line in eastern Ukraine. The Kremlin said the offensive would continue; Ukrainian officials called for a ceasefire and more air defence.",
);

/// A story no rule should match.
pub const GARDENING: (&str, &str) = (
    "Ten tips for a greener lawn this spring",
    "Water early in the morning, mow high and leave the clippings: gardeners share their advice for a healthy lawn.",
);

/// A config with one file sink and one Ukraine rule, state under `dir`.
pub fn config_toml(dir: &Path, feeds: &str, extra: &str) -> String {
    format!(
        r#"
[daemon]
state_dir = "{state}"
shutdown_timeout = "5s"

[defaults]
interval = "10m"
timeout = "5s"

{feeds}

[[sinks]]
name = "alerts"
type = "file"
path = "{alerts}"

[[rules]]
name = "ukraine"
topics = ["conflict"]
regions = ["UA"]
sinks = ["alerts"]
{extra}
"#,
        state = dir.join("state").display(),
        alerts = alerts_path(dir).display(),
    )
}

pub fn alerts_path(dir: &Path) -> PathBuf {
    dir.join("alerts.jsonl")
}

/// The alerts written to the file sink so far.
pub fn read_alerts(dir: &Path) -> Vec<serde_json::Value> {
    match std::fs::read_to_string(alerts_path(dir)) {
        Ok(s) => s.lines().map(|l| serde_json::from_str(l).expect("alert lines are JSON")).collect(),
        Err(_) => Vec::new(),
    }
}

pub fn parse_config(dir: &Path, toml: &str) -> wirewatch::Config {
    let path = dir.join("wirewatch.toml");
    std::fs::write(&path, toml).unwrap();
    match wirewatch::Config::load(&path) {
        Ok(c) => c,
        Err(e) => panic!("test config invalid:\n{e}\n{toml}"),
    }
}

/// Runs `wirewatch once` in-process on `config`.
pub async fn once(config: &wirewatch::Config) -> wirewatch::RunSummary {
    wirewatch::run(config.clone(), wirewatch::Mode::Once, tokio_util::sync::CancellationToken::new())
        .await
        .expect("once runs")
}

/// Where `../shared` is, if present.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    dir.is_dir().then_some(dir)
}

/// Runs `once` in a loop until `done` holds (at most `rounds` times).
pub async fn once_until(config: &wirewatch::Config, rounds: usize, mut done: impl FnMut() -> bool) -> bool {
    for _ in 0..rounds {
        once(config).await;
        if done() {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    false
}

/// Waits (bounded) until `done` holds, checking every 20 ms.
pub async fn wait_until(max: std::time::Duration, mut done: impl FnMut() -> bool) -> bool {
    let rounds = (max.as_millis() / 20).max(1);
    for _ in 0..rounds {
        if done() {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    done()
}

/// An RSS document with `n` Ukraine conflict items, oldest first by date.
pub fn ukraine_items(n: usize) -> String {
    let items: Vec<(String, String, String)> =
        (0..n).map(|i| (format!("item-{i}"), format!("{} (part {i})", UKRAINE.0), UKRAINE.1.to_string())).collect();
    let refs: Vec<(&str, &str, &str)> = items.iter().map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str())).collect();
    rss(&refs)
}

/// A config with one backfilling feed, the given sinks, and one rule sending
/// the Ukraine items to `sinks`.
pub fn delivery_config(dir: &Path, feed_url: &str, sinks_toml: &str, sinks: &[&str], extra: &str) -> String {
    let list = sinks.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", ");
    format!(
        "[daemon]\nstate_dir = \"{}\"\nshutdown_timeout = \"3s\"\n[defaults]\nbackfill = true\ntimeout = \"5s\"\n[[feeds]]\nname = \"news\"\nurl = \"{feed_url}\"\n{sinks_toml}\n[[rules]]\nname = \"ukraine\"\ntopics = [\"conflict\"]\nregions = [\"UA\"]\nsinks = [{list}]\n{extra}\n",
        dir.join("state").display()
    )
}
