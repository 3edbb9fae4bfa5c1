//! Evaluation harness: scores a [`Classifier`] against labelled JSONL
//! records (the format of `shared/eval/dev.jsonl`).
//!
//! Scoring follows the eval README: topic labels are "at least" labels, so
//! topics are measured by recall of the gold topic (top-1 and within the top
//! 3), never by penalising extra topics; the number of topics predicted
//! (score ≥ 0.5) is reported alongside. Regions are measured only on records
//! with `regions_exhaustive = true`, as per-item precision, recall and F1
//! over country sets (a country is predicted when its score ≥ 0.5), averaged
//! over items, and again after rolling countries up to M49 sub-regions. An
//! item with no predicted country has precision 0. Every number is broken
//! down by source.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::model::{train, LabelledItem, ModelError, TrainOptions};
use super::{country_index, country_table, Classification, Classifier, ClassifierSettings, ClassifyError, Document};

/// One labelled item.
#[derive(Debug, Clone, Deserialize)]
pub struct EvalRecord {
    /// Stable id, `<dataset>:<id>`.
    #[serde(default)]
    pub id: String,
    /// Headline (may be empty).
    #[serde(default)]
    pub title: String,
    /// Body or summary.
    #[serde(default)]
    pub text: String,
    /// Dataset name; numbers are broken down by it.
    #[serde(default)]
    pub source: String,
    /// Gold IPTC top-level qcodes; `None` = unknown.
    #[serde(default)]
    pub topics: Option<Vec<String>>,
    /// Gold ISO alpha-2 codes; `None` = unknown.
    #[serde(default)]
    pub regions: Option<Vec<String>>,
    /// Whether `regions` lists every country involved.
    #[serde(default)]
    pub regions_exhaustive: bool,
    /// Original labels; `lang` (ISO 639-1) is passed on as the item's
    /// language, as a feed would declare it.
    #[serde(default)]
    pub source_labels: Option<serde_json::Value>,
}

/// Precision, recall and F1 averaged over items.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct SetScores {
    /// Items scored.
    pub items: usize,
    /// Mean per-item precision.
    pub precision: f64,
    /// Mean per-item recall.
    pub recall: f64,
    /// Mean per-item F1.
    pub f1: f64,
}

/// Numbers for one source (or all of them).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct SourceReport {
    /// Source name, or `"overall"`.
    pub source: String,
    /// Items read.
    pub items: usize,
    /// Items with gold topics.
    pub topic_items: usize,
    /// Share of topic items whose top-1 topic is a gold topic.
    pub topic_top1: f64,
    /// Share of topic items with a gold topic among the top 3.
    pub topic_recall_at3: f64,
    /// Mean number of topics with score ≥ 0.5 per item.
    pub topics_per_item: f64,
    /// Country-set scores (exhaustive items only).
    pub countries: SetScores,
    /// Sub-region-set scores (exhaustive items only).
    pub subregions: SetScores,
    /// Mean number of countries with score ≥ 0.5 per item.
    pub countries_per_item: f64,
}

/// Recall of one gold topic.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct TopicReport {
    /// IPTC qcode.
    pub id: String,
    /// IPTC name.
    pub name: String,
    /// Items with this gold topic.
    pub items: usize,
    /// Share of them with this topic as top-1.
    pub top1: f64,
    /// Share of them with this topic in the top 3.
    pub recall_at3: f64,
}

/// The result of [`evaluate`]: per source, overall, and per gold topic.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct EvalReport {
    /// One row per source, sorted by name.
    pub sources: Vec<SourceReport>,
    /// All sources together.
    pub overall: SourceReport,
    /// One row per gold topic (all sources).
    pub topics: Vec<TopicReport>,
}

#[derive(Debug, Default)]
struct Acc {
    items: usize,
    topic_items: usize,
    top1: usize,
    at3: usize,
    predicted_topics: usize,
    predicted_countries: usize,
    countries: SetAcc,
    subregions: SetAcc,
}

#[derive(Debug, Default)]
struct SetAcc {
    items: usize,
    p: f64,
    r: f64,
    f: f64,
}

impl SetAcc {
    fn add(&mut self, gold: &BTreeSet<String>, pred: &BTreeSet<String>) {
        let tp = gold.intersection(pred).count() as f64;
        let p = if pred.is_empty() { 0.0 } else { tp / pred.len() as f64 };
        let r = if gold.is_empty() { 1.0 } else { tp / gold.len() as f64 };
        let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        self.items += 1;
        self.p += p;
        self.r += r;
        self.f += f;
    }

    fn scores(&self) -> SetScores {
        let n = self.items.max(1) as f64;
        SetScores { items: self.items, precision: self.p / n, recall: self.r / n, f1: self.f / n }
    }
}

impl Acc {
    fn report(&self, source: &str) -> SourceReport {
        let ti = self.topic_items.max(1) as f64;
        SourceReport {
            source: source.to_owned(),
            items: self.items,
            topic_items: self.topic_items,
            topic_top1: self.top1 as f64 / ti,
            topic_recall_at3: self.at3 as f64 / ti,
            topics_per_item: self.predicted_topics as f64 / self.items.max(1) as f64,
            countries: self.countries.scores(),
            subregions: self.subregions.scores(),
            countries_per_item: self.predicted_countries as f64 / self.items.max(1) as f64,
        }
    }
}

fn subregion(code: &str) -> String {
    country_index(code)
        .map(|i| {
            let c = &country_table()[i as usize];
            if c.subregion.is_empty() {
                c.code.to_owned()
            } else {
                c.subregion.to_owned()
            }
        })
        .unwrap_or_else(|| code.to_owned())
}

/// One item the classifier got wrong, as `eval --misses` writes it: the gold
/// labels next to what was predicted, with the evidence, so that a user can
/// see which terms to add or re-weight in `[classify]`.
#[derive(Debug, Clone, Serialize)]
pub struct Miss<'a> {
    /// The record's id.
    pub id: &'a str,
    /// The record's source.
    pub source: &'a str,
    /// The record's language, when its labels give one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<&'a str>,
    /// Headline.
    pub title: &'a str,
    /// The first 300 characters of the text.
    pub text: String,
    /// Gold topics, when the top-1 topic missed them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gold_topics: Option<&'a [String]>,
    /// Gold countries, when the predicted set differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gold_regions: Option<&'a [String]>,
    /// What the classifier said.
    pub predicted: &'a Classification,
}

/// The item of a record, as the classifier sees it (its language, when
/// its labels give one, is passed on).
pub fn document(rec: &EvalRecord) -> Document<'_> {
    Document { title: &rec.title, text: &rec.text, categories: &[], language: record_language(rec), home_region: None }
}

fn record_language(rec: &EvalRecord) -> Option<&str> {
    rec.source_labels.as_ref().and_then(|v| v.get("lang")).and_then(|v| v.as_str())
}

/// Scores classifications against their records, one at a time, so that
/// the items of one report may come from several classifiers (see
/// [`cross_validate`]).
#[derive(Debug, Default)]
pub struct Evaluation {
    by_source: BTreeMap<String, Acc>,
    overall: Acc,
    /// Gold topic → (items, top-1 hits, top-3 hits).
    per_topic: BTreeMap<String, (usize, usize, usize)>,
}

impl Evaluation {
    /// Scores `c`, the classification of `rec`; returns the miss when its
    /// top-1 topic is not a gold topic or its country set differs from an
    /// exhaustive gold set.
    pub fn add<'a>(&mut self, rec: &'a EvalRecord, c: &'a Classification) -> Option<Miss<'a>> {
        let mut topic_missed = false;
        let mut region_missed = false;
        let acc = self.by_source.entry(rec.source.clone()).or_default();
        for a in [&mut *acc, &mut self.overall] {
            a.items += 1;
            a.predicted_topics += c.main_topics().count();
            a.predicted_countries += c.main_regions().count();
        }
        if let Some(gold) = rec.topics.as_ref().filter(|g| !g.is_empty()) {
            let top1 = c.topics.first().is_some_and(|t| gold.iter().any(|g| *g == t.id));
            let at3 = c.topics.iter().take(3).any(|t| gold.iter().any(|g| *g == t.id));
            topic_missed = !top1;
            for a in [&mut *acc, &mut self.overall] {
                a.topic_items += 1;
                a.top1 += usize::from(top1);
                a.at3 += usize::from(at3);
            }
            for g in gold {
                let e = self.per_topic.entry(g.clone()).or_default();
                e.0 += 1;
                e.1 += usize::from(c.topics.first().is_some_and(|t| &t.id == g));
                e.2 += usize::from(c.topics.iter().take(3).any(|t| &t.id == g));
            }
        }
        if let Some(gold) = rec.regions.as_ref().filter(|_| rec.regions_exhaustive) {
            let gold_c: BTreeSet<String> = gold.iter().cloned().collect();
            let pred_c: BTreeSet<String> = c.main_regions().map(|r| r.country.to_string()).collect();
            let gold_s: BTreeSet<String> = gold.iter().map(|g| subregion(g)).collect();
            let pred_s: BTreeSet<String> = pred_c.iter().map(|g| subregion(g)).collect();
            region_missed = gold_c != pred_c;
            for a in [&mut *acc, &mut self.overall] {
                a.countries.add(&gold_c, &pred_c);
                a.subregions.add(&gold_s, &pred_s);
            }
        }
        (topic_missed || region_missed).then(|| Miss {
            id: &rec.id,
            source: &rec.source,
            lang: record_language(rec),
            title: &rec.title,
            text: rec.text.chars().take(300).collect(),
            gold_topics: rec.topics.as_deref().filter(|_| topic_missed),
            gold_regions: rec.regions.as_deref().filter(|_| region_missed),
            predicted: c,
        })
    }

    /// The report over every item added.
    pub fn report(self) -> EvalReport {
        let topics = self
            .per_topic
            .into_iter()
            .map(|(id, (n, t1, t3))| TopicReport {
                // A custom topic is shown by its id.
                name: super::resolve_topic(&id).map_or_else(|| id.clone(), |t| t.name.to_owned()),
                id,
                items: n,
                top1: t1 as f64 / n.max(1) as f64,
                recall_at3: t3 as f64 / n.max(1) as f64,
            })
            .collect();
        EvalReport {
            sources: self.by_source.iter().map(|(s, a)| a.report(s)).collect(),
            overall: self.overall.report("overall"),
            topics,
        }
    }
}

/// Classifies every record and scores the result.
pub fn evaluate(classifier: &Classifier, records: impl Iterator<Item = EvalRecord>) -> EvalReport {
    evaluate_with(classifier, records, |_| {})
}

/// Like [`evaluate`], and calls `on_miss` for every item whose top-1 topic
/// is not a gold topic or whose predicted country set differs from an
/// exhaustive gold set.
pub fn evaluate_with(
    classifier: &Classifier,
    records: impl Iterator<Item = EvalRecord>,
    mut on_miss: impl FnMut(&Miss<'_>),
) -> EvalReport {
    let mut evaluation = Evaluation::default();
    for rec in records {
        let c = classifier.classify(&document(&rec));
        if let Some(miss) = evaluation.add(&rec, &c) {
            on_miss(&miss);
        }
    }
    evaluation.report()
}

/// What a learned model would add, measured by k-fold cross-validation.
#[derive(Debug, Clone, Serialize)]
pub struct CrossValidation {
    /// Number of folds.
    pub folds: usize,
    /// The rules alone, on every item.
    pub rules: EvalReport,
    /// Each item classified with a model trained on the other folds.
    pub with_model: EvalReport,
}

/// The fold of a record, from its id (FNV-1a), or from its place in the
/// file where it has none: the same items land in the same fold on every
/// run.
pub fn fold_of(rec: &EvalRecord, index: usize, folds: usize) -> usize {
    let fnv = |bytes: &[u8]| {
        bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
    };
    let h = if rec.id.is_empty() { fnv(&index.to_le_bytes()) } else { fnv(rec.id.as_bytes()) };
    (h % folds.max(1) as u64) as usize
}

/// K-fold cross-validation of a topic model on `records`, whose topics
/// must be topic ids: for each fold, a model is trained on the labelled
/// items of the other folds and blended into the rules of `settings` to
/// classify the fold's items; the rules alone classify every item for
/// comparison. `progress` is told of each fold's training, and `on_miss`
/// of each item the blended classifier missed.
pub fn cross_validate(
    settings: &ClassifierSettings,
    records: &[EvalRecord],
    folds: usize,
    options: &TrainOptions,
    mut progress: impl FnMut(usize, usize),
    mut on_miss: impl FnMut(&Miss<'_>),
) -> Result<CrossValidation, CrossValidationError> {
    if !(2..=MAX_FOLDS).contains(&folds) {
        return Err(CrossValidationError::Folds(folds));
    }
    let mut rules_settings = settings.clone();
    rules_settings.model = None;
    let rules = Classifier::new(&rules_settings)?;
    let fold: Vec<usize> = records.iter().enumerate().map(|(i, r)| fold_of(r, i, folds)).collect();
    let mut rules_eval = Evaluation::default();
    let mut model_eval = Evaluation::default();
    for k in 0..folds {
        let training: Vec<LabelledItem<'_>> = records
            .iter()
            .zip(&fold)
            .filter(|&(r, &f)| f != k && r.topics.as_ref().is_some_and(|t| !t.is_empty()))
            .map(|(r, _)| LabelledItem { doc: document(r), topics: r.topics.clone().unwrap_or_default() })
            .collect();
        progress(k + 1, training.len());
        let model =
            train(&rules, &training, options, |_, _, _| {}).map_err(|e| CrossValidationError::Fold(k + 1, e))?;
        let mut blended = settings.clone();
        blended.model = Some(model.into());
        let classifier = Classifier::new(&blended)?;
        for (rec, _) in records.iter().zip(&fold).filter(|&(_, &f)| f == k) {
            let doc = document(rec);
            rules_eval.add(rec, &rules.classify(&doc));
            let c = classifier.classify(&doc);
            if let Some(miss) = model_eval.add(rec, &c) {
                on_miss(&miss);
            }
        }
    }
    Ok(CrossValidation { folds, rules: rules_eval.report(), with_model: model_eval.report() })
}

/// Most folds [`cross_validate`] takes: more would train that many models
/// on nearly the same items.
pub const MAX_FOLDS: usize = 20;

/// Why a cross-validation could not run.
#[derive(Debug, thiserror::Error)]
pub enum CrossValidationError {
    /// The fold count is out of range.
    #[error("the number of folds must lie in 2..={MAX_FOLDS}, not {0}")]
    Folds(usize),
    /// A classifier could not be built.
    #[error(transparent)]
    Classifier(#[from] ClassifyError),
    /// A fold's model could not be trained.
    #[error("fold {0}")]
    Fold(usize, #[source] ModelError),
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<16} {:>6} {:>6} {:>6} {:>6} {:>6} | {:>5} {:>6} {:>6} {:>6} {:>6} | {:>6} {:>6} {:>6}",
            "source",
            "items",
            "t-n",
            "top1",
            "r@3",
            "t/itm",
            "r-n",
            "c-P",
            "c-R",
            "c-F1",
            "c/itm",
            "s-P",
            "s-R",
            "s-F1"
        )?;
        for s in self.sources.iter().chain(std::iter::once(&self.overall)) {
            writeln!(
                f,
                "{:<16} {:>6} {:>6} {:>6.3} {:>6.3} {:>6.2} | {:>5} {:>6.3} {:>6.3} {:>6.3} {:>6.2} | {:>6.3} {:>6.3} {:>6.3}",
                s.source,
                s.items,
                s.topic_items,
                s.topic_top1,
                s.topic_recall_at3,
                s.topics_per_item,
                s.countries.items,
                s.countries.precision,
                s.countries.recall,
                s.countries.f1,
                s.countries_per_item,
                s.subregions.precision,
                s.subregions.recall,
                s.subregions.f1,
            )?;
        }
        writeln!(f)?;
        writeln!(f, "{:<44} {:>6} {:>6} {:>6}", "gold topic", "items", "top1", "r@3")?;
        for t in &self.topics {
            writeln!(f, "{:<44} {:>6} {:>6.3} {:>6.3}", t.name, t.items, t.top1, t.recall_at3)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_scores() {
        let mut a = SetAcc::default();
        let g: BTreeSet<String> = ["US".to_owned(), "GB".to_owned()].into();
        let p: BTreeSet<String> = ["US".to_owned()].into();
        a.add(&g, &p);
        let s = a.scores();
        assert_eq!((s.precision, s.recall), (1.0, 0.5));
        assert!((s.f1 - 2.0 / 3.0).abs() < 1e-9);
    }
}
