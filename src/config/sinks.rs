//! Validation of `[[sinks]]`: which keys each type takes, secrets, templates.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Duration;

use toml::Spanned;

use super::raw;
use super::validate::{did_you_mean, Validator};
use super::{
    CommandSpec, EmailSpec, RateLimit, RetryPolicy, Secret, SinkKind, SinkSpec, TlsMode, WebhookPreset, WebhookSpec,
};

/// Every sink type, for "did you mean".
pub(super) const SINK_TYPES: &[&str] = &[
    "file",
    "stdout",
    "log",
    "webhook",
    "slack",
    "discord",
    "teams",
    "mattermost",
    "ntfy",
    "telegram",
    "email",
    "command",
];

/// The keys each type accepts besides `name`, `type`, `retry` and `rate_limit`.
fn allowed_keys(kind: &str) -> &'static [&'static str] {
    match kind {
        "file" => &["path"],
        "stdout" | "log" => &[],
        "webhook" => {
            &["url", "url_env", "url_file", "headers", "secret", "secret_env", "secret_file", "template", "timeout"]
        }
        "slack" | "discord" | "teams" | "mattermost" => &["url", "url_env", "url_file", "template", "timeout"],
        "ntfy" => &["url", "url_env", "url_file", "token", "token_env", "token_file", "template", "timeout"],
        "telegram" => &["url", "token", "token_env", "token_file", "chat_id", "template", "timeout"],
        "email" => &[
            "smtp_host",
            "smtp_port",
            "tls",
            "username",
            "password",
            "password_env",
            "password_file",
            "from",
            "to",
            "subject",
            "template",
            "html_template",
            "digest",
            "timeout",
        ],
        "command" => &["command", "shell", "reject_exit_codes", "timeout"],
        _ => &[],
    }
}

/// The keys of `s` that are set, with the position of each.
fn present_keys(s: &raw::SinkConfig) -> Vec<(&'static str, usize)> {
    let mut out = Vec::new();
    macro_rules! key {
        ($($field:ident),*) => {$(
            if let Some(v) = &s.$field { out.push((stringify!($field), v.span().start)); }
        )*};
    }
    key!(
        path,
        url,
        url_env,
        url_file,
        headers,
        secret,
        secret_env,
        secret_file,
        token,
        token_env,
        token_file,
        chat_id,
        template,
        timeout,
        smtp_host,
        smtp_port,
        tls,
        username,
        password,
        password_env,
        password_file,
        from,
        subject,
        html_template,
        digest,
        command,
        shell
    );
    if let Some(first) = s.to.first() {
        out.push(("to", first.span().start));
    }
    if let Some(first) = s.reject_exit_codes.first() {
        out.push(("reject_exit_codes", first.span().start));
    }
    out
}

pub(super) fn validate_sinks(v: &mut Validator<'_>, raw: &[raw::SinkConfig]) -> Vec<SinkSpec> {
    let mut names = HashSet::new();
    let mut out = Vec::new();
    for s in raw {
        v.unique_name(&s.name, &mut names, "sink");
        let kind_name = s.kind.get_ref().as_str();
        if !SINK_TYPES.contains(&kind_name) {
            let hint = did_you_mean(kind_name, SINK_TYPES.iter().copied())
                .map(|t| format!("did you mean \"{t}\"?"))
                .or_else(|| Some(format!("sink types: {}", SINK_TYPES.join(", "))));
            v.error_at(&s.kind, format!("unknown sink type \"{kind_name}\""), hint);
            continue;
        }
        let allowed = allowed_keys(kind_name);
        for (key, offset) in present_keys(s) {
            if !allowed.contains(&key) {
                v.error(offset, format!("'{key}' does not apply to sinks of type \"{kind_name}\""), None);
            }
        }
        let name = s.name.get_ref().clone();
        let kind = match kind_name {
            "file" => file(v, s),
            "stdout" => Some(SinkKind::Stdout),
            "log" => Some(SinkKind::Log),
            "email" => email(v, s).map(SinkKind::Email),
            "command" => command(v, s).map(SinkKind::Command),
            preset => webhook(v, s, preset).map(SinkKind::Webhook),
        };
        let retry = retry_policy(v, s.retry.as_ref());
        let default_limit = match &kind {
            Some(SinkKind::Webhook(w)) => w.preset.published_limit(),
            _ => None,
        };
        let rate_limit = rate_limit(v, s.rate_limit.as_ref()).or(default_limit);
        if let Some(kind) = kind {
            out.push(SinkSpec { name, kind, retry, rate_limit });
        }
    }
    out
}

fn file(v: &mut Validator<'_>, s: &raw::SinkConfig) -> Option<SinkKind> {
    match &s.path {
        Some(p) if !p.get_ref().trim().is_empty() => Some(SinkKind::File { path: PathBuf::from(p.get_ref()) }),
        Some(p) => {
            v.error_at(p, "path must not be empty", None);
            None
        }
        None => {
            v.error_at(
                &s.kind,
                format!("sink '{}' of type \"file\" needs a path", s.name.get_ref()),
                Some("add path = \"./state/alerts.jsonl\"".into()),
            );
            None
        }
    }
}

/// A secret given inline, through an environment variable or in a file;
/// exactly one of the three when `required`.
fn secret(
    v: &mut Validator<'_>,
    s: &raw::SinkConfig,
    key: &str,
    inline: &Option<Spanned<String>>,
    env: &Option<Spanned<String>>,
    file: &Option<Spanned<String>>,
    required: bool,
) -> Option<Secret> {
    let given = [inline.is_some(), env.is_some(), file.is_some()].iter().filter(|b| **b).count();
    if given > 1 {
        let at = env.as_ref().or(file.as_ref()).expect("two given");
        v.error_at(at, format!("give only one of {key}, {key}_env and {key}_file"), None);
        return None;
    }
    if let Some(value) = inline {
        return Some(Secret::new(value.get_ref().clone()));
    }
    if let Some(var) = env {
        return match std::env::var(var.get_ref()) {
            Ok(value) if !value.is_empty() => Some(Secret::new(value)),
            _ => {
                v.error_at(
                    var,
                    format!("environment variable '{}' is not set", var.get_ref()),
                    Some(format!("export it before starting wirewatch, or use {key}_file")),
                );
                None
            }
        };
    }
    if let Some(path) = file {
        return match std::fs::read_to_string(path.get_ref()) {
            Ok(value) if !value.trim().is_empty() => {
                Some(Secret::new(value.trim_end_matches(['\n', '\r']).to_string()))
            }
            Ok(_) => {
                v.error_at(path, format!("secret file '{}' is empty", path.get_ref()), None);
                None
            }
            Err(e) => {
                v.error_at(path, format!("cannot read secret file '{}': {e}", path.get_ref()), None);
                None
            }
        };
    }
    if required {
        v.error_at(&s.kind, format!("sink '{}' needs {key} (or {key}_env, {key}_file)", s.name.get_ref()), None);
    }
    None
}

fn template(v: &mut Validator<'_>, t: &Option<Spanned<String>>) -> Option<String> {
    let t = t.as_ref()?;
    if let Err(e) = crate::sinks::template::check(t.get_ref()) {
        v.error_at(
            t,
            format!("invalid template: {e}"),
            Some("templates use minijinja (Jinja2) syntax; the alert is in scope as `alert`".into()),
        );
    }
    Some(t.get_ref().clone())
}

fn webhook(v: &mut Validator<'_>, s: &raw::SinkConfig, kind: &str) -> Option<WebhookSpec> {
    let preset = match kind {
        "slack" => WebhookPreset::Slack,
        "discord" => WebhookPreset::Discord,
        "teams" => WebhookPreset::Teams,
        "mattermost" => WebhookPreset::Mattermost,
        "ntfy" => WebhookPreset::Ntfy,
        "telegram" => WebhookPreset::Telegram,
        _ => WebhookPreset::Plain,
    };
    let token = secret(v, s, "token", &s.token, &s.token_env, &s.token_file, preset == WebhookPreset::Telegram);
    let url = if preset == WebhookPreset::Telegram {
        // The Bot API address, with the token; `url` only overrides the base (for a local Bot API server).
        let base = s
            .url
            .as_ref()
            .map_or("https://api.telegram.org", |u| u.get_ref().as_str())
            .trim_end_matches('/')
            .to_string();
        token.as_ref().map(|t| Secret::new(format!("{base}/bot{}/sendMessage", t.expose())))
    } else {
        secret(v, s, "url", &s.url, &s.url_env, &s.url_file, true)
    };
    if let Some(u) = &url {
        match url::Url::parse(u.expose()) {
            Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => {}
            _ => {
                let at = s
                    .url
                    .as_ref()
                    .or(s.url_env.as_ref())
                    .or(s.url_file.as_ref())
                    .map_or(s.kind.span().start, |x| x.span().start);
                // Never echo the value: webhook URLs are secrets.
                v.error(at, format!("sink '{}' has an invalid http(s) URL", s.name.get_ref()), None);
            }
        }
    }
    if preset == WebhookPreset::Telegram && s.chat_id.is_none() {
        v.error_at(&s.kind, format!("sink '{}' of type \"telegram\" needs chat_id", s.name.get_ref()), None);
    }
    let mut headers = Vec::new();
    if let Some(h) = &s.headers {
        for (name, value) in h.get_ref() {
            let valid = reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_ok()
                && reqwest::header::HeaderValue::from_str(value).is_ok();
            if !valid {
                v.error_at(h, format!("invalid HTTP header '{name}'"), None);
            }
            headers.push((name.clone(), Secret::new(value.clone())));
        }
    }
    let signing_secret = secret(v, s, "secret", &s.secret, &s.secret_env, &s.secret_file, false);
    let template = template(v, &s.template);
    let timeout = v.duration(&s.timeout, Duration::from_secs(10));
    Some(WebhookSpec {
        preset,
        url: url?,
        headers,
        secret: signing_secret,
        token: if preset == WebhookPreset::Telegram { None } else { token },
        chat_id: s.chat_id.as_ref().map(|c| c.get_ref().clone()),
        template,
        timeout,
    })
}

fn email(v: &mut Validator<'_>, s: &raw::SinkConfig) -> Option<EmailSpec> {
    let host = match &s.smtp_host {
        Some(h) if !h.get_ref().trim().is_empty() => h.get_ref().clone(),
        _ => {
            v.error_at(&s.kind, format!("sink '{}' of type \"email\" needs smtp_host", s.name.get_ref()), None);
            String::new()
        }
    };
    let tls = match s.tls.as_ref().map(|t| (t, t.get_ref().as_str())) {
        None | Some((_, "starttls")) => TlsMode::StartTls,
        Some((_, "tls")) => TlsMode::Tls,
        Some((_, "none")) => TlsMode::None,
        Some((t, other)) => {
            v.error_at(
                t,
                format!("unknown tls mode \"{other}\""),
                Some("use \"starttls\" (port 587), \"tls\" (port 465) or \"none\" (local relays only)".into()),
            );
            TlsMode::StartTls
        }
    };
    let port = match &s.smtp_port {
        Some(p) if (1..=65535).contains(p.get_ref()) => *p.get_ref() as u16,
        Some(p) => {
            v.error_at(p, format!("smtp_port must be between 1 and 65535, not {}", p.get_ref()), None);
            0
        }
        None => match tls {
            TlsMode::Tls => 465,
            TlsMode::StartTls => 587,
            TlsMode::None => 25,
        },
    };
    let mailbox = |v: &mut Validator<'_>, m: &Spanned<String>| -> Option<String> {
        match m.get_ref().parse::<lettre::message::Mailbox>() {
            Ok(_) => Some(m.get_ref().clone()),
            Err(e) => {
                v.error_at(m, format!("invalid email address '{}': {e}", m.get_ref()), None);
                None
            }
        }
    };
    let from = match &s.from {
        Some(f) => mailbox(v, f),
        None => {
            v.error_at(&s.kind, format!("sink '{}' of type \"email\" needs from", s.name.get_ref()), None);
            None
        }
    };
    if s.to.is_empty() {
        v.error_at(
            &s.kind,
            format!("sink '{}' of type \"email\" needs at least one address in to", s.name.get_ref()),
            None,
        );
    }
    let to: Vec<String> = s.to.iter().filter_map(|t| mailbox(v, t)).collect();
    let password = secret(v, s, "password", &s.password, &s.password_env, &s.password_file, false);
    if password.is_some() && s.username.is_none() {
        v.error_at(&s.kind, format!("sink '{}' has a password but no username", s.name.get_ref()), None);
    }
    let subject = template(v, &s.subject);
    let text_template = template(v, &s.template);
    let html_template = template(v, &s.html_template);
    let digest = s.digest.as_ref().map(|d| v.duration(&Some(d.clone()), Duration::from_secs(3600)));
    let timeout = v.duration(&s.timeout, Duration::from_secs(30));
    Some(EmailSpec {
        host,
        port,
        tls,
        username: s.username.as_ref().map(|u| u.get_ref().clone()),
        password,
        from: from?,
        to,
        subject,
        text_template,
        html_template,
        digest,
        timeout,
    })
}

fn command(v: &mut Validator<'_>, s: &raw::SinkConfig) -> Option<CommandSpec> {
    let shell = s.shell.as_ref().is_some_and(|b| *b.get_ref());
    let Some(cmd) = &s.command else {
        v.error_at(
            &s.kind,
            format!("sink '{}' of type \"command\" needs command", s.name.get_ref()),
            Some("command = [\"/usr/local/bin/notify\", \"--urgent\"]".into()),
        );
        return None;
    };
    let argv: Vec<String> = match (cmd.get_ref(), shell) {
        (toml::Value::String(line), true) => vec!["/bin/sh".into(), "-c".into(), line.clone()],
        (toml::Value::Array(items), false) => {
            let strings: Option<Vec<String>> = items.iter().map(|i| i.as_str().map(str::to_string)).collect();
            match strings {
                Some(s) if !s.is_empty() && !s[0].is_empty() => s,
                _ => {
                    v.error_at(cmd, "command must be a non-empty array of strings", None);
                    return None;
                }
            }
        }
        (toml::Value::String(_), false) => {
            v.error_at(
                cmd,
                "command is a string but shell is not enabled",
                Some(
                    "write command = [\"program\", \"arg\"], or set shell = true to run the string with /bin/sh -c"
                        .into(),
                ),
            );
            return None;
        }
        _ => {
            v.error_at(cmd, "with shell = true, command must be one string", None);
            return None;
        }
    };
    let mut reject = Vec::new();
    for code in &s.reject_exit_codes {
        match i32::try_from(*code.get_ref()) {
            Ok(c) if (1..=255).contains(&c) => reject.push(c),
            _ => v.error_at(code, format!("exit code {} is not between 1 and 255", code.get_ref()), None),
        }
    }
    let timeout = v.duration(&s.timeout, Duration::from_secs(30));
    Some(CommandSpec { program: argv[0].clone(), args: argv[1..].to_vec(), shell, timeout, reject_exit_codes: reject })
}

fn retry_policy(v: &mut Validator<'_>, r: Option<&raw::RetryConfig>) -> RetryPolicy {
    let defaults = RetryPolicy::default();
    let Some(r) = r else { return defaults };
    let max_attempts = match &r.max_attempts {
        None => None,
        Some(n) if *n.get_ref() >= 1 => Some(*n.get_ref() as u32),
        Some(n) => {
            v.error_at(n, "max_attempts must be 1 or more (leave it out for no limit)", None);
            None
        }
    };
    RetryPolicy {
        base: v.duration(&r.base, defaults.base),
        max_delay: v.duration(&r.max_delay, defaults.max_delay),
        max_attempts,
        max_age: r.max_age.as_ref().map(|a| v.duration(&Some(a.clone()), Duration::from_secs(86_400))),
    }
}

pub(super) fn rate_limit(v: &mut Validator<'_>, r: Option<&raw::RateLimitConfig>) -> Option<RateLimit> {
    let r = r?;
    let count = match u32::try_from(*r.count.get_ref()) {
        Ok(c) if c >= 1 => c,
        _ => {
            v.error_at(&r.count, "rate_limit count must be 1 or more", None);
            return None;
        }
    };
    let per = v.duration(&Some(r.per.clone()), Duration::from_secs(3600));
    Some(RateLimit { count, per })
}
