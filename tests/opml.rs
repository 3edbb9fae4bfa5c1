//! OPML import and export against real subscription lists in
//! ../shared/feeds/opml (skipped when absent) and our own.

mod common;

use std::collections::BTreeSet;
use std::process::Command;

fn wirewatch() -> Command {
    Command::new(env!("CARGO_BIN_EXE_wirewatch"))
}

#[test]
fn real_opml_files_import_without_losing_subscriptions() {
    let Some(shared) = common::shared_dir() else {
        eprintln!("skipping: ../shared is absent");
        return;
    };
    let manifest = std::fs::read_to_string(shared.join("feeds/manifest.tsv")).unwrap();
    let (mut files, mut feeds, mut unreadable) = (0, 0, Vec::new());
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols[5] != "opml" {
            continue;
        }
        files += 1;
        let bytes = std::fs::read(shared.join("feeds").join(cols[0])).unwrap();
        match wirewatch::opml::parse(&bytes) {
            Ok(found) => {
                feeds += found.len();
                // Every xmlUrl outline is found (fewer only when the list repeats a URL).
                if cols[9] == "yes" {
                    let expected: usize = cols[3].parse().unwrap_or(0);
                    assert!(
                        found.len() <= expected && (expected == 0 || !found.is_empty()),
                        "{}: {} of {expected}",
                        cols[0],
                        found.len()
                    );
                }
            }
            Err(e) => unreadable.push(format!("{}: {e}", cols[0])),
        }
    }
    assert!(files >= 100, "{files} OPML files");
    assert!(feeds > 1000, "{feeds} subscriptions");
    assert!(unreadable.len() <= files / 20, "unreadable: {unreadable:#?}");
}

#[test]
fn import_write_then_export_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let opml = dir.path().join("list.opml");
    std::fs::write(
        &opml,
        r#"<?xml version="1.0"?><opml version="2.0"><head><title>Desk</title></head><body>
<outline text="World"><outline text="BBC World" type="rss" xmlUrl="https://feeds.bbci.co.uk/news/world/rss.xml"/>
<outline text="Al Jazeera" type="rss" xmlUrl="https://www.aljazeera.com/xml/rss/all.xml"/></outline>
<outline text="Le Monde – International" type="rss" xmlUrl="https://www.lemonde.fr/international/rss_full.xml" category="fr,press"/>
<outline text="Already there" type="rss" xmlUrl="https://example.com/known.xml"/>
</body></opml>"#,
    )
    .unwrap();
    let config = dir.path().join("wirewatch.toml");
    std::fs::write(&config, "[[feeds]]\nname = \"known\"\nurl = \"https://example.com/known.xml\"\n").unwrap();

    let printed = wirewatch().arg("import-opml").arg(&opml).arg("--config").arg(&config).output().unwrap();
    assert!(printed.status.success());
    let toml = String::from_utf8(printed.stdout).unwrap();
    assert!(toml.contains("name = \"bbc-world\"") && toml.contains("tags = [\"World\"]"), "{toml}");
    assert!(
        toml.contains("name = \"le-monde-international\"") && toml.contains("tags = [\"fr\", \"press\"]"),
        "{toml}"
    );
    assert!(!toml.contains("known.xml"), "duplicates are skipped");
    assert!(String::from_utf8_lossy(&printed.stderr).contains("3 feeds (1 already configured)"));

    let written =
        wirewatch().arg("import-opml").arg(&opml).arg("--config").arg(&config).arg("--write").output().unwrap();
    assert!(written.status.success(), "{}", String::from_utf8_lossy(&written.stderr));
    let check = wirewatch().args(["check", "--config"]).arg(&config).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    // Importing again adds nothing.
    let again = wirewatch().arg("import-opml").arg(&opml).arg("--config").arg(&config).output().unwrap();
    assert!(String::from_utf8_lossy(&again.stderr).contains("0 feeds (4 already configured)"));

    let exported = wirewatch().args(["export-opml", "--config"]).arg(&config).output().unwrap();
    assert!(exported.status.success());
    let back = wirewatch::opml::parse(&exported.stdout).unwrap();
    let urls: BTreeSet<&str> = back.iter().map(|f| f.url.as_str()).collect();
    assert_eq!(urls.len(), 4);
    assert!(urls.contains("https://www.lemonde.fr/international/rss_full.xml"));
    let le_monde = back.iter().find(|f| f.url.contains("lemonde")).unwrap();
    assert_eq!(le_monde.categories, vec!["fr", "press"]);
}

#[test]
fn a_config_can_take_its_feeds_from_an_opml_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("feeds.opml"),
        r#"<opml version="1.0"><body><outline title="Tech"><outline title="Ars" xmlUrl="https://ars.example/feed"/></outline><outline title="Dup" xmlUrl="https://example.com/a.xml"/><outline title="Bad" xmlUrl="gopher://old.example/"/></body></opml>"#,
    )
    .unwrap();
    let src = "feeds_opml = \"feeds.opml\"\n[defaults]\ninterval = \"20m\"\n[[feeds]]\nname = \"a\"\nurl = \"https://example.com/a.xml\"\n";
    let path = dir.path().join("wirewatch.toml");
    std::fs::write(&path, src).unwrap();
    let config = wirewatch::Config::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(config.feeds.len(), 2);
    let ars = config.feed("ars").unwrap();
    assert_eq!(ars.tags, vec!["Tech"]);
    assert_eq!(ars.interval.as_secs(), 1200, "OPML feeds take the defaults");
    assert!(config.warnings.iter().any(|w| w.contains("gopher://old.example/")), "{:?}", config.warnings);

    std::fs::write(&path, "feeds_opml = \"missing.opml\"\n").unwrap();
    let errors = wirewatch::Config::load(&path).unwrap_err().errors;
    assert_eq!(errors[0].line, Some(1));
    assert!(errors[0].message.contains("cannot read feeds_opml"));
}
