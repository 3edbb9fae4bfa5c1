//! Operations: the metrics, health and feeds endpoints, and `status`.

mod common;

use std::time::Duration;

use common::*;
use tokio_util::sync::CancellationToken;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// `name{labels} value` lines of a Prometheus text exposition.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(series) && l[series.len()..].starts_with(' '))
        .and_then(|l| l.rsplit(' ').next()?.parse().ok())
}

#[tokio::test]
async fn metrics_health_and_feeds_endpoints_report_the_daemon() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    server.feed("/feed.xml", &rss(&[("a", UKRAINE.0, UKRAINE.1), ("b", GARDENING.0, GARDENING.1)]), "\"v\"");
    server.route("/broken.xml", |_| Reply::status(500));
    let port = free_port();
    let feeds = format!(
        "[[feeds]]\nname = \"news\"\nurl = \"{}\"\nbackfill = true\n[[feeds]]\nname = \"broken\"\nurl = \"{}\"\n",
        server.url("/feed.xml"),
        server.url("/broken.xml")
    );
    let mut toml = config_toml(dir.path(), &feeds, "");
    toml =
        toml.replace("shutdown_timeout = \"5s\"", &format!("shutdown_timeout = \"5s\"\nlisten = \"127.0.0.1:{port}\""));
    let config = parse_config(dir.path(), &toml);
    let token = CancellationToken::new();
    let daemon = tokio::spawn(wirewatch::run(config, wirewatch::Mode::Run, token.clone()));
    let client = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    let get = |path: &str| {
        let (client, url) = (client.clone(), format!("{base}{path}"));
        async move {
            match client.get(url).send().await {
                Ok(r) => Some((r.status().as_u16(), r.text().await.unwrap_or_default())),
                Err(_) => None,
            }
        }
    };
    // Wait (bounded) until the alert went out and the broken feed failed
    // once. The bound is generous: a debug build's start-up (the classifier
    // is built first) takes seconds on a loaded machine, and CI ran out of a
    // 5 s one; the loop ends as soon as the metrics show the delivery.
    let mut metrics = String::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while std::time::Instant::now() < deadline {
        if let Some((200, text)) = get("/metrics").await {
            if sample(&text, "wirewatch_deliveries_total{sink=\"alerts\",outcome=\"delivered\"}") == Some(1.0)
                && sample(&text, "wirewatch_polls_total{outcome=\"http_5xx\"}") == Some(1.0)
            {
                metrics = text;
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(!metrics.is_empty(), "the metrics never showed the delivery");
    assert_eq!(sample(&metrics, "wirewatch_polls_total{outcome=\"ok\"}"), Some(1.0));
    assert_eq!(sample(&metrics, "wirewatch_items_parsed_total"), Some(2.0));
    assert_eq!(sample(&metrics, "wirewatch_items_new_total"), Some(2.0));
    assert_eq!(sample(&metrics, "wirewatch_items_classified_total"), Some(2.0));
    assert_eq!(sample(&metrics, "wirewatch_alerts_total{rule=\"ukraine\"}"), Some(1.0));
    assert_eq!(sample(&metrics, "wirewatch_outbox_rows{sink=\"alerts\",state=\"delivered\"}"), Some(1.0));
    assert_eq!(sample(&metrics, "wirewatch_outbox_rows{sink=\"alerts\",state=\"pending\"}"), Some(0.0));
    assert_eq!(sample(&metrics, "wirewatch_feeds{state=\"ok\"}"), Some(1.0));
    assert_eq!(sample(&metrics, "wirewatch_feeds{state=\"failing\"}"), Some(1.0));
    assert!(sample(&metrics, "wirewatch_fetch_duration_seconds_count").unwrap() >= 1.0);
    assert!(sample(&metrics, "wirewatch_fetched_bytes_total").unwrap() > 100.0);
    assert!(metrics.contains("wirewatch_build_info{version=\""));
    assert!(sample(&metrics, "wirewatch_process_start_time_seconds").unwrap() > 1.7e9);
    assert!(!metrics.contains("127.0.0.1"), "feed URLs are never labels");

    let (status, body) = get("/health").await.unwrap();
    assert_eq!((status, body.trim()), (200, "{\"status\":\"ok\"}"));

    let (status, body) = get("/feeds").await.unwrap();
    assert_eq!(status, 200);
    let feeds: serde_json::Value = serde_json::from_str(&body).unwrap();
    let broken = feeds.as_array().unwrap().iter().find(|f| f["name"] == "broken").unwrap();
    assert_eq!(broken["consecutive_failures"], 1);
    assert_eq!(broken["last_status"], "http_500");
    assert!(broken["next_due"].as_i64().unwrap() > 0);

    // A store that cannot take writes makes /health fail with a reason.
    let lock = rusqlite::Connection::open(dir.path().join("state/wirewatch.db")).unwrap();
    lock.execute_batch("BEGIN EXCLUSIVE;").unwrap();
    let (status, body) = get("/health").await.unwrap();
    assert_eq!(status, 503);
    let reason: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(reason["reason"].as_str().unwrap().contains("does not take writes"), "{body}");
    lock.execute_batch("ROLLBACK;").unwrap();
    drop(lock);
    assert_eq!(get("/health").await.unwrap().0, 200);

    token.cancel();
    daemon.await.unwrap().unwrap();
}

#[tokio::test]
async fn status_shows_feeds_and_the_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    server.feed("/feed.xml", &rss(&[("a", UKRAINE.0, UKRAINE.1)]), "\"v\"");
    server.route("/gone.xml", |_| Reply::status(410));
    let feeds = format!(
        "[[feeds]]\nname = \"news\"\nurl = \"{}\"\nbackfill = true\n[[feeds]]\nname = \"gone\"\nurl = \"{}\"\n",
        server.url("/feed.xml"),
        server.url("/gone.xml")
    );
    let config = parse_config(dir.path(), &config_toml(dir.path(), &feeds, ""));
    once(&config).await;
    let path = dir.path().join("wirewatch.toml");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wirewatch"))
        .args(["status", "--config"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().any(|l| l.starts_with("news ") && l.contains(" ok ")), "{text}");
    assert!(
        text.lines().any(|l| l.starts_with("gone ") && l.contains("http_410") && l.contains("answered HTTP 410")),
        "{text}"
    );
    assert!(text.contains("2 feeds, 1 failing"), "{text}");
    assert!(text.contains("outbox alerts: 0 pending, 0 folded, 0 dead, 1 delivered"), "{text}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wirewatch"))
        .args(["status", "--json", "--config"])
        .arg(&path)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["feeds"].as_array().unwrap().len(), 2);
    assert_eq!(json["outbox"][0]["delivered"], 1);
}
