//! The binary as a user runs it: exit codes, `check`, `classify`, and a clean
//! stop on SIGTERM.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::*;

fn wirewatch() -> Command {
    Command::new(env!("CARGO_BIN_EXE_wirewatch"))
}

#[test]
fn check_accepts_the_example_config() {
    let out = wirewatch()
        .args(["check", "--config", "config/wirewatch.toml"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("OK"));
}

#[test]
fn check_reports_every_error_with_position_and_exits_78() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(
        &path,
        "[defaults]\ninterval = \"soon\"\n\n[[feeds]]\nname = \"x\"\nurl = \"not a url\"\n\n[[rules]]\nname = \"r\"\ntopics = [\"sports\"]\nsinks = [\"nowhere\"]\n",
    )
    .unwrap();
    let out = wirewatch().args(["check", "--config"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(78));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let shown = path.display().to_string();
    for needle in [
        format!("{shown}:2:12: invalid duration 'soon'"),
        format!("{shown}:6:7: invalid feed URL 'not a url'"),
        format!("{shown}:10:11: unknown topic 'sports' (hint: did you mean 'sport'?)"),
        format!("{shown}:11:10: rule 'r' names unknown sink 'nowhere'"),
    ] {
        assert!(stderr.contains(&needle), "missing {needle:?} in:\n{stderr}");
    }
    assert!(stderr.contains("4 errors"), "{stderr}");
}

#[test]
fn a_missing_config_is_a_config_error() {
    let out = wirewatch().args(["run", "--config", "/nonexistent/wirewatch.toml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(78));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read config file"));
}

#[test]
fn help_and_version_work_for_every_command() {
    let out = wirewatch().arg("--version").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("wirewatch "));
    for cmd in ["run", "once", "check", "classify", "eval"] {
        let out = wirewatch().args([cmd, "--help"]).output().unwrap();
        assert!(out.status.success(), "{cmd} --help");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage"), "{cmd}");
    }
}

#[test]
fn classify_reads_an_article_that_is_not_utf8() {
    // A Latin-1 file: "Café" with the byte 0xE9.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.txt");
    std::fs::write(
        &path,
        b"Caf\xe9 owner arrested in Paris\nPolice arrested the owner of a caf\xe9 in Paris after a court order.\n",
    )
    .unwrap();
    let out = wirewatch().args(["classify"]).arg(&path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not valid UTF-8"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["topics"][0]["id"], "medtop:02000000", "{v:#}");
    assert_eq!(v["regions"][0]["country"], "FR", "{v:#}");
}

/// Runs `classify --jsonl -` on `lines` (JSON values, one per line).
fn classify_jsonl(lines: &[serde_json::Value]) -> std::process::Output {
    let input: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let mut child = wirewatch()
        .args(["classify", "--jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

/// The result lines of a successful [`classify_jsonl`].
fn results(out: std::process::Output) -> Vec<serde_json::Value> {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn classify_jsonl_keeps_ids_and_order() {
    let lines = results(classify_jsonl(&[
        serde_json::json!({"id": "a", "title": UKRAINE.0, "text": UKRAINE.1}),
        serde_json::json!({"id": 7, "title": GARDENING.0, "text": GARDENING.1}),
        // No id: the line number stands in.
        serde_json::json!({"title": GARDENING.0, "text": GARDENING.1}),
    ]));
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[1]["id"], 7);
    assert_eq!(lines[2]["id"], 3);
    assert_eq!(lines[0]["topics"][0]["id"], "medtop:16000000");
    assert_eq!(lines[0]["regions"][0]["country"], "UA");
    assert_eq!(lines[0]["regions"][0]["subregion"], "Eastern Europe");
    assert_eq!(lines[0]["regions"][0]["region"], "Europe");
}

#[test]
fn classify_jsonl_reads_what_a_feed_declares() {
    // Language, categories and home region, as a feed gives them; a region
    // that is no country stops with the line number.
    let lines = results(classify_jsonl(&[
        serde_json::json!({"id": 1, "title": "Late drama", "text": "", "categories": ["Sport"]}),
        serde_json::json!({"id": 2, "title": "Der Stadtrat tagt", "text": "Die Sitzung beginnt um neun Uhr.",
            "language": "de", "region": "at", "link": "https://example.org/ignored"}),
        // Nothing to detect a language from: the declared one is taken; an
        // empty region is none.
        serde_json::json!({"id": 3, "title": "2024", "text": "", "language": "sv-FI", "region": ""}),
    ]));
    assert_eq!(lines[0]["topics"][0]["name"], "sport");
    assert_eq!(lines[1]["language"], "de");
    assert_eq!(lines[1]["regions"][0]["country"], "AT");
    assert_eq!(lines[2]["language"], "sv");
    assert_eq!(lines[2]["regions"], serde_json::json!([]));

    let out = classify_jsonl(&[serde_json::json!({"id": 3, "title": "x", "text": "y", "region": "Narnia"})]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("-:1: region 'Narnia'"), "{err}");
}

#[test]
fn run_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    server.feed("/feed.xml", &rss(&[("a", UKRAINE.0, UKRAINE.1)]), "\"v\"");
    let feeds = format!("[[feeds]]\nname = \"news\"\nurl = \"{}\"\nbackfill = true\n", server.url("/feed.xml"));
    let path = dir.path().join("wirewatch.toml");
    let log_sink = "[[sinks]]\nname = \"journal\"\ntype = \"log\"\n[[rules]]\nname = \"ukraine-log\"\ntopics = [\"conflict\"]\nsinks = [\"journal\"]\n";
    std::fs::write(&path, config_toml(dir.path(), &feeds, log_sink)).unwrap();

    let mut child = wirewatch()
        .args(["run", "--log-format", "json", "--config"])
        .arg(&path)
        .env("RUST_LOG", "info")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel::<serde_json::Value>();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Ok(v) = serde_json::from_str(&line) {
                let _ = tx.send(v);
            }
        }
    });
    // Log lines from different tasks may come in any order: keep them all.
    let received = std::cell::RefCell::new(Vec::<serde_json::Value>::new());
    let wait_for = |message: &str| -> serde_json::Value {
        loop {
            if let Some(line) = received.borrow().iter().find(|l| l["message"] == message) {
                return line.clone();
            }
            let line = rx
                .recv_timeout(Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("no '{message}' log line in {:#?}", received.borrow()));
            received.borrow_mut().push(line);
        }
    };
    wait_for("wirewatch started");
    let new_items = wait_for("new items");
    assert_eq!(new_items["feed"], "news");
    let alert = wait_for("alert");
    assert_eq!(alert["target"], "wirewatch::alert");
    assert_eq!(alert["rule"], "ukraine-log");
    assert_eq!(alert["feed"], "news");
    assert_eq!(alert["title"], UKRAINE.0);
    assert_eq!(alert["link"], "http://example.test/a");
    assert!(alert["topics"].as_str().unwrap().contains("conflict"));
    assert_eq!(alert["alert_id"].as_str().unwrap().len(), 32);
    // The file sink has its own deliverer: wait (at most 30 s) for its line.
    for _ in 0..1500 {
        if !read_alerts(dir.path()).is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(read_alerts(dir.path()).len(), 1);

    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    wait_for("wirewatch stopped");
    let mut exit = None;
    for _ in 0..500 {
        if let Some(s) = child.try_wait().unwrap() {
            exit = Some(s);
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let exit = exit.unwrap_or_else(|| {
        let _ = child.kill();
        panic!("wirewatch did not exit within 10 s of SIGTERM")
    });
    assert!(exit.success(), "exit status {exit:?}");
}

#[tokio::test]
async fn outbox_lists_retries_and_purges_dead_letters() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    server.route("/feed.xml", |_| Reply::ok(ukraine_items(2), "application/rss+xml"));
    server.route("/hook", |_| Reply::status(410));
    let sinks = format!("[[sinks]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"{}\"\n", server.url("/hook"));
    let config =
        parse_config(dir.path(), &delivery_config(dir.path(), &server.url("/feed.xml"), &sinks, &["hook"], ""));
    once(&config).await;
    let path = dir.path().join("wirewatch.toml");
    let run = |args: &[&str]| {
        let out = wirewatch().arg("outbox").arg("--config").arg(&path).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let listed = run(&["list", "--state", "dead", "--json"]);
    let rows: Vec<serde_json::Value> = listed.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert!(rows
        .iter()
        .all(|r| r["state"] == "dead" && r["sink"] == "hook" && r["last_error"].as_str().unwrap().contains("410")));
    let table = run(&["list", "--state", "all"]);
    assert!(table.contains("hook: 0 pending, 0 folded, 2 dead, 0 delivered"), "{table}");
    let first = rows[0]["id"].as_i64().unwrap().to_string();
    assert!(run(&["retry", &first]).starts_with("1 dead row made owed again"));
    assert!(run(&["purge", "--state", "dead"]).starts_with("1 row purged"));
    assert_eq!(run(&["list", "--json"]).lines().count(), 1, "the retried row is pending");
    let refused =
        wirewatch().arg("outbox").arg("--config").arg(&path).args(["purge", "--state", "pending"]).output().unwrap();
    assert!(!refused.status.success());
}

/// The unit file passes `systemd-analyze verify` (with the binary path
/// pointed at the one just built); skipped where systemd-analyze is missing.
#[test]
fn the_systemd_unit_verifies() {
    let Ok(version) = Command::new("systemd-analyze").arg("--version").output() else {
        eprintln!("skipping: systemd-analyze is not installed");
        return;
    };
    assert!(version.status.success());
    let dir = tempfile::tempdir().unwrap();
    let unit = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/systemd/wirewatch.service")).unwrap();
    assert!(unit.contains("Type=notify") && unit.contains("WatchdogSec=") && unit.contains("ExecReload="));
    let unit = unit.replace("/usr/local/bin/wirewatch", env!("CARGO_BIN_EXE_wirewatch"));
    let path = dir.path().join("wirewatch.service");
    std::fs::write(&path, unit).unwrap();
    let out = Command::new("systemd-analyze").arg("verify").arg(&path).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && !stderr.contains("wirewatch.service:"), "systemd-analyze verify: {stderr}");
}

#[test]
fn config_tests_pass_and_fail_with_a_readable_diff() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wirewatch.toml");
    let base = format!(
        r#"
[[sinks]]
name = "out"
type = "stdout"
[[rules]]
name = "ukraine"
topics = ["conflict"]
regions = ["Eastern Europe"]
sinks = ["out"]
[[rules]]
name = "lawns"
keywords = ["lawn"]
exclude = ["drone"]
sinks = ["out"]
[[tests]]
name = "war news reaches the ukraine rule"
title = "{}"
text = "{}"
expect_rules = ["ukraine"]
expect_no_rules = ["lawns"]
expect_topics = ["conflict"]
expect_regions = ["UA", "Europe"]
"#,
        UKRAINE.0, UKRAINE.1
    );
    std::fs::write(&path, &base).unwrap();
    let out = wirewatch().args(["test", "--config"]).arg(&path).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        stdout.contains("ok      war news reaches the ukraine rule") && stdout.contains("1 passed, 0 failed"),
        "{stdout}"
    );

    let failing = format!("{base}\n[[tests]]\nname = \"gardening is not war\"\ntitle = \"{}\"\ntext = \"{}\"\nexpect_rules = [\"ukraine\"]\n", GARDENING.0, GARDENING.1);
    std::fs::write(&path, failing).unwrap();
    let out = wirewatch().args(["test", "--config"]).arg(&path).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("FAILED  gardening is not war ("), "{stdout}");
    assert!(
        stdout
            .contains("rule 'ukraine' should match but did not: no topic of [\"medtop:16000000\"] scored 0.50 or more"),
        "{stdout}"
    );
    assert!(stdout.contains("+ lawns: keyword 'lawn'"), "{stdout}");
    assert!(stdout.contains("1 passed, 1 failed"), "{stdout}");

    // explain: every rule's decision and what decided it.
    let mut child = wirewatch()
        .args(["explain", "--config"])
        .arg(&path)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), format!("{}\n{}", UKRAINE.0, UKRAINE.1).as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("MATCH    ukraine: topic 'conflict, war and peace' scored"), "{stdout}");
    // Each score comes with its strongest evidence.
    assert!(
        stdout.contains("about   conflict, war and peace (\"drone strikes\" in the title, \"ceasefire\" in the title"),
        "{stdout}"
    );
    assert!(stdout.contains("UA Ukraine (Eastern Europe) (\"Ukraine\" in the title, \"Ukrainian\" ×2"), "{stdout}");
    assert!(stdout.contains("no match lawns: none of the keywords occurs"), "{stdout}");
}

#[test]
fn the_example_configs_own_tests_pass() {
    let out = wirewatch()
        .args(["test", "--config", "config/wirewatch.toml"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("2 passed, 0 failed"), "{stdout}");
}

#[test]
fn eval_scores_labelled_items_and_writes_the_misses() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("labelled.jsonl");
    // Two items written for this test: one the classifier gets right, one
    // whose gold topic (weather) it cannot see in the text.
    let records = [
        serde_json::json!({"id": "t:1", "source": "mine", "title": "Braves beat Mets in extra innings",
            "text": "Atlanta won 4-2 in the tenth inning at Citi Field.", "topics": ["medtop:15000000"],
            "regions": ["US"], "regions_exhaustive": true}),
        serde_json::json!({"id": "t:2", "source": "mine", "title": "Parliament passes the budget",
            "text": "Lawmakers in Ottawa approved the spending plan on Tuesday.", "topics": ["medtop:17000000"],
            "regions": ["CA"], "regions_exhaustive": true}),
    ];
    let lines: Vec<String> = records.iter().map(|r| r.to_string()).collect();
    std::fs::write(&data, lines.join("\n") + "\n").unwrap();
    let misses = dir.path().join("misses.jsonl");
    let out = wirewatch().args(["eval", "--json", "--data"]).arg(&data).arg("--misses").arg(&misses).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["overall"]["topic_items"], 2);
    assert_eq!(report["overall"]["topic_top1"], 0.5);
    let written = std::fs::read_to_string(&misses).unwrap();
    let written: Vec<serde_json::Value> = written.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(written.len(), 1, "{written:?}");
    assert_eq!(written[0]["id"], "t:2");
    assert_eq!(written[0]["gold_topics"][0], "medtop:17000000");
    assert!(written[0]["predicted"]["topics"].as_array().is_some_and(|t| !t.is_empty()), "{written:?}");
}
