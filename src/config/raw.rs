//! The serde mirror of the TOML file.
//!
//! Every struct denies unknown keys, and every value whose problems we report
//! by position is wrapped in [`Spanned`]. Sinks are one flat struct with a
//! `type` field rather than an internally tagged enum: serde buffers tagged
//! enums, and buffering loses the spans we promise in error messages.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// `[daemon]`: process-wide settings.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DaemonConfig {
    pub(super) state_dir: Option<Spanned<String>>,
    pub(super) log_format: Option<Spanned<String>>,
    pub(super) log_level: Option<Spanned<String>>,
    pub(super) concurrency: Option<Spanned<i64>>,
    pub(super) per_host_concurrency: Option<Spanned<i64>>,
    pub(super) shutdown_timeout: Option<Spanned<String>>,
    pub(super) seen_retention: Option<Spanned<String>>,
    pub(super) user_agent: Option<Spanned<String>>,
    pub(super) listen: Option<Spanned<String>>,
}

/// `[defaults]`: poll settings every feed inherits unless it overrides them.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DefaultsConfig {
    pub(super) interval: Option<Spanned<String>>,
    pub(super) timeout: Option<Spanned<String>>,
    pub(super) connect_timeout: Option<Spanned<String>>,
    pub(super) max_body_size: Option<Spanned<toml::Value>>,
    pub(super) max_backoff: Option<Spanned<String>>,
    pub(super) max_retry_after: Option<Spanned<String>>,
    pub(super) backfill: Option<Spanned<bool>>,
}

/// One `[[feeds]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FeedConfig {
    pub(super) name: Spanned<String>,
    pub(super) url: Spanned<String>,
    pub(super) interval: Option<Spanned<String>>,
    pub(super) timeout: Option<Spanned<String>>,
    pub(super) max_body_size: Option<Spanned<toml::Value>>,
    pub(super) backfill: Option<Spanned<bool>>,
    #[serde(default)]
    pub(super) tags: Vec<Spanned<String>>,
    pub(super) enabled: Option<Spanned<bool>>,
    pub(super) region: Option<Spanned<String>>,
    pub(super) language: Option<Spanned<String>>,
}

/// One `[[sinks]]` entry; which fields are allowed depends on `type`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SinkConfig {
    pub(super) name: Spanned<String>,
    #[serde(rename = "type")]
    pub(super) kind: Spanned<String>,
    // file
    pub(super) path: Option<Spanned<String>>,
    // webhook and chat presets
    pub(super) url: Option<Spanned<String>>,
    pub(super) url_env: Option<Spanned<String>>,
    pub(super) url_file: Option<Spanned<String>>,
    pub(super) headers: Option<Spanned<BTreeMap<String, String>>>,
    pub(super) secret: Option<Spanned<String>>,
    pub(super) secret_env: Option<Spanned<String>>,
    pub(super) secret_file: Option<Spanned<String>>,
    pub(super) token: Option<Spanned<String>>,
    pub(super) token_env: Option<Spanned<String>>,
    pub(super) token_file: Option<Spanned<String>>,
    pub(super) chat_id: Option<Spanned<String>>,
    pub(super) template: Option<Spanned<String>>,
    pub(super) timeout: Option<Spanned<String>>,
    // email
    pub(super) smtp_host: Option<Spanned<String>>,
    pub(super) smtp_port: Option<Spanned<i64>>,
    pub(super) tls: Option<Spanned<String>>,
    pub(super) username: Option<Spanned<String>>,
    pub(super) password: Option<Spanned<String>>,
    pub(super) password_env: Option<Spanned<String>>,
    pub(super) password_file: Option<Spanned<String>>,
    pub(super) from: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) to: Vec<Spanned<String>>,
    pub(super) subject: Option<Spanned<String>>,
    pub(super) html_template: Option<Spanned<String>>,
    pub(super) digest: Option<Spanned<String>>,
    // command
    pub(super) command: Option<Spanned<toml::Value>>,
    pub(super) shell: Option<Spanned<bool>>,
    #[serde(default)]
    pub(super) reject_exit_codes: Vec<Spanned<i64>>,
    // delivery policy, every type
    pub(super) retry: Option<RetryConfig>,
    pub(super) rate_limit: Option<RateLimitConfig>,
}

/// `retry = { ... }` of a sink: how failed deliveries are retried.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RetryConfig {
    pub(super) base: Option<Spanned<String>>,
    pub(super) max_delay: Option<Spanned<String>>,
    pub(super) max_attempts: Option<Spanned<i64>>,
    pub(super) max_age: Option<Spanned<String>>,
}

/// `rate_limit = { count = 20, per = "1h" }` of a sink or rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RateLimitConfig {
    pub(super) count: Spanned<i64>,
    pub(super) per: Spanned<String>,
}

/// `[health]`: feed-health events and where they go.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct HealthConfig {
    #[serde(default)]
    pub(super) sinks: Vec<Spanned<String>>,
    pub(super) failing_after: Option<Spanned<String>>,
}

/// One `[[rules]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleConfig {
    pub(super) name: Spanned<String>,
    #[serde(default)]
    pub(super) topics: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) regions: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) keywords: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) exclude: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) feeds: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) sinks: Vec<Spanned<String>>,
    pub(super) threshold: Option<Spanned<f64>>,
    pub(super) rate_limit: Option<RateLimitConfig>,
}

/// `[classify]`: classifier settings.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ClassifyConfig {
    pub(super) threshold: Option<Spanned<f64>>,
    #[serde(default)]
    pub(super) terms: BTreeMap<Spanned<String>, BTreeMap<String, Spanned<f64>>>,
    #[serde(default)]
    pub(super) custom_topics: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    pub(super) aliases: BTreeMap<Spanned<String>, Spanned<String>>,
    pub(super) model: Option<Spanned<String>>,
    pub(super) model_weight: Option<Spanned<f64>>,
}

/// `[groups]`: named sets of countries and regions usable in rules.
pub(super) type GroupsConfig = BTreeMap<Spanned<String>, Vec<Spanned<String>>>;

/// One `[[tests]]` entry: a sample item and what the config must do with it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TestConfig {
    pub(super) name: Spanned<String>,
    pub(super) title: Spanned<String>,
    #[serde(default)]
    pub(super) text: String,
    pub(super) feed: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) categories: Vec<String>,
    #[serde(default)]
    pub(super) expect_rules: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) expect_no_rules: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) expect_topics: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) expect_regions: Vec<Spanned<String>>,
}
