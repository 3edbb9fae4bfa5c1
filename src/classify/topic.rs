//! IPTC Media Topics scoring: turns matched vocabulary terms into one score
//! per top-level topic, with evidence.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::evidence::{damp, length_norm, round3, saturate, Evidence, Tally};
use super::gazetteer::{topic_table, Lexicon};
use super::tokenize::Zone;

/// A topic assigned to a document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TopicScore {
    /// IPTC qcode, e.g. `"medtop:16000000"`, or `"custom:<key>"` for a
    /// custom topic from the config.
    pub id: Cow<'static, str>,
    /// IPTC en-GB name, e.g. `"conflict, war and peace"`, or a custom
    /// topic's display name.
    pub name: Cow<'static, str>,
    /// In [0, 1]; ≥ 0.5 means the item is about the topic.
    pub score: f32,
    /// The strongest matched terms, by weight.
    pub evidence: Vec<Evidence>,
}

/// Saturation scale for topics: the normalised raw score at which a topic
/// reaches 1 − 1/e.
const SCALE: f32 = 3.0;
/// Weight of an English term in a document in another language.
const FOREIGN_ENGLISH: f32 = 0.35;
/// Most topics listed per item.
pub(crate) const MAX_TOPICS: usize = 8;
/// Topics below this score are not listed.
pub(crate) const MIN_SCORE: f32 = 0.05;

/// A document's language as topic terms see it: found once per document,
/// since the matcher needs it too.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TermLanguage {
    /// [`Lexicon::lang_code`] of the language: terms restricted to another
    /// language do not count.
    pub(crate) code: u8,
    /// A language other than English, where English terms count for less.
    foreign: bool,
}

impl TermLanguage {
    pub(crate) fn of(lex: &Lexicon, lang: Option<&str>) -> TermLanguage {
        TermLanguage { code: lang.map_or(0, |l| lex.lang_code(l)), foreign: lang.is_some_and(|l| l != "en") }
    }
}

/// Scores topics from matched term hits.
/// `labels` holds (id, name) per topic index.
pub(crate) fn score(
    lex: &Lexicon,
    labels: &[(Cow<'static, str>, Cow<'static, str>)],
    hits: &[(u32, Zone)],
    lang: TermLanguage,
    body_tokens: usize,
    tally: &mut Tally,
) -> Vec<TopicScore> {
    tally.clear();
    let TermLanguage { code, foreign } = lang;
    for &(idx, zone) in hits {
        let term = &lex.terms[idx as usize];
        if term.lang != 0 && term.lang != code {
            continue;
        }
        tally.add_by_term(term.topic, idx, zone);
    }
    let n = labels.len();
    let mut raw = vec![0.0f32; n];
    let mut contrib = Vec::with_capacity(tally.rows.len());
    for row in &tally.rows {
        let term = &lex.terms[row.term as usize];
        let w = if foreign && term.english { term.weight * FOREIGN_ENGLISH } else { term.weight };
        let c = w * damp(row.zone_sum);
        raw[row.owner as usize] += c;
        contrib.push(c);
    }
    // A topic's score also weighs it against the item's strongest topic, so
    // that a side topic stays below the main one. The built-in topics are
    // weighed among themselves only: adding custom topics to the config
    // leaves their scores as they were.
    let builtin = topic_table().len().min(n);
    let max_all = raw.iter().copied().fold(0.0f32, f32::max);
    let max_builtin = raw[..builtin].iter().copied().fold(0.0f32, f32::max);
    if max_all <= 0.0 {
        return Vec::new();
    }
    let norm = length_norm(body_tokens);
    let mut ranked: Vec<(f32, usize)> = raw
        .iter()
        .enumerate()
        .filter(|&(_, &r)| r > 0.0)
        .map(|(t, &r)| {
            let max = if t < builtin { max_builtin } else { max_all };
            (round3(saturate(r / norm, SCALE) * (0.6 + 0.4 * r / max)), t)
        })
        .filter(|&(score, _)| score >= MIN_SCORE)
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| labels[a.1].0.cmp(&labels[b.1].0)));
    ranked.truncate(MAX_TOPICS);
    // Evidence only for the topics that are listed.
    let owners: Vec<usize> = ranked.iter().map(|&(_, t)| t).collect();
    let evidence = tally.evidence_for_each(&owners, &contrib, 8, |i| &lex.terms[i as usize].term);
    ranked
        .into_iter()
        .zip(evidence)
        .map(|((score, t), evidence)| {
            let (id, name) = &labels[t];
            TopicScore { id: id.clone(), name: name.clone(), score, evidence }
        })
        .collect()
}
