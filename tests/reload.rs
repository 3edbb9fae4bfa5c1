//! Live reload as a user does it: edit the file, send SIGHUP, watch the log.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::*;

struct Daemon {
    child: Child,
    lines: mpsc::Receiver<serde_json::Value>,
    seen: Vec<serde_json::Value>,
}

impl Daemon {
    fn start(config: &std::path::Path) -> Daemon {
        let mut child = Command::new(env!("CARGO_BIN_EXE_wirewatch"))
            .args(["run", "--log-format", "json", "--config"])
            .arg(config)
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Ok(v) = serde_json::from_str(&line) {
                    let _ = tx.send(v);
                }
            }
        });
        Daemon { child, lines, seen: Vec::new() }
    }

    /// Waits (at most 30 s) for a log line with `message` matching `pred`, after those already taken.
    fn wait_for(&mut self, message: &str, pred: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
        loop {
            if let Some(i) = self.seen.iter().position(|l| l["message"] == message && pred(l)) {
                return self.seen.remove(i);
            }
            match self.lines.recv_timeout(Duration::from_secs(30)) {
                Ok(line) => self.seen.push(line),
                Err(_) => panic!("no '{message}' log line; saw {:#?}", self.seen),
            }
        }
    }

    fn hup(&self) {
        assert!(Command::new("kill").args(["-HUP", &self.child.id().to_string()]).status().unwrap().success());
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        for _ in 0..500 {
            if self.child.try_wait().ok().flatten().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
    }
}

/// The alerts file once it holds something (waits at most 10 s).
fn first_alerts(dir: &std::path::Path) -> Vec<serde_json::Value> {
    let mut alerts = Vec::new();
    for _ in 0..500 {
        alerts = read_alerts(dir);
        if !alerts.is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    alerts
}

fn feeds(entries: &[(&str, &str)]) -> String {
    entries.iter().map(|(n, u)| format!("[[feeds]]\nname = \"{n}\"\nurl = \"{u}\"\nbackfill = true\n")).collect()
}

#[test]
fn reload_adds_feeds_and_rules_and_keeps_running_on_a_broken_config() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    server.feed("/a.xml", &rss(&[("a1", GARDENING.0, GARDENING.1)]), "\"a\"");
    server.feed("/b.xml", &rss(&[("b1", UKRAINE.0, UKRAINE.1)]), "\"b\"");
    let path = dir.path().join("wirewatch.toml");
    // Start with feed a only, and a rule that matches nothing there.
    std::fs::write(&path, config_toml(dir.path(), &feeds(&[("a", &server.url("/a.xml"))]), "")).unwrap();
    let mut daemon = Daemon::start(&path);
    daemon.wait_for("wirewatch started", |_| true);
    daemon.wait_for("new items", |l| l["feed"] == "a");

    // Add feed b and a second rule.
    let extra = "[[rules]]\nname = \"gardening\"\nkeywords = [\"lawn\"]\nsinks = [\"alerts\"]\n";
    let both = feeds(&[("a", &server.url("/a.xml")), ("b", &server.url("/b.xml"))]);
    std::fs::write(&path, config_toml(dir.path(), &both, extra)).unwrap();
    daemon.hup();
    let reloaded = daemon.wait_for("config reloaded", |_| true);
    assert!(reloaded["feeds_added"].as_str().unwrap().contains("\"b\""), "{reloaded}");
    assert!(reloaded["rules_added"].as_str().unwrap().contains("gardening"), "{reloaded}");
    daemon.wait_for("new items", |l| l["feed"] == "b");
    let alerts = first_alerts(dir.path());
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0]["rule"], "ukraine");
    assert_eq!(alerts[0]["feed"]["name"], "b");

    // A broken config is rejected with positions, and the old one keeps working.
    std::fs::write(
        &path,
        format!(
            "{}\n[[rules]]\nname = \"bad\"\ntopics = [\"confict\"]\nsinks = [\"alerts\"]\n",
            config_toml(dir.path(), &both, extra)
        ),
    )
    .unwrap();
    daemon.hup();
    let rejected = daemon.wait_for("config reload rejected; keeping the running config", |_| true);
    assert_eq!(rejected["level"], "ERROR");
    let errors = rejected["errors"].as_str().unwrap();
    assert!(errors.contains("wirewatch.toml:") && errors.contains("unknown topic 'confict'"), "{errors}");
    // Still alive and reloadable.
    std::fs::write(&path, config_toml(dir.path(), &feeds(&[("b", &server.url("/b.xml"))]), "")).unwrap();
    daemon.hup();
    let reloaded = daemon.wait_for("config reloaded", |_| true);
    assert!(reloaded["feeds_removed"].as_str().unwrap().contains("\"a\""), "{reloaded}");
    assert!(reloaded["rules_removed"].as_str().unwrap().contains("gardening"), "{reloaded}");
}

#[test]
fn removing_a_feed_keeps_its_owed_alerts() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    server.route("/feed.xml", |_| Reply::ok(ukraine_items(3), "application/rss+xml"));
    let hook_up = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let up = hook_up.clone();
    server.route("/hook", move |_| {
        if up.load(std::sync::atomic::Ordering::SeqCst) {
            Reply::status(200)
        } else {
            Reply::status(503)
        }
    });
    let path = dir.path().join("wirewatch.toml");
    let sinks = format!("[[sinks]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"{}\"\nretry = {{ base = \"50ms\", max_delay = \"200ms\" }}\n", server.url("/hook"));
    std::fs::write(&path, delivery_config(dir.path(), &server.url("/feed.xml"), &sinks, &["hook"], "")).unwrap();
    let mut daemon = Daemon::start(&path);
    daemon.wait_for("new items", |l| l["feed"] == "news");
    daemon.wait_for("alert delivery failed; will retry", |_| true);
    // Remove the feed while its alerts are owed, then let the receiver recover.
    let without_feed = delivery_config(dir.path(), &server.url("/feed.xml"), &sinks, &["hook"], "")
        .replace(&format!("[[feeds]]\nname = \"news\"\nurl = \"{}\"\n", server.url("/feed.xml")), "");
    std::fs::write(&path, without_feed).unwrap();
    daemon.hup();
    let reloaded = daemon.wait_for("config reloaded", |_| true);
    assert!(reloaded["feeds_removed"].as_str().unwrap().contains("news"), "{reloaded}");
    hook_up.store(true, std::sync::atomic::Ordering::SeqCst);
    for _ in 0..500 {
        let ok: std::collections::HashSet<String> =
            server.requests("/hook").iter().map(|r| r.json()["id"].as_str().unwrap().to_string()).collect();
        if ok.len() == 3 && server.requests("/hook").len() >= 4 {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let delivered: Vec<serde_json::Value> = server.requests("/hook").iter().map(Seen::json).collect();
    let mut ids: Vec<&str> = delivered.iter().map(|d| d["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 3, "the removed feed's owed alerts are delivered");
}

#[test]
fn reload_rebuilds_the_classifier_when_classify_changes() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    server.feed("/a.xml", &rss(&[("a1", GARDENING.0, GARDENING.1)]), "\"a\"");
    server.feed(
        "/c.xml",
        &rss(&[("c1", "Lawn care for a dry summer", "Mow less often and let the lawn grow longer.")]),
        "\"c\"",
    );
    let path = dir.path().join("wirewatch.toml");
    // A custom topic with no terms yet: its rule matches nothing.
    let rule = "[[rules]]\nname = \"garden\"\ntopics = [\"garden\"]\nsinks = [\"alerts\"]\n\n[classify.custom_topics]\ngarden = \"gardening\"\n";
    std::fs::write(&path, config_toml(dir.path(), &feeds(&[("a", &server.url("/a.xml"))]), rule)).unwrap();
    let mut daemon = Daemon::start(&path);
    daemon.wait_for("wirewatch started", |_| true);
    daemon.wait_for("new items", |l| l["feed"] == "a");

    // Give the topic a term and add a feed with a new item: the reloaded
    // classifier must tag it.
    let with_terms = format!("{rule}\n[classify.terms]\ngarden = {{ \"lawn\" = 2.0 }}\n");
    let both = feeds(&[("a", &server.url("/a.xml")), ("c", &server.url("/c.xml"))]);
    std::fs::write(&path, config_toml(dir.path(), &both, &with_terms)).unwrap();
    daemon.hup();
    let reloaded = daemon.wait_for("config reloaded", |_| true);
    assert_eq!(reloaded["classify_changed"], true, "{reloaded}");
    daemon.wait_for("new items", |l| l["feed"] == "c");
    let alerts = first_alerts(dir.path());
    assert_eq!(alerts.len(), 1, "{alerts:#?}");
    assert_eq!(alerts[0]["rule"], "garden");
    assert_eq!(alerts[0]["feed"]["name"], "c");
}
