//! One `once` cycle over many local feeds: wall time and peak memory.
//!
//! Serves the real news feeds of ../shared/feeds/news from a local HTTP
//! server (each feed N times under different paths, so every poll is a full
//! fetch, parse, de-duplicate, classify and match), runs the daemon's `once`
//! in-process with a file sink, and prints the numbers. Run with
//! `cargo bench --bench once` (WIREWATCH_BENCH_FEEDS=1000 by default).

use std::convert::Infallible;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use http_body_util::Full;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/feeds/news");
    if !shared.is_dir() {
        eprintln!("skipping: ../shared/feeds/news is absent");
        return;
    }
    let n: usize = std::env::var("WIREWATCH_BENCH_FEEDS").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
    let mut docs: Vec<Bytes> = std::fs::read_dir(&shared)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .map(|p| Bytes::from(std::fs::read(p).unwrap()))
        .collect();
    docs.sort_by_key(|d| d.len());
    let total_bytes: usize = (0..n).map(|i| docs[i % docs.len()].len()).sum();
    let docs = Arc::new(docs);

    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let served = docs.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else { continue };
                let docs = served.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |req: Request<hyper::body::Incoming>| {
                        let docs = docs.clone();
                        async move {
                            let i: usize = req.uri().path().trim_start_matches("/feed/").parse().unwrap_or(0);
                            // Each copy gets its own item links, so no two feeds share items.
                            let body = String::from_utf8_lossy(&docs[i % docs.len()]).replace("<link>http", &format!("<link>http://copy{i}.example/?u=http"));
                            Ok::<_, Infallible>(Response::new(Full::new(Bytes::from(body))))
                        }
                    });
                    let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
                });
            }
        });

        let dir = tempfile::tempdir().unwrap();
        let mut toml = format!(
            "[daemon]\nstate_dir = \"{}\"\nconcurrency = 64\nper_host_concurrency = 64\nlog_level = \"warn\"\n[defaults]\nbackfill = true\n",
            dir.path().join("state").display()
        );
        for i in 0..n {
            toml.push_str(&format!("[[feeds]]\nname = \"feed-{i}\"\nurl = \"http://{addr}/feed/{i}\"\n"));
        }
        toml.push_str(&format!(
            "[[sinks]]\nname = \"file\"\ntype = \"file\"\npath = \"{}\"\n[[rules]]\nname = \"conflict\"\ntopics = [\"conflict\"]\nsinks = [\"file\"]\n[[rules]]\nname = \"europe\"\nregions = [\"Europe\"]\nsinks = [\"file\"]\n",
            dir.path().join("alerts.jsonl").display()
        ));
        let path = dir.path().join("bench.toml");
        std::fs::write(&path, toml).unwrap();
        let config = wirewatch::Config::load(&path).unwrap();

        let start = Instant::now();
        let summary = wirewatch::run(config, wirewatch::Mode::Once, tokio_util::sync::CancellationToken::new()).await.unwrap();
        let elapsed = start.elapsed();
        println!(
            "once over {n} local feeds ({:.1} MB): {:.2} s wall, {} ok, {} failed, {} new items, {} alerts delivered, peak RSS {:.0} MiB",
            total_bytes as f64 / 1e6,
            elapsed.as_secs_f64(),
            summary.ok,
            summary.failed,
            summary.new_items,
            summary.delivered,
            peak_rss_mib()
        );
    });
}
