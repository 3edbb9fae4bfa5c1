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
}

/// One sink after validation.
#[derive(Debug, Clone, PartialEq)]
pub struct SinkSpec {
    /// Unique name, referenced by rules.
    pub name: String,
    /// What the sink does.
    pub kind: SinkKind,
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
}

/// `[classify]` after validation.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassifySettings {
    /// Score from which an item is *about* a topic or region.
    pub threshold: f32,
}

impl Config {
    /// Reads, parses and validates the file at `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigErrors> {
        let source = std::fs::read_to_string(path).map_err(|e| {
            ConfigErrors::single(ConfigError::io(path, &e))
        })?;
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
    format!(
        "wirewatch/{} (+https://github.com/wirewatch/wirewatch)",
        env!("CARGO_PKG_VERSION")
    )
}
