//! The email sink against a real SMTP server on loopback (aiosmtpd, started
//! from tests/support/smtp_server.py). Skips with a message when Python or
//! aiosmtpd is missing; `.ci/run` installs aiosmtpd.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::*;

/// The SMTP server process; stopped when dropped.
struct Smtp {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Smtp {
    fn start(dir: &Path) -> Option<Smtp> {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_server.py");
        let mut child = Command::new("python3")
            .arg(&script)
            .arg(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .ok()?;
        let mut line = String::new();
        BufReader::new(child.stdout.take()?).read_line(&mut line).ok()?;
        match line.trim().parse() {
            Ok(port) => Some(Smtp { child, port, dir: dir.to_path_buf() }),
            Err(_) => {
                let _ = child.kill();
                let mut err = String::new();
                let _ = std::io::Read::read_to_string(&mut child.stderr.take()?, &mut err);
                eprintln!(
                    "skipping: cannot start the aiosmtpd test server ({}); `pip install aiosmtpd`",
                    err.lines().last().unwrap_or("no output")
                );
                None
            }
        }
    }

    /// Messages received so far: (recipients, raw message).
    fn messages(&self) -> Vec<(String, String)> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| (std::fs::read_to_string(p.with_extension("rcpt")).unwrap(), std::fs::read_to_string(p).unwrap()))
            .collect()
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A header's value, with folded continuation lines joined (RFC 5322).
fn header(message: &str, name: &str) -> Option<String> {
    let head = message.split("\r\n\r\n").next().unwrap_or(message);
    let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
    unfolded.lines().find_map(|l| l.strip_prefix(&format!("{name}: ")).map(str::to_string))
}

#[tokio::test]
async fn alerts_arrive_as_email_with_headers_and_message_ids() {
    let dir = tempfile::tempdir().unwrap();
    let mail_dir = dir.path().join("mail");
    std::fs::create_dir(&mail_dir).unwrap();
    let Some(smtp) = Smtp::start(&mail_dir) else { return };
    let server = TestServer::start();
    server.route("/feed.xml", |_| Reply::ok(ukraine_items(2), "application/rss+xml"));
    let password_file = dir.path().join("smtp.pass");
    std::fs::write(&password_file, "hunter2\n").unwrap();
    let sinks = format!(
        r#"
[[sinks]]
name = "mail"
type = "email"
smtp_host = "127.0.0.1"
smtp_port = {port}
tls = "none"
from = "wirewatch <alerts@newsroom.example>"
to = ["desk@newsroom.example", "Editor <editor@newsroom.example>"]
subject = "[{{{{ alert.rule }}}}] {{{{ alert.item.title }}}}"
html_template = "<p><a href='{{{{ alert.item.link }}}}'>{{{{ alert.item.title }}}}</a></p>"
"#,
        port = smtp.port
    );
    let config =
        parse_config(dir.path(), &delivery_config(dir.path(), &server.url("/feed.xml"), &sinks, &["mail"], ""));
    let summary = once(&config).await;
    assert_eq!(summary.delivered, 2, "{summary:?}");
    let messages = smtp.messages();
    assert_eq!(messages.len(), 2);
    let (rcpt, first) = &messages[0];
    assert_eq!(rcpt.lines().collect::<Vec<_>>(), ["desk@newsroom.example", "editor@newsroom.example"]);
    assert_eq!(header(first, "Subject").unwrap(), format!("[ukraine] {} (part 0)", UKRAINE.0));
    assert!(header(first, "From").unwrap().contains("alerts@newsroom.example"));
    let message_id = header(first, "Message-ID").unwrap();
    let alert_id = header(first, "X-Wirewatch-Alert-Id").unwrap();
    let message_id = message_id.as_str();
    assert_eq!(message_id, format!("<{alert_id}.wirewatch@newsroom.example>"));
    assert!(first.contains("multipart/alternative"));
    assert!(first.contains("http://example.test/item-0"));
    assert_ne!(header(&messages[1].1, "Message-ID").as_deref(), Some(message_id));
}

#[tokio::test]
async fn a_digest_groups_a_rules_alerts_into_one_message() {
    let dir = tempfile::tempdir().unwrap();
    let mail_dir = dir.path().join("mail");
    std::fs::create_dir(&mail_dir).unwrap();
    let Some(smtp) = Smtp::start(&mail_dir) else { return };
    let server = TestServer::start();
    server.route("/feed.xml", |_| Reply::ok(ukraine_items(3), "application/rss+xml"));
    let sinks = format!(
        "[[sinks]]\nname = \"mail\"\ntype = \"email\"\nsmtp_host = \"127.0.0.1\"\nsmtp_port = {}\ntls = \"none\"\nfrom = \"alerts@newsroom.example\"\nto = [\"desk@newsroom.example\"]\ndigest = \"300ms\"\n",
        smtp.port
    );
    let config =
        parse_config(dir.path(), &delivery_config(dir.path(), &server.url("/feed.xml"), &sinks, &["mail"], ""));
    // The first round queues the alerts; the digest is sent once the window has passed.
    assert!(once_until(&config, 100, || !smtp.messages().is_empty()).await, "no digest arrived");
    std::thread::sleep(Duration::from_millis(50));
    let messages = smtp.messages();
    assert_eq!(messages.len(), 1, "one message for the rule's three alerts");
    let body = &messages[0].1;
    assert_eq!(header(body, "Subject").unwrap(), "[wirewatch] 3 alerts for rule ukraine");
    for i in 0..3 {
        assert!(body.contains(&format!("http://example.test/item-{i}")), "item {i} in the digest");
    }
    assert_eq!(header(body, "X-Wirewatch-Alert-Id").unwrap().split(' ').count(), 3);
    assert!(header(body, "Message-ID").unwrap().starts_with("<digest-"));
}

#[tokio::test]
async fn an_unreachable_smtp_server_keeps_alerts_owed() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    server.route("/feed.xml", |_| Reply::ok(ukraine_items(1), "application/rss+xml"));
    // A port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let sinks = format!(
        "[[sinks]]\nname = \"mail\"\ntype = \"email\"\nsmtp_host = \"127.0.0.1\"\nsmtp_port = {port}\ntls = \"none\"\nfrom = \"a@b.example\"\nto = [\"c@d.example\"]\ntimeout = \"2s\"\n"
    );
    let config =
        parse_config(dir.path(), &delivery_config(dir.path(), &server.url("/feed.xml"), &sinks, &["mail"], ""));
    let summary = once(&config).await;
    assert_eq!((summary.delivered, summary.delivery_errors, summary.owed), (0, 1, 1));
}
