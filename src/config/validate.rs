//! Raw TOML → validated [`Config`], collecting every problem with its position.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::de::{DeserializeOwned, IntoDeserializer};
use toml::de::{DeTable, DeValue};
use toml::Spanned;
use url::Url;

use super::error::{ConfigError, ConfigErrors};
use super::raw;
use super::{
    default_user_agent, ClassifySettings, Config, DaemonSettings, FeedSpec, HealthSettings, LearnedModel, LogFormat,
    RuleSpec, SinkSpec,
};
use crate::classify;

const TOP_LEVEL_KEYS: &[&str] =
    &["daemon", "defaults", "feeds", "feeds_opml", "sinks", "rules", "classify", "groups", "health", "tests"];
const DEFAULT_MAX_BODY: u64 = 10 * 1024 * 1024;

/// Collects problems while walking the file.
pub(super) struct Validator<'a> {
    pub(super) source: &'a str,
    path: &'a Path,
    errors: Vec<ConfigError>,
}

impl<'a> Validator<'a> {
    pub(super) fn error(&mut self, offset: usize, message: impl Into<String>, hint: Option<String>) {
        self.errors.push(ConfigError::at(self.path, self.source, offset, message, hint));
    }

    pub(super) fn error_at<T>(&mut self, spanned: &Spanned<T>, message: impl Into<String>, hint: Option<String>) {
        self.error(spanned.span().start, message, hint);
    }

    /// Deserializes one table or array element, reporting a failure in place.
    fn decode<T: DeserializeOwned>(&mut self, value: Spanned<DeValue<'_>>) -> Option<T> {
        let start = value.span().start;
        match T::deserialize(value.into_deserializer()) {
            Ok(v) => Some(v),
            Err(e) => {
                let offset = e.span().map_or(start, |s| s.start);
                let (message, hint) = explain_serde_error(e.message());
                self.error(offset, message, hint);
                None
            }
        }
    }

    pub(super) fn duration(&mut self, value: &Option<Spanned<String>>, default: Duration) -> Duration {
        let Some(v) = value else { return default };
        match humantime::parse_duration(v.get_ref()) {
            Ok(d) if d.is_zero() => {
                self.error_at(v, format!("duration '{}' must be greater than zero", v.get_ref()), None);
                default
            }
            Ok(d) => d,
            Err(e) => {
                self.error_at(
                    v,
                    format!("invalid duration '{}': {e}", v.get_ref()),
                    Some("write durations like \"30s\", \"10m\", \"1h 30m\" or \"7days\"".into()),
                );
                default
            }
        }
    }

    fn size(&mut self, value: &Option<Spanned<toml::Value>>, default: u64) -> u64 {
        let Some(v) = value else { return default };
        let parsed = match v.get_ref() {
            toml::Value::Integer(n) if *n > 0 => Some(*n as u64),
            toml::Value::String(s) => parse_size(s),
            _ => None,
        };
        parsed.unwrap_or_else(|| {
            self.error_at(
                v,
                format!(
                    "invalid size {}",
                    match v.get_ref() {
                        toml::Value::String(s) => format!("\"{s}\""),
                        toml::Value::Integer(n) => n.to_string(),
                        other => format!("(a {})", other.type_str()),
                    }
                ),
                Some("give a number of bytes or a string like \"10MiB\", \"512KiB\", \"2MB\"".into()),
            );
            default
        })
    }

    fn positive(&mut self, value: &Option<Spanned<i64>>, default: usize, what: &str) -> usize {
        match value {
            None => default,
            Some(v) if *v.get_ref() >= 1 && *v.get_ref() <= 100_000 => *v.get_ref() as usize,
            Some(v) => {
                self.error_at(v, format!("{what} must be between 1 and 100000, not {}", v.get_ref()), None);
                default
            }
        }
    }

    fn threshold(&mut self, value: &Option<Spanned<f64>>, default: f32) -> f32 {
        match value {
            None => default,
            Some(v) if (0.0..=1.0).contains(v.get_ref()) => *v.get_ref() as f32,
            Some(v) => {
                self.error_at(v, format!("threshold must lie in [0, 1], not {}", v.get_ref()), None);
                default
            }
        }
    }

    /// Checks that `name` is a usable identifier and not yet taken.
    pub(super) fn unique_name(&mut self, name: &Spanned<String>, seen: &mut HashSet<String>, what: &str) {
        let n = name.get_ref();
        if n.trim().is_empty() {
            self.error_at(name, format!("{what} name must not be empty"), None);
        } else if !seen.insert(n.clone()) {
            self.error_at(
                name,
                format!("duplicate {what} name '{n}'"),
                Some(format!("each {what} needs a unique name")),
            );
        }
    }
}

/// Turns serde's messages into ours, with a "did you mean" where it helps.
fn explain_serde_error(message: &str) -> (String, Option<String>) {
    // serde: "unknown field `intervall`, expected one of `name`, `url`, ..."
    if let Some(rest) = message.strip_prefix("unknown field `") {
        if let Some((field, expected)) = rest.split_once("`, expected ") {
            let candidates: Vec<&str> =
                expected.split('`').enumerate().filter(|(i, _)| i % 2 == 1).map(|(_, s)| s).collect();
            let hint = did_you_mean(field, candidates.iter().copied())
                .map(|s| format!("did you mean '{s}'?"))
                .or_else(|| Some(format!("known keys: {}", candidates.join(", "))));
            return (format!("unknown key '{field}'"), hint);
        }
    }
    (message.trim().to_string(), None)
}

/// The closest candidate to `input`, if any is close enough to be a likely typo.
pub(crate) fn did_you_mean<'c>(input: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let lower = input.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Parses "10MiB", "512 KiB", "2MB", "1048576".
fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let number: u64 = number.parse().ok()?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" => 1_000,
        "kib" | "k" => 1 << 10,
        "mb" => 1_000_000,
        "mib" | "m" => 1 << 20,
        "gb" => 1_000_000_000,
        "gib" | "g" => 1 << 30,
        _ => return None,
    };
    number.checked_mul(factor).filter(|n| *n > 0)
}

/// Removes and returns the top-level value under `key`.
fn take_table<'i>(root: &mut DeTable<'i>, key: &str) -> Option<Spanned<DeValue<'i>>> {
    let found = root.keys().find(|k| k.get_ref() == key).cloned()?;
    root.remove(&found)
}

fn take_array<'i, T: DeserializeOwned>(v: &mut Validator<'_>, root: &mut DeTable<'i>, key: &str) -> Vec<T> {
    let Some(value) = take_table(root, key) else { return Vec::new() };
    let span = value.span();
    match value.into_inner() {
        DeValue::Array(items) => items.into_iter().filter_map(|item| v.decode(item)).collect(),
        _ => {
            v.error(span.start, format!("'{key}' must be an array of tables, written [[{key}]]"), None);
            Vec::new()
        }
    }
}

/// Validates TOML `source` read from `path`.
pub(super) fn validate(source: &str, path: &Path) -> Result<Config, ConfigErrors> {
    let mut v = Validator { source, path, errors: Vec::new() };

    let (root, syntax_errors) = DeTable::parse_recoverable(source);
    if !syntax_errors.is_empty() {
        for e in syntax_errors {
            let offset = e.span().map_or(0, |s| s.start);
            v.error(offset, format!("TOML syntax error: {}", e.message().trim()), None);
        }
        return Err(ConfigErrors { errors: v.errors });
    }
    let mut root = root.into_inner();

    for key in root.keys() {
        if !TOP_LEVEL_KEYS.contains(&key.get_ref().as_ref()) {
            let hint = did_you_mean(key.get_ref(), TOP_LEVEL_KEYS.iter().copied())
                .map(|s| format!("did you mean '{s}'?"))
                .or_else(|| Some(format!("known sections: {}", TOP_LEVEL_KEYS.join(", "))));
            v.error(key.span().start, format!("unknown section '{}'", key.get_ref()), hint);
        }
    }

    let daemon: raw::DaemonConfig = take_table(&mut root, "daemon").and_then(|t| v.decode(t)).unwrap_or_default();
    let defaults: raw::DefaultsConfig = take_table(&mut root, "defaults").and_then(|t| v.decode(t)).unwrap_or_default();
    let classify_raw: raw::ClassifyConfig =
        take_table(&mut root, "classify").and_then(|t| v.decode(t)).unwrap_or_default();
    let groups_raw: raw::GroupsConfig = take_table(&mut root, "groups").and_then(|t| v.decode(t)).unwrap_or_default();
    let feeds_raw: Vec<raw::FeedConfig> = take_array(&mut v, &mut root, "feeds");
    let feeds_opml: Option<Spanned<String>> = take_table(&mut root, "feeds_opml").and_then(|t| v.decode(t));
    let sinks_raw: Vec<raw::SinkConfig> = take_array(&mut v, &mut root, "sinks");
    let rules_raw: Vec<raw::RuleConfig> = take_array(&mut v, &mut root, "rules");
    let tests_raw: Vec<raw::TestConfig> = take_array(&mut v, &mut root, "tests");
    let health_raw: raw::HealthConfig = take_table(&mut root, "health").and_then(|t| v.decode(t)).unwrap_or_default();

    let daemon = validate_daemon(&mut v, &daemon);
    let classify = validate_classify(&mut v, &classify_raw);
    let mut feeds = validate_feeds(&mut v, &defaults, &feeds_raw);
    let mut opml_warnings = Vec::new();
    if let Some(opml) = &feeds_opml {
        opml_feeds(&mut v, opml, path, &defaults, &mut feeds, &mut opml_warnings);
    }
    let sinks = super::sinks::validate_sinks(&mut v, &sinks_raw);
    let health = validate_health(&mut v, &health_raw, &sinks);
    let groups = validate_groups(&mut v, &groups_raw);
    let rules = validate_rules(&mut v, &rules_raw, &feeds, &sinks, &groups, &classify);
    let tests = validate_tests(&mut v, &tests_raw, &feeds, &rules, &groups, &classify);

    if v.errors.is_empty() {
        let mut warnings = opml_warnings;
        if feeds.is_empty() {
            warnings.push("no [[feeds]] configured: nothing will be polled".to_string());
        }
        for sink in &sinks {
            if !rules.iter().any(|r| r.sinks.contains(&sink.name)) {
                warnings.push(format!("sink '{}' is not used by any rule", sink.name));
            }
        }
        if classify_raw.model_weight.is_some() && classify_raw.model.is_none() {
            warnings.push("[classify] model_weight is set but no model is: it has no effect".to_string());
        }
        Ok(Config { path: path.to_path_buf(), daemon, feeds, sinks, rules, classify, health, tests, warnings })
    } else {
        v.errors.sort_by_key(|e| (e.line, e.column));
        v.errors.dedup();
        Err(ConfigErrors { errors: v.errors })
    }
}

fn validate_daemon(v: &mut Validator<'_>, d: &raw::DaemonConfig) -> DaemonSettings {
    let log_format = match d.log_format.as_ref().map(|s| (s, s.get_ref().as_str())) {
        None | Some((_, "text")) => LogFormat::Text,
        Some((_, "json")) => LogFormat::Json,
        Some((s, other)) => {
            v.error_at(s, format!("unknown log_format '{other}'"), Some("use \"text\" or \"json\"".into()));
            LogFormat::Text
        }
    };
    let log_level = match &d.log_level {
        None => "info".to_string(),
        Some(l) => {
            if tracing_subscriber::EnvFilter::builder().parse(l.get_ref()).is_err() {
                v.error_at(
                    l,
                    format!("invalid log_level '{}'", l.get_ref()),
                    Some("use error, warn, info, debug or trace, or a filter such as \"info,wirewatch=debug\"".into()),
                );
            }
            l.get_ref().clone()
        }
    };
    let state_dir = d.state_dir.as_ref().map_or_else(|| PathBuf::from("./state"), |s| PathBuf::from(s.get_ref()));
    let user_agent = match &d.user_agent {
        None => default_user_agent(),
        Some(ua) if ua.get_ref().trim().is_empty() || reqwest::header::HeaderValue::from_str(ua.get_ref()).is_err() => {
            v.error_at(ua, "user_agent must be a non-empty, printable header value", None);
            default_user_agent()
        }
        Some(ua) => ua.get_ref().clone(),
    };
    DaemonSettings {
        state_dir,
        log_format,
        log_level,
        concurrency: v.positive(&d.concurrency, 32, "concurrency"),
        per_host_concurrency: v.positive(&d.per_host_concurrency, 2, "per_host_concurrency"),
        shutdown_timeout: v.duration(&d.shutdown_timeout, Duration::from_secs(8)),
        seen_retention: v.duration(&d.seen_retention, Duration::from_secs(90 * 86_400)),
        user_agent,
        listen: d.listen.as_ref().and_then(|l| match l.get_ref().parse() {
            Ok(addr) => Some(addr),
            Err(_) => {
                v.error_at(
                    l,
                    format!("invalid listen address '{}'", l.get_ref()),
                    Some("write an IP address and port, such as \"127.0.0.1:9464\"".into()),
                );
                None
            }
        }),
    }
}

fn validate_feeds(v: &mut Validator<'_>, defaults: &raw::DefaultsConfig, raw: &[raw::FeedConfig]) -> Vec<FeedSpec> {
    let interval = v.duration(&defaults.interval, Duration::from_secs(600));
    let timeout = v.duration(&defaults.timeout, Duration::from_secs(30));
    let connect_timeout = v.duration(&defaults.connect_timeout, Duration::from_secs(10));
    let max_body_size = v.size(&defaults.max_body_size, DEFAULT_MAX_BODY);
    let max_backoff = v.duration(&defaults.max_backoff, Duration::from_secs(6 * 3600));
    let max_retry_after = v.duration(&defaults.max_retry_after, Duration::from_secs(24 * 3600));
    let backfill = defaults.backfill.as_ref().is_some_and(|b| *b.get_ref());

    let mut names = HashSet::new();
    let mut urls: BTreeMap<String, String> = BTreeMap::new();
    let mut out = Vec::new();
    for f in raw {
        v.unique_name(&f.name, &mut names, "feed");
        let url = match parse_feed_url(f.url.get_ref()) {
            Ok(url) => {
                if let Some(other) = urls.insert(url.to_string(), f.name.get_ref().clone()) {
                    v.error_at(
                        &f.url,
                        format!("feed '{}' has the same URL as feed '{other}'", f.name.get_ref()),
                        Some("remove one of them".into()),
                    );
                }
                Some(url)
            }
            Err(why) => {
                v.error_at(
                    &f.url,
                    format!("invalid feed URL '{}': {why}", f.url.get_ref()),
                    Some("feed URLs start with http://, https:// or file://".into()),
                );
                None
            }
        };
        let mut tags = Vec::new();
        for t in &f.tags {
            if t.get_ref().trim().is_empty() {
                v.error_at(t, "tags must not be empty", None);
            } else {
                tags.push(t.get_ref().clone());
            }
        }
        let spec = FeedSpec {
            name: f.name.get_ref().clone(),
            url: url.unwrap_or_else(|| Url::parse("file:///invalid").expect("static URL")),
            interval: v.duration(&f.interval, interval),
            timeout: v.duration(&f.timeout, timeout),
            connect_timeout,
            max_body_size: v.size(&f.max_body_size, max_body_size),
            max_backoff,
            max_retry_after,
            backfill: f.backfill.as_ref().map_or(backfill, |b| *b.get_ref()),
            tags,
            region: f.region.as_ref().and_then(|r| {
                let code = r.get_ref().to_ascii_uppercase();
                if classify::country_name(&code).is_some() {
                    Some(code)
                } else {
                    v.error_at(
                        r,
                        format!("unknown country '{}'", r.get_ref()),
                        Some("a feed's region is one ISO 3166-1 alpha-2 code, such as \"GB\"".into()),
                    );
                    None
                }
            }),
            language: f.language.as_ref().and_then(|l| match language_tag(l.get_ref()) {
                Some(primary) => Some(primary),
                None => {
                    v.error_at(
                        l,
                        format!("'{}' is not a language tag", l.get_ref()),
                        Some("a feed's language is a tag such as \"de\" or \"pt-BR\" (ISO 639-1, optionally with a region)".into()),
                    );
                    None
                }
            }),
        };
        if f.enabled.as_ref().is_none_or(|e| *e.get_ref()) {
            out.push(spec);
        }
    }
    out
}

/// Adds the feeds of the OPML file named by `feeds_opml` (relative to the
/// config file), with the default settings and their folders as tags. Feeds
/// whose URL is already configured are skipped; unusable outlines are warnings.
fn opml_feeds(
    v: &mut Validator<'_>,
    opml: &Spanned<String>,
    config_path: &Path,
    defaults: &raw::DefaultsConfig,
    feeds: &mut Vec<FeedSpec>,
    warnings: &mut Vec<String>,
) {
    let file = config_path.parent().unwrap_or(Path::new(".")).join(opml.get_ref());
    let bytes = match std::fs::read(&file) {
        Ok(b) => b,
        Err(e) => {
            v.error_at(opml, format!("cannot read feeds_opml '{}': {e}", file.display()), None);
            return;
        }
    };
    let entries = match crate::opml::parse(&bytes) {
        Ok(f) => f,
        Err(e) => {
            v.error_at(opml, format!("cannot read feeds_opml '{}': {e}", file.display()), None);
            return;
        }
    };
    let names = feeds.iter().map(|f| f.name.clone()).collect();
    let urls = feeds
        .iter()
        .map(|f| f.url.to_string())
        .chain(feeds.iter().map(|f| f.url.as_str().trim_end_matches('/').to_string()))
        .collect();
    let (planned, _) = crate::opml::plan_import(&entries, &names, &urls);
    // Settings every OPML feed inherits: the defaults, via a feed with no overrides.
    let probe = raw::FeedConfig {
        name: Spanned::new(0..0, String::from("opml")),
        url: Spanned::new(0..0, String::from("https://example.invalid/")),
        interval: None,
        timeout: None,
        max_body_size: None,
        backfill: None,
        tags: Vec::new(),
        enabled: None,
        region: None,
        language: None,
    };
    let Some(base) = validate_feeds(v, defaults, std::slice::from_ref(&probe)).pop() else { return };
    for (name, entry) in planned {
        match parse_feed_url(&entry.url) {
            Ok(url) => feeds.push(FeedSpec { name, url, tags: entry.categories.clone(), ..base.clone() }),
            Err(why) => warnings.push(format!(
                "{}: skipping '{}': invalid URL '{}': {why}",
                file.display(),
                entry.title,
                entry.url
            )),
        }
    }
}

fn parse_feed_url(s: &str) -> Result<Url, String> {
    let url = Url::parse(s).map_err(|e| e.to_string())?;
    match url.scheme() {
        "http" | "https" if url.host_str().is_some_and(|h| !h.is_empty()) => Ok(url),
        "http" | "https" => Err("missing host".into()),
        "file" => Ok(url),
        other => Err(format!("unsupported scheme '{other}'")),
    }
}

fn validate_classify(v: &mut Validator<'_>, raw: &raw::ClassifyConfig) -> ClassifySettings {
    let mut settings = ClassifySettings {
        threshold: v.threshold(&raw.threshold, 0.5),
        model_weight: classify::DEFAULT_MODEL_WEIGHT,
        ..Default::default()
    };
    for (key, name) in &raw.custom_topics {
        let k = key.get_ref();
        if k.is_empty() || !k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            v.error_at(key, format!("custom topic key '{k}' must be letters, digits, '-' or '_'"), None);
        } else if classify::resolve_topic(k).is_some() {
            v.error_at(
                key,
                format!("custom topic '{k}' has the name of a built-in topic"),
                Some("add terms to the built-in topic under [classify.terms] instead".into()),
            );
        } else if let Some((other, _)) = settings.custom_topics.iter().find(|(o, _)| o.eq_ignore_ascii_case(k)) {
            v.error_at(key, format!("custom topic '{k}' is declared twice (as '{other}' too): keys ignore case"), None);
        } else {
            settings.custom_topics.push((k.clone(), name.get_ref().clone()));
        }
    }
    for (topic, terms) in &raw.terms {
        let key = topic.get_ref();
        let known = classify::resolve_topic(key).map(|t| t.short.to_string()).or_else(|| {
            settings.custom_topics.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(k, _)| k.clone())
        });
        let Some(key) = known else {
            let candidates = classify::topics()
                .iter()
                .map(|t| t.short)
                .chain(settings.custom_topics.iter().map(|(k, _)| k.as_str()));
            let hint = did_you_mean(key, candidates)
                .map(|s| format!("did you mean '{s}'?"))
                .or_else(|| Some("declare custom topics in [classify.custom_topics]".into()));
            v.error_at(topic, format!("[classify.terms] names unknown topic '{key}'"), hint);
            continue;
        };
        for (term, weight) in terms {
            if term.trim().is_empty() {
                v.error_at(weight, "terms must not be empty", None);
            } else if term.contains('*') {
                // Stems need a language to be safe; a silent literal match
                // of "ransom*" as "ransom" would surprise.
                v.error_at(
                    weight,
                    format!("'{term}': wildcards are not supported in [classify.terms]"),
                    Some("list each form as its own term, e.g. \"ransom\" and \"ransomware\"".into()),
                );
            } else if let Err(e) = classify::check_term_length(term) {
                v.error_at(weight, e.to_string(), None);
            } else if !(-5.0..=5.0).contains(weight.get_ref()) {
                v.error_at(
                    weight,
                    format!("weight {} of '{term}' is outside [-5, 5]", weight.get_ref()),
                    Some("1.0 is a clear term, 0.5 a hint; a negative weight counts against the topic".into()),
                );
            } else {
                settings.terms.push((key.clone(), term.trim().to_string(), *weight.get_ref() as f32));
            }
        }
    }
    for (alias, code) in &raw.aliases {
        let c = code.get_ref().to_ascii_uppercase();
        if classify::country_name(&c).is_none() {
            v.error_at(
                code,
                format!("unknown country '{}' for alias '{}'", code.get_ref(), alias.get_ref()),
                Some("use an ISO 3166-1 alpha-2 code such as \"UA\"".into()),
            );
        } else if alias.get_ref().trim().is_empty() {
            v.error_at(alias, "aliases must not be empty", None);
        } else if let Err(e) = classify::check_term_length(alias.get_ref()) {
            v.error_at(alias, e.to_string(), None);
        } else {
            settings.aliases.push((alias.get_ref().trim().to_string(), c));
        }
    }
    if let Some(w) = &raw.model_weight {
        if (0.0..=1.0).contains(w.get_ref()) {
            settings.model_weight = *w.get_ref() as f32;
        } else {
            v.error_at(w, format!("model_weight must lie in [0, 1], not {}", w.get_ref()), None);
        }
    }
    if let Some(path) = &raw.model {
        settings.model = learned_model(v, path, &settings);
    }
    settings
}

/// Reads `[classify] model` and checks that it knows only topics this
/// config has.
fn learned_model(v: &mut Validator<'_>, path: &Spanned<String>, settings: &ClassifySettings) -> Option<LearnedModel> {
    let file = v.path.parent().unwrap_or(Path::new(".")).join(path.get_ref());
    let model = match classify::model::TopicModel::load(&file) {
        Ok(m) => m,
        Err(e) => {
            v.error_at(
                path,
                format!("cannot load the topic model '{}': {e}", file.display()),
                Some("train one with `wirewatch train --data ITEMS.jsonl --out MODEL`".into()),
            );
            return None;
        }
    };
    let unknown: Vec<&str> =
        model.classes().iter().filter(|c| settings.resolve_topic(c).is_none()).map(String::as_str).collect();
    if !unknown.is_empty() {
        v.error_at(
            path,
            format!(
                "the topic model '{}' was trained on topics this config lacks: {}",
                file.display(),
                unknown.join(", ")
            ),
            Some("declare them in [classify.custom_topics], or retrain the model".into()),
        );
        return None;
    }
    Some(LearnedModel { path: file, model: std::sync::Arc::new(model) })
}

fn validate_health(v: &mut Validator<'_>, raw: &raw::HealthConfig, sinks: &[SinkSpec]) -> HealthSettings {
    for s in &raw.sinks {
        if !sinks.iter().any(|k| k.name == *s.get_ref()) {
            let hint = did_you_mean(s.get_ref(), sinks.iter().map(|k| k.name.as_str()))
                .map(|n| format!("did you mean '{n}'?"));
            v.error_at(s, format!("[health] names unknown sink '{}'", s.get_ref()), hint);
        }
    }
    HealthSettings {
        sinks: raw.sinks.iter().map(|s| s.get_ref().clone()).collect(),
        failing_after: v.duration(&raw.failing_after, Duration::from_secs(24 * 3600)),
    }
}

/// A named group resolves to a set of country codes.
type Groups = BTreeMap<String, BTreeSet<String>>;

/// Groups may name other groups in any order; a group is resolved once all
/// its members are. What is left unresolved names an unknown region or is
/// part of a cycle of groups.
fn validate_groups(v: &mut Validator<'_>, raw: &raw::GroupsConfig) -> Groups {
    let mut out = Groups::new();
    for (name, members) in raw {
        if classify::resolve_region(name.get_ref()).is_some() {
            v.error_at(
                name,
                format!("group '{}' has the name of a built-in region", name.get_ref()),
                Some("choose another name".into()),
            );
        }
        if members.is_empty() {
            v.error_at(name, format!("group '{}' is empty", name.get_ref()), None);
        }
    }
    let mut pending: Vec<_> = raw.iter().collect();
    loop {
        let before = pending.len();
        let mut still = Vec::new();
        for (name, members) in pending {
            let sets: Option<Vec<BTreeSet<String>>> =
                members.iter().map(|m| resolve_region_name(m.get_ref(), &out)).collect();
            match sets {
                Some(sets) => {
                    out.insert(name.get_ref().to_lowercase(), sets.into_iter().flatten().collect());
                }
                None => still.push((name, members)),
            }
        }
        pending = still;
        if pending.is_empty() || pending.len() == before {
            break;
        }
    }
    // What is left names an unknown region (reported there, once) or is
    // part of a cycle. Each is then kept with the members that resolve, so
    // that the rules using it report nothing more.
    let group_of = |m: &str| pending.iter().find(|(k, _)| k.get_ref().eq_ignore_ascii_case(m));
    let mut partial = Vec::new();
    for (name, members) in &pending {
        let mut set = BTreeSet::new();
        for m in members.iter() {
            if let Some(codes) = resolve_region_name(m.get_ref(), &out) {
                set.extend(codes);
            } else if group_of(m.get_ref()).is_none() {
                report_unknown_region(v, m, &out);
            } else if !reaches_unknown_region(m.get_ref(), &pending, &out) {
                v.error_at(
                    m,
                    format!(
                        "group '{}' is part of a cycle: it contains itself through '{}'",
                        name.get_ref(),
                        m.get_ref()
                    ),
                    Some("a group may name other groups, but not one that names it back".into()),
                );
            }
        }
        partial.push((name.get_ref().to_lowercase(), set));
    }
    out.extend(partial);
    out
}

/// Whether unresolved group `name` leads, through other unresolved groups,
/// to a member that is no region at all (an error reported at that member).
fn reaches_unknown_region(
    name: &str,
    pending: &[(&Spanned<String>, &Vec<Spanned<String>>)],
    resolved: &Groups,
) -> bool {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut stack = vec![name.to_lowercase()];
    while let Some(g) = stack.pop() {
        if !seen.insert(g.clone()) {
            continue;
        }
        let Some((_, members)) = pending.iter().find(|(k, _)| k.get_ref().to_lowercase() == g) else { continue };
        for m in members.iter().filter(|m| resolve_region_name(m.get_ref(), resolved).is_none()) {
            if pending.iter().any(|(k, _)| k.get_ref().eq_ignore_ascii_case(m.get_ref())) {
                stack.push(m.get_ref().to_lowercase());
            } else {
                return true;
            }
        }
    }
    false
}

fn resolve_region_name(name: &str, groups: &Groups) -> Option<BTreeSet<String>> {
    if let Some(set) = groups.get(&name.to_lowercase()) {
        return Some(set.clone());
    }
    classify::resolve_region(name).map(|codes| codes.into_iter().map(str::to_string).collect())
}

fn report_unknown_region(v: &mut Validator<'_>, name: &Spanned<String>, groups: &Groups) {
    let builtin = classify::region_names();
    let mut candidates: Vec<&str> = builtin.clone();
    candidates.extend(groups.keys().map(String::as_str));
    let hint = did_you_mean(name.get_ref(), candidates.iter().copied())
        .map(|s| format!("did you mean '{s}'?"))
        .or_else(|| Some("use an ISO 3166-1 alpha-2 code (\"UA\"), a UN M49 region or sub-region (\"Eastern Europe\"), or a group from [groups]".into()));
    v.error_at(name, format!("unknown region '{}'", name.get_ref()), hint);
}

fn validate_rules(
    v: &mut Validator<'_>,
    raw: &[raw::RuleConfig],
    feeds: &[FeedSpec],
    sinks: &[SinkSpec],
    groups: &Groups,
    classify_settings: &ClassifySettings,
) -> Vec<RuleSpec> {
    let default_threshold = classify_settings.threshold;
    let mut names = HashSet::new();
    let feed_names: BTreeSet<&str> =
        feeds.iter().flat_map(|f| std::iter::once(f.name.as_str()).chain(f.tags.iter().map(String::as_str))).collect();
    let sink_names: Vec<&str> = sinks.iter().map(|s| s.name.as_str()).collect();
    let mut out = Vec::new();
    for r in raw {
        v.unique_name(&r.name, &mut names, "rule");
        let mut topics = Vec::new();
        for t in &r.topics {
            match classify_settings.resolve_topic(t.get_ref()) {
                Some(id) => topics.push(id),
                None => {
                    let shorts = classify::topics()
                        .iter()
                        .map(|t| t.short)
                        .chain(classify_settings.custom_topics.iter().map(|(k, _)| k.as_str()));
                    let hint =
                        did_you_mean(t.get_ref(), shorts).map(|s| format!("did you mean '{s}'?")).or_else(|| {
                            Some(format!(
                                "topics: {}",
                                classify::topics().iter().map(|t| t.short).collect::<Vec<_>>().join(", ")
                            ))
                        });
                    v.error_at(t, format!("unknown topic '{}'", t.get_ref()), hint);
                }
            }
        }
        let countries = if r.regions.is_empty() {
            None
        } else {
            let mut set = BTreeSet::new();
            for name in &r.regions {
                match resolve_region_name(name.get_ref(), groups) {
                    Some(codes) => set.extend(codes),
                    None => report_unknown_region(v, name, groups),
                }
            }
            Some(set)
        };
        let mut words = |list: &[Spanned<String>], key: &str| -> Vec<String> {
            list.iter()
                .filter_map(|k| {
                    if k.get_ref().trim().is_empty() {
                        v.error_at(k, format!("{key} entries must not be empty"), None);
                        None
                    } else {
                        Some(k.get_ref().trim().to_string())
                    }
                })
                .collect()
        };
        let keywords = words(&r.keywords, "keywords");
        let exclude = words(&r.exclude, "exclude");
        for f in &r.feeds {
            if !feed_names.contains(f.get_ref().as_str()) {
                let hint =
                    did_you_mean(f.get_ref(), feed_names.iter().copied()).map(|s| format!("did you mean '{s}'?"));
                v.error_at(f, format!("rule '{}' names unknown feed or tag '{}'", r.name.get_ref(), f.get_ref()), hint);
            }
        }
        if r.sinks.is_empty() {
            v.error_at(
                &r.name,
                format!("rule '{}' has no sinks: its alerts would go nowhere", r.name.get_ref()),
                Some(format!("add sinks = [\"{}\"]", sink_names.first().copied().unwrap_or("alerts"))),
            );
        }
        for s in &r.sinks {
            if !sink_names.contains(&s.get_ref().as_str()) {
                let hint = did_you_mean(s.get_ref(), sink_names.iter().copied())
                    .map(|n| format!("did you mean '{n}'?"))
                    .or_else(|| Some("define it in a [[sinks]] table".into()));
                v.error_at(s, format!("rule '{}' names unknown sink '{}'", r.name.get_ref(), s.get_ref()), hint);
            }
        }
        out.push(RuleSpec {
            name: r.name.get_ref().clone(),
            topics,
            countries,
            keywords,
            exclude,
            feeds: r.feeds.iter().map(|f| f.get_ref().clone()).collect(),
            sinks: r.sinks.iter().map(|s| s.get_ref().clone()).collect(),
            threshold: v.threshold(&r.threshold, default_threshold),
            rate_limit: super::sinks::rate_limit(v, r.rate_limit.as_ref()),
        });
    }
    out
}

fn validate_tests(
    v: &mut Validator<'_>,
    raw: &[raw::TestConfig],
    feeds: &[FeedSpec],
    rules: &[RuleSpec],
    groups: &Groups,
    classify_settings: &ClassifySettings,
) -> Vec<super::TestSpec> {
    let mut names = HashSet::new();
    let rule_names: Vec<&str> = rules.iter().map(|r| r.name.as_str()).collect();
    let mut out = Vec::new();
    for t in raw {
        v.unique_name(&t.name, &mut names, "test");
        for r in t.expect_rules.iter().chain(&t.expect_no_rules) {
            if !rule_names.contains(&r.get_ref().as_str()) {
                let hint =
                    did_you_mean(r.get_ref(), rule_names.iter().copied()).map(|n| format!("did you mean '{n}'?"));
                v.error_at(r, format!("test '{}' names unknown rule '{}'", t.name.get_ref(), r.get_ref()), hint);
            }
        }
        if let Some(f) = &t.feed {
            if !feeds.iter().any(|x| x.name == *f.get_ref()) {
                v.error_at(f, format!("test '{}' names unknown feed '{}'", t.name.get_ref(), f.get_ref()), None);
            }
        }
        let mut topics = Vec::new();
        for topic in &t.expect_topics {
            match classify_settings.resolve_topic(topic.get_ref()) {
                Some(id) => topics.push(id),
                None => v.error_at(topic, format!("unknown topic '{}'", topic.get_ref()), None),
            }
        }
        let mut regions = Vec::new();
        for region in &t.expect_regions {
            match resolve_region_name(region.get_ref(), groups) {
                Some(codes) => regions.push((region.get_ref().clone(), codes)),
                None => report_unknown_region(v, region, groups),
            }
        }
        let (line, _) = super::error::line_column_of(v.source, t.name.span().start);
        out.push(super::TestSpec {
            name: t.name.get_ref().clone(),
            line,
            title: t.title.get_ref().clone(),
            text: t.text.clone(),
            feed: t.feed.as_ref().map(|f| f.get_ref().clone()),
            categories: t.categories.clone(),
            expect_rules: t.expect_rules.iter().map(|r| r.get_ref().clone()).collect(),
            expect_no_rules: t.expect_no_rules.iter().map(|r| r.get_ref().clone()).collect(),
            expect_topics: topics,
            expect_regions: regions,
        });
    }
    out
}

/// Warnings about the file itself, as ntpd-rs gives: a config anyone can
/// write lets anyone redirect alerts.
pub(super) fn file_warnings(path: &Path) -> Vec<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.permissions().mode() & 0o002 != 0 {
                return vec![format!(
                    "{} is world-writable: anyone on this machine can change where alerts go",
                    path.display()
                )];
            }
        }
    }
    let _ = path;
    Vec::new()
}

/// The primary subtag of a language tag ("pt-BR" → "pt"), lower-cased:
/// an ISO 639-1 code (two letters: the classifier knows languages by
/// these, and "eng" would not be English to it), then optional subtags.
fn language_tag(tag: &str) -> Option<String> {
    let mut parts = tag.trim().split(['-', '_']);
    let primary = parts.next()?;
    let primary_ok = primary.len() == 2 && primary.bytes().all(|b| b.is_ascii_alphabetic());
    let rest_ok = parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    (primary_ok && rest_ok).then(|| primary.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_accept_units() {
        assert_eq!(parse_size("10MiB"), Some(10 << 20));
        assert_eq!(parse_size("512 KiB"), Some(512 << 10));
        assert_eq!(parse_size("2MB"), Some(2_000_000));
        assert_eq!(parse_size("100"), Some(100));
        assert_eq!(parse_size("0"), None);
        assert_eq!(parse_size("ten"), None);
        assert_eq!(parse_size("5 parsecs"), None);
    }

    #[test]
    fn did_you_mean_finds_typos_only() {
        assert_eq!(did_you_mean("intervall", ["interval", "url"]), Some("interval"));
        assert_eq!(did_you_mean("xyz", ["interval", "url"]), None);
    }
}
