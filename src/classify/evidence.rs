//! Evidence: which terms matched, in which field, how often and with what
//! weight, and the saturating arithmetic that turns it into scores.
//!
//! Owns the weighting policy shared by topics and regions: title above
//! lead above later text, diminishing returns for repeats, and length
//! normalisation so long articles do not saturate every topic.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::tokenize::{FxMap, Zone};

/// One piece of evidence for a topic or region.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Evidence {
    /// The matched term as listed in the vocabulary or gazetteer (e.g.
    /// `"Kremlin"`, `"ceasefire"`). Borrowed from the built-in vocabulary
    /// where it can be, so that evidence costs no allocation per term.
    pub term: Cow<'static, str>,
    /// Document field: `"title"`, `"text"` or `"category"`; `"feed"` for
    /// the feed's home region (a prior, not a match in the text).
    pub field: Cow<'static, str>,
    /// How many times the term matched in that field.
    pub count: u32,
    /// The share of the raw score that this term contributed in that
    /// field (before length normalisation and saturation).
    pub weight: f32,
}

/// Weight of one mention in a zone.
#[inline]
pub(crate) fn zone_weight(zone: Zone) -> f32 {
    match zone {
        Zone::Title => 3.0,
        Zone::Lead => 1.6,
        Zone::Body => 1.0,
        Zone::Category => 2.5,
    }
}

/// Diminishing returns for repeated mentions: one body mention ≈ 1.4, a
/// title mention ≈ 2.8, ten body mentions ≈ 4.8.
#[inline]
pub(crate) fn damp(zone_sum: f32) -> f32 {
    2.0 * (1.0 + zone_sum).ln()
}

/// Length normaliser: 1 for short items, growing slowly with body length.
#[inline]
pub(crate) fn length_norm(body_tokens: usize) -> f32 {
    1.0 + 0.5 * (1.0 + body_tokens as f32 / 80.0).ln()
}

/// Saturating map of a normalised raw score to [0, 1).
#[inline]
pub(crate) fn saturate(x: f32, scale: f32) -> f32 {
    (1.0 - (-x / scale).exp()).clamp(0.0, 1.0)
}

/// Per-(owner, term) accumulator of mentions by field.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    /// (owner, term) → index into `rows`.
    index: FxMap<(u16, u32), usize>,
    pub(crate) rows: Vec<TallyRow>,
}

/// Mentions of one term for one owner (topic or country).
#[derive(Debug, Clone)]
pub(crate) struct TallyRow {
    pub(crate) owner: u16,
    pub(crate) term: u32,
    /// Sum of zone weights over all mentions.
    pub(crate) zone_sum: f32,
    /// Counts and zone-weight sums per field: title, text, category.
    pub(crate) fields: [(u32, f32); 3],
}

impl Tally {
    /// An empty tally with room for `hits` mentions, so that a long article
    /// does not grow it step by step.
    pub(crate) fn with_capacity(hits: usize) -> Tally {
        Tally { index: FxMap::with_capacity_and_hasher(hits, Default::default()), rows: Vec::with_capacity(hits) }
    }

    pub(crate) fn add(&mut self, owner: u16, term: u32, zone: Zone) {
        let i = *self.index.entry((owner, term)).or_insert_with(|| {
            self.rows.push(TallyRow { owner, term, zone_sum: 0.0, fields: [(0, 0.0); 3] });
            self.rows.len() - 1
        });
        let w = zone_weight(zone);
        let row = &mut self.rows[i];
        row.zone_sum += w;
        let f = match zone {
            Zone::Title => 0,
            Zone::Lead | Zone::Body => 1,
            Zone::Category => 2,
        };
        row.fields[f].0 += 1;
        row.fields[f].1 += w;
    }
}

/// Field names, indexed like [`TallyRow::fields`].
const FIELDS: [&str; 3] = ["title", "text", "category"];

impl Tally {
    /// The `n` strongest pieces of evidence for `owner`: each row's
    /// contribution (`contrib`, parallel to `rows`) shared out by field,
    /// sorted by weight (descending), then term, then field. Only the kept
    /// entries allocate, which matters for long articles with many matches.
    pub(crate) fn evidence_for<'a>(
        &self,
        owner: usize,
        contrib: &[f32],
        n: usize,
        term_of: impl Fn(u32) -> &'a Cow<'static, str>,
    ) -> Vec<Evidence> {
        let mut picks: Vec<(f32, &'a Cow<'static, str>, usize, usize)> = Vec::with_capacity(self.rows.len());
        for (i, (row, &c)) in self.rows.iter().zip(contrib).enumerate() {
            // Rows that add nothing (stop stems, weight 0) are no evidence.
            if usize::from(row.owner) != owner || c == 0.0 {
                continue;
            }
            let term = term_of(row.term);
            for (f, &(count, w)) in row.fields.iter().enumerate() {
                if count > 0 {
                    picks.push((round3(c * w / row.zone_sum), term, f, i));
                }
            }
        }
        picks.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)).then_with(|| FIELDS[a.2].cmp(FIELDS[b.2])));
        picks.truncate(n);
        picks
            .into_iter()
            .map(|(weight, term, f, i)| Evidence {
                term: term.clone(),
                field: Cow::Borrowed(FIELDS[f]),
                count: self.rows[i].fields[f].0,
                weight,
            })
            .collect()
    }
}

/// Rounds to three decimals so serialised output is stable and readable.
pub(crate) fn round3(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_outweighs_body_and_repeats_diminish() {
        assert!(damp(zone_weight(Zone::Title)) > damp(zone_weight(Zone::Lead)));
        assert!(damp(zone_weight(Zone::Lead)) > damp(zone_weight(Zone::Body)));
        assert!(damp(10.0) < 10.0 * damp(1.0) / 2.0);
        assert!(saturate(1e9, 1.0) <= 1.0);
    }
}
