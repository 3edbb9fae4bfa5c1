//! Live reload: re-read the config, validate it fully, and work out what
//! changed. Applying the difference is the scheduler's job (see [`super`]);
//! an invalid file changes nothing.

use std::path::Path;

use crate::config::{Config, ConfigErrors};

/// Names added, removed or changed in one section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// In the new config only.
    pub added: Vec<String>,
    /// In the old config only.
    pub removed: Vec<String>,
    /// In both, with different settings.
    pub changed: Vec<String>,
}

impl Changes {
    fn between<T: PartialEq>(old: &[T], new: &[T], name: impl Fn(&T) -> &str) -> Changes {
        let mut c = Changes::default();
        for n in new {
            match old.iter().find(|o| name(o) == name(n)) {
                None => c.added.push(name(n).to_string()),
                Some(o) if o != n => c.changed.push(name(n).to_string()),
                Some(_) => {}
            }
        }
        for o in old {
            if !new.iter().any(|n| name(n) == name(o)) {
                c.removed.push(name(o).to_string());
            }
        }
        c
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// What differs between the running config and a new one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigDiff {
    /// Feeds.
    pub feeds: Changes,
    /// Rules.
    pub rules: Changes,
    /// Sinks.
    pub sinks: Changes,
    /// `[health]` changed.
    pub health_changed: bool,
    /// `[daemon]` changed (applied only at the next start).
    pub daemon_changed: bool,
}

impl ConfigDiff {
    /// The difference from `old` to `new`.
    pub fn between(old: &Config, new: &Config) -> ConfigDiff {
        let d = (&old.daemon, &new.daemon);
        ConfigDiff {
            feeds: Changes::between(&old.feeds, &new.feeds, |f| &f.name),
            rules: Changes::between(&old.rules, &new.rules, |r| &r.name),
            sinks: Changes::between(&old.sinks, &new.sinks, |s| &s.name),
            health_changed: old.health != new.health,
            daemon_changed: d.0.state_dir != d.1.state_dir
                || d.0.listen != d.1.listen
                || d.0.concurrency != d.1.concurrency
                || d.0.per_host_concurrency != d.1.per_host_concurrency
                || d.0.user_agent != d.1.user_agent
                || d.0.log_format != d.1.log_format
                || d.0.log_level != d.1.log_level,
        }
    }

    /// Whether deliverers must restart (sinks or rules' sinks and limits changed).
    pub fn sinks_or_rules_changed(&self) -> bool {
        !self.sinks.is_empty() || !self.rules.is_empty()
    }
}

/// Reads and validates the config file at `path` off the reactor.
pub async fn load(path: &Path) -> Result<Config, ConfigErrors> {
    let path = path.to_path_buf();
    match tokio::task::spawn_blocking(move || Config::load(&path)).await {
        Ok(result) => result,
        Err(e) => Err(ConfigErrors {
            errors: vec![crate::config::ConfigError {
                path: Default::default(),
                line: None,
                column: None,
                message: format!("reading the config failed: {e}"),
                hint: None,
            }],
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Config {
        Config::parse(src, Path::new("t.toml")).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn diff_names_added_removed_and_changed() {
        let old = parse("[[feeds]]\nname = \"a\"\nurl = \"https://a.test/\"\n[[feeds]]\nname = \"b\"\nurl = \"https://b.test/\"\n[[sinks]]\nname = \"s\"\ntype = \"stdout\"\n");
        let new = parse("[[feeds]]\nname = \"a\"\nurl = \"https://a.test/\"\ninterval = \"1m\"\n[[feeds]]\nname = \"c\"\nurl = \"https://c.test/\"\n[[sinks]]\nname = \"s\"\ntype = \"stdout\"\n");
        let d = ConfigDiff::between(&old, &new);
        assert_eq!(d.feeds, Changes { added: vec!["c".into()], removed: vec!["b".into()], changed: vec!["a".into()] });
        assert!(d.sinks.is_empty());
        assert!(!d.sinks_or_rules_changed());
        assert!(!d.daemon_changed);
    }
}
