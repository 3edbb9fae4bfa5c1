//! IPTC Media Topics scoring: turns matched vocabulary terms into one score
//! per top-level topic, with evidence.

use serde::{Deserialize, Serialize};

use super::evidence::{damp, length_norm, round3, saturate, trim, Evidence, Tally};
use super::gazetteer::{topic_table, Lexicon};
use super::tokenize::Zone;

/// A topic assigned to a document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TopicScore {
    /// IPTC qcode, e.g. `"medtop:16000000"`.
    pub id: String,
    /// IPTC en-GB name, e.g. `"conflict, war and peace"`.
    pub name: String,
    /// In [0, 1]; ≥ 0.5 means the item is about the topic.
    pub score: f32,
    /// The strongest matched terms, by weight.
    pub evidence: Vec<Evidence>,
}

/// Saturation scale for topics: the normalised raw score at which a topic
/// reaches 1 − 1/e.
const SCALE: f32 = 3.0;
/// Most topics listed per item.
const MAX_TOPICS: usize = 8;
/// Topics below this score are not listed.
const MIN_SCORE: f32 = 0.05;

/// Scores topics from matched term hits.
pub(crate) fn score(lex: &Lexicon, hits: &[(u32, Zone)], lang: Option<&str>, body_tokens: usize) -> Vec<TopicScore> {
    let mut tally = Tally::default();
    for &(idx, zone) in hits {
        let term = &lex.terms[idx as usize];
        if let Some(l) = &term.lang {
            if lang != Some(&**l) {
                continue;
            }
        }
        tally.add(term.topic as u16, idx, zone);
    }
    let n = topic_table().len();
    let mut raw = vec![0.0f32; n];
    let mut contrib = Vec::with_capacity(tally.rows.len());
    for row in &tally.rows {
        let c = lex.terms[row.term as usize].weight * damp(row.zone_sum);
        raw[row.owner as usize] += c;
        contrib.push(c);
    }
    let max = raw.iter().copied().fold(0.0f32, f32::max);
    if max <= 0.0 {
        return Vec::new();
    }
    let norm = length_norm(body_tokens);
    let mut out: Vec<TopicScore> = Vec::new();
    for (t, &r) in raw.iter().enumerate() {
        if r <= 0.0 {
            continue;
        }
        let score = round3(saturate(r / norm, SCALE) * (0.6 + 0.4 * r / max));
        if score < MIN_SCORE {
            continue;
        }
        let mut evidence = Vec::new();
        for (row, &c) in tally.rows.iter().zip(&contrib) {
            if row.owner as usize == t {
                row.evidence(&lex.terms[row.term as usize].term, c, &mut evidence);
            }
        }
        trim(&mut evidence, 8);
        let info = &topic_table()[t];
        out.push(TopicScore { id: info.id.to_owned(), name: info.name.to_owned(), score, evidence });
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
    out.truncate(MAX_TOPICS);
    out
}
