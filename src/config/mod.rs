//! The configuration file: loading, validation and the validated [`Config`].
//!
//! Loading runs in three steps, as ripgrep does with its arguments: parse the
//! TOML into the serde mirror in [`raw`] (syntax and type errors), validate it
//! into [`Config`] (names, references, URLs, durations), and let each stage
//! build its runtime objects from the validated values. Every problem found
//! on the way is collected, with the file, line and column it comes from, so
//! that `wirewatch check` reports all mistakes at once.

mod error;
mod raw;
mod sinks;
mod validate;

use std::path::{Path, PathBuf};
use std::time::Duration;

use url::Url;

pub use error::{ConfigError, ConfigErrors};

/// The validated configuration: every value checked, every default applied.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file this configuration was read from.
    pub path: PathBuf,
    /// Process-wide settings (`[daemon]`).
    pub daemon: DaemonSettings,
    /// The feeds to poll, each with its effective settings.
    pub feeds: Vec<FeedSpec>,
    /// The sinks alerts can be written to.
    pub sinks: Vec<SinkSpec>,
    /// The alert rules, in file order.
    pub rules: Vec<RuleSpec>,
    /// Classifier settings (`[classify]`).
    pub classify: ClassifySettings,
    /// Feed-health events (`[health]`).
    pub health: HealthSettings,
    /// Config tests (`[[tests]]`), run by `wirewatch test`.
    pub tests: Vec<TestSpec>,
    /// Problems that do not stop the daemon but deserve attention
    /// (for example a world-writable config file).
    pub warnings: Vec<String>,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines (the default).
    Text,
    /// One JSON object per line, for log shippers.
    Json,
}

/// `[daemon]` after validation.
#[derive(Debug, Clone)]
pub struct DaemonSettings {
    /// Directory holding the SQLite database; relative paths are taken from
    /// the working directory, which the systemd unit sets to its state dir.
    pub state_dir: PathBuf,
    /// Log line format.
    pub log_format: LogFormat,
    /// Default log filter (an `EnvFilter` directive; `RUST_LOG` wins).
    pub log_level: String,
    /// How many feeds may be fetched at the same time.
    pub concurrency: usize,
    /// How many requests may be open to one host at the same time.
    pub per_host_concurrency: usize,
    /// How long shutdown waits for polls and deliveries in flight.
    pub shutdown_timeout: Duration,
    /// How long item identities are remembered for de-duplication.
    pub seen_retention: Duration,
    /// The User-Agent header sent with every request.
    pub user_agent: String,
    /// Address of the `/metrics`, `/health` and `/feeds` listener; `None`: off.
    pub listen: Option<std::net::SocketAddr>,
}

/// One feed with its effective poll settings (defaults already applied).
#[derive(Debug, Clone, PartialEq)]
pub struct FeedSpec {
    /// Unique name, used in logs, alerts and rules.
    pub name: String,
    /// The URL as configured (http, https or file).
    pub url: Url,
    /// Time between polls (before jitter and backoff).
    pub interval: Duration,
    /// Total time allowed for one fetch, body included.
    pub timeout: Duration,
    /// Time allowed to establish a connection.
    pub connect_timeout: Duration,
    /// Largest body accepted, enforced while streaming.
    pub max_body_size: u64,
    /// Upper bound of the error backoff.
    pub max_backoff: Duration,
    /// Upper bound of a server's `Retry-After`; longer values are capped and logged.
    pub max_retry_after: Duration,
    /// Alert on the items already present at the first poll.
    pub backfill: bool,
    /// Free-form tags; rules may name a tag instead of a feed.
    pub tags: Vec<String>,
    /// The feed's home country (ISO alpha-2): a weak prior for the classifier.
    pub region: Option<String>,
    /// The language of the feed's items (primary subtag, lower case, such
    /// as "de"), over what the feed declares.
    pub language: Option<String>,
}

/// A secret (password, token, webhook URL): read from the config, an
/// environment variable or a file, and never shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: String) -> Secret {
        Secret(value)
    }

    /// The value, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// The kinds of sink and their settings.
#[derive(Debug, Clone, PartialEq)]
pub enum SinkKind {
    /// Append one JSON line per alert to a file.
    File {
        /// The file to append to (created with its parent directories).
        path: PathBuf,
    },
    /// Write one JSON line per alert to standard output.
    Stdout,
    /// Emit one structured tracing event per alert.
    Log,
    /// POST to an HTTP endpoint (plain webhook or a chat service preset).
    Webhook(WebhookSpec),
    /// Send email over SMTP.
    Email(EmailSpec),
    /// Run a program with the alert on standard input.
    Command(CommandSpec),
}

/// Which service a webhook talks to: decides the default body and headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookPreset {
    /// The alert JSON (or the template's output) as is.
    Plain,
    /// Slack incoming webhook (`{"text": ...}`).
    Slack,
    /// Discord webhook (`{"content": ...}`).
    Discord,
    /// Microsoft Teams incoming webhook (a MessageCard).
    Teams,
    /// Mattermost incoming webhook (`{"text": ...}`).
    Mattermost,
    /// ntfy topic URL (plain-text body, title and link in headers).
    Ntfy,
    /// Telegram Bot API `sendMessage`.
    Telegram,
}

impl WebhookPreset {
    /// The service's published message rate, used unless the sink sets its own `rate_limit`.
    pub fn published_limit(self) -> Option<RateLimit> {
        let per_minute = |count| Some(RateLimit { count, per: Duration::from_secs(60) });
        match self {
            WebhookPreset::Plain => None,
            // Slack: about one message per second per webhook.
            WebhookPreset::Slack => per_minute(60),
            // Discord: 30 messages per minute per webhook channel.
            WebhookPreset::Discord => per_minute(30),
            // Telegram: 20 messages per minute to one group.
            WebhookPreset::Telegram => per_minute(20),
            // Teams connectors throttle bursts; stay well under their limit.
            WebhookPreset::Teams => per_minute(60),
            WebhookPreset::Mattermost => per_minute(60),
            // ntfy.sh: a burst of 60, then one message every 5 seconds.
            WebhookPreset::Ntfy => per_minute(12),
        }
    }
}

/// A webhook sink.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookSpec {
    /// Which service.
    pub preset: WebhookPreset,
    /// Where to POST (a secret: chat webhook URLs carry their token).
    pub url: Secret,
    /// Extra request headers.
    pub headers: Vec<(String, Secret)>,
    /// HMAC-SHA256 key for the `X-Wirewatch-Signature` header.
    pub secret: Option<Secret>,
    /// Bearer token (ntfy).
    pub token: Option<Secret>,
    /// Telegram chat id.
    pub chat_id: Option<String>,
    /// Body template (minijinja); the preset's default when `None`.
    pub template: Option<String>,
    /// Time allowed per request.
    pub timeout: Duration,
}

/// How to secure an SMTP connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain connection upgraded with STARTTLS (port 587); refuses servers without it.
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: for a relay on localhost only.
    None,
}

/// An email sink.
#[derive(Debug, Clone, PartialEq)]
pub struct EmailSpec {
    /// SMTP server.
    pub host: String,
    /// SMTP port.
    pub port: u16,
    /// Connection security.
    pub tls: TlsMode,
    /// SMTP user, if the server wants authentication.
    pub username: Option<String>,
    /// SMTP password.
    pub password: Option<Secret>,
    /// Sender mailbox.
    pub from: String,
    /// Recipient mailboxes.
    pub to: Vec<String>,
    /// Subject template.
    pub subject: Option<String>,
    /// Plain-text body template.
    pub text_template: Option<String>,
    /// HTML body template.
    pub html_template: Option<String>,
    /// Group a rule's alerts over this window into one message.
    pub digest: Option<Duration>,
    /// Time allowed per SMTP session.
    pub timeout: Duration,
}

/// A command sink.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandSpec {
    /// The program (`/bin/sh` when `shell` is set).
    pub program: String,
    /// Its arguments.
    pub args: Vec<String>,
    /// Whether the command runs through `/bin/sh -c`.
    pub shell: bool,
    /// Time allowed per run; the process is killed after it.
    pub timeout: Duration,
    /// Exit codes meaning "never retry" (Rejected).
    pub reject_exit_codes: Vec<i32>,
}

/// How failed deliveries of a sink are retried.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// First retry delay; doubles per attempt, with full jitter.
    pub base: Duration,
    /// Longest delay between attempts.
    pub max_delay: Duration,
    /// Give up (dead letter) after this many attempts; `None`: never.
    pub max_attempts: Option<u32>,
    /// Give up once an alert is this old; `None`: never.
    pub max_age: Option<Duration>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            base: Duration::from_secs(2),
            max_delay: Duration::from_secs(60),
            max_attempts: None,
            max_age: None,
        }
    }
}

/// At most `count` alerts per `per`; the rest are folded into one summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Alerts allowed per window.
    pub count: u32,
    /// The window.
    pub per: Duration,
}

/// One sink after validation.
#[derive(Debug, Clone, PartialEq)]
pub struct SinkSpec {
    /// Unique name, referenced by rules.
    pub name: String,
    /// What the sink does.
    pub kind: SinkKind,
    /// How failed deliveries are retried.
    pub retry: RetryPolicy,
    /// Flood control for the whole sink.
    pub rate_limit: Option<RateLimit>,
}

/// One config test: a sample item and the expected decisions.
#[derive(Debug, Clone, PartialEq)]
pub struct TestSpec {
    /// The test's name.
    pub name: String,
    /// 1-based line of the test in the config file, for failure messages.
    pub line: usize,
    /// Sample title.
    pub title: String,
    /// Sample body text.
    pub text: String,
    /// Feed the sample comes from (rules restricted to feeds see this).
    pub feed: Option<String>,
    /// The sample's categories.
    pub categories: Vec<String>,
    /// Rules that must match.
    pub expect_rules: Vec<String>,
    /// Rules that must not match.
    pub expect_no_rules: Vec<String>,
    /// Topic ids the item must be about.
    pub expect_topics: Vec<String>,
    /// For each expected region (as written), the countries that satisfy it.
    pub expect_regions: Vec<(String, std::collections::BTreeSet<String>)>,
}

/// `[health]` after validation: feed-health events.
#[derive(Debug, Clone, PartialEq)]
pub struct HealthSettings {
    /// Sinks that receive feed-health events; empty: none are sent.
    pub sinks: Vec<String>,
    /// How long a feed must fail continuously before an event.
    pub failing_after: Duration,
}

/// One alert rule after validation: every name resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSpec {
    /// Unique name; part of every alert id.
    pub name: String,
    /// Topic ids (`medtop:...`); the item needs one of them. Empty: any topic.
    pub topics: Vec<String>,
    /// Country codes covered by the rule's `regions`; the item needs one. `None`: any place.
    pub countries: Option<std::collections::BTreeSet<String>>,
    /// Words or phrases of which at least one must occur. Empty: no condition.
    pub keywords: Vec<String>,
    /// Words or phrases none of which may occur.
    pub exclude: Vec<String>,
    /// Feed names or tags the rule is restricted to. Empty: every feed.
    pub feeds: Vec<String>,
    /// Sinks the rule's alerts go to.
    pub sinks: Vec<String>,
    /// Minimum score for a topic or region to count.
    pub threshold: f32,
    /// Flood control for this rule's alerts, per sink.
    pub rate_limit: Option<RateLimit>,
}

/// `[classify]` after validation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClassifySettings {
    /// Score from which an item is *about* a topic or region.
    pub threshold: f32,
    /// Extra or re-weighted terms: (topic key, term, weight). The key is a
    /// built-in topic's short name or a custom topic's key.
    pub terms: Vec<(String, String, f32)>,
    /// Custom topics: (key, display name); their ids are `custom:<key>`.
    pub custom_topics: Vec<(String, String)>,
    /// Extra place names: (alias, ISO alpha-2 code).
    pub aliases: Vec<(String, String)>,
    /// The learned topic model (`model = "…"`), read and checked at load.
    pub model: Option<LearnedModel>,
    /// The model's share of a blended topic score (`model_weight`).
    pub model_weight: f32,
}

/// A learned topic model named by `[classify] model`.
#[derive(Debug, Clone, PartialEq)]
pub struct LearnedModel {
    /// The file, resolved against the config file's directory.
    pub path: PathBuf,
    /// Its contents (equal when the file's bytes are).
    pub model: std::sync::Arc<crate::classify::model::TopicModel>,
}

impl ClassifySettings {
    /// The topic id a rule or test name refers to: a built-in topic's medtop
    /// code or `custom:<key>` for a custom topic.
    pub fn resolve_topic(&self, name: &str) -> Option<String> {
        if let Some(info) = crate::classify::resolve_topic(name) {
            return Some(info.id.to_string());
        }
        let key = name.strip_prefix("custom:").unwrap_or(name);
        self.custom_topics.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(k, _)| format!("custom:{k}"))
    }
}

impl Config {
    /// Reads, parses and validates the file at `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigErrors> {
        let source = std::fs::read_to_string(path).map_err(|e| ConfigErrors::single(ConfigError::io(path, &e)))?;
        let mut config = Config::parse(&source, path)?;
        config.warnings.extend(validate::file_warnings(path));
        Ok(config)
    }

    /// Parses and validates TOML `source`; `path` is used in messages only.
    pub fn parse(source: &str, path: &Path) -> Result<Config, ConfigErrors> {
        validate::validate(source, path)
    }

    /// The feed with this name.
    pub fn feed(&self, name: &str) -> Option<&FeedSpec> {
        self.feeds.iter().find(|f| f.name == name)
    }

    /// The path of the SQLite database.
    pub fn database_path(&self) -> PathBuf {
        self.daemon.state_dir.join("wirewatch.db")
    }
}

/// The User-Agent sent unless the config sets one: names the tool and version.
pub fn default_user_agent() -> String {
    format!("wirewatch/{} (+https://github.com/wirewatch/wirewatch)", env!("CARGO_PKG_VERSION"))
}
