//! Learned topic model: what `wirewatch train` builds from a user's own
//! labelled items, and what `[classify] model` loads.
//!
//! The rules know general news; a newsroom's or an analyst's labels differ
//! from them in ways no word list anticipates (is a story on a tech
//! company's earnings "economy" or "science and technology"?). The model
//! learns those choices: a multinomial logistic regression (softmax) over
//! hashed features of the item's words (title words, body words and word
//! pairs, from the same tokenizer as the rules) and over the rule scores
//! themselves, so that it learns where the rules already agree with the
//! user and needs few examples to correct them where they do not.
//!
//! At classification time the model's probabilities are blended with the
//! rule scores: `score = (1 − w) · rule + w · model` for the topics the
//! model was trained on (`w` is `model_weight`); other topics keep their
//! rule score. The rules' evidence stays, and a "learned model" entry shows
//! the model's share, so `classify --explain` still says why.
//!
//! The file format is a one-line JSON header (classes, sizes, biases and
//! rule weights) followed by little-endian rows of feature weights; see
//! [`TopicModel::write_to`].

use std::borrow::Cow;
use std::hash::Hasher;
use std::io::Write;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::evidence::{round3, Evidence};
use super::tokenize::{FxHasher, FxMap, Tokens, Zone};
use super::{Classification, Classifier, Document, TopicScore};

/// First line of a model file starts with this.
const MAGIC: &str = "wirewatch-topic-model";
/// The file format version this build writes. Version 2 adds a SHA-256 of
/// everything before it at the end of the file; version 1 files (without
/// it) are still read.
const VERSION: u32 = 2;
/// Bytes of the trailing checksum of a version 2 file.
const CHECKSUM_BYTES: usize = 32;
/// Body tokens that give features: the opening of a long article says what
/// it is about, and a cap bounds the cost per item.
const MAX_BODY_TOKENS: usize = 1500;
/// Largest hash size (as a power of two). Training holds two weights per
/// bucket and class: at 2^22 and 17 topics, about 570 MB.
const MAX_BITS: u8 = 22;
/// Model files larger than this are refused rather than read into memory.
const MAX_FILE_BYTES: u64 = 1 << 30;

/// Errors reading, writing or training a model.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The file could not be read or written.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The file is not a model written by `wirewatch train`.
    #[error("not a wirewatch topic model (write one with `wirewatch train`)")]
    NotAModel,
    /// The file was written by a newer format.
    #[error("model format version {0} is not supported (this wirewatch reads version {VERSION}); retrain the model")]
    Version(u32),
    /// The file is damaged.
    #[error("corrupt model file: {0}")]
    Corrupt(String),
    /// Training had nothing to learn from.
    #[error("cannot train: {0}")]
    NoData(String),
}

/// Settings of [`train`].
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: u32,
    /// Hash-space size, as a power of two (feature buckets per class).
    pub bits: u8,
    /// Features seen in fewer items than this are dropped (they are mostly
    /// noise, and dropping them keeps the model file small).
    pub min_items: u32,
    /// Seed of the shuffling between passes: the same data and seed give the
    /// same model.
    pub seed: u64,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions { epochs: 8, bits: 19, min_items: 2, seed: 0x5eed }
    }
}

/// One labelled item for [`train`].
#[derive(Debug, Clone)]
pub struct LabelledItem<'a> {
    /// The item.
    pub doc: Document<'a>,
    /// Its topics, as topic ids (`medtop:…` or `custom:<key>`).
    pub topics: Vec<String>,
}

/// A trained topic model (see the module documentation).
#[derive(Debug, Clone)]
pub struct TopicModel {
    /// Topic ids, in weight-column order.
    classes: Vec<String>,
    bits: u8,
    /// Feature bucket → its row of `weights` (one weight per class).
    rows: FxMap<u32, u32>,
    weights: Vec<f32>,
    /// `classes × classes`: weight of the rule score of topic `k` (column)
    /// for class `c` (row).
    rule_weights: Vec<f32>,
    bias: Vec<f32>,
    /// Items it was trained on.
    items: usize,
    /// Hash of the file's bytes: tells a changed model file on reload.
    fingerprint: u64,
}

impl PartialEq for TopicModel {
    fn eq(&self, other: &TopicModel) -> bool {
        self.fingerprint == other.fingerprint
    }
}

/// The JSON header line of a model file.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    format: String,
    version: u32,
    classes: Vec<String>,
    bits: u8,
    rows: usize,
    items: usize,
    bias: Vec<f32>,
    rule_weights: Vec<f32>,
}

impl TopicModel {
    /// The topic ids the model was trained on.
    pub fn classes(&self) -> &[String] {
        &self.classes
    }

    /// Number of items it was trained on.
    pub fn trained_items(&self) -> usize {
        self.items
    }

    /// Number of feature rows it keeps.
    pub fn feature_rows(&self) -> usize {
        self.rows.len()
    }

    /// Reads a model file.
    pub fn load(path: &std::path::Path) -> Result<TopicModel, ModelError> {
        let len = std::fs::metadata(path)?.len();
        if len > MAX_FILE_BYTES {
            return Err(ModelError::Corrupt(format!("{len} bytes is more than a model can be")));
        }
        TopicModel::from_bytes(&std::fs::read(path)?)
    }

    /// Parses the bytes of a model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<TopicModel, ModelError> {
        if !bytes.starts_with(b"{\"format\":\"wirewatch-topic-model\"") {
            return Err(ModelError::NotAModel);
        }
        let nl = bytes.iter().position(|&b| b == b'\n').ok_or(ModelError::NotAModel)?;
        let header: Header = serde_json::from_slice(&bytes[..nl]).map_err(|_| ModelError::NotAModel)?;
        if header.format != MAGIC {
            return Err(ModelError::NotAModel);
        }
        if !(1..=VERSION).contains(&header.version) {
            return Err(ModelError::Version(header.version));
        }
        // Version 2 ends with a SHA-256 of the bytes before it: a flipped
        // bit in a weight would otherwise go unnoticed.
        let bytes = if header.version >= 2 {
            let Some(at) = bytes.len().checked_sub(CHECKSUM_BYTES).filter(|&at| at > nl) else {
                return Err(ModelError::Corrupt("the file is shorter than its checksum".into()));
            };
            let (content, sum) = bytes.split_at(at);
            if Sha256::digest(content).as_slice() != sum {
                return Err(ModelError::Corrupt(
                    "its checksum does not match: the file was changed or damaged after `wirewatch train` wrote it"
                        .into(),
                ));
            }
            content
        } else {
            bytes
        };
        let c = header.classes.len();
        if !(2..=4096).contains(&c) {
            return Err(ModelError::Corrupt(format!("{c} topics (a model has 2 to 4096)")));
        }
        if !(8..=MAX_BITS).contains(&header.bits) {
            return Err(ModelError::Corrupt(format!("hash size 2^{} is out of range", header.bits)));
        }
        if header.bias.len() != c || header.rule_weights.len() != c * c {
            return Err(ModelError::Corrupt("header sizes do not match the number of topics".into()));
        }
        let mut sorted: Vec<&String> = header.classes.iter().collect();
        sorted.sort();
        if sorted.windows(2).any(|w| w[0] == w[1]) {
            return Err(ModelError::Corrupt("a topic is listed twice".into()));
        }
        let body = &bytes[nl + 1..];
        let row_bytes = 4 * (1 + c);
        if header.rows.checked_mul(row_bytes) != Some(body.len()) {
            return Err(ModelError::Corrupt(format!(
                "expected {} rows of {row_bytes} bytes, found {} bytes",
                header.rows,
                body.len()
            )));
        }
        let mut rows = FxMap::default();
        rows.reserve(header.rows);
        let mut weights = Vec::with_capacity(header.rows * c);
        let word = |b: &[u8]| [b[0], b[1], b[2], b[3]];
        for (i, row) in body.chunks_exact(row_bytes).enumerate() {
            let bucket = u32::from_le_bytes(word(row));
            if bucket >> header.bits != 0 || rows.insert(bucket, i as u32).is_some() {
                return Err(ModelError::Corrupt(format!("bad feature row {i}")));
            }
            weights.extend(row[4..].chunks_exact(4).map(|w| f32::from_le_bytes(word(w))));
        }
        let finite = |v: &[f32]| v.iter().all(|w| w.is_finite());
        if !finite(&weights) || !finite(&header.bias) || !finite(&header.rule_weights) {
            return Err(ModelError::Corrupt("a weight is not a finite number".into()));
        }
        let mut h = FxHasher::default();
        h.write(bytes);
        Ok(TopicModel {
            classes: header.classes,
            bits: header.bits,
            rows,
            weights,
            rule_weights: header.rule_weights,
            bias: header.bias,
            items: header.items,
            fingerprint: h.finish(),
        })
    }

    /// Writes the model: one JSON header line, then per feature row its
    /// bucket (`u32`) and one `f32` weight per class, little-endian, rows
    /// in bucket order (so the same model gives the same bytes), then the
    /// SHA-256 of all of that.
    pub fn write_to(&self, out: &mut impl Write) -> Result<(), ModelError> {
        let mut content = Vec::new();
        self.write_content(&mut content)?;
        out.write_all(&content)?;
        out.write_all(&Sha256::digest(&content))?;
        Ok(())
    }

    fn write_content(&self, out: &mut Vec<u8>) -> Result<(), ModelError> {
        let header = Header {
            format: MAGIC.into(),
            version: VERSION,
            classes: self.classes.clone(),
            bits: self.bits,
            rows: self.rows.len(),
            items: self.items,
            bias: self.bias.clone(),
            rule_weights: self.rule_weights.clone(),
        };
        serde_json::to_writer(&mut *out, &header).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        let mut rows: Vec<(u32, u32)> = self.rows.iter().map(|(&b, &r)| (b, r)).collect();
        rows.sort_unstable();
        let c = self.classes.len();
        for (bucket, row) in rows {
            out.write_all(&bucket.to_le_bytes())?;
            for w in &self.weights[row as usize * c..(row as usize + 1) * c] {
                out.write_all(&w.to_le_bytes())?;
            }
        }
        Ok(())
    }

    /// Class probabilities for an item's `features` and rule scores
    /// (`rules`, one per class).
    fn probabilities(&self, features: &[(u32, f32)], rules: &[f32]) -> Vec<f32> {
        let c = self.classes.len();
        let mut z = self.bias.clone();
        for (zc, rw) in z.iter_mut().zip(self.rule_weights.chunks_exact(c)) {
            *zc += rw.iter().zip(rules).map(|(w, r)| w * r).sum::<f32>();
        }
        for &(bucket, x) in features {
            if let Some(&row) = self.rows.get(&bucket) {
                let w = &self.weights[row as usize * c..(row as usize + 1) * c];
                for (zc, wc) in z.iter_mut().zip(w) {
                    *zc += x * wc;
                }
            }
        }
        softmax(&mut z);
        z
    }
}

fn softmax(z: &mut [f32]) {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in z.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    for v in z.iter_mut() {
        *v /= sum;
    }
}

/// Hashed word features of a tokenised item, as (bucket, value) with
/// values `1 + ln(count)`, scaled to unit length. Feed categories are left
/// out (labelled items have none to learn from). Title words count twice
/// (as title words and as words); word pairs within a field catch phrases
/// ("interest rates", "world cup"); numbers are one word.
pub(crate) fn features(tokens: &Tokens, bits: u8, counts: &mut FxMap<u32, f32>) -> Vec<(u32, f32)> {
    // Each token is hashed once; its features mix that hash with a kind.
    const TITLE: u64 = 0x9e37_79b9_7f4a_7c15;
    const WORD: u64 = 0xc2b2_ae3d_27d4_eb4f;
    const PAIR: u64 = 0x27d4_eb2f_1656_67c5;
    let mask = (1u64 << bits) - 1;
    let bucket = |h: u64| -> u32 {
        let x = (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        ((x ^ (x >> 32)) & mask) as u32
    };
    let token_hash = |i: usize| -> u64 {
        let t = tokens.text(i);
        let mut h = FxHasher::default();
        if t.bytes().any(|b| b.is_ascii_digit()) {
            h.write_u8(b'0'); // numbers are one word
        } else {
            h.write(t.as_bytes());
        }
        h.finish()
    };
    counts.clear();
    let mut body = 0usize;
    let mut prev: Option<(u64, u16)> = None;
    for (i, tok) in tokens.toks.iter().enumerate() {
        if matches!(tok.zone, Zone::Lead | Zone::Body) {
            body += 1;
            if body > MAX_BODY_TOKENS {
                continue; // categories come after the body
            }
        }
        let h = token_hash(i);
        let mut add = |b: u32| *counts.entry(b).or_insert(0.0) += 1.0;
        match tok.zone {
            Zone::Title => {
                add(bucket(h ^ TITLE));
                add(bucket(h ^ WORD));
            }
            Zone::Lead | Zone::Body => add(bucket(h ^ WORD)),
            // Labelled items for training carry no feed categories, so
            // category words would be untrained features that only collide.
            Zone::Category => continue,
        }
        if let Some((p, _)) = prev.filter(|&(_, field)| field == tok.field_no) {
            add(bucket(p.rotate_left(23) ^ h ^ PAIR));
        }
        prev = Some((h, tok.field_no));
    }
    let mut out: Vec<(u32, f32)> = counts.iter().map(|(&b, &n)| (b, 1.0 + n.ln())).collect();
    out.sort_unstable_by_key(|&(b, _)| b);
    let norm = out.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, v) in &mut out {
            *v /= norm;
        }
    }
    out
}

/// The rule scores of `classes` in a classification (0 where absent).
fn rule_scores(c: &Classification, classes: &[String]) -> Vec<f32> {
    classes.iter().map(|id| c.topics.iter().find(|t| t.id == *id).map_or(0.0, |t| t.score)).collect()
}

/// The classifier's model and how much it counts.
#[derive(Debug, Clone)]
pub(crate) struct Blend {
    pub(crate) model: std::sync::Arc<TopicModel>,
    /// Share of the model in a blended score, in [0, 1].
    pub(crate) weight: f32,
    /// Per model class, the classifier's topic index.
    pub(crate) topic_of_class: Vec<usize>,
}

impl Blend {
    /// Blends the model's probabilities into `c.topics` (rule scores,
    /// sorted), keeping the order and limits of [`Classification`].
    pub(crate) fn apply(
        &self,
        c: &mut Classification,
        tokens: &Tokens,
        labels: &[(Cow<'static, str>, Cow<'static, str>)],
        counts: &mut FxMap<u32, f32>,
    ) {
        let m = &self.model;
        let feats = features(tokens, m.bits, counts);
        let rules = rule_scores(c, &m.classes);
        let probs = m.probabilities(&feats, &rules);
        let w = self.weight;
        for (k, (&p, &r)) in probs.iter().zip(&rules).enumerate() {
            let (id, name) = &labels[self.topic_of_class[k]];
            let score = round3((1.0 - w) * r + w * p);
            let model_evidence = Evidence {
                term: Cow::Borrowed("learned model"),
                field: Cow::Borrowed("model"),
                count: 1,
                weight: round3(w * p),
            };
            match c.topics.iter_mut().find(|t| t.id == *id) {
                Some(t) => {
                    t.score = score;
                    if p >= 0.05 {
                        t.evidence.insert(0, model_evidence);
                    }
                }
                None if p >= 0.05 => c.topics.push(TopicScore {
                    id: id.clone(),
                    name: name.clone(),
                    score,
                    evidence: vec![model_evidence],
                }),
                None => {}
            }
        }
        c.topics.retain(|t| t.score >= super::topic::MIN_SCORE);
        c.topics.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
        c.topics.truncate(super::topic::MAX_TOPICS);
    }
}

/// Trains a model on `items` with `classifier`'s rules as features. The
/// classifier must have no model of its own (its rule scores are what the
/// model learns to correct). Topics seen in no item are not learned; items
/// with no topic are skipped. `progress` is called after each pass with
/// (pass, passes, training accuracy).
pub fn train(
    classifier: &Classifier,
    items: &[LabelledItem<'_>],
    options: &TrainOptions,
    mut progress: impl FnMut(u32, u32, f64),
) -> Result<TopicModel, ModelError> {
    if !(8..=MAX_BITS).contains(&options.bits) {
        return Err(ModelError::NoData(format!("hash size 2^{} is out of range (8 to {MAX_BITS})", options.bits)));
    }
    let mut classes: Vec<String> = items.iter().flat_map(|i| i.topics.iter().cloned()).collect();
    classes.sort();
    classes.dedup();
    if classes.len() < 2 {
        return Err(ModelError::NoData("the items name fewer than two topics".into()));
    }
    let c = classes.len();
    let dim = 1usize << options.bits;

    // Features, rule scores and targets of each item, computed once.
    struct Example {
        features: Vec<(u32, f32)>,
        rules: Vec<f32>,
        targets: Vec<usize>,
    }
    let mut counts = FxMap::default();
    let mut seen = vec![0u32; dim];
    let mut examples = Vec::with_capacity(items.len());
    for item in items.iter().filter(|i| !i.topics.is_empty()) {
        let (class, tokens) = classifier.classify_tokens(&item.doc);
        let features = features(&tokens, options.bits, &mut counts);
        for &(b, _) in &features {
            seen[b as usize] += 1;
        }
        let targets = item.topics.iter().filter_map(|t| classes.iter().position(|k| k == t)).collect();
        examples.push(Example { features, rules: rule_scores(&class, &classes), targets });
    }
    for ex in &mut examples {
        ex.features.retain(|&(b, _)| seen[b as usize] >= options.min_items);
    }

    // Softmax regression by stochastic gradient descent with AdaGrad step
    // sizes (rare words get larger steps than common ones).
    const RATE: f32 = 0.5;
    let mut weights = vec![0.0f32; dim * c];
    let mut grad_sq = vec![1e-6f32; dim * c];
    let mut rule_weights = vec![0.0f32; c * c];
    let mut rule_sq = vec![1e-6f32; c * c];
    let mut bias = vec![0.0f32; c];
    let mut bias_sq = vec![1e-6f32; c];
    let mut rng = fastrand::Rng::with_seed(options.seed);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    for epoch in 1..=options.epochs {
        rng.shuffle(&mut order);
        let mut correct = 0usize;
        for &e in &order {
            let ex = &examples[e];
            let mut z = bias.clone();
            for (k, zk) in z.iter_mut().enumerate() {
                *zk += rule_weights[k * c..(k + 1) * c].iter().zip(&ex.rules).map(|(w, r)| w * r).sum::<f32>();
            }
            for &(b, x) in &ex.features {
                let row = &weights[b as usize * c..(b as usize + 1) * c];
                for (zk, w) in z.iter_mut().zip(row) {
                    *zk += x * w;
                }
            }
            softmax(&mut z);
            let best = z.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map_or(0, |(k, _)| k);
            correct += usize::from(ex.targets.contains(&best));
            // Gradient of the cross-entropy against a target spread evenly
            // over the item's topics.
            let share = 1.0 / ex.targets.len().max(1) as f32;
            for t in &ex.targets {
                z[*t] -= share;
            }
            let step = |w: &mut f32, sq: &mut f32, g: f32| {
                *sq += g * g;
                *w -= RATE * g / sq.sqrt();
            };
            for (k, &g) in z.iter().enumerate() {
                if g == 0.0 {
                    continue;
                }
                step(&mut bias[k], &mut bias_sq[k], g);
                for (j, &r) in ex.rules.iter().enumerate() {
                    if r != 0.0 {
                        step(&mut rule_weights[k * c + j], &mut rule_sq[k * c + j], g * r);
                    }
                }
                for &(b, x) in &ex.features {
                    let i = b as usize * c + k;
                    step(&mut weights[i], &mut grad_sq[i], g * x);
                }
            }
        }
        progress(epoch, options.epochs, correct as f64 / examples.len().max(1) as f64);
    }

    let mut rows = FxMap::default();
    let mut kept = Vec::new();
    for b in 0..dim {
        if seen[b] >= options.min_items {
            rows.insert(b as u32, rows.len() as u32);
            kept.extend_from_slice(&weights[b * c..(b + 1) * c]);
        }
    }
    let mut model = TopicModel {
        classes,
        bits: options.bits,
        rows,
        weights: kept,
        rule_weights,
        bias,
        items: examples.len(),
        fingerprint: 0,
    };
    // The fingerprint is that of the bytes the model writes, as for a loaded one.
    let mut bytes = Vec::new();
    model.write_to(&mut bytes)?;
    let mut h = FxHasher::default();
    h.write(&bytes);
    model.fingerprint = h.finish();
    Ok(model)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_what_is_not_a_model() {
        assert!(matches!(TopicModel::from_bytes(b"hello\n"), Err(ModelError::NotAModel)));
        let header = r#"{"format":"wirewatch-topic-model","version":3,"classes":["a","b"],"bits":10,"rows":0,"items":0,"bias":[0,0],"rule_weights":[0,0,0,0]}"#;
        assert!(matches!(TopicModel::from_bytes(format!("{header}\n").as_bytes()), Err(ModelError::Version(3))));
        // Version 2 ends with the SHA-256 of what comes before it.
        let v2 = format!("{}\n", header.replace("\"version\":3", "\"version\":2"));
        let err = TopicModel::from_bytes(v2.as_bytes()).unwrap_err();
        assert!(err.to_string().contains("shorter than its checksum"), "{err}");
        let mut sealed = v2.clone().into_bytes();
        sealed.extend_from_slice(&Sha256::digest(v2.as_bytes()));
        assert!(TopicModel::from_bytes(&sealed).is_ok());
        *sealed.last_mut().unwrap() ^= 1;
        assert!(TopicModel::from_bytes(&sealed).unwrap_err().to_string().contains("checksum does not match"));
        // Version 1 files have no checksum and are still read.
        let header = header.replace("\"version\":3", "\"version\":1");
        assert!(TopicModel::from_bytes(format!("{header}\n").as_bytes()).is_ok());
        // A row count whose byte size overflows is corrupt, not a panic.
        let huge = header.replace("\"rows\":0", &format!("\"rows\":{}", 1u64 << 62));
        assert!(matches!(TopicModel::from_bytes(format!("{huge}\n").as_bytes()), Err(ModelError::Corrupt(_))));
        let twice = header.replace("[\"a\",\"b\"]", "[\"a\",\"a\"]");
        assert!(matches!(TopicModel::from_bytes(format!("{twice}\n").as_bytes()), Err(ModelError::Corrupt(_))));
        let header = header.replace("\"rows\":0", "\"rows\":1");
        let err = TopicModel::from_bytes(format!("{header}\n\0\0").as_bytes()).unwrap_err();
        assert!(err.to_string().contains("expected 1 rows"), "{err}");
    }

    #[test]
    fn softmax_sums_to_one() {
        let mut z = [1.0, 2.0, 1000.0];
        softmax(&mut z);
        assert!((z.iter().sum::<f32>() - 1.0).abs() < 1e-5 && z[2] > 0.99);
    }
}
