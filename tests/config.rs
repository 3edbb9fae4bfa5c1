//! Configuration: the example is valid and complete; mistakes are reported
//! all at once, each with line and column.

use std::collections::BTreeSet;
use std::path::Path;

use wirewatch::config::{Config, SinkKind};

fn parse(src: &str) -> Result<Config, wirewatch::config::ConfigErrors> {
    Config::parse(src, Path::new("test.toml"))
}

#[test]
fn the_example_config_is_valid() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/wirewatch.toml");
    let config = Config::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(config.feeds.len() >= 5, "points at real world-news feeds");
    assert!(config.feeds.iter().all(|f| f.url.scheme() == "https"));
    assert!(config.rules.iter().any(|r| r.name == "ukraine-conflict"));
    assert!(config.sinks.iter().any(|s| matches!(s.kind, SinkKind::File { .. })));
    assert!(config.warnings.is_empty(), "{:?}", config.warnings);
}

/// Every key of the serde mirror (src/config/raw.rs) must appear in the
/// example config, so that the example documents everything.
#[test]
fn the_example_config_mentions_every_key() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let raw = std::fs::read_to_string(root.join("src/config/raw.rs")).unwrap();
    let example = std::fs::read_to_string(root.join("config/wirewatch.toml")).unwrap();
    let mut keys = BTreeSet::new();
    for line in raw.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("pub(super) ") {
            if let Some((field, _)) = rest.split_once(':') {
                if field.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    keys.insert(if field == "kind" { "type".to_string() } else { field.to_string() });
                }
            }
        }
    }
    for section in ["daemon", "defaults", "feeds", "sinks", "rules", "classify", "groups", "health"] {
        keys.insert(section.to_string());
    }
    assert!(keys.len() > 30, "found keys: {keys:?}");
    let missing: Vec<_> = keys
        .iter()
        .filter(|k| {
            !example.lines().any(|l| {
                let l = l.trim_start().trim_start_matches('#').trim_start().trim_start_matches('[');
                l.starts_with(&format!("{k} "))
                    || l.starts_with(&format!("{k}="))
                    || l.starts_with(&format!("{k}]"))
                    || l.contains(&format!(".{k}]"))
            })
        })
        .collect();
    assert!(missing.is_empty(), "config/wirewatch.toml does not document: {missing:?}");
}

#[test]
fn every_mistake_is_reported_with_line_and_column() {
    let src = r#"
[daemon]
state_dir = "./state"
log_format = "xml"

[defaults]
intervall = "10m"

[[feeds]]
name = "a"
url = "ftp://example.com/feed"

[[feeds]]
name = "a"
url = "https://example.com/feed"
interval = "ten minutes"

[[sinks]]
name = "out"
type = "fille"

[[rules]]
name = "r"
topics = ["confict"]
regions = ["Eastern Europa"]
sinks = ["missing"]
"#;
    let errors = parse(src).unwrap_err().errors;
    let found: Vec<(usize, usize, &str)> =
        errors.iter().map(|e| (e.line.unwrap(), e.column.unwrap(), e.message.as_str())).collect();
    let expect = |line: usize, column: usize, needle: &str| {
        assert!(
            found.iter().any(|(l, c, m)| *l == line && *c == column && m.contains(needle)),
            "expected {line}:{column} '{needle}' in {found:#?}"
        );
    };
    expect(4, 14, "unknown log_format 'xml'");
    expect(7, 1, "unknown key 'intervall'");
    expect(11, 7, "invalid feed URL");
    expect(14, 8, "duplicate feed name 'a'");
    expect(16, 12, "invalid duration 'ten minutes'");
    expect(20, 8, "unknown sink type \"fille\"");
    expect(24, 11, "unknown topic 'confict'");
    expect(25, 12, "unknown region 'Eastern Europa'");
    expect(26, 10, "unknown sink 'missing'");
    let hint = |needle: &str| {
        errors.iter().find(|e| e.message.contains(needle)).and_then(|e| e.hint.clone()).unwrap_or_default()
    };
    assert!(hint("intervall").contains("did you mean 'interval'"));
    assert!(hint("fille").contains("did you mean \"file\""));
    assert!(hint("confict").contains("did you mean 'conflict'"));
    assert!(hint("Eastern Europa").contains("did you mean 'Eastern Europe'"));
    // The rendered form names the file.
    assert!(errors[0].to_string().starts_with("test.toml:4:14: "));
}

#[test]
fn a_syntax_error_points_at_its_position() {
    let errors = parse("[daemon]\nstate_dir = \"unterminated\n").unwrap_err().errors;
    assert_eq!(errors[0].line, Some(2));
    assert!(errors[0].message.contains("TOML syntax error"));
}

#[test]
fn wrong_types_and_unknown_sections_are_reported() {
    let src = "[daemon]\nconcurrency = \"many\"\n\n[feed]\nname = \"x\"\n";
    let errors = parse(src).unwrap_err().errors;
    assert!(
        errors.iter().any(|e| e.line == Some(4)
            && e.message.contains("unknown section 'feed'")
            && e.hint.as_deref().unwrap_or("").contains("feeds")),
        "{errors:#?}"
    );
    assert!(errors.iter().any(|e| e.line == Some(2)), "{errors:#?}");
}

#[test]
fn groups_and_regions_resolve_to_countries() {
    let src = r#"
[groups]
"Levant" = ["LB", "SY", "JO", "IL", "PS"]
"Near East" = ["Levant", "EG"]

[[sinks]]
name = "s"
type = "stdout"

[[rules]]
name = "r"
regions = ["Near East", "Northern America"]
topics = ["medtop:16000000", "politics"]
sinks = ["s"]
"#;
    let config = parse(src).unwrap_or_else(|e| panic!("{e}"));
    let rule = &config.rules[0];
    let countries = rule.countries.as_ref().unwrap();
    for c in ["LB", "EG", "US", "CA"] {
        assert!(countries.contains(c), "{c} in {countries:?}");
    }
    assert!(!countries.contains("FR"));
    assert_eq!(rule.topics, vec!["medtop:16000000".to_string(), "medtop:11000000".to_string()]);
    assert_eq!(rule.threshold, 0.5);
}

#[test]
fn groups_may_name_each_other_in_any_order_but_not_in_a_cycle() {
    // "Allies" names "Five Eyes plus", defined below it (and after it in
    // alphabetical order too).
    let src = r#"
[groups]
"Allies" = ["Five Eyes plus", "DE"]
"Five Eyes plus" = ["Five Eyes", "JP"]
"Five Eyes" = ["AU", "CA", "NZ", "GB", "US"]

[[sinks]]
name = "s"
type = "stdout"

[[rules]]
name = "r"
regions = ["Allies"]
sinks = ["s"]
"#;
    let config = parse(src).unwrap_or_else(|e| panic!("{e}"));
    let countries = config.rules[0].countries.as_ref().unwrap();
    let expected: BTreeSet<String> = ["AU", "CA", "DE", "GB", "JP", "NZ", "US"].map(String::from).into();
    assert_eq!(*countries, expected);

    let cycle = "[groups]\n\"A\" = [\"B\", \"FR\"]\n\"B\" = [\"A\"]\n\"C\" = [\"Narnia\"]\n";
    let errors = parse(cycle).unwrap_err().errors;
    assert!(errors.iter().any(|e| e.line == Some(2) && e.message.contains("cycle")), "{errors:#?}");
    assert!(errors.iter().any(|e| e.line == Some(4) && e.message.contains("unknown region 'Narnia'")), "{errors:#?}");
    // A group that names a group with an unknown member is no cycle: the
    // one error is at the unknown name, and a rule using either group adds
    // none.
    let chain = "[groups]\n\"A\" = [\"B\"]\n\"B\" = [\"Narnia\", \"FR\"]\n\n[[sinks]]\nname = \"s\"\ntype = \"stdout\"\n\n[[rules]]\nname = \"r\"\nregions = [\"A\"]\nsinks = [\"s\"]\n";
    let errors = parse(chain).unwrap_err().errors;
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].line == Some(3) && errors[0].message.contains("unknown region 'Narnia'"), "{errors:#?}");
}

#[test]
fn feed_settings_inherit_defaults() {
    let src = r#"
[defaults]
interval = "15m"
max_body_size = "2MiB"
[[feeds]]
name = "a"
url = "https://example.com/a.xml"
[[feeds]]
name = "b"
url = "https://example.com/b.xml"
interval = "1h"
max_body_size = 1000
"#;
    let config = parse(src).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(config.feeds[0].interval.as_secs(), 900);
    assert_eq!(config.feeds[0].max_body_size, 2 << 20);
    assert_eq!(config.feeds[1].interval.as_secs(), 3600);
    assert_eq!(config.feeds[1].max_body_size, 1000);
}

#[test]
fn sink_mistakes_are_reported_with_positions() {
    let src = r#"
[[sinks]]
name = "hook"
type = "webhook"
url_env = "WIREWATCH_TEST_SURELY_UNSET_VARIABLE"
path = "/tmp/x"

[[sinks]]
name = "tpl"
type = "slack"
url = "https://hooks.example/T1"
template = "{{ alert.item.titel }}"

[[sinks]]
name = "mail"
type = "email"
smtp_host = "smtp.example"
tls = "ssl"
to = ["not an address"]

[[sinks]]
name = "cmd"
type = "command"
command = "notify-send hello"

[[sinks]]
name = "limited"
type = "stdout"
rate_limit = { count = 0, per = "1h" }
retry = { base = "soon" }

[health]
sinks = ["jurnal"]
"#;
    let errors = parse(src).unwrap_err().errors;
    let at = |line: usize, needle: &str| {
        assert!(
            errors.iter().any(|e| e.line == Some(line) && e.message.contains(needle)),
            "expected line {line} '{needle}' in {errors:#?}"
        );
    };
    at(5, "environment variable 'WIREWATCH_TEST_SURELY_UNSET_VARIABLE' is not set");
    at(6, "'path' does not apply to sinks of type \"webhook\"");
    at(12, "invalid template");
    at(16, "needs from");
    at(18, "unknown tls mode \"ssl\"");
    at(19, "invalid email address 'not an address'");
    at(24, "command is a string but shell is not enabled");
    at(29, "rate_limit count must be 1 or more");
    at(30, "invalid duration 'soon'");
    at(33, "[health] names unknown sink 'jurnal'");
    // Secrets never appear in messages.
    assert!(errors.iter().all(|e| !e.to_string().contains("hooks.example/T1")));
}

#[test]
fn secrets_come_from_files_and_are_not_debug_printed() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("url");
    std::fs::write(&secret, "https://hooks.example/T0/B0/XXXX\n").unwrap();
    let src = format!("[[sinks]]\nname = \"s\"\ntype = \"slack\"\nurl_file = \"{}\"\n", secret.display());
    let config = parse(&src).unwrap_or_else(|e| panic!("{e}"));
    let SinkKind::Webhook(w) = &config.sinks[0].kind else { panic!("a webhook") };
    assert_eq!(w.url.expose(), "https://hooks.example/T0/B0/XXXX");
    assert!(!format!("{config:?}").contains("XXXX"));
    assert_eq!(config.sinks[0].rate_limit.unwrap().count, 60, "Slack's published limit by default");
}

#[test]
fn classify_terms_reject_wildcards_with_a_hint() {
    let src = "[classify.terms]\nconflict = { \"drone strike\" = 1.5, \"shell*\" = 1.0 }\n";
    let errors = parse(src).unwrap_err().errors;
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].line, Some(2));
    assert!(errors[0].message.contains("'shell*': wildcards are not supported"), "{errors:#?}");
    assert!(errors[0].hint.as_deref().unwrap_or("").contains("each form"), "{errors:#?}");
}

#[test]
fn classify_terms_and_aliases_of_a_paragraph_are_refused_at_their_line() {
    let words = "word ".repeat(65);
    let src = format!(
        "[classify.terms]\nconflict = {{ \"drone strike\" = 1.5, \"{words}\" = 1.0 }}\n\n[classify.aliases]\n\"{words}\" = \"UA\"\n"
    );
    let errors = parse(&src).unwrap_err().errors;
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_eq!((errors[0].line, errors[1].line), (Some(2), Some(5)));
    assert!(errors.iter().all(|e| e.message.contains("has more than 64 words")), "{errors:#?}");
}

#[test]
fn what_the_classifier_would_refuse_is_refused_by_check() {
    // Two custom topics whose keys differ only in case; a term of no word;
    // an alias of punctuation: each is an error at its line, so that a
    // config `check` passes always builds a classifier.
    let src = "[classify.custom_topics]\nCyber = \"a\"\ncyber = \"b\"\n\n[classify.terms]\nCyber = { \"???\" = 1.0, \"malware\" = 1.0 }\n\n[classify.aliases]\n\"--\" = \"UA\"\n";
    let errors = parse(src).unwrap_err().errors;
    let lines: Vec<_> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [Some(3), Some(6), Some(9)], "{errors:#?}");
    assert!(errors[0].message.contains("declared twice"), "{errors:#?}");
    assert!(errors[1].message.contains("'???' has no word"), "{errors:#?}");
    // A model weight without a model is a warning: it does nothing.
    let config = parse("[classify]\nmodel_weight = 0.5\n").unwrap_or_else(|e| panic!("{e}"));
    assert!(config.warnings.iter().any(|w| w.contains("model_weight")), "{:?}", config.warnings);
}

#[test]
fn a_feed_language_wins_over_the_declared_one_and_the_guess() {
    use wirewatch::classify::{Classifier, ClassifierSettings};
    let src = r#"
[[feeds]]
name = "wien"
url = "https://example.com/wien.xml"
language = "de-AT"

[[feeds]]
name = "plain"
url = "https://example.com/plain.xml"
"#;
    let config = parse(src).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(config.feeds[0].language.as_deref(), Some("de"));
    assert_eq!(config.feeds[1].language, None);

    // A German headline too short to guess, from a feed that declares
    // English: the configured language decides.
    let classifier = Classifier::new(&ClassifierSettings::default()).unwrap();
    let mut item = wirewatch::rules::testing::sample_item("Großbrand in Wien", "", &[], "wien");
    item.language = Some("en".into());
    let doc = wirewatch::pipeline::document(&item, config.feed("wien"));
    assert_eq!(classifier.classify(&doc).language.as_deref(), Some("de"));
    // Without a configured language, the feed's own declaration stands.
    let doc = wirewatch::pipeline::document(&item, config.feed("plain"));
    assert_eq!(classifier.classify(&doc).language.as_deref(), Some("en"));

    let bad = "[[feeds]]\nname = \"x\"\nurl = \"https://example.com/x.xml\"\nlanguage = \"German\"\n";
    let err = parse(bad).unwrap_err().to_string();
    assert!(err.contains("test.toml:4:") && err.contains("'German' is not a language tag"), "{err}");
    assert!(err.contains("such as \"de\" or \"pt-BR\""), "{err}");
    // Three-letter codes are refused: the classifier knows "en", not "eng".
    let three = bad.replace("German", "eng");
    assert!(parse(&three).unwrap_err().to_string().contains("'eng' is not a language tag"));
}
