//! Durable delivery: webhooks (and chat presets), commands, templates,
//! secrets, retries, dead letters, rate-limit summaries and feed health,
//! against real receivers on 127.0.0.1.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::*;
use hmac::Mac;
use tokio_util::sync::CancellationToken;
use wirewatch::store::{OutboxState, Store};

fn store(dir: &std::path::Path) -> Store {
    Store::open(&dir.join("state/wirewatch.db")).unwrap()
}

/// Runs the daemon in-process until `done` holds (bounded), then stops it.
async fn run_until(config: &wirewatch::Config, max: Duration, done: impl FnMut() -> bool) -> wirewatch::RunSummary {
    let token = CancellationToken::new();
    let handle = tokio::spawn(wirewatch::run(config.clone(), wirewatch::Mode::Run, token.clone()));
    let finished = wait_until(max, done).await;
    token.cancel();
    let summary = handle.await.unwrap().unwrap();
    assert!(finished, "condition not reached within {max:?}");
    summary
}

fn successes(server: &TestServer, path: &str, ok: &dyn Fn(&Seen) -> bool) -> Vec<Seen> {
    server.requests(path).into_iter().filter(|r| ok(r)).collect()
}

#[tokio::test]
async fn a_failing_webhook_receives_every_alert_once_in_order_after_it_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    server.route("/feed.xml", |_| Reply::ok(ukraine_items(5), "application/rss+xml"));
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    // The first three deliveries fail with 503, then the receiver recovers.
    server.route(
        "/hook",
        move |_| if c.fetch_add(1, Ordering::SeqCst) < 3 { Reply::status(503) } else { Reply::status(204) },
    );
    let secret_file = dir.path().join("hook.secret");
    std::fs::write(&secret_file, "s3cret\n").unwrap();
    let sinks = format!(
        "[[sinks]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"{}\"\nsecret_file = \"{}\"\nheaders = {{ \"X-Team\" = \"desk\" }}\nretry = {{ base = \"10ms\", max_delay = \"50ms\" }}\n",
        server.url("/hook"),
        secret_file.display()
    );
    let config =
        parse_config(dir.path(), &delivery_config(dir.path(), &server.url("/feed.xml"), &sinks, &["hook"], ""));
    let delivered = |r: &Seen| r.method == "POST";
    let summary = run_until(&config, Duration::from_secs(20), || calls.load(Ordering::SeqCst) >= 8).await;
    assert!(summary.delivery_errors >= 3 || summary.delivered == 5, "{summary:?}");

    let requests = successes(&server, "/hook", &delivered);
    assert_eq!(requests.len(), 8, "3 failures + 5 deliveries");
    let ok: Vec<serde_json::Value> = requests[3..].iter().map(Seen::json).collect();
    let titles: Vec<&str> = ok.iter().map(|a| a["item"]["title"].as_str().unwrap()).collect();
    let expected: Vec<String> = (0..5).map(|i| format!("{} (part {i})", UKRAINE.0)).collect();
    assert_eq!(titles, expected, "delivered once each, in detection order");
    let mut ids: Vec<&str> = ok.iter().map(|a| a["id"].as_str().unwrap()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 5);
    for r in &requests[3..] {
        let id = r.json()["id"].as_str().unwrap().to_string();
        assert_eq!(r.headers["idempotency-key"], id);
        assert_eq!(r.headers["x-wirewatch-alert-id"], id);
        assert_eq!(r.headers["content-type"], "application/json");
        assert_eq!(r.headers["x-team"], "desk");
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(b"s3cret").unwrap();
        mac.update(&r.body);
        let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(r.headers["x-wirewatch-signature"], format!("sha256={hex}"));
    }
    let counts = store(dir.path()).outbox_counts().unwrap();
    assert_eq!((counts[0].pending, counts[0].delivered, counts[0].dead), (0, 5, 0));
}

#[tokio::test]
async fn a_4xx_is_rejected_without_retry_and_kept_as_a_dead_letter() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    server.route("/feed.xml", |_| Reply::ok(ukraine_items(1), "application/rss+xml"));
    server.route("/hook", |_| Reply::status(403));
    let sinks = format!("[[sinks]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"{}\"\n", server.url("/hook"));
    let config =
        parse_config(dir.path(), &delivery_config(dir.path(), &server.url("/feed.xml"), &sinks, &["hook"], ""));
    let summary = once(&config).await;
    assert_eq!(summary.rejected, 1);
    once(&config).await;
    assert_eq!(server.requests("/hook").len(), 1, "never retried");
    let dead = store(dir.path()).outbox_rows(&[OutboxState::Dead], None, 10).unwrap();
    assert_eq!(dead.len(), 1);
    assert!(dead[0].last_error.as_deref().unwrap().contains("403"));
    // An operator can send it again.
    assert_eq!(store(dir.path()).retry_dead(Some("hook"), &[]).unwrap(), 1);
    server.route("/hook", |_| Reply::status(200));
    let summary = once(&config).await;
    assert_eq!(summary.delivered, 1);
}

#[tokio::test]
async fn retry_after_on_429_is_respected() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    server.route("/feed.xml", |_| Reply::ok(ukraine_items(2), "application/rss+xml"));
    server.route("/hook", |_| Reply::status(429).header("retry-after", "120"));
    let sinks = format!("[[sinks]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"{}\"\n", server.url("/hook"));
    let config =
        parse_config(dir.path(), &delivery_config(dir.path(), &server.url("/feed.xml"), &sinks, &["hook"], ""));
    let before = wirewatch::store::now_ms();
    let summary = once(&config).await;
    assert_eq!((summary.delivered, summary.owed), (0, 2));
    assert_eq!(server.requests("/hook").len(), 1, "the second alert waits behind the first");
    let pending = store(dir.path()).pending("hook", 10).unwrap();
    assert!(pending[0].next_attempt >= before + 120_000, "Retry-After honoured: {:?}", pending[0]);
    assert_eq!(pending[0].attempts, 1);
    // Not due yet: another round sends nothing.
    once(&config).await;
    assert_eq!(server.requests("/hook").len(), 1);
}

#[tokio::test]
async fn chat_presets_render_their_payloads() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    server.route("/feed.xml", |_| Reply::ok(ukraine_items(1), "application/rss+xml"));
    for path in ["/slack", "/discord", "/teams", "/mattermost", "/ntfy/topic", "/tg/botTOKEN/sendMessage", "/tpl"] {
        server.route(path, |_| Reply::status(200));
    }
    std::env::set_var("WIREWATCH_TEST_SLACK_URL", server.url("/slack"));
    let sinks = format!(
        r#"
[[sinks]]
name = "slack"
type = "slack"
url_env = "WIREWATCH_TEST_SLACK_URL"
[[sinks]]
name = "discord"
type = "discord"
url = "{discord}"
[[sinks]]
name = "teams"
type = "teams"
url = "{teams}"
[[sinks]]
name = "mattermost"
type = "mattermost"
url = "{mattermost}"
[[sinks]]
name = "ntfy"
type = "ntfy"
url = "{ntfy}"
token = "tk"
[[sinks]]
name = "telegram"
type = "telegram"
url = "{tg}"
token = "TOKEN"
chat_id = "-100123"
[[sinks]]
name = "templated"
type = "webhook"
url = "{tpl}"
template = '{{"headline": {{{{ alert.item.title | tojson }}}}, "where": "{{{{ alert.regions[0].name }}}}"}}'
"#,
        discord = server.url("/discord"),
        teams = server.url("/teams"),
        mattermost = server.url("/mattermost"),
        ntfy = server.url("/ntfy/topic"),
        tg = server.url("/tg"),
        tpl = server.url("/tpl"),
    );
    let names = ["slack", "discord", "teams", "mattermost", "ntfy", "telegram", "templated"];
    let config = parse_config(dir.path(), &delivery_config(dir.path(), &server.url("/feed.xml"), &sinks, &names, ""));
    let summary = once(&config).await;
    assert_eq!(summary.delivered, 7, "{summary:?}");
    let one = |path: &str| server.requests(path).pop().unwrap_or_else(|| panic!("nothing at {path}"));
    let full_title = format!("{} (part 0)", UKRAINE.0);
    let title = full_title.as_str();
    assert!(one("/slack").json()["text"].as_str().unwrap().contains(title));
    assert!(one("/slack").json()["text"].as_str().unwrap().contains("http://example.test/item-0"));
    assert!(one("/mattermost").json()["text"].as_str().unwrap().contains(title));
    assert!(one("/discord").json()["content"].as_str().unwrap().contains(title));
    let card = one("/teams").json();
    assert_eq!(card["@type"], "MessageCard");
    assert!(card["title"].as_str().unwrap().contains(title));
    let ntfy = one("/ntfy/topic");
    assert!(ntfy.headers["title"].contains(title));
    assert_eq!(ntfy.headers["click"], "http://example.test/item-0");
    assert_eq!(ntfy.headers["authorization"], "Bearer tk");
    assert!(String::from_utf8_lossy(&ntfy.body).contains(title));
    let tg = one("/tg/botTOKEN/sendMessage").json();
    assert_eq!(tg["chat_id"], "-100123");
    assert!(tg["text"].as_str().unwrap().contains(title));
    let tpl = one("/tpl").json();
    assert_eq!(tpl["headline"], title);
    assert_eq!(tpl["where"], "Ukraine");
}

#[tokio::test]
async fn command_sinks_map_exit_codes_and_time_out() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    server.route("/feed.xml", |_| Reply::ok(ukraine_items(1), "application/rss+xml"));
    let out = dir.path().join("received.json");
    let script = dir.path().join("receive.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\ncat > '{}'\necho \"$WIREWATCH_ALERT_ID\" > '{}.id'\n", out.display(), out.display()),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let sinks = format!(
        r#"
[[sinks]]
name = "ok"
type = "command"
command = ["{script}"]
[[sinks]]
name = "reject"
type = "command"
command = ["/bin/sh", "-c", "exit 3"]
reject_exit_codes = [3]
[[sinks]]
name = "fail"
type = "command"
command = "echo broken >&2; exit 1"
shell = true
[[sinks]]
name = "slow"
type = "command"
command = ["/bin/sleep", "30"]
timeout = "200ms"
"#,
        script = script.display()
    );
    let config = parse_config(
        dir.path(),
        &delivery_config(dir.path(), &server.url("/feed.xml"), &sinks, &["ok", "reject", "fail", "slow"], ""),
    );
    let summary = once(&config).await;
    assert_eq!((summary.delivered, summary.rejected, summary.delivery_errors), (1, 1, 2), "{summary:?}");
    let alert: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(alert["item"]["title"], UKRAINE.0.to_string() + " (part 0)");
    assert_eq!(std::fs::read_to_string(format!("{}.id", out.display())).unwrap().trim(), alert["id"].as_str().unwrap());
    let st = store(dir.path());
    let pending = st.outbox_rows(&[OutboxState::Pending], None, 10).unwrap();
    let error_of = |sink: &str| pending.iter().find(|r| r.sink == sink).and_then(|r| r.last_error.clone()).unwrap();
    assert!(error_of("fail").contains("exited with 1: broken"));
    assert!(error_of("slow").contains("did not finish"));
    assert_eq!(st.outbox_rows(&[OutboxState::Dead], Some("reject"), 10).unwrap().len(), 1);
}

#[tokio::test]
async fn alerts_over_a_rate_limit_are_folded_into_one_summary() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    server.route("/feed.xml", |_| Reply::ok(ukraine_items(6), "application/rss+xml"));
    server.route("/hook", |_| Reply::status(200));
    let sinks = format!(
        "[[sinks]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"{}\"\nrate_limit = {{ count = 2, per = \"2s\" }}\n",
        server.url("/hook")
    );
    let config =
        parse_config(dir.path(), &delivery_config(dir.path(), &server.url("/feed.xml"), &sinks, &["hook"], ""));
    let summaries = || server.requests("/hook").iter().filter(|r| r.json()["type"] == "summary").count();
    run_until(&config, Duration::from_secs(15), || {
        summaries() >= 1 && store(dir.path()).outbox_counts().unwrap()[0].folded == 0
    })
    .await;
    let bodies: Vec<serde_json::Value> = server.requests("/hook").iter().map(Seen::json).collect();
    let single: Vec<&serde_json::Value> = bodies.iter().filter(|b| b["type"] == "alert").collect();
    let folded: Vec<&serde_json::Value> =
        bodies.iter().filter(|b| b["type"] == "summary").flat_map(|b| b["alerts"].as_array().unwrap()).collect();
    assert!(!folded.is_empty(), "6 alerts in one 2 s window with a limit of 2 fold some");
    let mut ids: Vec<&str> = single.iter().chain(folded.iter()).map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 6, "no alert dropped, none repeated");
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 6);
    let summary = bodies.iter().find(|b| b["type"] == "summary").unwrap();
    assert_eq!(summary["count"].as_u64().unwrap() as usize, summary["alerts"].as_array().unwrap().len());
    assert_eq!(summary["sink"], "hook");
}

#[tokio::test]
async fn feeds_failing_too_long_and_recovering_raise_health_events() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    let failing = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let f = failing.clone();
    server.route("/feed.xml", move |_| {
        if f.load(Ordering::SeqCst) {
            Reply::status(500)
        } else {
            Reply::ok(ukraine_items(1), "application/rss+xml")
        }
    });
    let health_file = dir.path().join("health.jsonl");
    let sinks = format!("[[sinks]]\nname = \"ops\"\ntype = \"file\"\npath = \"{}\"\n", health_file.display());
    let extra = "[health]\nsinks = [\"ops\"]\nfailing_after = \"1ms\"\n";
    let config =
        parse_config(dir.path(), &delivery_config(dir.path(), &server.url("/feed.xml"), &sinks, &["ops"], extra));
    let events = || -> Vec<serde_json::Value> {
        std::fs::read_to_string(&health_file)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .filter(|v: &serde_json::Value| v["type"] == "feed_health")
            .collect()
    };
    // The first failure starts the clock; a later one past `failing_after` raises the event, once.
    assert!(once_until(&config, 50, || !events().is_empty()).await);
    once(&config).await;
    let e = events();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0]["state"], "failing");
    assert_eq!(e[0]["feed"]["name"], "news");
    assert!(e[0]["error"].as_str().unwrap().contains("500"));
    failing.store(false, Ordering::SeqCst);
    once(&config).await;
    let e = events();
    assert_eq!(e.len(), 2);
    assert_eq!(e[1]["state"], "recovered");
    assert_ne!(e[0]["id"], e[1]["id"]);
}
