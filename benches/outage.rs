//! What a webhook receiver outage does to pending alerts.
//!
//! Queues `WIREWATCH_BENCH_ALERTS` alerts (default 1,000) for a webhook whose
//! receiver answers 503 for `WIREWATCH_OUTAGE_SECS` (default 600), runs the
//! daemon through the outage, and reports how many alerts arrived, how many
//! twice, and how long after the receiver recovered the last one arrived.
//! Run with `cargo bench --bench outage`.

use std::collections::HashSet;
use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;

fn main() {
    let alerts: usize = std::env::var("WIREWATCH_BENCH_ALERTS").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
    let outage =
        Duration::from_secs(std::env::var("WIREWATCH_OUTAGE_SECS").ok().and_then(|v| v.parse().ok()).unwrap_or(600));
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async move {
        let mut feed = String::from("<rss version=\"2.0\"><channel><title>t</title>");
        for i in 0..alerts {
            feed.push_str(&format!("<item><guid>g{i}</guid><title>Russian drones strike Kyiv as Ukraine fights on, report {i}</title><description>Ukrainian troops and Russian forces fought near Kharkiv; missiles hit Kyiv.</description></item>"));
        }
        feed.push_str("</channel></rss>");
        let feed = Bytes::from(feed);
        let start = Instant::now();
        let recovered_at = start + outage;
        let received: Arc<Mutex<Vec<(String, Instant)>>> = Arc::default();
        let refused = Arc::new(AtomicUsize::new(0));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (rx, rf) = (received.clone(), refused.clone());
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else { continue };
                let (rx, rf, feed) = (rx.clone(), rf.clone(), feed.clone());
                tokio::spawn(async move {
                    let service = service_fn(move |req: Request<hyper::body::Incoming>| {
                        let (rx, rf, feed) = (rx.clone(), rf.clone(), feed.clone());
                        async move {
                            if req.uri().path() == "/feed.xml" {
                                return Ok::<_, Infallible>(Response::new(Full::new(feed)));
                            }
                            let body = req.into_body().collect().await.map(|b| b.to_bytes()).unwrap_or_default();
                            if Instant::now() < recovered_at {
                                rf.fetch_add(1, Ordering::Relaxed);
                                let mut r = Response::new(Full::new(Bytes::new()));
                                *r.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
                                return Ok(r);
                            }
                            let v: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
                            rx.lock().unwrap().push((v["id"].as_str().unwrap_or("").to_string(), Instant::now()));
                            Ok(Response::new(Full::new(Bytes::new())))
                        }
                    });
                    let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
                });
            }
        });
        let dir = tempfile::tempdir().unwrap();
        let toml = format!(
            "[daemon]\nstate_dir = \"{}\"\nlog_level = \"error\"\n[defaults]\nbackfill = true\n[[feeds]]\nname = \"f\"\nurl = \"http://{addr}/feed.xml\"\ninterval = \"1h\"\n[[sinks]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"http://{addr}/hook\"\n[[rules]]\nname = \"r\"\ntopics = [\"conflict\"]\nsinks = [\"hook\"]\n",
            dir.path().join("state").display()
        );
        let path = dir.path().join("outage.toml");
        std::fs::write(&path, toml).unwrap();
        let config = wirewatch::Config::load(&path).unwrap();
        let token = tokio_util::sync::CancellationToken::new();
        let daemon = tokio::spawn(wirewatch::run(config, wirewatch::Mode::Run, token.clone()));
        let deadline = recovered_at + Duration::from_secs(600);
        loop {
            let got: HashSet<String> = received.lock().unwrap().iter().map(|(id, _)| id.clone()).collect();
            if got.len() >= alerts || Instant::now() > deadline {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        token.cancel();
        let _ = daemon.await;
        let got = received.lock().unwrap();
        let distinct: HashSet<&str> = got.iter().map(|(id, _)| id.as_str()).collect();
        let first = got.iter().map(|(_, t)| *t).min();
        let last = got.iter().map(|(_, t)| *t).max();
        println!(
            "outage of {:?} with {alerts} alerts pending: {} delivered ({} distinct, {} duplicates), {} refused attempts during the outage; first delivery {:.1} s after recovery, last {:.1} s after recovery",
            outage,
            got.len(),
            distinct.len(),
            got.len() - distinct.len(),
            refused.load(Ordering::Relaxed),
            first.map_or(f64::NAN, |t| t.saturating_duration_since(recovered_at).as_secs_f64()),
            last.map_or(f64::NAN, |t| t.saturating_duration_since(recovered_at).as_secs_f64()),
        );
    });
}
