//! Country scoring: turns matched place names into one score per ISO 3166-1
//! country, rolled up to UN M49 sub-region and region, with evidence.
//!
//! Ambiguous names (common words, names of places in several countries,
//! given names) only count when other evidence corroborates the same
//! country; cities and metonyms are weak unless the country is also named.

use serde::{Deserialize, Serialize};

use super::evidence::{damp, length_norm, round3, saturate, trim, Evidence, Tally};
use super::gazetteer::{country_table, Lexicon, PlaceKind, AMBIGUOUS};
use super::tokenize::Zone;

/// A country assigned to a document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RegionScore {
    /// ISO 3166-1 alpha-2 code, e.g. `"UA"`.
    pub country: String,
    /// English short name, e.g. `"Ukraine"`.
    pub name: String,
    /// In [0, 1]; ≥ 0.5 means the item is about the country.
    pub score: f32,
    /// UN M49 sub-region, e.g. `"Eastern Europe"` (Taiwan: `"Eastern Asia"`).
    pub subregion: String,
    /// UN M49 region, e.g. `"Europe"`.
    pub region: String,
    /// The strongest matched names, by weight.
    pub evidence: Vec<Evidence>,
}

/// A place-name match found by the matcher.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PlaceHit {
    pub(crate) entry: u32,
    pub(crate) zone: Zone,
    /// The case of the text could not confirm the name (all-caps title,
    /// lower-case tag): treat as ambiguous.
    pub(crate) weak: bool,
}

const SCALE: f32 = 0.9;
/// Highest score for a passing mention (one mention, in the later text).
const PASSING_CAP: f32 = 0.45;
const MAX_REGIONS: usize = 10;
const MIN_SCORE: f32 = 0.1;

/// Scores countries from place hits.
pub(crate) fn score(lex: &Lexicon, hits: &[PlaceHit], body_tokens: usize) -> Vec<RegionScore> {
    let n = country_table().len();
    // Pass 1: unambiguous evidence, and which countries it corroborates.
    let mut firm = vec![0.0f32; n];
    let mut named = vec![false; n];
    let mut tally = Tally::default();
    let mut pending: Vec<PlaceHit> = Vec::new();
    for h in hits {
        let e = &lex.places[h.entry as usize];
        if e.countries.len() == 1 && e.flags & AMBIGUOUS == 0 && !h.weak {
            let c = e.countries[0] as usize;
            if e.kind.corroborates() {
                firm[c] += e.kind.weight();
            }
            if matches!(e.kind, PlaceKind::Name | PlaceKind::Short | PlaceKind::Demonym | PlaceKind::Subdivision) {
                named[c] = true;
            }
            tally.add(c as u16, h.entry, h.zone);
        } else {
            pending.push(*h);
        }
    }
    // Pass 2: ambiguous names go to the corroborated candidate with the most
    // firm evidence, or nowhere.
    for h in &pending {
        let e = &lex.places[h.entry as usize];
        let best = e
            .countries
            .iter()
            .map(|&c| c as usize)
            .filter(|&c| firm[c] > 0.0)
            .max_by(|&a, &b| firm[a].total_cmp(&firm[b]).then_with(|| b.cmp(&a)));
        if let Some(c) = best {
            tally.add(c as u16, h.entry, h.zone);
        }
    }
    let mut raw = vec![0.0f32; n];
    let mut contrib = Vec::with_capacity(tally.rows.len());
    for row in &tally.rows {
        let e = &lex.places[row.term as usize];
        let mut w = e.kind.weight();
        if matches!(e.kind, PlaceKind::City | PlaceKind::Capital | PlaceKind::Metonym) && named[row.owner as usize] {
            w *= 1.3;
        }
        let c = w * damp(row.zone_sum);
        raw[row.owner as usize] += c;
        contrib.push(c);
    }
    // A country named once, in the later text only, is a passing mention.
    let mut mentions = vec![(0u32, false); n];
    for row in &tally.rows {
        let m = &mut mentions[row.owner as usize];
        m.0 += row.fields.iter().map(|f| f.0).sum::<u32>();
        m.1 |= row.fields[0].0 > 0 || row.fields[2].0 > 0 || row.zone_sum > row.fields[1].0 as f32 * 1.0;
    }
    let passing: Vec<bool> = mentions.iter().map(|&(k, prominent)| k == 1 && !prominent).collect();
    let max = raw.iter().copied().fold(0.0f32, f32::max);
    if max <= 0.0 {
        return Vec::new();
    }
    let norm = length_norm(body_tokens);
    let table = country_table();
    let mut out = Vec::new();
    for (c, &r) in raw.iter().enumerate() {
        if r <= 0.0 {
            continue;
        }
        let mut score = saturate(r / norm, SCALE) * (0.7 + 0.3 * r / max);
        if passing[c] {
            score = score.min(PASSING_CAP);
        }
        let score = round3(score);
        if score < MIN_SCORE {
            continue;
        }
        let mut evidence = Vec::new();
        for (row, &w) in tally.rows.iter().zip(&contrib) {
            if row.owner as usize == c {
                row.evidence(&lex.places[row.term as usize].form, w, &mut evidence);
            }
        }
        trim(&mut evidence, 8);
        let info = &table[c];
        out.push(RegionScore {
            country: info.code.to_owned(),
            name: info.name.to_owned(),
            score,
            subregion: info.subregion.to_owned(),
            region: info.region.to_owned(),
            evidence,
        });
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.country.cmp(&b.country)));
    out.truncate(MAX_REGIONS);
    out
}
