//! wirewatch: a news-feed monitor daemon.
//!
//! wirewatch polls RSS, Atom and JSON feeds, normalises their items,
//! de-duplicates them, classifies each by topic (IPTC Media Topics) and
//! region (ISO 3166-1 countries rolled up to UN M49 regions), evaluates the
//! user's alert rules and delivers alerts to sinks without losing any.
//!
//! # Layout
//!
//! The modules follow the pipeline, one stage each:
//!
//! - [`config`]: the TOML file → a validated [`config::Config`]; every error
//!   with file:line:column.
//! - [`fetch`]: polite HTTP(S) and `file://` fetching: conditional GET,
//!   redirects remembered, size caps, per-host limits, retry and backoff.
//! - [`feed`]: feed documents → normalised [`feed::Item`]s with stable keys;
//!   the only user of `feed_rs`.
//! - [`classify`]: topics and regions with scores and evidence.
//! - [`rules`]: which items raise alerts for which sinks.
//! - [`pipeline`]: item → de-duplication → classification → rules → alerts;
//!   the one place the stages meet, free of I/O.
//! - [`sinks`]: where alerts go; each delivery is Delivered, Errored or Rejected.
//! - [`store`]: SQLite: feed state, seen keys, the alert outbox.
//! - [`daemon`]: scheduling, polling, delivery, shutdown and systemd.
//! - [`opml`]: OPML import and export of subscription lists.
//! - [`metrics`]: Prometheus metrics and the `/metrics`, `/health`, `/feeds` endpoints.
//! - [`telemetry`]: logging setup (human or JSON lines).
//!
//! `fetch` and `store` know nothing about topics; `classify` knows nothing
//! about HTTP. The binary (`src/main.rs`) is a thin CLI over [`daemon::run`].

pub mod classify;
pub mod config;
pub mod daemon;
pub mod feed;
pub mod fetch;
pub mod metrics;
pub mod opml;
pub mod pipeline;
pub mod rules;
pub mod sinks;
pub mod store;
pub mod telemetry;

pub use config::Config;
pub use daemon::{run, Mode, RunSummary};
