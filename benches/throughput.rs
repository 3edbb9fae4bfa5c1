//! Single-threaded throughput of the CPU-heavy stages: feed parsing and
//! classification. Prints numbers for the issue notes; asserts nothing.
//! Run with `cargo bench --bench throughput`.

use std::path::Path;
use std::time::{Duration, Instant};

use wirewatch::classify::{Classifier, ClassifierSettings, Document};

/// Runs `f` repeatedly for at least `min` in all, in five rounds, and
/// returns (iterations, elapsed) of the fastest round: on a shared machine
/// the best round is the least disturbed one.
fn measure(min: Duration, mut f: impl FnMut()) -> (u32, Duration) {
    let mut best: Option<(u32, Duration)> = None;
    for _ in 0..5 {
        let start = Instant::now();
        let mut n = 0;
        while start.elapsed() < min / 5 || n == 0 {
            f();
            n += 1;
        }
        let t = start.elapsed();
        if best.is_none_or(|(bn, bt)| t.as_secs_f64() / f64::from(n) < bt.as_secs_f64() / f64::from(bn)) {
            best = Some((n, t));
        }
        if min.is_zero() {
            break;
        }
    }
    best.expect("one round ran")
}

fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if !shared.is_dir() {
        eprintln!("skipping: ../shared is absent");
        return;
    }
    let before = rss_mib();
    let built = Instant::now();
    let classifier = Classifier::new(&ClassifierSettings::default()).expect("classifier builds");
    println!(
        "classifier: built in {:.0} ms, resident memory +{:.0} MiB",
        built.elapsed().as_secs_f64() * 1e3,
        rss_mib() - before
    );

    // `cargo bench --bench throughput -- long` measures only long articles
    // (for profiling); no argument measures everything.
    let only: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let wants = |part: &str| only.as_deref().is_none_or(|o| o == part);

    // Parsing: the real news feeds.
    let docs: Vec<Vec<u8>> = std::fs::read_dir(shared.join("feeds/news"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    let bytes: usize = docs.iter().map(Vec::len).sum();
    let mut items = 0usize;
    let (n, t) = measure(if wants("parse") { Duration::from_secs(3) } else { Duration::ZERO }, || {
        items = docs
            .iter()
            .filter_map(|d| wirewatch::feed::parse(d, "https://bench.example/feed", "bench").ok())
            .map(|p| p.items.len())
            .sum();
    });
    let secs = t.as_secs_f64() / f64::from(n);
    println!(
        "parse + normalise: {} documents, {:.1} MB, {} items: {:.1} MB/s, {:.0} items/s",
        docs.len(),
        bytes as f64 / 1e6,
        items,
        bytes as f64 / 1e6 / secs,
        items as f64 / secs
    );

    // Classification: the dev set's texts, short (title + summary-sized) and long.
    let Ok(dev) = std::fs::read_to_string(shared.join("eval/dev.jsonl")) else {
        eprintln!("skipping classification: ../shared/eval/dev.jsonl is absent");
        return;
    };
    let records: Vec<(String, String)> = dev
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| (v["title"].as_str().unwrap_or("").to_string(), v["text"].as_str().unwrap_or("").to_string()))
        .collect();
    let short: Vec<(String, String)> =
        records.iter().map(|(title, text)| (title.clone(), text.chars().take(300).collect::<String>())).collect();
    let long: Vec<&(String, String)> = records.iter().filter(|(_, text)| text.len() > 1500).collect();
    let classify_all = |set: &[(&str, &str)]| {
        let mut topics = 0;
        for (title, text) in set {
            let c = classifier.classify(&Document { title, text, categories: &[], language: None, home_region: None });
            topics += c.topics.len();
        }
        std::hint::black_box(topics);
    };
    let short_refs: Vec<(&str, &str)> = short.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let (n, t) =
        measure(if wants("short") { Duration::from_secs(3) } else { Duration::ZERO }, || classify_all(&short_refs));
    let per_item = t.as_secs_f64() / f64::from(n) / short_refs.len() as f64;
    println!(
        "classify, title + summary ({} items, avg {} bytes): {:.0} items/s",
        short_refs.len(),
        short_refs.iter().map(|(a, b)| a.len() + b.len()).sum::<usize>() / short_refs.len(),
        1.0 / per_item
    );
    let long_refs: Vec<(&str, &str)> = long.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let long_bytes: usize = long_refs.iter().map(|(a, b)| a.len() + b.len()).sum();
    let (n, t) =
        measure(if wants("long") { Duration::from_secs(3) } else { Duration::ZERO }, || classify_all(&long_refs));
    let secs = t.as_secs_f64() / f64::from(n);
    println!(
        "classify, long articles ({} items, {:.1} MB): {:.1} MB/s, {:.0} items/s",
        long_refs.len(),
        long_bytes as f64 / 1e6,
        long_bytes as f64 / 1e6 / secs,
        long_refs.len() as f64 / secs
    );

    // The same with a learned topic model (`wirewatch train`), trained here on
    // the dev set's labels only to measure its cost.
    if wants("model") {
        use wirewatch::classify::model::{train, LabelledItem, TrainOptions};
        let labels: Vec<Vec<String>> = dev
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .map(|v| {
                v["topics"]
                    .as_array()
                    .map_or(Vec::new(), |a| a.iter().filter_map(|t| t.as_str().map(String::from)).collect())
            })
            .collect();
        let items: Vec<LabelledItem<'_>> = records
            .iter()
            .zip(&labels)
            .map(|((title, text), topics)| LabelledItem { doc: Document::new(title, text), topics: topics.clone() })
            .collect();
        let before = rss_mib();
        let started = Instant::now();
        let model = train(&classifier, &items, &TrainOptions::default(), |_, _, _| {}).expect("trains");
        println!(
            "train: {} items, {} passes in {:.1} s; {} feature rows",
            model.trained_items(),
            TrainOptions::default().epochs,
            started.elapsed().as_secs_f64(),
            model.feature_rows()
        );
        let settings = ClassifierSettings { model: Some(model.into()), ..ClassifierSettings::default() };
        let with_model = Classifier::new(&settings).expect("classifier builds");
        println!("classifier with the model: resident memory +{:.0} MiB (training included)", rss_mib() - before);
        let classify_all = |set: &[(&str, &str)]| {
            let mut topics = 0;
            for (title, text) in set {
                topics += with_model.classify(&Document::new(title, text)).topics.len();
            }
            std::hint::black_box(topics);
        };
        let (n, t) = measure(Duration::from_secs(3), || classify_all(&short_refs));
        let per_item = t.as_secs_f64() / f64::from(n) / short_refs.len() as f64;
        println!("classify with the model, title + summary: {:.0} items/s", 1.0 / per_item);
        let (n, t) = measure(Duration::from_secs(3), || classify_all(&long_refs));
        let secs = t.as_secs_f64() / f64::from(n);
        println!("classify with the model, long articles: {:.1} MB/s", long_bytes as f64 / 1e6 / secs);
    }
    println!("resident memory at end: {:.0} MiB", rss_mib());
}
