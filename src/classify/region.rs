//! Country scoring: turns matched place names into one score per ISO 3166-1
//! country, rolled up to UN M49 sub-region and region, with evidence.
//!
//! Ambiguous names (common words, names of places in several countries,
//! given names) only count when other evidence corroborates the same
//! country; cities and metonyms are weak unless the country is also named.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::evidence::{damp, length_norm, round3, saturate, Evidence, Tally};
use super::gazetteer::{country_table, Lexicon, PlaceKind, AMBIGUOUS, LOCAL, NEED_UPPER, PRIMARY, WORD};
use super::tokenize::Zone;

/// A country assigned to a document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RegionScore {
    /// ISO 3166-1 alpha-2 code, e.g. `"UA"`.
    pub country: Cow<'static, str>,
    /// English short name, e.g. `"Ukraine"`.
    pub name: Cow<'static, str>,
    /// In [0, 1]; ≥ 0.5 means the item is about the country.
    pub score: f32,
    /// UN M49 sub-region, e.g. `"Eastern Europe"` (Taiwan: `"Eastern Asia"`).
    pub subregion: Cow<'static, str>,
    /// UN M49 region, e.g. `"Europe"`.
    pub region: Cow<'static, str>,
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
    /// First token of the match and the token after it.
    pub(crate) start: u32,
    pub(crate) end: u32,
    /// A qualifier right after the name decides the country ("Paris,
    /// Texas", "Athens, Ga."): set by [`qualify`].
    pub(crate) qualified: Option<u16>,
    /// The name follows a capitalised word in running text ("Tom Moore",
    /// "Bill Clinton"): most likely a person's name, not the town.
    pub(crate) after_name: bool,
    /// The name follows a common given name ("Whitney Houston"): a surname.
    pub(crate) surname: bool,
    /// An ambiguous name written so that it can only be the place (see
    /// `PlaceEntry::sentence_case`): it counts without corroboration.
    pub(crate) firm: bool,
}

/// "City, State": a city or capital immediately followed by a subdivision
/// of one country belongs to that country, and the pair corroborates both
/// (so "Paris, Texas" is not France and "Athens, Ga." is not Greece). A
/// subdivision whose name needs corroboration qualifies nothing ("LONDON --
/// Attard scored": a surname, not Malta's council), unless it is a state
/// abbreviation in capitals, which right after a city is the state
/// ("Portsmouth, N.H.", "Washington, D.C."). A name of several countries
/// after a city of several countries is the one country they share:
/// "Athens, Georgia" is neither Greece nor the Caucasus.
fn qualify(lex: &Lexicon, hits: &mut [PlaceHit]) {
    for i in 1..hits.len() {
        let (a, b) = (hits[i - 1], hits[i]);
        if a.end != b.start || a.zone != b.zone {
            continue;
        }
        let (ea, eb) = (&lex.places[a.entry as usize], &lex.places[b.entry as usize]);
        if !matches!(ea.kind, PlaceKind::City | PlaceKind::Capital) {
            continue;
        }
        let qualifier = if eb.kind == PlaceKind::Subdivision
            && eb.countries.len() == 1
            && (eb.flags & AMBIGUOUS == 0 || eb.flags & NEED_UPPER != 0)
        {
            Some(eb.countries[0])
        } else if matches!(eb.kind, PlaceKind::Subdivision | PlaceKind::Name) && !b.weak && ea.countries.len() > 1 {
            let mut shared = ea.countries.iter().filter(|c| eb.countries.contains(c));
            match (shared.next(), shared.next()) {
                (Some(&c), None) if eb.countries.len() > 1 => Some(c),
                _ => None,
            }
        } else {
            None
        };
        if let Some(c) = qualifier {
            hits[i - 1].qualified = Some(c);
            hits[i].qualified = Some(c);
        }
    }
}

const SCALE: f32 = 0.9;
/// Highest score for a passing mention (one mention, in the later text).
const PASSING_CAP: f32 = 0.45;
/// Lowest score of the dominant country (see [`score`]).
const DOMINANT_FLOOR: f32 = 0.55;
/// Mentions the dominant country needs.
const DOMINANT_MENTIONS: u32 = 1;
/// How far ahead of the runner-up the dominant country must be.
const DOMINANT_RATIO: f32 = 2.0;
const MAX_REGIONS: usize = 10;
const MIN_SCORE: f32 = 0.1;

/// Score of the feed's home country for an item that names no place at all:
/// below "about", so that rules see a hint, never a claim.
const HOME_PRIOR: f32 = 0.3;

/// Scores countries from place hits. `home` is the feed's home country: a
/// weak prior that resolves ambiguous names nothing else corroborates and
/// gives a low score to an item that names no place. It never adds to a
/// country other evidence already decides on.
pub(crate) fn score(
    lex: &Lexicon,
    hits: &mut [PlaceHit],
    body_tokens: usize,
    home: Option<u16>,
    tally: &mut Tally,
) -> Vec<RegionScore> {
    qualify(lex, hits);
    let n = country_table().len();
    // Pass 1: unambiguous evidence, and which countries it corroborates.
    let mut firm = vec![0.0f32; n];
    // Evidence that the item is local news of a country: its subdivisions,
    // towns and local-government words.
    let mut local = vec![false; n];
    let mut named = vec![false; n];
    tally.clear();
    let mut pending: Vec<PlaceHit> = Vec::new();
    for h in hits.iter() {
        let e = &lex.places[h.entry as usize];
        if let Some(c) = h.qualified {
            firm[c as usize] += e.kind.weight();
            local[c as usize] = true;
            tally.add(c, h.entry, h.zone);
        } else if e.countries.len() == 1 && (e.flags & AMBIGUOUS == 0 || h.firm) && !h.weak {
            let c = e.countries[0] as usize;
            if matches!(e.kind, PlaceKind::Subdivision | PlaceKind::City) || e.flags & LOCAL != 0 {
                local[c] = true;
            }
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
    // Pass 1b: a name with a primary reading goes to another of its
    // countries only when the item is local news there (it names that
    // country's states or towns, or its local government) and says nothing
    // of the primary's country; otherwise it is firm evidence for the
    // primary. National mentions ("U.S. officials") do not move "Paris".
    pending.retain(|h| {
        let e = &lex.places[h.entry as usize];
        // A primary reading that is also a word or a name ("Brent",
        // "Oxford") still needs corroboration: it waits for pass 2.
        if e.flags & PRIMARY == 0 || e.flags & AMBIGUOUS != 0 || h.weak {
            return true;
        }
        let primary = e.countries[0] as usize;
        let other = e.countries[1..]
            .iter()
            .map(|&c| c as usize)
            .filter(|&c| local[c])
            .max_by(|&a, &b| firm[a].total_cmp(&firm[b]).then_with(|| b.cmp(&a)));
        match other {
            Some(c) if firm[primary] <= 0.0 => tally.add(c as u16, h.entry, h.zone),
            _ => {
                firm[primary] += e.kind.weight();
                tally.add(primary as u16, h.entry, h.zone);
            }
        }
        false
    });
    // Pass 2: ambiguous names go to the corroborated candidate with the most
    // firm evidence; failing that, to the feed's home country if it is a
    // candidate; otherwise nowhere.
    for h in &pending {
        let e = &lex.places[h.entry as usize];
        let best = e
            .countries
            .iter()
            .map(|&c| c as usize)
            .filter(|&c| firm[c] > 0.0)
            .max_by(|&a, &b| firm[a].total_cmp(&firm[b]).then_with(|| b.cmp(&a)))
            .or_else(|| home.filter(|h| e.countries.contains(h)).map(usize::from));
        if let Some(c) = best {
            tally.add(c as u16, h.entry, h.zone);
        }
    }
    if tally.rows.is_empty() {
        // Nothing else names a country: a town that needs corroboration only
        // because its name is also a word or a surname ("Springfield",
        // "Decatur") is the best evidence there is. Country names such as
        // "Jordan" or "Chad" still need corroboration.
        // Not after a capitalised word: "Captain Tom Moore" is no town.
        // Nor where the item names a person by it: after "Chris Murray",
        // "Murray said" is the person again.
        let surname = |entry: u32| pending.iter().any(|o| o.entry == entry && o.surname);
        for h in pending.iter().filter(|h| !h.weak && !h.after_name && !surname(h.entry)) {
            let e = &lex.places[h.entry as usize];
            if e.countries.len() == 1 && e.kind == PlaceKind::City && e.flags & WORD == 0 {
                tally.add(e.countries[0], h.entry, h.zone);
            }
        }
    }
    if tally.rows.is_empty() {
        return home.map(home_prior).into_iter().collect();
    }
    // Only the countries with evidence are looked at from here on, in
    // code-table order (ties below go to the earlier country).
    let mut countries: Vec<usize> = tally.rows.iter().map(|row| usize::from(row.owner)).collect();
    countries.sort_unstable();
    countries.dedup();
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
    let passing = |c: usize| mentions[c].0 == 1 && !mentions[c].1;
    let max = countries.iter().map(|&c| raw[c]).fold(0.0f32, f32::max);
    if max <= 0.0 {
        return Vec::new();
    }
    let norm = length_norm(body_tokens);
    // The dominant country: named more than once and far ahead of every
    // other country, it is what the item is about even in a long text.
    let top = countries
        .iter()
        .copied()
        .max_by(|&a, &b| raw[a].total_cmp(&raw[b]).then_with(|| b.cmp(&a)))
        .expect("a country has evidence");
    let second = countries.iter().filter(|&&c| c != top).map(|&c| raw[c]).fold(0.0f32, f32::max);
    let dominant = (mentions[top].0 >= DOMINANT_MENTIONS
        && (!passing(top) || second <= 0.0)
        && raw[top] >= DOMINANT_RATIO * second)
        .then_some(top);
    let mut listed: Vec<(f32, usize)> = Vec::new();
    for &c in &countries {
        let r = raw[c];
        if r <= 0.0 {
            continue;
        }
        let mut score = saturate(r / norm, SCALE) * (0.7 + 0.3 * r / max);
        if passing(c) {
            score = score.min(PASSING_CAP);
        }
        if dominant == Some(c) {
            score = score.max(DOMINANT_FLOOR);
        }
        let score = round3(score);
        if score >= MIN_SCORE {
            listed.push((score, c));
        }
    }
    let table = country_table();
    listed.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| table[a.1].code.cmp(table[b.1].code)));
    listed.truncate(MAX_REGIONS);
    // Evidence only for the countries that are listed.
    let owners: Vec<usize> = listed.iter().map(|&(_, c)| c).collect();
    let evidence = tally.evidence_for_each(&owners, &contrib, 8, |i| &lex.places[i as usize].form);
    listed
        .into_iter()
        .zip(evidence)
        .map(|((score, c), evidence)| {
            let info = &table[c];
            RegionScore {
                country: Cow::Borrowed(info.code),
                name: Cow::Borrowed(info.name),
                score,
                subregion: Cow::Borrowed(info.subregion),
                region: Cow::Borrowed(info.region),
                evidence,
            }
        })
        .collect()
}

/// The home country's entry for an item that names no place.
fn home_prior(c: u16) -> RegionScore {
    let info = &country_table()[c as usize];
    RegionScore {
        country: Cow::Borrowed(info.code),
        name: Cow::Borrowed(info.name),
        score: HOME_PRIOR,
        subregion: Cow::Borrowed(info.subregion),
        region: Cow::Borrowed(info.region),
        evidence: vec![Evidence {
            term: Cow::Owned(format!("home region of the feed ({})", info.code)),
            field: "feed".into(),
            count: 1,
            weight: HOME_PRIOR,
        }],
    }
}
