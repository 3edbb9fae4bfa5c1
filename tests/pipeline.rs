//! End to end: a real HTTP server on 127.0.0.1 → `once` → the file sink.

mod common;

use common::*;
use wirewatch::store::Store;

fn feed_entry(name: &str, url: &str, extra: &str) -> String {
    format!("[[feeds]]\nname = \"{name}\"\nurl = \"{url}\"\n{extra}\n")
}

fn store(dir: &std::path::Path) -> Store {
    Store::open(&dir.join("state/wirewatch.db")).unwrap()
}

#[tokio::test]
async fn first_run_is_recorded_quietly_then_a_new_item_alerts_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    server.feed("/feed.xml", &rss(&[("old-1", UKRAINE.0, UKRAINE.1)]), "\"v1\"");
    let config =
        parse_config(dir.path(), &config_toml(dir.path(), &feed_entry("news", &server.url("/feed.xml"), ""), ""));

    let first = once(&config).await;
    assert_eq!(first.ok, 1);
    assert_eq!(first.new_items, 1, "the existing item is recorded");
    assert!(read_alerts(dir.path()).is_empty(), "first-run guard: no alert for items already there");

    let new_title = "Russian missile strike hits Kyiv as Ukraine pleads for air defence";
    server.feed(
        "/feed.xml",
        &rss(&[("old-1", UKRAINE.0, UKRAINE.1), ("new-2", new_title, UKRAINE.1), ("garden", GARDENING.0, GARDENING.1)]),
        "\"v2\"",
    );
    let second = once(&config).await;
    assert_eq!(second.new_items, 2);
    let alerts = read_alerts(dir.path());
    assert_eq!(alerts.len(), 1, "one alert for the one matching new item: {alerts:#?}");
    let alert = &alerts[0];
    assert_eq!(alert["rule"], "ukraine");
    assert_eq!(alert["item"]["title"], new_title);
    assert_eq!(alert["item"]["link"], "http://example.test/new-2");
    assert_eq!(alert["feed"]["name"], "news");
    assert_eq!(alert["feed"]["url"], server.url("/feed.xml"));
    assert!(alert["id"].as_str().unwrap().len() >= 32);
    assert!(alert["detected_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(alert["item"]["published"], "2025-03-11T11:00:00Z");
    assert!(alert["topics"].as_array().unwrap().iter().any(|t| t["id"] == "medtop:16000000"));
    assert!(alert["regions"].as_array().unwrap().iter().any(|r| r["country"] == "UA"));
    assert_eq!(second.delivered, 1);
    assert_eq!(second.owed, 0);
}

#[tokio::test]
async fn backfill_alerts_on_the_first_poll() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    server.feed("/feed.xml", &rss(&[("a", UKRAINE.0, UKRAINE.1)]), "\"v1\"");
    let config = parse_config(
        dir.path(),
        &config_toml(dir.path(), &feed_entry("news", &server.url("/feed.xml"), "backfill = true"), ""),
    );
    once(&config).await;
    assert_eq!(read_alerts(dir.path()).len(), 1);
}

#[tokio::test]
async fn second_poll_is_conditional_and_304_raises_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    server.feed("/feed.xml", &rss(&[("a", UKRAINE.0, UKRAINE.1)]), "\"abc\"");
    let config = parse_config(
        dir.path(),
        &config_toml(dir.path(), &feed_entry("news", &server.url("/feed.xml"), "backfill = true"), ""),
    );
    once(&config).await;
    let second = once(&config).await;
    assert_eq!(second.not_modified, 1);
    assert_eq!(second.new_items, 0);
    let requests = server.requests("/feed.xml");
    assert_eq!(requests.len(), 2);
    assert!(!requests[0].headers.contains_key("if-none-match"));
    assert_eq!(requests[1].headers.get("if-none-match").map(String::as_str), Some("\"abc\""));
    assert_eq!(requests[1].headers.get("if-modified-since").map(String::as_str), Some("Wed, 21 Oct 2026 07:28:00 GMT"));
    assert!(requests[0].headers["user-agent"].starts_with("wirewatch/"));
    assert!(requests[0].headers["accept-encoding"].contains("gzip"));
    assert_eq!(read_alerts(dir.path()).len(), 1);
    let state = store(dir.path()).feed_state("news").unwrap().unwrap();
    assert_eq!(state.last_status.as_deref(), Some("not_modified"));
    assert_eq!(state.etag.as_deref(), Some("\"abc\""), "a 304 keeps the validators");
}

#[tokio::test]
async fn restarts_and_servers_without_validators_send_no_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    let body =
        rss(&[("a", UKRAINE.0, UKRAINE.1), ("b", "Ukraine says Russian drones hit Kharkiv power plant", UKRAINE.1)]);
    server.route("/feed.xml", move |_| Reply::ok(body.clone(), "application/rss+xml"));
    let config = parse_config(
        dir.path(),
        &config_toml(dir.path(), &feed_entry("news", &server.url("/feed.xml"), "backfill = true"), ""),
    );
    for _ in 0..3 {
        // Each `once` opens the store afresh: a restart.
        once(&config).await;
    }
    assert_eq!(read_alerts(dir.path()).len(), 2);
    assert_eq!(server.requests("/feed.xml").len(), 3);
}

#[tokio::test]
async fn the_same_article_in_two_feeds_alerts_once() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    // Different GUIDs, same link.
    server.feed("/a.xml", &rss(&[("shared", UKRAINE.0, UKRAINE.1)]), "\"a\"");
    let b = rss(&[("other-guid", UKRAINE.0, UKRAINE.1)])
        .replace("http://example.test/other-guid", "https://www.example.test/shared?utm_source=rss");
    server.feed("/b.xml", &b, "\"b\"");
    let feeds = format!(
        "{}{}",
        feed_entry("a", &server.url("/a.xml"), "backfill = true"),
        feed_entry("b", &server.url("/b.xml"), "backfill = true")
    );
    let config = parse_config(dir.path(), &config_toml(dir.path(), &feeds, ""));
    let summary = once(&config).await;
    assert_eq!(summary.new_items, 1, "the second copy is a duplicate");
    assert_eq!(read_alerts(dir.path()).len(), 1);
}

#[tokio::test]
async fn a_permanent_redirect_is_remembered_and_a_temporary_one_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    let new_url = server.url("/new.xml");
    server.route("/old.xml", move |_| Reply::status(301).header("location", "/new.xml"));
    server.route("/tmp.xml", |_| Reply::status(302).header("location", "/new.xml"));
    server.feed("/new.xml", &rss(&[("a", UKRAINE.0, UKRAINE.1)]), "\"n\"");
    let feeds = format!(
        "{}{}",
        feed_entry("moved", &server.url("/old.xml"), ""),
        feed_entry("temp", &server.url("/tmp.xml"), "")
    );
    let config = parse_config(dir.path(), &config_toml(dir.path(), &feeds, ""));
    let summary = once(&config).await;
    assert_eq!(summary.ok, 2);
    let st = store(dir.path());
    assert_eq!(st.feed_state("moved").unwrap().unwrap().url, new_url);
    assert_eq!(st.feed_state("temp").unwrap().unwrap().url, server.url("/tmp.xml"));
    drop(st);
    once(&config).await;
    assert_eq!(server.requests("/old.xml").len(), 1, "the moved feed is polled at its new URL");
    assert_eq!(server.requests("/tmp.xml").len(), 2);
}

#[tokio::test]
async fn retry_after_on_429_pushes_the_next_poll_back() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    server.route("/busy.xml", |_| Reply::status(429).header("retry-after", "7200"));
    let config =
        parse_config(dir.path(), &config_toml(dir.path(), &feed_entry("busy", &server.url("/busy.xml"), ""), ""));
    let before = wirewatch::store::now_ms();
    let summary = once(&config).await;
    assert_eq!(summary.failed, 1);
    let state = store(dir.path()).feed_state("busy").unwrap().unwrap();
    assert_eq!(state.last_status.as_deref(), Some("http_429"));
    assert_eq!(state.consecutive_failures, 1);
    assert!(state.next_due.unwrap() >= before + 7_200_000, "Retry-After is honoured: {state:?}");
}

#[tokio::test]
async fn bad_feeds_fail_alone_and_a_good_feed_still_alerts() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    server.feed("/good.xml", &rss(&[("a", UKRAINE.0, UKRAINE.1)]), "\"g\"");
    server.route("/malformed.xml", |_| Reply::ok("<rss><channel><item><title>broken", "application/rss+xml"));
    server.route("/html.xml", |_| Reply::ok("<!DOCTYPE html><html><body>Please log in</body></html>", "text/html"));
    server.route("/huge.xml", |_| Reply::ok(vec![b' '; 300_000], "application/rss+xml"));
    server.route("/missing.xml", |_| Reply::status(404));
    server.route("/error.xml", |_| Reply::status(500));
    server.route("/loop.xml", |_| Reply::status(302).header("location", "/loop.xml"));
    // Accepts connections and never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_url = format!("http://{}/feed.xml", silent.local_addr().unwrap());

    let mut feeds = feed_entry("good", &server.url("/good.xml"), "backfill = true");
    for (name, path) in [
        ("malformed", "/malformed.xml"),
        ("html", "/html.xml"),
        ("missing", "/missing.xml"),
        ("error", "/error.xml"),
        ("loop", "/loop.xml"),
    ] {
        feeds.push_str(&feed_entry(name, &server.url(path), "backfill = true"));
    }
    feeds.push_str(&feed_entry("huge", &server.url("/huge.xml"), "max_body_size = \"100KiB\""));
    feeds.push_str(&feed_entry("silent", &silent_url, "timeout = \"1s\""));
    let config = parse_config(dir.path(), &config_toml(dir.path(), &feeds, ""));
    let summary = once(&config).await;
    assert_eq!(summary.ok, 1);
    assert_eq!(summary.failed, 7);
    assert_eq!(read_alerts(dir.path()).len(), 1, "the good feed alerts");

    let st = store(dir.path());
    let status = |name: &str| st.feed_state(name).unwrap().unwrap();
    for (name, expected) in [
        ("malformed", "parse"),
        ("html", "parse"),
        ("huge", "too_large"),
        ("missing", "http_404"),
        ("error", "http_500"),
        ("loop", "too_many_redirects"),
        ("silent", "timeout"),
    ] {
        let s = status(name);
        assert_eq!(s.last_status.as_deref(), Some(expected), "{name}: {s:?}");
        assert_eq!(s.consecutive_failures, 1, "{name}");
        assert!(s.last_error.is_some(), "{name}");
    }
    assert!(status("html").last_error.unwrap().contains("HTML"));
    assert_eq!(server.requests("/loop.xml").len(), 6, "the first request and at most five redirects");
    drop(silent);
}

#[tokio::test]
async fn a_file_sink_that_cannot_be_written_keeps_its_alerts_owed() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    server.feed("/feed.xml", &rss(&[("a", UKRAINE.0, UKRAINE.1)]), "\"v\"");
    let config = parse_config(
        dir.path(),
        &config_toml(dir.path(), &feed_entry("news", &server.url("/feed.xml"), "backfill = true"), ""),
    );
    // A directory where the file should be: appending fails.
    std::fs::create_dir_all(alerts_path(dir.path())).unwrap();
    let first = once(&config).await;
    assert_eq!(first.delivered, 0);
    assert_eq!(first.owed, 1);

    std::fs::remove_dir(alerts_path(dir.path())).unwrap();
    // The retry is scheduled a few seconds out; make it due now.
    let conn = rusqlite::Connection::open(dir.path().join("state/wirewatch.db")).unwrap();
    conn.execute("UPDATE outbox SET next_attempt = 0", []).unwrap();
    drop(conn);
    let second = once(&config).await;
    assert_eq!(second.delivered, 1);
    assert_eq!(second.owed, 0);
    assert_eq!(read_alerts(dir.path()).len(), 1);
}

#[tokio::test]
async fn file_urls_are_polled_and_unchanged_files_are_not_reprocessed() {
    let dir = tempfile::tempdir().unwrap();
    let feed_path = dir.path().join("local.xml");
    std::fs::write(&feed_path, rss(&[("a", UKRAINE.0, UKRAINE.1)])).unwrap();
    let url = url::Url::from_file_path(&feed_path).unwrap();
    let config =
        parse_config(dir.path(), &config_toml(dir.path(), &feed_entry("local", url.as_str(), "backfill = true"), ""));
    let first = once(&config).await;
    assert_eq!(first.ok, 1);
    let second = once(&config).await;
    assert_eq!(second.not_modified, 1);
    assert_eq!(read_alerts(dir.path()).len(), 1);
}
