//! Logging: human-readable lines by default, JSON lines for log shippers.
//!
//! Conventions (see the README's "Logs" section): messages are constant
//! strings and data lives in fields (`feed`, `feed_url`, `sink`, `rule`,
//! `alert_id`, `error`, `error_kind`). ERROR means data may be lost or an
//! operator must act; WARN a problem wirewatch works around (a failing feed);
//! INFO the life of the service and new items; DEBUG each poll.

use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// Installs the global subscriber, writing to stderr. `RUST_LOG` overrides `level`.
pub fn init(format: LogFormat, level: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(level));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let result = match format {
        LogFormat::Text => builder.with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr())).try_init(),
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(true).with_span_list(false).try_init(),
    };
    // A second init (tests, or `once` after `check`) keeps the first subscriber.
    let _ = result;
}
