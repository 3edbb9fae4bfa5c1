//! Teaching topics from one's own labelled items: `wirewatch train`, a
//! config that loads the model, and what `check`, `classify` and `eval` do
//! with it.

use std::path::Path;
use std::process::{Command, Output};

fn wirewatch(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wirewatch")).args(args).current_dir(dir).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// An ops team's labelled items: cloud and service outages (a custom
/// topic), next to company results (economy) and match reports (sport).
/// Built from parts so that no two items are the same.
fn labelled_items() -> String {
    let services =
        ["Payments platform", "Email service", "Cloud provider", "Ride-hailing app", "Online bank", "Video site"];
    let outages = [
        (
            "down for hours after database failure",
            "Customers could not log in while engineers restored the database cluster.",
        ),
        (
            "suffers outage as data centre loses power",
            "Status pages showed errors across regions until power came back.",
        ),
        (
            "restores service after network fault",
            "A faulty router configuration cut traffic to the servers for most of the morning.",
        ),
    ];
    let companies = ["Retailer", "Carmaker", "Chipmaker", "Airline", "Brewer", "Insurer"];
    let results = [
        ("profit rises on strong demand", "Quarterly revenue beat analyst forecasts and the shares rose."),
        ("cuts outlook as costs climb", "The company lowered its full-year earnings guidance."),
        ("agrees takeover of rival", "Shareholders will receive cash and stock in the deal."),
    ];
    let teams = ["United", "Rovers", "City", "Athletic", "Wanderers", "Albion"];
    let matches = [
        ("win late to go top of the league", "A goal in stoppage time settled the match in front of a full stadium."),
        ("held to a draw by promoted side", "The striker missed a penalty and the coach criticised the referee."),
        ("beaten in cup semi-final", "The goalkeeper made several saves but the defence conceded twice."),
    ];
    let mut lines = Vec::new();
    for (i, s) in services.iter().enumerate() {
        for (j, (title, text)) in outages.iter().enumerate() {
            lines.push(serde_json::json!({"id": format!("o{i}{j}"), "title": format!("{s} {title}"), "text": text, "topics": ["outages"]}));
        }
    }
    for (i, c) in companies.iter().enumerate() {
        for (j, (title, text)) in results.iter().enumerate() {
            lines.push(serde_json::json!({"id": format!("e{i}{j}"), "title": format!("{c} {title}"), "text": text, "topics": ["economy"]}));
        }
    }
    for (i, t) in teams.iter().enumerate() {
        for (j, (title, text)) in matches.iter().enumerate() {
            lines.push(serde_json::json!({"id": format!("s{i}{j}"), "title": format!("{t} {title}"), "text": text, "topics": ["medtop:15000000"]}));
        }
    }
    lines.iter().map(|l| format!("{l}\n")).collect()
}

const CONFIG: &str = "[classify.custom_topics]\noutages = \"service outages\"\n";

#[test]
fn a_trained_model_teaches_a_custom_topic_and_explains_itself() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("items.jsonl"), labelled_items()).unwrap();
    std::fs::write(dir.path().join("wirewatch.toml"), CONFIG).unwrap();
    let out = wirewatch(
        &["train", "--data", "items.jsonl", "--out", "ops.model", "--config", "wirewatch.toml", "--bits", "12"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("3 topics learned from 54 items"), "{}", stderr(&out));

    // The same data trains the same model, byte for byte.
    let first = std::fs::read(dir.path().join("ops.model")).unwrap();
    let again = wirewatch(
        &["train", "--data", "items.jsonl", "--out", "again.model", "--config", "wirewatch.toml", "--bits", "12"],
        dir.path(),
    );
    assert!(again.status.success());
    assert_eq!(first, std::fs::read(dir.path().join("again.model")).unwrap());

    // An unseen outage: the rules know no outage terms, so without the
    // model the custom topic does not appear at all.
    let item = "Booking site goes down after database failure\nTravellers could not log in for hours while engineers restored service.\n";
    std::fs::write(dir.path().join("item.txt"), item).unwrap();
    let plain = wirewatch(&["classify", "--config", "wirewatch.toml", "item.txt"], dir.path());
    assert!(plain.status.success(), "{}", stderr(&plain));
    let plain: serde_json::Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert!(plain["topics"].as_array().unwrap().iter().all(|t| t["id"] != "custom:outages"), "{plain:#}");

    std::fs::write(dir.path().join("wirewatch.toml"), format!("{CONFIG}\n[classify]\nmodel = \"ops.model\"\n"))
        .unwrap();
    let checked = wirewatch(&["check", "--config", "wirewatch.toml"], dir.path());
    assert!(checked.status.success(), "{}", stderr(&checked));
    let taught = wirewatch(&["classify", "--config", "wirewatch.toml", "item.txt"], dir.path());
    let taught: serde_json::Value = serde_json::from_slice(&taught.stdout).unwrap();
    // Now the item is about outages (topics the model was not trained on,
    // such as science and technology here, keep their rule scores).
    let outages = taught["topics"].as_array().unwrap().iter().find(|t| t["id"] == "custom:outages").expect("taught");
    assert!(outages["score"].as_f64().unwrap() >= 0.5, "{taught:#}");
    assert!(outages["evidence"].as_array().unwrap().iter().any(|e| e["field"] == "model"), "{taught:#}");
    let explained = wirewatch(&["classify", "--config", "wirewatch.toml", "--explain", "item.txt"], dir.path());
    let text = String::from_utf8_lossy(&explained.stdout);
    assert!(text.contains("service outages (custom:outages)"), "{text}");
    assert!(text.contains("the model trained on your labelled items adds"), "{text}");

    // A match report stays sport, with or without the model.
    std::fs::write(
        dir.path().join("match.txt"),
        "Rangers win the derby\nTwo goals in the second half settled the match.\n",
    )
    .unwrap();
    let sport = wirewatch(&["classify", "--config", "wirewatch.toml", "match.txt"], dir.path());
    let sport: serde_json::Value = serde_json::from_slice(&sport.stdout).unwrap();
    assert_eq!(sport["topics"][0]["id"], "medtop:15000000", "{sport:#}");

    // eval measures with the model; --model-weight 0 is the rules alone.
    let with = wirewatch(&["eval", "--config", "wirewatch.toml", "--data", "items.jsonl", "--json"], dir.path());
    assert!(with.status.success(), "{}", stderr(&with));
    let with: serde_json::Value = serde_json::from_slice(&with.stdout).unwrap();
    let without = wirewatch(
        &["eval", "--config", "wirewatch.toml", "--data", "items.jsonl", "--json", "--model-weight", "0"],
        dir.path(),
    );
    let without: serde_json::Value = serde_json::from_slice(&without.stdout).unwrap();
    let top1 = |v: &serde_json::Value| v["overall"]["topic_top1"].as_f64().unwrap();
    assert!(top1(&with) > top1(&without), "with {} vs rules {}", top1(&with), top1(&without));
}

#[test]
fn bad_models_and_labels_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("items.jsonl"), labelled_items()).unwrap();

    // A label that is no topic: exit 65, naming the item.
    std::fs::write(
        dir.path().join("typo.jsonl"),
        "{\"id\":\"x1\",\"title\":\"a\",\"text\":\"b\",\"topics\":[\"sprot\"]}\n",
    )
    .unwrap();
    let out = wirewatch(&["train", "--data", "typo.jsonl", "--out", "m"], dir.path());
    assert_eq!(out.status.code(), Some(65), "{}", stderr(&out));
    assert!(stderr(&out).contains("item 1 (x1) has unknown topic 'sprot'"), "{}", stderr(&out));
    // eval measures anyway (labels from another taxonomy only miss) but says so.
    let out = wirewatch(&["eval", "--data", "typo.jsonl"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "1 item(s) have topic labels that name no topic and count as misses, the first item 1 (x1) with 'sprot'"
        ),
        "{}",
        stderr(&out)
    );
    std::fs::write(dir.path().join("with.toml"), CONFIG).unwrap();
    let out = wirewatch(&["eval", "--data", "items.jsonl", "--config", "with.toml"], dir.path());
    assert!(out.status.success() && !stderr(&out).contains("name no topic"), "{}", stderr(&out));
    // Missing items: exit 66 (EX_NOINPUT) from train and eval alike.
    let train: &[&str] = &["train", "--data", "absent.jsonl", "--out", "m"];
    let eval: &[&str] = &["eval", "--data", "absent.jsonl"];
    for args in [train, eval] {
        let out = wirewatch(args, dir.path());
        assert_eq!(out.status.code(), Some(66), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("cannot open 'absent.jsonl'"), "{}", stderr(&out));
    }
    // Custom topics need the config that declares them.
    let out = wirewatch(&["train", "--data", "items.jsonl", "--out", "m"], dir.path());
    assert_eq!(out.status.code(), Some(65));
    assert!(stderr(&out).contains("unknown topic 'outages'"), "{}", stderr(&out));

    // A model whose topics the config lacks, and a file that is no model:
    // `check` names the config line.
    std::fs::write(dir.path().join("with.toml"), CONFIG).unwrap();
    let out = wirewatch(
        &["train", "--data", "items.jsonl", "--out", "ops.model", "--config", "with.toml", "--bits", "10"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::write(dir.path().join("without.toml"), "[classify]\nthreshold = 0.5\nmodel = \"ops.model\"\n").unwrap();
    let out = wirewatch(&["check", "--config", "without.toml"], dir.path());
    assert_eq!(out.status.code(), Some(78));
    assert!(stderr(&out).contains("without.toml:3:"), "{}", stderr(&out));
    assert!(stderr(&out).contains("trained on topics this config lacks: custom:outages"), "{}", stderr(&out));
    // Measured without the config that declares its topic, the model's
    // error says which config to pass.
    let out = wirewatch(&["eval", "--data", "items.jsonl", "--model", "ops.model"], dir.path());
    assert!(!out.status.success());
    assert!(stderr(&out).contains("'custom:outages', which is not declared here"), "{}", stderr(&out));
    assert!(stderr(&out).contains("--config"), "{}", stderr(&out));

    std::fs::write(dir.path().join("junk.model"), "not a model\n").unwrap();
    std::fs::write(dir.path().join("junk.toml"), "[classify]\nmodel = \"junk.model\"\nmodel_weight = 1.5\n").unwrap();
    let out = wirewatch(&["check", "--config", "junk.toml"], dir.path());
    assert_eq!(out.status.code(), Some(78));
    let err = stderr(&out);
    assert!(err.contains("junk.toml:2:") && err.contains("not a wirewatch topic model"), "{err}");
    assert!(err.contains("junk.toml:3:") && err.contains("model_weight must lie in [0, 1]"), "{err}");

    // A truncated model is corrupt, not silently half-read.
    let bytes = std::fs::read(dir.path().join("ops.model")).unwrap();
    std::fs::write(dir.path().join("cut.model"), &bytes[..bytes.len() - 3]).unwrap();
    std::fs::write(dir.path().join("cut.toml"), format!("{CONFIG}\n[classify]\nmodel = \"cut.model\"\n")).unwrap();
    let out = wirewatch(&["check", "--config", "cut.toml"], dir.path());
    assert_eq!(out.status.code(), Some(78));
    assert!(stderr(&out).contains("corrupt model file"), "{}", stderr(&out));
    // So is one with a single bit flipped in a weight: the checksum at its
    // end no longer matches.
    let mut flipped = bytes.clone();
    let at = flipped.len() - 40;
    flipped[at] ^= 1;
    std::fs::write(dir.path().join("cut.model"), &flipped).unwrap();
    let out = wirewatch(&["check", "--config", "cut.toml"], dir.path());
    assert_eq!(out.status.code(), Some(78));
    assert!(stderr(&out).contains("checksum does not match"), "{}", stderr(&out));
}

#[test]
fn cross_validation_measures_what_a_model_would_add_before_one_is_trained() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("items.jsonl"), labelled_items()).unwrap();
    std::fs::write(dir.path().join("wirewatch.toml"), CONFIG).unwrap();
    let cv = |args: &[&str]| {
        let mut all = vec!["eval", "--config", "wirewatch.toml", "--data", "items.jsonl"];
        all.extend_from_slice(args);
        wirewatch(&all, dir.path())
    };
    let out = cv(&["--cross-validate", "3", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("fold 3/3: training on"), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["folds"], 3);
    let top1 = |v: &serde_json::Value| v["overall"]["topic_top1"].as_f64().unwrap();
    // Every item is measured once in each report.
    assert_eq!(report["rules"]["overall"]["topic_items"], 54);
    assert_eq!(report["with_model"]["overall"]["topic_items"], 54);
    // The rules alone are what plain eval reports.
    let plain = cv(&["--json"]);
    let plain: serde_json::Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert_eq!(report["rules"], plain);
    // The rules know no outage terms; models trained on the other folds
    // learn them from the other services' outages.
    let outages = |v: &serde_json::Value, measure: &str| {
        v["topics"].as_array().unwrap().iter().find(|t| t["id"] == "custom:outages").unwrap()[measure].as_f64().unwrap()
    };
    assert_eq!(outages(&report["rules"], "recall_at3"), 0.0);
    assert_eq!(outages(&report["with_model"], "recall_at3"), 1.0, "{:#}", report["with_model"]);
    assert!(outages(&report["with_model"], "top1") > 0.0, "{:#}", report["with_model"]);
    assert!(top1(&report["with_model"]) > top1(&report["rules"]));
    // The folds are fixed by the item ids: a second run says the same.
    let again: serde_json::Value = serde_json::from_slice(&cv(&["--cross-validate", "3", "--json"]).stdout).unwrap();
    assert_eq!(again, report);

    // The text report ends with the comparison, source by source.
    let text = cv(&["--cross-validate", "3"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("With a model trained on the other folds (3-fold cross-validation)"), "{text}");
    assert!(text.contains("topic top-1 accuracy, rules alone -> with a model"), "{text}");

    // Clear errors: a fold count out of range, a model given as well, a
    // label that is no topic (a model cannot learn it).
    let out = cv(&["--cross-validate", "1"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("1 is not in 2..=20"), "{}", stderr(&out));
    let out = cv(&["--cross-validate", "3", "--model", "m.model"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("cannot be used with"), "{}", stderr(&out));
    let out = wirewatch(&["eval", "--data", "items.jsonl", "--cross-validate", "3"], dir.path());
    assert_eq!(out.status.code(), Some(65), "{}", stderr(&out));
    assert!(stderr(&out).contains("unknown topic 'outages'"), "{}", stderr(&out));

    // Items without ids are spread over the folds by their place in the file.
    let without_ids: String = labelled_items()
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            v.as_object_mut().unwrap().remove("id");
            format!("{v}\n")
        })
        .collect();
    std::fs::write(dir.path().join("anonymous.jsonl"), without_ids).unwrap();
    let out = wirewatch(
        &["eval", "--config", "wirewatch.toml", "--data", "anonymous.jsonl", "--cross-validate", "3", "--json"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["with_model"]["overall"]["topic_items"], 54);
    assert!(top1(&report["with_model"]) > top1(&report["rules"]));
}
