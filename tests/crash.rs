//! Crash safety: SIGKILL the daemon while one delivery is in flight and
//! others are pending; after a restart every owed alert arrives, and the only
//! duplicate is the in-flight one, with the same id.

mod common;

use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::*;

fn start(config: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_wirewatch"))
        .args(["run", "--config"])
        .arg(config)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..1500 {
        if done() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("timed out waiting for {what}");
}

#[test]
fn sigkill_loses_no_alert_and_duplicates_only_the_one_in_flight() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    server.route("/feed.xml", |_| Reply::ok(ukraine_items(5), "application/rss+xml"));
    let hang = Arc::new(AtomicBool::new(true));
    let h = hang.clone();
    // Before the crash the receiver never answers: the first delivery stays in flight.
    server.route("/hook", move |_| {
        if h.load(Ordering::SeqCst) {
            Reply::status(200).delayed(Duration::from_secs(60))
        } else {
            Reply::status(200)
        }
    });
    let sinks = format!(
        "[[sinks]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"{}\"\ntimeout = \"120s\"\n",
        server.url("/hook")
    );
    let path = dir.path().join("wirewatch.toml");
    std::fs::write(&path, delivery_config(dir.path(), &server.url("/feed.xml"), &sinks, &["hook"], "")).unwrap();

    let mut daemon = start(&path);
    wait_for("the first delivery", || server.requests("/hook").len() == 1);
    let in_flight = server.requests("/hook")[0].json()["id"].as_str().unwrap().to_string();
    daemon.kill().unwrap(); // SIGKILL
    daemon.wait().unwrap();

    hang.store(false, Ordering::SeqCst);
    let mut daemon = start(&path);
    wait_for("every alert after the restart", || server.requests("/hook").len() >= 6);
    daemon.kill().unwrap();
    daemon.wait().unwrap();

    let requests = server.requests("/hook");
    assert_eq!(requests.len(), 6, "5 alerts, one of them twice");
    let after: Vec<String> = requests[1..].iter().map(|r| r.json()["id"].as_str().unwrap().to_string()).collect();
    let mut distinct = after.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 5, "every owed alert delivered after the restart");
    assert_eq!(after[0], in_flight, "the in-flight alert is sent again first, with the same id");
    for r in &requests {
        assert_eq!(r.headers["idempotency-key"], r.json()["id"].as_str().unwrap());
    }
}
